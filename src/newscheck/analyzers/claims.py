"""The ``claims`` analyzer: which sentences are worth fact-checking.

Every body sentence gets P(check-worthy) from the shipped linear model
(:mod:`newscheck.claims.model`, numpy only; calibrated on development data);
in the accurate tier (``Settings.tier``) it is stacked with a head over frozen
all-MiniLM-L6-v2 sentence vectors (:mod:`newscheck.claims.frozen`, its own
threshold).
Sentences above the model's threshold become findings ``kind="claim"``,
``label="check_worthy"``. They are ranked by that probability, except that a
sentence that reads as opinion or rhetoric
(:func:`newscheck.claims.features.is_opinion`: no figure, and a marker of a
view such as "should" or "I think", or a question) ranks below every factual
one; its evidence says ``"opinion": true``. When a
fact-check database is available (:mod:`newscheck.factcheck`), a matched
finding's evidence lists the earlier fact-checks that match it above the
matcher's calibrated threshold, each with ``relation``: ``"same"`` when the
acceptance model says it checks the same claim (only those are fact-checks of
the sentence; ``matched_claims`` counts them), else ``"related"``, with the
``differences`` (``related_claims`` counts sentences with only related ones).
A match with neither a verdict nor a link says ``"shown": false``: reports
leave it out and the two counts ignore it.
Matching is limited to the best ``match_top`` check-worthy sentences (default:
the ``top_k`` listed in the summary), searched in one batch; other findings
carry no ``matches``.

Summary::

    {"scored": [[start, end, score], ...],      # every body sentence
     "top": [{"start", "end", "text", "score"}, ...],   # best 5 check-worthy
                                                # (factual before opinion)
     "threshold": 0.37,
     "check_worthy": 4,
     "factcheck": {"status": "on" | "off" | "no database" | "unavailable",
                   "detail": "..."}}

Examples
--------
>>> from newscheck.article import Article
>>> a = ClaimsAnalyzer.load(factcheck="off")
>>> s = a.analyze(Article(body="Thank you. Unemployment fell to 3.5% in 2019.")).summary
>>> s["top"][0]["text"]
'Unemployment fell to 3.5% in 2019.'
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.claims.features import is_opinion
from newscheck.claims.model import ClaimModel
from newscheck.errors import ConfigError, NewscheckError
from newscheck.settings import Settings

__all__ = ["FACTCHECK_MODES", "ClaimsAnalyzer"]

LOGGER = logging.getLogger(__name__)

#: ``factcheck`` parameter values: ``auto`` matches against the configured
#: database when one exists (never creates one); ``build`` also creates the
#: default database from the shipped claims on first use; ``off`` never matches.
FACTCHECK_MODES = ("auto", "build", "off")

#: Held while an analyzer opens its fact-check index: threads sharing one
#: analyzer open (and, in ``build`` mode, fill) the database once.
_OPEN_LOCK = threading.Lock()


@register("claims")
class ClaimsAnalyzer(Analyzer):
    """Score every body sentence for check-worthiness; match the worthy ones.

    Parameters
    ----------
    threshold
        P(check-worthy) above which a sentence is a finding; ``None``: the
        model's own threshold (chosen by cross-validation on training data).
    top_k
        Check-worthy sentences listed in ``summary["top"]``, best first.
    factcheck
        One of :data:`FACTCHECK_MODES`.
    max_matches
        Fact-checks attached to each matched finding at most.
    match_top
        Only the best this many check-worthy sentences are matched against
        the fact-check database (one batched search per article); ``None``:
        *top_k*.
    """

    version = "5"
    model_: ClaimModel
    settings_: Settings
    index_: Any
    index_status_: tuple[str, str] | None

    def __init__(
        self,
        *,
        threshold: float | None = None,
        top_k: int = 5,
        factcheck: str = "auto",
        max_matches: int = 3,
        match_top: int | None = None,
    ) -> None:
        self.threshold = threshold
        self.top_k = top_k
        self.factcheck = factcheck
        self.max_matches = max_matches
        self.match_top = top_k if match_top is None else match_top

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """The shipped model (or the one saved under *path*)."""
        if self.factcheck not in FACTCHECK_MODES:
            raise ConfigError(
                f"claims factcheck mode {self.factcheck!r} is not one of "
                + ", ".join(FACTCHECK_MODES)
            )
        self.model_ = ClaimModel.load(path)
        self.model_.scorer  # noqa: B018 - build the fast scorer now, not in analyze
        self.settings_ = settings or Settings()
        if self.settings_.tier == "accurate" and path is None:
            from newscheck.claims.frozen import accurate_model

            self.model_ = accurate_model(self.model_)  # type: ignore[assignment]
        self.index_ = None
        self.index_status_ = None

    def save(self, path: str | Path) -> None:
        """Write the model under directory *path*."""
        self.model_.save(path)

    # ------------------------------------------------------------------ analysis

    @property
    def threshold_(self) -> float:
        """The threshold in use."""
        return self.model_.threshold if self.threshold is None else self.threshold

    def analyze(self, article: Article) -> Analysis:
        """Score each body sentence; findings for those above the threshold."""
        scores = self.model_.predict_proba_spans(article.body, article.sentences)
        return self._analysis(article, scores.tolist())

    def analyze_many(self, articles: Sequence[Article]) -> list[Analysis]:
        """:meth:`analyze` of each article, with the sentences of all of them
        scored in one vectorised pass."""
        scores = self.model_.predict_proba_spans_many(
            [(a.body, a.sentences) for a in articles]
        )
        return [
            self._analysis(a, p.tolist()) for a, p in zip(articles, scores, strict=True)
        ]

    def _analysis(self, article: Article, scores: list[float]) -> Analysis:
        spans = article.sentences
        body = article.body
        t = self.threshold_
        worthy = [i for i, p in enumerate(scores) if p > t]
        opinion = {i for i in worthy if is_opinion(body[slice(*spans[i])])}
        order = sorted(worthy, key=lambda i: (i in opinion, -scores[i], i))
        top = order[: self.top_k]
        index, status, detail = self._index()
        matched: dict[int, list[dict[str, Any]]] = {}
        to_match = order[: self.match_top] if index is not None else []
        if to_match:
            try:
                found = self._matches(index, [body[slice(*spans[i])] for i in to_match])
            except Exception as exc:  # matching must not lose the scores
                LOGGER.exception("claims: fact-check search failed")
                index, status = None, "unavailable"
                detail = f"fact-check search failed: {type(exc).__name__}: {exc}"
            else:
                matched = dict(zip(to_match, found, strict=True))
        t4 = round(t, 4)
        findings = []
        for i in worthy:
            start, end = spans[i]
            evidence: dict[str, Any] = {"threshold": t4}
            if i in opinion:
                evidence["opinion"] = True
            if i in matched:
                evidence["matches"] = matched[i]
            findings.append(
                article.finding(
                    "body",
                    start,
                    end,
                    kind="claim",
                    label="check_worthy",
                    score=round(scores[i], 4),
                    evidence=evidence,
                )
            )
        summary = {
            "scored": [
                [s, e, round(p, 4)] for (s, e), p in zip(spans, scores, strict=True)
            ],
            "top": [
                {
                    "start": spans[i][0],
                    "end": spans[i][1],
                    "text": body[spans[i][0] : spans[i][1]],
                    "score": round(scores[i], 4),
                }
                for i in top
            ],
            "threshold": t4,
            "check_worthy": len(worthy),
            "factcheck": {"status": status, "detail": detail},
        }
        if index is not None:
            # only shown matches count: one without a verdict or link stays in JSON
            shown = [[d for d in m if d["shown"]] for m in matched.values()]
            summary["factcheck"]["matched_claims"] = sum(
                any(d["relation"] == "same" for d in m) for m in shown
            )
            summary["factcheck"]["related_claims"] = sum(
                bool(m) and all(d["relation"] != "same" for d in m) for m in shown
            )
        return Analysis(findings=tuple(findings), summary=summary)

    # ------------------------------------------------------------------ matching

    def use_index(self, index: Any) -> Self:
        """Match against *index* (anything with ``search(text, k)`` returning
        :class:`newscheck.factcheck.Match`-like objects) instead of the database."""
        self.index_ = index
        self.index_status_ = ("on", f"{len(index)} fact-checks searched")
        return self

    def _index(self) -> tuple[Any, str, str]:
        """The fact-check index (opened once) or ``None``, its status, a detail."""
        if self.index_status_ is None:
            with _OPEN_LOCK:
                if self.index_status_ is None:
                    self.index_status_ = self._open_index()
        return self.index_, *self.index_status_

    def _open_index(self) -> tuple[str, str]:
        if self.factcheck == "off":
            return "off", "matching disabled (factcheck='off')"
        settings = self.settings_
        url = settings.resolved_database_url()
        if self.factcheck == "auto" and _missing_sqlite_file(url):
            return (
                "no database",
                "no fact-check database found; run `newscheck factcheck search` "
                "once to build it, or set NEWSCHECK_DATABASE_URL",
            )
        try:
            from newscheck.factcheck import FactCheckIndex
        except ImportError as exc:
            return "unavailable", f"fact-check matching is not installed: {exc}"
        try:
            index = FactCheckIndex.open(settings, default=self.factcheck == "build")
        except NewscheckError as exc:
            LOGGER.warning("claims: fact-check database unusable: %s", exc)
            return "unavailable", f"fact-check database unusable: {exc}"
        if len(index) == 0:
            return "no database", "the fact-check database is empty"
        self.index_ = index
        return "on", f"{len(index)} fact-checks searched"

    def _matches(self, index: Any, texts: list[str]) -> list[list[dict[str, Any]]]:
        """The fact-checks matching each of *texts*, in one batch when the
        index can (``search_many``)."""
        many = getattr(index, "search_many", None)
        if many is not None:
            found = many(texts, k=self.max_matches)
        else:
            found = [index.search(t, k=self.max_matches) for t in texts]
        # the same claim first (its verdict applies), then related ones
        return [
            sorted((_match_dict(m) for m in ms), key=lambda d: d["relation"] != "same")
            for ms in found
        ]


def _match_dict(m: Any) -> dict[str, Any]:
    """A match as finding evidence: ``relation`` ``"same"`` (a fact-check of the
    sentence) or ``"related"`` (listed with its ``differences``); ``shown``
    false when it has neither a verdict nor a link (reports leave it out)."""
    d = m.as_dict()
    shown = d.get("shown")
    if not isinstance(shown, bool):
        from newscheck.factcheck.verdicts import actionable

        shown = actionable(d.get("verdict"), d.get("normalised_verdict"), d.get("url"))
    return {
        "verdict": d.get("verdict"),
        "normalised_verdict": d.get("normalised_verdict"),
        "publisher": d.get("publisher"),
        "date": d.get("date"),
        "url": d.get("url"),
        "similarity": d.get("similarity"),
        "claim": d.get("claim"),
        "relation": d.get("relation") or "related",
        "acceptance": d.get("acceptance"),
        "differences": list(d.get("differences") or ()),
        "shown": shown,
    }


def _missing_sqlite_file(url: str) -> bool:
    """Whether *url* is ``sqlite:///FILE`` and FILE does not exist."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return False
    path = url[len(prefix) :].split("?", 1)[0]
    return path not in ("", ":memory:") and not Path(path).exists()
