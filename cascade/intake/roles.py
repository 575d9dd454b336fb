"""Who a task goes to, from how its sentence is built.

* lead: the names that open the sentence ("Công an tỉnh chỉ đạo …"), after "Giao" or
  "Đề nghị" ("Giao Thanh tra tỉnh hướng dẫn …", "Đề nghị Công an xã …"), or the body a
  Party organisation is told to lead ("Đảng ủy Công an thành phố lãnh đạo, chỉ đạo Công
  an thành phố rà soát …": Công an leads, the Đảng ủy is ``through``);
* cooperate: "phối hợp (với) Y";
* follow-up: a lead told to "theo dõi, đôn đốc" the whole document and report;
* report_to: the names after "báo cáo".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.intake.bodies import Found

_PREFIX_RE = re.compile(r"\s*(?P<w>(?i:giao|đề\s+nghị|yêu\s+cầu|phân\s+công))\s+")
_MODES = {"giao": "assign", "đề nghị": "request", "yêu cầu": "assign", "phân công": "assign"}
# between two names of a list; "đại biểu" (deputies) before a body's name stands for the
# body ("Hội đồng nhân dân, đại biểu Hội đồng nhân dân, Mặt trận Tổ quốc Việt Nam và …")
_JOINER_RE = re.compile(r"\s*(?:,\s*(?:(?i:và)\s+)?|;\s*|\s+(?i:và|cùng|với)\s+)"
                        r"(?:(?i:đại\s+biểu)\s+)?")
_LEADS_RE = re.compile(r"\s*,?\s*(?i:lãnh\s+đạo\s*,\s*chỉ\s+đạo|lãnh\s+đạo|chỉ\s+đạo)\s+")
_CHAIR_RE = re.compile(r"\s*,?\s*(?i:chủ\s+trì)\s*,?\s*(?i:phối\s+hợp)(?:\s+(?i:với|cùng))?\s+")
_COOP_RE = re.compile(r"(?i:phối\s+hợp)(?:\s+(?i:chặt\s+chẽ))?(?:\s+(?i:với|cùng))?\s+")
_FOLLOW_RE = re.compile(r"(?i:theo\s+dõi|đôn\s+đốc)")
_REPORT_RE = re.compile(r"(?i:báo\s+cáo)(?:\s+(?i:kết\s+quả)(?:\s+(?i:thực\s+hiện))?)?"
                        r"(?:\s+(?i:về|cho|lên|với|tới))?\s+")
_VERB_START_RE = re.compile(r"\s*[a-zà-ỹđ]")


@dataclass
class Roles:
    mode: str = "subject"
    leads: list[Found] = field(default_factory=list)
    through: list[Found] = field(default_factory=list)
    cooperating: list[Found] = field(default_factory=list)
    report_to: list[Found] = field(default_factory=list)
    everyone: bool = False
    subject: bool = False  # the sentence opens with who does it (a name or everyone)
    follow_up: bool = False
    action_start: int = 0
    cooperate_span: tuple[int, int] | None = None


def _chain(found: list[Found], s: str, pos: int) -> tuple[list[Found], int]:
    """The names one after the other from ``pos``, joined by commas and "và"."""
    by_start = {f.start: f for f in found}
    out: list[Found] = []
    while True:
        while pos < len(s) and s[pos].isspace():
            pos += 1
        f = by_start.get(pos)
        if f is None:
            break
        out.append(f)
        pos = f.end
        j = _JOINER_RE.match(s, pos)
        if j is None or j.end() not in by_start:
            break
        pos = j.end()
    return out, (out[-1].end if out else pos)


def assign(s: str, lo: int, hi: int, found: list[Found]) -> Roles:
    """The roles of the names ``found`` in the task ``s[lo:hi]``."""
    r = Roles(action_start=lo)
    pos = lo
    m = _PREFIX_RE.match(s, pos)
    if m and m.end() <= hi:
        r.mode = _MODES[" ".join(m.group("w").lower().split())]
        pos = m.end()
    chain, end = _chain(found, s, pos)
    r.subject = bool(chain)
    r.everyone = any(f.head is None for f in chain)
    r.leads = [f for f in chain if f.head is not None]
    r.action_start = end if chain else lo
    if r.leads:
        lm = _LEADS_RE.match(s, end)
        if lm:
            led, end2 = _chain(found, s, lm.end())
            if led and all(f.head is not None for f in led):
                r.through, r.leads, r.action_start = r.leads, led, end2
        cm = _CHAIR_RE.match(s, r.action_start)
        if cm:
            coop, cend = _chain(found, s, cm.end())
            if coop:
                r.cooperating = [f for f in coop if f.head is not None]
                if r.cooperating and len(r.cooperating) == len(coop):
                    r.cooperate_span = (cm.start(), cend)
    taken = {id(f) for f in (*r.leads, *r.through, *r.cooperating)}
    for cm in _COOP_RE.finditer(s, lo, hi):
        coop, _ = _chain(found, s, cm.end())
        r.cooperating += [f for f in coop if f.head is not None and id(f) not in taken]
        taken |= {id(f) for f in coop}
    for rm in _REPORT_RE.finditer(s, lo, hi):
        to, _ = _chain(found, s, rm.end())
        r.report_to += [f for f in to if f.head is not None and id(f) not in taken]
        taken |= {id(f) for f in to}
    text = s[lo:hi]
    r.follow_up = bool(r.leads and not r.everyone and _FOLLOW_RE.search(text)
                       and _REPORT_RE.search(text))
    return r
