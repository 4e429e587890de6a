"""The run-time reliability models: numpy arrays + JSON, no scikit-learn.

A :class:`LinearTextModel` scores ``title + body`` with a linear model over

* sublinear TF-IDF word unigrams + bigrams (L2-normalised),
* the mean of static word vectors (distilled from all-MiniLM-L6-v2), folded at
  training time into one score per word and class,
* sublinear TF-IDF function-word bigrams and trigrams (sentence shapes such as
  ``"the _ of"``, :func:`newscheck.reliability.features.function_gram_keys`),
* standardised style signals,

followed by a Platt calibration ``sigmoid(a * z + b)`` or an isotonic one
(linear interpolation between knots). The statement model is
the same structure with one row of coefficients per class; P(unreliable) is the
summed probability of the unreliable classes.

Scoring reads the article once (:func:`newscheck.reliability.features.token_stream`):
tokens → word ids by one dict lookup each, bigrams as ``id_a * n_words + id_b``
keys found with :func:`numpy.searchsorted`, counts with :func:`numpy.unique`.
The explanation reuses the same arrays: every feature's contribution is shared
among its occurrences and summed per sentence with :func:`numpy.bincount`.

Artefacts: ``<kind>.npz`` (arrays) and ``<kind>.json`` (word list and scalars).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.arrays import sigmoid, unique_counts
from newscheck.errors import ModelError
from newscheck.reliability.features import (
    FUNCTION_WORDS,
    FW_BASE,
    FW_OTHER,
    STYLE_NAMES,
    TokenStream,
    function_codes,
    function_gram_name,
    style_signals,
    token_stream,
)
from newscheck.reliability.text import LEAK_TOKENS

__all__ = ["LinearTextModel", "Scored", "domain_report", "full_text"]

_EMPTY_I = np.zeros(0, dtype=np.int64)


def domain_report(
    meta: dict[str, Any], coverage: Callable[[], float]
) -> dict[str, Any]:
    """A model's ``domain`` answer: the text's *coverage* against the
    out-of-corpus reference in ``meta["coverage"]`` (``{}`` without one;
    *coverage* is only computed when there is a reference)."""
    ref = meta.get("coverage")
    if not ref:
        return {}
    c = coverage()
    return {
        "coverage": round(c, 4),
        "reference_p05": ref["p05"],
        "reference_median": ref["p50"],
        "out_of_domain": bool(c < ref["p05"]),
    }


def full_text(title: str, body: str) -> str:
    """Title and body joined by a blank line (for readers that want one string)."""
    return f"{title}\n\n{body}" if title else body


@dataclass
class Scored:
    """One scored text: logits plus what the explanation needs."""

    z: np.ndarray
    feats: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    vals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    inverse: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    counts: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    occ_segments: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    word_ids: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    word_segments: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    n_tokens: int = 0
    style: np.ndarray = field(default_factory=lambda: np.zeros(0))
    n_sentences: int = 0
    fw_feats: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    fw_vals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    fw_inverse: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    fw_counts: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    fw_segments: np.ndarray = field(default_factory=lambda: _EMPTY_I)


@dataclass
class LinearTextModel:
    """A (calibrated) linear model over n-grams, word vectors and style signals.

    Attributes
    ----------
    kind
        ``"article"`` or ``"statement"``.
    words
        Word list (ids are positions); every word of every feature is here.
    feat_words
        ``(n_features, 2)`` word ids of each feature (``-1`` second id: unigram).
    idf
        Inverse document frequency per feature.
    coef
        ``(n_classes_or_1, n_features)`` weights on the L2-normalised TF-IDF vector.
    intercept
        ``(n_classes_or_1,)``.
    word_score
        ``(n_classes_or_1, n_words)``: the word-vector part of the logit is
        ``word_score[:, ids].sum(axis=1) / n_tokens`` (zeros if unused).
    style_coef, style_mean, style_std
        Weights and standardisation of the style signals (empty if unused).
    fw_keys, fw_idf, fw_coef
        Function-word n-gram features: sorted pattern keys, their idf and
        ``(n_classes_or_1, n_patterns)`` weights on their L2-normalised TF-IDF
        vector (empty if unused).
    calibration
        ``(a, b)``: P = sigmoid(a·z + b) for binary models.
    iso_x, iso_y
        Isotonic calibration knots (binary models; replaces Platt if given):
        P = ``np.interp(z, iso_x, iso_y)``.
    unreliable_classes
        For multi-class models, the class indices whose probabilities sum to
        P(unreliable).
    """

    kind: str
    words: list[str]
    feat_words: np.ndarray
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    word_score: np.ndarray | None = None
    style_coef: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))
    style_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    style_std: np.ndarray = field(default_factory=lambda: np.ones(0))
    fw_keys: np.ndarray = field(default_factory=lambda: _EMPTY_I)
    fw_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    fw_coef: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))
    calibration: tuple[float, float] = (1.0, 0.0)
    iso_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    iso_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    threshold: float = 0.5
    classes: list[str] = field(default_factory=lambda: ["reliable", "unreliable"])
    unreliable_classes: list[int] = field(default_factory=lambda: [1])
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.coef = np.atleast_2d(np.asarray(self.coef, dtype=np.float64))
        self.intercept = np.atleast_1d(np.asarray(self.intercept, dtype=np.float64))
        self.style_coef = np.atleast_2d(self.style_coef)
        self.fw_keys = np.asarray(self.fw_keys, dtype=np.int64)
        self.fw_idf = np.asarray(self.fw_idf, dtype=np.float64)
        self.fw_coef = np.atleast_2d(np.asarray(self.fw_coef, dtype=np.float64))
        self._pattern_tables()
        self.iso_x = np.asarray(self.iso_x, dtype=np.float64)
        self.iso_y = np.asarray(self.iso_y, dtype=np.float64)
        self.feat_words = np.asarray(self.feat_words, dtype=np.int64).reshape(-1, 2)
        if self.fw_keys.size:
            # every function word (and "0") needs a word id: the pattern codes
            # are then one gather over the ids the n-grams look up anyway
            have = set(self.words)
            self.words = list(self.words) + [
                w for w in (*FUNCTION_WORDS, "0") if w not in have
            ]
        n_words = len(self.words)
        if self.word_score is None or np.size(self.word_score) == 0:
            self.word_score = np.zeros((self.coef.shape[0], n_words))
        self.word_score = np.atleast_2d(np.asarray(self.word_score, dtype=np.float64))
        if self.word_score.shape[1] < n_words:  # words added above score nothing
            pad = n_words - self.word_score.shape[1]
            self.word_score = np.pad(self.word_score, ((0, 0), (0, pad)))
        index = {w: i for i, w in enumerate(self.words)}
        for w in LEAK_TOKENS:
            index[w] = -2  # dropped from the token stream, as in training
        self.index_ = index
        self.zero_ = index.get("0", -1)
        # function-word code of every word id, plus one slot for unknown words
        codes = function_codes(self.words) if self.words else np.zeros(0, np.int64)
        self.fw_code_ = np.append(codes, FW_OTHER)
        # unigram feature of each word, and sorted bigram keys -> feature
        uni = np.full(n_words, -1, dtype=np.int64)
        a, b = self.feat_words[:, 0], self.feat_words[:, 1]
        is_uni = b < 0
        uni[a[is_uni]] = np.flatnonzero(is_uni)
        self.uni_ = uni
        bi = np.flatnonzero(~is_uni)
        keys = a[bi] * n_words + b[bi]
        order = np.argsort(keys)
        self.bi_keys_ = np.append(keys[order], np.iinfo(np.int64).max)
        self.bi_feat_ = bi[order]
        self.direction_ = self.direction()
        self.word_direction_ = self._word_direction()
        self._terms: list[str] | None = None

    # --- vocabulary -------------------------------------------------------------
    @property
    def terms(self) -> list[str]:
        """Feature names, in feature-index order (``"word"`` or ``"word word"``)."""
        if self._terms is None:
            self._terms = [self._term(i) for i in range(len(self.feat_words))]
        return self._terms

    def _term(self, f: int) -> str:
        a, b = self.feat_words[f]
        return self.words[a] if b < 0 else f"{self.words[a]} {self.words[b]}"

    @property
    def uses_style(self) -> bool:
        return self.style_mean.size > 0

    @property
    def uses_patterns(self) -> bool:
        return self.fw_keys.size > 0

    def direction(self) -> np.ndarray:
        """Per-feature weight toward "unreliable" (binary: coef; multi-class: the
        mean unreliable-class row minus the mean reliable-class row)."""
        return self._toward(self.coef)

    def _word_direction(self) -> np.ndarray:
        return self._toward(self.word_score)

    def _toward(self, m: np.ndarray) -> np.ndarray:
        if m.shape[0] == 1:
            return m[0]
        bad = self.unreliable_classes
        good = [i for i in range(m.shape[0]) if i not in bad]
        return m[bad].mean(axis=0) - m[good].mean(axis=0)

    # --- scoring ----------------------------------------------------------------
    def coverage(self, s: Scored) -> float:
        """Share of the text's tokens whose word is a unigram feature of the
        model (0 for an empty text): how much of it the model knows."""
        if not s.n_tokens:
            return 0.0
        return float((self.uni_[s.word_ids] >= 0).sum() / s.n_tokens)

    def domain(self, s: Scored) -> dict[str, Any]:
        """How close the text is to the training data: its :meth:`coverage`
        against the out-of-corpus coverage the training run recorded
        (``meta["coverage"]``); ``out_of_domain`` when it is below the 5th
        percentile of training articles scored by models that never saw their
        corpus. Empty when the artefact records no reference."""
        return domain_report(self.meta, lambda: self.coverage(s))

    def score(
        self,
        title: str,
        body: str,
        sentences: tuple[tuple[int, int], ...] | None = None,
        *,
        stream: TokenStream | None = None,
    ) -> Scored:
        """Logits and explanation arrays of one text (one pass over it); a
        *stream* of the same text (:func:`token_stream`) is used as given."""
        if stream is None:
            stream = token_stream(title, body, sentences)
        return self._scored(title, body, stream, self._word_ids(stream.tokens))

    def score_many(
        self,
        items: Sequence[tuple[str, str, tuple[tuple[int, int], ...] | None]],
        streams: Sequence[TokenStream] | None = None,
    ) -> list[Scored]:
        """:meth:`score` of each ``(title, body, sentences)`` (with its *streams*
        where given): the word ids of all the texts' tokens looked up in one
        pass, the same values."""
        if streams is None:
            streams = [token_stream(*item) for item in items]
        ids = self._word_ids(list(chain.from_iterable(s.tokens for s in streams)))
        out, pos = [], 0
        for (title, body, _), stream in zip(items, streams, strict=True):
            n = len(stream.tokens)
            out.append(self._scored(title, body, stream, ids[pos : pos + n]))
            pos += n
        return out

    def _word_ids(self, toks: list[str]) -> np.ndarray:
        """Word id of every token: ``-1`` unknown, ``-2`` a leak token dropped
        from the stream; digit runs all read as ``"0"``."""
        ids = np.fromiter(map(self.index_.get, toks, repeat(-1)), np.int64, len(toks))
        unknown = np.flatnonzero(ids == -1).tolist()
        if unknown:  # digit runs all read as "0"
            digits = [i for i in unknown if toks[i][0] <= "9"]
            if digits:
                ids[digits] = self.zero_
        return ids

    def _scored(
        self, title: str, body: str, stream: TokenStream, ids: np.ndarray
    ) -> Scored:
        """:meth:`score` of a text from its stream and :meth:`_word_ids`."""
        z = self.intercept.copy()
        style = np.zeros(0)
        if self.uses_style:
            style = (style_signals(title, body, stream) - self.style_mean) / (
                self.style_std
            )
            z += self.style_coef @ style
        if not stream.tokens:
            return Scored(z=z, style=style, n_sentences=stream.n_sentences)
        seg = stream.segments
        keep = ids != -2
        if not keep.all():
            ids, seg = ids[keep], seg[keep]
        n = len(ids)
        if n == 0:
            return Scored(z=z, style=style, n_sentences=stream.n_sentences)
        fw: dict[str, np.ndarray] = {}
        if self.uses_patterns:
            fw = self._patterns(ids, seg)
            if fw:
                z += self.fw_coef[:, fw["fw_feats"]] @ fw["fw_vals"]
        known = ids >= 0
        kid, kseg = ids[known], seg[known]
        uf = self.uni_[kid]
        has = uf >= 0
        feats, fseg = [uf[has]], [kseg[has]]
        if n > 1:
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0)
            key = a[ok] * len(self.words) + b[ok]
            pos = np.searchsorted(self.bi_keys_, key)
            hit = self.bi_keys_[pos] == key
            feats.append(self.bi_feat_[pos[hit]])
            fseg.append(seg[:-1][ok][hit])
        allf = np.concatenate(feats)
        z += self.word_score[:, kid].sum(axis=1) / n
        if len(allf) == 0:
            return Scored(
                z=z,
                word_ids=kid,
                word_segments=kseg,
                n_tokens=n,
                style=style,
                n_sentences=stream.n_sentences,
                **fw,
            )
        uniq, inv, cnt = unique_counts(allf)
        val = (1.0 + np.log(cnt)) * self.idf[uniq]
        val /= math.sqrt(float(val @ val)) or 1.0
        z += self.coef[:, uniq] @ val
        return Scored(
            z=z,
            feats=uniq,
            vals=val,
            inverse=inv,
            counts=cnt,
            occ_segments=np.concatenate(fseg),
            word_ids=kid,
            word_segments=kseg,
            n_tokens=n,
            style=style,
            n_sentences=stream.n_sentences,
            **fw,
        )

    def _pattern_tables(self) -> None:
        """Dense lookup tables of the pattern keys (no search at scoring time):
        ``bi_tab_[a * B + b]`` is the feature of bigram ``(a, b)`` (-1: none);
        a trigram ``(a, b, c)`` is ``tri_tab_[pre_id_[a * B + b] * B + c]``, with
        a row of ``B`` only for the bigram prefixes that start a kept trigram
        (the last row, all -1, for the others). ``B`` = ``FW_BASE``; about 1 MB."""
        b, b2 = FW_BASE, FW_BASE * FW_BASE
        keys = self.fw_keys
        feat = np.arange(len(keys), dtype=np.int32)
        self.bi_tab_ = np.full(b2, -1, dtype=np.int32)
        is_bi = keys < b2
        self.bi_tab_[keys[is_bi]] = feat[is_bi]
        tri = keys[~is_bi] - b2
        prefixes, pre = np.unique(tri // b, return_inverse=True)
        self.pre_id_ = np.full(b2, len(prefixes), dtype=np.int32)
        self.pre_id_[prefixes] = np.arange(len(prefixes), dtype=np.int32)
        self.tri_tab_ = np.full((len(prefixes) + 1) * b, -1, dtype=np.int32)
        self.tri_tab_[pre * b + tri % b] = feat[~is_bi]

    def _patterns(self, ids: np.ndarray, seg: np.ndarray) -> dict[str, np.ndarray]:
        """Function-word n-gram features of the (leak-free) token ids *ids*
        (-1 = unknown word: not a function word, since they all have ids).

        Same features as looking up :func:`function_gram_keys` in ``fw_keys``
        (bigrams first, then trigrams, each in token order), by table gathers:
        keys without a function word are never kept, so need no mask."""
        if len(ids) < 2:
            return {}
        codes = self.fw_code_[ids]
        bi = codes[:-1] * FW_BASE + codes[1:]
        tri = self.pre_id_[bi[:-1]] * FW_BASE + codes[2:]
        # the feature (or -1) of every bigram, then of every trigram
        grams = np.concatenate([self.bi_tab_[bi], self.tri_tab_[tri]])
        at = np.flatnonzero(grams >= 0)
        if not len(at):
            return {}
        feats = grams[at]
        uniq, inverse, cnt = unique_counts(feats)
        val = (1.0 + np.log(cnt)) * self.fw_idf[uniq]
        val /= math.sqrt(float(val @ val)) or 1.0
        return {
            "fw_feats": uniq,
            "fw_vals": val,
            "fw_inverse": inverse,
            "fw_counts": cnt,
            "fw_segments": np.concatenate([seg[:-1], seg[:-2]])[at],
        }

    def logits(self, title: str, body: str) -> np.ndarray:
        return self.score(title, body).z

    def proba(self, title: str, body: str) -> float:
        """P(unreliable) of the text."""
        return self.proba_from_logits(self.logits(title, body))

    def proba_from_logits(self, z: np.ndarray) -> float:
        if z.shape[0] == 1:
            if self.iso_x.size:
                return float(np.interp(float(z[0]), self.iso_x, self.iso_y))
            a, b = self.calibration
            return float(sigmoid(a * float(z[0]) + b))
        e = np.exp(z - z.max())
        p = e / e.sum()
        return float(p[self.unreliable_classes].sum())

    def class_proba(self, title: str, body: str) -> np.ndarray:
        """Per-class probabilities (multi-class models)."""
        z = self.logits(title, body)
        e = np.exp(z - z.max())
        return e / e.sum()

    # --- explanation ------------------------------------------------------------
    def explain(
        self, s: Scored, *, top: int = 10
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], np.ndarray]:
        """Strongest terms each way and the contribution of every body sentence.

        Returns ``(toward_unreliable, toward_reliable, per_sentence)``: the term
        lists hold ``{"term", "weight"}`` (weight = contribution to the logit
        toward "unreliable"), and ``per_sentence[k]`` is the summed contribution
        of the tokens of body sentence ``k``.
        """
        contrib, wc, fc = self._contributions(s)
        per_sentence = self._per_sentence(s, contrib, wc, fc)
        if top <= 0:  # no term lists
            return [], [], per_sentence
        # candidates as (key, value): a key names its term only when the term
        # is shown (every feature's name is distinct, so keys dedupe as names)
        keys: list[tuple[str, int]] = []
        values: list[float] = []
        if contrib is not None:
            order = np.argsort(contrib)
            picks = np.concatenate([order[:top], order[::-1][:top]])
            keys += [("term", f) for f in s.feats[picks].tolist()]
            values += contrib[picks].tolist()
        if wc is not None:
            total = float(wc.sum())
            if total:
                keys.append(("meaning", 0))
                values.append(total)
        if fc is not None:
            order = np.argsort(fc)
            picks = np.concatenate([order[:top], order[::-1][:top]])
            keys += [("pattern", k) for k in self.fw_keys[s.fw_feats[picks]].tolist()]
            values += fc[picks].tolist()
        if self.uses_style and len(s.style):
            sw = self._toward(self.style_coef) * s.style
            n_style = min(len(STYLE_NAMES), len(sw))
            keys += [("style", i) for i in range(n_style)]
            values += sw[:n_style].tolist()
        items = list(dict(zip(keys, values, strict=True)).items())
        if len(items) < len(keys):  # a term picked both ways keeps its first place
            seen: set[tuple[str, int]] = set()
            items = []
            for key, c in zip(keys, values, strict=True):
                if key not in seen:
                    seen.add(key)
                    items.append((key, c))
        pos = sorted((x for x in items if x[1] > 0), key=lambda x: -x[1])[:top]
        neg = sorted((x for x in items if x[1] < 0), key=lambda x: x[1])[:top]
        fmt = [{"term": self._name(k), "weight": round(c, 4)} for k, c in pos]
        fmt_neg = [{"term": self._name(k), "weight": round(c, 4)} for k, c in neg]
        return fmt, fmt_neg, per_sentence

    def _contributions(
        self, s: Scored
    ) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
        """Contributions toward "unreliable" of the n-gram features, of each
        word token (its share of the word-vector part) and of the patterns
        (``None`` where the article has none)."""
        contrib = self.direction_[s.feats] * s.vals if len(s.feats) else None
        wc = self.word_direction_[s.word_ids] / s.n_tokens if len(s.word_ids) else None
        fc = (
            self._toward(self.fw_coef)[s.fw_feats] * s.fw_vals
            if len(s.fw_feats)
            else None
        )
        return contrib, wc, fc

    def _per_sentence(
        self,
        s: Scored,
        contrib: np.ndarray | None,
        wc: np.ndarray | None,
        fc: np.ndarray | None,
    ) -> np.ndarray:
        """Summed contribution of each body sentence (index 0 of the sums is the
        title). Each occurrence of a feature gets an equal share of it; bigrams
        and patterns count in the sentence of their first word."""
        per_sentence = np.zeros(s.n_sentences + 1)
        if contrib is not None:
            occ = (contrib / s.counts)[s.inverse]
            per_sentence += np.bincount(
                s.occ_segments + 1, weights=occ, minlength=s.n_sentences + 1
            )
        if wc is not None:
            per_sentence += np.bincount(
                s.word_segments + 1, weights=wc, minlength=s.n_sentences + 1
            )
        if fc is not None:
            occ = (fc / s.fw_counts)[s.fw_inverse]
            per_sentence += np.bincount(
                s.fw_segments + 1, weights=occ, minlength=s.n_sentences + 1
            )
        return per_sentence[1:]

    def _name(self, key: tuple[str, int]) -> str:
        """Display name of an :meth:`explain` candidate."""
        kind, i = key
        if kind == "term":
            return self._term(i)
        if kind == "pattern":
            return f"[pattern] {function_gram_name(i)}"
        if kind == "style":
            return f"[style] {STYLE_NAMES[i]}"
        return "[meaning] average word vector"

    # --- persistence ------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            d / f"{self.kind}.npz",
            feat_words=self.feat_words.astype(np.int32),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float64),
            word_score=np.asarray(self.word_score, dtype=np.float32),
            style_coef=self.style_coef.astype(np.float64),
            style_mean=self.style_mean.astype(np.float64),
            style_std=self.style_std.astype(np.float64),
            fw_keys=self.fw_keys.astype(np.int64),
            fw_idf=self.fw_idf.astype(np.float32),
            fw_coef=self.fw_coef.astype(np.float32),
            iso_x=self.iso_x.astype(np.float64),
            iso_y=self.iso_y.astype(np.float64),
        )
        meta = {
            "kind": self.kind,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "classes": self.classes,
            "unreliable_classes": self.unreliable_classes,
            "style_names": list(STYLE_NAMES) if self.uses_style else [],
            "meta": self.meta,
            "words": self.words,
        }
        (d / f"{self.kind}.json").write_text(json.dumps(meta, ensure_ascii=False))

    @classmethod
    def load(cls, directory: str | Path, kind: str) -> LinearTextModel:
        d = Path(directory)
        try:
            meta = json.loads((d / f"{kind}.json").read_text(encoding="utf-8"))
            with np.load(d / f"{kind}.npz", allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            words = meta["words"]
            feat_words = arrays["feat_words"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load the {kind} reliability model from {d}: {exc}; "
                "run `newscheck train reliability`"
            ) from exc
        if meta.get("style_names") and meta["style_names"] != list(STYLE_NAMES):
            raise ModelError(
                f"the {kind} model in {d} was trained with other style signals; "
                "run `newscheck train reliability`"
            )
        return cls(
            kind=meta["kind"],
            words=words,
            feat_words=feat_words,
            idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=arrays["intercept"],
            word_score=arrays["word_score"].astype(np.float64),
            style_coef=arrays["style_coef"],
            style_mean=arrays["style_mean"],
            style_std=arrays["style_std"],
            fw_keys=arrays.get("fw_keys", _EMPTY_I),
            fw_idf=arrays.get("fw_idf", np.zeros(0)).astype(np.float64),
            fw_coef=arrays.get("fw_coef", np.zeros((1, 0))).astype(np.float64),
            iso_x=arrays.get("iso_x", np.zeros(0)),
            iso_y=arrays.get("iso_y", np.zeros(0)),
            calibration=tuple(meta["calibration"]),
            threshold=float(meta["threshold"]),
            classes=list(meta["classes"]),
            unreliable_classes=list(meta["unreliable_classes"]),
            meta=meta.get("meta", {}),
        )

    @classmethod
    def from_terms(
        cls,
        *,
        kind: str,
        terms: list[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        extra_words: list[str] | None = None,
        word_score_of: dict[str, np.ndarray] | None = None,
        **kw: Any,
    ) -> LinearTextModel:
        """Build from feature strings (``"w"`` / ``"w w"``), plus optional extra
        words that carry only a word-vector score (``word_score_of[word]`` is
        the per-class score)."""
        index: dict[str, int] = {}
        pairs = []
        for t in terms:
            parts = t.split(" ")
            ids = [index.setdefault(p, len(index)) for p in parts]
            pairs.append((ids[0], ids[1] if len(ids) > 1 else -1))
        for w in extra_words or ():
            index.setdefault(w, len(index))
        words = sorted(index, key=index.__getitem__)
        k = np.atleast_2d(coef).shape[0]
        ws = np.zeros((k, len(words)))
        if word_score_of:
            for w, v in word_score_of.items():
                if (i := index.get(w)) is not None:
                    ws[:, i] = v
        return cls(
            kind=kind,
            words=words,
            feat_words=np.array(pairs, dtype=np.int64).reshape(-1, 2),
            idf=np.asarray(idf, dtype=np.float64),
            coef=coef,
            intercept=intercept,
            word_score=ws,
            **kw,
        )
