"""Request and response bodies of the API (kept apart from the domain types)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = [
    "TITLE_MAX",
    "URL_MAX",
    "AnalyzeRequest",
    "ErrorBody",
    "FactcheckSearch",
    "Health",
    "JobAccepted",
    "JobStatus",
    "SourceRating",
]


#: Longest ``url`` and ``title`` an analyze request may carry.
URL_MAX = 2048
TITLE_MAX = 2000


class AnalyzeRequest(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain article text")
    html: str | None = Field(None, description="an HTML page (main text is extracted)")
    # The lengths are checked by _lengths, not by max_length: pydantic's own
    # length check refuses a lone surrogate (a JSON escape such as \ud800),
    # which ingest replaces with U+FFFD and reports, as for text and html.
    url: str | None = Field(
        None,
        description="http(s) URL fetched by the SSRF-safe fetcher",
        json_schema_extra={"maxLength": URL_MAX},
    )
    title: str | None = Field(
        None,
        description="headline (optional)",
        json_schema_extra={"maxLength": TITLE_MAX},
    )

    @field_validator("url", "title")
    @classmethod
    def _lengths(cls, value: str | None, info: ValidationInfo) -> str | None:
        limit = URL_MAX if info.field_name == "url" else TITLE_MAX
        if value is not None and len(value) > limit:
            raise ValueError(f"at most {limit} characters")
        return value

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
