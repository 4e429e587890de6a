"""Alembic environment: the connection is handed in by ``migrations.upgrade``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

# the modules that define tables, so that Base.metadata holds them all
import newscheck.store.factchecks
import newscheck.store.models  # noqa: F401
from newscheck.store.db import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # plain `alembic` command: use sqlalchemy.url
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()
