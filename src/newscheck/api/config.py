"""Settings of the web service (``NEWSCHECK_SERVICE_*`` environment variables).

They sit beside :class:`newscheck.settings.Settings` (which holds what the
analysis itself needs) because only the server reads them.

Examples
--------
>>> ServiceSettings(rate_limit=0).rate_limit
0
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ServiceSettings"]


class ServiceSettings(BaseSettings):
    """Limits and switches of the HTTP service.

    Parameters
    ----------
    require_api_key
        Refuse ``/v1`` requests without a valid key (``Authorization: Bearer`` or
        ``X-API-Key``). A key that is sent is always checked.
    rate_limit
        Requests per minute per API key (per client address without a key);
        ``0`` turns rate limiting off. A key's own limit wins.
    auth_failures_per_minute
        Unknown or revoked keys a client address may send per minute; past
        that its requests with a key get 429 until the minute is over. ``0``
        turns the limit off.
    allowed_origins
        Origins (``https://host[:port]``) of other sites whose pages may send
        state-changing requests (POST) here; the server's own origin and
        clients that send no ``Origin`` (CLI, curl) are always allowed. From
        the environment as JSON: ``'["https://desk.example.org"]'``.
    max_body_bytes
        Largest request body accepted (uploads included).
    analyze_timeout
        Seconds allowed to analyse one article before the request gets 504.
    batch_max_rows
        Most rows in one uploaded batch file.
    migrate
        Run the database migrations when the app is created.
    """

    model_config = SettingsConfigDict(env_prefix="NEWSCHECK_SERVICE_", extra="forbid")

    require_api_key: bool = False
    rate_limit: int = Field(600, ge=0)
    auth_failures_per_minute: int = Field(10, ge=0)
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = Field(10_000_000, gt=0)
    analyze_timeout: float = Field(30.0, gt=0)
    batch_max_rows: int = Field(10_000, gt=0)
    migrate: bool = True
