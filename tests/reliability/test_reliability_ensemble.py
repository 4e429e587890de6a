"""The shipped article model: a logit-averaging ensemble, its calibration and
its domain / correctness assessment."""

from __future__ import annotations

import numpy as np

from newscheck.analyzers import reliability as rel
from newscheck.analyzers.reliability import ReliabilityAnalyzer
from newscheck.article import Article
from newscheck.reliability.ensemble import EnsembleTextModel, load_model
from newscheck.renderers._common import domain_line

NEWS = (
    "The city council voted on Tuesday to approve a new budget for the coming "
    "year, officials said. The plan raises spending on schools and roads and "
    "holds property taxes flat. The mayor said the vote followed months of "
    "public hearings, and critics said the plan relied on optimistic revenue "
    "forecasts. The budget takes effect in July after a final review by the "
    "state, a spokeswoman for the finance department said in a statement."
)
GIBBERISH = " ".join(f"zqx{i}vbl wrrk{i}ptu" for i in range(40))


def test_shipped_article_model_is_an_ensemble_of_two_members() -> None:
    model = load_model(rel.MODEL_DIR, "article")
    assert isinstance(model, EnsembleTextModel)
    assert len(model.members) == 2 and np.isclose(sum(model.weights), 1.0)


def test_ensemble_logit_is_the_weighted_mean_of_its_members() -> None:
    model = load_model(rel.MODEL_DIR, "article")
    s = model.score("Budget approved", NEWS)
    parts = [m.score("Budget approved", NEWS).z[0] for m in model.members]
    assert np.isclose(
        s.z[0], sum(w * z for w, z in zip(model.weights, parts, strict=True))
    )
    assert model.platt is not None  # smooth calibration, not isotonic knots
    assert np.isclose(model.proba("Budget approved", NEWS), model.platt(s.z[0]))


def test_ensemble_save_load_round_trip(tmp_path) -> None:
    model = load_model(rel.MODEL_DIR, "article")
    model.save(tmp_path)
    again = load_model(tmp_path, "article")
    assert isinstance(again, EnsembleTextModel)
    assert not (tmp_path / "article.npz").exists()
    assert again.proba("T", NEWS) == model.proba("T", NEWS)
    assert again.meta["coverage"] == model.meta["coverage"]
    assert again.correctness is not None and model.correctness is not None
    assert again.correctness.level == model.correctness.level
    sc = model.score("T", NEWS)
    p = model.proba_from_logits(sc.z)
    assert again.assess(again.score("T", NEWS), p, "T", NEWS) == model.assess(
        sc, p, "T", NEWS
    )


def test_ensemble_explanation_sums_member_sentence_contributions() -> None:
    model = load_model(rel.MODEL_DIR, "article")
    a = Article(title="Budget approved", body=NEWS)
    s = model.score(a.title, a.body, a.sentences)
    bad, good, per = model.explain(s, top=5)
    expected = sum(
        w * m.explain(p, top=5)[2]
        for m, w, p in zip(model.members, model.weights, s.parts, strict=True)
    )
    assert np.allclose(per, expected)
    assert all(t["weight"] > 0 for t in bad) and all(t["weight"] < 0 for t in good)


def test_domain_flags_text_the_model_does_not_know() -> None:
    an = ReliabilityAnalyzer.load()
    known = an.analyze(Article(title="Budget approved", body=NEWS)).summary
    unknown = an.analyze(Article(title="Zqx", body=GIBBERISH)).summary
    kd, ud = known["domain"], unknown["domain"]
    assert unknown["label"] == "uncertain" and ud["out_of_domain"] is True
    assert kd["out_of_domain"] is (known["label"] == "uncertain")
    assert ud["coverage"] < ud["reference_p05"] <= kd["coverage"]
    assert ud["distance"] > kd["distance"]
    assert ud["correct"] < kd["correct"]
    assert domain_line(ud).startswith("OUT OF DOMAIN")
    assert domain_line({}) == ""
    # an article the model knows but will not label is uncertain, not out of
    # domain: the line speaks of its vocabulary only
    familiar = {**kd, "out_of_domain": True}
    assert domain_line(familiar).startswith("in domain")


def test_short_texts_get_a_domain_from_the_statement_model() -> None:
    an = ReliabilityAnalyzer.load()
    s = an.analyze(
        Article(body="Officials said the bridge will reopen in May.")
    ).summary
    assert s["model"] == "statement"
    assert isinstance(s["domain"]["out_of_domain"], bool)
