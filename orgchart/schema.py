"""The org chart's vocabulary and records (pydantic v2).

Two layers: the *records* a program reads (Body, Relation, Territory), and the *authoring*
models that validate what people write in YAML (templates and overrides). Expanded bodies
are built from already-validated templates with ``model_construct``: validating 100,000
generated records again would only cost start-up time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Kind(StrEnum):
    """Functional roles that recur at each level; a planner asks for a kind, not a name."""

    central_committee = "central_committee"
    politburo = "politburo"
    secretariat = "secretariat"
    party_organisation = "party_organisation"  # a đảng bộ: appears in headers, issues nothing
    party_committee = "party_committee"
    standing_board = "standing_board"
    propaganda_commission = "propaganda_commission"
    mass_mobilisation_commission = "mass_mobilisation_commission"
    organisation_commission = "organisation_commission"
    inspection_commission = "inspection_commission"
    internal_affairs_commission = "internal_affairs_commission"
    policy_commission = "policy_commission"
    external_relations_commission = "external_relations_commission"
    party_building_commission = "party_building_commission"
    party_office = "party_office"
    party_committee_of_government = "party_committee_of_government"
    party_committee_of_party_agencies = "party_committee_of_party_agencies"
    party_committee_of_police = "party_committee_of_police"
    party_committee_of_military = "party_committee_of_military"
    party_committee_of_bloc = "party_committee_of_bloc"
    party_committee_of_assembly = "party_committee_of_assembly"
    party_committee_of_front = "party_committee_of_front"
    party_delegation = "party_delegation"  # Ban cán sự đảng, Đảng đoàn (ended 2025)
    national_assembly = "national_assembly"
    assembly_standing_committee = "assembly_standing_committee"
    president = "president"
    prime_minister = "prime_minister"
    government = "government"
    ministry = "ministry"
    peoples_council = "peoples_council"
    peoples_council_standing = "peoples_council_standing"
    peoples_committee = "peoples_committee"
    government_office = "government_office"
    department = "department"
    division = "division"  # phòng of a district or commune People's Committee
    public_service_centre = "public_service_centre"
    inspectorate = "inspectorate"
    police = "police"
    military = "military"
    border_guard = "border_guard"
    fatherland_front = "fatherland_front"
    mass_organisation = "mass_organisation"
    court = "court"
    procuracy = "procuracy"
    judgment_enforcement = "judgment_enforcement"
    press = "press"


class System(StrEnum):
    party = "party"
    state = "state"
    front = "front"
    judicial = "judicial"
    armed = "armed"


class Level(StrEnum):
    central = "central"
    province = "province"
    district = "district"
    commune = "commune"
    unit = "unit"


class RelationType(StrEnum):
    directs = "directs"  # lãnh đạo, chỉ đạo: the upper can require
    requests = "requests"  # đề nghị: it cannot command
    reports_to = "reports_to"


class PostRole(StrEnum):
    head = "head"
    deputy = "deputy"
    standing_deputy = "standing_deputy"
    office_chief = "office_chief"


class Post(BaseModel):
    """A signing post: the title as written in sentence case, and who holds it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str = Field(min_length=1)
    holder: str | None = None
    role: PostRole = PostRole.head


class Codes(BaseModel):
    """Official organ codes (QCVN 102:2016/BTTTT; QĐ 20/2020/QĐ-TTg)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    qcvn102: str | None = Field(
        default=None, pattern=r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")
    qd20: str | None = Field(default=None, pattern=r"^[0-9A-Z]+(\.[0-9A-Z]+)*$", max_length=35)


class Dated(BaseModel):
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(
                f"valid_from {self.valid_from} is after valid_to {self.valid_to}"
            )
        return self

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Body(Dated):
    """A body that issues, receives or is assigned work."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1)
    short_name: str | None = None
    kind: Kind
    sector: str | None = None
    system: System
    level: Level
    territory: str | None = None
    province: str | None = None
    issues: bool = True
    header_parent: str | None = None
    header: list[str] = Field(default_factory=list)
    header_as_parent: str | None = None
    symbol: str | None = None
    place: str | None = None
    collective_name: str | None = None
    posts: list[Post] = Field(default_factory=list)
    codes: Codes | None = None
    aliases: list[str] = Field(default_factory=list)

    @property
    def display_short(self) -> str:
        return self.short_name or self.name


class Relation(Dated):
    model_config = ConfigDict(frozen=True, extra="forbid")
    type: RelationType
    source: str
    target: str


class Territory(Dated):
    """A territorial unit: province, pre-2025 district or commune."""

    model_config = ConfigDict(frozen=True)
    id: str
    code: str | None = None
    name: str
    type: str  # tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu
    level: Level
    parent: str | None = None
    province: str | None = None

    @property
    def full_name(self) -> str:
        """'tỉnh Lai Châu', 'xã Bình Lư'; level word capitalised before a number: 'Phường 1'."""
        word = self.type.capitalize() if self.name[:1].isdigit() else self.type
        return f"{word} {self.name}"


# ---- authoring models -------------------------------------------------------------

RELATION_KEYS = ("directs", "requests", "reports_to", "directed_by", "requested_by")


class BodySpec(Dated):
    """A body as written in YAML: a template slot (with {placeholders}) or an explicit body."""

    model_config = ConfigDict(extra="forbid")
    slot: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    short_name: str | None = None
    kind: Kind
    sector: str | None = None
    system: System
    level: Level | None = None
    issues: bool = True
    header_parent: str | None = None
    header: list[str] | None = None
    header_as_parent: str | None = None
    symbol: str | None = None
    place: str | None = None
    collective_name: str | None = None
    posts: list[Post] = Field(default_factory=list)
    codes: Codes | None = None
    aliases: list[str] = Field(default_factory=list)
    when: dict[str, list[str]] | None = None
    directs: list[str] = Field(default_factory=list)
    requests: list[str] = Field(default_factory=list)
    reports_to: list[str] = Field(default_factory=list)
    directed_by: list[str] = Field(default_factory=list)
    requested_by: list[str] = Field(default_factory=list)

    @field_validator("when")
    @classmethod
    def _known_conditions(cls, v: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        if v:
            unknown = set(v) - {"type", "not_type"}
            if unknown:
                raise ValueError(f"unknown condition {sorted(unknown)}; use type or not_type")
        return v


class RelationSpec(Dated):
    model_config = ConfigDict(extra="forbid")
    type: RelationType
    source: str
    target: str


class UnitOverride(BaseModel):
    """Per-unit changes to what the templates produce."""

    model_config = ConfigDict(extra="forbid")
    place: str | None = None
    set: dict[str, dict] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    add: list[dict] = Field(default_factory=list)  # body specs, compiled like template slots
