"""The examples in README.md work as written."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def block_after(marker: str) -> str:
    m = re.search(re.escape(marker) + r".*?```yaml\n(.*?)```", README, re.S)
    assert m, f"no yaml block after {marker!r} in README.md"
    return m.group(1)


def test_readme_small_chart_is_valid(tmp_path):
    f = Path(__file__).resolve().parents[1] / "examples" / "my-chart.yaml"
    assert f.read_text(encoding="utf-8") == block_after("### A small hand-written chart"), \
        "README's hand-written chart differs from examples/my-chart.yaml, which it shows"
    r = runner.invoke(app, ["orgchart", "validate", str(f)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["orgchart", "show", "tinh.btv", "--orgchart", str(f)])
    assert r.exit_code == 0, r.output
    assert "TỈNH ỦY MẪU" in r.output and "Ủy ban nhân dân tỉnh Mẫu" in r.output


def test_readme_draft_spec_renders(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(block_after("A SPEC"), encoding="utf-8")
    out = tmp_path / "cv.docx"
    r = runner.invoke(app, ["draft", str(spec), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 5000


def test_readme_opens_with_the_two_commands():
    first = re.findall(r"```bash\n(.*?)```", README, re.S)[:2]
    assert first[0].startswith("pip install . && trienkhai ")
    assert first[1].strip() == "bash .ci/run"
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = re.search(r"`.ci/run` ends with exactly this test command:\n\n```bash\n(.*?)\n```",
                         README, re.S).group(1)
    assert ci.rstrip().splitlines()[-1] == test_cmd


def test_readme_states_the_limits_the_code_applies():
    from api.limits import MAX_DIRECTIVE_BYTES, MAX_UPLOAD_BYTES
    from cascade.citations.docx_budget import DOCX
    from cascade.directive import MAX_TASKS, SUMMARY_CHARS, TEXT_CHARS
    from orgchart import safe_yaml

    section = README.split("### Security: limits and what a key sees", 1)[1].split("\n## ")[0]

    def said(n: int) -> bool:
        return f"{n:,}" in section or f"{n // 1_000_000} MB" in section

    for n in (MAX_DIRECTIVE_BYTES, MAX_UPLOAD_BYTES, safe_yaml.REQUEST.max_depth,
              safe_yaml.REQUEST.max_nodes, safe_yaml.FILE.max_bytes, safe_yaml.FILE.max_nodes,
              safe_yaml.CHART.max_bytes, safe_yaml.CHART.max_nodes, SUMMARY_CHARS, TEXT_CHARS,
              MAX_TASKS, DOCX.max_parts, DOCX.max_total, DOCX.max_part, DOCX.max_ratio,
              DOCX.max_tags):
        assert said(n), f"README's security section does not state {n}"
