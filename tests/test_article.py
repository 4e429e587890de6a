"""Article, Finding and sentence splitting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscheck.article import Article, Finding, split_sentences
from newscheck.errors import SpanError


def test_article_sentences_are_offsets_into_body():
    a = Article(
        body="Dr. Lee arrived at 9 a.m. on Monday. Was it late? No!\n\nNew para"
    )
    assert a.sentence_texts() == [
        "Dr. Lee arrived at 9 a.m. on Monday.",
        "Was it late?",
        "No!",
        "New para",
    ]


def test_article_is_immutable():
    a = Article(body="x", meta={"k": [1]})
    with pytest.raises(AttributeError):
        a.body = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.meta["k"] = 2  # type: ignore[index]


def test_article_domain_from_url():
    assert (
        Article(body="x", url="https://WWW.Example.com/a").domain == "www.example.com"
    )


def test_finding_at_copies_text_and_checks_bounds():
    a = Article(body="Prices rose 5%.", title="Prices")
    f = a.finding("body", 12, 14, kind="quantity", label="percent", evidence={"v": 5})
    assert f.text == "5%"
    assert f.to_dict()["evidence"] == {"v": 5}
    assert a.finding("title", 0, 6, kind="k", label="l").text == "Prices"
    with pytest.raises(SpanError):
        a.finding("body", 10, 99, kind="k", label="l")
    with pytest.raises(SpanError):
        a.finding("body", 5, 4, kind="k", label="l")


def test_finding_at_equals_the_checked_constructor():
    a = Article(body="Prices rose 5%.", title="Prices")
    for kw in (
        {"kind": "quantity", "label": "percent", "score": 1, "evidence": {"v": [5]}},
        {"kind": "k", "label": "l"},
        {"kind": "k", "label": "l", "score": 0.25, "evidence": {}},
    ):
        f = a.finding("body", 12, 14, **kw)
        if "score" in kw:
            kw = {**kw, "score": float(kw["score"])}  # what Finding.at stores
        g = Finding(field="body", start=12, end=14, text="5%", **kw)
        assert f == g and f.to_dict() == g.to_dict()
        assert type(f.score) is type(g.score)
        with pytest.raises(TypeError):
            f.evidence["v"] = 1  # type: ignore[index]
    with pytest.raises(SpanError):
        a.finding("lead", 0, 1, kind="k", label="l")  # type: ignore[arg-type]


def test_finding_rejects_mismatched_text():
    with pytest.raises(SpanError):
        Finding(field="body", start=0, end=3, text="ab", kind="k", label="l")
    with pytest.raises(SpanError):
        Finding(field="lead", start=0, end=2, text="ab", kind="k", label="l")  # type: ignore[arg-type]


def test_content_hash_changes_with_text():
    assert Article(body="a").content_hash() != Article(body="b").content_hash()
    assert Article(body="a").content_hash() == Article(body="a").content_hash()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sentences_always_in_bounds_and_ordered(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(max_size=40), st.data())
def test_finding_offset_invariant_on_arbitrary_unicode(body, title, data):
    a = Article(body=body, title=title)
    for field in ("body", "title"):
        text = a.text_of(field)
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        f = Finding.at(a, field, start, end, kind="k", label="l")
        assert getattr(a, field)[f.start : f.end] == f.text


@given(
    st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003."), max_size=40),
    st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003."), max_size=200),
    st.integers(-2, 60),
)
def test_fewer_words_than_agrees_with_word_count(title, body, n):
    article = Article(title=title, body=body or "x")
    assert article.fewer_words_than(n) == (article.word_count < n)
