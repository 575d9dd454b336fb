"""The body of a directive as a tree: sections (I.), points (1.), sub-points (1.1., a)),
dashes and pluses, each with the paragraphs under it.

A .docx gives one paragraph per line; a PDF's text layer, an OCR'd scan and a plain-text
copy give printed lines, which are joined back into paragraphs: a line opens a new one
when it starts with a marker, or when the line before ended a sentence and it starts
with a capital (a wrapped sentence never does both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.intake.models import Item, Span

# (rank, pattern): a lower rank holds the higher ones. The marker is group "m".
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"(?P<m>[IVXL]{1,5})\s*[.\-–/]\s*(?=\S)")),
    (3, re.compile(r"(?P<m>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    (2, re.compile(r"(?P<m>\d{1,2})\s*[.)/]\s*(?=[^\d\s/.])")),
    (4, re.compile(r"(?P<m>[a-zđ])\s*\)\s*(?=\S)")),
    (5, re.compile(r"(?P<m>[-–—])\s*(?=\S)")),
    (6, re.compile(r"(?P<m>[+•])\s*(?=\S)")),
)
_SENTENCE_END = re.compile(r"[.:;!?]\s*(?:[\"”»)]\s*)?(?:\./\.)?$")


@dataclass
class Paragraph:
    text: str
    start: int
    end: int
    rank: int = 0  # 0: unmarked
    marker: str = ""
    body_start: int = 0  # where the text after the marker starts (offset)


def marker_of(text: str) -> tuple[int, str, int]:
    """(rank, marker, length of the marker with its spaces); rank 0 when unmarked."""
    for rank, pattern in MARKERS:
        m = pattern.match(text)
        if m is None:
            continue
        if rank == 1 and not _is_roman_heading(text, m.end()):
            continue
        return rank, m.group("m"), m.end()
    return 0, "", 0


def _is_roman_heading(text: str, end: int) -> bool:
    """"I. MỤC ĐÍCH" or "II- Nội dung": a Roman numeral opens a section; "I" alone as a
    word of a sentence ("I love") never appears in these documents, but a capital after
    it is required so that a name like "VI" in a symbol is not taken."""
    return end < len(text) and text[end].isupper()


def paragraphs(text: str, start: int, end: int, *, one_per_line: bool) -> list[Paragraph]:
    """The paragraphs of ``text[start:end]``, with offsets into ``text``."""
    out: list[Paragraph] = []
    pos = start
    prev_blank = False
    for raw in text[start:end].split("\n"):
        lo = pos + (len(raw) - len(raw.lstrip()))
        pos += len(raw) + 1
        line = raw.strip().replace("*", " ").strip()
        if not line:
            prev_blank = True
            continue
        rank, marker, mlen = marker_of(line)
        joins = (out and not one_per_line and rank == 0
                 and not (_SENTENCE_END.search(out[-1].text) and line[:1].isupper()))
        if joins and prev_blank and out[-1].text.endswith(":"):
            joins = False
        prev_blank = False
        hi = lo + len(raw.strip())
        if joins:
            last = out[-1]
            last.text = f"{last.text} {line}" if not last.text.endswith("-") or \
                not line[:1].islower() else last.text + line
            last.end = hi
            continue
        out.append(Paragraph(line, lo, hi, rank, marker, lo + mlen))
    return out


@dataclass
class _Node:
    para: Paragraph | None
    rank: int
    children: list[_Node] = field(default_factory=list)


def tree(paras: list[Paragraph]) -> list[Item]:
    """Nest paragraphs by marker rank: a point under its section, a dash under its point;
    an unmarked paragraph under the item before it."""
    root = _Node(None, -1)
    stack = [root]
    for p in paras:
        if p.rank == 0:
            # continuation of the deepest open item; before any item: a top-level paragraph
            parent = stack[-1]
            parent.children.append(_Node(p, 99))
            continue
        while len(stack) > 1 and stack[-1].rank >= p.rank:
            stack.pop()
        node = _Node(p, p.rank)
        stack[-1].children.append(node)
        stack.append(node)
    return [_item(n, 1) for n in root.children]


def _item(n: _Node, level: int) -> Item:
    assert n.para is not None
    p = n.para
    span: Span = (p.start, p.end)
    return Item(marker=p.marker, level=level, text=p.text[p.body_start - p.start:].strip()
                if p.rank else p.text, span=span,
                children=[_item(c, level + 1) for c in n.children])
