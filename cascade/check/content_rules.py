"""Content findings: the number line and its symbol, the place and date, the công văn's
summary, the signer's capacity, Kính gửi and Nơi nhận punctuation, the archive line, the
end mark, headings, one spelling throughout, and the citation reader's warnings.

Patterns are the profile's own (``number.pattern``, ``date.pattern``, ``noi_nhan.archive``
…), turned into expressions here, so a rule the drafter prints is the rule checked.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from cascade import doctypes
from cascade.check.components import Layout, _caps, _type_title
from cascade.check.findings import Finding, _table, finding
from cascade.check.read import Document, Para
from cascade.citations.header import _PLACE_DATE_RE, SIGN_PREFIXES, list_item
from cascade.citations.models import ReadResult
from cascade.layout.profile import ListRule, Profile, load_profile, profile_names
from cascade.layout.rules import named_after_person_or_event
from orgchart.text import LEVEL_WORDS, key, upper_vi

if TYPE_CHECKING:
    from orgchart import Chart

_FIELDS = {
    "number": r"(?P<number>\d+|\s*)",
    "code": r"(?P<code>[A-ZĐ][A-Za-zĐđ]*)",
    "issuer": r"(?P<issuer>[A-ZĐ0-9][A-Za-zĐđ0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)",
    "unit": r"(?P<unit>[A-ZĐ0-9][A-ZĐa-zđ0-9]*(?:-[A-ZĐ0-9]+)*)",
    "year": r"(?P<year>\d{4})",
}
_LOOSE_NUMBER_RE = re.compile(r"(?i:số)\s*:?\s*(?P<n>\d*)\s*[-/]?\s*(?P<rest>\S*)")


def _pattern_re(pattern: str) -> re.Pattern[str]:
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", pattern):
        out += re.escape(pattern[pos:m.start()]) + _FIELDS[m.group(1)]
        pos = m.end()
    return re.compile(out + re.escape(pattern[pos:]))


@cache
def _number_res(name: str, titled: bool) -> tuple[re.Pattern[str], ...]:
    """The number line patterns of a titled document (its type code in the symbol) or of
    a công văn (the State's without one)."""
    n = load_profile(name).number
    pats = ([n.pattern, *([n.pattern_year] if n.pattern_year else [])] if titled
            else [n.cv_pattern, n.cv_pattern_no_unit])
    return tuple(_pattern_re(x) for x in dict.fromkeys(pats))


def _example(p: Profile, code: str) -> str:
    issuer = "UBND" if p.system == "state" else "TU"
    return p.number.pattern.format(number="12", code=code or "KH", issuer=issuer, unit="", year="")


def number_findings(p: Profile, layout: Layout, on: dt.date | None) -> Iterator[Finding]:
    para = layout.first("number")
    if para is None:
        return
    text = para.text.strip()
    titled = layout.titled
    m = next((r.fullmatch(text) for r in _number_res(p.name, titled) if r.fullmatch(text)),
             None)
    if m is None:
        loose = _LOOSE_NUMBER_RE.match(text)
        code = ""
        if loose:
            code = re.split(r"[-/]", loose.group("rest") or "")[0]
        other = [q for q in profile_names() if load_profile(q).system != p.system
                 and any(r.fullmatch(text) for r in _number_res(q, titled))]
        why = (" (đây là cách ghi của văn bản " + ("Nhà nước" if p.system == "party" else
               "của Đảng") + ")") if other else ""
        yield finding("number_pattern", p.name, "number", para,
                      f"«{text}» không đúng mẫu «{_example(p, code)}»{why}")
        return
    number = m.group("number").strip()
    if number.isdigit() and len(number) < p.number.width:
        yield finding("number_zero", p.name, "number", para,
                      f"số {number} cần ghi {number.zfill(p.number.width)}")
    code = m.groupdict().get("code")
    title = layout.first("title")
    t = _type_title(title.text) if title is not None else None
    if t is not None and code is not None:
        want = t.code(p.system, on)
        if want and code != want:
            yield finding("type_code", p.name, "number", para,
                          f"ký hiệu «{code}» không phải của {t.name.lower()} (cần «{want}»)")
    elif t is None and layout.letter and code is not None:
        want = doctypes.get("cong_van").code(p.system, on)
        if want and code != want:
            yield finding("type_code", p.name, "number", para,
                          f"ký hiệu «{code}» không phải của công văn (cần «{want}»)")


def _date_text(p: Profile, day: int, month: int) -> tuple[str, str]:
    d = str(day).zfill(2) if day < p.date.pad_day_below else str(day)
    m = str(month).zfill(2) if month < p.date.pad_month_below else str(month)
    return d, m


def expected_place(p: Profile, read: ReadResult, chart: Chart | None,
                   on: dt.date | None) -> str | None:
    """The place the issuer writes before its date, as the drafter prints it (its
    territory on the date, with its level word where the profile keeps it), when the
    header names one body of the chart."""
    if chart is None or read.header.issuer_id is None:
        return None
    from cascade.drafts.resolve_spec import _issuer_facts
    from cascade.layout.rules import place_name

    day = on or dt.date.today()
    try:
        i = _issuer_facts(chart, chart.body(read.header.issuer_id, day), day, p.system)
    except KeyError:
        return None
    return place_name(p, i.place, i.unit_type, i.province_place, i.unit_level) or None


def date_findings(p: Profile, layout: Layout, expected: str | None = None
                  ) -> Iterator[Finding]:
    para = layout.first("date")
    if para is None:
        return
    text = " ".join(para.text.split())
    m = _PLACE_DATE_RE.match(text)
    if m is None:
        return
    if not re.match(r"[^,]+,\s", text):
        yield finding("date_form", p.name, "date", para, "sau địa danh cần có dấu phẩy (,)")
    if m.group("d") and m.group("m"):
        d, mo = m.group("d"), m.group("m")
        want_d, want_m = _date_text(p, int(d), int(mo))
        if (d, mo) != (want_d, want_m):
            yield finding("date_zero", p.name, "date", para,
                          f"«ngày {d} tháng {mo}» cần ghi «ngày {want_d} tháng {want_m}»")
    place = m.group("place").strip()
    if expected is None:
        yield from _place(p, para, place)
    elif key(place) != key(expected):
        yield finding("place_level", p.name, "date", para,
                      f"địa danh «{place}»: cơ quan ban hành ghi «{expected}»")


_LEVELS = sorted((w for w in LEVEL_WORDS), key=len, reverse=True)


def _place(p: Profile, para: Para, place: str) -> Iterator[Finding]:
    if place[:1].islower():
        yield finding("date_form", p.name, "date", para,
                      f"địa danh «{place}» cần viết hoa chữ cái đầu")
        return
    k = key(place)
    level = next((w for w in _LEVELS if k.startswith(key(w) + " ")), None)
    if level is None:
        return
    name = place[len(level):].strip()
    cases = set(p.date.level_word_for)
    kept = (("number" in cases and name[:1].isdigit())
            or ("person" in cases and named_after_person_or_event(name))
            or ("one_syllable" in cases and len(name.split()) == 1)
            or ("commune_named_as_province" in cases and level in ("xã", "phường", "đặc khu")))
    if not kept:
        yield finding("place_level", p.name, "date", para,
                      f"địa danh ghi «{place}»: chỉ ghi «{name}», trừ khi tên đặt theo tên "
                      "người, chữ số hoặc sự kiện lịch sử")


def summary_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    para = layout.first("cv_summary")
    if para is None:
        return
    text = para.text.strip()
    prefix = p.summary.cv_prefix
    starts_vv = key(text).startswith(("v/v", "vv "))
    if prefix and not key(text).startswith(key(prefix)):
        yield finding("cv_summary", p.name, "cv_summary", para,
                      f"trích yếu công văn cần bắt đầu bằng «{prefix.strip()}»")
    elif not prefix and starts_vv:
        yield finding("cv_summary", p.name, "cv_summary", para,
                      "trích yếu công văn của Đảng không ghi «V/v»")


@cache
def _authority_words() -> dict[str, dict[str, str]]:
    """Each authority word of each profile → its role (collective, deputy …)."""
    return {n: {w: role for role, w in load_profile(n).authority.model_dump().items() if w}
            for n in profile_names()}


def signature_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    prefixes = layout.of("sig_prefix")
    own = _authority_words()[p.name]
    mine = {role: w for w, role in own.items()}
    collective = False
    for para in prefixes:
        word = next((w for w in sorted(SIGN_PREFIXES, key=len, reverse=True)
                     if para.text.strip().startswith(w)), None)
        if word is None:
            continue
        if word not in own:
            role = next((r for n, words in _authority_words().items() if n != p.name
                         for w, r in words.items() if w == word), None)
            want = mine.get(role or "")
            yield finding("authority_word", p.name, "sig_prefix", para,
                          f"«{word}» không dùng trong văn bản " + ("của Đảng" if p.system ==
                          "party" else "Nhà nước") + (f"; ghi «{want}»" if want else ""))
            continue
        if own[word] == "collective":
            collective = True
        elif own[word] == "deputy" and collective and not p.signature.deputy_for_collective_head:
            yield finding("authority_word", p.name, "sig_prefix", para,
                          f"cấp ủy không ký «{word}»: cấp phó ký «{p.authority.collective}» "
                          "tập thể, ghi chức vụ của mình")
    allowed = p.signature.titles_under_collective
    if collective and allowed is not None:
        for para in layout.of("sig_title"):
            title = " ".join(para.text.split())
            if title not in allowed:
                yield finding("signer_title", p.name, "sig_title", para,
                              f"ký thay mặt tập thể chỉ ghi một trong: {', '.join(allowed)}"
                              + (f" (ghi «{p.signature.title_reductions[title]}»)"
                                 if title in p.signature.title_reductions else ""))


def posts_findings(p: Profile, layout: Layout, read: ReadResult, chart: Chart | None,
                   on: dt.date | None) -> Iterator[Finding]:
    """The signer's post and capacity against the issuer's posts in the chart, when the
    header names exactly one body: a post the body does not have, ``KT.`` before a post
    that is no deputy's, ``TM.``/``T/M`` for a body run by its head. Under ``TL.``/``TUQ.``
    the signer is another body's (its office, a directed body): not judged here."""
    body_id = read.header.issuer_id
    titles, prefixes = layout.of("sig_title"), layout.of("sig_prefix")
    if chart is None or body_id is None or not titles:
        return
    body = chart.body(body_id, on)
    own = _authority_words()[p.name]
    roles = [own.get(next((w for w in sorted(SIGN_PREFIXES, key=len, reverse=True)
                           if x.text.strip().startswith(w)), ""), "") for x in prefixes]
    if {"office", "delegated"} & set(roles):
        return
    post = titles[-1]
    printed = " ".join(post.text.split())
    reduced = {upper_vi(x.title): p.signature.title_reductions.get(upper_vi(x.title),
                                                                  upper_vi(x.title))
               for x in body.posts}
    match = [x for x in body.posts if key(printed) in (key(upper_vi(x.title)),
                                                       key(reduced[upper_vi(x.title)]))]
    name = body.display_short if hasattr(body, "display_short") else body_id
    if not match:
        have = ", ".join(upper_vi(x.title) for x in body.posts) or "không có"
        yield finding("signer_title", p.name, "sig_title", post,
                      f"{name} không có chức vụ «{printed}» (chức vụ: {have})")
        return
    if "deputy" in roles and not any(str(x.role) in ("deputy", "standing_deputy")
                                     for x in match):
        yield finding("authority_word", p.name, "sig_prefix", prefixes[roles.index("deputy")],
                      f"«{p.authority.deputy}» chỉ đặt trước chức vụ cấp trưởng khi cấp phó ký "
                      f"thay; «{printed}» không phải cấp phó")
    if "collective" in roles and not body.collective_name:
        yield finding("authority_word", p.name, "sig_prefix",
                      prefixes[roles.index("collective")],
                      f"{name} làm việc theo chế độ thủ trưởng: không ký "
                      f"«{p.authority.collective}» tập thể")


def _items(paras: list[Para], prefix: str) -> list[tuple[Para, str]]:
    """List items as printed, a wrapped line joined to the item it continues."""
    out: list[tuple[Para, str]] = []
    for para in paras:
        t = " ".join(para.text.split())
        if out and prefix.strip() and not t.startswith(prefix.strip()):
            out[-1] = (out[-1][0], f"{out[-1][1]} {t}")
        else:
            out.append((para, t))
    return out


def list_findings(p: Profile, comp: str, rule: ListRule, paras: list[Para]) -> Iterator[Finding]:
    items = _items(paras, rule.item_prefix)
    ok_seps = [rule.separator, *rule.also_separators]
    for i, (para, t) in enumerate(items):
        last = i == len(items) - 1
        end = list_item(t).terminator or ""  # "- TT. Tỉnh ủy; (B/c)" ends with ";"
        if last and end != rule.last:
            yield finding("list_separator", p.name, comp, para,
                          f"mục cuối cần kết thúc bằng «{rule.last}»" + (
                              f", không phải «{end}»" if end else ""))
        elif not last and end not in ok_seps:
            yield finding("list_separator", p.name, comp, para,
                          f"sau mỗi mục cần dấu «{rule.separator}»" + (
                              f", không phải «{end}»" if end else ""))


def noi_nhan_findings(p: Profile, layout: Layout, doc_type: str | None) -> Iterator[Finding]:
    paras = layout.of("noi_nhan_item")
    r = p.noi_nhan
    if not paras:
        return
    yield from list_findings(p, "noi_nhan_item", r, paras)
    items = _items(paras, r.item_prefix)
    first = items[0][1].lstrip("-–+ ")
    addressed = bool(layout.of("kinh_gui_label") or layout.of("kinh_gui_one"))
    if addressed and (doc_type or "cong_van") in r.same_as_above_types \
            and not key(first).startswith(key(r.same_as_above)):
        yield finding("as_above", p.name, "noi_nhan_item", items[0][0],
                      f"văn bản có Kính gửi: mục đầu Nơi nhận ghi «{r.same_as_above}»")
    head = r.same_as_article.split("{", 1)[0].strip()   # "Như Điều"
    articles = [x for x in layout.of("article_text") if x.text.strip().startswith("Điều")]
    if (doc_type in r.same_as_article_types and len(articles) > 1
            and not key(first).startswith(key(head))):
        n = len(articles)
        yield finding("as_above", p.name, "noi_nhan_item", items[0][0],
                      f"{doctypes.get(doc_type).name.lower()}: mục đầu Nơi nhận ghi "
                      f"«{r.same_as_article.format(n=n)}» (điều thi hành)")
    para, last = items[-1]
    body = last.lstrip("-–+ ").rstrip(".;,")
    head = r.archive.split("{", 1)[0]
    if not body.startswith(head.strip()) or (head.endswith(" ") and not body.startswith(head)):
        example = r.archive.format(unit="TH", office="Văn phòng Tỉnh ủy")
        yield finding("archive", p.name, "noi_nhan_item", para,
                      f"dòng cuối Nơi nhận cần là dòng lưu «{r.item_prefix}{example}{r.last}»")
    elif "{unit}" in r.archive:
        unit = body[len(head):].strip(" ,")
        code = re.split(r"[\s(]", unit, maxsplit=1)[0]
        # a unit code may mix cases (TTr: the Thanh tra sở); the copies kept go in
        # brackets after it (TH(03)), never run into a mixed-case code ("Th3", seed 002)
        if re.fullmatch(r"[A-ZĐ][A-Za-zĐđ]*[a-zđ][A-Za-zĐđ]*\d+", code):
            letters = code.rstrip("0123456789")
            example = f"{letters.upper()}({code[len(letters):].zfill(2)})"
            yield finding("archive", p.name, "noi_nhan_item", para,
                          f"ký hiệu «{code}» không rõ: viết tắt tên đơn vị soạn thảo, số bản "
                          f"lưu trong ngoặc đơn (vd. {example})",
                          severity="cảnh báo")


def body_findings(p: Profile, layout: Layout) -> Iterator[Finding]:
    body = [x.para for x in layout.parts if x.component in
            ("body", "section", "article_text", "chapter")]
    if body:
        last = body[-1]
        if not last.text.rstrip().endswith(p.end_mark):
            yield finding("end_mark", p.name, "body", last,
                          f"nội dung kết thúc bằng «{p.end_mark}»")
    if not p.numbering.strip_heading_stop:
        return
    for x in layout.parts:
        t = x.para.text.strip()
        heading = x.component == "section" or (
            x.component == "body" and len(t) < 120 and re.match(r"(?:\d{1,2}\.|[a-zđ]\))\s", t)
            and x.para.visible_runs and all(r.bold for r in x.para.visible_runs))
        if heading and t.endswith(".") and not t.endswith("./."):
            yield finding("heading_stop", p.name, x.component, x.para,
                          "đề mục không có dấu chấm ở cuối")


def spelling_findings(p: Profile, doc: Document) -> Iterator[Finding]:
    text = unicodedata.normalize("NFC", doc.text()).lower()
    for old, new in _table()["spelling_pairs"]:
        counts = {w: len(re.findall(rf"(?<!\w){w}(?!\w)", text)) for w in (old, new)}
        if all(counts.values()):
            first = next(x for x in doc.paras
                         if re.search(rf"(?<!\w){old}(?!\w)", unicodedata.normalize(
                             "NFC", x.text).lower()))
            yield finding("spelling", p.name, "body", first,
                          f"viết lẫn «{old}» ({counts[old]} lần) và «{new}» ({counts[new]} "
                          "lần); giữ một cách viết trong văn bản")


def citation_findings(p: Profile, doc: Document, read: ReadResult) -> Iterator[Finding]:
    starts: list[tuple[int, Para]] = []
    pos = 0
    last_cell = None
    for para in doc.paras:
        if last_cell is not None and para.cell != last_cell:
            pos += 1
        last_cell = para.cell
        starts.append((pos, para))
        pos += len(para.text) + 1
    for c in read.citations:
        for w in c.warnings:
            para = next((q for s, q in reversed(starts) if s <= c.span[0]), None)
            yield finding("citation", p.name, "body", para, f"«{c.text}»: {w}")
    for w in read.header.warnings:
        if not w.startswith("dòng số"):
            yield finding("header_read", p.name, "number", layout_number(doc), w)


def layout_number(doc: Document) -> Para | None:
    return next((x for x in doc.paras if x.text.strip().lower().startswith("số")), None)


def content_findings(p: Profile, doc: Document, layout: Layout, read: ReadResult,
                     on: dt.date | None, chart: Chart | None = None) -> list[Finding]:
    title = layout.first("title")
    t = _type_title(title.text) if title is not None else None
    doc_type = t.id if t else ("cong_van" if layout.letter else None)
    kinh_gui = layout.of("kinh_gui_item")
    return [*number_findings(p, layout, on),
            *date_findings(p, layout, expected_place(p, read, chart, on)),
            *summary_findings(p, layout), *signature_findings(p, layout),
            *posts_findings(p, layout, read, chart, on),
            *(list_findings(p, "kinh_gui_item", p.kinh_gui, kinh_gui) if kinh_gui else ()),
            *noi_nhan_findings(p, layout, doc_type), *body_findings(p, layout),
            *spelling_findings(p, doc), *citation_findings(p, doc, read)]


__all__ = ["_caps", "content_findings"]
