"""The wheel carries the templates and every bundled data file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_contains_templates_and_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", str(REPO), "-w", str(tmp_path)],
                   check=True, capture_output=True)
    (whl,) = tmp_path.glob("trienkhai-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    for f in (REPO / "orgchart" / "data").rglob("*.yaml"):
        assert f"orgchart/data/{f.relative_to(REPO / 'orgchart' / 'data')}" in names
    templates = sorted((REPO / "templates").rglob("*.docx"))
    assert templates
    for f in templates:
        assert f"cascade/_bundled_templates/{f.relative_to(REPO / 'templates')}" in names
    for f in (REPO / "cascade" / "layout" / "profiles").glob("*.yaml"):
        assert f"cascade/layout/profiles/{f.name}" in names
    for f in (REPO / "cascade" / "data").glob("*.yaml"):  # rules, types, wording
        assert f"cascade/data/{f.name}" in names
    assert "cascade/data/wording.yaml" in names and "orgchart/vocabulary.yaml" in names
    for f in (REPO / "examples").glob("*.yaml"):
        assert f"cascade/_bundled_examples/{f.name}" in names
    web = REPO / "api" / "web"
    shipped = sorted(f for d in ("templates", "static") for f in (web / d).rglob("*")
                     if f.is_file())
    assert any(f.suffix == ".html" for f in shipped) and any(f.suffix == ".css" for f in shipped)
    for f in shipped:
        assert f"api/web/{f.relative_to(web).as_posix()}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    # test helpers stay in tests/: nothing a user installs creates throw-away databases
    helpers = [n for n in names if n.endswith(".py")
               and Path(n).stem in ("testing", "conftest", "store_fixtures")]
    assert not helpers, helpers
