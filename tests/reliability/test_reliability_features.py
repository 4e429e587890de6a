"""Token stream, boilerplate spans and the vectorised run-time model."""

from __future__ import annotations

import functools
import itertools
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscheck.article import Article
from newscheck.reliability.features import (
    _CAPS,
    _FURNITURE,
    _FURNITURE_WORDS,
    _LINK_MARKS,
    _LINKS,
    _MULTI,
    _RULES,
    _WORD,
    STYLE_NAMES,
    _around,
    _segment_tokens,
    _tokens_of,
    boilerplate_spans,
    strip,
    style_signals,
    token_stream,
)
from newscheck.reliability.model import LinearTextModel


def test_token_stream_segments_follow_sentences() -> None:
    body = "The Senate voted. It passed 52-48!"
    s = token_stream("Senate votes", body, Article(body=body).sentences)
    assert s.tokens[: s.n_title] == ["senate", "votes"]
    assert s.segments.tolist() == [-1, -1, 0, 0, 0, 1, 1, 1, 1]
    assert s.n_sentences == 2


def test_token_stream_skips_boilerplate_spans() -> None:
    body = (
        "WASHINGTON (Reuters) - The bill passed. Please share this on Facebook! "
        "Read it at https://example.com/x now."
    )
    toks = token_stream("", body).tokens
    assert "washington" not in toks and "share" not in toks
    assert "example" not in toks and "bill" in toks and "now" in toks


_PIECES = [
    "Share this on Facebook",
    "Featured image via Getty Images",
    "WASHINGTON (Reuters) - ",
    "visit www.example.com now",
    "mail me@example.org",
    "the vote passed",
    "Read more at foo.",
    "\n\n",
    ". ",
    "Click here to subscribe",
    "x\x00y",
]


@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
    st.lists(st.integers(0, 400), max_size=6),
)
def test_tokens_of_each_range_skip_the_boilerplate_in_it(pieces, cuts) -> None:
    """Per range (cut at spaces, as sentences are): its tokens outside the
    boilerplate spans of the whole text (only ranges a span touches are read
    again)."""
    text = "".join(pieces)
    spaces = [i for i, c in enumerate(text) if c.isspace()]
    picked = {spaces[c % len(spaces)] for c in cuts} if spaces else set()
    points = sorted(picked | {0, len(text)})
    ranges = tuple((a, b) for a, b in itertools.pairwise(points) if b > a)
    toks, counts = _tokens_of(text, ranges)
    low, spans = text.lower(), boilerplate_spans(text)
    want = [_segment_tokens(low, a, b, spans) for a, b in ranges]
    assert counts == [len(w) for w in want]
    assert toks == [t for w in want for t in w]


_FURNITURE_BITS = [
    *("share this", "share on", "click here", "sign up", "subscribe", "newsletter"),
    *("email address", "ad blocker", "adblocker", "disable your ad", "read more at"),
    *("document has moved", "re-post guidelines", "privacy policy", "comments below"),
    *("widget below", "send letters to", "contributed to this report", "follow me on"),
    *("on twitter: @x", "add to collection", "x_share this", "2share this"),
    *("subscribers", "newsletters", "share\nthis", "on  twitter@", "read", "below"),
    *("photo: ap", "images via x", "picture by", "photos credit", "imagery"),
    *("http://a.b/c", "https://x.com", "www.y.org/", "z.net", "a.com.", "me@x.org"),
    *("@user", "a@b", "foo.comx", "_.org", "é.com", "..com", "\t", "\xa0"),
    *(". ", "! ", "?", "\n", " ", "foo", "é"),
]


def _spans_in(rx, low: str, regions) -> list[tuple[int, int]]:
    return [m.span() for a, b in regions for m in rx.finditer(low, a, b)]


@given(st.lists(st.sampled_from(_FURNITURE_BITS), min_size=1, max_size=14))
def test_patterns_run_around_their_marks_find_the_same(bits) -> None:
    """Links (from space to space around their marks), photo credits and page
    furniture (sentences around a trigger word the text holds): the same matches
    as scanning the whole text."""
    low = "".join(bits).lower()
    marks = (*_LINK_MARKS, "@")
    assert _spans_in(_LINKS, low, _around(low, marks, " ", " ")) == [
        m.span() for m in _LINKS.finditer(low)
    ]
    (rx, photo_marks) = next((r[2], r[3]) for r in _RULES if r[3])
    assert _spans_in(rx, low, _around(low, photo_marks, ".", ".")) == [
        m.span() for m in rx.finditer(low)
    ]
    words = frozenset(_WORD.findall(low)) & _FURNITURE_WORDS
    assert _spans_in(_FURNITURE, low, _around(low, words, ".!?", ".!?")) == [
        m.span() for m in _FURNITURE.finditer(low)
    ]


def test_around_merges_overlapping_regions() -> None:
    low = "see http://a.com and b.com. then c.org"
    # "http" and ".com" in one chunk: one region, from space to space
    assert _around(low, (".com", "http", ".org"), " ", " ") == [
        (3, 16),
        (20, 27),
        (32, 38),
    ]
    # from the start (no "." before) to the "." that ends "b.com."
    assert _around(low, (".com",), ".", ".") == [(0, 26)]
    assert _around(low, ("nowhere",), " ", " ") == []


def test_boilerplate_spans_are_merged_and_sorted() -> None:
    text = "Featured image via Getty Images. More at www.example.com and @someone"
    spans = boilerplate_spans(text)
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    assert "Getty" not in strip(text) and "example" not in strip(text)


def test_style_signals_shape() -> None:
    calm = style_signals(
        "Budget passes",
        "Officials said it passed.",
        token_stream("Budget passes", "Officials said it passed."),
    )
    assert calm.shape == (len(STYLE_NAMES),)
    assert np.isfinite(calm).all()


def _toy_model(**kw: object) -> LinearTextModel:
    return LinearTextModel.from_terms(
        kind="article",
        terms=["shocking", "truth", "officials said", "said"],
        idf=np.array([2.0, 1.5, 1.2, 1.0]),
        coef=np.array([[1.0, 0.8, -1.2, -0.5]]),
        intercept=np.array([0.1]),
        extra_words=["hoax"],
        word_score_of={"hoax": np.array([3.0]), "truth": np.array([0.5])},
        **kw,
    )


def test_vectorised_score_matches_the_definition() -> None:
    m = _toy_model()
    title, body = (
        "Shocking truth",
        "Officials said it was a hoax. The shocking truth, said Reuters.",
    )
    s = m.score(title, body)
    # by hand: counts shocking 2, truth 2, "officials said" 1, said 2
    tf = np.array([1 + np.log(2), 1 + np.log(2), 1.0, 1 + np.log(2)])
    v = tf * m.idf
    v /= np.linalg.norm(v)
    toks = [
        "shocking",
        "truth",
        "officials",
        "said",
        "it",
        "was",
        "hoax",
        "the",
        "shocking",
        "truth",
        "said",
    ]
    expected = 0.1 + v @ np.array([1.0, 0.8, -1.2, -0.5]) + (3.0 + 0.5 * 2) / len(toks)
    assert s.z[0] == pytest.approx(expected)
    assert 0.0 < m.proba(title, body) < 1.0


def test_explain_sentence_totals_add_up() -> None:
    m = _toy_model()
    body = "Officials said it was a hoax. The shocking truth, said Reuters."
    s = m.score("", body)
    bad, good, per_sentence = m.explain(s)
    assert len(per_sentence) == 2
    # every token's share is counted once: sentence totals = logit - intercept
    assert per_sentence.sum() == pytest.approx(s.z[0] - m.intercept[0])
    assert all(t["weight"] > 0 for t in bad) and all(t["weight"] < 0 for t in good)


def test_save_load_roundtrip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _toy_model(calibration=(0.9, -0.1))
    m.save(tmp_path)
    again = LinearTextModel.load(tmp_path, "article")
    text = "The shocking truth about the hoax, officials said."
    assert again.proba("", text) == pytest.approx(m.proba("", text), rel=1e-6)
    assert again.terms == m.terms


def test_training_features_match_run_time(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import load_corpus
    from newscheck_lab.reliability import train as T

    docs = load_corpus("perezrosas_celebrity")[::4]
    cor = T.Corpus(docs)
    cfg = T.Config(emb=True, calibrate=False, min_corpora=1, fw_min_corpora=1)
    rows = np.arange(len(cor))
    fitted = T._fit_raw(cor, rows, cfg)
    assert fitted.fw is not None and len(fitted.fw[0]) > 100
    fitted.iso = (np.array([-1.0, 0.0, 2.0]), np.array([0.1, 0.4, 0.9]))
    model = T.export(fitted, cor, cfg)
    z_train = T.decision(fitted, cor, rows[:30])
    z_run = np.array([model.score(d.title, d.text).z[0] for d in docs[:30]])
    np.testing.assert_allclose(z_run, z_train, atol=1e-9)
    p_run = [model.proba(d.title, d.text) for d in docs[:30]]
    np.testing.assert_allclose(p_run, T.predict(fitted, cor, rows[:30]), atol=1e-9)


def test_short_docs_titles_leads_and_liar_binary() -> None:
    from newscheck_lab.datasets.reliability import Doc
    from newscheck_lab.reliability import train as T

    body = " ".join(f"Sentence number {i} says the vaccine works." for i in range(20))
    docs = [
        Doc(
            "recovery_covid19",
            "r1",
            "Vaccine trial shows strong results",
            body,
            0,
            "g1",
        ),
        Doc("recovery_covid19", "r2", "Hoax", body, 1, "g2"),
    ]
    liar = {
        "train": (["Says taxes went up.", "The sky is blue."], [1, 5]),
        "valid": (["Valid one."], [0]),
        "test": (["Test one."], [3]),
    }
    out = T.short_docs(docs, liar)
    by_corpus = {}
    for d in out:
        by_corpus.setdefault(d.corpus, []).append(d)
    assert [d.label for d in by_corpus["liar"]] == [1, 0]  # false -> unreliable
    assert [d.label for d in by_corpus["liar_test"]] == [0]  # half-true -> reliable
    short = by_corpus["recovery_covid19"]
    # one title (4+ words) and two leads; leads end at a sentence and stay short
    assert sum(d.id.endswith(":title") for d in short) == 1
    leads = [d for d in short if d.id.endswith(":lead")]
    assert len(leads) == 2
    assert all(
        len(d.text.split()) <= T.LEAD_WORDS and d.text.endswith(".") for d in leads
    )
    assert all(d.title == "" for d in out)


def _pattern_model(**kw: object) -> LinearTextModel:
    from newscheck.reliability.features import function_codes, function_gram_keys

    keys, _ = function_gram_keys(function_codes("it was the _ of".split()))
    keys = np.unique(keys)
    return _toy_model(
        fw_keys=keys,
        fw_idf=np.linspace(1.0, 2.0, len(keys)),
        fw_coef=np.linspace(-0.5, 0.7, len(keys))[None, :],
        **kw,
    )


def test_function_gram_keys_by_hand() -> None:
    from newscheck.reliability.features import (
        function_codes,
        function_gram_keys,
        function_gram_name,
    )

    keys, pos = function_gram_keys(function_codes(["senate", "voted", "on", "12"]))
    # "senate voted" holds no function word, so it is not a pattern
    names = [function_gram_name(int(k)) for k in keys]
    assert names == ["_ on", "on 0", "_ _ on", "_ on 0"]
    assert pos.tolist() == [1, 2, 0, 1]


def test_patterns_change_the_score_and_explanation_adds_up() -> None:
    plain, m = _toy_model(), _pattern_model()
    body = "Officials said it was a hoax. It was the truth of the matter."
    s = m.score("", body)
    assert len(s.fw_feats) > 0
    assert s.z[0] != pytest.approx(plain.score("", body).z[0])
    bad, good, per_sentence = m.explain(s)
    assert per_sentence.sum() == pytest.approx(s.z[0] - m.intercept[0])
    assert any(t["term"].startswith("[pattern] ") for t in bad + good)


def test_isotonic_calibration_and_roundtrip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _pattern_model(iso_x=np.array([-1.0, 0.0, 1.0]), iso_y=[0.1, 0.5, 0.8])
    assert m.proba_from_logits(np.array([0.5])) == pytest.approx(0.65)
    assert m.proba_from_logits(np.array([9.0])) == pytest.approx(0.8)
    m.save(tmp_path)
    again = LinearTextModel.load(tmp_path, "article")
    text = "It was the shocking truth of the hoax, officials said."
    assert again.proba("", text) == pytest.approx(m.proba("", text), rel=1e-6)
    np.testing.assert_array_equal(again.fw_keys, m.fw_keys)


def test_pattern_tables_match_searching_the_keys() -> None:
    """The table gathers in ``_patterns`` find exactly the kept patterns that
    :func:`function_gram_keys` + a search of ``fw_keys`` find."""
    from newscheck.reliability.features import (
        FUNCTION_WORDS,
        function_codes,
        function_gram_keys,
    )

    rng = np.random.default_rng(0)
    vocab = [*FUNCTION_WORDS[:40], "senate", "hoax", "voted", "0"]
    train = [vocab[i] for i in rng.integers(0, len(vocab), 400)]
    all_keys = np.unique(function_gram_keys(function_codes(train))[0])
    kept = np.sort(rng.choice(all_keys, size=len(all_keys) // 2, replace=False))
    m = _toy_model(
        fw_keys=kept,
        fw_idf=rng.uniform(1, 3, len(kept)),
        fw_coef=rng.normal(size=(1, len(kept))),
    )
    lookup = np.append(kept, np.iinfo(np.int64).max)
    for n in (0, 1, 2, 3, 50, 300):
        toks = [vocab[i] for i in rng.integers(0, len(vocab), n)] + ["unknownword"]
        ids = np.array([m.index_.get(t, -1) for t in toks], np.int64)
        seg = np.arange(len(ids)) // 7
        got = m._patterns(ids, seg)
        keys, start = function_gram_keys(m.fw_code_[ids])
        pos = np.searchsorted(lookup, keys)
        hit = lookup[pos] == keys
        if not hit.any():
            assert got == {}
            continue
        uniq, inv, cnt = np.unique(pos[hit], return_inverse=True, return_counts=True)
        np.testing.assert_array_equal(got["fw_feats"], uniq)
        np.testing.assert_array_equal(got["fw_counts"], cnt)
        np.testing.assert_array_equal(got["fw_inverse"], inv)
        np.testing.assert_array_equal(got["fw_segments"], seg[start[hit]])


@given(st.text(alphabet=st.sampled_from("ABZaz19_ .!?…\né"), max_size=60))
def test_style_patterns_match_their_plain_forms(text) -> None:
    """The class-first caps and repeated-punctuation patterns find what their
    plain forms find."""
    assert _CAPS.findall(text) == re.findall(r"\b[A-Z]{2,}\b", text)
    assert _MULTI.findall(text) == re.findall(r"[!?]{2,}|\.\.\.|…", text)


def test_style_signals_count_each_word_list() -> None:
    title = "Shocking truth"
    body = "We said you may be 100% right. Officials said 52 of them reportedly left."
    v = np.expm1(style_signals(title, body, token_stream(title, body)))
    n = len(token_stream("", body).tokens)  # 14 body tokens
    per100 = 100.0 / n
    named = dict(zip(STYLE_NAMES, v, strict=True))
    assert named["attribution_per_100"] == pytest.approx(2 * per100)  # said x2
    assert named["hedges_per_100"] == pytest.approx(2 * per100)  # may, reportedly
    assert named["intensifiers_per_100"] == pytest.approx(2 * per100)  # title
    assert named["first_person_per_100"] == pytest.approx(per100)  # we
    assert named["second_person_per_100"] == pytest.approx(per100)  # you
    assert named["numbers_per_100"] == pytest.approx(2 * per100)  # 100, 52


@functools.cache
def _two_corpora():  # type: ignore[no-untyped-def]
    """A fifth of both Pérez-Rosas corpora, featurised once for the tests
    below (they need ``../shared``: call after the ``shared`` fixture)."""
    from newscheck_lab.datasets.reliability import load_corpus
    from newscheck_lab.reliability import train as T

    docs = (
        load_corpus("perezrosas_celebrity")[::5]
        + load_corpus("perezrosas_fakenewsamt")[::5]
    )
    cor = T.Corpus(docs, vectors=False)
    return docs, cor, np.arange(len(cor))


def test_ensemble_training_matches_run_time_and_coverage_reference(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.reliability import train as T

    docs, cor, rows = _two_corpora()
    cfgs = (T.Config(min_corpora=1, fw_min_corpora=1), T.PLAIN_CONFIG)
    fitted = T.fit_ensemble(cor, rows, cfgs, (0.5, 0.5))
    model = T.export_ensemble(fitted, cor, cfgs)
    p_run = [model.proba(d.title, d.text) for d in docs[:30]]
    np.testing.assert_allclose(
        p_run, T.predict_ensemble(fitted, cor, rows[:30]), atol=1e-6
    )
    ref = T.coverage_reference(cor, rows)
    assert 0.0 < ref["p01"] <= ref["p05"] <= ref["p50"] <= 1.0


def test_plain_member_training_matches_run_time(shared, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscheck.reliability.ensemble import load_model
    from newscheck.reliability.plain import PlainNgramModel
    from newscheck_lab.reliability import train as T

    docs, cor, rows = _two_corpora()
    cfgs = (T.Config(min_corpora=1, fw_min_corpora=1), T.PLAIN_NGRAM_CONFIG)
    fitted = T.fit_ensemble(cor, rows, cfgs, (0.5, 0.5))
    model = T.export_ensemble(fitted, cor, cfgs)
    assert isinstance(model.members[1], PlainNgramModel)
    # the member's raw logit is the training-side decision of the same rows
    z_run = [model.members[1].score(d.title, d.text).z[0] for d in docs[:30]]
    np.testing.assert_allclose(
        z_run, T.decision(fitted.members[1], cor, rows[:30]), atol=1e-8
    )
    np.testing.assert_allclose(
        [model.proba(d.title, d.text) for d in docs[:30]],
        T.predict_ensemble(fitted, cor, rows[:30]),
        atol=1e-6,
    )
    # saved as float32: the probabilities barely move
    model.meta = {"coverage": T.coverage_reference(cor, rows, features="plain")}
    model.save(tmp_path)
    again = load_model(tmp_path, "article")
    np.testing.assert_allclose(
        [again.proba(d.title, d.text) for d in docs[:30]],
        [model.proba(d.title, d.text) for d in docs[:30]],
        atol=1e-3,
    )
    ref = model.meta["coverage"]
    assert 0.0 < ref["p01"] <= ref["p05"] <= ref["p50"] <= 1.0
    dom = again.domain(again.score(docs[0].title, docs[0].text))
    assert 0.0 < dom["coverage"] <= 1.0
