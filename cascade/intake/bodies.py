"""Bodies named in a directive's text: where each name starts and ends, what kind of
body it is, and which body of the chart it is where the issuer's territory has it.

The words are data (``data/bodies.yaml``); a name is found by its head ("Công an",
"Ủy ban nhân dân", "các sở, ban, ngành"), extended over the words that place it, as the
citation parser's issuer scanner reads names ("Ban Tuyên giáo và Dân vận Huyện ủy",
"Sở Văn hóa, Thể thao và Du lịch Hà Nam"). Names are compared after tone-placement and
NFC normalisation (``orgchart.text.key``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from cascade.citations import issuers
from orgchart import Chart, UnknownBody
from orgchart.schema import Body
from orgchart.text import expand_abbreviations, key, strip_level_words

DATA = Path(__file__).parent / "data" / "bodies.yaml"
_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]")
_LEVEL_OF_WORD = {key(w): lvl for w, lvl in {
    "tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district",
    "xã": "commune", "phường": "commune", "thị trấn": "commune", "đặc khu": "commune",
    "trung ương": "central"}.items()}


def _keys(*words: str) -> frozenset[str]:
    return frozenset(key(w) for w in words)


_NOT_LISTED = _keys("các", "của", "thuộc", "cấp")
_BEFORE_PLACE = _keys("thuộc", "của", "xã", "thành", "phố", "vực")
_TRIM = _keys("các", "của", "thuộc", "trực", ",", "và")
_JOINERS = _keys("và", ",")
_VUC = key("vực")
_CENTRAL = _keys("chính phủ", "bộ công an", "bộ quốc phòng")
_CITY = key("thành phố")
_CENTRE = key("trung ương")
_SOCIAL = f" {key('xã hội')} "


@dataclass(frozen=True)
class Head:
    words: tuple[str, ...]
    kind: str | None
    leads: str | None = None
    below: str | None = None
    group: bool = False

    @property
    def abbreviation(self) -> bool:
        return len(self.words) == 1 and self.words[0] in _ABBREVIATIONS


_ABBREVIATIONS = frozenset({"btv", "ubnd", "hđnd", "mttq", "ubmttq", "tand", "vksnd", "ubkt",
                            "vphu", "vptu"})


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(key(t) for t in _TOKEN_RE.findall(text))


@dataclass(frozen=True)
class Table:
    heads: dict[str, list[Head]]  # first token → heads, longest first
    everyone: dict[str, list[tuple[str, ...]]]
    place: frozenset[tuple[str, ...]]
    folds: tuple[tuple[frozenset[str], str], ...]
    closings: tuple[re.Pattern[str], ...]


@cache
def table() -> Table:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    heads: dict[str, list[Head]] = {}
    for row in data["heads"]:
        for w in row["words"]:
            h = Head(_tokens(w), row.get("kind"), row.get("leads"), row.get("below"),
                     bool(row.get("group")))
            heads.setdefault(h.words[0], []).append(h)
    for v in heads.values():
        v.sort(key=lambda h: -len(h.words))
    everyone: dict[str, list[tuple[str, ...]]] = {}
    for w in data["everyone"]:
        t = _tokens(w)
        everyone.setdefault(t[0], []).append(t)
    for e in everyone.values():
        e.sort(key=len, reverse=True)
    folds = tuple((frozenset(f["kinds"]), f["lead"]) for f in data.get("folds", ()))
    closings = tuple(re.compile(key(p)) for p in data.get("closings", ()))
    return Table(heads, everyone, frozenset(_tokens(w) for w in data["place_words"]), folds,
                 closings)


def fold(kinds: set[str]) -> set[str]:
    """Kinds named together, with those one of them leads folded into it."""
    for group, lead in table().folds:
        if lead in kinds and kinds <= group:
            return {lead}
    return kinds


def is_closing(text: str) -> bool:
    """A procedural closing sentence ("Kết luận này được phổ biến đến chi bộ")."""
    k = key(text)
    return any(p.search(k) for p in table().closings)


@dataclass
class Found:
    """A name in the text: its span and head (None: a phrase addressing everyone)."""

    start: int
    end: int
    head: Head | None

    def text(self, s: str) -> str:
        return s[self.start:self.end]


@dataclass(frozen=True)
class _Tok:
    key: str
    start: int
    end: int
    raw: str


def tokens(s: str, lo: int = 0, hi: int | None = None) -> list[_Tok]:
    hi = len(s) if hi is None else hi
    return [_Tok(key(m.group()), m.start(), m.end(), m.group())
            for m in _TOKEN_RE.finditer(s, lo, hi)]


def _match(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return (i + len(words) <= len(toks)
            and all(toks[i + j].key == w for j, w in enumerate(words)))


def _head_at(toks: list[_Tok], i: int) -> Head | None:
    for h in table().heads.get(toks[i].key, ()):
        if not _match(toks, i, h.words):
            continue
        first = toks[i].raw
        # a name is written with a capital ("Công an", "Thanh tra"); the same words in
        # lower case are a verb or a common noun ("kiểm tra, giám sát, thanh tra …")
        if h.group or h.abbreviation or first[:1].isupper():
            return h
    return None


def _everyone_at(toks: list[_Tok], i: int) -> int:
    for words in table().everyone.get(toks[i].key, ()):
        if _match(toks, i, words):
            return len(words)
    return 0


def _place_at(toks: list[_Tok], i: int) -> int:
    best = 0
    for words in table().place:
        if len(words) > best and _match(toks, i, words):
            best = len(words)
    return best


def find(s: str, lo: int = 0, hi: int | None = None) -> list[Found]:
    """Every body name and every-body phrase in ``s[lo:hi]``, in order, not overlapping."""
    toks = tokens(s, lo, hi)
    out: list[Found] = []
    i = 0
    while i < len(toks):
        n = _everyone_at(toks, i)
        head = _head_at(toks, i)
        if head is not None and len(head.words) >= n:
            j = _extend(s, toks, i, i + len(head.words))
            out.append(Found(toks[i].start, toks[j - 1].end, head))
            i = j
        elif n:
            out.append(Found(toks[i].start, toks[i + n - 1].end, None))
            i += n
        else:
            i += 1
    return out


def _extend(s: str, toks: list[_Tok], i: int, j: int) -> int:
    """The token after the name opened at ``i`` whose head ends before ``j``."""
    if toks[i].raw[:1].isupper():
        span, _ = issuers.scan(s, toks[i].start, intro=False)
        if span is not None:
            while j < len(toks) and toks[j].end <= span[1]:
                # a second name joined to the first ("Đảng ủy Ủy ban nhân dân thành phố
                # và các quận ủy"): the first ends before the joiner
                if toks[j].key in _JOINERS and j + 1 < len(toks) and (
                        _head_at(toks, j + 1) or _everyone_at(toks, j + 1)):
                    return j
                j += 1
    while j < len(toks):
        n = _place_at(toks, j)
        if n:
            j += n
            continue
        t = toks[j]
        # a list of unit types: "các huyện, thành phố", "xã, phường, đặc khu"
        if t.key == "," and j + 1 < len(toks) and _place_at(toks, j + 1) and \
                toks[j + 1].key not in _NOT_LISTED and toks[j + 1].raw[:1].islower():
            j += 1
            continue
        prev = toks[j - 1].key
        if t.raw[:1].isupper() and (prev in _LEVEL_OF_WORD or prev in _BEFORE_PLACE
                                     or _place_at(toks, j - 1)):
            span, _ = issuers.scan(s, t.start, intro=False)
            end = span[1] if span else t.end
            while j < len(toks) and toks[j].end <= end:
                j += 1
            continue
        if t.raw.isdigit() and prev == _VUC:
            j += 1
            continue
        break
    while j - 1 > i + 1 and toks[j - 1].key in _TRIM:
        j -= 1
    return j


# ------------------------------------------------------------------ in the chart


def level_of(text: str, issuer: Body | None) -> str | None:
    """The level a name says by itself ("Công an xã" → commune); "thành phố" is the
    issuer's own level when the issuer is a city's, else a district."""
    k = f" {expand_abbreviations(key(text))} ".replace(_SOCIAL, " ")
    if f" {_CENTRE} " in k or k.strip() in _CENTRAL:
        return "central"
    found = [(k.find(f" {w} "), lvl) for w, lvl in _LEVEL_OF_WORD.items()
             if f" {w} " in k]
    if f" {_CITY} " in k:
        lvl = str(issuer.level) if issuer is not None and str(issuer.level) in (
            "province", "district") else "district"
        found.append((k.find(f" {_CITY} "), lvl))
    found = [f for f in found if f[0] >= 0]
    return min(found)[1] if found else None


class Resolver:
    """Names → bodies of one issuer's territory, the units above it and the centre.

    An index of the names (full, abbreviations written out, without the place: "Công an
    tỉnh", "Ban Thường vụ Tỉnh ủy", and without level words: "Hội đồng nhân dân") of the
    few hundred bodies a document can name, looked up from the issuer's own territory
    upwards: the chart's fuzzy search is not needed for names a document writes in full.
    """

    def __init__(self, chart: Chart, issuer: Body | None, day: dt.date | None) -> None:
        self.chart, self.issuer, self.day = chart, issuer, day
        self.levels: list[tuple[list[str], dict[str, list[Body]]]] = []
        chain: list[str | None] = []
        tid = issuer.territory if issuer is not None else None
        while tid:
            chain.append(tid)
            try:
                tid = chart.unit(tid, day).parent
            except KeyError:
                break
        chain.append(None)
        for t in chain:
            pool = (chart.bodies(territory=t, as_of=day) if t else
                    chart.bodies(level="central", as_of=day))
            places: list[str] = []
            if t:
                unit = chart.unit(t, day)
                places = [expand_abbreviations(key(n)) for n in (unit.name, unit.full_name)
                          if n]
            index: dict[str, list[Body]] = {}
            for b in pool:
                for name in (b.name, b.short_name, *b.aliases):
                    if not name:
                        continue
                    k = expand_abbreviations(key(name))
                    keys = {k, strip_level_words(k)}
                    for p in places:
                        if k.endswith(" " + p):
                            bare = k[:-len(p) - 1]
                            keys |= {bare, strip_level_words(bare)}
                    for x in keys:
                        if x and b not in index.setdefault(x, []):
                            index[x].append(b)
            self.levels.append((places, index))

    def resolve(self, text: str, head: Head | None) -> tuple[Body | None, str | None]:
        if head is None or head.group:
            return None, None
        q = expand_abbreviations(key(text))
        for places, index in self.levels:
            for k in (q, *(f"{q} {p}" for p in places)):
                hits = index.get(k)
                if hits and len(hits) == 1:
                    return hits[0], None
                if hits:
                    return None, (f"'{text}' ứng với {len(hits)} cơ quan: "
                                  + ", ".join(b.id for b in hits[:5]))
        return None, f"không có cơ quan '{text}' trong địa bàn của văn bản"


def _territories(chart: Chart, body: Body, day: dt.date | None) -> set[str]:
    out: set[str] = set()
    tid = body.territory
    while tid:
        out.add(tid)
        try:
            tid = chart.unit(tid, day).parent
        except KeyError:
            break
    return out


def resolve(text: str, head: Head | None, chart: Chart, issuer: Body | None,
            day: dt.date | None) -> tuple[Body | None, str | None]:
    """(the body in the issuer's territory or above it, reason when none). Only a name
    the chart gives exactly one body for is taken."""
    from cascade.citations.resolve import resolve_issuer

    if head is None or head.group:
        return None, None
    body_id, reason = resolve_issuer(text, chart, context=issuer, as_of=day, suggest=False)
    if body_id is None:
        return None, reason
    try:
        body = chart.body(body_id, day)
    except UnknownBody:
        return None, f"'{text}': {body_id} không còn vào ngày văn bản"
    if issuer is not None and body.territory is not None and body.territory not in \
            _territories(chart, issuer, day):
        return None, (f"'{text}' là {body.name}, ngoài địa bàn của {issuer.name}")
    return body, None
