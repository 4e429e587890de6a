"""A logit-averaging ensemble of linear members.

The shipped article model (issue 19) averages the raw logits of two linear
models fitted on the same rows: the sign-consistent, corpus-balanced
:class:`LinearTextModel` of issue 4 and the plain word + char n-gram
:class:`~newscheck.reliability.plain.PlainNgramModel` (the issue's baseline),
then maps the mean through an isotonic calibration fitted on out-of-corpus
means. It answers the same calls as one :class:`LinearTextModel` (``score``,
``proba_from_logits``, ``explain``, ``domain``), so the analyzer does not know
which it holds; the token stream is computed once for every member.

Artefacts: ``article.json`` names the members (``article.m0.*``,
``article.m1.*``, each saved by its own class; a member's JSON says
``"type": "plain"`` for the n-gram model) with their weights and the
calibration knots.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.article import split_sentences
from newscheck.errors import ModelError
from newscheck.reliability.features import token_stream
from newscheck.reliability.model import LinearTextModel, Scored
from newscheck.reliability.plain import PlainNgramModel

#: what an ensemble member is: a word model or a hashed plain n-gram model
Member = LinearTextModel | PlainNgramModel

__all__ = ["EnsembleScored", "EnsembleTextModel", "load_model"]


@dataclass
class EnsembleScored:
    """One text scored by every member: the averaged logit and the parts."""

    z: np.ndarray
    parts: list[Scored]


@dataclass
class EnsembleTextModel:
    """Weighted mean of member logits, isotonic-calibrated."""

    kind: str
    members: list[Member]
    weights: list[float]
    iso_x: np.ndarray
    iso_y: np.ndarray
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def score(
        self,
        title: str,
        body: str,
        sentences: tuple[tuple[int, int], ...] | None = None,
    ) -> EnsembleScored:
        if sentences is None:
            sentences = split_sentences(body)
        stream = token_stream(title, body, sentences)  # one pass for every member
        parts = [m.score(title, body, sentences, stream=stream) for m in self.members]
        z = sum(w * p.z for w, p in zip(self.weights, parts, strict=True))
        return EnsembleScored(
            z=np.atleast_1d(np.asarray(z, dtype=np.float64)), parts=parts
        )

    def score_many(
        self, items: Sequence[tuple[str, str, tuple[tuple[int, int], ...] | None]]
    ) -> list[EnsembleScored]:
        """:meth:`score` of each ``(title, body, sentences)``: one token stream
        per text, each member scoring all of them at once where it can
        (:meth:`LinearTextModel.score_many`); the same values."""
        items = [(t, b, split_sentences(b) if s is None else s) for t, b, s in items]
        streams = [token_stream(*item) for item in items]
        per_member = []
        for m in self.members:
            many = getattr(m, "score_many", None)
            if many is not None:
                per_member.append(many(items, streams))
            else:
                per_member.append(
                    [
                        m.score(t, b, s, stream=st)
                        for (t, b, s), st in zip(items, streams, strict=True)
                    ]
                )
        out = []
        for parts in zip(*per_member, strict=True):
            z = sum(w * p.z for w, p in zip(self.weights, parts, strict=True))
            out.append(
                EnsembleScored(
                    z=np.atleast_1d(np.asarray(z, dtype=np.float64)),
                    parts=list(parts),
                )
            )
        return out

    def proba_from_logits(self, z: np.ndarray) -> float:
        return float(np.interp(float(np.ravel(z)[0]), self.iso_x, self.iso_y))

    def proba(self, title: str, body: str) -> float:
        return self.proba_from_logits(self.score(title, body).z)

    def explain(
        self, s: EnsembleScored, *, top: int = 10
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], np.ndarray]:
        """Members' explanations, each weighted as in the mean logit; a term
        named by several members gets the sum of its weighted contributions."""
        per_sentence: np.ndarray | None = None
        weight: dict[str, float] = {}
        for m, w, part in zip(self.members, self.weights, s.parts, strict=True):
            bad, good, per = m.explain(part, top=top)
            per_sentence = w * per if per_sentence is None else per_sentence + w * per
            for item in bad + good:
                weight[item["term"]] = (
                    weight.get(item["term"], 0.0) + w * item["weight"]
                )
        items = sorted(weight.items(), key=lambda kv: -abs(kv[1]))
        pos = sorted((x for x in items if x[1] > 0), key=lambda x: -x[1])[:top]
        neg = sorted((x for x in items if x[1] < 0), key=lambda x: x[1])[:top]
        fmt = [{"term": t, "weight": round(c, 4)} for t, c in pos]
        fmt_neg = [{"term": t, "weight": round(c, 4)} for t, c in neg]
        if per_sentence is None:
            per_sentence = np.zeros(0)
        return fmt, fmt_neg, per_sentence

    def domain(self, s: EnsembleScored) -> dict[str, Any]:
        """Vocabulary coverage by the member with the widest vocabulary (the
        plain n-gram member where there is one), against the reference
        recorded in this model's meta."""
        plain = [
            i for i, m in enumerate(self.members) if isinstance(m, PlainNgramModel)
        ]
        if plain:  # it knows every word seen in 2+ training documents
            widest = plain[0]
        else:
            widest = max(
                range(len(self.members)), key=lambda i: len(self.members[i].words)
            )
        member = replace_meta(self.members[widest], self.meta)
        return member.domain(s.parts[widest])

    # --- persistence ---------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        names = []
        for i, m in enumerate(self.members):
            name = f"{self.kind}.m{i}"
            replace(m, kind=name).save(d)
            names.append(name)
        meta = {
            "kind": self.kind,
            "ensemble": {
                "members": names,
                "weights": list(self.weights),
                "iso_x": np.asarray(self.iso_x).tolist(),
                "iso_y": np.asarray(self.iso_y).tolist(),
            },
            "threshold": self.threshold,
            "meta": self.meta,
        }
        (d / f"{self.kind}.json").write_text(json.dumps(meta, ensure_ascii=False))
        stale = d / f"{self.kind}.npz"  # a single model's arrays, now unused
        if stale.exists():
            stale.unlink()


def replace_meta(model: Member, meta: dict[str, Any]) -> Member:
    """*model* answering :meth:`LinearTextModel.domain` with *meta*'s reference
    (shallow: shares the member's arrays)."""
    if "coverage" not in meta:
        return model
    clone = object.__new__(type(model))
    clone.__dict__.update(model.__dict__)
    clone.meta = {**model.meta, "coverage": meta["coverage"]}
    return clone


def _read_meta(d: Path, name: str) -> Any:
    """The JSON of artefact *name* in *d* (a :class:`ModelError` if unreadable)."""
    try:
        return json.loads((d / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load the {name} reliability model from {d}: {exc}; "
            "run `newscheck train reliability`"
        ) from exc


def _load_member(d: Path, name: str) -> Member:
    meta = _read_meta(d, name)
    if isinstance(meta, dict) and meta.get("type") == "plain":
        return PlainNgramModel.load(d, name)
    return LinearTextModel.load(d, name)


def load_model(directory: str | Path, kind: str) -> LinearTextModel | EnsembleTextModel:
    """The ``kind`` model in *directory*: an ensemble if its JSON names members,
    else one :class:`LinearTextModel`."""
    d = Path(directory)
    meta = _read_meta(d, kind)
    ens = meta.get("ensemble") if isinstance(meta, dict) else None
    if not ens:
        return LinearTextModel.load(d, kind)
    members: list[Member] = []
    for name in ens["members"]:
        m = _load_member(d, name)
        m.kind = kind
        members.append(m)
    return EnsembleTextModel(
        kind=kind,
        members=members,
        weights=[float(w) for w in ens["weights"]],
        iso_x=np.asarray(ens["iso_x"], dtype=np.float64),
        iso_y=np.asarray(ens["iso_y"], dtype=np.float64),
        threshold=float(meta.get("threshold", 0.5)),
        meta=meta.get("meta", {}),
    )
