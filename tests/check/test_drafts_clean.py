"""Every draft trienkhai generates checks clean: the gallery (every type × profile ×
level, from the bundled chart), the page-break sweep, and the sample drafts with and
without a number. A dated draft gets its profile from its system and date; a draft with
the day left blank is checked against the profile it was drafted with."""

from __future__ import annotations

import pytest

from cascade.check import check_document
from cascade.drafts.build import render_draft
from cascade.layout.profile import DOC_TYPES, load_profile, profile_names
from tests.drafts.conftest import FIXED
from tests.drafts.samples import sample_draft
from tests.drafts.test_gallery import gallery, sweep


def _problems(drafts, chart) -> dict[str, list[tuple[str, str]]]:
    """Checked with the chart: the issuer resolves and the signer's post is judged too."""
    bad = {}
    for name, d in drafts.items():
        data = render_draft(d, FIXED)
        r = check_document(data, profile=None if d.date else d.profile.name,
                           today=d.date or FIXED.date(), chart=chart)
        if r.profile != d.profile.name or r.findings:
            bad[name] = [("profile", r.profile)] + [(f.rule, f.message) for f in r.findings]
    return bad


def test_the_gallery_checks_clean(chart) -> None:
    drafts = gallery(chart)
    assert len(drafts) == 120
    assert not _problems(drafts, chart)


def test_the_sweep_checks_clean(chart) -> None:
    assert not _problems(sweep(chart), chart)


@pytest.mark.parametrize("profile", profile_names())
def test_every_sample_draft_checks_clean(profile: str) -> None:
    bad = {}
    for doc_type in DOC_TYPES:
        for mark in (True, False):
            d = sample_draft(profile, doc_type, draft_mark=mark)
            r = check_document(render_draft(d, FIXED), profile=profile)
            if r.findings:
                bad[(doc_type, mark)] = [(f.rule, f.message) for f in r.findings]
    assert not bad


@pytest.mark.parametrize("profile", profile_names())
def test_the_drafters_values_lie_inside_the_checked_ranges(profile: str) -> None:
    """One source of truth: the checker's ranges contain the values the drafter prints."""
    p = load_profile(profile)
    for name, c in p.components.items():
        lo, hi = p.check.size_range(name, c.size)
        assert lo <= c.size <= hi, name
    margins = {"top": p.page.margin_top_mm, "bottom": p.page.margin_bottom_mm,
               "left": p.page.margin_left_mm, "right": p.page.margin_right_mm}
    for side, (lo, hi) in p.check.margins_mm.items():
        assert lo <= margins[side] <= hi, side
    lo, hi = p.check.indent_first_mm
    assert lo <= p.components["body"].indent_first_mm <= hi
    body = p.components["body"]
    assert body.space_before_pt + body.space_after_pt >= p.check.paragraph_gap_pt
    if p.check.line_pt:
        assert body.line_pt and p.check.line_pt[0] <= body.line_pt <= p.check.line_pt[1]
    else:
        assert p.check.line_multiple[0] <= (body.line_multiple or 1) <= p.check.line_multiple[1]


def test_a_table_in_the_body_and_an_appendix_are_not_judged_as_body(tmp_path) -> None:
    """A table of tasks (11 pt, left-aligned cells) inside the body and an appendix after
    the signature, on a landscape page of its own, keep the draft clean: they have
    layouts of their own, and only their font is checked."""
    import io

    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm, Pt

    d = docx.Document(io.BytesIO(render_draft(sample_draft("nd30", "ke_hoach"), FIXED)))
    body = next(p for p in d.paragraphs if p.text.startswith("II. NỘI DUNG"))
    table = d.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("TT", "Nhiệm vụ", "Thời hạn"), strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.font.size, run.font.name = Pt(11), "Times New Roman"
    body._p.addnext(table._tbl)
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    head = d.add_paragraph()
    run = head.add_run("Phụ lục I. DANH MỤC NHIỆM VỤ")
    run.font.size, run.font.name = Pt(12), "Times New Roman"
    buf = io.BytesIO()
    d.save(buf)
    r = check_document(buf.getvalue(), profile="nd30")
    assert r.findings == [], [(f.rule, f.message) for f in r.findings]
    run.font.name = "Arial"
    buf = io.BytesIO()
    d.save(buf)
    assert [f.rule for f in check_document(buf.getvalue(), profile="nd30").findings] == ["font"]
    section.page_width = Mm(279.4)  # the appendix on Letter paper, turned
    buf = io.BytesIO()
    d.save(buf)
    found = check_document(buf.getvalue(), profile="nd30").findings
    assert [(f.rule, f.message) for f in found if f.rule == "page_size"] == [
        ("page_size", "phần 2 của văn bản: khổ giấy 279.4 × 210 mm; cần A4")]
