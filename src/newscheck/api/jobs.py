"""Batch jobs: an uploaded CSV/JSONL file analysed in a background thread.

Rows are read and analysed by the shared batch engine (:mod:`newscheck.engine`);
each report is made and stored through the service.

Jobs live in the ``jobs`` table, so their progress and results survive the
request that created them; a job interrupted by a restart is marked failed when
the next app starts.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError

from newscheck import engine as batch_engine
from newscheck.article import Article
from newscheck.engine import RowInput
from newscheck.errors import (
    InputTooLargeError,
    NewscheckError,
    StoreError,
    UnsupportedFormatError,
)
from newscheck.store.db import session_factory, write_lock
from newscheck.store.models import JobRow, utcnow

__all__ = ["BatchItem", "JobStore", "parse_upload"]

LOGGER = logging.getLogger(__name__)

_SUFFIXES = {
    ".csv": ".csv",
    ".tsv": ".tsv",
    ".jsonl": ".jsonl",
    ".ndjson": ".jsonl",
    ".json": ".jsonl",
}


#: One row of an upload: its article, or why it could not be read.
BatchItem = RowInput


def parse_upload(
    data: bytes, *, filename: str, max_rows: int, max_article_bytes: int
) -> list[BatchItem]:
    """The rows of an uploaded CSV/TSV/JSONL file as :class:`BatchItem` s.

    A row that cannot be read (a line that is not JSON, a CSV record with too
    many fields) is an item with its error, as in ``newscheck batch``. Messages
    name the upload by its file name, never by the server's temporary path.

    Raises
    ------
    UnsupportedFormatError
        If the file name is not ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``.
    InputTooLargeError
        If the file has more than *max_rows* rows.
    InputError
        If the file cannot be parsed as a whole (no row is readable, a CSV
        quote is never closed) or has no text column.
    """
    name = filename or "the upload"
    with tempfile.TemporaryDirectory(prefix="newscheck-batch-") as tmp:
        try:
            return _parse_upload(
                data,
                Path(tmp),
                filename=filename,
                max_rows=max_rows,
                max_article_bytes=max_article_bytes,
            )
        except NewscheckError as exc:
            message = str(exc)
            if tmp not in message:
                raise
            # the path is the server's business: the client knows its file name
            path = str(Path(tmp) / "upload")
            message = re.sub(re.escape(path) + r"\.\w+", lambda _: name, message)
            raise type(exc)(message.replace(tmp, name)) from None


def _parse_upload(
    data: bytes, tmp: Path, *, filename: str, max_rows: int, max_article_bytes: int
) -> list[BatchItem]:
    from newscheck.ingest.corpus import Columns, column_names, iter_chunks

    suffix = _SUFFIXES.get(Path(filename or "").suffix.lower())
    if suffix is None:
        raise UnsupportedFormatError(
            f"cannot read {filename or 'the upload'!r}: "
            "upload a .csv, .tsv or .jsonl file"
        )
    items: list[BatchItem] = []
    path = tmp / f"upload{suffix}"
    path.write_bytes(data)
    columns = Columns().resolve(column_names(path), source=filename)
    for chunk in iter_chunks(path, chunk_size=500, keep_bad_lines=True):
        if len(items) + len(chunk) > max_rows:
            raise InputTooLargeError(
                f"the upload has more than {max_rows} rows; split it"
            )
        items += batch_engine.read_rows(
            chunk, columns, base=len(items), max_bytes=max_article_bytes
        )
    return items


class JobStore:
    """Create, run and read batch jobs in the ``jobs`` table."""

    PROGRESS_EVERY_S = 0.5

    def __init__(self, engine: Engine) -> None:
        self._session = session_factory(engine)
        self._lock = write_lock(engine)

    def create(self, total: int, *, key_id: int | None = None) -> str:
        """A new queued job of API key *key_id* (if any); returns its id."""
        job_id = uuid.uuid4().hex
        with self._write("create a job") as s:
            s.add(
                JobRow(
                    id=job_id,
                    status="queued",
                    total=total,
                    done=0,
                    failed=0,
                    key_id=key_id,
                )
            )
        return job_id

    def get(self, job_id: str) -> JobRow | None:
        """The job row, or ``None``."""
        try:
            with self._session() as s:
                return s.get(JobRow, job_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read job {job_id}: {exc}") from exc

    def fail_interrupted(self) -> int:
        """Mark jobs left queued/running by a previous process as failed."""
        with self._write("update jobs") as s:
            res = s.execute(
                update(JobRow)
                .where(JobRow.status.in_(("queued", "running")))
                .values(
                    status="failed",
                    error="interrupted by a server restart; submit it again",
                    finished_at=utcnow(),
                )
            )
            return int(res.rowcount or 0)

    def run(
        self,
        job_id: str,
        items: list[BatchItem],
        analyze: Callable[[Article], tuple[str, str, bool]],
    ) -> None:
        """Analyse *items* and store the JSONL result; never raises."""
        lines: list[str] = []
        done = failed = 0
        try:
            self._set(job_id, status="running")
            last = time.monotonic()
            for outcome in batch_engine.analyze_each(items, analyze):
                item = outcome.item
                record: dict[str, object] = {
                    "row": item.row,
                    "id": item.id if item.id_given else None,
                }
                if outcome.value is not None:
                    rid, report_json, cached = outcome.value
                    record.update(report_id=rid, cached=cached)
                    lines.append(
                        json.dumps(record)[:-1] + ', "report": ' + report_json + "}"
                    )
                    done += 1
                else:
                    error = outcome.error
                    assert error is not None
                    record["error"] = {"error": error.kind, "message": error.message}
                    lines.append(json.dumps(record))
                    failed += 1
                if time.monotonic() - last > self.PROGRESS_EVERY_S:
                    self._set(job_id, done=done, failed=failed)
                    last = time.monotonic()
            result = "".join(line + "\n" for line in lines)
            self._set(
                job_id,
                status="done",
                done=done,
                failed=failed,
                result=result,
                finished_at=utcnow(),
            )
        except Exception as exc:
            LOGGER.exception("batch job %s failed", job_id)
            try:
                self._set(
                    job_id,
                    status="failed",
                    done=done,
                    failed=failed,
                    error=f"{type(exc).__name__}: {exc}".splitlines()[0],
                    finished_at=utcnow(),
                )
            except Exception:  # pragma: no cover - database gone
                LOGGER.exception("cannot record the failure of job %s", job_id)

    def _set(self, job_id: str, **values: object) -> None:
        with self._write("update a job") as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(**values))

    def _write(self, what: str):  # type: ignore[no-untyped-def]
        return _Tx(self._session, what, self._lock)


class _Tx:
    """``with`` block: a session in a transaction; database errors → StoreError."""

    def __init__(self, factory, what: str, lock) -> None:  # type: ignore[no-untyped-def]
        self._factory = factory
        self._what = what
        self._lock = lock  # one SQLite writer at a time (store.db.write_lock)

    def __enter__(self):  # type: ignore[no-untyped-def]
        self._lock.__enter__()
        try:
            self._s = self._factory()
            self._s.begin()
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self._s

    def __exit__(self, et, ev, tb) -> None:  # type: ignore[no-untyped-def]
        try:
            if et is None:
                self._s.commit()
            else:
                self._s.rollback()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {self._what}: {exc}".splitlines()[0]) from exc
        finally:
            self._s.close()
            self._lock.__exit__(None, None, None)
        if isinstance(ev, SQLAlchemyError):
            raise StoreError(f"cannot {self._what}: {ev}".splitlines()[0]) from ev
