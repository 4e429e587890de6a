"""Leak stripping and features."""

from __future__ import annotations

import pytest

from newscheck.reliability.text import (
    LEAK_TOKENS,
    STYLE_NAMES,
    strip_boilerplate,
    style_vector,
    word_terms,
)


@pytest.mark.parametrize(
    ("raw", "gone"),
    [
        ("WASHINGTON (Reuters) - The Senate voted on Tuesday.", "Reuters"),
        ("NEW YORK (Reuters) - Stocks fell.", "NEW YORK"),
        ("Trump spoke.Featured image via Alex Wong/Getty Images", "Featured"),
        ("Trump spoke. Photo by Chip Somodevilla/Getty Images", "Getty"),
        ("21st Century Wire says the report is wrong.", "Century Wire"),
        ("It rained. Please share this on Facebook! Roads shut.", "share"),
        ("See https://example.com/x and @someone for more.", "example"),
    ],
)
def test_strip_boilerplate_removes_leaks(raw: str, gone: str) -> None:
    assert gone not in strip_boilerplate(raw)


def test_strip_boilerplate_keeps_content() -> None:
    text = "WASHINGTON (Reuters) - The Senate voted 52-48 to pass the bill."
    assert strip_boilerplate(text) == "The Senate voted 52-48 to pass the bill."


def test_word_terms_apostrophes_and_leak_tokens() -> None:
    # ISOT fakes lost their apostrophes: both spellings give the same terms
    assert word_terms("couldn't go") == word_terms("couldn t go")
    assert not set(word_terms("Reuters and Getty Images via CNN")) & LEAK_TOKENS


def test_style_vector_shape_and_signal() -> None:
    calm = style_vector("Budget passes", "Officials said the budget passed on Monday.")
    loud = style_vector("SHOCKING!!", "You will NOT believe this!!! Totally insane!!!")
    assert calm.shape == loud.shape == (len(STYLE_NAMES),)
    i = STYLE_NAMES.index("exclamations_per_100")
    assert loud[i] > calm[i]
    assert style_vector("", "").shape == (len(STYLE_NAMES),)
