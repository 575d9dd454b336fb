"""The dashboard's received documents: "Văn bản nhận được" (upload → what was read, each
task's lead editable → the unit's draft) and "Thêm văn bản chỉ đạo" (upload → directive
and plan), over a real store (SQLite and PostgreSQL) with signed-in sessions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from docx import Document
from fastapi.testclient import TestClient
from store_fixtures import db_url

from api.main import create_app
from cascade.store.keys import create_key
from tests.intake import documents

from .conftest import csrf_of

KEYS = [("ubnd", "lai-chau.ubnd", "write"), ("ubnd_read", "lai-chau.ubnd", "read"),
        ("so", "lai-chau.so-vhttdl", "write"), ("hanam", "ha-nam.ubnd", "write")]
CITY = "d105.ubnd"  # Ủy ban nhân dân thành phố Lai Châu


class Site:
    def __init__(self, app, keys: dict[str, str]) -> None:
        self.app, self.keys, self.clients = app, keys, []

    def signed_in(self, key: str) -> TestClient:
        c = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)
        self.clients.append(c)
        form = c.get("/web/login")
        r = c.post("/web/login", data={"key": self.keys[key], "csrf": csrf_of(form.text),
                                       "next": "/web/"})
        assert r.status_code == 303, r.text
        return c


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory, chart) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp(f"received-{request.param}")
    with db_url(request.param, tmp) as url:
        app = create_app(url, chart=chart, files_dir=tmp / "files")
        with app.state.store.write() as s:
            keys = {n: create_key(s, body, scope)[1] for n, body, scope in KEYS}
        with TestClient(app):
            yield (site := Site(app, keys))
        for c in site.clients:
            c.close()
        app.state.store.dispose()


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> bytes:
    """Công văn 38/UBND-TH of the UBND tỉnh Lai Châu (seed 002 in its frame)."""
    return documents.build("seed-002", tmp_path_factory.mktemp("letter")).read_bytes()


def read(c: TestClient, data: bytes, mode: str = "respond", name: str = "cv-38.docx",
         **form: str):
    page = c.get("/web/received" if mode == "respond" else "/web/directives/new")
    assert page.status_code == 200, page.text
    return c.post("/web/received/read", files={"file": (name, data)},
                  data={"csrf": csrf_of(page.text), "mode": mode, **form})


def form_of(html: str) -> dict[str, list[str] | str]:
    """The task form as the page fills it: hidden fields and each select's choice."""
    form = html[html.index('id="tasks-form"'):]
    form = form[:form.index("</form>")]
    hidden = dict(re.findall(r'type="hidden" name="(csrf|upload|file_name|as)" value="([^"]*)"',
                             form))
    selects = re.findall(r'<select name="lead"[^>]*>(.*?)</select>', form, re.S)
    chosen = [(re.search(r'value="([^"]*)" selected', s) or re.search(r'value="([^"]*)"', s))
              .group(1) for s in selects]
    return {**hidden, "task": re.findall(r'name="task" value="([^"]+)"', form),
            "lead": chosen}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_received_letter_read_corrected_and_drafted(site, letter) -> None:
    c = site.signed_in("ubnd")
    r = read(c, letter, **{"as": CITY})
    assert r.status_code == 200, r.text
    html = r.text
    assert 'data-field="issuer">Ủy ban nhân dân tỉnh Lai Châu' in html
    assert "Công văn số 2269-CV/TU" in html
    form = form_of(html)
    assert form["task"] == [str(n) for n in range(1, 10)]
    by_number = dict(zip(form["task"], form["lead"], strict=True))
    assert by_number["7"] == "police" and by_number["1"] == ""
    assert form["as"] == CITY
    # as read: the city asks its police; task 7 corrected to the inspectorate
    got = c.post("/web/received/draft", data=form)
    assert got.status_code == 200, got.text
    assert "7. Đề nghị Công an thành phố Lai Châu chỉ đạo" in docx_text(got.content)
    leads = [("inspectorate" if n == "7" else k) for n, k in zip(form["task"], form["lead"],
                                                                 strict=True)]
    got = c.post("/web/received/draft", data={**form, "lead": leads})
    assert got.status_code == 200, got.text
    assert got.headers["content-disposition"].endswith('d105.ubnd.docx"')
    text = docx_text(got.content)
    assert "7. Thanh tra thành phố Lai Châu chỉ đạo nắm chắc" in text
    assert "Công văn số 38/UBND-TH" in text


def test_received_refusals_are_vietnamese_pages(site, letter) -> None:
    c = site.signed_in("ubnd")
    r = read(c, b"abc", name="ghi-chu.odt")
    assert r.status_code == 422 and "ghi-chu.odt" in r.text and "không hỗ trợ" in r.text
    form = form_of(read(c, letter, **{"as": CITY}).text)
    assert c.post("/web/received/draft", data={**form, "csrf": "sai"}).status_code == 403
    # a body outside the key's subtree: refused as not found, on the page
    other = site.signed_in("hanam")
    form2 = form_of(read(other, letter, **{"as": CITY}).text)
    r = other.post("/web/received/draft", data=form2)
    assert r.status_code == 404 and "không thuộc phạm vi" in r.text
    # a body that does not answer this letter
    r = other.post("/web/received/draft", data={**form2, "as": "ha-nam.ubnd"})
    assert r.status_code == 422 and "không phải ban hành" in r.text
    r = c.post("/web/received/draft", data={**form, "upload": "../../etc/passwd"})
    assert r.status_code == 422 and "Tệp đã tải lên" in r.text


def test_add_directive_from_its_document(site, letter) -> None:
    c = site.signed_in("ubnd")
    # a read key reads but does not add
    ro = site.signed_in("ubnd_read")
    assert read(ro, letter, mode="add").status_code == 403
    # a department's key does not reach the plan's bodies
    so = site.signed_in("so")
    r = so.post("/web/directives/new", data=form_of(read(so, letter, mode="add").text))
    assert r.status_code == 403 and "ngoài phạm vi" in r.text
    # another province's key is refused before anything is planned (the planner is not
    # reached: a plan over Lai Châu cannot be a Hà Nam key's)
    hanam = site.signed_in("hanam")
    with patch("api.web.routes.received.plan", side_effect=AssertionError("planned")):
        r = hanam.post("/web/directives/new", data=form_of(read(hanam, letter,
                                                                 mode="add").text))
    assert r.status_code == 403 and "vượt ra ngoài phạm vi" in r.text
    form = form_of(read(c, letter, mode="add").text)
    r = c.post("/web/directives/new", data=form)
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    plan_page = c.get(location)
    assert plan_page.status_code == 200 and "38/UBND-TH" in plan_page.text
    assert "38/UBND-TH" in c.get("/web/").text
    # the same letter read with another lead is other content: told, nothing stored
    leads = [("inspectorate" if n == "7" else k) for n, k in zip(form["task"], form["lead"],
                                                                 strict=True)]
    r = c.post("/web/directives/new", data={**form, "lead": leads})
    assert r.status_code == 409 and "đã được lưu" in r.text
    # the unit page of a task of that plan offers the received-document section
    plan_id = int(location.rsplit("/", 1)[-1])
    task = c.get(f"/web/plans/{plan_id}/tasks/{CITY}")
    assert task.status_code == 200, task.text
    assert 'id="received"' in task.text and f'name="as" value="{CITY}"' in task.text


def test_home_links_both_flows(site) -> None:
    home = site.signed_in("ubnd").get("/web/").text
    assert 'href="/web/received"' in home and 'href="/web/directives/new"' in home
    assert 'href="/web/directives/new"' not in site.signed_in("ubnd_read").get("/web/").text



def test_only_a_document_read_is_kept_with_its_reading(site, letter) -> None:
    import hashlib

    files = site.app.state.files

    def names() -> list[str]:
        return sorted(p.name for p in files.rglob("*") if p.is_file()) if files.exists() \
            else []

    before = names()
    c = site.signed_in("ubnd")
    assert read(c, b"abc", name="ghi-chu.odt").status_code == 422
    assert read(c, b"PK not really a zip", name="hong.docx").status_code == 422
    assert names() == before  # refused uploads leave nothing, staged or kept
    assert read(c, letter).status_code == 200
    sha = hashlib.sha256(letter).hexdigest()
    assert {f"{sha}.docx", f"{sha}.docx.reading.json"} <= set(names())
    assert not any(n.startswith(".") for n in names())
