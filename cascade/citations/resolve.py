"""Issuer phrase → org-chart body, using the citing body as context.

"Tỉnh ủy" in a Lai Châu document is Tỉnh ủy Lai Châu; "Ban Thường vụ Huyện ủy" in a
district's document is that district's. A phrase that names its place ("Tỉnh uỷ Lai
Châu", "Bộ Chính trị") resolves on its own. Only exact name matches (after the
spelling normalisation of ``orgchart.text``) are accepted: a phrase that fits no body,
or several, is reported with the reason and never guessed.

A document's own issuer is read from its printed header lines by ``resolve_header``, the
only resolver of headers (reader, ``trienkhai read``, ingest): see its order of evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cascade.citations.issuers import plenum_body
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
    phrase: str, chart: Chart, *, context: Body | None = None, as_of: dt.date | None = None,
    suggest: bool = True,
) -> tuple[str | None, str | None]:
    """(body id, None) or (None, reason in Vietnamese) for one issuer phrase; without
    ``suggest`` the reason names no near matches (the fuzzy search behind them is what
    costs when hundreds of names are resolved, as in a directive's body)."""
    if context is not None:
        attempts: list[tuple[str, str | None]] = [
            (f"{phrase} {place}", context.province) for place in _places(chart, context, as_of)
        ]
        attempts.append((phrase, context.province))
        for query, province in attempts:
            body = _exact(chart, query, as_of, province)
            if body is not None:
                return body.id, None
    body = _exact(chart, plenum_body(phrase) or phrase, as_of, None)
    if body is not None:
        return body.id, None
    if as_of is not None:
        ended = _lifetime_reason(chart, phrase, context, as_of)
        if ended:
            return None, ended
    province = context.province if context is not None else None
    near = "; ".join(f"{b.name} ({b.id})"
                     for b in chart.find(phrase, as_of=as_of, limit=3, province=province)
                     ) if suggest else ""
    near = f" (gần nhất: {near})" if near else ""
    if context is None and _mentions_place_word(phrase):
        return None, (
            f"'{phrase}' không nêu địa phương: cần biết cơ quan trích dẫn "
            f"(--context-body) để xác định{near}"
        )
    where = f" trong phạm vi {context.id}" if context is not None else ""
    return None, f"không tìm thấy đúng một cơ quan tên '{phrase}'{where}{near}"


def _vn(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "…"


def _lifetime_reason(chart: Chart, phrase: str, context: Body | None,
                     as_of: dt.date) -> str | None:
    """Why a phrase names no body on ``as_of`` when it names one at another time: a
    Huyện ủy cited on a date after 30/6/2025, a commission before it was formed."""
    queries = [phrase]
    if context is not None:
        queries = [f"{phrase} {p}" for p in _places(chart, context, None)] + queries
    for q in queries:
        body = _exact(chart, q, None, context.province if context is not None else None)
        if body is None:
            continue
        versions = chart.versions(body.id)
        lo, hi = versions[0].valid_from, versions[-1].valid_to
        if (lo and as_of < lo) or (hi and as_of > hi):
            return (f"'{phrase}' là {body.name} ({body.id}), có từ {_vn(lo)} đến {_vn(hi)}; "
                    f"trích dẫn ghi ngày {_vn(as_of)}")
    return None


def _territory_chain(chart: Chart, body: Body | None, as_of: dt.date | None) -> list[str]:
    """The context body's territory and the units above it, lowest first."""
    out: list[str] = []
    tid = body.territory if body is not None else None
    while tid:
        out.append(tid)
        try:
            tid = chart.unit(tid, as_of).parent
        except KeyError:
            break
    return out


def resolve_code(code: str, chart: Chart, *, context: Body | None = None,
                 as_of: dt.date | None = None) -> tuple[list[Body], str]:
    """The bodies whose symbols carry ``code``: a central body (``BDVTW``: Ban Dân vận
    Trung ương), else the one in the citing body's territory or the nearest unit above
    it (``UBND-…`` in a commune's document: that commune's UBND; ``SNNMT`` in any of a
    province's documents: its Sở Nông nghiệp và Môi trường). (bodies, where looked)."""
    central = [b for b in chart.bodies(level="central", as_of=as_of)
               if b.symbol == code and b.issues]
    if central:
        return central, "ở Trung ương"
    for tid in _territory_chain(chart, context, as_of):
        here = [b for b in chart.bodies(territory=tid, as_of=as_of)
                if b.symbol == code and b.issues]
        if here:
            return here, f"tại {tid}"
    return [], "ở Trung ương" + (f" và quanh {context.id}" if context else "")


def _from_code(cit: Citation, chart: Chart, context: Body | None,
               day: dt.date | None) -> Citation | None:
    """The issuer a symbol's code names, when the text names none."""
    if not cit.issuer_code:
        return None
    found, where = resolve_code(cit.issuer_code, chart, context=context, as_of=day)
    if len(found) == 1:
        b = found[0]
        return cit.model_copy(update={
            "issuer": b.name, "issuer_id": b.id, "issuer_source": "symbol",
            "issuer_reason": None, "level": cit.level or str(b.level)})
    if found:
        ids = ", ".join(b.id for b in found)
        return cit.model_copy(update={
            "issuer_id": None, "issuer_reason": f"trích dẫn không ghi cơ quan ban hành; mã "
            f"'{cit.issuer_code}' trong ký hiệu ứng với {len(found)} cơ quan {where}: {ids}"})
    return None


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
        if cit.issuer_source == "registry" and cit.issuer_id:
            out.append(cit.model_copy())  # the registry names the body of a known document
            continue
        if cit.issuer is None:
            full = out[cit.refers_to] if cit.refers_to is not None and cit.refers_to < len(
                out) else None
            if full is not None and full.issuer_id is not None:
                # A short form repeats a full citation: same document, same issuer.
                out.append(cit.model_copy(update={
                    "issuer_id": full.issuer_id, "issuer": full.issuer,
                    "issuer_source": "context"}))
                continue
            coded = _from_code(cit, chart, context, cit.date or as_of)
            out.append(coded or cit.model_copy(update={
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


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class HeaderIssuer:
    """Who issued a document, read from its printed header: the one body, or why not.

    ``candidates`` are every body the header fits after the "T/M …" line (one when
    ``body_id`` is set); ingest tells several apart by the parents a document cites.
    """

    body_id: str | None
    candidates: tuple[str, ...] = ()
    reason: str | None = None
    # "one" fit, "several", "none"; "no_lines": nothing printed above the number;
    # "other_collective": the header fits, but the T/M line names another collective
    outcome: Literal["one", "several", "none", "no_lines", "other_collective"] = "none"


def _printed(lines: Iterable[str]) -> str:
    """Header lines as one comparable key: a PDF column wraps them anywhere, "*" is
    decoration, "UBND" is "Ủy ban nhân dân"."""
    return " ".join(expand_abbreviations(key(x)) for x in lines if x.strip() != "*")


def _named_provinces(chart: Chart, got: str, as_of: dt.date | None) -> list[str]:
    padded = f" {got} "
    return [u.id for u in chart.units(level="province", as_of=as_of)
            if any(f" {expand_abbreviations(key(n))} " in padded
                   for n in (u.name, u.full_name) if n)]


def _spelled(chart: Chart, lines: list[str], as_of: dt.date | None) -> list[Body]:
    """The body the lines name, for a header that names no province ("BỘ CÔNG AN",
    "ỦY BAN NHÂN DÂN / PHƯỜNG ĐOÀN KẾT"): exact names only, an ambiguous one gives none.
    Also read bottom-up ("TỈNH ỦY X / BAN TUYÊN GIÁO" → "Ban Tuyên giáo Tỉnh ủy X")."""
    queries = [" ".join(lines)]
    if len(lines) >= 2:
        first, last = key(lines[0]), key(lines[-1])
        queries.append(f"{last} {first}")
        for prefix in ("ubnd ", key("ủy ban nhân dân ")):
            if first.startswith(prefix):
                queries.append(f"{last} {first[len(prefix):]}")
    found = [b for q in queries if (b := _exact(chart, q, as_of, None)) is not None]
    return list({b.id: b for b in found}.values())


def _pool(chart: Chart, lines: list[str], got: str, as_of: dt.date | None,
          among: Iterable[str] | None) -> tuple[list[Body], str]:
    """Where to look, and how it was chosen: ``among`` (a plan's bodies), else the one
    province the header names, else the body its lines spell."""
    if among is not None:
        return [chart.body(b, as_of) for b in dict.fromkeys(among) if chart.has(b, as_of)], ""
    provinces = _named_provinces(chart, got, as_of)
    if len(provinces) == 1:
        return chart.bodies(province=provinces[0], as_of=as_of), f" trong tỉnh {provinces[0]}"
    return _spelled(chart, lines, as_of), (
        " (không nêu tỉnh, và tên không chỉ đúng một cơ quan)")


def _province_keys(chart: Chart, body: Body, as_of: dt.date | None) -> list[str]:
    if body.province is None:
        return []
    try:
        unit = chart.unit(body.province, as_of)
    except KeyError:
        return [key(body.province)]
    return [expand_abbreviations(key(n)) for n in (unit.name, unit.full_name) if n]


def resolve_header(header: DocumentHeader, chart: Chart, as_of: dt.date | None = None, *,
                   among: Iterable[str] | None = None) -> HeaderIssuer:
    """The body whose header the document prints, never guessed. Evidence, in order:

    1. the printed lines are the body's header as the chart prints it (superior line
       included: "ĐẢNG BỘ TỈNH LAI CHÂU / ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH");
    2. failing that, they end with the body's own lines and whatever stands above them
       names the body's province (another wording of the superior line, or none);
    3. the "T/M …" / "TM. …" line keeps the bodies whose collective it names: the BTV
       and its Tỉnh ủy print the same "TỈNH ỦY LAI CHÂU".

    Bodies are looked for ``among`` the given ids (a plan's), else in the one province
    the header names, else by the name its lines spell (central bodies, a commune's
    UBND). ``body_id`` is set only on a unique fit; otherwise ``reason`` says why.
    """
    lines = [x for x in header.issuer_lines if x.strip() != "*"]
    got = _printed(lines)
    if not got:
        return HeaderIssuer(None, reason="văn bản không có dòng tên cơ quan ban hành",
                            outcome="no_lines")
    pool, where = _pool(chart, lines, got, as_of, among)
    fits = [b for b in pool if _printed(chart.header_lines(b.id, as_of)) == got]
    if not fits:
        fits = [b for b in pool if (own := _printed(b.header)) and (
            got == own or (got.endswith(f" {own}") and any(
                f" {p} " in f" {got[:-len(own)]}" for p in _province_keys(chart, b, as_of))))]
    sig = header.signature
    if fits and sig is not None and sig.prefix in ("T/M", "TM.") and sig.authority:
        named = [b for b in fits
                 if b.collective_name and key(b.collective_name) == key(sig.authority)]
        if not named and all(b.collective_name for b in fits):
            return HeaderIssuer(None, reason=f"ký thay mặt '{sig.authority}', không phải "
                                f"tập thể của {', '.join(b.id for b in fits)}",
                                outcome="other_collective")
        fits = named or fits
    missing: list[str] = []
    if len(fits) > 1:
        fits, missing = _other_evidence(header, fits)
    ids = tuple(b.id for b in fits)
    if len(ids) == 1:
        return HeaderIssuer(ids[0], ids, outcome="one")
    printed = " / ".join(lines)
    if not ids:
        return HeaderIssuer(None, reason=f"không cơ quan nào có phần đầu '{printed}'{where}")
    why = f"; {', '.join(missing)}" if missing else ""
    return HeaderIssuer(None, ids, f"phần đầu '{printed}' khớp {len(ids)} cơ quan: "
                        + ", ".join(ids[:8]) + why, outcome="several")


def _names(b: Body) -> list[str]:
    return [key(n) for n in (b.name, b.short_name, *b.aliases) if n]


def _header_code(header: DocumentHeader) -> str | None:
    """The issuer code of the document's own symbol ("TU" of "CV/TU", "UBND" of
    "UBND-TH")."""
    sym = header.symbol
    if not sym:
        return None
    if header.system == "party" or "/" in sym:
        return sym.split("/")[-1].split("-")[0] or None
    segs = sym.split("-")
    from cascade.citations.tables import STATE_CODE_TYPES

    return segs[1] if len(segs) > 1 and segs[0] in STATE_CODE_TYPES else segs[0]


def _other_evidence(header: DocumentHeader, fits: list[Body]) -> tuple[list[Body], list[str]]:
    """Narrow bodies that print the same header (a Tỉnh ủy and its standing board) by
    what else the document says: the body its opening sentence names as acting ("…, Ban
    Thường vụ Tỉnh ủy yêu cầu"), the code of its own symbol, the signer's post. Each is
    used only if it keeps some; what was missing is said."""
    missing: list[str] = []
    sig = header.signature
    if sig is None or sig.prefix not in ("T/M", "TM."):
        missing.append("không có dòng T/M (ký thay mặt tập thể nào)")
    acting = key(header.acting_body) if header.acting_body else None
    if acting:
        named = [b for b in fits if any(n == acting or n.startswith(acting + " ")
                                        for n in _names(b))]
        fits = named or fits
    else:
        missing.append("câu mở đầu không nêu cơ quan nào thực hiện")
    code = _header_code(header)
    if code and len(fits) > 1:
        coded = [b for b in fits if b.symbol == code]
        fits = coded or fits
    if sig is not None and sig.titles and len(fits) > 1:
        post = key(sig.titles[-1])
        posted = [b for b in fits if any(key(p.title) == post for p in b.posts)]
        fits = posted or fits
    return fits, missing
