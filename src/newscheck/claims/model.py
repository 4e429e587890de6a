"""The check-worthiness model at run time: numpy only.

A logistic regression over the features of :mod:`newscheck.claims.features`,
stored as ``weights.npz`` (weights, bias) and ``model.json`` (vocabulary,
threshold, metadata). A model may also weigh a sentence embedding made with the
static MiniLM token vectors shipped for fact-check matching
(``newscheck/models/factcheck/embeddings.npz``, not copied here); ``model.json``
then records their checksum, and loading fails if those vectors changed since
training. Training lives in :mod:`newscheck_lab.claims.train`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.arrays import sigmoid
from newscheck.claims.features import CUE_NAMES, embed, embedding_table, featurize
from newscheck.claims.scoring import TABLES_VERSION, SentenceScorer
from newscheck.errors import ModelError

__all__ = ["DEFAULT_MODEL_DIR", "FORMAT", "ClaimModel"]

#: Where the shipped model lives.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "claims"
#: Version of the saved format (2 adds the optional embedding block, 3 the
#: word-list cues of :data:`newscheck.claims.features.TOKEN_CUES`).
FORMAT = "newscheck-claims-3"
_FORMATS = (FORMAT,)


def embedder_checksum(embedder: Any) -> str:
    """A short hash of a static embedder's vectors (to detect a retrained one)."""
    v = np.ascontiguousarray(embedder.vectors, dtype=np.float32)
    return hashlib.sha256(v.tobytes()).hexdigest()[:16]


@dataclass
class ClaimModel:
    """Vocabulary + linear weights → P(check-worthy) for each sentence.

    Attributes
    ----------
    vocab
        Word and char terms; term ``vocab[i]`` has weight ``weights[i]``; the
        :data:`CUE_NAMES` weights follow, then the *emb_dims* weights of the
        embedding block.
    weights, bias
        The logistic-regression coefficients.
    threshold
        Probability above which a sentence is called check-worthy (chosen on
        training cross-validation).
    char_weight
        Scale of the char block (a feature setting, kept with the weights).
    meta
        Training details (data, C, scores) copied into reports of the model.
    embedder, emb_dims
        The :class:`newscheck.factcheck.embed.StaticEmbedder` of the embedding
        block and how many of its (first) dimensions are used; ``None`` and 0
        for a model without one.
    tables
        The scorer's lookup tables (:func:`newscheck.claims.scoring.derive_tables`)
        as saved with the model; ``None``: derived from the vocabulary on first use.
    """

    vocab: list[str]
    weights: np.ndarray
    bias: float
    threshold: float = 0.5
    char_weight: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)
    embedder: Any = None
    emb_dims: int = 0
    tables: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def emb_dim(self) -> int:
        """Dimensions of the embedding block (0 without one)."""
        return 0 if self.embedder is None else int(self.emb_dims)

    def __post_init__(self) -> None:
        if self.emb_dims and self.embedder is None:
            raise ModelError("claims model has an embedding block but no embedder")
        if self.embedder is not None and not 0 < self.emb_dims <= self.embedder.dim:
            raise ModelError(f"claims model uses {self.emb_dims} embedding dims")
        n_lin = len(self.vocab) + len(CUE_NAMES)
        if len(self.weights) != n_lin + self.emb_dim:
            raise ModelError(
                f"claims model has {len(self.weights)} weights for "
                f"{len(self.vocab)} terms + {len(CUE_NAMES)} cues + "
                f"{self.emb_dim} embedding dimensions"
            )
        self._index_: dict[str, int] | None = None
        self._scorer: SentenceScorer | None = None
        self._emb_table: tuple[dict[str, int], np.ndarray] | None = None

    @property
    def _index(self) -> dict[str, int]:
        """Term -> vocabulary index (built on first use)."""
        if self._index_ is None:
            self._index_ = dict(zip(self.vocab, range(len(self.vocab)), strict=True))
        return self._index_

    @property
    def emb_table(self) -> tuple[dict[str, int], np.ndarray] | None:
        """The embedding rows of the vocabulary's words (``None`` without a block)."""
        if self.emb_dim and self._emb_table is None:
            self._emb_table = embedding_table(self.vocab, self.embedder, self.emb_dim)
        return self._emb_table

    @property
    def scorer(self) -> SentenceScorer:
        """The fast scorer of this model (built on first use, kept per process)."""
        if self._scorer is None:
            n_lin = len(self.vocab) + len(CUE_NAMES)
            self._scorer = SentenceScorer(
                self.vocab,
                self.weights[:n_lin],
                self.bias,
                char_weight=self.char_weight,
                emb_table=self.emb_table,
                emb_weights=self.weights[n_lin:] if self.emb_dim else None,
                tables=self.tables,
            )
        return self._scorer

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """The linear score (log-odds) of each text."""
        if not texts:
            return np.zeros(0)
        return self.scorer.decision(list(texts))

    def decision_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """The linear score of ``text[start:end]`` for each span (one article)."""
        return self.scorer.decision_spans(text, spans)

    def predict_proba_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """P(check-worthy) of ``text[start:end]`` for each span."""
        return sigmoid(self.decision_spans(text, spans))

    def predict_proba_spans_many(
        self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """:meth:`predict_proba_spans` of each ``(text, spans)`` of *items*, scored
        together (one vectorised pass over all their sentences)."""
        if not items:
            return []
        return [sigmoid(z) for z in self.scorer.decision_spans_many(items)]

    def decision_reference(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`decision` computed from :func:`featurize` rows, as in training.

        Slower; kept to check the fast scorer against.
        """
        if not texts:
            return np.zeros(0)
        indptr, indices, data = featurize(
            list(texts), self._index, char_weight=self.char_weight
        )
        contrib = self.weights[indices] * data
        sums = np.add.reduceat(contrib, indptr[:-1]) if len(contrib) else 0.0
        # reduceat repeats a value for empty rows; every row has cues, none is empty
        out = np.asarray(sums, dtype=np.float64) + self.bias
        if self.emb_dim:
            n_lin = len(self.vocab) + len(CUE_NAMES)
            index, rows = self.emb_table  # type: ignore[misc]
            out += embed(list(texts), index, rows) @ self.weights[n_lin:]
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) of each text."""
        return sigmoid(self.decision(texts))

    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``model.json`` under directory *path*."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tables = self.scorer.tables_
        np.savez_compressed(
            path / "weights.npz",
            weights=self.weights.astype(np.float32),
            bias=np.array([self.bias], dtype=np.float64),
            **{f"table_{k}": tables[k] for k in _TABLE_ARRAYS},
        )
        doc: dict[str, Any] = {
            "format": FORMAT,
            "threshold": self.threshold,
            "char_weight": self.char_weight,
            "cues": list(CUE_NAMES),
            "meta": self.meta,
        }
        if self.embedder is not None:
            doc["embeddings"] = {
                "file": "newscheck/models/factcheck/embeddings.npz",
                "dim": self.emb_dim,
                "checksum": embedder_checksum(self.embedder),
            }
        doc["tables"] = {
            "version": tables["version"],
            "alphabet": tables["alphabet"],
            "tokens": tables["tokens"],
        }
        doc["vocab"] = self.vocab
        (path / "model.json").write_text(json.dumps(doc, ensure_ascii=False))

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, embedder: Any = None
    ) -> ClaimModel:
        """The model saved under *path* (default: the shipped one).

        A model with an embedding block uses *embedder* if given, else the
        shipped fact-check embeddings; either must be the one it was trained
        with (same checksum).
        """
        path = Path(path) if path is not None else DEFAULT_MODEL_DIR
        try:
            doc = json.loads((path / "model.json").read_text())
            with np.load(path / "weights.npz", allow_pickle=False) as z:
                weights = z["weights"].astype(np.float64)
                bias = float(z["bias"][0])
                tables = _load_tables(doc.get("tables"), z)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load claims model from {path}: {exc}; "
                "run `newscheck train claims`"
            ) from exc
        if doc.get("format") not in _FORMATS or doc.get("cues") != list(CUE_NAMES):
            raise ModelError(
                f"claims model in {path} has format {doc.get('format')!r} with "
                f"{len(doc.get('cues') or [])} cues; this version reads {FORMAT!r} "
                f"with {len(CUE_NAMES)}: run `newscheck train claims`"
            )
        emb = doc.get("embeddings")
        if emb:
            if embedder is None:
                from newscheck.factcheck.embed import StaticEmbedder

                embedder = StaticEmbedder.load()
            if embedder_checksum(embedder) != emb.get("checksum"):
                raise ModelError(
                    f"claims model in {path} was trained with other embeddings "
                    f"than {emb.get('file')}: run `newscheck train claims`"
                )
        else:
            embedder = None
        return cls(
            vocab=list(doc["vocab"]),
            weights=weights,
            bias=bias,
            threshold=float(doc["threshold"]),
            char_weight=float(doc.get("char_weight", 1.0)),
            meta=dict(doc.get("meta", {})),
            embedder=embedder,
            emb_dims=int(emb["dim"]) if emb else 0,
            tables=tables,
        )


#: The scorer tables saved as arrays in ``weights.npz`` (``table_<name>``).
_TABLE_ARRAYS = ("uni", "bi_keys", "bi_vid", "gram_codes", "gram_ids")


def _load_tables(doc: dict[str, Any] | None, z: Any) -> dict[str, Any] | None:
    """The saved scorer tables, or ``None`` (none saved, or by another version
    of :func:`newscheck.claims.scoring.derive_tables`: derived again)."""
    if not doc or doc.get("version") != TABLES_VERSION:
        return None
    tables = {k: z[f"table_{k}"].astype(np.int64) for k in _TABLE_ARRAYS}
    return tables | {
        "version": TABLES_VERSION,
        "alphabet": str(doc["alphabet"]),
        "tokens": list(doc["tokens"]),
    }
