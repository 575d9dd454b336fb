"""Structured body content and its numbering.

Users give sections, headings, numbered points, bullets and paragraphs; the profile
decides how they are numbered (``I.`` vs ``I-``, ``1.``, ``a)``, ``-``) and how the body
ends (``./.`` vs ``.``). Numbering is computed here, never typed by the user.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from cascade.layout.profile import Profile
from orgchart.text import upper_vi

VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Chapter(_Node):
    """A chapter of a quy chế or quy định: ``Chương I`` / ``QUY ĐỊNH CHUNG``, centred; its
    articles are numbered on from the chapter before."""

    chapter: str
    content: list[Node] = Field(default_factory=list)


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


# the key that names each kind of item in a SPEC
_NODE_TYPES: dict[str, type[_Node]] = {"chapter": Chapter, "section": Section,
                                        "heading": Heading, "point": Point,
                                        "bullets": Bullets, "article": Article}


def node_tag(value: Any) -> str | None:
    """Which kind of body item ``value`` is (``str`` or a class name): a string, or the one
    item key a mapping carries (``point:`` …). A mapping with a mistyped key (``poin:``)
    is read as the kind it most resembles, so its errors name that one mistake instead of
    every kind's."""
    if isinstance(value, str):
        return "str"
    if isinstance(value, _Node):
        return type(value).__name__
    if not isinstance(value, dict):
        return None
    keys = [k for k in _NODE_TYPES if k in value]
    if not keys:
        for k in value:
            keys = difflib.get_close_matches(str(k), list(_NODE_TYPES), n=1, cutoff=0.6)
            if keys:
                break
    return _NODE_TYPES[keys[0]].__name__ if keys else None


Node = Annotated[
    Annotated[str, Tag("str")] | Annotated[Chapter, Tag("Chapter")]
    | Annotated[Section, Tag("Section")] | Annotated[Heading, Tag("Heading")]
    | Annotated[Point, Tag("Point")] | Annotated[Bullets, Tag("Bullets")]
    | Annotated[Article, Tag("Article")],
    Discriminator(node_tag, custom_error_type="node_kind",
                  custom_error_message="mục nội dung phải là một đoạn văn hoặc một trong các "
                                       "khóa: " + ", ".join(_NODE_TYPES))]
for _m in (Chapter, Section, Heading, Point, Article):
    _m.model_rebuild()


class Block(BaseModel):
    """One rendered body paragraph: the template picks formatting by ``kind``."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["chapter", "section", "heading", "subheading", "body", "article"]
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
    counters = {"chapter": 0, "section": 0, "article": 0}

    def walk(items: list[Node], depth: int) -> None:
        n = 0
        for node in items:
            match node:
                case str():
                    out.append(Block(kind="body", label="", text=node.strip()))
                case Chapter():
                    counters["chapter"] += 1
                    out.append(Block(kind="chapter",
                                     label=_label(p.numbering.chapter, counters["chapter"]),
                                     text=upper_vi(_heading_text(p, node.chapter))))
                    walk(node.content, 0)
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
    """Number of articles at the top level or in chapters (for ``Như Điều n``)."""
    return sum(count_articles(n.content) if isinstance(n, Chapter) else isinstance(n, Article)
               for n in nodes)
