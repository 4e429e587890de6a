"""Loaders for the check-worthiness corpora in ``../shared/datasets``.

- ClaimBuster (``claimbuster/claimbuster.tar.xz``): the official two-class
  subsets 2xNCS / 2.5xNCS / 3xNCS of US presidential-debate sentences plus a
  train/test split. Label 1 = check-worthy factual sentence (CFS).
- CLEF CheckThat! 2020 Task 1 English (``checkthat2020/checkthat2020.tar.xz``):
  COVID-19 tweets, splits ``train`` / ``dev`` / ``test`` (test gold).
- CLEF CheckThat! 2024 Task 1 English (``checkthat2024_t1_en``): debate
  sentences, splits ``train`` / ``dev`` (ClaimBuster sentences in binary form),
  ``dev-test`` and ``test`` (gold); metric: F1 of the check-worthy class.
- CLEF CheckThat! 2019 Task 1 English (``checkthat2019_t1_en``): every line of
  25 debates and speeches with speaker, ``train`` / ``test``; metric: MAP of
  the ranking inside each debate.

The archives are read at run time straight from the shared folder (members are
decompressed in memory); nothing is copied into the repository.

Overlap (see claimbuster PROVENANCE.md): ``test.json`` shares 563 of its 702
sentences with 3xNCS, so it is never used to evaluate a model trained on an NCS
file; cross-validation on 3xNCS is the ClaimBuster measure here.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import tarfile
from dataclasses import dataclass
from pathlib import Path

from newscheck.errors import ColumnError, ConfigError
from newscheck_lab.datasets import dataset_path

__all__ = [
    "CHECKTHAT_FILES",
    "CLAIMBUSTER_FILES",
    "Debates",
    "Sentences",
    "claimbuster_extra",
    "load_checkthat2019",
    "load_checkthat2024",
    "load_checkthat_task1",
    "load_claimbuster",
    "norm_text",
]

#: ClaimBuster subset name → member of the archive.
CLAIMBUSTER_FILES = {
    "2xNCS": "claimbuster/kfold_20ncs.json",
    "2.5xNCS": "claimbuster/kfold_25ncs.json",
    "3xNCS": "claimbuster/kfold_30ncs.json",
    "train": "claimbuster/train.json",
    "test": "claimbuster/test.json",
}
#: CheckThat 2020 Task 1 English split → member of the archive.
CHECKTHAT_FILES = {
    "train": "checkthat2020/task1/training_v2.tsv",
    "dev": "checkthat2020/task1/dev_v2.tsv",
    "test": "checkthat2020/task1/test-gold.tsv",
}


#: Splits of the CheckThat 2024 Task 1 English file.
CHECKTHAT2024_SPLITS = ("train", "dev", "dev-test", "test")
#: Splits of the CheckThat 2019 Task 1 English file.
CHECKTHAT2019_SPLITS = ("train", "test")


def norm_text(text: str) -> str:
    """*text* case-folded with its whitespace collapsed (the deduplication key)."""
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class Sentences:
    """A labelled set: parallel ``ids``, ``texts`` and 0/1 ``labels``."""

    name: str
    ids: tuple[str, ...]
    texts: tuple[str, ...]
    labels: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def positives(self) -> int:
        """Number of check-worthy items."""
        return sum(self.labels)


def _member(archive: Path, name: str) -> bytes:
    if not archive.is_file():
        raise ConfigError(f"archive not found: {archive}")
    with tarfile.open(archive, "r:xz") as tar:
        try:
            fh = tar.extractfile(name)
        except KeyError:
            fh = None
        if fh is None:
            raise ConfigError(f"{archive.name} has no member {name!r}")
        return fh.read()


def load_claimbuster(subset: str = "3xNCS", *, root: Path | None = None) -> Sentences:
    """The ClaimBuster *subset*: ``2xNCS``, ``2.5xNCS``, ``3xNCS``, ``train``, ``test``.

    *root* is the ``claimbuster`` dataset folder (default: the shared one).
    """
    if subset not in CLAIMBUSTER_FILES:
        raise ConfigError(
            f"unknown ClaimBuster subset {subset!r}; use one of "
            + ", ".join(CLAIMBUSTER_FILES)
        )
    root = root or dataset_path("claimbuster")
    rows = json.loads(_member(root / "claimbuster.tar.xz", CLAIMBUSTER_FILES[subset]))
    try:
        return Sentences(
            name=f"claimbuster/{subset}",
            ids=tuple(str(r["sentence_id"]) for r in rows),
            texts=tuple(str(r["text"]) for r in rows),
            labels=tuple(int(r["label"]) for r in rows),
        )
    except KeyError as exc:
        raise ColumnError(f"ClaimBuster {subset} lacks field {exc}") from exc


def load_checkthat_task1(
    split: str = "train", *, root: Path | None = None
) -> Sentences:
    """CheckThat! 2020 Task 1 English tweets of *split* (``train``/``dev``/``test``).

    *root* is the ``checkthat2020`` dataset folder (default: the shared one).
    """
    if split not in CHECKTHAT_FILES:
        raise ConfigError(
            f"unknown CheckThat split {split!r}; use one of "
            + ", ".join(CHECKTHAT_FILES)
        )
    root = root or dataset_path("checkthat2020")
    raw = _member(root / "checkthat2020.tar.xz", CHECKTHAT_FILES[split])
    reader = csv.DictReader(
        io.StringIO(raw.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    ids, texts, labels = [], [], []
    for row in reader:
        label = row.get("check_worthiness", row.get("claim_worthiness"))
        if label is None or row.get("tweet_text") is None:
            raise ColumnError(
                f"CheckThat {split} lacks tweet_text or check_worthiness columns"
            )
        ids.append(row["tweet_id"])
        texts.append(row["tweet_text"])
        labels.append(int(label))
    return Sentences(
        name=f"checkthat2020/task1/{split}",
        ids=tuple(ids),
        texts=tuple(texts),
        labels=tuple(labels),
    )


def claimbuster_extra(base: str = "3xNCS", *, root: Path | None = None) -> Sentences:
    """ClaimBuster sentences of the other files that are not in *base*.

    A sentence is left out when its id or its (case-folded) text is in *base*,
    so that adding these to a training fold never leaks a scored sentence.
    """
    main = load_claimbuster(base, root=root)
    seen_ids = set(main.ids)
    seen_texts = {t.strip().lower() for t in main.texts}
    ids: list[str] = []
    texts: list[str] = []
    labels: list[int] = []
    for subset in CLAIMBUSTER_FILES:
        if subset == base:
            continue
        other = load_claimbuster(subset, root=root)
        for i, t, y in zip(other.ids, other.texts, other.labels, strict=True):
            key = t.strip().lower()
            if i in seen_ids or key in seen_texts:
                continue
            seen_ids.add(i)
            seen_texts.add(key)
            ids.append(i)
            texts.append(t)
            labels.append(y)
    return Sentences(
        name=f"claimbuster/extra-not-in-{base}",
        ids=tuple(ids),
        texts=tuple(texts),
        labels=tuple(labels),
    )


@dataclass(frozen=True, slots=True)
class Debates(Sentences):
    """:class:`Sentences` that are lines of documents: ``groups`` names the
    debate or speech of each line (in line order within a group)."""

    groups: tuple[str, ...] = ()


def _jsonl_xz(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise ConfigError(f"dataset file not found: {path}")
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_checkthat2024(split: str = "train", *, root: Path | None = None) -> Sentences:
    """CheckThat! 2024 Task 1 English sentences of *split* (``train``, ``dev``,
    ``dev-test`` or ``test``); label 1 = ``Yes`` (check-worthy).

    *root* is the ``checkthat2024_t1_en`` dataset folder (default: the shared one).
    """
    if split not in CHECKTHAT2024_SPLITS:
        raise ConfigError(
            f"unknown CheckThat 2024 split {split!r}; use one of "
            + ", ".join(CHECKTHAT2024_SPLITS)
        )
    root = root or dataset_path("checkthat2024_t1_en")
    rows = [
        r
        for r in _jsonl_xz(root / "checkthat2024_t1_en.jsonl.xz")
        if r.get("split") == split
    ]
    try:
        return Sentences(
            name=f"checkthat2024/task1/{split}",
            ids=tuple(str(r["sentence_id"]) for r in rows),
            texts=tuple(str(r["text"]) for r in rows),
            labels=tuple(int(r["label"] == "Yes") for r in rows),
        )
    except KeyError as exc:
        raise ColumnError(f"CheckThat 2024 {split} lacks field {exc}") from exc


def load_checkthat2019(split: str = "train", *, root: Path | None = None) -> Debates:
    """CheckThat! 2019 Task 1 English lines of *split* (``train``/``test``),
    grouped by debate and in line order; label 1 = check-worthy.

    *root* is the ``checkthat2019_t1_en`` dataset folder (default: the shared one).
    """
    if split not in CHECKTHAT2019_SPLITS:
        raise ConfigError(
            f"unknown CheckThat 2019 split {split!r}; use one of "
            + ", ".join(CHECKTHAT2019_SPLITS)
        )
    root = root or dataset_path("checkthat2019_t1_en")
    rows = [
        r
        for r in _jsonl_xz(root / "checkthat2019_t1_en.jsonl.xz")
        if r.get("split") == split
    ]
    try:
        rows.sort(key=lambda r: (str(r["debate"]), int(r["line"])))  # type: ignore[call-overload]
        return Debates(
            name=f"checkthat2019/task1/{split}",
            ids=tuple(str(r["id"]) for r in rows),
            texts=tuple(str(r["text"]) for r in rows),
            labels=tuple(int(r["label"]) for r in rows),  # type: ignore[call-overload]
            groups=tuple(str(r["debate"]) for r in rows),
        )
    except KeyError as exc:
        raise ColumnError(f"CheckThat 2019 {split} lacks field {exc}") from exc
