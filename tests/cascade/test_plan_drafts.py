"""Every draft of the Lai Châu plans: each cites exactly its parents, in each parent's own
number format, and (as of 2026) all open in LibreOffice (one PDF conversion run)."""

from __future__ import annotations

import re

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import POST, PRE

from cascade.citations.reader import read_document
from cascade.compose import number_text
from cascade.drafts.pdf import soffice, to_pdf
from cascade.plan_cli import convert_pdfs, write_drafts
from cascade.planner import ROOT, Issued, Plan, plan

CODES = {"cong_van": "CV", "ke_hoach": "KH", "huong_dan": "HD"}


def issued_all(p: Plan) -> dict[str, Issued]:
    """Every document numbered (n = its place in the plan) and dated on its deadline."""
    return {t.id: Issued(number=str(i + 1), date=t.deadline) for i, t in enumerate(p.tasks)}


def expected(p: Plan, parent: str) -> tuple[str, int, str]:
    """(type code, number, symbol) of a parent, from its own number format."""
    if parent == ROOT:
        return p.directive.type_code, int(p.directive.number), "KL/TW"
    t = p.task(parent)
    text = number_text(t)  # "12-KH/ĐU", "05/UBND-TH"
    m = re.fullmatch(r"(\d+)[-/](.+)", text)
    assert m, text
    return CODES[t.doc_type], int(m[1]), m[2]


def check_citations(p: Plan, out, rows) -> None:
    for row in rows:
        res = read_document(out / row["file"])
        got = {(c.type_code, int(c.number), c.symbol) for c in res.citations
               if c.role == "parent"}
        want = {expected(p, x) for x in p.task(row["id"]).parents}
        assert got == want, (row["id"], got, want)
        assert res.header.number is not None  # its own number, filled in


@pytest.fixture(scope="module")
def post_numbered(chart, kl107, rules):
    first = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"])
    return plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"], issued=issued_all(first))


def test_lai_chau_2026_drafts_cite_parents_and_open_in_libreoffice(post_numbered, rules,
                                                                    tmp_path):
    p = post_numbered
    out = tmp_path / "drafts"
    rows = write_drafts(p, rules, out, workers=2, progress=False)
    assert len(rows) == len(p.tasks) == 143
    check_citations(p, out, rows)
    assert soffice(), "LibreOffice (soffice) is required for this test"
    pdfs = to_pdf([out / r["file"] for r in rows], tmp_path / "pdf", timeout=600)
    assert len(pdfs) == 143
    assert all(f.read_bytes().startswith(b"%PDF") and f.stat().st_size > 10_000 for f in pdfs)


def test_lai_chau_2025_drafts_cite_parents(chart, kl107, rules, tmp_path):
    first = plan(chart, kl107, rules, as_of=PRE, scope=["lai-chau"])
    p = plan(chart, kl107, rules, as_of=PRE, scope=["lai-chau"], issued=issued_all(first))
    out = tmp_path / "drafts"
    rows = write_drafts(p, rules, out, workers=2, progress=False)
    check_citations(p, out, rows)


def test_unissued_drafts_cite_blanks(lai_chau_post, rules, tmp_path):
    sample = lai_chau_post.model_copy(update={"tasks": lai_chau_post.tasks[:6]})
    out = tmp_path / "d"
    rows = write_drafts(sample, rules, out, progress=False)
    res = read_document(out / rows[2]["file"])  # Đảng ủy UBND: cites the Tỉnh ủy letter
    # the year of the parent's deadline: counted from the directive's date, 2025
    assert "Thực hiện Công văn số       -CV/TU ngày    /  /2025 của Ban Thường vụ Tỉnh ủy " \
           "Lai Châu" in res.text
    assert res.header.number is None  # its own number left to the văn thư
    assert convert_pdfs(out, rows) == 6  # draft-plan --pdf: PDFs beside the drafts
    assert all((out / r["file"]).with_suffix(".pdf").read_bytes()[:4] == b"%PDF" for r in rows)


def test_each_body_once_in_noi_nhan(lai_chau_post, rules):
    from cascade.compose import spec_for

    for t in lai_chau_post.tasks:
        spec = spec_for(lai_chau_post, t, rules)
        names = [c.to for c in spec.copies_to]
        assert len(names) == len(set(names)), (t.id, names)
        assert not set(names) & set(spec.recipients), t.id
