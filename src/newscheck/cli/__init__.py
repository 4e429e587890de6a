"""The ``newscheck`` command line: a thin click group over the library.

Each command family lives in its own module and attaches itself to :data:`main`
(or to the :data:`train` / :data:`evaluate` groups); errors from
:mod:`newscheck.errors` are printed as one line and mapped to exit codes here.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, NoReturn

import click

from newscheck import __version__
from newscheck.errors import NewscheckError, exit_code

__all__ = ["evaluate", "fail", "main", "train"]


class _Group(click.Group):
    """A group that turns newscheck errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewscheckError as exc:
            fail(exc)
        except KeyboardInterrupt:
            click.echo("newscheck: interrupted", err=True)
            sys.exit(130)


def fail(exc: NewscheckError) -> NoReturn:
    """Print *exc* as ``newscheck: error: …`` and exit with its code."""
    click.echo(f"newscheck: error: {exc}", err=True)
    sys.exit(exit_code(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscheck")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """Check a news article before anyone trusts or shares it.

    \b
    Examples:
      newscheck analyze article.txt            # report in the terminal
      newscheck analyze https://… --format json
      newscheck batch corpus.jsonl -o scores.parquet --workers 2
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )


@main.group()
def train() -> None:
    """Train a model from the corpora in ../shared/datasets."""


@main.group()
def evaluate() -> None:
    """Measure a model on labelled data and print the metrics table."""


# Command families register themselves on import.
from newscheck.cli import core  # noqa: E402,F401
from newscheck.cli import propaganda  # noqa: E402,F401
from newscheck.cli import source  # noqa: E402,F401
from newscheck.cli import factcheck  # noqa: E402,F401
from newscheck.cli import serve  # noqa: E402,F401
from newscheck.cli import claims  # noqa: E402,F401
from newscheck.cli import reliability  # noqa: E402,F401
