"""Every component's runs carry the profile's font, size, bold, italic and underline.

The .docx is read back with python-docx; which component a paragraph belongs to is
derived from the layout rules (not from the document), then each run is compared with
the profile. Page setup and the page-number field are checked the same way.
"""

from __future__ import annotations

import io
from html import unescape

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cascade.drafts.build import render_draft
from cascade.drafts.context import Draft, build_context
from cascade.layout.escape import BREAK
from cascade.layout.profile import COMPONENTS, DOC_TYPES, Component, Profile, profile_names

from .conftest import FIXED
from .samples import sample_draft

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BLOCK_RUNS = {"chapter": ("chapter", "chapter"), "section": ("section", "section"),
              "heading": ("heading", "heading"),
              "subheading": ("subheading", "subheading"), "body": ("body", "body"),
              "article": ("article_label", "article_text")}


class Expected(dict[str, list[tuple[str, ...]]]):
    """Paragraph text -> components of its runs, one entry per occurrence in order."""

    def __setitem__(self, text: str, comps: tuple[str, ...]) -> None:
        self.setdefault(str(text), []).append(comps)


def expected(d: Draft) -> Expected:
    """What each paragraph should look like, derived from the layout rules."""
    ctx = build_context(d)

    def u(text: str) -> str:  # a name broken by hand is one paragraph with a line break
        return unescape(text.replace(BREAK, "\n"))

    out = Expected()
    for line in ctx["header_left"] + ctx["kinh_gui"] + ctx["signature"]:
        if line["label"]:  # "Kính gửi: Sở Nội vụ.": the label in its own style
            out[u(line["label"] + " " + line["text"])] = ("kinh_gui_label", "kinh_gui_item")
        elif line["text"]:
            out[u(line["text"])] = (line["style"],)
    for name in ("national_title", "motto", "number_line", "draft_mark", "cv_summary",
                 "date_line", "title", "summary", "authority_line", "decision_word",
                 "noi_nhan_label"):
        comp = {"number_line": "number", "date_line": "date", "authority_line": "authority",
                "noi_nhan_label": "noi_nhan_label"}.get(name, name)
        if ctx[name]:
            out[u(ctx[name])] = (comp,)
    if ctx["title_rule"]:
        out[u(ctx["title_rule"])] = ("summary",)
    for g in ctx["grounds"]:
        out[u(g)] = ("grounds",)
    for n in ctx["noi_nhan"]:
        out[u(n)] = ("noi_nhan_item",)
    for b in ctx["blocks"]:
        runs = BLOCK_RUNS[b["kind"]]
        out[u(b["label"] + b["text"])] = runs if b["label"] else runs[1:]
    return out


def check_run(run, c: Component, p: Profile, where: str) -> None:
    assert run.font.size is not None and run.font.size.pt == c.size, where
    assert bool(run.bold) is c.bold, where
    assert bool(run.italic) is c.italic, where
    assert bool(run.underline) is c.underline, where
    assert run.font.name == p.page.font, where


def all_paragraphs(doc):
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


@pytest.mark.parametrize("profile", profile_names())
def test_run_formatting_matches_profile(profile):
    seen: set[str] = set()
    for doc_type in DOC_TYPES:
        d = sample_draft(profile, doc_type)
        p = d.profile
        doc = docx.Document(io.BytesIO(render_draft(d, FIXED)))
        want = expected(d)
        found = set()
        for par in all_paragraphs(doc):
            if par.text not in want:
                assert not par.text.strip(), f"{doc_type}: unclassified paragraph {par.text!r}"
                continue
            comps = want[par.text].pop(0) if len(want[par.text]) > 1 else want[par.text][0]
            runs = [r for r in par.runs if r.text]
            assert len(runs) == len(comps), (doc_type, par.text)
            for run, comp in zip(runs, comps, strict=True):
                check_run(run, p.components[comp], p, f"{doc_type}/{comp}: {par.text!r}")
                seen.add(comp)
            assert par.alignment == ALIGN[p.components[comps[-1]].align], (doc_type, comps)
            found.add(par.text)
        assert found == set(want), f"{doc_type}: missing {set(want) - found}"
        # page number: a PAGE field centred in the default (page 2+) header
        sec = doc.sections[0]
        assert sec.different_first_page_header_footer
        assert not "".join(x.text for x in sec.first_page_header.paragraphs).strip()
        hdr = sec.header.paragraphs[0]
        assert "PAGE" in hdr._p.xml and hdr.alignment == WD_ALIGN_PARAGRAPH.CENTER
        for run in hdr.runs:
            check_run(run, p.components["page_number"], p, "page_number")
        seen.add("page_number")
        # page setup
        pg = p.page
        assert round(sec.page_width.mm) == pg.width_mm and round(sec.page_height.mm) == pg.height_mm
        assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin,
                                      sec.right_margin)] == [pg.margin_top_mm, pg.margin_bottom_mm,
                                                             pg.margin_left_mm, pg.margin_right_mm]
    skipped = {"motto"} if load_motto_absent(profile) else set()
    assert seen == set(COMPONENTS) - skipped


def load_motto_absent(profile: str) -> bool:
    from cascade.layout.profile import load_profile
    return load_profile(profile).texts.motto is None
