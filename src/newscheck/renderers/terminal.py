"""The ``terminal`` format (default): a rich summary panel, the highlighted text
and a numbered list of findings.

With ``color=True`` the output carries ANSI colours (only the roles of
:data:`~newscheck.renderers._common.ROLES` are styled: possible propaganda,
figures that disagree, fact-checked claims, unreliable-sounding sentences);
without, it is plain text and each highlighted span is written ``«text»[n]``.
In both, the number(s) after a span point into the findings list; overlapping
spans are split as described in :mod:`newscheck.renderers._common`. Only the
findings a person should see are listed (see
:func:`~newscheck.renderers._common.visible`).

The report follows the terminal's width (``width``; by default the width of
standard output, :data:`WIDTH` when it is not a terminal), between
:data:`MIN_WIDTH` and :data:`MAX_WIDTH` columns.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Mapping

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newscheck.renderers._common import (
    ROLES,
    display_label,
    explain,
    factcheck_lines,
    hidden_line,
    human_label,
    kind_label,
    numbered,
    role,
    roles_of,
    segments,
    summarize,
    visible,
)
from newscheck.report import FindingModel, Report

__all__ = ["MAX_LISTED", "MAX_WIDTH", "MIN_WIDTH", "WIDTH", "render", "terminal_width"]

#: Characters per line when standard output is not a terminal.
WIDTH = 100
#: The narrowest and widest report, whatever the terminal.
MIN_WIDTH, MAX_WIDTH = 40, 160
#: Findings listed in full; the rest are counted (``--format json`` has them all).
MAX_LISTED = 200


def terminal_width() -> int:
    """Columns of the terminal on standard output (``COLUMNS`` if set), else
    :data:`WIDTH`, kept between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`."""
    cols = shutil.get_terminal_size(fallback=(WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, cols or WIDTH))


def render(
    report: Report,
    *,
    color: bool = False,
    display: Mapping[str, float] | None = None,
    width: int | None = None,
) -> str:
    """The report as terminal text (ANSI colours if *color*; *display*: the
    lowest score shown per kind; *width*: columns, default
    :func:`terminal_width`)."""
    report, hidden = visible(report, display)
    cols = terminal_width() if width is None else max(MIN_WIDTH, width)
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=cols,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    items = numbered(report)
    console.print(_summary_panel(report, hidden))
    if report.findings:
        console.print(_legend(report, color=color))
    console.print(Rule(style="dim"))
    title = _field_text(report.article.title, "title", items, color=color)
    title.stylize("bold")
    console.print(title)
    meta = _meta_line(report)
    if meta:
        console.print(Text(meta, style="dim"))
    console.print()
    console.print(_field_text(report.article.body, "body", items, color=color))
    console.print(Rule("Findings", style="dim"))
    if hidden:
        console.print(Text(hidden_line(hidden), style="dim"))
    if items:
        console.print(_findings_table(items[:MAX_LISTED]))
        if len(items) > MAX_LISTED:
            console.print(
                Text(
                    f"… and {len(items) - MAX_LISTED} more findings "
                    "(use --format json for all of them)",
                    style="dim",
                )
            )
    else:
        console.print(Text("No findings.", style="dim"))
    return buf.getvalue()


def _summary_panel(report: Report, hidden: int = 0) -> Panel:
    s = summarize(report, hidden)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if s.score is not None:
        rel_style = {"reliable": "bold green", "uncertain": "bold yellow"}.get(
            s.label or "", "bold red"
        )
        line = Text()
        line.append(human_label(s.label or "").upper(), style=rel_style)
        line.append(f"  P(unreliable) = {s.score:.2f} ")
        line.append(_bar(s.score), style=rel_style)
        line.append(f" threshold {s.threshold:.2f}, {s.model} model", style="dim")
        grid.add_row("Reliability", line)
        rows = s.rows[1:]
    else:
        rows = s.rows
    for head, text in rows:
        grid.add_row(head, Text(text))
    title = report.article.title.strip() or "(untitled)"
    return Panel(
        grid,
        title=Text(f"newscheck · {_clip(title, 70)}", style="bold"),
        title_align="left",
        subtitle=Text(report.generator, style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
    )


def _bar(score: float, width: int = 16) -> str:
    filled = round(max(0.0, min(1.0, score)) * width)
    return "█" * filled + "░" * (width - filled)


def _legend(report: Report, *, color: bool) -> Text:
    roles = roles_of(report.findings)
    legend = Text()
    if not roles:
        return legend
    legend.append("Highlights: ", style="dim")
    for i, r in enumerate(roles):
        if i:
            legend.append("  ")
        label = ROLES[r][0].replace(" ", "\u00a0")  # an entry never wraps
        legend.append(f" {label} ", style=_style([r]) if color else "")
    if not color:
        legend.append("   (spans written «text»[n])", style="dim")
    return legend


def _style(roles: list[str]) -> str:
    return " ".join(ROLES[r][2] for r in roles if r in ROLES) or "none"


def _field_text(
    text: str,
    field: str,
    items: list[tuple[int, FindingModel]],
    *,
    color: bool,
) -> Text:
    mine = [(n, f) for n, f in items if f.field == field]
    by_n = dict(mine)
    out = Text()
    open_spans: set[int] = set()
    for seg in segments(text, mine, trim=True):
        if seg.marked:
            if not color:
                starting = [n for n in seg.covers if n not in open_spans]
                out.append("«" * len(starting))
                open_spans.update(starting)
            roles = roles_of(by_n[n] for n in seg.covers)
            out.append(seg.text, style=_style(roles) if color else "")
        else:
            out.append(seg.text)
        if seg.ends:
            if not color:
                closing = [n for n in seg.ends if n in open_spans]
                out.append("»" * len(closing))
                open_spans.difference_update(closing)
            out.append(f"[{','.join(map(str, seg.ends))}]", style="dim bold")
    if not text:
        out.append("(no title)" if field == "title" else "(empty body)", style="dim")
    return out


def _meta_line(report: Report) -> str:
    a = report.article
    parts = [p for p in (a.domain, a.published, a.url) if p]
    return " · ".join(parts)


def _findings_table(items: list[tuple[int, FindingModel]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("finding", min_width=20, max_width=28)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("text / why", overflow="fold", ratio=1)
    for n, f in items:
        where = "title " if f.field == "title" else ""
        body = Text(f"{where}“{_clip(' '.join(f.text.split()), 120)}”")
        why = explain(f)
        if why:
            body.append("\n" + why, style="dim")
        for line, url in factcheck_lines(f):
            body.append("\n" + line + (f" {url}" if url else ""))
        r = role(f)
        finding = Text(
            kind_label(f.kind), style=_style([r]).split(" on ")[-1] if r else "dim"
        )
        if display_label(f) != kind_label(f.kind):
            finding.append("\n" + display_label(f), style="bold")
        table.add_row(
            str(n),
            finding,
            "" if f.score is None else f"{f.score:.2f}",
            body,
        )
    return table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
