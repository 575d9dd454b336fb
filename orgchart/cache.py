"""A warm-start cache of the expanded chart, in ``marshal`` format.

pickle of 100,000 pydantic objects takes seconds to load; marshal of plain tuples and
dicts loads in a fraction of that. Bodies expanded from a template are stored as their
recipe (template maker + unit context, both stored once) and remade only when a query
touches them. The networkx adjacency is stored as the dict-of-dicts networkx itself uses,
so the graphs need no rebuilding.
"""

from __future__ import annotations

import datetime as dt
import marshal
import threading
from typing import Any

import networkx as nx

from .expand import Maker, fast_body
from .schema import Body, Codes, Kind, Level, Post, PostRole, RelationType, System, Territory

FORMAT = 3
# where the territory sits in an encoded body, by tuple length: a recipe (9) or a full
# body (21); the chart's territory index reads it without decoding the body
TERRITORY_FIELD = {9: 4, 21: 7}


def _d(day: dt.date | None) -> int | None:
    return day.toordinal() if day else None


def _u(n: int | None) -> dt.date | None:
    return dt.date.fromordinal(n) if n is not None else None


def encode_body(b: Body, memo: dict[int, Any]) -> tuple:
    """A body as a plain tuple. Lists shared between bodies of one template slot (posts,
    aliases) are encoded once and shared, which marshal then writes once."""
    posts = memo.get(id(b.posts))
    if posts is None:
        posts = memo[id(b.posts)] = tuple((p.title, p.holder, p.role.value) for p in b.posts)
        memo[-id(b.posts)] = b.posts  # keep alive so the id is not reused
    return (
        b.id, b.name, b.short_name, b.kind.value, b.sector, b.system.value, b.level.value,
        b.territory, b.province, b.issues, b.header_parent, tuple(b.header),
        b.header_as_parent, b.symbol, b.place, b.collective_name, posts,
        (b.codes.qcvn102, b.codes.qd20) if b.codes else None, tuple(b.aliases),
        _d(b.valid_from), _d(b.valid_to),
    )


def _posts(posts: list[Post]) -> tuple:
    return tuple((p.title, p.holder, p.role.value) for p in posts)


def encode_maker(m: Maker) -> tuple:
    st = dict(m.static)
    st["kind"], st["system"] = st["kind"].value, st["system"].value
    st["posts"] = _posts(st["posts"])
    st["codes"] = (st["codes"].qcvn102, st["codes"].qd20) if st["codes"] else None
    st["aliases"] = tuple(st["aliases"])
    return (st, tuple(m.dynamic), tuple(m.header) if m.header is not None else None,
            tuple(m.aliases))


class Decoder:
    """Rebuilds bodies, sharing identical Post and Codes objects between them."""

    def __init__(self, makers: list[tuple] = (), ctxs: list[dict[str, str]] = ()) -> None:
        self._posts: dict[tuple, list[Post]] = {}
        self._codes: dict[tuple, Codes] = {}
        self._raw_makers = list(makers)
        self._makers: dict[int, Maker] = {}
        self._ctxs = list(ctxs)

    def _post_list(self, posts: tuple) -> list[Post]:
        plist = self._posts.get(posts)
        if plist is None:
            plist = self._posts[posts] = [
                Post.model_construct(title=a, holder=b, role=PostRole(c)) for a, b, c in posts]
        return plist

    def _codes_of(self, codes: tuple | None) -> Codes | None:
        if codes is None:
            return None
        c = self._codes.get(codes)
        if c is None:
            c = self._codes[codes] = Codes.model_construct(qcvn102=codes[0], qd20=codes[1])
        return c

    def maker(self, i: int) -> Maker:
        m = self._makers.get(i)
        if m is None:
            st, dynamic, header, aliases = self._raw_makers[i]
            st = dict(st)
            st["kind"], st["system"] = Kind(st["kind"]), System(st["system"])
            st["posts"] = self._post_list(st["posts"])
            st["codes"] = self._codes_of(st["codes"])
            st["aliases"] = list(st["aliases"])
            m = self._makers[i] = Maker(st, list(dynamic),
                                        list(header) if header is not None else None,
                                        list(aliases))
        return m

    def body(self, t: tuple) -> Body:
        if len(t) == 9:  # a recipe
            bid, mi, ci, level, terr, prov, hp, vf, vt = t
            return self.maker(mi).make(bid, self._ctxs[ci], Level(level), terr, prov, _u(vf),
                                       _u(vt), hp)
        (bid, name, short, kind, sector, system, level, terr, prov, issues, hp, header, hap,
         symbol, place, coll, posts, codes, aliases, vf, vt) = t
        plist = self._post_list(posts)
        c = self._codes_of(codes)
        return fast_body({
            "id": bid, "name": name, "short_name": short, "kind": Kind(kind), "sector": sector,
            "system": System(system), "level": Level(level), "territory": terr,
            "province": prov, "issues": issues, "header_parent": hp, "header": list(header),
            "header_as_parent": hap, "symbol": symbol, "place": place,
            "collective_name": coll, "posts": list(plist), "codes": c,
            "aliases": list(aliases), "valid_from": _u(vf), "valid_to": _u(vt)})


_T_FIELDS = frozenset(Territory.model_fields)


def encode_territory(t: Territory) -> tuple:
    return (t.id, t.code, t.name, t.type, t.level.value, t.parent, t.province,
            _d(t.valid_from), _d(t.valid_to))


def decode_territory(t: tuple) -> Territory:
    tid, code, name, typ, level, parent, prov, vf, vt = t
    obj = Territory.__new__(Territory)
    object.__setattr__(obj, "__dict__", {
        "id": tid, "code": code, "name": name, "type": typ, "level": Level(level),
        "parent": parent, "province": prov, "valid_from": _u(vf), "valid_to": _u(vt)})
    object.__setattr__(obj, "__pydantic_fields_set__", _T_FIELDS)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def dumps(chart: Any) -> bytes:
    """Serialise a Chart (see chart.Chart) into marshal bytes.

    Edge attribute dicts are shared objects (read-only) so that the common "always
    valid" edge costs one reference; marshal keeps that sharing on load.
    """
    memo: dict[int, Any] = {}
    attrs: dict[tuple, dict] = {}

    def shared(d: dict) -> dict:
        key = tuple(d["periods"])
        return attrs.setdefault(key, {"periods": d["periods"]})

    graphs = {}
    for rel, g in chart.graphs.items():
        graphs[rel.value] = {u: {v: shared(d) for v, d in nbrs.items()}
                             for u, nbrs in g._succ.items() if nbrs}
    makers: dict[int, int] = {}
    ctxs: dict[int, int] = {}
    maker_list: list[tuple] = []
    ctx_list: list[dict[str, str]] = []

    def encode(b: Body) -> tuple:
        recipe = chart.recipes.get((b.id, b.valid_from))
        if recipe is None:
            return encode_body(b, memo)
        m, ctx = recipe
        mi = makers.get(id(m))
        if mi is None:
            mi = makers[id(m)] = len(maker_list)
            maker_list.append(encode_maker(m))
        ci = ctxs.get(id(ctx))
        if ci is None:
            ci = ctxs[id(ctx)] = len(ctx_list)
            ctx_list.append(ctx)
        return (b.id, mi, ci, b.level.value, b.territory, b.province, b.header_parent,
                _d(b.valid_from), _d(b.valid_to))

    data = {
        "format": FORMAT,
        "bodies": {bid: tuple(encode(b) for b in chart._versions(bid))
                   for bid in chart.all_ids()},
        "territories": {tid: tuple(encode_territory(t) for t in vs)
                        for tid, vs in chart._territories.items()},
        "graphs": graphs,
        "makers": maker_list,
        "ctxs": ctx_list,
        "sources": list(chart.sources),
    }
    return marshal.dumps(data)


def loads(raw: bytes) -> dict[str, Any]:
    """The parts a Chart is made of; bodies stay encoded until a query decodes them."""
    data = marshal.loads(raw)
    if data.get("format") != FORMAT:
        raise ValueError("cache format changed")
    graphs = LazyGraphs({RelationType(rel): succ for rel, succ in data["graphs"].items()})
    territories = {tid: [decode_territory(t) for t in vs]
                   for tid, vs in data["territories"].items()}
    return {"bodies": data["bodies"], "territories": territories, "graphs": graphs,
            "sources": data["sources"], "decoder": Decoder(data["makers"], data["ctxs"])}


_EMPTY: dict = {}


class LazyGraphs(dict):
    """Relation graphs built from their stored successor dicts on first use: a command
    that never asks who reports to whom never pays for that graph's predecessor index."""

    def __init__(self, raw: dict[RelationType, dict[str, dict[str, Any]]]) -> None:
        super().__init__()
        self._raw = raw
        self._lock = threading.Lock()  # a server's request threads may ask at once

    def __missing__(self, rel: RelationType) -> nx.DiGraph:
        with self._lock:
            if rel in self:  # built by another thread while this one waited
                return dict.__getitem__(self, rel)
            g = graph_from_adjacency(self._raw.pop(rel, {}), None)
            dict.__setitem__(self, rel, g)
            return g

    def _all(self) -> None:
        for rel in list(self._raw):
            self[rel]

    def items(self):  # type: ignore[override]
        self._all()
        return super().items()

    def values(self):  # type: ignore[override]
        self._all()
        return super().values()


def graph_from_adjacency(succ: dict[str, dict[str, dict[str, Any]]],
                         pred: dict[str, dict[str, dict[str, Any]]] | None) -> nx.DiGraph:
    """A DiGraph from networkx's own successor (and predecessor) dict-of-dicts."""
    if pred is None:
        pred = {}
        for u, nbrs in succ.items():
            for v, attrs in nbrs.items():
                p = pred.get(v)
                if p is None:
                    pred[v] = {u: attrs}
                else:
                    p[u] = attrs
    for n in pred:
        if n not in succ:
            succ[n] = {}
    for n in succ:
        if n not in pred:
            pred[n] = {}
    g = nx.DiGraph()
    g._node = dict.fromkeys(succ, _EMPTY)
    g._adj = g._succ = succ
    g._pred = pred
    return g
