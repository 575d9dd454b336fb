"""The CLI contract other parts rely on, the cache, and the generated territory file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from orgchart import load_chart, load_uncached
from orgchart.loader import bundled_path

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def run_json(*args: str):
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_stats_json_today_and_before_reform():
    s = run_json("orgchart", "stats", "--as-of", "2026-11-23", "--json")
    assert (s["provinces"], s["communes"], s["districts"]) == (34, 3321, 0)
    assert s["bodies"] == sum(s["by_kind"].values()) == sum(s["by_level"].values())
    old = run_json("orgchart", "stats", "--as-of", "2025-03-01", "--json")
    assert (old["provinces"], old["districts"], old["communes"]) == (63, 696, 10035)


def test_find_ubnd_lai_chau_json():
    (top, *_) = run_json("orgchart", "find", "UBND tỉnh Lai Châu", "--json")
    assert top["id"] == "lai-chau.ubnd"
    assert top["header"] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert (top["symbol"], top["place"], top["province"]) == ("UBND", "Lai Châu", "Lai Châu")
    assert (top["kind"], top["system"], top["level"]) == ("peoples_committee", "state",
                                                         "province")


def test_find_dang_uy_xa_with_old_tone_placement():
    (top, *_) = run_json("orgchart", "find", "Đảng uỷ xã Bình Lư", "--json", "--limit", "3")
    assert top["name"] == "Đảng ủy xã Bình Lư"
    assert top["header"] == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ BÌNH LƯ", "*"]
    assert top["symbol"] == "ĐU" and top["place"] == "Bình Lư"


def test_show_prints_header_signers_and_tree():
    r = runner.invoke(app, ["orgchart", "show", "lai-chau.ubnd", "--as-of", "2025-01-15",
                            "--depth", "1"])
    assert r.exit_code == 0, r.output
    assert "ỦY BAN NHÂN DÂN\n" in r.output and "TỈNH LAI CHÂU" in r.output
    assert "Chủ tịch: Lê Văn Lương" in r.output
    assert "Sở Kế hoạch và Đầu tư tỉnh Lai Châu" in r.output  # before NĐ 45/2025
    bad = runner.invoke(app, ["orgchart", "show", "lai-chau.ubdn"])
    assert bad.exit_code == 2 and "lai-chau.ubnd" in bad.output


def test_orgchart_option_replaces_the_bundled_chart():
    small = str(Path(__file__).parent / "fixtures" / "valid_small.yaml")
    s = run_json("orgchart", "stats", "--orgchart", small, "--json")
    assert s["bodies"] == 3 and s["provinces"] == 0


def test_cache_gives_the_same_chart_and_follows_content(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIENKHAI_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(bundled_path(), data)
    from orgchart import loader

    loader._memo.clear()
    cold = load_chart(data)
    assert len(list((tmp_path / "cache").glob("chart-*.marshal"))) == 1
    loader._memo.clear()
    warm = load_chart(data)
    assert warm is not cold
    for bid in ("lai-chau.ubnd", "c03390.du", "hue.tu", "ha-nam.so-vhttdl"):
        assert warm.versions(bid) == cold.versions(bid)
        assert warm.header_lines(bid) == cold.header_lines(bid)
    assert warm.stats() == cold.stats()
    for tid in ("lai-chau", "c03390", "hue"):  # territory index built from encoded bodies
        assert warm.bodies(territory=tid) == cold.bodies(territory=tid)
    assert warm.counterpart("c03390.btv", "police").id == "c03390.ca"
    assert [b.id for b in warm.subordinates("lai-chau.btv", depth=2)] == \
        [b.id for b in cold.subordinates("lai-chau.btv", depth=2)]
    # an edited file is a different chart: the cache is keyed by content
    seeds = data / "overrides" / "lai-chau.yaml"
    seeds.write_text(seeds.read_text(encoding="utf-8").replace("Lê Văn Lương", "Nguyễn Văn A"),
                     encoding="utf-8")
    loader._memo.clear()
    edited = load_chart(data)
    assert edited.body("lai-chau.ubnd").posts[0].holder == "Nguyễn Văn A"
    assert len(list((tmp_path / "cache").glob("chart-*.marshal"))) == 2


def test_territory_file_is_what_the_generator_writes(tmp_path):
    """The committed YAML equals a fresh run of scripts/gen_territory.py."""
    out = tmp_path / "territory.yaml"
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_territory.py"),
                        "--out", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "34 provinces, 3321 communes, 696 districts, 10035 legacy communes" in r.stdout
    assert out.read_bytes() == (bundled_path() / "territory.yaml").read_bytes()


def test_bundled_chart_is_valid_uncached():
    chart = load_uncached()
    assert chart.stats()["bodies"] > 100_000


def test_warm_chart_is_safe_for_request_threads(tmp_path, monkeypatch):
    """A server's threads may build the lazy graphs and the name index at the same time."""
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from orgchart import loader

    monkeypatch.setenv("TRIENKHAI_CACHE", str(tmp_path / "cache"))
    loader._memo.clear()
    load_chart()  # writes the cache
    for _ in range(3):
        loader._memo.clear()
        warm = load_chart()
        day = dt.date(2026, 1, 15)

        def ask(i: int, chart=warm, day=day) -> tuple:
            sup = tuple(b.id for b in chart.superiors("lai-chau.so-vhttdl", day))
            req = tuple(b.id for b in chart.requested("c03390.btv", day))
            top = chart.find("UBND tỉnh Lai Châu", as_of=day, limit=1)[0].id
            return sup, req, top

        with ThreadPoolExecutor(8) as pool:
            answers = set(pool.map(ask, range(16)))
        assert answers == {(("lai-chau.dubnd", "lai-chau.ubnd"),
                            ("c03390.ca", "c03390.mttq", "c03390.tthdnd", "c03390.ubnd"),
                            "lai-chau.ubnd")}


def test_show_speaks_vietnamese_and_names_the_province():
    r = runner.invoke(app, ["orgchart", "show", "lai-chau.btv", "--as-of", "15/01/2026"])
    assert r.exit_code == 0, r.output
    assert "Loại: Ban Thường vụ; hệ thống: Đảng; cấp: tỉnh" in r.output
    assert "standing_board" not in r.output and "party" not in r.output
    r = runner.invoke(app, ["orgchart", "show", "c03390.du", "--as-of", "15/01/2026"])
    assert "Tỉnh, thành phố: Lai Châu" in r.output


def test_show_an_id_of_another_period_without_as_of():
    r = runner.invoke(app, ["orgchart", "show", "d106.hu"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Huyện ủy Tam Đường  (d106.hu)")
    assert "(cơ quan tồn tại đến 30/06/2025; thông tin ngày 30/06/2025)" in r.output


def test_find_shows_the_province_and_ranks_unaccented_queries():
    r = runner.invoke(app, ["orgchart", "find", "UBND xa Binh Lu", "--as-of", "15/01/2026",
                            "--limit", "3"])
    assert r.exit_code == 0, r.output
    first = r.output.splitlines()[0]
    assert first.split()[0] == "c03390.ubnd" and "Ủy ban nhân dân xã Bình Lư — Lai Châu" in first


def test_stats_wording():
    r = runner.invoke(app, ["orgchart", "stats", "--as-of", "15/01/2026"])
    assert r.exit_code == 0, r.output
    assert "Đơn vị hành chính cấp xã: 3.321 (2.621 xã, 687 phường, 13 đặc khu)" in r.output
    assert "Cấp huyện: không còn" in r.output
    old = runner.invoke(app, ["orgchart", "stats", "--as-of", "01/01/2025"]).output
    assert "Huyện, quận, thị xã, thành phố thuộc tỉnh: 696" in old
