"""Optional ONNX model artefacts: where one is found, and whether it can run.

Each optional transformer (``newscheck.propaganda.transformer``,
``newscheck.claims.transformer``) is one directory named after it, holding
``model.onnx`` and ``tokenizer.json``. It is looked for, first hit wins: a given
path; the model's environment variable; the packaged ``newscheck/models/<name>/``
(when it holds ``model.onnx``); the user data dir, ``<data_dir>/models/<name>``.
:func:`open_artefact` checks and opens one (its ``meta.json``, tokenizer and
onnxruntime session); a loaded model is kept once per process by
:func:`load_once`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from newscheck.errors import ConfigError

__all__ = [
    "Artefact",
    "available",
    "find_model_dir",
    "load_once",
    "load_tokenizer",
    "open_artefact",
    "packaged_dir",
    "session",
    "user_model_dir",
]

_MODELS = Path(__file__).resolve().parent / "models"


def packaged_dir(name: str) -> Path:
    """``newscheck/models/<name>`` inside the package."""
    return _MODELS / name


def user_model_dir(name: str) -> Path:
    """``<data_dir>/models/<name>``, where the training scripts write by default."""
    from newscheck.settings import data_dir

    return data_dir() / "models" / name


def find_model_dir(
    name: str, env_var: str, path: str | Path | None = None
) -> Path | None:
    """The artefact directory of *name* (see the module docstring), or ``None``."""
    if path is not None:
        return Path(path)
    env = os.environ.get(env_var)
    if env:
        return Path(env)
    for cand in (packaged_dir(name), user_model_dir(name)):
        if (cand / "model.onnx").is_file():
            return cand
    return None


def available(name: str, env_var: str, path: str | Path | None = None) -> bool:
    """Whether onnxruntime and tokenizers import and an artefact is present."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    d = find_model_dir(name, env_var, path)
    return d is not None and (d / "model.onnx").is_file()


def load_tokenizer(path: str | Path) -> Any:
    """A ``tokenizers.Tokenizer`` from *path* with truncation and padding off."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def session(path: str | Path, *, threads: int = 1) -> Any:
    """An onnxruntime CPU ``InferenceSession`` of the model file *path*, with
    *threads* intra-op threads, one inter-op thread and every graph
    optimisation."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = int(threads)
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class Artefact:
    """An opened artefact directory: its ``meta.json``, tokenizer and session."""

    path: Path
    meta: dict[str, Any]
    tokenizer: Any
    session: Any


def open_artefact(
    name: str,
    env_var: str,
    path: str | Path | None,
    *,
    fmt: str,
    what: str,
    build: str,
    threads: int = 1,
) -> Artefact:
    """Find (:func:`find_model_dir`) and open the artefact *name*: check that
    onnxruntime imports, that ``model.onnx`` is there and that ``meta.json``
    names the format *fmt*, then load the tokenizer and the session.

    *what* names the model in the messages (``the transformer <what> model``)
    and *build* is the command that builds the artefact. Raises
    :class:`~newscheck.errors.ConfigError` where any of this is missing."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            f"the transformer {what} model needs onnxruntime and tokenizers: "
            "pip install 'newscheck[transformers]'"
        ) from exc
    d = find_model_dir(name, env_var, path)
    if d is None or not (d / "model.onnx").is_file():
        raise ConfigError(
            f"no {what} transformer artefact found; build it with "
            f"'{build}' (writes to {user_model_dir(name)}) or set {env_var}"
        )
    meta: dict[str, Any] = json.loads((d / "meta.json").read_text("utf-8"))
    if meta.get("format") != fmt:
        raise ConfigError(f"{d}: not a {fmt} artefact")
    return Artefact(
        path=d,
        meta=meta,
        tokenizer=load_tokenizer(d / "tokenizer.json"),
        session=session(d / "model.onnx", threads=threads),
    )


_M = TypeVar("_M")
_LOADED: dict[tuple[Any, Path, int], Any] = {}
_LOAD_LOCK = threading.RLock()  # a load may load another (the ensemble)


def load_once(load: Callable[..., _M], path: Path | None, *, threads: int = 1) -> _M:
    """``load(path, threads=threads)``, called once per process for each
    *load*, artefact directory *path* (as found by :func:`find_model_dir`;
    ``None`` where none was) and *threads*. Callers must not change the
    result; a failed load is not kept."""
    key = (load, (path or Path("-")).resolve(), threads)
    model = _LOADED.get(key)
    if model is None:
        with _LOAD_LOCK:  # threads asking together wait for one load
            model = _LOADED.get(key)
            if model is None:
                model = _LOADED[key] = load(path, threads=threads)
    return model
