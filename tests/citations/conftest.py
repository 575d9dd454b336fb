"""Shared fixtures: the five real seed documents (../shared/seeds from the repo root)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / ".." / "shared" / "seeds"


def seed_path(n: int) -> Path:
    """Path of seed ``n``; fails (never skips) when the seeds are missing."""
    path = SEEDS / f"{n:03d}.txt"
    if not path.is_file():
        pytest.fail(f"seed document missing: {path.resolve()} (shared/ must sit beside the repo)")
    return path


def seed_text(n: int) -> str:
    return seed_path(n).read_text(encoding="utf-8")
