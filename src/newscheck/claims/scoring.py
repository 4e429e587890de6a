"""Fast run-time scoring of sentences: the same numbers as :func:`featurize`.

:func:`newscheck.claims.features.featurize` builds one sparse row per sentence
from strings; at run time that costs several milliseconds per article. Every
feature is, however, a function of the whitespace-separated words of the
cleaned sentence, apart from a few cues that look across words:

- char terms are the 3- to 5-grams of each space-padded word;
- word terms are the tokens of each word (no token spans a space) and the
  bigrams of consecutive tokens, ``<s>``/``</s>`` at the edges;
- most cues count regex matches that never span a space (and whose ``\\b``
  behaves at a space as at the end of a string), so a sentence's count is the
  sum over its words; a capitalised word at the start of a word counts only
  when not preceded by ``[.!?] ``; the cues that may span a space (percent,
  money, opinion) are computed on the sentence, but only when one of its words
  could start such a match.

:class:`SentenceScorer` therefore computes each distinct word once (a bounded
per-process cache) and scores all sentences of an article with a few numpy
gathers and one sort: word ids → ragged gathers of term ids → one
``np.unique`` over ``(sentence, block, term)`` keys → per-sentence sums.

When the model has an embedding block, each word also keeps the float64 sum
of the embedding rows of its tokens (:func:`newscheck.claims.features.embedding_table`),
and a sentence's embedding is the normalised sum of its words' sums, as
:func:`newscheck.claims.features.embed` computes it.

The result equals the linear score of :meth:`ClaimModel.decision` over
:func:`featurize` (and :func:`embed`) up to floating-point summation order (the
tests compare both).

Why one module of about 800 lines: the fast scorer must give the same numbers
as :func:`~newscheck.claims.features.featurize` for every feature family, and
its tests compare the two family by family; keeping the word, char and cue
paths together keeps that equivalence checkable in one place.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any

import numpy as np

from newscheck.arrays import code_points
from newscheck.claims import features as F

__all__ = ["TABLES_VERSION", "SentenceScorer", "derive_tables"]

#: Distinct words kept per process before the cache starts afresh.
MAX_WORDS = 200_000

# Per-word cue columns (summed over the words of a sentence).
_HAS_DIGIT, _N_NUMBERS, _PCT_FLAG, _MONEY_FLAG, _YEAR = 0, 1, 2, 3, 4
_NUMWORD, _COMPARATIVE, _SAYING, _PAST, _OPINION_FLAG = 5, 6, 7, 8, 9
_CAP_INNER, _CAP_START, _END_PUNCT, _ACRONYM, _QMARK, _EXCL = 10, 11, 12, 13, 14, 15
# then one column per word-list cue (features.TOKEN_CUES): the word's tokens in it
_TOKEN_COL0 = 16
_N_COLS = _TOKEN_COL0 + len(F.TOKEN_CUES)

_NUMBERS = re.compile(r"\d[\d,.]*")
_CAP_AT_START = re.compile(r"[A-Z][a-z]")
# Superset triggers of the cues that may span a space: a match of the sentence
# regex always contains a word on which the trigger matches.
_PCT_TRIGGER = re.compile(r"%|per", re.I)
_MONEY_TRIGGER = re.compile(r"[$€£]|dollar|billion|million|trillion", re.I)
_OPINION_TRIGGER = re.compile(r"\b(?:i|we|let)(?:'|$)|\b(?:thank|please)", re.I)

# Lower-case words matched by the word-list cues (for plain ASCII words only;
# the tests check these against the regexes).
_NUMWORDS = frozenset(
    "one two three four five six seven eight nine ten twelve twenty thirty forty "
    "fifty hundred thousand million billion trillion half third quarter twice "
    "double triple percent".split()
)
_COMPARATIVES = frozenset(
    "more less fewer most least than higher lower larger smaller bigger greater "
    "increase increases increased decrease decreases decreased rose fell doubled "
    "tripled record largest biggest highest lowest first only every never "
    "always".split()
)
_SAYINGS = frozenset(
    "said says stated claimed announced reported voted passed signed cut raised "
    "spent lost created killed died won approved proposed opposed supported "
    "introduced increased reduced added according".split()
)
_MONEY_PARTS = ("dollar", "billion", "million", "trillion")


#: Punctuation that may surround a plain word without changing its cues or
#: tokens beyond what :func:`_plain_cues` accounts for.
_EDGE = ',.;:!?"()[]'


def word_cues(word: str) -> list[float]:
    """The per-word cue columns of *word* (a word of a cleaned sentence)."""
    if word.isascii():
        core = word.strip(_EDGE)
        if core.isalpha():
            return _plain_cues(word, core)
        if core.isdigit():
            return _digit_cues(word, core)
        if "-" in core:
            parts = core.split("-")
            if all(p.isalpha() for p in parts):
                return _with_token_cues(_hyphen_cues(word, core, parts), word)
    return _with_token_cues(_regex_cues(word), word)


def _with_token_cues(row: list[float], word: str) -> list[float]:
    """*row* with the word-list columns of the tokens of *word* added."""
    rows = _TOKEN_CUE_ROWS or _token_cue_rows()
    for t in F.cue_tokens(word):
        hit = rows.get(t)
        if hit is not None:
            row[_TOKEN_COL0:] = [
                a + b for a, b in zip(row[_TOKEN_COL0:], hit, strict=True)
            ]
    return row


#: Token -> its word-list columns, for the tokens in any list (filled on first use).
_TOKEN_CUE_ROWS: dict[str, list[float]] = {}


def _token_cue_rows() -> dict[str, list[float]]:
    """Fill :data:`_TOKEN_CUE_ROWS` from :func:`features.token_cue_counts`."""
    words = set().union(*F._cue_lists())
    rows = {t: [float(n) for n in F.token_cue_counts([t])] for t in words}
    _TOKEN_CUE_ROWS.update(rows)
    return rows


def _regex_cues(w: str) -> list[float]:
    row = [0.0] * _N_COLS
    row[_HAS_DIGIT] = float(bool(F._NUMBER.search(w)))
    row[_N_NUMBERS] = float(len(_NUMBERS.findall(w)))
    row[_PCT_FLAG] = float(bool(_PCT_TRIGGER.search(w)))
    row[_MONEY_FLAG] = float(bool(_MONEY_TRIGGER.search(w)))
    row[_YEAR] = float(bool(F._YEAR.search(w)))
    row[_NUMWORD] = float(len(F._NUMWORD.findall(w)))
    row[_COMPARATIVE] = float(len(F._COMPARATIVE.findall(w)))
    row[_SAYING] = float(len(F._SAYING.findall(w)))
    row[_PAST] = float(len(F._PAST.findall(w)))
    row[_OPINION_FLAG] = float(bool(_OPINION_TRIGGER.search(w)))
    # alone, a word has no "[.!?] " before it and (?<!^) drops its first letter
    row[_CAP_INNER] = float(len(F._CAPITAL.findall(w)))
    row[_CAP_START] = float(bool(_CAP_AT_START.match(w)))
    row[_END_PUNCT] = float(w[-1] in ".!?")
    row[_ACRONYM] = float(bool(F._ACRONYM.search(w)))
    row[_QMARK] = float("?" in w)
    row[_EXCL] = float("!" in w)
    return row


def _plain_cues(w: str, core: str) -> list[float]:
    """:func:`_regex_cues` of *w*: ASCII letters *core* within :data:`_EDGE` marks.

    The core is one whole ``\\w`` run, so the word-list cues are membership
    tests; a capital at the core's start counts as inner when marks precede it.
    """
    lw = core.lower()
    row = [0.0] * _N_COLS
    row[_PCT_FLAG] = float("per" in lw)
    row[_MONEY_FLAG] = float(any(p in lw for p in _MONEY_PARTS))
    row[_NUMWORD] = float(lw in _NUMWORDS)
    row[_COMPARATIVE] = float(lw in _COMPARATIVES)
    row[_SAYING] = float(lw in _SAYINGS)
    row[_PAST] = float(len(core) >= 5 and core.endswith("ed") and core.islower())
    row[_OPINION_FLAG] = float(
        (lw in ("i", "we", "let") and w[-1] == core[-1])
        or lw.startswith(("thank", "please"))
    )
    cap = float(len(core) >= 2 and core[0].isupper() and core[1].islower())
    row[_CAP_START if w[0] == core[0] else _CAP_INNER] = cap
    row[_END_PUNCT] = float(w[-1] in ".!?")
    row[_ACRONYM] = float(len(core) >= 2 and core.isupper())
    row[_QMARK] = float("?" in w)
    row[_EXCL] = float("!" in w)
    # one token: the core, as written when all capitals (``US``), else lower-cased
    hit = (_TOKEN_CUE_ROWS or _token_cue_rows()).get(
        core if len(core) > 1 and core.isupper() else lw
    )
    if hit is not None:
        row[_TOKEN_COL0:] = hit
    return row


def _digit_cues(w: str, core: str) -> list[float]:
    """:func:`_regex_cues` of *w*: ASCII digits *core* within :data:`_EDGE` marks
    (one number; a year when it is four digits from 19 or 20)."""
    row = [0.0] * _N_COLS
    row[_HAS_DIGIT] = 1.0
    row[_N_NUMBERS] = 1.0
    row[_YEAR] = float(len(core) == 4 and core[:2] in ("19", "20"))
    row[_END_PUNCT] = float(w[-1] in ".!?")
    row[_QMARK] = float("?" in w)
    row[_EXCL] = float("!" in w)
    return row


def _hyphen_cues(w: str, core: str, parts: list[str]) -> list[float]:
    """:func:`_regex_cues` of *w*: ASCII letter runs *parts* joined by single
    hyphens (*core*) within :data:`_EDGE` marks.

    Each part is a whole ``\w`` run: word-list cues count the parts in the list;
    a capitalised part after the first is an inner capital.
    """
    lw = core.lower()
    lparts = lw.split("-")
    row = [0.0] * _N_COLS
    row[_PCT_FLAG] = float("per" in lw)
    row[_MONEY_FLAG] = float(any(p in lw for p in _MONEY_PARTS))
    row[_NUMWORD] = float(sum([p in _NUMWORDS for p in lparts]))
    row[_COMPARATIVE] = float(sum([p in _COMPARATIVES for p in lparts]))
    row[_SAYING] = float(sum([p in _SAYINGS for p in lparts]))
    row[_PAST] = float(
        sum([len(p) >= 5 and p.endswith("ed") and p.islower() for p in parts])
    )
    row[_OPINION_FLAG] = float(
        (lparts[-1] in ("i", "we", "let") and w[-1] == core[-1])
        or any(p.startswith(("thank", "please")) for p in lparts)
    )
    caps = [len(p) >= 2 and p[0].isupper() and p[1].islower() for p in parts]
    row[_CAP_INNER] = float(sum(caps[1:]))
    row[_CAP_START if w[0] == core[0] else _CAP_INNER] += float(caps[0])
    row[_END_PUNCT] = float(w[-1] in ".!?")
    row[_ACRONYM] = float(any(len(p) >= 2 and p.isupper() for p in parts))
    row[_QMARK] = float("?" in w)
    row[_EXCL] = float("!" in w)
    return row


_QUOTE_PAIRS = tuple((chr(k), v) for k, v in F._QUOTES.items())


def _translate(text: str) -> str:
    """``text.translate(features._QUOTES)``, faster for mostly-ASCII text."""
    if text.isascii():
        return text
    for q, r in _QUOTE_PAIRS:
        if q in text:
            text = text.replace(q, r)
    return text


def _clean_fast(text: str) -> str:
    """:func:`features.clean` of *text* whose quotes are already translated."""
    if "http" in text or "www." in text or "pic.twitter.com/" in text:
        text = F._URL.sub(" ", text)
    if "@" in text:
        text = F._HANDLE.sub(" @user ", text)
    if "#" in text:
        text = F._HASHTAG.sub(r" \1 ", text)
    # str.split() and re's \s agree on what whitespace is
    return " ".join(text.split())


class _IntMap:
    """Distinct non-negative int64 keys → int64 values, looked up in bulk.

    The keys sorted, and one :func:`numpy.searchsorted` per lookup (measured
    faster than the open-addressing table it replaces: 127 vs 135 us for the
    ~1,200 n-gram queries of an article's new words, 55 vs 75 us for its ~440
    bigram queries; the same values).
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.values = np.asarray(values, dtype=np.int64)[order]

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, ``-1`` for unknown keys."""
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self.keys):
            return np.full(len(keys), -1, dtype=np.int64)
        j = np.searchsorted(self.keys, keys)
        np.minimum(j, len(self.keys) - 1, out=j)
        return np.where(self.keys[j] == keys, self.values[j], -1)


class _Words:
    """One generation of the word cache: word → id, and per-id arrays.

    Per word: its terms (vocabulary index ``2 * i`` for a word term - its
    unigrams and the bigrams inside it - and ``2 * i + 1`` for a char term),
    the token ids of its first and last token and its number of tokens, and its
    row of per-word cue columns.
    """

    def __init__(self, cap: int = 4096, emb_dims: int = 0) -> None:
        self.ids: dict[str, int] = {}
        self.lock = threading.Lock()
        self.n = 0
        self.flat = np.zeros(cap * 16, dtype=np.int64)
        self.flat_n = 0
        self.off = np.zeros(cap, dtype=np.int64)
        self.len = np.zeros(cap, dtype=np.int64)
        self.first = np.zeros(cap, dtype=np.int64)
        self.last = np.zeros(cap, dtype=np.int64)
        self.ntok = np.zeros(cap, dtype=np.int64)
        self.cues = np.zeros((cap, _N_COLS), dtype=np.float64)
        # sum of the word's WordPiece vectors (embedding block; 0 columns if none)
        self.evec = np.zeros((cap, emb_dims), dtype=np.float64)

    @staticmethod
    def _grow(a: np.ndarray, need: int) -> np.ndarray:
        if need <= len(a):
            return a
        out = np.zeros((max(need, 2 * len(a)), *a.shape[1:]), dtype=a.dtype)
        out[: len(a)] = a
        return out

    def add(self, words: list[str], scorer: SentenceScorer) -> None:
        """Compute and store every word of *words* not yet known."""
        with self.lock:
            new = [w for w in dict.fromkeys(words) if w not in self.ids]
            if not new:
                return
            m = len(new)
            char_ids, char_n = scorer._char_ids(new)
            terms: list[list[int]] = []
            first = np.zeros(m, dtype=np.int64)
            last = np.zeros(m, dtype=np.int64)
            ntok = np.zeros(m, dtype=np.int64)
            uni, bi, n_t = scorer.uni_list, scorer.bi_dict, scorer.n_tokens
            all_tids: list[list[int]] = []
            for j, w in enumerate(new):
                tids = scorer._token_ids(w)
                all_tids.append(tids)
                word_terms = [2 * uni[t] for t in tids if uni[t] >= 0]
                for a, b in itertools.pairwise(tids):
                    v = bi.get(a * n_t + b)
                    if v is not None:
                        word_terms.append(2 * v)
                terms.append(word_terms)
                if tids:
                    first[j], last[j], ntok[j] = tids[0], tids[-1], len(tids)
            w_n = np.fromiter(map(len, terms), dtype=np.int64, count=m)
            lens = w_n + char_n
            # per word: its word terms, then its char terms
            flat = np.empty(int(lens.sum()), dtype=np.int64)
            starts = np.cumsum(lens) - lens
            w_pos = np.repeat(starts, w_n) + (
                np.arange(int(w_n.sum())) - np.repeat(np.cumsum(w_n) - w_n, w_n)
            )
            c_pos = np.repeat(starts + w_n, char_n) + (
                np.arange(int(char_n.sum()))
                - np.repeat(np.cumsum(char_n) - char_n, char_n)
            )
            flat[w_pos] = list(chain.from_iterable(terms))
            flat[c_pos] = 2 * char_ids + 1
            rows = [word_cues(w) for w in new]

            n0, n1 = self.n, self.n + m
            for name in ("off", "len", "first", "last", "ntok", "cues", "evec"):
                setattr(self, name, self._grow(getattr(self, name), n1))
            if scorer.emb_rows is not None:
                tok = np.fromiter(
                    chain.from_iterable(all_tids), dtype=np.int64, count=int(ntok.sum())
                )
                has = np.flatnonzero(ntok)
                if len(has):
                    rows_of = scorer.emb_rows[scorer.emb_row_of_token[tok]]
                    at = (np.cumsum(ntok) - ntok)[has]
                    self.evec[n0 + has] = np.add.reduceat(rows_of, at, axis=0)
            end = self.flat_n + len(flat)
            self.flat = self._grow(self.flat, end)
            self.flat[self.flat_n : end] = flat
            self.off[n0:n1] = self.flat_n + starts
            self.len[n0:n1] = lens
            self.first[n0:n1] = first
            self.last[n0:n1] = last
            self.ntok[n0:n1] = ntok
            self.cues[n0:n1] = rows
            self.flat_n, self.n = end, n1
            # ids last: a reader that sees an id also sees its arrays
            self.ids.update(zip(new, range(n0, n1), strict=True))

    def arrays(self) -> tuple[np.ndarray, ...]:
        with self.lock:
            return (
                self.flat,
                self.off,
                self.len,
                self.first,
                self.last,
                self.ntok,
                self.cues,
                self.evec,
            )


def _ragged(
    flat: np.ndarray, off: np.ndarray, lens: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``flat[off[i]:off[i]+lens[i]]`` concatenated over *i*, and each item's *i*."""
    total = int(lens.sum())
    owner = np.repeat(np.arange(len(lens)), lens)
    if total == 0:
        return flat[:0], owner
    starts = np.cumsum(lens) - lens
    pos = np.arange(total) + (off - starts)[owner]
    return flat[pos], owner


_TOKEN_SHAPE = re.compile(r"[a-z]+(?:'[a-z]+)?|<n[1-4]>|<year>|[$%€£?!]")


#: Version of :func:`derive_tables`'s output: saved tables of another version
#: are derived again at load.
TABLES_VERSION = 1


def derive_tables(vocab: Sequence[str] | Mapping[str, int]) -> dict[str, Any]:
    """The lookup tables a :class:`SentenceScorer` needs for *vocab*: computed
    once per model and saved with it (``ClaimModel.save``), so that loading does
    not walk the ~80k terms again.

    ``tokens``: the token strings with ids 3, 4, ... (1 and 2 are ``<s>`` and
    ``</s>``): every unigram of the vocabulary a folded token can be (its
    shape), then the halves of its bigrams; ``uni``: vocabulary index of each
    token id's unigram (-1: none); ``bi_keys``/``bi_vid``: bigram key
    ``id(a) * n_tokens + id(b)`` and its vocabulary index; ``alphabet``: the
    characters of the char terms, plus space; ``gram_codes``/``gram_ids``: each
    3- to 5-character term as a base-``len(alphabet) + 1`` integer, and its
    vocabulary index. *vocab*: the terms in index order, or term -> index."""
    if not isinstance(vocab, Mapping):
        vocab = dict(zip(vocab, range(len(vocab)), strict=True))
    tokens = {"<s>": 1, "</s>": 2}
    # (list comprehensions over the ~80k terms: the same lists, in vocabulary
    # order, as one loop testing each term three ways, in half the time)
    spaced = [(term, i) for term, i in vocab.items() if " " in term]
    pairs: list[tuple[str, str, int]] = [
        (a, b, i)
        for term, i in spaced
        if term.count(" ") == 1
        for a, b in (term.split(" "),)
        if a and b
    ]
    shape = _TOKEN_SHAPE.fullmatch  # never matches a space
    for term in [t for t in vocab if " " not in t and shape(t)]:
        tokens.setdefault(term, len(tokens) + 1)
    grams: list[tuple[str, int]] = [
        (term, i)
        for term, i in vocab.items()
        if 3 <= len(term) <= 5 and " " not in term[1:-1]
    ]
    for a, b, _ in pairs:
        tokens.setdefault(a, len(tokens) + 1)
        tokens.setdefault(b, len(tokens) + 1)
    n_tokens = len(tokens) + 1
    uni = np.full(n_tokens, -1, dtype=np.int64)
    for t, tid in tokens.items():
        i = vocab.get(t)
        if i is not None and tid > 2:
            uni[tid] = i
    bi_keys = np.asarray(
        [tokens[a] * n_tokens + tokens[b] for a, b, _ in pairs], dtype=np.int64
    )
    bi_vid = np.asarray([i for _, _, i in pairs], dtype=np.int64)
    alphabet = "".join(sorted({c for g, _ in grams for c in g} | {" "}))
    codes = _gram_codes([g for g, _ in grams], alphabet)
    return {
        "version": TABLES_VERSION,
        "tokens": list(tokens)[2:],
        "uni": uni,
        "bi_keys": bi_keys,
        "bi_vid": bi_vid,
        "alphabet": alphabet,
        "gram_codes": codes,
        "gram_ids": np.asarray([i for _, i in grams], dtype=np.int64),
    }


def _alpha_of(alphabet: str) -> np.ndarray:
    """Code point -> 1-based position in *alphabet* (0: not in it)."""
    alpha_of = np.zeros(max(map(ord, alphabet)) + 2, dtype=np.int64)
    for k, c in enumerate(alphabet, 1):
        alpha_of[ord(c)] = k
    return alpha_of


def _gram_codes(grams: list[str], alphabet: str) -> np.ndarray:
    """Each of *grams* as a base-``len(alphabet) + 1`` integer of its characters'
    :func:`_alpha_of` codes, the last character most significant, by length in
    numpy (exact: the codes fit in an int64, as ``np.asarray`` of the Python
    ints requires)."""
    alpha_of, base = _alpha_of(alphabet), len(alphabet) + 1
    codes = np.zeros(len(grams), dtype=np.int64)
    lens = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    for n in np.unique(lens).tolist():
        at = np.flatnonzero(lens == n)
        chosen = "".join([grams[i] for i in at.tolist()])
        cp = code_points(chosen)
        digits = alpha_of[cp.astype(np.int64)].reshape(len(at), n)
        code = np.zeros(len(at), dtype=np.int64)
        for k in range(n - 1, -1, -1):
            code = code * base + digits[:, k]
        codes[at] = code
    return codes


class SentenceScorer:
    """Linear scores of sentences for a vocabulary, weights and bias.

    Parameters
    ----------
    vocab
        The terms in index order (or term → index), as for :func:`featurize`.
    weights
        ``len(vocab)`` term weights followed by the :data:`CUE_NAMES` weights.
    bias, char_weight
        As in :class:`newscheck.claims.model.ClaimModel`.
    tables
        :func:`derive_tables` of *vocab*, if saved with the model (derived here
        when ``None`` or of another :data:`TABLES_VERSION`).
    emb_table, emb_weights
        The ``(row of term, rows)`` of the embedding block
        (:func:`newscheck.claims.features.embedding_table`) and its weights
        (both ``None`` for a model without one).
    """

    def __init__(
        self,
        vocab: Sequence[str] | Mapping[str, int],
        weights: np.ndarray,
        bias: float,
        *,
        char_weight: float = 1.0,
        emb_table: tuple[dict[str, int], np.ndarray] | None = None,
        emb_weights: np.ndarray | None = None,
        tables: dict[str, Any] | None = None,
    ) -> None:
        self.n_vocab = V = len(vocab)
        term_w = np.asarray(weights[:V], dtype=np.float64)
        self.term_w2 = np.repeat(term_w, 2)  # index 2 * i + block
        self.cue_w = np.asarray(weights[V : V + len(F.CUE_NAMES)], dtype=np.float64)
        self.emb_w: np.ndarray | None = None
        self.emb_rows: np.ndarray | None = None
        if emb_table is not None and emb_weights is not None:
            self.emb_w = np.asarray(emb_weights, dtype=np.float64)
        self.bias = float(bias)
        self.char_weight = float(char_weight)
        if tables is None or tables.get("version") != TABLES_VERSION:
            tables = derive_tables(vocab)
        self.tables_ = tables
        # token ids: every string a folded token can be (its shape) that is a
        # unigram or half a bigram of the vocabulary; 0: any other token
        names = ["<s>", "</s>", *tables["tokens"]]
        tokens = dict(zip(names, range(1, len(names) + 1), strict=True))
        self.tokens = tokens
        self.n_tokens = len(tokens) + 1
        if self.emb_w is not None and emb_table is not None:
            # row 0: zeros, for tokens without an embedding row
            index, rows = emb_table
            self.emb_rows = np.vstack([np.zeros((1, rows.shape[1])), rows])
            self.emb_row_of_token = np.zeros(self.n_tokens, dtype=np.int64)
            for t, tid in tokens.items():
                r = index.get(t)
                if r is not None:
                    self.emb_row_of_token[tid] = r + 1
        self.uni_list = tables["uni"].tolist()
        bi_keys, bi_vid = tables["bi_keys"], tables["bi_vid"]
        self.bigrams = _IntMap(bi_keys, bi_vid)
        self.bi_dict = dict(zip(bi_keys.tolist(), bi_vid.tolist(), strict=True))
        # char n-grams as integers: base-(A+1) digits of their characters
        alphabet = tables["alphabet"]
        self.base = len(alphabet) + 1
        self.alpha_of = _alpha_of(alphabet)
        self.space_code = int(self.alpha_of[32])
        self.grams = _IntMap(tables["gram_codes"], tables["gram_ids"])
        self._fold: dict[str, int] = {}
        _TOKEN_CUE_ROWS or _token_cue_rows()  # the word lists: now, not mid-analysis
        self._emb_dims = 0 if self.emb_w is None else len(self.emb_w)
        self._words = _Words(emb_dims=self._emb_dims)

    def _gram_code(self, gram: str, alpha: list[int]) -> int:
        code = 0
        for c in reversed(gram):
            code = code * self.base + alpha[ord(c)]
        return code

    # ------------------------------------------------------------- per word

    def _char_ids(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary indices of the char terms of each word, and their counts.

        All 3- to 5-grams of ``" " + " ".join(upper words) + " "`` with no space
        inside (a space only first or last) are exactly the grams of the
        space-padded words.
        """
        ups = [w.upper() for w in words]
        text = " " + " ".join(ups) + " "
        cp = code_points(text)
        code = self.alpha_of[np.minimum(cp, len(self.alpha_of) - 1)]
        n_c = len(code)
        space = np.concatenate([[0], np.cumsum(code == self.space_code)])
        bad = np.concatenate([[0], np.cumsum(code == 0)])
        lens = np.fromiter(map(len, ups), dtype=np.int64, count=len(ups))
        word_start = np.cumsum(lens + 1) - (lens + 1)  # its leading space
        all_pos, all_val = [], []
        for n in (3, 4, 5):
            if n > n_c:
                break
            p = np.arange(n_c - n + 1)
            ok = (bad[p + n] == bad[p]) & (space[p + n - 1] == space[p + 1])
            p = p[ok]
            val = code[p + n - 1]
            for k in range(n - 2, -1, -1):
                val = val * self.base + code[p + k]
            all_pos.append(p)
            all_val.append(val)
        # one lookup for the three lengths (same order of hits as three lookups)
        ids = self.grams.get(np.concatenate(all_val))
        hit = ids >= 0
        pos = np.concatenate(all_pos)[hit]
        ids = ids[hit]
        owner = np.searchsorted(word_start, pos, side="right") - 1
        order = np.argsort(owner, kind="stable")
        counts = np.bincount(owner, minlength=len(words)).astype(np.int64)
        return ids[order], counts

    def _token_ids(self, word: str) -> list[int]:
        if word.isascii():
            core = word.strip(_EDGE)
            if core.isalpha():
                mid = [self.tokens.get(core.lower(), 0)]
            elif core.isdigit():
                mid = [self.tokens.get(F._fold(core), 0)]
            elif "-" in core and all(p.isalpha() for p in core.split("-")):
                get = self.tokens.get
                mid = [get(p, 0) for p in core.lower().split("-")]
            else:
                mid = None
            if mid is not None:
                if "?" not in word and "!" not in word:
                    return mid
                get = self.tokens.get
                n_pre = len(word) - len(word.lstrip(_EDGE))
                n_suf = len(word) - len(word.rstrip(_EDGE))
                pre = [get(c, 0) for c in word[:n_pre] if c in "?!"]
                suf = [get(c, 0) for c in word[len(word) - n_suf :] if c in "?!"]
                return [*pre, *mid, *suf]
        out = []
        for tok in F._TOKEN.findall(word):
            tid = self._fold.get(tok)
            if tid is None:
                tid = self.tokens.get(F._fold(tok), 0)
                if len(self._fold) < MAX_WORDS:
                    self._fold[tok] = tid
            out.append(tid)
        return out

    # ------------------------------------------------------------- scoring

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Linear score of each text."""
        return self._score([_clean_fast(_translate(t)) for t in texts])

    def decision_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Linear score of ``text[start:end]`` for each span."""
        t = _translate(text)  # one char for one: offsets hold
        return self._score([_clean_fast(t[s:e]) for s, e in spans])

    def decision_spans_many(
        self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """:meth:`decision_spans` of each ``(text, spans)`` of *items* (the
        articles of a batch chunk), in one :meth:`_score` over all their
        sentences: each sentence's score reads only its own words."""
        out: list[np.ndarray] = []
        cleaned: list[str] = []
        cuts: list[int] = []
        for text, spans in items:
            t = _translate(text)
            cleaned += [_clean_fast(t[s:e]) for s, e in spans]
            cuts.append(len(cleaned))
            if len(cleaned) >= _BATCH_SENTENCES:  # bounded temporaries
                out += np.split(self._score(cleaned), cuts[:-1])
                cleaned, cuts = [], []
        if cuts:
            out += np.split(self._score(cleaned), cuts[:-1])
        return out

    def _score(self, cleaned: list[str]) -> np.ndarray:
        n_sent = len(cleaned)
        if n_sent == 0:
            return np.zeros(0)
        words_of = [c.split() for c in cleaned]
        n_words = np.fromiter(map(len, words_of), dtype=np.int64, count=n_sent)
        words = list(chain.from_iterable(words_of))
        cache = self._words
        if cache.n > MAX_WORDS:
            cache = self._words = _Words(emb_dims=self._emb_dims)
        wids = list(map(cache.ids.get, words))
        if None in wids:
            cache.add(words, self)
            wids = list(map(cache.ids.get, words))
        flat, off, lens, first, last, ntok, cues, evec = cache.arrays()
        wid = np.array(wids, dtype=np.int64)
        sent_of_word = np.repeat(np.arange(n_sent), n_words)
        V2 = 2 * self.n_vocab

        # terms inside words
        terms, owner = _ragged(flat, off[wid], lens[wid])
        keys_in = sent_of_word[owner] * V2 + terms

        # bigrams across words: <s>, last tokens | first tokens, </s>
        has = np.flatnonzero(ntok[wid])
        tw = wid[has]
        c = np.bincount(sent_of_word[has], minlength=n_sent)
        size = c + 1
        base = np.cumsum(size) - size
        rank = np.arange(len(has)) - np.repeat(np.cumsum(c) - c, c)
        at = np.repeat(base, c) + rank
        left = np.empty(int(size.sum()), dtype=np.int64)
        right = np.empty_like(left)
        left[base] = 1
        right[base + c] = 2
        left[at + 1] = last[tw]
        right[at] = first[tw]
        vid = self.bigrams.get(left * self.n_tokens + right)
        ok = vid >= 0
        keys_x = np.repeat(np.arange(n_sent), size)[ok] * V2 + 2 * vid[ok]

        keys = np.concatenate([keys_in, keys_x])
        # stable (timsort): keys come grouped by sentence, a few times faster
        keys.sort(kind="stable")
        keep = np.empty(len(keys), dtype=bool)
        keep[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=keep[1:])
        uniq = keys[keep]
        sent, r = np.divmod(uniq, V2)
        group = 2 * sent + (r & 1)
        cnt = np.bincount(group, minlength=2 * n_sent)
        tot = np.bincount(group, weights=self.term_w2[r], minlength=2 * n_sent)
        scale = np.zeros(2 * n_sent)
        nz = cnt > 0
        scale[nz] = 1.0 / np.sqrt(cnt[nz])
        scale[1::2] *= self.char_weight
        z = (tot * scale).reshape(n_sent, 2).sum(axis=1)

        # cues
        rows = cues[wid]
        sums = np.zeros((n_sent, _N_COLS))
        nonempty = np.flatnonzero(n_words)
        if len(nonempty):
            starts = (np.cumsum(n_words) - n_words)[nonempty]
            sums[nonempty] = np.add.reduceat(rows, starts, axis=0)
            # a capitalised word starts a match unless first or after "[.!?] "
            cap = rows[:, _CAP_START].copy()
            cap[1:] *= 1.0 - rows[:-1, _END_PUNCT]
            cap[starts] = 0.0
            sums[:, _CAP_INNER] += np.bincount(
                sent_of_word, weights=cap, minlength=n_sent
            )
        cue = np.empty((n_sent, len(F.CUE_NAMES)))
        np.minimum(sums[:, _CUE_SRC], _CUE_CAP, out=cue)
        cue /= _CUE_CAP
        cue[:, 14] = np.minimum(np.log1p(n_words) / math.log(F.LOG_WORDS_CAP), 1.0)
        cue[:, 15] = n_words < 6
        for col, flag, rx in (
            (2, _PCT_FLAG, F._PERCENT),
            (3, _MONEY_FLAG, F._MONEY),
            (9, _OPINION_FLAG, F._OPINION),
        ):
            cue[:, col] = 0.0
            for i in np.flatnonzero(sums[:, flag]):
                cue[i, col] = bool(rx.search(cleaned[i]))
        z = z + cue @ self.cue_w + self.bias
        if self.emb_w is not None and len(nonempty):
            # embedding block: normalised sum of the words' vector sums
            sums = np.add.reduceat(evec[wid], starts, axis=0)
            norm = np.sqrt(np.einsum("ij,ij->i", sums, sums))
            ok = norm > 0
            z[nonempty[ok]] += (sums[ok] @ self.emb_w) / norm[ok]
        return z


#: Sentences scored per :meth:`SentenceScorer._score` call in a batch (its
#: arrays hold every character n-gram of them: ~1 MB per 20 sentences).
_BATCH_SENTENCES = 1000

# CUE_NAMES column k is min(sum of per-word column _CUE_SRC[k], cap) / cap;
# columns 2, 3, 9 (regex on the sentence), 14 and 15 (word count) are overwritten.
_CUE_SRC = np.array(
    [
        _HAS_DIGIT,
        _N_NUMBERS,
        _PCT_FLAG,
        _MONEY_FLAG,
        _YEAR,
        _NUMWORD,
        _COMPARATIVE,
        _SAYING,
        _PAST,
        _OPINION_FLAG,
        _CAP_INNER,
        _ACRONYM,
        _QMARK,
        _EXCL,
        _HAS_DIGIT,
        _HAS_DIGIT,
        *range(_TOKEN_COL0, _N_COLS),
    ]
)
_CUE_CAP = np.array(
    [1, 4, 1, 1, 1, 3, 3, 2, 3, 1, 4, 1, 1, 1, 1, 1, *(c for _, _, c in F.TOKEN_CUES)],
    dtype=np.float64,
)
