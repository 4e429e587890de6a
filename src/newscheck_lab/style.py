"""Compute the typical range of each style signal in reliable news.

Reads the reliable-labelled articles of the shared corpora, computes every
signal of :mod:`newscheck.analyzers.style`, and writes p10/p50/p90 (pooled over
all corpora) to ``src/newscheck/models/style/percentiles.json`` with a
MODEL_CARD.md that also shows each corpus's median and, for comparison, the
median over the unreliable-labelled articles.

Usage: ``.venv/bin/python -m newscheck_lab.style``
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import time
from collections.abc import Iterator

import numpy as np

from newscheck.analyzers.style import PERCENTILES_PATH, SIGNALS, style_signals
from newscheck.article import Article
from newscheck_lab.datasets import dataset_path

#: Corpus -> file, read as JSON Lines (title, text, label) unless CSV.
CORPORA = {
    "buzzfeed_webis_2016": "buzzfeed_webis_2016.jsonl.xz",
    "recovery_covid19": "recovery_covid19.jsonl.xz",
    "perezrosas_fakenewsamt": "perezrosas_fakenewsamt.jsonl.xz",
    "perezrosas_celebrity": "perezrosas_celebrity.jsonl.xz",
    "golbeck_fake_vs_satire": "golbeck_fake_vs_satire.jsonl.xz",
    "isot_partial": ("True.csv.xz", "Fake.csv.xz"),
}


def articles(name: str) -> Iterator[tuple[Article, str]]:
    """``(article, label)`` for every labelled article of corpus *name*."""
    root = dataset_path(name)
    spec = CORPORA[name]
    if isinstance(spec, tuple):  # ISOT: one CSV per class
        for fname, label in zip(spec, ("reliable", "unreliable"), strict=True):
            with lzma.open(root / fname, "rt", encoding="utf-8") as fh:
                for row in csv.DictReader(io.StringIO(fh.read())):
                    if (row.get("text") or "").strip():
                        yield Article(body=row["text"], title=row["title"] or ""), label
        return
    with lzma.open(root / spec, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if (
                row.get("label") in ("reliable", "unreliable")
                and (row.get("text") or "").strip()
            ):
                yield (
                    Article(body=row["text"], title=row.get("title") or ""),
                    row["label"],
                )


def _pct(values: list[float]) -> dict[str, float]:
    p10, p50, p90 = np.percentile(np.asarray(values, dtype=float), [10, 50, 90])
    return {
        "p10": round(float(p10), 4),
        "p50": round(float(p50), 4),
        "p90": round(float(p90), 4),
    }


def speed(sample: list[Article]) -> list[str]:
    """Per-article CPU time of the style analyzer, and of full VADER for scale."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from newscheck.analyzers.style import StyleAnalyzer

    analyzer = StyleAnalyzer.load()
    vader = SentimentIntensityAnalyzer()
    words = sum(len(a.body.split()) for a in sample) / len(sample)
    rows = []
    for name, fn in (
        ("style analyzer (signals + findings)", analyzer.analyze),
        (
            "full VADER polarity_scores(body), not used",
            lambda a: vader.polarity_scores(a.body),
        ),
    ):
        for a in sample[:20]:
            fn(a)
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            for a in sample:
                fn(a)
            best = min(best, (time.process_time() - t0) / len(sample))
        rows.append(f"| {name} | {1000 * best:.3f} | {1 / best:.0f} |")
    return [
        f"Speed on the first {len(sample)} reliable BuzzFeed-Webis articles "
        f"(mean {words:.0f} words), CPU time, best of 3:",
        "",
        "| what | ms/article | articles/s/core |",
        "|---|---:|---:|",
        *rows,
        "",
    ]


def main() -> None:
    pooled: dict[str, list[float]] = {s: [] for s in SIGNALS}
    unreliable: dict[str, list[float]] = {s: [] for s in SIGNALS}
    per_corpus: dict[str, dict[str, float]] = {}
    counts: dict[str, dict[str, int]] = {}
    n_words = 0
    t0 = time.perf_counter()
    n_total = 0
    sample: list[Article] = []
    for name in CORPORA:
        mine: dict[str, list[float]] = {s: [] for s in SIGNALS}
        counts[name] = {"reliable": 0, "unreliable": 0}
        for art, label in articles(name):
            values, _ = style_signals(art)
            n_total += 1
            n_words += len(art.body.split())
            counts[name][label] += 1
            if (
                name == "buzzfeed_webis_2016"
                and label == "reliable"
                and len(sample) < 300
            ):
                sample.append(art)
            target = (mine, pooled) if label == "reliable" else (unreliable,)
            for s, v in values.items():
                if v is not None:
                    for t in target:
                        t[s].append(v)
        if counts[name]["reliable"]:
            per_corpus[name] = {s: _pct(v)["p50"] for s, v in mine.items() if v}
    elapsed = time.perf_counter() - t0
    timing = speed(sample)
    signals = {s: _pct(v) | {"n": len(v)} for s, v in pooled.items() if v}
    out = {
        "format": 1,
        "source": "reliable-labelled articles of the shared corpora",
        "corpora": counts,
        "signals": signals,
    }
    PERCENTILES_PATH.parent.mkdir(parents=True, exist_ok=True)
    PERCENTILES_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    unrel = {s: _pct(v)["p50"] for s, v in unreliable.items() if v}
    lines = [
        "# Style percentiles (models/style/percentiles.json)",
        "",
        "Written by `python -m newscheck_lab.style`. Not a learned model: the p10, p50",
        "and p90 of each style signal over the **reliable**-labelled articles of the",
        "shared corpora, pooled (so larger corpora weigh more). The style analyzer",
        "reports a value as below / within / above this p10-p90 range.",
        "",
        "| corpus | reliable | unreliable |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {c} | {n['reliable']} | {n['unreliable']} |" for c, n in counts.items()
    ]
    names = list(per_corpus)
    lines += [
        "",
        "| signal | p10 | p50 | p90 | n | "
        + " | ".join(f"p50 {c}" for c in names)
        + " | p50 unreliable (all) |",
        "|---|---:|---:|---:|---:|" + "---:|" * (len(names) + 1),
    ]
    for s, v in signals.items():
        cells = " | ".join(f"{per_corpus[c].get(s, float('nan')):.3f}" for c in names)
        lines.append(
            f"| {s} | {v['p10']:.3f} | {v['p50']:.3f} | {v['p90']:.3f} | {v['n']} | "
            f"{cells} | {unrel.get(s, float('nan')):.3f} |"
        )
    lines += [
        "",
        "Caveats: labels are mostly publisher-level (ReCOVery, BuzzFeed) and the",
        "ISOT reliable half is all Reuters wire copy; the unreliable medians are",
        "shown for orientation only, not as a validated classifier.",
        "",
        f"Signals computed for {n_total} articles ({n_words} words) in "
        f"{elapsed:.1f} s wall time, reading and splitting included.",
        "",
        *timing,
    ]
    card = "\n".join(lines)
    (PERCENTILES_PATH.parent / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(card)


if __name__ == "__main__":
    main()
