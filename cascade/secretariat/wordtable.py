"""Real Word tables in a rendered draft, put where a body paragraph holds a marker.

The drafter's body is paragraphs; a báo cáo's statistics are a table a clerk can edit
and sum in Word. The draft is rendered as any other, then each marker paragraph is
replaced by a bordered table (python-docx), in the body's font at 12 pt: headings and
the totals row bold, figures centred.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
SIZE = Pt(12)


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]
    total: list[str] | None
    widths: list[float]  # cm, one per column


def _borders(tbl: object) -> None:
    pr = tbl._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                     ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    pr.append(borders)


def _fill(cell: object, text: str, *, bold: bool, centre: bool, width: float) -> None:
    cell.width = Cm(width)  # type: ignore[attr-defined]
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(2)
    fmt.first_line_indent = Cm(0)
    run = p.add_run(text)
    run.bold = bold
    run.font.size = SIZE
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _build(d: object, t: Table) -> object:
    rows = [t.head, *t.rows, *([t.total] if t.total else [])]
    tbl = d.add_table(rows=len(rows), cols=len(t.head))  # type: ignore[attr-defined]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    _borders(tbl)
    # LibreOffice lays a table out by its grid, Word by the cells': set both
    for col, w in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), t.widths, strict=True):
        col.set(qn("w:w"), str(Cm(w).twips))
    last = len(rows) - 1
    for i, values in enumerate(rows):
        head_or_total = i == 0 or (t.total is not None and i == last)
        for j, (cell, text) in enumerate(zip(tbl.rows[i].cells, values, strict=True)):
            # names left, figures and headings centred
            _fill(cell, text, bold=head_or_total, centre=i == 0 or j != 1,
                  width=t.widths[j])
    # the heading row repeats on each page
    tr_pr = tbl.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    return tbl


def put_tables(data: bytes, tables: dict[str, Table]) -> bytes:
    """``data`` with each paragraph whose text is a key of ``tables`` replaced by it."""
    d = docx.Document(io.BytesIO(data))
    found = set()
    for p in list(d.paragraphs):
        t = tables.get(p.text.strip())
        if t is None:
            continue
        tbl = _build(d, t)
        p._p.addnext(tbl._tbl)  # type: ignore[attr-defined]
        p._p.getparent().remove(p._p)
        found.add(p.text.strip())
    missing = set(tables) - found
    if missing:  # pragma: no cover - the markers are the module's own
        raise ValueError(f"markers not in the draft: {sorted(missing)}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
