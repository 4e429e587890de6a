"""One tokenisation pass for training and run time: boilerplate spans, word
tokens per segment (title, body sentences) and style signals from those tokens.

Run time reads every article once: the lower-cased text is scanned sentence by
sentence (``Pattern.findall(text, pos, endpos)``), so each token knows the
segment it came from without per-token offsets, and the explanation's sentence
contributions come from the very tokens that were scored. Training calls the
same functions, so features match by construction.

Examples
--------
>>> s = token_stream("Senate votes", "The Senate voted. It passed 52-48.")
>>> s.tokens
['senate', 'votes', 'the', 'senate', 'voted', 'it', 'passed', '52', '48']
>>> s.segments.tolist()
[-1, -1, 0, 0, 0, 1, 1, 1, 1]
>>> strip("WASHINGTON (Reuters) - The Senate voted.")
'The Senate voted.'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise, repeat

import numpy as np

from newscheck.article import split_sentences

__all__ = [
    "FUNCTION_WORDS",
    "STYLE_NAMES",
    "TokenStream",
    "boilerplate_spans",
    "canonical",
    "function_codes",
    "function_gram_keys",
    "function_gram_name",
    "strip",
    "style_signals",
    "token_stream",
]

# --- boilerplate that names the publisher or its page furniture --------------
_AGENCIES = r"Reuters|AP|AFP|CNN|UPI|Bloomberg|Sputnik|SatireWire\.com|[A-Z][\w.]*\.com"
# wire datelines, with any correction note / byline before them (ISOT's Reuters
# rows): "WASHINGTON (Reuters) - ", "(CNN)", "BEIJING, Dec 3 (AFP) —"; case-sensitive
_DATELINE = re.compile(
    rf"\A[^\n]{{0,400}}?\((?:{_AGENCIES})\)\s*[-–—:]+\s*|\A\s*\((?:{_AGENCIES})\)\s*"
)
# (trigger tokens, guard substrings or None, pattern on the lower-cased text,
# marks or None): a pattern runs only when the text has one of its trigger
# tokens and, if given, one of its guard substrings, which keeps the common case
# to set lookups. With marks (every match holds one, and no "."), it runs over
# the sentences around them only (see :func:`_around`).
_RULES: list[
    tuple[frozenset[str], tuple[str, ...] | None, re.Pattern[str], tuple[str, ...]]
] = [
    (
        frozenset({"featured"}),
        ("featured image",),
        re.compile(r"\bfeatured\s+image\b.*$", re.M),
        (),
    ),
    (
        frozenset("image images photo photos picture pictures".split()),
        None,
        re.compile(
            r"\b(?:image|photo|picture)s?\s*(?::|via\b|by\b|credit|courtesy)[^.\n]*"
        ),
        ("image", "photo", "picture"),
    ),
    (
        frozenset({"century"}),
        ("21st century wire",),
        re.compile(r"\b21st\s+century\s+wire\s+says\b"),
        (),
    ),
    (
        frozenset({"link"}),
        ("source link",),
        re.compile(r"\bsource\s+link:.*$", re.M),
        (),
    ),
]
_LINKS = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)@\w+"
    r"|\b\w+\.(?:com|org|net)\b"
)
_LINK_TRIGGERS = frozenset("http https www com org net".split())
# every match of _LINKS holds one of these (and no white space)
_LINK_MARKS = ("http", "www.", ".com", ".org", ".net")
_GETTY = re.compile(r"getty\s+images\b")
# Page furniture (share buttons, newsletter boxes, ad-blocker notes, comment
# prompts): the whole chunk (up to . ! ? or a line break) that holds it goes.
# trigger token -> guard substrings
_FURNITURE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "share": ("share",),
    "click": ("click",),
    "sign": ("sign",),
    "subscribe": ("subscribe",),
    "newsletter": ("newsletter",),
    "email": ("email",),
    "blocker": ("blocker",),
    "adblocker": ("blocker",),
    "disable": ("disable",),
    "moved": ("has moved",),
    "guidelines": ("guidelines",),
    "privacy": ("privacy",),
    "below": ("below",),
    "read": ("read more",),
    "letters": ("letters to",),
    "contributed": ("contributed",),
    "follow": ("follow",),
    "twitter": ("twitter",),
    "collection": ("collection",),
}
_FURNITURE_WORDS = frozenset(_FURNITURE_TRIGGERS)
# The furniture pattern. Every match holds one of the trigger words above as a
# whole word (each alternative starts and ends at word boundaries and spells
# one out), so it is looked for only around the trigger words a text holds.
_FURNITURE = re.compile(
    r"\b(?:"
    r"share\s+(?:this|on)|"
    r"click\s+here|"
    r"sign\s+up|"
    r"subscribe|"
    r"newsletter|"
    r"email\s+address|"
    r"ad\s*blocker|"
    r"disable\s+your\s+ad|"
    r"document\s+has\s+moved|"
    r"re-?post\s+guidelines|"
    r"privacy\s+policy|"
    r"comments?\s+below|"
    r"widget\s+below|"
    r"read\s+more\s+at|"
    r"send\s+letters\s+to|"
    r"contributed\s+to\s+this\s+report|"
    r"follow\s+(?:us|him|her|me)\s+on|"
    r"on\s+twitter:?\s*@|"
    r"add\s+to\s+collection"
    r")\b"
)


_TRIGGERS = frozenset().union(
    *(rule[0] for rule in _RULES), _LINK_TRIGGERS, _FURNITURE_WORDS, {"getty"}
)
_CHUNK_END = re.compile(r"[.!?\n]")


def _around(
    low: str, marks: tuple[str, ...] | frozenset[str], left: str, right: str
) -> list[tuple[int, int]]:
    """Merged regions of *low* around every occurrence of the *marks*: from the
    last character in *left* before it (or the start) to the first in *right*
    after it (or the end).

    A pattern whose every match holds one of the marks and none of the *left*
    and *right* characters finds, run over these regions only
    (``finditer(low, a, b)``), exactly the matches it finds in the whole text:
    no match crosses a region's edge, and each starts its scan where the whole
    scan would be between matches."""
    regions: list[tuple[int, int]] = []
    n = len(low)
    for mark in marks:
        i = low.find(mark)
        while i >= 0:
            j = i + len(mark)
            a = max([low.rfind(c, 0, i) for c in left])
            ends = [k for k in [low.find(c, j) for c in right] if k >= 0]
            b = min(ends) if ends else n
            regions.append((max(a, 0), b))
            i = low.find(mark, b) if b < n else -1
    return _merged(regions)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*spans* sorted, overlapping or touching ones joined."""
    if len(spans) < 2:
        return spans
    spans.sort()
    merged = [spans[0]]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


_SPACES = re.compile(r"\s+")


def _lower(text: str) -> str:
    """Lower-cased *text* of the same length (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _chunk(low: str, start: int, end: int) -> tuple[int, int]:
    """The chunk of *low* around ``[start, end)``: from after the previous
    ``.!?`` or line break to the next one (inclusive of trailing ``.!?``)."""
    a = max(low.rfind(c, 0, start) for c in ".!?\n") + 1
    m = _CHUNK_END.search(low, end)
    b = len(low) if m is None else m.start()
    while b < len(low) and low[b] in ".!?":
        b += 1
    return a, b


def boilerplate_spans(
    text: str, low: str | None = None, words: Iterable[str] | None = None
) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans of *text* that name where it came
    from: datelines, photo credits, share/newsletter chunks, links and handles.

    *low* is ``text`` lower-cased (same length) and *words* its word tokens, if
    the caller has them already."""
    low = _lower(text) if low is None else low
    spans: list[tuple[int, int]] = []
    if "(" in text[:420]:
        m = _DATELINE.match(text)
        if m and m.end() > m.start():
            spans.append(m.span())
    at = "@" in low
    if words is None:
        words = _WORD.findall(low)
    hits = _TRIGGERS.intersection(words)
    if not hits and not at:
        return spans
    for trig, guards, rx, marks in _RULES:
        if hits & trig and (guards is None or any(g in low for g in guards)):
            for a, b in _around(low, marks, ".", ".") if marks else ((0, len(low)),):
                spans.extend(
                    m.span() for m in rx.finditer(low, a, b) if m.end() > m.start()
                )
    if at or hits & _LINK_TRIGGERS:
        # a link holds no white space: its region runs from space to space
        marks = (*_LINK_MARKS, "@") if at else _LINK_MARKS
        for a, b in _around(low, marks, " ", " "):
            spans.extend(
                m.span() for m in _LINKS.finditer(low, a, b) if m.end() > m.start()
            )
    if "getty" in hits:
        for m in _GETTY.finditer(low):
            s, lo = m.start(), max(0, m.start() - 80)
            k = s
            while k > lo and low[k - 1] not in "().\n":
                k -= 1
            if k > 0 and low[k - 1] == "(":
                k -= 1
            stop = _CHUNK_END.search(low, m.end())
            spans.append((k, len(low) if stop is None else stop.start()))
    furn = hits & _FURNITURE_WORDS
    if furn and any(g in low for w in furn for g in _FURNITURE_TRIGGERS[w]):
        # a furniture match holds one of its words and no ". ! ?"
        for a, b in _around(low, furn, ".!?", ".!?"):
            spans.extend(_chunk(low, *m.span()) for m in _FURNITURE.finditer(low, a, b))
    return _merged(spans)


def strip(text: str) -> str:
    """*text* without its :func:`boilerplate_spans`, spaces collapsed."""
    spans = boilerplate_spans(text)
    if spans:
        parts, pos = [], 0
        for s, e in spans:
            parts.append(text[pos:s])
            pos = e
        parts.append(text[pos:])
        text = " ".join(parts)
    return _SPACES.sub(" ", text).strip()


# --- tokens -------------------------------------------------------------------
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")
# joins the ranges of a text for one scan; never part of a token
_MARK = "\x00"
_WORD_OR_MARK = re.compile(_WORD.pattern + "|" + _MARK)


@dataclass(frozen=True, slots=True)
class TokenStream:
    """Word tokens of an article, lower-cased, in reading order.

    ``segments[i]`` is -1 for title tokens and ``k`` for tokens of body sentence
    ``k``; ``n_title`` title tokens come first. Boilerplate spans are skipped.
    Leak tokens and digit runs are left as they are (see :func:`canonical`).
    ``body_spans`` are the body's :func:`boilerplate_spans` when the sentences
    cover all of it but white space (as :func:`split_sentences` does; the
    tokens read are then all of its tokens), else ``None``.
    """

    tokens: list[str]
    segments: np.ndarray
    n_title: int
    n_sentences: int
    body_spans: list[tuple[int, int]] | None = None


def _segment_tokens(
    low: str, a: int, b: int, spans: list[tuple[int, int]]
) -> list[str]:
    if not spans:
        return _WORD.findall(low, a, b)
    out: list[str] = []
    pos = a
    for s, e in spans:
        if e <= pos or s >= b:
            continue
        if s > pos:
            out += _WORD.findall(low, pos, s)
        pos = max(pos, e)
    if pos < b:
        out += _WORD.findall(low, pos, b)
    return out


def _covers(text: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    """Whether sorted *ranges* cover all of *text* but white space, with white
    space between any two (so no token of the text spans two ranges)."""
    pos = 0
    for k, (a, b) in enumerate(ranges):
        if a < pos or (a == pos and k) or text[pos:a].strip():
            return False
        pos = b
    return not text[pos:].strip()


def _tokens_of(
    text: str, ranges: tuple[tuple[int, int], ...]
) -> tuple[list[str], list[int]]:
    """Tokens of *text* in *ranges* (boilerplate skipped) and the count per range."""
    toks, counts, _ = _tokens_and_spans(text, ranges)
    return toks, counts


def _tokens_and_spans(
    text: str, ranges: tuple[tuple[int, int], ...]
) -> tuple[list[str], list[int], list[tuple[int, int]] | None]:
    """:func:`_tokens_of`, and the :func:`boilerplate_spans` of *text* where
    the tokens read are all of its tokens (:func:`_covers`; else ``None``)."""
    low = _lower(text)
    parts: list[list[str]] | None = None
    if len(ranges) > 1 and _MARK not in low:
        # one scan of the ranges joined by a mark (a regex call per range costs
        # more than the scan): the tokens between two marks are one range's
        toks = _WORD_OR_MARK.findall(_MARK.join([low[s:e] for s, e in ranges]))
        cuts = [-1]
        for _ in range(len(ranges) - 1):
            cuts.append(toks.index(_MARK, cuts[-1] + 1))
        out = toks.copy()
        for k in reversed(cuts[1:]):
            del out[k]
        cuts.append(len(toks))
        counts = [b - a - 1 for a, b in pairwise(cuts)]
    else:
        parts = [_WORD.findall(low, s, e) for s, e in ranges]
        out = [t for p in parts for t in p]
        counts = [len(p) for p in parts]
    if (_TRIGGERS.isdisjoint(out) and "@" not in low) and "(" not in text[:420]:
        # boilerplate_spans would find nothing either
        return out, counts, ([] if _covers(text, ranges) else None)
    spans = boilerplate_spans(text, low, out)
    whole = spans if _covers(text, ranges) else None
    if not spans:
        return out, counts, whole
    if parts is None:
        parts = [toks[a + 1 : b] for a, b in pairwise(cuts)]
    # spans are sorted and merged, so their ends rise too: a range overlaps one
    # iff the first span ending after its start begins before its end; the
    # other ranges keep their tokens
    ends = [e for _, e in spans]
    for i, (a, b) in enumerate(ranges):
        k = bisect_right(ends, a)
        if k < len(spans) and spans[k][0] < b:
            parts[i] = _segment_tokens(low, a, b, spans)
    return [t for p in parts for t in p], [len(p) for p in parts], whole


def token_stream(
    title: str,
    body: str,
    sentences: tuple[tuple[int, int], ...] | None = None,
) -> TokenStream:
    """Tokens of *title* and *body* (sentences of the body as in
    :class:`newscheck.article.Article`; computed if not given)."""
    if sentences is None:
        sentences = split_sentences(body)
    toks: list[str] = []
    counts = [0]
    if title:
        toks, counts = _tokens_of(title, ((0, len(title)),))
    n_title = len(toks)
    body_spans: list[tuple[int, int]] | None = None
    if sentences:
        btoks, bcounts, body_spans = _tokens_and_spans(body, sentences)
        toks += btoks
        counts += bcounts
    seg = np.repeat(np.arange(-1, len(counts) - 1), counts)
    return TokenStream(toks, seg, n_title, len(sentences), body_spans)


def canonical(tokens: list[str], leak: frozenset[str]) -> list[str]:
    """Training-time view of *tokens*: leak tokens dropped, digit runs -> ``0``."""
    return ["0" if t[0] <= "9" else t for t in tokens if t not in leak]


# --- style signals -------------------------------------------------------------
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
_FIRST = _set("we us our ours me my mine")  # "i" is not a 2-letter token
_SECOND = _set("you your yours")
# ``\b[A-Z]{2,}\b`` and ``[!?]{2,}|\.\.\.|…``, written to start with a character
# class (the regex engine then skips to candidate characters instead of trying
# every position): same matches, three to four times faster
_CAPS = re.compile(r"[A-Z](?<=\b[A-Z])[A-Z]+\b")
_MULTI = re.compile(r"[!?.…](?:(?<=[!?])[!?]+|(?<=\.)\.\.|(?<=…))")
_ACRONYMS = frozenset(
    "US USA UK UN EU FBI CIA NATO GOP CEO TV NFL NBA COVID WHO CDC".split()
)

#: Names of the style signals, in the order of :func:`style_signals`.
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


# style word -> its list: attribution, hedge, intensifier, first, second person
_STYLE_CODE = {
    w: k for k, ws in enumerate((_ATTRIB, _HEDGE, _INTENS, _FIRST, _SECOND)) for w in ws
}
_NO_CODE = len(set(_STYLE_CODE.values()))


def style_signals(title: str, body: str, stream: TokenStream) -> np.ndarray:
    """Cheap, outlet-independent style signals (see ``STYLE_NAMES``) from the
    tokens already read, as ``log1p`` of rates."""
    btoks = stream.tokens[stream.n_title :]
    ttoks = stream.tokens[: stream.n_title]
    n = max(len(btoks), 1)
    per100 = 100.0 / n
    caps = (
        sum(1 for w in _CAPS.findall(body) if w not in _ACRONYMS)
        if not body.islower()
        else 0
    )
    twords = title.split()
    tcaps = sum(1 for w in twords if len(w) > 1 and w.isupper() and w not in _ACRONYMS)
    code = _STYLE_CODE.get
    hits = np.bincount(
        np.fromiter(map(code, btoks, repeat(_NO_CODE)), np.intp, len(btoks)),
        minlength=_NO_CODE + 1,
    ).tolist()
    title_intens = sum(1 for t in ttoks if t in _INTENS)
    multi = (
        len(_MULTI.findall(body))
        if ("!!" in body or "??" in body or "?!" in body or "!?" in body)
        or ("..." in body or "…" in body)
        else 0
    )
    sample = btoks[:200]
    v = [
        caps * per100,
        tcaps / max(len(twords), 1),
        float("!" in title or "?" in title),
        body.count("!") * per100,
        body.count("?") * per100,
        multi * per100,
        (body.count('"') + body.count("“") + body.count("”")) * per100,
        hits[0] * per100,
        hits[1] * per100,
        (hits[2] + title_intens) * per100,
        hits[3] * per100,
        hits[4] * per100,
        # tokens are letter or digit runs: those before ":" start with 0-9
        sum(map(":".__gt__, btoks)) * per100,
        n / max(stream.n_sentences, 1) / 10.0,
        sum(map(len, btoks)) / n,
        len(set(sample)) / max(len(sample), 1),
    ]
    return np.log1p(np.asarray(v, dtype=np.float64))


# --- function-word n-grams (topic-independent sentence shapes) -----------------
#: Closed-class words (plus reporting verbs and hedges) kept as themselves in the
#: function-word view; every other word reads ``_`` and every number ``0``.
#: (Single letters are never tokens, so "a" and "i" do not appear.)
FUNCTION_WORDS: tuple[str, ...] = tuple(
    """about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him
    himself his how if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said
    says according may might must shall also however although though yet still even
    never always often already really perhaps maybe reportedly allegedly
    apparently""".split()
)
_FW_INDEX = {w: i for i, w in enumerate(FUNCTION_WORDS)}
#: code of a number, of any other word; codes < FW_NUMBER are function words
FW_NUMBER = len(FUNCTION_WORDS)
FW_OTHER = FW_NUMBER + 1
FW_BASE = FW_NUMBER + 2


def function_codes(tokens: list[str]) -> np.ndarray:
    """Function-word code of every token (see :data:`FUNCTION_WORDS`)."""
    get = _FW_INDEX.get
    return np.fromiter(
        (get(t, FW_NUMBER if t[0] <= "9" else FW_OTHER) for t in tokens),
        dtype=np.int64,
        count=len(tokens),
    )


def function_gram_keys(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys of the bigrams and trigrams of *codes* that hold at least one
    function word, and the token position each starts at.

    A bigram ``(a, b)`` is ``a * B + b`` and a trigram ``(a, b, c)`` is
    ``B**2 + (a * B + b) * B + c`` with ``B = FW_BASE``, so the two never clash.

    >>> keys, pos = function_gram_keys(function_codes(["the", "senate", "voted"]))
    >>> [function_gram_name(int(k)) for k in keys], pos.tolist()
    (['the _', 'the _ _'], [0, 0])
    """
    n = len(codes)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    fw = codes < FW_NUMBER
    a, b = codes[:-1], codes[1:]
    bi = a * FW_BASE + b
    bi_ok = fw[:-1] | fw[1:]
    keys, pos = [bi[bi_ok]], [np.flatnonzero(bi_ok)]
    if n >= 3:
        tri = FW_BASE * FW_BASE + bi[:-1] * FW_BASE + codes[2:]
        tri_ok = bi_ok[:-1] | fw[2:]
        keys.append(tri[tri_ok])
        pos.append(np.flatnonzero(tri_ok))
    return np.concatenate(keys), np.concatenate(pos)


def _code_name(c: int) -> str:
    return FUNCTION_WORDS[c] if c < FW_NUMBER else ("0" if c == FW_NUMBER else "_")


def function_gram_name(key: int) -> str:
    """Readable form of a :func:`function_gram_keys` key, e.g. ``"the _ of"``."""
    b2 = FW_BASE * FW_BASE
    if key < b2:
        return f"{_code_name(key // FW_BASE)} {_code_name(key % FW_BASE)}"
    k = key - b2
    return " ".join(
        _code_name(c) for c in (k // b2, (k // FW_BASE) % FW_BASE, k % FW_BASE)
    )
