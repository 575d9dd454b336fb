"""``trienkhai edxml export`` then ``import``: the attachment is what ``ingest`` records."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.cli import app

from .test_reminders import make


def test_export_import_then_ingest(store, chart, tmp_path) -> None:
    pid = make(store, chart)  # 2269-CV/TU of the Ban Thường vụ issued on 01/02/2026
    db = ["--db", store.engine.url.render_as_string(hide_password=False)]
    run = CliRunner().invoke
    msg = tmp_path / "hd.xml"
    r = run(app, ["edxml", "export", str(pid), "lai-chau.btgdv", "-o", str(msg),
                  "--so", "15", "--ngay", "05/02/2026", *db])
    assert r.exit_code == 0, r.output
    assert "Hướng dẫn số 15-HD/BTGDVTU ngày 05/02/2026" in r.output
    r = run(app, ["edxml", "import", str(msg), "-o", str(tmp_path / "in"), "--json"])
    assert r.exit_code == 0, r.output
    facts = json.loads(r.stdout)
    assert (facts["issuer_id"], facts["number"], facts["symbol"]) == (
        "lai-chau.btgdv", "15", "HD/BTGDVTU")
    r = run(app, ["ingest", facts["file"], "--plan", str(pid), "--dry-run", "--json", *db])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["match"]["task_id"] == "lai-chau.btgdv"
    r = run(app, ["edxml", "export", str(pid), "lai-chau.so-noivu", "-o", str(msg), *db])
    assert r.exit_code == 2 and "--so: văn bản chưa ban hành" in r.output
