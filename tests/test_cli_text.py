"""The command line's own texts are Vietnamese: help pages, usage errors, placeholders."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Show this message|No such|Missing|"
                     r"Invalid value|Try '|\[default|\[required|TEXT|INTEGER|PATH|Error")


def _commands(prefix: list[str]) -> list[list[str]]:
    """Every command path, read from the help pages themselves."""
    out = [prefix]
    r = runner.invoke(app, [*prefix, "--help"])
    if "\nLệnh:\n" in r.stdout:
        for line in r.stdout.split("\nLệnh:\n", 1)[1].splitlines():
            if line.startswith("  ") and not line.startswith("   "):
                out += _commands([*prefix, line.split()[0]])
    return out


def test_every_help_page_is_vietnamese():
    paths = _commands([])
    assert len(paths) >= 15 and ["orgchart", "show"] in paths and ["keys", "create"] in paths
    for path in paths:
        r = runner.invoke(app, [*path, "--help"])
        assert r.exit_code == 0, (path, r.output)
        assert r.stdout.startswith("Cách dùng: "), (path, r.stdout[:80])
        assert "--help  " in r.stdout and "Hiện hướng dẫn này rồi thoát." in r.stdout
        assert not ENGLISH.search(r.stdout), (path, ENGLISH.search(r.stdout).group(0))


@pytest.mark.parametrize(("args", "expected"), [
    (["orgchart", "stats", "--asof", "x"], "Lỗi: không có tùy chọn --asof; có phải: --as-of"),
    (["orgchart", "show"], "Lỗi: thiếu tham số ID"),
    (["draft", "x.yaml"], "Lỗi: thiếu tùy chọn -o / --output"),
    (["serve", "--port", "abc"], "Lỗi: giá trị không hợp lệ cho --port: phải là một số nguyên"),
    (["serve", "--port", "0"], "Lỗi: giá trị không hợp lệ cho --port: phải từ 1 trở lên"),
    (["orgchart", "sttas"], "Lỗi: không có lệnh “sttas”; có phải: stats?"),
    (["orgchart", "find", "a", "b"], "Lỗi: thừa tham số: b"),
    (["plan", "--scope"], "Lỗi: tùy chọn --scope cần một giá trị"),
])
def test_usage_errors_are_vietnamese(args, expected):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert expected in r.stderr, r.stderr
    if args[-1] != "--scope":  # the parser raises that one without its command's context
        assert re.search(r"^Xem hướng dẫn: trienkhai [a-z -]+ --help$", r.stderr, re.M), \
            r.stderr
    assert not ENGLISH.search(r.stderr), r.stderr


def test_no_command_shows_the_vietnamese_help():
    r = runner.invoke(app, [])
    assert r.stdout.startswith("Cách dùng: trienkhai [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert "\nLệnh:\n" in r.stdout and "--install-completion" not in r.stdout


def test_the_installed_command_prints_the_same():
    """The console script (not only the test runner) goes through the same rendering."""
    r = subprocess.run([sys.executable, "-c", "from api.cli import app; app()", "orgchart",
                        "show"], capture_output=True, text=True)
    assert r.returncode == 2 and "Lỗi: thiếu tham số ID" in r.stderr, r.stderr
