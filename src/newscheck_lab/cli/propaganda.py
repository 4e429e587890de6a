"""``newscheck evaluate propaganda`` and ``newscheck train propaganda``.

The model is run as ``newscheck propaganda`` runs it (:mod:`newscheck.cli.propaganda`).
"""

from __future__ import annotations

from pathlib import Path

import click

from newscheck.cli.propaganda import MODEL_OPTION, analyzer_model, predict_labels

__all__ = ["evaluate_propaganda_cmd", "train_propaganda_cmd"]


@click.command("propaganda")
@click.option(
    "--articles",
    type=click.Path(file_okay=False, exists=True),
    required=True,
    help="Folder of article<ID>.txt files.",
)
@click.option(
    "--labels",
    type=click.Path(exists=True),
    required=True,
    help="Gold labels: a TC (ID, technique, start, end) or SI (ID, start, end) "
    "file, or a folder of per-article label files.",
)
@click.option(
    "--task",
    type=click.Choice(["si", "tc"]),
    default="si",
    show_default=True,
    help="si: find spans; tc: label the gold spans.",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, exists=True),
    help="Score this prediction file instead of running the model.",
)
@MODEL_OPTION
def evaluate_propaganda_cmd(
    articles: str,
    labels: str,
    task: str,
    predictions: str | None,
    model_dir: str | None,
) -> None:
    """Score propaganda predictions with the SemEval-2020 Task 11 measures.

    Without --predictions the model is run first; the output's first line names
    it. The model is the propaganda analyzer's, as in `newscheck analyze`:
    setting propaganda_model (environment NEWSCHECK_PROPAGANDA_MODEL, or the
    config file in NEWSCHECK_CONFIG) is linear (default), ensemble (the optional
    transformer with the linear model) or auto (the ensemble where installed,
    else linear).

    \b
    Examples:
      newscheck evaluate propaganda --articles ptc/dev-articles --labels dev.labels
      NEWSCHECK_PROPAGANDA_MODEL=ensemble newscheck evaluate propaganda \\
        --articles ptc/dev-articles --labels dev-tc.labels --task tc
    """
    from newscheck.propaganda.labels import read_articles, read_labels
    from newscheck.propaganda.scorer import si_scores_labels, tc_scores
    from newscheck.propaganda.techniques import TECHNIQUES

    texts = read_articles(articles)
    gold = [g for g in read_labels(labels) if g.article_id in texts]
    if predictions:
        pred = read_labels(predictions)
        click.echo(f"predictions: {predictions}")
    else:
        if task == "tc" and any(g.technique is None for g in gold):
            raise click.UsageError("--task tc needs labels with a technique column")
        model, name = analyzer_model(model_dir)
        pred = predict_labels(texts, model, labels if task == "tc" else None)
        click.echo(f"model: {name}")
    if task == "si":
        s = si_scores_labels(pred, gold)
        click.echo("| task | precision | recall | F1 | predicted spans | gold spans |")
        click.echo("|---|---|---|---|---|---|")
        click.echo(
            f"| SI | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} "
            f"| {s.n_pred} | {s.n_gold} |"
        )
        return
    t = tc_scores(pred, gold, TECHNIQUES)
    click.echo(f"TC micro: P {t.precision:.4f} R {t.recall:.4f} F1 {t.f1:.4f}")
    click.echo("| technique | precision | recall | F1 | support |")
    click.echo("|---|---|---|---|---|")
    for name, (p, r, f, n) in t.per_technique.items():
        click.echo(f"| {name} | {p:.4f} | {r:.4f} | {f:.4f} | {n} |")


@click.command("propaganda")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="Model directory to write (default: the shipped model's directory).",
)
@click.option(
    "--folds",
    type=int,
    default=3,
    show_default=True,
    help="Cross-validation folds on train.",
)
def train_propaganda_cmd(output: str | None, folds: int) -> None:
    """Train the propaganda model on PTC train (choices by CV on train only)."""
    from newscheck.propaganda.model import DEFAULT_MODEL_DIR
    from newscheck_lab.propaganda.training import TrainConfig
    from newscheck_lab.propaganda.training import train as run

    out = Path(output) if output else DEFAULT_MODEL_DIR
    _, report = run(
        out, config=TrainConfig(folds=folds), log=lambda m: click.echo(m, err=True)
    )
    click.echo(
        f"SI CV F1 {report['si']['cv_f1']:.4f}, TC CV micro-F1 "
        f"{report['tc']['cv_micro_f1']:.4f}; model in {out}"
    )
