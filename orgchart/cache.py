"""A warm-start cache of the expanded chart, in ``marshal`` format.

pickle of 100,000 pydantic objects takes seconds to load; marshal of plain tuples and
dicts loads in a fraction of that, and bodies are turned back into ``Body`` objects only
when a query touches them. The networkx adjacency is stored as the dict-of-dicts networkx
itself uses, so the graphs need no rebuilding.
"""

from __future__ import annotations

import datetime as dt
import marshal
from typing import Any

import networkx as nx

from .expand import fast_body
from .schema import Body, Codes, Kind, Level, Post, PostRole, RelationType, System, Territory

FORMAT = 1


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


class Decoder:
    """Rebuilds bodies, sharing identical Post and Codes objects between them."""

    def __init__(self) -> None:
        self._posts: dict[tuple, list[Post]] = {}
        self._codes: dict[tuple, Codes] = {}

    def body(self, t: tuple) -> Body:
        (bid, name, short, kind, sector, system, level, terr, prov, issues, hp, header, hap,
         symbol, place, coll, posts, codes, aliases, vf, vt) = t
        plist = self._posts.get(posts)
        if plist is None:
            plist = self._posts[posts] = [
                Post.model_construct(title=a, holder=b, role=PostRole(c)) for a, b, c in posts]
        c = None
        if codes is not None:
            c = self._codes.get(codes)
            if c is None:
                c = self._codes[codes] = Codes.model_construct(qcvn102=codes[0], qd20=codes[1])
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
        succ = {u: {v: shared(d) for v, d in nbrs.items()} for u, nbrs in g._succ.items()}
        pred = {u: {v: shared(d) for v, d in nbrs.items()} for u, nbrs in g._pred.items()}
        graphs[rel.value] = (succ, pred)
    data = {
        "format": FORMAT,
        "bodies": {bid: tuple(encode_body(b, memo) for b in chart._versions(bid))
                   for bid in chart.all_ids()},
        "territories": {tid: tuple(encode_territory(t) for t in vs)
                        for tid, vs in chart._territories.items()},
        "graphs": graphs,
        "sources": list(chart.sources),
    }
    return marshal.dumps(data)


def loads(raw: bytes) -> dict[str, Any]:
    """The parts a Chart is made of; bodies stay encoded until a query decodes them."""
    data = marshal.loads(raw)
    if data.get("format") != FORMAT:
        raise ValueError("cache format changed")
    graphs: dict[RelationType, nx.DiGraph] = {}
    for rel, (succ, pred) in data["graphs"].items():
        graphs[RelationType(rel)] = graph_from_adjacency(succ, pred)
    territories = {tid: [decode_territory(t) for t in vs]
                   for tid, vs in data["territories"].items()}
    return {"bodies": data["bodies"], "territories": territories, "graphs": graphs,
            "sources": data["sources"]}


_EMPTY: dict = {}


def graph_from_adjacency(succ: dict[str, dict[str, dict[str, Any]]],
                         pred: dict[str, dict[str, dict[str, Any]]]) -> nx.DiGraph:
    """A DiGraph from networkx's own successor and predecessor dict-of-dicts."""
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
