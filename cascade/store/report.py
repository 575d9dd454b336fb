"""The progress report of a plan: counts by status per province and per level, and the
overdue units with days late; as JSON, CSV (UTF-8 with BOM, for Excel) and XLSX.

Column headings are Vietnamese: the report goes to a secretariat as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy.orm import Session

from .models import TASK_STATUSES
from .plans import TaskFilter, task_rows

STATUSES = TASK_STATUSES
STATUS_VI = {"pending": "Chưa thực hiện", "drafted": "Đã dự thảo", "issued": "Đã ban hành",
             "exempt": "Không phải ban hành", "overdue": "Quá hạn", "total": "Tổng số"}
LEVEL_VI = {"central": "Trung ương", "province": "Tỉnh", "district": "Huyện",
            "commune": "Xã", "unit": "Đơn vị"}


def build_report(session: Session, plan_id: int, today: dt.date,
                 visible: Collection[str] | None = None,
                 province_name: Callable[[str], str] | None = None) -> dict[str, Any]:
    rows = task_rows(session, plan_id, TaskFilter(today=today), visible)
    groups: dict[str, dict[str, Counter[str]]] = {"province": defaultdict(Counter),
                                                  "level": defaultdict(Counter)}
    totals: Counter[str] = Counter()
    for r in rows:
        for c in (groups["province"][r["province"] or ""], groups["level"][r["level"]],
                  totals):
            c[r["status"]] += 1
            c["total"] += 1
            c["overdue"] += r["overdue"]

    def counts(c: Counter[str]) -> dict[str, int]:
        return {k: c.get(k, 0) for k in (*STATUSES, "overdue", "total")}

    name = province_name or (lambda p: p)
    overdue = sorted((r for r in rows if r["overdue"]),
                     key=lambda r: (-r["days_late"], r["province"] or "", r["id"]))
    return {
        "plan_id": plan_id, "as_of": today.isoformat(), "totals": counts(totals),
        "by_province": [{"province": p or None, "province_name": name(p) if p else None,
                         **counts(c)} for p, c in sorted(groups["province"].items())],
        "by_level": [{"level": lv, **counts(c)} for lv, c in
                     sorted(groups["level"].items(),
                            key=lambda kv: list(LEVEL_VI).index(kv[0])
                            if kv[0] in LEVEL_VI else 99)],
        "overdue": [{"task_id": r["id"], "body_id": r["body_id"], "body_name": r["body_name"],
                     "province": r["province"], "level": r["level"],
                     "deadline": r["deadline"].isoformat(), "days_late": r["days_late"],
                     "status": r["status"]} for r in overdue],
    }


def _tables(rep: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    cols = [STATUS_VI[k] for k in (*STATUSES, "overdue", "total")]
    keys = (*STATUSES, "overdue", "total")
    by_p = [[r["province_name"] or "", *(r[k] for k in keys)] for r in rep["by_province"]]
    by_l = [[LEVEL_VI.get(r["level"], r["level"]), *(r[k] for k in keys)]
            for r in rep["by_level"]]
    late = [[r["body_name"], r["body_id"], r["province"] or "",
             LEVEL_VI.get(r["level"], r["level"]), r["deadline"], r["days_late"],
             STATUS_VI[r["status"]]] for r in rep["overdue"]]
    return [
        ("Theo tỉnh", ["Tỉnh, thành phố", *cols], by_p),
        ("Theo cấp", ["Cấp", *cols], by_l),
        ("Quá hạn", ["Cơ quan", "Mã cơ quan", "Tỉnh, thành phố", "Cấp", "Hạn",
                     "Số ngày chậm", "Trạng thái"], late),
    ]


def report_csv(rep: dict[str, Any], table: str = "province") -> bytes:
    """One table (``province``, ``level`` or ``overdue``) as CSV with a BOM."""
    index = {"province": 0, "level": 1, "overdue": 2}[table]
    _, head, rows = _tables(rep)[index]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(head)
    w.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(rep: dict[str, Any], title: str) -> bytes:
    """Three sheets: by province, by level, the overdue units."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, head, rows in _tables(rep):
        ws = wb.create_sheet(name)
        ws.append([f"{title} (đến ngày {dt.date.fromisoformat(rep['as_of']):%d/%m/%Y})"])
        ws["A1"].font = Font(bold=True)
        ws.append(head)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        ws.column_dimensions["A"].width = 45
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
