"""Dask scaling: rows/s with 1 and 2 workers on this machine.

Writes articles sampled from the shared corpora as JSONL parts, scores them with
``newscheck batch --engine dask`` on a local cluster of 1 and then 2 worker
processes, checks that every row comes back exactly once, and writes
``benchmarks/scale.md``.

Usage::

    python benchmarks/scale.py [--rows 6000]

To run on an existing cluster instead, start a scheduler and workers on your
machines (``dask scheduler`` / ``dask worker tcp://HOST:8786 --nthreads 1``,
each with newscheck installed) and pass the address::

    newscheck batch 'corpus/*.jsonl' -o scores/ --engine dask \\
        --scheduler tcp://HOST:8786
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from newscheck.scale import run_dask_batch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from foundation import sample_articles  # noqa: E402


def run(src: Path, out: Path, workers: int) -> tuple[float, int, bool]:
    t0 = time.perf_counter()
    result = run_dask_batch(src, out, workers=workers, memory_limit="3GiB")
    wall = time.perf_counter() - t0
    rows = pd.read_parquet(out, columns=["row"])["row"]
    exact = sorted(rows.tolist()) == list(range(result.rows))
    return wall, result.rows, exact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6000)
    parser.add_argument("--parts", type=int, default=12)
    args = parser.parse_args()
    base = sample_articles(min(args.rows, 5000))
    rows = [dict(base[i % len(base)], id=f"a{i}") for i in range(args.rows)]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        per = -(-len(rows) // args.parts)
        for p in range(args.parts):
            chunk = rows[p * per : (p + 1) * per]
            (src / f"part-{p:03d}.jsonl").write_text(
                "".join(json.dumps(r) + "\n" for r in chunk)
            )
        w1, n1, ok1 = run(src, Path(tmp) / "o1", 1)
        w2, n2, ok2 = run(src, Path(tmp) / "o2", 2)
    r1, r2 = n1 / w1, n2 / w2
    lines = [
        "# Dask scaling benchmark",
        "",
        f"Produced by `python benchmarks/scale.py --rows {args.rows}` on "
        f"{platform.machine()} with {os.cpu_count()} CPUs. {args.rows:,} articles "
        f"from the shared corpora in {args.parts} JSONL parts; default pipeline; "
        "local Dask cluster, 1 thread per worker process. Wall time includes "
        "cluster start-up, model loading and the row-count pass.",
        "",
        "| workers | rows | wall s | rows/s | every row exactly once |",
        "| --- | --- | --- | --- | --- |",
        f"| 1 | {n1:,} | {w1:.1f} | {r1:,.0f} | {ok1} |",
        f"| 2 | {n2:,} | {w2:.1f} | {r2:,.0f} | {ok2} |",
        "",
        f"Scaling 1 → 2 workers: **×{r2 / r1:.2f}** (target ≥ ×1.8; a machine with "
        "only 2 cores, one of them also running the scheduler and this script, "
        "caps it).",
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "scale.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
