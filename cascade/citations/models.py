"""Pydantic models for citations and for the header of a read document."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

System = Literal["party", "state"]
# parent: the document this one implements ("Thực hiện …"); root: the Politburo or
# Secretariat directive the whole cascade implements, where it is not the parent;
# alias: "(sau đây viết tắt là …)"; proposal: a tờ trình or "đề nghị" a decision answers;
# repeat: a short form of a reference given in full before; mention: anything else.
Role = Literal["parent", "root", "mention", "alias", "proposal", "repeat"]
IssuerSource = Literal["text", "symbol", "context", "registry"]
Level = Literal["central", "province", "district", "commune"]


class KnownDocument(BaseModel):
    """A central document of the registry (cascade/citations/data/central_documents.yaml)."""

    id: str
    type: str
    number: int
    symbol: str = Field(description="as the document prints it: 'QĐi/TW', 'NĐ-CP', 'QH15'")
    year: int | None = Field(default=None, description="year segment of a State symbol")
    date: dt.date
    issuer: str
    co_issuers: list[str] = Field(default_factory=list)
    issuer_id: str | None = None
    term: str | None = None
    subject: str
    source: str

    @property
    def system(self) -> System:
        return "party" if "/" in self.symbol else "state"

    @property
    def canonical(self) -> str:
        n = f"{self.number:02d}"
        if self.system == "party":
            return f"{n}-{self.symbol}"
        return f"{n}/{self.year}/{self.symbol}" if self.year else f"{n}/{self.symbol}"

    def label(self) -> str:
        """How a clerk reads it: "Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị"."""
        issuers = ", ".join([self.issuer, *self.co_issuers])
        return (f"{self.type.capitalize()} số {self.canonical} ngày "
                f"{self.date.day}/{self.date.month}/{self.date.year} của {issuers}")


class Citation(BaseModel):
    """One reference to another document, as found in free text.

    ``number``/``symbol`` are normalised (``1320CV/HU`` → ``1320`` + ``CV/HU``);
    ``text`` and ``span`` keep what was actually written. Party numbers restart every
    term, so a reference is identified by number, symbol *and* date (``identity``);
    a short form without a date points at its full form through ``refers_to``.
    """

    type: str = Field(description="lower-case Vietnamese type name, e.g. 'kết luận', "
                      "'kế hoạch liên tịch'")
    type_code: str | None = Field(description="code of the type in the vocabulary (KL, CV, "
                                  "KH …; QĐi or QĐ by era); None when the type has none")
    printed_type_code: str | None = Field(
        default=None, description="the type code the symbol prints (None for a State công "
        "văn, whose symbol has none, and for a reference by number alone)")
    number: str
    symbol: str = Field(description="as printed, in its system's shape, without number "
                        "or year: 'KL/TW', 'UBND-TCDNC', 'NĐ-CP'; '' for a number alone")
    as_printed: str = Field(default="", description="number and symbol as printed "
                            "(spaces collapsed): '58/KH-TU', '1320CV/HU'")
    canonical: str = Field(default="", description="number and symbol that identify the "
                           "document: '58-KH/TU', '30/2020/NĐ-CP', '11-QĐi/TW'")
    year: int | None = Field(default=None, description="year segment of a State symbol")
    term: str | None = Field(default=None, description="term (khóa), Roman: 'XV'")
    unit: str | None = Field(default=None, description="drafting unit of a State symbol: "
                             "'TH' of 'UBND-TH'")
    date: dt.date | None = None
    date_source: Literal["text", "registry"] | None = None
    issuer: str | None = Field(default=None, description="issuer, normalised: 'Ban Thường "
                               "vụ Tỉnh ủy' for 'BTV Tỉnh uỷ khóa XV'")
    issuer_printed: str | None = Field(default=None, description="issuer phrase as written")
    issuer_source: IssuerSource | None = None
    co_issuers: list[str] = Field(default_factory=list,
                                  description="joint issuers after the first, normalised")
    level: Level | None = Field(default=None, description="level the issuer phrase or code "
                                "says by itself (central, province, district, commune)")
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
    is_root: bool = Field(default=False, description="names the root directive of the "
                          "cascade, whatever its role here")
    known: KnownDocument | None = Field(default=None, description="the registry's document")
    candidates: list[KnownDocument] = Field(
        default_factory=list, description="registry documents it may be, when it cannot "
        "tell them apart (same number in several terms, no date)")
    warnings: list[str] = Field(default_factory=list)

    @property
    def identity(self) -> tuple[str, int, str, dt.date | None]:
        """Number + canonical symbol + date: what tells two Party documents of one number
        apart (the canonical form folds the printed variants of one document)."""
        sym = self.canonical.split("-", 1)[-1] if self.system == "party" else (
            self.canonical.split("/", 1)[-1])
        return (self.system, int(self.number), sym or self.symbol, self.date)


class Signature(BaseModel):
    """The signature block: prefix line (``T/M BAN THƯỜNG VỤ``), titles, signer."""

    prefix: str | None = None
    authority: str | None = None
    titles: list[str] = Field(default_factory=list)
    name: str | None = None


Purpose = Literal["report", "follow", "direct", "execute", "inform", "coordinate"]


class ListItem(BaseModel):
    """One Kính gửi or Nơi nhận item as printed and as meant.

    ``raw`` keeps bullet and terminator ("- UBND tỉnh (để b/c);"), ``text`` is the
    addressee alone ("UBND tỉnh"), ``purpose`` the note in brackets as printed ("để b/c")
    and ``purpose_kind`` what it asks (report, follow, direct, execute, inform, coordinate).
    """

    raw: str
    text: str
    terminator: str | None = Field(default=None, description="';', ',' or '.' as printed")
    purpose: str | None = None
    purpose_kind: Purpose | None = None
    kind: Literal["body", "as_above", "archive"] = "body"


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
    recipient_items: list[ListItem] = Field(default_factory=list,
                                            description="Kính gửi, raw and clean")
    signature: Signature | None = None
    distribution: list[str] = Field(default_factory=list, description="Nơi nhận")
    distribution_items: list[ListItem] = Field(default_factory=list,
                                               description="Nơi nhận, raw, clean, purpose")
    acting_body: str | None = Field(
        default=None, description="the body the opening sentence names as acting: 'Ban "
        "Thường vụ Tỉnh ủy' of '…, Ban Thường vụ Tỉnh ủy yêu cầu'")
    issuer_reason: str | None = Field(default=None,
                                      description="why issuer_id is null, when it is")
    issuer_candidates: list[str] = Field(default_factory=list,
                                         description="bodies the header fits, when several")
    warnings: list[str] = Field(default_factory=list)


class ReadResult(BaseModel):
    """What ``trienkhai read`` reports: the header and the citations of the text.

    Citation spans are offsets into ``text``, the plain text extracted from the file.
    """

    path: str
    format: Literal["docx", "pdf", "txt"]
    header: DocumentHeader
    citations: list[Citation]
    text: str = Field(exclude=True, repr=False)
