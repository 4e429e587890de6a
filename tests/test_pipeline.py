"""Pipeline: the batch row shortcut gives what the full report gives."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article, Finding
from newscheck.errors import AnalyzerError
from newscheck.pipeline import Pipeline

TITLE = "SHOCKING: The Truth They Hide!"
BODY = (
    "Make no mistake: the so-called plan is a colossal betrayal. They will tell "
    "you it costs $48 million. In reality the bill will be three times that, "
    "officials said on Tuesday.\n\nUnemployment fell to 3.5% in 2019."
)


def _expected(pipeline: Pipeline, article: Article) -> tuple[Any, list[dict]]:
    report = pipeline.run(article)
    return report.reliability, [f.model_dump() for f in report.findings]


def test_findings_row_equals_report_default_pipeline():
    pipeline = Pipeline()
    for article in (
        Article(body=BODY, title=TITLE, id="a", url="https://news.example/x"),
        Article(body="It rained. Roads shut."),
    ):
        rel, findings = pipeline.findings_row(article)
        want_rel, want = _expected(pipeline, article)
        assert rel == want_rel
        assert findings == want
        assert [type(f["score"]) for f in findings] == [type(f["score"]) for f in want]


class _Odd(Analyzer):
    """Findings and summaries the report model converts or rejects."""

    name = "odd"

    def __init__(self, score: Any = 0.5, summary: Any = None) -> None:
        self.score = score
        self.summary = {} if summary is None else summary

    def analyze(self, article: Article) -> Analysis:
        f = Finding(
            field="body",
            start=0,
            end=4,
            text=article.body[:4],
            kind="odd",
            label="x",
            score=self.score,
            evidence={"n": (1, 2)},
        )
        return Analysis(findings=(f,), summary=self.summary)


def test_findings_row_falls_back_to_the_report_where_it_converts():
    article = Article(body="Some text here.")
    pipeline = Pipeline([_Odd(score=1)])  # an int score: the report makes it 1.0
    _, findings = pipeline.findings_row(article)
    assert findings == _expected(pipeline, article)[1]
    assert type(findings[0]["score"]) is float
    assert findings[0]["evidence"] == {"n": [1, 2]}


def test_findings_row_fails_where_the_report_fails():
    article = Article(body="Some text here.")
    pipeline = Pipeline([_Odd(summary={1: "not a str key"})])
    with pytest.raises(ValueError) as want:
        pipeline.run(article)
    with pytest.raises(type(want.value)):
        pipeline.findings_row(article)


class _BadReliability(Analyzer):
    name = "reliability"

    def analyze(self, article: Article) -> Analysis:
        return Analysis(summary={"score": 2.0, "label": "unreliable"})


def test_findings_row_checks_the_reliability_section():
    pipeline = Pipeline([_BadReliability()])
    with pytest.raises(AnalyzerError):
        pipeline.findings_row(Article(body="Some text here."))


class _Picky(Analyzer):
    """Fails on bodies holding "boom" (a bug) or "bad" (a NewscheckError); its
    batch call fails whenever one of the articles would."""

    name = "picky"

    def analyze(self, article: Article) -> Analysis:
        from newscheck.errors import InputError

        if "boom" in article.body:
            raise RuntimeError("boom")
        if "bad" in article.body:
            raise InputError("bad article")
        return Analysis(
            findings=(article.finding("body", 0, 2, kind="x", label="y", score=0.5),),
            summary={"n": len(article.body)},
        )


def test_collect_many_equals_collect_one_by_one():
    pipeline = Pipeline(["style", _Picky(), "numbers"])
    articles = [
        Article(body="It rained 5 mm. Roads shut."),
        Article(body="A boom was heard. Then 3 more."),
        Article(body="A bad day, said 2 people."),
        Article(title="Fine", body="All fine here: 10% up."),
    ]
    got = pipeline.collect_many(articles)
    assert len(got) == 4
    for article, result in zip(articles, got, strict=True):
        try:
            want = pipeline.collect(article)
        except Exception as exc:  # the NewscheckError of that article only
            assert type(result) is type(exc) and str(result) == str(exc)
            continue
        assert result == want
    assert got[1][2] == ["picky failed: RuntimeError: boom"]
    assert "picky" in got[0][1] and "picky" not in got[1][1]


def test_findings_rows_equal_findings_row():
    pipeline = Pipeline()
    articles = [
        Article(title=TITLE, body=BODY),
        Article(body="Officials said on Tuesday that the bridge will reopen in May."),
        Article(body=BODY.replace("\n\n", " ")),
    ]
    rows = pipeline.findings_rows(articles)
    for article, (rel, findings, sections) in zip(articles, rows, strict=True):
        want: dict[str, Any] = {}
        assert (rel, findings) == pipeline.findings_row(article, sections_out=want)
        assert sections == want


def test_lone_surrogates_reach_every_analyzer() -> None:
    """A JSON escape such as \\ud800 (an API body, a JSONL row) decodes to a
    lone surrogate; the n-gram models read its code point instead of failing."""
    from newscheck.article import Article
    from newscheck.pipeline import Pipeline

    body = " ".join(
        ["The council approved the budget on Tuesday, officials said."] * 12
    )
    report = Pipeline().run(
        Article(title="Odd \ud800 title", body=body + " Odd \udcff word.")
    )
    assert not report.warnings
    assert report.sections["reliability"]["model"] == "article"
    assert 0.0 <= report.sections["reliability"]["score"] <= 1.0
    assert report.sections["claims"]["scored"]


@pytest.mark.parametrize("run", [".", "!", "?!", "…"])
def test_a_long_run_of_terminal_punctuation_splits_in_linear_time(run: str) -> None:
    # every analyzer reads article.sentences; a boundary search that restarts
    # inside a run of 200,000 marks rereads the run from each of them (hours)
    code = (
        "from newscheck.article import split_sentences\n"
        f"text = 'It ended' + {run!r} * 200_000 + ' Then more. And' + {run!r} * 9\n"
        "print(len(split_sentences(text)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


@given(st.text(alphabet=".!?…\"')] a\nB", max_size=60))
@settings(max_examples=300, deadline=None)
def test_sentence_boundaries_equal_the_plain_pattern(text: str) -> None:
    from newscheck import article

    plain = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
    got = [m.span() for m in article._BOUNDARY.finditer(text)]
    assert got == [m.span() for m in plain.finditer(text)]


def test_report_records_the_tier_and_every_analyzer_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newscheck.settings as settings_module
    from newscheck.report import Report
    from newscheck.settings import Settings

    article = Article(body="Prices rose 5% in 2023. Officials said so.")
    report = Pipeline(["style", "numbers"]).run(article)
    assert report.tier == "default"
    assert {n: m["version"] for n, m in report.analyzers.items()} == {
        "style": Pipeline(["style"]).versions["style"],
        "numbers": Pipeline(["numbers"]).versions["numbers"],
    }
    # the accurate tier is recorded too (its weights faked as installed)
    monkeypatch.setattr(settings_module, "minilm_available", lambda: True)
    accurate = Settings(tier="accurate", analyzers=("style",))
    report = Pipeline(["style"], settings=accurate).run(article)
    assert report.tier == "accurate"
    assert Report.model_validate_json(report.to_json()).tier == "accurate"


def test_accurate_extra_installs_the_runtime_of_the_accurate_tier() -> None:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    extras = tomllib.loads(pyproject.read_text())["project"]["optional-dependencies"]
    assert set(extras["transformers"]) <= set(extras["accurate"])
    # never torch: the tier runs in numpy and ONNX
    assert not any(
        r.startswith(("torch", "sentence-transformers")) for r in extras["accurate"]
    )
