"""What a directive read from its document holds: the models ``read_directive`` returns.

Every recognised item keeps the span (offsets into the reader's plain text) it came
from, so a clerk can be shown the sentence behind each task, lead and deadline; what is
not recognised is listed in ``unrecognised`` with the reason, never dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Span = tuple[int, int]
# lead: the body that carries the task out or leads it ("Công an tỉnh chỉ đạo …", "Giao
# X chủ trì", "Đề nghị X"); cooperate: "phối hợp với Y"; follow_up: "Giao Z theo dõi,
# đôn đốc … báo cáo"; report_to: the body reports go to; through: the Party organisation
# that leads the lead ("Đảng ủy Công an tỉnh lãnh đạo, chỉ đạo Công an tỉnh"); mention:
# named, with no role in the task.
MentionRole = Literal["lead", "cooperate", "follow_up", "report_to", "through", "mention"]
Mode = Literal["assign", "request", "subject"]


class Mention(BaseModel):
    """A body named in the text, resolved in the chart where it can be."""

    text: str = Field(description="as printed: 'Công an tỉnh', 'Ủy ban nhân dân các xã'")
    span: Span
    role: MentionRole = "mention"
    mode: Mode | None = Field(default=None, description="how a lead is given: 'assign' "
                              "(Giao …), 'request' (Đề nghị …), 'subject' (its name opens "
                              "the sentence)")
    body_id: str | None = Field(default=None, description="the body of the issuer's "
                                "territory (or above it) the name is")
    kind: str | None = Field(default=None, description="kind of body (orgchart Kind); for "
                             "the levels below, the kind their own bodies have")
    level: str | None = None
    group: bool = Field(default=False, description="many bodies: 'các sở, ban, ngành'")
    carries: str | None = Field(default=None, description="the kind of body that carries "
                                "the task out below the issuer: 'police' for 'Đảng ủy Công "
                                "an … lãnh đạo, chỉ đạo', 'peoples_committee' for 'Chính phủ'")


class Deadline(BaseModel):
    """A deadline as written and the last day it allows."""

    text: str
    span: Span
    due: dt.date | None = Field(default=None, description="the day it is due: 'trước ngày "
                                "30/6/2026' → 30/6/2026; 'trong quý II/2026' → 30/6/2026")
    days: int | None = Field(default=None, description="'trong thời hạn 15 ngày': 15")


class Cycle(BaseModel):
    """A report cycle as written: 'định kỳ 6 tháng, hằng năm'."""

    text: str
    span: Span


class ReadTask(BaseModel):
    """One task of the directive and who it goes to."""

    number: str = Field(description="its place in the document: 'II.2', '4 -2', '9'")
    heading: str | None = Field(default=None, description="the heading it stands under")
    text: str = Field(description="the task as printed, its marker taken off")
    span: Span
    kind: Literal["task", "follow_up"] = "task"
    leads: list[Mention] = Field(default_factory=list)
    cooperating: list[Mention] = Field(default_factory=list)
    follow_up: list[Mention] = Field(default_factory=list)
    report_to: list[Mention] = Field(default_factory=list)
    through: list[Mention] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    deadline: Deadline | None = None
    report_cycle: Cycle | None = None
    everyone: bool = Field(default=False, description="addressed to every body ('Các cấp "
                           "ủy, tổ chức đảng, cơ quan, đơn vị …')")
    action: str = Field(default="", description="the task without its lead: what the "
                        "planner gives each level ('chỉ đạo nắm chắc …')")

    @property
    def lead_kind(self) -> str | None:
        """The one kind of body that carries it out below the issuer, None when several
        or none do (kinds named together where one leads, as data/bodies.yaml folds them,
        count as that one)."""
        from cascade.intake.bodies import fold

        kinds = fold({m.carries for m in self.leads if m.carries})
        return kinds.pop() if len(kinds) == 1 and not self.everyone else None


class Item(BaseModel):
    """A node of the body's structure: a section (I.), a point (1.), a sub-point (a), 1.1)
    or a dash, with the paragraphs under it."""

    marker: str = Field(description="'I', '2', 'a', '-', '' for an unmarked paragraph")
    level: int
    text: str
    span: Span
    children: list[Item] = Field(default_factory=list)


class Addressee(BaseModel):
    """Who the document is sent to do something: Kính gửi, or 'để thực hiện' in Nơi nhận."""

    text: str
    source: Literal["kinh_gui", "noi_nhan"]
    purpose: str | None = None
    body_id: str | None = None
    kind: str | None = None
    level: str | None = None
    group: bool = False


class CitedDocument(BaseModel):
    """A document it implements (parent) or the directive at the top of the cascade."""

    type: str
    number: str
    symbol: str
    canonical: str
    date: dt.date | None = None
    issuer: str | None = None
    issuer_id: str | None = None
    summary: str | None = Field(default=None, description="what the text says it is about")
    span: Span


class Unrecognised(BaseModel):
    text: str
    span: Span | None = None
    why: str


class OcrInfo(BaseModel):
    """The document was a scan: read through OCR, with the engine's mean word confidence."""

    engine: str = "ocrmypdf + tesseract (vie)"
    pages: int
    confidence: float | None = Field(default=None, description="mean word confidence, "
                                     "0-100, as Tesseract reports it")
    low_confidence_words: int = 0
    seconds: float = 0.0


class DirectiveReading(BaseModel):
    """Everything ``read_directive`` recognised in one document, and what it did not."""

    path: str
    format: str
    ocr: OcrInfo | None = None
    issuer: str | None = Field(default=None, description="the issuer's name in the chart, "
                               "or its header lines as printed")
    issuer_id: str | None = None
    issuer_level: str | None = None
    issuer_reason: str | None = None
    system: str | None = None
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: dt.date | None = None
    place: str | None = None
    summary: str | None = None
    parents: list[CitedDocument] = Field(default_factory=list)
    root: CitedDocument | None = None
    addressees: list[Addressee] = Field(default_factory=list)
    structure: list[Item] = Field(default_factory=list)
    tasks: list[ReadTask] = Field(default_factory=list)
    follow_up: Mention | None = None
    report_cycle: str | None = None
    respond_by: Deadline | None = Field(default=None, description="by when the bodies "
                                        "below must issue their own documents")
    unrecognised: list[Unrecognised] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
