"""Transformer + linear propaganda ensemble, at run time without PyTorch.

The optional ONNX transformer (:mod:`newscheck.propaganda.transformer`) and the
default numpy model (:mod:`newscheck.propaganda.model`) are combined per task:

* SI: each transformer token gets the linear model's probability of the word
  token it overlaps (0 where none does, e.g. between words); the two token
  probabilities are averaged, ``w * p_transformer + (1 - w) * p_linear``, and
  decoded like the transformer's own (runs above a threshold, gaps bridged,
  whole words).
* TC: the two models' technique distributions are averaged, either as
  probabilities or as log-probabilities (a geometric mean, renormalised).

The weights, threshold and gap are chosen on the held-out train articles by
``newscheck_lab.transformers.propaganda`` (with a linear model fitted without
those articles) and stored under ``"ensemble"`` in the transformer's
``meta.json``; :meth:`PropagandaEnsemble.load` reads them there and pairs them
with the shipped linear model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.errors import ConfigError
from newscheck.onnx_artefacts import load_once
from newscheck.propaganda.features import Doc
from newscheck.propaganda.model import PropagandaModel, SpanPrediction, label_spans
from newscheck.propaganda.transformer import (
    PropagandaTransformer,
    decode_runs,
    find_model_dir,
)

__all__ = [
    "PropagandaEnsemble",
    "attach",
    "combine_tc",
    "linear_token_probs",
    "project_probs",
    "shipped",
]

_EPS = 1e-9


def project_probs(
    word_offsets: np.ndarray, word_probs: np.ndarray, token_offsets: np.ndarray
) -> np.ndarray:
    """For each token ``[a, b)`` of *token_offsets*, the probability of the
    first word token of *word_offsets* (sorted, not overlapping) that overlaps
    it; 0 where none does."""
    n = len(token_offsets)
    out = np.zeros(n, dtype=np.float64)
    if n == 0 or len(word_offsets) == 0:
        return out
    word_offsets = np.asarray(word_offsets).reshape(-1, 2)
    a, b = token_offsets[:, 0], token_offsets[:, 1]
    # first word whose end is after the token's start
    k = np.searchsorted(word_offsets[:, 1], a, side="right")
    ok = k < len(word_offsets)
    kk = np.minimum(k, len(word_offsets) - 1)
    ok &= word_offsets[kk, 0] < b
    out[ok] = np.asarray(word_probs, dtype=np.float64)[kk[ok]]
    return out


def linear_token_probs(
    model: PropagandaModel, doc: Doc
) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, probs)`` of the linear model's word tokens over all of *doc*,
    in text order."""
    probs = model.token_probs(doc)
    toks = [t for sent in doc.tokens for t in sent]
    if not toks:
        return np.zeros((0, 2), np.int64), np.zeros(0)
    offsets = np.asarray(toks, dtype=np.int64).reshape(-1, 2)
    return offsets, np.concatenate([np.asarray(p, dtype=np.float64) for p in probs])


def combine_tc(
    p_transformer: np.ndarray, p_linear: np.ndarray, weight: float, mode: str
) -> np.ndarray:
    """Rows of technique probabilities combined with weight *weight* on the
    transformer: ``"prob"`` (arithmetic mean) or ``"logprob"`` (geometric mean,
    renormalised)."""
    if mode == "prob":
        return weight * p_transformer + (1.0 - weight) * p_linear
    if mode == "logprob":
        z = weight * np.log(p_transformer + _EPS) + (1.0 - weight) * np.log(
            p_linear + _EPS
        )
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(f"unknown TC combination {mode!r}")


class PropagandaEnsemble:
    """Transformer + linear model (see module docstring); same ``predict`` /
    ``classify`` interface as :class:`PropagandaTransformer`."""

    def __init__(
        self,
        transformer: PropagandaTransformer,
        linear: PropagandaModel,
        *,
        si_weight: float,
        threshold: float,
        gap: int,
        tc_weight: float,
        tc_mode: str,
    ) -> None:
        self.transformer, self.linear = transformer, linear
        self.si_weight, self.threshold, self.gap = float(si_weight), threshold, gap
        self.tc_weight, self.tc_mode = float(tc_weight), tc_mode
        self.techniques = transformer.techniques
        if tuple(linear.techniques) != tuple(self.techniques):
            raise ConfigError("the linear and transformer models' techniques differ")
        self.path = transformer.path
        self.meta = transformer.meta

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        linear_path: str | Path | None = None,
        threads: int = 1,
    ) -> PropagandaEnsemble:
        """The transformer artefact under *path* (see
        :func:`~newscheck.propaganda.transformer.find_model_dir`; the process's
        cached instance) with the ensemble settings of its ``meta.json`` and the
        linear model under *linear_path* (default: the shipped one)."""
        tr = PropagandaTransformer.cached(path, threads=threads)
        cfg: dict[str, Any] | None = tr.meta.get("ensemble")
        if not cfg:
            raise ConfigError(f"{tr.path}: meta.json has no ensemble settings")
        return cls(
            tr,
            PropagandaModel.load(linear_path)
            if linear_path
            else PropagandaModel.cached(),
            si_weight=cfg["si_weight"],
            threshold=float(cfg["threshold"]),
            gap=int(cfg["gap"]),
            tc_weight=cfg["tc_weight"],
            tc_mode=cfg["tc_mode"],
        )

    @classmethod
    def cached(
        cls, path: str | Path | None = None, *, threads: int = 1
    ) -> PropagandaEnsemble:
        """The ensemble loaded once per process (callers must not change it)."""
        return load_once(cls.load, find_model_dir(path), threads=threads)

    # -- pieces -------------------------------------------------------------------
    def _si(
        self, text: str, doc: Doc | None
    ) -> tuple[np.ndarray, list[int | None], np.ndarray, np.ndarray]:
        offsets, word_ids, hidden = self.transformer.encode(text)
        p = self.transformer.si_probs(hidden)
        if doc is not None and self.si_weight < 1.0 and len(offsets):
            w_off, w_p = linear_token_probs(self.linear, doc)
            p = self.si_weight * p + (1.0 - self.si_weight) * project_probs(
                w_off, w_p, offsets
            )
        return offsets, word_ids, hidden, p

    def _tc(
        self,
        text: str,
        offsets: np.ndarray,
        hidden: np.ndarray,
        spans: Sequence[tuple[int, int]],
        title_lines: int,
        doc: Doc | None,
    ) -> np.ndarray:
        p_tr = self.transformer.tc_probs(text, offsets, hidden, spans, title_lines)
        if doc is None or self.tc_weight >= 1.0 or not len(spans):
            return p_tr
        p_lin = self.linear.technique_probs(doc, list(spans))
        return combine_tc(p_tr, p_lin, self.tc_weight, self.tc_mode)

    def _doc(
        self,
        text: str,
        title_lines: int,
        sentences: Sequence[tuple[int, int]] | None = None,
    ) -> Doc | None:
        """The linear model's ``Doc`` of *text*, or ``None`` when no task uses it."""
        if self.si_weight >= 1.0 and self.tc_weight >= 1.0:
            return None
        return Doc.from_text(text, title_lines=title_lines, sentences=sentences)

    # -- public interface -----------------------------------------------------------
    def token_probs(
        self, text: str, *, title_lines: int = 0
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(offsets, probs)``: the combined SI probability of each transformer
        token of *text*."""
        offsets, _, _, p = self._si(text, self._doc(text, title_lines))
        return offsets, p

    def technique_probs(
        self, text: str, spans: Sequence[tuple[int, int]], *, title_lines: int = 1
    ) -> np.ndarray:
        """``(len(spans), 14)`` combined technique probabilities."""
        offsets, _, hidden = self.transformer.encode(text)
        doc = self._doc(text, title_lines) if self.tc_weight < 1.0 else None
        return self._tc(text, offsets, hidden, spans, title_lines, doc)

    def classify(
        self, text: str, spans: Sequence[tuple[int, int]], *, title_lines: int = 1
    ) -> list[str]:
        """One technique per span; a span listed k times gets its k likeliest."""
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
        """Spans of *text* with their likeliest technique (*threshold*: on the
        combined token probability, default the held-out choice; *sentences*:
        as in :meth:`PropagandaModel.predict`)."""
        doc = self._doc(text, title_lines, sentences)
        offsets, word_ids, hidden, p = self._si(text, doc)
        if len(offsets) == 0:
            return []
        thr = self.threshold if threshold is None else float(threshold)
        runs = decode_runs(p, offsets, word_ids, thr, self.gap)
        if not runs:
            return []
        spans = [(s, e) for s, e, _ in runs]
        tp = self._tc(text, offsets, hidden, spans, title_lines, doc)
        best = tp.argmax(axis=1)
        return [
            SpanPrediction(s, e, self.techniques[int(k)], sc, float(tp[r, k]))
            for r, ((s, e, sc), k) in enumerate(zip(runs, best, strict=True))
        ]


def shipped(path: str | Path | None = None, *, threads: int = 1) -> Any:
    """The model the artefact ships, loaded once per process: its ensemble with
    the linear model (:class:`PropagandaEnsemble`) where ``meta.json`` holds
    ensemble settings, else the transformer alone."""
    model = PropagandaTransformer.cached(path, threads=threads)
    if model.meta.get("ensemble"):
        return PropagandaEnsemble.cached(model.path, threads=threads)
    return model


def attach(analyzer: Any, path: str | Path | None = None, *, threads: int = 1) -> Any:
    """Make a ``PropagandaAnalyzer`` (or anything that keeps its model in
    ``model_`` and calls ``model_.predict(text, title_lines=..., threshold=...,
    sentences=...)``) use the shipped model (:func:`shipped`); returns
    *analyzer*. Raises :class:`ConfigError` when the extra or the artefact is
    missing. Note the analyzer's ``threshold`` is then a token probability of
    this model (``None`` keeps the trained one)."""
    analyzer.model_ = shipped(path, threads=threads)
    return analyzer
