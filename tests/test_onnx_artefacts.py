"""Opening an optional ONNX artefact (``newscheck.onnx_artefacts``): one
implementation of the checks, the tokenizer and the onnxruntime session for
both transformers. onnxruntime and tokenizers are replaced by small stand-ins
here, so these run without the ``transformers`` extra."""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from newscheck import onnx_artefacts as artefacts
from newscheck.claims import transformer as claims_transformer
from newscheck.errors import ConfigError
from newscheck.propaganda import transformer as propaganda_transformer

REPO = Path(__file__).resolve().parents[1]


class _Options:
    intra_op_num_threads = 0
    inter_op_num_threads = 0
    graph_optimization_level = None


class _Session:
    def __init__(self, path: str, options: _Options, providers: list[str]) -> None:
        self.path, self.options, self.providers = path, options, providers


class _Tokenizer:
    def __init__(self, path: str) -> None:
        self.path, self.calls = path, []

    @classmethod
    def from_file(cls, path: str) -> _Tokenizer:
        return cls(path)

    def no_truncation(self) -> None:
        self.calls.append("no_truncation")

    def no_padding(self) -> None:
        self.calls.append("no_padding")


@pytest.fixture
def fake_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    ort = types.ModuleType("onnxruntime")
    ort.SessionOptions = _Options  # type: ignore[attr-defined]
    ort.InferenceSession = _Session  # type: ignore[attr-defined]
    ort.GraphOptimizationLevel = types.SimpleNamespace(ORT_ENABLE_ALL="all")  # type: ignore[attr-defined]
    tok = types.ModuleType("tokenizers")
    tok.Tokenizer = _Tokenizer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "onnxruntime", ort)
    monkeypatch.setitem(sys.modules, "tokenizers", tok)


def _artefact(d: Path, fmt: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "model.onnx").write_bytes(b"onnx")
    (d / "tokenizer.json").write_text("{}", encoding="utf-8")
    (d / "meta.json").write_text(json.dumps({"format": fmt, "x": 1}), "utf-8")
    return d


def _open(path: Path | None, **kw: Any) -> artefacts.Artefact:
    return artefacts.open_artefact(
        "thing_transformer",
        "NEWSCHECK_THING_TEST",
        path,
        fmt="thing/1",
        what="thing",
        build="python -m build_thing",
        **kw,
    )


def test_open_artefact_reads_meta_tokenizer_and_session(
    fake_runtime: None, tmp_path: Path
) -> None:
    d = _artefact(tmp_path / "a", "thing/1")
    art = _open(d, threads=3)
    assert art.path == d and art.meta == {"format": "thing/1", "x": 1}
    assert art.tokenizer.path == str(d / "tokenizer.json")
    assert art.tokenizer.calls == ["no_truncation", "no_padding"]
    s = art.session
    assert (s.path, s.providers) == (str(d / "model.onnx"), ["CPUExecutionProvider"])
    assert s.options.intra_op_num_threads == 3
    assert s.options.inter_op_num_threads == 1
    assert s.options.graph_optimization_level == "all"


def test_open_artefact_errors_name_what_is_missing(
    fake_runtime: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSCHECK_THING_TEST", raising=False)
    with pytest.raises(ConfigError, match="no thing transformer artefact found") as e:
        _open(tmp_path / "empty")
    assert "python -m build_thing" in str(e.value)
    assert "NEWSCHECK_THING_TEST" in str(e.value)
    other = _artefact(tmp_path / "b", "other/1")
    with pytest.raises(ConfigError, match=r"not a thing/1 artefact"):
        _open(other)


def test_open_artefact_without_onnxruntime_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    with pytest.raises(ConfigError, match=re.escape("newscheck[transformers]")):
        _open(_artefact(tmp_path / "a", "thing/1"))


@pytest.mark.parametrize(
    ("module", "cls", "what"),
    [
        (claims_transformer, "ClaimTransformer", "check-worthiness"),
        (propaganda_transformer, "PropagandaTransformer", "propaganda"),
    ],
)
def test_both_transformers_open_through_it(
    fake_runtime: None, tmp_path: Path, module: Any, cls: str, what: str
) -> None:
    with pytest.raises(ConfigError, match=f"no {what} transformer artefact") as e:
        getattr(module, cls)(tmp_path / "none")
    assert f"newscheck_lab.transformers.{module.__name__.split('.')[1]}" in str(e.value)
    d = _artefact(tmp_path / "wrong", "not-it/0")
    with pytest.raises(ConfigError, match=re.escape(f"not a {module.FORMAT}")):
        getattr(module, cls)(d)


def test_one_onnxruntime_session_factory() -> None:
    """Every onnxruntime session of the runtime and the lab is made by
    ``onnx_artefacts.session``: no module builds its own."""
    found = [
        str(p.relative_to(REPO))
        for folder in ("src/newscheck", "src/newscheck_lab")
        for p in sorted((REPO / folder).rglob("*.py"))
        if p.name != "onnx_artefacts.py"
        and re.search(r"InferenceSession\(|SessionOptions\(", p.read_text("utf-8"))
    ]
    assert not found, found
