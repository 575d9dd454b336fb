"""Read a document (.docx, .pdf, .txt): its own header fields and its citations.

The header is read line by line from the extracted text, each line classified by what
it looks like (national title, ``*``, ``Số …``, ``Place, ngày …``, type title, ``V/v``,
``Kính gửi``, ``Nơi nhận``, signature lines), so the same code serves a .docx whose
header table comes out cell by cell, a PDF's text and the plain-text seeds, whose
wrapped lines are separated by blank lines (format-rules.md §3–§10).

A PDF's text is rebuilt from pdftotext's word boxes (``-bbox-layout``): spaces where the
gaps are, a printed line cut at wide gaps joined back, page numbers dropped, so a draft
printed to PDF reads as its .docx. Given a chart, the issuer is resolved by
``cascade.citations.resolve.resolve_header``, the one resolver of printed headers.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cascade.citations.models import DocumentHeader, ReadResult, Signature, System
from cascade.citations.parser import (
    TRIGGER_RE,
    clean_chars,
    parse_citations,
    parse_symbol,
    type_of_symbol,
)
from cascade.citations.tables import TYPE_BY_WORD
from orgchart.text import LEVEL_WORDS, key

if TYPE_CHECKING:
    from orgchart import Chart


class ReadError(ValueError):
    """A file that cannot be read; the message names the file and says what is wrong."""


SUPPORTED = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}

# --------------------------------------------------------------------------- extraction


def _docx_lines(path: Path) -> Iterator[str]:
    """Paragraphs in body order; each table cell's paragraphs, cell after cell."""
    try:
        import docx
        from docx.table import Table
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(f"{path}: cần thư viện python-docx để đọc .docx") from exc

    def walk(container: object) -> Iterator[str]:
        for block in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(block, Table):
                for table_row in block.rows:
                    seen: set[int] = set()
                    for cell in table_row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell)
                        yield ""
            else:
                yield from block.text.split("\n")

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ReadError(f"{path}: không mở được tệp .docx ({exc})") from exc
    yield from walk(document)


# A gap between two glyph runs of one line wider than this share of the line's height is
# a space. LibreOffice prints a precomposed Vietnamese letter as its own run, so
# pdftotext's reading-order text splits words there ("Thường v ụ", "xây d ựng"); measured
# on the rendered drafts, runs inside a word are at most 0.04 line heights apart and the
# narrowest space (a justified line never narrows one) is 0.18.
_PDF_SPACE_GAP = 0.1
_XHTML = "{http://www.w3.org/1999/xhtml}"
# A page number printed in the top or bottom margin ("2", "- 2 -"): not text of the
# document; left in, it lands inside whatever list a page break cuts ("(để theo 3 dõi)").
_PAGE_NUMBER_RE = re.compile(r"[-–]?\s*\d{1,3}\s*[-–]?")
_PAGE_MARGIN = 0.1  # share of the page height


def _pdf_line(words: list[tuple[float, float, str]], height: float) -> str:
    """One printed line from its glyph runs (xMin, xMax, text), spaced by geometry."""
    out = ""
    last_end: float | None = None
    for x0, x1, text in words:
        if last_end is not None and x0 - last_end > _PDF_SPACE_GAP * height:
            out += " "
        out += text
        last_end = x1 if last_end is None else max(last_end, x1)
    return out


def _is_page_number(block: Any, page_height: float) -> bool:
    """A block of one bare number in the top or bottom margin of its page."""
    text = "".join(w.text or "" for w in block.iter(f"{_XHTML}word"))
    if not _PAGE_NUMBER_RE.fullmatch(text) or page_height <= 0:
        return False
    top, bottom = float(block.get("yMin", 0)), float(block.get("yMax", 0))
    return (bottom < _PAGE_MARGIN * page_height
            or top > (1 - _PAGE_MARGIN) * page_height)


@dataclass
class _PdfLine:
    block: int
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


# A piece of a printed line that cannot open one: a lower-case word ("tháng", "năm 2026")
# or a symbol's tail ("-KH/ĐU", "/UBND-TH"); a header line, a number line ("Số"), a date
# line (its place), a list item ("- ") and a sentence all open otherwise.
_SYMBOL_TAIL_RE = re.compile(r"[-/]\S")
_FRAGMENT_REACH = 8.0  # farthest gap to the piece on its left, in line heights


def _join_fragments(lines: list[_PdfLine]) -> list[_PdfLine]:
    """Put back together a printed line that poppler cut at wide gaps into blocks of its
    own: a blank draft's "Số      -KH/ĐU" and "ngày      tháng      năm 2026".

    A fragment joins the nearest earlier line on its baseline that ends left of it.
    """
    kept: list[_PdfLine] = []
    for ln in lines:
        h = ln.y1 - ln.y0
        left = None
        if (ln.text[:1].islower() or _SYMBOL_TAIL_RE.match(ln.text)) and h > 0:
            left = max((p for p in kept
                        if abs(p.y0 - ln.y0) < 0.3 * h and abs(p.y1 - ln.y1) < 0.3 * h
                        and 0 <= ln.x0 - p.x1 <= _FRAGMENT_REACH * h),
                       key=lambda p: p.x1, default=None)
        if left is None:
            kept.append(ln)
        else:
            left.text, left.x1 = f"{left.text} {ln.text}", ln.x1
    return kept


# A number line cut after its hyphen ("… Kết luận số 107-" / "KL/TW ngày …"): the
# line breaks there because "107-KL/TW" is one word to the eye but not to the layout
# engine, which may break after a hyphen. A .docx has no such break.
_CUT_NUMBER_RE = re.compile(r"\d-$")
_SYMBOL_HEAD_RE = re.compile(r"[A-ZĐ]{1,6}[/-]")


def _join_cut_symbols(lines: list[str]) -> list[str]:
    """Join a line ending "<number>-" to the next when that opens with a symbol."""
    out: list[str] = []
    for text in lines:
        if out and _CUT_NUMBER_RE.search(out[-1]) and _SYMBOL_HEAD_RE.match(text):
            out[-1] += text
        else:
            out.append(text)
    return out


def _pdf_layout_text(xhtml: bytes) -> str:
    """Text of ``pdftotext -bbox-layout`` output: lines in poppler's reading order (the
    order of its plain-text mode: column after column), blocks apart by a blank line.

    Rebuilt from the word boxes rather than taken from the plain-text mode, which joins a
    line ending in "-" to the next one (the rule "-----" under a Party kế hoạch's trích
    yếu swallowed "Thực hiện …") and cuts words at every accented letter.
    """
    from lxml import etree

    root = etree.fromstring(xhtml, etree.XMLParser(recover=True, huge_tree=True))
    pages: list[str] = []
    for page in root.iter(f"{_XHTML}page"):
        page_height = float(page.get("height", 0))
        lines: list[_PdfLine] = []
        for n, block in enumerate(page.iter(f"{_XHTML}block")):
            if _is_page_number(block, page_height):
                continue
            for line in block.iter(f"{_XHTML}line"):
                words = [(float(w.get("xMin", 0)), float(w.get("xMax", 0)), w.text or "")
                         for w in line.iter(f"{_XHTML}word")]
                y0, y1 = float(line.get("yMin", 0)), float(line.get("yMax", 0))
                text = _pdf_line(words, y1 - y0)
                if text.strip():
                    lines.append(_PdfLine(n, float(line.get("xMin", 0)),
                                          float(line.get("xMax", 0)), y0, y1, text))
        blocks: dict[int, list[str]] = {}
        for ln in _join_fragments(lines):
            blocks.setdefault(ln.block, []).append(ln.text)
        pages.append("\n\n".join("\n".join(_join_cut_symbols(b)) for b in blocks.values()))
    return "\n\n".join(pages)


def _pdf_text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ReadError(f"{path}: cần chương trình pdftotext (gói poppler-utils) để đọc PDF")
    proc = subprocess.run(
        [exe, "-bbox-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"mã lỗi {proc.returncode}"
        raise ReadError(f"{path}: pdftotext không đọc được tệp PDF ({reason})")
    text = _pdf_layout_text(proc.stdout)
    if not text.strip():
        raise ReadError(f"{path}: tệp PDF không có lớp chữ (có thể là bản scan); cần OCR trước")
    return text


def _txt_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        "utf-8-sig",
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{path}: tệp văn bản không phải UTF-8 (hãy lưu lại với mã UTF-8)")


def extract_text(path: str | Path) -> tuple[str, str]:
    """(format, plain text) of a .docx, .pdf or .txt file; ReadError otherwise."""
    path = Path(path)
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise ReadError(
            f"{path}: không hỗ trợ định dạng '{path.suffix or '(không có đuôi)'}'; "
            f"chỉ đọc {', '.join(SUPPORTED)}"
        )
    if not path.is_file():
        raise ReadError(f"{path}: không tìm thấy tệp")
    try:
        if fmt == "docx":
            return fmt, "\n".join(_docx_lines(path))
        if fmt == "pdf":
            return fmt, _pdf_text(path)
        return fmt, _txt_text(path)
    except OSError as exc:
        raise ReadError(f"{path}: không đọc được tệp ({exc.strerror or exc})") from exc


# --------------------------------------------------------------------------- lines

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
# Marks printed near the number (format-rules.md §11).
_MARK_RE = re.compile(
    r"(?:HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN|TUYỆT MẬT|TỐI MẬT|MẬT|(?i:dự\s+thảo(?:\s+lần\s*\d+)?))"
)
_AUTHOR_RE = re.compile(r"CỦA\s")


@dataclass(frozen=True)
class _Line:
    text: str  # stripped, emphasis asterisks removed
    no: int


def _lines(text: str) -> list[_Line]:
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


def _merge_wrapped(lines: list[_Line]) -> list[_Line]:
    """Re-join header lines a narrow column wrapped: the national title, a date's year."""
    out: list[_Line] = []
    for line in lines:
        if out:
            prev = out[-1]
            joined = f"{prev.text} {line.text}"
            wrapped_title = key(joined) in NATIONAL_TITLES and key(prev.text) not in NATIONAL_TITLES
            wrapped_year = _DATE_NO_YEAR_RE.match(prev.text) and _YEAR_ONLY_RE.fullmatch(line.text)
            # a level word alone ("TỈNH") names no unit: the tail of the issuer line above,
            # "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", that a PDF's narrow header column wrapped
            wrapped_level = (key(line.text) in _LEVEL_KEYS and _is_caps(line.text)
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
    """"- a," "- b." list from line ``i`` (``first`` = rest of the label line).

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
            items.append(_strip_item(current))
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


# --------------------------------------------------------------------------- header


def _read_top(lines: list[_Line], header: DocumentHeader) -> tuple[int, list[_Line]]:
    """Fill the top fields; return the index of the first body line and the summary lines."""
    summary: list[_Line] = []
    after_title = False  # the line right after a type title is its summary, whatever it says
    # A Party công văn's trích yếu sits under its number and may start "Triển khai thực
    # hiện …" (format-rules.md §6): taken as summary, not as the body's first sentence.
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
            else:
                break
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
            header.recipients, used = _items(lines, i + 1, t[m.end():])
            collecting = False
            # a PDF's reading order may put the right header column (national title, date)
            # between "Kính gửi:" and its list: the list is then taken where it starts
            awaiting_recipients = not header.recipients
            i = max(used, default=i) + 1
            continue
        elif awaiting_recipients and t.startswith(("-", "–", "+", "•")):
            header.recipients, used = _items(lines, i, "")
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


def _read_tail(lines: list[_Line], start: int, header: DocumentHeader) -> None:
    """Nơi nhận and the signature block, searched after the body."""
    taken: set[int] = set()
    for i in range(len(lines) - 1, start - 1, -1):
        m = _NOI_NHAN_RE.match(lines[i].text)
        if m:
            rest = lines[i].text[m.end():]
            header.distribution, used = _items(
                lines, i + 1, rest if rest.startswith("-") else "", skip_caps=True
            )
            taken.update(used | {i})
            break
    tail = [ln for j, ln in enumerate(lines) if j >= start and j not in taken]
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


def read_text(text: str, *, path: str = "-", fmt: str = "txt",
              chart: Chart | None = None) -> ReadResult:
    """Header fields and citations of a document already in plain text; with ``chart``
    the issuer is resolved to a body id as well."""
    lines = _lines(text)
    header = DocumentHeader()
    body, summary = _read_top(lines, header)
    _read_tail(lines, body, header)
    if chart is not None:
        from cascade.citations.resolve import resolve_header

        header.issuer_id = resolve_header(header, chart, header.date).body_id
    if header.system is None:
        for line in lines:
            for pattern, system in SYSTEM_CLUES:
                if pattern.match(line.text):
                    header.system = system
                    break
            if header.system:
                break
    citations = parse_citations(text, as_of=header.date)
    if summary:
        # The summary names the subject, not the parent ("Triển khai thực hiện Kết
        # luận số 107-KL/TW" under KẾ HOẠCH): its citations are mentions.
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        first, last = summary[0].no, summary[-1].no
        lo = starts[first]
        hi = starts[last + 1] if last + 1 < len(starts) else len(text)
        for c in citations:
            if lo <= c.span[0] < hi:
                c.role = "mention"
    return ReadResult(path=path, format=fmt, header=header, citations=citations, text=text)


def read_document(path: str | Path, chart: Chart | None = None) -> ReadResult:
    """Read ``path`` (.docx, .pdf or .txt); ReadError names the file and the problem."""
    fmt, text = extract_text(path)
    return read_text(text, path=str(path), fmt=fmt, chart=chart)
