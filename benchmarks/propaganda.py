"""Score the shipped propaganda model once on PTC dev; write benchmarks/propaganda.md.

Usage: ``.venv/bin/python benchmarks/propaganda.py [--model DIR]``

Dev is read only here, never by training (all choices are made by
cross-validation on train). Speed is single-process CPU time (one core; the host
is shared, so wall time is printed too) for SI + TC on the 75 dev articles,
tokenisation and features included: a first pass in a fresh process (memos of
word weights empty) and a second pass (memos filled, as in a long-running
process), also as CPU milliseconds per 500 words.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from newscheck.propaganda.features import Doc
from newscheck.propaganda.labels import Label
from newscheck.propaganda.model import DEFAULT_MODEL_DIR, PropagandaModel
from newscheck.propaganda.scorer import (
    majority_tc_scores,
    si_scores_labels,
    tc_scores,
)
from newscheck.propaganda.techniques import TECHNIQUES
from newscheck_lab.datasets.ptc import extract_corpus, load_split

OUT = Path(__file__).with_suffix(".md")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    args = ap.parse_args()
    root = extract_corpus()
    dev = load_split("dev", root)
    gold = [r for aid in dev.ids for r in dev.labels[aid]]

    t0 = time.perf_counter()
    model = PropagandaModel.load(args.model)
    load_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    si_pred = [
        Label(aid, p.technique, p.start, p.end)
        for aid in dev.ids
        for p in model.predict(dev.articles[aid], title_lines=1)
    ]
    si_s, si_cpu = time.perf_counter() - t0, time.process_time() - c0
    si = si_scores_labels(si_pred, gold)
    c0 = time.process_time()
    for aid in dev.ids:
        model.predict(dev.articles[aid], title_lines=1)
    warm_cpu = time.process_time() - c0
    words = sum(len(dev.articles[aid].split()) for aid in dev.ids)

    c0 = time.process_time()
    tc_pred = []
    for aid in dev.ids:
        rows = dev.labels[aid]
        if not rows:
            continue
        doc = Doc.from_text(dev.articles[aid], title_lines=1)
        techs = model.classify(doc, [(r.start, r.end) for r in rows])
        tc_pred += [
            Label(aid, t, r.start, r.end) for r, t in zip(rows, techs, strict=True)
        ]
    tc_cpu = time.process_time() - c0
    tc = tc_scores(tc_pred, gold, TECHNIQUES)

    train = load_split("train", root)
    majority, base = majority_tc_scores(
        (r for aid in train.ids for r in train.labels[aid]), gold
    )

    size = sum(
        p.stat().st_size
        for p in Path(args.model).iterdir()
        if p.name != "MODEL_CARD.md"
    )
    n = len(dev.ids)
    cv = model.meta.get("cv", {})
    lines = [
        "# Propaganda techniques: PTC dev (SemEval-2020 Task 11)",
        "",
        "Written by `benchmarks/propaganda.py`; do not edit by hand. Dev scored once; "
        "every choice was made by cross-validation on train "
        f"(CV on train: SI F1 {cv.get('si', {}).get('cv_f1', float('nan')):.4f}, "
        f"TC micro-F1 {cv.get('tc', {}).get('cv_micro_f1', float('nan')):.4f}).",
        "",
        f"Model: `{Path(args.model).name}` (numpy inference, {size / 1e6:.1f} MB on "
        f"disk, loads in {load_s:.2f} s). Machine: {platform.machine()}, Python "
        f"{platform.python_version()}, shared 2-core host. Dev articles average "
        f"{words / n:.0f} words.",
        "",
        "| task | measure | value | target |",
        "|---|---|---|---|",
        f"| SI | precision | {si.precision:.4f} | |",
        f"| SI | recall | {si.recall:.4f} | |",
        f"| SI | F1 | {si.f1:.4f} | ≥ 0.45 |",
        f"| SI | predicted / gold spans (merged) | {si.n_pred} / {si.n_gold} | |",
        f"| TC | micro-F1 (on gold spans) | {tc.f1:.4f} | ≥ 0.60 |",
        f"| TC | micro-F1, majority class ({majority}) | {base.f1:.4f} | |",
        f"| speed | articles per CPU-second (one core), SI + TC, fresh process "
        f"| {n / si_cpu:.1f} | ≥ 20 |",
        f"| speed | articles per CPU-second, SI + TC, second pass | "
        f"{n / warm_cpu:.1f} | |",
        f"| speed | CPU ms per 500 words, SI + TC, fresh / second pass | "
        f"{1000 * si_cpu / words * 500:.2f} / {1000 * warm_cpu / words * 500:.2f} "
        "| ≤ 1.5 |",
        f"| speed | articles/s wall clock, SI + TC (shared host) | {n / si_s:.1f} | |",
        f"| speed | articles per CPU-second, TC on gold spans | {n / tc_cpu:.1f} | |",
        f"| size | model MB | {size / 1e6:.1f} | ≤ 50 |",
        "",
        "## TC per technique (dev)",
        "",
        "| technique | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for t, (p, r, f, s) in tc.per_technique.items():
        lines.append(f"| {t} | {p:.4f} | {r:.4f} | {f:.4f} | {s} |")
    lines += ["", *_variants(cv), "", *_example(args.model)]
    text = "\n".join(lines) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(text)


def _variants(cv: dict) -> list[str]:
    """The variants measured by CV on train and not shipped (from training)."""
    from newscheck_lab.propaganda.training import MEASURED_VARIANTS

    si = cv.get("si", {})
    out = [
        "## Choices and variants (CV on train only)",
        "",
        f"- Shipped SI decoding: threshold {si.get('threshold')}, low "
        f"{si.get('low')}, gap {si.get('gap')}, clause split {si.get('split')}, "
        f"max span {si.get('max_len') or 'none'} tokens, lexicon "
        f"{si.get('loaded_setting') or 'none'} (CV F1 "
        f"{si.get('cv_f1', float('nan')):.4f}, mean span "
        f"{si.get('cv_mean_span_chars', float('nan')):.0f} characters).",
    ]
    tc = cv.get("tc", {})
    dense = tc.get("dense") or {}
    grid = tc.get("grid") or []
    if isinstance(grid, list) and len(grid) > 1:
        rows = ", ".join(
            f"{r['span']} / {r['context']} at C = {r['C']}: {r['micro_f1']:.4f}"
            for r in grid
        )
        out.append(
            f"- Shipped TC: C = {tc.get('C')}, dense span / context scale "
            f"{dense.get('span', 0.0)} / {dense.get('context', 0.0)} (static MiniLM "
            "word vectors of the fact-check embedder, "
            + ("fine-tuned" if dense.get("tuned") else "distilled")
            + f"); CV micro-F1 per span / context scale: {rows}."
        )
    out += [f"- Not shipped: {v}" for v in MEASURED_VARIANTS]
    return out


def _example(model_dir: Path) -> list[str]:
    """The analyzer's findings on the shipped Iraq example, as a table."""
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.ingest.text import article_from_text
    from newscheck_lab.datasets import shared_dir

    root = shared_dir()
    path = root / "examples" / "iraq-troops-2014.txt" if root else None
    if path is None or not path.is_file():
        return []
    art = article_from_text(path.read_text(encoding="utf-8"))
    result = PropagandaAnalyzer.load(model_dir).analyze(art)
    out = [
        "## Example: `shared/examples/iraq-troops-2014.txt`",
        "",
        f"Sentence share with a technique: {result.summary['sentence_share']:.2f}; "
        f"counts: {result.summary['counts']}",
        "",
        "| field | text | technique | score |",
        "|---|---|---|---|",
    ]
    for f in result.findings:
        shown = f.text if len(f.text) <= 90 else f.text[:87] + "..."
        out.append(
            f"| {f.field} | {shown} | {f.evidence['technique']} | {f.score:.2f} |"
        )
    return out


if __name__ == "__main__":
    main()
