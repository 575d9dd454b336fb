"""Fixtures of the cascade tests: rules, the kl-107 directive, plans, a CLI app.

Imported by each test module (``from plan_fixtures import *``): this folder has no
``__init__.py`` and no conftest, since a package named ``cascade`` here would shadow the
real one. ``chart`` comes from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typer

from cascade.directive import Directive, load_directive
from cascade.plan_cli import register
from cascade.plan_rules import Rules, load_rules
from cascade.planner import Plan, plan

REPO = Path(__file__).resolve().parents[2]
KL107 = REPO / "examples" / "kl-107.yaml"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
PRE = dt.date(2025, 1, 15)   # three levels: province, district, commune
POST = dt.date(2026, 1, 15)  # two levels


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def kl107() -> Directive:
    return load_directive(KL107)


@pytest.fixture(scope="session")
def seeds() -> Path:
    assert SEEDS.is_dir(), f"không thấy văn bản mẫu (seeds) tại {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def lai_chau_pre(chart, kl107, rules) -> Plan:
    return plan(chart, kl107, rules, as_of=PRE, scope=["lai-chau"])


@pytest.fixture(scope="session")
def lai_chau_post(chart, kl107, rules) -> Plan:
    return plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"])


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    a = typer.Typer(pretty_exceptions_enable=False)

    @a.callback()
    def _root() -> None:
        """trienkhai (test)."""

    register(a)
    return a


__all__ = ["KL107", "POST", "PRE", "REPO", "SEEDS", "app", "kl107", "lai_chau_post",
           "lai_chau_pre", "rules", "seeds"]
