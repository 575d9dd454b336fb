"""Received documents over HTTP: POST /directives/read, /respond and
/directives/from-document, on the seed documents in their frames (tests/intake).

Reading and answering touch no store, so those run on SQLite only; registering a
directive and its plan runs on both backends.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document

from api.services import DOCX
from cascade.directive import load_directive
from cascade.plan_rules import load_rules
from cascade.planner import plan
from tests.intake import documents

PROBLEM = "application/problem+json"
SQLITE = pytest.mark.parametrize("api", ["sqlite"], indirect=True)
REPO = Path(__file__).resolve().parents[2]
SO = "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("received")
    return {n: documents.build(n, folder).read_bytes() for n in documents.NAMES}


def upload(api, url: str, data: bytes, key: str, name: str = "cv.docx", **form):
    params = form.pop("params", None)
    return api.client.post(url, files={"file": (name, data)}, data=form, params=params,
                           headers=api.h(key))


def problem(r, status: int, field: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    if field:
        assert body["errors"][0]["field"] == field, body
    return body


def docx_text(data: bytes) -> str:
    d = Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


@SQLITE
def test_read_gives_tasks_leads_and_spans(api, docs) -> None:
    r = upload(api, "/directives/read", docs["seed-002"], "so")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["issuer_id"] == "lai-chau.ubnd" and got["number"] == "38"
    assert got["path"] == "cv.docx" and got["scanned"] is False and got["ocr"] is None
    assert [p["canonical"] for p in got["parents"]] == ["2269-CV/TU"]
    by_number = {t["number"]: t for t in got["tasks"]}
    lead = by_number["7"]["leads"][0]
    assert lead["body_id"] == "lai-chau.ca" and lead["carries"] == "police"
    start, end = lead["span"]
    assert got["text"][start:end] == "Công an tỉnh"
    assert got["follow_up"]["body_id"] == "lai-chau.thanhtra"
    assert isinstance(got["unrecognised"], list)
    d = got["directive"]
    assert d["issuer"] == "lai-chau.ubnd" and d["symbol"] == "UBND-TH"
    assert [t.get("lead") for t in d["tasks"]].count("police") == 1
    assert got["directive_error"] is None


@SQLITE
def test_read_refuses_what_it_cannot_read(api, docs) -> None:
    assert api.client.post("/directives/read",
                           files={"file": ("a.docx", docs["seed-002"])}).status_code == 401
    body = problem(upload(api, "/directives/read", b"abc", "so", name="ghi-chu.odt"), 422,
                   "file")
    assert "ghi-chu.odt" in body["detail"] and "không hỗ trợ" in body["detail"]
    assert "/tmp" not in body["detail"]  # the server's temporary path is never told
    problem(upload(api, "/directives/read", b"", "so"), 422)
    problem(upload(api, "/directives/read", b"not a zip", "so", name="hong.docx"), 422,
            "file")


@SQLITE
def test_respond_as_the_department_gives_its_plan(api, docs) -> None:
    r = upload(api, "/respond", docs["seed-002"], "so", **{"as": SO})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX
    assert r.headers["x-doc-type"] == "ke_hoach"
    assert 'filename="du-thao-lai-chau.so-vhttdl.docx"' in r.headers["content-disposition"]
    text = docx_text(r.content)
    assert "KẾ HOẠCH" in text
    assert "Công văn số 38/UBND-TH ngày 08/01/2025 của Ủy ban nhân dân tỉnh Lai Châu" in text


@SQLITE
def test_respond_only_within_the_keys_subtree(api, docs) -> None:
    body = problem(upload(api, "/respond", docs["seed-002"], "hanam", **{"as": SO}), 404,
                   "as")
    assert "không thuộc phạm vi" in body["detail"]
    # the reach is checked before the file is read: a body the key may not act for is
    # refused the same way whatever the file holds (here, no .docx at all)
    body = problem(upload(api, "/respond", b"PK\x03\x04 not a document", "hanam",
                          **{"as": SO}), 404, "as")
    assert "không thuộc phạm vi" in body["detail"]
    # the province's UBND key reaches its department
    assert upload(api, "/respond", docs["seed-002"], "ubnd",
                  **{"as": "lai-chau.so-vhttdl"}).status_code == 200
    problem(upload(api, "/respond", docs["seed-002"], "so", **{"as": "Sở Không Có"}), 422,
            "as")
    body = problem(upload(api, "/respond", docs["seed-002"], "hanam",
                          **{"as": "ha-nam.ubnd"}), 422, "as")
    assert "không phải ban hành" in body["detail"]
    problem(upload(api, "/respond", docs["seed-002"], "so"), 422)  # no "as"


@SQLITE
def test_respond_with_a_corrected_lead(api, docs) -> None:
    # task 7 is read as the police's: the city's People's Committee asks its police;
    # corrected to the inspectorate, it gives it to its inspectorate; to every body, it
    # gives it to no one by name
    city = {"as": "Ủy ban nhân dân thành phố Lai Châu"}
    police = "7. Đề nghị Công an thành phố Lai Châu chỉ đạo nắm chắc diễn biến"
    r = upload(api, "/respond", docs["seed-002"], "ubnd", **city)
    assert r.status_code == 200, r.text
    assert police in docx_text(r.content)
    r = upload(api, "/respond", docs["seed-002"], "ubnd",
               leads=json.dumps({"7": "inspectorate"}), **city)
    assert r.status_code == 200, r.text
    text = docx_text(r.content)
    assert "7. Thanh tra thành phố Lai Châu chỉ đạo nắm chắc diễn biến" in text
    assert police not in text
    r = upload(api, "/respond", docs["seed-002"], "ubnd", leads=json.dumps({"7": ""}),
               **city)
    assert "7. Chỉ đạo nắm chắc diễn biến" in docx_text(r.content)
    problem(upload(api, "/respond", docs["seed-002"], "ubnd", leads="{7: x}",
                   **{"as": SO}), 422, "leads")
    body = problem(upload(api, "/respond", docs["seed-002"], "ubnd",
                          leads=json.dumps({"99": "police"}), **{"as": SO}), 422, "leads")
    assert "99" in body["detail"]
    problem(upload(api, "/respond", docs["seed-002"], "ubnd",
                   leads=json.dumps({"7": "cảnh sát"}), **{"as": SO}), 422, "leads")


@SQLITE
def test_respond_as_pdf(api, docs) -> None:
    r = upload(api, "/respond", docs["seed-000"], "so", params={"pdf": "true"},
               **{"as": "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"})
    # the Sở does not answer Cần Thơ's letter: refused before any PDF is printed
    problem(r, 422, "as")
    r = upload(api, "/respond", docs["seed-002"], "so", params={"pdf": "true"},
               **{"as": SO})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content[:5] == b"%PDF-"


def test_from_document_registers_the_directive_and_its_plan(api, docs) -> None:
    r = api.client.post(
        "/directives/from-document", files={"file": ("cv-38.docx", docs["seed-002"])},
        headers=api.h("ubnd", **{"Idempotency-Key": "cv-38"}))
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["scope"] == ["lai-chau"] and got["tasks"] > 50
    assert got["directive"]["issuer_id"] == "lai-chau.ubnd"
    assert got["directive"]["number"] == "38/UBND-TH"
    again = api.client.post(
        "/directives/from-document", files={"file": ("cv-38.docx", docs["seed-002"])},
        headers=api.h("ubnd", **{"Idempotency-Key": "cv-38"}))
    assert again.json()["id"] == got["id"]
    listed = api.client.get("/directives", headers=api.h("ubnd")).json()
    assert [d["number"] for d in listed] == ["38/UBND-TH"]
    tasks = api.client.get(f"/plans/{got['id']}/tasks", params={"limit": 1000},
                           headers=api.h("ubnd")).json()["tasks"]
    assert {"lai-chau.so-vhttdl", "d105.ubnd"} <= {t["body_id"] for t in tasks}


def test_from_document_of_a_national_directive_plans_the_keys_province(api, docs,
                                                                      chart) -> None:
    r = api.client.post("/directives/from-document",
                        files={"file": ("kl-107.docx", docs["kl-107"])},
                        params={"as_of": "2026-01-15"}, headers=api.h("tu"))
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["scope"] == ["lai-chau"] and got["directive"]["number"] == "107-KL/TW"
    # the plan the YAML gives for Lai Châu: the same bodies
    yaml_d = load_directive(REPO / "examples" / "kl-107.yaml")
    want = plan(chart, yaml_d, load_rules(None), as_of=dt.date(2026, 1, 15),
                scope=["lai-chau"])
    tasks = api.client.get(f"/plans/{got['id']}/tasks", params={"limit": 5000},
                           headers=api.h("tu")).json()["tasks"]
    assert sorted(t["body_id"] for t in tasks) == sorted(t.body_id for t in want.tasks)
    # the YAML, differently worded, is refused as the same directive with other content
    again = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                            content=(REPO / "examples" / "kl-107.yaml").read_bytes(),
                            headers=api.h("tu", **{"content-type": "application/yaml"}))
    assert again.status_code == 409 and "đã được lưu" in again.json()["detail"]


def test_from_document_refuses_a_key_that_does_not_cover_the_plan(api, docs) -> None:
    problem(api.client.post("/directives/from-document",
                            files={"file": ("cv.docx", docs["seed-002"])},
                            headers=api.h("so")), 403)
    problem(api.client.post("/directives/from-document",
                            files={"file": ("cv.docx", docs["seed-002"])},
                            headers=api.h("ubnd_read")), 403)
    assert api.client.get("/directives", headers=api.h("ubnd")).json() == []


@SQLITE
def test_read_a_photographed_page_says_it_was_ocrd(api, docs, tmp_path) -> None:
    from tests.intake.test_read_directive import _scan

    src = tmp_path / "seed-001.docx"
    src.write_bytes(docs["seed-001"])
    photo = _scan(documents.pdf([src], tmp_path / "pdf")[0], tmp_path, photo=True)
    r = upload(api, "/directives/read", photo.read_bytes(), "so", name="anh-chup.jpg")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["scanned"] is True and got["path"] == "anh-chup.jpg"
    assert got["ocr"]["pages"] == 1 and got["ocr"]["confidence"] > 50
    assert len([t for t in got["tasks"] if t["kind"] == "task"]) >= 2


@SQLITE
def test_a_pdf_from_the_e_office_system_is_answered(api) -> None:
    """Công văn 2269-CV/TU as its PDF (examples/): read, and answered by the UBND tỉnh."""
    pdf = (REPO / "examples" / "cong-van-2269.pdf").read_bytes()
    got = upload(api, "/directives/read", pdf, "tu", name="2269.pdf").json()
    assert got["issuer_id"] == "lai-chau.btv" and got["format"] == "pdf"
    assert got["scanned"] is False and got["directive"]["number"] == 2269
    r = upload(api, "/respond", pdf, "tu", name="2269.pdf",
               **{"as": "Ủy ban nhân dân tỉnh Lai Châu"})
    assert r.status_code == 200, r.text
    assert "Công văn số 2269-CV/TU" in docx_text(r.content)
