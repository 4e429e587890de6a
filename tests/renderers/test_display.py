"""What a person is shown: display thresholds, human labels, fact-check lines,
footnote markers, terminal width."""

from __future__ import annotations

import json
import re

import pytest

from newscheck.propaganda.techniques import TECHNIQUES
from newscheck.renderers import render
from newscheck.renderers._common import (
    NO_FACTCHECK,
    human_label,
    match_line,
    segments,
    visible,
    web_display,
)
from newscheck.report import Report
from newscheck.settings import DISPLAY_MIN_SCORE, Settings

HUMAN = ("terminal", "markdown", "html")
BODY = (
    "The troops would train Iraqi forces. Everyone knows what happened in Vietnam. "
    "Costs rose 300%. The army was disbanded in 2003."
)
SAME = {
    "claim": "Costs of the war rose 300%",
    "verdict": "False",
    "normalised_verdict": "false",
    "publisher": "PolitiFact",
    "date": "2020-01-02",
    "url": "https://www.politifact.com/check",
    "similarity": 0.91,
    "relation": "same",
}
RELATED = {
    "claim": "Costs of the war rose 30%",
    "verdict": "True",
    "normalised_verdict": "true",
    "publisher": "Snopes",
    "date": "2019-05-06",
    "url": "https://www.snopes.com/check",
    "similarity": 0.74,
    "relation": "related",
    "acceptance": 0.4,
    "differences": ["number: 30% vs 300%"],
}


def _spans(report_body: str) -> dict[str, tuple[int, int]]:
    out = {}
    for word in ("train", "Everyone knows", "Costs rose 300%", "disbanded"):
        i = report_body.index(word)
        out[word] = (i, i + len(word))
    sents = [m.span() for m in re.finditer(r"[^.]+\.", report_body)]
    out["s3"] = (sents[2][0] + 1, sents[2][1])
    out["s4"] = (sents[3][0] + 1, sents[3][1])
    return out


@pytest.fixture
def low_high(make_report) -> Report:  # type: ignore[no-untyped-def]
    sp = _spans(BODY)
    return make_report(
        BODY,
        "Title",
        [
            ("body", *sp["train"], "propaganda", "Repetition", 0.04, {}),
            ("body", *sp["disbanded"], "propaganda", "Doubt", 0.2, {}),
            ("body", *sp["Everyone knows"], "propaganda", "Bandwagon", 0.9, {}),
            ("body", *sp["s3"], "claim", "check_worthy", 0.8, {"threshold": 0.5}),
            ("body", *sp["s4"], "claim", "check_worthy", 0.3, {"threshold": 0.5}),
            ("body", *sp["Costs rose 300%"], "quantity", "percent", None, {}),
        ],
    )


def test_visible_drops_low_scores_and_claims_under_their_threshold(
    low_high: Report,
) -> None:
    shown, hidden = visible(low_high)
    kept = {(f.kind, f.label, f.score) for f in shown.findings}
    assert kept == {
        ("propaganda", "Bandwagon", 0.9),
        ("claim", "check_worthy", 0.8),
        ("quantity", "percent", None),  # no score: always shown
    }
    assert hidden == 3
    assert len(low_high.findings) == 6  # the report itself is untouched


def test_human_views_hide_low_confidence_findings_json_keeps_them(
    low_high: Report,
) -> None:
    for fmt in HUMAN:
        out = render(low_high, fmt)
        assert "Repetition" not in out, fmt
        assert "Doubt" not in out, fmt
        assert "Bandwagon" in out, fmt
        assert "3 low-confidence findings not shown" in out, fmt
    data = json.loads(render(low_high, "json"))
    assert {f["label"] for f in data["findings"]} >= {"Repetition", "Doubt"}


def test_display_thresholds_come_from_settings(low_high: Report) -> None:
    everything = Settings(display_min_score={"propaganda": 0.0})
    for fmt in HUMAN:
        out = render(low_high, fmt, settings=everything)
        assert "Repetition" in out and "Doubt" in out, fmt
    assert Settings().display_min_score == DISPLAY_MIN_SCORE
    assert DISPLAY_MIN_SCORE["propaganda"] > 0.2  # 0.04-0.2 spans are not shown


def test_human_labels_cover_techniques_and_verdicts() -> None:
    assert human_label("Appeal_to_fear-prejudice") == "Appeal to fear or prejudice"
    assert human_label("check_worthy") == "Check-worthy claim"
    assert human_label("uncertain") == "Uncertain"
    for t in TECHNIQUES:
        label = human_label(t)
        assert "_" not in label and label[0].isupper(), t
    served = web_display()
    assert served["labels"]["check_worthy"] == "Check-worthy claim"
    assert served["display_min_score"] == DISPLAY_MIN_SCORE
    colours = [r["color"].lower() for r in served["roles"].values()]
    assert len(set(colours)) == len(colours)


def test_match_lines_same_and_related() -> None:
    same = match_line(SAME)
    assert same == (
        "Fact-checked: False by PolitiFact, 2020-01-02 — “Costs of the war rose "
        "300%” (similarity 0.91)"
    )
    legacy = {k: v for k, v in SAME.items() if k != "relation"}
    assert match_line(legacy) == same  # a missing relation reads as "same"
    related = match_line(RELATED)
    assert related.startswith("Related fact-check (differs: number: 30% vs 300%)")
    assert "Fact-checked" not in related


def test_a_same_match_without_a_rating_is_not_called_fact_checked() -> None:
    unrated = {**SAME, "verdict": None, "normalised_verdict": "other", "url": None}
    line = match_line(unrated)
    assert line.startswith("Same claim as an earlier fact-check, no verdict on record")
    assert "Fact-checked" not in line
    # the normalised verdict alone still counts as a rating
    assert match_line({**SAME, "verdict": None}).startswith("Fact-checked: false")


def _with_matches(make_report, matches):  # type: ignore[no-untyped-def]
    sp = _spans(BODY)
    ev = {"threshold": 0.5}
    return make_report(
        BODY,
        "Title",
        [
            ("body", *sp["s3"], "claim", "check_worthy", 0.8, {**ev, **matches}),
            ("body", *sp["s4"], "claim", "check_worthy", 0.7, ev),
        ],
    )


def test_fact_checks_shown_in_every_human_view(make_report) -> None:  # type: ignore[no-untyped-def]
    report = _with_matches(make_report, {"matches": [SAME, RELATED]})
    for fmt in HUMAN:
        out = render(report, fmt)
        if fmt == "html":
            out = out.replace("&#x27;", "'").replace("&quot;", '"')
        assert "Fact-checked: False by PolitiFact, 2020-01-02" in out, fmt
        assert "Related fact-check (differs: number: 30% vs 300%)" in out, fmt
        assert NO_FACTCHECK not in out, fmt
    html = render(report, "html")
    assert 'href="https://www.politifact.com/check"' in html
    assert 'class="hl r-factchecked' in html  # a "same" match colours the claim


def test_one_no_fact_check_line_per_report(make_report) -> None:  # type: ignore[no-untyped-def]
    report = _with_matches(make_report, {})
    for fmt in HUMAN:
        out = " ".join(render(report, fmt).split())
        assert out.count(NO_FACTCHECK) == 1, fmt
        assert "No matching fact-check" not in out, fmt


def test_html_footnote_markers_are_grouped_and_separated(make_report) -> None:  # type: ignore[no-untyped-def]
    body = "Prices rose 5% in 2023."
    report = make_report(
        body,
        "",
        [
            ("body", 12, 14, "quantity", "percent", None, {}),
            ("body", 12, 14, "consistency", "inconsistent", None, {}),
            ("body", 0, 22, "claim", "check_worthy", 0.9, {}),
        ],
    )
    html = render(report, "html")
    refs = re.findall(r'<sup class="ref">(.*?)</sup>', html)
    assert len(refs) == 2
    texts = [re.sub(r"<[^>]+>", "", r) for r in refs]
    assert texts == ["[2,3]", "[1]"]
    assert ",<wbr>" in refs[0]


def test_sentence_final_period_is_not_highlighted_alone(make_report) -> None:  # type: ignore[no-untyped-def]
    body = "The corrupt elite lied."
    report = make_report(
        body,
        "",
        [
            ("body", 0, 23, "claim", "check_worthy", 0.9, {}),
            ("body", 4, 22, "propaganda", "Loaded_Language", 0.9, {}),
        ],
    )
    items = list(enumerate(report.findings, start=1))
    segs = segments(body, items, trim=True)
    assert segs[-1].text == "." and not segs[-1].marked
    html = render(report, "html")
    assert ">.</mark>" not in html


@pytest.mark.parametrize("cols", [80, 120])
def test_terminal_follows_the_terminal_width(
    rich_report: Report, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    out = render(rich_report, "terminal")
    widths = [len(line) for line in out.splitlines()]
    assert max(widths) == cols
    assert "\x1b" not in out  # piped: plain text


def test_terminal_width_argument(rich_report: Report) -> None:
    from newscheck.renderers.terminal import render as terminal

    out = terminal(rich_report, width=90)
    assert max(len(line) for line in out.splitlines()) == 90


def test_propaganda_share_counts_only_shown_spans(make_report) -> None:  # type: ignore[no-untyped-def]
    body = "One bad thing. Two good things. Three fine things. Four more."
    report = make_report(
        body,
        "",
        [
            ("body", 4, 7, "propaganda", "Loaded_Language", 0.9, {}),
            ("body", 19, 23, "propaganda", "Loaded_Language", 0.05, {}),
        ],
        sections={"propaganda": {"sentence_share": 0.5}},
    )
    out = render(report, "terminal")
    assert "in 25% of sentences" in out  # one of four, not the section's 50%
    everything = Settings(display_min_score={"propaganda": 0.0})
    assert "in 50% of sentences" in render(report, "terminal", settings=everything)
