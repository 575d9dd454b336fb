"""Cascade rules as data: who answers which document, with what, addressed to whom.

The table lives in ``cascade/data/rules.yaml`` (its header explains every key); a
province's own practice is a YAML file given in its place. Every rule in force that
fits a body and answers a document that reached it gives that body one document (a
commune BTV's kế hoạch for the Tỉnh ủy's letter and its hướng dẫn for the commission's),
unless another rule that fits names it in ``replaces``: no rule is shadowed silently, and
``explain`` says for one body which rules fitted, which won and why the others did not.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from cascade import doctypes
from cascade.directive import DirectiveError, read_yaml, validation_messages
from orgchart import Body, Kind, Level

DEFAULT_RULES = Path(__file__).parent / "data" / "rules.yaml"
Purpose = Literal["report", "follow", "direct", "implement", "info"]


class RulesError(DirectiveError):
    """A rules file that cannot be used (unknown key, kind, type …)."""


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _kinds(v: list[str]) -> list[str]:
    bad = [k for k in v if k not in Kind.__members__]
    if bad:
        raise ValueError(f"loại cơ quan không có trong sơ đồ tổ chức: {', '.join(bad)}")
    return v


def _drafted(v: str) -> str:
    """A type the planner can have a body issue: one trienkhai drafts."""
    if v not in doctypes.draft_ids():
        raise ValueError(f"loại văn bản không soạn được: {v!r}; dùng: "
                         f"{', '.join(doctypes.draft_ids())}")
    return v


class Match(_M):
    """A body (or a parent document's issuer) by kind and level."""

    kind: str | None = None
    level: Level | None = None
    doc_type: str | None = None  # only in ``answers``: the parent's type, or "directive"

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str | None) -> str | None:
        return None if v is None else _kinds([v])[0]

    @field_validator("doc_type")
    @classmethod
    def _parent_type(cls, v: str | None) -> str | None:
        return v if v in (None, "directive") else _drafted(v)

    def fits(self, kind: str, level: str, doc_type: str | None = None) -> bool:
        return ((self.kind is None or self.kind == kind)
                and (self.level is None or self.level == level)
                and (self.doc_type is None or self.doc_type == doc_type))


class CopyRule(_M):
    kind: str
    purpose: Purpose = "info"

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _kinds([v])[0]


class Rule(_M):
    id: str
    body: Match
    answers: list[Match] = Field(min_length=1)
    doc_type: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    unit: str | None = None
    summary: str = Field(min_length=1)
    verb: str = "yêu cầu"
    signer: str
    address: list[str] = Field(default_factory=list)
    request: list[str] = Field(default_factory=list)
    follow_up: list[str] = Field(default_factory=list)
    copies: list[CopyRule] = Field(default_factory=list)
    leads_territory: bool = False  # a committee: tasks reach bodies its organisations lead
    beside: list[str] = Field(default_factory=list)  # …and these kinds in its territory
    replaces: list[str] = Field(default_factory=list)  # rule ids it stands in for

    @field_validator("doc_type")
    @classmethod
    def _type(cls, v: str) -> str:
        return _drafted(v)

    @field_validator("address", "request", "follow_up", "beside")
    @classmethod
    def _k(cls, v: list[str]) -> list[str]:
        return _kinds(v)

    def valid_on(self, day: dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))


class Rules(_M):
    deadline_days: list[int] = Field(min_length=1)
    # Party organisations that lead a State or judicial body ("lãnh đạo, chỉ đạo", §6)
    leading_organisations: list[str] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    # body kind → the rules whose ``body`` may fit it (a national plan asks ~25,000 times)
    _by_kind: dict[str, tuple[Rule, ...]] = PrivateAttr(default_factory=dict)

    @field_validator("leading_organisations")
    @classmethod
    def _lead_kinds(cls, v: list[str]) -> list[str]:
        return _kinds(v)

    def on(self, day: dt.date) -> list[Rule]:
        """The rules in force on ``day``, in table order."""
        return [r for r in self.rules if r.valid_on(day)]

    def may_respond(self, body: Body, day: dt.date) -> bool:
        return any(r.body.fits(body.kind, body.level) for r in self.on(day))

    def choose(self, body: Body, parents: list[tuple[str, str, str]],
               day: dt.date) -> list[tuple[Rule, list[int]]]:
        """Every rule that gives ``body`` a document: in force, fitting it, answering some
        of ``parents`` (kind, level, type; their indexes returned) and not replaced by
        another such rule. In table order; empty: the body does not respond."""
        fit = self._by_kind.get(body.kind)
        if fit is None:
            fit = self._by_kind[body.kind] = tuple(
                r for r in self.rules if r.body.kind in (None, body.kind))
        hits = []
        for r in fit:
            if r.body.fits(body.kind, body.level) and r.valid_on(day):
                hit = [i for i, (k, lv, t) in enumerate(parents)
                       if any(a.fits(k, lv, t) for a in r.answers)]
                if hit:
                    hits.append((r, hit))
        if len(hits) > 1:  # the same decision as explain(), without its wording
            gone = {x for r, _ in hits for x in r.replaces}
            hits = [(r, hit) for r, hit in hits if r.id not in gone]
        return hits

    def explain(self, body: Body, parents: list[tuple[str, str, str]], day: dt.date
                ) -> list[tuple[Rule, list[int], str | None]]:
        """Each rule whose ``body`` fits, with the parents it answers and why it gives no
        document (None: it does), in Vietnamese: for ``trienkhai plan --explain``."""
        fit = [r for r in self.rules if r.body.fits(body.kind, body.level)]
        rows: list[tuple[Rule, list[int], str | None]] = []
        for r in fit:
            hit = [i for i, (k, lv, t) in enumerate(parents)
                   if any(a.fits(k, lv, t) for a in r.answers)]
            why = None if r.valid_on(day) else f"không có hiệu lực ngày {day:%d/%m/%Y}"
            if why is None and not hit:
                why = "không có văn bản cấp trên nào gửi đến khớp với answers"
            rows.append((r, hit, why))
        for i, (r, hit, why) in enumerate(rows):
            by = [x.id for x, _, w in rows if w is None and r.id in x.replaces]
            if why is None and by:
                rows[i] = (r, hit, f"được thay bằng quy tắc {', '.join(by)}")
        return rows

    def deadline_offset(self, generation: int, override: list[int] | None = None) -> int:
        days = override or self.deadline_days
        return days[min(generation, len(days)) - 1]


def load_rules(path: Path | None = None) -> Rules:
    """The bundled rules, or a file in their place; errors name file, line and field."""
    return _load(Path(path) if path else DEFAULT_RULES)


@cache
def _load(path: Path) -> Rules:
    try:
        data, tree = read_yaml(path)
    except DirectiveError as exc:
        raise RulesError(str(exc)) from None
    if not isinstance(data, dict):
        raise RulesError(f"{path}: tệp quy tắc phải là một bảng khóa: giá trị")
    try:
        rules = Rules.model_validate(data)
    except ValidationError as exc:
        raise RulesError(validation_messages(exc, str(path), tree)) from None
    seen: set[str] = set()
    for i, r in enumerate(rules.rules):
        if r.id in seen:
            raise RulesError(f"{path}: trường rules.{i}.id: mã quy tắc trùng: {r.id!r}")
        seen.add(r.id)
    for i, r in enumerate(rules.rules):
        unknown = [x for x in r.replaces if x not in seen or x == r.id]
        if unknown:
            raise RulesError(f"{path}: trường rules.{i}.replaces: không có quy tắc "
                             f"{', '.join(map(repr, unknown))} để thay")
    return rules
