"""The dashboard over a real store (SQLite and PostgreSQL) and the bundled chart.

One app per backend for the module's tests: planning and storing the cascade takes
seconds, so two plans are made once and each test works on its own tasks:

* plan ``both``: Kết luận 107-KL/TW over Lai Châu and Hà Nam as of 15/01/2025 (districts
  and communes; Hà Nam exists only before 1/7/2025), for isolation, search and exports;
* plan ``y2026``: the same over Lai Châu and Điện Biên as of 15/01/2026 (communes), for
  the ingest round trip; a header naming no province fits both provinces' task.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from store_fixtures import db_url

from api.main import create_app
from cascade.store.keys import create_key

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
KEYS = [("bct", "tw.bct", "write"), ("tu", "lai-chau.tu", "write"),
        ("tu_read", "lai-chau.tu", "read"), ("so", "lai-chau.so-vhttdl", "write"),
        ("hanam", "ha-nam.tu", "write")]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Web:
    app: object
    keys: dict[str, str]
    plans: dict[str, int]
    url: str
    clients: list[TestClient] = field(default_factory=list)

    @property
    def store(self):
        return self.app.state.store

    def anonymous(self) -> TestClient:
        c = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)
        self.clients.append(c)
        return c

    def header(self, key: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[key]}

    def signed_in(self, key: str) -> TestClient:
        """A browser-like client signed in with the named key (cookie session)."""
        c = self.anonymous()
        form = c.get("/web/login")
        assert form.status_code == 200
        r = c.post("/web/login", data={"key": self.keys[key], "csrf": csrf_of(form.text),
                                       "next": "/web/"})
        assert r.status_code == 303, r.text
        return c


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def make_plan(client: TestClient, key: str, scope: list[str], as_of: str) -> int:
    r = client.post("/plans", params={"scope": scope, "as_of": as_of}, content=KL107,
                    headers={"X-API-Key": key, "content-type": "application/yaml"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def web(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
        chart) -> Iterator[Web]:
    tmp = tmp_path_factory.mktemp(f"web-{request.param}")
    with db_url(request.param, tmp) as url:
        app = create_app(url, chart=chart, files_dir=tmp / "files")
        keys = {}
        with app.state.store.write() as s:
            for name, body, scope in KEYS:
                keys[name] = create_key(s, body, scope)[1]
        with TestClient(app, raise_server_exceptions=False) as api:
            plans = {"both": make_plan(api, keys["bct"], ["lai-chau", "ha-nam"],
                                       "2025-01-15"),
                     "y2026": make_plan(api, keys["bct"], ["lai-chau", "dien-bien"],
                                        "2026-01-15")}
            w = Web(app, keys, plans, url)
            yield w
        for c in w.clients:
            c.close()
        app.state.store.dispose()
