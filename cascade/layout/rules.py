"""Pure layout rules, one function per component, driven only by a Profile.

Each function takes plain values (symbols, place, posts) so it can be tested without the
org chart; ``cascade.drafts`` resolves those values from the chart.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from cascade import doctypes
from cascade.doctypes import Capacity
from cascade.layout.fit import ANY_WORD, SAFETY_MM, break_line, layout, text_width_mm
from cascade.layout.profile import Profile, Role, load_profile, profile_names
from orgchart.text import key, upper_vi


class Line(BaseModel):
    """A line of text with the profile component that formats it; ``label`` leads the
    text in its own run (``Kính gửi:`` italic before an upright addressee)."""

    model_config = ConfigDict(frozen=True)

    text: str
    style: str
    label: str = ""
    wide: bool = False  # printed into the gutter beside its column (``header_lines``)


# ---------------------------------------------------------------- number and symbol


def pad(n: int, width: int) -> str:
    return str(n).zfill(width)


def number_line(p: Profile, doc_type: str, issuer_symbol: str, number: int | str | None = None,
                unit: str | None = None, *, on: dt.date | None = None,
                year: int | None = None) -> str:
    """``Số: 12/KH-UBND``, ``Số: 123/UBND-TH`` (State công văn), ``Số 12-KH/TU``; with
    ``year`` (a legal normative document) ``Số: 12/2026/NQ-HĐND``.

    The type code is the one in force on ``on`` (a Party quy định is ``QĐi`` before
    Quy định 399-QĐ/TW). A draft (no number) keeps the blank for the văn thư:
    ``Số:       /UBND-TH``.
    """
    code = p.type_code(doc_type, on)
    if number is None or str(number).strip() == "":
        num = p.number.blank
    elif isinstance(number, int) or str(number).isdigit():
        num = pad(int(number), p.number.width)
    else:
        num = str(number).strip()
    if code is None:
        pattern = p.number.cv_pattern if unit else p.number.cv_pattern_no_unit
    elif year is not None and p.number.pattern_year:
        pattern = p.number.pattern_year
    else:
        pattern = p.number.pattern
    return pattern.format(number=num, code=code, issuer=issuer_symbol, unit=unit or "",
                          year=year or "")


def reference(number: object, symbol: object, p: Profile | None = None) -> str:
    """``12/KH-UBND`` (State), ``01-KH/TU`` (Party): a number and its symbol joined as
    ``p.number.pattern`` joins them, as documents cite each other.

    Without a profile the symbol tells which: the profile whose pattern joins type code
    and issuer with the symbol's last joiner (``KH/TU``, ``CV/TU``: Party; ``KH-UBND``,
    ``UBND-TH``, ``2026/NQ-HĐND``: State). No symbol: the number alone.
    """
    n, sym = str(number or "").strip(), str(symbol or "").strip()
    if not n or not sym:
        return n or sym
    if p is None:
        mark = "/" if "/" in sym.rsplit("-", 1)[-1] else "-"
        p = next(q for q in map(load_profile, profile_names())
                 if q.number.pattern.split("{code}", 1)[1].startswith(mark))
    joiner = p.number.pattern.split("{number}", 1)[1].split("{", 1)[0]
    return f"{n}{joiner}{sym}"


# ---------------------------------------------------------------- place and date

_LEVEL_TITLE = {key(w): w.capitalize() for w in (
    "xã", "phường", "đặc khu", "thị trấn", "huyện", "quận", "thị xã", "tỉnh", "thành phố")}
NAMED_AFTER = Path(__file__).parent / "data" / "named_after.yaml"


@cache
def _named_after() -> frozenset[str]:
    data = yaml.safe_load(NAMED_AFTER.read_text(encoding="utf-8"))
    return frozenset(key(n) for group in data.values() for n in group)


def named_after_person_or_event(place: str) -> bool:
    """Whether ``place`` is the name of a person or a historical event (``Lê Lợi``,
    ``Điện Biên Phủ``), from ``data/named_after.yaml``."""
    return key(place) in _named_after()


def place_name(p: Profile, place: str, unit_type: str | None = None,
               province_place: str | None = None, unit_level: str | None = None) -> str:
    """Place as written before the date: the bare name (``Lai Châu``), or with its level
    word where the profile asks for it (``DateRule.level_word_for``): ``Quận 1``, ``Xã Lê
    Lợi``, and under ``hd05`` ``Thành phố Huế`` and ``Phường Phú Thọ`` (a commune named
    as its province, never the province itself).
    """
    level = _LEVEL_TITLE.get(key(unit_type)) if unit_type else None
    if level is None or key(place).startswith(key(unit_type or "")):
        return place
    cases = set(p.date.level_word_for)
    keep = (("number" in cases and place[:1].isdigit())
            or ("person" in cases and named_after_person_or_event(place))
            or ("one_syllable" in cases and len(place.split()) == 1)
            or ("commune_named_as_province" in cases and unit_level == "commune"
                and province_place is not None and key(place) == key(province_place)))
    return f"{level} {place}" if keep else place


def date_line(p: Profile, place: str, on: dt.date | None, year: int | None = None,
              blank: int | None = None) -> str:
    """``Lai Châu, ngày 05 tháng 01 năm 2026``; a draft leaves day and month blank
    (``blank`` spaces each; the profile's by default)."""
    if on is None:
        if year is None:
            raise ValueError("a blank draft date still needs the year")
        day = " " * blank if blank is not None else p.date.blank_day
        month = " " * blank if blank is not None else p.date.blank_month
        return p.date.pattern.format(place=place, day=day, month=month, year=year)
    day = pad(on.day, 2) if on.day < p.date.pad_day_below else str(on.day)
    month = pad(on.month, 2) if on.month < p.date.pad_month_below else str(on.month)
    return p.date.pattern.format(place=place, day=day, month=month, year=on.year)


def fitted_date_line(p: Profile, place: str, on: dt.date | None,
                     year: int | None = None) -> str:
    """The date line as printed in the header's right column: whole when it fits; a blank
    draft's day and month gaps shrink (down to ``blank_min`` spaces) before the line is
    broken after its place ("Mường Than, ngày      tháng      năm 2026" fits 85 mm)."""
    c = p.components["date"]
    width = p.page.text_width_mm - p.geometry.header_left_mm - SAFETY_MM
    if on is None:
        for n in range(len(p.date.blank_day), p.date.blank_min - 1, -1):
            line = date_line(p, place, on, year, blank=n)
            if text_width_mm(line, c.size, bold=c.bold, italic=c.italic) <= width:
                return line
    return fit(p, date_line(p, place, on, year), "date", "right")


# ---------------------------------------------------------------- header


def fit(p: Profile, text: str, style: str,
        column: Literal["left", "right"] = "left") -> str:
    """``text`` as printed in the header's ``left`` or ``right`` column with component
    ``style``: whole when it fits, else broken by hand at a phrase boundary
    (``cascade.layout.fit``), the parts joined by ``\n`` (a line break inside the
    paragraph: one name stays one paragraph).

    The word processor would otherwise wrap at the column edge and leave a lone word
    ("ĐẢNG ỦY ỦY BAN NHÂN DÂN" / "TỈNH", a blank date's "2026"), which no office prints.
    """
    c = p.components[style]
    width = p.geometry.header_left_mm
    if column == "right":
        width = p.page.text_width_mm - width
    return "\n".join(break_line(text, width, c.size, bold=c.bold, italic=c.italic))


def header_lines(p: Profile, chain: list[str], kind: str) -> list[Line]:
    """Left header from the chart's header chain.

    The last name line is the issuer (bold), the lines above it its superiors (regular);
    a body that wraps its own name (``ỦY BAN NHÂN DÂN`` / ``TỈNH LAI CHÂU``) is all bold.
    A trailing ``*`` from the chart is the Party mark and is kept as its own line. A name
    too wide for the column is broken into balanced lines (``fit``); below the first
    line, one that would only break inside a word or beside the dash of a compound name
    ("SỞ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI") may use the gutter beside the column
    (``geometry.header_overhang_mm``), as a clerk lets it run a little wide.
    """
    names = [upper_vi(x.strip()) for x in chain if x.strip() and x.strip() != "*"]
    own = len(names) if kind in p.header.wrapped_name_kinds else 1
    styles = ["header_parent"] * (len(names) - own) + ["header_issuer"] * own
    lines = []
    for i, (name, style) in enumerate(zip(names, styles, strict=True)):
        c = p.components[style]
        col, over = p.geometry.header_left_mm, p.geometry.header_overhang_mm
        parts, rank = layout(name, col, c.size, bold=c.bold, italic=c.italic)
        wide = False
        if i > 0 and over and rank >= ANY_WORD:
            more, better = layout(name, col + 2 * over, c.size, bold=c.bold, italic=c.italic)
            if better < rank:
                parts, wide = more, True
        lines.append(Line(text="\n".join(parts), style=style, wide=wide))
    if p.texts.issuer_mark:
        lines.append(Line(text=p.texts.issuer_mark, style="header_issuer"))
    return lines


def issuer_rule_mm(p: Profile, lines: list[Line]) -> int:
    """Length of the rule drawn under a State issuer's name: NĐ 30 asks 1/3 to 1/2 of the
    name's width; the template's step nearest the middle of that range (0: no rule)."""
    steps = p.geometry.issuer_rules_mm()
    c = p.components["header_issuer"]
    widths = [text_width_mm(part, c.size, bold=c.bold, italic=c.italic)
              for line in lines if line.style == "header_issuer"
              for part in line.text.split("\n") if part != p.texts.issuer_mark]
    if not steps or not widths:
        return 0
    lo, hi = p.geometry.issuer_rule_ratio
    name = max(widths)
    inside = [s for s in steps if lo * name <= s <= hi * name]
    target = name * (lo + hi) / 2
    return min(inside or steps, key=lambda s: (abs(s - target), s))


# ---------------------------------------------------------------- title and summary

_CV_PREFIXES = ("v/v", "về việc", "vv")


def _case(text: str, how: str) -> str:
    if not text or how == "keep":
        return text
    first = text.split(" ", 1)[0]
    if how == "lower_first":
        if len(first) > 1 and first.isupper():  # an acronym such as UBND stays
            return text
        return text[0].lower() + text[1:]
    return text[0].upper() + text[1:]


def strip_cv_prefix(summary: str) -> str:
    """Drop a ``V/v`` or ``về việc`` the user typed; the profile adds its own."""
    words = summary.split()
    for pre in _CV_PREFIXES:
        n = len(pre.split())
        if len(words) > n and key(" ".join(words[:n])).rstrip(":") == key(pre):
            return " ".join(words[n:]).lstrip(": ")
    return " ".join(words)


def summary_text(p: Profile, doc_type: str, summary: str) -> str:
    """Summary line: ``V/v …`` (State công văn), ``về việc …`` (hd05 công văn), a
    decision's ``Về việc …``, a Party nghị quyết's ``về …`` (the type's own prefix), or
    the title summary with the profile's case of the first letter."""
    s = " ".join(summary.split())
    t = doctypes.get(doc_type)
    form = t.form(p.system)
    if form == "letter":
        return p.summary.cv_prefix + _case(strip_cv_prefix(s), p.summary.cv_case)
    prefix = t.summary_prefix.get(p.system)
    if prefix is None and form == "decision":
        prefix = p.summary.decision_prefix
    if prefix:
        return _case(prefix, p.summary.doc_case) + _case(strip_cv_prefix(s), "lower_first")
    return _case(s, p.summary.doc_case)


def title_text(p: Profile, doc_type: str, author: str | None = None) -> str:
    """The type's title line; under the Party, with its author below when the type names
    one (``KẾT LUẬN`` / ``CỦA BAN THƯỜNG VỤ TỈNH ỦY``), one paragraph broken by hand."""
    t = doctypes.get(doc_type)
    if author and p.texts.author and t.author:
        return f"{t.title}\n{upper_vi(p.texts.author.format(author=' '.join(author.split())))}"
    return t.title


def decision_word(p: Profile, doc_type: str) -> str:
    """``QUYẾT ĐỊNH:``, ``QUYẾT NGHỊ:`` (nd30) or ``QUYẾT ĐỊNH`` (Party)."""
    return p.texts.decision_word.format(word=doctypes.get(doc_type).decision_word)


# ---------------------------------------------------------------- lists

_ITEM_END = re.compile(r"[\s.;,]+$")


def _item(text: str) -> str:
    return _ITEM_END.sub("", " ".join(text.split()))


def kinh_gui(p: Profile, doc_type: str, recipients: list[str]) -> list[Line]:
    """Kính gửi block: one addressee on the label's line (the label in its own style, the
    name upright: ``Kính gửi:`` is italic under the Party, the addressee never); several,
    one per line."""
    if not recipients:
        return []
    label = p.kinh_gui.label_to_trinh if doc_type == "to_trinh" else p.kinh_gui.label
    items = [_item(r) for r in recipients]
    if len(items) == 1:
        return [Line(text=f"{items[0]}{p.kinh_gui.last}", style="kinh_gui_one", label=label)]
    lines = [Line(text=label, style="kinh_gui_label")]
    for i, it in enumerate(items):
        end = p.kinh_gui.last if i == len(items) - 1 else p.kinh_gui.separator
        lines.append(Line(text=f"{p.kinh_gui.item_prefix}{it}{end}", style="kinh_gui_item"))
    return lines


class Copy(BaseModel):
    """A Nơi nhận item: who, and why (report, follow, direct, implement, info)."""

    model_config = ConfigDict(frozen=True)

    text: str
    purpose: str | None = None
    note: str | None = None  # free note replacing the profile's purpose note


def noi_nhan(p: Profile, doc_type: str, copies: list[Copy], *, has_kinh_gui: bool,
             unit: str | None = None, office: str | None = None,
             last_article: int | None = None) -> list[str]:
    """Nơi nhận items, in order: ``Như trên`` / ``Như Điều n`` first, the copies with
    their purpose notes, the archive line last (``Lưu: VT, TH.``/``Lưu Văn phòng …``)."""
    r = p.noi_nhan
    items: list[str] = []
    if doc_type in r.same_as_article_types and last_article:
        items.append(r.same_as_article.format(n=last_article))
    elif has_kinh_gui and doc_type in r.same_as_above_types:
        items.append(r.same_as_above)
    for c in copies:
        note = c.note or (r.purposes.get(c.purpose) if c.purpose else None)
        if c.purpose and not c.note and note is None:
            raise ValueError(f"mục đích gửi không hợp lệ: {c.purpose!r}; "
                             f"dùng một trong: {', '.join(r.purposes)}")
        items.append(_item(c.text) + (f" {note}" if note else ""))
    if r.archive.count("{office}") and not office:
        raise ValueError("thiếu tên Văn phòng cấp ủy cho dòng lưu")
    archive = r.archive if (unit or "{unit}" not in r.archive) else r.archive_no_unit
    items.append(archive.format(unit=unit or "", office=office or ""))
    return [f"{r.item_prefix}{it}{r.last if i == len(items) - 1 else r.separator}"
            for i, it in enumerate(items)]


# ---------------------------------------------------------------- signature


def signer_title(p: Profile, title: str, *, collective: bool) -> str:
    """The post as printed: capitals; ``hd05`` reduces posts under T/M to six titles."""
    t = upper_vi(" ".join(title.split()))
    if not collective:
        return t
    t = p.signature.title_reductions.get(t, t)
    allowed = p.signature.titles_under_collective
    if allowed is not None and t not in allowed:
        raise ValueError(f"chức danh {t!r} không được ký thay mặt tập thể theo {p.name}; "
                         f"chỉ: {', '.join(allowed)}")
    return t


def signature_block(p: Profile, *, role: Role, title: str, collective: str | None,
                    head_title: str | None, name: str | None, kind: str = "",
                    capacity: Capacity | None = None) -> list[Line]:
    """Signature lines: authority and collective (``TM. ỦY BAN NHÂN DÂN``, ``T/M BAN
    THƯỜNG VỤ``), the post, then the name line, blank when the signer is not yet known:
    the space above it for the signature and seal is always there.

    ``capacity``: ``on_behalf`` of the collective (the default for a collective body),
    ``own`` (a head in own name, ``CHỦ TỊCH``: the default for a head-run body) or
    ``deputy`` (``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH`` without the TM. line). A deputy of a
    collective Party body signs ``T/M`` + ``PHÓ BÍ THƯ`` (never K/T).
    """
    capacity = capacity or ("on_behalf" if collective else "own")
    if capacity == "on_behalf" and not collective:
        raise ValueError("không ký thay mặt (TM.) được: cơ quan không làm việc theo chế độ "
                         "tập thể; bỏ capacity: on_behalf")
    if capacity == "deputy":
        if role not in ("deputy", "standing_deputy"):
            raise ValueError(f"ký thay (KT.) cần chức danh cấp phó, không phải {title!r}")
        if collective and not p.signature.deputy_for_collective_head:
            raise ValueError(f"theo {p.name}, cấp ủy không ký K/T: cấp phó ký "
                             f"{p.authority.collective} {upper_vi(collective)}")
    table = p.signature.collective if capacity == "on_behalf" else p.signature.head_run
    if role not in table:
        raise ValueError(f"vai trò ký {role!r} không áp dụng theo {p.name}")
    words = {
        "collective_word": p.authority.collective,
        "deputy_word": p.authority.deputy,
        "office_word": p.authority.office,
        "delegated_word": p.authority.delegated or "",
        "acting_word": p.authority.acting,
        "collective": upper_vi(collective or ""),
        "head_title": upper_vi(head_title or ""),
        "title": signer_title(p, title, collective=capacity == "on_behalf"),
    }
    lines: list[Line] = []
    for style, pattern in table[role]:
        if "{head_title}" in pattern and not head_title:
            continue  # no head yet: the deputy signs with the post alone
        if style == "title" and kind in p.signature.no_title_kinds:
            continue  # T/M BỘ CHÍNH TRỊ has no title line
        lines.append(Line(text=pattern.format(**words).strip(), style=f"sig_{style}"))
    lines.append(Line(text=" ".join((name or "").split()), style="sig_name"))
    return lines


def grounds(p: Profile, items: list[str]) -> list[str]:
    """Căn cứ lines with the profile's prefix, ``;`` between and ``.`` after the last."""
    g = p.grounds
    cleaned = [_item(i) for i in items]
    return [f"{g.item_prefix}{it}{g.last if i == len(cleaned) - 1 else g.separator}"
            for i, it in enumerate(cleaned)]
