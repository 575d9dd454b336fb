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
from api.problems import Problem, nul_path
from api.schemas import PlanOut
from cascade.directive import Directive, DirectiveError, parse_directive
from cascade.plan_rules import Rules
from cascade.planner import PlanError, plan
from cascade.store.access import Caller
from cascade.store.db import Store
from cascade.store.directives import DirectiveConflict
from cascade.store.plans import plan_summary, save_plan
from orgchart import Chart

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
              "text/plain")
MAX_DIRECTIVE_BYTES = 1_000_000
DIRECTIVE_BODY = {"requestBody": {"required": True, "description": (
    "The directive (issuer, type, number, date, summary, tasks …) as in "
    "examples/kl-107.yaml, in YAML or JSON"), "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}}}}}


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML with dates left as text: pydantic then checks them and names the field."""


_YamlLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parse_body(raw: bytes, content_type: str) -> Any:
    """The body as data: JSON, or YAML (safe, dates as text); 4xx naming what is wrong."""
    if not raw.strip():
        raise Problem(422, "body: the directive (YAML or JSON) is missing",
                      [{"field": "body", "message": "empty"}])
    if len(raw) > MAX_DIRECTIVE_BYTES:
        raise Problem(413, f"body: a directive is at most {MAX_DIRECTIVE_BYTES} bytes")
    ctype = content_type.split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(422, "body: not UTF-8 text",
                      [{"field": "body", "message": "not UTF-8"}]) from None
    try:
        if ctype == "application/json":
            return json.loads(text)
        if ctype in YAML_TYPES or not ctype:
            return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader
    except (ValueError, yaml.YAMLError) as e:
        kind = "JSON" if ctype == "application/json" else "YAML"
        msg = f"body: {kind} không hợp lệ: {getattr(e, 'problem', None) or e}"
        raise Problem(422, msg, [{"field": "body", "message": msg}]) from None
    raise Problem(415, f"Content-Type: {ctype} is not accepted; send "
                       "application/json or application/yaml")


async def directive_in(request: Request) -> tuple[bytes, Directive]:
    """The request body as a directive (YAML or JSON), checked; 4xx naming the field."""
    raw = await request.body()
    data = parse_body(raw, request.headers.get("content-type", ""))
    if (where := nul_path(data)) is not None:
        raise Problem(422, f"{where}: must not contain a NUL character",
                      [{"field": where, "message": "NUL character"}])
    try:
        return raw, parse_directive(data, "body")
    except DirectiveError as e:
        raise Problem(422, str(e), [{"field": "body", "message": str(e)}]) from None


def plan_and_store(request: Request, caller: Caller, directive: Directive, *,
                   as_of: Any, scope: list[str] | None, idempotency_key: str | None,
                   payload: Any, chart: Chart, rules: Rules, store: Store) -> JSONResponse:
    """Plan the directive over the chart and store the plan (and the directive, once).

    Every task must lie within the caller's reach: a key plans only its own subtree."""
    try:
        planned = plan(chart, directive, rules, as_of=as_of, scope=scope)
    except PlanError as e:
        raise Problem(422, str(e), [{"field": "body", "message": str(e)}]) from None
    allowed = caller.subtree(planned.as_of)
    outside = [t.body_id for t in planned.tasks if t.body_id not in allowed]
    if outside:
        raise Problem(403, f"X-API-Key: key {caller.prefix} ({caller.body_id}) does not "
                           f"cover {len(outside)} bodies of this plan, e.g. "
                           f"{', '.join(outside[:5])}; narrow it with ?scope=")

    def do(s: Session) -> tuple[int, dict[str, Any]]:
        try:
            row = save_plan(s, planned, actor=caller.actor)
        except DirectiveConflict as e:
            raise Problem(409, f"body: {e}") from None
        s.flush()
        return 201, PlanOut.model_validate(plan_summary(s, row)).model_dump(mode="json")

    return idempotent(store, request, caller, idempotency_key, payload, do)


def body_digest(raw: bytes) -> str:
    """What an idempotent retry is compared on: the body's SHA-256."""
    return hashlib.sha256(raw).hexdigest()
