"""Checking the thể thức of any .docx against its layout profile (NĐ 30, HD 36, HD 05).

``check_document`` reads the real formatting (``read``), tells the components apart
(``components``), and reports layout and content findings (``layout_rules``,
``content_rules``) with their sources (``findings``); ``fix`` writes a corrected copy for
the mechanical ones.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.check.components import components
from cascade.check.content_rules import content_findings
from cascade.check.findings import Finding, Report, verdict
from cascade.check.layout_rules import layout_findings
from cascade.check.read import CheckReadError, Document, read_docx
from cascade.citations.reader import read_text
from cascade.layout.profile import choose_profile, load_profile, profile_names

if TYPE_CHECKING:
    from orgchart import Chart

__all__ = ["CheckReadError", "Report", "check_document", "check_if_docx", "check_read"]

_SYSTEM_VI = {"party": "của Đảng", "state": "Nhà nước"}


def _merge(found: list[Finding]) -> list[Finding]:
    """One finding per rule, component and message: the first paragraph, and how many
    more carry the same fault (forty body paragraphs in 12 pt are one thing to fix)."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in found:
        groups.setdefault((f.rule, f.component, f.message), []).append(f)
    out = []
    for fs in groups.values():
        f = fs[0]
        if len(fs) > 1:
            f = f.model_copy(update={"message": f"{f.message} (và {len(fs) - 1} đoạn khác)"})
        out.append(f)
    return out


def pick_profile(system: str | None, on: dt.date | None, year: int | None,
                 today: dt.date) -> tuple[str, str]:
    """The profile for the document's system and date, and why, in words."""
    if system is None:
        return "nd30", "không xác định được văn bản của Đảng hay Nhà nước; dùng nd30"
    day = on or (dt.date(year, today.month, today.day) if year and year != today.year
                 else today)
    name = choose_profile(system, day)
    when = f"ngày {on:%d/%m/%Y}" if on else f"bản chưa ghi ngày, tính ngày {day:%d/%m/%Y}"
    return name, f"văn bản {_SYSTEM_VI.get(system, system)}, {when}"


def check_read(doc: Document, *, profile: str | None = None, chart: Chart | None = None,
               today: dt.date | None = None) -> Report:
    """Findings of a document already read (``read_docx``)."""
    read = read_text(doc.text(), path=doc.path, fmt="docx", chart=chart)
    h = read.header
    if profile is not None:
        if profile not in profile_names():
            raise ValueError(f"không có hồ sơ thể thức «{profile}»; có: "
                             f"{', '.join(profile_names())}")
        name, reason = profile, "chọn bằng --profile"
    else:
        name, reason = pick_profile(h.system, h.date, h.year, today or dt.date.today())
    p = load_profile(name)
    layout = components(doc)
    found = _merge([*layout_findings(p, doc, layout),
                    *content_findings(p, doc, layout, read, h.date, chart)])
    return Report(path=doc.path, profile=name, profile_reason=reason, verdict=verdict(found),
                  errors=sum(f.severity == "lỗi" for f in found),
                  warnings=sum(f.severity == "cảnh báo" for f in found), findings=found)


def check_if_docx(path: Path, chart: Chart | None = None) -> Report | None:
    """The findings of a stored upload when it is a readable .docx (a PDF or a text has
    no formatting to check; an unreadable file is the reader's to refuse), else None."""
    if path.suffix.lower() != ".docx":
        return None
    try:
        return check_document(path, chart=chart)
    except CheckReadError:
        return None


def check_document(source: str | Path | bytes, *, profile: str | None = None,
                   chart: Chart | None = None, today: dt.date | None = None,
                   name: str | None = None) -> Report:
    """Findings of the .docx at ``source`` (a path or its bytes); CheckReadError when the
    file cannot be opened."""
    return check_read(read_docx(source, name), profile=profile, chart=chart, today=today)
