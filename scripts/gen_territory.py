"""Generate orgchart/data/territory.yaml from the vietnamadminunits package data.

vietnamadminunits (MIT licence) bundles the official unit lists as SQLite. We read that
file directly (importing the package pulls numpy, shapely and geopy, and its address
converter may call an online geocoder) and write a compact YAML that is committed, so
the package is needed only to regenerate, never at run time.

    pip install vietnamadminunits==1.0.4 && python scripts/gen_territory.py
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "orgchart" / "data" / "territory.yaml"
LAST_DAY_BEFORE_REFORM = "2025-06-30"
REFORM_DAY = "2025-07-01"

PROVINCE_TYPES = {"Tỉnh": "tỉnh", "Thành phố": "thành phố"}
DISTRICT_TYPES = {"Huyện": "huyện", "Quận": "quận", "Thị xã": "thị xã", "Thành phố": "thành phố"}
COMMUNE_TYPES = {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn", "Đặc khu": "đặc khu"}

# Changes of a province's type or name inside the window the chart covers, entered by
# hand because the dataset holds one snapshot per era.
HISTORY = {
    # Nghị quyết 175/2024/QH15: Thừa Thiên Huế became a centrally governed city on 1/1/2025.
    "hue": [{"until": "2024-12-31", "name": "Thừa Thiên Huế", "type": "tỉnh"}],
}


# Dated changes of pre-2025 districts that continued under another type or name, for
# reading documents issued before them ("Thị ủy Phúc Yên", "UBND huyện Tĩnh Gia"). The
# dataset keeps each district's former names as aliases (districtAlias: "thixaphucyen",
# "huyentinhgia") but neither their spelling nor their dates: a row gives both, with the
# resolution and where it was read; `alias` is the dataset's key of the former name, checked
# on generation (None where the dataset has no alias for it).
DISTRICT_HISTORY: dict[str, list[dict[str, str | None]]] = {
    # Nghị quyết 484/NQ-UBTVQH14 ngày 07/02/2018 (thông qua ngày 07/02/2018; nguồn không
    # nêu ngày hiệu lực): https://tailieuluat.com/amp/nghi-quyet-484-nq-ubtvqh14-uy-ban-thuong-vu-quoc-hoi-vb4233.html
    "244": [{"until": "2018-02-06", "type": "thị xã", "name": "Phúc Yên",
             "alias": "thixaphucyen"}],
    # huyện Tĩnh Gia → thị xã Nghi Sơn, Nghị quyết 933/NQ-UBTVQH14, hiệu lực 01/6/2020:
    # https://quochoi.vn/UBTVQH/tintuc/Pages/tin-hoat-dong.aspx?ItemID=1244
    "407": [{"until": "2020-05-31", "type": "huyện", "name": "Tĩnh Gia",
             "alias": "huyentinhgia"}],
    # Nghị quyết 932/NQ-UBTVQH14, cùng phiên với 931 (Đông Hòa), hiệu lực 01/6/2020:
    # https://nongnghiep.vn/viet-nam-them-3-thi-xa-d263760.html
    "543": [{"until": "2020-05-31", "type": "huyện", "name": "Hoài Nhơn",
             "alias": "huyenhoainhon"}],
    "564": [{"until": "2020-05-31", "type": "huyện", "name": "Đông Hòa", "alias": None}],
    # huyện → thị xã (hiệu lực 13/01/2011) → thành phố (Nghị quyết 857/NQ-UBTVQH14, hiệu
    # lực 01/02/2020): http://plo.vn/thoi-su/chinh-tri/binh-duong-thanh-lap-moi-2-thi-xa-thuoc-tinh-148993.html,
    # https://vov.vn/tin-24h/binh-duong-chinh-thuc-co-them-2-thanh-pho-va-4-phuong-1005209.vov
    "724": [{"until": "2011-01-12", "type": "huyện", "name": "Dĩ An", "alias": None},
            {"until": "2020-01-31", "type": "thị xã", "name": "Dĩ An", "alias": "thixadian"}],
    "725": [{"until": "2011-01-12", "type": "huyện", "name": "Thuận An", "alias": None},
            {"until": "2020-01-31", "type": "thị xã", "name": "Thuận An",
             "alias": "thixathuanan"}],
    # Nghị quyết 673/NQ-UBTVQH14, hiệu lực 01/6/2019:
    # https://vietnambiz.vn/thanh-lap-thanh-pho-long-khanh-thuoc-tinh-dong-nai-20190426152822165-print.htm
    "732": [{"until": "2019-05-31", "type": "thị xã", "name": "Long Khánh",
             "alias": "thixalongkhanh"}],
}


def alias_key(text: str) -> str:
    """The dataset's key of a name: no marks, no spaces ('Thị xã Phúc Yên' → 'thixaphucyen')."""
    return slug(text).replace("-", "")


def slug(name: str) -> str:
    """ASCII id for a province: 'Bà Rịa - Vũng Tàu' -> 'ba-ria-vung-tau'."""
    s = name.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split())


def split_type(full: str, types: dict[str, str]) -> tuple[str, str]:
    for word, norm in sorted(types.items(), key=lambda kv: -len(kv[0])):
        # the dataset has a few capitalisation slips ("Thành Phố Bắc Kạn")
        if full.lower().startswith(word.lower() + " "):
            return norm, full[len(word) + 1 :]
    raise ValueError(f"no level word in {full!r}")


def q(s: str) -> str:
    """YAML double-quoted scalar (codes must stay strings: '03388')."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    out = OUT
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        out = Path(sys.argv[2])
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("vietnamadminunits is not installed: pip install vietnamadminunits==1.0.4")
    version = importlib.metadata.version("vietnamadminunits")
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    provinces: dict[str, dict] = {}
    for full, code in con.execute(
        "select distinct province, provinceCode from admin_units_legacy order by provinceCode"
    ):
        ptype, name = split_type(full, PROVINCE_TYPES)
        provinces[slug(name)] = {"name": name, "type": ptype, "legacy_code": code,
                                 "code": None, "districts": {}, "communes": []}
    for full, code in con.execute(
        "select distinct province, provinceCode from admin_units order by provinceCode"
    ):
        ptype, name = split_type(full, PROVINCE_TYPES)
        p = provinces.setdefault(slug(name), {"name": name, "legacy_code": None,
                                              "districts": {}, "communes": []})
        p["type"], p["code"] = ptype, code

    aliases: dict[str, set[str]] = defaultdict(set)
    for dcode, alias in con.execute(
        "select distinct districtCode, districtAlias from admin_units_legacy "
        "where districtAlias is not null and districtAlias != ''"
    ):
        aliases[dcode] |= set(json.loads(alias))
    for dcode, rows in DISTRICT_HISTORY.items():
        for h in rows:
            own = alias_key(f"{h['type']} {h['name']}")
            if h["alias"] is not None and (h["alias"] != own or h["alias"] not in aliases[dcode]):
                sys.exit(f"DISTRICT_HISTORY[{dcode}]: {h['type']} {h['name']} is not the "
                         f"dataset's alias {h['alias']!r} of district {dcode} "
                         f"(it has {sorted(aliases[dcode])})")

    for row in con.execute(
        "select province, district, districtCode, ward, wardCode, wardType "
        "from admin_units_legacy order by districtCode, wardCode"
    ):
        pfull, dfull, dcode, wfull, wcode, wtype = row
        p = provinces[slug(split_type(pfull, PROVINCE_TYPES)[1])]
        dtype, dname = split_type(dfull, DISTRICT_TYPES)
        d = p["districts"].setdefault(dcode, {"type": dtype, "name": dname, "communes": []})
        if wfull:  # five island districts have no communes
            d["communes"].append((wcode, COMMUNE_TYPES[wtype], split_type(wfull, COMMUNE_TYPES)[1]))

    for pfull, wfull, wcode, wtype in con.execute(
        "select province, ward, wardCode, wardType from admin_units order by wardCode"
    ):
        p = provinces[slug(split_type(pfull, PROVINCE_TYPES)[1])]
        p["communes"].append((wcode, COMMUNE_TYPES[wtype], split_type(wfull, COMMUNE_TYPES)[1]))

    counts = defaultdict(int)
    lines = [
        "# Territorial skeleton of the org chart. GENERATED by scripts/gen_territory.py: do not",
        "# edit by hand; put corrections in an overrides file.",
        f"# Source: vietnamadminunits {version}, (c) its authors, MIT licence",
        "# (https://pypi.org/project/vietnamadminunits/): tables admin_units (from 1/7/2025)",
        "# and admin_units_legacy (the three-level structure before 1/7/2025).",
        "# Rows: [code, type, name]. A district's `history` holds its former types and",
        "# names with the last day of each (DISTRICT_HISTORY in the generator: sources).",
        "territory:",
        f"  reform_date: {REFORM_DAY}",
        "  provinces:",
    ]
    for pid in sorted(provinces, key=lambda s: (provinces[s]["code"] or "99",
                                                provinces[s]["legacy_code"] or "99")):
        p = provinces[pid]
        lines.append(f"    {pid}:")
        lines.append(f"      name: {q(p['name'])}")
        lines.append(f"      type: {q(p['type'])}")
        if p["code"]:
            lines.append(f"      code: {q(p['code'])}")
            counts["provinces"] += 1
        else:
            lines.append(f"      valid_to: {LAST_DAY_BEFORE_REFORM}")
        if p["legacy_code"]:
            lines.append(f"      legacy_code: {q(p['legacy_code'])}")
        if pid in HISTORY:
            lines.append("      history:")
            for h in HISTORY[pid]:
                lines.append(f"        - {{until: {h['until']}, name: {q(h['name'])}, "
                             f"type: {q(h['type'])}}}")
        if p["communes"]:
            lines.append("      communes:")
            for code, ctype, name in p["communes"]:
                lines.append(f"        - [{q(code)}, {q(ctype)}, {q(name)}]")
                counts["communes"] += 1
        if p["districts"]:
            lines.append("      districts:")
            for dcode, d in sorted(p["districts"].items()):
                lines.append(f"        - code: {q(dcode)}")
                lines.append(f"          type: {q(d['type'])}")
                lines.append(f"          name: {q(d['name'])}")
                counts["districts"] += 1
                if dcode in DISTRICT_HISTORY:
                    lines.append("          history:")
                    for h in DISTRICT_HISTORY[dcode]:
                        lines.append(f"            - {{until: {h['until']}, "
                                     f"name: {q(str(h['name']))}, type: {q(str(h['type']))}}}")
                    counts["dated district changes"] += len(DISTRICT_HISTORY[dcode])
                if d["communes"]:
                    lines.append("          communes:")
                    for code, ctype, name in d["communes"]:
                        lines.append(f"            - [{q(code)}, {q(ctype)}, {q(name)}]")
                        counts["legacy communes"] += 1
                else:
                    lines.append("          communes: []")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
