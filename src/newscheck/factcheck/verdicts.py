"""Verdict normalisation: every publisher's rating onto one eight-step scale.

The scale, from most to least accurate, then the two off-scale values::

    true, mostly-true, mixed, mostly-false, false, pants-on-fire,
    unproven, other

``pants-on-fire`` also covers "fabricated" and the other ratings that say a claim
is not only false but invented. The mapping of every source's labels is
documented in ``docs/verdicts.md``; :data:`VERDICT_TABLE` is that table.

Examples
--------
>>> normalise_verdict("pants-fire", source="liar")
'pants-on-fire'
>>> normalise_verdict("Mostly False")
'mostly-false'
>>> normalise_verdict(None)
'other'
>>> normalise_verdict(None, rating=(2, 1, 5))
'mostly-false'
"""

from __future__ import annotations

import re

__all__ = [
    "NORMALISED_VERDICTS",
    "SOURCE_TABLES",
    "VERDICT_TABLE",
    "actionable",
    "normalise_verdict",
    "rating_to_verdict",
]

#: The normalised scale, in order.
NORMALISED_VERDICTS: tuple[str, ...] = (
    "true",
    "mostly-true",
    "mixed",
    "mostly-false",
    "false",
    "pants-on-fire",
    "unproven",
    "other",
)

#: Published rating (lower-cased, punctuation folded to spaces) -> normalised.
VERDICT_TABLE: dict[str, str] = {
    # true
    "true": "true",
    "correct": "true",
    "accurate": "true",
    "correct attribution": "true",
    "verified": "true",
    "geppetto checkmark": "true",
    # mostly-true
    "mostly true": "mostly-true",
    "mostly correct": "mostly-true",
    "mostly accurate": "mostly-true",
    "largely true": "mostly-true",
    "largely accurate": "mostly-true",
    "one pinocchio": "mostly-true",
    # mixed
    "half true": "mixed",
    "mixture": "mixed",
    "mixed": "mixed",
    "partly true": "mixed",
    "partly false": "mixed",
    "partially true": "mixed",
    "partially false": "mixed",
    "half truth": "mixed",
    "two pinocchios": "mixed",
    # mostly-false
    "mostly false": "mostly-false",
    "barely true": "mostly-false",
    "largely false": "mostly-false",
    "mostly inaccurate": "mostly-false",
    "misleading": "mostly-false",
    "missing context": "mostly-false",
    "lacks context": "mostly-false",
    "needs context": "mostly-false",
    "exaggerated": "mostly-false",
    "exaggeration": "mostly-false",
    "three pinocchios": "mostly-false",
    # false
    "false": "false",
    "incorrect": "false",
    "inaccurate": "false",
    "wrong": "false",
    "not true": "false",
    "untrue": "false",
    "fake": "false",
    "misattributed": "false",
    "miscaptioned": "false",
    "scam": "false",
    "four pinocchios": "false",
    "falso": "false",
    "faux": "false",
    "falsch": "false",
    # pants-on-fire
    "pants on fire": "pants-on-fire",
    "pants fire": "pants-on-fire",
    "fabricated": "pants-on-fire",
    "fabrication": "pants-on-fire",
    "hoax": "pants-on-fire",
    "fake news": "pants-on-fire",
    # unproven
    "unproven": "unproven",
    "unverified": "unproven",
    "unsupported": "unproven",
    "unsubstantiated": "unproven",
    "no evidence": "unproven",
    "not proven": "unproven",
    "undetermined": "unproven",
    "inconclusive": "unproven",
    "research in progress": "unproven",
    "unclear": "unproven",
}

#: Per-source overrides, looked up before :data:`VERDICT_TABLE`.
SOURCE_TABLES: dict[str, dict[str, str]] = {
    # LIAR (PolitiFact's six Truth-O-Meter labels as spelled in the dataset).
    "liar": {
        "true": "true",
        "mostly true": "mostly-true",
        "half true": "mixed",
        "barely true": "mostly-false",
        "false": "false",
        "pants fire": "pants-on-fire",
    },
}

_FOLD = re.compile(r"[^a-z0-9]+")


def _fold(label: str) -> str:
    return _FOLD.sub(" ", label.lower()).strip()


def rating_to_verdict(value: float, worst: float, best: float) -> str:
    """Map a numeric ``reviewRating`` onto the scale by its position worst→best.

    The range is cut into five equal bands: false, mostly-false, mixed,
    mostly-true, true.
    """
    if best == worst:
        return "other"
    pos = (value - worst) / (best - worst)
    if not 0.0 <= pos <= 1.0:
        return "other"
    bands = ("false", "mostly-false", "mixed", "mostly-true", "true")
    return bands[min(int(pos * 5), 4)]


def normalise_verdict(
    label: str | None,
    *,
    source: str | None = None,
    rating: tuple[float, float, float] | None = None,
) -> str:
    """The normalised verdict of a published *label*.

    Parameters
    ----------
    label
        The rating as published (``"Pants on Fire!"``, ``"barely-true"`` …).
    source
        The source the label comes from, for source-specific spellings.
    rating
        ``(value, worst, best)`` of a numeric rating, used only when *label* is
        empty or unknown.

    Returns
    -------
    str
        One of :data:`NORMALISED_VERDICTS`; ``"other"`` for anything unknown.
    """
    if label:
        key = _fold(label)
        table = SOURCE_TABLES.get((source or "").lower(), {})
        if key in table:
            return table[key]
        if key in VERDICT_TABLE:
            return VERDICT_TABLE[key]
    if rating is not None:
        return rating_to_verdict(*rating)
    return "other"


def actionable(verdict: str | None, normalised: str | None, url: str | None) -> bool:
    """Whether a fact-check gives a reader something to act on: a published
    rating (or a normalised one other than ``other``) or a link to the check.

    A match without either is kept in JSON but not shown as a fact-check.

    >>> actionable(None, "other", None), actionable(None, "other", "https://x.org/c")
    (False, True)
    """
    rated = bool((verdict or "").strip()) or (normalised or "other") != "other"
    return rated or bool((url or "").strip())
