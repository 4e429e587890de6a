"""Fixtures of the fact-check tests: databases on SQLite and, when configured,
PostgreSQL (``NEWSCHECK_TEST_POSTGRES_URL``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from newscheck.store import make_engine

FIXTURES = Path(__file__).parent / "fixtures"

_BACKENDS = ["sqlite"] + (
    ["postgres"] if os.environ.get("NEWSCHECK_TEST_POSTGRES_URL") else []
)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Index caches go to a temporary data dir, never the user's; the contextual
    matcher is not asked for by the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NEWSCHECK_FACTCHECK_CONTEXTUAL", raising=False)


@pytest.fixture(params=_BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a SQLite file, or a fresh schema on PostgreSQL."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'fc.db'}")
        yield eng
        eng.dispose()
        return
    url = os.environ["NEWSCHECK_TEST_POSTGRES_URL"]
    schema = f"fc_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(url).execution_options(schema_translate_map={None: schema})
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def fixtures() -> Path:
    """The directory of the shipped test fixtures."""
    return FIXTURES
