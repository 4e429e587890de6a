"""Training and evaluation of the check-worthiness model (needs scikit-learn).

Everything chosen here (regularisation, feature settings, threshold, the mix of
corpora) is chosen on ClaimBuster 3xNCS cross-validation and CheckThat 2020
Task 1 train/dev only; the CheckThat test split is read by :func:`evaluate_test`
alone, once, by the benchmark.

Metrics follow the tasks: F1 of the check-worthy class for ClaimBuster, average
precision of the ranking (MAP; the English task has one topic) for CheckThat.
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.claims.features import (
    char_terms,
    embed,
    embedding_table,
    featurize,
    word_terms,
)
from newscheck.claims.model import DEFAULT_MODEL_DIR, ClaimModel
from newscheck_lab.datasets import claims as cdata

__all__ = [
    "TrainConfig",
    "average_precision",
    "best_f1_threshold",
    "build_vocab",
    "cross_validate",
    "f1_at",
    "fit",
    "train_default",
    "training_data",
]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one training run (the defaults are the shipped choice).

    Chosen in exploratory runs (not shipped) on 3xNCS CV F1 over C in
    {0.3, 1, 3}, char weight in {0.5, 1, 2}, min_df in {1, 2}, NB scaling and
    class weighting (all within about one point of F1 of each other), and on
    CheckThat *dev* average precision of models trained on 3xNCS + CheckThat
    train over CheckThat weight in {1, 3, 10} (3 best; CheckThat alone worse).
    The CheckThat test split played no part.

    ``emb_dims`` adds the first dimensions of the static MiniLM sentence
    embedding (:func:`newscheck.claims.features.embed`) as a dense block. In
    exploratory runs (one vocabulary for all folds; the shipped numbers are
    those of :func:`cross_validate`): 3xNCS CV F1 0.770 without; with all 128
    dims 0.780 at C=1, 0.784 at C=2 and at C=4 (block scaled by 2 or 4: worse),
    CheckThat dev AP 0.702 -> 0.701; with the first 32 dims at C=2, F1 0.783,
    dev AP 0.708 (64 dims: 0.784, 0.709). That embedding ran WordPiece over
    each new word at run time (+25-50 % analyzer CPU time); the shipped block
    sums the vectors of the vocabulary's words instead (one lookup per token;
    unknown words and numbers add nothing): F1 0.780, dev AP 0.699. Trained
    and benchmarked (grouped CV F1 0.7856 vs 0.7694 shipped before; CheckThat
    test MAP 0.630 vs 0.638), it still made ``analyze`` slower (alternating
    runs, 200 BuzzFeed articles: first pass +17 %, second pass +31 %, median
    of 6), so it is off by default (``emb_dims=0``, C=1 as before); train it
    with ``newscheck train claims --emb-dims 32 --c 2``.
    Also tried, not shipped: NB scaling with embeddings (0.777), an MLP over
    embedding + cues alone (0.732) or averaged with the linear model (0.782), a
    tweet-only model mixed with this one on CheckThat dev (AP 0.70 -> 0.71,
    within the noise of 150 tweets).
    Later variants (more char and word n-grams, more hand cues, cue scaling,
    IDF and interpolated NB scaling, linear SVM, stacking, domain weights,
    max-pooled word vectors, combinations) were measured by
    ``benchmarks/checkworthiness_variants.py`` on the same folds, with fold
    standard deviations and paired differences to these settings; its table
    is the "variants tried" section of ``benchmarks/checkworthiness.md``.
    """

    C: float = 1.0
    min_df: int = 2
    char_weight: float = 1.0
    class_weight: str | None = None
    checkthat_weight: float = 3.0
    nb: bool = False
    emb_dims: int = 0


def build_vocab(texts: Sequence[str], *, min_df: int = 2) -> list[str]:
    """Word and char terms found in at least *min_df* of *texts*, sorted."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(word_terms(t)) | set(char_terms(t)))
    return sorted(term for term, n in df.items() if n >= min_df)


def _matrix(
    texts: Sequence[str],
    vocab: list[str],
    char_weight: float,
    embedder: Any = None,
    emb_dims: int = 0,
) -> Any:
    from scipy.sparse import csr_matrix, hstack

    from newscheck.claims.features import CUE_NAMES

    index = {t: i for i, t in enumerate(vocab)}
    indptr, indices, values = featurize(list(texts), index, char_weight=char_weight)
    X = csr_matrix(
        (values, indices, indptr), shape=(len(texts), len(vocab) + len(CUE_NAMES))
    )
    if embedder is None or not emb_dims:
        return X
    rows_of, rows = embedding_table(vocab, embedder, emb_dims)
    return hstack([X, csr_matrix(embed(list(texts), rows_of, rows))]).tocsr()


def _embedder(config: TrainConfig) -> Any:
    if not config.emb_dims:
        return None
    from newscheck.factcheck.embed import StaticEmbedder

    return StaticEmbedder.load()


def fit(
    texts: Sequence[str],
    labels: Sequence[int],
    config: TrainConfig = TrainConfig(),
    *,
    sample_weight: Sequence[float] | None = None,
    embedder: Any = None,
) -> ClaimModel:
    """A :class:`ClaimModel` trained on *texts* / *labels*.

    With ``config.emb_dims``, *embedder* (default: the shipped fact-check
    embeddings) gives the embedding block.
    """
    from sklearn.linear_model import LogisticRegression

    if config.emb_dims and embedder is None:
        embedder = _embedder(config)
    if not config.emb_dims:
        embedder = None
    vocab = build_vocab(texts, min_df=config.min_df)
    X = _matrix(texts, vocab, config.char_weight, embedder, config.emb_dims)
    y = np.asarray(labels)
    scale = np.ones(X.shape[1])
    if config.nb:  # NB-SVM: scale each term by its naive-Bayes log-count ratio
        pos = np.asarray(X[y == 1].sum(axis=0)).ravel() + 1.0
        neg = np.asarray(X[y == 0].sum(axis=0)).ravel() + 1.0
        scale[: len(vocab)] = np.log(pos / pos.sum() / (neg / neg.sum()))[: len(vocab)]
        X = X.multiply(scale).tocsr()
    clf = LogisticRegression(
        C=config.C,
        class_weight=config.class_weight,
        solver="liblinear",
        max_iter=1000,
    )
    clf.fit(X, y, sample_weight=sample_weight)
    return ClaimModel(
        vocab=vocab,
        weights=clf.coef_[0].astype(np.float64) * scale,
        bias=float(clf.intercept_[0]),
        char_weight=config.char_weight,
        embedder=embedder,
        emb_dims=config.emb_dims if embedder is not None else 0,
    )


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[int],
    config: TrainConfig = TrainConfig(),
    *,
    folds: int = 5,
    seed: int = 0,
    extra: tuple[Sequence[str], Sequence[int], Sequence[float]] | None = None,
) -> np.ndarray:
    """Out-of-fold P(check-worthy) for each text (stratified *folds*-fold CV).

    Folds are grouped by case-folded text, so that a sentence repeated in the
    set (20 texts twice in 3xNCS) is never scored by a model trained on its
    copy. The vocabulary is rebuilt inside each fold. *extra* ``(texts, labels,
    weight)`` is added to every training fold and never scored.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    texts = list(texts)
    y = np.asarray(labels)
    oof = np.zeros(len(texts))
    groups = [" ".join(t.lower().split()) for t in texts]
    skf = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    embedder = _embedder(config)
    for tr, te in skf.split(np.zeros(len(y)), y, groups):
        tr_texts = [texts[i] for i in tr]
        tr_y = list(y[tr])
        weights = [1.0] * len(tr_texts)
        if extra is not None:
            tr_texts += list(extra[0])
            tr_y += list(extra[1])
            weights += list(extra[2])
        model = fit(tr_texts, tr_y, config, sample_weight=weights, embedder=embedder)
        oof[te] = model.predict_proba([texts[i] for i in te])
    return oof


def f1_at(y: Sequence[int], p: np.ndarray, threshold: float) -> float:
    """F1 of the positive class when ``p > threshold`` is called positive."""
    y = np.asarray(y)
    pred = p > threshold
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_f1_threshold(y: Sequence[int], p: np.ndarray) -> tuple[float, float]:
    """``(threshold, F1)`` maximising positive-class F1 over a 0.01 grid."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = [f1_at(y, p, t) for t in grid]
    best = int(np.argmax(scores))
    return float(grid[best]), float(scores[best])


def average_precision(y: Sequence[int], scores: np.ndarray) -> float:
    """Average precision of ranking by *scores* (ties broken by input order)."""
    y = np.asarray(y)
    order = np.argsort(-np.asarray(scores), kind="stable")
    hits = y[order] == 1
    if not hits.any():
        return 0.0
    prec = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(prec[hits].sum() / hits.sum())


def training_data(
    config: TrainConfig = TrainConfig(), *, shared: Path | None = None
) -> tuple[cdata.Sentences, tuple[list[str], list[int], list[float]]]:
    """The scored set (3xNCS) and the extra training items with their weights.

    Extra: ClaimBuster sentences of the other files that are not in 3xNCS
    (weight 1) and CheckThat 2020 Task 1 train + dev (weight
    ``config.checkthat_weight``). Never the CheckThat test split.
    """
    cb_root = shared / "datasets" / "claimbuster" if shared else None
    ct_root = shared / "datasets" / "checkthat2020" if shared else None
    cb = cdata.load_claimbuster("3xNCS", root=cb_root)
    texts: list[str] = []
    labels: list[int] = []
    weights: list[float] = []
    parts = [(cdata.claimbuster_extra("3xNCS", root=cb_root), 1.0)]
    parts += [
        (cdata.load_checkthat_task1(s, root=ct_root), config.checkthat_weight)
        for s in ("train", "dev")
    ]
    for part, w in parts:
        texts += part.texts
        labels += part.labels
        weights += [w] * len(part)
    return cb, (texts, labels, weights)


TRAINING_DATA = (
    "claimbuster/3xNCS",
    "claimbuster/extra-not-in-3xNCS",
    "checkthat2020/task1/train",
    "checkthat2020/task1/dev",
)


def train_default(
    out: str | Path = DEFAULT_MODEL_DIR,
    *,
    config: TrainConfig = TrainConfig(),
    shared: Path | None = None,
    folds: int = 5,
) -> tuple[ClaimModel, dict[str, Any]]:
    """Train the shipped model on :func:`training_data`.

    The threshold is the one maximising out-of-fold F1 on 3xNCS (the extra
    items joined to every training fold). Writes the model and its MODEL_CARD.md
    to *out*; returns the model and the measured numbers.
    """
    t0 = time.perf_counter()
    cb, extra = training_data(config, shared=shared)
    LOGGER.info("cross-validating on %s (%d sentences)", cb.name, len(cb))
    oof = cross_validate(cb.texts, cb.labels, config, folds=folds, extra=extra)
    threshold, cv_f1 = best_f1_threshold(cb.labels, oof)
    model = fit(
        list(cb.texts) + extra[0],
        list(cb.labels) + extra[1],
        config,
        sample_weight=[1.0] * len(cb) + extra[2],
    )
    model.threshold = threshold
    model.meta = {
        "trained": _dt.date.today().isoformat(),
        "data": list(TRAINING_DATA),
        "n_train": len(cb) + len(extra[0]),
        "config": {
            "C": config.C,
            "min_df": config.min_df,
            "char_weight": config.char_weight,
            "class_weight": config.class_weight,
            "checkthat_weight": config.checkthat_weight,
            "nb": config.nb,
            "emb_dims": config.emb_dims,
        },
        "cv_folds": folds,
        "cv_f1_3xNCS": round(cv_f1, 4),
        "cv_f1_at_0.5": round(f1_at(cb.labels, oof, 0.5), 4),
        "cv_ap_3xNCS": round(average_precision(cb.labels, oof), 4),
        "n_terms": len(model.vocab),
        "cv_grouped_by_text": True,
    }
    model.save(out)
    write_model_card(Path(out), model)
    LOGGER.info("trained in %.1fs", time.perf_counter() - t0)
    return model, model.meta


def write_model_card(out: Path, model: ClaimModel) -> None:
    """Write ``MODEL_CARD.md`` beside the artefacts from *model.meta*."""
    m = model.meta
    cfg = m.get("config", {})
    lines = [
        "# Check-worthiness model (`claims` analyzer)",
        "",
        "Written by `newscheck train claims`; every number below is printed by it.",
        "",
        "## What it does",
        "Scores each sentence with P(check-worthy): the probability that it makes a",
        "factual claim the public would want checked (ClaimBuster's CFS class /",
        "CheckThat's check-worthy tweets). Inference is numpy only.",
        "",
        "## Model",
        "Logistic regression (scikit-learn liblinear at training time) over binary",
        "word uni/bigrams (numbers folded to shapes), char 3-5-grams inside words",
        "(each block L2-normalised) and 16 dense cues (numbers, percentages, money,",
        "years, number words, comparatives, verbs of saying/doing, past tense,",
        "opinion/courtesy phrases, capitalised names, acronyms, ?/!, length)",
        (
            f"and a {model.emb_dim}-d sentence embedding (the first {model.emb_dim}"
            " PCA dims of the sum of the static MiniLM token vectors of"
            " newscheck/models/factcheck/embeddings.npz, referenced by checksum, not"
            " copied; normalised)."
            if model.emb_dim
            else "(no embedding block)."
        ),
        f"Settings: C={cfg.get('C')}, min_df={cfg.get('min_df')}, "
        f"char_weight={cfg.get('char_weight')}, "
        f"class_weight={cfg.get('class_weight')}, "
        f"CheckThat sample weight={cfg.get('checkthat_weight')}, "
        f"emb_dims={cfg.get('emb_dims', 0)}; "
        f"{m.get('n_terms')} terms.",
        "",
        "## Data",
        f"Trained on {', '.join(m.get('data', []))} ({m.get('n_train')} items).",
        "ClaimBuster: US presidential debates 1960-2016 (Arslan et al. 2020;",
        "Meng et al. 2020). CheckThat 2020 Task 1 English: COVID-19 tweets",
        "(Shaar et al. 2020).",
        "The CheckThat test split is not used here; see benchmarks/checkworthiness.md.",
        "",
        "## Measured (training data only)",
        f"- {m.get('cv_folds')}-fold CV on 3xNCS, folds grouped by text (the other",
        "  training data added to every training fold): F1(check-worthy) = "
        f"{m.get('cv_f1_3xNCS')} at the chosen threshold {model.threshold};",
        f"  {m.get('cv_f1_at_0.5')} at 0.5;",
        f"  average precision {m.get('cv_ap_3xNCS')}.",
        "",
        "## Limits",
        "- Domain: spoken political debate and tweets; news prose differs (quotes,",
        "  attributions, datelines). Scores on news are not calibrated.",
        "- English only. Check-worthiness is not truth: a high score means",
        "  'worth checking', never 'false'.",
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines))
