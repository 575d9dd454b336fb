"""Each layout rule on its own, with plain values (no chart)."""

from __future__ import annotations

import datetime as dt

import pytest

from cascade.layout import rules
from cascade.layout.body import (
    Article,
    Bullets,
    Heading,
    Point,
    Section,
    close_body,
    letter,
    number_body,
)
from cascade.layout.escape import clean_text, xml_text
from cascade.layout.profile import choose_profile, load_profile, profile_names, with_overrides

ND30, HD36, HD05 = (load_profile(n) for n in ("nd30", "hd36", "hd05"))


def texts(lines):
    return [x.text for x in lines]


def test_profiles_load_and_hd05_lists_only_its_differences():
    assert profile_names() == ["hd05", "hd36", "nd30"]
    a, b = HD36.model_dump(), HD05.model_dump()
    diff = {k for k in a if a[k] != b[k]}
    assert diff == {"name", "version", "summary", "kinh_gui", "date", "signature", "noi_nhan"}


@pytest.mark.parametrize(("system", "day", "name"), [
    ("state", dt.date(2025, 1, 1), "nd30"), ("party", dt.date(2026, 5, 26), "hd36"),
    ("party", dt.date(2026, 5, 27), "hd05"), ("front", dt.date(2026, 1, 1), "nd30"),
])
def test_profile_chosen_from_system_and_date(system, day, name):
    assert choose_profile(system, day) == name


def test_overrides_cannot_touch_template_values():
    assert with_overrides(HD36, {"kinh_gui": {"separator": ";"}}).kinh_gui.separator == ";"
    with pytest.raises(ValueError, match="components"):
        with_overrides(HD36, {"components": {"body": {"size": 20}}})


@pytest.mark.parametrize(("p", "doc_type", "symbol", "number", "unit", "want"), [
    (ND30, "ke_hoach", "UBND", 12, None, "Số: 12/KH-UBND"),
    (ND30, "cong_van", "UBND", 123, "TH", "Số: 123/UBND-TH"),
    (ND30, "cong_van", "UBND", 5, "TH", "Số: 05/UBND-TH"),
    (ND30, "cong_van", "UBND", None, None, "Số:        /UBND"),
    (HD36, "ke_hoach", "TU", 12, None, "Số 12-KH/TU"),
    (HD36, "cong_van", "HU", 1320, None, "Số 1320-CV/HU"),
    (HD05, "huong_dan", "ĐU", 5, None, "Số 05-HD/ĐU"),
])
def test_number_line(p, doc_type, symbol, number, unit, want):
    assert rules.number_line(p, doc_type, symbol, number, unit) == want


def test_draft_number_keeps_the_blank():
    line = rules.number_line(ND30, "cong_van", "UBND", None, "TH")
    assert line.startswith("Số: ") and line.endswith("/UBND-TH") and line[4:-8].isspace()


@pytest.mark.parametrize(("day", "want"), [
    (dt.date(2026, 1, 5), "Lai Châu, ngày 05 tháng 01 năm 2026"),
    (dt.date(2019, 6, 29), "Lai Châu, ngày 29 tháng 6 năm 2019"),
    (dt.date(2025, 2, 10), "Lai Châu, ngày 10 tháng 02 năm 2025"),
    (dt.date(2025, 3, 9), "Lai Châu, ngày 09 tháng 3 năm 2025"),
])
def test_date_line_leading_zeros(day, want):
    assert rules.date_line(ND30, "Lai Châu", day) == want


def test_blank_draft_date_keeps_the_year():
    line = rules.date_line(ND30, "Lai Châu", None, 2025)
    assert " ".join(line.split()) == "Lai Châu, ngày tháng năm 2025"
    with pytest.raises(ValueError):
        rules.date_line(ND30, "Lai Châu", None)


def test_hd05_place_keeps_level_word_for_short_or_province_names():
    assert rules.place_name(HD05, "Huế", "phường", "Huế") == "Phường Huế"
    assert rules.place_name(HD05, "Vinh", "phường", "Nghệ An") == "Phường Vinh"
    assert rules.place_name(HD05, "Bình Lư", "xã", "Lai Châu") == "Bình Lư"
    assert rules.place_name(HD36, "Huế", "phường", "Huế") == "Huế"


def test_header_lines_from_chain():
    assert [(x.text, x.style) for x in rules.header_lines(
        ND30, ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "peoples_committee")] == [
        ("ỦY BAN NHÂN DÂN", "header_issuer"), ("TỈNH LAI CHÂU", "header_issuer")]
    assert [(x.text, x.style) for x in rules.header_lines(
        ND30, ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"], "department")] == [
        ("UBND TỈNH LAI CHÂU", "header_parent"), ("SỞ NỘI VỤ", "header_issuer")]
    assert texts(rules.header_lines(HD36, ["TỈNH ỦY LAI CHÂU", "*"], "standing_board")) == [
        "TỈNH ỦY LAI CHÂU", "*"]


@pytest.mark.parametrize(("p", "doc_type", "given", "want"), [
    (ND30, "cong_van", "Triển khai Kết luận", "V/v triển khai Kết luận"),
    (ND30, "cong_van", "V/v: triển khai", "V/v triển khai"),
    (HD36, "cong_van", "tăng cường lãnh đạo", "Tăng cường lãnh đạo"),
    (HD05, "cong_van", "Về việc tăng cường", "về việc tăng cường"),
    (HD36, "huong_dan", "Công tác tuyên truyền", "công tác tuyên truyền"),
    (ND30, "ke_hoach", "quán triệt", "Quán triệt"),
    (ND30, "quyet_dinh", "về việc khen thưởng", "Về việc khen thưởng"),
    (HD36, "huong_dan", "UBND xã thực hiện", "UBND xã thực hiện"),
])
def test_summary_text(p, doc_type, given, want):
    assert rules.summary_text(p, doc_type, given) == want


def test_kinh_gui_one_or_many():
    # one addressee on the label's line, the label in a run of its own style (italic under
    # the Party), the addressee upright
    (one,) = rules.kinh_gui(HD36, "cong_van", ["Ban Tổ chức Tỉnh ủy"])
    assert (one.label, one.text, one.style) == ("Kính gửi:", "Ban Tổ chức Tỉnh ủy.",
                                                "kinh_gui_one")
    assert HD36.components["kinh_gui_label"].italic
    assert not HD36.components["kinh_gui_item"].italic
    (one,) = rules.kinh_gui(ND30, "cong_van", ["Sở Nội vụ"])
    assert f"{one.label} {one.text}" == "Kính gửi: Sở Nội vụ."
    assert texts(rules.kinh_gui(HD36, "cong_van", ["A;", "B"])) == ["Kính gửi:", "- A,", "- B."]
    assert texts(rules.kinh_gui(HD05, "to_trinh", ["A", "B"])) == ["Kính trình:", "- A;", "- B."]
    assert rules.kinh_gui(ND30, "ke_hoach", []) == []


def test_noi_nhan_order_and_punctuation():
    c = [rules.Copy(text="TT. Tỉnh ủy", purpose="report"), rules.Copy(text="Thanh tra tỉnh",
                                                                       purpose="follow")]
    assert rules.noi_nhan(ND30, "cong_van", c, has_kinh_gui=True, unit="TH") == [
        "- Như trên;", "- TT. Tỉnh ủy (để b/c);", "- Thanh tra tỉnh (để theo dõi);",
        "- Lưu: VT, TH."]
    assert rules.noi_nhan(ND30, "ke_hoach", c[:1], has_kinh_gui=False, unit=None) == [
        "- TT. Tỉnh ủy (để b/c);", "- Lưu: VT."]
    assert rules.noi_nhan(ND30, "quyet_dinh", [], has_kinh_gui=False, unit="TH",
                          last_article=3) == ["- Như Điều 3;", "- Lưu: VT, TH."]
    assert rules.noi_nhan(HD36, "cong_van", [rules.Copy(text="Ban Nội chính Trung ương")],
                          has_kinh_gui=True, office="Văn phòng Thành ủy") == [
        "- Như trên,", "- Ban Nội chính Trung ương,", "- Lưu Văn phòng Thành ủy."]
    with pytest.raises(ValueError, match="Văn phòng"):
        rules.noi_nhan(HD36, "cong_van", [], has_kinh_gui=True)


@pytest.mark.parametrize(("p", "kw", "want"), [
    (ND30, {"role": "head", "title": "Chủ tịch", "collective": "Ủy ban nhân dân",
            "head_title": "Chủ tịch"}, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    (ND30, {"role": "deputy", "title": "Phó Chủ tịch", "collective": "Ủy ban nhân dân",
            "head_title": "Chủ tịch"}, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (ND30, {"role": "head", "title": "Giám đốc", "collective": None, "head_title": "Giám đốc"},
     ["GIÁM ĐỐC"]),
    (ND30, {"role": "deputy", "title": "Phó Giám đốc", "collective": None,
            "head_title": "Giám đốc"}, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    (ND30, {"role": "acting", "title": "Phó Giám đốc", "collective": None,
            "head_title": "Giám đốc"}, ["Q. GIÁM ĐỐC"]),
    (ND30, {"role": "office_chief", "title": "Chánh Văn phòng", "collective": "Ủy ban nhân dân",
            "head_title": "Chủ tịch"}, ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    (HD36, {"role": "deputy", "title": "Phó Bí thư", "collective": "Ban Thường vụ",
            "head_title": "Bí thư"}, ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]),
    (HD36, {"role": "standing_deputy", "title": "Phó Bí thư Thường trực",
            "collective": "Ban Thường vụ", "head_title": "Bí thư"},
     ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]),
    (HD05, {"role": "standing_deputy", "title": "Phó Bí thư Thường trực",
            "collective": "Ban Thường vụ", "head_title": "Bí thư"},
     ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]),
    (HD36, {"role": "deputy", "title": "Phó Trưởng ban", "collective": None,
            "head_title": "Trưởng ban"}, ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
    (HD36, {"role": "deputy", "title": "Phó Trưởng ban", "collective": None,
            "head_title": None}, ["PHÓ TRƯỞNG BAN"]),
    (HD36, {"role": "office_chief", "title": "Chánh Văn phòng", "collective": "Ban Thường vụ",
            "head_title": "Bí thư"}, ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]),
    (HD36, {"role": "head", "title": "Tổng Bí thư", "collective": "Bộ Chính trị",
            "head_title": "Tổng Bí thư", "kind": "politburo"}, ["T/M BỘ CHÍNH TRỊ"]),
])
def test_signature_block(p, kw, want):
    lines = rules.signature_block(p, name="Nguyễn Văn A", **kw)
    assert texts(lines) == [*want, "Nguyễn Văn A"]


def test_signature_styles_and_hd05_title_whitelist():
    lines = rules.signature_block(ND30, role="deputy", title="Phó Chủ tịch",
                                  collective="Ủy ban nhân dân", head_title="Chủ tịch", name="X")
    assert [x.style for x in lines] == ["sig_prefix", "sig_prefix", "sig_title", "sig_name"]
    with pytest.raises(ValueError, match="thay mặt"):
        rules.signature_block(HD05, role="head", title="Trưởng ban", collective="Ban Thường vụ",
                              head_title="Bí thư", name=None)
    with pytest.raises(ValueError):
        rules.signature_block(HD36, role="delegated", title="X", collective=None,
                              head_title="Y", name=None)


def test_body_numbering_state_and_party():
    nodes = ["Mở đầu", Section(section="mục đích, yêu cầu.", content=[
        Heading(heading="Mục đích.", content=[Point(point="a", content=[Bullets(bullets=["x"])])])
    ]), Section(section="Tổ chức thực hiện", content=[Point(point="Cuối cùng;")])]
    got = [(b.label, b.text) for b in close_body(ND30, number_body(ND30, nodes))]
    assert got == [("", "Mở đầu"), ("I. ", "MỤC ĐÍCH, YÊU CẦU"), ("1. ", "Mục đích"),
                   ("a) ", "a"), ("- ", "x"), ("II. ", "TỔ CHỨC THỰC HIỆN"),
                   ("1. ", "Cuối cùng./.")]
    got = [(b.label, b.text) for b in close_body(HD36, number_body(HD36, nodes))]
    assert got[1] == ("I- ", "MỤC ĐÍCH, YÊU CẦU") and got[-1] == ("1. ", "Cuối cùng.")
    arts = number_body(ND30, [Article(article="Một."), Article(article="Hai.")])
    assert [(b.kind, b.label) for b in arts] == [("article", "Điều 1. "), ("article", "Điều 2. ")]


def test_point_letters_skip_f_j_w_z_and_include_d_stroke():
    assert [letter(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_escaping_user_text():
    assert clean_text("a\x00b\x07c\r\nd\ud800") == "abc\nd"
    x = xml_text('<w:t>&"\'\tx\ny')
    assert "&lt;w:t&gt;&amp;&#34;&#39;" in x
    assert "<w:tab/>" in x and "<w:br/>" in x and "<w:t>" not in x.replace(
        '<w:t xml:space="preserve">', "")
