"""Fine-tuning the static vectors: gradients, learning a known answer, saving."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck.factcheck.embed import StaticEmbedder
from newscheck.factcheck.index import FEATURES, FactCheckIndex, Matcher
from newscheck.factcheck.loaders import make_record
from newscheck_lab.factcheck.finetune import Example, _example_grad, finetune

VOCAB = [
    *("[PAD]", "[UNK]", "[CLS]", "[SEP]"),
    *("senator", "voted", "against", "opposed", "for", "supported"),
    *("the", "bill", "tax", "cut"),
]
W = {w: i for i, w in enumerate(VOCAB)}


def _ids(text: str) -> list[int]:
    return [W[w] for w in text.split()]


def _loss(e: np.ndarray, ex: Example, tau: float) -> float:
    return _example_grad(e, ex, tau, np.zeros_like(e))


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    e = rng.normal(size=(len(VOCAB), 5))
    ex = Example(
        query=_ids("senator voted against the bill bill"),
        docs=[
            (_ids("senator opposed tax cut"), _ids("senator opposed")),
            (_ids("senator supported the bill"), _ids("bill supported")),
            (_ids("tax cut for senator"), _ids("tax cut")),
        ],
        gold=[0],
    )
    grad = np.zeros_like(e)
    _example_grad(e, ex, 0.3, grad)
    num = np.zeros_like(e)
    h = 1e-6
    for i in range(4, len(VOCAB)):
        for j in range(e.shape[1]):
            up, down = e.copy(), e.copy()
            up[i, j] += h
            down[i, j] -= h
            num[i, j] = (_loss(up, ex, 0.3) - _loss(down, ex, 0.3)) / (2 * h)
    assert np.allclose(grad, num, atol=1e-5)


def _pairs() -> list[Example]:
    # "voted against" means "opposed", not "supported": a fact every example teaches
    out = []
    for thing in ("the bill", "tax cut", "the tax"):
        out.append(
            Example(
                query=_ids(f"senator voted against {thing}"),
                docs=[
                    (_ids(f"senator voted for {thing}"), _ids(f"voted for {thing}")),
                    (_ids(f"senator opposed {thing}"), _ids(f"opposed {thing}")),
                ],
                gold=[1],
            )
        )
    return out


def _embedder() -> StaticEmbedder:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(VOCAB), 8))
    # start with "against" close to "for" and far from "opposed"
    vectors[W["for"]] = vectors[W["against"]] + 0.1 * rng.normal(size=8)
    vectors[W["opposed"]] = -vectors[W["against"]]
    return StaticEmbedder(VOCAB, vectors)


def _rank_of_gold(emb: StaticEmbedder, ex: Example) -> int:
    q = emb.vectors[list(ex.query)].sum(0)
    sims = [
        float(emb.vectors[list(c)].sum(0) @ q / np.linalg.norm(emb.vectors[c].sum(0)))
        for c, _ in ex.docs
    ]
    return int(np.argsort(sims)[::-1].tolist().index(ex.gold[0]))


def test_finetune_learns_the_known_answer_and_keeps_unseen_tokens():
    emb = _embedder()
    pairs = _pairs()
    assert all(_rank_of_gold(emb, ex) == 1 for ex in pairs)  # wrong before
    seen = []
    tuned = finetune(
        emb,
        pairs,
        epochs=60,
        lr=0.05,
        l2=1e-4,
        tau=0.1,
        on_epoch=lambda n, _: seen.append(n),
    )
    assert seen == list(range(1, 61))
    assert all(_rank_of_gold(tuned, ex) == 0 for ex in pairs)  # right after
    # a held-out query with the same relation is now matched too
    held = Example(
        query=_ids("senator voted against the cut"),
        docs=[
            (_ids("senator voted for the cut"), []),
            (_ids("senator opposed the cut"), []),
        ],
        gold=[1],
    )
    assert _rank_of_gold(tuned, held) == 0
    assert np.array_equal(tuned.vectors[W["[PAD]"]], emb.vectors[W["[PAD]"]])
    assert not tuned.vectors[:4].any()  # special tokens stay zero
    assert emb.vectors[W["opposed"]] @ emb.vectors[W["against"]] < 0  # input unchanged


def test_save_with_base_round_trip(tmp_path):
    emb = _embedder()
    tuned = finetune(emb, _pairs(), epochs=5, lr=0.05)
    tuned.vectors[W["cut"]] = emb.vectors[W["cut"]]  # an untouched row
    path = tmp_path / "e.npz"
    tuned.save(path, base=emb.vectors)
    with np.load(path) as data:
        rows = set(data["base_rows"].tolist())
    assert W["against"] in rows and W["cut"] not in rows
    again = StaticEmbedder.load(path)
    assert np.allclose(again.vectors, tuned.vectors, atol=2e-3)
    base = StaticEmbedder.load(path, tuned=False)
    assert np.allclose(base.vectors, emb.vectors, atol=2e-3)
    assert not np.allclose(base.vectors, again.vectors, atol=2e-3)
    with pytest.raises(Exception, match="shape"):
        tuned.save(path, base=emb.vectors[:3])


def test_reranker_puts_the_paraphrase_above_the_lexical_distractor():
    """BM25 prefers the distractor (more shared terms: "against" and "for" are stop
    words); the re-ranker, given the
    tuned vectors and weight on the cosine, picks the claim that means the same."""
    emb = finetune(_embedder(), _pairs(), epochs=60, lr=0.05, tau=0.1)
    records = [
        make_record(source="demo", source_id="a", claim="senator voted for the bill"),
        make_record(source="demo", source_id="b", claim="senator opposed bill"),
        make_record(source="demo", source_id="c", claim="tax cut"),
    ]
    query = "senator voted against the bill"
    lexical = FactCheckIndex(records, matcher=Matcher(), embedder=None)
    assert lexical.rows[lexical.rank(query, 1)[0][0]].source_id == "a"
    weights = dict.fromkeys(FEATURES, 0.0) | {"bm25_rel": 1.0, "cos": 6.0}
    matcher = Matcher(
        features=FEATURES,
        weights=tuple(weights[f] for f in FEATURES),
        bias=-3.0,
        threshold=0.0,
        candidates=3,
    )
    idx = FactCheckIndex(records, matcher=matcher, embedder=emb)
    assert [m.source_id for m in idx.search(query, 2)] == ["b", "a"]
