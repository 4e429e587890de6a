"""newscheck: offline credibility reports for news articles.

Two levels of entry point: :func:`analyze` turns an :class:`Article` into a
:class:`Report`; :func:`check` turns a source (path, URL, ``-``) into rendered text.
"""

from __future__ import annotations

import logging

from newscheck._version import __version__

__all__ = [
    "Article",
    "Finding",
    "Report",
    "Settings",
    "__version__",
    "analyze",
    "check",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

from newscheck.article import Article, Finding
from newscheck.pipeline import analyze
from newscheck.report import Report
from newscheck.settings import Settings


def check(
    source: str, *, format: str = "json", settings: Settings | None = None
) -> str:
    """Read *source* (file path, URL or ``-``), analyse it and render it."""
    from newscheck.ingest import read_article
    from newscheck.renderers import render

    settings = settings or Settings()
    article = read_article(source, settings=settings)
    return render(analyze(article, settings=settings), format)
