"""Checks every registered analyzer must pass (like scikit-learn's common tests)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscheck import analyzers as registry
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article

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
NAMES = registry.available()
_CACHE: dict[str, Analyzer] = {}


def _analyzer(name: str) -> Analyzer:
    if name not in _CACHE:
        _CACHE[name] = registry.create(name)
    return _CACHE[name]


def _check(article: Article, result: Analysis) -> None:
    assert isinstance(result, Analysis)
    for f in result.findings:
        assert getattr(article, f.field)[f.start : f.end] == f.text
        assert f.score is None or 0.0 <= f.score <= 1.0 or f.kind != "reliability"
    json.dumps([f.to_dict() for f in result.findings])
    json.dumps(result.summary)


def test_registry_has_builtins():
    assert NAMES, "no analyzer registered"
    for name in NAMES:
        assert registry.get(name).name == name


def test_registry_builtin_names_cover_the_builtins():
    assert set(registry.BUILTIN_MODULES) <= set(NAMES)


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
    a = _analyzer(name)
    assert a.analyze(SAMPLE) == a.analyze(SAMPLE)


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_handles_tiny_text(name):
    for body in ("x", "!!!", "1", "   a   "):
        _check(Article(body=body), _analyzer(name).analyze(Article(body=body)))


@pytest.mark.parametrize("name", NAMES)
def test_analyzer_get_params_round_trip(name):
    a = _analyzer(name)
    params = a.get_params()
    assert isinstance(params, dict)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(min_size=1, max_size=400), title=st.text(max_size=60))
def test_analyzer_offsets_hold_on_arbitrary_unicode(name, body, title):
    article = Article(body=body, title=title)
    _check(article, _analyzer(name).analyze(article))
