"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a real
``trienkhai serve`` process on a loopback port.

The national kl-107 plan (every province, 1/2026 chart) is stored; the secretariat signs
in, opens the plan page, filters to Lai Châu, clicks through to the BTV's task, uploads its
signed (numbered) document, confirms, and sees the status change; on a phone-sized
screen no page scrolls sideways. Screenshots go to ``$TRIENKHAI_ARTIFACTS`` or
``tests/web/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from playwright.sync_api import Page, sync_playwright

from cascade.directive import parse_directive
from cascade.plan_rules import load_rules
from cascade.planner import plan
from cascade.store.db import Store
from cascade.store.keys import create_key
from cascade.store.plans import save_plan

from .test_unit import numbered

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TRIENKHAI_ARTIFACTS") or Path(__file__).parent / "artifacts")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """The store the server uses, its URL and keys, and the store for the test's checks."""

    def __init__(self, url: str, base: str, keys: dict[str, str], plan_id: int,
                 store: Store) -> None:
        self.url, self.base, self.keys, self.plan_id, self.store = url, base, keys, plan_id, \
            store


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, chart) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp / 'store.db'}"
    store = Store(url)
    store.upgrade()
    directive = parse_directive(yaml.safe_load((REPO / "examples" / "kl-107.yaml")
                                               .read_text()), "kl-107.yaml")
    planned = plan(chart, directive, load_rules(), as_of=dt.date(2026, 1, 15))
    with store.write() as s:
        plan_id = save_plan(s, planned, "test").id
        keys = {"bct": create_key(s, "tw.bct", "write", label="Văn phòng Trung ương")[1],
                "tu": create_key(s, "lai-chau.tu", "write", label="VP Tỉnh ủy")[1]}
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
        yield Served(url, base, keys, plan_id, store)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        store.dispose()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is required (bash .ci/run installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def sign_in(page: Page, served: Served, key: str) -> None:
    page.goto(f"{served.base}/web/")
    assert "/web/login" in page.url
    page.fill("#key", served.keys[key])
    page.click("button[type=submit]")
    page.wait_for_url(f"{served.base}/web/")


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px wide"


def test_plan_page_filter_click_upload_confirm(served: Served, browser, chart) -> None:
    ctx = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = ctx.new_page()
    sign_in(page, served, "bct")
    assert page.locator(f'[data-plan="{served.plan_id}"] .issued').inner_text() == "0"
    page.click(f'[data-plan="{served.plan_id}"] a.plan-link')
    page.wait_for_selector("svg.cascade")
    assert page.locator('svg.cascade a.node[data-id^="fold:"]').count() == 34
    shot(page, "plan-desktop")

    # filter to one province with the list (the form submits on change)
    with page.expect_navigation():
        page.select_option("select[name=province]", "lai-chau")
    assert "province=lai-chau" in page.url
    assert page.locator('svg.cascade a.node[data-id^="fold:"]').count() == 0
    assert page.locator("svg.cascade a.node").count() > 70
    shot(page, "plan-lai-chau")

    page.click('svg.cascade a.node[data-id="lai-chau.btv"]')
    page.wait_for_selector("h1:has-text('Ban Thường vụ Tỉnh ủy Lai Châu')")
    assert page.locator(".pill").inner_text() in ("Chưa thực hiện", "Quá hạn")

    doc = numbered(_Web(served.store), chart, served.plan_id, "lai-chau.btv", "2269",
                   dt.date(2026, 1, 20))
    page.set_input_files("form.upload input[type=file]", files=[{
        "name": "cv-2269.docx", "buffer": doc,
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#preview")
    assert page.locator('[data-field="number"]').inner_text() == "2269"
    assert page.locator('[data-field="date"]').inner_text() == "20/01/2026"
    shot(page, "unit-preview")
    page.click("form.confirm button[type=submit]")
    page.wait_for_selector("text=Đã ghi nhận văn bản ban hành.")
    assert page.locator(".pill").inner_text() == "Đã ban hành"
    shot(page, "unit-issued")

    # back on the province's view the node is green
    page.goto(f"{served.base}/web/plans/{served.plan_id}?province=lai-chau")
    node = page.locator('svg.cascade a.node[data-id="lai-chau.btv"]')
    assert node.get_attribute("data-state") == "issued"
    page.goto(f"{served.base}/web/")
    assert page.locator(f'[data-plan="{served.plan_id}"] .issued').inner_text() == "1"
    ctx.close()


def test_phone_screen_has_no_sideways_scroll(served: Served, browser, chart) -> None:
    """Every page a clerk meets on a phone, including the upload's preview, the manual
    form opened with its errors, and the error pages."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale="vi-VN")
    page = ctx.new_page()
    page.goto(f"{served.base}/web/login")
    no_sideways_scroll(page)
    shot(page, "phone-login")
    sign_in(page, served, "tu")
    no_sideways_scroll(page)
    shot(page, "phone-directives")
    pid = served.plan_id
    for path, name in ((f"/web/plans/{pid}", "phone-plan"),
                       (f"/web/plans/{pid}?province=lai-chau&q=thanh+uy", "phone-search"),
                       (f"/web/plans/{pid}/tasks/lai-chau.ubnd", "phone-unit"),
                       ("/web/khong-co-trang-nay", "phone-404"),
                       (f"/web/plans/{pid}?level=nope", "phone-error")):
        page.goto(served.base + path)
        page.wait_for_load_state("load")
        no_sideways_scroll(page)
        shot(page, name)
    assert "Cấp:" in page.content()

    # the upload's preview (read, not confirmed) and the manual form with its errors
    page.goto(f"{served.base}/web/plans/{pid}/tasks/lai-chau.dubnd")
    doc = numbered(_Web(served.store), chart, pid, "lai-chau.dubnd", "15",
                   dt.date(2026, 2, 2))
    page.set_input_files("form.upload input[type=file]", files=[{
        "name": "ke-hoach-15-cua-dang-uy-uy-ban-nhan-dan-tinh-lai-chau-ban-da-ky.docx",
        "buffer": doc, "mimeType": "application/octet-stream"}])
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#preview")
    no_sideways_scroll(page)
    shot(page, "phone-preview")
    page.click("details summary")
    page.fill("form.manual input[name=number]", "12a")
    page.fill("form.manual input[name=symbol]", "KH/ĐU")
    page.fill("form.manual input[name=date]", "02/02/2026")
    page.set_input_files("form.manual input[type=file]", files=[{
        "name": "scan.pdf", "buffer": b"%PDF-1.4 scan", "mimeType": "application/pdf"}])
    page.click("form.manual button[type=submit]")
    page.wait_for_selector(".errors")
    no_sideways_scroll(page)
    shot(page, "phone-manual-errors")
    ctx.close()

    # the national view of the whole country, as the central office sees it
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale="vi-VN")
    page = ctx.new_page()
    sign_in(page, served, "bct")
    page.goto(f"{served.base}/web/plans/{pid}")
    page.wait_for_selector("svg.cascade")
    no_sideways_scroll(page)
    shot(page, "phone-plan-national")
    # dates as dd/mm/yyyy whatever the phone's own locale (a date picker follows it: an
    # English phone showed 11/02/2026 for 2 November); the typed date is understood
    as_of = page.locator("input[name=as_of]")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", as_of.input_value())
    as_of.fill("01/03/2026")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert "tính đến ngày 01/03/2026" in page.content()
    ctx.close()


class _Web:
    """The bits of the TestClient fixture ``numbered`` reads: the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
