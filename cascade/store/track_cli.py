"""``trienkhai track new|list``: plans in the tracking store, from the command line.

The HTTP service is not needed to start following a directive: ``track new`` plans it and
stores the plan (the same rows ``POST /plans`` writes), and prints the plan's id that
``trienkhai ingest --plan``, the API and the dashboard take.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import func, select

from cascade.plan_cli import AsOfOpt, DirectiveArg, RulesOpt, ScopeOpt, make_plan
from cascade.plan_cli import _date as cli_date

from .db import Store, resolve_url
from .directives import DirectiveConflict
from .plans import save_plan
from .rows import DirectiveRow, PlanRow, PlanTaskRow

track_app = typer.Typer(help="Theo dõi kế hoạch trong kho: lập và lưu, liệt kê.",
                        no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option(
    "--db", help="URL cơ sở dữ liệu (mặc định: biến TRIENKHAI_DB hoặc tệp trienkhai.db).")]


def _fail(msg: str) -> typer.Exit:
    typer.echo(f"Lỗi: {msg}", err=True)
    return typer.Exit(2)


def _where(url: str) -> str:
    """The store as a clerk recognises it: the SQLite file's path, or the URL."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


@track_app.command("new")
def new(directive: DirectiveArg, scope: ScopeOpt = None, as_of: AsOfOpt = None,
        rules: RulesOpt = None, db: DbOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
        = False) -> None:
    """Lập kế hoạch triển khai và lưu vào kho theo dõi; in số kế hoạch (một dòng riêng)."""
    p, _ = make_plan(directive, scope=scope, as_of=cli_date(as_of, "--as-of"),
                     rules_file=rules)
    url = resolve_url(db)
    store = Store(url)
    try:
        store.upgrade()
        with store.write() as s:
            row = save_plan(s, p, actor="cli")
            plan_id = row.id
    except DirectiveConflict as e:
        raise _fail(str(e)) from None
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps({"plan_id": plan_id, "tasks": len(p.tasks),
                               "as_of": p.as_of.isoformat(), "scope": list(p.scope)},
                              ensure_ascii=False))
        return
    where = ", ".join(p.scope) if p.scope else "cả nước"
    # the id alone on stdout (PLAN=$(trienkhai track new …)), the rest for the reader
    typer.echo(f"Đã lưu kế hoạch {plan_id}: {p.directive.type_name} số {p.directive_number}, "
               f"{where}, {len(p.tasks)} nhiệm vụ (sơ đồ ngày {p.as_of:%d/%m/%Y}) "
               f"vào {_where(url)}. Ghi nhận văn bản đã ban hành: "
               f"trienkhai ingest TỆP --plan {plan_id}", err=True)
    typer.echo(plan_id)


@track_app.command("list")
def list_(db: DbOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
          = False) -> None:
    """Các kế hoạch trong kho: số, văn bản chỉ đạo, phạm vi, số nhiệm vụ đã ban hành."""
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(_where(url)).is_file():
        raise _fail(f"chưa có kho theo dõi {_where(url)}; lập kế hoạch trước bằng "
                    "trienkhai track new")
    store = Store(url)
    try:
        store.upgrade()
        with store.read() as s:
            counts = dict(s.execute(select(PlanTaskRow.plan_id, func.count())
                                    .group_by(PlanTaskRow.plan_id)).all())
            issued = dict(s.execute(select(PlanTaskRow.plan_id, func.count())
                                    .where(PlanTaskRow.status == "issued")
                                    .group_by(PlanTaskRow.plan_id)).all())
            rows = [{"plan_id": plan.id, "directive": plan.data.get("directive_number"),
                     "title": d.title, "as_of": plan.as_of.isoformat(),
                     "scope": list(plan.scope or []), "tasks": counts.get(plan.id, 0),
                     "issued": issued.get(plan.id, 0)}
                    for plan, d in s.execute(
                        select(PlanRow, DirectiveRow)
                        .join(DirectiveRow, PlanRow.directive_id == DirectiveRow.id)
                        .order_by(PlanRow.id)).all()]
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        typer.echo("Chưa có kế hoạch nào.")
    for r in rows:
        where = ", ".join(r["scope"]) or "cả nước"
        typer.echo(f"{r['plan_id']:>4}  {r['directive']}  {where}  "
                   f"đã ban hành {r['issued']}/{r['tasks']}")


def register(app: typer.Typer) -> None:
    """Add ``track`` to the main ``trienkhai`` command."""
    app.add_typer(track_app, name="track")
