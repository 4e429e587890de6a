"""Engine creation and the shared declarative base."""

from __future__ import annotations

import threading
import weakref
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from newscheck.errors import ConfigError

__all__ = ["Base", "make_engine", "session_factory", "write_lock"]


class Base(DeclarativeBase):
    """Declarative base of every newscheck table (reports, keys, fact-checks)."""


def make_engine(url: str) -> Engine:
    """An engine for *url*; creates the parent directory of a SQLite file.

    A ``postgresql://`` URL is driven by psycopg 3 (the ``postgres`` extra).
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"invalid database URL {url!r}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(parsed, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker:
    """A session factory bound to *engine*."""
    return sessionmaker(engine, expire_on_commit=False)


_SQLITE_LOCKS: weakref.WeakKeyDictionary[Engine, AbstractContextManager[bool]] = (
    weakref.WeakKeyDictionary()
)
_LOCKS_LOCK = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[object]:
    """One lock per SQLite engine, held around each write transaction.

    SQLite has one writer at a time. Concurrent request threads otherwise meet in
    SQLite's busy handler, which polls with growing sleeps, and a transaction that
    read before writing fails at once with "database is locked" when another
    thread committed in between (seen under load as 500s). Threads of this
    process now queue on a lock instead; other processes still rely on SQLite's
    busy timeout. Other databases write concurrently: no lock.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _LOCKS_LOCK:
        lock = _SQLITE_LOCKS.get(engine)
        if lock is None:
            lock = _SQLITE_LOCKS[engine] = threading.RLock()
        return lock
