"""Find references to other documents in Vietnamese free text: ``parse_citations``.

Pure (no org chart): every ``Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị``-like
reference with its parts as printed and canonical, its system, its role, what the registry
of central documents knows of it, and warnings for what does not fit. The work is split:

* ``normalize`` — the matching copy of the text (NFC, tones, dashes, look-alike glyphs);
* ``symbols`` — the number-and-symbol grammar, repairs of damaged forms, canonical forms;
* ``issuers`` — issuer phrases: extent, joint issuers, normalised name, term, level;
* ``scanner`` — the references of a text with the dates and issuers around them;
* ``roles`` — parent, proposal and alias by position; repeat and root are set here;
* ``registry`` and ``checks`` — dating, disambiguation and consistency warnings.

Spans point into the text the caller gave, whatever was normalised or repaired.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from cascade.citations import checks, issuers, roles, scanner
from cascade.citations.models import Citation, System
from cascade.citations.normalize import (
    Normalized,
    canon,
    clean_chars,
    collapse,
    has_glyph_damage,
    normalize,
)
from cascade.citations.registry import Registry, load_registry, symbol_key
from cascade.citations.roles import TRIGGER_RE
from cascade.citations.symbols import (
    Repair,
    SymbolParts,
    assembly_term,
    canonical_number,
    parse_symbol,
    repair,
    spacing_notes,
    type_of_symbol,
)
from cascade.citations.tables import (
    CENTRAL_STATE_CODES,
    CODE_LEVELS,
    PARTY_CODE_TYPES,
    PROVINCE_ONLY_CODE_FROM,
    STATE_CODE_TYPES,
    TYPE_BY_WORD,
    party_quy_dinh_code,
)

__all__ = ["TRIGGER_RE", "clean_chars", "issuer_system", "normalize", "parse_citations",
           "parse_symbol", "type_of_symbol"]

issuer_system = issuers.system_of
_TYPES = {canon(w): t for w, t in TYPE_BY_WORD.items()}
_CENTRAL_PARTY_IDS = frozenset({"tw.bct", "tw.bbt", "tw.bchtw"})


def parse_citations(text: str, *, as_of: dt.date | None = None,
                    summary: tuple[int, int] | None = None,
                    registry: Registry | None = None) -> list[Citation]:
    """Every citation in ``text``, in order, with role and normalised parts.

    ``as_of`` is the citing document's date: a reference cannot be to a later document
    (it tells apart the terms a number recurs in); without it the latest date written in
    the text stands in. ``summary`` is the span (offsets into ``text``) of the document's
    trích yếu, whose references name its subject, never its parent.
    """
    norm, repairs = repair(normalize(text))
    s = norm.text
    raws = scanner.find(s)
    latest = max((d for m in scanner.DATE_RE.finditer(s) if (d := scanner.to_date(m)[0])),
                 default=None)

    def in_summary(raw: scanner.Raw) -> bool:
        return summary is not None and summary[0] <= norm.orig(raw.start) < summary[1]

    assigned = roles.assign(s, raws, in_summary)
    cits = [_citation(text, norm, raw, role, repairs, as_of or latest)
            for raw, role in zip(raws, assigned, strict=True)]
    _link_short_forms(cits)
    reg = registry or load_registry()
    subjects = [_subject_after(s, raw) for raw in raws]
    for i in range(len(raws) - 2, -1, -1):  # a list sharing an issuer shares its subject
        if raws[i].shared and not subjects[i]:
            subjects[i] = subjects[i + 1]
    for c, raw, subject in zip(cits, raws, subjects, strict=True):
        if c.refers_to is None:
            _enrich(c, raw, s, reg, as_of or latest, subject, as_of is not None)
        elif cits[c.refers_to].known is not None:
            c.known = cits[c.refers_to].known
            c.canonical = c.known.canonical if c.known else c.canonical
    for c in cits:
        c.warnings += checks.check(c, as_of)
    _finish_roles(s, cits, raws, in_summary)
    return cits


# ------------------------------------------------------------------ one citation


def _classify(raw: scanner.Raw, system: System) -> tuple[str, str | None, list[str]]:
    """(type name, vocabulary type code, warnings) from the type word and the symbol."""
    printed = raw.parts.code if raw.parts else None
    doc_type = _TYPES.get(canon(raw.type_word)) if raw.type_word else None
    if doc_type is None or (doc_type.party is None and doc_type.state is None):
        if raw.parts is None:
            return raw.type_word or "văn bản", None, []
        if system == "party":
            return PARTY_CODE_TYPES.get(printed or "", raw.type_word or "văn bản"), printed, []
        if printed:
            return STATE_CODE_TYPES.get(printed, raw.type_word or "văn bản"), printed, []
        return "công văn", "CV", []
    word = doc_type.word
    expected = doc_type.party if system == "party" else doc_type.state
    if not doc_type.issued_in(system):
        return word, printed, [f"hệ thống {'Đảng' if system == 'party' else 'Nhà nước'} "
                               f"không có loại '{word}'"]
    if raw.parts is None:
        if word == "quy định" and system == "party":
            return word, party_quy_dinh_code(raw.date), []
        return word, expected, []
    if expected is None and printed is None:  # a State công văn: no code printed
        return word, doc_type.party or doc_type.state, []
    if word == "quy định" and system == "party" and printed in ("QĐ", "QĐi"):
        return word, printed, []  # which one it carries is the document's (registry)
    if printed is not None and printed != expected and printed not in doc_type.also:
        return word, expected, [f"loại '{word}' nhưng mã loại trong ký hiệu là {printed}"]
    return word, printed or expected, []


def _reshape(parts: SymbolParts, system: System) -> str:
    """The canonical form of ``parts`` in the shape of ``system`` (when the issuer phrase
    says the other system than the codes did)."""
    n = canonical_number(parts.number) if parts.number else ""
    if system == "party":
        tail = "-".join(parts.issuers) or parts.issuer_code or ""
        return f"{n}-{parts.code}/{tail}" if parts.code else f"{n}-{tail}"
    head = [parts.code] if parts.code else []
    year = f"{parts.year}/" if parts.year else ""
    return f"{n}/{year}" + "-".join(head + list(parts.issuers) + (
        [parts.unit] if parts.unit else []))


def _citation(text: str, norm: Normalized, raw: scanner.Raw, role: str,
              repairs: list[Repair], era: dt.date | None) -> Citation:
    parts = raw.parts
    warnings = list(raw.warnings)
    issuer = issuer_printed = None
    term: str | None = None
    co: list[str] = []
    said: System | None = None
    if raw.issuers:
        spans = [(norm.orig(a), norm.orig(b)) for a, b in raw.issuers]
        issuer_printed = collapse(text[spans[0][0]:spans[0][1]])
        issuer, term = issuers.normalise(issuer_printed)
        co = [issuers.normalise(text[a:b])[0] for a, b in spans[1:]]
        said = issuers.system_of(issuer)
    system: System = parts.system if parts else (said or _default_system(raw.type_word))
    if parts and said and said != system:
        warnings.append(
            f"ký hiệu dạng {'Đảng' if system == 'party' else 'Nhà nước'} nhưng cơ quan ban "
            f"hành '{issuer}' thuộc hệ thống {'Đảng' if said == 'party' else 'Nhà nước'}")
        system = said
    word, type_code, type_warnings = _classify(raw, system)
    warnings += type_warnings
    num_start, sym_end = norm.orig(raw.num_start), norm.orig(raw.sym_end)
    printed_raw = text[num_start:sym_end]
    as_printed = collapse(printed_raw)
    if parts:
        canonical = parts.canonical if system == parts.system else _reshape(parts, system)
        repaired = [r.note for r in repairs if raw.num_start <= r.start < raw.sym_end]
        notes = list(parts.notes)
        if not any(n.startswith("khoảng trắng") for n in repaired):
            notes += spacing_notes(clean_chars(printed_raw))
        notes += repaired
        glyphs = has_glyph_damage(printed_raw)
        if glyphs:
            notes.append(f"chữ in sai mã: {', '.join(glyphs)} thay cho Đ/đ")
        if notes:
            warnings.append(f"ký hiệu in «{as_printed}»: {'; '.join(notes)}; "
                            f"dạng chuẩn: {canonical}")
    else:
        canonical = canonical_number(raw.number)
        warnings.append(f"trích dẫn chỉ ghi số ({word} số {raw.number}), không ghi ký hiệu")
    if term is None and parts and (n := assembly_term(parts.issuer_code or "")):
        term = issuers.roman(n)
    start, end = norm.orig(raw.start), norm.orig(raw.core_end)
    return Citation(
        type=word, type_code=type_code, printed_type_code=parts.code if parts else None,
        number=raw.number, symbol=parts.symbol if parts else "", as_printed=as_printed,
        canonical=canonical, year=parts.year if parts else None, term=term,
        unit=parts.unit if parts else None, date=raw.date,
        date_source="text" if raw.date else None, issuer=issuer,
        issuer_printed=issuer_printed,
        issuer_source=("context" if raw.shared else "text") if issuer else None,
        co_issuers=co, issuer_shared=raw.shared,
        issuer_code=parts.issuer_code if parts else None,
        level=_level(issuer, parts, raw.date or era), system=system,
        role=role, span=(start, end), text=collapse(text[start:end]), warnings=warnings,
    )


def _default_system(type_word: str | None) -> System:
    """System of a reference by number alone without an issuer: the system that has the
    type, Party when both do (what implementing documents cite by number is mostly the
    Party's)."""
    t = TYPE_BY_WORD.get(type_word or "")
    return "state" if t is not None and t.party is None else "party"


def _level(issuer: str | None, parts: SymbolParts | None, day: dt.date | None) -> str | None:
    if issuer and (level := issuers.level_of(issuer, day)):
        return level
    code = parts.issuer_code if parts else None
    if code in CODE_LEVELS:
        return CODE_LEVELS[code]
    if code and parts and parts.system == "state" and re.fullmatch(CENTRAL_STATE_CODES, code):
        return "central"
    if code == "TU" and day is not None and day >= PROVINCE_ONLY_CODE_FROM:
        return "province"
    return None


# ------------------------------------------------------------------ across citations


def _same_doc(a: Citation, b: Citation) -> bool:
    """Same number and symbol (printed variants folded), same system."""
    return (a.system == b.system and a.number.lstrip("0") == b.number.lstrip("0")
            and symbol_key(a.symbol) == symbol_key(b.symbol) and a.year == b.year)


def _link_short_forms(cits: list[Citation]) -> None:
    """Point each dateless citation at the one dated citation of the same number+symbol."""
    for c in cits:
        if c.date is not None:
            continue
        full = [i for i, o in enumerate(cits) if o.date is not None and _same_doc(o, c)]
        dates = {cits[i].date for i in full}
        if len(dates) == 1:
            c.refers_to = full[0]
        elif len(dates) > 1:
            c.warnings.append("nhiều văn bản cùng số, ký hiệu với ngày khác nhau")


_SUBJECT_START_RE = re.compile(r"\s*[,(“\"]?\s*(?=(?i:về|v/v)\b)")


def _subject_after(s: str, raw: scanner.Raw) -> str:
    """The subject a reference gives ("… của Bộ Chính trị về …"), up to the end of its
    item; "" when what follows is no subject."""
    m = _SUBJECT_START_RE.match(s, raw.core_end)
    if not m:
        return ""
    tail = s[m.end():m.end() + 400]
    e = re.search(r";|\.\s|\n\s*\n|[”\"](?=\s*[,.;)])", tail)
    return collapse(tail[:e.start()] if e else tail)


def _subject_before(s: str, raw: scanner.Raw) -> str:
    """What an alias names: the words before "(sau đây viết tắt là …", back to the start
    of its sentence ("Nghị quyết Hội nghị lần thứ sáu … khóa XII về …")."""
    lo = max(0, raw.start - 500)
    cut = max((m.end() for m in re.finditer(r"[.;:]\s", s[lo:raw.start])), default=0)
    return collapse(s[lo + cut:raw.start])


def _enrich(c: Citation, raw: scanner.Raw, s: str, reg: Registry,
            era: dt.date | None, subject: str, era_known: bool) -> None:
    """What the registry knows: the date, issuer, term, canonical code; or candidates."""
    label = f"{c.type.capitalize()} số {c.as_printed}"
    term = c.term
    if roles.is_alias(s, raw):  # the alias's document is described before it
        subject = _subject_before(s, raw)
        term = term or issuers.split_term(subject)[1]
    m = reg.match(type_word=c.type, number=c.number, symbol=c.symbol, year=c.year,
                  date=c.date, term=term, issuer=c.issuer, as_of=era,
                  subject=subject, label=label, as_of_known=era_known)
    c.warnings += m.warnings
    c.candidates = list(m.candidates)
    k = m.known
    if k is None:
        return
    c.known = k
    if c.symbol and symbol_key(c.symbol) == symbol_key(k.symbol) and c.symbol != k.symbol:
        c.warnings.append(f"{label}: văn bản được ban hành với số, ký hiệu {k.canonical}")
    c.canonical = k.canonical
    if k.system == "party":
        c.type_code = k.symbol.split("/")[0]
    c.term = c.term or k.term
    c.level = c.level or "central"
    if c.date is None and m.date_filled:
        c.date, c.date_source = k.date, "registry"
    if c.issuer is None:
        c.issuer, c.co_issuers, c.issuer_source = k.issuer, list(k.co_issuers), "registry"
        c.issuer_id = k.issuer_id


def _finish_roles(s: str, cits: list[Citation], raws: list[scanner.Raw],
                  in_summary: Callable[[scanner.Raw], bool]) -> None:
    """Repeats, aliases' referents, and the root directive."""
    for i, c in enumerate(cits):
        if c.role == "alias" and c.refers_to is None:
            before = [j for j in range(i) if _same_doc(cits[j], c)]
            if before:
                c.refers_to = before[-1]
        if c.role == "mention" and c.refers_to is not None and c.refers_to < i:
            c.role = "repeat"
    root = _root_index(s, cits, raws, in_summary)
    if root is None:
        return
    r = cits[root]
    for c in cits:
        if _same_doc(c, r) and (c.date is None or r.date is None or c.date == r.date):
            c.is_root = True
            if c.role == "mention":
                c.role = "root"


def _is_central(c: Citation) -> bool:
    """A document of the Central Committee, Politburo or Secretariat."""
    if c.role == "proposal" or c.system != "party":
        return False
    if c.known is not None:
        return c.known.issuer_id in _CENTRAL_PARTY_IDS
    return c.issuer_code == "TW"


def _root_index(s: str, cits: list[Citation], raws: list[scanner.Raw],
                in_summary: Callable[[scanner.Raw], bool]) -> int | None:
    """The root directive: a central parent; else a central document named in a parent's
    item (its subject: "Kế hoạch số 10-KH/ĐU … quán triệt Kết luận số 107-KL/TW"); else
    one named in the document's summary."""
    parents = [i for i, c in enumerate(cits) if c.role == "parent"]
    for i in parents:
        if _is_central(cits[i]):
            return i
    for i in parents:
        end = roles.item_end(s, raws[i].core_end)
        nxt = [raws[j].start for j in parents if raws[j].start > raws[i].start]
        end = min([end, *nxt])
        for j in range(i + 1, len(cits)):
            if raws[j].start >= end:
                break
            if _is_central(cits[j]):
                return j
    for j, raw in enumerate(raws):
        if in_summary(raw) and _is_central(cits[j]):
            return j
    return None
