"""Style: does it read like reporting or like a pamphlet?

Cheap, explainable signals of the body text (the clickbait score reads the
title). Each signal is reported as ``{"value", "typical", "position", "unit"}``
where ``typical`` holds the p10/p50/p90 of the signal over the reliable-labelled
articles of the shared corpora (``models/style/percentiles.json``, written by
``newscheck_lab.style``) and ``position`` says whether the value is
``"below"``, ``"within"`` or ``"above"`` that p10-p90 range.

Signals (dict keys of ``summary["signals"]``) and how they are computed, with
``W`` the number of words (runs of letters, inner apostrophes allowed) of the
body and ``S`` its number of sentences (``article.sentences``):

``flesch_reading_ease``
    ``206.835 - 1.015 W/S - 84.6 Y/W`` with ``Y`` syllables. Syllables are
    pyphen's ``en_US`` hyphenation points + 1 per word, which is textstat's own
    fallback; textstat's English path first loads NLTK's cmudict, which it
    *downloads* when missing, so it is not called here (newscheck never
    downloads at run time).
``flesch_kincaid_grade``
    ``0.39 W/S + 11.8 Y/W - 15.59``.
``sentiment``
    Mean over sentences of a VADER-style compound score in [-1, 1]: the sum of
    the VADER lexicon valences of the sentence's words, each flipped and damped
    (x -0.74) after a negation in the 3 words before it and pushed 0.293 away
    from zero after a booster ("very"), normalised by ``s / sqrt(s^2 + 15)``.
    VADER's punctuation, capitals and "but" rules are left out: full VADER costs
    about 5 ms on a 450-word article, this about 0.05 ms.
``subjectivity``
    Share of words that are in the VADER lexicon (words carrying sentiment).
``all_caps``
    Share of words written in capitals with at least 4 letters (so most
    acronyms, FBI or CEO, do not count), minus a short list of long acronyms.
``exclamation``
    Exclamation marks per 100 words.
``hedges``, ``intensifiers``, ``attributions``
    Matches of the :data:`HEDGES`, :data:`INTENSIFIERS`, :data:`ATTRIBUTIONS`
    phrase lists per 100 words.
``quotes``
    Quoted passages (between paired double quotes, straight or curly, or paired
    curly single quotes, within a paragraph) per 100 words.
``first_person``, ``second_person``
    First-person (I, we, our…; not "US") and second-person (you, your…) words
    outside quoted passages, per 100 words: the writer addressing the reader.
``clickbait``
    A title score in [0, 1]: the sum of the weights of the :data:`CLICKBAIT`
    patterns the title matches (a leading number, curiosity-gap phrases,
    "you", a question, "!", an all-caps word), capped at 1. ``None`` without a
    title.

Span findings (``kind="style"``): labels ``all_caps``, ``exclamation``,
``hedge``, ``intensifier``, ``attribution``, ``quote``, ``first_person``,
``second_person`` (body) and ``clickbait`` (title), at most ``max_findings``
per label.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newscheck import deadline
from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article, Finding
from newscheck.errors import ModelError
from newscheck.settings import Settings

__all__ = [
    "ATTRIBUTIONS",
    "CLICKBAIT",
    "HEDGES",
    "INTENSIFIERS",
    "PERCENTILES_PATH",
    "SIGNALS",
    "StyleAnalyzer",
    "style_signals",
]

PERCENTILES_PATH = (
    Path(__file__).resolve().parents[1] / "models" / "style" / "percentiles.json"
)

#: Signal name -> unit, in report order.
SIGNALS: dict[str, str] = {
    "flesch_reading_ease": "score (higher is easier)",
    "flesch_kincaid_grade": "US school grade",
    "sentiment": "mean sentence compound, -1..1",
    "subjectivity": "share of words",
    "all_caps": "share of words",
    "exclamation": "per 100 words",
    "hedges": "per 100 words",
    "intensifiers": "per 100 words",
    "attributions": "per 100 words",
    "quotes": "per 100 words",
    "first_person": "per 100 words",
    "second_person": "per 100 words",
    "clickbait": "title score, 0..1",
}

#: Hedging phrases: the writer does not commit to the claim.
HEDGES: tuple[str, ...] = (
    "might", "could", "possibly", "perhaps", "maybe", "reportedly", "allegedly",
    "apparently", "seemingly", "supposedly", "purportedly", "presumably",
    "probably", "likely", "unlikely", "unclear", "uncertain", "unconfirmed",
    "seems", "seem", "seemed", "appears to", "appear to", "appeared to",
    "suggests", "suggest", "suggested", "rumored", "rumoured", "rumors",
    "rumours", "it is possible", "it's possible", "some say", "some believe",
    "sources say", "sources said", "is said to", "are said to", "claimed",
    "claims that",
)  # fmt: skip
#: Intensifiers: words that amplify rather than inform.
INTENSIFIERS: tuple[str, ...] = (
    "very", "extremely", "absolutely", "totally", "completely", "utterly",
    "incredibly", "really", "truly", "literally", "definitely", "undoubtedly",
    "unquestionably", "obviously", "massively", "hugely", "enormously",
    "tremendously", "outrageously", "shockingly", "insanely", "ridiculously",
    "extraordinarily", "remarkably", "exceptionally", "terribly", "awfully",
    "desperately", "horribly", "unbelievably", "amazingly", "wildly",
    "of all time", "so much", "way too",
)  # fmt: skip
#: Attribution phrases: who said it.
ATTRIBUTIONS: tuple[str, ...] = (
    "said", "says", "told", "tells", "according to", "stated", "announced",
    "added", "explained", "noted", "confirmed", "declared", "wrote", "testified",
    "acknowledged", "argued", "insisted", "recalled", "in a statement",
    "spokesman", "spokeswoman", "spokesperson",
)  # fmt: skip
_LONG_ACRONYMS = frozenset(
    """NASA NATO COVID OPEC FIFA UEFA NAACP UNICEF UNESCO ISIS NYPD LGBT LGBTQ
    ASEAN NAFTA SWAT AIDS NCAA NASCAR NSA ACLU FEMA USDA OSHA DACA ICE""".split()
)
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
)
#: Clickbait title patterns: (name, weight, regex).
CLICKBAIT: tuple[tuple[str, float, str], ...] = (
    ("leading_number", 0.35, rf"^\s*(?:\d+|{_NUMBER_WORDS})\b(?=\s+\w)"),
    (
        "curiosity_gap",
        0.35,
        r"\b(?:you won'?t believe|you'?ll never guess|what happen(?:s|ed) next|"
        r"will blow your mind|blow your mind|this is why|this is what|here'?s why|"
        r"here'?s what|here is why|the reason why|need to know|can'?t stop|"
        r"must see|goes viral|went viral|jaw[- ]dropping|mind[- ]blowing|"
        r"the truth about|what happens when|wait (?:till|until)|find out|"
        r"you need to|is everything|shocking|unbelievable|epic|insane)\b",
    ),
    ("second_person", 0.2, r"\b(?:you|your|you'?re|yourself)\b"),
    ("demonstrative_opening", 0.15, r"^\s*(?:this|these|here'?s|that)\b"),
    ("question", 0.15, r"\?\s*$"),
    ("exclamation", 0.2, r"!+"),
)
_CAPS_WEIGHT = 0.2

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# _WORD on lower-cased text with straight apostrophes, no letters beyond ASCII
# and no two apostrophes in a row (what most bodies are, curly quotes and
# dashes aside): the same words, found about twice as fast.
_ASCII_WORD = re.compile(r"[a-z][a-z']*(?<=[a-z])")
# A character beyond ASCII that _WORD counts as a letter ("é", "²").
_WIDE_LETTER = re.compile(r"[^\x00-\x7f](?<=[^\W\d_])")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+(?:'[^\W\d_]+)*)")
# \b[A-Z]{4,}\b, written to start with a capital so the search skips to one
_CAPS = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{3,}\b")
_EXCLAIM = re.compile(r"!+")
# Curly single quotes: an opening ‘ not inside a word and before a letter or a
# double quote; the closing ’ is the first one not followed by a letter, so an
# apostrophe inside the quote ("‘I don’t know,’ he said") does not end it. The
# quote never spans another ‘, so a scan stops there (linear on "‘a ‘a ‘a …").
_QUOTE = re.compile(
    r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\""
    r"|(?<![^\W\d_])‘(?=[^\W\d_]|[\"“])(?:[^‘’\n]|’(?=[^\W\d_])){1,2000}’"
    r"(?![^\W\d_])"
)
_FIRST = frozenset("i me my mine myself we us our ours ourselves".split())
_SECOND = frozenset("you your yours yourself yourselves y'all".split())


def _phrase_table(
    groups: Iterable[tuple[str, Iterable[str]]],
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First word -> [(label, following words)], longest phrases first."""
    table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for label, phrases in groups:
        for phrase in phrases:
            first, *rest = phrase.lower().split()
            table.setdefault(first, []).append((label, tuple(rest)))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[1]))
    return table


_PHRASES = _phrase_table(
    (("hedge", HEDGES), ("intensifier", INTENSIFIERS), ("attribution", ATTRIBUTIONS))
)
_PHRASES.setdefault("may", []).append(("hedge", ()))  # lower case only, see below
#: first word -> [(label, following words, whole phrase)], longest first
_PHRASE_RULES = {
    w: tuple((label, rest, (w, *rest)) for label, rest in entries)
    for w, entries in _PHRASES.items()
}
# (only words the tokenisation can produce: the others can never match)
_SPECIAL = frozenset(w for w in (*_PHRASES, *_FIRST, *_SECOND) if _WORD.fullmatch(w))
_CLICKBAIT = tuple(
    (n, w, re.compile(p.replace("'", "['’]"), re.IGNORECASE)) for n, w, p in CLICKBAIT
)

_vader: dict[str, Any] = {}


def _sentiment_tables() -> dict[str, Any]:
    """VADER's lexicon, negations and boosters (loaded once)."""
    if not _vader:
        from vaderSentiment import vaderSentiment as vs

        lexicon = vs.SentimentIntensityAnalyzer().lexicon
        boosters = dict(vs.BOOSTER_DICT)
        _vader.update(
            lexicon=lexicon,
            negate=frozenset(vs.NEGATE),
            boosters=boosters,
            # the words that score: in the lexicon and not themselves boosters
            scored=frozenset(w for w in lexicon if w not in boosters),
        )
    return _vader


class _Syllables:
    """Syllables of a word: pyphen ``en_US`` hyphenation points + 1.

    The count ``len(Pyphen(lang="en_US").positions(word)) + 1`` by the same
    Liang pattern matching as pyphen's ``HyphDict.positions``, on its parsed
    patterns, walking a trie of them from each start instead of looking up every
    substring up to the longest pattern (28 characters): a walk ends at the
    first character that continues no pattern. Several times faster, equal
    counts (tested against pyphen). A walk reads at most as many characters as
    the longest pattern has, so a word of ``n`` letters costs ``O(n)`` however
    long it is (a pasted run of one letter included).
    """

    def __init__(self, patterns: dict[str, tuple[int, tuple[int, ...]]]) -> None:
        # node: character -> child node; key None: the (position, value) pairs
        # of the pattern ending there
        root: dict = {}
        for key, (start, values) in patterns.items():
            node = root
            for c in key:
                child = node.get(c)
                if child is None:
                    child = node[c] = {}
                node = child
            node[None] = tuple(enumerate(map(int, values), start))
        self.root = root
        #: characters of the longest pattern: no walk goes further
        self.depth = max(map(len, patterns), default=0)

    def count(self, word: str) -> int:
        """``len(pyphen positions of word) + 1`` (left and right minimum 2)."""
        pointed = f".{word.lower()}."
        n = len(pointed)
        refs = [0] * (n + 1)
        root = self.root
        depth = self.depth
        for i in range(n - 1):
            node = root
            for c in pointed[i : i + depth]:
                node = node.get(c)
                if node is None:
                    break
                pattern = node.get(None)
                if pattern is not None:
                    for k, v in pattern:
                        if v > refs[i + k]:
                            refs[i + k] = v
        # pyphen: positions i - 1 for odd references, kept where 2 <= i - 1 <= W - 2
        hi = min(len(word) - 1, n)
        return 1 + sum([r & 1 for r in refs[3 : hi + 1]])


class _SyllableCache(dict):
    """Word -> syllables (:class:`_Syllables`), filled on use (bounded)."""

    def __init__(self, count: Callable[[str], int]) -> None:
        super().__init__()
        self.count = count

    def __missing__(self, word: str) -> int:
        if len(self) >= 200_000:
            self.clear()
        n = self[word] = self.count(word)
        return n


_syllables_of: _SyllableCache | None = None


_IGNORED = (
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
)


def _hyphenation_patterns() -> dict[str, tuple[int, tuple[int, ...]]]:
    """pyphen's ``en_US`` patterns (``HyphDict.patterns``), read from its file.

    The same parse as pyphen's (tested equal), without importing pyphen and
    its ``importlib.resources`` scan: about a quarter of its load time. A file
    with nonstandard hyphenation (``/``), ``^^`` escapes or digits this loop
    does not read as pyphen does (two in a row, beyond ASCII) is left to pyphen.
    """
    import importlib.util

    spec = importlib.util.find_spec("pyphen")
    if spec is None or spec.origin is None:
        raise ModelError("pyphen is not installed (style needs it for syllables)")
    path = Path(spec.origin).parent / "dictionaries" / "hyph_en_US.dic"
    with path.open("rb") as fh:
        encoding = fh.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    if "/" in text or "^^" in text or re.search(r"\d\d|[^0-9\D]", text):
        import pyphen

        return pyphen.Pyphen(lang="en_US").hd.patterns
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    digits = "0123456789"
    for line in text.split("\n")[1:]:
        pattern = line.strip()
        if not pattern or pattern.startswith(_IGNORED):
            continue
        tags: list[str] = []
        values: list[int] = []
        pending = 0
        for c in pattern:
            if c in digits:
                pending = int(c)
            else:
                tags.append(c)
                values.append(pending)
                pending = 0
        values.append(pending)
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns["".join(tags)] = start, tuple(values[start:end])
    return patterns


def _syllable_counter() -> Callable[[str], int]:
    global _syllables_of
    if _syllables_of is None:
        _syllables_of = _SyllableCache(_Syllables(_hyphenation_patterns()).count)
    return _syllables_of.__getitem__


def _is_caps(word: str) -> bool:
    return len(word) >= 4 and word.isupper() and word not in _LONG_ACRONYMS


def _compound(score: float) -> float:
    return score / math.sqrt(score * score + 15.0)


def _sentence_valence(
    words: list[str],
    found: set[str],
    lexicon: dict[str, float],
    negate: frozenset[str],
    boost: dict,
) -> tuple[float, int]:
    """Summed valence and number of scored words of one sentence.

    *found* holds the sentence's words that score (in the lexicon, not
    boosters); the words are visited in sentence order.
    """
    at: list[int] = []
    for w in found:
        i = words.index(w)
        at.append(i)
        for _ in range(words.count(w) - 1):
            i = words.index(w, i + 1)
            at.append(i)
    if len(found) > 1:
        at.sort()
    total = 0.0
    for i in at:
        v = lexicon[words[i]]
        if i and words[i - 1] in boost:
            b = boost[words[i - 1]]
            v += b if v > 0 else -b
        if i and not negate.isdisjoint(words[max(0, i - 3) : i]):
            v *= -0.74
        total += v
    return total, len(at)


# Not followed by more of the same _WORD token.
_TOKEN_END = r"(?![^\W\d_])(?!'[^\W\d_])"
_PHRASE_AT: dict[tuple[str, ...], re.Pattern[str]] = {}


def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Where *words* are consecutive whole _WORD tokens of the lower-cased text.

    The same spans as tokenising with :data:`_WORD` and then reading each next
    word with :data:`_NEXT_WORD`; the first word comes first in the pattern so
    that the regex engine can jump to its first letter.
    """
    rx = _PHRASE_AT.get(words)
    if rx is None:
        first = re.escape(words[0])
        parts = [rf"{first}(?<![^\W\d_]{first})(?<![^\W\d_]'{first})"]
        parts += [rf"{_TOKEN_END}\s+{re.escape(w)}" for w in words[1:]]
        parts.append(_TOKEN_END)
        rx = _PHRASE_AT[words] = re.compile("".join(parts))
    return rx


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def _lowered(text: str) -> str:
    """*text* in lower case with straight apostrophes, offsets unchanged."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two ("İ")
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.replace("’", "'")


Spans = dict[str, list[tuple[str, int, int, dict[str, Any]]]]
_LABELS = (
    "all_caps",
    "exclamation",
    "hedge",
    "intensifier",
    "attribution",
    "quote",
    "first_person",
    "second_person",
)


def style_signals(article: Article) -> tuple[dict[str, float | None], Spans]:
    """The raw signal values of *article* and the spans behind them.

    Returns ``(values, spans)`` where ``values`` maps each name of
    :data:`SIGNALS` to a float (``None`` when undefined, e.g. no words) and
    ``spans`` maps a finding label to ``[(field, start, end, evidence), …]``.
    """
    body = article.body
    low = _lowered(body)
    tables = _sentiment_tables()
    lexicon, negate, boost = tables["lexicon"], tables["negate"], tables["boosters"]
    scored = tables["scored"]
    syllables = _syllable_counter()
    wide = "''" in low or _WIDE_LETTER.search(low) is not None
    findall = (_WORD if wide else _ASCII_WORD).findall
    sqrt = math.sqrt

    # words and sentiment, sentence by sentence (the sentences cover every word
    # of the body: they are only ever separated by white space)
    all_words: list[str] = []
    n_subjective = 0
    compounds: list[float] = []
    check = deadline.check
    for s_start, s_end in article.sentences:
        check()  # (a context-variable read without a deadline)
        words = findall(low, s_start, s_end)
        if not words:
            continue
        all_words += words
        found = scored.intersection(words)
        if found:
            total, hits = _sentence_valence(words, found, lexicon, negate, boost)
            n_subjective += hits
            compounds.append(total / sqrt(total * total + 15.0))  # _compound
        else:
            compounds.append(0.0)  # _compound(0.0)
    n_words = len(all_words)
    n_syll = sum(map(syllables, all_words))

    spans: Spans = {label: [] for label in _LABELS}
    spans["all_caps"] = [
        ("body", m.start(), m.end(), {})
        for m in _CAPS.finditer(body)
        if m.group() not in _LONG_ACRONYMS
    ]
    n_exclaim = body.count("!")
    if n_exclaim:
        spans["exclamation"] = [
            ("body", m.start(), m.end(), {"count": m.end() - m.start()})
            for m in _EXCLAIM.finditer(body)
        ]
    quotes = (
        [(m.start(), m.end()) for m in _QUOTE.finditer(body)]
        if ('"' in body or "“" in body or "‘" in body)
        else []
    )
    q_starts = [q[0] for q in quotes]
    spans["quote"] = [("body", s, e, {"chars": e - s}) for s, e in quotes]

    # phrase lists and pronouns: only the listed words the body holds, each
    # found where it is a whole word, then put back in text order
    present = set(all_words)
    unsorted: set[str] = set()
    for w in _SPECIAL.intersection(present):
        if w in _FIRST or w in _SECOND:
            label = "first_person" if w in _FIRST else "second_person"
            for m in _phrase_pattern((w,)).finditer(low):
                start, end = m.span()
                if w == "i" and body[start] != "I":
                    pass
                elif w == "us" and body[start:end] == "US":
                    pass  # the country
                elif not _inside(quotes, q_starts, start):
                    spans[label].append(("body", start, end, {}))
                    unsorted.add(label)
        claimed: set[int] = set()
        for label, rest, phrase in _PHRASE_RULES.get(w, ()):
            if rest and not present.issuperset(rest):
                continue
            for m in _phrase_pattern(phrase).finditer(low):
                start = m.start()
                if start in claimed:
                    continue  # a longer phrase starts here
                if w == "may" and body[start] != "m":
                    continue  # "May" is also the month
                claimed.add(start)
                spans[label].append(("body", start, m.end(), {}))
                unsorted.add(label)
    for label in unsorted:
        spans[label].sort(key=_start)

    def per100(n: int) -> float | None:
        return 100.0 * n / n_words if n_words else None

    values: dict[str, float | None] = dict.fromkeys(SIGNALS)
    if n_words:
        wps, spw = n_words / len(compounds), n_syll / n_words
        values["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
        values["flesch_kincaid_grade"] = 0.39 * wps + 11.8 * spw - 15.59
        values["sentiment"] = sum(compounds) / len(compounds)
        values["subjectivity"] = n_subjective / n_words
        values["all_caps"] = len(spans["all_caps"]) / n_words
    values["exclamation"] = per100(n_exclaim)
    values["hedges"] = per100(len(spans["hedge"]))
    values["intensifiers"] = per100(len(spans["intensifier"]))
    values["attributions"] = per100(len(spans["attribution"]))
    values["quotes"] = per100(len(quotes))
    values["first_person"] = per100(len(spans["first_person"]))
    values["second_person"] = per100(len(spans["second_person"]))
    values["clickbait"], spans["clickbait"] = _clickbait(article.title)
    return values, spans


def _start(span: tuple[str, int, int, dict[str, Any]]) -> int:
    return span[1]


def _clickbait(title: str) -> tuple[float | None, list]:
    if not title.strip():
        return None, []
    found: list[tuple[str, int, int, dict[str, Any]]] = []
    score = 0.0
    for name, weight, rx in _CLICKBAIT:
        m = rx.search(title)
        if m:
            score += weight
            evidence = {"pattern": name, "weight": weight}
            found.append(("title", m.start(), m.end(), evidence))
    for m in _WORD.finditer(title):
        if _is_caps(m.group()):
            score += _CAPS_WEIGHT
            evidence = {"pattern": "all_caps", "weight": _CAPS_WEIGHT}
            found.append(("title", m.start(), m.end(), evidence))
            break
    return min(1.0, score), found


@register("style")
class StyleAnalyzer(Analyzer):
    """Readability, sentiment, emphasis, hedging, attribution and address signals.

    Parameters
    ----------
    max_findings
        Most span findings per label and article.
    """

    version = "2"

    def __init__(self, *, max_findings: int = 50):
        self.max_findings = max_findings

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """The shipped (or *path*) percentiles; the sentiment and syllable
        tables are built now rather than in the first analysis."""
        self.percentiles_ = load_percentiles(path)
        _sentiment_tables()
        _syllable_counter()

    def analyze(self, article: Article) -> Analysis:
        values, spans = style_signals(article)
        self.ensure_state("percentiles_")
        typical = self.percentiles_
        signals: dict[str, dict[str, Any]] = {}
        outside: list[str] = []
        for name, unit in SIGNALS.items():
            value = values[name]
            ref = typical.get(name)
            position = None
            if value is not None and ref:
                if value < ref["p10"]:
                    position = "below"
                elif value > ref["p90"]:
                    position = "above"
                else:
                    position = "within"
                if position != "within":
                    outside.append(name)
            signals[name] = {
                "value": None if value is None else round(value, 4),
                "typical": ref,
                "position": position,
                "unit": unit,
            }
        findings: list[Finding] = []
        for label, items in spans.items():
            for field, start, end, evidence in items[: self.max_findings]:
                findings.append(
                    Finding.at(
                        article,
                        field,
                        start,
                        end,
                        kind="style",
                        label=label,
                        score=evidence.get("weight"),
                        evidence=evidence,
                    )
                )
        summary = {
            "signals": signals,
            "outside_typical": outside,
            "counts": {label: len(items) for label, items in spans.items()},
        }
        return Analysis(findings=tuple(findings), summary=summary)


def load_percentiles(path: str | Path | None = None) -> dict[str, dict[str, float]]:
    """Signal -> ``{"p10", "p50", "p90"}`` from a percentiles JSON.

    Returns ``{}`` when the shipped file is absent (the analyzer then reports
    values without a typical range); raises :class:`ModelError` for a corrupt
    file or a missing explicit *path*.
    """
    p = Path(path) if path else PERCENTILES_PATH
    if not p.exists() and path is None:
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return {
            name: {k: float(v[k]) for k in ("p10", "p50", "p90")}
            for name, v in data["signals"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"cannot read style percentiles {p}: {exc}; "
            "rebuild them with `python -m newscheck_lab.style`"
        ) from exc
