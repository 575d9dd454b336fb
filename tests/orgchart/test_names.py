"""Name lookup tolerant of Vietnamese spelling variants, and the text keys beneath it."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from orgchart import UnknownBody
from orgchart.text import key, same_name

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("a", "b"), [
    ("Thành uỷ", "Thành ủy"),
    ("Hoà Bình", "Hòa Bình"),
    ("THÀNH ỦY", "thành ủy"),
    ("Quảng  Trị", "Quảng Trị"),
    (unicodedata.normalize("NFD", "Đảng ủy xã Bình Lư"), "Đảng ủy xã Bình Lư"),
    ("Khánh Hoà", "Khánh Hòa"),
])
def test_keys_equal(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Đảng", "Dang"),  # Đ is a letter of its own
    ("Đông", "Dong"),
    ("Hòa", "Hoa"),  # a tone is not dropped, only placed canonically
    ("Bình Lư", "Bình Lu"),
])
def test_keys_differ(a, b):
    assert key(a) != key(b)


def test_abbreviations():
    assert same_name("UBND tỉnh Lai Châu", "Ủy ban nhân dân tỉnh Lai Châu")
    assert same_name("HĐND xã X", "Hội đồng nhân dân xã X")


@pytest.mark.parametrize(("query", "expected"), [
    ("UBND tỉnh Lai Châu", "lai-chau.ubnd"),
    ("Ủy ban nhân dân Lai Châu", "lai-chau.ubnd"),
    ("ủy ban nhân dân tỉnh lai châu", "lai-chau.ubnd"),
    ("Đảng uỷ xã Bình Lư", "c03390.du"),
    ("Đảng ủy xã Bình Lư", "c03390.du"),
    ("Ban Thường vụ Tỉnh uỷ Lai Châu", "lai-chau.btv"),
    ("Tỉnh ủy Khánh Hoà", "khanh-hoa.tu"),
    ("Bộ Chính trị", "tw.bct"),
    ("lai-chau.ubnd", "lai-chau.ubnd"),
])
def test_find_best_match_first(chart, query, expected):
    assert chart.find(query, as_of=TODAY)[0].id == expected
    assert chart.resolve(query, as_of=TODAY).id == expected


def test_find_respects_dates(chart):
    # before the reform the commune of the same name was under a district
    old = chart.find("Đảng ủy xã Bình Lư", as_of=dt.date(2025, 1, 1))[0]
    assert old.id.startswith("x") and old.id != "c03390.du"


def test_resolve_reports_nearest_names(chart):
    with pytest.raises(UnknownBody) as e:
        chart.resolve("Ủy ban nhân dân tỉnh Lai Chau", as_of=TODAY)
    assert "Ủy ban nhân dân tỉnh Lai Châu (lai-chau.ubnd)" in e.value.suggestions
    assert "không tìm thấy cơ quan “Ủy ban nhân dân tỉnh Lai Chau”; có phải:" in str(e.value)


def test_resolve_ambiguous_name_lists_candidates(chart):
    # many communes share a name across provinces
    with pytest.raises(UnknownBody) as e:
        chart.resolve("Ủy ban nhân dân xã Tân Thành", as_of=TODAY)
    assert len(e.value.suggestions) == 7  # seven communes of that name since 1/7/2025
    province = chart.find("Ủy ban nhân dân xã Tân Thành", as_of=TODAY)[0].province
    one = chart.resolve("Ủy ban nhân dân xã Tân Thành", as_of=TODAY, province=province)
    assert one.province == province


def test_committee_names_are_not_level_words():
    from orgchart.text import key, strip_level_words

    assert strip_level_words(key("Tỉnh ủy Lai Châu")) == key("Tỉnh ủy Lai Châu")
    assert strip_level_words(key("Ban Thường vụ Huyện uỷ")) == key("Ban Thường vụ Huyện ủy")
    assert strip_level_words(key("Ủy ban nhân dân tỉnh Lai Châu")) == key(
        "Ủy ban nhân dân Lai Châu")


def test_generic_committee_name_in_a_province_is_not_the_province_committee(chart):
    # "Ban Thường vụ Huyện ủy" is ambiguous in a province, never the Tỉnh ủy's BTV
    with pytest.raises(UnknownBody):
        chart.resolve("Ban Thường vụ Huyện ủy", as_of=dt.date(2025, 1, 15),
                      province="lai-chau")


def test_collate_is_vietnamese_dictionary_order(chart) -> None:
    from orgchart.text import collate

    names = [u.name for u in chart.units(level="province", as_of=dt.date(2026, 1, 15))]
    got = sorted(names, key=collate)
    # Đ after D and before E, tones only break ties, vowel shapes are letters of their own
    assert got.index("Đà Nẵng") == got.index("Cần Thơ") + 1
    assert got.index("Đồng Tháp") + 1 == got.index("Gia Lai")
    assert got[got.index("Hà Nội"):got.index("Hà Nội") + 6] == \
        ["Hà Nội", "Hà Tĩnh", "Hải Phòng", "Hồ Chí Minh", "Huế", "Hưng Yên"]
    assert sorted(["Lâm Đồng", "Lào Cai", "Lạng Sơn", "Lai Châu"], key=collate) == \
        ["Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng"]
    # NFD input and case sort with their NFC, lower-case twins
    import unicodedata

    assert collate(unicodedata.normalize("NFD", "Đà Nẵng"))[:2] == collate("đà nẵng")[:2]


def test_unmarked_keeps_d_bar() -> None:
    from orgchart.text import key, unmarked

    assert unmarked(key("Thành uỷ")) == unmarked(key("thanh uy")) == "thanh uy"
    assert unmarked(key("Đà Nẵng")) == "đa nang" != unmarked(key("Da Nang"))


def test_collate_tone_placement_does_not_matter() -> None:
    from orgchart.text import collate

    assert collate("Hoà Bình")[:2] == collate("Hòa Bình")[:2]
    assert collate("Thành uỷ")[:2] == collate("Thành ủy")[:2]


def test_unaccented_query_ranks_the_closest_name_first(chart):
    found = chart.find("UBND xa Binh Lu", as_of=TODAY, limit=5)
    assert found[0].id == "c03390.ubnd"  # Bình Lư before Bình Liêu and Bình Lục
    assert chart.find("dang uy xa binh lu", as_of=TODAY)[0].id == "c03390.du"


def test_a_name_of_two_periods_lists_both_with_province_and_period(chart):
    from orgchart import AmbiguousBody

    with pytest.raises(AmbiguousBody) as e:
        chart.resolve("Đảng ủy xã Bình Lư")  # any date: the commune before and after 1/7/2025
    msg = str(e.value)
    assert "không tìm thấy" not in msg and "ứng với 2 cơ quan" in msg
    assert "Đảng ủy xã Bình Lư (c03390.du, Lai Châu, từ 01/07/2025)" in msg
    assert "(x03412.du, Lai Châu, đến 30/06/2025)" in msg
    assert chart.resolve("Đảng ủy xã Bình Lư", as_of=TODAY).id == "c03390.du"


def test_ambiguous_across_provinces_names_each_province(chart):
    with pytest.raises(UnknownBody) as e:
        chart.resolve("Ủy ban nhân dân xã Tân Thành", as_of=TODAY)
    assert "(c06445.ubnd, Lạng Sơn, từ 01/07/2025)" in str(e.value)


def test_a_body_of_another_period_is_explained(chart):
    with pytest.raises(UnknownBody) as e:
        chart.body("d106.hu", TODAY)
    assert "Huyện ủy Tam Đường (d106.hu, Lai Châu, đến 30/06/2025) không có trong sơ đồ " \
        f"ngày {TODAY:%d/%m/%Y}" in str(e.value)


@pytest.mark.parametrize("name", ["lai-chau", "Lai Châu", "tỉnh Lai Châu", "lai chau",
                                  "LAI CHÂU", "Tỉnh Lai Chau"])
def test_resolve_province_by_id_or_name(chart, name):
    assert chart.resolve_province(name, as_of=TODAY).id == "lai-chau"


def test_resolve_province_did_you_mean(chart):
    from orgchart import UnknownUnit

    with pytest.raises(UnknownUnit) as e:
        chart.resolve_province("Lai Cau", as_of=TODAY)
    assert "không có tỉnh, thành phố “Lai Cau”" in str(e.value)
    assert e.value.suggestions[0] == "Lai Châu (lai-chau)"
    with pytest.raises(UnknownUnit, match="không phải tỉnh"):
        chart.resolve_province("c03390", as_of=TODAY)
    assert chart.resolve_province("Hà Nam", as_of=dt.date(2025, 1, 1)).id == "ha-nam"
