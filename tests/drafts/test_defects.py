"""The defects an office sent drafts back for, each at the rule that fixes it, on the
bundled chart: place names, posts, signing capacity, archive lines, header breaks, the
rule under a State issuer, the one-line Kính gửi, blank-dated SPECs."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.shared import Mm

from cascade.drafts.build import render_draft
from cascade.drafts.context import build_context
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import SpecError, parse_spec
from cascade.layout import rules
from cascade.layout.escape import BREAK
from cascade.layout.fit import break_line, text_width_mm
from cascade.layout.profile import load_profile
from orgchart import UnknownBody

from .conftest import FIXED

ND30, HD36, HD05 = (load_profile(n) for n in ("nd30", "hd36", "hd05"))
BASE = {"summary": "triển khai thực hiện Kết luận số 107-KL/TW", "body": ["Nội dung."]}


def ctx(chart, **spec):
    return build_context(resolve(chart, parse_spec({**BASE, **spec}),
                                 today=dt.date(2026, 1, 15)))


def text(lines) -> list[str]:
    return [str(x["text"]) for x in lines]


# ---------------------------------------------------------------- place and date


@pytest.mark.parametrize(("p", "place", "unit_type", "level", "province", "want"), [
    # hd05: a provincial body writes its province's name alone (HD 05: "Hà Nội, ngày …")
    (HD05, "Lai Châu", "tỉnh", "province", "Lai Châu", "Lai Châu"),
    (HD05, "Hà Nội", "thành phố", "province", "Hà Nội", "Hà Nội"),
    (HD05, "Huế", "thành phố", "province", "Huế", "Thành phố Huế"),   # one syllable
    (HD05, "Phú Thọ", "phường", "commune", "Phú Thọ", "Phường Phú Thọ"),  # as its province
    (HD05, "Vinh", "phường", "commune", "Nghệ An", "Phường Vinh"),
    (HD05, "Bình Lư", "xã", "commune", "Lai Châu", "Bình Lư"),
    # every profile: a name after a person, a number or an event keeps its level word
    (ND30, "Lê Lợi", "xã", "commune", "Lai Châu", "Xã Lê Lợi"),
    (HD36, "Lê Lợi", "xã", "commune", "Lai Châu", "Xã Lê Lợi"),
    (ND30, "Điện Biên Phủ", "phường", "commune", "Điện Biên", "Phường Điện Biên Phủ"),
    (ND30, "1", "phường", "commune", "Hồ Chí Minh", "Phường 1"),
    # hd36 and nd30 keep a one-syllable or province-named unit bare
    (HD36, "Huế", "thành phố", "province", "Huế", "Huế"),
    (ND30, "Phú Thọ", "phường", "commune", "Phú Thọ", "Phú Thọ"),
])
def test_place_names_by_level_and_profile(p, place, unit_type, level, province, want):
    assert rules.place_name(p, place, unit_type, province, level) == want


def test_hd05_provincial_drafts_date_by_the_province_alone(chart):
    for issuer in ("lai-chau.btv", "lai-chau.btgdv", "lai-chau.dubnd"):
        c = ctx(chart, issuer=issuer, type="kế hoạch", date="2026-06-10", signer="Bí thư"
                if issuer != "lai-chau.btgdv" else "Trưởng ban")
        assert str(c["date_line"]) == "Lai Châu, ngày 10 tháng 6 năm 2026", issuer
    # Lê Lợi, a commune of Lai Châu named after a person
    c = ctx(chart, issuer="c03487.ubnd", type="kế hoạch", date="2026-06-10", signer="Chủ tịch")
    assert str(c["date_line"]) == "Xã Lê Lợi, ngày 10 tháng 6 năm 2026"


# ---------------------------------------------------------------- posts and capacity


@pytest.mark.parametrize(("issuer", "signer", "typed", "has"), [
    ("lai-chau.btv", "Phó Bí thư Thường trực Lò Văn Hải", "Phó Bí thư Thường trực",
     "Bí thư, Phó Bí thư"),
    ("lai-chau.ubnd", "Giám đốc", "Giám đốc", "Chủ tịch, Phó Chủ tịch, Chánh Văn phòng"),
    ("lai-chau.ubnd", {"post": "Phó Giám đốc", "name": "X"}, "Phó Giám đốc", "Chủ tịch"),
    ("lai-chau.so-noivu", "Trưởng ban", "Trưởng ban", "Giám đốc, Phó Giám đốc"),
])
def test_a_post_the_issuer_does_not_have_is_an_error_naming_its_posts(chart, issuer, signer,
                                                                      typed, has):
    with pytest.raises(SpecError) as e:
        ctx(chart, issuer=issuer, type="công văn", signer=signer, recipients=["A"])
    msg = str(e.value)
    assert f"chức danh {typed!r} không có ở" in msg and has in msg, msg
    assert msg.startswith("SPEC: signer")  # a SPEC given as data: no file to name


@pytest.mark.parametrize(("signer", "want"), [
    ("Chu tich", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Lương"]),    # no diacritics
    ("CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Lương"]),
    ("pho chu tich Tran Van B", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                 "Tran Van B"]),
    ("Phó Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", ""]),
    # a Chủ tịch's own công văn; a deputy for the head without the TM. line
    ({"post": "Chủ tịch", "capacity": "own"}, ["CHỦ TỊCH", "Lê Văn Lương"]),
    ({"post": "Phó Chủ tịch", "name": "Trần Văn B", "capacity": "deputy"},
     ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn B"]),
    ({"post": "Chánh Văn phòng", "authority": "TL", "name": "C"},
     ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "C"]),
    ({"post": "Giám đốc Sở Nội vụ", "authority": "TUQ", "name": "D"},
     ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ", "D"]),
    ({"post": "Phó Chủ tịch", "authority": "Q", "name": "E"},
     ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "E"]),
])
def test_posts_printed_in_the_charts_form_with_their_capacity(chart, signer, want):
    c = ctx(chart, issuer="lai-chau.ubnd", type="công văn", date="2025-01-15", signer=signer,
            recipients=["Sở Nội vụ"])
    assert text(c["signature"]) == want


def test_party_board_signs_t_l_by_its_office_and_never_k_t(chart):
    c = ctx(chart, issuer="lai-chau.btv", type="thông báo", date="2026-01-15",
            signer={"post": "Chánh Văn phòng", "authority": "TL", "name": "E"})
    assert text(c["signature"]) == ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "E"]
    with pytest.raises(ValueError, match="không ký K/T"):
        ctx(chart, issuer="lai-chau.btv", type="thông báo", date="2026-01-15",
            signer={"post": "Phó Bí thư", "capacity": "deputy"})


def test_decisions_by_the_chairman_or_by_the_committee(chart):
    own = ctx(chart, issuer="lai-chau.ubnd", type="quyết định", date="2025-01-15",
              signer="Chủ tịch", body=[{"article": "A."}, {"article": "B."}])
    assert str(own["authority_line"]) == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert text(own["signature"]) == ["CHỦ TỊCH", "Lê Văn Lương"]
    assert own["noi_nhan"][0] == "- Như Điều 2;"
    board = ctx(chart, issuer="lai-chau.ubnd", type="quyết định", date="2025-01-15",
                signer={"post": "Phó Chủ tịch", "name": "B", "capacity": "on_behalf"},
                body=[{"article": "A."}])
    assert str(board["authority_line"]) == "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert text(board["signature"]) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                        "B"]


def test_nghi_quyet_of_the_council_and_of_the_government(chart):
    hdnd = ctx(chart, issuer="lai-chau.hdnd", type="nghị quyết", date="2026-07-10", number=12,
               session="Khóa XVI, Kỳ họp thứ hai", signer="Chủ tịch",
               body=[{"article": "A."}, {"article": "B."}])
    assert str(hdnd["number_line"]) == "Số: 12/2026/NQ-HĐND"
    assert str(hdnd["decision_word"]) == "QUYẾT NGHỊ:"
    assert str(hdnd["authority_line"]).split(BREAK) == ["HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU",
                                                       "KHÓA XVI, KỲ HỌP THỨ HAI"]
    assert text(hdnd["signature"]) == ["CHỦ TỊCH", ""]
    assert not any("Như Điều" in str(x) for x in hdnd["noi_nhan"])
    individual = ctx(chart, issuer="lai-chau.hdnd", type="nghị quyết", date="2026-07-10",
                     number=15, normative=False, signer="Chủ tịch", body=[{"article": "A."}])
    assert str(individual["number_line"]) == "Số: 15/NQ-HĐND"
    cp = ctx(chart, issuer="cp.cp", type="nghị quyết", date="2026-03-01", number=12,
             signer="Thủ tướng", body=[{"article": "A."}])
    assert str(cp["number_line"]) == "Số: 12/NQ-CP"
    assert str(cp["authority_line"]) == "CHÍNH PHỦ"
    assert text(cp["signature"]) == ["TM. CHÍNH PHỦ", "THỦ TƯỚNG", ""]
    party = ctx(chart, issuer="lai-chau.tu", type="nghị quyết", date="2026-03-20", number=5,
                signer="Bí thư")
    assert str(party["number_line"]) == "Số 05-NQ/TU"
    assert str(party["title"]).split(BREAK) == ["NGHỊ QUYẾT", "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"]
    assert str(party["summary"]).startswith("về triển khai")
    assert text(party["signature"]) == ["T/M TỈNH ỦY", "BÍ THƯ", ""]


# ---------------------------------------------------------------- archive and drafting unit


@pytest.mark.parametrize(("issuer", "doc_type", "signer", "day", "want"), [
    ("lai-chau.btv", "công văn", "Bí thư", "2026-01-15", "- Lưu Văn phòng Tỉnh ủy."),
    ("lai-chau.btgdv", "hướng dẫn", "Trưởng ban", "2026-01-15",
     "- Lưu Ban Tuyên giáo và Dân vận."),
    ("lai-chau.dubnd", "kế hoạch", "Bí thư", "2026-01-15", "- Lưu Văn phòng Đảng ủy."),
    ("lai-chau.bnc", "báo cáo", "Trưởng ban", "2026-01-15", "- Lưu Ban Nội chính."),
    ("lai-chau.ubkt", "thông báo", "Chủ nhiệm", "2026-01-15", "- Lưu Ủy ban Kiểm tra."),
    ("c03390.bxdd", "hướng dẫn", "Trưởng ban", "2026-01-15", "- Lưu Ban Xây dựng Đảng."),
    ("c03390.btv", "hướng dẫn", "Bí thư", "2026-01-15", "- Lưu Văn phòng Đảng ủy."),
    ("lai-chau.bcsd", "kế hoạch", "Bí thư", "2025-01-15", "- Lưu Ban cán sự đảng."),
    # State: a drafting unit is always there
    ("lai-chau.ubnd", "kế hoạch", "Chủ tịch", "2026-01-15", "- Lưu: VT, TH."),
    ("lai-chau.so-noivu", "kế hoạch", "Giám đốc", "2026-01-15", "- Lưu: VT, VP."),
    ("lai-chau.thanhtra", "kết luận", "Chánh Thanh tra", "2026-01-15", "- Lưu: VT, VP."),
    ("c03390.ubnd", "kế hoạch", "Chủ tịch", "2026-01-15", "- Lưu: VT, VP."),
])
def test_each_issuer_files_its_own_copy(chart, issuer, doc_type, signer, day, want):
    c = ctx(chart, issuer=issuer, type=doc_type, date=day, signer=signer,
            recipients=["Cấp trên"] if doc_type in ("công văn", "báo cáo") else [])
    assert c["noi_nhan"][-1] == want


def test_a_state_letter_takes_the_default_unit_in_its_number_too(chart):
    c = ctx(chart, issuer="lai-chau.so-noivu", type="công văn", date="2026-01-15",
            number=12, signer="Giám đốc", recipients=["Ủy ban nhân dân tỉnh"])
    assert str(c["number_line"]) == "Số: 12/SNV-VP"
    c = ctx(chart, issuer="lai-chau.so-noivu", type="công văn", date="2026-01-15",
            number=12, unit="TCCB", signer="Giám đốc", recipients=["Ủy ban nhân dân tỉnh"])
    assert (str(c["number_line"]), c["noi_nhan"][-1]) == ("Số: 12/SNV-TCCB", "- Lưu: VT, TCCB.")


# ---------------------------------------------------------------- room to sign


def test_the_name_line_is_always_there(chart):
    """No holder in the chart: the signature still ends with its (blank) name line, whose
    spacing before is the room for signature and seal."""
    c = ctx(chart, issuer="lai-chau.btv", type="công văn", date="2026-01-15",
            signer="Phó Bí thư", recipients=["A"])
    assert [(str(x["text"]), x["style"]) for x in c["signature"]] == [
        ("T/M BAN THƯỜNG VỤ", "sig_prefix"), ("PHÓ BÍ THƯ", "sig_title"), ("", "sig_name")]
    for p in (ND30, HD36, HD05):
        assert p.components["sig_name"].space_before_pt >= 60


# ---------------------------------------------------------------- header


def test_header_names_never_end_a_line_with_their_dash(chart):
    for day in (dt.date(2025, 1, 15), dt.date(2026, 1, 15)):
        for b in chart.bodies(province="lai-chau", as_of=day) if day.year == 2026 else [
                chart.body(i, day) for i in ("lai-chau.so-ldtbxh", "d105.phong-ldtbxh",
                                             "d105.phong-tckh")]:
            p = HD36 if str(b.system) == "party" else ND30
            for line in rules.header_lines(p, chart.header_lines(b.id, as_of=day),
                                           str(b.kind)):
                assert not any(x.rstrip().endswith(("-", "–")) for x in line.text.split("\n")), (
                    b.id, line.text)
    (issuer,) = [x for x in rules.header_lines(ND30, ["UBND TỈNH LAI CHÂU",
                                                      "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"],
                                               "department") if x.style == "header_issuer"]
    assert issuer.text.split("\n") == ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]
    assert issuer.wide  # 69 mm: a little into the gutter beside its 62 mm column
    # "THÀNH PHỐ" and "XÃ HỘI" are words, not places to break
    assert break_line("UBND THÀNH PHỐ LAI CHÂU", 62, 13, bold=True) == [
        "UBND THÀNH PHỐ", "LAI CHÂU"]


def test_rule_under_a_state_issuer_is_a_third_to_a_half_of_its_name(chart):
    for chain, kind in ((["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "peoples_committee"),
                        (["UBND TỈNH HÀ NAM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], "department"),
                        (["UBND TỈNH LAI CHÂU", "SỞ Y TẾ"], "department"),
                        (["UBND XÃ BÌNH LƯ", "PHÒNG VĂN HÓA - XÃ HỘI"], "division")):
        lines = rules.header_lines(ND30, chain, kind)
        c = ND30.components["header_issuer"]
        name = max(text_width_mm(part, c.size, bold=True) for x in lines
                   if x.style == "header_issuer" for part in x.text.split("\n"))
        mm = rules.issuer_rule_mm(ND30, lines)
        assert name / 3 <= mm <= name / 2, (chain, name, mm)
    assert rules.issuer_rule_mm(HD36, rules.header_lines(HD36, ["TỈNH ỦY LAI CHÂU", "*"],
                                                         "standing_board")) == 0


def test_the_printed_rule_has_the_chosen_length(chart):
    d = resolve(chart, parse_spec({**BASE, "issuer": "lai-chau.so-yte", "type": "kế hoạch",
                                   "date": "2026-01-15", "signer": "Giám đốc"}))
    want = build_context(d)["issuer_rule"]
    cell = docx.Document(io.BytesIO(render_draft(d, FIXED))).tables[0].cell(0, 0)
    (rule,) = [p for p in cell.paragraphs if "w:pBdr" in p._p.xml]
    side = rule.paragraph_format.left_indent
    assert abs((Mm(ND30.geometry.header_left_mm) - 2 * side) - Mm(want)) < Mm(0.1)


def test_one_line_kinh_gui_prints_the_addressee_upright(chart):
    d = resolve(chart, parse_spec({**BASE, "issuer": "lai-chau.btv", "type": "công văn",
                                   "date": "2026-01-15", "signer": "Bí thư",
                                   "recipients": ["Ban Tổ chức Tỉnh ủy"]}))
    doc = docx.Document(io.BytesIO(render_draft(d, FIXED)))
    (par,) = [p for p in doc.paragraphs if p.text.startswith("Kính gửi:")]
    assert par.text == "Kính gửi: Ban Tổ chức Tỉnh ủy."
    label, name = [r for r in par.runs if r.text]
    assert (label.text.strip(), bool(label.italic)) == ("Kính gửi:", True)
    assert (name.text, bool(name.italic)) == ("Ban Tổ chức Tỉnh ủy.", False)


# ---------------------------------------------------------------- blank-dated SPECs


def test_a_blank_dated_draft_reads_the_chart_of_its_year(chart):
    """Vĩnh Linh's Huyện ủy ended on 30/6/2025: a draft for 2025 with no date still finds
    it in December 2026, dated on the last day it existed; a year it never existed in
    names the body."""
    spec = parse_spec({**BASE, "issuer": "d464.btv", "type": "công văn", "year": 2025,
                       "signer": "Bí thư", "recipients": ["A"]})
    d = resolve(chart, spec, today=dt.date(2026, 12, 2))
    assert d.year == 2025 and d.date is None
    assert d.issuer.header_chain[1] == "HUYỆN ỦY VĨNH LINH"
    with pytest.raises(UnknownBody):
        resolve(chart, spec.model_copy(update={"year": 2027}), today=dt.date(2026, 12, 2))


def test_the_readme_examples_draft_as_it_says(chart):
    """The README's nghị quyết and signer examples give what its text and table say."""
    import re
    from pathlib import Path

    import yaml

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Types.**"):readme.index("**Nơi nhận and the chart.**")]
    nq, signer = (yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S))
    c = build_context(resolve(chart, parse_spec(nq), today=dt.date(2026, 7, 10)))
    assert str(c["number_line"]) == "Số: 12/2026/NQ-HĐND"
    assert text(c["signature"]) == ["CHỦ TỊCH", ""]
    c = ctx(chart, issuer="lai-chau.ubnd", type="công văn", date="2026-01-15",
            recipients=["Sở Nội vụ"], signer={**signer["signer"], "authority": None})
    assert text(c["signature"]) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn B"]
