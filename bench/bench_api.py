"""Load test of the HTTP API on loopback: task queries and status updates at a fixed rate.

Open loop: request i is due at t0 + i/rate and its latency is counted from then, so a slow
server cannot hide behind a slow client (no coordinated omission).

Baseline, measured in the same run at the same rate with the same client: a bare FastAPI
app under the same uvicorn that answers the same two request shapes with the same JSON
from memory (no key check, no database). It is the floor the framework and the server
set on this machine; the figures of trienkhai are printed against it.

    python bench/bench_api.py --db sqlite:////tmp/b.db --rate 200 --seconds 20
    python bench/bench_api.py --db postgresql+psycopg://postgres@127.0.0.1/test --rate 200
"""

from __future__ import annotations

import argparse
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
READS = [
    {"status": "pending", "level": "commune", "limit": 50},
    {"overdue": "true", "as_of": "2026-03-01", "limit": 50},
    {"province": "lai-chau", "level": "province"},
]


def bare_app() -> Any:
    """The baseline: the same routes, answering recorded JSON (``BARE_ANSWERS``)."""
    import json

    from fastapi import Depends, FastAPI, Header
    from fastapi.responses import Response

    answers = json.loads(Path(os.environ["BARE_ANSWERS"]).read_text())
    app = FastAPI()

    def key(x_api_key: str | None = Header(None)) -> str | None:
        return x_api_key

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/plans/{plan_id}/tasks")
    def tasks(plan_id: int, k: str | None = Depends(key), status: str | None = None,
              level: str | None = None, province: str | None = None,
              overdue: bool | None = None, as_of: str | None = None,
              limit: int = 1000) -> Response:
        return Response(answers["read"], media_type="application/json")

    @app.post("/plans/{plan_id}/tasks/{task_id}/status")
    def status(plan_id: int, task_id: str, body: dict[str, Any],
               k: str | None = Depends(key)) -> Response:
        return Response(answers["write"], media_type="application/json")

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(code: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", code.format(port=port)], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'bench'}",
                                 **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {base} did not start")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children that have exited is not counted: with
    several workers read each one (``workers`` below)."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(proc: subprocess.Popen[bytes]) -> list[int]:
    kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    return [int(k) for k in kids] or [proc.pid]


@dataclass
class Result:
    name: str
    n: int
    wall: float
    cpu_ms: float
    lat: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def q(self, kind: str, p: float) -> float:
        xs = sorted(self.lat[kind] if kind != "all" else self.lat["read"] + self.lat["write"])
        return xs[min(len(xs) - 1, int(p * len(xs)))]

    def print(self) -> None:
        print(f"{self.name}: requests={self.n} achieved={self.n / self.wall:.0f}/s "
              f"errors={len(self.errors)} server CPU {self.cpu_ms:.2f} ms/request")
        for kind in ("read", "write", "all"):
            xs = self.lat[kind] if kind != "all" else self.lat["read"] + self.lat["write"]
            print(f"  {kind:5} n={len(xs):5} p50={statistics.median(xs):6.1f} ms "
                  f"p95={self.q(kind, .95):6.1f} ms p99={self.q(kind, .99):6.1f} ms "
                  f"max={max(xs):6.1f} ms")
        if self.errors:
            print("  first errors:", self.errors[:3])


def load(name: str, base: str, headers: dict[str, str], plan_id: int, tasks: list[str],
         rate: float, seconds: float, write_share: float,
         proc: subprocess.Popen[bytes]) -> Result:
    n = int(rate * seconds)
    res = Result(name, n, 0.0, 0.0, {"read": [], "write": []})
    lock = threading.Lock()
    local = threading.local()
    # clients made (and connected) before the clock starts: making one costs tens of
    # milliseconds of CPU, which would otherwise land on the first requests
    pool: queue.SimpleQueue[httpx.Client] = queue.SimpleQueue()
    for _ in range(64):
        cl = httpx.Client(base_url=base, headers=headers, timeout=30)
        cl.get("/health")
        pool.put(cl)

    def client() -> httpx.Client:
        if not hasattr(local, "c"):
            local.c = pool.get()
        return local.c

    clock: dict[str, float] = {}

    def one(i: int) -> None:
        due = clock["t0"] + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        c = client()
        write = (i % 100) < write_share * 100
        if write:
            tid = tasks[i % len(tasks)]
            status = "drafted" if (i // len(tasks)) % 2 == 0 else "pending"
            resp = c.post(f"/plans/{plan_id}/tasks/{tid}/status", json={"status": status})
        else:
            resp = c.get(f"/plans/{plan_id}/tasks", params=READS[i % len(READS)])
        took = time.perf_counter() - due
        with lock:
            res.lat["write" if write else "read"].append(took * 1000)
            if resp.status_code >= 400:
                res.errors.append(f"{resp.status_code} {resp.text[:100]}")

    with ThreadPoolExecutor(64) as ex:  # warm: every thread takes its client
        list(ex.map(lambda _: client().get("/health"), range(256)))
        pids = worker_pids(proc)
        c0 = sum(cpu_seconds(p) for p in pids)
        t0 = clock["t0"] = time.perf_counter() + 0.5
        list(ex.map(one, range(n)))
        res.wall = time.perf_counter() - t0
        res.cpu_ms = 1000 * (sum(cpu_seconds(p) for p in pids) - c0) / n
    return res


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
    h = {"X-API-Key": key}
    proc, base = start("from api.serve_cli import serve; "
                       f"serve(db={a.db!r}, host='127.0.0.1', port={{port}}, "
                       f"workers={a.workers})", {})
    try:
        r = httpx.post(f"{base}/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                       content=(REPO / "examples" / "kl-107.yaml").read_bytes(),
                       headers={**h, "content-type": "application/yaml"}, timeout=120)
        r.raise_for_status()
        pid = r.json()["id"]
        tasks = [t["id"] for t in httpx.get(f"{base}/plans/{pid}/tasks", headers=h,
                                            timeout=60).json()["tasks"]]
        # the answers the baseline replays: a real page and a real status change
        read = httpx.get(f"{base}/plans/{pid}/tasks", params=READS[0], headers=h).content
        write = httpx.post(f"{base}/plans/{pid}/tasks/{tasks[0]}/status", headers=h,
                           json={"status": "pending"}).content
        ours = load(f"trienkhai db={a.db.split('://')[0]} workers={a.workers}", base, h, pid,
                    tasks, a.rate, a.seconds, a.write_share, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)

    answers = Path(os.environ.get("TMPDIR", "/tmp")) / f"bare-answers-{os.getpid()}.json"
    import json

    answers.write_text(json.dumps({"read": read.decode(), "write": write.decode()}))
    proc, base = start("import uvicorn; uvicorn.run('bench_api:bare_app', factory=True, "
                       "host='127.0.0.1', port={port}, "
                       f"workers={a.workers}, log_level='info')",
                       {"BARE_ANSWERS": str(answers)})
    try:
        bare = load(f"baseline (bare FastAPI, same answers) workers={a.workers}", base, h, pid,
                    tasks, a.rate, a.seconds, a.write_share, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        answers.unlink(missing_ok=True)

    print(f"rate {a.rate:.0f}/s for {a.seconds:.0f} s, {a.write_share:.0%} status updates, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bare.print()
    ours.print()
    print(f"ratio trienkhai/baseline: server CPU {ours.cpu_ms / bare.cpu_ms:.1f}×, "
          f"p50 {ours.q('all', .5) / bare.q('all', .5):.1f}×, "
          f"p99 {ours.q('all', .99) / bare.q('all', .99):.1f}×")


if __name__ == "__main__":
    main()
