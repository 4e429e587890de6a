"""Look up the rating of a publishing domain in the combined source lists.

The shipped table ``models/source/ratings.json`` is built by
``newscheck_lab.sources.build`` from the lists in ``../shared/datasets/sources``;
a user's CSV is laid over it with :meth:`SourceRatings.with_user_file`. A domain
no list names is ``"unrated"``: absence from these lists says nothing about an
outlet, so nothing is guessed.

Look-up order for ``https://a.b.example.com/x/y``: for each host from the most
specific (``a.b.example.com``) down to the registrable domain (``example.com``),
first a section of that host the path lies in (``…/x``), then the host itself.
When only sections of the site are rated, the rating is shown with
``match: "site-section"`` so the reader sees it was given for part of the site.

Examples
--------
>>> r = SourceRatings({"example.com": [{"list": "opensources", "types": ["fake"]}]})
>>> r.lookup("https://www.example.com/story")["rating"]["types"]
{'value': ['fake'], 'list': 'opensources'}
>>> r.lookup("unknown.org")["rating"]
'unrated'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from newscheck.errors import ModelError
from newscheck.sources.domains import ParsedDomain, parse_domain
from newscheck.sources.lists import read_user_file

__all__ = [
    "BIAS_PRECEDENCE",
    "FACTUALITY_PRECEDENCE",
    "SHIPPED_PATH",
    "UNRATED",
    "SourceRatings",
    "combine",
    "shipped_ratings",
]

SHIPPED_PATH = (
    Path(__file__).resolve().parents[1] / "models" / "source" / "ratings.json"
)
UNRATED = "unrated"
#: Which list's factuality label wins when several give one (newest first).
FACTUALITY_PRECEDENCE: tuple[str, ...] = ("user", "baly-acl2020", "baly-emnlp18")
#: Which list's bias label wins (the 7-way emnlp18 scale before the 3-way one).
BIAS_PRECEDENCE: tuple[str, ...] = ("user", "baly-emnlp18", "baly-acl2020")
_TYPES_PRECEDENCE: tuple[str, ...] = ("user", "opensources")
_SHORTENER_NOTE = "URL shortener: the destination is unknown; rate the expanded URL"


def _first(
    records: list[dict[str, Any]], field: str, order: tuple[str, ...]
) -> dict[str, Any] | None:
    for name in order:
        for rec in records:
            if rec["list"] == name and rec.get(field):
                return {"value": rec[field], "list": name}
    return None


def combine(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One rating from several lists' records; every field names its list.

    ``factuality``, ``bias`` and ``types`` are each taken from the first list in
    their precedence order that gives them; ``records`` keeps every record, so
    disagreements stay visible.
    """
    rating: dict[str, Any] = {}
    for field, order in (
        ("factuality", FACTUALITY_PRECEDENCE),
        ("bias", BIAS_PRECEDENCE),
        ("types", _TYPES_PRECEDENCE),
    ):
        value = _first(records, field, order)
        if value is not None:
            rating[field] = value
    rating["records"] = [dict(r) for r in records]
    return rating


class SourceRatings:
    """Ratings keyed by :func:`newscheck.sources.lists.source_key`.

    Parameters
    ----------
    entries
        Key → list of records (each with a ``"list"`` name).
    lists
        Name → description of each list (title, year, licence, counts).
    """

    def __init__(
        self,
        entries: Mapping[str, Iterable[Mapping[str, Any]]],
        lists: Mapping[str, Any] | None = None,
    ) -> None:
        self.entries: dict[str, list[dict[str, Any]]] = {
            k: [dict(r) for r in v] for k, v in entries.items()
        }
        self.lists: dict[str, Any] = dict(lists or {})
        self._sections: dict[str, list[str]] = defaultdict(list)
        for key in self.entries:
            host, _, path = key.partition("/")
            if path:
                self._sections[host].append(path)
        for paths in self._sections.values():
            paths.sort(key=len, reverse=True)

    @classmethod
    def load(cls, path: str | Path | None = None) -> SourceRatings:
        """The table at *path* (default: the shipped ``ratings.json``)."""
        path = Path(path) if path else SHIPPED_PATH
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(data["entries"], data.get("lists"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"cannot read source ratings {path}: {exc}; "
                "rebuild them with `python -m newscheck_lab.sources.build`"
            ) from exc

    def with_records(
        self, records: Iterable[tuple[str, Mapping[str, Any]]], *, replace: bool = False
    ) -> SourceRatings:
        """A copy with *records* added (``replace``: dropping the key's old ones)."""
        entries = {k: list(v) for k, v in self.entries.items()}
        for key, rec in records:
            if replace:
                entries[key] = []
            entries.setdefault(key, []).append(dict(rec))
        return SourceRatings(entries, self.lists)

    def with_user_file(self, path: str | Path) -> SourceRatings:
        """A copy with the ratings of a user's CSV added; they take precedence."""
        records = read_user_file(path)
        out = self.with_records(records)
        out.lists["user"] = {"file": str(path), "entries": len(records)}
        return out

    def _match(self, d: ParsedDomain) -> tuple[str, str] | None:
        path = d.path.lower().strip("/")
        for i, host in enumerate(d.candidate_hosts()):
            for section in self._sections.get(host, ()):
                if path == section or path.startswith(section + "/"):
                    return f"{host}/{section}", "section"
            if host in self.entries:
                return host, "domain" if i == len(d.candidate_hosts()) - 1 else "host"
        for host in d.candidate_hosts():
            sections = self._sections.get(host)
            if sections:
                return f"{host}/{sections[-1]}", "site-section"
        return None

    def lookup(self, text: str) -> dict[str, Any]:
        """The rating of a domain or URL, as a JSON-ready dict.

        Keys: ``domain`` (the input), ``host``, ``registrable_domain``,
        ``rating`` (a dict from :func:`combine`, or ``"unrated"``), ``lists``
        (names of the lists that rated it), ``matched`` (the key that matched),
        ``match`` (``"domain"``, ``"host"`` for a subdomain, ``"section"``,
        ``"site-section"``), ``shortener`` and ``note``.
        """
        d = parse_domain(text)
        out: dict[str, Any] = {
            "domain": text,
            "host": d.host,
            "registrable_domain": d.registrable_domain,
            "rating": UNRATED,
            "lists": [],
            "matched": None,
            "match": None,
            "shortener": d.shortener,
        }
        if d.unicode_domain and d.unicode_domain != d.registrable_domain:
            out["unicode_domain"] = d.unicode_domain
        if d.shortener:
            out["note"] = _SHORTENER_NOTE
            return out
        if d.registrable_domain is None and not d.is_ip:
            out["note"] = "no registrable domain (IP address, bare suffix or not a URL)"
            return out
        found = self._match(d)
        if found is None:
            out["note"] = "not in any source list; absence says nothing about it"
            return out
        key, how = found
        records = self.entries[key]
        out["rating"] = combine(records)
        out["lists"] = sorted({r["list"] for r in records})
        out["matched"] = key
        out["match"] = how
        if how == "site-section":
            out["note"] = f"only a section of this site is rated ({key})"
        return out

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=1)
def shipped_ratings() -> SourceRatings:
    """The shipped table, loaded once."""
    return SourceRatings.load()
