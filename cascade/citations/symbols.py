"""Numbers and symbols of documents: the grammar, repairs of damaged forms, canonical forms.

A Party symbol is ``<n>-<TYPE>/<ISSUER>`` (``107-KL/TW``), a State one ``<n>/<TYPE>-<ISSUER>``
(``12/KH-UBND``), ``<n>/<ISSUER>-<UNIT>`` for a công văn (``762/UBND-TCDNC``) and
``<n>/<year>/<TYPE>-<ISSUER>`` for a legal document (``30/2020/NĐ-CP``); docs/format-rules.md §4.
Printed symbols are damaged in known ways, each repaired here and reported, never
silently: the other system's separators (``58/KH-TU`` is Party), a missing or doubled
hyphen, stray spaces and line breaks, letter case (``CTR``), OCR digits and letters
(``0Đ`` for ``QĐ``, ``TƯ`` for ``TW``). The printed form is kept; the canonical form is
what identifies the document. Party quy định codes (``QĐ``/``QĐi``) are never rewritten
here: which one a quy định carries is a fact about that document (``registry``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cascade.citations.models import System
from cascade.citations.normalize import Normalized
from cascade.citations.tables import (
    JOINABLE_STATE_CODES,
    OCR_LETTERS,
    PARTY_CODE_SUFFIXES,
    PARTY_CODE_TYPES,
    PARTY_WHOLE_CODES,
    STATE_CODE_PATTERNS,
    STATE_CODE_TYPES,
    TYPE_CODES,
)

# ------------------------------------------------------------------ grammar

# A code segment of a symbol: capitals, a lower-case letter only between capitals or
# at the end ("QĐi", "CTr", "QyĐ", "TTg"), digits at the end ("QH15"). At least two
# capitals, so ordinary capitalised words ("Ban") never pass.
_UNIT = r"[A-ZĐ](?:[a-zđ](?=[A-ZĐ]))?"
SEG = rf"(?:{_UNIT}){{2,}}[a-zđ]?\d*(?!\w)"
SEP = r"\s*-+\s*"
# A drafting unit after the issuer may be one letter ("762/UBND-V", seed 002's "V, C").
UNIT_SEG = rf"(?:{SEG}|[A-ZĐ]\d*(?![\w/]))"

PARTY_SYMBOL = (
    rf"(?P<pnum>\d{{1,5}})(?P<psep>{SEP}|\s*)(?P<ptype>{SEG})\s*/\s*"
    rf"(?P<piss>{SEG}(?:{SEP}{SEG})*)"
)
STATE_SYMBOL = (
    rf"(?P<snum>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?(?P<s1>{SEG})"
    rf"(?:{SEP}(?P<s2>{UNIT_SEG}(?:{SEP}{UNIT_SEG})*))?"
)
SYMBOL = f"(?:{PARTY_SYMBOL}|{STATE_SYMBOL})"
_SYMBOL_ONLY_RE = re.compile(rf"\s*{SYMBOL}")
_DRAFT_STATE_RE = re.compile(rf"\s*/\s*(?P<tail>{SEG}(?:{SEP}{UNIT_SEG})*)")
_DRAFT_PARTY_RE = re.compile(rf"\s*-?\s*(?P<type>{SEG})\s*/\s*(?P<iss>{SEG}(?:{SEP}{SEG})*)")
# "Số: 15/SCT": a State công văn whose symbol names only its issuer, no drafting unit.
# Read on a number line only; in running text "15/SCT" is too bare to be a citation.
_ISSUER_ONLY_RE = re.compile(rf"\s*(?P<num>\d+)?\s*/\s*(?P<iss>{SEG})\s*$")
_STATE_CODE_RE = re.compile("|".join(f"(?:{p})" for p in STATE_CODE_PATTERNS))
_ASSEMBLY_RE = re.compile(r"(?:UBTV)?QH(\d{1,2})")


def _segs(text: str) -> list[str]:
    return [x for x in re.split(r"\s*-+\s*", text.strip()) if x]


def is_party_code(code: str) -> bool:
    """A Party issuer code: a committee code at its end (``BTGDVTU``) or a whole one."""
    return code in PARTY_WHOLE_CODES or code.endswith(PARTY_CODE_SUFFIXES)


def is_state_code(code: str) -> bool:
    return not is_party_code(code) and _STATE_CODE_RE.fullmatch(code) is not None


def assembly_term(code: str) -> int | None:
    """15 for ``QH15`` / ``UBTVQH15``: the National Assembly term in a State symbol."""
    m = _ASSEMBLY_RE.fullmatch(code)
    return int(m.group(1)) if m else None


# ------------------------------------------------------------------ parts


@dataclass(frozen=True)
class SymbolParts:
    """A number and symbol, read and put in the canonical shape of its system.

    ``symbol`` has no number and no year (``KH/TU``, ``UBND-TH``, ``NQ-HĐND``, ``QH15``);
    ``code`` is the type code the symbol prints (None for a State công văn); ``shape``
    the system whose separators were printed; ``notes`` say what was not canonical.
    """

    system: System
    number: str | None  # None: left blank in a draft
    code: str | None
    symbol: str
    issuer_code: str | None
    issuers: tuple[str, ...] = ()
    unit: str | None = None
    year: int | None = None
    shape: System | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def canonical(self) -> str:
        """``58-KH/TU``, ``05/2024/NQ-HĐND``, ``762/UBND-TCDNC``: number, zero-padded below
        10 (docs/format-rules.md §4), and symbol in the system's own shape."""
        number = canonical_number(self.number) if self.number else ""
        if self.system == "party":
            return f"{number}-{self.symbol}"
        year = f"{self.year}/" if self.year else ""
        return f"{number}/{year}{self.symbol}"


def canonical_number(number: str) -> str:
    n = number.lstrip("0") or "0"
    return n.zfill(2) if len(n) == 1 else n


def _build(num: str | None, type_code: str | None, issuers: list[str], units: list[str],
           year: str | None, shape: System) -> SymbolParts:
    """Parts in canonical shape from segments read in either shape."""
    issuer = issuers[0] if issuers else None
    system: System = shape
    notes: list[str] = []
    if issuer and shape == "state" and type_code and is_party_code(issuer) and not year:
        system = "party"
    elif issuer and shape == "party" and is_state_code(issuer):
        system = "state"
    if system != shape:
        notes.append("ký hiệu in theo dạng của văn bản "
                      f"{'Nhà nước' if shape == 'state' else 'Đảng'}")
    if system == "party":
        body = "-".join(issuers + units)
        symbol = f"{type_code}/{body}" if type_code else body
    else:
        head = [type_code] if type_code else []
        symbol = "-".join(head + issuers + units)
    return SymbolParts(system, num, type_code, symbol, issuer, tuple(issuers),
                       units[0] if units and system == "state" else None,
                       int(year) if year else None, shape, tuple(notes))


def parts_of_match(m: re.Match[str]) -> SymbolParts | None:
    """Parts of a grammar match (``SYMBOL``), or None if it is no symbol ("12/TU")."""
    if m.group("pnum"):
        segs = _segs(m.group("piss"))
        # "12-KH/UBND": a State document printed with Party separators; its issuer
        # comes first and a drafting unit may follow
        issuers, units = (segs[:1], segs[1:]) if is_state_code(segs[0]) else (segs, [])
        parts = _build(m.group("pnum"), m.group("ptype"), issuers, units, None, "party")
        if not m.group("psep").strip():
            parts = _note(parts, "thiếu dấu gạch nối giữa số và ký hiệu")
        elif m.group("psep").count("-") > 1:
            parts = _note(parts, "thừa dấu gạch nối")
        return parts
    year, s1, s2 = m.group("year"), m.group("s1"), m.group("s2")
    if not year and not s2:
        return None
    tail = _segs(s2) if s2 else []
    if s1 in STATE_CODE_TYPES or (tail and s1 in TYPE_CODES and is_party_code(tail[0])):
        code, issuers, units = s1, tail[:1], tail[1:]
        if tail and (is_party_code(tail[0]) or s1.endswith("LT")):
            # joint issuers, no drafting unit: 05/QC-BTCTU-BNCTU, 01/KHLT-UBND-UBMTTQ
            issuers, units = tail, []
    else:
        code, issuers, units = None, [s1], tail  # công văn <ISSUER>-<UNIT>; 202/2025/QH15
    return _build(m.group("snum"), code, issuers, units, year, "state")


def _note(parts: SymbolParts, note: str) -> SymbolParts:
    return SymbolParts(parts.system, parts.number, parts.code, parts.symbol, parts.issuer_code,
                       parts.issuers, parts.unit, parts.year, parts.shape,
                       (*parts.notes, note))


def spacing_notes(printed: str) -> list[str]:
    """What is not canonical in the spacing of a printed symbol: a space or a line break
    anywhere but right after a hyphen (where a line may wrap)."""
    inner = re.sub(r"-\s*\n\s*", "-", printed.strip())
    return ["khoảng trắng hoặc xuống dòng trong ký hiệu"] if re.search(r"\s", inner) else []


def parse_symbol(text: str) -> SymbolParts | None:
    """Read the part after "Số" of a document's own number line, blank number allowed."""
    from cascade.citations.normalize import normalize

    norm, _ = repair(normalize(text))
    s = norm.text
    m = _SYMBOL_ONLY_RE.match(s)
    if m and (parts := parts_of_match(m)):
        return parts
    m = _DRAFT_PARTY_RE.match(s)
    if m:
        return _build(None, m.group("type"), _segs(m.group("iss")), [], None, "party")
    m = _DRAFT_STATE_RE.match(s)
    if m:
        segs = _segs(m.group("tail"))
        if len(segs) >= 2:
            if segs[0] in STATE_CODE_TYPES:
                return _build(None, segs[0], segs[1:2], segs[2:], None, "state")
            return _build(None, None, segs[:1], segs[1:], None, "state")
    m = _ISSUER_ONLY_RE.match(s)
    if m:
        return _build(m.group("num"), None, [m.group("iss")], [], None, "state")
    return None


def type_of_symbol(parts: SymbolParts) -> tuple[str, str | None]:
    """(type word, type code) that a document's own symbol implies."""
    if parts.system == "party":
        return PARTY_CODE_TYPES.get(parts.code or "", "văn bản"), parts.code
    if parts.code:
        return STATE_CODE_TYPES.get(parts.code, "văn bản"), parts.code
    return "công văn", "CV"


# ------------------------------------------------------------------ repairs


@dataclass(frozen=True)
class Repair:
    """A change made to the matching copy of the text: normalised offsets and what."""

    start: int
    end: int
    note: str


_L = r"[A-Za-zĐđƯư0]"
_CAND_PARTY = re.compile(
    rf"(?<![\w/])\d{{1,5}}\s*-*\s*(?P<t>{_L}{{1,5}}(?:[ \t\n]+{_L}{{1,4}})?)\s*/\s*"
    rf"(?P<i>{_L}{{1,10}}\d*(?:[ \t\n]+{_L}{{1,6}})?)"
)
_CAND_STATE = re.compile(
    rf"(?<![\w/])\d{{1,5}}\s*/\s*(?:(?:19|20)\d{{2}}\s*/\s*)?"
    rf"(?P<t>{_L}{{1,6}}\d*(?:[ \t\n]+{_L}{{1,4}})?)(?:\s*-\s*"
    rf"(?P<i>{_L}{{1,10}}\d*(?:[ \t\n]+{_L}{{1,4}})?))?"
)
_TYPE_BY_FOLD = {c.casefold(): c for c in TYPE_CODES}


def _known_issuer(code: str) -> bool:
    return (is_party_code(code) or code in JOINABLE_STATE_CODES
            or assembly_term(code) is not None)


def _fix_code(raw: str, where: str) -> tuple[str, list[str]] | None:
    """The code ``raw`` was meant to be, and what was wrong, or None to leave it."""
    if where in ("type", "state") and raw.casefold() in _TYPE_BY_FOLD:
        fixed = _TYPE_BY_FOLD[raw.casefold()]
        return fixed, [f"viết hoa sai mã loại «{raw}»"] if fixed != raw else []
    if _known_alone(raw, where) or not any(ch in OCR_LETTERS for ch in raw):
        return None
    options = [""]
    for ch in raw:
        options = [o + sub for o in options for sub in OCR_LETTERS.get(ch, (ch,))]
    for fixed in options:
        known = (fixed in TYPE_CODES) if where == "type" else (
            _known_issuer(fixed) or (where == "state" and fixed in TYPE_CODES))
        if fixed != raw and known:
            return fixed, [f"mã «{raw}» đọc sai (OCR): hiểu là «{fixed}»"]
    return None


def repair(norm: Normalized) -> tuple[Normalized, list[Repair]]:
    """Repair damaged codes of symbols in the matching copy, one character for one (a
    stray space is moved behind the code it split), so offsets still map back."""
    chars = list(norm.text)
    index = list(norm.index)
    repairs: list[Repair] = []
    for cre, first in ((_CAND_PARTY, "type"), (_CAND_STATE, "state")):
        for m in cre.finditer("".join(chars)):
            for group, where in (("t", first), ("i", "issuer")):
                if m.group(group) is None:
                    continue
                _repair_group(chars, index, m.start(group), m.group(group), where, repairs)
    return Normalized("".join(chars), tuple(index)), repairs


def _repair_group(chars: list[str], index: list[int], start: int, raw: str, where: str,
                  repairs: list[Repair]) -> None:
    parts = re.split(r"([ \t\n]+)", raw, maxsplit=1)
    if len(parts) == 3:
        left, gap, right = parts
        joined = left + right
        fixed = _fix_code(joined, where)
        code = fixed[0] if fixed else joined
        ok = (code in TYPE_CODES) if where == "type" else (
            _known_issuer(code) or (where == "state" and code in TYPE_CODES))
        if ok and not _known_alone(left, where):
            # move the gap behind the code: "T W" → "TW " (the gap keeps its offsets,
            # the letters after it are shifted left over it)
            g0, n = start + len(left), len(gap)
            letters = chars[g0 + n:g0 + n + len(right)]
            letter_idx = index[g0 + n:g0 + n + len(right)]
            gap_chars = chars[g0:g0 + n]
            end_idx = index[g0 + n + len(right) - 1] + 1
            chars[g0:g0 + len(right) + n] = letters + gap_chars
            index[g0:g0 + len(right) + n] = letter_idx + [end_idx] * n
            repairs.append(Repair(start, start + len(joined),
                                  f"khoảng trắng chen giữa mã «{left}{gap.strip() or ' '}"
                                  f"{right}»"))
            raw, left = joined, joined
        else:
            raw = left
    fixed = _fix_code(raw, where)
    if fixed is None or fixed[0] == raw or len(fixed[0]) != len(raw):
        return
    for k, ch in enumerate(fixed[0]):
        chars[start + k] = ch
    repairs.append(Repair(start, start + len(raw), "; ".join(fixed[1])))


def _known_alone(code: str, where: str) -> bool:
    """A code complete without what follows the gap ("KL/TW ngày": keep "TW")."""
    if where == "type":
        return code in TYPE_CODES
    return _known_issuer(code) or is_state_code(code)


def party_term_of(day: dt.date | None) -> str | None:
    """The Central Committee term (Roman) running on ``day``."""
    from cascade.citations.tables import PARTY_TERMS

    if day is None:
        return None
    term = None
    for name, start in PARTY_TERMS:
        if day >= start:
            term = name
    return term
