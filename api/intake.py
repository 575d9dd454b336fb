"""Received documents, for the JSON API and the dashboard alike: an upload read as a
directive (``cascade.intake``), the draft a body writes in answer to it, the directive
it registers, and the kinds of body a clerk may choose as a task's lead.

Failures are ``IntakeRefused`` (status, field, Vietnamese message naming the file by the
name it was uploaded under, never the server's temporary path): the API answers them as
problem details, the dashboard as the page with its errors.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from api.services import MAX_UPLOAD_BYTES, write_upload
from cascade.directive import Directive, DirectiveError
from cascade.intake.directive_out import Leads, to_directive
from cascade.intake.models import DirectiveReading
from cascade.plan_rules import Rules
from cascade.planner import PlanTask
from cascade.store.access import Caller
from orgchart import Body, Chart, UnknownBody
from orgchart.vocabulary import kind_vi

EVERYONE = ""  # a lead chosen as "every body" (no one kind leads the task)


class IntakeRefused(ValueError):
    """A received document (or what was asked of it) that cannot be answered."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


def upload_name(file: UploadFile) -> str:
    """The name a message calls the upload by."""
    return (file.filename or "tệp tải lên").replace("\x00", "")[:200]


@contextmanager
def spooled(file: UploadFile, limit: int = MAX_UPLOAD_BYTES) -> Iterator[Path]:
    """The upload in a temporary file that keeps its suffix (the reader goes by it),
    removed afterwards: a document only read or answered is not kept on the server."""
    suffix = Path(file.filename or "").suffix.lower()[:10]
    suffix = suffix if suffix[1:].isalnum() else ""
    with tempfile.TemporaryDirectory(prefix="trienkhai-intake-") as tmp:
        path = Path(tmp) / f"van-ban{suffix}"
        write_upload(path, file, limit)
        yield path


def read_upload(path: Path, name: str, chart: Chart) -> tuple[DirectiveReading, str]:
    """(what was recognised, the plain text its spans point into); OCR first for a scan."""
    from cascade.citations.extract import ReadError
    from cascade.intake.load import read_with_text

    try:
        reading, text = read_with_text(path, chart)
    except ReadError as e:
        raise IntakeRefused(422, "file", str(e).replace(str(path), name)) from None
    reading.path = name
    return reading, text


def cached_reading(path: Path, name: str, chart: Chart) -> tuple[DirectiveReading, str]:
    """``read_upload`` of a stored upload, remembered beside it: the dashboard reads a
    document, shows it, then drafts from it, and a scan is not OCR'd twice."""
    side = path.with_name(f"{path.name}.reading.json")
    if side.is_file():
        data = json.loads(side.read_text(encoding="utf-8"))
        reading = DirectiveReading.model_validate(data["reading"])
        reading.path = name
        return reading, data["text"]
    reading, text = read_upload(path, name, chart)
    tmp = side.with_name(f".{side.name}.tmp")
    tmp.write_text(json.dumps({"reading": reading.model_dump(mode="json"), "text": text},
                              ensure_ascii=False), encoding="utf-8")
    tmp.replace(side)
    return reading, text


def parse_leads(raw: str | None) -> Leads:
    """``{"4": "police", "9": ""}`` (task number → kind, "" for every body) as sent."""
    if not (raw or "").strip():
        return {}
    try:
        data = json.loads(raw or "")
    except ValueError:
        data = None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()):
        raise IntakeRefused(422, "leads", "leads: phải là JSON dạng {\"số mục\": \"loại cơ "
                                          "quan\"}, ví dụ {\"5\": \"police\", \"9\": \"\"}")
    return {k: (v or None) for k, v in data.items()}


def directive_of(reading: DirectiveReading, chart: Chart, leads: Leads | None = None,
                 date: dt.date | None = None) -> Directive:
    """The directive to register and plan, over the issuer's territory."""
    try:
        return to_directive(reading, chart=chart, leads=leads, date=date)
    except DirectiveError as e:
        field = "leads" if str(e).startswith("leads:") else "file"
        raise IntakeRefused(422, field, str(e)) from None


def responder(chart: Chart, caller: Caller, as_body: str, day: dt.date | None) -> Body:
    """The body answering, when the key reaches it (404 otherwise, as for any body out of
    the key's subtree: a key does not learn what it may not act for)."""
    try:
        body = chart.resolve(as_body, day)
    except UnknownBody as e:
        raise IntakeRefused(422, "as", f"as: {e}") from None
    if not caller.covers(body.id, day):
        raise IntakeRefused(404, "as", f"as: {body.name} ({body.id}) không thuộc phạm vi "
                                       f"của khóa {caller.prefix}; mỗi đơn vị chỉ soạn văn "
                                       "bản của mình và cấp dưới")
    return body


def responder_if_known(chart: Chart, caller: Caller, as_body: str,
                       day: dt.date) -> Body | None:
    """``responder`` on ``day`` when the body exists then (404 outside the key's reach);
    None when it does not, so the document's own date can decide after reading."""
    try:
        return responder(chart, caller, as_body, day)
    except IntakeRefused as e:
        if e.status == 404:
            raise
        return None


def answer_draft(reading: DirectiveReading, body: Body, chart: Chart, rules: Rules, *,
                 leads: Leads | None = None,
                 as_of: dt.date | None = None) -> tuple[bytes, PlanTask]:
    """The .docx of ``body``'s document answering the reading, and its plan task."""
    from cascade.drafts.build import render_draft
    from cascade.drafts.resolve_spec import resolve
    from cascade.drafts.spec import SpecError
    from cascade.intake.respond import respond

    try:
        spec, task, _ = respond(reading, body.id, chart, rules, as_of=as_of, leads=leads)
        draft = resolve(chart, spec, today=as_of or reading.date or dt.date.today())
        return render_draft(draft, None), task
    except DirectiveError as e:
        field = "leads" if str(e).startswith("leads:") else "as"
        raise IntakeRefused(422, field, str(e)) from None
    except SpecError as e:
        raise IntakeRefused(422, "as", f"Không soạn được dự thảo: {e}") from None


def to_pdf_bytes(docx: bytes, stem: str) -> bytes:
    """The draft printed by LibreOffice; 503 when it is not installed."""
    from cascade.drafts.pdf import PdfUnavailable, to_pdf

    tmp = Path(tempfile.mkdtemp(prefix="trienkhai-respond-"))
    try:
        src = tmp / f"{stem}.docx"
        src.write_bytes(docx)
        try:
            (pdf,) = to_pdf([src], tmp / "pdf", timeout=120)
        except PdfUnavailable as e:
            raise IntakeRefused(503, "pdf", str(e)) from None
        return pdf.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def lead_choices(chart: Chart, reading: DirectiveReading, province: str | None,
                 day: dt.date | None) -> list[tuple[str, str]]:
    """(kind, label) of the bodies the issuer directs, one per kind, named by a body of
    that kind in ``province`` when given ("Công an tỉnh Lai Châu"): what a task's lead
    may be, since a lead is the kind of body that carries the task out below the issuer.
    "Mọi cơ quan, đơn vị" (no one kind) comes first."""
    seen: dict[str, list[str]] = {}
    if reading.issuer_id and chart.has(reading.issuer_id, day):
        for b in chart.subordinates(reading.issuer_id, as_of=day):
            if province is None or b.province == province:
                seen.setdefault(str(b.kind), []).append(b.name)
    for t in reading.tasks:  # a kind read from the text stays choosable
        for m in t.leads:
            if m.carries:
                seen.setdefault(m.carries, [])
    out = [(EVERYONE, "Mọi cơ quan, đơn vị (không riêng loại nào)")]
    for kind, names in sorted(seen.items(), key=lambda kv: _kind_label(kv[0])):
        example = ("" if not names else f" — {names[0]}" if len(names) == 1 else
                   f" — {names[0]} và {len(names) - 1} nơi khác")
        out.append((kind, f"{_kind_label(kind)}{example}"))
    return out


def _kind_label(kind: str) -> str:
    try:
        label = kind_vi(kind)
    except (KeyError, ValueError):
        label = kind
    return label[:1].upper() + label[1:]
