"""Retrieval on the small shipped fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscheck.factcheck import FactCheckIndex, Match
from newscheck.factcheck.loaders import ClaimRecord, import_records, read_file


@pytest.fixture(scope="module")
def index() -> FactCheckIndex:
    path = Path(__file__).parent / "fixtures" / "claims.jsonl"
    records = [r for _, r in read_file(path) if isinstance(r, ClaimRecord)]
    return FactCheckIndex.from_records(records)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("The moon landings were staged by NASA in a studio", "moon"),
        ("MMR vaccines give kids autism, wake up people", "vaccine"),
        ("Trump said rock climbers tried his wall and it can't be climbed", "wall"),
        (
            "Wakanda is listed as a US free trade partner on the USDA website??",
            "wakanda",
        ),
        (
            "google featured a hoax article that claims Minecraft is shutting down",
            "minecraft",
        ),
        (
            "Iran's regime announced an $80 million bounty for the head of Trump",
            "bounty",
        ),
    ],
)
def test_paraphrase_finds_its_claim_first(
    index: FactCheckIndex, query: str, expected: str
):
    ranked = index.rank(query, 3)
    assert index.rows[ranked[0][0]].source_id == expected


def test_search_returns_full_matches(index: FactCheckIndex):
    matches = index.search("NASA faked the moon landing", k=3, threshold=0)
    assert isinstance(matches[0], Match)
    top = matches[0]
    assert (top.source_id, top.verdict, top.normalised_verdict) == (
        "moon",
        "Pants on Fire!",
        "pants-on-fire",
    )
    assert top.publisher == "Example Checks"
    assert top.url == "https://checks.example/moon"
    assert str(top.date) == "2019-07-20"
    assert 0 <= top.similarity <= 1
    sims = [m.similarity for m in matches]
    assert sims == sorted(sims, reverse=True)
    assert top.as_dict()["date"] == "2019-07-20"


def test_threshold_hides_weak_matches(index: FactCheckIndex):
    query = "NASA faked the moon landing"
    all_ = index.search(query, k=10, threshold=0)
    assert len(all_) >= 1
    assert index.search(query, k=10, threshold=1.01) == []
    cut = all_[0].similarity
    assert all(m.similarity >= cut for m in index.search(query, k=10, threshold=cut))


def test_unrelated_text_has_no_match_above_calibrated_threshold(index: FactCheckIndex):
    assert index.search("The orchestra rehearsed Brahms on a quiet evening") == []


def test_rank_scores_decrease_and_respect_k(index: FactCheckIndex):
    ranked = index.rank("the president and the wall and the moon and coffee", 4)
    assert 1 <= len(ranked) <= 4
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_no_lexical_overlap_gives_nothing(index: FactCheckIndex):
    assert index.rank("zzzz qqqq", 5) == []
    assert index.search("", k=5, threshold=0) == []


def test_source_filter(index: FactCheckIndex):
    assert index.search("moon landing", threshold=0, source="other") == []


def test_open_builds_from_the_database(engine, fixtures: Path):
    import_records(engine, read_file(fixtures / "claims.jsonl"))
    idx = FactCheckIndex.from_engine(engine)
    assert len(idx) == 10
    assert (
        idx.search("Minecraft shut down 2020", threshold=0)[0].source_id == "minecraft"
    )
