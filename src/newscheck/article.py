"""The article and the findings that point into it.

An :class:`Article` is immutable. Its ``title`` and ``body`` are the only texts
findings may point into; ``sentences`` are half-open character offsets into
``body``. A :class:`Finding` is built through :meth:`Finding.at` (or
:meth:`Article.finding`), the one gate that checks offsets and copies the text
from the article, so ``getattr(article, f.field)[f.start:f.end] == f.text`` always
holds.

Examples
--------
>>> a = Article(body="Prices rose 5%. Wages did not.")
>>> [a.body[s:e] for s, e in a.sentences]
['Prices rose 5%.', 'Wages did not.']
>>> a.finding("body", 12, 14, kind="quantity", label="percent").text
'5%'
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

from newscheck.errors import SpanError

__all__ = [
    "FIELDS",
    "Article",
    "Field",
    "Finding",
    "replace_surrogates",
    "split_sentences",
    "surrogate_warning",
]

Field = Literal["title", "body"]
FIELDS: tuple[Field, ...] = ("title", "body")

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen gov sen rep rev col lt sgt capt cmdr adm
    u.s u.k u.n e.g i.e etc vs no nos fig jan feb mar apr jun jul aug sep sept oct
    nov dec inc ltd co corp dept est approx a.m p.m""".split()
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# then whitespace. It starts where a run of terminal punctuation starts (the
# same matches: inside a run none can start), so a long run is read once, not
# once per character.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Split *text* into sentences, as ``(start, end)`` offsets without outer spaces.

    Paragraph breaks always end a sentence; inside a paragraph a sentence ends at
    ``.``, ``!``, ``?`` or ``…`` followed by space, unless the word before is a
    known abbreviation or a single letter, or the next word starts lowercase.
    """
    spans: list[tuple[int, int]] = []
    for pstart, pend in _paragraphs(text):
        start = pstart
        for m in _BOUNDARY.finditer(text, pstart, pend):
            end = m.end()
            if not _is_boundary(text, m.start(), end, pend):
                continue
            _append_trimmed(spans, text, start, end)
            start = end
        _append_trimmed(spans, text, start, pend)
    return tuple(spans)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _PARAGRAPH.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _word_before(text: str, end: int) -> str:
    """The run of non-space characters that ends at *end* ("" after a space)."""
    if end == 0 or text[end - 1].isspace():
        return ""
    lo = max(0, end - 24)
    tail = text[lo:end].rsplit(None, 1)[-1]  # the window's last run
    if end - len(tail) > lo or lo == 0 or text[lo - 1].isspace():
        return tail
    start = lo  # a run longer than the window
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(text: str, punct: int, end: int, limit: int) -> bool:
    if text[punct] == ".":
        word = _word_before(text, punct).lower().lstrip("\"'“‘(")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    nxt = end
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    return not (nxt < limit and text[nxt].islower())


def _append_trimmed(
    spans: list[tuple[int, int]], text: str, start: int, end: int
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# A surrogate pair (combined into its character) or a lone surrogate.
_SURROGATES = re.compile("([\ud800-\udbff][\udc00-\udfff])|[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    r"""*text* with every unpaired UTF-16 surrogate replaced by U+FFFD, and how many.

    Surrogates are what a JSON escape such as ``"\ud800"`` decodes to; they
    are not Unicode characters and cannot be written as UTF-8. A high surrogate
    followed by a low one is combined into the character the pair encodes.

    >>> replace_surrogates("a\ud800b") == ("a\ufffdb", 1)
    True
    """
    if text.isascii():
        return text, 0
    try:  # the common case: one pass in C, ~20x faster than a regex search
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, 0
    lone = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal lone
        pair = m.group(1)
        if pair is not None:
            return pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        lone += 1
        return "\ufffd"

    return _SURROGATES.sub(fix, text), lone


def surrogate_warning(n: int, where: str) -> str:
    """The warning for *n* unpaired surrogates replaced in *where*."""
    s = "" if n == 1 else "s"
    return (
        f"replaced {n} unpaired surrogate{s} (not valid Unicode) in the {where} "
        "with U+FFFD"
    )


def _scrub(value: Any) -> tuple[Any, int, bool]:
    """JSON-like *value* with unpaired surrogates replaced (and pairs combined):
    ``(value, surrogates replaced, whether anything changed)``."""
    if isinstance(value, str):
        new, n = replace_surrogates(value)
        return new, n, new is not value
    if isinstance(value, Mapping | list | tuple):
        pairs = value.items() if isinstance(value, Mapping) else enumerate(value)
        out: dict[Any, Any] = {}
        total, changed = 0, False
        for k, v in pairs:
            if isinstance(k, str):
                k, n, c = _scrub(k)
                total, changed = total + n, changed or c
            out[k], n, c = _scrub(v)
            total, changed = total + n, changed or c
        if not changed:
            return value, 0, False
        return (out if isinstance(value, Mapping) else list(out.values())), total, True
    return value, 0, False


_new = object.__new__
_set = object.__setattr__
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_SCALARS = frozenset((str, int, float, bool, type(None)))
_MAPPINGS = frozenset((dict, MappingProxyType))


def _freeze(value: Any) -> Any:
    """Deep read-only copy of JSON-like data."""
    t = type(value)
    if t in _SCALARS:  # the common case first: exact types, no ABC check
        return value
    if t in _MAPPINGS or isinstance(value, Mapping):
        if not value:
            return MappingProxyType({})
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if t is list or t is tuple or isinstance(value, list | tuple):
        return tuple([_freeze(v) for v in value])
    return value


def thaw(value: Any) -> Any:
    """Plain ``dict``/``list`` copy of data frozen by :class:`Finding`."""
    t = type(value)
    if t in _SCALARS:
        return value
    if t in _MAPPINGS or isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()} if value else {}
    if t is tuple or isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an analyzer found, tied to ``article.<field>[start:end]``.

    Build findings with :meth:`at`; the constructor itself only checks types.

    Attributes
    ----------
    field
        ``"title"`` or ``"body"``.
    start, end
        Half-open character offsets into that field.
    text
        The exact characters at those offsets.
    kind
        The family of finding (``"propaganda"``, ``"claim"``, ``"quantity"``, ...).
    label
        The specific label within the kind (a technique, a verdict, a unit).
    score
        A probability or strength in ``[0, 1]`` where the analyzer has one.
    evidence
        JSON-like details (read-only): definitions, arithmetic, matched records.
    """

    field: Field
    start: int
    end: int
    text: str
    kind: str
    label: str
    score: float | None = None
    evidence: Mapping[str, Any] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise SpanError(
                f"finding field must be one of {FIELDS}, not {self.field!r}"
            )
        if not (0 <= self.start <= self.end) or len(self.text) != self.end - self.start:
            raise SpanError(
                f"finding offsets {self.start}:{self.end} do not match its text"
            )
        object.__setattr__(self, "evidence", _freeze(self.evidence))

    @classmethod
    def at(
        cls,
        article: Article,
        field: Field,
        start: int,
        end: int,
        *,
        kind: str,
        label: str,
        score: float | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> Finding:
        """The finding at ``article.<field>[start:end]``; raises :class:`SpanError`
        if the offsets are out of bounds."""
        text = article.text_of(field)
        if not (0 <= start <= end <= len(text)):
            raise SpanError(
                f"span {start}:{end} is outside {field} of length {len(text)}"
            )
        if cls is Finding:
            # What __post_init__ checks holds already (text_of took the field,
            # the offsets are in bounds and the text is their slice): only the
            # evidence is left to freeze. Analyzers build tens of findings per
            # article; this skips the dataclass __init__ and the checks.
            f = _new(cls)
            _set(f, "field", field)
            _set(f, "start", start)
            _set(f, "end", end)
            _set(f, "text", text[start:end])
            _set(f, "kind", kind)
            _set(f, "label", label)
            _set(f, "score", None if score is None else float(score))
            _set(f, "evidence", _freeze(evidence) if evidence else _EMPTY)
            return f
        return cls(
            field=field,
            start=start,
            end=end,
            text=text[start:end],
            kind=kind,
            label=label,
            score=None if score is None else float(score),
            evidence=evidence or {},
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "label": self.label,
            "score": self.score,
            "evidence": thaw(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A news article: the unit every analyzer reads.

    ``sentences`` are computed once from ``body`` and are ``(start, end)`` offsets
    into it. ``meta`` holds anything else the source provided (read-only).
    """

    body: str
    title: str = ""
    id: str | None = None
    url: str | None = None
    domain: str | None = None
    published: str | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    sentences: tuple[tuple[int, int], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.body, str) or not isinstance(self.title, str):
            raise TypeError("Article title and body must be str")
        warnings = self._replace_surrogates()
        if self.domain is None and self.url:
            object.__setattr__(self, "domain", _host(self.url))
        if warnings:
            meta = dict(self.meta)
            meta["warnings"] = [*(meta.get("warnings") or ()), *warnings]
            object.__setattr__(self, "meta", meta)
        object.__setattr__(self, "meta", _freeze(self.meta))
        object.__setattr__(self, "sentences", split_sentences(self.body))

    def _replace_surrogates(self) -> list[str]:
        """Replace unpaired surrogates in every text field; the warnings."""
        warnings: list[str] = []
        for name in ("title", "body", "id", "url", "domain", "published"):
            value = getattr(self, name)
            if type(value) is str and not value.isascii():
                new, n = replace_surrogates(value)
                if new is not value:
                    object.__setattr__(self, name, new)
                if n:
                    warnings.append(surrogate_warning(n, name))
        if self.meta:
            meta, n, changed = _scrub(self.meta)
            if changed:
                object.__setattr__(self, "meta", meta)
            if n:
                warnings.append(surrogate_warning(n, "metadata"))
        return warnings

    def text_of(self, field: Field) -> str:
        """The text of *field* (``"title"`` or ``"body"``)."""
        if field == "body":
            return self.body
        if field == "title":
            return self.title
        raise SpanError(f"unknown article field {field!r}")

    def finding(
        self,
        field: Field,
        start: int,
        end: int,
        *,
        kind: str,
        label: str,
        score: float | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> Finding:
        """Shortcut for :meth:`Finding.at` on this article."""
        return Finding.at(
            self,
            field,
            start,
            end,
            kind=kind,
            label=label,
            score=score,
            evidence=evidence,
        )

    def sentence_texts(self) -> list[str]:
        """The text of each sentence of the body."""
        return [self.body[s:e] for s, e in self.sentences]

    @property
    def full_text(self) -> str:
        """Title and body joined by a blank line (what text models read)."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def word_count(self) -> int:
        """Whitespace-separated words in title and body."""
        return len(self.title.split()) + len(self.body.split())

    def fewer_words_than(self, n: int) -> bool:
        """``word_count < n``, reading only as far as the *n*-th word.

        >>> Article(title="Vote", body="It passed.").fewer_words_than(3)
        False
        """
        if n <= 0:
            return False
        # split(None, k) gives min(words, k + 1) parts
        in_title = len(self.title.split(None, n))
        return in_title < n and in_title + len(self.body.split(None, n - in_title)) < n

    def content_hash(self) -> str:
        """SHA-256 of title, body and URL: the identity of the analysed content.

        Ingest warnings (``meta["warnings"]``, e.g. unpaired surrogates replaced
        by U+FFFD) are part of it, so a text that really holds U+FFFD and one
        whose surrogates were replaced are told apart; an article with no
        warnings hashes as it always did.
        """
        h = hashlib.sha256()
        for part in (self.title, self.body, self.url or "", self.domain or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        for warning in self.meta.get("warnings") or ():
            h.update(b"\x01" + str(warning).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (without the derived sentences)."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "domain": self.domain,
            "published": self.published,
            "meta": thaw(self.meta),
            "sentences": [list(s) for s in self.sentences],
        }


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None
