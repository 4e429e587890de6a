"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscheck.corpora import shared_dir

REPO = Path(__file__).resolve().parents[1]


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
