"""``trienkhai edxml export|import``: a stored task's document as an edXML message for
the e-office system, and an incoming message unpacked for ``trienkhai ingest``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cascade.plan_cli import _date as cli_date
from cascade.store.track_cli import DbOpt, _fail, _where

from .message import EdxmlError, code_text, from_xml

edxml_app = typer.Typer(help="Trao đổi văn bản điện tử theo QCVN 102:2016/BTTTT (edXML).",
                        no_args_is_help=True)


@edxml_app.command("export")
def export(
    plan_id: Annotated[int, typer.Argument(help="Số kế hoạch trong kho.")],
    task_id: Annotated[str, typer.Argument(help="Mã nhiệm vụ (mã cơ quan ban hành).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp .xml kết quả.")],
    so: Annotated[str | None, typer.Option(
        "--so", help="Số văn bản đã cấp (văn bản chưa ghi nhận ban hành).")] = None,
    ngay: Annotated[str | None, typer.Option(
        "--ngay", help="Ngày ban hành (dd/mm/yyyy), cùng với --so.")] = None,
    db: DbOpt = None,
) -> None:
    """Xuất văn bản của một nhiệm vụ thành thông điệp edXML (kèm tệp văn bản, chưa ký số)."""
    from cascade.plan_rules import load_rules
    from cascade.store.db import Store, resolve_url
    from cascade.store.plans import PlanNotFound, TaskNotFound
    from orgchart import load_chart

    from .tasks import task_message

    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(_where(url)).is_file():
        raise _fail(f"chưa có kho theo dõi {_where(url)}")
    store = Store(url)
    try:
        with store.read() as s:
            out = task_message(s, load_chart(), load_rules(), plan_id, task_id, number=so,
                               date=cli_date(ngay, "--ngay"))
    except (EdxmlError, PlanNotFound, TaskNotFound) as e:
        msg = str(e).replace("number: ", "--so: ", 1)
        if isinstance(e, PlanNotFound | TaskNotFound):
            msg = f"không có kế hoạch {plan_id} hoặc nhiệm vụ {task_id!r} trong kho"
        raise _fail(msg) from None
    finally:
        store.dispose()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(out.xml)
    for w in out.warnings:
        typer.echo(f"Lưu ý: {w}", err=True)
    m = out.message
    typer.echo(f"Đã ghi {output}: {m.type_name} số {code_text(m.number, m.notation)} ngày "
               f"{m.date:%d/%m/%Y} của {m.sender.name}, gửi {len(m.to)} cơ quan.")


@edxml_app.command("import")
def import_(
    message: Annotated[Path, typer.Argument(help="Thông điệp edXML nhận được (.xml).")],
    outdir: Annotated[Path, typer.Option("-o", "--output", help="Thư mục lưu tệp văn bản.")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
) -> None:
    """Mở thông điệp edXML: lưu tệp văn bản đính kèm để ghi nhận bằng trienkhai ingest."""
    from orgchart import load_chart

    from .tasks import incoming

    try:
        msg = from_xml(message.read_bytes(), str(message))
    except OSError as e:
        raise _fail(f"{message}: không đọc được tệp ({e.strerror})") from None
    except EdxmlError as e:
        raise _fail(str(e)) from None
    got = incoming(load_chart(), msg)
    if got.attachment is None:
        raise _fail(f"{message}: thông điệp không kèm tệp văn bản")
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / Path(got.attachment.name).name
    path.write_bytes(got.attachment.data)
    facts = {"file": str(path), "issuer_id": got.issuer_id, "issuer": got.issuer_name,
             "number": got.number, "symbol": got.symbol, "date": got.date.isoformat(),
             "parents": [{"issuer_id": i, "code": c, "date": d.isoformat()}
                         for i, c, d in got.parents]}
    if as_json:
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=1))
        return
    typer.echo(f"Đã lưu {path}: văn bản số {code_text(got.number, got.symbol)} ngày "
               f"{got.date:%d/%m/%Y} của {got.issuer_name}"
               + (f" ({got.issuer_id})" if got.issuer_id else " (không có trong sơ đồ)"))
    for i, c, d in got.parents:
        typer.echo(f"Trả lời văn bản: {c} ngày {d:%d/%m/%Y}" + (f" ({i})" if i else ""))
    typer.echo(f"Ghi nhận vào kế hoạch: trienkhai ingest {path} --plan SỐ")


def register(app: typer.Typer) -> None:
    app.add_typer(edxml_app, name="edxml")
