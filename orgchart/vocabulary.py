"""The Vietnamese names of the chart's kinds of body, systems and levels.

One table (``vocabulary.yaml``) for every reader: the CLI and the dashboard show a
clerk "Ban Thường vụ", "Đảng", "cấp tỉnh", never ``standing_board``, ``party``,
``province``. Loaded once at import; a value of the schema's enums without a name is a
packaging error, raised here rather than shown as an English word.
"""

from __future__ import annotations

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
    return data


_DATA = _load()
KIND_VI: dict[str, str] = dict(_DATA["kinds"])
SYSTEM_VI: dict[str, str] = dict(_DATA["systems"])
LEVEL_VI: dict[str, str] = {k: v["name"] for k, v in _DATA["levels"].items()}
LEVEL_LABEL_VI: dict[str, str] = {k: v["label"] for k, v in _DATA["levels"].items()}
LEVEL_GROUP_VI: dict[str, str] = {k: v["group"] for k, v in _DATA["levels"].items()}


def _value(x: str | StrEnum) -> str:
    return x.value if isinstance(x, StrEnum) else str(x)


def kind_vi(kind: str | Kind) -> str:
    """"Ban Thường vụ" for ``standing_board``."""
    return KIND_VI.get(_value(kind), _value(kind))


def system_vi(system: str | System) -> str:
    """"Đảng" for ``party``."""
    return SYSTEM_VI.get(_value(system), _value(system))


def level_vi(level: str | Level) -> str:
    """"tỉnh" for ``province`` (running text: "cấp tỉnh")."""
    return LEVEL_VI.get(_value(level), _value(level))
