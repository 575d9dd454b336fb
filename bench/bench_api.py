"""Load test of the HTTP API on loopback: task queries and status updates at a fixed rate.

Open loop: request i is due at t0 + i/rate and its latency is counted from then, so a slow
server cannot hide behind a slow client (no coordinated omission).

    python bench/bench_api.py --db sqlite:///tmp/b.db --rate 200 --seconds 20
    python bench/bench_api.py --db postgresql+psycopg://postgres@127.0.0.1/test --rate 200
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--write-share", type=float, default=0.2)
    a = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from cascade.store.db import Store
    from cascade.store.keys import create_key

    store = Store(a.db)
    store.upgrade()
    with store.write() as s:
        key = create_key(s, "lai-chau.tu", "write", "bench")[1]
    store.dispose()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from api.serve_cli import serve; "
         f"serve(db={a.db!r}, host='127.0.0.1', port={port}, workers={a.workers})"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        h = {"X-API-Key": key}
        r = httpx.post(f"{base}/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                       content=(REPO / "examples" / "kl-107.yaml").read_bytes(),
                       headers={**h, "content-type": "application/yaml"}, timeout=120)
        r.raise_for_status()
        pid = r.json()["id"]
        tasks = [t["id"] for t in httpx.get(f"{base}/plans/{pid}/tasks", headers=h,
                                            timeout=60).json()["tasks"]]
        reads = [
            {"status": "pending", "level": "commune", "limit": 50},
            {"overdue": "true", "as_of": "2026-03-01", "limit": 50},
            {"province": "lai-chau", "level": "province"},
        ]
        n = int(a.rate * a.seconds)
        lat: dict[str, list[float]] = {"read": [], "write": []}
        errors: list[str] = []
        lock = threading.Lock()
        local = threading.local()

        # clients made (and connected) before the clock starts: making one costs tens of
        # milliseconds of CPU (TLS context), which would otherwise land on the first requests
        import queue

        pool: queue.SimpleQueue[httpx.Client] = queue.SimpleQueue()
        for _ in range(64):
            cl = httpx.Client(base_url=base, headers=h, timeout=30)
            cl.get("/health")
            pool.put(cl)

        def client() -> httpx.Client:
            if not hasattr(local, "c"):
                local.c = pool.get()
            return local.c

        clock: dict[str, float] = {}

        def one(i: int) -> None:
            due = clock["t0"] + i / a.rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            c = client()
            write = (i % 100) < a.write_share * 100
            if write:
                tid = tasks[i % len(tasks)]
                status = "drafted" if (i // len(tasks)) % 2 == 0 else "pending"
                resp = c.post(f"/plans/{pid}/tasks/{tid}/status", json={"status": status})
            else:
                resp = c.get(f"/plans/{pid}/tasks", params=reads[i % len(reads)])
            took = time.perf_counter() - due
            with lock:
                lat["write" if write else "read"].append(took * 1000)
                if resp.status_code >= 400:
                    errors.append(f"{resp.status_code} {resp.text[:100]}")

        with ThreadPoolExecutor(64) as ex:  # warm: every thread takes its client
            list(ex.map(lambda _: client().get("/health"), range(256)))
            def cpu() -> float:
                f = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
            c0, r0 = cpu(), time.process_time()
            t0 = clock["t0"] = time.perf_counter() + 0.5
            list(ex.map(one, range(n)))
            print(f"  server CPU {1000 * (cpu() - c0) / n:.2f} ms/request (workers=1 only), "
                  f"client CPU {1000 * (time.process_time() - r0) / n:.2f} ms/request")
        wall = time.perf_counter() - t0
        every = lat["read"] + lat["write"]

        def q(xs: list[float], p: float) -> float:
            xs = sorted(xs)
            return xs[min(len(xs) - 1, int(p * len(xs)))]

        print(f"db={a.db.split('://')[0]} workers={a.workers} rate={a.rate}/s "
              f"requests={n} achieved={n / wall:.0f}/s errors={len(errors)}")
        for name, xs in (("read", lat["read"]), ("write", lat["write"]), ("all", every)):
            if xs:
                print(f"  {name:5} n={len(xs):5} p50={statistics.median(xs):6.1f} ms "
                      f"p95={q(xs, .95):6.1f} ms p99={q(xs, .99):6.1f} ms "
                      f"max={max(xs):6.1f} ms")
        if errors:
            print("  first errors:", errors[:3])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


if __name__ == "__main__":
    main()
