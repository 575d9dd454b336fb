"""The wording table (cascade/data/wording.yaml) and its reader, phrase by phrase.

The subjects are checked against what the seeds themselves print, so a directive read
from a real document (intake) is reworded as the YAML one is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cascade import wording
from cascade.wording import WORDING, check, group_text, reword_subject, subject_role, voice

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
STATE = voice("state", "peoples_committee", "province")
SO = voice("state", "department", "province")
PARTY = voice("party", "standing_board", "province")


def test_voices_fall_back_from_kind_to_level_to_system():
    assert SO.keys == ("state.department", "state.province", "state", "default")
    assert voice("front", "fatherland_front", "province").system == "state"
    assert voice("judicial", "court", "province").system == "state"
    assert PARTY.party and not STATE.party


@pytest.mark.parametrize(("text", "role"), [
    # kl-107.yaml, and what seed 001 prints (read by intake from a Huyện ủy letter)
    ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương và người đứng đầu tổ chức quán "
     "triệt, tuyên truyền", "all"),
    ("Cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương và người đứng đầu lãnh đạo, chỉ đạo "
     "tổ chức tuyên truyền", "all"),
    ("Người đứng đầu cấp ủy, chính quyền, cơ quan, đơn vị trực tiếp lãnh đạo", "heads"),
    ("Các cấp ủy, Ủy ban Kiểm tra các cấp và các cơ quan chức năng tăng cường kiểm tra",
     "oversight"),
    ("Các cấp uỷ, uỷ ban kiểm tra và các cơ quan chức năng tăng cường", "oversight"),  # uỷ
])
def test_subjects_are_recognised_as_the_directive_writes_them(text, role):
    got = subject_role(text)
    assert got is not None and got[0] == role


def test_state_voice_rewords_the_subject_the_party_keeps_it():
    text = ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương và người đứng đầu tổ chức "
            "quán triệt, tuyên truyền Kết luận")
    assert reword_subject(text, PARTY) == text
    assert reword_subject(text, STATE) == ("Các cơ quan, đơn vị, địa phương và người đứng đầu "
                                           "quán triệt, tuyên truyền Kết luận")
    assert reword_subject(text, SO).startswith("Lãnh đạo các phòng, đơn vị, nhất là người")
    other = "Tiếp tục củng cố, kiện toàn tổ chức bộ máy"
    assert reword_subject(other, STATE) == other


def test_state_subjects_are_the_seeds_own():
    """The State subjects are what seed 002 (UBND tỉnh) and 003 (a sở) print."""
    seed = {n: " ".join((SEEDS / f"{n}.txt").read_text(encoding="utf-8").split())
            for n in ("002", "003")}
    heads = yaml.safe_load(WORDING.read_text(encoding="utf-8"))["subjects"]["heads"]
    assert heads["state"] in seed["002"]             # "Người đứng đầu các cơ quan, đơn vị, …"
    assert heads["state.department"] in seed["003"]  # "Người đứng đầu các phòng, đơn vị"
    lead = reword_subject("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương và người "
                          "đứng đầu tổ chức quán triệt", SO).removesuffix(" quán triệt")
    assert lead.replace(",", "") in seed["003"].replace(",", "")  # "Lãnh đạo các phòng, …"


@pytest.mark.parametrize(("kind", "level", "types", "want"), [
    ("peoples_committee", "commune", ["xã"] * 36 + ["phường"] * 2,
     "Ủy ban nhân dân các xã, phường"),
    ("peoples_committee", "commune", ["phường", "đặc khu", "xã"],
     "Ủy ban nhân dân các xã, phường, đặc khu"),
    ("standing_board", "district", ["huyện", "thành phố"],
     "Ban Thường vụ các huyện ủy, thành ủy"),
    ("standing_board", "district", ["huyện", "quận"], "Ban Thường vụ các quận ủy, huyện ủy"),
    ("standing_board", "district", ["thị xã", "huyện"], "Ban Thường vụ các huyện ủy, thị ủy"),
    ("department", "province", ["thành phố"] * 14, "Các sở, ban, ngành thành phố"),
    ("division", "commune", ["phường"] * 3, "Các phòng chuyên môn thuộc Ủy ban nhân dân phường"),
])
def test_group_labels_name_only_the_types_given(kind, level, types, want):
    assert group_text(kind, level, types, len(types)) == want


def test_one_body_is_named_not_grouped():
    assert group_text("peoples_committee", "commune", ["xã"], 1) is None
    assert group_text("police", "commune", ["xã", "xã"], 2) is None  # no label: names


def test_heads_as_a_state_opening_names_them():
    assert wording.head_of("department", "Các sở, ban, ngành tỉnh", "tỉnh") == \
        "Thủ trưởng các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh"  # 002
    assert wording.head_of("peoples_committee", "Ủy ban nhân dân các xã, phường") == \
        "Chủ tịch Ủy ban nhân dân các xã, phường"
    assert wording.head_of("police", "Công an tỉnh Lai Châu") is None


def test_party_lead_wording_only_in_the_party_voice():
    party = wording.phrase("assign.party", PARTY, via="Đảng ủy Công an tỉnh", lead="Công an "
                           "tỉnh", text="nắm chắc")
    assert party == "Đảng ủy Công an tỉnh lãnh đạo, chỉ đạo Công an tỉnh nắm chắc"
    assert wording.phrase("assign.party", STATE, via="X", lead="Công an tỉnh",
                          text="nắm chắc") == "Công an tỉnh nắm chắc"


def test_function_of_a_propaganda_guide():
    assert wording.function_of("huong_dan", "propaganda_commission", []).id == "propaganda"
    assert wording.function_of("huong_dan", "standing_board", ["propaganda_commission"])
    assert wording.function_of("ke_hoach", "peoples_committee",
                               ["propaganda_commission"]) is None
    assert wording.function_of("huong_dan", "standing_board", ["standing_board"]) is None


def test_a_broken_table_names_what_is_wrong(tmp_path):
    data = yaml.safe_load(WORDING.read_text(encoding="utf-8"))
    data["heads"]["sở"] = "Giám đốc {line}"
    data["groups"].append({"kind": "department", "level": "tinh", "text": "x"})
    del data["follow"]
    with pytest.raises(RuntimeError) as e:
        check(data, tmp_path / "w.yaml")
    msg = str(e.value)
    assert "missing section 'follow'" in msg
    assert "heads: not a kind of body: 'sở'" in msg
    assert "groups: not a level: 'tinh'" in msg
    assert check(yaml.safe_load(WORDING.read_text(encoding="utf-8")), WORDING)
