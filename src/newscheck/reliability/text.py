"""Leak tokens and string-level helpers around the reliability features.

The models read :mod:`newscheck.reliability.features` (one token stream for
training and run time). This module keeps the publisher/furniture tokens that
never become features (:data:`LEAK_TOKENS`, dropped from that stream), plus
convenience views for tests and tools: :func:`strip_boilerplate` (the text
without its boilerplate spans), :func:`word_terms` (unigrams + bigrams of a
string) and :func:`style_vector` (the style signals of a title and body).

Examples
--------
>>> strip_boilerplate("WASHINGTON (Reuters) - The Senate voted.")
'The Senate voted.'
>>> word_terms("The Senate voted.")
['the', 'senate', 'voted', 'the senate', 'senate voted']
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator

import numpy as np

from newscheck.reliability.features import (
    STYLE_NAMES,
    strip,
    style_signals,
    token_stream,
)

__all__ = [
    "LEAK_TOKENS",
    "STYLE_NAMES",
    "char_terms",
    "normalize",
    "strip_boilerplate",
    "style_vector",
    "terms",
    "word_spans",
    "word_terms",
]

#: Tokens that name publishers, wires or page furniture; never used as features.
LEAK_TOKENS = frozenset(
    """reuters ap afp upi cnn abc nbc cbs fox msnbc politico sputnik breitbart infowars
    radaronline suntimes usatoday buzzfeed getty featured image images via
    satirewire lapine onion babylonbee huffpost huffington addicting dailycaller
    newsmax tass subscribe newsletter share facebook twitter email click
    com www http https org net""".split()
)


def strip_boilerplate(text: str) -> str:
    """*text* without datelines, photo credits, share/newsletter lines and links
    (the spans of :func:`newscheck.reliability.features.boilerplate_spans`)."""
    return strip(text)


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})


def normalize(text: str) -> str:
    """Lower-case, straight quotes, apostrophes as spaces (ISOT lost its apostrophes,
    so "couldn't" and "couldn t" must give the same terms)."""
    return text.translate(_QUOTES).replace("'", " ").lower()


_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` of each word term of *text* (offsets into *text*)."""
    low = normalize(text)
    for m in _WORD.finditer(low):
        tok = m.group()
        if tok in LEAK_TOKENS:
            continue
        yield m.start(), m.end(), ("0" if tok[0].isdigit() else tok)


def word_terms(text: str, *, bigrams: bool = True) -> list[str]:
    """Word unigrams (and bigrams) of *text*; digits become ``0``."""
    toks = [t for _, _, t in word_spans(text)]
    if bigrams:
        return toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)]
    return toks


def char_terms(
    text: str, *, n: tuple[int, int] = (3, 5), limit: int = 3000
) -> list[str]:
    """Character n-grams inside word boundaries (like scikit-learn's ``char_wb``)
    of the first *limit* characters, prefixed ``#``."""
    out: list[str] = []
    lo, hi = n
    for w in normalize(text[:limit]).split():
        if w in LEAK_TOKENS:
            continue
        w = f" {w} "
        for k in range(lo, hi + 1):
            out.extend("#" + w[i : i + k] for i in range(len(w) - k + 1))
    return out


def terms(text: str, *, chars: bool = False) -> list[str]:
    """The terms the n-gram models read (words, bigrams, optional char n-grams)."""
    out = word_terms(text)
    if chars:
        out += char_terms(text)
    return out


# --- style signals -----------------------------------------------------------
def style_vector(title: str, body: str) -> np.ndarray:
    """Style signals of an article (see ``STYLE_NAMES``; computed from the
    run-time token stream by :func:`newscheck.reliability.features.style_signals`)."""
    return style_signals(title, body, token_stream(title, body))


def sublinear(count: int) -> float:
    """The term-frequency weight used everywhere: ``1 + log(count)``."""
    return 1.0 + math.log(count)
