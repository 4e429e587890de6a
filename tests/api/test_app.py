from __future__ import annotations

import json
import re

import pytest

from newscheck.report import Report

ARTICLE = (
    "Everyone knows the mayor lied. The bridge cost $95 million, up 300%.\n\n"
    "According to the transport department, traffic fell by 12% last year."
)


def _errors_are_json(resp) -> dict:  # type: ignore[no-untyped-def]
    body = resp.json()
    assert set(body) == {"error", "message"}
    assert body["message"] and "\n" not in body["message"]
    return body


def test_analyze_text_returns_the_cli_report_schema(client) -> None:
    resp = client.post("/v1/analyze", json={"text": ARTICLE, "title": "Bridge"})
    assert resp.status_code == 200
    report = Report.model_validate_json(resp.text)
    assert report.article.title == "Bridge"
    assert report.reliability is not None and report.reliability.label == "unreliable"
    kinds = {f.kind for f in report.findings}
    assert {"quantity", "propaganda", "claim"} <= kinds
    for f in report.findings:
        assert getattr(report.article, f.field)[f.start : f.end] == f.text
    assert resp.headers["x-cache"] == "miss"
    assert resp.headers["location"] == f"/v1/reports/{resp.headers['x-report-id']}"


def test_analyze_same_article_twice_is_served_from_the_store(client) -> None:
    first = client.post("/v1/analyze", json={"text": ARTICLE})
    second = client.post("/v1/analyze", json={"text": ARTICLE})
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.headers["x-report-id"] == second.headers["x-report-id"]
    assert json.loads(first.text) == json.loads(second.text)
    other = client.post("/v1/analyze", json={"text": ARTICLE + " More."})
    assert other.headers["x-cache"] == "miss"


def test_stored_report_survives_a_new_app(make_client) -> None:
    rid = (
        make_client().post("/v1/analyze", json={"text": ARTICLE}).headers["x-report-id"]
    )
    fresh = make_client()
    got = fresh.get(f"/v1/reports/{rid}")
    assert got.status_code == 200
    assert "transport department" in Report.model_validate_json(got.text).article.body
    assert fresh.post("/v1/analyze", json={"text": ARTICLE}).headers["x-cache"] == "hit"


def test_get_unknown_report_is_404_json(client) -> None:
    resp = client.get("/v1/reports/" + "0" * 32)
    assert resp.status_code == 404
    assert _errors_are_json(resp)["error"] == "NotFoundError"
    assert client.get("/v1/reports/not-an-id").status_code == 422


@pytest.mark.parametrize(
    "payload",
    [{}, {"text": "a", "url": "https://example.org/"}, {"text": 5}, {"texte": "x"}],
)
def test_analyze_rejects_bad_requests_with_json(client, payload) -> None:
    resp = client.post("/v1/analyze", json=payload)
    assert resp.status_code == 422
    assert _errors_are_json(resp)["error"] == "ValidationError"


def test_analyze_empty_text_is_400(client) -> None:
    resp = client.post("/v1/analyze", json={"text": "   \n "})
    assert resp.status_code == 400
    assert _errors_are_json(resp)["error"] == "EmptyInputError"


def test_analyze_html_extracts_the_text(client) -> None:
    html = (
        "<html><head><title>Bridge</title></head><body><article><h1>Bridge</h1>"
        + "".join(f"<p>{s}</p>" for s in ARTICLE.split("\n\n")) * 3
        + "</article></body></html>"
    )
    resp = client.post("/v1/analyze", json={"html": html})
    assert resp.status_code == 200, resp.text
    body = Report.model_validate_json(resp.text).article.body
    assert "transport department" in body and "<p>" not in body


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        ("http://127.0.0.1:9/", 403, "UnsafeURLError"),
        ("http://169.254.169.254/latest/meta-data/", 403, "UnsafeURLError"),
        ("http://[::1]/", 403, "UnsafeURLError"),
        ("file:///etc/passwd", 400, "InputError"),
        ("/etc/passwd", 400, "InputError"),
    ],
)
def test_analyze_url_refuses_internal_addresses_and_files(
    client, url, status, error
) -> None:
    resp = client.post("/v1/analyze", json={"url": url})
    assert resp.status_code == status, resp.text
    body = _errors_are_json(resp)
    assert body["error"] == error
    assert "--" not in body["message"]  # no command-line switch over HTTP
    if status == 403:
        assert "server does not fetch private, loopback" in body["message"]


def test_article_size_limit_is_413(make_client) -> None:
    client = make_client(max_input_bytes=1000)
    resp = client.post("/v1/analyze", json={"text": "word " * 300})
    assert resp.status_code == 413
    body = _errors_are_json(resp)
    assert body["error"] == "InputTooLargeError"
    assert "limit is 1000 bytes" in body["message"]
    assert "--" not in body["message"]  # the CLI's --max-bytes hint stays in the CLI


def test_body_size_limit_is_413_before_parsing(make_client) -> None:
    client = make_client(max_body_bytes=2000)
    resp = client.post("/v1/analyze", json={"text": "x" * 5000})
    assert resp.status_code == 413
    assert _errors_are_json(resp)["error"] == "RequestTooLarge"
    chunks = (b"x" * 1000 for _ in range(5))  # no Content-Length: streamed
    resp = client.post(
        "/v1/analyze", content=chunks, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 413


def test_malformed_json_is_422_json(client) -> None:
    resp = client.post(
        "/v1/analyze",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 422
    _errors_are_json(resp)


def test_healthz_and_openapi(client) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["analyzers"] == {"reliability": "demo-1", "demo_spans": "1"}
    spec = client.get("/openapi.json").json()
    assert {
        "/v1/analyze",
        "/v1/batch",
        "/v1/jobs/{job_id}",
        "/v1/reports/{report_id}",
        "/v1/factchecks/search",
        "/v1/sources/{domain}",
        "/healthz",
    } <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text


def test_page_and_static_files_are_served_without_cdn(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    for path in ("/static/app.js", "/static/app.css", "/static/docs.js"):
        resp = client.get(path)
        assert resp.status_code == 200
        assert "http://" not in resp.text.replace("http://127", "")
        assert "innerHTML" not in resp.text.replace("no innerHTML", "")
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing external


def test_unknown_route_is_json_404(client) -> None:
    resp = client.get("/v1/nothing")
    assert resp.status_code == 404
    _errors_are_json(resp)


def test_source_endpoint_delegates_to_the_source_analyzer(client) -> None:
    from newscheck import analyzers

    resp = client.get("/v1/sources/Example.COM")
    if "source" not in analyzers.available():
        assert resp.status_code == 503
        _errors_are_json(resp)
        return
    assert resp.status_code == 200
    assert resp.json()["domain"] == "example.com"
    assert client.get("/v1/sources/bad domain!").status_code == 400


def test_factcheck_search_answers_or_says_unavailable(client) -> None:
    resp = client.get("/v1/factchecks/search", params={"q": "bridge cost"})
    if resp.status_code == 503:
        assert "fact-check" in _errors_are_json(resp)["message"]
    else:
        assert resp.status_code == 200
        assert resp.json()["query"] == "bridge cost"
    assert client.get("/v1/factchecks/search").status_code == 422
