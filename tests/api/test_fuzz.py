"""Property-based fuzzing of every operation in the OpenAPI schema (schemathesis).

Bounded (a few examples per operation) so the suite stays fast. Properties: no
5xx (except 503 from fact-check search on a server without a fact-check
database, which is its documented answer), and every error is a JSON body with
a one-line message.
"""

from __future__ import annotations

import json
import tempfile

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402


def _app():  # type: ignore[no-untyped-def]
    from _demo import demo_pipeline

    from newscheck.api import ServiceSettings, create_app
    from newscheck.settings import Settings

    s = Settings(database_url=f"sqlite:///{_TMP.name}/fuzz.db", fetch_timeout=1.0)
    return create_app(
        s, service=ServiceSettings(rate_limit=0), pipeline=demo_pipeline(s)
    )


_TMP = tempfile.TemporaryDirectory(prefix="newscheck-fuzz-")
APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():  # type: ignore[no-untyped-def]
    yield
    APP.state.service.close()
    _TMP.cleanup()


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz_no_server_errors_and_json_errors(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    status = response.status_code
    allowed_503 = status == 503 and case.path == "/v1/factchecks/search"
    assert status < 500 or allowed_503, (
        f"{case.method} {case.path}: {status} {response.text[:300]}"
    )
    if status >= 400:
        body = json.loads(response.text)
        assert isinstance(body.get("error"), str) and body["error"]
        assert isinstance(body.get("message"), str) and body["message"].strip()
        assert "\n" not in body["message"]
