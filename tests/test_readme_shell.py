"""Every shell block of README.md runs as pasted, in order, against a live server.

The blocks run one after another in one working folder laid out like the repository root
(``examples/`` and ``tests/`` as in the checkout), each in a fresh ``bash`` with
``set -euo pipefail`` so that any failing command fails the test, with the installed
``trienkhai`` command first on the PATH. The only change made to the text: port 8000 is
replaced by a free port (other servers may hold 8000 on a shared machine). The first three
blocks (install and demo, ``bash .ci/run``, and the test command it ends with) are what CI
itself runs; ``test_readme.py`` checks them.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, re.S)
SETUP = 3  # pip install . && trienkhai demo; bash .ci/run; python -m pytest -q


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out like the repository root, and the environment of a terminal."""
    root = tmp_path_factory.mktemp("readme")
    for name in ("examples", "tests"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIENKHAI_DB")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["TRIENKHAI_RUN"] = str(root)  # the background server's pid and log files
    port = _free_port()
    yield root, env, port
    subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "serve",
                    "--stop", "--port", str(port)], cwd=root, env=env, capture_output=True)


def run_block(workdir, block: str) -> subprocess.CompletedProcess[str]:
    root, env, port = workdir
    script = "set -euo pipefail\n" + block.replace("8000", str(port))
    return subprocess.run(["bash", "-c", script], cwd=root, env=env, capture_output=True,
                          text=True, timeout=900)


def test_readme_has_shell_blocks_beyond_the_setup():
    assert len(BLOCKS) >= SETUP + 6
    assert BLOCKS[0].startswith("pip install . && trienkhai demo")


def test_every_readme_shell_block_runs_as_pasted(workdir):
    root, _, port = workdir
    outputs = []
    for i, block in enumerate(BLOCKS[SETUP:], SETUP + 1):
        r = run_block(workdir, block)
        assert r.returncode == 0, (f"README shell block {i} failed:\n{block}\n"
                                   f"--- stdout\n{r.stdout[-3000:]}\n--- stderr\n"
                                   f"{r.stderr[-3000:]}")
        outputs.append((block, r))
    everything = "\n".join(r.stdout + r.stderr for _, r in outputs)

    # what the blocks promise, checked on what they printed and wrote
    assert "Hợp lệ:" in everything and "TỈNH ỦY MẪU" in everything
    assert "c03390.ubnd" in everything and "Huyện ủy Tam Đường  (d106.hu)" in everything
    assert (root / "out" / "plan.json").stat().st_size > 10_000
    assert (root / "out" / "drafts" / "manifest.csv").is_file()
    assert (root / "out" / "cv.docx").is_file() and (root / "out" / "cv.pdf").is_file()
    assert "Số, ký hiệu: 01-KH/ĐU" in everything  # read examples/kh-01.pdf
    assert "Đã ghi nhận: nhiệm vụ lai-chau.btv" in everything  # ingest cong-van-2269.docx
    assert (root / "out" / "lai-chau.ubnd.docx").stat().st_size > 5000
    assert "lai-chau.btv 8 nhiệm vụ" in everything  # POST /directives/read
    assert (root / "out" / "ubnd-tra-loi.docx").stat().st_size > 5000  # POST /respond
    assert (root / "out" / "bao-cao.xlsx").read_bytes()[:2] == b"PK"
    assert not (root / "trienkhai.db").exists()  # the store lives in out/
    assert (root / "out" / "bao-cao-ket-qua.docx").read_bytes()[:2] == b"PK"
    assert "đôn đốc 142 cơ quan, đơn vị chậm hạn" in everything  # all but 2269-CV/TU
    assert (root / "out" / "den" / "cong-van-2269.docx").is_file()
    http = next(r for b, r in outputs if 'keys create "Tỉnh ủy Lai Châu"' in b)
    last = http.stdout.rindex('{"plan_id"')  # the session's last answer: the plan's log
    events, _ = json.JSONDecoder().raw_decode(http.stdout[last:])
    assert any("lai-chau.dubnd" in json.dumps(e) and e["action"] for e in events["events"]), \
        events
    assert f"http://127.0.0.1:{port}/web/plans/" in everything
