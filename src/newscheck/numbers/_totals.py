"""Checks of parts against their whole: ``total`` (a list of parts against
its total, breakdowns, closing totals). Shares of one whole are in
``_shares``."""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._roles import (
    _HAS_DIGIT,
    _LIST_GAP,
    _TOTAL_BEFORE,
    _TOTAL_EXPLICIT_AFTER,
    _TOTAL_EXPLICIT_BEFORE,
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _amount_format,
    _beyond_rounding,
    _compatible,
    _Ctx,
    _judge,
    _lists,
    _same_kind,
    _unrounded,
    _window,
)
from newscheck.numbers.extract import Quantity, noun_key

_ADD_UP_REF = re.compile(
    r"[^.;!?\d]{0,60}?(?<![\w])(?:add|adds|added|adding)\s+up\s+to\s+"
    r"(?:exactly\s+|precisely\s+)?(?:what|the\s+(?:figure|sum|amount|total)|that"
    r"|it)(?![\w])",
    re.I,
)
_TOTAL_IN_GAP = re.compile(
    r"(?<![\w])(?:combined|altogether|in\s+all|in\s+total|total|totall?ing|"
    r"totall?ed|all\s+told|between\s+them)(?![\w])",
    re.I,
)
_RUNNING_VERB = re.compile(
    r"(?<![\w])(?:bringing|brings|brought|taking|takes|took|raising|pushing|lifting)"
    r"\s+(?:[a-z'’]+\s+){0,4}?to\s",
    re.I,
)
_OF_THEM_OPENING = re.compile(r"\s*(?:Of|Among)\s+(?:them|those|these)\s*,", re.I)
_WHOLE_CUE = re.compile(
    r"(?<![\w])(?:brought\s+in|took\s+in|drew|built|produced|made|sold|"
    r"raised|raises|cost|costs|spent|spend|spends|spending|budget|"
    r"worth|total|totalled|totaled|received|collected|earned|allocated|paid|"
    r"employs|employed|counted|recorded|registered|enrolled)(?![\w])",
    re.I,
)
_COLON_LIST = re.compile(
    r"(?:(?=[^:]*\b[a-z]+\b)[^:\d.;!?]{0,60}|\s*)(?<!\d):\s*(?:the\s+)?"
)  # "… on three bridges: …", not a label ("Transportation: …")
_CLOSED_LIST = re.compile(r"(?<![\w])(?:and|plus)(?![\w])", re.I)
# Between a list and a later figure: the figure is in another clause.
_OTHER_CLAUSE = re.compile(
    r"(?<![\w])(?:while|whereas|but|although|though|when|where|"
    r"if|because)(?![\w])",
    re.I,
)


def _explicit_totals(ctx: _Ctx) -> list[Relation]:
    """Parts listed in a sentence against the total they are said to make: a
    total right after the list ("…, a total of $9m", "…, 23 goals in all"),
    before it with a colon ("$48m on three bridges: …"), or stated earlier and
    pointed to ("… add up to exactly what they promised")."""
    out = []
    figures_at = ctx.by_sentence(ctx.listed)
    for parts in _lists(ctx):
        if len(parts) > 6:
            continue
        first, last = parts[0], parts[-1]
        closed = bool(_CLOSED_LIST.search(ctx.text, parts[-2].end, last.start))
        si = ctx.sent(first.start)
        s_end = ctx.sent_span(si)[1]
        t: Quantity | None = None
        exhaustive = True
        basis = "after"
        nxt = [
            q
            for q in _window(figures_at, si, si)
            if q.start >= last.end
            # "…; between them, the two collected $2.4m": the parts' count
            and not (q.type == "count" and q.value == len(parts) and not q.noun)
        ]
        if nxt and _same_kind(nxt[0], last):
            q = nxt[0]
            # a total given as a range: "…, between 240 and 260 in all"
            rng = ctx.range_of.get(id(q))
            start, end = (rng.start, rng.end) if rng else (q.start, q.end)
            gap = ctx.text[last.end : start]
            if (
                len(gap) <= 45
                and not _HAS_DIGIT.search(gap)
                and not _OTHER_CLAUSE.search(gap)
                and (
                    _TOTAL_EXPLICIT_BEFORE.search(gap)
                    or (
                        _TOTAL_EXPLICIT_AFTER.match(
                            ctx.text[end : min(s_end, end + 40)]
                        )
                        and end <= s_end
                    )
                )
            ):
                t = q
            elif (
                len(gap) <= 60
                and not _HAS_DIGIT.search(gap)
                and not _OTHER_CLAUSE.search(gap)
                and _TOTAL_IN_GAP.search(gap)
                and closed
            ):
                # "…; combined, the pair took home $7.3m", "…, bringing its
                # total funding to $19m" (a running total may hold more than
                # the parts: only parts above it are wrong)
                t = q
                exhaustive = not _RUNNING_VERB.search(gap)
        if t is None:
            before = [
                q
                for q in _window(figures_at, si, si)
                if q.end <= first.start and _same_kind(q, first)
            ]
            # "$48m on three bridges: $21m for …, $15m for … and $12m for …": the
            # list opens right after the colon, closes with "and" and ends
            # the sentence's figures
            after_last = [q for q in _window(figures_at, si, si) if q.start > last.end]
            if (
                before
                and closed
                and not after_last
                and _COLON_LIST.fullmatch(ctx.text, before[-1].end, first.start)
                and (before[-1].value or 0) > max(p.value or 0 for p in parts)
            ):
                t, basis = before[-1], "colon"
        if t is None and closed and _ADD_UP_REF.match(ctx.text, last.end):
            # "… add up to exactly what they promised": the figure stated before
            earlier = [
                q
                for q in _window(figures_at, si - 3, si)
                if q.end <= first.start and _same_kind(q, first) and q.value
            ]
            if earlier:
                t, basis = earlier[-1], "stated before"
        if t is None and si > 0 and (len(parts) >= 3 or closed):
            # "The appeal raised £T. Donors gave £a, firms £b and the council £c."
            kind = [
                q
                for q in _window(figures_at, si - 1, si - 1)
                if _same_kind(q, first)
                # not "three countries" for three parts
                and not (q.value == len(parts) and q.value < 10)
            ]
            if (
                len(kind) == 1
                and kind[0].value
                and kind[0].value > max(p.value or 0 for p in parts)
                and (kind[0].type == "money" or kind[0].noun)
                and (
                    _WHOLE_CUE.search(ctx.before(kind[0], 30))
                    # "240 patients. Of these, 130 …, 70 … and 60 …"
                    or _OF_THEM_OPENING.match(ctx.text, ctx.sent_span(si)[0])
                )
            ):
                # "drew a combined 94,000 swimmers. Riverside counted …": all
                exhaustive = bool(_TOTAL_IN_GAP.search(ctx.before(kind[0], 30)))
                t, basis = kind[0], "previous sentence"
        if t is None or t.value is None or any(p.value is None for p in parts):
            continue
        total = sum(p.value for p in parts if p.value is not None)
        label, sym = _judge(total, t.value, t.qualifier, ok=0.005, bad=0.03)
        if (
            label == UNVERIFIABLE
            and t.qualifier == "exact"
            and _beyond_rounding(parts, total, t.value)
        ):
            label, sym = INCONSISTENT, "≠"
        rng = ctx.range_of.get(id(t))
        if rng is not None:
            # "between 240 and 260 in all": the sum within the range
            a, b = rng.extra["_a"].value, rng.extra["_b"].value
            if a is None or b is None:
                continue
            inside = min(a, b) <= total <= max(a, b)
            near = min(a, b) * 0.97 <= total <= max(a, b) * 1.03
            label = CONSISTENT if inside else UNVERIFIABLE if near else INCONSISTENT
            fmt = _amount_format([p.value or 0 for p in parts] + [a, b], t)
            arith = " + ".join(fmt(p.value or 0) for p in parts)
            verb = "within" if inside else "?" if near else "outside"
            arith += f" = {fmt(total)}, {verb} {fmt(a)}-{fmt(b)} ({rng.text})"
            out.append(
                Relation(
                    rng.start,
                    rng.end,
                    label,
                    "total",
                    arith,
                    (*(("part", p) for p in parts), ("total", t)),
                    {"sum": total, "total_at": basis},
                )
            )
            continue
        if not exhaustive:
            # parts not said to be all of it: only more than the whole is wrong
            if total > t.value * 1.03 and t.qualifier in ("exact", "under", "at_most"):
                label, sym = INCONSISTENT, ">"
            elif label != CONSISTENT:
                continue
        fmt = _amount_format([p.value or 0 for p in parts] + [t.value], t)
        arith = " + ".join(fmt(p.value or 0) for p in parts)
        verb = "not" if label == INCONSISTENT else sym
        arith += f" = {fmt(total)}, {verb} {fmt(t.value)} ({t.text})"
        spans = (*(("part", p) for p in parts), ("total", t))
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "total",
                arith,
                spans,
                {"sum": total, "total_at": basis},
            )
        )
    return out


_PART_GAP = re.compile(r"[^\d.;!?%()]{1,60}")
_PARTICIPLE = re.compile(
    r"(?<![\w])(?!(?:during|bring|bringing|taking|raising|including|making|"
    r"pushing|lifting|adding|totall?ing)\s)[a-z]{3,}ing\s+"
    r"(?:(?:the|its|their|another|a\s+further)\s+)?$",
    re.I,
)
# outcomes a whole's members had, as finite verbs: "in 38 matches, the club
# won 21, drew 9 and lost 10"; "voted on 50 bills, backed 30 and opposed 12"
_OUTCOME = re.compile(
    r"(?<![\w])(?:won|drew|drawn|lost|tied|backed|opposed|supported|rejected|passed|"
    r"failed|survived|died|recovered|approved|denied|refused|accepted)\s+"
    r"(?:(?:just|only|another|a\s+further)\s+)?$",
    re.I,
)
_REST_BEFORE = re.compile(
    r"(?<![\w])(?:the\s+(?:remaining|rest|remainder|other|final|last)"
    r"(?:\s*,|\s+of\s+them\s*,?)?)\s*$",
    re.I,
)
_SUBSET_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|of\s+(?:them|whom|which))", re.I
)


_OF_WHOLE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the|those|these|its|their|his|her|our|my|your|all)?\s*",
    re.I,
)
_AND = re.compile(r"(?<![\w])and(?![\w])", re.I)
_SOME_OF = re.compile(
    r"(?<![\w])(?:including|includes|include|among|such\s+as|like|each|apiece|"
    r"a\s+piece|per|every)(?![\w])",
    re.I,
)


_NOT_ALL = re.compile(
    r"(?<![\w])(?:the\s+rest|the\s+remainder|the\s+others?|remaining|others|"
    r"among\s+others|etc|and\s+more|not\s+counting|excluding|besides)(?![\w])",
    re.I,
)


_PART_CUE_BEFORE = re.compile(
    r"(?<![\w])(?:of\s+(?:which|whom|them|those|these)|including|among\s+them)\s*,?\s*$",
    re.I,
)
_OF_THEM = re.compile(r"\s+(?:of|out\s+of)\s+(?:them|those|these|whom|which)\b", re.I)


def _breakdowns(ctx: _Ctx) -> list[Relation]:
    """A whole broken into parts in its sentence: after a colon ("has 12
    prisons: five …, four … and two …"), closed by "the remaining 100", or
    listed as what happened to it ("played 38 matches, winning 20, drawing 10
    and losing 8"; "won 18 of its 30 games, losing 12"). A colon or "the
    remaining" says the parts are all of it; participles only that they
    cannot exceed it."""
    out = []
    figs = [
        q
        for q in ctx.figures
        if q.value is not None and q.noun != "years" and q.qualifier == "exact"
    ]
    for i, w in enumerate(figs):
        assert w.value is not None
        if w.type == "count" and not w.noun:
            continue  # a whole names what it counts ("60 councillors")
        if _PART_CUE_BEFORE.search(ctx.before(w, 20)) or _OF_THEM.match(
            ctx.text, w.end
        ):
            continue  # "of which 720 …", "14 of them from Davies": a part
        si = ctx.sent(w.start)
        parts: list[Quantity] = []
        prev = w
        for q in figs[i + 1 : i + 8]:
            gap = ctx.text[prev.end : q.start]
            # "1,340 seabirds in total: 610 gulls, …": the whole's own cue
            colon_first = prev is w and _COLON_LIST.fullmatch(gap)
            if (
                ctx.sent(q.start) != si
                or (q.type, q.unit) != (w.type, w.unit)
                or not _PART_GAP.fullmatch(gap)
                or _SUBSET_AFTER.match(ctx.text, q.end)
                or (not colon_first and _TOTAL_EXPLICIT_BEFORE.search(gap))
                or (not colon_first and _TOTAL_BEFORE.search(gap))
            ):
                break
            if prev is not w and not _LIST_GAP.fullmatch(gap):
                break
            parts.append(q)
            prev = q
        if (
            not parts
            or _PARTICIPLE.search(ctx.before(w, 30))
            or _OUTCOME.search(ctx.before(w, 30))
        ):
            continue  # "winning 11, drawing 5 and losing 4": a part, not the whole
        first_gap = ctx.text[w.end : parts[0].start]
        if _SOME_OF.search(first_gap) or _SOME_OF.match(ctx.text, w.end):
            continue  # "31 productions, including eight …", "$3 million each"
        colon = bool(_COLON_LIST.fullmatch(first_gap))
        rest = bool(
            _REST_BEFORE.search(
                ctx.text, parts[-2].end if len(parts) > 1 else w.end, parts[-1].start
            )
        )
        # "winning 17, drawing 8 and losing 7, and sit four points off the top":
        # the parts a participle or outcome introduces, up to the first not
        cued = 0
        for j, p in enumerate(parts):
            lo = (parts[j - 1] if j else w).end
            if not (
                _PARTICIPLE.search(ctx.text, lo, p.start)
                or _OUTCOME.search(ctx.text, lo, p.start)
            ):
                break
            cued += 1
        if 2 <= cued < len(parts) and not rest and not colon:
            parts = parts[:cued]
        participles = (
            cued == len(parts)
            # "in 38 matches, won 21, …"; "In 38 matches the club won 21, …"
            and ("," in first_gap or _OUTCOME.search(first_gap))
        )
        # "won 18 of its 30 games": the part before the whole is one of them
        before_w = [
            q
            for q in figs[max(0, i - 1) : i]
            if ctx.sent(q.start) == si
            and (q.type, q.unit) == (w.type, w.unit)
            and _OF_WHOLE.fullmatch(ctx.text, q.end, w.start)
        ]
        if participles and any(
            p.noun and not _compatible(p.noun, w.noun) for p in parts
        ):
            continue  # "inspected 40 sites, finding 37 violations": other things
        if participles and before_w:
            parts = [before_w[0], *parts]
        elif before_w:
            continue
        if colon:
            if len(parts) < 2 or not _CLOSED_LIST.search(
                ctx.text, parts[-2].end, parts[-1].start
            ):
                continue
            after = [
                q
                for q in figs[i + 1 + len(parts) : i + 2 + len(parts)]
                if ctx.sent(q.start) == si and (q.type, q.unit) == (w.type, w.unit)
            ]
            if after:
                continue  # the list goes on past "and": not read as closed
            # "…: 12 fighters and 10 transports, with the rest in storage"
            exhaustive = not _NOT_ALL.search(
                ctx.text, parts[-1].end, ctx.sent_span(si)[1]
            )
        elif rest and len(parts) >= 2:
            if _AND.search(first_gap):
                continue  # "1.3 million votes and her challenger 890,000,
                # while the remaining 210,000": a share beside the others
            exhaustive = True
        elif participles and len(parts) >= 2:
            exhaustive = False
        else:
            continue
        values = [p.value or 0 for p in parts]
        if max(values) >= w.value:
            continue
        total = sum(values)
        if exhaustive:
            label, sym = _judge(total, w.value, "exact", ok=0.005, bad=0.03)
            if label == UNVERIFIABLE and _beyond_rounding(parts, total, w.value):
                label, sym = INCONSISTENT, "≠"  # "230 + 140 + 52 = 422, not 412"
        else:
            label, sym = (INCONSISTENT, ">") if total > w.value else (CONSISTENT, "≤")
        fmt = _amount_format([*values, w.value], w)
        arith = " + ".join(fmt(v) for v in values) + f" = {fmt(total)}, "
        if label == INCONSISTENT:
            arith += ("not " if exhaustive else "more than ") + fmt(w.value)
        else:
            arith += f"{sym} {fmt(w.value)}"
        arith += f" ({w.text}{' ' + w.noun if w.noun else ''})"
        out.append(
            Relation(
                w.start,
                w.end,
                label,
                "total",
                arith,
                (*(("part", p) for p in parts), ("total", w)),
                {
                    "sum": total,
                    "total_at": "colon" if colon else "rest" if rest else "parts",
                },
            )
        )
    return out


_IN_ALL_OPEN = (
    r"\s*[\"“'‘]?(?:In\s+all|In\s+total|Altogether|All\s+told|All\s+in\s+all|"
    r"Overall|Combined|Together)\s*,?\s+"
)
_IN_ALL_START = re.compile(_IN_ALL_OPEN + r"(?:[^\d.;!?]{0,30}?\s)?")
_IN_ALL_OPENER = re.compile(_IN_ALL_OPEN)
# "Altogether, that came to $1.5bn": words before the total refer back to the
# parts (not "In all, the team scored 90", a whole of more than them)
_BACK_TO_PARTS = re.compile(
    r"\s*(?:that|this|these|those|they|it)\s+(?:[a-z]+\s+){0,2}(?:to\s+)?", re.I
)


_THAT_IS_TOTAL = re.compile(
    r"\s*(?:That|This)(?:\s+is|\s+was|'s|’s|\s+makes?|\s+made)\s+(?:a\s+total\s+of\s+)?"
)
_HEAD_COUNT = frozenset({"people", "person", "individual"})
_TIME_NOUNS = frozenset("second minute hour day week month year decade".split())


def _head_count(ctx: _Ctx, t: Quantity, parts: list[Quantity]) -> bool:
    """ "14 survivors on Monday and 9 on Tuesday. In all, 25 people …": a head
    count of people over a list of counts of them (not of days)."""
    return (
        noun_key(t.noun) in _HEAD_COUNT
        and bool(parts[0].noun)
        and not any(noun_key(q.noun) in _TIME_NOUNS for q in parts)
        and all(
            _LIST_GAP.fullmatch(ctx.text, a.end, b.start)
            for a, b in itertools.pairwise(parts)
        )
    )


def _closing_totals(ctx: _Ctx) -> list[Relation]:
    """A sentence that opens with "In all," / "Altogether," and a total of the
    things the sentence before counted: "Voters backed it by 5,200 votes to
    3,100. In all, 8,300 ballots were cast." The counted nouns must agree."""
    out: list[Relation] = []
    opening = [
        si
        for si in range(1, len(ctx.sentences))
        if _IN_ALL_START.match(ctx.text, ctx.sentences[si][0])
        or _THAT_IS_TOTAL.match(ctx.text, ctx.sentences[si][0])
    ]
    if not opening:
        return out
    figs = [q for q in ctx.figures if q.value is not None and q.noun != "years"]
    figs_at = ctx.by_sentence(figs)
    ends = {
        id(x)
        for c in ctx.qs
        if c.type in ("change", "range")
        for x in (
            c.extra.get("_from"),
            c.extra.get("_to"),
            c.extra.get("_a"),
            c.extra.get("_b"),
        )
        if x is not None
    }
    for si in opening:
        here = _window(figs_at, si, si)
        if not here:
            continue
        t = here[0]
        s0 = ctx.sent_span(si)[0]
        if t.value is None:
            continue
        # "That is 2,530 patients combined."
        that_is = _THAT_IS_TOTAL.fullmatch(ctx.text, s0, t.start) and bool(
            _TOTAL_EXPLICIT_AFTER.match(ctx.after(t, 40))
        )
        opener = _IN_ALL_OPENER.match(ctx.text, s0)
        if not that_is and (
            _IN_ALL_START.fullmatch(ctx.text, s0, t.start) is None
            or opener is None
            or not (
                opener.end() == t.start
                or _BACK_TO_PARTS.fullmatch(ctx.text, opener.end(), t.start)
            )
        ):
            continue
        if t.type == "count" and not t.noun:
            continue
        parts = [
            q
            for q in _window(figs_at, si - 1, si - 1)
            if (q.type, q.unit) == (t.type, t.unit)
        ] or [
            # "… $12 million for sidewalks. The council approved it on Tuesday.
            # In all, the plan costs $50 million."
            q
            for q in _window(figs_at, si - 2, si - 2)
            if (q.type, q.unit) == (t.type, t.unit)
            and not _window(figs_at, si - 1, si - 1)
        ]
        if (
            len(parts) > 2
            and parts[0].value == len(parts) - 1
            and parts[0].extra.get("written")
        ):
            parts = parts[1:]  # "The three mills produced 420, 310 and 150 tonnes."
        if not 2 <= len(parts) <= 6 or any(
            q.qualifier != "exact" or id(q) in ends or q.value is None for q in parts
        ):
            continue
        if (
            t.type == "count"
            and not (
                all(q.noun is None or _compatible(q.noun, t.noun) for q in parts)
                and any(_compatible(q.noun, t.noun) for q in parts)
            )
            and not _head_count(ctx, t, parts)
        ):
            continue
        values = [q.value or 0 for q in parts]
        if max(values) >= t.value:
            continue
        total = sum(values)
        label, sym = _judge(total, t.value, t.qualifier, ok=0.005, bad=0.05)
        if label == UNVERIFIABLE and (
            _unrounded(t, *parts)
            or (t.qualifier == "exact" and _beyond_rounding(parts, total, t.value))
        ):
            label = INCONSISTENT  # "212 + 187 = 399, not 409": no rounding
        fmt = _amount_format([*values, t.value], t)
        verb = "not" if label == INCONSISTENT else sym
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "total",
                " + ".join(fmt(v) for v in values)
                + f" = {fmt(total)}, {verb} {fmt(t.value)} ({t.text})",
                (*(("part", q) for q in parts), ("total", t)),
                {"sum": total, "total_at": "next sentence"},
            )
        )
    return out
