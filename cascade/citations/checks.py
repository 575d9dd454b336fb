"""Consistency of a reference with itself: issuer against symbol, date against term and
lifetime, date against the citing document. Each finding is a warning in Vietnamese;
nothing is corrected here."""

from __future__ import annotations

import datetime as dt
import re

from cascade.citations.models import Citation
from cascade.citations.symbols import assembly_term, party_term_of
from cascade.citations.tables import (
    ASSEMBLY_TERMS,
    COMMITTEE_CODES,
    ENDED_ISSUERS,
    STATE_HEAD_CODES,
)
from orgchart.text import expand_abbreviations, key


def _vn(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def issuer_against_code(c: Citation) -> list[str]:
    """A Tỉnh ủy does not sign ``/ĐU``, a Sở does not sign ``UBND-``."""
    if not c.issuer or not c.issuer_code or c.issuer_source not in ("text", "context"):
        return []
    k = f" {expand_abbreviations(key(c.issuer))} "
    if c.system == "party":
        found = [(k.rfind(f" {key(w)} "), code) for w, code in COMMITTEE_CODES
                 if f" {key(w)} " in k]
        if not found:
            return []
        _, code = max(found)  # the committee the name ends with ("Ban Tổ chức Tỉnh ủy")
        if code not in c.issuer_code:
            return [f"cơ quan ban hành '{c.issuer}' không khớp mã '{c.issuer_code}' trong ký "
                    f"hiệu {c.as_printed} (mã của {c.issuer} kết thúc bằng {code})"]
        return []
    for head, pattern in STATE_HEAD_CODES:
        if k.startswith(f" {key(head)} "):
            if not re.fullmatch(pattern, c.issuer_code):
                return [f"cơ quan ban hành '{c.issuer}' không khớp mã '{c.issuer_code}' "
                        f"trong ký hiệu {c.as_printed}"]
            return []
    return []


def date_against_issuer(c: Citation) -> list[str]:
    """A body that had ended (districts after 30/6/2025) cannot issue later."""
    if not c.issuer or c.date is None:
        return []
    k = f" {expand_abbreviations(key(c.issuer))} "
    for words, last in ENDED_ISSUERS:
        if f" {key(words)} " in k and c.date > last:
            # (docs/format-rules.md §14: no district level from 1/7/2025)
            return [f"'{c.issuer}' không còn sau {_vn(last)} (không còn cấp huyện từ "
                    f"01/7/2025), nhưng văn bản ghi ngày {_vn(c.date)}"]
    return []


def year_against_term(c: Citation) -> list[str]:
    """``57/2019/QH15``: the 15th National Assembly sat 2021–2026; "Ban Chấp hành Trung
    ương khóa XII" issued nothing in 2022."""
    out: list[str] = []
    term_no = assembly_term(c.issuer_code or "")
    if term_no is not None and term_no in ASSEMBLY_TERMS:
        lo, hi = ASSEMBLY_TERMS[term_no]
        year = c.year or (c.date.year if c.date else None)
        if year is not None and not lo <= year <= hi:
            out.append(f"ký hiệu {c.as_printed} là của Quốc hội khóa {term_no} "
                       f"({lo}–{hi}), nhưng năm ghi là {year}")
    if c.year and c.date and c.date_source == "text" and c.year != c.date.year:
        out.append(f"năm trong ký hiệu {c.as_printed} ({c.year}) khác năm ban hành ghi "
                   f"trong trích dẫn ({c.date.year})")
    if (c.system == "party" and c.level == "central" and c.term and c.date
            and c.issuer_source == "text"):
        running = party_term_of(c.date)
        if running and running != c.term:
            out.append(f"trích dẫn ghi khóa {c.term}, nhưng ngày {_vn(c.date)} thuộc "
                       f"khóa {running}")
    return out


def date_against_citing(c: Citation, as_of: dt.date | None) -> list[str]:
    """A document cannot cite one issued after it."""
    if as_of is None or c.date is None or c.date <= as_of or c.date_source != "text":
        return []
    return [f"văn bản được trích dẫn ghi ngày {_vn(c.date)}, sau ngày của văn bản trích "
            f"dẫn ({_vn(as_of)})"]


def check(c: Citation, as_of: dt.date | None) -> list[str]:
    return [*issuer_against_code(c), *date_against_issuer(c), *year_against_term(c),
            *date_against_citing(c, as_of)]
