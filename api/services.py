"""What the JSON API and the dashboard both do, written once: load a plan and a task
within a key's reach, render drafts, store uploaded files, name downloads.

Failures are raised as the store's own errors (``PlanNotFound``, ``TaskNotFound``) or
the ones below, never as HTTP answers: the API turns them into English problem details
(``api.problems``), the dashboard into Vietnamese pages (``api.web.pages``).
"""

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.limits import MAX_UPLOAD_BYTES
from cascade.drafts.spec import SpecError
from cascade.plan_rules import Rules
from cascade.store.access import Caller
from cascade.store.drafts import DraftContext, zip_drafts
from cascade.store.plans import PlanInfo, get_plan, get_task
from cascade.store.rows import PlanRow, PlanTaskRow
from orgchart import Chart, UnknownBody

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TaskOutOfScope(PermissionError):
    """The task's body is outside the key's reach: a unit sees and records only its own
    tasks and those below it."""

    def __init__(self, caller: Caller, task: PlanTaskRow) -> None:
        super().__init__(f"{caller.body_id} does not cover {task.body_id}")
        # plain values: the row expires when its transaction rolls back on the way out
        self.caller, self.body_id, self.body_name = caller, task.body_id, task.body_name


class DraftUnavailable(RuntimeError):
    """The draft cannot be composed against the chart (a body or a SPEC value is gone)."""


class UploadRefused(ValueError):
    """An uploaded file that is not stored: empty (422) or too large (413)."""

    def __init__(self, status: int, limit: int = MAX_UPLOAD_BYTES) -> None:
        super().__init__("file too large" if status == 413 else "file empty")
        self.status, self.limit = status, limit


# ------------------------------------------------------------------ plans and tasks
class PlanCache:
    """What a request needs of a plan (as_of, issuer, directive number). A plan never
    changes once stored, so this is remembered for the life of the process."""

    def __init__(self) -> None:
        self._infos: dict[int, PlanInfo] = {}

    def info(self, session: Session, plan_id: int) -> PlanInfo:
        info = self._infos.get(plan_id)
        if info is None:
            row = get_plan(session, plan_id)
            info = self._infos[plan_id] = PlanInfo(row.id, row.as_of, dict(row.data))
        return info


def scoped_task(session: Session, caller: Caller, plan_id: int, task_id: str,
                day: dt.date, *, lock: bool = False) -> PlanTaskRow:
    """The task, when the caller reaches its body on the plan's date ``day``."""
    t = get_task(session, plan_id, task_id, lock=lock)
    if not caller.covers(t.body_id, day):
        raise TaskOutOfScope(caller, t)
    return t


def load_task(session: Session, plans: PlanCache, caller: Caller, plan_id: int,
              task_id: str, *, lock: bool = False) -> PlanTaskRow:
    """The plan's task within the caller's reach (the plan first: 404 before 403)."""
    info = plans.info(session, plan_id)
    return scoped_task(session, caller, plan_id, task_id, info.as_of, lock=lock)


# ------------------------------------------------------------------ drafts
@contextmanager
def _composing() -> Iterator[None]:
    try:
        yield
    except (UnknownBody, SpecError) as e:
        raise DraftUnavailable(str(e)) from None


def render_draft(session: Session, plan: PlanRow, task_id: str, chart: Chart,
                 rules: Rules) -> bytes:
    """One task's draft (.docx), with its parents' numbers once they are issued."""
    with _composing():
        return DraftContext(session, plan).render(chart, rules, task_id)


def render_drafts(session: Session, plan: PlanRow, task_ids: list[str], chart: Chart,
                  rules: Rules) -> bytes:
    """Many drafts in one zip, a folder per province."""
    with _composing():
        return zip_drafts(DraftContext(session, plan), chart, rules, task_ids)


# ------------------------------------------------------------------ files
def save_upload(files: Path, file: UploadFile,
                limit: int = MAX_UPLOAD_BYTES) -> tuple[str, Path]:
    """Store the file under its SHA-256 (written whole, then renamed into place): the
    same signed file uploaded twice is kept once."""
    files.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    tmp = files / f".upload-{os.getpid()}-{id(file)}"
    size = 0
    try:
        with tmp.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(413, limit)
                h.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadRefused(422, limit)
        sha = h.hexdigest()
        suffix = Path(file.filename or "").suffix.lower()[:10]
        suffix = suffix if suffix[1:].isalnum() else ""
        dest = files / sha[:2] / f"{sha}{suffix}"
        dest.parent.mkdir(exist_ok=True)
        os.replace(tmp, dest)
        return sha, dest
    finally:
        tmp.unlink(missing_ok=True)


def ascii_name(text: str, default: str) -> str:
    """A file name safe in a Content-Disposition header (latin-1 only): Vietnamese
    letters lose their marks, "đ" becomes "d", anything else a hyphen."""
    flat = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    flat = "".join(c for c in flat if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", flat).strip("-") or default


def download(data: bytes, media_type: str, filename: str, *, inline: bool = False,
             headers: dict[str, str] | None = None) -> Response:
    """A file to save (or, ``inline``, to show), under ``filename``."""
    how = "inline" if inline else "attachment"
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'{how}; filename="{filename}"', **(headers or {})})
