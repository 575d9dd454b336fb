"""What the JSON API and the dashboard both do, written once: load a plan and a task
within a key's reach, render drafts, store uploaded files, name downloads.

Failures are raised as the store's own errors (``PlanNotFound``, ``TaskNotFound``) or
the ones below, never as HTTP answers: the API turns them into English problem details
(``api.problems``), the dashboard into Vietnamese pages (``api.web.pages``).
"""

import datetime as dt
import glob
import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.limits import MAX_UPLOAD_BYTES
from cascade.drafts.spec import SpecError
from cascade.plan_rules import Rules
from cascade.store.access import Caller
from cascade.store.db import Store
from cascade.store.drafts import DraftContext, zip_drafts
from cascade.store.plans import PlanInfo, PlanNotFound, get_plan, get_task
from cascade.store.rows import IssuedDocumentRow, PlanRow, PlanTaskRow
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
        self._seen: dict[tuple[int, str], bool] = {}  # (plan, key's body) → sees a task

    def info(self, session: Session, plan_id: int) -> PlanInfo:
        info = self._infos.get(plan_id)
        if info is None:
            row = get_plan(session, plan_id)
            info = self._infos[plan_id] = PlanInfo(row.id, row.as_of, dict(row.data))
        return info

    def seen(self, session: Session, caller: Caller, plan_id: int) -> PlanInfo:
        """The plan, when the caller sees it (``sees_plan``); ``PlanNotFound`` otherwise,
        as for a plan that does not exist. The answer is remembered: a plan's tasks and
        their bodies never change."""
        info = self.info(session, plan_id)
        k = (plan_id, caller.body_id)
        hit = self._seen.get(k)
        if hit is None:
            hit = self._seen[k] = sees_plan(session, caller, info)
        if not hit:
            raise PlanNotFound(plan_id)
        return info


def sees_plan(session: Session, caller: Caller, plan: PlanInfo | PlanRow) -> bool:
    """The one rule of what plans a key sees, for the API and the dashboard: those with
    at least one task in its subtree. Any other plan is answered as not found, never
    confirmed to exist (plan ids are sequential), summary and log included."""
    visible = caller.visible(plan)
    return visible is None or any(b in visible for (b,) in session.execute(
        select(PlanTaskRow.body_id).where(PlanTaskRow.plan_id == plan.id)))


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
    info = plans.seen(session, caller, plan_id)
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
UPLOAD_NAME = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,9})?$")  # a stored file: sha + suffix
SWEPT = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,9})?(\.reading\.json)?$")  # …and its reading
STAGING = ".upload-"  # a staged upload's name begins so; the sweep knows it by that
ORPHAN_AGE = dt.timedelta(days=1)


class StagedUpload:
    """An upload written whole to a temporary file beside the store and hashed; read it
    at ``path`` (its suffix kept, which tells the reader its format). ``keep`` moves it
    into place under its SHA-256 once the request has done its work: a file is stored
    only for a request that succeeds."""

    def __init__(self, files: Path, sha: str, path: Path, suffix: str) -> None:
        self.sha, self.path = sha, path
        self.dest = files / sha[:2] / f"{sha}{suffix}"
        self.kept = self.created = False

    def keep(self) -> Path:
        """Move into place (the same signed file uploaded twice is kept once), with what
        the request wrote beside it (``<name>.reading.json``)."""
        if not self.kept:
            self.created = not self.dest.exists()
            self.dest.parent.mkdir(exist_ok=True)
            os.replace(self.path, self.dest)
            for side in _sides(self.path):
                os.replace(side, self.dest.with_name(self.dest.name
                                                     + side.name[len(self.path.name):]))
            self.kept = True
        return self.dest


def _sides(path: Path) -> list[Path]:
    """Files written beside ``path`` under its name: ``<name>.reading.json``."""
    return list(path.parent.glob(f"{glob.escape(path.name)}.*"))


@contextmanager
def staged_upload(files: Path, file: UploadFile,
                  limit: int = MAX_UPLOAD_BYTES) -> Iterator[StagedUpload]:
    """The upload staged for the request's work: deleted when the work does not keep
    it, and a kept file it created deleted again when the request fails afterwards (its
    transaction did not commit). A crash leaves only the staged file, which
    ``sweep_orphans`` removes."""
    files.mkdir(parents=True, exist_ok=True)
    suffix = Path(file.filename or "").suffix.lower()[:10]
    suffix = suffix if suffix[1:].isalnum() else ""
    tmp = files / f"{STAGING}{uuid.uuid4().hex}{suffix}"
    try:
        up = StagedUpload(files, write_upload(tmp, file, limit), tmp, suffix)
        try:
            yield up
        except BaseException:
            if up.kept and up.created:
                for p in (up.dest, *_sides(up.dest)):
                    p.unlink(missing_ok=True)
            raise
    finally:
        for p in (tmp, *_sides(tmp)):
            p.unlink(missing_ok=True)


def write_upload(tmp: Path, file: UploadFile, limit: int) -> str:
    """The upload written to ``tmp`` within ``limit`` (413 past it, 422 when empty): its
    SHA-256."""
    h = hashlib.sha256()
    size = 0
    with tmp.open("wb") as out:
        while chunk := file.file.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise UploadRefused(413, limit)
            h.update(chunk)
            out.write(chunk)
    if size == 0:
        raise UploadRefused(422, limit)
    return h.hexdigest()


def sweep_orphans(files: Path, referenced: Collection[str],
                  now: dt.datetime | None = None) -> list[Path]:
    """Remove what no request will claim, once older than ``ORPHAN_AGE``: staged files a
    crash left, and stored files no record names (``referenced``: their SHA-256s) with
    their readings: a dashboard preview not confirmed, a received document read and
    answered, within the day. Returns what was removed."""
    if not files.is_dir():
        return []
    cutoff = (now or dt.datetime.now(dt.UTC)).timestamp() - ORPHAN_AGE.total_seconds()
    gone = []
    for p in [*files.glob(f"{STAGING}*"), *files.glob("[0-9a-f][0-9a-f]/*")]:
        stored = not p.name.startswith(STAGING)
        if stored and (p.name[:64] in referenced or not SWEPT.match(p.name)):
            continue
        try:
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
                gone.append(p)
        except FileNotFoundError:  # another server's sweep took it first
            continue
    return gone


def sweep_files(store: Store, files: Path) -> list[Path]:
    """``sweep_orphans`` against the store's records: a server runs it as it starts."""
    with store.read() as s:
        referenced = {sha for (sha,) in s.execute(select(IssuedDocumentRow.file_sha256))
                      if sha}
    return sweep_orphans(files, referenced)


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
