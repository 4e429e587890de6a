"""Reading and writing the PTC layout (newscheck.propaganda.labels); real offsets."""

from __future__ import annotations

import pytest

from newscheck.errors import InputError
from newscheck.propaganda.labels import (
    Label,
    format_labels,
    labels_by_article,
    parse_labels,
    read_articles,
)
from newscheck.propaganda.techniques import DEFINITIONS, HUMAN_NAMES, TECHNIQUES


def test_parse_and_format_round_trip():
    text = "7\tDoubt\t0\t4\n7\t5\t9\n"
    rows = parse_labels(text)
    assert rows == [Label("7", "Doubt", 0, 4), Label("7", None, 5, 9)]
    assert format_labels(rows) == text


@pytest.mark.parametrize(
    "line", ["7\tDoubt\t0", "7\tx\t1\t2\t3", "7\tDoubt\ta\t4", "7\t9\t2"]
)
def test_parse_rejects_bad_lines(line):
    with pytest.raises(InputError):
        parse_labels(line + "\n")


def test_read_articles_by_id(tmp_path):
    (tmp_path / "article12.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert read_articles(tmp_path) == {"12": "Title\n\nBody.\n"}
    with pytest.raises(InputError):
        read_articles(tmp_path / "missing")


def test_technique_tables_cover_the_14_labels():
    assert len(TECHNIQUES) == 14
    assert set(DEFINITIONS) == set(HUMAN_NAMES) == set(TECHNIQUES)


@pytest.mark.shared
def test_train_labels_fall_inside_their_articles(ptc_train):
    n = 0
    for aid, spans in labels_by_article(
        r for rows in ptc_train.labels.values() for r in rows
    ).items():
        text = ptc_train.articles[aid]
        for r in spans:
            assert 0 <= r.start < r.end <= len(text)
            assert r.technique in TECHNIQUES
            n += 1
    assert n == 6128  # PROVENANCE.md: 6,128 train TC spans
    assert len(ptc_train.articles) == 371
