"""The reader on real drafts of the kl-107 plan for Lai Châu, rendered as the store does:
the header fields ingest relies on are read by the reader itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cascade.citations.reader import extract_text, read_document, read_text
from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.plan_rules import load_rules
from cascade.planner import Plan, plan

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def planned(chart) -> Plan:
    return plan(chart, load_directive(REPO / "examples" / "kl-107.yaml"), load_rules(),
                as_of=DAY, scope=["lai-chau"])


def render(chart, planned: Plan, task_id: str, out: Path, number: str | None = None,
           day: dt.date | None = None) -> Path:
    """The task's draft; with ``number`` and ``day`` filled in as the văn thư does."""
    tasks = {t.id: t for t in planned.tasks}
    spec = spec_for(planned, tasks[task_id], load_rules(), tasks, children_of(planned))
    if number:
        spec = spec.model_copy(update={"number": number, "date": day})
    out.write_bytes(render_draft(resolve(chart, spec, today=DAY),
                                 dt.datetime(2026, 1, 15, tzinfo=dt.UTC)))
    return out


def test_party_cong_van_summary_starting_trien_khai_thuc_hien(chart, planned, tmp_path) -> None:
    r = read_document(render(chart, planned, "lai-chau.btv", tmp_path / "btv.docx",
                             "2269", dt.date(2026, 1, 20)))
    h = r.header
    assert h.summary == ("Triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 "
                         "của Bộ Chính trị")
    assert (h.place, h.date) == ("Lai Châu", dt.date(2026, 1, 20))
    assert h.recipients[0] == "Ban Thường vụ các đảng ủy xã, phường"  # Lai Châu: no đặc khu
    # the summary's citation names the root directive; the parent is the body's
    # "Thực hiện …" (the same Kết luận: a provincial standing board implements it directly)
    roles = [(c.number, c.role, c.is_root) for c in r.citations if c.date is not None][:2]
    assert roles == [("107", "root", True), ("107", "parent", True)]
    body_start = r.text.index("Thực hiện Kết luận")
    assert all(c.span[0] > body_start for c in r.citations if c.role == "parent")


def test_party_cong_van_draft_date_line(chart, planned, tmp_path) -> None:
    h = read_document(render(chart, planned, "lai-chau.btv", tmp_path / "btv.docx")).header
    assert (h.number, h.symbol, h.is_draft) == (None, "CV/TU", True)
    assert (h.date_line, h.date, h.year) == ("Lai Châu, ngày tháng năm 2026", None, 2026)


def test_unsigned_party_draft_keeps_its_signature_lines(chart, planned, tmp_path) -> None:
    h = read_document(render(chart, planned, "lai-chau.btv", tmp_path / "btv.docx")).header
    assert h.signature is not None
    s = h.signature
    assert (s.prefix, s.authority, s.titles, s.name) == ("T/M", "BAN THƯỜNG VỤ",
                                                         ["PHÓ BÍ THƯ"], None)


def test_unsigned_state_draft_keeps_its_signature_lines(chart, planned, tmp_path) -> None:
    """The chart names the UBND's Chủ tịch, so the rendered draft is signed: the name is
    taken out of its text, as a draft whose signer is not yet chosen reads."""
    path = render(chart, planned, "lai-chau.ubnd", tmp_path / "ubnd.docx")
    signed = read_document(path).header.signature
    assert signed is not None and signed.name
    text = extract_text(path)[1]
    h = read_text("\n".join(ln for ln in text.split("\n") if ln.strip() != signed.name)).header
    assert h.system == "state" and h.signature is not None
    s = h.signature
    assert (s.prefix, s.authority, s.titles, s.name) == ("TM.", "ỦY BAN NHÂN DÂN",
                                                         ["CHỦ TỊCH"], None)


@pytest.mark.parametrize(("task_id", "issuer_lines", "body"), [
    # superior đảng bộ line over the body's own header
    ("lai-chau.dubnd", ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY", "ỦY BAN NHÂN DÂN TỈNH"],
     "lai-chau.dubnd"),
    # "TỈNH ỦY LAI CHÂU" is the Tỉnh ủy's and its BTV's: "T/M BAN THƯỜNG VỤ" decides
    ("lai-chau.btv", ["TỈNH ỦY LAI CHÂU"], "lai-chau.btv"),
    ("lai-chau.btgdv", ["TỈNH ỦY LAI CHÂU", "BAN TUYÊN GIÁO VÀ DÂN VẬN"],
     "lai-chau.btgdv"),
])
def test_issuer_resolved_from_the_header_lines(chart, planned, tmp_path, task_id,
                                               issuer_lines, body) -> None:
    path = render(chart, planned, task_id, tmp_path / "d.docx", "12", dt.date(2026, 2, 2))
    assert read_document(path).header.issuer_id is None  # no chart, no resolution
    h = read_document(path, chart).header
    assert (h.issuer_lines, h.issuer_id) == (issuer_lines, body)


def test_issuer_never_guessed(chart, planned, tmp_path) -> None:
    """Without its province line the header fits every province's body: no id, and why."""
    path = render(chart, planned, "lai-chau.dubnd", tmp_path / "d.docx")
    text = extract_text(path)[1]
    h = read_text(text.replace("ĐẢNG BỘ TỈNH LAI CHÂU\n", ""), chart=chart).header
    assert h.issuer_lines == ["ĐẢNG ỦY", "ỦY BAN NHÂN DÂN TỈNH"] and h.issuer_id is None
    assert h.issuer_reason and "không nêu tỉnh" in h.issuer_reason


def test_committee_header_alone_is_told_by_the_acting_body_or_refused(chart, planned,
                                                                      tmp_path) -> None:
    """"TỈNH ỦY LAI CHÂU" is the Tỉnh ủy's and its standing board's header. Without the
    "T/M" line the opening sentence ("…, Ban Thường vụ Tỉnh ủy Lai Châu yêu cầu …")
    still names the board; without that either, both are candidates and the reason says
    what is missing."""
    btv = extract_text(render(chart, planned, "lai-chau.btv", tmp_path / "b.docx"))[1]
    no_tm = btv.replace("T/M BAN THƯỜNG VỤ", "")
    h = read_text(no_tm, chart=chart).header
    assert h.issuer_lines == ["TỈNH ỦY LAI CHÂU"]
    assert (h.acting_body, h.issuer_id) == ("Ban Thường vụ Tỉnh ủy Lai Châu", "lai-chau.btv")
    nothing = no_tm.replace("Ban Thường vụ Tỉnh ủy Lai Châu yêu cầu", "đề nghị")
    h = read_text(nothing, chart=chart).header
    assert (h.acting_body, h.issuer_id) == (None, None)
    assert sorted(h.issuer_candidates) == ["lai-chau.btv", "lai-chau.tu"]
    assert h.issuer_reason is not None
    assert "không có dòng T/M" in h.issuer_reason
    assert "câu mở đầu không nêu cơ quan" in h.issuer_reason
