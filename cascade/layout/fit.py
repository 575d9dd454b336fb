"""Fit header lines to their column the way a clerk does, measured in real font metrics.

A word processor wraps a line that is too wide at the last space that fits, which leaves
"ĐẢNG ỦY ỦY BAN NHÂN DÂN" / "TỈNH": a lone word no office prints. An office widens the
column for the usual names and breaks a name that is genuinely too long by hand, into
balanced lines at a phrase boundary: before the unit's level word ("… ĐẢNG ỦY" /
"XÃ BÌNH LƯ"), after a comma ("SỞ VĂN HÓA," / "THỂ THAO VÀ DU LỊCH"), never leaving one
word alone. ``break_line`` does that; ``text_width_mm`` measures with the advance widths
of Liberation Serif, metric-compatible with the Times New Roman every profile prescribes
(the table is generated once by ``templates/build_widths.py`` and committed as data).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from orgchart.text import LEVEL_WORDS, key

WIDTHS = Path(__file__).parent / "data" / "serif_widths.json"
PT_MM = 25.4 / 72


@cache
def _widths() -> tuple[int, dict[str, dict[str, int]]]:
    data = json.loads(WIDTHS.read_text(encoding="utf-8"))
    return data["units_per_em"], data["styles"]


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}[(bold, italic)]


def text_width_mm(text: str, size_pt: float, *, bold: bool = False,
                  italic: bool = False) -> float:
    """Printed width of ``text`` on one line, without kerning (Word and LibreOffice do
    not kern body text by default).

    A precomposed Vietnamese letter is measured as its base letter (Ủ as U, Ư as U): the
    marks sit above or below and, in Times New Roman, add no advance. A character the
    table lacks counts as half an em.
    """
    upm, styles = _widths()
    table = styles[_style(bold, italic)]
    units = 0
    for ch in unicodedata.normalize("NFC", text):
        w = table.get(ch)
        if w is None:
            w = table.get(unicodedata.normalize("NFD", ch)[0], upm // 2)
        units += w
    return units / upm * size_pt * PT_MM


# ---------------------------------------------------------------- where a name may break


@dataclass(frozen=True)
class Break:
    """A phrase boundary: break ``before`` a phrase or ``after`` it. ``rank`` 1 is the
    boundary a clerk picks first; 2 when no rank-1 boundary gives fitting lines."""

    phrase: str
    where: Literal["before", "after"]
    rank: int


BREAKS: tuple[Break, ...] = (
    # a unit's level word starts the unit's name: "… ĐẢNG ỦY" / "XÃ BÌNH LƯ"
    *(Break(w, "before", 1) for w in LEVEL_WORDS),
    Break("trung ương", "before", 1),      # "BAN CHẤP HÀNH" / "TRUNG ƯƠNG"
    Break(",", "after", 1),                # "SỞ VĂN HÓA," / "THỂ THAO VÀ DU LỊCH"
    Break(";", "after", 1),
    Break("và", "before", 2),              # "BAN TUYÊN GIÁO" / "VÀ DÂN VẬN"
    Break("các", "before", 2),             # "ĐẢNG ỦY" / "CÁC CƠ QUAN ĐẢNG TRUNG ƯƠNG"
    Break("của", "before", 2),
    Break("đảng ủy", "after", 2),          # "ĐẢNG ỦY" / "ỦY BAN NHÂN DÂN TỈNH"
    Break("đảng bộ", "after", 2),
    Break("ban thường vụ", "after", 2),
)
ANY_WORD = 3   # any other space: only when no phrase boundary gives fitting lines
# A line holding only a level phrase ("THÀNH PHỐ", "TRUNG ƯƠNG") names nothing: as bad as
# a lone word, whatever its word count.
_LEVEL_ONLY = frozenset(key(b.phrase) for b in BREAKS if b.where == "before")
_NEVER_BEFORE = frozenset({"-", "–", ",", ";", ":", "."})  # a line never starts with these
# nor ends with a dash: "SỞ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ HỘI" splits one name in two
# ("SỞ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI" is how an office breaks it)
_NEVER_AFTER = frozenset({"-", "–"})
_TOKEN = re.compile(r"\S+")


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _rank(keys: list[str], i: int) -> int | None:
    """Rank of a break before token ``i``; None where a line may not start."""
    if keys[i] in _NEVER_BEFORE or keys[i - 1] in _NEVER_AFTER:
        return None
    best = ANY_WORD
    for b in BREAKS:
        words = key(b.phrase).split(" ")
        n = len(words)
        if b.where == "before":
            hit = keys[i:i + n] == words
        elif _is_word(b.phrase):
            hit = i >= n and keys[i - n:i] == words
        else:  # punctuation closing the word before the break: "HÓA,"
            hit = keys[i - 1].endswith(b.phrase)
        if hit:
            best = min(best, b.rank)
    return best


def break_line(text: str, width_mm: float, size_pt: float, *, bold: bool = False,
               italic: bool = False, max_lines: int = 3) -> list[str]:
    """``text`` as the lines a clerk would print in a column ``width_mm`` wide.

    A line that fits stays whole. Otherwise the fewest lines that fit, breaking at the
    best-ranked phrase boundaries (``BREAKS``) and, among those, the most balanced (the
    widest line as narrow as possible). No line is a single word when the name has
    several, nor a level word without its name ("THÀNH PHỐ"). Spacing inside a line is
    kept (a blank draft date's gaps). When nothing fits in ``max_lines``, the narrowest
    such layout.
    """
    def width(s: str) -> float:
        return text_width_mm(s, size_pt, bold=bold, italic=italic)

    if width(text) <= width_mm:
        return [text]
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens = [text[a:b] for a, b in spans]
    if sum(map(_is_word, tokens)) < 2:
        return [text]
    keys = [key(t) for t in tokens]
    ranks = {i: r for i in range(1, len(tokens)) if (r := _rank(keys, i)) is not None}

    def lines_of(cuts: tuple[int, ...]) -> list[str] | None:
        edges = (0, *cuts, len(tokens))
        out = []
        for a, b in itertools.pairwise(edges):
            if (sum(map(_is_word, tokens[a:b])) < 2
                    or " ".join(keys[a:b]).strip(",;.") in _LEVEL_ONLY):
                return None  # a lone word, or a level word with no name after it
            out.append(text[spans[a][0]:spans[b - 1][1]])
        return out

    best: tuple[tuple[float, ...], list[str]] | None = None
    for n in range(2, max_lines + 1):
        fitting = []
        for cuts in itertools.combinations(sorted(ranks), n - 1):
            lines = lines_of(cuts)
            if lines is None:
                continue
            widest = max(map(width, lines))
            rank = max(ranks[c] for c in cuts)
            if widest <= width_mm:
                fitting.append(((rank, widest), lines))
            elif best is None or widest < best[0][0]:
                best = ((widest, rank), lines)
        if fitting:
            return min(fitting, key=lambda x: x[0])[1]
    return best[1] if best else [text]
