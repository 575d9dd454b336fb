"""Every request and response model of the JSON API, one place for its OpenAPI shapes.

Request bodies refuse unknown keys and NUL characters (PostgreSQL cannot store them, and
no clerk types one). Responses document what the routes answer; most routes build plain
dicts of these shapes and let FastAPI validate them.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.problems import NUL
from cascade.check.findings import Report
from cascade.intake.models import DirectiveReading
from cascade.store.rows import TaskStatus
from orgchart.days import IsoDay


class _Input(BaseModel):
    """Request bodies: unknown keys refused; no NUL characters (PostgreSQL cannot store
    them, and no clerk types one)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, v: Any) -> Any:
        if isinstance(v, str) and NUL in v:
            raise ValueError("không được chứa ký tự NUL")
        return v


class BodyOut(BaseModel):
    """A body of the org chart, as ``trienkhai orgchart find --json`` prints it."""

    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    short_name: str | None = None
    kind: str
    system: str
    level: str
    province: str | None = None
    province_id: str | None = None
    header: list[str]
    symbol: str | None = None


class AllocateIn(_Input):
    """Ask for the next number of the body's register."""

    model_config = ConfigDict(extra="forbid")
    body_id: str = Field(min_length=1, max_length=100, examples=["lai-chau.ubnd"])
    doc_type: str = Field(min_length=1, max_length=10, pattern=r"^[A-Za-zĐđ]+$",
                          description="Type code: KH, CV, HD, QĐ … (CV: công văn)",
                          examples=["KH"])
    date: IsoDay | None = Field(None, description="Date of signature; default: today")
    term: str | None = Field(None, max_length=20, pattern=r"^[0-9A-Za-z./-]+$",
                             description="Party committee term, e.g. 2025-2030; "
                                         "default: from the date and the body's level")
    series: str | None = Field(None, max_length=20,
                               description="State only: a separate series (e.g. QĐ) "
                                           "when the head keeps one per type")
    symbol: str | None = Field(None, min_length=1, max_length=60,
                               description="Symbol after the number; default from the "
                                           "body and type (KH-UBND, CV/TU); a công văn's "
                                           "unit code (UBND-TH) must be given")


class CancelIn(_Input):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000, examples=["Văn bản không ban hành"])


class AllocationOut(BaseModel):
    id: int
    register_id: int
    body_id: str
    system: str
    period: str
    series: str
    number: int
    number_text: str
    doc_type: str
    symbol: str | None
    reference: str | None
    date: dt.date
    cancelled: bool
    cancel_reason: str | None



class DirectiveOut(BaseModel):
    id: int
    issuer_id: str
    issuer_name: str | None
    type: str
    number: str
    date: dt.date
    summary: str


class PlanOut(BaseModel):
    id: int
    as_of: dt.date
    scope: list[str]
    created_at: dt.datetime
    created_by: str | None
    directive: DirectiveOut
    tasks: int
    by_status: dict[str, int]


class TaskOut(BaseModel):
    id: str
    body_id: str
    body_name: str
    province: str | None
    level: str
    doc_type: str
    generation: int
    parents: list[str]
    recipients: list[str]
    requested: list[str]
    deadline: dt.date | None
    status: TaskStatus
    exempt_reason: str | None
    number: str | None
    date: dt.date | None
    overdue: bool
    days_late: int


TASK_FIELDS = [k for k in TaskOut.model_fields if k not in ("overdue", "days_late")]


class TaskPage(BaseModel):
    plan_id: int
    as_of: dt.date = Field(description="Day overdue is computed against")
    total: int
    offset: int
    tasks: list[TaskOut]


class StatusIn(_Input):
    """A status change: drafted, back to pending, or exempt with its reason."""

    model_config = ConfigDict(extra="forbid")
    status: Literal["pending", "drafted", "exempt"]
    reason: str | None = Field(None, max_length=2000,
                               description="Required for exempt: why no document is due")


class IssuedOut(BaseModel):
    id: int
    plan_id: int | None
    task_id: str | None
    body_id: str
    number: str
    symbol: str
    date: dt.date
    signer: str | None
    file_name: str | None
    file_sha256: str | None
    allocation_id: int | None


class Counts(BaseModel):
    pending: int
    drafted: int
    issued: int
    exempt: int
    overdue: int
    total: int


class ProvinceCounts(Counts):
    province: str | None
    province_name: str | None


class LevelCounts(Counts):
    level: str


class OverdueUnit(BaseModel):
    task_id: str
    body_id: str
    body_name: str
    province: str | None
    level: str
    deadline: dt.date
    days_late: int
    status: TaskStatus


class ReportOut(BaseModel):
    plan_id: int
    as_of: dt.date
    totals: Counts
    by_province: list[ProvinceCounts]
    by_level: list[LevelCounts]
    overdue: list[OverdueUnit]


class Progress(Counts):
    """Counts by status as the key sees them; ``due`` is every task but the exempt ones."""

    due: int


class PlanProgress(Progress):
    """One plan of a directive as the key sees it."""

    id: int
    as_of: dt.date
    scope: list[str]


class DirectiveItem(DirectiveOut, Progress):
    """A directive with the summed progress of the plans the key sees."""

    type_name: str = Field(description="The type as cited: Kết luận, Nghị quyết …")
    created_at: dt.datetime
    plans: list[PlanProgress]


class DirectiveDetail(DirectiveItem):
    source: dict[str, Any] = Field(description="The directive as registered (YAML as JSON)")


class EventOut(BaseModel):
    """An entry of the append-only log: who changed what, when, before and after."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventPage(BaseModel):
    plan_id: int
    events: list[EventOut]
    next_after: int | None = Field(description="Pass as ?after= for the next page; "
                                                "null when this page is the last")


class CheckOut(Report):
    """The thể thức findings of a .docx (``trienkhai check``), each with where it is,
    the rule, its source and weight, and the verdict (ĐẠT / CẦN SỬA / KHÔNG ĐẠT)."""


class IngestOut(BaseModel):
    """What was matched and, unless ``dry_run``, recorded."""

    plan_id: int
    recorded: bool
    task_id: str
    body_id: str
    match: dict[str, Any]
    document: IssuedOut | None = None
    check: CheckOut | None = Field(
        default=None, description="thể thức findings of a .docx, in a dry run")


class DirectiveReadOut(DirectiveReading):
    """What was recognised in a received document (``trienkhai directive FILE --json``),
    with the text its spans point into and the directive it would register."""

    scanned: bool = Field(description="Read through OCR (a scan or a photographed page); "
                                      "``ocr`` says with what confidence")
    text: str = Field(description="The plain text read; every span is an offset into it")
    directive: dict[str, Any] | None = Field(description="The directive as POST /directives "
                                             "takes it (examples/kl-107.yaml's fields), to "
                                             "review and edit; null when it cannot be made")
    directive_error: str | None = Field(description="Why no directive can be made of it")


class ReminderUnit(BaseModel):
    """A late unit a đôn đốc names: its task, deadline, and how often it was reminded."""

    task_id: str
    body_id: str
    body_name: str
    deadline: dt.date
    days_late: int
    reminder: int = Field(description="This reminder's number for the unit (1, 2, 3 …)")
    level: Literal["nhac_nho", "lan_2", "phe_binh"]


class ReminderOut(BaseModel):
    """Who would be reminded: the sender, the day, the new deadline and the late units."""

    plan_id: int
    sender_id: str
    sender_name: str
    as_of: dt.date
    new_deadline: dt.date
    units: list[ReminderUnit]


class ResultCounts(BaseModel):
    """One row of the báo cáo's table: they add up to ``total`` (``overdue`` apart)."""

    total: int
    on_time: int
    late: int
    open: int
    overdue: int = Field(description="Of ``open``, those past their deadline")
    exempt: int


class ResultOut(BaseModel):
    """The báo cáo kết quả's figures on the period's last day, and the period's documents."""

    plan_id: int
    sender_id: str
    sender_name: str
    start: dt.date
    end: dt.date
    totals: ResultCounts
    by_level: dict[str, ResultCounts]
    by_kind: dict[str, ResultCounts]
    issued: list[dict[str, Any]]
    missing: int


class WebhookIn(_Input):
    """A URL to post events to, and which events."""

    url: str = Field(min_length=8, max_length=2000, pattern=r"^https?://",
                     examples=["https://vanban.laichau.gov.vn/trienkhai-hook"])
    events: list[Literal["plan.created", "task.issued", "task.late"]] = Field(
        min_length=1, max_length=3)


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    created_at: dt.datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="HMAC-SHA256 key of the signatures; shown only now")


class DeliveryOut(BaseModel):
    id: int
    event_id: int
    event: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status: int | None
    last_error: str | None
    next_at: dt.datetime
    delivered_at: dt.datetime | None
    replay_of: int | None


class DeliveryPage(BaseModel):
    deliveries: list[DeliveryOut]
    next_after: int | None
