"""Text normalisation, terms and style signals shared by training and inference.

Everything here is pure Python + numpy so that the analyzer can score an
article without scikit-learn. Training builds its matrices from the very same
functions, so the features seen at run time are exactly those learned from.

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
from collections import Counter
from collections.abc import Iterator

import numpy as np

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

# --- boilerplate that names the publisher or its page furniture --------------
# Each pattern removes text that tells *where* an article came from rather than
# what it says (the label leaks listed in the corpora's PROVENANCE.md files).
_AGENCIES = r"Reuters|AP|AFP|CNN|UPI|Bloomberg|Sputnik|SatireWire\.com|[A-Z][\w.]*\.com"
# (guard substrings of the lower-cased text, pattern): a pattern only runs when
# one of its guards occurs, which keeps the common case fast.
_BOILERPLATE: list[tuple[tuple[str, ...], str]] = [
    # wire datelines: "WASHINGTON (Reuters) - ", "(CNN)", "BEIJING, Dec 3 (AFP) —"
    (
        ("(",),
        # (with any correction note / byline before it, as in ISOT's Reuters rows)
        rf"\A[^\n]{{0,400}}?\((?:{_AGENCIES})\)\s*[-–—:]+\s*|\A\s*\((?:{_AGENCIES})\)\s*",
    ),
    # photo credits: "Featured image via …", "Image: X/Getty Images"
    (("featured image",), r"(?i)\bfeatured\s+image\b.*$"),
    (
        ("image", "photo", "picture"),
        r"(?i)\b(?:image|photo|picture)s?\s*(?::|via|by|credit|courtesy)[^.\n]*",
    ),
    (("getty",), r"(?i)\(?[^().\n]{0,80}\bgetty\s+images\b\)?[^.\n]*"),
    (("21st century wire",), r"(?i)\b21st\s+century\s+wire\s+says\b"),
    (("source link",), r"(?i)\bsource\s+link:.*$"),
    # links, handles, e-mail addresses, bare site names
    (
        ("http", "www.", "@", ".com", ".org", ".net"),
        r"https?://\S+|www\.\S+|\b\S+@\S+\.\w+\b|(?<!\w)@\w+|\b\w+\.(?:com|org|net)\b",
    ),
]
_BOILERPLATE_RE = [(g, re.compile(p, re.MULTILINE)) for g, p in _BOILERPLATE]
# Page furniture (share buttons, newsletter boxes, ad-blocker notes, comment
# prompts): the whole sentence that holds it goes.
_FURNITURE = re.compile(
    r"\b(?:share\s+(?:this|on)|click\s+here|sign\s+up|subscribe|newsletter"
    r"|email\s+address|ad\s*blocker|disable\s+your\s+ad|document\s+has\s+moved"
    r"|re-?post\s+guidelines|privacy\s+policy|comments?\s+below|widget\s+below"
    r"|read\s+more\s+at|send\s+letters\s+to|contributed\s+to\s+this\s+report"
    r"|follow\s+(?:us|him|her|me)\s+on|on\s+twitter:?\s*@|add\s+to\s+collection)\b",
    re.IGNORECASE,
)
_CHUNK = re.compile(r"[^.!?\n]+[.!?]*")
_SPACES = re.compile(r"[ \t]+")

#: Tokens that name publishers, wires or page furniture; never used as features.
LEAK_TOKENS = frozenset(
    """reuters ap afp upi cnn abc nbc cbs fox msnbc politico sputnik breitbart infowars
    radaronline suntimes usatoday buzzfeed getty featured image images via
    satirewire lapine onion babylonbee huffpost huffington addicting dailycaller
    newsmax tass subscribe newsletter share facebook twitter email click
    com www http https org net""".split()
)


def strip_boilerplate(text: str) -> str:
    """*text* without datelines, photo credits, share/newsletter lines and links."""
    if _FURNITURE.search(text):
        text = _CHUNK.sub(
            lambda m: " " if _FURNITURE.search(m.group()) else m.group(), text
        )
    low = text.lower()
    for guards, rx in _BOILERPLATE_RE:
        if any(g in low for g in guards):
            text = rx.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


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
def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ATTRIB = _set(
    "said says told according reported stated announced spokesman spokeswoman "
    "spokesperson statement confirmed added explained wrote testified"
)
_HEDGE = _set(
    "may might could reportedly allegedly apparently possibly perhaps likely "
    "unlikely suggests suggested appears seems rumored rumoured rumors believed "
    "estimated approximately about"
)
_INTENS = _set(
    "very totally absolutely completely utterly shocking incredible unbelievable "
    "outrageous insane disgusting horrible amazing massive huge devastating destroy "
    "destroys destroyed slams blasts epic bombshell breaking exposed truth hoax evil "
    "disgrace disgraceful idiot stupid pathetic radical elite elites globalist msm "
    "liberal liberals leftist leftists"
)
_FIRST = _set("i me my mine we us our ours")
_SECOND = _set("you your yours")
_CAPS = re.compile(r"\b[A-Z]{2,}\b")
_WORDS = re.compile(r"[^\W\d_][^\W_]*")
_SENT_END = re.compile(r"[.!?]+(?:\s|$)")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE = re.compile(r"[\"“”]")
_MULTI = re.compile(r"[!?]{2,}|\.\.\.|…")
_ACRONYMS = frozenset(
    "US USA UK UN EU FBI CIA NATO GOP CEO TV NFL NBA COVID WHO CDC".split()
)

#: Names of the style signals, in the order of :func:`style_vector`.
STYLE_NAMES: tuple[str, ...] = (
    "caps_words_per_100",
    "title_caps_ratio",
    "title_exclaim_or_question",
    "exclamations_per_100",
    "questions_per_100",
    "multi_punct_per_100",
    "quotes_per_100",
    "attribution_per_100",
    "hedges_per_100",
    "intensifiers_per_100",
    "first_person_per_100",
    "second_person_per_100",
    "numbers_per_100",
    "mean_sentence_words",
    "mean_word_chars",
    "type_token_ratio",
)


def _hits(counts: Counter[str], words: frozenset[str]) -> int:
    return sum(counts[w] for w in words if w in counts)


def style_vector(title: str, body: str) -> np.ndarray:
    """Cheap, outlet-independent style signals of an article (see ``STYLE_NAMES``),
    as ``log1p`` of rates so that no single article dominates."""
    body = body or ""
    words = _WORDS.findall(body)
    n = max(len(words), 1)
    per100 = 100.0 / n
    caps = sum(1 for w in _CAPS.findall(body) if w not in _ACRONYMS)
    twords = _WORDS.findall(title)
    tcaps = sum(1 for w in twords if len(w) > 1 and w.isupper() and w not in _ACRONYMS)
    sents = max(len(_SENT_END.findall(body)), 1)
    low = body.lower()
    counts = Counter(_WORDS.findall(low))
    sample = _WORDS.findall(low[:1500])[:200]
    tcounts = Counter(_WORDS.findall(title.lower()))
    v = [
        caps * per100,
        tcaps / max(len(twords), 1),
        float("!" in title or "?" in title),
        body.count("!") * per100,
        body.count("?") * per100,
        len(_MULTI.findall(body)) * per100,
        len(_QUOTE.findall(body)) * per100,
        _hits(counts, _ATTRIB) * per100,
        _hits(counts, _HEDGE) * per100,
        (_hits(counts, _INTENS) + _hits(tcounts, _INTENS)) * per100,
        _hits(counts, _FIRST) * per100,
        _hits(counts, _SECOND) * per100,
        len(_NUM.findall(body)) * per100,
        n / sents / 10.0,
        sum(map(len, words)) / n,
        len(set(sample)) / max(len(sample), 1),
    ]
    return np.log1p(np.asarray(v, dtype=np.float64))


def sublinear(count: int) -> float:
    """The term-frequency weight used everywhere: ``1 + log(count)``."""
    return 1.0 + math.log(count)
