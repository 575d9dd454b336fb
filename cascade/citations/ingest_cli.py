"""``trienkhai ingest FILE --plan ID``: record an incoming document against its plan task.

Exit 0 when recorded (or, with ``--dry-run``, when it would be), 1 when explained and not
recorded (the reason and the evidence are printed), 2 on bad input (unreadable file,
unknown plan, unusable store), so a văn thư's script can tell the three apart.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from cascade.citations.ingest import IngestError
from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import reference
from cascade.store.intake import IngestResult, ingest

DbOpt = Annotated[str | None, typer.Option(
    "--db", help="URL cơ sở dữ liệu (mặc định: biến TRIENKHAI_DB hoặc tệp trienkhai.db).")]

LABELS = {
    "no_issuer": "không xác định được cơ quan ban hành",
    "issuer_not_in_plan": "cơ quan ban hành không có trong kế hoạch",
    "no_parent_citation": "không trích dẫn văn bản cấp trên",
    "parent_mismatch": "trích dẫn không khớp văn bản cấp trên của nhiệm vụ",
    "ambiguous": "khớp nhiều nhiệm vụ",
    "already_issued": "nhiệm vụ đã ghi nhận ban hành",
    "task_exempt": "nhiệm vụ đã được miễn",
    "no_number": "văn bản chưa có số, ngày",
}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Lỗi: {message}", err=True)
    return typer.Exit(2)


def _reference(number: str | None, symbol: str | None, system: str | None,
               day: dt.date | None) -> str:
    """As the document prints it (``cascade.layout.rules.reference``); a draft's blank
    number is said."""
    profile = load_profile(choose_profile(system, day)) if system and day else None
    return reference(number or "(chưa có số)", symbol, profile)


def _print(result: IngestResult) -> None:
    m, d = result.match, result.match.document
    typer.echo(f"Tệp: {d.path}")
    typer.echo(f"Cơ quan ban hành: {' / '.join(d.issuer_lines) or '(không có)'}"
               + (f" ({d.issuer_id})" if d.issuer_id else ""))
    if d.signed_for:
        typer.echo(f"Ký thay mặt: {d.signed_for}")
    typer.echo(f"Số, ký hiệu: {_reference(d.number, d.symbol, d.system, d.date)}")
    typer.echo(f"Ngày: {d.date:%d/%m/%Y}" if d.date else "Ngày: (chưa ghi ngày)")
    for p in d.parents:
        typer.echo(f"Trích dẫn cấp trên: {p}")
    for w in m.warnings:
        typer.echo(f"Lưu ý: {w}")
    if m.explanation is not None:
        e = m.explanation
        typer.echo(f"Chưa ghi nhận — {LABELS.get(e.code, e.code)} ({e.code}):")
        typer.echo(f"  {e.message}")
        return
    verb = "Đã ghi nhận" if result.recorded else "Khớp (chạy thử, chưa ghi nhận)"
    typer.echo(f"{verb}: nhiệm vụ {m.task_id} ({m.body_id}) ban hành văn bản số "
               f"{_reference(d.number, d.symbol, d.system, d.date)} ngày {d.date:%d/%m/%Y}"
               + (f" (văn bản lưu số {result.document_id})" if result.document_id else "")
               + ".")


def ingest_cmd(
    file: Annotated[Path, typer.Argument(help="Văn bản đã ký: .docx, .pdf hoặc .txt.")],
    plan: Annotated[int, typer.Option("--plan", help="Số kế hoạch trong kho theo dõi.")],
    db: DbOpt = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Chỉ đối chiếu với kế hoạch, không ghi nhận.")] = False,
    actor: Annotated[str, typer.Option(
        "--actor", help="Người ghi nhận, lưu vào nhật ký.")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
) -> None:
    """Đối chiếu văn bản nhận được với kế hoạch và ghi nhận đã ban hành (hoặc nói rõ vì sao
    không ghi nhận được)."""
    from sqlalchemy.exc import SQLAlchemyError

    from cascade.store.db import Store, resolve_url
    from orgchart import ChartError, load_chart

    try:
        chart = load_chart()
    except ChartError as exc:
        raise _fail(f"không nạp được sơ đồ tổ chức: {exc}") from None
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        # opening it would leave an empty trienkhai.db behind a failed command
        raise _fail(f"chưa có kho theo dõi {url.removeprefix('sqlite:///')}: lập kế hoạch "
                    "trước (trienkhai track new CHỈ_ĐẠO.yaml …) hoặc chỉ ra kho bằng --db")
    try:
        store = Store(url)
        store.upgrade()
    except (SQLAlchemyError, OSError) as exc:
        raise _fail(f"không mở được cơ sở dữ liệu {db or ''}: {exc}".replace("  ", " ")) \
            from None
    try:
        with store.write() as s:
            result = ingest(s, plan, file, f"cli:{actor}", chart=chart, dry_run=dry_run)
    except IngestError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print(result)
    if result.match.explanation is not None:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to the main ``trienkhai`` app."""
    app.command("ingest")(ingest_cmd)
