"""``trienkhai draft``: the command a clerk runs, with its messages in Vietnamese."""

from __future__ import annotations

import shutil

import docx
import pytest
import typer
import yaml
from typer.testing import CliRunner

from cascade.drafts import pdf as pdf_mod
from cascade.drafts.cli import register

from .helpers import SPECS

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def main() -> None:
        """trienkhai"""

    register(a)
    return a


def write_spec(tmp_path, **changes):
    data = yaml.safe_load((SPECS / "seed003.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_draft_writes_docx_and_pdf(app, tmp_path):
    out = tmp_path / "out" / "ke-hoach.docx"
    r = runner.invoke(app, ["draft", str(SPECS / "seed003.yaml"), "-o", str(out), "--pdf",
                            "--timestamp", "2025-04-10T08:00:00"])
    assert r.exit_code == 0, r.output
    assert f"Đã ghi {out} (thể thức nd30)." in r.output
    assert out.with_suffix(".pdf").is_file()
    assert docx.Document(str(out)).tables[-1].cell(0, 1).paragraphs[0].text == "GIÁM ĐỐC"


def test_same_spec_and_timestamp_give_same_bytes(app, tmp_path):
    outs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outs:
        r = runner.invoke(app, ["draft", str(SPECS / "seed000.yaml"), "-o", str(out),
                                "--timestamp", "2025-03-10T00:00:00+07:00"])
        assert r.exit_code == 0, r.output
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_forced_profile(app, tmp_path):
    out = tmp_path / "x.docx"
    r = runner.invoke(app, ["draft", str(SPECS / "seed000.yaml"), "-o", str(out),
                            "--profile", "hd05"])
    assert r.exit_code == 0 and "(thể thức hd05)" in r.output
    r = runner.invoke(app, ["draft", str(SPECS / "seed000.yaml"), "-o", str(out),
                            "--profile", "nd31"])
    assert r.exit_code == 2 and "không có hồ sơ thể thức 'nd31'" in r.output


def test_unknown_issuer_lists_nearest_names(app, tmp_path):
    spec = write_spec(tmp_path, issuer="Sở Văn hóa Thể thao Du lịch Hà Nammm")
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert "không tìm thấy cơ quan" in r.output and "có phải" in r.output
    assert "Sở Văn hóa, Thể thao và Du lịch" in r.output


def test_unknown_recipient_body_is_reported(app, tmp_path):
    spec = write_spec(tmp_path, copies_to=[{"to": "ha-nam.ubndd", "body": True}])
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1 and "ha-nam.ubndd" in r.output and "có phải" in r.output


def test_bad_spec_names_file_and_field(app, tmp_path):
    spec = write_spec(tmp_path, date="2025-13-45", colour="đỏ", type="thư mời")
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert f"{spec}: trường date: ngày không hợp lệ (viết YYYY-MM-DD)" in r.output
    assert f"{spec}: trường colour: khóa không được phép" in r.output
    assert "loại văn bản không hỗ trợ: 'thư mời'" in r.output


def test_pdf_without_libreoffice_says_so(app, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_mod.shutil, "which", lambda name: None)
    out = tmp_path / "x.docx"
    r = runner.invoke(app, ["draft", str(SPECS / "seed002.yaml"), "-o", str(out), "--pdf"])
    assert r.exit_code == 3
    assert out.is_file()  # the .docx is still written
    assert "Không tìm thấy LibreOffice (soffice)" in r.output
    assert shutil.which is not None
