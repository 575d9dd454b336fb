"""Real server processes: two servers share one register; a killed server loses nothing.

Every request carries an Idempotency-Key, as a careful client's would; after a crash the
client retries the requests it never saw answered. In the end each request owns exactly
one number and the register runs 1..N without a gap.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import select

from cascade.store.db import Store
from cascade.store.rows import NumberAllocationRow, NumberRegisterRow

PAYLOAD = {"body_id": "lai-chau.ubnd", "doc_type": "KH", "date": "2026-03-02"}


def stored_numbers(url: str) -> list[int]:
    store = Store(url)
    try:
        with store.read() as s:
            return sorted(s.scalars(select(NumberAllocationRow.number).join(NumberRegisterRow)
                                    .where(NumberRegisterRow.body_id == "lai-chau.ubnd")))
    finally:
        store.dispose()


def test_two_server_processes_share_one_register(served_db, servers) -> None:
    url, key = served_db
    servers.start(url, "a")
    servers.start(url, "b")
    threads, each = 16, 25

    def work(i: int) -> list[int]:
        got = []
        with httpx.Client(timeout=60, headers={"X-API-Key": key}) as c:
            for j in range(each):
                srv = servers[(i + j) % 2]
                r = c.post(f"{srv.url}/numbers", json=PAYLOAD,
                           headers={"Idempotency-Key": f"t{i}-{j}"})
                assert r.status_code == 201, r.text
                got.append(r.json()["number"])
        return got

    with ThreadPoolExecutor(threads) as ex:
        numbers = sorted(itertools.chain.from_iterable(ex.map(work, range(threads))))
    assert numbers == list(range(1, threads * each + 1))
    assert stored_numbers(url) == numbers


def test_killed_server_loses_nothing_acknowledged(served_db, servers) -> None:
    url, key = served_db
    servers.start(url)
    acked: dict[str, int] = {}
    lock = threading.Lock()
    killed = threading.Event()

    def work(i: int) -> None:
        with httpx.Client(timeout=30, headers={"X-API-Key": key}) as c:
            for j in itertools.count():
                k = f"t{i}-{j}"
                try:
                    r = c.post(f"{servers[0].url}/numbers", json=PAYLOAD,
                               headers={"Idempotency-Key": k})
                except httpx.HTTPError:
                    return  # the server died under us: this request is unanswered
                assert r.status_code == 201, r.text
                with lock:
                    acked[k] = r.json()["number"]
                    if len(acked) == 150 and not killed.is_set():
                        killed.set()
                        servers[0].kill()  # SIGKILL in the middle of the batch

    with ThreadPoolExecutor(8) as ex:
        list(ex.map(work, range(8)))
    assert killed.is_set()
    before = stored_numbers(url)
    assert set(acked.values()) <= set(before), "an acknowledged number was lost"
    assert before == list(range(1, len(before) + 1))

    # restart; each client thread retries the one request it never saw answered
    servers.start(url)
    unanswered = [f"t{i}-{sum(k.startswith(f't{i}-') for k in acked)}" for i in range(8)]
    with httpx.Client(timeout=30, headers={"X-API-Key": key}) as c:
        for k in unanswered:
            r = c.post(f"{servers[1].url}/numbers", json=PAYLOAD,
                       headers={"Idempotency-Key": k})
            assert r.status_code == 201, r.text
            acked[k] = r.json()["number"]
        for k, n in list(acked.items())[:20]:  # an answered retry gets the same number
            again = c.post(f"{servers[1].url}/numbers", json=PAYLOAD,
                           headers={"Idempotency-Key": k})
            assert again.json()["number"] == n
    after = stored_numbers(url)
    assert sorted(acked.values()) == sorted(set(acked.values())), "a number given twice"
    assert after == list(range(1, len(after) + 1)), "a gap in the register"
    # every stored number belongs to a request (committed-but-unanswered ones were retried)
    assert set(after) == set(acked.values())
