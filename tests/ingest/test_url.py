"""The SSRF-safe fetcher, against a local http.server on 127.0.0.1."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newscheck.errors import FetchError, InputTooLargeError, UnsafeURLError
from newscheck.ingest import url as url_mod
from newscheck.ingest.url import Fetched, address_refusal, fetch
from newscheck.settings import Settings

PAGE = b"<html><head><title>T</title></head><body><p>Hello.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, ctype: str | None, body: bytes, **headers: str):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path
        if path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/text":
            self._send(200, "text/plain; charset=iso-8859-1", "café".encode("latin-1"))
        elif path == "/xhtml":
            self._send(200, "application/xhtml+xml", PAGE)
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        elif path == "/notype":
            self._send(200, None, b"hello")
        elif path == "/missing":
            self._send(404, "text/html", b"nope")
        elif path == "/host":
            self._send(200, "text/plain", self.headers.get("Host", "").encode())
        elif path == "/big-declared":
            self._send(200, "text/html", b"x" * 5000)
        elif path == "/big-stream":
            # No Content-Length: the body ends when the connection closes.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 1000)
        elif path == "/bomb":
            body = gzip.compress(b"z" * 200_000)
            self._send(200, "text/html", body, Content_Encoding="gzip")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE)
        elif path == "/drip":
            # Each read is quick, the whole body is slow: the overall deadline
            # must stop it, not the per-read timeout.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"d")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:  # the client gave up
                pass
        elif path == "/redirect":
            self._send(302, "text/html", b"", Location=query["to"][0])
        elif path == "/redirect-empty":
            self._send(302, "text/html", b"")
        elif path == "/loop":
            self._send(302, "text/html", b"", Location="/loop")
        else:
            self._send(404, "text/html", b"unknown")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def private() -> Settings:
    return Settings(allow_private=True, fetch_timeout=5)


def _fake_dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> list:
    """Resolve the names in *table* to the given addresses; record each lookup."""
    calls: list[str] = []
    real = url_mod._resolve

    def resolve(host: str, port: int, timeout: float) -> list[str]:
        calls.append(host)
        if host in table:
            return list(table[host])
        return real(host, port, timeout)

    monkeypatch.setattr(url_mod, "_resolve", resolve)
    return calls


# --- the happy path (loopback allowed explicitly) -------------------------------


def test_fetch_page_with_allow_private(server: str, private: Settings) -> None:
    page = fetch(f"http://{server}/page", settings=private)
    assert isinstance(page, Fetched)
    assert page.body == PAGE
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.url == f"http://{server}/page"


@pytest.mark.parametrize(
    ("path", "ctype"), [("/text", "text/plain"), ("/xhtml", "application/xhtml+xml")]
)
def test_fetch_accepted_content_types(
    server: str, private: Settings, path: str, ctype: str
) -> None:
    page = fetch(f"http://{server}{path}", settings=private)
    assert page.content_type == ctype


def test_fetch_reports_declared_charset(server: str, private: Settings) -> None:
    page = fetch(f"http://{server}/text", settings=private)
    assert page.encoding == "iso-8859-1"
    assert page.body.decode(page.encoding) == "café"


def test_fetch_follows_redirect_and_returns_final_url(
    server: str, private: Settings
) -> None:
    page = fetch(f"http://{server}/redirect?to=/page", settings=private)
    assert page.url == f"http://{server}/page"
    assert page.body == PAGE


# --- address rules -------------------------------------------------------------


def test_fetch_refuses_loopback_by_default(server: str) -> None:
    with pytest.raises(UnsafeURLError) as err:
        fetch(f"http://{server}/page", settings=Settings())
    msg = str(err.value)
    assert "127.0.0.1" in msg and "loopback" in msg and "\n" not in msg


def test_fetch_refuses_localhost_name(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    with pytest.raises(UnsafeURLError, match=r"localhost resolves to .*loopback"):
        fetch(f"http://localhost:{port}/page", settings=Settings())


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0x7f.1/",  # hex + short form
        "http://127.1/",  # short form
        "http://[::1]/",  # IPv6 loopback
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://[::]/",  # unspecified
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://[fc00::1]/",  # unique local
        "http://[fe80::1]/",  # link-local
        "http://169.254.1.1/",  # link-local
        "http://224.0.0.1/",  # multicast
        "http://[ff02::1]/",
        "http://240.0.0.1/",  # reserved
        "http://100.64.0.1/",  # shared address space (CGNAT)
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_fetch_refuses_non_public_addresses(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="refusing to fetch"):
        fetch(url, settings=Settings())


def test_fetch_refuses_octal_ip_form() -> None:
    # httpx rejects the octal dotted form outright; either way it is never fetched.
    with pytest.raises(FetchError):
        fetch("http://0177.0.0.1/", settings=Settings())


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./computeMetadata/v1/",
    ],
)
def test_fetch_refuses_metadata_even_with_allow_private(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="metadata"):
        fetch(url, settings=Settings(allow_private=True))


def test_fetch_refuses_if_any_resolved_address_is_private(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fake_dns(monkeypatch, {"mixed.test": ["93.184.215.14", "10.0.0.7"]})
    with pytest.raises(UnsafeURLError, match=r"mixed\.test resolves to 10\.0\.0\.7"):
        fetch("http://mixed.test/", settings=Settings())


def test_fetch_refuses_redirect_to_loopback(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An allowed first hop that redirects to loopback is refused at the redirect."""
    port = server.rsplit(":", 1)[1]
    calls = _fake_dns(monkeypatch, {"public.test": ["127.0.0.1"]})
    real = url_mod.address_refusal
    seen: list[str] = []

    def first_hop_is_public(ip, *, allow_private=False):  # type: ignore[no-untyped-def]
        seen.append(str(ip))
        if len(seen) == 1:  # pretend public.test's address is public
            return None
        return real(ip, allow_private=allow_private)

    monkeypatch.setattr(url_mod, "address_refusal", first_hop_is_public)
    target = f"http://127.0.0.1:{port}/page"
    with pytest.raises(UnsafeURLError, match="loopback"):
        fetch(f"http://public.test:{port}/redirect?to={target}", settings=Settings())
    assert calls == ["public.test", "127.0.0.1"]  # checked again on the redirect


def test_fetch_refuses_redirect_to_name_resolving_private(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dns(monkeypatch, {"intranet.test": ["10.0.0.8"]})
    # The first hop is the loopback server itself (allowed with allow_private for
    # the hop), so re-check every hop with the strict rules via a wrapper.
    real = url_mod.address_refusal
    hops: list[str] = []

    def rule(ip, *, allow_private=False):  # type: ignore[no-untyped-def]
        hops.append(str(ip))
        if str(ip) == "127.0.0.1":
            return None
        return real(ip, allow_private=False)

    monkeypatch.setattr(url_mod, "address_refusal", rule)
    with pytest.raises(UnsafeURLError, match=r"intranet\.test resolves to 10\.0\.0\.8"):
        fetch(
            f"http://{server}/redirect?to=http://intranet.test/x", settings=Settings()
        )
    assert hops == ["127.0.0.1", "10.0.0.8"]


def test_fetch_connects_to_the_checked_address(
    server: str, private: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection is pinned: a name only our resolver knows still connects,
    so httpx never resolves the name again (no DNS-rebinding window)."""
    port = server.rsplit(":", 1)[1]
    calls = _fake_dns(monkeypatch, {"pinned.invalid": ["127.0.0.1"]})
    page = fetch(f"http://pinned.invalid:{port}/host", settings=private)
    assert page.body.decode() == f"pinned.invalid:{port}"  # original Host header
    assert page.url == f"http://pinned.invalid:{port}/host"
    assert calls == ["pinned.invalid"]


def test_fetch_https_pins_ip_with_sni_and_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """For https the request goes to the checked IP, with the real name as SNI
    (which httpcore also uses to verify the certificate) and as Host."""
    _fake_dns(monkeypatch, {"news.example": ["93.184.215.14"]})
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)

    real_client = httpx.Client

    def client(**kwargs):  # type: ignore[no-untyped-def]
        return real_client(transport=httpx.MockTransport(handler), **kwargs)

    monkeypatch.setattr(url_mod.httpx, "Client", client)
    page = fetch("https://news.example/a?b=1", settings=Settings())
    (req,) = sent
    assert req.url.host == "93.184.215.14"
    assert req.url.path == "/a" and req.url.query == b"b=1"
    assert req.headers["host"] == "news.example"
    assert req.extensions["sni_hostname"] == "news.example"
    assert page.url == "https://news.example/a?b=1"


def test_fetch_unresolvable_host_is_fetch_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(host: str, port: int, timeout: float) -> list[str]:
        raise OSError(-2, "Name or service not known")

    monkeypatch.setattr(url_mod, "_resolve", fail)
    with pytest.raises(FetchError, match=r"cannot resolve nowhere\.test"):
        fetch("http://nowhere.test/", settings=Settings())


def test_address_refusal_allows_public() -> None:
    for addr in ("93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"):
        assert address_refusal(ipaddress.ip_address(addr)) is None


# --- scheme, status, content type, size, time ----------------------------------


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/", "gopher://x/", "not a url"]
)
def test_fetch_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url, settings=Settings(allow_private=True))


def test_fetch_http_error_status(server: str, private: Settings) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"http://{server}/missing", settings=private)


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/pdf", "content type application/pdf is not a web page"),
        ("/notype", "the response has no content type"),
    ],
)
def test_fetch_refuses_content_type(
    server: str, private: Settings, path: str, why: str
) -> None:
    with pytest.raises(FetchError, match=f": {why} \\(accepted") as got:
        fetch(f"http://{server}{path}", settings=private)
    assert "content type no content type" not in str(got.value)


@pytest.mark.parametrize("path", ["/big-declared", "/big-stream", "/bomb"])
def test_fetch_size_cap(server: str, path: str) -> None:
    settings = Settings(allow_private=True, fetch_max_bytes=4096)
    with pytest.raises(InputTooLargeError, match="4,096-byte fetch limit"):
        fetch(f"http://{server}{path}", settings=settings)


def test_fetch_timeout(server: str) -> None:
    settings = Settings(allow_private=True, fetch_timeout=0.3)
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"http://{server}/slow", settings=settings)


def test_fetch_deadline_covers_the_whole_body(server: str) -> None:
    settings = Settings(allow_private=True, fetch_timeout=0.5)
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"http://{server}/drip", settings=settings)


def test_fetch_ipv6_literal_with_allow_private() -> None:
    class _V6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    try:
        httpd = _V6(("::1", 0), _Handler)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        port = httpd.server_address[1]
        with pytest.raises(UnsafeURLError, match="::1"):
            fetch(f"http://[::1]:{port}/page", settings=Settings())
        page = fetch(f"http://[::1]:{port}/host", settings=Settings(allow_private=True))
        assert page.body.decode() == f"[::1]:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_too_many_redirects(server: str) -> None:
    settings = Settings(allow_private=True, fetch_max_redirects=2)
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"http://{server}/loop", settings=settings)


def test_fetch_redirect_without_location(server: str, private: Settings) -> None:
    with pytest.raises(FetchError, match="without a Location"):
        fetch(f"http://{server}/redirect-empty", settings=private)


def test_fetch_unreachable_port(private: Settings) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="unreachable") as err:
        fetch(f"http://127.0.0.1:{port}/", settings=private)
    assert not isinstance(err.value, UnsafeURLError)


def test_cli_analyze_refuses_loopback_url_in_one_line(server: str) -> None:
    from click.testing import CliRunner

    from newscheck.cli import main

    result = CliRunner().invoke(main, ["analyze", f"http://{server}/page"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "refusing to fetch" in lines[0]
    assert "127.0.0.1" in lines[0] and "--allow-private" in lines[0]
