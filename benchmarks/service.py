"""Loopback load test of the REST API: cached and uncached ``POST /v1/analyze``.

Starts ``newscheck``'s app under uvicorn in a child process (one worker, a fresh
SQLite store in a temp dir, rate limiting off), then sends N requests at
concurrency C over C keep-alive connections (a minimal asyncio client) and
prints requests/s, p50/p99 latency, errors and server CPU per request for

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
    """Send *bodies* over *concurrency* keep-alive connections; latency stats.

    The client is a few lines of asyncio streams, not httpx: on the 2-core
    machine this runs on, httpx's client spent about 8 ms of CPU per request
    (four times the server's own cost), so the test measured its own client. A
    request is timed from writing it to reading the last byte of the response.
    """
    import json
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = [_request(host, port, json.dumps(b).encode()) for b in bodies]
    queue = iter(requests)
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        conn = None
        for raw in queue:
            t0 = time.perf_counter()
            status = 0
            for _attempt in range(2):  # reconnect once if the server closed it
                try:
                    if conn is None:
                        conn = await asyncio.open_connection(host, port)
                    status, keep = await _exchange(conn, raw)
                    break
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    if conn is not None:
                        conn[1].close()
                    conn, status, keep = None, 0, False
            latencies.append(time.perf_counter() - t0)
            errors += status != 200
            if conn is not None and not keep:
                conn[1].close()
                conn = None
        if conn is not None:
            conn[1].close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - start
    qs = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(bodies),
        "rps": len(bodies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * qs[98],
        "errors": errors,
    }


def _request(host: str, port: int, body: bytes) -> bytes:
    head = (
        f"POST /v1/analyze HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/json\r\nAccept: */*\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], raw: bytes
) -> tuple[int, bool]:
    """Send one request; read the whole response: (status, connection kept)."""
    reader, writer = conn
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    await reader.readexactly(int(headers["content-length"]))
    return status, headers.get("connection", "").lower() != "close"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process *pid* so far (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


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
            cpu0 = _cpu_seconds(proc.pid)
            cached = asyncio.run(_load(url, [{"text": ARTICLE}] * n, c))
            cpu1 = _cpu_seconds(proc.pid)
            uncached = asyncio.run(
                _load(url, [{"text": f"{ARTICLE} Ref {i}."} for i in range(n)], c)
            )
            cpu2 = _cpu_seconds(proc.pid)
            cached["cpu_ms"] = 1000 * (cpu1 - cpu0) / n
            uncached["cpu_ms"] = 1000 * (cpu2 - cpu1) / n
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
        "the client (plain asyncio keep-alive connections) runs on the same "
        "machine, so numbers are a lower bound. "
        f"1-minute load average {load_before:.1f} before, {load_after:.1f} after. "
        "CPU ms/req: user + system CPU time of the server process per request, "
        "which a busy machine changes less than the latencies.",
        "",
        "| scenario | requests | req/s | p50 ms | p99 ms | errors | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} | {r['cpu_ms']:.2f} |"
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
