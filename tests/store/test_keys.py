"""API keys: hashed at rest, shown once, revocable, covering a body and its subtree."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from cascade.store.access import covers
from cascade.store.db import Store
from cascade.store.keys import KeyError_, authenticate, create_key, revoke_key
from cascade.store.keys_cli import register
from cascade.store.rows import ApiKeyRow, EventRow


def test_key_is_stored_hashed_and_authenticates(store: Store) -> None:
    with store.write() as s:
        _, plain = create_key(s, "lai-chau.ubnd", "write", "văn thư")
    secret = plain.split("_", 2)[2]
    with store.read() as s:
        stored = s.scalars(select(ApiKeyRow)).one()
        assert secret not in (stored.hash, stored.salt) and plain not in stored.hash
        p = authenticate(s, plain)
        assert p and p.body_id == "lai-chau.ubnd" and p.can("write") and p.can("read")
        assert authenticate(s, plain) == p  # the cached path gives the same answer
        assert authenticate(s, plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None
        assert authenticate(s, "tk_nope_x") is None
        assert authenticate(s, "garbage") is None
        assert authenticate(s, None) is None
        events = s.scalars(select(EventRow)).all()
        assert events[0].action == "create" and secret not in str(events[0].after)


def test_read_scope_and_revocation(store: Store) -> None:
    with store.write() as s:
        _, plain = create_key(s, "lai-chau.btv", "read")
    with store.read() as s:
        p = authenticate(s, plain)
        assert p and p.can("read") and not p.can("write")
    with store.write() as s:
        revoke_key(s, plain)  # the whole key works as well as the prefix
        revoke_key(s, p.prefix)  # twice: harmless
    with store.read() as s:
        assert authenticate(s, plain) is None
    with pytest.raises(KeyError_, match="prefix"), store.write() as s:
        revoke_key(s, "nope")
    with pytest.raises(KeyError_, match="scope"), store.write() as s:
        create_key(s, "lai-chau.btv", "admin")


def test_subtree(chart) -> None:
    day = dt.date(2026, 1, 1)
    assert covers(chart, "lai-chau.ubnd", "lai-chau.ubnd", day)
    assert covers(chart, "lai-chau.ubnd", "lai-chau.so-vhttdl", day)
    assert covers(chart, "lai-chau.btv", "c03390.ubnd", day)
    assert covers(chart, "lai-chau.tu", "c03390.btv", day)  # committee covers its BTV's tree
    assert not covers(chart, "lai-chau.so-vhttdl", "lai-chau.ubnd", day)
    assert not covers(chart, "ha-nam.ubnd", "lai-chau.so-vhttdl", day)
    assert not covers(chart, "lai-chau.ubnd", "no-such.body", day)


def test_cli_create_list_revoke(tmp_path) -> None:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:  # a group, as in trienkhai
        pass

    db = f"sqlite:///{tmp_path / 'k.db'}"
    r = CliRunner()
    res = r.invoke(app, ["keys", "create", "UBND tỉnh Lai Châu", "--scope", "write",
                         "--label", "văn thư", "--db", db])
    assert res.exit_code == 0, res.output
    plain = res.stdout.strip()
    assert plain.startswith("tk_")
    prefix = plain.split("_")[1]
    res = r.invoke(app, ["keys", "list", "--db", db])
    assert prefix in res.stdout and "lai-chau.ubnd" in res.stdout and plain not in res.stdout
    res = r.invoke(app, ["keys", "revoke", prefix, "--db", db])
    assert res.exit_code == 0 and "thu hồi" in res.stdout
    res = r.invoke(app, ["keys", "list", "--db", db])
    assert "Chưa có khóa nào" in res.stdout
    res = r.invoke(app, ["keys", "list", "--all", "--json", "--db", db])
    assert '"revoked_at": "2' in res.stdout
    res = r.invoke(app, ["keys", "revoke", "zzz", "--db", db])
    assert res.exit_code == 2 and "zzz" in res.stderr
    res = r.invoke(app, ["keys", "create", "lai-chau.xyz", "--db", db])
    assert res.exit_code == 2
    res = r.invoke(app, ["keys", "create", "lai-chau.ubnd", "--scope", "admin", "--db", db])
    assert res.exit_code == 2 and "scope" in res.stderr
