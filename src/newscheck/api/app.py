"""``create_app(settings)``: the FastAPI app of the REST API and the web page.

Examples
--------
>>> from newscheck.pipeline import Pipeline
>>> from newscheck.settings import Settings
>>> s = Settings(database_url="sqlite://")
>>> app = create_app(s, pipeline=Pipeline(analyzers=(), settings=s))
>>> app.title
'newscheck'
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from newscheck import __version__
from newscheck.api.config import ServiceSettings
from newscheck.api.errors import install_handlers
from newscheck.api.limits import BodySizeLimit, OriginCheck, SecurityHeaders
from newscheck.api.routes import health_router, router
from newscheck.api.service import Service
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings
from newscheck.store.db import make_engine

__all__ = ["WEB_DIR", "create_app"]

LOGGER = logging.getLogger(__name__)

#: The static web page (HTML, JS, CSS; no CDN).
WEB_DIR = Path(__file__).resolve().parents[1] / "web"


def create_app(
    settings: Settings | None = None,
    *,
    service: ServiceSettings | None = None,
    pipeline: Pipeline | None = None,
) -> FastAPI:
    """The app: migrates the database, loads the pipeline once, mounts the page.

    Parameters
    ----------
    settings
        Analysis settings (``Settings()`` by default).
    service
        HTTP limits and switches (``ServiceSettings()``, i.e. the
        ``NEWSCHECK_SERVICE_*`` environment, by default).
    pipeline
        A loaded pipeline to use instead of ``Pipeline(settings=settings)``.
    """
    settings = settings or Settings()
    service = service or ServiceSettings()
    engine = make_engine(settings.resolved_database_url())
    if service.migrate:
        from newscheck.store.migrations import upgrade

        upgrade(engine)
    pipeline = pipeline or Pipeline(settings=settings)
    svc = Service(settings=settings, service=service, pipeline=pipeline, engine=engine)
    interrupted = svc.jobs.fail_interrupted()
    if interrupted:
        LOGGER.warning("marked %d interrupted batch jobs as failed", interrupted)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        svc.close()

    app = FastAPI(
        title="newscheck",
        version=__version__,
        description="Offline credibility reports for news articles. Every finding "
        "points at exact character offsets of the article.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.service = svc
    install_handlers(app)
    app.include_router(router)
    app.include_router(health_router)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml")

    @app.get("/display.json", include_in_schema=False)
    async def display() -> dict[str, Any]:
        """Labels, highlight roles and display thresholds of the web page."""
        from newscheck.renderers._common import web_display

        return web_display(settings.display_min_score)

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    # the last added runs first: headers on every answer, then cross-site posts
    # refused before their body is read
    app.add_middleware(BodySizeLimit, max_bytes=service.max_body_bytes)
    app.add_middleware(OriginCheck, allowed_origins=service.allowed_origins)
    app.add_middleware(SecurityHeaders)
    return app
