"""The plain n-gram member of the article ensemble: word 1-2-grams and char
3-5-grams of the text as written, hashed and vectorised.

Issue 19 measured that a plain word + char TF-IDF logistic regression over the
whole text (title + body, boilerplate stripped) transfers to unseen political
outlets better than the restricted model of the first round. This module reads text the
way that model does (scikit-learn's ``CountVectorizer`` defaults: lower-cased,
word tokens ``\\b\\w\\w+\\b``, and ``char_wb`` n-grams: windows of 3-5
characters inside a space-padded word) without building strings: every n-gram
is a polynomial hash of its code points, computed for all windows at once from
prefix sums, folded to :data:`BITS` bits (word n-grams in the lower half of the
key space, char n-grams in the upper). Training and run time call the same
:func:`plain_keys`, so they see the same keys; the datelines, credits and
links of :func:`~newscheck.reliability.features.boilerplate_spans` are blanked
out of the body first, and the publisher / furniture words of
:data:`~newscheck.reliability.text.LEAK_TOKENS` read as blank space, as in the
word models.

Examples
--------
>>> keys, seg = plain_keys("", "The cat")
>>> int((keys < BIGRAM_SPACE).sum()), int((keys < WORD_SPACE).sum())  # the, cat
(2, 3)
>>> int((keys >= WORD_SPACE).sum())  # " the " 3+2+1 windows, " cat " 3+2+1
12
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.arrays import code_points
from newscheck.article import split_sentences
from newscheck.errors import ModelError
from newscheck.reliability.features import TokenStream, _lower, boilerplate_spans
from newscheck.reliability.model import Scored, domain_report
from newscheck.reliability.text import LEAK_TOKENS

__all__ = [
    "BIGRAM_SPACE",
    "BITS",
    "NGRAMS",
    "WORD_SPACE",
    "PlainNgramModel",
    "plain_keys",
    "plain_keys_many",
]

#: keys are folded to this many bits: word unigrams take ``[0, BIGRAM_SPACE)``,
#: word bigrams ``[BIGRAM_SPACE, WORD_SPACE)``, char n-grams
#: ``[WORD_SPACE, 2 * WORD_SPACE)``
BITS = 22
WORD_SPACE = 1 << (BITS - 1)
BIGRAM_SPACE = 1 << (BITS - 2)
#: the char n-gram lengths counted, inclusive
NGRAMS = (3, 5)

_U = np.uint64
_MUL = 0x100000001B3  # odd, so invertible modulo 2**64
_INV = pow(_MUL, -1, 1 << 64)
_MIX = _U(0xFF51AFD7ED558CCD)
_QUARTER = _U(BIGRAM_SPACE - 1)
_HALF = _U(WORD_SPACE - 1)
_BIGRAM = _U(0x9E3779B97F4A7C15)
# what str.split() splits on (no code point from 0x3001 up)
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint64)
#: lookup tables over the code points below 0x3001 plus one slot (index
#: ``_TOP``) for every code from there up: white space, and \w (``isalnum()``
#: or ``_``); a code at or above ``_TOP`` reads as neither here (its \w is
#: asked of ``str.isalnum`` in :func:`_word_runs`)
_TOP = 0x3001
_IS_SPACE = np.zeros(_TOP + 1, dtype=bool)
_IS_SPACE[_WHITESPACE.astype(np.int64)] = True
_IS_WORD = np.array(
    [chr(c).isalnum() or c == 95 for c in range(_TOP)] + [False], dtype=bool
)
_EMPTY = np.zeros(0, dtype=np.int64)
#: ``1 + log(count)`` for the counts below its length (0: unused), the very
#: values ``1.0 + np.log(counts)`` gives
_LOG1 = 1.0 + np.log(np.arange(4096, dtype=np.int64)[1:])
_LOG1 = np.concatenate([[0.0], _LOG1])


def _poly(word: str) -> int:
    """The polynomial hash :func:`plain_keys` computes for *word*."""
    h = 0
    for ch in word:
        h = (h * _MUL + ord(ch)) % (1 << 64)
    return h


#: hashes of the publisher / furniture tokens that never become features
_LEAK_HASHES = np.array(sorted(_poly(t) for t in LEAK_TOKENS), dtype=_U)
#: ``(M**i, M**-i)``, replaced as one pair (threads read it without the lock)
_pow: list[tuple[np.ndarray, np.ndarray]] = [(np.ones(1, _U), np.ones(1, _U))]
_pow_lock = threading.Lock()


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``M**i`` and ``M**-i`` (mod 2**64) for ``i < n``, grown on demand."""
    mpow, ipow = _pow[0]
    if len(mpow) < n:
        with _pow_lock:
            mpow, ipow = _pow[0]
            if len(mpow) < n:
                size = max(n, 2 * len(mpow), 4096)
                with np.errstate(over="ignore"):
                    mpow = np.concatenate(
                        [[_U(1)], np.cumprod(np.full(size - 1, _MUL, _U))]
                    )
                    ipow = np.concatenate(
                        [[_U(1)], np.cumprod(np.full(size - 1, _INV, _U))]
                    )
                _pow[0] = (mpow, ipow)
    return mpow[:n], ipow[:n]


def _word_runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of the runs of 2+ word characters in *codes* (what
    the regex ``\\b\\w\\w+\\b`` finds; \\w: ``str.isalnum()`` or ``_``). The
    first and last code must be spaces."""
    clipped = np.minimum(codes, _U(_TOP)).astype(np.intp)
    word = _IS_WORD[clipped]
    if clipped.max() == _TOP:  # code points past the table: ask str.isalnum
        other = np.flatnonzero(clipped == _TOP)
        uniq, inv = np.unique(codes[other], return_inverse=True)
        alnum = np.array([chr(int(c)).isalnum() for c in uniq], dtype=bool)
        word[other] = alnum[inv]
    edge = np.diff(word.astype(np.int8))
    starts = np.flatnonzero(edge == 1) + 1
    ends = np.flatnonzero(edge == -1) + 1
    long = ends - starts >= 2
    return starts[long], ends[long]


def _fold(h: np.ndarray, seed: int, bits: np.uint64) -> np.ndarray:
    """Mix 64-bit hashes (with a per-kind *seed*) and keep the *bits* mask."""
    k = h ^ _U(seed)
    k = (k ^ (k >> _U(33))) * _MIX
    k ^= k >> _U(29)
    return (k & bits).astype(np.int64)


def plain_keys(
    title: str,
    body: str,
    sentences: tuple[tuple[int, int], ...] | None = None,
    *,
    spans: list[tuple[int, int]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Hashed word 1-2-gram and char 3-5-gram keys of ``title`` + ``body``, and
    the segment of each (``-1`` the title, ``k`` body sentence ``k``; a bigram
    counts where its first word is, a char n-gram where its first letter is).

    *spans* are the body's :func:`boilerplate_spans` where the caller has them
    already (:attr:`TokenStream.body_spans
    <newscheck.reliability.features.TokenStream.body_spans>`)."""
    return plain_keys_many([(title, body, sentences, spans)])[0]


def _lowered(
    title: str,
    body: str,
    sentences: tuple[tuple[int, int], ...] | None,
    spans: list[tuple[int, int]] | None,
) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """``(text, offset of the body, body sentences)``: the lower-cased title and
    body with the boilerplate *spans* blanked, as :func:`plain_keys` reads them."""
    low_body = _lower(body)
    if spans is None:
        spans = boilerplate_spans(body, low_body) if body else []
    if spans:
        parts, pos = [], 0
        for s, e in spans:
            parts += [low_body[pos:s], " " * (e - s)]
            pos = e
        low_body = "".join([*parts, low_body[pos:]])
    off = len(title) + 2 if title else 0
    low = f"{_lower(title)}\n\n{low_body}" if title else low_body
    if sentences is None:
        sentences = split_sentences(body)
    return low, off, sentences


#: ``(title, body, sentences, boilerplate spans)`` (``None``: computed)
_Item = tuple[
    str, str, tuple[tuple[int, int], ...] | None, list[tuple[int, int]] | None
]
#: texts are hashed together up to about this many characters at once (the
#: bound on the arrays one pass holds, whatever the chunk's size)
JOIN_CHARS = 1 << 18


def plain_keys_many(
    items: Sequence[_Item],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`plain_keys` of each ``(title, body, sentences, spans)``: texts
    joined by one space, up to :data:`JOIN_CHARS` characters, and hashed in one
    pass (a window never holds an inner space, so none spans two texts; bigrams
    across a join are dropped); each text's keys in the order
    :func:`plain_keys` gives them."""
    out: list[tuple[np.ndarray, np.ndarray]] = []
    group: list[_Item] = []
    size = 0
    for item in items:
        n = len(item[0]) + len(item[1]) + 3
        if group and size + n > JOIN_CHARS:
            out += _keys_joined(group)
            group, size = [], 0
        group.append(item)
        size += n
    if group:
        out += _keys_joined(group)
    return out


def _keys_joined(
    items: Sequence[_Item],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The keys of *items* (see :func:`plain_keys_many`), all texts joined."""
    out: list[tuple[np.ndarray, np.ndarray]] = [(_EMPTY, _EMPTY)] * len(items)
    texts, segs_of, at = [], [], []
    pos = 1  # the leading space
    for i, (title, body, sentences, spans) in enumerate(items):
        low, off, sents = _lowered(title, body, sentences, spans)
        if not low.strip():
            continue
        # code position -> segment (text-local): the last sentence starting at
        # or before it (the first for one before any), -1 in the title
        m = len(low) + 1  # the text and the space after it
        starts = np.array([s for s, _ in sents] or [0], dtype=np.int64)
        at_or_before = np.cumsum(np.bincount(starts + off, minlength=m + off)[:m])
        seg_of = np.maximum(at_or_before - 1, 0)
        seg_of[:off] = -1
        texts.append(low)
        segs_of.append(seg_of)
        at.append((i, pos))
        pos += m
    if not texts:
        return out
    # codes with one space before each text and after the last; white space
    # reads as a space; segment -1 for the leading space
    codes = code_points(" " + " ".join(texts) + " ").astype(_U)
    space = _IS_SPACE[np.minimum(codes, _U(_TOP)).astype(np.intp)]
    codes[space] = _U(32)
    n = len(codes)
    seg_of = np.concatenate([np.full(1, -1, dtype=np.int64), *segs_of])
    bounds = np.array([p for _, p in at] + [n], dtype=np.int64)
    mpow, ipow = _powers(n + 1)
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # key, seg, pos
    with np.errstate(over="ignore"):
        prefix = np.concatenate([[_U(0)], np.cumsum(codes * ipow[:n])])
        a, b = _word_runs(codes)
        # polynomial hash of codes[a:b] (the same wherever the substring sits)
        hw = (prefix[b] - prefix[a]) * mpow[b - 1]
        # hw in _LEAK_HASHES (sorted), by one binary search each
        at_leak = np.searchsorted(_LEAK_HASHES, hw)
        np.minimum(at_leak, len(_LEAK_HASHES) - 1, out=at_leak)
        leak = _LEAK_HASHES[at_leak] == hw
        if leak.any():  # publisher / furniture words read as blank space
            for i, j in zip(a[leak].tolist(), b[leak].tolist(), strict=True):
                codes[i:j] = _U(32)
                space[i:j] = True
            prefix = np.concatenate([[_U(0)], np.cumsum(codes * ipow[:n])])
            a, b, hw = a[~leak], b[~leak], hw[~leak]
        if len(a):
            blocks.append((_fold(hw, 1, _QUARTER), seg_of[a], a))
            if len(hw) > 1:
                text_of = np.searchsorted(bounds, a, side="right")
                same = text_of[:-1] == text_of[1:]
                bigram = _fold(hw[:-1] * _BIGRAM + hw[1:], 2, _QUARTER)
                blocks.append(
                    (bigram[same] + BIGRAM_SPACE, seg_of[a[:-1][same]], a[:-1][same])
                )
        # window codes[p:p + k] holds no inner space: codes[p + 1:p + k - 1]
        # are all non-space (one more position for each longer k); the hashes
        # of every window of a length from contiguous slices, then the kept
        solid = ~space[1 : n - 1]
        lo, hi = NGRAMS
        for k in range(lo, hi + 1):
            m = max(n - k + 1, 0)  # windows p = 0 .. n - k
            if k == lo:
                fits = solid[:m].copy()
                for d in range(1, k - 2):
                    fits &= solid[d : d + m]
            else:
                fits = fits[:m] & solid[k - 3 : n - 2]
            h = (prefix[k : k + m] - prefix[:m]) * mpow[k - 1 : k - 1 + m]
            p = np.flatnonzero(fits)
            # a window's first letter is at p + 1: its segment and its text
            blocks.append(
                (_fold(h[p], 2 + k, _HALF) + WORD_SPACE, seg_of[p + 1], p + 1)
            )
    # each block is in position order: cut it at the texts' bounds
    cuts = [np.searchsorted(q, bounds) for _, _, q in blocks]
    for t, (i, _) in enumerate(at):
        keys = [
            key[c[t] : c[t + 1]] for (key, _, _), c in zip(blocks, cuts, strict=True)
        ]
        segs = [sg[c[t] : c[t + 1]] for (_, sg, _), c in zip(blocks, cuts, strict=True)]
        out[i] = (np.concatenate(keys), np.concatenate(segs))
    return out


def _stable_order(cols: np.ndarray) -> np.ndarray:
    """``np.argsort(cols, kind="stable")`` of non-negative int32 columns: one
    sort of ``column << 32 | position`` (ties fall in position order), a few
    times faster than numpy's stable argsort on a few thousand values."""
    key = (cols.astype(np.int64) << 32) | np.arange(len(cols), dtype=np.int64)
    key.sort()
    return key & 0xFFFFFFFF


@dataclass
class PlainNgramModel:
    """A binary TF-IDF logistic model over :func:`plain_keys`: word and char
    blocks each L2-normalised, as the baseline it reproduces (one member of
    :class:`newscheck.reliability.ensemble.EnsembleTextModel`).

    ``keys`` are the sorted hashed n-grams it knows, ``idf`` and ``coef`` their
    weights. Hashed n-grams have no readable name, so it adds to the
    per-sentence explanation only.
    """

    kind: str
    keys: np.ndarray
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.keys = np.asarray(self.keys, dtype=np.int64)
        self.idf = np.asarray(self.idf, dtype=np.float64)
        self.coef = np.asarray(self.coef, dtype=np.float64)
        if not (len(self.keys) == len(self.idf) == len(self.coef)):
            raise ModelError(f"the {self.kind} n-gram model's arrays disagree")
        # key -> column (-1: unknown): one lookup per n-gram when scoring
        self._column = np.full(1 << BITS, -1, dtype=np.int32)
        self._column[self.keys] = np.arange(len(self.keys), dtype=np.int32)
        # keys are sorted: the first column of a bigram and of a char n-gram
        self._first_bigram = int(np.searchsorted(self.keys, BIGRAM_SPACE))
        self._first_char = int(np.searchsorted(self.keys, WORD_SPACE))

    @property
    def first_char(self) -> int:
        """The first char n-gram column (word columns come before it)."""
        return self._first_char

    @property
    def words(self) -> list[str]:
        """No readable vocabulary (what the ensemble's coverage check reads)."""
        return []

    def score(
        self,
        title: str,
        body: str,
        sentences: tuple[tuple[int, int], ...] | None = None,
        *,
        stream: TokenStream | None = None,
        **_: Any,
    ) -> Scored:
        """Raw logit of one text, with what :meth:`explain` needs; a *stream*
        of the same text lends its boilerplate spans."""
        if sentences is None:
            sentences = split_sentences(body)
        spans = stream.body_spans if stream is not None else None
        keys, seg = plain_keys(title, body, sentences, spans=spans)
        return self._scored(keys, seg, len(sentences))

    def score_many(
        self,
        items: Sequence[tuple[str, str, tuple[tuple[int, int], ...]]],
        streams: Sequence[TokenStream],
    ) -> list[Scored]:
        """:meth:`score` of each ``(title, body, sentences)`` with its stream:
        the keys of all of them hashed in one pass (:func:`plain_keys_many`)."""
        keyed = plain_keys_many(
            [
                (t, b, s, st.body_spans)
                for (t, b, s), st in zip(items, streams, strict=True)
            ]
        )
        return [
            self._scored(keys, seg, len(s))
            for (keys, seg), (_, _, s) in zip(keyed, items, strict=True)
        ]

    def _scored(self, keys: np.ndarray, seg: np.ndarray, n_sentences: int) -> Scored:
        """:meth:`score` from a text's :func:`plain_keys` and its sentence count."""
        z = np.array([self.intercept])
        n_words = int((keys < BIGRAM_SPACE).sum())
        if not len(keys):
            return Scored(z=z, n_tokens=0, n_sentences=n_sentences)
        # the column of every n-gram (-1: unknown), the known ones grouped by
        # column (the order of their keys) in a stable order
        cols = self._column[keys]
        hit = cols >= 0
        if not hit.all():
            if not hit.any():
                return Scored(z=z, n_tokens=n_words, n_sentences=n_sentences)
            cols, seg = cols[hit], seg[hit]
        order = _stable_order(cols)
        srt = cols[order]
        first = np.empty(len(srt), dtype=bool)
        first[0] = True
        np.not_equal(srt[1:], srt[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        uniq = srt[starts].astype(np.int64)
        cnt = np.diff(np.append(starts, len(srt)))
        if cnt.max() < len(_LOG1):
            val = _LOG1[cnt] * self.idf[uniq]  # the same values as np.log
        else:
            val = (1.0 + np.log(cnt)) * self.idf[uniq]
        # columns follow the keys: the word columns, then the char ones
        j = int(np.searchsorted(uniq, self._first_char))
        sq = val * val
        norm_c = math.sqrt(float(sq[j:].sum())) or 1.0
        norm_w = math.sqrt(float(sq[:j].sum())) or 1.0
        val[:j] /= norm_w
        val[j:] /= norm_c
        z += float(self.coef[uniq] @ val)
        # every occurrence of a known key: its feature (index into uniq), segment
        return Scored(
            z=z,
            feats=uniq,
            vals=val,
            inverse=np.cumsum(first) - 1,
            counts=cnt,
            occ_segments=seg[order],
            n_tokens=n_words,
            n_sentences=n_sentences,
        )

    def proba_from_logits(self, z: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-float(np.ravel(z)[0]))))

    def coverage(self, s: Scored) -> float:
        """Share of the text's words (unigram occurrences) the model knows
        (0 for a text without words)."""
        if not s.n_tokens:
            return 0.0
        known = s.counts[: int(np.searchsorted(s.feats, self._first_bigram))].sum()
        return float(known / s.n_tokens)

    def domain(self, s: Scored) -> dict[str, Any]:
        """:meth:`coverage` against the out-of-corpus reference in
        ``meta["coverage"]`` (as :meth:`LinearTextModel.domain
        <newscheck.reliability.model.LinearTextModel.domain>`)."""
        return domain_report(self.meta, lambda: self.coverage(s))

    def explain(
        self, s: Scored, *, top: int = 10
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], np.ndarray]:
        """``([], [], per_sentence)``: the summed contribution of the n-grams of
        each body sentence (each occurrence an equal share of its feature's)."""
        per = np.zeros(s.n_sentences + 1)
        if len(s.feats):
            contrib = self.coef[s.feats] * s.vals
            occ = (contrib / s.counts)[s.inverse]
            per += np.bincount(
                s.occ_segments + 1, weights=occ, minlength=s.n_sentences + 1
            )
        return [], [], per[1:]

    # --- persistence ------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            d / f"{self.kind}.npz",
            keys=self.keys.astype(np.int32),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
        )
        meta = {
            "kind": self.kind,
            "type": "plain",
            "bits": BITS,
            "ngrams": list(NGRAMS),
            "intercept": self.intercept,
            "meta": self.meta,
        }
        (d / f"{self.kind}.json").write_text(json.dumps(meta, ensure_ascii=False))

    @classmethod
    def load(cls, directory: str | Path, kind: str) -> PlainNgramModel:
        d = Path(directory)
        try:
            meta = json.loads((d / f"{kind}.json").read_text(encoding="utf-8"))
            with np.load(d / f"{kind}.npz", allow_pickle=False) as z:
                keys, idf, coef = z["keys"], z["idf"], z["coef"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load the {kind} reliability model from {d}: {exc}; "
                "run `newscheck train reliability`"
            ) from exc
        if meta.get("bits") != BITS or meta.get("ngrams") != list(NGRAMS):
            raise ModelError(
                f"the {kind} n-gram model in {d} was built with other n-gram "
                "hashing; run `newscheck train reliability`"
            )
        return cls(
            kind=meta["kind"],
            keys=keys,
            idf=idf,
            coef=coef,
            intercept=float(meta["intercept"]),
            meta=meta.get("meta", {}),
        )
