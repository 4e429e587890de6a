"""The combined verdict: content score plus source rating and fact-checks."""

from __future__ import annotations

import math

import pytest

from newscheck.article import Article
from newscheck.pipeline import Pipeline
from newscheck.verdict import (
    FACTCHECK_WEIGHT,
    SOURCE_WEIGHT,
    combine,
    source_evidence,
)

LOW = {"factuality": {"value": "low", "list": "baly-acl2020"}}
HIGH = {"factuality": {"value": "high", "list": "baly-emnlp18"}}
FAKE = {"types": {"value": ["bias", "fake"], "list": "opensources"}}
BIAS_ONLY = {"bias": {"value": "left", "list": "baly-emnlp18"}}


class _Claim:
    kind = "claim"
    text = "The moon is made of cheese."

    def __init__(self, verdict: str) -> None:
        self.evidence = {
            "matches": [
                {
                    "normalised_verdict": verdict,
                    "verdict": verdict,
                    "publisher": "Snopes",
                    "claim": "Moon made of cheese",
                    "similarity": 0.9,
                }
            ]
        }


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


@pytest.mark.parametrize(
    ("rating", "s"),
    [(LOW, 1), (HIGH, -1), (FAKE, 1), (BIAS_ONLY, 0), ("unrated", 0)],
)
def test_source_evidence_sign(rating, s) -> None:
    assert source_evidence(rating)[0] == s


def test_no_content_score_no_verdict() -> None:
    assert combine({"source": {"rating": LOW}}, []) is None


def test_content_alone_keeps_the_content_score() -> None:
    v = combine({"reliability": {"score": 0.3, "model": "article"}}, [])
    assert v["score"] == pytest.approx(0.3, abs=1e-4)
    assert [p["evidence"] for p in v["parts"]] == ["content"]


def test_low_factuality_source_and_false_fact_check_raise_the_odds() -> None:
    sections = {
        "reliability": {"score": 0.3, "threshold": 0.5},
        "source": {"domain": "x.example", "rating": LOW},
    }
    v = combine(sections, [_Claim("false")])
    z = _logit(0.3) + SOURCE_WEIGHT + FACTCHECK_WEIGHT
    assert v["score"] == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-4)
    assert [p["evidence"] for p in v["parts"]] == ["content", "source", "fact-check"]
    assert "x.example" in v["parts"][1]["detail"]
    assert "Snopes" in v["parts"][2]["detail"]


def test_high_factuality_lowers_and_true_fact_checks_do_not_count() -> None:
    sections = {"reliability": {"score": 0.6}, "source": {"rating": HIGH}}
    v = combine(sections, [_Claim("true")])
    assert v["score"] < 0.6
    assert v["label"] == ("unreliable" if v["score"] >= 0.5 else "reliable")
    assert all(p["evidence"] != "fact-check" for p in v["parts"])


def test_report_carries_the_verdict_section() -> None:
    report = Pipeline(analyzers=("reliability", "source")).run(
        Article(
            title="Council approves budget",
            body="The council approved the budget on Tuesday, officials said. " * 12,
            url="https://www.reuters.com/article/budget",
        )
    )
    v = report.sections["verdict"]
    assert report.reliability is not None
    assert v["score"] < report.reliability.score  # reuters.com: high factuality
    assert {p["evidence"] for p in v["parts"]} == {"content", "source"}


def test_no_verdict_without_the_reliability_analyzer() -> None:
    report = Pipeline(analyzers=("style",)).run(Article(body="It rained. Roads shut."))
    assert "verdict" not in report.sections


def test_uncertain_content_stays_uncertain_without_outside_evidence() -> None:
    rel = {"score": 0.7, "label": "uncertain", "threshold": 0.5}
    alone = combine({"reliability": rel, "source": {"rating": BIAS_ONLY}}, [])
    assert alone["label"] == "uncertain"
    assert alone["score"] == pytest.approx(0.7, abs=1e-4)
    rated = combine({"reliability": rel, "source": {"rating": LOW}}, [])
    assert rated["label"] == "unreliable"
    checked = combine({"reliability": {**rel, "score": 0.3}}, [_Claim("false")])
    assert checked["label"] == ("unreliable" if checked["score"] >= 0.5 else "reliable")


def test_committed_content_label_follows_the_combined_score() -> None:
    rel = {"score": 0.7, "label": "unreliable", "threshold": 0.5}
    v = combine({"reliability": rel, "source": {"rating": HIGH}}, [])
    assert v["label"] == ("unreliable" if v["score"] >= 0.5 else "reliable")
