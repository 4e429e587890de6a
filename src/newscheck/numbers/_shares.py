"""Shares of one whole: ``percent_shares`` (shares above 100 in all, or not
100 with "the remaining 7%"; a share said in words counts) and
``percent_over_100`` (a share of a population above 100%)."""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _fmt,
    _granularity,
    _in_change,
    _window,
)
from newscheck.numbers.extract import Quantity, noun_key

_NEXT_TWO = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")

_POPULATION = frozenset(
    """voter resident respondent people population adult child children student
    household citizen member employee worker patient user customer participant
    american women men woman man inhabitant electorate home family families staff
    teacher doctor nurse pupil business companies company firm school vote ballot
    shareholder
    seat land territory country farmer driver passenger""".split()
)

# Between two shares, words that suggest two different wholes or measurements.
_NOT_SAME_WHOLE = re.compile(
    r"(?<![\w])(?:but|however|whereas|compared|than|versus|vs|study|survey|poll|"
    r"year|years|month|ago|earlier|previous|previously|last|before|after|since|"
    r"up|down|from|rose|fell)(?![\w])",
    re.I,
)

_WITH_BEFORE = re.compile(r"(?<![\w])with\s+(?:about\s+|nearly\s+|over\s+)?$", re.I)

_REMAINING_ANY = re.compile(
    r"(?<![\w])(?:(?:the\s+)?remaining|the\s+other|all\s+other|"
    r"the\s+(?:rest|remainder)(?:\s*[,—–]|\s+-|\s+(?:were|was|are|is|made\s+up)))\s*$",
    re.I,
)


def _share_label(members: list[Quantity], to_100: bool) -> tuple[str, str, float]:
    total = sum(q.value for q in members if q.value is not None)
    n_approx = sum(q.qualifier != "exact" for q in members)
    # each share rounded to its last written digit ("47.5%": 0.05), and an
    # approximate one ("about 78%") a point and a half either way
    slack = 1.5 * n_approx + sum(_granularity(q) / 2 for q in members)
    arith = " + ".join(_fmt(q.value or 0) for q in members) + f" = {_fmt(total)}"
    if to_100:
        if abs(total - 100) <= slack + 1e-9:
            return CONSISTENT, arith + " ≈ 100", total
        if abs(total - 100) > slack + 0.4:
            return INCONSISTENT, arith + ", not 100 (the shares and the rest)", total
        return UNVERIFIABLE, arith + " ? 100", total
    if total > 100 + slack:
        return INCONSISTENT, arith + ", more than 100 (shares of one whole)", total
    return CONSISTENT, arith + " ≤ 100", total


# A share of the whole said in words, which the figures of a share list miss.
_WORD_SHARE = re.compile(
    r"\b(?:half|(?:a|one|two)\s+thirds?|(?:a|one|three)\s+quarters?|"
    r"(?:a|one|two|three|four)\s+fifths?|most|the\s+(?:majority|bulk)|"
    r"(?:a|the)\s+(?:large|larger|small|smaller)\s+(?:part|share|portion))"
    r"\s+(?:of|goes|went|is|was|came)\b",
    re.I,
)


_RANGE_END_BEFORE = re.compile(r"\d\s*(?:to|-|–)\s*$")
_SAYING_AFTER = re.compile(r"\s+(?:of\s+\w+\s+)?[a-z]+ing\b", re.I)
_WORD_SHARE_VALUE = {"half": 50.0, "third": 33.3, "thirds": 66.7, "quarter": 25.0}
_WORD_SHARE_VALUE.update({"quarters": 75.0, "fifth": 20.0})


def _word_share_value(phrase: str) -> float | None:
    """50 for "Half of", 33.3 for "A third of"; None for "most of"."""
    words = phrase.lower().split()
    if words[0] == "half":
        return 50.0
    if len(words) < 2 or words[1] not in _WORD_SHARE_VALUE:
        return None
    base = _WORD_SHARE_VALUE[words[1]]
    n = {"two": 2, "three": 3, "four": 4}.get(words[0], 1)
    if words[1] in ("thirds", "quarters"):
        return base
    return base * n


def _percent_shares(ctx: _Ctx) -> list[Relation]:
    """Shares of one whole: above 100 in all, or not 100 with "the remaining 7%"
    (the shares before it in its paragraph, up to two sentences back)."""
    out = []
    pcts = [
        q
        for q in ctx.atoms
        if q.type == "percent"
        and q.unit == "%"
        and q.value is not None
        # "with 93% counted" is no share ("with 22 per cent saying …" is)
        and not (
            _WITH_BEFORE.search(ctx.before(q, 12))
            and not _SAYING_AFTER.match(ctx.text, q.end)
        )
    ]
    pcts_at = ctx.by_sentence(pcts)
    in_rest: set[int] = set()
    rests = {
        id(r)
        for r in pcts
        if _REMAINING_ANY.search(ctx.before(r, 25)) and not _in_change(ctx, r)
    }
    for r in pcts:
        if id(r) not in rests:
            continue
        si = ctx.sent(r.start)
        members: list[Quantity] = []
        for k in range(si, max(-1, si - 3), -1):
            here = [q for q in _window(pcts_at, k, k) if q.end <= r.start]
            if k < si and (not here or "\n\n" in ctx.text[here[-1].end : r.start]):
                break
            members = here + members
        if any(id(q) in rests for q in members):
            members = members[
                max(i for i, q in enumerate(members) if id(q) in rests) + 1 :
            ]  # "the remaining 0.4% … among the other 99%": from the last rest on
        if not members or len(members) > 5:
            continue
        if any(_in_change(ctx, q) or q.value is None for q in members):
            continue
        if any(q.extra.get("of") and q.noun in ("total", "all") for q in members):
            continue
        lead = ctx.sent_span(ctx.sent(members[0].start))[0]
        prev_lead = ctx.sent_span(max(0, ctx.sent(members[0].start) - 1))[0]
        if _WORD_SHARE.match(ctx.text, prev_lead) or _WORD_SHARE.match(
            ctx.text, prev_lead + 1
        ):
            lead = prev_lead  # "Half of the farm's 200 hectares is … Barley 30%"
        word = _WORD_SHARE.search(ctx.text, lead, r.start)
        if word:
            # "Half … and 30% …; the other 10%": a share in words is one of
            # them; one of no stated size ("most of") leaves the sum unknown
            value = _word_share_value(word.group(0))
            if value is None or len(_WORD_SHARE.findall(ctx.text, lead, r.start)) > 1:
                continue
            members = [
                Quantity(
                    word.start(),
                    word.end(),
                    word.group(0),
                    "percent",
                    value=value,
                    unit="%",
                    qualifier="exact" if value == 50 else "approx",
                ),
                *members,
            ]
        # the shares it completes are the nearest few: any run of them ending
        # at it that makes 100 is a reading that agrees
        label = ""
        for j in range(len(members) - 1, -1, -1):
            label, arith, total = _share_label([*members[j:], r], True)
            if label == CONSISTENT:
                members = members[j:]
                break
        members.append(r)
        if label != CONSISTENT:
            label, arith, total = _share_label(members, True)
        in_rest.update(id(q) for q in members)
        out.append(
            Relation(
                members[0].start,
                r.end,
                label,
                "percent_shares",
                arith,
                tuple(("share", q) for q in members),
                {"sum": total},
            )
        )
    groups: dict[tuple[int, str], list[Quantity]] = {}
    range_ends = {
        id(x)
        for c in ctx.qs
        if c.type in ("range", "change")
        for x in (c.extra.get("_a"), c.extra.get("_b"), c.extra.get("_from"))
        if x is not None
    }
    for q in pcts:
        if (
            q.extra.get("of")
            and q.noun
            and not _in_change(ctx, q)
            and id(q) not in range_ends  # "from 70 to 85 percent of …"
            and not _RANGE_END_BEFORE.search(ctx.before(q, 12))
        ):
            groups.setdefault((ctx.sent(q.start), noun_key(q.noun) or ""), []).append(q)
    for group in groups.values():
        if len(group) < 2 or any(id(q) in in_rest for q in group):
            continue
        if any(
            b.start - a.end > 90 or _NOT_SAME_WHOLE.search(ctx.text, a.end, b.start)
            for a, b in itertools.pairwise(group)
        ):
            continue
        predicates = [_predicate(ctx, q) for q in group]
        if len(set(predicates)) < len(predicates):
            continue  # "60% of voters backed X, 70% of voters backed Y": not a split
        label, arith, total = _share_label(group, False)
        values = [q.value for q in group]
        if label == INCONSISTENT and len(set(values)) < len(values):
            continue  # "80% of cases … at least, 80%": one figure said twice
        out.append(
            Relation(
                group[0].start,
                group[-1].end,
                label,
                "percent_shares",
                arith + f" [% of {group[0].noun}]",
                tuple(("share", q) for q in group),
                {"sum": total},
            )
        )
    return out


def _predicate(ctx: _Ctx, q: Quantity) -> str:
    """The two words after "X% of [the] <noun>" ("voted for", "backed the"), or
    ''."""
    noun = q.noun or ""
    i = ctx.text.find(noun, q.end, q.end + 50) if noun else -1
    if i < 0:
        return ""
    m = _NEXT_TWO.match(ctx.text, i + len(noun))
    return " ".join(w.lower() for w in m.groups() if w) if m else ""


# a rate of a population, which cannot pass 100%: "vaccination coverage …
# reached 140%", "screening uptake … hit 121%"
_RATE_OF_ALL = re.compile(
    r"(?<![\w])(?:coverage|uptake|turnout|participation|occupancy|literacy)(?![\w])"
    r"[^.;!?\d%]{0,60}$",
    re.I,
)
_QUALIFIED_POPULATION = re.compile(
    r"\s+of\s+(?:the\s+|all\s+)?(?:eligible|registered|adult|local|resident|enrolled)"
    r"\s+(?:voters|residents|adults|students|pupils|members|citizens|households|"
    r"people|population)(?![\w])",
    re.I,
)


def _percent_over_100(ctx: _Ctx) -> list[Relation]:
    out = []
    for q in ctx.atoms:
        if (
            q.type == "percent"
            and q.unit == "%"
            and q.value is not None
            and 100 < q.value <= 1000  # beyond: a glued token ("2017 84 percent")
            and q.extra.get("of")
            and (
                noun_key(q.noun) in _POPULATION
                or q.noun in _POPULATION
                # "104% of eligible voters", "110% of registered voters"
                or _QUALIFIED_POPULATION.match(ctx.text, q.end)
            )
            and not _in_change(ctx, q)
        ) or (
            q.type == "percent"
            and q.unit == "%"
            and q.value is not None
            and 100 < q.value <= 1000
            and _RATE_OF_ALL.search(ctx.before(q, 70))
            and not _in_change(ctx, q)
        ):
            out.append(
                Relation(
                    q.start,
                    q.end,
                    INCONSISTENT,
                    "percent_over_100",
                    f"{_fmt(q.value)}% of {q.noun} > 100%",
                    (("share", q),),
                    {},
                )
            )
    return out


# Between a whole and its first part, or between two parts.
