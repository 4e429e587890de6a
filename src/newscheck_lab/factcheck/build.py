"""Build the shipped claims file from the shared corpora (a repo command).

``newscheck factcheck build`` runs :func:`build_claims_file`: LIAR (all three
splits) and the CheckThat! 2020 Task 2 verified claims are validated and written,
sorted by ``(source, source_id)``, to ``newscheck/models/factcheck/claims.jsonl.xz``
(about 1 MB). The database itself is built from that file on first use
(:func:`newscheck.factcheck.store.ensure_default`), so it is never committed.
"""

from __future__ import annotations

import logging
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
from newscheck_lab.datasets import dataset_path

__all__ = ["build_claims_file", "default_records"]

LOGGER = logging.getLogger(__name__)


def default_records() -> list[ClaimRecord]:
    """LIAR + CheckThat! 2020 vclaims, validated, sorted and de-duplicated."""
    records: dict[tuple[str, str], ClaimRecord] = {}
    readers = (
        read_liar(dataset_path("liar")),
        read_checkthat(dataset_path("checkthat2020")),
    )
    for reader in readers:
        for _line, item in reader:
            if isinstance(item, Problem):
                raise InputError(f"bad record in a shipped corpus: {item}")
            records[(item.source, item.source_id)] = item
    return [records[k] for k in sorted(records, key=_key)]


def _key(k: tuple[str, str]) -> tuple[str, int, str]:
    source, sid = k
    return (source, int(sid) if sid.isdigit() else -1, sid)


def build_claims_file(out: str | Path = DEFAULT_CLAIMS) -> int:
    """Write the shipped claims file; returns the number of records."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = write_jsonl(default_records(), out)
    LOGGER.info("wrote %d claims to %s", n, out)
    return n
