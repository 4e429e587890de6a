"""The Dask engine: same rows as the local engine, partition-level resume,
bounded memory."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from newscheck.batch import run_batch
from newscheck.errors import ConfigError, InputError
from newscheck.scale import expand_inputs, run_dask_batch

TEXTS = [
    "The council approved the $48 million budget on Tuesday, officials said.",
    "SHOCKING!!! The corrupt elite don't want you to know the truth!",
    "Nearly 7 percent of bridges were rated poor, up from 5 percent in 2019.",
    "",
]


def _write_parts(folder, n_rows, n_parts):
    folder.mkdir()
    per = n_rows // n_parts
    for p in range(n_parts):
        rows = [
            {
                "id": f"a{i}",
                "title": f"Title {i}",
                "text": (TEXTS[i % 4] + f" ({i})") if TEXTS[i % 4] else "",
            }
            for i in range(p * per, (p + 1) * per)
        ]
        (folder / f"part-{p}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows)
        )
    return folder


@pytest.mark.slow
def test_dask_matches_local_engine_and_resumes(tmp_path):
    src = _write_parts(tmp_path / "in", 2000, 4)
    joined = tmp_path / "all.jsonl"
    joined.write_text("".join(p.read_text() for p in expand_inputs(src)))
    local = tmp_path / "local.parquet"
    run_batch(joined, local, chunk_size=300)

    out = tmp_path / "out"
    result = run_dask_batch(src, out, workers=2, blocksize="16KiB", memory_limit="1GiB")
    assert result.rows == 2000 and result.errors == 500
    parts = sorted(out.glob("part-*.parquet"))
    assert len(parts) > 4  # JSONL parts were split by blocksize
    got = pd.read_parquet(out).sort_values("row").reset_index(drop=True)
    want = pd.read_parquet(local)
    assert list(got["row"]) == list(range(2000))  # nothing lost or duplicated
    pd.testing.assert_frame_equal(got.drop(columns=["partition"]), want)

    # Simulate a killed job: two parts missing, one torn temporary file.
    parts[1].unlink()
    parts[3].unlink()
    (out / ".part-00003.parquet.999.tmp").write_bytes(b"torn")
    with pytest.raises(ConfigError, match="--resume"):
        run_dask_batch(src, out, workers=1, blocksize="16KiB")
    again = run_dask_batch(src, out, workers=1, blocksize="16KiB", resume=True)
    assert again.rows == 2000 and 0 < again.resumed_rows < 2000
    assert not list(out.glob(".*.tmp"))
    got2 = pd.read_parquet(out).sort_values("row").reset_index(drop=True)
    pd.testing.assert_frame_equal(got2, got)


def test_dask_unknown_analyzer_writes_nothing(tmp_path):
    src = _write_parts(tmp_path / "in", 8, 2)
    out = tmp_path / "out"
    with pytest.raises(ConfigError, match="unknown analyzer 'nope'"):
        run_dask_batch(src, out, analyzers=("nope",), workers=1)
    assert not out.exists()


def test_expand_inputs(tmp_path):
    with pytest.raises(InputError):
        expand_inputs(tmp_path / "missing")
    (tmp_path / "a.csv").write_text("text\nx\n")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n')
    with pytest.raises(InputError, match="mixes formats"):
        expand_inputs(tmp_path)
    assert expand_inputs(str(tmp_path / "*.csv")) == [tmp_path / "a.csv"]


@pytest.mark.slow
def test_dask_memory_stays_bounded_on_input_larger_than_worker_memory(tmp_path):
    """~2 GB of JSONL through one worker capped at 600 MiB (Dask restarts a worker
    that passes 95% of its limit, and fails the task after 3 restarts): the job
    must finish with every row, so no worker ever held more than its share."""
    src = tmp_path / "big.jsonl"
    body = "officials said the plan would cost more than expected " * 18_200
    n = 2000
    with src.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": str(i), "text": body}) + "\n")
    limit = 600 * 2**20
    assert src.stat().st_size > 3 * limit
    out = tmp_path / "out"
    result = run_dask_batch(
        src, out, analyzers=(), workers=1, memory_limit="600MiB", blocksize="8MiB"
    )
    assert result.rows == n and result.errors == 0
    rows = pd.read_parquet(out, columns=["row"])["row"].sort_values()
    assert list(rows) == list(range(n))
    os.remove(src)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_dask_keeps_bad_lines_as_error_rows_like_the_local_engine(tmp_path, fmt):
    src = tmp_path / f"in.{fmt}"
    if fmt == "jsonl":
        lines = [
            json.dumps({"id": f"a{i}", "text": f"Row {i} said."}) for i in range(40)
        ]
        lines[5] = "{broken"
        lines[23] = "[1, 2]"
        src.write_text("\n".join(lines) + "\n")
        bad = {5: "line 6 is not valid JSON", 23: "line 24 is a JSON list"}
    else:
        lines = ["id,text"] + [f"a{i},Row {i} said." for i in range(40)]
        lines[6] = "a5,too,many"
        src.write_text("\n".join(lines) + "\n")
        bad = {5: "line 7 has 3 fields, the header has 2"}
    local = tmp_path / "local.parquet"
    run_batch(src, local, analyzers=())
    out = tmp_path / "out"
    result = run_dask_batch(src, out, analyzers=(), workers=1, blocksize="200B")
    assert result.rows == 40 and result.errors == len(bad)
    if fmt == "jsonl":
        assert len(list(out.glob("part-*.parquet"))) > 1
    got = pd.read_parquet(out).sort_values("row").reset_index(drop=True)
    assert list(got["row"]) == list(range(40))
    for row, why in bad.items():
        assert got["error"][row].startswith(f"row {row}: {why}")
    assert got["error"].isna().sum() == 40 - len(bad)
    want = pd.read_parquet(local)
    pd.testing.assert_frame_equal(got.drop(columns=["partition"]), want)


def test_dask_refuses_an_output_another_run_is_writing(tmp_path):
    """Two runs on one output would interleave parts and manifests: the second
    is refused before it starts a cluster or touches the directory, and the
    output is free again once the first is done."""
    from newscheck.engine import output_lock

    src = _write_parts(tmp_path / "in", 8, 1)
    out = tmp_path / "out"
    with output_lock(out):
        for resume in (False, True):
            with pytest.raises(ConfigError, match="another newscheck batch run"):
                run_dask_batch(src, out, workers=1, resume=resume)
        assert not out.exists()
    assert not (tmp_path / "out.lock").exists()
