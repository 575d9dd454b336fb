"""Text of a document file (.docx, .pdf, .txt), for the header reader and the parser.

A .docx gives its paragraphs in body order and each table cell's paragraphs cell after
cell. A PDF's text is rebuilt from pdftotext's word boxes (``-bbox-layout``): spaces where
the gaps are, a printed line cut at wide gaps joined back, page numbers dropped, so a
draft printed to PDF reads as its .docx. A scan (no text layer) is refused: OCR first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cascade.citations.docx_budget import OverBudget, check_docx


class ReadError(ValueError):
    """A file that cannot be read; the message names the file and says what is wrong."""


SUPPORTED = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}



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
        check_docx(path)
    except OverBudget as exc:
        raise ReadError(f"{path}: tệp .docx vượt giới hạn đọc: {exc}") from None
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
