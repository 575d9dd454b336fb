"""The ``cite`` and ``read`` commands, run through typer as a clerk would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cascade.citations.cli import register

SPEC_KEYS = {"type", "type_code", "number", "symbol", "date", "issuer", "issuer_id",
             "system", "role", "span"}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    return app


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cite_json_contract(app: typer.Typer) -> None:
    code, out = run(app, "cite", "--json", "--context-body", "lai-chau.ubnd",
                    "Thực hiện Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh ủy; "
                    "Công văn số 762/UBND-TCDNC")
    assert code == 0, out
    data = json.loads(out)
    assert all(set(d) >= SPEC_KEYS for d in data)
    first = {k: data[0][k] for k in SPEC_KEYS}
    assert first == {
        "type": "công văn", "type_code": "CV", "number": "2269", "symbol": "CV/TU",
        "date": "2024-12-31", "issuer": "Tỉnh ủy", "issuer_id": "lai-chau.tu",
        "system": "party", "role": "parent", "span": [10, 60],
    }
    assert (data[1]["symbol"], data[1]["system"], data[1]["role"]) == (
        "UBND-TCDNC", "state", "parent"
    )


def test_cite_file_prints_vietnamese(app: typer.Typer, seed_path: Callable[[int], Path]) -> None:
    code, out = run(app, "cite", "--file", str(seed_path(3)))
    assert code == 0, out
    assert out.startswith("Tìm thấy 11 trích dẫn:")
    assert "văn bản cấp trên trực tiếp" in out
    assert "cơ quan ban hành: tw.bct" in out


def test_cite_without_citations(app: typer.Typer) -> None:
    code, out = run(app, "cite", "Không có gì ở đây.")
    assert (code, out.strip()) == (0, "Không tìm thấy trích dẫn văn bản nào.")


@pytest.mark.parametrize(("args", "message"), [
    ((), "cần đúng một nguồn"),
    (("văn bản", "--file", "x.txt"), "cần đúng một nguồn"),
    (("--file", "khong-co.txt"), "khong-co.txt: không tìm thấy tệp"),
    (("--file", "van-ban.odt"), "không hỗ trợ định dạng '.odt'"),
    (("Kết luận số 107-KL/TW của Bộ Chính trị", "--context-body", "khong-co.ubnd"),
     "khong-co.ubnd"),
    (("Kết luận số 107-KL/TW", "--as-of", "24/13/2024"), "không có trong lịch"),
])
def test_cite_bad_input_exits_2(app: typer.Typer, args: tuple[str, ...], message: str) -> None:
    code, out = run(app, "cite", *args)
    assert code == 2
    assert message in out


def test_read_json(app: typer.Typer, seed_path: Callable[[int], Path]) -> None:
    code, out = run(app, "read", str(seed_path(2)), "--json")
    assert code == 0, out
    data = json.loads(out)
    h = data["header"]
    assert (h["issuer_id"], h["symbol"], h["number"], h["place"], h["type"]) == (
        "lai-chau.ubnd", "UBND-TH", None, "Lai Châu", "công văn"
    )
    parents = [c for c in data["citations"] if c["role"] == "parent"]
    assert [(c["number"], c["issuer_id"]) for c in parents] == [("2269", "lai-chau.tu")]


def test_read_docx_text(app: typer.Typer, state_plan_docx: Path) -> None:
    code, out = run(app, "read", str(state_plan_docx))
    assert code == 0, out
    for line in ("Số, ký hiệu: 12/KH-SNV", "Mã cơ quan: lai-chau.so-noivu",
                 "Ngày: 05/01/2026", "Loại văn bản: kế hoạch (KH)",
                 "Người ký: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn An",
                 "cơ quan ban hành: lai-chau.dubnd"):
        assert line in out


def test_read_bad_file_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip")
    code, out = run(app, "read", str(bad))
    assert code == 2
    assert str(bad) in out


NEW_KEYS = {"as_printed", "canonical", "printed_type_code", "year", "term", "unit",
            "date_source", "issuer_printed", "issuer_source", "co_issuers", "level",
            "is_root", "known", "candidates", "warnings"}


def test_cite_json_has_the_new_fields(app: typer.Typer) -> None:
    code, out = run(app, "cite", "--json", "--context-body", "lai-chau.ubnd",
                    "Thực hiện Kế hoạch số 58/KH-TU ngày 03/02/2025 của BTV Tỉnh uỷ khoá XV "
                    "về quán triệt Kết luận số 107-KL/TW; Công văn số 415/SNNMT-VP")
    assert code == 0, out
    kh, kl, cv = json.loads(out)
    assert all(set(d) >= NEW_KEYS for d in (kh, kl, cv))
    assert {k: kh[k] for k in ("as_printed", "canonical", "symbol", "system", "issuer",
                               "issuer_printed", "term", "level", "role", "issuer_id")} == {
        "as_printed": "58/KH-TU", "canonical": "58-KH/TU", "symbol": "KH/TU",
        "system": "party", "issuer": "Ban Thường vụ Tỉnh ủy", "issuer_printed":
        "BTV Tỉnh uỷ khoá XV", "term": "XV", "level": "province", "role": "parent",
        "issuer_id": "lai-chau.btv"}
    assert kh["warnings"] and "58-KH/TU" in kh["warnings"][0]
    # the root directive, dated and named by the registry
    assert (kl["role"], kl["is_root"], kl["date"], kl["date_source"], kl["known"]["id"]) == (
        "root", True, "2024-12-24", "registry", "kl-107-2024")
    assert (cv["issuer_id"], cv["issuer_source"], cv["unit"], cv["printed_type_code"]) == (
        "lai-chau.so-nnmt", "symbol", "VP", None)


def test_cite_text_names_repairs_and_sources(app: typer.Typer) -> None:
    code, out = run(app, "cite", "Căn cứ Quy định số 11-QĐ/TW của Bộ Chính trị;")
    assert code == 0, out
    for line in ("số, ký hiệu 11-QĐi/TW", "in là: 11-QĐ/TW", "lưu ý: Quy định số 11-QĐ/TW: "
                 "văn bản được ban hành với số, ký hiệu 11-QĐi/TW",
                 "(theo danh mục văn bản Trung ương)"):
        assert line in out, out


def test_read_json_items_and_warnings(app: typer.Typer, seed_path: Callable[[int], Path]
                                      ) -> None:
    code, out = run(app, "read", str(seed_path(3)), "--json")
    assert code == 0, out
    h = json.loads(out)["header"]
    assert h["distribution_items"][0] == {
        "raw": "- UBND tỉnh Hà Nam (để b/c);", "text": "UBND tỉnh Hà Nam",
        "terminator": ";", "purpose": "để b/c", "purpose_kind": "report", "kind": "body"}
    assert h["acting_body"] == "Sở Văn hóa, Thể thao và Du lịch Hà Nam"
    assert {"recipient_items", "issuer_reason", "issuer_candidates", "warnings"} <= set(h)
    # seed 003 prints no header lines: nothing to resolve
    assert h["issuer_id"] is None
