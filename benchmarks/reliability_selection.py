# ruff: noqa: E501, E402
"""Reliability model selection on cells no single criterion can win.

Usage: ``python benchmarks/reliability_selection.py [--configs "a;b"] [--render]``
(needs ../shared; about 20 minutes on 2 cores). Writes
``benchmarks/reliability_selection.json`` and the table of
``benchmarks/reliability_selection.md``.

Cells (every one scores texts whose outlet / corpus / months no training row
shares):

* ``loco:<corpus>`` — leave one corpus out (train on all other corpora,
  golbeck_fake_vs_satire always in training), as ``benchmarks/reliability.py``;
* ``sd:<corpus>`` — source-disjoint inside buzzfeed_webis_2016 and
  recovery_covid19: their publishers dealt into 3 folds, each fold scored by a
  model trained on every other row of every corpus (the other publishers
  included); out-of-fold predictions pooled into one cell;
* ``sd:isot_partial`` — ISOT names no publisher (every true row is Reuters), so
  its held-out unit is the month of publication: 3 folds of months, as above.

Every row is scored at threshold 0.5 (macro-F1, ROC-AUC per cell); ECE is
pooled over all cells. The baseline row is the issue's plain model: word 1-2 +
char_wb 3-5 sublinear TF-IDF, logistic regression C=4, balanced classes, its
own probabilities. A model is adopted only if it beats the baseline on the
mean over all cells and on pooled ECE.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import logging
import time
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from newscheck.reliability import metrics
from newscheck.reliability.correctness import ALL_FEATURES, FEATURES
from newscheck.reliability.model import full_text
from newscheck_lab.datasets.reliability import (
    ARTICLE_CORPORA,
    EVAL_CORPORA,
    POSITIVE_ONLY,
    WIDE_CORPORA,
    load_all,
)
from newscheck_lab.reliability import ooc
from newscheck_lab.reliability import train as T

OUT_JSON = _HERE / "reliability_selection.json"
OUT_MD = _HERE / "reliability_selection.md"
SD_CORPORA = ("buzzfeed_webis_2016", "recovery_covid19", "isot_partial")
FOLDS = 3


def cells(
    cor: T.Corpus, names: tuple[str, ...] = ARTICLE_CORPORA
) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Cell name -> list of (train rows, test rows) folds (``loco:`` over
    *names*)."""
    out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for name in names:
        test = np.flatnonzero(cor.corpus == name)
        out[f"loco:{name}"] = [(np.flatnonzero(cor.corpus != name), test)]
    rng = np.random.default_rng(0)
    for name in SD_CORPORA:
        m = cor.corpus == name
        groups, sizes = np.unique(cor.groups[m], return_counts=True)
        order = rng.permutation(len(groups))
        # deal the groups largest first into the lightest fold (even folds)
        order = order[np.argsort(-sizes[order], kind="stable")]
        load = np.zeros(FOLDS)
        fold_of = {}
        for g in order:
            k = int(np.argmin(load))
            fold_of[groups[g]] = k
            load[k] += sizes[g]
        folds = []
        for k in range(FOLDS):
            held = m & np.isin(cor.groups, [g for g, f in fold_of.items() if f == k])
            folds.append((np.flatnonzero(~held), np.flatnonzero(held)))
        out[f"sd:{name}"] = folds
    return out


# --- the plain baseline, from count matrices computed once ---------------------
class Plain:
    """Word 1-2 + char_wb 3-5 TF-IDF LR (C=4, balanced classes); the TF-IDF
    vocabularies and idf are fitted on the training rows of each fold only
    (counts are computed once; columns with df < 2 in the training rows and
    char columns beyond the 200,000 most frequent are dropped per fold)."""

    def __init__(self, cor: T.Corpus, *, chars: bool = True, C: float = 4.0) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        texts = [full_text(d.title, d.text) for d in cor.docs]
        self.blocks = [CountVectorizer(ngram_range=(1, 2)).fit_transform(texts)]
        if chars:
            self.blocks.append(
                CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(
                    texts
                )
            )
        self.C = C
        self.y = cor.y

    @staticmethod
    def _tfidf(block, rows, max_features=None):
        sub = block[rows]
        df = np.asarray((sub > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(df >= 2)
        if max_features and len(keep) > max_features:
            tf = np.asarray(sub.sum(axis=0)).ravel()[keep]
            keep = np.sort(keep[np.argsort(-tf, kind="stable")[:max_features]])
        idf = np.log((1 + len(rows)) / (1 + df[keep])) + 1.0
        return keep, idf

    @staticmethod
    def _apply(block, rows, keep, idf):
        x = block[rows][:, keep].tocsr().astype(np.float64)
        x.data = 1.0 + np.log(x.data)
        x = x.multiply(idf[None, :]).tocsr()
        n = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        n[n == 0] = 1.0
        return sp.diags(1.0 / n) @ x

    def fit_predict(self, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        from sklearn.linear_model import LogisticRegression

        xs_tr, xs_te = [], []
        for i, b in enumerate(self.blocks):
            keep, idf = self._tfidf(b, train, 200_000 if i else None)
            xs_tr.append(self._apply(b, train, keep, idf))
            xs_te.append(self._apply(b, test, keep, idf))
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        clf.fit(sp.hstack(xs_tr).tocsr(), self.y[train])
        return clf.predict_proba(sp.hstack(xs_te).tocsr())[:, 1]


#: Candidate configurations of the run-time model (train.Config).
FINAL = T.Config()
UNRESTRICTED = replace(FINAL, min_corpora=1, consistent=0.0, style_within=False)
CONFIGS: dict[str, T.Config] = {
    "previous model (first-round final)": FINAL,
    "word 1-2 TF-IDF only, class-balanced, C=4, isotonic OOC": replace(
        FINAL,
        min_corpora=1,
        consistent=0.0,
        fw_scale=0.0,
        style=False,
        balance_by="class",
        max_terms=200_000,
    ),
    "unrestricted terms + patterns + pooled style, corpus-balanced": replace(
        UNRESTRICTED, max_terms=200_000
    ),
    "unrestricted terms + patterns + pooled style, class-balanced": replace(
        UNRESTRICTED, balance_by="class", max_terms=200_000
    ),
    "unrestricted, corpus-balanced, C=8": replace(
        UNRESTRICTED, max_terms=200_000, C=8.0
    ),
    "unrestricted, corpus-balanced, C=2": replace(
        UNRESTRICTED, max_terms=200_000, C=2.0
    ),
}


PLAIN_WORDS = CONFIGS["word 1-2 TF-IDF only, class-balanced, C=4, isotonic OOC"]
PLAIN_NGRAMS = replace(PLAIN_WORDS, features="plain")
CONFIGS["plain word 1-2 + char 3-5 TF-IDF (hashed baseline), isotonic OOC"] = (
    PLAIN_NGRAMS
)
#: Logit-average ensembles: label -> (member configs, weights).
ENSEMBLES: dict[str, tuple[tuple[T.Config, ...], tuple[float, ...]]] = {
    "ensemble: previous model + word 1-2 TF-IDF, logits averaged 1:1, isotonic OOC": (
        (FINAL, PLAIN_WORDS),
        (0.5, 0.5),
    ),
    "ensemble: previous model + word 1-2 TF-IDF, logits averaged 1:2, isotonic OOC": (
        (FINAL, PLAIN_WORDS),
        (1 / 3, 2 / 3),
    ),
    "ensemble: previous model + plain word+char TF-IDF, 1:1, isotonic OOC": (
        (FINAL, PLAIN_NGRAMS),
        (0.5, 0.5),
    ),
    "ensemble: previous model + plain word+char TF-IDF, 2:1, isotonic OOC": (
        (FINAL, PLAIN_NGRAMS),
        (2 / 3, 1 / 3),
    ),
    "ensemble: previous model + plain word+char TF-IDF, 1:2, isotonic OOC": (
        (FINAL, PLAIN_NGRAMS),
        (1 / 3, 2 / 3),
    ),
}
#: Ensembles calibrated with each corpus's rows weighted equally (its natural
#: class shares) instead of both classes equally.
NATURAL: dict[str, tuple[tuple[T.Config, ...], tuple[float, ...]]] = {
    "ensemble: previous model + plain word+char TF-IDF, 1:1, isotonic OOC at natural class shares": (
        (FINAL, PLAIN_NGRAMS),
        (0.5, 0.5),
    ),
}

#: Ensembles whose calibrated probabilities are pulled towards 0.5 by a factor
#: chosen on the training corpora alone (train.shrink_factor).
SHRUNK: dict[str, tuple[tuple[T.Config, ...], tuple[float, ...]]] = {
    "ensemble: previous model + plain word+char TF-IDF, 1:1, isotonic OOC, shrunk to 0.5 by inner LOCO": (
        (FINAL, PLAIN_NGRAMS),
        (0.5, 0.5),
    ),
}

#: The row the shipped artefact was trained with (train.ENSEMBLE_CONFIGS).
SHIPPED = "ensemble: previous model + plain word+char TF-IDF, 1:1, isotonic OOC"


def run_config(cor, cell_folds, fn) -> dict[str, dict]:
    out = {}
    ys, ps = [], []
    for name, folds in cell_folds.items():
        y, p = [], []
        for train, test in folds:
            p.append(fn(train, test))
            y.append(cor.y[test])
        y, p = np.concatenate(y), np.concatenate(p)
        out[name] = metrics.report(y, p)
        ys.append(y)
        ps.append(p)
        logging.info(
            "  %s: F1 %.3f AUC %.3f", name, out[name]["macro_f1"], out[name]["roc_auc"]
        )
    y, p = np.concatenate(ys), np.concatenate(ps)
    out["_pooled"] = metrics.report(y, p)
    out["_mean"] = float(np.mean([out[n]["macro_f1"] for n in cell_folds]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="", help='name prefixes separated by ";"')
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--render", action="store_true", help="only re-render the .md from the JSON"
    )
    ap.add_argument(
        "--speed",
        action="store_true",
        help="time the shipped analyzer (recorded in the JSON), then re-render",
    )
    ap.add_argument(
        "--three-labels",
        action="store_true",
        help="the three-label model, the previous release and the baseline on "
        "every cell, evaluation corpora included (recorded in the JSON)",
    )
    ap.add_argument(
        "--wide",
        action="store_true",
        help="the three-label model trained on the wider corpora (every "
        "corpus a leave-one-corpus-out cell) and its baseline (recorded in "
        "the JSON)",
    )
    ap.add_argument("--baseline-too", action="store_true", help="recompute it")
    ap.add_argument("--out", type=Path, default=OUT_JSON, help="results JSON (merged)")
    args = ap.parse_args()
    out_json = args.out
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.speed:
        results = json.loads(out_json.read_text())
        results["_speed"] = speed()
        out_json.write_text(json.dumps(results, indent=1, default=float))
        args.render = True
    if args.three_labels:
        results = json.loads(out_json.read_text()) if out_json.exists() else {}
        cor = corpus_all()
        cf = all_cells(cor)
        three = results.get("_three_labels", {})
        three.update(three_labels(cor, cf))
        if BASE not in three or args.baseline_too:
            three[BASE] = baseline_cells(cor, cf)
        results["_three_labels"] = three
        out_json.write_text(json.dumps(results, indent=1, default=float))
        args.render = True
    if args.wide:
        results = json.loads(out_json.read_text()) if out_json.exists() else {}
        cor = corpus_all()
        cf = cells(cor, WIDE_CORPORA)
        rows = results.get("_wide", {})
        rows.update(wide(cor, cf))
        if WIDE_BASE not in rows or args.baseline_too:
            rows[WIDE_BASE] = baseline_cells(cor, cf)
        results["_wide"] = rows
        out_json.write_text(json.dumps(results, indent=1, default=float))
        args.render = True
    if args.render:
        results = json.loads(out_json.read_text())
        first = next(v for k, v in results.items() if not k.startswith("_"))
        write_md(results, [n for n in first if not n.startswith("_")])
        return
    docs, _ = load_all()
    cor = T.Corpus(docs, vectors=False)
    cf = cells(cor)
    results = json.loads(out_json.read_text()) if out_json.exists() else {}
    if not args.no_baseline:
        t0 = time.perf_counter()
        plain = Plain(cor)
        logging.info("baseline")
        results["baseline: word+char TF-IDF LR, C=4, balanced"] = run_config(
            cor, cf, plain.fit_predict
        )
        logging.info("baseline %.0fs", time.perf_counter() - t0)
    wanted = [w for w in args.configs.split(";") if w]
    cache: dict = {}
    for label, cfg in CONFIGS.items():
        if wanted and not any(label.startswith(w) for w in wanted):
            continue
        logging.info("%s", label)

        def fn(train, test, cfg=cfg):
            model, _ = T.fit_article(cor, train, cfg, cache=cache)
            return T.predict(model, cor, test)

        results[label] = run_config(cor, cf, fn)
        out_json.write_text(json.dumps(results, indent=1, default=float))
    runs = [(k, v, {}) for k, v in ENSEMBLES.items()]
    runs += [(k, v, {"natural_classes": True}) for k, v in NATURAL.items()]
    runs += [(k, v, {"shrink": True}) for k, v in SHRUNK.items()]
    for label, (cfgs, weights), kw in runs:
        if wanted and not any(label.startswith(w) for w in wanted):
            continue
        logging.info("%s", label)

        def fe(train, test, cfgs=cfgs, weights=weights, kw=kw):
            model = T.fit_ensemble(cor, train, cfgs, weights, cache=cache, **kw)
            return T.predict_ensemble(model, cor, test)

        results[label] = run_config(cor, cf, fe)
        out_json.write_text(json.dumps(results, indent=1, default=float))
    out_json.write_text(json.dumps(results, indent=1, default=float))
    if any(k.startswith("baseline") for k in results):  # a partial --out has none
        write_md(results, list(cf))


def speed() -> dict[str, float]:
    """CPU time of the shipped reliability analyzer (score + explanation +
    domain) on 400-600-word articles of the shared corpora, one core."""
    from newscheck.analyzers.reliability import ReliabilityAnalyzer
    from newscheck.article import Article

    docs, _ = load_all()
    arts = [
        Article(title=d.title, body=d.text)
        for d in docs
        if 400 <= len(d.text.split()) <= 600
    ][:1000]
    an = ReliabilityAnalyzer.load()
    for a in arts[:20]:  # warm-up
        an.analyze(a)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for a in arts:
            an.analyze(a)
        best = min(best, (time.process_time() - t0) / len(arts) * 1000)
    return {
        "articles": len(arts),
        "ms_per_article": round(best, 3),
        "articles_per_s": round(1000 / best),
    }


# --- three labels: smooth calibration + correctness model (all cells) ---------
THREE = "three labels: ensemble, Platt OOC + correctness model (shipped)"
ISO = "ensemble, isotonic OOC, every label committed (previous release)"
BASE = "baseline: word+char TF-IDF LR, C=4, balanced"
#: three-label rows on the 5 article corpora: label -> ooc.fit_from_ooc keywords
THREE_ROWS: dict[str, dict] = {
    THREE: {},
    "three labels, Platt at natural class shares (corpora weigh the same)": {
        "natural": True
    },
    "three labels, Platt at natural class shares, level by the lower quartile of held-out corpora": {
        "natural": True,
        "rule": "quartile",
    },
    "three labels, Platt at natural class shares, + political share and punctuation cues": {
        "natural": True,
        "names": ALL_FEATURES,
    },
    "three labels, the fact-checked corpora join the calibration and correctness data (not the members)": {
        "fact_checked_parts": True
    },
    "three labels, fact-checked corpora in the calibration data, + political share and punctuation cues": {
        "fact_checked_parts": True,
        "names": ALL_FEATURES,
    },
}


def corpus_all() -> T.Corpus:
    """Training corpora plus the evaluation corpora (pickled under the fit
    cache: featurising takes minutes)."""
    import pickle

    path = ooc.CACHE / "corpus.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    docs, _ = load_all(ARTICLE_CORPORA + POSITIVE_ONLY + EVAL_CORPORA)
    cor = T.Corpus(docs, vectors=False)
    cor.plain  # noqa: B018 (computed once, pickled with it)
    ooc.CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(cor, fh)
    return cor


def all_cells(cor: T.Corpus) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """The cells of :func:`cells` (training rows never from an evaluation
    corpus) plus ``eval:<corpus>``: every evaluation corpus scored by the
    model trained on all training corpora."""
    train_ok = ~np.isin(cor.corpus, EVAL_CORPORA)
    out = {
        name: [(tr[train_ok[tr]], te) for tr, te in folds]
        for name, folds in cells(cor).items()
        if not any(name.endswith(":" + e) for e in EVAL_CORPORA)
    }
    everything = np.flatnonzero(train_ok)
    for name in EVAL_CORPORA:
        out[f"eval:{name}"] = [(everything, np.flatnonzero(cor.corpus == name))]
    return out


def _inner_ooc(
    cor: T.Corpus, train: np.ndarray, test: np.ndarray
) -> dict[str, tuple[np.ndarray, ooc.FitScores]]:
    """Out-of-corpus scores of the training corpora of one fold. A fold that
    holds out a whole corpus (or an evaluation corpus) gets exact inner
    leave-one-corpus-out fits; a source-disjoint fold reuses the
    leave-one-corpus-out fits of the full training set, its test rows dropped
    (their labels are never read; those fits did train on them)."""
    whole = set(cor.corpus[test]) - set(cor.corpus[train])
    if whole:
        return ooc.ooc_rows(cor, train)
    everything = np.flatnonzero(~np.isin(cor.corpus, EVAL_CORPORA))
    out = {}
    for name, (held, fit) in ooc.ooc_rows(cor, everything).items():
        out[name] = (np.setdiff1d(held, test), fit)
    return out


def three_labels(cor: T.Corpus, cf: dict) -> dict[str, dict]:
    """Per cell: the shipped three-label model and the previous release's
    isotonic ensemble, from disk-cached fits."""
    rows: dict[str, dict] = {k: {} for k in THREE_ROWS}
    rows[ISO] = {}
    pooled: dict[str, list] = {k: [[], [], []] for k in rows}
    for name, folds in cf.items():
        got: dict[str, list] = {k: [[], [], []] for k in rows}
        for train, test in folds:
            logging.info("%s: fold of %d rows", name, len(test))
            inner = _inner_ooc(cor, train, test)
            full = ooc.fit_scores(cor, train)
            for k, kw in THREE_ROWS.items():
                kw = dict(kw)
                parts = dict(inner)
                if kw.pop("fact_checked_parts", False):
                    # the evaluation corpora the fold does not test, scored by
                    # the fold's own fit (never trained on them): calibration
                    # and correctness data only
                    for e in EVAL_CORPORA:
                        rows_e = np.setdiff1d(np.flatnonzero(cor.corpus == e), test)
                        if len(rows_e):
                            parts[e] = (rows_e, full)
                platt, cm, _ = ooc.fit_from_ooc(cor, parts, full, **kw)
                p = 1.0 / (1.0 + np.exp(-(platt.a * full.z[test] + platt.b)))
                q = cm.predict(ooc.features(cor, test, full, platt, cm.features))
                got[k][0].append(cor.y[test])
                got[k][1].append(p)
                got[k][2].append(q >= cm.level)
            held = np.concatenate([h for h, _ in inner.values()])
            z = np.concatenate([f.z[h] for h, f in inner.values()])
            w = T.sample_weights(cor, held, T.Config())
            ix, iy = T.fit_isotonic(z, cor.y[held], w)
            got[ISO][0].append(cor.y[test])
            got[ISO][1].append(np.interp(full.z[test], ix, iy))
            got[ISO][2].append(np.ones(len(test), dtype=bool))
        _record_cell(rows, pooled, got, name)
    return _pool(rows, pooled, cf)


# --- wider training data: every corpus a leave-one-corpus-out cell ----------
WIDE_BASE = "baseline trained on the 8 corpora (each cell on all the others)"
#: label -> keyword arguments of ooc.fit_from_ooc (members: WIDE_ENSEMBLE_CONFIGS)
WIDE_ROWS: dict[str, dict] = {
    "wider data: 8 corpora, both members corpus-balanced, Platt OOC + correctness model": {
        "names": FEATURES
    },
    "wider data + political share and punctuation cues in the correctness model": {
        "names": ALL_FEATURES
    },
    "wider data + cues + Platt temperature by inner LOCO": {
        "names": ALL_FEATURES,
        "temperature": True,
    },
    "wider data, Platt at natural class shares": {"natural": True},
    "wider data, shipped members (plain member class-balanced over all rows)": {
        "members": "shipped"
    },
    "wider data, shipped members + political share and punctuation cues": {
        "members": "shipped",
        "names": ALL_FEATURES,
    },
    "wider data, Platt at natural class shares, level by the lower quartile of held-out corpora": {
        "natural": True,
        "rule": "quartile",
    },
}


#: member sets of the wider rows ("members" keyword of a WIDE_ROWS entry)
WIDE_MEMBERS = {
    "corpus": T.WIDE_ENSEMBLE_CONFIGS,
    "shipped": T.ENSEMBLE_CONFIGS,
}


def _wide_inner(
    cor: T.Corpus, train: np.ndarray, test: np.ndarray, cfgs: tuple = ()
) -> dict[str, tuple[np.ndarray, ooc.FitScores]]:
    """Out-of-corpus scores of the training corpora of one fold: each scored by
    the fit on every other row of the corpus (test rows dropped from the
    scored rows). Those fits trained on the test rows too, as the ``sd:``
    fits of :func:`_inner_ooc` do; the test rows' labels never fit a
    calibration or a correctness model."""
    everything = np.arange(len(cor))
    out = {}
    for name in sorted(set(cor.corpus[train]) - set(POSITIVE_ONLY)):
        held = np.setdiff1d(train[cor.corpus[train] == name], test)
        fit = ooc.fit_scores(
            cor, everything[cor.corpus != name], cfgs or T.WIDE_ENSEMBLE_CONFIGS
        )
        out[str(name)] = (held, fit)
    return out


def wide(cor: T.Corpus, cf: dict) -> dict[str, dict]:
    """Per cell, every :data:`WIDE_ROWS` variant from disk-cached fits."""
    rows: dict[str, dict] = {k: {} for k in WIDE_ROWS}
    pooled: dict[str, list] = {k: [[], [], []] for k in rows}
    for name, folds in cf.items():
        got: dict[str, list] = {k: [[], [], []] for k in rows}
        for train, test in folds:
            logging.info("%s: fold of %d rows", name, len(test))
            fits = {}
            for k, kw in WIDE_ROWS.items():
                kw = dict(kw)
                cfgs = WIDE_MEMBERS[kw.pop("members", "corpus")]
                if cfgs not in fits:
                    fits[cfgs] = (
                        _wide_inner(cor, train, test, cfgs),
                        ooc.fit_scores(cor, train, cfgs),
                    )
                inner, full = fits[cfgs]
                platt, cm, info = ooc.fit_from_ooc(cor, inner, full, **kw)
                p = 1.0 / (1.0 + np.exp(-(platt.a * full.z[test] + platt.b)))
                q = cm.predict(ooc.features(cor, test, full, platt, cm.features))
                got[k][0].append(cor.y[test])
                got[k][1].append(p)
                got[k][2].append(q >= cm.level)
                logging.info(
                    "  %s: level %s T %s", k[:30], cm.level, info["temperature"]
                )
        _record_cell(rows, pooled, got, name)
    return _pool(rows, pooled, cf)


def _record_cell(rows: dict, pooled: dict, got: dict, name: str) -> None:
    """Each row's report on cell *name* from its (labels, probabilities,
    committed) parts in *got*, which are also kept for the pooled report."""
    for k in rows:
        y, p, keep = (np.concatenate(v) for v in got[k])
        rows[k][name] = _cell_report(y, p, keep)
        for i, v in enumerate((y, p, keep)):
            pooled[k][i].append(v)
        logging.info("  %s %s: %s", k[:20], name, rows[k][name])


def _pool(rows: dict, pooled: dict, cells: dict) -> dict:
    """*rows* with each row's pooled report and its mean macro-F1 over *cells*."""
    for k in rows:
        y, p, keep = (np.concatenate(v) for v in pooled[k])
        rows[k]["_pooled"] = _cell_report(y, p, keep)
        rows[k]["_mean"] = float(np.mean([rows[k][n]["macro_f1"] for n in cells]))
    return rows


def _as_loco(r: dict) -> dict:
    """A three-label row with its ``eval:`` cells named ``loco:`` (the same
    test rows: the whole corpus, never trained on)."""
    return {k.replace("eval:", "loco:"): v for k, v in r.items()}


def _cell_report(y: np.ndarray, p: np.ndarray, keep: np.ndarray) -> dict:
    rep = metrics.report(y, p)
    right = (p >= 0.5) == (y == 1)
    _, counts = np.unique(np.round(p, 4), return_counts=True)
    rep["coverage"] = float(keep.mean())
    rep["selective_accuracy"] = float(right[keep].mean()) if keep.any() else None
    rep["top_value_share"] = float(counts.max() / len(p))
    return rep


def baseline_cells(cor: T.Corpus, cf: dict) -> dict[str, dict]:
    """The plain baseline on every cell (every label committed)."""
    plain = Plain(cor)
    out = {}
    ys, ps = [], []
    for name, folds in cf.items():
        y = np.concatenate([cor.y[te] for _, te in folds])
        p = np.concatenate([plain.fit_predict(tr, te) for tr, te in folds])
        out[name] = _cell_report(y, p, np.ones(len(y), dtype=bool))
        ys.append(y)
        ps.append(p)
        logging.info("  baseline %s: %s", name, out[name])
    y, p = np.concatenate(ys), np.concatenate(ps)
    out["_pooled"] = _cell_report(y, p, np.ones(len(y), dtype=bool))
    out["_mean"] = float(np.mean([out[n]["macro_f1"] for n in cf]))
    return out


def write_three_md(three: dict, names: list[str]) -> list[str]:
    """The all-cells table of the three-label model."""
    lines = [
        "",
        "## Three labels (reliable | uncertain | unreliable), all cells",
        "",
        "Cells as above, training and calibrating never on the evaluation "
        "corpora; `eval:` cells are those corpora (fact-checked articles from "
        "many outlets), scored by the model trained on all training corpora. "
        "Per cell: macro-F1 at 0.5 over every article (ROC-AUC), then selective "
        "accuracy / coverage (accuracy where the label is not `uncertain`, and "
        "the share of articles labelled). The shipped row's Platt calibration "
        "and correctness model are fitted on out-of-corpus scores of the fold's "
        "training corpora only, the commitment level by inner "
        "leave-one-corpus-out on them (target: committed labels right ≥ 90 % of "
        "the time); an `sd:` fold reuses the leave-one-corpus-out fits of all "
        "training corpora with its own rows dropped (their labels are never "
        "read, but those fits trained on them). max share: the largest share of "
        "a cell's articles on one score value (4 decimals).",
    ]
    lines += _three_table(three, names)
    if THREE in three and BASE in three:
        lines += _targets(three[THREE], three[BASE], names)
    return lines


def _three_table(three: dict, names: list[str]) -> list[str]:
    """Rows with selective accuracy / coverage per cell."""
    lines = [
        "",
        "| configuration | "
        + " | ".join(names)
        + " | mean macro-F1 | pooled ECE | pooled AUC | selective accuracy | "
        "coverage | max share |",
        "|" + " --- |" * (len(names) + 7),
    ]
    for label, r in three.items():
        cells_ = []
        for n in names:
            c = r.get(n)
            if c is None:
                cells_.append("—")
                continue
            sel = c.get("selective_accuracy")
            cells_.append(
                f"{c['macro_f1']:.3f} ({c['roc_auc']:.3f}) "
                + (f"{sel:.2f}" if sel is not None else "–")
                + f" / {c['coverage']:.2f}"
            )
        pool = r["_pooled"]
        sel = pool.get("selective_accuracy")
        share = max(r[n]["top_value_share"] for n in names if n in r)
        lines.append(
            f"| {label} | "
            + " | ".join(cells_)
            + f" | **{r['_mean']:.3f}** | {pool['ece']:.3f} | "
            f"{pool['roc_auc']:.3f} | "
            + (f"{sel:.3f}" if sel is not None else "–")
            + f" | {pool['coverage']:.3f} | {share:.3f} |"
        )
    return lines


def _targets(r: dict, b: dict, names: list[str]) -> list[str]:
    """Row *r* against the targets (baseline row *b*)."""
    sel = [
        r[n]["selective_accuracy"]
        for n in names
        if r[n].get("selective_accuracy") is not None
    ]
    worst = min(sel) if sel else float("nan")
    return [
        "",
        f"Against the targets: mean macro-F1 {r['_mean']:.3f} vs baseline "
        f"{b['_mean']:.3f} ({r['_mean'] - b['_mean']:+.3f}; target +0.05); "
        f"pooled ECE {r['_pooled']['ece']:.3f} (target ≤ 0.05); committed "
        f"labels right {r['_pooled']['selective_accuracy']:.3f} of the time "
        f"pooled, {worst:.3f} in the worst cell (target ≥ 0.90 in every "
        f"cell), coverage {r['_pooled']['coverage']:.3f} (target ≥ 0.50); "
        "largest share of one score value in a cell "
        f"{max(r[n]['top_value_share'] for n in names):.3f} (target ≤ 0.02).",
    ]


def write_wide_md(results: dict) -> list[str]:
    """The wider-data table: the 5-corpus rows (``eval:`` cells read as
    ``loco:``) and the rows trained on every corpus but the cell's."""
    wide_rows = results["_wide"]
    three = results.get("_three_labels", {})
    rows = {}
    for label, key in ((f"{BASE} (5 article corpora)", BASE), (THREE, THREE)):
        if key in three:
            rows[label] = _as_loco(three[key])
    rows.update(wide_rows)
    first = next(iter(wide_rows.values()))
    names = [n for n in first if not n.startswith("_")]
    lines = [
        "",
        "## Wider training data: every corpus a leave-one-corpus-out cell",
        "",
        "The three fact-checked corpora become training corpora (corpus-balanced: "
        "every corpus the same total weight, both classes of a corpus too, in "
        "both members), each a `loco:` cell scored by the model trained on all "
        "the others; the first two rows are the 5-corpus rows above (their "
        "`eval:` cells are the same test rows). In the wider rows the "
        "calibration and correctness model of a cell are fitted on "
        "out-of-corpus scores of its training corpora, each scored by the "
        "leave-that-corpus-out fit of all rows (those fits trained on the test "
        "cell too, as the `sd:` cells above do; the test cell's labels never "
        "fit a calibration or a correctness model). Columns as above.",
    ]
    lines += _three_table(rows, names)
    base = wide_rows.get(WIDE_BASE)
    for label, r in wide_rows.items():
        if label == WIDE_BASE or base is None:
            continue
        lines += ["", f"**{label}** vs the wide baseline:"]
        lines += _targets(r, base, names)[1:]
    ship = three.get(THREE)
    if ship:
        sel = ship["_pooled"]["selective_accuracy"]
        wins = [
            label
            for label, r in {**wide_rows, **three}.items()
            if label not in (THREE, WIDE_BASE, BASE, ISO)
            and r["_mean"] > ship["_mean"]
            and (r["_pooled"].get("selective_accuracy") or 0.0) >= sel
        ]
        lines += [
            "",
            "Adoption: a row replaces the shipped model only if its mean "
            f"macro-F1 beats the shipped row's ({ship['_mean']:.3f}) and its "
            f"committed labels are right at least as often ({sel:.3f}): "
            + ("; ".join(wins) if wins else "no row does; the shipped model stays")
            + ".",
        ]
    return lines


def write_md(results: dict, names: list[str]) -> None:
    rows = {k: v for k, v in results.items() if not k.startswith("_")}
    intro = [
        "# Reliability model selection",
        "",
        "Written by `python benchmarks/reliability_selection.py` (recorded in "
        "`reliability_selection.json`). Cells: leave-one-corpus-out (`loco:`), and "
        "source-disjoint splits (`sd:`) inside buzzfeed_webis_2016 and "
        "recovery_covid19 (publishers dealt into 3 folds, every other row of every "
        "corpus trains) and isot_partial (ISOT names no publisher: 3 folds of "
        "publication months). Macro-F1 at threshold 0.5 (ROC-AUC); ECE and AUC "
        "pooled over all cells. Calibration is always fitted on out-of-corpus "
        "scores of the training rows, never on a test cell. The baseline is the "
        "issue's plain model (word 1-2 + char_wb 3-5 TF-IDF, LR C=4, balanced "
        "classes, its own probabilities).",
        "",
    ]
    head = (
        "| configuration | "
        + " | ".join(names)
        + " | mean macro-F1 | pooled ECE | pooled AUC |"
    )
    lines = [*intro, head, "|" + " --- |" * (len(names) + 4)]
    for label, r in rows.items():
        cells_ = [f"{r[n]['macro_f1']:.3f} ({r[n]['roc_auc']:.3f})" for n in names]
        lines.append(
            f"| {label} | "
            + " | ".join(cells_)
            + f" | **{r['_mean']:.3f}** | {r['_pooled']['ece']:.3f} | {r['_pooled']['roc_auc']:.3f} |"
        )
    base = next(v for k, v in rows.items() if k.startswith("baseline"))
    lines += [
        "",
        f"Cells: {len(names)}. Adoption rule: mean macro-F1 above the baseline's and pooled ECE below it; target mean ≥ baseline + 0.03 ({base['_mean'] + 0.03:.3f}), pooled ECE ≤ 0.06.",
        "",
    ]
    for label, r in rows.items():
        if label.startswith("baseline"):
            continue
        ok = r["_mean"] > base["_mean"] and r["_pooled"]["ece"] < base["_pooled"]["ece"]
        mean_auc = float(np.mean([r[n]["roc_auc"] for n in names]))
        lines.append(
            f"- {label}: mean {r['_mean']:.3f} ({r['_mean'] - base['_mean']:+.3f} vs baseline), "
            f"ECE {r['_pooled']['ece']:.3f}, mean cell AUC {mean_auc:.3f} — "
            + (
                "beats the baseline on both"
                if ok
                else "does not beat the baseline on both"
            )
            + (" — **shipped**" if label == SHIPPED else "")
        )
    sp_ = results.get("_speed")
    if sp_:
        lines += [
            "",
            f"Speed of the shipped analyzer (score, explanation and domain; "
            f"{sp_['articles']} articles of 400-600 words, CPU time, one core, best "
            f"of 3): {sp_['ms_per_article']:.2f} ms = {sp_['articles_per_s']} "
            "articles/s (target ≥ 500).",
        ]
    three = results.get("_three_labels")
    if three:
        first = next(iter(three.values()))
        lines += write_three_md(three, [n for n in first if not n.startswith("_")])
    if results.get("_wide"):
        lines += write_wide_md(results)
    text = "\n".join(lines)
    print(text)
    OUT_MD.write_text(text + "\n")


if __name__ == "__main__":
    main()
