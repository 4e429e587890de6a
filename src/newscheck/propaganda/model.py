"""The propaganda model at run time: numpy only.

Span identification is a per-token logistic regression (token features plus a
sentence part computed once per sentence). Spans are decoded by hysteresis: runs
of tokens at or above ``low`` (bridging gaps of at most ``gap`` tokens inside a
sentence) that hold a token at or above ``threshold``, optionally cut at clause
punctuation (``split``) and capped at ``max_len`` tokens (cut at the least likely
token); words of the loaded-language lexicon learnt from train spans
(``loaded``) count as tokens above the threshold. Technique classification
is a multinomial logistic regression over
:func:`~newscheck.propaganda.features.tc_features`. The artefacts are
``weights.npz`` (arrays) and ``model.json`` (vocabularies, lexicons, decoding
parameters), written by :mod:`newscheck_lab.propaganda.training`.

Inference runs through the vectorised scorers of :mod:`newscheck.propaganda.fast`;
``*_reference`` methods keep the plain feature-string computation they are tested
against. :meth:`PropagandaModel.cached` loads a model once per process.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.arrays import sigmoid, softmax
from newscheck.errors import ModelError
from newscheck.propaganda.fast import SIScorer, TCScorer
from newscheck.propaganda.features import (
    Doc,
    si_sentence_features,
    si_token_features,
    tc_features,
)

__all__ = ["DEFAULT_MODEL_DIR", "FUNCTION_WORDS", "PropagandaModel", "SpanPrediction"]

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


#: SI feature-name prefixes of the word pairs and triples, whose weights the
#: scorer reads from its saved tables (:meth:`SIScorer.tables`) instead.
_TABLE_PREFIXES = ("b+=", "b-=", "t-=")


def _index_without(names: list[str], prefixes: Sequence[str]) -> dict[str, int]:
    """Name -> position in the sorted list *names*, leaving out the names that
    start with one of *prefixes* (each a contiguous run of a sorted list)."""
    cut = sorted(
        (bisect_left(names, p), bisect_left(names, p[:-1] + chr(ord(p[-1]) + 1)))
        for p in prefixes
    )
    index: dict[str, int] = {}
    pos = 0
    for lo, hi in [*cut, (len(names), len(names))]:
        if lo > pos:
            index.update(zip(names[pos:lo], range(pos, lo), strict=True))
        pos = max(pos, hi)
    return index


def label_spans(
    probs: np.ndarray, spans: Sequence[tuple[int, int]], techniques: Sequence[str]
) -> list[str]:
    """One technique per span from its ``(len(spans), len(techniques))``
    probabilities: the likeliest, and for the k-th copy of a span the k-th
    likeliest (the TC setting lists a span with two techniques twice)."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, sp in enumerate(spans):
        groups[tuple(sp)].append(i)
    out = [""] * len(spans)
    for rows in groups.values():
        order = np.argsort(-probs[rows[0]], kind="stable")
        for k, i in enumerate(rows):
            out[i] = techniques[int(order[k % len(order)])]
    return out


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
        low: float | None = None,
        gap: int = 1,
        split: bool = False,
        max_len: int = 0,
        loaded: Collection[str] = (),
        meta: dict[str, Any] | None = None,
        si_tables: dict[str, Any] | None = None,
    ) -> None:
        self._si_vocab = list(si_vocab)
        self._si_index: dict[str, int] | None = None
        self.si_coef = np.asarray(si_coef, dtype=np.float64)
        self.si_intercept = float(si_intercept)
        self.tc_index = dict(zip(tc_vocab, range(len(tc_vocab)), strict=True))
        self.tc_coef = np.asarray(tc_coef, dtype=np.float64)
        self.tc_intercept = np.asarray(tc_intercept, dtype=np.float64)
        self.techniques = tuple(techniques)
        self.lexicon = dict(lexicon)
        self.threshold = float(threshold)
        self.low = self.threshold if low is None else float(low)
        self.gap = int(gap)
        self.split = bool(split)
        self.max_len = int(max_len)
        self.loaded = frozenset(loaded)
        self.meta = dict(meta or {})
        # With the pair/triple tables saved, the scorer never looks up the
        # ~140k pair and triple names: it gets an index of the other names only
        # (their numbers unchanged), found by bisection in the sorted vocabulary.
        run_index = (
            _index_without(self._si_vocab, _TABLE_PREFIXES)
            if si_tables is not None and si_tables.get("sorted_vocab")
            else self.si_index
        )
        self._si_fast = SIScorer(
            run_index,
            self.si_coef,
            self.si_intercept,
            self.lexicon,
            self.loaded,
            tables=si_tables,
        )
        self._si_w = self._si_fast.weights
        self._tc_fast = TCScorer(
            self.tc_index, self.tc_coef, self.tc_intercept, self.lexicon
        )

    @property
    def si_vocab(self) -> list[str]:
        """The SI feature names, in the order of :attr:`si_coef` (read only)."""
        return self._si_vocab

    @property
    def si_index(self) -> dict[str, int]:
        """SI feature name -> column (built on first use: ~240k names)."""
        if self._si_index is None:
            # dict(zip(...)): the same dict as {f: i for i, f in enumerate(...)},
            # built about twice as fast
            self._si_index = dict(
                zip(self._si_vocab, range(len(self._si_vocab)), strict=True)
            )
        return self._si_index

    _cache: dict[Path, PropagandaModel] = {}  # noqa: RUF012 (per-process cache)
    _cache_lock = threading.Lock()

    @classmethod
    def cached(cls, path: str | Path | None = None) -> PropagandaModel:
        """The model under *path* (default: the shipped one), loaded once per
        process. Callers must not change its attributes."""
        key = (Path(path) if path else DEFAULT_MODEL_DIR).resolve()
        model = cls._cache.get(key)
        if model is None:
            with cls._cache_lock:  # threads starting together load it once
                model = cls._cache.get(key)
                if model is None:
                    model = cls._cache[key] = cls.load(key)
        return model

    # -- persistence ---------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``model.json`` under directory *path*."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tables = self._si_fast.tables()
        np.savez_compressed(
            path / "weights.npz",
            si_coef=self.si_coef.astype(np.float32),
            si_intercept=np.array([self.si_intercept]),
            tc_coef=self.tc_coef.astype(np.float16),
            tc_intercept=self.tc_intercept.astype(np.float32),
            # Derived from si_vocab/si_coef; saved so that loading is fast.
            si_pair_keys=tables["pair_keys"],
            si_pair_vals=tables["pair_vals"].astype(np.float32),
            si_triple_keys=tables["triple_keys"],
            si_triple_vals=tables["triple_vals"].astype(np.float32),
        )
        inv_si = self._si_vocab
        inv_tc = sorted(self.tc_index, key=self.tc_index.__getitem__)
        doc = {
            "format": FORMAT,
            "techniques": list(self.techniques),
            "threshold": self.threshold,
            "low": self.low,
            "gap": self.gap,
            "split": self.split,
            "max_len": self.max_len,
            "loaded": sorted(self.loaded),
            "meta": self.meta,
            "lexicon": self.lexicon,
            "si_vocab": inv_si,
            "tc_vocab": inv_tc,
            "si_words": tables["words"],
            "si_sorted": all(a < b for a, b in pairwise(inv_si)),
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
        si_tables = None
        if "si_words" in doc and "si_pair_keys" in arrays:
            si_tables = {
                "words": doc["si_words"],
                "pair_keys": arrays["si_pair_keys"],
                "pair_vals": arrays["si_pair_vals"],
                "triple_keys": arrays["si_triple_keys"],
                "triple_vals": arrays["si_triple_vals"],
                "sorted_vocab": bool(doc.get("si_sorted")),
            }
        if doc.get("tc_dense"):
            raise ModelError(
                f"the propaganda model in {path} uses dense TC features, which "
                "are no longer supported: retrain it with `newscheck train "
                "propaganda`"
            )
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
            low=doc.get("low"),
            gap=doc["gap"],
            split=doc.get("split", False),
            max_len=doc.get("max_len", 0),
            loaded=doc.get("loaded", ()),
            meta=doc.get("meta", {}),
            si_tables=si_tables,
        )

    # -- span identification -------------------------------------------------
    def token_probs(self, doc: Doc) -> list[np.ndarray]:
        """P(token is inside a propaganda span), one array per sentence."""
        return self._si_fast.probs(doc)

    def token_probs_reference(self, doc: Doc) -> list[np.ndarray]:
        """:meth:`token_probs` computed from the feature strings (slow)."""
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
            out.append(sigmoid(np.asarray(scores)))
        return out

    def decode(
        self,
        doc: Doc,
        probs: list[np.ndarray],
        *,
        threshold: float | None = None,
        low: float | None = None,
        gap: int | None = None,
        split: bool | None = None,
        max_len: int | None = None,
        loaded: Collection[str] | None = None,
        marks: list[np.ndarray] | None = None,
    ) -> list[tuple[int, int, float]]:
        """``(start, end, score)`` spans, by hysteresis: runs of tokens at or above
        *low* (bridging gaps of at most *gap* tokens) that hold at least one token
        at or above *threshold*. With *split*, runs are cut at clause punctuation
        (commas, semicolons, colons, dashes, brackets, quotes) and each piece is
        kept on its own terms; with *max_len* > 0, runs longer than that many
        tokens are cut at their least likely inner token until none is. Words in
        *loaded* count as tokens at the threshold (*marks*, per sentence a
        boolean per token, may give them precomputed).
        Runs of function words only are dropped; the score is the mean token
        probability of the span."""
        thr = self.threshold if threshold is None else threshold
        if low is None:
            low = self.low if threshold is None else threshold
        low = min(low, thr)
        gap = self.gap if gap is None else gap
        split = self.split if split is None else split
        max_len = self.max_len if max_len is None else max_len
        loaded = self.loaded if loaded is None else loaded
        text = doc.text
        spans = []
        for k, (stoks, probs_k) in enumerate(zip(doc.tokens, probs, strict=True)):
            # Plain lists: sentences are short, numpy calls would cost more.
            p = probs_k.tolist()
            hot = p
            if marks is not None:
                if marks[k].any():
                    mk = marks[k].tolist()
                    hot = [max(x, thr) if m else x for x, m in zip(p, mk, strict=True)]
            elif loaded:
                mask = [text[s:e].lower() in loaded for s, e in stoks]
                if any(mask):
                    hot = [
                        max(x, thr) if m else x for x, m in zip(p, mask, strict=True)
                    ]
            on = [i for i, x in enumerate(hot) if x >= low]
            if not on:
                continue
            runs = [[on[0], on[0]]]
            for i in on[1:]:
                if i - runs[-1][1] - 1 <= gap:
                    runs[-1][1] = i
                else:
                    runs.append([i, i])
            if split:
                runs = _split_runs(text, stoks, runs)
            if max_len > 0:
                runs = _cap_runs(hot, runs, max_len)
            for a, b in runs:
                if max(hot[a : b + 1]) < thr:
                    continue
                while a <= b and not _wordy(text, stoks[a]):
                    a += 1
                while b >= a and not _wordy(text, stoks[b]):
                    b -= 1
                if a > b or all(
                    text[s:e].lower() in FUNCTION_WORDS for s, e in stoks[a : b + 1]
                ):
                    continue
                spans.append(
                    (stoks[a][0], stoks[b][1], sum(p[a : b + 1]) / (b - a + 1))
                )
        return spans

    # -- technique classification --------------------------------------------
    def technique_probs(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(len(spans), n_techniques)`` probabilities."""
        return softmax(self._tc_fast.logits(doc, spans))

    def technique_probs_reference(
        self, doc: Doc, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """:meth:`technique_probs` computed from the feature strings (slow)."""
        lower = doc.text.lower()
        z = np.tile(self.tc_intercept, (len(spans), 1))
        idx = self.tc_index
        for r, (s, e) in enumerate(spans):
            cols, vals = [], []
            for name, val in tc_features(doc, s, e, self.lexicon, lower_text=lower):
                j = idx.get(name)
                if j is not None:
                    cols.append(j)
                    vals.append(val)
            if cols:
                z[r] += np.asarray(vals) @ self.tc_coef[cols]
        return softmax(z)

    def classify(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[str]:
        """One technique per span; copies of one span get distinct techniques,
        in order of probability (the TC setting, where a span annotated with two
        techniques appears twice)."""
        return label_spans(self.technique_probs(doc, spans), spans, self.techniques)

    # -- both ----------------------------------------------------------------
    def _candidates(
        self, doc: Doc, threshold: float | None
    ) -> tuple[Doc, list[np.ndarray], list[np.ndarray]]:
        """The sentences of *doc* where :meth:`decode` can find a span, with their
        token probabilities and marks.

        A span needs a token at or above the threshold (marked tokens count as at
        it), so sentences without one are left out: the same spans, found without
        reading three sentences in four.
        """
        return self._kept(doc, threshold, *self._si_fast.flat_probs_and_marks(doc))

    def _kept(
        self,
        doc: Doc,
        threshold: float | None,
        p: np.ndarray,
        mark: np.ndarray,
        lens: np.ndarray,
    ) -> tuple[Doc, list[np.ndarray], list[np.ndarray]]:
        """:meth:`_candidates` from the document's flat probabilities."""
        if not len(lens):
            return doc, [], []
        thr = self.threshold if threshold is None else threshold
        hot = np.where(mark, np.maximum(p, thr), p)
        ends = np.cumsum(lens)
        starts = ends - lens
        keep = np.flatnonzero(np.maximum.reduceat(hot, starts) >= thr).tolist()
        if not keep:
            return Doc(doc.text, [], [], []), [], []
        b, e = starts.tolist(), ends.tolist()
        sub = Doc(
            doc.text,
            [doc.sentences[k] for k in keep],
            [doc.tokens[k] for k in keep],
            [doc.is_title[k] for k in keep],
        )
        return sub, [p[b[k] : e[k]] for k in keep], [mark[b[k] : e[k]] for k in keep]

    def predict(
        self,
        text: str,
        *,
        title_lines: int = 0,
        threshold: float | None = None,
        sentences: Sequence[tuple[int, int]] | None = None,
    ) -> list[SpanPrediction]:
        """Find the spans of *text* and label each with its likeliest technique
        (*threshold*: see :meth:`decode`; default the trained one; the trained
        ``low`` is kept; *sentences*: ``split_sentences(text)`` if already
        computed, see :meth:`Doc.from_text`)."""
        doc = Doc.from_text(text, title_lines=title_lines, sentences=sentences)
        cand, probs, marks = self._candidates(doc, threshold)
        return self._predicted(doc, cand, probs, marks, threshold)

    def predict_many(
        self,
        items: Sequence[tuple[str, int, Sequence[tuple[int, int]] | None]],
        *,
        threshold: float | None = None,
    ) -> list[list[SpanPrediction]]:
        """:meth:`predict` of each ``(text, title_lines, sentences)`` of *items*
        (the texts of a batch chunk), with the token probabilities of all of them
        computed in one vectorised pass (:meth:`SIScorer.flat_probs_and_marks_many`;
        the same values)."""
        docs = [
            Doc.from_text(text, title_lines=lines, sentences=sents)
            for text, lines, sents in items
        ]
        flat = self._si_fast.flat_probs_and_marks_many(docs)
        out = []
        for doc, scored in zip(docs, flat, strict=True):
            cand, probs, marks = self._kept(doc, threshold, *scored)
            out.append(self._predicted(doc, cand, probs, marks, threshold))
        return out

    def _predicted(
        self,
        doc: Doc,
        cand: Doc,
        probs: list[np.ndarray],
        marks: list[np.ndarray] | None,
        threshold: float | None,
    ) -> list[SpanPrediction]:
        """The labelled spans decoded from the candidate sentences *cand*."""
        spans = self.decode(cand, probs, threshold=threshold, low=self.low, marks=marks)
        if not spans:
            return []
        probs = self.technique_probs(doc, [(s, e) for s, e, _ in spans])
        best = probs.argmax(axis=1)
        best_p = probs[np.arange(len(spans)), best].tolist()
        out = []
        for (s, e, score), k, pk in zip(spans, best.tolist(), best_p, strict=True):
            out.append(SpanPrediction(s, e, self.techniques[k], score, pk))
        return out


#: Words (and punctuation) a predicted span may not consist of only: the
#: decoder drops runs of them.
FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with and or but as is are was were be
    been it its this that these those he she they we you i his her their our
    , . ! ? ; :""".split()
)


_CLAUSE = frozenset(',;:()"“”‘’–—')


def _split_runs(
    text: str, stoks: list[tuple[int, int]], runs: list[list[int]]
) -> list[list[int]]:
    """Cut token runs at clause punctuation (the punctuation itself is dropped)."""
    out = []
    for a, b in runs:
        start = a
        for i in range(a, b + 1):
            s, e = stoks[i]
            if e - s == 1 and text[s] in _CLAUSE:
                if i > start:
                    out.append([start, i - 1])
                start = i + 1
        if start <= b:
            out.append([start, b])
    return out


def _cap_runs(p: list[float], runs: list[list[int]], max_len: int) -> list[list[int]]:
    """Cut runs longer than *max_len* tokens at their least likely inner token
    (which is dropped), again until every piece is short enough."""
    out = []
    todo = list(reversed(runs))
    while todo:
        a, b = todo.pop()
        if b - a + 1 <= max_len:
            out.append([a, b])
            continue
        if b - a < 2:  # two tokens, max_len 1: no inner token to drop
            out += [[a, a], [b, b]]
            continue
        i = min(range(a + 1, b), key=p.__getitem__)  # first least likely
        todo.append([i + 1, b])
        todo.append([a, i - 1])
    return out


def _wordy(text: str, tok: tuple[int, int]) -> bool:
    s, e = tok
    return text[s:e][:1].isalnum() or text[s:e] in {"!", "?"}
