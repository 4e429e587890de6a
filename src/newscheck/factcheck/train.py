"""Train the fact-check matcher on CheckThat! 2020 Task 2 train/dev (training only).

``newscheck train factcheck`` runs :func:`train`:

1. distil static token vectors from all-MiniLM-L6-v2 (:mod:`.distill`), with IDF
   weights measured on the shipped claims (never on tweets of any split);
2. for every train tweet, take the BM25 candidates among the 10,375 vclaims and
   fit a logistic regression on (tweet, candidate) features, relevant = 1;
3. choose the candidate depth and regularisation by MAP@5 on dev, refit on
   train + dev;
4. calibrate the display threshold on train + dev: the probability that best
   separates each tweet's relevant vclaim from its best non-relevant one (the
   situation of a sentence whose claim is not in the database);
5. write ``embeddings.npz``, ``matcher.json`` and ``MODEL_CARD.md``.

The test split is never read here.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.factcheck.checkthat import load_split, mean_average_precision
from newscheck.factcheck.embed import StaticEmbedder
from newscheck.factcheck.index import FEATURES, MODEL_DIR, FactCheckIndex, Matcher
from newscheck.factcheck.loaders import ClaimRecord, read_checkthat, read_json
from newscheck.factcheck.store import DEFAULT_CLAIMS

__all__ = ["fit_matcher", "train"]

LOGGER = logging.getLogger(__name__)


def vclaims() -> list[ClaimRecord]:
    """The CheckThat! 2020 verified claims."""
    from newscheck.factcheck.checkthat import tarball

    return [r for _, r in read_checkthat(tarball()) if isinstance(r, ClaimRecord)]


def _pairs(
    index: FactCheckIndex, queries: dict[str, str], qrels: dict[str, set[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, np.ndarray]]]:
    """Feature matrix, labels, query ids per row, and candidates per query."""
    xs, ys, qs, cands = [], [], [], []
    for n, (qid, text) in enumerate(queries.items()):
        cand, feats, _ = index.candidates(text)
        if cand.size == 0:
            continue
        rel = qrels.get(qid, set())
        xs.append(np.column_stack([feats[f] for f in FEATURES]))
        ys.append(np.array([index.rows[i].source_id in rel for i in cand], dtype=int))
        qs.append(np.full(cand.size, n))
        cands.append((qid, cand))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(qs), cands


def _run(
    index: FactCheckIndex, cands: list[tuple[str, np.ndarray]], prob: np.ndarray
) -> dict[str, list[str]]:
    run, pos = {}, 0
    for qid, cand in cands:
        p = prob[pos : pos + cand.size]
        pos += cand.size
        order = np.lexsort((cand, -p))
        run[qid] = [index.rows[cand[j]].source_id for j in order[:5]]
    return run


def fit_matcher(
    records: list[ClaimRecord],
    embedder: StaticEmbedder,
    *,
    depths: tuple[int, ...] = (30, 100),
    cs: tuple[float, ...] = (0.1, 1.0, 10.0),
    bs: tuple[float, ...] = (0.5, 0.75),
) -> tuple[Matcher, dict[str, Any]]:
    """Fit, select on dev, refit on train+dev, calibrate the threshold.

    The grid covers the BM25 length normalisation *bs*, the candidate depths
    and the regularisation *cs*; the best dev MAP@5 wins (ties: fewer
    candidates, then the larger b, the usual default).
    """
    from sklearn.linear_model import LogisticRegression

    train_q, train_r = load_split("train")
    dev_q, dev_r = load_split("dev")
    grid = []
    for b in bs:
        full = Matcher(
            features=FEATURES,
            weights=(0.0,) * len(FEATURES),
            bias=0.0,
            candidates=max(depths),
            b=b,
        )
        index = FactCheckIndex(records, matcher=full, embedder=embedder)
        for depth in depths:
            index.matcher.candidates = depth
            xt, yt, _, _ = _pairs(index, train_q, train_r)
            xd, _, _, cd = _pairs(index, dev_q, dev_r)
            for c in cs:
                lr = LogisticRegression(C=c, max_iter=2000).fit(xt, yt)
                dev_map = mean_average_precision(
                    _run(index, cd, lr.predict_proba(xd)[:, 1]), dev_r
                )
                row = {"b": b, "candidates": depth, "C": c}
                grid.append({**row, "dev_map@5": round(dev_map, 4)})
                LOGGER.info("b %g depth %d C %g: dev MAP@5 %.4f", b, depth, c, dev_map)
    best = max(grid, key=lambda g: (g["dev_map@5"], -g["candidates"], g["b"]))
    sel = Matcher(
        features=FEATURES,
        weights=(0.0,) * len(FEATURES),
        bias=0.0,
        candidates=int(best["candidates"]),
        b=float(best["b"]),
    )
    index = FactCheckIndex(records, matcher=sel, embedder=embedder)
    both_q = {
        **{f"t{k}": v for k, v in train_q.items()},
        **{f"d{k}": v for k, v in dev_q.items()},
    }
    both_r = {
        **{f"t{k}": v for k, v in train_r.items()},
        **{f"d{k}": v for k, v in dev_r.items()},
    }
    x, y, q, _ = _pairs(index, both_q, both_r)
    lr = LogisticRegression(C=float(best["C"]), max_iter=2000).fit(x, y)
    prob = lr.predict_proba(x)[:, 1]
    threshold, calib = _threshold(prob, y, q)
    matcher = Matcher(
        features=FEATURES,
        weights=tuple(round(float(w), 6) for w in lr.coef_[0]),
        bias=round(float(lr.intercept_[0]), 6),
        threshold=threshold,
        candidates=int(best["candidates"]),
        b=float(best["b"]),
        info={"grid": grid, "selected": best, "threshold_calibration": calib},
    )
    return matcher, {"grid": grid, "selected": best, "calibration": calib}


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


def train(
    out_dir: str | Path = MODEL_DIR,
    *,
    dims: int = 128,
    cache: str | Path | None = None,
    keep_embeddings: bool = False,
) -> dict[str, Any]:
    """Distil the embedder, fit the matcher, write the artefacts and model card.

    *cache* is an ``.npy`` file for the raw 384-d token vectors (the slow step,
    minutes on one core): read if it exists, else written. *keep_embeddings*
    reuses the ``embeddings.npz`` already in *out_dir* (and its description in
    ``matcher.json``) and refits the matcher only.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if keep_embeddings:
        embedder = StaticEmbedder.load(out / "embeddings.npz")
        emb_info = Matcher.load(out / "matcher.json").info["embeddings"]
        matcher, report = fit_matcher(vclaims(), embedder)
        matcher.info["embeddings"] = emb_info
        matcher.save(out / "matcher.json")
        _model_card(out, matcher, emb_info)
        return report
    from newscheck.factcheck.distill import reduce, token_vectors

    corpus = [
        f"{r.claim} {r.title or ''}"
        for _, r in read_json(DEFAULT_CLAIMS)
        if isinstance(r, ClaimRecord)
    ]
    if cache and Path(cache).exists():
        from newscheck.factcheck.distill import model_dir

        vocab = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
        raw = np.load(cache)
        vocab = vocab[: len(raw)]
    else:
        vocab, raw = token_vectors()
        if cache:
            np.save(cache, raw)
    embedder, emb_info = reduce(vocab, raw, corpus, dims=dims)
    embedder.save(out / "embeddings.npz")
    embedder = StaticEmbedder.load(out / "embeddings.npz")  # train on what ships
    matcher, report = fit_matcher(vclaims(), embedder)
    matcher.info["embeddings"] = emb_info
    matcher.save(out / "matcher.json")
    _model_card(out, matcher, emb_info)
    return report


def _model_card(out: Path, matcher: Matcher, emb: dict[str, Any]) -> None:
    grid = "\n".join(
        f"| {g.get('b', 0.75)} | {g['candidates']} | {g['C']} | {g['dev_map@5']:.4f} |"
        for g in matcher.info["grid"]
    )
    cal = matcher.info["threshold_calibration"]
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
  CheckThat! vclaims). Sentence vector = normalised sum of token vectors. No
  PyTorch is needed to train or to use it.
- `matcher.json`: logistic regression over the features of each BM25 candidate
  (BM25 relative to the best candidate, BM25 relative to the query's maximum,
  cosine to the claim, cosine minus the best cosine, cosine to the review title).
  Its output is the `similarity` shown with each match.
- `claims.jsonl.xz`: the shipped claims (LIAR 12,836 PolitiFact statements and
  10,375 CheckThat! 2020 Snopes vclaims), written by `newscheck factcheck build`.

## Training data
CLEF CheckThat! 2020 Task 2 English: train (800 tweets) to fit, dev (197) to
select, then refit on train + dev. The test split is used only by
`benchmarks/factcheck.py`.

## Selection (dev MAP@5)
| BM25 b | BM25 candidates | C | dev MAP@5 |
|---|---|---|---|
{grid}

Selected: BM25 k1 = {matcher.k1}, b = {matcher.b}, {matcher.candidates} candidates,
C = {matcher.info["selected"]["C"]}. Queries are cleaned by
`newscheck.factcheck.text.clean` (links dropped, hashtags and @handles spelled
out as words).

## Weights
| feature | weight |
|---|---|
{weights}
| bias | {matcher.bias:+.4f} |

## Threshold
{matcher.threshold} — the cut that best separates, over train + dev tweets, the
score of each tweet's relevant vclaim from the score of its best non-relevant one
(F0.5 {cal["f0.5"]}): at this cut {cal["relevant_shown"]:.1%} of relevant vclaims
and {cal["best_non_relevant_shown"]:.1%} of best non-relevant candidates are
shown (in-sample figures).

## Limits
English only; tuned on tweets against Snopes claims. CheckThat! vclaims carry no
rating in the dataset, so their verdict is shown as unknown (`other`).
"""
    (out / "MODEL_CARD.md").write_text(text, encoding="utf-8")
