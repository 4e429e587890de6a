"""Smooth calibration and the chance that the reliability label is right.

Two small pieces read by :class:`~newscheck.reliability.ensemble.EnsembleTextModel`:

* :class:`Platt`: a monotone logistic map of the ensemble's mean logit to
  P(unreliable), fitted on out-of-corpus scores (every training corpus scored
  by members trained without it). Unlike a step (isotonic) map it gives every
  logit its own probability, so the score moves with the evidence.
* :class:`CorrectnessModel`: a logistic model of "the label at 0.5 is right",
  fitted only on out-of-corpus predictions, over the margin ``|p - 0.5|``, the
  share of the text's words the model knows, the distance to the nearest
  training corpus (cosine, in the plain member's hashed word TF-IDF space),
  the length and genre cues (share of capitalised words, quotation marks;
  a model may also read the share of political words and sentence
  punctuation per word, :data:`EXTRA_FEATURES`).
  The label commits (``reliable`` / ``unreliable``) only where the predicted
  correctness reaches ``level``, chosen by inner leave-one-corpus-out on the
  training corpora; elsewhere it is ``uncertain``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "ALL_FEATURES",
    "EXTRA_FEATURES",
    "FEATURES",
    "POLITICAL_WORDS",
    "CorrectnessModel",
    "Platt",
    "feature_row",
    "genre_cues",
    "label_of",
    "words_correct_sentence",
]

#: The correctness model's inputs, in order.
FEATURES: tuple[str, ...] = (
    "margin",
    "coverage",
    "distance",
    "log_words",
    "capitalised_share",
    "quotes_per_100",
)

#: Further inputs a correctness model may list (partisan political text and
#: lower-cased, unpunctuated or tweet-like text are where style cannot tell).
EXTRA_FEATURES: tuple[str, ...] = ("political_share", "punct_per_100")
ALL_FEATURES: tuple[str, ...] = FEATURES + EXTRA_FEATURES

_QUOTES = ('"', "\u201c", "\u201d")
_PUNCT = (".", ",", "!", "?", ";", ":")
#: Words of partisan political news (parties, offices, campaigns, leaders).
POLITICAL_WORDS: frozenset[str] = frozenset(
    """democrat democrats democratic republican republicans gop senate senator
    senators congress congressional congressman congresswoman president
    presidential election elections campaign candidate candidates liberal
    liberals conservative conservatives trump clinton hillary obama biden
    sanders pelosi mcconnell cruz rubio romney partisan voters vote votes
    governor administration impeachment bipartisan lawmakers""".split()
)


@dataclass(frozen=True)
class Platt:
    """``P = 1 / (1 + exp(-(a z + b)))`` (``a > 0``: monotone increasing)."""

    a: float
    b: float

    def __call__(self, z: float) -> float:
        t = self.a * z + self.b
        if t >= 0:
            return 1.0 / (1.0 + math.exp(-t))
        e = math.exp(t)
        return e / (1.0 + e)

    def to_json(self) -> dict[str, Any]:
        return {"type": "platt", "a": self.a, "b": self.b}


def genre_cues(
    title: str, body: str, *, extra: bool = True
) -> tuple[int, float, float, float, float]:
    """``(words, capitalised share, quotation marks per 100 words, political
    word share, sentence punctuation per 100 words)`` of a text (lower-cased
    sources have no capitals; wire copy quotes people). Without *extra* the
    last two (:data:`EXTRA_FEATURES`) are not computed (0)."""
    words = title.split() + body.split()
    n = len(words)
    if not n:
        return 0, 0.0, 0.0, 0.0, 0.0
    caps = sum(1 for w in words if w[:1].isupper())
    quotes = sum(body.count(q) for q in _QUOTES)
    if not extra:
        return n, caps / n, 100.0 * quotes / n, 0.0, 0.0
    political = sum(
        1 for w in words if w.strip(".,!?;:\"'()").lower() in POLITICAL_WORDS
    )
    punct = sum(body.count(c) for c in _PUNCT)
    return n, caps / n, 100.0 * quotes / n, political / n, 100.0 * punct / n


@dataclass
class CorrectnessModel:
    """Logistic model of the label being right, with the level to commit at.

    ``centroid_keys`` (sorted plain word keys) and ``centroids`` (one
    L2-normalised, truncated row per training corpus) give the distance
    feature; ``mean``/``std`` standardise the features before ``coef``.
    """

    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    std: np.ndarray
    level: float
    centroid_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    corpora: list[str] = field(default_factory=list)
    #: the inputs it reads, in order (names of :data:`ALL_FEATURES`)
    features: tuple[str, ...] = FEATURES
    #: out-of-corpus accuracy of committed labels (the figure the summary quotes
    #: is the model's own estimate for the article; this is the pooled one)
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.coef = np.asarray(self.coef, dtype=np.float64)
        self.mean = np.asarray(self.mean, dtype=np.float64)
        self.std = np.asarray(self.std, dtype=np.float64)
        self.centroid_keys = np.asarray(self.centroid_keys, dtype=np.int64)
        self.centroids = np.asarray(self.centroids, dtype=np.float64)
        self.features = tuple(self.features)

    def slots(self, keys: np.ndarray) -> np.ndarray:
        """For every one of *keys* (sorted, unique), its column among the
        centroids' keys, ``-1`` where a centroid has none (computed once per
        model and reused by :meth:`distance_at`)."""
        at = np.searchsorted(self.centroid_keys, keys)
        at = np.minimum(at, max(len(self.centroid_keys) - 1, 0))
        out = np.full(len(keys), -1, dtype=np.int32)
        if len(self.centroid_keys):
            hit = self.centroid_keys[at] == keys
            out[hit] = at[hit]
        return out

    def distance_at(self, slots: np.ndarray, vals: np.ndarray) -> float:
        """:meth:`distance` from centroid columns (:meth:`slots`, ``-1``: none)."""
        hit = slots >= 0
        if not hit.any() or not self.centroids.size:
            return 1.0
        cos = self.centroids[:, slots[hit]] @ vals[hit]
        return float(1.0 - max(0.0, float(cos.max())))

    def distance(self, keys: np.ndarray, vals: np.ndarray) -> float:
        """1 - the largest cosine between a text's word TF-IDF (sorted *keys*,
        L2-normalised *vals*) and a training corpus's centroid (1 when empty)."""
        if not len(keys) or not self.centroids.size:
            return 1.0
        at = np.searchsorted(self.centroid_keys, keys)
        at = np.minimum(at, len(self.centroid_keys) - 1)
        hit = self.centroid_keys[at] == keys
        if not hit.any():
            return 1.0
        cos = self.centroids[:, at[hit]] @ vals[hit]
        return float(1.0 - max(0.0, float(cos.max())))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """P(label right) of each feature row (:attr:`features` order)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        t = ((x - self.mean) / self.std) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-t)))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "mean": self.mean.tolist(),
            "std": self.std.tolist(),
            "level": self.level,
            "corpora": self.corpora,
            "centroid_keys": self.centroid_keys.tolist(),
            "centroids": np.round(self.centroids, 5).tolist(),
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CorrectnessModel:
        return cls(
            coef=np.asarray(d["coef"]),
            intercept=float(d["intercept"]),
            mean=np.asarray(d["mean"]),
            std=np.asarray(d["std"]),
            level=float(d["level"]),
            centroid_keys=np.asarray(d.get("centroid_keys", []), dtype=np.int64),
            centroids=np.asarray(d.get("centroids", []), dtype=np.float64),
            corpora=list(d.get("corpora", [])),
            features=tuple(d.get("features", FEATURES)),
            meta=dict(d.get("meta", {})),
        )


def feature_row(
    p: float,
    coverage: float,
    distance: float,
    cues: tuple[int, float, float, float, float],
    names: tuple[str, ...] = FEATURES,
) -> np.ndarray:
    """The row of features *names* (of :data:`ALL_FEATURES`) of one scored
    text; *cues* from :func:`genre_cues`."""
    n, caps, quotes, political, punct = cues
    values = {
        "margin": abs(p - 0.5),
        "coverage": coverage,
        "distance": distance,
        "log_words": math.log1p(n),
        "capitalised_share": caps,
        "quotes_per_100": quotes,
        "political_share": political,
        "punct_per_100": punct,
    }
    return np.array([values[k] for k in names], dtype=np.float64)


def label_of(p: float, correct: float | None, level: float | None) -> str:
    """``unreliable`` / ``reliable`` where the predicted correctness reaches
    *level* (always, without a correctness model), else ``uncertain``."""
    if correct is not None and level is not None and correct < level:
        return "uncertain"
    return "unreliable" if p >= 0.5 else "reliable"


def words_correct_sentence(correct: float) -> str:
    """The summary's sentence on how often articles like this were right."""
    pct = round(100 * correct)
    return (
        f"articles like this were labelled correctly {pct} % of the time "
        "on corpora the model never saw"
    )
