"""``trienkhai directive FILE`` and ``trienkhai respond FILE --as BODY``.

Bad input (a file that cannot be read, a body that does not answer the document) exits
with code 2 and a message in Vietnamese naming the file and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from cascade.intake.models import DirectiveReading
from orgchart.vocabulary import kind_vi

FileArg = Annotated[Path, typer.Argument(
    help="Văn bản nhận được: .docx, .pdf, .txt, hoặc bản scan (ảnh, PDF không có chữ).")]


def _fail(msg: str) -> typer.Exit:
    typer.echo(f"Lỗi: {msg}", err=True)
    return typer.Exit(2)


def _read(path: Path) -> tuple[DirectiveReading, object]:
    from cascade.citations.extract import ReadError
    from cascade.intake.load import read_file
    from orgchart import load_chart

    chart = load_chart()
    try:
        return read_file(path, chart), chart
    except ReadError as exc:
        raise _fail(str(exc)) from None


def _kind(k: str | None) -> str:
    try:
        return kind_vi(k) if k else "—"
    except (KeyError, ValueError):
        return k or "—"


def describe(r: DirectiveReading) -> str:
    """What was recognised, as a clerk reads it."""
    sym = f"{'-' if r.system == 'party' else '/'}{r.symbol}" if r.symbol else ""
    lines = [f"{(r.type or 'văn bản').capitalize()} số {r.number or '…'}{sym}"
             + (f" ngày {r.date:%d/%m/%Y}" if r.date else "")
             + f" của {r.issuer or '(không rõ cơ quan ban hành)'}"
             + (f" [{r.issuer_id}]" if r.issuer_id else f" — {r.issuer_reason or ''}")]
    if r.ocr:
        conf = f"{r.ocr.confidence:.0f}/100" if r.ocr.confidence is not None else "không rõ"
        lines.append(f"Đọc bằng OCR: {r.ocr.pages} trang, độ tin cậy {conf}, "
                     f"{r.ocr.low_confidence_words} từ đọc không chắc")
    if r.summary:
        lines.append(f"Trích yếu: {r.summary}")
    for c in r.parents:
        lines.append(f"Thực hiện: {c.type.capitalize()} số {c.canonical}"
                     + (f" ngày {c.date:%d/%m/%Y}" if c.date else "")
                     + (f" của {c.issuer}" if c.issuer else ""))
    if r.root:
        lines.append(f"Văn bản gốc: {r.root.type.capitalize()} số {r.root.canonical}")
    if r.addressees:
        lines.append("Gửi để thực hiện: " + "; ".join(a.text for a in r.addressees))
    lines.append(f"Nhiệm vụ ({sum(t.kind == 'task' for t in r.tasks)}):")
    for t in r.tasks:
        if t.kind != "task":
            continue
        who = ", ".join(f"{m.text} ({_kind(m.carries)})" for m in t.leads) or (
            "mọi cơ quan, đơn vị" if t.everyone else "không nêu")
        extra = ""
        if t.cooperating:
            extra += "; phối hợp: " + ", ".join(m.text for m in t.cooperating)
        if t.deadline:
            extra += f"; hạn: {t.deadline.text}"
        lines.append(f"  {t.number:>8}  {who}{extra}: {t.text[:90]}"
                     + ("…" if len(t.text) > 90 else ""))
    if r.follow_up:
        lines.append(f"Theo dõi, đôn đốc: {r.follow_up.text}"
                     + (f"; báo cáo {r.report_cycle}" if r.report_cycle else ""))
    if r.respond_by:
        lines.append(f"Hạn ban hành văn bản triển khai: {r.respond_by.text}")
    if r.unrecognised:
        lines.append("Chưa nhận ra (cần xem lại):")
        lines += [f"  - {u.why}" for u in r.unrecognised]
    return "\n".join(lines)


def directive_cmd(
    file: FileArg,
    write_directive: Annotated[Path | None, typer.Option(
        "--write-directive", help="Ghi văn bản chỉ đạo ra tệp YAML (định dạng của "
        "examples/kl-107.yaml) để xem lại, sửa rồi lập kế hoạch.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="In ra JSON.")] = False,
) -> None:
    """Đọc văn bản chỉ đạo nhận được: cơ quan ban hành, nhiệm vụ, cơ quan chủ trì, thời hạn."""
    from cascade.intake.directive_out import to_yaml

    r, _ = _read(file)
    if write_directive is not None:
        write_directive.write_text(to_yaml(r), encoding="utf-8")
    if json_out:
        typer.echo(json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=1))
        return
    typer.echo(describe(r))
    if write_directive is not None:
        typer.echo(f"Đã ghi {write_directive}; xem lại rồi chạy: trienkhai plan {write_directive}")


def respond_cmd(
    file: FileArg,
    as_body: Annotated[str, typer.Option(
        "--as", help="Cơ quan trả lời (mã hoặc tên: \"Sở Văn hóa, Thể thao và Du lịch tỉnh "
        "Lai Châu\").")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp .docx ghi dự thảo.")]
    = Path("du-thao.docx"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Xuất thêm PDF bằng LibreOffice.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Ngày của sơ đồ tổ chức (dd/mm/yyyy); mặc định ngày văn bản.")] = None,
) -> None:
    """Soạn dự thảo văn bản của cơ quan mình triển khai văn bản nhận được."""
    from cascade.directive import DirectiveError
    from cascade.drafts.build import render_draft
    from cascade.drafts.resolve_spec import resolve
    from cascade.intake.respond import respond
    from cascade.plan_rules import load_rules
    from orgchart.days import parse_day

    r, chart = _read(file)
    try:
        day = parse_day(as_of) if as_of else None
        spec, task, _ = respond(r, as_body, chart, load_rules(None), as_of=day)
    except (DirectiveError, ValueError) as exc:
        raise _fail(str(exc)) from None
    draft = resolve(chart, spec, today=day or r.date or dt.date.today())
    output.write_bytes(render_draft(draft, None))
    from cascade.compose import TYPE_NAMES

    typer.echo(f"{task.body_name}: {TYPE_NAMES[task.doc_type]} triển khai "
               f"{r.type or 'văn bản'} số {r.number} — đã ghi {output}")
    if pdf:
        from cascade.drafts.pdf import PdfUnavailable, to_pdf

        try:
            out = to_pdf([output], output.parent)
        except PdfUnavailable as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(3) from None
        typer.echo(f"Đã xuất {out[0]}")


def register(app: typer.Typer) -> None:
    app.command("directive")(directive_cmd)
    app.command("respond")(respond_cmd)
