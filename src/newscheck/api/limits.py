"""Request limits: body size, cross-site posts and security headers (ASGI
middleware), rate limits and the limit on failed key attempts."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from newscheck.api.errors import RateLimitedError, error_body

__all__ = [
    "BodySizeLimit",
    "FailureLimiter",
    "OriginCheck",
    "RateLimiter",
    "SecurityHeaders",
    "cross_site",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Content-Security-Policy of every response: the page runs only its own script,
#: so even text that slipped into the DOM as markup could not execute.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class BodySizeLimit:
    """Refuse request bodies over *max_bytes* with 413 before the app reads them.

    The body is read here (at most ``max_bytes + 1`` bytes) and replayed to the
    app, so a missing or lying ``Content-Length`` cannot get past the limit.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reject(send, 400, "BadRequest", "invalid Content-Length")
                    return
                if declared > self.max_bytes:
                    await self._too_large(send)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {
                    "type": "http.request",
                    "body": b"".join(chunks),
                    "more_body": False,
                }
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await _reject(
            send,
            413,
            "RequestTooLarge",
            f"request body is larger than {self.max_bytes} bytes",
        )


#: Methods that change nothing: never checked for their origin.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class OriginCheck:
    """Refuse state-changing requests sent by other sites' pages with 403.

    A page on another site can make a browser post a form (a multipart
    ``/v1/batch`` upload, say) here, with the user's network position and
    cookies. Browsers say where such a request comes from (``Origin``,
    ``Sec-Fetch-Site``); see :func:`cross_site` for what is allowed.
    """

    def __init__(self, app: ASGIApp, *, allowed_origins: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = frozenset(_norm_origin(o) for o in allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = {
                name: value.decode("latin-1")
                for name, value in scope.get("headers", ())
                if name in (b"origin", b"sec-fetch-site", b"host")
            }
            if cross_site(
                headers.get(b"origin"),
                headers.get(b"sec-fetch-site"),
                headers.get(b"host"),
                self.allowed,
            ):
                await _reject(
                    send,
                    403,
                    "CrossSiteRequestError",
                    "cross-site requests are refused: send it from this server's "
                    "page or a client without an Origin header, or add the origin "
                    "to NEWSCHECK_SERVICE_ALLOWED_ORIGINS",
                )
                return
        await self.app(scope, receive, send)


def cross_site(
    origin: str | None,
    fetch_site: str | None,
    host: str | None,
    allowed: frozenset[str] = frozenset(),
) -> bool:
    """Whether a state-changing request must be refused as cross-site.

    Allowed: an *origin* in *allowed*, an *origin* equal to the server's own
    (*host*, the ``Host`` header), and requests without ``Origin`` (command-line
    clients) unless ``Sec-Fetch-Site`` says another site sent them.

    Examples
    --------
    >>> cross_site("http://127.0.0.1:8000", "same-origin", "127.0.0.1:8000")
    False
    >>> cross_site("https://evil.example", "cross-site", "127.0.0.1:8000")
    True
    >>> cross_site(None, None, "127.0.0.1:8000")  # curl
    False
    >>> cross_site("null", None, "127.0.0.1:8000")  # a sandboxed or opaque page
    True
    """
    if origin is None:
        return (fetch_site or "").strip().lower() in ("cross-site", "same-site")
    normed = _norm_origin(origin)
    if normed in allowed:
        return False
    return not _same_origin(normed, host)


def _norm_origin(origin: str) -> str:
    return origin.strip().lower().rstrip("/")


def _same_origin(origin: str, host: str | None) -> bool:
    """Whether *origin* (normalised) names the server the ``Host`` header names."""
    if not host or origin == "null":
        return False
    try:
        o = urlsplit(origin)
        h = urlsplit(f"{o.scheme}://{host.strip().lower()}")
        default = _DEFAULT_PORTS.get(o.scheme)
        return (
            default is not None
            and o.hostname is not None
            and o.hostname == h.hostname
            and (o.port or default) == (h.port or default)
        )
    except ValueError:  # a malformed port or address
        return False


async def _reject(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps(error_body(error, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add CSP, nosniff, no-referrer and frame-deny headers to every response."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimiter:
    """Token buckets per client: *per_minute* requests, bursts up to that many.

    Examples
    --------
    >>> rl = RateLimiter(per_minute=2, clock=lambda: 0.0)
    >>> rl.hit("k"); rl.hit("k")
    >>> try:
    ...     rl.hit("k")
    ... except RateLimitedError as e:
    ...     print(e.retry_after)
    30
    """

    MAX_CLIENTS = 50_000

    def __init__(
        self, *, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str, *, limit: int | None = None) -> None:
        """Take one token for *client*; raises :class:`RateLimitedError` if none."""
        per_minute = limit or self.per_minute
        if per_minute <= 0:
            return
        now = self._clock()
        rate = per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                wait = math.ceil((1.0 - tokens) / rate)
                raise RateLimitedError(
                    f"rate limit of {per_minute} requests per minute exceeded; "
                    f"retry in {wait} s",
                    retry_after=wait,
                )
            if len(self._buckets) >= self.MAX_CLIENTS and client not in self._buckets:
                self._buckets.clear()  # crude but bounded memory
            self._buckets[client] = (tokens - 1.0, now)


class FailureLimiter:
    """At most *per_minute* failures per client in any 60 seconds.

    :meth:`check` raises :class:`RateLimitedError` while a client is over the
    limit; :meth:`fail` records one failure. ``per_minute=0`` turns it off.

    Examples
    --------
    >>> now = [0.0]
    >>> fl = FailureLimiter(per_minute=2, clock=lambda: now[0])
    >>> fl.fail("ip"); now[0] = 10.0; fl.fail("ip"); fl.check("other")
    >>> try:
    ...     fl.check("ip")
    ... except RateLimitedError as e:
    ...     print(e.retry_after)
    50
    >>> now[0] = 60.5; fl.check("ip")  # the first failure has aged out
    """

    WINDOW_S = 60.0
    MAX_CLIENTS = 50_000

    def __init__(
        self, *, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise :class:`RateLimitedError` if *client* failed too often lately."""
        if self.per_minute <= 0:
            return
        now = self._clock()
        with self._lock:
            times = self._failures.get(client)
            if times is None:
                return
            while times and times[0] <= now - self.WINDOW_S:
                times.popleft()
            if not times:
                del self._failures[client]
                return
            if len(times) < self.per_minute:
                return
            wait = max(1, math.ceil(times[0] + self.WINDOW_S - now))
        raise RateLimitedError(
            f"too many invalid API keys from this address; retry in {wait} s",
            retry_after=wait,
        )

    def fail(self, client: str) -> None:
        """Record one failed attempt of *client*."""
        if self.per_minute <= 0:
            return
        now = self._clock()
        with self._lock:
            times = self._failures.get(client)
            if times is None:
                if len(self._failures) >= self.MAX_CLIENTS:
                    self._failures.clear()  # crude but bounded memory
                times = self._failures[client] = deque(maxlen=self.per_minute)
            times.append(now)
