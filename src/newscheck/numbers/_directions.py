"""A rise or fall stated by a verb, checked against the two figures set
against each other after it, in its sentence or the next (check
``change_direction``): "increased …, to 41,200 offences, compared with 45,900
in the previous 12 months"; "narrowed to $8.9bn … from $6.4bn a year
earlier"; "Attendances slumped this season. The club averaged 19,900 a game,
compared with 18,400 last term"; "with highs of 15C on Sunday after
Saturday's 19C"; "fell from 210,000 when he took over … to 340,000".

The later figure is the one the pair's own words make it: the figure after
"compared with", "against", "from", "after" is the earlier; in "from A … to
B", B is the later. Only the direction is judged; sizes are the other
checks'.
"""

from __future__ import annotations

import re

from newscheck.numbers._pairs import _direction_relation
from newscheck.numbers._roles import (
    Relation,
    _Ctx,
    _plain_figures,
    _same_kind,
)
from newscheck.numbers.extract import Quantity

_VERB = re.compile(
    r"(?<![\w])(?:(?P<up>rose|risen|rises|grew|grown|grows|increased|increases|"
    r"climbed|climb|climbs|jumped|soared|surged|rebounded|recovered|widened|"
    r"strengthened|accelerated|quickened|went\s+up|gone\s+up|improved)|"
    r"(?P<down>fell|fallen|falls|dropped|drops|declined|declines|decreased|"
    r"decreases|slid|slipped|sank|shrank|shrunk|eased|eases|plunged|tumbled|"
    r"dipped|slumped|weakened|narrowed|slowed|cooled|went\s+down|gone\s+down))"
    r"(?![\w])",
    re.I,
)
_VERB_WORDS = frozenset(
    "rose risen rises grew grown grows increased increases climbed climb climbs "
    "jumped soared surged rebounded recovered widened strengthened accelerated "
    "quickened went gone improved fell fallen falls dropped drops declined "
    "declines decreased decreases slid slipped sank shrank shrunk eased eases "
    "plunged tumbled dipped slumped weakened narrowed slowed cooled".split()
)
_Q = r"(?:(?:about|around|roughly|some|nearly|almost|just)\s+)?"
# "B, compared with A", "B against A", "reaching B from A", "B after A's"
_EARLIER_AFTER = re.compile(
    r"[^.;!?\d]{0,50}?(?<![\w])(?P<cue>compared\s+(?:with|to)|against|from|after|"
    r"up\s+from|down\s+from)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[A-Za-z]+(?:'s|’s)\s+)?" + _Q + "$",
    re.I,
)
# a comparison is over time only when a time is named beside the earlier
# figure ("a week earlier", "last term", "in July", "Saturday's"), not
# between two groups ("8 percent of the treated group, compared to 11
# percent of the placebo group")
_TIME_NEAR = re.compile(
    r"(?<![\w])(?:years?|months?|weeks?|days?|quarters?|terms?|seasons?|earlier|"
    r"ago|before|previous|prior|last|yesterday|close|(?:Mon|Tues|Wednes|Thurs|Fri|"
    r"Satur|Sun)day(?:'s|’s)?|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|\d{4})(?![\w])",
    re.I,
)
_BY_BEFORE = re.compile(
    r"(?<![\w])(?:by|up|down)\s+(?:about\s+|some\s+|nearly\s+)?$", re.I
)
_LISTED = re.compile(r"[^.;!?\d]{0,30}?(?:,\s*|\s)(?:and|or)\s+$|\s*,\s*$", re.I)
_CHAINED = re.compile(r"[^.;!?\d]{0,25}?\s+to\s+\S{0,3}\d")
_FROM = re.compile(r"(?<![\w])from\s+" + _Q + "$", re.I)
_TO = re.compile(r"[^.;!?\d]{0,60}?(?<![\w])to\s+" + _Q + "$", re.I)
_BREAK = re.compile(
    r";|(?<![\w])(?:but|while|whereas|although|though|because)(?![\w])", re.I
)


def _figures(ctx: _Ctx, si: int) -> list[Quantity]:
    return [
        q
        for q in _plain_figures(ctx, si, ("count", "money", "percent"))
        if q.unit != "pp"
        and not _BY_BEFORE.search(ctx.text, max(0, q.start - 14), q.start)
    ]


def _pair(ctx: _Ctx, figs: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """(earlier, later) of the one pair of one kind set against each other."""
    text = ctx.text
    found = []
    for i, a in enumerate(figs):
        for b in figs[i + 1 : i + 2]:
            if not _same_kind(a, b) or any(_in_list(ctx, figs, q) for q in (a, b)):
                continue
            m = _EARLIER_AFTER.fullmatch(text, a.end, b.start)
            if m is not None:
                if m.group("cue").lower() in ("from", "up from", "down from") or (
                    _TIME_NEAR.search(text, b.end, min(len(text), b.end + 40))
                    or _TIME_NEAR.search(text, max(0, b.start - 25), b.start)
                ):
                    found.append((b, a))
            elif (
                _FROM.search(text, max(0, a.start - 8), a.start)
                and _TO.fullmatch(text, a.end, b.start)
                and not _CHAINED.match(text, b.end)
            ):
                found.append((a, b))
    return found[0] if len(found) == 1 else None


def _in_list(ctx: _Ctx, figs: list[Quantity], q: Quantity) -> bool:
    """Whether *q* stands in a list of figures ("14.5 percent for liquid
    assets and 7.5 percent for illiquid")."""
    return any(
        o is not q
        and _same_kind(o, q)
        and (
            (
                o.end <= q.start
                and _LISTED.fullmatch(ctx.text, o.end, q.start)
                and q.start - o.end < 40
            )
            or (
                q.end <= o.start
                and _LISTED.fullmatch(ctx.text, q.end, o.start)
                and o.start - q.end < 40
            )
        )
        for o in figs
    )


def _directions(ctx: _Ctx) -> list[Relation]:
    """Each direction verb against the pair of figures its clause or next
    sentence sets against each other."""
    out: list[Relation] = []
    for si in ctx.sentences_with(_VERB_WORDS):
        s0, s1 = ctx.sent_span(si)
        verbs = list(_VERB.finditer(ctx.text, s0, s1))
        if len(verbs) != 1:
            continue
        v = verbs[0]
        figs = _figures(ctx, si)
        here = [q for q in figs if q.start > v.end()]
        pair = _pair(ctx, here)
        if pair is not None:
            first = min(pair, key=lambda q: q.start)
            if _BREAK.search(ctx.text, v.end(), first.start) or any(
                q.start < first.start for q in here
            ):
                pair = None  # another clause, or another figure the verb moves
        if pair is None and not figs and si + 1 < len(ctx.sentences):
            # "Attendances slumped this season. The club averaged 19,900 a
            # game, compared with 18,400 last term"
            nxt_s0, nxt_s1 = ctx.sent_span(si + 1)
            if not _VERB.search(ctx.text, nxt_s0, nxt_s1):
                pair = _pair(ctx, _figures(ctx, si + 1))
        if pair is None:
            continue
        rel = _direction_relation(v, *pair)
        if rel is not None:
            out.append(rel)
    return out
