"""The reader on documents as printed: Kính gửi and Nơi nhận items raw and clean with
their purpose, wrapped and glued signature lines, number lines that break the rules, and
headers that name a committee alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from cascade.citations.header import list_item
from cascade.citations.reader import read_document, read_text
from orgchart import Chart

# ------------------------------------------------------------------ items


@pytest.mark.parametrize(("raw", "text", "terminator", "purpose", "kind", "role"), [
    ("- UBND tỉnh Hà Nam (để b/c);", "UBND tỉnh Hà Nam", ";", "để b/c", "report", "body"),
    ("- TT. Tỉnh ủy; (B/c)", "TT. Tỉnh ủy", ";", "B/c", "report", "body"),  # seed 002
    ("- Ban Tuyên giáo và Dân vận Tỉnh ủy (báo cáo),", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
     ",", "báo cáo", "report", "body"),  # seed 004
    ("- Thanh tra tỉnh (để theo dõi);", "Thanh tra tỉnh", ";", "để theo dõi", "follow",
     "body"),
    ("- Lãnh đạo Sở (để chỉ đạo);", "Lãnh đạo Sở", ";", "để chỉ đạo", "direct", "body"),
    ("- Các phòng, đơn vị thuộc Sở (t/h);", "Các phòng, đơn vị thuộc Sở", ";", "t/h",
     "execute", "body"),
    ("- Sở Tư pháp (để phối hợp);", "Sở Tư pháp", ";", "để phối hợp", "coordinate", "body"),
    ("- Văn phòng UBND tỉnh (V, C);", "Văn phòng UBND tỉnh (V, C)", ";", None, None, "body"),
    ("- Như trên,", "Như trên", ",", None, None, "as_above"),
    ("- Như Điều 3;", "Như Điều 3", ";", None, None, "as_above"),
    ("- Lưu: VT, Th3.", "Lưu: VT, Th3", ".", None, None, "archive"),
    ("- Lưu Văn phòng Đảng uỷ.", "Lưu Văn phòng Đảng uỷ", ".", None, None, "archive"),
    ("- Các đảng ủy xã, phường", "Các đảng ủy xã, phường", None, None, None, "body"),
])
def test_list_item(raw: str, text: str, terminator: str | None, purpose: str | None,
                   kind: str | None, role: str) -> None:
    it = list_item(raw)
    assert (it.raw, it.text, it.terminator, it.purpose, it.purpose_kind, it.kind) == (
        raw, text, terminator, purpose, kind, role)


def test_seed_items_keep_their_print(seed_path: Callable[[int], Path]) -> None:
    h = read_document(seed_path(1)).header
    assert [i.raw for i in h.recipient_items][:2] == [
        "- Ủy ban nhân dân huyện;", "- Thường trực Hội đồng nhân dân huyện;"]
    assert [i.terminator for i in h.recipient_items] == [";", ";", ";", ";", "."]
    assert [i.text for i in h.recipient_items] == h.recipients
    h = read_document(seed_path(0)).header
    assert [i.terminator for i in h.recipient_items] == [",", ",", "."]
    assert [i.terminator for i in h.distribution_items] == [",", ",", ",", "."]
    h = read_document(seed_path(3)).header
    assert [(i.text, i.purpose_kind) for i in h.distribution_items] == [
        ("UBND tỉnh Hà Nam", "report"), ("Thanh tra tỉnh Hà Nam", "follow"),
        ("Lãnh đạo Sở", "direct"), ("Các phòng, đơn vị trực thuộc Sở", "execute"),
        ("Lưu: VT, TTr", None)]


# ------------------------------------------------------------------ signatures

LETTER = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 95/UBND-TH
Lai Châu, ngày 10 tháng 01 năm 2026
V/v tuyên truyền Kết luận số 107-KL/TW
Kính gửi: Các sở, ban, ngành tỉnh.
Thực hiện Công văn số 2269-CV/TU ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân
tỉnh yêu cầu các sở thực hiện.
Nơi nhận:
- Như trên;
- TT. Tỉnh ủy (để b/c);
- Lưu: VT, TH.
{signature}
"""


@pytest.mark.parametrize(("signature", "prefix", "authority", "titles", "name"), [
    # a narrow column wraps the authority line
    ("TL. CHỦ TỊCH ỦY\nBAN NHÂN DÂN TỈNH\nCHÁNH VĂN PHÒNG\nLò Văn Hùng", "TL.",
     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", ["CHÁNH VĂN PHÒNG"], "Lò Văn Hùng"),
    ("TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTống Thanh Hải", "TM.",
     "ỦY BAN NHÂN DÂN", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Tống Thanh Hải"),
    # and the title
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nTHƯỜNG TRỰC\nGiàng Páo Mỷ", "T/M", "BAN THƯỜNG VỤ",
     ["PHÓ BÍ THƯ THƯỜNG TRỰC"], "Giàng Páo Mỷ"),
    ("T/M\nBAN THƯỜNG VỤ\nBÍ THƯ\nLê Minh Ngân", "T/M", "BAN THƯỜNG VỤ", ["BÍ THƯ"],
     "Lê Minh Ngân"),
    # a title glued to the name (PDF text runs together)
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐCMai Thành Chung", "KT.", "GIÁM ĐỐC", ["PHÓ GIÁM ĐỐC"],
     "Mai Thành Chung"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH Lê Văn Lương", "TM.", "ỦY BAN NHÂN DÂN", ["CHỦ TỊCH"],
     "Lê Văn Lương"),
])
def test_signature_lines_as_printed(signature: str, prefix: str, authority: str,
                                    titles: list[str], name: str) -> None:
    s = read_text(LETTER.format(signature=signature)).header.signature
    assert s is not None
    assert (s.prefix, s.authority, s.titles, s.name) == (prefix, authority, titles, name)


# ------------------------------------------------------------------ number lines


@pytest.mark.parametrize(("number_line", "symbol", "warning"), [
    ("Số 95/UBND-TH", "UBND-TH", "có dấu hai chấm"),  # a State number without its colon
    ("Số: 95/UBND-TH", "UBND-TH", None),
    ("Số: 95/UBND - TH", "UBND-TH", None),
])
def test_state_number_line(number_line: str, symbol: str, warning: str | None) -> None:
    h = read_text(LETTER.format(signature="").replace("Số: 95/UBND-TH", number_line)).header
    assert h.symbol == symbol
    found = [w for w in h.warnings if "dòng số" in w]
    assert (warning is None and not found) or any(warning in w for w in found), found


PARTY = """TỈNH ỦY LAI CHÂU
*
{number}
ĐẢNG CỘNG SẢN VIỆT NAM
Lai Châu, ngày 20 tháng 01 năm 2026
Triển khai thực hiện Kết luận số 107-KL/TW
Kính gửi: Các đảng ủy xã, phường.
Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy
yêu cầu các cấp ủy thực hiện.
Nơi nhận:
- Như trên,
- Lưu Văn phòng Tỉnh ủy.
{tm}
BÍ THƯ
Giàng Páo Mỷ
"""


@pytest.mark.parametrize(("number", "symbol", "warning"), [
    ("Số 2269-CV/TU", "CV/TU", None),
    ("Số: 2269-CV/TU", "CV/TU", "không có dấu hai chấm"),
    ("Số 2269CV/TU", "CV/TU", "thiếu dấu gạch nối"),
    ("Số 2269/CV-TU", "CV/TU", "dạng của văn bản Nhà nước"),
    # OCR garbage: the line is kept and flagged, the date after it is still read
    ("Số 22б9-CЪ/ТU", None, "không đọc được"),
])
def test_party_number_line(number: str, symbol: str | None, warning: str | None) -> None:
    h = read_text(PARTY.format(number=number, tm="T/M BAN THƯỜNG VỤ")).header
    assert (h.symbol, h.number_line) == (symbol, number)
    assert h.date == dt.date(2026, 1, 20)
    found = [w for w in h.warnings if "dòng số" in w]
    assert (warning is None and not found) or any(warning in w for w in found), found


# ------------------------------------------------------------------ committee headers


def test_committee_header_alone(chart: Chart) -> None:
    """No T/M line: the opening sentence ("…, Ban Thường vụ Tỉnh ủy yêu cầu") names the
    standing board; without it both bodies are candidates, with the reason."""
    text = PARTY.format(number="Số 2269-CV/TU", tm="")
    h = read_text(text, chart=chart).header
    assert (h.acting_body, h.issuer_id) == ("Ban Thường vụ Tỉnh ủy", "lai-chau.btv")
    h = read_text(text.replace("Ban Thường vụ Tỉnh ủy\nyêu cầu", "đề nghị"), chart=chart).header
    assert h.issuer_id is None
    assert sorted(h.issuer_candidates) == ["lai-chau.btv", "lai-chau.tu"]
    assert "không có dòng T/M" in (h.issuer_reason or "")


@pytest.mark.parametrize(("seed", "acting"), [
    (0, "Ban Thường vụ Thành ủy"), (1, "Ban Thường vụ Huyện ủy"),
    (2, "Ủy ban nhân dân tỉnh"), (3, "Sở Văn hóa, Thể thao và Du lịch Hà Nam"),
    (4, "Ban Thường vụ Đảng ủy"),
])
def test_seeds_name_their_acting_body(seed: int, acting: str,
                                      seed_path: Callable[[int], Path]) -> None:
    assert read_document(seed_path(seed)).header.acting_body == acting


# ------------------------------------------------------------------ older documents

OLD = """ĐẢNG BỘ TỈNH VĨNH PHÚC
THỊ ỦY PHÚC YÊN
*
Số 12-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Phúc Yên, ngày 05 tháng 3 năm 2010
KẾ HOẠCH
thực hiện Chỉ thị số 35-CT/TW
Căn cứ Kế hoạch số 40-KH/TU ngày 2/2/2010 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Thị ủy
xây dựng kế hoạch như sau:
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn A
"""


def test_a_2010_document_of_a_town_that_became_a_city(chart: Chart) -> None:
    """Phúc Yên was a thị xã until 2018 (Nghị quyết 484/NQ-UBTVQH14): its 2010 header
    "THỊ ỦY PHÚC YÊN" is the standing board of that Thị ủy, not a body unknown to the
    chart or the city's later Thành ủy."""
    h = read_text(OLD, chart=chart).header
    assert h.issuer_id == "d244.btv"
    assert chart.body(h.issuer_id, h.date).name == "Ban Thường vụ Thị ủy Phúc Yên"
    later = OLD.replace("THỊ ỦY", "THÀNH ỦY").replace("năm 2010", "năm 2019")
    assert read_text(later, chart=chart).header.issuer_id == "d244.btv"
    # a 2010 header naming the city's committee fits nothing on that day
    wrong = OLD.replace("THỊ ỦY", "THÀNH ỦY")
    h = read_text(wrong, chart=chart).header
    assert h.issuer_id is None and h.issuer_reason
