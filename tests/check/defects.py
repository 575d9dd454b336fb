"""Seeded defects: a generated draft, edited with python-docx the way a hand would spoil
it, each edit making one fault a văn thư would mark (and the rule the checker names)."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from cascade.drafts.build import render_draft
from tests.drafts.conftest import FIXED
from tests.drafts.samples import sample_draft


def paragraphs(d: Document) -> Iterator[Paragraph]:
    """Body paragraphs and those of every table cell, in order."""
    yield from d.paragraphs
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def find(d: Document, test: Callable[[str], bool]) -> Paragraph:
    return next(p for p in paragraphs(d) if test(p.text))


def starting(d: Document, head: str) -> Paragraph:
    return find(d, lambda t: t.startswith(head))


def set_text(p: Paragraph, text: str) -> None:
    runs = [r for r in p.runs if r.text]
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def replace(p: Paragraph, old: str, new: str) -> None:
    assert old in p.text, (old, p.text)
    set_text(p, p.text.replace(old, new))


def drop(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


def body_paras(d: Document) -> list[Paragraph]:
    return [p for p in d.paragraphs if p.text.strip()
            and p.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
            and p.text[:1].isupper() and p.paragraph_format.first_line_indent]


def bordered(cell) -> Paragraph:
    return next(p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
                is not None)


@dataclass(frozen=True)
class Defect:
    name: str
    profile: str
    doc_type: str
    rule: str
    edit: Callable[[Document], None]
    mechanical: bool = False
    dated: bool = True


def _runs(p: Paragraph, **props) -> None:
    for r in p.runs:
        for k, v in props.items():
            if k == "size":
                r.font.size = Pt(v)
            else:
                setattr(r, k, v)


def _header_cell(d: Document, row: int, col: int):
    return d.tables[0].cell(row, col)


def _no_page_field(d: Document) -> None:
    for p in d.sections[0].header.paragraphs:
        for r in list(p._p.iter(qn("w:r"))):
            r.getparent().remove(r)


def _first_page_number(d: Document) -> None:
    d.sections[0].different_first_page_header_footer = False


def _deputy_line(d: Document) -> None:
    """"K/T BÍ THƯ" between "T/M BAN THƯỜNG VỤ" and "PHÓ BÍ THƯ", as a State deputy signs."""
    prefix = starting(d, "T/M")
    line = copy.deepcopy(prefix._p)
    prefix._p.addnext(line)
    set_text(Paragraph(line, prefix._parent), "K/T BÍ THƯ")


def _rule_indent(p: Paragraph, mm: float) -> None:
    """The rule drawn shorter: its paragraph indented ``mm`` on each side."""
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(mm)


def _kg_sep(d: Document) -> None:
    replace(starting(d, "- Các sở"), "tỉnh;", "tỉnh,")


def _mixed_spelling(d: Document) -> None:
    p = body_paras(d)[0]
    set_text(p, p.text.replace("Bộ Chính trị", "Bộ Chính trị và Thành uỷ"))


DEFECTS: tuple[Defect, ...] = (
    Defect("cỡ chữ số, ký hiệu 12 pt", "nd30", "cong_van", "size",
           lambda d: _runs(starting(d, "Số:"), size=12), True),
    Defect("tên cơ quan ban hành không đậm", "nd30", "ke_hoach", "bold",
           lambda d: _runs(starting(d, "SỞ VĂN HÓA"), bold=False), True),
    Defect("dòng ngày tháng không nghiêng", "nd30", "ke_hoach", "italic",
           lambda d: _runs(find(d, lambda t: ", ngày" in t), italic=False), True),
    Defect("mất đường kẻ dưới tên cơ quan", "nd30", "cong_van", "issuer_rule",
           lambda d: drop(bordered(_header_cell(d, 0, 0)))),
    Defect("mất đường kẻ dưới tiêu ngữ", "nd30", "ke_hoach", "national_rule",
           lambda d: drop(bordered(_header_cell(d, 0, 1)))),
    Defect("mất dấu sao", "hd36", "ke_hoach", "issuer_mark",
           lambda d: drop(find(d, lambda t: t == "*"))),
    Defect("mất dòng -----", "hd36", "huong_dan", "summary_rule",
           lambda d: drop(find(d, lambda t: t == "-----"))),
    Defect("mất đường kẻ dưới trích yếu", "nd30", "ke_hoach", "summary_rule",
           lambda d: drop(next(p for p in d.paragraphs if not p.text.strip()
                               and p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None))),
    Defect("Số 12/KH-UBND trong văn bản của Đảng", "hd36", "ke_hoach", "number_pattern",
           lambda d: set_text(starting(d, "Số"), "Số 12/KH-ĐU")),
    Defect("số 5 không có số 0", "nd30", "ke_hoach", "number_zero",
           lambda d: set_text(starting(d, "Số:"), "Số: 5/KH-SVHTTDL"), True),
    Defect("ngày 5 tháng 1", "nd30", "cong_van", "date_zero",
           lambda d: replace(find(d, lambda t: ", ngày" in t), "ngày 05 tháng 01",
                             "ngày 5 tháng 1"), True),
    Defect("TM. trong chữ ký văn bản của Đảng", "hd36", "ke_hoach", "authority_word",
           lambda d: replace(starting(d, "T/M"), "T/M", "TM.")),
    Defect("K/T dưới T/M của cấp ủy", "hd36", "ke_hoach", "authority_word",
           _deputy_line),
    Defect("Nơi nhận dấu phẩy thay chấm phẩy", "nd30", "ke_hoach", "list_separator",
           lambda d: replace(starting(d, "- Lãnh đạo"), ";", ","), True),
    Defect("Nơi nhận mục cuối không có dấu chấm", "hd36", "ke_hoach", "list_separator",
           lambda d: replace(starting(d, "- Lưu"), "ủy.", "ủy"), True),
    Defect("Kính gửi dấu phẩy", "nd30", "cong_van", "list_separator", _kg_sep, True),
    Defect("mất số trang", "nd30", "ke_hoach", "page_number", _no_page_field),
    Defect("số trang ở trang đầu", "hd36", "ke_hoach", "page_number_first",
           _first_page_number, True),
    Defect("lề trái 25 mm", "nd30", "ke_hoach", "margins",
           lambda d: setattr(d.sections[0], "left_margin", Mm(25)), True),
    Defect("lề phải 20 mm văn bản của Đảng", "hd05", "cong_van", "margins",
           lambda d: setattr(d.sections[0], "right_margin", Mm(20)), True),
    Defect("khổ Letter", "nd30", "cong_van", "page_size",
           lambda d: setattr(d.sections[0], "page_width", Mm(215.9)), True),
    Defect("phông Arial", "nd30", "ke_hoach", "font",
           lambda d: setattr(next(r for r in body_paras(d)[0].runs if r.text).font, "name",
                             "Arial"), True),
    Defect("nội dung canh trái", "nd30", "ke_hoach", "align",
           lambda d: setattr(body_paras(d)[0].paragraph_format, "alignment", 0), True),
    Defect("không lùi đầu dòng", "hd36", "ke_hoach", "indent",
           lambda d: setattr(body_paras(d)[0].paragraph_format, "first_line_indent", Mm(0)),
           True),
    Defect("giãn dòng đơn văn bản của Đảng", "hd05", "ke_hoach", "line",
           lambda d: setattr(body_paras(d)[0].paragraph_format, "line_spacing", 1.0), True),
    Defect("không cách đoạn", "nd30", "bao_cao", "gap",
           lambda d: (setattr(body_paras(d)[0].paragraph_format, "space_before", Pt(0)),
                      setattr(body_paras(d)[0].paragraph_format, "space_after", Pt(0))), True),
    Defect("trích yếu công văn thiếu V/v", "nd30", "cong_van", "cv_summary",
           lambda d: replace(starting(d, "V/v"), "V/v ", "")),
    Defect("V/v trong công văn của Đảng", "hd36", "cong_van", "cv_summary",
           lambda d: set_text(starting(d, "Triển khai"), "V/v triển khai thực hiện")),
    Defect("ký hiệu BC dưới tên KẾ HOẠCH", "nd30", "ke_hoach", "type_code",
           lambda d: set_text(starting(d, "Số:"), "Số: 12/BC-SVHTTDL")),
    Defect("Tỉnh Lai Châu trước ngày", "nd30", "cong_van", "place_level",
           lambda d: replace(find(d, lambda t: ", ngày" in t), "Lai Châu,", "Tỉnh Lai Châu,")),
    Defect("Lưu: VT trong văn bản của Đảng", "hd36", "ke_hoach", "archive",
           lambda d: set_text(starting(d, "- Lưu"), "- Lưu: VT, ĐU.")),
    Defect("dòng lưu văn bản Nhà nước thiếu VT", "nd30", "ke_hoach", "archive",
           lambda d: set_text(starting(d, "- Lưu"), "- Lưu Văn phòng.")),
    Defect("PHÓ BÍ THƯ THƯỜNG TRỰC dưới T/M (HD 05)", "hd05", "ke_hoach", "signer_title",
           lambda d: set_text(starting(d, "PHÓ BÍ THƯ"), "PHÓ BÍ THƯ THƯỜNG TRỰC")),
    Defect("Nơi nhận không gạch chân", "hd36", "ke_hoach", "underline",
           lambda d: _runs(starting(d, "Nơi nhận"), underline=False), True),
    Defect("tên loại 14 pt văn bản của Đảng", "hd05", "ke_hoach", "size",
           lambda d: _runs(starting(d, "KẾ HOẠCH"), size=14), True),
    Defect("chức vụ người ký in đậm văn bản của Đảng", "hd36", "bao_cao", "bold",
           lambda d: _runs(starting(d, "PHÓ BÍ THƯ"), bold=True), True),
    Defect("đường kẻ dưới tên cơ quan quá ngắn", "nd30", "cong_van", "rule_length",
           lambda d: _rule_indent(bordered(_header_cell(d, 0, 0)), 27)),
    Defect("đường kẻ dưới tiêu đề Đảng quá ngắn", "hd36", "ke_hoach", "rule_length",
           lambda d: _rule_indent(bordered(_header_cell(d, 0, 1)), 30)),
    Defect("quyết định thiếu «Như Điều 3» ở Nơi nhận", "nd30", "quyet_dinh", "as_above",
           lambda d: set_text(starting(d, "- Như Điều"), "- Các cơ quan liên quan;")),
    Defect("công văn thiếu «Như trên» ở Nơi nhận", "nd30", "cong_van", "as_above",
           lambda d: set_text(starting(d, "- Như trên"), "- Các sở, ngành;")),
    Defect("thiếu ./. cuối nội dung", "nd30", "ke_hoach", "end_mark",
           lambda d: replace(next(p for p in reversed(d.paragraphs) if p.text.strip()),
                             "./.", ".")),
    Defect("đề mục có dấu chấm", "nd30", "ke_hoach", "heading_stop",
           lambda d: replace(starting(d, "1. Mục đích"), "Mục đích", "Mục đích.")),
    Defect("viết lẫn uỷ và ủy", "nd30", "ke_hoach", "spelling", _mixed_spelling),
)


def clean(profile: str, doc_type: str) -> bytes:
    """The draft a defect starts from: dated and numbered blank (sample_draft)."""
    return render_draft(sample_draft(profile, doc_type), FIXED)


def spoiled(defect: Defect) -> bytes:
    d = docx.Document(io.BytesIO(clean(defect.profile, defect.doc_type)))
    defect.edit(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
