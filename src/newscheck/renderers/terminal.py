"""The ``terminal`` format (default): a rich summary panel, the highlighted text
and a numbered list of findings.

With ``color=True`` the output carries ANSI colours (highlights coloured by
kind, see :data:`~newscheck.renderers._common.KIND_COLORS`); without, it is plain
text and each highlighted span is written ``«text»[n]``. In both, the number(s)
after a span point into the findings list; overlapping spans are split as
described in :mod:`newscheck.renderers._common`.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newscheck.renderers._common import (
    display_label,
    explain,
    kind_color,
    kind_rank,
    numbered,
    segments,
    summarize,
)
from newscheck.report import FindingModel, Report

__all__ = ["MAX_LISTED", "WIDTH", "render"]

#: Characters per line of the rendered report.
WIDTH = 100
#: Findings listed in full; the rest are counted (``--format json`` has them all).
MAX_LISTED = 200


def render(report: Report, *, color: bool = False) -> str:
    """The report as terminal text (ANSI colours if *color*)."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    items = numbered(report)
    console.print(_summary_panel(report))
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


def _summary_panel(report: Report) -> Panel:
    s = summarize(report)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if s.score is not None:
        rel_style = "bold red" if s.label == "unreliable" else "bold green"
        line = Text()
        line.append(f"{(s.label or '').upper()}", style=rel_style)
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
    kinds = sorted({f.kind for f in report.findings}, key=lambda k: (kind_rank(k), k))
    legend = Text()
    legend.append("Highlights: ", style="dim")
    for i, kind in enumerate(kinds):
        if i:
            legend.append("  ")
        legend.append(f" {kind} ", style=_style(kind) if color else "")
    if not color:
        legend.append("   (spans written «text»[n])", style="dim")
    return legend


def _style(kind: str) -> str:
    name = kind_color(kind)[1]
    return "black on white" if name == "bright_black" else f"black on {name}"


def _field_text(
    text: str,
    field: str,
    items: list[tuple[int, FindingModel]],
    *,
    color: bool,
) -> Text:
    mine = [(n, f) for n, f in items if f.field == field]
    kind_of = {n: f.kind for n, f in mine}
    out = Text()
    open_spans: set[int] = set()
    for seg in segments(text, mine):
        if seg.marked:
            if not color:
                starting = [n for n in seg.covers if n not in open_spans]
                out.append("«" * len(starting))
                open_spans.update(starting)
            out.append(seg.text, style=_style(kind_of[seg.covers[0]]) if color else "")
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
    table.add_column("kind", no_wrap=True)
    table.add_column("label", overflow="fold", max_width=24)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("text / why", overflow="fold", ratio=1)
    for n, f in items:
        where = "title " if f.field == "title" else ""
        body = Text(f"{where}“{_clip(' '.join(f.text.split()), 120)}”")
        why = explain(f)
        if why:
            body.append("\n" + why, style="dim")
        table.add_row(
            str(n),
            Text(f.kind, style=kind_color(f.kind)[1]),
            Text(display_label(f)),
            "" if f.score is None else f"{f.score:.2f}",
            body,
        )
    return table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
