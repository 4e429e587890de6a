# ruff: noqa: E402
"""Propaganda and check-worthiness signals as features of the reliability
article model.

Measurement only (the reliability work listed "propaganda-technique density" and "claim
density" among the ideas worth testing): do the findings of the default
propaganda and check-worthiness models help the leave-one-corpus-out (LOCO)
protocol of ``benchmarks/reliability.py``?

Usage: ``python benchmarks/reliability_signals.py`` (needs ../shared; about
20 min on one core). Writes ``benchmarks/reliability_signals.json`` and
re-renders its section of ``benchmarks/reliability.md``
(``python benchmarks/reliability.py --signals-section``).

Per article (title line + body, as ``newscheck analyze`` reads it), from the
shipped numpy propaganda model (``newscheck.propaganda``, trained on PTC train,
which shares no article with the reliability corpora):

* spans per 100 words of each of the 14 techniques, of all techniques, and the
  share of characters inside a span;
* the mean token probability of the span model, and the share of tokens at or
  above its threshold;
* a per-word proxy that costs nothing at run time: the mean over the article's
  words of the span model's summed weights of that word (as the token itself
  and as its ±3 neighbours), i.e. the span model's logit without its
  context, affix and shape features;

and from the shipped check-worthiness model (``newscheck.claims``, trained on
ClaimBuster and CheckThat 2020 Task 1 train/dev) over the body's sentences: the
mean and the largest sentence probability and the share of sentences at or
above its threshold.

Each variant appends the signals to the final model's style block (standardised
within each training corpus, like the other style signals); everything else —
cells, calibration on out-of-corpus scores of the training corpora only, the
0.5 threshold — is the benchmark's own code (``train.loco``). The first row
re-runs the final model through the same loop (it must equal the benchmark).
The adoption rule is the one of the embedding section, fixed before that run:
mean macro-F1 +0.02 and pooled AUC +0.01 with ECE not worse.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import json
import subprocess
import time

import numpy as np

from newscheck.article import split_sentences
from newscheck.claims.model import ClaimModel
from newscheck.propaganda.features import Doc
from newscheck.propaganda.model import PropagandaModel
from newscheck.propaganda.techniques import DEFINITIONS
from newscheck_lab.datasets.reliability import ARTICLE_CORPORA, POSITIVE_ONLY, load_all
from newscheck_lab.reliability import train as T

OUT = _HERE / "reliability_signals.json"
TECHNIQUES = sorted(DEFINITIONS)
#: the span model's word features: the token itself and its +-3 neighbours
WORD_POSITIONS = ("w", "w-1", "w+1", "w-2", "w+2", "w-3", "w+3")


def signals(
    model: PropagandaModel, title: str, body: str
) -> tuple[np.ndarray, float, float]:
    """The 18 signals of one article, and the CPU seconds of span finding
    (``predict``) and of the token probabilities alone."""
    text = f"{title}\n{body}" if title else body
    lines = 1 if title else 0
    words = max(1, len(text.split()))
    t0 = time.process_time()
    spans = model.predict(text, title_lines=lines)
    t1 = time.process_time()
    probs = model.token_probs(Doc.from_text(text, title_lines=lines))
    t2 = time.process_time()
    counts = np.zeros(len(TECHNIQUES))
    covered = 0
    for s in spans:
        counts[TECHNIQUES.index(s.technique)] += 1
        covered += s.end - s.start
    p = np.concatenate(probs) if probs else np.zeros(1)
    row = np.concatenate(
        [
            counts / words * 100,
            [
                len(spans) / words * 100,
                covered / max(1, len(text)),
                float(p.mean()),
                float((p >= model.threshold).mean()),
            ],
        ]
    )
    return row, t1 - t0, t2 - t1


def claim_signals(model: ClaimModel, body: str) -> tuple[np.ndarray, float]:
    """Mean and largest check-worthiness of the body's sentences, the share at
    or above the model's threshold, and the CPU seconds it took."""
    t0 = time.process_time()
    sents = [body[s:e] for s, e in split_sentences(body)]
    p = model.predict_proba(sents) if sents else np.zeros(1)
    t1 = time.process_time()
    row = np.array([p.mean(), p.max(), (p >= model.threshold).mean()])
    return row, t1 - t0


def word_weights(model: PropagandaModel) -> dict[str, float]:
    """Word -> summed span-model weight of its word-position features."""
    out: dict[str, float] = {}
    for name, w in zip(model.si_vocab, model.si_coef.tolist(), strict=True):
        pos, _, word = name.partition("=")
        if pos in WORD_POSITIONS and word:
            out[word] = out.get(word, 0.0) + w
    return out


def main() -> None:
    docs, _ = load_all()
    model = PropagandaModel.cached()
    claims = ClaimModel.load()
    rows, crows, t_spans, t_probs, t_claims = [], [], 0.0, 0.0, 0.0
    for d in docs:
        r, a, b = signals(model, d.title, d.text)
        rows.append(r)
        t_spans += a
        t_probs += b
        c, t = claim_signals(claims, d.text)
        crows.append(c)
        t_claims += t
    sig = np.vstack(rows)
    cw = np.vstack(crows)
    cor = T.Corpus(docs)
    ww = word_weights(model)
    # the proxy over the words a shipped model can know (cor.vector_words), per
    # token, exactly as the run-time word scores are averaged
    vec = np.array([ww.get(w, 0.0) for w in cor.vector_words])
    uni = np.flatnonzero([" " not in t for t in cor.terms])
    proxy = np.asarray(cor.counts[:, uni] @ vec).ravel() / cor.ntok
    variants = [
        ("final model (this loop; = benchmark)", None),
        ("+ all 18 propaganda signals", sig),
        (
            "+ the 4 summary signals (spans, coverage, mean P, share >= threshold)",
            sig[:, -4:],
        ),
        ("+ mean token probability only", sig[:, [-2]]),
        ("+ share of tokens >= threshold only", sig[:, [-1]]),
        ("+ per-word proxy only (free at run time)", proxy[:, None]),
        ("+ check-worthiness: mean, max, share >= threshold", cw),
        ("+ share of check-worthy sentences only", cw[:, [-1]]),
        (
            "+ all 18 propaganda signals + the 3 check-worthiness signals",
            np.hstack([sig, cw]),
        ),
    ]
    base_style, base_names = cor.style.copy(), T.STYLE_NAMES
    results = []
    cfg = T.Config()
    for label, extra in variants:
        if extra is None:
            cor.style, T.STYLE_NAMES = base_style, base_names
        else:
            # the fit reads the style block's width from train.STYLE_NAMES:
            # widen both for this variant (restored after the loop)
            cor.style = np.hstack([base_style, extra])
            T.STYLE_NAMES = tuple(base_names) + tuple(
                f"signal_{i}" for i in range(extra.shape[1])
            )
        r = T.loco(cor, cfg, cache={})
        cells = {
            n: [round(r[n]["macro_f1"], 4), round(r[n]["roc_auc"], 4)]
            for n in ARTICLE_CORPORA
        }
        row = {
            "label": label,
            "cells": cells,
            "mean": round(r["_mean_macro_f1"]["value"], 4),
            "min": min(c[0] for c in cells.values()),
            "ece": round(r["_pooled"]["ece"], 4),
            "auc": round(r["_pooled"]["roc_auc"], 4),
            "golbeck_recall": round(r[POSITIVE_ONLY[0]]["recall"], 4),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
    cor.style, T.STYLE_NAMES = base_style, base_names
    words = float(np.mean([len(d.text.split()) for d in docs]))
    out = {
        "rows": results,
        "articles": len(docs),
        "mean_words": round(words, 1),
        "ms_per_article_spans": round(t_spans / len(docs) * 1000, 2),
        "ms_per_article_token_probs": round(t_probs / len(docs) * 1000, 2),
        "ms_per_article_claims": round(t_claims / len(docs) * 1000, 2),
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, str(_HERE / "reliability.py"), "--signals-section"],
        check=True,
    )


if __name__ == "__main__":
    main()
