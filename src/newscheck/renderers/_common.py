"""What every renderer needs: colours per kind, text segments, summary facts.

Renderers are pure ``Report -> str`` functions; the logic they share lives here so
that the terminal, Markdown and HTML views say the same things.

Overlapping spans
-----------------
:func:`segments` cuts a field's text at every finding boundary into
non-overlapping pieces; each piece lists every finding that covers it (by its
number in :func:`numbered`). A piece is coloured by the *shortest* finding that
covers it (the most specific one), and every covering finding is named in its
tooltip / marker, so nested and crossing spans both stay visible without
producing invalid nesting.

Report sections are written by analyzers that evolve independently, so every
reader here is defensive: a missing section, a missing key or an unexpected type
yields nothing rather than an error.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newscheck.report import FindingModel, Report

__all__ = [
    "KIND_COLORS",
    "KIND_ORDER",
    "Segment",
    "Summary",
    "brief",
    "display_label",
    "explain",
    "kind_color",
    "numbered",
    "segments",
    "summarize",
]

#: Display order of the finding kinds the built-in analyzers emit.
KIND_ORDER: tuple[str, ...] = (
    "propaganda",
    "claim",
    "quantity",
    "consistency",
    "style",
    "source",
    "reliability",
)

#: Kind -> (hex colour for HTML, rich colour name for the terminal).
KIND_COLORS: dict[str, tuple[str, str]] = {
    "propaganda": ("#f4a6a6", "red"),
    "claim": ("#a8c8f5", "blue"),
    "quantity": ("#b5e3b0", "green"),
    "consistency": ("#f7c98b", "yellow"),
    "style": ("#d9b8f0", "magenta"),
    "source": ("#9fe0e0", "cyan"),
    "reliability": ("#f5e38f", "bright_yellow"),
}
_OTHER_COLOR = ("#dddddd", "bright_black")

#: Evidence keys that hold a human explanation, in order of preference.
_EXPLANATION_KEYS = (
    "definition",
    "explanation",
    "message",
    "reason",
    "description",
    "why",
    "note",
)


def kind_color(kind: str) -> tuple[str, str]:
    """``(html_hex, rich_name)`` for a finding kind (grey for unknown kinds)."""
    return KIND_COLORS.get(kind, _OTHER_COLOR)


def kind_rank(kind: str) -> int:
    """Sort key putting known kinds first, in :data:`KIND_ORDER`."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def numbered(report: Report) -> list[tuple[int, FindingModel]]:
    """Findings numbered from 1 in text order (title first), as every view shows."""
    ordered = sorted(
        report.findings,
        key=lambda f: (f.field != "title", f.start, -f.end, kind_rank(f.kind)),
    )
    return list(enumerate(ordered, start=1))


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece ``text[start:end]`` of one field and the findings covering it.

    ``covers`` are finding numbers, shortest span first (``covers[0]`` decides
    the colour); ``ends`` are the findings whose span ends exactly here.
    """

    start: int
    end: int
    text: str
    covers: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.covers)


def segments(text: str, findings: Iterable[tuple[int, FindingModel]]) -> list[Segment]:
    """Cut *text* at every span boundary (see the module docstring).

    Offsets are clamped to the text; empty spans mark nothing but still end
    (their number is attached to the segment before their offset).
    """
    spans: list[tuple[int, int, int]] = []
    cuts = {0, len(text)}
    for n, f in findings:
        s = max(0, min(f.start, len(text)))
        e = max(s, min(f.end, len(text)))
        spans.append((n, s, e))
        cuts.update((s, e))
    bounds = sorted(cuts)
    out: list[Segment] = []
    at_start = tuple(sorted(n for n, _, e in spans if e == 0))
    if at_start:  # empty spans at offset 0 end before any text
        out.append(Segment(0, 0, "", (), at_start))
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    length: dict[int, int] = {}
    for n, s, e in spans:
        closing.setdefault(e, []).append(n)
        if e > s:
            opening.setdefault(s, []).append(n)
            length[n] = e - s
    active: set[int] = set()
    for a, b in itertools.pairwise(bounds):  # no pairs when text is empty
        active.difference_update(closing.get(a, ()))
        active.update(opening.get(a, ()))
        covers = tuple(sorted(active, key=lambda n: (length[n], n)))
        ending = tuple(sorted(closing.get(b, ())))
        out.append(Segment(a, b, text[a:b], covers, ending))
    return out


def display_label(f: FindingModel) -> str:
    """A human label: ``evidence["technique"]``/``["name"]`` if given, else the
    label with underscores as spaces."""
    ev = f.evidence if isinstance(f.evidence, Mapping) else {}
    for key in ("technique", "name", "display"):
        value = ev.get(key)
        if isinstance(value, str) and value.strip():
            return _clip(" ".join(value.split()), 60)
    return f.label.replace("_", " ")


def explain(f: FindingModel, *, limit: int = 160) -> str:
    """One line explaining a finding, from its evidence.

    Uses the first explanation-like key (``definition``, ``explanation``, ...);
    otherwise a few scalar evidence items as ``key=value``.
    """
    ev = f.evidence if isinstance(f.evidence, Mapping) else {}
    for key in _EXPLANATION_KEYS:
        value = ev.get(key)
        if isinstance(value, str) and value.strip():
            return _clip(" ".join(value.split()), limit)
    parts = [
        f"{k}={_scalar(v)}" for k, v in ev.items() if _is_scalar(v) and v is not None
    ]
    return _clip(", ".join(parts[:4]), limit)


def brief(value: Any, *, items: int = 5, limit: int = 120) -> str:
    """A short one-line rendering of any JSON-like value from a report section.

    Lists show their first *items* entries; ``[term, weight]`` pairs and dicts
    with a ``text``/``term``/``feature``/``label`` key are shown compactly.
    """
    if isinstance(value, Mapping):
        head = _head(value)
        if head is not None:
            return _clip(head, limit)
        shown = [f"{k}={_scalar(v)}" for k, v in value.items() if _is_scalar(v)]
        return _clip(", ".join(shown[:items]), limit)
    if isinstance(value, list | tuple):
        if len(value) == 2 and isinstance(value[0], str) and _is_number(value[1]):
            return _clip(f"{value[0]} ({_scalar(value[1])})", limit)
        shown = [brief(v, items=items, limit=limit) for v in value[:items]]
        more = f", +{len(value) - items} more" if len(value) > items else ""
        return _clip("; ".join(s for s in shown if s) + more, limit)
    return _clip(_scalar(value), limit)


def _head(d: Mapping[str, Any]) -> str | None:
    for key in ("text", "term", "feature", "sentence", "label", "name", "token"):
        v = d.get(key)
        if isinstance(v, str) and v.strip():
            text = " ".join(v.split())
            for wkey in ("weight", "contribution", "score", "value", "count"):
                w = d.get(wkey)
                if _is_number(w):
                    return f"{_clip(text, 80)} ({_scalar(w)})"
            return text
    return None


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool)


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    if v is None:
        return "–"
    return " ".join(str(v).split())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Summary:
    """The facts the summary panels show; every part may be empty.

    ``rows`` is an ordered list of ``(heading, text)`` lines ready to print; the
    typed fields are there for renderers that draw them (gauge, chips).
    """

    score: float | None = None
    label: str | None = None
    threshold: float | None = None
    model: str | None = None
    kind_counts: list[tuple[str, int]] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)


def domain_line(domain: dict[str, Any]) -> str:
    """One line on how close the article is to the reliability model's
    training data (empty when the model records no reference)."""
    cov, p05 = domain.get("coverage"), domain.get("reference_p05")
    if not _is_number(cov) or not _is_number(p05):
        return ""
    known = f"the model knows {cov:.0%} of its words"
    ref = f"(95% of unseen-corpus training articles: ≥ {p05:.0%})"
    if domain.get("out_of_domain"):
        return f"OUT OF DOMAIN — {known} {ref}: treat the score with caution"
    return f"in domain — {known} {ref}"


def summarize(report: Report) -> Summary:
    """Read the report defensively into a :class:`Summary`."""
    s = Summary()
    rel = report.reliability
    if rel is not None:
        s.score, s.label, s.threshold, s.model = (
            rel.score,
            rel.label,
            rel.threshold,
            rel.model,
        )
        s.rows.append(
            (
                "Reliability",
                f"{rel.label} — P(unreliable) = {rel.score:.2f} "
                f"(threshold {rel.threshold:.2f}, {rel.model} model)",
            )
        )
        line = domain_line(rel.domain)
        if line:
            s.rows.append(("  domain", line))
        for key, value in _items(rel.explanation):
            text = brief(value, items=3)
            if text:
                s.rows.append((f"  {key.replace('_', ' ')}", text))
    else:
        s.rows.append(("Reliability", "not scored"))
    verdict = _section(report, "verdict")
    if _is_number(verdict.get("score")):
        s.rows.append(
            (
                "Combined",
                f"{verdict.get('label')} — P(unreliable) = {verdict['score']:.2f} "
                "(content + source rating + matched fact-checks)",
            )
        )
        for part in verdict.get("parts") or []:
            if isinstance(part, Mapping) and _is_number(part.get("logit")):
                s.rows.append(
                    (
                        f"  {part.get('evidence')}",
                        f"{part['logit']:+.2f} log-odds — {part.get('detail')}",
                    )
                )

    counts = Counter(f.kind for f in report.findings)
    s.kind_counts = sorted(counts.items(), key=lambda kv: (kind_rank(kv[0]), kv[0]))
    s.rows.append(
        (
            "Findings",
            ", ".join(f"{k} {n}" for k, n in s.kind_counts) or "none",
        )
    )

    techniques = Counter(display_label(f) for f in report.findings_of("propaganda"))
    if techniques:
        line = ", ".join(f"{t} {n}" for t, n in _top(techniques))
        share = _section(report, "propaganda").get("sentence_share")
        if _is_number(share):
            line += f" — in {share:.0%} of sentences"
        s.rows.append(("Propaganda", line))

    source = _section(report, "source")
    if source:
        s.rows.append(("Source", _section_line(source)))

    claims = sorted(
        report.findings_of("claim"),
        key=lambda f: -(f.score if f.score is not None else 0.0),
    )
    for i, f in enumerate(claims[:3], start=1):
        score = "" if f.score is None else f" ({f.score:.2f})"
        s.rows.append(("Top claims" if i == 1 else "", f"“{_clip(f.text, 90)}”{score}"))

    relations = report.findings_of("consistency")
    numbers = _section(report, "numbers")
    if relations or numbers:
        labels = Counter(f.label for f in relations)
        text = f"{len(relations)} consistency relation" + (
            "" if len(relations) == 1 else "s"
        )
        if labels:
            text += " (" + ", ".join(f"{k} {n}" for k, n in _top(labels)) + ")"
        extra = _section_line(numbers, skip={"relations", "consistency"})
        s.rows.append(("Numbers", text + (f"; {extra}" if extra else "")))

    style = _section(report, "style")
    if style:
        line = _style_line(style)
        if line:
            s.rows.append(("Style", line))

    for name, section in report.sections.items():
        if name in {
            "reliability",
            "propaganda",
            "claims",
            "source",
            "numbers",
            "style",
        }:
            continue
        line = _section_line(section)
        if line:
            s.rows.append((name.replace("_", " ").capitalize(), line))

    for w in report.warnings:
        s.rows.append(("Warning", _clip(w, 160)))
    return s


def _section(report: Report, name: str) -> Mapping[str, Any]:
    section = report.sections.get(name)
    return section if isinstance(section, Mapping) else {}


def _items(value: Any) -> Sequence[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, Mapping) else []


def _top(counter: Counter[str], n: int = 6) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _section_line(
    section: Mapping[str, Any], *, skip: set[str] | frozenset[str] = frozenset()
) -> str:
    """Scalar entries of a section, and one level of nested dicts, as one line."""
    parts: list[str] = []
    for key, value in section.items():
        if key in skip:
            continue
        if _is_scalar(value) and value not in (None, ""):
            parts.append(f"{key.replace('_', ' ')}: {_scalar(value)}")
        elif isinstance(value, Mapping):
            inner = [
                f"{k.replace('_', ' ')}: {_scalar(v)}"
                for k, v in value.items()
                if _is_scalar(v) and v not in (None, "")
            ]
            if inner:
                parts.append(f"{key.replace('_', ' ')} ({', '.join(inner[:4])})")
    return _clip(" · ".join(parts[:8]), 200)


def _style_line(style: Mapping[str, Any]) -> str:
    """The notable style signals.

    Signals may be plain numbers or ``{"value", "position", "unit"}`` dicts;
    when the section lists ``outside_typical`` names only those are shown (with
    their position against typical news), else the largest non-zero values.
    """
    signals = style.get("signals", style)
    if not isinstance(signals, Mapping):
        return ""
    values: dict[str, tuple[float, str]] = {}
    for name, v in signals.items():
        if isinstance(v, Mapping) and _is_number(v.get("value")):
            position = v.get("position")
            note = f" ({position} typical)" if isinstance(position, str) else ""
            values[name] = (float(v["value"]), note)
        elif _is_number(v):
            values[name] = (float(v), "")
    notable = style.get("outside_typical")
    if isinstance(notable, list) and notable:
        names = [n for n in notable if isinstance(n, str) and n in values]
    else:
        names = sorted(
            (n for n, (v, _) in values.items() if v != 0),
            key=lambda n: -abs(values[n][0]),
        )
    return ", ".join(
        f"{n.replace('_', ' ')} {_scalar(values[n][0])}{values[n][1]}"
        for n in names[:6]
    )
