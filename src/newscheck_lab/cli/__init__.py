"""The laboratory's commands: ``newscheck train …``, ``newscheck evaluate …``
and ``newscheck factcheck build``.

They reach the ``newscheck`` command line through the ``newscheck.commands``
entry points (see :mod:`newscheck.cli.app`). Importing this package fails with
:class:`ImportError` when a package of the ``train`` extra is missing, so that
the command line shows the install hint instead of commands that cannot run.
"""

from __future__ import annotations

import importlib.util

__all__ = ["REQUIRES", "missing"]

#: Import names of the ``train`` extra (scikit-learn, SciPy, Matplotlib).
REQUIRES = ("sklearn", "scipy", "matplotlib")


def missing() -> list[str]:
    """The packages of :data:`REQUIRES` that cannot be imported (not imported)."""
    out = []
    for name in REQUIRES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            out.append(name)
    return out


if missing():
    raise ImportError(
        f"newscheck_lab needs {', '.join(missing())}: pip install 'newscheck[train]'"
    )
