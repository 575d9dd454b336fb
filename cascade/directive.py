"""The directive a cascade starts from (Kết luận, Nghị quyết, Chỉ thị …), read from YAML.

A clerk writes it once: who issued it, its number and date, what it is about, and the
tasks it sets, each with the kind of body that leads it. The planner turns it into one
implementing document per responding body. Errors name the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cascade import doctypes
from orgchart import Kind, Level, safe_yaml
from orgchart.days import IsoDay

# Type word → (today's code, name as cited in a sentence): a view of the one vocabulary
# (cascade/data/doc_types.yaml) for the callers that label stored directives.
DIRECTIVE_TYPES: dict[str, tuple[str, str]] = {
    t.word: (t.code("party") or t.code("state") or "", t.name) for t in doctypes.all_types()
    if t.codes("party") or t.codes("state")}
LEVEL_WORDS = {"central": Level.central, "trung ương": Level.central,
               "province": Level.province, "district": Level.district,
               "commune": Level.commune, "tỉnh": Level.province, "huyện": Level.district,
               "xã": Level.commune}


class DirectiveError(ValueError):
    """A directive file that cannot be used; the message is for the clerk, in Vietnamese."""


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _kind(v: str) -> str:
    if v not in Kind.__members__:
        raise ValueError(f"loại cơ quan không có trong sơ đồ tổ chức: {v!r}")
    return v


# A trích yếu is a line or two and a task a paragraph or a few; far longer texts make
# drafts LibreOffice cannot lay out (a 1 MB summary was not converted in 120 s). The
# limits leave room ten times over.
SUMMARY_CHARS = 1_000
TEXT_CHARS = 20_000
MAX_TASKS = 500


class Task(_M):
    """One task of the directive: the text, who leads it, who cooperates."""

    text: str = Field(min_length=1, max_length=TEXT_CHARS)
    lead: str | None = None  # a body kind (police, inspectorate …); None: everyone
    cooperate: list[str] = Field(default_factory=list)
    wording: dict[str, str] = Field(default_factory=dict)  # per level: province, commune …

    @field_validator("lead")
    @classmethod
    def _lead(cls, v: str | None) -> str | None:
        return None if v is None else _kind(v)

    @field_validator("cooperate")
    @classmethod
    def _coop(cls, v: list[str]) -> list[str]:
        return [_kind(x) for x in v]

    @field_validator("wording")
    @classmethod
    def _levels(cls, v: dict[str, str]) -> dict[str, str]:
        out = {}
        for lvl, text in v.items():
            if lvl not in LEVEL_WORDS:
                raise ValueError(f"cấp không hợp lệ: {lvl!r}; dùng province, district, commune")
            out[str(LEVEL_WORDS[lvl])] = text
        return out

    def text_for(self, level: str, unit: str | None = None) -> str:
        """The task as written for ``level``; ``{unit}`` in it becomes the issuer's own
        unit type (a phường's "Mặt trận Tổ quốc Việt Nam phường", not "… xã")."""
        text = self.wording.get(level, self.text)
        return text.replace("{unit}", unit) if unit else text


class FollowUp(_M):
    """Who follows up at each level (a body kind per level) and how often reports go up."""

    kind: dict[str, str] = Field(default_factory=dict)  # level → kind
    report_cycle: str = "định kỳ 6 tháng, năm"

    @field_validator("kind")
    @classmethod
    def _kinds(cls, v: dict[str, str]) -> dict[str, str]:
        out = {}
        for lvl, k in v.items():
            if lvl not in LEVEL_WORDS:
                raise ValueError(f"cấp không hợp lệ: {lvl!r}; dùng province, district, commune")
            out[str(LEVEL_WORDS[lvl])] = _kind(k)
        return out


class Deadlines(_M):
    """Days each generation has after its parent's date (last value repeats), and the
    dates the directive itself sets per level ("cấp xã trước 30/5/2025": ``by_level:
    {commune: 2025-05-30}``); a document is never due before its parents all the same."""

    days: list[int] = Field(default_factory=list)
    by_level: dict[str, IsoDay] = Field(default_factory=dict)

    @field_validator("by_level")
    @classmethod
    def _levels(cls, v: dict[str, IsoDay]) -> dict[str, IsoDay]:
        out = {}
        for lvl, day in v.items():
            if lvl not in LEVEL_WORDS:
                raise ValueError(f"cấp không hợp lệ: {lvl!r}; dùng central, province, "
                                 "district, commune")
            out[str(LEVEL_WORDS[lvl])] = day
        return out


class Directive(_M):
    issuer: str
    type: str
    number: int | str
    symbol: str | None = None
    date: IsoDay
    summary: str = Field(min_length=1, max_length=SUMMARY_CHARS)  # trích yếu: "về …"
    # the topic as children name it in their summaries
    short_summary: str | None = Field(None, max_length=SUMMARY_CHARS)
    tasks: list[Task] = Field(min_length=1, max_length=MAX_TASKS)
    follow_up: FollowUp = Field(default_factory=FollowUp)
    scope: list[str] = Field(default_factory=list)  # province ids; empty: whole country
    deadlines: Deadlines = Field(default_factory=Deadlines)

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        t = doctypes.find(v)
        if t is None or t.word not in DIRECTIVE_TYPES:
            raise ValueError(f"loại văn bản không hỗ trợ: {v!r}; dùng: "
                             f"{', '.join(DIRECTIVE_TYPES)}")
        return t.word

    @property
    def type_code(self) -> str:
        """The type's code on the directive's date, Party first: a quy định of 2019 is
        ``QĐi``, one of 2026 ``QĐ``; a State-only type (nghị định) has its State code."""
        t = doctypes.find(self.type)
        assert t is not None  # validated
        return t.code("party", self.date) or t.code("state", self.date) or ""

    @property
    def type_name(self) -> str:
        return DIRECTIVE_TYPES[self.type][1]

    def full_symbol(self, issuer_symbol: str) -> str:
        """``KL/TW``: given, or the type code over the issuer's symbol (Party style)."""
        return self.symbol or f"{self.type_code}/{issuer_symbol}"


# ------------------------------------------------------------------ YAML with lines

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa không được phép (sai chính tả?)",
    "string_type": "phải là một chuỗi văn bản",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "date_from_datetime_parsing": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài: tối đa {max_length} ký tự",
    "too_long": "quá nhiều: tối đa {max_length} mục",
    "too_short": "không được để trống",
    "model_type": "phải là một bảng khóa: giá trị",
}
_BRANCHES = {"str", "int", "list[str]", "dict[str,str]"}


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers), within ``safe_yaml.FILE``'s
    limits (a 10 MB file is refused before it is read); dates left as text, so pydantic
    checks them and a bad date (2024-13-24) is a message naming its field and line.
    Errors in Vietnamese."""
    try:
        return safe_yaml.load_file(Path(path), safe_yaml.FILE, dates=False)
    except OSError as exc:
        raise DirectiveError(f"{path}: không đọc được tệp ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise DirectiveError(f"{path}: tệp không phải văn bản UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise DirectiveError(f"{path}{where}: YAML không hợp lệ: "
                             f"{getattr(exc, 'problem', None) or exc}") from None


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the deepest node on ``loc`` that exists in the YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(part)), None)
            if nxt is None:
                k = next((k for k, _ in node.value if k.value == str(part)), None)
                return k.start_mark.line + 1 if k is not None else line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def validation_messages(exc: ValidationError, source: str, tree: yaml.Node | None) -> str:
    """``file:line: trường a.b: message`` per error, each once."""
    out = []
    for e in exc.errors():
        loc = tuple(x for x in e["loc"] if str(x) not in _BRANCHES)
        if e["type"] == "value_error":
            msg = str(e["msg"]).removeprefix("Value error, ")
        else:
            msg = _MESSAGES[e["type"]].format(**e.get("ctx", {})) \
                if e["type"] in _MESSAGES else e["msg"]
        line = line_of(tree, loc)
        field = ".".join(str(x) for x in loc) or "(gốc)"
        out.append(f"{source}{f':{line}' if line else ''}: trường {field}: {msg}")
    return "\n".join(dict.fromkeys(out))


def parse_directive(data: Any, source: str = "DIRECTIVE",
                    tree: yaml.Node | None = None) -> Directive:
    if not isinstance(data, dict):
        raise DirectiveError(f"{source}: văn bản chỉ đạo phải là một bảng khóa: giá trị")
    try:
        return Directive.model_validate(data)
    except ValidationError as exc:
        raise DirectiveError(validation_messages(exc, source, tree)) from None


def load_directive(path: Path) -> Directive:
    """Read a directive YAML file."""
    data, tree = read_yaml(path)
    return parse_directive(data, str(path), tree)
