"""Shared fixtures: the five real seed documents (../shared/seeds from the repo root)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / ".." / "shared" / "seeds"


def _seed_path(n: int) -> Path:
    """Path of seed ``n``; fails (never skips) when the seeds are missing."""
    path = SEEDS / f"{n:03d}.txt"
    if not path.is_file():
        pytest.fail(f"seed document missing: {path.resolve()} (shared/ must sit beside the repo)")
    return path


@pytest.fixture
def seed_path() -> Callable[[int], Path]:
    """``seed_path(n)``: the path of seed ``n``."""
    return _seed_path


@pytest.fixture
def seed_text() -> Callable[[int], str]:
    """``seed_text(n)``: the text of seed ``n``."""
    return lambda n: _seed_path(n).read_text(encoding="utf-8")
