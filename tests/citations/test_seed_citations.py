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

# (role, type, number, symbol as printed, date, issuer) in text order. "repeat": a short
# form of a reference given in full before; "root": the Politburo's Kết luận 107 where it
# is not the parent; dates the text leaves out come from the registry (see DATED).
EXPECTED: dict[int, list[tuple]] = {
    0: [
        ("parent", *KL107_FULL),
        ("alias", *KL107_SHORT),  # "(viết tắt là Kết luận số 107-KL/TW)"
        ("repeat", *KL107_SHORT),
        ("mention", *CT35_FULL),
        ("mention", *QDI11_FULL),
        ("mention", "chỉ thị", "16", "CT/TU", D(2017, 6, 26), "Ban Thường vụ Thành ủy"),
        ("mention", "công văn", "1271", "CV/TU", D(2019, 3, 21), "Ban Thường vụ Thành ủy"),
        ("repeat", *KL107_SHORT),
    ],
    1: [
        ("parent", "công văn", "6169", "CV/TU", D(2025, 2, 25), "Ban Thường vụ Tỉnh ủy"),
        ("root", *KL107, None, BCT),  # inside the quoted subject of 6169
        ("root", *KL107_FULL),
        ("mention", *CT35_FULL),  # issuer shared with 11-QĐ/TW, date from the registry
        # printed 11-QĐ/TW (docs/format-rules.md §15): kept as printed, canonical 11-QĐi/TW
        ("mention", "quy định", "11", "QĐ/TW", D(2019, 2, 18), BCT),
        ("repeat", *KL107, None, BCT),
    ],
    2: [
        ("root", *KL107_FULL),  # in the V/v summary
        ("parent", "công văn", "2269", "CV/TU", D(2024, 12, 31), "Tỉnh ủy Lai Châu"),
        ("root", *KL107_FULL),
        ("root", *KL107_FULL),  # "(gửi Kết luận … kèm theo)"
        ("mention", *CT35_FULL),
    ],
    3: [
        ("root", *KL107_FULL),  # in the title's summary
        ("parent", "kế hoạch", "10", "KH/ĐU", D(2025, 3, 19),
         "Đảng ủy Ủy ban nhân dân tỉnh Hà Nam"),  # printed "Đảng ủy UBND tỉnh Hà Nam"
        ("root", *KL107_FULL),
        ("parent", "công văn", "762", "UBND-TCDNC", D(2025, 4, 1), None),
        ("repeat", "kế hoạch", "10", "KH/ĐU", None, "Đảng ủy Ủy ban nhân dân tỉnh"),
        ("root", *KL107_FULL),
        ("mention", *CT35_FULL),
        ("mention", *QDI11_FULL),
        ("mention", "chỉ thị", "01", "CT/TU", D(2020, 12, 1), "Ban Thường vụ Tỉnh ủy"),
        ("mention", "công văn", "1384", "CV/TU", D(2024, 11, 14), "Ban Thường vụ Tỉnh ủy"),
        ("root", *KL107_FULL),
    ],
    4: [
        ("root", *KL107_FULL),  # in the title's summary
        ("parent", "hướng dẫn", "14", "HD/BTGDVTU", D(2025, 9, 26),
         "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("root", *KL107_FULL),  # inside the quoted subject of 14-HD/BTGDVTU
        ("alias", *KL107_SHORT),  # "(sau đây viết tắt là …)"
        ("repeat", *KL107_SHORT),
        ("mention", *CT35_FULL),  # "35-\n\nCT/TW": line break inside the symbol
        ("repeat", *KL107_SHORT),
        ("repeat", "chỉ thị", "35", "CT/TW", None, None),
        ("repeat", *KL107_SHORT),
        ("mention", "chỉ thị", "27", "CT/TW", D(2019, 1, 10), BCT),
        ("mention", *QDI11_FULL),
    ],
}
# (seed, index): dates the registry gave (seed 001 cites 35-CT/TW and 11-QĐ/TW undated).
DATED = {(1, 3), (1, 4)}


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
        # a State công văn prints no type code; every other symbol prints its own
        assert c.printed_type_code == (None if c.symbol == "UBND-TCDNC" else
                                       c.symbol.split("/")[0])


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_dates_say_where_they_come_from(seed: int,
                                             seed_text: Callable[[int], str]) -> None:
    for i, c in enumerate(parse_citations(seed_text(seed))):
        if c.date is None:
            assert c.date_source is None
        else:
            assert c.date_source == ("registry" if (seed, i) in DATED else "text")


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_root_is_kl_107_everywhere(seed: int, seed_text: Callable[[int], str]) -> None:
    """Every reference to Kết luận 107 is the root directive; nothing else is."""
    for c in parse_citations(seed_text(seed)):
        assert c.is_root == (c.number == "107"), c.text


def test_seed_spans_cover_the_citation_text(seed_text: Callable[[int], str]) -> None:
    text = seed_text(4)
    for c in parse_citations(text):
        raw = " ".join(text[c.span[0]:c.span[1]].split())
        assert raw == c.text
        assert raw.startswith(("Kết", "Hướng", "Chỉ", "Quy"))


def test_short_forms_point_at_the_full_citation(seed_text: Callable[[int], str]) -> None:
    cits = parse_citations(seed_text(0))
    assert [c.refers_to for c in cits if c.number == "107"] == [None, 0, 0, 0]
    assert [c.role for c in cits if c.number == "107"] == ["parent", "alias", "repeat",
                                                          "repeat"]


def test_seed_001_quy_dinh_keeps_its_print_and_is_known_as_qdi(
        seed_text: Callable[[int], str]) -> None:
    (qd,) = [c for c in parse_citations(seed_text(1)) if c.type == "quy định"]
    assert (qd.as_printed, qd.symbol, qd.canonical, qd.type_code) == (
        "11-QĐ/TW", "QĐ/TW", "11-QĐi/TW", "QĐi")
    assert qd.known is not None and qd.known.id == "qd-11-2019"
    assert any("11-QĐi/TW" in w for w in qd.warnings)


def test_seed_issuers_are_normalised_and_keep_their_print(
        seed_text: Callable[[int], str]) -> None:
    by = {c.canonical: c for c in parse_citations(seed_text(2)) if c.role == "parent"}
    assert (by["2269-CV/TU"].issuer, by["2269-CV/TU"].issuer_printed) == (
        "Tỉnh ủy Lai Châu", "Tỉnh uỷ Lai Châu")
    (kh,) = [c for c in parse_citations(seed_text(3)) if c.role == "parent" and c.number == "10"]
    assert (kh.issuer, kh.issuer_printed, kh.level) == (
        "Đảng ủy Ủy ban nhân dân tỉnh Hà Nam", "Đảng ủy UBND tỉnh Hà Nam", "province")
