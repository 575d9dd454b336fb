"""Turn a resolved draft (plain values) into the template context.

All decisions are made by ``cascade.layout`` rules; this module only assembles their
results and escapes every string once, so templates never see raw user text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cascade import doctypes
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
    province_place: str | None = None
    collective: str | None = None      # T/M … text; None for a head-run body
    head_title: str | None = None      # the head's post, for KT./K/T lines
    office: str | None = None          # Party archive: "Văn phòng Tỉnh ủy"
    authority: str | None = None       # quyết định: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"


class SignerFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Role
    title: str
    name: str | None = None


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


def build_context(d: Draft) -> dict[str, Any]:
    """The escaped context for the docxtpl templates (see templates/build_templates.py)."""
    p, i = d.profile, d.issuer
    place = rules.place_name(p, i.place, i.unit_type, i.province_place)
    form = doctypes.get(d.doc_type).form
    recipients = d.recipients if form != "decision" else []
    kinh_gui = rules.kinh_gui(p, d.doc_type, recipients)
    blocks = close_body(p, number_body(p, d.body))
    articles = count_articles(d.body)
    header = rules.header_lines(p, i.header_chain, i.kind)
    cv, qd = form == "letter", form == "decision"
    ctx: dict[str, Any] = {
        "header_left": [line.model_dump() for line in header],
        "national_title": p.texts.national_title,
        "motto": p.texts.motto or "",
        "number_line": rules.number_line(p, d.doc_type, i.symbol, d.number, d.unit),
        "draft_mark": d.draft_mark or "",
        "date_line": rules.fit(p, rules.date_line(p, place, d.date, d.year), "date", "right"),
        "cv_summary": rules.summary_text(p, d.doc_type, d.summary) if cv else "",
        "title": "" if cv else p.type_title(d.doc_type),
        "summary": "" if cv else rules.summary_text(p, d.doc_type, d.summary),
        "title_rule": "" if cv else (p.texts.title_rule or ""),
        "authority_line": upper_vi(i.authority or "") if qd else "",
        "grounds": rules.grounds(p, d.grounds) if qd and d.grounds else [],
        "decision_word": p.texts.decision_word if qd else "",
        "kinh_gui": [line.model_dump() for line in kinh_gui],
        "blocks": [b.model_dump() for b in blocks],
        "noi_nhan_label": p.noi_nhan.label,
        "noi_nhan": rules.noi_nhan(p, d.doc_type, d.copies, has_kinh_gui=bool(kinh_gui),
                                   unit=d.unit, office=i.office,
                                   last_article=articles or None),
        "signature": [line.model_dump() for line in rules.signature_block(
            p, role=d.signer.role, title=d.signer.title, collective=_signing_collective(d),
            head_title=i.head_title, name=d.signer.name, kind=i.kind)],
    }
    return escape_tree(ctx)


def _signing_collective(d: Draft) -> str | None:
    """The collective a signer acts for, or None when the head signs in own authority.

    A quyết định whose authority line names the head (``CHỦ TỊCH ỦY BAN NHÂN DÂN …``) is
    signed ``CHỦ TỊCH`` / ``KT. CHỦ TỊCH``, not ``TM. ỦY BAN NHÂN DÂN``.
    """
    i = d.issuer
    if (doctypes.get(d.doc_type).form == "decision" and i.head_title and i.authority
            and upper_vi(i.authority).startswith(upper_vi(i.head_title) + " ")):
        return None
    return i.collective


def document_title(d: Draft) -> str:
    """Core-properties title: the type name and the summary, as a clerk would file it."""
    return " ".join(clean_text(f"{doctypes.name(d.doc_type)} "
                               f"{d.summary}").split())
