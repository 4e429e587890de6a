"""Where the labelled corpora live.

The corpora are read from ``../shared/datasets`` beside the repository (or the
directory named by ``NEWSCHECK_SHARED``); they are never copied into the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

from newscheck.errors import ConfigError

__all__ = ["dataset_path", "shared_dir"]


def shared_dir() -> Path | None:
    """The ``shared`` directory, or ``None`` when it is not present."""
    env = os.environ.get("NEWSCHECK_SHARED")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [p / "shared" for p in here.parents] + [Path.cwd().parent / "shared"]
    for c in candidates:
        if (c / "datasets").is_dir():
            return c
    return None


def dataset_path(name: str) -> Path:
    """``shared/datasets/<name>``; raises :class:`ConfigError` if absent."""
    root = shared_dir()
    if root is None or not (root / "datasets" / name).exists():
        raise ConfigError(
            f"dataset {name!r} not found: put the shared data beside the repo "
            "or set NEWSCHECK_SHARED"
        )
    return root / "datasets" / name
