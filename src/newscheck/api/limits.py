"""Request limits: body size (ASGI middleware), security headers, rate limits."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from newscheck.api.errors import RateLimitedError, error_body

__all__ = ["BodySizeLimit", "RateLimiter", "SecurityHeaders"]

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
