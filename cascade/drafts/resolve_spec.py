"""Resolve a Spec against the org chart into a Draft of plain values.

Data flows one way: the chart supplies header chain, symbol, place, posts and the
party office; layout rules then decide how they are written.
"""

from __future__ import annotations

import datetime as dt
import re

from cascade.drafts.context import Draft, IssuerFacts, SignerFacts
from cascade.drafts.spec import CopySpec, RecipientSpec, SignerSpec, Spec
from cascade.layout.profile import choose_profile, load_profile, with_overrides
from cascade.layout.rules import Copy
from orgchart import Body, Chart
from orgchart.days import today as vn_today
from orgchart.text import key, upper_vi

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$")

# Role of a post title when the chart does not list the post (first match wins).
_ROLE_BY_TITLE = (("chánh văn phòng", "office_chief"), ("phó", "deputy"))
_AUTHORITY_ROLE = {"TL": "office_chief", "TUQ": "delegated", "Q": "acting"}


def _must(chart: Chart, query: str, on: dt.date) -> Body:
    """The body, or UnknownBody naming the nearest bodies (by id when an id was given)."""
    return chart.resolve(query, as_of=on)


def _recipient(chart: Chart, r: str | RecipientSpec, on: dt.date) -> str:
    """Kính gửi text: a body id prints the body's full name, other text as typed."""
    if isinstance(r, RecipientSpec):
        return r.text or _must(chart, r.body, on).name
    return _must(chart, r, on).name if _ID.match(r) else r


def _copy(chart: Chart, issuer: Body, c: str | CopySpec, on: dt.date) -> Copy:
    """Nơi nhận item; a body above the issuer gets the report note unless one is given."""
    spec = c if isinstance(c, CopySpec) else CopySpec(to=c)
    b = _must(chart, spec.to, on) if spec.body or _ID.match(spec.to) else None
    text = b.display_short if b and _ID.match(spec.to) else spec.to
    purpose = spec.purpose
    if purpose is None and b is not None:
        above = {x.id for x in chart.ancestors(issuer.id, as_of=on)}
        purpose = "report" if b.id in above else None
    return Copy(text=text, purpose=None if spec.note else purpose, note=spec.note)


def _signer(issuer: Body, s: str | SignerSpec) -> SignerFacts:
    spec = s if isinstance(s, SignerSpec) else SignerSpec(post=s)
    words = spec.post.split()
    post, rest = None, words
    for p in sorted(issuer.posts, key=lambda p: -len(p.title.split())):
        n = len(p.title.split())
        if key(" ".join(words[:n])) == key(p.title):
            post, rest = p, words[n:]
            break
    title = post.title if post else spec.post
    name = spec.name or (" ".join(rest) if post and rest else None) or (post.holder if post
                                                                       else None)
    if spec.authority:
        role = _AUTHORITY_ROLE[spec.authority]
    elif post is not None:
        role = str(post.role)
    else:
        role = next((r for w, r in _ROLE_BY_TITLE if key(title).startswith(key(w))), "head")
    return SignerFacts(role=role, title=title, name=name)  # type: ignore[arg-type]


def _issuer_facts(chart: Chart, b: Body, on: dt.date, system: str,
                  authority: str | None) -> IssuerFacts:
    head = next((p.title for p in b.posts if str(p.role) == "head"), None)
    unit = chart.unit(b.territory, as_of=on) if b.territory else None
    province = chart.unit(b.province, as_of=on) if b.province else None
    office = None
    if system == "party":
        o = chart.counterpart(b.id, "party_office", as_of=on)
        office = o.display_short if o else None
    if authority is None:
        authority = b.name if system == "party" else f"{head or ''} {b.name}"
    return IssuerFacts(
        header_chain=chart.header_lines(b.id, as_of=on), kind=str(b.kind),
        symbol=b.symbol or "", place=b.place or (unit.name if unit else ""),
        unit_type=unit.type if unit else None, province_place=province.name if province else None,
        collective=b.collective_name, head_title=head, office=office,
        authority=upper_vi(authority.strip()))


def resolve(chart: Chart, spec: Spec, *, profile: str | None = None,
            today: dt.date | None = None) -> Draft:
    """A Draft for ``spec``: issuer and recipients looked up as of the document date.

    Raises ``orgchart.UnknownBody`` (with the nearest names) for unknown bodies.
    """
    on = spec.date or today or vn_today()
    issuer = _must(chart, spec.issuer, on)
    system = str(issuer.system)
    name = profile or choose_profile(system, on)
    prof = with_overrides(load_profile(name), spec.profile_overrides)
    mark = spec.draft_mark if isinstance(spec.draft_mark, str) else (
        prof.texts.draft_mark if spec.draft_mark else None)
    return Draft(
        profile=prof, doc_type=spec.type,
        issuer=_issuer_facts(chart, issuer, on, prof.system, spec.authority),
        signer=_signer(issuer, spec.signer), summary=spec.summary, date=spec.date,
        year=spec.year or on.year, number=spec.number, unit=spec.unit,
        recipients=[_recipient(chart, r, on) for r in spec.recipients],
        copies=[_copy(chart, issuer, c, on) for c in spec.copies_to],
        body=spec.body, grounds=spec.grounds, draft_mark=mark or None,
    )
