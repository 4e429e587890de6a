"""Reports stored by article content hash and pipeline versions.

The same article analysed twice by the same analyzers (same versions) is read
back from the store instead of being analysed again. A report in which an
analyzer failed is never stored: the next request analyses the article again.

Reports are shared by content; an *owner* (an API key id) given to
:meth:`ReportStore.put` or :meth:`ReportStore.grant` is recorded, and reads
with an *owner* see only the reports that key asked for.

Examples
--------
>>> from newscheck.store.db import make_engine
>>> from newscheck.store.migrations import upgrade
>>> engine = make_engine("sqlite://")
>>> _ = upgrade(engine)
>>> store = ReportStore(engine)
>>> store.get("0" * 32) is None
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy import Engine, Select, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from newscheck.errors import StoreError
from newscheck.report import SCHEMA_VERSION, Report
from newscheck.store.db import session_factory, write_lock
from newscheck.store.models import ReportKeyRow, ReportRow

__all__ = ["ReportStore", "analyzer_failures", "report_id", "versions_key"]


def versions_key(versions: Mapping[str, str], *, generator: str) -> str:
    """SHA-256 of the analyzer versions, the generator and the report schema."""
    payload = json.dumps(
        {"analyzers": dict(versions), "generator": generator, "schema": SCHEMA_VERSION},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def report_id(content_hash: str, key: str) -> str:
    """The stored report's id: 32 hex characters derived from both keys."""
    return hashlib.sha256(f"{content_hash}:{key}".encode()).hexdigest()[:32]


def analyzer_failures(report: Report) -> list[str]:
    """Names of the report's analyzers that failed (the pipeline's warnings).

    Examples
    --------
    >>> from newscheck.article import Article
    >>> from newscheck.pipeline import Pipeline
    >>> r = Pipeline(analyzers=()).run(Article(body="Rain."))
    >>> analyzer_failures(r.model_copy(update={"analyzers": {"style": {}}}))
    []
    >>> analyzer_failures(
    ...     r.model_copy(
    ...         update={"analyzers": {"style": {}}, "warnings": ["style failed: boom"]}
    ...     )
    ... )
    ['style']
    """
    return [
        name
        for name in report.analyzers
        if any(w.startswith(f"{name} failed: ") for w in report.warnings)
    ]


class ReportStore:
    """Read and write reports in the ``reports`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = session_factory(engine)
        self._write_lock = write_lock(engine)

    def get(self, id: str, *, owner: int | None = None) -> Report | None:
        """The report stored under *id*, or ``None``.

        With *owner*, ``None`` also when that key never asked for it.
        """
        try:
            with self._session() as s:
                row = s.scalar(_owned(select(ReportRow), id, owner))
                return None if row is None else _load(row)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read report {id}: {_first_line(exc)}") from exc

    def get_json(self, id: str, *, owner: int | None = None) -> str | None:
        """The stored JSON text of report *id* (no parsing), or ``None``.

        With *owner*, ``None`` also when that key never asked for it.
        """
        try:
            with self._session() as s:
                return s.scalar(_owned(select(ReportRow.report_json), id, owner))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read report {id}: {_first_line(exc)}") from exc

    def grant(self, id: str, owner: int) -> bool:
        """Record that key *owner* asked for report *id*; ``False`` if not stored."""
        try:
            with self._write_lock, self._session() as s, s.begin():
                if s.get(ReportRow, id) is None:
                    return False
                _grant(s, id, owner)
        except IntegrityError:
            pass  # granted concurrently by another request
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store report access: {_first_line(exc)}") from exc
        return True

    def find(self, content_hash: str, key: str) -> Report | None:
        """The report for this content under these pipeline versions, or ``None``."""
        return self.get(report_id(content_hash, key))

    def put(
        self,
        report: Report,
        key: str,
        *,
        report_json: str | None = None,
        owner: int | None = None,
    ) -> str:
        """Store *report* under its content hash and *key*; returns its id.

        Storing a report that is already there is a no-op (first writer wins).
        *report_json* saves serialising again when the caller already has it;
        *owner* (an API key id) is granted access (:meth:`grant`).

        Raises
        ------
        StoreError
            If an analyzer failed on the report (it would be served again as if
            complete), or the database cannot be written.
        """
        failed = analyzer_failures(report)
        if failed:
            raise StoreError(
                f"not storing a report whose analyzers failed: {', '.join(failed)}"
            )
        rid = report_id(report.content_hash, key)
        row = ReportRow(
            id=rid,
            content_hash=report.content_hash,
            versions_key=key,
            report_json=report_json or report.model_dump_json(),
        )
        try:
            with self._write_lock, self._session() as s, s.begin():
                if s.get(ReportRow, rid) is None:
                    s.add(row)
                    s.flush()
                if owner is not None:
                    _grant(s, rid, owner)
        except IntegrityError:
            # stored concurrently by another request: same content
            if owner is not None:
                self.grant(rid, owner)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store report: {_first_line(exc)}") from exc
        return rid

    def count(self) -> int:
        """Number of stored reports."""
        from sqlalchemy import func

        with self._session() as s:
            return int(s.scalar(select(func.count()).select_from(ReportRow)) or 0)


def _owned(query: Select, id: str, owner: int | None) -> Select:  # type: ignore[type-arg]
    """*query* of report *id*, joined to its access rows when *owner* is set."""
    query = query.where(ReportRow.id == id)
    if owner is None:
        return query
    return query.join(ReportKeyRow, ReportKeyRow.report_id == ReportRow.id).where(
        ReportKeyRow.key_id == owner
    )


def _grant(session: Session, id: str, owner: int) -> None:
    if session.get(ReportKeyRow, (id, owner)) is None:
        session.add(ReportKeyRow(report_id=id, key_id=owner))


def _load(row: ReportRow) -> Report:
    try:
        return Report.model_validate_json(row.report_json)
    except ValueError as exc:
        raise StoreError(f"stored report {row.id} is unreadable: {exc}") from exc


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
