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
    CUE_NAMES,
    char_terms,
    embed,
    embedding_table,
    featurize,
    word_terms,
)
from newscheck.claims.model import DEFAULT_MODEL_DIR, ClaimModel
from newscheck_lab.datasets import claims as cdata

__all__ = [
    "Corpus",
    "TrainConfig",
    "average_precision",
    "best_f1_threshold",
    "build_vocab",
    "calibrate",
    "choose_threshold",
    "cross_validate",
    "f1_at",
    "fit",
    "train_default",
    "training_corpus",
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
    #: sample weight of CheckThat 2019 debate lines (fact-checker selections:
    #: sparse positives) relative to ClaimBuster / CheckThat 2024 sentences
    ct19_weight: float = 0.3
    #: most of the sentences of ordinary news the threshold may flag
    news_max_share: float = 0.40
    #: sample weight of the CheckThat 2024 dev-test sentences (newer debates,
    #: annotated as the 2024 test is) in the final model; their threshold
    #: predictions come from 2-fold cross-fitting. 0: kept out of training.
    devtest_weight: float = 5.0


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
    ya = np.asarray(y)
    pred = p > threshold
    tp = float(np.sum(pred & (ya == 1)))
    fp = float(np.sum(pred & (ya == 0)))
    fn = float(np.sum(~pred & (ya == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_f1_threshold(y: Sequence[int], p: np.ndarray) -> tuple[float, float]:
    """``(threshold, F1)`` maximising positive-class F1 over a 0.01 grid."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = [f1_at(y, p, t) for t in grid]
    best = int(np.argmax(scores))
    return float(grid[best]), float(scores[best])


def average_precision(y: Sequence[int], scores: np.ndarray) -> float:
    """Average precision of ranking by *scores* (ties broken by input order)."""
    ya = np.asarray(y)
    order = np.argsort(-np.asarray(scores), kind="stable")
    hits = ya[order] == 1
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
    if "task_threshold" not in m:  # a model of train_default (3xNCS CV)
        _write_cv_model_card(out, model)
        return
    lines = [
        "# Check-worthiness model (`claims` analyzer)",
        "",
        "Written by `newscheck train claims` (`newscheck_lab.claims.train.train_all`);",
        "every number below is printed by it. Measured on the test splits:",
        "benchmarks/checkworthiness.md.",
        "",
        "## What it does",
        "Scores each sentence with a calibrated P(check-worthy): the probability",
        "that it makes a verifiable factual claim the public would want checked",
        "(ClaimBuster's CFS class, CheckThat's check-worthy sentences and tweets).",
        "Inference is numpy only.",
        "",
        "## Model",
        "Logistic regression (scikit-learn liblinear at training time) over binary",
        "word uni/bigrams (numbers folded to shapes), char 3-5-grams inside words",
        f"(each block L2-normalised) and {len(CUE_NAMES)} dense cues: numbers,",
        "percentages, money, years, number words, comparatives, verbs of",
        "saying/doing, past tense, opinion/courtesy phrases, capitalised names not",
        "starting a sentence, acronyms, ?/!, length, and word-list cues for",
        "first/second person, modal verbs, hedges, sentiment-laden words (VADER",
        "lexicon, |valence| >= 1.5), time expressions, attributions and sources,",
        "superlatives.",
        f"Settings: {cfg}; {m.get('n_terms')} terms.",
        f"Platt scaling (a, b) = {m.get('platt')} fitted on {m.get('calibration')}",
        "and folded into the weights (the model stays linear).",
        "",
        "## Data",
        f"Trained on {', '.join(m.get('data', []))} ({m.get('n_train')} items",
        "before the dev-test sentences), deduplicated on case-folded text (first",
        "label wins, in that order). Every sentence of "
        f"{', '.join(m.get('never_trained_on', []))}",
        "is left out, as are the calibration sentences.",
        "ClaimBuster / CheckThat 2024: US presidential debates 1960-2020 (Arslan",
        "et al. 2020; Hasanain et al. 2024). CheckThat 2020: COVID-19 tweets",
        "(Shaar et al. 2020). CheckThat 2019: debates and speeches 2015-2019, lines",
        "selected by fact-checkers (Atanasova et al. 2019).",
        "",
        "## Thresholds (chosen on development data only)",
        f"- Task threshold {m.get('task_threshold')}: best F1 on "
        f"{m.get('task_threshold_on')}: {m.get('dev_task_f1')}",
        f"  (average precision {m.get('dev_test_ap_crossfit')}).",
        f"- Analyzer threshold {model.threshold}: the lowest at or above the task",
        f"  threshold that flags at most {cfg.get('news_max_share', 0.4):.0%} of "
        "the sentences of a news tuning",
        "  sample (BuzzFeed-Webis 2016 articles 1000-1249, ReCOVery 1500-1749,",
        f"  Snopes312 200-299; no labels used): {m.get('news_tune_share'):.1%} "
        "flagged.",
        f"  F1 on the dev-test at it: {m.get('dev_f1_at_threshold')}.",
        f"- Average precision on {m.get('calibration')}: {m.get('dev_ap')}.",
        "",
        "## Rebuild",
        "`newscheck train claims` (needs `pip install -e '.[train]'` and the",
        "shared datasets); then `python benchmarks/checkworthiness.py` and",
        "`python scripts/update_readme.py`.",
        "",
        "## Limits",
        "- Trained on spoken debate and tweets; news prose differs (long sentences,",
        "  quotes, attributions): in news most sentences state facts, so the",
        "  analyzer's threshold is set high enough to flag a minority of them.",
        "- The probabilities are calibrated on debate sentences, not on news.",
        "- English only. Check-worthiness is not truth: a high score means",
        "  'worth checking', never 'false'.",
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines))


def _write_cv_model_card(out: Path, model: ClaimModel) -> None:
    """The model card of a :func:`train_default` model (3xNCS CV numbers)."""
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


# ------------------------------------------------------------ all the corpora


@dataclass(frozen=True)
class Corpus:
    """Deduplicated training items: parallel texts, labels, weights, sources."""

    texts: list[str]
    labels: list[int]
    weights: list[float]
    sources: list[str]

    def __len__(self) -> int:
        return len(self.texts)


#: The development set: CheckThat 2024 dev and dev-test (calibration, threshold).
DEV_DATA = ("checkthat2024/task1/dev", "checkthat2024/task1/dev-test")
#: Never trained on: the test splits scored by the benchmark.
TEST_DATA = (
    "checkthat2024/task1/test",
    "checkthat2019/task1/test",
    "checkthat2020/task1/test",
)


def _root(shared: Path | None, name: str) -> Path | None:
    return shared / "datasets" / name if shared else None


def training_corpus(
    config: TrainConfig = TrainConfig(), *, shared: Path | None = None
) -> tuple[Corpus, cdata.Sentences]:
    """All training sentences, deduplicated, and the development set.

    Training, in order of precedence for a sentence found in several (its first
    label wins): CheckThat 2024 train, every ClaimBuster file, CheckThat 2020
    train + dev (weight ``config.checkthat_weight``), CheckThat 2019 train
    (weight ``config.ct19_weight``). A sentence (case-folded, spaces collapsed)
    of the development set (:data:`DEV_DATA`) or of any test split
    (:data:`TEST_DATA`) is left out of training.
    """
    ct24, ct19, ct20, cb = (
        _root(shared, n)
        for n in (
            "checkthat2024_t1_en",
            "checkthat2019_t1_en",
            "checkthat2020",
            "claimbuster",
        )
    )
    dev_parts = [cdata.load_checkthat2024(s, root=ct24) for s in ("dev", "dev-test")]
    dev = cdata.Sentences(
        name="+".join(DEV_DATA),
        ids=tuple(i for d in dev_parts for i in d.ids),
        texts=tuple(t for d in dev_parts for t in d.texts),
        labels=tuple(y for d in dev_parts for y in d.labels),
    )
    held = {cdata.norm_text(t) for t in dev.texts}
    for test in (
        cdata.load_checkthat2024("test", root=ct24),
        cdata.load_checkthat2019("test", root=ct19),
        cdata.load_checkthat_task1("test", root=ct20),
    ):
        held |= {cdata.norm_text(t) for t in test.texts}
    parts: list[tuple[cdata.Sentences, float]] = [
        (cdata.load_checkthat2024("train", root=ct24), 1.0),
        (cdata.load_claimbuster("3xNCS", root=cb), 1.0),
        (cdata.claimbuster_extra("3xNCS", root=cb), 1.0),
        (cdata.load_checkthat_task1("train", root=ct20), config.checkthat_weight),
        (cdata.load_checkthat_task1("dev", root=ct20), config.checkthat_weight),
        (cdata.load_checkthat2019("train", root=ct19), config.ct19_weight),
    ]
    out = Corpus([], [], [], [])
    seen = set(held)
    for part, w in parts:
        if w <= 0:
            continue
        for t, y in zip(part.texts, part.labels, strict=True):
            key = cdata.norm_text(t)
            if not key or key in seen:
                continue
            seen.add(key)
            out.texts.append(t)
            out.labels.append(y)
            out.weights.append(w)
            out.sources.append(part.name)
    return out, dev


def calibrate(
    model: ClaimModel, texts: Sequence[str], labels: Sequence[int]
) -> tuple[float, float]:
    """Platt scaling on *texts*: fit ``sigmoid(a * z + b)`` to *labels* and fold
    it into the model's weights and bias (the model stays linear).

    Returns ``(a, b)``.
    """
    from sklearn.linear_model import LogisticRegression

    z = model.decision(list(texts)).reshape(-1, 1)
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z, np.asarray(labels))
    a, b = float(lr.coef_[0][0]), float(lr.intercept_[0])
    model.weights = model.weights * a
    model.bias = model.bias * a + b
    model._scorer = None  # weights changed: rebuild the fast scorer
    model.meta["platt"] = [a, b]
    return a, b


def choose_threshold(
    task_labels: Sequence[int],
    task_p: np.ndarray,
    news_p: np.ndarray,
    max_share: float,
) -> dict[str, float]:
    """Two operating points of the calibrated model.

    ``task_threshold``: best F1 (0.01 grid) on the labelled development
    sentences *task_labels* / *task_p*; ``threshold`` (the analyzer's): the
    smallest value at or above it leaving at most *max_share* of the news
    sentences *news_p* above it.
    """
    t_task, f1 = best_f1_threshold(task_labels, task_p)
    t_news = t_task
    while t_news < 0.99 and float(np.mean(news_p > t_news)) > max_share:
        t_news = round(t_news + 0.01, 2)
    return {
        "threshold": t_news,
        "task_threshold": t_task,
        "dev_task_f1": f1,
        "dev_f1_at_threshold": f1_at(task_labels, task_p, t_news),
        "news_tune_share": float(np.mean(news_p > t_news)),
    }


def train_all(
    out: str | Path = DEFAULT_MODEL_DIR,
    *,
    config: TrainConfig = TrainConfig(),
    shared: Path | None = None,
) -> tuple[ClaimModel, dict[str, Any]]:
    """Train the shipped model on :func:`training_corpus`, calibrate it on the
    development set and choose its threshold (:func:`choose_threshold` over the
    development set and the :data:`newscheck_lab.claims.evaluate.NEWS_TUNE`
    articles). Writes the model and its MODEL_CARD.md to *out*."""
    from newscheck_lab.claims.evaluate import (
        NEWS_TUNE,
        news_articles,
        news_sentence_probas,
    )

    t0 = time.perf_counter()
    train, _ = training_corpus(config, shared=shared)
    ct24 = _root(shared, "checkthat2024_t1_en")
    dev = cdata.load_checkthat2024("dev", root=ct24)
    # the task operating point: the 2024 dev-test split (newer debates,
    # annotated as the 2024 test is), not the ClaimBuster-era dev split
    task = cdata.load_checkthat2024("dev-test", root=ct24)
    LOGGER.info("training on %d sentences", len(train))

    def fit_with(rows: Sequence[int]) -> ClaimModel:
        w = config.devtest_weight if rows else 0.0
        m = fit(
            train.texts + [task.texts[i] for i in rows],
            train.labels + [task.labels[i] for i in rows],
            config,
            sample_weight=train.weights + [w] * len(rows),
        )
        calibrate(m, dev.texts, dev.labels)
        return m

    task_p = np.zeros(len(task))
    if config.devtest_weight > 0:
        for k in (0, 1):  # cross-fitting: each half scored by a model without it
            held = [i for i in range(len(task)) if i % 2 == k]
            part = fit_with([i for i in range(len(task)) if i % 2 != k])
            task_p[held] = part.predict_proba([task.texts[i] for i in held])
        model = fit_with(list(range(len(task))))
    else:
        model = fit_with([])
        task_p = model.predict_proba(task.texts)
    a, b = model.meta.pop("platt")
    dev_p = model.predict_proba(dev.texts)
    news_p = news_sentence_probas(model, news_articles(NEWS_TUNE, shared=shared))
    chosen = choose_threshold(task.labels, task_p, news_p, config.news_max_share)
    model.threshold = chosen["threshold"]
    counts = Counter(train.sources)
    model.meta = {
        "trained": _dt.date.today().isoformat(),
        "data": [f"{k} ({v})" for k, v in counts.items()]
        + (
            [f"checkthat2024/task1/dev-test ({len(task)})"]
            if config.devtest_weight > 0
            else []
        ),
        "calibration": "checkthat2024/task1/dev",
        "task_threshold_on": "checkthat2024/task1/dev-test (2-fold cross-fitted)",
        "never_trained_on": list(TEST_DATA),
        "n_train": len(train),
        "config": {
            "C": config.C,
            "min_df": config.min_df,
            "char_weight": config.char_weight,
            "class_weight": config.class_weight,
            "checkthat_weight": config.checkthat_weight,
            "ct19_weight": config.ct19_weight,
            "nb": config.nb,
            "emb_dims": config.emb_dims,
            "news_max_share": config.news_max_share,
            "devtest_weight": config.devtest_weight,
        },
        "platt": [round(a, 4), round(b, 4)],
        "dev_ap": round(average_precision(dev.labels, dev_p), 4),
        "dev_test_ap_crossfit": round(average_precision(task.labels, task_p), 4),
        **{k: round(v, 4) for k, v in chosen.items() if k != "threshold"},
        "n_terms": len(model.vocab),
    }
    model.save(out)
    write_model_card(Path(out), model)
    LOGGER.info("trained in %.1fs", time.perf_counter() - t0)
    return model, model.meta
