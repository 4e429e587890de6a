"""Training and cross-corpus evaluation of the reliability models (scikit-learn).

The fitted models are exported as
:class:`~newscheck.reliability.model.LinearTextModel` (numpy + JSON), which the
runtime reads without this module.

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

import copy
import itertools
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
from newscheck.reliability.features import (
    STYLE_NAMES,
    canonical,
    function_codes,
    function_gram_keys,
    style_signals,
    token_stream,
)
from newscheck.reliability.model import LinearTextModel, full_text
from newscheck.reliability.plain import (
    BIGRAM_SPACE,
    WORD_SPACE,
    PlainNgramModel,
    plain_keys,
)
from newscheck.reliability.text import LEAK_TOKENS
from newscheck_lab.datasets.reliability import (
    ARTICLE_CORPORA,
    POSITIVE_ONLY,
    Doc,
)

__all__ = [
    "ENSEMBLE_CONFIGS",
    "ENSEMBLE_WEIGHTS",
    "PLAIN_CONFIG",
    "PLAIN_NGRAM_CONFIG",
    "WIDE_ENSEMBLE_CONFIGS",
    "Config",
    "Corpus",
    "coverage_reference",
    "export_ensemble",
    "fit_article",
    "fit_baseline",
    "fit_cached",
    "fit_ensemble",
    "fit_isotonic",
    "fit_statement",
    "loco",
    "sample_weights",
    "shrink_factor",
]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Config:
    """Every choice of the article model (recorded in the model card)."""

    C: float = 4.0
    style: bool = True
    style_scale: float = 0.3
    emb: bool = False
    emb_scale: float = 0.5
    min_corpora: int = 2
    min_df: int = 2
    max_terms: int = 40_000
    balance: bool = True
    #: "corpus": every corpus the same total weight, both classes of a corpus
    #: the same; "class": both classes the same weight over all rows (corpora
    #: keep their natural sizes, as a plain balanced logistic regression)
    balance_by: str = "corpus"
    calibrate: bool = True
    positive_only_weight: float = 0.5
    consistent: float = 0.6
    #: per-corpus weight multipliers, e.g. (("liar", 3.0),)
    corpus_weights: tuple[tuple[str, float], ...] = ()
    #: weight of the function-word n-gram block (0 = not used), the number of
    #: training corpora a pattern must occur in, and how many patterns to keep
    fw_scale: float = 0.7
    fw_min_corpora: int = 3
    fw_max: int = 5_000
    #: standardise the style signals within each training corpus (so the model
    #: learns within-corpus contrasts, not which corpus writes longer sentences)
    style_within: bool = True
    #: "platt" or "isotonic" (both fitted on out-of-corpus scores)
    calibration: str = "isotonic"
    #: topic clusters of the training articles (k-means on their TF-IDF, fitted
    #: on the training rows only; 0 = not used)
    topic_k: int = 0
    topic_seed: int = 0
    #: average the topic-balanced weights over this many clusterings (seeds
    #: ``topic_seed``, ``topic_seed + 1``, ...): k-means is seed-sensitive
    topic_seeds: int = 1
    #: topic-balanced weights: within every corpus, each topic cluster keeps
    #: its share of the corpus, split equally between the classes it holds; a
    #: cluster holding one class only keeps ``topic_single`` of its share
    topic_weights: bool = False
    topic_single: float = 0.25
    #: sign consistency over (corpus, topic cluster) cells instead of corpora:
    #: a term must lean the same way in ``consistent`` of the cells (holding
    #: ``topic_min_docs`` docs of each class) that use it
    topic_consistent: bool = False
    topic_min_docs: int = 10
    #: what the n-gram block counts: "words" (unigrams + bigrams of the token
    #: stream) or "plain" (hashed word 1-2-grams and char 3-5-grams of the text
    #: as written, :mod:`.plain`: no style, patterns or sign restrictions; the
    #: char block keeps its ``max_terms`` most frequent n-grams, words all)
    features: str = "words"


#: The shipped article model: the mean logit of the first round's final
#: model (:class:`Config`'s defaults: sign-consistent terms, patterns,
#: within-corpus style, corpus-balanced) and the plain word 1-2 + char 3-5
#: TF-IDF model of the text as written (:mod:`.plain`, class-balanced: the
#: issue's baseline, which transfers best to unseen political outlets),
#: isotonic calibration on out-of-corpus means. Chosen on the cells of
#: ``benchmarks/reliability_selection.py`` (leave-one-corpus-out plus source-
#: and month-disjoint splits, the plain word+char baseline on every table).
#: ``PLAIN_CONFIG`` (word 1-2 of the token stream only) was the second member
#: of the previous release.
PLAIN_CONFIG = Config(
    min_corpora=1,
    consistent=0.0,
    fw_scale=0.0,
    style=False,
    balance_by="class",
    max_terms=200_000,
)
PLAIN_NGRAM_CONFIG = replace(PLAIN_CONFIG, features="plain")
ENSEMBLE_CONFIGS: tuple[Config, ...] = (Config(), PLAIN_NGRAM_CONFIG)
ENSEMBLE_WEIGHTS: tuple[float, ...] = (0.5, 0.5)
#: The ensemble trained on the wider corpora (``WIDE_CORPORA``): both members
#: corpus-balanced (class-balanced, CoAID's 2,500 reliable rows would be a
#: third of the plain member's reliable class).
WIDE_ENSEMBLE_CONFIGS: tuple[Config, ...] = (
    Config(),
    replace(PLAIN_NGRAM_CONFIG, balance_by="corpus"),
)


def doc_terms(tokens: list[str]) -> list[str]:
    """Unigrams + bigrams of canonical tokens (what the n-gram features count)."""
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def word_vectors(words: Sequence[str]) -> np.ndarray:
    """Static vectors of *words*: the sum of their WordPiece vectors in the
    fact-check embedding model (distilled from all-MiniLM-L6-v2)."""
    from newscheck.factcheck.embed import StaticEmbedder

    emb = StaticEmbedder.load()
    out = np.zeros((len(words), emb.dim), dtype=np.float64)
    for i, w in enumerate(words):
        ids = emb.tokenizer.word_ids(w)
        if ids:
            out[i] = emb.vectors[ids].sum(axis=0)
    return out


def _keyed_counts(
    rows: list[np.ndarray],
    keys: list[np.ndarray],
    vals: list[np.ndarray],
    n_docs: int,
    *,
    min_df: int,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """A document x key count matrix from each document's (row, distinct keys,
    counts), its columns the sorted keys seen in *min_df*+ documents."""
    uniq, col = np.unique(np.concatenate(keys), return_inverse=True)
    m = sp.csr_matrix(
        (np.concatenate(vals).astype(np.float64), (np.concatenate(rows), col)),
        shape=(n_docs, len(uniq)),
    )
    keep = np.flatnonzero(np.asarray((m > 0).sum(axis=0)).ravel() >= min_df)
    return m[:, keep].tocsr(), uniq[keep]


class Corpus:
    """Docs with their term counts, style signals and mean word vectors
    computed once (with the run-time tokenisation)."""

    def __init__(self, docs: Sequence[Doc], *, vectors: bool = True) -> None:
        t0 = time.perf_counter()
        self.docs = list(docs)
        self.y = np.array([d.label for d in self.docs], dtype=np.float64)
        self.corpus = np.array([d.corpus for d in self.docs])
        self.groups = np.array([d.group for d in self.docs])
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        styles, ntok = [], []
        fw_rows, fw_keys, fw_vals = [], [], []
        for r, d in enumerate(self.docs):
            stream = token_stream(d.title, d.text)
            toks = canonical(stream.tokens, LEAK_TOKENS)
            styles.append(style_signals(d.title, d.text, stream))
            ntok.append(len(toks))
            keys, _ = function_gram_keys(function_codes(toks))
            uk, uc = np.unique(keys, return_counts=True)
            fw_rows.append(np.full(len(uk), r))
            fw_keys.append(uk)
            fw_vals.append(uc)
            for t, n in Counter(doc_terms(toks)).items():
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
        self.style = np.vstack(styles) if styles else np.zeros((0, len(STYLE_NAMES)))
        # function-word n-grams: columns = sorted keys seen in 5+ documents
        if fw_keys:
            self.fw, self.fw_keys = _keyed_counts(
                fw_rows, fw_keys, fw_vals, len(self.docs), min_df=5
            )
        else:
            self.fw = sp.csr_matrix((0, 0))
            self.fw_keys = np.zeros(0, np.int64)
        self.ntok = np.maximum(np.array(ntok, dtype=np.float64), 1.0)
        self._plain: sp.csr_matrix | None = None
        self.plain_keys = np.zeros(0, np.int64)
        self.plain_words = np.zeros(0)  # word occurrences per doc (plain)
        # mean word vector of every doc, over the words seen in 2+ docs (the
        # words a shipped model can know)
        uni = np.flatnonzero([" " not in t for t in self.terms])
        self.vector_words = [str(t) for t in self.terms[uni]]
        if vectors:
            self.word_vecs = word_vectors(self.vector_words)
            self.emb = (
                np.asarray(self.counts[:, uni] @ self.word_vecs) / self.ntok[:, None]
            )
        else:
            self.word_vecs = np.zeros((len(uni), 0))
            self.emb = np.zeros((len(self.docs), 0))
        LOGGER.info(
            "featurised %d docs, %d terms in %.1fs",
            len(self.docs),
            self.counts.shape[1],
            time.perf_counter() - t0,
        )

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def plain(self) -> sp.csr_matrix:
        """Counts of :func:`~newscheck.reliability.plain.plain_keys` (columns:
        :attr:`plain_keys`, the keys in 2+ documents), computed on first use."""
        if self._plain is None:
            rows, keys, vals, words = [], [], [], []
            for r, d in enumerate(self.docs):
                k = plain_keys(d.title, d.text)[0]
                words.append(int((k < BIGRAM_SPACE).sum()))
                uk, uc = np.unique(k, return_counts=True)
                rows.append(np.full(len(uk), r))
                keys.append(uk)
                vals.append(uc)
            self._plain, self.plain_keys = _keyed_counts(
                rows, keys, vals, len(self.docs), min_df=2
            )
            self.plain_words = np.maximum(np.array(words, dtype=np.float64), 1.0)
        return self._plain


#: the most frequent training terms the topic clusters are computed on
TOPIC_TERMS = 5_000
_TOPIC_CACHE: dict[tuple, np.ndarray] = {}


def topic_clusters(
    cor: Corpus, rows: np.ndarray, cols: np.ndarray, k: int, *, seed: int = 0
) -> np.ndarray:
    """Topic cluster (0..k-1) of every row of *rows*: spherical k-means on the
    L2-normalised TF-IDF of terms *cols*, fitted on *rows* only."""
    from sklearn.cluster import KMeans

    key = (k, seed, len(rows), hash(np.asarray(rows, np.int64).tobytes()))
    if key in _TOPIC_CACHE:
        return _TOPIC_CACHE[key]
    sub = cor.counts[rows][:, cols]
    df = np.asarray((sub > 0).sum(axis=0)).ravel()
    top = np.sort(np.argsort(-df, kind="stable")[:TOPIC_TERMS])
    sub, df = sub[:, top], df[top]
    idf = np.log((1 + len(rows)) / (1 + df)) + 1.0
    x = _tfidf(sub, idf)
    km = KMeans(n_clusters=k, n_init=2, random_state=seed, max_iter=100)
    out = km.fit_predict(x)
    _TOPIC_CACHE[key] = out
    return out


def _corpus_share(cfg: Config, name: object) -> float:
    """The total weight of corpus *name* relative to the others."""
    share = cfg.positive_only_weight if name in POSITIVE_ONLY else 1.0
    return share * dict(cfg.corpus_weights).get(str(name), 1.0)


def sample_weights(
    cor: Corpus,
    rows: np.ndarray,
    cfg: Config,
    topics: np.ndarray | None = None,
) -> np.ndarray:
    """Sample weights of *rows*: every corpus the same total weight and, with
    ``cfg.balance``, both classes of a corpus (or of a topic) the same."""
    if not cfg.balance:
        return np.ones(len(rows))
    if topics is not None:
        return _topic_weights(cor, rows, cfg, topics)
    w = np.zeros(len(rows))
    names, y = cor.corpus[rows], cor.y[rows]
    if cfg.balance_by == "class":
        for lab in np.unique(y):
            w[y == lab] = 1.0 / (y == lab).sum()
        return w * len(rows) / w.sum()
    for name in np.unique(names):
        share = _corpus_share(cfg, name)
        m = names == name
        labels = np.unique(y[m])
        for lab in labels:
            mm = m & (y == lab)
            w[mm] = share / len(labels) / mm.sum()
    return w * len(rows) / w.sum()


def _topic_weights(
    cor: Corpus, rows: np.ndarray, cfg: Config, topics: np.ndarray
) -> np.ndarray:
    """Topic-balanced weights (``cfg.topic_weights``): within a two-class
    corpus every topic cluster keeps its share of the corpus, split equally
    between its classes (clusters with under ``topic_min_docs`` docs of a class
    keep ``topic_single`` of it, at natural class shares); then
    both classes of the corpus are rescaled to the same total and every corpus
    to the same total, as in :func:`sample_weights`."""
    w = np.zeros(len(rows))
    names, y = cor.corpus[rows], cor.y[rows]
    for name in np.unique(names):
        share = _corpus_share(cfg, name)
        m = names == name
        labels = np.unique(y[m])
        if len(labels) < 2:
            w[m] = share / m.sum()
            continue
        for t in np.unique(topics[m]):
            mt = m & (topics == t)
            n1 = int((y[mt] == 1).sum())
            if min(n1, int(mt.sum()) - n1) < cfg.topic_min_docs:
                w[mt] = cfg.topic_single  # (nearly) one class: topic = label
                continue
            for lab in (0.0, 1.0):
                mm = mt & (y == lab)
                w[mm] = mt.sum() / 2 / mm.sum()
        for lab in labels:
            mm = m & (y == lab)
            w[mm] *= share / len(labels) / w[mm].sum()
    return w * len(rows) / w.sum()


def _block(cor: Corpus, features: str) -> sp.csr_matrix:
    """The count matrix a model's n-gram block reads."""
    return cor.plain if features == "plain" else cor.counts


def _select_terms(
    cor: Corpus, rows: np.ndarray, cfg: Config, topics: np.ndarray | None = None
) -> np.ndarray:
    """Column indices of the terms kept for training rows *rows*."""
    if cfg.features == "plain":
        return _select_plain(cor, rows, cfg)
    sub = _block(cor, cfg.features)[rows]
    present = (sub > 0).astype(np.float64)
    df = np.asarray(present.sum(axis=0)).ravel()
    ncorp = np.zeros_like(df)
    names = cor.corpus[rows]
    for name in np.unique(names):
        ncorp += np.asarray(present[names == name].sum(axis=0)).ravel() > 0
    keep = np.flatnonzero((df >= cfg.min_df) & (ncorp >= cfg.min_corpora))
    two_class = [
        n for n in np.unique(names) if len(np.unique(cor.y[rows][names == n])) > 1
    ]
    if cfg.consistent > 0 and topics is not None and cfg.topic_consistent:
        keep = _topic_consistent(cor, rows, cfg, topics, present, keep)
    elif cfg.consistent > 0 and len(two_class) >= 2:
        # invariance across corpora: a term must lean the same way (more frequent
        # in unreliable or in reliable articles) in at least `consistent` of the
        # two-class training corpora that use it
        y = cor.y[rows]
        votes = np.zeros(len(keep))
        used = np.zeros(len(keep))
        for name in two_class:
            m = names == name
            sub_k = present[m][:, keep]
            p1 = np.asarray(sub_k[y[m] == 1].mean(axis=0)).ravel()
            p0 = np.asarray(sub_k[y[m] == 0].mean(axis=0)).ravel()
            there = (p1 + p0) > 0
            votes += np.sign(p1 - p0) * there
            used += there
        agree = np.abs(votes) / np.maximum(used, 1)
        keep = keep[(used >= 2) & (agree >= cfg.consistent)]
    if len(keep) > cfg.max_terms:
        keep = keep[np.argsort(-df[keep], kind="stable")[: cfg.max_terms]]
    return np.sort(keep)


def _select_plain(cor: Corpus, rows: np.ndarray, cfg: Config) -> np.ndarray:
    """Plain n-gram columns for *rows*: every word n-gram in ``min_df``+ of
    them, and the ``max_terms`` most frequent such char n-grams."""
    sub = cor.plain[rows]
    df = np.asarray((sub > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= cfg.min_df)
    char = keep[cor.plain_keys[keep] >= WORD_SPACE]
    if len(char) > cfg.max_terms:
        tf = np.asarray(sub.sum(axis=0)).ravel()[char]
        char = char[np.argsort(-tf, kind="stable")[: cfg.max_terms]]
    return np.sort(np.concatenate([keep[cor.plain_keys[keep] < WORD_SPACE], char]))


def _plain_tfidf(
    cor: Corpus, rows: np.ndarray, cols: np.ndarray, idf: np.ndarray
) -> sp.csr_matrix:
    """TF-IDF of the plain columns, the word and the char block each
    L2-normalised (``cols`` sorted: word keys come first)."""
    k = int(np.searchsorted(cor.plain_keys[cols], WORD_SPACE))
    block = cor.plain[rows]
    return sp.hstack(
        [_tfidf(block[:, cols[:k]], idf[:k]), _tfidf(block[:, cols[k:]], idf[k:])]
    ).tocsr()


def _topic_consistent(
    cor: Corpus,
    rows: np.ndarray,
    cfg: Config,
    topics: np.ndarray,
    present: sp.csr_matrix,
    keep: np.ndarray,
) -> np.ndarray:
    """Of columns *keep*, those leaning the same way in ``cfg.consistent`` of
    the (corpus, topic cluster) cells that use them (cells with
    ``cfg.topic_min_docs`` docs of each class), in 2+ cells."""
    y, names = cor.y[rows], cor.corpus[rows]
    votes = np.zeros(len(keep))
    used = np.zeros(len(keep))
    pk = present[:, keep].tocsr()
    for name in np.unique(names):
        for t in np.unique(topics[names == name]):
            m = (names == name) & (topics == t)
            if min((y[m] == 1).sum(), (y[m] == 0).sum()) < cfg.topic_min_docs:
                continue
            sub = pk[m]
            p1 = np.asarray(sub[y[m] == 1].mean(axis=0)).ravel()
            p0 = np.asarray(sub[y[m] == 0].mean(axis=0)).ravel()
            there = (p1 + p0) > 0
            votes += np.sign(p1 - p0) * there
            used += there
    agree = np.abs(votes) / np.maximum(used, 1)
    return keep[(used >= 2) & (agree >= cfg.consistent)]


def _select_patterns(cor: Corpus, rows: np.ndarray, cfg: Config) -> np.ndarray:
    """Columns of ``cor.fw`` kept for training rows *rows*: patterns in 5+
    training documents and ``fw_min_corpora`` training corpora, the
    ``fw_max`` most frequent."""
    present = cor.fw[rows] > 0
    names = cor.corpus[rows]
    ncorp = np.zeros(cor.fw.shape[1])
    for name in np.unique(names):
        ncorp += np.asarray(present[names == name].sum(axis=0)).ravel() > 0
    df = np.asarray(present.sum(axis=0)).ravel()
    keep = np.flatnonzero((ncorp >= cfg.fw_min_corpora) & (df >= 5))
    keep = keep[np.argsort(-df[keep], kind="stable")[: cfg.fw_max]]
    return np.sort(keep)


def _style_matrix(cor: Corpus, rows: np.ndarray, cfg: Config) -> np.ndarray:
    """Standardised style signals of the training rows (within each corpus if
    ``cfg.style_within``, else over all rows)."""
    s = cor.style[rows]
    if not cfg.style_within:
        return (s - s.mean(axis=0)) / (s.std(axis=0) + 1e-6)
    out = np.zeros_like(s)
    names = cor.corpus[rows]
    for name in np.unique(names):
        m = names == name
        out[m] = (s[m] - s[m].mean(axis=0)) / (s[m].std(axis=0) + 1e-6)
    return out


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    x = counts.copy().tocsr()
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ x


@dataclass
class _Fitted:
    """Training-side view of a fitted article model (vectorised scoring)."""

    cols: np.ndarray
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    style: tuple | None  # (mean, std, coef)
    emb: tuple | None  # (w, const): logit part = emb @ w + const
    calibration: tuple[float, float] = (1.0, 0.0)
    fw: tuple | None = None  # (cols of cor.fw, idf, coef)
    #: isotonic calibration as a piecewise-linear map (knots), if used
    iso: tuple[np.ndarray, np.ndarray] | None = None
    #: the count block ``cols`` index (:func:`_block`)
    features: str = "words"


def _fit_raw(cor: Corpus, rows: np.ndarray, cfg: Config) -> _Fitted:
    topics = None
    if cfg.topic_k:
        topics = topic_clusters(
            cor,
            rows,
            _select_terms(cor, rows, replace(cfg, consistent=0.0)),
            cfg.topic_k,
            seed=cfg.topic_seed,
        )
    cols = _select_terms(cor, rows, cfg, topics)
    n = len(rows)
    block = _block(cor, cfg.features)[rows][:, cols]
    df = np.asarray((block > 0).sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    if cfg.features == "plain":
        parts = [_plain_tfidf(cor, rows, cols, idf)]
    else:
        parts = [_tfidf(block, idf)]
    fcols = np.zeros(0, np.int64)
    if cfg.fw_scale:
        fcols = _select_patterns(cor, rows, cfg)
        fdf = np.asarray((cor.fw[rows][:, fcols] > 0).sum(axis=0)).ravel()
        fidf = np.log((1 + n) / (1 + fdf)) + 1.0
        parts.append(_tfidf(cor.fw[rows][:, fcols], fidf) * cfg.fw_scale)
    if cfg.style:
        # run time standardises with the pooled training mean and spread
        s_mean = cor.style[rows].mean(axis=0)
        s_std = cor.style[rows].std(axis=0) + 1e-6
        parts.append(sp.csr_matrix(_style_matrix(cor, rows, cfg) * cfg.style_scale))
    if cfg.emb:
        e_mean = cor.emb[rows].mean(axis=0)
        e_std = cor.emb[rows].std(axis=0) + 1e-6
        parts.append(sp.csr_matrix((cor.emb[rows] - e_mean) / e_std * cfg.emb_scale))
    x = sp.hstack(parts).tocsr()
    clf = LogisticRegression(C=cfg.C, max_iter=2000, tol=1e-4)
    wts = sample_weights(cor, rows, cfg, topics if cfg.topic_weights else None)
    if cfg.topic_weights and cfg.topic_seeds > 1:
        tcols = _select_terms(cor, rows, replace(cfg, consistent=0.0))
        for k in range(1, cfg.topic_seeds):
            t_k = topic_clusters(cor, rows, tcols, cfg.topic_k, seed=cfg.topic_seed + k)
            wts = wts + sample_weights(cor, rows, cfg, t_k)
        wts = wts / cfg.topic_seeds
    clf.fit(x, cor.y[rows], sample_weight=wts)
    coef = clf.coef_[0]
    k = len(cols)
    st = em = fw = None
    if cfg.fw_scale:
        fw = (fcols, fidf, coef[k : k + len(fcols)] * cfg.fw_scale)
        k += len(fcols)
    if cfg.style:
        st = (s_mean, s_std, coef[k : k + len(STYLE_NAMES)] * cfg.style_scale)
        k += len(STYLE_NAMES)
    if cfg.emb:
        w = coef[k:] * cfg.emb_scale / e_std
        em = (w, -float(e_mean @ w))
    return _Fitted(
        cols,
        idf,
        coef[: len(cols)],
        float(clf.intercept_[0]),
        st,
        em,
        fw=fw,
        features=cfg.features,
    )


def decision(model: _Fitted, cor: Corpus, rows: np.ndarray) -> np.ndarray:
    """Uncalibrated logits of *model* on rows of *cor* (vectorised)."""
    if model.features == "plain":
        x = _plain_tfidf(cor, rows, model.cols, model.idf)
    else:
        x = _tfidf(cor.counts[rows][:, model.cols], model.idf)
    z = np.asarray(x @ model.coef).ravel() + model.intercept
    if model.style is not None:
        mean, std, c = model.style
        z = z + ((cor.style[rows] - mean) / std) @ c
    if model.emb is not None:
        w, const = model.emb
        z = z + cor.emb[rows] @ w + const
    if model.fw is not None:
        fcols, fidf, fcoef = model.fw
        z = z + np.asarray(_tfidf(cor.fw[rows][:, fcols], fidf) @ fcoef).ravel()
    return z


def export(
    model: _Fitted, cor: Corpus, cfg: Config, *, kind: str = "article"
) -> LinearTextModel | PlainNgramModel:
    """The run-time model of a fitted article model: a :class:`LinearTextModel`,
    or a :class:`PlainNgramModel` for a plain n-gram config."""
    if model.features == "plain":
        return PlainNgramModel(
            kind=kind,
            keys=cor.plain_keys[model.cols],
            idf=model.idf,
            coef=model.coef,
            intercept=model.intercept,
        )
    kw: dict[str, object] = {}
    intercept = model.intercept
    if model.style is not None:
        mean, std, c = model.style
        kw.update(style_coef=c[None, :], style_mean=mean, style_std=std)
    extra: list[str] = []
    scores: dict[str, np.ndarray] = {}
    if model.emb is not None:
        w, const = model.emb
        intercept += const
        ws = cor.word_vecs @ w
        extra = cor.vector_words
        scores = {
            word: np.array([s])
            for word, s in zip(cor.vector_words, ws, strict=True)
            if s != 0.0
        }
    if model.fw is not None:
        fcols, fidf, fcoef = model.fw
        kw.update(fw_keys=cor.fw_keys[fcols], fw_idf=fidf, fw_coef=fcoef[None, :])
    if model.iso is not None:
        kw.update(iso_x=model.iso[0], iso_y=model.iso[1])
    return LinearTextModel.from_terms(
        kind=kind,
        terms=[str(t) for t in cor.terms[model.cols]],
        idf=model.idf,
        coef=model.coef[None, :],
        intercept=np.array([intercept]),
        extra_words=extra,
        word_score_of=scores,
        calibration=model.calibration,
        **kw,
    )


def fit_isotonic(
    z: np.ndarray, y: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Knots of a weighted isotonic fit of *y* on *z* (probabilities kept in
    [0.02, 0.98]); run time interpolates linearly between them and clips
    outside, as scikit-learn's ``IsotonicRegression`` predicts."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.02, y_max=0.98)
    iso.fit(z, y, sample_weight=w)
    return (
        np.asarray(iso.X_thresholds_, dtype=np.float64),
        np.asarray(iso.y_thresholds_, dtype=np.float64),
    )


def _platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    clf = LogisticRegression(C=1e4, max_iter=1000)
    clf.fit(z[:, None], y, sample_weight=w)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def fit_cached(
    cor: Corpus, rows: np.ndarray, cfg: Config, cache: dict | None
) -> _Fitted:
    """:func:`_fit_raw`, reusing a fit of the same rows and config from *cache*
    (leave-one-corpus-out refits the same corpus subsets many times)."""
    if cache is None:
        return _fit_raw(cor, rows, cfg)
    # the calibration method does not change the fit
    key = (
        replace(cfg, calibration="platt"),
        len(rows),
        hash(np.asarray(rows, dtype=np.int64).tobytes()),
    )
    if key not in cache:
        cache[key] = _fit_raw(cor, rows, cfg)
    return cache[key]


def fit_article(
    cor: Corpus, rows: np.ndarray, cfg: Config, *, cache: dict | None = None
) -> tuple[_Fitted, dict[str, object]]:
    """Fit on *rows*; calibrate on out-of-corpus scores of the training corpora."""
    model = copy.copy(fit_cached(cor, rows, cfg, cache))
    info: dict[str, object] = {}
    if cfg.calibrate:
        names = [n for n in np.unique(cor.corpus[rows]) if n not in POSITIVE_ONLY]
        zs, ys, ws = [], [], []
        for name in names:
            held = rows[cor.corpus[rows] == name]
            inner = rows[cor.corpus[rows] != name]
            m = fit_cached(cor, inner, cfg, cache)
            zs.append(decision(m, cor, held))
            ys.append(cor.y[held])
            ws.append(sample_weights(cor, held, cfg) / len(names))
        z, y, w = np.concatenate(zs), np.concatenate(ys), np.concatenate(ws)
        model.calibration = _platt(z, y, w)
        if cfg.calibration == "isotonic":
            model.iso = fit_isotonic(z, y, w)
        info["calibration_corpora"] = list(map(str, names))
    info["terms"] = len(model.cols)
    return model, info


@dataclass
class _Ensemble:
    """Members fitted on the same rows; their logits averaged with *weights*,
    then calibrated (isotonic) on out-of-corpus averages."""

    members: list[_Fitted]
    weights: tuple[float, ...]
    iso: tuple[np.ndarray, np.ndarray]


def _mean_logit(
    members: Sequence[_Fitted], weights: Sequence[float], cor: Corpus, rows: np.ndarray
) -> np.ndarray:
    return sum(
        w * decision(m, cor, rows) for m, w in zip(members, weights, strict=True)
    )


def fit_ensemble(
    cor: Corpus,
    rows: np.ndarray,
    cfgs: Sequence[Config],
    weights: Sequence[float],
    *,
    cache: dict | None = None,
    natural_classes: bool = False,
    shrink: bool = False,
) -> _Ensemble:
    """Fit every config on *rows*; calibrate the weighted mean of their raw
    logits on out-of-corpus means over the training corpora (each scored by
    members fitted without it), as :func:`fit_article` does for one model.
    Every corpus weighs the same in the calibration; within a corpus both
    classes do too, unless *natural_classes* (then its rows weigh the same).
    With *shrink*, the calibrated probabilities are pulled towards 0.5 by the
    factor :func:`shrink_factor` chooses on the training corpora alone."""
    members = [fit_cached(cor, rows, c, cache) for c in cfgs]
    names = [n for n in np.unique(cor.corpus[rows]) if n not in POSITIVE_ONLY]
    zs, ys, ws = [], [], []
    for name in names:
        held = rows[cor.corpus[rows] == name]
        inner = rows[cor.corpus[rows] != name]
        inner_m = [fit_cached(cor, inner, c, cache) for c in cfgs]
        zs.append(_mean_logit(inner_m, weights, cor, held))
        ys.append(cor.y[held])
        if natural_classes:
            ws.append(np.full(len(held), 1.0 / len(held) / len(names)))
        else:
            ws.append(sample_weights(cor, held, cfgs[0]) / len(names))
    z, y, w = np.concatenate(zs), np.concatenate(ys), np.concatenate(ws)
    iso_x, iso_y = fit_isotonic(z, y, w)
    if shrink:
        lam = shrink_factor(zs, ys, ws)
        iso_y = 0.5 + lam * (iso_y - 0.5)
    return _Ensemble(members, tuple(weights), (iso_x, iso_y))


#: Shrink factors :func:`shrink_factor` chooses from (1: none).
SHRINK_GRID = tuple(round(0.4 + 0.05 * k, 2) for k in range(13))


def shrink_factor(
    zs: Sequence[np.ndarray], ys: Sequence[np.ndarray], ws: Sequence[np.ndarray]
) -> float:
    """The factor λ of ``p' = 0.5 + λ (p − 0.5)`` with the lowest pooled ECE
    when each training corpus's out-of-corpus scores are calibrated by an
    isotonic fit on the other corpora's (the corpus a model will meet is never
    in its calibration either). λ keeps every prediction on its side of 0.5, so
    labels at threshold 0.5 and the ranking do not change."""
    ps = []
    for i in range(len(zs)):
        rest = [j for j in range(len(zs)) if j != i]
        ix, iy = fit_isotonic(
            np.concatenate([zs[j] for j in rest]),
            np.concatenate([ys[j] for j in rest]),
            np.concatenate([ws[j] for j in rest]),
        )
        ps.append(np.interp(zs[i], ix, iy))
    p, y = np.concatenate(ps), np.concatenate(ys)
    errs = [metrics.ece(y, 0.5 + lam * (p - 0.5)) for lam in SHRINK_GRID]
    return float(SHRINK_GRID[int(np.argmin(errs))])


def predict_ensemble(model: _Ensemble, cor: Corpus, rows: np.ndarray) -> np.ndarray:
    z = _mean_logit(model.members, model.weights, cor, rows)
    return np.interp(z, *model.iso)


def export_ensemble(model: _Ensemble, cor: Corpus, cfgs: Sequence[Config]):  # type: ignore[no-untyped-def]
    """The run-time :class:`~newscheck.reliability.ensemble.EnsembleTextModel`."""
    from newscheck.reliability.ensemble import EnsembleTextModel

    members = [export(m, cor, c) for m, c in zip(model.members, cfgs, strict=True)]
    return EnsembleTextModel(
        kind="article",
        members=members,
        weights=list(model.weights),
        iso_x=model.iso[0],
        iso_y=model.iso[1],
    )


def coverage_reference(
    cor: Corpus, rows: np.ndarray, *, features: str = "words"
) -> dict[str, float]:
    """Quantiles of out-of-corpus vocabulary coverage (see
    :meth:`LinearTextModel.coverage`): every two-class training corpus is
    scored against the words seen in 2+ documents of the *other* corpora (what
    a model that never saw it would know); each corpus weighs the same."""
    if features == "plain":  # the words of the plain member (unigram keys)
        uni = np.flatnonzero(cor.plain_keys < BIGRAM_SPACE)
        counts = cor.plain[rows][:, uni].tocsr()
        ntok = cor.plain_words[rows]
    else:
        uni = np.flatnonzero([" " not in t for t in cor.terms])
        counts = cor.counts[rows][:, uni].tocsr()
        ntok = cor.ntok[rows]
    present = (counts > 0).astype(np.float64)
    names = cor.corpus[rows]
    vals, wts = [], []
    for name in np.unique(names):
        if name in POSITIVE_ONLY:
            continue
        m = names == name
        df_other = np.asarray(present[~m].sum(axis=0)).ravel()
        known = (df_other >= 2).astype(np.float64)
        cov = np.asarray(counts[m] @ known).ravel() / ntok[m]
        vals.append(np.minimum(cov, 1.0))
        wts.append(np.full(int(m.sum()), 1.0 / m.sum()))
    v, w = np.concatenate(vals), np.concatenate(wts)
    order = np.argsort(v)
    cum = np.cumsum(w[order]) / w.sum()

    def q(p: float) -> float:
        return round(float(v[order][np.searchsorted(cum, p)]), 4)

    return {"p01": q(0.01), "p05": q(0.05), "p50": q(0.5)}


def predict(model: _Fitted, cor: Corpus, rows: np.ndarray) -> np.ndarray:
    if model.iso is not None:
        return np.interp(decision(model, cor, rows), *model.iso)
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
    cor: Corpus,
    cfg: Config | None,
    *,
    corpora: Sequence[str] = ARTICLE_CORPORA,
    cache: dict | None = None,
) -> dict[str, dict[str, object]]:
    """Leave-one-corpus-out: for every corpus in *corpora*, train on all other
    docs (positive-only corpora included), test on it. ``cfg=None`` runs the
    baseline. Returns per-corpus metric reports plus the pooled predictions.
    Fits are shared through *cache* (pass one dict to several calls to reuse
    them across configurations that differ only in calibration)."""
    out: dict[str, dict[str, object]] = {}
    pooled_y, pooled_p = [], []
    cache = {} if cache is None else cache
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
            model, _ = fit_article(cor, train, cfg, cache=cache)
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


# --- the statement model (short texts) ------------------------------------------------
#: Article corpora whose titles and leads become short training texts.
SHORT_SOURCES: tuple[str, ...] = ARTICLE_CORPORA + POSITIVE_ONLY
LEAD_WORDS = 45


def short_docs(
    docs: Sequence[Doc], liar: dict[str, tuple[list[str], list[int]]]
) -> list[Doc]:
    """Short texts for the statement model.

    * LIAR statements (text only), binary: pants-fire / false / barely-true =
      unreliable; splits are kept apart as corpora ``liar``, ``liar_valid``,
      ``liar_test`` (only ``liar`` trains);
    * from every article: its title (4+ words) and its lead (first sentences up
      to :data:`LEAD_WORDS` words), labelled like the article. ReCOVery's leads
      and titles are short health (COVID-19) texts.
    """
    out: list[Doc] = []
    for split, name in (
        ("train", "liar"),
        ("valid", "liar_valid"),
        ("test", "liar_test"),
    ):
        for i, (t, y) in enumerate(zip(*liar[split], strict=True)):
            out.append(Doc(name, f"{name}-{i}", "", t, int(y <= 2), f"{name}:{i}"))
    for d in docs:
        if d.corpus not in SHORT_SOURCES:
            continue
        if len(d.title.split()) >= 4:
            out.append(replace(d, id=f"{d.id}:title", title="", text=d.title))
        words = d.text.split()
        if len(words) >= 8:
            lead = " ".join(words[:LEAD_WORDS])
            cut = max(lead.rfind(". "), lead.rfind("? "), lead.rfind("! "))
            if cut > 40:
                lead = lead[: cut + 1]
            out.append(replace(d, id=f"{d.id}:lead", title="", text=lead))
    return out


STATEMENT_CONFIG = Config(
    C=1.0,
    style=True,
    style_scale=0.3,
    emb=False,
    emb_scale=0.5,
    min_corpora=1,
    min_df=2,
    max_terms=40_000,
    consistent=0.0,
    corpus_weights=(("liar", 3.0),),
    fw_scale=0.0,
    style_within=False,
    calibration="platt",
)


def fit_statement(
    scor: Corpus,
    cfg: Config = STATEMENT_CONFIG,
    *,
    sources: Sequence[str] | None = None,
) -> tuple[LinearTextModel, dict[str, object]]:
    """The shipped statement model: binary, trained on LIAR train plus the short
    texts of *sources* (all by default), every source weighted equally except
    as ``cfg.corpus_weights`` says (LIAR ×3), Platt calibration on out-of-source
    scores. Reports LIAR test binary numbers."""
    names = set(sources or ("liar", *SHORT_SOURCES))
    rows = np.flatnonzero(np.isin(scor.corpus, list(names)))
    fitted, info = fit_article(scor, rows, cfg)
    model = export(fitted, scor, cfg, kind="statement")
    test = np.flatnonzero(scor.corpus == "liar_test")
    p = predict(fitted, scor, test)
    y = scor.y[test]
    info.update(
        {
            "test_binary_accuracy": metrics.accuracy(y, (p >= 0.5).astype(float)),
            "test_binary": metrics.report(y, p),
            "train": len(rows),
            "sources": sorted(names),
        }
    )
    return model, info


def fit_liar_6way(
    scor: Corpus,
    liar: dict[str, tuple[list[str], list[int]]],
    *,
    grid: Sequence[float] = (0.25, 0.5, 1.0),
    metadata: dict[str, list[str]] | None = None,
    meta_grid: Sequence[float] = (0.3, 0.5),
    meta_c_grid: Sequence[float] = (0.25, 0.5),
    cfg: Config = STATEMENT_CONFIG,
) -> dict[str, object]:
    """LIAR 6-way multinomial LR on statement text only (n-grams + style, the
    statement model's features), C picked on LIAR valid. Only its accuracy is
    reported; the shipped statement model is the binary one. *cfg* gives the
    feature blocks (``cfg.emb`` adds ``scor.emb``, scaled by ``cfg.emb_scale``)."""
    parts = {}
    for split, name in (
        ("train", "liar"),
        ("valid", "liar_valid"),
        ("test", "liar_test"),
    ):
        parts[split] = (np.flatnonzero(scor.corpus == name), np.array(liar[split][1]))
    tr = parts["train"][0]
    cfg = replace(cfg, min_corpora=1)
    cols = np.flatnonzero(np.asarray((scor.counts[tr] > 0).sum(axis=0)).ravel() >= 2)
    df = np.asarray((scor.counts[tr][:, cols] > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(tr)) / (1 + df)) + 1.0
    s_mean, s_std = scor.style[tr].mean(axis=0), scor.style[tr].std(axis=0) + 1e-6
    e_mean, e_std = scor.emb[tr].mean(axis=0), scor.emb[tr].std(axis=0) + 1e-6

    def design(rows: np.ndarray) -> sp.csr_matrix:
        blocks = [_tfidf(scor.counts[rows][:, cols], idf)]
        blocks.append(
            sp.csr_matrix((scor.style[rows] - s_mean) / s_std * cfg.style_scale)
        )
        if cfg.emb and scor.emb.shape[1]:
            blocks.append(
                sp.csr_matrix((scor.emb[rows] - e_mean) / e_std * cfg.emb_scale)
            )
        return sp.hstack(blocks).tocsr()

    xtr, ytr = design(tr), parts["train"][1]
    xva, yva = design(parts["valid"][0]), parts["valid"][1]
    best = None
    for c in grid:
        clf = LogisticRegression(C=c, max_iter=3000)
        clf.fit(xtr, ytr)
        acc = float((clf.predict(xva) == yva).mean())
        if best is None or acc > best[0]:
            best = (acc, c, clf)
    assert best is not None
    acc_valid, c_best, clf = best
    te, yte = parts["test"]
    proba = clf.predict_proba(design(te))
    p_bad = proba[:, :3].sum(axis=1)
    ybin = (yte <= 2).astype(float)
    out: dict[str, object] = {}
    if metadata is not None:
        # "text + metadata" variant: binary speaker / party / state / job /
        # subject / context tokens (seen twice in train) appended with a weight;
        # weight and C chosen on LIAR valid
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(
            token_pattern=r"\S+", min_df=2, binary=True, lowercase=False
        ).fit(metadata["train"])
        mtr, mva = vec.transform(metadata["train"]), vec.transform(metadata["valid"])
        mbest = None
        for scale in meta_grid:
            xtr_m = sp.hstack([xtr, mtr * scale]).tocsr()
            xva_m = sp.hstack([xva, mva * scale]).tocsr()
            for c in meta_c_grid:
                clf_m = LogisticRegression(C=c, max_iter=3000).fit(xtr_m, ytr)
                acc = float((clf_m.predict(xva_m) == yva).mean())
                if mbest is None or acc > mbest[0]:
                    mbest = (acc, c, scale, clf_m)
        assert mbest is not None
        xte_m = sp.hstack(
            [design(parts["test"][0]), vec.transform(metadata["test"]) * mbest[2]]
        ).tocsr()
        out = {
            "meta_C": mbest[1],
            "meta_scale": mbest[2],
            "meta_valid_6way_accuracy": mbest[0],
            "meta_test_6way_accuracy": float(
                (mbest[3].predict(xte_m) == parts["test"][1]).mean()
            ),
        }
    return {
        **out,
        "C": c_best,
        "valid_6way_accuracy": acc_valid,
        "test_6way_accuracy": float((proba.argmax(axis=1) == yte).mean()),
        "test_binary_accuracy": metrics.accuracy(ybin, (p_bad >= 0.5).astype(float)),
        "test_binary": metrics.report(ybin, p_bad),
        "terms": len(cols),
        "train": len(tr),
        "test": len(yte),
    }


def loso_statement(
    scor: Corpus,
    cfg: Config = STATEMENT_CONFIG,
    *,
    sources: Sequence[str] | None = None,
) -> dict[str, dict[str, object]]:
    """Leave-one-source-out for the statement model: for every two-class source,
    train on the other *sources* (default: LIAR and every article corpus), test
    on it (LIAR: on LIAR test). With a single training source there is nothing
    to calibrate on, so the raw logistic output is used."""
    out: dict[str, dict[str, object]] = {}
    train_names = list(sources or ("liar", *SHORT_SOURCES))
    tested = ["liar", *ARTICLE_CORPORA]
    for name in tested:
        names = [n for n in train_names if n != name]
        train = np.flatnonzero(np.isin(scor.corpus, names))
        if not len(train):
            continue
        test = np.flatnonzero(scor.corpus == ("liar_test" if name == "liar" else name))
        two_class = [n for n in names if n not in POSITIVE_ONLY]
        c = cfg if len(two_class) > 1 else replace(cfg, calibrate=False)
        fitted, _ = fit_article(scor, train, c)
        out[name] = metrics.report(scor.y[test], predict(fitted, scor, test))
        LOGGER.info("LOSO statement %s: F1 %.3f", name, out[name]["macro_f1"])
    out["_mean_macro_f1"] = {
        "value": float(np.mean([out[n]["macro_f1"] for n in tested if n in out]))
    }
    return out


def config_dict(cfg: Config) -> dict[str, object]:
    return asdict(cfg)


def variants() -> dict[str, Config | None]:
    """The configurations compared in the benchmark, baseline first."""
    final = Config()
    previous = replace(final, fw_scale=0.0, style_within=False, calibration="platt")
    return {
        "baseline: word+char TF-IDF + LR": None,
        "n-grams (in ≥2 corpora) + style, corpus-balanced LR C=2, Platt": replace(
            previous, C=2.0, consistent=0.0
        ),
        "+ C=4": replace(previous, consistent=0.0),
        "+ mean word vectors (MiniLM static)": replace(
            previous, consistent=0.0, emb=True, emb_scale=0.3
        ),
        "+ only terms leaning the same way in every corpus (previous model)": previous,
        "+ style standardised within each corpus, isotonic calibration": replace(
            final, fw_scale=0.0
        ),
        "+ function-word bi/trigrams (final)": final,
        "final without the style signals (ablation)": replace(final, style=False),
        "final with Platt instead of isotonic calibration": replace(
            final, calibration="platt"
        ),
        "final + topic-balanced weights (k=20 topics, 3 k-means seeds averaged)": (
            replace(final, **TOPIC_BALANCED)
        ),
    }


#: The topic-balanced weighting measured in the benchmark (not adopted: its
#: gain is within the spread over k-means seeds).
TOPIC_BALANCED: dict[str, object] = {
    "topic_k": 20,
    "topic_weights": True,
    "topic_single": 0.25,
    "topic_min_docs": 20,
    "topic_seeds": 3,
}


#: Shown by default (the others with ``--ablation``).
DEFAULT_VARIANTS = (
    "baseline: word+char TF-IDF + LR",
    "n-grams (in ≥2 corpora) + style, corpus-balanced LR C=2, Platt",
    "+ only terms leaning the same way in every corpus (previous model)",
    "+ style standardised within each corpus, isotonic calibration",
    "+ function-word bi/trigrams (final)",
    "final without the style signals (ablation)",
    "final with Platt instead of isotonic calibration",
    "final + topic-balanced weights (k=20 topics, 3 k-means seeds averaged)",
)


STYLE = STYLE_NAMES
