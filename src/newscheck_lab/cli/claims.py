"""``newscheck train claims`` and ``newscheck evaluate claims``.

Both need scikit-learn (``pip install newscheck[train]``) and the shared
corpora; the shipped model itself is numpy only.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["evaluate_claims_cmd", "train_claims_cmd"]


def _need_sklearn() -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise click.UsageError(
            "training needs scikit-learn: pip install 'newscheck[train]'"
        ) from None


@click.command("claims")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Model directory to write (default: the shipped src/newscheck/models/claims).",
)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option(
    "--c",
    "C",
    type=click.FloatRange(min=1e-4),
    default=None,
    help="Inverse regularisation.",
)
@click.option(
    "--checkthat-weight",
    type=click.FloatRange(min=0),
    default=None,
    help="Sample weight of the CheckThat tweets relative to ClaimBuster sentences.",
)
@click.option(
    "--emb-dims",
    type=click.IntRange(0, 128),
    default=None,
    help="Dimensions of the static MiniLM sentence-embedding block (0: none).",
)
def train_claims_cmd(
    out: str | None,
    folds: int,
    C: float | None,
    checkthat_weight: float | None,
    emb_dims: int | None,
) -> None:
    """Train the check-worthiness model on ClaimBuster + CheckThat 2024/2020/2019.

    Never reads a test split (--folds is unused); writes weights.npz,
    model.json and MODEL_CARD.md.

    \b
    Example:
      newscheck train claims
    """
    _need_sklearn()
    from dataclasses import replace

    from newscheck.claims.model import DEFAULT_MODEL_DIR
    from newscheck_lab.claims.train import TrainConfig, train_all

    config = TrainConfig()
    if C is not None:
        config = replace(config, C=C)
    if checkthat_weight is not None:
        config = replace(config, checkthat_weight=checkthat_weight)
    if emb_dims is not None:
        config = replace(config, emb_dims=emb_dims)
    target = Path(out) if out else DEFAULT_MODEL_DIR
    model, meta = train_all(target, config=config)
    click.echo(
        f"wrote {target}: {meta['n_terms']} terms, threshold {model.threshold} "
        f"(task threshold {meta['task_threshold']}), "
        f"news tuning share flagged {meta['news_tune_share']:.1%}"
    )


@click.command("claims")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Model directory (default: the shipped model).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the table to this Markdown file.",
)
def evaluate_claims_cmd(model_dir: str | None, output: str | None) -> None:
    """Measure the check-worthiness model and print the benchmark table.

    ClaimBuster 3xNCS 5-fold CV, CheckThat 2020 Task 1 English test MAP, and
    sentences per second.
    """
    _need_sklearn()
    from newscheck.claims.model import ClaimModel
    from newscheck_lab.claims.evaluate import markdown, run

    table = markdown(run(ClaimModel.load(model_dir)))
    click.echo(table)
    if output:
        Path(output).write_text(table)
