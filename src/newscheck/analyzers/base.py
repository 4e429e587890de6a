"""The analyzer contract.

An analyzer is configured in its constructor (which only stores its keyword
arguments), learns in :meth:`Analyzer.fit` where it learns (learned state ends in
``_``), and runs in :meth:`Analyzer.analyze`, which reads one :class:`Article`
and returns an :class:`Analysis`: span findings plus a JSON-ready summary for the
report section named after the analyzer. Trained state is saved and loaded in one
place, :meth:`Analyzer.save` / :meth:`Analyzer.load`, as numpy arrays and JSON
(never pickle). :meth:`Analyzer.load` is written once, here: an analyzer that
learns overrides :meth:`Analyzer.load_state` (and :meth:`Analyzer.load_params`
where its settings or path set a constructor argument), and one built by its
constructor alone loads its shipped state on first use with
:meth:`Analyzer.ensure_state`.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

from newscheck.article import Article, Finding
from newscheck.settings import Settings

__all__ = ["Analysis", "Analyzer"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one analyzer says about one article.

    Attributes
    ----------
    findings
        Span findings pointing into the article.
    summary
        JSON-ready section for the report (scores, counts, document-level signals).
    """

    findings: tuple[Finding, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)


class Analyzer:
    """Base class of every analyzer.

    Subclasses set :attr:`name` (the registry key and report section), may set
    :attr:`version` (recorded in reports and the store's cache key), implement
    :meth:`analyze`, and override :meth:`fit`, :meth:`save` and
    :meth:`load_state` if they learn.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, read back from attributes of the same name."""
        sig = inspect.signature(type(self).__init__)
        return {
            p: getattr(self, p)
            for p in sig.parameters
            if p != "self"
            and hasattr(self, p)
            and sig.parameters[p].kind is not inspect.Parameter.VAR_KEYWORD
        }

    def fit(self, articles: list[Article], labels: list[Any] | None = None) -> Self:
        """Learn from *articles* (no-op for rule-based analyzers)."""
        return self

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article."""
        raise NotImplementedError

    def analyze_many(self, articles: Sequence[Article]) -> list[Analysis]:
        """``[analyze(a) for a in articles]``; analyzers whose model scores many
        texts at once faster (one matrix product over a chunk of articles) override
        it, with the same results. If it raises, the caller falls back to
        :meth:`analyze` article by article (so one bad article fails alone)."""
        return [self.analyze(a) for a in articles]

    def save(self, path: str | Path) -> None:
        """Write learned state under directory *path*."""
        raise NotImplementedError(f"{self.name} has no trained state to save")

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        **params: Any,
    ) -> Self:
        """Build the analyzer with its shipped (or given, *path*) trained state:
        ``cls(**load_params(params, path, settings))``, then :meth:`load_state`.

        *settings* is offered to every analyzer; those that need nothing from it
        ignore it.
        """
        self = cls(**cls.load_params(dict(params), path, settings))
        self.load_state(path, settings)
        return self

    @classmethod
    def load_params(
        cls, params: dict[str, Any], path: str | Path | None, settings: Settings | None
    ) -> dict[str, Any]:
        """The constructor arguments :meth:`load` builds the analyzer with:
        *params* as given, unless the analyzer takes some from *settings* or
        *path*."""
        return params

    def load_state(self, path: str | Path | None, settings: Settings | None) -> None:
        """Load the trained state (shipped, or saved under *path*) into this
        analyzer; rule-based analyzers have none."""

    def ensure_state(self, attr: str) -> None:
        """Load the shipped state (``load_state(None, None)``) when the learned
        attribute *attr* is not set yet: an analyzer built by its constructor
        rather than :meth:`load` loads it on first use."""
        if not hasattr(self, attr):
            self.load_state(None, None)
