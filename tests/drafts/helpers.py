"""Read a rendered .docx back into its components, to compare with seeds and profiles."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SPECS = Path(__file__).resolve().parent / "specs"


def texts(paras: list[Paragraph]) -> list[str]:
    return [p.text for p in paras if p.text.strip()]


@dataclass
class Parts:
    """The components of a rendered document, as paragraphs."""

    doc: docx.document.Document
    header_left: list[Paragraph]
    header_right: list[Paragraph]
    number_cell: list[Paragraph]
    date_cell: list[Paragraph]
    body: list[Paragraph]
    noi_nhan: list[Paragraph]
    signature: list[Paragraph]

    @property
    def number_line(self) -> str:
        return self.number_cell[0].text


def read(data: bytes) -> Parts:
    d = docx.Document(io.BytesIO(data))
    head, close = d.tables[0], d.tables[-1]
    return Parts(
        doc=d,
        header_left=head.cell(0, 0).paragraphs, header_right=head.cell(0, 1).paragraphs,
        number_cell=head.cell(1, 0).paragraphs, date_cell=head.cell(1, 1).paragraphs,
        body=d.paragraphs, noi_nhan=close.cell(0, 0).paragraphs,
        signature=close.cell(0, 1).paragraphs,
    )


def ws(text: str) -> str:
    """Collapse runs of whitespace: the seeds are plain text with layout spaces."""
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(n: int) -> list[str]:
    """Non-empty lines of seed ``n``, whitespace collapsed; fails (never skips) if missing."""
    path = SEEDS / f"{n:03d}.txt"
    if not path.is_file():
        pytest.fail(f"seed document missing: {path}")
    return [ws(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def seed_between(n: int, start: str, stop: str | None) -> list[str]:
    """Seed lines after the line equal to ``start`` up to the line equal to ``stop``."""
    lines = seed_lines(n)
    i = lines.index(start)
    j = lines.index(stop, i + 1) if stop else len(lines)
    return lines[i + 1: j]
