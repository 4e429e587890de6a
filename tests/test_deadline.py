"""Cooperative deadlines: check() raises once passed; the pipeline lets it through."""

from __future__ import annotations

import threading
import time

import pytest

from newscheck import deadline
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.errors import (
    AnalysisTimeoutError,
    NewscheckError,
    exit_code,
    http_status,
)
from newscheck.pipeline import Pipeline


def test_check_without_a_deadline_does_nothing() -> None:
    assert deadline.current() is None
    deadline.check()


def test_check_raises_once_the_deadline_passed() -> None:
    with deadline.limit(0.05) as d:
        deadline.check()
        time.sleep(0.06)
        assert d is not None and d.expired
        with pytest.raises(AnalysisTimeoutError, match=r"longer than 0\.05 s"):
            deadline.check()
    deadline.check()  # restored on exit


def test_cancel_stops_at_the_next_check() -> None:
    d = deadline.Deadline()
    with deadline.limit(d):
        deadline.check()
        d.cancel()
        with pytest.raises(AnalysisTimeoutError, match="cancelled"):
            deadline.check()


def test_limits_nest_and_restore() -> None:
    outer = deadline.Deadline(60)
    with deadline.limit(outer):
        with deadline.limit(None):
            assert deadline.current() is None
        assert deadline.current() is outer


def test_a_deadline_belongs_to_its_thread() -> None:
    seen: list[object] = []
    with deadline.limit(deadline.Deadline(0)):
        worker = threading.Thread(target=lambda: seen.append(deadline.current()))
        worker.start()
        worker.join()
    assert seen == [None]


def test_error_maps_to_504_and_a_nonzero_exit() -> None:
    error = AnalysisTimeoutError("took too long")
    assert isinstance(error, NewscheckError)
    assert http_status(error) == 504
    assert exit_code(error) not in (0, 2)


class _Counting(Analyzer):
    name = "counting_test"
    version = "1"

    def __init__(self, *, cancel: deadline.Deadline | None = None) -> None:
        self.calls = 0
        self.cancel = cancel

    def analyze(self, article: Article) -> Analysis:
        self.calls += 1
        if self.cancel is not None:
            self.cancel.cancel()
        return Analysis(summary={"calls": self.calls})


class _Checking(Analyzer):
    name = "checking_test"
    version = "1"

    def analyze(self, article: Article) -> Analysis:
        deadline.check()
        return Analysis()


ARTICLE = Article(body="It rained. Roads shut.")


def test_pipeline_checks_before_each_analyzer() -> None:
    stop = deadline.Deadline()
    first, second = _Counting(cancel=stop), _Counting()
    pipeline = Pipeline([first, second])
    with deadline.limit(stop), pytest.raises(AnalysisTimeoutError):
        pipeline.run(ARTICLE)
    assert (first.calls, second.calls) == (1, 0)


def test_timeout_inside_an_analyzer_is_not_a_warning() -> None:
    pipeline = Pipeline([_Checking(), _Counting()])
    with deadline.limit(deadline.Deadline(0)), pytest.raises(AnalysisTimeoutError):
        pipeline.collect(ARTICLE)
    _, sections, warnings = pipeline.collect(ARTICLE)  # no deadline: runs
    assert warnings == [] and set(sections) >= {"checking_test", "counting_test"}


def test_collect_many_stops_instead_of_reporting_per_article() -> None:
    counting = _Counting()
    pipeline = Pipeline([_Checking(), counting])
    with deadline.limit(deadline.Deadline(0)), pytest.raises(AnalysisTimeoutError):
        pipeline.collect_many([ARTICLE, ARTICLE])
    assert counting.calls == 0


def test_long_analyzer_loops_check_the_deadline() -> None:
    from newscheck.analyzers.numbers import NumbersAnalyzer
    from newscheck.analyzers.style import style_signals

    article = Article(body="It rose 5% to 300 troops. Then 200 more came.")
    with deadline.limit(deadline.Deadline(0)):
        with pytest.raises(AnalysisTimeoutError):
            style_signals(article)
        with pytest.raises(AnalysisTimeoutError):
            NumbersAnalyzer().analyze(article)
    assert NumbersAnalyzer().analyze(article).summary["quantities"] > 0
