"""Every command answers bad input with one line on stderr and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscheck.cli import main

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def _files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "binary.dat": PNG,
        "random.tsv": bytes(range(256)) * 8,
        "nocol.csv": b"id,foo\n1,hi\n",
        # no line is JSON (a bad line among good ones is an error row of
        # its own: tests/test_batch.py)
        "broken.jsonl": b'{broken\n["not", "an object"]\n',
        "blank.tsv": b"\n\n",
        # a quote never closed would swallow every later row into one field
        "unclosed.csv": b'id,text\na,"First row.\nb,Second.\nc,Third.\nd,Fourth.\n',
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name.split(".")[0]] = tmp / name
    return out


CASES = {
    "analyze-empty": ["analyze", "{empty}"],
    "analyze-binary": ["analyze", "{binary}"],
    "analyze-missing": ["analyze", "{tmp}/nope.txt"],
    "analyze-no-arg": ["analyze"],
    "analyze-bad-format": ["analyze", "{nocol}", "--format", "pdf"],
    "batch-no-text-col": ["batch", "{nocol}", "-o", "{tmp}/o.jsonl"],
    "batch-broken-jsonl": ["batch", "{broken}", "-o", "{tmp}/o.jsonl"],
    "batch-binary": ["batch", "{binary}", "-o", "{tmp}/o.jsonl"],
    "batch-unclosed-quote": ["batch", "{unclosed}", "-o", "{tmp}/o.jsonl"],
    "batch-bad-output": ["batch", "{nocol}", "-o", "{tmp}/o.xlsx"],
    "evaluate-no-col": [
        "evaluate",
        "reliability",
        "{nocol}",
        "--text-col",
        "text",
        "--label-col",
        "label",
        "--positive",
        "1",
    ],
    "evaluate-propaganda-missing": [
        "evaluate",
        "propaganda",
        "--articles",
        "{tmp}/none",
        "--labels",
        "{tmp}/none.txt",
    ],
    "propaganda-missing": ["propaganda", "{tmp}/none", "-o", "{tmp}/p.txt"],
    "factcheck-import-binary": ["factcheck", "import", "{binary}"],
    "factcheck-rank-binary": ["factcheck", "rank", "{random}", "-o", "{tmp}/r"],
    "factcheck-rank-empty": ["factcheck", "rank", "{blank}", "-o", "{tmp}/r"],
    "factcheck-search-empty": ["factcheck", "search", "  "],
    "source-empty": ["source", ""],
    "serve-bad-port": ["serve", "--port", "99999"],
    "unknown-command": ["bogus"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_line_exit_2(tmp_path, case):
    files = _files(tmp_path)
    fmt = {**{k: str(v) for k, v in files.items()}, "tmp": str(tmp_path)}
    args = [a.format_map(fmt) for a in CASES[case]]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2, (res.output, res.exception)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("newscheck: error: ")
    assert "Traceback" not in res.output


def test_no_arguments_prints_help():
    res = CliRunner().invoke(main, [], prog_name="newscheck")
    assert res.exit_code == 0
    assert "Usage: newscheck" in res.stdout
    assert "analyze" in res.stdout


def test_batch_unclosed_quote_names_its_line_and_writes_nothing(tmp_path):
    files = _files(tmp_path)
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(main, ["batch", str(files["unclosed"]), "-o", str(out)])
    assert res.exit_code == 2
    assert "the quote opened on line 2 is never closed" in res.stderr
    assert "1 rows" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("o.")) == []


def test_batch_failing_after_its_bar_started_prints_only_the_error(tmp_path):
    """Run as a process with stderr to a file: erasing the progress bar must
    not leave a blank line before the one-line error."""
    import subprocess
    import sys

    files = _files(tmp_path)
    res = subprocess.run(
        [
            *(sys.executable, "-m", "newscheck", "batch", str(files["unclosed"])),
            *("-o", str(tmp_path / "o.jsonl"), "--analyzers", "style"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert res.stderr.splitlines() == [res.stderr.strip()]
    assert res.stderr.startswith("newscheck: error: ")
