"""Hostile and careless input over HTTP: an alias bomb, deep nesting, an oversized body or
summary, a body that is not UTF-8, a Unix timestamp for a date. Each is a 4xx naming the
field and the limit, answered at once; a YAML syntax error names its line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}
JSON = {"content-type": "application/json"}


def alias_bomb(levels: int = 9) -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def problem(r, status: int, *texts: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    for t in texts:
        assert t in r.json()["detail"], r.json()
    return r.json()


@pytest.mark.parametrize("path", ["/directives", "/plans"])
def test_alias_bomb_is_refused_at_its_first_alias(api, path: str) -> None:
    start = time.perf_counter()
    r = api.client.post(path, params={"scope": "lai-chau"}, content=alias_bomb(),
                        headers=api.h("tu", **YAML))
    assert time.perf_counter() - start < 1
    problem(r, 422, "body: YAML không hợp lệ (dòng 2, cột 8)", "neo và bí danh")


def test_yaml_syntax_error_names_line_and_column(api) -> None:
    bad = KL107.replace(b"number: 107", b"number: [107")
    line = next(i for i, x in enumerate(bad.splitlines(), 1) if x.startswith(b"number:"))
    r = api.client.post("/plans", params={"scope": "lai-chau"}, content=bad,
                        headers=api.h("tu", **YAML))
    body = problem(r, 422, "body: YAML không hợp lệ (dòng ")
    assert "cột" in body["detail"] and body["errors"][0]["field"] == "body"
    # a field's error names the line too: the YAML tree goes along with the data
    wrong = KL107.replace(b"date: 2024-12-24", b"date: 2024-13-24")
    r = api.client.post("/directives", content=wrong, headers=api.h("tu", **YAML))
    row = next(i for i, x in enumerate(wrong.splitlines(), 1) if x.startswith(b"date:"))
    problem(r, 422, f"body:{row}: trường date: ngày không hợp lệ")
    assert line


def test_deep_nesting_is_refused(api) -> None:
    deep_yaml = b"issuer: " + b"[" * 200 + b"]" * 200
    problem(api.client.post("/plans", content=deep_yaml, headers=api.h("tu", **YAML)),
            422, "lồng nhau quá sâu: hơn 32 tầng")
    deep_json = b"[" * 100 + b"]" * 100
    problem(api.client.post("/plans", content=deep_json, headers=api.h("tu", **JSON)),
            422, "lồng nhau quá sâu")
    problem(api.client.post("/plans", content=b"[" * 100_000, headers=api.h("tu", **JSON)),
            422, "lồng nhau quá sâu")
    # a route taking a model: FastAPI's own parser, its bare 400 told as the 422
    problem(api.client.post("/numbers", content=b"[" * 100_000, headers=api.h("ubnd", **JSON)),
            422, "body: lồng nhau quá sâu")


def test_oversized_body_and_summary(api) -> None:
    big = KL107 + b"\n# " + b"x" * 1_000_001
    problem(api.client.post("/directives", content=big, headers=api.h("tu", **YAML)),
            413, "tối đa 1.000.000 byte")
    long = KL107.replace(b"summary: >-", b"summary: " + b"a" * 900_000 + b"\nx_: >-")
    r = api.client.post("/directives", content=long.replace(b"\nx_: >-", b"\nshort_summary: >-"),
                        headers=api.h("tu", **YAML))
    problem(r, 422, "trường summary: quá dài: tối đa 1000 ký tự")


def test_body_not_utf8_is_a_vietnamese_422(api) -> None:
    r = api.client.post("/numbers", content=b'{"body_id": "\xff\xfe"}',
                        headers=api.h("ubnd", **JSON))
    problem(r, 422, "body: không phải văn bản UTF-8 (byte 13 không hợp lệ)")
    r = api.client.post("/plans", content=b"issuer: \xc0\n", headers=api.h("tu", **YAML))
    problem(r, 422, "body: không phải văn bản UTF-8")


def test_unix_timestamps_are_not_dates(api) -> None:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("tu", **YAML))
    assert r.status_code == 201, r.text
    pid, did = r.json()["id"], r.json()["directive"]["id"]
    h = api.h("tu")
    gets = ["/directives?as_of={}", f"/directives/{did}?as_of={{}}",
            f"/plans/{pid}/tasks?as_of={{}}", f"/plans/{pid}/tasks/lai-chau.btv?as_of={{}}",
            f"/plans/{pid}/report?as_of={{}}", "/orgchart/bodies/lai-chau.ubnd?as_of={}",
            f"/plans/{pid}/drafts?as_of={{}}"]
    for url in gets:
        for bad in ("0", "1735689600"):
            problem(api.client.get(url.format(bad), headers=h), 422,
                    "as_of: ngày phải viết YYYY-MM-DD, không phải một số")
    problem(api.client.post("/plans", params={"scope": "lai-chau", "as_of": "0"},
                            content=KL107, headers=api.h("tu", **YAML)), 422, "as_of")
    problem(api.client.post(f"/directives/{did}/plans", params={"as_of": "0"},
                            headers=h), 422, "as_of")
    problem(api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH",
                                              "date": 0}, headers=api.h("ubnd")),
            422, "date: ngày phải viết YYYY-MM-DD")
    problem(api.client.post(f"/plans/{pid}/tasks/lai-chau.ubnd/issued",
                            data={"number": "1", "symbol": "KH-UBND", "date": "0"},
                            files={"file": ("a.pdf", b"%PDF-1.4")}, headers=api.h("ubnd")),
            422, "date: ngày phải viết YYYY-MM-DD")
    wrong = KL107.replace(b"date: 2024-12-24", b"date: 0")
    problem(api.client.post("/directives", content=wrong, headers=api.h("tu", **YAML)),
            422, "trường date: ngày phải viết YYYY-MM-DD, không phải một số")
