"""Corpora: CSV, JSONL and Parquet files → rows → articles.

Files are read in chunks (never whole into memory) by :func:`iter_chunks`;
:func:`read_frame` reads a whole table for evaluation commands. Compressed CSV /
JSONL (``.gz``, ``.xz``, ``.bz2``, ``.zst``) are read transparently.

Why one module of about 800 lines: the three formats share one row contract
(column guessing, row ids, the bad-line and replaced-surrogate markers, the
size limit) that the batch engine relies on; the CSV reader's guard against a
quote never closed is the largest part and the first candidate to move out.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscheck.article import Article, replace_surrogates, surrogate_warning
from newscheck.errors import (
    ColumnError,
    EmptyInputError,
    InputError,
    UnsupportedFormatError,
)
from newscheck.ingest.text import article_from_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Columns",
    "Part",
    "article_from_row",
    "count_rows",
    "detect_format",
    "iter_chunks",
    "part_lines",
    "read_frame",
    "read_part",
    "split_parts",
]

LOGGER = logging.getLogger(__name__)
_COMPRESSIONS = (".gz", ".xz", ".bz2", ".zst")
TEXT_CANDIDATES = ("text", "body", "content", "article", "statement", "tweet_text")
TITLE_CANDIDATES = ("title", "headline")
ID_CANDIDATES = ("id",)
URL_CANDIDATES = ("url", "link")


def detect_format(path: str | Path) -> str:
    """``"csv"``, ``"jsonl"`` or ``"parquet"`` from the file name."""
    name = Path(path).name.lower()
    for c in _COMPRESSIONS:
        if name.endswith(c):
            name = name[: -len(c)]
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise UnsupportedFormatError(
        f"cannot tell the format of {path}: use .csv, .jsonl or .parquet"
    )


@dataclass(frozen=True, slots=True)
class Columns:
    """Which columns hold the text, title, id and URL (``None``: auto-detect)."""

    text: str | None = None
    title: str | None = None
    id: str | None = None
    url: str | None = None

    def resolve(
        self, available: list[str], *, source: str, sparse: bool = False
    ) -> Columns:
        """Fill unset columns from common names; check the given ones exist.

        A named text column must exist. A named title, id or URL column that is
        missing only warns: with *sparse* (JSON Lines, whose objects need not
        share keys; *available* then holds the keys of the first rows) it is
        kept, and rows without it read as empty; otherwise it is left unused.
        """
        avail = set(available)

        def pick(
            given: str | None, candidates: tuple[str, ...], role: str
        ) -> str | None:
            if given is not None:
                if given not in avail:
                    if role == "text":
                        raise ColumnError(
                            f"{source} has no {role} column {given!r}; "
                            f"columns: {', '.join(available) or '(none)'}"
                        )
                    LOGGER.warning(
                        "%s: no %s column %r in %s; %s",
                        source,
                        role,
                        given,
                        "its first rows" if sparse else "the header",
                        "rows without it have none" if sparse else "it is not used",
                    )
                    return given if sparse else None
                return given
            return next((c for c in candidates if c in avail), None)

        text = pick(self.text, TEXT_CANDIDATES, "text")
        if text is None:
            looked = ", ".join(TEXT_CANDIDATES)
            raise ColumnError(
                f"{source} has no text column (looked for {looked}); "
                f"columns: {', '.join(available) or '(none)'}",
                hint="name it with --text-col",
            )
        return Columns(
            text=text,
            title=pick(self.title, TITLE_CANDIDATES, "title"),
            id=pick(self.id, ID_CANDIDATES, "id"),
            url=pick(self.url, URL_CANDIDATES, "url"),
        )


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a corpus file")


def iter_chunks(
    path: str | Path,
    *,
    chunk_size: int = 1000,
    columns: list[str] | None = None,
    keep_bad_lines: bool = False,
) -> Iterator[list[dict[str, Any]]]:
    """Rows of *path* as lists of dicts, *chunk_size* rows at a time, in order.

    Every chunk but the last holds exactly *chunk_size* rows (blank JSON Lines
    lines are not rows), so row ``i`` is always in chunk ``i // chunk_size``.
    Within a chunk every row has every key seen in it (``None`` where a JSON
    object lacks one). *columns* limits the columns read from CSV and Parquet.

    A JSON Lines line that is not a JSON object, or a CSV record with more
    fields than the header, raises :class:`InputError`; with *keep_bad_lines*
    it is a row of its own holding only ``BAD_LINE`` (why), which
    :func:`article_from_row` refuses, so a batch scores every other row. JSON
    Lines and CSV lines that are not UTF-8 are decoded as cp1252 / latin-1
    with a warning; a UTF-8 BOM is dropped.
    """
    path = Path(path)
    _check_file(path)
    fmt = detect_format(path)
    if _json_module_reads(path, fmt):
        yield from _jsonl_chunks(path, chunk_size, keep_bad_lines)
        return
    if _csv_module_reads(path, fmt):
        yield from _csv_chunks(path, chunk_size, keep_bad_lines, columns)
        return
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pf = pq.ParquetFile(path)
            for batch in pf.iter_batches(batch_size=chunk_size, columns=columns):
                yield batch.to_pylist()
            return
        import pandas as pd

        if fmt == "csv":
            sep = "\t" if ".tsv" in path.name.lower() else ","
            reader = pd.read_csv(
                path,
                sep=sep,
                chunksize=chunk_size,
                dtype=str,
                keep_default_na=False,
                usecols=columns,
            )
        else:
            reader = pd.read_json(path, lines=True, chunksize=chunk_size, dtype=False)
        with reader:
            for frame in reader:
                yield [_clean(r) for r in frame.to_dict(orient="records")]
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"cannot read {path} as {fmt}: {_first_line(exc)}") from exc
    except Exception as exc:  # pyarrow/pandas parser errors have many classes
        if type(exc).__module__.startswith(("pyarrow", "pandas")):
            raise InputError(
                f"cannot read {path} as {fmt}: {_first_line(exc)}"
            ) from exc
        raise


# -- JSON Lines without pandas -------------------------------------------------
# Importing pandas (and the pyarrow it pulls in) costs about 95 MB of resident
# memory in every batch process, so JSON Lines are read with the json module.
_OPENERS = {".gz": "gzip", ".xz": "lzma", ".bz2": "bz2"}
_PANDAS_ONLY = (".zst", ".zip", ".tar")
#: The key of the row standing for a JSON Lines line that is not an object.
BAD_LINE = "\x00bad line"
#: The key, in a row that had any, of the number of unpaired surrogates (JSON
#: escapes such as ``\ud800``, or their UTF-8 encoding) replaced with U+FFFD;
#: :func:`article_from_row` turns it into a warning of the article.
REPLACED = "\x00replaced"


def _json_module_reads(path: Path, fmt: str) -> bool:
    return fmt == "jsonl" and path.suffix.lower() not in _PANDAS_ONLY


def _open_binary(path: Path) -> Any:
    opener = _OPENERS.get(path.suffix.lower())
    if opener is None:
        return path.open("rb")
    import importlib

    return importlib.import_module(opener).open(path, "rb")


def _jsonl_chunks(
    path: Path,
    chunk_size: int,
    keep_bad: bool,
    *,
    warn: bool = True,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
) -> Iterator[list[dict[str, Any]]]:
    """JSON Lines rows in chunks; with *start* / *end*, only the lines that begin
    in that byte range (numbered from *first_line*), see :func:`read_part`."""
    size = max(1, chunk_size)
    rows: list[dict[str, Any]] = []
    lines = _DecodedLines(path, warn=warn)
    try:
        with _open_binary(path) as fh:
            for line in lines.of(_range_lines(fh, start, end), first=first_line):
                if lines.blank:
                    continue
                try:
                    if lines.problem:
                        raise InputError(lines.problem)
                    row, escaped = _jsonl_row(lines.number, line)
                    lines.mark(row, escaped)
                    rows.append(row)
                except InputError as exc:
                    if not keep_bad:
                        raise InputError(
                            f"cannot read {path} as jsonl: {exc}"
                        ) from None
                    rows.append({BAD_LINE: str(exc)})
                lines.problem = None
                lines.replaced = 0
                if len(rows) == size:
                    yield _fill_keys(rows)
                    rows = []
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read {path} as jsonl: {_first_line(exc)}") from exc
    if rows:
        yield _fill_keys(rows)


# -- parts of a corpus, for engines that split it ---------------------------------


@dataclass(frozen=True)
class Part:
    """One piece of a corpus file: the whole file, or (uncompressed JSON Lines)
    the lines that begin in the byte range ``[start, end)``."""

    path: str
    start: int = 0
    end: int | None = None


def split_parts(path: str | Path, blocksize: int) -> list[Part]:
    """*path* in parts of about *blocksize* bytes where lines allow (uncompressed
    JSON Lines), else one part: a quoted CSV field may hold a newline, and a
    compressed stream cannot be entered part-way."""
    path = Path(path)
    if not _json_module_reads(path, detect_format(path)) or path.suffix.lower() in (
        _COMPRESSIONS
    ):
        return [Part(str(path))]
    size = path.stat().st_size
    step = max(1, blocksize)
    return [
        Part(str(path), s, min(s + step, size)) for s in range(0, max(size, 1), step)
    ]


def part_lines(part: Part) -> tuple[int, int]:
    """``(rows, lines)`` of *part*: its rows, and the lines that begin in it (what
    the next part's line numbers start after)."""
    path = Path(part.path)
    if part.end is None:
        return len(read_part(part)), 0
    rows = lines = 0
    with path.open("rb") as fh:
        for raw in _range_lines(fh, part.start, part.end):
            lines += 1
            rows += bool(raw.strip())
    return rows, lines


def _range_lines(fh: Any, start: int, end: int | None) -> Iterator[bytes]:
    """The lines of binary *fh* that begin in the byte range ``[start, end)``
    (the line running across *start* is the previous range's)."""
    pos = 0
    if start > 0:
        fh.seek(start - 1)
        pos = start - 1 + len(fh.readline())
    for raw in fh:
        if end is not None and pos >= end:
            return
        pos += len(raw)
        yield raw


def read_part(part: Part, *, first_line: int = 1) -> list[dict[str, Any]]:
    """Every row of *part*, in order; a line or record that cannot be read is a
    row of its own holding ``BAD_LINE`` (as ``iter_chunks(keep_bad_lines=True)``).
    *first_line* is the file's line number of the part's first line."""
    path = Path(part.path)
    if part.end is None:
        return [
            r
            for c in iter_chunks(path, chunk_size=1 << 30, keep_bad_lines=True)
            for r in c
        ]
    return [
        r
        for c in _jsonl_chunks(
            path,
            1 << 30,
            True,
            start=part.start,
            end=part.end,
            first_line=first_line,
        )
        for r in c
    ]


# -- CSV with the csv module ----------------------------------------------------
# pandas stops at the first malformed record and fails on the first line that is
# not UTF-8; the csv module lets each such record become an error row of its own
# and each line be decoded on its own, as for JSON Lines.
_CSV_FIELD_LIMIT = 1 << 30
#: A record spanning more lines than this is taken for a quote never closed (the
#: csv module reads on to the next quote, or to the end of the file, as one field).
MAX_RECORD_LINES = 10_000


def _csv_module_reads(path: Path, fmt: str) -> bool:
    return fmt == "csv" and path.suffix.lower() not in _PANDAS_ONLY


def _csv_chunks(
    path: Path,
    chunk_size: int,
    keep_bad: bool,
    columns: list[str] | None,
    *,
    warn: bool = True,
    header: list[str] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """CSV rows in chunks (see :func:`iter_chunks`); *header*, if given, receives
    the column names once the header line is read."""
    import csv

    csv.field_size_limit(_CSV_FIELD_LIMIT)
    size = max(1, chunk_size)
    sep = "\t" if ".tsv" in path.name.lower() else ","
    lines = _DecodedLines(path, warn=warn)
    rows: list[dict[str, Any]] = []
    try:
        with _open_binary(path) as fh:
            record = _Record(path, sep)
            reader = csv.reader(record.track(lines.of(fh), lines), delimiter=sep)
            try:
                first = next(reader, None)
            except csv.Error as exc:
                lines.problem = lines.problem or str(exc)
                first = []
            record.done()
            if lines.problem:
                raise InputError(
                    f"cannot read {path} as csv: the header is not text "
                    f"({lines.problem})"
                )
            if first is None:
                return
            names = _header_names(first)
            if header is not None:
                header.extend(names)
            keep = _kept_columns(path, names, columns)
            width = len(names)
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    record.check_end()
                    break
                except csv.Error as exc:
                    fields, why = [], f"line {reader.line_num} is not valid CSV ({exc})"
                else:
                    why = None
                    if lines.problem:
                        why = lines.problem
                    elif len(fields) > width:
                        why = (
                            f"line {reader.line_num} has {len(fields)} fields, "
                            f"the header has {width}"
                        )
                record.done()
                lines.problem = None
                if why is not None:
                    if not keep_bad:
                        raise InputError(f"cannot read {path} as csv: {why}")
                    rows.append({BAD_LINE: why})
                elif fields:  # a blank line is not a row
                    fields += [""] * (width - len(fields))
                    row = {names[i]: fields[i] for i in keep}
                    lines.mark(row)
                    rows.append(row)
                lines.replaced = 0
                if len(rows) == size:
                    yield _fill_keys(rows)
                    rows = []
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read {path} as csv: {_first_line(exc)}") from exc
    if rows:
        yield _fill_keys(rows)


class _Record:
    """The lines of the CSV record being read, to catch a quote never closed:
    the csv module reads on to the next quote, or to the end of the file, as
    one field, and the rows in between would be lost without a word."""

    def __init__(self, path: Path, sep: str) -> None:
        self.path = path
        self.sep = sep
        self.lines: list[str] = []
        self.first = 1  # the line number of lines[0]
        self.last: list[str] = []  # the lines of the record read before
        self.last_first = 1

    def track(self, lines: Iterable[str], source: _DecodedLines) -> Iterator[str]:
        """*lines*, kept until :meth:`done`; raises :class:`InputError` when one
        record runs over :data:`MAX_RECORD_LINES` lines."""
        for line in lines:
            if not self.lines:
                self.first = source.number
            self.lines.append(line)
            if len(self.lines) > MAX_RECORD_LINES:
                opened = self._opened(self.lines, self.first)
                raise InputError(
                    f"cannot read {self.path} as csv: the quoted field opened on "
                    f"line {opened} runs over {MAX_RECORD_LINES:,} lines; "
                    "is its closing quote missing?"
                )
            yield line

    def done(self) -> None:
        """A record was read (or the end reached): start the next one."""
        if self.lines:
            self.last, self.last_first = self.lines, self.first
            self.lines = []

    def check_end(self) -> None:
        """At the end of the file: raise if the last record's quote never closed."""
        self.done()
        if not any('"' in line for line in self.last):
            return
        opened = self._opened(self.last, self.last_first)
        if opened is not None:
            raise InputError(
                f"cannot read {self.path} as csv: the quote opened on line "
                f"{opened} is never closed, so every line after it would be one "
                'field; close it (a quote inside a quoted field is written "")'
            )
        self.last = []

    def _opened(self, lines: list[str], first: int) -> int | None:
        text = "".join(lines)
        at = _unclosed_quote(text, self.sep)
        return None if at is None else first + text.count("\n", 0, at)


def _unclosed_quote(text: str, sep: str) -> int | None:
    """Offset of the quote in CSV *text* that opens a field and never closes
    (as the csv module reads it: a quote opens a field only at its start, and
    ``""`` inside a quoted field is a quote), or ``None``."""
    i, n = 0, len(text)
    at_start = True
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            close = i + 1
            while True:
                close = text.find('"', close)
                if close < 0:
                    return i
                if text.startswith('"', close + 1):
                    close += 2
                    continue
                break
            i, at_start = close + 1, False
            continue
        at_start = ch == sep or ch in "\r\n"
        i += 1
    return None


class _DecodedLines:
    """The lines of a binary file as text, each decoded on its own (see
    :func:`_decode_line`), warning once when one is not UTF-8; a UTF-8 BOM on
    line 1 is dropped. :attr:`number` is the current line's number and
    :attr:`blank` whether it holds only ASCII whitespace. A line that is not
    text at all is passed on decoded as latin-1 with :attr:`problem` set, for
    the reader to turn the record holding it into an error row (a generator
    that raised could not go on to the next line). Unpaired surrogates are
    replaced with U+FFFD and counted in :attr:`replaced` (for :meth:`mark`),
    with one warning per file."""

    def __init__(self, path: Path, *, warn: bool) -> None:
        self.path = path
        self.warned = not warn
        self.warned_surrogates = not warn
        self.problem: str | None = None
        self.number = 0
        self.blank = False
        self.replaced = 0

    def mark(self, row: dict[str, Any], escaped: int = 0) -> None:
        """Record in *row* the surrogates replaced in it: those counted in its
        lines, plus *escaped* (those its JSON escapes decoded to)."""
        n = self.replaced + escaped
        if not n:
            return
        row[REPLACED] = n
        if not self.warned_surrogates:
            self.warned_surrogates = True
            LOGGER.warning(
                "%s: line %d holds unpaired surrogates (not valid Unicode); "
                "replaced them (and any in other lines) with U+FFFD",
                self.path,
                self.number,
            )

    def of(self, raw_lines: Iterable[bytes], *, first: int = 1) -> Iterator[str]:
        for number, raw in enumerate(raw_lines, first):
            self.number = number
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            self.blank = not raw.strip()
            try:
                line, enc = _decode_line(number, raw)
            except InputError as exc:
                self.problem = self.problem or str(exc)
                line, enc = raw.decode("latin-1"), "utf-8"
            if enc == "utf-8" and not line.isascii():  # encoded surrogates?
                line, n = replace_surrogates(line)
                self.replaced += n
            if enc != "utf-8" and not self.warned:
                self.warned = True
                LOGGER.warning(
                    "%s: line %d is not valid UTF-8; decoded it (and any other "
                    "such line) as %s",
                    self.path,
                    number,
                    enc,
                )
            yield line


def _header_names(header: list[str]) -> list[str]:
    """Column names as pandas gives them: blanks ``Unnamed: i``, repeats ``a.1``."""
    names: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(header):
        name = name or f"Unnamed: {i}"
        base, n = name, 0
        while name in seen:
            n += 1
            name = f"{base}.{n}"
        seen.add(name)
        names.append(name)
    return names


def _kept_columns(path: Path, names: list[str], columns: list[str] | None) -> list[int]:
    if columns is None:
        return list(range(len(names)))
    missing = [c for c in columns if c not in names]
    if missing:
        raise InputError(f"cannot read {path} as csv: no column {missing[0]!r}")
    wanted = set(columns)
    return [i for i, name in enumerate(names) if name in wanted]


def _decode_line(number: int, raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from newscheck.ingest.text import decode_bytes

        decoded = decode_bytes(raw, what=f"line {number}")
        return decoded.text, decoded.encoding


def _jsonl_row(number: int, line: str) -> tuple[dict[str, Any], int]:
    """The object on JSON Lines line *number*, and the unpaired surrogates its
    escapes decoded to (replaced with U+FFFD)."""
    try:
        row = json.loads(line)
    except ValueError as exc:
        why = (
            # some messages end in "at" ("Invalid control character at")
            f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else str(exc)
        )
        raise InputError(f"line {number} is not valid JSON ({why})") from None
    if type(row) is not dict:
        raise InputError(f"line {number} is a JSON {type(row).__name__}, not an object")
    if "\\u" not in line:  # no escape, so no surrogate
        return row, 0
    fixed: dict[str, Any] = {}
    total = 0
    for k, v in row.items():
        k, n = replace_surrogates(k)
        fixed[k], m = _no_surrogates(v)
        total += n + m
    return fixed, total


def _no_surrogates(value: Any) -> tuple[Any, int]:
    """*value* with unpaired surrogates (not writable as UTF-8) as U+FFFD, and
    how many."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, dict | list):
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        out: dict[Any, Any] = {}
        total = 0
        for k, v in pairs:
            out[k], n = _no_surrogates(v)
            total += n
        if not total:
            return value, 0
        return (out if isinstance(value, dict) else list(out.values())), total
    return value, 0


def _fill_keys(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*rows*, every one holding every key of the chunk (``None`` if absent)."""
    keys = dict.fromkeys(k for row in rows for k in row)
    for row in rows:
        if len(row) != len(keys):
            for k in keys:
                row.setdefault(k, None)
    return rows


def column_names(path: str | Path) -> list[str]:
    """Column names of a corpus (reads only the first rows)."""
    path = Path(path)
    _check_file(path)
    if detect_format(path) == "parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as exc:
            raise InputError(
                f"cannot read {path} as parquet: {_first_line(exc)}"
            ) from exc
    fmt = detect_format(path)
    if _csv_module_reads(path, fmt):
        header: list[str] = []
        for _ in _csv_chunks(path, 1, True, None, warn=False, header=header):
            return header
        raise EmptyInputError(f"{path} has no rows")
    chunks = (
        # the encoding warning comes once, from the read of the rows themselves
        _jsonl_chunks(path, 50, True, warn=False)
        if _json_module_reads(path, fmt)
        else iter_chunks(path, chunk_size=50)
    )
    for chunk in chunks:
        good = [row for row in chunk if not row.get(BAD_LINE)]
        if not good:  # not one readable row: the file is not JSON Lines
            raise InputError(f"cannot read {path} as jsonl: {chunk[0][BAD_LINE]}")
        names: dict[str, None] = {}
        for row in good:
            names.update(dict.fromkeys(row))
        names.pop(BAD_LINE, None)
        names.pop(REPLACED, None)
        return list(names)
    raise EmptyInputError(f"{path} has no rows")


def count_rows(path: str | Path) -> int | None:
    """Number of rows if cheap to know (Parquet metadata, JSONL lines), else None."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    if fmt == "jsonl" and path.suffix.lower() not in _COMPRESSIONS:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    return None


def read_frame(path: str | Path) -> pd.DataFrame:
    """The whole table at *path* as a pandas DataFrame."""
    import pandas as pd

    frames = [
        pd.DataFrame.from_records(c) for c in iter_chunks(path, chunk_size=50_000)
    ]
    if not frames:
        raise EmptyInputError(f"{path} has no rows")
    frame = pd.concat(frames, ignore_index=True)
    return frame.drop(columns=[REPLACED], errors="ignore")


def article_from_row(
    row: dict[str, Any], columns: Columns, *, index: int, max_bytes: int
) -> Article:
    """The article in one corpus row; raises :class:`InputError` for a bad row."""
    from newscheck.ingest.text import check_size

    if row.get(BAD_LINE):
        raise InputError(f"row {index}: {row[BAD_LINE]}")
    text = _as_text(row.get(columns.text or "text"))
    if not text.strip():
        raise EmptyInputError(f"row {index}: the {columns.text!r} column is empty")
    check_size(
        len(text.encode("utf-8", "surrogatepass")), max_bytes, what=f"row {index}"
    )
    title = _as_text(row.get(columns.title)) if columns.title else ""
    url = _as_text(row.get(columns.url)) if columns.url else ""
    replaced = row.get(REPLACED)
    return article_from_text(
        text,
        title=title,
        id=row_id(row, columns, index=index),
        url=url or None,
        meta={"warnings": [surrogate_warning(replaced, "row")]} if replaced else None,
    )


def row_id(row: dict[str, Any], columns: Columns, *, index: int) -> str:
    """The row's id: the id column's value, else the 0-based row number."""
    if columns.id:
        value = _as_text(row.get(columns.id))
        if value:
            return value
    return str(index)


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in row.items()}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
