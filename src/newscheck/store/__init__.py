"""Persistence: one SQLAlchemy engine factory and declarative base for every table.

SQLite by default (a file in the user data dir), PostgreSQL when
``Settings.database_url`` / ``NEWSCHECK_DATABASE_URL`` names one.
"""

from newscheck.store.db import Base, make_engine, session_factory

__all__ = ["Base", "make_engine", "session_factory"]
