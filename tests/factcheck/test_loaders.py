"""Readers, validation and the idempotent, transactional importer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newscheck.errors import InputError, StoreError, UnsupportedFormatError
from newscheck.factcheck.loaders import (
    ClaimRecord,
    Problem,
    import_records,
    make_record,
    read_csv,
    read_file,
    read_json,
    read_liar,
)
from newscheck.factcheck.schema import FactCheck
from newscheck.factcheck.store import read_all


def _rows(engine: Engine) -> int:
    with Session(engine) as s:
        return s.execute(select(func.count()).select_from(FactCheck)).scalar_one()


def test_import_jsonl_is_idempotent(engine: Engine, fixtures: Path):
    first = import_records(engine, read_file(fixtures / "claims.jsonl"))
    assert (first.inserted, first.updated, first.unchanged) == (10, 0, 0)
    again = import_records(engine, read_file(fixtures / "claims.jsonl"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 10)
    assert _rows(engine) == 10


def test_reimport_updates_a_changed_record(engine: Engine, fixtures: Path, tmp_path):
    import_records(engine, read_file(fixtures / "claims.jsonl"))
    changed = (fixtures / "claims.jsonl").read_text().replace('"Mixture"', '"False"')
    path = tmp_path / "changed.jsonl"
    path.write_text(changed)
    result = import_records(engine, read_file(path))
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 9)
    coffee = next(r for r in read_all(engine) if r.source_id == "coffee")
    assert (coffee.verdict, coffee.normalised_verdict) == ("False", "false")
    assert _rows(engine) == 10


def test_claimreview_bad_record_reported_with_line_rest_imported(
    engine: Engine, fixtures: Path
):
    items = list(read_json(fixtures / "claimreview.json"))
    problems = [p for _, p in items if isinstance(p, Problem)]
    assert len(problems) == 1
    assert problems[0].line == 13  # the object holding "last Tuesday" opens there
    assert "last Tuesday" in problems[0].message
    result = import_records(engine, items)
    assert result.inserted == 2
    assert len(result.problems) == 1
    rows = {r.source_id: r for r in read_all(engine)}
    cheese = rows["https://checks.example/reviews/moon-cheese"]
    assert cheese.claimant == "A. Farmer"
    assert cheese.publisher == "Example Checks"
    assert cheese.normalised_verdict == "pants-on-fire"
    assert cheese.date == dt.date(2021, 4, 1)
    bananas = rows["https://checks.example/reviews/rating-only"]
    assert bananas.verdict is None
    assert bananas.normalised_verdict == "true"  # from the numeric rating 5/5
    assert bananas.date == dt.date(2022, 1, 5)


def test_csv_bad_lines_reported_rest_imported(engine: Engine, fixtures: Path):
    items = list(read_csv(fixtures / "claims.csv"))
    problems = sorted((p.line, p.message) for _, p in items if isinstance(p, Problem))
    assert [line for line, _ in problems] == [3, 4]
    assert "claim is empty" in problems[0][1]
    assert "url must start with http" in problems[1][1]
    result = import_records(engine, items)
    assert result.inserted == 2
    wall = next(r for r in read_all(engine) if "Great Wall" in r.claim)
    assert (wall.claimant, wall.normalised_verdict) == ("Tour guide", "false")
    assert wall.source == "csv"


def test_google_fact_check_answer(tmp_path: Path):
    path = tmp_path / "google.json"
    path.write_text(
        '{"claims": [\n {"text": "Cats can see in total darkness.", "claimant": "X",\n'
        '  "claimDate": "2020-01-01T00:00:00Z", "claimReview": [\n'
        '   {"publisher": {"name": "Check A", "site": "a.example"},\n'
        '    "url": "https://a.example/cats", "title": "Can cats see in the dark?",\n'
        '    "reviewDate": "2020-02-02T00:00:00Z", "textualRating": "Mostly false",\n'
        '    "languageCode": "en"}]},\n'
        ' {"text": "", "claimReview": [{"url": "https://b.example/x"}]}\n]}\n'
    )
    items = list(read_json(path))
    recs = [r for _, r in items if isinstance(r, ClaimRecord)]
    problems = [p for _, p in items if isinstance(p, Problem)]
    assert [(r.publisher, r.normalised_verdict, r.date) for r in recs] == [
        ("Check A", "mostly-false", dt.date(2020, 2, 2))
    ]
    assert [(p.line, p.message) for p in problems] == [(8, "claim is empty")]


def test_invalid_json_is_reported_not_raised(tmp_path: Path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"claim": "ok one", "source_id": "1"}\n{"claim": \n')
    items = list(read_json(path))
    assert isinstance(items[0][1], ClaimRecord)
    assert isinstance(items[1][1], Problem) and items[1][0] == 2


def test_transaction_rolls_back_on_database_error(engine: Engine, fixtures: Path):
    def items():
        yield from read_file(fixtures / "claims.jsonl")
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        import_records(engine, items(), batch_size=3)
    assert _rows(engine) == 0  # the batches already written were rolled back


def test_database_error_becomes_store_error(tmp_path: Path):
    from newscheck.store import make_engine

    bad = tmp_path / "db"
    bad.mkdir()  # a directory, not a database file
    engine = make_engine(f"sqlite:///{bad}")
    with pytest.raises(StoreError):
        import_records(engine, [(1, make_record(source="s", claim="c"))])


def test_liar_reader(tmp_path: Path):
    path = tmp_path / "train.tsv"
    path.write_text(
        "2635.json\tfalse\tSays the Annies List group supports abortions.\tabortion\t"
        "dwayne-bohac\tState rep\tTexas\trepublican\t0\t1\t0\t0\t0\ta mailer\n"
        "too\tfew\n"
    )
    items = list(read_liar(path))
    rec = items[0][1]
    assert isinstance(rec, ClaimRecord)
    assert (rec.source, rec.source_id, rec.claimant) == ("liar", "2635", "Dwayne Bohac")
    assert (rec.verdict, rec.normalised_verdict, rec.publisher) == (
        "false",
        "false",
        "PolitiFact",
    )
    assert isinstance(items[1][1], Problem) and items[1][0] == 2


def test_make_record_derives_source_id_and_rejects_bad_values():
    rec = make_record(source="s", claim="  A   claim ", url="https://x.example/1")
    assert (rec.claim, rec.source_id) == ("A claim", "https://x.example/1")
    hashed = make_record(source="s", claim="A claim")
    assert hashed.source_id.startswith("sha1:")
    with pytest.raises(ValueError, match="normalised_verdict"):
        make_record(source="s", claim="c", normalised_verdict="kinda")
    with pytest.raises(ValueError, match="date"):
        make_record(source="s", claim="c", date="2020-13-45")


def test_read_file_rejects_unknown_extension(tmp_path: Path):
    path = tmp_path / "x.xml"
    path.write_text("<x/>")
    with pytest.raises(UnsupportedFormatError):
        read_file(path)


def test_csv_without_claim_column(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="claim"):
        list(read_csv(path))
