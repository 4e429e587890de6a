"""``newscheck train reliability`` and ``newscheck evaluate reliability``."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from newscheck.errors import ColumnError, ConfigError

__all__ = ["evaluate_reliability", "train_reliability"]


@click.command("reliability")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Artefact directory (default: the shipped newscheck/models/reliability).",
)
def train_reliability(out_dir: Path | None) -> None:
    """Train the article and statement reliability models on ../shared/datasets
    and write the artefacts plus MODEL_CARD.md."""
    from newscheck.analyzers.reliability import MODEL_DIR
    from newscheck_lab.reliability.card import train_and_write

    logging.getLogger("newscheck").setLevel(logging.INFO)
    train_and_write(out_dir or MODEL_DIR, log=lambda m: click.echo(m, err=True))


@click.command("reliability")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-col", default="text", show_default=True)
@click.option("--title-col", default=None, help="Optional title column.")
@click.option("--label-col", default="label", show_default=True)
@click.option(
    "--positive",
    default="unreliable",
    show_default=True,
    help="Label value of the unreliable class.",
)
@click.option(
    "--plot",
    "plot_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write reliability_diagram.png and roc.png here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--model-dir", default=None, help="Artefacts to evaluate.")
def evaluate_reliability(
    data: Path,
    text_col: str,
    title_col: str | None,
    label_col: str,
    positive: str,
    plot_dir: Path | None,
    as_json: bool,
    model_dir: str | None,
) -> None:
    """Score DATA (CSV/JSONL/Parquet) and print accuracy, macro-F1, ROC-AUC,
    Brier, ECE (15 bins) and the confusion matrix."""
    import numpy as np

    from newscheck.analyzers.reliability import ReliabilityAnalyzer
    from newscheck.ingest.corpus import read_frame
    from newscheck.reliability import metrics
    from newscheck.settings import load_settings

    frame = read_frame(data)
    for col in (text_col, label_col, title_col):
        if col and col not in frame.columns:
            have = ", ".join(map(str, frame.columns))
            raise ColumnError(f"{data} has no column {col!r}; columns: {have}")
    frame = frame[frame[label_col].notna()]
    if frame.empty:
        raise ConfigError(f"{data} has no rows with a value in {label_col!r}")
    y = (frame[label_col].astype(str) == str(positive)).to_numpy(dtype=float)
    analyzer = ReliabilityAnalyzer.load(settings=load_settings())
    texts = frame[text_col].fillna("").astype(str).tolist()
    titles = (
        frame[title_col].fillna("").astype(str).tolist()
        if title_col
        else [""] * len(texts)
    )
    scored = [analyzer.score(t, b) for t, b in zip(titles, texts, strict=True)]
    p = np.array([s for s, _ in scored])
    kinds = [k for _, k in scored]
    threshold = analyzer.article_model_.threshold
    rep = metrics.report(y, p, threshold=threshold)
    rep["models"] = {k: kinds.count(k) for k in sorted(set(kinds))}
    if plot_dir:
        rep["plots"] = _plots(y, p, plot_dir)
    if as_json:
        click.echo(json.dumps(rep, indent=2))
        return
    click.echo(f"{data}: {rep['n']} rows, {rep['positives']} '{positive}'")
    for key in ("accuracy", "macro_f1", "roc_auc", "brier", "ece"):
        click.echo(f"  {key:<9} {rep[key]:.4f}")
    (tn, fp), (fn, tp) = rep["confusion"]
    click.echo("  confusion (rows truth, cols predicted)  reliable  unreliable")
    click.echo(f"    reliable                             {tn:>8}  {fp:>10}")
    click.echo(f"    unreliable                           {fn:>8}  {tp:>10}")
    click.echo(f"  scored by: {rep['models']}")
    if plot_dir:
        click.echo(f"  plots: {', '.join(rep['plots'])}")


def _plots(y, p, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from newscheck.reliability import metrics

    out.mkdir(parents=True, exist_ok=True)
    conf, pos, n = metrics.reliability_curve(y, p, bins=15)
    mask = n > 0
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey", lw=1)
    ax.plot(conf[mask], pos[mask], "o-")
    ax.set(
        xlabel="mean predicted P(unreliable)",
        ylabel="observed unreliable rate",
        title=f"Reliability diagram (ECE {metrics.ece(y, p):.3f})",
    )
    diagram = out / "reliability_diagram.png"
    fig.tight_layout()
    fig.savefig(diagram, dpi=100)
    plt.close(fig)
    fpr, tpr = metrics.roc_curve(y, p)
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey", lw=1)
    ax.plot(fpr, tpr)
    ax.set(
        xlabel="false positive rate",
        ylabel="true positive rate",
        title=f"ROC (AUC {metrics.roc_auc(y, p):.3f})",
    )
    roc = out / "roc.png"
    fig.tight_layout()
    fig.savefig(roc, dpi=100)
    plt.close(fig)
    return [str(diagram), str(roc)]
