"""HTTP-only errors and the one handler that turns every error into JSON.

Errors of :mod:`newscheck.errors` keep their own statuses
(:func:`newscheck.errors.http_status`); the classes here add the statuses only a
server needs. Every error response is ``{"error": <type>, "message": <one line>}``.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newscheck.errors import NewscheckError, UnsafeURLError, http_status, one_line

__all__ = [
    "ConflictError",
    "NotFoundError",
    "RateLimitedError",
    "ServiceTimeoutError",
    "UnauthorizedError",
    "UnavailableError",
    "api_message",
    "error_body",
    "install_handlers",
]

LOGGER = logging.getLogger(__name__)


class NotFoundError(NewscheckError):
    """The requested report, job or record does not exist."""

    http_status = 404


class UnauthorizedError(NewscheckError):
    """The API key is missing, unknown or revoked."""

    http_status = 401


class ConflictError(NewscheckError):
    """The resource is not in a state that allows the request (job not done)."""

    http_status = 409


class RateLimitedError(NewscheckError):
    """Too many requests for this key or client."""

    http_status = 429

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnavailableError(NewscheckError):
    """A feature needs a component that is not installed or not ready."""

    http_status = 503


class ServiceTimeoutError(NewscheckError):
    """The analysis took longer than the configured timeout."""

    http_status = 504


#: What an API user is told when the fetcher refuses an address. The fetcher's
#: own message names the resolved address (this server's view of DNS) and the
#: command-line switch that lifts the rule, neither of which helps over HTTP.
UNSAFE_URL_MESSAGE = (
    "refusing to fetch this URL: the server does not fetch private, loopback, "
    "link-local or cloud metadata addresses"
)


def error_body(error: str, message: str) -> dict[str, str]:
    """The JSON body of every error response."""
    return {"error": error, "message": one_line(message) or error}


def api_message(exc: NewscheckError) -> str:
    """The message an API user gets for *exc* (the CLI's, where it fits HTTP)."""
    if isinstance(exc, UnsafeURLError):
        return UNSAFE_URL_MESSAGE
    return str(exc)


def install_handlers(app: FastAPI) -> None:
    """Register the exception handlers on *app*."""

    @app.exception_handler(NewscheckError)
    async def _newscheck(request: Request, exc: NewscheckError) -> JSONResponse:
        status = http_status(exc)
        if status >= 500:
            LOGGER.warning("%s %s: %s", request.method, request.url.path, exc)
        headers = None
        if isinstance(exc, RateLimitedError):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, UnauthorizedError):
            headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse(
            error_body(type(exc).__name__, api_message(exc)),
            status_code=status,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(
        request: Request, exc: RequestValidationError
    ) -> JSONResponse:
        errors = exc.errors()
        if errors:
            first = errors[0]
            where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
            msg = f"{where}: {first.get('msg', 'invalid')}" if where else first["msg"]
        else:  # pragma: no cover
            msg = "invalid request"
        return JSONResponse(error_body("ValidationError", msg), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        name = {404: "NotFound", 405: "MethodNotAllowed"}.get(
            exc.status_code, "HTTPError"
        )
        return JSONResponse(
            error_body(name, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        LOGGER.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            error_body("InternalError", "internal error; the server log has details"),
            status_code=500,
        )
