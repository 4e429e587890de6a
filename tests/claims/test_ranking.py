"""The claims analyzer ranks factual claims above opinions and keeps its threshold."""

from __future__ import annotations

import numpy as np

from newscheck.analyzers.claims import ClaimsAnalyzer
from newscheck.article import Article
from newscheck.claims.features import CUE_NAMES
from newscheck.claims.model import ClaimModel

BODY = "We must stop this war now. Troops were sent to the border. Good night."


def _analyzer(tmp_path, threshold: float = 0.5) -> ClaimsAnalyzer:
    # "must" weighs more than "troops": the opinion scores higher
    vocab = ["must", "troops"]
    weights = np.zeros(len(vocab) + len(CUE_NAMES))
    weights[:2] = [5.0, 2.0]
    model = ClaimModel(vocab=vocab, weights=weights, bias=0.0, threshold=threshold)
    model.save(tmp_path)
    return ClaimsAnalyzer.load(tmp_path, factcheck="off")


def test_opinion_ranks_below_a_factual_claim_with_a_lower_score(tmp_path):
    s = _analyzer(tmp_path).analyze(Article(body=BODY))
    top = s.summary["top"]
    assert [t["text"] for t in top] == [
        "Troops were sent to the border.",
        "We must stop this war now.",
    ]
    assert top[0]["score"] < top[1]["score"]
    opinion = {f.text: f.evidence.get("opinion", False) for f in s.findings}
    assert opinion == {
        "We must stop this war now.": True,
        "Troops were sent to the border.": False,
    }


def test_threshold_decides_what_is_flagged(tmp_path):
    an = _analyzer(tmp_path, threshold=0.9)
    s = an.analyze(Article(body=BODY))
    # only "must" (p = sigmoid(5)) passes 0.9; "troops" (sigmoid(2) = 0.88) does not
    assert s.summary["check_worthy"] == 1
    assert [f.text for f in s.findings] == ["We must stop this war now."]
    assert s.summary["threshold"] == 0.9
