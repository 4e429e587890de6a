"""Training and cross-corpus evaluation of the reliability models (scikit-learn).

Only training code imports this module. The fitted models are exported as
:class:`~newscheck.reliability.model.LinearTextModel` (numpy + JSON).

The article model (:class:`Config` holds every choice):

* terms = word unigrams + bigrams (optionally char n-grams) of the
  boilerplate-stripped ``title + body``; a term is kept only if it occurs in at
  least ``min_corpora`` of the training corpora (publisher- and corpus-specific
  vocabulary cannot carry across outlets, so it is not learned);
* sublinear TF-IDF, L2-normalised, plus standardised style signals;
* L2 logistic regression, with sample weights that give every corpus the same
  total weight and both classes of a corpus the same weight;
* Platt calibration fitted on *out-of-corpus* scores: each training corpus is
  scored by a model trained on the other training corpora, never on the corpus
  being tested.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from newscheck.reliability import metrics
from newscheck.reliability.corpora import (
    ARTICLE_CORPORA,
    LIAR_LABELS,
    POSITIVE_ONLY,
    Doc,
)
from newscheck.reliability.model import LinearTextModel, full_text
from newscheck.reliability.text import STYLE_NAMES, style_vector, terms

__all__ = [
    "Config",
    "Corpus",
    "fit_article",
    "fit_baseline",
    "fit_statement",
    "loco",
]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Config:
    """Every choice of the article model (recorded in the model card)."""

    C: float = 2.0
    chars: bool = False
    style: bool = True
    style_scale: float = 0.3
    min_corpora: int = 2
    min_df: int = 2
    max_terms: int = 40_000
    balance: bool = True
    calibrate: bool = True
    positive_only_weight: float = 0.5


class Corpus:
    """Docs with their term counts and style signals computed once."""

    def __init__(self, docs: Sequence[Doc], *, chars: bool = False) -> None:
        t0 = time.perf_counter()
        self.docs = list(docs)
        self.y = np.array([d.label for d in self.docs], dtype=np.float64)
        self.corpus = np.array([d.corpus for d in self.docs])
        self.groups = np.array([d.group for d in self.docs])
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for r, d in enumerate(self.docs):
            c = Counter(terms(full_text(d.title, d.text), chars=chars))
            for t, n in c.items():
                j = vocab.setdefault(t, len(vocab))
                rows.append(r)
                cols.append(j)
                vals.append(n)
        self.counts = sp.csr_matrix(
            (np.array(vals, dtype=np.float64), (rows, cols)),
            shape=(len(self.docs), len(vocab)),
        )
        self.terms = np.array(sorted(vocab, key=vocab.__getitem__), dtype=object)
        # terms in a single document can never pass min_df: drop them up front
        df = np.asarray((self.counts > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(df >= 2)
        self.counts = self.counts[:, keep].tocsr()
        self.terms = self.terms[keep]
        self.style = np.vstack([style_vector(d.title, d.text) for d in self.docs])
        LOGGER.info(
            "featurised %d docs, %d terms in %.1fs",
            len(self.docs),
            self.counts.shape[1],
            time.perf_counter() - t0,
        )

    def __len__(self) -> int:
        return len(self.docs)


def _weights(cor: Corpus, rows: np.ndarray, cfg: Config) -> np.ndarray:
    if not cfg.balance:
        return np.ones(len(rows))
    w = np.zeros(len(rows))
    names, y = cor.corpus[rows], cor.y[rows]
    for name in np.unique(names):
        share = cfg.positive_only_weight if name in POSITIVE_ONLY else 1.0
        m = names == name
        labels = np.unique(y[m])
        for lab in labels:
            mm = m & (y == lab)
            w[mm] = share / len(labels) / mm.sum()
    return w * len(rows) / w.sum()


def _select_terms(cor: Corpus, rows: np.ndarray, cfg: Config) -> np.ndarray:
    """Column indices of the terms kept for training rows *rows*."""
    sub = cor.counts[rows]
    present = (sub > 0).astype(np.float64)
    df = np.asarray(present.sum(axis=0)).ravel()
    ncorp = np.zeros_like(df)
    names = cor.corpus[rows]
    for name in np.unique(names):
        ncorp += np.asarray(present[names == name].sum(axis=0)).ravel() > 0
    keep = np.flatnonzero((df >= cfg.min_df) & (ncorp >= cfg.min_corpora))
    if len(keep) > cfg.max_terms:
        keep = keep[np.argsort(-df[keep], kind="stable")[: cfg.max_terms]]
    return np.sort(keep)


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    x = counts.copy().tocsr()
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ x


def _design(
    cor: Corpus, rows: np.ndarray, cols: np.ndarray, idf: np.ndarray, model_style: tuple
) -> sp.csr_matrix:
    x = _tfidf(cor.counts[rows][:, cols], idf)
    mean, std, scale = model_style
    if mean is None:
        return x
    z = (cor.style[rows] - mean) / std * scale
    return sp.hstack([x, sp.csr_matrix(z)]).tocsr()


def _fit_raw(cor: Corpus, rows: np.ndarray, cfg: Config) -> LinearTextModel:
    cols = _select_terms(cor, rows, cfg)
    n = len(rows)
    df = np.asarray((cor.counts[rows][:, cols] > 0).sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    if cfg.style:
        mean = cor.style[rows].mean(axis=0)
        std = cor.style[rows].std(axis=0) + 1e-6
        st = (mean, std, cfg.style_scale)
    else:
        st = (None, None, None)
    x = _design(cor, rows, cols, idf, st)
    clf = LogisticRegression(C=cfg.C, max_iter=1000, tol=1e-4)
    clf.fit(x, cor.y[rows], sample_weight=_weights(cor, rows, cfg))
    coef = clf.coef_[0]
    k = len(cols)
    kw = {}
    if cfg.style:
        kw = {
            "style_coef": (coef[k:] * cfg.style_scale)[None, :],
            "style_mean": mean,
            "style_std": std,
        }
    return LinearTextModel(
        kind="article",
        terms=[str(t) for t in cor.terms[cols]],
        idf=idf,
        coef=coef[:k][None, :],
        intercept=clf.intercept_.copy(),
        chars=cfg.chars,
        meta={"cols_": cols},
        **kw,
    )


def decision(model: LinearTextModel, cor: Corpus, rows: np.ndarray) -> np.ndarray:
    """Uncalibrated logits of *model* on rows of *cor* (vectorised)."""
    cols = model.meta["cols_"]
    x = _tfidf(cor.counts[rows][:, cols], model.idf)
    z = x @ model.coef[0] + model.intercept[0]
    if model.uses_style:
        s = (cor.style[rows] - model.style_mean) / model.style_std
        z = z + s @ model.style_coef[0]
    return np.asarray(z).ravel()


def _platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    clf = LogisticRegression(C=1e4, max_iter=1000)
    clf.fit(z[:, None], y, sample_weight=w)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def fit_article(
    cor: Corpus, rows: np.ndarray, cfg: Config
) -> tuple[LinearTextModel, dict[str, object]]:
    """Fit on *rows*; calibrate on out-of-corpus scores of the training corpora."""
    model = _fit_raw(cor, rows, cfg)
    info: dict[str, object] = {}
    if cfg.calibrate:
        names = [n for n in np.unique(cor.corpus[rows]) if n not in POSITIVE_ONLY]
        zs, ys, ws = [], [], []
        for name in names:
            held = rows[cor.corpus[rows] == name]
            inner = rows[cor.corpus[rows] != name]
            m = _fit_raw(cor, inner, cfg)
            zs.append(decision(m, cor, held))
            ys.append(cor.y[held])
            ws.append(_weights(cor, held, cfg) / len(names))
        z, y, w = np.concatenate(zs), np.concatenate(ys), np.concatenate(ws)
        model.calibration = _platt(z, y, w)
        info["calibration_corpora"] = list(map(str, names))
    info["terms"] = len(model.terms)
    return model, info


def predict(model: LinearTextModel, cor: Corpus, rows: np.ndarray) -> np.ndarray:
    a, b = model.calibration
    z = a * decision(model, cor, rows) + b
    return 1.0 / (1.0 + np.exp(-z))


# --- the word+char TF-IDF + LR baseline of the issue ---------------------------
def fit_baseline(train: Sequence[Doc]):  # type: ignore[no-untyped-def]
    """Word (1-2) + char_wb (3-5) TF-IDF and plain logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union

    vec = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=200_000,
        ),
    )
    pipe = make_pipeline(vec, LogisticRegression(C=10.0, max_iter=2000))
    pipe.fit([full_text(d.title, d.text) for d in train], [d.label for d in train])
    return pipe


# --- leave one corpus out ---------------------------------------------------------
def loco(
    cor: Corpus, cfg: Config | None, *, corpora: Sequence[str] = ARTICLE_CORPORA
) -> dict[str, dict[str, object]]:
    """Leave-one-corpus-out: for every corpus in *corpora*, train on all other
    docs (positive-only corpora included), test on it. ``cfg=None`` runs the
    baseline. Returns per-corpus metric reports plus the pooled predictions."""
    out: dict[str, dict[str, object]] = {}
    pooled_y, pooled_p = [], []
    for name in list(corpora) + [n for n in POSITIVE_ONLY if n in set(cor.corpus)]:
        test = np.flatnonzero(cor.corpus == name)
        train = np.flatnonzero(cor.corpus != name)
        t0 = time.perf_counter()
        if cfg is None:
            pipe = fit_baseline([cor.docs[i] for i in train])
            p = pipe.predict_proba(
                [full_text(cor.docs[i].title, cor.docs[i].text) for i in test]
            )[:, 1]
        else:
            model, _ = fit_article(cor, train, cfg)
            p = predict(model, cor, test)
        rep = metrics.report(cor.y[test], p)
        rep["seconds"] = round(time.perf_counter() - t0, 1)
        out[name] = rep
        if name not in POSITIVE_ONLY:
            pooled_y.append(cor.y[test])
            pooled_p.append(p)
        LOGGER.info(
            "LOCO %s %s: F1 %.3f",
            "baseline" if cfg is None else "model",
            name,
            rep["macro_f1"],
        )
    y, p = np.concatenate(pooled_y), np.concatenate(pooled_p)
    out["_pooled"] = metrics.report(y, p)
    out["_mean_macro_f1"] = {
        "value": float(np.mean([out[n]["macro_f1"] for n in corpora]))
    }
    return out


def group_split(
    cor: Corpus, *, test_size: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A random split that keeps every group (pair / publisher / record) on one
    side, stratified by corpus."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(cor), dtype=bool)
    for name in np.unique(cor.corpus):
        groups = np.unique(cor.groups[cor.corpus == name])
        rng.shuffle(groups)
        chosen = set(groups[: max(1, math.ceil(len(groups) * test_size))])
        test |= (cor.corpus == name) & np.isin(cor.groups, list(chosen))
    return np.flatnonzero(~test), np.flatnonzero(test)


# --- the statement model (LIAR, text only) ------------------------------------------
def fit_statement(
    liar: dict[str, tuple[list[str], list[int]]],
    *,
    grid: Sequence[float] = (1.0, 2.0, 4.0),
) -> tuple[LinearTextModel, dict[str, object]]:
    """6-way multinomial LR on LIAR train statements; C picked on LIAR valid;
    P(unreliable) = P(pants-fire) + P(false) + P(barely-true)."""
    tr_x, tr_y = liar["train"]
    counts_docs = [Counter(terms(t)) for t in tr_x]
    df = Counter(t for c in counts_docs for t in c)
    vocab = sorted(t for t, n in df.items() if n >= 2)
    index = {t: i for i, t in enumerate(vocab)}
    n = len(tr_x)
    idf = np.log((1 + n) / (1 + np.array([df[t] for t in vocab], dtype=float))) + 1.0

    def matrix(texts: Sequence[str]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for r, t in enumerate(texts):
            for term, c in Counter(terms(t)).items():
                if (j := index.get(term)) is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(c)
        m = sp.csr_matrix(
            (vals, (rows, cols)), shape=(len(texts), len(vocab)), dtype=float
        )
        return _tfidf(m, idf)

    xtr = matrix(tr_x)
    xva, yva = matrix(liar["valid"][0]), np.array(liar["valid"][1])
    best = None
    for c in grid:
        clf = LogisticRegression(C=c, max_iter=3000)
        clf.fit(xtr, tr_y)
        acc = float((clf.predict(xva) == yva).mean())
        if best is None or acc > best[0]:
            best = (acc, c, clf)
    assert best is not None
    acc_valid, c_best, clf = best
    model = LinearTextModel(
        kind="statement",
        terms=vocab,
        idf=idf,
        coef=clf.coef_,
        intercept=clf.intercept_,
        classes=list(LIAR_LABELS),
        unreliable_classes=[0, 1, 2],
        meta={"C": c_best, "valid_6way_accuracy": acc_valid},
    )
    xte, yte = matrix(liar["test"][0]), np.array(liar["test"][1])
    proba = clf.predict_proba(xte)
    p_bad = proba[:, :3].sum(axis=1)
    ybin = (yte <= 2).astype(float)
    info = {
        "C": c_best,
        "valid_6way_accuracy": acc_valid,
        "test_6way_accuracy": float((proba.argmax(axis=1) == yte).mean()),
        "test_binary_accuracy": metrics.accuracy(ybin, (p_bad >= 0.5).astype(float)),
        "test_binary": metrics.report(ybin, p_bad),
        "terms": len(vocab),
        "train": len(tr_x),
        "test": len(yte),
    }
    return model, info


def config_dict(cfg: Config) -> dict[str, object]:
    return asdict(cfg)


def variants() -> dict[str, Config | None]:
    """The configurations compared in the benchmark, baseline first."""
    final = Config()
    return {
        "baseline: word+char TF-IDF + LR": None,
        "n-grams + corpus/class weights": replace(
            final, style=False, min_corpora=1, calibrate=False
        ),
        "+ terms in >=2 corpora": replace(final, style=False, calibrate=False),
        "+ style signals": replace(final, calibrate=False),
        "+ out-of-corpus Platt calibration (final)": final,
    }


STYLE = STYLE_NAMES
