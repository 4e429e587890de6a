"""``newscheck serve``, ``newscheck keys …`` and ``newscheck db upgrade``."""

from __future__ import annotations

from typing import Any

import click

from newscheck.cli.app import main

__all__ = ["db", "keys", "serve"]


def _settings(database: str | None):  # type: ignore[no-untyped-def]
    from newscheck.settings import load_settings

    return load_settings(database_url=database)


_db_option = click.option(
    "--database",
    metavar="URL",
    help="SQLAlchemy URL of the store (default: NEWSCHECK_DATABASE_URL, else a "
    "SQLite file in the user data dir).",
)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port.",
)
@click.option(
    "--require-key/--no-require-key",
    default=None,
    help="Refuse /v1 requests without an API key (default: "
    "NEWSCHECK_SERVICE_REQUIRE_API_KEY, else off).",
)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=0),
    help="Requests per minute per key or client (0: off; default 600).",
)
@_db_option
def serve(
    host: str,
    port: int,
    require_key: bool | None,
    rate_limit: int | None,
    database: str | None,
) -> None:
    """Run the REST API and the web page.

    \b
    Examples:
      newscheck serve                       # http://127.0.0.1:8000/
      newscheck serve --host 0.0.0.0 --require-key
    """
    import uvicorn

    from newscheck.api import ServiceSettings, create_app

    overrides: dict[str, Any] = {
        k: v
        for k, v in {"require_api_key": require_key, "rate_limit": rate_limit}.items()
        if v is not None
    }
    app = create_app(_settings(database), service=ServiceSettings(**overrides))
    uvicorn.run(
        app,
        host=host,
        port=port,
        timeout_keep_alive=5,
        limit_concurrency=256,
        h11_max_incomplete_event_size=64 * 1024,
        server_header=False,
        log_level="info",
    )


@main.group()
def keys() -> None:
    """Manage API keys (stored hashed; a key is shown once, at creation)."""


@keys.command("create")
@click.option("--name", default="", help="Who the key is for.")
@click.option(
    "--rate-limit", type=click.IntRange(min=1), help="Requests per minute for this key."
)
@_db_option
def keys_create(name: str, rate_limit: int | None, database: str | None) -> None:
    """Create a key and print it (it cannot be shown again)."""
    from newscheck.store.keys import KeyStore

    created = KeyStore(_migrated(database)).create(name=name, rate_limit=rate_limit)
    click.echo(created.key)
    click.echo(
        f"prefix {created.prefix}: store the key now; only its hash is kept", err=True
    )


@keys.command("revoke")
@click.argument("prefix")
@_db_option
def keys_revoke(prefix: str, database: str | None) -> None:
    """Revoke the key with PREFIX (as shown by `keys list`) or the whole key."""
    from newscheck.errors import InputError
    from newscheck.store.keys import KeyStore

    if not KeyStore(_migrated(database)).revoke(prefix):
        raise InputError(f"no active key with prefix {prefix!r}")
    click.echo(f"revoked {prefix}")


@keys.command("list")
@_db_option
def keys_list(database: str | None) -> None:
    """List keys: prefix, name, rate limit, created, revoked."""
    from newscheck.store.keys import KeyStore

    for k in KeyStore(_migrated(database)).list():
        revoked = k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "-"
        click.echo(
            f"{k.prefix}\t{k.name or '-'}\t{k.rate_limit or '-'}\t"
            f"{k.created_at.isoformat(timespec='seconds')}\t{revoked}"
        )


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@_db_option
def db_upgrade(database: str | None) -> None:
    """Create or migrate the tables to the newest revision."""
    from newscheck.store.db import make_engine
    from newscheck.store.migrations import upgrade

    settings = _settings(database)
    revision = upgrade(make_engine(settings.resolved_database_url()))
    click.echo(f"database at revision {revision}")


def _migrated(database: str | None):  # type: ignore[no-untyped-def]
    from newscheck.store.db import make_engine
    from newscheck.store.migrations import upgrade

    engine = make_engine(_settings(database).resolved_database_url())
    upgrade(engine)
    return engine
