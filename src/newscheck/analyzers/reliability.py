"""Reliability: the probability that an article belongs to the unreliable class.

Two shipped models (numpy + JSON under ``newscheck/models/reliability``, trained
by ``newscheck train reliability``):

* ``article``: the mean logit of two linear models trained on several
  labelled news corpora (:mod:`newscheck.reliability.ensemble`): one over
  sign-consistent word n-grams, function-word bigram/trigram patterns
  (``"the _ of"``) and style signals, one over the hashed word 1-2-grams and
  char 3-5-grams of the text as written (:mod:`newscheck.reliability.plain`);
  Platt calibration on out-of-corpus scores. A correctness model fitted on
  out-of-corpus predictions (:mod:`newscheck.reliability.correctness`)
  estimates how often articles like this one were labelled right on corpora
  the model never saw; ``label`` is ``unreliable`` / ``reliable`` only where
  that estimate reaches the level chosen on the training corpora, else
  ``uncertain`` (``domain.out_of_domain`` says the same);
* ``statement``: calibrated linear model for texts under
  ``Settings.short_text_words`` words, trained on LIAR statements (text only)
  plus titles and leads of the article corpora (short health texts included).

Both give P(unreliable) directly; a statement-model label is always
``uncertain`` (its labels were right about 60 % of the time on LIAR's test
statements). ``leaning`` is the side of 0.5 the score is on, whatever the
label; ``explanation.note`` says in words how often articles like this were
labelled correctly out of corpus. The summary says which model scored the text,
explains the score with the strongest terms each way, and the three body
sentences that push most toward "unreliable" become findings. One pass over the
text feeds the score and the explanation (see
:mod:`newscheck.reliability.model`); the CPU time per article is measured in
``benchmarks/reliability_selection.md``.

Examples
--------
>>> from newscheck.article import Article
>>> a = Article(body="Officials said on Tuesday that the bridge will reopen in May.")
>>> s = ReliabilityAnalyzer.load().analyze(a).summary
>>> s["model"], 0.0 <= s["score"] <= 1.0
('statement', True)
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.reliability.correctness import label_of, words_correct_sentence
from newscheck.reliability.ensemble import EnsembleTextModel, load_model
from newscheck.reliability.model import LinearTextModel
from newscheck.settings import Settings

__all__ = ["MODEL_DIR", "ReliabilityAnalyzer"]

#: Where the shipped artefacts live.
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "reliability"

TextModel = LinearTextModel | EnsembleTextModel
#: texts scored together by :meth:`ReliabilityAnalyzer.analyze_many` (their
#: explanation arrays, some 200 kB an article, live until analysed)
_BATCH = 32
_CACHE: dict[tuple[str, str], TextModel] = {}
_CACHE_LOCK = threading.Lock()


def _model(directory: Path, kind: str) -> TextModel:
    """The model *kind* under *directory*, loaded once per process (threads
    asking together wait for one load)."""
    key = (str(directory), kind)
    model = _CACHE.get(key)
    if model is None:
        with _CACHE_LOCK:
            model = _CACHE.get(key)
            if model is None:
                model = _CACHE[key] = load_model(directory, kind)
    return model


@register("reliability")
class ReliabilityAnalyzer(Analyzer):
    """P(unreliable) from the article model, or the statement model for short texts.

    Parameters
    ----------
    short_text_words
        Texts (title + body) with fewer words are scored by the statement model.
    model_dir
        Directory holding ``article.*`` and ``statement.*``; the shipped one by
        default.
    top_terms
        How many terms to list each way in the explanation.
    """

    version = "5"

    def __init__(
        self,
        *,
        short_text_words: int = 60,
        model_dir: str | None = None,
        top_terms: int = 10,
    ) -> None:
        self.short_text_words = short_text_words
        self.model_dir = model_dir
        self.top_terms = top_terms

    @classmethod
    def load_params(
        cls, params: dict[str, Any], path: str | Path | None, settings: Settings | None
    ) -> dict[str, Any]:
        """*params* with ``short_text_words`` from *settings* unless given, and
        ``model_dir`` set to *path* when one is given."""
        if settings is not None:
            params.setdefault("short_text_words", settings.short_text_words)
        if path is not None:
            params["model_dir"] = str(path)
        return params

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """Both models from :attr:`model_dir` (set from *path* by ``load``)."""
        self.article_model_ = _model(self._dir, "article")
        self.statement_model_ = _model(self._dir, "statement")

    @property
    def _dir(self) -> Path:
        return Path(self.model_dir) if self.model_dir else MODEL_DIR

    def save(self, path: str | Path) -> None:
        self.article_model_.save(path)
        self.statement_model_.save(path)

    def _models(self) -> tuple[TextModel, TextModel]:
        self.ensure_state("article_model_")
        return self.article_model_, self.statement_model_

    def score(self, title: str, body: str) -> tuple[float, str]:
        """``(P(unreliable), model kind)`` of a title and body."""
        article_model, statement_model = self._models()
        words = len(title.split()) + len(body.split())
        model = statement_model if words < self.short_text_words else article_model
        return model.proba(title, body), model.kind

    def analyze(self, article: Article) -> Analysis:
        article_model, statement_model = self._models()
        short = article.fewer_words_than(self.short_text_words)
        model = statement_model if short else article_model
        scored = model.score(article.title, article.body, article.sentences)
        return self._analysis(article, model, scored)

    def analyze_many(self, articles: Sequence[Article]) -> list[Analysis]:
        """:meth:`analyze` of each article: the texts of each model scored
        together (``score_many``: one token stream per text, the word ids of
        the whole chunk looked up at once); the same analyses. At most
        :data:`_BATCH` texts are held scored at a time (peak memory)."""
        if len(articles) > _BATCH:
            return [
                x
                for k in range(0, len(articles), _BATCH)
                for x in self.analyze_many(articles[k : k + _BATCH])
            ]
        models = self._models()
        short = [a.fewer_words_than(self.short_text_words) for a in articles]
        scored: list[Any] = [None] * len(articles)
        for model, want in zip(models, (False, True), strict=True):
            at = [i for i, s in enumerate(short) if s is want]
            if not at:
                continue
            items = [
                (articles[i].title, articles[i].body, articles[i].sentences) for i in at
            ]
            many = getattr(model, "score_many", None)
            got = many(items) if many is not None else [model.score(*x) for x in items]
            for i, sc in zip(at, got, strict=True):
                scored[i] = sc
        return [
            self._analysis(a, models[1] if s else models[0], sc)
            for a, s, sc in zip(articles, short, scored, strict=True)
        ]

    def _analysis(self, article: Article, model: TextModel, scored: Any) -> Analysis:
        """The analysis of *article* from its *scored* text."""
        p = model.proba_from_logits(scored.z)
        toward_bad, toward_good, per_sentence = model.explain(
            scored, top=self.top_terms
        )
        ranked = _top_sentences(article, per_sentence)
        findings = tuple(
            article.finding(
                "body",
                s,
                e,
                kind="reliability",
                label="unreliable_sentence",
                score=min(1.0, c),
                evidence={"contribution": round(c, 4), "model": model.kind},
            )
            for s, e, c in ranked
        )
        leaning = "unreliable" if p >= model.threshold else "reliable"
        domain = dict(model.domain(scored))
        correct: float | None = None
        level: float | None = None
        if isinstance(model, EnsembleTextModel):
            assessed = model.assess(scored, p, article.title, article.body)
            if assessed:
                correct, level = assessed["correct"], assessed["level"]
                domain.update(
                    coverage=assessed["coverage"],
                    distance=assessed["distance"],
                    correct=correct,
                    level=level,
                )
        else:  # short texts: the statement model's held-out record
            acc = model.meta.get("test_binary_accuracy")
            correct = round(float(acc), 4) if acc is not None else 0.5
            level = 1.0
        label = label_of(p, correct, level)
        domain["out_of_domain"] = label == "uncertain"
        note = f"P(unreliable) = {p:.2f}, leaning {leaning}" + (
            "; too uncertain to label" if label == "uncertain" else ""
        )
        if correct is not None:
            note += f": {words_correct_sentence(correct)}"
        summary = {
            "score": round(p, 4),
            "label": label,
            "leaning": leaning,
            "threshold": model.threshold,
            "model": model.kind,
            "domain": domain,
            "explanation": {
                "note": note,
                # top terms toward unreliable (weight > 0), then toward reliable
                "terms": toward_bad + toward_good,
                "sentences": [
                    {
                        "start": s,
                        "end": e,
                        "text": article.body[s:e],
                        "weight": round(c, 4),
                    }
                    for s, e, c in ranked
                ],
            },
        }
        return Analysis(findings=findings, summary=summary)


def _top_sentences(
    article: Article, per_sentence: np.ndarray, k: int = 3
) -> list[tuple[int, int, float]]:
    """The *k* body sentences with the largest positive contribution, strongest
    first."""
    sents = article.sentences
    if not sents or not len(per_sentence):
        return []
    order = np.argsort(-per_sentence)[:k]
    return [
        (sents[i][0], sents[i][1], float(per_sentence[i]))
        for i in order
        if per_sentence[i] > 0
    ]
