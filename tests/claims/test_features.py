"""Features shared by training and inference."""

from __future__ import annotations

import numpy as np

from newscheck.claims.features import (
    CUE_NAMES,
    char_terms,
    clean,
    cue_vector,
    featurize,
    word_terms,
)


def test_clean_drops_links_handles_and_hash_marks():
    out = clean("Read https://t.co/x @WHO says #COVID19 “spreads”")
    assert "http" not in out
    assert "@user" in out
    assert "#" not in out
    assert '"spreads"' in out


def test_word_terms_fold_numbers_and_years():
    terms = word_terms("Sales rose 12% to $3,400 in 2019.")
    assert "<n2>" in terms
    assert "<n4>" in terms
    assert "<year>" in terms
    assert "<s> sales" in terms
    assert "2019" not in terms


def test_char_terms_stay_inside_words():
    grams = char_terms("ab cd")
    assert " AB" in grams
    assert "AB " in grams
    assert not any(g.strip().count(" ") for g in grams)
    assert not set(grams) & set(word_terms("ab cd abc"))


def test_cues_see_numbers_and_courtesy():
    fact = dict(
        zip(CUE_NAMES, cue_vector("Taxes rose 40 percent in 2010."), strict=True)
    )
    thanks = dict(zip(CUE_NAMES, cue_vector("Thank you all very much."), strict=True))
    assert fact["has_number"] == fact["percent"] == fact["year"] == 1.0
    assert thanks["has_number"] == 0.0
    assert thanks["opinion_or_courtesy"] == 1.0
    assert all(0.0 <= v <= 1.0 for v in fact.values())


def test_featurize_blocks_are_normalised_and_cues_follow_vocab():
    vocab = {"taxes": 0, "rose": 1, " TAX": 2}
    indptr, indices, data = featurize(["Taxes rose.", "Nothing known"], vocab)
    assert list(indptr) == [0, 3 + len(CUE_NAMES), 3 + 2 * len(CUE_NAMES)]
    row0 = dict(zip(indices[: indptr[1]], data[: indptr[1]], strict=True))
    assert np.isclose(row0[0] ** 2 + row0[1] ** 2, 1.0)  # word block, L2 = 1
    assert np.isclose(row0[2], 1.0)  # the one char term
    assert set(indices[indptr[1] :]) == set(range(3, 3 + len(CUE_NAMES)))


def test_embedding_is_unit_length_or_zero():
    from newscheck.claims.features import embed, embedding_table
    from newscheck.factcheck.embed import StaticEmbedder

    emb = StaticEmbedder.load()
    index, rows = embedding_table(["rose", "taxes", "<n2>", "TAX", "rose by"], emb, 8)
    assert sorted(index) == ["rose", "taxes"]  # word unigrams only
    out = embed(["Taxes rose 12%.", "12 34", ""], index, rows)
    assert out.shape == (3, 8)
    assert np.isclose(np.linalg.norm(out[0]), 1.0)
    assert not out[1].any() and not out[2].any()
