"""YAML with limits wherever a user's YAML enters: a directive (CLI ``plan``), a SPEC
(``draft``), a rules file and a chart refuse an alias bomb, a deep nesting and an
oversized file at once, naming the file, the line and the limit; legitimate anchors in
files still load."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import KL107
from typer.testing import CliRunner

from cascade.directive import DirectiveError, load_directive
from cascade.drafts.spec import SpecError, load_spec
from cascade.plan_rules import RulesError, load_rules
from orgchart import ChartError, load_uncached, safe_yaml

runner = CliRunner()


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": each level repeats the previous one nine times;
    363 bytes that expand to 9**levels strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def deep(levels: int = 200) -> str:
    return "issuer: " + "[" * levels + "]" * levels + "\n"


def test_bomb_is_small_and_would_expand_to_hundreds_of_millions() -> None:
    assert len(alias_bomb()) < 400
    assert 9 ** 9 > 387_000_000


def test_request_yaml_refuses_aliases_at_the_first_one() -> None:
    with pytest.raises(safe_yaml.YAMLLimitError) as e:
        safe_yaml.load("a: &x 1\nb: *x\n", safe_yaml.REQUEST)
    assert "neo và bí danh" in e.value.problem and e.value.problem_mark.line == 1


@pytest.mark.parametrize("fast", [False, True])
def test_file_yaml_counts_aliases_as_what_they_repeat(fast: bool) -> None:
    data, _ = safe_yaml.load("p: &p [1, 2]\nq: *p\nr: {<<: {k: 1}}\n", safe_yaml.FILE,
                             fast=fast)
    assert data == {"p": [1, 2], "q": [1, 2], "r": {"k": 1}}
    start = time.perf_counter()
    with pytest.raises(safe_yaml.YAMLLimitError, match="khi triển khai bí danh"):
        safe_yaml.load(alias_bomb(), safe_yaml.FILE, fast=fast)
    assert time.perf_counter() - start < 0.5
    with pytest.raises(safe_yaml.YAMLLimitError, match="quá sâu: hơn 32 tầng"):
        safe_yaml.load(deep(), safe_yaml.FILE, fast=fast)
    with pytest.raises(safe_yaml.YAMLLimitError, match="tự tham chiếu"):
        safe_yaml.load("&a [*a]", safe_yaml.FILE, fast=fast)


def test_directive_file_refuses_bomb_depth_and_size(tmp_path: Path) -> None:
    for name, text, want in [
        ("bomb.yaml", alias_bomb(), r"bomb\.yaml:\d+:\d+: YAML không hợp lệ: quá lớn khi "
                                    r"triển khai bí danh: hơn 200.000 nút"),
        ("deep.yaml", deep(), r"deep\.yaml:1:\d+: YAML không hợp lệ: lồng nhau quá sâu"),
    ]:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        with pytest.raises(DirectiveError, match=want):
            load_directive(p)
        assert time.perf_counter() - start < 1
    with pytest.raises(RulesError, match="quá lớn khi triển khai bí danh"):
        load_rules(tmp_path / "bomb.yaml")


def test_cli_refuses_a_10_mb_directive_quickly(app, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    text = KL107.read_text(encoding="utf-8")
    big.write_text(text + "# " + "x" * 10_000_000 + "\n", encoding="utf-8")
    start = time.perf_counter()
    r = runner.invoke(app, ["plan", str(big), "--scope", "lai-chau"])
    took = time.perf_counter() - start
    assert r.exit_code != 0
    size = f"{big.stat().st_size:,}".replace(",", ".")  # the example's size plus 10 MB
    assert f"{big}: YAML không hợp lệ: tệp quá lớn: {size} byte, tối đa 1.000.000 " \
        "byte" in r.output
    assert took < 2, took


def test_spec_refuses_an_alias_bomb(tmp_path: Path) -> None:
    p = tmp_path / "spec.yaml"
    p.write_text("type: công văn\n" + alias_bomb(), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(SpecError, match=r"spec\.yaml:\d+:\d+: YAML không hợp lệ: quá lớn "
                                        "khi triển khai bí danh"):
        load_spec(p)
    assert time.perf_counter() - start < 1


def test_chart_file_with_a_bomb_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "chart.yaml"
    p.write_text("central:\n  bodies: []\n" + alias_bomb().replace("a: &a", "x: &a"),
                 encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ChartError) as e:
        load_uncached(p)
    assert time.perf_counter() - start < 1
    assert "quá lớn khi triển khai bí danh" in str(e.value)
    assert f"{p}:" in str(e.value)


def test_a_megabyte_summary_is_refused_in_a_directive_and_a_spec(tmp_path: Path) -> None:
    text = KL107.read_text(encoding="utf-8")
    start = text.index("summary: >-")
    end = text.index("\n", text.index("\n", start) + 1)
    p = tmp_path / "long.yaml"
    p.write_text(text[:start] + "summary: " + "a" * 900_000 + text[end:], encoding="utf-8")
    with pytest.raises(DirectiveError, match=r"long\.yaml:\d+: trường summary: quá dài: "
                                             "tối đa 1000 ký tự"):
        load_directive(p)
    spec = tmp_path / "spec.yaml"
    spec.write_text("issuer: lai-chau.ubnd\ntype: công văn\nsummary: " + "a" * 900_000
                    + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"spec\.yaml:3:\d+: summary: quá dài: tối đa 1000 "
                                        "ký tự"):
        load_spec(spec)
