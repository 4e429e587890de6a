"""Read and write the Propaganda Techniques Corpus (PTC) file layout.

Articles are ``article<ID>.txt`` files (UTF-8; offsets are Python ``str`` indices
into the file's text). Label lines are TAB separated: ``ID technique start end``
(TC layout) or ``ID start end`` (SI layout); ``start`` is inclusive and ``end``
exclusive. ``newscheck propaganda`` reads and writes this layout; the corpus
itself is read by the training laboratory.

Examples
--------
>>> rows = parse_labels("7\\tDoubt\\t0\\t4\\n7\\t5\\t9\\n")
>>> [(r.article_id, r.technique, r.start, r.end) for r in rows]
[('7', 'Doubt', 0, 4), ('7', None, 5, 9)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newscheck.errors import InputError

__all__ = [
    "Label",
    "format_labels",
    "labels_by_article",
    "parse_labels",
    "read_articles",
    "read_labels",
    "write_labels",
]

_ARTICLE = re.compile(r"^article(\w+)\.txt$")


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled (or predicted) span: ``text[start:end]`` of an article."""

    article_id: str
    technique: str | None
    start: int
    end: int


def read_articles(directory: str | Path) -> dict[str, str]:
    """``{id: text}`` for every ``article<ID>.txt`` in *directory*."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"not a directory of PTC articles: {directory}")
    out: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        m = _ARTICLE.match(path.name)
        if m:
            out[m.group(1)] = path.read_text(encoding="utf-8")
    if not out:
        raise InputError(f"no article<ID>.txt files in {directory}")
    return out


def parse_labels(text: str, *, source: str = "labels") -> list[Label]:
    """Parse label lines in the TC (4 columns) or SI (3 columns) layout."""
    rows: list[Label] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        try:
            if len(cols) == 4:
                rows.append(Label(cols[0], cols[1], int(cols[2]), int(cols[3])))
            elif len(cols) == 3:
                rows.append(Label(cols[0], None, int(cols[1]), int(cols[2])))
            else:
                raise ValueError
        except ValueError:
            raise InputError(
                f"{source} line {n} is not 'ID<TAB>[technique<TAB>]start<TAB>end'"
            ) from None
        if rows[-1].start > rows[-1].end:
            raise InputError(f"{source} line {n}: start is after end")
    return rows


def read_labels(path: str | Path) -> list[Label]:
    """Labels from one file, or from every ``*.labels``/``*.out`` file of a folder."""
    path = Path(path)
    if path.is_dir():
        rows: list[Label] = []
        for p in sorted(path.iterdir()):
            if p.suffix in {".labels", ".out", ".txt"}:
                rows += parse_labels(p.read_text(encoding="utf-8"), source=str(p))
        return rows
    if not path.is_file():
        raise InputError(f"label file not found: {path}")
    return parse_labels(path.read_text(encoding="utf-8"), source=str(path))


def format_labels(rows: Iterable[Label]) -> str:
    """Label lines in the TC layout (or SI layout for rows without technique)."""
    lines = []
    for r in rows:
        if r.technique is None:
            lines.append(f"{r.article_id}\t{r.start}\t{r.end}")
        else:
            lines.append(f"{r.article_id}\t{r.technique}\t{r.start}\t{r.end}")
    return "".join(line + "\n" for line in lines)


def write_labels(path: str | Path, rows: Iterable[Label]) -> None:
    """Write *rows* with :func:`format_labels`."""
    Path(path).write_text(format_labels(rows), encoding="utf-8")


def labels_by_article(rows: Iterable[Label]) -> dict[str, list[Label]]:
    """Group *rows* by article id, each list sorted by offsets."""
    out: dict[str, list[Label]] = defaultdict(list)
    for r in rows:
        out[r.article_id].append(r)
    return {k: sorted(v, key=lambda r: (r.start, r.end)) for k, v in out.items()}
