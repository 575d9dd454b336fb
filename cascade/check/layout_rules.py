"""Formatting findings: page, fonts, sizes, weights, alignment, spacing, drawn rules and
page numbers, each measured against the profile's component (the drafter's values) and
the ranges its governing text allows (``Profile.check``)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from cascade.check.components import Layout
from cascade.check.findings import Finding, _table, finding
from cascade.check.read import Document, Para, Run
from cascade.layout.fit import text_width_mm
from cascade.layout.profile import Component, Profile

MM_TOLERANCE = 0.5
PT_TOLERANCE = 0.1
DEFAULT_SIZE = 10.0   # Word's size when neither the run, its styles nor the defaults say
_ALIGN_VI = {"left": "canh trái", "center": "canh giữa", "right": "canh phải",
             "justify": "canh đều hai lề"}
_MARGIN_VI = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


@cache
def _checks() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _table()["checks"].items()}


def _range(lo: float, hi: float, unit: str) -> str:
    return f"{lo:g} {unit}" if lo == hi else f"{lo:g}–{hi:g} {unit}"


def page_findings(p: Profile, doc: Document) -> Iterator[Finding]:
    pg, want = doc.page, p.page
    dims = sorted((pg.width_mm, pg.height_mm))
    if abs(dims[0] - want.width_mm) > 1 or abs(dims[1] - want.height_mm) > 1:
        yield finding("page_size", p.name, "page", None,
                      f"khổ giấy {pg.width_mm:g} × {pg.height_mm:g} mm; cần A4 "
                      f"{want.width_mm:g} × {want.height_mm:g} mm")
    for i, (w, h) in enumerate(pg.later, 2):  # an appendix may turn the page, not resize it
        d = sorted((w, h))
        if abs(d[0] - want.width_mm) > 1 or abs(d[1] - want.height_mm) > 1:
            yield finding("page_size", p.name, "page", None,
                          f"phần {i} của văn bản: khổ giấy {w:g} × {h:g} mm; cần A4")
    got = {"top": pg.top_mm, "bottom": pg.bottom_mm, "left": pg.left_mm, "right": pg.right_mm}
    for side, (lo, hi) in p.check.margins_mm.items():
        if not lo - MM_TOLERANCE <= got[side] <= hi + MM_TOLERANCE:
            yield finding("margins", p.name, "page", None,
                          f"lề {_MARGIN_VI[side]} {got[side]:g} mm; cần {_range(lo, hi, 'mm')}")
    if not pg.number_in_header:
        where = "ở lề dưới; cần canh giữa ở lề trên" if pg.number_in_footer else \
            "không có; cần đánh số trang từ trang 2, canh giữa ở lề trên"
        yield finding("page_number", p.name, "page_number", None, f"số trang {where}")
    elif pg.number_on_first:
        yield finding("page_number_first", p.name, "page_number", None,
                      "trang đầu có số trang; không hiển thị số trang thứ nhất")
    for para in pg.number_in_header:
        yield from para_findings(p, "page_number", para)


def _size(r: Run) -> float:
    return r.size if r.size is not None else DEFAULT_SIZE


def run_findings(p: Profile, comp: str, c: Component, para: Para, runs: list[Run],
                 props: tuple[str, ...]) -> Iterator[Finding]:
    if not runs:
        return
    if "size" in props:
        lo, hi = p.check.size_range(comp, c.size)
        bad = sorted({_size(r) for r in runs
                      if not lo - PT_TOLERANCE <= _size(r) <= hi + PT_TOLERANCE})
        if bad:
            sizes = ", ".join(f"{s:g}" for s in bad)
            yield finding("size", p.name, comp, para,
                          f"cỡ chữ {sizes} pt; cần {_range(lo, hi, 'pt')}")
    for prop, on, off in (("bold", "đậm", "không đậm"), ("italic", "nghiêng", "đứng"),
                          ("underline", "gạch chân", "không gạch chân")):
        if prop not in props:
            continue
        want = getattr(c, prop)
        if any(getattr(r, prop) != want for r in runs):
            yield finding(prop, p.name, comp, para,
                          f"chữ {off if want else on}; cần chữ {on if want else off}")


def para_findings(p: Profile, comp: str, para: Para) -> Iterator[Finding]:
    props = _checks().get(comp, ())
    c = p.components[comp]
    runs = para.visible_runs
    yield from run_findings(p, comp, c, para, runs, props)
    if "align" in props and para.align != c.align:
        yield finding("align", p.name, comp, para,
                      f"{_ALIGN_VI[para.align]}; cần {_ALIGN_VI[c.align]}")
    if "indent" in props:
        lo, hi = p.check.indent_first_mm
        if not lo - MM_TOLERANCE <= para.indent_first_mm <= hi + MM_TOLERANCE:
            yield finding("indent", p.name, comp, para,
                          f"lùi đầu dòng {para.indent_first_mm:.1f} mm; cần {_range(lo, hi, 'mm')}")
    if "gap" in props and para.before_pt + para.after_pt < p.check.paragraph_gap_pt - PT_TOLERANCE:
        yield finding("gap", p.name, comp, para,
                      f"cách đoạn {para.before_pt + para.after_pt:g} pt; cần tối thiểu "
                      f"{p.check.paragraph_gap_pt:g} pt")
    if "line" in props:
        yield from _line(p, comp, para)


def _line(p: Profile, comp: str, para: Para) -> Iterator[Finding]:
    if p.check.line_pt:
        lo, hi = p.check.line_pt
        if para.line_pt is None or not lo - PT_TOLERANCE <= para.line_pt <= hi + PT_TOLERANCE:
            got = (f"{para.line_pt:g} pt" if para.line_pt is not None
                   else f"{para.line_multiple or 1:g} dòng")
            yield finding("line", p.name, comp, para,
                          f"giãn dòng {got}; cần đúng (Exactly) {_range(lo, hi, 'pt')}")
    elif p.check.line_multiple:
        lo, hi = p.check.line_multiple
        if para.line_pt is not None:
            return  # an exact spacing a State document may use; not judged
        got = para.line_multiple or 1.0
        if not lo - 0.01 <= got <= hi + 0.01:
            yield finding("line", p.name, comp, para,
                          f"giãn dòng {got:g} dòng; cần từ {lo:g} đến {hi:g} dòng")


def _label_split(para: Para) -> tuple[list[Run], list[Run]]:
    """The runs of ``Kính gửi:`` and those of the addressee after it, on one line."""
    label, rest, seen = [], [], ""
    for r in para.visible_runs:
        (rest if ":" in seen else label).append(r)
        seen += r.text
    return label, rest


def component_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    for part in layout.parts:
        comp, para = part.component, part.para
        if comp == "kinh_gui_one":
            label, rest = _label_split(para)
            checks = _checks()
            yield from run_findings(p, "kinh_gui_label", p.components["kinh_gui_label"],
                                    para, label, checks["kinh_gui_label"])
            yield from run_findings(p, "kinh_gui_item", p.components["kinh_gui_item"],
                                    para, rest, checks["kinh_gui_item"])
        elif comp in p.components:
            yield from para_findings(p, comp, para)


def rule_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    """The drawn rules and marks of the header and the title (docs/format-rules.md §3, §6)."""
    if not layout.has_header:
        return
    issuer = layout.of("header_issuer")
    anchor = issuer[-1] if issuer else None
    if p.texts.issuer_mark and not layout.issuer_mark:
        yield finding("issuer_mark", p.name, "header_issuer", anchor,
                      f"thiếu dấu «{p.texts.issuer_mark}» dưới tên cơ quan ban hành")
    if not p.texts.issuer_mark and p.geometry.issuer_rule_mm and not layout.issuer_rule:
        yield finding("issuer_rule", p.name, "header_issuer", anchor,
                      "thiếu đường kẻ ngang nét liền dưới tên cơ quan ban hành")
    if p.geometry.national_rule_mm and not layout.national_rule:
        top = layout.first("motto") or layout.first("national_title")
        yield finding("national_rule", p.name, "motto" if p.texts.motto else "national_title",
                      top, "thiếu đường kẻ ngang nét liền dưới "
                      + ("tiêu ngữ" if p.texts.motto else "tiêu đề"))
    if layout.titled:
        summary = layout.of("summary")
        anchor = summary[-1] if summary else layout.first("title")
        if p.texts.title_rule and layout.title_rule is None:
            yield finding("summary_rule", p.name, "summary", anchor,
                          f"thiếu dòng «{p.texts.title_rule}» dưới trích yếu")
        elif not p.texts.title_rule and p.geometry.summary_rule_mm and not layout.summary_rule:
            yield finding("summary_rule", p.name, "summary", anchor,
                          "thiếu đường kẻ ngang nét liền dưới trích yếu")


# a rule as long as its line (the motto, the Party title) may differ by this share
RULE_AS_LONG = 0.2


def _width(para: Para, comp: Component) -> float:
    """The printed width of the paragraph's widest line, at its own size and weight."""
    r = next(iter(para.visible_runs), None)
    size = r.size if r is not None and r.size else comp.size
    bold = r.bold if r is not None else comp.bold
    return max(text_width_mm(part.strip(), size, bold=bold) for part in para.text.split("\n"))


def rule_length_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    """A bottom border's length against its line: 1/3–1/2 of the issuer's name (NĐ 30),
    as long as the motto or the Party's title. A drawn shape is not measured."""
    issuer, rule = layout.of("header_issuer"), layout.rules.get("issuer")
    g = p.geometry
    if rule is not None and rule.border_mm is not None and issuer and g.issuer_rule_mm:
        name = max(_width(x, p.components["header_issuer"]) for x in issuer)
        lo, hi = g.issuer_rule_ratio
        a, b = lo * name - g.issuer_rule_step_mm, hi * name + g.issuer_rule_step_mm
        if not a <= rule.border_mm <= b:
            yield finding("rule_length", p.name, "header_issuer", issuer[-1],
                          f"đường kẻ dài {rule.border_mm:.0f} mm; tên cơ quan rộng "
                          f"{name:.0f} mm: cần từ 1/3 đến 1/2 ({lo * name:.0f}–{hi * name:.0f} mm)")
    top = layout.first("motto") if p.texts.motto else layout.first("national_title")
    rule = layout.rules.get("national")
    if rule is not None and rule.border_mm is not None and top is not None:
        comp = "motto" if p.texts.motto else "national_title"
        w = _width(top, p.components[comp])
        if abs(rule.border_mm - w) > RULE_AS_LONG * w:
            yield finding("rule_length", p.name, comp, top,
                          f"đường kẻ dài {rule.border_mm:.0f} mm; cần dài bằng dòng chữ "
                          f"({w:.0f} mm)")


def font_findings(p: Profile, doc: Document) -> Iterator[Finding]:
    """One finding for the fonts of the whole document: the first paragraph and how many."""
    bad = [para for para in doc.paras
           if any(r.font and r.font != p.page.font for r in para.visible_runs)]
    if bad:
        fonts = sorted({r.font for para in bad for r in para.visible_runs
                        if r.font and r.font != p.page.font})
        yield finding("font", p.name, "body", bad[0],
                      f"phông {', '.join(fonts)} ở {len(bad)} đoạn; cần {p.page.font}")


def layout_findings(p: Profile, doc: Document, layout: Layout) -> list[Finding]:
    return [*page_findings(p, doc), *font_findings(p, doc), *rule_findings(p, layout),
            *rule_length_findings(p, layout), *component_findings(p, layout)]
