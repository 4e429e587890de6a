"""Source rating: who published the article, according to the source lists.

Reads ``article.url`` (or ``article.domain``) and looks the publisher up in the
combined lists (OpenSources 2017, Baly et al. EMNLP 2018 / ACL 2020 labels from
Media Bias/Fact Check, and an optional user CSV, ``sources_file``). Each field of
the rating names the list it came from; domains no list names are ``"unrated"``.
URL shorteners are flagged as an unknown destination.

The rating is document-level (``summary``). Span findings (``kind="source"``)
are made only where a rated domain, or a shortener, is written in the title or
body: label ``"publisher"`` for the article's own domain, ``"cited_domain"`` for
others, ``"shortener"`` for short links.

Examples
--------
>>> from newscheck.article import Article
>>> s = SourceAnalyzer.load().analyze(Article(body="x", url="https://bit.ly/1"))
>>> s.summary["rating"], s.summary["shortener"]
('unrated', True)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import FIELDS, Article, Finding
from newscheck.settings import Settings
from newscheck.sources.domains import parse_domain
from newscheck.sources.ratings import UNRATED, SourceRatings, shipped_ratings

__all__ = ["SourceAnalyzer"]

# Domain-like tokens in running text: labels joined by dots, ending in letters.
_DOMAIN_IN_TEXT = re.compile(
    r"(?<![\w@.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"[a-z]{2,24})(?:/[^\s\"'<>()\[\]]*)?(?![\w-])",
    re.IGNORECASE,
)
# Cheap pre-filter: a dot between a letter/digit and two letters (".com").
_DOT = re.compile(r"[a-zA-Z0-9]\.[a-zA-Z]{2}")
_TOKEN_STOP = frozenset(" \t\n\r\"'<>()[]“”‘’,;")


@register("source")
class SourceAnalyzer(Analyzer):
    """Rate the publishing domain from the source lists.

    Parameters
    ----------
    sources_file
        A CSV of the user's own ratings (``domain`` plus any of ``factuality``,
        ``bias``, ``types``, ``notes``), laid over the shipped lists.
    max_mentions
        Most domain mentions turned into findings per article.
    """

    version = "1"

    def __init__(self, *, sources_file: str | None = None, max_mentions: int = 20):
        self.sources_file = sources_file
        self.max_mentions = max_mentions

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """The shipped table (or the table at *path*), with the user's file."""
        ratings = SourceRatings.load(path) if path else shipped_ratings()
        if self.sources_file:
            ratings = ratings.with_user_file(self.sources_file)
        self.ratings_ = ratings

    def _ratings(self) -> SourceRatings:
        self.ensure_state("ratings_")
        return self.ratings_

    def analyze(self, article: Article) -> Analysis:
        ratings = self._ratings()
        where = article.url or article.domain
        if where:
            summary = ratings.lookup(where)
            summary["domain"] = article.domain or summary["host"]
        else:
            summary = {
                "domain": None,
                "registrable_domain": None,
                "rating": UNRATED,
                "lists": [],
                "note": "no URL or domain given",
            }
        own = summary.get("registrable_domain")
        findings, mentions = self._mentions(article, ratings, own)
        summary["mentions"] = mentions
        return Analysis(findings=tuple(findings), summary=summary)

    def _mentions(
        self, article: Article, ratings: SourceRatings, own: str | None
    ) -> tuple[list[Finding], list[dict[str, Any]]]:
        findings: list[Finding] = []
        mentions: dict[str, dict[str, Any]] = {}
        for field in FIELDS:
            text = article.text_of(field)
            done = 0
            for hit in _DOT.finditer(text):
                if hit.start() < done or len(findings) >= self.max_mentions:
                    continue
                # back up to the start of the token holding the dot
                i = hit.start()
                while i > done and text[i - 1] not in _TOKEN_STOP:
                    i -= 1
                m = _DOMAIN_IN_TEXT.match(text, i)
                done = hit.end() if m is None else max(m.end(), hit.end())
                if m is None:
                    continue
                d = parse_domain(m.group(0))
                if d.registrable_domain is None:
                    continue
                result = ratings.lookup(m.group(0))
                if result["rating"] == UNRATED and not d.shortener:
                    continue
                if d.shortener:
                    label = "shortener"
                elif d.registrable_domain == own:
                    label = "publisher"
                else:
                    label = "cited_domain"
                evidence = {
                    "registrable_domain": d.registrable_domain,
                    "rating": result["rating"],
                    "lists": result["lists"],
                }
                if "note" in result:
                    evidence["note"] = result["note"]
                findings.append(
                    article.finding(
                        field,
                        m.start(),
                        m.end(),
                        kind="source",
                        label=label,
                        evidence=evidence,
                    )
                )
                mentions.setdefault(
                    d.registrable_domain,
                    {
                        "registrable_domain": d.registrable_domain,
                        "label": label,
                        "lists": result["lists"],
                        "count": 0,
                    },
                )["count"] += 1
        return findings, list(mentions.values())
