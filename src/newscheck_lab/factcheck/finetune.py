"""Fine-tune the static token vectors on query → fact-check pairs (numpy; training).

The distilled vectors (:mod:`newscheck_lab.factcheck.distill`) know what words mean
but not which differences matter when a tweet restates a fact-checked claim.
:func:`finetune` adjusts them with a contrastive loss: for each training query,
a softmax over its BM25 candidates (the re-ranker's real competitors, the
relevant fact-checks added if BM25 missed them) of the cosine between the query
vector and each candidate's claim vector, and separately its title vector,
divided by a temperature; the loss is the negative log of the probability mass
on the relevant candidates. An L2 penalty keeps the vectors near the distilled
ones, so tokens that training never sees are unchanged. Gradients are written
out by hand (sentence vector = normalised sum of token vectors) and applied with
Adam; no PyTorch.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> emb = StaticEmbedder(["[UNK]", "a", "b", "c", "d"], rng.normal(size=(5, 4)))
>>> pairs = [Example(query=[1, 2], docs=[([1, 2], [1]), ([3, 4], [3])], gold=[0])]
>>> tuned = finetune(emb, pairs, epochs=20, lr=0.05)
>>> bool(_cos(tuned, [1, 2], [1, 2]) >= _cos(emb, [1, 2], [1, 2]) - 1e-6)
True
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newscheck.factcheck.embed import StaticEmbedder

__all__ = ["Example", "finetune"]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Example:
    """One training query: its token ids, its candidates and which are relevant.

    ``docs`` holds, per candidate, the token ids of its claim and of its title
    (the claim again when it has none); ``gold`` indexes the relevant ones.
    """

    query: Sequence[int]
    docs: Sequence[tuple[Sequence[int], Sequence[int]]]
    gold: Sequence[int]


def _cos(emb: StaticEmbedder, a: Sequence[int], b: Sequence[int]) -> float:
    u, v = emb.vectors[list(a)].sum(0), emb.vectors[list(b)].sum(0)
    return float(u @ v / max(np.linalg.norm(u) * np.linalg.norm(v), 1e-12))


def _bags(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Flat token ids and the bag (row) each belongs to."""
    flat = np.fromiter((t for ids in lists for t in ids), dtype=np.int64)
    owner = np.repeat(np.arange(len(lists)), [len(ids) for ids in lists])
    return flat, owner


def _unit(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = np.maximum(np.linalg.norm(u, axis=-1, keepdims=True), 1e-9)
    return u / n, n


def _example_grad(e: np.ndarray, ex: Example, tau: float, grad: np.ndarray) -> float:
    """Add the gradient of one example's loss to *grad*; return the loss."""
    q_ids = np.asarray(ex.query, dtype=np.int64)
    qu = e[q_ids].sum(0)
    qh, qn = _unit(qu)
    gold = np.zeros(len(ex.docs), dtype=bool)
    gold[list(ex.gold)] = True
    g_q = np.zeros_like(qh)
    loss = 0.0
    for field in (0, 1):
        flat, owner = _bags([d[field] for d in ex.docs])
        du = np.zeros((len(ex.docs), e.shape[1]), dtype=np.float64)
        np.add.at(du, owner, e[flat])
        dh, dn = _unit(du)
        s = dh @ qh / tau
        p = np.exp(s - s.max())
        p /= p.sum()
        pg = np.where(gold, np.exp(s - s[gold].max()), 0.0)
        pg /= pg.sum()
        loss += float(
            np.log(np.exp(s - s.max()).sum()) - np.log(np.exp(s[gold] - s.max()).sum())
        )
        ds = (p - pg) / tau  # dL/ds
        g_q += ds @ dh
        g_dh = ds[:, None] * qh[None, :]
        g_du = (g_dh - (g_dh * dh).sum(1, keepdims=True) * dh) / dn
        np.add.at(grad, flat, g_du[owner])
    g_qu = (g_q - (g_q @ qh) * qh) / qn
    np.add.at(grad, q_ids, g_qu[None, :].repeat(len(q_ids), 0))
    return loss


def finetune(
    embedder: StaticEmbedder,
    examples: Sequence[Example],
    *,
    epochs: int = 4,
    lr: float = 3e-3,
    l2: float = 1e-4,
    tau: float = 0.05,
    batch: int = 32,
    seed: int = 0,
    on_epoch: Callable[[int, StaticEmbedder], None] | None = None,
) -> StaticEmbedder:
    """A copy of *embedder* with token vectors tuned on *examples*.

    Adam with step *lr* over mini-batches of *batch* queries for *epochs*
    passes; *l2* weighs the squared distance to the original vectors; *tau* is
    the softmax temperature. *on_epoch* is called after each pass with the
    epoch number (from 1) and the current embedder (to pick the epoch on dev).
    """
    base = embedder.vectors.astype(np.float64)
    delta = np.zeros_like(base)
    m1 = np.zeros_like(base)
    m2 = np.zeros_like(base)
    rng = np.random.default_rng(seed)
    vocab = sorted(embedder.tokenizer.vocab, key=embedder.tokenizer.vocab.__getitem__)
    frozen = ~embedder.vectors.any(axis=1)  # [UNK], [CLS], ... stay zero
    step = 0
    usable = [ex for ex in examples if ex.gold and len(ex.docs) > len(ex.gold)]
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(usable))
        total = 0.0
        for at in range(0, len(order), batch):
            chunk = [usable[i] for i in order[at : at + batch]]
            e = base + delta
            grad = np.zeros_like(base)
            for ex in chunk:
                total += _example_grad(e, ex, tau, grad)
            grad /= len(chunk)
            grad += 2 * l2 * delta
            step += 1
            m1 = 0.9 * m1 + 0.1 * grad
            m2 = 0.999 * m2 + 0.001 * grad**2
            upd = (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
            delta -= lr * upd
            delta[frozen] = 0.0
        LOGGER.info("fine-tune epoch %d: mean loss %.4f", epoch, total / len(usable))
        if on_epoch is not None:
            on_epoch(epoch, StaticEmbedder(vocab, (base + delta).astype(np.float32)))
    return StaticEmbedder(vocab, (base + delta).astype(np.float32))
