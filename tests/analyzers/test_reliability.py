"""The reliability analyzer and its shipped models."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from newscheck.analyzers import reliability as rel
from newscheck.analyzers.reliability import ReliabilityAnalyzer
from newscheck.article import Article
from newscheck.reliability.ensemble import EnsembleTextModel, load_model
from newscheck.reliability.model import LinearTextModel
from newscheck.settings import Settings

LONG = (
    "WASHINGTON (Reuters) - The Senate on Tuesday approved a spending bill by 61 "
    "votes to 38, sending the measure to the House. Officials said the bill funds "
    'the government through September. "We expect the House to act this week," '
    "a spokeswoman for the majority leader told reporters. Analysts said the "
    "vote could ease concerns in markets. The House is scheduled to vote on "
    "Thursday, according to a statement from the speaker's office.\n\n"
    "SHOCKING!!! You will NOT believe what the corrupt elites are hiding from you! "
    "Share this before they delete it! The truth is finally EXPOSED and the "
    "mainstream media refuses to report it. Wake up, people!"
)
SHORT = "Says the governor cut school funding by 40 percent."

LEAK_WORDS = ("reuters", "featured", "getty", "image", "21st", "wire says", "via")


@pytest.fixture(scope="module")
def analyzer() -> ReliabilityAnalyzer:
    return ReliabilityAnalyzer.load(settings=Settings())


def test_reliability_summary_contract(analyzer: ReliabilityAnalyzer) -> None:
    result = analyzer.analyze(Article(title="Senate passes bill", body=LONG))
    s = result.summary
    assert 0.0 <= s["score"] <= 1.0
    assert s["leaning"] == (
        "unreliable" if s["score"] >= s["threshold"] else "reliable"
    )
    assert s["label"] in (s["leaning"], "uncertain")
    assert "labelled correctly" in s["explanation"]["note"]
    assert s["model"] == "article"
    terms = s["explanation"]["terms"]
    bad = [t for t in terms if t["weight"] > 0]
    good = [t for t in terms if t["weight"] < 0]
    assert bad and good and len(bad) + len(good) == len(terms)
    assert terms == bad + good  # toward unreliable first
    assert len(bad) <= 10 and len(good) <= 10
    assert all(set(t) == {"term", "weight"} for t in terms)


def test_reliability_findings_offsets(analyzer: ReliabilityAnalyzer) -> None:
    article = Article(title="Senate passes bill", body=LONG)
    result = analyzer.analyze(article)
    assert 1 <= len(result.findings) <= 3
    for f in result.findings:
        assert f.field == "body"
        assert article.body[f.start : f.end] == f.text
        assert (f.start, f.end) in article.sentences
        assert f.kind == "reliability" and f.label == "unreliable_sentence"
        assert 0.0 < f.score <= 1.0
    contributions = [f.evidence["contribution"] for f in result.findings]
    assert contributions == sorted(contributions, reverse=True)
    # the shouting paragraph pushes toward unreliable more than the wire copy
    assert any("SHOCKING" in f.text or "EXPOSED" in f.text for f in result.findings)


def test_reliability_short_text_uses_statement_model(
    analyzer: ReliabilityAnalyzer,
) -> None:
    s = analyzer.analyze(Article(body=SHORT)).summary
    assert s["model"] == "statement"
    assert 0.0 <= s["score"] <= 1.0
    assert analyzer.score("", SHORT)[1] == "statement"
    low = ReliabilityAnalyzer.load(short_text_words=0)
    assert low.analyze(Article(body=SHORT)).summary["model"] == "article"


def test_reliability_empty_body(analyzer: ReliabilityAnalyzer) -> None:
    result = analyzer.analyze(Article(body=""))
    assert 0.0 <= result.summary["score"] <= 1.0
    assert result.findings == ()


def test_reliability_shipped_model_needs_no_shared_and_no_sklearn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from newscheck.analyzers.reliability import ReliabilityAnalyzer\n"
        "from newscheck.article import Article\n"
        f"r = ReliabilityAnalyzer.load().analyze(Article(body={LONG!r}))\n"
        "assert 0 <= r.summary['score'] <= 1, r.summary\n"
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules\n"
        "print('ok')\n"
    )
    env = {"NEWSCHECK_SHARED": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_reliability_save_load_roundtrip(
    analyzer: ReliabilityAnalyzer, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    analyzer.save(tmp_path)
    again = ReliabilityAnalyzer.load(tmp_path)
    a = Article(body=LONG)
    assert again.analyze(a).summary["score"] == analyzer.analyze(a).summary["score"]


def test_reliability_missing_model_is_model_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscheck.errors import ModelError

    with pytest.raises(ModelError):
        ReliabilityAnalyzer.load(tmp_path)


def _top_terms(model: LinearTextModel, k: int) -> list[str]:
    w = model.direction()
    order = np.argsort(-np.abs(w))[:k]
    return [model.terms[i] for i in order]


def _linear_parts(kind: str) -> list[LinearTextModel]:
    """The word models of the shipped *kind* model (the plain n-gram member has
    no terms: ``tests/reliability/test_reliability_plain.py`` checks that leak
    words never become its keys)."""
    model = load_model(rel.MODEL_DIR, kind)
    parts = model.members if isinstance(model, EnsembleTextModel) else [model]
    return [m for m in parts if isinstance(m, LinearTextModel)]


@pytest.mark.parametrize("kind", ["article", "statement"])
def test_reliability_no_leak_tokens_among_strongest_features(kind: str) -> None:
    top = [t for m in _linear_parts(kind) for t in _top_terms(m, 300)]
    for term in top:
        for leak in LEAK_WORDS:
            assert leak not in term.split() and leak != term, (term, leak)


def test_reliability_analyze_many_equals_analyze(analyzer: ReliabilityAnalyzer) -> None:
    """The batch path (both models, word ids of the chunk at once) gives
    exactly the analyses of one-by-one calls, in order."""
    articles = [
        Article(title="Senate passes bill", body=LONG),
        Article(body=SHORT),
        Article(body=""),
        Article(title="Only a title here", body=""),
        Article(body="   \n\n  "),
        Article(title="Numbers", body="In 2019, 52 of 48 voted 1,234 times. " * 20),
        Article(body=LONG + "\n\n" + LONG),
        Article(title="Ünïcode", body="Les élèves étudient. 日本語のテキスト。 " * 15),
        Article(body="Reuters Reuters. Featured image via Getty Images. " * 12),
    ]
    one = [analyzer.analyze(a) for a in articles]
    assert analyzer.analyze_many(articles) == one
    assert analyzer.analyze_many(articles[::-1]) == one[::-1]
    assert analyzer.analyze_many([]) == []
    with pytest.MonkeyPatch.context() as mp:  # scored a few at a time
        mp.setattr(rel, "_BATCH", 2)
        assert analyzer.analyze_many(articles) == one
    models = {a.summary["model"] for a in one}
    assert models == {"article", "statement"}


def test_reliability_score_many_equals_score(analyzer: ReliabilityAnalyzer) -> None:
    items = [("T", LONG, None), ("", SHORT, None), ("", "", None), ("x", "a 1 b", None)]
    for model in (analyzer.article_model_, analyzer.statement_model_):
        many = model.score_many(items)
        for (title, body, _), got in zip(items, many, strict=True):
            want = model.score(title, body)
            assert got.z.tolist() == want.z.tolist()
            assert model.explain(got)[2].tolist() == model.explain(want)[2].tolist()
