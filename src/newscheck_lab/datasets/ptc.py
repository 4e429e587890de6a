"""The Propaganda Techniques Corpus (PTC): its train and dev splits.

The file layout (``article<ID>.txt`` files, TAB-separated label lines) is read
by :mod:`newscheck.propaganda.labels`. The corpus archive in
``shared/datasets/ptc/ptc.tar.xz`` is unpacked into a cache directory outside
the repository, never into it.
"""

from __future__ import annotations

import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newscheck.errors import ConfigError
from newscheck.propaganda.labels import (
    Label,
    labels_by_article,
    read_articles,
    read_labels,
)

__all__ = ["Corpus", "extract_corpus", "load_split"]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Articles of one split with their TC labels (``labels[id]`` may be empty)."""

    articles: dict[str, str]
    labels: dict[str, list[Label]]

    @property
    def ids(self) -> list[str]:
        """Article ids, sorted."""
        return sorted(self.articles)


def extract_corpus(
    archive: str | Path | None = None, cache: str | Path | None = None
) -> Path:
    """Unpack ``ptc.tar.xz`` (once) and return the ``ptc/`` directory.

    *archive* defaults to ``shared/datasets/ptc/ptc.tar.xz``; *cache* to a
    directory under the system temp dir.
    """
    if archive is None:
        from newscheck_lab.datasets import dataset_path

        archive = dataset_path("ptc") / "ptc.tar.xz"
    archive = Path(archive)
    if not archive.is_file():
        raise ConfigError(f"PTC archive not found: {archive}")
    cache = Path(cache) if cache else Path(tempfile.gettempdir()) / "newscheck-ptc"
    root = cache / "ptc"
    marker = cache / ".complete"
    if not marker.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:xz") as tar:
            tar.extractall(cache, filter="data")
        marker.write_text(str(archive))
    return root


def load_split(split: str, root: str | Path | None = None) -> Corpus:
    """The ``train`` or ``dev`` split of the unpacked corpus, with TC labels."""
    if split not in {"train", "dev"}:
        raise ConfigError(f"PTC split must be 'train' or 'dev', not {split!r}")
    root = Path(root) if root else extract_corpus()
    articles = read_articles(root / f"{split}-articles")
    grouped = labels_by_article(read_labels(root / f"{split}-task-flc-tc.labels"))
    return Corpus(articles, {i: grouped.get(i, []) for i in articles})
