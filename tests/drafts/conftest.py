from __future__ import annotations

import datetime as dt

import pytest

from orgchart import Chart, load_chart

FIXED = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def chart() -> Chart:
    return load_chart()
