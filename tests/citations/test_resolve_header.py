"""One resolver from a printed header to the issuing body (``resolve_header``), used by the
reader, ``trienkhai read`` and ingest. Drafts are rendered from the bundled chart as a
unit's office would print them, then read back; a few are edited the way real headers
differ (another wording of the superior line, "UBND" written out, a missing line).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cascade.citations.cli import register
from cascade.citations.reader import extract_text, read_document, read_text
from cascade.citations.resolve import resolve_header
from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.build import draft_docx, render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import Spec
from cascade.plan_rules import load_rules
from cascade.planner import Plan, plan
from orgchart import Chart

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 2, 2)


def render(chart: Chart, issuer: str, doc_type: str, signer: str, out: Path) -> Path:
    """A numbered, dated draft of ``issuer`` citing kl-107 in its first sentence."""
    spec = Spec(issuer=issuer, type=doc_type, number="12", date=DAY, signer=signer,
                summary="triển khai thực hiện Kết luận số 107-KL/TW",
                body=["Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, "
                      "cơ quan triển khai như sau:"])
    out.write_bytes(draft_docx(chart, spec))
    return out


CASES = [
    # a central header names no province: found by the name its line spells
    ("bca", "cong_van", "THỨ TRƯỞNG", ["BỘ CÔNG AN"]),
    # a provincial Party header under its superior "ĐẢNG BỘ TỈNH X" line
    ("lai-chau.dubnd", "ke_hoach", "BÍ THƯ",
     ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY", "ỦY BAN NHÂN DÂN TỈNH"]),
    # the BTV and its Tỉnh ủy print the same header: the T/M line tells them apart
    ("lai-chau.btv", "cong_van", "PHÓ BÍ THƯ", ["TỈNH ỦY LAI CHÂU"]),
    ("lai-chau.tu", "thong_bao", "BÍ THƯ", ["TỈNH ỦY LAI CHÂU"]),
    # a commune's Đảng ủy and its standing board, likewise
    ("c03388.du", "ke_hoach", "BÍ THƯ", ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY PHƯỜNG ĐOÀN KẾT"]),
    ("c03388.btv", "cong_van", "BÍ THƯ", ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY PHƯỜNG ĐOÀN KẾT"]),
    # a department of UBND tỉnh
    ("lai-chau.so-noivu", "ke_hoach", "GIÁM ĐỐC", ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"]),
    # a commune's UBND: no province in its header either
    ("c03388.ubnd", "ke_hoach", "CHỦ TỊCH", ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐOÀN KẾT"]),
]


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    app.command("noop")(lambda: None)  # a group, as in the real `trienkhai` app
    return app


@pytest.mark.parametrize(("issuer", "doc_type", "signer", "lines"), CASES)
def test_rendered_header_resolves_to_its_body(chart, cli, tmp_path, issuer, doc_type, signer,
                                               lines) -> None:
    path = render(chart, issuer, doc_type, signer, tmp_path / "d.docx")
    h = read_document(path, chart).header  # the reader resolves with the chart
    assert (h.issuer_lines, h.issuer_id) == (lines, issuer)
    found = resolve_header(h, chart, h.date)
    assert (found.body_id, found.candidates, found.outcome) == (issuer, (issuer,), "one")
    # `trienkhai read` uses the same resolver
    r = CliRunner().invoke(cli, ["read", str(path), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["header"]["issuer_id"] == issuer


def _edited(chart: Chart, tmp_path: Path, issuer: str, doc_type: str, signer: str,
            old: str, new: str) -> str:
    text = extract_text(render(chart, issuer, doc_type, signer, tmp_path / "d.docx"))[1]
    assert old in text
    return text.replace(old, new)


def test_without_the_tm_line_the_committee_and_its_board_are_both_named(chart,
                                                                        tmp_path) -> None:
    text = _edited(chart, tmp_path, "lai-chau.btv", "cong_van", "PHÓ BÍ THƯ",
                   "T/M BAN THƯỜNG VỤ\n", "")
    found = resolve_header(read_text(text).header, chart, DAY)
    assert found.body_id is None and found.outcome == "several"
    assert sorted(found.candidates) == ["lai-chau.btv", "lai-chau.tu"]
    assert "khớp 2 cơ quan" in (found.reason or "")


def test_superior_line_in_another_wording(chart, tmp_path) -> None:
    """Not the chart's "ĐẢNG BỘ TỈNH LAI CHÂU" but a line that still names the province:
    the body's own lines fit below it (second step)."""
    text = _edited(chart, tmp_path, "lai-chau.dubnd", "ke_hoach", "BÍ THƯ",
                   "ĐẢNG BỘ TỈNH LAI CHÂU\n", "TỈNH ỦY LAI CHÂU\n")
    h = read_text(text).header
    assert h.issuer_lines == ["TỈNH ỦY LAI CHÂU", "ĐẢNG ỦY", "ỦY BAN NHÂN DÂN TỈNH"]
    assert resolve_header(h, chart, DAY).body_id == "lai-chau.dubnd"


def test_ubnd_written_out(chart, tmp_path) -> None:
    text = _edited(chart, tmp_path, "lai-chau.so-noivu", "ke_hoach", "GIÁM ĐỐC",
                   "UBND TỈNH LAI CHÂU\n", "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\n")
    assert resolve_header(read_text(text).header, chart, DAY).body_id == "lai-chau.so-noivu"


def test_signed_for_another_collective_is_no_issuer(chart, tmp_path) -> None:
    text = _edited(chart, tmp_path, "c03388.ubnd", "ke_hoach", "CHỦ TỊCH",
                   "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ")
    found = resolve_header(read_text(text).header, chart, DAY)
    assert (found.body_id, found.outcome) == (None, "other_collective")
    assert "ký thay mặt 'BAN THƯỜNG VỤ'" in (found.reason or "")


def test_no_province_named_is_never_guessed_but_narrowed_by_a_plan(chart, tmp_path) -> None:
    """Without its superior line the header fits every province's Đảng ủy UBND: no id
    from the chart; among a plan's bodies the fits are the candidates ingest weighs."""
    text = _edited(chart, tmp_path, "lai-chau.dubnd", "ke_hoach", "BÍ THƯ",
                   "ĐẢNG BỘ TỈNH LAI CHÂU\n", "")
    h = read_text(text).header
    found = resolve_header(h, chart, DAY)
    assert (found.body_id, found.candidates) == (None, ())
    assert "không nêu tỉnh" in (found.reason or "")
    two = resolve_header(h, chart, DAY, among=["lai-chau.dubnd", "dien-bien.dubnd",
                                                "lai-chau.ubnd"])
    assert (two.body_id, sorted(two.candidates), two.outcome) == (
        None, ["dien-bien.dubnd", "lai-chau.dubnd"], "several")
    one = resolve_header(h, chart, DAY, among=["lai-chau.dubnd", "lai-chau.ubnd"])
    assert (one.body_id, one.outcome) == ("lai-chau.dubnd", "one")


def test_no_header_lines(chart, seed_path) -> None:
    """Seed 000 starts at Kính gửi: nothing to resolve."""
    found = resolve_header(read_document(seed_path(0)).header, chart)
    assert (found.body_id, found.outcome) == (None, "no_lines")


@pytest.fixture(scope="module")
def pre_2025(chart) -> Plan:
    """Lai Châu on 15/1/2025: province, districts (a city named as its province) and
    communes."""
    return plan(chart, load_directive(REPO / "examples" / "kl-107.yaml"), load_rules(),
                as_of=dt.date(2025, 1, 15), scope=["lai-chau"])


@pytest.mark.parametrize(("task_id", "lines", "alone"), [
    # the city's standing board: "LAI CHÂU" names the province, T/M names the board
    ("d105.btv", ["ĐẢNG BỘ TỈNH LAI CHÂU", "THÀNH ỦY LAI CHÂU"], True),
    ("x03386.du", ["ĐẢNG BỘ THÀNH PHỐ LAI CHÂU", "ĐẢNG ỦY", "PHƯỜNG QUYẾT THẮNG"], True),
    # the ward's name is not unique in the country: only the plan's bodies decide
    ("x03386.ubnd", ["ỦY BAN NHÂN DÂN", "PHƯỜNG QUYẾT THẮNG"], False),
])
def test_district_and_commune_drafts_of_2025(chart, pre_2025, tmp_path, task_id, lines,
                                             alone) -> None:
    tasks = {t.id: t for t in pre_2025.tasks}
    day = dt.date(2025, 2, 10)
    spec = spec_for(pre_2025, tasks[task_id], load_rules(), tasks, children_of(pre_2025))
    path = tmp_path / "d.docx"
    path.write_bytes(render_draft(resolve(chart, spec.model_copy(
        update={"number": "5", "date": day}), today=day)))
    h = read_document(path, chart).header
    assert h.issuer_lines == lines
    assert h.issuer_id == (task_id if alone else None)
    among = resolve_header(h, chart, day, among=[t.body_id for t in pre_2025.tasks])
    assert (among.body_id, among.outcome) == (task_id, "one")
