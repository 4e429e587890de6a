"""Propaganda techniques: where an article manipulates, and how.

Finds spans that use one of the 14 techniques of SemEval-2020 Task 11 (loaded
language, name calling, causal oversimplification, …) in the title and body,
with a numpy-only model trained on the Propaganda Techniques Corpus (see
``models/propaganda/MODEL_CARD.md``).

Findings: ``kind="propaganda"``, ``label`` = the PTC technique name
(``"Loaded_Language"``), ``score`` = the span score (mean token probability),
``evidence`` = ``{"technique", "definition", "technique_probability"}``.
Summary: ``counts`` per technique, ``sentence_share`` (share of body sentences
with at least one span), ``definitions`` of the techniques found.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.propaganda.techniques import DEFINITIONS, HUMAN_NAMES
from newscheck.settings import Settings

__all__ = ["PropagandaAnalyzer"]

LOGGER = logging.getLogger(__name__)


@register("propaganda")
class PropagandaAnalyzer(Analyzer):
    """Span-level propaganda technique detection.

    Parameters
    ----------
    threshold
        Token probability a span must reach somewhere (its tokens need only the
        trained ``low``); ``None`` keeps the value chosen by cross-validation at
        training time. The model is loaded once per process and shared.
    min_score
        Drop spans whose score is below this.
    """

    version = "2"

    def __init__(self, *, threshold: float | None = None, min_score: float = 0.0):
        self.threshold = threshold
        self.min_score = min_score

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """The linear model (shipped, or saved under *path*), or the ensemble
        with the transformer where ``settings.propaganda_model`` asks for it."""
        from newscheck.propaganda.model import PropagandaModel

        choice = settings.propaganda_model if settings is not None else "linear"
        if path is None and choice != "linear":
            from newscheck.errors import ConfigError
            from newscheck.propaganda.ensemble import shipped

            try:
                self.model_ = shipped()
            except ConfigError as exc:
                if choice == "ensemble":
                    raise ConfigError(
                        f"propaganda_model=ensemble: {exc} (or set it to linear/auto)"
                    ) from exc
                LOGGER.info("propaganda: %s; using the linear model", exc)
            else:
                # a report's cache key holds the version: another model, another key
                self.version = f"{type(self).version}+{type(self.model_).__name__}"
                return
        self.model_ = PropagandaModel.cached(path)

    def save(self, path: str | Path) -> None:
        self._model().save(path)

    def _model(self) -> Any:
        self.ensure_state("model_")
        return self.model_

    def analyze(self, article: Article) -> Analysis:
        model = self._model()
        predicted = {
            field: model.predict(
                text, title_lines=lines, threshold=self.threshold, sentences=sents
            )
            for field, (text, lines, sents) in _inputs(article).items()
        }
        return self._analysis(article, model, predicted)

    def analyze_many(self, articles: Sequence[Article]) -> list[Analysis]:
        """:meth:`analyze` of each article; the linear model scores the tokens of
        every title and body in one vectorised pass."""
        model = self._model()
        many = getattr(model, "predict_many", None)
        if many is None:  # the transformer models
            return super().analyze_many(articles)
        inputs = [_inputs(a) for a in articles]
        flat = many(
            [item for per in inputs for item in per.values()],
            threshold=self.threshold,
        )
        out = []
        k = 0
        for article, per in zip(articles, inputs, strict=True):
            predicted = dict(zip(per, flat[k : k + len(per)], strict=True))
            k += len(per)
            out.append(self._analysis(article, model, predicted))
        return out

    def _analysis(
        self, article: Article, model: Any, predicted: dict[str, list[Any]]
    ) -> Analysis:
        findings = []
        counts: dict[str, int] = {}
        body_spans: list[tuple[int, int]] = []
        for field, spans in predicted.items():
            for p in spans:
                if p.score < self.min_score:
                    continue
                findings.append(
                    article.finding(
                        field,
                        p.start,
                        p.end,
                        kind="propaganda",
                        label=p.technique,
                        score=round(p.score, 4),
                        evidence={
                            "technique": HUMAN_NAMES[p.technique],
                            "definition": DEFINITIONS[p.technique],
                            "technique_probability": round(p.technique_prob, 4),
                        },
                    )
                )
                counts[p.technique] = counts.get(p.technique, 0) + 1
                if field == "body":
                    body_spans.append((p.start, p.end))
        sents = article.sentences
        hit = _overlapped(sents, body_spans)
        summary = {
            "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "sentence_share": round(hit / len(sents), 4) if sents else 0.0,
            "definitions": {t: DEFINITIONS[t] for t in sorted(counts)},
            "model": _model_kind(model),
        }
        return Analysis(findings=tuple(findings), summary=summary)


def _inputs(
    article: Article,
) -> dict[str, tuple[str, int, Sequence[tuple[int, int]] | None]]:
    """``field -> (text, title_lines, sentences)`` of the fields with text."""
    out: dict[str, tuple[str, int, Sequence[tuple[int, int]] | None]] = {}
    if article.title.strip():
        out["title"] = (article.title, 1, None)
    if article.body.strip():
        # the body's sentences are already split (Article.sentences)
        out["body"] = (article.body, 0, article.sentences)
    return out


def _model_kind(model: Any) -> str:
    """The summary's name of the model that found the spans."""
    return {
        "PropagandaEnsemble": "transformer+linear ensemble",
        "PropagandaTransformer": "transformer",
    }.get(type(model).__name__, "token-logreg+span-logreg")


def _overlapped(sents: Sequence[tuple[int, int]], spans: list[tuple[int, int]]) -> int:
    """How many of *sents* overlap one of *spans* (``a < e and b > s``).

    With the spans in order of start, those starting before a sentence's end are
    a prefix; the sentence is hit when the furthest end among them passes its
    start.
    """
    if not spans:
        return 0
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))
    hit = 0
    for s, e in sents:
        i = bisect_left(starts, e)
        if i and reach[i - 1] > s:
            hit += 1
    return hit
