"""Errors of the JSON API as problem details (RFC 9457, ``application/problem+json``).

Every error names what is wrong in ``detail`` and, for bad input, each field at fault in
``errors``. Bad input is 4xx, never 500: a value the database refuses, a NUL character
anywhere in the request, the store's own "not found" errors. The dashboard answers the
same errors as Vietnamese pages (``api.web.pages``); these handlers are the JSON side.
"""

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.limits import OverLimit
from api.messages import FALLBACK, validation_message
from api.services import DraftUnavailable, TaskOutOfScope, UploadRefused
from cascade.store.numbering import NumberingError
from cascade.store.plans import PlanNotFound, TaskNotFound
from orgchart.safe_yaml import vn_number

PROBLEM = "application/problem+json"
TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
          415: "Unsupported Media Type", 422: "Unprocessable Content",
          500: "Internal Server Error"}
NUL = "\x00"
NUL_VI = "không được chứa ký tự NUL"
BODY_UNPARSED = "There was an error parsing the body"  # FastAPI's words
EMPTY_FILE = "tệp tải lên không có nội dung"


class Problem(Exception):
    """An error to answer with: status, a clear detail, and the fields at fault."""

    def __init__(self, status: int, detail: str,
                 errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


class ProblemModel(BaseModel):
    """Problem details (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = Field(description="What is wrong, in Vietnamese, as "
                                    "\"<field>: <message>\" (several joined by \"; \")")
    instance: str
    errors: list[dict[str, Any]] | None = Field(None, description=(
        "Each field at fault: field (the API's name), type (a code to act on: "
        "pydantic's error type such as missing or string_too_long, or nul_character, "
        "blank, empty, too_large …) and message (Vietnamese)"))


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route that can answer these statuses, for its OpenAPI."""
    return {c: {"model": ProblemModel, "content": {PROBLEM: {}},
                "description": TITLES.get(c, "Error")} for c in codes}


def problem_response(status: int, detail: str, instance: str,
                     errors: list[dict[str, Any]] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"),
                            "status": status, "detail": detail, "instance": instance}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def refuse_nul(**values: str | None) -> None:
    """422 naming the first of ``values`` holding a NUL character (PostgreSQL cannot
    store one, and no clerk types one)."""
    for name, value in values.items():
        if value and NUL in value:
            raise Problem(422, f"{name}: {NUL_VI}", [nul_error(name)])


def nul_error(field: str) -> dict[str, str]:
    """The ``errors`` item of a NUL character in ``field``."""
    return {"field": field, "type": "nul_character", "message": NUL_VI}


def nul_path(data: Any, path: str = "") -> str | None:
    """The first place in parsed JSON/YAML holding a NUL character, or None."""
    if isinstance(data, str):
        return path or "body" if NUL in data else None
    if isinstance(data, dict):
        for k, v in data.items():
            where = f"{path}.{k}" if path else str(k)
            if NUL in str(k):
                return where
            if (hit := nul_path(v, where)) is not None:
                return hit
    if isinstance(data, list):
        for i, v in enumerate(data):
            if (hit := nul_path(v, f"{path}.{i}" if path else str(i))) is not None:
                return hit
    return None


class RefuseNul:
    """NUL in the path or the query is bad input, whichever endpoint it reaches.

    A plain ASGI middleware: ``@app.middleware("http")`` (BaseHTTPMiddleware) runs every
    request through an extra task and memory streams, which cost more CPU than this check.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            bad = _nul_in(Request(scope))
            if bad is not None:
                await bad(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _nul_in(request: Request) -> JSONResponse | None:
    if NUL in request.url.path:
        return problem_response(422, f"path: {NUL_VI}", request.url.path.replace(NUL, "%00"),
                                [nul_error("path")])
    if b"\x00" in request.scope.get("query_string", b"") or "%00" in str(request.url.query):
        for k, v in request.query_params.multi_items():
            if NUL in k or NUL in v:
                name = k.replace(NUL, "")
                return problem_response(422, f"{name}: {NUL_VI}", request.url.path,
                                        [nul_error(name)])
    return None


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(x) for x in loc if x not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(x) for x in loc)


# ------------------------------------------------------------------ handlers
def _problem(request: Request, exc: Problem) -> JSONResponse:
    return problem_response(exc.status, exc.detail, request.url.path, exc.errors)


def _data(request: Request, exc: DataError) -> JSONResponse:
    """Last guard: a value the database refuses is bad input, not a server fault."""
    return problem_response(422, "body: cơ sở dữ liệu không lưu được một giá trị gửi lên: "
                            f"{str(exc.orig).splitlines()[0][:200]}", request.url.path)


def _inserted(exc: IntegrityError, said: str) -> dict[str, Any]:
    """The values the refused INSERT gave the columns the database names (SQLite says
    only ``UNIQUE constraint failed: table.column, …``)."""
    params = exc.params
    if isinstance(params, list | tuple) and params and isinstance(params[0], list | tuple
                                                                  | dict):
        params = params[0]  # executemany: the first row
    m = re.search(r"INSERT INTO \S+ \(([^)]*)\)", str(exc.statement or ""))
    if isinstance(params, list | tuple) and m:
        params = dict(zip([c.strip() for c in m[1].split(",")], params, strict=False))
    if not isinstance(params, dict):
        return {}
    named = set(re.findall(r"\.(\w+)", said.split(":", 1)[-1]))
    return {k: v for k, v in params.items() if k in named} or {}


def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
    """Last guard: a uniqueness the database enforces and no check before it saw (a
    concurrent duplicate) is a conflict, not a server fault; the database's own words
    name the record (PostgreSQL: its key; SQLite: its columns, with the values sent)."""
    lines = [x.strip() for x in str(exc.orig).splitlines() if x.strip()][:2]
    unique = "unique" in lines[0].lower() if lines else False
    said = "; ".join(lines)[:400]
    if unique and "DETAIL" not in said and (values := _inserted(exc, said)):
        said += " (" + ", ".join(f"{k}={v}" for k, v in values.items()) + ")"
    if unique:
        return problem_response(409, f"body: bản ghi này đã được lưu trước đó: {said}",
                                request.url.path)
    return problem_response(422, f"body: cơ sở dữ liệu không lưu được một giá trị gửi lên: "
                            f"{said}", request.url.path)


def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Pydantic's errors, each in Vietnamese (``api.messages``) with its ``type``."""
    errors = [{"field": _field(e.get("loc", ())), "type": str(e.get("type", "")),
               "message": validation_message(e)} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or FALLBACK
    return problem_response(422, detail, request.url.path, errors)


def _unparsed(exc: StarletteHTTPException) -> str:
    """Why FastAPI could not parse a body (its bare 400 says only that it could not):
    not UTF-8, nested past Python's recursion, or otherwise unreadable."""
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        return (f"không phải văn bản UTF-8 (byte {cause.start} không hợp lệ); hãy gửi lại "
                "với mã UTF-8")
    if isinstance(cause, RecursionError):
        return "lồng nhau quá sâu"
    return "không đọc được dữ liệu gửi lên (JSON hoặc biểu mẫu hỏng)"


_HTTP_VI = {404: "path: không có tài nguyên {path}",
            405: "method: {path} không nhận phương thức {method}"}


def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.detail == BODY_UNPARSED:  # the documented 422
        why = _unparsed(exc)
        return problem_response(422, f"body: {why}", request.url.path,
                                [{"field": "body", "type": "body_unparsed", "message": why}])
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code,
                                                                         "Error")
    if detail == TITLES.get(exc.status_code):  # Starlette's bare reason phrase
        detail = _HTTP_VI.get(exc.status_code, "{method} {path}: không thực hiện được "
                              "yêu cầu").format(method=request.method, path=request.url.path)
    return problem_response(exc.status_code, detail, request.url.path,
                            headers=getattr(exc, "headers", None))


def _numbering(request: Request, exc: NumberingError) -> JSONResponse:
    field = str(exc).split(":", 1)[0]
    return problem_response(422, str(exc), request.url.path,
                            [{"field": field, "type": "numbering_refused",
                              "message": str(exc)}])


def _not_found(request: Request, exc: PlanNotFound | TaskNotFound) -> JSONResponse:
    return problem_response(404, str(exc), request.url.path)


def _out_of_scope(request: Request, exc: TaskOutOfScope) -> JSONResponse:
    c = exc.caller
    return problem_response(403, f"task_id: {exc.body_id} không thuộc phạm vi của khóa "
                                 f"{c.prefix} ({c.body_id}); mỗi đơn vị chỉ ghi nhận nhiệm "
                                 "vụ của mình và cấp dưới", request.url.path)


def _draft(request: Request, exc: DraftUnavailable) -> JSONResponse:
    return problem_response(409, f"draft: không soạn được dự thảo theo sơ đồ tổ chức: {exc}",
                            request.url.path)


def _upload(request: Request, exc: UploadRefused) -> JSONResponse:
    if exc.status == 413:
        return problem_response(413, f"file: tệp quá lớn, tối đa {vn_number(exc.limit)} byte",
                                request.url.path)
    return problem_response(422, f"file: {EMPTY_FILE}", request.url.path,
                            [{"field": "file", "type": "empty", "message": EMPTY_FILE}])


def _over(request: Request, exc: OverLimit) -> JSONResponse:
    return problem_response(exc.status, str(exc), request.url.path,
                            [{"field": exc.field, "type": "too_large" if exc.status == 413
                              else "too_deep", "message": exc.message}])


def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover
    return problem_response(500, "lỗi nội bộ của dịch vụ; yêu cầu chưa làm thay đổi dữ liệu",
                            request.url.path)


HANDLERS: tuple[tuple[type[Exception], Any], ...] = (
    (DataError, _data), (IntegrityError, _integrity), (Problem, _problem),
    (RequestValidationError, _invalid),
    (StarletteHTTPException, _http), (NumberingError, _numbering),
    (PlanNotFound, _not_found), (TaskNotFound, _not_found), (TaskOutOfScope, _out_of_scope),
    (DraftUnavailable, _draft), (UploadRefused, _upload), (OverLimit, _over),
    (Exception, _unexpected))


def install(app: FastAPI) -> None:
    """The NUL guard and every handler: each error answers problem+json."""
    app.add_middleware(RefuseNul)
    for exc, handler in HANDLERS:
        app.add_exception_handler(exc, handler)
