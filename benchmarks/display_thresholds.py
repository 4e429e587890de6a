"""How precise are the propaganda spans a person is shown? Write display_thresholds.md.

Usage: ``.venv/bin/python benchmarks/display_thresholds.py``

The human views (terminal, Markdown, HTML, web page) list a propaganda span only
when its score reaches ``Settings.display_min_score["propaganda"]``; JSON and
batch output keep every span with its score. This script scores the shipped
model's spans on the 75 PTC dev articles (title line included, as the analyzer
does) and reports, per threshold, what a reader would see:

* *span precision*: shown spans that overlap a gold propaganda span (any
  technique), the question "is something there?";
* *technique precision*: shown spans that overlap a gold span of the same
  technique, the question "is the label right?";
* *recall*: gold spans overlapped by at least one shown span.

The threshold is chosen on dev (never on train, which the model was fitted on):
the lowest threshold whose span precision reaches :data:`TARGET`. So that the
quoted precision is not the one it was chosen on, dev is also split in two
halves by article id: the threshold chosen on one half is scored on the other.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from newscheck.propaganda.labels import Label
from newscheck.propaganda.model import DEFAULT_MODEL_DIR, PropagandaModel
from newscheck.settings import Settings
from newscheck_lab.datasets.ptc import extract_corpus, load_split

OUT = Path(__file__).with_suffix(".md")
#: Span precision a shown propaganda finding should reach. 0.8 was the aim; the
#: shipped linear model reaches at most ~0.64 on dev with 100 or more spans shown,
#: so the views call a shown span "possible propaganda" and its technique
#: uncertain.
TARGET = 0.6
GRID = [round(0.05 * i, 2) for i in range(15)]


@dataclass(frozen=True)
class Scored:
    """One predicted span and what it matches in the gold labels."""

    score: float
    hit: bool  # overlaps a gold span
    right: bool  # overlaps a gold span of the same technique
    gold_hit: frozenset[int]  # indices of the gold spans it overlaps


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_dev(model: PropagandaModel) -> tuple[dict[str, list[Scored]], dict[str, int]]:
    """Predicted spans of each dev article, matched against its gold spans."""
    dev = load_split("dev", extract_corpus())
    out: dict[str, list[Scored]] = {}
    n_gold: dict[str, int] = {}
    for aid in dev.ids:
        gold: list[Label] = dev.labels[aid]
        n_gold[aid] = len(gold)
        rows = []
        for p in model.predict(dev.articles[aid], title_lines=1):
            span = (p.start, p.end)
            idx = frozenset(
                i for i, g in enumerate(gold) if _overlap(span, (g.start, g.end))
            )
            right = any(gold[i].technique == p.technique for i in idx)
            rows.append(Scored(p.score, bool(idx), right, idx))
        out[aid] = rows
    return out, n_gold


@dataclass(frozen=True)
class Row:
    threshold: float
    shown: int
    span_precision: float
    technique_precision: float
    recall: float


def measure(
    scored: dict[str, list[Scored]], n_gold: dict[str, int], ids: list[str], t: float
) -> Row:
    """What is shown at threshold *t* on the articles *ids*."""
    shown = [s for aid in ids for s in scored[aid] if s.score >= t]
    found = sum(
        len(set().union(*[s.gold_hit for s in scored[aid] if s.score >= t]))
        for aid in ids
    )
    gold = sum(n_gold[aid] for aid in ids)
    n = len(shown)
    return Row(
        t,
        n,
        sum(s.hit for s in shown) / n if n else 0.0,
        sum(s.right for s in shown) / n if n else 0.0,
        found / gold if gold else 0.0,
    )


def choose(
    scored: dict[str, list[Scored]], n_gold: dict[str, int], ids: list[str]
) -> float:
    """The lowest grid threshold reaching :data:`TARGET` span precision on *ids*."""
    for t in GRID:
        row = measure(scored, n_gold, ids, t)
        if row.shown and row.span_precision >= TARGET:
            return t
    return GRID[-1]


def _fmt(r: Row) -> str:
    return (
        f"| {r.threshold:.2f} | {r.shown} | {r.span_precision:.3f} | "
        f"{r.technique_precision:.3f} | {r.recall:.3f} |"
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    model = PropagandaModel.load(DEFAULT_MODEL_DIR)
    scored, n_gold = score_dev(model)
    ids = sorted(scored)
    half_a, half_b = ids[::2], ids[1::2]
    chosen = choose(scored, n_gold, ids)
    shipped = Settings().display_min_score.get("propaganda", 0.0)
    head = (
        "| threshold | spans shown | span precision | technique precision | recall |\n"
        "| --: | --: | --: | --: | --: |"
    )
    lines = [
        "Propaganda spans of the shipped linear model on the 75 PTC dev articles "
        f"({sum(n_gold.values())} gold spans). Display target: span precision "
        f"≥ {TARGET:.2f}. Threshold chosen on all of dev: **{chosen:.2f}**; "
        f"shipped default `display_min_score.propaganda` = **{shipped:.2f}**. "
        "No threshold reaches 0.8 with 100 or more spans shown, and the technique "
        "named is right for only about a quarter of the shown spans: the human "
        "views call a shown span *possible* propaganda and its technique "
        "uncertain.",
        "",
        "Held out (the threshold chosen on one half of dev, by article id, scored "
        "on the other half):",
        "",
        "| chosen on | scored on | threshold | spans shown | span precision | "
        "technique precision | recall |",
        "| --- | --- | --: | --: | --: | --: | --: |",
    ]
    for name, fit, test in (("half A", half_a, half_b), ("half B", half_b, half_a)):
        t = choose(scored, n_gold, fit)
        r = measure(scored, n_gold, test, t)
        other = "half B" if name == "half A" else "half A"
        lines.append(f"| {name} | {other} " + _fmt(r))
    lines += [
        "",
        "All of dev, per threshold (0.00 is everything the analyzer reports, "
        "as JSON keeps it):",
        "",
        head,
    ]
    for t in GRID:
        lines.append(_fmt(measure(scored, n_gold, ids, t)))
    lines.append("")
    text = "\n".join(lines)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
