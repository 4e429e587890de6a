"""Source lists: domain parsing, list readers and the combined rating table.

:func:`parse_domain` splits a URL into host, registrable domain and path offline;
:class:`SourceRatings` looks a domain up in the lists (OpenSources, Baly et al.
MBFC labels, and a user's CSV) and says which list gave each rating.
"""

from __future__ import annotations

from newscheck.sources.domains import SHORTENERS, ParsedDomain, parse_domain
from newscheck.sources.lists import read_user_file, source_key
from newscheck.sources.ratings import UNRATED, SourceRatings, shipped_ratings

__all__ = [
    "SHORTENERS",
    "UNRATED",
    "ParsedDomain",
    "SourceRatings",
    "parse_domain",
    "read_user_file",
    "shipped_ratings",
    "source_key",
]
