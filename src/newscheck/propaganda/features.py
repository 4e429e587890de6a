"""Tokens, sentences and feature strings shared by training and inference.

Everything here is pure Python so the analyzer needs only numpy at run time.
A feature is a string (``"w=colossal"``) with a value (1.0 unless stated); the
model maps strings to columns through the vocabulary saved with it.

Span identification (SI) scores each token. Its features split into *token*
features and *sentence* features (``"s:…"``), the latter shared by every token of
a sentence, so inference computes the sentence part once per sentence.
Technique classification (TC) describes one span with its words, character
n-grams, context and hand-made cues (exclamation marks and capitals for loaded
language, repeats of the span for repetition, "because" for causal
oversimplification, national words for flag-waving, …).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from newscheck.article import split_sentences

__all__ = [
    "Doc",
    "si_sentence_features",
    "si_token_features",
    "tc_features",
    "tokenize",
    "word_grams",
]

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_QUOTES = frozenset('"“”')
#: A sentence of more tokens is cut into pieces of this many (no real sentence
#: is that long; without the cut, a text with no sentence end would make the
#: context of every span the whole text, and memory grow with its square).
MAX_SENTENCE_TOKENS = 4096

FLAG_WORDS = frozenset(
    """america american americans nation national nations patriot patriots
    patriotic country countries flag homeland motherland fatherland our we us
    people freedom liberty constitution sovereignty heritage values""".split()
)
CAUSAL_WORDS = frozenset(
    "because since therefore thus hence so consequently caused cause causes "
    "result resulted due blame blamed reason".split()
)
DOUBT_WORDS = frozenset(
    "allegedly alleged supposedly so-called claims claimed claim questionable "
    "really truly why whether doubt doubts suspicious".split()
)
HITLER_WORDS = frozenset(
    "hitler nazi nazis fascist fascists communist communists stalin "
    "totalitarian dictator".split()
)
BANDWAGON_WORDS = frozenset(
    "everyone everybody all majority millions nobody no-one most".split()
)
AUTHORITY_WORDS = frozenset(
    "said says according expert experts professor dr scientist study "
    "official officials pope".split()
)
FEAR_WORDS = frozenset(
    "threat threats danger dangerous fear destroy destruction kill killed "
    "death die invasion invade terror terrorist terrorists war crisis".split()
)
ABSOLUTE_WORDS = frozenset(
    "never always only either or must nothing every everything none".split()
)


def tokenize(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """``(start, end)`` of word and punctuation tokens in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, end)]


@dataclass(slots=True)
class Doc:
    """A text cut into sentences and tokens (offsets into :attr:`text`).

    Sentences are lines, each further split by :func:`split_sentences`; the PTC
    articles hold one sentence per line. ``title_lines`` lines at the top are
    marked as title. A sentence over :data:`MAX_SENTENCE_TOKENS` tokens is cut
    into pieces of that many tokens.
    """

    text: str
    sentences: list[tuple[int, int]]
    tokens: list[list[tuple[int, int]]]
    is_title: list[bool]
    #: The token texts, sentence after sentence, where known (``None``: read
    #: them from the offsets).
    words: list[str] | None = None

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title_lines: int = 0,
        sentences: Sequence[tuple[int, int]] | None = None,
    ) -> Doc:
        """The sentences and tokens of *text*.

        *sentences* may give ``split_sentences(text)`` already computed (as
        :attr:`newscheck.article.Article.sentences`): where none of them holds a
        line break, they are the sentences of the lines too (paragraph breaks
        are line breaks, and a sentence that does not run over a line break ends
        at it), so the lines are not split again.
        """
        if sentences is None or any("\n" in text[s:e] for s, e in sentences):
            sentences = _line_sentences(text)
        # One pass over the text: sentences hold every non-space character and
        # end at spaces, and tokens hold no space, so the tokens starting in a
        # sentence are those of tokenize(text, start, end).
        found = list(_TOKEN.finditer(text))
        toks = list(map(_SPAN, found))
        starts = list(map(_START, found))
        sents: list[tuple[int, int]] = []
        tokens: list[list[tuple[int, int]]] = []
        hi = 0
        for se in sentences:
            lo = bisect_left(starts, se[0], hi)
            hi = bisect_left(starts, se[1], lo)
            if hi - lo > MAX_SENTENCE_TOKENS:
                for a in range(lo, hi, MAX_SENTENCE_TOKENS):
                    b = min(a + MAX_SENTENCE_TOKENS, hi)
                    sents.append((toks[a][0], toks[b - 1][1]))
                    tokens.append(toks[a:b])
            elif hi > lo:
                sents.append(se)
                tokens.append(toks[lo:hi])
        if title_lines:
            # the offset where line number title_lines starts (len(text)+1: none)
            cut = -1
            for _ in range(title_lines):
                cut = text.find("\n", cut + 1)
                if cut < 0:
                    cut = len(text)
                    break
            title = [s < cut for s, _ in sents]
        else:
            title = [False] * len(sents)
        # every token lies in a kept sentence (they hold all non-space
        # characters): the token texts are those of the whole text's matches
        words = list(map(_GROUP, found)) if sum(map(len, tokens)) == len(toks) else None
        return cls(text, sents, tokens, title, words)


_SPAN = re.Match.span
_GROUP = re.Match.group
_START = re.Match.start


def _line_sentences(text: str) -> list[tuple[int, int]]:
    """:func:`split_sentences` of each line of *text*, as offsets into *text*."""
    if "\n" not in text:
        return list(split_sentences(text))
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            out += [(pos + s, pos + e) for s, e in split_sentences(line)]
        pos += len(line) + 1
    return out


def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "AA"
    if w[:1].isupper():
        return "Aa"
    if w.isdigit():
        return "0"
    if w.isalpha() or "_" in w or "'" in w or "’" in w:
        return "a"
    return "p"


def si_token_features(
    text: str, toks: list[tuple[int, int]], lexicon: Mapping[str, str]
) -> list[list[str]]:
    """Token-level SI features for each token of one sentence."""
    words = [text[s:e] for s, e in toks]
    low = [w.lower() for w in words]
    n = len(words)
    pad = ["<s>", "<s>", "<s>", *low, "</s>", "</s>", "</s>"]
    inq = False
    out: list[list[str]] = []
    for i, w in enumerate(words):
        lw = low[i]
        j = i + 3
        f = [
            "bias",
            f"w={lw}",
            f"w-1={pad[j - 1]}",
            f"w+1={pad[j + 1]}",
            f"w-2={pad[j - 2]}",
            f"w+2={pad[j + 2]}",
            f"w-3={pad[j - 3]}",
            f"w+3={pad[j + 3]}",
            f"b-={pad[j - 1]}|{lw}",
            f"b+={lw}|{pad[j + 1]}",
            f"t-={pad[j - 2]}|{pad[j - 1]}|{lw}",
            f"suf={lw[-3:]}",
            f"pre={lw[:3]}",
            f"shape={_shape(w)}",
            f"pos={min(i, 5)}",
            f"rpos={min(n - 1 - i, 5)}",
            f"rel={int(5 * i / n)}",
        ]
        if w in _QUOTES:
            inq = not inq
        elif inq:
            f.append("inquote")
        lex = lexicon.get(lw)
        if lex:
            f.append(f"lex={lex}")
        for k in (-1, 1):
            lex2 = lexicon.get(pad[j + k])
            if lex2:
                f.append(f"lex{k}={lex2}")
        out.append(f)
    return out


def si_sentence_features(
    text: str,
    toks: list[tuple[int, int]],
    lexicon: Mapping[str, str],
    *,
    is_title: bool = False,
) -> list[tuple[str, float]]:
    """Sentence-level SI features, shared by every token of the sentence."""
    low = [text[s:e].lower() for s, e in toks]
    uniq = sorted(set(low))
    v = 1.0 / math.sqrt(len(uniq))
    f: list[tuple[str, float]] = [(f"s:{w}", v) for w in uniq]
    n = len(low)
    f.append((f"s#len={min(n // 5, 10)}", 1.0))
    if "!" in low:
        f.append(("s#excl", 1.0))
    if "?" in low:
        f.append(("s#q", 1.0))
    if any(w in _QUOTES for w in low):
        f.append(("s#quote", 1.0))
    if is_title:
        f.append(("s#title", 1.0))
    caps = sum(1 for s, e in toks if e - s > 1 and text[s:e].isupper())
    if caps:
        f.append((f"s#caps={min(caps, 3)}", 1.0))
    nlex = sum(1 for w in low if lexicon.get(w, "").endswith("2"))
    f.append((f"s#strong={min(nlex, 4)}", 1.0))
    return f


def word_grams(w: str) -> frozenset[str]:
    """Character 3–5-grams of ``<w>`` (none for words under three characters)."""
    n = len(w) + 2
    if n < 5:
        return frozenset()
    p = f"<{w}>"
    # (lists, in the order k = 3, 4, 5 and i ascending: the same insertions, so
    # the same set and iteration order, as a generator over k and i)
    return frozenset(
        [p[i : i + 3] for i in range(n - 2)]
        + [p[i : i + 4] for i in range(n - 3)]
        + [p[i : i + 5] for i in range(n - 4)]
    )


def _lenbin(n: int) -> str:
    for lim, name in ((1, "1"), (2, "2"), (3, "3"), (5, "5"), (10, "10"), (20, "20")):
        if n <= lim:
            return name
    return "more"


def tc_features(
    doc: Doc,
    start: int,
    end: int,
    lexicon: Mapping[str, str],
    *,
    lower_text: str | None = None,
) -> list[tuple[str, float]]:
    """Features of the span ``doc.text[start:end]`` for technique classification.

    *lower_text* (``doc.text.lower()``) may be passed to save recomputing it.
    """
    text = doc.text
    lower_text = text.lower() if lower_text is None else lower_text
    span = text[start:end]
    ls = span.lower().strip()
    toks = tokenize(text, start, end)
    words = [text[s:e] for s, e in toks]
    low = [w.lower() for w in words]
    f: dict[str, float] = {"bias": 1.0}
    nw = max(len(low), 1)
    v = 1.0 / math.sqrt(nw)
    for w in low:
        f[f"u={w}"] = v
    for a, b in pairwise(low):
        f[f"bi={a}|{b}"] = v
    if low:
        f[f"first={low[0]}"] = 1.0
        f[f"last={low[-1]}"] = 1.0
    # Character n-grams of each distinct word (a gram shared by two words counts
    # twice), valued 1/sqrt(their number): per-word sums at inference.
    grams = [word_grams(w) for w in dict.fromkeys(low)]
    vg = 1.0 / math.sqrt(max(sum(map(len, grams)), 1))
    for word in grams:
        for g in word:
            f[f"c={g}"] = f.get(f"c={g}", 0.0) + vg
    f[f"len={_lenbin(len(low))}"] = 1.0
    # Context: the sentence(s) around the span, and the words just outside it.
    before = tokenize(text, max(0, start - 60), start)[-2:]
    after = tokenize(text, end, min(len(text), end + 60))[:2]
    for k, (s, e) in enumerate(reversed(before)):
        f[f"pre{k}={lower_text[s:e]}"] = 1.0
    for k, (s, e) in enumerate(after):
        f[f"post{k}={lower_text[s:e]}"] = 1.0
    ctx: set[str] = set()
    covers = 0
    for (ss, se), stoks, title in zip(
        doc.sentences, doc.tokens, doc.is_title, strict=True
    ):
        if se <= start or ss >= end:
            continue
        covers += 1
        if start <= ss and se <= end:
            f["whole_sentence"] = 1.0
        if ss >= start - 1 and ss <= start + 1:
            f["at_sentence_start"] = 1.0
        if se >= end - 1 and se <= end + 1:
            f["at_sentence_end"] = 1.0
        if title:
            f["in_title"] = 1.0
        for s, e in stoks:
            if e <= start or s >= end:
                ctx.add(lower_text[s:e])
        if any(lower_text[s:e] in CAUSAL_WORDS for s, e in stoks):
            f["ctx_causal"] = 1.0
    vc = 1.0 / math.sqrt(max(len(ctx), 1))
    for w in ctx:
        f[f"ctx={w}"] = vc
    f[f"nsent={min(covers, 3)}"] = 1.0
    # Repetition: how often the span's text occurs in the article.
    if ls:
        reps = lower_text.count(ls)
        f[f"rep={min(reps, 4)}"] = 1.0
        if reps > 1:
            f[f"rep_len={_lenbin(len(low))}"] = 1.0
    # Cues.
    sw = set(low)
    for name, lex in (
        ("flag", FLAG_WORDS),
        ("causal", CAUSAL_WORDS),
        ("doubt", DOUBT_WORDS),
        ("hitler", HITLER_WORDS),
        ("bandwagon", BANDWAGON_WORDS),
        ("authority", AUTHORITY_WORDS),
        ("fear", FEAR_WORDS),
        ("absolute", ABSOLUTE_WORDS),
    ):
        if sw & lex:
            f[f"cue_{name}"] = 1.0
    if "!" in span:
        f["cue_excl"] = 1.0
    if "?" in span:
        f["cue_q"] = 1.0
    if any(len(w) > 1 and w.isupper() for w in words):
        f["cue_caps"] = 1.0
    if span[:1] in _QUOTES or text[max(0, start - 1) : start] in _QUOTES:
        f["cue_quoted"] = 1.0
    if any(w.isdigit() for w in words):
        f["cue_number"] = 1.0
    if "either" in sw and "or" in sw:
        f["cue_either_or"] = 1.0
    if (
        words
        and words[0][:1].isupper()
        and len(words) > 1
        and all(w[:1].isupper() for w in words if w.isalpha())
    ):
        f["cue_title_case"] = 1.0
    for w in low:
        lex = lexicon.get(w)
        if lex:
            f[f"lex={lex}"] = f.get(f"lex={lex}", 0.0) + v
    return list(f.items())
