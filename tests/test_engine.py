"""The one batch engine: the local job, Dask partitions and API jobs all read and
analyse rows through :mod:`newscheck.engine`, and give the same rows."""

from __future__ import annotations

import json
import time
import warnings
from typing import Any

import pandas as pd
import pytest

from newscheck import engine
from newscheck.api.jobs import JobStore, parse_upload
from newscheck.batch import run_batch
from newscheck.errors import EmptyInputError
from newscheck.ingest.corpus import Columns
from newscheck.settings import Settings

CSV = (
    "id,title,text\n"
    'a,Budget,"The council approved the $48 million budget on Tuesday, '
    'officials said."\n'
    "b,Shock,SHOCKING!!! The corrupt elite don't want you to know the truth!\n"
    "c,Empty,\n"
    'd,Bridges,"Nearly 7 percent of bridges were rated poor, up from 5 percent."\n'
)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the engine functions called, in order."""
    calls: list[str] = []
    for name in ("read_rows", "analyze_items", "analyze_each"):
        real = getattr(engine, name)

        def wrapped(*args: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(engine, name, wrapped)
    return calls


def test_local_batch_runs_through_the_engine(tmp_path, spy) -> None:
    src = tmp_path / "in.csv"
    src.write_text(CSV)
    run_batch(src, tmp_path / "out.jsonl", workers=1, chunk_size=2)
    assert spy == ["read_rows", "analyze_items"] * 2


def test_dask_partition_runs_through_the_engine(tmp_path, spy) -> None:
    from newscheck.scale import _process_partition

    frame = pd.DataFrame(
        [{"id": "a", "title": "T", "text": "Costs rose 300% in a year."}]
    )
    cols = Columns().resolve(["id", "title", "text"], source="x")
    n, errors = _process_partition(
        frame, 0, 0, str(tmp_path), cols, Settings().model_dump_json(), None
    )
    assert (n, errors) == (1, 0)
    assert spy == ["read_rows", "analyze_items"]


def test_api_job_runs_through_the_engine(tmp_path, spy) -> None:
    from newscheck.store.db import make_engine
    from newscheck.store.migrations import upgrade

    items = parse_upload(
        CSV.encode(), filename="x.csv", max_rows=10, max_article_bytes=10_000
    )
    assert spy == ["read_rows"]
    db = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    upgrade(db)
    store = JobStore(db)
    job = store.create(len(items))

    def analyze(article: Any) -> tuple[str, str, bool]:
        if article.title == "Shock":
            raise ValueError("boom\nsecond line")
        return "r-" + article.title, json.dumps({"title": article.title}), False

    store.run(job, items, analyze)
    assert spy == ["read_rows", "analyze_each"]
    row = store.get(job)
    assert row is not None and (row.status, row.done, row.failed) == ("done", 2, 2)
    lines = [json.loads(line) for line in (row.result or "").splitlines()]
    assert [line["row"] for line in lines] == [0, 1, 2, 3]
    assert lines[0] == {
        "row": 0,
        "id": "a",
        "report_id": "r-Budget",
        "cached": False,
        "report": {"title": "Budget"},
    }
    # an unexpected failure is an error row of one line, not a lost row
    assert lines[1]["error"] == {
        "error": "InternalError",
        "message": "ValueError: boom second line",
    }
    assert lines[2]["error"]["error"] == "EmptyInputError"


def test_an_analysis_that_fails_as_a_whole_fails_every_article() -> None:
    cols = Columns().resolve(["text"], source="x")
    items = engine.read_rows(
        [{"text": "One."}, {"text": ""}, {"text": "Two."}],
        cols,
        base=10,
        max_bytes=1000,
    )
    assert [(i.row, i.id, i.id_given) for i in items] == [
        (10, "10", False),
        (11, "11", False),
        (12, "12", False),
    ]

    def broken(articles: list[Any]) -> list[Any]:
        raise EmptyInputError("nothing to analyse")

    got = engine.analyze_items(items, broken)
    assert [o.item.row for o in got] == [10, 11, 12]
    assert all(o.value is None and o.error is not None for o in got)
    assert {o.error.kind for o in got if o.error} == {"EmptyInputError"}
    # an internal error names its row in a batch output row
    err = engine.RowError.of(KeyError("x"), 12)
    assert (err.internal, err.text(12)) == (True, "row 12: KeyError: 'x'")


def _api_rows(tmp_path, data: bytes) -> list[dict[str, Any]]:
    from newscheck.api import ServiceSettings, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}")
    app = create_app(settings, service=ServiceSettings())
    with TestClient(app, raise_server_exceptions=False) as client:
        resp = client.post("/v1/batch", files={"file": ("in.csv", data)})
        assert resp.status_code == 202, resp.text
        for _ in range(2000):
            status = client.get(resp.json()["status_url"]).json()
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert status["status"] == "done", status
        text = client.get(resp.json()["result_url"]).text
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.slow
def test_local_dask_and_api_give_the_same_rows(tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    import pyarrow.parquet as pq

    from newscheck.scale import run_dask_batch

    src = tmp_path / "in.csv"
    src.write_text(CSV)
    run_batch(src, tmp_path / "local.jsonl")
    local = [json.loads(x) for x in (tmp_path / "local.jsonl").read_text().splitlines()]
    run_dask_batch(src, tmp_path / "dask", workers=1, memory_limit="1GiB")
    dask = sorted(pq.read_table(tmp_path / "dask").to_pylist(), key=lambda r: r["row"])
    for r in dask:
        for f in r["findings"]:
            f["evidence"] = json.loads(f["evidence"])
    api = _api_rows(tmp_path, CSV.encode())

    assert [r["row"] for r in local] == [r["row"] for r in dask] == [0, 1, 2, 3]
    assert [r["id"] for r in local] == [r["id"] for r in dask] == ["a", "b", "c", "d"]
    assert [r["id"] for r in api] == ["a", "b", "c", "d"]
    assert any(r["findings"] for r in local)
    for mine, theirs, served in zip(local, dask, api, strict=True):
        assert mine == {k: v for k, v in theirs.items() if k != "partition"}
        if mine["error"] is None:
            assert served["report"]["findings"] == mine["findings"]
        else:
            assert served["error"]["message"] == mine["error"]
