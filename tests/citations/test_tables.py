"""The data the parser reads: the registry of central documents and the tables that must
agree with the project's other vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade import doctypes
from cascade.citations.registry import REGISTRY_PATH, load_registry, symbol_key
from cascade.citations.symbols import parse_symbol
from cascade.citations.tables import ISSUER_ABBREVIATIONS, TYPE_BY_WORD
from orgchart import Chart
from orgchart.text import ABBREVIATIONS, expand_abbreviations, key


def test_registry_rows_are_sourced_and_parse_as_they_print(chart: Chart) -> None:
    reg = load_registry()
    assert len(reg.rows) >= 25
    for r in reg.rows:
        assert r.source.strip(), r.id
        assert r.type in TYPE_BY_WORD, (r.id, r.type)
        parts = parse_symbol(r.canonical)
        assert parts is not None, r.id
        assert (parts.system, parts.symbol, parts.year) == (r.system, r.symbol, r.year), r.id
        if r.issuer_id:  # the body exists on the document's date
            assert chart.has(r.issuer_id, r.date), (r.id, r.issuer_id)


def test_registry_rows_of_one_number_differ_in_date() -> None:
    """Rows that share a number and symbol are documents of different terms (numbers
    restart with each term)."""
    seen: dict[tuple[int, str], list[str | None]] = {}
    for r in load_registry().rows:
        seen.setdefault((r.number, symbol_key(r.symbol)), []).append(r.term)
    for (number, symbol), terms in seen.items():
        assert len(set(terms)) == len(terms), (number, symbol, terms)
    assert len(seen[(35, "CT/TW")]) == 3 and len(seen[(18, "NQ/TW")]) == 2


def test_a_bad_registry_row_names_the_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("documents:\n  - {id: x, type: kết luận, number: 1, symbol: KL/TW}\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"r\.yaml: documents\[0\]"):
        load_registry.__wrapped__(bad)
    assert REGISTRY_PATH.is_file()


def test_issuer_abbreviations_agree_with_the_chart_keys() -> None:
    """The display forms written out in issuer phrases are the expansions the chart's
    name keys use (orgchart.text.ABBREVIATIONS), where the chart knows the abbreviation."""
    for short, full in ISSUER_ABBREVIATIONS.items():
        k = key(short.rstrip("."))
        if k in ABBREVIATIONS:
            assert expand_abbreviations(k) == key(full), short


def test_type_words_are_the_vocabulary() -> None:
    words = {w for t in doctypes.all_types() for w in t.words}
    assert set(TYPE_BY_WORD) == words
