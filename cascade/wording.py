"""The words of a draft, by the issuer's voice: one table (``cascade/data/wording.yaml``).

A Party committee and a State body say the same task differently: "Các cấp ủy, tổ chức
đảng …" against "Các cơ quan, đơn vị …", "Đảng ủy Công an tỉnh lãnh đạo, chỉ đạo Công an
tỉnh …" against "Công an tỉnh …". ``cascade.compose`` asks this module for each phrase
with the issuer's voice; the planner asks it for the label of a group of bodies, built
from the unit types that exist on the plan date (``orgchart.vocabulary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from orgchart.schema import Kind, Level, System
from orgchart.text import key
from orgchart.vocabulary import committee_word, unit_words

WORDING = Path(__file__).parent / "data" / "wording.yaml"


@dataclass(frozen=True, slots=True)
class Voice:
    """Who speaks: the keys a phrase is looked up by, most specific first."""

    keys: tuple[str, ...]
    system: str

    @property
    def party(self) -> bool:
        return self.system == "party"


@dataclass(frozen=True, slots=True)
class Function:
    """A document of one function (propaganda): which of the directive's tasks it carries."""

    id: str
    doc_type: str
    issuers: frozenset[str]
    leads: frozenset[str]
    subjects: frozenset[str]


SECTIONS = ("voices", "cite", "opening", "heads", "subjects", "assign", "aims",
            "requirement", "implement", "follow", "functions", "groups")


@cache
def _data() -> dict[str, Any]:
    return check(yaml.safe_load(WORDING.read_text(encoding="utf-8")), WORDING)


def check(data: Any, source: Path) -> dict[str, Any]:
    """The table, or a packaging error naming the section at fault: every kind, level and
    system it names is the chart's (orgchart.schema), every section is there."""
    if not isinstance(data, dict):
        raise RuntimeError(f"{source}: not a table of sections")
    bad = [f"missing section {n!r}" for n in SECTIONS if n not in data]
    kinds = {k.value for k in Kind}
    named = [("heads", k) for k in data.get("heads") or {}]
    named += [("groups", g.get("kind")) for g in data.get("groups") or []]
    for fid, f in (data.get("functions") or {}).items():
        named += [(f"functions.{fid}", k) for k in (*f.get("issuers", []), *f.get("leads", []))]
    bad += [f"{where}: not a kind of body: {k!r}" for where, k in named if k not in kinds]
    bad += [f"groups: not a level: {g.get('level')!r}" for g in data.get("groups") or []
            if g.get("level") not in {lv.value for lv in Level}]
    systems = {s.value for s in System}
    bad += [f"voices: not a system: {k!r}" for k in data.get("voices") or {} if k not in systems]
    if bad:
        raise RuntimeError(f"{source}: " + "; ".join(bad))
    return data


def voice(system: str, kind: str, level: str) -> Voice:
    """The voice of an issuer; systems without their own speak as the State."""
    s = _data()["voices"].get(system, "state")
    return Voice(keys=(f"{s}.{kind}", f"{s}.{level}", s, "default"), system=s)


def _pick(table: dict[str, str], v: Voice, name: str) -> str:
    for k in v.keys:
        if k in table:
            return " ".join(str(table[k]).split())
    raise KeyError(f"{WORDING}: {name}: no text for {v.keys[2]!r} nor a default")


def phrase(name: str, v: Voice, **fields: str) -> str:
    """The phrase ``name`` ("opening.cong_van", "follow.directed") in voice ``v``."""
    text = _template(name, v.keys)
    return text.format(**fields) if fields else text


@cache
def _template(name: str, keys: tuple[str, ...]) -> str:
    node: Any = _data()
    for part in name.split("."):
        node = node[part]
    if isinstance(node, dict):
        return _pick(node, Voice(keys=keys, system=keys[2]), name)
    return " ".join(str(node).split())


def text(name: str, **fields: str) -> str:
    """A phrase the same in every voice ("cite.lead": "Thực hiện {parents},")."""
    node: Any = _data()
    for part in name.split("."):
        node = node[part]
    out = " ".join(str(node).split())
    return out.format(**fields) if fields else out


def reword_subject(text: str, v: Voice) -> str:
    """A general task in the issuer's voice: its Party subject ("Các cấp ủy, tổ chức đảng,
    …") replaced by the voice's own ("Các cơ quan, đơn vị …"); unchanged for the Party
    or a task whose subject the table does not know."""
    role = subject_role(text)
    if role is None or v.party:
        return text
    name, rest = role
    own = _data()["subjects"][name]
    if not any(k in own for k in v.keys):
        return text
    return f"{_pick(own, v, f'subjects.{name}')} {rest}"


@lru_cache(maxsize=4096)
def subject_role(text: str) -> tuple[str, str] | None:
    """(role, the rest of the sentence) when ``text`` opens with a known subject."""
    k = key(text)
    for name, row in _data()["subjects"].items():
        for m in sorted(row["match"], key=len, reverse=True):
            if k.startswith(key(m) + " "):
                return name, " ".join(text.split()[len(m.split()):])
    return None


def head_of(kind: str, line: str, unit: str = "") -> str | None:
    """The head of a group or body as a State opening names it ("Chủ tịch Ủy ban nhân dân
    các xã, phường"); None for kinds the opening does not name."""
    t = _data()["heads"].get(kind)
    return t.format(line=_in_sentence(line), unit=unit) if t else None


def _in_sentence(name: str) -> str:
    return name[0].lower() + name[1:] if name.startswith("Các ") else name


def group_text(kind: str, level: str, unit_types: list[str], count: int) -> str | None:
    """The label of ``count`` bodies of ``kind`` at ``level`` whose territories are of
    ``unit_types`` (one entry per body, on the plan date); None: write their names."""
    for g in _data()["groups"]:
        if g["kind"] == kind and g["level"] == level and count >= g.get("min", 2):
            words = unit_words(level, unit_types)
            return str(g["text"]).format(
                units=", ".join(words),
                committees=", ".join(committee_word(level, w) for w in words),
                unit=words[0] if len(words) == 1 else ", ".join(words))
    return None


@cache
def functions() -> tuple[Function, ...]:
    return tuple(Function(id=k, doc_type=v["doc_type"], issuers=frozenset(v.get("issuers", [])),
                     leads=frozenset(v.get("leads", [])),
                     subjects=frozenset(v.get("subjects", [])))
                 for k, v in _data()["functions"].items())


def function_of(doc_type: str, issuer_kind: str, parent_kinds: list[str]) -> Function | None:
    """The function of a document: its type is the function's and its issuer, or the
    issuer of a parent it answers, is one of the function's (004 answers a propaganda
    commission's hướng dẫn with a hướng dẫn of its own)."""
    for f in functions():
        if f.doc_type == doc_type and ({issuer_kind, *parent_kinds} & f.issuers):
            return f
    return None
