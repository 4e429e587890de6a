"""The ``json`` format: the report exactly as :meth:`Report.to_json` writes it.

It validates against ``newscheck schema`` and carries the article, so every
finding's offsets can be checked from the file alone.
"""

from __future__ import annotations

from newscheck.report import Report

__all__ = ["render"]


def render(report: Report, *, color: bool = False) -> str:
    """``report.to_json()`` (*color* is ignored)."""
    return report.to_json()
