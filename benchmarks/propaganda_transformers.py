"""Score the propaganda transformer once on PTC dev; write
benchmarks/propaganda_transformers.md.

What is scored is what ships: the transformer alone, or, where the artefact's
``meta.json`` holds ensemble settings (chosen on held-out train articles by the
training script), its ensemble with the default linear model
(``newscheck.propaganda.ensemble``).

Usage: ``.venv/bin/python benchmarks/propaganda_transformers.py [--model DIR]``
(needs the ``transformers`` extra and a built artefact, see
``newscheck_lab.transformers.propaganda``).

``--record-trial DIR --label TEXT`` scores nothing: it records the held-out
numbers of a retrained artefact in DIR that was not shipped (from its
``meta.json``) in ``benchmarks/propaganda_transformer_trials.json`` and
re-renders that section of the page, beside the shipped artefact's numbers.

Dev is read only here, never by training (every choice was made on 15% of the
train articles held out). Speed: onnxruntime with one intra-op thread, so the
process CPU time is one core's time; SI + TC on the 75 dev articles, tokenisation
included (the host is shared, so wall time is printed too).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from newscheck.propaganda.ensemble import PropagandaEnsemble
from newscheck.propaganda.labels import Label
from newscheck.propaganda.scorer import (
    majority_tc_scores,
    si_scores_labels,
    tc_scores,
)
from newscheck.propaganda.techniques import TECHNIQUES
from newscheck.propaganda.transformer import PropagandaTransformer, find_model_dir
from newscheck_lab.datasets.ptc import extract_corpus, load_split

OUT = Path(__file__).with_suffix(".md")
TRIALS = Path(__file__).with_name("propaganda_transformer_trials.json")
TRIALS_BEGIN, TRIALS_END = "<!-- trials: begin -->", "<!-- trials: end -->"

_SNAPS = {
    "tokens": "whole words (the linear model's word tokens)",
    "w": "whole words (`\\w` runs)",
    "hyphen": "whole words (hyphenated words as one)",
}
_DROPS = {
    "linear": "function-word-only spans dropped (the linear model's list)",
    "stopwords": "function-word-only spans dropped (factcheck stop words)",
}


def tidying(snap: str | None, drop: str | None) -> str:
    parts = [_SNAPS[snap]] if snap else []
    parts += [_DROPS[drop]] if drop else []
    return " + ".join(parts) or "none (as decoded)"


def span_lines(ens: dict) -> list[str]:
    """The SI span tidyings the training script tried on the held-out train
    articles (``span_tidying_trial`` of the ensemble settings); not shipped."""
    sp = ens.get("span_tidying_trial")
    if not sp:
        return []
    b = sp["best"]
    verdict = (
        f"Passes on held-out ({tidying(b['snap'], b['drop'])}) but not shipped: "
        "the ensemble's decoding has no tidying."
        if sp["passes"]
        else f"Not shipped: the best variant ({tidying(b['snap'], b['drop'])}, "
        f"held-out SI F1 {b['si_f1']:.4f}, {b['gain']:+.4f} ± {b['gain_se']:.4f}) "
        f"does not beat the untidied decoding by {sp['min_gain']:.2f} and two "
        "standard errors, so the spans above are decoded as before and dev was not "
        "scored for any variant."
    )
    lines = [
        "",
        "## SI span tidying: measured on held-out train articles, not shipped",
        "",
        "Post-processing of the ensemble's SI spans, tried by "
        "`newscheck_lab.transformers.propaganda` (`tidy_spans`) at SI weight "
        f"{sp['si_weight']:.1f} on the held-out articles: snap every span to whole "
        "words (a start or end inside a word moved to the word's edge), drop spans "
        "whose words are all function words, or both; each variant with its own "
        "best threshold and gap. Gain over no tidying ± paired bootstrap standard "
        f"error over the articles ({sp['bootstrap']} resamples).",
        "",
        "| snap to | drop function-word-only spans | threshold | gap | SI F1 "
        "| precision | recall | spans | gain |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sp["variants"]:
        lines.append(
            f"| {_SNAPS[r['snap']] if r['snap'] else '-'} "
            f"| {_DROPS[r['drop']].split('(')[1][:-1] if r['drop'] else '-'} "
            f"| {r['threshold']:.2f} | {r['gap']} | {r['si_f1']:.4f} "
            f"| {r['si_p']:.4f} | {r['si_r']:.4f} | {r['n_pred']} "
            f"| {r['gain']:+.4f} ± {r['gain_se']:.4f} |"
        )
    base = sp["variants"][0]["n_pred"]
    fewest = min(r["n_pred"] for r in sp["variants"])
    lines += [
        "",
        "Why so little: the decoder already widens its runs to the tokenizer's "
        "whole words (`\\w` runs, split at punctuation), so snapping changes only "
        "hyphenated words and words with apostrophes; and spans of function words "
        f"only are at most {base - fewest} of the {base} held-out spans "
        f"({(base - fewest) / base:.0%}). The ragged spans seen on "
        "`shared/examples/iraq-troops-2014.txt` are mostly whole words already "
        '("ant" and "Returing" are the article\'s own spelling, "anti-" is '
        '"anti" plus its hyphen).',
        "",
        verdict,
    ]
    return lines


def holdout_summary(meta: dict) -> dict[str, float]:
    """Held-out train-article numbers of an artefact: the transformer as shipped
    (int8 or fp32, TC after the head refit if kept) and, if any, the ensemble."""
    h = meta["holdout"]
    q = h["onnx_int8"] if meta["quantisation"].startswith("int8") else h["onnx_fp32"]
    out = {"si_f1": q["si_f1"], "tc_f1": q["tc_f1"]}
    refit = meta.get("tc_refit")
    if refit and refit["kept"]:
        out["tc_f1"] = refit["holdout_tc_after"]
    ens = meta.get("ensemble")
    if ens:
        out.update(ens_si_f1=ens["holdout_si_f1"], ens_tc_f1=ens["holdout_tc_f1"])
    return out


def trial_lines(shipped: dict) -> list[str]:
    """Retrained artefacts measured on the held-out train articles and not
    shipped (:data:`TRIALS`), beside the shipped one."""
    trials = json.loads(TRIALS.read_text("utf-8")) if TRIALS.exists() else []
    if not trials:
        return []
    ref = holdout_summary(shipped)
    tr = shipped["training"]

    def row(label: str, t: dict, s: dict) -> str:
        return (
            f"| {label} | {t['epochs']} | {t['frozen']} | {s['si_f1']:.4f} | "
            f"{s['tc_f1']:.4f} | {s.get('ens_si_f1', float('nan')):.4f} | "
            f"{s.get('ens_tc_f1', float('nan')):.4f} |"
        )

    lines = [
        "",
        TRIALS_BEGIN,
        "## Retraining trials: held-out train articles, not shipped",
        "",
        "Each trial is an artefact built by `newscheck_lab.transformers.propaganda` "
        "with the settings in its row (`--epochs`, `--freeze-layers`; the rest as "
        "for the shipped one), scored by that script on the same held-out train "
        "articles; its numbers are read from its meta.json by "
        "`benchmarks/propaganda_transformers.py --record-trial DIR --label TEXT`.",
        "",
        "| artefact | epochs | frozen | transformer SI F1 | transformer TC | "
        "ensemble SI F1 | ensemble TC |",
        "|---|---|---|---|---|---|---|",
        row("shipped", tr, ref),
    ]
    verdicts = []
    for t in trials:
        s = t["holdout"]
        lines.append(row(t["label"], t["training"], s))
        gain = s.get("ens_si_f1", s["si_f1"]) - ref.get("ens_si_f1", ref["si_f1"])
        tc_gain = s.get("ens_tc_f1", s["tc_f1"]) - ref.get("ens_tc_f1", ref["tc_f1"])
        verdicts.append(
            f"- {t['label']}: shipped-model SI F1 {gain:+.4f}, TC {tc_gain:+.4f} "
            "(the model as it would ship, ensemble where there is one) — "
            + (
                "passes"
                if gain >= 0.01 and tc_gain >= 0
                else "below the rule (SI +0.01 with TC not lower): not shipped, "
                "dev not scored"
            )
            + "."
        )
    return [*lines, "", *verdicts, TRIALS_END]


def record_trial(trial_dir: Path, label: str, shipped_dir: Path) -> None:
    meta = json.loads((trial_dir / "meta.json").read_text("utf-8"))
    rec = {
        "label": label,
        "training": meta["training"],
        "holdout": holdout_summary(meta),
    }
    trials = json.loads(TRIALS.read_text("utf-8")) if TRIALS.exists() else []
    trials = [t for t in trials if t["label"] != label] + [rec]
    TRIALS.write_text(json.dumps(trials, indent=1) + "\n", encoding="utf-8")
    shipped = json.loads((shipped_dir / "meta.json").read_text("utf-8"))
    block = "\n".join(trial_lines(shipped)[1:])
    text = OUT.read_text("utf-8")
    if TRIALS_BEGIN in text and TRIALS_END in text:
        a, b = text.index(TRIALS_BEGIN), text.index(TRIALS_END) + len(TRIALS_END)
        text = text[:a] + block + text[b:]
    else:
        anchor = "\nRebuild the model:"
        text = text.replace(anchor, "\n" + block + "\n" + anchor, 1)
    OUT.write_text(text, encoding="utf-8")
    print(block)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--record-trial", type=Path, default=None, metavar="DIR")
    ap.add_argument("--label", default=None, help="name of the recorded trial")
    args = ap.parse_args()
    model_dir = find_model_dir(args.model)
    if args.record_trial is not None:
        if model_dir is None or not args.label:
            raise SystemExit("--record-trial needs the shipped artefact and --label")
        if not (args.record_trial / "meta.json").is_file():
            raise SystemExit(f"no meta.json in {args.record_trial}: not an artefact")
        record_trial(args.record_trial, args.label, model_dir)
        return
    root = extract_corpus()
    dev = load_split("dev", root)
    gold = [r for aid in dev.ids for r in dev.labels[aid]]

    if model_dir is None:
        raise SystemExit("no propaganda transformer artefact; see the docstring")
    ens = json.loads((model_dir / "meta.json").read_text("utf-8")).get("ensemble")
    t0 = time.perf_counter()
    if ens:
        model = PropagandaEnsemble.load(model_dir, threads=1)
    else:
        model = PropagandaTransformer(model_dir, threads=1)
    load_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    si_pred = [
        Label(aid, p.technique, p.start, p.end)
        for aid in dev.ids
        for p in model.predict(dev.articles[aid], title_lines=1)
    ]
    si_s, si_cpu = time.perf_counter() - t0, time.process_time() - c0
    si = si_scores_labels(si_pred, gold)
    words = sum(len(dev.articles[aid].split()) for aid in dev.ids)

    c0 = time.process_time()
    tc_pred = []
    for aid in dev.ids:
        rows = dev.labels[aid]
        if not rows:
            continue
        techs = model.classify(dev.articles[aid], [(r.start, r.end) for r in rows])
        tc_pred += [
            Label(aid, t, r.start, r.end) for r, t in zip(rows, techs, strict=True)
        ]
    tc_cpu = time.process_time() - c0
    tc = tc_scores(tc_pred, gold, TECHNIQUES)

    train = load_split("train", root)
    majority, base = majority_tc_scores(
        (r for aid in train.ids for r in train.labels[aid]), gold
    )
    onnx_mb = (model.path / "model.onnx").stat().st_size / 1e6
    total_mb = sum(p.stat().st_size for p in model.path.iterdir()) / 1e6
    n = len(dev.ids)
    meta = model.meta
    h = meta["holdout"]
    final = holdout_summary(meta)
    what = (
        f"all-MiniLM-L6-v2 fine-tuned on {meta['training']['train_articles']} "
        f"PTC train articles, ONNX, {meta['quantisation']}; onnxruntime "
        "(one thread), no PyTorch"
    )
    choices = "epoch, SI threshold and gap, int8 versus fp32"
    if ens:
        final = {"si_f1": final["ens_si_f1"], "tc_f1": final["ens_tc_f1"]}
        choices += ", ensemble weights"
        what = (
            "ensemble of the transformer and the default linear model "
            f"(SI token probabilities {ens['si_weight']:.1f} transformer + "
            f"{1 - ens['si_weight']:.1f} linear, threshold {ens['threshold']:.2f}, "
            f"gap {ens['gap']}; TC {ens['tc_mode']} average, weight "
            f"{ens['tc_weight']:.1f} on the transformer). Transformer: " + what
        )

    lines = [
        "# Propaganda techniques, optional transformer: PTC dev (SemEval-2020 Task 11)",
        "",
        "Written by `benchmarks/propaganda_transformers.py`; do not edit by hand. "
        f"Dev scored once for this model; every choice ({choices}) was made on "
        f"{h['articles']} held-out train articles (held-out: SI F1 "
        f"{final['si_f1']:.4f}, TC micro-F1 {final['tc_f1']:.4f}).",
        "",
        f"Model: {what}. model.onnx {onnx_mb:.1f} MB "
        f"({total_mb:.1f} MB with heads and tokenizer), loads in {load_s:.2f} s. "
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"shared 2-core host. Dev articles average {words / n:.0f} words.",
        "",
        "| task | measure | value | target |",
        "|---|---|---|---|",
        f"| SI | precision | {si.precision:.4f} | |",
        f"| SI | recall | {si.recall:.4f} | |",
        f"| SI | F1 | {si.f1:.4f} | ≥ 0.50 |",
        f"| SI | predicted / gold spans (merged) | {si.n_pred} / {si.n_gold} | |",
        f"| TC | micro-F1 (on gold spans) | {tc.f1:.4f} | ≥ 0.63 |",
        f"| TC | micro-F1, majority class ({majority}) | {base.f1:.4f} | |",
        f"| speed | articles per CPU-second (one core), SI + TC | {n / si_cpu:.2f}"
        " | ≥ 5 |",
        f"| speed | CPU ms per 500 words, SI + TC | {1000 * si_cpu / words * 500:.1f}"
        " | |",
        f"| speed | articles/s wall clock, SI + TC (shared host) | {n / si_s:.2f} | |",
        f"| speed | articles per CPU-second, TC on gold spans | {n / tc_cpu:.2f} | |",
        f"| size | model.onnx MB | {onnx_mb:.1f} | |",
        "",
        "## TC per technique (dev)",
        "",
        "| technique | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for t in TECHNIQUES:
        p, r, f, s = tc.per_technique.get(t, (0.0, 0.0, 0.0, 0))
        lines.append(f"| {t} | {p:.4f} | {r:.4f} | {f:.4f} | {s} |")
    if ens:
        lines += span_lines(ens)
    lines += trial_lines(meta)
    lines += [
        "",
        "Rebuild the model: `python -m newscheck_lab.transformers.propaganda` "
        "(needs `pip install -e '.[train-transformers]'`); see the model card "
        "`src/newscheck/models/propaganda_transformer/MODEL_CARD.md`.",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
