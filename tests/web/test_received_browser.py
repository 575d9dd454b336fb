"""Received documents in a real browser: Debian's Chromium driven by Playwright against a
``trienkhai serve`` process. The UBND tỉnh's secretariat signs in, adds Công văn
38/UBND-TH from its .docx ("Thêm văn bản chỉ đạo") and lands on its plan; the city's
clerk, from its task page, uploads the same letter, corrects task 7's lead and downloads
its draft; the page reads whole at 390 px.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docx import Document
from playwright.sync_api import Page, sync_playwright

from cascade.store.db import Store
from cascade.store.keys import create_key
from tests.intake import documents

CHROMIUM = "/usr/bin/chromium"
CITY = "d105.ubnd"
ARTIFACTS = Path(os.environ.get("TRIENKHAI_ARTIFACTS") or Path(__file__).parent / "artifacts")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict, Path]]:
    """(base URL, keys, the letter's .docx) of a server over an empty store."""
    tmp = tmp_path_factory.mktemp("received-browser")
    url = f"sqlite:///{tmp / 'store.db'}"
    store = Store(url)
    store.upgrade()
    with store.write() as s:
        keys = {"ubnd": create_key(s, "lai-chau.ubnd", "write", label="VP UBND tỉnh")[1],
                "city": create_key(s, CITY, "write", label="VP UBND thành phố")[1]}
    store.dispose()
    exe = shutil.which("trienkhai")
    cmd = [exe] if exe else [sys.executable, "-c", "from api.cli import app; app()"]
    port = free_port()
    log = tmp / "server.log"
    env = {**os.environ, "TRIENKHAI_FILES": str(tmp / "files")}
    proc = subprocess.Popen([*cmd, "serve", "--db", url, "--port", str(port)], cwd=tmp,
                            env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"server not ready: {log.read_text(errors='replace')}")
        yield base, keys, documents.build("seed-002", tmp)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is required (bash .ci/run installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def sign_in(page: Page, base: str, key: str) -> None:
    page.goto(f"{base}/web/")
    page.fill("#key", key)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/web/")


def test_add_then_answer_a_received_letter(served, browser, tmp_path) -> None:
    base, keys, letter = served
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    sign_in(page, base, keys["ubnd"])
    page.click("text=Thêm văn bản chỉ đạo")
    page.set_input_files("#file", str(letter))
    page.click("#read-form button[type=submit]")
    page.wait_for_selector("#reading")
    assert "Ủy ban nhân dân tỉnh Lai Châu" in page.inner_text("[data-field=issuer]")
    assert page.locator("li.read-task").count() == 9
    assert page.input_value("select[data-number='7']") == "police"
    page.click("text=Tạo văn bản chỉ đạo và kế hoạch")
    page.wait_for_url(f"{base}/web/plans/*")
    assert "38/UBND-TH" in page.inner_text("main")
    ctx.close()

    # the city's clerk, from its own task of that plan
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = ctx.new_page()
    sign_in(page, base, keys["city"])
    page.click("a.plan-link")
    page.goto(page.url.split("?")[0] + f"/tasks/{CITY}")
    received = page.url
    page.set_input_files("#received-file", str(letter))
    page.click("#received button[type=submit]")
    page.wait_for_selector("#reading")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "received-390.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the reading is {width}px wide on a phone"
    page.select_option("select[data-number='7']", "inspectorate")
    with page.expect_download() as dl:
        page.click("text=Tải dự thảo của đơn vị (.docx)")
    out = tmp_path / "du-thao.docx"
    dl.value.save_as(out)
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "7. Thanh tra thành phố Lai Châu chỉ đạo nắm chắc" in text
    assert "Công văn số 38/UBND-TH" in text
    # the page of its own: the city is offered as the body answering
    page.goto(received.split("/web/")[0] + "/web/received")
    assert page.input_value("#as") == CITY
    ctx.close()
