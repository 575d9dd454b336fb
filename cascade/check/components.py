"""Which component of the thể thức each paragraph is: from where it stands (the header
table, the closing table) and what it says, with the reader's own patterns
(``cascade.citations.header``), so a document laid out by hand reads like a draft.

Drafts carry no styles that name their parts, and documents from other offices never
do; so a paragraph is known by its text (the national title, ``Số …``, ``Place, ngày
…``, ``Kính gửi:``, ``Nơi nhận:``, T/M …) and its place (left or right cell, before or
after the number), never by the formatting the checker is about to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade import doctypes
from cascade.check.read import Document, Para
from cascade.citations.header import (
    _KINH_GUI_RE,
    _MARK_RE,
    _NOI_NHAN_RE,
    _NUMBER_RE,
    _PLACE_DATE_RE,
    _SIGN_RE,
    MOTTO,
    NATIONAL_TITLES,
)
from cascade.citations.roles import TRIGGER_RE
from orgchart.text import LEVEL_WORDS, key

_CHAPTER_RE = re.compile(r"(?:Chương|Phần|CHƯƠNG|PHẦN)\s+[IVXLC\d]+\b")
_SECTION_RE = re.compile(r"[IVXLC]{1,5}[.-]\s")
_ARTICLE_RE = re.compile(r"Điều\s+\d+\.")
_GROUNDS_RE = re.compile(r"-?\s*Căn\s+cứ\s")
_DASHES_RE = re.compile(r"-{3,}")
_LEVEL_HEADS = tuple(w.upper() for w in LEVEL_WORDS)
_BODY = frozenset({"body", "section", "chapter", "article_text"})


@dataclass
class Part:
    """A paragraph and the component the profile formats it as."""

    component: str
    para: Para


@dataclass
class Layout:
    """The components of a document, and the drawn marks the header needs."""

    parts: list[Part]
    issuer_rule: bool = False      # a rule under the issuer's name (State)
    issuer_mark: bool = False      # "*" under the issuer's name (Party)
    national_rule: bool = False    # a rule under the motto (State) or title (Party)
    summary_rule: bool = False     # a rule under a titled document's summary (State)
    title_rule: Para | None = None  # the "-----" line (Party)
    rules: dict[str, Para] = field(default_factory=dict)  # issuer/national → its rule
    has_header: bool = False
    titled: bool = False
    letter: bool = False

    def of(self, component: str) -> list[Para]:
        return [p.para for p in self.parts if p.component == component]

    def first(self, component: str) -> Para | None:
        found = self.of(component)
        return found[0] if found else None


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_rule(p: Para) -> bool:
    return not p.text.strip() and (p.border_bottom or p.shape)


def _type_title(text: str) -> doctypes.DocType | None:
    first = text.split("\n", 1)[0].strip()
    t = doctypes.find(first) if _caps(first) else None
    return t if t and key(t.title) == key(first) else None


def _header_cell(paras: list[Para], out: Layout, left: bool) -> None:
    names: list[Para] = []
    seen_number = False
    for p in paras:
        t = p.text.strip()
        k = key(t)
        if _is_rule(p):
            if any(x.component in ("national_title", "motto") for x in out.parts
                   if x.para.cell == p.cell):
                out.national_rule = True
                out.rules.setdefault("national", p)
            elif names:
                out.issuer_rule = True
                out.rules.setdefault("issuer", p)
            continue
        if not t:
            continue
        if k in NATIONAL_TITLES:
            comp = "national_title"
            out.national_rule |= p.border_bottom
        elif k == MOTTO:
            comp = "motto"
            out.national_rule |= p.border_bottom
        elif t == "*":
            out.issuer_mark = True
            continue
        elif _NUMBER_RE.match(t) and not seen_number:
            comp, seen_number = "number", True
        elif _PLACE_DATE_RE.match(" ".join(t.split())):
            comp = "date"
        elif _MARK_RE.fullmatch(t):
            comp = "draft_mark"
        elif seen_number:
            comp = "cv_summary"
            out.letter = True
        elif left and _caps(t):
            names.append(p)
            out.issuer_rule |= p.border_bottom
            continue
        else:
            comp = "body"
        out.parts.append(Part(comp, p))
    for i, p in enumerate(names):
        last = names[-1].text.strip()
        wrapped = (len(names) == 2 and last.startswith(_LEVEL_HEADS)
                   and not any(w in names[0].text for w in _LEVEL_HEADS if len(w) > 3))
        comp = "header_issuer" if i == len(names) - 1 or wrapped else "header_parent"
        out.parts.append(Part(comp, p))


def _closing_cell(paras: list[Para], out: Layout) -> None:
    in_list = False
    for p in paras:
        t = p.text.strip()
        if not t:
            continue
        if _NOI_NHAN_RE.match(t):
            out.parts.append(Part("noi_nhan_label", p))
            in_list = True
        elif in_list:
            out.parts.append(Part("noi_nhan_item", p))
        elif _SIGN_RE.match(t):
            out.parts.append(Part("sig_prefix", p))
        elif _caps(t):
            out.parts.append(Part("sig_title", p))
        else:
            out.parts.append(Part("sig_name", p))


def _body(paras: list[Para], out: Layout) -> None:
    after_title = in_kinh_gui = grounds_seen = False
    for p in paras:
        t = p.text.strip()
        if _is_rule(p):
            if after_title and out.first("summary") is not None:
                out.summary_rule, after_title = True, False
            continue
        if not t:
            continue
        if not out.titled and _type_title(t):
            out.titled, after_title = True, True
            out.parts.append(Part("title", p))
            continue
        if after_title:
            if _DASHES_RE.fullmatch(t):
                out.title_rule = p
                after_title = False
                continue
            # the summary ends at the authority line of a decision, at Kính gửi, căn cứ,
            # or at the body's opening ("Thực hiện …", a first-line indented paragraph)
            body_like = TRIGGER_RE.match(t) or (p.align == "justify" and p.indent_first_mm > 1)
            if out.first("summary") is not None and (_caps(t) or body_like):
                after_title = False
            elif not _KINH_GUI_RE.match(t) and not _GROUNDS_RE.match(t):
                out.parts.append(Part("summary", p))
                out.summary_rule |= p.border_bottom
                continue
            else:
                after_title = False
        if m := _KINH_GUI_RE.match(t):
            one = bool(t[m.end():].strip())
            out.parts.append(Part("kinh_gui_one" if one else "kinh_gui_label", p))
            in_kinh_gui = not one
            continue
        if in_kinh_gui and t.startswith(("-", "–", "+")):
            out.parts.append(Part("kinh_gui_item", p))
            continue
        in_kinh_gui = False
        started = any(x.component in _BODY for x in out.parts)
        if _GROUNDS_RE.match(t) and not started:
            grounds_seen = True
            out.parts.append(Part("grounds", p))
        elif out.titled and _caps(t) and not out.of("grounds") and not out.of("body") \
                and not _SECTION_RE.match(t):
            out.parts.append(Part("authority", p))
        elif grounds_seen and _caps(t) and out.parts[-1].component == "grounds":
            out.parts.append(Part("decision_word", p))
        elif (_CHAPTER_RE.match(t) and p.align == "center") or _CHAPTER_RE.fullmatch(
                t.split("\n", 1)[0]):
            out.parts.append(Part("chapter", p))
        elif _SECTION_RE.match(t) and _caps(t.split(" ", 1)[-1][:40]):
            out.parts.append(Part("section", p))
        elif _ARTICLE_RE.match(t):
            out.parts.append(Part("article_text", p))
        else:
            out.parts.append(Part("body", p))


def _leading_header(paras: list[Para]) -> list[Para]:
    """The header of a document typed without a table: the paragraphs before the type
    title, V/v or Kính gửi, when they hold the national title and a number or date."""
    lead: list[Para] = []
    for p in paras:
        t = p.text.strip()
        if p.cell is not None or _type_title(t) or _KINH_GUI_RE.match(t) or (
                t and not _caps(t) and not _NUMBER_RE.match(t) and not _MARK_RE.fullmatch(t)
                and not _PLACE_DATE_RE.match(" ".join(t.split())) and key(t) != MOTTO
                and any(x.text.strip() for x in lead)
                and any(_PLACE_DATE_RE.match(" ".join(x.text.split())) for x in lead)):
            break
        lead.append(p)
    keys = {key(p.text.strip()) for p in lead}
    found = any(k in NATIONAL_TITLES for k in keys) and any(
        _NUMBER_RE.match(p.text.strip()) or _PLACE_DATE_RE.match(" ".join(p.text.split()))
        for p in lead)
    return lead if found else []


def components(doc: Document) -> Layout:
    """The document's paragraphs as components of its thể thức."""
    out = Layout(parts=[])
    tables: dict[int, dict[int, list[Para]]] = {}
    for p in doc.paras:
        if p.cell is not None:
            tables.setdefault(p.cell[0], {}).setdefault(p.cell[2], []).append(p)
    first_table = min(tables) if tables else None
    header_table = None
    if first_table is not None:
        first_para = next((p for p in doc.paras if p.text.strip()), None)
        cells = [q for ps in tables[first_table].values() for q in ps]
        looks = any(key(q.text.strip()) in NATIONAL_TITLES or _NUMBER_RE.match(q.text.strip())
                    or _PLACE_DATE_RE.match(" ".join(q.text.split())) for q in cells)
        if looks and first_para is not None and first_para.cell \
                and first_para.cell[0] == first_table:
            header_table = first_table
            out.has_header = True
    closing = None
    for t in sorted(tables, reverse=True):
        cells = tables[t]
        if any(_NOI_NHAN_RE.match(p.text.strip()) or _SIGN_RE.match(p.text.strip())
               for ps in cells.values() for p in ps) and t != header_table:
            closing = t
            break
    if header_table is not None:
        cols = tables[header_table]
        for col in sorted(cols):
            _header_cell(cols[col], out, left=col == min(cols))
    lead = [] if header_table is not None else _leading_header(doc.paras)
    if lead:  # a header typed as paragraphs, without a table
        out.has_header = True
        _header_cell(lead, out, left=True)
    # the body: paragraphs outside tables, before the signature table. A table in the
    # body (a list of tasks, figures) and an appendix after the signature have layouts of
    # their own: only their font is checked (``layout_rules.font_findings``)
    end = max((i for i, p in enumerate(doc.paras) if p.cell and p.cell[0] == closing),
              default=len(doc.paras))
    taken = {id(p) for p in lead}
    body = [p for p in doc.paras[:end + 1] if p.cell is None and id(p) not in taken]
    _body(body, out)
    if closing is not None:
        for col in sorted(tables[closing]):
            _closing_cell(tables[closing][col], out)
    order = {id(p): i for i, p in enumerate(doc.paras)}
    out.parts.sort(key=lambda x: order[id(x.para)])
    return out
