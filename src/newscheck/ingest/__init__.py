"""Ingest: any source → :class:`~newscheck.article.Article`.

:func:`read_article` takes a file path, an ``http(s)://`` URL or ``-`` (standard
input); :mod:`newscheck.ingest.corpus` reads CSV, JSONL and Parquet corpora.
Warnings (e.g. a non-UTF-8 file decoded as cp1252, unpaired surrogates replaced
with U+FFFD) are logged and returned in ``article.meta["warnings"]``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import BinaryIO

from newscheck.article import Article
from newscheck.errors import EmptyInputError, InputError
from newscheck.ingest.html import article_from_html, looks_like_html
from newscheck.ingest.text import Decoded, article_from_text, check_size, decode_bytes
from newscheck.settings import Settings

__all__ = [
    "article_from_html",
    "article_from_text",
    "decode_bytes",
    "is_url",
    "read_article",
]

LOGGER = logging.getLogger(__name__)


def is_url(source: str) -> bool:
    """True if *source* is an http(s) URL."""
    return source.lower().startswith(("http://", "https://"))


def read_article(
    source: str,
    *,
    settings: Settings | None = None,
    title: str | None = None,
    domain: str | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read one article from a path, a URL or ``-`` (standard input).

    HTML (by extension or content) goes through trafilatura; anything else is
    plain text in the layout described in :func:`article_from_text`.

    Raises
    ------
    InputError
        Any problem with the input, as a one-line message.
    """
    settings = settings or Settings()
    limit = settings.max_input_bytes
    url: str | None = None
    is_html = False
    if source == "-":
        stream = stdin or sys.stdin.buffer
        data = stream.read(limit + 1)
        check_size(len(data), limit, what="standard input")
        what = "standard input"
    elif is_url(source):
        from newscheck.ingest.url import fetch

        page = fetch(source, settings=settings)
        data, url, what = page.body, page.url, source
        check_size(len(data), limit, what=source)
        is_html = "html" in page.content_type
        if page.encoding:
            try:
                decoded = Decoded(data.decode(page.encoding), page.encoding)
            except (LookupError, UnicodeDecodeError):
                decoded = decode_bytes(data, what=what)
            return _finish(
                decoded,
                is_html=is_html,
                url=url,
                title=title,
                domain=domain,
                source=source,
            )
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(
                f"{source} is a directory; for many articles use `newscheck batch`"
            )
        try:
            size = path.stat().st_size
            check_size(size, limit, what=source)
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"no such file: {source}") from None
        except PermissionError:
            raise InputError(f"permission denied reading {source}") from None
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
        what = source
        is_html = path.suffix.lower() in {".html", ".htm", ".xhtml"}
    if not data.strip():
        raise EmptyInputError(f"{what} is empty")
    decoded = decode_bytes(data, what=what)
    return _finish(
        decoded, is_html=is_html, url=url, title=title, domain=domain, source=source
    )


def _finish(
    decoded: Decoded,
    *,
    is_html: bool,
    url: str | None,
    title: str | None,
    domain: str | None,
    source: str,
) -> Article:
    text = decoded.text
    if is_html or looks_like_html(text):
        article = article_from_html(text, url=url, title=title)
    else:
        article = article_from_text(text, title=title, url=url)
    meta = dict(article.meta)
    meta["source"] = source
    meta["encoding"] = decoded.encoding
    warnings = [*decoded.warnings, *meta.get("warnings", ())]
    for w in warnings:
        LOGGER.warning(w)
    if warnings:
        meta["warnings"] = warnings
    return Article(
        body=article.body,
        title=article.title,
        id=article.id,
        url=article.url,
        domain=domain or article.domain,
        published=article.published,
        meta=meta,
    )
