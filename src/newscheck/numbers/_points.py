"""Percentage points stated on their own, checked against the two percentages
they separate: "In May it was 6.0%, so the rate fell by 1.8 percentage
points"; "54% … Today it is 32%. A 12-point collapse"; "a twelve-point fall";
"up 4.1 points from 85.3 per cent"; "48% to 39%, a 12-point lead".

The size of a difference needs no order, so the two percentages need no cue:
only that they are the only two in reach (the statement's sentence, or with
fewer there, the one or two sentences before it) and that neither is itself a
stated change ("rose 0.5%"). A statement a from-to change already holds is
left to that check.
"""

from __future__ import annotations

import re

from newscheck.numbers._pairs import _old_new, _stated_percents
from newscheck.numbers._roles import (
    Relation,
    _Ctx,
    _fmt,
    _judge_pp,
)
from newscheck.numbers.extract import _WORDNUM, Quantity, parse_number

# "1.8 percentage points", "a 12-point fall", "twelve-point", "4.1 points"
_STATED = re.compile(
    rf"(?<![\w.,$£€-])(?P<n>\d+(?:\.\d+)?|{_WORDNUM})(?:-|\s+)"
    r"(?:percentage(?:-|\s+))?points?(?![\w-])",
    re.I,
)
# a change or a gap, just before or after the points: not a score or a tally
_CUE_BEFORE = re.compile(
    r"(?<![\w])(?:by|up|down|rose|risen|fell|fallen|gained|lost|dropped|climbed|"
    r"slipped|slid|jumped|increased|decreased|declined|widened|narrowed|grew|"
    r"shrank|rise\s+of|fall\s+of|drop\s+of|increase\s+of|decrease\s+of|gain\s+of|"
    r"jump\s+of|decline\s+of|swing\s+of|lead\s+of|gap\s+of|margin\s+of|an?|the)"
    r"\s+(?P<q>nearly\s+|almost\s+|about\s+|around\s+|roughly\s+|some\s+|"
    r"more\s+than\s+|over\s+|just\s+over\s+|less\s+than\s+|under\s+)?$",
    re.I,
)
_CUE_AFTER = re.compile(
    r"\s*(?:(?:percentage\s+)?(?:rise|increase|jump|gain|fall|drop|decline|"
    r"decrease|collapse|slide|slump|dip|plunge|swing|lead|gap|margin|advantage|"
    r"deficit|improvement|rebound|difference)|(?:higher|lower|ahead|behind|up|down)"
    r"(?![\w]))",
    re.I,
)
_QUALS = {
    "nearly": "nearly",
    "almost": "nearly",
    "less than": "under",
    "under": "under",
    "more than": "over",
    "over": "over",
    "just over": "over",
}


def _qualifier(word: str | None) -> str:
    if not word:
        return "exact"
    w = " ".join(word.lower().split())
    return _QUALS.get(w, "approx")


_GAP = re.compile(
    r"(?<![\w])(?:lead|leads|leading|led|ahead|behind|trail\w*|margin|edge|"
    r"advantage|deficit|gap|difference)(?![\w])",
    re.I,
)
# between the two shares of a gap: "48 percent to 38 percent", "44 percent to
# Clinton's 43 percent", "51%-45%"
_SHARES_JOINED = re.compile(
    r"\s*(?:to|and|versus|vs\.?|against|-|–)\s+(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?"
    r"(?:'s|’s)?\s+)?|-|–",
)
_ERROR_MARGIN = re.compile(r"\s*margin\s+of\s+(?:sampling\s+)?error", re.I)
# nothing between a statement and its figures but a clause of the same thought
_BREAK = re.compile(
    r";|\b(?:while|but|whereas|although|though|which|after|before|when)\b", re.I
)
# a sentence that points back to the figures before it
_BACK = re.compile(
    r"\s*(?:That|This|It|Which|Such|The|A|An|So)(?![\w])|[^;!?]{0,60}?,\s*"
    r"(?:so|meaning|which\s+means|that\s+is)\s",
)


def _percents(ctx: _Ctx, lo: int, hi: int) -> list[Quantity]:
    return [
        q
        for q in ctx.atoms_in(lo, hi)
        if q.type == "percent" and q.unit != "pp" and q.value is not None
    ]


def _pair(
    ctx: _Ctx, start: int, end: int, gap: bool, taken: set[int]
) -> tuple[Quantity, Quantity] | None:
    """The two percentages a statement at *start*-*end* separates, or None."""
    si = ctx.sent(start)
    here = _percents(ctx, si, si)
    if len(here) == 2:
        a, b = here
        lo, hi = min(a.start, start), max(b.end, end)
        if _BREAK.search(ctx.text, lo, hi):
            return None
        if gap:
            if not _SHARES_JOINED.fullmatch(ctx.text, a.end, b.start):
                return None
            near = min(abs(start - b.end), abs(a.start - end))
            return (a, b) if near <= 40 else None
    elif not gap and len(here) <= 1:
        # "54% … Today it is 32%. A 12-point collapse"; "In May it was 6.0%,
        # so the rate fell by 1.8 points"
        s0 = ctx.sent_span(si)[0]
        if not _BACK.match(ctx.text, s0, start):
            return None
        back = 1 if here else 2
        here = _percents(ctx, max(0, si - back), si)
        if len(here) != 2 or (here and here[-1].start > start):
            return None
        a, b = here
    else:
        return None
    if id(a) in taken or id(b) in taken:
        return None
    if not gap and _old_new(ctx, a, b) is None:
        return None  # two shares, but not one measure at two times
    return a, b


_POINT_WORD = re.compile(r"points?(?![\w-])", re.I)


def _stated(text: str) -> list[re.Match[str]]:
    """The points statements, read back from each "point(s)" found by a plain
    scan rather than by trying the number pattern at every position."""
    out: list[re.Match[str]] = []
    for p in _POINT_WORD.finditer(text):
        m = _STATED.search(text, max(0, p.start() - 40), p.end())
        while m is not None and m.end() != p.end():
            m = _STATED.search(text, m.start() + 1, p.end())
        if m is not None and (not out or out[-1].start() != m.start()):
            out.append(m)
    return out


def _stated_points(ctx: _Ctx) -> list[Relation]:
    """Points stated as a change or a gap against the two percentages in reach."""
    out: list[Relation] = []
    if "point" not in ctx.low:
        return out
    taken = {id(p) for p, _, _ in _stated_percents(ctx)} | set(ctx.range_of)
    held = [
        (c.start, c.end)
        for c in ctx.changes
        if c.extra.get("_from") is not None or c.extra.get("_to") is not None
    ]
    for m in _stated(ctx.text):
        start, end = m.start(), m.end()
        if any(s <= start < e for s, e in held):
            continue  # "from 12% to 15%, up 3 points": the from-to check's
        s0 = ctx.sent_span(ctx.sent(start))[0]
        cue = _CUE_BEFORE.search(ctx.text, max(s0, start - 40), start)
        after = _CUE_AFTER.match(ctx.text, end)
        if _ERROR_MARGIN.match(ctx.text, end) or (cue is None and after is None):
            continue
        n = parse_number(m.group("n"))
        if n is None or not 0 < n < 100:
            continue
        gap = bool(
            (after and _GAP.match(after.group(0).strip()))
            or _GAP.search(ctx.text, max(s0, start - 30), start)
        )
        pair = _pair(ctx, start, end, gap, taken)
        if pair is None:
            continue
        a, b = pair
        assert a.value is not None and b.value is not None
        pts = abs(a.value - b.value)
        if not pts:
            continue
        qual = _qualifier(cue.group("q") if cue else None)
        tenths = "." in m.group("n") and all("." in q.text for q in (a, b))
        label, sym = _judge_pp(pts, n, qual, tenths)
        hi, lo = (a, b) if a.value > b.value else (b, a)
        out.append(
            Relation(
                start,
                end,
                label,
                "percentage_points",
                f"{_fmt(hi.value or 0)} - {_fmt(lo.value or 0)} = {pts:.1f} points "
                f"{sym} {_fmt(n)} ({m.group(0)})",
                (("higher", hi), ("lower", lo)),
                {},
            )
        )
    return out
