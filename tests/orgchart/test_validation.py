"""Every validation error names the file, line, column and key; all errors in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from orgchart import ChartError, load_uncached

FIX = Path(__file__).parent / "fixtures"


def problems(name: str) -> list:
    with pytest.raises(ChartError) as e:
        load_uncached(FIX / name)
    return e.value.problems


@pytest.mark.parametrize(("fixture", "line", "key", "message"), [
    ("broken_yaml.yaml", 5, "(document)", "invalid YAML"),
    ("unknown_kind.yaml", 4, "bodies.0.kind", "did you mean 'peoples_committee'"),
    ("unknown_parent.yaml", 16, "bodies.1.header_parent", "unknown header parent 'a.ubdn'"),
    ("unknown_target.yaml", 9, "bodies.0.directs.0", "unknown relation target 'a.so-noivu'"),
    ("duplicate_id.yaml", 9, "bodies.1", "duplicate id 'a.ubnd'"),
    ("cycle.yaml", 3, "bodies.0.directs.0", "cycle in directs"),
    ("inverted_dates.yaml", 9, "bodies.0.valid_from", "is after valid_to"),
    ("no_symbol.yaml", 2, "bodies.0", "needs symbol"),
    ("no_place.yaml", 2, "bodies.0", "needs place"),
])
def test_each_error_is_located(fixture, line, key, message):
    (p,) = problems(fixture)
    assert p.file == FIX / fixture
    assert (p.line, p.key) == (line, key)
    assert message in p.message
    assert str(p).startswith(f"{FIX / fixture}:{line}:")


def test_cycle_names_every_body_in_it():
    (p,) = problems("cycle.yaml")
    assert "a → b → c → a" in p.message


def test_all_errors_in_one_run():
    got = [(p.line, p.key) for p in problems("many_errors.yaml")]
    assert got == [(5, "bodies.0.kind"), (10, "bodies.1"), (16, "bodies.1.directs.0"),
                   (24, "bodies.2.valid_from")]


def test_template_errors_point_at_the_template_line():
    got = problems("template_errors")
    assert [(p.file.name, p.line, p.key) for p in got] == [
        ("structure.yaml", 9, "structure.province.0.directs.0"),
        ("structure.yaml", 11, "structure.province.1.name"),
    ]
    assert "unknown placeholder 'committe'" in got[1].message
    assert "template 'province' has no such slot" in got[0].message


def test_override_of_unknown_unit_and_slot(tmp_path):
    bundled = Path(__file__).resolve().parents[2] / "orgchart" / "data"
    extra = tmp_path / "zz-mine.yaml"
    extra.write_text("units:\n  lai-chau:\n    set:\n      ubdn: {symbol: X}\n"
                     "  lai-chou:\n    remove: [ca]\n", encoding="utf-8")
    # the bundled overrides already name lai-chau: a second file for it is an error too
    with pytest.raises(ChartError) as e:
        load_uncached([bundled, extra])
    msgs = {(p.file.name, p.line, p.key): p.message for p in e.value.problems}
    assert ("zz-mine.yaml", 2, "units.lai-chau") in msgs
    assert "already given" in msgs[("zz-mine.yaml", 2, "units.lai-chau")]
    assert "unknown unit 'lai-chou'" in msgs[("zz-mine.yaml", 5, "units.lai-chou")]


def test_valid_small_chart_loads():
    c = load_uncached(FIX / "valid_small.yaml")
    assert c.header_lines("tinh.btv") == ["TỈNH ỦY MẪU", "*"]
    assert [b.id for b in c.directed("tinh.btv")] == ["tinh.ubnd"]
    assert [b.id for b in c.reports_to("tinh.btv")] == ["tinh.tu"]


runner = CliRunner()


def test_cli_validate_exit_codes():
    ok = runner.invoke(app, ["orgchart", "validate", str(FIX / "valid_small.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "Hợp lệ" in ok.output
    bad = runner.invoke(app, ["orgchart", "validate", str(FIX / "many_errors.yaml")])
    assert bad.exit_code == 2
    assert "4 lỗi" in bad.output
    assert f"{FIX / 'many_errors.yaml'}:24:5: bodies.2.valid_from" in bad.output


def test_cli_bad_date_is_exit_2():
    r = runner.invoke(app, ["orgchart", "stats", "--as-of", "01/13/2025"])
    assert r.exit_code == 2
    assert "--as-of: ngày “01/13/2025” không có trong lịch" in r.output
    r = runner.invoke(app, ["orgchart", "stats", "--as-of", "1 tháng 3"])
    assert r.exit_code == 2 and "viết dd/mm/yyyy" in r.output
