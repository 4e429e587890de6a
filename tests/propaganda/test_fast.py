"""The vectorised scorers give the reference (feature-string) probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscheck.article import split_sentences
from newscheck.propaganda.fast import SIScorer, _split_parts
from newscheck.propaganda.features import Doc, word_grams
from newscheck.propaganda.model import PropagandaModel

TOL = 1e-9


@pytest.fixture(scope="module")
def model() -> PropagandaModel:
    # A fresh instance: the memos start empty, as in a new process.
    return PropagandaModel.load()


def _spans(text: str, doc: Doc, model: PropagandaModel) -> list[tuple[int, int]]:
    """Predicted spans plus awkward ones: mid-word, across lines, one character,
    punctuation only, empty, the whole text."""
    spans = [(s, e) for s, e, _ in model.decode(doc, model.token_probs(doc))]
    n = len(text)
    spans += [(0, n), (0, min(n, 1)), (n // 3, n // 3), (n // 4, (3 * n) // 4)]
    spans += [(max(0, n - 2), n), (min(n, 5), min(n, 17))]
    if doc.sentences:
        s, e = doc.sentences[-1]
        spans.append((s, e))
        spans.append((s, e))  # duplicates are allowed
    return spans


def _check(model: PropagandaModel, text: str, title_lines: int = 1) -> None:
    doc = Doc.from_text(text, title_lines=title_lines)
    fast, ref = model.token_probs(doc), model.token_probs_reference(doc)
    assert len(fast) == len(ref)
    for a, b in zip(fast, ref, strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL)
    spans = _spans(text, doc, model)
    np.testing.assert_allclose(
        model.technique_probs(doc, spans),
        model.technique_probs_reference(doc, spans),
        rtol=0,
        atol=TOL,
    )


@pytest.mark.shared
def test_fast_equals_reference_on_ptc_articles(ptc_train, model):
    for aid in ptc_train.ids[:8]:
        _check(model, ptc_train.articles[aid])
    # A second pass reuses the memos filled by the first.
    _check(model, ptc_train.articles[ptc_train.ids[0]])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n \n",
        "a | b || c ||| d |x| <s> </s>",
        'He said “hello” and "bye" — WOW!! Really?? (yes) [no]; ok: fine',
        "İstanbul ΣΊΣΥΦΟΣ straße ǅemal Ǆ ﬁne",
        "Because of THEM, America's people suffer!!!\n\nSo-called experts lie.",
        "x" * 300 + " word " * 50,
    ],
)
def test_fast_equals_reference_on_odd_text(model, text):
    _check(model, text)
    _check(model, text, title_lines=0)


_WORDS = st.sampled_from(
    "the a of and because destroy corrupt colossal America patriots ! ? , . ; "
    "“ ” \" ' ’ - – ( ) | 2014 US NATO Obama so-called it's we they evil "
    "traitors smash".split()
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.one_of(_WORDS, st.text(min_size=1, max_size=8), st.just("\n")),
        max_size=80,
    )
)
def test_fast_equals_reference_on_generated_text(model, words):
    _check(model, " ".join(words))


def test_fast_equals_reference_when_the_memos_overflow(ptc_train, monkeypatch):
    """Batched memo fills stay right when a memo is dropped in the middle of a
    document (a tiny limit forces it on every call)."""
    import newscheck.propaganda.fast as fast

    fresh = PropagandaModel.load()
    monkeypatch.setattr(fast, "_LIMIT", 40)
    for aid in ptc_train.ids[:3]:
        text = ptc_train.articles[aid]
        doc = Doc.from_text(text, title_lines=1)
        spans = _spans(text, doc, fresh) + list(doc.sentences)
        np.testing.assert_allclose(
            fresh.technique_probs(doc, spans),
            fresh.technique_probs_reference(doc, spans),
            rtol=0,
            atol=TOL,
        )


def test_split_parts_handles_pipe_tokens():
    assert _split_parts("a|b", 2) == ("a", "b")
    assert _split_parts("||b", 2) == ("|", "b")
    assert _split_parts("a||", 2) == ("a", "|")
    assert _split_parts("|||", 2) == ("|", "|")
    assert _split_parts("a|||b", 3) == ("a", "|", "b")
    assert _split_parts("<s>|<s>|x", 3) == ("<s>", "<s>", "x")
    assert _split_parts("ab", 2) is None


def test_cached_model_is_loaded_once():
    a = PropagandaModel.cached()
    assert PropagandaModel.cached() is a
    assert a is not PropagandaModel.load()


@pytest.mark.shared
def test_predict_equals_reference_decoding(ptc_train, model):
    for aid in ptc_train.ids[8:12]:
        text = ptc_train.articles[aid]
        doc = Doc.from_text(text, title_lines=1)
        ref = model.decode(doc, model.token_probs_reference(doc), low=model.low)
        got = model.predict(text, title_lines=1)
        assert [(p.start, p.end) for p in got] == [(s, e) for s, e, _ in ref]
        for p, (_, _, score) in zip(got, ref, strict=True):
            assert abs(p.score - score) < TOL


def test_saved_tables_equal_tables_built_from_the_vocabulary(model, tmp_path):
    """The pair/triple tables saved beside the weights (fast load) are exactly
    those parsed from the feature names, and a saved model loads them back."""
    inv = sorted(model.si_index, key=model.si_index.__getitem__)
    built = SIScorer(
        {f: i for i, f in enumerate(inv)},
        model.si_coef,
        model.si_intercept,
        model.lexicon,
        model.loaded,
    ).tables()
    shipped = model._si_fast.tables()
    assert built["words"] == shipped["words"]
    for key in ("pair_keys", "pair_vals", "triple_keys", "triple_vals"):
        np.testing.assert_array_equal(built[key], shipped[key])
    model.save(tmp_path)
    again = PropagandaModel.load(tmp_path)._si_fast.tables()
    assert again["words"] == shipped["words"]
    for key in ("pair_keys", "pair_vals", "triple_keys", "triple_vals"):
        np.testing.assert_array_equal(again[key], shipped[key])
    _check(PropagandaModel.load(tmp_path), "Traitors! They lie and lie to us.")


def test_scorer_index_leaves_out_the_saved_pair_and_triple_names(tmp_path):
    """With saved tables the scorer looks names up in an index without the
    ~140k pair/triple names (same columns); the full index is built only when
    asked for, and the probabilities are those of a model built without tables."""
    from newscheck.propaganda.model import _TABLE_PREFIXES

    fresh = PropagandaModel.load()
    assert fresh._si_index is None
    index = fresh._si_fast._index
    full = fresh.si_index
    assert len(index) < len(full)
    assert index == {n: j for n, j in full.items() if not n.startswith(_TABLE_PREFIXES)}
    doc = Doc.from_text(
        "Traitors! They lie and lie to us.\nThe vile regime.", title_lines=1
    )
    inv = sorted(full, key=full.__getitem__)
    bare = PropagandaModel(
        si_vocab=inv,
        si_coef=fresh.si_coef,
        si_intercept=fresh.si_intercept,
        tc_vocab=sorted(fresh.tc_index, key=fresh.tc_index.__getitem__),
        tc_coef=fresh.tc_coef,
        tc_intercept=fresh.tc_intercept,
        techniques=fresh.techniques,
        lexicon=fresh.lexicon,
        loaded=fresh.loaded,
    )
    assert bare._si_fast._index is bare.si_index  # no tables: the full index
    for a, b in zip(bare.token_probs(doc), fresh.token_probs(doc), strict=True):
        np.testing.assert_array_equal(a, b)


_ODD = [
    "",
    " \n\n\t",
    "Hi!\x1cThere. ok\u2028next. Line\u00a0two.",
    "U.S. troops left. He said “no.” Then: (what?) don't!\n  - item one. - two",
]


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.one_of(_WORDS, st.text(min_size=1, max_size=6), st.just("\n")),
        max_size=60,
    )
)
def test_doc_sentences_and_tokens_point_into_the_text(words):
    from newscheck.propaganda.features import tokenize

    for text in [" ".join(words), "".join(words), *_ODD]:
        first_line_end = len(text.split("\n", 1)[0])
        for title_lines in (0, 1):
            doc = Doc.from_text(text, title_lines=title_lines)
            assert len(doc.sentences) == len(doc.tokens) == len(doc.is_title)
            ends = [0]
            for (s, e), toks, title in zip(
                doc.sentences, doc.tokens, doc.is_title, strict=True
            ):
                assert ends[-1] <= s < e <= len(text) and "\n" not in text[s:e]
                assert toks and toks == tokenize(text, s, e)
                assert title == (title_lines == 1 and e <= first_line_end)
                ends.append(e)
            # every token of the text is in a sentence
            assert [t for ts in doc.tokens for t in ts] == tokenize(text)
            # the sentences of the whole text, where given, change nothing
            for lines in (1, 2):
                want = Doc.from_text(text, title_lines=lines)
                hint = split_sentences(text)
                assert Doc.from_text(text, title_lines=lines, sentences=hint) == want


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            _WORDS,
            st.sampled_from(["\n", "\n\n", " \n \n", "\n- ", "Dr.", "ok.", "A."]),
        ),
        max_size=40,
    )
)
def test_doc_sentences_are_those_of_each_line(words):
    text = " ".join(words)
    doc = Doc.from_text(text, sentences=split_sentences(text))
    want, pos = [], 0
    for line in text.split("\n"):
        want += [(pos + s, pos + e) for s, e in split_sentences(line)]
        pos += len(line) + 1
    assert doc.sentences == want


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.one_of(_WORDS, st.text(min_size=1, max_size=8), st.just("\n")),
        max_size=80,
    ),
    threshold=st.sampled_from([None, 0.05, 0.35, 0.6]),
)
def test_decode_of_candidate_sentences_equals_decode_of_all(model, words, threshold):
    text = " ".join(words)
    doc = Doc.from_text(text)
    probs, marks = model._si_fast.probs_and_marks(doc)
    full = model.decode(doc, probs, threshold=threshold, low=model.low, marks=marks)
    cand, p, m = model._candidates(doc, threshold)
    assert model.decode(cand, p, threshold=threshold, low=model.low, marks=m) == full
    assert len(cand.tokens) <= len(doc.tokens)


@given(st.lists(st.integers(min_value=0, max_value=2**40), max_size=50))
def test_sorted_unique_is_numpy_unique(values):
    from newscheck.propaganda.fast import _sorted_unique

    x = np.array(values, dtype=np.int64)
    got, want = _sorted_unique(x), np.unique(x)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=14))
def test_word_grams_equals_the_generator_set_in_iteration_order(w):
    # The TC memo sums a word's n-gram rows in the set's iteration order, so the
    # list-built set must iterate as the generator-built one did.
    padded = f"<{w}>"
    ref = (
        frozenset()
        if len(w) < 3
        else frozenset(
            padded[i : i + k] for k in (3, 4, 5) for i in range(len(padded) - k + 1)
        )
    )
    got = word_grams(w)
    assert got == ref
    assert list(got) == list(ref)


def test_fill_many_equals_the_feature_weights(model):
    # A word's table row: its weight at positions -3..+3 and in the sentence bag
    # of words, summed from the feature weights in the order the fill sums them.
    si = model._si_fast
    words = ["the", "!", "?", '"', "colossal", "zzqx", "disaster", "we", "crisis"]
    ids = [si._word(w, fill=False) for w in words]
    si._fill_many(ids, words)
    g = si._get
    for i, w in zip(ids, words, strict=True):
        lex = model.lexicon.get(w)
        lx = {k: g(k + lex) if lex else 0.0 for k in ("lex=", "lex-1=", "lex1=")}
        me = g("w=" + w) + g("suf=" + w[-3:])
        me += g("pre=" + w[:3])
        me += lx["lex="]
        row = [g("w-3=" + w), g("w-2=" + w), g("w-1=" + w) + lx["lex-1="], me]
        row += [g("w+1=" + w) + lx["lex1="], g("w+2=" + w), g("w+3=" + w)]
        row.append(g("s:" + w))
        np.testing.assert_array_equal(si._table[i], row)
        flags = [w in '"“”', w == "!", w == "?", (lex or "").endswith("2")]
        assert si._flags[i].tolist() == [*flags, w in model.loaded]
