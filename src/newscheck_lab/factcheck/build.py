"""Build the shipped claims file from the shared corpora (a repo command).

``newscheck factcheck build`` runs :func:`build_claims_file`. Sources, in order
of precedence:

1. CheckThat! 2020 Task 2 verified claims (Snopes): every vclaim is kept under
   its vclaim id (the benchmark's candidate set does not change); the Snopes
   page with the same wording (``snopes_factchecks_2020``, joined on
   :func:`~newscheck_lab.datasets.factchecks.claim_key`, else on the headline)
   supplies its rating,
   date and link.
2. LIAR (all three splits): PolitiFact statements with their rating.
3. The other Snopes pages, AVeriTeC dev (about 50 publishers) and CoAID claims.

Records of sources 2–3 whose normalised text is already present are dropped
(the first one wins). The records are written, sorted by ``(source,
source_id)``, to ``newscheck/models/factcheck/claims.jsonl.xz``; the database is
built from that file on first use (:func:`newscheck.factcheck.store.ensure_default`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from newscheck.errors import InputError
from newscheck.factcheck.loaders import (
    ClaimRecord,
    Problem,
    read_checkthat,
    read_liar,
    write_jsonl,
)
from newscheck.factcheck.store import DEFAULT_CLAIMS
from newscheck.factcheck.text import terms
from newscheck_lab.datasets import dataset_path
from newscheck_lab.datasets.factchecks import (
    claim_key,
    read_averitec,
    read_coaid,
    read_snopes,
)

__all__ = ["build_claims_file", "default_records", "merge_records", "source_shares"]

LOGGER = logging.getLogger(__name__)

Item = tuple[int, "ClaimRecord | Problem"]


def _valid(items: Iterable[Item]) -> Iterator[ClaimRecord]:
    for _line, item in items:
        if isinstance(item, Problem):
            raise InputError(f"bad record in a shipped corpus: {item}")
        yield item


def merge_records(
    vclaims: Iterable[ClaimRecord],
    snopes: Iterable[ClaimRecord],
    others: Iterable[Iterable[ClaimRecord]],
) -> list[ClaimRecord]:
    """Vclaims enriched from Snopes, then the rest de-duplicated by text.

    A vclaim takes the rating, date and URL of the Snopes page with the same
    normalised text, else the same headline, else nearly the same terms (term
    Jaccard ≥ :data:`NEAR_DUPLICATE`); a Snopes page so joined is not added
    again. Then each record of *others* (in order) is added unless its
    normalised text is already present.
    """
    snopes = list(snopes)
    by_key: dict[str, ClaimRecord] = {}
    by_title: dict[str, ClaimRecord] = {}
    for s in snopes:
        by_key.setdefault(claim_key(s.claim), s)
        if s.title:
            by_title.setdefault(claim_key(s.title), s)
    index = _TermIndex(snopes)
    out: list[ClaimRecord] = []
    seen: set[str] = set()
    joined: set[str] = set()
    for v in vclaims:
        key = claim_key(v.claim)
        page = by_key.get(key)
        if page is None and v.title:
            page = by_title.get(claim_key(v.title))
        if page is None:
            page = _nearest(v.claim, snopes, index)
        if page is not None:
            joined.add(page.source_id)
            v = dataclasses.replace(
                v,
                verdict=page.verdict,
                normalised_verdict=page.normalised_verdict,
                date=page.date,
                url=page.url,
                title=v.title or page.title,
            )
        out.append(v)
        seen.add(key)
    snopes = [s for s in snopes if s.source_id not in joined]
    for group in (snopes, *others):
        for r in group:
            key = claim_key(r.claim)
            if key and key not in seen:
                seen.add(key)
                out.append(r)
    return sorted(out, key=_key)


#: Term Jaccard at or above which a vclaim and a Snopes claim are one claim
#: worded slightly differently ("on-line" / "online", a word more or less).
NEAR_DUPLICATE = 0.8


class _TermIndex:
    """Term sets of claims and an inverted index over them."""

    def __init__(self, records: list[ClaimRecord]) -> None:
        self.sets = [frozenset(terms(r.claim)) for r in records]
        self.postings: dict[str, list[int]] = {}
        for i, t in enumerate(self.sets):
            for w in t:
                self.postings.setdefault(w, []).append(i)


def _nearest(
    claim: str, records: list[ClaimRecord], index: _TermIndex
) -> ClaimRecord | None:
    """The record whose terms overlap *claim*'s by Jaccard ≥ :data:`NEAR_DUPLICATE`."""
    mine = frozenset(terms(claim))
    if not mine:
        return None
    shared: dict[int, int] = {}
    for w in mine:
        for i in index.postings.get(w, ()):
            shared[i] = shared.get(i, 0) + 1
    best, best_j = None, NEAR_DUPLICATE
    for i, n in sorted(shared.items()):
        j = n / len(mine | index.sets[i])
        if j >= best_j and (best is None or j > best_j):
            best, best_j = i, j
    return None if best is None else records[best]


def default_records() -> list[ClaimRecord]:
    """The shipped database: CheckThat! vclaims, LIAR, Snopes, AVeriTeC, CoAID."""
    vclaims = _valid(read_checkthat(dataset_path("checkthat2020")))
    return merge_records(
        vclaims,
        _valid(read_snopes()),
        [
            _valid(read_liar(dataset_path("liar"))),
            _valid(read_averitec()),
            _valid(read_coaid()),
        ],
    )


def source_shares(records: Iterable[ClaimRecord]) -> dict[str, dict[str, float]]:
    """Per source: entries and the share with a verdict, a link and a date."""
    counts: dict[str, list[int]] = {}
    for r in records:
        c = counts.setdefault(r.source, [0, 0, 0, 0])
        c[0] += 1
        c[1] += r.normalised_verdict != "other" or bool(r.verdict)
        c[2] += bool(r.url)
        c[3] += r.date is not None
    return {
        s: {
            "entries": n,
            "verdict": round(v / n, 4),
            "link": round(u / n, 4),
            "date": round(d / n, 4),
        }
        for s, (n, v, u, d) in sorted(counts.items())
    }


def _key(r: ClaimRecord) -> tuple[str, int, str]:
    sid = r.source_id
    return (r.source, int(sid) if sid.isdigit() else -1, sid)


def build_claims_file(out: str | Path = DEFAULT_CLAIMS) -> int:
    """Write the shipped claims file; returns the number of records."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = write_jsonl(default_records(), out)
    LOGGER.info("wrote %d claims to %s", n, out)
    return n
