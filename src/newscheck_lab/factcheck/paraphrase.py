"""Rule-based rewording of fact-checked claims into news-style sentences.

Used by the precision benchmark (``benchmarks/factcheck_precision.py``) to
make sentences that state a database claim in other words, and sentences that
state it with a different figure. Never used to fit a model: the acceptance
model (:mod:`newscheck_lab.factcheck.accept`) is fitted on CheckThat! tweets
and news sentences only, so these rewordings are new to it.

Examples
--------
>>> import random
>>> reword("Says the stimulus created zero jobs.", "John Boehner", random.Random(1))
'John Boehner said that the stimulus added zero positions.'
>>> alter_figure("The bill costs $5 billion.")
'The bill costs $15 billion.'
"""

from __future__ import annotations

import random
import re

__all__ = ["FRAMES", "SYNONYMS", "alter_figure", "reword"]

#: News framings of a claim without a known claimant (``{}``: the claim).
FRAMES = (
    "Posts shared widely on social media claimed that {}",
    "A viral message circulating online said that {}",
    "According to a widely shared post, {}",
    "Critics have repeatedly asserted that {}",
    "Supporters of the measure argued that {}",
    "A chain email making the rounds alleged that {}",
)
#: Word substitutions (whole words, case kept for the first letter).
SYNONYMS = {
    "says": "said",
    "said": "stated",
    "children": "kids",
    "people": "individuals",
    "more than": "over",
    "percent": "%",
    "billion": "bn",
    "million": "mn",
    "shows": "depicts",
    "photograph": "picture",
    "photo": "picture",
    "video": "clip",
    "killed": "slain",
    "bought": "purchased",
    "big": "large",
    "job": "position",
    "jobs": "positions",
    "doctor": "physician",
    "doctors": "physicians",
    "president": "President",
    "government": "administration",
    "banned": "outlawed",
    "law": "legislation",
    "died": "passed away",
    "does not": "doesn't",
    "did not": "didn't",
    "is not": "isn't",
    "has not": "hasn't",
    "will not": "won't",
    "cannot": "can't",
    "about": "roughly",
    "almost": "nearly",
    "increase": "rise",
    "decrease": "drop",
    "cut": "slashed",
    "free": "free of charge",
    "announced": "declared",
    "proposed": "put forward",
    "voted": "cast a vote",
    "created": "added",
}
_FIG = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.]*\d)")


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return text  # an acronym or a name: keep
    if first in ("I",) or first[:1].isdigit():
        return text
    names = ("The ", "A ", "An ", "This ", "These ", "There ", "Our ", "In ", "On ")
    return text[0].lower() + text[1:] if text.startswith(names) else text


def reword(claim: str, claimant: str | None, rng: random.Random) -> str:
    """*claim* as a news sentence: framed, and with up to two words swapped."""
    text = " ".join(claim.split()).rstrip()
    text = re.sub(r"^Says\s+", "", text)
    if not text.endswith((".", "!", "?", '"', "”")):
        text += "."
    swaps = [k for k in SYNONYMS if re.search(rf"\b{re.escape(k)}\b", text)]
    rng.shuffle(swaps)
    for k in swaps[:2]:
        text = re.sub(rf"\b{re.escape(k)}\b", SYNONYMS[k], text, count=1)
    body = _lower_first(text)
    if claimant and len(claimant.split()) <= 4:
        return f"{claimant} said that {body}"
    return rng.choice(FRAMES).format(body)


def alter_figure(text: str) -> str | None:
    """*text* with its first figure that is not a year tripled (``None``: none)."""
    for m in _FIG.finditer(text):
        raw = m.group(1)
        value = float(raw.replace(",", ""))
        if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            continue
        new = value * 3 if value else 5.0
        shown = (
            f"{new:,.0f}"
            if "," in raw
            else (f"{new:g}" if "." in raw else f"{new:.0f}")
        )
        return text[: m.start(1)] + shown + text[m.end(1) :]
    return None
