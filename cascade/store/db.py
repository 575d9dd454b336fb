"""Engines, sessions and migrations for a store given by URL.

SQLite is the embedded default (``trienkhai.db`` in the working directory, or the URL in
``TRIENKHAI_DB``); PostgreSQL is used by URL (``postgresql+psycopg://…``). On SQLite a
write transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the
database lock instead of failing when a read turns into a write; reads stay deferred.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

DEFAULT_URL = "sqlite:///trienkhai.db"
ENV_VAR = "TRIENKHAI_DB"
_WRITE = {"trienkhai_write": True}


def resolve_url(url: str | None = None) -> str:
    """The URL given, else ``$TRIENKHAI_DB``, else the SQLite file ``trienkhai.db``.

    A bare path (no ``://``) is taken as a SQLite file, which is what a clerk types.
    """
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):  # psycopg 3 is the driver we ship
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE writes."""
    url = resolve_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {}).update(timeout=60, check_same_thread=False)
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _rec: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            if u.database and u.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            write = conn.get_execution_options().get("trienkhai_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # no pre-ping: it costs a round trip per checkout (two per request); stale
    # connections are recycled instead
    kwargs.setdefault("pool_recycle", 1800)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 30)
    return create_engine(url, **kwargs)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class Store:
    """An engine with two session factories: ``read()`` and ``write()`` transactions."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(self.engine.execution_options(**_WRITE),
                                           expire_on_commit=False)
        self._write_lock: AbstractContextManager[Any] = nullcontext()
        if is_sqlite(self.engine):
            db = self.engine.url.database
            self._write_lock = _WriterLock(
                f"{db}-writer.lock" if db and db != ":memory:" else None)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and leaves nothing behind on error.

        On SQLite writers take turns on a lock before ``BEGIN IMMEDIATE``: SQLite's own
        busy handler makes a waiting writer sleep in steps of up to 100 ms, so under load
        writers queued there wait far longer than the lock is held (see ``_WriterLock``).
        """
        with self._write_lock, self.write_sessions() as s, s.begin():
            yield s

    def upgrade(self) -> None:
        upgrade(engine=self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


class _WriterLock:
    """The turn of one writer to a SQLite file: a thread lock for the threads of this
    process, then an exclusive ``flock`` on ``<db>-writer.lock`` for other processes
    (``serve --workers 2``, the CLI). The kernel wakes the next waiter as soon as the
    lock is released, where SQLite's busy handler would poll with sleeps."""

    def __init__(self, path: str | None) -> None:
        self._thread = threading.Lock()
        self._path = path
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._thread.acquire()
        if self._path is None or fcntl is None:
            return
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread.release()
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            if self._fd is not None and fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread.release()


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location",
                        str(resources.files("cascade.store").joinpath("migrations")))
    return cfg


def upgrade(url: str | None = None, *, engine: Engine | None = None,
            revision: str = "head") -> None:
    """Bring the database to ``revision`` (Alembic, shipped inside the package)."""
    from alembic import command

    own = engine is None
    engine = engine or make_engine(url)
    try:
        cfg = _alembic_config()
        with engine.execution_options(**_WRITE).begin() as conn:
            if conn.dialect.name == "postgresql":  # two servers starting at once: one migrates
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7106107)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        if own:
            engine.dispose()


def downgrade(url: str | None = None, *, engine: Engine | None = None,
              revision: str = "base") -> None:
    from alembic import command

    own = engine is None
    engine = engine or make_engine(url)
    try:
        cfg = _alembic_config()
        with engine.execution_options(**_WRITE).begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        if own:
            engine.dispose()
