"""Okapi BM25 over an inverted index held in numpy arrays.

Postings are sorted by term: ``indptr[t]:indptr[t+1]`` slices ``docs`` and
``weights`` (the precomputed BM25 weight of term *t* in each document), so a
query costs one ``np.bincount`` over the postings of its terms.

Examples
--------
>>> bm = BM25.fit([["cat", "sat"], ["dog", "sat"], ["dog", "bark"]])
>>> bm.scores(["dog", "bark"]).argmax()
np.int64(2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["BM25"]


class BM25:
    """A BM25 index of tokenised documents.

    Parameters
    ----------
    k1, b
        The usual BM25 saturation and length-normalisation constants.
    """

    vocabulary_: dict[str, int]
    idf_: np.ndarray
    indptr_: np.ndarray
    docs_: np.ndarray
    weights_: np.ndarray
    n_docs_: int

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b

    @classmethod
    def fit(
        cls, docs: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75
    ) -> BM25:
        """Index *docs* (lists of terms)."""
        self = cls(k1=k1, b=b)
        vocab: dict[str, int] = {}
        term_ids: list[int] = []
        doc_ids: list[int] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for d, doc in enumerate(docs):
            lengths[d] = len(doc)
            for t in doc:
                term_ids.append(vocab.setdefault(t, len(vocab)))
                doc_ids.append(d)
        n_docs = max(len(docs), 1)
        t_arr = np.asarray(term_ids, dtype=np.int64)
        d_arr = np.asarray(doc_ids, dtype=np.int64)
        key = t_arr * n_docs + d_arr
        uniq, tf = np.unique(key, return_counts=True)  # sorted by term, then doc
        terms = uniq // n_docs
        docs_ = (uniq % n_docs).astype(np.int32)
        df = np.bincount(terms, minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        avgdl = float(lengths.mean()) if len(docs) else 1.0
        norm = k1 * (1 - b + b * lengths[docs_] / max(avgdl, 1e-9))
        tf = tf.astype(np.float32)
        self.vocabulary_ = vocab
        self.idf_ = idf
        self.indptr_ = np.concatenate([[0], np.cumsum(df.astype(np.int64))])
        self.docs_ = docs_
        self.weights_ = (idf[terms] * tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        self.n_docs_ = len(docs)
        return self

    def arrays(self) -> dict[str, np.ndarray]:
        """The fitted postings as plain arrays (see :meth:`from_arrays`)."""
        return {
            "idf": self.idf_,
            "indptr": self.indptr_,
            "docs": self.docs_,
            "weights": self.weights_,
        }

    @classmethod
    def from_arrays(
        cls,
        arrays: dict[str, np.ndarray],
        vocabulary: Sequence[str],
        n_docs: int,
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> BM25:
        """A fitted index from :meth:`arrays` (memory-mapped arrays are fine).

        *vocabulary* lists the terms in id order.
        """
        self = cls(k1=k1, b=b)
        self.vocabulary_ = {t: i for i, t in enumerate(vocabulary)}
        # plain views of memory-mapped arrays: slicing a np.memmap is slow
        self.idf_ = np.asarray(arrays["idf"])
        self.indptr_ = np.asarray(arrays["indptr"])
        self.docs_ = np.asarray(arrays["docs"])
        self.weights_ = np.asarray(arrays["weights"])
        self.n_docs_ = int(n_docs)
        return self

    def terms(self) -> list[str]:
        """The vocabulary in id order."""
        out = [""] * len(self.vocabulary_)
        for t, i in self.vocabulary_.items():
            out[i] = t
        return out

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for *query* (repeated terms count once)."""
        ids = {self.vocabulary_[t] for t in query if t in self.vocabulary_}
        if not ids:
            return np.zeros(self.n_docs_, dtype=np.float32)
        sl = [slice(self.indptr_[i], self.indptr_[i + 1]) for i in ids]
        docs = np.concatenate([self.docs_[s] for s in sl])
        w = np.concatenate([self.weights_[s] for s in sl])
        return np.bincount(docs, weights=w, minlength=self.n_docs_).astype(np.float32)

    def scores_many(self, queries: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`scores` of each query, one row per query, in one ``bincount``.

        Each row sums the same postings in the same order as :meth:`scores`.
        """
        n = self.n_docs_
        vocab = self.vocabulary_
        term_ids: list[int] = []
        owner: list[int] = []
        for q, query in enumerate(queries):
            ids = {vocab[t] for t in query if t in vocab}
            term_ids.extend(ids)
            owner.extend([q] * len(ids))
        t = np.asarray(term_ids, dtype=np.int64)
        starts = self.indptr_[t]
        lens = self.indptr_[t + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return np.zeros((len(queries), n), dtype=np.float32)
        item = np.repeat(np.arange(len(t)), lens)
        pos = np.arange(total) + (starts - (np.cumsum(lens) - lens))[item]
        docs = self.docs_[pos] + np.asarray(owner, dtype=np.int64)[item] * n
        out = np.bincount(docs, weights=self.weights_[pos], minlength=len(queries) * n)
        return out.astype(np.float32).reshape(len(queries), n)

    def max_score(self, query: Sequence[str]) -> float:
        """An upper bound of a document's score for *query*: the sum of its idfs."""
        ids = {self.vocabulary_[t] for t in query if t in self.vocabulary_}
        return float(self.idf_[list(ids)].sum() * (self.k1 + 1)) if ids else 0.0
