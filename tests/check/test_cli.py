"""``trienkhai check``: the report a văn thư reads, JSON, --fix, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

from .defects import DEFECTS, clean, spoiled

runner = CliRunner()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_clean_draft_passes(tmp_path) -> None:
    path = _write(tmp_path, "cv.docx", clean("nd30", "cong_van"))
    r = runner.invoke(app, ["check", str(path)])
    assert r.exit_code == 0, r.output
    assert "Hồ sơ thể thức: nd30 (văn bản Nhà nước, ngày 05/01/2026)" in r.output
    assert "Kết luận: ĐẠT — 0 lỗi, 0 cảnh báo" in r.output


def test_a_finding_names_where_the_rule_and_its_source(tmp_path) -> None:
    defect = next(d for d in DEFECTS if d.rule == "date_zero")
    path = _write(tmp_path, "cv.docx", spoiled(defect))
    r = runner.invoke(app, ["check", str(path)])
    assert r.exit_code == 1, r.output
    assert "Kết luận: CẦN SỬA — 1 lỗi, 0 cảnh báo" in r.output
    assert "1. [lỗi] địa danh, ngày tháng — đoạn 10 (bảng 1, hàng 2, cột 2)" in r.output
    assert "«ngày 5 tháng 1» cần ghi «ngày 05 tháng 01»" in r.output
    assert "Căn cứ: NĐ 30/2020, Phụ lục I, mục II.4.b (sửa được bằng --fix)" in r.output


def test_json_and_the_profile_option(tmp_path) -> None:
    defect = next(d for d in DEFECTS if d.rule == "signer_title")
    path = _write(tmp_path, "kh.docx", spoiled(defect))
    r = runner.invoke(app, ["check", str(path), "--json", "--profile", "hd05"])
    assert r.exit_code == 1, r.output
    out = json.loads(r.output)
    assert out["profile"] == "hd05" and out["profile_reason"] == "chọn bằng --profile"
    assert [f["rule"] for f in out["findings"]] == ["signer_title"]
    assert out["findings"][0]["source"] == "HD 05, mục II.I.7.1.2"


def test_fix_writes_a_copy_and_lists_its_changes(tmp_path) -> None:
    defect = next(d for d in DEFECTS if d.rule == "list_separator" and d.profile == "nd30")
    data = spoiled(defect)
    path, out = _write(tmp_path, "kh.docx", data), tmp_path / "kh-sua.docx"
    r = runner.invoke(app, ["check", str(path), "--fix", str(out)])
    assert r.exit_code == 0, r.output
    assert f"Đã ghi bản sửa: {out} (1 thay đổi)" in r.output
    assert "(Nơi nhận): «,» → «;»" in r.output
    assert "Sau khi sửa: ĐẠT — 0 lỗi, 0 cảnh báo" in r.output
    assert path.read_bytes() == data
    r = runner.invoke(app, ["check", str(path), "--fix", str(path)])
    assert r.exit_code == 2 and "tệp sửa phải khác tệp gốc" in r.output
    assert path.read_bytes() == data


def test_bad_input_exits_2_naming_the_file(tmp_path) -> None:
    r = runner.invoke(app, ["check", str(tmp_path / "khong-co.docx")])
    assert r.exit_code == 2 and "khong-co.docx: không tìm thấy tệp" in r.output
    pdf = _write(tmp_path, "vb.pdf", b"%PDF-1.4")
    r = runner.invoke(app, ["check", str(pdf)])
    assert r.exit_code == 2 and "vb.pdf: chỉ kiểm tra được tệp .docx" in r.output
    bad = _write(tmp_path, "hong.docx", b"PK not really")
    r = runner.invoke(app, ["check", str(bad)])
    assert r.exit_code == 2 and "hong.docx: không mở được tệp .docx" in r.output
    good = _write(tmp_path, "cv.docx", clean("nd30", "cong_van"))
    r = runner.invoke(app, ["check", str(good), "--profile", "nd31"])
    assert r.exit_code == 2 and "không có hồ sơ thể thức «nd31»" in r.output


def test_the_readme_shows_what_the_command_prints(tmp_path, monkeypatch) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    defect = next(d for d in DEFECTS if d.rule == "date_zero")
    _write(tmp_path, "cv.docx", spoiled(defect))
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["check", "cv.docx"])
    assert r.output.strip() in readme


def test_fix_lists_its_changes_in_vietnamese(tmp_path) -> None:
    defect = next(d for d in DEFECTS if d.name == "lề trái 25 mm")
    path, out = _write(tmp_path, "kh.docx", spoiled(defect)), tmp_path / "kh-sua.docx"
    r = runner.invoke(app, ["check", str(path), "--fix", str(out)])
    assert r.exit_code == 0, r.output
    assert "- lề trái: 25 → 30 mm" in r.output


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 60_000_000 + "</w:document>")
    bomb = _write(tmp_path, "bom.docx", buf.getvalue())
    r = runner.invoke(app, ["check", str(bomb)])
    assert r.exit_code == 2 and "bom.docx: tệp .docx vượt giới hạn đọc" in r.output
