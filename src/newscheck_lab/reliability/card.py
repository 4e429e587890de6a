"""Training entry point and MODEL_CARD.md writer (training-time only)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["calibrate_and_assess", "recalibrate", "train_and_write"]

_BLOCK = ("<!-- calibration:begin -->", "<!-- calibration:end -->")


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return "n/a" if np.isnan(x) else f"{x:.3f}"
    return str(x)


def train_and_write(out_dir: Path, *, log: Any = print) -> dict[str, Any]:
    """Train both models on everything, write the artefacts and MODEL_CARD.md.

    The card's numbers come from this run: an in-corpus group split (model fit
    on 75 % of every corpus's groups, scored on the rest) and LIAR test; the
    cross-corpus numbers live in ``benchmarks/reliability.md``.
    """
    from newscheck.reliability import metrics
    from newscheck_lab.datasets.reliability import load_all, load_liar
    from newscheck_lab.reliability import train as T

    t0 = time.perf_counter()
    docs, stats = load_all()
    log(f"loaded {len(docs)} articles after cleaning and dedupe")
    cor = T.Corpus(docs)
    cfg = T.ENSEMBLE_CONFIGS
    # sanity check: in-corpus split by group (pairs / publishers kept together)
    tr, te = T.group_split(cor)
    m_split = T.fit_ensemble(cor, tr, T.ENSEMBLE_CONFIGS, T.ENSEMBLE_WEIGHTS)
    p = T.predict_ensemble(m_split, cor, te)
    split_rows = {}
    for name in np.unique(cor.corpus[te]):
        mask = cor.corpus[te] == name
        split_rows[str(name)] = metrics.report(cor.y[te][mask], p[mask])
    split_rows["all"] = metrics.report(cor.y[te], p)
    log("in-corpus group split done")
    everything = np.arange(len(cor))
    fitted = T.fit_ensemble(cor, everything, T.ENSEMBLE_CONFIGS, T.ENSEMBLE_WEIGHTS)
    model = T.export_ensemble(fitted, cor, T.ENSEMBLE_CONFIGS)
    model.meta = {
        "members": [T.config_dict(c) for c in T.ENSEMBLE_CONFIGS],
        "weights": list(T.ENSEMBLE_WEIGHTS),
        "calibration_corpora": sorted(
            str(n) for n in set(cor.corpus) if n not in T.POSITIVE_ONLY
        ),
        "coverage": T.coverage_reference(
            cor,
            everything,
            features="plain" if any(c.features == "plain" for c in cfg) else "words",
        ),
    }
    log(
        "article model: "
        + " + ".join(f"{_n_terms(m)} terms" for m in model.members)
        + ", logits averaged"
    )
    calibrate_and_assess(model, cor, everything, log=log)
    liar = load_liar()
    scor = T.Corpus(T.short_docs(docs, liar))
    statement, sinfo = T.fit_statement(scor)
    train_rows = np.flatnonzero(~np.isin(scor.corpus, ["liar_valid", "liar_test"]))
    statement.meta = {
        "config": T.config_dict(T.STATEMENT_CONFIG),
        **sinfo,
        "coverage": T.coverage_reference(scor, train_rows),
    }
    six = T.fit_liar_6way(scor, liar)
    log(
        f"statement model: LIAR binary test accuracy "
        f"{sinfo['test_binary_accuracy']:.3f}; 6-way {six['test_6way_accuracy']:.3f}"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir)
    statement.save(out_dir)
    seconds = time.perf_counter() - t0
    counts = {str(n): int((scor.corpus == n).sum()) for n in np.unique(scor.corpus)}
    _write_card(
        out_dir / "MODEL_CARD.md",
        stats,
        cfg,
        model,
        split_rows,
        {**sinfo, "six": six, "counts": counts, "model": statement},
        seconds,
    )
    size = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    log(f"wrote {out_dir} ({size / 1e6:.1f} MB) in {seconds:.0f}s")
    return {"stats": stats, "split": split_rows, "statement": sinfo, "size": size}


def _write_card(
    path: Path,
    stats: dict[str, Any],
    cfg: Any,
    model: Any,
    split: dict[str, dict[str, Any]],
    sinfo: dict[str, Any],
    seconds: float,
) -> None:
    from newscheck.reliability.text import LEAK_TOKENS

    lines = [
        "# Reliability models (written by `newscheck train reliability`)",
        "",
        "P(unreliable) of a news article. Texts under `short_text_words` (60) words "
        "are scored by the statement model instead; `summary.model` says which.",
        "",
        "## Data (../shared/datasets, read at training time only)",
        "",
        "| corpus | reliable | unreliable | raw records | after cleaning |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    names = sorted({k.split(".")[0] for k in stats if not k.startswith("dedupe")})
    for n in names:
        good, bad = stats.get(n + ".reliable", 0), stats.get(n + ".unreliable", 0)
        raw, clean = stats.get(n + ".raw", ""), stats.get(n + ".after_cleaning", "")
        lines.append(f"| {n} | {good} | {bad} | {raw} | {clean} |")
    lines += [
        "",
        f"Cross-corpus dedupe removed {stats['dedupe.duplicates']} duplicate texts and "
        f"{stats['dedupe.conflicts']} texts in label-conflicting groups. BuzzFeed "
        "'no factual content' items (no veracity label) are dropped; texts under "
        "20 words after cleaning are dropped. golbeck_fake_vs_satire has only "
        "unreliable articles: extra positives at half a corpus's weight.",
        "",
        "Leak stripping: wire datelines (`CITY (Reuters) -`), photo credits "
        "(`Featured image via …`, Getty credits), `21st Century Wire says`, share / "
        "newsletter / comment furniture, links and handles (rules in "
        "`newscheck/reliability/features.py`, applied at run time too); sentences "
        "repeated in 3+ documents of a corpus; and these tokens never become "
        "features of the word models (the plain n-gram member reads the text as "
        f"written, as the baseline it reproduces): {', '.join(sorted(LEAK_TOKENS))}. "
        "ISOT `subject`/`date` and "
        "LIAR credit-history columns are never read.",
        "",
        "## Article model",
        "",
        f"The mean of {len(model.members)} linear models' raw logits (weights "
        f"{', '.join(map(str, model.weights))}), calibrated as below. Threshold "
        f"{model.threshold}. Chosen on the cells of "
        "`benchmarks/reliability_selection.md` (leave-one-corpus-out plus source- "
        "and month-disjoint splits). Vocabulary reference (share of an "
        "article's words the plain n-gram member knows, training articles scored "
        "against the vocabulary of the other corpora): "
        f"`{json.dumps(model.meta.get('coverage', {}))}`.",
        "",
        calibration_block(model),
        "",
        *[
            f"- member {i + 1}: " + _member_text(c, m)
            for i, (c, m) in enumerate(zip(cfg, model.members, strict=True))
        ],
        "",
        "### In-corpus split (sanity check; 25 % of each corpus's groups held out: "
        "pair_id for Pérez-Rosas, publisher for BuzzFeed/ReCOVery)",
        "",
        "| test part | n | accuracy | macro-F1 | ROC-AUC | Brier | ECE |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in split.items():
        lines.append(
            f"| {n} | {r['n']} | {_fmt(r['accuracy'])} | {_fmt(r['macro_f1'])} | "
            f"{_fmt(r['roc_auc'])} | {_fmt(r['brier'])} | {_fmt(r['ece'])} |"
        )
    six = sinfo["six"]
    smodel = sinfo["model"]
    counts = ", ".join(f"{k} {v}" for k, v in sinfo["counts"].items())
    lines += [
        "",
        "Cross-corpus (leave-one-corpus-out) numbers, the ones that matter, are in "
        "`benchmarks/reliability.md` (`python benchmarks/reliability.py`).",
        "",
        "## Statement model (texts under 60 words)",
        "",
        "Binary, same structure as the article model (n-grams kept if seen in 2+ "
        "documents, style signals"
        + (", mean word vector" if smodel.meta.get("config", {}).get("emb") else "")
        + "), trained on LIAR train "
        "statements (text only; pants-fire/false/barely-true = unreliable) plus "
        "short texts cut from the article corpora: every title of 4+ words and every "
        f"lead (first sentences, up to {45} words), labelled like their article — "
        "ReCOVery's give short COVID-19 health texts. Every source weighs the "
        "same, except LIAR (×3: its in-domain accuracy rises, the other sources' "
        "leave-one-source-out scores do not drop); Platt calibration "
        f"(a={smodel.calibration[0]:.3f}, b={smodel.calibration[1]:.3f}) on "
        "out-of-source scores. Texts per source (liar_valid and liar_test only "
        "evaluate): " + counts + ".",
        "",
        f"- LIAR test binary accuracy: {_fmt(sinfo['test_binary_accuracy'])}, "
        f"ROC-AUC {_fmt(sinfo['test_binary']['roc_auc'])}, "
        f"ECE {_fmt(sinfo['test_binary']['ece'])}",
        f"- LIAR 6-way (multinomial LR on the same text features, LIAR train only, "
        f"C={six['C']} chosen on valid): valid {_fmt(six['valid_6way_accuracy'])}, "
        f"test {_fmt(six['test_6way_accuracy'])} (target ≥ 0.30; published "
        "text-only CNN 0.27). Reported only; the shipped statement model is the "
        "binary one.",
        "",
        "## Limits",
        "",
        "Trained on English, mostly US news of 2016–2020. Labels are partly "
        "source-level (ReCOVery, ISOT), so the model partly learns outlet style. "
        "Scores are a reading aid, not a verdict.",
        "",
        f"Training took {seconds:.0f} s.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def calibrate_and_assess(
    model: Any, cor: Any, rows: np.ndarray, *, log: Any = print
) -> dict[str, Any]:
    """Fit *model*'s Platt calibration and correctness model on out-of-corpus
    scores of the training corpora among *rows* (:mod:`.ooc`) and set them."""
    from newscheck_lab.reliability import ooc

    platt, cm, info = ooc.fit_correctness(cor, rows)
    model.platt, model.correctness = platt, cm
    model.meta = {**model.meta, "calibration": platt.to_json(), "correctness": info}
    log(
        f"Platt calibration a={platt.a:.3f} b={platt.b:.3f}; commit level "
        f"{cm.level:.2f} (inner leave-one-corpus-out: {info['inner_loco']})"
    )
    return info


def calibration_block(model: Any) -> str:
    """The model card's paragraph on calibration and the correctness model."""
    platt, cm = getattr(model, "platt", None), getattr(model, "correctness", None)
    if platt is None or cm is None:
        return (
            f"{_BLOCK[0]}\nIsotonic calibration ({len(model.iso_x)} knots) on "
            f"out-of-corpus means; labels always commit.\n{_BLOCK[1]}"
        )
    info = model.meta.get("correctness", {})
    inner = info.get("inner_loco", {})
    coefs = ", ".join(
        f"{n} {c:+.2f}" for n, c in zip(cm.features, cm.coef, strict=True)
    )
    return "\n".join(
        [
            _BLOCK[0],
            f"Calibration: Platt (P = 1 / (1 + exp(-({platt.a:.3f} z "
            f"{platt.b:+.3f})))) fitted on out-of-corpus means of "
            f"{', '.join(info.get('calibration_corpora', []))} (each scored by "
            "members trained without it; every corpus and both classes of a "
            "corpus weigh the same); smooth and monotone, so every logit has its "
            f"own probability. Out-of-corpus ECE of the fit: "
            f"{_fmt(float(info.get('ooc_ece', float('nan'))))}.",
            "",
            "Correctness model (when the label commits): logistic regression on "
            "the same out-of-corpus predictions, predicting whether the label at "
            f"0.5 is right from standardised {coefs} (margin = |p - 0.5|; "
            "coverage = share of the words the plain member knows; distance = 1 - "
            "the largest cosine to a training corpus's centroid in the plain "
            "member's word TF-IDF space, centroids truncated to their "
            "3,000 largest terms). `label` is `unreliable` / `reliable` where the "
            f"predicted correctness is ≥ {cm.level:.2f}, else `uncertain`; the "
            "level is the lowest at which committed labels were right ≥ 90 % of "
            "the time in the median training corpus held out by inner "
            "leave-one-corpus-out (there: median accuracy "
            f"{_fmt(float(inner.get('accuracy', float('nan'))))}, worst "
            f"{_fmt(float(inner.get('worst_accuracy', float('nan'))))}, mean "
            f"coverage {_fmt(float(inner.get('coverage', float('nan'))))}; no "
            "level reaches 90 % on every held-out corpus). "
            "Every report quotes the predicted correctness in words.",
            _BLOCK[1],
        ]
    )


def recalibrate(out_dir: Path, *, log: Any = print) -> dict[str, Any]:
    """Refit only the shipped article model's calibration and correctness model
    (members unchanged) on out-of-corpus scores of its training corpora, and
    rewrite its JSON and the card's calibration paragraph."""
    from newscheck.reliability.ensemble import load_model
    from newscheck_lab.datasets.reliability import (
        ARTICLE_CORPORA,
        EVAL_CORPORA,
        POSITIVE_ONLY,
        load_all,
    )
    from newscheck_lab.reliability import train as T

    model = load_model(out_dir, "article")
    # the corpus of the selection benchmark (its out-of-corpus fits are reused):
    # the evaluation corpora are read but never trained or calibrated on
    docs, _ = load_all(ARTICLE_CORPORA + POSITIVE_ONLY + EVAL_CORPORA)
    cor = T.Corpus(docs, vectors=False)
    rows = np.flatnonzero(~np.isin(cor.corpus, EVAL_CORPORA))
    info = calibrate_and_assess(model, cor, rows, log=log)
    model.save(out_dir, members=False)  # type: ignore[union-attr,call-arg]
    card = out_dir / "MODEL_CARD.md"
    if card.exists():
        text = card.read_text(encoding="utf-8")
        a, b = text.find(_BLOCK[0]), text.find(_BLOCK[1])
        if a >= 0 and b > a:
            text = text[:a] + calibration_block(model) + text[b + len(_BLOCK[1]) :]
            card.write_text(text, encoding="utf-8")
    return info


def _n_terms(model: Any) -> int:
    """Features of one ensemble member (words and n-grams, or hashed keys)."""
    keys = getattr(model, "keys", None)
    return len(keys) if keys is not None else len(model.terms)


def _member_text(cfg: Any, model: Any) -> str:
    """One member of the article model, in words."""
    from newscheck.reliability.plain import BITS, NGRAMS
    from newscheck.reliability.text import STYLE_NAMES

    if cfg.features == "plain":
        return (
            f"configuration `{json.dumps(T_config(cfg))}`. The text as written "
            "(title + body, boilerplate blanked; publisher names and punctuation "
            "kept): word unigrams + bigrams and char "
            f"{NGRAMS[0]}-{NGRAMS[1]}-grams inside space-padded words, as "
            "scikit-learn's CountVectorizer reads them, hashed to "
            f"{BITS} bits; words kept if seen in ≥ {cfg.min_df} documents, the "
            f"{cfg.max_terms:,} most frequent such char n-grams; {_n_terms(model):,} "
            "keys, sublinear TF-IDF, word and char blocks each L2-normalised; "
            f"logistic regression C={cfg.C}, both classes weighted equally over "
            "all rows (the issue-19 baseline, reproduced without scikit-learn at "
            "run time)."
        )

    weights = (
        "every corpus weighted equally and classes balanced within a corpus"
        if cfg.balance_by == "corpus"
        else "both classes weighted equally over all rows"
    )
    return (
        f"configuration `{json.dumps(T_config(cfg))}`. Word unigrams + bigrams "
        f"(kept if seen in ≥ {cfg.min_df} documents and ≥ {cfg.min_corpora} corpora"
        + (
            " and leaning the same way — more frequent in unreliable, or in "
            "reliable, articles — in every two-class corpus that uses them"
            if cfg.consistent
            else ""
        )
        + f"), {len(model.terms)} terms, sublinear TF-IDF"
        + (f", {len(STYLE_NAMES)} style signals" if cfg.style else "")
        + (
            f"; {len(model.fw_keys)} function-word bigram/trigram patterns "
            "(every word outside a closed list of function words, reporting verbs "
            "and hedges reads `_`, numbers `0`; a pattern must occur in "
            f"≥ {cfg.fw_min_corpora} training corpora), their own L2-normalised "
            f"sublinear TF-IDF block weighted {cfg.fw_scale}"
            if model.uses_patterns
            else ""
        )
        + (
            "; the style signals are standardised within each training corpus "
            "when fitting, with the pooled training mean and spread at run time"
            if cfg.style and cfg.style_within
            else ""
        )
        + f"; L2 logistic regression (C={cfg.C}) with {weights}."
    )


def T_config(cfg: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(cfg)
