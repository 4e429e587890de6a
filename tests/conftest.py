"""Shared fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from newscheck_lab.datasets import shared_dir

REPO = Path(__file__).resolve().parents[1]

# Keep tests (and the processes they start) away from the user's own data dir:
# databases, fact-check indexes and caches go to a fresh temporary folder.
os.environ["XDG_DATA_HOME"] = _DATA = tempfile.mkdtemp(prefix="newscheck-test-data-")
atexit.register(shutil.rmtree, _DATA, ignore_errors=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared directory; skips the test when it is absent."""
    root = shared_dir()
    if root is None:
        pytest.skip("../shared datasets not present")
    return root


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO
