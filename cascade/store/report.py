"""The progress report of a plan: counts by status per province, per unit of a province and
per level, and the overdue units with days late; as JSON, CSV (UTF-8 with BOM, for Excel)
and XLSX.

The files are laid out the way a Vietnamese office hands a report up: a title naming the
directive ("BÁO CÁO TÌNH HÌNH TRIỂN KHAI KẾT LUẬN SỐ 107-KL/TW …"), the date line the
figures stand at, an STT column, Vietnamese column names and a totals row. The API and the
dashboard both export through ``report_csv`` / ``report_xlsx``: one layout, and the
dashboard's tables print their columns from the same ``MATRIX_COLUMNS`` and
``OVERDUE_COLUMNS``, so a sheet reads in the order of the page it was downloaded from. In
the XLSX a deadline is a date cell (``dd/mm/yyyy``), so Excel sorts and filters it as one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy.orm import Session

from cascade.layout.rules import reference
from orgchart.text import collate
from orgchart.vocabulary import LEVEL_LABEL_VI

from .plans import TaskFilter, task_rows
from .rows import TASK_STATUSES, DirectiveRow, PlanRow

STATUSES = TASK_STATUSES
STATUS_VI = {"pending": "Chưa thực hiện", "drafted": "Đã dự thảo", "issued": "Đã ban hành",
             "exempt": "Không phải ban hành", "overdue": "Quá hạn", "total": "Tổng số"}
LEVEL_VI = LEVEL_LABEL_VI  # orgchart's vocabulary
COUNT_KEYS = (*STATUSES, "overdue", "total")
# the coverage matrix's counts, left to right, on the page and in every file: the four
# statuses (they add up to the total), the total, then the overdue ones among them
MATRIX_COLUMNS = ("issued", "drafted", "pending", "exempt", "total", "overdue")
# the overdue list: (heading, key of the row) on the page and in the files; the files
# add the body's id last, for a machine joining them to its own list
OVERDUE_COLUMNS = (("Cơ quan, đơn vị", "body_name"), ("Tỉnh, thành phố", "province_name"),
                   ("Cấp", "level"), ("Hạn ban hành", "deadline"),
                   ("Số ngày chậm", "days_late"), ("Trạng thái", "status"))
BODY_ID_HEADING = "Mã cơ quan"
DATE_FORMAT = "dd/mm/yyyy"  # Excel's number format of a date cell
TOTAL_LABEL = "Tổng cộng"
# where the column headings sit in each sheet/CSV: title, date line, a blank row, headings
HEAD_ROW = 4


def directive_short(session: Session, plan: PlanRow) -> str:
    """"Kết luận số 107-KL/TW": the directive as a heading or a link names it."""
    d = session.get(DirectiveRow, plan.directive_id)
    if d is None:  # pragma: no cover - a plan always has its directive
        return f"kế hoạch {plan.id}"
    kind = str((d.source or {}).get("type") or d.doc_type)
    number = plan.data.get("directive_number") or reference(d.number, d.symbol)
    return f"{kind[:1].upper()}{kind[1:]} số {number}"


def directive_label(session: Session, plan: PlanRow) -> str:
    """"Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị": how a report names it."""
    from cascade.planner import vn_date

    d = session.get(DirectiveRow, plan.directive_id)
    if d is None:  # pragma: no cover - a plan always has its directive
        return f"kế hoạch {plan.id}"
    issuer = plan.data.get("issuer_name") or d.issuer_body_id
    return f"{directive_short(session, plan)} ngày {vn_date(d.date)} của {issuer}"


def report_title(label: str) -> str:
    from orgchart.text import upper_vi

    return upper_vi(f"Báo cáo tình hình triển khai {label}")


def _counts(c: Counter[str]) -> dict[str, int]:
    return {k: c.get(k, 0) for k in COUNT_KEYS}


def build_report(session: Session, plan_id: int, today: dt.date,
                 visible: Collection[str] | None = None,
                 province_name: Callable[[str], str] | None = None, *,
                 province: str | None = None,
                 unit_of: Callable[[str], tuple[str, str]] | None = None) -> dict[str, Any]:
    """Counts and the overdue list of plan ``plan_id`` as at ``today``.

    ``visible`` limits it to those bodies (a key's subtree); ``province`` to one province.
    With ``unit_of`` (body id → (unit id, unit name)) the report also has ``by_unit``: the
    coverage of each territorial unit (the province itself, its communes …).
    """
    rows = task_rows(session, plan_id, TaskFilter(today=today, province=province), visible)
    plan = session.get(PlanRow, plan_id)
    label = directive_label(session, plan) if plan is not None else f"kế hoạch {plan_id}"
    return summarize(rows, plan_id=plan_id, today=today, label=label,
                     province_name=province_name, province=province, unit_of=unit_of)


def summarize(rows: list[dict[str, Any]], *, plan_id: int, today: dt.date, label: str,
              province_name: Callable[[str], str] | None = None,
              province: str | None = None,
              unit_of: Callable[[str], tuple[str, str]] | None = None) -> dict[str, Any]:
    """The report of some rows of ``task_rows`` (the dashboard passes its filtered rows,
    so its matrix and its exports count exactly what the page shows)."""
    groups: dict[str, dict[str, Counter[str]]] = {"province": defaultdict(Counter),
                                                  "level": defaultdict(Counter),
                                                  "unit": defaultdict(Counter)}
    totals: Counter[str] = Counter()
    units: dict[str, str] = {}
    for r in rows:
        targets = [groups["province"][r["province"] or ""], groups["level"][r["level"]],
                   totals]
        if unit_of is not None:
            uid, uname = unit_of(r["body_id"])
            units[uid] = uname
            targets.append(groups["unit"][uid])
        for c in targets:
            c[r["status"]] += 1
            c["total"] += 1
            c["overdue"] += r["overdue"]

    name = province_name or (lambda p: p)
    overdue = sorted((r for r in rows if r["overdue"]),
                     key=lambda r: (-r["days_late"], r["province"] or "", r["id"]))
    rep: dict[str, Any] = {
        "plan_id": plan_id, "as_of": today.isoformat(), "directive": label,
        "title": report_title(label), "province": province, "totals": _counts(totals),
        "by_province": [{"province": p or None, "province_name": name(p) if p else None,
                         **_counts(c)} for p, c in sorted(
                             groups["province"].items(),
                             key=lambda kv: (not kv[0], collate(name(kv[0]) if kv[0] else "")))],
        "by_level": [{"level": lv, **_counts(c)} for lv, c in
                     sorted(groups["level"].items(),
                            key=lambda kv: list(LEVEL_VI).index(kv[0])
                            if kv[0] in LEVEL_VI else 99)],
        "overdue": [{"task_id": r["id"], "body_id": r["body_id"], "body_name": r["body_name"],
                     "province": r["province"],
                     "province_name": name(r["province"]) if r["province"] else None,
                     "level": r["level"], "deadline": r["deadline"].isoformat(),
                     "days_late": r["days_late"], "status": r["status"]} for r in overdue],
    }
    if unit_of is not None:
        # the province's own bodies first (its unit is the province), then by name
        rep["by_unit"] = [{"unit": u, "unit_name": units[u], **_counts(c)} for u, c in
                          sorted(groups["unit"].items(),
                                 key=lambda kv: (kv[0] != province, collate(units[kv[0]])))]
    return rep


# ------------------------------------------------------------------ tables
def _vn_day(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%d/%m/%Y}"


def _matrix(first: str, names: list[str], rows: list[dict[str, Any]],
            totals: dict[str, int]) -> tuple[list[str], list[list[Any]], list[Any]]:
    head = ["STT", first, *(STATUS_VI[k] for k in MATRIX_COLUMNS)]
    body = [[i, n, *(r[k] for k in MATRIX_COLUMNS)] for i, (n, r) in
            enumerate(zip(names, rows, strict=True), 1)]
    return head, body, ["", TOTAL_LABEL, *(totals[k] for k in MATRIX_COLUMNS)]


def _sum(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {k: sum(r[k] for r in rows) for k in COUNT_KEYS}


def overdue_cells(r: dict[str, Any]) -> list[Any]:
    """One overdue row's cells in ``OVERDUE_COLUMNS`` order, as the page prints them;
    the deadline stays a date (text only in the CSV)."""
    shown = {"province_name": r.get("province_name") or r["province"] or "",
             "level": LEVEL_VI.get(r["level"], r["level"]),
             "deadline": dt.date.fromisoformat(r["deadline"]),
             "status": STATUS_VI[r["status"]]}
    return [shown.get(k, r[k]) for _, k in OVERDUE_COLUMNS]


def report_tables(rep: dict[str, Any]) -> dict[str, tuple[str, list[str], list[list[Any]],
                                                            list[Any]]]:
    """Each table of the report: (sheet name, headings, rows, totals row), by key."""
    out = {}
    p = rep["by_province"]
    out["province"] = ("Theo tỉnh", *_matrix("Tỉnh, thành phố",
                                             [r["province_name"] or "" for r in p], p,
                                             _sum(p)))
    if "by_unit" in rep:
        u = rep["by_unit"]
        out["unit"] = ("Theo đơn vị", *_matrix("Đơn vị hành chính",
                                               [r["unit_name"] for r in u], u, _sum(u)))
    lv = rep["by_level"]
    out["level"] = ("Theo cấp", *_matrix("Cấp", [LEVEL_VI.get(r["level"], r["level"])
                                                 for r in lv], lv, _sum(lv)))
    late = rep["overdue"]
    width = len(OVERDUE_COLUMNS) + 2
    out["overdue"] = (
        "Quá hạn",
        ["STT", *(h for h, _ in OVERDUE_COLUMNS), BODY_ID_HEADING],
        [[i, *overdue_cells(r), r["body_id"]] for i, r in enumerate(late, 1)],
        ["", f"{TOTAL_LABEL}: {len(late)} cơ quan, đơn vị quá hạn", *[""] * (width - 2)])
    return out


TABLE_TITLES = {"province": "theo tỉnh, thành phố", "unit": "theo đơn vị hành chính",
                "level": "theo cấp", "overdue": "danh sách cơ quan, đơn vị quá hạn"}


def _heading(rep: dict[str, Any]) -> tuple[str, str]:
    title = rep.get("title") or report_title(f"kế hoạch {rep['plan_id']}")
    return title, f"(Số liệu tính đến ngày {_vn_day(rep['as_of'])})"


def report_csv(rep: dict[str, Any], table: str = "province") -> bytes:
    """One table (``province``, ``unit``, ``level`` or ``overdue``) as CSV with a BOM:
    title, date line, a blank line, the headings (line ``HEAD_ROW``), rows, totals."""
    tables = report_tables(rep)
    if table not in tables:
        raise ValueError(f"table: không có bảng {table!r} (có: {', '.join(tables)})")
    _, head, rows, total = tables[table]
    title, date_line = _heading(rep)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([title])
    w.writerow([date_line])
    w.writerow([])
    w.writerow(head)
    w.writerows([f"{c:%d/%m/%Y}" if isinstance(c, dt.date) else c for c in r] for r in rows)
    w.writerow(total)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(rep: dict[str, Any], title: str | None = None) -> bytes:
    """A sheet per table (by province, by unit when present, by level, overdue), each with
    the report's title and date line above the headings and a totals row below.

    ``title`` becomes the workbook's document title (the sheets print the report's own).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    heading, date_line = _heading(rep)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = "Times New Roman"
    plain, strong = Font(name=font, size=12), Font(name=font, bold=True, size=12)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title or heading
    for key, (name, head, rows, total) in report_tables(rep).items():
        ws = wb.create_sheet(name)
        width = len(head)
        last = get_column_letter(width)
        ws.append([f"{heading} {TABLE_TITLES[key].upper()}"])
        ws.append([date_line])
        ws.append([])
        ws.append(head)
        for r in rows:
            ws.append(r)
        ws.append(total)
        for row, style in ((1, Font(name=font, bold=True, size=13)),
                           (2, Font(name=font, italic=True, size=12))):
            ws.merge_cells(f"A{row}:{last}{row}")
            ws[f"A{row}"].font = style
            ws[f"A{row}"].alignment = Alignment(horizontal="center", wrap_text=True)
        ws.row_dimensions[1].height = 48
        end = HEAD_ROW + len(rows) + 1
        for line in ws.iter_rows(min_row=HEAD_ROW, max_row=end, max_col=width):
            for cell in line:  # shared style objects: a national overdue list is 7,000 rows
                cell.border = box
                cell.font = strong if cell.row in (HEAD_ROW, end) else plain
                if cell.row == HEAD_ROW:
                    cell.alignment = centred
                elif isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 45
        for col in range(3, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14
        ws.freeze_panes = f"A{HEAD_ROW + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
