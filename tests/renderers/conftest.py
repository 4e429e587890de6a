"""Small reports for the renderer tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.pipeline import Pipeline
from newscheck.report import FindingModel, ReliabilityModel, Report

BODY = (
    "The corrupt elite lied again! Prices rose 5% in 2023, the minister said.\n\n"
    "Officials expect 12 new schools by 2025."
)
TITLE = "SHOCKING truth about taxes"


class _Toy(Analyzer):
    """Emits a few findings by regex, like the real analyzers will."""

    name = "toy"

    def analyze(self, article: Article) -> Analysis:
        out = []
        for m in re.finditer(r"corrupt elite", article.body):
            out.append(
                article.finding(
                    "body",
                    m.start(),
                    m.end(),
                    kind="propaganda",
                    label="name_calling",
                    score=0.91,
                    evidence={"definition": "Labelling the target negatively."},
                )
            )
        for m in re.finditer(r"\d+%?", article.body):
            out.append(
                article.finding(
                    "body",
                    m.start(),
                    m.end(),
                    kind="quantity",
                    label="number",
                    evidence={"value": m.group()},
                )
            )
        s, e = article.sentences[0]
        out.append(
            article.finding("body", s, e, kind="claim", label="claim", score=0.66)
        )
        for m in re.finditer(r"\b[A-Z]{3,}\b", article.title):
            out.append(
                article.finding(
                    "title",
                    m.start(),
                    m.end(),
                    kind="style",
                    label="all_caps",
                    score=0.8,
                )
            )
        return Analysis(findings=tuple(out), summary={"signals": {"all_caps": 1}})


@pytest.fixture
def pipeline_report() -> Report:
    """A report produced by the real pipeline (with a toy analyzer)."""
    return Pipeline([_Toy()]).run(
        Article(body=BODY, title=TITLE, url="https://news.example/x")
    )


MakeReport = Callable[..., Report]


@pytest.fixture
def make_report() -> MakeReport:
    """Build a report directly: ``make_report(body, title, findings=[...])`` where a
    finding is ``(field, start, end, kind, label, score, evidence)``."""

    def make(
        body: str,
        title: str = "",
        findings: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
        *,
        reliability: ReliabilityModel | None = None,
        sections: dict[str, dict[str, Any]] | None = None,
        url: str | None = None,
    ) -> Report:
        article = Article(body=body, title=title, url=url)
        fs = [
            article.finding(
                field, s, e, kind=kind, label=label, score=score, evidence=ev or {}
            ).to_dict()
            for field, s, e, kind, label, score, ev in findings
        ]
        return Report(
            generator="newscheck test",
            content_hash=article.content_hash(),
            article=article.to_dict(),
            reliability=reliability,
            findings=[FindingModel(**f) for f in fs],
            sections=sections or {},
        )

    return make


@pytest.fixture
def rich_report(make_report: MakeReport) -> Report:
    """A report with every section filled the way the analyzers are expected to."""
    body = BODY
    return make_report(
        body,
        TITLE,
        [
            ("title", 0, 8, "style", "all_caps", 0.8, {"definition": "Shouting."}),
            (
                "body",
                4,
                17,
                "propaganda",
                "name_calling",
                0.91,
                {"definition": "Labelling the target negatively."},
            ),
            ("body", 0, 29, "claim", "claim", 0.66, None),
            ("body", 41, 43, "quantity", "percent", None, {"value": 5}),
            (
                "body",
                41,
                51,
                "consistency",
                "change_over_time",
                0.5,
                {"explanation": "5% rise stated for 2023"},
            ),
        ],
        reliability=ReliabilityModel(
            score=0.83,
            label="unreliable",
            model="article",
            explanation={
                "terms": [["corrupt", 1.2], ["elite", 0.8]],
                "sentences": [
                    {"text": "The corrupt elite lied again!", "contribution": 0.4}
                ],
            },
        ),
        sections={
            "source": {"domain": "news.example", "rating": {"factual": "mixed"}},
            "style": {
                "signals": {"exclamations": 1, "all_caps_ratio": 0.12, "quotes": 0}
            },
            "numbers": {"quantities": 1},
        },
        url="https://news.example/x",
    )


@pytest.fixture(autouse=True)
def _terminal_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal renderer follows ``COLUMNS``: 100 unless a test says otherwise."""
    monkeypatch.setenv("COLUMNS", "100")
