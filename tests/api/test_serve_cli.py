"""``trienkhai serve`` as wired by ``register(app)``."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from api.serve_cli import register


def test_serve_registers_with_its_options() -> None:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        pass

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    for opt in ("--db", "--host", "--port", "--workers"):
        assert opt in r.stdout
    bad = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert bad.exit_code == 2
