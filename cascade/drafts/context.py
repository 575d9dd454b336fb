"""Turn a resolved draft (plain values) into the template context.

All decisions are made by ``cascade.layout`` rules; this module only assembles their
results and escapes every string once, so templates never see raw user text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cascade import doctypes
from cascade.doctypes import Capacity
from cascade.layout import rules
from cascade.layout.body import Node, close_body, count_articles, number_body
from cascade.layout.escape import clean_text, escape_tree
from cascade.layout.profile import Profile, Role
from orgchart.text import upper_vi


class IssuerFacts(BaseModel):
    """What the layout needs to know about the issuing body (from the chart)."""

    model_config = ConfigDict(frozen=True)

    header_chain: list[str]
    kind: str
    symbol: str
    place: str
    unit_type: str | None = None
    unit_level: str | None = None      # commune, district, province (the place's level)
    province_place: str | None = None
    collective: str | None = None      # T/M … text; None for a head-run body
    head_title: str | None = None      # the head's post, for KT./K/T lines
    office: str | None = None          # Party archive: "Văn phòng Tỉnh ủy"
    name: str = ""                     # a decision's authority line: "Ủy ban nhân dân tỉnh …"
    author: str | None = None          # a Party title's author: "Ban Thường vụ Tỉnh ủy"


class SignerFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Role
    title: str
    name: str | None = None
    capacity: Capacity | None = None   # None: the body's own style (TM. when collective)


class Draft(BaseModel):
    """A document ready to lay out: every value resolved, nothing looked up."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    profile: Profile
    doc_type: str
    issuer: IssuerFacts
    signer: SignerFacts
    summary: str
    date: dt.date | None = None
    year: int
    number: int | str | None = None
    unit: str | None = None
    recipients: list[str] = Field(default_factory=list)
    copies: list[rules.Copy] = Field(default_factory=list)
    body: list[Node] = Field(default_factory=list)
    grounds: list[str] = Field(default_factory=list)
    draft_mark: str | None = None
    authority_line: str | None = None  # the SPEC's own, instead of the chart's
    session: str | None = None         # HĐND: "Khóa XV, Kỳ họp thứ 10"
    author: str | None = None          # the SPEC's own author line
    year_in_number: bool = False       # Số: 12/2026/NQ-HĐND


def capacity(d: Draft) -> Capacity:
    """How the signer signs: the SPEC's capacity, else the type's default for this kind
    of issuer (a UBND's quyết định is its Chủ tịch's), else the body's style."""
    t = doctypes.get(d.doc_type)
    return (d.signer.capacity or t.capacity.get(d.issuer.kind)
            or ("on_behalf" if d.issuer.collective else "own"))


def authority_lines(d: Draft) -> list[str]:
    """A decision's authority lines: the body (``HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU``) or,
    when the head decides in own capacity, the head (``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``);
    then an HĐND's session (``KHÓA XV, KỲ HỌP THỨ 10``)."""
    i, t = d.issuer, doctypes.get(d.doc_type)
    if d.authority_line:
        line = d.authority_line
    elif t.authority_line == "signer" and capacity(d) != "on_behalf" and i.head_title:
        line = f"{i.head_title} {i.name}"
    else:
        line = i.name
    return [upper_vi(" ".join(x.split())) for x in (line, d.session) if x and x.strip()]


def build_context(d: Draft) -> dict[str, Any]:
    """The escaped context for the docxtpl templates (see templates/build_templates.py)."""
    p, i = d.profile, d.issuer
    place = rules.place_name(p, i.place, i.unit_type, i.province_place, i.unit_level)
    form = p.form(d.doc_type)
    recipients = d.recipients if form != "decision" else []
    kinh_gui = rules.kinh_gui(p, d.doc_type, recipients)
    blocks = close_body(p, number_body(p, d.body))
    articles = count_articles(d.body)
    header = rules.header_lines(p, i.header_chain, i.kind)
    cv, qd = form == "letter", form == "decision"
    ctx: dict[str, Any] = {
        "header_left": [line.model_dump() for line in header],
        "issuer_rule": rules.issuer_rule_mm(p, header),
        "national_title": p.texts.national_title,
        "motto": p.texts.motto or "",
        "number_line": rules.number_line(p, d.doc_type, i.symbol, d.number, d.unit,
                                         on=d.date or dt.date(d.year, 12, 31),
                                         year=d.year if d.year_in_number else None),
        "draft_mark": d.draft_mark or "",
        "date_line": rules.fitted_date_line(p, place, d.date, d.year),
        "cv_summary": rules.summary_text(p, d.doc_type, d.summary) if cv else "",
        "title": "" if cv else rules.title_text(p, d.doc_type, d.author or i.author),
        "summary": "" if cv else rules.summary_text(p, d.doc_type, d.summary),
        "title_rule": "" if cv else (p.texts.title_rule or ""),
        "authority_line": "\n".join(authority_lines(d)) if qd else "",
        "grounds": rules.grounds(p, d.grounds) if qd and d.grounds else [],
        "decision_word": rules.decision_word(p, d.doc_type) if qd else "",
        "kinh_gui": [line.model_dump() for line in kinh_gui],
        "blocks": [b.model_dump() for b in blocks],
        "noi_nhan_label": p.noi_nhan.label,
        "noi_nhan": rules.noi_nhan(p, d.doc_type, d.copies, has_kinh_gui=bool(kinh_gui),
                                   unit=d.unit, office=i.office,
                                   last_article=articles or None),
        "signature": [line.model_dump() for line in rules.signature_block(
            p, role=d.signer.role, title=d.signer.title, collective=i.collective,
            head_title=i.head_title, name=d.signer.name, kind=i.kind,
            capacity=capacity(d))],
    }
    return escape_tree(ctx)


def document_title(d: Draft) -> str:
    """Core-properties title: the type name and the summary, as a clerk would file it."""
    return " ".join(clean_text(f"{doctypes.name(d.doc_type)} "
                               f"{d.summary}").split())
