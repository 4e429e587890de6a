"""Claim matching: BM25 candidates re-ranked by a calibrated semantic score.

:class:`FactCheckIndex` holds every fact-check in memory: a BM25 index of
``claim + title`` and, when the static embedding model is installed (it ships in
``newscheck/models/factcheck``), one unit vector per claim. A query is cleaned,
its top BM25 candidates are scored by a small logistic model over lexical and
semantic features (:class:`Matcher`), and matches whose calibrated probability of
being the same claim reaches the threshold are returned.

Examples
--------
>>> from newscheck.factcheck.loaders import make_record
>>> idx = FactCheckIndex.from_records([
...     make_record(source="demo", source_id="1", claim="The moon landing was faked.",
...                 verdict="False"),
...     make_record(source="demo", source_id="2", claim="Coffee cures cancer.",
...                 verdict="Unproven")])
>>> [m.source_id for m in idx.search("was the moon landing faked?", threshold=0)]
['1']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newscheck.errors import ModelError
from newscheck.factcheck.bm25 import BM25
from newscheck.factcheck.text import clean, terms

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy import Engine

    from newscheck.factcheck.embed import StaticEmbedder
    from newscheck.factcheck.loaders import ClaimRecord
    from newscheck.settings import Settings

__all__ = ["MODEL_DIR", "FactCheckIndex", "Match", "Matcher"]

LOGGER = logging.getLogger(__name__)

#: Where the shipped artefacts live (claims file, embeddings, matcher weights).
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "factcheck"


@dataclass(frozen=True, slots=True)
class Match:
    """One fact-check that matches a query.

    ``similarity`` is the calibrated probability (0–1) that the fact-check is
    about the same claim as the query; ``source_id`` is the claim's id in its
    source (the vclaim id for CheckThat!).
    """

    claim: str
    verdict: str | None
    normalised_verdict: str
    publisher: str | None
    date: dt.date | None
    url: str | None
    similarity: float
    source: str
    source_id: str
    title: str | None = None
    claimant: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (date as ISO string)."""
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        return out


FEATURES = ("bm25_rel", "bm25_abs", "cos", "cos_gap", "cos_title")


@dataclass(slots=True)
class Matcher:
    """Logistic scoring of (query, candidate) pairs and the display threshold.

    ``weights`` pairs with :data:`FEATURES` (features a model lacks are dropped);
    ``threshold`` is the probability at or above which a match is shown;
    ``candidates`` is how many BM25 hits are re-ranked.
    """

    features: tuple[str, ...] = ("bm25_rel", "bm25_abs")
    weights: tuple[float, ...] = (4.0, 8.0)
    bias: float = -7.0
    threshold: float = 0.5
    candidates: int = 100
    k1: float = 1.2
    b: float = 0.75
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Matcher:
        """The shipped matcher (``matcher.json``), or BM25-only defaults if absent."""
        path = Path(path) if path else MODEL_DIR / "matcher.json"
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                features=tuple(data["features"]),
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                candidates=int(data["candidates"]),
                k1=float(data.get("k1", 1.2)),
                b=float(data.get("b", 0.75)),
                info=data.get("info", {}),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"corrupt fact-check matcher {path}: {exc}") from exc

    def save(self, path: str | Path) -> None:
        """Write the matcher as JSON."""
        Path(path).write_text(
            json.dumps(asdict(self), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    def score(self, feats: dict[str, np.ndarray]) -> np.ndarray:
        """Calibrated probabilities for the candidates described by *feats*."""
        z = np.full(len(next(iter(feats.values()))), self.bias, dtype=np.float64)
        for name, w in zip(self.features, self.weights, strict=True):
            z += w * feats[name]
        return 1.0 / (1.0 + np.exp(-z))


class FactCheckIndex:
    """Search previously fact-checked claims.

    Build one with :meth:`open` (the database of *settings*, filled from the
    shipped claims on first use), :meth:`from_engine` or :meth:`from_records`.
    """

    def __init__(
        self,
        rows: Sequence[ClaimRecord],
        *,
        matcher: Matcher | None = None,
        embedder: StaticEmbedder | None = None,
    ) -> None:
        self.matcher = matcher or Matcher()
        self.embedder = embedder
        self.rows = list(rows)
        texts = [_doc_text(r) for r in self.rows]
        self.bm25_ = BM25.fit(
            [terms(t) for t in texts], k1=self.matcher.k1, b=self.matcher.b
        )
        self.sources_ = np.asarray([r.source for r in self.rows], dtype=object)
        needs_dense = any(f.startswith("cos") for f in self.matcher.features)
        if needs_dense and embedder is None:
            raise ModelError("the fact-check matcher needs the embedding model")
        if embedder is not None and needs_dense:
            self.vectors_ = embedder.encode([clean(r.claim) for r in self.rows])
            self.title_vectors_ = embedder.encode(
                [clean(r.title or r.claim) for r in self.rows]
            )

    # ---------------------------------------------------------------- constructors

    @classmethod
    def from_records(
        cls,
        records: Sequence[ClaimRecord],
        *,
        matcher: Matcher | None = None,
        embedder: StaticEmbedder | bool | None = True,
    ) -> FactCheckIndex:
        """An index over *records* with the shipped matcher and embedding model.

        ``embedder=True`` loads the shipped model when the matcher needs one.
        """
        matcher = matcher or Matcher.load()
        if embedder is True:
            embedder = _default_embedder(matcher)
        return cls(records, matcher=matcher, embedder=embedder or None)

    @classmethod
    def from_engine(cls, engine: Engine, **kwargs: Any) -> FactCheckIndex:
        """An index over every row of the ``factchecks`` table of *engine*."""
        from newscheck.factcheck.store import read_all

        return cls.from_records(read_all(engine), **kwargs)

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        *,
        url: str | None = None,
        default: bool = True,
        **kwargs: Any,
    ) -> FactCheckIndex:
        """The index of the configured database.

        Parameters
        ----------
        settings
            Where the database is (``Settings.resolved_database_url()``).
        url
            A SQLAlchemy URL that overrides *settings*.
        default
            Load the shipped claims (LIAR + CheckThat! 2020) into the database
            first if they are not there yet.
        """
        from newscheck.factcheck.store import ensure_default
        from newscheck.settings import Settings
        from newscheck.store import make_engine

        db = url or (settings or Settings()).resolved_database_url()
        engine = make_engine(db)
        try:
            if default:
                ensure_default(engine)
            return cls.from_engine(engine, **kwargs)
        finally:
            engine.dispose()

    # ----------------------------------------------------------------------- search

    def __len__(self) -> int:
        return len(self.rows)

    def search(
        self,
        text: str,
        k: int = 5,
        *,
        threshold: float | None = None,
        source: str | None = None,
    ) -> list[Match]:
        """The fact-checks that match *text*, best first.

        Parameters
        ----------
        text
            A claim, sentence or social-media post.
        k
            At most this many matches.
        threshold
            Minimum similarity; the calibrated :attr:`Matcher.threshold` by default
            (``0`` returns the top *k* whatever their score).
        source
            Only fact-checks from this source (``"liar"``, ``"checkthat2020"`` …).
        """
        cut = self.matcher.threshold if threshold is None else threshold
        out = []
        for i, score in self.rank(text, k, source=source):
            if score < cut:
                break
            r = self.rows[i]
            out.append(
                Match(
                    claim=r.claim,
                    verdict=r.verdict,
                    normalised_verdict=r.normalised_verdict,
                    publisher=r.publisher,
                    date=r.date,
                    url=r.url,
                    similarity=round(float(score), 4),
                    source=r.source,
                    source_id=r.source_id,
                    title=r.title,
                    claimant=r.claimant,
                )
            )
        return out

    def candidates(
        self, text: str, *, source: str | None = None
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """``(rows, features, bm25)``: the BM25 candidates of *text* and their features.

        *rows* holds up to :attr:`Matcher.candidates` row indices; *bm25* is the
        score of every row (0 where a row shares no term with *text*).
        """
        q_terms = terms(text)
        bm = self.bm25_.scores(q_terms)
        if source is not None:
            bm = np.where(self.sources_ == source, bm, 0.0)
        hits = np.flatnonzero(bm > 0)
        if hits.size == 0:
            return hits, {}, bm
        n_cand = min(self.matcher.candidates, hits.size)
        cand = hits[np.argpartition(-bm[hits], n_cand - 1)[:n_cand]]
        return cand, self._features(text, q_terms, bm, cand), bm

    def rank(
        self, text: str, k: int = 1000, *, source: str | None = None
    ) -> list[tuple[int, float]]:
        """``(row index, score)`` of the top *k* fact-checks, scores decreasing.

        The BM25 candidates are re-ranked and scored by the matcher; further
        lexical hits follow with scores below every re-ranked one.
        """
        cand, feats, bm = self.candidates(text, source=source)
        if cand.size == 0:
            return []
        prob = self.matcher.score(feats)
        order = np.lexsort((cand, -prob))
        ranked = [(int(cand[j]), float(prob[j])) for j in order[:k]]
        if len(ranked) < k:
            hits = np.flatnonzero(bm > 0)
            rest = np.setdiff1d(hits, cand, assume_unique=True)
            if rest.size:
                floor = float(prob.min())
                rest = rest[np.lexsort((rest, -bm[rest]))][: k - len(ranked)]
                top = float(bm[rest[0]]) or 1.0
                ranked += [(int(i), floor * 0.999 * float(bm[i]) / top) for i in rest]
        return ranked

    def _features(
        self, text: str, q_terms: list[str], bm: np.ndarray, cand: np.ndarray
    ) -> dict[str, np.ndarray]:
        s = bm[cand].astype(np.float64)
        feats = {
            "bm25_rel": s / s.max(),
            "bm25_abs": s / max(self.bm25_.max_score(q_terms), 1e-9),
        }
        if self.embedder is not None and hasattr(self, "vectors_"):
            q = self.embedder.encode([clean(text)])[0]
            cos = self.vectors_[cand] @ q
            feats["cos"] = cos.astype(np.float64)
            feats["cos_gap"] = feats["cos"] - float(cos.max())
            feats["cos_title"] = (self.title_vectors_[cand] @ q).astype(np.float64)
        return feats


def _doc_text(r: ClaimRecord) -> str:
    return f"{r.claim} {r.title}" if r.title else r.claim


def _default_embedder(matcher: Matcher) -> StaticEmbedder | None:
    if not any(f.startswith("cos") for f in matcher.features):
        return None
    from newscheck.factcheck.embed import StaticEmbedder

    return StaticEmbedder.load()
