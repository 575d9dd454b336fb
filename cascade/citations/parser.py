"""Find references to other documents in Vietnamese free text.

Pure: no org chart. ``parse_citations(text)`` returns every ``Kết luận số 107-KL/TW ngày
24/12/2024 của Bộ Chính trị``-like reference with its parts, its system (Party or
State), and its role (the direct parent after "Thực hiện"/"Căn cứ"/"Triển khai", or a
mention). The grammar is built from the tables in ``tables.py``.

Real text is damaged (seeds, format-rules.md §15): hyphens and spaces missing or extra
(``1320CV/HU``, ``100 - KL/TW``, ``35-CT/ TW``), line breaks anywhere, NFD input, old
tone placement ("uỷ"/"ủy"). Matching therefore runs on a normalised copy of the text
whose characters map back to the original, so spans point into what the caller gave.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from cascade.citations.models import Citation, System
from cascade.citations.tables import (
    BRIDGE_WORDS,
    BULLETED_TRIGGERS,
    COMMA_NAMES,
    ISSUER_INNER_WORDS,
    ISSUER_NUMBER_AFTER,
    ISSUER_STOP_PHRASES,
    ISSUER_SYSTEM_HEADS,
    LIST_CONNECTORS,
    PARENT_TRIGGERS,
    PARTY_CODE_TYPES,
    STATE_CODE_TYPES,
    TERMINAL_ISSUERS,
    TYPE_BY_WORD,
    party_quy_dinh_code,
)
from orgchart.text import key

# --------------------------------------------------------------------------- text


def _tone_fixes() -> dict[str, str]:
    """Old → new tone placement for open syllables ending in oa, oe, uy ("hoà" → "hòa")."""
    fixes: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in "\u0300\u0301\u0303\u0309\u0323":
            for f, s in ((first, second), (first.upper(), second), (first.upper(),
                                                                     second.upper())):
                old = f + unicodedata.normalize("NFC", s + tone)
                new = unicodedata.normalize("NFC", f + tone) + s
                fixes[old] = new
    return fixes


_TONE_FIXES = _tone_fixes()
# Not after q ("quý" is the only spelling) and only in open syllables ("hoàn" is right).
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_FIXES)) + r")(?!\w)"
)
_CHAR_FIXES = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\ufeff": " ",
})


def clean_chars(text: str) -> str:
    """NFC with plain hyphens and spaces, tone placement kept as written."""
    return unicodedata.normalize("NFC", text).translate(_CHAR_FIXES)


@dataclass(frozen=True)
class Normalized:
    """NFC, new-style tones, plain hyphens; ``index[i]`` = offset in the original."""

    text: str
    index: tuple[int, ...]

    def orig(self, i: int) -> int:
        return self.index[i]


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching while remembering where each character came from."""
    out: list[str] = []
    index: list[int] = []
    for m in re.finditer(r".[\u0300-\u036f]*", text, re.S):
        cluster = unicodedata.normalize("NFC", m.group()).translate(_CHAR_FIXES)
        for ch in cluster:
            out.append(ch)
            index.append(m.start())
    index.append(len(text))
    norm = _TONE_RE.sub(lambda m: _TONE_FIXES[m.group(1)], "".join(out))
    return Normalized(norm, tuple(index))


def _canon(word: str) -> str:
    return normalize(word).text


def _words_re(words: Iterable[str], *, ignore_case: bool = True) -> str:
    """Alternation of phrases, longest first, any whitespace between their words."""
    alts = sorted({_canon(w) for w in words}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alts)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


# --------------------------------------------------------------------------- grammar

# A code segment of a symbol: capitals, a lower-case letter only between capitals or
# at the end ("QĐi", "CTr", "QyĐ", "TTg"), digits at the end ("QH15"). At least two
# capitals, so ordinary capitalised words ("Ban") never pass.
_UNIT = r"[A-ZĐ](?:[a-zđ](?=[A-ZĐ]))?"
SEG = rf"(?:{_UNIT}){{2,}}[a-zđ]?\d*(?!\w)"
_SEP = r"\s*-+\s*"
# A drafting unit after the issuer may be one letter ("762/UBND-V", seed 002's "V, C").
UNIT_SEG = rf"(?:{SEG}|[A-ZĐ]\d*(?![\w/]))"

PARTY_SYMBOL = (
    rf"(?P<pnum>\d{{1,5}})(?:{_SEP}|\s*)(?P<ptype>{SEG})\s*/\s*"
    rf"(?P<piss>{SEG}(?:{_SEP}{SEG})*)"
)
STATE_SYMBOL = (
    rf"(?P<snum>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?(?P<s1>{SEG})"
    rf"(?:{_SEP}(?P<s2>{UNIT_SEG}(?:{_SEP}{UNIT_SEG})*))?"
)
TYPE_WORDS = _words_re(TYPE_BY_WORD)
TYPED_RE = re.compile(
    rf"(?<!\w)(?P<tw>{TYPE_WORDS})\s*(?:(?i:số)\s*:?\s*)?(?:{PARTY_SYMBOL}|{STATE_SYMBOL})"
)
BARE_RE = re.compile(rf"(?<![\w/.\-])(?:{PARTY_SYMBOL}|{STATE_SYMBOL})")
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
_ISSUER_INTRO_RE = re.compile(r"\s*,?\s*(?i:của)\s+")
_TERMINAL_RE = re.compile(_words_re(TERMINAL_ISSUERS) + r"(?!\w)")
_COMMA_NAME_RE = re.compile(r"\s+" + _words_re(COMMA_NAMES) + r"(?!\w)")
_NUMBER_DATE_RE = re.compile(r"\d+\s*[/.-]\s*\d")
_STOP_RE = re.compile(_words_re(ISSUER_STOP_PHRASES, ignore_case=False) + r"(?!\w)")
_WORD_RE = re.compile(r"(?P<ws>\s*)(?P<w>[^\W_]+)")
_DASH_RE = re.compile(r"\s+-\s+(?=[A-ZĐÀ-Ỹ])")
_PLACE_DATE_LINE_RE = re.compile(r"[^\n,]{1,40},\s*(?i:ngày)(?!\w)")
_TYPE_START_RE = re.compile(rf"{TYPE_WORDS}\s*(?:(?i:số)\b|\d)")
_TRIM_WORDS = frozenset({"và", "các", "của", "cùng"})
_INNER_WORDS = frozenset(_canon(w) for w in ISSUER_INNER_WORDS)

TRIGGER_RE = re.compile(
    r"(?:^|(?<=[\n.;:]))[ \t]*(?P<bullet>[-+•][ \t]*)?(?P<t>"
    + _words_re(PARENT_TRIGGERS, ignore_case=False)
    + r")(?!\w)",
    re.M,
)
_BULLETED = frozenset(_canon(w) for w in BULLETED_TRIGGERS)
_TYPES = {_canon(w): t for w, t in TYPE_BY_WORD.items()}
_LIST_ITEM_BEFORE_RE = re.compile(r"(?:^|\s)(?:\d{1,2}|[IVXLC]{1,5})\.[ \t]*$")
_CONNECTOR_GAP_RE = re.compile(
    r"[\s,*]*(?:" + _words_re(LIST_CONNECTORS) + r"[\s,*]+)*"
)
_BRIDGE_GAP_RE = re.compile(r"[^;()“”\"«»]*\s" + _words_re(BRIDGE_WORDS) + r"\s*")
_OPEN = "(“«"
_CLOSE = ")”»"


# --------------------------------------------------------------------------- parsing


@dataclass
class _Raw:
    """A citation while it is being assembled (normalised offsets)."""

    start: int
    sym_end: int
    core_end: int
    type_word: str | None
    system: System
    number: str
    code: str | None  # type code written in the symbol, if any
    symbol: str
    issuer_code: str | None
    date: dt.date | None = None
    issuer: tuple[int, int] | None = None
    shared: bool = False
    warnings: list[str] = field(default_factory=list)


def _segs(text: str) -> str:
    """Join a matched multi-segment code without its spaces: 'BTCTU - BNCTU' → 'BTCTU-BNCTU'."""
    return re.sub(r"\s*-+\s*", "-", text.strip())


def _symbol_parts(m: re.Match[str]) -> tuple[System, str, str | None, str, str | None] | None:
    """(form, number, type code in symbol, symbol, issuer code) or None if not a symbol."""
    if m.group("pnum"):
        iss = _segs(m.group("piss"))
        return "party", m.group("pnum"), m.group("ptype"), f"{m.group('ptype')}/{iss}", iss
    year, s1, s2 = m.group("year"), m.group("s1"), m.group("s2")
    if not year and not s2:
        return None
    tail = f"{s1}-{_segs(s2)}" if s2 else s1
    symbol = f"{year}/{tail}" if year else tail
    if s2 and s1 in STATE_CODE_TYPES:
        code, issuer_code = s1, _segs(s2).split("-")[0]
    elif year and not s2:
        code, issuer_code = None, s1  # 202/2025/QH15
    else:
        code, issuer_code = None, s1  # công văn: <ISSUER>-<UNIT>
    return "state", m.group("snum"), code, symbol, issuer_code


_SYMBOL_ONLY_RE = re.compile(rf"\s*(?:{PARTY_SYMBOL}|{STATE_SYMBOL})")
_DRAFT_STATE_RE = re.compile(rf"\s*/\s*(?P<tail>{SEG}(?:{_SEP}{UNIT_SEG})*)")
_DRAFT_PARTY_RE = re.compile(rf"\s*-?\s*(?P<type>{SEG})\s*/\s*(?P<iss>{SEG}(?:{_SEP}{SEG})*)")
# "Số: 15/SCT": a State công văn whose symbol names only its issuer, no drafting unit.
# Read on a number line only; in running text "15/SCT" is too bare to be a citation.
_ISSUER_ONLY_RE = re.compile(rf"\s*(?P<num>\d+)?\s*/\s*(?P<iss>{SEG})\s*$")


@dataclass(frozen=True)
class SymbolParts:
    """A number-and-symbol as printed under the issuer: ``Số 1320CV/HU``, ``Số: /UBND-TH``."""

    system: System
    number: str | None  # None: left blank in a draft
    code: str | None  # type code written in the symbol (None for a State công văn)
    symbol: str
    issuer_code: str | None


def parse_symbol(text: str) -> SymbolParts | None:
    """Read the part after "Số" of a document's own number line, blank number allowed."""
    norm = normalize(text).text
    m = _SYMBOL_ONLY_RE.match(norm)
    if m and (parts := _symbol_parts(m)):
        return SymbolParts(parts[0], parts[1], parts[2], parts[3], parts[4])
    m = _DRAFT_PARTY_RE.match(norm)
    if m:
        iss = _segs(m.group("iss"))
        return SymbolParts("party", None, m.group("type"), f"{m.group('type')}/{iss}", iss)
    m = _DRAFT_STATE_RE.match(norm)
    if m:
        segs = _segs(m.group("tail")).split("-")
        if len(segs) >= 2:
            code = segs[0] if segs[0] in STATE_CODE_TYPES else None
            issuer_code = segs[1] if code else segs[0]
            return SymbolParts("state", None, code, "-".join(segs), issuer_code)
    m = _ISSUER_ONLY_RE.match(norm)
    if m:
        return SymbolParts("state", m.group("num"), None, m.group("iss"), m.group("iss"))
    return None


def type_of_symbol(parts: SymbolParts) -> tuple[str, str | None]:
    """(type word, type code) that a document's own symbol implies."""
    if parts.system == "party":
        return PARTY_CODE_TYPES.get(parts.code or "", "văn bản"), parts.code
    if parts.code:
        return STATE_CODE_TYPES[parts.code], parts.code
    return "công văn", "CV"


def _to_date(m: re.Match[str]) -> tuple[dt.date | None, str | None]:
    d = m.group("d") or m.group("d2")
    mo = m.group("m") or m.group("m2")
    y = m.group("y") or m.group("y2")
    try:
        return dt.date(int(y), int(mo), int(d)), None
    except ValueError:
        return None, f"ngày không hợp lệ: {d}/{mo}/{y}"


def _parse_date_at(s: str, pos: int) -> tuple[dt.date | None, int, str | None]:
    m = _DATE_AFTER_RE.match(s, pos)
    if not m:
        return None, pos, None
    date, warning = _to_date(m)
    return date, m.end(), warning


def _line_before(s: str, pos: int) -> str:
    """The text of the line that ``pos`` is on, up to ``pos``."""
    return s[s.rfind("\n", 0, pos) + 1:pos]


def _line_at(s: str, pos: int) -> str:
    end = s.find("\n", pos)
    return s[pos:] if end < 0 else s[pos:end]


def _is_heading(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line)
    return len(words) >= 2 and not any(ch.islower() for ch in line)


def _parse_issuer_at(s: str, pos: int) -> tuple[tuple[int, int] | None, int]:
    """Issuer phrase after "của" at ``pos``: its (start, end) and the new position."""
    intro = _ISSUER_INTRO_RE.match(s, pos)
    if not intro:
        return None, pos
    start = intro.end()
    terminal = _TERMINAL_RE.match(s, start)
    if terminal:
        return (start, terminal.end()), terminal.end()
    q = start
    ends: list[tuple[int, str]] = []  # (end offset, word as written) of accepted tokens
    joined = False  # just stepped over a joiner ("Văn hóa, Thể thao", "Văn hóa - Xã hội")
    while True:
        comma = _COMMA_NAME_RE.match(s, q)
        if ends and comma:
            q = comma.end()
            ends.append((q, "Du"))
            continue
        dash = _DASH_RE.match(s, q)
        if ends and dash:
            q, joined = dash.end(), True
            continue
        m = _WORD_RE.match(s, q)
        if not m or (ends and not m.group("ws") and not joined):
            break
        joined = False
        word, wstart = m.group("w"), m.start("w")
        if "\n" in m.group("ws"):
            line = _line_at(s, wstart)
            if _PLACE_DATE_LINE_RE.match(line) or _is_heading(line):
                break
        if _STOP_RE.match(s, wstart):
            break
        if word[0].isupper():
            if _TYPE_START_RE.match(s, wstart):
                break
        elif word.isdigit():
            if (not ends or ends[-1][1].lower() not in ISSUER_NUMBER_AFTER
                    or _NUMBER_DATE_RE.match(s, wstart)):
                break
        elif word.lower() not in _INNER_WORDS or not ends:
            break
        ends.append((m.end(), word))
        q = m.end()
        if _TERMINAL_RE.fullmatch(s, start, q):
            break
    while ends and ends[-1][1].lower() in _TRIM_WORDS:
        ends.pop()
    if not ends:
        return None, pos
    return (start, ends[-1][0]), ends[-1][0]


def issuer_system(phrase: str) -> System | None:
    """Party or State from the head of an issuer phrase ("Đảng ủy UBND tỉnh" → party)."""
    k = key(phrase)
    for head, system in ISSUER_SYSTEM_HEADS:
        hk = key(head)
        if k == hk or k.startswith(hk + " "):
            return system  # type: ignore[return-value]
    return None


def _raw_from_match(m: re.Match[str], type_word: str | None) -> _Raw | None:
    parts = _symbol_parts(m)
    if parts is None:
        return None
    form, number, code, symbol, issuer_code = parts
    return _Raw(m.start(), m.end(), m.end(), type_word, form, number, code, symbol,
                issuer_code)


def _find_raw(s: str) -> list[_Raw]:
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for m in TYPED_RE.finditer(s):
        raw = _raw_from_match(m, " ".join(m.group("tw").lower().split()))
        if raw:
            found.append(raw)
            taken.append((m.start(), m.end()))
    for m in BARE_RE.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _OWN_NUMBER_RE.fullmatch(_line_before(s, m.start())):
            continue
        raw = _raw_from_match(m, None)
        if raw:
            found.append(raw)
    found.sort(key=lambda r: r.start)
    for raw in found:
        date, pos, warning = _parse_date_at(s, raw.sym_end)
        issuer, pos2 = _parse_issuer_at(s, pos)
        if issuer and date is None:
            date, pos3, warning = _parse_date_at(s, pos2)
            pos2 = pos3 if date else pos2
        raw.date, raw.issuer = date, issuer
        raw.core_end = pos2 if issuer or date else raw.sym_end
        if date and not issuer:
            raw.core_end = pos
        if warning:
            raw.warnings.append(warning)
    return found


def _classify(raw: _Raw, era: dt.date | None) -> tuple[str, str | None, str]:
    """(type word, type code, symbol) from the type word, the form and the era."""
    system, code, symbol = raw.system, raw.code, raw.symbol
    doc_type = _TYPES.get(_canon(raw.type_word)) if raw.type_word else None
    if doc_type is None or (doc_type.party is None and doc_type.state is None):
        if system == "party":
            word = PARTY_CODE_TYPES.get(code or "", raw.type_word or "văn bản")
            return word, code, symbol
        if code:
            return STATE_CODE_TYPES[code], code, symbol
        return "công văn", "CV", symbol
    word = doc_type.word
    expected = doc_type.party if system == "party" else doc_type.state
    if word == "quy định" and system == "party":
        expected = party_quy_dinh_code(era)
        if code in ("QĐ", "QĐi") and code != expected:
            fixed = expected + symbol[len(code):]
            raw.warnings.append(
                f"ký hiệu ghi {symbol}; quy định của Đảng "
                f"{'trước' if expected == 'QĐi' else 'từ'} 09/01/2026 mang mã {expected}: "
                f"hiểu là {fixed}"
            )
            return word, expected, fixed
    if expected is None:
        raw.warnings.append(f"hệ thống {system} không có loại '{word}'")
        return word, code, symbol
    if word == "công văn" and system == "state":
        return word, "CV", symbol
    if code is not None and code != expected:
        raw.warnings.append(f"loại '{word}' nhưng mã loại trong ký hiệu là {code}")
    return word, expected, symbol


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_citations(text: str, *, as_of: dt.date | None = None) -> list[Citation]:
    """Every citation in ``text``, in order, with role and normalised parts.

    ``as_of`` is the citing document's date, used only to tell a 2018-era Party
    quy định (``QĐi``) from a 2026 one when the citation has no date; without it the
    latest date written in the text stands in.
    """
    norm = normalize(text)
    s = norm.text
    raws = _find_raw(s)
    latest = max((d for m in DATE_RE.finditer(s) if (d := _to_date(m)[0])), default=None)
    roles = _roles(s, raws)
    _share_issuers(s, raws)
    out: list[Citation] = []
    for raw, role in zip(raws, roles, strict=True):
        word, type_code, symbol = _classify(raw, raw.date or as_of or latest)
        issuer = None
        system = raw.system
        if raw.issuer:
            issuer = _clean(text[norm.orig(raw.issuer[0]):norm.orig(raw.issuer[1])])
            said = issuer_system(issuer)
            if said and said != system:
                raw.warnings.append(
                    f"ký hiệu dạng {'Đảng' if system == 'party' else 'Nhà nước'} nhưng cơ "
                    f"quan ban hành '{issuer}' thuộc hệ thống "
                    f"{'Đảng' if said == 'party' else 'Nhà nước'}"
                )
                system = said
        start, end = norm.orig(raw.start), norm.orig(raw.core_end)
        out.append(Citation(
            type=word, type_code=type_code, number=raw.number, symbol=symbol,
            date=raw.date, issuer=issuer, issuer_shared=raw.shared,
            issuer_code=raw.issuer_code, system=system, role=role, span=(start, end),
            text=_clean(text[start:end]), warnings=raw.warnings,
        ))
    _link_short_forms(out)
    return out


def _share_issuers(s: str, raws: list[_Raw]) -> None:
    """"Chỉ thị số 35-CT/TW, Quy định số 11-QĐ/TW của Bộ Chính trị": one issuer for both.

    Shared only across "," / "và" and only between symbols with the same issuer code,
    so "Kết luận 107-KL/TW, Công văn 2269-CV/TU của Tỉnh ủy" keeps 107 without issuer.
    """
    for i in range(len(raws) - 2, -1, -1):
        cur, nxt = raws[i], raws[i + 1]
        if cur.issuer or cur.date or not nxt.issuer or cur.issuer_code != nxt.issuer_code:
            continue
        if re.fullmatch(r"\s*(?:,\s*(?:(?i:và)\s+)?|(?i:và)\s+)", s[cur.core_end:nxt.start]):
            cur.issuer = nxt.issuer
            cur.shared = True


def _link_short_forms(cits: list[Citation]) -> None:
    """Point each dateless citation at the one dated citation of the same number+symbol."""
    for c in cits:
        if c.date is not None:
            continue
        full = [
            i for i, o in enumerate(cits)
            if o.date is not None and o.number.lstrip("0") == c.number.lstrip("0")
            and o.symbol == c.symbol
        ]
        dates = {cits[i].date for i in full}
        if len(dates) == 1:
            c.refers_to = full[0]
        elif len(dates) > 1:
            c.warnings.append("nhiều văn bản cùng số, ký hiệu với ngày khác nhau")


def _roles(s: str, raws: list[_Raw]) -> list[str]:
    """Parent or mention for each citation (see module doc and format-rules.md §8).

    A citation is the parent when it heads an item of the clause opened by a trigger
    word at a sentence start: right after the trigger, after a ";" of that clause, after
    another parent of the same list, or after "… tại"; never inside quotes or brackets
    (a citation in another's quoted subject is a mention).
    """
    roles = ["mention"] * len(raws)
    triggers = [
        m for m in TRIGGER_RE.finditer(s)
        if not _LIST_ITEM_BEFORE_RE.search(_line_before(s, m.start("t")))
        and (not m.group("bullet") or _canon(" ".join(m.group("t").split())) in _BULLETED)
    ]
    starts = {r.start: i for i, r in enumerate(raws)}
    for n, trig in enumerate(triggers):
        zone_end = triggers[n + 1].start("t") if n + 1 < len(triggers) else len(s)
        zone_end = min(zone_end, trig.end() + 2000)
        depth, straight = 0, False
        boundary, fresh, seen = trig.end(), True, False
        i = trig.end()
        while i < zone_end:
            if i in starts:
                k = starts[i]
                raw = raws[k]
                gap = s[boundary:i]
                head = _CONNECTOR_GAP_RE.fullmatch(gap) or (
                    fresh and not seen and _BRIDGE_GAP_RE.fullmatch(gap)
                )
                if depth == 0 and not straight and head:
                    roles[k] = "parent"
                    boundary, fresh, seen = raw.core_end, False, False
                else:
                    seen = True
                i = max(raw.core_end, i + 1)
                continue
            ch = s[i]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif ch == '"':
                straight = not straight
            elif depth == 0 and not straight:
                if ch == ";":
                    boundary, fresh, seen = i + 1, True, False
                elif ch == ":" or (ch == "." and (i + 1 >= len(s) or s[i + 1].isspace())):
                    break
            i += 1
    return roles
