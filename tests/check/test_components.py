"""Components are told by text and place, also in a document typed without tables."""

from __future__ import annotations

import io

import docx

from cascade.check import check_document
from cascade.check.components import components
from cascade.check.read import read_docx

LINES = ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
         "Độc lập - Tự do - Hạnh phúc", "Số: 38/UBND-TH",
         "V/v triển khai thực hiện Kết luận số 107-KL/TW",
         "Lai Châu, ngày 08 tháng 01 năm 2025", "Kính gửi: Các sở, ban, ngành tỉnh.",
         "Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, Ủy ban nhân dân "
         "tỉnh yêu cầu các cơ quan thực hiện./."]


def _typed() -> bytes:
    d = docx.Document()
    for t in LINES:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_header_typed_as_paragraphs_is_read_as_a_header() -> None:
    got = [(x.component, x.para.text) for x in components(read_docx(_typed())).parts]
    assert [c for c, _ in got] == [
        "header_issuer", "header_issuer", "national_title", "motto", "number", "cv_summary",
        "date", "kinh_gui_one", "body"]


def test_word_defaults_are_reported_as_a_văn_thư_would() -> None:
    """python-docx's default template: Letter paper, the theme's font, 11 pt, no rules."""
    r = check_document(_typed())
    rules = {f.rule for f in r.findings}
    assert {"page_size", "margins", "font", "issuer_rule", "national_rule", "size",
            "align"} <= rules
    assert not {"number_pattern", "date_zero", "cv_summary"} & rules
    font = next(f for f in r.findings if f.rule == "font")
    assert "Times New Roman" in font.message and r.verdict == "KHÔNG ĐẠT"
