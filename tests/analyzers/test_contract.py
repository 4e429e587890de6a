"""Checks every registered analyzer must pass (like scikit-learn's common tests).

Each check is a helper that raises ``AssertionError`` on a broken analyzer; the
tests at the end run them on deliberately broken analyzers, so that a check which
could never fail does not go unnoticed.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscheck import analyzers as registry
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article, Finding

SAMPLE = Article(
    title="Officials SLAM 'disastrous' plan!",
    body=(
        "The council approved a $48 million budget on Tuesday, according to the clerk. "
        "Critics said the corrupt elite will destroy the city! Nearly 7 percent of "
        'bridges were rated poor, up from 5 percent. "We had no choice," she said.\n\n'
        "Make no mistake: everyone knows the true cost is three times higher."
    ),
    url="https://www.example.com/news/1",
)
TINY = ("x", "!!!", "1", "   a   ")
BLANK = (Article(body=""), Article(body=" "), Article(body="\n\n\t ", title="   "))
SNAPSHOT = Path(__file__).with_name("registry_snapshot.json")
NAMES = registry.available()
_CACHE: dict[str, Analyzer] = {}


def _analyzer(name: str) -> Analyzer:
    if name not in _CACHE:
        _CACHE[name] = registry.create(name)
    return _CACHE[name]


def _check(article: Article, result: Analysis) -> None:
    """Findings point at the text they quote, scores are probabilities, and the
    findings and summary are strict JSON."""
    assert isinstance(result, Analysis)
    for f in result.findings:
        assert isinstance(f, Finding)
        text = getattr(article, f.field)
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
        assert f.score is None or 0.0 <= f.score <= 1.0, f
    json.dumps([f.to_dict() for f in result.findings], allow_nan=False)
    json.dumps(result.summary, allow_nan=False)


def _check_deterministic(a: Analyzer, fresh: Analyzer, article: Article) -> None:
    """Two runs, and a second instance built the same way, say the same."""
    first = a.analyze(article)
    assert a.analyze(article) == first
    assert fresh.analyze(article) == first
    assert a.analyze_many([article, article]) == [first, first]


def _constructor_params(cls: type[Analyzer]) -> set[str]:
    sig = inspect.signature(cls.__init__)
    return {
        name
        for name, p in sig.parameters.items()
        if name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }


def _check_round_trip(a: Analyzer, article: Article) -> None:
    """``get_params`` names every constructor argument and rebuilds an analyzer
    with the same parameters and the same analysis."""
    params = a.get_params()
    assert set(params) == _constructor_params(type(a))
    assert type(a)(**params).get_params() == params
    assert type(a).load(**params).analyze(article) == a.analyze(article)


def test_registry_has_builtins():
    assert NAMES, "no analyzer registered"
    for name in NAMES:
        assert registry.get(name).name == name


def test_registry_builtin_names_cover_the_builtins():
    assert set(registry.BUILTIN_MODULES) <= set(NAMES)


def test_registry_matches_the_snapshot():
    """Adding, renaming or dropping a shipped analyzer is deliberate: update
    registry_snapshot.json with it (plugins from other packages are not counted)."""
    shipped = sorted(
        name for name in NAMES if registry.get(name).__module__.startswith("newscheck.")
    )
    assert shipped == json.loads(SNAPSHOT.read_text(encoding="utf-8"))["analyzers"]


def test_registry_loads_only_the_builtin_asked_for():
    """A run of one analyzer does not import the others' modules."""
    code = (
        "import sys; from newscheck import analyzers as r; r.get('style'); "
        "print(sorted(m for m in r.BUILTIN_MODULES.values() if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['newscheck.analyzers.style']"


def test_unknown_analyzer_names_the_available_ones():
    from newscheck.errors import ConfigError
    from newscheck.pipeline import Pipeline

    with pytest.raises(ConfigError, match=r"unknown analyzer 'nope'; available: .*"):
        Pipeline(["reliability", "nope"])


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_sample_offsets_and_json(name):
    result = _analyzer(name).analyze(SAMPLE)
    _check(SAMPLE, result)


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_is_deterministic(name):
    fresh = registry.create(name)
    for article in (SAMPLE, Article(body=TINY[-1])):
        _check_deterministic(_analyzer(name), fresh, article)


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_handles_tiny_text(name):
    for body in TINY:
        _check(Article(body=body), _analyzer(name).analyze(Article(body=body)))


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_handles_empty_and_blank_text(name):
    for article in BLANK:
        result = _analyzer(name).analyze(article)
        _check(article, result)
        assert result.findings == ()


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_get_params_round_trip(name):
    _check_round_trip(_analyzer(name), SAMPLE)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(min_size=1, max_size=400), title=st.text(max_size=60))
def test_analyzer_offsets_hold_on_arbitrary_unicode(name, body, title):
    article = Article(body=body, title=title)
    _check(article, _analyzer(name).analyze(article))


# The checks above fail on analyzers that break the contract.


class _Fine(Analyzer):
    """Flags the first word of the body with a probability."""

    def __init__(self, *, score: float = 0.5, label: str = "word") -> None:
        self.score = score
        self.label = label

    def analyze(self, article: Article) -> Analysis:
        end = len(article.body.split(" ", 1)[0])
        if not end:
            return Analysis()
        f = article.finding(
            "body", 0, end, kind="toy", label=self.label, score=self.score
        )
        return Analysis(findings=(f,), summary={"score": self.score})


class _ScoreOutOfRange(_Fine):
    def __init__(self, *, score: float = 2.0, label: str = "word") -> None:
        super().__init__(score=score, label=label)


class _NaNSummary(_Fine):
    def analyze(self, article: Article) -> Analysis:
        return Analysis(super().analyze(article).findings, {"score": float("nan")})


class _SpanPastTheEnd(_Fine):
    def analyze(self, article: Article) -> Analysis:
        n = len(article.body) + 5
        return Analysis((Finding("body", n, n, "", "toy", "past"),))


class _NotDeterministic(_Fine):
    def analyze(self, article: Article) -> Analysis:
        self.score = (self.score + 0.25) % 1.0
        return super().analyze(article)


class _RenamesItsParameter(Analyzer):
    def __init__(self, *, label: str = "word") -> None:
        self.label_text = label

    def analyze(self, article: Article) -> Analysis:
        return Analysis(summary={"label": self.label_text})


class _ForgetsAParameter(_Fine):
    def __init__(self, *, score: float = 0.5, label: str = "word") -> None:
        super().__init__(score=score, label=label)

    def get_params(self) -> dict[str, Any]:
        return {"label": self.label, "score": 0.5}


class _DiffersByInstance(_Fine):
    built = 0

    def __init__(self, *, score: float = 0.5, label: str = "word") -> None:
        super().__init__(score=score, label=label)
        type(self).built += 1
        self.seed_ = type(self).built

    def analyze(self, article: Article) -> Analysis:
        return Analysis(summary={"seed": self.seed_})


def _output(cls: type[Analyzer], params: dict[str, Any]) -> None:
    _check(SAMPLE, cls(**params).analyze(SAMPLE))


def _repeat(cls: type[Analyzer], params: dict[str, Any]) -> None:
    _check_deterministic(cls(**params), cls(**params), SAMPLE)


def _rebuild(cls: type[Analyzer], params: dict[str, Any]) -> None:
    _check_round_trip(cls(**params), SAMPLE)


@pytest.mark.parametrize("check", [_output, _repeat, _rebuild])
def test_checks_pass_on_a_well_behaved_analyzer(check):
    check(_Fine, {"score": 0.75, "label": "first"})


@pytest.mark.parametrize(
    ("cls", "params", "check"),
    [
        (_ScoreOutOfRange, {}, _output),
        (_NaNSummary, {}, _output),
        (_SpanPastTheEnd, {}, _output),
        (_NotDeterministic, {}, _repeat),
        (_DiffersByInstance, {}, _repeat),
        (_RenamesItsParameter, {"label": "first"}, _rebuild),
        (_ForgetsAParameter, {"score": 0.75}, _rebuild),
    ],
)
def test_checks_fail_on_a_broken_analyzer(cls, params, check):
    with pytest.raises((AssertionError, ValueError)):
        check(cls, params)
