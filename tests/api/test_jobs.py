from __future__ import annotations

import json
import time

from newscheck.report import Report

ROWS = [
    {"id": "a", "title": "One", "text": "Everyone knows it. Costs rose 300%."},
    {"id": "b", "title": "Two", "text": "According to officials, 12 roads shut."},
    {"id": "c", "title": "Empty", "text": ""},
    {"id": "d", "title": "One", "text": "Everyone knows it. Costs rose 300%."},
]


def _wait(client, job_id: str) -> dict:  # type: ignore[no-untyped-def]
    for _ in range(400):
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.025)
    raise AssertionError("job did not finish")


def test_batch_jsonl_upload_runs_in_background_and_downloads(client) -> None:
    data = "".join(json.dumps(r) + "\n" for r in ROWS).encode()
    resp = client.post("/v1/batch", files={"file": ("corpus.jsonl", data)})
    assert resp.status_code == 202, resp.text
    job = resp.json()
    assert job["total"] == 4
    status = _wait(client, job["id"])
    assert (status["status"], status["done"], status["failed"]) == ("done", 3, 1)
    result = client.get(job["result_url"])
    assert result.status_code == 200
    assert result.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in result.text.splitlines()]
    assert [line["row"] for line in lines] == [0, 1, 2, 3]
    assert [line["id"] for line in lines] == ["a", "b", "c", "d"]
    assert lines[2]["error"]["error"] == "EmptyInputError"
    report = Report.model_validate(lines[0]["report"])
    assert report.article.title == "One"
    # the same article within one batch is analysed once, then read back
    assert (lines[0]["cached"], lines[3]["cached"]) == (False, True)
    assert lines[0]["report_id"] == lines[3]["report_id"]
    stored = client.get(f"/v1/reports/{lines[1]['report_id']}")
    assert stored.status_code == 200


def test_batch_csv_upload(client) -> None:
    csv = 'id,headline,body\n1,A,"Prices rose 5%, said the bank."\n2,B,Calm day.\n'
    resp = client.post("/v1/batch", files={"file": ("x.csv", csv.encode())})
    assert resp.status_code == 202, resp.text
    status = _wait(client, resp.json()["id"])
    assert (status["status"], status["done"]) == ("done", 2)


def test_batch_rejects_bad_uploads(make_client) -> None:
    client = make_client(batch_max_rows=2)
    bad = [
        (("x.parquet", b"PAR1"), 400, "UnsupportedFormatError"),
        (("x.csv", b"foo,bar\n1,2\n"), 400, "ColumnError"),
        (("x.jsonl", b""), 400, "EmptyInputError"),
        (("x.jsonl", b"{broken\n"), 400, "InputError"),
        (("x.jsonl", b'{"text":"a"}\n' * 3), 413, "InputTooLargeError"),
    ]
    for file, status, error in bad:
        resp = client.post("/v1/batch", files={"file": file})
        assert resp.status_code == status, (file, resp.text)
        assert resp.json()["error"] == error
    assert client.post("/v1/batch").status_code == 422


def test_job_result_before_done_and_unknown_job(client) -> None:
    assert client.get("/v1/jobs/" + "a" * 32).status_code == 404
    assert client.get("/v1/jobs/" + "a" * 32 + "/result").status_code == 404
    assert client.get("/v1/jobs/../etc").status_code == 404


def test_interrupted_jobs_are_marked_failed_on_restart(make_client) -> None:
    client = make_client()
    app = client.app
    job_id = app.state.service.jobs.create(3)  # queued, never run
    fresh = make_client()
    status = fresh.get(f"/v1/jobs/{job_id}").json()
    assert status["status"] == "failed" and "restart" in status["error"]
    resp = fresh.get(f"/v1/jobs/{job_id}/result")
    assert resp.status_code == 409 and "restart" in resp.json()["message"]
