"""The REST API and web page: ``create_app(settings)`` builds the FastAPI app.

``newscheck serve`` runs it under uvicorn. The pipeline is loaded once per app;
reports are stored by content hash and pipeline versions, so an article
analysed twice is served from the store.
"""

from newscheck.api.app import create_app
from newscheck.api.config import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]
