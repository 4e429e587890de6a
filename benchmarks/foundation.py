# ruff: noqa: E402
"""Throughput, memory and cold start of ``newscheck batch`` and ``analyze``.

Runs ``newscheck batch`` on 5,000 articles drawn from the shared corpora: the
foundation pipeline (reliability only, one worker) three times, before, between
and after all default analyzers with one and two workers (this host's speed
drifts: the median of the three is quoted), reading peak resident memory and
CPU time of the child processes; times each default analyzer in-process; and
times ``newscheck analyze`` on a shipped example from a fresh process. Writes
``benchmarks/foundation.md``.

Usage::

    python benchmarks/foundation.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import json
import lzma
import os

# as the console script runs it (newscheck.cli.single_threaded_blas); the
# child processes inherit it
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscheck_lab.datasets import dataset_path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: The speed targets the later issues set for each analyzer.
ANALYZER_TARGETS = {
    "reliability": "≥ 1,000 articles/s per core (1 ms)",
    "propaganda": "≥ 20 articles/s per core (50 ms)",
    "claims": "≥ 2,000 sentences/s per core",
}
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


def run_batch(
    src: Path, out: Path, workers: int, analyzers: str | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS (MB) of the
    largest process of one ``newscheck batch`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "newscheck", "batch", str(src), "-o", str(out)]
    cmd += ["--quiet", "--workers", str(workers)]
    if analyzers:
        cmd += ["--analyzers", analyzers]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def analyzer_costs(rows: list[dict], n: int = 500) -> dict[str, float]:
    """CPU milliseconds per article of each default analyzer on *n* articles
    spread evenly over *rows* (the sample's order is not random: its length
    drifts), in one process after a warm-up on 50 others; article reading and
    the output row excluded."""
    from newscheck.ingest.corpus import Columns, article_from_row
    from newscheck.pipeline import Pipeline

    cols = Columns(text="text", title="title", id="id", url=None)
    step = max(1, len(rows) // n)
    picked = rows[::step][:n]
    warm = rows[1::step][:50]
    articles, warmup = (
        [
            article_from_row(r, cols, index=i, max_bytes=2_000_000)
            for i, r in enumerate(part)
            if (r.get("text") or "").strip()
        ]
        for part in (picked, warm)
    )
    pipeline = Pipeline()
    costs: dict[str, float] = {}
    for analyzer in pipeline.analyzers_:
        for article in warmup:
            analyzer.analyze(article)
        t0 = time.process_time()
        for article in articles:
            analyzer.analyze(article)
        costs[analyzer.name] = (time.process_time() - t0) * 1000 / len(articles)
    return costs


def cold_start(path: Path, repeats: int = 5) -> list[float]:
    """Wall seconds of `newscheck analyze` in a new process, *repeats* times."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newscheck", "analyze", str(path), "-f", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    return times


def words_of(rows: list[dict], n: int) -> float:
    """Mean words of the *n* articles :func:`analyzer_costs` times."""
    picked = rows[:: max(1, len(rows) // n)][:n]
    return statistics.mean(len(r["text"].split()) for r in picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    rows = sample_articles(args.rows)
    n = len(rows)
    words = statistics.mean(len(r["text"].split()) for r in rows)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        # the foundation pipeline three times, before, between and after the
        # longer runs: this host's speed drifts, the median is what is quoted
        rel = [run_batch(src, Path(tmp) / "or.jsonl", 1, "reliability")]
        w1, c1, mem1 = run_batch(src, Path(tmp) / "o1.jsonl", 1)
        rel.append(run_batch(src, Path(tmp) / "or.jsonl", 1, "reliability"))
        w2, _, mem2 = run_batch(src, Path(tmp) / "o2.jsonl", 2)
        rel.append(run_batch(src, Path(tmp) / "or.jsonl", 1, "reliability"))
        errors = sum(
            json.loads(line)["error"] is not None
            for line in (Path(tmp) / "o1.jsonl").read_text().splitlines()
        )
    costs = analyzer_costs(rows)
    cold = cold_start(REPO / "examples" / "wire-report.txt")
    load_after = os.getloadavg()[0]
    total = sum(costs.values())
    rel_rates = sorted(n / w for w, _, _ in rel)
    rel_cpu = statistics.median(n / c for _, c, _ in rel)
    memr = max(m for _, _, m in rel)
    lines = [
        "# Foundation benchmark: batch throughput, memory, cold start",
        "",
        f"Produced by `python benchmarks/foundation.py --rows {args.rows}` on "
        f"{platform.machine()} with {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. {n:,} articles from the shared "
        f"corpora ({', '.join(CORPORA)}), mean {words:,.0f} words; "
        f"{errors} rows with errors (empty texts).",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
        "| foundation pipeline (`newscheck batch --analyzers reliability`: read, "
        "reliability model and its top-sentence findings, output row), 1 worker: "
        f"articles/s (per CPU-second), median of {len(rel)} runs | "
        f"{statistics.median(rel_rates):,.0f} ({rel_cpu:,.0f}) | ≥ 300 |",
        "| all six default analyzers (`newscheck batch`), 1 worker: articles/s "
        f"(per CPU-second) | {n / w1:,.0f} ({n / c1:,.0f}) | see below |",
        "| all six default analyzers, 2 workers: articles/s (per worker) | "
        f"{n / w2:,.0f} ({n / w2 / 2:,.0f}) | |",
        "| peak memory of one process (MB, max RSS) | "
        f"{max(mem1, mem2, memr):,.0f} | ≤ 500 |",
        "| cold start, `newscheck analyze examples/wire-report.txt -f json` "
        f"(median of {len(cold)}, s) | {statistics.median(cold):.2f} | ≤ 1.5 |",
        "",
        "Foundation pipeline runs: "
        f"{', '.join(f'{r:,.0f}' for r in rel_rates)} articles/s. "
        f"Cold start runs: {', '.join(f'{t:.2f}' for t in cold)} s. Wall times "
        "include process start-up and model loading; a busy machine lowers them "
        f"(1-minute load average {load_before:.1f} before, {load_after:.1f} "
        "after), the per-CPU-second figures less so.",
        "",
        "## Where the time goes (all default analyzers)",
        "",
        "CPU milliseconds per article of each analyzer, in one process after a "
        f"warm-up ({min(n, 500):,} articles spread over the sample, mean "
        f"{words_of(rows, 500):,.0f} words; reading and output excluded):",
        "",
        "| analyzer | ms per article | own target |",
        "| --- | ---: | --- |",
        *(
            f"| {name} | {ms:.2f} | {ANALYZER_TARGETS.get(name, '')} |"
            for name, ms in costs.items()
        ),
        f"| all | {total:.2f} | |",
        "",
        "The 300 articles/s of the foundation issue was set for the foundation's "
        "pipeline (reading, the reliability model, the report row). The analyzers "
        "added since carry their own speed targets, which allow far more time per "
        "article than 300/s leaves: propaganda ≥ 20 articles/s per core (50 ms), "
        "claims ≥ 2,000 sentences/s per core (~15 ms for a 30-sentence article). "
        f"All six together cost {total:.1f} ms per article here, "
        f"{1000 / total:,.0f} articles per CPU-second before reading and output.",
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "foundation.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
