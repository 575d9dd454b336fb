"""Pydantic models for citations and for the header of a read document."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

System = Literal["party", "state"]
Role = Literal["parent", "mention"]


class Citation(BaseModel):
    """One reference to another document, as found in free text.

    ``number``/``symbol`` are normalised (``1320CV/HU`` → ``1320`` + ``CV/HU``);
    ``text`` and ``span`` keep what was actually written. Party numbers restart every
    term, so a reference is identified by number, symbol *and* date (``identity``);
    a short form without a date points at its full form through ``refers_to``.
    """

    type: str = Field(description="lower-case Vietnamese type word, e.g. 'kết luận'")
    type_code: str | None = Field(description="KL, CV, KH …; None when the type has no code")
    number: str
    symbol: str = Field(description="e.g. 'KL/TW', 'UBND-TCDNC', '2020/NĐ-CP'")
    date: dt.date | None = None
    issuer: str | None = Field(default=None, description="issuer phrase as written")
    issuer_id: str | None = None
    issuer_reason: str | None = Field(
        default=None, description="why issuer_id is null (Vietnamese), when it is"
    )
    issuer_shared: bool = Field(
        default=False, description="issuer taken from the next citation of the same list"
    )
    issuer_code: str | None = Field(default=None, description="issuer code in the symbol")
    system: System
    role: Role
    span: tuple[int, int]
    text: str
    refers_to: int | None = Field(
        default=None, description="index of the full citation this short form repeats"
    )
    warnings: list[str] = Field(default_factory=list)

    @property
    def identity(self) -> tuple[str, int, str, dt.date | None]:
        """Number + symbol + date: what tells two Party documents of one number apart."""
        return (self.system, int(self.number), self.symbol, self.date)


class Signature(BaseModel):
    """The signature block: prefix line (``T/M BAN THƯỜNG VỤ``), titles, signer."""

    prefix: str | None = None
    authority: str | None = None
    titles: list[str] = Field(default_factory=list)
    name: str | None = None


class DocumentHeader(BaseModel):
    """The document's own identification, as printed on it (docs/format-rules.md §3–§10)."""

    system: System | None = None
    national_title: str | None = None
    issuer_lines: list[str] = Field(default_factory=list)
    issuer_id: str | None = Field(
        default=None, description="org-chart id of the issuer, when the lines name exactly one"
    )
    number: str | None = Field(default=None, description="None when left blank (draft)")
    symbol: str | None = None
    number_line: str | None = None
    is_draft: bool = False
    place: str | None = None
    date: dt.date | None = None
    year: int | None = Field(default=None, description="year, also for a draft date")
    date_line: str | None = None
    type: str | None = None
    type_code: str | None = None
    author: str | None = Field(default=None, description="'CỦA BAN THƯỜNG VỤ …' under the type")
    summary: str | None = None
    authority_line: str | None = Field(
        default=None, description="a quyết định's 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …' line"
    )
    marks: list[str] = Field(
        default_factory=list, description="urgency, secrecy and draft marks (KHẨN, MẬT …)"
    )
    recipients: list[str] = Field(default_factory=list, description="Kính gửi")
    signature: Signature | None = None
    distribution: list[str] = Field(default_factory=list, description="Nơi nhận")


class ReadResult(BaseModel):
    """What ``trienkhai read`` reports: the header and the citations of the text.

    Citation spans are offsets into ``text``, the plain text extracted from the file.
    """

    path: str
    format: Literal["docx", "pdf", "txt"]
    header: DocumentHeader
    citations: list[Citation]
    text: str = Field(exclude=True, repr=False)
