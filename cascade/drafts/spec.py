"""The SPEC a clerk writes (YAML): what to draft, in plain words.

Keys: issuer, type, date, number, unit, summary, recipients, body, signer, copies_to,
draft_mark, plus grounds/authority for a quyết định, year for a blank-dated draft and
profile_overrides for local variations of the layout rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cascade import doctypes
from cascade.layout.body import Node
from cascade.layout.profile import DOC_TYPES

Purpose = Literal["report", "follow", "direct", "implement", "info"]


class SpecError(ValueError):
    """A SPEC that cannot be read; the message names the file and the field."""


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecipientSpec(_Spec):
    """``{body: …}`` must be a body of the chart; a plain string may be free text."""

    body: str
    text: str | None = None  # how to print it, when not the chart's name


class CopySpec(_Spec):
    to: str
    purpose: Purpose | None = None
    note: str | None = None  # a purpose note in the office's own words: "(B/c)"
    body: bool = False  # True: ``to`` must be a body of the chart


class SignerSpec(_Spec):
    post: str
    name: str | None = None
    authority: Literal["TL", "TUQ", "Q"] | None = None


class Spec(_Spec):
    issuer: str
    type: str
    summary: str = Field(min_length=1)
    date: dt.date | None = None
    year: int | None = None
    number: int | str | None = None
    unit: str | None = None
    recipients: list[str | RecipientSpec] = Field(default_factory=list)
    body: list[Node] = Field(default_factory=list)
    signer: str | SignerSpec
    copies_to: list[str | CopySpec] = Field(default_factory=list)
    draft_mark: bool | str = False
    grounds: list[str] = Field(default_factory=list)
    authority: str | None = None
    profile_overrides: dict[str, Any] | None = None

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        t = doctypes.find(v)
        if t is None or t.id not in DOC_TYPES:
            raise ValueError(f"loại văn bản không hỗ trợ: {v!r}; dùng: "
                             f"{', '.join(doctypes.get(x).word for x in DOC_TYPES)}")
        return t.id


# Pydantic error types in the clerk's language; anything else keeps pydantic's text.
_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa không được phép (sai chính tả?)",
    "string_type": "phải là một chuỗi văn bản",
    "list_type": "phải là một danh sách",
    "bool_type": "phải là true hoặc false",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "date_from_datetime_parsing": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (viết YYYY-MM-DD)",
    "literal_error": "giá trị không hợp lệ",
    "string_too_short": "không được để trống",
}
# Union branches show up in error locations as type names: not fields.
_BRANCHES = {"str", "int", "bool", "dict", "list", "RecipientSpec", "CopySpec", "SignerSpec",
             "Section", "Heading", "Point", "Bullets", "Article"}


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(x) for x in loc if str(x) not in _BRANCHES) or "(gốc)"


def _msg(e: Any) -> str:
    if e["type"] == "value_error":
        return str(e["msg"]).removeprefix("Value error, ")
    text = _MESSAGES.get(e["type"], e["msg"])
    if e["type"] == "literal_error":
        text += f" ({e['msg'].removeprefix('Input should be ')})"
    return text


def parse_spec(data: Any, source: str = "SPEC") -> Spec:
    """Validate ``data``; errors name the source and each offending field."""
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        lines = list(dict.fromkeys(f"{source}: trường {_loc(e['loc'])}: {_msg(e)}"
                                   for e in exc.errors()))
        raise SpecError("\n".join(lines)) from None


def load_spec(path: Path) -> Spec:
    """Read a SPEC YAML file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(f"{path}: không đọc được tệp ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: YAML không hợp lệ: {exc}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: SPEC phải là một bảng khóa: giá trị")
    return parse_spec(data, str(path))
