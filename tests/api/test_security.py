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
    for _ in range(200):  # the abandoned analysis still finishes and is stored
        if service.reports.count():
            break
        time.sleep(0.02)
    assert service.reports.count() == 1


def test_article_text_comes_back_verbatim_as_json_data(client) -> None:
    evil = (
        '<script>alert(1)</script><img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">x</a>'
    )
    resp = client.post("/v1/analyze", json={"text": "Headline\n\n" + evil})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["article"]["body"] == evil
