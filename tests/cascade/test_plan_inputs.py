"""Directive and rules files: the bundled ones load; bad ones fail naming file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import KL107, POST

from cascade.directive import DirectiveError, load_directive
from cascade.plan_rules import DEFAULT_RULES, RulesError, load_rules
from cascade.planner import plan


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_kl107_reads(kl107):
    assert (kl107.type_code, kl107.number, str(kl107.date)) == ("KL", 107, "2024-12-24")
    assert {t.lead for t in kl107.tasks} >= {None, "police", "fatherland_front",
                                             "propaganda_commission", "peoples_committee"}
    assert kl107.tasks[4].text_for("commune").startswith("tiếp tục phối hợp")
    assert kl107.tasks[4].text_for("province").startswith("chỉ đạo nắm chắc")


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ("date: 2024-12-24", "date: 2024-13-24", "date", "ngày không hợp lệ"),
    ("lead: police", "lead: cong_an", "tasks.4.lead",
     "loại cơ quan không có trong sơ đồ tổ chức: 'cong_an'"),
    ("type: kết luận", "type: thông cáo báo chí", "type", "loại văn bản không hỗ trợ"),
    ("number: 107", "numbr: 107", "numbr", "khóa không được phép"),
    ("      commune: >-\n        chỉ đạo rà", "      xóm: >-\n        chỉ đạo rà",
     "tasks.3.wording", "cấp không hợp lệ"),
])
def test_bad_directive_names_file_line_field(tmp_path, old, new, field, message):
    text = KL107.read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    line = bad[: bad.index(new)].count("\n") + 1  # the line the clerk changed
    p = write(tmp_path, "bad.yaml", bad)
    with pytest.raises(DirectiveError) as e:
        load_directive(p)
    msg = str(e.value)
    assert f"{p}:{line}: trường {field}: " in msg, msg
    assert message in msg


def test_directive_missing_field_and_broken_yaml(tmp_path):
    p = write(tmp_path, "a.yaml", "issuer: tw.bct\ntype: kết luận\nnumber: 1\n"
                                  "date: 2025-01-01\nsummary: về x\n")
    with pytest.raises(DirectiveError, match=r"a\.yaml:\d+: trường tasks: thiếu trường"):
        load_directive(p)
    q = write(tmp_path, "b.yaml", "issuer: [tw.bct\n")
    with pytest.raises(DirectiveError, match=r"b\.yaml:2:\d+: YAML không hợp lệ"):
        load_directive(q)
    with pytest.raises(DirectiveError, match="không đọc được tệp"):
        load_directive(tmp_path / "missing.yaml")


def test_bad_rules_name_file_line_field(tmp_path):
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    p = write(tmp_path, "r.yaml", text.replace("    verb: hướng dẫn\n", "    verbs: x\n", 1))
    with pytest.raises(RulesError) as e:
        load_rules(p)
    line = text.splitlines().index("    verb: hướng dẫn") + 1
    # the first "hướng dẫn" rule is the Ban TG&DV TW's, seventh since the central level
    assert str(e.value) == f"{p}:{line}: trường rules.6.verbs: khóa không được phép (sai chính tả?)"
    q = write(tmp_path, "q.yaml", text.replace("body: {kind: department,", "body: {kind: so,", 1))
    with pytest.raises(RulesError, match=r"q\.yaml:\d+: trường rules\.\d+\.body\.kind: loại"):
        load_rules(q)


def test_rules_override_changes_the_plan(tmp_path, chart, kl107):
    """A province's own practice: the commune Party committee answers the Tỉnh ủy letter by
    kế hoạch when the commission's hướng dẫn is not part of the practice."""
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    start = text.index("  - id: ban-tgdv-tinh")
    end = text.index("  - id: dang-uy-ubnd-tinh")
    p = write(tmp_path, "local.yaml", text[:start] + text[end:])
    local = load_rules(p)
    q = plan(chart, kl107, local, as_of=POST, scope=["lai-chau"])
    c = q.task("c03390.btv")
    assert (c.doc_type, c.parents, c.rule) == ("ke_hoach", ["lai-chau.btv"], "btv-xa-ke-hoach")
    assert "lai-chau.btgdv" not in {t.id for t in q.tasks}
