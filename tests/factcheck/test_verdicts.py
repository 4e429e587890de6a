"""The verdict normalisation table."""

from __future__ import annotations

import pytest

from newscheck.factcheck.verdicts import (
    NORMALISED_VERDICTS,
    SOURCE_TABLES,
    VERDICT_TABLE,
    normalise_verdict,
    rating_to_verdict,
)


@pytest.mark.parametrize(
    ("label", "source", "expected"),
    [
        ("pants-fire", "liar", "pants-on-fire"),
        ("false", "liar", "false"),
        ("barely-true", "liar", "mostly-false"),
        ("half-true", "liar", "mixed"),
        ("mostly-true", "liar", "mostly-true"),
        ("true", "liar", "true"),
        ("Pants on Fire!", None, "pants-on-fire"),
        ("Fabricated", None, "pants-on-fire"),
        ("MOSTLY FALSE", None, "mostly-false"),
        ("Mixture", None, "mixed"),
        ("Unproven", None, "unproven"),
        ("Misattributed", None, "false"),
        ("Four Pinocchios", None, "false"),
        ("Correct Attribution", None, "true"),
        ("Satire", None, "other"),
        ("", None, "other"),
        (None, None, "other"),
    ],
)
def test_normalise_verdict_table(label: str | None, source: str | None, expected: str):
    assert normalise_verdict(label, source=source) == expected


def test_every_table_value_is_on_the_scale():
    values = set(VERDICT_TABLE.values())
    for table in SOURCE_TABLES.values():
        values |= set(table.values())
    assert values <= set(NORMALISED_VERDICTS)


def test_liar_table_covers_all_six_labels():
    labels = ["pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"]
    got = [normalise_verdict(label, source="liar") for label in labels]
    assert got == [
        "pants-on-fire",
        "false",
        "mostly-false",
        "mixed",
        "mostly-true",
        "true",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "false"), (2, "mostly-false"), (3, "mixed"), (4, "mostly-true"), (5, "true")],
)
def test_numeric_rating_bands(value: int, expected: str):
    assert rating_to_verdict(value, 1, 5) == expected
    assert normalise_verdict(None, rating=(value, 1, 5)) == expected


def test_numeric_rating_out_of_range_is_other():
    assert rating_to_verdict(9, 1, 5) == "other"
    assert rating_to_verdict(1, 1, 1) == "other"


def test_known_label_beats_numeric_rating():
    assert normalise_verdict("True", rating=(1, 1, 5)) == "true"


def test_docs_list_every_label(repo):
    doc = (repo / "docs" / "verdicts.md").read_text(encoding="utf-8")
    for label, value in VERDICT_TABLE.items():
        assert f"| {label} | `{value}` |" in doc
    for label in SOURCE_TABLES["liar"]:
        assert f"`{label.replace(' ', '-')}`" in doc
