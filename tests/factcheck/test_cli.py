"""``newscheck factcheck import / search / rank`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscheck.cli import main


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_import_then_search(tmp_path: Path, fixtures: Path):
    runner = CliRunner()
    db = _db(tmp_path)
    res = runner.invoke(
        main, ["factcheck", "import", str(fixtures / "claims.jsonl"), "--db", db]
    )
    assert res.exit_code == 0, res.output
    assert "10 new" in res.output
    again = runner.invoke(
        main, ["factcheck", "import", str(fixtures / "claims.jsonl"), "--db", db]
    )
    assert "0 new" in again.output and "10 unchanged" in again.output
    res = runner.invoke(
        main,
        [
            "factcheck",
            "search",
            "NASA faked the moon landing",
            "--db",
            db,
            "--no-default",
            "--threshold",
            "0",
            "-k",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    first = res.output.splitlines()[0]
    assert "NASA faked the 1969 moon landing" in first
    assert "Pants on Fire! → pants-on-fire" in res.output
    assert "https://checks.example/moon" in res.output
    res = runner.invoke(
        main,
        [
            "factcheck",
            "search",
            "NASA faked the moon landing",
            "--db",
            db,
            "--no-default",
            "--threshold",
            "0",
            "--format",
            "json",
        ],
    )
    data = json.loads(res.output)
    assert data[0]["source_id"] == "moon"
    assert data[0]["date"] == "2019-07-20"


def test_import_reports_bad_lines(tmp_path: Path, fixtures: Path):
    runner = CliRunner()
    res = runner.invoke(
        main,
        ["factcheck", "import", str(fixtures / "claims.csv"), "--db", _db(tmp_path)],
    )
    assert res.exit_code == 0
    assert "claims.csv:3: claim is empty" in res.output
    assert "claims.csv:4:" in res.output
    assert "2 new" in res.output and "2 rejected" in res.output


def test_import_strict_imports_nothing(tmp_path: Path, fixtures: Path):
    runner = CliRunner()
    db = _db(tmp_path)
    res = runner.invoke(
        main,
        ["factcheck", "import", str(fixtures / "claims.csv"), "--db", db, "--strict"],
    )
    assert res.exit_code == 2
    assert "nothing imported" in res.output


def test_search_without_match_says_so(tmp_path: Path, fixtures: Path):
    runner = CliRunner()
    db = _db(tmp_path)
    runner.invoke(
        main, ["factcheck", "import", str(fixtures / "claims.jsonl"), "--db", db]
    )
    res = runner.invoke(
        main,
        ["factcheck", "search", "Brahms rehearsal tonight", "--db", db, "--no-default"],
    )
    assert res.exit_code == 0
    assert "no fact-check matches" in res.output


def test_rank_writes_trec_run(tmp_path: Path, fixtures: Path):
    runner = CliRunner()
    db = _db(tmp_path)
    runner.invoke(
        main, ["factcheck", "import", str(fixtures / "claims.jsonl"), "--db", db]
    )
    queries = tmp_path / "q.tsv"
    queries.write_text(
        "id\ttext\nq1\tMinecraft is shutting down in 2020\nq2\tvaccines cause autism\n"
    )
    run = tmp_path / "run.txt"
    res = runner.invoke(
        main,
        ["factcheck", "rank", str(queries), "-o", str(run), "--db", db, "--no-default"],
    )
    assert res.exit_code == 0, res.output
    lines = [line.split() for line in run.read_text().splitlines()]
    assert lines[0][:4] == ["q1", "Q0", "minecraft", "1"]
    assert all(len(parts) == 6 and parts[5] == "newscheck" for parts in lines)
    q2 = [p for p in lines if p[0] == "q2"]
    assert q2[0][2] == "vaccine"
    assert [int(p[3]) for p in q2] == list(range(1, len(q2) + 1))
    scores = [float(p[4]) for p in q2]
    assert scores == sorted(scores, reverse=True)
