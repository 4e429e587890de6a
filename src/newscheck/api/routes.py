"""The ``/v1`` routes and ``/healthz``."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from newscheck import __version__, deadline
from newscheck.api.errors import ConflictError, NotFoundError, ServiceTimeoutError
from newscheck.api.jobs import parse_upload
from newscheck.api.schemas import (
    AnalyzeRequest,
    ErrorBody,
    FactcheckSearch,
    Health,
    JobAccepted,
    JobStatus,
    SourceRating,
)
from newscheck.api.service import Service
from newscheck.errors import EmptyInputError, InputError
from newscheck.report import Report
from newscheck.store.keys import ApiKey

__all__ = ["health_router", "router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in (
        (400, "unusable input"),
        (401, "missing or invalid API key"),
        (413, "body or article too large"),
        (422, "invalid request"),
        (429, "rate limit exceeded"),
    )
}
_REPORT_ID = r"^[0-9a-f]{32}$"
_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)*\.?")


# Dependencies are coroutines: a plain ``def`` dependency is run in the thread
# pool, a thread hop per dependency per request.
async def get_service(request: Request) -> Service:
    return request.app.state.service


async def authorize(
    request: Request, service: Annotated[Service, Depends(get_service)]
) -> ApiKey | None:
    """Check the API key (if sent or required) and the rate limit; the key."""
    key = request.headers.get("x-api-key")
    auth = request.headers.get("authorization", "")
    if not key and auth[:7].lower() == "bearer ":
        key = auth[7:].strip()
    client = request.client.host if request.client else "unknown"
    if key:  # refused at once while over the limit, else looked up off the loop
        service.auth_failures.check(client)
        return await run_in_threadpool(service.authorize, key, client)
    return service.authorize(None, client)  # the rate limiter only: microseconds


ServiceDep = Annotated[Service, Depends(get_service)]
#: The caller's key (``None`` without one). The router runs ``authorize`` too;
#: FastAPI runs it once per request and hands both the same value.
CallerDep = Annotated[ApiKey | None, Depends(authorize)]
router = APIRouter(prefix="/v1", dependencies=[Depends(authorize)], responses=_ERRORS)
health_router = APIRouter()


@router.post(
    "/analyze",
    summary="Analyse one article (text, HTML or URL)",
    response_class=Response,
    responses={
        200: {
            "model": Report,
            "description": "the report, as `newscheck analyze --format json` prints "
            "it; "
            "headers X-Report-Id and X-Cache (hit|miss)",
        },
        403: {"model": ErrorBody, "description": "URL refused (private address)"},
        422: {"model": ErrorBody, "description": "invalid request or URL not fetched"},
        504: {"model": ErrorBody, "description": "analysis timed out"},
    },
)
async def analyze(
    req: AnalyzeRequest, service: ServiceDep, caller: CallerDep
) -> Response:
    key = service.request_key(req)
    owner = caller.id if caller is not None else None
    hit = service.cached_request(key) if key is not None else None
    stored = True
    if hit is not None:  # served from memory on the event loop: no thread hop
        rid, report_json = hit
        cached = True
        if not service.granted(rid, owner):  # a key's first ask: one write
            await run_in_threadpool(service.grant, rid, owner)
    else:
        # A thread cannot be killed: the analysis checks this deadline and stops
        # when the request times out (cancel below; its own clock, a second
        # later, in case the cancel never comes).
        stop = deadline.Deadline(service.config.analyze_timeout + 1.0)

        def work() -> tuple[str, bytes, bool]:
            nonlocal stored
            with deadline.limit(stop):
                rid, data, cached, stored = service.serve(
                    service.article(req), owner=owner
                )
            if key is not None and stored:
                service.remember_request(key, rid)
            return rid, data, cached

        try:
            with anyio.fail_after(service.config.analyze_timeout):
                rid, report_json, cached = await anyio.to_thread.run_sync(
                    work, abandon_on_cancel=True
                )
        except TimeoutError:
            stop.cancel()
            raise ServiceTimeoutError(
                f"the analysis took longer than {service.config.analyze_timeout:g} s"
            ) from None
    headers = {"X-Report-Id": rid, "X-Cache": "hit" if cached else "miss"}
    if stored:
        headers["Location"] = f"/v1/reports/{rid}"
    else:  # an analyzer failed (see the warnings): not stored, not to be cached
        headers["Cache-Control"] = "no-store"
    return Response(report_json, media_type="application/json", headers=headers)


@router.get(
    "/reports/{report_id}",
    summary="A stored report",
    response_class=Response,
    responses={
        200: {"model": Report, "description": "the stored report"},
        404: {"model": ErrorBody, "description": "no such report"},
    },
)
async def get_report(
    report_id: Annotated[str, Path(pattern=_REPORT_ID)],
    service: ServiceDep,
    caller: CallerDep,
) -> Response:
    report_json = await run_in_threadpool(
        partial(service.report_json, report_id, caller=caller)
    )
    if report_json is None:
        raise NotFoundError(f"no report {report_id}")
    return Response(report_json, media_type="application/json")


@router.post(
    "/batch",
    summary="Upload a CSV/TSV/JSONL corpus; analysed in the background",
    status_code=202,
    response_model=JobAccepted,
)
async def batch(
    file: Annotated[UploadFile, File()], service: ServiceDep, caller: CallerDep
) -> JobAccepted:
    data = await file.read()
    if not data.strip():
        raise EmptyInputError("the uploaded file is empty")
    items = await run_in_threadpool(
        parse_upload,
        data,
        filename=file.filename or "",
        max_rows=service.config.batch_max_rows,
        max_article_bytes=service.settings.max_input_bytes,
    )
    if not items:
        raise EmptyInputError("the uploaded file has no rows")
    owner = caller.id if caller is not None else None
    job_id = await run_in_threadpool(service.jobs.create, len(items), key_id=owner)
    analyze = partial(service.analyze, owner=owner)
    service.executor.submit(service.jobs.run, job_id, items, analyze)
    return JobAccepted(
        id=job_id,
        status="queued",
        total=len(items),
        status_url=f"/v1/jobs/{job_id}",
        result_url=f"/v1/jobs/{job_id}/result",
    )


_JOB_ID = r"^[0-9a-f]{32}$"


@router.get(
    "/jobs/{job_id}",
    summary="Progress of a batch job",
    response_model=JobStatus,
    responses={404: {"model": ErrorBody, "description": "no such job"}},
)
async def job_status(
    job_id: Annotated[str, Path(pattern=_JOB_ID)],
    service: ServiceDep,
    caller: CallerDep,
) -> JobStatus:
    job = await run_in_threadpool(partial(service.job, job_id, caller=caller))
    if job is None:
        raise NotFoundError(f"no job {job_id}")
    return JobStatus(
        id=job.id,
        status=job.status,  # type: ignore[arg-type]
        total=job.total,
        done=job.done,
        failed=job.failed,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result_url=f"/v1/jobs/{job.id}/result",
    )


@router.get(
    "/jobs/{job_id}/result",
    summary="Download a finished job's reports as JSON Lines",
    response_class=Response,
    responses={
        200: {
            "content": {"application/x-ndjson": {}},
            "description": "one line per input row: row, id, report_id, cached, "
            "report, or error",
        },
        404: {"model": ErrorBody, "description": "no such job"},
        409: {"model": ErrorBody, "description": "the job has not finished"},
    },
)
async def job_result(
    job_id: Annotated[str, Path(pattern=_JOB_ID)],
    service: ServiceDep,
    caller: CallerDep,
) -> Response:
    job = await run_in_threadpool(partial(service.job, job_id, caller=caller))
    if job is None:
        raise NotFoundError(f"no job {job_id}")
    if job.status != "done":
        raise ConflictError(
            f"job {job_id} is {job.status}"
            + (f": {job.error}" if job.error else "; try again when it is done")
        )
    return Response(
        job.result or "",
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{job_id}.jsonl"'},
    )


@router.get(
    "/factchecks/search",
    summary="Search the fact-check database",
    response_model=FactcheckSearch,
    responses={503: {"model": ErrorBody, "description": "no fact-check database"}},
)
async def factcheck_search(
    service: ServiceDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> FactcheckSearch:
    results = await run_in_threadpool(service.factcheck_search, q, limit=limit)
    return FactcheckSearch(query=q, results=results)


@router.get(
    "/factchecks/sources",
    summary="Sources of the fact-check database with their counts",
    responses={503: {"model": ErrorBody, "description": "no fact-check database"}},
)
async def factcheck_sources(service: ServiceDep) -> dict[str, Any]:
    return {"sources": await run_in_threadpool(service.factcheck_sources)}


@router.get(
    "/sources/{domain}",
    summary="What newscheck knows about a news domain",
    response_model=SourceRating,
    responses={503: {"model": ErrorBody, "description": "no source database"}},
)
async def source(
    domain: Annotated[str, Path(min_length=1, max_length=253)], service: ServiceDep
) -> SourceRating:
    if not _DOMAIN.fullmatch(domain) or ".." in domain:
        raise InputError(f"{domain!r} is not a domain name")
    rating = await run_in_threadpool(service.source_rating, domain.lower())
    return SourceRating(domain=domain.lower(), rating=rating)


@health_router.get("/healthz", summary="Liveness and versions", response_model=Health)
async def healthz(service: ServiceDep) -> Health:
    return Health(
        status="ok",
        version=__version__,
        database=await run_in_threadpool(service.database_ok),
        analyzers=service.pipeline.versions,
        api_keys_required=service.config.require_api_key,
    )
