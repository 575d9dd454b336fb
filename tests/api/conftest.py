"""The API over a fresh store (SQLite and PostgreSQL) and the bundled chart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from store_fixtures import db_url
from vi_text import is_vietnamese

from api.main import create_app
from cascade.store.keys import create_key


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]  # name → plain key
    url: str

    def h(self, key: str, **extra: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[key], **extra}


@pytest.fixture(params=["sqlite", "postgresql"])
def api(request: pytest.FixtureRequest, tmp_path: Path, chart) -> Iterator[Api]:
    with db_url(request.param, tmp_path) as url:
        app = create_app(url, chart=chart, files_dir=tmp_path / "files")
        store = app.state.store
        keys = {}
        with store.write() as s:
            for name, body, scope in [
                ("ubnd", "lai-chau.ubnd", "write"),
                ("ubnd_read", "lai-chau.ubnd", "read"),
                ("so", "lai-chau.so-vhttdl", "write"),
                ("tu", "lai-chau.tu", "write"),
                ("btv", "lai-chau.btv", "write"),
                ("hanam", "ha-nam.ubnd", "write"),
            ]:
                keys[name] = create_key(s, body, scope)[1]
        english: list[str] = []
        with TestClient(app, raise_server_exceptions=False) as client:
            client.event_hooks["response"].append(vietnamese_problems(english))
            yield Api(client, keys, url)
        store.dispose()
        assert not english, "problem details not in Vietnamese:\n" + "\n".join(english)


def vietnamese_problems(english: list[str]) -> Any:
    """A response hook noting every problem whose ``detail`` or ``errors[].message`` is
    not Vietnamese: each error path the tests walk is checked as it is answered."""

    def hook(r: httpx.Response) -> None:
        if not r.headers.get("content-type", "").startswith("application/problem+json"):
            return
        r.read()
        body = r.json()
        texts = [body.get("detail", "")] + [e.get("message", "")
                                            for e in body.get("errors") or []]
        english.extend(f"{r.request.method} {r.request.url.path} {r.status_code}: {t!r}"
                       for t in texts if not is_vietnamese(str(t)))

    return hook


# ------------------------------------------------------------------ real server processes
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A ``trienkhai serve`` process (uvicorn) on a loopback port."""

    url: str
    port: int
    proc: subprocess.Popen

    @classmethod
    def start(cls, db: str, log: Path) -> Server:
        port = free_port()
        env = {**os.environ, "TRIENKHAI_DB": db, "PYTHONPATH": str(REPO)}
        cmd = [sys.executable, "-c", "import sys; from api.serve_cli import serve; "
               f"serve(db={db!r}, host='127.0.0.1', port={port}, workers=1)"]
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log.open("ab"),
                                stderr=subprocess.STDOUT)
        srv = cls(f"http://127.0.0.1:{port}", port, proc)
        srv.wait_ready(log)
        return srv

    def wait_ready(self, log: Path) -> None:
        import httpx

        for _ in range(600):  # up to a minute: a cold chart cache takes seconds
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready: {log.read_text(errors='replace')}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(params=["sqlite", "postgresql"])
def served_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A migrated store with one write key for lai-chau.ubnd: (url, key)."""
    from cascade.store.db import Store

    with db_url(request.param, tmp_path) as url:
        store = Store(url)
        store.upgrade()
        with store.write() as s:
            key = create_key(s, "lai-chau.ubnd", "write")[1]
        store.dispose()
        yield url, key


class Servers(list[Server]):
    """The servers a test started; ``start`` adds one. All are stopped at the end."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__()
        self.tmp_path = tmp_path

    def start(self, db: str, name: str = "server") -> Server:
        srv = Server.start(db, self.tmp_path / f"{name}.log")
        self.append(srv)
        return srv


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    yield running
    for s in running:
        s.stop()
