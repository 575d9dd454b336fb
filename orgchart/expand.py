"""Expand compact chart files into bodies and relations.

A chart is authored as: a territorial skeleton (``territory:``), per-level structure
templates (``structure:``), explicit bodies (``bodies:``), explicit relations
(``relations:``) and per-unit overrides (``units:``). This module turns those documents
into plain records; it collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import PathPart, Problem
from .schema import (
    Body,
    BodySpec,
    Kind,
    Level,
    Post,
    RelationSpec,
    RelationType,
    Territory,
    UnitOverride,
)

# Which template applies to which unit, and which template "parent." refers to.
TEMPLATE_LEVEL = {"province": Level.province, "district": Level.district,
                  "commune": Level.commune, "legacy_commune": Level.commune}
PARENT_TEMPLATE = {"province": None, "district": "province", "commune": "province",
                   "legacy_commune": "district"}

# District committees by district type: the committee word and the symbol in numbers.
DISTRICT_COMMITTEE = {
    "huyện": ("Huyện ủy", "HU"),
    "quận": ("Quận ủy", "QU"),
    "thị xã": ("Thị ủy", "TU"),
    "thành phố": ("Thành ủy", "TU"),
}
PROVINCE_COMMITTEE = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy"}

_FORMATTED = ("name", "short_name", "symbol", "place", "header_as_parent", "collective_name")
_REL_OUT = {"directs": RelationType.directs, "requests": RelationType.requests,
            "reports_to": RelationType.reports_to}
_REL_IN = {"directed_by": RelationType.directs, "requested_by": RelationType.requests}

_LAST_LEGACY_DAY = dt.date(2025, 6, 30)


@dataclass
class Source:
    """One parsed YAML document and where it came from."""

    file: Path
    data: Any


@dataclass
class Edge:
    type: RelationType
    source: str
    target: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    origin: tuple[Path, tuple[PathPart, ...]]


@dataclass
class Expanded:
    bodies: list[Body] = field(default_factory=list)
    origins: dict[int, tuple[Path, tuple[PathPart, ...]]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # deferred reference checks: (ref id, what, origin) — checked once all ids are known
    refs: list[tuple[str, str, tuple[Path, tuple[PathPart, ...]]]] = field(default_factory=list)


def _intersect(a_from: dt.date | None, a_to: dt.date | None, b_from: dt.date | None,
               b_to: dt.date | None) -> tuple[dt.date | None, dt.date | None] | None:
    lo = max((d for d in (a_from, b_from) if d), default=None)
    hi = min((d for d in (a_to, b_to) if d), default=None)
    if lo and hi and lo > hi:
        return None
    return lo, hi


def _pydantic_problems(err: ValidationError, file: Path, prefix: tuple[PathPart, ...],
                       data: Any = None) -> Iterator[Problem]:
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function")))
        msg = e["msg"]
        if e["type"] == "enum" and loc and loc[-1] == "kind":
            got = str(e.get("input"))
            near = difflib.get_close_matches(got, [k.value for k in Kind], n=1)
            msg = f"unknown kind {got!r}" + (f"; did you mean {near[0]!r}?" if near else
                                             "; see orgchart/schema.py Kind for the list")
        elif e["type"] == "enum":
            msg = f"unknown value {e.get('input')!r}; expected {e['ctx'].get('expected', '')}"
        elif e["type"] == "missing":
            msg = "required key is missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif e["type"] == "value_error" and "valid_from" in msg:
            msg = msg.removeprefix("Value error, ")
            loc = (*loc, "valid_from")
        yield Problem(file, prefix + loc, msg)


# ---------------------------------------------------------------- territory


@dataclass
class Unit:
    """A territorial unit with its formatting context (one per period of its history)."""

    territory: Territory
    template: str
    ctx: dict[str, str]
    parent: str | None
    province: str | None


def _ctx(**kw: str) -> dict[str, str]:
    ctx = dict(kw)
    for k in list(kw):
        ctx[k.upper()] = kw[k].upper()
    return ctx


def _numbered(type_: str, name: str) -> tuple[str, str]:
    """A unit named by a number keeps its level word: ('Quận 1', 'Quận 1')."""
    if name[:1].isdigit():
        n = f"{type_.capitalize()} {name}"
        return n, n
    return name, f"{type_} {name}"


def territory_units(src: Source, overrides: dict[str, dict[str, Any]]) -> tuple[
        list[Unit], list[Problem]]:
    """Units of a ``territory:`` document, oldest structure first."""
    problems: list[Problem] = []
    units: list[Unit] = []
    terr = src.data.get("territory") or {}
    reform = terr.get("reform_date", dt.date(2025, 7, 1))
    if not isinstance(reform, dt.date):
        problems.append(Problem(src.file, ("territory", "reform_date"), "not a date"))
        return units, problems
    last_legacy = reform - dt.timedelta(days=1)
    provinces = terr.get("provinces") or {}
    if not isinstance(provinces, dict):
        problems.append(Problem(src.file, ("territory", "provinces"), "must be a mapping"))
        return units, problems
    for pid, p in provinces.items():
        path = ("territory", "provinces", pid)
        if not isinstance(p, dict) or "name" not in p or "type" not in p:
            problems.append(Problem(src.file, path, "a province needs name and type"))
            continue
        ptype = p["type"]
        if ptype not in PROVINCE_COMMITTEE:
            problems.append(Problem(src.file, (*path, "type"),
                                    f"unknown province type {ptype!r}; use tỉnh or thành phố"))
            continue
        p_to = p.get("valid_to")
        p_from = p.get("valid_from")
        if p_from and p_to and p_from > p_to:
            problems.append(Problem(src.file, (*path, "valid_from"),
                                    f"valid_from {p_from} is after valid_to {p_to}"))
            continue
        ov = overrides.get(pid, {})
        # periods of the province's own history (renamed or re-typed provinces), and a cut
        # at the reform where the province changed its code (a merged province keeps the
        # code of its namesake predecessor or takes another's)
        cuts: list[tuple[dt.date, dict[str, Any]]] = [
            (h["until"], h) for h in p.get("history") or []]
        code, legacy = p.get("code"), p.get("legacy_code")
        if code and legacy and code != legacy:
            cuts.append((last_legacy, {}))
        cuts.sort(key=lambda c: c[0])
        start = p_from
        for until, h in [*cuts, (p_to, {})]:
            if start and until and start > until:
                continue
            name, typ = h.get("name", p["name"]), h.get("type", ptype)
            is_legacy = until is not None and until <= last_legacy
            full = f"{typ} {name}"
            ctx = _ctx(name=name, type=typ, full=full, committee=PROVINCE_COMMITTEE[typ],
                       place=ov.get("place", name))
            t = Territory(id=pid, code=(legacy if is_legacy else code) or legacy or code,
                          name=name, type=typ, level=Level.province, valid_from=start,
                          valid_to=until)
            units.append(Unit(t, "province", ctx, None, pid))
            start = until + dt.timedelta(days=1) if until else None
        pctx = units[-1].ctx
        for i, d in enumerate(p.get("districts") or []):
            dpath = (*path, "districts", i)
            try:
                dcode, dtype, dname = str(d["code"]), d["type"], d["name"]
                DISTRICT_COMMITTEE[dtype]
            except (KeyError, TypeError):
                problems.append(Problem(src.file, dpath, "a district needs code, type "
                                        f"({', '.join(DISTRICT_COMMITTEE)}) and name"))
                continue
            did = f"d{dcode}"
            d_to = min(x for x in (p_to, last_legacy) if x)
            # periods of the district's own history: a huyện that became a thị xã, a
            # thị xã that became a thành phố, a renamed one (Tĩnh Gia → Nghi Sơn); its
            # committee word and symbol follow its type (Huyện ủy HU, Thị ủy TU)
            periods = [(h.get("until"), h.get("type", dtype), h.get("name", dname))
                       for h in d.get("history") or []]
            bad = [h for h in periods if not isinstance(h[0], dt.date)
                   or h[1] not in DISTRICT_COMMITTEE]
            if bad:
                problems.append(Problem(src.file, (*dpath, "history"), "each history row "
                                        f"needs until (a date) and a type of "
                                        f"{', '.join(DISTRICT_COMMITTEE)}"))
                periods = []
            start = None
            dctx: dict[str, str] = {}
            for until, typ, nm in [*sorted(periods), (d_to, dtype, dname)]:
                committee, symbol = DISTRICT_COMMITTEE[typ]
                nm, full = _numbered(typ, nm)
                dctx = _ctx(name=nm, type=typ, full=full, committee=committee, symbol=symbol,
                            place=overrides.get(did, {}).get("place", nm),
                            province=pctx["name"], province_full=pctx["full"])
                units.append(Unit(Territory(id=did, code=dcode, name=nm, type=typ,
                                            level=Level.district, parent=pid, province=pid,
                                            valid_from=start, valid_to=until), "district",
                                  dctx, pid, pid))
                start = until + dt.timedelta(days=1)
            for j, row in enumerate(d.get("communes") or []):
                u = _commune(src.file, (*dpath, "communes", j), row, "x", "legacy_commune",
                             did, pid, pctx, overrides, None, d_to, problems, dctx)
                if u:
                    units.append(u)
        for j, row in enumerate(p.get("communes") or []):
            u = _commune(src.file, (*path, "communes", j), row, "c", "commune", pid, pid,
                         pctx, overrides, reform, p_to, problems, None)
            if u:
                units.append(u)
    return units, problems


def _commune(file: Path, path: tuple[PathPart, ...], row: Any, prefix: str, template: str,
             parent: str, pid: str, pctx: dict[str, str], overrides: dict[str, dict[str, Any]],
             vf: dt.date | None, vt: dt.date | None, problems: list[Problem],
             dctx: dict[str, str] | None) -> Unit | None:
    if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)):
        problems.append(Problem(file, path, "a commune row is [code, type, name] (strings)"))
        return None
    code, ctype, cname = row
    if ctype not in ("xã", "phường", "thị trấn", "đặc khu"):
        problems.append(Problem(file, (*path, 1), f"unknown commune type {ctype!r}"))
        return None
    cid = f"{prefix}{code}"
    cname, cfull = _numbered(ctype, cname)
    extra = {"district_full": dctx["full"]} if dctx else {}
    ctx = _ctx(name=cname, type=ctype, full=cfull, place=overrides.get(cid, {}).get(
        "place", cname), province=pctx["name"], province_full=pctx["full"], **extra)
    t = Territory(id=cid, code=code, name=cname, type=ctype, level=Level.commune,
                  parent=parent, province=pid, valid_from=vf, valid_to=vt)
    return Unit(t, template, ctx, parent, pid)


# ---------------------------------------------------------------- templates


@dataclass
class RelRef:
    type: RelationType
    outgoing: bool
    scope: str  # same | province | parent | abs
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    path: tuple[PathPart, ...]


@dataclass
class Slot:
    """A validated template slot, ready to be formatted for many units."""

    spec: BodySpec
    file: Path
    path: tuple[PathPart, ...]
    refs: list[RelRef]
    header_parent: tuple[str, str] | None  # (scope, name)

    def __post_init__(self) -> None:
        self.maker = Maker.of(self.spec)


def _parse_ref(raw: Any, path: tuple[PathPart, ...], file: Path,
               problems: list[Problem], explicit: bool) -> tuple[str, str, dt.date | None,
                                                                  dt.date | None] | None:
    vf = vt = None
    if isinstance(raw, dict):
        unknown = set(raw) - {"to", "valid_from", "valid_to"}
        if unknown or "to" not in raw:
            problems.append(Problem(file, path, "a dated relation is {to: …, valid_from: …, "
                                    "valid_to: …}"))
            return None
        vf, vt, raw = raw.get("valid_from"), raw.get("valid_to"), raw["to"]
        if vf and vt and vf > vt:
            problems.append(Problem(file, (*path, "valid_from"),
                                    f"valid_from {vf} is after valid_to {vt}"))
            return None
    if not isinstance(raw, str) or not raw:
        problems.append(Problem(file, path, "a relation target must be a body id or slot"))
        return None
    if explicit:
        return "abs", raw.lstrip("@"), vf, vt
    if raw.startswith("@"):
        return "abs", raw[1:], vf, vt
    scope, _, name = raw.partition(".")
    if name and scope in ("province", "parent"):
        return scope, name, vf, vt
    return "same", raw, vf, vt


def compile_spec(raw: Any, file: Path, path: tuple[PathPart, ...], problems: list[Problem],
                 explicit: bool) -> Slot | None:
    """Validate one body spec (template slot or explicit body) and parse its references."""
    if not isinstance(raw, dict):
        problems.append(Problem(file, path, "a body must be a mapping of keys"))
        return None
    # relation lists may hold dated dicts; validate them separately
    plain = {k: ([r if isinstance(r, str) else "x" for r in v] if k in _REL_OUT or (k in _REL_IN
                 and isinstance(v, list)) else v) for k, v in raw.items()}
    try:
        spec = BodySpec.model_validate(plain)
    except ValidationError as e:
        problems.extend(_pydantic_problems(e, file, path))
        return None
    if explicit and not spec.id:
        problems.append(Problem(file, (*path, "id"), "required key is missing"))
        return None
    if not explicit and not spec.slot:
        problems.append(Problem(file, (*path, "slot"), "required key is missing"))
        return None
    if explicit and spec.level is None:
        problems.append(Problem(file, (*path, "level"), "required key is missing"))
        return None
    refs: list[RelRef] = []
    for key in (*_REL_OUT, *_REL_IN):
        for i, r in enumerate(raw.get(key) or []):
            parsed = _parse_ref(r, (*path, key, i), file, problems, explicit)
            if parsed:
                scope, name, vf, vt = parsed
                refs.append(RelRef(_REL_OUT.get(key) or _REL_IN[key], key in _REL_OUT, scope,
                                   name, vf, vt, (*path, key, i)))
    hp = None
    if spec.header_parent:
        parsed = _parse_ref(spec.header_parent, (*path, "header_parent"), file, problems,
                            explicit)
        if parsed:
            hp = (parsed[0], parsed[1])
    if spec.issues and not (spec.symbol and spec.place):
        missing = " and ".join(k for k in ("symbol", "place") if not getattr(spec, k))
        problems.append(Problem(file, path, f"an issuing body needs {missing} "
                                "(set issues: false for a body that never issues documents)"))
    return Slot(spec, file, path, refs, hp)


def _fmt(value: str | None, ctx: dict[str, str]) -> str | None:
    if value is None or "{" not in value:
        return value
    return value.format_map(ctx)


class _Missing(dict):
    def __missing__(self, k: str) -> str:
        raise KeyError(k)


def check_placeholders(slot: Slot, sample_ctx: dict[str, str], problems: list[Problem]) -> bool:
    """Format every field once with a real unit's context; report unknown placeholders."""
    ok = True
    fields: list[tuple[tuple[PathPart, ...], str | None]] = [
        ((k,), getattr(slot.spec, k)) for k in _FORMATTED]
    fields += [(("header", i), h) for i, h in enumerate(slot.spec.header or [])]
    for sub, value in fields:
        try:
            _fmt(value, sample_ctx)
        except (KeyError, ValueError, IndexError) as e:
            problems.append(Problem(slot.file, slot.path + sub,
                                    f"unknown placeholder {e} (known: "
                                    f"{', '.join(sorted(k for k in sample_ctx if k.islower()))})"))
            ok = False
    return ok


_BODY_FIELDS = frozenset(Body.model_fields)


def fast_body(data: dict[str, Any]) -> Body:
    """A Body from trusted, complete data: what ``model_construct`` does, minus its cost.

    Expansion creates ~100,000 bodies from templates that were validated once; running
    pydantic's per-instance machinery again would triple the cold load time.
    """
    b = Body.__new__(Body)
    object.__setattr__(b, "__dict__", data)
    object.__setattr__(b, "__pydantic_fields_set__", _BODY_FIELDS)
    object.__setattr__(b, "__pydantic_extra__", None)
    object.__setattr__(b, "__pydantic_private__", None)
    return b


@dataclass
class Maker:
    """Per-slot precomputation: constant fields once, formatted fields per unit."""

    static: dict[str, Any]
    dynamic: list[tuple[str, str]]
    header: list[str] | None
    aliases: list[str]

    @classmethod
    def of(cls, spec: BodySpec) -> Maker:
        static: dict[str, Any] = {
            "kind": spec.kind, "sector": spec.sector, "system": spec.system,
            "issues": spec.issues, "posts": list(spec.posts), "codes": spec.codes,
            "aliases": [],
        }
        dynamic = []
        for k in _FORMATTED:
            v = getattr(spec, k)
            if v is not None and "{" in v:
                dynamic.append((k, v))
            else:
                static[k] = v
        return cls(static, dynamic, spec.header, list(spec.aliases))

    def make(self, body_id: str, ctx: dict[str, str], level: Level, territory: str | None,
             province: str | None, vf: dt.date | None, vt: dt.date | None,
             header_parent: str | None) -> Body:
        d = self.static.copy()
        for k, v in self.dynamic:
            d[k] = v.format_map(ctx)
        d["header"] = ([h.format_map(ctx) if "{" in h else h for h in self.header]
                       if self.header is not None else [d["name"].upper()])
        if self.aliases:
            d["aliases"] = [a.format_map(ctx) for a in self.aliases]
        d["id"] = body_id
        d["level"] = level
        d["territory"] = territory
        d["province"] = province
        d["header_parent"] = header_parent
        d["valid_from"] = vf
        d["valid_to"] = vt
        return fast_body(d)


def apply_set(slot: Slot, changes: dict[str, Any], file: Path, path: tuple[PathPart, ...],
              problems: list[Problem]) -> Slot | None:
    """A copy of ``slot`` with an override's keys replaced (validated as a whole)."""
    merged = slot.spec.model_dump(exclude_unset=True)
    merged.update(changes)
    try:
        spec = BodySpec.model_validate(merged)
    except ValidationError as e:
        problems.extend(_pydantic_problems(e, file, path))
        return None
    if "posts" in changes:
        spec = spec.model_copy(update={"posts": [Post.model_validate(p) for p in
                                                 changes["posts"]]})
    return Slot(spec, slot.file, slot.path, slot.refs, slot.header_parent)


def condition_holds(spec: BodySpec, unit: Unit) -> bool:
    """A slot's ``when:`` condition on the unit's type (xã, phường, đặc khu …)."""
    if not spec.when:
        return True
    t = unit.territory.type
    w = spec.when
    return (not w.get("type") or t in w["type"]) and (
        not w.get("not_type") or t not in w["not_type"])


def iter_lists(src: Source, key: str) -> Iterable[tuple[int, Any]]:
    items = src.data.get(key) or []
    if not isinstance(items, list):
        return []
    return enumerate(items)


def explicit_relations(src: Source, problems: list[Problem]) -> list[Edge]:
    edges = []
    for i, raw in iter_lists(src, "relations"):
        try:
            r = RelationSpec.model_validate(raw)
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, src.file, ("relations", i)))
            continue
        edges.append(Edge(r.type, r.source, r.target, r.valid_from, r.valid_to,
                          (src.file, ("relations", i))))
    return edges


def validate_overrides(src: Source, problems: list[Problem]) -> dict[str, UnitOverride]:
    out: dict[str, UnitOverride] = {}
    units = src.data.get("units") or {}
    if not isinstance(units, dict):
        problems.append(Problem(src.file, ("units",), "must be a mapping of unit id → changes"))
        return out
    for uid, raw in units.items():
        try:
            out[str(uid)] = UnitOverride.model_validate(raw or {})
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, src.file, ("units", uid)))
    return out
