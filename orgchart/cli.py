"""``trienkhai orgchart …``: validate, count, find and show bodies of the org chart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from . import days
from .chart import Chart, period_vi
from .errors import ChartError, UnknownBody
from .export import body_json
from .loader import load_chart, load_uncached
from .vocabulary import LEVEL_GROUP_VI, kind_vi, level_vi, system_vi

app = typer.Typer(help="Sơ đồ tổ chức hệ thống chính trị: kiểm tra, thống kê, tra cứu.",
                  no_args_is_help=True)

OrgchartOpt = Annotated[list[Path] | None, typer.Option(
    "--orgchart", help="Tệp hoặc thư mục YAML thay cho sơ đồ toàn quốc kèm theo "
    "(có thể nhắc lại).")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Ngày xem sơ đồ (dd/mm/yyyy); mặc định: hôm nay (giờ Việt Nam).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]


def parse_day(value: str | None, option: str = "--as-of") -> dt.date:
    """A CLI date (dd/mm/yyyy or ISO), defaulting to Việt Nam's today; exit 2 with a clear
    message when malformed."""
    if value is None:
        return days.today()
    try:
        return days.parse_day(value)
    except ValueError as e:
        typer.echo(f"Lỗi: {option}: {e}.", err=True)
        raise typer.Exit(2) from None


def open_chart(paths: list[Path] | None) -> Chart:
    """Load the chart or print every problem and exit 2."""
    try:
        return load_chart(list(paths) if paths else None)
    except ChartError as e:
        print_problems(e)
        raise typer.Exit(2) from None


def print_problems(e: ChartError) -> None:
    typer.echo(f"Sơ đồ tổ chức có {len(e.problems)} lỗi:", err=True)
    for p in e.problems:
        typer.echo(f"  {p}", err=True)


@app.command()
def validate(paths: Annotated[list[Path] | None, typer.Argument(
        help="Tệp hoặc thư mục; mặc định: sơ đồ toàn quốc kèm theo.")] = None) -> None:
    """Kiểm tra sơ đồ: in mọi lỗi (tệp:dòng:cột: khóa: lỗi); mã thoát 2 nếu có lỗi."""
    try:
        chart = load_uncached(list(paths) if paths else None)
    except ChartError as e:
        print_problems(e)
        raise typer.Exit(2) from None
    s = chart.stats()
    typer.echo(f"Hợp lệ: {s['bodies']} cơ quan, {s['provinces']} tỉnh/thành phố, "
               f"{s['districts']} huyện, {s['communes']} xã (mọi thời điểm).")


@app.command()
def stats(orgchart: OrgchartOpt = None, as_of: AsOfOpt = None, json_: JsonOpt = False) -> None:
    """Thống kê số đơn vị hành chính và cơ quan tại một ngày."""
    chart = open_chart(orgchart)
    day = parse_day(as_of)
    s = chart.stats(day)
    if json_:
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Sơ đồ tổ chức ngày {day:%d/%m/%Y}")
    typer.echo(f"  Tỉnh, thành phố trực thuộc Trung ương: {vn_int(s['provinces'])}")
    if s["districts"]:
        typer.echo("  Huyện, quận, thị xã, thành phố thuộc tỉnh: "
                   f"{vn_int(s['districts'])}")
    else:
        typer.echo("  Cấp huyện: không còn (chính quyền hai cấp)")
    types = sorted(s["communes_by_type"].items(),
                   key=lambda kv: (COMMUNE_TYPE_ORDER.index(kv[0])
                                   if kv[0] in COMMUNE_TYPE_ORDER else 99, kv[0]))
    by_type = ", ".join(f"{vn_int(v)} {k}" for k, v in types)
    typer.echo(f"  Đơn vị hành chính cấp xã: {vn_int(s['communes'])}"
               + (f" ({by_type})" if by_type else ""))
    typer.echo(f"  Cơ quan, tổ chức: {vn_int(s['bodies'])}, trong đó:")
    for level in LEVEL_GROUP_VI:
        if not (n := s["by_level"].get(level)):
            continue
        typer.echo(f"    {LEVEL_GROUP_VI.get(level, level)}: {vn_int(n)}")


COMMUNE_TYPE_ORDER = ("xã", "phường", "thị trấn", "đặc khu")


def vn_int(n: int) -> str:
    """3.321: thousands grouped with a dot, as Vietnamese documents write them."""
    return f"{n:,}".replace(",", ".")


@app.command()
def find(text: str, orgchart: OrgchartOpt = None, as_of: AsOfOpt = None,
         limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
         json_: JsonOpt = False) -> None:
    """Tìm cơ quan theo tên (chấp nhận "uỷ"/"ủy", "hoà"/"hòa", "UBND"…)."""
    chart = open_chart(orgchart)
    day = parse_day(as_of)
    found = chart.find(text, as_of=day, limit=limit)
    if json_:
        typer.echo(json.dumps([body_json(chart, b, day) for b in found], ensure_ascii=False,
                              indent=2))
        return
    if not found:
        typer.echo(f"Không tìm thấy cơ quan nào khớp với {text!r} vào ngày {day:%d/%m/%Y}.")
        raise typer.Exit(1)
    for b in found:
        where = f" — {chart.unit(b.province, day).name}" if b.province and (
            b.level.value != "province") else ""
        typer.echo(f"{b.id:16} {b.name}{where}  [{b.symbol or '-'}]")


@app.command()
def show(body_id: Annotated[str, typer.Argument(metavar="ID")], orgchart: OrgchartOpt = None,
         as_of: AsOfOpt = None, depth: Annotated[int, typer.Option("--depth", min=0)] = 1,
         json_: JsonOpt = False) -> None:
    """Thông tin một cơ quan: tiêu đề, người ký và các cơ quan thuộc quyền lãnh đạo."""
    chart = open_chart(orgchart)
    day = parse_day(as_of)
    note = ""
    if as_of is None and chart.versions(body_id) and not chart.has(body_id, day):
        # an id of another period (a district before 1/7/2025): show it as it last stood
        last = chart.versions(body_id)[-1]
        day = last.valid_to or last.valid_from or day
        note = (f"  (cơ quan tồn tại {period_vi(last.valid_from, last.valid_to)}; "
                f"thông tin ngày {day:%d/%m/%Y})")
    try:
        b = chart.resolve(body_id, as_of=day)
    except UnknownBody as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(2) from None
    if json_:
        data = body_json(chart, b, day)
        data["directs"] = [x.id for x in chart.directed(b.id, day)]
        data["requests"] = [x.id for x in chart.requested(b.id, day)]
        data["reports_to"] = [x.id for x in chart.reports_to(b.id, day)]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{b.name}  ({b.id})")
    if note:
        typer.echo(note)
    typer.echo(f"  Loại: {kind_vi(b.kind)}; hệ thống: {system_vi(b.system)}; cấp: "
               f"{level_vi(b.level)}")
    if b.province:
        typer.echo(f"  Tỉnh, thành phố: {chart.unit(b.province, day).name}")
    typer.echo(f"  Ký hiệu: {b.symbol or '-'}; địa danh: {b.place or '-'}")
    typer.echo("  Tiêu đề:")
    for line in chart.header_lines(b.id, day):
        typer.echo(f"    {line}")
    if b.posts:
        typer.echo("  Chức danh ký:")
        for p in b.posts:
            typer.echo(f"    {p.title}" + (f": {p.holder}" if p.holder else ""))
    requested = chart.requested(b.id, day)
    if requested:
        typer.echo("  Đề nghị (không chỉ đạo): " + "; ".join(x.name for x in requested))
    if depth:
        if chart.directed(b.id, day):
            typer.echo("  Lãnh đạo, chỉ đạo:")
            _tree(chart, b.id, day, depth, "    ", {b.id})
        else:
            typer.echo("  Lãnh đạo, chỉ đạo: (không có cơ quan nào)")


def _tree(chart: Chart, body_id: str, day: dt.date, depth: int, indent: str,
          seen: set[str]) -> None:
    for child in chart.directed(body_id, day):
        mark = " (đã liệt kê)" if child.id in seen else ""
        typer.echo(f"{indent}- {child.name} ({child.id}){mark}")
        if not mark and depth > 1:
            seen.add(child.id)
            _tree(chart, child.id, day, depth - 1, indent + "  ", seen)
