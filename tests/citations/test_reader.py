"""Reading the document's own header and its citations from .txt, .docx and .pdf."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from cascade.citations.reader import ReadError, read_document, read_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_seed_000_has_no_top_header_but_recipients_signature_distribution(
    seed_path: Callable[[int], Path],
) -> None:
    h = read_document(seed_path(0)).header
    assert (h.number, h.symbol, h.date, h.type, h.issuer_lines) == (None, None, None, None, [])
    assert h.system == "party"  # from T/M
    assert h.recipients == [
        "Các quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy",
        "Các Ban xây dựng Đảng của Thành ủy",
        "Các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - "
        "xã hội thành phố",
    ]
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.authority, h.signature.titles, h.signature.name) == (
        "T/M", "BAN THƯỜNG VỤ", ["PHÓ BÍ THƯ"], "Phạm Văn Hiểu"
    )
    assert h.distribution == [
        "Như trên", "Ban Nội chính Trung ương", "Các đồng chí Thành ủy viên",
        "Lưu Văn phòng Thành ủy",
    ]


def test_seed_001_party_cong_van_with_damaged_number(seed_path: Callable[[int], Path]) -> None:
    r = read_document(seed_path(1))
    h = r.header
    assert (h.system, h.number, h.symbol, h.type, h.type_code) == (
        "party", "1320", "CV/HU", "công văn", "CV"
    )
    assert h.summary == "Tăng cường lãnh đạo, chỉ đạo công tác tiếp công dân, xử lý đơn thư"
    assert h.recipients == [
        "Ủy ban nhân dân huyện",
        "Thường trực Hội đồng nhân dân huyện",
        "Ủy ban Mặt trận Tổ quốc Việt Nam và các Đoàn thể chính trị - xã hội huyện",
        "Các Ban xây dựng Đảng Huyện ủy",
        "Các TCCS đảng trực thuộc Huyện ủy",
    ]
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.titles, h.signature.name) == (
        "T/M", ["BÍ THƯ"], "Trần Hồng Quyết"
    )
    assert h.distribution[-1] == "Lưu VPHU, UBND THU"
    # Its own number is not a citation; the parent is 6169-CV/TU.
    assert "1320" not in [c.number for c in r.citations]
    assert [c.number for c in r.citations if c.role == "parent"] == ["6169"]


def test_seed_002_state_draft_header(seed_path: Callable[[int], Path]) -> None:
    r = read_document(seed_path(2))
    h = r.header
    assert h.issuer_lines == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert h.national_title == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (h.system, h.number, h.symbol, h.is_draft) == ("state", None, "UBND-TH", True)
    assert (h.place, h.date, h.year) == ("Lai Châu", None, 2025)
    assert (h.type, h.type_code) == ("công văn", "CV")
    assert h.summary == (
        "triển khai thực hiện Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị"
    )
    assert h.recipients == []  # lost in the seed (docs/format-rules.md §15)
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.authority, h.signature.titles,
            h.signature.name) == ("TM.", "ỦY BAN NHÂN DÂN", ["CHỦ TỊCH"], "Lê Văn Lương")
    assert h.distribution == [
        "Như trên", "TT. Tỉnh ủy; (B/c)", "TT. HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
        "Văn phòng UBND tỉnh: V, C, TD, CB", "Lưu: VT, Th3",
    ]
    assert [c.number for c in r.citations if c.role == "parent"] == ["2269"]


def test_seed_003_state_plan(seed_path: Callable[[int], Path]) -> None:
    r = read_document(seed_path(3))
    h = r.header
    assert (h.type, h.type_code, h.system) == ("kế hoạch", "KH", "state")
    assert h.summary is not None
    assert h.summary.startswith("Quán triệt, triển khai thực hiện Kết luận số 107-KL/TW")
    assert h.summary.endswith("tố cáo, kiến nghị, phản ánh")
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.titles, h.signature.name) == (
        None, ["GIÁM ĐỐC"], "Mai Thành Chung"
    )
    assert h.distribution[0] == "UBND tỉnh Hà Nam (để b/c)"
    assert h.distribution[-1] == "Lưu: VT, TTr"
    assert [c.symbol for c in r.citations if c.role == "parent"] == ["KH/ĐU", "UBND-TCDNC"]


def test_seed_004_party_guidance(seed_path: Callable[[int], Path]) -> None:
    r = read_document(seed_path(4))
    h = r.header
    assert (h.type, h.type_code, h.system) == ("hướng dẫn", "HD", "party")
    assert h.summary is not None
    assert h.summary.startswith("công tác tuyên truyền và vận động thực hiện Kết luận số")
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.titles, h.signature.name) == (
        "T/M", ["PHÓ BÍ THƯ THƯỜNG TRỰC"], "Lê Thanh Hải"
    )
    assert h.distribution[0] == "Ban Tuyên giáo và Dân vận Tỉnh ủy (báo cáo)"
    assert h.distribution[-1] == "Lưu Văn phòng Đảng uỷ"  # the seed's own spelling
    assert [c.symbol for c in r.citations if c.role == "parent"] == ["HD/BTGDVTU"]


def _check_state_plan(path: Path, fmt: str) -> None:
    r = read_document(path)
    h = r.header
    assert r.format == fmt
    assert h.issuer_lines == ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"]
    assert (h.system, h.number, h.symbol, h.type, h.type_code) == (
        "state", "12", "KH-SNV", "kế hoạch", "KH"
    )
    assert (h.place, h.date) == ("Lai Châu", dt.date(2026, 1, 5))
    assert h.summary == (
        "Triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị"
    )
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.authority, h.signature.titles,
            h.signature.name) == ("KT.", "GIÁM ĐỐC", ["PHÓ GIÁM ĐỐC"], "Nguyễn Văn An")
    assert h.distribution == ["UBND tỉnh (để b/c)", "Thanh tra tỉnh", "Lưu: VT, TCBC"]
    # The summary's citation is the subject, not the parent: the root directive.
    assert [(c.number, c.role) for c in r.citations] == [
        ("107", "root"), ("10", "parent"), ("107", "root"), ("762", "parent"),
        ("35", "mention"),
    ]
    (cv,) = [c for c in r.citations if c.number == "762"]
    assert cv.issuer == "Ủy ban nhân dân tỉnh Lai Châu"
    assert r.text[cv.span[0]:cv.span[1]].startswith("Công văn số 762/UBND-TCDNC")


def test_docx_state_plan(state_plan_docx: Path) -> None:
    _check_state_plan(state_plan_docx, "docx")


def test_pdf_state_plan() -> None:
    """The same plan printed to PDF (fixtures/make_pdf.py): columns come out wrapped."""
    _check_state_plan(FIXTURES / "ke-hoach.pdf", "pdf")


def test_docx_party_draft_cong_van(party_cong_van_docx: Path) -> None:
    r = read_document(party_cong_van_docx)
    h = r.header
    assert h.issuer_lines == ["TỈNH ỦY LAI CHÂU", "BAN TUYÊN GIÁO VÀ DÂN VẬN"]
    assert (h.system, h.number, h.symbol, h.is_draft) == ("party", None, "CV/BTGDVTU", True)
    assert (h.type, h.type_code, h.year, h.date) == ("công văn", "CV", 2026, None)
    assert h.summary == "Về việc tuyên truyền Kết luận số 107-KL/TW"
    assert h.recipients == ["Các đảng ủy xã, phường", "Ban Thường vụ Tỉnh đoàn"]
    assert h.signature is not None
    assert (h.signature.prefix, h.signature.authority, h.signature.titles,
            h.signature.name) == ("K/T", "TRƯỞNG BAN", ["PHÓ TRƯỞNG BAN"], "Lò Thị Mai")
    assert [(c.number, c.role) for c in r.citations] == [
        ("107", "root"), ("6169", "parent"), ("107", "root"),
    ]


def test_json_has_the_fields_and_not_the_text(state_plan_docx: Path) -> None:
    data = read_document(state_plan_docx).model_dump(mode="json")
    assert set(data) == {"path", "format", "header", "citations"}
    assert data["header"]["date"] == "2026-01-05"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("van-ban.doc", b"\xd0\xcf\x11\xe0", "không hỗ trợ định dạng '.doc'"),
    ("van-ban", b"abc", "không hỗ trợ định dạng"),
    ("hong.docx", b"not a zip", "không mở được tệp .docx"),
    ("hong.pdf", b"%PDF-1.4 garbage", "pdftotext không đọc được"),
    ("cp1258.txt", b"K\xeat lu\xe2n s\xf4\xec 107", "không phải UTF-8"),
])
def test_bad_files_are_named_with_the_reason(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="không tìm thấy tệp"):
        read_document(tmp_path / "khong-co.txt")


STATE_DECISION = """UBND TỈNH LAI CHÂU
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/QĐ-UBND
KHẨN
Lai Châu, ngày 09 tháng 02 năm 2026
QUYẾT ĐỊNH
Về việc thành lập Tổ công tác triển khai Kết luận số 107-KL/TW
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Kế hoạch số 12-KH/TU ngày 2/2/2026 của Ban Thường vụ Tỉnh ủy;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, TH.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""

PARTY_CONCLUSION_DRAFT = """THÀNH ỦY CẦN THƠ
*
Số 05-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Cần Thơ, ngày 3 tháng 3 năm 2025
Dự thảo lần 2
KẾT LUẬN
CỦA BAN THƯỜNG VỤ THÀNH ỦY
về việc thực hiện Kết luận số 107-KL/TW
-----
Ngày 1/3/2025, Ban Thường vụ Thành ủy họp.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Trần Văn Lâu
"""


def test_decision_with_urgency_mark_and_authority_line() -> None:
    r = read_text(STATE_DECISION)
    h = r.header
    assert (h.type, h.type_code, h.number, h.symbol) == ("quyết định", "QĐ", "15", "QĐ-UBND")
    assert h.marks == ["KHẨN"]
    assert h.summary == "Về việc thành lập Tổ công tác triển khai Kết luận số 107-KL/TW"
    assert h.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert h.distribution == ["Như Điều 3", "Lưu: VT, TH"]
    assert [(c.number, c.role) for c in r.citations] == [("107", "root"), ("12", "parent")]


def test_party_conclusion_with_author_line_and_draft_mark() -> None:
    h = read_text(PARTY_CONCLUSION_DRAFT).header
    assert (h.type, h.number, h.symbol, h.is_draft) == ("kết luận", "05", "KL/TU", True)
    assert h.marks == ["Dự thảo lần 2"]
    assert h.author == "CỦA BAN THƯỜNG VỤ THÀNH ỦY"
    assert h.summary == "về việc thực hiện Kết luận số 107-KL/TW"
