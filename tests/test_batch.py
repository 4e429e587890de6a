"""Batch: contract, order, bad rows, workers, interruption and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from newscheck import batch as batch_mod
from newscheck.batch import OUTPUT_COLUMNS, run_batch
from newscheck.errors import ColumnError, ConfigError
from newscheck.ingest.corpus import Columns

BODIES = [
    "The council approved the budget on Tuesday, officials said.",
    "SHOCKING!!! They don't want you to know the truth about this scandal!",
    "",  # a bad row: empty text
    "Rain is expected across the region this weekend, forecasters said.",
]


def _corpus(path: Path, n: int) -> Path:
    rows = [
        {
            "id": f"r{i}",
            "title": f"Title {i}",
            "text": BODIES[i % len(BODIES)] + f" Row {i}."
            if BODIES[i % len(BODIES)]
            else "",
        }
        for i in range(n)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_contract_order_and_errors(tmp_path):
    src = _corpus(tmp_path / "in.jsonl", 9)
    out = tmp_path / "out.jsonl"
    result = run_batch(src, out, chunk_size=4)
    rows = _read(out)
    assert result.rows == 9 and len(rows) == 9
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(9)]
    assert [r["row"] for r in rows] == list(range(9))
    assert set(rows[0]) == set(OUTPUT_COLUMNS)
    bad = [r for r in rows if r["error"]]
    assert [r["row"] for r in bad] == [2, 6]
    assert "empty" in bad[0]["error"]
    assert result.errors == 2
    good = rows[0]
    if good["reliability.score"] is not None:
        assert 0 <= good["reliability.score"] <= 1
        assert good["reliability.label"] in ("reliable", "uncertain", "unreliable")
    for r in rows:
        for f in r["findings"]:
            assert {"field", "start", "end", "text", "kind", "label"} <= set(f)
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_batch_blank_lines_do_not_skip_row_numbers(tmp_path):
    # a blank line right at a chunk boundary, and one at the end
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": f"Body number {i} of the corpus."}) for i in range(5)]
    src.write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n\n")
    out = tmp_path / "out.jsonl"
    result = run_batch(src, out, chunk_size=2, analyzers=("reliability",))
    rows = _read(out)
    assert result.rows == 5
    assert [r["row"] for r in rows] == list(range(5))
    assert [r["id"] for r in rows] == [str(i) for i in range(5)]


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_batch_other_output_formats(tmp_path, ext):
    src = _corpus(tmp_path / "in.jsonl", 5)
    out = tmp_path / f"out.{ext}"
    run_batch(src, out, chunk_size=2)
    frame = pd.read_csv(out) if ext == "csv" else pd.read_parquet(out)
    assert list(frame.columns) == list(OUTPUT_COLUMNS)
    assert list(frame["id"].astype(str)) == [f"r{i}" for i in range(5)]


def test_batch_id_defaults_to_row_number(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"body": ["One text here.", "Two text here."]}).to_csv(
        src, index=False
    )
    out = tmp_path / "out.jsonl"
    run_batch(src, out)
    assert [r["id"] for r in _read(out)] == ["0", "1"]


def test_batch_missing_text_column(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"x": ["a"]}).to_csv(src, index=False)
    with pytest.raises(ColumnError):
        run_batch(src, tmp_path / "o.jsonl")
    with pytest.raises(ColumnError):
        run_batch(src, tmp_path / "o.jsonl", columns=Columns(text="body"))


def test_batch_unknown_analyzer_writes_nothing(tmp_path):
    """A misspelt analyzer name fails before the job starts: no leftovers that
    would block the corrected run."""
    src, out = _corpus(tmp_path / "in.jsonl", 3), tmp_path / "o.jsonl"
    with pytest.raises(ConfigError, match="unknown analyzer 'reliabilty'"):
        run_batch(src, out, analyzers=("reliabilty",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    assert run_batch(src, out, analyzers=("reliability",)).rows == 3


def test_batch_interrupted_then_resumed_matches_uninterrupted(tmp_path, monkeypatch):
    src = _corpus(tmp_path / "in.jsonl", 23)
    full = tmp_path / "full.jsonl"
    run_batch(src, full, chunk_size=5)

    out = tmp_path / "out.jsonl"
    real_write = batch_mod._write_chunk
    calls = {"n": 0}

    def dying_write(work, k, rows):
        if calls["n"] == 2:
            # Die half-way through writing: leave a torn temporary file behind.
            (work / f"chunk-{k:08d}.jsonl.tmp").write_text('{"torn": ')
            raise KeyboardInterrupt
        calls["n"] += 1
        real_write(work, k, rows)

    monkeypatch.setattr(batch_mod, "_write_chunk", dying_write)
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, chunk_size=5)
    assert not out.exists()
    with pytest.raises(ConfigError, match="--resume"):
        run_batch(src, out, chunk_size=5)
    monkeypatch.setattr(batch_mod, "_write_chunk", real_write)
    result = run_batch(src, out, chunk_size=5, resume=True)
    assert result.resumed_rows == 10
    assert out.read_text() == full.read_text()


def test_resume_refuses_other_input(tmp_path, monkeypatch):
    src = _corpus(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(batch_mod, "_write_chunk", _raise)
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, chunk_size=2)
    monkeypatch.undo()
    with pytest.raises(ConfigError, match="different input"):
        run_batch(src, out, chunk_size=3, resume=True)


def _raise(*_a, **_k):
    raise KeyboardInterrupt


@pytest.mark.slow
def test_batch_two_workers_same_as_one(tmp_path):
    src = _corpus(tmp_path / "in.jsonl", 40)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(src, one, chunk_size=7)
    run_batch(src, two, chunk_size=7, workers=2)
    assert one.read_text() == two.read_text()


@pytest.mark.slow
def test_batch_killed_process_resumes_without_loss(tmp_path):
    src = _corpus(tmp_path / "in.jsonl", 3000)
    full = tmp_path / "full.jsonl"
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "newscheck",
        "batch",
        str(src),
        "--quiet",
        "--chunk-size",
        "50",
    ]
    subprocess.run([*cmd, "-o", str(full)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [*cmd, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    partial = Path(f"{out}.partial")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if partial.exists() and len(list(partial.glob("chunk-*.jsonl"))) >= 3:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    res = subprocess.run(
        [*cmd, "-o", str(out), "--resume"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
    assert "resumed after" in res.stderr
    assert out.read_text() == full.read_text()


def test_batch_named_title_column_missing_only_warns(tmp_path, caplog):
    # posts without a title key at all, scored with --title-col title
    src = tmp_path / "posts.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"p{i}", "text": f"Post number {i} here."}) + "\n"
            for i in range(3)
        )
    )
    out = tmp_path / "out.jsonl"
    cols = Columns(text="text", title="title", id="id")
    result = run_batch(src, out, columns=cols, analyzers=("reliability",))
    assert result.rows == 3 and result.errors == 0
    assert [r["id"] for r in _read(out)] == ["p0", "p1", "p2"]
    assert "no title column 'title'" in caplog.text
    csv = tmp_path / "posts.csv"
    pd.DataFrame({"text": ["A post here."]}).to_csv(csv, index=False)
    run_batch(csv, tmp_path / "o.jsonl", columns=cols, analyzers=("reliability",))
    assert _read(tmp_path / "o.jsonl")[0]["id"] == "0"


def test_batch_bad_json_line_is_an_error_row_and_nothing_else_is_lost(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": "a", "text": "First body of the corpus."}\n'
        b'{"id": "b", "text": oops}\n'
        b'{"id": "c", "text": "Third body, caf\xe9 in cp1252."}\n'
    )
    out = tmp_path / "out.jsonl"
    result = run_batch(src, out, chunk_size=2, analyzers=("reliability",))
    rows = _read(out)
    assert (result.rows, result.errors) == (3, 1)
    assert [r["row"] for r in rows] == [0, 1, 2]
    assert [r["id"] for r in rows] == ["a", "1", "c"]
    assert rows[1]["error"].startswith("row 1: line 2 is not valid JSON")
    assert rows[0]["error"] is None and rows[2]["error"] is None
    assert rows[2]["reliability.score"] is not None


def test_row_pipeline_gives_the_rows_of_the_full_pipeline() -> None:
    """Batch rows are scored without the reliability term lists (rows do not
    carry them): the rows equal those of the full pipeline."""
    from newscheck.batch import analyze_rows, row_pipeline
    from newscheck.ingest.corpus import Columns
    from newscheck.pipeline import Pipeline
    from newscheck.settings import Settings

    settings = Settings()
    rows = [
        {"id": "a", "title": "Shock claim!", "text": "They lied to you. " * 30},
        {
            "id": "b",
            "text": "The council approved the budget on Tuesday, officials said.",
        },
        {"id": "c", "text": ""},
    ]
    cols = Columns(text="text", title="title", id="id", url=None)
    fast = row_pipeline(None, settings)
    assert [a.name for a in fast.analyzers_] == list(settings.analyzers)
    assert next(a for a in fast.analyzers_ if a.name == "reliability").top_terms == 0
    got = analyze_rows(fast, rows, cols, base=0, max_bytes=10_000)
    want = analyze_rows(
        Pipeline(settings=settings), rows, cols, base=0, max_bytes=10_000
    )
    assert got == want
    assert got[0]["reliability.score"] is not None and got[2]["error"]


def test_batch_rows_carry_best_claim_score_below_the_threshold(tmp_path):
    # a row with no check-worthy sentence still gets its best sentence's score,
    # so rankings over rows have no ties at "no finding"
    src = tmp_path / "in.jsonl"
    texts = [
        "Thank you all. It is good to be here.",
        "Unemployment fell to 3.5% in 2019.",
    ]
    src.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)
        )
    )
    out = tmp_path / "out.jsonl"
    run_batch(src, out, analyzers=("reliability", "claims"))
    rows = _read(out)
    scores = [r["claims.max_score"] for r in rows]
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    claims = [[f for f in r["findings"] if f["kind"] == "claim"] for r in rows]
    assert not claims[0] and claims[1]  # the first row has no finding, yet a score
    assert scores[0] < scores[1]
    assert all(isinstance(r["reliability.out_of_domain"], bool) for r in rows)


def test_batch_csv_quote_never_closed_fails_and_leaves_nothing(tmp_path):
    from newscheck.errors import InputError

    src = tmp_path / "u.csv"
    src.write_text('id,text\na,"First row.\nb,Second.\nc,Third.\nd,Fourth.\n')
    out = tmp_path / "o.jsonl"
    with pytest.raises(InputError, match="quote opened on line 2 is never closed"):
        run_batch(src, out, chunk_size=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u.csv"]


def test_batch_surrogates_in_rows_are_replaced(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": "a\\udc00", "text": "The mayor \\ud800 said so."}\n')
    out = tmp_path / "o.jsonl"
    result = run_batch(src, out)
    (row,) = _read(out)
    assert (result.rows, result.errors) == (1, 0)
    assert row["id"] == "a\ufffd" and row["error"] is None


def test_concurrent_run_to_one_output_is_refused_while_the_first_writes(tmp_path):
    """Two runs (threads) to one output: the second is told another run holds it,
    with --resume too, and the first finishes with every row."""
    import threading

    from click.testing import CliRunner

    from newscheck.cli import main

    src = _corpus(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out.jsonl"
    writing, release = threading.Event(), threading.Event()
    got: list[object] = []

    def progress(done: int, total: int | None) -> None:
        writing.set()
        assert release.wait(60)

    def first() -> None:
        try:
            got.append(run_batch(src, out, chunk_size=2, on_progress=progress))
        except BaseException as exc:  # pragma: no cover - shown by the assert
            got.append(exc)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert writing.wait(120)
        for extra in ([], ["--resume"]):
            res = CliRunner().invoke(
                main, ["batch", str(src), "-o", str(out), "--quiet", *extra]
            )
            assert res.exit_code == 2, res.output
            lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
            assert len(lines) == 1 and "Traceback" not in res.output
            assert "another newscheck batch run is writing" in lines[0]
        with pytest.raises(ConfigError, match="another newscheck batch run"):
            run_batch(src, out, resume=True)
    finally:
        release.set()
        thread.join(120)
    (result,) = got
    assert isinstance(result, batch_mod.BatchResult), result
    assert [r["row"] for r in _read(out)] == list(range(6))
    assert not Path(f"{out}.lock").exists() and not Path(f"{out}.partial").exists()
    run_batch(src, tmp_path / "again.jsonl")  # the lock is free again
    assert run_batch(src, out).rows == 6  # the same output too
