"""Each seed rebuilt from the bundled chart and a SPEC, compared line by line.

The seeds are plain-text extractions: headers, numbers and dates were lost in 000, 003
and 004, and Kính gửi in 002; those parts are checked against docs/format-rules.md instead.
Seed typos are not reproduced; each is named where the expectation differs.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import load_spec

from .conftest import FIXED
from .helpers import SPECS, read, seed_between, seed_lines, texts, ws

TODAY = dt.date(2025, 6, 1)  # for the undated draft (002): the chart as of mid-2025


def build(chart, n: int, profile: str | None = None):
    spec = load_spec(SPECS / f"seed{n:03d}.yaml")
    d = resolve(chart, spec, profile=profile, today=TODAY)
    return d, read(render_draft(d, FIXED))


def items(paras) -> list[str]:
    return [ws(t) for t in texts(paras)]


def kinh_gui_items(parts) -> list[str]:
    body = items(parts.body)
    i = body.index("Kính gửi:")
    out = []
    for line in body[i + 1:]:
        if not line.startswith("- "):
            break
        out.append(line)
    return out


def test_seed000_thanh_uy_cong_van_hd36_and_hd05(chart):
    d, p = build(chart, 0)
    assert d.profile.name == "hd36"
    assert items(p.header_left) == ["THÀNH ỦY CẦN THƠ", "*"]
    assert items(p.header_right) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert re.fullmatch(r"Số\s+-CV/TU", p.number_line)  # a draft: number left blank
    assert items(p.date_cell) == ["Cần Thơ, ngày 10 tháng 3 năm 2025"]
    # hd36 công văn summary: a bare phrase, no "V/v"
    assert items(p.number_cell)[1] == ("Triển khai thực hiện Kết luận số 107-KL/TW ngày "
                                       "24/12/2024 của Bộ Chính trị")
    # Kính gửi: the seed's items, "," between and "." after the last (hd36, as in 000)
    seed = seed_lines(0)
    seed_items = [seed[0].removeprefix("Kính gửi: "), seed[1], seed[2] + " " + seed[3]]
    assert kinh_gui_items(p) == seed_items
    # 000 prints "-----" after Kính gửi: a defect (docs/format-rules §15), not reproduced
    assert "-----" not in items(p.body)
    assert items(p.noi_nhan) == ["Nơi nhận:", *seed_between(0, "Nơi nhận:", "T/M BAN THƯỜNG VỤ")]
    assert items(p.signature) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Phạm Văn Hiểu"] \
        == seed_lines(0)[-3:]
    assert items(p.body)[-1].endswith("kết quả thực hiện.")  # Party end mark "."

    # The same document under hd05: "về việc", ";" in Kính gửi and Nơi nhận.
    d5, p5 = build(chart, 0, profile="hd05")
    assert d5.profile.name == "hd05"
    assert items(p5.number_cell)[1].startswith("về việc triển khai thực hiện")
    assert [x[-1] for x in kinh_gui_items(p5)] == [";", ";", "."]
    assert items(p5.noi_nhan)[1:] == ["- Như trên;", "- Ban Nội chính Trung ương;",
                                      "- Các đồng chí Thành ủy viên;",
                                      "- Lưu Văn phòng Thành ủy."]
    assert items(p5.signature) == items(p.signature)


def test_seed001_huyen_uy_cong_van(chart):
    d, p = build(chart, 1)
    assert d.profile.name == "hd36"
    assert items(p.header_left) == ["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "HUYỆN ỦY VĨNH LINH", "*"]
    # seed 001 prints "Số 1320CV/HU" (typo, docs/format-rules §15): the hyphen is restored
    assert seed_lines(1)[1] == "Số 1320CV/HU"
    assert p.number_line == "Số 1320-CV/HU"
    assert items(p.number_cell)[1] == ws(" ".join(seed_lines(1)[2:4]))
    assert items(p.date_cell) == ["Vĩnh Linh, ngày 10 tháng 3 năm 2025"]
    # seed: "- Kính gửi:*" (stray dash and mark); items end ";" and "." as in 001
    seed_items = [ws(x) for x in seed_between(1, "- Kính gửi:*", seed_lines(1)[10])]
    assert kinh_gui_items(p) == seed_items
    # Nơi nhận: the seed's last line "- Lưu VPHU, UBND THU." is garbled (§15) and the
    # label carries a stray "*vu*"; the archive line follows hd36.
    seed_nn = seed_between(1, "Nơi nhận: *vu*", "T/M BAN THƯỜNG VỤ")
    assert seed_nn[-1] == "- Lưu VPHU, UBND THU."
    assert items(p.noi_nhan) == ["Nơi nhận:", *seed_nn[:-1], "- Lưu Văn phòng Huyện ủy."]
    # seed signature has a stray "vu" line between title and name
    assert items(p.signature) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Hồng Quyết"]
    assert [x for x in seed_lines(1)[-4:] if x != "vu"] == items(p.signature)

    d5, p5 = build(chart, 1, profile="hd05")
    assert d5.profile.name == "hd05"
    assert items(p5.number_cell)[1] == ("về việc tăng cường lãnh đạo, chỉ đạo công tác tiếp "
                                        "công dân, xử lý đơn thư")
    assert items(p5.noi_nhan)[1:] == ["- Như trên;", "- Ban Nội chính Tỉnh ủy;",
                                      "- Thường trực Huyện ủy;", "- Lưu Văn phòng Huyện ủy."]


def test_seed002_ubnd_tinh_cong_van_draft(chart):
    d, p = build(chart, 2)
    assert d.profile.name == "nd30"
    seed = seed_lines(2)
    assert items(p.header_left) == seed[0:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert items(p.header_right) == seed[2:4]
    assert re.fullmatch(r"Số:\s+/UBND-TH", p.number_line)
    assert ws(p.number_line) == seed[4] == "Số: /UBND-TH"
    assert items(p.number_cell)[1] == ws(" ".join(seed[5:8]))  # V/v, upright
    assert ws(items(p.date_cell)[0]) == seed[8] == "Lai Châu, ngày tháng năm 2025"
    assert re.fullmatch(r"Lai Châu, ngày\s{4,}tháng\s{4,}năm 2025", p.date_cell[0].text)
    # Kính gửi was lost in the seed; two addressees, one per line
    assert kinh_gui_items(p) == ["- Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh;",
                                 "- Chủ tịch UBND các huyện, thành phố."]
    assert items(p.body)[-1].endswith("theo quy định./.")
    assert seed[seed.index("Nơi nhận:") - 1].endswith("theo quy định./.")
    # Nơi nhận: seed "- TT. Tỉnh ủy; (B/c)" puts the note after ";" and ends with
    # "- Lưu: VT, Th3." (typo for the drafting unit TH): both corrected.
    seed_nn = seed_between(2, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN")
    assert seed_nn[1] == "- TT. Tỉnh ủy; (B/c)" and seed_nn[-1] == "- Lưu: VT, Th3."
    assert items(p.noi_nhan) == ["Nơi nhận:", seed_nn[0], "- TT. Tỉnh ủy (B/c);",
                                 *seed_nn[2:-1], "- Lưu: VT, TH."]
    assert items(p.signature) == seed[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                                                "Lê Văn Lương"]


def test_seed003_so_ke_hoach(chart):
    d, p = build(chart, 3)
    assert d.profile.name == "nd30"
    assert items(p.header_left) == ["UBND TỈNH HÀ NAM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert re.fullmatch(r"Số:\s+/KH-SVHTTDL", p.number_line)
    assert items(p.date_cell) == ["Hà Nam, ngày 10 tháng 4 năm 2025"]
    seed = seed_lines(3)
    body = items(p.body)
    assert body[0] == seed[0] == "KẾ HOẠCH"
    assert body[1] == ws(" ".join(seed[1:4]))
    # 003 ends its headings with "." (§15); nd30 headings have no full stop
    assert "I. MỤC ĐÍCH, YÊU CẦU." in seed and "I. MỤC ĐÍCH, YÊU CẦU" in body
    assert "1. Mục đích" in body and "2. Yêu cầu" in body
    assert "II. NỘI DUNG" in body and "III. TỔ CHỨC THỰC HIỆN" in body
    assert body[-1].endswith("theo quy định./.")
    assert items(p.noi_nhan) == ["Nơi nhận:", *seed_between(3, "Nơi nhận:", "GIÁM ĐỐC")]
    assert items(p.signature) == seed[-2:] == ["GIÁM ĐỐC", "Mai Thành Chung"]


def test_seed004_dang_uy_xa_huong_dan_hd36_and_hd05(chart):
    d, p = build(chart, 4)
    assert d.profile.name == "hd36"
    assert items(p.header_left) == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ BÌNH LƯ", "*"]
    assert re.fullmatch(r"Số\s+-HD/ĐU", p.number_line)
    assert items(p.date_cell) == ["Bình Lư, ngày 15 tháng 10 năm 2025"]
    seed = seed_lines(4)
    body = items(p.body)
    assert body[0] == seed[0] == "HƯỚNG DẪN"
    assert body[1] == ws(" ".join(seed[1:5]))  # lower-case first letter
    assert body[2] == seed[5] == "-----"
    for heading in ("I- MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu",
                    "II- CÁC NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", "III- TỔ CHỨC THỰC HIỆN"):
        assert heading in seed and heading in body
    # the seed writes "Lưu Văn phòng Đảng uỷ." while the rest of the chart spells "ủy"
    seed_nn = seed_between(4, "Nơi nhận:", "T/M BAN THƯỜNG VỤ")
    assert seed_nn[-1] == "- Lưu Văn phòng Đảng uỷ."
    assert items(p.noi_nhan) == ["Nơi nhận:", *seed_nn[:-1], "- Lưu Văn phòng Đảng ủy."]
    assert items(p.signature) == seed[-3:] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC",
                                                "Lê Thanh Hải"]

    d5, p5 = build(chart, 4, profile="hd05")
    assert d5.profile.name == "hd05"
    # hd05 allows only six titles under T/M: the standing deputy signs "PHÓ BÍ THƯ"
    assert items(p5.signature) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Thanh Hải"]
    assert all(x.endswith(";") for x in items(p5.noi_nhan)[1:-1])
    assert items(p5.noi_nhan)[1] == "- Ban Tuyên giáo và Dân vận Tỉnh ủy (báo cáo);"


@pytest.mark.parametrize("n", range(5))
def test_seed_specs_render_deterministically(chart, n):
    spec = load_spec(SPECS / f"seed{n:03d}.yaml")
    a = render_draft(resolve(chart, spec, today=TODAY), FIXED)
    b = render_draft(resolve(chart, spec, today=TODAY), FIXED)
    assert a == b
