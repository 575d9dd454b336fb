"""The cascade as a picture: a layered graph by generation, drawn as server-side SVG.

A national plan holds 7,000–20,000 tasks; drawing each would give an unreadable and slow
page, so the national view draws central and provincial tasks one by one and folds each
province's lower tasks (districts, communes) into one node with a stacked status bar that
links to the province's own view, where every commune is a node. Layers are wrapped into
rows of ``COLS`` nodes so the picture keeps a fixed width whatever the layer's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from api.web.labels import LEVEL_PLURAL_VI, STATE_COLOUR, STATE_ORDER, STATE_VI, vn_int
from orgchart.text import collate

COLS = 8
NODE_W, NODE_H, GAP_X, GAP_Y = 136, 46, 12, 12
PAD, LAYER_HEAD = 12, 26
WIDTH = PAD * 2 + COLS * NODE_W + (COLS - 1) * GAP_X
ROOT = "directive"
INDIVIDUAL_LEVELS = ("central", "province")


@dataclass
class Node:
    id: str
    layer: int
    title: str  # first line (bold)
    subtitle: str
    href: str
    state: str  # a key of STATE_COLOUR, or "mixed" for a folded node
    tooltip: str
    sort: tuple[Any, ...] = ()
    counts: Counter[str] = field(default_factory=Counter)
    x: float = 0
    y: float = 0


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[tuple[str, str]]
    layers: list[tuple[int, str, float]]  # (layer, heading, y)
    height: float


def state_of(row: dict[str, Any]) -> str:
    return "overdue" if row["overdue"] else row["status"]


def build_graph(rows: list[dict[str, Any]], parents: Mapping[str, Sequence[str]], *,
                root_title: str, root_href: str, fold: bool,
                task_href: Callable[[str], str], province_href: Callable[[str], str],
                province_name: Callable[[str | None], str],
                node_text: Callable[[dict[str, Any]], tuple[str, str]]) -> Graph:
    """Nodes and edges of the visible ``rows``; ``fold``: lower levels per province."""
    nodes: dict[str, Node] = {ROOT: Node(ROOT, 0, root_title, "Văn bản chỉ đạo", root_href,
                                         "issued", root_title)}
    node_of: dict[str, str] = {}
    for r in rows:
        if fold and r["level"] not in INDIVIDUAL_LEVELS and r["province"]:
            nid = f"fold:{r['province']}"
            n = nodes.get(nid)
            if n is None:
                n = nodes[nid] = Node(nid, r["generation"], province_name(r["province"]), "",
                                      province_href(r["province"]), "mixed", "",
                                      sort=(collate(province_name(r["province"])),))
            n.layer = min(n.layer, r["generation"])
            n.counts[state_of(r)] += 1
            n.counts[r["level"]] += 1
        else:
            nid = r["id"]
            title, subtitle = node_text(r)
            nodes[nid] = Node(nid, r["generation"], title, subtitle, task_href(r["id"]),
                              state_of(r),
                              f"{r['body_name']} — {STATE_VI[state_of(r)]}",
                              sort=(collate(province_name(r["province"])),
                                    collate(r["body_name"])))
        node_of[r["id"]] = nid
    for n in nodes.values():
        if n.state == "mixed":
            total = sum(n.counts[s] for s in STATE_ORDER)
            levels = [LEVEL_PLURAL_VI[lv] for lv in LEVEL_PLURAL_VI if n.counts[lv]]
            n.subtitle = (f"{', '.join(levels)}: {vn_int(n.counts['issued'])}/{vn_int(total)} "
                          "đã ban hành")
            n.tooltip = f"{n.title} ({', '.join(levels)}): " + ", ".join(
                f"{STATE_VI[s]} {vn_int(n.counts[s])}" for s in STATE_ORDER if n.counts[s])
    edges: set[tuple[str, str]] = set()
    for tid, nid in node_of.items():
        for p in parents.get(tid, []):
            src = ROOT if p == ROOT else node_of.get(p)
            if src and src != nid:
                edges.add((src, nid))
    return _layout(nodes, sorted(edges))


def _layout(nodes: dict[str, Node], edges: list[tuple[str, str]]) -> Graph:
    by_layer: dict[int, list[Node]] = {}
    for n in nodes.values():
        by_layer.setdefault(n.layer, []).append(n)
    y = PAD
    layers = []
    for layer in sorted(by_layer):
        members = sorted(by_layer[layer], key=lambda n: (n.state == "mixed", n.sort, n.id))
        heading = "Văn bản gốc" if layer == 0 else \
            f"Bước {layer} · {vn_int(len(members))} nút"
        layers.append((layer, heading, y))
        y += LAYER_HEAD
        for i, n in enumerate(members):
            row, col = divmod(i, COLS)
            n.x = PAD + col * (NODE_W + GAP_X)
            n.y = y + row * (NODE_H + GAP_Y)
        rows = (len(members) + COLS - 1) // COLS
        y += rows * (NODE_H + GAP_Y) + GAP_Y
    return Graph(nodes, edges, layers, y + PAD)


def _clip(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _bar(n: Node) -> Iterable[str]:
    """The stacked status bar of a folded node."""
    total = sum(n.counts[s] for s in STATE_ORDER) or 1
    x, width = n.x + 6, NODE_W - 12
    for s in STATE_ORDER:
        if n.counts[s]:
            w = width * n.counts[s] / total
            yield (f'<rect x="{x:.1f}" y="{n.y + NODE_H - 11:.1f}" width="{w:.1f}" '
                   f'height="7" fill="{STATE_COLOUR[s]}" data-state="{s}" '
                   f'data-count="{n.counts[s]}"/>')
            x += w


def render_svg(g: Graph) -> Markup:
    """The graph as inline SVG: each node a link (``<a>``) with a tooltip (``<title>``)."""
    out = [f'<svg class="cascade" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="Sơ đồ triển khai theo từng bước" viewBox="0 0 {WIDTH} {g.height:.0f}" '
           f'width="{WIDTH}" height="{g.height:.0f}">']
    for _, heading, y in g.layers:
        out.append(f'<text class="layer" x="{PAD}" y="{y + 17:.0f}">{escape(heading)}</text>')
    out.append('<g class="edges">')
    for a, b in g.edges:
        s, t = g.nodes[a], g.nodes[b]
        x1, y1 = s.x + NODE_W / 2, s.y + NODE_H
        x2, y2 = t.x + NODE_W / 2, t.y
        mid = (y1 + y2) / 2
        out.append(f'<path d="M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} '
                   f'{x2:.0f},{y2:.0f}"/>')
    out.append("</g>")
    for n in g.nodes.values():
        fill = "#ffffff" if n.state == "mixed" else STATE_COLOUR[n.state]
        ink = "#ffffff" if n.state in ("issued", "overdue") else "#1b1b1b"
        out.append(
            f'<a href="{escape(n.href)}" class="node" data-id="{escape(n.id)}" '
            f'data-state="{n.state}"><title>{escape(n.tooltip)}</title>'
            f'<rect x="{n.x:.0f}" y="{n.y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="{fill}" stroke="#455a64"/>'
            f'<text x="{n.x + 6:.0f}" y="{n.y + 15:.0f}" fill="{ink}" font-weight="bold">'
            f'{escape(_clip(n.title))}</text>'
            f'<text x="{n.x + 6:.0f}" y="{n.y + 29:.0f}" fill="{ink}">'
            f'{escape(_clip(n.subtitle, 26))}</text>')
        if n.state == "mixed":
            out.extend(_bar(n))
        out.append("</a>")
    out.append("</svg>")
    return Markup("".join(out))
