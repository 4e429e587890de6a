"""The on-disk index cache behind ``FactCheckIndex.open``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newscheck.factcheck import cache
from newscheck.factcheck import index as index_mod
from newscheck.factcheck.index import FactCheckIndex
from newscheck.factcheck.loaders import import_records, make_record, read_file


@pytest.fixture
def db(tmp_path: Path, fixtures: Path) -> str:
    """A SQLite database holding the 10 fixture claims."""
    from newscheck.store import make_engine

    url = f"sqlite:///{tmp_path / 'fc.db'}"
    engine = make_engine(url)
    import_records(engine, read_file(fixtures / "claims.jsonl"))
    engine.dispose()
    return url


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts index builds (one entry per call of ``build_arrays``)."""
    calls: list[int] = []
    real = index_mod.build_arrays

    def counting(rows, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        return real(rows, *args, **kwargs)

    monkeypatch.setattr(index_mod, "build_arrays", counting)
    return calls


def _open(db: str, cache_dir: Path) -> FactCheckIndex:
    return FactCheckIndex.open(url=db, default=False, cache_dir=cache_dir)


def _folder(cache_dir: Path) -> Path:
    (root,) = cache_dir.iterdir()
    (folder,) = [p for p in root.iterdir() if not p.name.startswith(".")]
    return folder


def _top(idx: FactCheckIndex, query: str) -> list[tuple[str, str, float]]:
    return [
        (m.source_id, m.verdict or "", m.similarity)
        for m in idx.search(query, k=3, threshold=0)
    ]


def test_open_is_lazy(tmp_path: Path, builds: list[int]):
    url = f"sqlite:///{tmp_path / 'absent' / 'fc.db'}"
    idx = FactCheckIndex.open(url=url, cache_dir=tmp_path / "cache")
    assert builds == []
    assert not (tmp_path / "absent").exists()
    assert not (tmp_path / "cache").exists()
    idx.close()


def test_cache_is_written_then_reused_without_rebuild(
    db: str, tmp_path: Path, builds: list[int]
):
    cache_dir = tmp_path / "cache"
    first = _open(db, cache_dir)
    expected = _top(first, "NASA faked the moon landing")
    assert builds == [10]
    folder = _folder(cache_dir)
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["n_docs"] == 10 and meta["key"] == folder.name
    assert {"ids.npy", "docs.npy", "vectors.npy"} <= {p.name for p in folder.iterdir()}

    again = _open(db, cache_dir)
    assert _top(again, "NASA faked the moon landing") == expected
    assert len(again) == 10
    assert builds == [10]  # loaded, not rebuilt
    # a plain view of the memory map (slicing a np.memmap itself is slow)
    assert isinstance(again.bm25_.docs_.base, np.memmap)
    assert sorted(again.source_ids) == sorted(r.source_id for r in first.rows)
    assert again.rows[0] == first.rows[0]
    assert again.search("moon", threshold=0, source="other") == []
    again.close()


def test_import_invalidates_the_cache(db: str, tmp_path: Path, builds: list[int]):
    from newscheck.store import make_engine

    cache_dir = tmp_path / "cache"
    assert len(_open(db, cache_dir)) == 10
    old = _folder(cache_dir).name
    engine = make_engine(db)
    import_records(
        engine,
        [
            (
                1,
                make_record(
                    source="demo",
                    source_id="penguins",
                    claim="Penguins can fly across the Atlantic ocean.",
                    verdict="False",
                ),
            )
        ],
    )
    engine.dispose()
    idx = _open(db, cache_dir)
    assert idx.search("penguins fly over the Atlantic", threshold=0)[0].source_id == (
        "penguins"
    )
    assert len(idx) == 11 and builds == [10, 11]
    assert _folder(cache_dir).name != old  # the stale cache was replaced


def test_rewritten_claim_invalidates_the_cache(
    db: str, tmp_path: Path, fixtures: Path, builds: list[int]
):
    from newscheck.store import make_engine

    cache_dir = tmp_path / "cache"
    _top(_open(db, cache_dir), "moon")
    engine = make_engine(db)
    records = [r for _, r in read_file(fixtures / "claims.jsonl")]
    moon = next(r for r in records if r.source_id == "moon")
    import_records(engine, [(1, replace(moon, claim="Zebras sing opera."))])
    engine.dispose()
    idx = _open(db, cache_dir)
    assert idx.search("zebras sing opera", threshold=0)[0].source_id == "moon"
    assert len(builds) == 2


@pytest.mark.parametrize(
    "damage",
    ["truncate-array", "garbage-meta", "missing-array", "wrong-shape"],
)
def test_damaged_cache_is_rebuilt(
    db: str, tmp_path: Path, builds: list[int], damage: str
):
    cache_dir = tmp_path / "cache"
    expected = _top(_open(db, cache_dir), "NASA faked the moon landing")
    folder = _folder(cache_dir)
    if damage == "truncate-array":
        data = (folder / "weights.npy").read_bytes()
        (folder / "weights.npy").write_bytes(data[: len(data) // 2])
    elif damage == "garbage-meta":
        (folder / "meta.json").write_text('{"format": 1, "key": ')
    elif damage == "missing-array":
        (folder / "vectors.npy").unlink()
    else:
        np.save(folder / "ids.npy", np.arange(3, dtype=np.int64))
    idx = _open(db, cache_dir)
    assert _top(idx, "NASA faked the moon landing") == expected
    assert len(builds) == 2
    # the rebuilt cache is sound: a third open does not build
    assert _top(_open(db, cache_dir), "NASA faked the moon landing") == expected
    assert len(builds) == 2


def test_cache_read_rejects_other_format(tmp_path: Path):
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "meta.json").write_text(json.dumps({"format": -1, "key": "k"}))
    with pytest.raises(cache.CacheError):
        cache.read(tmp_path, "k")
    with pytest.raises(cache.CacheError, match="no cache"):
        cache.read(tmp_path, "absent")


def test_cache_dir_false_writes_nothing(db: str, tmp_path: Path, builds: list[int]):
    idx = FactCheckIndex.open(url=db, default=False, cache_dir=False)
    assert len(idx) == 10
    idx2 = FactCheckIndex.open(url=db, default=False, cache_dir=False)
    assert len(idx2) == 10 and len(builds) == 2
    assert not (tmp_path / "xdg").exists()


def test_default_cache_lives_beside_a_sqlite_file(db: str, tmp_path: Path):
    assert len(FactCheckIndex.open(url=db, default=False)) == 10
    assert (tmp_path / "factcheck-index").is_dir()
    assert not (tmp_path / "xdg").exists()


def test_cache_root_of_other_databases_is_in_the_data_dir(tmp_path: Path):
    root = cache.cache_root("postgresql://u:secret@db.example/news")
    assert root.parent == tmp_path / "xdg" / "newscheck" / "factcheck-index"
    assert "secret" not in str(root)


def test_caches_of_the_same_content_coexist(tmp_path: Path) -> None:
    """The default and the contextual index of one database (two keys, one
    content) both stay; a write for new content removes both."""
    from newscheck.factcheck import cache as cache_mod

    arrays = {"ids": np.arange(3)}
    ctx = {**arrays, "ctx_vectors": np.zeros((3, 2), dtype=np.float16)}
    cache_mod.write(tmp_path, "static", arrays, {}, content=[3, 1, 7])
    cache_mod.write(tmp_path, "contextual", ctx, {}, content=[3, 1, 7])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contextual", "static"]
    meta = json.loads((tmp_path / "static" / "meta.json").read_text())
    assert meta["content"] == [3, 1, 7] and meta["key"] == "static"
    cache_mod.write(tmp_path, "newer", arrays, {}, content=[4, 1, 9])
    assert [p.name for p in tmp_path.iterdir()] == ["newer"]
    cache_mod.write(tmp_path, "unknown", arrays, {})  # no content: evicts the rest
    assert [p.name for p in tmp_path.iterdir()] == ["unknown"]


def test_an_older_cache_of_the_same_kind_is_removed(tmp_path: Path) -> None:
    """A matcher retrained (new key) over the same claims replaces its old
    copy instead of keeping one more full index per release."""
    from newscheck.factcheck import cache as cache_mod

    arrays = {"ids": np.arange(3)}
    ctx = {**arrays, "ctx_vectors": np.zeros((3, 2), dtype=np.float16)}
    cache_mod.write(tmp_path, "static-v1", arrays, {}, content=[3, 1, 7])
    cache_mod.write(tmp_path, "ctx-v1", ctx, {}, content=[3, 1, 7])
    cache_mod.write(tmp_path, "static-v2", arrays, {}, content=[3, 1, 7])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ctx-v1", "static-v2"]
    cache_mod.write(tmp_path, "ctx-v2", ctx, {}, content=[3, 1, 7])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ctx-v2", "static-v2"]
