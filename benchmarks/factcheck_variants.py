"""Variants of the default fact-check matcher tried on CheckThat! 2020 Task 2
train/dev only (the test split is never read here).

Writes ``benchmarks/factcheck_variants.json``, which ``benchmarks/factcheck.py``
prints as the variants table of ``factcheck.md``::

    .venv/bin/python benchmarks/factcheck_variants.py

1. BM25 alone over the 10,375 vclaims: saturation ``k1``, length normalisation
   ``b`` and the indexed field (claim + review title, or claim only); MAP@5 on
   the train and on the dev tweets (nothing is fitted).
2. Re-ranker feature sets over BM25's top 30 candidates: a logistic regression
   (standardised features, C = 1) cross-validated over tweets (the 5 folds of
   ``newscheck train factcheck``), with the static vectors fine-tuned on the
   other four folds for each fold's features, as in training. MAP@5 of the
   cross-validated scores on the dev tweets and on all train + dev tweets. The
   shipped features (:data:`newscheck.factcheck.index.FEATURES`) are computed
   by the runtime code; the others (candidate rank, claim-side term coverage,
   character 3–5-gram TF-IDF cosines, length ratio, word 1–2-gram TF-IDF
   cosine, signature-free query, gradient-boosted trees) only here.
3. ``--static-dense`` (only this part; the rest of the JSON is kept): the
   trainer's own grid (:func:`newscheck_lab.factcheck.train.fit_matcher`, the
   shipped feature set and fine-tuning settings) with extra candidates nearest
   by the static vectors' cosine (0, 10, 20; each fold's from its out-of-fold
   vectors), BM25 depth 30 and 50, raw or standardised features, C 0.3 and 1.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from newscheck.factcheck.bm25 import BM25  # noqa: E402
from newscheck.factcheck.embed import StaticEmbedder  # noqa: E402
from newscheck.factcheck.index import (  # noqa: E402
    BASE_FEATURES,
    FEATURES,
    LEXICAL_FEATURES,
    SENTENCE_FEATURES,
    FactCheckIndex,
    Matcher,
)
from newscheck.factcheck.text import clean, terms  # noqa: E402
from newscheck_lab.datasets.checkthat import mean_average_precision  # noqa: E402
from newscheck_lab.factcheck.finetune import finetune  # noqa: E402
from newscheck_lab.factcheck.train import (  # noqa: E402
    BM25_B,
    TUNE_DEPTH,
    _Data,
    _encode,
    vclaims,
)

OUT = Path(__file__).resolve().parent / "factcheck_variants.json"
DEPTH = 30
#: Fine-tuning settings of the shipped vectors (``matcher.json``).
SETTINGS = {"epochs": 3, "l2": 1e-4, "tau": 0.05}
_SIG = re.compile(r"\s—\s[^—]*\(\s?[\w ]+\)\s*\w+ \d{1,2}, \d{4}\s*$")
_NUM = re.compile(r"\d[\d,.]*")


def bm25_rows(data: _Data) -> list[dict[str, Any]]:
    """BM25 alone, by field, k1 and b: train and dev MAP@5."""
    recs = data.index.rows
    fields = {
        "claim + title": [terms(f"{r.claim} {r.title or ''}") for r in recs],
        "claim": [terms(r.claim) for r in recs],
    }
    q_terms = [terms(t) for t in data.texts]
    out = []
    for field, docs in fields.items():
        for k1 in (0.9, 1.2, 1.6, 2.0):
            for b in (0.3, 0.5, 0.75):
                bm = BM25.fit(docs, k1=k1, b=b)
                scores = {i: bm.scores(q) for i, q in enumerate(q_terms)}
                row: dict[str, Any] = {"field": field, "k1": k1, "b": b}
                for split in ("train", "dev"):
                    which = [i for i, s in enumerate(data.split) if s == split]
                    row[f"{split}_map@5"] = round(_map(data, which, scores), 4)
                out.append(row)
    return out


def _map(data: _Data, which: list[int], scores: dict[int, np.ndarray]) -> float:
    run, qrels = {}, {}
    for i in which:
        top = np.argsort(-scores[i], kind="stable")[:5]
        run[data.qids[i]] = [data.index.rows[j].source_id for j in top]
        qrels[data.qids[i]] = data.qrels[data.qids[i]]
    return mean_average_precision(run, qrels)


def features(data: _Data, base: StaticEmbedder, fold: np.ndarray) -> list[Any]:
    """Per tweet: the candidates' features, one column per name of
    :func:`_names` (out-of-fold static vectors)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    recs = data.index.rows
    tok = base.tokenizer
    low = [clean(r.claim).lower() for r in recs]
    low_t = [clean(r.title or r.claim).lower() for r in recs]
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
    ).fit(low + low_t)
    cc, ct = char.transform(low), char.transform(low_t)
    cq = char.transform([clean(t).lower() for t in data.texts])
    word = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        tokenizer=terms,
        lowercase=False,
        token_pattern=None,
    ).fit([f"{r.claim} {r.title or ''}" for r in recs])
    wd = word.transform([f"{r.claim} {r.title or ''}" for r in recs])
    wq = word.transform(data.texts)
    bm = data.index.bm25_
    dsets = [set(terms(f"{r.claim} {r.title or ''}")) for r in recs]
    idf = {t: float(bm.idf_[i]) for t, i in bm.vocabulary_.items()}
    dmass = [sum(idf.get(t, 0.0) for t in s) or 1.0 for s in dsets]
    nosig = [_SIG.sub("", clean(t)) or clean(t) for t in data.texts]
    has_gold = np.array([bool(g) for g in data.gold])
    out: list[Any] = [None] * len(data.qids)
    for k in range(int(fold.max()) + 1):
        emb = finetune(
            base, data.examples((fold != k) & has_gold, TUNE_DEPTH), seed=0, **SETTINGS
        )
        for i in np.flatnonzero(fold == k):
            cand = data.cands[i][:DEPTH]
            if not cand.size:
                continue
            shipped = data.features(emb, i)[:DEPTH]
            qs = set(terms(data.texts[i]))
            ch = (cc[cand] @ cq[i].T).toarray().ravel()
            ns = _encode(emb, [tok.ids(nosig[i]) or [0]])[0]
            bmn = bm.scores(terms(nosig[i]))[cand]
            extra = np.column_stack(
                [
                    np.log1p(np.arange(cand.size)),
                    [
                        sum(idf.get(t, 0.0) for t in qs & dsets[c]) / dmass[c]
                        for c in cand
                    ],
                    ch,
                    (ct[cand] @ cq[i].T).toarray().ravel(),
                    ch - ch.max(),
                    [np.log((len(dsets[c]) + 1) / (len(qs) + 1)) for c in cand],
                    (wd[cand] @ wq[i].T).toarray().ravel(),
                    _encode(emb, [data.claim_ids[c] for c in cand]) @ ns,
                    bmn / max(float(bmn.max()), 1e-9),
                ]
            )
            out[i] = np.column_stack([shipped, extra])
    return out


EXTRA = (
    "rank",
    "claim_cover",
    "char",
    "char_title",
    "char_gap",
    "len_ratio",
    "word12",
    "cos_nosig",
    "bm25_nosig",
)


def _names() -> list[str]:
    return list(FEATURES) + list(EXTRA)


def cv_map(
    data: _Data, feats: list[Any], fold: np.ndarray, cols: list[str], model: str = "lr"
) -> tuple[float, float]:
    """Dev and train + dev MAP@5 of cross-validated scores over *cols*."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    names = _names()
    ci = [names.index(c) for c in cols]
    use = np.array(
        [f is not None and bool(g) for f, g in zip(feats, data.gold, strict=False)]
    )
    scores: dict[int, np.ndarray] = {}
    for k in range(int(fold.max()) + 1):
        tr = np.flatnonzero(use & (fold != k))
        x = np.vstack([feats[i][:, ci] for i in tr])
        y = np.concatenate(
            [[c in data.gold[i] for c in data.cands[i][:DEPTH]] for i in tr]
        ).astype(int)
        mu, sd = x.mean(0), x.std(0) + 1e-9
        if model == "lr":
            clf: Any = LogisticRegression(C=1.0, max_iter=5000).fit((x - mu) / sd, y)
        else:
            clf = HistGradientBoostingClassifier(
                max_iter=100,
                learning_rate=0.05,
                max_leaf_nodes=8,
                min_samples_leaf=40,
                random_state=0,
            ).fit((x - mu) / sd, y)
        for i in np.flatnonzero(use & (fold == k)):
            scores[i] = clf.decision_function((feats[i][:, ci] - mu) / sd)
    dev = [i for i in np.flatnonzero(use) if data.split[i] == "dev"]
    return round(_map_c(data, dev, scores), 4), round(
        _map_c(data, list(np.flatnonzero(use)), scores), 4
    )


def _map_c(data: _Data, which: list[int], scores: dict[int, np.ndarray]) -> float:
    run, qrels = {}, {}
    for i in which:
        cand = data.cands[i][:DEPTH]
        order = np.lexsort((cand, -scores[i]))
        run[data.qids[i]] = [data.index.rows[cand[j]].source_id for j in order[:5]]
        qrels[data.qids[i]] = data.qrels[data.qids[i]]
    return mean_average_precision(run, qrels)


def static_dense_rows() -> list[dict[str, Any]]:
    """The trainer's grid with static dense candidates (module docstring, 3)."""
    from newscheck_lab.factcheck.train import fit_matcher

    _, _, report = fit_matcher(
        vclaims(),
        StaticEmbedder.load(tuned=False),
        finetune_settings=SETTINGS,
        feature_sets=("static",),
        depths=(30, 50),
        cs=(0.3, 1.0),
        static_dense_ks=(0, 10, 20),
    )
    return list(report["grid"])


def main() -> None:
    if "--static-dense" in sys.argv[1:]:
        res = json.loads(OUT.read_text(encoding="utf-8"))
        res["static_dense"] = static_dense_rows()
        OUT.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        return
    recs = vclaims()
    base = StaticEmbedder.load(tuned=False)
    sel = Matcher(
        features=FEATURES,
        weights=(0.0,) * len(FEATURES),
        bias=0.0,
        candidates=DEPTH,
        b=BM25_B,
    )
    data = _Data(FactCheckIndex(recs, matcher=sel, embedder=base), DEPTH)
    fold = np.random.default_rng(0).integers(0, 5, len(data.qids))  # as in training
    res: dict[str, Any] = {"bm25": bm25_rows(data)}
    feats = features(data, base, fold)
    base_cols = list(BASE_FEATURES)
    sets = {
        "previous (BM25 + static cosines)": (base_cols, "lr"),
        "+ candidate rank": ([*base_cols, "rank"], "lr"),
        "+ claim-side term coverage": ([*base_cols, "claim_cover"], "lr"),
        "+ query term coverage (qcover)": ([*base_cols, "qcover"], "lr"),
        "+ number agreement": ([*base_cols, "num_shared", "num_query_only"], "lr"),
        "+ best-sentence BM25 and cosines": (
            [*base_cols, "bm25_sent", *SENTENCE_FEATURES],
            "lr",
        ),
        "+ char 3–5-gram TF-IDF cosines": (
            [*base_cols, "char", "char_title", "char_gap"],
            "lr",
        ),
        "+ length ratio": ([*base_cols, "len_ratio"], "lr"),
        "+ word 1–2-gram TF-IDF cosine": ([*base_cols, "word12"], "lr"),
        "+ signature-free query (cosine, BM25)": (
            [*base_cols, "cos_nosig", "bm25_nosig"],
            "lr",
        ),
        "shipped: + lexical + best-sentence": (list(FEATURES), "lr"),
        "shipped + char n-grams": (
            [*list(FEATURES), "char", "char_title", "char_gap"],
            "lr",
        ),
        "everything": (_names(), "lr"),
        "previous, gradient-boosted trees": (base_cols, "gbt"),
        "shipped features, gradient-boosted trees": (list(FEATURES), "gbt"),
    }
    rows = []
    for name, (cols, model) in sets.items():
        dev, both = cv_map(data, feats, fold, cols, model)
        rows.append({"variant": name, "dev_map@5": dev, "all_map@5": both})
        print(rows[-1], flush=True)
    res["rerank"] = rows
    res["depth"] = DEPTH
    res["lexical_features"] = list(LEXICAL_FEATURES)
    if OUT.exists():  # written by --static-dense
        kept = json.loads(OUT.read_text(encoding="utf-8")).get("static_dense")
        if kept:
            res["static_dense"] = kept
    OUT.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
