"""The plain n-gram member: hashed word 1-2-grams and char 3-5-grams."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.article import split_sentences
from newscheck.errors import ModelError
from newscheck.reliability.ensemble import EnsembleTextModel, load_model
from newscheck.reliability.features import token_stream
from newscheck.reliability.plain import (
    BITS,
    WORD_SPACE,
    PlainNgramModel,
    plain_keys,
    plain_keys_many,
)

TEXT = (
    "The Senate voted 52-48 on Tuesday!  Critics called it a “disgrace”.\n\n"
    "Officials said the bill, worth $1.2 trillion, passes next week. Ünïcode wörds."
)


def _split(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return keys[keys < WORD_SPACE], keys[keys >= WORD_SPACE]


def test_keys_count_what_scikit_learns_vectorizers_count() -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    words = CountVectorizer(ngram_range=(1, 2)).build_analyzer()(f"Title\n\n{TEXT}")
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()(
        f"Title\n\n{TEXT}"
    )
    w, c = _split(plain_keys("Title", TEXT)[0])
    assert len(w) == len(words) and len(c) == len(chars)
    # distinct n-grams stay distinct (no collisions in a text this size)
    assert len(set(w.tolist())) == len(set(words))
    assert len(set(c.tolist())) == len(set(chars))


def test_keys_are_case_blind_and_in_range() -> None:
    a, _ = plain_keys("", "Shocking News")
    b, _ = plain_keys("", "shocking news")
    assert a.tolist() == b.tolist()
    assert a.min() >= 0 and a.max() < 1 << BITS
    assert plain_keys("", "")[0].size == 0
    assert plain_keys("", " \n\t ")[0].size == 0


def test_boilerplate_is_blanked_before_counting() -> None:
    raw, _ = plain_keys("", "WASHINGTON (Reuters) - The Senate voted.")
    clean, _ = plain_keys("", "The Senate voted.")
    assert sorted(raw.tolist()) == sorted(clean.tolist())


def test_every_key_carries_its_segment() -> None:
    sents = split_sentences(TEXT)
    keys, seg = plain_keys("Title", TEXT, sents)
    assert len(keys) == len(seg)
    assert set(seg.tolist()) == {-1, *range(len(sents))}
    # the title's n-grams: "title", the bigram "title the" (it starts there)
    # and the 5+4+3 char windows of " title "
    assert int((seg == -1).sum()) == 1 + 1 + (5 + 4 + 3)


def _model() -> PlainNgramModel:
    bad, _ = plain_keys("", "shocking hoax")
    good, _ = plain_keys("", "officials said")
    keys = np.unique(np.concatenate([bad, good]))
    coef = np.where(np.isin(keys, bad), 1.0, -1.0)
    return PlainNgramModel(
        kind="article.m1", keys=keys, idf=np.ones(len(keys)), coef=coef, intercept=0.1
    )


def test_model_scores_and_explains_by_sentence() -> None:
    m = _model()
    text = "A shocking hoax. Officials said so."
    s = m.score("", text)
    assert s.z[0] > m.score("", "Officials said. They said it.").z[0]
    assert m.score("", "zzz qqq").z[0] == pytest.approx(0.1)  # nothing known
    toward_bad, toward_good, per = m.explain(s)
    assert toward_bad == toward_good == []
    assert len(per) == 2 and per[0] > 0 > per[1]
    assert per.sum() == pytest.approx(s.z[0] - 0.1)


def test_model_round_trip_and_hashing_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _model()
    m.save(tmp_path)
    again = PlainNgramModel.load(tmp_path, "article.m1")
    text = "A shocking hoax, officials said."
    assert again.score("", text).z[0] == pytest.approx(m.score("", text).z[0])
    path = tmp_path / "article.m1.json"
    path.write_text(path.read_text().replace(f'"bits": {BITS}', '"bits": 3'))
    with pytest.raises(ModelError, match="other n-gram hashing"):
        PlainNgramModel.load(tmp_path, "article.m1")
    with pytest.raises(ModelError, match="disagree"):
        PlainNgramModel(
            kind="x", keys=np.arange(3), idf=np.ones(2), coef=np.ones(3), intercept=0
        )


def test_ensemble_with_a_plain_member_loads_and_averages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscheck.analyzers import reliability as rel

    shipped = load_model(rel.MODEL_DIR, "article")
    assert isinstance(shipped, EnsembleTextModel)
    word = next(m for m in shipped.members if not isinstance(m, PlainNgramModel))
    ens = EnsembleTextModel(
        kind="article",
        members=[word, _model()],
        weights=[0.5, 0.5],
        iso_x=np.array([-5.0, 5.0]),
        iso_y=np.array([0.0, 1.0]),
        meta=shipped.meta,
    )
    ens.save(tmp_path)
    again = load_model(tmp_path, "article")
    assert isinstance(again, EnsembleTextModel)
    assert isinstance(again.members[1], PlainNgramModel)
    text = "A shocking hoax. Officials said so."
    s = again.score("T", text)
    expected = 0.5 * word.score("T", text).z[0] + 0.5 * _model().score("T", text).z[0]
    assert s.z[0] == pytest.approx(expected, rel=1e-5)
    assert len(again.explain(s, top=3)[2]) == 2
    assert 0.0 <= again.domain(s)["coverage"] <= 1.0


def test_leak_words_never_become_keys() -> None:
    from newscheck.reliability.text import LEAK_TOKENS

    for tok in sorted(LEAK_TOKENS):
        assert plain_keys("", tok)[0].size == 0, tok
        assert plain_keys("", tok.upper())[0].size == 0, tok
    with_leaks, _ = plain_keys("", "Reuters reported that CNN said so.")
    without, _ = plain_keys("", "        reported that     said so.")
    assert sorted(with_leaks.tolist()) == sorted(without.tolist())


SPAN_TEXTS = [
    ("", ""),
    ("Title only", ""),
    ("", "   \n  "),
    (
        "BREAKING!!",
        "WASHINGTON (Reuters) - The Senate voted. Featured image via Getty.",
    ),
    ("", "Click here to share this on Twitter: @someone. Read more at x.com today."),
    ("", "Image: AP. Photo via Reuters.\n\nSubscribe to our newsletter!"),
    ("Ünïcode", "日本語 テキスト　全角\u3000空白 and ß İ words.\u2003Done."),
    ("x", TEXT),
]


@pytest.mark.parametrize(("title", "body"), SPAN_TEXTS)
def test_stream_spans_give_the_keys_computed_from_the_text(title, body) -> None:  # type: ignore[no-untyped-def]
    from newscheck.reliability.features import boilerplate_spans, token_stream

    sents = split_sentences(body)
    stream = token_stream(title, body, sents)
    if sents:  # split_sentences covers the body: the stream has its spans
        assert stream.body_spans == boilerplate_spans(body)
    k0, s0 = plain_keys(title, body, sents)
    k1, s1 = plain_keys(title, body, sents, spans=stream.body_spans)
    assert k0.tolist() == k1.tolist() and s0.tolist() == s1.tolist()


def test_stream_has_no_spans_where_sentences_leave_text_out() -> None:
    from newscheck.reliability.features import token_stream

    body = "Click here now. Share this."
    assert token_stream("", body, ((0, 15),)).body_spans is None  # "Share this." out
    assert token_stream("", body, ((0, 5), (5, 15), (16, 27))).body_spans is None


def test_segments_are_the_sentence_each_key_starts_in() -> None:
    body = "One two three. Four five.\n\nSix seven eight nine."
    sents = split_sentences(body)
    assert len(sents) == 3
    for title, head in (("", []), ("Big title", [-1, -1])):
        keys, seg = plain_keys(title, body, sents)
        assert len(keys) == len(seg)
        # the unigram keys come first, in reading order
        words = seg[: len(head) + 9].tolist()
        assert words == [*head, 0, 0, 0, 1, 1, 2, 2, 2, 2]
        assert set(seg.tolist()) <= {-1, 0, 1, 2}


def test_stable_order_is_numpys_stable_argsort() -> None:
    from newscheck.reliability.plain import _stable_order

    rng = np.random.default_rng(0)
    for high in (50, 70_000, 1 << 21):
        cols = rng.integers(0, high, 5_000).astype(np.int32)
        assert _stable_order(cols).tolist() == np.argsort(cols, kind="stable").tolist()


#: texts hashed together: empty ones, a title alone, leak words, words at the
#: joins (a bigram or char n-gram across two texts would show as a difference)
BATCH = [
    ("Title", TEXT),
    ("", ""),
    ("Reuters", ""),
    ("", "  \n "),
    ("", "hoax"),
    ("Shocking hoax", "Officials said so. (Reuters) - Reuters said it."),
    ("", "ab"),
    ("x", "yy zz"),
    ("", TEXT),
]


@pytest.mark.parametrize("join_chars", [1 << 18, 60])
def test_keys_of_texts_hashed_together_are_each_texts_own(
    join_chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newscheck.reliability.plain.JOIN_CHARS", join_chars)
    got = plain_keys_many([(t, b, None, None) for t, b in BATCH])
    assert len(got) == len(BATCH)
    for (title, body), (keys, seg) in zip(BATCH, got, strict=True):
        alone_keys, alone_seg = plain_keys(title, body)
        assert keys.tolist() == alone_keys.tolist()
        assert seg.tolist() == alone_seg.tolist()


def test_model_scores_a_batch_as_one_by_one() -> None:
    m = _model()
    items = [(t, b, split_sentences(b)) for t, b in BATCH]
    streams = [token_stream(*item) for item in items]
    for one, many in zip(
        [m.score(*item) for item in items], m.score_many(items, streams), strict=True
    ):
        assert one.z.tolist() == many.z.tolist()
        assert one.n_tokens == many.n_tokens and one.n_sentences == many.n_sentences
        assert m.explain(one)[2].tolist() == m.explain(many)[2].tolist()
