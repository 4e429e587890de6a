"""A multiplier whose two figures stand apart from it, decided where the other
checks left it undecided (checks ``multiplier`` and ``times``): "have doubled
over the past twelve months, climbing from 412p to 1,250p"; "halved in the
drought. Growers … harvested 6.1 tonnes a hectare this summer, against 8.2
tonnes a year earlier"; "412 airstrikes in October, five times the number
recorded in September, when 140 strikes were documented"; "raised £3.6bn —
nearly three times the £2.1bn".

The two figures are the only two of one kind (type, unit, noun) in the
multiplier's sentence, or, with fewer there, in it and the sentence after
(or before). The size of a ratio needs no order, so "doubled" is the larger
over the smaller and "halved" the smaller over the larger; which way the
figures moved is the direction check's. A figure marked as an increment
("adding 30,000 hens to the 60,000") is the multiplier-and-sum check's, and a
"times more" that may mean one more is left undecided.
"""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._pairs import _old_new
from newscheck.numbers._roles import (
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _fmt,
    _judge_factor,
    _plain_figures,
    _same_kind,
)
from newscheck.numbers.extract import Quantity

_INCREMENT = re.compile(
    r"(?<![\w])(?:adding|added|adds|another|extra|additional|more|further)\s+$"
    r"|^\s+(?:more|extra|additional|new)(?![\w])",
    re.I,
)
_Q = r"(?:(?:about|around|roughly|some|nearly|almost|just)\s+)?"
# "45 to 12" (nothing between), "…, against 8.2 tonnes", "compared with"
_JOIN = re.compile(
    r"(?:[^.;!?\d]{0,40}?(?<![\w])(?:against|compared\s+(?:with|to)|versus|vs\.?)|"
    rf"\s+to)\s+(?:the\s+|a\s+|an\s+)?{_Q}$",
    re.I,
)
_FROM = re.compile(r"(?<![\w])from\s+" + _Q + "$", re.I)
_TO_GAP = re.compile(r"[^.;!?\d]{0,30}?(?<![\w])to\s+" + _Q + "$", re.I)
# "412 airstrikes in October, five times …"
_APPOSED = re.compile(r"[^.;!?]{0,70}?(?:,|—|–)\s*")
# a rate's denominator: "14.8 deaths per 1,000 residents"
_PER = re.compile(r"(?<![\w])per\s+$", re.I)
_BREAK = re.compile(
    r";|(?<![\w])(?:but|while|whereas|although|though|because|and\s+(?:the|its|"
    r"their|his|her))(?![\w])",
    re.I,
)


def _from_range(ctx: _Ctx, r: Quantity) -> bool:
    return "from" in ctx.text[max(0, r.start - 8) : r.start + 5].lower()


def _figures(ctx: _Ctx, si: int, c: Quantity) -> list[Quantity]:
    text = ctx.text
    return [
        q
        for q in _plain_figures(ctx, si, ("count", "money", "percent"))
        if q.unit != "pp"
        and not (c.start <= q.start < c.end)
        and not _PER.search(text, max(0, q.start - 5), q.start)
        # "2011/12": no figure of its own
        and "/" not in text[max(0, q.start - 1) : q.start] + text[q.end : q.end + 1]
        # a range's ends only as a change "from … to …"
        and (id(q) not in ctx.range_of or _from_range(ctx, ctx.range_of[id(q)]))
    ]


def _joined(ctx: _Ctx, a: Quantity, b: Quantity) -> bool:
    """Two figures set against each other: "from 412p to 1,250p", "6.1 tonnes
    this summer, against 8.2 tonnes a year earlier", "45 to 12", "7,100
    spectators, compared with 5,200"; or dated as one measure at two times."""
    return bool(
        _JOIN.fullmatch(ctx.text, a.end, b.start)
        or (
            _FROM.search(ctx.text, max(0, a.start - 8), a.start)
            and _TO_GAP.fullmatch(ctx.text, a.end, b.start)
        )
        or _old_new(ctx, a, b, both=True) is not None
    )


def _kind_pairs(ctx: _Ctx, figs: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """The pairs of one kind: the only two of their kind, or, among more,
    the only neighbours set against each other ("45 to 12, with eleven
    games left")."""
    groups: dict[tuple[str, str | None], list[Quantity]] = {}
    for q in figs:
        groups.setdefault((q.type, q.unit), []).append(q)
    out = []
    for g in groups.values():
        if len(g) == 2 and _same_kind(*g):
            out.append((g[0], g[1]))
        elif len(g) > 2:
            joined = [
                (a, b)
                for a, b in itertools.pairwise(g)
                if _same_kind(a, b) and _joined(ctx, a, b)
            ]
            if len(joined) == 1:
                out.append(joined[0])
    return out


def _pair(ctx: _Ctx, c: Quantity) -> tuple[Quantity, Quantity] | None:
    """The two figures a multiplier compares: joined after it in its own
    clause; around it ("412 airstrikes in October, five times the number
    recorded in September, when 140 strikes"); or, when its sentence has no
    figures, joined in the next ("halved in the drought. Growers harvested
    6.1 tonnes this summer, against 8.2 tonnes a year earlier")."""
    si = ctx.sent(c.start)
    here = _figures(ctx, si, c)
    before = [q for q in here if q.end <= c.start]
    pairs = _kind_pairs(ctx, here)
    if len(pairs) == 1:
        a, b = pairs[0]
        if (
            a.start >= c.end
            and a.start - c.end <= 100
            and not _BREAK.search(ctx.text, c.end, a.start)
            and _joined(ctx, a, b)
        ):
            return a, b
        if (
            c.extra.get("times")
            and b.start >= c.end
            and a.end <= c.start
            and a is before[-1]
            and _APPOSED.fullmatch(ctx.text, a.end, c.start)
            and not _BREAK.search(ctx.text, c.end, b.start)
        ):
            return a, b
        return None
    if pairs or si + 1 >= len(ctx.sentences):
        return None
    nxt = _figures(ctx, si + 1, c)
    pairs = _kind_pairs(ctx, nxt)
    if len(pairs) == 1 and _joined(ctx, *pairs[0]):
        a, b = pairs[0]
        if not any((q.type, q.unit) == (a.type, a.unit) for q in here):
            return a, b
    return None


def _factors(ctx: _Ctx) -> list[Relation]:
    """Each multiplier the other checks could not tie, against the one pair
    of figures of one kind beside it."""
    out: list[Relation] = []
    for c in ctx.changes:
        factor = c.extra.get("factor")
        if not isinstance(factor, float) or factor <= 0 or factor == 1:
            continue
        if c.extra.get("ambiguous_plus_one") or c.extra.get("_from") is not None:
            continue
        pair = _pair(ctx, c)
        if pair is None:
            continue
        a, b = pair
        if any(
            _INCREMENT.search(ctx.text, max(0, q.start - 12), q.start)
            or _INCREMENT.match(ctx.text[q.end : q.end + 12])
            for q in (a, b)
        ):
            continue
        assert a.value is not None and b.value is not None
        hi, lo = (a, b) if a.value >= b.value else (b, a)
        assert hi.value is not None and lo.value is not None
        if not lo.value:
            continue
        ratio = hi.value / lo.value if factor > 1 else lo.value / hi.value
        if not 1 / 3 <= ratio / factor <= 3:
            continue  # "10 times the number …, some 355,000 against 3,000
            # tested": figures this far off are not the ones it compares
        label, sym = _judge_factor(ratio, factor, c.qualifier)
        if label == UNVERIFIABLE:
            continue
        check = "times" if c.extra.get("times") else "multiplier"
        num, den = (hi, lo) if factor > 1 else (lo, hi)
        assert num.value is not None and den.value is not None
        out.append(
            Relation(
                c.start,
                c.end,
                label,
                check,
                f"{_fmt(num.value)} / {_fmt(den.value)} = {ratio:.2f} {sym} "
                f"{_fmt(factor)} ({c.text})",
                (("larger", hi), ("smaller", lo)),
                {},
            )
        )
    return out
