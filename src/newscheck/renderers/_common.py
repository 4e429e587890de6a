"""What every renderer needs: labels, roles and colours, text segments, summary facts.

Renderers are pure ``Report -> str`` functions; the logic they share lives here so
that the terminal, Markdown and HTML views and the web page say the same things.

What a person sees
------------------
:func:`visible` drops the low-confidence findings a person should not be shown
(``Settings.display_min_score`` per kind, and claims under the claims analyzer's
threshold); JSON and batch output keep everything with its score. Every label
goes through :func:`human_label` (one map, :data:`LABELS`, also served to the
web page by :func:`web_display`). Colour marks only what matters: each finding
has a :func:`role` and only the roles in :data:`ROLES` are highlighted, each on
its own visual layer (see ``web/report.css``), so overlapping highlights stay
visible together.

Overlapping spans
-----------------
:func:`segments` cuts a field's text at every finding boundary into
non-overlapping pieces; each piece lists every finding that covers it (by its
number in :func:`numbered`), and each renderer draws every covering finding's
role on it.

Report sections are written by analyzers that evolve independently, so every
reader here is defensive: a missing section, a missing key or an unexpected type
yields nothing rather than an error.

Why one module of about 700 lines: it is the one place that decides what a
person sees (visibility, labels, roles, colours, segments), and every renderer
and the web page's ``/display.json`` read it; split, the label map and the
role rules would have to be kept in step across files.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from newscheck.propaganda.techniques import HUMAN_NAMES
from newscheck.report import FindingModel, Report
from newscheck.settings import DISPLAY_MIN_SCORE

__all__ = [
    "KIND_COLORS",
    "KIND_LABELS",
    "KIND_ORDER",
    "LABELS",
    "ROLES",
    "Segment",
    "Summary",
    "brief",
    "display_label",
    "explain",
    "factcheck_lines",
    "human_label",
    "kind_color",
    "match_line",
    "numbered",
    "report_css",
    "role",
    "roles_of",
    "segments",
    "summarize",
    "visible",
    "web_display",
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

#: Kind -> what a person reads for it.
KIND_LABELS: dict[str, str] = {
    "propaganda": "Possible propaganda",
    "claim": "Check-worthy claim",
    "quantity": "Figure",
    "consistency": "Figure check",
    "style": "Style",
    "source": "Source",
    "reliability": "Unreliable-sounding sentence",
}

#: Finding and verdict labels -> what a person reads (propaganda techniques come
#: from :data:`newscheck.propaganda.techniques.HUMAN_NAMES`).
LABELS: dict[str, str] = {
    **HUMAN_NAMES,
    "check_worthy": "Check-worthy claim",
    "checkworthy": "Check-worthy claim",
    "unreliable_sentence": "Unreliable-sounding sentence",
    "consistent": "Figures agree",
    "inconsistent": "Figures disagree",
    "unverifiable": "Figures cannot be checked",
    "count": "Count",
    "money": "Money",
    "percent": "Percentage",
    "date": "Date",
    "vague": "Vague quantity",
    "change": "Change",
    "all_caps": "All capitals",
    "exclamation": "Exclamation",
    "hedge": "Hedge",
    "intensifier": "Intensifier",
    "attribution": "Attribution",
    "quote": "Quotation",
    "first_person": "First person",
    "second_person": "Second person",
    "clickbait": "Clickbait wording",
    "shortener": "Link shortener",
    "publisher": "Publisher's own domain",
    "cited_domain": "Cited domain",
    "reliable": "Reliable",
    "uncertain": "Uncertain",
    "unreliable": "Unreliable",
}

#: Highlight role -> (legend label, hex colour, rich style). Okabe–Ito colours
#: (distinguishable with the common colour-vision deficiencies); only these
#: roles are coloured, routine findings (check-worthy claims) get a quiet
#: dotted underline and the rest none.
ROLES: dict[str, tuple[str, str, str]] = {
    "propaganda": ("Possible propaganda", "#D55E00", "black on red"),
    "inconsistent": ("Figures disagree", "#E69F00", "black on yellow"),
    "factchecked": ("Fact-checked claim", "#0072B2", "bold blue"),
    "unreliable": ("Unreliable-sounding sentence", "#CC79A7", "underline magenta"),
    "claim": ("Check-worthy claim", "#6E6E6E", ""),
}

#: Kind -> (hex colour for HTML, rich colour name for the terminal).
KIND_COLORS: dict[str, tuple[str, str]] = {
    "propaganda": ("#D55E00", "red"),
    "claim": ("#6E6E6E", "default"),
    "quantity": ("#6E6E6E", "default"),
    "consistency": ("#E69F00", "yellow"),
    "style": ("#6E6E6E", "default"),
    "source": ("#009E73", "green"),
    "reliability": ("#CC79A7", "magenta"),
}
_OTHER_COLOR = ("#6E6E6E", "default")

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

#: Evidence keys never shown as an explanation (the analyzer's own threshold).
_NOT_EXPLANATIONS = frozenset({"threshold"})

#: Trailing characters a highlight leaves out (a sentence-final period is never
#: highlighted on its own).
_TRAILING = " \t\r\n.,;:!?"

_CSS_FILE = Path(__file__).resolve().parents[1] / "web" / "report.css"


def report_css() -> str:
    """The shared stylesheet of the HTML report and the web page."""
    return _CSS_FILE.read_text(encoding="utf-8")


def human_label(label: str) -> str:
    """What a person reads for a finding or verdict *label*.

    >>> human_label("Appeal_to_fear-prejudice"), human_label("check_worthy")
    ('Appeal to fear or prejudice', 'Check-worthy claim')
    >>> human_label("some_new_label")
    'Some new label'
    """
    if label in LABELS:
        return LABELS[label]
    text = " ".join(label.replace("_", " ").split())
    return text[:1].upper() + text[1:]


def kind_label(kind: str) -> str:
    """What a person reads for a finding kind."""
    return KIND_LABELS.get(kind) or human_label(kind)


def matches_of(f: FindingModel) -> list[Mapping[str, Any]]:
    """The fact-check matches of a finding (``evidence["matches"]``) a person
    is shown: those with a verdict or a link (not ``"shown": false``)."""
    ev = f.evidence if isinstance(f.evidence, Mapping) else {}
    found = ev.get("matches")
    if not isinstance(found, list):
        return []
    return [m for m in found if isinstance(m, Mapping) and _actionable(m)]


def _actionable(m: Mapping[str, Any]) -> bool:
    # a match with neither a rating nor a link gives a reader nothing to act on
    if m.get("shown") is False:
        return False
    rated = _text(m.get("verdict")) or _text(m.get("normalised_verdict")) not in (
        "",
        "other",
    )
    return bool(rated or _text(m.get("url")))


def _relation(m: Mapping[str, Any]) -> str:
    return "related" if m.get("relation") == "related" else "same"


def role(f: FindingModel) -> str | None:
    """The highlight role of a finding (a key of :data:`ROLES`), or ``None``."""
    if f.kind == "propaganda":
        return "propaganda"
    if f.kind == "consistency":
        return "inconsistent" if f.label == "inconsistent" else None
    if f.kind == "reliability":
        return "unreliable"
    if f.kind == "claim":
        same = any(_relation(m) == "same" for m in matches_of(f))
        return "factchecked" if same else "claim"
    return None


def roles_of(findings: Iterable[FindingModel]) -> list[str]:
    """The distinct roles of *findings*, in :data:`ROLES` order."""
    found = {r for r in map(role, findings) if r}
    return [r for r in ROLES if r in found]


def match_line(m: Mapping[str, Any]) -> str:
    """One line for a fact-check match; a related one is never a verdict on
    the sentence it was found for."""
    verdict = _text(m.get("verdict")) or _text(m.get("normalised_verdict"))
    by = ", ".join(t for t in (_text(m.get("publisher")), _text(m.get("date"))) if t)
    claim = _clip(_text(m.get("claim")), 200)
    sim = m.get("similarity")
    tail = f"similarity {sim:.2f}" if _is_number(sim) else ""
    if _relation(m) == "related":
        diffs = m.get("differences")
        what = (
            ", ".join(_text(d) for d in diffs if _text(d))
            if isinstance(diffs, list)
            else ""
        )
        head = f"Related fact-check (differs: {what or 'details'})"
        rated = f"rated {verdict}" + (f" by {by}" if by else "") if verdict else by
        body = f"“{claim}”" + (f", {rated}" if rated else "")
        return f"{head} — {body}" + (f" ({tail})" if tail else "")
    if not _text(m.get("verdict")) and _text(m.get("normalised_verdict")) in (
        "",
        "other",
    ):
        # the same claim was checked, but no rating is on record: say so rather
        # than "Fact-checked", which reads as a verdict
        head = "Same claim as an earlier fact-check, no verdict on record" + (
            f" ({by})" if by else ""
        )
        return f"{head} — “{claim}”" + (f" ({tail})" if tail else "")
    head = f"Fact-checked: {verdict}" + (f" by {by}" if by else "")
    return f"{head} — “{claim}”" + (f" ({tail})" if tail else "")


def factcheck_lines(f: FindingModel) -> list[tuple[str, str]]:
    """``(line, url)`` for each fact-check match of *f* (same ones first)."""
    ms = sorted(matches_of(f), key=lambda m: _relation(m) != "same")
    return [(match_line(m), _text(m.get("url"))) for m in ms]


def has_factchecks(report: Report) -> bool:
    """Whether any claim of *report* carries a fact-check match."""
    return any(matches_of(f) for f in report.findings_of("claim"))


#: The one line shown per report when no claim matched a fact-check.
NO_FACTCHECK = "No fact-check found for the claims in this article."


def _below(f: FindingModel, min_score: Mapping[str, float]) -> bool:
    if f.score is None:
        return False
    floor = min_score.get(f.kind)
    if isinstance(floor, int | float) and f.score < floor:
        return True
    if f.kind == "claim":
        ev = f.evidence if isinstance(f.evidence, Mapping) else {}
        t = ev.get("threshold")
        return isinstance(t, int | float) and f.score < t
    return False


def visible(
    report: Report, min_score: Mapping[str, float] | None = None
) -> tuple[Report, int]:
    """*report* with only the findings a person is shown, and how many were
    left out (they stay in JSON).

    *min_score* maps a kind to its lowest shown score (default
    :data:`newscheck.settings.DISPLAY_MIN_SCORE`); claims also need the claims
    analyzer's own threshold (``evidence["threshold"]``). Findings without a
    score are always shown.
    """
    floors = DISPLAY_MIN_SCORE if min_score is None else min_score
    kept = [f for f in report.findings if not _below(f, floors)]
    hidden = len(report.findings) - len(kept)
    if not hidden:
        return report, 0
    return report.model_copy(update={"findings": kept}), hidden


def hidden_line(hidden: int) -> str:
    """The note that *hidden* low-confidence findings are left out."""
    s = "" if hidden == 1 else "s"
    return f"{hidden} low-confidence finding{s} not shown (all are in the JSON report)."


def web_display(min_score: Mapping[str, float] | None = None) -> dict[str, Any]:
    """What the web page needs to show a report as the other views do."""
    return {
        "labels": LABELS,
        "kinds": KIND_LABELS,
        "roles": {k: {"label": v[0], "color": v[1]} for k, v in ROLES.items()},
        "display_min_score": dict(
            DISPLAY_MIN_SCORE if min_score is None else min_score
        ),
        "no_factcheck": NO_FACTCHECK,
    }


def _text(v: Any) -> str:
    return " ".join(str(v).split()) if isinstance(v, str | int | float) else ""


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


def segments(
    text: str, findings: Iterable[tuple[int, FindingModel]], *, trim: bool = False
) -> list[Segment]:
    """Cut *text* at every span boundary (see the module docstring).

    Offsets are clamped to the text; empty spans mark nothing but still end
    (their number is attached to the segment before their offset). With *trim*
    a span's trailing spaces and punctuation are left unmarked, so that a
    sentence-final period is never highlighted on its own.
    """
    spans: list[tuple[int, int, int]] = []
    cuts = {0, len(text)}
    for n, f in findings:
        s = max(0, min(f.start, len(text)))
        e = max(s, min(f.end, len(text)))
        if trim:
            cut = len(text[s:e].rstrip(_TRAILING))
            e = s + cut if cut else e
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
    """A human label for a finding: :func:`human_label` of its label, else the
    evidence's ``technique``/``name``/``display`` text."""
    if f.label in LABELS:
        return LABELS[f.label]
    ev = f.evidence if isinstance(f.evidence, Mapping) else {}
    for key in ("technique", "name", "display"):
        value = ev.get(key)
        if isinstance(value, str) and value.strip():
            return _clip(" ".join(value.split()), 60)
    return human_label(f.label)


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
        f"{k}={_scalar(v)}"
        for k, v in ev.items()
        if _is_scalar(v) and v is not None and k not in _NOT_EXPLANATIONS
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


def _is_number(v: Any) -> TypeGuard[float]:
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
    """One line on how much of the article's vocabulary the reliability model
    knows against its training data (empty when the model records no
    reference). It reads the coverage itself: ``out_of_domain`` also marks an
    ``uncertain`` label, which the reliability note explains."""
    cov, p05 = domain.get("coverage"), domain.get("reference_p05")
    if not _is_number(cov) or not _is_number(p05):
        return ""
    known = f"the model knows {cov:.0%} of its words"
    ref = f"(95% of unseen-corpus training articles: ≥ {p05:.0%})"
    if cov < p05:
        return f"OUT OF DOMAIN — {known} {ref}: treat the score with caution"
    return f"in domain — {known} {ref}"


def summarize(report: Report, hidden: int = 0) -> Summary:
    """Read the report defensively into a :class:`Summary` (*hidden*: how many
    low-confidence findings :func:`visible` left out)."""
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
                f"{human_label(rel.label)} — P(unreliable) = {rel.score:.2f} "
                f"(threshold {rel.threshold:.2f}, {rel.model} model)",
            )
        )
        line = domain_line(rel.domain)
        if line:
            s.rows.append(("  domain", line))
        for key, value in _items(rel.explanation):
            # prose written for the reader (the out-of-corpus note) is shown whole
            text = brief(value, items=3, limit=400 if isinstance(value, str) else 120)
            if text:
                s.rows.append((f"  {key.replace('_', ' ')}", text))
    else:
        s.rows.append(("Reliability", "not scored"))
    verdict = _section(report, "verdict")
    if _is_number(verdict.get("score")):
        s.rows.append(
            (
                "Combined",
                f"{human_label(str(verdict.get('label')))} — "
                f"P(unreliable) = {verdict['score']:.2f} "
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
            (", ".join(f"{kind_label(k)} {n}" for k, n in s.kind_counts) or "none")
            + (f" ({hidden} low-confidence not shown)" if hidden else ""),
        )
    )

    techniques = Counter(display_label(f) for f in report.findings_of("propaganda"))
    if techniques:
        line = ", ".join(f"{t} {n}" for t, n in _top(techniques))
        share = _shown_share(report) if hidden else None
        if share is None:
            share = _section(report, "propaganda").get("sentence_share")
        if _is_number(share):
            line += f" — in {share:.0%} of sentences"
        s.rows.append(("Propaganda", f"possible: {line}"))

    source = _section(report, "source")
    if source:
        s.rows.append(("Source", _section_line(source)))

    claims = sorted(
        report.findings_of("claim"),
        key=lambda f: (
            bool((f.evidence or {}).get("opinion")),
            -(f.score if f.score is not None else 0.0),
        ),
    )
    for i, f in enumerate(claims[:3], start=1):
        score = "" if f.score is None else f" ({f.score:.2f})"
        s.rows.append(("Top claims" if i == 1 else "", f"“{_clip(f.text, 90)}”{score}"))
    if claims:
        matched = sum(bool(matches_of(f)) for f in claims)
        s.rows.append(
            (
                "Fact-checks",
                f"{matched} of {len(claims)} claims have a fact-check (see findings)"
                if matched
                else NO_FACTCHECK,
            )
        )

    relations = report.findings_of("consistency")
    numbers = _section(report, "numbers")
    if relations or numbers:
        labels = Counter(human_label(f.label) for f in relations)
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


def _shown_share(report: Report) -> float | None:
    """Share of body sentences holding a shown propaganda span (the section's
    share counts every span, shown or not)."""
    sents = report.article.sentences
    if not sents:
        return None
    body = [f for f in report.findings_of("propaganda") if f.field == "body"]
    spans = [(f.start, f.end) for f in body if f.end > f.start]
    hit = sum(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in sents)
    return hit / len(sents)


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
