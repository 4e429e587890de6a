"""Database fixtures: every store test runs on SQLite, and on PostgreSQL when
``NEWSCHECK_TEST_POSTGRES_URL`` is set (``source .ci/postgres.sh``)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from newscheck.store.db import make_engine


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A URL of an empty database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newscheck.db'}"
    url = os.environ.get("NEWSCHECK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("NEWSCHECK_TEST_POSTGRES_URL not set (source .ci/postgres.sh)")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    """A migrated engine on :func:`db_url`."""
    from newscheck.store.migrations import upgrade

    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()
