"""Read a printed draft back as a văn thư checks it: which page each part landed on,
where, and with how much room to sign.

Words and their boxes come from poppler (``pdftotext -bbox``); a printed row is the words
sharing a baseline, compared with spaces removed (pdftotext may space a precomposed
letter). Distances are in millimetres from the top of the page.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.drafts.context import build_context
from cascade.layout.escape import BREAK

PT_MM = 25.4 / 72
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                   r'yMax="([\d.]+)">(.*?)</word>')


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Row:
    """Words on one printed line: top and bottom (mm), left edge (mm), text."""

    top: float
    bottom: float
    left: float
    right: float
    words: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(w for _, _, w in sorted(self.words))

    def has(self, line: str) -> bool:
        return squash(line) in self.text


@dataclass
class Page:
    number: int
    height_mm: float
    rows: list[Row]

    def find(self, line: str, right_of: float = 0) -> Row | None:
        """The first row that prints ``line`` whole (only its words right of
        ``right_of`` mm, for a line of the signature column)."""
        for r in self.rows:
            part = Row(r.top, r.bottom, r.left, r.right,
                       [w for w in r.words if w[0] >= right_of])
            if part.words and part.has(line):
                return part
        return None

    def column(self, right_of: float) -> list[Row]:
        """The rows' words right of ``right_of`` mm: the signature column."""
        out = []
        for r in self.rows:
            words = [w for w in r.words if w[0] >= right_of]
            if words:
                out.append(Row(r.top, r.bottom, min(w[0] for w in words),
                               max(w[1] for w in words), words))
        return out

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.rows)


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    result = []
    for n, (_w, h, body) in enumerate(_PAGE.findall(out), start=1):
        rows: list[Row] = []
        for x0, y0, x1, y1, word in _WORD.findall(body):
            top, bottom = float(y0) * PT_MM, float(y1) * PT_MM
            left, right = float(x0) * PT_MM, float(x1) * PT_MM
            row = next((r for r in rows if abs(r.bottom - bottom) < 1.2), None)
            if row is None:
                row = Row(top, bottom, left, right)
                rows.append(row)
            row.words.append((left, right, html.unescape(word)))
            row.top, row.bottom = min(row.top, top), max(row.bottom, bottom)
            row.left, row.right = min(row.left, left), max(row.right, right)
        rows.sort(key=lambda r: r.top)
        result.append(Page(n, float(h) * PT_MM, rows))
    return result


def _plain(value: Any) -> str:
    return html.unescape(str(value).replace(BREAK, "\n"))


def expected(d) -> dict[str, Any]:
    """What the văn thư looks for, from the layout rules: header lines, number, date,
    title, signature lines (the name last, blank when unknown), the Nơi nhận label."""
    ctx = build_context(d)
    header = [part for x in ctx["header_left"] for part in _plain(x["text"]).split("\n")
              if part != "*"]
    sig = [_plain(x["text"]) for x in ctx["signature"]]
    return {
        "header": header,
        "national": _plain(ctx["national_title"]),
        "number": _plain(ctx["number_line"]),
        "date": _plain(ctx["date_line"]).split("\n"),
        "title": [x for x in _plain(ctx["title"]).split("\n") if x],
        "signature": sig[:-1],
        "name": sig[-1],
        "noi_nhan": _plain(ctx["noi_nhan_label"]),
        "archive": _plain(ctx["noi_nhan"][-1]),
        "last_text": _plain(ctx["blocks"][-1]["text"]) if ctx["blocks"] else "",
    }


def problems(d, pdf: Path, *, sign_mm: float = 20) -> list[str]:
    """What a văn thư would send the printed draft back for; empty when it can be signed.

    Page 1 carries the header, number, place and date and the title; the last page the
    whole signature block with the Nơi nhận beside it, at least one line of the body
    above it, the name line (or the room left for it) at least ``sign_mm`` below the
    signer's post; no page is left carrying only its number.
    """
    want = expected(d)
    ps = pages(pdf)
    out: list[str] = []
    first, last = ps[0], ps[-1]
    for line in [*want["header"], want["national"], want["number"], *want["date"],
                 *want["title"]]:
        if first.find(line) is None:
            out.append(f"trang 1 thiếu dòng {line!r}")
    for p in ps[1:]:
        if len(p.rows) <= 1:
            out.append(f"trang {p.number} chỉ có số trang")
    column = d.profile.page.margin_left_mm + d.profile.geometry.signature_left_mm - 1
    rows = [last.find(x, column) for x in want["signature"]]
    if any(r is None for r in rows):
        out.append(f"trang cuối thiếu khối chữ ký {want['signature']}")
        for p in ps[:-1]:
            if any(p.find(x, column) for x in want["signature"]):
                out.append(f"khối chữ ký sang trang {p.number}")
        return out
    top, post = rows[0], rows[-1]
    label = last.find(want["noi_nhan"])
    if label is None:
        out.append("Nơi nhận không cùng trang với chữ ký")
    elif abs(label.top - top.top) > 12:
        out.append(f"Nơi nhận lệch khối chữ ký {label.top - top.top:.0f} mm")
    if last.find(want["archive"]) is None:
        out.append(f"trang cuối thiếu dòng lưu {want['archive']!r}")
    body_above = [r for r in last.rows if r.bottom < min(top.top, label.top if label else 1e9)
                  and r.text.strip() and not re.fullmatch(r"\d+", r.text)]
    if last.number > 1 and not body_above:
        out.append("khối chữ ký đứng riêng trên trang cuối")
    right = [r for r in last.column(column) if r.top > post.bottom + 0.5]
    if want["name"]:
        name = next((r for r in right if r.has(want["name"])), None)
        gap = name.top - post.bottom if name else 0
    else:  # blank name line: the table keeps the room below the post, on this page
        text_bottom = last.height_mm - d.profile.page.margin_bottom_mm
        gap = (min(r.top for r in right) if right else text_bottom) - post.bottom
    if gap < sign_mm:
        out.append(f"chỉ còn {gap:.0f} mm để ký dưới {want['signature'][-1]!r}")
    return out
