"""A real server process under hostile requests: an alias bomb is answered 4xx within a
second while /health keeps answering, and a national plan asked for by a provincial key
is refused before any planning, so it slows nobody."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from test_hostile_input import KL107, YAML, alias_bomb

from cascade.store.db import Store
from cascade.store.keys import create_key


@pytest.fixture
def served(tmp_path: Path, servers) -> tuple[str, dict[str, str], int]:
    """One server on a SQLite store: its URL, two keys and its process id."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    store.upgrade()
    with store.write() as s:
        keys = {"tu": create_key(s, "lai-chau.tu", "write")[1],
                "ubnd": create_key(s, "lai-chau.ubnd", "write")[1]}
    store.dispose()
    srv = servers.start(url)
    return srv.url, keys, srv.proc.pid


def health_while(base: str, work) -> tuple[object, list[float]]:
    """Run ``work`` while /health is asked every 50 ms: its result and the answer times."""
    times: list[float] = []
    with ThreadPoolExecutor(1) as ex:
        fut = ex.submit(work)
        with httpx.Client(timeout=5) as c:
            while not fut.done():
                start = time.perf_counter()
                assert c.get(f"{base}/health").status_code == 200
                times.append(time.perf_counter() - start)
                time.sleep(0.05)
        return fut.result(), times


def test_alias_bomb_answered_at_once_while_health_answers(served) -> None:
    base, keys, _ = served

    def bombs() -> list[tuple[int, float]]:
        out = []
        with httpx.Client(timeout=30, headers={"X-API-Key": keys["tu"], **YAML}) as c:
            for path in ("/directives", "/plans", "/directives", "/plans"):
                start = time.perf_counter()
                r = c.post(f"{base}{path}", content=alias_bomb())
                out.append((r.status_code, time.perf_counter() - start))
        return out

    got, health = health_while(base, bombs)
    assert all(status == 422 for status, _ in got), got
    assert max(t for _, t in got) < 1, got
    assert max(health, default=0) < 1, health


def test_national_plan_from_a_provincial_key_refused_before_planning(served) -> None:
    base, keys, _ = served

    def national() -> list[tuple[int, float, str]]:
        out = []
        with httpx.Client(timeout=60, headers={"X-API-Key": keys["ubnd"], **YAML}) as c:
            for _ in range(4):
                start = time.perf_counter()
                r = c.post(f"{base}/plans", content=KL107)
                out.append((r.status_code, time.perf_counter() - start, r.json()["detail"]))
        return out

    got, health = health_while(base, national)
    assert [s for s, _, _ in got] == [403] * 4, got
    assert "?scope=" in got[0][2]
    # the national plan takes seconds of CPU; a refusal before it takes milliseconds
    assert max(t for _, t, _ in got) < 0.5, got
    assert max(health, default=0) < 0.5, health


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_zip_bomb_upload_refused_with_the_server_memory_flat(served, tmp_path: Path) -> None:
    from citations.test_docx_budget import write_bomb

    base, keys, pid = served
    bomb = write_bomb(tmp_path / "bomb.docx").read_bytes()  # 2.9 MB, 1 GB inflated
    h = {"X-API-Key": keys["tu"]}
    r = httpx.post(f"{base}/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                   content=KL107, headers={**h, **YAML}, timeout=60)
    assert r.status_code == 201, r.text
    plan = r.json()["id"]
    before = peak_rss_mb(pid)

    def upload() -> tuple[int, float, str]:
        start = time.perf_counter()
        r = httpx.post(f"{base}/plans/{plan}/ingest", files={"file": ("bomb.docx", bomb)},
                       headers=h, timeout=60)
        return r.status_code, time.perf_counter() - start, r.json()["detail"]

    (status, took, detail), health = health_while(base, upload)
    assert status == 422 and "vượt giới hạn đọc" in detail and "bomb.docx" in detail
    assert took < 1, took
    assert max(health, default=0) < 1, health
    assert peak_rss_mb(pid) - before < 100, (before, peak_rss_mb(pid))
