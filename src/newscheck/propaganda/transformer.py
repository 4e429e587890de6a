"""Optional propaganda model: fine-tuned MiniLM-L6 run with onnxruntime.

Installed with ``pip install 'newscheck[transformers]'`` (onnxruntime, tokenizers;
no PyTorch). The artefact is built by
``python -m newscheck_lab.transformers.propaganda`` (which needs the
``train-transformers`` extra) and consists of one directory::

    model.onnx       the encoder (all-MiniLM-L6-v2 fine-tuned on PTC train),
                     int8 dynamic quantisation; inputs input_ids, attention_mask;
                     output last_hidden_state
    heads.npz        the SI token head and the TC span head (numpy)
    meta.json        window sizes, decoding thresholds, techniques, held-out scores
    tokenizer.json   the base model's tokenizer (read with ``tokenizers``)
    MODEL_CARD.md

One encoder pass serves both tasks. An article is tokenised once; the tokens are
cut into overlapping windows of ``window`` tokens (plus ``[CLS]``/``[SEP]``); each
token takes its hidden state from the window in which it is furthest from an edge.

* SI: ``sigmoid(h @ w + b)`` per token; runs of tokens above ``threshold`` (gaps of
  at most ``gap`` tokens bridged; whole words kept) become spans, mapped back to
  character offsets through the tokenizer's offset mapping.
* TC: a span is the mean, first and last hidden states of its tokens plus three
  article features (how often the span's text repeats in the article, its length,
  whether it is in the title), fed to a small MLP over the 14 techniques.

Where the artefact is looked for, first hit wins: the *path* argument; the
``NEWSCHECK_PROPAGANDA_TRANSFORMER`` environment variable; the packaged
``newscheck/models/propaganda_transformer/`` (when it holds ``model.onnx``); the
user data dir, ``<data_dir>/models/propaganda_transformer`` (``data_dir`` is
``$XDG_DATA_HOME/newscheck`` or ``~/.local/share/newscheck``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscheck import onnx_artefacts as artefacts
from newscheck.arrays import gelu_tanh, sigmoid, softmax
from newscheck.propaganda.model import SpanPrediction, label_spans
from newscheck.propaganda.techniques import TECHNIQUES

__all__ = [
    "ENV_VAR",
    "PACKAGED_DIR",
    "PropagandaTransformer",
    "Windows",
    "available",
    "find_model_dir",
    "span_extras",
    "user_model_dir",
]

ENV_VAR = "NEWSCHECK_PROPAGANDA_TRANSFORMER"
_NAME = "propaganda_transformer"
PACKAGED_DIR = artefacts.packaged_dir(_NAME)
FORMAT = "newscheck-propaganda-transformer/1"
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
N_EXTRAS = 3


def user_model_dir() -> Path:
    """``<data_dir>/models/propaganda_transformer``, where the training script
    writes by default."""
    return artefacts.user_model_dir(_NAME)


def find_model_dir(path: str | Path | None = None) -> Path | None:
    """The artefact directory (see module docstring), or ``None`` if none exists."""
    return artefacts.find_model_dir(_NAME, ENV_VAR, path)


def available(path: str | Path | None = None) -> bool:
    """Whether onnxruntime and tokenizers import and an artefact is present."""
    return artefacts.available(_NAME, ENV_VAR, path)


# -- preprocessing shared with the training script --------------------------------
def encode(tokenizer, text: str) -> tuple[np.ndarray, np.ndarray, list[int | None]]:
    """Token ids, ``(n, 2)`` character offsets and word ids of *text* (no
    special tokens)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    return ids, offsets, list(enc.word_ids)


class Windows:
    """Overlapping windows over ``n`` tokens and, for each token, the window and
    position its hidden state is read from."""

    def __init__(self, n: int, window: int, stride: int) -> None:
        starts = [0]
        while starts[-1] + window < n:
            starts.append(starts[-1] + stride)
        self.bounds = [(a, min(a + window, n)) for a in starts] if n else []
        owner = np.zeros(n, dtype=np.int64)
        pos = np.zeros(n, dtype=np.int64)
        for k, (a, b) in enumerate(self.bounds):
            lo = a if k == 0 else (a + self.bounds[k - 1][1]) // 2
            hi = b
            owner[lo:hi] = k
            pos[lo:hi] = np.arange(lo, hi) - a + 1  # +1: [CLS] comes first
        self.owner, self.pos = owner, pos
        self.length = max((b - a for a, b in self.bounds), default=0) + 2

    def batch(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(input_ids, attention_mask)`` of shape ``(windows, length)``."""
        w = len(self.bounds)
        inp = np.full((w, self.length), PAD_ID, dtype=np.int64)
        mask = np.zeros((w, self.length), dtype=np.int64)
        for k, (a, b) in enumerate(self.bounds):
            m = b - a
            inp[k, 0] = CLS_ID
            inp[k, 1 : m + 1] = ids[a:b]
            inp[k, m + 1] = SEP_ID
            mask[k, : m + 2] = 1
        return inp, mask


def span_tokens(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Token range ``[i, j)`` overlapping characters ``[start, end)`` (at least
    one token: the nearest one when none overlaps)."""
    n = len(offsets)
    if n == 0:
        return 0, 0
    i = int(np.searchsorted(offsets[:, 1], start, side="right"))
    j = int(np.searchsorted(offsets[:, 0], end, side="left"))
    i = min(i, n - 1)
    return i, max(j, i + 1)


_NORM = re.compile(r"\W+")


def _title_end(text: str, title_lines: int) -> int:
    end = 0
    for _ in range(max(title_lines, 0)):
        nl = text.find("\n", end)
        if nl < 0:
            return len(text)
        end = nl + 1
    return max(end - 1, 0) if title_lines > 0 else 0


def span_extras(
    text: str, spans: Sequence[tuple[int, int]], title_lines: int = 1
) -> np.ndarray:
    """``(len(spans), 3)`` article features of each span: log of one plus the
    number of other occurrences of its (normalised) text in the article, log of
    its length in characters, and whether it lies in the first *title_lines*
    lines (PTC articles: the title is line 1, the default)."""
    low = _NORM.sub(" ", text.lower())
    title_end = _title_end(text, title_lines)
    cache: dict[str, int] = {}
    out = np.zeros((len(spans), N_EXTRAS), dtype=np.float32)
    for r, (s, e) in enumerate(spans):
        key = _NORM.sub(" ", text[s:e].lower()).strip()
        if key not in cache:
            cache[key] = (
                len(re.findall(r"(?<!\w)" + re.escape(key) + r"(?!\w)", low))
                if key
                else 0
            )
        out[r, 0] = math.log1p(max(cache[key] - 1, 0))
        out[r, 1] = math.log1p(max(e - s, 0)) / 5.0
        out[r, 2] = 1.0 if s < title_end else 0.0
    return out


def pool_spans(
    hidden: np.ndarray, offsets: np.ndarray, spans: Sequence[tuple[int, int]]
) -> np.ndarray:
    """``(len(spans), 3 * H)``: mean, first and last token states of each span."""
    h = hidden.shape[1]
    out = np.zeros((len(spans), 3 * h), dtype=np.float32)
    for r, (s, e) in enumerate(spans):
        i, j = span_tokens(offsets, s, e)
        if j <= i:
            continue
        out[r, :h] = hidden[i:j].mean(axis=0)
        out[r, h : 2 * h] = hidden[i]
        out[r, 2 * h :] = hidden[j - 1]
    return out


def decode_runs(
    probs: np.ndarray,
    offsets: np.ndarray,
    word_ids: Sequence[int | None],
    threshold: float,
    gap: int = 0,
    min_tokens: int = 1,
) -> list[tuple[int, int, float]]:
    """``(start, end, score)`` character spans from token probabilities: tokens
    above *threshold*, gaps of at most *gap* tokens bridged, runs widened to whole
    words; *score* is the run's mean probability."""
    n = len(probs)
    pos = np.flatnonzero(probs >= threshold)
    runs: list[list[int]] = []
    for t in pos.tolist():
        if runs and t - runs[-1][1] <= gap + 1:
            runs[-1][1] = t
        else:
            runs.append([t, t])
    out: list[tuple[int, int, float]] = []
    for a, b in runs:
        while a > 0 and word_ids[a] is not None and word_ids[a - 1] == word_ids[a]:
            a -= 1
        while b + 1 < n and word_ids[b] is not None and word_ids[b + 1] == word_ids[b]:
            b += 1
        if b - a + 1 < min_tokens:
            continue
        s, e = int(offsets[a, 0]), int(offsets[b, 1])
        if out and s <= out[-1][1]:
            ps, _, psc = out[-1]
            out[-1] = (ps, e, max(psc, float(probs[a : b + 1].mean())))
            continue
        out.append((s, e, float(probs[a : b + 1].mean())))
    return out


# -- the model ---------------------------------------------------------------------
class PropagandaTransformer:
    """The ONNX propaganda model; same ``predict``/``classify`` interface as
    :class:`newscheck.propaganda.model.PropagandaModel`, but ``classify`` takes the
    text itself rather than a ``Doc``.

    To use it in the ``propaganda`` analyzer without changing that module, see
    :func:`attach`."""

    def __init__(self, path: str | Path | None = None, *, threads: int = 1) -> None:
        art = artefacts.open_artefact(
            _NAME,
            ENV_VAR,
            path,
            fmt=FORMAT,
            what="propaganda",
            build="python -m newscheck_lab.transformers.propaganda",
            threads=threads,
        )
        d = self.path = art.path
        self.meta: dict[str, Any] = art.meta
        heads = np.load(d / "heads.npz")
        self.si_w = heads["si_w"].astype(np.float32)
        self.si_b = float(heads["si_b"])
        self.tc_w1 = heads["tc_w1"].astype(np.float32)
        self.tc_b1 = heads["tc_b1"].astype(np.float32)
        self.tc_w2 = heads["tc_w2"].astype(np.float32)
        self.tc_b2 = heads["tc_b2"].astype(np.float32)
        self.techniques: tuple[str, ...] = tuple(
            self.meta.get("techniques", TECHNIQUES)
        )
        self.window = int(self.meta["window"])
        self.stride = int(self.meta["stride"])
        self.threshold = float(self.meta["threshold"])
        self.gap = int(self.meta.get("gap", 0))
        self.min_tokens = int(self.meta.get("min_tokens", 1))
        self.tokenizer = art.tokenizer
        self.session = art.session

    @classmethod
    def cached(
        cls, path: str | Path | None = None, *, threads: int = 1
    ) -> PropagandaTransformer:
        """The model loaded once per process (callers must not change it)."""
        return artefacts.load_once(cls, find_model_dir(path), threads=threads)

    # -- encoder --------------------------------------------------------------------
    def encode(self, text: str) -> tuple[np.ndarray, list[int | None], np.ndarray]:
        """``(offsets, word_ids, hidden)``: one hidden state per token of *text*."""
        ids, offsets, word_ids = encode(self.tokenizer, text)
        if len(ids) == 0:
            return offsets, word_ids, np.zeros((0, self.si_w.shape[0]), np.float32)
        win = Windows(len(ids), self.window, self.stride)
        inp, mask = win.batch(ids)
        (states,) = self.session.run(
            ["last_hidden_state"], {"input_ids": inp, "attention_mask": mask}
        )
        return offsets, word_ids, states[win.owner, win.pos]

    def si_probs(self, hidden: np.ndarray) -> np.ndarray:
        """P(propaganda) of each token from its hidden state (the SI head)."""
        return sigmoid(hidden @ self.si_w + self.si_b)

    def tc_probs(
        self,
        text: str,
        offsets: np.ndarray,
        hidden: np.ndarray,
        spans: Sequence[tuple[int, int]],
        title_lines: int = 1,
    ) -> np.ndarray:
        """Technique probabilities of each span ``(len(spans), techniques)``
        from the pooled hidden states of its tokens and its extras (the TC
        head); *offsets* and *hidden* are :meth:`encode`'s for *text*."""
        if not spans:
            return np.zeros((0, len(self.techniques)), dtype=np.float32)
        extras = span_extras(text, spans, title_lines)
        x = np.concatenate([pool_spans(hidden, offsets, spans), extras], axis=1)
        z = gelu_tanh(x @ self.tc_w1 + self.tc_b1) @ self.tc_w2 + self.tc_b2
        return softmax(z)

    # -- public interface -----------------------------------------------------------
    def token_probs(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """``(offsets, probs)``: SI probability of each token of *text*."""
        offsets, _, hidden = self.encode(text)
        return offsets, self.si_probs(hidden)

    def technique_probs(
        self, text: str, spans: Sequence[tuple[int, int]], *, title_lines: int = 1
    ) -> np.ndarray:
        """``(len(spans), 14)`` technique probabilities of given character spans
        (*title_lines*: leading lines that are the title; 1 in the PTC layout)."""
        offsets, _, hidden = self.encode(text)
        return self.tc_probs(text, offsets, hidden, spans, title_lines)

    def classify(
        self, text: str, spans: Sequence[tuple[int, int]], *, title_lines: int = 1
    ) -> list[str]:
        """One technique per span; a span listed k times gets its k likeliest
        techniques (the TC setting lists a span once per gold technique)."""
        probs = self.technique_probs(text, spans, title_lines=title_lines)
        return label_spans(probs, spans, self.techniques)

    def predict(
        self,
        text: str,
        *,
        title_lines: int = 0,
        threshold: float | None = None,
        sentences: Sequence[tuple[int, int]] | None = None,
    ) -> list[SpanPrediction]:
        """Find the spans of *text* and label each with its likeliest technique
        (*title_lines*: leading lines of *text* that are the title, as in
        :meth:`PropagandaModel.predict`; *threshold*: SI token probability,
        default the one chosen on held-out train articles; *sentences*: accepted
        for the analyzer's call, not needed by this model)."""
        offsets, word_ids, hidden = self.encode(text)
        if len(offsets) == 0:
            return []
        probs = self.si_probs(hidden)
        thr = self.threshold if threshold is None else float(threshold)
        spans = decode_runs(probs, offsets, word_ids, thr, self.gap, self.min_tokens)
        if not spans:
            return []
        tp = self.tc_probs(
            text, offsets, hidden, [(s, e) for s, e, _ in spans], title_lines
        )
        best = tp.argmax(axis=1)
        return [
            SpanPrediction(s, e, self.techniques[int(k)], sc, float(tp[r, k]))
            for r, ((s, e, sc), k) in enumerate(zip(spans, best, strict=True))
        ]
