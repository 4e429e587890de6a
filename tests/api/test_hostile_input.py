"""Hostile input: unpaired surrogates, CSV quotes never closed, bad upload lines."""

from __future__ import annotations

import json
import time

from newscheck.report import Report

SAID = "The mayor \\ud800 said the bridge will cost 300% more. Everyone knows it."
WARNING = "replaced 1 unpaired surrogate (not valid Unicode) in the {} with U+FFFD"


def _body(**fields: str) -> str:
    """A JSON object of *fields*, whose values hold JSON escapes as written."""
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in fields.items()) + "}"


def _post_json(client, path: str, body: str):  # type: ignore[no-untyped-def]
    """POST *body* as it is: a JSON text with escapes no encoder would send."""
    return client.post(
        path, content=body.encode(), headers={"content-type": "application/json"}
    )


def _wait(client, job_id: str) -> dict:  # type: ignore[no-untyped-def]
    for _ in range(400):
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.025)
    raise AssertionError("job did not finish")


def _result(client, data: bytes, filename: str) -> list[dict]:  # type: ignore[no-untyped-def]
    resp = client.post("/v1/batch", files={"file": (filename, data)})
    assert resp.status_code == 202, resp.text
    status = _wait(client, resp.json()["id"])
    assert status["status"] == "done", status
    text = client.get(resp.json()["result_url"]).text
    return [json.loads(line) for line in text.splitlines()]


def test_analyze_text_with_a_lone_surrogate_is_a_report_with_a_warning(client):
    resp = _post_json(client, "/v1/analyze", _body(text=SAID))
    assert resp.status_code == 200, resp.text
    report = Report.model_validate_json(resp.text)
    assert report.article.body.startswith("The mayor \ufffd said")
    assert report.article.meta["warnings"] == [WARNING.format("body")]
    # the next request is served as usual (it is what a dropped connection hit)
    again = _post_json(client, "/v1/analyze", _body(text=SAID))
    assert again.status_code == 200 and again.headers["x-cache"] == "hit"
    assert client.get("/healthz").status_code == 200


def test_analyze_title_and_html_with_lone_surrogates(client):
    # the title is length-checked, and still gets the same treatment as text
    resp = _post_json(client, "/v1/analyze", _body(text=SAID, title="Odd \\ud83d"))
    assert resp.status_code == 200, resp.text
    report = Report.model_validate_json(resp.text)
    assert report.article.title == "Odd \ufffd"
    assert WARNING.format("title") in report.article.meta["warnings"]
    # too long is still a one-line 422
    resp = _post_json(client, "/v1/analyze", _body(text=SAID, title="x" * 2001))
    assert resp.status_code == 422
    assert resp.json()["error"] == "ValidationError"
    # a URL with one is refused as a URL, never a 500
    resp = _post_json(client, "/v1/analyze", _body(url="http://example.com/\\udc00"))
    assert 400 <= resp.status_code < 500, resp.text
    para = SAID.replace("\\ud800", "\\udbff")
    html = (
        f"<html><body><article><p>{para}</p><p>Officials agreed with the plan on "
        "Tuesday and work will start soon, the council said.</p></article>"
        "</body></html>"
    )
    resp = _post_json(
        client, "/v1/analyze", json.dumps({"html": "X"}).replace("X", html)
    )
    assert resp.status_code == 200, resp.text
    report = Report.model_validate_json(resp.text)
    assert "Officials agreed" in report.article.body
    assert report.article.meta["warnings"] == [WARNING.format("HTML")]


def test_batch_upload_with_a_lone_surrogate_reports_it(client):
    data = (_body(id="a", text=SAID) + "\n").encode()
    (line,) = _result(client, data, "s.jsonl")
    report = Report.model_validate(line["report"])
    assert report.article.body.startswith("The mayor \ufffd said")
    assert report.article.meta["warnings"] == [WARNING.format("row")]


def test_batch_upload_bad_line_is_an_error_row_not_a_rejection(client):
    data = (
        b'{"id": "a", "text": "Costs rose 5%."}\n{broken\n{"id": "c", "text": "Ok."}\n'
    )
    lines = _result(client, data, "x.jsonl")
    assert [line["row"] for line in lines] == [0, 1, 2]
    assert "report" in lines[0] and "report" in lines[2]
    assert lines[1]["error"]["message"].startswith("row 1: line 2 is not valid JSON")


def test_batch_upload_errors_never_show_server_paths(client):
    for filename, data, want in [
        ("x.jsonl", b"{broken\n", "cannot read x.jsonl as jsonl: line 1"),
        (
            "u.csv",
            b'id,text\na,"First row.\nb,Second.\nc,Third.\nd,Fourth.\n',
            "cannot read u.csv as csv: the quote opened on line 2 is never closed",
        ),
    ]:
        resp = client.post("/v1/batch", files={"file": (filename, data)})
        assert resp.status_code == 400, resp.text
        message = resp.json()["message"]
        assert message.startswith(want), message
        assert "newscheck-batch-" not in message and "upload." not in message


def test_a_real_replacement_character_is_not_served_the_surrogate_report(client):
    """U+FFFD typed by the client and a lone surrogate replaced by it give the
    same text; only the second carries the warning, and neither is served the
    other's report from the cache or the store."""
    first = _post_json(client, "/v1/analyze", _body(text=SAID))
    assert first.status_code == 200
    assert Report.model_validate_json(first.text).article.meta["warnings"]
    clean = _post_json(
        client, "/v1/analyze", _body(text=SAID.replace("\\ud800", "\\ufffd"))
    )
    assert clean.status_code == 200 and clean.headers.get("x-cache") != "hit"
    report = Report.model_validate_json(clean.text)
    assert report.article.body.startswith("The mayor \ufffd said")
    assert not report.article.meta.get("warnings")
    assert report.content_hash != Report.model_validate_json(first.text).content_hash
