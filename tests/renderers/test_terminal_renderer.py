"""The terminal format (rich)."""

from __future__ import annotations

import re

from newscheck.renderers import render
from newscheck.report import Report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_terminal_plain_has_summary_text_and_findings(rich_report: Report) -> None:
    out = render(rich_report, "terminal")
    assert "\x1b" not in out
    assert "UNRELIABLE" in out and "P(unreliable) = 0.83" in out
    assert "article model" in out
    assert "corrupt (1.2)" in out  # strongest terms from the explanation
    assert (
        "Possible propaganda 1, Check-worthy claim 1, Figure 1, Figure check 1, "
        "Style 1" in out
    )
    assert "possible: Name calling 1" in out  # propaganda per technique
    assert "domain: news.example" in out and "factual: mixed" in out  # source
    assert "“The corrupt elite lied again!” (0.66)" in out  # top claim
    assert "1 consistency relation" in out
    assert "exclamations 1" in out and "quotes" not in out  # zero signals hidden
    assert "Labelling the target negatively." in out  # explanation from evidence


def test_terminal_plain_marks_spans_with_numbers(rich_report: Report) -> None:
    out = render(rich_report, "terminal")
    # 1 = title all_caps, 2 = claim (outer), 3 = propaganda (inner)
    assert "«SHOCKING»[1] truth about taxes" in out
    assert "««The corrupt elite»[3] lied again»[2]" not in out
    # the sentence-final "!" is not highlighted
    assert "«The «corrupt elite»[3] lied again»[2]!" in out


def test_terminal_color_emits_ansi_with_same_text(rich_report: Report) -> None:
    out = render(rich_report, "terminal", color=True)
    assert "\x1b[" in out
    plain = ANSI.sub("", out)
    assert "corrupt elite[3]" in plain  # coloured, so no «» markers
    assert "«" not in plain


def test_terminal_prints_rich_markup_in_article_literally(make_report) -> None:  # type: ignore[no-untyped-def]
    report = make_report("Say [bold red]hi[/bold red] :smile: now.", "T [b]x[/b]")
    for color in (False, True):
        out = ANSI.sub("", render(report, "terminal", color=color))
        assert "[bold red]hi[/bold red] :smile:" in out
        assert "T [b]x[/b]" in out


def test_terminal_without_sections_or_findings(make_report) -> None:  # type: ignore[no-untyped-def]
    out = render(make_report("Just a plain sentence."), "terminal")
    assert "not scored" in out
    assert "Findings     none" in out
    assert "No findings." in out
    assert "Just a plain sentence." in out


def test_terminal_caps_long_finding_lists(make_report) -> None:  # type: ignore[no-untyped-def]
    from newscheck.renderers import terminal

    body = "a " * 300
    findings = [
        ("body", 2 * i, 2 * i + 1, "style", "a", None, None) for i in range(250)
    ]
    out = render(make_report(body, findings=findings), "terminal")
    assert f"and {250 - terminal.MAX_LISTED} more findings" in out
