from __future__ import annotations

import threading

from newscheck.article import Article
from newscheck.pipeline import Pipeline
from newscheck.store.reports import ReportStore, report_id, versions_key


def _report(body: str = "Prices rose 5%. Wages did not."):
    return Pipeline(analyzers=()).run(Article(body=body, title="T"))


def test_reports_roundtrip_by_content_hash_and_versions(engine) -> None:
    store = ReportStore(engine)
    report = _report()
    key = versions_key({"style": "1"}, generator="newscheck test")
    rid = store.put(report, key)
    assert rid == report_id(report.content_hash, key)
    assert store.get(rid) == report
    assert store.find(report.content_hash, key) == report
    assert store.get_json(rid) == report.model_dump_json()


def test_reports_other_versions_are_a_cache_miss(engine) -> None:
    store = ReportStore(engine)
    report = _report()
    store.put(report, versions_key({"style": "1"}, generator="g"))
    assert (
        store.find(report.content_hash, versions_key({"style": "2"}, generator="g"))
        is None
    )
    assert store.get("f" * 32) is None


def test_reports_put_twice_keeps_one_row(engine) -> None:
    store = ReportStore(engine)
    report = _report()
    key = versions_key({}, generator="g")
    ids = []
    threads = [
        threading.Thread(target=lambda: ids.append(store.put(report, key)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1
    assert store.count() == 1


def test_reports_unicode_offsets_survive_storage(engine) -> None:
    store = ReportStore(engine)
    report = _report("Café 😀 prices rose 5%.\n\nNull-free ünïcode.")
    rid = store.put(report, "k" * 64)
    back = store.get(rid)
    assert back.article.body == report.article.body


def test_reports_read_with_an_owner_see_only_that_keys_reports(engine) -> None:
    from newscheck.store.keys import KeyStore

    keys = KeyStore(engine)
    a, b = (keys.verify(keys.create(name=n).key) for n in ("a", "b"))
    store = ReportStore(engine)
    report = _report()
    rid = store.put(report, "k" * 64, owner=a.id)
    assert store.get_json(rid, owner=a.id) == report.model_dump_json()
    assert store.get(rid, owner=a.id) == report
    assert store.get_json(rid, owner=b.id) is None
    assert store.get(rid, owner=b.id) is None
    assert store.get_json(rid) is not None  # no owner: unscoped
    assert store.grant(rid, b.id) is True
    assert store.grant(rid, b.id) is True  # twice: one row, no error
    assert store.get_json(rid, owner=b.id) is not None
    # the same content put again for b: still one report
    assert store.put(report, "k" * 64, owner=b.id) == rid
    assert store.count() == 1
    assert store.grant("f" * 32, a.id) is False  # nothing stored under that id


def test_reports_with_a_failed_analyzer_are_refused(engine) -> None:
    import pytest

    from newscheck.errors import StoreError
    from newscheck.store.reports import analyzer_failures

    report = _report().model_copy(
        update={
            "analyzers": {"style": {"version": "1"}, "numbers": {"version": "1"}},
            "warnings": ["numbers failed: ValueError: boom"],
        }
    )
    assert analyzer_failures(report) == ["numbers"]
    store = ReportStore(engine)
    with pytest.raises(StoreError, match="analyzers failed: numbers"):
        store.put(report, "k" * 64)
    assert store.count() == 0
