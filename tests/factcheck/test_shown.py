"""Only a fact-check a reader can act on is shown: one with a verdict or a link.

A match with neither stays in the JSON evidence (``"shown": false``); the
renderers, the summary line and the claims analyzer's counts leave it out.
"""

from __future__ import annotations

import pytest

from newscheck.analyzers.claims import ClaimsAnalyzer
from newscheck.article import Article
from newscheck.factcheck.index import Match
from newscheck.factcheck.verdicts import actionable
from newscheck.pipeline import Pipeline
from newscheck.renderers import render
from newscheck.renderers._common import NO_FACTCHECK, matches_of
from newscheck.report import Report

SENTENCE = "Unemployment fell to 3.5% in 2019, the lowest rate in fifty years."


def _match(
    claim: str,
    *,
    verdict: str | None,
    normalised: str,
    url: str | None,
    relation: str = "same",
) -> Match:
    return Match(
        claim=claim,
        verdict=verdict,
        normalised_verdict=normalised,
        publisher="Snopes" if url else None,
        date=None,
        url=url,
        similarity=0.9,
        source="checkthat2020",
        source_id=claim,
        relation=relation,
        acceptance=0.9,
    )


UNRATED = _match(
    "Unemployment hit a 50-year low.", verdict=None, normalised="other", url=None
)
RATED = _match(
    "Unemployment fell to 3.5%.", verdict="True", normalised="true", url=None
)
LINKED = _match(
    "Jobless rate fell to 3.5%.",
    verdict=None,
    normalised="other",
    url="https://checks.example/u",
)


class _Index:
    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches

    def __len__(self) -> int:
        return 1

    def search_many(self, texts: list[str], k: int) -> list[list[Match]]:
        return [self.matches for _ in texts]


def _report(matches: list[Match]) -> Report:
    analyzer = ClaimsAnalyzer.load(factcheck="off").use_index(_Index(matches))
    return Pipeline([analyzer]).run(Article(body=SENTENCE, title="Jobs"))


def test_actionable_needs_a_rating_or_a_link() -> None:
    assert not actionable(None, "other", None)
    assert not actionable(" ", "other", "")
    assert actionable("Legend", "other", None)  # a published rating
    assert actionable(None, "false", None)
    assert actionable(None, "other", "https://checks.example/c")
    assert [m.shown for m in (UNRATED, RATED, LINKED)] == [False, True, True]
    assert UNRATED.as_dict()["shown"] is False


def test_an_unrated_unlinked_match_stays_in_json_but_is_not_counted() -> None:
    report = _report([UNRATED])
    [claim] = report.findings_of("claim")
    [m] = claim.evidence["matches"]
    assert m["relation"] == "same" and m["shown"] is False
    fc = report.sections["claims"]["factcheck"]
    assert fc["matched_claims"] == 0 and fc["related_claims"] == 0
    assert matches_of(claim) == []


def test_counts_follow_the_shown_matches() -> None:
    report = _report([UNRATED, LINKED])
    fc = report.sections["claims"]["factcheck"]
    assert fc["matched_claims"] == 1
    [claim] = report.findings_of("claim")
    assert [m["claim"] for m in matches_of(claim)] == [LINKED.claim]


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_renderers_do_not_present_an_unactionable_match(fmt: str) -> None:
    out = " ".join(render(_report([UNRATED]), fmt).split())
    assert UNRATED.claim not in out
    assert "no verdict on record" not in out
    assert "Fact-checked" not in out
    assert out.count(NO_FACTCHECK) == 1
    shown = " ".join(render(_report([UNRATED, LINKED]), fmt).split())
    # the "no verdict on record" line is left for a same claim with a link
    assert "no verdict on record" in shown and LINKED.claim in shown
    assert UNRATED.claim not in shown and NO_FACTCHECK not in shown


def test_legacy_evidence_without_the_flag_is_judged_by_its_fields() -> None:
    report = _report([UNRATED, RATED])
    [claim] = report.findings_of("claim")
    legacy = [
        {k: v for k, v in m.items() if k != "shown"} for m in claim.evidence["matches"]
    ]
    old = claim.model_copy(update={"evidence": {**claim.evidence, "matches": legacy}})
    assert [m["claim"] for m in matches_of(old)] == [RATED.claim]


def test_search_command_says_an_unactionable_match_is_not_shown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from newscheck.cli import main

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"claim": SENTENCE}) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    runner = CliRunner()
    res = runner.invoke(main, ["factcheck", "import", str(path), "--db", db])
    assert res.exit_code == 0, res.output
    args = ["factcheck", "search", SENTENCE, "--db", db, "--no-default"]
    res = runner.invoke(main, [*args, "--threshold", "0"])
    assert res.exit_code == 0, res.output
    assert "not shown in reports: no verdict or link on record" in res.output
