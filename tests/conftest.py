"""Shared fixtures: the bundled chart is loaded once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or write a developer's warm cache.
os.environ.setdefault("TRIENKHAI_CACHE", tempfile.mkdtemp(prefix="trienkhai-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def chart():
    from orgchart import load_chart

    return load_chart()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS.is_dir(), f"seed documents not found at {SEEDS}"
    return SEEDS
