from __future__ import annotations

from sqlalchemy import inspect

from newscheck.store import Base
from newscheck.store.db import make_engine
from newscheck.store.migrations import current_revision, head_revision, upgrade


def test_migrations_upgrade_creates_tables_and_is_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    assert upgrade(engine) == head_revision()  # second run: nothing to do
    tables = set(inspect(engine).get_table_names())
    assert {"reports", "api_keys", "jobs", "factchecks", "alembic_version"} <= tables
    engine.dispose()


def test_migrations_match_the_models(db_url: str) -> None:
    """Every table and column declared on Base exists after migrating."""
    import newscheck.factcheck.schema
    import newscheck.store.models  # noqa: F401

    engine = make_engine(db_url)
    upgrade(engine)
    insp = inspect(engine)
    for name, table in Base.metadata.tables.items():
        if name not in ("reports", "api_keys", "jobs", "factchecks"):
            continue
        columns = {c["name"] for c in insp.get_columns(name)}
        assert columns == {c.name for c in table.columns}, name
    engine.dispose()


def test_migrations_accept_a_factchecks_table_made_before_them(db_url: str) -> None:
    """newscheck.factcheck creates its table on first use; migrating keeps it."""
    from newscheck.factcheck.store import create_table

    engine = make_engine(db_url)
    create_table(engine)
    assert upgrade(engine) == head_revision()
    assert "factchecks" in inspect(engine).get_table_names()
    engine.dispose()
