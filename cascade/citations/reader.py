"""Read a document (.docx, .pdf, .txt): its own header fields and its citations.

Extraction (``extract``: python-docx, pdftotext's word boxes, UTF-8 text) and the
classification of header lines (``header``) are separate modules; this one puts them
together with the citation parser. Given a chart, the issuer is resolved by
``cascade.citations.resolve.resolve_header``, the one resolver of printed headers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.citations.extract import SUPPORTED, ReadError, extract_text
from cascade.citations.header import (
    SYSTEM_CLUES,
    acting_body,
    lines_of,
    number_line_warnings,
    read_tail,
    read_top,
)
from cascade.citations.models import DocumentHeader, ReadResult
from cascade.citations.parser import parse_citations

if TYPE_CHECKING:
    from orgchart import Chart

__all__ = ["SUPPORTED", "ReadError", "extract_text", "read_document", "read_text"]


def read_text(text: str, *, path: str = "-", fmt: str = "txt",
              chart: Chart | None = None) -> ReadResult:
    """Header fields and citations of a document already in plain text; with ``chart``
    the issuer is resolved to a body id as well (or why not, with the candidates)."""
    lines = lines_of(text)
    header = DocumentHeader()
    body, summary = read_top(lines, header)
    read_tail(lines, body, header)
    header.acting_body = acting_body(lines, body)
    if header.system is None:
        for line in lines:
            for pattern, system in SYSTEM_CLUES:
                if pattern.match(line.text):
                    header.system = system
                    break
            if header.system:
                break
    header.warnings += number_line_warnings(header)
    if chart is not None:
        resolve_issuer(header, chart)
    span = None
    if summary:
        # The summary names the subject, not the parent ("Triển khai thực hiện Kết
        # luận số 107-KL/TW" under KẾ HOẠCH): its citations are never the parent.
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        first, last = summary[0].no, summary[-1].no
        lo = starts[first]
        hi = starts[last + 1] if last + 1 < len(starts) else len(text)
        span = (lo, hi)
    citations = parse_citations(text, as_of=header.date, summary=span)
    return ReadResult(path=path, format=fmt, header=header, citations=citations, text=text)


def resolve_issuer(header: DocumentHeader, chart: Chart) -> None:
    """Fill ``issuer_id``, or ``issuer_reason`` and ``issuer_candidates``, from the chart."""
    from cascade.citations.resolve import resolve_header

    found = resolve_header(header, chart, header.date)
    header.issuer_id = found.body_id
    header.issuer_reason = found.reason if found.body_id is None else None
    header.issuer_candidates = list(found.candidates) if found.body_id is None else []


def read_document(path: str | Path, chart: Chart | None = None) -> ReadResult:
    """Read ``path`` (.docx, .pdf or .txt); ReadError names the file and the problem."""
    fmt, text = extract_text(path)
    return read_text(text, path=str(path), fmt=fmt, chart=chart)
