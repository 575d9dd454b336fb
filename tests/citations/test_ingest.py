"""Ingest: real rendered drafts of the kl-107 plan for Lai Châu, numbered by hand, read back
and recorded against their tasks; every refusal explained with its evidence.

Runs on SQLite and PostgreSQL (own schema per test, ``tests/store_fixtures.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import func, select
from store_fixtures import db_url
from typer.testing import CliRunner

from cascade.citations.ingest import IngestError
from cascade.citations.ingest_cli import register
from cascade.citations.reader import extract_text
from cascade.compose import spec_for
from cascade.directive import load_directive
from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.plan_rules import load_rules
from cascade.planner import plan
from cascade.store.db import Store
from cascade.store.drafts import DraftContext
from cascade.store.intake import ingest
from cascade.store.plans import save_plan
from cascade.store.rows import EventRow, IssuedDocumentRow, PlanRow, PlanTaskRow

REPO = Path(__file__).resolve().parents[2]
KL107 = REPO / "examples" / "kl-107.yaml"
DAY = dt.date(2026, 1, 15)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with db_url(request.param, tmp_path) as url:
        s = Store(url)
        s.upgrade()
        yield s
        s.dispose()


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def make_plan(store: Store, chart, rules, province: str = "lai-chau") -> int:
    planned = plan(chart, load_directive(KL107), rules, as_of=DAY, scope=[province])
    with store.write() as s:
        return save_plan(s, planned, "test").id


def draft(store: Store, chart, rules, plan_id: int, task_id: str, out: Path,
          number: str | None = None, day: dt.date | None = None,
          parents: dict[str, tuple[str, dt.date]] | None = None) -> Path:
    """The task's draft as the store renders it today, with its own number and date filled
    in as the văn thư does (and, for a wrong citation, a parent's number overridden)."""
    with store.read() as s:
        ctx = DraftContext(s, s.get(PlanRow, plan_id))
        t = ctx.tasks([task_id])[task_id]
        kids = ctx.children.get(task_id, [])
        tasks = dict(ctx.tasks([task_id, *t.parents, *kids]))
        for pid, (n, d) in (parents or {}).items():
            tasks[pid] = tasks[pid].model_copy(update={"number": n, "issued_on": d})
        spec = spec_for(ctx.plan_for([t]), t, rules, tasks, {task_id: kids})
        if number:
            spec = spec.model_copy(update={"number": number, "date": day})
        data = render_draft(resolve(chart, spec, today=DAY),
                            dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    out.write_bytes(data)
    return out


def task(store: Store, plan_id: int, task_id: str) -> PlanTaskRow:
    with store.read() as s:
        t = s.get(PlanTaskRow, (plan_id, task_id))
        assert t is not None
        return t


def count(store: Store, model: type) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def run(store: Store, chart, plan_id: int, path: Path, **kw):
    with store.write() as s:
        return ingest(s, plan_id, path, "test", chart=chart, **kw)


def test_round_trip_btv_then_its_children(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    r = run(store, chart, pid, btv)
    assert r.recorded and r.match.task_id == "lai-chau.btv", r.match.explanation
    t = task(store, pid, "lai-chau.btv")
    assert (t.status, t.number, t.date) == ("issued", "2269", dt.date(2026, 1, 20))
    with store.read() as s:
        doc = s.scalars(select(IssuedDocumentRow)).one()
        assert (doc.symbol, doc.task_id, doc.file_name) == ("CV/TU", "lai-chau.btv", "btv.docx")
        assert doc.file_sha256 == r.file_sha256 and doc.id == r.document_id
        ev = s.scalars(select(EventRow).where(EventRow.action == "issue")).one()
        assert ev.entity_id == f"{pid}/lai-chau.btv" and ev.actor == "test"

    # the child's draft now cites its parent's number; numbered, it is recorded too
    dubnd = draft(store, chart, rules, pid, "lai-chau.dubnd", tmp_path / "kh.docx",
                  "10", dt.date(2026, 2, 1))
    assert "Công văn số 2269-CV/TU ngày 20/01/2026" in extract_text(dubnd)[1]
    r = run(store, chart, pid, dubnd)
    assert r.recorded and r.match.task_id == "lai-chau.dubnd", r.match.explanation
    # "ĐẢNG BỘ TỈNH LAI CHÂU / ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH" is resolved by the reader
    assert r.match.document.issuer_id == "lai-chau.dubnd"
    t = task(store, pid, "lai-chau.dubnd")
    assert (t.status, t.number, t.date) == ("issued", "10", dt.date(2026, 2, 1))

    # a State grandchild: UBND tỉnh answers the Đảng ủy's kế hoạch
    ubnd = draft(store, chart, rules, pid, "lai-chau.ubnd", tmp_path / "cv.docx",
                 "762", dt.date(2026, 2, 5))
    r = run(store, chart, pid, ubnd)
    assert r.recorded and r.match.task_id == "lai-chau.ubnd", r.match.explanation
    with store.read() as s:
        doc = s.get(IssuedDocumentRow, r.document_id)
        assert (doc.number, doc.symbol, doc.date) == ("762", "UBND-TH", dt.date(2026, 2, 5))


def rewrite(path: Path, old: str, new: str) -> Path:
    """Rewrite a printed phrase as another office would have typed it (one paragraph)."""
    import docx

    d = docx.Document(str(path))
    hits = [p for p in d.paragraphs if old in p.text]
    assert hits, old
    for p in hits:
        text = p.text.replace(old, new)
        for r in p.runs[1:]:
            r.text = ""
        p.runs[0].text = text
    d.save(str(path))
    return path


@pytest.mark.parametrize("written", [
    "Công văn số 2269/CV-TU ngày 20/01/2026",  # the Party number in State shape
    "Công văn số 2269 ngày 20/01/2026",        # the number alone, issuer after it
])
def test_parent_cited_as_offices_type_it(store, chart, rules, tmp_path, written) -> None:
    pid = make_plan(store, chart, rules)
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    assert run(store, chart, pid, btv).recorded
    kh = draft(store, chart, rules, pid, "lai-chau.dubnd", tmp_path / "kh.docx", "10",
               dt.date(2026, 2, 1))
    rewrite(kh, "Công văn số 2269-CV/TU ngày 20/01/2026", written)
    r = run(store, chart, pid, kh)
    assert r.recorded and r.match.task_id == "lai-chau.dubnd", r.match.explanation


def test_blank_number_is_no_number(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    blank = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx")
    r = run(store, chart, pid, blank)
    e = r.match.explanation
    assert not r.recorded and e is not None and e.code == "no_number"
    assert "chưa có số, ngày" in e.message and "Số -CV/TU" in e.message
    assert "Lai Châu, ngày tháng năm 2026" in e.message
    assert e.evidence["task_id"] == "lai-chau.btv"
    assert task(store, pid, "lai-chau.btv").status == "pending"
    assert count(store, IssuedDocumentRow) == 0


def test_second_ingest_is_already_issued(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    assert run(store, chart, pid, btv).recorded
    events = count(store, EventRow)
    r = run(store, chart, pid, btv)
    e = r.match.explanation
    assert not r.recorded and e is not None and e.code == "already_issued"
    assert "đã ghi nhận ban hành: số 2269, ngày 20/01/2026" in e.message
    assert count(store, IssuedDocumentRow) == 1 and count(store, EventRow) == events


def test_body_of_another_province_is_not_in_plan(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    other = make_plan(store, chart, rules, "dien-bien")
    doc = draft(store, chart, rules, other, "dien-bien.ubnd", tmp_path / "db.docx",
                "15", dt.date(2026, 2, 3))
    r = run(store, chart, pid, doc)
    e = r.match.explanation
    assert e is not None and e.code == "issuer_not_in_plan", e
    assert "dien-bien.ubnd" in e.message and f"kế hoạch số {pid}" in e.message
    assert e.evidence["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN"]


def test_text_without_thuc_hien_is_no_parent_citation(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    cv = draft(store, chart, rules, pid, "lai-chau.ubnd", tmp_path / "cv.docx",
               "762", dt.date(2026, 2, 5))
    lines = extract_text(cv)[1].split("\n")
    opening = next(i for i, x in enumerate(lines) if x.startswith("Thực hiện "))
    lines[opening] = "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:"
    txt = tmp_path / "cv.txt"
    txt.write_text("\n".join(lines), encoding="utf-8")
    r = run(store, chart, pid, txt)
    e = r.match.explanation
    assert e is not None and e.code == "no_parent_citation", e
    assert "“Thực hiện …”" in e.message and "Ủy ban nhân dân tỉnh Lai Châu" in e.message
    assert e.evidence["candidates"] == ["lai-chau.ubnd"]


def test_wrong_parent_number_is_parent_mismatch(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    assert run(store, chart, pid, btv).recorded
    kh = draft(store, chart, rules, pid, "lai-chau.dubnd", tmp_path / "kh.docx", "10",
               dt.date(2026, 2, 1), parents={"lai-chau.btv": ("2270", dt.date(2026, 1, 20))})
    r = run(store, chart, pid, kh)
    e = r.match.explanation
    assert e is not None and e.code == "parent_mismatch", e
    assert "Công văn số 2270-CV/TU" in e.message
    assert "Công văn số 2269-CV/TU ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy Lai Châu" \
        in e.message
    assert task(store, pid, "lai-chau.dubnd").status == "pending"


def test_unknown_header_is_no_issuer(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    txt = tmp_path / "x.txt"
    txt.write_text("CÔNG TY CỔ PHẦN MẪU\n\nSố: 5/CV-MAU\n\nLai Châu, ngày 02 tháng 02 năm 2026"
                   "\n\nThực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, "
                   "công ty báo cáo như sau:\n", encoding="utf-8")
    e = run(store, chart, pid, txt).match.explanation
    assert e is not None and e.code == "no_issuer", e
    assert "CÔNG TY CỔ PHẦN MẪU" in e.message


def test_dry_run_writes_nothing_and_bad_input_raises(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    r = run(store, chart, pid, btv, dry_run=True)
    assert r.match.ok and not r.recorded and r.match.task_id == "lai-chau.btv"
    assert task(store, pid, "lai-chau.btv").status == "pending"
    with pytest.raises(IngestError, match="không có kế hoạch số 999"):
        run(store, chart, 999, btv)
    with pytest.raises(IngestError, match="không tìm thấy tệp"):
        run(store, chart, pid, tmp_path / "missing.docx")


def test_cli_exit_codes(store, chart, rules, tmp_path) -> None:
    pid = make_plan(store, chart, rules)
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a group, as in the real `trienkhai` app
    btv = draft(store, chart, rules, pid, "lai-chau.btv", tmp_path / "btv.docx",
                "2269", dt.date(2026, 1, 20))
    runner = CliRunner()
    db = ["--plan", str(pid), "--db", store.engine.url.render_as_string(hide_password=False)]
    r = runner.invoke(app, ["ingest", str(btv), *db])
    assert r.exit_code == 0, r.output
    assert "Đã ghi nhận: nhiệm vụ lai-chau.btv" in r.output and "2269-CV/TU" in r.output
    r = runner.invoke(app, ["ingest", str(btv), *db, "--json"])
    assert r.exit_code == 1 and '"code": "already_issued"' in r.output
    r = runner.invoke(app, ["ingest", str(tmp_path / "nope.pdf"), *db])
    assert r.exit_code == 2 and "không tìm thấy tệp" in r.output
    r = runner.invoke(app, ["ingest", str(btv), "--plan", "999", *db[2:]])
    assert r.exit_code == 2 and "không có kế hoạch số 999" in r.output


def test_seeds_are_explained_never_guessed(store, chart, rules, seed_path) -> None:
    """Seed 002 (UBND tỉnh Lai Châu, 2025, number left blank) cites the BTV's letter as
    "của Tỉnh uỷ Lai Châu": its task is found on the 2025 plan, and it is a draft. Seed
    000 starts at Kính gửi: without a header its issuer is not guessed from "T/M BTV"."""
    planned = plan(chart, load_directive(KL107), rules, as_of=dt.date(2025, 1, 15),
                   scope=["lai-chau"])
    with store.write() as s:
        pid = save_plan(s, planned, "test").id
    m = run(store, chart, pid, seed_path(2), dry_run=True).match
    assert m.task_id == "lai-chau.ubnd" and m.explanation is not None
    assert m.explanation.code == "no_number"
    assert "Số: /UBND-TH" in m.explanation.message
    assert m.document.parents == [
        "Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh uỷ Lai Châu"]
    e = run(store, chart, pid, seed_path(0)).match.explanation
    assert e is not None and e.code == "no_issuer"
    assert "(không có); ký thay mặt: BAN THƯỜNG VỤ" in e.message
    assert count(store, IssuedDocumentRow) == 0


def test_pdf_of_a_state_letter(store, chart, rules, tmp_path) -> None:
    """The UBND tỉnh's letter exported to PDF (LibreOffice) is read and recorded the same."""
    from cascade.drafts.pdf import to_pdf

    pid = make_plan(store, chart, rules)
    for tid, number, day in (("lai-chau.btv", "2269", dt.date(2026, 1, 20)),
                             ("lai-chau.dubnd", "10", dt.date(2026, 2, 1))):
        path = draft(store, chart, rules, pid, tid, tmp_path / f"{tid}.docx", number, day)
        assert run(store, chart, pid, path).recorded
    cv = draft(store, chart, rules, pid, "lai-chau.ubnd", tmp_path / "ubnd.docx", "762",
               dt.date(2026, 2, 5))
    [pdf] = to_pdf([cv], tmp_path / "pdf")
    r = run(store, chart, pid, pdf)
    assert r.recorded and r.match.task_id == "lai-chau.ubnd", r.match.explanation
    # the UBND's letter cites the Tỉnh ủy's letter and the Đảng ủy UBND's plan (seed 002)
    assert r.match.document.parents == [
        "Công văn số 2269-CV/TU ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy Lai Châu",
        "Kế hoạch số 10-KH/ĐU ngày 01/02/2026 của Đảng ủy Ủy ban nhân dân tỉnh Lai Châu"]
    t = task(store, pid, "lai-chau.ubnd")
    assert (t.status, t.number, t.date) == ("issued", "762", dt.date(2026, 2, 5))


def test_no_province_anywhere_is_ambiguous(store, chart, rules, tmp_path) -> None:
    """Over Lai Châu and Điện Biên, a kế hoạch headed only "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"
    citing "Ban Thường vụ Tỉnh ủy" with no place fits both provinces' task: reported."""
    planned = plan(chart, load_directive(KL107), rules, as_of=DAY,
                   scope=["lai-chau", "dien-bien"])
    with store.write() as s:
        pid = save_plan(s, planned, "test").id
    txt = tmp_path / "kh.txt"
    txt.write_text(
        "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n*\nSố 10-KH/ĐU\n\nngày 01 tháng 02 năm 2026\n\n"
        "KẾ HOẠCH\n\nquán triệt Kết luận số 107-KL/TW\n\nThực hiện Công văn số 2269-CV/TU "
        "ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy, Đảng ủy xây dựng kế hoạch như sau:\n",
        encoding="utf-8")
    e = run(store, chart, pid, txt).match.explanation
    assert e is not None and e.code == "ambiguous", e
    assert sorted(e.evidence["candidates"]) == ["dien-bien.dubnd", "lai-chau.dubnd"]
    assert "lai-chau.dubnd (Đảng ủy Ủy ban nhân dân tỉnh Lai Châu, kế hoạch)" in e.message


def test_a_body_with_two_tasks_gets_each_document_on_its_own(store, chart, rules,
                                                             tmp_path) -> None:
    """A commune BTV issues a kế hoạch (on the Tỉnh ủy's letter) and a hướng dẫn (on the
    Ban Tuyên giáo và Dân vận's): each upload is recorded against its own task."""
    pid = make_plan(store, chart, rules)
    for tid, number, day in (("lai-chau.btv", "2269", dt.date(2026, 1, 20)),
                             ("lai-chau.btgdv", "14", dt.date(2026, 1, 26))):
        assert run(store, chart, pid, draft(store, chart, rules, pid, tid,
                                            tmp_path / f"{tid}.docx", number, day)).recorded
    for tid, number in (("c03390.btv.huong_dan", "03"), ("c03390.btv", "05")):
        path = draft(store, chart, rules, pid, tid, tmp_path / f"{tid}.docx", number,
                     dt.date(2026, 2, 2))
        r = run(store, chart, pid, path)
        assert r.recorded and r.match.task_id == tid, r.match.explanation
        assert task(store, pid, tid).number == number
