"""Build the docxtpl templates from the layout profiles, reproducibly.

    python templates/build_templates.py          # (re)write templates/<profile>/<type>.docx
    python templates/build_templates.py --check  # exit 1 if a committed template is stale

Every layout value (page, margins, fonts, sizes, weights, spacing, rule lengths) is read
from ``cascade/layout/profiles/*.yaml``; the templates carry structure and Jinja tags
only, and all visible text comes from the render context. Zip entries get a fixed
timestamp and core properties a fixed date, so the same profiles give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from cascade.layout.profile import DOC_TYPES, Component, Profile, load_profile, profile_names  # noqa: E402

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_CORE_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}



class Builder:
    """Writes one template: paragraphs formatted from profile components."""

    def __init__(self, p: Profile) -> None:
        self.p = p
        self.doc = Document()
        self._setup()

    # -- formatting helpers ---------------------------------------------------------
    def _fonts(self, rpr_parent) -> None:
        rfonts = rpr_parent.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), self.p.page.font)

    def fmt_run(self, run, c: Component) -> None:
        run.font.name = self.p.page.font
        self._fonts(run._r.get_or_add_rPr())
        run.font.size = Pt(c.size)
        run.bold = c.bold
        run.italic = c.italic
        run.underline = c.underline

    def fmt_par(self, par, c: Component) -> None:
        pf = par.paragraph_format
        pf.alignment = ALIGN[c.align]
        pf.left_indent = Mm(c.indent_left_mm)
        pf.first_line_indent = Mm(c.indent_first_mm)
        pf.space_before = Pt(c.space_before_pt)
        pf.space_after = Pt(c.space_after_pt)
        if c.line_pt:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(c.line_pt)
        else:
            pf.line_spacing = c.line_multiple or 1.0

    def add(self, container, comp: str, *texts: tuple[str, str], keep: bool = False) -> None:
        """Paragraph of component ``comp``; each text may use another component. ``keep``:
        kept on the page of the paragraph (or table) that follows."""
        par = container.add_paragraph()
        self.fmt_par(par, self.p.components[comp])
        if keep:
            par.paragraph_format.keep_with_next = True
        for text, run_comp in texts:
            run = par.add_run(text)
            self.fmt_run(run, self.p.components[run_comp])

    def text(self, container, comp: str, text: str, keep: bool = False) -> None:
        self.add(container, comp, (text, comp), keep=keep)

    def tag(self, container, tag: str) -> None:
        """A docxtpl paragraph-level tag (``{%p … %}``): the paragraph vanishes."""
        container.add_paragraph().add_run("{%p " + tag + " %}")

    def rule(self, container, width_mm: float, cell_mm: float) -> None:
        """A drawn horizontal rule: bottom border of an empty, indented paragraph."""
        par = container.add_paragraph()
        pf = par.paragraph_format
        side = max((cell_mm - width_mm) / 2, 0)
        pf.left_indent = Mm(side)
        pf.right_indent = Mm(side)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(2)
        ppr = par._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        # pBdr must precede spacing/ind/jc in CT_PPr; python-docx inserted those already
        ppr.insert(0, bdr)
        keep = ppr.find(qn("w:pStyle"))
        if keep is not None:
            ppr.remove(keep)
            ppr.insert(0, keep)

    def styled_loop(self, container, var: str, comps: list[str],
                    labelled: dict[str, tuple[str, str]] | None = None,
                    keep: frozenset[str] = frozenset(), overhang_mm: float = 0) -> None:
        """``{% for l in var %}`` with one paragraph per possible ``l.style``; a style in
        ``labelled`` (paragraph component, label component, text component) prints
        ``l.label`` and ``l.text`` in runs of their own: ``Kính gửi:`` italic, the
        addressee upright. With ``overhang_mm``, a line marked ``wide`` runs that far
        beyond its column on each side (negative indents)."""
        labelled = labelled or {}
        self.tag(container, f"for l in {var}")
        branches = [(c, "") for c in comps] + [(c, "") for c in labelled]
        if overhang_mm:
            branches = [(c, " and l.wide") for c in comps] + branches
        for i, (comp, extra) in enumerate(branches):
            self.tag(container, ("if" if i == 0 else "elif") + f" l.style == '{comp}'{extra}")
            if extra:
                self.text(container, comp, "{{ l.text }}")
                pf = container.paragraphs[-1].paragraph_format
                pf.left_indent = pf.right_indent = Mm(-overhang_mm)
            elif comp in labelled:
                par, label, text = labelled[comp]
                self.add(container, par, ("{{ l.label }} ", label), ("{{ l.text }}", text),
                         keep=comp in keep)
            else:
                self.text(container, comp, "{{ l.text }}", keep=comp in keep)
        self.tag(container, "endif")
        self.tag(container, "endfor")

    def table(self, cols_mm: list[float], rows: int = 1):
        t = self.doc.add_table(rows=rows, cols=len(cols_mm))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        # CT_TblPr is an ordered sequence: tblW, jc, tblBorders, tblLayout, tblCellMar, tblLook
        tblpr = t._tbl.tblPr
        look = tblpr.find(qn("w:tblLook"))
        for old in (tblpr.find(qn("w:tblLayout")), look):
            if old is not None:
                tblpr.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "nil")
            borders.append(e)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:w"), "0")
            e.set(qn("w:type"), "dxa")
            mar.append(e)
        for e in (borders, layout, mar, look):
            if e is not None:
                tblpr.append(e)
        for row in t.rows:
            for cell, w in zip(row.cells, cols_mm, strict=True):
                cell.width = Mm(w)
        for col, w in zip(t.columns, cols_mm, strict=True):
            col.width = Mm(w)
        return t

    @staticmethod
    def tidy_cell(cell) -> None:
        """Drop the placeholder paragraph python-docx puts in every new cell."""
        first = cell.paragraphs[0]
        if len(cell.paragraphs) > 1 and not first.text:
            cell._tc.remove(first._p)

    # -- document --------------------------------------------------------------------
    def _setup(self) -> None:
        pg = self.p.page
        s = self.doc.sections[0]
        s.page_width, s.page_height = Mm(pg.width_mm), Mm(pg.height_mm)
        s.top_margin, s.bottom_margin = Mm(pg.margin_top_mm), Mm(pg.margin_bottom_mm)
        s.left_margin, s.right_margin = Mm(pg.margin_left_mm), Mm(pg.margin_right_mm)
        s.header_distance = Mm(pg.header_distance_mm)
        normal = self.doc.styles["Normal"]
        normal.font.name = pg.font
        self._fonts(normal.element.get_or_add_rPr())
        normal.font.size = Pt(self.p.components["body"].size)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        normal.element.get_or_add_rPr().append(lang)
        body = self.doc.paragraphs[0]._p if self.doc.paragraphs else None
        if body is not None:
            body.getparent().remove(body)
        cp = self.doc.core_properties
        cp.author = "trienkhai"
        cp.last_modified_by = "trienkhai"
        cp.title = ""
        cp.comments = ""
        cp.revision = 1
        cp.created = cp.modified = FIXED_CORE_TIME.replace(tzinfo=None)
        self._page_numbers()

    def _page_numbers(self) -> None:
        """PAGE field centred in the top margin, none on page 1 (titlePg)."""
        s = self.doc.sections[0]
        s.different_first_page_header_footer = True
        first = s.first_page_header
        first.is_linked_to_previous = False
        header = s.header
        header.is_linked_to_previous = False
        par = header.paragraphs[0]
        self.fmt_par(par, self.p.components["page_number"])
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                           ("end", None)):
            run = par.add_run()
            self.fmt_run(run, self.p.components["page_number"])
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text

    def header_block(self, doc_type: str) -> None:
        p, g = self.p, self.p.geometry
        left = g.header_left_mm
        right = p.page.text_width_mm - left
        t = self.table([left, right], rows=2)
        lc, rc = t.cell(0, 0), t.cell(0, 1)
        self.styled_loop(lc, "header_left", ["header_parent", "header_issuer"],
                         overhang_mm=g.header_overhang_mm)
        # the rule under a State issuer: 1/3 to 1/2 of its name, one length per step
        for i, mm in enumerate(g.issuer_rules_mm()):
            self.tag(lc, ("if" if i == 0 else "elif") + f" issuer_rule == {mm}")
            self.rule(lc, mm, left)
        if g.issuer_rules_mm():
            self.tag(lc, "endif")
        self.text(rc, "national_title", "{{ national_title }}")
        if p.texts.motto:
            self.text(rc, "motto", "{{ motto }}")
        if g.national_rule_mm:
            self.rule(rc, g.national_rule_mm, right)
        nc, dc = t.cell(1, 0), t.cell(1, 1)
        self.text(nc, "number", "{{ number_line }}")
        self.tag(nc, "if draft_mark")
        self.text(nc, "draft_mark", "{{ draft_mark }}")
        self.tag(nc, "endif")
        if p.form(doc_type) == "letter":  # the summary under the number
            self.text(nc, "cv_summary", "{{ cv_summary }}")
        self.text(dc, "date", "{{ date_line }}")
        for cell in (lc, rc, nc, dc):
            self.tidy_cell(cell)

    def title_block(self) -> None:
        p, g = self.p, self.p.geometry
        self.text(self.doc, "title", "{{ title }}", keep=True)
        self.text(self.doc, "summary", "{{ summary }}", keep=True)
        if p.texts.title_rule:
            self.text(self.doc, "summary", "{{ title_rule }}", keep=True)
        elif g.summary_rule_mm:
            self.rule(self.doc, g.summary_rule_mm, p.page.text_width_mm)

    def decision_block(self) -> None:
        self.text(self.doc, "authority", "{{ authority_line }}")
        self.tag(self.doc, "for g in grounds")
        self.text(self.doc, "grounds", "{{ g }}")
        self.tag(self.doc, "endfor")
        self.text(self.doc, "decision_word", "{{ decision_word }}")

    def kinh_gui(self) -> None:
        self.tag(self.doc, "if kinh_gui")
        self.styled_loop(self.doc, "kinh_gui", ["kinh_gui_label", "kinh_gui_item"],
                         labelled={"kinh_gui_one": ("kinh_gui_label", "kinh_gui_label",
                                                    "kinh_gui_item")},
                         keep=frozenset({"kinh_gui_label"}))
        self.tag(self.doc, "endif")

    def body(self) -> None:
        """The numbered blocks; headings keep with what follows them, and the last block
        keeps with the signature table, which then never stands alone on a page."""
        d = self.doc
        self.tag(d, "for b in blocks")
        branches = [("chapter", "b.kind == 'chapter'", True),
                    ("section", "b.kind == 'section'", True),
                    ("heading", "b.kind == 'heading'", True),
                    ("subheading", "b.kind == 'subheading'", True),
                    ("article", "b.kind == 'article' and loop.last", True),
                    ("article", "b.kind == 'article'", False),
                    ("body", "loop.last", True)]
        for i, (kind, cond, keep) in enumerate(branches):
            self.tag(d, ("if " if i == 0 else "elif ") + cond)
            label = "article_label" if kind == "article" else kind
            text_comp = "article_text" if kind == "article" else kind
            self.add(d, text_comp, ("{{ b.label }}", label), ("{{ b.text }}", text_comp),
                     keep=keep)
        self.tag(d, "else")
        self.add(d, "body", ("{{ b.label }}", "body"), ("{{ b.text }}", "body"))
        self.tag(d, "endif")
        self.tag(d, "endfor")

    def closing(self) -> None:
        p = self.p
        left = p.geometry.signature_left_mm
        t = self.table([left, p.page.text_width_mm - left])
        nc, sc = t.cell(0, 0), t.cell(0, 1)
        self.text(nc, "noi_nhan_label", "{{ noi_nhan_label }}")
        self.tag(nc, "for n in noi_nhan")
        self.text(nc, "noi_nhan_item", "{{ n }}")
        self.tag(nc, "endfor")
        self.styled_loop(sc, "signature", ["sig_prefix", "sig_title", "sig_name"])
        self.tidy_cell(nc)
        self.tidy_cell(sc)
        # the signature and Nơi nhận never split across pages
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        self.end_paragraph()

    def end_paragraph(self) -> None:
        """Word wants a paragraph, not a table, before sectPr: a hidden 1 pt one, so a
        signature table ending at the foot of a page never pushes out a blank page that
        carries only its number."""
        par = self.doc.add_paragraph()
        pf = par.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(1)
        rpr = OxmlElement("w:rPr")  # the paragraph mark's run properties: hidden, 1 pt
        for tag, val in (("w:vanish", None), ("w:sz", "2"), ("w:szCs", "2")):
            e = OxmlElement(tag)
            if val:
                e.set(qn("w:val"), val)
            rpr.append(e)
        par._p.get_or_add_pPr().append(rpr)

    def build(self, doc_type: str) -> None:
        form = self.p.form(doc_type)  # structure per type and system: the one vocabulary
        self.header_block(doc_type)
        if form != "letter":
            self.title_block()
        if form == "decision":
            self.decision_block()
        self.kinh_gui()
        self.body()
        self.closing()
        self._preserve_spaces()

    def _preserve_spaces(self) -> None:
        """Rendered text may start or end with spaces (``I. ``, blank numbers)."""
        parts = [self.doc.element]
        s = self.doc.sections[0]
        parts += [s.header._element, s.first_page_header._element]
        for root in parts:
            for t in root.iter(qn("w:t")):
                t.set(qn("xml:space"), "preserve")


def normalise_zip(data: bytes) -> bytes:
    """Same entries, fixed timestamps and order: identical bytes for identical input."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build(profile: str, doc_type: str) -> bytes:
    b = Builder(load_profile(profile))
    b.build(doc_type)
    buf = io.BytesIO()
    b.doc.save(buf)
    return normalise_zip(buf.getvalue())


def template_path(profile: str, doc_type: str, root: Path = ROOT) -> Path:
    return root / profile / f"{doc_type}.docx"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a template is stale")
    args = ap.parse_args(argv)
    stale = []
    for prof in profile_names():
        for doc_type in DOC_TYPES:
            path = template_path(prof, doc_type)
            data = build(prof, doc_type)
            if args.check:
                if not path.is_file() or path.read_bytes() != data:
                    stale.append(path)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if stale:
        print("stale templates (run python templates/build_templates.py):", file=sys.stderr)
        for s in stale:
            print(f"  {s}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
