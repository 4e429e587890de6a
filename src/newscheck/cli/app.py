"""The ``newscheck`` click groups and the console script.

Command families (:mod:`newscheck.cli.core` …) attach themselves to :data:`main`;
the training and evaluation commands come from the ``newscheck.commands`` entry
points (:class:`PluginGroup`). Errors from :mod:`newscheck.errors` are printed
as one line and mapped to exit codes here.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, NoReturn

import click

from newscheck._version import __version__
from newscheck.errors import NewscheckError, cli_message, exit_code

__all__ = [
    "ENTRY_POINTS",
    "INSTALL_HINT",
    "PluginGroup",
    "attach_commands",
    "evaluate",
    "fail",
    "main",
    "run",
    "single_threaded_blas",
    "skip_teardown",
    "train",
]

#: Entry-point group of the commands other packages add (``newscheck_lab``):
#: the name is ``GROUP.COMMAND`` (``train.claims``, ``factcheck.build``), the
#: value a click command.
ENTRY_POINTS = "newscheck.commands"

#: What to do when those commands cannot load (their extra is not installed).
INSTALL_HINT = (
    "training and evaluation need the train extra: pip install 'newscheck[train]'"
)


class _Group(click.Group):
    """A group that turns every error into one line on stderr and an exit code.

    Usage errors (a missing file, a bad option value) exit 2 like click's, but
    with one line that names the command whose ``--help`` explains it.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.pop("standalone_mode", True):
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "newscheck"
            click.echo(
                f"newscheck: error: {exc.format_message()} (see '{where} --help')",
                err=True,
            )
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"newscheck: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("newscheck: aborted", err=True)
            sys.exit(1)
        except BrokenPipeError:  # e.g. `newscheck analyze … | head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewscheckError as exc:
            fail(exc)
        except KeyboardInterrupt:
            click.echo("newscheck: interrupted", err=True)
            sys.exit(130)


_skip_teardown = False


def skip_teardown() -> None:
    """Let a successful command end without freeing every loaded object one by
    one: after an ``analyze``, interpreter teardown of the models (millions of
    small objects) costs ~0.3 s for nothing. Only :func:`run` acts on it."""
    global _skip_teardown
    _skip_teardown = True


#: Thread-count variables of the BLAS / OpenMP libraries numpy may load.
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_blas() -> None:
    """One BLAS thread in this process and in the workers it starts.

    The models' products are small (one article, or one chunk of sentences):
    extra BLAS threads only spin, costing CPU time and slowing the wall clock,
    and ``batch --workers`` / Dask already use every core. The variables reach
    the worker processes; :mod:`threadpoolctl` limits the libraries this
    process has loaded already. A variable the user set is kept.
    """
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    from threadpoolctl import threadpool_limits

    try:
        n = max(1, int(os.environ["OPENBLAS_NUM_THREADS"]))
    except ValueError:
        n = 1
    threadpool_limits(n, user_api="blas")


def run() -> None:
    """The ``newscheck`` console script: :data:`main`, then, if the command
    asked for it (:func:`skip_teardown`) and succeeded, ``os._exit`` once the
    output and the logs are flushed. BLAS runs single-threaded
    (:func:`single_threaded_blas`)."""
    single_threaded_blas()
    try:
        main()
    except SystemExit as exc:
        if not (_skip_teardown and exc.code in (0, None)):
            raise
    else:
        if not _skip_teardown:
            return
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. a closed pipe: let the normal exit report it
        raise SystemExit(1) from None
    os._exit(0)


def fail(exc: NewscheckError) -> NoReturn:
    """Print *exc* as ``newscheck: error: …`` and exit with its code."""
    click.echo(f"newscheck: error: {cli_message(exc)}", err=True)
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
    _show_progress()


def _show_progress() -> None:
    """Print the ``newscheck.progress`` log (long one-off work, such as
    encoding the fact-check database) on stderr whatever the log level."""
    log = logging.getLogger("newscheck.progress")
    if not any(getattr(h, "newscheck_progress", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("newscheck: %(message)s"))
        handler.newscheck_progress = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


class PluginGroup(click.Group):
    """A group some of whose commands come from :data:`ENTRY_POINTS`, loaded
    the first time the group lists or looks up a command (``newscheck analyze``
    never reads the entry points). When they cannot load, :attr:`hint` says
    how to install them: at the end of ``--help`` and for an unknown command.
    """

    hint: str | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        attach_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        attach_commands()
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and self.hint:
            raise click.UsageError(f"no command {cmd_name!r}: {self.hint}", ctx)
        return cmd

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help(ctx, formatter)
        attach_commands()
        if self.hint:
            formatter.write_paragraph()
            formatter.write_text(self.hint)


_attached = False


def attach_commands(entry_points: Any = None) -> list[str]:
    """Attach the commands of :data:`ENTRY_POINTS` (or of *entry_points*, a
    list of :class:`importlib.metadata.EntryPoint`) to their groups, once per
    process unless *entry_points* is given. A command that cannot be imported
    sets :data:`INSTALL_HINT` on its group; returns the names of those."""
    global _attached
    if entry_points is None:
        if _attached:
            return []
        _attached = True
        from importlib.metadata import entry_points as _eps

        entry_points = _eps(group=ENTRY_POINTS)
    failed = []
    for ep in entry_points:
        path, _, name = ep.name.rpartition(".")
        group: Any = main
        for part in path.split(".") if path else ():
            group = group.commands.get(part)
            if not isinstance(group, click.Group):
                break
        if not isinstance(group, click.Group):
            logging.getLogger(__name__).warning("no group for command %s", ep.name)
            continue
        try:
            cmd = ep.load()
        except ImportError:
            failed.append(ep.name)
            if isinstance(group, PluginGroup):
                group.hint = INSTALL_HINT
            continue
        group.add_command(cmd, name)
    return failed


@main.group(cls=PluginGroup)
def train() -> None:
    """Train a model from the corpora in ../shared/datasets."""


@main.group(cls=PluginGroup)
def evaluate() -> None:
    """Measure a model on labelled data and print the metrics table."""
