"""The real formatting of a .docx, read from its XML after style inheritance.

python-docx gives a run's own properties only (``None`` when inherited); a văn thư sees
what Word shows, so each run and paragraph property is resolved here through the run,
its character style, the paragraph style and its ``basedOn`` chain, and the document
defaults. Paragraphs come in body order, a table's cells row by row, each numbered as a
reader counts them (1, 2, …), so a finding can say where it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

TWIP_MM = 25.4 / 1440


class CheckReadError(ValueError):
    """A file the checker cannot open; the message names the file."""


@dataclass
class Run:
    text: str
    font: str | None
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    element: etree._Element = field(repr=False)


@dataclass
class Para:
    no: int
    text: str
    runs: list[Run]
    align: str
    indent_first_mm: float
    indent_left_mm: float
    before_pt: float
    after_pt: float
    line_multiple: float | None
    line_pt: float | None
    border_bottom: bool
    shape: bool                      # a drawn line or picture inside the paragraph
    cell: tuple[int, int, int] | None  # (table, row, column), 1-based; None: the body
    element: etree._Element = field(repr=False)
    indent_right_mm: float = 0.0
    cell_width_mm: float | None = None   # the cell's set width (tcW in twips), if any

    @property
    def border_mm(self) -> float | None:
        """Length of a bottom border drawn under this paragraph in its cell."""
        if not self.border_bottom or self.cell_width_mm is None:
            return None
        return self.cell_width_mm - self.indent_left_mm - self.indent_right_mm

    @property
    def where(self) -> str:
        if self.cell is None:
            return f"đoạn {self.no}"
        t, r, c = self.cell
        return f"đoạn {self.no} (bảng {t}, hàng {r}, cột {c})"

    @property
    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]


@dataclass
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    title_page: bool                 # page 1 has its own (empty) header
    number_in_header: list[Para]     # header paragraphs carrying a PAGE field
    number_in_footer: bool
    number_on_first: bool            # the first page's header prints a PAGE field
    later: list[tuple[float, float]] = field(default_factory=list)  # later sections' paper


@dataclass
class Document:
    path: str
    paras: list[Para]
    page: Page
    doc: docx.document.Document = field(repr=False)

    def text(self) -> str:
        """Plain text as the citation reader extracts a .docx: paragraphs in order, a
        blank line after each table cell."""
        out: list[str] = []
        last_cell = None
        for p in self.paras:
            if last_cell is not None and p.cell != last_cell:
                out.append("")
            last_cell = p.cell
            out.append(p.text)
        return "\n".join(out)


_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right",
          "end": "right", "both": "justify", "distribute": "justify", "justify": "justify"}


def _on(e: etree._Element | None) -> bool | None:
    if e is None:
        return None
    return e.get(qn("w:val"), "true") not in ("0", "false", "none", "off")


def _theme_fonts(d: docx.document.Document) -> dict[str, str]:
    """The theme's major and minor Latin fonts (``asciiTheme="minorHAnsi"`` in a run
    means the theme's minor font: Calibri in Word's default template)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = d.part.part_related_by(RT.THEME)
    except KeyError:
        return {}
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    root = etree.fromstring(theme.blob)
    out = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{a}{kind}Font/{a}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out


class _Styles:
    """Style chains and document defaults, resolved once per document."""

    def __init__(self, d: docx.document.Document) -> None:
        root = d.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        dd = root.find(qn("w:docDefaults"))
        self.rpr_default = dd.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") \
            if dd is not None else None
        self.ppr_default = dd.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") \
            if dd is not None else None
        self.theme = _theme_fonts(d)
        self.default_para = next(
            (s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None)

    def chain(self, style_id: str | None, tag: str) -> list[etree._Element]:
        """The ``w:rPr``/``w:pPr`` of a style and the styles it is based on, nearest first."""
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            s = self.by_id[style_id]
            e = s.find(qn(tag))
            if e is not None:
                out.append(e)
            based = s.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out


def _first(chain: list[etree._Element], tag: str) -> etree._Element | None:
    for e in chain:
        if e is None:
            continue
        found = e.find(qn(tag))
        if found is not None:
            return found
    return None


def _run(r: etree._Element, pchain: list[etree._Element], styles: _Styles) -> Run:
    rpr = r.find(qn("w:rPr"))
    rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
    chain = [rpr, *styles.chain(rstyle.get(qn("w:val")) if rstyle is not None else None,
                                "w:rPr"), *pchain, styles.rpr_default]
    fonts = _first(chain, "w:rFonts")
    font = None
    if fonts is not None:
        font = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
        if font is None and theme:
            font = styles.theme.get("major" if theme.startswith("major") else "minor")
    sz = _first(chain, "w:sz")
    u = _first(chain, "w:u")
    text = "".join(t.text or "" if t.tag == qn("w:t") else "\t" if t.tag == qn("w:tab")
                   else "\n" for t in r if t.tag in (qn("w:t"), qn("w:tab"), qn("w:br")))
    return Run(text=text, font=font,
               size=int(sz.get(qn("w:val"))) / 2 if sz is not None else None,
               bold=bool(_on(_first(chain, "w:b"))), italic=bool(_on(_first(chain, "w:i"))),
               underline=u is not None and u.get(qn("w:val"), "single") != "none",
               element=r)


_RUN_PARENTS = {qn("w:p"), qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag"),
                qn("w:fldSimple"), qn("w:sdtContent"), qn("w:customXml")}


def _runs(p: etree._Element) -> list[etree._Element]:
    """The paragraph's runs, inside hyperlinks and insertions too, not deleted ones."""
    return [r for r in p.iter(qn("w:r")) if r.getparent().tag in _RUN_PARENTS
            and r.getparent().tag != qn("w:del")]


def _para(p: etree._Element, no: int, cell: tuple[int, int, int] | None,
          styles: _Styles) -> Para:
    ppr = p.find(qn("w:pPr"))
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    sid = pstyle.get(qn("w:val")) if pstyle is not None else styles.default_para
    pchain = [ppr, *styles.chain(sid, "w:pPr"), styles.ppr_default]
    rchain = styles.chain(sid, "w:rPr")
    # (the paragraph mark's own w:rPr formats the mark, not the text: not read)
    jc = _first(pchain, "w:jc")
    ind = _first(pchain, "w:ind")
    first = left = right = 0.0
    if ind is not None:
        left = int(ind.get(qn("w:left")) or ind.get(qn("w:start")) or 0) * TWIP_MM
        right = int(ind.get(qn("w:right")) or ind.get(qn("w:end")) or 0) * TWIP_MM
        if ind.get(qn("w:hanging")):
            first = -int(ind.get(qn("w:hanging"))) * TWIP_MM
        else:
            first = int(ind.get(qn("w:firstLine")) or 0) * TWIP_MM
    before = after = 0.0
    line_multiple = line_pt = None
    sp = [e.find(qn("w:spacing")) for e in pchain if e is not None]
    sp = [e for e in sp if e is not None]

    def spacing(attr: str) -> str | None:
        return next((e.get(qn(f"w:{attr}")) for e in sp if e.get(qn(f"w:{attr}")) is not None),
                    None)

    before = int(spacing("before") or 0) / 20
    after = int(spacing("after") or 0) / 20
    line, rule = spacing("line"), spacing("lineRule") or "auto"
    if line is not None:
        if rule == "auto":
            line_multiple = int(line) / 240
        else:
            line_pt = int(line) / 20
    bdr = _first(pchain, "w:pBdr")
    bottom = bdr.find(qn("w:bottom")) if bdr is not None else None
    has_border = bottom is not None and bottom.get(qn("w:val")) not in ("nil", "none", None)
    shape = any(True for _ in p.iter(qn("w:drawing"), qn("w:pict")))
    runs = [_run(r, rchain, styles) for r in _runs(p)]
    return Para(no=no, text="".join(r.text for r in runs), runs=runs,
                align=_ALIGN.get(jc.get(qn("w:val")) if jc is not None else "left", "left"),
                indent_first_mm=first, indent_left_mm=left, before_pt=before, after_pt=after,
                line_multiple=line_multiple, line_pt=line_pt, border_bottom=has_border,
                shape=shape, cell=cell, element=p, indent_right_mm=right)


def _cell_width(tc: etree._Element) -> float | None:
    w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if w is None or w.get(qn("w:type"), "dxa") != "dxa" or not w.get(qn("w:w")):
        return None
    return int(w.get(qn("w:w"))) * TWIP_MM


def _walk(body: etree._Element, styles: _Styles) -> list[Para]:
    out: list[Para] = []
    tables = 0

    def walk(container: etree._Element, cell: tuple[int, int, int] | None) -> None:
        nonlocal tables
        for child in container:
            if child.tag == qn("w:p"):
                out.append(_para(child, len(out) + 1, cell, styles))
            elif child.tag == qn("w:tbl"):
                tables += 1
                t = tables
                for ri, tr in enumerate(child.findall(qn("w:tr")), 1):
                    for ci, tc in enumerate(tr.findall(qn("w:tc")), 1):
                        start = len(out)
                        walk(tc, (t, ri, ci))
                        width = _cell_width(tc)
                        for para in out[start:]:
                            para.cell_width_mm = width
            elif child.tag in (qn("w:sdt"),):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, cell)

    walk(body, None)
    return out


def _has_page_field(root: etree._Element) -> bool:
    instr = "".join(e.text or "" for e in root.iter(qn("w:instrText")))
    simple = " ".join(e.get(qn("w:instr"), "") for e in root.iter(qn("w:fldSimple")))
    return "PAGE" in f"{instr} {simple}".upper().replace("NUMPAGES", "")


def _page(d: docx.document.Document, styles: _Styles) -> Page:
    s = d.sections[0]

    def mm(v: object) -> float:
        return round(v.mm, 1) if v is not None else 0.0  # type: ignore[attr-defined]

    title_page = s.different_first_page_header_footer
    in_header: list[Para] = []
    if not s.header.is_linked_to_previous or s.header._element is not None:
        for p in s.header._element.findall(qn("w:p")):
            if _has_page_field(p):
                in_header.append(_para(p, 0, None, styles))
    footer = s.footer._element if s.footer is not None else None
    first_hdr = s.first_page_header._element if title_page else s.header._element
    return Page(width_mm=mm(s.page_width), height_mm=mm(s.page_height),
                top_mm=mm(s.top_margin), bottom_mm=mm(s.bottom_margin),
                left_mm=mm(s.left_margin), right_mm=mm(s.right_margin),
                title_page=bool(title_page), number_in_header=in_header,
                number_in_footer=footer is not None and _has_page_field(footer),
                number_on_first=first_hdr is not None and _has_page_field(first_hdr),
                later=[(mm(x.page_width), mm(x.page_height)) for x in d.sections[1:]])


def read_docx(source: str | Path | bytes, name: str | None = None) -> Document:
    """The document at ``source`` (a path or the file's bytes) with its formatting."""
    from cascade.citations.docx_budget import OverBudget, check_docx

    label = name or (str(source) if not isinstance(source, bytes) else "tệp tải lên")
    try:  # a zip bomb is refused from the zip's directory, before python-docx inflates it
        check_docx(io.BytesIO(source) if isinstance(source, bytes) else Path(source))  # type: ignore[arg-type]
    except OverBudget as exc:
        raise CheckReadError(f"{label}: tệp .docx vượt giới hạn đọc: {exc}") from None
    try:
        d = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    except Exception as exc:
        raise CheckReadError(f"{label}: không mở được tệp .docx ({exc})") from exc
    styles = _Styles(d)
    return Document(path=label, paras=_walk(d.element.body, styles), page=_page(d, styles),
                    doc=d)
