"""``trienkhai keys create|list|revoke``: API keys for the HTTP service."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .db import Store
from .keys import KeyError_, create_key, key_json, list_keys, revoke_key

keys_app = typer.Typer(help="Khóa truy cập API: tạo, liệt kê, thu hồi.", no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option(
    "--db", help="URL cơ sở dữ liệu (mặc định: biến TRIENKHAI_DB hoặc tệp trienkhai.db).")]


def _store(db: str | None) -> Store:
    store = Store(db)
    store.upgrade()
    return store


@keys_app.command("create")
def create(
    body: Annotated[str, typer.Argument(help="Mã hoặc tên cơ quan được cấp khóa "
                                              "(khóa dùng cho cơ quan đó và cấp dưới).")],
    scope: Annotated[str, typer.Option("--scope", help="Quyền: read (xem) hoặc write "
                                                       "(xem và ghi).")] = "read",
    label: Annotated[str | None, typer.Option("--label", help="Ghi chú.")] = None,
    db: DbOpt = None,
) -> None:
    """Tạo khóa mới; khóa chỉ hiện một lần, hãy lưu lại ngay."""
    from orgchart import UnknownBody, load_chart
    from orgchart.days import today

    try:  # a name as it stands today (a commune's name also names its pre-2025 namesake)
        b = load_chart().resolve(body, as_of=today())
    except UnknownBody as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(2) from None
    store = _store(db)
    try:
        with store.write() as s:
            row, plain = create_key(s, b.id, scope, label, actor="cli")
    except KeyError_ as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.dispose()
    rights = {"read": "xem", "write": "xem và ghi"}.get(scope, scope)
    typer.echo(f"Đã tạo khóa {row.prefix} cho {b.name} ({b.id}), quyền {rights}.", err=True)
    typer.echo("Khóa (chỉ hiện một lần):", err=True)
    typer.echo(plain)


@keys_app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Kể cả khóa đã thu hồi.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False,
    db: DbOpt = None,
) -> None:
    """Liệt kê khóa (không bao giờ in khóa, chỉ tiền tố)."""
    store = _store(db)
    try:
        with store.read() as s:
            rows = [key_json(r) for r in list_keys(s, include_revoked=all_)]
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("Chưa có khóa nào.")
    for r in rows:
        state = f"thu hồi {r['revoked_at'][:10]}" if r["revoked_at"] else "còn hiệu lực"
        typer.echo(f"{r['prefix']}  {r['scope']:<5}  {r['body_id']}  {state}"
                   + (f"  {r['label']}" if r["label"] else ""))


@keys_app.command("revoke")
def revoke(
    prefix: Annotated[str, typer.Argument(help="Tiền tố của khóa (xem `trienkhai keys list`).")],
    db: DbOpt = None,
) -> None:
    """Thu hồi khóa: các yêu cầu dùng khóa này bị từ chối ngay."""
    store = _store(db)
    try:
        with store.write() as s:
            row = revoke_key(s, prefix, actor="cli")
            name = row.prefix
    except KeyError_ as e:
        typer.echo(f"Lỗi: không có khóa với tiền tố {prefix!r} ({e}).", err=True)
        raise typer.Exit(2) from None
    finally:
        store.dispose()
    typer.echo(f"Đã thu hồi khóa {name}.")


def register(app: typer.Typer) -> None:
    """Add ``keys`` to the ``trienkhai`` command."""
    app.add_typer(keys_app, name="keys")
