"""Issuer phrase → org-chart body, using the citing body as context.

"Tỉnh ủy" in a Lai Châu document is Tỉnh ủy Lai Châu; "Ban Thường vụ Huyện ủy" in a
district's document is that district's. A phrase that names its place ("Tỉnh uỷ Lai
Châu", "Bộ Chính trị") resolves on its own. Only exact name matches (after the
spelling normalisation of ``orgchart.text``) are accepted: a phrase that fits no body,
or several, is reported with the reason and never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cascade.citations.models import Citation, DocumentHeader
from orgchart import Chart, UnknownBody
from orgchart.schema import Body
from orgchart.text import LEVEL_WORDS, expand_abbreviations, key

# Words saying the phrase leaves its place to the context ("Tỉnh ủy", "UBND tỉnh").
PLACE_DEPENDENT_WORDS: tuple[str, ...] = (
    "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "tỉnh", "thành phố",
    "huyện", "quận", "thị xã", "xã", "phường", "đặc khu",
)


def _places(chart: Chart, body: Body, as_of: dt.date | None) -> list[str]:
    """Names of the context body's territory and the units above it, lowest first."""
    names: list[str] = []
    tid = body.territory
    while tid:
        try:
            unit = chart.unit(tid, as_of)
        except KeyError:
            try:
                unit = chart.unit(tid)
            except KeyError:
                break
        names += [unit.name, unit.full_name]
        tid = unit.parent
    return names


def _level_words(name: str) -> set[str]:
    k = f" {expand_abbreviations(key(name))} "
    return {w for w in _LEVEL_KEYS if f" {w} " in k}


_LEVEL_KEYS = tuple(key(w) for w in LEVEL_WORDS)


def _exact(chart: Chart, query: str, as_of: dt.date | None,
           province: str | None) -> Body | None:
    """The one body ``query`` names, or None.

    The chart also matches names with their level words dropped, which would make
    "Ban Thường vụ Huyện ủy" find the province's "Ban Thường vụ Tỉnh ủy": every level
    word of the query (tỉnh, huyện, xã …) must be in one of the body's names.
    """
    try:
        body = chart.resolve(query, as_of, province=province)
    except UnknownBody:
        return None
    wanted = _level_words(query)
    names = (body.name, body.short_name, *body.aliases)
    if wanted and not any(wanted <= _level_words(n) for n in names if n):
        return None
    return body


def _mentions_place_word(phrase: str) -> bool:
    k = f" {key(phrase)} "
    return any(f" {key(w)} " in k for w in PLACE_DEPENDENT_WORDS)


def resolve_issuer(
    phrase: str, chart: Chart, *, context: Body | None = None, as_of: dt.date | None = None
) -> tuple[str | None, str | None]:
    """(body id, None) or (None, reason in Vietnamese) for one issuer phrase."""
    if context is not None:
        attempts: list[tuple[str, str | None]] = [
            (f"{phrase} {place}", context.province) for place in _places(chart, context, as_of)
        ]
        attempts.append((phrase, context.province))
        for query, province in attempts:
            body = _exact(chart, query, as_of, province)
            if body is not None:
                return body.id, None
    body = _exact(chart, phrase, as_of, None)
    if body is not None:
        return body.id, None
    province = context.province if context is not None else None
    near = "; ".join(f"{b.name} ({b.id})"
                     for b in chart.find(phrase, as_of=as_of, limit=3, province=province))
    near = f" (gần nhất: {near})" if near else ""
    if context is None and _mentions_place_word(phrase):
        return None, (
            f"'{phrase}' không nêu địa phương: cần biết cơ quan trích dẫn "
            f"(--context-body) để xác định{near}"
        )
    where = f" trong phạm vi {context.id}" if context is not None else ""
    return None, f"không tìm thấy đúng một cơ quan tên '{phrase}'{where}{near}"


def resolve_citations(
    citations: Iterable[Citation],
    chart: Chart,
    *,
    context_body: str | None = None,
    as_of: dt.date | None = None,
) -> list[Citation]:
    """Copies of ``citations`` with ``issuer_id`` or ``issuer_reason`` filled in.

    ``context_body`` is the id of the citing body (raises ``UnknownBody`` if it is not
    in the chart); ``as_of`` the citing document's date, used when a citation has none.
    """
    context = None
    if context_body:
        try:
            context = chart.body(context_body, as_of)
        except UnknownBody:
            context = chart.body(context_body)  # the body as last known; raises if unknown
    cache: dict[tuple[str, dt.date | None], tuple[str | None, str | None]] = {}
    out: list[Citation] = []
    for cit in citations:
        if cit.issuer is None:
            full = out[cit.refers_to] if cit.refers_to is not None and cit.refers_to < len(
                out) else None
            if full is not None and full.issuer_id is not None:
                # A short form repeats a full citation: same document, same issuer.
                out.append(cit.model_copy(update={"issuer_id": full.issuer_id}))
            else:
                out.append(cit.model_copy(update={
                    "issuer_id": None,
                    "issuer_reason": "trích dẫn không ghi cơ quan ban hành",
                }))
            continue
        day = cit.date or as_of
        k = (cit.issuer, day)
        if k not in cache:
            cache[k] = resolve_issuer(cit.issuer, chart, context=context, as_of=day)
        body_id, reason = cache[k]
        warnings = list(cit.warnings)
        if body_id is not None:
            system = chart.body(body_id, day).system if chart.has(body_id, day) else None
            if system in ("party", "state") and system != cit.system:
                warnings.append(
                    f"cơ quan {body_id} thuộc hệ thống {system}, trích dẫn được xếp {cit.system}"
                )
        out.append(cit.model_copy(update={
            "issuer_id": body_id, "issuer_reason": reason, "warnings": warnings,
        }))
    return out


_STATE_PARENT_PREFIXES: tuple[str, ...] = ("ubnd ", "ủy ban nhân dân ")


def resolve_header_issuer(
    header: DocumentHeader, chart: Chart, as_of: dt.date | None = None
) -> str | None:
    """The body that the header's issuer lines name exactly, or None.

    Party: ``TỈNH ỦY LAI CHÂU`` / ``BAN TUYÊN GIÁO VÀ DÂN VẬN`` → the commission of that
    Tỉnh ủy; State: ``UBND TỈNH LAI CHÂU`` / ``SỞ NỘI VỤ`` → Sở Nội vụ tỉnh Lai Châu.
    """
    lines = [line for line in header.issuer_lines if line != "*"]
    if not lines:
        return None
    candidates = [" ".join(lines)]
    if len(lines) >= 2:
        first, last = key(lines[0]), key(lines[-1])
        candidates.append(f"{last} {first}")
        for prefix in _STATE_PARENT_PREFIXES:
            if first.startswith(prefix):
                candidates.append(f"{last} {first[len(prefix):]}")
    for query in candidates:
        body = _exact(chart, query, as_of, None)
        if body is not None:
            return body.id
    return None
