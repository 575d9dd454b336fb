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
INSIDE = 4     # inside a word of two syllables a name is made of: a last resort
DASH = 5       # after the dash joining two names ("SỞ LAO ĐỘNG -"): the very last
# Words of two or more syllables that body names are made of: a line never ends inside
# one while another layout fits ("UBND THÀNH PHỐ" / "LAI CHÂU", not "UBND THÀNH" / "PHỐ
# LAI CHÂU"), and a level word that begins one is no level word ("XÃ HỘI").
COMPOUNDS: tuple[str, ...] = (
    *(w for w in LEVEL_WORDS if " " in w),
    "trung ương", "đảng ủy", "đảng bộ", "ban thường vụ", "chấp hành", "bộ chính trị",
    "nhân dân", "hội đồng", "ủy ban", "mặt trận", "tổ quốc", "việt nam", "cộng sản",
    "văn phòng", "tuyên giáo", "dân vận", "nội chính", "kiểm tra", "tổ chức", "xã hội",
    "lao động", "thương binh", "tài chính", "kế hoạch", "đầu tư", "văn hóa", "thể thao",
    "du lịch", "thông tin", "truyền thông", "giáo dục", "đào tạo", "khoa học", "công nghệ",
    "xây dựng", "nông nghiệp", "môi trường", "phát triển", "nông thôn", "tài nguyên",
    "công thương", "nội vụ", "tư pháp", "y tế", "dân tộc", "tôn giáo", "thanh tra",
    "công an", "quân sự", "chỉ huy", "kiểm sát", "tòa án", "thi hành", "dân sự",
    "hành chính", "phục vụ", "chính phủ", "quốc hội", "thường trực", "hạ tầng", "đô thị",
    "kinh tế", "phụ nữ", "nông dân", "cựu chiến binh", "thanh niên", "liên đoàn",
    "liên hiệp", "giao thông", "vận tải",
)
_COMPOUND_KEYS = tuple(key(c).split(" ") for c in COMPOUNDS)
# A line holding only a level phrase ("THÀNH PHỐ", "TRUNG ƯƠNG") names nothing: as bad as
# a lone word, whatever its word count.
_LEVEL_ONLY = frozenset(key(b.phrase) for b in BREAKS if b.where == "before")
_NEVER_BEFORE = frozenset({"-", "–", ",", ";", ":", "."})  # a line never starts with these
# and ends with a dash only when nothing else fits: "SỞ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ
# HỘI" splits one name in two ("SỞ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI" is how an
# office breaks it)
_DASHES = frozenset({"-", "–"})
_TOKEN = re.compile(r"\S+")


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _inside(keys: list[str], i: int) -> bool:
    """Whether a break before token ``i`` falls inside a known compound word."""
    return any(keys[j:j + len(c)] == c for c in _COMPOUND_KEYS
               for j in range(max(0, i - len(c) + 1), i))


def _starts_longer(keys: list[str], i: int, n: int) -> bool:
    """Whether a compound longer than ``n`` tokens starts at token ``i`` ("xã hội" where
    "xã" is a level word)."""
    return any(len(c) > n and keys[i:i + len(c)] == c for c in _COMPOUND_KEYS)


def _rank(keys: list[str], i: int) -> int | None:
    """Rank of a break before token ``i``; None where a line may not start (a comma, a
    dash)."""
    if keys[i] in _NEVER_BEFORE:
        return None
    if keys[i - 1] in _DASHES:
        return DASH
    if _inside(keys, i):
        return INSIDE
    best = ANY_WORD
    for b in BREAKS:
        words = key(b.phrase).split(" ")
        n = len(words)
        if b.where == "before":
            hit = keys[i:i + n] == words and not _starts_longer(keys, i, n)
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
    several, nor a level word without its name ("THÀNH PHỐ"), nor ends with the dash
    joining two names; a compound word (``COMPOUNDS``) is split only when nothing else
    fits. Spacing inside a line is kept (a blank draft date's gaps). When nothing fits in
    ``max_lines``, the narrowest such layout.
    """
    return layout(text, width_mm, size_pt, bold=bold, italic=italic, max_lines=max_lines)[0]


NO_FIT = 99   # the rank of a layout that does not fit at all
# A line measured within this much of its column is treated as too wide: LibreOffice
# rounds positions to twips and wrapped "ĐẢNG ỦY THỊ TRẤN PHONG THỔ" (79.99 mm) in 80 mm.
SAFETY_MM = 0.8


def layout(text: str, width_mm: float, size_pt: float, *, bold: bool = False,
           italic: bool = False, max_lines: int = 3) -> tuple[list[str], int]:
    """``break_line``'s lines and the worst rank of their breaks (0: whole; ``ANY_WORD``,
    ``INSIDE``: no phrase boundary would do; ``NO_FIT``: too wide whatever the breaks)."""
    def width(s: str) -> float:
        return text_width_mm(s, size_pt, bold=bold, italic=italic)

    width_mm -= SAFETY_MM
    if width(text) <= width_mm:
        return [text], 0
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens = [text[a:b] for a, b in spans]
    if sum(map(_is_word, tokens)) < 2:
        return [text], NO_FIT
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
    # phrase boundaries and plain spaces first, with the fewest lines; only then inside a
    # compound word or after a dash
    for allowed in (ANY_WORD, DASH):
        cut_at = sorted(i for i, r in ranks.items() if r <= allowed)
        for n in range(2, max_lines + 1):
            fitting = []
            for cuts in itertools.combinations(cut_at, n - 1):
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
                (rank, _), lines = min(fitting, key=lambda x: x[0])
                return lines, int(rank)
    return (best[1], NO_FIT) if best else ([text], NO_FIT)
