"""Deadlines and report cycles as directives write them.

"trước ngày 30/6/2026", "chậm nhất ngày 15 tháng 01 năm 2026", "trong quý II/2026",
"trong tháng 3/2026", "trong năm 2026", "6 tháng đầu năm 2026", "trong thời hạn 15 ngày";
and "định kỳ 6 tháng, hằng năm", "định kỳ hàng quý, 6 tháng, 9 tháng, năm", "hằng năm".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from cascade.intake.models import Cycle, Deadline

_DATE = (r"(?P<d>\d{1,2})\s*(?:[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
         r"|\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))")
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("before", re.compile(r"(?i:trước\s+ngày)\s+" + _DATE)),
    ("by", re.compile(r"(?i:(?:chậm\s+nhất|hạn\s+chót|hoàn\s+thành)(?:\s+là)?(?:\s+(?:trong|"
                      r"vào|trước))?\s+ngày)\s+" + _DATE)),
    ("quarter", re.compile(r"(?i:(?:trong|trước|hết|cuối)\s+quý)\s+(?P<q>IV|I{1,3}|[1-4])"
                           r"\s*(?:/|(?i:năm)\s*)(?P<y>\d{4})")),
    ("half", re.compile(r"(?i:(?:trong\s+)?6\s+tháng\s+(?P<h>đầu|cuối)\s+năm)\s+(?P<y>\d{4})")),
    ("month", re.compile(r"(?i:(?:trong|trước|cuối|hết)\s+tháng)\s+(?P<m>\d{1,2})\s*"
                         r"(?:/|(?i:năm)\s*)(?P<y>\d{4})")),
    ("year", re.compile(r"(?i:(?:trong|trước|cuối|hết)\s+năm)\s+(?P<y>\d{4})")),
    ("days", re.compile(r"(?i:(?:trong\s+(?:thời\s+hạn|vòng)|chậm\s+nhất\s+sau))\s+"
                        r"(?P<n>\d{1,3})\s+(?i:ngày)(?:\s+làm\s+việc)?")),
)


def _date(m: re.Match[str]) -> dt.date | None:
    day = int(m.group("d"))
    month = int(m.group("m") or m.group("m2"))
    year = int(m.group("y") or m.group("y2"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadlines(s: str, lo: int = 0, hi: int | None = None) -> list[Deadline]:
    """Every deadline in ``s[lo:hi]``; ``due`` is the date a task is due ("trước ngày
    30/6/2026" is due 30/6/2026, as offices and the planner's own drafts mean it; "trong
    quý II/2026" on 30/6/2026), None for a date that does not exist (kept, so that it is
    reported)."""
    hi = len(s) if hi is None else hi
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(s, lo, hi):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            due: dt.date | None = None
            days = None
            if kind in ("before", "by"):
                due = _date(m)
            elif kind == "quarter":
                q = _ROMAN_Q[m.group("q").upper()]
                due = _month_end(int(m.group("y")), 3 * q)
            elif kind == "half":
                due = _month_end(int(m.group("y")), 6 if m.group("h").lower() == "đầu" else 12)
            elif kind == "month":
                month = int(m.group("m"))
                due = _month_end(int(m.group("y")), month) if 1 <= month <= 12 else None
            elif kind == "year":
                due = dt.date(int(m.group("y")), 12, 31)
            else:
                days = int(m.group("n"))
            taken.append((m.start(), m.end()))
            out.append(Deadline(text=" ".join(m.group().split()), span=(m.start(), m.end()),
                                due=due, days=days))
    return sorted(out, key=lambda d: d.span)


_PERIOD = r"(?:(?:hằng|hàng|mỗi)\s+)?(?:quý|tháng|năm|6\s+tháng|9\s+tháng|03\s+tháng|3\s+tháng)"
_CYCLE_RE = re.compile(
    rf"(?i:định\s+kỳ(?:\s+{_PERIOD}(?:\s*(?:,|và|hoặc)\s*{_PERIOD})*)?|"
    rf"(?:hằng|hàng)\s+(?:quý|tháng|năm)(?:\s*(?:,|và)\s*{_PERIOD})*)")


def cycle(s: str, lo: int = 0, hi: int | None = None) -> Cycle | None:
    """The report cycle of a sentence: the first "định kỳ …" or "hằng …" before a
    "báo cáo" in it."""
    hi = len(s) if hi is None else hi
    for m in _CYCLE_RE.finditer(s, lo, hi):
        if "báo cáo" in s[m.start():min(hi, m.end() + 200)].lower() or \
                "báo cáo" in s[max(lo, m.start() - 60):m.start()].lower():
            text = " ".join(m.group().split())
            return Cycle(text=text, span=(m.start(), m.end()))
    return None
