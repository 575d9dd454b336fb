"""Resolve a Spec against the org chart into a Draft of plain values.

Data flows one way: the chart supplies header chain, symbol, place, posts and the
party office; layout rules then decide how they are written. What the chart does not
state (where a Party body files its copy, which unit drafted a State document, how a
Party title names its author) follows the rules in ``data/issuers.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from cascade import doctypes
from cascade.drafts.context import Draft, IssuerFacts, SignerFacts, capacity
from cascade.drafts.spec import CopySpec, RecipientSpec, SignerSpec, Spec
from cascade.layout.profile import choose_profile, load_profile, with_overrides
from cascade.layout.rules import Copy, signature_block
from orgchart import Body, Chart, UnknownBody
from orgchart.days import today as vn_today
from orgchart.text import key, unmarked

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$")
ISSUERS = Path(__file__).parent / "data" / "issuers.yaml"

_AUTHORITY_ROLE = {"TL": "office_chief", "TUQ": "delegated", "Q": "acting"}


class _Rules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    class _ByKind(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        default: Any
        by_kind: dict[str, Any]

    archive: _ByKind
    drafting_unit: _ByKind
    author: _ByKind


@cache
def issuer_rules() -> _Rules:
    return _Rules.model_validate(yaml.safe_load(ISSUERS.read_text(encoding="utf-8")))


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


# ---------------------------------------------------------------- posts


def _loose(text: str) -> str:
    """A post typed without its marks still names it: "Chu tich", "Giam doc" (within one
    body's few posts no two differ by their marks alone)."""
    return unmarked(key(text)).replace("đ", "d")


class _Post(BaseModel):
    """A post a signer may hold, with the role it signs in and how it is printed."""

    model_config = ConfigDict(frozen=True)

    title: str
    role: str
    holder: str | None = None
    printed: str = ""        # the title as printed, when not ``title`` (GIÁM ĐỐC SỞ NỘI VỤ)


def _posts_of(b: Body) -> list[_Post]:
    return [_Post(title=p.title, role=str(p.role), holder=p.holder) for p in b.posts]


def _candidates(chart: Chart, issuer: Body, authority: str | None,
                on: dt.date) -> list[_Post]:
    """The posts that may sign for ``issuer``: its own; under ``TL`` also its office's
    (T/L BAN THƯỜNG VỤ / CHÁNH VĂN PHÒNG); under ``TUQ`` the heads of the bodies it
    directs (TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ NỘI VỤ)."""
    out = _posts_of(issuer)
    if authority == "TL":
        kind = "party_office" if str(issuer.system) == "party" else "government_office"
        office = chart.counterpart(issuer.id, kind, as_of=on)
        if office is not None and office.id != issuer.id:
            out += [p.model_copy(update={"role": "office_chief"}) for p in _posts_of(office)
                    if p.role == "head"]
    elif authority == "TUQ":
        for b in chart.directed(issuer.id, as_of=on):
            out += [p.model_copy(update={"printed": f"{p.title} {b.display_short}"})
                    for p in _posts_of(b) if p.role in ("head", "deputy")]
    return out


def _match(words: list[str], titles: list[str]) -> tuple[str, int] | None:
    """The longest title that ``words`` start with, tolerant of tone placement, case and
    missing marks (exact keys first), and how many words it takes."""
    for fold in (key, _loose):
        best = None
        for t in titles:
            n = len(t.split())
            if len(words) >= n and fold(" ".join(words[:n])) == fold(t) and (
                    best is None or n > best[1]):
                best = (t, n)
        if best:
            return best
    return None


def _known_titles(chart: Chart, issuer: Body, on: dt.date) -> frozenset[str]:
    """Post titles the chart knows around ``issuer`` (its own, its territory's, its
    superiors', its province's and one unit's of each level below): a signer text
    starting with one of these names a post, not a person, so "Phó Bí thư Thường trực Lò
    Văn Hải" is never read as "Phó Bí thư" signed by "Thường trực Lò Văn Hải"."""
    titles = {p.title for p in issuer.posts}
    if issuer.territory:
        titles |= {p.title for b in chart.bodies(territory=issuer.territory, as_of=on)
                   for p in b.posts}
    if issuer.province:
        titles |= _province_titles(chart, issuer.province)
    for b in chart.ancestors(issuer.id, as_of=on):
        titles |= {p.title for p in b.posts}
    return frozenset(titles)


@lru_cache(maxsize=64)
def _province_titles(chart: Chart, province: str) -> frozenset[str]:
    """The titles of a province's bodies and of one unit of each kind below it (the
    structure repeats from unit to unit), at any date."""
    areas, seen = [province], set()
    queue = [province]
    while queue:
        for u in chart.units(parent=queue.pop()):
            if (str(u.level), u.type) not in seen:
                seen.add((str(u.level), u.type))
                areas.append(u.id)
                queue.append(u.id)
    return frozenset(p.title for area in areas for b in chart.bodies(territory=area)
                     for p in b.posts)


def _signer(chart: Chart, issuer: Body, s: str | SignerSpec, spec: Spec,
            on: dt.date) -> SignerFacts:
    """The signer: a post of the issuer (printed in its correct form, whatever the
    spelling typed), the name (the SPEC's, the rest of a "post name" string, or the
    chart's holder) and the signing capacity; an unknown post is an error naming the
    posts the issuer has."""
    sig = s if isinstance(s, SignerSpec) else SignerSpec(post=s)
    where: tuple[str, ...] = ("signer", "post") if isinstance(s, SignerSpec) else ("signer",)
    choices = {p.printed or p.title: p for p in _candidates(chart, issuer, sig.authority, on)}
    words = sig.post.split()
    hit = _match(words, list(choices))
    if isinstance(s, SignerSpec) and hit and hit[1] != len(words):
        hit = None  # {post: …} is the post alone
    longer = _match(words, sorted(_known_titles(chart, issuer, on)))
    if hit is None or (longer is not None and longer[1] > hit[1]):
        typed = " ".join(words[:longer[1]]) if longer else sig.post
        has = ", ".join(choices) or "(không có)"
        raise spec.error(where, f"chức danh {typed!r} không có ở {issuer.name}; "
                                f"chức danh ký được: {has}")
    post = choices[hit[0]]
    rest = words[hit[1]:]
    name = sig.name or (" ".join(rest) if rest else None) or post.holder
    role = _AUTHORITY_ROLE[sig.authority] if sig.authority else post.role
    return SignerFacts(role=role, title=post.printed or post.title,  # type: ignore[arg-type]
                       name=name, capacity=sig.capacity)


# ---------------------------------------------------------------- issuer facts


def _sentence(caps: str) -> str:
    """``ĐẢNG ỦY`` → ``Đảng ủy``, ``QUÂN ỦY TRUNG ƯƠNG`` → ``Quân ủy Trung ương``."""
    text = unicodedata.normalize("NFC", caps).lower()
    text = text[:1].upper() + text[1:]
    return re.sub(r"\btrung ương\b", "Trung ương", text)


def _without_committee(chart: Chart, b: Body, on: dt.date) -> str:
    """``Ban Tuyên giáo và Dân vận`` for the Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu:
    the body's name without its committee's, as its own archive line writes it."""
    if b.header_parent and chart.has(b.header_parent, on):
        parent = chart.body(b.header_parent, on)
        for suffix in (parent.name, parent.display_short):
            if key(b.name).endswith(" " + key(suffix)):
                return b.name[: len(b.name) - len(suffix)].strip()
    return b.display_short


def _archive(chart: Chart, b: Body, on: dt.date) -> str:
    """Who files a Party body's copy: "Văn phòng Tỉnh ủy", "Văn phòng Đảng ủy", "Ban
    Tuyên giáo và Dân vận" (``data/issuers.yaml``, ``archive``)."""
    r = issuer_rules().archive
    how = r.by_kind.get(str(b.kind), r.default)
    collective = _sentence(b.collective_name or "Đảng ủy")
    if how == "committee_office":
        o = chart.counterpart(b.id, "party_office", as_of=on)
        return o.display_short if o else f"Văn phòng {collective}"
    if how == "own_office":
        return f"Văn phòng {collective}"
    if how == "collective":
        return collective
    return _without_committee(chart, b, on)


def drafting_unit(b: Body) -> str | None:
    """The unit that drafts for a State body when the SPEC names none (``TH`` for a UBND
    tỉnh, ``VP`` for a sở): ``data/issuers.yaml``, ``drafting_unit``. Public so that a
    plan citing a State công văn it has not seen numbers it as the draft will."""
    r = issuer_rules().drafting_unit
    unit = r.by_kind.get(str(b.kind), r.default)
    if isinstance(unit, dict):
        unit = unit.get(str(b.level), r.default)
    return b.symbol if unit == "self" else unit


def _author(b: Body, unit_type: str | None) -> str:
    r = issuer_rules().author
    pattern = r.by_kind.get(str(b.kind), r.default)
    return str(pattern).format(short=b.display_short, level=unit_type or "")


def _issuer_facts(chart: Chart, b: Body, on: dt.date, system: str) -> IssuerFacts:
    head = next((p.title for p in b.posts if str(p.role) == "head"), None)
    unit = chart.unit(b.territory, as_of=on) if b.territory else None
    province = chart.unit(b.province, as_of=on) if b.province else None
    party = system == "party"
    return IssuerFacts(
        header_chain=chart.header_lines(b.id, as_of=on), kind=str(b.kind),
        symbol=b.symbol or "", place=b.place or (unit.name if unit else ""),
        unit_type=unit.type if unit else None, unit_level=str(unit.level) if unit else None,
        province_place=province.name if province else None,
        collective=b.collective_name, head_title=head,
        office=_archive(chart, b, on) if party else None,
        name=b.display_short if party else b.name, author=_author(b, unit.type if unit
                                                                  else None))


# ---------------------------------------------------------------- the date


def _day(chart: Chart, spec: Spec, today: dt.date) -> dt.date:
    """The day the chart is read on: the document's date; for a blank-dated draft of
    ``year``, today within that year, or the last day of that year on which the issuer
    exists (a 2025 draft of a district body that ended on 30/6/2025)."""
    if spec.date:
        return spec.date
    if not spec.year:
        return today
    first, last = dt.date(spec.year, 1, 1), dt.date(spec.year, 12, 31)
    day = min(max(today, first), last)
    try:
        chart.resolve(spec.issuer, as_of=day)
        return day
    except UnknownBody:
        try:
            b = chart.resolve(spec.issuer)
        except UnknownBody:
            raise UnknownBody(spec.issuer, []) from None
        spans = [(max(v.valid_from or first, first), min(v.valid_to or last, last))
                 for v in chart.versions(b.id)]
        inside = [end for start, end in spans if start <= end]
        if not inside:
            raise
        return max(inside)


def resolve(chart: Chart, spec: Spec, *, profile: str | None = None,
            today: dt.date | None = None) -> Draft:
    """A Draft for ``spec``: issuer and recipients looked up as of the document date (a
    blank-dated draft: as of its year).

    Raises ``orgchart.UnknownBody`` (with the nearest names) for unknown bodies and
    ``SpecError`` for what the chart refuses (a post the issuer does not have).
    """
    on = _day(chart, spec, today or vn_today())
    issuer = _must(chart, spec.issuer, on)
    system = str(issuer.system)
    name = profile or choose_profile(system, on)
    prof = with_overrides(load_profile(name), spec.profile_overrides)
    if not doctypes.get(spec.type).issued_by(prof.system):
        raise spec.error(("type",), f"{issuer.name} không ban hành "
                                    f"{doctypes.get(spec.type).word}")
    mark = spec.draft_mark if isinstance(spec.draft_mark, str) else (
        prof.texts.draft_mark if spec.draft_mark else None)
    unit = spec.unit or (drafting_unit(issuer) if prof.system == "state" else None)
    year_in_number = (spec.normative if spec.normative is not None
                      else prof.system == "state"
                      and str(issuer.kind) in doctypes.get(spec.type).number_year)
    draft = Draft(
        profile=prof, doc_type=spec.type,
        issuer=_issuer_facts(chart, issuer, on, prof.system),
        signer=_signer(chart, issuer, spec.signer, spec, on), summary=spec.summary,
        date=spec.date, year=spec.year or on.year, number=spec.number, unit=unit,
        recipients=[_recipient(chart, r, on) for r in spec.recipients],
        copies=[_copy(chart, issuer, c, on) for c in spec.copies_to],
        body=spec.body, grounds=spec.grounds, draft_mark=mark or None,
        authority_line=spec.authority_line, session=spec.session, author=spec.author,
        year_in_number=year_in_number,
    )
    try:  # a capacity or title the profile refuses is the SPEC's mistake: say where
        signature_block(prof, role=draft.signer.role, title=draft.signer.title,
                        collective=draft.issuer.collective, head_title=draft.issuer.head_title,
                        name=draft.signer.name, kind=draft.issuer.kind,
                        capacity=capacity(draft))
    except ValueError as e:
        raise spec.error(("signer",), str(e)) from None
    return draft

