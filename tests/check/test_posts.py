"""With the chart, the signer's post and capacity are judged against the issuer's posts
(when the header names one body): the seeds in their frames, and each spoiled once."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from cascade.check import check_document
from tests.intake.documents import NAMES, build

from .defects import set_text, starting


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seeds")
    return {n: build(n, out) for n in NAMES}


def _rules(data: bytes | Path, chart) -> list[tuple[str, str]]:
    r = check_document(data, chart=chart)
    return [(f.rule, f.message) for f in r.findings
            if f.rule in ("signer_title", "authority_word")]


def _edit(path: Path, fn) -> bytes:
    d = docx.Document(str(path))
    fn(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _above(d, head: str, text: str) -> None:
    """A line ``text`` inserted above the signature line starting ``head``."""
    line = starting(d, head)
    new = copy.deepcopy(line._p)
    line._p.addprevious(new)
    set_text(Paragraph(new, line._parent), text)


def test_the_seeds_signers_hold_their_posts(seeds, chart) -> None:
    for n in NAMES:
        assert _rules(seeds[n], chart) == [], n


def test_a_post_the_issuer_does_not_have(seeds, chart) -> None:
    data = _edit(seeds["seed-002"], lambda d: set_text(starting(d, "CHỦ TỊCH"),
                                                       "PHÓ GIÁM ĐỐC"))
    ((rule, msg),) = _rules(data, chart)
    assert rule == "signer_title" and "không có chức vụ «PHÓ GIÁM ĐỐC»" in msg
    assert "CHỦ TỊCH" in msg


def test_kt_before_a_head(seeds, chart) -> None:
    data = _edit(seeds["seed-003"], lambda d: _above(d, "GIÁM ĐỐC", "KT. GIÁM ĐỐC"))
    ((rule, msg),) = _rules(data, chart)
    assert rule == "authority_word" and "«GIÁM ĐỐC» không phải cấp phó" in msg


def test_tm_for_a_body_run_by_its_head(seeds, chart) -> None:
    data = _edit(seeds["seed-003"], lambda d: _above(d, "GIÁM ĐỐC", "TM. SỞ VĂN HÓA"))
    ((rule, msg),) = _rules(data, chart)
    assert rule == "authority_word" and "chế độ thủ trưởng" in msg


def _places(data: bytes | Path, chart) -> list[str]:
    return [f.message for f in check_document(data, chart=chart).findings
            if f.rule == "place_level"]


def test_the_place_is_the_issuers_own(seeds, chart) -> None:
    """With the chart the place must be the issuer's, as the drafter would print it: a
    commune's Đảng ủy writes its commune, never its province."""
    assert all(_places(seeds[n], chart) == [] for n in NAMES)
    date = "Minh Hóa, ngày 15 tháng 10 năm 2025"
    data = _edit(seeds["seed-004"], lambda d: set_text(starting(d, date), date.replace(
        "Minh Hóa", "Quảng Trị")))
    assert _places(data, chart) == ["địa danh «Quảng Trị»: cơ quan ban hành ghi «Minh Hóa»"]
    date = "Lai Châu, ngày 08 tháng 01 năm 2025"
    data = _edit(seeds["seed-002"], lambda d: set_text(starting(d, date), "Tỉnh " + date))
    assert _places(data, chart) == ["địa danh «Tỉnh Lai Châu»: cơ quan ban hành ghi «Lai Châu»"]
