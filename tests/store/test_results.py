"""Báo cáo kết quả: its Word tables hold the report's figures, the period's documents and
the units still missing."""

from __future__ import annotations

import datetime as dt
import io

import docx

from cascade.secretariat import results as rs
from cascade.store.access import subtree_ids
from cascade.store.plans import record_issued, set_status
from cascade.store.report import build_report
from orgchart.vocabulary import LEVEL_LABEL_VI

from .test_reminders import AS_OF, make

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def issue(store, pid: int, tid: str, number: str, day: dt.date) -> None:
    with store.write() as s:
        record_issued(s, pid, tid, number=number, symbol="KH-UBND", date=day, signer=None,
                      file_name=None, file_path=None, file_sha256=None, actor="test")


def tables(data: bytes) -> list[list[list[str]]]:
    """Every table but the header and the signature block, as rows of cell texts."""
    d = docx.Document(io.BytesIO(data))
    return [[[c.text for c in r.cells] for r in t.rows] for t in d.tables[1:-1]]


def test_the_table_equals_the_report(store, chart) -> None:
    pid = make(store, chart)  # btv, c03390.btv, so-yte issued 01/02/2026; c03394 exempt
    issue(store, pid, "lai-chau.so-noivu", "20", dt.date(2026, 3, 20))  # after its deadline
    with store.read() as s:
        res = rs.build_result(s, chart, pid, START, END, "lai-chau.bnc")
        rep = build_report(s, pid, END)
        data = rs.result_docx(s, chart, res)
    t, r = res.totals.counts, rep["totals"]
    assert (t["total"], t["on_time"] + t["late"], t["open"], t["overdue"], t["exempt"]) == \
        (r["total"], r["issued"], r["pending"] + r["drafted"], r["overdue"], r["exempt"])
    # late: the Ban Thường vụ (01/02, deadline 25/01), the Sở Nội vụ (20/3, deadline 11/3)
    assert t["late"] == 2 and t["on_time"] == 2

    by_level, by_kind, documents = tables(data)
    assert by_level[0][:3] == ["STT", "Cấp", "Tổng số cơ quan, đơn vị"]
    for row, lv in zip(by_level[1:-1], rep["by_level"], strict=True):
        assert row[1] == LEVEL_LABEL_VI[lv["level"]]
        total, on_time, late, open_, overdue, exempt = map(int, row[2:])
        assert (total, on_time + late, open_, overdue, exempt) == (
            lv["total"], lv["issued"], lv["pending"] + lv["drafted"], lv["overdue"],
            lv["exempt"])
    assert by_level[-1][1:] == ["Tổng cộng", *map(str, res.totals.row())]
    assert by_kind[-1] == by_level[-1]
    assert sum(int(row[2]) for row in by_kind[1:-1]) == r["total"]
    assert [row[1:4] for row in documents[1:]] == [
        ["Ban Thường vụ Tỉnh ủy Lai Châu", "2269/CV", "01/02/2026"],
        ["Ban Thường vụ Đảng ủy xã Bình Lư", "05/CV", "01/02/2026"],
        ["Sở Y tế tỉnh Lai Châu", "12/CV", "01/02/2026"],
        ["Sở Nội vụ tỉnh Lai Châu", "20/KH-UBND", "20/3/2026"]]

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert text.startswith("BÁO CÁO\nkết quả triển khai thực hiện Kết luận số 107-KL/TW từ "
                           "ngày 01/01/2026 đến ngày 31/3/2026")
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy Lai Châu." in text
    assert "Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị" in text
    assert "Công văn số 2269-CV/TU ngày 01/02/2026 của Ban Thường vụ Tỉnh ủy Lai Châu" in text
    assert f"{t['overdue']} cơ quan, đơn vị đã quá hạn:" in text
    assert "Sở Y tế" not in text.split("CƠ QUAN, ĐƠN VỊ CHƯA BAN HÀNH")[1]


def test_a_past_period_and_a_scope(store, chart) -> None:
    pid = make(store, chart)
    issue(store, pid, "lai-chau.so-noivu", "20", dt.date(2026, 3, 20))
    with store.read() as s:
        # on 28/02 the Sở Nội vụ had not issued yet: not yet, and not in the list
        feb = rs.build_result(s, chart, pid, START, dt.date(2026, 2, 28), "lai-chau.bnc")
        assert feb.totals.counts["on_time"] + feb.totals.counts["late"] == 3
        assert "lai-chau.so-noivu" in {m["body_id"] for m in feb.missing}
        assert len(feb.issued) == 3
        march = rs.build_result(s, chart, pid, dt.date(2026, 3, 1), END, "lai-chau.bnc")
        assert [d["task_id"] for d in march.issued] == ["lai-chau.so-noivu"]

        scope = subtree_ids(chart, "lai-chau.ubnd", AS_OF)
        mine = rs.build_result(s, chart, pid, START, END, "lai-chau.ubnd", scope)
        rep = build_report(s, pid, END, scope)["totals"]
        assert mine.totals.counts["total"] == rep["total"] < march.totals.counts["total"]
        assert mine.totals.counts["overdue"] == rep["overdue"]
        data = rs.result_docx(s, chart, mine)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Ủy ban nhân dân tỉnh Lai Châu báo cáo kết quả" in text
    assert "Ban Thường vụ Đảng ủy xã" not in text  # outside the UBND's scope


def test_exempt_and_bad_periods(store, chart) -> None:
    import pytest

    pid = make(store, chart)
    with store.write() as s:
        set_status(s, pid, "lai-chau.so-tuphap", "exempt", "Không có nội dung", "test")
    with store.read() as s:
        res = rs.build_result(s, chart, pid, START, END, "lai-chau.bnc")
        assert res.totals.counts["exempt"] == 2
        with pytest.raises(rs.ResultError, match="ngày cuối kỳ"):
            rs.build_result(s, chart, pid, END, START, "lai-chau.bnc")
        with pytest.raises(rs.ResultError, match="không có cơ quan"):
            rs.build_result(s, chart, pid, START, END, "lai-chau.khong-co")


def test_the_tables_are_laid_out_in_libreoffice(store, chart, tmp_path) -> None:
    """The PDF LibreOffice prints: each table row on one line, the names unbroken."""
    import subprocess

    from cascade.drafts.pdf import to_pdf

    pid = make(store, chart)
    with store.read() as s:
        res = rs.build_result(s, chart, pid, START, END, "lai-chau.bnc")
        (tmp_path / "bc.docx").write_bytes(rs.result_docx(s, chart, res))
    (pdf,) = to_pdf([tmp_path / "bc.docx"], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert "STT Cấp Tổng số Đã ban Đã ban Chưa Trong Không" in rows
    assert f"Tổng cộng {' '.join(map(str, res.totals.row()))}" in rows
    assert "1 Ban Thường vụ Tỉnh ủy Lai Châu 2269/CV 01/02/2026 25/01/2026" in rows
