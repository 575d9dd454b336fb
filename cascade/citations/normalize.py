"""Text normalisation for matching references, with a map back to the original text.

Real text is damaged (seeds, docs/format-rules.md §15): NFD input, old tone placement
("uỷ"/"ủy"), typographic dashes and spaces, and look-alike glyphs from fonts and OCR
(Icelandic "Ð" U+00D0 for "Đ"). Matching runs on a normalised copy whose characters map
back to the original, so spans point into what the caller gave; every substitution is a
one-to-one character change, so the map stays a simple index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cascade.citations.tables import GLYPH_FIXES


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
    **GLYPH_FIXES,
})


def clean_chars(text: str) -> str:
    """NFC with plain hyphens and spaces and look-alike glyphs repaired; tone placement
    kept as written."""
    return unicodedata.normalize("NFC", text).translate(_CHAR_FIXES)


def has_glyph_damage(text: str) -> list[str]:
    """The look-alike glyphs in ``text`` (for a warning): ['Ð (U+00D0)']."""
    found = dict.fromkeys(ch for ch in text if ch in GLYPH_FIXES)
    return [f"{ch} (U+{ord(ch):04X})" for ch in found]


@dataclass(frozen=True)
class Normalized:
    """NFC, new-style tones, plain hyphens; ``index[i]`` = offset in the original."""

    text: str
    index: tuple[int, ...]

    def orig(self, i: int) -> int:
        return self.index[i]


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching while remembering where each character came from.

    Text already in NFC (nearly all text) maps one character to one: only NFD input
    is walked cluster by cluster. Every later change keeps the length (one character
    for one, a tone moved inside its two letters)."""
    if unicodedata.is_normalized("NFC", text):
        norm = text.translate(_CHAR_FIXES)
        index: tuple[int, ...] | list[int] = range(len(text) + 1)  # type: ignore[assignment]
    else:
        out: list[str] = []
        index = []
        for m in re.finditer(r".[\u0300-\u036f]*", text, re.S):
            cluster = unicodedata.normalize("NFC", m.group()).translate(_CHAR_FIXES)
            for ch in cluster:
                out.append(ch)
                index.append(m.start())
        index.append(len(text))
        norm = "".join(out)
    norm = _TONE_RE.sub(lambda m: _TONE_FIXES[m.group(1)], norm)
    return Normalized(norm, tuple(index))


def canon(word: str) -> str:
    """A table word in the form the normalised text has."""
    return normalize(word).text


def words_re(words: object, *, ignore_case: bool = True) -> str:
    """Alternation of phrases, longest first, any whitespace between their words."""
    alts = sorted({canon(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alts)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


def collapse(text: str) -> str:
    """Whitespace runs (line breaks included) as one space."""
    return " ".join(text.split())
