"""The fact-check database and claim matching.

Public API::

    from newscheck.factcheck import FactCheckIndex
    index = FactCheckIndex.open(settings)          # default DB, built on first use
    for m in index.search("Obama released 122 Guantanamo detainees", k=5):
        print(m.similarity, m.normalised_verdict, m.publisher, m.url, m.claim)

:class:`Match` carries ``claim, verdict, normalised_verdict, publisher, date, url,
similarity, source, source_id, title, claimant``; only matches whose calibrated
``similarity`` reaches the matcher's threshold are returned unless ``threshold=``
says otherwise. Loaders and the importer are in :mod:`newscheck.factcheck.loaders`,
verdict normalisation in :mod:`newscheck.factcheck.verdicts`.
"""

from newscheck.factcheck.index import FactCheckIndex, Match, Matcher
from newscheck.factcheck.loaders import ClaimRecord, ImportResult, Problem
from newscheck.factcheck.verdicts import NORMALISED_VERDICTS, normalise_verdict

__all__ = [
    "NORMALISED_VERDICTS",
    "ClaimRecord",
    "FactCheckIndex",
    "ImportResult",
    "Match",
    "Matcher",
    "Problem",
    "normalise_verdict",
]
