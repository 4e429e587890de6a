"""The fast sentence scorer gives the scores of the featurize-based path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscheck.article import Article
from newscheck.claims import scoring
from newscheck.claims.model import ClaimModel

TEXTS = [
    "",
    "   ",
    "Thank you. I think we're going to win!",
    "He said \u201c50 % of $ 3,000\u201d per cent rose in 2019 (USA) McDonald O'Brien.",
    "Read https://t.co/x @WHO says #COVID19 \u201cspreads\u201d ??",
    "\u00dcn\u00efc\u00f6d\u00e9 \u017feven \u212aelvin tests in the 1990s"
    " \u2014 caf\u00e9 na\u00efve",
    "I'm going. Let me. Please. THANKS, we: (I) we'",
    "a\tb\nc  d \u00a0 e",
    "5 % and $ 5 and \u20ac20bn, 1,200.50 and 3rd-quarter U.S. GDP.",
    "per cent, PERCENTAGE? Percent! dollars; Billion.",
    "Obama said unemployment FELL from 10 percent in 2009 to 4.7 percent in 2016.",
    'She asked: "Did taxes increase?" No. They decreased; "Really." (Yes!)',
    "Emoji \U0001f600 and \u00df and \ufb01nance and \u0130stanbul.",
]

BODY = (
    "WASHINGTON - President Obama said on Tuesday that 9,800 American troops "
    "will remain in Afghanistan after combat operations end this year.\n\n"
    "The number will be cut in half by the end of 2015, and nearly all troops "
    "will leave by the end of 2016, officials said. About 32,000 US troops are "
    "in the country now, down from a peak of 100,000 in 2011.\n\n"
    "Thank you all very much. We look forward to it. What a day!"
)


@pytest.fixture(scope="module")
def model():
    return ClaimModel.load()


def test_fast_scores_equal_reference(model):
    fast = model.decision(TEXTS)
    ref = model.decision_reference(TEXTS)
    assert np.allclose(fast, ref, rtol=0, atol=1e-9)


def test_spans_equal_texts(model):
    article = Article(body=BODY + "\n\n" + " ".join(TEXTS))
    by_span = model.decision_spans(article.body, article.sentences)
    ref = model.decision_reference(article.sentence_texts())
    assert np.allclose(by_span, ref, rtol=0, atol=1e-9)
    again = model.decision_spans(article.body, article.sentences)  # cached words
    assert np.allclose(again, by_span, rtol=0, atol=0)


def test_fresh_cache_generation_gives_same_scores(model, monkeypatch):
    before = model.decision(TEXTS)
    monkeypatch.setattr(scoring, "MAX_WORDS", 0)
    after = model.decision(TEXTS)
    assert np.allclose(before, after, rtol=0, atol=1e-12)


def _general(word: str) -> list[float]:
    """The per-word cues by the general path: regexes, then the word lists."""
    return scoring._with_token_cues(scoring._regex_cues(word), word)


def test_plain_word_cues_equal_regex_cues():
    words = set()
    for t in [*TEXTS, BODY]:
        words.update(t.split())
    base = ["i", "I", "we", "let", "thank", "Thanks", "please", "per", "percent"]
    for w in (
        list(words) + base + sorted(scoring._NUMWORDS | scoring._COMPARATIVES)
    ) + sorted(scoring._SAYINGS):
        for v in (w, w.upper(), w.title(), f"{w},", f"({w}", f'"{w}."', f"{w}?!"):
            assert scoring.word_cues(v) == _general(v), v


def test_plain_word_tokens_equal_general_tokens(model):
    sc = model.scorer
    from newscheck.claims.features import _TOKEN, _fold

    for w in ("Trump,", "(the", '"Really."', "Yes!?", "?!", "U.S.", "don't", "5%"):
        expect = [sc.tokens.get(_fold(t), 0) for t in _TOKEN.findall(w)]
        assert sc._token_ids(w) == expect, w


def test_gram_codes_equal_one_by_one(model):
    sc = model.scorer
    grams = [t for t in model.vocab if 3 <= len(t) <= 5 and " " not in t[1:-1]]
    alpha = sc.alpha_of.tolist()
    expect = [sc._gram_code(g, alpha) for g in grams]
    assert len(grams) > 1000
    alphabet = sc.tables_["alphabet"]
    assert scoring._gram_codes(grams, alphabet).tolist() == expect
    assert scoring._gram_codes([], alphabet).tolist() == []


def test_saved_tables_are_the_derived_ones(model):
    assert model.tables is not None  # the shipped model carries them
    derived = scoring.derive_tables(model.vocab)
    assert derived.keys() == model.tables.keys()
    for key, value in derived.items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, model.tables[key]), key
        else:
            assert value == model.tables[key], key


def test_scores_are_the_same_with_and_without_saved_tables(model, tmp_path):
    article = Article(body=BODY + "\n\n" + " ".join(TEXTS))
    bare = ClaimModel(
        vocab=model.vocab,
        weights=model.weights,
        bias=model.bias,
        threshold=model.threshold,
        char_weight=model.char_weight,
    )
    stale = {**model.tables, "version": scoring.TABLES_VERSION + 1}
    for other in (bare, dataclasses.replace(bare, tables=stale)):
        assert other.scorer.tables_["version"] == scoring.TABLES_VERSION
        assert np.array_equal(other.decision(TEXTS), model.decision(TEXTS))
        assert np.array_equal(
            other.decision_spans(article.body, article.sentences),
            model.decision_spans(article.body, article.sentences),
        )
    bare.save(tmp_path)
    again = ClaimModel.load(tmp_path)
    assert again.tables is not None
    assert np.array_equal(again.decision(TEXTS), model.decision(TEXTS))


def test_corpus_sample_equals_reference(model, shared):
    import json
    import lzma

    path = shared / "datasets" / "buzzfeed_webis_2016" / "buzzfeed_webis_2016.jsonl.xz"
    if not path.exists():
        pytest.skip("buzzfeed corpus absent")
    with lzma.open(path, "rt") as fh:
        rows = [json.loads(line) for _, line in zip(range(15), fh, strict=False)]
    for r in rows:
        a = Article(body=r.get("text") or "")
        fast = model.decision_spans(a.body, a.sentences)
        ref = model.decision_reference(a.sentence_texts())
        assert np.allclose(fast, ref, rtol=0, atol=1e-9)


def test_int_map_equals_a_dict():
    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(0, 2**40, size=5000))
    values = rng.integers(0, 10**6, size=len(keys))
    m = scoring._IntMap(keys, values)
    ref = dict(zip(keys.tolist(), values.tolist(), strict=True))
    q = np.concatenate([keys[::3], rng.integers(0, 2**40, size=3000), [0, 2**62]])
    rng.shuffle(q)
    assert m.get(q).tolist() == [ref.get(k, -1) for k in q.tolist()]
    assert m.get(q[:0]).tolist() == []
    empty = scoring._IntMap(np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert empty.get(q[:5]).tolist() == [-1] * 5


_PARTS = st.sampled_from(
    "a I we let i thank Thanks please per percent dollar billion two Half more "
    "fell said increased added killed Rose USA US Ab aB abcded So called x1 19 "
    "2019 1990 20 201 2015 0 7".split()
)
_MARKS = st.text(alphabet=',.;:!?"()[]', max_size=3)


@settings(max_examples=400, deadline=None)
@given(
    pre=_MARKS,
    parts=st.lists(st.one_of(_PARTS, st.text("aZq-'1", max_size=3)), min_size=1),
    sep=st.sampled_from(["-", "", "--", "'"]),
    suf=_MARKS,
)
def test_fast_word_paths_equal_regex_path(model, pre, parts, sep, suf):
    """Hyphenated, digit and letter words (and everything else) get the cues
    and tokens of the regex path."""
    from newscheck.claims.features import _TOKEN, _fold

    w = pre + sep.join(parts) + suf
    if not w:
        return
    assert scoring.word_cues(w) == _general(w), w
    expect = [model.scorer.tokens.get(_fold(t), 0) for t in _TOKEN.findall(w)]
    assert model.scorer._token_ids(w) == expect, w


def test_hyphen_and_digit_words_take_the_fast_path(monkeypatch):
    def fail(w):
        raise AssertionError(w)

    monkeypatch.setattr(scoring, "_regex_cues", fail)
    for w in ("So-Called", "(right-wing,", "well-we", "2019.", "(3)", "ex-Thank?!"):
        scoring.word_cues(w)
