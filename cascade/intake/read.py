"""A directive read from its document: ``read_directive``, one pure function over the
reader's output (``cascade.citations.reader``) and the chart.

The reader gives the header (issuer, number, date, summary, Kính gửi, Nơi nhận) and the
citations (parents, root); here the body is cut into its structure, each task found
with the bodies it names and their roles, its deadline and report cycle, and the names
resolved to bodies of the issuer's territory or to kinds for the levels below. The
result becomes a ``cascade.directive.Directive`` (``to_directive``) that the planner
takes as it takes one written in YAML.
"""

from __future__ import annotations

import datetime as dt
import re

from cascade.citations.header import lines_of, read_top
from cascade.citations.models import Citation, DocumentHeader, ReadResult
from cascade.citations.normalize import collapse, normalize
from cascade.intake import bodies, deadlines, roles, structure
from cascade.intake.models import (
    Addressee,
    CitedDocument,
    DirectiveReading,
    Item,
    Mention,
    OcrInfo,
    ReadTask,
    Unrecognised,
)
from orgchart import Chart, UnknownBody
from orgchart.schema import Body
from orgchart.text import key

_END_RE = re.compile(r"\s*(?:(?i:nơi\s+nhận)|(?:T/M|TM\.|KT\.|K/T|TL\.|T/L|TUQ\.|Q\.)\s)")
_PURPOSE_SECTION = (key("mục đích"), key("yêu cầu"), key("mục tiêu"))
_RESPOND_RE = re.compile(r"(?i:ban\s+hành|xây\s+dựng\s+(?:kế\s+hoạch|chương\s+trình)|"
                         r"văn\s+bản\s+triển\s+khai|cụ\s+thể\s+hóa)")


def _body_range(text: str) -> tuple[int, int]:
    """Offsets of the body: after the header (as the reader reads it), before Nơi nhận
    and the signature block."""
    lines = lines_of(text)
    start_index, _ = read_top(lines, DocumentHeader())
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    if start_index >= len(lines):
        return len(text), len(text)
    lo = starts[lines[start_index].no]
    hi = len(text)
    for no in range(lines[start_index].no + 1, len(starts)):
        seg_end = starts[no + 1] - 1 if no + 1 < len(starts) else len(text)
        if _END_RE.match(text, starts[no], seg_end):
            hi = starts[no]
            break
    return lo, hi


def _is_purpose(item: Item) -> bool:
    k = key(item.text)
    return item.marker not in ("", "-", "+", "•") and k.startswith(_PURPOSE_SECTION)


class _Reader:
    def __init__(self, result: ReadResult, chart: Chart, issuer: Body | None,
                 day: dt.date | None) -> None:
        self.result, self.chart, self.issuer, self.day = result, chart, issuer, day
        self.norm = normalize(result.text)
        self.s = self.norm.text
        self.unrecognised: list[Unrecognised] = []
        self._cache: dict[str, tuple[Body | None, str | None]] = {}
        self.resolver = bodies.Resolver(chart, issuer, day)

    def orig(self, span: tuple[int, int]) -> tuple[int, int]:
        return self.norm.orig(span[0]), self.norm.orig(span[1])

    def mention(self, f: bodies.Found, role: str = "mention", mode: str | None = None,
                explicit_led: bool = False) -> Mention:
        text = collapse(f.text(self.s))
        head = f.head
        k = key(text)
        if k not in self._cache:
            self._cache[k] = self.resolver.resolve(text, head)
        body, _ = self._cache[k]
        kind = str(body.kind) if body is not None else (head.kind if head else None)
        level = str(body.level) if body is not None else bodies.level_of(text, self.issuer)
        carries = kind
        if head is not None:
            if role == "lead" and head.leads and not explicit_led:
                carries = head.leads
            elif head.below and (level == "central" or (body is None and level is None)):
                carries = head.below
        return Mention(text=text, span=self.orig((f.start, f.end)), role=role,  # type: ignore[arg-type]
                       mode=mode, body_id=body.id if body else None, kind=kind,  # type: ignore[arg-type]
                       level=level, group=bool(head and head.group), carries=carries)

    # -------------------------------------------------------------- tasks

    def tasks(self, items: list[Item]) -> list[ReadTask]:
        out: list[ReadTask] = []
        self._walk(items, "", None, None, out)
        return out

    def _walk(self, items: list[Item], prefix: str, heading: str | None,
              intro: ReadTask | None, out: list[ReadTask]) -> None:
        previous: ReadTask | None = None
        for n, item in enumerate(items):
            if not item.marker and prefix == "":
                continue  # the opening ("Thực hiện …") and paragraphs outside any point
            if _is_purpose(item):
                continue
            number = f"{prefix}{item.marker or '¶'}" if not prefix else \
                f"{prefix}.{item.marker if item.marker not in '-+•' else item.marker + str(n + 1)}"
            marked = [c for c in item.children if c.marker]
            if marked:
                head = self._task(item, number, heading, [c for c in item.children
                                                          if not c.marker], None, quiet=True)
                ctx = head if (head.leads or head.everyone) else intro
                self._walk(item.children, number, item.text, ctx, out)
                continue
            if item.children and (item.marker in ("I", "II", "III", "IV", "V", "VI")
                                  or _is_heading(item.text)):
                # a heading over paragraphs ("10. Tổ chức thực hiện" / "Giao …"): each
                # paragraph is a task of its own
                for k, child in enumerate(item.children, 1):
                    if bodies.is_closing(child.text):
                        continue
                    out.append(self._task(child, f"{number}.¶{k}", item.text,
                                          child.children, intro))
                continue
            if bodies.is_closing(item.text):
                continue
            sibling = previous if item.marker in ("-", "–", "—", "+", "•") or \
                (item.marker.isalpha() and item.marker.islower()) else None
            task = self._task(item, number, heading, item.children, intro or sibling)
            out.append(task)
            if task.leads and not task.everyone:
                previous = task

    def _task(self, item: Item, number: str, heading: str | None, extra: list[Item],
              inherit: ReadTask | None, *, quiet: bool = False) -> ReadTask:
        lo = item.span[0] + (len(self.s[item.span[0]:item.span[1]])
                             - len(self.s[item.span[0]:item.span[1]].lstrip()))
        m = structure.marker_of(self.s[lo:item.span[1]])
        lo += m[2]
        hi = max([item.span[1], *(c.span[1] for c in extra)])
        found = bodies.find(self.s, lo, hi)
        r = roles.assign(self.s, lo, hi, found)
        mode = {"assign": "assign", "request": "request"}.get(r.mode, "subject")
        led = bool(r.through)
        task = ReadTask(number=number, heading=heading, text=collapse(self.s[lo:hi]),
                        span=self.orig((lo, hi)), everyone=r.everyone)
        task.leads = [self.mention(f, "lead", mode, explicit_led=led) for f in r.leads]
        task.through = [self.mention(f, "through") for f in r.through]
        task.cooperating = [self.mention(f, "cooperate") for f in r.cooperating]
        task.report_to = [self.mention(f, "report_to") for f in r.report_to]
        named = {id(f) for f in (*r.leads, *r.through, *r.cooperating, *r.report_to)}
        task.mentions = [self.mention(f) for f in found if f.head is not None
                         and id(f) not in named]
        if r.follow_up:
            task.kind = "follow_up"
            task.follow_up = [m.model_copy(update={"role": "follow_up"}) for m in task.leads]
        dl = deadlines.deadlines(self.s, lo, hi)
        for d in dl:
            if d.due is None and d.days is None:
                self.unrecognised.append(Unrecognised(
                    text=d.text, span=self.orig(d.span),
                    why="hạn không đọc được: ngày không có thật"))
        good = [d for d in dl if d.due is not None or d.days is not None]
        if good:
            task.deadline = good[0].model_copy(update={"span": self.orig(good[0].span)})
        cyc = deadlines.cycle(self.s, lo, hi)
        if cyc is not None:
            task.report_cycle = cyc.model_copy(update={"span": self.orig(cyc.span)})
        start = r.cooperate_span[1] if r.cooperate_span else r.action_start
        if task.leads:
            action = self.s[start:hi].lstrip(" ,;:")
            if not led and any(f.head is not None and f.head.leads for f in r.leads):
                # "Ban cán sự đảng Chính phủ lãnh đạo, chỉ đạo thực hiện …": the State
                # body it leads "chỉ đạo thực hiện …"
                action = _LEAD_VERB_RE.sub("chỉ đạo ", action, count=1)
        else:
            action = self.s[lo:hi]
        task.action = collapse(action)
        if not r.subject and inherit is not None and _VERB_START(self.s, lo):
            # a dash under a heading that named who ("Các phòng, đơn vị lãnh đạo, chỉ
            # đạo:"), or after a sibling that did ("- Đề nghị Ủy ban nhân dân xã chỉ đạo
            # …" / "- Chỉ đạo thực hiện nghiêm …"): the same bodies
            task.leads = [m.model_copy(update={"role": "lead"}) for m in inherit.leads]
            task.everyone = inherit.everyone
            task.action = collapse(self.s[lo:hi])
            task.action = task.action[:1].lower() + task.action[1:]
        if quiet:
            return task
        if not r.subject and not task.leads and inherit is None and (
                item.marker.isdigit() or not item.marker) and _VERB_START(self.s, lo):
            # a point of its own that names no one ("2. Tổ chức rà soát …"): it goes to
            # those the opening addresses ("… yêu cầu các cấp ủy, chính quyền …: "), all
            task.everyone = True
        if not task.leads and not task.everyone and task.kind == "task":
            name, _ = _name_at(self.s, lo)
            if name:
                self.unrecognised.append(Unrecognised(
                    text=name, span=self.orig((lo, lo + len(name))),
                    why=f"nhiệm vụ {number}: «{name}» mở đầu câu nhưng không nhận ra là "
                        "cơ quan nào"))
        for mention in (*task.leads, *task.cooperating):
            why = self._cache.get(key(mention.text), (None, None))[1]
            if mention.body_id is None and why and "có từ" in why:
                self.unrecognised.append(Unrecognised(
                    text=mention.text, span=mention.span, why=f"nhiệm vụ {number}: {why}"))
            if mention.body_id is None and mention.kind is None:
                self.unrecognised.append(Unrecognised(
                    text=mention.text, span=mention.span,
                    why=f"nhiệm vụ {number}: không rõ loại cơ quan của «{mention.text}»"))
        return task

    # -------------------------------------------------------------- addressees

    def addressees(self, header: DocumentHeader) -> list[Addressee]:
        out: list[Addressee] = []
        items = [(it, "kinh_gui") for it in header.recipient_items if it.kind == "body"]
        items += [(it, "noi_nhan") for it in header.distribution_items
                  if it.kind == "body" and it.purpose_kind in ("execute", "coordinate")]
        for it, source in items:
            every = bodies.find(it.text)
            found = [f for f in every if f.head is not None]
            if every and every[0].head is None and every[0].start == 0:
                found = []  # "Các phòng, đơn vị trực thuộc Sở": every unit, not the Sở
            if not found:
                if not any(f.head is None for f in bodies.find(it.text)):
                    self.unrecognised.append(Unrecognised(
                        text=it.text, why="nơi nhận không nhận ra là cơ quan nào"))
                out.append(Addressee(text=it.text, source=source,  # type: ignore[arg-type]
                                     purpose=it.purpose))
                continue
            for f in found:
                name = collapse(f.text(it.text))
                body, _ = self.resolver.resolve(name, f.head)
                out.append(Addressee(
                    text=name, source=source, purpose=it.purpose,  # type: ignore[arg-type]
                    body_id=body.id if body else None,
                    kind=str(body.kind) if body else (f.head.kind if f.head else None),
                    level=str(body.level) if body else bodies.level_of(name, self.issuer),
                    group=bool(f.head and f.head.group)))
        return out


_LEAD_VERB_RE = re.compile(r"^(?i:lãnh\s+đạo\s*,\s*chỉ\s+đạo)\s+")


def _is_heading(text: str) -> bool:
    """A point that only names a subject ("10. Tổ chức thực hiện", "1. Đẩy mạnh quán
    triệt …"): short and without a sentence's end."""
    return len(text) < 240 and not re.search(r"[.;:]\s*$", text)


def _VERB_START(s: str, pos: int) -> bool:
    """The text at ``pos`` opens with a verb: a word written lower case after its capital
    ("Chỉ đạo thực hiện …", "Tăng cường …"), not a name."""
    m = re.match(r"\s*([^\W\d_]+)\s+([^\W\d_]+)", s[pos:pos + 60])
    return bool(m and m.group(1)[:1].isupper() and m.group(2)[:1].islower())


_NAME_RE = re.compile(r"(?:[A-ZĐÀ-Ỹ][^\s,;:.]*\s+){1,3}")


def _name_at(s: str, pos: int) -> tuple[str | None, int]:
    """A capitalised phrase opening a sentence that the issuer scanner reads as a name."""
    from cascade.citations import issuers

    span, end = issuers.scan(s, pos, intro=False)
    if span is None:
        return None, pos
    text = s[span[0]:span[1]]
    words = text.split()
    if len(words) < 2 or sum(w[:1].isupper() for w in words) < 2:
        return None, pos
    return collapse(text), end


def _by_collective(header: DocumentHeader, chart: Chart) -> str | None:
    """The body the "T/M …" line names, when it prints the header the document has: the
    Politburo and the Secretariat print the Central Committee's ("BAN CHẤP HÀNH TRUNG
    ƯƠNG / *") and sign "T/M BỘ CHÍNH TRỊ"."""
    sig = header.signature
    if sig is None or sig.prefix not in ("T/M", "TM.") or not sig.authority:
        return None
    try:
        body = chart.resolve(sig.authority, header.date)
    except UnknownBody:
        return None
    printed = [key(x) for x in header.issuer_lines if x.strip() != "*"]
    own = [key(x) for x in chart.header_lines(body.id, header.date) if x.strip() != "*"]
    return body.id if printed and printed == own else None


def _cited(c: Citation) -> CitedDocument:
    return CitedDocument(type=c.type, number=c.number, symbol=c.symbol,
                         canonical=c.canonical or f"{c.number}-{c.symbol}", date=c.date,
                         issuer=c.issuer, issuer_id=c.issuer_id, span=c.span,
                         summary=c.known.subject if c.known else None)


def read_directive(result: ReadResult, chart: Chart, *, ocr: OcrInfo | None = None,
                   rules_day: dt.date | None = None) -> DirectiveReading:
    """What ``result`` (the reader's output for one document) directs, and whom."""
    header = result.header.model_copy(deep=True)
    if header.issuer_id is None and header.issuer_lines:
        from cascade.citations.reader import resolve_issuer

        resolve_issuer(header, chart)
    if header.issuer_id is None:
        header.issuer_id = _by_collective(header, chart)
    day = header.date
    issuer: Body | None = None
    warnings = list(header.warnings)
    if header.issuer_id:
        try:
            issuer = chart.body(header.issuer_id, day)
        except UnknownBody:
            issuer = chart.body(header.issuer_id)
    r = _Reader(result, chart, issuer, day)
    lo, hi = _body_range(result.text)
    paras = structure.paragraphs(r.s, lo, hi, one_per_line=result.format == "docx")
    items = structure.tree(paras)
    tasks = r.tasks(items)
    follow = next((t for t in tasks if t.kind == "follow_up"), None)
    cycle_task = follow if follow and follow.report_cycle else next(
        (t for t in tasks if t.report_cycle), None)
    respond_by = None
    for d in deadlines.deadlines(r.s, lo, hi):
        sentence_lo = max(r.s.rfind(";", lo, d.span[0]), r.s.rfind(".", lo, d.span[0]), lo)
        if _RESPOND_RE.search(r.s, sentence_lo, d.span[0]) and (d.due or d.days):
            respond_by = d.model_copy(update={"span": r.orig(d.span)})
            break
    parents = [_cited(c) for c in result.citations if c.role == "parent"]
    root_c = next((c for c in result.citations if c.role == "root"), None) or next(
        (c for c in result.citations if c.is_root), None)
    if not parents and header.issuer_id is None:
        warnings.append("không xác định được cơ quan ban hành")
    reading = DirectiveReading(
        path=result.path, format=result.format, ocr=ocr,
        issuer=issuer.name if issuer else " / ".join(header.issuer_lines) or None,
        issuer_id=issuer.id if issuer else None,
        issuer_level=str(issuer.level) if issuer else None,
        issuer_reason=header.issuer_reason, system=header.system, type=header.type,
        number=header.number, symbol=header.symbol, date=day, place=header.place,
        summary=header.summary, parents=parents,
        root=_cited(root_c) if root_c is not None else None,
        addressees=r.addressees(header), structure=items, tasks=tasks,
        follow_up=follow.follow_up[0] if follow and follow.follow_up else None,
        report_cycle=cycle_task.report_cycle.text if cycle_task and cycle_task.report_cycle
        else None,
        respond_by=respond_by, warnings=warnings)
    reading.unrecognised = r.unrecognised
    return reading
