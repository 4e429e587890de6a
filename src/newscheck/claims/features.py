"""Sentence features for check-worthiness, shared by training and inference.

Pure Python + numpy: the analyzer scores sentences without scikit-learn, and
training builds its matrices from the very same functions, so the features seen
at run time are exactly those the weights were learned on.

A sentence becomes three blocks of features:

- word terms: lower-cased words (numbers folded to a shape such as ``<n4>``),
  uni- and bigrams with sentence-boundary markers;
- char terms: 3- to 5-grams inside space-padded words (upper-cased, apart
  from word terms);
- cues: a few dense signals a fact-checker looks for (numbers, percentages,
  money, years, capitalised names, comparatives, past-tense verbs of saying and
  doing, first-person opinion, questions, length), and word-list cues that
  separate verifiable claims from opinion and rhetoric (:data:`TOKEN_CUES`:
  first/second person, modal verbs, hedges, subjective words of the VADER
  lexicon, time expressions, attributions and sources, superlatives), each a
  count of the sentence's lower-cased tokens found in its list;
- optionally, a dense sentence embedding (:func:`embed`): each word token in
  the vocabulary gets the sum of the static MiniLM vectors of its WordPiece
  tokens (``newscheck/models/factcheck/embeddings.npz``, shipped for
  fact-check matching), cut to their first (principal) dimensions
  (:func:`embedding_table`); a sentence's vector is the sum over its word
  tokens, scaled to unit length. Going through the vocabulary's words, not
  WordPiece at run time, keeps the block almost free in the fast scorer.

Examples
--------
>>> word_terms("Unemployment rose 5% in 2019.")[:6]
['unemployment', 'rose', '<n1>', '%', 'in', '<year>']
>>> len(CUE_NAMES) == len(cue_vector("Unemployment rose 5% in 2019."))
True
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

__all__ = [
    "CUE_NAMES",
    "TOKEN",
    "TOKEN_CUES",
    "char_terms",
    "clean",
    "cleaned_cue_vector",
    "cleaned_word_terms",
    "cue_tokens",
    "cue_vector",
    "embed",
    "embedding_table",
    "fold",
    "is_opinion",
    "subjective_words",
    "token_cue_counts",
    "word_terms",
]

_URL = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
#: One token of cleaned text: a word (with an apostrophe ending), a number, or
#: one of ``$ % € £ ? !``.
TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d[\d,.]*\d|\d|[$%€£?!]")
_TOKEN = TOKEN  # the scorer's name for it


def clean(text: str) -> str:
    """*text* with links, @handles and '#' dropped, quotes and spaces normalised."""
    text = _URL.sub(" ", text.translate(_QUOTES))
    text = _HANDLE.sub(" @user ", text)
    text = _HASHTAG.sub(r" \1 ", text)
    return _SPACES.sub(" ", text).strip()


def fold(token: str) -> str:
    """A :data:`TOKEN` as a term: lower-case, or for a number ``<year>`` (four
    digits starting 19 or 20) or ``<nK>`` (K its digits, at most 4)."""
    if token[0].isdigit():
        digits = token.replace(",", "").replace(".", "")
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return "<year>"
        return f"<n{min(len(digits), 4)}>"
    return token.lower()


_fold = fold  # the scorer's name for it


def word_terms(text: str) -> list[str]:
    """Word uni- and bigrams of cleaned *text* (``<s>``/``</s>`` mark the edges)."""
    return cleaned_word_terms(clean(text))


def cleaned_word_terms(cleaned: str) -> list[str]:
    """:func:`word_terms` of text already :func:`clean`-ed."""
    toks = [_fold(t) for t in _TOKEN.findall(cleaned)]
    padded = ["<s>", *toks, "</s>"]
    return toks + [f"{a} {b}" for a, b in itertools.pairwise(padded)]


def char_terms(text: str) -> list[str]:
    """Character 3- to 5-grams inside each space-padded word of cleaned *text*.

    They are upper-cased, so that they never coincide with a (lower-case) word term.
    """
    return _char_terms(clean(text))


def _char_terms(cleaned: str) -> list[str]:
    out: list[str] = []
    for w in cleaned.upper().split():
        w = f" {w} "
        n_w = len(w)
        for n in (3, 4, 5):
            if n > n_w:
                break
            out += [w[i : i + n] for i in range(n_w - n + 1)]
    return out


_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b|\bpercentage\b", re.I)
_MONEY = re.compile(r"[$€£]\s*\d|\b(?:dollars?|billion|million|trillion)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMWORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty"
    r"|forty|fifty|hundred|thousand|million|billion|trillion|half|third|quarter"
    r"|twice|double|triple|percent)\b",
    re.I,
)
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|most|least|than|higher|lower|larger|smaller|bigger"
    r"|greater|increase[sd]?|decrease[sd]?|rose|fell|doubled|tripled|record"
    r"|largest|biggest|highest|lowest|first|only|every|never|always)\b",
    re.I,
)
_SAYING = re.compile(
    r"\b(?:said|says|stated|claimed|announced|reported|voted|passed|signed"
    r"|cut|raised|spent|lost|created|killed|died|won|approved|proposed|opposed"
    r"|supported|introduced|increased|reduced|added|according)\b",
    re.I,
)
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|i hope|i want|we need|we must|we should|let me"
    r"|thank you|thanks|i'm going|i will|we will|we're going|i'd like|please)\b",
    re.I,
)
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Minimum absolute mean valence of a VADER lexicon word counted as subjective.
SUBJECTIVE_VALENCE = 1.5


@functools.cache
def subjective_words() -> frozenset[str]:
    """Alphabetic words of the VADER lexicon (``vaderSentiment``) with absolute
    mean valence at least :data:`SUBJECTIVE_VALENCE` (evaluative words)."""
    path = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if (
            len(parts) >= 2
            and re.fullmatch(r"[a-z]+(?:'[a-z]+)?", parts[0])
            and abs(float(parts[1])) >= SUBJECTIVE_VALENCE
        ):
            out.add(parts[0])
    return frozenset(out)


#: Word-list cues: ``(name, words, cap)``; the cue is ``min(n, cap) / cap`` for
#: *n* lower-cased tokens of the sentence in *words* (``None``: the
#: :func:`subjective_words`). Tokens are those of :func:`word_terms`, unfolded.
TOKEN_CUES: tuple[tuple[str, frozenset[str] | None, int], ...] = (
    (
        "first_person",
        _words(
            "i me my mine myself we us our ours ourselves i'm i've i'd i'll "
            "we're we've we'll we'd"
        ),
        2,
    ),
    (
        "second_person",
        _words("you your yours yourself yourselves you're you've you'll you'd"),
        2,
    ),
    (
        "modal",
        _words(
            "can could may might must shall should will would ought can't "
            "couldn't won't wouldn't shouldn't mustn't cannot gonna"
        ),
        2,
    ),
    (
        "hedge",
        _words(
            "maybe perhaps probably possibly likely unlikely seem seems seemed "
            "appear appears apparently think believe guess suppose hope feel "
            "suggest suggests somewhat arguably allegedly reportedly might "
            "whether if"
        ),
        2,
    ),
    ("subjective", None, 3),
    (
        "time_expression",
        _words(
            "january february march april june july august september october "
            "november december monday tuesday wednesday thursday friday saturday "
            "sunday yesterday today tonight ago since decade decades century "
            "annually yearly monthly weekly daily year years month months week "
            "weeks during until earlier previously recently last"
        ),
        2,
    ),
    (
        "attribution_source",
        _words(
            "according said says told reported report reports study studies "
            "survey surveys data statistics figures census poll polls official "
            "officials spokesman spokeswoman spokesperson statement announced "
            "estimated estimates confirmed found showed shows revealed records "
            "record testified documents research researchers analysis"
        ),
        2,
    ),
    (
        "superlative",
        _words(
            "best worst most least largest biggest highest lowest greatest "
            "smallest fastest slowest richest poorest oldest youngest longest "
            "shortest strongest weakest deadliest ever first last only "
            "unprecedented"
        ),
        2,
    ),
)

#: The ``log_words`` cue grows with the log of the word count up to this
#: many words (minus one), then stays at 1.
LOG_WORDS_CAP = 60

#: Names of the dense cue features, in :func:`cue_vector` order.
CUE_NAMES: tuple[str, ...] = (
    "has_number",
    "n_numbers",
    "percent",
    "money",
    "year",
    "number_word",
    "comparative",
    "saying_doing_verb",
    "past_tense",
    "opinion_or_courtesy",
    "capitalised_words",
    "acronym",
    "question",
    "exclamation",
    "log_words",
    "short",
    *(name for name, _, _ in TOKEN_CUES),
)


def cue_tokens(text: str) -> list[str]:
    """The tokens of *text* that :func:`token_cue_counts` reads: lower-cased,
    but an all-capital token of two letters or more (``US``, ``IT``) kept as
    written, so that it never counts as a pronoun."""
    return [
        t if len(t) > 1 and t.isupper() else t.lower() for t in _TOKEN.findall(text)
    ]


def token_cue_counts(tokens: Sequence[str]) -> list[int]:
    """How many of *tokens* (:func:`cue_tokens`) each :data:`TOKEN_CUES` list holds."""
    lists = _cue_lists()
    if len(tokens) == 1:
        t = tokens[0]
        return [int(t in words) for words in lists]
    return [sum(t in words for t in tokens) for words in lists]


@functools.cache
def _cue_lists() -> tuple[frozenset[str], ...]:
    """The word sets of :data:`TOKEN_CUES` (the VADER one read once)."""
    subjective = subjective_words()
    return tuple(subjective if w is None else w for _, w, _ in TOKEN_CUES)


def cue_vector(text: str) -> list[float]:
    """The :data:`CUE_NAMES` features of *text*, each roughly in ``[0, 1]``."""
    return cleaned_cue_vector(clean(text))


def cleaned_cue_vector(text: str) -> list[float]:
    """:func:`cue_vector` of text already :func:`clean`-ed."""
    words = text.split()
    n_words = len(words)
    n_numbers = len(re.findall(r"\d[\d,.]*", text))
    return [
        float(bool(_NUMBER.search(text))),
        min(n_numbers, 4) / 4,
        float(bool(_PERCENT.search(text))),
        float(bool(_MONEY.search(text))),
        float(bool(_YEAR.search(text))),
        min(len(_NUMWORD.findall(text)), 3) / 3,
        min(len(_COMPARATIVE.findall(text)), 3) / 3,
        min(len(_SAYING.findall(text)), 2) / 2,
        min(len(_PAST.findall(text)), 3) / 3,
        float(bool(_OPINION.search(text))),
        min(len(_CAPITAL.findall(text)), 4) / 4,
        float(bool(_ACRONYM.search(text))),
        float("?" in text),
        float("!" in text),
        min(math.log1p(n_words) / math.log(LOG_WORDS_CAP), 1.0),
        float(n_words < 6),
        *(
            min(n, cap) / cap
            for n, (_, _, cap) in zip(
                token_cue_counts(cue_tokens(text)),
                TOKEN_CUES,
                strict=True,
            )
        ),
    ]


_VIEW = re.compile(
    r"\b(?:i think|i believe|i feel|i hope|i'm sure|in my (?:view|opinion)"
    r"|we need|we must|we should|should|must|ought|needs? to|let's|let us"
    r"|perhaps|maybe|probably|arguably)\b",
    re.I,
)


def is_opinion(text: str) -> bool:
    """Whether *text* reads as a view or rhetoric rather than a factual claim.

    True when it states no figure and either holds a marker of a view (``I
    think``, ``should``, ``must``, ``perhaps``, ``let's``...) or ends as a
    question or exclamation.

    >>> is_opinion("We must stand up to them!"), is_opinion("Crime fell 5% in 2019.")
    (True, False)
    """
    if _NUMBER.search(text):
        return False
    c = text.translate(_QUOTES).rstrip()
    return bool(_VIEW.search(c)) or c.endswith(("?", "!", '?"', '!"', "?'", "!'"))


def featurize(
    texts: list[str], vocab: dict[str, int], *, char_weight: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts ``(indptr, indices, data)`` of *texts* over *vocab* + cues.

    Known word and char terms are binary, each block L2-normalised (the char
    block scaled by *char_weight*); the cue block follows at ``len(vocab)``.
    Unknown terms are ignored.
    """
    n_vocab = len(vocab)
    n_cues = len(CUE_NAMES)
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    get = vocab.get
    cue_idx = list(range(n_vocab, n_vocab + n_cues))
    for text in texts:
        cleaned = clean(text)
        for terms, weight in (
            (cleaned_word_terms(cleaned), 1.0),
            (_char_terms(cleaned), char_weight),
        ):
            ids = set(map(get, terms))
            ids.discard(None)
            if ids:
                v = weight / math.sqrt(len(ids))
                indices.extend(ids)
                data.extend([v] * len(ids))
        indices.extend(cue_idx)
        data.extend(cleaned_cue_vector(cleaned))
        indptr.append(len(indices))
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=np.float64),
    )


_EMB_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[$%€£?!]")


def embedding_table(
    vocab: Sequence[str], embedder: Any, dims: int
) -> tuple[dict[str, int], np.ndarray]:
    """Static vectors of the word unigrams of *vocab*: ``(row of term, rows)``.

    Each word term (not a number shape, bigram or char term) gets the float64
    sum of the first *dims* dimensions (PCA components, largest first) of the
    vectors of its WordPiece tokens in *embedder*, a
    :class:`newscheck.factcheck.embed.StaticEmbedder`.
    """
    terms = [t for t in vocab if _EMB_TOKEN.fullmatch(t)]
    vectors = embedder.vectors[:, :dims]
    rows = np.zeros((len(terms), dims), dtype=np.float64)
    for i, t in enumerate(terms):
        ids = embedder.tokenizer.ids(t)
        if ids:
            rows[i] = vectors[ids].astype(np.float64).sum(axis=0)
    return {t: i for i, t in enumerate(terms)}, rows


def embed(texts: Sequence[str], index: dict[str, int], rows: np.ndarray) -> np.ndarray:
    """Unit sentence vectors: the normalised sum of the rows of each word token.

    The tokens are those of :func:`word_terms` (lower-cased, numbers folded);
    a token without a row in ``(index, rows)`` from :func:`embedding_table`
    adds nothing; a text with none gives zeros.
    """
    out = np.zeros((len(texts), rows.shape[1]), dtype=np.float64)
    for i, text in enumerate(texts):
        hit = [index[t] for t in map(_fold, _TOKEN.findall(clean(text))) if t in index]
        if not hit:
            continue
        v = rows[hit].sum(axis=0)
        n = float(np.sqrt(v @ v))
        if n > 0:
            out[i] = v / n
    return out
