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


def test_migrating_to_key_scopes_keeps_reports_and_jobs(db_url: str) -> None:
    """Rows written before reports and jobs had keys survive, owned by no key."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade(engine, "0002")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reports (id, content_hash, versions_key, report_json, "
                "created_at) VALUES ('r1', 'c', 'v', '{}', :t)"
            ),
            {"t": now},
        )
        conn.execute(
            text(
                "INSERT INTO jobs (id, status, total, done, failed, created_at) "
                "VALUES ('j1', 'done', 1, 1, 0, :t)"
            ),
            {"t": now},
        )
    assert upgrade(engine) == head_revision()
    insp = inspect(engine)
    assert "report_keys" in insp.get_table_names()
    assert [fk["referred_table"] for fk in insp.get_foreign_keys("jobs")] == [
        "api_keys"
    ]
    assert "ix_jobs_created_at" in {i["name"] for i in insp.get_indexes("jobs")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, key_id FROM jobs")).all() == [("j1", None)]
        assert conn.execute(text("SELECT id FROM reports")).scalars().all() == ["r1"]
    from alembic import command

    from newscheck.store.migrations import _config

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert current_revision(engine) == "0002"
    insp = inspect(engine)
    assert "report_keys" not in insp.get_table_names()
    assert "key_id" not in {c["name"] for c in insp.get_columns("jobs")}
    engine.dispose()
