"""Days as a Vietnamese office counts them: today in Việt Nam, dates typed dd/mm/yyyy.

A server may run on UTC: between 00:00 and 07:00 in Hà Nội its local date is still the
day before, so a default "today" taken from it would date a draft, a deadline or a number
register one day (on 1 January, one year) early. Every default date comes from ``today``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# 15/01/2026, 15/1/2026, 15-01-2026, 15.01.2026 (day first, as written in documents)
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

FORMAT_HINT = "dd/mm/yyyy, ví dụ 15/01/2026 (hoặc 2026-01-15)"


def today(now: dt.datetime | None = None) -> dt.date:
    """The current date in Việt Nam (Asia/Ho_Chi_Minh), whatever the machine's zone.

    ``now`` (an aware datetime) is for tests; a naive one is taken as UTC.
    """
    if now is None:
        return dt.datetime.now(VIETNAM).date()
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(VIETNAM).date()


def parse_day(text: str) -> dt.date:
    """A date typed by a clerk: ``15/01/2026`` (day first) or ISO ``2026-01-15``.

    Raises ``ValueError`` with a Vietnamese message naming what was typed.
    """
    if (m := _DMY.match(text)) is not None:
        d, mo, y = (int(x) for x in m.groups())
    elif (m := _ISO.match(text)) is not None:
        y, mo, d = (int(x) for x in m.groups())
    else:
        raise ValueError(f"ngày “{text}” không đúng dạng; viết {FORMAT_HINT}")
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError(f"ngày “{text}” không có trong lịch (ngày {d}, tháng {mo}, "
                         f"năm {y})") from None


def refuse_number_as_day(value: object) -> object:
    """Before pydantic reads a date: a number (``0``, ``"1735689600"``) is refused, where
    pydantic would take it as a Unix timestamp (``as_of=0`` is 01/01/1970). A date is
    written, in data and in a request, as YYYY-MM-DD."""
    if isinstance(value, int | float) or (isinstance(value, str)
                                          and value.strip().lstrip("+-").isdigit()):
        raise ValueError(f"ngày phải viết YYYY-MM-DD, không phải một số ({value!r})")
    return value


# A date field of a model or a request parameter: YYYY-MM-DD (or a date), never a number.
IsoDay = Annotated[dt.date, BeforeValidator(refuse_number_as_day)]
