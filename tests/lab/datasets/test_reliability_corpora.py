"""Corpus loaders on the real ../shared data (skipped when absent)."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.reliability.text import LEAK_TOKENS

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def isot(shared):  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import drop_repeated_sentences, load_corpus

    return drop_repeated_sentences(load_corpus("isot_partial"))


def test_isot_leaks_are_stripped(isot) -> None:  # type: ignore[no-untyped-def]
    assert len(isot) > 2000
    assert not any("(Reuters)" in d.text[:200] for d in isot)
    assert not any("Featured image" in d.text for d in isot)
    assert not any("Getty Images" in d.text for d in isot)
    assert not any(d.title != d.title.strip() for d in isot)


def test_isot_trained_model_has_no_leak_among_top_features(isot) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.reliability import train as T

    cor = T.Corpus(isot[:400] + isot[-400:])
    cfg = T.Config(min_corpora=1, calibrate=False, style=False, max_terms=20_000)
    fitted, _ = T.fit_article(cor, np.arange(len(cor)), cfg)
    model = T.export(fitted, cor, cfg)
    w = model.coef[0]
    top = [model.terms[i] for i in np.argsort(-np.abs(w))[:100]]
    assert not {w for t in top for w in t.split()} & LEAK_TOKENS
    assert "reuters" not in " ".join(top)


def test_liar_reader_uses_statement_text_only(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import load_liar

    liar = load_liar()
    texts, labels = liar["test"]
    assert len(texts) == 1283 and set(labels) == set(range(6))
    assert all(isinstance(t, str) and not t.endswith(".json") for t in texts)


def test_liar_metadata_has_no_credit_history(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import load_liar, load_liar_metadata

    meta, liar = load_liar_metadata(), load_liar()
    assert [len(v) for v in meta.values()] == [len(v[0]) for v in liar.values()]
    toks = {t.split("=")[0] for row in meta["train"][:500] for t in row.split()}
    assert toks <= {"subj", "spk", "job", "state", "party", "ctx"}
    # the five count columns would read as bare numbers: none appear
    assert not any(t.isdigit() for row in meta["test"] for t in row.split())


def test_group_split_keeps_pairs_together(shared) -> None:  # type: ignore[no-untyped-def]
    from newscheck_lab.datasets.reliability import load_corpus
    from newscheck_lab.reliability import train as T

    docs = load_corpus("perezrosas_fakenewsamt")
    cor = T.Corpus(docs[:120])
    tr, te = T.group_split(cor)
    assert not set(cor.groups[tr]) & set(cor.groups[te])
