"""``trienkhai cite`` and ``trienkhai read``: citations and document headers for clerks.

Wired into the main app by ``register(app)``. Messages are Vietnamese; bad input (an
unreadable file, an unknown format, an unknown context body) exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cascade.citations.models import Citation, DocumentHeader, ReadResult
from cascade.citations.parser import parse_citations
from cascade.citations.reader import ReadError, extract_text, read_document
from cascade.citations.tables import ISSUER_SOURCE_LABELS, ROLE_LABELS, SYSTEM_LABELS
from orgchart.days import parse_day

JsonOpt = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
ContextOpt = Annotated[str | None, typer.Option(
    "--context-body",
    help="Mã cơ quan trích dẫn trong sơ đồ tổ chức (vd. lai-chau.ubnd), để hiểu "
    "'Tỉnh ủy', 'UBND tỉnh' … là của địa phương nào.",
)]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Ngày của văn bản trích dẫn (dd/mm/yyyy), khi trích dẫn không ghi ngày."
)]
OrgchartOpt = Annotated[list[Path] | None, typer.Option(
    "--orgchart", help="Tệp hoặc thư mục YAML thay cho sơ đồ toàn quốc kèm theo.",
)]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Lỗi: {message}", err=True)
    return typer.Exit(2)


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as e:
        raise _fail(f"--as-of: {e}") from None


def _resolve(citations: list[Citation], context_body: str | None, as_of: dt.date | None,
             orgchart: list[Path] | None) -> list[Citation]:
    """Issuer ids from the org chart; an unusable chart or context body exits 2."""
    if not citations or not (context_body or any(c.issuer or c.issuer_code
                                                 for c in citations)):
        return citations
    from cascade.citations.resolve import resolve_citations
    from orgchart import ChartError, UnknownBody, load_chart

    try:
        chart = load_chart(list(orgchart) if orgchart else None)
    except ChartError as exc:
        raise _fail(f"không nạp được sơ đồ tổ chức: {exc}") from None
    try:
        return resolve_citations(citations, chart, context_body=context_body, as_of=as_of)
    except UnknownBody as exc:
        raise _fail(f"--context-body: {exc}") from None


def _format_citation(n: int, c: Citation) -> list[str]:
    head = c.text
    if c.issuer_shared and c.issuer:
        head += f" (của {c.issuer})"
    if c.issuer_id:
        issuer = c.issuer_id
    elif c.issuer is None:
        issuer = "(trích dẫn không ghi)"
    else:
        issuer = f"chưa xác định: {c.issuer_reason or ''}"
    lines = [f"{n}. {head}"]
    dated = c.date.strftime('%d/%m/%Y') if c.date else '-'
    if c.date_source == "registry":
        dated += " (theo danh mục văn bản Trung ương)"
    lines.append(
        f"   {c.type} ({c.type_code or '-'}) · số, ký hiệu {c.canonical or c.number} · "
        f"ngày {dated} · {SYSTEM_LABELS[c.system]} · {ROLE_LABELS[c.role]}"
        + (" · văn bản gốc của Trung ương" if c.is_root and c.role != "root" else "")
    )
    if c.as_printed and c.as_printed != c.canonical:
        lines.append(f"   in là: {c.as_printed}")
    if issuer:
        source = f" ({ISSUER_SOURCE_LABELS[c.issuer_source]})" if c.issuer_source else ""
        lines.append(f"   cơ quan ban hành: {issuer}{source}")
    if c.co_issuers:
        lines.append(f"   cùng ban hành: {', '.join(c.co_issuers)}")
    lines += [f"   lưu ý: {w}" for w in c.warnings]
    return lines


def _print_citations(citations: list[Citation]) -> None:
    if not citations:
        typer.echo("Không tìm thấy trích dẫn văn bản nào.")
        return
    typer.echo(f"Tìm thấy {len(citations)} trích dẫn:")
    for n, c in enumerate(citations, 1):
        for line in _format_citation(n, c):
            typer.echo(line)


def cite(
    text: Annotated[str | None, typer.Argument(
        help="Đoạn văn bản cần tìm trích dẫn ('-' để đọc từ đầu vào chuẩn).")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="Đọc từ tệp (.txt, .docx, .pdf).")] = None,
    context_body: ContextOpt = None,
    as_of: AsOfOpt = None,
    orgchart: OrgchartOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tìm các trích dẫn văn bản (loại, số, ký hiệu, ngày, cơ quan ban hành, vai trò)."""
    if (text is None) == (file is None):
        raise _fail("cần đúng một nguồn: VĂN_BẢN hoặc --file TỆP")
    if file is not None:
        try:
            _, text = extract_text(file)
        except ReadError as exc:
            raise _fail(str(exc)) from None
    elif text == "-":
        text = sys.stdin.read()
    assert text is not None
    day = _day(as_of)
    citations = _resolve(parse_citations(text, as_of=day), context_body, day, orgchart)
    if as_json:
        typer.echo(json.dumps([c.model_dump(mode="json") for c in citations],
                              ensure_ascii=False, indent=2))
    else:
        _print_citations(citations)


def _print_header(result: ReadResult) -> None:
    h: DocumentHeader = result.header
    rows: list[tuple[str, str | None]] = [
        ("Tệp", f"{result.path} ({result.format})"),
        ("Hệ thống", SYSTEM_LABELS[h.system] if h.system else None),
        ("Cơ quan ban hành", " / ".join(h.issuer_lines) or None),
        ("Mã cơ quan", h.issuer_id),
        ("Số, ký hiệu", (f"{h.number or '(chưa có số)'}"
                         f"{'-' if h.system == 'party' else '/'}{h.symbol}")
         if h.symbol else None),
        ("Dự thảo", "có" if h.is_draft else None),
        ("Địa danh", h.place),
        ("Ngày", h.date.strftime("%d/%m/%Y") if h.date else (
            f"(chưa ghi ngày) năm {h.year}" if h.year else None)),
        ("Loại văn bản", f"{h.type} ({h.type_code or '-'})" if h.type else None),
        ("Trích yếu", h.summary),
    ]
    for label, value in rows:
        if value:
            typer.echo(f"{label}: {value}")
    if h.issuer_id is None and h.issuer_reason:
        typer.echo(f"Cơ quan ban hành chưa xác định: {h.issuer_reason}")
    if h.recipients:
        typer.echo("Kính gửi:")
        for item in h.recipients:
            typer.echo(f"  - {item}")
    if h.signature:
        s = h.signature
        parts = [p for p in (" ".join(x for x in (s.prefix, s.authority) if x), *s.titles,
                             s.name) if p]
        typer.echo(f"Người ký: {' / '.join(parts)}")
    if h.distribution_items:
        typer.echo("Nơi nhận:")
        for it in h.distribution_items:
            typer.echo(f"  - {it.text}" + (f" ({it.purpose})" if it.purpose else ""))
    for w in h.warnings:
        typer.echo(f"Lưu ý: {w}")
    if not any(v for _, v in rows[1:]) and not (h.recipients or h.signature or h.distribution):
        typer.echo("(Không nhận ra phần đầu văn bản.)")
    typer.echo("")
    _print_citations(result.citations)


def read(
    file: Annotated[Path, typer.Argument(help="Tệp văn bản: .docx, .pdf hoặc .txt.")],
    context_body: ContextOpt = None,
    orgchart: OrgchartOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Đọc phần đầu văn bản và các trích dẫn (xem READ_HELP)."""
    try:
        result = read_document(file)
    except ReadError as exc:
        raise _fail(str(exc)) from None
    h = result.header
    if h.issuer_lines or context_body:
        from cascade.citations.reader import resolve_issuer
        from orgchart import ChartError, load_chart

        try:
            chart = load_chart(list(orgchart) if orgchart else None)
        except ChartError as exc:
            raise _fail(f"không nạp được sơ đồ tổ chức: {exc}") from None
        resolve_issuer(h, chart)
    result.citations = _resolve(result.citations, context_body or h.issuer_id, h.date,
                                orgchart)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_header(result)


READ_HELP = ("Đọc phần đầu văn bản (cơ quan, số, ngày, loại, trích yếu, Kính gửi, người ký, "
             "Nơi nhận) và các trích dẫn trong văn bản.")


def register(app: typer.Typer) -> None:
    """Add ``cite`` and ``read`` to the main ``trienkhai`` app."""
    app.command("cite")(cite)
    app.command("read", help=READ_HELP)(read)
