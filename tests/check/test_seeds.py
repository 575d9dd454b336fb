"""The five seeds and Kết luận 107 in their frames (tests/intake/documents.py, built with
python-docx as offices lay them out by hand) give the findings a văn thư would: the
frames' own layout faults (no drawn rules, Party sizes of 13 pt, a bold Party title
line), and the seeds' known typos (docs/format-rules.md §15, and the citations the
reader flags). After --fix only what needs the drafter is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.check import check_document
from cascade.check.findings import Report
from cascade.check.fix import fix_document
from tests.intake.documents import NAMES, build


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seeds")
    return {n: build(n, out) for n in NAMES}


@pytest.fixture(scope="module")
def reports(seeds) -> dict[str, Report]:
    return {n: check_document(p) for n, p in seeds.items()}


def _has(r: Report, rule: str, needle: str = "") -> bool:
    return any(f.rule == rule and (needle in f.message or needle in f.text)
               for f in r.findings)


def test_each_gets_its_profile_from_system_and_date(reports) -> None:
    want = {"kl-107": "hd36", "seed-000": "hd36", "seed-001": "hd36", "seed-002": "nd30",
            "seed-003": "nd30", "seed-004": "hd36"}
    assert {n: r.profile for n, r in reports.items()} == want
    assert "ngày 10/03/2025" in reports["seed-000"].profile_reason


def test_none_passes_as_framed(reports) -> None:
    assert {r.verdict for r in reports.values()} == {"KHÔNG ĐẠT"}


def test_the_frames_miss_their_drawn_rules(reports) -> None:
    for n in ("kl-107", "seed-000", "seed-001", "seed-004"):
        assert _has(reports[n], "national_rule", "tiêu đề"), n
    for n in ("seed-002", "seed-003"):
        assert _has(reports[n], "issuer_rule"), n
        assert _has(reports[n], "national_rule", "tiêu ngữ"), n
    assert _has(reports["seed-003"], "summary_rule")


def test_party_sizes_and_weights(reports) -> None:
    r = reports["seed-000"]
    assert _has(r, "size", "cần 15 pt")              # ĐẢNG CỘNG SẢN VIỆT NAM at 13 pt
    assert _has(r, "bold", "cần chữ không đậm")      # PHÓ BÍ THƯ bold under T/M
    assert _has(r, "italic", "cần chữ nghiêng")      # Kính gửi:, the trích yếu upright
    assert _has(r, "underline")                      # Nơi nhận: not underlined
    assert _has(r, "margins", "lề phải 20 mm")       # Party right margin is 15 mm
    # each cell's first line was typed without a font name: the theme's (Cambria)
    assert _has(r, "font", "phông Cambria")


def test_the_seeds_known_typos_are_found(reports) -> None:
    # 001 cites "Quy định số 11-QĐ/TW", issued as 11-QĐi/TW
    assert _has(reports["seed-001"], "citation", "11-QĐi/TW")
    # 002 archives "Lưu: VT, Th3."
    assert _has(reports["seed-002"], "archive", "Th3")
    # 003's headings end with a full stop
    f = next(f for f in reports["seed-003"].findings if f.rule == "heading_stop")
    assert f.text == "I. MỤC ĐÍCH, YÊU CẦU." and "đoạn khác" in f.message
    # 004 mixes uỷ and ủy; it cites "Chỉ thị số 35- CT/TW" with a space in the symbol
    assert _has(reports["seed-004"], "spelling", "«uỷ»")
    assert _has(reports["seed-004"], "citation", "35-CT/TW")


def test_hd05_would_reduce_the_standing_deputys_title(seeds) -> None:
    r = check_document(seeds["seed-004"], profile="hd05")
    f = next(f for f in r.findings if f.rule == "signer_title")
    assert "PHÓ BÍ THƯ" in f.message and f.text == "PHÓ BÍ THƯ THƯỜNG TRỰC"


def test_what_is_right_is_not_flagged(reports) -> None:
    """Correct parts stay quiet: Party and State number lines, date zeros, V/v, T/M and
    TM., Nơi nhận separators with a purpose note after them ("- TT. Tỉnh ủy; (B/c)")."""
    for r in reports.values():
        assert not {"number_pattern", "number_zero", "date_zero", "authority_word",
                    "cv_summary", "type_code", "list_separator"} & {f.rule for f in r.findings}


def test_fix_leaves_only_what_needs_the_drafter(seeds, tmp_path) -> None:
    for n, src in seeds.items():
        before = src.read_bytes()
        out = tmp_path / f"{n}.docx"
        changes = fix_document(src, out)
        assert changes and src.read_bytes() == before
        after = check_document(out)
        assert not [f for f in after.findings if f.mechanical], n
        assert after.findings, n  # the rules and typos are the drafter's to mend
