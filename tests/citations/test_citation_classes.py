"""References as real documents write them, one table per class of damage or form.

Each class has its own real-looking examples (published forms where one was found: the
source is named beside the row), clean and damaged. A row: the text, which reference of
it to check, the citing document's date, the fields expected, and words that must (or
must not) appear in the warnings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from cascade.citations.models import Citation
from cascade.citations.parser import parse_citations

D = dt.date
KL107 = "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị"
CASES: list[Any] = []
CLASS_OF: Counter[str] = Counter()


def case(cls: str, text: str, index: int = 0, as_of: dt.date | None = None, *,
         warn: tuple[str, ...] = (), clean: bool = False, **expected: Any) -> None:
    """``warn``: substrings each warning list must contain; ``clean``: no warnings."""
    CLASS_OF[cls] += 1
    CASES.append(pytest.param(text, index, as_of, expected, warn, clean,
                              id=f"{cls}-{CLASS_OF[cls]:02d}"))


def fields(c: Citation, names: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = c.model_dump(include=names - {"known", "candidates"})
    if "known" in names:
        out["known"] = c.known.id if c.known else None
    if "candidates" in names:
        out["candidates"] = [k.id for k in c.candidates]
    return out


# ------------------------------------------------------------ 1. the other system's shape
S = "shape"
case(S, "Thực hiện Kế hoạch số 58/KH-TU ngày 03/02/2025 của Ban Thường vụ Tỉnh ủy,",
     warn=("dạng của văn bản Nhà nước",), system="party", symbol="KH/TU",
     as_printed="58/KH-TU", canonical="58-KH/TU", role="parent")
case(S, "Nghị quyết số 12/NQ-TU ngày 20/7/2021 của Ban Chấp hành Đảng bộ tỉnh về",
     warn=("dạng của văn bản Nhà nước",), system="party", canonical="12-NQ/TU",
     type_code="NQ")
# luatvietnam.vn: "Quy định 11/QĐi-TW được Ban Chấp hành TW Đảng ban hành ngày 18/02/2019"
case(S, "Quy định 11/QĐi-TW được Ban Chấp hành TW Đảng ban hành", system="party",
     canonical="11-QĐi/TW", known="qd-11-2019")
# baomoi.net.vn: "Nghị quyết số 18/NQ-TW (NQ18) về 'Tiếp tục đổi mới …'"
case(S, "Ngày 16/6/2022, Ban Chấp hành Trung ương Đảng khóa XIII đã ban hành Nghị quyết "
     "số 18/NQ-TW về tiếp tục đổi mới, hoàn thiện thể chế", system="party",
     canonical="18-NQ/TW", known="nq-18-2022", date=D(2022, 6, 16), term="XIII")
case(S, "Kế hoạch số 12-KH/UBND ngày 1/8/2025 của UBND tỉnh", warn=("dạng của văn bản Đảng",),
     system="state", symbol="KH-UBND", canonical="12/KH-UBND")
case(S, "Chương trình số 05-CTR/TU ngày 2/2/2021", warn=("viết hoa sai",), symbol="CTr/TU",
     type_code="CTr", canonical="05-CTr/TU")
case(S, "Xét Tờ trình số 45/TTR-SNV ngày 3/2/2026 của Sở Nội vụ", warn=("viết hoa sai",),
     symbol="TTr-SNV", printed_type_code="TTr", system="state")
case(S, "Kế hoạch số 7/KH - ĐU ngày 2/3/2026 của Đảng ủy xã Bình Lư", system="party",
     canonical="07-KH/ĐU", as_printed="7/KH - ĐU")

# ------------------------------------------------------------ 2. the year of a State symbol
Y = "year"
case(Y, "Nghị quyết số 15/2024/NQ-HĐND ngày 10/7/2024 của Hội đồng nhân dân tỉnh",
     clean=True, symbol="NQ-HĐND", year=2024, canonical="15/2024/NQ-HĐND", system="state")
case(Y, "Luật Thủ đô và Nghị quyết số 57/2024/QH15 của Quốc hội", symbol="QH15", year=2024,
     term="XV", level="central")
case(Y, "Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư;",
     symbol="NĐ-CP", year=2020, known="nd-30-2020", date=D(2020, 3, 5),
     date_source="registry", role="parent")
case(Y, "Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ", symbol="TT-BNV",
     year=2011, canonical="01/2011/TT-BNV", level="central")
case(Y, "Quyết định số 20/2020/QĐ-TTg ngày 22/7/2020 của Thủ tướng Chính phủ",
     clean=True, symbol="QĐ-TTg", year=2020, known="qd-20-2020-ttg")
case(Y, "Nghị quyết số 202 / 2025 / QH15 của Quốc hội", warn=("khoảng trắng",),
     canonical="202/2025/QH15", year=2025, known="nq-202-2025-qh15")

# ------------------------------------------------------------ 3. the printed code is kept
P = "printed"
case(P, "Quy định số 11-QĐ/TW của Bộ Chính trị về trách nhiệm của người đứng đầu",
     as_of=D(2025, 3, 1), warn=("11-QĐi/TW",), symbol="QĐ/TW", printed_type_code="QĐ",
     type_code="QĐi", canonical="11-QĐi/TW")
# baocuuchienbinhvietnam.com.vn: "Quy định số 144-QĐ/TW, ngày 9-5-2024 của Bộ Chính trị"
case(P, "Quy định số 144-QĐ/TW, ngày 9-5-2024 của Bộ Chính trị", clean=True,
     symbol="QĐ/TW", canonical="144-QĐ/TW", type_code="QĐ", date=D(2024, 5, 9))
case(P, "Quy định số 144-QĐi/TW ngày 9/5/2024 của Bộ Chính trị", warn=("144-QĐ/TW",),
     symbol="QĐi/TW", canonical="144-QĐ/TW")
case(P, "Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương", clean=True,
     symbol="QĐi/TW", canonical="08-QĐi/TW", type_code="QĐi", known=None)
case(P, "Quy định số 205-QĐ/TW ngày 23/9/2019 của Bộ Chính trị", clean=True,
     symbol="QĐ/TW", canonical="205-QĐ/TW", type_code="QĐ")
case(P, "Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị; thực hiện nghiêm Quy định "
     "số 11-QĐ/TW", 1, refers_to=0, role="repeat", canonical="11-QĐi/TW", symbol="QĐ/TW")

# ------------------------------------------------------------ 4. glyphs and OCR
G = "ocr"
case(G, "Kết luận số 107-KL/TƯ của Bộ Chính trị", warn=("OCR",), symbol="KL/TW",
     canonical="107-KL/TW", as_printed="107-KL/TƯ", known="kl-107-2024")
case(G, "Kế hoạch số 10-KH/ÐU ngày 19/3/2025 của Ðảng ủy UBND tỉnh Hà Nam",
     warn=("U+00D0",), symbol="KH/ĐU", issuer="Đảng ủy Ủy ban nhân dân tỉnh Hà Nam")
case(G, "Quyết định số 15-0Đ/TU ngày 3/3/2025 của Ban Thường vụ Tỉnh ủy", warn=("OCR",),
     symbol="QĐ/TU", type="quyết định", canonical="15-QĐ/TU")
case(G, "Nghị quyết số 202/2025/0H15 ngày 12/6/2025", warn=("OCR",), symbol="QH15",
     canonical="202/2025/QH15", known="nq-202-2025-qh15")
case(G, KL107.replace("KL/TW", "KL/T W"), warn=("khoảng trắng chen giữa",), symbol="KL/TW",
     canonical="107-KL/TW", issuer="Bộ Chính trị")
case(G, "Công văn số 6169-C V/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy",
     warn=("khoảng trắng chen giữa",), symbol="CV/TU", type_code="CV")
case(G, "Chỉ thị số 35-CT/T\nW ngày 26/5/2014 của Bộ Chính trị", warn=("khoảng trắng",),
     symbol="CT/TW", date=D(2014, 5, 26), known="ct-35-2014")
case(G, "Hướng dẫn số 26-HD/BTCTƯ ngày 18/10/2019", warn=("OCR",), symbol="HD/BTCTW",
     known="hd-26-btctw-2019", issuer="Ban Tổ chức Trung ương")

# ------------------------------------------------------------ 5. a number alone
N = "number"
case(N, "Nghị quyết số 18 của Ban Chấp hành Trung ương khóa XII về một số vấn đề về tiếp "
     "tục đổi mới, sắp xếp tổ chức bộ máy", warn=("chỉ ghi số",), number="18", symbol="",
     canonical="18-NQ/TW", known="nq-18-2017", date=D(2017, 10, 25), date_source="registry",
     term="XII")
# moj.gov.vn: "Thực hiện Chỉ thị số 35 ngày 30/5/2019 của Bộ Chính trị về đại hội …"
case(N, "Thực hiện Chỉ thị số 35 ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp",
     role="parent", known="ct-35-2019", canonical="35-CT/TW", is_root=True)
# nld.com.vn: "… ký ban hành Kết luận 215 của Bộ Chính trị về sửa đổi, bổ sung Quy định …"
case(N, "Kết luận 215 của Bộ Chính trị về sửa đổi, bổ sung Quy định số 11-QĐi/TW",
     known="kl-215-2025", date=D(2025, 11, 23))
case(N, "Kế hoạch số 210 ngày 5/3/2025 của Ban Thường vụ Tỉnh ủy về", number="210",
     canonical="210", date=D(2025, 3, 5), system="party", issuer="Ban Thường vụ Tỉnh ủy")
case(N, "Nghị quyết 57 ngày 22/12/2024 của Bộ Chính trị", known="nq-57-2024",
     canonical="57-NQ/TW")
case(N, "Quán triệt Chỉ thị số 35 của Bộ Chính trị", as_of=D(2025, 8, 1),
     warn=("3 văn bản cùng số",), candidates=["ct-35-2014", "ct-35-2019", "ct-35-2024"],
     known=None, date=None)

# ------------------------------------------------------------ 6. date or issuer before it
B = "before"
case(B, "Ngày 05/3/2025, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 210-KH/TU về triển khai",
     date=D(2025, 3, 5), issuer="Ban Thường vụ Tỉnh ủy", issuer_source="text")
case(B, "Ngày 14/4/2025, Bộ Chính trị ban hành Chỉ thị số 45-CT/TW về đại hội đảng bộ các "
     "cấp", date=D(2025, 4, 14), issuer="Bộ Chính trị", known="ct-45-2025")
case(B, "Ban Bí thư đã ban hành Chỉ thị số 26-CT/TW ngày 23/11/2023 về việc tổ chức Tết "
     "Giáp Thìn năm 2024", issuer="Ban Bí thư", date=D(2023, 11, 23), clean=True)
case(B, "Thực hiện chỉ đạo của Thường trực Tỉnh ủy tại Công văn số 45-CV/TU ngày 2/3/2025,",
     issuer="Thường trực Tỉnh ủy", role="parent")
case(B, "Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 1234/UBND-TH ngày "
     "2/3/2025,", issuer="Chủ tịch Ủy ban nhân dân tỉnh", unit="TH", role="parent")
case(B, "Ngày 10/01/2026, UBND tỉnh có Công văn số 95/UBND-TH về việc tuyên truyền",
     date=D(2026, 1, 10), issuer="Ủy ban nhân dân tỉnh")
# ngaynay.vn: the signer is named before "ký ban hành", not the issuer
case(B, "Thay mặt Bộ Chính trị, Thường trực Ban Bí thư Trần Cẩm Tú ký ban hành Kết luận số "
     "185-KL/TW, ngày 22/8/2025 về tăng cường lãnh đạo", issuer="Bộ Chính trị",
     issuer_source="registry", known="kl-185-2025")

# ------------------------------------------------------------ 7. joint issuers, type names
J = "joint"
case(J, "Hướng dẫn số 05-HD/BTCTW ngày 3/3/2025 của Ban Tổ chức Trung ương và Bộ Nội vụ "
     "về", issuer="Ban Tổ chức Trung ương", co_issuers=["Bộ Nội vụ"])
case(J, "Kết luận số 126-KL/TW, ngày 14/02/2025 của Bộ Chính trị, Ban Bí thư về một số nội "
     "dung", clean=True, issuer="Bộ Chính trị", co_issuers=["Ban Bí thư"], known="kl-126-2025")
case(J, "Kế hoạch liên tịch số 01/KHLT-UBND-UBMTTQ ngày 5/1/2026 của Ủy ban nhân dân tỉnh và "
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh về", type="kế hoạch liên tịch", type_code="KHLT",
     co_issuers=["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], unit=None)
case(J, "Hướng dẫn liên tịch số 02-HD/BTGTU-SGDĐT ngày 9/9/2024", type="hướng dẫn liên tịch",
     printed_type_code="HD", symbol="HD/BTGTU-SGDĐT", clean=True)
case(J, "Chương trình công tác số 03-CTr/TU ngày 10/01/2026 của Ban Thường vụ Tỉnh ủy",
     type="chương trình công tác", type_code="CTr")
# baohatinh.vn: "Tỉnh ủy Hà Tĩnh đã ban hành Chương trình hành động số 40"
case(J, "Tỉnh ủy Hà Tĩnh đã ban hành Chương trình hành động số 40 ngày 17/01/2025",
     type="chương trình hành động", issuer="Tỉnh ủy Hà Tĩnh", number="40")
case(J, "Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ "
     "Huyện ủy yêu cầu", issuer="Ban Thường vụ Tỉnh ủy", co_issuers=[])
case(J, "Kế hoạch số 20-KH/TU ngày 3/3/2025 của Ban Thường vụ Tỉnh ủy và Ủy ban nhân dân tỉnh "
     "đã chỉ đạo", issuer="Ban Thường vụ Tỉnh ủy", co_issuers=[])

# ------------------------------------------------------------ 8. issuer phrases normalised
I = "issuer"  # noqa: E741
case(I, "Công văn số 12-CV/TU ngày 3/3/2025 của BTV Tỉnh ủy", issuer="Ban Thường vụ Tỉnh ủy",
     issuer_printed="BTV Tỉnh ủy", level="province")
case(I, "Công văn số 45/UBND-VP ngày 2/4/2024 của UBND huyện Tam Đường",
     issuer="Ủy ban nhân dân huyện Tam Đường", level="district", unit="VP")
case(I, "Nghị quyết số 05-NQ/TU ngày 1/10/2020 của Tỉnh uỷ khoá XV về", issuer="Tỉnh ủy",
     issuer_printed="Tỉnh uỷ khoá XV", term="XV", level="province")
case(I, "Kết luận số 02-KL/TU ngày 5/1/2026 của BAN THƯỜNG VỤ TỈNH ỦY LAI CHÂU",
     issuer="Ban Thường vụ Tỉnh ủy Lai Châu", level="province")
case(I, "Công văn số 99-CV/TU ngày 9/9/2024 của TT. Tỉnh ủy", issuer="Thường trực Tỉnh ủy")
case(I, "Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng (khóa XIII)",
     clean=True, issuer="Ban Chấp hành Trung ương Đảng", term="XIII", level="central")
case(I, "Kế hoạch số 5-KH/ĐU ngày 1/8/2025 của Ban Thường vụ Đảng ủy xã Bình Lư",
     level="commune", issuer="Ban Thường vụ Đảng ủy xã Bình Lư")
case(I, "Công văn số 7-CV/TU ngày 2/9/2025 của Thành ủy Huế", level="province")
case(I, "Công văn số 7-CV/TU ngày 2/9/2024 của Thành ủy Phúc Yên", level=None)

# ------------------------------------------------------------ 9. numbers that recur
R = "recur"
case(R, "Tiếp tục thực hiện Chỉ thị số 35-CT/TW", as_of=D(2017, 1, 1), known="ct-35-2014",
     date=D(2014, 5, 26), date_source="registry", issuer="Bộ Chính trị",
     issuer_source="registry")
case(R, "Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc "
     "lần thứ XIII của Đảng", as_of=D(2020, 3, 1), known="ct-35-2019", date=D(2019, 5, 30))
case(R, "Chỉ thị số 35-CT/TW của Bộ Chính trị về tăng cường sự lãnh đạo của Đảng đối với "
     "công tác tiếp công dân", as_of=D(2025, 3, 1), known="ct-35-2014")
case(R, "Quán triệt Chỉ thị số 35-CT/TW", as_of=D(2025, 1, 1), warn=("3 văn bản",),
     candidates=["ct-35-2014", "ct-35-2019", "ct-35-2024"], date=None)
case(R, "Nghị quyết số 18-NQ/TW về tiếp tục đổi mới, hoàn thiện thể chế, chính sách, nâng "
     "cao hiệu lực, hiệu quả quản lý và sử dụng đất", as_of=D(2024, 1, 1),
     known="nq-18-2022")
case(R, "Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương khóa XII", as_of=D(2024, 1, 1),
     known="nq-18-2017", term="XII")
case(R, "Nghị quyết số 19-NQ/TW", as_of=D(2018, 5, 1), known=None, candidates=[], date=None)
case(R, "Nghị quyết số 26-NQ/TW về phát triển kinh tế - xã hội và bảo đảm quốc phòng, an "
     "ninh vùng Bắc Trung Bộ và duyên hải Trung Bộ", as_of=D(2023, 6, 1), known=None,
     date=None)
case(R, "KẾT LUẬN SỐ 107-KL/TW", known="kl-107-2024", date=D(2024, 12, 24),
     issuer="Bộ Chính trị", issuer_source="registry", term="XIII")

# ------------------------------------------------------------ 10. consistency warnings
W = "warn"
case(W, "Kết luận số 107-KL/TW ngày 24/12/2025 của Bộ Chính trị", warn=("kiểm tra lại ngày",),
     date=D(2024, 12, 24).replace(year=2025), known="kl-107-2024")
case(W, "Công văn số 12-CV/ĐU ngày 3/3/2025 của Tỉnh ủy Lai Châu", warn=("không khớp mã 'ĐU'",))
case(W, "Quyết định số 45/QĐ-UBND ngày 2/1/2025 của Sở Nội vụ", warn=("không khớp mã 'UBND'",))
case(W, "Công văn số 1320CV/HU ngày 5/3/2025", warn=("thiếu dấu gạch nối",),
     canonical="1320-CV/HU")
case(W, "Công văn số 15-CV/HU ngày 3/9/2025 của Ban Thường vụ Huyện ủy",
     warn=("không còn sau 30/06/2025",))
case(W, "Nghị quyết số 57/2019/QH15", warn=("khóa 15 (2021–2026)",))
case(W, "Nghị quyết số 18-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương khóa XII",
     warn=("thuộc khóa XIII",))
# ttyttanphudong.vn: "Ngày 10/01/2019, Ban Chấp hành Trung ương ban hành Chỉ thị 27-CT/TW"
case(W, "Ngày 10/01/2019, Ban Chấp hành Trung ương ban hành Chỉ thị 27-CT/TW về tăng cường",
     warn=("nhưng Chỉ thị số 27-CT/TW ngày 10/1/2019 của Bộ Chính trị",))
case(W, "Kế hoạch số 12-KH/TU ngày 5/3/2025 của Ban Thường vụ Tỉnh ủy", as_of=D(2025, 1, 1),
     warn=("sau ngày của văn bản trích dẫn",))
case(W, KL107, clean=True, known="kl-107-2024")

# ------------------------------------------------------------ 11. roles
O = "role"  # noqa: E741
case(O, "Căn cứ Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị;", role="parent",
     is_root=True)
case(O, "Căn cứ Kế hoạch số 12-KH/TU ngày 2/2/2026 của Ban Thường vụ Tỉnh ủy;\nTheo đề nghị "
     "của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 3/2/2026.", 1, role="proposal")
case(O, "Xét Tờ trình số 12/TTr-UBND ngày 5/3/2025 của Ủy ban nhân dân tỉnh.", role="proposal")
case(O, "Căn cứ Quy định số 11-QĐi/TW;\nTheo đề nghị của Trưởng Ban Tổ chức Tỉnh ủy tại Công "
     "văn số 88-CV/BTCTU ngày 1/3/2025.", 1, role="proposal")
case(O, "Thực hiện " + KL107 + " (sau đây viết tắt là Kết luận số 107-KL/TW), Ban", 1,
     role="alias", refers_to=0, is_root=True)
case(O, "Thực hiện Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII về "
     "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy (sau đây gọi tắt là Nghị quyết "
     "số 18-NQ/TW), Ban Thường vụ Tỉnh ủy yêu cầu:", role="parent", known="nq-18-2017")
case(O, "Thực hiện " + KL107 + "; các cấp ủy quán triệt Kết luận số 107-KL/TW.", 1,
     role="repeat", is_root=True, refers_to=0)
case(O, "Thực hiện Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh ủy về việc quán triệt "
     + KL107 + ";", 1, role="root", is_root=True)
case(O, "Thực hiện Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh ủy về việc quán triệt "
     + KL107 + "; tiếp tục thực hiện Chỉ thị số 35-CT/TW ngày 26/5/2014.", 2, role="mention",
     is_root=False)
case(O, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nCăn cứ Kế "
     "hoạch số 12-KH/TU ngày 2/2/2026 của Ban Thường vụ Tỉnh ủy;", role="parent",
     is_root=False)


# ------------------------------------------------------------ from published pages
# nld.com.vn: the latest date a snippet writes (2019) is no citing date: a later
# document it names (Kết luận 215, 2025) is still found
case(N, "ký ban hành Kết luận 215 của Bộ Chính trị về sửa đổi, bổ sung Quy định số "
     "11-QĐi/TW ngày 18-2-2019 của Bộ Chính trị", known="kl-215-2025", date=D(2025, 11, 23))
# vietnambiz.vn: a number without "số", then its subject
case(N, "Ủy ban Thường vụ Quốc hội vừa ban hành Nghị quyết 673 về việc thành lập thành phố "
     "Long Khánh", number="673", issuer="Ủy ban Thường vụ Quốc hội", level="central",
     system="state")
# quochoi.vn prints the wrong year: "Nghị quyết số 1211/2016/UBTVQH13 ngày 25/5/2020"
case(W, "Căn cứ Nghị quyết số 1211/2016/UBTVQH13 ngày 25/5/2020 của Ủy ban Thường vụ Quốc "
     "hội về tiêu chuẩn của đơn vị hành chính;", warn=("khác năm ban hành",), year=2016,
     term="XIII", role="parent")
# tuyengiao.hagiang.gov.vn: a plenum is the Central Committee
case(I, "Sau gần 15 năm thực hiện Nghị quyết 26-NQ/TW ngày 5-8-2008 của Hội nghị Trung ương "
     "7 khóa X “về nông nghiệp, nông dân, nông thôn”", clean=True, term="X",
     issuer="Hội nghị Trung ương 7", known="nq-26-2008", system="party")
# a plenum named with its ordinal spelt out: the term after it tells the two 18-NQ/TW apart
case(I, "Thực hiện Nghị quyết số 18-NQ/TW của Hội nghị lần thứ sáu Ban Chấp hành Trung ương "
     "Đảng khóa XII về một số vấn đề về tiếp tục đổi mới", term="XII", known="nq-18-2017",
     issuer="Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng", date=D(2017, 10, 25))
case(I, "Thực hiện Nghị quyết số 18-NQ/TW của Hội nghị lần thứ năm Ban Chấp hành Trung ương "
     "Đảng khóa XIII", term="XIII", known="nq-18-2022")
# "năm" before a year is the year, not the plenum's ordinal
case(I, "Thực hiện Nghị quyết số 18-NQ/TW của Hội nghị lần thứ sáu năm 2017",
     issuer="Hội nghị lần thứ sáu")
# dvdn247.net (a Tờ trình of the Government): "Căn cứ đề nghị của …" proposes
case(O, "Căn cứ đề nghị của Ủy ban nhân dân tỉnh Vĩnh Phúc (Tờ trình số 27/TTr-UBND ngày "
     "06/02/2017 và Tờ trình số 254/TTr-UBND ngày 06/9/2017)", 1, role="proposal")


@pytest.mark.parametrize(("text", "index", "as_of", "expected", "warn", "clean"), CASES)
def test_class_row(text: str, index: int, as_of: dt.date | None, expected: dict[str, Any],
                   warn: tuple[str, ...], clean: bool) -> None:
    cits = parse_citations(text, as_of=as_of)
    assert len(cits) > index, f"found {len(cits)} citations in {text!r}"
    c = cits[index]
    assert fields(c, set(expected)) == expected
    for w in warn:
        assert any(w in x for x in c.warnings), (w, c.warnings)
    if clean:
        assert c.warnings == []


def test_every_class_has_five_examples_or_more() -> None:
    assert len(CLASS_OF) == 11
    assert all(n >= 5 for n in CLASS_OF.values()), CLASS_OF


@pytest.mark.parametrize("text", [
    "Chỉ thị 35 điểm cần lưu ý",  # a number without "số", nothing after it of a reference
    "thực hiện kế hoạch 5 năm 2021-2025",
    "Nghị quyết của Ban Chấp hành Trung ương về công tác cán bộ",
    "Căn cứ Điều 5, khoản 2 của Quy chế làm việc",
    "ngày 24/12/2024, 12/01/2025 và 2025/2026",
])
def test_no_reference(text: str) -> None:
    assert parse_citations(text) == []
