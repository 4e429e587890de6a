"""A logit-averaging ensemble of linear members.

The shipped article model averages the raw logits of two linear
models fitted on the same rows: the sign-consistent, corpus-balanced
:class:`LinearTextModel` of the first round and the plain word + char n-gram
:class:`~newscheck.reliability.plain.PlainNgramModel` (the issue's baseline),
then maps the mean through a smooth monotone (Platt) calibration fitted on
out-of-corpus means (older artefacts: isotonic knots), and predicts from
out-of-corpus evidence how likely its label is to be right
(:mod:`newscheck.reliability.correctness`). It answers the same calls as one
:class:`LinearTextModel` (``score``, ``proba_from_logits``, ``explain``,
``domain``), so the analyzer does not know which it holds; the token stream
is computed once for every member.

Artefacts: ``article.json`` names the members (``article.m0.*``,
``article.m1.*``, each saved by its own class; a member's JSON says
``"type": "plain"`` for the n-gram model) with their weights, the
calibration (``"calibration"``: Platt's ``a``/``b``, else isotonic knots)
and the correctness model (``"correctness"``).
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
from newscheck.reliability.correctness import (
    EXTRA_FEATURES,
    CorrectnessModel,
    Platt,
    feature_row,
    genre_cues,
)
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
    """Weighted mean of member logits, calibrated (Platt, else isotonic)."""

    kind: str
    members: list[Member]
    weights: list[float]
    iso_x: np.ndarray
    iso_y: np.ndarray
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    platt: Platt | None = None
    correctness: CorrectnessModel | None = None

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
        if self.platt is not None:
            return self.platt(float(np.ravel(z)[0]))
        return float(np.interp(float(np.ravel(z)[0]), self.iso_x, self.iso_y))

    def assess(
        self, s: EnsembleScored, p: float, title: str, body: str
    ) -> dict[str, Any]:
        """What the correctness model reads of a scored text and its estimate
        that the label at 0.5 is right (``{}`` without a correctness model)."""
        cm = self.correctness
        if cm is None:
            return {}
        plain = self._plain_index()
        coverage, distance = 0.0, 1.0
        if plain is not None:
            member = self.members[plain]
            part = s.parts[plain]
            assert isinstance(member, PlainNgramModel)
            coverage = member.coverage(part)
            k = int(np.searchsorted(part.feats, member.first_char))
            distance = cm.distance_at(
                self._slots(member)[part.feats[:k]], part.vals[:k]
            )
        extra = any(f in EXTRA_FEATURES for f in cm.features)
        cues = genre_cues(title, body, extra=extra)
        x = feature_row(p, coverage, distance, cues, cm.features)
        correct = float(cm.predict(x)[0])
        return {
            "correct": round(correct, 4),
            "level": cm.level,
            "coverage": round(coverage, 4),
            "distance": round(distance, 4),
        }

    def _slots(self, member: PlainNgramModel) -> np.ndarray:
        """The centroid column of each of *member*'s columns (``-1``: none),
        computed once (a whole array is assigned: threads may race to build
        it, never read half of one)."""
        slots = self.__dict__.get("_slot_cache")
        if slots is None:
            assert self.correctness is not None
            slots = self.correctness.slots(member.keys)
            self.__dict__["_slot_cache"] = slots
        return slots

    def _plain_index(self) -> int | None:
        for i, m in enumerate(self.members):
            if isinstance(m, PlainNgramModel):
                return i
        return None

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
    def save(self, directory: str | Path, *, members: bool = True) -> None:
        """Write the artefacts to *directory* (with ``members=False`` only the
        ensemble's JSON: the members' files are left as they are)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        names = []
        for i, m in enumerate(self.members):
            name = f"{self.kind}.m{i}"
            if members:
                replace(m, kind=name).save(d)
            names.append(name)
        meta = {
            "kind": self.kind,
            "ensemble": {
                "members": names,
                "weights": list(self.weights),
                "iso_x": np.asarray(self.iso_x).tolist(),
                "iso_y": np.asarray(self.iso_y).tolist(),
                **(
                    {"calibration": self.platt.to_json()}
                    if self.platt is not None
                    else {}
                ),
                **(
                    {"correctness": self.correctness.to_json()}
                    if self.correctness is not None
                    else {}
                ),
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
    cal = ens.get("calibration") or {}
    platt = (
        Platt(float(cal["a"]), float(cal["b"])) if cal.get("type") == "platt" else None
    )
    cm = ens.get("correctness")
    return EnsembleTextModel(
        kind=kind,
        members=members,
        weights=[float(w) for w in ens["weights"]],
        iso_x=np.asarray(ens.get("iso_x", []), dtype=np.float64),
        iso_y=np.asarray(ens.get("iso_y", []), dtype=np.float64),
        threshold=float(meta.get("threshold", 0.5)),
        meta=meta.get("meta", {}),
        platt=platt,
        correctness=CorrectnessModel.from_json(cm) if cm else None,
    )
