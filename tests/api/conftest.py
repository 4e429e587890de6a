"""API fixtures. Database: every test runs on SQLite, and on PostgreSQL when
``NEWSCHECK_TEST_POSTGRES_URL`` is set (``source .ci/postgres.sh``)."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest
from sqlalchemy import text

from newscheck.store.db import make_engine

sys.path.insert(0, str(Path(__file__).parent))  # for _demo

with warnings.catch_warnings():  # starlette warns that it prefers httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


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


@pytest.fixture
def make_client(db_url: str):  # type: ignore[no-untyped-def]
    """Factory: a TestClient of an app on :func:`db_url` with the demo pipeline."""
    from _demo import demo_pipeline

    from newscheck.api import ServiceSettings, create_app
    from newscheck.settings import Settings

    clients = []

    def make(**service):  # type: ignore[no-untyped-def]
        settings = Settings(
            database_url=db_url,
            max_input_bytes=service.pop("max_input_bytes", 2_000_000),
        )
        app = create_app(
            settings,
            service=ServiceSettings(**service),
            pipeline=demo_pipeline(settings),
        )
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client):  # type: ignore[no-untyped-def]
    """A client with default limits."""
    return make_client()
