"""Cross-validated variants of the check-worthiness model (training data only).

Usage: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/checkworthiness_variants.py
[--only NAME ...] [--seeds 0 1]``

Writes ``benchmarks/checkworthiness_variants.json``, which
``benchmarks/checkworthiness.py`` turns into the "tried" table of
``benchmarks/checkworthiness.md``. Nothing here reads the CheckThat test split.

Two measures per variant, each over folds (mean and standard deviation):

- ClaimBuster 3xNCS, 5-fold stratified CV grouped by text (the folds of
  :func:`newscheck_lab.claims.train.cross_validate`), the other training data
  (ClaimBuster sentences outside 3xNCS, CheckThat train+dev at weight 3) in
  every training fold: F1 of the check-worthy class at the threshold best on
  all out-of-fold predictions (as the shipped model's threshold is chosen),
  F1 at 0.5 and average precision, per fold;
- CheckThat 2020 Task 1 train+dev (822 tweets), 5-fold stratified CV, all
  ClaimBuster data in every training fold: average precision (the task's MAP;
  one topic) per fold.

Every variant sees the same folds, so the per-fold differences to the shipped
settings (``base``) are paired; their mean and standard deviation are
reported too.

The feature matrices are built once over all texts (terms of every n-gram
length, binary) and, inside each fold, cut to the terms found in at least two
training texts and L2-normalised per block, which gives the rows
:func:`newscheck.claims.features.featurize` gives for a vocabulary built on
that fold (``base`` reproduces the shipped CV numbers).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC

from newscheck.arrays import sigmoid
from newscheck.claims import features as F
from newscheck_lab.claims.train import average_precision, best_f1_threshold, f1_at
from newscheck_lab.datasets import claims as cdata

OUT = Path(__file__).with_suffix(".json")


# ------------------------------------------------------------------ features


def _char_grams(cleaned: str, ns: tuple[int, ...]) -> list[str]:
    out: list[str] = []
    for w in cleaned.upper().split():
        w = f" {w} "
        for n in ns:
            if n > len(w):
                break
            out += [w[i : i + n] for i in range(len(w) - n + 1)]
    return out


def _trigrams(cleaned: str) -> list[str]:
    toks = ["<s>", *[F.fold(t) for t in F.TOKEN.findall(cleaned)], "</s>"]
    return [f"{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)]


_MODAL = re.compile(r"\b(?:will|would|could|should|might|must|may|can|shall)\b", re.I)
_FIRST_PLURAL = re.compile(r"\b(?:we|we're|we'll|we've|us|our|ours)\b", re.I)
_FIRST_SING = re.compile(r"\b(?:i|i'm|i'll|i've|i'd|me|my|mine)\b", re.I)
_SECOND = re.compile(r"\b(?:you|you're|your|you've|you'll)\b", re.I)
_PROMISE = re.compile(
    r"\b(?:we will|we'll|we're going to|i will|i'll|i'm going to|we're gonna"
    r"|i'm gonna|my plan|i promise|we can|let's)\b",
    re.I,
)
_OPINION2 = re.compile(
    r"\b(?:i think|i believe|i feel|in my opinion|i don't think|i know"
    r"|i'm sure|frankly|obviously|of course)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|n't)\b|n't\b", re.I)
_HEDGE = re.compile(r"\b(?:maybe|perhaps|probably|might|possibly|seems?)\b", re.I)
_FILLER = re.compile(r"\b(?:uh|um|well|oh|okay|ok|yeah|yes)\b", re.I)
_QUANT = re.compile(
    r"\b(?:percent|million|billion|trillion|thousand|hundred|dollars?|jobs"
    r"|taxes|tax|deficit|debt|budget|rate|unemployment|cases|deaths)\b",
    re.I,
)
_TIME = re.compile(
    r"\b(?:years?|months?|weeks?|days?|today|yesterday|ago|since|last|january"
    r"|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")

EXTRA_CUE_NAMES = (
    "modal",
    "first_plural",
    "first_singular",
    "second_person",
    "promise",
    "opinion",
    "negation",
    "hedge",
    "filler",
    "quantity_noun",
    "time_word",
    "mean_word_len",
    "long_word_share",
    "capital_share",
    "digit_share",
)


def extra_cues(cleaned: str) -> list[float]:
    """More hand cues (ClaimBuster papers: quantities, entities, tense, person)."""
    words = _WORD.findall(cleaned)
    n = max(len(words), 1)
    toks = cleaned.split()
    nt = max(len(toks), 1)

    def c(rx: re.Pattern[str], cap: int) -> float:
        return min(len(rx.findall(cleaned)), cap) / cap

    return [
        c(_MODAL, 2),
        c(_FIRST_PLURAL, 3),
        c(_FIRST_SING, 3),
        c(_SECOND, 3),
        c(_PROMISE, 1),
        c(_OPINION2, 1),
        c(_NEGATION, 2),
        c(_HEDGE, 1),
        c(_FILLER, 2),
        c(_QUANT, 3),
        c(_TIME, 3),
        min(sum(map(len, words)) / n / 8.0, 1.0),
        sum(len(w) >= 7 for w in words) / n,
        sum(w[0].isupper() for w in words[1:]) / max(n - 1, 1),
        sum(any(ch.isdigit() for ch in t) for t in toks) / nt,
    ]


@dataclass
class Blocks:
    """Binary term matrices over all texts, by kind, and the dense cue blocks."""

    words: csr_matrix  # uni+bigrams
    tri: csr_matrix
    chars: dict[int, csr_matrix]  # by n
    cues: np.ndarray
    cues2: np.ndarray
    emb: np.ndarray | None = None  # normalised sum of word vectors (embed)
    emb_max: np.ndarray | None = None  # max over words of unit word vectors


def _binary(term_lists: list[list[str]]) -> csr_matrix:
    index: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for terms in term_lists:
        ids = {index.setdefault(t, len(index)) for t in terms}
        indices.extend(sorted(ids))
        indptr.append(len(indices))
    return csr_matrix(
        (np.ones(len(indices)), np.asarray(indices), np.asarray(indptr)),
        shape=(len(term_lists), len(index)),
    )


def embedding_blocks(texts: list[str], cleaned: list[str]) -> tuple[np.ndarray, ...]:
    """Sum- and max-pooled static MiniLM word vectors (all 128 PCA dims).

    The word table covers every word unigram of all texts (no labels used);
    the shipped block (:func:`newscheck.claims.features.embed`) covers the
    training vocabulary's words.
    """
    from newscheck.factcheck.embed import StaticEmbedder

    emb = StaticEmbedder.load()
    words = sorted(
        {t for c in cleaned for t in F.cleaned_word_terms(c) if " " not in t}
    )
    index, rows = F.embedding_table(words, emb, emb.dim)
    summed = F.embed(texts, index, rows)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit = rows / np.where(norms > 0, norms, 1.0)
    mx = np.zeros_like(summed)
    for i, c in enumerate(cleaned):
        hit = [index[t] for t in map(F.fold, F.TOKEN.findall(c)) if t in index]
        if hit:
            mx[i] = unit[hit].max(axis=0)
    return summed, mx


def build_blocks(texts: list[str], *, embeddings: bool = True) -> Blocks:
    cleaned = [F.clean(t) for t in texts]
    emb, emb_max = embedding_blocks(texts, cleaned) if embeddings else (None, None)
    chars = {}
    for n in (2, 3, 4, 5, 6):
        chars[n] = _binary([_char_grams(c, (n,)) for c in cleaned])
    return Blocks(
        words=_binary([F.cleaned_word_terms(c) for c in cleaned]),
        tri=_binary([_trigrams(c) for c in cleaned]),
        chars=chars,
        cues=np.asarray([F.cleaned_cue_vector(c) for c in cleaned]),
        cues2=np.asarray([extra_cues(c) for c in cleaned]),
        emb=emb,
        emb_max=emb_max,
    )


# ------------------------------------------------------------------- variants


@dataclass(frozen=True)
class Variant:
    name: str
    note: str
    C: float = 1.0
    loss: str = "lr"  # lr | svm | lr+svm
    char_ns: tuple[int, ...] = (3, 4, 5)
    char_weight: float = 1.0
    trigrams: bool = False
    cue_scale: float = 1.0
    extra_cues: bool = False
    idf: bool = False
    nb: float = 0.0  # NB-SVM interpolation beta (0: off)
    stack: bool = False  # separate word / char LRs combined by an inner LR
    ct_weight: float = 3.0
    cb_extra_weight: float = 1.0
    emb_dims: int = 0
    emb_max_dims: int = 0
    emb_scale: float = 1.0
    free_at_run_time: bool = True
    params: dict[str, Any] = field(default_factory=dict)


def _normalise(X: csr_matrix) -> csr_matrix:
    X = X.tocsr(copy=True)
    nnz = np.diff(X.indptr)
    scale = np.where(nnz > 0, 1.0 / np.sqrt(np.maximum(nnz, 1)), 0.0)
    X.data = np.repeat(scale, nnz)
    return X


class Design:
    """Per-fold feature matrices of a variant over the prebuilt blocks."""

    def __init__(self, b: Blocks, v: Variant, train_rows: np.ndarray) -> None:
        self.b, self.v = b, v
        mats = [b.words] + [b.chars[n] for n in v.char_ns]
        if v.trigrams:
            mats.append(b.tri)
        # min_df 2 over the union of the vocabulary (terms of different kinds
        # never coincide: chars are upper-case, words lower-case)
        self.cols = [
            np.flatnonzero(np.asarray(m[train_rows].sum(axis=0)).ravel() >= 2)
            for m in mats
        ]

    def blocks(self, rows: np.ndarray) -> list[csr_matrix]:
        b, v = self.b, self.v
        word = b.words[rows][:, self.cols[0]]
        if v.trigrams:
            tri = b.tri[rows][:, self.cols[-1]]
            word = hstack([word, tri]).tocsr()
        chars = hstack(
            [
                b.chars[n][rows][:, c]
                for n, c in zip(v.char_ns, self.cols[1:], strict=False)
            ]
        ).tocsr()
        dense = [b.cues[rows] * v.cue_scale]
        if v.extra_cues:
            dense.append(b.cues2[rows] * v.cue_scale)
        if v.emb_dims and b.emb is not None:
            dense.append(b.emb[rows, : v.emb_dims] * v.emb_scale)
        if v.emb_max_dims and b.emb_max is not None:
            dense.append(b.emb_max[rows, : v.emb_max_dims] * v.emb_scale)
        return [
            _normalise(word),
            _normalise(chars) * v.char_weight,
            csr_matrix(np.hstack(dense)),
        ]

    def matrix(self, rows: np.ndarray) -> csr_matrix:
        return hstack(self.blocks(rows)).tocsr()


def _fit_linear(
    X: csr_matrix, y: np.ndarray, w: np.ndarray, v: Variant
) -> Callable[[csr_matrix], np.ndarray]:
    """A decision function (log-odds scale) of a linear model fitted on X."""
    scale = np.ones(X.shape[1])
    if v.idf:
        df = np.asarray((X > 0).sum(axis=0)).ravel()
        scale = np.log((1 + X.shape[0]) / (1 + df)) + 1.0
        scale[-_n_dense(v) :] = 1.0
        scale /= scale[: -_n_dense(v)].mean()
        scale[-_n_dense(v) :] = 1.0
    if v.nb:
        pos = np.asarray(X[y == 1].multiply(w[y == 1, None]).sum(axis=0)).ravel() + 1
        neg = np.asarray(X[y == 0].multiply(w[y == 0, None]).sum(axis=0)).ravel() + 1
        # ratios of the term columns only (dense columns may sum below zero);
        # the totals are over all columns
        n_sparse = X.shape[1] - _n_dense(v)
        r = np.ones(X.shape[1])
        r[:n_sparse] = np.abs(
            np.log(pos[:n_sparse] / pos.sum() / (neg[:n_sparse] / neg.sum()))
        )
        r = (1 - v.nb) + v.nb * r / r[: -_n_dense(v)].mean()
        r[-_n_dense(v) :] = 1.0
        scale = scale * r
    Xs = X.multiply(scale).tocsr()
    coefs = []
    if v.loss in ("lr", "lr+svm"):
        clf = LogisticRegression(C=v.C, solver="liblinear", max_iter=1000)
        clf.fit(Xs, y, sample_weight=w)
        coefs.append((clf.coef_[0] * scale, float(clf.intercept_[0]), 1.0))
    if v.loss in ("svm", "lr+svm"):
        svm = LinearSVC(C=v.params.get("svm_C", v.C / 10), max_iter=5000)
        svm.fit(Xs, y, sample_weight=w)
        # Platt-style scale: fit log-odds = a * margin + c on the training rows
        m = Xs @ svm.coef_[0] + svm.intercept_[0]
        pl = LogisticRegression(C=1e4).fit(m[:, None], y, sample_weight=w)
        a, c = float(pl.coef_[0, 0]), float(pl.intercept_[0])
        coefs.append((svm.coef_[0] * scale * a, float(svm.intercept_[0]) * a + c, 1.0))
    wt = sum(c[0] for c in coefs) / len(coefs)
    bias = sum(c[1] for c in coefs) / len(coefs)
    return lambda Z: Z @ wt + bias


def _n_dense(v: Variant) -> int:
    return (
        len(F.CUE_NAMES)
        + (len(EXTRA_CUE_NAMES) if v.extra_cues else 0)
        + v.emb_dims
        + v.emb_max_dims
    )


def fit_predict(
    b: Blocks,
    v: Variant,
    train: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    test: np.ndarray,
) -> np.ndarray:
    """Decision values for *test* rows of a variant trained on *train* rows."""
    d = Design(b, v, train)
    if not v.stack:
        f = _fit_linear(d.matrix(train), y[train], w[train], v)
        return f(d.matrix(test))
    # stacking: word+cues LR and char+cues LR; an inner LR on their inner-CV
    # out-of-fold decisions combines them (a linear model again at run time)
    tr_blocks = d.blocks(train)
    te_blocks = d.blocks(test)
    parts = [
        (
            hstack([tr_blocks[0], tr_blocks[2]]).tocsr(),
            hstack([te_blocks[0], te_blocks[2]]).tocsr(),
        ),
        (
            hstack([tr_blocks[1], tr_blocks[2]]).tocsr(),
            hstack([te_blocks[1], te_blocks[2]]).tocsr(),
        ),
    ]
    inner = StratifiedKFold(n_splits=3, shuffle=True, random_state=1)
    oof = np.zeros((len(train), len(parts)))
    yt, wt = y[train], w[train]
    for a, c in inner.split(np.zeros(len(train)), yt):
        for k, (Xtr, _) in enumerate(parts):
            oof[c, k] = _fit_linear(Xtr[a], yt[a], wt[a], v)(Xtr[c])
    meta = LogisticRegression(C=1.0).fit(oof, yt, sample_weight=wt)
    out = np.zeros(len(test))
    for k, (Xtr, Xte) in enumerate(parts):
        out += meta.coef_[0, k] * _fit_linear(Xtr, yt, wt, v)(Xte)
    return out + float(meta.intercept_[0])


# --------------------------------------------------------------------- the CV


@dataclass
class Data:
    texts: list[str]
    y: np.ndarray
    kind: np.ndarray  # 0: 3xNCS, 1: other ClaimBuster, 2: CheckThat train+dev
    groups: list[str]


def load_data() -> Data:
    cb = cdata.load_claimbuster("3xNCS")
    ex = cdata.claimbuster_extra("3xNCS")
    ct = [cdata.load_checkthat_task1(s) for s in ("train", "dev")]
    texts = list(cb.texts) + list(ex.texts) + [t for s in ct for t in s.texts]
    y = list(cb.labels) + list(ex.labels) + [v for s in ct for v in s.labels]
    kind = [0] * len(cb) + [1] * len(ex) + [2] * sum(len(s) for s in ct)
    return Data(
        texts=texts,
        y=np.asarray(y),
        kind=np.asarray(kind),
        groups=[" ".join(t.lower().split()) for t in texts],
    )


def _weights(d: Data, v: Variant) -> np.ndarray:
    return np.select(
        [d.kind == 0, d.kind == 1, d.kind == 2], [1.0, v.cb_extra_weight, v.ct_weight]
    )


def cv_claimbuster(b: Blocks, d: Data, v: Variant, seed: int) -> dict[str, Any]:
    scored = np.flatnonzero(d.kind == 0)
    others = np.flatnonzero(d.kind != 0)
    y = d.y
    w = _weights(d, v)
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed)
    oof = np.zeros(len(scored))
    folds = []
    for tr, te in skf.split(
        np.zeros(len(scored)), y[scored], [d.groups[i] for i in scored]
    ):
        train = np.concatenate([scored[tr], others])
        oof[te] = sigmoid(fit_predict(b, v, train, y, w, scored[te]))
        folds.append(te)
    ys = y[scored]
    t, f1 = best_f1_threshold(ys, oof)
    return {
        "f1_best": f1,
        "threshold": t,
        "f1_at_0.5": f1_at(ys, oof, 0.5),
        "ap": average_precision(ys, oof),
        "fold_f1": [f1_at(ys[te], oof[te], t) for te in folds],
        "fold_f1_0.5": [f1_at(ys[te], oof[te], 0.5) for te in folds],
        "fold_ap": [average_precision(ys[te], oof[te]) for te in folds],
    }


def cv_checkthat(b: Blocks, d: Data, v: Variant, seed: int) -> dict[str, Any]:
    scored = np.flatnonzero(d.kind == 2)
    others = np.flatnonzero(d.kind != 2)
    y = d.y
    w = _weights(d, v)
    skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    aps = []
    for tr, te in skf.split(np.zeros(len(scored)), y[scored]):
        train = np.concatenate([others, scored[tr]])
        s = fit_predict(b, v, train, y, w, scored[te])
        aps.append(average_precision(y[scored[te]], s))
    return {"fold_ap": aps}


BASE = Variant("base", "shipped settings")
VARIANTS = [
    BASE,
    replace(
        BASE,
        name="char2-5",
        note="char_wb 2-5-grams",
        char_ns=(2, 3, 4, 5),
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="char3-6",
        note="char_wb 3-6-grams",
        char_ns=(3, 4, 5, 6),
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="word3",
        note="+ word trigrams",
        trigrams=True,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="cues_x3",
        note="cue block scaled by 3 (weights rescaled)",
        cue_scale=3.0,
    ),
    replace(
        BASE,
        name="cues+15",
        note="+15 hand cues (person, promise, modal, quantity nouns, word shape)",
        extra_cues=True,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="cues+15_x3",
        note="+15 hand cues, cue block x3",
        extra_cues=True,
        cue_scale=3.0,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="idf",
        note="IDF column scaling after L2 (folded into weights)",
        idf=True,
    ),
    replace(
        BASE, name="nb0.5", note="NB log-count-ratio scaling, interpolated 0.5", nb=0.5
    ),
    replace(
        BASE,
        name="svm",
        note="L2-loss linear SVM (C=0.1) + Platt",
        loss="svm",
        params={"svm_C": 0.1},
    ),
    replace(
        BASE,
        name="lr+svm",
        note="mean of LR and Platt-scaled SVM (one linear model)",
        loss="lr+svm",
        params={"svm_C": 0.1},
    ),
    replace(
        BASE,
        name="stack",
        note="word+cue LR and char+cue LR stacked by inner-CV LR",
        stack=True,
    ),
    replace(BASE, name="C2", note="C=2", C=2.0),
    replace(
        BASE,
        name="nb0.5+lr+svm_C2",
        note="NB 0.5, C=2, mean of LR and SVM (all free at run time)",
        nb=0.5,
        C=2.0,
        loss="lr+svm",
        params={"svm_C": 0.1},
    ),
    replace(
        BASE,
        name="ct1_cbx0.5",
        note="CheckThat weight 1, other ClaimBuster 0.5",
        ct_weight=1.0,
        cb_extra_weight=0.5,
    ),
    replace(
        BASE,
        name="emb32_C2",
        note="32-d summed static MiniLM block, C=2 (tried before; reference)",
        emb_dims=32,
        C=2.0,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="emb32+max32_C2",
        note="+ 32-d max-pooled unit word vectors, C=2",
        emb_dims=32,
        emb_max_dims=32,
        C=2.0,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="emb64+max64_C2",
        note="64-d summed + 64-d max-pooled, C=2",
        emb_dims=64,
        emb_max_dims=64,
        C=2.0,
        free_at_run_time=False,
    ),
    replace(
        BASE,
        name="emb32+max32+nb0.5+lr+svm_C2",
        note="the embedding blocks with NB 0.5 and the LR+SVM mean, C=2",
        emb_dims=32,
        emb_max_dims=32,
        nb=0.5,
        C=2.0,
        loss="lr+svm",
        params={"svm_C": 0.1},
        free_at_run_time=False,
    ),
]


def run_variant(b: Blocks, d: Data, v: Variant, seeds: list[int]) -> dict[str, Any]:
    t0 = time.process_time()
    cb = [cv_claimbuster(b, d, v, s) for s in seeds]
    ct = [cv_checkthat(b, d, v, s) for s in seeds]
    res = {
        "name": v.name,
        "note": v.note,
        "free_at_run_time": v.free_at_run_time,
        "seeds": seeds,
        "cb": cb,
        "ct": ct,
        "cpu_s": time.process_time() - t0,
    }
    return res


def summarise(res: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """Means and fold statistics of one variant; paired differences to *base*.

    Folds of all the variant's CV seeds are pooled; the paired differences use
    the seeds both have.
    """

    def ms(xs: list[float]) -> tuple[float, float]:
        return float(np.mean(xs)), float(np.std(xs, ddof=1)) if len(xs) > 1 else 0.0

    def folds(r: dict[str, Any], part: str, key: str, seeds: list[int]) -> list:
        by_seed = dict(zip(r["seeds"], r[part], strict=True))
        return list(itertools.chain(*[by_seed[s][key] for s in seeds]))

    seeds = res["seeds"]
    out = {
        "name": res["name"],
        "note": res["note"],
        "free_at_run_time": res["free_at_run_time"],
        "seeds": seeds,
        "cv_f1": float(np.mean([c["f1_best"] for c in res["cb"]])),
        "cv_f1_0.5": float(np.mean([c["f1_at_0.5"] for c in res["cb"]])),
        "cv_ap": float(np.mean([c["ap"] for c in res["cb"]])),
        "fold_f1": ms(folds(res, "cb", "fold_f1", seeds)),
        "fold_ap": ms(folds(res, "cb", "fold_ap", seeds)),
        "ct_fold_ap": ms(folds(res, "ct", "fold_ap", seeds)),
    }
    if base is not None:
        common = [s for s in seeds if s in base["seeds"]]
        for key, part, fk in (("d_f1", "cb", "fold_f1"), ("d_ct_ap", "ct", "fold_ap")):
            diff = np.subtract(
                folds(res, part, fk, common), folds(base, part, fk, common)
            )
            out[key] = ms(list(diff))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument(
        "--seeds",
        nargs="*",
        type=int,
        default=[0],
        help="CV split seeds; seeds a variant already has in the results are kept",
    )
    ap.add_argument(
        "--summarise",
        action="store_true",
        help="only rewrite the summary of the results file from its raw folds",
    )
    args = ap.parse_args()
    if args.summarise:
        _write({r["name"]: r for r in json.loads(OUT.read_text())["raw"]})
        return
    t0 = time.time()
    d = load_data()
    b = build_blocks(d.texts)
    print(f"blocks built in {time.time() - t0:.0f}s", flush=True)
    prev = json.loads(OUT.read_text()) if OUT.exists() else {}
    raw = {r["name"]: r for r in prev.get("raw", [])}
    for v in VARIANTS:
        if args.only is not None and v.name not in args.only:
            continue
        have = raw[v.name]["seeds"] if v.name in raw else []
        todo = [s for s in args.seeds if s not in have]
        if not todo:
            continue
        new = run_variant(b, d, v, todo)
        if have:  # add the new seeds' folds to the earlier ones
            old = raw[v.name]
            for key in ("seeds", "cb", "ct"):
                new[key] = old[key] + new[key]
            new["cpu_s"] += old["cpu_s"]
        raw[v.name] = new
        base = raw.get("base")
        s = summarise(raw[v.name], base if v.name != "base" else None)
        print(json.dumps(s), flush=True)
        _write(raw)
    _write(raw)


def conclusion(summary: list[dict[str, Any]]) -> list[str]:
    """What the numbers say: which variants gain clearly over ``base``.

    A gain is called clear when the mean paired fold difference exceeds twice
    its standard deviation and also twice the standard deviation of
    ``base``'s own fold scores.
    """
    base = next((r for r in summary if r["name"] == "base"), None)
    if base is None:
        return []
    out = []
    any_clear = False
    for key, dkey, label in (
        ("fold_f1", "d_f1", "3xNCS F1"),
        ("ct_fold_ap", "d_ct_ap", "CheckThat CV AP"),
    ):
        rows = [r for r in summary if dkey in r]
        if not rows:
            continue
        best = max(rows, key=lambda r: r[dkey][0])
        clear = [
            r["name"]
            for r in rows
            if r[dkey][0] > 2 * r[dkey][1] and r[dkey][0] > 2 * base[key][1]
        ]
        paired = [r["name"] for r in rows if r[dkey][0] > 2 * r[dkey][1]]
        any_clear = any_clear or bool(clear)
        out.append(
            f"{label}: largest gain {best['name']} {best[dkey][0]:+.4f} "
            f"(paired std {best[dkey][1]:.4f}; base fold std {base[key][1]:.4f}); "
            f"above 2 paired std: {', '.join(paired) or 'none'}; "
            f"also above 2 base fold std: {', '.join(clear) or 'none'}."
        )
    out.append(
        "Some variant clears both bars: retrain with it and rerun the benchmark."
        if any_clear
        else "No variant clears both bars, so the shipped settings (base) stay."
    )
    return out


def _write(raw: dict[str, dict[str, Any]]) -> None:
    base = raw.get("base")
    order = [v.name for v in VARIANTS if v.name in raw]
    summary = [summarise(raw[n], base if n != "base" else None) for n in order]
    seeds = sorted({s for n in order for s in raw[n]["seeds"]})
    OUT.write_text(
        json.dumps(
            {
                "script": "benchmarks/checkworthiness_variants.py",
                "results": "benchmarks/checkworthiness_variants.json",
                "threads": os.environ.get("OMP_NUM_THREADS"),
                "seeds": seeds,
                "conclusion": conclusion(summary),
                "summary": summary,
                "raw": [raw[n] for n in order],
            },
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
