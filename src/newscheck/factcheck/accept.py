"""Acceptance: does a matched fact-check check *the same claim* as the sentence?

The matcher (:mod:`newscheck.factcheck.index`) finds fact-checks about the same
topic; this module decides whether one checks the same claim. :func:`compare`
measures how a sentence and a candidate claim agree (words, figures, years,
names, negation) and says how they differ in short strings a person can read;
:class:`Acceptor` turns the matcher's similarity plus those agreement features
into a probability (a logistic model fitted in the lab on training data only,
``acceptance.json``) and a relation:

- ``"same"``: the probability reaches the threshold and neither a figure, a
  year nor the polarity differs: the fact-check's verdict applies to the sentence;
- ``"related"``: anything else: listed with its differences, never as a verdict.

Examples
--------
>>> diffs = compare("The stimulus created 3 million jobs",
...                 "The stimulus created zero jobs").differences
>>> diffs
['different figure: 3 million vs zero']
>>> compare("Obama did not release 122 detainees",
...         "Obama released 122 detainees").differences
['opposite polarity']
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.errors import ModelError
from newscheck.factcheck.text import STOPWORDS, clean, terms

__all__ = [
    "ACCEPT_FEATURES",
    "Acceptor",
    "Assessment",
    "Comparison",
    "clear_cache",
    "compare",
    "default_acceptor",
    "figures",
]

#: Features of the acceptance model, in order.
ACCEPT_FEATURES = (
    "sim",
    "idf_cover_claim",
    "num_conflict",
    "num_shared",
    "num_claim_only",
    "year_conflict",
    "ent_claim_missing",
    "ent_query_extra",
    "neg_mismatch",
)
#: Differences that make a match "related" whatever its probability.
HARD_DIFFERENCES = ("different figure", "different year", "opposite polarity")

_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_NUM = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
    r"(?P<pct>\s?%|\s?percent\b|\s?per\s?cent\b)?"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?"
    r"(?:st|nd|rd|th)?(?![\w])",
    re.IGNORECASE,
)
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor cannot without n't isn't aren't "
    "wasn't weren't don't doesn't didn't won't wouldn't can't couldn't shouldn't "
    "hasn't haven't hadn't isnt arent wasnt werent dont doesnt didnt wont wouldnt "
    "cant couldnt shouldnt hasnt havent hadnt".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
#: What ends the 12 characters before a word that starts a sentence (or a
#: reported statement: "said that Child care …").
_SENT_START = re.compile(
    r"(?:^\s*|[.!?:;\"“”()\[\]—–-]\s*|\b(?:that|said|says|claimed|claims)\s+)$"
)
_ALNUM = re.compile(r"[a-z0-9]+")
#: Capitalised words that are not names.
_NOT_NAMES = frozenset(
    "i i'm says said according breaking fact check claim photo video watch new "
    "mr mrs ms dr st us u.s usa".split()
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written and its value (``3 million`` → 3e6)."""

    text: str
    value: float
    percent: bool
    year: bool


def figures(text: str) -> list[Figure]:
    """The figures of *text*: numerals, number words and scale words.

    >>> [(f.text, f.value) for f in figures("3 million jobs, 12% more, in 2009")]
    [('3 million', 3000000.0), ('12%', 12.0), ('2009', 2009.0)]
    """
    out = []
    for m in _NUM.finditer(text):
        raw = m.group("num")
        low = raw.lower()
        value = float(_WORDS[low]) if low in _WORDS else float(raw.replace(",", ""))
        scale = (m.group("scale") or "").lower()
        if scale in ("k", "m", "b") and not raw[0].isdigit():
            scale = ""  # "one m…" is not a million
        if scale:
            value *= _SCALES[scale]
        pct = bool(m.group("pct"))
        year = (
            not pct
            and not scale
            and raw.isdigit()
            and len(raw) == 4
            and 1800 <= value <= 2100
        )
        shown = m.group(0).strip() if (pct or scale) else raw
        out.append(Figure(shown, value, pct, year))
    return out


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))


def _pair(
    qs: list[Figure], cs: list[Figure], *, exact: bool = False
) -> tuple[int, list[Figure], list[Figure]]:
    """Pair equal figures one to one: ``(pairs, unpaired of qs, unpaired of cs)``."""
    left = list(cs)
    unpaired = []
    for f in qs:
        j = next(
            (
                i
                for i, g in enumerate(left)
                if (f.value == g.value if exact else _same_value(f.value, g.value))
            ),
            None,
        )
        if j is None:
            unpaired.append(f)
        else:
            del left[j]
    return len(qs) - len(unpaired), unpaired, left


def _names(text: str) -> dict[str, str]:
    """Capitalised words not starting a sentence, lower-cased → as written."""
    out: dict[str, str] = {}
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if not word[0].isupper():
            continue
        at = m.start()
        if at == 0 or _SENT_START.search(text[max(0, at - 12) : at]):
            continue
        low = word.lower().replace("’", "'")
        if low in STOPWORDS or low in _NOT_NAMES or len(low) < 2:
            continue
        out.setdefault(low, word)
    return out


def _polarity(text: str) -> int:
    words = re.findall(r"[a-z'’]+", text.lower().replace("’", "'"))
    return sum(w in _NEGATIONS or w.endswith("n't") for w in words) % 2


@dataclass(frozen=True, slots=True)
class _Side:
    """What :func:`compare` reads of one text (computed once per text)."""

    terms: frozenset[str]
    figures: tuple[Figure, ...]
    names: dict[str, str]
    words: frozenset[str]
    polarity: int


@lru_cache(maxsize=8192)
def _side(text: str) -> _Side:
    cleaned = clean(text)
    t = frozenset(terms(cleaned))
    return _Side(
        terms=t,
        figures=tuple(figures(cleaned)),
        names=_names(cleaned),
        words=frozenset(_ALNUM.findall(cleaned.lower())) | t,
        polarity=_polarity(cleaned),
    )


def clear_cache() -> None:
    """Forget the texts read so far (what a benchmark does to time new text)."""
    _side.cache_clear()


@dataclass(frozen=True, slots=True)
class Comparison:
    """How a sentence and a claim agree: the features and the differences."""

    features: dict[str, float]
    differences: list[str] = field(default_factory=list)


def compare(
    query: str,
    claim: str,
    similarity: float = 1.0,
    idf: Callable[[str], float] | None = None,
    claimant: str | None = None,
) -> Comparison:
    """Agreement features of *query* and *claim* and their differences.

    *similarity* is the matcher's score of the pair (the ``sim`` feature);
    *idf* weighs terms in ``idf_cover_claim``, the share of the claim's terms
    the query holds (the index's BM25 IDF; uniform without it). A name of the
    query that is the fact-check's *claimant* (who made the claim) is not a
    name the claim lacks.
    """
    qs, cs = _side(query), _side(claim)
    qt, ct = qs.terms, cs.terms
    feats = {name: 0.0 for name in ACCEPT_FEATURES}
    feats["sim"] = float(similarity)
    weight = idf or (lambda _t: 1.0)
    c_all = sum(weight(t) for t in ct)
    feats["idf_cover_claim"] = sum(weight(t) for t in qt & ct) / c_all if c_all else 0.0
    diffs: list[str] = []

    qn = [f for f in qs.figures if not f.year]
    cn = [f for f in cs.figures if not f.year]
    if qn and cn:
        paired, uq, uc = _pair(qn, cn)
        feats["num_shared"] = float(paired > 0)
        if uq and uc:
            feats["num_conflict"] = 1.0
            diffs.append(f"different figure: {uq[0].text} vs {uc[0].text}")
    elif cn:
        feats["num_claim_only"] = 1.0
    qy = [f for f in qs.figures if f.year]
    cy = [f for f in cs.figures if f.year]
    _, uqy, ucy = _pair(qy, cy, exact=True)
    if uqy and ucy:
        feats["year_conflict"] = 1.0
        diffs.append(f"different year: {uqy[0].text} vs {ucy[0].text}")

    qnames, cnames = qs.names, cs.names
    q_words = qs.words
    c_words = cs.words
    if claimant:
        c_words = c_words | set(_ALNUM.findall(claimant.lower()))
    missing = [w for w in cnames if not _present(w, q_words)]
    extra = [w for w in qnames if not _present(w, c_words)]
    if cnames:
        feats["ent_claim_missing"] = len(missing) / len(cnames)
    if qnames:
        feats["ent_query_extra"] = len(extra) / len(qnames)
    if missing and extra:
        diffs.append(f"different name: {qnames[extra[0]]} vs {cnames[missing[0]]}")

    if qs.polarity != cs.polarity:
        feats["neg_mismatch"] = 1.0
        diffs.append("opposite polarity")
    return Comparison(feats, diffs)


def _present(word: str, words: AbstractSet[str]) -> bool:
    parts = re.findall(r"[a-z0-9]+", word)
    return bool(parts) and all(p in words for p in parts)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The acceptance of one match: relation, probability, differences."""

    relation: str
    acceptance: float
    differences: list[str]


@dataclass(slots=True)
class Acceptor:
    """Logistic acceptance model over :data:`ACCEPT_FEATURES`.

    Without a fitted model (``acceptance.json`` absent) the probability is the
    matcher's similarity.
    """

    weights: tuple[float, ...] = (1.0,) + (0.0,) * (len(ACCEPT_FEATURES) - 1)
    bias: float = 0.0
    threshold: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)
    fitted: bool = False

    @classmethod
    def load(cls, path: str | Path | None = None) -> Acceptor:
        """The shipped model (``models/factcheck/acceptance.json``)."""
        from newscheck.factcheck.index import MODEL_DIR

        path = Path(path) if path else MODEL_DIR / "acceptance.json"
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if tuple(data["features"]) != ACCEPT_FEATURES:
                raise ValueError("features differ from this version's")
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                info=dict(data.get("info", {})),
                fitted=True,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"corrupt fact-check acceptance model {path}: {exc}"
            ) from exc

    def save(self, path: str | Path) -> None:
        """Write the model as JSON."""
        data = {
            "features": list(ACCEPT_FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "info": self.info,
        }
        Path(path).write_text(
            json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    def probability(self, features: dict[str, float]) -> float:
        """P(same claim) of one pair's *features*."""
        if not self.fitted:
            return float(features["sim"])
        x = np.array([features[f] for f in ACCEPT_FEATURES], dtype=np.float64)
        z = float(np.dot(self.weights, x)) + self.bias
        return float(1.0 / (1.0 + np.exp(-z)))

    def assess(
        self,
        query: str,
        claim: str,
        similarity: float,
        idf: Callable[[str], float] | None = None,
        claimant: str | None = None,
    ) -> Assessment:
        """Relation, acceptance and differences of *claim* as a check of *query*."""
        cmp = compare(query, claim, similarity, idf, claimant)
        p = self.probability(cmp.features)
        hard = any(d.startswith(HARD_DIFFERENCES) for d in cmp.differences)
        same = p >= self.threshold and not hard
        return Assessment("same" if same else "related", round(p, 4), cmp.differences)


_DEFAULT: list[Acceptor] = []
_DEFAULT_LOCK = threading.Lock()


def default_acceptor() -> Acceptor:
    """The shipped acceptance model, loaded once per process."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(Acceptor.load())
        return _DEFAULT[0]
