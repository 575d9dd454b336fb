"""Kính gửi for a named set of units, written as offices write it: many bodies of one
kind and level once, with their places ("Ban Thường vụ Đảng ủy các xã, phường: Bình Lư,
Đoàn Kết"), a single body by its full name.

Unlike the planner's groups ("… các xã, phường, đặc khu", meaning all of them), a
đôn đốc names only the units that are late, so the places are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from orgchart import Chart
from orgchart.text import collate


@dataclass(frozen=True)
class Unit:
    """A body as the addressee lines need it."""

    body_id: str
    name: str
    kind: str
    level: str
    territory: str | None


def _split(chart: Chart, u: Unit, day: dt.date) -> tuple[str, str, str] | None:
    """(prefix, unit type, place) when the name is "<prefix> <type> <place>"."""
    if not u.territory:
        return None
    try:
        t = chart.unit(u.territory, day)
    except KeyError:
        return None
    tail = f" {t.type} {t.name}"
    if not t.type or not u.name.endswith(tail) or u.name == tail.strip():
        return None
    return u.name[:-len(tail)], t.type, t.name


def grouped_names(chart: Chart, units: Iterable[Unit], day: dt.date) -> list[str]:
    """One line per body or group of bodies, in the order first met."""
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    order: list[tuple[str, str, str] | str] = []
    for u in units:
        parts = _split(chart, u, day)
        if parts is None:
            order.append(u.name)
            continue
        key = (u.kind, u.level, parts[0])
        if key not in groups:
            groups[key] = []
            order.append(key)  # type: ignore[arg-type]
        groups[key].append((parts[1], parts[2]))
    out: list[str] = []
    for item in order:
        if isinstance(item, str):
            out.append(item)
            continue
        members = groups[item]
        prefix = item[2]
        if len(members) == 1:
            kind_word, place = members[0]
            out.append(f"{prefix} {kind_word} {place}")
            continue
        # the commonest unit type first: "các xã, phường", as a province of xã writes it
        count = Counter(w for w, _ in members)
        words = sorted(count, key=lambda w: -count[w])
        places = sorted(dict.fromkeys(p for _, p in members), key=collate)
        out.append(f"{prefix} các {', '.join(words)}: {', '.join(places)}")
    return list(dict.fromkeys(out))
