"""Spec → chart → signature, recipients and profile, on the bundled chart."""

from __future__ import annotations

import pytest

from cascade.drafts.context import build_context
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import SpecError, parse_spec
from orgchart import UnknownBody

BASE = {"summary": "Triển khai thực hiện Kết luận số 107-KL/TW", "body": ["Nội dung."]}


def sig(chart, **spec):
    d = resolve(chart, parse_spec({**BASE, **spec}))
    return [str(x["text"]) for x in build_context(d)["signature"]]


def test_department_deputy_signs_kt(chart):
    assert sig(chart, issuer="ha-nam.so-vhttdl", type="kế hoạch", date="2025-04-10",
               signer="Phó Giám đốc Nguyễn Văn A") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                                                       "Nguyễn Văn A"]


def test_ubnd_deputy_signs_tm_then_kt(chart):
    assert sig(chart, issuer="UBND tỉnh Lai Châu", type="công văn", date="2025-01-15",
               signer={"post": "Phó Chủ tịch", "name": "Trần Văn B"}) == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn B"]


def test_office_chief_signs_tl(chart):
    assert sig(chart, issuer="lai-chau.ubnd", type="thông báo", date="2025-01-15",
               signer={"post": "Chánh Văn phòng", "name": "C", "authority": "TL"}) == [
        "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "C"]


def test_party_deputy_never_signs_kt(chart):
    got = sig(chart, issuer="c03390.btv", type="hướng dẫn", date="2025-10-15",
              signer="Phó Bí thư Nguyễn Văn D")
    assert got == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn D"]


def test_individual_decision_of_the_chairman(chart):
    d = resolve(chart, parse_spec({**BASE, "issuer": "lai-chau.ubnd", "type": "quyết định",
                                   "date": "2025-01-15", "signer": "Chủ tịch",
                                   "grounds": ["Căn cứ Luật Tổ chức chính quyền địa phương"],
                                   "body": [{"article": "Khen thưởng."},
                                            {"article": "Hiệu lực."},
                                            {"article": "Thi hành."}], "unit": "NC"}))
    ctx = build_context(d)
    assert ctx["authority_line"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert [str(x["text"]) for x in ctx["signature"]] == ["CHỦ TỊCH", "Lê Văn Lương"]
    assert ctx["noi_nhan"][0] == "- Như Điều 3;" and ctx["noi_nhan"][-1] == "- Lưu: VT, NC."
    assert ctx["grounds"] == ["Căn cứ Luật Tổ chức chính quyền địa phương."]
    assert ctx["summary"] == "Về việc triển khai thực hiện Kết luận số 107-KL/TW"


def test_profile_follows_the_date(chart):
    spec = {**BASE, "issuer": "c03390.btv", "type": "công văn", "signer": "Bí thư"}
    assert resolve(chart, parse_spec({**spec, "date": "2026-05-26"})).profile.name == "hd36"
    assert resolve(chart, parse_spec({**spec, "date": "2026-05-27"})).profile.name == "hd05"
    assert resolve(chart, parse_spec({**spec, "date": "2026-05-26"}),
                   profile="hd05").profile.name == "hd05"


def test_recipients_and_copies(chart):
    d = resolve(chart, parse_spec({
        **BASE, "issuer": "ha-nam.so-vhttdl", "type": "báo cáo", "date": "2025-04-10",
        "signer": "Giám đốc", "unit": "VP", "recipients": ["ha-nam.ubnd"],
        "copies_to": ["ha-nam.ubnd", "Lãnh đạo Sở", {"to": "ha-nam.thanhtra", "purpose": "follow"}],
    }))
    ctx = build_context(d)
    assert [(str(x["label"]), str(x["text"])) for x in ctx["kinh_gui"]] == [
        ("Kính gửi:", "Ủy ban nhân dân tỉnh Hà Nam.")]
    assert ctx["noi_nhan"] == ["- Như trên;", "- UBND tỉnh Hà Nam (để b/c);", "- Lãnh đạo Sở;",
                               "- Thanh tra tỉnh (để theo dõi);", "- Lưu: VT, VP."]


def test_unknown_bodies_come_with_nearest_names(chart):
    with pytest.raises(UnknownBody) as e:
        resolve(chart, parse_spec({**BASE, "issuer": "UBND tỉnh Lai Chau", "type": "công văn",
                                   "signer": "Chủ tịch", "date": "2025-01-15"}))
    assert e.value.suggestions
    with pytest.raises(UnknownBody) as e:
        resolve(chart, parse_spec({**BASE, "issuer": "lai-chau.ubnd", "type": "công văn",
                                   "signer": "Chủ tịch", "date": "2025-01-15",
                                   "recipients": ["lai-chau.so-vhtdl"]}))
    assert any("lai-chau.so-vhttdl" in s for s in e.value.suggestions)


def test_spec_errors_are_in_vietnamese_and_name_the_field():
    with pytest.raises(SpecError) as e:
        parse_spec({"issuer": "x", "type": "công văn", "summary": "", "signer": 3,
                    "body": [{"sectionn": "A"}]}, "a.yaml")
    msg = str(e.value)
    assert "a.yaml: summary: không được để trống" in msg
    assert "a.yaml: signer: phải là một chuỗi văn bản hoặc một bảng khóa" in msg
    # one line for the mistyped key, with the key it most resembles
    assert "a.yaml: body.0.sectionn: khóa không có; có phải 'section'?" in msg
    assert len(msg.splitlines()) == 3
