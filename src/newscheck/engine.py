"""The one batch engine: input rows in, one outcome per row out, in input order.

Every batch runner goes through this module: the local chunked job
(:mod:`newscheck.batch`), the Dask partitions (:mod:`newscheck.scale`) and the
API's upload jobs (:mod:`newscheck.api.jobs`). They share

* :func:`read_rows` — a corpus row to its :class:`RowInput` (row number, id,
  article), or the reason it cannot be read;
* :func:`analyze_items` / :func:`analyze_each` — the articles analysed, chunk
  at a time or one by one, each failure caught as a :class:`RowError` of its
  row, so one bad row never stops a batch and no row is lost;
* :func:`analyze_rows` — both of them with a row pipeline, giving the output
  records of the batch contract (:data:`OUTPUT_COLUMNS`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from newscheck.article import Article
from newscheck.errors import ConfigError, NewscheckError, one_line
from newscheck.ingest.corpus import Columns, article_from_row, row_id
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings

__all__ = [
    "OUTPUT_COLUMNS",
    "RowError",
    "RowInput",
    "RowOutcome",
    "analyze_each",
    "analyze_items",
    "analyze_rows",
    "check_analyzers",
    "output_lock",
    "read_rows",
    "row_pipeline",
]

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

#: The columns of a batch output row, in order.
OUTPUT_COLUMNS = (
    "id",
    "row",
    "reliability.score",
    "reliability.label",
    "reliability.model",
    "reliability.out_of_domain",
    "verdict.score",
    "claims.max_score",
    "findings",
    "error",
)


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row has no result.

    ``kind`` is the error class name of a :class:`NewscheckError` (the row's
    input is at fault), else ``"InternalError"``; ``message`` is one line."""

    kind: str
    message: str

    @property
    def internal(self) -> bool:
        """Whether the failure is not the input's fault (a bug, logged)."""
        return self.kind == "InternalError"

    def text(self, row: int) -> str:
        """The message as a batch output row's ``error`` (internal ones name the
        row)."""
        return f"row {row}: {self.message}" if self.internal else self.message

    @classmethod
    def of(cls, exc: BaseException, row: int) -> RowError:
        """The row error of *exc*, raised for row *row*; an unexpected one is logged."""
        if isinstance(exc, NewscheckError):
            return cls(type(exc).__name__, str(exc))
        LOGGER.error("row %d failed", row, exc_info=exc)
        return cls("InternalError", one_line(f"{type(exc).__name__}: {exc}"))


@dataclass(frozen=True, slots=True)
class RowInput:
    """One input row: its article, or why it could not be read.

    ``id`` is the id column's value, else the row number as text;
    ``id_given`` says whether the id column had a value."""

    row: int
    id: str | None
    article: Article | None = None
    error: RowError | None = None
    id_given: bool = False


@dataclass(frozen=True, slots=True)
class RowOutcome(Generic[T]):
    """One row analysed: the analysis's value, or the row's error."""

    item: RowInput
    value: T | None = None
    error: RowError | None = None


def read_rows(
    rows: Iterable[dict[str, Any]], columns: Columns, *, base: int, max_bytes: int
) -> list[RowInput]:
    """The :class:`RowInput` of each of *rows* (numbered from *base*); never
    raises per row."""
    out: list[RowInput] = []
    for index, row in enumerate(rows, start=base):
        rid: str | None = None
        given = bool(columns.id and row.get(columns.id))
        try:
            rid = row_id(row, columns, index=index)
            article = article_from_row(row, columns, index=index, max_bytes=max_bytes)
        except Exception as exc:
            out.append(
                RowInput(index, rid, error=RowError.of(exc, index), id_given=given)
            )
        else:
            out.append(RowInput(index, rid, article=article, id_given=given))
    return out


def analyze_items(
    items: Sequence[RowInput],
    analyze_many: Callable[[list[Article]], Sequence[T | Exception]],
) -> list[RowOutcome[T]]:
    """Outcomes of *items*, their articles analysed together by *analyze_many*
    (one value or exception per article, in order); never raises per row.

    An exception of *analyze_many* itself is every article's error."""
    articles = [item.article for item in items if item.article is not None]
    results: Sequence[T | Exception]
    try:
        results = analyze_many(articles)
    except Exception as exc:  # not per row: every article fails with it
        results = [exc] * len(articles)
    if len(results) != len(articles):
        raise ValueError(f"{len(results)} results for {len(articles)} articles")
    values = iter(results)
    out: list[RowOutcome[T]] = []
    for item in items:
        if item.article is None:
            out.append(RowOutcome(item, error=item.error))
            continue
        value = next(values)
        if isinstance(value, Exception):
            out.append(RowOutcome(item, error=RowError.of(value, item.row)))
        else:
            out.append(RowOutcome(item, value=value))
    return out


def analyze_each(
    items: Iterable[RowInput], analyze: Callable[[Article], T]
) -> Iterator[RowOutcome[T]]:
    """Outcomes of *items*, lazily, each article analysed by *analyze* on its
    own; never raises per row."""
    for item in items:
        if item.article is None:
            yield RowOutcome(item, error=item.error)
            continue
        try:
            value = analyze(item.article)
        except Exception as exc:
            yield RowOutcome(item, error=RowError.of(exc, item.row))
        else:
            yield RowOutcome(item, value=value)


def analyze_rows(
    pipeline: Pipeline,
    rows: list[dict[str, Any]],
    columns: Columns,
    *,
    base: int,
    max_bytes: int,
) -> list[dict[str, Any]]:
    """Output rows for input *rows* (numbered from *base*); never raises per row.

    The rows' articles are analysed together (:meth:`Pipeline.findings_rows`:
    each analyzer once over the chunk, vectorised where it can be), with the
    rows :meth:`Pipeline.findings_row` gives one by one."""
    items = read_rows(rows, columns, base=base, max_bytes=max_bytes)
    return [_record(o) for o in analyze_items(items, pipeline.findings_rows)]


def _record(
    outcome: RowOutcome[tuple[Any, list[dict[str, Any]], dict[str, Any]]],
) -> dict[str, Any]:
    """The batch output row of *outcome*."""
    item = outcome.item
    record: dict[str, Any] = {
        "id": item.id,
        "row": item.row,
        "reliability.score": None,
        "reliability.label": None,
        "reliability.model": None,
        "reliability.out_of_domain": None,
        "verdict.score": None,
        "claims.max_score": None,
        "findings": [],
        "error": None,
    }
    if outcome.error is not None:
        record["error"] = outcome.error.text(item.row)
        return record
    assert outcome.value is not None
    reliability, findings, sections = outcome.value
    if reliability is not None:
        record["reliability.score"] = reliability.score
        record["reliability.label"] = reliability.label
        record["reliability.model"] = reliability.model
        record["reliability.out_of_domain"] = reliability.domain.get("out_of_domain")
    record["verdict.score"] = sections.get("verdict", {}).get("score")
    # the best sentence's check-worthiness, kept below the threshold too: rows
    # rank by it without ties at "no finding"
    scored = sections.get("claims", {}).get("scored") or []
    if scored:
        record["claims.max_score"] = max(float(x[2]) for x in scored)
    # the dicts of report.model_dump()["findings"], built without the report
    # where that gives the same (Pipeline.findings_row)
    record["findings"] = findings
    return record


def check_analyzers(analyzers: tuple[str, ...] | None, settings: Settings) -> None:
    """Raise the registry's :class:`ConfigError` for an analyzer name it does not
    know; called before a job writes anything, so a misspelt name leaves no
    half-started run behind."""
    from newscheck import analyzers as registry

    for name in settings.analyzers if analyzers is None else analyzers:
        registry.get(name)


def row_pipeline(analyzers: tuple[str, ...] | None, settings: Settings) -> Pipeline:
    """The pipeline that scores batch rows: ``Pipeline(analyzers, settings=...)``
    but with the reliability analyzer built without its top-term lists
    (``top_terms=0``), which rows do not carry: the same rows, ~7% faster."""
    from newscheck import analyzers as registry

    names = settings.analyzers if analyzers is None else analyzers
    return Pipeline(
        [
            registry.get(n).load(settings=settings, top_terms=0)
            if n == "reliability"
            else n
            for n in names
        ],
        settings=settings,
    )


@contextmanager
def output_lock(output: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``OUTPUT.lock``; refuse if another run holds it.

    The lock file is removed on release; a run that opened it just before then
    finds the path gone (or another file there) and locks afresh.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    lock = Path(f"{output}.lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise ConfigError(
                    f"another newscheck batch run is writing {output} (it holds "
                    f"{lock}); wait for it to finish, or write elsewhere"
                ) from None
            try:
                if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
    except OSError as exc:
        raise ConfigError(f"cannot lock {lock}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        with suppress(OSError):
            lock.unlink()
        os.close(fd)
