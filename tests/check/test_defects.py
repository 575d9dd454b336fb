"""Each seeded defect (tests/check/defects.py) is found, alone, at its rule; --fix
corrects the mechanical ones without touching the original, and LibreOffice opens
every corrected copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.check import check_document
from cascade.check.fix import fix_document
from cascade.drafts.pdf import soffice, to_pdf

from .defects import DEFECTS, Defect, clean, spoiled


def test_there_are_at_least_thirty_defects_of_twenty_rules() -> None:
    assert len(DEFECTS) >= 30
    assert len({d.rule for d in DEFECTS}) >= 20


@pytest.mark.parametrize("profile,doc_type", sorted({(d.profile, d.doc_type) for d in DEFECTS}))
def test_every_starting_draft_is_clean(profile: str, doc_type: str) -> None:
    r = check_document(clean(profile, doc_type), profile=profile)
    assert r.findings == [] and r.verdict == "ĐẠT", [f.message for f in r.findings]


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.name)
def test_each_defect_is_found_alone_at_its_rule(defect: Defect) -> None:
    r = check_document(spoiled(defect), profile=defect.profile)
    assert [f.rule for f in r.findings] == [defect.rule], [
        (f.rule, f.message) for f in r.findings]
    f = r.findings[0]
    assert f.source and f.message and f.severity in ("lỗi", "cảnh báo")
    assert f.mechanical == defect.mechanical, f
    assert r.verdict == ("CẦN SỬA" if defect.mechanical or f.severity == "cảnh báo"
                         else "KHÔNG ĐẠT")


MECHANICAL = [d for d in DEFECTS if d.mechanical]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory) -> dict[str, tuple[Path, Path, bytes, list[str]]]:
    out = tmp_path_factory.mktemp("fix")
    done = {}
    for i, d in enumerate(MECHANICAL):
        src, dst = out / f"bad-{i:02d}.docx", out / f"fixed-{i:02d}.docx"
        data = spoiled(d)
        src.write_bytes(data)
        done[d.name] = (src, dst, data, fix_document(src, dst, profile=d.profile))
    return done


@pytest.mark.parametrize("defect", MECHANICAL, ids=lambda d: d.name)
def test_fix_corrects_the_mechanical_defect_and_leaves_the_original(defect, fixed) -> None:
    src, dst, data, changes = fixed[defect.name]
    assert src.read_bytes() == data, "the original was changed"
    assert changes, "nothing listed as changed"
    r = check_document(dst, profile=defect.profile)
    assert r.findings == [], [(f.rule, f.message) for f in r.findings]
    before = check_document(src, profile=defect.profile)
    # wording untouched: the same paragraphs, only digits and list marks may differ
    strip = str.maketrans("", "", "0;,.")
    assert [p.translate(strip) for p in _texts(dst)] == [
        p.translate(strip) for p in _texts(src)], before


def _texts(path: Path) -> list[str]:
    from cascade.check.read import read_docx

    return [p.text for p in read_docx(path).paras]


def test_libreoffice_opens_every_fixed_copy(fixed, tmp_path) -> None:
    assert soffice(), "LibreOffice (soffice) is required"
    docs = [dst for _, dst, _, _ in fixed.values()]
    pdfs = to_pdf(docs, tmp_path / "pdf", timeout=600)
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF"), pdf
