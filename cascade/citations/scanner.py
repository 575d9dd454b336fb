"""The scanner: every reference in a normalised text, with the date and issuer around it.

Three forms are found: a type word and a symbol ("Kết luận số 107-KL/TW"), a bare symbol
("theo 762/UBND-TCDNC") and a type word with a number alone ("Nghị quyết số 18 của Ban
Chấp hành Trung ương"). After each: "ngày …" and "của …" in either order; before it, an
issuer the sentence names first ("Ngày 05/3/2025, Ban Thường vụ Tỉnh ủy ban hành Kế
hoạch số …", "chỉ đạo của Thường trực Tỉnh ủy tại Công văn số …").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cascade.citations import issuers
from cascade.citations.normalize import words_re
from cascade.citations.symbols import SYMBOL, SymbolParts, parts_of_match
from cascade.citations.tables import TYPE_BY_WORD

Span = tuple[int, int]

TYPE_WORDS = words_re(TYPE_BY_WORD)
TYPED_RE = re.compile(rf"(?<!\w)(?P<tw>{TYPE_WORDS})\s*(?:(?i:số)\s*:?\s*)?{SYMBOL}")
BARE_RE = re.compile(rf"(?<![\w/.\-]){SYMBOL}")
# "Nghị quyết số 18 của …", "Chỉ thị 35 ngày 30/5/2019": a number with no symbol. Without
# "số" the number must be followed by what follows a reference (a date, an issuer).
NUMBER_ONLY_RE = re.compile(
    rf"(?<!\w)(?P<tw>{TYPE_WORDS})\s*(?P<so>(?i:số)\s*:?\s*)?(?P<num>\d{{1,5}})"
    r"(?![\d\w/])(?!\s*[-/]\s*[A-ZĐ\d])(?!\s*[.,]\d)"
)
_AFTER_BARE_NUMBER_RE = re.compile(
    r"\s*,?\s*(?:(?i:ngày)|(?i:của)|(?i:khóa)|(?i:khoá)|\(|về\s+(?:việc\s+)?[a-zđà-ỹ])")
# "Số 1320CV/HU" opening a line is the document's own number, not a citation.
_OWN_NUMBER_RE = re.compile(r"[ \t*_-]*(?i:số)[ \t]*:?[ \t]*")

DMY = r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
DMY_WORDS = (
    r"(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})\s*,?\s+(?i:năm)\s+(?P<y2>\d{4})(?!\d)"
)
DATE_RE = re.compile(rf"(?:{DMY}|{DMY_WORDS})")
_DATE_AFTER_RE = re.compile(
    rf"[ \t]*,?\s*(?:(?i:ban\s+hành\s+)?(?i:ngày)\s*:?\s*|(?=\d))(?:{DMY}|{DMY_WORDS})"
)


@dataclass
class Raw:
    """A reference while it is assembled (offsets into the normalised text)."""

    start: int
    num_start: int
    sym_end: int
    core_end: int
    type_word: str | None
    number: str
    parts: SymbolParts | None  # None: a number alone
    date: dt.date | None = None
    issuers: list[Span] = field(default_factory=list)  # lead first, then joint issuers
    issuer_before: bool = False
    shared: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def issuer_code(self) -> str | None:
        return self.parts.issuer_code if self.parts else None


def to_date(m: re.Match[str]) -> tuple[dt.date | None, str | None]:
    d = m.group("d") or m.group("d2")
    mo = m.group("m") or m.group("m2")
    y = m.group("y") or m.group("y2")
    try:
        return dt.date(int(y), int(mo), int(d)), None
    except ValueError:
        return None, f"ngày không hợp lệ: {d}/{mo}/{y}"


def _date_at(s: str, pos: int) -> tuple[dt.date | None, int, str | None]:
    m = _DATE_AFTER_RE.match(s, pos)
    if not m:
        return None, pos, None
    date, warning = to_date(m)
    return date, m.end(), warning


def line_before(s: str, pos: int) -> str:
    """The text of the line that ``pos`` is on, up to ``pos``."""
    return s[s.rfind("\n", 0, pos) + 1:pos]


def _type_word(m: re.Match[str]) -> str:
    return " ".join(m.group("tw").lower().split())


def find(s: str) -> list[Raw]:
    """Every reference of ``s`` in text order, with date and issuers attached."""
    found: list[Raw] = []
    taken: list[Span] = []
    for m in TYPED_RE.finditer(s):
        parts = parts_of_match(m)
        if parts:
            num_start = m.start("pnum") if m.group("pnum") else m.start("snum")
            found.append(Raw(m.start(), num_start, m.end(), m.end(), _type_word(m),
                             parts.number or "", parts))
            taken.append((m.start(), m.end()))
    for m in BARE_RE.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _OWN_NUMBER_RE.fullmatch(line_before(s, m.start())):
            continue
        parts = parts_of_match(m)
        if parts:
            found.append(Raw(m.start(), m.start(), m.end(), m.end(), None, parts.number or "",
                             parts))
            taken.append((m.start(), m.end()))
    for m in NUMBER_ONLY_RE.finditer(s):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
            continue
        if not m.group("so") and not _AFTER_BARE_NUMBER_RE.match(s, m.end()):
            continue
        found.append(Raw(m.start(), m.start("num"), m.end(), m.end(), _type_word(m),
                         m.group("num"), None))
    found.sort(key=lambda r: r.start)
    for raw in found:
        _attach(s, raw)
    _share_issuers(s, found)
    return found


def _attach(s: str, raw: Raw) -> None:
    """Date and issuer after the reference, in either order; else an issuer before it."""
    date, pos, warning = _date_at(s, raw.sym_end)
    span, pos2 = issuers.scan(s, pos)
    if span and date is None:
        date, pos3, warning = _date_at(s, pos2)
        pos2 = pos3 if date else pos2
    if span:
        spans = issuers.split_joint(s, span)
        raw.issuers = spans
        if len(spans) > 1 and spans[-1][1] > pos2:
            pos2 = spans[-1][1]
            if date is None:
                date, pos3, warning = _date_at(s, pos2)
                pos2 = pos3 if date else pos2
        elif spans[0][1] < span[1]:  # names after the first were the next clause's subject
            pos2 = spans[0][1]
    raw.date = date
    raw.core_end = pos2 if span or date else raw.sym_end
    if date and not span:
        raw.core_end = pos
    if warning:
        raw.warnings.append(warning)
    if not span:
        before, day = issuers.before(s, raw.start)
        if before:
            raw.issuers, raw.issuer_before = [before], True
            if raw.date is None and day is not None:
                raw.date = day


def _share_issuers(s: str, raws: list[Raw]) -> None:
    """"Chỉ thị số 35-CT/TW, Quy định số 11-QĐ/TW của Bộ Chính trị": one issuer for both.

    Shared only across "," / "và" and only between symbols with the same issuer code,
    so "Kết luận 107-KL/TW, Công văn 2269-CV/TU của Tỉnh ủy" keeps 107 without issuer.
    """
    for i in range(len(raws) - 2, -1, -1):
        cur, nxt = raws[i], raws[i + 1]
        if (cur.issuers or cur.date or not nxt.issuers or nxt.issuer_before
                or cur.issuer_code != nxt.issuer_code):
            continue
        if re.fullmatch(r"\s*(?:,\s*(?:(?i:và)\s+)?|(?i:và)\s+)", s[cur.core_end:nxt.start]):
            cur.issuers = list(nxt.issuers)
            cur.shared = True
