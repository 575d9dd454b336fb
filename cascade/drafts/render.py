"""Plain docxtpl rendering: the reference output and the benchmark baseline.

``cascade.drafts.fast`` must produce the same content; tests compare the two.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment


def jinja_env() -> Environment:
    """The one Jinja environment both renderers use: autoescape on, context pre-escaped."""
    return Environment(autoescape=True)


def render_plain(template: Path, context: dict[str, Any], *, title: str = "",
                 timestamp: dt.datetime | None = None) -> bytes:
    """Load, render and save with docxtpl, the straightforward way."""
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    cp = tpl.docx.core_properties
    cp.title = title
    if timestamp is not None:
        naive = timestamp.astimezone(dt.UTC).replace(tzinfo=None)
        cp.created = cp.modified = naive
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
