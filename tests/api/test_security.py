from __future__ import annotations

import time

import pytest

from newscheck.api.errors import RateLimitedError
from newscheck.api.limits import RateLimiter

TEXT = {"text": "It rained. Roads shut."}


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_keys_required_mode(make_client) -> None:
    client = make_client(require_api_key=True)
    keys = client.app.state.service.keys
    key = keys.create(name="desk").key
    missing = client.post("/v1/analyze", json=TEXT)
    assert missing.status_code == 401
    assert missing.json()["error"] == "UnauthorizedError"
    assert missing.headers["www-authenticate"] == "Bearer"
    assert client.post("/v1/analyze", json=TEXT, headers=_auth(key)).status_code == 200
    assert (
        client.post("/v1/analyze", json=TEXT, headers={"X-API-Key": key}).status_code
        == 200
    )
    assert (
        client.post("/v1/analyze", json=TEXT, headers=_auth(key + "x")).status_code
        == 401
    )
    keys.revoke(key)
    assert client.post("/v1/analyze", json=TEXT, headers=_auth(key)).status_code == 401
    # the page and health check stay open
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200


def test_a_sent_key_is_checked_even_when_optional(client) -> None:
    assert (
        client.post("/v1/analyze", json=TEXT, headers=_auth("nck_bad")).status_code
        == 401
    )
    assert client.post("/v1/analyze", json=TEXT).status_code == 200


def test_rate_limit_per_key(make_client) -> None:
    client = make_client(rate_limit=3)
    keys = client.app.state.service.keys
    slow = keys.create(name="slow", rate_limit=1).key
    fast = keys.create(name="fast").key
    assert client.post("/v1/analyze", json=TEXT, headers=_auth(slow)).status_code == 200
    limited = client.post("/v1/analyze", json=TEXT, headers=_auth(slow))
    assert limited.status_code == 429
    assert limited.json()["error"] == "RateLimitedError"
    assert int(limited.headers["retry-after"]) >= 1
    # another key has its own bucket (the server default: 3 per minute)
    codes = [
        client.get("/v1/reports/" + "0" * 32, headers=_auth(fast)).status_code
        for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    rl = RateLimiter(per_minute=60, clock=lambda: now[0])
    for _ in range(60):
        rl.hit("c")
    with pytest.raises(RateLimitedError):
        rl.hit("c")
    now[0] += 1.0  # one token per second
    rl.hit("c")
    rl.hit("other")  # other clients are independent
    RateLimiter(per_minute=0).hit("c")  # 0: off


def test_analysis_timeout_is_504(make_client) -> None:
    import threading

    client = make_client(analyze_timeout=0.2)
    release = threading.Event()
    service = client.app.state.service
    original = service.pipeline.run

    def slow_run(article):  # type: ignore[no-untyped-def]
        release.wait(5)
        return original(article)

    service.pipeline.run = slow_run
    try:
        resp = client.post("/v1/analyze", json=TEXT)
    finally:
        release.set()
    assert resp.status_code == 504
    assert resp.json()["error"] == "ServiceTimeoutError"
    time.sleep(0.3)  # the abandoned analysis stops at its deadline: not stored
    assert service.reports.count() == 0


def test_article_text_comes_back_verbatim_as_json_data(client) -> None:
    evil = (
        '<script>alert(1)</script><img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">x</a>'
    )
    resp = client.post("/v1/analyze", json={"text": "Headline\n\n" + evil})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["article"]["body"] == evil


def _new_app(db_url: str, pipeline_analyzers, **service):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from newscheck.api import ServiceSettings, create_app
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings

    settings = Settings(database_url=db_url)
    app = create_app(
        settings,
        service=ServiceSettings(**service),
        pipeline=Pipeline(analyzers=pipeline_analyzers, settings=settings),
    )
    return TestClient(app, raise_server_exceptions=False)


# -- reports and jobs belong to the key that asked for them -------------------


def test_with_keys_required_a_key_reads_only_its_own_reports(make_client) -> None:
    client = make_client(require_api_key=True)
    keys = client.app.state.service.keys
    a, b = keys.create(name="a").key, keys.create(name="b").key
    made = client.post("/v1/analyze", json=TEXT, headers=_auth(a))
    assert made.status_code == 200
    rid = made.headers["x-report-id"]
    assert client.get(f"/v1/reports/{rid}", headers=_auth(a)).status_code == 200
    other = client.get(f"/v1/reports/{rid}", headers=_auth(b))
    unknown = client.get("/v1/reports/" + "0" * 32, headers=_auth(b))
    assert other.status_code == unknown.status_code == 404  # not 403: not confirmed
    assert other.json()["error"] == "NotFoundError"
    # b asks for the same article: served from the shared report, then b may read it
    again = client.post("/v1/analyze", json=TEXT, headers=_auth(b))
    assert (again.headers["x-report-id"], again.headers["x-cache"]) == (rid, "hit")
    assert client.get(f"/v1/reports/{rid}", headers=_auth(b)).status_code == 200
    assert client.app.state.service.reports.count() == 1  # content shared


def test_a_key_is_granted_a_stored_report_by_a_fresh_server(make_client) -> None:
    first = make_client(require_api_key=True)
    keys = first.app.state.service.keys
    a, c = keys.create(name="a").key, keys.create(name="c").key
    rid = first.post("/v1/analyze", json=TEXT, headers=_auth(a)).headers["x-report-id"]
    fresh = make_client(require_api_key=True)  # nothing in memory: store hit
    assert fresh.get(f"/v1/reports/{rid}", headers=_auth(c)).status_code == 404
    hit = fresh.post("/v1/analyze", json=TEXT, headers=_auth(c))
    assert hit.headers["x-cache"] == "hit"
    assert fresh.get(f"/v1/reports/{rid}", headers=_auth(c)).status_code == 200
    assert fresh.get(f"/v1/reports/{rid}", headers=_auth(a)).status_code == 200


def test_with_keys_required_a_key_sees_only_its_own_jobs(make_client) -> None:
    import json

    client = make_client(require_api_key=True)
    keys = client.app.state.service.keys
    a, b = keys.create(name="a").key, keys.create(name="b").key
    data = json.dumps({"id": "x", "text": "Prices rose 5%. Wages fell."}).encode()
    job = client.post(
        "/v1/batch", files={"file": ("c.jsonl", data)}, headers=_auth(a)
    ).json()
    for _ in range(400):
        status = client.get(f"/v1/jobs/{job['id']}", headers=_auth(a)).json()
        if status["status"] == "done":
            break
        time.sleep(0.025)
    assert status["status"] == "done"
    result = client.get(f"/v1/jobs/{job['id']}/result", headers=_auth(a))
    assert result.status_code == 200
    rid = json.loads(result.text.splitlines()[0])["report_id"]
    assert client.get(f"/v1/reports/{rid}", headers=_auth(a)).status_code == 200
    for path in (f"/v1/jobs/{job['id']}", f"/v1/jobs/{job['id']}/result"):
        assert client.get(path, headers=_auth(b)).status_code == 404
    assert client.get(f"/v1/reports/{rid}", headers=_auth(b)).status_code == 404


def test_without_required_keys_reports_stay_readable_by_all(make_client) -> None:
    client = make_client()
    keys = client.app.state.service.keys
    a, b = keys.create(name="a").key, keys.create(name="b").key
    rid = client.post("/v1/analyze", json=TEXT, headers=_auth(a)).headers["x-report-id"]
    assert client.get(f"/v1/reports/{rid}").status_code == 200
    assert client.get(f"/v1/reports/{rid}", headers=_auth(b)).status_code == 200


# -- failed key attempts ------------------------------------------------------


def test_failed_keys_are_rate_limited_per_address(make_client) -> None:
    client = make_client(auth_failures_per_minute=3)
    good = client.app.state.service.keys.create(name="good").key
    bad = _auth("nck_00000000_guess")
    codes = [client.post("/v1/analyze", json=TEXT, headers=bad).status_code]
    codes += [client.post("/v1/analyze", json=TEXT, headers=bad).status_code]
    codes += [client.get("/v1/reports/" + "0" * 32, headers=bad).status_code]
    assert codes == [401, 401, 401]
    limited = client.post("/v1/analyze", json=TEXT, headers=bad)
    assert limited.status_code == 429
    assert limited.json()["error"] == "RateLimitedError"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    # while blocked, a valid key from that address is refused too (otherwise the
    # answers would tell a guessed key from a wrong one)
    assert client.post("/v1/analyze", json=TEXT, headers=_auth(good)).status_code == 429
    assert client.post("/v1/analyze", json=TEXT).status_code == 200  # no key sent


def test_failure_limiter_window_and_clients() -> None:
    from newscheck.api.limits import FailureLimiter

    now = [0.0]
    fl = FailureLimiter(per_minute=2, clock=lambda: now[0])
    fl.fail("a")
    fl.check("a")  # one failure: allowed
    now[0] = 30.0
    fl.fail("a")
    with pytest.raises(RateLimitedError) as got:
        fl.check("a")
    assert got.value.retry_after == 30  # until the first failure is a minute old
    fl.check("b")  # other addresses are independent
    now[0] = 60.0
    fl.check("a")  # the first failure aged out
    off = FailureLimiter(per_minute=0)
    for _ in range(5):
        off.fail("a")
    off.check("a")


# -- cross-site posts ---------------------------------------------------------

_UPLOAD = {"file": ("c.jsonl", b'{"text": "Prices rose 5%."}\n')}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},  # sandboxed frames, no-referrer pages
        {"Origin": "http://testserver:8080"},  # same host, other port
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_posts_are_refused(client, headers) -> None:
    batch = client.post("/v1/batch", files=_UPLOAD, headers=headers)
    assert batch.status_code == 403
    assert batch.json()["error"] == "CrossSiteRequestError"
    assert "ALLOWED_ORIGINS" in batch.json()["message"]
    assert batch.headers["x-frame-options"] == "DENY"  # still a normal answer
    assert client.post("/v1/analyze", json=TEXT, headers=headers).status_code == 403
    assert client.app.state.service.reports.count() == 0
    # reading stays open to every origin
    assert client.get("/healthz", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},  # CLI and curl: no Origin
        {"Origin": "http://testserver"},  # the server's own page
        {"Origin": "http://testserver:80", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the user
        {"Origin": "https://desk.example.org"},  # configured
        {"Origin": "HTTPS://Desk.Example.org/"},
    ],
)
def test_same_origin_and_allowed_origin_posts_pass(make_client, headers) -> None:
    client = make_client(allowed_origins=["https://desk.example.org"])
    batch = client.post("/v1/batch", files=_UPLOAD, headers=headers)
    assert batch.status_code == 202, batch.text
    assert client.post("/v1/analyze", json=TEXT, headers=headers).status_code == 200
    for _ in range(400):  # the job ends before the app closes its database
        if client.get(f"/v1/jobs/{batch.json()['id']}").json()["status"] == "done":
            break
        time.sleep(0.025)


# -- reports with a failed analyzer -------------------------------------------


def test_a_report_with_a_failed_analyzer_is_not_stored_or_cached(db_url) -> None:
    from _demo import DemoReliability

    from newscheck import analyzers
    from newscheck.analyzers.base import Analysis, Analyzer

    calls = {"n": 0, "fail": True}

    @analyzers.register("flaky_demo")
    class Flaky(Analyzer):
        version = "1"

        def analyze(self, article):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["fail"]:
                raise RuntimeError("model file vanished")
            return Analysis(summary={"ok": True})

    try:
        with _new_app(db_url, [DemoReliability(), "flaky_demo"]) as client:
            service = client.app.state.service
            first = client.post("/v1/analyze", json=TEXT)
            assert first.status_code == 200
            warnings = first.json()["warnings"]
            assert warnings == ["flaky_demo failed: RuntimeError: model file vanished"]
            assert "location" not in first.headers
            assert first.headers["cache-control"] == "no-store"
            rid = first.headers["x-report-id"]
            assert service.reports.count() == 0
            assert client.get(f"/v1/reports/{rid}").status_code == 404
            second = client.post("/v1/analyze", json=TEXT)  # analysed again
            assert (second.headers["x-cache"], calls["n"]) == ("miss", 2)
            calls["fail"] = False
            fixed = client.post("/v1/analyze", json=TEXT)
            assert fixed.headers["x-cache"] == "miss"
            assert fixed.json()["warnings"] == []
            assert fixed.headers["location"] == f"/v1/reports/{rid}"
            assert client.post("/v1/analyze", json=TEXT).headers["x-cache"] == "hit"
            assert (service.reports.count(), calls["n"]) == (1, 3)
    finally:
        analyzers._REGISTRY.pop("flaky_demo", None)
