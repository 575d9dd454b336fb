"""The bundled national chart: counts, dates, headers, signers (real data)."""

from __future__ import annotations

import datetime as dt

import pytest

from orgchart import Kind, Level, System

TODAY = dt.date(2026, 11, 23)
BEFORE = dt.date(2025, 3, 1)


def test_current_structure_counts(chart):
    s = chart.stats(TODAY)
    assert s["provinces"] == 34
    assert s["districts"] == 0
    assert s["communes"] == 3321
    assert s["communes_by_type"] == {"phường": 687, "xã": 2621, "đặc khu": 13}
    # one Đảng ủy and one UBND per commune, one Tỉnh ủy per province, plus central ones
    assert s["by_kind"]["peoples_committee"] == 3321 + 34
    assert "district" not in s["by_level"]


def test_pre_reform_structure_counts(chart):
    s = chart.stats(BEFORE)
    assert s["provinces"] == 63
    assert s["districts"] == 696
    assert s["communes"] == 10035
    assert s["communes_by_type"] == {"phường": 1724, "thị trấn": 616, "xã": 7695}


@pytest.mark.parametrize("province", ["lai-chau", "ha-nam", "quang-tri", "can-tho"])
def test_seed_provinces_have_districts_before_reform(chart, province):
    districts = chart.units(level=Level.district, province=province, as_of=BEFORE)
    assert districts, province
    assert chart.units(level=Level.district, province=province, as_of=TODAY) == []


def test_ha_nam_exists_only_before_the_merger(chart):
    assert chart.unit("ha-nam", BEFORE).name == "Hà Nam"
    assert chart.has("ha-nam.ubnd", BEFORE)
    assert not chart.has("ha-nam.ubnd", TODAY)
    with pytest.raises(KeyError):
        chart.unit("ha-nam", TODAY)


def test_merged_province_keeps_its_name_and_new_code(chart):
    # Quảng Trị absorbed Quảng Bình; its code is now 44 (Quảng Bình's), formerly 45.
    assert chart.unit("quang-tri", TODAY).code == "44"
    assert chart.unit("quang-tri", BEFORE).code == "45"
    assert not chart.has("quang-binh.ubnd", TODAY)


def test_province_type_history_renames_bodies(chart):
    # Huế became a centrally governed city on 1/1/2025.
    assert chart.body("hue.tu", dt.date(2024, 6, 1)).name == "Tỉnh ủy Thừa Thiên Huế"
    assert chart.body("hue.tu", TODAY).name == "Thành ủy Huế"
    assert chart.header_lines("hue.ubnd", TODAY) == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ"]


def test_headers_follow_the_layout_rules(chart):
    h = chart.header_lines
    assert h("lai-chau.ubnd", TODAY) == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    assert h("lai-chau.btv", TODAY) == ["TỈNH ỦY LAI CHÂU", "*"]
    assert h("can-tho.btv", BEFORE) == ["THÀNH ỦY CẦN THƠ", "*"]
    assert h("lai-chau.btgdv", TODAY) == ["TỈNH ỦY LAI CHÂU", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert h("c03390.du", TODAY) == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ BÌNH LƯ", "*"]
    assert h("ha-nam.so-vhttdl", BEFORE) == ["UBND TỈNH HÀ NAM",
                                            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert h("ha-nam.dubnd", dt.date(2025, 3, 19)) == [
        "ĐẢNG BỘ TỈNH HÀ NAM", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "*"]
    assert h("tw.bct", TODAY) == ["BAN CHẤP HÀNH TRUNG ƯƠNG", "*"]
    assert h("c03390.ca", TODAY) == ["CÔNG AN TỈNH LAI CHÂU", "CÔNG AN XÃ BÌNH LƯ"]


def test_symbols_places_and_collective_signing(chart):
    b = chart.body("lai-chau.btv", TODAY)
    assert (b.symbol, b.place, b.collective_name) == ("TU", "Lai Châu", "BAN THƯỜNG VỤ")
    assert chart.body("lai-chau.btgdv", TODAY).symbol == "BTGDVTU"
    assert chart.body("c03390.btv", TODAY).symbol == "ĐU"
    assert chart.body("c03390.btv", TODAY).place == "Bình Lư"
    assert chart.body("ha-nam.so-vhttdl", BEFORE).collective_name is None
    # a place named after a person keeps its level word on the date line
    assert chart.body("ho-chi-minh.ubnd", TODAY).place == "Thành phố Hồ Chí Minh"


def test_district_committees_by_district_type(chart):
    huyen = next(d for d in chart.units(level=Level.district, province="lai-chau",
                                        as_of=BEFORE) if d.type == "huyện")
    hu = chart.body(f"{huyen.id}.hu", BEFORE)
    assert hu.name.startswith("Huyện ủy ") and hu.symbol == "HU"
    assert chart.header_lines(hu.id, BEFORE)[0] == "ĐẢNG BỘ TỈNH LAI CHÂU"
    quan = next(d for d in chart.units(level=Level.district, province="can-tho",
                                       as_of=BEFORE) if d.type == "quận")
    assert chart.body(f"{quan.id}.hu", BEFORE).symbol == "QU"


def test_signers_from_overrides(chart):
    ubnd = chart.body("lai-chau.ubnd", dt.date(2025, 1, 15))
    assert [(p.title, p.holder) for p in ubnd.posts if p.role == "head"] == [
        ("Chủ tịch", "Lê Văn Lương")]
    so = chart.body("ha-nam.so-vhttdl", dt.date(2025, 4, 10))
    assert so.posts[0].holder == "Mai Thành Chung"


def test_dates_of_the_2025_restructuring(chart):
    jan = dt.date(2025, 1, 15)
    # before: separate Ban Tuyên giáo and Ban Dân vận; Ban cán sự đảng UBND (seed 002)
    assert chart.has("lai-chau.btg", jan) and chart.has("lai-chau.bdv", jan)
    assert chart.has("lai-chau.bcsd", jan) and not chart.has("lai-chau.dubnd", jan)
    assert not chart.has("lai-chau.btgdv", jan)
    # after: merged commission and Đảng ủy UBND tỉnh (seed 003 cites 10-KH/ĐU)
    apr = dt.date(2025, 4, 1)
    assert chart.has("ha-nam.btgdv", apr) and chart.has("ha-nam.dubnd", apr)
    assert not chart.has("ha-nam.bcsd", apr)
    # district police end on 1/3/2025, districts on 1/7/2025
    d = chart.units(level=Level.district, province="lai-chau", as_of=jan)[0]
    assert chart.has(f"{d.id}.ca", jan) and not chart.has(f"{d.id}.ca", apr)
    assert chart.has(f"{d.id}.ubnd", apr) and not chart.has(f"{d.id}.ubnd", TODAY)
    # departments merged by NĐ 45/2025
    assert chart.has("lai-chau.so-khdt", jan) and not chart.has("lai-chau.so-khdt", apr)
    assert chart.has("lai-chau.so-nnmt", apr) and not chart.has("lai-chau.so-nnmt", jan)


def test_special_zones_and_police(chart):
    dk = [t for t in chart.units(level=Level.commune, as_of=TODAY) if t.type == "đặc khu"]
    assert len(dk) == 13
    van_don = next(t for t in dk if t.name == "Vân Đồn")
    kinds = {b.kind for b in chart.bodies(territory=van_don.id, as_of=TODAY)}
    assert Kind.propaganda_commission in kinds and Kind.party_building_commission not in kinds
    assert chart.has(f"{van_don.id}.pkthtdt", TODAY) and not chart.has(f"{van_don.id}.pkt",
                                                                         TODAY)
    police = chart.bodies(kind=Kind.police, level=Level.commune, as_of=TODAY)
    assert len(police) == 3319  # Hoàng Sa and Trường Sa have none
    assert not chart.has("c20333.ca", TODAY)


def test_every_issuing_body_has_symbol_and_place(chart):
    for b in chart.bodies(as_of=TODAY):
        if b.issues:
            assert b.symbol and b.place, b.id
    # and the Party bodies are exactly those of the Party system
    assert chart.body("c03390.du", TODAY).system == System.party


def test_official_codes_where_known(chart):
    assert chart.body("quang-ninh.ubnd", TODAY).codes.qcvn102 == "000.00.00.H49"
    assert chart.body("hue.ubnd", TODAY).codes.qd20 == "H57"
    assert chart.body("hue.hdnd", TODAY).codes.qd20 == "K57"
    assert chart.body("lai-chau.ubnd", TODAY).codes is None
