"""The registry of central documents: dating, disambiguating and checking references.

Party numbers restart every term, so "Chỉ thị số 35-CT/TW" is three documents (2014, 2019,
2024). A reference is matched to the registry by type, number and symbol (a Party quy
định's ``QĐ``/``QĐi`` variants are one code here), then told apart by what the text says:
its date, its term, the citing document's date (a document cannot cite a later one), its
issuer and the subject that follows it. One fit dates and names it; several are reported
as candidates, never guessed; a written date or issuer that contradicts the one fit is
flagged, not corrected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from cascade.citations.issuers import plenum_body
from cascade.citations.models import KnownDocument
from cascade.citations.symbols import party_term_of
from cascade.citations.tables import SUBJECT_STOPWORDS, TYPE_BY_WORD
from orgchart.text import key

REGISTRY_PATH = Path(__file__).resolve().parent / "data" / "central_documents.yaml"

_STOP = frozenset(key(w) for w in SUBJECT_STOPWORDS)


def symbol_key(symbol: str) -> str:
    """A symbol with the printed variants of one code folded: Party quy định ``QĐi``
    and ``QĐ`` (HD 36-HD/VPTW's code and Quy định 399-QĐ/TW's) compare equal; a
    canonical number and symbol (``11-QĐi/TW``) folds the same way."""
    return re.sub(r"(?<!\w)QĐi(?=/)", "QĐ", symbol)


def _family(type_word: str) -> str:
    t = TYPE_BY_WORD.get(type_word)
    return t.party or t.state or t.word if t else type_word


@dataclass(frozen=True)
class Match:
    """The registry's answer for one reference."""

    known: KnownDocument | None = None
    candidates: tuple[KnownDocument, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    date_filled: bool = False


class Registry:
    """Rows by number; small (tens of rows), read once."""

    def __init__(self, rows: list[KnownDocument]) -> None:
        self.rows = rows
        self._by_number: dict[int, list[KnownDocument]] = {}
        for r in rows:
            self._by_number.setdefault(r.number, []).append(r)

    def candidates(self, type_word: str, number: str, symbol: str,
                   year: int | None) -> list[KnownDocument]:
        """Rows of this number whose symbol (or, for a number alone, type) fits."""
        try:
            n = int(number)
        except ValueError:
            return []
        rows = self._by_number.get(n, [])
        if symbol:
            want = symbol_key(symbol)
            return [r for r in rows if symbol_key(r.symbol) == want
                    and (year is None or r.year is None or r.year == year)]
        fam = _family(type_word)
        return [r for r in rows if _family(r.type) == fam]

    def match(self, *, type_word: str, number: str, symbol: str, year: int | None,
              date: dt.date | None, term: str | None, issuer: str | None,
              as_of: dt.date | None, subject: str, label: str,
              as_of_known: bool = True) -> Match:
        """The one row the reference names, the candidates, and what contradicts.

        ``as_of`` is the citing document's date (``as_of_known``) or only the latest date
        its text writes: the first excludes later documents, the second only prefers
        earlier ones (a text may cite a later document than any date it writes)."""
        rows = self.candidates(type_word, number, symbol, year)
        if not rows:
            return Match()
        if date is not None:
            exact = [r for r in rows if r.date == date]
            if exact:
                return Match(exact[0], warnings=tuple(_issuer_conflicts(exact[0], issuer,
                                                                       label)))
            same_term = [r for r in rows if _term_of(r, date) == r.term]
            if len(same_term) == 1:
                r = same_term[0]
                return Match(r, warnings=(
                    f"{label} ghi ngày {_vn(date)}, nhưng {r.label()}; kiểm tra lại ngày",
                    *_issuer_conflicts(r, issuer, label)))
            return Match()  # another document of the same number, in another term
        pool = rows
        if term:
            pool = [r for r in pool if r.term == term]
        if as_of is not None:  # a document cannot cite a later one
            earlier = [r for r in pool if r.date <= as_of]
            pool = earlier if as_of_known or earlier else pool
        if len(pool) > 1 and issuer:
            same = [r for r in pool if _same_issuer(r, issuer)]
            pool = same or pool
        if len(pool) > 1:
            pool = _by_subject(pool, subject)
        elif len(pool) == 1 and _other_subject(pool[0], subject):
            # the one row of this number is about something else: another document of
            # the number, which the registry does not hold
            return Match()
        if not pool:
            return Match()
        if len(pool) == 1:
            r = pool[0]
            return Match(r, warnings=tuple(_issuer_conflicts(r, issuer, label)),
                         date_filled=True)
        listed = "; ".join(r.label() for r in pool)
        return Match(candidates=tuple(pool), warnings=(
            f"{label} không ghi ngày, có {len(pool)} văn bản cùng số, ký hiệu: {listed}; "
            "chưa xác định được là văn bản nào",))


def _vn(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _term_of(row: KnownDocument, day: dt.date) -> str | None:
    """The term ``day`` falls in, in the row's system (Party: Central Committee terms)."""
    if row.system == "party":
        return party_term_of(day)
    return row.term  # State numbers carry their year: a differing date is the same term


_DANG = " " + key("Đảng")


def _issuer_key(name: str) -> str:
    """"Ban Chấp hành Trung ương Đảng" and "Ban Chấp hành Trung ương" are one name."""
    return key(name).removesuffix(_DANG)


_GENERIC = frozenset({key("Trung ương")})
_BCH = key("Ban Chấp hành Trung ương")


def _issuer_keys(issuer: str) -> set[str]:
    """"Hội nghị Trung ương 7 khóa X", "Hội nghị lần thứ sáu Ban Chấp hành Trung ương":
    a plenum of the Central Committee, whose resolutions are the Committee's."""
    k = _issuer_key(issuer)
    return {k, _BCH} if plenum_body(issuer) else {k}


def _same_issuer(row: KnownDocument, issuer: str) -> bool:
    """The written issuer names the row's (or one of its joint issuers); "Trung ương"
    alone names none in particular and contradicts none."""
    ks = _issuer_keys(issuer)
    return bool(ks & _GENERIC) or bool(ks & {_issuer_key(n) for n in (row.issuer,
                                                                     *row.co_issuers)})


def _issuer_conflicts(row: KnownDocument, issuer: str | None, label: str) -> list[str]:
    if not issuer or _same_issuer(row, issuer):
        return []
    return [f"{label} ghi cơ quan ban hành '{issuer}', nhưng {row.label()}"]


def _words(text: str) -> set[str]:
    # key() puts tone marks after their syllable as combining marks: part of the word
    words = re.findall(r"[\w\u0300-\u036f]+", key(text))
    return {w for w in words if w not in _STOP and not w.isdigit()}


def _by_subject(rows: list[KnownDocument], subject: str) -> list[KnownDocument]:
    """The rows whose subject the text after the reference repeats best, if one clearly
    does (half its content words, and more than any other)."""
    said = _words(subject)
    if not said:
        return rows
    scored = sorted((_overlap(r, said), i) for i, r in enumerate(rows))[::-1]
    best, i = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= 0.5 and best - second >= 0.25:
        return [rows[i]]
    return rows


def _other_subject(row: KnownDocument, subject: str) -> bool:
    """The text gives a subject (three content words or more) sharing almost nothing with
    the row's."""
    said = _words(subject)
    if len(said) < 3:
        return False
    return _overlap(row, said) < 0.2


def _overlap(row: KnownDocument, said: set[str]) -> float:
    """Share of the shorter of two subjects that the other repeats (a reference often
    gives the first words of a long subject only)."""
    own = _words(row.subject)
    return len(own & said) / max(1, min(len(own), len(said)))


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """The registry file, validated; a bad row names the file, the row and the field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows: list[KnownDocument] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("documents") or []):
        try:
            row = KnownDocument.model_validate(raw)
        except ValueError as exc:
            raise ValueError(f"{path}: documents[{i}]: {exc}") from None
        if row.id in seen:
            raise ValueError(f"{path}: documents[{i}]: id {row.id!r} is given twice")
        seen.add(row.id)
        rows.append(row)
    return Registry(rows)
