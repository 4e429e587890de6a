"""A static sentence embedder: WordPiece tokens → mean of per-token vectors.

The token vectors (``newscheck/models/factcheck/embeddings.npz``) are distilled
from all-MiniLM-L6-v2 by ``newscheck train factcheck`` (see
:mod:`newscheck_lab.factcheck.distill`): each vocabulary token is run through the
transformer alone, mean-pooled, reduced by PCA and weighted by its inverse
document frequency in the claims corpus (the model2vec recipe). Encoding needs
only numpy and a pure-Python BERT-uncased WordPiece tokenizer — no PyTorch, no
``tokenizers``, no download.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newscheck.errors import ModelError

__all__ = ["EMBEDDINGS", "StaticEmbedder", "WordPiece"]

#: The shipped token vectors.
EMBEDDINGS = (
    Path(__file__).resolve().parents[1] / "models" / "factcheck" / "embeddings.npz"
)

_PUNCT = re.compile(r"([^\w\s]|_)")


class WordPiece:
    """BERT-uncased tokenisation: basic split, then greedy longest-match WordPiece."""

    def __init__(self, vocab: Sequence[str], *, max_chars: int = 100) -> None:
        self.vocab = {tok: i for i, tok in enumerate(vocab)}
        self.max_chars = max_chars
        self.unk = self.vocab.get("[UNK]", 0)
        self._cache: dict[str, list[int]] = {}

    def basic(self, text: str) -> list[str]:
        """Lower-case, strip accents, split on spaces and around punctuation."""
        text = text.lower()
        if not text.isascii():  # ASCII has no accents to strip
            text = unicodedata.normalize("NFD", text)
            text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        return _PUNCT.sub(r" \1 ", text).split()

    def word_ids(self, word: str) -> list[int]:
        """The WordPiece ids of one basic token (``[UNK]`` if it cannot be split)."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids: list[int] = []
        if len(word) > self.max_chars:
            ids = [self.unk]
        else:
            start = 0
            while start < len(word):
                end = len(word)
                cur = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        cur = self.vocab[piece]
                        break
                    end -= 1
                if cur is None:
                    ids = [self.unk]
                    break
                ids.append(cur)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def ids(self, text: str) -> list[int]:
        """WordPiece ids of *text* (no ``[CLS]``/``[SEP]``)."""
        out: list[int] = []
        for word in self.basic(text):
            out.extend(self.word_ids(word))
        return out


class StaticEmbedder:
    """Sentence vectors as the normalised mean of static token vectors.

    Parameters
    ----------
    vocab
        The WordPiece vocabulary, in id order.
    vectors
        One row per vocabulary entry (weights already applied).
    """

    def __init__(self, vocab: Sequence[str], vectors: np.ndarray) -> None:
        if len(vocab) != len(vectors):
            raise ModelError("embedding vocabulary and vectors differ in length")
        self.tokenizer = WordPiece(vocab)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        skip = [
            self.tokenizer.vocab[t]
            for t in ("[UNK]", "[CLS]", "[SEP]", "[PAD]")
            if t in self.tokenizer.vocab
        ]
        self.vectors[skip] = 0.0
        self.dim = self.vectors.shape[1]

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, tuned: bool = True
    ) -> StaticEmbedder:
        """The shipped embedding model (or the ``.npz`` at *path*).

        A file written with a *base* (see :meth:`save`) also holds the vectors
        it was fine-tuned from; ``tuned=False`` loads those instead (to fine-tune
        them again).
        """
        path = Path(path) if path else EMBEDDINGS
        try:
            with np.load(path, allow_pickle=False) as data:
                vocab = str(data["vocab"]).split("\n")
                vectors = data["vectors"].astype(np.float32)
                if not tuned and "base_rows" in data.files:
                    rows = data["base_rows"]
                    vectors[rows] += data["base_delta"].astype(np.float32)
        except (OSError, KeyError, ValueError, IndexError) as exc:
            raise ModelError(
                f"cannot load the fact-check embedding model {path}: {exc}; "
                "run `newscheck train factcheck`"
            ) from exc
        return cls(vocab, vectors)

    def save(self, path: str | Path, *, base: np.ndarray | None = None) -> None:
        """Write vocabulary and vectors (float16) to an ``.npz`` file.

        With *base* (the vectors these were fine-tuned from) the file also keeps,
        for the rows that differ, the change back to *base*, so that both can
        be loaded (loading the tuned vectors reads nothing extra).
        """
        vocab = sorted(self.tokenizer.vocab, key=self.tokenizer.vocab.__getitem__)
        extra: dict[str, np.ndarray] = {}
        vectors = self.vectors.astype(np.float16)
        if base is not None:
            if base.shape != self.vectors.shape:
                raise ModelError("base vectors differ in shape from the embedder's")
            base = np.asarray(base, dtype=np.float32)
            rows = np.flatnonzero((self.vectors != base).any(axis=1))
            diff = base[rows] - vectors[rows].astype(np.float32)
            extra = {
                "base_rows": rows.astype(np.int32),
                "base_delta": diff.astype(np.float16),
            }
        np.savez_compressed(
            path, vocab=np.asarray("\n".join(vocab)), vectors=vectors, **extra
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text (a text with no known token gives zeros)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = self.tokenizer.ids(text)
            if not ids:
                continue
            v = self.vectors[ids].sum(axis=0)
            n = float(np.linalg.norm(v))
            if n > 0:
                out[i] = v / n
        return out
