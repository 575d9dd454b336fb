"""Data tables for reading Vietnamese document references.

Kept apart from the parser so a clerk's correction (a new type word, a missing issuer
word) is a one-line data change. Type names and codes come from the project's one
vocabulary (cascade/data/doc_types.yaml); the rest: docs/format-rules.md §4 (symbols), §14
(the 2025 reform), docs/political-system.md §7 (issuer codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cascade import doctypes as _vocab


@dataclass(frozen=True)
class DocType:
    """A document type as the parser reads it, built from the one vocabulary
    (``cascade.doctypes``, cascade/data/doc_types.yaml).

    ``party``/``state`` is the type's first code in that system, None where that system
    writes none (a State công văn) or has no such type (``in_party``/``in_state`` tell
    the two apart); ``also`` are the other codes it may print (a joint kế hoạch numbered
    with a plain ``KH``, a Party quy định's ``QĐ``). ``None`` in both systems and issued
    by neither: the type follows from the symbol (``văn bản``). A multi-word name ("kế
    hoạch liên tịch") is a type of its own: the longest name written wins.
    """

    id: str
    word: str
    party: str | None
    state: str | None
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    in_party: bool = True
    in_state: bool = True

    def issued_in(self, system: str) -> bool:
        return self.in_party if system == "party" else self.in_state


def _from_vocabulary(t: _vocab.DocType) -> DocType:
    party = [c.code for c in t.party]
    state = [c.code for c in t.state]
    also = tuple(dict.fromkeys(party[1:] + state[1:]))
    return DocType(t.id, t.word, party[0] if party else None, state[0] if state else None,
                   t.aliases, also, t.issued_by("party"), t.issued_by("state"))


DOC_TYPES: tuple[DocType, ...] = tuple(_from_vocabulary(t) for t in _vocab.all_types())

TYPE_BY_WORD: dict[str, DocType] = {}
for _t in DOC_TYPES:
    for _w in (_t.word, *_t.aliases):
        TYPE_BY_WORD[_w] = _t

# Code in a symbol → type word, per system, for bare symbols and generic "văn bản": the
# first type with the code names it (a Party "QĐ" is a quyết định; "CTr" a chương trình).
PARTY_CODE_TYPES: dict[str, str] = {c: t.word for c, t in _vocab.by_code("party").items()}
STATE_CODE_TYPES: dict[str, str] = {c: t.word for c, t in _vocab.by_code("state").items()}

# Every type code as printed, for repairing its case ("CTR", "Ctr" → "CTr"; "QĐI" → "QĐi").
TYPE_CODES: frozenset[str] = frozenset(PARTY_CODE_TYPES) | frozenset(STATE_CODE_TYPES)


def party_quy_dinh_code(on: dt.date | None) -> str:
    """The Party code of a quy định issued on ``on``: QĐi under Hướng dẫn 36-HD/VPTW, QĐ
    from Quy định 399-QĐ/TW (the vocabulary's dated codes); the 2018 code when unknown,
    as nearly every quy định cited today was issued under it."""
    qd = _vocab.get("quy_dinh")
    return (qd.code("party", on) if on is not None else None) or qd.party[0].code


# Words that open the implementing clause: the citation right after one is the parent.
PARENT_TRIGGERS: tuple[str, ...] = (
    "Thực hiện",
    "Căn cứ",
    "Triển khai thực hiện",
    "Triển khai",
)
# Only these may open a "- " list item: a Party căn cứ list ("- Căn cứ …;"); a bulleted
# "- Thực hiện Kết luận …" is a task of the body, not the document's parent.
BULLETED_TRIGGERS: tuple[str, ...] = ("Căn cứ",)

# "Thực hiện chỉ đạo của Thường trực Tỉnh ủy tại Công văn số …": the citation after
# one of these words still heads its item.
BRIDGE_WORDS: tuple[str, ...] = ("tại", "theo")

# Words that may stand between two parent citations of one list.
LIST_CONNECTORS: tuple[str, ...] = ("và", "các", "cùng", "cũng như")

# Lower-case syllables that occur inside names of bodies ("Ủy ban nhân dân tỉnh",
# "Ban cán sự đảng", "Bộ Chính trị"): an issuer phrase continues over them and stops
# at any other lower-case word (the subject: "về", "quán triệt" …).
def _words(text: str) -> frozenset[str]:
    """A word list written as text, so it reads like the names it comes from."""
    return frozenset(text.split())


ISSUER_INNER_WORDS: frozenset[str] = _words(
    """
    ủy uỷ ban nhân dân tỉnh thành phố huyện quận xã phường thị trấn đặc khu
    trị thư vụ và đảng bộ cán sự các cơ quan chính giáo vận tra kiểm sát trung ương hành
    chấp đồng trận quốc chức phòng hóa hoá thao lịch pháp nghiệp trường dựng học nghệ
    dục tạo tế an tướng phủ hội trực đạo huy án đoàn động vực khu hiệp lao binh
    khóa khoá tịch tối cao niên sản nữ chiến hoạch tư thông tải nguyên tin lý thương
    hàng nước bạc toán chí bản nghị lần thứ
    """
)

# An issuer phrase never takes these words even though they are in the list above
# (matched as written: "Ban Chỉ đạo" is a name, "chỉ đạo" is not).
ISSUER_STOP_PHRASES: tuple[str, ...] = (
    "ban hành",
    "về",
    "Về",
    "v/v",
    "V/v",
    "V/V",
    "tại",
    "chỉ đạo",
    "hướng dẫn",
    "thực hiện",
    "thông báo",
    "thông qua",
    "đã",
    "kèm",
    "và các văn bản",
)

# A number inside a name only follows these words ("khu vực 8", "Ban Chỉ đạo 35").
# ("Hội nghị Trung ương 7 khóa X": the plenum's number)
ISSUER_NUMBER_AFTER: frozenset[str] = frozenset({"vực", "đạo", "ương", "thứ"})

# A plenum's ordinal spelt out ("Hội nghị lần thứ sáu", "lần thứ mười hai Ban Chấp hành
# Trung ương"): these words belong to an issuer phrase only right after "thứ" or another
# of them.
ISSUER_ORDINAL_WORDS: frozenset[str] = _words(
    "nhất hai ba tư bốn năm sáu bảy tám chín mười mốt một lăm"
)

# Names that end an issuer phrase: nothing that follows belongs to it. Sorted longest
# first when compiled.
TERMINAL_ISSUERS: tuple[str, ...] = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "Quốc hội",
)

# Names with a comma inside: the comma does not end the issuer phrase.
COMMA_NAMES: tuple[str, ...] = (
    "Văn hóa, Thể thao và Du lịch",
    "Lao động, Thương binh và Xã hội",
    "Chính sách, chiến lược",
)

# Heads of issuer phrases that say which system the issuer belongs to. Checked in
# order on the phrase's key; the first match wins ("Đảng ủy UBND tỉnh" is Party).
ISSUER_SYSTEM_HEADS: tuple[tuple[str, str], ...] = (
    ("ban thường vụ", "party"),
    ("thường trực tỉnh ủy", "party"),
    ("thường trực thành ủy", "party"),
    ("thường trực huyện ủy", "party"),
    ("thường trực đảng ủy", "party"),
    ("ban chấp hành", "party"),
    ("hội nghị trung ương", "party"),
    ("hội nghị lần thứ", "party"),
    ("bộ chính trị", "party"),
    ("ban bí thư", "party"),
    ("ban cán sự đảng", "party"),
    ("đảng đoàn", "party"),
    ("đảng ủy", "party"),
    ("tỉnh ủy", "party"),
    ("thành ủy", "party"),
    ("huyện ủy", "party"),
    ("quận ủy", "party"),
    ("thị ủy", "party"),
    ("chi bộ", "party"),
    ("quân ủy", "party"),
    ("văn phòng trung ương đảng", "party"),
    ("ban tuyên giáo", "party"),
    ("ban dân vận", "party"),
    ("ban tổ chức", "party"),
    ("ban nội chính", "party"),
    ("ban kinh tế", "party"),
    ("ban chính sách", "party"),
    ("ban xây dựng đảng", "party"),
    ("ủy ban kiểm tra", "party"),
    ("ủy ban nhân dân", "state"),
    ("ubnd", "state"),
    ("hội đồng nhân dân", "state"),
    ("hđnd", "state"),
    ("thường trực hội đồng nhân dân", "state"),
    ("chủ tịch", "state"),
    ("sở", "state"),
    ("bộ", "state"),
    ("chính phủ", "state"),
    ("thủ tướng", "state"),
    ("quốc hội", "state"),
    ("ủy ban thường vụ quốc hội", "state"),
    ("thanh tra", "state"),
    ("công an", "state"),
    ("văn phòng ủy ban nhân dân", "state"),
    ("tòa án", "state"),
    ("viện kiểm sát", "state"),
)

# Human labels for output (CLI messages are Vietnamese).
SYSTEM_LABELS: dict[str, str] = {"party": "Đảng", "state": "Nhà nước"}
ROLE_LABELS: dict[str, str] = {
    "parent": "văn bản cấp trên trực tiếp",
    "root": "văn bản gốc của Trung ương",
    "mention": "nhắc đến",
    "alias": "tên viết tắt",
    "proposal": "tờ trình, đề nghị",
    "repeat": "nhắc lại",
}
ISSUER_SOURCE_LABELS: dict[str, str] = {
    "text": "ghi trong câu", "symbol": "theo mã trong ký hiệu",
    "context": "theo văn bản được nhắc cùng", "registry": "theo danh mục văn bản Trung ương",
}

# ------------------------------------------------------------------ damaged forms

# Look-alike glyphs fonts and OCR put for Vietnamese letters: repaired one for one.
GLYPH_FIXES: dict[str, str] = {
    "\u00d0": "Đ",  # Ð LATIN CAPITAL LETTER ETH (Icelandic), the usual slip for Đ
    "\u00f0": "đ",  # ð
    "\u0189": "Đ",  # Ɖ LATIN CAPITAL LETTER AFRICAN D
    "\u0256": "đ",  # ɖ
}

# Issuer codes that make a symbol Party whatever its separators ("58/KH-TU" is 58-KH/TU):
# a committee code at the end of the issuer part (docs/political-system.md §7), or one of the
# whole codes below (chi bộ, congress, Đảng đoàn, Ban cán sự đảng, Đảng ủy Khối).
PARTY_CODE_SUFFIXES: tuple[str, ...] = ("TW", "TU", "ĐU", "HU", "QU")
PARTY_WHOLE_CODES: frozenset[str] = frozenset({"CB", "ĐH", "ĐĐ", "BCSĐ", "ĐUK", "HNTW"})
# Issuer codes that make a symbol State ("12-KH/UBND" is 12/KH-UBND): NĐ 30/2020/NĐ-CP
# Phụ lục III and the codes the chart gives its State bodies.
STATE_CODE_PATTERNS: tuple[str, ...] = (
    r"UBND", r"HĐND", r"CP", r"TTg", r"VPCP", r"QH\d*", r"UBTVQH\d*", r"TANDTC",
    r"VKSNDTC", r"TTCP", r"NHNN", r"KTNN", r"CAT", r"S[A-ZĐ][A-ZĐa-z]{1,8}",
    # ministries (a bare "B…" is no State code: "BCĐ", a Ban Chỉ đạo, is either system)
    r"BNV", r"BTC", r"BTP", r"BCA", r"BQP", r"BYT", r"BXD", r"BCT", r"BGDĐT", r"BKHĐT",
    r"BTNMT", r"BNNPTNT", r"BNNMT", r"BVHTTDL", r"BTTTT", r"BKHCN", r"BGTVT", r"BLĐTBXH",
    r"BNG", r"BDTTG",
)
# Codes a stray space may split ("KL/T W", "C V/HU"): joined only when the result is one
# of these, a type code or a Party committee code.
JOINABLE_STATE_CODES: frozenset[str] = frozenset({"UBND", "HĐND", "CP", "TTg", "VPCP"})

# OCR reads these for the letters of a code: tried in turn, kept when the code is known.
OCR_LETTERS: dict[str, tuple[str, ...]] = {"0": ("Q", "O"), "Ư": ("W",)}

# ------------------------------------------------------------------ issuer phrases

# Abbreviations in issuer phrases, with the words and capitals of the full name
# (NĐ 30/2020/NĐ-CP Phụ lục II). Their key forms are orgchart.text.ABBREVIATIONS.
ISSUER_ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
    "TT": "Thường trực",
    "TT.": "Thường trực",
    "UBKT": "Ủy ban Kiểm tra",
    "BCH": "Ban Chấp hành",
    "BCĐ": "Ban Chỉ đạo",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
    "T.Ư": "Trung ương",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "TAND": "Tòa án nhân dân",
    "VKSND": "Viện kiểm sát nhân dân",
    "TG&DV": "Tuyên giáo và Dân vận",
    "TGDV": "Tuyên giáo và Dân vận",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "TP": "thành phố",
    "TP.": "thành phố",
}

# Names of bodies with their capitals, for an issuer printed in capitals ("BAN THƯỜNG VỤ
# TỈNH ỦY" → "Ban Thường vụ Tỉnh ủy"). Other words: level words lower case, the rest
# (place names) with a capital first letter.
ISSUER_CASE: tuple[str, ...] = (
    "Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương", "Ban Chấp hành Đảng bộ",
    "Ban Chấp hành", "Bộ Chính trị", "Ban Bí thư", "Ban Thường vụ", "Thường trực",
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Đảng bộ", "Chi bộ",
    "Ban cán sự đảng", "Đảng đoàn", "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo",
    "Ban Dân vận", "Ban Tổ chức", "Ban Nội chính", "Ban Kinh tế", "Ban Xây dựng Đảng",
    "Ban Chính sách, chiến lược", "Ủy ban Kiểm tra", "Văn phòng", "Ban Chỉ đạo",
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc", "Chủ tịch", "Sở", "Bộ", "Phòng", "Chính phủ",
    "Thủ tướng Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Thanh tra", "Công an",
    "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Trung ương", "Đảng", "Nội vụ", "Tư pháp",
    "Tài chính", "Công Thương", "Nông nghiệp và Môi trường", "Xây dựng",
    "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch", "Giáo dục và Đào tạo", "Y tế",
    "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội", "Nông nghiệp và Phát triển nông thôn",
    "Giao thông vận tải", "Dân tộc và Tôn giáo", "Ngoại vụ",
)
LEVEL_WORDS_LOWER: tuple[str, ...] = (
    "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
    "các", "và", "của",
)

# The level an issuer phrase names by itself, by its committee or level word (checked in
# order, on the key of the phrase; "Thành ủy" and "thành phố" are a province or, before
# 1/7/2025, a district's city, so they say nothing alone).
ISSUER_LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    ("trung ương", "central"), ("bộ chính trị", "central"), ("ban bí thư", "central"),
    ("chính phủ", "central"), ("quốc hội", "central"), ("tối cao", "central"),
    ("tỉnh ủy", "province"), ("đảng bộ tỉnh", "province"), ("tỉnh", "province"),
    ("sở", "province"),
    ("huyện ủy", "district"), ("quận ủy", "district"), ("thị ủy", "district"),
    ("huyện", "district"), ("quận", "district"), ("thị xã", "district"),
    ("xã", "commune"), ("phường", "commune"), ("thị trấn", "commune"), ("đặc khu", "commune"),
)
# A head word that opens a phrase naming a central body ("Bộ Nội vụ"): level central.
CENTRAL_HEADS: tuple[str, ...] = ("bộ ", "thủ tướng", "chủ tịch nước")
# Level said by a Party committee code in the symbol (TU: a province, or before 1/7/2025
# also a district's Thị ủy or Thành ủy, so only from that day).
CODE_LEVELS: dict[str, str] = {"TW": "central", "HU": "district", "QU": "district"}
# State codes of central bodies (NĐ 30/2020/NĐ-CP Phụ lục III; ministries as in
# STATE_CODE_PATTERNS): the level of a reference that names no issuer.
CENTRAL_STATE_CODES = (r"CP|TTg|VPCP|(?:UBTV)?QH\d*|TANDTC|VKSNDTC|TTCP|NHNN|KTNN|BNV|BTC|BTP|"
                       r"BCA|BQP|BYT|BXD|BCT|BGDĐT|BKHĐT|BTNMT|BNNPTNT|BNNMT|BVHTTDL|BTTTT|"
                       r"BKHCN|BGTVT|BLĐTBXH|BNG|BDTTG")
PROVINCE_ONLY_CODE_FROM = dt.date(2025, 7, 1)

# The committee word of an issuer phrase and the code its symbols end with.
COMMITTEE_CODES: tuple[tuple[str, str], ...] = (
    ("ban chấp hành trung ương", "TW"), ("bộ chính trị", "TW"), ("ban bí thư", "TW"),
    ("tỉnh ủy", "TU"), ("thành ủy", "TU"), ("thị ủy", "TU"), ("đảng bộ tỉnh", "TU"),
    ("đảng bộ thành phố", "TU"), ("huyện ủy", "HU"), ("đảng bộ huyện", "HU"),
    ("quận ủy", "QU"), ("đảng bộ quận", "QU"), ("đảng ủy", "ĐU"),
)
# State heads and the issuer code their symbols carry (regex on the code).
STATE_HEAD_CODES: tuple[tuple[str, str], ...] = (
    ("chủ tịch ủy ban nhân dân", r"UBND"), ("ủy ban nhân dân", r"UBND"),
    ("thường trực hội đồng nhân dân", r"HĐND"), ("hội đồng nhân dân", r"HĐND"),
    ("sở", r"S\w+"), ("thủ tướng", r"TTg"), ("chính phủ", r"CP"),
    ("ủy ban thường vụ quốc hội", r"UBTVQH\d*"), ("quốc hội", r"QH\d*"),
)

# Words that follow a joint issuer list ("của Bộ Chính trị, Ban Bí thư về …"); anything
# else (a verb: "…, Ban Thường vụ Huyện ủy yêu cầu") makes the next name a new subject.
JOINT_FOLLOWERS: tuple[str, ...] = ("về", "v/v", "ngày", "khóa", "khoá", "tại", "số")

# Phrases that open an issuer of their own (a second issuer after "và", ",", " - ").
ISSUER_HEADS: tuple[str, ...] = (
    "ban", "bộ", "ủy ban", "uỷ ban", "sở", "văn phòng", "hội đồng", "thường trực",
    "thanh tra", "đảng ủy", "đảng uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ",
    "huyện ủy", "huyện uỷ", "chính phủ", "thủ tướng", "quốc hội", "tòa án", "toà án",
    "viện kiểm sát", "công an", "mặt trận", "tỉnh đoàn", "đoàn thanh niên", "ubnd",
    "hđnd", "ubmttq", "btv", "liên đoàn", "hội",
)

# Party congresses: a Central Committee term runs from the close of its congress to the
# close of the next (docs/format-rules.md §4). XIV: 19–23/01/2026 (vneconomy.vn, Thông cáo báo
# chí phiên bế mạc, 23/01/2026); earlier ones as recorded in the congresses' documents.
PARTY_TERMS: tuple[tuple[str, dt.date], ...] = (
    ("X", dt.date(2006, 4, 25)), ("XI", dt.date(2011, 1, 19)), ("XII", dt.date(2016, 1, 28)),
    ("XIII", dt.date(2021, 2, 1)), ("XIV", dt.date(2026, 1, 23)),
)
# National Assembly terms by the years their numbers (…/QH15) can carry.
ASSEMBLY_TERMS: dict[int, tuple[int, int]] = {
    12: (2007, 2011), 13: (2011, 2016), 14: (2016, 2021), 15: (2021, 2026), 16: (2026, 2031),
}
# Bodies that ended on a known day (docs/format-rules.md §14): a citation dated later that
# names one as its issuer is wrong somewhere.
ENDED_ISSUERS: tuple[tuple[str, dt.date], ...] = (
    ("huyện ủy", dt.date(2025, 6, 30)), ("quận ủy", dt.date(2025, 6, 30)),
    ("thị ủy", dt.date(2025, 6, 30)), ("ủy ban nhân dân huyện", dt.date(2025, 6, 30)),
    ("ủy ban nhân dân quận", dt.date(2025, 6, 30)),
    ("ủy ban nhân dân thị xã", dt.date(2025, 6, 30)),
    ("hội đồng nhân dân huyện", dt.date(2025, 6, 30)),
)

# Words that say nothing of a subject ("về tiếp tục tăng cường sự lãnh đạo của Đảng …"):
# left out when the text after a reference is compared with the registry's subjects.
SUBJECT_STOPWORDS: frozenset[str] = _words(
    """
    về việc của và các với đối trong những một số sự là được cho tại theo năm đến
    """
)

# ------------------------------------------------------------------ roles

# Items that propose rather than direct (a quyết định's "Theo đề nghị của … tại Tờ trình
# số …"): their citations are proposals, never the parent.
PROPOSAL_TRIGGERS: tuple[str, ...] = (
    "Theo đề nghị", "Xét đề nghị", "Căn cứ đề nghị", "Theo đề xuất", "Xét đề xuất",
    "Xét Tờ trình", "Theo Tờ trình", "Xét báo cáo",
)
# "(sau đây viết tắt là Kết luận số 107-KL/TW)": the short name of what precedes it.
ALIAS_OPENERS: tuple[str, ...] = (
    "sau đây viết tắt là", "sau đây gọi tắt là", "sau đây gọi là", "viết tắt là",
    "gọi tắt là", "sau đây viết là",
)
# "Ngày 05/3/2025, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số …": the verbs after which
# the issuer stands before its document.
# ("… Trần Cẩm Tú ký ban hành" names the signer, not the issuer: not one of them.)
ISSUED_VERBS: tuple[str, ...] = ("đã ban hành", "vừa ban hành", "ban hành", "đã có", "có")
# "chỉ đạo của Thường trực Tỉnh ủy tại Công văn số …": the issuer stands before "tại".
ISSUER_BEFORE_BRIDGES: tuple[str, ...] = ("tại", "theo")

# Verbs after which the opening sentence's subject is the issuing body acting ("…, Ban
# Thường vụ Thành ủy yêu cầu …", "…; Sở Văn hóa, Thể thao và Du lịch xây dựng kế hoạch").
ACTING_VERBS: tuple[str, ...] = (
    "yêu cầu", "đề nghị", "hướng dẫn", "ban hành", "xây dựng", "chỉ đạo", "thông báo",
    "kết luận", "quyết định", "giao", "triển khai", "đề ra", "tổ chức", "lãnh đạo",
    "trân trọng", "quán triệt",
)

# ------------------------------------------------------------------ lists and signatures

# Purpose notes of a Nơi nhận item (docs/format-rules.md §10, docs/political-system.md §6).
PURPOSES: tuple[tuple[str, str], ...] = (
    ("để b/c", "report"), ("b/c", "report"), ("để báo cáo", "report"), ("báo cáo", "report"),
    ("để theo dõi", "follow"), ("theo dõi", "follow"), ("để chỉ đạo", "direct"),
    ("chỉ đạo", "direct"), ("để thực hiện", "execute"), ("thực hiện", "execute"),
    ("t/h", "execute"), ("để biết", "inform"), ("biết", "inform"),
    ("để phối hợp", "coordinate"), ("phối hợp", "coordinate"), ("để p/h", "coordinate"),
    ("để giám sát", "follow"), ("để kiểm tra", "follow"),
)
# Words that open a signer's title line; a capitals line under a prefix that opens with
# none of them is the prefix line wrapped ("TL. CHỦ TỊCH ỦY" / "BAN NHÂN DÂN TỈNH").
TITLE_HEADS: tuple[str, ...] = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "BÍ THƯ", "PHÓ BÍ THƯ",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "CHỦ NHIỆM",
    "PHÓ CHỦ NHIỆM", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "TỔNG",
    "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "ỦY VIÊN", "UỶ VIÊN", "THƯỜNG TRỰC BAN BÍ THƯ", "KT.", "K/T", "Q.", "TUQ.", "TL.",
    "T/L", "TRƯỞNG", "PHÓ", "CHÁNH", "GIÁM", "TỔNG BÍ THƯ",
)
