"""The ``newscheck`` command line: a thin click group over the library.

The groups and the console script are in :mod:`newscheck.cli.app`; each command
family lives in its own module and attaches itself to :data:`main` on import.
The training and evaluation commands of ``newscheck_lab`` attach themselves to
the :data:`train` and :data:`evaluate` groups through the ``newscheck.commands``
entry points.
"""

from __future__ import annotations

from newscheck.cli.app import (
    evaluate,
    fail,
    main,
    run,
    single_threaded_blas,
    skip_teardown,
    train,
)

# Command families register themselves on import.
from newscheck.cli import core  # noqa: E402,F401
from newscheck.cli import propaganda  # noqa: E402,F401
from newscheck.cli import source  # noqa: E402,F401
from newscheck.cli import factcheck  # noqa: E402,F401
from newscheck.cli import serve  # noqa: E402,F401

__all__ = [
    "evaluate",
    "fail",
    "main",
    "run",
    "single_threaded_blas",
    "skip_teardown",
    "train",
]
