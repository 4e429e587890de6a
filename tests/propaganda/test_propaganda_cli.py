"""``newscheck propaganda`` and ``newscheck evaluate propaganda``."""

from __future__ import annotations

from click.testing import CliRunner

from newscheck.cli import main
from newscheck.propaganda.ptc import read_labels
from newscheck.propaganda.techniques import TECHNIQUES

ART1 = "Traitors Destroy Our Nation!\n\nThe corrupt elite will smash and destroy us.\n"
ART2 = "Council meets\n\nThe council approved the budget on Tuesday.\n"


def _articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "article1.txt").write_text(ART1, encoding="utf-8")
    (d / "article2.txt").write_text(ART2, encoding="utf-8")
    return d


def test_propaganda_writes_ptc_layout(tmp_path):
    d = _articles(tmp_path)
    out = tmp_path / "pred.txt"
    r = CliRunner().invoke(main, ["propaganda", str(d), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = read_labels(out)
    for row in rows:
        assert row.article_id in {"1", "2"}
        assert row.technique in TECHNIQUES
        text = ART1 if row.article_id == "1" else ART2
        assert 0 <= row.start < row.end <= len(text)
    for line in out.read_text().splitlines():
        assert len(line.split("\t")) == 4


def test_propaganda_labels_template_spans_in_order(tmp_path):
    d = _articles(tmp_path)
    tpl = tmp_path / "template.out"
    s = ART1.index("corrupt")
    tpl.write_text(f"1\t0\t{s}\t{s + 7}\n1\t0\t0\t8\n1\t0\t{s}\t{s + 7}\n")
    out = tmp_path / "tc.txt"
    r = CliRunner().invoke(
        main, ["propaganda", str(d), "--spans", str(tpl), "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    rows = read_labels(out)
    assert [(x.start, x.end) for x in rows] == [(s, s + 7), (0, 8), (s, s + 7)]
    assert rows[0].technique != rows[2].technique  # a duplicate gets another label
    assert all(x.technique in TECHNIQUES for x in rows)


def test_evaluate_scores_a_prediction_file(tmp_path):
    d = _articles(tmp_path)
    gold = tmp_path / "gold.labels"
    gold.write_text("1\tLoaded_Language\t0\t8\n1\tDoubt\t30\t40\n")
    pred = tmp_path / "pred.txt"
    # SI: one exact span, one half of [30,40) -> P = (1 + 1)/2 = 1,
    # R = (1 + 5/10)/2 = 0.75.
    pred.write_text("1\tLoaded_Language\t0\t8\n1\tDoubt\t30\t35\n")
    r = CliRunner().invoke(
        main,
        [
            "evaluate",
            "propaganda",
            "--articles",
            str(d),
            "--labels",
            str(gold),
            "--predictions",
            str(pred),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "| SI | 1.0000 | 0.7500 | 0.8571 |" in r.output
    pred.write_text("1\tLoaded_Language\t0\t8\n1\tSlogans\t30\t40\n")
    r = CliRunner().invoke(
        main,
        [
            "evaluate",
            "propaganda",
            "--articles",
            str(d),
            "--labels",
            str(gold),
            "--predictions",
            str(pred),
            "--task",
            "tc",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "F1 0.5000" in r.output
    assert "| Loaded_Language | 1.0000 | 1.0000 | 1.0000 | 1 |" in r.output


def test_evaluate_runs_the_model(tmp_path):
    d = _articles(tmp_path)
    gold = tmp_path / "gold.labels"
    gold.write_text("1\tLoaded_Language\t0\t8\n")
    for task in ("si", "tc"):
        r = CliRunner().invoke(
            main,
            [
                "evaluate",
                "propaganda",
                "--articles",
                str(d),
                "--labels",
                str(gold),
                "--task",
                task,
            ],
        )
        assert r.exit_code == 0, r.output
