"""Problems found in chart files, located by file, line, column and key.

Files are parsed fast without position tracking; only when something is wrong do we
compose the file's YAML node tree again to turn a key path into a line and a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PathPart = str | int

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc]


@dataclass
class Problem:
    """One thing wrong in one place. ``path`` is the key path inside the YAML document."""

    file: Path
    path: tuple[PathPart, ...]
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    @property
    def key(self) -> str:
        return ".".join(str(p) for p in self.path) if self.path else "(document)"

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.key}: {self.message}"


@dataclass
class ChartError(Exception):
    """All problems of one load, raised together so a clerk can fix them in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the org chart"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)


class UnknownBody(KeyError):
    """A body id or name that is not in the chart, with the nearest names.

    ``message`` replaces the default "không tìm thấy" when the chart knows why (a body
    of another period, a name shared by several bodies).
    """

    def __init__(self, query: str, suggestions: Sequence[str] = (),
                 message: str | None = None) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        msg = message or f"không tìm thấy cơ quan “{query}”"
        if self.suggestions:
            msg += "; có phải: " + "; ".join(self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousBody(UnknownBody):
    """A name that fits several bodies (the same commune before and after 1/7/2025, two
    provinces' communes of one name): the candidates, each with its id, province and
    period, so the clerk can pick one."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        super().__init__(query, message=(
            f"tên “{query}” ứng với {len(candidates)} cơ quan: " + "; ".join(candidates)
            + ". Hãy ghi mã cơ quan, hoặc chọn ngày (--as-of) để chỉ còn một"))
        self.suggestions = self.candidates


class UnknownUnit(KeyError):
    """A province (or other unit) id or name not in the chart on the date asked."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = list(suggestions)
        if self.suggestions:
            message += "; có phải: " + "; ".join(self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


def _walk(node: yaml.Node, path: Sequence[PathPart]) -> yaml.Node:
    """Follow ``path`` as far as it goes and return the node to point at: for a mapping
    key, the key itself (``kind: xyz`` is reported where ``kind`` is written)."""
    target = node
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    node, target = v, k
                    break
            else:
                return target
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = target = node.value[part]
            else:
                return target
        else:
            return target
    return target


def locate(problems: list[Problem]) -> None:
    """Fill in line and column of every problem that has none, one parse per file."""
    by_file: dict[Path, list[Problem]] = {}
    for p in problems:
        if p.line is None:
            by_file.setdefault(p.file, []).append(p)
    for file, items in by_file.items():
        try:
            root = yaml.compose(file.read_text(encoding="utf-8"), Loader=_Loader)
        except (OSError, yaml.YAMLError):
            continue
        if root is None:
            continue
        for p in items:
            node = _walk(root, p.path)
            p.line = node.start_mark.line + 1
            p.column = node.start_mark.column + 1
