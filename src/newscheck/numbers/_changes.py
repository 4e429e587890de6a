"""Checks of a change between figures: ``multiplier`` and ``sum``, ``times``,
from-to changes (``percent_change``, ``absolute_change``, ``change_direction``)
and rises projected to an end figure.

Why one module of about 1,100 lines: these checks share the reading of a change
(its start and end figures, its stated factor or percentage, the qualifier
that sets its tolerance) and its judging; split further, each part would
import most of the others' cue patterns.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from newscheck.numbers._pairs import _old_new, _stated_amounts, _stated_percents
from newscheck.numbers._roles import (
    _HAS_DIGIT,
    _TOTAL_EXPLICIT_BEFORE,
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _change_reachable,
    _compatible,
    _Ctx,
    _delta,
    _fmt,
    _in_from_to,
    _is_base,
    _is_total,
    _judge,
    _judge_factor,
    _judge_points,
    _judge_pp,
    _judge_sum,
    _money_value,
    _nearest,
    _prior_total,
    _same_kind,
    _subunit_scale,
    _unverifiable,
    _window,
)
from newscheck.numbers.extract import Quantity

_TIMES_TIED = re.compile(r"[^.;:!?\d]{0,25}?,?\s*(?:or\s+|about\s+|roughly\s+)?")
_RANGE_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:to|-|–|or)\s*$",
    re.I,
)
_NAMED_THAN = re.compile(r"\s+than\s+(?!\$|£|€|\d|the\s+\d)", re.I)
_SCORE_PAIR = re.compile(
    r"(?<![\d.,])\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+to\s+"
    r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per\s+cent)",
    re.I,
)
_MORE_THAN = re.compile(
    r"\s+(?:(?P<up>more|higher|greater|larger|bigger)|(?P<down>less|fewer|lower|"
    r"smaller))\s+than(?![\w])",
    re.I,
)
_ANAPHORA = re.compile(
    r"\s*(?:(?:That|This|It|Which)(?:\s+is|\s+was|'s|’s|\s+represents|\s+marks|"
    r"\s+amounts\s+to|\s+means)\s"
    # "The 40% drop was …", "The 12 per cent rise …": the change just stated
    r"|(?:The|That|This|Such\s+an?)\s+\d[\d.,]*\s*(?:%|percent|per\s+cent)\s+"
    r"(?:drop|fall|decline|decrease|rise|increase|jump|gain|growth|cut|"
    r"reduction|surge|slump|plunge)(?![\w])"
    # "That gain of 8 percentage points …", "The decline, of 30 percent, …"
    r"|(?:The|That|This)\s+(?:drop|fall|decline|decrease|rise|increase|jump|gain|"
    r"growth|cut|reduction|surge|slump|plunge)\s*,?\s+of\s)",
)
# "Doctors credit the smoking ban for the 15% fall": the change just stated,
# named with "the" anywhere in the next sentence
_NAMED_CHANGE = re.compile(
    r"(?<![\w])the\s+\d[\d.,]*\s*(?:%|percent|per\s+cent)\s+(?:drop|fall|decline|"
    r"decrease|rise|increase|jump|gain|growth|cut|reduction|surge|slump|plunge)"
    r"(?![\w])",
    re.I,
)
_CLOCK_AFTER = re.compile(r"\s*(?:a\.?m\.?|p\.?m\.?|o['’]clock)(?![\w])", re.I)
_AND = re.compile(r"(?<![\w])(?:and|plus|then)(?![\w])", re.I)


def _multiplier_and_sum(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    counts = [q for q in ctx.figures if q.type == "count"]
    deltas = [(q, d) for q in counts if (d := _delta(ctx, q, bare=True)) is not None]
    deltas_at = ctx.by_sentence(deltas)
    counts_at = ctx.by_sentence(counts)
    bases_at: dict[int, list[tuple[int, Any]]] | None = None

    def bases_near(q: Quantity, si: int) -> list[Quantity]:
        """Base figures for *q* within 3 sentences of sentence *si*."""
        nonlocal bases_at
        if bases_at is None:
            bases_at = ctx.by_sentence([b for b in counts if _is_base(ctx, b)])
        cued = [
            b
            for b in _window(bases_at, si - 3, si + 3)
            if b is not q
            and (
                _compatible(b.noun, q.noun)
                # "adding to the 900 already deployed": the noun is the increment's
                # ("800 additional peacekeepers. Combined with the 2,400 already
                # in the country, …": in the next sentence)
                or (b.noun is None and ctx.sent(b.start) == si and b.start > q.end)
                or (
                    b.noun is None
                    and ctx.sent(b.start) == si + 1
                    and _BASE_CUE_NEAR.search(ctx.before(b, 30) + ctx.after(b, 20))
                )
                # "38 new cases. That brings the tally to 540, up from 480"
                or (
                    b.noun is None
                    and 0 <= ctx.sent(b.start) - si <= 1
                    and b.start > q.end
                    and _prior_total(ctx, b) is not None
                )
            )
        ]
        if cued:
            return cued
        # "removed 100 parking spaces from the 400 on the high street", "added
        # 40 beds to the 60 …": the body the change is made to
        joined = [
            b
            for b in _window(counts_at, si, si)
            if b.start > q.end
            and b.qualifier == "exact"
            and _TO_THE.fullmatch(ctx.text, q.end, b.start)
            and (b.noun is None or _compatible(b.noun, q.noun))
        ]
        if joined:
            return joined[:1]
        # no cue: the one earlier figure of the same things in the paragraph
        # ("a crew of 60 nurses. … hired 60 additional nurses")
        implicit = [
            b
            for b in _window(counts_at, si - 2, si)
            if b.start < q.start
            and b.noun
            and _compatible(b.noun, q.noun)
            and _delta(ctx, b) is None
            and not _is_total(ctx, b)
            and b.qualifier == "exact"
        ]
        if len(implicit) == 1 or q.noun is not None:
            return implicit if len(implicit) == 1 else []
        # "hired 14 teachers in June and 9 more in August": an increment that
        # names no noun adds to the counted figure it follows, in its sentence
        # (joined by "and"), else the one counted figure of the sentence before
        named = [
            b
            for b in _window(counts_at, si - 1, si)
            if b.start < q.start
            and b.noun
            and b.noun != "years"
            and _delta(ctx, b) is None
            and not _is_total(ctx, b)
            and b.qualifier == "exact"
        ]
        here = [b for b in named if ctx.sent(b.start) == si]
        if here:
            b = here[-1]
            gap = ctx.text[b.end : q.start]
            return [b] if _AND.search(gap) and not _HAS_DIGIT.search(gap) else []
        return named if len(named) == 1 else []

    used_totals: set[int] = set()
    done_pairs: set[tuple[int, int]] = set()
    factors = [
        c for c in ctx.changes if "factor" in c.extra and not c.extra.get("times")
    ]
    for f in factors:
        si = ctx.sent(f.start)
        in_sent = (
            _window(deltas_at, si, si)
            or [
                # "… send 1,200 more soldiers. The deployment …, nearly tripling it"
                (q, d)
                for q, d in _window(deltas_at, si - 1, si - 1)
                if any(ctx.sent(b.start) == si for b in bases_near(q, si))
                and not _MORE_THAN_AHEAD.match(ctx.text, q.end)
            ]
            or [
                # "St Anne's doubled its capacity. It added 8 beds to the 20 it
                # already had": the figures in the sentence after it
                (q, d)
                for q, d in _window(deltas_at, si + 1, si + 1)
                if not _window(counts_at, si, si)
                and any(ctx.sent(b.start) == si + 1 for b in bases_near(q, si + 1))
            ]
        )
        if not in_sent:
            in_sent = _uncued_increment(ctx, f, counts_at, bases_near)
        if not in_sent:
            then_now = None if _in_from_to(ctx, f) else _then_now(ctx, f)
            if then_now is not None:
                out.append(then_now)
            elif not _in_from_to(ctx, f) and not _FOLD_ON.match(ctx.text, f.end):
                out.append(
                    _unverifiable(f, "multiplier", "no figures to check it against")
                )
            continue
        factor = float(f.extra["factor"])
        in_sent = [(q, d) for q, d in in_sent if (d > 0) == (factor > 1)]
        if not in_sent:
            out.append(_unverifiable(f, "multiplier", "no matching increment found"))
            continue
        q, d = min(in_sent, key=lambda x: abs(x[0].start - f.start))
        base = _nearest(ctx, q.start, bases_near(q, si))
        if base is None:
            out.append(
                _unverifiable(
                    f, "multiplier", "no base figure found", spans=(("increment", q),)
                )
            )
            continue
        assert base.value is not None
        after = base.value + d
        ratio = after / base.value
        label, sym = _judge_factor(ratio, factor, f.qualifier)
        op = "+" if d >= 0 else "-"
        arith = (
            f"{_fmt(base.value)} {op} {_fmt(abs(d))} = {_fmt(after)}; "
            f"{_fmt(after)} / {_fmt(base.value)} = {ratio:.2f} {sym} {_fmt(factor)} "
            f"({f.text})"
        )
        out.append(
            Relation(
                f.start,
                f.end,
                label,
                "multiplier",
                arith,
                (("increment", q), ("base", base)),
                {"ratio": round(ratio, 4), "factor": factor, "qualifier": f.qualifier},
            )
        )
        done_pairs.add((q.start, base.start))
    # base + increment against a stated total, with or without a multiplier phrase
    for q, d in deltas:
        si = ctx.sent(q.start)
        base = _nearest(ctx, q.start, bases_near(q, si))
        if base is None or base.value is None:
            continue
        after = base.value + d
        last = max(q.start, base.start)
        s_last = ctx.sent(last)  # a later total is in this sentence or after
        prior_of = _prior_total(ctx, base)
        totals = (
            [
                # "taking its fleet to 95 from 78": the total the base was before
                prior_of
            ]
            if prior_of is not None
            and prior_of.start not in used_totals
            and (prior_of.start > q.end)
            else [
                t
                for t in _window(counts_at, s_last, s_last + 12)
                if t is not q
                and t is not base
                and t.start > last
                and (
                    ctx.sent(t.start) != si
                    or _is_total(ctx, t)
                    # "With the 700 more …, it will be feeding nearly 4,000"
                    or (t.qualifier != "exact" and base.start < q.start)
                )
                and ctx.sent(t.start) - ctx.sent(last) <= 12
                and (_is_total(ctx, t) or t.qualifier != "exact")
                and (
                    _compatible(t.noun, q.noun or base.noun)
                    # "…, bringing its new hires this summer to 25"
                    # (or a qualified figure: "it will be feeding nearly 4,000")
                    or (
                        t.noun is None
                        and (_is_total(ctx, t) or t.qualifier != "exact")
                        and ctx.sent(t.start) in (si, s_last)
                    )
                    # "added 14 jets …, bringing it to 110 aircraft"; "It added
                    # 1,200, for a total of 10,700 volumes"
                    or (
                        ctx.sent(t.start) == si
                        and (
                            _RUNNING_TOTAL_TO.search(ctx.before(t, 60))
                            or _TOTAL_EXPLICIT_BEFORE.search(ctx.before(t, 30))
                        )
                    )
                )
                and t.value
                and 0.5 <= after / t.value <= 2.0
                and t.start not in used_totals
            ]
        )
        if not totals:
            continue
        t = totals[0]
        assert t.value is not None
        used_totals.add(t.start)
        # (running: "to 540, up from 480", the total stated before and after)
        label, sym = _judge_sum(after, base, q, t, running=t is prior_of)
        op = "+" if d >= 0 else "-"
        arith = (
            f"{_fmt(base.value)} {op} {_fmt(abs(d))} = {_fmt(after)}; "
            f"{_fmt(after)} {sym} {_fmt(t.value)} ({t.text})"
        )
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "sum",
                arith,
                (("increment", q), ("base", base), ("total", t)),
                {"sum": after, "stated": t.value, "qualifier": t.qualifier},
            )
        )
    return out


# "adds to the 1,300 troops already there": the increment joins a base
_ADDS_TO = re.compile(
    r"(?<![\w])(?:add|adds|added|adding|on\s+top\s+of|in\s+addition\s+to|"
    r"joining|joins|join)(?![\w])",
    re.I,
)
_BASE_CUE_NEAR = re.compile(
    r"(?<![\w])(?:already|combined\s+with|on\s+top\s+of|in\s+addition\s+to|"
    r"(?:its|their)\s+[a-z]+\s+of)(?![\w])",
    re.I,
)
_RUNNING_TOTAL_TO = re.compile(
    r"(?<![\w])(?:bringing|brings|brought|taking|takes|took|raising|lifting)"
    r"\s+(?:[a-z'’]+\s+){0,4}?to\s+(?:about\s+|around\s+|nearly\s+|some\s+|"
    r"more\s+than\s+)?$",
    re.I,
)
_TO_THE = re.compile(
    r"[^.;!?\d]{0,40}?(?<![\w])(?:from|to)\s+(?:the|its|their|his|her)\s+", re.I
)
# "80,000 more deaths than …": a comparison, not an increment
_MORE_THAN_AHEAD = re.compile(
    r"\s+(?:more|fewer|less)\s+(?:[a-z]+\s+){0,3}than\b", re.I
)
_THEN = re.compile(
    r"[^.;!?\d]{0,30}?(?<![\w])(?:then|at\s+the\s+time|at\s+launch|back\s+then)"
    r"(?![\w])",
    re.I,
)
_NOW = re.compile(
    r"[^.;!?\d]{0,30}?(?<![\w])(?:now|today|currently|these\s+days|this\s+year)"
    r"(?![\w])",
    re.I,
)


def _uncued_increment(
    ctx: _Ctx, f: Quantity, counts_at: dict[int, list[tuple[int, Any]]], bases_near: Any
) -> list[tuple[Quantity, float]]:
    """The increment of a rise whose base is cued and whose increment is not:
    "is sending 600 sailors to the base, adding to the 500 already deployed
    and tripling the force" (the one other figure before the multiplier)."""
    if float(f.extra["factor"]) <= 1:
        return []
    si = ctx.sent(f.start)
    near = [
        q
        for q in _window(counts_at, si - 1, si)
        if q.start < f.start and q.noun != "years" and q.qualifier == "exact"
    ]
    # two figures: the later is the base ("the 500 already deployed")
    if len(near) != 2 or not _is_base(ctx, near[1]) or _is_total(ctx, near[0]):
        return []
    q, b = near
    if not _ADDS_TO.search(ctx.text, q.end, f.start) or b not in bases_near(q, si):
        return []
    assert q.value is not None
    return [(q, q.value)]


def _figures_in(ctx: _Ctx, lo: int, hi: int) -> list[Quantity]:
    """The figures (counts and amounts of money) of sentences *lo* to *hi*."""
    return [
        q
        for q in ctx.atoms_in(lo, hi)
        if q.type in ("count", "money") and q.value is not None
    ]


def _then_now(ctx: _Ctx, f: Quantity) -> Relation | None:
    """A multiplier against a then/now pair after it: "Output has halved since
    January. It made 18,000 cars a month then and makes 12,000 now." """
    si = ctx.sent(f.start)
    hi = ctx.sent_span(min(si + 1, len(ctx.sentences) - 1))[1]
    figs = [q for q in _figures_in(ctx, si, si + 1) if q.start >= f.end]
    pairs = [
        (a, b)
        for i, a in enumerate(figs)
        for b in figs[i + 1 :]
        if _same_kind(a, b)
        and _THEN.match(ctx.text, a.end, b.start)
        and _NOW.match(ctx.text, b.end, min(hi, b.end + 40))
    ]
    if len(pairs) != 1:
        pairs = _dated_pair(ctx, f)
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    if not a.value or b.value is None:
        return None
    factor = float(f.extra["factor"])
    ratio = b.value / a.value
    label, sym = _judge_factor(ratio, factor, f.qualifier)
    return Relation(
        f.start,
        f.end,
        label,
        "multiplier",
        f"{_fmt(b.value)} / {_fmt(a.value)} = {ratio:.2f} {sym} {_fmt(factor)} "
        f"({f.text})",
        (("before", a), ("after", b)),
        {"ratio": round(ratio, 4), "factor": factor, "qualifier": f.qualifier},
    )


def _dated_pair(ctx: _Ctx, f: Quantity) -> list[tuple[Quantity, Quantity]]:
    """The one pair of figures of a kind around a multiplier (its sentence,
    the one before and the two after) whose earlier and later member the text
    marks: "began the year at $15. By December they had doubled, to $24";
    "halved in two years. It stood at 3,200 in 2022. Today it numbers 2,400"."""
    si = ctx.sent(f.start)
    figs = [
        q
        for q in _figures_in(ctx, si - 1, si + 2)
        if q.noun != "years"
        and id(q) not in ctx.range_of
        and q.qualifier in ("exact", "approx")
        and _delta(ctx, q) is None
    ]
    kinds: dict[tuple[str, str | None], list[Quantity]] = {}
    for q in figs:
        kinds.setdefault((q.type, q.unit), []).append(q)
    pairs = [v for v in kinds.values() if len(v) == 2 and _same_kind(*v)]
    if len(pairs) != 1:
        return []
    # both members marked, and the change in the multiplier's direction
    roles = _old_new(ctx, *pairs[0], both=True)
    if roles is None or roles[0].value is None or roles[1].value is None:
        return []
    if (roles[1].value > roles[0].value) != (float(f.extra["factor"]) > 1):
        return []
    return [roles]


_COPULA_TIED = re.compile(
    r"(?:\s+[a-z'’]+)?\s+(?:is|was|are|were)\s+(?:now\s+|about\s+|nearly\s+|"
    r"almost\s+|roughly\s+|some\s+)?",
    re.I,
)
# "Today's rents are four times that.": a multiple of the figure before
_THAT_END = re.compile(r"\s*[.;]")
_LENGTH_OF = re.compile(
    r"\s*(?:the\s+)?(?:length|size|height|width|area|weight|cost|price)\s+of\s+"
    r"the\s+(?:old|previous|original|former)\b",
    re.I,
)


def _times_pair_around(
    ctx: _Ctx,
    f: Quantity,
    figs: list[Quantity],
    figures_at: dict[int, list[tuple[int, Any]]],
) -> list[list[Quantity]]:
    """The two figures a multiple compares when they stand in the sentences
    around it: "That is four times as much" (the two before), "Today's rents
    are four times that." (the two before it, or one here and one before), "the
    new bridge is four times the length of the old one. The old crossing
    measured 600 metres" (one here, one next). Only a pair within a factor of
    three of the multiple is read as its figures."""
    si = ctx.sent(f.start)
    s0 = ctx.sent_span(si)[0]
    low = f.text.lower()
    if _THAT_IS.fullmatch(ctx.text, s0, f.start) and not figs:
        lo, hi = si - 2, si - 1
    elif low.endswith(" that") and _THAT_END.match(ctx.text, f.end):
        lo, hi = si - 2, si
    elif len(figs) == 1 and _LENGTH_OF.match(ctx.text, f.end):
        lo, hi = si, si + 1
    else:
        return []
    near = [
        q
        for q in _window(figures_at, lo, hi)
        if q.noun != "years" and id(q) not in ctx.range_of and q.qualifier == "exact"
    ]
    pairs = [v for v in ctx.by_kind(near).values() if len(v) == 2 and _same_kind(*v)]
    if len(pairs) != 1:
        return []
    a, b = pairs[0]
    factor = float(f.extra["factor"])
    if not a.value or not b.value:
        return []
    ratio = max(a.value, b.value) / min(a.value, b.value)
    return pairs if factor / 3 <= ratio <= factor * 3 else []


_APPOSITION = re.compile(
    r"(?:\s+[a-z]+){0,3}\s*,\s*(?:or\s+|about\s+|some\s+|roughly\s+|nearly\s+)?"
)
# "a ninefold increase on the $150 million": a multiplier compared with the
# figure it names, like "nine times the $150 million"
_FOLD_ON = re.compile(
    r"[\s-]+(?:increase|rise|jump|gain|growth)\s+(?:on|over)\s+"
    r"(?:the\s+|its\s+|their\s+)?",
    re.I,
)
# "… 45 patients a day. That is three times the 25 …": the phrase describes the
# figure of the sentence before
_THAT_IS = re.compile(r"\s*(?:That|This|It)(?:\s+is|\s+was|'s|’s)\s+")


def _times(ctx: _Ctx) -> list[Relation]:
    out = []
    figures_at: dict[int, list[tuple[int, Any]]] | None = None
    for f in ctx.changes:
        fold_on = None
        if not f.extra.get("times"):
            if f.extra.get("direction") != "up" or "factor" not in f.extra:
                continue
            fold_on = _FOLD_ON.match(ctx.text, f.end)
            if fold_on is None:
                continue
        si = ctx.sent(f.start)
        if figures_at is None:
            figures_at = ctx.by_sentence(ctx.figures)
        if _RANGE_BEFORE.search(ctx.text, max(0, f.start - 16), f.start):
            continue  # "28 to 55 times higher": a range of factors
        if _NAMED_THAN.match(ctx.text, f.end):
            continue  # "seven times more than Peru": compared with no figure
        figs = [q for q in _window(figures_at, si, si) if q.noun != "years"]
        # the figure the phrase describes: right before it ("it helped 280
        # families, five times as many"); the one it is compared with: the one
        # other figure of its kind here, else in the sentence before
        tied = [
            q
            for q in figs
            if q.end <= f.start
            and (
                (
                    _TIMES_TIED.fullmatch(ctx.text, q.end, f.start)
                    and "," in ctx.text[q.end : f.start]
                )
                # "The company's profit of $12 million is six times what …"
                or (
                    _COPULA_TIED.fullmatch(ctx.text, q.end, f.start)
                    and ctx.text[max(0, q.start - 1) : q.start] != "-"
                )
            )
            # "3 times that size": the figure before is what it is compared with
            and (
                not f.text.lower().endswith((" that", " the"))
                or any(0 <= x.start - f.end <= 2 for x in figs)
            )
        ]
        pair: list[Quantity] | None = None
        ref: list[Quantity] = []
        if tied:
            hi_q = tied[-1]
            others = [q for q in figs if q is not hi_q and _same_kind(q, hi_q)]
            # "five times the 8 cases": the figure named right after it
            ref = [
                q
                for q in figs
                if (
                    0 <= q.start - f.end <= 2
                    or (fold_on is not None and q.start == fold_on.end())
                )
                and (q.type, q.unit) == (hi_q.type, hi_q.unit)
            ]
            others = ref or others
            if not others:
                others = [
                    q
                    for q in _window(figures_at, si - 1, si - 1)
                    if _same_kind(q, hi_q)
                ]
            if len(others) == 1:
                pair = [others[0], hi_q]
        if pair is None and not tied and fold_on is None:
            # "five times that number, 180 a month", "six times as many, some
            # 180 homes": the result restated after it, against the one figure
            # of its kind before it (here or in the sentence before)
            app = [q for q in figs if _APPOSITION.fullmatch(ctx.text, f.end, q.start)]
            if app:
                base = [
                    q
                    for q in _window(figures_at, si - 1, si)
                    if q.end <= f.start
                    and (q.type, q.unit) == (app[0].type, app[0].unit)
                    and q.noun != "years"
                ]
                if len(base) == 1:
                    tied, ref, pair = app[:1], base, [base[0], app[0]]
        if (
            pair is None
            and not tied
            and si > 0
            and fold_on is None
            and _THAT_IS.fullmatch(ctx.text, ctx.sent_span(si)[0], f.start)
        ):
            named = [q for q in figs if 0 <= q.start - f.end <= 2] or [
                # "That is seven times his tally from last year, when he
                # scored three": the one figure after it in its sentence
                q
                for q in figs
                if q.start >= f.end and len([x for x in figs if x.start >= f.end]) == 1
            ]
            before = [
                q
                for q in _window(figures_at, si - 1, si - 1)
                if named
                and (q.type, q.unit) == (named[0].type, named[0].unit)
                and q.noun != "years"
            ]
            if named and len(before) == 1:
                tied, ref, pair = before, named, [named[0], before[0]]
        if fold_on is not None and pair is None:
            continue  # no figure it is compared with: left to the multiplier check
        after = [q for q in figs if q.start >= f.end]
        if (
            pair is None
            and len(after) == 2
            and _same_kind(after[0], after[1])
            and ":" in ctx.text[f.end : min(after[0].start, f.end + 40)]
            and after[0].value != after[1].value
        ):
            pair = after  # "4 times what it was: $90 billion against $30 billion"
            tied = after
        if pair is None:
            by_type: dict[tuple[str, str | None], list[Quantity]] = {}
            for q in figs:
                by_type.setdefault((q.type, q.unit), []).append(q)
            pairs = [v for v in by_type.values() if len(v) == 2]
            if not pairs:
                pairs = _times_pair_around(ctx, f, figs, figures_at)
                if len(pairs) == 1:
                    tied = pairs[0]
            if len(pairs) != 1:
                out.append(
                    _unverifiable(f, "times", "no single pair of figures to compare")
                )
                continue
            pair = pairs[0]
        a, b = pair
        lo, hi = sorted((a, b), key=lambda q: q.value or 0)
        if not lo.value or hi.value is None:
            continue
        ratio = hi.value / lo.value
        factor = float(f.extra["factor"])
        label, sym = _judge(ratio, factor, f.qualifier, ok=0.08, bad=0.2)
        note = ""
        if (
            label == UNVERIFIABLE
            and f.qualifier == "exact"
            and factor == int(factor)
            and abs(ratio - factor) >= 0.75
        ):
            label, sym = INCONSISTENT, "≠"  # "five times" for x4: another number
        if label != CONSISTENT and f.extra.get("ambiguous_plus_one"):
            alt, alt_sym = _judge(ratio, factor + 1, f.qualifier, ok=0.08, bad=0.2)
            if alt == CONSISTENT or (alt == UNVERIFIABLE and label == INCONSISTENT):
                label, sym = alt, alt_sym
                note = f" (read as {_fmt(factor + 1)}x)"
        if label == INCONSISTENT and not (tied and (ref or _same_kind(a, b))):
            label = UNVERIFIABLE  # two figures of the sentence, not tied to it
        arith = (
            f"{_fmt(hi.value)} / {_fmt(lo.value)} = {ratio:.2f} {sym} {_fmt(factor)}"
            f"{note} ({f.text})"
        )
        out.append(
            Relation(
                f.start,
                f.end,
                label,
                "times",
                arith,
                (("larger", hi), ("smaller", lo)),
                {"ratio": round(ratio, 4), "factor": factor},
            )
        )
    return out


# ---------------------------------------------------------------------- changes
def _from_to_changes(ctx: _Ctx) -> list[Relation]:
    out = []
    changes_at = ctx.by_sentence(ctx.changes)
    for c in ctx.changes:
        if "from" not in c.extra:
            continue
        a: Quantity = c.extra["_from"]
        b: Quantity = c.extra["_to"]
        if _CLOCK_AFTER.match(ctx.text, b.end):
            continue  # "shut down service from 1 to 5 a.m.": hours, not a change
        va, vb = _money_value(a, b), _money_value(b, a)
        if va is None or vb is None:
            continue
        up = c.extra["direction"] == "up"
        si = ctx.sent(c.start)
        s0, s1 = ctx.sent_span(si)
        if any(
            not ctx.text[max(s0, m.start() - 5) : m.start()].lower().endswith("from ")
            for m in _SCORE_PAIR.finditer(ctx.text, s0, s1)
        ):
            continue  # "… to 85 percent to 1 percent", "a margin of 49% to 45%"
        stated = [
            s
            for s in _window(changes_at, si, si)
            if s is not c
            and ("by" in s.extra or "factor" in s.extra)
            and not s.extra.get("times")  # "double the old price": a comparison
            and s.extra.get("_by") not in (a, b)
            and s.extra.get("direction") == c.extra["direction"]
            and max(s.start - c.end, c.start - s.end) <= 60
        ]
        if not stated:
            stated = _stated_elsewhere(ctx, c, changes_at, si)
        if not stated:
            # "cut the library budget by 40 per cent, from £2m to £1.5m", "cut
            # its budget by $1.5m, to $6.1m from $8.1m"
            stated = [
                _as_change(p, direction)
                for p, direction, how in [
                    *_stated_percents(ctx),
                    *(
                        (q, d, "change")
                        for q, d, kind, _ in _stated_amounts(ctx)
                        if kind == "amount" and (q.type, q.unit) == (a.type, a.unit)
                    ),
                ]
                if how == "change"
                and ctx.sent(p.start) == si
                and direction == c.extra["direction"]
                and p not in (a, b)
                and max(p.start - c.end, c.start - p.end) <= 60
            ][:1]
        spans = (("from", a), ("to", b))
        if (vb < va and up) or (vb > va and not up):
            verb = c.extra.get("verb", "")
            out.append(
                Relation(
                    c.start,
                    c.end,
                    INCONSISTENT,
                    "change_direction",
                    f"{_fmt(va)} → {_fmt(vb)} is "
                    f"{'a fall' if vb < va else 'a rise'}, but the text says "
                    f"'{verb}'",
                    spans,
                    {},
                )
            )
            continue
        if not stated and c.extra.get("verb") not in _NO_DIRECTION_VERBS:
            out.append(
                Relation(
                    c.start,
                    c.end,
                    CONSISTENT,
                    "change_direction",
                    f"{_fmt(va)} → {_fmt(vb)} is "
                    f"{'a rise' if vb > va else 'a fall'}, as stated",
                    spans,
                    {},
                )
            )
            continue
        if not stated:
            continue  # "went from A to B": no direction stated to check
        s = stated[0]
        if "factor" in s.extra:
            if not va:
                continue
            ratio = vb / va
            factor = float(s.extra["factor"])
            label, sym = _judge_factor(ratio, factor, s.qualifier)
            arith = f"{_fmt(vb)} / {_fmt(va)} = {ratio:.2f} {sym} {_fmt(factor)}"
            check = "multiplier"
        elif s.extra.get("by_type") == "percent":
            if not va:
                continue
            check = ""
            by = float(s.extra["by"])
            rel = (vb - va) / va * 100
            label, sym = _judge_points(abs(rel), by, s.qualifier)
            if label == INCONSISTENT and _change_reachable(a, b, by, rel=True):
                label, sym = UNVERIFIABLE, "?"  # "to over 20,000": a bound
            arith = (
                f"({_fmt(vb)} - {_fmt(va)}) / {_fmt(va)} = "
                f"{rel:+.1f}% {sym} {_fmt(by)}%"
            )
            if s.unit == "pp" and a.type == "percent" and b.type == "percent":
                # "an increase of 3 percentage points": the difference, only
                check = "percentage_points"
                pts = vb - va
                # figures given to a tenth of a point: a slip of rounding is
                # at most a few tenths
                by_fig = s.extra.get("_by")
                tenths = all(
                    "." in q.text for q in (a, b, by_fig) if isinstance(q, Quantity)
                )
                label, sym = _judge_pp(abs(pts), by, "exact", tenths)
                if label == INCONSISTENT and s.qualifier != "exact":
                    label, sym = UNVERIFIABLE, "?"  # a bound or "about": never wrong
                arith = f"{_fmt(vb)} - {_fmt(va)} = {pts:+.1f} points {sym} {_fmt(by)}"
            elif label != CONSISTENT and a.type == "percent" and b.type == "percent":
                pts = vb - va
                alt, alt_sym = _judge_points(abs(pts), by, s.qualifier)
                if alt == CONSISTENT and label == INCONSISTENT:
                    # "from 12% to 15% … an increase of 3 per cent": the
                    # difference in points given as a change in per cent
                    arith = (
                        f"{_fmt(vb)}% - {_fmt(va)}% = {pts:+.1f} points, a change "
                        f"of {rel:+.1f}%; '{_fmt(by)} per cent' reads the points as "
                        "per cent"
                    )
                    check = "percentage_points"
                elif alt == CONSISTENT or label == INCONSISTENT:
                    label = alt
                    arith = (
                        f"{_fmt(vb)} - {_fmt(va)} = {pts:+.1f} points "
                        f"{alt_sym} {_fmt(by)}"
                    )
            if not check:
                check = "percent_change"
        else:
            # "a rise of 45 cents" on euro figures: the change in the figures' unit
            scale = _subunit_scale(s.noun, a.unit) if a.type == "money" else 1.0
            if scale is None:
                continue
            by = float(s.extra["by"]) * scale
            diff = abs(vb - va)
            label, sym = _judge(diff, by, s.qualifier, ok=0.01, bad=0.1)
            arith = f"|{_fmt(vb)} - {_fmt(va)}| = {_fmt(diff)} {sym} {_fmt(by)}"
            check = "absolute_change"
        by_q = s.extra.get("_by")
        extra_spans = (("stated", by_q),) if isinstance(by_q, Quantity) else ()
        out.append(
            Relation(
                s.start,
                s.end,
                label,
                check,
                arith + f" ({s.text})",
                spans + extra_spans,
                {},
            )
        )
    return out


# changes whose verb states no direction ("went from A to B", "A in 2019 and B
# in 2020"): checked only against a change stated beside them
_NO_DIRECTION_VERBS = frozenset(
    """dated went goes going gone moved moving changed changing shifted shifting
    swung swinging""".split()
)


def _as_change(p: Quantity, direction: str) -> Quantity:
    """A percentage stated as a change, as the change it states."""
    return Quantity(
        p.start,
        p.end,
        p.text,
        "change",
        value=p.value,
        unit=p.unit,
        qualifier=p.qualifier,
        extra={
            "direction": direction,
            "by": p.value,
            "by_type": "percent" if p.type == "percent" else p.type,
            "_by": p,
        },
    )


def _stated_elsewhere(
    ctx: _Ctx, c: Quantity, changes_at: dict[int, list[tuple[int, Any]]], si: int
) -> list[Quantity]:
    """The change a from/to is said to be, phrased apart from it: "…, about 34%
    more than before" in its sentence, or the next sentence that points back
    to it ("That is an increase of 25 percent")."""
    direction = c.extra["direction"]
    ends = (c.extra["_from"], c.extra["_to"])
    starts = ctx.memo("atom_starts", 0, lambda: [q.start for q in ctx.atoms])
    for q in ctx.atoms[bisect.bisect_left(starts, c.end) :]:
        if q.start - c.end > 60 or ctx.sent(q.start) != si:
            break
        if q.type == "percent" and q.value is not None and q not in ends:
            m = _MORE_THAN.match(ctx.text, q.end)
            if m and (m.group("up") is not None) == (direction == "up"):
                return [
                    Quantity(
                        q.start,
                        m.end(),
                        ctx.text[q.start : m.end()],
                        "change",
                        value=q.value,
                        unit=q.unit,
                        qualifier=q.qualifier,
                        extra={
                            "direction": direction,
                            "by": q.value,
                            "by_type": "percent",
                            "_by": q,
                        },
                    )
                ]
    if si + 1 >= len(ctx.sentences):
        return []
    n0, n1 = ctx.sent_span(si + 1)
    if not (_ANAPHORA.match(ctx.text, n0) or _NAMED_CHANGE.search(ctx.text, n0, n1)):
        return []
    nxt = _window(changes_at, si + 1, si + 1)
    if any("from" in s.extra for s in nxt):
        return []
    return [
        s for s in nxt if "by" in s.extra and s.extra.get("direction") == direction
    ][:1]


_TO_END = re.compile(r"(?:%|percent|cent|points?)\s*,?\s+to\s+(?:about\s+)?$")
_TO_AFTER = re.compile(r"\s*,?\s+to\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$")


_AUX = frozenset(
    """to will would could may might should shall can is are was were be been
    being has have had expected forecast projected predicted set likely due
    tipped seen poised""".split()
)
_WORD_BACK = re.compile(r"[A-Za-z][a-z'’]*")


def _subject_before(text: str, s0: int, pos: int) -> str | None:
    """The plural noun right before a change verb at *pos*, past auxiliaries
    ("Cases rose", "deaths are expected to rise"), or ``None`` (a mass noun
    like "traffic", a pronoun, or nothing)."""
    words: list[str] = _WORD_BACK.findall(text, max(s0, pos - 60), pos)
    for w in reversed(words):
        lw = str(w).lower()
        if lw in _AUX:
            continue
        if lw.endswith("s") and not lw.endswith("ss") and len(lw) > 3:
            return lw
        return None
    return None


def _rate_projections(ctx: _Ctx) -> list[Relation]:
    """A percentage change to an end figure whose start was stated before it:
    "carries 40,000 cars a day. Traffic is expected to rise 25% to 50,000";
    "was 2 million last year and is forecast to grow 20% to 2.4 million"."""
    out: list[Relation] = []
    if not any(
        c.extra.get("by_type") == "percent" and "from" not in c.extra
        for c in ctx.changes
    ):
        return out
    figs = [q for q in ctx.figures if q.value]
    starts = [q.start for q in figs]
    ends = {
        id(x)
        for c in ctx.changes
        for x in (c.extra.get("_from"), c.extra.get("_to"), c.extra.get("_by"))
        if x is not None
    }
    todo = [
        c
        for c in ctx.changes
        if c.extra.get("by_type") == "percent" and "from" not in c.extra
    ]
    if not todo:
        return out
    changes_at = ctx.by_sentence(ctx.changes)
    atoms_at = ctx.by_sentence(ctx.atoms)
    for c in todo:
        si = ctx.sent(c.start)
        near = _window(changes_at, si - 1, si)
        k = bisect.bisect_left(starts, c.end)
        if k >= len(figs):
            continue
        b = figs[k]
        if ctx.sent(b.start) != si or not _TO_AFTER.fullmatch(ctx.text, c.end, b.start):
            continue
        s0 = ctx.sent_span(si)[0]
        if any("from" in x.extra and x.start >= s0 for x in near):
            continue
        # the start: the one figure of its kind before the change, in its
        # sentence, else in the sentence before
        cands: list[Quantity] = []
        for lo, hi in ((s0, c.start), (ctx.sent_span(si - 1)[0] if si else s0, s0)):
            cands = [
                q
                for q in figs[bisect.bisect_left(starts, lo) : k]
                if lo <= q.start < hi
                and (q.type, q.unit) == (b.type, b.unit)
                and q.noun != "years"
                and id(q) not in ends
                and (q.noun is None or b.noun is None or _compatible(q.noun, b.noun))
            ]
            if cands:
                break
        if len(cands) != 1:
            continue
        a = cands[0]
        if ctx.sent(a.start) != si and (
            sum(q.type != "date" for q in _window(atoms_at, si - 1, si - 1)) != 1
        ):
            continue  # from the sentence before: only its one figure
        if ctx.sent(a.start) != si and a.noun:
            subject = _subject_before(ctx.text, s0, c.start)
            if subject and not _compatible(subject, a.noun):
                continue  # "… 300 deaths. Cases rose 25% to 500": other things
        if any(x is not c and a.start - 40 < x.end and x.start < c.start for x in near):
            continue  # another change in between, or the start is one's end
        if _TO_END.search(ctx.text, max(0, a.start - 12), a.start):
            continue  # "fell 64.9% to 100, … fell 66.8% to 439": parallel changes
        assert a.value is not None and b.value is not None
        if not 0.2 <= b.value / a.value <= 5 or a.qualifier not in ("exact", "approx"):
            continue
        by = float(c.extra["by"])
        rel = (b.value - a.value) / a.value * 100
        if (rel > 0) != (c.extra.get("direction") == "up") and abs(rel) > 1:
            label, sym = INCONSISTENT, "≠"
        else:
            label, sym = _judge_points(abs(rel), by, c.qualifier)
        out.append(
            Relation(
                c.start,
                b.end,
                label,
                "percent_change",
                f"({_fmt(b.value)} - {_fmt(a.value)}) / {_fmt(a.value)} = "
                f"{rel:+.1f}% {sym} {_fmt(by)}% ({c.text})",
                (("from", a), ("to", b), ("stated", c)),
                {},
            )
        )
    return out
