"""The pure-Python WordPiece tokenizer and the static embedder."""

from __future__ import annotations

import numpy as np

from newscheck.factcheck.embed import StaticEmbedder, WordPiece

VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "un",
    "##believ",
    "##able",
    "cat",
    "dog",
    ",",
    "!",
    "cafe",
]


def test_wordpiece_greedy_longest_match():
    wp = WordPiece(VOCAB)
    assert wp.ids("Unbelievable, cat!") == [4, 5, 6, 9, 7, 10]
    assert wp.ids("zebra") == [1]
    assert wp.ids("Café") == [11]  # lower-cased, accents stripped


def test_static_embedder_roundtrip(tmp_path):
    rng = np.random.default_rng(0)
    emb = StaticEmbedder(VOCAB, rng.normal(size=(len(VOCAB), 4)))
    vec = emb.encode(["cat dog", "zebra", ""])
    assert np.isclose(np.linalg.norm(vec[0]), 1.0, atol=1e-5)
    assert not vec[1].any() and not vec[2].any()  # [UNK] only / empty: zero vector
    emb.save(tmp_path / "e.npz")
    again = StaticEmbedder.load(tmp_path / "e.npz")
    assert np.allclose(again.encode(["cat dog"]), vec[:1], atol=1e-2)
