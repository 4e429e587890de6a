"""The markdown format."""

from __future__ import annotations

from newscheck.renderers import render
from newscheck.renderers.markdown import escape
from newscheck.report import Report


def test_markdown_summary_table_and_text(rich_report: Report) -> None:
    out = render(rich_report, "markdown")
    assert out.startswith("# newscheck report: SHOCKING truth about taxes")
    assert "- **Reliability**: Unreliable — P(unreliable) = 0.83" in out
    assert "| # | where | kind | label | score | text | why |" in out
    rows = [
        line for line in out.splitlines() if line.startswith("| ") and "body" in line
    ]
    assert len(rows) == 4
    assert (
        "| 3 | body 4–17 | Possible propaganda | Name calling | 0.91 | corrupt elite |"
        in out
    )
    # nested spans: one bold run, each marker at its own end
    assert "**The corrupt elite**`[3 Name calling]` **lied again!**`[2 Claim]`" in out
    assert "### **SHOCKING**`[1 All capitals]` truth about taxes" in out


def test_markdown_escapes_article_text(make_report) -> None:  # type: ignore[no-untyped-def]
    body = (
        "<script>alert(1)</script> *not bold* [link](javascript:x) | pipe\n"
        "1. not a list\n    not code"
    )
    out = render(
        make_report(body, findings=[("body", 0, 8, "claim", "c", None, None)]),
        "markdown",
    )
    text = out.split("## Text", 1)[1]
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\*not bold\\*" in text
    assert "\\[link\\](javascript:x)" in text
    assert "1\\. not a list" in text
    assert "\n    not code" not in text and "\nnot code" in text


def test_markdown_escape_keeps_ordinary_text() -> None:
    assert escape("Prices rose 5% in 2023.") == "Prices rose 5% in 2023."


def test_markdown_bold_never_wraps_whitespace_or_lines(make_report) -> None:  # type: ignore[no-untyped-def]
    body = "one two\nthree four"
    out = render(
        make_report(body, findings=[("body", 4, 13, "claim", "c", None, None)]),
        "markdown",
    )
    assert out.rstrip().endswith("one **two**\n**three**`[1 C]` four")


def test_markdown_empty_findings(make_report) -> None:  # type: ignore[no-untyped-def]
    out = render(make_report("Nothing here."), "markdown")
    assert "No findings." in out
    assert "**" not in out.split("## Text", 1)[1]
