"""Table of citation strings, clean and damaged, with what each must parse to.

Each row: text, which citation of the text to check, and the expected fields as the text
prints them: the issuer phrase as written (``issuer_printed``) and the date the text
gives (a date the registry supplies is checked in test_citation_classes.py). The damaged
forms come from the seeds and docs/format-rules.md §15.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest

from cascade.citations.parser import parse_citations

D = dt.date
KL107 = "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị"


def row(text: str, type_: str, code: str | None, number: str, symbol: str,
        date: dt.date | None = None, issuer: str | None = None, system: str = "party",
        role: str = "mention", index: int = 0, as_of: dt.date | None = None,
        ) -> Any:
    expected = {"type": type_, "type_code": code, "number": number, "symbol": symbol,
                "date": date, "issuer_printed": issuer, "system": system, "role": role}
    return pytest.param(text, index, as_of, expected, id=f"{len(ROWS):02d}")


ROWS: list[Any] = []


def add(*args: Any, **kwargs: Any) -> None:
    ROWS.append(row(*args, **kwargs))


# Clean forms, Party and State.
add(KL107, "kết luận", "KL", "107", "KL/TW", D(2024, 12, 24), "Bộ Chính trị")
add("Thực hiện " + KL107 + " về tiếp tục …", "kết luận", "KL", "107", "KL/TW",
    D(2024, 12, 24), "Bộ Chính trị", role="parent")
add("Căn cứ Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị;", "chỉ thị", "CT", "35",
    "CT/TW", D(2014, 5, 26), "Bộ Chính trị", role="parent")
add("Triển khai Kế hoạch số 12/KH-UBND ngày 1/8/2025 của Ủy ban nhân dân tỉnh Lai Châu,",
    "kế hoạch", "KH", "12", "KH-UBND", D(2025, 8, 1), "Ủy ban nhân dân tỉnh Lai Châu",
    system="state", role="parent")
add("Công văn số 762/UBND-TCDNC ngày 01/4/2025 V/v triển khai", "công văn", "CV", "762",
    "UBND-TCDNC", D(2025, 4, 1), system="state")
add("Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy “về việc …”",
    "công văn", "CV", "6169", "CV/TU", D(2025, 2, 25), "Ban Thường vụ Tỉnh ủy")
add("Kế hoạch số 10-KH/ĐU ngày 19/3/2025 của Đảng ủy UBND tỉnh Hà Nam quán triệt",
    "kế hoạch", "KH", "10", "KH/ĐU", D(2025, 3, 19), "Đảng ủy UBND tỉnh Hà Nam")
add("Hướng dẫn số 14-HD/BTGDVTU, ngày 26/9/2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy “về",
    "hướng dẫn", "HD", "14", "HD/BTGDVTU", D(2025, 9, 26),
    "Ban Tuyên giáo và Dân vận Tỉnh ủy")
add("Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm", "quy định",
    "QĐi", "11", "QĐi/TW", D(2019, 2, 18), "Bộ Chính trị")
add("Quy định số 399-QĐ/TW ngày 09/01/2026 của Ban Chấp hành Trung ương", "quy định", "QĐ",
    "399", "QĐ/TW", D(2026, 1, 9), "Ban Chấp hành Trung ương")
add("Quyết định số 15-QĐ/TU ngày 3/3/2025 của Ban Thường vụ Tỉnh ủy Lai Châu", "quyết định",
    "QĐ", "15", "QĐ/TU", D(2025, 3, 3), "Ban Thường vụ Tỉnh ủy Lai Châu")
add("Quyết định số 1234/QĐ-UBND ngày 24-12-2024 của UBND tỉnh Quảng Trị", "quyết định",
    "QĐ", "1234", "QĐ-UBND", D(2024, 12, 24), "UBND tỉnh Quảng Trị", system="state")
add("Kết luận số 107-KL/TW ngày 24 tháng 12 năm 2024 của Bộ Chính trị", "kết luận", "KL",
    "107", "KL/TW", D(2024, 12, 24), "Bộ Chính trị")
add("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng", "nghị quyết",
    "NQ", "18", "NQ/TW", D(2017, 10, 25), "Ban Chấp hành Trung ương Đảng")
# The year of a State symbol is a field of its own (test_citation_classes.py).
add("Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội", "nghị quyết", "NQ", "202",
    "QH15", D(2025, 6, 12), "Quốc hội", system="state")
add("Nghị quyết số 81/2025/UBTVQH15", "nghị quyết", "NQ", "81", "UBTVQH15",
    system="state")
add("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", "nghị định", "NĐ", "30",
    "NĐ-CP", D(2020, 3, 5), "Chính phủ", system="state")
add("Quyết định số 20/2020/QĐ-TTg ngày 22/7/2020 của Thủ tướng Chính phủ về mã định danh",
    "quyết định", "QĐ", "20", "QĐ-TTg", D(2020, 7, 22), "Thủ tướng Chính phủ",
    system="state")
add("Thông tri số 05-TT/TU", "thông tri", "TT", "05", "TT/TU")
add("Thông tư số 01/2011/TT-BNV", "thông tư", "TT", "01", "TT-BNV", system="state")
add("Báo cáo số 45-BC/HU ngày 10/10/2024", "báo cáo", "BC", "45", "BC/HU", D(2024, 10, 10))
add("Tờ trình số 12/TTr-UBND", "tờ trình", "TTr", "12", "TTr-UBND", system="state")
add("Chương trình hành động số 05-CTr/TU", "chương trình hành động", "CTr", "05", "CTr/TU")
add("Đề án số 03-ĐA/TU", "đề án", "ĐA", "03", "ĐA/TU")
add("Dự án số 03/DA-UBND", "dự án", "DA", "03", "DA-UBND", system="state")
add("Thông báo số 123-TB/TU", "thông báo", "TB", "123", "TB/TU")
add("Thông báo kết luận số 45-TB/TW", "thông báo", "TB", "45", "TB/TW")  # an alias
add("Quy chế số 05-QC/BTCTU-BNCTU", "quy chế", "QC", "05", "QC/BTCTU-BNCTU")
add("Kết luận 121-KL/TW ngày 24/01/2025", "kết luận", "KL", "121", "KL/TW", D(2025, 1, 24))
add("Công văn số: 138-CV/BTGDVTU", "công văn", "CV", "138", "CV/BTGDVTU")
add("Kế hoạch số 5-KH/ĐU ngày 1/8/2025 của Đảng ủy xã", "kế hoạch", "KH", "5", "KH/ĐU",
    D(2025, 8, 1), "Đảng ủy xã")
add("Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng", "hướng dẫn",
    "HD", "36", "HD/VPTW", D(2018, 4, 3), "Văn phòng Trung ương Đảng")
add("Kế hoạch số 12/KH-UBND ngày 1/8/2025 của Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Nam",
    "kế hoạch", "KH", "12", "KH-UBND", D(2025, 8, 1),
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Nam", system="state")
add("Công văn số 05-CV/ĐU ngày 5/1/2026 của Ban Thường vụ Đảng ủy xã", "công văn", "CV",
    "05", "CV/ĐU", D(2026, 1, 5), "Ban Thường vụ Đảng ủy xã")
add("Chỉ thị số 35-CT/TW ngày 26.5.2014", "chỉ thị", "CT", "35", "CT/TW", D(2014, 5, 26))
add("Kết luận số 107-KL/TW ngày 24 tháng 12 năm 2024", "kết luận", "KL", "107", "KL/TW",
    D(2024, 12, 24))
add("Kết luận số 107-KL/TW của Bộ Chính trị ngày 24/12/2024", "kết luận", "KL", "107",
    "KL/TW", D(2024, 12, 24), "Bộ Chính trị")
add("Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị", "kết luận", "KL", "107",
    "KL/TW", D(2024, 12, 24), "Bộ Chính trị")
add("KẾT LUẬN SỐ 107-KL/TW", "kết luận", "KL", "107", "KL/TW")

# Damaged: hyphens, spaces, line breaks (docs/format-rules.md §15, seeds 001–004).
add("Công văn số 1320CV/HU", "công văn", "CV", "1320", "CV/HU")
add("Kết luận số 100 - KL/TW", "kết luận", "KL", "100", "KL/TW")
add("Chỉ thị số 35-CT/ TW", "chỉ thị", "CT", "35", "CT/TW")
add("Chỉ thị số 35-\n\nCT/TW, ngày 26/5/2014 của Bộ Chính trị", "chỉ thị", "CT", "35",
    "CT/TW", D(2014, 5, 26), "Bộ Chính trị")
add("Kết luận số \n\n107-KL/TW", "kết luận", "KL", "107", "KL/TW")
add("Kết \n\nluận số 107-KL/TW ngày 24/12/2024", "kết luận", "KL", "107", "KL/TW",
    D(2024, 12, 24))
add("Kết luận số 107-KL/TW, ngày \n\n24/12/2024 của \n\nBộ Chính trị  \n\nLai Châu, ngày",
    "kết luận", "KL", "107", "KL/TW", D(2024, 12, 24), "Bộ Chính trị")
add("Kết luận số 107--KL/TW", "kết luận", "KL", "107", "KL/TW")
add("Kết luận số 107 -KL/TW", "kết luận", "KL", "107", "KL/TW")
add("Kết luận số 107-KL /TW", "kết luận", "KL", "107", "KL/TW")
add("Kết luận số 107–KL/TW", "kết luận", "KL", "107", "KL/TW")
add("Kế hoạch số 12 / KH-UBND", "kế hoạch", "KH", "12", "KH-UBND", system="state")
add("Kế hoạch số 12/KH - UBND", "kế hoạch", "KH", "12", "KH-UBND", system="state")
add("Công văn số 762/UBND - TCDNC", "công văn", "CV", "762", "UBND-TCDNC", system="state")
add("Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh uỷ Lai \n\nChâu về việc", "công văn",
    "CV", "2269", "CV/TU", D(2024, 12, 31), "Tỉnh uỷ Lai Châu")
add("Chỉ thị số 16-CT/TU ngày 26/6/2017 của Ban Thường vụ \n\nThành ủy về tăng cường",
    "chỉ thị", "CT", "16", "CT/TU", D(2017, 6, 26), "Ban Thường vụ Thành ủy")
add("Kế hoạch số 10-KH/ĐU ngày 19/3/2025 của Đảng ủy UBND \n\ntỉnh Hà Nam quán triệt",
    "kế hoạch", "KH", "10", "KH/ĐU", D(2025, 3, 19), "Đảng ủy UBND tỉnh Hà Nam")
# QĐi vs QĐ: a 2018-era Party quy định written with the 2026 code (seed 001): kept as
# printed; the registry's code of the document is its type code.
add("Quy định số 11-QĐ/TW của Bộ Chính trị", "quy định", "QĐi", "11", "QĐ/TW",
    issuer="Bộ Chính trị", as_of=D(2025, 3, 1))
add("ngày 25/02/2025 … Quy định số 11-QĐ/TW", "quy định", "QĐi", "11", "QĐ/TW")
# one not in the registry keeps the code it prints
add("Quy định số 205-QĐ/TW ngày 23/9/2019 của Bộ Chính trị", "quy định", "QĐ", "205",
    "QĐ/TW", D(2019, 9, 23), "Bộ Chính trị")
# "Đ" is never folded to "D": ĐA (đề án) and DA (dự án), ĐU and DU stay apart.
add("Kế hoạch số 10-KH/DU", "kế hoạch", "KH", "10", "KH/DU")
add("Đề án số 7/ĐA-UBND", "đề án", "ĐA", "7", "ĐA-UBND", system="state")
# Bare symbols: the type follows from the code.
add("theo 107-KL/TW", "kết luận", "KL", "107", "KL/TW")
add("tại 762/UBND-TCDNC", "công văn", "CV", "762", "UBND-TCDNC", system="state")
add("Văn bản số 45/UBND-VX ngày 3/1/2025 của UBND tỉnh", "công văn", "CV", "45",
    "UBND-VX", D(2025, 1, 3), "UBND tỉnh", system="state")
add("Văn bản số 12-KH/TU", "kế hoạch", "KH", "12", "KH/TU")
# Issuer boundaries.
add(KL107 + ", Ban Thường vụ Thành ủy yêu cầu", "kết luận", "KL", "107", "KL/TW",
    D(2024, 12, 24), "Bộ Chính trị")
add("Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy",
    "công văn", "CV", "6169", "CV/TU", D(2025, 2, 25), "Ban Thường vụ Tỉnh ủy")
add("Chỉ thị số 35-CT/TW, Quy định số 11-QĐ/TW của Bộ Chính trị về", "chỉ thị", "CT", "35",
    "CT/TW", None, "Bộ Chính trị")
add("Quyết định số 45/QĐ-UBND ngày 2/1/2025 của Chủ tịch UBND tỉnh về việc", "quyết định",
    "QĐ", "45", "QĐ-UBND", D(2025, 1, 2), "Chủ tịch UBND tỉnh", system="state")
add("Nghị quyết số 05-NQ/TU ngày 1/10/2020 của Ban Chấp hành Đảng bộ tỉnh khóa XVII về",
    "nghị quyết", "NQ", "05", "NQ/TU", D(2020, 10, 1), "Ban Chấp hành Đảng bộ tỉnh khóa XVII")
add("Kế hoạch số 20/KH-SKHĐT ngày 3/2/2024 của Sở Kế hoạch và Đầu tư thông báo",
    "kế hoạch", "KH", "20", "KH-SKHĐT", D(2024, 2, 3), "Sở Kế hoạch và Đầu tư",
    system="state")
add("Công văn số 3/TANDTC-PC ngày 5/1/2025 của Tòa án nhân dân tối cao", "công văn", "CV", "3",
    "TANDTC-PC", D(2025, 1, 5), "Tòa án nhân dân tối cao", system="state")
add("Hướng dẫn số 02-HD/TĐTN ngày 9/9/2025 của Ban Thường vụ Tỉnh đoàn Thanh niên Cộng sản "
    "Hồ Chí Minh về", "hướng dẫn", "HD", "02", "HD/TĐTN", D(2025, 9, 9),
    "Ban Thường vụ Tỉnh đoàn Thanh niên Cộng sản Hồ Chí Minh")
add("Công văn số 12/UBND-VX ngày 3/3/2025 của UBND tỉnh V/v tuyên truyền", "công văn", "CV",
    "12", "UBND-VX", D(2025, 3, 3), "UBND tỉnh", system="state")
add("Kế hoạch số 5-KH/BCĐ ngày 1/8/2025 của Ban Chỉ đạo 35 tỉnh và", "kế hoạch", "KH", "5",
    "KH/BCĐ", D(2025, 8, 1), "Ban Chỉ đạo 35 tỉnh")
add("Chỉ thị số 8-CT/TU ngày 2/2/2022 của Thường trực Tỉnh ủy", "chỉ thị", "CT", "8",
    "CT/TU", D(2022, 2, 2), "Thường trực Tỉnh ủy")

add("Kế hoạch số 3/KH-PVHXH ngày 2/2/2026 của Phòng Văn hóa - Xã hội xã Bình Lư về",
    "kế hoạch", "KH", "3", "KH-PVHXH", D(2026, 2, 2), "Phòng Văn hóa - Xã hội xã Bình Lư",
    system="state")
add("theo Kế hoạch số 3/KH-SVHTTDL của Phòng Thông tin - Báo chí - Xuất bản, Văn phòng",
    "kế hoạch", "KH", "3", "KH-SVHTTDL", None, "Phòng Thông tin - Báo chí - Xuất bản",
    system="state")
add("Công văn số 4/UBND-V của UBND huyện Tam Đường, UBND tỉnh", "công văn", "CV", "4",
    "UBND-V", None, "UBND huyện Tam Đường", system="state")

# Roles.
add("Thực hiện chỉ đạo của Thường trực Tỉnh ủy tại Công văn số 45-CV/TU ngày 2/3/2025,",
    "công văn", "CV", "45", "CV/TU", D(2025, 3, 2), "Thường trực Tỉnh ủy", role="parent")
add("1. Thực hiện Kết luận số 107-KL/TW của Bộ Chính trị.", "kết luận", "KL", "107",
    "KL/TW", None, "Bộ Chính trị")
add("Đồng thời, tiếp tục thực hiện Chỉ thị số 35-CT/TW.", "chỉ thị", "CT", "35", "CT/TW")
add("nhiệm vụ:\n- Thực hiện Kết luận số 107-KL/TW của Bộ Chính trị;", "kết luận", "KL", "107",
    "KL/TW", None, "Bộ Chính trị")
add("- Căn cứ Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị;", "quy định", "QĐi",
    "11", "QĐi/TW", D(2019, 2, 18), "Bộ Chính trị", role="parent")
add("Thực hiện " + KL107 + " và Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ "
    "Tỉnh ủy, Ban Thường vụ Huyện ủy yêu cầu", "công văn", "CV", "6169", "CV/TU",
    D(2025, 2, 25), "Ban Thường vụ Tỉnh ủy", role="parent", index=1)
add("Thực hiện Công văn số 2269-CV/TU của Tỉnh ủy “về việc triển khai Kết luận số "
    "107-KL/TW”.", "kết luận", "KL", "107", "KL/TW", role="root", index=1)
add("Thực hiện Kế hoạch số 10-KH/ĐU ngày 19/3/2025 của Đảng ủy UBND tỉnh quán triệt "
    "Kết luận số 107-KL/TW; Công văn số 762/UBND-TCDNC ngày 01/4/2025 V/v triển khai; Sở",
    "công văn", "CV", "762", "UBND-TCDNC", D(2025, 4, 1), system="state", role="parent",
    index=2)
add("Thực hiện Kế hoạch số 10-KH/ĐU ngày 19/3/2025 của Đảng ủy UBND tỉnh quán triệt "
    "Kết luận số 107-KL/TW; Công văn số 762/UBND-TCDNC", "kết luận", "KL", "107", "KL/TW",
    role="root", index=1)
add("Thực hiện " + KL107 + " (sau đây viết tắt là Kết luận số 107-KL/TW), Ban", "kết luận",
    "KL", "107", "KL/TW", role="alias", index=1)
add("Căn cứ Nghị định số 150/2025/NĐ-CP ngày 12/6/2025 của Chính phủ;", "nghị định", "NĐ",
    "150", "NĐ-CP", D(2025, 6, 12), "Chính phủ", system="state", role="parent")


@pytest.mark.parametrize(("text", "index", "as_of", "expected"), ROWS)
def test_citation_row(text: str, index: int, as_of: dt.date | None,
                      expected: dict[str, Any]) -> None:
    cits = parse_citations(text, as_of=as_of)
    assert len(cits) > index, f"found {len(cits)} citations in {text!r}"
    c = cits[index]
    got = c.model_dump(include=set(expected))
    got["date"] = c.date if c.date_source == "text" else None
    assert got == expected


def test_table_is_big_enough() -> None:
    assert len(ROWS) >= 60


@pytest.mark.parametrize("text", [
    "Đề án chuyển đổi số trong các cơ quan Đảng",
    "thực hiện các nhiệm vụ tại Công văn này",
    "Lai Châu, ngày 24/12/2024",
    "V/v triển khai thực hiện",
    "Luật Tiếp công dân, Luật Khiếu nại",
    "Số:           /UBND-TH",
    "*\nSố 1320CV/HU\n",
    "Số: 12/KH-UBND",
    "- Lưu: VT, Th3.",
])
def test_no_citation(text: str) -> None:
    assert parse_citations(text) == []


def test_nfd_input_spans_point_into_original() -> None:
    text = unicodedata.normalize("NFD", "Thực hiện " + KL107 + " về")
    (cit,) = parse_citations(text)
    assert cit.role == "parent"
    assert cit.issuer_printed == unicodedata.normalize("NFD", "Bộ Chính trị")
    assert cit.issuer == "Bộ Chính trị"  # normalised: NFC
    start, end = cit.span
    assert unicodedata.normalize("NFC", text[start:end]) == KL107


def test_span_is_the_citation_in_the_original_text() -> None:
    text = "Căn cứ Công văn số 1320CV/HU ngày 5/3/2025 của Ban Thường vụ Huyện ủy; và"
    (cit,) = parse_citations(text)
    assert text[cit.span[0]:cit.span[1]] == (
        "Công văn số 1320CV/HU ngày 5/3/2025 của Ban Thường vụ Huyện ủy"
    )


def test_qdi_warning_names_the_fix() -> None:
    (cit,) = parse_citations("Quy định số 11-QĐ/TW", as_of=dt.date(2025, 3, 1))
    assert (cit.symbol, cit.canonical) == ("QĐ/TW", "11-QĐi/TW")
    assert any("11-QĐi/TW" in w for w in cit.warnings)


def test_state_form_with_party_issuer_follows_the_issuer() -> None:
    (cit,) = parse_citations("Kết luận số 107/KL-TW của Bộ Chính trị")
    assert cit.system == "party"
    assert cit.warnings


def test_invalid_date_is_reported_not_guessed() -> None:
    (cit,) = parse_citations("Kế hoạch số 12/KH-UBND ngày 31/2/2025")
    assert cit.date is None
    assert any("31/2/2025" in w for w in cit.warnings)


def test_same_number_different_dates_are_different_documents() -> None:
    text = ("Kết luận số 12-KL/TW ngày 1/2/2017, Kết luận số 12-KL/TW ngày 3/4/2022 "
            "và Kết luận số 12-KL/TW")
    a, b, c = parse_citations(text)
    assert a.identity != b.identity
    assert c.refers_to is None
    assert c.warnings
