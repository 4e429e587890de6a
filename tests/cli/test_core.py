"""The CLI: analyze, batch and schema, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscheck.cli import main

EXAMPLE = (
    "Bridge plan approved\n\nThe council approved the $48 million plan on Tuesday."
)


@pytest.fixture
def runner():
    return CliRunner()


def test_help_lists_commands(runner):
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0
    for cmd in ("analyze", "batch", "schema", "train", "evaluate"):
        assert cmd in res.output


def test_analyze_json_offsets(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(EXAMPLE)
    res = runner.invoke(main, ["analyze", str(p), "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    art = report["article"]
    assert art["title"] == "Bridge plan approved"
    for f in report["findings"]:
        assert art[f["field"]][f["start"] : f["end"]] == f["text"]


def test_analyze_example_article(runner, shared):
    path = shared / "examples" / "iraq-troops-2014.txt"
    res = runner.invoke(main, ["analyze", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    art = report["article"]
    assert art["title"] == "The US Army Returing To The Scene Of The 2003 Crime!"
    assert not art["body"].startswith("0")
    assert "1775" not in art["body"]
    assert report["findings"], "expected findings on the example"
    for f in report["findings"]:
        assert art[f["field"]][f["start"] : f["end"]] == f["text"]


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_analyze_other_formats(runner, tmp_path, fmt):
    p = tmp_path / "a.txt"
    p.write_text(EXAMPLE)
    res = runner.invoke(main, ["analyze", str(p), "--format", fmt])
    assert res.exit_code == 0, res.output
    assert "48" in res.stdout


def test_analyze_stdin(runner):
    res = runner.invoke(main, ["analyze", "-", "-f", "json"], input=EXAMPLE)
    assert res.exit_code == 0
    assert json.loads(res.stdout)["article"]["title"] == "Bridge plan approved"


def test_schema(runner):
    res = runner.invoke(main, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert "findings" in schema["properties"]


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    nocol = tmp_path / "c.csv"
    nocol.write_text("a,b\n1,2\n")
    return {
        "empty": ["analyze", str(empty)],
        "binary": ["analyze", str(binary)],
        "huge": ["analyze", str(big), "--max-bytes", "100"],
        "missing": ["analyze", str(tmp_path / "nope.txt")],
        "url": ["analyze", "http://127.0.0.1:9/x", "--allow-private"],
        "unsafe-url": ["analyze", "http://127.0.0.1:9/x"],
        "no-text-col": ["batch", str(nocol), "-o", str(tmp_path / "o.jsonl")],
        "bad-format": ["batch", str(nocol), "-o", str(tmp_path / "o.xlsx")],
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "binary",
        "huge",
        "missing",
        "url",
        "unsafe-url",
        "no-text-col",
        "bad-format",
    ],
)
def test_bad_input_exit_2_single_line(tmp_path, case):
    """Run as a real process: the user sees one line on stderr, no traceback."""
    args = _bad_inputs(tmp_path)[case]
    res = subprocess.run(
        [sys.executable, "-m", "newscheck", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("newscheck: error: ")
    assert "Traceback" not in res.stderr


def test_batch_cli(runner, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,text\nx1,"First text."\nx2,\n')
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert rows[1]["error"] and rows[0]["error"] is None


def test_analyze_as_a_process_flushes_everything_before_its_quick_exit(tmp_path):
    """`analyze` ends without interpreter teardown (cli.run): the whole report
    still reaches a pipe and a file, and the status is 0."""
    example = Path(__file__).resolve().parents[2] / "examples" / "wire-report.txt"
    cmd = [sys.executable, "-m", "newscheck", "analyze", str(example), "-f", "json"]
    piped = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    report = json.loads(piped.stdout)
    assert report["findings"] and piped.stdout.endswith("\n")
    out = tmp_path / "report.md"
    written = subprocess.run(
        [*cmd[:-2], "-o", str(out)], capture_output=True, text=True, timeout=120
    )
    assert written.returncode == 0, written.stderr
    assert written.stderr.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8").startswith("#")


def test_console_script_runs_blas_single_threaded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    from newscheck.cli import single_threaded_blas

    before = {i["filepath"]: i["num_threads"] for i in threadpool_info()}
    assert np.ones(2) @ np.ones(2) == 2.0  # BLAS is loaded
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    try:
        single_threaded_blas()
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        assert all(i["num_threads"] == 1 for i in blas)
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # inherited by workers
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # a user's choice is kept
        single_threaded_blas()
        assert os.environ["OPENBLAS_NUM_THREADS"] == "3"
    finally:
        threadpool_limits(limits=max(before.values(), default=None))


SURROGATE_BYTES = {
    # UTF-8 but for an encoded lone surrogate (was decoded as cp1252 mojibake)
    "utf-8": b"Bridge plan\n\nThe mayor \xed\xa0\x80 said it costs $48 million.\n",
    # UTF-16 with a lone surrogate (was refused as "not UTF-16")
    "utf-16": (
        "\ufeffBridge plan\n\nThe mayor \ud800 said it costs $48 million.\n"
    ).encode("utf-16-le", "surrogatepass"),
}


@pytest.mark.parametrize("encoding", sorted(SURROGATE_BYTES))
@pytest.mark.parametrize("stdin", [False, True])
def test_analyze_replaces_lone_surrogates_and_warns(runner, tmp_path, encoding, stdin):
    data = SURROGATE_BYTES[encoding]
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    args = ["analyze", "-" if stdin else str(p), "-f", "json"]
    res = runner.invoke(main, args, input=data if stdin else None)
    assert res.exit_code == 0, res.output
    warning = (
        "replaced 1 unpaired surrogate (not valid Unicode) in the body with U+FFFD"
    )
    assert f"newscheck: warning: {warning}" in res.stderr
    article = json.loads(res.stdout)["article"]
    assert article["body"] == "The mayor \ufffd said it costs $48 million."
    assert warning in article["meta"]["warnings"]


def test_batch_cli_replaces_lone_surrogates_and_warns(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x\\udc00", "text": "The mayor \\ud800 said so."}\n')
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    assert "line 1 holds unpaired surrogates" in res.stderr
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["id"] == "x\ufffd" and row["error"] is None


@pytest.mark.parametrize(
    ("case", "hint"),
    [
        ("huge", "--max-bytes"),
        ("unsafe-url", "--allow-private"),
        ("no-text-col", "--text-col"),
    ],
)
def test_bad_input_line_names_the_cli_remedy(tmp_path, case, hint):
    """The CLI adds the option that fixes the problem (the API does not)."""
    res = subprocess.run(
        [sys.executable, "-m", "newscheck", *_bad_inputs(tmp_path)[case]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert hint in res.stderr.strip().splitlines()[-1]
