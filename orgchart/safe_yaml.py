"""YAML with limits: the one parser every YAML entry point uses (request bodies, the
CLI's directive, SPEC, rules and chart files).

PyYAML's safe loader builds no objects, but it trusts the size of what it is given: a
nine-level alias bomb of 363 bytes expands to 387 million strings for whoever walks the
result (a NUL check, pydantic), and a deep nesting exhausts Python's recursion. Here a
document is composed first, with its depth limited while composing, then measured as
it would expand (each alias counted as the whole tree it repeats) before anything is
constructed from it. Request bodies may not use anchors and aliases at all; files may,
within the same expansion budget (the bundled chart shares its post lists that way).

Every refusal is a ``YAMLLimitError``, a ``yaml.MarkedYAMLError``: callers that already
report YAML errors with their line and column report these the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class YamlLimits:
    """How much YAML one document may hold. ``max_nodes`` counts the document as it
    expands: an alias counts every node of the tree it repeats."""

    max_bytes: int
    max_depth: int
    max_nodes: int
    aliases: bool


# A directive or SPEC of a long plan is a few hundred lines (examples/kl-107.yaml: 3 KB);
# a request body is also at most what the HTTP layer takes (api/limits.py).
REQUEST = YamlLimits(max_bytes=1_000_000, max_depth=32, max_nodes=100_000, aliases=False)
FILE = YamlLimits(max_bytes=1_000_000, max_depth=32, max_nodes=200_000, aliases=True)
# the bundled chart: 784 KB in four files, the largest about 500 KB
CHART = YamlLimits(max_bytes=20_000_000, max_depth=32, max_nodes=2_000_000, aliases=True)


def vn_number(n: int) -> str:
    """1000000 as a Vietnamese reader writes it: 1.000.000."""
    return f"{n:,}".replace(",", ".")


class YAMLLimitError(yaml.MarkedYAMLError):
    """A document over one of its limits; ``problem`` says which, in Vietnamese."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def _guarded(base: type, limits: YamlLimits) -> type:
    """``base`` (a pure-Python loader) with its composer checking depth and aliases as
    it goes: a deep document is refused before Python's recursion limit is reached."""

    class Guarded(base):  # type: ignore[misc, valid-type]
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(AliasEvent) and not limits.aliases:
                mark = self.peek_event().start_mark
                raise YAMLLimitError("không được dùng neo và bí danh (&, *) trong dữ liệu "
                                     "gửi lên", mark)
            self._depth += 1
            try:
                if self._depth > limits.max_depth:
                    raise YAMLLimitError(f"lồng nhau quá sâu: hơn {limits.max_depth} tầng",
                                         self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return Guarded


def _dates_as_text(base: type) -> type:
    """``base`` with dates left as text: the caller's own checks (pydantic, a SPEC's)
    then name the field of a bad date instead of YAML failing without one."""

    class Texts(base):  # type: ignore[misc, valid-type]
        pass

    Texts.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP]
        for ch, resolvers in base.yaml_implicit_resolvers.items()}
    return Texts


def measure(root: yaml.Node, limits: YamlLimits) -> None:
    """Refuse a node tree deeper or, expanded, larger than ``limits`` (aliases counted
    as what they repeat); iterative and memoised, so a bomb costs its size, not its
    expansion. Scalars (most nodes) are counted where they stand."""
    size: dict[int, tuple[int, int]] = {}  # id(collection) → (expanded nodes, depth)
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    scalar = yaml.ScalarNode
    while stack:
        node, children = stack.pop()
        key = id(node)
        if children is not None:  # its children are measured
            open_.discard(key)
            n, d = 1, 1
            for c in children:
                if c.__class__ is scalar:
                    n += 1
                    d = max(d, 2)
                else:
                    cn, cd = size[id(c)]
                    n += cn
                    d = max(d, cd + 1)
            if n > limits.max_nodes:
                raise YAMLLimitError(f"quá lớn khi triển khai bí danh: hơn "
                                     f"{vn_number(limits.max_nodes)} nút", node.start_mark)
            if d > limits.max_depth:
                raise YAMLLimitError(f"lồng nhau quá sâu: hơn {limits.max_depth} tầng",
                                     node.start_mark)
            size[key] = (n, d)
            continue
        if key in size or node.__class__ is scalar:
            continue
        if key in open_:
            raise YAMLLimitError("bí danh tự tham chiếu (đệ quy)", node.start_mark)
        open_.add(key)
        kids = node.value if isinstance(node, yaml.SequenceNode) else \
            [x for pair in node.value for x in pair]
        stack.append((node, kids))
        stack.extend((c, None) for c in kids
                     if c.__class__ is not scalar and id(c) not in size)
        if len(stack) > limits.max_nodes:
            raise YAMLLimitError(f"quá lớn: hơn {vn_number(limits.max_nodes)} nút",
                                 node.start_mark)


def load(text: str, limits: YamlLimits, *, dates: bool = True,
         fast: bool = False) -> tuple[Any, yaml.Node | None]:
    """(data, node tree) of one YAML document within ``limits``; the tree gives callers
    the line of a field. ``dates=False`` leaves dates as text; ``fast`` composes with
    libyaml (which itself stops at 1,000 levels) and measures afterwards.

    Raises ``yaml.YAMLError`` (``YAMLLimitError`` for a limit)."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > limits.max_bytes \
        else len(text)
    if size > limits.max_bytes:
        raise YAMLLimitError(f"quá lớn: {vn_number(size)} byte, "
                             f"tối đa {vn_number(limits.max_bytes)} byte")
    c_loader = getattr(yaml, "CSafeLoader", None) if fast else None
    base: type = c_loader or _guarded(yaml.SafeLoader, limits)
    if not dates:
        base = _dates_as_text(base)
    loader = base(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        measure(root, limits)
        return loader.construct_document(root), root
    finally:
        loader.dispose()


def load_file(path: Path, limits: YamlLimits, *, dates: bool = True,
              fast: bool = False) -> tuple[Any, yaml.Node | None]:
    """``load`` of a file, its size checked before it is read. Raises ``OSError``,
    ``UnicodeDecodeError`` or ``yaml.YAMLError``."""
    size = Path(path).stat().st_size
    if size > limits.max_bytes:
        raise YAMLLimitError(f"tệp quá lớn: {vn_number(size)} byte, "
                             f"tối đa {vn_number(limits.max_bytes)} byte")
    return load(Path(path).read_text(encoding="utf-8"), limits, dates=dates, fast=fast)
