"""Roles of references by their place in the text (docs/format-rules.md §8).

The parent heads an item of the clause a trigger word opens at a sentence start
("Thực hiện", "Căn cứ", "Triển khai"): right after the trigger, after a ";" of that
clause, after another parent of the same list, or after "… tại"; never inside quotes or
brackets (a reference in another's quoted subject is a mention). An item opened by "Theo
đề nghị" / "Xét Tờ trình" proposes: its references are proposals, never the parent. A
reference right after "(sau đây viết tắt là" is the alias of what precedes it. Repeats
and the root directive are told once every reference is known (``parser``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cascade.citations.normalize import canon, words_re
from cascade.citations.scanner import Raw, line_before
from cascade.citations.tables import (
    ALIAS_OPENERS,
    BRIDGE_WORDS,
    BULLETED_TRIGGERS,
    LIST_CONNECTORS,
    PARENT_TRIGGERS,
    PROPOSAL_TRIGGERS,
)

TRIGGER_RE = re.compile(
    r"(?:^|(?<=[\n.;:]))[ \t]*(?P<bullet>[-+•][ \t]*)?(?P<t>"
    + words_re(PARENT_TRIGGERS, ignore_case=False)
    + r")(?!\w)",
    re.M,
)
PROPOSAL_RE = re.compile(
    r"(?:^|(?<=[\n.;:]))[ \t]*(?:[-+•][ \t]*)?(?P<t>"
    + words_re(PROPOSAL_TRIGGERS)
    + r")(?!\w)",
    re.M,
)
_ALIAS_BEFORE_RE = re.compile(r"[(“\"]\s*" + words_re(ALIAS_OPENERS) + r"\s*:?\s*[“\"]?\s*$")
_BULLETED = frozenset(canon(w) for w in BULLETED_TRIGGERS)
_LIST_ITEM_BEFORE_RE = re.compile(r"(?:^|\s)(?:\d{1,2}|[IVXLC]{1,5})\.[ \t]*$")
_CONNECTOR_GAP_RE = re.compile(
    r"[\s,*]*(?:" + words_re(LIST_CONNECTORS) + r"[\s,*]+)*"
)
_BRIDGE_GAP_RE = re.compile(r"[^;()“”\"«»]*\s" + words_re(BRIDGE_WORDS) + r"\s*")
_OPEN = "(“«"
_CLOSE = ")”»"


def is_alias(s: str, raw: Raw) -> bool:
    """"(sau đây viết tắt là Kết luận số 107-KL/TW)": the short name of the reference
    before it, not a reference of its own."""
    return _ALIAS_BEFORE_RE.search(s, max(0, raw.start - 40), raw.start) is not None


def assign(s: str, raws: list[Raw], in_summary: Callable[[Raw], bool]) -> list[str]:
    """parent, proposal, alias or mention for each reference (see the module doc)."""
    roles = ["mention"] * len(raws)
    proposals = list(PROPOSAL_RE.finditer(s))
    triggers = [
        m for m in TRIGGER_RE.finditer(s)
        if not _LIST_ITEM_BEFORE_RE.search(line_before(s, m.start("t")))
        and (not m.group("bullet") or canon(" ".join(m.group("t").split())) in _BULLETED)
    ]
    starts = {r.start: i for i, r in enumerate(raws)}
    zone_starts = sorted([m.start("t") for m in triggers] + [m.start("t") for m in proposals])
    for trig in triggers:
        later = [z for z in zone_starts if z > trig.start("t")]
        zone_end = min(later[0] if later else len(s), trig.end() + 2000)
        depth, straight = 0, False
        boundary, fresh, seen = trig.end(), True, False
        i = trig.end()
        while i < zone_end:
            if i in starts:
                k = starts[i]
                raw = raws[k]
                gap = s[boundary:i]
                head = _CONNECTOR_GAP_RE.fullmatch(gap) or (
                    fresh and not seen and _BRIDGE_GAP_RE.fullmatch(gap)
                )
                if depth == 0 and not straight and head:
                    roles[k] = "parent"
                    boundary, fresh, seen = raw.core_end, False, False
                elif fresh and is_alias(s, raw) and _stands_alone(raws, k):
                    # "Thực hiện Nghị quyết Trung ương 6 khóa XII về … (sau đây viết tắt
                    # là Nghị quyết số 18-NQ/TW)": the alias is the only number the
                    # parent is given
                    roles[k] = "parent"
                    fresh, seen = False, True
                else:
                    seen = True
                i = max(raw.core_end, i + 1)
                continue
            ch = s[i]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif ch == '"':
                straight = not straight
            elif depth == 0 and not straight:
                if ch == ";":
                    boundary, fresh, seen = i + 1, True, False
                elif ch == ":" or (ch == "." and (i + 1 >= len(s) or s[i + 1].isspace())):
                    break
            i += 1
    for p in proposals:
        end = item_end(s, p.end())
        for k, raw in enumerate(raws):
            if p.start("t") <= raw.start < end:
                roles[k] = "proposal"
    for k, raw in enumerate(raws):
        if raw.type_word == "tờ trình" and roles[k] == "parent":
            roles[k] = "proposal"  # a tờ trình proposes; it never directs
        if in_summary(raw) and roles[k] == "parent":
            roles[k] = "mention"  # the summary names the subject, not the parent
        if roles[k] == "mention" and is_alias(s, raw):
            roles[k] = "alias"
    return roles


def _stands_alone(raws: list[Raw], k: int) -> bool:
    """No earlier reference has the alias's number and symbol."""
    me = raws[k]
    sym = me.parts.symbol if me.parts else ""
    return not any(r.number.lstrip("0") == me.number.lstrip("0")
                   and (r.parts.symbol if r.parts else "") == sym for r in raws[:k])


_ITEM_END_RE = re.compile(r";|\.(?:\s|$)")


def item_end(s: str, pos: int) -> int:
    """End of the item that starts at ``pos``: its ";" or full stop (line breaks do not
    end it: a wrapped line is one item), at most 800 characters on."""
    m = _ITEM_END_RE.search(s, pos, pos + 800)
    return m.start() if m else min(len(s), pos + 800)
