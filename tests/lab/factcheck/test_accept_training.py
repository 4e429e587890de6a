"""Training pairs of the acceptance model."""

from __future__ import annotations

import random

from newscheck_lab.factcheck.accept import checkworthy_sentences, restatements


def test_restatements_give_positives_and_changed_figure_negatives() -> None:
    claims = {"7": "The governor cut 300 teaching jobs in Ohio last spring."}
    out = restatements(claims, random.Random(0))
    pos = [t for t, rel in out if rel == {"7"}]
    neg = [t for t, rel in out if rel is None]
    assert len(pos) == 1 and len(neg) == 1
    assert "300" in pos[0] or "teaching" in pos[0]
    assert "601" in neg[0] and neg[0].replace("601", "300") == pos[0]


def test_checkworthy_sentences_skip_questions_and_short_ones() -> None:
    texts = [
        "Is this a question about Ohio and its 300 schools, asked here at length?"
        " Short one. The governor of Ohio said on Monday that 300 teaching jobs"
        " were cut across the state last spring."
    ]
    got = checkworthy_sentences(texts, 5)
    assert got == [
        "The governor of Ohio said on Monday that 300 teaching jobs were cut"
        " across the state last spring."
    ]
