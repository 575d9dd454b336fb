"""Received documents: read one (``POST /directives/read``), draft a body's answer to it
(``POST /respond``), and register it as a directive with its plan
(``POST /directives/from-document``), the HTTP side of ``trienkhai directive``,
``respond`` and ``plan FILE``.

The upload is read in a temporary file, removed once answered; reading (and OCR of a
scan) is CPU work, so the endpoints are plain ``def`` and run off the event loop.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from api.deps import (
    ChartDay,
    ChartDep,
    IdempotencyKey,
    Provinces,
    Reader,
    RulesDep,
    StoreDep,
    Writer,
)
from api.intake import (
    IntakeRefused,
    answer_draft,
    directive_of,
    parse_leads,
    read_upload,
    responder,
    responder_if_known,
    spooled,
    to_pdf_bytes,
    upload_name,
)
from api.planning import plan_and_store
from api.problems import NUL, Problem, nul_error, problems
from api.schemas import DirectiveReadOut, PlanOut
from api.services import DOCX, ascii_name, download
from cascade.intake.directive_out import directive_data
from orgchart.days import today as vn_today

router = APIRouter(tags=["intake"])
Upload = Annotated[UploadFile, File(description="The document received: .docx, .pdf, "
                                                ".txt, or a scan (.png, .jpg, .tif, a PDF "
                                                "without text), read through OCR")]
LeadsForm = Annotated[str | None, Form(max_length=20_000, description=(
    "Corrected leads, JSON: task number → kind of body (\"police\"), \"\" for every body; "
    "e.g. {\"5\": \"police\", \"9\": \"\"}"))]
DOC = {200: {"content": {DOCX: {"schema": {"type": "string", "format": "binary"}},
                         "application/pdf": {"schema": {"type": "string",
                                                        "format": "binary"}}},
             "description": "The draft (.docx; PDF with ?pdf=true)"}}


@contextmanager
def refused() -> Iterator[None]:
    """``IntakeRefused`` as problem details naming its field."""
    try:
        yield
    except IntakeRefused as e:
        raise Problem(e.status, e.message, [{"field": e.field, "type": "intake_refused",
                                             "message": e.message}]) from None


def checked_name(file: UploadFile) -> str:
    if file.filename and NUL in file.filename:
        raise Problem(422, "file: tên tệp không được chứa ký tự NUL",
                      [nul_error("file")])
    return upload_name(file)


@router.post("/directives/read", response_model=DirectiveReadOut,
             responses=problems(413),
             summary="Read a received document: issuer, parents, tasks with their leads, "
                     "deadlines, addressees, each with its span, and what was not "
                     "recognised")
def read_received(file: Upload, caller: Reader, chart: ChartDep) -> Any:
    name = checked_name(file)
    with refused(), spooled(file) as path:
        reading, text = read_upload(path, name, chart)
    directive, error = None, None
    try:
        directive_of(reading, chart)
        directive = directive_data(reading)
    except IntakeRefused as e:
        error = e.message
    return DirectiveReadOut(**reading.model_dump(), scanned=reading.ocr is not None,
                            text=text, directive=directive, directive_error=error)


@router.post("/respond", response_class=Response,
             responses={**problems(404, 413, 503), **DOC},
             summary="The draft of a body's own document answering a received one "
                     "(.docx, or PDF)")
def respond_received(
    file: Upload,
    caller: Reader,
    chart: ChartDep,
    rules: RulesDep,
    as_body: Annotated[str, Form(alias="as", min_length=1, max_length=300, description=(
        "The body answering, by id or name (within the key's subtree)"),
        examples=["lai-chau.so-vhttdl"])],
    leads: LeadsForm = None,
    as_of: ChartDay = None,
    pdf: Annotated[bool, Query(description="Answer the PDF LibreOffice prints")] = False,
) -> Response:
    name = checked_name(file)
    with refused():
        corrected = parse_leads(leads)
        # the key's reach first, on the chart's date when the body exists then: a body it
        # may not act for costs no reading nor OCR (a body known only on the document's
        # own date is checked once it is read)
        responder_if_known(chart, caller, as_body, as_of or vn_today())
        with spooled(file) as path:
            reading, _ = read_upload(path, name, chart)
        body = responder(chart, caller, as_body, as_of or reading.date)
        data, task = answer_draft(reading, body, chart, rules, leads=corrected, as_of=as_of)
        stem = ascii_name(f"du-thao-{task.body_id}", "du-thao")
        if pdf:
            return download(to_pdf_bytes(data, stem), "application/pdf", f"{stem}.pdf")
    return download(data, DOCX, f"{stem}.docx", headers={"X-Doc-Type": task.doc_type})


@router.post("/directives/from-document", status_code=201, response_model=PlanOut,
             responses=problems(403, 409, 413),
             summary="Register a received document as a directive and plan its cascade "
                     "(over the issuer's province, else the key's)")
def create_from_document(
    request: Request,
    file: Upload,
    caller: Writer,
    chart: ChartDep,
    rules: RulesDep,
    store: StoreDep,
    leads: LeadsForm = None,
    as_of: ChartDay = None,
    scope: Provinces = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    name = checked_name(file)
    with refused():
        corrected = parse_leads(leads)
        with spooled(file) as path:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            reading, _ = read_upload(path, name, chart)
        directive = directive_of(reading, chart, corrected)
    own = chart.body(caller.body_id).province if chart.has(caller.body_id) else None
    scope = scope or directive.scope or ([own] if own else None)
    payload = {"file": sha, "leads": corrected, "as_of": str(as_of), "scope": scope}
    return plan_and_store(request, caller, directive, as_of=as_of, scope=scope,
                          idempotency_key=idempotency_key, payload=payload, chart=chart,
                          rules=rules, store=store)
