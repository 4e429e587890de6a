"""Extra candidates by the static vectors' cosine (``Matcher.static_dense``)."""

from __future__ import annotations

from pathlib import Path

from newscheck.factcheck import FactCheckIndex
from newscheck.factcheck.index import Matcher
from newscheck.factcheck.loaders import ClaimRecord, make_record


def _records() -> list[ClaimRecord]:
    return [
        make_record(source="demo", source_id="1", claim="The moon landing was faked."),
        make_record(source="demo", source_id="2", claim="Coffee cures cancer."),
        make_record(
            source="demo", source_id="3", claim="A vaccine causes autism in children."
        ),
        make_record(
            source="other", source_id="4", claim="Drinking bleach kills viruses."
        ),
    ]


def _matcher(static_dense: int = 0) -> Matcher:
    return Matcher(
        features=("bm25_rel", "cos", "cos_gap"),
        weights=(0.5, 8.0, 1.0),
        bias=-6.0,
        threshold=0.0,
        candidates=10,
        static_dense=static_dense,
    )


QUERY = "a cup of java every morning is a remedy for tumours"  # no word of claim 2


def test_static_dense_candidates_find_a_claim_without_shared_words():
    plain = FactCheckIndex.from_records(_records(), matcher=_matcher())
    assert "2" not in [plain.rows[i].source_id for i, _ in plain.rank(QUERY)]
    fused = FactCheckIndex.from_records(_records(), matcher=_matcher(static_dense=1))
    ranked = [fused.rows[i].source_id for i, _ in fused.rank(QUERY)]
    assert ranked[:1] == ["2"]
    # the batched path finds the same
    batched = fused.rank_many([QUERY])[0]
    assert [fused.rows[i].source_id for i, _ in batched] == ranked


def test_static_dense_candidates_respect_the_source_filter():
    fused = FactCheckIndex.from_records(_records(), matcher=_matcher(static_dense=2))
    only = [fused.rows[i].source for i, _ in fused.rank(QUERY, source="other")]
    assert only and set(only) <= {"other"}


def test_matcher_json_roundtrip_keeps_static_dense(tmp_path: Path):
    m = _matcher(static_dense=7)
    m.save(tmp_path / "m.json")
    assert Matcher.load(tmp_path / "m.json") == m
