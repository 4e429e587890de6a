"""Reports stored by article content hash and pipeline versions.

The same article analysed twice by the same analyzers (same versions) is read
back from the store instead of being analysed again.

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

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from newscheck.errors import StoreError
from newscheck.report import SCHEMA_VERSION, Report
from newscheck.store.db import session_factory, write_lock
from newscheck.store.models import ReportRow

__all__ = ["ReportStore", "report_id", "versions_key"]


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


class ReportStore:
    """Read and write reports in the ``reports`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = session_factory(engine)
        self._write_lock = write_lock(engine)

    def get(self, id: str) -> Report | None:
        """The report stored under *id*, or ``None``."""
        try:
            with self._session() as s:
                row = s.get(ReportRow, id)
                return None if row is None else _load(row)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read report {id}: {_first_line(exc)}") from exc

    def get_json(self, id: str) -> str | None:
        """The stored JSON text of report *id* (no parsing), or ``None``."""
        try:
            with self._session() as s:
                return s.scalar(select(ReportRow.report_json).where(ReportRow.id == id))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read report {id}: {_first_line(exc)}") from exc

    def find(self, content_hash: str, key: str) -> Report | None:
        """The report for this content under these pipeline versions, or ``None``."""
        return self.get(report_id(content_hash, key))

    def put(self, report: Report, key: str, *, report_json: str | None = None) -> str:
        """Store *report* under its content hash and *key*; returns its id.

        Storing a report that is already there is a no-op (first writer wins).
        *report_json* saves serialising again when the caller already has it.
        """
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
        except IntegrityError:
            pass  # stored concurrently by another request: same content
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store report: {_first_line(exc)}") from exc
        return rid

    def count(self) -> int:
        """Number of stored reports."""
        from sqlalchemy import func

        with self._session() as s:
            return int(s.scalar(select(func.count()).select_from(ReportRow)) or 0)


def _load(row: ReportRow) -> Report:
    try:
        return Report.model_validate_json(row.report_json)
    except ValueError as exc:
        raise StoreError(f"stored report {row.id} is unreadable: {exc}") from exc


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
