"""PyTorch all-MiniLM-L6-v2 (BERT) encoder shared by the transformer trainers.

Imported only by :mod:`newscheck_lab.transformers.claims` and
:mod:`newscheck_lab.transformers.propaganda` (the ``train-transformers`` extra);
the ``newscheck`` package never imports it, so inference needs no PyTorch.

:class:`MiniLM` holds the embeddings and the six layers under the state-dict
names ``word``, ``pos``, ``ttype``, ``ln`` and ``layers.N.{q,k,v,o,ln1,i,out,ln2}``;
each trainer subclasses it with its own ``forward`` (and heads) and fills it from
the base weights with :func:`load_base`.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

H, HEADS, INTER, LAYERS = 384, 12, 1536, 6
VOCAB, MAX_POS = 30522, 512

# our layer attribute -> the Hugging Face BERT name under ``encoder.layer.N.``
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "i": "intermediate.dense",
    "out": "output.dense",
    "ln2": "output.LayerNorm",
}


class Layer(nn.Module):
    """One BERT layer (post-LayerNorm, exact GELU, dropout 0.1)."""

    def __init__(self) -> None:
        super().__init__()
        self.q, self.k, self.v = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
        self.o, self.ln1 = nn.Linear(H, H), nn.LayerNorm(H, eps=1e-12)
        self.i, self.out = nn.Linear(H, INTER), nn.Linear(INTER, H)
        self.ln2 = nn.LayerNorm(H, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        b, t, _ = x.shape

        def split(z):
            return z.view(b, t, HEADS, H // HEADS).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(H // HEADS) + bias
        att = self.drop(torch.softmax(att, dim=-1))
        ctx = torch.matmul(att, v).transpose(1, 2).reshape(b, t, H)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.out(F.gelu(self.i(x)))))


class MiniLM(nn.Module):
    """Embeddings (word, position, token type 0, LayerNorm) and six layers; no
    ``forward`` of its own (the subclasses add it)."""

    def __init__(self) -> None:
        super().__init__()
        self.word = nn.Embedding(VOCAB, H)
        self.pos = nn.Embedding(MAX_POS, H)
        self.ttype = nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.drop = nn.Dropout(0.1)

    @staticmethod
    def bias(mask, dtype=torch.float32):
        """Additive attention bias: 0 on tokens, -10000 on padding."""
        return (1.0 - mask[:, None, None, :].to(dtype)) * -10000.0

    def embed(self, input_ids):
        """LayerNorm of word + position + token-type-0 embeddings (no dropout)."""
        t = input_ids.shape[1]
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        return self.ln(self.word(input_ids) + self.pos(pos) + self.ttype.weight[0])


def base_state_dict(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The :class:`MiniLM` state dict from the base model's safetensors names."""
    p = "embeddings."
    sd = {
        "word.weight": weights[p + "word_embeddings.weight"],
        "pos.weight": weights[p + "position_embeddings.weight"],
        "ttype.weight": weights[p + "token_type_embeddings.weight"],
        "ln.weight": weights[p + "LayerNorm.weight"],
        "ln.bias": weights[p + "LayerNorm.bias"],
    }
    for n in range(LAYERS):
        for mine, theirs in _LAYER_NAMES.items():
            for w in ("weight", "bias"):
                sd[f"layers.{n}.{mine}.{w}"] = weights[
                    f"encoder.layer.{n}.{theirs}.{w}"
                ]
    return sd


def load_base(
    model: nn.Module,
    weights: dict[str, np.ndarray],
    extra: dict[str, np.ndarray] | None = None,
) -> nn.Module:
    """Load the base weights (plus *extra* entries, e.g. a zero head) into
    *model* (strict: every parameter must be given); returns *model*."""
    sd = {**base_state_dict(weights), **(extra or {})}
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in sd.items()})
    return model
