"""Layout profiles as data: one YAML file per profile, validated into a frozen model.

The YAML files in ``profiles/`` are the single source of truth for page setup, run
formatting, number/date patterns, authority words and list punctuation. A profile may
``extends`` another and list only its differences (hd05 over hd36), so the known
differences between two guidances stay visible as data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from cascade import doctypes

PROFILE_DIR = Path(__file__).parent / "profiles"

# The types drafted in every profile, from the one vocabulary (cascade/data/doc_types.yaml).
DOC_TYPES: tuple[str, ...] = doctypes.draft_ids()

Role = Literal["head", "deputy", "standing_deputy", "office_chief", "delegated", "acting"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(_Frozen):
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_distance_mm: float
    font: str

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


class Geometry(_Frozen):
    header_left_mm: float
    # how far a header name below the first line may run into the gutter on each side,
    # when it would otherwise break inside a word (0: never)
    header_overhang_mm: float = 0
    signature_left_mm: float
    # The rule under a State issuer: 1/3 to 1/2 of the issuer name's width (NĐ 30), drawn
    # in steps between the shortest and the longest (0: none; the Party prints "*")
    issuer_rule_mm: float
    issuer_rule_min_mm: float = 8
    issuer_rule_step_mm: float = 2
    issuer_rule_ratio: tuple[float, float] = (1 / 3, 1 / 2)
    national_rule_mm: float
    summary_rule_mm: float

    def issuer_rules_mm(self) -> tuple[int, ...]:
        """The rule lengths a template can draw, one paragraph each (whole mm)."""
        if not self.issuer_rule_mm:
            return ()
        out, mm = [], self.issuer_rule_min_mm
        while mm <= self.issuer_rule_mm + 1e-9:
            out.append(round(mm))
            mm += self.issuer_rule_step_mm
        return tuple(out)


class Component(_Frozen):
    """Formatting of one component: run properties plus paragraph properties."""

    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: Literal["left", "center", "right", "justify"] = "left"
    indent_first_mm: float = 0
    indent_left_mm: float = 0
    space_before_pt: float = 0
    space_after_pt: float = 0
    line_pt: float | None = None
    line_multiple: float | None = None


COMPONENTS = (
    "header_parent", "header_issuer", "national_title", "motto", "number", "cv_summary",
    "draft_mark", "date", "title", "summary", "authority", "grounds", "decision_word",
    "kinh_gui_label", "kinh_gui_item", "chapter", "section", "heading", "subheading", "body",
    "article_label", "article_text", "sig_prefix", "sig_title", "sig_name", "noi_nhan_label",
    "noi_nhan_item", "page_number",
)


class Texts(_Frozen):
    national_title: str
    motto: str | None
    issuer_mark: str | None
    title_rule: str | None
    decision_word: str         # "{word}:" around the type's word (QUYẾT ĐỊNH, QUYẾT NGHỊ)
    author: str | None         # Party title's author line, "CỦA {author}"; None: not printed
    draft_mark: str


class NumberRule(_Frozen):
    pattern: str
    pattern_year: str | None   # a legal normative document: "Số: 12/2026/NQ-HĐND"
    cv_pattern: str
    cv_pattern_no_unit: str
    width: int
    blank: str


# When the place before the date keeps its unit's level word (format-rules §5):
#   number      a name that is a number (Phường 1)
#   person      a name after a person or a historical event (Xã Lê Lợi, Phường Điện
#               Biên Phủ): cascade/layout/data/named_after.yaml
#   one_syllable                 hd05: Thành phố Huế, Phường Vinh
#   commune_named_as_province    hd05: a commune named as its province (Phường Phú Thọ)
LevelWordCase = Literal["number", "person", "one_syllable", "commune_named_as_province"]


class DateRule(_Frozen):
    pattern: str
    pad_day_below: int
    pad_month_below: int
    blank_day: str
    blank_month: str
    blank_min: int             # a blank may shrink to this many spaces so the line fits
    level_word_for: list[LevelWordCase]


class SummaryRule(_Frozen):
    cv_prefix: str
    cv_case: Literal["upper_first", "lower_first", "keep"]
    doc_case: Literal["upper_first", "lower_first", "keep"]
    decision_prefix: str


class ListRule(_Frozen):
    label: str
    item_prefix: str
    separator: str
    last: str
    # other separators the governing text lets a document use (hd36 Kính gửi: "," or ";")
    also_separators: list[str] = Field(default_factory=list)


class KinhGuiRule(ListRule):
    label_to_trinh: str


class Authority(_Frozen):
    collective: str
    deputy: str
    office: str
    delegated: str | None
    acting: str


SigLine = tuple[Literal["prefix", "title"], str]


class SignatureRule(_Frozen):
    collective: dict[str, list[SigLine]]
    head_run: dict[str, list[SigLine]]
    titles_under_collective: list[str] | None
    title_reductions: dict[str, str]
    no_title_kinds: list[str]
    # a deputy may sign KT. for the head of a collective body (KT. CHỦ TỊCH); a Party
    # committee has no K/T: its deputy signs T/M (format-rules §9)
    deputy_for_collective_head: bool


class NoiNhanRule(ListRule):
    same_as_above: str
    same_as_article: str
    same_as_above_types: list[str]
    same_as_article_types: list[str]
    archive: str
    archive_no_unit: str
    purposes: dict[str, str]


class GroundsRule(_Frozen):
    """Căn cứ lines of a quyết định: ``Căn cứ …;`` (State, italic) or ``- Căn cứ …;``."""

    item_prefix: str
    separator: str
    last: str


class NumberingRule(_Frozen):
    chapter: str
    section: str
    levels: list[str]
    bullet: str
    article: str
    section_upper: bool
    strip_heading_stop: bool


class HeaderRule(_Frozen):
    wrapped_name_kinds: list[str]


class CheckRule(_Frozen):
    """What the governing text allows around the drafter's own values, for checking a
    document someone else laid out (``cascade.check``): NĐ 30 gives sizes and margins as
    ranges ("cỡ chữ từ 13 đến 14"); a component not in ``sizes`` must have exactly its
    component's size. The drafter's values always lie inside these ranges (tested)."""

    margins_mm: dict[Literal["top", "bottom", "left", "right"], tuple[float, float]]
    sizes: dict[str, tuple[float, float]] = Field(default_factory=dict)
    indent_first_mm: tuple[float, float]     # the body's first-line indent
    paragraph_gap_pt: float                  # at least this much between body paragraphs
    line_multiple: tuple[float, float] | None = None   # proportional spacing (State)
    line_pt: tuple[float, float] | None = None         # exact spacing (Party)

    def size_range(self, component: str, size: float) -> tuple[float, float]:
        return self.sizes.get(component, (size, size))


class Profile(_Frozen):
    name: str
    version: str
    system: Literal["state", "party"]
    page: Page
    geometry: Geometry
    components: dict[str, Component]
    texts: Texts
    number: NumberRule
    date: DateRule
    summary: SummaryRule
    kinh_gui: KinhGuiRule
    authority: Authority
    signature: SignatureRule
    noi_nhan: NoiNhanRule
    numbering: NumberingRule
    grounds: GroundsRule
    end_mark: str
    header: HeaderRule
    check: CheckRule

    def model_post_init(self, __context: Any) -> None:
        missing = set(COMPONENTS) - set(self.components)
        if missing:
            raise ValueError(f"profile {self.name}: components missing {sorted(missing)}")

    def type_code(self, doc_type: str, on: dt.date | None = None) -> str | None:
        """The code of ``doc_type`` in this profile's symbols (None: a State công văn)."""
        return doctypes.get(doc_type).code(self.system, on)

    def type_title(self, doc_type: str) -> str:
        """The title line of ``doc_type``: ``KẾ HOẠCH``."""
        return doctypes.get(doc_type).title

    def form(self, doc_type: str) -> doctypes.Form:
        """How ``doc_type`` is built under this profile (letter, titled, decision)."""
        return doctypes.get(doc_type).form(self.system)


class SelectionRow(_Frozen):
    system: str
    profile: str
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Merge ``over`` into a copy of ``base``; mappings merge, everything else replaces."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


@cache
def _raw(name: str) -> dict[str, Any]:
    path = PROFILE_DIR / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"unknown layout profile {name!r}; known: {', '.join(profile_names())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    return deep_merge(_raw(parent), data) if parent else data


def profile_names() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml") if p.stem != "selection")


@cache
def load_profile(name: str) -> Profile:
    """The validated profile ``name`` (nd30, hd36, hd05)."""
    return Profile.model_validate(_raw(name))


# Sections baked into the .docx templates at build time; a SPEC cannot override them.
TEMPLATE_KEYS = frozenset({"page", "geometry", "components"})


def with_overrides(profile: Profile, overrides: dict[str, Any] | None) -> Profile:
    """A copy of ``profile`` with local overrides (provinces vary the rules), re-validated."""
    if not overrides:
        return profile
    baked = sorted(set(overrides) & TEMPLATE_KEYS)
    if baked:
        raise ValueError(f"không ghi đè được {', '.join(baked)} trong SPEC: các giá trị này "
                         "nằm trong mẫu .docx; hãy sửa hồ sơ và chạy build_templates.py")
    return Profile.model_validate(deep_merge(profile.model_dump(), overrides))


@cache
def _selection() -> tuple[SelectionRow, ...]:
    rows = yaml.safe_load((PROFILE_DIR / "selection.yaml").read_text(encoding="utf-8"))
    return tuple(SelectionRow.model_validate(r) for r in rows)


def choose_profile(system: str, on: dt.date) -> str:
    """Profile name for an issuer of ``system`` on date ``on`` (selection.yaml)."""
    for row in _selection():
        if row.system != system:
            continue
        if row.from_ and on < row.from_:
            continue
        if row.until and on > row.until:
            continue
        return row.profile
    raise KeyError(f"no layout profile for system {system!r} on {on.isoformat()}")
