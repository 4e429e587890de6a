"""Small deterministic analyzers for service tests (not registered globally)."""

from __future__ import annotations

import re

from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings

LOADED = re.compile(r"(?i)\b(everyone knows|only a fool|disaster)\b")
NUMBER = re.compile(r"\$?\d+(?:\.\d+)?%?(?: million)?")


class DemoSpans(Analyzer):
    """Quantities, loaded phrases (propaganda) and 'according to' claims."""

    name = "demo_spans"
    version = "1"

    def analyze(self, article: Article) -> Analysis:
        body = article.body
        found = [
            article.finding("body", m.start(), m.end(), kind="quantity", label="number")
            for m in NUMBER.finditer(body)
        ]
        found += [
            article.finding(
                "body",
                m.start(),
                m.end(),
                kind="propaganda",
                label="loaded_language",
                score=0.9,
                evidence={"explanation": "emotionally loaded wording"},
            )
            for m in LOADED.finditer(body)
        ]
        for s, e in article.sentences:
            if "according to" in body[s:e].lower():
                found.append(
                    article.finding(
                        "body",
                        s,
                        e,
                        kind="claim",
                        label="checkworthy",
                        score=0.8,
                        evidence={
                            "matches": [
                                {
                                    "claim": "Traffic fell by 12%",
                                    "verdict": "mostly true",
                                    "publisher": "Demo Check",
                                    "url": "javascript:window.__xss=1",
                                }
                            ]
                        },
                    )
                )
        return Analysis(findings=tuple(found), summary={"count": len(found)})


class DemoReliability(Analyzer):
    """P(unreliable) = 0.85 if loaded language is present, else 0.15."""

    name = "reliability"
    version = "demo-1"

    def analyze(self, article: Article) -> Analysis:
        score = 0.85 if LOADED.search(article.body) else 0.15
        return Analysis(
            summary={
                "score": score,
                "label": "unreliable" if score >= 0.5 else "reliable",
                "threshold": 0.5,
                "model": "article",
                "explanation": {"calibration": "demo model: not calibrated"},
            }
        )


def demo_pipeline(settings: Settings | None = None) -> Pipeline:
    return Pipeline(analyzers=[DemoReliability(), DemoSpans()], settings=settings)
