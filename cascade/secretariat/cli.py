"""``trienkhai track don-doc`` and ``trienkhai track bao-cao``: the secretariat's own
documents from the tracking store, without the HTTP service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cascade.plan_cli import _date as cli_date
from cascade.store.db import Store, resolve_url
from cascade.store.plans import PlanNotFound
from cascade.store.track_cli import DbOpt, _fail, _where, track_app
from orgchart.days import today as vn_today

from . import reminders as rem
from . import results as rs

PlanArg = Annotated[int, typer.Argument(help="Số kế hoạch trong kho (trienkhai track list).")]
OutOpt = Annotated[Path, typer.Option("-o", "--output", help="Tệp .docx kết quả.")]
DayOpt = Annotated[str | None, typer.Option(
    "--ngay", help="Ngày tính chậm hạn (dd/mm/yyyy); mặc định hôm nay.")]


# the library's field names (those of the API's query) as this command spells them
OPTION_OF = {"from": "--from", "deadline": "--han-moi", "to": "--den", "plan": "SỐ"}


def _problem(plan_id: int, e: Exception) -> typer.Exit:
    if isinstance(e, PlanNotFound):
        return _fail(f"SỐ: không có kế hoạch {plan_id} trong kho")
    field, _, rest = str(e).partition(": ")
    return _fail(f"{OPTION_OF[field]}: {rest}" if field in OPTION_OF else str(e))


def _store(db: str | None) -> Store:
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(_where(url)).is_file():
        raise _fail(f"chưa có kho theo dõi {_where(url)}; lập kế hoạch trước bằng "
                    "trienkhai track new")
    store = Store(url)
    store.upgrade()
    return store


def don_doc(
    plan_id: PlanArg, output: OutOpt, ngay: DayOpt = None,
    sender: Annotated[str | None, typer.Option(
        "--from", help="Mã cơ quan gửi công văn đôn đốc; mặc định cơ quan được giao theo "
        "dõi văn bản đầu tiên của kế hoạch (ví dụ lai-chau.bnc).")] = None,
    han_moi: Annotated[str | None, typer.Option(
        "--han-moi", help="Hạn mới (dd/mm/yyyy); mặc định sau ngày đôn đốc "
        f"{rem.extension_days()} ngày.")] = None,
    xem_truoc: Annotated[bool, typer.Option(
        "--xem-truoc", help="Chỉ soạn dự thảo, không ghi lần đôn đốc vào nhật ký.")] = False,
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="In danh sách đơn vị dạng JSON.")]
    = False,
) -> None:
    """Soạn công văn đôn đốc các cơ quan, đơn vị chậm ban hành văn bản triển khai."""
    from orgchart import load_chart

    day = cli_date(ngay, "--ngay") or vn_today()
    new = cli_date(han_moi, "--han-moi")
    chart = load_chart()
    store = _store(db)
    try:
        with store.write() as s:
            r = rem.late_units(s, chart, plan_id, day, sender or rem.default_sender(s, plan_id),
                               new_deadline=new)
            data = rem.reminder_docx(s, chart, r)
            if not xem_truoc:
                rem.record(s, r, actor="cli")
    except (rem.ReminderError, PlanNotFound) as e:
        raise _problem(plan_id, e) from None
    finally:
        store.dispose()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    if as_json:
        typer.echo(json.dumps(_units_json(r), ensure_ascii=False, indent=1))
    note = " (xem trước, chưa ghi nhật ký)" if xem_truoc else ""
    typer.echo(f"Đã ghi {output}: {r.sender_name} đôn đốc {len(r.units)} cơ quan, đơn vị "
               f"chậm hạn tính đến ngày {day:%d/%m/%Y}, hạn mới {r.new_deadline:%d/%m/%Y}"
               f"{note}.", err=as_json)


def _units_json(r: rem.Reminder) -> list[dict[str, object]]:
    return [{"task_id": u.task_id, "body_id": u.body_id, "body_name": u.body_name,
             "deadline": u.deadline.isoformat(), "days_late": u.days_late,
             "reminder": u.reminder_no, "level": u.level_of().name} for u in r.units]


def bao_cao(
    plan_id: PlanArg, output: OutOpt,
    tu: Annotated[str, typer.Option("--tu", help="Ngày đầu kỳ báo cáo (dd/mm/yyyy).")],
    den: Annotated[str | None, typer.Option(
        "--den", help="Ngày cuối kỳ báo cáo (dd/mm/yyyy); mặc định hôm nay.")] = None,
    sender: Annotated[str | None, typer.Option(
        "--from", help="Mã cơ quan báo cáo; mặc định cơ quan được giao theo dõi văn bản "
        "đầu tiên của kế hoạch.")] = None,
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="In số liệu dạng JSON.")] = False,
) -> None:
    """Soạn báo cáo kết quả triển khai của kế hoạch trong một kỳ (bảng số liệu, văn bản
    đã ban hành, cơ quan, đơn vị chưa ban hành)."""
    from orgchart import load_chart

    start = cli_date(tu, "--tu")
    end = cli_date(den, "--den") or vn_today()
    chart = load_chart()
    store = _store(db)
    try:
        with store.read() as s:
            res = rs.build_result(s, chart, plan_id, start, end,
                                  sender or rem.default_sender(s, plan_id))
            data = rs.result_docx(s, chart, res)
    except (rem.ReminderError, PlanNotFound) as e:
        raise _problem(plan_id, e) from None
    finally:
        store.dispose()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    c = res.totals.counts
    if as_json:
        typer.echo(json.dumps({"totals": {k: c[k] for k in rs.COLUMNS},
                               "by_level": {k: f.counts for k, f in res.by_level.items()},
                               "issued": len(res.issued)}, ensure_ascii=False, indent=1))
    typer.echo(f"Đã ghi {output}: {res.sender_name} báo cáo từ ngày {start:%d/%m/%Y} đến "
               f"ngày {end:%d/%m/%Y}: {c['on_time'] + c['late']}/{c['total']} đã ban hành, "
               f"{c['overdue']} quá hạn, {len(res.issued)} văn bản trong kỳ.", err=as_json)


def register(track: typer.Typer = track_app) -> None:
    """Add ``don-doc`` and ``bao-cao`` to ``trienkhai track``."""
    track.command("don-doc")(don_doc)
    track.command("bao-cao")(bao_cao)
