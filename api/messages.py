"""Pydantic's validation errors told in Vietnamese, from the table in ``messages.yaml``.

The JSON API's problem details are shown to clerks by document-management systems, so
"Field required" or "String should have at most 300 characters" must reach them as
Vietnamese. Each error is translated by its ``type`` (pydantic's stable code, also sent
to the client so its code never parses the words), with the limits from its ``ctx``; a
type the table lacks keeps pydantic's own text rather than losing what it says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_TABLE = yaml.safe_load(Path(__file__).with_suffix(".yaml").read_text(encoding="utf-8"))
MESSAGES: dict[str, str] = _TABLE["types"]
SHORT_MESSAGES: dict[str, str] = _TABLE["short"]  # the dashboard's, after a field label
FALLBACK: str = _TABLE["fallback"]
_OR: str = _TABLE["or"]


class _Ctx(dict[str, str]):
    """The error's context for ``format_map``; a key it lacks stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _value(v: Any) -> str:
    """A limit or the expected values as a sentence gives them: pydantic joins the
    choices with an English "or"."""
    return str(v).replace("' or '", f"' {_OR} '")


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error as a Vietnamese message (without its field)."""
    kind = str(error.get("type", ""))
    msg = str(error.get("msg") or FALLBACK)
    if kind in ("value_error", "assertion_error"):  # our validators' own (Vietnamese) words
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = MESSAGES.get(kind)
    if template is None:
        return msg
    ctx = _Ctx({k: _value(v) for k, v in (error.get("ctx") or {}).items()})
    return template.format_map(ctx)
