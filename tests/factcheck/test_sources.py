"""Sources of the fact-check database: the store query, the CLI and the API."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from newscheck.cli import main
from newscheck.factcheck.loaders import import_records, make_record
from newscheck.factcheck.store import DEFAULT_CLAIMS, sources


def _fill(engine: Engine) -> None:
    recs = [
        make_record(
            source="demo",
            source_id="1",
            claim="A bridge cost 2 billion.",
            verdict="False",
            url="https://checks.example/bridge",
            date="2020-01-02",
        ),
        make_record(source="demo", source_id="2", claim="Coffee cures cancer."),
        make_record(source="other", source_id="a", claim="Cats can fly."),
    ]
    import_records(engine, [(i, r) for i, r in enumerate(recs, 1)])


def test_sources_counts_entries_verdicts_links_dates(engine: Engine) -> None:
    _fill(engine)
    assert sources(engine) == [
        {
            "source": "demo",
            "entries": 2,
            "with_verdict": 1,
            "with_link": 1,
            "with_date": 1,
        },
        {
            "source": "other",
            "entries": 1,
            "with_verdict": 0,
            "with_link": 0,
            "with_date": 0,
        },
    ]


def test_sources_command_lists_counts(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'src.db'}"
    from newscheck.store import make_engine

    eng = make_engine(db)
    _fill(eng)
    eng.dispose()
    runner = CliRunner()
    res = runner.invoke(
        main, ["factcheck", "sources", "--db", db, "--no-default", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    assert [r["source"] for r in json.loads(res.output)] == ["demo", "other"]
    res = runner.invoke(main, ["factcheck", "sources", "--db", db, "--no-default"])
    assert res.exit_code == 0, res.output
    assert "demo" in res.output and "50.0%" in res.output


def test_shipped_claims_carry_verdicts_links_and_several_publishers() -> None:
    """The shipped file: Snopes ratings joined onto the vclaims, and the added
    multi-publisher sources with a verdict and a link on every entry."""
    import lzma

    with lzma.open(DEFAULT_CLAIMS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    by_source: dict[str, list[dict]] = {}
    for r in rows:
        by_source.setdefault(r["source"], []).append(r)
    assert {"checkthat2020", "liar", "snopes", "averitec", "coaid"} <= set(by_source)
    vclaims = by_source["checkthat2020"]
    assert len(vclaims) == 10375  # the benchmark's candidate set is unchanged
    rated = [r for r in vclaims if r.get("verdict")]
    assert len(rated) / len(vclaims) > 0.55
    assert all(r.get("url", "").startswith("https://www.snopes.com/") for r in rated)
    for name in ("snopes", "averitec", "coaid"):
        assert all(r.get("verdict") and r.get("url") for r in by_source[name])
    assert len({r.get("publisher") for r in by_source["averitec"]}) >= 30
    texts = [" ".join(r["claim"].lower().split()) for r in rows]
    assert len(set(texts)) > 0.99 * len(texts)


def test_api_lists_factcheck_sources(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from newscheck.api import ServiceSettings, create_app
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings
    from newscheck.store import make_engine

    url = f"sqlite:///{tmp_path / 'api.db'}"
    eng = make_engine(url)
    _fill(eng)
    eng.dispose()
    settings = Settings(database_url=url)
    app = create_app(
        settings,
        service=ServiceSettings(),
        pipeline=Pipeline([], settings=settings),
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        resp = client.get("/v1/factchecks/sources")
    assert resp.status_code == 200, resp.text
    got = {r["source"]: r for r in resp.json()["sources"]}
    assert got["demo"]["entries"] == 2 and got["demo"]["with_link"] == 1
    assert "snopes" in got  # the shipped claims were loaded on first use


def test_a_database_of_an_older_release_gets_the_new_sources(engine: Engine) -> None:
    from newscheck.factcheck.store import ensure_default

    old = make_record(source="liar", source_id="1", claim="Taxes went up.")
    import_records(engine, [(1, old)])
    result = ensure_default(engine)
    assert result is not None and result.inserted > 20_000
    assert {"snopes", "averitec", "coaid"} <= {r["source"] for r in sources(engine)}
    assert ensure_default(engine) is None  # complete now: nothing to do
