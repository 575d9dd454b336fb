"""``trienkhai plan``, ``draft-plan`` and ``demo``: the cascade from the command line.

Bad input (unknown issuer, malformed date, unknown rule key) exits with code 2 and a
message in Vietnamese naming the file, line or field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing as mp
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Annotated, Any

import typer

from cascade.compose import TYPE_NAMES, children_of, spec_for
from cascade.directive import DirectiveError, read_yaml
from cascade.plan_explain import explain_text
from cascade.plan_rules import Rules, load_rules
from cascade.planner import ROOT, Issued, Plan, PlanError, PlanTask, Received, plan
from orgchart.days import parse_day
from orgchart.vocabulary import level_vi

DEMO_AS_OF = dt.date(2026, 1, 15)
def _example() -> Path:
    """``examples/kl-107.yaml``: in the wheel under ``cascade/_bundled_examples`` (when the
    build force-includes it), else in the source tree."""
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled_examples" / "kl-107.yaml"
    return bundled if bundled.is_file() else here.parent / "examples" / "kl-107.yaml"


BUNDLED_EXAMPLE = _example()
_ISSUED = re.compile(r"^(?P<id>[^=]+)=(?P<number>[^@]+)@(?P<date>[0-9/.-]+)$")


def _fail(msg: str) -> typer.Exit:
    typer.echo(f"Lỗi: {msg}", err=True)
    return typer.Exit(2)


def _date(value: str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as e:
        raise _fail(f"{what}: {e}") from None


def parse_issued(items: list[str], files: list[Path]) -> dict[str, Issued]:
    """``ID=SỐ@dd/mm/yyyy`` (or ISO) items and YAML files ``{ID: {number: …, date: …}}``."""
    out: dict[str, Issued] = {}
    for f in files:
        data, _ = read_yaml(f)
        if not isinstance(data, dict):
            raise DirectiveError(f"{f}: phải là bảng mã nhiệm vụ: {{number, date}}")
        for k, v in data.items():
            if not isinstance(v, dict) or "number" not in v or "date" not in v:
                raise DirectiveError(f"{f}: trường {k}: cần number và date")
            try:
                out[str(k)] = Issued(number=str(v["number"]), date=v["date"])
            except ValueError:
                raise DirectiveError(f"{f}: trường {k}.date: ngày không hợp lệ") from None
    for item in items:
        m = _ISSUED.match(item.strip())
        if m is None:
            raise DirectiveError(f"--issued “{item}”: viết MÃ=SỐ@NGÀY, "
                                 "ví dụ lai-chau.btv=2269@31/12/2024")
        try:
            out[m["id"]] = Issued(number=m["number"], date=parse_day(m["date"]))
        except ValueError as e:
            raise DirectiveError(f"--issued “{item}”: {e}") from None
    return out


def make_plan(directive: Path, *, scope: list[str] | None, as_of: dt.date | None,
              rules_file: Path | None, issued: dict[str, Issued] | None = None,
              start: dt.date | None = None, trace: dict[str, list[Received]] | None = None
              ) -> tuple[Plan, Rules]:
    """Load everything and plan; every input error becomes a clean exit 2."""
    from cascade.citations.extract import ReadError
    from cascade.directive import load_directive
    from cascade.intake.load import is_document, load_any
    from orgchart import load_chart

    try:
        rules = load_rules(rules_file)
        # a directive YAML is read (and refused, when it is bad) before the chart loads
        early = None if is_document(directive) else load_directive(directive)
        chart = load_chart()
        d = early or load_any(directive, chart)  # a directive YAML, or the document
        scope_ids = province_ids(chart, scope, as_of or d.date) if scope else None
        p = plan(chart, d, rules, as_of=as_of, scope=scope_ids, issued=issued, start=start,
                 trace=trace)
    except (DirectiveError, PlanError, ReadError) as exc:
        raise _fail(str(exc)) from None
    unknown = sorted(set(issued or {}) - {t.id for t in p.tasks})
    if unknown:
        raise _fail(f"--issued: không có nhiệm vụ {', '.join(unknown)} trong kế hoạch")
    return p, rules


def province_ids(chart: Any, names: list[str], day: dt.date) -> list[str]:
    """``--scope`` / ``--province`` values (ids or names: "lai-chau", "Lai Châu", "lai
    chau") as province ids, before anything is planned; exit 2 with the nearest names."""
    from orgchart import UnknownUnit

    out = []
    for name in names:
        try:
            out.append(chart.resolve_province(name, as_of=day).id)
        except UnknownUnit as e:
            raise _fail(f"--scope: {e}") from None
    return out


def task_json(t: PlanTask) -> dict[str, Any]:
    return t.model_dump(mode="json")


def _parents_text(p: Plan, t: PlanTask, tasks: dict[str, PlanTask]) -> str:
    """``Kết luận số 107-KL/TW``; ``Kế hoạch của Đảng ủy …; Công văn của Ủy ban …``."""
    return "; ".join(f"{p.directive.type_name} số {p.directive_number}" if x == ROOT
                     else f"{TYPE_NAMES[tasks[x].doc_type]} của {tasks[x].body_name}"
                     for x in t.parents)


def _parents_short(p: Plan, t: PlanTask, index: dict[str, int]) -> str:
    """``107-KL/TW`` for the directive, ``#3, #5`` for rows of the table: the full
    names are in the rows they point at, and a terminal is 80-120 columns wide."""
    return ", ".join(f"{p.directive_number}" if x == ROOT else f"#{index[x]}"
                     for x in t.parents)


def table(p: Plan) -> str:
    """The plan as a plain-text table: one row per document, parents before children."""
    index = {t.id: i for i, t in enumerate(p.tasks, 1)}
    rows = [("#", "Đợt", "Cấp", "Cơ quan ban hành", "Văn bản", "Thực hiện", "Hạn")]
    for i, t in enumerate(p.tasks, 1):
        rows.append((str(i), str(t.generation), level_vi(t.level), t.body_name,
                     TYPE_NAMES[t.doc_type], _parents_short(p, t, index),
                     f"{t.deadline:%d/%m/%Y}"))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    out = io.StringIO()
    for r in rows:
        cells = [r[c].ljust(widths[c]) for c in range(len(widths))]
        out.write("  ".join([*cells, r[-1]]).rstrip() + "\n")
    return out.getvalue()


def summary(p: Plan) -> str:
    """Counts by level and document type, then by generation."""
    by = Counter((t.level, t.doc_type) for t in p.tasks)
    lines = [f"Kế hoạch triển khai {p.directive.type_name} số {p.directive_number} "
             f"(sơ đồ tổ chức ngày {p.as_of:%d/%m/%Y}): {len(p.tasks)} văn bản"]
    for (lvl, dt_), n in sorted(by.items()):
        lines.append(f"  cấp {level_vi(lvl):<5} {TYPE_NAMES[dt_]:<10} {n:>6}")
    gens = Counter(t.generation for t in p.tasks)
    lines.append("  theo đợt: " + ", ".join(f"đợt {g}: {n}" for g, n in sorted(gens.items())))
    return "\n".join(lines)


# ------------------------------------------------------------------ drafting the plan

def _slug(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def folder_of(p: Plan, t: PlanTask, units: dict[str, Any]) -> Path:
    """``lai-chau/`` for a province body, ``lai-chau/c03390-binh-lu/`` below it."""
    prov = t.province or "trung-uong"
    if t.territory is None or t.territory == t.province:
        return Path(prov)
    u = units.get(t.territory)
    name = f"{t.territory}-{_slug(u.name)}" if u is not None else t.territory
    return Path(prov) / name


_STATE: dict[str, Any] = {}


def _work(indexes: list[int]) -> list[dict[str, Any]]:
    """Render the tasks at ``indexes`` (in a worker, or in-process)."""
    from cascade.drafts.build import render_draft
    from cascade.drafts.resolve_spec import resolve

    s = _STATE
    p: Plan = s["plan"]
    rows = []
    for i in indexes:
        t = p.tasks[i]
        spec = spec_for(p, t, s["rules"], s["tasks"], s["children"])
        if t.number:
            spec = spec.model_copy(update={"number": t.number, "date": t.issued_on})
        d = resolve(s["chart"], spec, today=p.as_of)
        rel = s["folders"][t.id] / f"{t.id}.docx"
        path = s["out"] / rel
        path.write_bytes(render_draft(d, s["timestamp"]))
        rows.append({"id": t.id, "body_id": t.body_id, "body_name": t.body_name,
                     "province": t.province or "", "territory": t.territory or "",
                     "level": t.level, "doc_type": t.doc_type, "generation": t.generation,
                     "parents": ";".join(t.parents), "deadline": t.deadline.isoformat(),
                     "profile": d.profile.name, "file": rel.as_posix()})
    return rows


def _chunks(n: int, size: int) -> Iterator[list[int]]:
    for start in range(0, n, size):
        yield list(range(start, min(n, start + size)))


def write_drafts(p: Plan, rules: Rules, out: Path, *, workers: int = 1,
                 timestamp: dt.datetime | None = None, progress: bool = True
                 ) -> list[dict[str, Any]]:
    """Every draft of ``p`` under ``out`` plus ``manifest.csv`` and ``manifest.json``;
    the manifest rows in plan order."""
    from orgchart import load_chart

    chart = load_chart()
    units = {t.territory: chart.unit(t.territory, as_of=p.as_of)
             for t in p.tasks if t.territory}
    folders = {t.id: folder_of(p, t, units) for t in p.tasks}
    for f in set(folders.values()):
        (out / f).mkdir(parents=True, exist_ok=True)
    _STATE.update(plan=p, rules=rules, chart=chart, out=out, folders=folders,
                  tasks={t.id: t for t in p.tasks}, children=children_of(p),
                  timestamp=timestamp or dt.datetime(p.as_of.year, p.as_of.month,
                                                     p.as_of.day, tzinfo=dt.UTC))
    n = len(p.tasks)
    chunks = list(_chunks(n, max(8, min(200, n // max(1, workers * 8) or 1))))
    rows: list[dict[str, Any]] = []
    bar = _Progress(n, "Đang soạn dự thảo") if progress else None
    if workers <= 1 or n < 50:
        for c in chunks:
            rows += _work(c)
            if bar:
                bar.update(len(c))
    else:
        ctx = mp.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(_work, c): len(c) for c in chunks}
            for fut in as_completed(futures):
                rows += fut.result()
                if bar:
                    bar.update(futures[fut])
    if bar:
        bar.close()
    order = {t.id: i for i, t in enumerate(p.tasks)}
    rows.sort(key=lambda r: order[r["id"]])
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["id"])
        w.writeheader()
        w.writerows(rows)
    (out / "manifest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return rows


class _Progress:
    """A one-line progress bar on stderr (no dependency, quiet when not a terminal)."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.done, self.label = total, 0, label
        self.tty = sys.stderr.isatty()
        self.start = time.perf_counter()

    def update(self, k: int) -> None:
        self.done += k
        if self.tty:
            filled = int(30 * self.done / max(1, self.total))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                             f"{self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        took = time.perf_counter() - self.start
        sys.stderr.write(("\r" if self.tty else "") + f"{self.label}: {self.done}/{self.total} "
                         f"văn bản trong {took:.1f} giây\n")


def convert_pdfs(out: Path, rows: list[dict[str, Any]], batch: int = 400) -> int:
    """PDFs beside the drafts; LibreOffice starts once per ``batch`` files (its start-up
    dominates), the names being unique body ids. Returns the number of PDFs written."""
    import shutil
    import tempfile

    from cascade.drafts.pdf import to_pdf

    docs = [out / r["file"] for r in rows]
    n = 0
    with tempfile.TemporaryDirectory(prefix="trienkhai-pdf-") as tmp:
        for start in range(0, len(docs), batch):
            part = docs[start:start + batch]
            for doc, pdf in zip(part, to_pdf(part, Path(tmp), timeout=60 + 3 * len(part)),
                                strict=True):
                shutil.move(pdf, doc.with_suffix(".pdf"))
                n += 1
    return n


def _timestamp(value: str | None) -> dt.datetime | None:
    if value:
        try:
            t = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _fail(f"--timestamp: thời điểm không hợp lệ {value!r}") from None
        return t if t.tzinfo else t.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch else None


# ------------------------------------------------------------------ commands

DirectiveArg = Annotated[Path, typer.Argument(
    help="Văn bản chỉ đạo: tệp YAML, hoặc chính văn bản (.docx, .pdf, ảnh scan) — khi đó "
    "kế hoạch lập trên địa bàn của cơ quan ban hành.")]
ScopeOpt = Annotated[list[str] | None, typer.Option(
    "--scope", help="Chỉ lập cho tỉnh, thành phố này (tên hoặc mã: \"Lai Châu\", lai-chau); "
    "lặp lại được.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Ngày của sơ đồ tổ chức (dd/mm/yyyy): cơ quan, đơn vị nào có vào ngày "
    "đó; mặc định ngày văn bản chỉ đạo. Không đổi thời hạn.")]
StartOpt = Annotated[str | None, typer.Option(
    "--start", help="Ngày bắt đầu tính thời hạn (dd/mm/yyyy); mặc định ngày văn bản chỉ "
    "đạo. Hạn mỗi văn bản tính từ hạn hoặc ngày ban hành của văn bản cấp trên, không "
    "sớm hơn.")]
ExplainOpt = Annotated[str | None, typer.Option(
    "--explain", help="In các quy tắc khớp với cơ quan này (mã hoặc tên), văn bản cấp trên "
    "gửi đến và quy tắc nào được áp dụng, thay cho bảng kế hoạch.")]
RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", help="Tệp quy tắc triển khai thay cho quy tắc có sẵn.")]
IssuedOpt = Annotated[list[str] | None, typer.Option(
    "--issued", help="Văn bản đã ban hành: MÃ=SỐ@dd/mm/yyyy, ví dụ "
    "lai-chau.btv=2269@31/12/2024 (lặp lại được).")]
IssuedFileOpt = Annotated[list[Path] | None, typer.Option(
    "--issued-file", help="Tệp YAML các văn bản đã ban hành: {MÃ: {number, date}}.")]


def _issued(items: list[str] | None, files: list[Path] | None) -> dict[str, Issued]:
    try:
        return parse_issued(items or [], files or [])
    except DirectiveError as exc:
        raise _fail(str(exc)) from None


def plan_cmd(directive: DirectiveArg, scope: ScopeOpt = None, as_of: AsOfOpt = None,
             json_out: Annotated[bool, typer.Option("--json", help="In ra JSON.")] = False,
             rules: RulesOpt = None, issued: IssuedOpt = None,
             issued_file: IssuedFileOpt = None, start: StartOpt = None,
             explain: ExplainOpt = None) -> None:
    """Lập kế hoạch triển khai: mỗi cơ quan phải ban hành văn bản gì, thực hiện văn bản nào."""
    trace: dict[str, list[Received]] | None = {} if explain else None
    p, r = make_plan(directive, scope=scope, as_of=_date(as_of, "--as-of"), rules_file=rules,
                     issued=_issued(issued, issued_file), start=_date(start, "--start"),
                     trace=trace)
    if explain:
        try:
            typer.echo(explain_text(p, r, trace or {}, explain))
        except LookupError as exc:
            raise _fail(str(exc.args[0])) from None
        return
    if json_out:
        typer.echo(json.dumps([task_json(t) for t in p.tasks], ensure_ascii=False, indent=1))
        return
    typer.echo(table(p), nl=False)
    typer.echo(summary(p))


def draft_plan_cmd(
    directive: DirectiveArg,
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi các dự thảo.")],
    scope: ScopeOpt = None, as_of: AsOfOpt = None, rules: RulesOpt = None,
    start: StartOpt = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Xuất thêm PDF bằng LibreOffice.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Số tiến trình soạn.")] = 1,
    issued: IssuedOpt = None, issued_file: IssuedFileOpt = None,
    timestamp: Annotated[str | None, typer.Option(
        "--timestamp", help="Thời điểm ghi vào thuộc tính tệp (ISO), để ra cùng một tệp.")]
    = None,
) -> None:
    """Soạn dự thảo mọi văn bản của kế hoạch, mỗi tỉnh và mỗi xã một thư mục, kèm danh mục."""
    p, r = make_plan(directive, scope=scope, as_of=_date(as_of, "--as-of"), rules_file=rules,
                     issued=_issued(issued, issued_file), start=_date(start, "--start"))
    rows = write_drafts(p, r, out, workers=workers, timestamp=_timestamp(timestamp))
    typer.echo(f"Đã ghi {len(rows)} dự thảo vào {out} (danh mục: {out / 'manifest.csv'}, "
               f"{out / 'manifest.json'}).")
    if pdf:
        _pdf(out, rows)


def _pdf(out: Path, rows: list[dict[str, Any]]) -> None:
    from cascade.drafts.pdf import PdfUnavailable

    try:
        n = convert_pdfs(out, rows)
    except PdfUnavailable as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(3) from None
    typer.echo(f"Đã xuất {n} tệp PDF.")


def demo_cmd(
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi các dự thảo.")]
    = Path("trienkhai-demo"),
    province: Annotated[str, typer.Option(
        "--province", help="Tỉnh, thành phố soạn dự thảo (tên hoặc mã).")]
    = "lai-chau",
    as_of: Annotated[str, typer.Option("--as-of", help="Ngày của sơ đồ tổ chức.")]
    = DEMO_AS_OF.isoformat(),
    workers: Annotated[int, typer.Option("--workers", min=1)] = 2,
) -> None:
    """Chạy thử: lập kế hoạch Kết luận 107-KL/TW cả nước, soạn dự thảo cho một tỉnh."""
    from orgchart import UnknownUnit, load_chart

    day = _date(as_of, "--as-of") or DEMO_AS_OF
    if not BUNDLED_EXAMPLE.is_file():
        raise _fail(f"không tìm thấy tệp ví dụ {BUNDLED_EXAMPLE} (cài đặt từ mã nguồn để chạy "
                    "thử)")
    try:  # before planning the whole country: a typo should not cost five seconds
        unit = load_chart().resolve_province(province, as_of=day)
    except UnknownUnit as e:
        raise _fail(f"--province: {e}") from None
    province = unit.id
    start = time.perf_counter()
    p, r = make_plan(BUNDLED_EXAMPLE, scope=None, as_of=day, rules_file=None)
    took = time.perf_counter() - start
    typer.echo(summary(p))
    typer.echo(f"  (lập kế hoạch cả nước: {took:.1f} giây)")
    local = [t for t in p.tasks if t.province == province]
    if not local:
        raise _fail(f"--province: không có tỉnh, thành phố {province!r} trong kế hoạch")
    sub = p.model_copy(update={"tasks": local, "scope": [province]})
    rows = write_drafts(sub, r, out, workers=workers, timestamp=_timestamp(None))
    typer.echo("")
    typer.echo(summary(sub).replace("Kế hoạch triển khai", f"Dự thảo cho {unit.full_name}:", 1))
    typer.echo(f"Các dự thảo nằm trong {out.resolve() / province}; danh mục: "
               f"{out.resolve() / 'manifest.csv'}")
    names = {t.id: t for t in local}
    typer.echo("")
    for t in local[:6]:
        typer.echo(f"  {t.body_name}: {TYPE_NAMES[t.doc_type]}, thực hiện "
                   f"{_parents_text(sub, t, names)}")
    if len(local) > 6:
        typer.echo(f"  … và {len(local) - 6} văn bản khác (xem {out / 'manifest.csv'}).")
    typer.echo(f"Đã soạn {len(rows)} dự thảo.")


def register(app: typer.Typer) -> None:
    """Add ``plan``, ``draft-plan`` and ``demo`` to the main CLI."""
    app.command("plan")(plan_cmd)
    app.command("draft-plan")(draft_plan_cmd)
    app.command("demo")(demo_cmd)
