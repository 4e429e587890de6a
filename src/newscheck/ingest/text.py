"""Bytes → text, and plain text → :class:`Article`.

Decoding is strict UTF-8 first; a UTF-8 or UTF-16 byte-order mark is removed, and
text that is not UTF-8 is decoded as cp1252 (or latin-1, which never fails) with
a warning. Bytes that look binary are refused. Encoded unpaired surrogates (UTF-8
or UTF-16 that is valid but for them) are decoded as such; the
:class:`~newscheck.article.Article` built from the text replaces them with U+FFFD
and says so in ``meta["warnings"]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newscheck.article import Article
from newscheck.errors import BinaryInputError, EmptyInputError, InputTooLargeError

__all__ = ["Decoded", "article_from_text", "check_size", "decode_bytes"]

# Magic numbers of common binary formats users hand us by mistake.
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\xfd7zXZ": "an xz archive",
    b"BZh": "a bzip2 archive",
    b"\x7fELF": "an executable",
    b"PAR1": "a Parquet file (use `newscheck batch` for corpora)",
    b"SQLite format 3": "a SQLite database",
}
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_NUMERIC_LINE = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)*\s*$")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and any warnings."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def check_size(n_bytes: int, limit: int, *, what: str = "input") -> None:
    """Raise :class:`InputTooLargeError` if *n_bytes* exceeds *limit*."""
    if n_bytes > limit:
        raise InputTooLargeError(
            f"{what} is {n_bytes:,} bytes, over the {limit:,}-byte limit",
            hint="raise it with --max-bytes or NEWSCHECK_MAX_INPUT_BYTES",
        )


def decode_bytes(data: bytes, *, what: str = "input") -> Decoded:
    """Decode *data* to text, refusing binary data.

    Raises
    ------
    BinaryInputError
        If *data* is a known binary format or is full of control bytes.
    """
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"{what} is {kind}, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16", "surrogatepass")
            return Decoded(text, "utf-16", ("removed a UTF-16 BOM",))
        except UnicodeDecodeError as exc:
            raise BinaryInputError(
                f"{what} has a UTF-16 BOM but is not UTF-16"
            ) from exc
    head = data[:8192]
    if b"\x00" in head or (
        head and sum(b in _CONTROL for b in head) / len(head) > 0.05
    ):
        raise BinaryInputError(f"{what} looks like binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "utf-8-sig", (f"removed a UTF-8 BOM from {what}",))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:  # UTF-8 but for encoded surrogates: replaced when the Article is built
        return Decoded(data.decode("utf-8", "surrogatepass"), "utf-8")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return Decoded(
            text,
            enc,
            (f"{what} is not valid UTF-8 (byte {bad}); decoded it as {enc}",),
        )
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
    domain: str | None = None,
    published: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Article:
    """Build an :class:`Article` from plain text.

    Layout recognised (as in the shipped examples): a title line, a blank line,
    optionally lines holding only numbers (kept as ``meta["numbers"]``, not body)
    followed by a blank line, then the body. A first line is taken as the title
    only when it is short and followed by a blank line; otherwise the whole text
    is the body. An explicit *title* wins and the text is all body.

    Raises
    ------
    EmptyInputError
        If no body text remains.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    extra: dict[str, Any] = dict(meta or {})
    if title is None:
        title, text, numbers = _split_layout(text)
        if numbers:
            extra["numbers"] = numbers
    body = text.strip()
    if not body:
        raise EmptyInputError("the article has no text")
    return Article(
        body=body,
        title=(title or "").strip(),
        id=id,
        url=url,
        domain=domain,
        published=published,
        meta=extra,
    )


def _split_layout(text: str) -> tuple[str, str, list[str]]:
    lines = text.lstrip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    if (
        len(lines) < 3
        or not first
        or len(first) > 300
        or lines[1].strip()
        or _NUMERIC_LINE.match(first)
    ):
        return "", text, []
    rest = lines[2:]
    # Skip further blank lines, then a block of numeric-only lines + blank line.
    i = 0
    while i < len(rest) and not rest[i].strip():
        i += 1
    j = i
    while j < len(rest) and _NUMERIC_LINE.match(rest[j]):
        j += 1
    numbers: list[str] = []
    if j > i and (j == len(rest) or not rest[j].strip()):
        numbers = [ln.strip() for ln in rest[i:j]]
        i = j
    return first, "\n".join(rest[i:]), numbers
