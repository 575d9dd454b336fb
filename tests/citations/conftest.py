"""Shared fixtures: the five real seed documents (tests/fixtures/seeds)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "fixtures" / "seeds"


def _seed_path(n: int) -> Path:
    """Path of seed ``n``; fails (never skips) when the seeds are missing."""
    path = SEEDS / f"{n:03d}.txt"
    if not path.is_file():
        pytest.fail(f"seed document missing: {path.resolve()}")
    return path


@pytest.fixture
def seed_path() -> Callable[[int], Path]:
    """``seed_path(n)``: the path of seed ``n``."""
    return _seed_path


@pytest.fixture
def seed_text() -> Callable[[int], str]:
    """``seed_text(n)``: the text of seed ``n``."""
    return lambda n: _seed_path(n).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- .docx fixtures

STATE_PLAN_BODY = (
    "Căn cứ Kế hoạch số 10-KH/ĐU ngày 19/3/2025 của Đảng ủy UBND tỉnh Lai Châu quán triệt "
    "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị;",
    "Thực hiện Công văn số 762/UBND-TCDNC ngày 01/4/2025 của Ủy ban nhân dân tỉnh Lai Châu, "
    "Sở Nội vụ xây dựng kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Quán triệt Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị./.",
)


def _two_columns(document: Any, left: list[str], right: list[str]) -> None:
    """A borderless two-column table, as the header and signature are laid out."""
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def build_state_plan_docx(path: Path) -> Path:
    """A State kế hoạch of a sở (nd30 layout): header table, body, signature table."""
    import docx

    document = docx.Document()
    _two_columns(
        document,
        ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ", "Số: 12/KH-SNV"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Lai Châu, ngày 05 tháng 01 năm 2026"],
    )
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024")
    document.add_paragraph("của Bộ Chính trị")
    for text in STATE_PLAN_BODY:
        document.add_paragraph(text)
    _two_columns(
        document,
        ["Nơi nhận:", "- UBND tỉnh (để b/c);", "- Thanh tra tỉnh;", "- Lưu: VT, TCBC."],
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Nguyễn Văn An"],
    )
    document.save(str(path))
    return path


def build_party_cong_van_docx(path: Path) -> Path:
    """A Party công văn of a Tỉnh ủy commission (hd36 layout) with a draft number."""
    import docx

    document = docx.Document()
    _two_columns(
        document,
        ["TỈNH ỦY LAI CHÂU", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số      -CV/BTGDVTU",
         "Về việc tuyên truyền Kết luận số 107-KL/TW"],
        ["ĐẢNG CỘNG SẢN VIỆT NAM", "Lai Châu, ngày      tháng      năm 2026"],
    )
    document.add_paragraph("Kính gửi:")
    document.add_paragraph("- Các đảng ủy xã, phường;")
    document.add_paragraph("- Ban Thường vụ Tỉnh đoàn.")
    document.add_paragraph(
        "Thực hiện Công văn số 6169-CV/TU ngày 25/02/2025 của Ban Thường vụ Tỉnh ủy "
        "“về việc triển khai thực hiện Kết luận số 107-KL/TW của Bộ Chính trị”, Ban "
        "Tuyên giáo và Dân vận Tỉnh ủy đề nghị các đồng chí quan tâm thực hiện."
    )
    _two_columns(
        document,
        ["Nơi nhận:", "- Như trên,", "- Thường trực Tỉnh ủy (để b/c),",
         "- Lưu Văn phòng Ban."],
        ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "Lò Thị Mai"],
    )
    document.save(str(path))
    return path


@pytest.fixture
def state_plan_docx(tmp_path: Path) -> Path:
    return build_state_plan_docx(tmp_path / "ke-hoach.docx")


@pytest.fixture
def party_cong_van_docx(tmp_path: Path) -> Path:
    return build_party_cong_van_docx(tmp_path / "cong-van.docx")
