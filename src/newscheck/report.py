"""The credibility report: assembled once, rendered many ways.

The report carries the article itself, so every finding's offsets can be checked
from the JSON alone: ``report.article.<field>[start:end] == finding.text``.
``newscheck schema`` prints :func:`json_schema`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newscheck.article import Article

__all__ = [
    "SCHEMA_VERSION",
    "ArticleModel",
    "FindingModel",
    "ReliabilityModel",
    "Report",
    "json_schema",
]

SCHEMA_VERSION = "1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingModel(_Frozen):
    """A finding: ``article.<field>[start:end] == text``."""

    field: Literal["title", "body"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    kind: str = Field(description="family: propaganda, claim, quantity, ...")
    label: str = Field(description="label within the kind, e.g. a technique name")
    score: float | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)


class ArticleModel(_Frozen):
    """The analysed article, exactly as the offsets see it."""

    id: str | None = None
    title: str = ""
    body: str
    url: str | None = None
    domain: str | None = None
    published: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    sentences: list[tuple[int, int]] = Field(
        default_factory=list, description="(start, end) offsets into body"
    )


class ReliabilityModel(_Frozen):
    """The probability that the article belongs to the unreliable class."""

    score: float = Field(ge=0, le=1, description="P(unreliable)")
    label: Literal["reliable", "uncertain", "unreliable"]
    threshold: float = 0.5
    model: str = Field(description="which model scored it (article or statement)")
    explanation: dict[str, Any] = Field(
        default_factory=dict, description="strongest terms and sentences"
    )
    domain: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "how close the text is to the training data: coverage (share of its "
            "words the model knows), the training reference and out_of_domain"
        ),
    )


class Report(_Frozen):
    """Everything newscheck says about one article."""

    schema_version: str = SCHEMA_VERSION
    generator: str = Field(description="newscheck version")
    content_hash: str
    article: ArticleModel
    reliability: ReliabilityModel | None = None
    findings: list[FindingModel] = Field(default_factory=list)
    sections: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per-analyzer summaries"
    )
    analyzers: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="name -> version and parameters"
    )
    tier: str | None = Field(
        None, description="analysis tier that ran: default or accurate"
    )
    warnings: list[str] = Field(default_factory=list)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return self.model_dump_json(indent=indent)

    def findings_of(self, kind: str) -> list[FindingModel]:
        """Findings of one kind, in text order."""
        return [f for f in self.findings if f.kind == kind]

    def to_article(self) -> Article:
        """Rebuild the :class:`Article` the report describes."""
        a = self.article
        return Article(
            body=a.body,
            title=a.title,
            id=a.id,
            url=a.url,
            domain=a.domain,
            published=a.published,
            meta=a.meta,
        )


def json_schema() -> str:
    """The published JSON Schema of :class:`Report`."""
    return json.dumps(Report.model_json_schema(), indent=2)
