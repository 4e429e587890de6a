"""The analyzer load contract: :meth:`Analyzer.load` is written once, in the
base class; analyzers supply :meth:`~Analyzer.load_params` and
:meth:`~Analyzer.load_state`, and one built by its constructor alone loads its
shipped state on first use (:meth:`~Analyzer.ensure_state`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newscheck import analyzers as registry
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.settings import Settings

ANALYZERS = Path(registry.__file__).resolve().parent
SAMPLE = Article(
    title="Officials SLAM 'disastrous' plan!",
    body=(
        "The council approved a $48 million budget on Tuesday, according to the "
        "clerk. Critics said the corrupt elite will destroy the city! Nearly 7 "
        "percent of bridges were rated poor, up from 5 percent."
    ),
    url="https://www.example.com/news/1",
)


class _Counted(Analyzer):
    name = "counted_test"

    def __init__(self, *, size: int = 1, where: str | None = None) -> None:
        self.size = size
        self.where = where

    @classmethod
    def load_params(
        cls, params: dict[str, Any], path: str | Path | None, settings: Settings | None
    ) -> dict[str, Any]:
        if path is not None:
            params["where"] = str(path)
        return params

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        self.loads = getattr(self, "loads", 0) + 1
        self.state_ = (path, settings)

    def analyze(self, article: Article) -> Analysis:
        self.ensure_state("state_")
        return Analysis(summary={"loads": self.loads})


def test_load_builds_then_loads_state(tmp_path: Path) -> None:
    settings = Settings()
    params = {"size": 3}
    a = _Counted.load(tmp_path, settings=settings, **params)
    assert (a.size, a.where) == (3, str(tmp_path))
    assert a.state_ == (tmp_path, settings) and a.loads == 1
    assert params == {"size": 3}  # the caller's arguments are not changed
    assert a.analyze(SAMPLE).summary == {"loads": 1}  # loaded once


def test_constructor_alone_loads_shipped_state_once() -> None:
    a = _Counted(size=2)
    assert not hasattr(a, "state_")
    assert a.analyze(SAMPLE).summary == {"loads": 1}
    assert a.analyze(SAMPLE).summary == {"loads": 1}
    assert a.state_ == (None, None)


def test_rule_based_analyzer_load_is_its_constructor() -> None:
    class Plain(Analyzer):
        name = "plain_test"

        def __init__(self, *, k: int = 0) -> None:
            self.k = k

    assert Plain.load("/nowhere", settings=Settings(), k=4).get_params() == {"k": 4}


def test_no_analyzer_writes_its_own_load() -> None:
    """Every analyzer module uses the base class's ``load`` (its own state in
    ``load_state``), so the build-then-load sequence exists once."""
    own = [
        p.name
        for p in sorted(ANALYZERS.glob("*.py"))
        if p.name != "base.py"
        and re.search(r"^    def load\(", p.read_text("utf-8"), re.M)
    ]
    assert not own, own


@pytest.mark.parametrize("name", ["propaganda", "reliability", "source", "style"])
def test_constructed_analyzer_equals_loaded_one(name: str) -> None:
    """An analyzer built by its constructor analyses as the loaded one."""
    cls = type(registry.create(name))
    built, loaded = cls(), cls.load()
    assert built.analyze(SAMPLE) == loaded.analyze(SAMPLE)


def test_reliability_takes_its_settings_and_path(tmp_path: Path) -> None:
    cls = type(registry.create("reliability"))
    a = cls.load(settings=Settings(short_text_words=7))
    assert a.get_params()["short_text_words"] == 7
    assert cls.load(settings=Settings(), short_text_words=9).short_text_words == 9
    params = cls.load_params({}, tmp_path, None)
    assert params == {"model_dir": str(tmp_path)}
