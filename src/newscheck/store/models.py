"""The service's tables: stored reports, API keys, report access and batch jobs.

Every table hangs off :class:`newscheck.store.db.Base`; the Alembic migrations
in :mod:`newscheck.store.migrations` create them (never ``create_all`` in
production code).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from newscheck.store.db import Base

__all__ = ["ApiKeyRow", "JobRow", "ReportKeyRow", "ReportRow", "utcnow"]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class ReportRow(Base):
    """One report, keyed by the article's content hash and the pipeline versions.

    ``id`` is derived from both (see :func:`newscheck.store.reports.report_id`), so
    two processes storing the same report compute the same key.
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("content_hash", "versions_key", name="uq_reports_content"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    versions_key: Mapped[str] = mapped_column(String(64))
    report_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class ApiKeyRow(Base):
    """An API key: only its SHA-256 is stored; ``prefix`` identifies it to people."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    rate_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    revoked_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


class ReportKeyRow(Base):
    """An API key that asked for a report.

    A report is stored once per content (two keys analysing the same article
    share the row); this table says which keys may read it back.
    """

    __tablename__ = "report_keys"

    report_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    key_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class JobRow(Base):
    """A batch job submitted through the API and its JSONL result.

    ``key_id`` is the API key that submitted it (``None`` without a key).
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    key_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("api_keys.id", name="fk_jobs_key_id"), nullable=True
    )
