"""A read directive as the planner's ``Directive`` and as the YAML a clerk edits.

The YAML is the format of ``examples/kl-107.yaml``: ``trienkhai directive FILE
--write-directive OUT.yaml`` writes it with a comment over each task naming where in the
document it was read, so the clerk reviews it against the paper.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from cascade.directive import Directive, DirectiveError, parse_directive
from cascade.intake.models import DirectiveReading, ReadTask
from orgchart import Kind

REFORM = dt.date(2025, 7, 1)  # districts end: a province's next level is the commune


def level_below(level: str | None, day: dt.date | None) -> str | None:
    """The level that answers a document of ``level`` issued on ``day``."""
    if level == "central":
        return "province"
    if level == "province":
        return "district" if day is not None and day < REFORM else "commune"
    if level == "district":
        return "commune"
    return None


def _summary(r: DirectiveReading) -> str:
    """"về …" as the planner cites it after the number: a letter's V/v is "về việc …"."""
    s = " ".join((r.summary or "").split()).rstrip(".")
    if not s:
        return ""
    low = s[:1].lower() + s[1:]
    if low.startswith(("về ", "v/v ")):
        return low.replace("v/v ", "về việc ", 1)
    return f"về việc {low}" if r.type == "công văn" else f"về {low}"


# task number → the kind of body a clerk says leads it ("" or None: everyone), over what
# was read: the dashboard's editable lead
Leads = dict[str, str | None]


def _kind(value: str | None) -> str | None:
    return value if value in Kind.__members__ else None


def read_lead(t: ReadTask) -> str | None:
    """The kind of body that leads the task as read; None when it goes to everyone."""
    lead = _kind(t.lead_kind) if t.leads and not t.everyone else None
    return lead if len({m.carries for m in t.leads}) == 1 else None


def check_leads(leads: Leads, r: DirectiveReading) -> None:
    """Every override names a task of the document and a kind of body; DirectiveError
    names the first one that does not."""
    numbers = {t.number for t in r.tasks if t.kind == "task"}
    for number, kind in leads.items():
        if number not in numbers:
            raise DirectiveError(f"leads: văn bản không có nhiệm vụ mục {number!r}")
        if kind and not _kind(kind):
            raise DirectiveError(f"leads: mục {number}: {kind!r} không phải loại cơ quan")


def task_fields(t: ReadTask, leads: Leads | None = None) -> dict[str, Any]:
    """A task as the directive YAML writes it: the action after its lead's name when one
    kind leads it, the whole sentence when it goes to everyone."""
    lead = read_lead(t)
    moved = bool(leads) and t.number in leads and _kind(leads[t.number]) != lead
    if moved:  # the clerk's lead; the action read stays the text
        lead = _kind(leads[t.number])
    out: dict[str, Any] = {}
    if lead:
        out["lead"] = lead
        coop = list(dict.fromkeys(k for m in t.cooperating if (k := _kind(m.carries))
                                  and k != lead))
        if coop and t.action and not t.action.lower().startswith("chủ trì"):
            out["cooperate"] = coop
        text = t.action or t.text
        out["text"] = text[:1].lower() + text[1:] if not text[:2].isupper() else text
    else:  # to everyone; a lead the clerk took off leaves its action, not its name
        text = t.action if moved and t.leads and t.action else t.text
        out["text"] = text[:1].upper() + text[1:]
    out["text"] = out["text"].rstrip(" ;,") or t.text
    return out


def directive_data(r: DirectiveReading, *, date: dt.date | None = None,
                   leads: Leads | None = None) -> dict[str, Any]:
    """The directive's fields, in the YAML's order (``leads`` over the leads read)."""
    day = r.date or date
    data: dict[str, Any] = {
        "issuer": r.issuer_id or r.issuer, "type": r.type,
        "number": int(r.number) if r.number and r.number.isdigit() else r.number,
    }
    if r.symbol:
        data["symbol"] = r.symbol
    data["date"] = day.isoformat() if day else None
    data["summary"] = _summary(r)
    follow: dict[str, Any] = {}
    below = level_below(r.issuer_level, day)
    if r.follow_up is not None and below and _kind(r.follow_up.carries):
        follow["kind"] = {below: r.follow_up.carries}
    if r.report_cycle:
        follow["report_cycle"] = r.report_cycle
    if follow:
        data["follow_up"] = follow
    if r.respond_by is not None and day is not None:
        days = r.respond_by.days if r.respond_by.days is not None else (
            (r.respond_by.due - day).days if r.respond_by.due else None)
        if days and days > 0:
            data["deadlines"] = {"days": [days]}
    data["tasks"] = [task_fields(t, leads) for t in r.tasks if t.kind == "task"]
    return data


def to_directive(r: DirectiveReading, *, date: dt.date | None = None,
                 chart: Any = None, leads: Leads | None = None) -> Directive:
    """The planner's directive; DirectiveError says in Vietnamese what is missing."""
    if leads:
        check_leads(leads, r)
    missing = [name for name, v in (("cơ quan ban hành", r.issuer_id), ("loại văn bản", r.type),
                                    ("số", r.number), ("ngày", r.date or date)) if not v]
    if missing:
        raise DirectiveError(f"{r.path}: không đọc được {', '.join(missing)} của văn bản"
                             + (f" ({r.issuer_reason})" if r.issuer_reason else ""))
    data = directive_data(r, date=date, leads=leads)
    if not data["tasks"]:
        raise DirectiveError(f"{r.path}: không tìm thấy nhiệm vụ nào trong văn bản")
    if chart is not None and r.issuer_id:
        body = chart.body(r.issuer_id, r.date or date)
        if body.province:
            data["scope"] = [body.province]
    return parse_directive(data, r.path)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(r: DirectiveReading, *, date: dt.date | None = None) -> str:
    """The directive YAML, each task under a comment saying where it was read."""
    data = directive_data(r, date=date)
    tasks = data.pop("tasks")
    head = [f"# Đọc từ {r.path}: {r.type or 'văn bản'} số {r.number or '…'}"
            + (f"-{r.symbol}" if r.symbol and r.system == "party" else
               f"/{r.symbol}" if r.symbol else "")
            + (f" ngày {r.date:%d/%m/%Y}" if r.date else "") + f" của {r.issuer or '…'}.",
            "# Xem lại từng nhiệm vụ với văn bản gốc trước khi lập kế hoạch:",
            f"#   trienkhai plan {'TỆP.yaml'}", ""]
    out = "\n".join(head) + yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                                      sort_keys=False, width=88)
    out += "\ntasks:\n"
    read = [t for t in r.tasks if t.kind == "task"]
    for t, fields in zip(read, tasks, strict=True):
        who = ", ".join(m.text for m in t.leads) or ("mọi cơ quan, đơn vị" if t.everyone
                                                      else "không nêu")
        out += f"  # mục {t.number} (chủ trì: {who})\n"
        block = yaml.dump([fields], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                          width=88)
        out += "".join(f"  {line}\n" for line in block.splitlines())
    return out
