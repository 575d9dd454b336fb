"""``trienkhai draft``: the command a clerk runs, with its messages in Vietnamese."""

from __future__ import annotations

import re
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


def test_bad_spec_names_file_line_and_field(app, tmp_path):
    spec = write_spec(tmp_path, date="2025-13-45", colour="đỏ", type="thư mời")
    lines = spec.read_text(encoding="utf-8").splitlines()
    row = {k: n + 1 for n, x in enumerate(lines) for k in ("date", "colour", "type")
           if x.startswith(f"{k}:")}
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert f"{spec}:{row['date']}:7: date: ngày không hợp lệ: '2025-13-45': không có tháng 13" \
        in r.output
    assert f"{spec}:{row['colour']}:1: colour: khóa không có" in r.output
    assert f"{spec}:{row['type']}:7: type: loại văn bản không hỗ trợ: 'thư mời'" in r.output


@pytest.mark.parametrize(("changes", "want"), [
    ({"recipents": ["Sở Nội vụ"]}, "recipents: khóa không có; có phải 'recipients'?"),
    ({"date": "2025-02-30"}, "date: ngày không hợp lệ: '2025-02-30': tháng 2 năm 2025 chỉ "
                             "có 28 ngày"),
    ({"date": "2024-02-30"}, "tháng 2 năm 2024 chỉ có 29 ngày"),
    ({"date": None, "year": 1}, "year: năm 1 không hợp lệ: phải từ 1945 đến 2100"),
    ({"date": None, "year": -5}, "year: năm -5 không hợp lệ"),
    ({"date": None, "year": 99999}, "year: năm 99999 không hợp lệ"),
    ({"year": 2024}, "year: năm 2024 khác năm của date (10/04/2025)"),
    ({"signer": {"post": "Giám đốc", "capacty": "own"}},
     "signer.capacty: khóa không có; có phải 'capacity'?"),
    ({"signer": {"post": "Giám đốc", "capacity": "onbehalf"}},
     "signer.capacity: giá trị không hợp lệ 'onbehalf'; dùng: own, on_behalf, deputy; có "
     "phải 'on_behalf'?"),
])
def test_each_spec_mistake_is_one_line_with_its_field(app, tmp_path, changes, want):
    spec = write_spec(tmp_path, **changes)
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    errors = [x for x in r.output.splitlines() if x.strip()]
    assert len(errors) == 1, r.output
    assert re.fullmatch(rf"Lỗi: {re.escape(str(spec))}:\d+:\d+: .*", errors[0]), errors
    assert want in errors[0]


def test_a_mistyped_body_item_is_one_line_not_one_per_kind(app, tmp_path):
    data = yaml.safe_load((SPECS / "seed003.yaml").read_text(encoding="utf-8"))
    data["body"][1]["content"][0]["content"].append({"poin": "Một điểm."})
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    row = next(n + 1 for n, x in enumerate(spec.read_text(encoding="utf-8").splitlines())
               if "poin:" in x)
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        f"Lỗi: {spec}:{row}:{lines_col(spec, row, 'poin')}: body.1.content.0.content.1.poin: "
        "khóa không có; có phải 'point'?"]


def lines_col(path, row: int, word: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[row - 1].index(word) + 1


def test_a_post_the_issuer_does_not_have_is_refused_with_its_posts(app, tmp_path):
    spec = write_spec(tmp_path, issuer="lai-chau.ubnd", type="công văn", signer="Giám đốc",
                      recipients=["Sở Nội vụ"])
    r = runner.invoke(app, ["draft", str(spec), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert re.search(rf"{re.escape(str(spec))}:\d+:\d+: signer: chức danh 'Giám đốc' không có "
                     "ở Ủy ban nhân dân tỉnh Lai Châu; chức danh ký được: Chủ tịch, Phó Chủ "
                     "tịch, Chánh Văn phòng", r.output), r.output


def test_pdf_without_libreoffice_says_so(app, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_mod.shutil, "which", lambda name: None)
    out = tmp_path / "x.docx"
    r = runner.invoke(app, ["draft", str(SPECS / "seed002.yaml"), "-o", str(out), "--pdf"])
    assert r.exit_code == 3
    assert out.is_file()  # the .docx is still written
    assert "Không tìm thấy LibreOffice (soffice)" in r.output
    assert shutil.which is not None


NEW_TYPES = [  # SPEC, profile, number line, title lines, signature
    ("tinh-uy-nghi-quyet", "hd36", "Số 05-NQ/TU",
     ["NGHỊ QUYẾT", "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"], ["T/M TỈNH ỦY", "BÍ THƯ"]),
    ("hdnd-nghi-quyet", "nd30", "Số: 12/2026/NQ-HĐND", ["NGHỊ QUYẾT"], ["CHỦ TỊCH"]),
    ("chi-thi", "hd36", "Số 06-CT/TU", ["CHỈ THỊ", "CỦA BAN THƯỜNG VỤ TỈNH ỦY"],
     ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]),
    ("chuong-trinh-hanh-dong", "hd36", "Số 03-CTr/TU", ["CHƯƠNG TRÌNH HÀNH ĐỘNG"],
     ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]),
    ("quy-che", "hd36", "Số 05-QC/TU", ["QUY CHẾ"], ["T/M TỈNH ỦY", "BÍ THƯ"]),
]


def test_draft_writes_the_new_types_with_their_number_lines(app, chart, tmp_path):
    """A Tỉnh ủy's nghị quyết, an HĐND tỉnh's, a chỉ thị, a chương trình hành động and a
    quy chế: each written by the command, then printed and read back from the PDF."""
    from cascade.drafts.pdf import to_pdf
    from cascade.drafts.resolve_spec import resolve
    from cascade.drafts.spec import load_spec

    from .pdfcheck import pages, problems, squash

    outs = []
    for name, profile, number, title, signature in NEW_TYPES:
        out = tmp_path / f"{name}.docx"
        r = runner.invoke(app, ["draft", str(SPECS / f"{name}.yaml"), "-o", str(out),
                                "--timestamp", "2026-03-20T08:00:00"])
        assert r.exit_code == 0, r.output
        assert f"(thể thức {profile})" in r.output
        d = docx.Document(str(out))
        assert d.tables[0].cell(1, 0).paragraphs[0].text == number
        body = [p.text for p in d.paragraphs if p.text.strip()]
        assert body[0].split("\n") == title, body[:2]
        sig = [p.text for p in d.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
        assert sig == signature
        outs.append(out)
    for (name, _, number, title, _sig), pdf in zip(
            NEW_TYPES, to_pdf(outs, tmp_path / "pdf"), strict=True):
        spec = load_spec(SPECS / f"{name}.yaml")
        assert not problems(resolve(chart, spec), pdf), name
        first = squash(pages(pdf)[0].text)
        assert squash(number) in first and all(squash(t) in first for t in title), name
