"""Issuer phrases resolved against the bundled national org chart, with context."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cascade.citations.parser import parse_citations
from cascade.citations.reader import read_document
from cascade.citations.resolve import resolve_citations, resolve_header
from orgchart import Chart, UnknownBody

# ``chart`` (the bundled national chart, loaded once) comes from tests/conftest.py.


def _ids(text: str, chart: Chart, context: str | None) -> list[tuple[str, str | None]]:
    cits = resolve_citations(parse_citations(text), chart, context_body=context)
    return [(f"{c.number}-{c.symbol}", c.issuer_id) for c in cits]


def test_seed_000_thanh_uy_in_its_city(chart: Chart, seed_text: Callable[[int], str]) -> None:
    got = dict(_ids(seed_text(0), chart, "can-tho.btv"))
    assert got["107-KL/TW"] == "tw.bct"
    assert got["16-CT/TU"] == "can-tho.btv"
    assert got["1271-CV/TU"] == "can-tho.btv"


def test_seed_001_tinh_uy_seen_from_a_district(
    chart: Chart, seed_text: Callable[[int], str]
) -> None:
    # Seed 001 does not name its district; any Hà Nam district (Phủ Lý, d347) shows the
    # rule: "Ban Thường vụ Tỉnh ủy" is the Tỉnh ủy of the citing body's province.
    got = _ids(seed_text(1), chart, "d347.btv")
    assert got[0] == ("6169-CV/TU", "ha-nam.btv")
    assert {i for _, i in got[1:]} == {"tw.bct"}


def test_seed_002_named_place_needs_no_context(
    chart: Chart, seed_text: Callable[[int], str]
) -> None:
    got = _ids(seed_text(2), chart, None)
    assert got[1] == ("2269-CV/TU", "lai-chau.tu")  # "Tỉnh uỷ Lai Châu", old tone
    assert {i for n, i in got if n != "2269-CV/TU"} == {"tw.bct"}


def test_seed_003_so_context(chart: Chart, seed_text: Callable[[int], str]) -> None:
    cits = resolve_citations(parse_citations(seed_text(3)), chart,
                             context_body="ha-nam.so-vhttdl")
    by = {(c.number, c.issuer_printed): c for c in cits}
    assert by[("10", "Đảng ủy UBND tỉnh Hà Nam")].issuer_id == "ha-nam.dubnd"
    assert by[("10", "Đảng ủy Ủy ban nhân dân tỉnh")].issuer_id == "ha-nam.dubnd"
    assert by[("01", "Ban Thường vụ Tỉnh ủy")].issuer_id == "ha-nam.btv"
    # "762/UBND-TCDNC" names no issuer: its code is the UBND of the citing body's province
    cv = by[("762", None)]
    assert (cv.issuer_id, cv.issuer_source, cv.issuer) == (
        "ha-nam.ubnd", "symbol", "Ủy ban nhân dân tỉnh Hà Nam")


def test_seed_004_commune_context(chart: Chart, seed_text: Callable[[int], str]) -> None:
    commune = chart.units(level="commune", province="quang-tri")[0]
    cits = resolve_citations(parse_citations(seed_text(4)), chart,
                             context_body=f"{commune.id}.btv")
    assert cits[1].issuer_id == "quang-tri.btgdv"
    # Short forms repeat the full citation: same issuer.
    short = [c for c in cits if c.number == "107" and c.issuer_printed is None]
    assert short
    assert {(c.issuer_id, c.issuer_source) for c in short} == {("tw.bct", "context")}


def test_place_dependent_issuer_without_context_is_reported(chart: Chart) -> None:
    (cit,) = resolve_citations(
        parse_citations("Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy"),
        chart,
    )
    assert cit.issuer_id is None
    assert cit.issuer_reason is not None
    assert "--context-body" in cit.issuer_reason


@pytest.mark.parametrize("text", [
    "Thực hiện Công điện số 25/CĐ-TTg ngày 12/3/2025 của Thủ tướng Chính phủ về việc",
    "Thực hiện Quyết định số 1500/QĐ-TTg ngày 30/11/2024 của Thủ tướng Chính phủ;",
])
def test_the_prime_minister_issues_in_his_own_name(chart: Chart, text: str) -> None:
    (cit,) = resolve_citations(parse_citations(text), chart, context_body="lai-chau.ubnd")
    assert cit.issuer_id == "cp.ttg"


@pytest.mark.parametrize("plenum", [
    "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
    "Hội nghị Trung ương 7 khóa X",
])
def test_a_plenum_is_the_central_committee(chart: Chart, plenum: str) -> None:
    (cit,) = resolve_citations(parse_citations(f"Nghị quyết số 26-NQ/TW của {plenum}"), chart,
                               context_body="lai-chau.btv")
    assert cit.issuer_id == "tw.bchtw"


def test_a_meeting_that_is_no_plenum_is_not_the_central_committee(chart: Chart) -> None:
    (cit,) = resolve_citations(
        parse_citations("Nghị quyết số 18-NQ/TW của Hội nghị lần thứ sáu năm 2017"), chart)
    assert cit.issuer_id is None


@pytest.mark.parametrize(("text", "context"), [
    ("Kế hoạch số 5-KH/BCĐ ngày 1/8/2025 của Ban Chỉ đạo 35 tỉnh", "ha-nam.ubnd"),
    # A province-level context cannot tell which district's Huyện ủy is meant.
    ("Công văn số 12-CV/HU ngày 1/3/2025 của Ban Thường vụ Huyện ủy", "lai-chau.ubnd"),
])
def test_unresolvable_issuer_is_never_guessed(chart: Chart, text: str, context: str) -> None:
    (cit,) = resolve_citations(parse_citations(text), chart, context_body=context)
    assert cit.issuer_id is None
    assert cit.issuer_reason


def test_unknown_context_body_raises(chart: Chart) -> None:
    with pytest.raises(UnknownBody):
        resolve_citations(parse_citations("Kết luận số 107-KL/TW của Bộ Chính trị"), chart,
                          context_body="khong-co.ubnd")


def test_header_issuer_lines_name_the_body(
    chart: Chart, state_plan_docx: Path, party_cong_van_docx: Path,
    seed_path: Callable[[int], Path],
) -> None:
    assert resolve_header(read_document(state_plan_docx).header, chart).body_id == (
        "lai-chau.so-noivu"
    )
    assert resolve_header(read_document(party_cong_van_docx).header, chart).body_id == (
        "lai-chau.btgdv"
    )
    assert resolve_header(read_document(seed_path(2)).header, chart).body_id == "lai-chau.ubnd"
    assert resolve_header(read_document(seed_path(3)).header, chart).body_id is None
