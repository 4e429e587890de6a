"""Shared renderer helpers: segments, explanations, defensive summaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscheck.renderers._common import (
    brief,
    display_label,
    explain,
    numbered,
    segments,
    summarize,
)
from newscheck.report import FindingModel, ReliabilityModel, Report


def _f(start: int, end: int, text: str, kind: str = "claim", **kw) -> FindingModel:  # type: ignore[no-untyped-def]
    return FindingModel(
        field="body",
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        label=kw.pop("label", "x"),
        **kw,
    )


@st.composite
def _text_and_spans(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(max_size=40))
    n = len(text)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted), max_size=8
        )
    )
    return text, [(i + 1, _f(s, e, text)) for i, (s, e) in enumerate(spans)]


@given(_text_and_spans())
def test_segments_partition_text_and_record_every_span(case) -> None:  # type: ignore[no-untyped-def]
    text, items = case
    segs = segments(text, items)
    assert "".join(s.text for s in segs) == text
    ended = [n for s in segs for n in s.ends]
    assert sorted(ended) == [n for n, _ in items]
    for seg in segs:
        assert seg.text == text[seg.start : seg.end]
        expected = {n for n, f in items if f.start <= seg.start < seg.end <= f.end}
        assert set(seg.covers) == expected
        lengths = [
            next(f.end - f.start for m, f in items if m == n) for n in seg.covers
        ]
        assert lengths == sorted(lengths)  # shortest (most specific) first


def test_segments_split_crossing_spans() -> None:
    text = "abcdefgh"
    items = [(1, _f(0, 5, text)), (2, _f(3, 8, text))]
    segs = [(s.text, s.covers, s.ends) for s in segments(text, items)]
    assert segs == [("abc", (1,), ()), ("de", (1, 2), (1,)), ("fgh", (2,), (2,))]


def test_explain_prefers_definition_then_scalars() -> None:
    text = "hello world"
    assert explain(_f(0, 5, text, evidence={"definition": "A  greeting.\n"})) == (
        "A greeting."
    )
    assert explain(_f(0, 5, text, evidence={"value": 5, "unit": "%", "x": [1]})) == (
        "value=5, unit=%"
    )
    assert explain(_f(0, 5, text)) == ""


def test_brief_handles_pairs_dicts_and_long_lists() -> None:
    assert brief([["corrupt", 1.2345], ["elite", 0.5]]) == "corrupt (1.23); elite (0.5)"
    assert brief({"text": "A sentence.", "contribution": 0.25}) == "A sentence. (0.25)"
    assert brief(list(range(8)), items=3) == "0; 1; 2, +5 more"


def test_summary_survives_odd_sections() -> None:
    report = (
        Report(
            generator="t",
            content_hash="h",
            article={"body": "x"},
            sections={
                "source": "not a dict",  # type: ignore[dict-item]
                "style": {"signals": ["unexpected", "list"]},
                "numbers": {},
                "extra": {"a": 1, "nested": {"b": True}, "skip": [1, 2]},
            },
            warnings=["propaganda failed: ValueError: boom"],
        )
        if False
        else None
    )
    # pydantic refuses a non-dict section, so build the odd-but-valid shapes.
    # Sections must be dicts (pydantic); inside them anything goes.
    report = Report(
        generator="t",
        content_hash="h",
        article={"body": "x"},
        sections={
            "style": {"signals": ["unexpected", "list"]},
            "numbers": {},
            "extra": {"a": 1, "nested": {"b": True}, "skip": [1, 2]},
        },
        warnings=["propaganda failed: ValueError: boom"],
    )
    rows = dict(summarize(report).rows)
    assert rows["Reliability"] == "not scored"
    assert rows["Findings"] == "none"
    assert "Style" not in rows
    assert rows["Extra"] == "a: 1 · nested (b: yes)"
    assert rows["Warning"].startswith("propaganda failed")


def test_numbered_puts_title_first_then_outer_spans(rich_report: Report) -> None:
    order = [(f.field, f.start, f.end) for _, f in numbered(rich_report)]
    assert order[0][0] == "title"
    assert order == sorted(order, key=lambda t: (t[0] != "title", t[1], -t[2]))


def test_summary_reads_style_signal_dicts_and_outside_typical() -> None:
    signals = {
        "exclamation": {"value": 1.34, "position": "above", "unit": "per 100 words"},
        "hedges": {"value": 0.0, "position": "within"},
        "quotes": {"value": 0.5, "position": "below"},
    }
    style = {"signals": signals, "outside_typical": ["exclamation", "quotes"]}
    report = Report(
        generator="t",
        content_hash="h",
        article={"body": "x"},
        sections={"style": style},
    )
    rows = dict(summarize(report).rows)
    assert (
        rows["Style"] == "exclamation 1.34 (above typical), quotes 0.5 (below typical)"
    )
    del style["outside_typical"]
    report = Report(
        generator="t",
        content_hash="h",
        article={"body": "x"},
        sections={"style": style},
    )
    assert dict(summarize(report).rows)["Style"].startswith("exclamation 1.34")


def test_propaganda_row_uses_technique_names_and_share() -> None:
    text = "They are traitors and traitors."
    ev = {"technique": "Name calling / labeling", "definition": "Labelling."}
    report = Report(
        generator="t",
        content_hash="h",
        article={"body": text},
        findings=[
            _f(9, 17, text, kind="propaganda", label="name_calling", evidence=ev),
            _f(22, 30, text, kind="propaganda", label="name_calling", evidence=ev),
        ],
        sections={"propaganda": {"sentence_share": 1.0}},
    )
    rows = dict(summarize(report).rows)
    assert (
        rows["Propaganda"]
        == "possible: Name calling / labeling 2 — in 100% of sentences"
    )
    assert display_label(report.findings[0]) == "Name calling / labeling"


def test_summary_shows_the_reliability_note_whole(make_report) -> None:
    """The sentence saying how often such articles were labelled right out of
    corpus is the reader's key to the label: never cut."""
    note = (
        "P(unreliable) = 0.86, leaning unreliable: articles like this were labelled "
        "correctly 87 % of the time on corpora the model never saw"
    )
    report = make_report(
        "Some text.",
        reliability=ReliabilityModel(
            score=0.86,
            label="unreliable",
            model="article",
            explanation={"note": note, "terms": [["t", 0.1]] * 40},
        ),
    )
    rows = dict(summarize(report).rows)
    assert rows["  note"] == note
    assert len(rows["  terms"]) <= 120  # lists stay brief
