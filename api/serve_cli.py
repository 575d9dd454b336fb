"""``trienkhai serve``: run the HTTP service (uvicorn), in the foreground or the background.

``--background`` is for scripts and the README: the server takes several seconds to load
the chart, and a ``curl`` sent at once meets "connection refused". It starts the service
detached, waits until ``/health`` answers, prints the base URL (alone on stdout, so
``B=$(trienkhai serve --background)`` works) and returns; ``--stop`` ends it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

START_TIMEOUT = 180.0  # a first start on a cold cache expands the chart (~10 s on a busy machine)


def _fail(msg: str, code: int = 2) -> typer.Exit:
    typer.echo(f"Lỗi: {msg}", err=True)
    return typer.Exit(code)


def run_files(port: int) -> tuple[Path, Path]:
    """(pid file, log file) of the background server on ``port``: one per port, as the
    port itself is one per machine."""
    base = Path(os.environ.get("TRIENKHAI_RUN") or tempfile.gettempdir())
    return base / f"trienkhai-serve-{port}.pid", base / f"trienkhai-serve-{port}.log"


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    return f"http://{shown}:{port}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _port_taken(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else host
    try:
        with socket.create_connection((target, port), timeout=1):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_background(url_db: str, host: str, port: int, workers: int,
                     timeout: float = START_TIMEOUT) -> str:
    """Start the service detached and return its URL once ``/health`` answers."""
    pid_file, log_file = run_files(port)
    url = _url(host, port)
    if _port_taken(host, port):
        raise _fail(f"cổng {port} đang được dùng (một dịch vụ khác, hoặc trienkhai serve đã "
                    f"chạy: dừng bằng trienkhai serve --stop --port {port})")
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-c", "from api.cli import main; main()", "serve", "--db", url_db,
             "--host", host, "--port", str(port), "--workers", str(workers)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, "TRIENKHAI_DB": url_db})
    pid_file.write_text(f"{child.pid}\n", encoding="ascii")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            pid_file.unlink(missing_ok=True)
            tail = log_file.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise _fail(f"dịch vụ dừng ngay khi khởi động (mã {child.returncode}); nhật ký "
                        f"{log_file}:\n{tail}", 1)
        if _answers(url):
            return url
        time.sleep(0.2)
    _terminate(child.pid)
    pid_file.unlink(missing_ok=True)
    raise _fail(f"dịch vụ không trả lời {url}/health sau {timeout:.0f} giây; nhật ký "
                f"{log_file}", 1)


def _terminate(pid: int, grace: float = 15.0) -> None:
    """SIGTERM the server's process group (uvicorn and its workers), SIGKILL if it stays."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not _alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def stop_background(port: int) -> None:
    pid_file, _ = run_files(port)
    try:
        pid = int(pid_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        raise _fail(f"không có dịch vụ nào do trienkhai serve --background chạy ở cổng "
                    f"{port}", 1) from None
    _terminate(pid)
    pid_file.unlink(missing_ok=True)
    typer.echo(f"Đã dừng dịch vụ ở cổng {port}.", err=True)


def serve(
    db: Annotated[str | None, typer.Option(
        "--db", help="URL cơ sở dữ liệu: sqlite:///đường/dẫn.db hoặc "
                     "postgresql+psycopg://…; mặc định: biến TRIENKHAI_DB hoặc tệp "
                     "trienkhai.db.")] = None,
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Số tiến trình phục vụ.",
                                         min=1)] = 1,
    background: Annotated[bool, typer.Option(
        "--background", help="Chạy nền: chờ đến khi dịch vụ trả lời /health rồi in địa chỉ "
                             "và trở về dòng lệnh.")] = False,
    stop: Annotated[bool, typer.Option(
        "--stop", help="Dừng dịch vụ đã chạy nền ở cổng này.")] = False,
) -> None:
    """Chạy dịch vụ HTTP (API theo dõi, cấp số văn bản); tài liệu API tại /docs."""
    from cascade.store.db import resolve_url

    if stop:
        stop_background(port)
        return
    url_db = resolve_url(db)
    if background:
        url = start_background(url_db, host, port, workers)
        typer.echo(f"Dịch vụ đang chạy tại {url} (tài liệu API: {url}/docs); nhật ký: "
                   f"{run_files(port)[1]}; dừng: trienkhai serve --stop --port {port}",
                   err=True)
        typer.echo(url)
        return
    import uvicorn

    os.environ["TRIENKHAI_DB"] = url_db  # workers build the app from the env
    typer.echo(f"Khởi động dịch vụ tại {_url(host, port)} (tài liệu API: /docs); "
               "Ctrl+C để dừng.", err=True)
    uvicorn.run("api.main:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="info")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``trienkhai`` command."""
    app.command("serve")(serve)
