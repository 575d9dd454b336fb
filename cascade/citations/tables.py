"""Data tables for reading Vietnamese document references.

Kept apart from the parser so a clerk's correction (a new type word, a missing issuer
word) is a one-line data change. Sources: format-rules.md §4 (type codes per system),
§13 (QĐi → QĐ for Party quy định), political-system.md §7 (issuer codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    """A document type: its word as written and its code in each system.

    ``party``/``state`` is None where that system has no such type (State has no
    thông tri); ``None`` in both means the code comes from the symbol (``văn bản``).
    """

    word: str
    party: str | None
    state: str | None
    aliases: tuple[str, ...] = ()


# Công văn has no code in a State symbol (``762/UBND-TCDNC``) but is reported as CV.
DOC_TYPES: tuple[DocType, ...] = (
    DocType("kết luận", "KL", "KL"),
    DocType("chỉ thị", "CT", "CT"),
    DocType("nghị quyết", "NQ", "NQ"),
    DocType("nghị quyết liên tịch", "NQLT", "NQLT"),
    DocType("quy định", "QĐi", "QyĐ"),  # Party code depends on the era: PARTY_CODE_ERAS
    DocType("quyết định", "QĐ", "QĐ"),
    DocType("công văn", "CV", "CV", aliases=("công văn hỏa tốc", "công văn khẩn")),
    DocType("kế hoạch", "KH", "KH", aliases=("kế hoạch liên tịch",)),
    DocType("hướng dẫn", "HD", "HD", aliases=("hướng dẫn liên tịch",)),
    DocType("thông báo", "TB", "TB", aliases=("thông báo kết luận",)),
    DocType("thông tri", "TT", None),
    DocType("báo cáo", "BC", "BC"),
    DocType("tờ trình", "TTr", "TTr"),
    DocType("chương trình", "CTr", "CTr", aliases=("chương trình hành động",)),
    DocType("đề án", "ĐA", "ĐA"),
    DocType("quy chế", "QC", "QC"),
    DocType("phương án", "PA", "PA"),
    DocType("dự án", None, "DA"),
    DocType("biên bản", "BB", "BB"),
    DocType("thông cáo", None, "TC"),
    DocType("công điện", None, "CĐ"),
    DocType("giấy mời", None, "GM"),
    DocType("nghị định", None, "NĐ"),
    DocType("thông tư", None, "TT"),
    DocType("thông tư liên tịch", None, "TTLT"),
    DocType("văn bản", None, None),  # generic: the type follows from the symbol
)

TYPE_BY_WORD: dict[str, DocType] = {}
for _t in DOC_TYPES:
    for _w in (_t.word, *_t.aliases):
        TYPE_BY_WORD[_w] = _t

# Code in a symbol → type word, per system, for bare symbols and generic "văn bản".
PARTY_CODE_TYPES: dict[str, str] = {
    t.party: t.word for t in DOC_TYPES if t.party and t.word != "quy định"
} | {"QĐi": "quy định", "BS": "bản sao", "ĐH": "văn kiện đại hội"}
STATE_CODE_TYPES: dict[str, str] = {t.state: t.word for t in DOC_TYPES if t.state}

# Party quy định changed code: QĐi under Hướng dẫn 36-HD/VPTW (2018), QĐ from
# Quy định 399-QĐ/TW (09/01/2026); old numbers are cited as issued.
PARTY_QUY_DINH_NEW_CODE_FROM = dt.date(2026, 1, 9)


def party_quy_dinh_code(on: dt.date | None) -> str:
    """The Party code of a quy định issued on ``on`` (the 2018 code when unknown)."""
    if on is not None and on >= PARTY_QUY_DINH_NEW_CODE_FROM:
        return "QĐ"
    return "QĐi"


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
    hàng nước bạc toán chí bản
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
ISSUER_NUMBER_AFTER: frozenset[str] = frozenset({"vực", "đạo"})

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
ROLE_LABELS: dict[str, str] = {"parent": "văn bản cấp trên trực tiếp", "mention": "nhắc đến"}
