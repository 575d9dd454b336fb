"""The cascade as a diagram: the directive, then each step (generation) of the cascade as
a band of tiles, each band naming the documents it carries out.

The diagram is HTML, not a drawing: a tile's text is the page's own text, so it keeps its
size on a phone and wraps between words (a drawing scaled to a 390 px screen printed its
names at ~6 px, cut them mid-word and lost its right column), and the tiles of a band
flow into as many columns as the screen holds. Who carries out whom is told in words on
each band ("Thực hiện văn bản của: Ban Thường vụ Tỉnh ủy Lai Châu") instead of lines: a
band's tiles share a handful of parents, and thousands of crossing lines said nothing.

A national plan holds 7,000–20,000 tasks. Its view folds every province into one tile
(the counts of all its tasks, a stacked status bar, a link to the province's own view,
where each body and commune has its tile), and the central bodies into one more, first,
that opens the central level's view. A band of
more than ``OPEN_UP_TO`` tiles starts folded (its heading shows its counts and bar), and
no band prints more than ``BAND_CAP`` tiles: past that the band says how many more there
are and how to narrow the view, so no filter can make a page of 10,000 tiles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from api.web.labels import LEVEL_PLURAL_VI, STATE_ORDER, STATE_VI, vn_int
from orgchart.text import collate

ROOT = "directive"
CENTRAL = "tw"  # the folded tile of the central bodies: fold:tw
OPEN_UP_TO = 40  # a band of more tiles starts folded: 34 provinces and a central tile fit
BAND_CAP = 300  # tiles printed in one band at most
PARENTS_NAMED = 3  # a band names this many parents, then counts the others


@dataclass
class Node:
    """One tile: a task, or a province's tasks folded into one."""

    id: str
    title: str  # first line (bold)
    subtitle: str
    href: str
    state: str  # a key of labels.STATE_COLOUR, or "mixed" for a folded tile
    tooltip: str
    note: str = ""  # the state in words ("Quá hạn 12 ngày"); a folded tile: its counts
    alert: str = ""  # a folded tile's overdue count ("12 quá hạn")
    sort: tuple[Any, ...] = ()
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def folded(self) -> bool:
        return self.state == "mixed"

    def bar(self) -> list[tuple[str, float, int]]:
        """(state, percent, count) of a folded tile's stacked bar."""
        total = sum(self.counts[s] for s in STATE_ORDER) or 1
        return [(s, 100 * self.counts[s] / total, self.counts[s]) for s in STATE_ORDER
                if self.counts[s]]


@dataclass
class Band:
    """One step of the cascade (or the band of folded provinces)."""

    key: str
    heading: str
    nodes: list[Node]
    hidden: int = 0  # tiles of this band not printed (over ``BAND_CAP``)
    parents: str = ""  # "Thực hiện văn bản của: …"
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        return len(self.nodes) + self.hidden

    @property
    def open(self) -> bool:
        return self.size <= OPEN_UP_TO

    def bar(self) -> list[tuple[str, float, int]]:
        total = sum(self.counts[s] for s in STATE_ORDER) or 1
        return [(s, 100 * self.counts[s] / total, self.counts[s]) for s in STATE_ORDER
                if self.counts[s]]

    def summary(self) -> str:
        """"3/12 đã ban hành, 9 quá hạn": the band's counts, for its folded heading."""
        total = sum(self.counts[s] for s in STATE_ORDER)
        out = f"{vn_int(self.counts['issued'])}/{vn_int(total)} đã ban hành"
        if self.counts["overdue"]:
            out += f", {vn_int(self.counts['overdue'])} quá hạn"
        return out


@dataclass
class Graph:
    root: Node
    bands: list[Band]


def state_of(row: dict[str, Any]) -> str:
    return "overdue" if row["overdue"] else row["status"]


def state_note(row: dict[str, Any]) -> str:
    """The tile's state in words: colour is never the only sign."""
    if row["overdue"]:
        return f"Quá hạn {vn_int(row['days_late'])} ngày"
    return STATE_VI[row["status"]]


def build_graph(rows: list[dict[str, Any]], parents: Mapping[str, Sequence[str]], *,
                root_title: str, root_href: str, fold: bool,
                task_href: Callable[[str], str], province_href: Callable[[str], str],
                central_href: str, province_name: Callable[[str | None], str],
                node_text: Callable[[dict[str, Any]], tuple[str, str]]) -> Graph:
    """The bands of the visible ``rows``; ``fold``: one tile per province and one for the
    central bodies."""
    root = Node(ROOT, root_title, "Văn bản chỉ đạo", root_href, "issued", root_title,
                "Đã ban hành")
    steps: dict[int, list[dict[str, Any]]] = {}
    folded: dict[str, Node] = {}
    for r in rows:
        if fold:
            group = r["province"] or CENTRAL
            n = folded.get(group)
            if n is None:
                name = province_name(r["province"])
                n = folded[group] = Node(
                    f"fold:{group}", name, "",
                    province_href(group) if r["province"] else central_href, "mixed", "",
                    sort=(bool(r["province"]), collate(name)))
            n.counts[state_of(r)] += 1
            n.counts[r["level"]] += 1
        else:
            steps.setdefault(r["generation"], []).append(r)
    names = {r["id"]: r["body_name"] for r in rows}
    bands = [_step(g, steps[g], parents, names, root_title, task_href, province_name,
                   node_text) for g in sorted(steps)]
    if folded:
        tiles = sorted(folded.values(), key=lambda n: n.sort)
        for n in tiles:
            _describe_fold(n)
        provinces = sum(1 for n in tiles if n.id != f"fold:{CENTRAL}")
        head = f"Tỉnh, thành phố · {vn_int(provinces)}"
        what = "một tỉnh, thành phố (cấp tỉnh, cấp xã)"
        if provinces < len(tiles):
            head = f"Trung ương và {head[:1].lower()}{head[1:]}"
            what += " hoặc của các cơ quan Trung ương"
        band = Band("provinces", head, tiles,
                    parents=f"Mỗi ô gộp mọi nhiệm vụ của {what}; bấm vào ô để xem từng cơ "
                            "quan, đơn vị.")
        for n in tiles:
            band.counts.update({s: n.counts[s] for s in STATE_ORDER})
        bands.append(band)
    return Graph(root, bands)


def _step(generation: int, rows: list[dict[str, Any]], parents: Mapping[str, Sequence[str]],
          names: Mapping[str, str], root_title: str, task_href: Callable[[str], str],
          province_name: Callable[[str | None], str],
          node_text: Callable[[dict[str, Any]], tuple[str, str]]) -> Band:
    rows = sorted(rows, key=lambda r: (collate(province_name(r["province"])),
                                       collate(r["body_name"]), r["id"]))
    counts: Counter[str] = Counter(state_of(r) for r in rows)
    cited: dict[str, None] = {}
    for r in rows:
        for p in parents.get(r["id"], ()):
            cited[p] = None
    nodes = []
    for r in rows[:BAND_CAP]:
        title, subtitle = node_text(r)
        nodes.append(Node(r["id"], title, subtitle, task_href(r["id"]), state_of(r),
                          f"{r['body_name']} — {state_note(r)}", state_note(r)))
    return Band(f"step-{generation}",
                f"Bước {generation} · {vn_int(len(rows))} cơ quan, đơn vị", nodes,
                hidden=len(rows) - len(nodes),
                parents=_cited_line(cited, names, root_title), counts=counts)


def _cited_line(cited: Iterable[str], names: Mapping[str, str], root_title: str) -> str:
    """"Thực hiện văn bản của: A; B và 3 cơ quan khác": the documents a band carries out
    (those of the tasks the viewer sees, and the directive)."""
    known = [root_title if p == ROOT else names[p] for p in cited if p == ROOT or p in names]
    if not known:
        return ""
    shown = sorted(known, key=collate)[:PARENTS_NAMED]
    more = len(known) - len(shown)
    tail = f" và {vn_int(more)} cơ quan, đơn vị khác" if more else ""
    head = "Thực hiện" if known == [root_title] else "Thực hiện văn bản của"
    return f"{head}: {'; '.join(shown)}{tail}"


def _describe_fold(n: Node) -> None:
    """A folded tile's lines: issued of all, and the overdue ones (the levels it gathers
    are in its tooltip: every province has the same)."""
    total = sum(n.counts[s] for s in STATE_ORDER)
    levels = [LEVEL_PLURAL_VI[lv] for lv in LEVEL_PLURAL_VI if n.counts[lv]]
    n.note = f"{vn_int(n.counts['issued'])}/{vn_int(total)} đã ban hành"
    if n.counts["overdue"]:
        n.alert = f"{vn_int(n.counts['overdue'])} quá hạn"
    n.tooltip = f"{n.title} ({', '.join(levels)}): " + ", ".join(
        f"{STATE_VI[s]} {vn_int(n.counts[s])}" for s in STATE_ORDER if n.counts[s])
