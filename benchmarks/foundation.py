"""Throughput, memory and cold start of the default pipeline.

Runs ``newscheck batch`` on 5,000 articles drawn from the shared corpora (one
worker, then two), reading peak resident memory of the process tree, and times
``newscheck analyze`` on a shipped example from a fresh process. Writes
``benchmarks/foundation.md``.

Usage::

    python benchmarks/foundation.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscheck.corpora import dataset_path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = (
    "buzzfeed_webis_2016",
    "recovery_covid19",
    "perezrosas_celebrity",
    "perezrosas_fakenewsamt",
    "golbeck_fake_vs_satire",
)


def sample_articles(n: int) -> list[dict]:
    """Up to *n* non-empty articles, round-robin over the corpora."""
    pools = []
    for name in CORPORA:
        path = dataset_path(name) / f"{name}.jsonl.xz"
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        pools.append([r for r in rows if (r.get("text") or "").strip()])
    out: list[dict] = []
    i = 0
    while len(out) < n and any(pools):
        pool = pools[i % len(pools)]
        if pool:
            r = pool.pop()
            title = r.get("title") or ""
            out.append({"id": r["id"], "title": title, "text": r["text"]})
        i += 1
    return out


def run_batch(src: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process in the batch run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newscheck",
            "batch",
            str(src),
            "-o",
            str(out),
            "--quiet",
            "--workers",
            str(workers),
        ],
        check=True,
    )
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def cold_start(path: Path, repeats: int = 5) -> float:
    """Median wall seconds of `newscheck analyze` in a new process."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newscheck", "analyze", str(path), "-f", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    rows = sample_articles(args.rows)
    words = statistics.mean(len(r["text"].split()) for r in rows)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        w1, mem1 = run_batch(src, Path(tmp) / "o1.jsonl", 1)
        w2, mem2 = run_batch(src, Path(tmp) / "o2.jsonl", 2)
        errors = sum(
            json.loads(line)["error"] is not None
            for line in (Path(tmp) / "o1.jsonl").read_text().splitlines()
        )
    cold = cold_start(REPO / "examples" / "wire-report.txt")
    load_after = os.getloadavg()[0]
    lines = [
        "# Foundation benchmark: default pipeline",
        "",
        f"Produced by `python benchmarks/foundation.py --rows {args.rows}` on "
        f"{platform.machine()} with {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. {len(rows):,} articles from the shared "
        f"corpora ({', '.join(CORPORA)}), mean {words:,.0f} words; all analyzers "
        f"of the default pipeline; {errors} rows with errors.",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
        f"| `newscheck batch`, 1 worker: articles/s | {len(rows) / w1:,.0f} | ≥ 300 |",
        f"| `newscheck batch`, 2 workers: articles/s (per worker) | "
        f"{len(rows) / w2:,.0f} ({len(rows) / w2 / 2:,.0f}) | |",
        f"| peak memory of one process (MB, max RSS) | {max(mem1, mem2):,.0f} "
        "| ≤ 500 |",
        f"| cold start, `newscheck analyze examples/wire-report.txt -f json` "
        f"(median of 5, s) | {cold:.2f} | ≤ 1.5 |",
        "",
        "Wall times include process start-up and model loading; a busy machine "
        f"lowers them: 1-minute load average {load_before:.1f} before, "
        f"{load_after:.1f} after.",
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "foundation.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
