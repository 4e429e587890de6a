"""Fact-check corpora with verdicts: Snopes 2020, AVeriTeC dev, CoAID claims.

Each reader yields ``(line, ClaimRecord | Problem)`` pairs like the readers of
:mod:`newscheck.factcheck.loaders`, from the shared ``*.jsonl.xz`` files:

- ``snopes_factchecks_2020``: Snopes rating (``label``), date and URL.
- ``averitec_dev``: about 50 publishers; AVeriTeC's four labels become the
  verdict (``Refuted`` → false, ``Supported`` → true, ``Conflicting
  Evidence/Cherrypicking`` → mixed, ``Not Enough Evidence`` → unproven).
- ``coaid/coaid_claims``: the myths fact-checkers found false and the statements
  of health authorities (WHO) labelled reliable; questions ("Is food delivery
  safe?") and tweets are left out, since they are not checked claims.

:func:`claim_key` is the normalised text the build de-duplicates on and the key
that joins Snopes pages to the CheckThat! 2020 vclaims (same wording).
"""

from __future__ import annotations

import json
import lzma
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from newscheck.factcheck.loaders import ClaimRecord, Problem, RecordError, make_record
from newscheck_lab.datasets import dataset_path

__all__ = [
    "AVERITEC_VERDICTS",
    "claim_key",
    "read_averitec",
    "read_coaid",
    "read_snopes",
]

Item = tuple[int, "ClaimRecord | Problem"]

#: AVeriTeC label → the rating stored as the publisher's verdict.
AVERITEC_VERDICTS = {
    "Refuted": "false",
    "Supported": "true",
    "Conflicting Evidence/Cherrypicking": "mixed",
    "Not Enough Evidence": "unproven",
}

_NON_WORD = re.compile(r"[^a-z0-9]+")


def claim_key(text: str) -> str:
    """Lower-cased, accent- and punctuation-free text: the de-duplication key.

    >>> claim_key("  The “moon” landing — was FAKED! ")
    'the moon landing was faked'
    >>> claim_key("the sheriff’s deputy") == claim_key("The sheriff's deputy")
    True
    """
    text = text.replace("’", "").replace("'", "")  # sheriff’s = sheriff's
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", folded.lower()).strip()


def _rows(path: Path) -> Iterator[tuple[int, Any]]:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield lineno, json.loads(raw)


_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _iso(value: Any) -> Any:
    """``2020-10-9`` → ``2020-10-09``; anything else unchanged."""
    m = _YMD.fullmatch(value.strip()) if isinstance(value, str) else None
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else value


def _checked(line: int, values: dict[str, Any]) -> Item:
    try:
        return line, make_record(**values)
    except RecordError as exc:
        return line, Problem(line, str(exc))


def read_snopes(path: str | Path | None = None) -> Iterator[Item]:
    """Snopes fact-checks (rating, date, URL); rows without a claim are skipped."""
    root = Path(path) if path else dataset_path("snopes_factchecks_2020")
    file = root / "snopes_factchecks_2020.jsonl.xz" if root.is_dir() else root
    for line, row in _rows(file):
        claim = row.get("claim") or ""
        if not claim.strip():
            continue
        yield _checked(
            line,
            {
                "source": "snopes",
                "source_id": row.get("id"),
                "claim": claim,
                "title": row.get("title"),
                "date": _iso(row.get("date")),
                "verdict": (row.get("label") or "").replace("-", " ") or None,
                "publisher": row.get("publisher") or "Snopes",
                "url": row.get("url"),
                "language": "en",
            },
        )


def read_averitec(path: str | Path | None = None) -> Iterator[Item]:
    """AVeriTeC dev claims with verdict, publisher, date and fact-check link."""
    root = Path(path) if path else dataset_path("averitec_dev")
    file = root / "averitec_dev.jsonl.xz" if root.is_dir() else root
    for line, row in _rows(file):
        publisher = (row.get("publisher") or "").removeprefix("www.") or None
        yield _checked(
            line,
            {
                "source": "averitec",
                "source_id": row.get("id"),
                "claim": row.get("text"),
                "claimant": row.get("speaker"),
                "date": _iso(row.get("date")),
                "verdict": AVERITEC_VERDICTS.get(row.get("label") or ""),
                "publisher": publisher,
                "url": row.get("fact_check_url"),
                "language": "en",
            },
        )


def read_coaid(path: str | Path | None = None) -> Iterator[Item]:
    """CoAID claims: false myths and WHO statements (questions, tweets left out)."""
    root = Path(path) if path else dataset_path("coaid")
    file = root / "coaid_claims.jsonl.xz" if root.is_dir() else root
    for line, row in _rows(file):
        text = (row.get("text") or "").strip()
        url = row.get("url") or ""
        host = urlparse(url).netloc.removeprefix("www.")
        if not text or text.endswith("?") or host in ("twitter.com", "x.com"):
            continue
        label = row.get("label")
        yield _checked(
            line,
            {
                "source": "coaid",
                "source_id": row.get("id"),
                "claim": text,
                "verdict": {"unreliable": "false", "reliable": "true"}.get(label),
                "publisher": host or row.get("fact_check_url"),
                "url": url or None,
                "language": "en",
            },
        )
