"""Alembic migrations of every newscheck table, run programmatically.

:func:`upgrade` is what ``newscheck db upgrade`` and the API's startup call; the
``alembic`` command works too with ``-c`` pointing at nothing: the script
location is this package and the connection comes from ``Config.attributes``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from newscheck.errors import StoreError

__all__ = ["current_revision", "head_revision", "upgrade"]

_HERE = Path(__file__).resolve().parent


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database behind *engine* to *revision*; returns the new head.

    Raises
    ------
    StoreError
        If the database cannot be reached or a migration fails.
    """
    from alembic import command

    cfg = _config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"database migration failed: {_first_line(exc)}") from exc
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the database: {_first_line(exc)}") from exc


def head_revision() -> str | None:
    """The newest revision shipped with this version of newscheck."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
