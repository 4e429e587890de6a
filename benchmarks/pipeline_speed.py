# ruff: noqa: E402
"""Speed of the full default pipeline: per analyzer and end to end.

Three parts, on articles drawn from the shared corpora as the foundation
benchmark draws them (:func:`foundation.sample_articles`):

* per-analyzer CPU milliseconds per article, in a fresh process for each way
  of calling them: ``one`` (``analyzer.analyze`` article by article, what
  ``newscheck analyze`` does) and ``batch`` (``analyzer.analyze_many`` over
  chunks of 200, what ``newscheck batch`` does). Each process warms up on 200
  articles, then times the next ``--timed`` ones; reading and output excluded.
  With ``--before DIR`` the ``one`` way is also timed on another checkout's
  ``src`` (the code before the speed work);
* end to end, ``newscheck batch`` as a child process (reading the JSONL,
  every default analyzer, writing the rows): wall and CPU seconds, articles/s
  per core and per CPU-second, peak RSS; with 1 worker (all analyzers, and
  reliability alone) and 2 workers;
* optionally (``--dask``) ``newscheck batch --engine dask`` with 1 and 2
  workers on the same input.

Writes ``benchmarks/pipeline_speed.md``.

Usage::

    python benchmarks/pipeline_speed.py [--rows 3000] [--timed 1000]
        [--before ../old-checkout [--before-name "commit abc1234"]] [--dask]
"""

from __future__ import annotations

import argparse
import json
import os

# as the console script runs it (newscheck.cli.single_threaded_blas); the
# child processes inherit it
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from foundation import sample_articles

CHUNK = 200
WARM = 200


def _costs_child(path: str, mode: str, timed: int) -> None:
    """(In a child process) CPU ms per article of each default analyzer."""
    from newscheck.ingest.corpus import Columns, article_from_row
    from newscheck.pipeline import Pipeline

    rows = json.loads(Path(path).read_text())
    cols = Columns(text="text", title="title", id="id", url=None)
    articles = [
        article_from_row(r, cols, index=i, max_bytes=2_000_000)
        for i, r in enumerate(rows[: WARM + timed])
    ]
    warm, timed_articles = articles[:WARM], articles[WARM:]
    pipeline = Pipeline()
    out: dict[str, float] = {}
    for analyzer in pipeline.analyzers_:
        many = getattr(analyzer, "analyze_many", None)
        batched = mode == "batch" and many is not None
        if batched:
            many(warm)
        else:
            for a in warm:
                analyzer.analyze(a)
        t0 = time.process_time()
        if batched:
            for k in range(0, len(timed_articles), CHUNK):
                many(timed_articles[k : k + CHUNK])
        else:
            for a in timed_articles:
                analyzer.analyze(a)
        out[analyzer.name] = (time.process_time() - t0) * 1000 / len(timed_articles)
    print(json.dumps(out))


def costs(path: Path, mode: str, timed: int, src: Path | None = None) -> dict:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src / "src")
    res = subprocess.run(
        [sys.executable, __file__, "--_costs", str(path), mode, str(timed)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def run_batch(
    src: Path, out: Path, workers: int, *extra: str
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB, the largest process) of one
    ``newscheck batch`` run and the worker processes it waits for (this run
    alone: ``os.wait4`` of its process)."""
    cmd = [sys.executable, "-m", "newscheck", "batch", str(src), "-o", str(out)]
    cmd += ["--quiet", "--workers", str(workers), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--timed", type=int, default=1000)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument(
        "--before-name",
        default="cc347d3",
        help="what --before holds, for the table's note (default: cc347d3)",
    )
    parser.add_argument("--dask", action="store_true")
    parser.add_argument("--_costs", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._costs:
        path, mode, timed = args._costs
        _costs_child(path, mode, int(timed))
        return
    rows = sample_articles(args.rows)
    n = len(rows)
    # the timed articles are spread over the sample (its length drifts)
    step = max(1, n // (WARM + args.timed))
    spread = (rows[::step] + rows)[: WARM + args.timed]
    words = statistics.mean(len(r["text"].split()) for r in spread[WARM:])
    all_words = statistics.mean(len(r["text"].split()) for r in rows)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sample = tmp / "sample.json"
        sample.write_text(json.dumps(spread))
        table: dict[str, dict[str, float]] = {}
        if args.before is not None:
            table["before (one by one)"] = costs(sample, "one", args.timed, args.before)
        table["now, one by one"] = costs(sample, "one", args.timed)
        table["now, batch chunks"] = costs(sample, "batch", args.timed)

        src = tmp / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        runs = {
            "all, 1 worker": [run_batch(src, tmp / "o1.jsonl", 1) for _ in range(2)],
            "reliability only, 1 worker": [
                run_batch(src, tmp / "or.jsonl", 1, "--analyzers", "reliability")
                for _ in range(2)
            ],
            "all, 2 workers": [run_batch(src, tmp / "o2.jsonl", 2)],
        }
        errors = sum(
            json.loads(line)["error"] is not None
            for line in (tmp / "o1.jsonl").read_text().splitlines()
        )
        dask: dict[int, float] = {}
        if args.dask:
            for w in (1, 2):
                out = tmp / f"dask{w}"
                # partitions of ~1 MB: a dozen tasks to share out
                wall, _, _ = run_batch(
                    src, out, w, "--engine", "dask", "--blocksize", "1MB"
                )
                dask[w] = wall
    load_after = os.getloadavg()[0]

    names = list(table["now, batch chunks"])
    cols = list(table)
    lines = [
        "# Pipeline speed: every default analyzer, per article and end to end",
        "",
        f"Produced by `python benchmarks/pipeline_speed.py --rows {args.rows} "
        f"--timed {args.timed}"
        + (
            f" --before OLD_CHECKOUT --before-name {args.before_name!r}"
            if args.before is not None
            else ""
        )
        + (" --dask" if args.dask else "")
        + f"` on {platform.machine()} with {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()} (1-minute load average {load_before:.1f} "
        f"before, {load_after:.1f} after; a busy machine raises CPU times too).",
        "",
        "## Per analyzer",
        "",
        f"CPU milliseconds per article, {args.timed:,} articles (mean "
        f"{words:,.0f} words) after a warm-up on {WARM} others, each column in "
        "a fresh process; reading and output excluded. *one by one*: "
        "`analyzer.analyze(article)`; *batch chunks*: `analyzer.analyze_many` "
        f"over chunks of {CHUNK} (what `newscheck batch` runs)"
        + (
            f"; *before*: the code at {args.before_name}, one by one"
            if args.before is not None
            else ""
        )
        + ".",
        "",
        "| analyzer | " + " | ".join(cols) + " |",
        "| --- |" + " ---: |" * len(cols),
        *(
            f"| {name} | "
            + " | ".join(f"{table[c].get(name, float('nan')):.2f}" for c in cols)
            + " |"
            for name in names
        ),
        "| all | " + " | ".join(f"{sum(table[c].values()):.2f}" for c in cols) + " |",
        "| articles per CPU-second (analyzers only) | "
        + " | ".join(f"{1000 / sum(table[c].values()):,.0f}" for c in cols)
        + " |",
        "",
        "## End to end",
        "",
        f"`newscheck batch` on {n:,} articles (mean {all_words:,.0f} words; "
        f"{errors} error rows) as a child process: reading the JSONL, the "
        "analyzers, writing the rows; wall time includes start-up and model "
        "loading. Per core: articles per wall second divided by the workers; "
        "per CPU-second: articles over the CPU time of all processes.",
        "",
        "| run | wall s | articles/s | per core | per CPU-second |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, rs in runs.items():
        workers = 2 if "2 workers" in label else 1
        wall = statistics.median(w for w, _, _ in rs)
        cpu = statistics.median(c for _, c, _ in rs)
        lines.append(
            f"| {label} | {wall:.1f} | {n / wall:,.0f} | {n / wall / workers:,.0f} "
            f"| {n / cpu:,.0f} |"
        )
    mem = max(m for rs in runs.values() for _, _, m in rs)
    lines.append("")
    lines.append(f"Peak memory of one process (max RSS of the runs): {mem:,.0f} MB.")
    one = statistics.median(w for w, _, _ in runs["all, 1 worker"])
    two = runs["all, 2 workers"][0][0]
    lines.append(
        f"Local engine 1 → 2 workers: ×{one / two:.2f} "
        f"({len(runs['all, 1 worker'])} runs of 1 worker, median)."
    )
    if dask:
        lines.append(
            f"Dask engine (local cluster): 1 worker {dask[1]:.1f} s "
            f"({n / dask[1]:,.0f} articles/s), 2 workers {dask[2]:.1f} s "
            f"({n / dask[2]:,.0f} articles/s): ×{dask[1] / dask[2]:.2f}."
        )
    text = "\n".join(lines) + "\n"
    (HERE / "pipeline_speed.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
