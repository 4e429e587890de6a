"""`newscheck evaluate reliability` on a small hand-written table."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newscheck.cli import main

ROWS = [
    {
        "text": "Officials said on Tuesday that the city council approved the budget "
        "by a vote of 7 to 2, according to a statement. " * 8,
        "label": "real",
    },
    {
        "text": "SHOCKING!!! You will NOT believe what they are hiding from you! "
        "Share this before it is deleted! The truth is EXPOSED! " * 8,
        "label": "fake",
    },
    {"text": "Says the governor cut school funding by 40 percent.", "label": "fake"},
]


def test_evaluate_reliability_jsonl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    args = ["evaluate", "reliability", str(data), "--positive", "fake"]
    res = CliRunner().invoke(main, [*args, "--json", "--plot", str(tmp_path / "p")])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["n"] == 3 and rep["positives"] == 2
    assert rep["models"] == {"article": 2, "statement": 1}
    assert sum(map(sum, rep["confusion"])) == 3
    assert (tmp_path / "p" / "roc.png").stat().st_size > 0
    assert (tmp_path / "p" / "reliability_diagram.png").stat().st_size > 0
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0 and "macro_f1" in text.output


def test_evaluate_reliability_missing_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d.csv"
    data.write_text("body,label\nhello there,fake\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "reliability", str(data)])
    assert res.exit_code == 2
    assert "no column 'text'" in res.output
