"""ingest → article → analyzers → report.

:class:`Pipeline` loads each analyzer once and turns articles into reports.
:func:`analyze` is the one-call entry point.

Examples
--------
>>> from newscheck.article import Article
>>> report = Pipeline(analyzers=("style",)).run(Article(body="It rained. Roads shut."))
>>> report.article.body
'It rained. Roads shut.'
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Any

from newscheck import analyzers as registry
from newscheck import deadline
from newscheck._version import __version__
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article, Finding, thaw
from newscheck.errors import AnalysisTimeoutError, AnalyzerError, NewscheckError
from newscheck.report import ReliabilityModel, Report
from newscheck.settings import Settings
from newscheck.verdict import combine as combine_verdict

__all__ = ["Pipeline", "analyze"]

LOGGER = logging.getLogger(__name__)
_GENERATOR = f"newscheck {__version__}"


class Pipeline:
    """Runs a fixed list of analyzers over articles.

    Parameters
    ----------
    analyzers
        Analyzer names from the registry, or analyzer instances. ``None``: those
        in ``settings.analyzers``.
    settings
        The settings passed to analyzers that accept them.
    """

    def __init__(
        self,
        analyzers: Sequence[str | Analyzer] | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings()
        names = self.settings.analyzers if analyzers is None else analyzers
        # an unknown name is a ConfigError from the registry, naming the others
        self.analyzers_: list[Analyzer] = [
            item if isinstance(item, Analyzer) else self._build(item) for item in names
        ]

        # Recorded in every report; computed once, not per article.
        self.meta_ = {
            a.name: {"version": a.version, "params": _jsonable(a.get_params())}
            for a in self.analyzers_
        }

    def _build(self, name: str) -> Analyzer:
        return registry.get(name).load(settings=self.settings)

    @property
    def versions(self) -> dict[str, str]:
        """Analyzer name → version: part of a stored report's cache key."""
        return {a.name: a.version for a in self.analyzers_}

    def run(self, article: Article) -> Report:
        """Analyse *article* with every analyzer and assemble the report."""
        findings, sections, warnings = self.collect(article)
        return _assemble(article, findings, sections, self, warnings)

    def collect(
        self, article: Article
    ) -> tuple[list[Finding], dict[str, dict[str, Any]], list[str]]:
        """What every analyzer says about *article*, not yet assembled: the
        findings (in analyzer order), the summary per analyzer and the warnings
        of analyzers that failed.

        Under a :mod:`newscheck.deadline` it is checked before each analyzer;
        :class:`~newscheck.errors.AnalysisTimeoutError` (like every
        :class:`~newscheck.errors.NewscheckError`) propagates, it is never a
        warning."""
        findings: list[Finding] = []
        sections: dict[str, dict[str, Any]] = {}
        warnings: list[str] = []
        for analyzer in self.analyzers_:
            deadline.check()
            try:
                result = analyzer.analyze(article)
            except NewscheckError:
                raise
            except Exception as exc:  # an analyzer bug must not lose the report
                LOGGER.exception("analyzer %s failed", analyzer.name)
                warnings.append(f"{analyzer.name} failed: {type(exc).__name__}: {exc}")
                continue
            findings.extend(result.findings)
            sections[analyzer.name] = result.summary
        verdict = combine_verdict(sections, findings)
        if verdict is not None:
            sections["verdict"] = verdict
        return findings, sections, warnings

    def findings_row(
        self, article: Article, *, sections_out: dict[str, Any] | None = None
    ) -> tuple[ReliabilityModel | None, list[dict[str, Any]]]:
        """``(report.reliability, report.model_dump()["findings"])`` of
        ``run(article)``, without building the report where its validation can
        neither fail nor change a value (plain ``str``/``float``/``int`` fields,
        summaries that are dicts with ``str`` keys): the findings then are
        :meth:`Finding.to_dict` in report order. Otherwise the report is built.
        *sections_out*, if given, receives the analyzers' summaries."""
        findings, sections, warnings = self.collect(article)
        return self._row(article, findings, sections, warnings, sections_out)

    def _row(
        self,
        article: Article,
        findings: list[Finding],
        sections: dict[str, dict[str, Any]],
        warnings: list[str],
        sections_out: dict[str, Any] | None,
    ) -> tuple[ReliabilityModel | None, list[dict[str, Any]]]:
        if sections_out is not None:
            sections_out.update(sections)
        if not _plain(article, findings, sections):
            report = _assemble(article, findings, sections, self, warnings)
            return report.reliability, report.model_dump(include=_FINDINGS)["findings"]
        _sort(findings)
        return _reliability(sections), [f.to_dict() for f in findings]

    def collect_many(
        self, articles: Sequence[Article]
    ) -> list[
        tuple[list[Finding], dict[str, dict[str, Any]], list[str]] | NewscheckError
    ]:
        """:meth:`collect` of each of *articles*, or the :class:`NewscheckError`
        it raises, with each analyzer run once over all of them
        (:meth:`Analyzer.analyze_many`: one vectorised pass where the analyzer
        has one). An analyzer whose batch call fails is run article by article,
        so the results are those of :meth:`collect` in every case. A passed
        :mod:`newscheck.deadline` stops the whole call
        (:class:`~newscheck.errors.AnalysisTimeoutError`)."""
        n = len(articles)
        findings: list[list[Finding]] = [[] for _ in range(n)]
        sections: list[dict[str, dict[str, Any]]] = [{} for _ in range(n)]
        warnings: list[list[str]] = [[] for _ in range(n)]
        errors: list[NewscheckError | None] = [None] * n
        for analyzer in self.analyzers_:
            deadline.check()
            live = [i for i in range(n) if errors[i] is None]
            results: list[Analysis] | None = None
            if len(live) > 1:
                try:
                    results = analyzer.analyze_many([articles[i] for i in live])
                except AnalysisTimeoutError:
                    raise
                except Exception:  # redone one by one: each failure its own
                    LOGGER.debug("analyzer %s: batch call failed", analyzer.name)
                    results = None
            for k, i in enumerate(live):
                if results is not None:
                    result = results[k]
                else:
                    try:
                        result = analyzer.analyze(articles[i])
                    except AnalysisTimeoutError:
                        raise
                    except NewscheckError as exc:
                        errors[i] = exc
                        continue
                    except Exception as exc:  # as in collect
                        LOGGER.exception("analyzer %s failed", analyzer.name)
                        warnings[i].append(
                            f"{analyzer.name} failed: {type(exc).__name__}: {exc}"
                        )
                        continue
                findings[i].extend(result.findings)
                sections[i][analyzer.name] = result.summary
        out: list[
            tuple[list[Finding], dict[str, dict[str, Any]], list[str]] | NewscheckError
        ] = []
        for i in range(n):
            error = errors[i]
            if error is not None:
                out.append(error)
                continue
            verdict = combine_verdict(sections[i], findings[i])
            if verdict is not None:
                sections[i]["verdict"] = verdict
            out.append((findings[i], sections[i], warnings[i]))
        return out

    def findings_rows(
        self, articles: Sequence[Article]
    ) -> list[
        tuple[ReliabilityModel | None, list[dict[str, Any]], dict[str, Any]] | Exception
    ]:
        """:meth:`findings_row` of each of *articles* (with its sections as a
        third item), or the exception it raises, through :meth:`collect_many`."""
        out: list[
            tuple[ReliabilityModel | None, list[dict[str, Any]], dict[str, Any]]
            | Exception
        ] = []
        for article, got in zip(articles, self.collect_many(articles), strict=True):
            if isinstance(got, NewscheckError):
                out.append(got)
                continue
            sections: dict[str, Any] = {}
            try:
                rel, rows = self._row(article, *got, sections)
            except Exception as exc:  # reported per row, as findings_row raises
                out.append(exc)
            else:
                out.append((rel, rows, sections))
        return out

    def run_many(self, articles: Iterable[Article]) -> Iterable[Report]:
        """Reports for *articles*, lazily, in order."""
        for article in articles:
            yield self.run(article)


def _assemble(
    article: Article,
    findings: list[Finding],
    sections: dict[str, dict[str, Any]],
    pipeline: Pipeline,
    warnings: list[str],
) -> Report:
    _sort(findings)
    reliability = _reliability(sections)
    # One validation of the whole report (pydantic-core validates the nested
    # findings and article from plain dicts in a single call: about a third of
    # the cost of building a FindingModel per finding in Python).
    return Report(
        generator=_GENERATOR,
        content_hash=article.content_hash(),
        article={
            "id": article.id,
            "title": article.title,
            "body": article.body,
            "url": article.url,
            "domain": article.domain,
            "published": article.published,
            "meta": thaw(article.meta),
            "sentences": article.sentences,
        },
        reliability=reliability,
        findings=[
            {
                "field": f.field,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "kind": f.kind,
                "label": f.label,
                "score": f.score,
                "evidence": thaw(f.evidence),
            }
            for f in findings
        ],
        sections={k: v for k, v in sections.items() if k != "reliability" or v},
        analyzers=pipeline.meta_,
        tier=pipeline.settings.tier,
        warnings=warnings,
    )


_FINDINGS = {"findings"}
_OPTIONAL_STR = (str, type(None))
_OPTIONAL_FLOAT = (float, type(None))


def _sort(findings: list[Finding]) -> None:
    """Report order: title first, then by offsets, kind and label."""
    findings.sort(key=lambda f: (f.field != "title", f.start, f.end, f.kind, f.label))


def _reliability(sections: dict[str, dict[str, Any]]) -> ReliabilityModel | None:
    rel = sections.get("reliability")
    if not rel or rel.get("score") is None:
        return None
    try:
        return ReliabilityModel(
            score=rel["score"],
            label=rel["label"],
            threshold=rel.get("threshold", 0.5),
            model=rel.get("model", "article"),
            explanation=rel.get("explanation", {}),
            domain=rel.get("domain") or {},
        )
    except (KeyError, ValueError) as exc:
        raise AnalyzerError(f"reliability analyzer returned {rel!r}") from exc


def _plain(
    article: Article, findings: list[Finding], sections: dict[str, dict[str, Any]]
) -> bool:
    """Whether :class:`Report` would take *article*, *findings* and *sections*
    as they are: every value already of the exact type the model declares (so
    validation neither fails nor converts, and ``model_dump`` of a finding is
    its :meth:`Finding.to_dict`)."""
    a = article
    if not (
        type(a.body) is str
        and type(a.title) is str
        and type(a.id) in _OPTIONAL_STR
        and type(a.url) in _OPTIONAL_STR
        and type(a.domain) in _OPTIONAL_STR
        and type(a.published) in _OPTIONAL_STR
    ):
        return False
    for v in sections.values():
        if type(v) is not dict or not all(type(k) is str for k in v):
            return False
    for f in findings:
        if not (
            type(f.kind) is str
            and type(f.label) is str
            and type(f.text) is str
            and type(f.start) is int
            and type(f.end) is int
            and type(f.score) in _OPTIONAL_FLOAT
            and type(f.evidence) is MappingProxyType
        ):
            return False
    return True


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in params.items():
        if isinstance(v, str | int | float | bool) or v is None:
            out[k] = v
        elif isinstance(v, list | tuple) and all(
            isinstance(x, str | int | float | bool) for x in v
        ):
            out[k] = list(v)
    return out


def analyze(
    article: Article,
    *,
    analyzers: Sequence[str | Analyzer] | None = None,
    settings: Settings | None = None,
) -> Report:
    """Analyse one article with a fresh pipeline (use :class:`Pipeline` for many)."""
    return Pipeline(analyzers, settings=settings).run(article)
