"""The document types (``cascade/data/doc_types.yaml``): names, codes, form, Kính gửi.

One vocabulary for every part that names or codes a type — the planner's rules, the
SPEC, the layout profiles and templates, the citation parser, the dashboard — so that
adding a type or correcting a code is one line of data. Codes are dated where a
guidance changed them (a Party quy định was ``QĐi`` until Quy định 399-QĐ/TW).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from orgchart.text import key, upper_vi

DATA = Path(__file__).parent / "data" / "doc_types.yaml"

System = Literal["party", "state"]
Form = Literal["letter", "titled", "decision"]
KinhGui = Literal["always", "upward", "never"]
Capacity = Literal["own", "on_behalf", "deputy"]
AuthorityLine = Literal["signer", "collective"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatedCode(_Frozen):
    """A type code valid from ``from_`` to ``until`` (both inclusive, open when None)."""

    code: str
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None

    def covers(self, on: dt.date | None) -> bool:
        if on is None:
            return self.until is None  # undated: the code in force today
        return (self.from_ is None or on >= self.from_) and (self.until is None
                                                             or on <= self.until)


def _dated(v: object) -> tuple[DatedCode, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (DatedCode(code=v),)
    return tuple(DatedCode.model_validate(x) for x in v)  # type: ignore[union-attr]


class DocType(_Frozen):
    """One document type; see the header of ``doc_types.yaml`` for the fields."""

    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    aliases: tuple[str, ...] = ()
    party: tuple[DatedCode, ...] = ()
    state: tuple[DatedCode, ...] = ()
    form_: Form | dict[System, Form] = Field(alias="form")
    kinh_gui: KinhGui
    draft: bool = False
    sections: tuple[str, ...] = ()
    decision_word: str = "QUYẾT ĐỊNH"
    authority_line: AuthorityLine = "collective"
    author: bool = False
    capacity: dict[str, Capacity] = Field(default_factory=dict)
    number_year: tuple[str, ...] = ()
    summary_prefix: dict[System, str] = Field(default_factory=dict)

    @field_validator("party", "state", mode="before")
    @classmethod
    def _codes(cls, v: object) -> tuple[DatedCode, ...]:
        return _dated(v)

    def form(self, system: System = "state") -> Form:
        """How a document of this type is built in ``system``: a Party nghị quyết is a
        titled document in sections, a State one a decision (căn cứ, QUYẾT NGHỊ:, Điều)."""
        return self.form_ if isinstance(self.form_, str) else self.form_[system]

    def forms(self) -> set[Form]:
        return {self.form_} if isinstance(self.form_, str) else set(self.form_.values())

    @property
    def word(self) -> str:
        """The type as the parser reads it and a sentence writes it after a capital:
        ``kế hoạch``."""
        return self.name.lower()

    @property
    def words(self) -> tuple[str, ...]:
        return (self.word, *self.aliases)

    @property
    def title(self) -> str:
        """The title line of a titled document: ``KẾ HOẠCH``."""
        return upper_vi(self.name)

    def codes(self, system: System) -> tuple[DatedCode, ...]:
        return self.party if system == "party" else self.state

    def code(self, system: System, on: dt.date | None = None) -> str | None:
        """The code in a ``system`` symbol of a document dated ``on`` (None: today's);
        None where that system writes no code (a State công văn) or has no such type."""
        for c in self.codes(system):
            if c.covers(on):
                return c.code
        return None

    def issued_by(self, system: System) -> bool:
        """Whether bodies of ``system`` issue this type at all (a Party công văn has a
        code, a State one has none but exists: only a type with neither is foreign)."""
        if self.codes(system):
            return True
        return system == "state" and self.id in ("cong_van", "van_ban")


class _File(_Frozen):
    types: tuple[DocType, ...]


@cache
def all_types() -> tuple[DocType, ...]:
    """Every type, in the order of the data file."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    types = _File.model_validate(data).types
    seen: dict[str, str] = {}
    for t in types:
        for w in (t.id, *t.words):
            k = key(w)
            if k in seen:
                raise ValueError(f"{DATA}: {w!r} names both {seen[k]} and {t.id}")
            seen[k] = t.id
    return types


@cache
def _by_key() -> dict[str, DocType]:
    out: dict[str, DocType] = {}
    for t in all_types():
        for w in (t.id, *t.words):
            out.setdefault(key(w), t)
    return out


def find(text: str) -> DocType | None:
    """The type named by ``text``: its id (``ke_hoach``), its name or an alias, in any
    case, with or without tone-placement variants (``Kế hoạch``, ``ke-hoach``)."""
    k = key(text.strip().replace("-", "_"))
    return _by_key().get(k) or _by_key().get(key(text.strip()))


def get(type_id: str) -> DocType:
    """The type with id ``type_id``; KeyError naming the known ids otherwise."""
    for t in all_types():
        if t.id == type_id:
            return t
    raise KeyError(f"loại văn bản không có: {type_id!r}; có: {', '.join(ids())}")


def ids() -> tuple[str, ...]:
    return tuple(t.id for t in all_types())


def draft_ids() -> tuple[str, ...]:
    """The types trienkhai drafts: a template exists for each in every profile."""
    return tuple(t.id for t in all_types() if t.draft)


def name(type_id: str) -> str:
    """``Kế hoạch`` for ``ke_hoach``; the id itself when unknown (stored rows of old
    versions), so a label never fails a page."""
    try:
        return get(type_id).name
    except KeyError:
        return type_id


@cache
def by_code(system: System) -> dict[str, DocType]:
    """Code in a ``system`` symbol → type, every dated code included (``QĐi`` and ``QĐ``
    both read a Party quy định; a code two types share keeps the first, so a Party
    ``QĐ`` is a quyết định unless the date says otherwise: see ``from_code``)."""
    out: dict[str, DocType] = {}
    for t in all_types():
        for c in t.codes(system):
            out.setdefault(c.code, t)
    return out


def from_code(system: System, code: str, on: dt.date | None = None) -> list[DocType]:
    """Every type whose ``system`` code on ``on`` is ``code`` (undated: any period), in
    data order: a Party ``QĐ`` of 2026 may be a quyết định or a quy định."""
    return [t for t in all_types()
            if any(c.code == code and (on is None or c.covers(on)) for c in t.codes(system))]

