"""Request and response bodies of the API (kept apart from the domain types)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AnalyzeRequest",
    "ErrorBody",
    "FactcheckSearch",
    "Health",
    "JobAccepted",
    "JobStatus",
    "SourceRating",
]


class AnalyzeRequest(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain article text")
    html: str | None = Field(None, description="an HTML page (main text is extracted)")
    url: str | None = Field(
        None,
        max_length=2048,
        description="http(s) URL fetched by the SSRF-safe fetcher",
    )
    title: str | None = Field(None, max_length=2000, description="headline (optional)")

    @model_validator(mode="after")
    def _one_source(self) -> AnalyzeRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class ErrorBody(BaseModel):
    """Every error response."""

    error: str = Field(description="error type, e.g. InputTooLargeError")
    message: str = Field(description="one line a user can act on")


class Health(BaseModel):
    """Liveness and what the server runs."""

    status: Literal["ok"]
    version: str
    database: str
    analyzers: dict[str, str]
    api_keys_required: bool


class JobAccepted(BaseModel):
    """A batch job was queued."""

    id: str
    status: str
    total: int
    status_url: str
    result_url: str


class JobStatus(BaseModel):
    """Progress of a batch job."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    failed: int
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
    result_url: str


class FactcheckSearch(BaseModel):
    """Fact-check records matching a query."""

    query: str
    results: list[dict[str, Any]]


class SourceRating(BaseModel):
    """What newscheck knows about a news domain."""

    domain: str
    rating: dict[str, Any] | None = Field(
        None, description="the source database record, null when the domain is unknown"
    )
