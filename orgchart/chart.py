"""The loaded org chart: bodies, territories and dated relations in networkx graphs.

Read-only by design: planners and drafts ask questions; only the loader builds a Chart.
Every query takes ``as_of`` (a date, or None for "any time"): a 2024 directive is planned
over districts, a 2026 one over communes only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from . import text
from .errors import AmbiguousBody, UnknownBody, UnknownUnit
from .schema import Body, Kind, Level, RelationType, System, Territory

Day = dt.date | None
_LEVEL_RANK = {Level.central: 0, Level.province: 1, Level.district: 2, Level.commune: 3,
               Level.unit: 4}


def _valid(vf: dt.date | None, vt: dt.date | None, day: Day) -> bool:
    return day is None or ((vf is None or vf <= day) and (vt is None or day <= vt))


def _pick(versions: list[Any], day: Day) -> Any | None:
    """The version valid on ``day``; with no day, the latest."""
    if day is None:
        return versions[-1]
    for v in versions:
        if _valid(v.valid_from, v.valid_to, day):
            return v
    return None


def _day_vi(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def period_vi(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    """"từ 01/07/2025", "đến 30/06/2025", "01/02/2025–30/06/2025"; "" for always."""
    if valid_from and valid_to:
        return f"{_day_vi(valid_from)}–{_day_vi(valid_to)}"
    if valid_from:
        return f"từ {_day_vi(valid_from)}"
    if valid_to:
        return f"đến {_day_vi(valid_to)}"
    return ""


def _encoded_territory(t: tuple) -> str | None:
    """The territory field of a cached body tuple (a recipe or a full encoding)."""
    from .cache import TERRITORY_FIELD

    return t[TERRITORY_FIELD[len(t)]]


class Chart:
    """Bodies and territories by id (each a list of dated versions) plus relation graphs."""

    def __init__(self, bodies: dict[str, list[Body] | tuple],
                 territories: dict[str, list[Territory]],
                 graphs: dict[RelationType, nx.DiGraph], sources: list[str]) -> None:
        # a value is a list of Body versions, or (from the cache) a tuple of encoded
        # versions that ``_versions`` decodes on first use
        self._bodies = bodies
        self._territories = territories
        self.graphs = graphs
        self.sources = sources
        self._decoder: Any = None
        self._by_territory: dict[str, list[str]] = {}
        self._children: dict[str, list[str]] = {}
        for bid, versions in bodies.items():
            last = versions[-1]
            t = _encoded_territory(last) if isinstance(last, tuple) else last.territory
            if t:
                self._by_territory.setdefault(t, []).append(bid)
        for tid, versions in territories.items():
            parent = versions[-1].parent
            if parent:
                self._children.setdefault(parent, []).append(tid)
        self._index_lock = threading.Lock()
        self._index: dict[str, list[str]] | None = None
        self._province_lock = threading.Lock()
        self._by_province: dict[str, list[str]] | None = None
        self._choices: list[str] | None = None
        self._choice_ids: list[str] | None = None
        self._plain_choices: list[str] | None = None
        self.index_file: Any = None  # set by the loader: where the name index is cached
        self.recipes: dict[tuple[str, Any], Any] = {}  # set by the loader; used by the cache

    def _versions(self, body_id: str) -> list[Body] | None:
        versions = self._bodies.get(body_id)
        if versions is not None and versions.__class__ is tuple:
            if self._decoder is None:
                from .cache import Decoder

                self._decoder = Decoder()
            versions = self._bodies[body_id] = [self._decoder.body(t) for t in versions]
        return versions  # type: ignore[return-value]

    # ------------------------------------------------------------------ views
    def as_of(self, day: dt.date) -> ChartView:
        """The chart as it stood on ``day``."""
        return ChartView(self, day)

    # ------------------------------------------------------------------ bodies
    def has(self, body_id: str, as_of: Day = None) -> bool:
        versions = self._versions(body_id)
        return bool(versions) and _pick(versions, as_of) is not None

    def body(self, body_id: str, as_of: Day = None) -> Body:
        versions = self._versions(body_id)
        b = _pick(versions, as_of) if versions else None
        if b is None:
            if versions and as_of is not None:
                raise UnknownBody(body_id, message=self._not_on(versions[-1], as_of))
            raise UnknownBody(body_id, [self.describe(x) for x in self.find(
                body_id, as_of=as_of, limit=5)])
        return b

    def _not_on(self, b: Body, day: dt.date) -> str:
        return (f"cơ quan {self.describe(b)} không có trong sơ đồ ngày {_day_vi(day)}; "
                "hãy chọn một ngày trong thời gian đó")

    def describe(self, b: Body) -> str:
        """"Đảng ủy xã Bình Lư (c03390.du, Lai Châu, từ 01/07/2025)": a body as a clerk
        tells it apart from its namesakes (another province, another period)."""
        parts = [b.id]
        if b.province and b.level != Level.province:  # a province's own bodies name it
            with contextlib.suppress(KeyError):
                parts.append(self.unit(b.province, b.valid_to or b.valid_from).name)
        if period := period_vi(b.valid_from, b.valid_to):
            parts.append(period)
        return f"{b.name} ({', '.join(parts)})"

    def versions(self, body_id: str) -> list[Body]:
        return list(self._versions(body_id) or [])

    def bodies(self, *, level: Level | str | None = None, kind: Kind | str | None = None,
               province: str | None = None, territory: str | None = None,
               system: System | str | None = None, as_of: Day = None) -> list[Body]:
        """Bodies matching every given filter, in id order."""
        if territory is not None:
            ids: Iterable[str] = self._by_territory.get(territory, [])
        elif province is not None:
            ids = self._province_ids().get(province, [])
        else:
            ids = self._bodies
        out = []
        for bid in ids:
            b = _pick(self._versions(bid), as_of)  # type: ignore[arg-type]
            if b is None:
                continue
            if ((level is None or b.level == level) and (kind is None or b.kind == kind)
                    and (province is None or b.province == province)
                    and (system is None or b.system == system)):
                out.append(b)
        return sorted(out, key=lambda b: b.id)

    def _province_ids(self) -> dict[str, list[str]]:
        """Body ids by the province of any of their versions, built on first use: a
        document's header is resolved among its province's bodies, and scanning all
        111,000 versions for each one cost 0.6 s a document (``trienkhai check``)."""
        if self._by_province is None:
            with self._province_lock:
                if self._by_province is None:
                    out: dict[str, list[str]] = {}
                    for bid in self._bodies:
                        for p in {v.province for v in self._versions(bid) or []}:
                            if p is not None:
                                out.setdefault(p, []).append(bid)
                    self._by_province = out
        return self._by_province

    def all_ids(self) -> Iterator[str]:
        return iter(self._bodies)

    # ------------------------------------------------------------------ territory
    def unit(self, territory_id: str, as_of: Day = None) -> Territory:
        versions = self._territories.get(territory_id)
        t = _pick(versions, as_of) if versions else None
        if t is None:
            raise KeyError(f"không có đơn vị hành chính {territory_id!r}"
                           + (f" vào ngày {as_of:%d/%m/%Y}" if as_of else ""))
        return t

    def units(self, *, level: Level | str | None = None, province: str | None = None,
              parent: str | None = None, as_of: Day = None) -> list[Territory]:
        ids = self._children.get(parent, []) if parent else self._territories
        out = []
        for tid in ids:
            t = _pick(self._territories[tid], as_of)
            if t and (level is None or t.level == level) and (
                    province is None or t.province == province or t.id == province):
                out.append(t)
        return sorted(out, key=lambda t: (t.code or "", t.id))

    def resolve_province(self, query: str, as_of: Day = None) -> Territory:
        """A province or centrally-run city by id ("lai-chau") or name ("Lai Châu",
        "tỉnh Lai Châu", "lai chau", "Thành phố Hồ Chí Minh"), as of ``as_of``.

        Raises ``UnknownUnit`` saying why (no such name, or not on that date) with the
        nearest names and their ids.
        """
        on = f" vào ngày {_day_vi(as_of)}" if as_of else ""
        versions = self._territories.get(query.strip())
        if versions:
            t = _pick(versions, as_of)
            if t is not None and t.level == Level.province:
                return t
            last = versions[-1]
            if last.level != Level.province:
                raise UnknownUnit(f"“{query}” là {last.full_name}, không phải tỉnh, thành "
                                  "phố trực thuộc Trung ương")
            raise UnknownUnit(f"{last.full_name} ({last.id}, "
                              f"{period_vi(last.valid_from, last.valid_to)}) không có{on}")
        provinces = self.units(level=Level.province, as_of=as_of)
        q = text.strip_level_words(text.expand_abbreviations(text.key(query)))
        plain = text.unmarked(q) == q
        for t in provinces:
            k = text.strip_level_words(text.key(t.name))
            if q == k or (plain and text.unmarked(k) == q):
                return t
        others = [t for tid, vs in self._territories.items() for t in vs[-1:]
                  if t.level == Level.province and text.key(t.name) == q
                  and t not in provinces]
        if others:
            t = others[0]
            raise UnknownUnit(f"{t.full_name} ({t.id}, {period_vi(t.valid_from, t.valid_to)}) "
                              f"không có{on}")
        names = [text.unmarked(text.key(t.name)) if plain else text.key(t.name)
                 for t in provinces]
        near = process.extract(q, names, scorer=fuzz.WRatio, limit=3, score_cutoff=70)
        raise UnknownUnit(f"không có tỉnh, thành phố “{query}”{on}",
                          [f"{provinces[i].name} ({provinces[i].id})" for _, _, i in near])

    def province_of(self, body_id: str, as_of: Day = None) -> Territory | None:
        b = self.body(body_id, as_of)
        return self.unit(b.province, as_of) if b.province else None

    # ------------------------------------------------------------------ relations
    def _edge_ok(self, g: nx.DiGraph, u: str, v: str, day: Day) -> bool:
        if day is None:
            return True
        n = day.toordinal()
        if not any((a is None or a <= n) and (b is None or n <= b)
                   for a, b in g[u][v]["periods"]):
            return False
        return self.has(u, day) and self.has(v, day)

    def _out(self, rel: RelationType, body_id: str, day: Day) -> list[str]:
        g = self.graphs[rel]
        if body_id not in g:
            return []
        return sorted(v for v in g.successors(body_id) if self._edge_ok(g, body_id, v, day))

    def _in(self, rel: RelationType, body_id: str, day: Day) -> list[str]:
        g = self.graphs[rel]
        if body_id not in g:
            return []
        return sorted(u for u in g.predecessors(body_id) if self._edge_ok(g, u, body_id, day))

    def directed(self, body_id: str, as_of: Day = None) -> list[Body]:
        """Bodies ``body_id`` directs directly (lãnh đạo, chỉ đạo)."""
        return [self.body(i, as_of) for i in self._out(RelationType.directs, body_id, as_of)]

    def subordinates(self, body_id: str, depth: int | None = None,
                     as_of: Day = None) -> list[Body]:
        """Bodies reached through ``directs`` (breadth first), up to ``depth`` steps."""
        seen = {body_id}
        out: list[Body] = []
        queue = deque([(body_id, 0)])
        while queue:
            cur, d = queue.popleft()
            if depth is not None and d >= depth:
                continue
            for nxt in self._out(RelationType.directs, cur, as_of):
                if nxt not in seen:
                    seen.add(nxt)
                    out.append(self.body(nxt, as_of))
                    queue.append((nxt, d + 1))
        return out

    def superiors(self, body_id: str, as_of: Day = None) -> list[Body]:
        """Bodies that direct ``body_id`` directly."""
        return [self.body(i, as_of) for i in self._in(RelationType.directs, body_id, as_of)]

    def ancestors(self, body_id: str, as_of: Day = None) -> list[Body]:
        """Every body above ``body_id`` through ``directs``, nearest first."""
        seen = {body_id}
        out: list[Body] = []
        queue = deque([body_id])
        while queue:
            cur = queue.popleft()
            for prev in self._in(RelationType.directs, cur, as_of):
                if prev not in seen:
                    seen.add(prev)
                    out.append(self.body(prev, as_of))
                    queue.append(prev)
        return out

    def requested(self, body_id: str, as_of: Day = None) -> list[Body]:
        """Bodies ``body_id`` can only ask (đề nghị), not command."""
        return [self.body(i, as_of) for i in self._out(RelationType.requests, body_id, as_of)]

    def requested_by(self, body_id: str, as_of: Day = None) -> list[Body]:
        return [self.body(i, as_of) for i in self._in(RelationType.requests, body_id, as_of)]

    def reports_to(self, body_id: str, as_of: Day = None) -> list[Body]:
        return [self.body(i, as_of) for i in self._out(RelationType.reports_to, body_id, as_of)]

    def counterpart(self, body_id: str, kind: Kind | str, sector: str | None = None,
                    as_of: Day = None) -> Body | None:
        """The body of ``kind`` in the same territory (the police of this commune …)."""
        b = self.body(body_id, as_of)
        if b.territory is None:
            candidates = [x for x in self.bodies(level=Level.central, kind=kind, as_of=as_of)]
        else:
            candidates = self.bodies(territory=b.territory, kind=kind, as_of=as_of)
        if sector is not None:
            candidates = [x for x in candidates if x.sector == sector]
        return candidates[0] if candidates else None

    # ------------------------------------------------------------------ header
    def header_lines(self, body_id: str, as_of: Day = None) -> list[str]:
        """Header lines as printed top left: parent line, own lines, and '*' for the Party."""
        b = self.body(body_id, as_of)
        lines: list[str] = []
        if b.header_parent:
            versions = self._versions(b.header_parent)
            parent = (_pick(versions, as_of) or versions[-1]) if versions else None
            if parent is not None:
                lines.append(parent.header_as_parent or text.upper_vi(parent.display_short))
        lines.extend(b.header)
        if b.system == System.party:
            lines.append("*")
        return lines

    # ------------------------------------------------------------------ names
    def _build_index(self) -> None:
        """Name keys of every body version; cached beside the chart cache once built."""
        with self._index_lock:  # a server's request threads may ask at once
            if self._index is None:
                self._build_index_locked()

    def _build_index_locked(self) -> None:
        if self.index_file is not None:
            try:
                index, self._choices, self._choice_ids = marshal.loads(
                    self.index_file.read_bytes())
                self._index = index
                return
            except (OSError, ValueError, EOFError, TypeError):
                pass
        index: dict[str, list[str]] = {}
        choices: list[str] = []
        choice_ids: list[str] = []
        for bid in self._bodies:
            versions = self._versions(bid) or []
            names = {n for v in versions for n in (v.name, v.short_name, *v.aliases) if n}
            keys: set[str] = set()
            for n in names:
                keys |= text.lookup_keys(n)
            for k in keys:
                index.setdefault(k, []).append(bid)
            full = text.expand_abbreviations(text.fast_key(versions[-1].name))
            choices.append(full)
            choice_ids.append(bid)
        self._choices, self._choice_ids = choices, choice_ids
        self._index = index  # published last: readers test _index
        if self.index_file is not None:
            try:
                tmp = self.index_file.with_suffix(".tmp")
                tmp.write_bytes(marshal.dumps((index, choices, choice_ids)))
                tmp.replace(self.index_file)
            except OSError:
                pass

    def _rank(self, ids: Iterable[str], day: Day, province: str | None,
              by_level: bool = True) -> list[Body]:
        found = []
        for bid in dict.fromkeys(ids):
            b = _pick(self._versions(bid), day)  # type: ignore[arg-type]
            if b is None or (province and b.province not in (province, None)):
                continue
            found.append(b)
        if not by_level:
            return found
        return sorted(found, key=lambda b: (_LEVEL_RANK[b.level], b.id))

    def find(self, query: str, *, as_of: Day = None, limit: int = 10,
             province: str | None = None) -> list[Body]:
        """Best matches for a name or id, tolerant of Vietnamese spelling variants.

        Exact matches after normalisation come first (full name, abbreviations expanded,
        level words dropped), then fuzzy matches.
        """
        if self._index is None:
            self._build_index()
        assert self._index is not None and self._choices is not None
        assert self._choice_ids is not None
        out: list[Body] = []
        if query in self._bodies:
            b = _pick(self._versions(query), as_of)  # type: ignore[arg-type]
            if b:
                out.append(b)
        k = text.expand_abbreviations(text.key(query))
        for variant in (k, text.strip_level_words(k)):
            out += self._rank(self._index.get(variant, []), as_of, province)
            if out:
                break
        if len(out) < limit:
            typed = text.key(query)
            if text.unmarked(typed) == typed:  # typed without marks: compare without them
                k, choices = text.unmarked(k), self._plain()
            else:
                choices = self._choices
            hits = process.extract(k, choices, scorer=fuzz.ratio,
                                   limit=max(limit * 20, 50), score_cutoff=60)
            hits.sort(key=lambda h: (-h[1], h[2]))
            out += self._rank((self._choice_ids[i] for _, _, i in hits), as_of, province,
                              by_level=False)
        unique = list({b.id: b for b in out}.values())
        return unique[:limit]

    def _plain(self) -> list[str]:
        """The fuzzy-match names without vowel marks, built on the first unmarked query."""
        if self._plain_choices is None:
            assert self._choices is not None
            self._plain_choices = [text.unmarked(c) for c in self._choices]
        return self._plain_choices

    def resolve(self, query: str, as_of: Day = None, province: str | None = None) -> Body:
        """An id, or a name that matches exactly one body after normalisation."""
        if query in self._bodies:
            return self.body(query, as_of)
        if self._index is None:
            self._build_index()
        assert self._index is not None
        k = text.expand_abbreviations(text.key(query))
        for variant in (k, text.strip_level_words(k)):
            exact = self._rank(self._index.get(variant, []), as_of, province)
            if len(exact) == 1:
                return exact[0]
            if len(exact) > 1:
                # one at the highest level wins ("UBND tỉnh X" over the city's UBND)
                top = [b for b in exact if b.level == exact[0].level]
                if len(top) == 1 and variant == k:
                    return top[0]
                raise AmbiguousBody(query, [self.describe(b) for b in exact[:8]])
        if " " not in query.strip() and "." in query:  # looks like an id: nearest ids
            near = process.extract(query, list(self._bodies), scorer=fuzz.ratio, limit=5,
                                   score_cutoff=70)
            suggestions = [self.describe(self.versions(i)[-1]) for i, _, _ in near]
        else:
            suggestions = [self.describe(b) for b in
                           self.find(query, as_of=as_of, limit=5, province=province)]
        raise UnknownBody(query, suggestions)

    # ------------------------------------------------------------------ stats
    def stats(self, as_of: Day = None) -> dict[str, Any]:
        units = Counter(t.level.value for t in self.units(as_of=as_of))
        bodies = [b for bid in self._bodies if (b := _pick(self._versions(bid), as_of))]
        return {
            "as_of": as_of.isoformat() if as_of else None,
            "provinces": units.get("province", 0),
            "districts": units.get("district", 0),
            "communes": units.get("commune", 0),
            "communes_by_type": dict(sorted(Counter(
                t.type for t in self.units(level=Level.commune, as_of=as_of)).items())),
            "bodies": len(bodies),
            "by_kind": dict(sorted(Counter(b.kind.value for b in bodies).items())),
            "by_level": dict(sorted(Counter(b.level.value for b in bodies).items())),
            "by_system": dict(sorted(Counter(b.system.value for b in bodies).items())),
        }


class ChartView:
    """A chart fixed at one date: the same questions without repeating ``as_of``."""

    def __init__(self, chart: Chart, day: dt.date) -> None:
        self.chart = chart
        self.day = day

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.chart, name)
        if not callable(attr) or name in ("as_of", "versions", "all_ids"):
            return attr

        def bound(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("as_of", self.day)
            return attr(*args, **kwargs)

        return bound
