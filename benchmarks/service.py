"""Loopback load test of the REST API: cached and uncached ``POST /v1/analyze``.

Starts ``newscheck``'s app under uvicorn in a child process (one worker, a fresh
SQLite store in a temp dir, rate limiting off), then sends N requests at
concurrency C over C keep-alive connections (a minimal asyncio client) and
prints requests/s, p50/p99 latency, errors and server CPU per request for

* cached:   the same article N times (served from the report store);
* uncached: N distinct articles (each one analysed by the pipeline).

Writes the table to ``benchmarks/service.md``. Bounded: defaults 2,000 requests
at concurrency 32 per scenario.

``--mixed`` runs the robustness load test instead: 500 requests at concurrency 8,
30 % of them bad (malformed JSON, empty text, lone-surrogate escapes, a body over
the limit, a wrong content type, binary bytes), the rest shared-corpus articles
(a few built-in texts when ``shared/`` is absent). It checks that no answer is a
5xx, that every valid request gets a complete report (no analyzer failure) with
the findings of a sequential in-process run of the same pipeline, and that every
200 is stored (read back with ``GET /v1/reports/{id}``); it prints p50/p99 and
the server's peak RSS and replaces its block in ``benchmarks/service.md``.
Bounded: at most ``--deadline`` seconds (default 240) for the load phase.

    .venv/bin/python benchmarks/service.py [--requests 2000] [--concurrency 32]
    .venv/bin/python benchmarks/service.py --mixed [--requests 500] [--concurrency 8]
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


def serve(port: int, db: str, max_body_bytes: int | None = None) -> None:
    """Child process: run the app on 127.0.0.1:*port*."""
    import uvicorn

    from newscheck.api import ServiceSettings, create_app
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings

    settings = Settings(database_url=f"sqlite:///{db}", analyzers=tuple(_analyzers()))
    limits = {"max_body_bytes": max_body_bytes} if max_body_bytes else {}
    app = create_app(
        settings,
        service=ServiceSettings(rate_limit=0, **limits),
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


def _request(
    host: str, port: int, body: bytes, *, content_type: str = "application/json"
) -> bytes:
    expect = "Expect: 100-continue\r\n" if len(body) > 65_536 else ""
    head = (
        f"POST /v1/analyze HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Content-Type: {content_type}\r\nAccept: */*\r\n{expect}"
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


def _wait_healthy(proc: subprocess.Popen, url: str) -> None:
    """Wait up to a minute for the server at *url* to answer ``/healthz``."""
    import httpx

    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit("server exited; see its error above")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not start")


# -- mixed load: bad bodies among real articles -----------------------------

#: First line of ``service.md``; each test rewrites only its own block below it.
TITLE = "# Service load tests (`benchmarks/service.py`)\n"

#: Server body limit in the mixed test (the "huge body" goes over it).
MIXED_MAX_BODY = 1_000_000
#: Used when the shared corpora are absent.
BUILTIN_TEXTS = (
    ARTICLE,
    "The city council approved a budget of $2.1 billion on Monday, 4% more than "
    "last year. According to the finance office, spending on schools rises by "
    "7%, while road repairs get $40 million less.\n\nThe mayor said the plan was "
    "balanced. Opposition members called it a disaster for taxpayers.",
    "Scientists at the university reported that the new vaccine was 91% effective "
    "in a trial of 30,000 people. The results have not yet been peer reviewed.\n\n"
    "Health officials said they expect approval within weeks.",
    "SHOCKING: they don't want you to know the truth! Everyone knows the election "
    "was stolen. Only a fool would trust the mainstream media. Share before it is "
    "deleted!",
)
BAD_KINDS = (
    "malformed JSON",
    "empty text",
    "lone surrogate escapes",
    "body over the limit",
    "wrong content type",
    "binary body",
    "control characters",
)


def _valid_articles(n: int) -> tuple[list[dict], str]:
    """Up to *n* distinct ``{"text", "title"}`` bodies, and where they came from."""
    import json
    import lzma

    try:
        from newscheck_lab.datasets import shared_dir

        root = shared_dir()
    except ImportError:
        root = None
    out: list[dict] = []
    used: list[str] = []
    if root is not None:
        for path in sorted((root / "examples").glob("*.txt")):
            out.append({"text": path.read_text(encoding="utf-8")})
            used.append(f"examples/{path.name}")
        corpora = (
            "golbeck_fake_vs_satire",
            "perezrosas_fakenewsamt",
            "buzzfeed_webis_2016",
        )
        for k, name in enumerate(corpora):
            path = root / "datasets" / name / f"{name}.jsonl.xz"
            if not path.exists():
                continue
            want = (n * (k + 1)) // len(corpora)
            with lzma.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if len(out) >= want:
                        break
                    row = json.loads(line)
                    text = (row.get("text") or "").strip()
                    if 200 <= len(text) <= 20_000:
                        title = (row.get("title") or "").strip()[:300] or None
                        out.append({"text": text, "title": title})
            used.append(name)
    if not out:
        return [{"text": t} for t in BUILTIN_TEXTS], "built-in texts (no shared/)"
    return out[:n], ", ".join(used)


def _bad_request(kind: str, host: str, port: int) -> bytes:
    """One request of *kind* (see :data:`BAD_KINDS`)."""
    if kind == "malformed JSON":
        return _request(host, port, b'{"text": "Prices rose 5%, "title": ')
    if kind == "empty text":
        return _request(host, port, b'{"text": "  \\n\\t "}')
    if kind == "lone surrogate escapes":
        body = b'{"text": "Prices rose \\ud800 5% in May.\\n\\nOfficials: \\udfff."}'
        return _request(host, port, body)
    if kind == "body over the limit":
        pad = b"x" * (MIXED_MAX_BODY + 200_000)
        return _request(host, port, b'{"text": "' + pad + b'"}')
    if kind == "wrong content type":
        return _request(
            host, port, b'{"text": "It rained."}', content_type="text/plain"
        )
    if kind == "binary body":
        blob = bytes((i * 151 + 7) % 256 for i in range(4096))
        return _request(host, port, blob, content_type="application/octet-stream")
    if kind == "control characters":
        return _request(host, port, b'{"text": "\\u0000\\u0001\\u0002\\u0003\\u001b"}')
    raise ValueError(kind)


async def _roundtrip_load(
    host: str, port: int, requests: list[bytes], concurrency: int
) -> list[tuple[int, dict[str, str], bytes, float]]:
    """Send *requests*; ``(status, headers, body, seconds)`` of each, in order.

    Status 0: the connection failed (after one reconnect).
    """
    results: list[tuple[int, dict[str, str], bytes, float]] = [(0, {}, b"", 0.0)] * len(
        requests
    )
    queue = iter(enumerate(requests))

    async def worker() -> None:
        conn = None
        for i, raw in queue:
            t0 = time.perf_counter()
            got: tuple[int, dict[str, str], bytes] = (0, {}, b"")
            for _attempt in range(2):
                try:
                    if conn is None:
                        conn = await asyncio.open_connection(host, port)
                    got = await _exchange_full(conn, raw)
                    break
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    if conn is not None:
                        conn[1].close()
                    conn = None
            results[i] = (*got, time.perf_counter() - t0)
            if conn is not None and got[1].get("connection", "").lower() == "close":
                conn[1].close()
                conn = None
        if conn is not None:
            conn[1].close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


async def _exchange_full(
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], raw: bytes
) -> tuple[int, dict[str, str], bytes]:
    """Send one request; ``(status, headers, body)`` of the response.

    A request announcing a large body waits for ``100 Continue`` (as curl does)
    so a server that refuses it early can answer before the body is sent.
    """
    reader, writer = conn
    head_end = raw.index(b"\r\n\r\n") + 4
    expect = b"expect: 100-continue" in raw[:head_end].lower()
    writer.write(raw[:head_end] if expect else raw)
    await writer.drain()
    while True:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        if status != 100:
            break
        writer.write(raw[head_end:])
        await writer.drain()
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def _expected_reports(articles: list[dict], analyzer_names: list[str]) -> list[dict]:
    """What a sequential in-process run of the same pipeline reports."""
    import json

    from newscheck.ingest import article_from_text
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings

    pipeline = Pipeline(settings=Settings(analyzers=tuple(analyzer_names)))
    out = []
    for a in articles:
        report = pipeline.run(article_from_text(a["text"], title=a.get("title")))
        out.append(json.loads(report.model_dump_json()))
    return out


def _peak_rss_mb(pid: int) -> float:
    """Peak resident set (VmHWM) of process *pid* in MB (Linux)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _analyzer_failed(report: dict) -> bool:
    return any(
        w.startswith(f"{name} failed: ")
        for name in report.get("analyzers", {})
        for w in report.get("warnings", [])
    )


def mixed(args: argparse.Namespace) -> str:
    """The mixed load test; returns its Markdown block (also printed)."""
    import json
    import random

    import httpx

    n, c = args.requests, args.concurrency
    n_bad = round(n * 0.3)
    names = _analyzers()
    articles, source = _valid_articles(150)
    t0 = time.perf_counter()
    port = _free_port()
    host, url = "127.0.0.1", f"http://127.0.0.1:{port}"
    rng = random.Random(20250101)
    plan: list[tuple[str, int]] = [
        ("valid", i % len(articles)) for i in range(n - n_bad)
    ]
    plan += [(BAD_KINDS[i % len(BAD_KINDS)], -1) for i in range(n_bad)]
    rng.shuffle(plan)
    requests = [
        _request(host, port, json.dumps(articles[i]).encode())
        if kind == "valid"
        else _bad_request(kind, host, port)
        for kind, i in plan
    ]
    timed_out = False
    with tempfile.TemporaryDirectory(prefix="newscheck-bench-") as tmp:
        proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                *("--serve", str(port), f"{tmp}/bench.db"),
                *("--max-body-bytes", str(MIXED_MAX_BODY)),
            ]
        )
        try:
            expected = _expected_reports(articles, names)  # while the server starts
            seq_s = time.perf_counter() - t0
            _wait_healthy(proc, url)
            warm = {"text": BUILTIN_TEXTS[1]}  # first use of each analyzer
            httpx.post(url + "/v1/analyze", json=warm, timeout=60).raise_for_status()
            load_before = os.getloadavg()[0]
            start = time.perf_counter()
            try:
                results = asyncio.run(
                    asyncio.wait_for(
                        _roundtrip_load(host, port, requests, c), args.deadline
                    )
                )
            except TimeoutError:
                timed_out = True
                results = []
            wall = time.perf_counter() - start
            # every 200 must be stored: read each report id back
            served: dict[str, bytes] = {}
            for status, headers, body, _ in results:
                if status == 200 and "x-report-id" in headers:
                    served.setdefault(headers["x-report-id"], body)
            gets = [
                (
                    f"GET /v1/reports/{rid} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"
                ).encode()
                for rid in served
            ]
            got_back = asyncio.run(
                asyncio.wait_for(_roundtrip_load(host, port, gets, c), 60)
            )
            rss = _peak_rss_mb(proc.pid)
            load_after = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(10)

    by_kind: dict[str, dict[int, int]] = {}
    five_xx = conn_errors = valid_failed = mismatched = incomplete = 0
    examples: list[str] = []
    for (kind, i), (status, _headers, body, _) in zip(plan, results, strict=False):
        codes = by_kind.setdefault(kind, {})
        codes[status] = codes.get(status, 0) + 1
        five_xx += status >= 500
        conn_errors += status == 0 and kind != "body over the limit"
        if kind != "valid":
            if status >= 500 and len(examples) < 5:
                examples.append(f"{kind}: {status} {body[:160]!r}")
            continue
        if status != 200:
            valid_failed += 1
            if len(examples) < 5:
                examples.append(f"valid: {status} {body[:160]!r}")
            continue
        report = json.loads(body)
        if _analyzer_failed(report):
            incomplete += 1
            if len(examples) < 5:
                examples.append(f"valid: analyzer failed: {report['warnings'][:1]}")
            continue
        want = expected[i]
        if any(report.get(k) != want.get(k) for k in ("findings", "reliability")):
            mismatched += 1
    not_stored = sum(
        1
        for (rid, body), (status, _, back, _) in zip(
            served.items(), got_back, strict=True
        )
        if status != 200 or back != body
    )
    lat = sorted(r[3] for r in results)
    lat_valid = sorted(
        r[3] for (kind, _), r in zip(plan, results, strict=False) if kind == "valid"
    )

    def q(xs: list[float], p: float) -> float:
        return 1000 * xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")

    ok = not (
        timed_out or five_xx or conn_errors or valid_failed or incomplete
    ) and not (mismatched or not_stored)
    rows = [
        ("requests sent / answered", f"{n} / {len(results)} in {wall:.1f} s"),
        ("5xx answers", f"{five_xx}"),
        ("connection errors (not counting the over-limit body)", f"{conn_errors}"),
        ("valid requests not answered 200", f"{valid_failed}"),
        ("valid reports with an analyzer failure", f"{incomplete}"),
        (
            "valid reports whose findings differ from the sequential run",
            f"{mismatched}",
        ),
        (
            "200s not stored (GET /v1/reports/{id} not 200 or not the same bytes)",
            f"{not_stored} of {len(served)} distinct reports",
        ),
        (
            "latency p50 / p99, all requests",
            f"{q(lat, 0.5):.0f} / {q(lat, 0.99):.0f} ms",
        ),
        (
            "latency p50 / p99, valid requests",
            f"{q(lat_valid, 0.5):.0f} / {q(lat_valid, 0.99):.0f} ms",
        ),
        ("server peak RSS", f"{rss:.0f} MB"),
    ]
    kinds = "; ".join(
        f"{kind}: "
        + ", ".join(f"{code or 'conn. error'}×{k}" for code, k in sorted(codes.items()))
        for kind, codes in sorted(by_kind.items())
    )
    lines = [
        "## Mixed load with bad bodies (`--mixed`)",
        "",
        f"`POST /v1/analyze` over loopback: {n} requests at concurrency {c}, "
        f"{n_bad} of them bad ({', '.join(BAD_KINDS)}, in turn, shuffled), the "
        f"rest {len(articles)} distinct articles ({source}) sent "
        f"{(n - n_bad) / len(articles):.1f} times each on average; one uvicorn "
        f"worker, SQLite store, body limit {MIXED_MAX_BODY:,} bytes, rate limit "
        f"off. Expected reports: a sequential in-process run of the same "
        f"analyzers ({', '.join(names)}; {seq_s:.1f} s). 1-minute load average "
        f"{load_before:.1f} before, {load_after:.1f} after.",
        "",
        f"**{'PASS' if ok else 'FAIL'}**"
        + (" (load phase timed out)" if timed_out else ""),
        "",
        "| check | result |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in rows),
        "",
        f"Answers by request kind: {kinds}.",
    ]
    if examples:
        lines += ["", "First failures:", ""]
        lines += [f"- `{e}`" for e in examples]
    text = "\n".join(lines) + "\n"
    print(text)
    return text


def _write_block(path: Path, name: str, text: str) -> None:
    """Replace the block *name* of *path* with *text* (appended if missing)."""
    begin, end = f"<!-- begin {name} -->\n", f"<!-- end {name} -->\n"
    old = path.read_text() if path.exists() else ""
    if not old.startswith(TITLE):
        old = TITLE + "\n"
    block = begin + text + end
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + block
    path.write_text(new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--serve", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--max-body-bytes", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(HERE / "service.md"))
    ap.add_argument(
        "--mixed",
        action="store_true",
        help="run the mixed load test with bad bodies (defaults: 500 requests at "
        "concurrency 8)",
    )
    ap.add_argument(
        "--deadline", type=float, default=240.0, help="seconds allowed for --mixed"
    )
    args = ap.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.max_body_bytes)
        return
    if args.mixed:
        if "--requests" not in sys.argv:
            args.requests = 500
        if "--concurrency" not in sys.argv:
            args.concurrency = 8
        _write_block(Path(args.out), "mixed", mixed(args))
        return

    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="newscheck-bench-") as tmp:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), f"{tmp}/bench.db"]
        )
        try:
            _wait_healthy(proc, url)
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
        "## Throughput: cached and uncached requests",
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
        "Targets: zero errors; p99 ≤ 250 ms cached.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    _write_block(Path(args.out), "throughput", text)


if __name__ == "__main__":
    main()
