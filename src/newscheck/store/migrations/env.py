"""Alembic environment: the connection is handed in by ``migrations.upgrade``."""

from __future__ import annotations

import contextlib

from alembic import context
from sqlalchemy import create_engine

import newscheck.store.models
from newscheck.store.db import Base

with contextlib.suppress(ImportError):  # the fact-check table's own package
    import newscheck.factcheck.schema  # noqa: F401

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
