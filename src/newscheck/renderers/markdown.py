"""The ``markdown`` format: summary, findings table and the marked-up text.

Highlighted text is **bold**; after each span comes its number and human label
as inline code, e.g. ``**corrupt elite** `[3 Name calling]```. Only findings a
person should see are listed (see :func:`~newscheck.renderers._common.visible`);
fact-check matches are listed under their claim. Overlapping spans
are merged into one bold run (the union of the spans), with every span's marker
at its own end. Article text is escaped so that it never becomes Markdown or
HTML markup (``*``, ``_``, ``<``, ``[`` ... are backslash-escaped).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from newscheck.renderers._common import (
    display_label,
    explain,
    factcheck_lines,
    hidden_line,
    kind_label,
    numbered,
    summarize,
    visible,
)
from newscheck.report import FindingModel, Report

__all__ = ["escape", "render"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
_LINE_DASH = re.compile(r"^(\s*)([-=+])", re.MULTILINE)
_LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]`|]+$", re.IGNORECASE)


def escape(text: str) -> str:
    """*text* with Markdown/HTML metacharacters backslash-escaped.

    >>> print(escape("<b>*hi*</b>"))
    \\<b\\>\\*hi\\*\\</b\\>
    """
    out = _SPECIAL.sub(r"\\\1", text)
    out = _LINE_START.sub(r"\1\2\\\3", out)
    return _LINE_DASH.sub(r"\1\\\2", out)


def _cell(text: str) -> str:
    """Escape for a table cell: also no line breaks."""
    return escape(" ".join(text.split()))


def render(
    report: Report,
    *,
    color: bool = False,
    display: Mapping[str, float] | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown (*color* is ignored; *display*:
    the lowest score shown per kind)."""
    report, hidden = visible(report, display)
    s = summarize(report, hidden)
    items = numbered(report)
    a = report.article
    lines: list[str] = []
    title = a.title.strip() or "(untitled)"
    lines.append(f"# newscheck report: {_cell(title)}")
    lines.append("")
    meta = [_cell(p) for p in (a.domain, a.published, a.url) if p]
    if meta:
        lines += [" · ".join(meta), ""]
    lines.append("## Summary")
    lines.append("")
    for head, text in s.rows:
        if head.startswith("  "):
            lines.append(f"  - *{_cell(head.strip())}*: {_cell(text)}")
        elif head:
            lines.append(f"- **{_cell(head)}**: {_cell(text)}")
        else:
            lines.append(f"  - {_cell(text)}")
    lines.append("")
    lines.append("## Findings")
    lines.append("")
    if hidden:
        lines += [_cell(hidden_line(hidden)), ""]
    if items:
        lines.append("| # | where | kind | label | score | text | why |")
        lines.append("|--:|---|---|---|--:|---|---|")
        for n, f in items:
            score = "" if f.score is None else f"{f.score:.2f}"
            lines.append(
                f"| {n} | {f.field} {f.start}–{f.end} | {_cell(kind_label(f.kind))} | "
                f"{_cell(display_label(f))} | {score} | {_cell(_clip(f.text, 120))} | "
                f"{_why(f)} |"
            )
    else:
        lines.append("No findings.")
    lines.append("")
    lines.append("## Text")
    lines.append("")
    if a.title:
        lines.append(f"### {_marked(a.title, 'title', items).replace(chr(10), ' ')}")
        lines.append("")
    lines.append(_marked(a.body, "body", items))
    lines.append("")
    return "\n".join(lines)


def _marked(text: str, field: str, items: list[tuple[int, FindingModel]]) -> str:
    """*text* escaped, with bold runs over findings and ``[n label]`` markers."""
    mine = [(n, f) for n, f in items if f.field == field]
    markers: dict[int, list[str]] = {}
    spans: list[tuple[int, int]] = []
    for n, f in mine:
        s, e = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
        markers.setdefault(max(s, e), []).append(f"[{n} {display_label(f)}]")
        if e > s:
            spans.append((s, e))
    # Bold runs: the union of the spans, cut at line breaks and markers and
    # trimmed of whitespace (CommonMark bold must hug its text).
    newlines = {m.start() for m in re.finditer("\n", text)}
    cuts = sorted(set(markers) | newlines)
    runs: list[tuple[int, int]] = []
    for s, e in _union(spans):
        a = s
        inner = cuts[bisect.bisect_right(cuts, s) : bisect.bisect_left(cuts, e)]
        for c in [*inner, e]:
            piece = text[a:c]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if c - trail > a + lead:
                runs.append((a + lead, c - trail))
            a = c
    events: dict[int, list[tuple[int, str]]] = {}
    for a, b in runs:
        events.setdefault(b, []).append((0, "**"))  # close first,
        events.setdefault(a, []).append((2, "**"))  # open last
    for pos, labels in markers.items():
        code = " ".join(labels).replace("`", "'")
        events.setdefault(pos, []).append((1, f"`{code}`"))
    out: list[str] = []
    prev = 0
    for pos in sorted(events):
        out.append(escape(text[prev:pos]))
        out.extend(tok for _, tok in sorted(events[pos], key=lambda t: t[0]))
        prev = pos
    out.append(escape(text[prev:]))
    return _fix_line_starts("".join(out))


def _why(f: FindingModel) -> str:
    """The explanation cell: the explanation, then each fact-check match."""
    parts = [_cell(explain(f))] if explain(f) else []
    for line, url in factcheck_lines(f):
        link = f" [fact-check](<{url}>)" if _SAFE_URL.match(url) else ""
        parts.append(_cell(line) + link)
    return "<br>".join(parts)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _fix_line_starts(text: str) -> str:
    # Escaping chunk by chunk cannot see every line start ("1." / "-"), and an
    # indented line would become a code block: redo line starts here.
    text = _LINE_INDENT.sub("", text)
    text = _LINE_START.sub(r"\1\2\\\3", text)
    return _LINE_DASH.sub(r"\1\\\2", text)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
