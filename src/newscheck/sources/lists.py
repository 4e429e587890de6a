"""Read the published source lists and users' own rating files into records.

Every list becomes ``(key, record)`` pairs. The key is :func:`source_key` of the
outlet's URL: the normalised host, plus a path when the list rates one section
of a site (``theguardian.com/observer``). A record is a small JSON-ready dict
whose ``"list"`` names the list that said it.

Lists (see ``../shared/datasets/sources/PROVENANCE.md``):

``opensources``
    OpenSources 2017: ``types`` such as fake, satire, bias, conspiracy, reliable.
``baly-emnlp18``
    Baly et al. (EMNLP 2018), MBFC labels: ``factuality`` low/mixed/high and a
    7-way ``bias`` (extreme-left … extreme-right).
``baly-acl2020``
    Baly et al. (ACL 2020), MBFC labels: ``factuality`` and a 3-way ``bias``.
``user``
    A CSV given with ``--sources`` / ``sources_file``: columns ``domain`` and any
    of ``factuality``, ``bias``, ``types`` (``;``-separated), ``notes``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newscheck.errors import ConfigError
from newscheck.sources.domains import parse_domain

__all__ = [
    "OPENSOURCES_TYPE_FIXES",
    "read_baly",
    "read_opensources",
    "read_user_file",
    "source_key",
]

#: Misspellings and variants in the OpenSources tags, mapped to the tag meant.
OPENSOURCES_TYPE_FIXES: dict[str, str] = {
    "fake news": "fake",
    "unrealiable": "unreliable",
    "satirical": "satire",
}

# Trailing path segments that name a site's front page, not a section of it.
_FRONT_PAGE = ("index", "home", "main_page", "default")


def source_key(text: str) -> str | None:
    """The look-up key of a URL or domain: ``host`` or ``host/section/path``.

    >>> source_key("http://www.cnn.com/")
    'cnn.com'
    >>> source_key("https://www.theguardian.com/Observer/index.html")
    'theguardian.com/observer'
    """
    d = parse_domain(text)
    if d.host is None or not (d.registrable_domain or d.is_ip):
        return None
    segments = [s for s in d.path.lower().split("/") if s]
    while segments and segments[-1].split(".")[0] in _FRONT_PAGE:
        segments.pop()
    return "/".join([d.host, *segments])


def _fix_type(tag: str) -> str:
    tag = tag.strip().lower()
    return OPENSOURCES_TYPE_FIXES.get(tag, tag)


def read_opensources(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Records from OpenSources ``sources.json`` (one entry per domain)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for domain, row in data.items():
        key = source_key(domain.replace(" ", ""))  # "Silver-Coin-Investor. com"
        if key is None:
            continue
        types: list[str] = []
        for column in ("type", "2nd type", "3rd type"):
            tag = _fix_type(row.get(column) or "")
            if tag and tag not in types:
                types.append(tag)
        if not types:
            continue
        record: dict[str, Any] = {"list": "opensources", "types": types}
        notes = (row.get("Source Notes (things to know?)") or "").strip()
        if notes:
            record["notes"] = notes
        yield key, record


def read_baly(path: str | Path, list_name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Records from a Baly et al. ``corpus.tsv`` (source_url, fact, bias, ref)."""
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = source_key(row["source_url"])
            if key is None:
                continue
            record: dict[str, Any] = {"list": list_name}
            if row.get("fact"):
                record["factuality"] = row["fact"].strip().lower()
            if row.get("bias"):
                record["bias"] = row["bias"].strip().lower()
            if row.get("ref"):
                record["ref"] = row["ref"].strip()
            yield key, record


def _split_types(cell: str) -> list[str]:
    out: list[str] = []
    for part in cell.replace("|", ";").replace(",", ";").split(";"):
        tag = part.strip().lower()
        if tag and tag not in out:
            out.append(tag)
    return out


def read_user_file(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """Records from a user's CSV of ratings.

    Raises
    ------
    ConfigError
        If the file cannot be read, has no ``domain`` column, or a row names no
        usable domain or no rating.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc}") from exc
    if not rows:
        raise ConfigError(f"sources file {path} is empty")
    header = [h.strip().lower() for h in rows[0]]
    if "domain" not in header:
        raise ConfigError(
            f"sources file {path} needs a header with a 'domain' column "
            "(and any of factuality, bias, types, notes)"
        )
    return list(_user_records(path, header, rows[1:]))


def _user_records(
    path: str | Path, header: list[str], rows: Iterable[list[str]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    name = Path(path).name
    for lineno, cells in enumerate(rows, start=2):
        row = {
            h: (cells[i].strip() if i < len(cells) else "")
            for i, h in enumerate(header)
        }
        if not any(row.values()):
            continue
        key = source_key(row.get("domain", ""))
        if key is None:
            raise ConfigError(
                f"sources file {path} line {lineno}: "
                f"{row.get('domain')!r} is not a domain or URL"
            )
        record: dict[str, Any] = {"list": "user", "file": name}
        for column in ("factuality", "bias"):
            if row.get(column):
                record[column] = row[column].lower()
        types = _split_types(row.get("types") or row.get("type") or "")
        if types:
            record["types"] = types
        if row.get("notes"):
            record["notes"] = row["notes"]
        if len(record) == 2 or (len(record) == 3 and "notes" in record):
            raise ConfigError(
                f"sources file {path} line {lineno}: give factuality, bias or types"
            )
        yield key, record
