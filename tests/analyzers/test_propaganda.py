"""The propaganda analyzer: findings, summary and the Iraq example."""

from __future__ import annotations

import json

import pytest

from newscheck import analyzers as registry
from newscheck.article import Article
from newscheck.ingest.text import article_from_text
from newscheck.propaganda.features import tokenize
from newscheck.propaganda.model import _CLAUSE
from newscheck.propaganda.techniques import DEFINITIONS, TECHNIQUES


@pytest.fixture(scope="module")
def analyzer():
    return registry.create("propaganda")


ARTICLE = Article(
    title="Traitors Destroy Our Nation!",
    body=(
        "The corrupt, treasonous elite will smash and destroy everything we love. "
        "The council approved the budget on Tuesday.\n\n"
        "Rates rose by 2 percent in May."
    ),
)


def test_findings_point_into_title_and_body(analyzer):
    result = analyzer.analyze(ARTICLE)
    assert result.findings
    for f in result.findings:
        assert f.kind == "propaganda"
        assert f.label in TECHNIQUES
        assert getattr(ARTICLE, f.field)[f.start : f.end] == f.text
        assert 0.0 <= f.score <= 1.0
        assert f.evidence["definition"] == DEFINITIONS[f.label]
        assert f.evidence["technique"]
    json.dumps([f.to_dict() for f in result.findings])


def test_summary_counts_and_sentence_share(analyzer):
    result = analyzer.analyze(ARTICLE)
    s = result.summary
    assert sum(s["counts"].values()) == len(result.findings)
    assert set(s["definitions"]) == set(s["counts"])
    body_hits = {f.start for f in result.findings if f.field == "body"}
    # Three body sentences; the plain ones about the council and rates are clean.
    assert 0 < s["sentence_share"] <= 1 / 3 + 1e-9 or not body_hits
    json.dumps(s)


def test_min_score_filters(analyzer):
    strict = registry.create("propaganda", min_score=1.01)
    assert strict.analyze(ARTICLE).findings == ()
    assert strict.get_params() == {"threshold": None, "min_score": 1.01}


def test_empty_body(analyzer):
    result = analyzer.analyze(Article(body=""))
    assert result.findings == ()
    assert result.summary["sentence_share"] == 0.0


@pytest.mark.shared
def test_iraq_example_shows_the_obvious_techniques(shared, analyzer):
    """What the shipped model shows a reader of the Iraq example.

    Not asserted: "colossal" as Loaded_Language. The word occurs once in PTC
    train, outside every annotated span, so neither the token model nor the
    loaded-language lexicon learnt from train spans can pick it up. Nor is
    "smash and destroy" labelled loaded language: it lies inside a clause-long
    span (decoding cuts only at clause punctuation) whose likeliest technique is
    another one.
    """
    text = (shared / "examples" / "iraq-troops-2014.txt").read_text(encoding="utf-8")
    art = article_from_text(text)
    result = analyzer.analyze(art)
    by_label: dict[str, list[str]] = {}
    for f in result.findings:
        by_label.setdefault(f.label, []).append(f.text)
    found = " | ".join(f.text for f in result.findings)
    loaded = " | ".join(by_label.get("Loaded_Language", []))
    # Loaded words learnt from train spans.
    assert "atrocities" in loaded
    assert "imperialism" in loaded
    # Inside a clause-long finding (labelled appeal to fear).
    assert "torture chambers" in found
    # "principally because …" is labelled causal oversimplification.
    causal = " | ".join(by_label.get("Causal_Oversimplification", []))
    assert "principally because" in causal
    # "smash and destroy" is inside a finding (labelled name calling).
    assert "smash and destroy" in found
    assert "Name_Calling,Labeling" in by_label
    assert "principally because" in found
    # Spans are short enough to read: clauses at most (the trained decoding cuts
    # runs at clause punctuation), and no longer than a trained cap if any.
    model = analyzer._model()
    assert model.split
    for f in result.findings:
        toks = tokenize(f.text)
        assert not any(f.text[s:e] in _CLAUSE for s, e in toks), f.text
        assert not model.max_len or len(toks) <= model.max_len, f.text


def test_threshold_does_not_change_the_shared_model(analyzer):
    base = analyzer.analyze(ARTICLE).findings
    strict = registry.create("propaganda", threshold=0.99)
    assert len(strict.analyze(ARTICLE).findings) <= len(base)
    # The model is loaded once per process; the parameter must not leak into it.
    assert strict._model() is analyzer._model()
    assert analyzer.analyze(ARTICLE).findings == base


def test_overlapped_counts_like_pairwise_check():
    import random

    from newscheck.analyzers.propaganda import _overlapped

    rng = random.Random(7)
    for _ in range(300):
        sents = sorted((a, a + rng.randint(1, 9)) for a in rng.sample(range(60), 6))
        spans = []
        for _ in range(rng.randint(0, 6)):
            a = rng.randint(0, 70)
            spans.append((a, a + rng.randint(0, 12)))
        expect = sum(1 for s, e in sents if any(a < e and b > s for a, b in spans))
        assert _overlapped(sents, spans) == expect


def test_propaganda_model_setting_without_the_transformer(monkeypatch, tmp_path):
    """`propaganda_model`: linear by default; `auto` falls back to it where the
    transformer artefact is missing; `ensemble` then fails with a message that
    names the setting."""
    from newscheck.errors import ConfigError
    from newscheck.propaganda import transformer
    from newscheck.settings import Settings, load_settings

    monkeypatch.setenv(transformer.ENV_VAR, str(tmp_path))  # no model.onnx there
    cls = registry.get("propaganda")
    assert Settings().propaganda_model == "linear"
    auto = cls.load(settings=Settings(propaganda_model="auto"))
    assert auto.version == cls.version
    assert auto.analyze(ARTICLE).summary["model"] == "token-logreg+span-logreg"
    with pytest.raises(ConfigError, match="propaganda_model=ensemble"):
        cls.load(settings=Settings(propaganda_model="ensemble"))
    with pytest.raises(ConfigError, match="propaganda_model"):
        load_settings(propaganda_model="bogus")


def test_propaganda_model_setting_with_the_transformer():
    """With the extra and the artefact, `ensemble` runs the shipped combination;
    its version (part of the report cache key) differs from the linear one."""
    pytest.importorskip("onnxruntime")
    from newscheck.propaganda import transformer
    from newscheck.settings import Settings

    if not transformer.available():
        pytest.skip("no propaganda transformer artefact (see its MODEL_CARD.md)")
    cls = registry.get("propaganda")
    a = cls.load(settings=Settings(propaganda_model="ensemble"))
    assert a.version != cls.version
    result = a.analyze(ARTICLE)
    assert result.summary["model"] in ("transformer+linear ensemble", "transformer")
    for f in result.findings:
        assert ARTICLE.text_of(f.field)[f.start : f.end] == f.text


def test_analyze_many_equals_analyze(analyzer, monkeypatch):
    """The batch path scores the tokens of all titles and bodies in one pass,
    in groups under the scorer's token limit (a small limit here: several)."""
    from newscheck.propaganda.fast import SIScorer

    articles = [
        ARTICLE,
        Article(body=""),
        Article(title="Only a title: a TOTAL disgrace!", body=" "),
        Article(body="Line one of a poem\nline two, which never ends\n\nA new day."),
        Article(title="Wages", body="Wages rose 4.5% in 2019, the agency said."),
        ARTICLE,
    ]
    want = [analyzer.analyze(a) for a in articles]
    assert analyzer.analyze_many(articles) == want
    monkeypatch.setattr(SIScorer, "max_tokens", 40)
    assert analyzer.analyze_many(articles) == want
