"""The SPEC a clerk writes (YAML): what to draft, in plain words.

Keys: issuer, type, date, number, unit, summary, recipients, body, signer, copies_to,
draft_mark; for a decision grounds, authority_line and (HĐND) session; author for a
Party title that names its author; normative for a number with its year; year for a
blank-dated draft; profile_overrides for local variations of the layout rules.

A mistake is reported once, where it is written: ``spec.yaml:7:3: recipents: khóa không
có; có phải 'recipients'?``. A body item is read as the kind it most resembles, so a
mistyped ``poin:`` yields one line, not one per kind of item.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from cascade import doctypes
from cascade.directive import SUMMARY_CHARS
from cascade.doctypes import Capacity
from cascade.layout.body import _NODE_TYPES, Node, node_tag
from cascade.layout.profile import DOC_TYPES
from orgchart import safe_yaml

Purpose = Literal["report", "follow", "direct", "implement", "info"]
FIRST_YEAR, LAST_YEAR = 1945, 2100  # the Democratic Republic's first documents … far ahead
PathPart = str | int


class SpecError(ValueError):
    """A SPEC that cannot be read or drafted; each line names the file, the place and the
    field."""


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
    """Who signs and in what capacity.

    ``post``: one of the issuer's posts (``Phó Chủ tịch``); ``name``: the holder, when the
    chart does not name one; ``capacity``: ``on_behalf`` of the collective (``TM. ỦY BAN
    NHÂN DÂN`` / ``CHỦ TỊCH``), ``own`` (``CHỦ TỊCH`` alone) or ``deputy`` (``KT. CHỦ
    TỊCH`` / ``PHÓ CHỦ TỊCH`` without the TM. line); ``authority``: ``TL`` (the office
    chief: ``TL. CHỦ TỊCH`` / ``CHÁNH VĂN PHÒNG``), ``TUQ`` (written delegation), ``Q``
    (acting head).
    """

    post: str = Field(min_length=1)
    name: str | None = None
    capacity: Capacity | None = None
    authority: Literal["TL", "TUQ", "Q"] | None = None


def _plain_or(model: type[BaseModel]) -> Any:
    """``str | model``, told apart by the value's shape: a mapping is always the model,
    so a mistyped key is reported as that, not as "not a string"."""
    name = model.__name__

    def tag(v: Any) -> str | None:
        if isinstance(v, str):
            return "str"
        if isinstance(v, dict | model):
            return name
        return None

    return Annotated[Annotated[str, Tag("str")] | Annotated[model, Tag(name)],
                     Discriminator(tag, custom_error_type="plain_or_mapping",
                                   custom_error_message="phải là một chuỗi văn bản hoặc một "
                                                        "bảng khóa: giá trị")]


_DAY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(-?\d+)-(\d{1,2})-(\d{1,2})\s*$")


def _year_ok(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"năm {year} không hợp lệ: phải từ {FIRST_YEAR} đến {LAST_YEAR}")
    return year


def parse_day(v: Any) -> dt.date | None:
    """A date as a clerk writes it: ``2025-03-10`` or ``10/3/2025``; errors say what is
    wrong with the day (``tháng 2 năm 2025 chỉ có 28 ngày``)."""
    if v is None or (isinstance(v, dt.date) and not isinstance(v, dt.datetime)):
        if v is not None:
            _year_ok(v.year)
        return v
    if isinstance(v, dt.datetime):
        raise ValueError("chỉ ghi ngày, không ghi giờ")
    if not isinstance(v, str):
        raise ValueError("ngày phải viết YYYY-MM-DD hoặc dd/mm/yyyy")
    if m := _ISO.match(v):
        y, mo, d = (int(x) for x in m.groups())
    elif m := _DAY.match(v):
        d, mo, y = (int(x) for x in m.groups())
    else:
        raise ValueError(f"ngày không hợp lệ: {v!r} (viết YYYY-MM-DD hoặc dd/mm/yyyy)")
    _year_ok(y)
    if not 1 <= mo <= 12:
        raise ValueError(f"ngày không hợp lệ: {v!r}: không có tháng {mo}")
    last = ((dt.date(y + (mo == 12), mo % 12 + 1, 1)) - dt.timedelta(days=1)).day
    if not 1 <= d <= last:
        raise ValueError(f"ngày không hợp lệ: {v!r}: tháng {mo} năm {y} chỉ có {last} ngày")
    return dt.date(y, mo, d)


class Spec(_Spec):
    issuer: str = Field(min_length=1)
    type: str
    summary: str = Field(min_length=1, max_length=SUMMARY_CHARS)
    date: dt.date | None = None
    year: int | None = None
    number: int | str | None = None
    unit: str | None = None
    recipients: list[_plain_or(RecipientSpec)] = Field(default_factory=list)  # type: ignore[valid-type]
    body: list[Node] = Field(default_factory=list)
    signer: _plain_or(SignerSpec)  # type: ignore[valid-type]
    copies_to: list[_plain_or(CopySpec)] = Field(default_factory=list)  # type: ignore[valid-type]
    draft_mark: bool | str = False
    grounds: list[str] = Field(default_factory=list)
    authority_line: str | None = None  # a decision's line above căn cứ, when not the chart's
    session: str | None = None         # HĐND: "Khóa XV, Kỳ họp thứ 10", under the authority
    author: str | None = None          # Party title: "Ban Chấp hành Đảng bộ tỉnh" (CỦA …)
    normative: bool | None = None      # a legal normative document: its number has the year
    profile_overrides: dict[str, Any] | None = None
    _where: dict[tuple[PathPart, ...], str] = PrivateAttr(default_factory=dict)

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        t = doctypes.find(v)
        if t is None or t.id not in DOC_TYPES:
            raise ValueError(f"loại văn bản không hỗ trợ: {v!r}; dùng: "
                             f"{', '.join(doctypes.get(x).word for x in DOC_TYPES)}")
        return t.id

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> dt.date | None:
        return parse_day(v)

    @field_validator("year")
    @classmethod
    def _year(cls, v: int | None, info: ValidationInfo) -> int | None:
        if v is None:
            return None
        day = info.data.get("date")
        if day is not None and day.year != v:
            raise ValueError(f"năm {v} khác năm của date ({day:%d/%m/%Y})")
        return _year_ok(v)

    def where(self, *path: PathPart) -> str:
        """``spec.yaml:12:9: signer.post`` for errors found after parsing (against the
        chart); ``signer.post`` alone for a SPEC that came without a file."""
        field = ".".join(str(p) for p in path)
        for n in range(len(path), -1, -1):
            place = self._where.get(tuple(path[:n]))
            if place:
                return f"{place}: {field}"
        return field

    def error(self, path: tuple[PathPart, ...], message: str) -> SpecError:
        return SpecError(f"{self.where(*path)}: {message}")


# Pydantic error types in the clerk's language; anything else keeps pydantic's text.
_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa không có",
    "string_type": "phải là một chuỗi văn bản",
    "list_type": "phải là một danh sách",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "literal_error": "giá trị không hợp lệ",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài",
}


def _unwrap(tp: Any) -> list[Any]:
    """The alternatives of a type: ``X | None`` → [X, None]; Annotated dropped."""
    while typing.get_origin(tp) is Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [y for x in typing.get_args(tp) for y in _unwrap(x)]
    return [tp]


def _model_of(tp: Any, value: Any) -> type[BaseModel] | None:
    """The model a mapping ``value`` is validated as, where the type allows several."""
    models = [t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]
    if len(models) > 1 and all(m in _NODE_TYPES.values() for m in models):
        tag = node_tag(value)
        return next((m for m in models if m.__name__ == tag), None)
    return models[0] if len(models) == 1 else None


def _item_type(tp: Any) -> Any:
    for t in _unwrap(tp):
        if typing.get_origin(t) is list:
            return typing.get_args(t)[0]
    return None


def _clean(loc: tuple[Any, ...], data: Any) -> tuple[tuple[PathPart, ...], type[BaseModel]]:
    """The key path of an error without pydantic's union tags, and the model at the end."""
    path: list[PathPart] = []
    tp: Any = Spec
    value = data
    model: type[BaseModel] | None = Spec
    for part in loc:
        if isinstance(part, int):
            tp = _item_type(tp)
            value = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
            model = _model_of(tp, value) if tp is not None else None
            path.append(part)
            continue
        model = _model_of(tp, value) if tp is not None else None
        fields = model.model_fields if model else {}
        if part not in fields and (not isinstance(value, dict) or part not in value):
            continue  # a union tag ("str", "Point", "SignerSpec", "function-after[…]")
        path.append(part)
        tp = fields[part].annotation if part in fields else None
        value = value.get(part) if isinstance(value, dict) else None
    final = _model_of(tp, value) if tp is not None else None
    return tuple(path), final or model or Spec


def _message(e: dict[str, Any]) -> str:
    if e["type"] in ("value_error", "assertion_error"):
        return str(e["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if e["type"] in ("node_kind", "plain_or_mapping"):
        return str(e["msg"])
    text = _MESSAGES.get(e["type"], e["msg"])
    if e["type"] == "string_too_long":
        text += f": tối đa {e.get('ctx', {}).get('max_length')} ký tự"
    if e["type"] == "literal_error":
        expected = re.findall(r"'([^']*)'", str(e.get("ctx", {}).get("expected", "")))
        near = difflib.get_close_matches(str(e.get("input")), expected, n=1, cutoff=0.6)
        text += f" {e.get('input')!r}; dùng: {', '.join(expected)}"
        if near:
            text += f"; có phải {near[0]!r}?"
    return text


def _node_at(root: yaml.Node | None, path: tuple[PathPart, ...],
             key_of_last: bool) -> yaml.Node | None:
    """The YAML node written at ``path`` (for the last part, its key when
    ``key_of_last``), or the deepest node on the way."""
    node = target = root
    for i, part in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if hit is None:
                return target
            node = hit[1]
            target = hit[0] if key_of_last and i == len(path) - 1 else hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = target = node.value[part]
        else:
            return target
    return target


def _place(source: str, root: yaml.Node | None, path: tuple[PathPart, ...],
           key_of_last: bool = False) -> str:
    node = _node_at(root, path, key_of_last)
    if node is None:
        return source
    return f"{source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _field(path: tuple[PathPart, ...]) -> str:
    return ".".join(str(p) for p in path) or "(gốc)"


def _problems(exc: ValidationError, data: Any, source: str,
              root: yaml.Node | None) -> list[str]:
    """One line per mistake: an unknown key that is a typo of a missing one ("singer" for
    "signer") is one line, with the suggestion; lines in file order."""
    errors = [(e, *_clean(e["loc"], data)) for e in exc.errors()]
    missing = {(p[:-1], p[-1]) for e, p, _ in errors if e["type"] == "missing" and p}
    merged: set[tuple[tuple[PathPart, ...], PathPart]] = set()
    out: list[tuple[int, int, str]] = []

    def add(place: str, line: str) -> None:
        m = re.search(r":(\d+):(\d+)$", place)
        out.append((int(m[1]) if m else 0, int(m[2]) if m else 0, line))

    for e, path, model in errors:
        if e["type"] != "extra_forbidden" or not path:
            continue
        parent, bad = path[:-1], str(path[-1])
        allowed = [f for f in model.model_fields if f not in (data_keys(data, parent) or ())]
        want = [f for (pp, f) in missing if pp == parent]
        near = difflib.get_close_matches(bad, want, n=1, cutoff=0.5) \
            or difflib.get_close_matches(bad, allowed, n=1, cutoff=0.6)
        hint = f"; có phải {near[0]!r}?" if near else (
            f"; các khóa: {', '.join(model.model_fields)}" if model else "")
        if near and near[0] in want:
            merged.add((parent, near[0]))
        place = _place(source, root, path, key_of_last=True)
        add(place, f"{place}: {_field(path)}: khóa không có{hint}")
    for e, path, _model in errors:
        if e["type"] == "extra_forbidden" and path:
            continue
        if e["type"] == "missing" and path and (path[:-1], path[-1]) in merged:
            continue
        at = path[:-1] if e["type"] == "missing" else path
        place = _place(source, root, at)
        add(place, f"{place}: {_field(path)}: {_message(e)}")
    return list(dict.fromkeys(line for _, _, line in sorted(out, key=lambda x: x[:2])))


def data_keys(data: Any, path: tuple[PathPart, ...]) -> list[str] | None:
    """The keys written at ``path`` in the raw data (None when it is not a mapping)."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return [str(k) for k in data] if isinstance(data, dict) else None


def parse_spec(data: Any, source: str = "SPEC", root: yaml.Node | None = None) -> Spec:
    """Validate ``data``; errors name the source, the line and column when ``root`` (the
    composed YAML) is given, and each offending field."""
    try:
        spec = Spec.model_validate(data)
    except ValidationError as exc:
        raise SpecError("\n".join(_problems(exc, data, source, root))) from None
    spec._where.update(_places(source, root, data))
    return spec


def _places(source: str, root: yaml.Node | None,
            data: Any) -> dict[tuple[PathPart, ...], str]:
    """Where each top-level key and signer's keys are written, for errors found later."""
    if root is None:
        return {(): source}
    out: dict[tuple[PathPart, ...], str] = {(): source}
    if isinstance(data, dict):
        for k in data:
            out[(k,)] = _place(source, root, (k,))
        if isinstance(data.get("signer"), dict):
            for k in data["signer"]:
                out[("signer", k)] = _place(source, root, ("signer", k))
    return out


def load_spec(path: Path) -> Spec:
    """Read a SPEC YAML file."""
    try:
        # dates left as text: ``2025-02-30`` reaches the SPEC's own check (and its
        # message) instead of failing inside YAML with no field named
        data, root = safe_yaml.load_file(Path(path), safe_yaml.FILE, dates=False)
    except OSError as exc:
        raise SpecError(f"{path}: không đọc được tệp ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path}: tệp không phải văn bản UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(f"{where}: YAML không hợp lệ: {problem}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}:1:1: SPEC phải là một bảng khóa: giá trị")
    return parse_spec(data, str(path), root)
