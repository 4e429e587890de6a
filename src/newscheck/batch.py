"""Score a whole corpus: one output row per input row, in input order.

Rows are analysed by the shared batch engine (:func:`newscheck.engine.analyze_rows`).
Output row contract (stable; other tools read it)::

    id                  the id column's value, else the 0-based row number
    row                 0-based input row number
    reliability.score   P(unreliable) in [0, 1], null if the row failed
    reliability.label   "reliable" | "uncertain" | "unreliable", null if failed
    reliability.model   which model scored it ("article" | "statement")
    findings            list of findings (JSON text in CSV and Parquet)
    error               null, or the one-line message for that row

The job works in chunks. Each finished chunk is written atomically (temporary file
then rename) into ``OUT.partial/``; the final file is assembled from the chunks
only when all are done. ``resume=True`` skips chunks already written, so a killed
run continues with no row lost or duplicated. A run holds an exclusive lock on
``OUT.lock`` from before it touches ``OUT.partial/`` until it is done: a second
run to the same output is refused while the first is writing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from newscheck.engine import (
    OUTPUT_COLUMNS,
    analyze_rows,
    check_analyzers,
    output_lock,
    row_pipeline,
)
from newscheck.errors import ConfigError, InputError
from newscheck.ingest.corpus import (
    Columns,
    column_names,
    count_rows,
    detect_format,
    iter_chunks,
)
from newscheck.settings import Settings

__all__ = [
    "OUTPUT_COLUMNS",
    "BatchResult",
    "analyze_rows",
    "check_analyzers",
    "row_pipeline",
    "run_batch",
]

_MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch run did."""

    output: str
    rows: int
    errors: int
    seconds: float
    resumed_rows: int = 0

    @property
    def rows_per_second(self) -> float:
        """Rows analysed in this run per second of wall time."""
        done = self.rows - self.resumed_rows
        return done / self.seconds if self.seconds > 0 else 0.0


#: One encoder for every output line (what ``json.dumps(row, ensure_ascii=False)``
#: builds per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _lines(rows: list[dict[str, Any]]) -> str:
    """The chunk file text of output *rows*: one JSON object per line."""
    return "".join([_ENCODE(r) + "\n" for r in rows])


# -- worker processes ---------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(settings_json: str, analyzers: tuple[str, ...] | None) -> None:
    settings = Settings.model_validate_json(settings_json)
    _WORKER["pipeline"] = row_pipeline(analyzers, settings)
    _WORKER["max_bytes"] = settings.max_input_bytes


def _work(
    k: int, base: int, rows: list[dict[str, Any]], columns: Columns
) -> tuple[int, int, str]:
    """Chunk *k* analysed in a worker: ``(k, rows, chunk file text)``.

    The worker serialises its own output, so the parent only writes text (less
    pickling, and the parent's core stays free for the workers).
    """
    out = analyze_rows(
        _WORKER["pipeline"], rows, columns, base=base, max_bytes=_WORKER["max_bytes"]
    )
    return k, len(out), _lines(out)


# -- the job ------------------------------------------------------------------


def run_batch(
    source: str | Path,
    output: str | Path,
    *,
    settings: Settings | None = None,
    columns: Columns | None = None,
    analyzers: tuple[str, ...] | None = None,
    workers: int = 1,
    resume: bool = False,
    chunk_size: int = 200,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> BatchResult:
    """Analyse every row of *source* and write *output* (.jsonl, .csv, .parquet).

    Parameters
    ----------
    on_progress
        Called as ``on_progress(rows_done, total_or_None)`` after each chunk.

    Raises
    ------
    InputError
        The corpus is unreadable or lacks its text column (nothing is written).
    ConfigError
        An analyzer name is unknown, or another run is writing *output*, or an
        interrupted run's leftovers exist and *resume* is false, or they belong
        to different input (nothing is written).
    """
    settings = settings or Settings()
    source, output = Path(source), Path(output)
    out_fmt = detect_format(output)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    cols = (columns or Columns()).resolve(
        column_names(source),
        source=str(source),
        sparse=detect_format(source) == "jsonl",
    )
    check_analyzers(analyzers, settings)
    total = count_rows(source)
    with output_lock(output):
        return _run_locked(
            source,
            output,
            out_fmt,
            cols,
            total,
            settings=settings,
            analyzers=analyzers,
            workers=workers,
            resume=resume,
            chunk_size=chunk_size,
            on_progress=on_progress,
        )


def _run_locked(
    source: Path,
    output: Path,
    out_fmt: str,
    cols: Columns,
    total: int | None,
    *,
    settings: Settings,
    analyzers: tuple[str, ...] | None,
    workers: int,
    resume: bool,
    chunk_size: int,
    on_progress: Callable[[int, int | None], None] | None,
) -> BatchResult:
    """:func:`run_batch` once it holds the lock on *output*."""
    work = Path(f"{output}.partial")
    manifest = _manifest(source, cols, chunk_size, analyzers)
    done = _prepare_workdir(work, manifest, resume=resume, output=output)

    start = time.perf_counter()
    rows_done = sum(n for n in done.values())
    resumed = rows_done
    if on_progress:
        on_progress(rows_done, total)

    def report(n: int) -> None:
        nonlocal rows_done
        rows_done += n
        if on_progress:
            on_progress(rows_done, total)

    tasks = (
        (k, k * chunk_size, rows)
        for k, rows in enumerate(
            iter_chunks(source, chunk_size=chunk_size, keep_bad_lines=True)
        )
        if k not in done
    )
    try:
        if workers == 1:
            pipeline = row_pipeline(analyzers, settings)
            for k, base, rows in tasks:
                out = analyze_rows(
                    pipeline, rows, cols, base=base, max_bytes=settings.max_input_bytes
                )
                _write_chunk(work, k, _lines(out))
                report(len(out))
            del pipeline  # its arrays are not needed to assemble the output
        else:
            _run_pool(tasks, work, cols, settings, analyzers, workers, report)
    except InputError:
        # The file cannot be read to its end (a CSV quote never closed): no
        # output, and nothing to resume, as the same file fails the same way.
        shutil.rmtree(work, ignore_errors=True)
        raise

    n_rows, n_err = _assemble(work, output, out_fmt)
    shutil.rmtree(work, ignore_errors=True)
    return BatchResult(
        output=str(output),
        rows=n_rows,
        errors=n_err,
        seconds=time.perf_counter() - start,
        resumed_rows=resumed,
    )


def _run_pool(
    tasks: Iterator[tuple[int, int, list[dict[str, Any]]]],
    work: Path,
    cols: Columns,
    settings: Settings,
    analyzers: tuple[str, ...] | None,
    workers: int,
    report: Callable[[int], None],
) -> None:
    pending: set[Future[tuple[int, int, str]]] = set()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(settings.model_dump_json(), analyzers),
    ) as pool:
        exhausted = False
        while pending or not exhausted:
            # Keep a bounded number of chunks in flight: memory stays flat.
            while not exhausted and len(pending) < 2 * workers:
                try:
                    k, base, rows = next(tasks)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(pool.submit(_work, k, base, rows, cols))
            if not pending:
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                k, n, text = fut.result()
                _write_chunk(work, k, text)
                report(n)


def _manifest(
    source: Path, cols: Columns, chunk_size: int, analyzers: tuple[str, ...] | None
) -> dict[str, Any]:
    st = source.stat()
    return {
        "input": str(source.resolve()),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "columns": asdict(cols),
        "chunk_size": chunk_size,
        "analyzers": list(analyzers) if analyzers is not None else None,
    }


def _prepare_workdir(
    work: Path, manifest: dict[str, Any], *, resume: bool, output: Path
) -> dict[int, int]:
    """Create or reopen the chunk directory; return {chunk: rows} already done."""
    if work.exists():
        if not resume:
            raise ConfigError(
                f"{work} holds an interrupted run: pass --resume to continue it, "
                "or delete it to start over"
            )
        try:
            old = json.loads((work / _MANIFEST).read_text())
        except (OSError, ValueError):
            old = None
        if old != manifest:
            raise ConfigError(
                f"{work} belongs to a run with different input or options; "
                "delete it to start over"
            )
    else:
        if resume and output.exists():
            raise ConfigError(f"{output} is already complete; nothing to resume")
        work.mkdir(parents=True)
        _atomic_write(work / _MANIFEST, json.dumps(manifest, indent=2))
    done: dict[int, int] = {}
    for p in work.glob("chunk-*.jsonl"):
        with p.open("rb") as fh:
            done[int(p.stem.split("-")[1])] = sum(1 for _ in fh)
    for p in work.glob("*.tmp"):
        p.unlink()
    return done


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_chunk(work: Path, k: int, text: str) -> None:
    _atomic_write(work / f"chunk-{k:08d}.jsonl", text)


def _iter_chunk_rows(work: Path) -> Iterator[dict[str, Any]]:
    for p in sorted(work.glob("chunk-*.jsonl")):
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def _assemble(work: Path, output: Path, fmt: str) -> tuple[int, int]:
    """Write the final output from the chunks; return (rows, errors)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    n = errors = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer: pq.ParquetWriter | None = None
        schema = _parquet_schema(pa)
        batch: list[dict[str, Any]] = []
        try:
            writer = pq.ParquetWriter(tmp, schema)
            for row in _iter_chunk_rows(work):
                n += 1
                errors += row["error"] is not None
                for f in row["findings"]:
                    f["evidence"] = json.dumps(f["evidence"], ensure_ascii=False)
                batch.append(row)
                if len(batch) >= 5000:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        finally:
            if writer is not None:
                writer.close()
    elif fmt == "csv":
        import csv

        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS)
            w.writeheader()
            for row in _iter_chunk_rows(work):
                n += 1
                errors += row["error"] is not None
                row["findings"] = json.dumps(row["findings"], ensure_ascii=False)
                w.writerow(row)
    else:
        # The chunk lines already are the output lines (written by _lines, as
        # json.dumps(row, ensure_ascii=False)): copied as they are, not parsed
        # and dumped again. "error" is the last key of every row.
        with tmp.open("w", encoding="utf-8") as fh:
            for p in sorted(work.glob("chunk-*.jsonl")):
                with p.open(encoding="utf-8") as chunk:
                    for line in chunk:
                        n += 1
                        errors += not line.endswith('"error": null}\n')
                        fh.write(line)
    os.replace(tmp, output)
    return n, errors


def _parquet_schema(pa: Any) -> Any:
    finding = pa.struct(
        [
            ("field", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
            ("kind", pa.string()),
            ("label", pa.string()),
            ("score", pa.float64()),
            ("evidence", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("row", pa.int64()),
            ("reliability.score", pa.float64()),
            ("reliability.label", pa.string()),
            ("reliability.model", pa.string()),
            ("reliability.out_of_domain", pa.bool_()),
            ("verdict.score", pa.float64()),
            ("claims.max_score", pa.float64()),
            ("findings", pa.list_(finding)),
            ("error", pa.string()),
        ]
    )
