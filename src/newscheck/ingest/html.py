"""HTML → :class:`Article`, with trafilatura.

Main text, title, publication date and site name come from trafilatura's
extraction; boilerplate (navigation, comments, share bars) is left out.
"""

from __future__ import annotations

import re
from typing import Any

from newscheck.article import Article, replace_surrogates, surrogate_warning
from newscheck.errors import EmptyInputError
from newscheck.ingest.text import article_from_text

__all__ = ["article_from_html", "looks_like_html"]

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(text: str) -> bool:
    """True if *text* starts like an HTML document."""
    return bool(_HTML_START.match(text[:4096]))


def article_from_html(
    html: str,
    *,
    url: str | None = None,
    id: str | None = None,
    title: str | None = None,
) -> Article:
    """Extract the article in *html* (main text, title, date, site).

    Raises
    ------
    EmptyInputError
        If trafilatura finds no article text in the page.
    """
    import trafilatura  # heavy: imported only when HTML is read

    # The parser stops at an unpaired surrogate: the text after it would be lost.
    html, replaced = replace_surrogates(html)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except ValueError as exc:
        raise EmptyInputError(
            f"could not extract an article from the HTML: {exc}"
        ) from exc
    data: dict[str, Any] = doc.as_dict() if doc is not None else {}
    text = (data.get("text") or "").strip()
    if not text:
        raise EmptyInputError("no article text found in the HTML page")
    meta = {
        k: data[k]
        for k in ("sitename", "author", "hostname", "description", "categories", "tags")
        if data.get(k)
    }
    if replaced:
        meta["warnings"] = [surrogate_warning(replaced, "HTML")]
    page_url = url or data.get("url") or None
    domain = data.get("hostname") or None
    return article_from_text(
        text,
        title=title if title is not None else (data.get("title") or ""),
        id=id,
        url=page_url,
        domain=domain.lower() if domain else None,
        published=data.get("date") or None,
        meta=meta,
    )
