"""Score the check-worthiness transformer; write
benchmarks/checkworthiness_transformers.md.

Usage: ``.venv/bin/python benchmarks/checkworthiness_transformers.py [--model DIR]``
(needs onnxruntime + tokenizers and an artefact built by
``python -m newscheck_lab.transformers.claims``).

- ClaimBuster 3xNCS cross-validation F1 / AP: read from the artefact's meta.json,
  i.e. recorded by the training run (5-fold CV of a transformer is not rerun here).
- CheckThat! 2020 Task 1 English test: scored here, from the ONNX artefact (the
  test split is read only here, never by training): MAP, R-precision, P@10, P@30
  (the task's measures, :func:`newscheck_lab.claims.evaluate.checkthat_test`). The
  shipped linear model is scored on the same split for reference.
- Speed: onnxruntime with one intra-op thread, so process CPU time is one core's
  time; 3,000 3xNCS sentences in batches of 30 (tokenisation included).
"""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path

from newscheck.claims.model import ClaimModel
from newscheck.claims.transformer import ClaimTransformer, find_model_dir
from newscheck_lab.claims.evaluate import checkthat_test, speed
from newscheck_lab.datasets import claims as cdata

OUT = Path(__file__).with_suffix(".md")
TARGET_F1, TARGET_MAP = 0.85, 0.80


def _pass(value: float, target: float) -> str:
    return "met" if value >= target else "**not met**"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=None)
    args = ap.parse_args()
    model = ClaimTransformer(find_model_dir(args.model), threads=1)
    meta = model.meta
    cv, bl = meta["cv"], meta["baseline"]
    test = checkthat_test(model)
    linear = checkthat_test(ClaimModel.load())
    sample = list(cdata.load_claimbuster("3xNCS").texts[:3000])
    model.predict_proba(sample[:30])  # warm-up: first-run allocations
    sp = speed(model, sample, batch=30, seconds=10.0)
    mb = (model.path / "model.onnx").stat().st_size / 1e6
    tr = meta["training"]
    rows = "\n".join(
        f"| {f['fold']} | {f['f1']:.4f} | {f['threshold']:.2f} | {f['f1_at_0.5']:.4f}"
        f" | {f['ap']:.4f} |"
        for f in cv["per_fold"]
    )
    lines = [
        "# Check-worthiness transformer benchmark",
        "",
        "Written by `benchmarks/checkworthiness_transformers.py`. Do not edit by hand.",
        "",
        f"Model: {meta['base_model']}, top {tr['trained_layers']} layer(s) + mean "
        f"pooling + linear head fine-tuned, {meta['quantisation']} ONNX "
        f"({mb:.1f} MB), max {meta['max_len']} tokens, threshold "
        f"{model.threshold:.2f}; trained {meta['trained']} by "
        "`python -m newscheck_lab.transformers.claims` (see its MODEL_CARD.md).",
        "",
        f"## ClaimBuster 3xNCS cross-validation (recorded by the training run; "
        f"{cv['folds_run']} of 5 folds, {cv['scored']} sentences)",
        "",
        "| fold | F1 | threshold (chosen in the training fold) | F1 at 0.5 | AP |",
        "|---|---|---|---|---|",
        rows,
        "",
        "| model | F1 (check-worthy) | F1 at 0.5 | AP | target F1 >= 0.85 |",
        "|---|---|---|---|---|",
        f"| fine-tuned MiniLM | {cv['f1_fold_thresholds']:.4f} | "
        f"{cv['f1_at_0.5']:.4f} | {cv['ap']:.4f} | "
        f"{_pass(cv['f1_fold_thresholds'], TARGET_F1)} |",
        f"| frozen MiniLM embedding -> LR (baseline) | "
        f"{bl['f1_fold_thresholds']:.4f} | {bl['f1_at_0.5']:.4f} | {bl['ap']:.4f} | "
        f"{_pass(bl['f1_fold_thresholds'], TARGET_F1)} |",
        "",
        "F1 pools the scored folds, each called at the threshold chosen inside its "
        "own training fold. The number of trained layers was chosen on held-out AP "
        "inside the training folds (model card), not on these numbers and not on "
        "the CheckThat test split.",
        "",
        f"## CheckThat! 2020 Task 1 English test ({test['n']} tweets, "
        f"{test['positives']} check-worthy; scored here)",
        "",
        "| model | MAP | R-precision | P@10 | P@30 | target MAP >= 0.80 |",
        "|---|---|---|---|---|---|",
        f"| fine-tuned MiniLM (ONNX) | {test['map']:.4f} | {test['r_precision']:.4f} | "
        f"{test['p@10']:.4f} | {test['p@30']:.4f} | {_pass(test['map'], TARGET_MAP)} |",
        f"| shipped linear model | {linear['map']:.4f} | "
        f"{linear['r_precision']:.4f} | {linear['p@10']:.4f} | {linear['p@30']:.4f} | "
        f"{_pass(linear['map'], TARGET_MAP)} |",
        "",
        "## Speed (onnxruntime, one thread)",
        "",
        f"{sp['per_s_cpu']:.0f} sentences per second of CPU time "
        f"({sp['per_s_wall']:.0f} per second wall; {sp['sentences']} sentences in "
        f"batches of {sp['batch']}, tokenisation included). Machine: "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared).",
        "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
