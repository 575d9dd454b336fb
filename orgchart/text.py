"""Vietnamese text keys: compare names the way a clerk reads them.

Two spellings of one name must compare equal: Unicode NFC vs NFD input, old and new
tone placement ("Thành uỷ" / "Thành ủy", "Hoà" / "Hòa"), letter case and spacing.
"Đ" is a letter of its own and is never folded to "D"; vowel shapes (â, ă, ê, ô, ơ, ư)
are kept, only the position of the tone mark is made canonical.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The five tone marks as combining characters; the other combining marks
# (circumflex, breve, horn) belong to the vowel and stay where they are.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

_WORD = re.compile(r"(?:\w|[\u0300-\u036f])+")
_SPACE = re.compile(r"\s+")

# Abbreviations used interchangeably with the full words in names and headers.
# Keys are already in key form (see ``key``) so they can be matched token-wise.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc",
    "btv": "ban thường vụ",
    "tt": "thường trực",
    "tand": "tòa án nhân dân",
    "vksnd": "viện kiểm sát nhân dân",
    "thads": "thi hành án dân sự",
    "bchqs": "bộ chỉ huy quân sự",
    "ubkt": "ủy ban kiểm tra",
    "tg&dv": "tuyên giáo và dân vận",
    "tgdv": "tuyên giáo và dân vận",
    "vhttdl": "văn hóa, thể thao và du lịch",
    "gd&đt": "giáo dục và đào tạo",
    "gdđt": "giáo dục và đào tạo",
    "tp": "thành phố",
    "tw": "trung ương",
    "bct": "bộ chính trị",
    "đcs": "đảng cộng sản",
}

# Words naming the level of a territorial unit: "tỉnh Lai Châu" and "Lai Châu" name
# the same place in a lookup.
LEVEL_WORDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường",
               "đặc khu")


def _move_tone(word: str) -> str:
    """Return ``word`` (NFD) with its tone mark moved to the end of the syllable."""
    tone = ""
    kept = []
    for ch in word:
        if ch in TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    return "".join(kept) + tone


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """Comparison key: NFC, canonical tone position, case-folded, single spaces.

    The tone mark is moved behind the last letter of its syllable and the result
    recomposed, so "hoà", "hòa", "HÒA" and "hoa\u0300" all give the same key.
    """
    nfd = unicodedata.normalize("NFD", text)
    out = _WORD.sub(lambda m: _move_tone(m.group(0)), nfd)
    out = unicodedata.normalize("NFC", out).casefold()
    # casefold keeps "đ" (U+0111) as is: Đ/đ never become d.
    out = out.replace("\u2013", "-").replace("\u2014", "-")
    return _SPACE.sub(" ", out).strip()


_word_keys: dict[str, str] = {}


def fast_key(text: str) -> str:
    """``key`` computed word by word with a memo: names share most of their words, so
    keying 100,000 body names costs a dictionary lookup per word."""
    out = []
    for w in text.split():
        k = _word_keys.get(w)
        if k is None:
            k = _word_keys[w] = key(w)
        out.append(k)
    return " ".join(out)


_EXPANSIONS = {key(k): key(v) for k, v in ABBREVIATIONS.items()}


def expand_abbreviations(k: str) -> str:
    """Replace known abbreviations in a key by their full words (token-wise)."""
    tokens = k.split(" ")
    return " ".join(_EXPANSIONS.get(t, t) for t in tokens)


# "Tỉnh ủy", "Huyện ủy", "Thành đoàn" are names of bodies, not level words: keep them.
_LEVEL_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(key(w)) for w in LEVEL_WORDS) + r")(?!\w)"
    r"(?!\s+(?:" + re.escape(key("ủy")) + "|" + re.escape(key("đoàn")) + r")(?!\w))\s*"
)


def strip_level_words(k: str) -> str:
    """Drop the level words from a key: "ủy ban nhân dân tỉnh lai châu" → "… lai châu"."""
    return _SPACE.sub(" ", _LEVEL_RE.sub("", k)).strip()


def lookup_keys(text: str) -> set[str]:
    """All keys under which a name should be found (full, abbreviations expanded, bare)."""
    k = fast_key(text)
    full = expand_abbreviations(k)
    return {k, full, strip_level_words(full)}


def same_name(a: str, b: str) -> bool:
    """True when two names are the same after normalisation and abbreviation expansion."""
    return expand_abbreviations(key(a)) == expand_abbreviations(key(b))


def upper_vi(text: str) -> str:
    """Upper-case for headers and signature lines (Python handles Vietnamese letters)."""
    return unicodedata.normalize("NFC", text).upper()


# Vietnamese alphabetical order: the vowel shapes and Đ are letters of their own (a ă â …
# d đ …), tone marks only break ties, in the dictionary order ngang, huyền, hỏi, ngã,
# sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_SHAPES = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_rank(base: str, shape: str | None) -> int:
    if shape == "\u0302":
        letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    elif shape == "\u0306":
        letter = "ă" if base == "a" else base
    elif shape == "\u031b":
        letter = {"o": "ơ", "u": "ư"}.get(base, base)
    else:
        letter = base
    i = _ALPHABET.find(letter)
    if i >= 0:
        return 100 + i
    if letter.isspace():
        return 1
    if letter.isdigit():
        return 10 + int(letter) if letter in "0123456789" else 50
    return 200 + ord(letter)


@lru_cache(maxsize=65536)
def collate(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese dictionary order: "Đà Nẵng" after "Cần Thơ" and before
    "Gia Lai", "Hà Nội" before "Hải Phòng" and "Huế" (code-point order puts every Đ after
    Z and mixes the tones into the letters). Case and spacing fold; the text itself is the
    last tie-break so the order is total."""
    letters: list[int] = []
    tones: list[int] = []  # one per word: "Hoà" and "Hòa" carry the same tone
    for word in unicodedata.normalize("NFC", text).lower().split():
        if letters:
            letters.append(1)  # the space between words
        tone = 0
        for ch in word:
            d = unicodedata.normalize("NFD", ch)
            base, marks = d[0], d[1:]
            shape = next((m for m in marks if m in _SHAPES), None)
            letters.append(100 + _ALPHABET.index("đ") if base == "đ"
                           else _letter_rank(base, shape))
            tone = next((_TONE_ORDER[m] for m in marks if m in _TONE_ORDER), tone)
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def unmarked(k: str) -> str:
    """A key without its vowel shapes and tones ("thanh uy" for "thành ủy"), for a search
    typed without marks. "đ" is a letter, not a mark, so it stays: "Đ" is not "D"."""
    return "".join(c for c in unicodedata.normalize("NFD", k) if not unicodedata.combining(c))
