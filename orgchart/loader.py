"""Load chart files (a file or a folder of YAML) into a validated Chart, with a cache.

The cache is keyed by the files' content hash and this loader's version, so an edited
file is always re-read, and a warm start skips parsing, expansion and graph building.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from . import safe_yaml
from .cache import dumps, graph_from_adjacency, loads
from .chart import Chart
from .errors import ChartError, Problem, locate
from .expand import (
    TEMPLATE_LEVEL,
    Maker,
    Slot,
    Source,
    Unit,
    apply_set,
    check_placeholders,
    compile_spec,
    condition_holds,
    explicit_relations,
    territory_units,
    validate_overrides,
)
from .schema import Body, Level, RelationType, Territory

LOADER_VERSION = "5"  # bump when expansion, cache or name keys change
TOP_KEYS = {"territory", "structure", "bodies", "relations", "units"}


def bundled_path() -> Path:
    """The national chart shipped with the package."""
    return Path(str(resources.files("orgchart") / "data"))


ChartPath = str | Path | None | list[str | Path]


def chart_files(path: ChartPath) -> list[Path]:
    """The YAML files of a chart: one file, a folder (recursively), or several of them."""
    if isinstance(path, list):
        files: list[Path] = []
        for p in path:
            files += [f for f in chart_files(p) if f not in files]
        return files
    p = Path(path) if path is not None else bundled_path()
    if p.is_dir():
        found = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml"))
        if not found:
            raise ChartError([Problem(p, (), "no .yaml files in this folder", 1, 1)])
        return found
    if not p.exists():
        raise ChartError([Problem(p, (), "no such file or folder", 1, 1)])
    return [p]


def _read(files: list[Path], problems: list[Problem]) -> list[Source]:
    out = []
    for f in files:
        try:
            data, _ = safe_yaml.load_file(f, safe_yaml.CHART, fast=True)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            problems.append(Problem(f, (), f"invalid YAML: {e.problem or e.context}",
                                    line=mark.line + 1 if mark else 1,
                                    column=mark.column + 1 if mark else 1))
            continue
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            problems.append(Problem(f, (), f"cannot read: {e}", line=1, column=1))
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(f, (), "a chart file is a mapping with keys "
                                    + ", ".join(sorted(TOP_KEYS)), line=1, column=1))
            continue
        for k in data:
            if k not in TOP_KEYS:
                problems.append(Problem(f, (k,), "unknown top-level key; expected one of "
                                        + ", ".join(sorted(TOP_KEYS))))
        out.append(Source(f, data))
    return out


def _templates(sources: list[Source], problems: list[Problem]) -> dict[str, list[Slot]]:
    templates: dict[str, list[Slot]] = {}
    for src in sources:
        structure = src.data.get("structure") or {}
        if not isinstance(structure, dict):
            problems.append(Problem(src.file, ("structure",), "must be a mapping"))
            continue
        for name, slots in structure.items():
            if name not in TEMPLATE_LEVEL:
                problems.append(Problem(src.file, ("structure", name), "unknown template; "
                                        "expected " + ", ".join(TEMPLATE_LEVEL)))
                continue
            seen: dict[str, tuple[str, ...]] = {}
            for i, raw in enumerate(slots or []):
                slot = compile_spec(raw, src.file, ("structure", name, i), problems, False)
                if slot is None:
                    continue
                assert slot.spec.slot
                if slot.spec.slot in seen:
                    problems.append(Problem(src.file, ("structure", name, i, "slot"),
                                            f"duplicate slot {slot.spec.slot!r} in template "
                                            f"{name!r}"))
                    continue
                seen[slot.spec.slot] = ()
                templates.setdefault(name, []).append(slot)
    return templates


_SCOPE_TEMPLATE = {
    ("province", "parent"): None, ("district", "parent"): "province",
    ("commune", "parent"): "province", ("legacy_commune", "parent"): "district",
}


def _check_template_refs(templates: dict[str, list[Slot]], problems: list[Problem]) -> None:
    """Every slot reference must name a slot of the template it points into."""
    names = {t: {s.spec.slot for s in slots} for t, slots in templates.items()}
    for tname, slots in templates.items():
        for slot in slots:
            refs = [(r.scope, r.name, r.path) for r in slot.refs]
            if slot.header_parent:
                refs.append((*slot.header_parent, (*slot.path, "header_parent")))
            for scope, name, path in refs:
                if scope == "abs":
                    continue
                target = {"same": tname, "province": "province"}.get(scope) or \
                    _SCOPE_TEMPLATE.get((tname, scope))
                if target is None or name not in names.get(target, set()):
                    where = f"template {target!r}" if target else "no parent template"
                    problems.append(Problem(slot.file, path, f"unknown relation target "
                                            f"{scope + '.' if scope != 'same' else ''}{name!r}"
                                            f" ({where} has no such slot)"))


def build(sources: list[Source], problems: list[Problem]) -> Chart:
    templates = _templates(sources, problems)
    _check_template_refs(templates, problems)
    overrides: dict[str, Any] = {}
    for src in sources:
        for uid, ov in validate_overrides(src, problems).items():
            if uid in overrides:
                problems.append(Problem(src.file, ("units", uid), "overrides for this unit "
                                        f"are already given in {overrides[uid][0]}"))
                continue
            overrides[uid] = (src.file, ov)
    places = {uid: {"place": ov.place} for uid, (_, ov) in overrides.items() if ov.place}

    units: list[Unit] = []
    for src in sources:
        if "territory" in src.data:
            got, probs = territory_units(src, places)
            units += got
            problems += probs
    territories: dict[str, list[Territory]] = defaultdict(list)
    for u in units:
        territories[u.territory.id].append(u.territory)

    bodies: dict[str, list[Body]] = defaultdict(list)
    origins: dict[tuple[str, Any], tuple[Path, tuple]] = {}
    # (type, source, target) -> periods; the first origin is kept for error messages
    edge_periods: dict[tuple[RelationType, str, str], list[tuple[Any, Any]]] = {}
    edge_origin: dict[tuple[RelationType, str, str], tuple[Path, tuple]] = {}
    template_edges: set[tuple[RelationType, str, str]] = set()
    checked_placeholders: set[int] = set()
    used_overrides: set[str] = set()

    # how each expanded body was made (template maker + unit context): the cache stores
    # this compact recipe instead of the expanded body
    recipes: dict[tuple[str, Any], tuple[Maker, dict[str, str]]] = {}

    def add_body(b: Body, origin: tuple[Path, tuple]) -> bool:
        versions = bodies[b.id]
        for other in versions:
            if _overlap(other, b):
                file, path = origin
                ofile, opath = origins[(b.id, other.valid_from)]
                problems.append(Problem(file, path, f"duplicate id {b.id!r}: already defined "
                                        f"at {ofile}:{'.'.join(map(str, opath))} for an "
                                        "overlapping period"))
                return False
        versions.append(b)
        origins[(b.id, b.valid_from)] = origin
        return True

    def add_edge(key: tuple[RelationType, str, str], vf: Any, vt: Any,
                 origin: tuple[Path, tuple]) -> None:
        # periods are kept as day ordinals: the same in a fresh build and from the cache
        period = (vf.toordinal() if vf else None, vt.toordinal() if vt else None)
        periods = edge_periods.get(key)
        if periods is None:
            edge_periods[key] = [period]
            edge_origin[key] = origin
        else:
            periods.append(period)

    for u in units:
        t = u.territory
        uid = t.id
        slots = templates.get(u.template, [])
        ov_file, ov = overrides.get(uid, (None, None))
        if ov is not None:
            used_overrides.add(uid)
            slots = _apply_override(slots, ov, ov_file, uid, problems)
        for slot in slots:
            if id(slot) not in checked_placeholders:
                checked_placeholders.add(id(slot))
                if not check_placeholders(slot, u.ctx, problems):
                    slot.broken = True
            if getattr(slot, "broken", False) or not condition_holds(slot.spec, u):
                continue
            spec = slot.spec
            # the body lives while both its unit and its slot do
            vf, vt = t.valid_from, t.valid_to
            if spec.valid_from and (vf is None or spec.valid_from > vf):
                vf = spec.valid_from
            if spec.valid_to and (vt is None or spec.valid_to < vt):
                vt = spec.valid_to
            if vf and vt and vf > vt:
                continue
            bid = f"{uid}.{spec.slot}"
            hp = _target(slot.header_parent, u) if slot.header_parent else None
            if add_body(slot.maker.make(bid, u.ctx, t.level, uid, u.province, vf, vt, hp),
                        (slot.file, slot.path)):
                recipes[(bid, vf)] = (slot.maker, u.ctx)
            for r in slot.refs:
                tgt = _target((r.scope, r.name), u)
                key = (r.type, bid, tgt) if r.outgoing else (r.type, tgt, bid)
                if r.scope != "abs":
                    template_edges.add(key)
                add_edge(key, r.valid_from, r.valid_to, (slot.file, r.path))

    for uid, (file, _) in overrides.items():
        if uid not in used_overrides:
            problems.append(Problem(file, ("units", uid), f"unknown unit {uid!r}"))

    explicit_slots: list[Slot] = []
    for src in sources:
        for i, raw in _items(src, "bodies", problems):
            slot = compile_spec(raw, src.file, ("bodies", i), problems, True)
            if slot is None:
                continue
            explicit_slots.append(slot)
    for slot in explicit_slots:
        assert slot.spec.id
        hp = slot.header_parent[1] if slot.header_parent else None
        sp = slot.spec
        add_body(slot.maker.make(sp.id, {}, sp.level or Level.central, None, None,
                                 sp.valid_from, sp.valid_to, hp), (slot.file, slot.path))
        for r in slot.refs:
            key = (r.type, sp.id, r.name) if r.outgoing else (r.type, r.name, sp.id)
            add_edge(key, r.valid_from, r.valid_to, (slot.file, r.path))
    for src in sources:
        for e in explicit_relations(src, problems):
            add_edge((e.type, e.source, e.target), e.valid_from, e.valid_to, e.origin)

    # references that must exist
    for slot in explicit_slots:
        if slot.header_parent and slot.header_parent[1] not in bodies:
            problems.append(Problem(slot.file, (*slot.path, "header_parent"),
                                    f"unknown header parent {slot.header_parent[1]!r}"))
    # networkx's own dict-of-dicts, filled in one pass (add_edge per edge costs 3× more)
    adj: dict[RelationType, tuple[dict, dict]] = {t: ({}, {}) for t in RelationType}
    reported: set[tuple] = set()
    for key, periods in edge_periods.items():
        rel, a, b = key
        if a not in bodies or b not in bodies:
            origin = edge_origin[key]
            if key not in template_edges and origin not in reported:
                reported.add(origin)
                missing = a if a not in bodies else b
                problems.append(Problem(*origin, f"unknown relation target {missing!r}"))
            continue
        succ, pred = adj[rel]
        attrs = {"periods": periods}
        nbrs = succ.get(a)
        if nbrs is None:
            succ[a] = {b: attrs}
        else:
            nbrs[b] = attrs
        nbrs = pred.get(b)
        if nbrs is None:
            pred[b] = {a: attrs}
        else:
            nbrs[a] = attrs
    graphs = {rel: graph_from_adjacency(succ, pred) for rel, (succ, pred) in adj.items()}
    directs = graphs[RelationType.directs]
    if not nx.is_directed_acyclic_graph(directs):
        _check_cycles(directs, edge_origin, problems)
    for versions in bodies.values():
        versions.sort(key=lambda b: (b.valid_from or _MIN))
    for versions in territories.values():
        versions.sort(key=lambda t: (t.valid_from or _MIN))
    chart = Chart(dict(bodies), dict(territories), graphs, [str(s.file) for s in sources])
    chart.recipes = recipes
    return chart


def _apply_override(slots: list[Slot], ov: Any, file: Path, uid: str,
                    problems: list[Problem]) -> list[Slot]:
    names = {s.spec.slot: s for s in slots}
    for i, r in enumerate(ov.remove):
        if r not in names:
            problems.append(Problem(file, ("units", uid, "remove", i),
                                    f"unit {uid!r} has no body slot {r!r} to remove"))
    out = []
    for s in slots:
        if s.spec.slot in ov.remove:
            continue
        if s.spec.slot in ov.set:
            changed = apply_set(s, ov.set[s.spec.slot], file, ("units", uid, "set",
                                                               s.spec.slot), problems)
            out.append(changed or s)
        else:
            out.append(s)
    for name in ov.set:
        if name not in names:
            problems.append(Problem(file, ("units", uid, "set", name),
                                    f"unit {uid!r} has no body slot {name!r}"))
    for i, raw in enumerate(ov.add):
        slot = compile_spec(raw, file, ("units", uid, "add", i), problems, False)
        if slot is not None:
            if slot.spec.slot in names:
                problems.append(Problem(file, ("units", uid, "add", i, "slot"),
                                        f"slot {slot.spec.slot!r} already exists; use set"))
                continue
            out.append(slot)
    return out


def _items(src: Source, key: str, problems: list[Problem]) -> list[tuple[int, Any]]:
    items = src.data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(Problem(src.file, (key,), "must be a list"))
        return []
    return list(enumerate(items))


def _target(ref: tuple[str, str], u: Unit) -> str:
    scope, name = ref
    if scope == "abs":
        return name
    if scope == "province":
        return f"{u.province}.{name}"
    if scope == "parent":
        return f"{u.parent}.{name}"
    return f"{u.territory.id}.{name}"


def _intersect(a: Any, b: Any) -> tuple[Any, Any] | None:
    lo = max((d for d in (a.valid_from, b.valid_from) if d), default=None)
    hi = min((d for d in (a.valid_to, b.valid_to) if d), default=None)
    if lo and hi and lo > hi:
        return None
    return lo, hi


def _overlap(a: Any, b: Any) -> bool:
    return _intersect(a, b) is not None


def _check_cycles(g: nx.DiGraph, origins: dict[tuple[RelationType, str, str], Any],
                  problems: list[Problem]) -> None:
    """A cycle in ``directs`` makes the cascade endless: report each, with its edges."""
    for cycle in nx.simple_cycles(g):
        first = cycle.index(min(cycle))  # start at the smallest id: same report every run
        cycle = cycle[first:] + cycle[:first]
        u, v = cycle[0], cycle[1 % len(cycle)]
        file, path = origins[(RelationType.directs, u, v)]
        chain = " → ".join([*cycle, cycle[0]])
        problems.append(Problem(file, path, f"cycle in directs: {chain}"))
        if len(problems) > 1000:
            break


import datetime as _dt  # noqa: E402

_MIN = _dt.date.min


# ---------------------------------------------------------------- public entry points

def _cache_dir() -> Path:
    base = os.environ.get("TRIENKHAI_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "trienkhai")
    return Path(base)


def content_hash(files: list[Path]) -> str:
    h = hashlib.sha256(LOADER_VERSION.encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:32]


def load_uncached(path: ChartPath = None) -> Chart:
    """Parse, expand and validate; raise ChartError with every problem found."""
    problems: list[Problem] = []
    files = chart_files(path)
    gc_was_on = gc.isenabled()
    gc.disable()  # ~10^6 new objects and no cycles among them: collection passes only cost
    try:
        sources = _read(files, problems)
        chart = build(sources, problems)
    finally:
        if gc_was_on:
            gc.enable()
    if problems:
        locate(problems)
        problems.sort(key=lambda p: (str(p.file), p.line or 0, p.column or 0))
        raise ChartError(problems)
    return chart


_memo: dict[str, Chart] = {}


def load_chart(path: ChartPath = None, *, cache: bool = True) -> Chart:
    """The chart at ``path`` (file, folder or a list of them; None = the bundled chart)."""
    files = chart_files(path)
    digest = content_hash(files)
    if digest in _memo:
        return _memo[digest]
    cache_file = _cache_dir() / f"chart-{digest}.marshal"
    chart = None
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        if cache and cache_file.exists():
            try:
                parts = loads(cache_file.read_bytes())
                chart = Chart(parts["bodies"], parts["territories"], parts["graphs"],
                              parts["sources"])
                chart._decoder = parts["decoder"]
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                chart = None  # a stale or damaged cache is rebuilt below
        if chart is None:
            chart = load_uncached(path)
            if cache:
                _write_cache(cache_file, chart)
    finally:
        if gc_was_on:
            gc.enable()
    if cache:
        chart.index_file = _cache_dir() / f"names-{digest}.marshal"
    _memo[digest] = chart
    return chart


def _write_cache(cache_file: Path, chart: Chart) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(dumps(chart))
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only home still works, only slower
