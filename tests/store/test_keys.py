from __future__ import annotations

import pytest
from sqlalchemy import select

from newscheck.errors import ConfigError
from newscheck.store.db import session_factory
from newscheck.store.keys import KeyStore, hash_key
from newscheck.store.models import ApiKeyRow


def test_keys_are_stored_hashed_only(engine) -> None:
    keys = KeyStore(engine)
    created = keys.create(name="desk", rate_limit=30)
    with session_factory(engine)() as s:
        rows = s.scalars(select(ApiKeyRow)).all()
    assert len(rows) == 1
    assert rows[0].key_hash == hash_key(created.key)
    assert created.key not in (rows[0].key_hash, rows[0].prefix, rows[0].name)
    assert created.key.startswith(f"nck_{created.prefix}_")


def test_keys_verify_and_revoke(engine) -> None:
    keys = KeyStore(engine)
    a = keys.create(name="a")
    b = keys.create(name="b")
    assert keys.verify(a.key).name == "a"
    assert keys.verify(a.key + "x") is None
    assert keys.verify("not-a-key") is None
    assert keys.revoke(a.prefix) is True
    assert keys.revoke(a.prefix) is False  # already revoked
    assert keys.verify(a.key) is None
    assert keys.verify(b.key).name == "b"
    assert keys.revoke(b.key) is True  # the full key works too
    assert [k.active for k in keys.list()] == [False, False]
    assert keys.count_active() == 0


def test_keys_reject_bad_rate_limit(engine) -> None:
    with pytest.raises(ConfigError):
        KeyStore(engine).create(rate_limit=0)
