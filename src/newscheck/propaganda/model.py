"""The propaganda model at run time: numpy only.

Span identification is a per-token logistic regression (token features plus a
sentence part computed once per sentence); tokens whose probability reaches
``threshold`` are joined into spans, bridging gaps of at most ``gap`` tokens
inside a sentence. Technique classification is a multinomial logistic regression
over :func:`~newscheck.propaganda.features.tc_features`. The artefacts are
``weights.npz`` (arrays) and ``model.json`` (vocabularies, lexicon, decoding
parameters), written by :mod:`newscheck.propaganda.training`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.errors import ModelError
from newscheck.propaganda.features import (
    Doc,
    si_sentence_features,
    si_token_features,
    tc_features,
)

__all__ = ["DEFAULT_MODEL_DIR", "PropagandaModel", "SpanPrediction"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "propaganda"
FORMAT = "newscheck-propaganda/1"


@dataclass(frozen=True, slots=True)
class SpanPrediction:
    """A predicted span with its technique, SI score and technique probability."""

    start: int
    end: int
    technique: str
    score: float
    technique_prob: float


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class PropagandaModel:
    """Trained SI + TC model (see module docstring)."""

    def __init__(
        self,
        *,
        si_vocab: Sequence[str],
        si_coef: np.ndarray,
        si_intercept: float,
        tc_vocab: Sequence[str],
        tc_coef: np.ndarray,
        tc_intercept: np.ndarray,
        techniques: Sequence[str],
        lexicon: dict[str, str],
        threshold: float = 0.5,
        gap: int = 1,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.si_index = {f: i for i, f in enumerate(si_vocab)}
        self.si_coef = np.asarray(si_coef, dtype=np.float64)
        self.si_intercept = float(si_intercept)
        self.tc_index = {f: i for i, f in enumerate(tc_vocab)}
        self.tc_coef = np.asarray(tc_coef, dtype=np.float32)
        self.tc_intercept = np.asarray(tc_intercept, dtype=np.float32)
        self.techniques = tuple(techniques)
        self.lexicon = dict(lexicon)
        self.threshold = float(threshold)
        self.gap = int(gap)
        self.meta = dict(meta or {})
        self._si_w = self.si_coef.tolist()

    # -- persistence ---------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``model.json`` under directory *path*."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "weights.npz",
            si_coef=self.si_coef.astype(np.float32),
            si_intercept=np.array([self.si_intercept]),
            tc_coef=self.tc_coef.astype(np.float16),
            tc_intercept=self.tc_intercept,
        )
        inv_si = sorted(self.si_index, key=self.si_index.__getitem__)
        inv_tc = sorted(self.tc_index, key=self.tc_index.__getitem__)
        doc = {
            "format": FORMAT,
            "techniques": list(self.techniques),
            "threshold": self.threshold,
            "gap": self.gap,
            "meta": self.meta,
            "lexicon": self.lexicon,
            "si_vocab": inv_si,
            "tc_vocab": inv_tc,
        }
        (path / "model.json").write_text(
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> PropagandaModel:
        """Load the model saved under *path* (default: the shipped one)."""
        path = Path(path) if path else DEFAULT_MODEL_DIR
        try:
            doc = json.loads((path / "model.json").read_text(encoding="utf-8"))
            with np.load(path / "weights.npz") as z:
                arrays = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"propaganda model missing or unreadable in {path}: {exc}; "
                "train it with `newscheck train propaganda`"
            ) from exc
        if doc.get("format") != FORMAT:
            raise ModelError(f"unknown propaganda model format {doc.get('format')!r}")
        return cls(
            si_vocab=doc["si_vocab"],
            si_coef=arrays["si_coef"],
            si_intercept=float(arrays["si_intercept"][0]),
            tc_vocab=doc["tc_vocab"],
            tc_coef=arrays["tc_coef"],
            tc_intercept=arrays["tc_intercept"],
            techniques=doc["techniques"],
            lexicon=doc["lexicon"],
            threshold=doc["threshold"],
            gap=doc["gap"],
            meta=doc.get("meta", {}),
        )

    # -- span identification -------------------------------------------------
    def token_probs(self, doc: Doc) -> list[np.ndarray]:
        """P(token is inside a propaganda span), one array per sentence."""
        idx, w = self.si_index, self._si_w
        out = []
        for stoks, title in zip(doc.tokens, doc.is_title, strict=True):
            base = self.si_intercept
            for name, val in si_sentence_features(
                doc.text, stoks, self.lexicon, is_title=title
            ):
                j = idx.get(name)
                if j is not None:
                    base += w[j] * val
            scores = []
            for feats in si_token_features(doc.text, stoks, self.lexicon):
                s = base
                for name in feats:
                    j = idx.get(name)
                    if j is not None:
                        s += w[j]
                scores.append(s)
            out.append(_sigmoid(np.asarray(scores)))
        return out

    def decode(
        self,
        doc: Doc,
        probs: list[np.ndarray],
        *,
        threshold: float | None = None,
        gap: int | None = None,
    ) -> list[tuple[int, int, float]]:
        """Join tokens at or above *threshold* into ``(start, end, score)`` spans."""
        thr = self.threshold if threshold is None else threshold
        gap = self.gap if gap is None else gap
        text = doc.text
        spans = []
        for stoks, p in zip(doc.tokens, probs, strict=True):
            on = np.flatnonzero(p >= thr)
            if not len(on):
                continue
            runs = [[on[0], on[0]]]
            for i in on[1:]:
                if i - runs[-1][1] - 1 <= gap:
                    runs[-1][1] = i
                else:
                    runs.append([i, i])
            for a, b in runs:
                while a <= b and not _wordy(text, stoks[a]):
                    a += 1
                while b >= a and not _wordy(text, stoks[b]):
                    b -= 1
                if a > b:
                    continue
                spans.append((stoks[a][0], stoks[b][1], float(p[a : b + 1].mean())))
        return spans

    # -- technique classification --------------------------------------------
    def technique_probs(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(len(spans), n_techniques)`` probabilities."""
        lower = doc.text.lower()
        z = np.tile(self.tc_intercept, (len(spans), 1)).astype(np.float32)
        idx = self.tc_index
        for r, (s, e) in enumerate(spans):
            cols, vals = [], []
            for name, val in tc_features(doc, s, e, self.lexicon, lower_text=lower):
                j = idx.get(name)
                if j is not None:
                    cols.append(j)
                    vals.append(val)
            if cols:
                z[r] += np.asarray(vals, dtype=np.float32) @ self.tc_coef[cols]
        return _softmax(z)

    def classify(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[str]:
        """One technique per span; copies of one span get distinct techniques,
        in order of probability (the TC setting, where a span annotated with two
        techniques appears twice)."""
        probs = self.technique_probs(doc, spans)
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, sp in enumerate(spans):
            groups[tuple(sp)].append(i)
        out = [""] * len(spans)
        for rows in groups.values():
            order = np.argsort(-probs[rows[0]], kind="stable")
            for k, i in enumerate(rows):
                out[i] = self.techniques[int(order[k % len(order)])]
        return out

    # -- both ----------------------------------------------------------------
    def predict(self, text: str, *, title_lines: int = 0) -> list[SpanPrediction]:
        """Find the spans of *text* and label each with its likeliest technique."""
        doc = Doc.from_text(text, title_lines=title_lines)
        spans = self.decode(doc, self.token_probs(doc))
        if not spans:
            return []
        probs = self.technique_probs(doc, [(s, e) for s, e, _ in spans])
        out = []
        for (s, e, score), p in zip(spans, probs, strict=True):
            k = int(p.argmax())
            out.append(SpanPrediction(s, e, self.techniques[k], score, float(p[k])))
        return out


def _wordy(text: str, tok: tuple[int, int]) -> bool:
    s, e = tok
    return text[s:e][:1].isalnum() or text[s:e] in {"!", "?"}
