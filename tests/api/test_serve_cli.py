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


def test_serve_background_waits_for_health_and_stops(tmp_path) -> None:
    """--background returns only once /health answers, printing the URL alone on stdout;
    a second start on the same port is refused; --stop ends it and says so."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TRIENKHAI_RUN": str(tmp_path)}
    cmd = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--port",
           str(port), "--db", f"sqlite:///{tmp_path / 't.db'}"]
    try:
        r = subprocess.run([*cmd, "--background"], env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"http://127.0.0.1:{port}\n"
        assert "Dịch vụ đang chạy tại" in r.stderr and "trienkhai serve --stop" in r.stderr
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as h:
            assert h.status == 200  # answering at the moment the command returned
        again = subprocess.run([*cmd, "--background"], env=env, capture_output=True,
                               text=True, timeout=60)
        assert again.returncode == 2 and f"cổng {port} đang được dùng" in again.stderr
    finally:
        stop = subprocess.run([*cmd, "--stop"], env=env, capture_output=True, text=True,
                              timeout=60)
    assert stop.returncode == 0 and f"Đã dừng dịch vụ ở cổng {port}." in stop.stderr
    gone = subprocess.run([*cmd, "--stop"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert gone.returncode == 1 and "không có dịch vụ nào" in gone.stderr
    assert not (tmp_path / f"trienkhai-serve-{port}.pid").exists()
