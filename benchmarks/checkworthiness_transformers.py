"""Score the check-worthiness transformer; write
benchmarks/checkworthiness_transformers.md.

Usage: ``.venv/bin/python benchmarks/checkworthiness_transformers.py [--model DIR]``
(needs onnxruntime + tokenizers and an artefact built by
``python -m newscheck_lab.transformers.claims``).

``--checkthat DIR`` scores a model built with ``--data checkthat`` (trained on
the default trainer's corpus, CheckThat 2024 train first) and rewrites only the
section :data:`CHECKTHAT_HEADING` of the .md; a full run keeps that section.

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
#: The heading of the ``--checkthat`` section.
CHECKTHAT_HEADING = "## Fine-tuned on CheckThat 2024 (`--data checkthat`)"
#: The accurate tier's stored test measures (written by checkworthiness.py).
ACCURATE = Path(__file__).with_name("checkworthiness_accurate.json")


def _pass(value: float, target: float) -> str:
    return "met" if value >= target else "**not met**"


def paired_bootstrap(
    y, p_new, p_old, t_new: float, t_old: float, n: int = 1000
) -> dict[str, float]:
    """95 % intervals of the F1 (each at its own threshold) and AP differences,
    new minus old, over *n* resamples of the items, and the share of resamples
    where each difference is > 0."""
    import numpy as np

    from newscheck_lab.claims.train import average_precision, f1_at

    yy = np.asarray(y)
    rng = np.random.default_rng(0)
    df1, dap = [], []
    for _ in range(n):
        i = rng.integers(0, len(yy), len(yy))
        if not yy[i].any():
            continue
        yi = yy[i].tolist()
        df1.append(f1_at(yi, p_new[i], t_new) - f1_at(yi, p_old[i], t_old))
        dap.append(average_precision(yi, p_new[i]) - average_precision(yi, p_old[i]))
    f, a = np.asarray(df1), np.asarray(dap)
    return {
        "f1_lo": float(np.percentile(f, 2.5)),
        "f1_hi": float(np.percentile(f, 97.5)),
        "f1_pos": float(np.mean(f > 0)),
        "ap_lo": float(np.percentile(a, 2.5)),
        "ap_hi": float(np.percentile(a, 97.5)),
        "ap_pos": float(np.mean(a > 0)),
    }


def versus_accurate(model: ClaimTransformer, frozen_cache: Path) -> dict:
    """The stack against the shipped accurate tier on the same CheckThat 2024
    and 2020 test items (:func:`paired_bootstrap`); needs the all-MiniLM-L6-v2
    weights for the accurate tier's sentence vectors."""
    from newscheck.arrays import sigmoid
    from newscheck.claims.frozen import FrozenHead
    from newscheck_lab.claims.frozen import EmbeddingCache

    head, base, st = FrozenHead.load(), ClaimModel.load(), model.meta["stack"]
    a, b, c = st["weights"]
    store = EmbeddingCache(frozen_cache)
    out = {}
    for name, d, key in (
        ("ct24", cdata.load_checkthat2024("test"), "ct24_test"),
        ("ct20", cdata.load_checkthat_task1("test"), "ct20_test"),
    ):
        zd = base.decision(list(d.texts))
        p_acc = head.combine(zd, store.encode(key, d.texts))
        p_st = sigmoid(a * zd + b * model.logits(d.texts) + c)
        out[name] = paired_bootstrap(
            d.labels, p_st, p_acc, st["task_threshold"], head.task_threshold
        )
    return out


def checkthat_measures(model: ClaimTransformer, *, ct19: bool = True) -> dict:
    """Test measures of a ``--data checkthat`` model, alone and stacked with
    the shipped default model as its meta.json says (weights fitted on 2024
    dev, thresholds on dev-test and a news tuning sample): CheckThat 2024 test
    F1 / AP, 2020 test MAP, 2019 test MAP over debates, flagged share of the
    sentences of :data:`newscheck_lab.claims.frozen.NEWS_REPORT_SMALL`."""
    import numpy as np

    from newscheck.arrays import sigmoid
    from newscheck_lab.claims.frozen import NEWS_REPORT_SMALL, _news_sentences
    from newscheck_lab.claims.train import average_precision, f1_at

    meta, base = model.meta, ClaimModel.load()
    st = meta["stack"]
    a, b, c = st["weights"]
    thr = {
        "alone": (meta["task_threshold"], meta["threshold"]),
        "stack": (st["task_threshold"], st["threshold"]),
    }

    def both(texts):
        zt = model.logits(texts)
        zd = base.decision(list(texts))
        return {"alone": sigmoid(zt), "stack": sigmoid(a * zd + b * zt + c)}

    res: dict = {k: {} for k in thr}
    d = cdata.load_checkthat2024("test")
    y = np.asarray(d.labels)
    for k, p in both(d.texts).items():
        t_task, t_an = thr[k]
        res[k]["ct24"] = {
            "n": len(d),
            "positives": int(y.sum()),
            "f1_task": f1_at(d.labels, p, t_task),
            "predicted_task": int(np.sum(p > t_task)),
            "f1": f1_at(d.labels, p, t_an),
            "predicted": int(np.sum(p > t_an)),
            "precision": float(y[p > t_an].mean()) if np.any(p > t_an) else 0.0,
            "recall": float(np.mean(p[y == 1] > t_an)),
            "ap": average_precision(d.labels, p),
        }
    d20 = cdata.load_checkthat_task1("test")
    for k, p in both(d20.texts).items():
        res[k]["ct20_map"] = average_precision(d20.labels, p)
    if ct19:
        d19 = cdata.load_checkthat2019("test")
        y19, g19 = np.asarray(d19.labels), np.asarray(d19.groups)
        for k, p in both(d19.texts).items():
            res[k]["ct19_map"] = float(
                np.mean(
                    [
                        average_precision(y19[g19 == g], p[g19 == g])
                        for g in dict.fromkeys(d19.groups)
                    ]
                )
            )
    news = _news_sentences(NEWS_REPORT_SMALL)
    for k, p in both(news).items():
        res[k]["news_share"] = float(np.mean(p > thr[k][1]))
        res[k]["news_sentences"] = len(news)
    return res


def checkthat_section(model: ClaimTransformer, res: dict) -> str:
    """The ``--checkthat`` section: the model alone and stacked, next to the
    shipped accurate tier's stored measures on the same splits."""
    import json

    meta, tr = model.meta, model.meta["training"]
    acc = json.loads(ACCURATE.read_text()) if ACCURATE.exists() else None
    cmd = (
        "python -m newscheck_lab.transformers.claims --data checkthat "
        f"--train-layers {tr['trained_layers']} --epochs {tr['epochs']} "
        f"--threads {tr['threads']}"
        + (
            f" --ct19-weight {meta['ct19_weight']:g}"
            if meta["ct19_weight"] != 0.3
            else ""
        )
    )
    mb = (model.path / "model.onnx").stat().st_size / 1e6
    hist = ", ".join(
        f"{h['epoch']}: {h['holdout_ap']:.4f}" for h in meta["final"]["history"]
    )

    def row(name: str, r: dict, t_task: float, t_an: float) -> str:
        c24 = r["ct24"]
        ct19 = f"{r['ct19_map']:.4f}" if "ct19_map" in r else "not run"
        return (
            f"| {name} | {c24['f1_task']:.4f} (at {t_task:.2f}, "
            f"{c24['predicted_task']} predicted) | {c24['f1']:.4f} (at {t_an:.2f}, "
            f"{c24['predicted']} predicted; P/R {c24['precision']:.3f} / "
            f"{c24['recall']:.3f}) | {c24['ap']:.4f} | {r['ct20_map']:.4f} | "
            f"{ct19} | {r['news_share']:.1%} |"
        )

    st = meta["stack"]
    lines = [
        CHECKTHAT_HEADING,
        "",
        f"Model: {meta['base_model']}, top {tr['trained_layers']} layer(s) + mean "
        f"pooling + linear head fine-tuned for {tr['epochs']} epoch(s) (lr "
        f"{tr['lr']}, head {tr['head_lr']}, batch {tr['batch']}, max "
        f"{meta['max_len']} tokens) on {', '.join(meta['data'])} (the default "
        f"trainer's deduplicated corpus; 2019 at weight {meta['ct19_weight']:g}, "
        f"2020 at 3), {meta['quantisation']} ONNX ({mb:.1f} MB). Built by "
        f"`{cmd}` (CPU; training {meta['timing']['train_wall_s']:.0f} s wall, "
        f"cache of the frozen layers {meta['timing']['cache_wall_s']:.0f} s); "
        "the artefact is not committed.",
        "",
        f"Choices, none on a test split: checkpoint by CheckThat 2024 dev AP "
        f"(epoch: dev AP {hist}); task threshold = best F1 on 2024 dev-test, "
        "analyzer threshold = lowest at or above it flagging at most 40 % of a "
        "news tuning sample (BuzzFeed 1000-1049, ReCOVery 1500-1549, Snopes312 "
        "200-219). Stacked: sigmoid(a * default logit + b * transformer logit + "
        f"c), [a, b, c] = {[round(v, 4) for v in st['weights']]} fitted on 2024 "
        "dev only, thresholds chosen the same way (default logits on dev-test "
        "2-fold cross-fitted). Dev-test AP: transformer "
        f"{meta['dev_test']['ap']:.4f}, default model (cross-fitted) "
        f"{meta['dev_test']['default_ap_crossfit']:.4f}, stacked "
        f"{meta['dev_test']['stack_ap']:.4f}.",
        "",
        "| model | CheckThat 2024 test F1, task threshold (target ≥ 0.78) "
        "| same, analyzer threshold | 2024 test AP | CheckThat 2020 test MAP "
        "(target ≥ 0.75) | 2019 test MAP over debates | news sentences flagged "
        "(≤ 40 %) |",
        "|---|---|---|---|---|---|---|",
        row("fine-tuned MiniLM alone", res["alone"], *model_thresholds(meta)),
        row("stacked with the default model", res["stack"], *stack_thresholds(st)),
    ]
    if acc is not None:
        a24 = acc["ct24"]
        lines.append(
            f"| shipped accurate tier (frozen MiniLM head; stored, "
            f"`benchmarks/checkworthiness.md`) | {a24['f1_task']:.4f} (at "
            f"{acc['task_threshold']:.2f}, {a24['predicted_task']} predicted) | "
            f"{a24['f1']:.4f} (at {acc['threshold']:.2f}, {a24['predicted']} "
            f"predicted; P/R {a24['precision']:.3f} / {a24['recall']:.3f}) | "
            f"{a24['ap']:.4f} | {acc['ct20']['map']:.4f} | "
            f"{acc['ct19']['map']:.4f} | {acc['news']['share']:.1%} |"
        )
    n = res["alone"]["ct24"]
    if "versus_accurate" in res:
        v24, v20 = res["versus_accurate"]["ct24"], res["versus_accurate"]["ct20"]
        lines += [
            "",
            "Stacked minus shipped accurate tier, paired bootstrap (1,000 "
            "resamples of the test items), 95 % interval and share of resamples "
            f"> 0: 2024 test F1 (task thresholds) [{v24['f1_lo']:+.4f}, "
            f"{v24['f1_hi']:+.4f}], {v24['f1_pos']:.0%}; 2024 test AP "
            f"[{v24['ap_lo']:+.4f}, {v24['ap_hi']:+.4f}], {v24['ap_pos']:.0%}; "
            f"2020 test MAP [{v20['ap_lo']:+.4f}, {v20['ap_hi']:+.4f}], "
            f"{v20['ap_pos']:.0%}.",
        ]
    if acc is not None:
        best = max(("alone", "stack"), key=lambda k: res[k]["ct24"]["f1_task"])
        f1, m20 = res[best]["ct24"]["f1_task"], res[best]["ct20_map"]
        wins = f1 > acc["ct24"]["f1_task"] and m20 > acc["ct20"]["map"]
        lines += [
            "",
            f"Rule for shipping it as the accurate tier: beat the shipped one on "
            f"both the 2024 test F1 (task threshold) and the 2020 test MAP. Best "
            f"row here ({best}): F1 {f1:.4f} vs {acc['ct24']['f1_task']:.4f}, "
            f"MAP {m20:.4f} vs {acc['ct20']['map']:.4f}: "
            + (
                "both beaten."
                if wins
                else "not both beaten, so the accurate tier is unchanged."
            ),
        ]
    lines += [
        "",
        f"{n['n']} test sentences, {n['positives']} check-worthy; news: "
        f"{res['alone']['news_sentences']:,} sentences of 100 articles (BuzzFeed "
        "0-39, ReCOVery 0-39, Snopes312 0-19), as the accurate tier's row.",
        "",
    ]
    return "\n".join(lines)


def model_thresholds(meta: dict) -> tuple[float, float]:
    """(task, analyzer) thresholds of the model alone."""
    return meta["task_threshold"], meta["threshold"]


def stack_thresholds(st: dict) -> tuple[float, float]:
    """(task, analyzer) thresholds of the stack."""
    return st["task_threshold"], st["threshold"]


def _with_section(table: str, section: str | None) -> str:
    """*table* with the ``--checkthat`` section replaced by *section* (or the
    one already in the .md when *section* is None)."""
    old = OUT.read_text() if OUT.exists() else ""
    if section is None:
        if CHECKTHAT_HEADING not in old:
            return table
        rest = old.partition(CHECKTHAT_HEADING)[2]
        end = rest.find("\n## ")
        section = CHECKTHAT_HEADING + (rest if end < 0 else rest[: end + 1])
    head, _, rest = table.partition(CHECKTHAT_HEADING)
    end = rest.find("\n## ")
    tail = rest[end + 1 :] if rest and end >= 0 else ""
    return (
        head.rstrip("\n")
        + "\n\n"
        + section.rstrip("\n")
        + "\n"
        + ("\n" + tail if tail else "")
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument(
        "--checkthat",
        type=Path,
        default=None,
        help="a model built with --data checkthat: score it and rewrite only "
        "its section",
    )
    ap.add_argument("--no-ct19", action="store_true", help="skip the 2019 test")
    ap.add_argument(
        "--frozen-cache",
        type=Path,
        default=Path("/tmp/newscheck_frozen_cache"),
        help="sentence vectors of the accurate tier (as checkworthiness.py --cache)",
    )
    args = ap.parse_args()
    if args.checkthat is not None:
        ct_model = ClaimTransformer(args.checkthat, threads=1)
        res = checkthat_measures(ct_model, ct19=not args.no_ct19)
        from newscheck.factcheck import contextual

        if contextual.available():
            res["versus_accurate"] = versus_accurate(ct_model, args.frozen_cache)
        section = checkthat_section(ct_model, res)
        OUT.write_text(_with_section(OUT.read_text(), section))
        print(section)
        return
    model = ClaimTransformer(find_model_dir(args.model), threads=1)
    meta = model.meta
    if meta.get("data_mode") == "checkthat":
        raise SystemExit(
            f"{model.path} was built with --data checkthat: pass --checkthat"
        )
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
    OUT.write_text(_with_section("\n".join(lines), None))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
