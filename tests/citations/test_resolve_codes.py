"""The issuer code of a symbol names the issuer a reference leaves out: a central body by
its code, a provincial one in the citing body's province, a UBND of the citing body's own
territory; several bodies with one code are named, never chosen."""

from __future__ import annotations

import datetime as dt

import pytest

from cascade.citations.parser import parse_citations
from cascade.citations.resolve import resolve_citations
from orgchart import Chart


@pytest.mark.parametrize(("text", "context", "issuer_id", "unit"), [
    # a sở's code, cited in any document of its province
    ("Thực hiện Công văn số 415/SNNMT-VP ngày 3/3/2026, ", "lai-chau.ubnd",
     "lai-chau.so-nnmt", "VP"),
    ("Căn cứ Kế hoạch số 20/KH-SNV ngày 5/1/2026;", "c03388.ubnd", "lai-chau.so-noivu", None),
    # a central commission's code, with no context at all
    ("Hướng dẫn số 12-HD/BDVTW ngày 5/5/2023", None, "tw.bdv", None),
    ("Công văn số 8011-CV/BTCTW, ngày 27/02/2025", None, "tw.btc", None),
    # UBND-…: the UBND of the citing body's own territory
    ("Công văn số 762/UBND-TCDNC ngày 01/4/2025", "ha-nam.so-vhttdl", "ha-nam.ubnd", "TCDNC"),
    ("Công văn số 88/UBND-VP ngày 5/1/2026", "c03388.btv", "c03388.ubnd", "VP"),
    # a Tỉnh ủy commission's code, from a commune of the province
    ("Hướng dẫn số 14-HD/BTGDVTU ngày 26/9/2025", "c03388.btv", "lai-chau.btgdv", None),
])
def test_issuer_from_the_code(chart: Chart, text: str, context: str | None,
                              issuer_id: str, unit: str | None) -> None:
    (c,) = resolve_citations(parse_citations(text), chart, context_body=context)
    assert (c.issuer_id, c.issuer_source, c.unit) == (issuer_id, "symbol", unit)
    assert c.issuer == chart.body(issuer_id, c.date).name
    if c.system == "state" and c.type == "công văn":
        assert (c.printed_type_code, c.type_code) == (None, "CV")  # none printed


def test_a_code_of_two_bodies_is_not_chosen(chart: Chart) -> None:
    """A Tỉnh ủy and its standing board both number ``-CV/TU``."""
    (c,) = resolve_citations(parse_citations("Công văn số 20-CV/TU ngày 5/1/2026"), chart,
                             context_body="c03388.btv")
    assert c.issuer_id is None
    assert "lai-chau.btv" in (c.issuer_reason or "") and "lai-chau.tu" in (c.issuer_reason or "")


def test_registry_issuer_needs_no_chart_lookup(chart: Chart) -> None:
    (c,) = resolve_citations(parse_citations("Nghị quyết số 202/2025/QH15"), chart)
    assert (c.issuer_id, c.issuer_source, c.date) == ("qh", "registry", dt.date(2025, 6, 12))


def test_text_issuer_is_kept_over_the_code(chart: Chart) -> None:
    (c,) = resolve_citations(parse_citations(
        "Công văn số 5/UBND-VP ngày 2/2/2026 của UBND tỉnh Lai Châu"), chart,
        context_body="c03388.btv")
    assert (c.issuer_id, c.issuer_source) == ("lai-chau.ubnd", "text")


@pytest.mark.parametrize(("text", "context", "body", "words"), [
    # a district body cited after districts ended (1/7/2025)
    ("Công văn số 15-CV/HU ngày 3/9/2025 của Ban Thường vụ Huyện ủy Tam Đường", None,
     "d106.btv", "đến 30/06/2025"),
    # a merged commission cited before it was formed
    ("Hướng dẫn số 3-HD/BTGDVTU ngày 5/1/2024 của Ban Tuyên giáo và Dân vận Tỉnh ủy",
     "lai-chau.ubnd", "lai-chau.btgdv", "có từ 01/03/2025"),
    # a central commission cited after it merged
    ("Kế hoạch số 5-KH/BTGTW ngày 5/3/2025 của Ban Tuyên giáo Trung ương", None, "tw.btg",
     "đến 02/02/2025"),
])
def test_issuer_outside_its_lifetime_is_named_with_its_dates(chart: Chart, text: str,
                                                              context: str | None, body: str,
                                                              words: str) -> None:
    (c,) = resolve_citations(parse_citations(text), chart, context_body=context)
    assert c.issuer_id is None
    assert body in (c.issuer_reason or "") and words in (c.issuer_reason or "")
