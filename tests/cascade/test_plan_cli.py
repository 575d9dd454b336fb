"""``plan``, ``draft-plan`` and ``demo`` through the CLI: output, exit codes, messages."""

from __future__ import annotations

import csv
import json
import re

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import KL107
from typer.testing import CliRunner

runner = CliRunner()
FIELDS = {"id", "body_id", "body_name", "province", "level", "doc_type", "generation",
          "parents", "recipients", "requested", "deadline"}


def test_plan_json_as_of_2025(app):
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-chau", "--as-of",
                            "2025-01-15", "--json"])
    assert r.exit_code == 0, r.output
    tasks = json.loads(r.stdout)
    assert set(tasks[0]) >= FIELDS
    by = {t["id"]: t for t in tasks}
    assert by["lai-chau.btv"]["parents"] == ["directive"]
    assert by["lai-chau.btv"]["doc_type"] == "cong_van"
    assert "Ủy ban nhân dân huyện Tam Đường" in by["lai-chau.ubnd"]["recipients"]
    assert by["d106.btv"]["level"] == "district"
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu" in by["lai-chau.ubnd"]["requested"]


def test_plan_table_is_vietnamese(app):
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-chau", "--as-of", "15/01/2026"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].split()[:4] == ["#", "Đợt", "Cấp", "Cơ"]
    assert "Ban Thường vụ Tỉnh ủy Lai Châu" in r.stdout and "huyện" not in r.stdout.split(
        "Kế hoạch triển khai")[1]
    # 91 before the bodies that act in practice and the commune BTV's second document
    assert "Kế hoạch triển khai Kết luận số 107-KL/TW (sơ đồ tổ chức ngày 15/01/2026): 143" \
        in r.stdout


def test_bad_input_exits_2_in_vietnamese(app, tmp_path):
    r = runner.invoke(app, ["plan", str(tmp_path / "none.yaml")])
    assert r.exit_code == 2 and "Lỗi:" in r.stderr and "không đọc được tệp" in r.stderr
    r = runner.invoke(app, ["plan", str(KL107), "--as-of", "31/02/2026"])
    assert r.exit_code == 2 and "--as-of: ngày “31/02/2026” không có trong lịch" in r.stderr
    r = runner.invoke(app, ["plan", str(KL107), "--as-of", "2026/01/15"])
    assert r.exit_code == 2 and "viết dd/mm/yyyy" in r.stderr
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-cau", "--as-of", "2026-01-15"])
    assert r.exit_code == 2 and "không có tỉnh, thành phố “lai-cau”" in r.stderr
    assert "có phải: Lai Châu (lai-chau)?" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(KL107.read_text(encoding="utf-8").replace("issuer: tw.bct",
                                                             "issuer: Bộ Chính trị khóa XC"))
    r = runner.invoke(app, ["plan", str(bad), "--as-of", "2026-01-15"])
    assert r.exit_code == 2 and "không tìm thấy cơ quan ban hành" in r.stderr
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-chau", "--as-of",
                            "2026-01-15", "--issued", "lai-chau.btv=12"])
    assert r.exit_code == 2 and "MÃ=SỐ@NGÀY, ví dụ lai-chau.btv=2269@31/12/2024" in r.stderr
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-chau", "--as-of",
                            "2026-01-15", "--issued", "ha-noi.btv=12@2026-01-20"])
    assert r.exit_code == 2 and "không có nhiệm vụ ha-noi.btv" in r.stderr


def test_draft_plan_writes_folders_and_manifest(app, tmp_path):
    out = tmp_path / "out"
    args = ["draft-plan", str(KL107), "--scope", "lai-chau", "--as-of", "2026-01-15",
            "--out", str(out), "--timestamp", "2026-01-15T08:00:00"]
    r = runner.invoke(app, [*args, "--workers", "2"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert len(rows) == 143 == len(json.loads((out / "manifest.json").read_text()))
    files = {r["id"]: out / r["file"] for r in rows}
    assert files["lai-chau.btv"] == out / "lai-chau" / "lai-chau.btv.docx"
    assert files["c03390.btv"] == out / "lai-chau" / "c03390-binh-lu" / "c03390.btv.docx"
    assert all(f.is_file() and f.stat().st_size > 5000 for f in files.values())
    # same plan, same bytes (one worker this time)
    first = {k: f.read_bytes() for k, f in files.items()}
    out2 = tmp_path / "out2"
    r = runner.invoke(app, [*args[:-4], "--out", str(out2), "--timestamp", args[-1]])
    assert r.exit_code == 0, r.output
    for k, f in files.items():
        assert (out2 / f.relative_to(out)).read_bytes() == first[k], k


def test_demo(app, tmp_path):
    r = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--province", "Lai Châu"])
    assert r.exit_code == 0, r.output
    assert re.search(r"\): \d{4,} văn bản", r.stdout) and "Dự thảo cho tỉnh Lai Châu" in r.stdout
    assert (tmp_path / "demo" / "lai-chau" / "lai-chau.ubnd.docx").is_file()
    assert "Đã soạn 143 dự thảo." in r.stdout


@pytest.mark.parametrize("scope", ["Lai Châu", "tỉnh Lai Châu", "lai chau", "LAI CHÂU"])
def test_scope_takes_a_province_name(app, scope):
    r = runner.invoke(app, ["plan", str(KL107), "--scope", scope, "--as-of", "15/01/2026",
                            "--json"])
    assert r.exit_code == 0, r.output
    assert {t["province"] for t in json.loads(r.stdout)} == {"lai-chau"}


def test_scope_of_another_period_says_so(app):
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "Hà Nam", "--as-of", "15/01/2026"])
    assert r.exit_code == 2
    assert "tỉnh Hà Nam (ha-nam, đến 30/06/2025) không có vào ngày 15/01/2026" in r.stderr


def test_demo_refuses_an_unknown_province_before_planning(app, tmp_path):
    r = runner.invoke(app, ["demo", "--out", str(tmp_path / "d"), "--province", "Lai Cau"])
    assert r.exit_code == 2
    assert "--province: không có tỉnh, thành phố “Lai Cau”" in r.stderr
    assert "Lai Châu (lai-chau)" in r.stderr
    assert "lập kế hoạch cả nước" not in r.stdout and not (tmp_path / "d").exists()


def test_plan_table_fits_a_terminal(app):
    r = runner.invoke(app, ["plan", str(KL107), "--scope", "lai-chau", "--as-of", "15/01/2026"])
    assert r.exit_code == 0
    table = r.stdout.split("Kế hoạch triển khai")[0].splitlines()
    assert max(len(line) for line in table) <= 100
    # due ten days after the directive's date, whatever the chart date
    assert table[1].split()[-2:] == ["107-KL/TW", "03/01/2025"]
    assert table[2].split()[-2] == "#1"  # its parent is row 1
