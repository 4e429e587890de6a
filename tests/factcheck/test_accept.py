"""Acceptance of matches: the same claim, or a related one with its differences."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscheck.analyzers.claims import ClaimsAnalyzer
from newscheck.cli import main
from newscheck.factcheck.accept import (
    ACCEPT_FEATURES,
    Acceptor,
    compare,
    default_acceptor,
    figures,
)
from newscheck.factcheck.index import FactCheckIndex, Match
from newscheck.factcheck.loaders import make_record


def test_figures_read_scales_words_and_skip_plurals() -> None:
    got = [(f.text, f.value) for f in figures("3 million jobs, tens of them, $5bn")]
    assert got == [("3 million", 3e6), ("5bn", 5e9)]
    assert [f.year for f in figures("in 2009, 2,009 people")] == [True, False]


def test_differences_name_the_figure_year_and_polarity() -> None:
    assert compare(
        "The stimulus created 3 million jobs", "The stimulus created zero jobs."
    ).differences == ["different figure: 3 million vs zero"]
    # one shared figure does not hide a changed one
    assert compare(
        "93 percent of doctors accept Medicaid, down from 67 percent",
        "31 percent of doctors accept Medicaid, down from 67 percent",
    ).differences == ["different figure: 93 percent vs 31 percent"]
    assert compare("Taxes rose in 2012.", "Taxes rose in 2014.").differences == [
        "different year: 2012 vs 2014"
    ]
    assert compare(
        "Obama did not release 122 detainees.", "Obama released 122 detainees."
    ).differences == ["opposite polarity"]
    same = compare(
        "The bill costs $5 billion.", "The bill will cost 5 billion dollars."
    )
    assert same.differences == []
    assert same.features["num_shared"] == 1.0


def test_claimant_names_are_not_extra_names() -> None:
    q = "Gwen Moore said that deaths from domestic violence are at a high."
    c = "Deaths from domestic violence are at a high."
    assert compare(q, c).features["ent_query_extra"] > 0
    assert compare(q, c, claimant="Gwen Moore").features["ent_query_extra"] == 0


def test_a_hard_difference_makes_a_match_related_whatever_its_probability() -> None:
    always = Acceptor(weights=(0.0,) * len(ACCEPT_FEATURES), bias=10.0, fitted=True)
    a = always.assess("The stimulus created 3 million jobs", "It created zero jobs", 1)
    assert a.relation == "related" and a.acceptance > 0.99
    assert a.differences == ["different figure: 3 million vs zero"]
    b = always.assess("The stimulus created no new jobs", "It created no new jobs", 1)
    assert b.relation == "same"


def test_acceptor_round_trips(tmp_path: Path) -> None:
    acc = Acceptor(
        weights=tuple(float(i) for i in range(len(ACCEPT_FEATURES))),
        bias=-1.5,
        threshold=0.6,
        fitted=True,
    )
    acc.save(tmp_path / "a.json")
    back = Acceptor.load(tmp_path / "a.json")
    assert back.weights == acc.weights and back.threshold == 0.6 and back.fitted


def test_shipped_model_separates_a_paraphrase_from_a_changed_figure() -> None:
    acc = default_acceptor()
    assert acc.fitted and 0 < acc.threshold < 1
    idx = FactCheckIndex.from_records(
        [
            make_record(
                source="demo",
                source_id="1",
                claim="The stimulus created zero jobs.",
                verdict="Pants on Fire!",
            ),
            make_record(
                source="demo",
                source_id="2",
                claim="Barack Obama released 122 Guantanamo detainees.",
                verdict="False",
            ),
            make_record(source="demo", source_id="3", claim="Coffee cures cancer."),
        ],
        contextual=False,
    )
    [m] = idx.search("Critics said the stimulus created 3 million jobs", 1, threshold=0)
    assert m.source_id == "1" and m.relation == "related"
    assert m.differences == ("different figure: 3 million vs zero",)
    [m] = idx.search(
        "Posts claimed that Barack Obama released 122 Guantanamo detainees.",
        1,
        threshold=0,
    )
    assert m.source_id == "2" and m.relation == "same"
    assert m.acceptance is not None and m.acceptance >= acc.threshold
    d = m.as_dict()
    assert d["relation"] == "same" and d["differences"] == []


class _Index:
    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches

    def __len__(self) -> int:
        return 1

    def search_many(self, texts: list[str], k: int) -> list[list[Match]]:
        return [self.matches for _ in texts]


def _match(claim: str, relation: str, similarity: float) -> Match:
    return Match(
        claim=claim,
        verdict="False",
        normalised_verdict="false",
        publisher="Snopes",
        date=None,
        url="https://checks.example/x",
        similarity=similarity,
        source="demo",
        source_id=claim,
        relation=relation,
        acceptance=0.9 if relation == "same" else 0.1,
        differences=() if relation == "same" else ("opposite polarity",),
    )


def test_claims_evidence_lists_the_same_claim_first_with_the_display_keys() -> None:
    analyzer = ClaimsAnalyzer()
    index = _Index([_match("related one", "related", 0.9), _match("same", "same", 0.8)])
    [found] = analyzer._matches(index, ["a sentence"])
    assert [d["claim"] for d in found] == ["same", "related one"]
    assert set(found[0]) == {
        "claim",
        "verdict",
        "normalised_verdict",
        "publisher",
        "date",
        "url",
        "similarity",
        "relation",
        "acceptance",
        "differences",
        "shown",
    }
    assert found[1]["relation"] == "related"
    assert found[1]["differences"] == ["opposite polarity"]


def test_search_command_says_related_and_how_it_differs(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rec = {"claim": "The stimulus created zero jobs.", "verdict": "Pants on Fire!"}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    runner = CliRunner()
    res = runner.invoke(main, ["factcheck", "import", str(path), "--db", db])
    assert res.exit_code == 0, res.output
    args = ["factcheck", "search", "The stimulus created 3 million jobs"]
    res = runner.invoke(main, [*args, "--db", db, "--no-default", "--threshold", "0"])
    assert res.exit_code == 0, res.output
    assert "related, not the same claim" in res.output
    assert "different figure: 3 million vs zero" in res.output
