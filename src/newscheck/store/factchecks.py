"""The ``factchecks`` table: one previously fact-checked claim per row.

It is defined with the store's other tables so that the migrations see every
table without importing :mod:`newscheck.factcheck`, which uses the store;
:mod:`newscheck.factcheck.schema` is where the fact-check code imports it from.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newscheck.store.db import Base

__all__ = ["FactCheck"]


class FactCheck(Base):
    """A claim and its published verdict.

    ``(source, source_id)`` is unique: re-importing a record updates it in place.
    ``verdict`` is the rating as published; ``normalised_verdict`` is its place on
    the scale of :mod:`newscheck.factcheck.verdicts`.
    """

    __tablename__ = "factchecks"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_factcheck_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    source_id: Mapped[str] = mapped_column(String(512))
    claim: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, default=None)
    claimant: Mapped[str | None] = mapped_column(String(512), default=None)
    date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    verdict: Mapped[str | None] = mapped_column(String(512), default=None)
    normalised_verdict: Mapped[str] = mapped_column(String(16), default="other")
    publisher: Mapped[str | None] = mapped_column(String(512), default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)
    language: Mapped[str | None] = mapped_column(String(16), default=None)

    def __repr__(self) -> str:
        return f"FactCheck({self.source}:{self.source_id}, {self.normalised_verdict})"
