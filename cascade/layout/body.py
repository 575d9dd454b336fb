"""Structured body content and its numbering.

Users give sections, headings, numbered points, bullets and paragraphs; the profile
decides how they are numbered (``I.`` vs ``I-``, ``1.``, ``a)``, ``-``) and how the body
ends (``./.`` vs ``.``). Numbering is computed here, never typed by the user.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cascade.layout.profile import Profile
from orgchart.text import upper_vi

VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Node):
    """A top-level part: ``I. MỤC ĐÍCH, YÊU CẦU``."""

    section: str
    content: list[Node] = Field(default_factory=list)


class Heading(_Node):
    """A numbered heading line (``1. Mục đích``) followed by its content."""

    heading: str
    content: list[Node] = Field(default_factory=list)


class Point(_Node):
    """A numbered paragraph: the number leads the text (``1. Tổ chức quán triệt …``)."""

    point: str
    content: list[Node] = Field(default_factory=list)


class Bullets(_Node):
    """Dash items: ``- …``."""

    bullets: list[str]


class Article(_Node):
    """An article of a quyết định: ``Điều 1.`` in bold, then the text."""

    article: str
    content: list[Node] = Field(default_factory=list)


Node = str | Section | Heading | Point | Bullets | Article
for _m in (Section, Heading, Point, Article):
    _m.model_rebuild()


class Block(BaseModel):
    """One rendered body paragraph: the template picks formatting by ``kind``."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["section", "heading", "subheading", "body", "article"]
    label: str
    text: str


def roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """Vietnamese point letters: a) b) c) d) đ) e) …; past y), aa) ab) …."""
    base = len(VI_LETTERS)
    return VI_LETTERS[n - 1] if n <= base else letter((n - 1) // base) + VI_LETTERS[(n - 1) % base]


def _label(pattern: str, n: int) -> str:
    return pattern.format(n=n, roman=roman(n), letter=letter(n))


def _heading_text(p: Profile, text: str) -> str:
    text = text.strip()
    return text.rstrip(".").rstrip() if p.numbering.strip_heading_stop else text


def number_body(p: Profile, nodes: list[Node]) -> list[Block]:
    """Flatten ``nodes`` into numbered blocks in the profile's style."""
    out: list[Block] = []
    counters = {"section": 0, "article": 0}

    def walk(items: list[Node], depth: int) -> None:
        n = 0
        for node in items:
            match node:
                case str():
                    out.append(Block(kind="body", label="", text=node.strip()))
                case Section():
                    counters["section"] += 1
                    text = _heading_text(p, node.section)
                    text = upper_vi(text) if p.numbering.section_upper else text
                    out.append(Block(kind="section",
                                     label=_label(p.numbering.section, counters["section"]),
                                     text=text))
                    walk(node.content, 0)
                case Article():
                    counters["article"] += 1
                    out.append(Block(kind="article",
                                     label=_label(p.numbering.article, counters["article"]),
                                     text=node.article.strip()))
                    walk(node.content, 0)
                case Heading() | Point():
                    n += 1
                    level = min(depth, len(p.numbering.levels) - 1)
                    label = _label(p.numbering.levels[level], n)
                    if isinstance(node, Heading):
                        kind = "heading" if depth == 0 else "subheading"
                        out.append(Block(kind=kind, label=label,
                                         text=_heading_text(p, node.heading)))
                    else:
                        out.append(Block(kind="body", label=label, text=node.point.strip()))
                    walk(node.content, depth + 1)
                case Bullets():
                    out.extend(Block(kind="body", label=p.numbering.bullet, text=b.strip())
                               for b in node.bullets)

    walk(nodes, 0)
    return out


_TRAILING = re.compile(r"[\s.;,:]+$")


def end_mark(p: Profile, text: str) -> str:
    """``text`` ending with the profile's end mark (``./.`` or ``.``)."""
    if text.endswith(p.end_mark):
        return text
    return _TRAILING.sub("", text) + p.end_mark


def close_body(p: Profile, blocks: list[Block]) -> list[Block]:
    """Put the end mark on the last text paragraph of the body."""
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].kind in ("body", "article"):
            last = blocks[i].model_copy(update={"text": end_mark(p, blocks[i].text)})
            return [*blocks[:i], last, *blocks[i + 1:]]
    return blocks


def count_articles(nodes: list[Node]) -> int:
    """Number of articles at the top level (for ``Như Điều n``)."""
    return sum(isinstance(n, Article) for n in nodes)
