"""API keys, stored only as SHA-256 hashes.

A key looks like ``nck_<prefix>_<secret>``: the prefix (8 hex characters) is
stored in clear so people can list and revoke keys; the whole key is stored
only as its SHA-256 (keys are 160 random bits, so a fast hash is enough: there
is nothing to brute-force).

Examples
--------
>>> from newscheck.store.db import make_engine
>>> from newscheck.store.migrations import upgrade
>>> engine = make_engine("sqlite://")
>>> _ = upgrade(engine)
>>> keys = KeyStore(engine)
>>> created = keys.create(name="newsroom")
>>> keys.verify(created.key).name
'newsroom'
>>> keys.revoke(created.prefix)
True
>>> keys.verify(created.key) is None
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from newscheck.errors import ConfigError, StoreError
from newscheck.store.db import session_factory
from newscheck.store.models import ApiKeyRow, utcnow

__all__ = ["ApiKey", "CreatedKey", "KeyStore", "hash_key"]

_PREFIX = "nck_"


def hash_key(key: str) -> str:
    """The stored form of *key*."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as stored (never the key itself)."""

    id: int
    prefix: str
    name: str
    rate_limit: int | None
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A new key: ``key`` is shown once and never stored."""

    key: str
    prefix: str
    name: str


class KeyStore:
    """Create, verify, list and revoke API keys in the ``api_keys`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = session_factory(engine)

    def create(self, *, name: str = "", rate_limit: int | None = None) -> CreatedKey:
        """A new random key; only its hash is stored."""
        if rate_limit is not None and rate_limit <= 0:
            raise ConfigError("a key's rate limit must be a positive number per minute")
        prefix = secrets.token_hex(4)
        key = f"{_PREFIX}{prefix}_{secrets.token_urlsafe(20)}"
        row = ApiKeyRow(
            prefix=prefix, key_hash=hash_key(key), name=name, rate_limit=rate_limit
        )
        try:
            with self._session() as s, s.begin():
                s.add(row)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store the API key: {_first_line(exc)}") from exc
        return CreatedKey(key=key, prefix=prefix, name=name)

    def verify(self, key: str) -> ApiKey | None:
        """The active key matching *key*, or ``None``."""
        if not key.startswith(_PREFIX) or len(key) > 100:
            return None
        digest = hash_key(key)
        try:
            with self._session() as s:
                row = s.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == digest))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read API keys: {_first_line(exc)}") from exc
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.key_hash, digest):  # pragma: no cover
            return None
        return _public(row)

    def revoke(self, prefix: str) -> bool:
        """Revoke the key with *prefix* (or the full key); ``False`` if none active."""
        if prefix.startswith(_PREFIX):
            prefix = prefix[len(_PREFIX) :].split("_", 1)[0]
        try:
            with self._session() as s, s.begin():
                row = s.scalar(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix))
                if row is None or row.revoked_at is not None:
                    return False
                row.revoked_at = utcnow()
                return True
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot revoke the API key: {_first_line(exc)}") from exc

    def list(self) -> list[ApiKey]:
        """Every key, oldest first."""
        with self._session() as s:
            rows = s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id)).all()
            return [_public(r) for r in rows]

    def count_active(self) -> int:
        """Number of keys not revoked."""
        with self._session() as s:
            q = select(func.count()).select_from(ApiKeyRow)
            return int(s.scalar(q.where(ApiKeyRow.revoked_at.is_(None))) or 0)


def _public(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        prefix=row.prefix,
        name=row.name,
        rate_limit=row.rate_limit,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
