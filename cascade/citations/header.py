"""The header of a document read from its text: issuer lines, number, place and date,
type and summary, Kính gửi, signature and Nơi nhận (docs/format-rules.md §3–§10).

Lines are classified by what they look like (national title, ``*``, ``Số …``, ``Place,
ngày …``, type title, ``V/v``, ``Kính gửi``, ``Nơi nhận``, signature lines), so the same
code serves a .docx whose header table comes out cell by cell, a PDF's text and the
plain-text seeds, whose wrapped lines are separated by blank lines. What is read but
not as the rules print it (a number line without its colon or hyphen, a line that is no
number) becomes a warning; reading goes on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cascade.citations import issuers
from cascade.citations.models import DocumentHeader, ListItem, Signature, System
from cascade.citations.normalize import clean_chars, normalize, words_re
from cascade.citations.roles import TRIGGER_RE
from cascade.citations.symbols import parse_symbol, type_of_symbol
from cascade.citations.tables import ACTING_VERBS, PURPOSES, TITLE_HEADS, TYPE_BY_WORD
from orgchart.text import LEVEL_WORDS, key

NATIONAL_TITLES: dict[str, System] = {
    key("Cộng hòa xã hội chủ nghĩa Việt Nam"): "state",
    key("Đảng Cộng sản Việt Nam"): "party",
}
MOTTO = key("Độc lập - Tự do - Hạnh phúc")
SIGN_PREFIXES: dict[str, System] = {
    "TM.": "state", "KT.": "state", "TL.": "state", "TUQ.": "state",
    "T/M": "party", "K/T": "party", "T/L": "party", "Q.": "state",
}
# Clues to the system when a header is missing (seed 000 starts at Kính gửi).
SYSTEM_CLUES: tuple[tuple[re.Pattern[str], System], ...] = (
    (re.compile(r"^-?\s*Lưu\s*:\s*VT", re.I), "state"),
    (re.compile(r"^-?\s*Lưu\s+(?:Văn phòng|VP)", re.I), "party"),
)

_RULE_RE = re.compile(r"[-_=.─—*]{3,}")
_NUMBER_RE = re.compile(r"(?i:số)(?=[\s:\d/-])\s*:?")
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^,\d\n]{2,60}?),\s*(?i:ngày)\s*(?P<d>\d{1,2})?\s*(?i:tháng)\s*"
    r"(?P<m>\d{1,2})?\s*(?i:năm)\s*(?P<y>\d{4})"
)
_VV_RE = re.compile(r"(?i:v/v)\s*:?\s*")
_KINH_GUI_RE = re.compile(r"-?\s*(?i:kính\s+(?:gửi|trình))\s*:?\s*")
_NOI_NHAN_RE = re.compile(r"(?i:nơi\s+nhận)\s*:?\s*")
_SIGN_RE = re.compile("(" + "|".join(re.escape(p) for p in SIGN_PREFIXES) + r")\s*")
_SECTION_RE = re.compile(r"(?:[IVXLC]{1,5}[.-]|\d{1,2}\.|[a-zđ]\))\s")
_NAME_RE = re.compile(r"(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+\s+){1,5}[A-ZÀ-ỸĐ][a-zà-ỹđ]+")
_TYPE_TITLES = {key(w): TYPE_BY_WORD[w].word for w in TYPE_BY_WORD}
# Marks printed near the number (docs/format-rules.md §11).
_MARK_RE = re.compile(
    r"(?:HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN|TUYỆT MẬT|TỐI MẬT|MẬT|(?i:dự\s+thảo(?:\s+lần\s*\d+)?))"
)
_AUTHOR_RE = re.compile(r"CỦA\s")


@dataclass(frozen=True)
class _Line:
    text: str  # stripped, emphasis asterisks removed
    no: int


def lines_of(text: str) -> list[_Line]:
    out = []
    for no, raw in enumerate(clean_chars(text).split("\n")):
        line = raw.strip()
        if line != "*":
            line = " ".join(line.replace("*", " ").split())
        if line:
            out.append(_Line(line, no))
    return _merge_wrapped(out)


_YEAR_ONLY_RE = re.compile(r"\d{4}")
_LEVEL_KEYS = frozenset(key(w) for w in LEVEL_WORDS)
_DATE_NO_YEAR_RE = re.compile(r"[^,\d]{2,60},\s*(?i:ngày).*(?i:năm)\s*$")
_PLACE_ONLY_RE = re.compile(r"[^,\d]{2,60},")
_DATE_ONLY_RE = re.compile(r"(?i:ngày)\b.*(?i:năm)\s*\d{4}\s*$")


_TITLE_MAX = max(len(t) for t in NATIONAL_TITLES) + 8


def _merge_wrapped(lines: list[_Line]) -> list[_Line]:
    """Re-join header lines a narrow column wrapped: the national title, a date's year."""
    out: list[_Line] = []
    for line in lines:
        if out:
            prev = out[-1]
            joined = f"{prev.text} {line.text}"
            # (keyed only when short enough to be one: keying every line pair is costly)
            wrapped_title = (len(joined) <= _TITLE_MAX and key(joined) in NATIONAL_TITLES
                             and key(prev.text) not in NATIONAL_TITLES)
            wrapped_year = _DATE_NO_YEAR_RE.match(prev.text) and _YEAR_ONLY_RE.fullmatch(line.text)
            # a level word alone ("TỈNH") names no unit: the tail of the issuer line above,
            # "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", that a PDF's narrow header column wrapped
            wrapped_level = (len(line.text) <= 12 and key(line.text) in _LEVEL_KEYS
                             and _is_caps(line.text)
                             and _is_caps(prev.text) and key(prev.text) not in NATIONAL_TITLES)
            # a date line broken after its place ("Sin Suối Hồ," / "ngày … năm 2026"); a
            # PDF's reading order may give its two lines the other way round
            wrapped_date = _PLACE_ONLY_RE.fullmatch(prev.text) and _DATE_ONLY_RE.match(line.text)
            if _DATE_ONLY_RE.match(prev.text) and _PLACE_ONLY_RE.fullmatch(line.text):
                out[-1] = _Line(f"{line.text} {prev.text}", prev.no)
                continue
            if wrapped_title or wrapped_year or wrapped_level or wrapped_date:
                out[-1] = _Line(joined, prev.no)
                continue
        out.append(line)
    return out


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _strip_item(text: str) -> str:
    return text.strip().lstrip("-–+• ").rstrip(" ,;.").strip()


def _items(
    lines: list[_Line], i: int, first: str, *, skip_caps: bool = False
) -> tuple[list[str], set[int]]:
    """"- a," "- b." list from line ``i`` (``first`` = rest of the label line), each
    item as printed (bullet and terminator kept).

    Continuation lines join the item before them; the list ends at an item ending
    in "." (or a "Lưu" item), at a rule, at a signature line or at the body. With
    ``skip_caps`` signature lines interleaved by a PDF's column order are stepped over.
    Returns the items and the indices of the lines they took.
    """
    items: list[str] = []
    used: set[int] = set()
    current = first.strip()

    def flush() -> bool:
        nonlocal current
        done = current.endswith(".") or _strip_item(current).lower().startswith("lưu")
        if _strip_item(current):
            items.append(current.strip())
        current = ""
        return done

    if current.endswith(".") and not current.startswith("-"):
        flush()
        return items, used
    while i < len(lines):
        t = lines[i].text
        signature_like = _SIGN_RE.match(t) or (_is_caps(t) and t[:1] != "-")
        if signature_like and skip_caps:
            i += 1
            continue
        if _RULE_RE.fullmatch(t) or signature_like or TRIGGER_RE.match(t) or _SECTION_RE.match(t):
            break
        if t.startswith(("-", "–", "+", "•")):
            if current and flush():
                return items, used
            current = t
        elif current and (not current.rstrip().endswith((",", ";", ".")) or t[:1].islower()):
            # a wrapped item; after its comma only a lower-case start ("đặc khu (để …)")
            # continues it, as a new item starts with "-" and the body with a capital
            current += " " + t
        else:
            break
        used.add(i)
        i += 1
        if current.endswith(".") or _strip_item(current).lower().startswith("lưu"):
            flush()
            return items, used
    if current:
        flush()
    return items, used


_PURPOSES = {key(p): kind for p, kind in PURPOSES}
_AS_ABOVE = (key("Như trên"), key("Như Điều"))
_ARCHIVE = key("Lưu")
_PURPOSE_RE = re.compile(
    r"^(?P<text>.*?)(?P<sep>[\s;,]*)\((?P<p>[^()]{1,40})\)\s*(?P<t>[;,.])?\s*$")


def list_item(raw: str) -> ListItem:
    """An item as printed → addressee, terminator and purpose note:
    "- TT. Tỉnh ủy; (B/c)" → "TT. Tỉnh ủy", ";", "B/c" (report)."""
    body = raw.strip().lstrip("-–+• ").strip()
    terminator = body[-1] if body[-1:] in (";", ",", ".") else None
    text, purpose, kind = body, None, None
    m = _PURPOSE_RE.match(body)
    if m and key(m.group("p").strip()) in _PURPOSES:
        text, purpose = m.group("text"), m.group("p").strip()
        kind = _PURPOSES[key(purpose)]
        terminator = m.group("t") or (m.group("sep").strip()[-1:] or None)
    text = _strip_item(text)
    k = key(text)
    role = ("as_above" if k.startswith(_AS_ABOVE) else
            "archive" if k.startswith(_ARCHIVE) else "body")
    return ListItem(raw=raw.strip(), text=text, terminator=terminator, purpose=purpose,
                    purpose_kind=kind, kind=role)  # type: ignore[arg-type]


def _list(raws: list[str]) -> tuple[list[str], list[ListItem]]:
    """The clean strings (as ``recipients``/``distribution`` always gave) and the items."""
    return [_strip_item(r) for r in raws], [list_item(r) for r in raws]


# --------------------------------------------------------------------------- header


def number_line_warnings(header: DocumentHeader) -> list[str]:
    """The punctuation of the number line against its system (docs/format-rules.md §4): State
    "Số: 12/KH-UBND", Party "Số 05-HD/ĐU"."""
    line = header.number_line
    if not line or not header.symbol or header.system is None:
        return []
    colon = re.match(r"[-\s*]*(?i:số)\s*:", line) is not None
    if header.system == "state" and not colon:
        return [f"dòng số «{line}»: văn bản Nhà nước ghi «Số:» có dấu hai chấm"]
    if header.system == "party" and colon:
        return [f"dòng số «{line}»: văn bản của Đảng ghi «Số» không có dấu hai chấm"]
    return []


def read_top(lines: list[_Line], header: DocumentHeader) -> tuple[int, list[_Line]]:
    """Fill the top fields; return the index of the first body line and the summary lines."""
    summary: list[_Line] = []
    after_title = False  # the line right after a type title is its summary, whatever it says
    # A Party công văn's trích yếu sits under its number and may start "Triển khai thực
    # hiện …" (docs/format-rules.md §6): taken as summary, not as the body's first sentence.
    after_cv_number = False
    collecting = False  # the lines that follow are the summary
    ended_issuer = False
    awaiting_recipients = False  # "Kính gửi:" read, its list not yet
    titled = False  # a type title ("KẾ HOẠCH", "QUYẾT ĐỊNH") read
    i = 0
    while i < len(lines):
        t = lines[i].text
        k = key(t)
        first_after_title, after_title = after_title, False
        first_after_number, after_cv_number = after_cv_number, False
        cv_summary = first_after_number and not summary and not (
            _PLACE_DATE_RE.match(t) or _KINH_GUI_RE.match(t) or _MARK_RE.fullmatch(t))
        if ((first_after_title or cv_summary)
                and not _RULE_RE.fullmatch(t) and not _is_caps(t)):
            summary.append(lines[i])
        elif _MARK_RE.fullmatch(t):
            header.marks.append(t)
            header.is_draft = header.is_draft or t[:1] in "Dd"
            after_title = first_after_title
        elif first_after_title and _AUTHOR_RE.match(t) and _is_caps(t):
            header.author = t
            after_title = True
        elif k in NATIONAL_TITLES:
            header.national_title = t
            header.system = NATIONAL_TITLES[k]
            ended_issuer = True
            collecting = False
        elif k == MOTTO:
            collecting = False
        elif t == "*":
            header.system = header.system or "party"
            ended_issuer = True
        elif _RULE_RE.fullmatch(t):
            collecting = False
        elif (m := _NUMBER_RE.match(t)) and header.number_line is None:
            parts = parse_symbol(t[m.end():])
            if parts:
                header.number_line = t
                header.number, header.symbol = parts.number, parts.symbol
                header.is_draft = header.is_draft or parts.number is None
                if header.type is None:
                    header.type, header.type_code = type_of_symbol(parts)
                header.system = header.system or parts.system
                ended_issuer = True
                collecting = not summary
                after_cv_number = header.system == "party" and header.type_code == "CV"
                header.warnings += [f"dòng số «{t}»: {n}" for n in parts.notes]
            else:
                # a number line the grammar cannot read (damaged, OCR): kept and flagged,
                # and the lines after it (the date, the type) are still read
                header.number_line = t
                header.warnings.append(f"dòng số «{t}» không đọc được số, ký hiệu")
                ended_issuer = True
        elif (m := _PLACE_DATE_RE.match(t)) and header.date_line is None:
            header.date_line, header.place = t, m.group("place").strip()
            header.year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    header.date = dt.date(header.year, int(m.group("m")), int(m.group("d")))
                except ValueError:
                    header.date = None
            else:
                header.is_draft = True
            collecting = False
        elif k in _TYPE_TITLES and _is_caps(t) and not (titled and summary):
            # (a second "QUYẾT ĐỊNH" after the title's summary opens the articles: body)
            titled = True
            header.type = _TYPE_TITLES[k]
            typ = TYPE_BY_WORD[header.type]
            header.type_code = (typ.party if header.system == "party" else typ.state) or (
                typ.party or typ.state
            )
            ended_issuer, collecting, summary, after_title = True, True, [], True
        elif (m := _VV_RE.match(t)) and not summary:
            header.type = header.type or "công văn"
            summary, collecting = [_Line(t[m.end():], lines[i].no)], True
        elif m := _KINH_GUI_RE.match(t):
            raws, used = _items(lines, i + 1, t[m.end():])
            header.recipients, header.recipient_items = _list(raws)
            collecting = False
            # a PDF's reading order may put the right header column (national title, date)
            # between "Kính gửi:" and its list: the list is then taken where it starts
            awaiting_recipients = not header.recipients
            i = max(used, default=i) + 1
            continue
        elif awaiting_recipients and t.startswith(("-", "–", "+", "•")):
            raws, used = _items(lines, i, "")
            header.recipients, header.recipient_items = _list(raws)
            awaiting_recipients = False
            i = max(used, default=i) + 1
            continue
        elif _is_caps(t) and not ended_issuer and not summary:
            header.issuer_lines.append(t)
        elif _is_caps(t) and summary and header.authority_line is None:
            header.authority_line = t  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" of a quyết định
            collecting = False
        elif collecting and not TRIGGER_RE.match(t) and not _SECTION_RE.match(t):
            summary.append(lines[i])
            if len(summary) > 8:
                break
        else:
            break
        i += 1
    if summary:
        header.summary = " ".join(ln.text for ln in summary)
    return i, summary


def _unsigned_block(tail: list[_Line]) -> list[str]:
    """An unsigned draft's signature lines ("T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ"), no name.

    Without a name to anchor on, only a block opened by a prefix line (T/M, TM., KT. …)
    near the end counts, so a capitalised heading of the body is never taken for it.
    """
    lo = max(0, len(tail) - 12)
    for j in range(len(tail) - 1, lo - 1, -1):
        if _SIGN_RE.match(tail[j].text):
            start = j
            while start > lo and _SIGN_RE.match(tail[start - 1].text):
                start -= 1  # "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH"
            block = [ln.text for ln in tail[start:j + 1]]
            for ln in tail[j + 1:j + 4]:
                if not _is_caps(ln.text):
                    break
                block.append(ln.text)
            return block
    return []


_TITLE_HEADS = tuple(sorted(TITLE_HEADS, key=len, reverse=True))
# "GIÁM ĐỐCMai Thành Chung", "CHỦ TỊCH Lê Văn Lương": a title and the name on one line
_UP = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper())
_LOW = "a-z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower())
_GLUED_RE = re.compile(rf"(?P<title>[{_UP}][{_UP} .]*[{_UP}.])\s*"
                       rf"(?P<name>[{_UP}][{_LOW}]+(?:\s+[{_UP}][{_LOW}]+){{1,5}})")


def _opens_title(line: str) -> bool:
    return line.startswith(_TITLE_HEADS) or _SIGN_RE.match(line) is not None


def _unglue(tail: list[_Line]) -> list[_Line]:
    """Split a signer's title glued to the name into its two lines."""
    out: list[_Line] = []
    for ln in tail:
        m = _GLUED_RE.fullmatch(ln.text)
        if m and _opens_title(m.group("title")) and _is_caps(m.group("title")):
            out += [_Line(m.group("title").strip(), ln.no), _Line(m.group("name"), ln.no)]
        else:
            out.append(ln)
    return out


def _unwrap(block: list[str]) -> list[str]:
    """Join signature lines a narrow column wrapped: a line under another that opens no
    title ("TL. CHỦ TỊCH ỦY" / "BAN NHÂN DÂN TỈNH", "PHÓ BÍ THƯ" / "THƯỜNG TRỰC")."""
    out: list[str] = []
    for line in block:
        if out and not _opens_title(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_tail(lines: list[_Line], start: int, header: DocumentHeader) -> None:
    """Nơi nhận and the signature block, searched after the body."""
    taken: set[int] = set()
    for i in range(len(lines) - 1, start - 1, -1):
        m = _NOI_NHAN_RE.match(lines[i].text)
        if m:
            rest = lines[i].text[m.end():]
            raws, used = _items(
                lines, i + 1, rest if rest.startswith("-") else "", skip_caps=True
            )
            header.distribution, header.distribution_items = _list(raws)
            taken.update(used | {i})
            break
    tail = _unglue([ln for j, ln in enumerate(lines) if j >= start and j not in taken])
    name_at = None
    for j in range(len(tail) - 1, max(-1, len(tail) - 12), -1):
        if _NAME_RE.fullmatch(tail[j].text):
            name_at = j
            break
    block: list[str] = []
    if name_at is None:
        block = _unsigned_block(tail)
    else:
        for ln in reversed(tail[max(0, name_at - 8):name_at]):
            t = ln.text
            if _is_caps(t) or _SIGN_RE.match(t):
                block.insert(0, t)
            elif not block and (len(t) <= 3 or t[:1].islower()):
                continue  # stray marks between the titles and the name ("vu" in seed 001)
            else:
                break
    if not block:
        return
    block = _unwrap(block)
    sig = Signature(name=tail[name_at].text if name_at is not None else None)
    first = _SIGN_RE.match(block[0])
    if first:
        sig.prefix = first.group(1)
        sig.authority = block[0][first.end():].strip() or None
        sig.titles = block[1:]
        header.system = header.system or SIGN_PREFIXES[sig.prefix]
    else:
        sig.titles = block
    header.signature = sig




_ACTING_RE = re.compile(r"\s+" + words_re(ACTING_VERBS) + r"(?!\w)")
_CLAUSE_START_RE = re.compile(r"(?:^|[,;)]|”)\s*")


def acting_body(lines: list[_Line], start: int) -> str | None:
    """The body the opening sentence names as acting, normalised: "Ban Thường vụ Thành
    ủy" of "Thực hiện Kết luận …, Ban Thường vụ Thành ủy yêu cầu …". Evidence of the
    issuer where the header alone fits several bodies (a Tỉnh ủy and its standing board)."""
    para: list[str] = []
    for ln in lines[start:start + 12]:
        if _SECTION_RE.match(ln.text) and para:
            break
        para.append(ln.text)
        if ln.text.rstrip().endswith(":"):
            break
    s = normalize(" ".join(para)).text
    for m in _CLAUSE_START_RE.finditer(s):
        if m.end() >= len(s) or not s[m.end()].isupper():
            continue
        span, end = issuers.scan(s, m.end(), intro=False)
        if span and _ACTING_RE.match(s, end):
            return issuers.normalise(s[span[0]:span[1]])[0]
    return None
