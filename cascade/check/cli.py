"""``trienkhai check FILE.docx [--profile …] [--json] [--fix OUT.docx]``: the thể thức
of a document as a văn thư checks it before signature. Wired in by ``register(app)``.

Exit codes: 0 the document passes (ĐẠT), 1 it has findings, 2 bad input (a file that
cannot be read, an unknown profile, a fix written over its original).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cascade.check import CheckReadError, check_document
from cascade.check.findings import Report
from cascade.layout.profile import profile_names

ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", help="Hồ sơ thể thức: " + ", ".join(profile_names()) + " (mặc định: theo "
    "cơ quan ban hành và ngày của văn bản).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
OrgchartOpt = Annotated[list[Path] | None, typer.Option(
    "--orgchart", help="Tệp hoặc thư mục YAML thay cho sơ đồ toàn quốc kèm theo (để đối "
    "chiếu chức vụ người ký với cơ quan ban hành).")]
FixOpt = Annotated[Path | None, typer.Option(
    "--fix", help="Ghi bản đã sửa các lỗi kỹ thuật (phông, cỡ chữ, lề, giãn dòng, canh "
    "lề, số 0, dấu phân cách) vào tệp này; tệp gốc giữ nguyên.")]


def render(r: Report) -> str:
    """The report as a văn thư reads it."""
    out = [f"Tệp: {r.path}", f"Hồ sơ thể thức: {r.profile} ({r.profile_reason})",
           f"Kết luận: {r.verdict} — {r.errors} lỗi, {r.warnings} cảnh báo"]
    for i, f in enumerate(r.findings, 1):
        text = f": «{f.text}»" if f.text else ""
        out += [f"{i}. [{f.severity}] {f.component} — {f.where}{text}",
                f"   {f.rule_name}: {f.message}", f"   Căn cứ: {f.source}"
                + ("" if not f.mechanical else " (sửa được bằng --fix)")]
    return "\n".join(out)


def check_command(file: Annotated[Path, typer.Argument(help="Tệp .docx cần kiểm tra.")],
                  profile: ProfileOpt = None, as_json: JsonOpt = False,
                  fix: FixOpt = None, orgchart: OrgchartOpt = None) -> None:
    """Kiểm tra thể thức văn bản (.docx) theo NĐ 30/2020, HD 36 hoặc HD 05."""
    if file.suffix.lower() != ".docx":
        typer.echo(f"Lỗi: {file}: chỉ kiểm tra được tệp .docx", err=True)
        raise typer.Exit(2)
    if not file.is_file():
        typer.echo(f"Lỗi: {file}: không tìm thấy tệp", err=True)
        raise typer.Exit(2)
    from orgchart import ChartError, load_chart

    try:
        chart = load_chart(list(orgchart) if orgchart else None)
    except ChartError as e:
        typer.echo(f"Lỗi: không nạp được sơ đồ tổ chức: {e}", err=True)
        raise typer.Exit(2) from None
    try:
        report = check_document(file, profile=profile, chart=chart)
        changes = None
        if fix is not None:
            from cascade.check.fix import fix_document

            changes = fix_document(file, fix, profile=report.profile)
            after = check_document(fix, profile=report.profile, chart=chart)
    except (CheckReadError, ValueError) as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        data = report.model_dump(mode="json")
        if changes is not None:
            data["fix"] = {"path": str(fix), "changes": changes,
                           "after": after.model_dump(mode="json")}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(render(report))
        if changes is not None:
            typer.echo(f"\nĐã ghi bản sửa: {fix} ({len(changes)} thay đổi)")
            typer.echo("\n".join(f"- {c}" for c in changes))
            typer.echo(f"Sau khi sửa: {after.verdict} — {after.errors} lỗi, "
                       f"{after.warnings} cảnh báo")
    final = after if changes is not None else report
    raise typer.Exit(0 if final.verdict == "ĐẠT" else 1)


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
