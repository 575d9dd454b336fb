"""Drafts fixtures. ``chart`` repeats the root fixture so this package stands alone;
``load_chart()`` is cached per process, so the chart is still loaded once."""

from __future__ import annotations

import datetime as dt

import pytest

from orgchart import Chart, load_chart

FIXED = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)  # core-properties time for byte equality


@pytest.fixture(scope="session")
def chart() -> Chart:
    return load_chart()
