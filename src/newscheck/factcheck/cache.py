"""The on-disk cache of a built fact-check index.

Building the index (BM25 postings and two embedding matrices) takes seconds; the
cache keeps it as plain ``.npy`` files plus one ``meta.json`` per database and
content, so a later process memory-maps it in milliseconds::

    <folder>/factcheck-index/<hash of the database URL>/<key>/
        meta.json        format, key, fingerprint, sizes, vocabulary, sources
        ids.npy          database primary key of each row
        idf.npy indptr.npy docs.npy weights.npy      BM25 postings
        vectors.npy title_vectors.npy                unit vectors (if used)
        ctx_vectors.npy ctx_title_vectors.npy        contextual ones (float16, if used)
        source_codes.npy sid_offsets.npy sid_blob.npy  source and source_id

*folder* is the folder of a SQLite database file (so a temporary database takes
its cache with it) and the user data dir for other databases. *key* hashes the
database fingerprint
(:func:`newscheck.factcheck.store.fingerprint`), the matcher's BM25 constants and
the embedding model, so an import that changes the claims makes a new key. A
cache is written into a temporary folder and renamed into place, so readers see
either a whole cache or none; a cache that fails its checks is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FORMAT", "CacheError", "cache_root", "read", "write"]

LOGGER = logging.getLogger(__name__)

#: Bumped whenever the layout or the meaning of a file changes.
FORMAT = 1

_ARRAYS = (
    "ids",
    "idf",
    "indptr",
    "docs",
    "weights",
    "source_codes",
    "sid_offsets",
    "sid_blob",
)
_DENSE = ("vectors", "title_vectors", "ctx_vectors", "ctx_title_vectors")
#: The meta.json entry that holds each dense array's width.
_DIM = {
    "vectors": "dim",
    "title_vectors": "dim",
    "ctx_vectors": "ctx_dim",
    "ctx_title_vectors": "ctx_dim",
}


class CacheError(Exception):
    """A cache folder that is missing, stale or damaged."""


def cache_root(url: str, base: str | Path | None = None) -> Path:
    """The cache folder of the database at *url* (its URL is hashed, not stored).

    Under *base* if given, else beside a SQLite file, else in the data dir.
    """
    if base is None:
        from sqlalchemy.engine import make_url

        from newscheck.settings import data_dir

        try:
            parsed = make_url(url)
            db = parsed.database if parsed.drivername.startswith("sqlite") else None
        except Exception:  # the engine reports bad URLs
            db = None
        if db and db != ":memory:" and not db.startswith("file:"):
            base = Path(db).expanduser().resolve().parent / "factcheck-index"
        else:
            base = data_dir() / "factcheck-index"
    return Path(base) / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def make_key(parts: dict[str, Any]) -> str:
    """A short stable hash of JSON-able *parts*."""
    blob = json.dumps({"format": FORMAT, **parts}, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:20]


def write(
    root: Path,
    key: str,
    arrays: dict[str, np.ndarray],
    meta: dict[str, Any],
    *,
    content: Any = None,
) -> Path:
    """Write a cache atomically under *root*/*key*; remove the caches of other
    keys, except one of the same database *content* (given) indexed for the
    other kind of matcher: the default tier's and the accurate tier's
    contextual index of the same claims both stay, so switching tiers does not
    rebuild, but an older copy of the same kind (a matcher since retrained) is
    removed."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
        meta = {**meta, "format": FORMAT, "key": key, "arrays": sorted(arrays)}
        if content is not None:
            meta["content"] = content
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        if final.exists():  # damaged (a sound one would have been read)
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.rename(tmp, final)
        except OSError:  # another process renamed its copy first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in root.iterdir():
        if old.name == key or old.name.startswith(".tmp-"):
            continue
        if (
            content is not None
            and _content(old) == content
            and _contextual(old) != ("ctx_vectors" in arrays)
        ):
            continue
        shutil.rmtree(old, ignore_errors=True)
    return final


def _contextual(folder: Path) -> bool | None:
    """Whether the cache in *folder* holds contextual vectors (``None``: unreadable)."""
    try:
        arrays = json.loads((folder / "meta.json").read_text(encoding="utf-8"))[
            "arrays"
        ]
        return "ctx_vectors" in arrays
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _content(folder: Path) -> Any:
    """The database content a cache folder was written for (``None`` if unknown)."""
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8")).get(
            "content"
        )
    except (OSError, ValueError, AttributeError):
        return None


def read(root: Path, key: str) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """``(arrays, meta)`` of the cache *root*/*key*, arrays memory-mapped.

    Raises
    ------
    CacheError
        If the cache is absent, of another format or key, or inconsistent.
    """
    folder = root / key
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CacheError("no cache") from exc
    except (OSError, ValueError) as exc:
        raise CacheError(f"unreadable meta.json: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CacheError("cache of another format")
    if meta.get("key") != key:
        raise CacheError("cache of another key")
    names = list(_ARRAYS) + [n for n in _DENSE if n in meta.get("arrays", ())]
    arrays: dict[str, np.ndarray] = {}
    try:
        for name in names:
            arrays[name] = np.load(
                folder / f"{name}.npy", mmap_mode="r", allow_pickle=False
            )
    except (OSError, ValueError, EOFError) as exc:
        raise CacheError(f"unreadable {name}.npy: {exc}") from exc
    _check(arrays, meta)
    return arrays, meta


def _check(a: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    try:
        n, n_terms = int(meta["n_docs"]), len(meta["vocabulary"])
        n_sources = len(meta["sources"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheError(f"incomplete meta.json: {exc}") from exc
    nnz = a["docs"].shape[0] if a["docs"].ndim == 1 else -1
    expect = {
        "ids": (n,),
        "idf": (n_terms,),
        "indptr": (n_terms + 1,),
        "weights": (nnz,),
        "source_codes": (n,),
        "sid_offsets": (n + 1,),
    }
    for name in _DENSE:
        if name in a:
            expect[name] = (n, int(meta.get(_DIM[name], -1)))
    for name, shape in expect.items():
        if a[name].shape != shape:
            raise CacheError(f"{name}.npy has shape {a[name].shape}, not {shape}")
    if (
        int(a["indptr"][-1]) != nnz
        or int(a["sid_offsets"][-1]) != a["sid_blob"].shape[0]
        or (nnz and int(a["docs"].max()) >= n)
        or (n and int(a["source_codes"].max()) >= n_sources)
    ):
        raise CacheError("inconsistent arrays")
