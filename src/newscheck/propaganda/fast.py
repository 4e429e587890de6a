"""Vectorised inference, equal to the string-feature reference in ``model.py``.

The reference path builds every feature string of every token
(:func:`~newscheck.propaganda.features.si_token_features`) and looks each one up
in the vocabulary; that costs far more than the arithmetic. Here each distinct
token text is looked up once per process (memoised), giving it an id and a row
of weights:

- for every single-word template (``w=``, ``w-1=``, …, affixes, valence, shape)
  the weight the word contributes at each relative position −3 … +3 of a target
  token, so a token's score is a gather over a padded id array;
- pair and triple templates (``b-=``, ``b+=``, ``t-=``) become int64 keys of word
  ids, looked up with :func:`numpy.searchsorted` among the keys the model holds;
- the sentence part (bag of words, length, ``!``/``?``/quotes/capitals, strong
  valence words) is a per-sentence sum broadcast to its tokens.

Technique classification maps span words, their character n-grams and context
words to vocabulary columns through per-word memos (few feature strings), then
sums the coefficient rows of all spans with one :func:`numpy.add.reduceat`.

Both are tested against the reference to 1e-9 (``tests/propaganda``).

The memos are shared by the threads that use one scorer. A lock guards every
change to them, and the arrays a call reads are never written where that call
reads: a memo that grows or is dropped gets new arrays, so a call computes on a
consistent snapshot (taken under the lock) without holding the lock. The memos
hold at most :data:`_LIMIT` words; long texts are scored :attr:`SIScorer.max_tokens`
tokens at a time, so memory stays bounded whatever the input.

Why one module of about 900 lines: the SI scorer (about 380 lines) and the TC
scorer (about 350) are the two vectorised halves of one model (``model.py`` calls
both), read the same word lists of :mod:`~newscheck.propaganda.features`, and
are bound by one memo limit :data:`_LIMIT` and the lock-and-snapshot rule above;
the tests that force memo drops lower that one limit for both. Split in two,
the limit and the rule would live in two places that must change together.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from itertools import chain, pairwise, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from newscheck.propaganda.features import (
    _QUOTES,
    _TOKEN,
    ABSOLUTE_WORDS,
    AUTHORITY_WORDS,
    BANDWAGON_WORDS,
    CAUSAL_WORDS,
    DOUBT_WORDS,
    FEAR_WORDS,
    FLAG_WORDS,
    HITLER_WORDS,
    Doc,
    _lenbin,
    _shape,
    tokenize,
    word_grams,
)

__all__ = ["SIScorer", "TCScorer"]

_BITS = 20
_M = 1 << _BITS  # word ids stay below this, so a triple key fits in an int64
# Memo size at which the run-time part of a memo is dropped (bounds its memory;
# with calls of at most max_tokens tokens, word ids stay far below _M).
_LIMIT = 1 << 17
_PADS = ("<s>", "</s>")
# Columns of the per-word table: weights at relative positions -3..+3, then the
# sentence bag-of-words weight.
_SENT = 7
# Columns of the per-word flags.
_QUOTE, _EXCL, _QMARK, _STRONG, _MARK = range(5)
# Feature templates of a word, in the order of the table columns (positions
# -3..+3, then the sentence bag of words), and its valence templates (own,
# previous and next token).
_WORD_FMTS = ("w-3=", "w-2=", "w-1=", "w=", "w+1=", "w+2=", "w+3=", "s:")
_LEX_FMTS = ("lex=", "lex-1=", "lex1=")


def _split_parts(rest: str, k: int) -> tuple[str, ...] | None:
    """Cut ``a|b`` (k=2) or ``a|b|c`` (k=3) back into words.

    A word is either ``|`` itself (a punctuation token) or holds no ``|``, so the
    cut is unique; ``None`` when no (or more than one) cut fits.
    """

    if rest.count("|") == k - 1:
        parts = tuple(rest.split("|"))
        return parts if all(parts) else None

    def ok(w: str) -> bool:
        return w == "|" or (bool(w) and "|" not in w)

    def cuts(s: str, k: int) -> list[tuple[str, ...]]:
        if k == 1:
            return [(s,)] if ok(s) else []
        out = []
        for i in range(1, len(s)):
            if s[i] == "|" and ok(s[:i]):
                out += [(s[:i], *t) for t in cuts(s[i + 1 :], k - 1)]
        return out

    found = cuts(rest, k)
    return found[0] if len(found) == 1 else None


def _lookup(keys: np.ndarray, vals: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``vals`` rows of the sorted ``keys`` equal to ``q`` (zeros where none)."""
    out = np.zeros((len(q), *vals.shape[1:]))
    if not len(keys) or not len(q):
        return out
    # (sorting the queries first, for memory locality, costs more than it saves
    # at a few hundred queries into tens of thousands of keys)
    j = np.searchsorted(keys, q)
    np.minimum(j, len(keys) - 1, out=j)
    hit = np.flatnonzero(keys[j] == q)
    out[hit] = vals[j[hit]]
    return out


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    """``np.unique(x)`` of a 1-d array: its distinct values, sorted (a sort and a
    mask; numpy's own unique costs several times more at a few hundred values)."""
    s = np.sort(x)
    keep = np.empty(len(s), dtype=bool)
    keep[:1] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def _keyed(*tables: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys of the *tables* and a ``(keys, len(tables))`` array of values."""
    cols = [
        (
            np.fromiter(t.keys(), dtype=np.int64, count=len(t)),
            np.fromiter(t.values(), dtype=np.float64, count=len(t)),
        )
        for t in tables
    ]
    keys = np.unique(np.concatenate([k for k, _ in cols]))
    vals = np.zeros((len(keys), len(tables)))
    for c, (k, v) in enumerate(cols):
        vals[np.searchsorted(keys, k), c] = v
    return keys, vals


class SIScorer:
    """Token probabilities of the SI model for a :class:`Doc` (see module doc)."""

    #: Tokens scored in one vectorised pass (longer texts go by groups of
    #: sentences; the working memory of a pass grows with it).
    max_tokens = 1 << 16

    def __init__(
        self,
        index: Mapping[str, int],
        coef: np.ndarray,
        intercept: float,
        lexicon: Mapping[str, str],
        marked: Collection[str] = (),
        tables: Mapping[str, Any] | None = None,
    ) -> None:
        self._index = index
        self._coef = np.asarray(coef, dtype=np.float64)
        # The coefficients and a trailing zero: the weight of a missing feature.
        self._coef0 = np.append(self._coef, 0.0)
        # Python floats: indexing a list is several times cheaper than a numpy
        # scalar read (the same values).
        self.weights = self._coef.tolist()
        self._lexicon = lexicon
        self._marked = frozenset(marked)
        g = self._get
        self.const = float(intercept) + g("bias")
        self.pos = np.array([g(f"pos={k}") for k in range(6)])
        self.rpos = np.array([g(f"rpos={k}") for k in range(6)])
        self.rel = np.array([g(f"rel={k}") for k in range(5)])
        self.inquote = g("inquote")
        self.shape = {s: g(f"shape={s}") for s in ("AA", "Aa", "0", "a", "p")}
        self.slen = np.array([g(f"s#len={k}") for k in range(11)])
        self.sexcl, self.sq = g("s#excl"), g("s#q")
        self.squote, self.stitle = g("s#quote"), g("s#title")
        self.scaps = np.array([0.0] + [g(f"s#caps={k}") for k in (1, 2, 3)])
        self.sstrong = np.array([g(f"s#strong={k}") for k in range(5)])
        self._lock = threading.Lock()
        # Per lower-case word: weight row and flags; per token text: word id,
        # shape weight and the "capitals" flag.
        self._words: dict[str, int] = {}
        self._table = np.zeros((1024, 8))
        self._flags = np.zeros((1024, 5), dtype=bool)
        self._filled = np.zeros(1024, dtype=bool)
        self._texts: dict[str, int] = {}
        self._tword = np.zeros(1024, dtype=np.int64)
        self._tshape = np.zeros(1024)
        self._tcaps = np.zeros(1024, dtype=bool)
        if tables is not None:
            self._restore(tables)
            return
        for p in _PADS:
            self._word(p)
        pairs: dict[str, dict[int, float]] = {"b-=": {}, "b+=": {}, "t-=": {}}
        for name, j in index.items():
            head = name[:3]
            if head not in pairs:
                continue
            parts = _split_parts(name[3:], 3 if head == "t-=" else 2)
            if parts is None:
                continue
            key = 0
            for w in parts:
                key = key * _M + self._word(w, fill=False)
            pairs[head][key] = float(self._coef[j])
        # (b-=, b+=) weights of a word pair; t-= weights of a word triple.
        self._pairs = _keyed(pairs["b-="], pairs["b+="])
        self._triples = _keyed(pairs["t-="])
        self._static = dict(self._words)

    def tables(self) -> dict[str, Any]:
        """The pair/triple tables derived from the vocabulary, saved beside the
        weights so that loading skips parsing ~140k feature names."""
        return {
            "words": list(self._static),
            "pair_keys": self._pairs[0],
            "pair_vals": self._pairs[1],
            "triple_keys": self._triples[0],
            "triple_vals": self._triples[1],
        }

    def _restore(self, tables: Mapping[str, Any]) -> None:
        """Set the word ids and pair/triple tables from :meth:`tables`."""
        words = list(tables["words"])
        self._words = {w: i for i, w in enumerate(words)}
        n = max(1024, len(words))
        self._table = np.zeros((n, 8))
        self._flags = np.zeros((n, 5), dtype=bool)
        self._filled = np.zeros(n, dtype=bool)
        for p in _PADS:
            self._word(p)
        self._pairs = (
            np.asarray(tables["pair_keys"], np.int64),
            np.asarray(tables["pair_vals"], np.float64),
        )
        self._triples = (
            np.asarray(tables["triple_keys"], np.int64),
            np.asarray(tables["triple_vals"], np.float64),
        )
        self._static = dict(self._words)

    def _get(self, name: str) -> float:
        j = self._index.get(name)
        return 0.0 if j is None else self.weights[j]

    def _word(self, lw: str, *, fill: bool = True) -> int:
        """Id of the lower-case word *lw*; its weight row is filled on first use."""
        i = self._words.get(lw)
        if i is None:
            i = self._words[lw] = len(self._words)
            if i >= len(self._table):
                self._table = np.resize(self._table, (2 * i, 8))
                self._flags = np.resize(self._flags, (2 * i, 5))
                self._filled = np.resize(self._filled, 2 * i)
            self._filled[i] = False
        if fill and not self._filled[i]:
            self._fill(i, lw)
        return i

    def _fill(self, i: int, lw: str) -> None:
        self._fill_many([i], [lw])

    def _fill_many(self, ids: list[int], lws: list[str]) -> None:
        """:meth:`_fill` for several words at once (the same values: each sum is
        taken in the same order).

        All the coefficients are gathered by one index array, template by
        template (rows of ``v``): the seven positions and the bag of words, in
        table column order, then the affixes and the valence templates, which
        are added to their position's row in place."""
        get = self._index.get
        none = len(self.weights)
        lexicon = self._lexicon
        lexes = [lexicon.get(lw) for lw in lws]
        cols = [get(fmt + lw, none) for fmt in _WORD_FMTS for lw in lws]
        cols += [get("suf=" + lw[-3:], none) for lw in lws]
        cols += [get("pre=" + lw[:3], none) for lw in lws]
        cols += [
            get(fmt + lex, none) if lex else none for fmt in _LEX_FMTS for lex in lexes
        ]
        v = self._coef0[cols].reshape(-1, len(lws))
        # w= + suf + pre + lex; w-1= + lex-1=; w+1= + lex1= (the old order)
        me = v[3]
        me += v[8]
        me += v[9]
        me += v[10]
        v[2] += v[11]
        v[4] += v[12]
        at = np.asarray(ids, dtype=np.int64)
        self._table[at] = v[:8].T
        marked = self._marked
        quotes = _QUOTES
        flags = [lw in quotes for lw in lws]
        flags += [lw == "!" for lw in lws]
        flags += [lw == "?" for lw in lws]
        flags += [(lex or "").endswith("2") for lex in lexes]
        flags += [lw in marked for lw in lws]
        self._flags[at] = np.array(flags, dtype=bool).reshape(5, -1).T
        self._filled[at] = True

    def _new_texts(self, ws: list[str]) -> None:
        """:meth:`_text` for the distinct, unseen token texts *ws*."""
        n0 = len(self._texts)
        n1 = n0 + len(ws)
        if n1 > len(self._tword):
            size = max(n1, 2 * len(self._tword))
            self._tword = np.resize(self._tword, size)
            self._tshape = np.resize(self._tshape, size)
            self._tcaps = np.resize(self._tcaps, size)
        lws = [w.lower() for w in ws]
        wids = list(map(self._words.get, lws))
        if None in wids:
            word = self._word
            wids = [
                word(lw, fill=False) if i is None else i
                for lw, i in zip(lws, wids, strict=True)
            ]
        filled = self._filled
        todo = {i: lw for i, lw in zip(wids, lws, strict=True) if not filled[i]}
        if todo:
            self._fill_many(list(todo), list(todo.values()))
        shape = self.shape
        self._tword[n0:n1] = wids
        self._tshape[n0:n1] = [shape[_shape(w)] for w in ws]
        self._tcaps[n0:n1] = [len(w) > 1 and w.isupper() for w in ws]
        self._texts.update(zip(ws, range(n0, n1), strict=True))

    def _trim(self) -> None:
        """Forget words first seen at run time (keeps the memo bounded).

        New dicts and arrays: a call still reading the old ones (its snapshot)
        keeps them as they were."""
        n = len(self._static)
        size = max(1024, n)
        table = np.zeros((size, 8))
        table[:n] = self._table[:n]
        flags = np.zeros((size, 5), dtype=bool)
        flags[:n] = self._flags[:n]
        filled = np.zeros(size, dtype=bool)
        filled[:n] = self._filled[:n]
        self._table, self._flags, self._filled = table, flags, filled
        self._words = dict(self._static)
        self._texts = {}
        self._tword = np.zeros(1024, dtype=np.int64)
        self._tshape = np.zeros(1024)
        self._tcaps = np.zeros(1024, dtype=bool)

    def probs(self, doc: Doc) -> list[np.ndarray]:
        """P(token is inside a propaganda span), one array per sentence."""
        return self.probs_and_marks(doc)[0]

    def probs_and_marks(self, doc: Doc) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """:meth:`probs`, and per sentence whether each token's lower-case text is
        one of the *marked* words."""
        if not doc.tokens:
            return [], []
        p, mark, lens = self.flat_probs_and_marks(doc)
        cuts = np.cumsum(lens)[:-1]
        return np.split(p, cuts), np.split(mark, cuts)

    def flat_probs_and_marks(
        self, doc: Doc
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`probs_and_marks` for all tokens in one array each, and the
        number of tokens of each sentence."""
        toks = doc.tokens
        if not toks:
            return np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
        lens = np.fromiter((len(st) for st in toks), np.int64, len(toks))
        words = _words(doc)
        if len(words) < self.max_tokens:
            return self._flat(words, lens, doc.is_title)
        # A long text: groups of whole sentences under max_tokens tokens each (a
        # token's score reads only its own sentence, so the values are the same).
        ends = np.cumsum(lens).tolist()
        ps, marks = [], []
        a = 0
        while a < len(ends):
            lo = ends[a] - int(lens[a])
            b = max(a + 1, bisect_left(ends, lo + self.max_tokens))
            p, mark, _ = self._flat(
                words[lo : ends[b - 1]], lens[a:b], doc.is_title[a:b]
            )
            ps.append(p)
            marks.append(mark)
            a = b
        return np.concatenate(ps), np.concatenate(marks), lens

    def flat_probs_and_marks_many(
        self, docs: Sequence[Doc]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """:meth:`flat_probs_and_marks` of each of *docs* (the documents of a
        batch chunk), computed over all their tokens at once: every term of a
        token's score reads only its own sentence, and is summed in the same
        order, so the values are those of one document at a time. Documents are
        grouped so that a call holds under :attr:`max_tokens` tokens (a longer
        document goes alone, by groups of sentences)."""
        out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        group: list[Doc] = []
        size = 0
        for doc in docs:
            n = sum(map(len, doc.tokens))
            if n >= self.max_tokens:
                if group:
                    out += self._flat_group(group)
                    group, size = [], 0
                out.append(self.flat_probs_and_marks(doc))
                continue
            if group and size + n >= self.max_tokens:
                out += self._flat_group(group)
                group, size = [], 0
            group.append(doc)
            size += n
        if group:
            out += self._flat_group(group)
        return out

    def _flat_group(
        self, docs: list[Doc]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        words: list[str] = []
        lens_all: list[int] = []
        title: list[bool] = []
        n_sents: list[int] = []
        n_toks: list[int] = []
        for doc in docs:
            words += _words(doc)
            lens_all += map(len, doc.tokens)
            title += doc.is_title
            n_sents.append(len(doc.tokens))
            n_toks.append(len(words))
        if not lens_all:
            empty = (np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64))
            return [empty] * len(docs)
        lens = np.array(lens_all, dtype=np.int64)
        p, mark, _ = self._flat(words, lens, title)
        tok_cut = n_toks[:-1]
        sent_cut = np.cumsum(n_sents)[:-1]
        return list(
            zip(
                np.split(p, tok_cut),
                np.split(mark, tok_cut),
                np.split(lens, sent_cut),
                strict=True,
            )
        )

    def _flat(
        self, words: list[str], lens: np.ndarray, is_title: Sequence[bool]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token probabilities and marks of the token texts *words*, sentence
        after sentence (*lens* tokens each; *is_title* per sentence)."""
        n_tok = len(words)
        with self._lock:
            # (token texts outnumber words where case varies: both are bounded)
            if max(len(self._words), len(self._texts)) + n_tok >= _LIMIT:
                self._trim()
            texts = self._texts
            ids = list(map(texts.get, words))
            if None in ids:
                self._new_texts(
                    list(
                        dict.fromkeys(
                            [w for w, i in zip(words, ids, strict=True) if i is None]
                        )
                    )
                )
                ids = list(map(texts.__getitem__, words))
            # The snapshot this call reads: rows of its words are never written
            # again in these arrays (growth and trimming make new ones).
            tword, tshape, tcaps = self._tword, self._tshape, self._tcaps
            table, flags = self._table, self._flags
        tid = np.array(ids, dtype=np.int64)
        wid = tword[tid]
        n_sent = len(lens)
        starts = np.cumsum(lens) - lens
        sent = np.repeat(np.arange(n_sent), lens)
        i = np.arange(n_tok) - starts[sent]
        n = lens[sent]
        # Ids with three pads on either side of every sentence.
        padded = np.ones(n_tok + 6 * n_sent, dtype=np.int64)  # "</s>"
        left = (starts + 6 * np.arange(n_sent))[:, None] + np.arange(3)
        padded[left.ravel()] = 0  # "<s>"
        at = np.arange(n_tok) + 3 + 6 * sent
        padded[at] = wid
        score = table[wid, 3] + tshape[tid]
        for r in (-3, -2, -1, 1, 2, 3):
            score += table[padded[at + r], 3 + r]
        score += self.pos[np.minimum(i, 5)] + self.rpos[np.minimum(n - 1 - i, 5)]
        score += self.rel[(5 * i) // n]
        quote = flags[wid, _QUOTE]
        if quote.any():
            cq = np.cumsum(quote)
            seen = cq - quote - (cq - quote)[starts][sent]
            score += self.inquote * (~quote & (seen % 2 == 1))
        # Adjacent pairs of the padded array: (b-=, b+=) weights of the pair that
        # starts at each position; a token takes b-= from the pair ending on it.
        pair = _lookup(*self._pairs, padded[:-1] * _M + padded[1:])
        score += pair[at - 1, 0] + pair[at, 1]
        prev = padded[at - 1]
        score += _lookup(*self._triples, (padded[at - 2] * _M + prev) * _M + wid)[:, 0]
        # Sentence part.
        uniq = _sorted_unique(sent * _M + wid)
        us, uw = uniq >> _BITS, uniq & (_M - 1)
        count = np.bincount(us, minlength=n_sent)
        base = self.const + np.bincount(us, table[uw, _SENT], n_sent) / np.sqrt(count)
        base += self.slen[np.minimum(lens // 5, 10)]
        base += self.sexcl * (np.bincount(sent, flags[wid, _EXCL], n_sent) > 0)
        base += self.sq * (np.bincount(sent, flags[wid, _QMARK], n_sent) > 0)
        base += self.squote * (np.bincount(sent, quote, n_sent) > 0)
        base += self.stitle * np.asarray(is_title, dtype=bool)
        caps = np.bincount(sent, tcaps[tid], n_sent).astype(np.int64)
        base += self.scaps[np.minimum(caps, 3)]
        strong = np.bincount(sent, flags[wid, _STRONG], n_sent).astype(np.int64)
        base += self.sstrong[np.minimum(strong, 4)]
        score += base[sent]
        p = 1.0 / (1.0 + np.exp(-score))
        return p, flags[wid, _MARK], lens


def _words(doc: Doc) -> list[str]:
    """The token texts of *doc*, sentence after sentence."""
    if doc.words is not None:
        return doc.words
    text = doc.text
    return [text[s:e] for st in doc.tokens for s, e in st]


_CUES = (
    ("flag", FLAG_WORDS),
    ("causal", CAUSAL_WORDS),
    ("doubt", DOUBT_WORDS),
    ("hitler", HITLER_WORDS),
    ("bandwagon", BANDWAGON_WORDS),
    ("authority", AUTHORITY_WORDS),
    ("fear", FEAR_WORDS),
    ("absolute", ABSOLUTE_WORDS),
)


def _neighbours(
    starts: list[int], ends: list[int], start: int, end: int, n_text: int
) -> tuple[list[int], list[int]] | None:
    """Indices of the (up to) two tokens that tokenising the 60 characters before
    *start* ends with (nearest first) and the 60 after *end* starts with, taken
    from the document's tokens; ``None`` where a token is cut (by the span or a
    window edge), for the caller to tokenise the windows instead."""
    n = len(starts)
    j = bisect_right(ends, start)  # tokens [0, j) end by start
    if j < n and starts[j] < start:
        return None  # start cuts a token
    w0 = max(0, start - 60)
    before = []
    for t in (j - 1, j - 2):
        if t < 0 or ends[t] <= w0:
            break
        if starts[t] < w0:
            return None
        before.append(t)
    i = bisect_left(starts, end)  # tokens [i, n) start at or after end
    if i > 0 and ends[i - 1] > end:
        return None  # end cuts a token
    w1 = min(n_text, end + 60)
    after = []
    for t in (i, i + 1):
        if t >= n or starts[t] >= w1:
            break
        if ends[t] > w1:
            return None
        after.append(t)
    return before, after


class TCScorer:
    """Technique logits of the TC model for spans of a :class:`Doc`."""

    def __init__(
        self,
        index: Mapping[str, int],
        coef: np.ndarray,
        intercept: np.ndarray,
        lexicon: Mapping[str, str],
    ) -> None:
        self._index = index
        # Rows: the coefficients, one zero row (the column of features the model
        # lacks), then one row per span word seen: its n-gram coefficients summed.
        coef = np.asarray(coef, np.float64)
        self._none = len(coef)
        self._n_static = len(coef) + 1
        self._rows = np.zeros((self._n_static + 1024, coef.shape[1]))
        self._rows[: len(coef)] = coef
        self._n_rows = self._n_static
        self._intercept = np.asarray(intercept, np.float64)
        self._lexicon = lexicon
        self._lock = threading.Lock()
        self._span_words: dict[str, tuple] = {}
        self._ctx_words: dict[str, tuple[int, int, int, int, int]] = {}
        # ``bi=`` columns by word pair: every split of the key at a "|" (a
        # token holds no "|" unless it is "|"), so each pair reads the column
        # of its ``f"bi={a}|{b}"``
        self._bigrams: dict[tuple[str, str], int] = {
            (body[:i], body[i + 1 :]): j
            for name, j in index.items()
            if name.startswith("bi=")
            for body in (name[3:],)
            for i, ch in enumerate(body)
            if ch == "|"
        }
        self._grams = {
            name[2:]: j for name, j in index.items() if name.startswith("c=")
        }
        g = self._col
        self._fixed = {
            name: g(name)
            for name in (
                "bias",
                "whole_sentence",
                "at_sentence_start",
                "at_sentence_end",
                "in_title",
                "ctx_causal",
                "cue_excl",
                "cue_q",
                "cue_caps",
                "cue_quoted",
                "cue_number",
                "cue_either_or",
                "cue_title_case",
                *(f"cue_{c}" for c, _ in _CUES),
            )
        }

    def _col(self, name: str) -> int:
        j = self._index.get(name)
        return self._none if j is None else j

    def _span_words_many(self, ws: list[str]) -> None:
        """Memo entries for the distinct, unseen span words *ws* (caller holds the
        lock): the n-gram rows of all of them summed by one
        :func:`numpy.add.reduceat` (each segment closes with the zero row, so
        none is empty), in rows no call reads yet."""
        memo = self._span_words
        row0 = self._n_rows
        row1 = row0 + len(ws)
        if row1 > len(self._rows):
            size = max(row1, 2 * len(self._rows))
            self._rows = np.resize(self._rows, (size, self._rows.shape[1]))
        grams, none, get = self._grams, self._none, self._index.get
        lexicon = self._lexicon
        flat: list[int] = []
        bounds: list[int] = []
        infos = []
        gram = grams.get
        for k, w in enumerate(ws):
            g = word_grams(w)
            bounds.append(len(flat))
            flat.extend([j for x in g if (j := gram(x)) is not None])
            flat.append(none)
            lex = lexicon.get(w)
            infos.append(
                (
                    get("u=" + w, none),
                    get("first=" + w, none),
                    get("last=" + w, none),
                    get("lex=" + lex, none) if lex else None,
                    len(g),
                    row0 + k,
                )
            )
        rows = self._rows
        rows[row0:row1] = np.add.reduceat(rows[flat], bounds, axis=0)
        self._n_rows = row1
        memo.update(zip(ws, infos, strict=True))

    def _forget_span_words(self) -> None:
        """Drop the span-word memo (caller holds the lock): a new dict and new
        rows, so that calls reading the old ones keep them as they were."""
        self._span_words = {}
        rows = np.zeros((self._n_static + 1024, self._rows.shape[1]))
        rows[: self._n_static] = self._rows[: self._n_static]
        self._rows = rows
        self._n_rows = self._n_static

    def _ctx_memo(self, more: int) -> dict[str, tuple[int, int, int, int, int]]:
        """The context-word memo, a new empty one where *more* entries would pass
        the limit. Its entries depend on the word alone, so a call may go on
        filling a memo another call has just replaced."""
        memo = self._ctx_words
        if len(memo) + more > _LIMIT:
            memo = self._ctx_words = {}
        return memo

    def _ctx_info(self, w: str) -> tuple[int, int, int, int, int]:
        g, none = self._index.get, self._none
        return (
            g("pre0=" + w, none),
            g("pre1=" + w, none),
            g("post0=" + w, none),
            g("post1=" + w, none),
            g("ctx=" + w, none),
        )

    def logits(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(len(spans), n_techniques)`` logits, as the reference computes them."""
        text = doc.text
        lower_text = text.lower()
        ss_list = [s for s, _ in doc.sentences]
        se_list = [e for _, e in doc.sentences]
        # Per sentence: token starts, ends, lower-case texts, any causal word.
        sent_low: dict[int, tuple[list[int], list[int], list[str], bool]] = {}
        fixed, idx = self._fixed, self._index
        none = self._none
        findall = _TOKEN.findall
        memo_c = self._ctx_words
        bigram_col = self._bigrams.get  # a table fixed at load, not a memo
        # The document's tokens, flat: the same as tokenising the whole text
        # (sentences hold every non-space character and end at spaces).
        flat = list(chain.from_iterable(doc.tokens))
        flat_s = list(map(itemgetter(0), flat))
        flat_e = list(map(itemgetter(1), flat))
        cols: list[int] = []
        vals: list[float] = []
        bounds: list[int] = []
        span_words = [findall(text, start, end) for start, end in spans]
        span_low = [[w.lower() for w in words] for words in span_words]
        with self._lock:
            memo_s = self._span_words
            new = [w for low in span_low for w in low if w not in memo_s]
            if new:
                uniq = list(dict.fromkeys(new))
                if len(memo_s) + len(uniq) > _LIMIT:
                    self._forget_span_words()
                    memo_s = self._span_words
                    uniq = list(dict.fromkeys([w for low in span_low for w in low]))
                self._span_words_many(uniq)
            # The snapshot this call reads: its words' entries and rows are never
            # changed (a dropped memo gets a new dict and new rows).
            all_rows = self._rows
        for (start, end), words, low in zip(spans, span_words, span_low, strict=True):
            bounds.append(len(cols))
            cols.append(fixed["bias"])
            vals.append(1.0)
            span = text[start:end]
            v = 1.0 / math.sqrt(max(len(low), 1))
            infos = [memo_s[w] for w in low]
            uniq: dict[str, tuple] = dict(zip(low, infos, strict=True))
            n_uniq = len(uniq)
            cols.extend([info[0] for info in uniq.values()])
            vals.extend([v] * n_uniq)
            if len(low) > 1:
                pairs = list(dict.fromkeys(pairwise(low)))
                cols.extend(map(bigram_col, pairs, repeat(none)))
                vals.extend([v] * len(pairs))
            if low:
                cols.append(infos[0][1])
                cols.append(infos[-1][2])
                vals.extend((1.0, 1.0))
            vg = 1.0 / math.sqrt(max(sum([info[4] for info in uniq.values()]), 1))
            cols.extend([info[5] for info in uniq.values()])
            vals.extend([vg] * n_uniq)
            cols.append(idx.get(f"len={_lenbin(len(low))}", none))
            vals.append(1.0)
            near = _neighbours(flat_s, flat_e, start, end, len(text))
            if near is not None:
                before = [lower_text[flat_s[t] : flat_e[t]] for t in near[0]]
                after = [lower_text[flat_s[t] : flat_e[t]] for t in near[1]]
            else:
                before = [
                    lower_text[s:e]
                    for s, e in reversed(tokenize(text, max(0, start - 60), start)[-2:])
                ]
                after = [
                    lower_text[s:e]
                    for s, e in tokenize(text, end, min(len(text), end + 60))[:2]
                ]
            for k, w in enumerate(before):
                info = memo_c.get(w)
                if info is None:
                    memo_c = self._ctx_memo(1)
                    info = memo_c[w] = self._ctx_info(w)
                cols.append(info[k])
            for k, w in enumerate(after):
                info = memo_c.get(w)
                if info is None:
                    memo_c = self._ctx_memo(1)
                    info = memo_c[w] = self._ctx_info(w)
                cols.append(info[2 + k])
            vals.extend([1.0] * (len(before) + len(after)))
            ctx: set[str] = set()
            flags: set[str] = set()
            lo, hi = bisect_right(se_list, start), bisect_left(ss_list, end)
            for k in range(lo, hi):
                ss, se = doc.sentences[k]
                if start <= ss and se <= end:
                    flags.add("whole_sentence")
                if start - 1 <= ss <= start + 1:
                    flags.add("at_sentence_start")
                if end - 1 <= se <= end + 1:
                    flags.add("at_sentence_end")
                if doc.is_title[k]:
                    flags.add("in_title")
                entry = sent_low.get(k)
                if entry is None:
                    toks_k = doc.tokens[k]
                    words_k = [lower_text[s:e] for s, e in toks_k]
                    entry = sent_low[k] = (
                        [s for s, _ in toks_k],
                        [e for _, e in toks_k],
                        words_k,
                        not CAUSAL_WORDS.isdisjoint(words_k),
                    )
                # Tokens are sorted and disjoint: those ending by the span's start
                # are a prefix, those starting at or after its end a suffix.
                ctx.update(entry[2][: bisect_right(entry[1], start)])
                ctx.update(entry[2][bisect_left(entry[0], end) :])
                if entry[3]:
                    flags.add("ctx_causal")
            vc = 1.0 / math.sqrt(max(len(ctx), 1))
            missing = ctx.difference(memo_c)
            if missing:
                fresh = self._ctx_memo(len(missing))
                if fresh is not memo_c:
                    memo_c, missing = fresh, ctx
                memo_c.update([(w, self._ctx_info(w)) for w in missing])
            cols.extend([memo_c[w][4] for w in ctx])
            vals.extend([vc] * len(ctx))
            cols.append(idx.get(f"nsent={min(hi - lo, 3)}", none))
            vals.append(1.0)
            ls = span.lower().strip()
            if ls:
                reps = lower_text.count(ls)
                cols.append(idx.get(f"rep={min(reps, 4)}", none))
                vals.append(1.0)
                if reps > 1:
                    cols.append(idx.get(f"rep_len={_lenbin(len(low))}", none))
                    vals.append(1.0)
            sw = uniq.keys()
            for name, lex in _CUES:
                if not lex.isdisjoint(sw):
                    flags.add(f"cue_{name}")
            if "!" in span:
                flags.add("cue_excl")
            if "?" in span:
                flags.add("cue_q")
            # (str.isupper first: the full test only where some word is upper)
            if any(map(str.isupper, words)) and any(
                len(w) > 1 and w.isupper() for w in words
            ):
                flags.add("cue_caps")
            if span[:1] in _QUOTES or text[max(0, start - 1) : start] in _QUOTES:
                flags.add("cue_quoted")
            if any(map(str.isdigit, words)):
                flags.add("cue_number")
            if "either" in sw and "or" in sw:
                flags.add("cue_either_or")
            if (
                words
                and words[0][:1].isupper()
                and len(words) > 1
                and all(w[:1].isupper() for w in words if w.isalpha())
            ):
                flags.add("cue_title_case")
            for f in flags:
                cols.append(fixed[f])
                vals.append(1.0)
            lex_sum: dict[int, float] = {}
            for info in infos:
                if info[3] is not None:
                    lex_sum[info[3]] = lex_sum.get(info[3], 0.0) + v
            cols.extend(lex_sum)
            vals.extend(lex_sum.values())
        if not spans:
            return np.zeros((0, len(self._intercept)))
        rows = all_rows[np.asarray(cols)] * np.asarray(vals)[:, None]
        return self._intercept + np.add.reduceat(rows, np.asarray(bounds), axis=0)
