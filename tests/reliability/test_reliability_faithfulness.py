"""The shipped article model's score moves with the evidence it lists.

Removing the terms or sentences an explanation names as pushing toward
"unreliable" must lower the score; removing those named toward "reliable"
must raise it; and nearby texts must not share one score value.
"""

from __future__ import annotations

import re

import pytest

from newscheck.analyzers.reliability import ReliabilityAnalyzer
from newscheck.article import Article
from newscheck.settings import Settings

WIRE = (
    "The Senate on Tuesday approved a spending bill by 61 votes to 38, sending "
    "the measure to the House. Officials said the bill funds the government "
    'through September. "We expect the House to act this week," a spokeswoman '
    "for the majority leader told reporters. Analysts said the vote could ease "
    "concerns in markets. The House is scheduled to vote on Thursday, according "
    "to a statement from the speaker's office. The budget office estimated the "
    "measure would cost $1.2 billion over ten years, a spokesman said. Lawmakers "
    "from both parties said they expected the measure to pass. The White House "
    "said in a statement that the president would sign the bill. Markets were "
    "little changed on Wednesday, data showed. The committee will meet again "
    "next month, its chairman told reporters."
)
RANT = (
    "SHOCKING!!! You will NOT believe what the corrupt elites are hiding from "
    "you! Share this before they delete it! The truth is finally EXPOSED and "
    "the mainstream media refuses to report it. Wake up, people! They lied to "
    "you about everything and now the globalists want your guns. This is the "
    "biggest cover-up in history, and nobody is talking about it!"
)


@pytest.fixture(scope="module")
def analyzer() -> ReliabilityAnalyzer:
    return ReliabilityAnalyzer.load(settings=Settings())


def _summary(analyzer: ReliabilityAnalyzer, body: str) -> dict:
    s = analyzer.analyze(Article(title="", body=body)).summary
    assert s["model"] == "article"
    return s


def _word_terms(terms: list[dict], sign: int, k: int = 3) -> list[str]:
    """The *k* strongest readable word terms pushing toward ``sign``."""
    out = [
        t["term"]
        for t in terms
        if (t["weight"] > 0) == (sign > 0)
        and not t["term"].startswith("[")
        and re.fullmatch(r"[a-z][a-z' ]*", t["term"])
    ]
    return out[:k]


def _without(body: str, terms: list[str]) -> str:
    for term in terms:
        body = re.sub(rf"(?i)\b{re.escape(term)}\b", " ", body)
    return re.sub(r"[ ]{2,}", " ", body)


@pytest.mark.parametrize("body", [WIRE + " " + RANT, RANT + " " + WIRE])
def test_removing_terms_toward_unreliable_lowers_the_score(
    analyzer: ReliabilityAnalyzer, body: str
) -> None:
    s = _summary(analyzer, body)
    drivers = _word_terms(s["explanation"]["terms"], +1)
    assert drivers
    after = _summary(analyzer, _without(body, drivers))
    assert after["score"] < s["score"]


@pytest.mark.parametrize("body", [WIRE + " " + RANT, RANT + " " + WIRE])
def test_removing_terms_toward_reliable_raises_the_score(
    analyzer: ReliabilityAnalyzer, body: str
) -> None:
    s = _summary(analyzer, body)
    drivers = _word_terms(s["explanation"]["terms"], -1)
    assert drivers
    after = _summary(analyzer, _without(body, drivers))
    assert after["score"] > s["score"]


def test_removing_the_listed_sentences_lowers_the_score(
    analyzer: ReliabilityAnalyzer,
) -> None:
    body = WIRE + " " + RANT
    s = _summary(analyzer, body)
    spans = [(x["start"], x["end"]) for x in s["explanation"]["sentences"]]
    assert spans and all(x["weight"] > 0 for x in s["explanation"]["sentences"])
    cut = body
    for start, end in sorted(spans, reverse=True):
        cut = cut[:start] + cut[end:]
    assert _summary(analyzer, cut)["score"] < s["score"]


def test_removing_exclamation_marks_lowers_the_score_when_listed(
    analyzer: ReliabilityAnalyzer,
) -> None:
    body = WIRE + " " + RANT
    s = _summary(analyzer, body)
    listed = {t["term"]: t["weight"] for t in s["explanation"]["terms"]}
    assert listed.get("[style] exclamations_per_100", 0) > 0
    assert _summary(analyzer, body.replace("!", "."))["score"] < s["score"]


def test_cut_down_versions_get_their_own_scores(analyzer: ReliabilityAnalyzer) -> None:
    """Ten cut-down versions of one article: a step calibration gave most of
    them one shared value; a smooth one gives each its own."""
    sentences = re.split(r"(?<=[.!?])\s+", WIRE + " " + RANT)
    versions = [" ".join(sentences[: len(sentences) - k]) for k in range(10)]
    scores = [_summary(analyzer, v)["score"] for v in versions]
    assert len(set(scores)) == len(scores)
