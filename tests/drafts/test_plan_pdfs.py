"""The drafts an office actually gets, read back as it checks them: the five seed SPECs
(and seeds 000, 001, 004 under hd05) and every draft of the kl-107 plan for Lai Châu on
the 2025 chart (three levels) and the 2026 chart (two), printed by LibreOffice in one
run. None may show a defect a Văn phòng sends a draft back for (``pdfcheck.problems``,
and in the .docx: archive line, drafting unit, signer's post, place)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.build import render_draft
from cascade.drafts.context import Draft
from cascade.drafts.pdf import soffice, to_pdf
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import load_spec
from cascade.plan_rules import load_rules
from cascade.planner import plan
from orgchart.text import key, upper_vi

from .conftest import FIXED
from .helpers import SPECS, read
from .pdfcheck import problems

REPO = Path(__file__).resolve().parents[2]
SEED_DAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def printed(chart, tmp_path_factory) -> dict[str, tuple[Draft, Path, Path]]:
    assert soffice(), "LibreOffice (soffice) is required"
    out = tmp_path_factory.mktemp("plans")
    drafts: dict[str, Draft] = {}
    for n in range(5):
        spec = load_spec(SPECS / f"seed{n:03d}.yaml")
        drafts[f"seed{n:03d}"] = resolve(chart, spec, today=SEED_DAY)
        if n in (0, 1, 4):
            drafts[f"seed{n:03d}-hd05"] = resolve(chart, spec, profile="hd05", today=SEED_DAY)
    directive, rules = load_directive(REPO / "examples" / "kl-107.yaml"), load_rules()
    for day in (dt.date(2025, 1, 15), dt.date(2026, 1, 15)):
        p = plan(chart, directive, rules, as_of=day, scope=["lai-chau"])
        tasks, kids = {t.id: t for t in p.tasks}, children_of(p)
        for t in p.tasks:
            drafts[f"{day.year}-{t.id}"] = resolve(chart, spec_for(p, t, rules, tasks, kids),
                                                   today=day)
    docs = []
    for name, d in drafts.items():
        path = out / f"{name}.docx"
        path.write_bytes(render_draft(d, FIXED))
        docs.append(path)
    pdfs = to_pdf(docs, out / "pdf", timeout=1200)
    return {name: (d, doc, pdf)
            for (name, d), doc, pdf in zip(drafts.items(), docs, pdfs, strict=True)}


def test_all_drafts_are_printed(printed) -> None:
    # issue 14: the bodies that act in practice and the commune BTV's second document
    assert sum(n.startswith("2025-") for n in printed) == 272
    assert sum(n.startswith("2026-") for n in printed) == 143
    assert sum(n.startswith("seed") for n in printed) == 8


def test_no_printed_draft_shows_a_defect(printed) -> None:
    bad = {name: found for name, (d, _, pdf) in printed.items() if (found := problems(d, pdf))}
    assert not bad, bad


def test_archive_unit_signer_and_place_as_an_office_writes_them(chart, printed) -> None:
    """Read from the .docx, against the chart: a Party body other than a committee, its
    board and its office never files with the committee's Văn phòng; a State draft names
    its drafting unit; the signer's post is one of the issuer's, in the chart's spelling;
    hd05 never dates a province by "Tỉnh …"."""
    for name, (d, doc, _) in printed.items():
        parts = read(doc.read_bytes())
        archive = [p.text for p in parts.noi_nhan if p.text.strip()][-1]
        if d.profile.system == "party":
            assert archive.startswith("- Lưu ") and ":" not in archive, (name, archive)
            if d.issuer.kind not in ("party_committee", "standing_board", "party_office"):
                assert not key(archive).startswith(key("- Lưu Văn phòng Tỉnh ủy")), name
            if d.issuer.kind.endswith("_commission"):
                assert key(archive) == key(f"- Lưu {d.issuer.office}."), name
        else:
            assert archive.startswith("- Lưu: VT, ") and len(archive) > len("- Lưu: VT, ."), (
                name, archive)
        sig = [p.text for p in parts.signature if p.text.strip()]
        posts = {upper_vi(x) for x in (d.signer.title, "Phó Bí thư", "Bí thư")}
        assert any(s in posts for s in sig), (name, sig)
        assert not any(s.startswith(("Thường trực", "THƯỜNG TRỰC")) for s in sig), name
        date = parts.date_cell[0].text
        if d.profile.name == "hd05" and d.issuer.unit_level == "province":
            assert not date.startswith(("Tỉnh ", "Thành phố ")), (name, date)
        assert docx.Document(io.BytesIO(doc.read_bytes())).paragraphs[-1].text == ""
