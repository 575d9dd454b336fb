"""The JSON API's problem details are Vietnamese: document-management systems show
``detail`` and ``errors[].message`` to clerks. Pydantic's messages are translated by
their ``type`` (sent beside them as a code), and no English message can come back: the
source of every refusal is scanned, and every problem a test of tests/api provokes is
checked as it is answered (``conftest.api``)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from pydantic_core.core_schema import ErrorType
from vi_text import ENGLISH, VI_LETTERS, is_vietnamese

from api.messages import MESSAGES, SHORT_MESSAGES, validation_message

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}


# ------------------------------------------------------------------ the table
def test_every_type_in_the_table_is_one_pydantic_has() -> None:
    known = set(get_args(ErrorType))
    for table in (MESSAGES, SHORT_MESSAGES):
        assert set(table) <= known, set(table) - known
        assert all(VI_LETTERS.search(m) for m in table.values())


def errors_of(annotation: Any, value: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as e:
        TypeAdapter(annotation).validate_python(value)
    return e.value.errors()


@pytest.mark.parametrize(("annotation", "value", "kind", "message"), [
    (Annotated[str, Field(max_length=300)], "x" * 301, "string_too_long",
     "chỉ được có tối đa 300 ký tự"),
    (Annotated[str, Field(min_length=1)], "", "string_too_short",
     "phải có ít nhất 1 ký tự"),
    (Annotated[int, Field(ge=1)], 0, "greater_than_equal", "phải lớn hơn hoặc bằng 1"),
    (Annotated[int, Field(le=5000)], 5001, "less_than_equal",
     "phải nhỏ hơn hoặc bằng 5000"),
    (int, "abc", "int_parsing", "phải là một số nguyên"),
    (bool, "maybe", "bool_parsing", "phải là giá trị đúng/sai (true hoặc false)"),
    (Literal["pending", "drafted", "exempt"], "issued", "literal_error",
     "phải là một trong các giá trị 'pending', 'drafted' hoặc 'exempt'"),
    (Annotated[str, Field(pattern=r"^[0-9]{1,7}$")], "12a", "string_pattern_mismatch",
     "không đúng định dạng (phải khớp mẫu ^[0-9]{1,7}$)"),
    (dict[str, int], [], "dict_type", "phải là một đối tượng JSON ({…})"),
])
def test_pydantic_errors_in_vietnamese_with_their_limits(annotation: Any, value: Any,
                                                         kind: str, message: str) -> None:
    (e,) = errors_of(annotation, value)
    assert e["type"] == kind and validation_message(e) == message


def test_missing_and_unknown_types() -> None:
    class M(BaseModel):
        body_id: str

    with pytest.raises(ValidationError) as e:
        M.model_validate({})
    assert validation_message(e.value.errors()[0]) == "bắt buộc phải có, nhưng chưa được gửi"
    # a type the table lacks keeps pydantic's own words rather than losing them
    odd = {"type": "no_such_type_yet", "msg": "Something new", "ctx": {}}
    assert validation_message(odd) == "Something new"
    # our validators speak Vietnamese already: only pydantic's prefix goes
    own = {"type": "value_error", "msg": "Value error, không được chứa ký tự NUL"}
    assert validation_message(own) == "không được chứa ký tự NUL"


# ------------------------------------------------------------------ the source
# the calls that refuse a request, and which argument is the message a clerk reads
API_CALLS = {"Problem": 1, "problem_response": 1, "OverLimit": 2, "IntakeRefused": 2,
             "WebError": 1}
# the lower layers' errors whose words the API passes on as they are
LOWER_CALLS = {"TaskError": 0, "TaskConflict": 0, "NumberingError": 0, "NotFound": 0,
               "Conflict": 0, "DirectiveConflict": 0, "IngestError": 0, "WebhookError": 0,
               "ReminderError": 0, "ResultError": 0, "EdxmlError": 0, "__init__": 0}
LOWER_FILES = ["cascade/store/plans.py", "cascade/store/numbering.py",
               "cascade/store/directives.py", "cascade/store/intake.py",
               "cascade/store/webhooks.py", "cascade/secretariat/reminders.py",
               "cascade/secretariat/results.py", "cascade/edxml/tasks.py"]


def literal(node: ast.expr) -> str | None:
    """The words of a string literal or f-string (``{}`` for each value), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def messages_in(path: Path, calls: dict[str, int]) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(
                f, ast.Attribute) else ""
            if name in calls and len(node.args) > calls[name]:
                out.append((node.lineno, node.args[calls[name]]))
        if isinstance(node, ast.Dict):  # an errors[] item's message
            out += [(node.lineno, v) for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "message"]
    return [(line, text) for line, n in out if (text := literal(n)) is not None]


def english_in(text: str) -> str | None:
    """Why ``text`` is not a Vietnamese message, or None (a bare pass-through of a
    lower layer's message, ``f"{field}: {e}"``, is judged where it is written)."""
    words = text.replace("{}", " ")
    words = words.split(": ", 1)[1] if ": " in words[:40] else words
    if not any(c.isalpha() for c in words):
        return None
    if (m := ENGLISH.search(words)) is not None:
        return f"English word {m[0]!r}"
    return None if VI_LETTERS.search(words) else "no Vietnamese letter"


def test_no_english_refusal_in_the_source() -> None:
    files = [(p, API_CALLS) for p in sorted((REPO / "api").rglob("*.py"))]
    files += [(REPO / p, LOWER_CALLS) for p in LOWER_FILES]
    checked, bad = 0, []
    for path, calls in files:
        for line, text in messages_in(path, calls):
            checked += 1
            if (why := english_in(text)) is not None:
                bad.append(f"{path.relative_to(REPO)}:{line}: {why}: {text!r}")
    assert not bad, "\n".join(bad)
    assert checked > 60, checked  # the scan reaches the refusals at all


def test_every_errors_item_in_the_source_carries_a_type() -> None:
    """A client acts on ``type``, never on the Vietnamese words."""
    bad = []
    for path in sorted((REPO / "api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"field", "message"} <= keys and "type" not in keys:
                    bad.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not bad, bad


# ------------------------------------------------------------------ the answers
def problem(r: Any, status: int, detail: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert is_vietnamese(body["detail"]), body
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def test_validation_errors_answer_vietnamese_with_their_type(api) -> None:
    r = api.client.post("/numbers", json={}, headers=api.h("ubnd"))
    body = problem(r, 422)
    assert {(e["field"], e["type"], e["message"]) for e in body["errors"]} == {
        ("body_id", "missing", "bắt buộc phải có, nhưng chưa được gửi"),
        ("doc_type", "missing", "bắt buộc phải có, nhưng chưa được gửi")}
    assert body["detail"].startswith("body_id: bắt buộc phải có, nhưng chưa được gửi; ") \
        or body["detail"].startswith("doc_type: bắt buộc")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "K" * 11},
                        headers=api.h("ubnd"))
    (e,) = problem(r, 422, "doc_type: chỉ được có tối đa 10 ký tự")["errors"]
    assert e == {"field": "doc_type", "type": "string_too_long",
                 "message": "chỉ được có tối đa 10 ký tự"}
    r = api.client.post("/numbers", content=b'{"body_id": ', headers=api.h(
        "ubnd", **{"content-type": "application/json"}))
    assert problem(r, 422)["errors"][0]["type"] == "json_invalid"
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH",
                                          "date": "2026-02-30"}, headers=api.h("ubnd"))
    assert problem(r, 422)["errors"][0]["field"] == "date"
    pid = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                          content=KL107, headers=api.h("tu", **YAML)).json()["id"]
    r = api.client.get(f"/plans/{pid}/events", params={"limit": 0}, headers=api.h("tu"))
    problem(r, 422, "limit: phải lớn hơn hoặc bằng 1")
    r = api.client.get(f"/plans/{pid}/events", params={"limit": "mười"}, headers=api.h("tu"))
    problem(r, 422, "limit: phải là một số nguyên")
    r = api.client.post(f"/plans/{pid}/tasks/lai-chau.ubnd/status",
                        json={"status": "issued!"}, headers=api.h("ubnd"))
    problem(r, 422, "status: phải là một trong các giá trị 'pending', 'drafted' hoặc "
                    "'exempt'")
    r = api.client.post(f"/plans/{pid}/ingest", params={"dry_run": "maybe"},
                        files={"file": ("a.txt", b"CONG VAN")}, headers=api.h("ubnd"))
    assert problem(r, 422)["errors"][0]["type"] == "bool_parsing"


def test_refusals_answer_vietnamese(api) -> None:
    problem(api.client.get("/directives"), 401,
            "X-API-Key: thiếu khóa API; tạo khóa bằng lệnh `trienkhai keys create`")
    problem(api.client.get("/directives", headers={"X-API-Key": "tk_abc_def"}), 401,
            "X-API-Key: khóa không tồn tại, sai dạng hoặc đã bị thu hồi")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=api.h("ubnd_read"))
    problem(r, 403)
    problem(api.client.get("/plans/5", headers=api.h("tu")), 404,
            "plan_id: không có kế hoạch triển khai mã 5")
    problem(api.client.get("/directives/3", headers=api.h("tu")), 404,
            "directive_id: không có văn bản chỉ đạo mã 3")
    problem(api.client.get("/numbers/7", headers=api.h("tu")), 404,
            "allocation_id: không có số đã cấp mã 7")
    problem(api.client.get("/khong-co", headers=api.h("tu")), 404,
            "path: không có tài nguyên /khong-co")
    problem(api.client.delete("/health"), 405,
            "method: /health không nhận phương thức DELETE")
    r = api.client.post("/directives", content=b"{}", headers=api.h(
        "tu", **{"content-type": "text/html"}))
    problem(r, 415)
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=api.h("ubnd", **{"Idempotency-Key": " "}))
    body = problem(r, 422, "Idempotency-Key: không được để trống")
    assert body["errors"] == [{"field": "Idempotency-Key", "type": "blank",
                               "message": "không được để trống"}]
    r = api.client.get("/orgchart/bodies", params={"q": "a\x00b"}, headers=api.h("tu"))
    body = problem(r, 422, "q: không được chứa ký tự NUL")
    assert body["errors"][0]["type"] == "nul_character"
