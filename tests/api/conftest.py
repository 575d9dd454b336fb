"""The API over a fresh store (SQLite and PostgreSQL) and the bundled chart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cascade.store.keys import create_key
from cascade.store.testing import db_url


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
        app = create_app(url, chart=chart)
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
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, keys, url)
        store.dispose()
