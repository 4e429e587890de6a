"""The service object behind the routes: pipeline, stores, limits, batch worker.

One :class:`Service` is built per app (``app.state.service``); it loads the
pipeline once and is shared by every request.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from newscheck import __version__
from newscheck.api.config import ServiceSettings
from newscheck.api.errors import UnauthorizedError, UnavailableError
from newscheck.api.jobs import JobStore
from newscheck.api.limits import FailureLimiter, RateLimiter
from newscheck.api.schemas import AnalyzeRequest
from newscheck.article import Article
from newscheck.errors import InputError, InputTooLargeError, ModelError, StoreError
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings
from newscheck.store.keys import ApiKey, KeyStore
from newscheck.store.models import JobRow
from newscheck.store.reports import (
    ReportStore,
    analyzer_failures,
    report_id,
    versions_key,
)

__all__ = ["Served", "Service"]

LOGGER = logging.getLogger(__name__)


class Served(NamedTuple):
    """A report as a response sends it."""

    rid: str
    data: bytes
    cached: bool
    #: ``False`` when an analyzer failed: the report is neither stored nor kept.
    stored: bool


class Service:
    """Everything the routes share.

    Parameters
    ----------
    settings
        Analysis settings (limits, fetcher, analyzers).
    service
        HTTP service settings.
    pipeline
        The loaded pipeline.
    engine
        The database engine (already migrated).
    """

    #: Recently served reports kept in memory: how many, and the largest kept.
    HOT_ENTRIES = 256
    HOT_MAX_CHARS = 1_000_000
    #: Text/HTML requests up to this size are recognised again without analysis.
    REQUEST_KEY_MAX_CHARS = 200_000

    def __init__(
        self,
        *,
        settings: Settings,
        service: ServiceSettings,
        pipeline: Pipeline,
        engine: Engine,
    ) -> None:
        self.settings = settings
        self.config = service
        self.pipeline = pipeline
        self.engine = engine
        self.reports = ReportStore(engine)
        self.keys = KeyStore(engine)
        self.jobs = JobStore(engine)
        self.limiter = RateLimiter(per_minute=service.rate_limit)
        self.auth_failures = FailureLimiter(per_minute=service.auth_failures_per_minute)
        self.versions_key = versions_key(
            pipeline.versions, generator=f"newscheck {__version__}"
        )
        self.executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="newscheck-batch"
        )
        self._source_analyzer: Any = None
        self._hot: OrderedDict[str, bytes] = OrderedDict()
        self._by_request: OrderedDict[tuple[str, str | None, str], str] = OrderedDict()
        self._hot_lock = threading.Lock()
        self._granted: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._factcheck_index: Any = None
        self._factcheck_lock = threading.Lock()

    # -- articles and reports -------------------------------------------------

    def article(self, req: AnalyzeRequest) -> Article:
        """The article a request describes (URLs go through the SSRF-safe fetcher)."""
        from newscheck.ingest import article_from_html, article_from_text, is_url

        limit = self.settings.max_input_bytes
        content = req.text if req.text is not None else req.html
        if content is not None:
            size = len(content.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise InputTooLargeError(
                    f"the article is {size} bytes; the limit is {limit} bytes"
                )
        if req.text is not None:
            return article_from_text(req.text, title=req.title)
        if req.html is not None:
            return article_from_html(req.html, title=req.title)
        url = (req.url or "").strip()
        if not is_url(url):
            raise InputError("url must start with http:// or https://")
        try:
            from newscheck.ingest import read_article
            from newscheck.ingest import url as _url_module  # noqa: F401
        except ModuleNotFoundError as exc:  # pragma: no cover - fetcher not built
            raise UnavailableError(
                "URL analysis is not available on this server"
            ) from exc
        return read_article(url, settings=self.settings, title=req.title)

    def analyze(
        self, article: Article, *, owner: int | None = None
    ) -> tuple[str, str, bool]:
        """``(report id, report JSON, served from the store)`` for *article*."""
        rid, data, cached, _ = self.serve(article, owner=owner)
        return rid, data.decode("utf-8"), cached

    def analyze_bytes(self, article: Article) -> tuple[str, bytes, bool]:
        """:meth:`analyze` with the report as the UTF-8 bytes a response sends."""
        rid, data, cached, _ = self.serve(article)
        return rid, data, cached

    def serve(self, article: Article, *, owner: int | None = None) -> Served:
        """The report of *article*: from memory, the store, or the pipeline.

        A new report is stored and kept in memory unless an analyzer failed on
        it: then it is served once, with the failure in its warnings, and the
        next request analyses the article again. *owner* (the API key id of
        the request) is granted access to the stored report.
        """
        rid = report_id(article.content_hash(), self.versions_key)
        with self._hot_lock:
            hot = self._hot.get(rid)
            if hot is not None:
                self._hot.move_to_end(rid)
        if hot is not None:
            self.grant(rid, owner)
            return Served(rid, hot, True, True)
        stored = self.reports.get_json(rid)
        if stored is not None:
            data = stored.encode("utf-8")
            self._remember(rid, data)
            self.grant(rid, owner)
            return Served(rid, data, True, True)
        report = self.pipeline.run(article)
        report_json = report.model_dump_json()
        data = report_json.encode("utf-8")
        failed = analyzer_failures(report)
        if failed:
            LOGGER.warning(
                "report %s not stored: analyzer(s) failed: %s", rid, ", ".join(failed)
            )
            return Served(rid, data, False, False)
        self.reports.put(
            report, self.versions_key, report_json=report_json, owner=owner
        )
        self._mark_granted(rid, owner)
        self._remember(rid, data)
        return Served(rid, data, False, True)

    def report_json(self, rid: str, *, caller: ApiKey | None) -> str | None:
        """Stored report *rid* as JSON, if *caller* may read it.

        With keys required, a key reads only the reports it asked for; others
        look absent (a 404, so ids of other keys' reports are not confirmed).
        """
        return self.reports.get_json(rid, owner=self.scope(caller))

    def job(self, job_id: str, *, caller: ApiKey | None) -> JobRow | None:
        """Job *job_id* if *caller* may see it (as :meth:`report_json`)."""
        job = self.jobs.get(job_id)
        scope = self.scope(caller)
        if job is None or (scope is not None and job.key_id != scope):
            return None
        return job

    def scope(self, caller: ApiKey | None) -> int | None:
        """The key id reads are limited to: the caller's when keys are required."""
        if not self.config.require_api_key:
            return None
        # authorize() refuses key-less requests in this mode; -1 matches nothing
        return caller.id if caller is not None else -1

    def granted(self, rid: str, owner: int | None) -> bool:
        """Whether *owner* is known (in memory) to have access to report *rid*."""
        if owner is None:
            return True
        with self._hot_lock:
            return (rid, owner) in self._granted

    def grant(self, rid: str, owner: int | None) -> None:
        """Give key *owner* access to stored report *rid* (once; a no-op for None)."""
        if owner is None or self.granted(rid, owner):
            return
        if self.reports.grant(rid, owner):
            self._mark_granted(rid, owner)

    def _mark_granted(self, rid: str, owner: int | None) -> None:
        if owner is None:
            return
        with self._hot_lock:
            self._granted[(rid, owner)] = None
            self._granted.move_to_end((rid, owner))
            while len(self._granted) > 16 * self.HOT_ENTRIES:
                self._granted.popitem(last=False)

    def request_key(self, req: AnalyzeRequest) -> tuple[str, str | None, str] | None:
        """What identifies the article of a text or HTML request without parsing it.

        ``None`` for URLs (the page may change) and for large bodies.
        """
        if req.text is not None:
            kind, content = "text", req.text
        elif req.html is not None:
            kind, content = "html", req.html
        else:
            return None
        if len(content) > self.REQUEST_KEY_MAX_CHARS:
            return None
        return kind, req.title, content

    def cached_request(
        self, key: tuple[str, str | None, str]
    ) -> tuple[str, bytes] | None:
        """The report of a request seen before, if still in memory.

        This runs on the event loop: two dict lookups, no hashing of the article,
        no database, no thread hop. The same request always gives the same
        article, so the same report.
        """
        with self._hot_lock:
            rid = self._by_request.get(key)
            if rid is None:
                return None
            hot = self._hot.get(rid)
            if hot is None:
                return None
            self._hot.move_to_end(rid)
            return rid, hot

    def remember_request(self, key: tuple[str, str | None, str], rid: str) -> None:
        """Map a request to the report id it produced (bounded)."""
        with self._hot_lock:
            self._by_request[key] = rid
            self._by_request.move_to_end(key)
            while len(self._by_request) > self.HOT_ENTRIES:
                self._by_request.popitem(last=False)

    def _remember(self, rid: str, report_json: bytes) -> None:
        """Keep recently served reports in memory (bounded; the store is the truth)."""
        if len(report_json) > self.HOT_MAX_CHARS:
            return
        with self._hot_lock:
            self._hot[rid] = report_json
            self._hot.move_to_end(rid)
            while len(self._hot) > self.HOT_ENTRIES:
                self._hot.popitem(last=False)

    # -- keys -------------------------------------------------------------------

    def authorize(self, key: str | None, client: str) -> ApiKey | None:
        """Check *key* and the rate limit; returns the key record, if any.

        A client address that sent too many unknown or revoked keys in the last
        minute gets 429 before its key is even looked up.
        """
        record = None
        if key:
            self.auth_failures.check(client)
            record = self.keys.verify(key)
            if record is None:
                self.auth_failures.fail(client)
                raise UnauthorizedError("the API key is unknown or revoked")
        elif self.config.require_api_key:
            raise UnauthorizedError(
                "an API key is required: send 'Authorization: Bearer <key>'"
            )
        bucket = f"key:{record.prefix}" if record else f"ip:{client}"
        self.limiter.hit(bucket, limit=record.rate_limit if record else None)
        return record

    # -- delegated lookups ------------------------------------------------------

    def source_rating(self, domain: str) -> dict[str, Any] | None:
        """The ``source`` analyzer's section for a page on *domain*."""
        if self._source_analyzer is None:
            from newscheck import analyzers

            if "source" not in analyzers.available():
                raise UnavailableError(
                    "source ratings are not available: the 'source' analyzer "
                    "is not installed"
                )
            self._source_analyzer = analyzers.get("source").load(settings=self.settings)
        article = Article(body="", url=f"https://{domain}/", domain=domain)
        summary = self._source_analyzer.analyze(article).summary
        return dict(summary) if summary else None

    def factcheck_search(self, query: str, *, limit: int) -> list[dict[str, Any]]:
        """Fact-checks matching *query* (:class:`newscheck.factcheck.FactCheckIndex`).

        The index is built once, on the first search, from this server's database
        (filled with the shipped claims if empty).
        """
        with self._factcheck_lock:
            if self._factcheck_index is None:
                self._factcheck_index = self._open_factcheck_index()
        matches = self._factcheck_index.search(query, k=limit)
        return [_as_dict(m) for m in matches[:limit]]

    def factcheck_sources(self) -> list[dict[str, Any]]:
        """Each fact-check source with its entries and how many carry a
        verdict, a link and a date (:func:`newscheck.factcheck.store.sources`)."""
        from newscheck.factcheck.store import ensure_default, sources

        try:
            ensure_default(self.engine)
            return sources(self.engine)
        except (ModelError, StoreError) as exc:
            raise UnavailableError(
                f"the fact-check database is unusable: {exc}"
            ) from exc

    def _open_factcheck_index(self) -> Any:
        try:
            from newscheck.factcheck import FactCheckIndex
        except ImportError as exc:
            raise UnavailableError(
                "fact-check search is not available: newscheck.factcheck is not "
                "installed"
            ) from exc
        try:
            return FactCheckIndex.open(self.settings)
        except (ModelError, StoreError) as exc:
            raise UnavailableError(
                f"fact-check search is not available: {exc}"
            ) from exc

    def database_ok(self) -> str:
        """``"ok"`` or the first line of the database error."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return "ok"
        except SQLAlchemyError as exc:
            return f"error: {str(exc).splitlines()[0]}"

    def close(self) -> None:
        """Stop the batch worker and release database connections."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()


def _as_dict(record: Any) -> dict[str, Any]:
    if isinstance(record, dict):
        return record
    for attr in ("as_dict", "to_dict", "model_dump", "_asdict"):
        fn = getattr(record, attr, None)
        if callable(fn):
            return dict(fn())
    return {"value": str(record)}
