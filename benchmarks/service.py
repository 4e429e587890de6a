"""Loopback load test of the REST API: cached and uncached ``POST /v1/analyze``.

Starts ``newscheck``'s app under uvicorn in a child process (one worker, a fresh
SQLite store in a temp dir, rate limiting off), then sends N requests at
concurrency C with httpx and prints requests/s, p50/p99 latency and errors for

* cached:   the same article N times (served from the report store);
* uncached: N distinct articles (each one analysed by the pipeline).

Writes the table to ``benchmarks/service.md``. Bounded: defaults 2,000 requests
at concurrency 32 per scenario.

    .venv/bin/python benchmarks/service.py [--requests 2000] [--concurrency 32]
"""

from __future__ import annotations

import os.path
import sys

# benchmarks/numbers.py would shadow the standard library's `numbers` module.
if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(
    os.path.realpath(__file__)
):
    del sys.path[0]

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = (
    "Everyone knows the mayor has been lying to you. The new bridge was supposed to "
    "cost $40 million, but documents show the city has already spent $95 million, an "
    "increase of 300%. Only a fool would believe the official story.\n\n"
    "According to the transport department, traffic on the old crossing fell by 12% "
    "last year. Critics say the project is a disaster that will destroy our community "
    "forever. The council will vote on more funding on Tuesday."
)


def _analyzers() -> list[str]:
    """The default analyzers that are installed and load (trained) here."""
    from newscheck import analyzers
    from newscheck.errors import NewscheckError
    from newscheck.settings import DEFAULT_ANALYZERS, Settings

    usable = []
    for name in DEFAULT_ANALYZERS:
        if name not in analyzers.available():
            continue
        try:
            analyzers.get(name).load(settings=Settings())
        except NewscheckError as exc:
            print(f"skipping analyzer {name}: {exc}", file=sys.stderr)
            continue
        usable.append(name)
    return usable


def serve(port: int, db: str) -> None:
    """Child process: run the app on 127.0.0.1:*port*."""
    import uvicorn

    from newscheck.api import ServiceSettings, create_app
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings

    settings = Settings(database_url=f"sqlite:///{db}", analyzers=tuple(_analyzers()))
    app = create_app(
        settings,
        service=ServiceSettings(rate_limit=0),
        pipeline=Pipeline(settings=settings),
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def _load(url: str, bodies: list[dict], concurrency: int) -> dict[str, float]:
    import httpx

    sem = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(
        max_connections=concurrency, max_keepalive_connections=concurrency
    )
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60.0) as client:

        async def one(body: dict) -> None:
            nonlocal errors
            async with sem:
                t0 = time.perf_counter()
                try:
                    resp = await client.post("/v1/analyze", json=body)
                    ok = resp.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        start = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        wall = time.perf_counter() - start
    qs = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(bodies),
        "rps": len(bodies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * qs[98],
        "errors": errors,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--serve", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(HERE / "service.md"))
    args = ap.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1])
        return

    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="newscheck-bench-") as tmp:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), f"{tmp}/bench.db"]
        )
        try:
            for _ in range(600):
                if proc.poll() is not None:
                    raise SystemExit("server exited; see its error above")
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            else:
                raise SystemExit("server did not start")
            health = httpx.get(url + "/healthz").json()
            warm = httpx.post(url + "/v1/analyze", json={"text": ARTICLE}, timeout=60)
            warm.raise_for_status()
            n, c = args.requests, args.concurrency
            load_before = os.getloadavg()[0]
            cached = asyncio.run(_load(url, [{"text": ARTICLE}] * n, c))
            uncached = asyncio.run(
                _load(url, [{"text": f"{ARTICLE} Ref {i}."} for i in range(n)], c)
            )
            load_after = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(10)

    analyzers = ", ".join(f"{k} {v}" for k, v in health["analyzers"].items()) or "none"
    rows = [
        ("cached (served from the store)", cached),
        ("uncached (analysed)", uncached),
    ]
    lines = [
        "# Service load test (`benchmarks/service.py`)",
        "",
        f"`POST /v1/analyze` over loopback: {n} requests per scenario at concurrency "
        f"{c}; one uvicorn worker, SQLite store, rate limit off. Article: "
        f"{len(ARTICLE)} characters. Analyzers: {analyzers}.",
        f"Machine: {os.cpu_count()} CPUs shared with other jobs "
        f"({platform.python_implementation()} {platform.python_version()}); "
        "the client runs on the same machine, so numbers are a lower bound. "
        f"1-minute load average {load_before:.1f} before, {load_after:.1f} after.",
        "",
        "| scenario | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} |"
        )
    lines += [
        "",
        "Targets (issue 8): zero errors; p99 ≤ 250 ms cached.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
