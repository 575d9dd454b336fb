"""A directive sent in a request body (YAML or JSON), and planning it into a stored plan:
shared by ``POST /plans`` and ``POST /directives[/{id}/plans]``.
"""

import hashlib
import json
from typing import Any

import yaml
from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from api.idempotency import idempotent
from api.limits import MAX_DIRECTIVE_BYTES, check_depth, too_large
from api.problems import NUL_VI, Problem, nul_error, nul_path
from api.schemas import PlanOut
from cascade.directive import Directive, DirectiveError, parse_directive
from cascade.plan_rules import Rules
from cascade.planner import PlanError, plan
from cascade.store.access import Caller
from cascade.store.db import Store
from cascade.store.directives import DirectiveConflict
from cascade.store.plans import plan_summary, save_plan
from orgchart import Chart, safe_yaml

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
              "text/plain")
DIRECTIVE_BODY = {"requestBody": {"required": True, "description": (
    "The directive (issuer, type, number, date, summary, tasks …) as in "
    "examples/kl-107.yaml, in YAML or JSON; at most 1,000,000 bytes, 32 levels deep, "
    "YAML without anchors or aliases"), "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}}}}}


def _refuse(status: int, msg: str, kind: str = "body_unreadable") -> Problem:
    return Problem(status, f"body: {msg}", [{"field": "body", "type": kind, "message": msg}])


def parse_body(raw: bytes, content_type: str) -> tuple[Any, yaml.Node | None]:
    """The body as data (and, for YAML, its node tree, which gives a field's line):
    JSON, or YAML within ``safe_yaml.REQUEST`` (no aliases, depth and size limited,
    dates as text); 4xx naming what is wrong and, for YAML, where."""
    if not raw.strip():
        raise _refuse(422, "thiếu văn bản chỉ đạo (YAML hoặc JSON)", "missing")
    if len(raw) > MAX_DIRECTIVE_BYTES:
        raise too_large(MAX_DIRECTIVE_BYTES)
    ctype = content_type.split(";")[0].strip().lower()
    if ctype != "application/json" and ctype not in YAML_TYPES and ctype:
        raise Problem(415, f"Content-Type: không nhận kiểu {ctype}; hãy gửi "
                           "application/json hoặc application/yaml")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _refuse(422, f"không phải văn bản UTF-8 (byte {e.start} không hợp lệ); "
                           "hãy gửi lại với mã UTF-8") from None
    if ctype == "application/json":
        try:
            data = json.loads(text)
        except RecursionError:
            raise _refuse(422, "JSON lồng nhau quá sâu") from None
        except ValueError as e:
            where = f" (dòng {e.lineno}, cột {e.colno})" if isinstance(
                e, json.JSONDecodeError) else ""
            raise _refuse(422, f"JSON không hợp lệ{where}: {e}") from None
        check_depth(data)
        return data, None
    try:
        return safe_yaml.load(text, safe_yaml.REQUEST, dates=False)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        problem = getattr(e, "problem", None) or e
        raise _refuse(422, f"YAML không hợp lệ{where}: {problem}") from None


def directive_from(raw: bytes, content_type: str) -> Directive:
    """The request body as a directive (YAML or JSON), checked; 4xx naming the field.
    CPU-bound (parsing, walking, validating): routes call it off the event loop."""
    data, tree = parse_body(raw, content_type)
    if (where := nul_path(data)) is not None:
        raise Problem(422, f"{where}: {NUL_VI}", [nul_error(where)])
    try:
        return parse_directive(data, "body", tree)
    except DirectiveError as e:
        raise Problem(422, str(e), [{"field": "body", "type": "directive_invalid",
                                     "message": str(e)}]) from None


def plan_and_store(request: Request, caller: Caller, directive: Directive, *,
                   as_of: Any, scope: list[str] | None, idempotency_key: str | None,
                   payload: Any, chart: Chart, rules: Rules, store: Store) -> JSONResponse:
    """Plan the directive over the chart and store the plan (and the directive, once).

    Every task must lie within the caller's reach: a key plans only its own subtree.
    What is surely outside it is refused before planning (a national plan is seconds of
    CPU); what the plan holds is checked after."""
    authorise_plan(caller, chart, directive, as_of, scope)
    try:
        planned = plan(chart, directive, rules, as_of=as_of, scope=scope)
    except PlanError as e:
        raise Problem(422, str(e), [{"field": "body", "type": "plan_refused",
                                     "message": str(e)}]) from None
    allowed = caller.subtree(planned.as_of)
    outside = [t.body_id for t in planned.tasks if t.body_id not in allowed]
    if outside:
        raise Problem(403, f"X-API-Key: khóa {caller.prefix} ({caller.body_id}) không bao "
                           f"quát {len(outside)} cơ quan của kế hoạch này, ví dụ "
                           f"{', '.join(outside[:5])}; hãy thu hẹp phạm vi bằng ?scope=")

    def do(s: Session) -> tuple[int, dict[str, Any]]:
        try:
            row = save_plan(s, planned, actor=caller.actor)
        except DirectiveConflict as e:
            raise Problem(409, f"body: {e}") from None
        s.flush()
        return 201, PlanOut.model_validate(plan_summary(s, row)).model_dump(mode="json")

    return idempotent(store, request, caller, idempotency_key, payload, do)


def authorise_plan(caller: Caller, chart: Chart, directive: Directive, as_of: Any,
                   scope: list[str] | None) -> None:
    """403 before planning when the plan cannot lie within the key's reach: a key that
    does not reach the issuer plans only within its own province (a scoped plan holds
    only the bodies of its provinces; a national one, every province's and the centre's).
    """
    day = as_of or directive.date
    provinces = scope if scope is not None else directive.scope
    try:
        issuer = chart.resolve(directive.issuer, as_of=day)
    except Exception:
        return
    if caller.covers(issuer.id, day):
        return
    own = chart.body(caller.body_id, day).province if chart.has(caller.body_id, day) \
        else None
    outside = [p for p in provinces if p != own and _is_unit(chart, p, day)] \
        if provinces else ["toàn quốc"]
    if outside:
        hint = f"?scope={own}" if own else "?scope="
        raise Problem(403, f"X-API-Key: khóa {caller.prefix} ({caller.body_id}) không bao "
                           f"quát {issuer.id} cũng như {', '.join(outside[:5])}; hãy thu hẹp "
                           f"kế hoạch bằng {hint}")


def _is_unit(chart: Chart, unit_id: str, day: Any) -> bool:
    """Whether the scope names a unit at all (else the planner's 422 names it)."""
    try:
        chart.unit(unit_id, as_of=day)
    except KeyError:
        return False
    return True


def body_digest(raw: bytes) -> str:
    """What an idempotent retry is compared on: the body's SHA-256."""
    return hashlib.sha256(raw).hexdigest()
