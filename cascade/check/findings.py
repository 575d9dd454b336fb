"""Findings and the verdict, with each rule's name, source and weight from
``data/rules.yaml`` (one table, read by the checker, the fixer and the API)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from cascade.check.read import Para

RULES = Path(__file__).parent / "data" / "rules.yaml"
PROFILE_TEXT = {"nd30": "NĐ 30/2020, Phụ lục I", "hd05": "HD 05"}

Severity = Literal["lỗi", "cảnh báo"]
Verdict = Literal["ĐẠT", "CẦN SỬA", "KHÔNG ĐẠT"]


class Finding(BaseModel):
    """One breach: where (component, paragraph, its text), which rule, and why."""

    model_config = ConfigDict(frozen=True)

    component: str
    paragraph: int | None
    where: str
    text: str
    rule: str
    rule_name: str
    source: str
    severity: Severity
    mechanical: bool
    message: str


class Report(BaseModel):
    path: str
    profile: str
    profile_reason: str
    verdict: Verdict
    errors: int
    warnings: int
    findings: list[Finding]


@cache
def _table() -> dict:
    return yaml.safe_load(RULES.read_text(encoding="utf-8"))


def component_name(component: str) -> str:
    return _table()["component_names"].get(component, component)


def source(rule: str, profile: str, component: str | None = None) -> str:
    """Where ``rule`` is written for ``profile``; a formatting rule cites the section
    that sets ``component``'s format."""
    r = _table()["rules"][rule]
    if "source" in r:
        return r["source"].get(profile) or next(iter(r["source"].values()))
    table = _table()["component_sources"].get(profile, {})
    where = table.get(component or "", table.get("*", ""))
    head = PROFILE_TEXT.get(profile)
    return f"{head}, {where}" if head else f"HD 36-HD/VPTW ({where})"


def finding(rule: str, profile: str, component: str, para: Para | None, message: str,
            *, severity: Severity | None = None) -> Finding:
    r = _table()["rules"][rule]
    text = " ".join((para.text if para else "").split())
    return Finding(component=component_name(component),
                   paragraph=para.no if para and para.no else None,
                   where=(para.where if para and para.no
                          else "đầu trang" if para else "cả văn bản"),
                   text=text[:120], rule=rule, rule_name=r["name"],
                   source=source(rule, profile, component),
                   severity=severity or r["severity"], mechanical=r["mechanical"],
                   message=message)


def verdict(findings: list[Finding]) -> Verdict:
    """ĐẠT: nothing found; CẦN SỬA: warnings only, or errors --fix corrects; KHÔNG ĐẠT:
    an error that needs the drafter (a wrong symbol, a missing rule, a wrong capacity)."""
    if not findings:
        return "ĐẠT"
    if any(f.severity == "lỗi" and not f.mechanical for f in findings):
        return "KHÔNG ĐẠT"
    return "CẦN SỬA"
