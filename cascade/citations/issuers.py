"""Issuer phrases: where they start and end in a sentence, joint issuers, and the
normalised name, term, level and system each one says by itself.

"của Ban Thường vụ Tỉnh ủy về …", "của Bộ Chính trị, Ban Bí thư", "của Ban Tổ chức Trung
ương và Bộ Nội vụ", "Ngày 05/3/2025, Ban Thường vụ Tỉnh ủy ban hành …", "chỉ đạo của
Thường trực Tỉnh ủy tại …". A phrase continues over the lower-case words of names
("Ủy ban nhân dân tỉnh") and stops at any other ("về", "quán triệt"); see tables.py.
"""

from __future__ import annotations

import datetime as dt
import re

from cascade.citations.models import System
from cascade.citations.normalize import canon, collapse, normalize, words_re
from cascade.citations.tables import (
    CENTRAL_HEADS,
    COMMA_NAMES,
    ISSUED_VERBS,
    ISSUER_ABBREVIATIONS,
    ISSUER_BEFORE_BRIDGES,
    ISSUER_CASE,
    ISSUER_HEADS,
    ISSUER_INNER_WORDS,
    ISSUER_LEVEL_WORDS,
    ISSUER_NUMBER_AFTER,
    ISSUER_ORDINAL_WORDS,
    ISSUER_STOP_PHRASES,
    ISSUER_SYSTEM_HEADS,
    JOINT_FOLLOWERS,
    LEVEL_WORDS_LOWER,
    PROVINCE_ONLY_CODE_FROM,
    TERMINAL_ISSUERS,
    TYPE_BY_WORD,
)
from orgchart.text import key

Span = tuple[int, int]

_TYPE_WORDS = words_re(TYPE_BY_WORD)
_ISSUER_INTRO_RE = re.compile(r"\s*,?\s*(?i:của)\s+")
_TERMINAL_RE = re.compile(words_re(TERMINAL_ISSUERS) + r"(?!\w)")
_COMMA_NAME_RE = re.compile(r"\s+" + words_re(COMMA_NAMES) + r"(?!\w)")
_NUMBER_DATE_RE = re.compile(r"\d+\s*[/.-]\s*\d")
_STOP_RE = re.compile(words_re(ISSUER_STOP_PHRASES, ignore_case=False) + r"(?!\w)")
_WORD_RE = re.compile(r"(?P<ws>\s*)(?P<w>[^\W_]+)")
_DASH_RE = re.compile(r"\s+-\s+(?=[A-ZĐÀ-Ỹ])")
_PLACE_DATE_LINE_RE = re.compile(r"[^\n,]{1,40},\s*(?i:ngày)(?!\w)")
_TYPE_START_RE = re.compile(rf"{_TYPE_WORDS}\s*(?:(?i:số)\b|\d)")
_TRIM_WORDS = frozenset({"và", "các", "của", "cùng"})
_DOTTED = frozenset(a.rstrip(".") for a in ISSUER_ABBREVIATIONS if a.endswith("."))
_INNER_WORDS = frozenset(canon(w) for w in ISSUER_INNER_WORDS)
_ORDINAL_WORDS = frozenset(canon(w) for w in ISSUER_ORDINAL_WORDS)
_ORDINAL_AFTER = _ORDINAL_WORDS | {canon("thứ")}
_HEAD_RE = re.compile(words_re(ISSUER_HEADS) + r"(?!\w)")
_JOINER_RE = re.compile(r"\s*(?:,\s*(?:(?i:và)\s+)?|(?i:và)\s+|-\s+)")
_TERM_AFTER_RE = re.compile(r"\s*,?\s*\(?\s*(?i:khóa|khoá)\s+(?:[IVXLC]+|\d{1,2})(?!\w)\s*\)?")
_FOLLOW_RE = re.compile(r"\s*(?:$|[,;.:()“”\"«»]|" + words_re(JOINT_FOLLOWERS) + r"(?!\w))")


def _line_at(s: str, pos: int) -> str:
    end = s.find("\n", pos)
    return s[pos:] if end < 0 else s[pos:end]


def _is_heading(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line)
    return len(words) >= 2 and not any(ch.islower() for ch in line)


_YEAR_AFTER_RE = re.compile(r"\s+\d{4}(?!\d)")


def _ordinal_follows(word: str, previous: str, s: str, end: int) -> bool:
    """"sáu" in "Hội nghị lần thứ sáu", "hai" in "lần thứ mười hai": a plenum's ordinal
    ("năm" before a year is the year: "lần thứ sáu năm 2017")."""
    return (canon(word.lower()) in _ORDINAL_WORDS and canon(previous.lower()) in _ORDINAL_AFTER
            and not _YEAR_AFTER_RE.match(s, end))


def scan(s: str, pos: int, *, intro: bool = True) -> tuple[Span | None, int]:
    """The issuer phrase at ``pos`` (after "của" when ``intro``): its span and the new
    position; (None, pos) when there is none."""
    if intro:
        m = _ISSUER_INTRO_RE.match(s, pos)
        if not m:
            return None, pos
        start = m.end()
    else:
        start = pos
    terminal = _TERMINAL_RE.match(s, start)
    if terminal:
        end = terminal.end()
        term = _TERM_AFTER_RE.match(s, end)  # "Ban Chấp hành Trung ương (khóa XII)"
        end = term.end() if term else end
        return (start, end), end
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
        elif not ends or (word.lower() not in _INNER_WORDS
                          and not _ordinal_follows(word, ends[-1][1], s, m.end())):
            break
        ends.append((m.end(), word))
        q = m.end()
        if word in _DOTTED and s.startswith(".", q):  # "TT. Tỉnh ủy", "TP. Huế"
            q += 1
            ends[-1] = (q, word + ".")
        if _TERMINAL_RE.fullmatch(s, start, q):
            break
    while ends and ends[-1][1].lower() in _TRIM_WORDS:
        ends.pop()
    if not ends:
        return None, pos
    return (start, ends[-1][0]), ends[-1][0]


def split_joint(s: str, span: Span) -> list[Span]:
    """A scanned phrase and the issuers that follow it, split into one span each:
    "Ban Tổ chức Trung ương và Bộ Nội vụ", "Bộ Chính trị, Ban Bí thư".

    A second name is a co-issuer only if the list is followed by what follows an issuer
    ("về", "ngày", punctuation); before a verb it is the subject of the next clause
    ("…của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy yêu cầu").
    """
    parts: list[Span] = []
    lo, hi = span
    for m in re.finditer(r"\s*(?:,\s*(?:(?i:và)\s+)?|\s(?i:và)\s+|\s-\s+)", s[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        if _HEAD_RE.match(s, b) and not _COMMA_NAME_RE.match(s, a):
            parts.append((lo, a))
            lo = b
    parts.append((lo, hi))
    pos = hi
    while True:  # further names after the scanned phrase: ", Ban Bí thư"
        j = _JOINER_RE.match(s, pos)
        if not j or not _HEAD_RE.match(s, j.end()):
            break
        nxt, end = scan(s, j.end(), intro=False)
        if nxt is None:
            break
        parts.append(nxt)
        pos = end
    if len(parts) > 1 and not _FOLLOW_RE.match(s, parts[-1][1]):
        # the last name is followed by a verb: the names after the first are subjects
        return parts[:1]
    return parts


_BRIDGE_BEFORE_RE = re.compile(r"\s+" + words_re(ISSUER_BEFORE_BRIDGES) + r"\s*$")
_VERB_BEFORE_RE = re.compile(r"\s+" + words_re(ISSUED_VERBS) + r"\s*$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.;:!?\n]|\n\s*\n)\s*")
_DATE_LEAD_RE = re.compile(
    r"(?i:ngày)\s*(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<y>\d{4})\s*,?\s*"
)


def before(s: str, start: int) -> tuple[Span | None, dt.date | None]:
    """The issuer (and date) written before a reference in its sentence:
    "Ngày 05/3/2025, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số …" or
    "… chỉ đạo của Thường trực Tỉnh ủy tại Công văn số …"."""
    lo = max(0, start - 300)
    window = s[lo:start]
    cut = max((m.end() for m in re.finditer(r"[.;!?]\s|\n\s*\n|:\s", window)), default=0)
    sentence_lo = lo + cut
    bridge = _BRIDGE_BEFORE_RE.search(s, sentence_lo, start)
    if bridge:
        for m in reversed(list(re.finditer(r"(?i:của)\s+", s[sentence_lo:bridge.start()]))):
            span, end = scan(s, sentence_lo + m.end(), intro=False)
            if span and end == bridge.start():
                return span, None
        return None, None
    verb = _VERB_BEFORE_RE.search(s, sentence_lo, start)
    if not verb:
        return None, None
    day: dt.date | None = None
    candidates = [sentence_lo] + [sentence_lo + m.end() for m in re.finditer(
        r",\s*", s[sentence_lo:verb.start()])]
    for c in candidates:
        while c < verb.start() and s[c].isspace():
            c += 1
        d = _DATE_LEAD_RE.match(s, c)
        if d:
            try:
                day = dt.date(int(d.group("y")), int(d.group("m")), int(d.group("d")))
            except ValueError:
                day = None
            c = d.end()
        span, end = scan(s, c, intro=False)
        if span and end == verb.start():
            return span, day
    return None, None


# ------------------------------------------------------------------ what a phrase says


def system_of(phrase: str) -> System | None:
    """Party or State from the head of an issuer phrase ("Đảng ủy UBND tỉnh" → party)."""
    k = key(phrase)
    for head, system in ISSUER_SYSTEM_HEADS:
        hk = key(head)
        if k == hk or k.startswith(hk + " "):
            return system  # type: ignore[return-value]
    return None


_TERM_RE = re.compile(r"\s*,?\s*\(?\s*(?i:khóa|khoá)\s+(?P<t>[IVXLC]+|\d{1,2})\s*\)?")
_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90),
          ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(n: int) -> str:
    out = ""
    for sym, val in _ROMAN:
        while n >= val:
            out, n = out + sym, n - val
    return out


def split_term(phrase: str) -> tuple[str, str | None]:
    """("Tỉnh ủy", "XV") for "Tỉnh ủy khóa XV"; the term in Roman numerals."""
    m = _TERM_RE.search(phrase)
    if not m:
        return phrase, None
    t = m.group("t")
    term = roman(int(t)) if t.isdigit() else t.upper()
    return collapse(phrase[:m.start()] + phrase[m.end():]), term


_CASE = sorted(((key(p).split(), p.split()) for p in ISSUER_CASE), key=lambda x: -len(x[0]))
_LOWER = frozenset(key(w) for w in LEVEL_WORDS_LOWER)


def _recase(phrase: str) -> str:
    """Capitals of a name printed in capitals: body names as tables.ISSUER_CASE writes
    them, level words lower case, place names with capital initials."""
    words = phrase.split()
    keys = [key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for ks, ws in _CASE:
            if keys[i:i + len(ks)] == ks:
                out += ws
                i += len(ks)
                break
        else:
            multi = [w for w in _LOWER if " " in w and keys[i:i + 2] == w.split()]
            if multi:
                out += keys[i:i + 2]
                i += 2
                continue
            w = keys[i]
            out.append(w if w in _LOWER else w[:1].upper() + w[1:])
            i += 1
    return " ".join(out)


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def normalise(phrase: str) -> tuple[str, str | None]:
    """(name, term): NFC and new tone placement, one space, abbreviations written out,
    capitals of a name printed in capitals fixed, the term taken out:
    "BTV Tỉnh uỷ khoá XV" → ("Ban Thường vụ Tỉnh ủy", "XV")."""
    text = collapse(normalize(phrase).text)
    text, term = split_term(text)
    tokens = []
    for tok in text.split():
        bare = tok.rstrip(",")
        tail = tok[len(bare):]
        tokens.append(ISSUER_ABBREVIATIONS.get(bare, bare) + tail)
    text = " ".join(tokens)
    if _is_caps(text):
        text = _recase(text)
    return text, term


def level_of(phrase: str, day: dt.date | None = None) -> str | None:
    """The level a phrase names by itself: central, province, district, commune or None
    ("Ban Thường vụ Tỉnh ủy" → province; "Thành ủy" only from 1/7/2025)."""
    k = f" {key(phrase)} ".replace(" xã hội ", " ")
    if any(k.startswith(f" {h}") for h in CENTRAL_HEADS):
        return "central"
    best: tuple[int, str] | None = None
    for word, level in ISSUER_LEVEL_WORDS:
        i = k.find(f" {key(word)} ")
        if i >= 0 and (best is None or i < best[0]):
            best = (i, level)
    if best is None and day is not None and day >= PROVINCE_ONLY_CODE_FROM and (
            " thành ủy " in k or " thành phố " in k):
        return "province"
    return best[1] if best else None


_PLENUM_KEY = key("Hội nghị")
_CENTRAL_KEY = key("Trung ương")
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương Đảng"


def plenum_body(phrase: str) -> str | None:
    """"Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII", "Hội nghị Trung
    ương 7": a plenum of the Central Committee, whose resolutions are the Committee's
    (the chart has the Committee, not each plenum); None for any other phrase."""
    k = key(phrase)
    return CENTRAL_COMMITTEE if k.startswith(_PLENUM_KEY) and _CENTRAL_KEY in k else None

