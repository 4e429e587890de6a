"""``newscheck propaganda``, ``evaluate propaganda`` and ``train propaganda``.

All three read and write the PTC layout (``article<ID>.txt`` articles; label
lines ``ID<TAB>technique<TAB>start<TAB>end``), so predictions can be scored with
the task's official tools too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newscheck.cli import evaluate, main, train

__all__ = ["evaluate_propaganda_cmd", "propaganda_cmd", "train_propaganda_cmd"]

_MODEL = click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Use this linear model directory instead of the propaganda_model setting.",
)


def _analyzer_model(model_dir: str | None) -> tuple[Any, str]:
    """The propaganda analyzer's model, chosen by :meth:`PropagandaAnalyzer.load`
    from *model_dir* (a linear model) or the ``propaganda_model`` setting, and
    its name with the reason: ``PropagandaModel (--model DIR)`` or
    ``PropagandaEnsemble (propaganda_model=ensemble)``."""
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.settings import load_settings

    settings = load_settings()
    model = PropagandaAnalyzer.load(model_dir, settings=settings).model_
    why = (
        f"--model {model_dir}"
        if model_dir
        else f"propaganda_model={settings.propaganda_model}"
    )
    return model, f"{type(model).__name__} ({why})"


def _predict(articles: dict[str, str], model: Any, spans_file: str | None):
    from newscheck.propaganda.features import Doc
    from newscheck.propaganda.labels import Label, labels_by_article, read_labels
    from newscheck.propaganda.model import PropagandaModel

    rows: list[Label] = []
    if spans_file is None:
        for aid in sorted(articles):
            for p in model.predict(articles[aid], title_lines=1):
                rows.append(Label(aid, p.technique, p.start, p.end))
        return rows
    template = read_labels(spans_file)
    grouped = labels_by_article(template)
    missing = sorted(set(grouped) - set(articles))
    if missing:
        raise click.UsageError(
            f"{len(missing)} template article(s) not in the article folder, "
            f"e.g. {missing[0]}"
        )
    labelled: dict[tuple[str, int, int], list[str]] = {}
    for aid, spans in grouped.items():
        text = articles[aid]
        # the linear model classifies a Doc, the transformer models the text
        techs = model.classify(
            Doc.from_text(text, title_lines=1)
            if isinstance(model, PropagandaModel)
            else text,
            [(r.start, r.end) for r in spans],
        )
        for r, t in zip(spans, techs, strict=True):
            labelled.setdefault((aid, r.start, r.end), []).append(t)
    for r in template:  # keep the template's order
        t = labelled[r.article_id, r.start, r.end].pop(0)
        rows.append(Label(r.article_id, t, r.start, r.end))
    return rows


@main.command("propaganda")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Prediction file to write (ID<TAB>technique<TAB>start<TAB>end).",
)
@click.option(
    "--spans",
    "spans_file",
    type=click.Path(dir_okay=False, exists=True),
    help="TC template: label these spans instead of finding spans "
    "(its technique column is ignored).",
)
@_MODEL
def propaganda_cmd(
    directory: str, output: str, spans_file: str | None, model_dir: str | None
) -> None:
    """Find propaganda spans in the PTC articles of DIRECTORY, or label given spans.

    The model is the propaganda analyzer's, as in `newscheck analyze`: setting
    propaganda_model (environment NEWSCHECK_PROPAGANDA_MODEL, or the config file
    in NEWSCHECK_CONFIG) is linear (default), ensemble (the optional transformer
    with the linear model) or auto (the ensemble where installed, else linear).

    \b
    Examples:
      newscheck propaganda ptc/dev-articles -o dev-si.txt
      newscheck propaganda ptc/test-articles --spans test-task-tc-template.out -o tc.txt
      NEWSCHECK_PROPAGANDA_MODEL=auto newscheck propaganda ptc/dev-articles -o si.txt
    """
    from newscheck.propaganda.labels import read_articles, write_labels

    model, _ = _analyzer_model(model_dir)
    rows = _predict(read_articles(directory), model, spans_file)
    write_labels(output, rows)
    click.echo(
        f"wrote {len(rows)} spans to {output} ({type(model).__name__})", err=True
    )


@evaluate.command("propaganda")
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
@_MODEL
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
        model, name = _analyzer_model(model_dir)
        pred = _predict(texts, model, labels if task == "tc" else None)
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


@train.command("propaganda")
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
