"""Drafts fixtures; ``chart`` comes from the root conftest."""

from __future__ import annotations

import datetime as dt

FIXED = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)  # core-properties time for byte equality
