"""Readers and the importer of fact-check records.

Every reader yields ``(line, record_or_problem)`` pairs: a
:class:`ClaimRecord` that passed validation, or a :class:`Problem` naming the
line of a record that did not. :func:`import_records` writes the records in one
transaction, inserting new ``(source, source_id)`` keys and updating changed ones,
so importing the same file twice changes nothing.

Formats
-------
- LIAR (``train/valid/test.tsv[.xz]``): :func:`read_liar`.
- CheckThat! 2020 Task 2 verified claims (``verified_claims.docs.tsv`` or the
  shared ``checkthat2020.tar.xz``): :func:`read_checkthat`.
- schema.org ClaimReview JSON / JSON-LD (one object, an array, an ``@graph``, a
  Google Fact Check Tools ``{"claims": [...]}`` answer, or JSON Lines), and flat
  records with a ``claim`` key: :func:`read_json`.
- CSV / TSV with a header naming at least ``claim``: :func:`read_csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import lzma
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newscheck.errors import InputError, StoreError, UnsupportedFormatError
from newscheck.factcheck.schema import FactCheck
from newscheck.factcheck.verdicts import NORMALISED_VERDICTS, normalise_verdict

__all__ = [
    "ClaimRecord",
    "ImportResult",
    "Problem",
    "import_records",
    "make_record",
    "read_checkthat",
    "read_csv",
    "read_file",
    "read_json",
    "read_liar",
    "write_jsonl",
]

LOGGER = logging.getLogger(__name__)

_MAX_CLAIM = 20_000
_MAX_SHORT = 512


class RecordError(ValueError):
    """One record is invalid (reported with its line; the rest are imported)."""


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One validated fact-check, ready for the ``factchecks`` table."""

    source: str
    source_id: str
    claim: str
    title: str | None = None
    claimant: str | None = None
    date: dt.date | None = None
    verdict: str | None = None
    normalised_verdict: str = "other"
    publisher: str | None = None
    url: str | None = None
    language: str | None = None

    def as_row(self) -> dict[str, Any]:
        """The record as column values."""
        return asdict(self)

    def as_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (dates as ISO strings, no empty fields)."""
        out = {k: v for k, v in asdict(self).items() if v is not None}
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that was not imported: its 1-based line and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class ImportResult:
    """What :func:`import_records` did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Records written or already present."""
        return self.inserted + self.updated + self.unchanged


Item = tuple[int, "ClaimRecord | Problem"]
_FIELDS = tuple(f.name for f in fields(ClaimRecord))


def _text(value: Any, name: str, *, limit: int = _MAX_SHORT) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text, not {type(value).__name__}")
    value = " ".join(value.split())
    if len(value) > limit:
        raise RecordError(f"{name} is longer than {limit} characters")
    return value or None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RecordError(f"date must be an ISO date string, not {value!r}")
    text = value.strip()
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def make_record(
    *,
    source: Any,
    claim: Any,
    source_id: Any = None,
    title: Any = None,
    claimant: Any = None,
    date: Any = None,
    verdict: Any = None,
    normalised_verdict: Any = None,
    publisher: Any = None,
    url: Any = None,
    language: Any = None,
    rating: tuple[float, float, float] | None = None,
) -> ClaimRecord:
    """Validate raw values into a :class:`ClaimRecord`.

    A missing ``source_id`` is taken from the URL, else from a hash of the claim,
    publisher and date. A missing ``normalised_verdict`` is derived from
    ``verdict`` (and a numeric *rating*). Raises :class:`RecordError`.
    """
    claim_text = _text(claim, "claim", limit=_MAX_CLAIM)
    if not claim_text:
        raise RecordError("claim is empty")
    src = _text(source, "source", limit=64)
    if not src:
        raise RecordError("source is empty")
    link = _text(url, "url", limit=4096)
    if link and not link.lower().startswith(("http://", "https://")):
        raise RecordError(f"url must start with http:// or https://: {link[:80]!r}")
    day = _date(date)
    pub = _text(publisher, "publisher")
    sid = _text(source_id, "source_id")
    if not sid:
        sid = (
            link
            or "sha1:"
            + hashlib.sha1(f"{claim_text}\x1f{pub}\x1f{day}".encode()).hexdigest()
        )
        sid = sid[:_MAX_SHORT]
    said = _text(verdict, "verdict")
    norm = _text(normalised_verdict, "normalised_verdict")
    if norm is None:
        norm = normalise_verdict(said, source=src, rating=rating)
    elif norm not in NORMALISED_VERDICTS:
        raise RecordError(
            f"normalised_verdict {norm!r} is not one of "
            + ", ".join(NORMALISED_VERDICTS)
        )
    return ClaimRecord(
        source=src,
        source_id=sid,
        claim=claim_text,
        title=_text(title, "title", limit=_MAX_CLAIM),
        claimant=_text(claimant, "claimant"),
        date=day,
        verdict=said,
        normalised_verdict=norm,
        publisher=pub,
        url=link,
        language=_text(language, "language", limit=16),
    )


def _checked(line: int, build: Any) -> Item:
    try:
        return line, build()
    except RecordError as exc:
        return line, Problem(line, str(exc))


# --------------------------------------------------------------------------- LIAR


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".xz":
        return io.TextIOWrapper(lzma.open(path), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_liar(path: str | Path) -> Iterator[Item]:
    """LIAR statements from one ``*.tsv[.xz]`` file or a directory of them.

    Fields: statement id → ``source_id``, label → ``verdict``, speaker →
    ``claimant``; publisher PolitiFact, language ``en``.
    """
    path = Path(path)
    files = (
        sorted(p for p in path.iterdir() if p.name.endswith((".tsv", ".tsv.xz")))
        if path.is_dir()
        else [path]
    )
    for file in files:
        with _open_text(file) as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            for lineno, row in enumerate(reader, 1):
                yield _checked(lineno, lambda row=row: _liar_record(row))


def _liar_record(row: list[str]) -> ClaimRecord:
    if len(row) < 5:
        raise RecordError(f"expected 14 tab-separated columns, got {len(row)}")
    sid = row[0].removesuffix(".json")
    speaker = row[4].replace("-", " ").title() if row[4] else None
    return make_record(
        source="liar",
        source_id=sid,
        claim=row[2],
        claimant=speaker,
        verdict=row[1],
        publisher="PolitiFact",
        language="en",
    )


# ---------------------------------------------------------------------- CheckThat


def read_checkthat(path: str | Path) -> Iterator[Item]:
    """CheckThat! 2020 Task 2 verified claims (Snopes).

    *path* is ``verified_claims.docs.tsv``, a directory holding it, or the
    shared ``checkthat2020.tar.xz``. The vclaim id is the ``source_id``; the
    Snopes headline is the ``title``. The dataset carries no rating, so
    ``verdict`` is empty and the normalised verdict ``other``.
    """
    path = Path(path)
    if path.is_dir():
        hits = sorted(path.rglob("verified_claims.docs.tsv")) or sorted(
            path.rglob("*.tar.xz")
        )
        if not hits:
            raise InputError(f"no verified_claims.docs.tsv under {path}")
        path = hits[0]
    if path.name.endswith((".tar.xz", ".tar.gz", ".tar")):
        with tarfile.open(path) as tar:
            member = next(
                (m for m in tar if m.name.endswith("task2/verified_claims.docs.tsv")),
                None,
            )
            if member is None:
                raise InputError(f"{path} has no task2/verified_claims.docs.tsv")
            raw = tar.extractfile(member)
            assert raw is not None
            text = raw.read().decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    next(reader, None)  # header: "", vclaim, title
    for row in reader:
        line = reader.line_num
        yield _checked(line, lambda row=row: _checkthat_record(row))


def _checkthat_record(row: list[str]) -> ClaimRecord:
    if len(row) < 2:
        raise RecordError(f"expected id, vclaim, title; got {len(row)} columns")
    return make_record(
        source="checkthat2020",
        source_id=row[0],
        claim=row[1],
        title=row[2] if len(row) > 2 else None,
        publisher="Snopes",
        language="en",
    )


# ----------------------------------------------------------------------- ClaimReview


def _name(value: Any) -> Any:
    """The ``name`` of a schema.org Person/Organization (or the value itself)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return value.get("name") or value.get("url")
    return value


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", ())
    return {t} if isinstance(t, str) else set(t)


def _claimreview_records(obj: Any, source: str | None) -> list[ClaimRecord]:
    """Records from one JSON object (ClaimReview, Google claim, or flat record)."""
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}")
    if "ClaimReview" in _types(obj):
        item = obj.get("itemReviewed") or {}
        if not isinstance(item, dict):
            item = {}
        rating = obj.get("reviewRating") or {}
        if isinstance(rating, list):
            rating = rating[0] if rating else {}
        value, worst, best = (
            _number(rating.get(k)) for k in ("ratingValue", "worstRating", "bestRating")
        )
        numeric = (value, worst, best) if None not in (value, worst, best) else None
        lang = obj.get("inLanguage")
        return [
            make_record(
                source=source or "claimreview",
                source_id=obj.get("identifier"),
                claim=obj.get("claimReviewed") or item.get("name"),
                title=obj.get("name") or obj.get("headline"),
                claimant=_name(item.get("author")),
                date=obj.get("datePublished") or item.get("datePublished"),
                verdict=rating.get("alternateName") or rating.get("name"),
                publisher=_name(obj.get("author")) or _name(obj.get("publisher")),
                url=obj.get("url"),
                language=_name(lang) if isinstance(lang, dict) else lang,
                rating=numeric,  # type: ignore[arg-type]
            )
        ]
    if "claimReview" in obj:  # Google Fact Check Tools API claim
        reviews = obj["claimReview"]
        if not isinstance(reviews, list) or not reviews:
            raise RecordError("claimReview must be a non-empty list")
        out = []
        for review in reviews:
            if not isinstance(review, dict):
                raise RecordError("each claimReview must be an object")
            pub = review.get("publisher") or {}
            out.append(
                make_record(
                    source=source or "claimreview",
                    claim=obj.get("text"),
                    title=review.get("title"),
                    claimant=obj.get("claimant"),
                    date=review.get("reviewDate") or obj.get("claimDate"),
                    verdict=review.get("textualRating"),
                    publisher=_name(pub) if isinstance(pub, dict) else pub,
                    url=review.get("url"),
                    language=review.get("languageCode"),
                )
            )
        return out
    if "claim" in obj:  # a flat record (the format newscheck itself writes)
        unknown = set(obj) - set(_FIELDS)
        if unknown:
            raise RecordError(f"unknown field(s): {', '.join(sorted(unknown))}")
        values = dict(obj)
        values["source"] = source or values.get("source") or "json"
        return [make_record(**values)]
    raise RecordError("not a ClaimReview: no @type ClaimReview, claimReview or claim")


_CONTAINERS = ("@graph", "claims", "itemListElement", "dataFeedElement", "records")


def _positions(text: str) -> Iterator[tuple[int, Any]]:
    """``(offset, object)`` for each record of a JSON document.

    The records are the document itself, the elements of a top-level array, or the
    elements of a top-level object's ``@graph``/``claims``/… array.
    """
    dec = json.JSONDecoder()
    ws = " \t\r\n"

    def skip(i: int) -> int:
        while i < len(text) and text[i] in ws:
            i += 1
        return i

    def array(i: int) -> Iterator[tuple[int, Any]]:
        i = skip(i + 1)
        if text[i : i + 1] == "]":
            return
        while True:
            obj, end = dec.raw_decode(text, i)
            yield i, obj
            i = skip(end)
            if text[i : i + 1] == ",":
                i = skip(i + 1)
                continue
            if text[i : i + 1] == "]":
                return
            raise json.JSONDecodeError("expected , or ]", text, i)

    i = skip(0)
    if text[i : i + 1] == "[":
        yield from array(i)
        return
    whole, _ = dec.raw_decode(text, i)
    key = next(
        (
            k
            for k in _CONTAINERS
            if isinstance(whole, dict) and isinstance(whole.get(k), list)
        ),
        None,
    )
    if key is None:
        yield i, whole
        return
    # Walk the top-level object to find where the container array starts.
    j = skip(i + 1)
    while text[j : j + 1] != "}":
        name, j = dec.raw_decode(text, j)
        j = skip(skip(j) + 1)  # past ':'
        if name == key:
            yield from array(j)
            return
        _, j = dec.raw_decode(text, j)
        j = skip(j)
        if text[j : j + 1] == ",":
            j = skip(j + 1)


def read_json(path: str | Path, *, source: str | None = None) -> Iterator[Item]:
    """ClaimReview JSON / JSON-LD, Google Fact Check answers, or JSON Lines.

    A ``.jsonl`` / ``.ndjson`` file (optionally ``.xz``) is read one object a
    line; anything else as one JSON document whose records are located by
    character offset so each problem carries its line number.
    """
    path = Path(path)
    name = path.name.removesuffix(".xz")
    with _open_text(path) as fh:
        text = fh.read()
    if name.endswith((".jsonl", ".ndjson")):
        for lineno, raw in enumerate(text.splitlines(), 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield lineno, Problem(lineno, f"invalid JSON: {exc.msg}")
                continue
            yield from _expand(lineno, obj, source)
        return
    try:
        for offset, obj in _positions(text):
            yield from _expand(text.count("\n", 0, offset) + 1, obj, source)
    except json.JSONDecodeError as exc:
        yield exc.lineno, Problem(exc.lineno, f"invalid JSON: {exc.msg}; rest skipped")


def _expand(line: int, obj: Any, source: str | None) -> Iterator[Item]:
    try:
        for rec in _claimreview_records(obj, source):
            yield line, rec
    except RecordError as exc:
        yield line, Problem(line, str(exc))


# ------------------------------------------------------------------------------ CSV

_CSV_ALIASES = {
    "claimreviewed": "claim",
    "text": "claim",
    "statement": "claim",
    "rating": "verdict",
    "textualrating": "verdict",
    "label": "verdict",
    "author": "claimant",
    "speaker": "claimant",
    "reviewdate": "date",
    "datepublished": "date",
    "lang": "language",
    "languagecode": "language",
    "id": "source_id",
}


def read_csv(path: str | Path, *, source: str | None = None) -> Iterator[Item]:
    """A CSV (or ``.tsv``) file with a header; only ``claim`` is required.

    Columns are matched case-insensitively to the record fields, with common
    aliases (``claimReviewed``, ``textualRating``, ``rating``, ``speaker`` …);
    unknown columns are ignored.
    """
    path = Path(path)
    delimiter = "\t" if path.name.removesuffix(".xz").endswith(".tsv") else ","
    with _open_text(path) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        names = []
        for col in header:
            key = col.strip().lower().replace(" ", "_")
            key = _CSV_ALIASES.get(key.replace("_", ""), key)
            names.append(key if key in _FIELDS else None)
        if "claim" not in names:
            raise InputError(f"{path}: the CSV header has no 'claim' column")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            values = {n: (v or None) for n, v in zip(names, row, strict=False) if n}
            values["source"] = source or values.get("source") or "csv"
            if len(row) != len(header):
                yield (
                    line,
                    Problem(line, f"expected {len(header)} columns, got {len(row)}"),
                )
                continue
            yield _checked(line, lambda values=values: make_record(**values))


def read_file(path: str | Path, *, source: str | None = None) -> Iterator[Item]:
    """Dispatch on the file extension: JSON(-LD/Lines) or CSV/TSV."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    name = path.name.lower().removesuffix(".xz")
    if name.endswith((".json", ".jsonld", ".json-ld", ".jsonl", ".ndjson")):
        return read_json(path, source=source)
    if name.endswith((".csv", ".tsv")):
        return read_csv(path, source=source)
    raise UnsupportedFormatError(
        f"cannot import {path.name}: use .json, .jsonld, .jsonl, .csv or .tsv"
    )


# --------------------------------------------------------------------------- import


def import_records(
    engine: Engine, items: Iterable[Item], *, batch_size: int = 2000
) -> ImportResult:
    """Write valid records in one transaction; collect problems.

    New ``(source, source_id)`` keys are inserted, existing ones updated only if a
    field changed; a key repeated in *items* keeps its last record. On a database
    error nothing is written and :class:`~newscheck.errors.StoreError` is raised.
    """
    result = ImportResult()
    try:
        FactCheck.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
        with Session(engine) as session, session.begin():
            pending: dict[tuple[str, str], ClaimRecord] = {}
            for _line, item in items:
                if isinstance(item, Problem):
                    result.problems.append(item)
                    continue
                key = (item.source, item.source_id)
                if key in pending:
                    result.unchanged += 1  # superseded by a later duplicate
                pending[key] = item
                if len(pending) >= batch_size:
                    _write(session, pending, result)
                    pending = {}
            if pending:
                _write(session, pending, result)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"could not write fact-checks: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}"
        ) from exc
    return result


def _write(
    session: Session, pending: dict[tuple[str, str], ClaimRecord], result: ImportResult
) -> None:
    cols = [getattr(FactCheck, f) for f in _FIELDS]
    existing: dict[tuple[str, str], Any] = {}
    keys = list(pending)
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        rows = session.execute(
            select(FactCheck.id, *cols).where(
                tuple_(FactCheck.source, FactCheck.source_id).in_(chunk)
            )
        )
        for row in rows:
            existing[(row.source, row.source_id)] = row
    inserts, updates = [], []
    for key, rec in pending.items():
        values = rec.as_row()
        old = existing.get(key)
        if old is None:
            inserts.append(values)
        elif any(getattr(old, f) != values[f] for f in _FIELDS):
            updates.append({"id": old.id, **values})
        else:
            result.unchanged += 1
    if inserts:
        session.execute(FactCheck.__table__.insert(), inserts)  # type: ignore[attr-defined]
    if updates:
        session.execute(update(FactCheck), updates)
    result.inserted += len(inserts)
    result.updated += len(updates)


def write_jsonl(records: Iterable[ClaimRecord], path: str | Path) -> int:
    """Write *records* as xz-compressed (by suffix) JSON Lines; returns the count."""
    path = Path(path)
    n = 0
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        for rec in records:
            fh.write(json.dumps(rec.as_json(), ensure_ascii=False, sort_keys=True))
            fh.write("\n")
            n += 1
    return n
