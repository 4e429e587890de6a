"""Optional check-worthiness model: fine-tuned MiniLM-L6 run with onnxruntime.

Needs ``onnxruntime`` and ``tokenizers`` (the ``transformers`` extra; no
PyTorch). The artefact is built by ``python -m newscheck_lab.transformers.claims``
(which needs PyTorch) and is one directory::

    model.onnx       all-MiniLM-L6-v2 with its top layer fine-tuned on
                     ClaimBuster + CheckThat train/dev, mean pooling and a
                     linear head; inputs input_ids, attention_mask (int64,
                     batch x seq); output logit (batch,)
    meta.json        format, max_len, threshold, training record
    tokenizer.json   the base model's tokenizer (read with ``tokenizers``)
    MODEL_CARD.md

:meth:`ClaimTransformer.predict_proba` has the interface of
:meth:`newscheck.claims.model.ClaimModel.predict_proba`: one P(check-worthy) per
text; a text is called check-worthy when its probability exceeds
:attr:`ClaimTransformer.threshold`.

Where the artefact is looked for, first hit wins: the *path* argument; the
``NEWSCHECK_CLAIMS_TRANSFORMER`` environment variable; the packaged
``newscheck/models/claims_transformer/`` (when it holds ``model.onnx``); the
user data dir, ``<data_dir>/models/claims_transformer``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscheck import onnx_artefacts as artefacts
from newscheck.arrays import sigmoid
from newscheck.onnx_artefacts import load_tokenizer

__all__ = [
    "ENV_VAR",
    "FORMAT",
    "PACKAGED_DIR",
    "ClaimTransformer",
    "available",
    "batch_arrays",
    "encode_texts",
    "find_model_dir",
    "load_tokenizer",
    "user_model_dir",
]

ENV_VAR = "NEWSCHECK_CLAIMS_TRANSFORMER"
_NAME = "claims_transformer"
PACKAGED_DIR = artefacts.packaged_dir(_NAME)
FORMAT = "newscheck-claims-transformer/1"
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0


def user_model_dir() -> Path:
    """``<data_dir>/models/claims_transformer``, where the training script
    writes by default."""
    return artefacts.user_model_dir(_NAME)


def find_model_dir(path: str | Path | None = None) -> Path | None:
    """The artefact directory (see module docstring), or ``None`` if none exists."""
    return artefacts.find_model_dir(_NAME, ENV_VAR, path)


def available(path: str | Path | None = None) -> bool:
    """Whether onnxruntime and tokenizers import and an artefact is present."""
    return artefacts.available(_NAME, ENV_VAR, path)


# -- preprocessing shared with the training script --------------------------------
def encode_texts(
    tokenizer: Any, texts: Sequence[str], max_len: int
) -> list[np.ndarray]:
    """``[CLS] tokens [SEP]`` ids of each text, cut to *max_len* ids in all."""
    out = []
    for enc in tokenizer.encode_batch(list(texts), add_special_tokens=False):
        ids = enc.ids[: max_len - 2]
        out.append(np.asarray([CLS_ID, *ids, SEP_ID], dtype=np.int64))
    return out


def batch_arrays(seqs: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``(input_ids, attention_mask)`` of *seqs*, right-padded to the longest."""
    t = max(len(s) for s in seqs)
    ids = np.full((len(seqs), t), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(seqs), t), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return ids, mask


# -- the model ---------------------------------------------------------------------
class ClaimTransformer:
    """The ONNX check-worthiness model (``predict_proba`` as in ``ClaimModel``)."""

    def __init__(self, path: str | Path | None = None, *, threads: int = 1) -> None:
        art = artefacts.open_artefact(
            _NAME,
            ENV_VAR,
            path,
            fmt=FORMAT,
            what="check-worthiness",
            build="python -m newscheck_lab.transformers.claims",
            threads=threads,
        )
        self.path = art.path
        self.meta: dict[str, Any] = art.meta
        self.max_len = int(self.meta.get("max_len", 64))
        self.threshold = float(self.meta.get("threshold", 0.5))
        self.batch = int(self.meta.get("batch", 32))
        self.tokenizer = art.tokenizer
        self.session = art.session

    @classmethod
    def cached(
        cls, path: str | Path | None = None, *, threads: int = 1
    ) -> ClaimTransformer:
        """The model loaded once per process (callers must not change it)."""
        return artefacts.load_once(cls, find_model_dir(path), threads=threads)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The head's logit for each text (texts batched by length)."""
        texts = list(texts)
        out = np.zeros(len(texts), dtype=np.float64)
        if not texts:
            return out
        seqs = encode_texts(self.tokenizer, texts, self.max_len)
        order = np.argsort([len(s) for s in seqs], kind="stable")
        for a in range(0, len(order), self.batch):
            idx = order[a : a + self.batch]
            ids, mask = batch_arrays([seqs[i] for i in idx])
            (z,) = self.session.run(
                ["logit"], {"input_ids": ids, "attention_mask": mask}
            )
            out[idx] = np.asarray(z, dtype=np.float64).reshape(-1)
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) of each text, shape ``(len(texts),)``."""
        return sigmoid(self.logits(texts))

    def decision_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """The logit of ``text[start:end]`` for each span (as ``ClaimModel``)."""
        return self.logits([text[s:e] for s, e in spans])

    def predict_proba_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """P(check-worthy) of ``text[start:end]`` for each span (as
        ``ClaimModel.predict_proba_spans``, which the ``claims`` analyzer calls)."""
        return sigmoid(self.decision_spans(text, spans))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Whether each text is check-worthy (probability above the threshold)."""
        return self.predict_proba(texts) > self.threshold
