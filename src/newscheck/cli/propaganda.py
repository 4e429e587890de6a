"""``newscheck propaganda``: the propaganda model over a folder of PTC articles.

It reads and writes the PTC layout (``article<ID>.txt`` articles; label
lines ``ID<TAB>technique<TAB>start<TAB>end``), so predictions can be scored with
the task's official tools too (or with ``newscheck evaluate propaganda``, which
the training laboratory adds and which runs the model as this command does).
"""

from __future__ import annotations

from typing import Any

import click

from newscheck.cli.app import main

__all__ = ["MODEL_OPTION", "analyzer_model", "predict_labels", "propaganda_cmd"]

MODEL_OPTION = click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Use this linear model directory instead of the propaganda_model setting.",
)


def analyzer_model(model_dir: str | None) -> tuple[Any, str]:
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


def predict_labels(
    articles: dict[str, str], model: Any, spans_file: str | None
) -> list[Any]:
    """Labels *model* predicts for *articles*: its spans, or, given the TC
    template *spans_file*, a technique for each of the template's spans."""
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
@MODEL_OPTION
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

    model, _ = analyzer_model(model_dir)
    rows = predict_labels(read_articles(directory), model, spans_file)
    write_labels(output, rows)
    click.echo(
        f"wrote {len(rows)} spans to {output} ({type(model).__name__})", err=True
    )
