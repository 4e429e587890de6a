"""Out-of-corpus scores of the article ensemble, cached on disk, and the fits
of its smooth calibration and correctness model on them.

A *fit* trains the ensemble's members on some rows and scores every row of
the :class:`~newscheck_lab.reliability.train.Corpus`: the mean logit, plus
what the correctness model reads relative to that fit (coverage of each text
by the plain member's words, cosine distance to the nearest training corpus's
centroid). Fits are cached under ``NEWSCHECK_OOC_CACHE`` (``/tmp`` by
default), keyed by the configs, the rows and the corpus, so the selection
benchmark and the trainer share them.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from newscheck.reliability import metrics
from newscheck.reliability.correctness import (
    FEATURES,
    CorrectnessModel,
    Platt,
    feature_row,
    genre_cues,
)
from newscheck.reliability.plain import BIGRAM_SPACE, WORD_SPACE
from newscheck_lab.datasets.reliability import POSITIVE_ONLY
from newscheck_lab.reliability import train as T

__all__ = [
    "CENTROID_TERMS",
    "LEVELS",
    "NEVER",
    "FitScores",
    "choose_level",
    "choose_temperature",
    "features",
    "fit_correctness",
    "fit_from_ooc",
    "fit_platt",
    "fit_scores",
    "ooc_rows",
]

LOGGER = logging.getLogger(__name__)
CACHE = Path(os.environ.get("NEWSCHECK_OOC_CACHE", "/tmp/newscheck_reliability_ooc"))
#: how many word columns each corpus centroid keeps (the largest weights)
CENTROID_TERMS = 3000
#: commitment levels the inner leave-one-corpus-out chooses from
LEVELS = tuple(round(0.5 + 0.01 * k, 2) for k in range(50))
#: the level of a model that never commits (no level reached the target)
NEVER = 1.01
#: factors of Platt's logit :func:`choose_temperature` chooses from (1: none)
TEMPERATURES = tuple(round(0.5 + 0.1 * k, 1) for k in range(16))
#: the accuracy committed labels must reach on the training corpora
TARGET_ACCURACY = 0.90


@dataclass
class FitScores:
    """One fit's view of every row: mean logit, coverage, centroid distance;
    the centroids themselves (keys, rows, corpus names)."""

    z: np.ndarray
    coverage: np.ndarray
    distance: np.ndarray
    centroid_keys: np.ndarray
    centroids: np.ndarray
    corpora: list[str]


def _cache_key(cor: T.Corpus, rows: np.ndarray, cfgs: Sequence[T.Config]) -> str:
    h = hashlib.sha1()
    h.update(repr(tuple(cfgs)).encode())
    h.update(np.asarray(rows, dtype=np.int64).tobytes())
    h.update("|".join(d.id for d in cor.docs).encode())
    return h.hexdigest()[:20]


def _centroids(
    cor: T.Corpus, rows: np.ndarray, x_word: object, word_keys: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per training corpus, the mean of its rows' word TF-IDF, truncated to its
    :data:`CENTROID_TERMS` largest columns and L2-normalised."""
    names = sorted(set(cor.corpus[rows]))
    cents = []
    for name in names:
        m = rows[cor.corpus[rows] == name]
        c = np.asarray(x_word[m].mean(axis=0)).ravel()  # type: ignore[index]
        if len(c) > CENTROID_TERMS:
            c[np.argsort(-c)[CENTROID_TERMS:]] = 0.0
        c /= np.linalg.norm(c) or 1.0
        cents.append(c)
    dense = np.vstack(cents)
    used = np.flatnonzero(np.abs(dense).sum(axis=0) > 0)
    return word_keys[used], dense[:, used], [str(n) for n in names]


def fit_scores(
    cor: T.Corpus,
    rows: np.ndarray,
    cfgs: Sequence[T.Config] = T.ENSEMBLE_CONFIGS,
    weights: Sequence[float] = T.ENSEMBLE_WEIGHTS,
    *,
    cache: dict | None = None,
) -> FitScores:
    """Fit the members on *rows*, score every row (disk-cached)."""
    rows = np.sort(np.asarray(rows, dtype=np.int64))
    path = CACHE / f"{_cache_key(cor, rows, cfgs)}.npz"
    if path.exists():
        d = np.load(path, allow_pickle=False)
        return FitScores(
            d["z"],
            d["coverage"],
            d["distance"],
            d["centroid_keys"],
            d["centroids"],
            [str(x) for x in d["corpora"]],
        )
    everyone = np.arange(len(cor))
    members = [T.fit_cached(cor, rows, c, cache) for c in cfgs]
    z = sum(
        w * T.decision(m, cor, everyone) for m, w in zip(members, weights, strict=True)
    )
    plain = next(m for m in members if m.features == "plain")
    keys = cor.plain_keys[plain.cols]
    uni_cols = plain.cols[keys < BIGRAM_SPACE]
    known = np.asarray(cor.plain[:, uni_cols].sum(axis=1)).ravel()
    coverage = np.minimum(known / cor.plain_words, 1.0)
    x = T._plain_tfidf(cor, everyone, plain.cols, plain.idf)
    k = int(np.searchsorted(keys, WORD_SPACE))
    x_word = x[:, :k].tocsr()
    ckeys, cents, names = _centroids(cor, rows, x_word, keys[:k])
    col = np.searchsorted(keys[:k], ckeys)
    cos = np.asarray(x_word[:, col] @ cents.T)
    distance = 1.0 - np.maximum(cos.max(axis=1), 0.0)
    out = FitScores(np.asarray(z), coverage, distance, ckeys, cents, names)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(
        path,
        z=out.z,
        coverage=coverage,
        distance=distance,
        centroid_keys=ckeys,
        centroids=cents,
        corpora=np.array(names),
    )
    return out


def ooc_rows(
    cor: T.Corpus,
    rows: np.ndarray,
    *,
    cache: dict | None = None,
    cfgs: Sequence[T.Config] = T.ENSEMBLE_CONFIGS,
) -> dict[str, tuple[np.ndarray, FitScores]]:
    """For every two-class corpus among *rows*: its rows and the fit on the
    other rows (the scores a model that never saw it gives)."""
    out = {}
    for name in sorted(set(cor.corpus[rows])):
        if name in POSITIVE_ONLY:
            continue
        held = rows[cor.corpus[rows] == name]
        inner = rows[cor.corpus[rows] != name]
        LOGGER.info("ooc fit without %s (%d rows)", name, len(inner))
        out[str(name)] = (held, fit_scores(cor, inner, cfgs, cache=cache))
    return out


def _balanced(cor: T.Corpus, rows: np.ndarray) -> np.ndarray:
    """Every corpus the same total weight, both classes of a corpus too."""
    return T.sample_weights(cor, rows, T.Config())


def _per_corpus(cor: T.Corpus, rows: np.ndarray) -> np.ndarray:
    names = cor.corpus[rows]
    w = np.zeros(len(rows))
    for name in np.unique(names):
        m = names == name
        w[m] = 1.0 / m.sum()
    return w * len(rows) / w.sum()


def fit_platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> Platt:
    """Weighted Platt scaling of *z* (monotone: a > 0 on any informative z)."""
    clf = LogisticRegression(C=1e4, max_iter=1000)
    clf.fit(z[:, None], y, sample_weight=w)
    return Platt(float(clf.coef_[0, 0]), float(clf.intercept_[0]))


def features(
    cor: T.Corpus,
    rows: np.ndarray,
    fit: FitScores,
    platt: Platt,
    names: tuple[str, ...] = FEATURES,
) -> np.ndarray:
    """The correctness model's features *names* of *rows* as scored by *fit*
    (the run time's :func:`~newscheck.reliability.correctness.feature_row`)."""
    p = 1.0 / (1.0 + np.exp(-(platt.a * fit.z[rows] + platt.b)))
    out = [
        feature_row(
            float(p[k]),
            float(fit.coverage[i]),
            float(fit.distance[i]),
            _cues(cor, int(i)),
            names,
        )
        for k, i in enumerate(rows)
    ]
    return np.array(out, dtype=np.float64).reshape(len(rows), len(names))


_CUES: dict[tuple[int, str], tuple[int, float, float, float, float]] = {}


def _cues(cor: T.Corpus, i: int) -> tuple[int, float, float, float, float]:
    key = (int(i), cor.docs[i].id)
    if key not in _CUES:
        d = cor.docs[i]
        _CUES[key] = genre_cues(d.title, d.text)
    return _CUES[key]


def _fit_lr(x: np.ndarray, right: np.ndarray, w: np.ndarray) -> tuple:
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    clf = LogisticRegression(C=1.0, max_iter=1000)
    clf.fit((x - mean) / std, right, sample_weight=w)
    return clf.coef_[0], float(clf.intercept_[0]), mean, std


#: how :func:`choose_level` summarises the held-out corpora's accuracies
RULES = {"median": 0.5, "quartile": 0.25, "worst": 0.0}


def choose_level(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
    rule: str = "median",
) -> tuple[float, dict[str, float]]:
    """The lowest level at which labels committed by a correctness model fitted
    on the other parts reach :data:`TARGET_ACCURACY` in the median held-out
    part (:data:`NEVER` if none does). The median, not every part: on the
    shared corpora no level reaches it on every held-out corpus (BuzzFeed's
    political articles leaning "unreliable" are right about 30 % of the time
    however confident), and a rule that demands it never commits.
    *parts*: per corpus, (features, label right, weights). Returns the level
    and its pooled accuracy/coverage."""
    preds = []
    for i in range(len(parts)):
        rest = [parts[j] for j in range(len(parts)) if j != i]
        coef, b, mean, std = _fit_lr(
            np.vstack([r[0] for r in rest]),
            np.concatenate([r[1] for r in rest]),
            np.concatenate([r[2] for r in rest]),
        )
        x = parts[i][0]
        preds.append(1.0 / (1.0 + np.exp(-(((x - mean) / std) @ coef + b))))
    never = (NEVER, {"accuracy": float("nan"), "coverage": 0.0})
    for level in LEVELS:
        acc, cov = [], []
        for (_, right, _), q in zip(parts, preds, strict=True):
            keep = q >= level
            cov.append(keep.mean())
            if keep.any():
                acc.append(right[keep].mean())
        if acc and float(np.quantile(acc, RULES[rule])) >= TARGET_ACCURACY:
            return level, {
                "accuracy": float(np.median(acc)),
                "mean_accuracy": float(np.mean(acc)),
                "worst_accuracy": float(np.min(acc)),
                "coverage": float(np.mean(cov)),
            }
    return never


def choose_temperature(
    zs: Sequence[np.ndarray], ys: Sequence[np.ndarray], ws: Sequence[np.ndarray]
) -> float:
    """The factor *t* of Platt's logit (``sigmoid(t (a z + b))``) with the
    lowest mean expected calibration error on held-out corpora: each corpus's
    out-of-corpus scores *zs* calibrated by a Platt fit on the others (labels
    *ys*, weights *ws*), at its natural class shares."""
    err = np.zeros(len(TEMPERATURES))
    for i in range(len(zs)):
        rest = [j for j in range(len(zs)) if j != i]
        pl = fit_platt(
            np.concatenate([zs[j] for j in rest]),
            np.concatenate([ys[j] for j in rest]),
            np.concatenate([ws[j] for j in rest]),
        )
        t0 = pl.a * zs[i] + pl.b
        for k, t in enumerate(TEMPERATURES):
            err[k] += metrics.ece(ys[i], 1.0 / (1.0 + np.exp(-t * t0)))
    return float(TEMPERATURES[int(np.argmin(err))])


def fit_correctness(
    cor: T.Corpus,
    rows: np.ndarray,
    *,
    cache: dict | None = None,
    full: FitScores | None = None,
    cfgs: Sequence[T.Config] = T.ENSEMBLE_CONFIGS,
    names: tuple[str, ...] = FEATURES,
    temperature: bool = False,
    natural: bool = False,
    rule: str = "median",
) -> tuple[Platt, CorrectnessModel, dict[str, object]]:
    """The calibration and correctness model of an ensemble (members *cfgs*)
    trained on *rows*, both fitted on out-of-corpus scores of its training
    corpora only; the commitment level by inner leave-one-corpus-out over
    those corpora. *full* (the fit on *rows* itself) lends the centroids the
    run time uses."""
    ooc = ooc_rows(cor, rows, cache=cache, cfgs=cfgs)
    if full is None:
        full = fit_scores(cor, rows, cfgs, cache=cache)
    return fit_from_ooc(
        cor,
        ooc,
        full,
        names=names,
        temperature=temperature,
        natural=natural,
        rule=rule,
    )


def fit_from_ooc(
    cor: T.Corpus,
    ooc: dict[str, tuple[np.ndarray, FitScores]],
    full: FitScores,
    *,
    names: tuple[str, ...] = FEATURES,
    temperature: bool = False,
    natural: bool = False,
    rule: str = "median",
) -> tuple[Platt, CorrectnessModel, dict[str, object]]:
    """:func:`fit_correctness` from given out-of-corpus scores: per corpus, its
    rows and the fit that never saw them; *full* lends the centroids. The
    correctness model reads features *names*; with *temperature*, Platt's
    logit is scaled by :func:`choose_temperature`; with *natural*, Platt
    weighs every corpus the same and its rows the same (its natural class
    shares, not both classes equally); *rule*: :func:`choose_level`'s."""
    held = np.concatenate([h for h, _ in ooc.values()])
    z = np.concatenate([f.z[h] for h, f in ooc.values()])
    weigh = _per_corpus if natural else _balanced
    w = weigh(cor, held)
    platt = fit_platt(z, cor.y[held], w)
    temp = 1.0
    if temperature:
        temp = choose_temperature(
            [f.z[h] for h, f in ooc.values()],
            [cor.y[h] for h, _ in ooc.values()],
            [weigh(cor, h) for h, _ in ooc.values()],
        )
        platt = Platt(platt.a * temp, platt.b * temp)
    parts = []
    for h, f in ooc.values():
        x = features(cor, h, f, platt, names)
        p = 1.0 / (1.0 + np.exp(-(platt.a * f.z[h] + platt.b)))
        right = ((p >= 0.5) == (cor.y[h] == 1)).astype(np.float64)
        parts.append((x, right, _balanced(cor, h)))
    level, inner = choose_level(parts, rule)
    coef, b, mean, std = _fit_lr(
        np.vstack([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]) / len(parts),
    )
    model = CorrectnessModel(
        coef=coef,
        intercept=b,
        mean=mean,
        std=std,
        level=level,
        centroid_keys=full.centroid_keys,
        centroids=full.centroids,
        corpora=full.corpora,
        features=names,
        meta={"inner_loco": inner, "features": list(names)},
    )
    info: dict[str, object] = {
        "calibration_corpora": list(ooc),
        "temperature": temp,
        "natural_classes": natural,
        "rule": rule,
        "level": level,
        "inner_loco": inner,
        "ooc_ece": metrics.ece(
            cor.y[held], 1.0 / (1.0 + np.exp(-(platt.a * z + platt.b)))
        ),
    }
    return platt, model, info
