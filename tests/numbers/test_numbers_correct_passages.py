"""Correct passages in the wording of the general readers' families (totals
after a dash or colon, measures in two units, fractions restated, tallies,
changes with their end and start, periods, gaps, ages, poll answers): none
may be flagged. Written to probe for flags on correct text, one passage a
line in ``data/correct_passages.txt``."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscheck.analyzers.numbers import NumbersAnalyzer
from newscheck.article import Article

PASSAGES = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "correct_passages.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
ANALYZER = NumbersAnalyzer()


@pytest.mark.parametrize("text", PASSAGES, ids=[f"p{i}" for i in range(len(PASSAGES))])
def test_numbers_correct_passage_is_not_flagged(text: str) -> None:
    flags = [
        (f.evidence["check"], f.evidence["arithmetic"])
        for f in ANALYZER.analyze(Article(body=text)).findings
        if f.kind == "consistency" and f.label == "inconsistent"
    ]
    assert flags == []


def test_numbers_correct_passages_are_many_and_distinct() -> None:
    assert len(PASSAGES) >= 100
    assert len(set(PASSAGES)) == len(PASSAGES)
