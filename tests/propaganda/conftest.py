"""Fixtures for the propaganda tests: the unpacked PTC train split."""

from __future__ import annotations

import pytest

from newscheck_lab.datasets.ptc import Corpus, extract_corpus, load_split


@pytest.fixture(scope="session")
def ptc_root(shared, tmp_path_factory):
    """The unpacked corpus (extracted once per session, outside the repo)."""
    return extract_corpus(
        shared / "datasets" / "ptc" / "ptc.tar.xz", tmp_path_factory.mktemp("ptc")
    )


@pytest.fixture(scope="session")
def ptc_train(ptc_root) -> Corpus:
    return load_split("train", ptc_root)
