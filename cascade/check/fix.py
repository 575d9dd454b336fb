"""A corrected copy for the mechanical findings: fonts, sizes, weights, alignment,
indent and spacing of each component, margins and paper, no page number on page 1,
leading zeros in the number and date, and list separators. Wording is never changed:
only digits gain their zero and an item's last mark is replaced.

The original is left untouched (the copy is written to another path); every change is
listed, in words, with the paragraph it was made in.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from cascade.check import check_read
from cascade.check.components import Layout, components
from cascade.check.content_rules import _date_text, _items
from cascade.check.layout_rules import (
    _MARGIN_VI,
    _checks,
    _label_split,
    para_findings,
    run_findings,
)
from cascade.check.read import Document, Para, Run, read_docx
from cascade.citations.header import _PLACE_DATE_RE, list_item
from cascade.layout.profile import Component, ListRule, Profile, load_profile

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _font(r: Run, font: str) -> None:
    rpr = r.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # a theme font would win over the name


def _runs(p: Profile, c: Component, runs: list[Run], rules: set[str]) -> None:
    for r in runs:
        run = DocxRun(r.element, None)  # type: ignore[arg-type]
        if "size" in rules:
            lo, hi = p.check.size_range("", c.size)
            if r.size is None or not lo <= r.size <= hi:
                run.font.size = Pt(c.size)
        if "bold" in rules:
            run.bold = c.bold
        if "italic" in rules:
            run.italic = c.italic
        if "underline" in rules:
            run.underline = c.underline


def _paragraph(p: Profile, c: Component, para: Para, rules: set[str]) -> None:
    pf = Paragraph(para.element, None).paragraph_format  # type: ignore[arg-type]
    if "align" in rules:
        pf.alignment = _ALIGN[c.align]
    if "indent" in rules:
        pf.first_line_indent = Mm(c.indent_first_mm)
    if "gap" in rules:
        pf.space_before, pf.space_after = Pt(c.space_before_pt), Pt(c.space_after_pt)
    if "line" in rules:
        if c.line_pt:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(c.line_pt)
        else:
            pf.line_spacing = c.line_multiple or 1.0


def _fix_part(p: Profile, comp: str, para: Para, changes: list[str]) -> None:
    if comp == "kinh_gui_one":
        label, rest = _label_split(para)
        for sub, runs in (("kinh_gui_label", label), ("kinh_gui_item", rest)):
            c = p.components[sub]
            found = list(run_findings(p, sub, c, para, runs, _checks()[sub]))
            _runs(p, c, runs, {f.rule for f in found})
            changes += [f"{para.where} ({f.component}): {f.message} → đã sửa" for f in found]
        return
    if comp not in p.components:
        return
    c = p.components[comp]
    found = list(para_findings(p, comp, para))
    rules = {f.rule for f in found}
    # sizes of a component with a range are set only where they fall outside it
    for r in para.visible_runs:
        lo, hi = p.check.size_range(comp, c.size)
        if "size" in rules and r.size is not None and lo <= r.size <= hi:
            continue
        _runs(p, c, [r], rules)
    _paragraph(p, c, para, rules)
    changes += [f"{para.where} ({f.component}): {f.message} → đã sửa" for f in found]


def _set_text(para: Para, start: int, end: int, new: str) -> bool:
    """Replace characters ``start:end`` of the paragraph's text, when they lie in one run
    of plain text (an insertion at the very end goes into the last run); False when they
    do not, and nothing is changed."""
    pos = 0
    for i, r in enumerate(para.runs):
        lo, hi = pos, pos + len(r.text)
        pos = hi
        at_end = start == end == hi and i == len(para.runs) - 1
        if not (lo <= start < hi and end <= hi) and not at_end:
            continue
        ts = r.element.findall(qn("w:t"))
        if len(ts) != 1 or r.element.findall(qn("w:tab")) or r.element.findall(qn("w:br")):
            return False
        text = r.text[:start - lo] + new + r.text[end - lo:]
        ts[0].text = text
        ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.text = text
        return True
    return False


def _fix_number(p: Profile, layout: Layout, changes: list[str]) -> None:
    para = layout.first("number")
    if para is None:
        return
    m = re.search(r"(?i:số)\s*:?\s*(\d+)", para.text)
    if m and len(m.group(1)) < p.number.width:
        want = m.group(1).zfill(p.number.width)
        if _set_text(para, m.start(1), m.end(1), want):
            changes.append(f"{para.where} (số, ký hiệu): số {m.group(1)} → {want}")


def _fix_date(p: Profile, layout: Layout, changes: list[str]) -> None:
    para = layout.first("date")
    if para is None:
        return
    m = _PLACE_DATE_RE.search(para.text)
    if not m or not m.group("d") or not m.group("m"):
        return
    want_d, want_m = _date_text(p, int(m.group("d")), int(m.group("m")))
    for group, want in (("m", want_m), ("d", want_d)):  # right to left: offsets hold
        if m.group(group) != want and _set_text(para, m.start(group), m.end(group), want):
            changes.append(f"{para.where} (địa danh, ngày tháng): {m.group(group)} → {want}")


def _fix_list(rule: ListRule, paras: list[Para], label: str, changes: list[str]) -> None:
    items = _items(paras, rule.item_prefix)
    for i, (first, _) in enumerate(items):
        nxt = items[i + 1][0] if i + 1 < len(items) else None
        block = [q for q in paras if q.no >= first.no and (nxt is None or q.no < nxt.no)]
        para = block[-1]
        text = para.text.rstrip()
        want = rule.last if nxt is None else rule.separator
        ok = [want] if nxt is None else [want, *rule.also_separators]
        if (list_item(" ".join(q.text for q in block)).terminator or "") in ok:
            continue  # "- TT. Tỉnh ủy; (B/c)": its separator stands before the note
        end = text[-1:]
        start = len(text) - 1 if end in ";,." else len(text)
        if _set_text(para, start, len(text), want):
            changes.append(f"{para.where} ({label}): «{end or '(không có)'}» → «{want}»")


def _fix_page(p: Profile, doc: Document, changes: list[str]) -> None:
    s = doc.doc.sections[0]
    pg = doc.page
    dims = sorted((pg.width_mm, pg.height_mm))
    if abs(dims[0] - p.page.width_mm) > 1 or abs(dims[1] - p.page.height_mm) > 1:
        s.page_width, s.page_height = Mm(p.page.width_mm), Mm(p.page.height_mm)
        changes.append(f"khổ giấy → A4 {p.page.width_mm:g} × {p.page.height_mm:g} mm")
    want = {"top": p.page.margin_top_mm, "bottom": p.page.margin_bottom_mm,
            "left": p.page.margin_left_mm, "right": p.page.margin_right_mm}
    got = {"top": pg.top_mm, "bottom": pg.bottom_mm, "left": pg.left_mm, "right": pg.right_mm}
    for side, (lo, hi) in p.check.margins_mm.items():
        if not lo - 0.5 <= got[side] <= hi + 0.5:
            setattr(s, f"{side}_margin", Mm(want[side]))
            changes.append(f"lề {_MARGIN_VI[side]}: {got[side]:g} → {want[side]:g} mm")
    if pg.number_in_header and pg.number_on_first:
        s.different_first_page_header_footer = True
        for par in s.first_page_header.paragraphs:
            for r in list(par._p.iter(qn("w:r"))):
                r.getparent().remove(r)
        changes.append("bỏ số trang ở trang đầu")
    bad = [r for para in doc.paras for r in para.visible_runs if r.font and r.font != p.page.font]
    for r in bad:
        _font(r, p.page.font)
    if bad:
        changes.append(f"phông chữ → {p.page.font} ({len(bad)} đoạn chữ)")
    for para in pg.number_in_header:
        _fix_part(p, "page_number", para, changes)


def fix_document(source: str | Path, out: str | Path, *, profile: str | None = None,
                 chart: object = None) -> list[str]:
    """Write the corrected copy of ``source`` to ``out``; return what was changed."""
    src, dst = Path(source).resolve(), Path(out).resolve()
    if src == dst:
        raise ValueError(f"{out}: tệp sửa phải khác tệp gốc (tệp gốc giữ nguyên)")
    doc = read_docx(src)
    report = check_read(doc, profile=profile, chart=chart)  # type: ignore[arg-type]
    p = load_profile(report.profile)
    layout = components(doc)
    changes: list[str] = []
    _fix_page(p, doc, changes)
    for part in layout.parts:
        _fix_part(p, part.component, part.para, changes)
    _fix_number(p, layout, changes)
    _fix_date(p, layout, changes)
    if layout.of("kinh_gui_item"):
        _fix_list(p.kinh_gui, layout.of("kinh_gui_item"), "Kính gửi", changes)
    if layout.of("noi_nhan_item"):
        _fix_list(p.noi_nhan, layout.of("noi_nhan_item"), "Nơi nhận", changes)
    doc.doc.save(str(dst))
    return changes
