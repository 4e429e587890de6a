"""The combined verdict: content score, source rating and matched fact-checks.

The reliability analyzer reads only the text. A user trusts two other kinds of
evidence more when they exist: what public source lists say about the
publishing domain, and an earlier fact-check, rated false, that matches one of
the article's claims. :func:`combine` adds them to the content score on the
log-odds scale, each part with its own explanation::

    logit(P) = logit(P_content) + SOURCE_WEIGHT * s + FACTCHECK_WEIGHT * f

``s`` is +1 for a domain rated low / very-low factuality, or typed fake,
conspiracy, junk science, satire, unreliable or hate by a list; -1 for high /
very-high factuality; 0 for mixed, bias-only or unrated domains. ``f`` is 1
when a claim finding matches a fact-check whose normalised verdict is false,
mostly-false or pants-on-fire. SOURCE_WEIGHT was fitted on out-of-source
content scores of the shared corpora that carry URLs
(``benchmarks/verdict.py``, which prints the measured table); FACTCHECK_WEIGHT
is a fixed prior (a matched false fact-check multiplies the odds by e ≈ 2.7):
the shared corpora hold no articles with matched fact-checks to fit it on.

Its ``label`` is ``unreliable`` / ``reliable`` by the combined score, except
that a content label of ``uncertain`` (the reliability analyzer could not
commit) stays ``uncertain`` unless a source rating or a matched false
fact-check adds evidence the text alone did not have.

The verdict is a section of the report (``sections["verdict"]``), computed
once the analyzers have run; it is absent when the reliability analyzer did
not run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "FACTCHECK_WEIGHT",
    "FALSE_VERDICTS",
    "SOURCE_WEIGHT",
    "combine",
    "source_evidence",
]

#: Log-odds added per unit of source evidence. benchmarks/verdict.py fits 0.40
#: on BuzzFeed's article-level labels and 1.41 pooled with ReCOVery, whose
#: labels come from source ratings themselves; 1.0 lies between.
SOURCE_WEIGHT = 1.0
#: Log-odds added when a claim matches a fact-check rated false (a prior).
FACTCHECK_WEIGHT = 1.0
FALSE_VERDICTS = frozenset({"false", "mostly-false", "pants-on-fire"})
_LOW = frozenset({"low", "very-low", "very low"})
_HIGH = frozenset({"high", "very-high", "very high"})
_BAD_TYPES = frozenset(
    {"fake", "conspiracy", "junksci", "satire", "unreliable", "hate"}
)
_CLIP = 1e-4


def source_evidence(rating: Any) -> tuple[int, str]:
    """``(s, why)`` of a source analyzer ``rating`` (a dict or ``"unrated"``)."""
    if not isinstance(rating, Mapping):
        return 0, "domain unrated (or not given)"
    fact = rating.get("factuality") or {}
    value = str(fact.get("value", "")).lower()
    if value in _LOW:
        return 1, f"factuality {value} ({fact.get('list')})"
    if value in _HIGH:
        return -1, f"factuality {value} ({fact.get('list')})"
    types = rating.get("types") or {}
    bad = sorted(_BAD_TYPES.intersection(map(str, types.get("value") or [])))
    if bad:
        return 1, f"typed {', '.join(bad)} ({types.get('list')})"
    if value:
        return 0, f"factuality {value} ({fact.get('list')})"
    return 0, "rated for bias only"


def _false_matches(findings: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        if getattr(f, "kind", None) != "claim":
            continue
        for m in (getattr(f, "evidence", None) or {}).get("matches") or []:
            if m.get("normalised_verdict") in FALSE_VERDICTS:
                out.append({**m, "sentence": f.text})
    return out


def _logit(p: float) -> float:
    p = min(1.0 - _CLIP, max(_CLIP, p))
    return math.log(p / (1.0 - p))


def combine(
    sections: Mapping[str, Mapping[str, Any]], findings: Iterable[Any]
) -> dict[str, Any] | None:
    """The combined verdict of one article, or ``None`` without a content score."""
    rel = sections.get("reliability") or {}
    p = rel.get("score")
    if not isinstance(p, int | float):
        return None
    z = _logit(float(p))
    parts: list[dict[str, Any]] = [
        {
            "evidence": "content",
            "logit": round(z, 4),
            "detail": f"{rel.get('model', 'article')} model, P = {float(p):.2f}",
        }
    ]
    source = sections.get("source")
    if source is not None:
        s, why = source_evidence(source.get("rating"))
        parts.append(
            {
                "evidence": "source",
                "logit": round(SOURCE_WEIGHT * s, 4),
                "detail": f"{source.get('domain') or 'no domain'}: {why}",
            }
        )
        z += SOURCE_WEIGHT * s
    matches = _false_matches(findings)
    if matches:
        best = max(matches, key=lambda m: m.get("similarity") or 0.0)
        parts.append(
            {
                "evidence": "fact-check",
                "logit": FACTCHECK_WEIGHT,
                "detail": (
                    f"{len(matches)} claim match(es) rated false; best: "
                    f"{best.get('publisher')} rated “{best.get('claim')}” "
                    f"{best.get('verdict')}"
                ),
            }
        )
        z += FACTCHECK_WEIGHT
    score = 1.0 / (1.0 + math.exp(-z))
    threshold = float(rel.get("threshold", 0.5))
    label = "unreliable" if score >= threshold else "reliable"
    outside = any(p["logit"] != 0 for p in parts[1:])
    if rel.get("label") == "uncertain" and not outside:
        label = "uncertain"
    return {"score": round(score, 4), "label": label, "parts": parts}
