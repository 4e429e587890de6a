"""Reading the ``factchecks`` table and filling it with the shipped claims.

The default database is built from the claims file shipped in the package
(``newscheck/models/factcheck/claims.jsonl.xz``, written by
``newscheck factcheck build`` from ../shared): on first use
:func:`ensure_default` imports it into the configured database, so a fresh
install needs neither ../shared nor a network.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newscheck.errors import ModelError, StoreError
from newscheck.factcheck.loaders import (
    ClaimRecord,
    ImportResult,
    import_records,
    read_json,
)
from newscheck.factcheck.schema import FactCheck

__all__ = [
    "DEFAULT_CLAIMS",
    "DEFAULT_SOURCES",
    "count",
    "ensure_default",
    "fingerprint",
    "read_all",
    "read_all_with_ids",
    "read_by_ids",
    "sources",
]

LOGGER = logging.getLogger(__name__)

#: The shipped claims file (JSON Lines, xz).
DEFAULT_CLAIMS = (
    Path(__file__).resolve().parents[1] / "models" / "factcheck" / ("claims.jsonl.xz")
)
#: Sources the shipped claims file holds.
DEFAULT_SOURCES = ("averitec", "checkthat2020", "coaid", "liar", "snopes")

_COLUMNS = (
    "source",
    "source_id",
    "claim",
    "title",
    "claimant",
    "date",
    "verdict",
    "normalised_verdict",
    "publisher",
    "url",
    "language",
)


def create_table(engine: Engine) -> None:
    """Create the ``factchecks`` table if it does not exist."""
    try:
        FactCheck.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot create the factchecks table: {exc}") from exc


def count(engine: Engine, *, source: str | None = None) -> int:
    """Rows in the ``factchecks`` table (of one *source*)."""
    create_table(engine)
    stmt = select(func.count()).select_from(FactCheck)
    if source is not None:
        stmt = stmt.where(FactCheck.source == source)
    with Session(engine) as s:
        return int(s.execute(stmt).scalar_one())


def sources(engine: Engine) -> list[dict[str, Any]]:
    """Each source of the database with its entries and how many carry a
    verdict (a published rating), a link and a date; largest first."""
    create_table(engine)

    def filled(col: Any) -> Any:
        return func.count(col)

    stmt = (
        select(
            FactCheck.source,
            func.count(),
            filled(FactCheck.verdict),
            filled(FactCheck.url),
            filled(FactCheck.date),
        )
        .group_by(FactCheck.source)
        .order_by(func.count().desc(), FactCheck.source)
    )
    try:
        with Session(engine) as s:
            rows = s.execute(stmt).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read fact-checks: {exc}") from exc
    return [
        {
            "source": src,
            "entries": int(n),
            "with_verdict": int(v),
            "with_link": int(u),
            "with_date": int(d),
        }
        for src, n, v, u, d in rows
    ]


def read_all(engine: Engine) -> list[ClaimRecord]:
    """Every fact-check, in primary-key order."""
    return read_all_with_ids(engine)[1]


def read_all_with_ids(engine: Engine) -> tuple[list[int], list[ClaimRecord]]:
    """``(ids, records)``: every fact-check and its primary key, in key order."""
    create_table(engine)
    cols = [getattr(FactCheck, c) for c in _COLUMNS]
    try:
        with Session(engine) as s:
            rows = s.execute(select(FactCheck.id, *cols).order_by(FactCheck.id)).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read fact-checks: {exc}") from exc
    ids = [int(row[0]) for row in rows]
    records = [ClaimRecord(**dict(zip(_COLUMNS, r[1:], strict=True))) for r in rows]
    return ids, records


def read_by_ids(engine: Engine, ids: list[int]) -> dict[int, ClaimRecord]:
    """The fact-checks with primary keys *ids* (missing keys are left out)."""
    cols = [getattr(FactCheck, c) for c in _COLUMNS]
    out: dict[int, ClaimRecord] = {}
    try:
        with Session(engine) as s:
            for i in range(0, len(ids), 500):
                stmt = select(FactCheck.id, *cols).where(
                    FactCheck.id.in_(ids[i : i + 500])
                )
                for row in s.execute(stmt):
                    out[int(row[0])] = ClaimRecord(
                        **dict(zip(_COLUMNS, row[1:], strict=True))
                    )
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read fact-checks: {exc}") from exc
    return out


def fingerprint(engine: Engine) -> list[int]:
    """A cheap digest of what the search index is built from.

    Row count, smallest and largest key, and id-weighted sums of the lengths of
    ``claim``, ``title``, ``source`` and ``source_id``: an import that adds, removes
    or rewrites a claim changes it (the other columns are read from the database at
    search time, so they need not count). One aggregate query, no rows fetched.
    """
    create_table(engine)

    def weighted(col: Any) -> Any:
        return func.sum(func.length(func.coalesce(col, "")) * FactCheck.id)

    stmt = select(
        func.count(),
        func.min(FactCheck.id),
        func.max(FactCheck.id),
        weighted(FactCheck.claim),
        weighted(FactCheck.title),
        weighted(FactCheck.source),
        weighted(FactCheck.source_id),
    ).select_from(FactCheck)
    try:
        with Session(engine) as s:
            row = s.execute(stmt).one()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read fact-checks: {exc}") from exc
    return [int(v or 0) for v in row]


def load_default(engine: Engine, path: str | Path | None = None) -> ImportResult:
    """Import the shipped claims file (idempotent)."""
    path = Path(path) if path else DEFAULT_CLAIMS
    if not path.exists():
        raise ModelError(
            f"the shipped fact-check claims file {path} is missing; "
            "run `newscheck factcheck build`"
        )
    result = import_records(engine, read_json(path))
    for p in result.problems[:5]:
        LOGGER.warning("%s: %s", path.name, p)
    return result


def ensure_default(engine: Engine) -> ImportResult | None:
    """Load the shipped claims unless every shipped source is in the database.

    A database filled by an older release (fewer sources) is brought up to date:
    the import only adds and updates rows, so it is safe to repeat.
    """
    create_table(engine)
    with Session(engine) as s:
        present = set(
            s.execute(
                select(FactCheck.source)
                .where(FactCheck.source.in_(DEFAULT_SOURCES))
                .distinct()
            ).scalars()
        )
    if present >= set(DEFAULT_SOURCES):
        return None
    LOGGER.info("building the default fact-check database from %s", DEFAULT_CLAIMS)
    return load_default(engine)
