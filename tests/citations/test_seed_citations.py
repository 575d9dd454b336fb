"""Every citation in the five real seed documents, parsed field by field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from cascade.citations.parser import parse_citations

D = dt.date
BCT = "Bộ Chính trị"
KL107 = ("kết luận", "107", "KL/TW")
KL107_FULL = (*KL107, D(2024, 12, 24), BCT)
KL107_SHORT = (*KL107, None, None)
CT35_FULL = ("chỉ thị", "35", "CT/TW", D(2014, 5, 26), BCT)
QDI11_FULL = ("quy định", "11", "QĐi/TW", D(2019, 2, 18), BCT)

# (role, type, number, symbol, date, issuer) in text order.
EXPECTED: dict[int, list[tuple]] = {
    0: [
        ("parent", *KL107_FULL),
        ("mention", *KL107_SHORT),  # "(viết tắt là Kết luận số 107-KL/TW)"
        ("mention", *KL107_SHORT),
        ("mention", *CT35_FULL),
        ("mention", *QDI11_FULL),
        ("mention", "chỉ thị", "16", "CT/TU", D(2017, 6, 26), "Ban Thường vụ Thành ủy"),
        ("mention", "công văn", "1271", "CV/TU", D(2019, 3, 21), "Ban Thường vụ Thành ủy"),
        ("mention", *KL107_SHORT),
    ],
    1: [
        ("parent", "công văn", "6169", "CV/TU", D(2025, 2, 25), "Ban Thường vụ Tỉnh ủy"),
        ("mention", *KL107, None, BCT),  # inside the quoted subject of 6169
        ("mention", *KL107_FULL),
        ("mention", "chỉ thị", "35", "CT/TW", None, BCT),  # issuer shared with 11-QĐ/TW
        ("mention", "quy định", "11", "QĐi/TW", None, BCT),  # written 11-QĐ/TW (§15)
        ("mention", *KL107, None, BCT),
    ],
    2: [
        ("mention", *KL107_FULL),  # in the V/v summary
        ("parent", "công văn", "2269", "CV/TU", D(2024, 12, 31), "Tỉnh uỷ Lai Châu"),
        ("mention", *KL107_FULL),
        ("mention", *KL107_FULL),  # "(gửi Kết luận … kèm theo)"
        ("mention", *CT35_FULL),
    ],
    3: [
        ("mention", *KL107_FULL),  # in the title's summary
        ("parent", "kế hoạch", "10", "KH/ĐU", D(2025, 3, 19), "Đảng ủy UBND tỉnh Hà Nam"),
        ("mention", *KL107_FULL),
        ("parent", "công văn", "762", "UBND-TCDNC", D(2025, 4, 1), None),
        ("mention", "kế hoạch", "10", "KH/ĐU", None, "Đảng ủy Ủy ban nhân dân tỉnh"),
        ("mention", *KL107_FULL),
        ("mention", *CT35_FULL),
        ("mention", *QDI11_FULL),
        ("mention", "chỉ thị", "01", "CT/TU", D(2020, 12, 1), "Ban Thường vụ Tỉnh ủy"),
        ("mention", "công văn", "1384", "CV/TU", D(2024, 11, 14), "Ban Thường vụ Tỉnh ủy"),
        ("mention", *KL107_FULL),
    ],
    4: [
        ("mention", *KL107_FULL),  # in the title's summary
        ("parent", "hướng dẫn", "14", "HD/BTGDVTU", D(2025, 9, 26),
         "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("mention", *KL107_FULL),  # inside the quoted subject of 14-HD/BTGDVTU
        ("mention", *KL107_SHORT),  # "(sau đây viết tắt là …)"
        ("mention", *KL107_SHORT),
        ("mention", *CT35_FULL),  # "35-\n\nCT/TW": line break inside the symbol
        ("mention", *KL107_SHORT),
        ("mention", "chỉ thị", "35", "CT/TW", None, None),
        ("mention", *KL107_SHORT),
        ("mention", "chỉ thị", "27", "CT/TW", D(2019, 1, 10), BCT),
        ("mention", *QDI11_FULL),
    ],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_citations(seed: int, seed_text: Callable[[int], str]) -> None:
    got = [
        (c.role, c.type, c.number, c.symbol, c.date, c.issuer)
        for c in parse_citations(seed_text(seed))
    ]
    assert got == EXPECTED[seed]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_citations_are_party_except_the_state_cong_van(
    seed: int, seed_text: Callable[[int], str]
) -> None:
    for c in parse_citations(seed_text(seed)):
        assert c.system == ("state" if c.symbol == "UBND-TCDNC" else "party")
        assert c.type_code == {"kết luận": "KL", "chỉ thị": "CT", "quy định": "QĐi",
                               "công văn": "CV", "kế hoạch": "KH", "hướng dẫn": "HD"}[c.type]


def test_seed_spans_cover_the_citation_text(seed_text: Callable[[int], str]) -> None:
    text = seed_text(4)
    for c in parse_citations(text):
        raw = " ".join(text[c.span[0]:c.span[1]].split())
        assert raw == c.text
        assert raw.startswith(("Kết", "Hướng", "Chỉ", "Quy"))


def test_short_forms_point_at_the_full_citation(seed_text: Callable[[int], str]) -> None:
    cits = parse_citations(seed_text(0))
    assert [c.refers_to for c in cits if c.number == "107"] == [None, 0, 0, 0]


def test_seed_001_quy_dinh_is_flagged_as_qdi(seed_text: Callable[[int], str]) -> None:
    (qd,) = [c for c in parse_citations(seed_text(1)) if c.type == "quy định"]
    assert "11-QĐ/TW" in qd.text
    assert qd.warnings
