"""``trienkhai draft SPEC.yaml -o OUT.docx [--pdf] [--profile NAME]``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from cascade.drafts.build import render_draft
from cascade.drafts.pdf import PdfUnavailable, to_pdf
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import SpecError, load_spec
from cascade.layout.profile import profile_names


def _timestamp(value: str | None) -> dt.datetime:
    """--timestamp, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if value:
        t = dt.datetime.fromisoformat(value)
        return t if t.tzinfo else t.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def draft(
    spec: Annotated[Path, typer.Argument(help="Tệp SPEC (YAML) mô tả văn bản cần soạn.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp .docx kết quả.")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Xuất thêm PDF bằng LibreOffice.")] = False,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="Buộc dùng hồ sơ thể thức: nd30, hd36 hoặc hd05.")] = None,
    timestamp: Annotated[str | None, typer.Option(
        "--timestamp", help="Thời điểm ghi vào thuộc tính tệp (ISO), để ra cùng một tệp.")] = None,
) -> None:
    """Soạn dự thảo văn bản của Đảng hoặc Nhà nước theo đúng thể thức."""
    from orgchart import UnknownBody, load_chart

    if profile is not None and profile not in profile_names():
        typer.echo(f"Lỗi: không có hồ sơ thể thức {profile!r}; dùng: "
                   f"{', '.join(profile_names())}", err=True)
        raise typer.Exit(2)
    try:
        s = load_spec(spec)
        d = resolve(load_chart(), s, profile=profile)
        data = render_draft(d, _timestamp(timestamp))
    except (SpecError, UnknownBody, ValueError) as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(1) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    typer.echo(f"Đã ghi {output} (thể thức {d.profile.name}).")
    if pdf:
        try:
            (out,) = to_pdf([output], output.parent)
        except PdfUnavailable as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(3) from None
        typer.echo(f"Đã ghi {out}.")


def register(app: typer.Typer) -> None:
    """Add the ``draft`` command to the main CLI."""
    app.command("draft")(draft)
