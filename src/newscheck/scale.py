"""Score corpora larger than one machine on Dask (``newscheck batch --engine dask``).

Input is a file, a directory or a glob of CSV, JSONL or Parquet parts, read in
partitions of bounded size: Parquet by ``dask.dataframe``, CSV and JSON Lines by
newscheck's own reader inside each task (uncompressed JSON Lines cut into byte
ranges at line starts, other files one partition each), so a line that cannot be
read is an error row of its own, as with the local engine. Each partition is analysed by
one task and written as its own Parquet file, ``part-NNNNN.parquet``, through a
temporary name and an atomic rename; re-running the same command skips the parts
already written, so a killed job never leaves a half partition counted as done.
A run holds the same ``OUTPUT.lock`` as the local engine, so a second run on
one output is refused instead of interleaving parts.
The analysis pipeline is built once per worker process and reused by every task
that process runs.

Rows are analysed by the shared batch engine (:mod:`newscheck.engine`) and follow
the local batch contract (:data:`newscheck.engine.OUTPUT_COLUMNS`),
with ``row`` the 0-based row number over all input files in sorted order, plus
``partition``. The same rows give identical results with either engine.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscheck import engine
from newscheck.batch import BatchResult, _parquet_schema
from newscheck.errors import ConfigError, InputError
from newscheck.ingest.corpus import (
    Columns,
    Part,
    column_names,
    detect_format,
    part_lines,
    read_part,
    split_parts,
)
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings

__all__ = ["expand_inputs", "run_dask_batch"]

LOGGER = logging.getLogger(__name__)
_MANIFEST = "_newscheck.json"
_PIPELINES: dict[str, tuple[Pipeline, int]] = {}


def expand_inputs(source: str | Path) -> list[Path]:
    """The input files named by *source*: a file, a directory or a glob, sorted."""
    src = str(source)
    path = Path(src)
    if path.is_dir():
        files = [p for p in sorted(path.iterdir()) if p.is_file() and _readable(p)]
    elif any(ch in src for ch in "*?["):
        files = [Path(p) for p in sorted(glob.glob(src)) if Path(p).is_file()]
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"no such file, directory or glob match: {src}")
    if not files:
        raise InputError(f"no CSV, JSONL or Parquet files in {src}")
    formats = {detect_format(p) for p in files}
    if len(formats) > 1:
        raise InputError(f"{src} mixes formats ({', '.join(sorted(formats))})")
    return files


def _readable(p: Path) -> bool:
    try:
        detect_format(p)
    except InputError:
        return False
    return not p.name.startswith((".", "_"))


def _read_parquet(files: list[Path], cols: list[str]) -> Any:
    import dask.dataframe as dd

    return dd.read_parquet([str(p) for p in files], columns=cols, split_row_groups=True)


def _parts(files: list[Path], blocksize: str) -> list[Part]:
    """CSV and JSON Lines parts: read by newscheck's own reader in each task, so
    a bad line is an error row of its own there too (Dask's readers would fail
    the whole partition); see :func:`newscheck.ingest.corpus.split_parts`."""
    from dask.utils import parse_bytes

    size = parse_bytes(blocksize)
    return [part for p in files for part in split_parts(p, size)]


def _pipeline(
    settings_json: str, analyzers: tuple[str, ...] | None
) -> tuple[Pipeline, int]:
    """The worker process's pipeline: built on first use, then reused."""
    key = f"{settings_json}|{analyzers}"
    if key not in _PIPELINES:
        settings = Settings.model_validate_json(settings_json)
        _PIPELINES[key] = (
            engine.row_pipeline(analyzers, settings),
            settings.max_input_bytes,
        )
    return _PIPELINES[key]


def _process_partition(
    frame: Any,
    partition: int,
    offset: int,
    out_dir: str,
    columns: Columns,
    settings_json: str,
    analyzers: tuple[str, ...] | None,
    first_line: int = 1,
) -> tuple[int, int]:
    """Analyse one partition (a pandas frame, or a :class:`Part` read here) and
    write its part file; return (rows, errors)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pipeline, max_bytes = _pipeline(settings_json, analyzers)
    if isinstance(frame, Part):
        records = read_part(frame, first_line=first_line)
    else:
        records = [
            {str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")
        ]
    rows = engine.analyze_rows(
        pipeline, records, columns, base=offset, max_bytes=max_bytes
    )
    for r in rows:
        r["partition"] = partition
        for f in r["findings"]:
            f["evidence"] = json.dumps(f["evidence"], ensure_ascii=False)
    schema = _parquet_schema(pa).append(pa.field("partition", pa.int64()))
    final = Path(out_dir) / f"part-{partition:05d}.parquet"
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    os.replace(tmp, final)
    return len(rows), sum(r["error"] is not None for r in rows)


def run_dask_batch(
    source: str | Path,
    output: str | Path,
    *,
    settings: Settings | None = None,
    columns: Columns | None = None,
    analyzers: tuple[str, ...] | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str = "2GiB",
    blocksize: str = "16MiB",
    resume: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
    on_cluster: Callable[[str | None], None] | None = None,
) -> BatchResult:
    """Analyse every row of *source* on Dask; write a Parquet dataset at *output*.

    Parameters
    ----------
    scheduler
        Address of an existing cluster (``tcp://host:8786``); ``None`` starts a
        local cluster of *workers* processes with *memory_limit* each.
    blocksize
        Target bytes per partition for JSONL (Parquet splits by row group, CSV by
        file).
    on_cluster
        Called with the dashboard link once the client is connected.
    """
    if not LOGGER.isEnabledFor(logging.INFO):
        # Keep Dask's INFO chatter (scheduler/nanny start-up) off the terminal.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
        logging.getLogger("distributed").setLevel(logging.WARNING)

    settings = settings or Settings()
    files = expand_inputs(source)
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"{out_dir} exists and is not a directory")
    cols = (columns or Columns()).resolve(column_names(files[0]), source=str(files[0]))
    manifest = {
        "inputs": [
            [str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in files
        ],
        "columns": [cols.text, cols.title, cols.id, cols.url],
        "blocksize": blocksize,
        "analyzers": list(analyzers) if analyzers is not None else None,
        # 2: CSV / JSON Lines parts cut by newscheck's reader, not Dask's (other
        # partition boundaries, so a run begun by reader 1 cannot be resumed)
        "reader": 2,
    }
    engine.check_analyzers(analyzers, settings)
    with engine.output_lock(out_dir):
        return _run_locked(
            files,
            out_dir,
            manifest,
            cols,
            settings=settings,
            analyzers=analyzers,
            scheduler=scheduler,
            workers=workers,
            memory_limit=memory_limit,
            blocksize=blocksize,
            resume=resume,
            on_progress=on_progress,
            on_cluster=on_cluster,
        )


def _run_locked(
    files: list[Path],
    out_dir: Path,
    manifest: dict[str, Any],
    cols: Columns,
    *,
    settings: Settings,
    analyzers: tuple[str, ...] | None,
    scheduler: str | None,
    workers: int,
    memory_limit: str,
    blocksize: str,
    resume: bool,
    on_progress: Callable[[int, int | None], None] | None,
    on_cluster: Callable[[str | None], None] | None,
) -> BatchResult:
    """:func:`run_dask_batch` once it holds the lock on *out_dir*."""
    from dask.distributed import Client, LocalCluster, as_completed

    done = _prepare(out_dir, manifest, resume=resume)

    cluster = (
        None
        if scheduler
        else LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",
        )
    )
    start = time.perf_counter()
    try:
        with Client(scheduler or cluster) as client:
            if on_cluster:
                on_cluster(client.dashboard_link)
            from dask import delayed

            if detect_format(files[0]) == "parquet":
                wanted = [c for c in (cols.text, cols.title, cols.id, cols.url) if c]
                parts = _read_parquet(files, wanted).to_delayed()
            else:
                parts = _parts(files, blocksize)
            if "counts" not in manifest or "lines" not in manifest:
                _counts(client, parts, out_dir, manifest)
            counts, lines = manifest["counts"], manifest["lines"]
            offsets = [sum(counts[:i]) for i in range(len(counts))]
            firsts = _first_lines(parts, lines)
            total = sum(counts)
            rows_done = sum(counts[i] for i in done)
            resumed = rows_done
            if on_progress:
                on_progress(rows_done, total)
            settings_json = settings.model_dump_json()
            todo = [
                delayed(_process_partition)(
                    parts[i],
                    i,
                    offsets[i],
                    str(out_dir),
                    cols,
                    settings_json,
                    analyzers,
                    firsts[i],
                )
                for i in range(len(parts))
                if i not in done
            ]
            errors = sum(_errors_in(out_dir, i) for i in done)
            for fut in as_completed(client.compute(todo)):
                n, e = fut.result()
                rows_done += n
                errors += e
                if on_progress:
                    on_progress(rows_done, total)
    finally:
        if cluster is not None:
            cluster.close()
    (out_dir / "_SUCCESS").write_text(json.dumps({"rows": total, "errors": errors}))
    return BatchResult(
        output=str(out_dir),
        rows=total,
        errors=errors,
        seconds=time.perf_counter() - start,
        resumed_rows=resumed,
    )


def _counts(
    client: Any, parts: list[Any], out_dir: Path, manifest: dict[str, Any]
) -> None:
    """Rows (and lines) per partition, one cheap pass, remembered for resumes."""
    from dask import delayed

    if parts and isinstance(parts[0], Part):
        pairs = client.gather(client.compute([delayed(part_lines)(p) for p in parts]))
    else:
        sizes = client.gather(client.compute([delayed(len)(p) for p in parts]))
        pairs = [(n, 0) for n in sizes]
    manifest["counts"] = [int(n) for n, _ in pairs]
    manifest["lines"] = [int(n) for _, n in pairs]
    _write_manifest(out_dir, manifest)


def _first_lines(parts: list[Any], lines: list[int]) -> list[int]:
    """The file line number each part starts at (1 for whole files)."""
    firsts, line, path = [], 1, None
    for part, n in zip(parts, lines, strict=True):
        if not isinstance(part, Part) or part.path != path:
            line = 1
            path = part.path if isinstance(part, Part) else None
        firsts.append(line)
        line += n
    return firsts


def _prepare(out_dir: Path, manifest: dict[str, Any], *, resume: bool) -> set[int]:
    mpath = out_dir / _MANIFEST
    if out_dir.exists() and any(out_dir.iterdir()):
        if not resume:
            raise ConfigError(
                f"{out_dir} is not empty: pass --resume to continue the run that "
                "wrote it, or choose a new output directory"
            )
        try:
            old = json.loads(mpath.read_text())
        except (OSError, ValueError):
            raise ConfigError(f"{out_dir} was not written by newscheck batch") from None
        counts = old.pop("counts", None)
        lines = old.pop("lines", None)
        if old != manifest:
            raise ConfigError(
                f"{out_dir} belongs to a run with different input or options"
            )
        if counts is not None and lines is not None:
            manifest["counts"], manifest["lines"] = counts, lines
        for tmp in out_dir.glob(".part-*.tmp"):
            tmp.unlink()
        (out_dir / "_SUCCESS").unlink(missing_ok=True)
        return {int(p.stem.split("-")[1]) for p in out_dir.glob("part-*.parquet")}
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_manifest(out_dir, manifest)
    return set()


def _write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    tmp = out_dir / f".{_MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2))
    os.replace(tmp, out_dir / _MANIFEST)


def _errors_in(out_dir: Path, partition: int) -> int:
    import pyarrow.parquet as pq

    col = pq.read_table(out_dir / f"part-{partition:05d}.parquet", columns=["error"])
    return col.num_rows - col.column("error").null_count
