"""The one vocabulary of document types, and the parts that read it."""

from __future__ import annotations

import datetime as dt

import pytest

from cascade import doctypes
from cascade.directive import Directive, parse_directive
from cascade.drafts.paths import template_path
from cascade.drafts.spec import Spec
from cascade.layout.profile import DOC_TYPES, load_profile, profile_names
from cascade.layout.rules import number_line
from cascade.plan_rules import Rule


def test_every_drafted_type_has_a_template_in_every_profile() -> None:
    assert set(DOC_TYPES) == set(doctypes.draft_ids())
    for profile in profile_names():
        for t in DOC_TYPES:
            assert template_path(profile, t).is_file(), (profile, t)


@pytest.mark.parametrize(("text", "type_id"), [
    ("Kế hoạch", "ke_hoach"), ("ke_hoach", "ke_hoach"), ("ke-hoach", "ke_hoach"),
    ("KẾ HOẠCH", "ke_hoach"), ("kế hoạch liên tịch", "ke_hoach_lien_tich"),
    ("Hướng dẫn liên tịch", "huong_dan_lien_tich"),
    ("chương trình công tác", "chuong_trinh_cong_tac"),
    ("Chương trình hành động", "chuong_trinh_hanh_dong"), ("chương trình", "chuong_trinh"),
    ("Thông báo kết luận", "thong_bao"), ("quyết định", "quyet_dinh"),
    ("Quy định", "quy_dinh"), ("Đề án", "de_an"), ("quy chế", "quy_che"),
])
def test_find_names_ids_and_aliases(text: str, type_id: str) -> None:
    t = doctypes.find(text)
    assert t is not None and t.id == type_id


def test_de_is_not_de() -> None:
    """"Đề án" and a "De an" typo are not folded together: Đ is its own letter."""
    assert doctypes.find("De an") is None


def test_codes_by_system_and_date() -> None:
    qd = doctypes.get("quy_dinh")
    assert qd.code("party", dt.date(2019, 2, 18)) == "QĐi"   # 11-QĐi/TW (seed 000)
    assert qd.code("party", dt.date(2026, 3, 1)) == "QĐ"     # Quy định 399-QĐ/TW
    assert qd.code("state") == "QyĐ"
    cv = doctypes.get("cong_van")
    assert cv.code("state") is None and cv.code("party") == "CV"
    assert [t.id for t in doctypes.from_code("party", "QĐ", dt.date(2025, 1, 1))] == [
        "quyet_dinh"]
    assert {t.id for t in doctypes.from_code("party", "QĐ", dt.date(2026, 6, 1))} == {
        "quyet_dinh", "quy_dinh"}


def test_profiles_take_codes_and_titles_from_the_vocabulary() -> None:
    nd30, hd36 = load_profile("nd30"), load_profile("hd36")
    assert number_line(nd30, "ke_hoach", "UBND", 12) == "Số: 12/KH-UBND"
    assert number_line(nd30, "cong_van", "UBND", 762, "TCDNC") == "Số: 762/UBND-TCDNC"
    assert number_line(hd36, "cong_van", "TU", 2269) == "Số 2269-CV/TU"
    assert hd36.type_title("to_trinh") == "TỜ TRÌNH"


def test_spec_type_by_name_and_refusal_lists_the_drafted_types() -> None:
    base = {"issuer": "lai-chau.ubnd", "summary": "x", "signer": "Chủ tịch"}
    assert Spec.model_validate({**base, "type": "Tờ trình"}).type == "to_trinh"
    with pytest.raises(ValueError, match=r"loại văn bản không hỗ trợ: 'giấy mời'.*kế hoạch"):
        Spec.model_validate({**base, "type": "giấy mời"})


def test_plan_rules_refuse_a_type_that_is_not_drafted() -> None:
    rule = {"id": "x", "body": {"kind": "department"}, "answers": [{"level": "central"}],
            "summary": "s", "signer": "Giám đốc"}
    assert Rule.model_validate({**rule, "doc_type": "ke_hoach"}).doc_type == "ke_hoach"
    with pytest.raises(ValueError, match="loại văn bản không soạn được: 'hop_dong'"):
        Rule.model_validate({**rule, "doc_type": "hop_dong"})


def test_directive_type_code_follows_its_date() -> None:
    def directive(type_: str, day: str) -> Directive:
        return parse_directive({"issuer": "tw.bct", "type": type_, "number": 11,
                                "date": dt.date.fromisoformat(day), "summary": "về x",
                                "tasks": [{"text": "Tổ chức quán triệt."}]})

    assert directive("quy định", "2019-02-18").type_code == "QĐi"
    assert directive("Quy định", "2026-02-01").type_code == "QĐ"
    assert directive("kết luận", "2024-12-24").type_code == "KL"
