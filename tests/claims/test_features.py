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


def _cue(text: str, name: str) -> float:
    return dict(zip(CUE_NAMES, cue_vector(text), strict=True))[name]


def test_word_list_cues_separate_claims_from_opinion():
    from newscheck.claims.features import TOKEN_CUES

    assert {n for n, _, _ in TOKEN_CUES} <= set(CUE_NAMES)
    opinion = "I think you should perhaps be ashamed of this terrible, awful idea."
    claim = (
        "According to the census, the population grew in March, the most since 1990."
    )
    assert _cue(opinion, "first_person") > 0 and _cue(claim, "first_person") == 0
    assert _cue(opinion, "second_person") > 0
    assert _cue(opinion, "modal") > 0 and _cue(claim, "modal") == 0
    assert _cue(opinion, "hedge") > 0 and _cue(claim, "hedge") == 0
    assert _cue(opinion, "subjective") > 0 and _cue(claim, "subjective") == 0
    assert _cue(claim, "time_expression") > 0 and _cue(opinion, "time_expression") == 0
    assert _cue(claim, "attribution_source") > 0
    assert _cue(claim, "superlative") > 0 and _cue(opinion, "superlative") == 0


def test_word_list_cues_count_tokens_and_cap():
    # "I'm" is one token; three first-person tokens cap at 1.0 (cap 2)
    assert _cue("I'm here.", "first_person") == 0.5
    assert _cue("We, our and my.", "first_person") == 1.0
    assert _cue("Firstly, mine-sweepers.", "first_person") == 0.5  # 'mine' part


def test_is_opinion_needs_a_view_marker_and_no_figure():
    from newscheck.claims.features import is_opinion

    assert is_opinion("We should never have gone into that war.")
    assert is_opinion("Is that what you call leadership?")
    assert not is_opinion("We should cut the 3 percent tax.")  # states a figure
    assert not is_opinion("The army used poison gas in Fallujah in 2004.")
    assert not is_opinion("Thousands of troops were sent to Iraq.")


def test_capitalised_us_is_not_a_pronoun():
    assert _cue("The US left Iraq.", "first_person") == 0
    assert _cue("Give us a break.", "first_person") == 0.5
