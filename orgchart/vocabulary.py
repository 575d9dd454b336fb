"""The Vietnamese names of the chart's kinds of body, systems and levels.

One table (``vocabulary.yaml``) for every reader: the CLI and the dashboard show a
clerk "Ban Thường vụ", "Đảng", "cấp tỉnh", never ``standing_board``, ``party``,
``province``. Loaded once at import; a value of the schema's enums without a name is a
packaging error, raised here rather than shown as an English word.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import yaml

from .schema import Kind, Level, System

_FILE = Path(__file__).resolve().with_suffix(".yaml")  # beside the chart data, not in it


def _load() -> dict:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    for section, enum in (("kinds", Kind), ("systems", System), ("levels", Level)):
        missing = sorted({e.value for e in enum} - set(data.get(section) or {}))
        if missing:
            raise RuntimeError(f"{_FILE}: {section}: no Vietnamese name for {missing}")
    unknown = sorted(set(data.get("unit_types") or {}) - {e.value for e in Level})
    if unknown:
        raise RuntimeError(f"{_FILE}: unit_types: not a level: {unknown}")
    return data


_DATA = _load()
KIND_VI: dict[str, str] = dict(_DATA["kinds"])
SYSTEM_VI: dict[str, str] = dict(_DATA["systems"])
LEVEL_VI: dict[str, str] = {k: v["name"] for k, v in _DATA["levels"].items()}
LEVEL_LABEL_VI: dict[str, str] = {k: v["label"] for k, v in _DATA["levels"].items()}
LEVEL_GROUP_VI: dict[str, str] = {k: v["group"] for k, v in _DATA["levels"].items()}
# level → {unit type word: its Party committee's name}, in the order drafts list them
UNIT_TYPES: dict[str, dict[str, str]] = {k: dict(v) for k, v in _DATA["unit_types"].items()}


def _value(x: str | StrEnum) -> str:
    return x.value if isinstance(x, StrEnum) else str(x)


def kind_vi(kind: str | Kind) -> str:
    """"Ban Thường vụ" for ``standing_board``."""
    return KIND_VI.get(_value(kind), _value(kind))


def system_vi(system: str | System) -> str:
    """"Đảng" for ``party``."""
    return SYSTEM_VI.get(_value(system), _value(system))


def unit_words(level: str | Level, present: Iterable[str]) -> list[str]:
    """The unit type words of ``level`` found in ``present``, in the vocabulary's order
    ("xã", "phường" for a city without thị trấn); a word the table lacks comes last."""
    order = list(UNIT_TYPES.get(_value(level), {}))
    have = set(present)
    return [w for w in order if w in have] + sorted(have - set(order))


def committee_word(level: str | Level, unit_type: str) -> str:
    """"thị ủy" for a thị xã: the Party committee of a unit of that type."""
    return UNIT_TYPES.get(_value(level), {}).get(unit_type, f"{unit_type} ủy")


def level_vi(level: str | Level) -> str:
    """"tỉnh" for ``province`` (running text: "cấp tỉnh")."""
    return LEVEL_VI.get(_value(level), _value(level))
