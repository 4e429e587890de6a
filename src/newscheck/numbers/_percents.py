"""Percentages that cannot be (checks ``percent_over_100`` and
``percent_shares``): a share of a counted population above 100% ("109% of
its 2.3 million customers", "110% of the 2.1 million cattle"); a rate that is
a share above 100% ("a conviction rate of 104 percent"); and three or more
shares listed as the answers to one question that add up to more than 100
("48 percent backed it, 39 percent opposed it and 21 percent were
undecided"; "a milder winter at 55%, near-normal at 30% and colder at 25%").

Capacity, targets, budgets and averages may be exceeded and are left alone;
a list whose shares are each "of" or "among" their own group (approval among
Democrats, among Republicans) is no list of one whole.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import INCONSISTENT, Relation, _Ctx, _fmt
from newscheck.numbers.extract import Quantity

_Q = r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|over|just)\s+)?"
# "of its 2.3 million customers", "of the 2.1 million cattle in the herd"
_OF_POPULATION = re.compile(
    r"\s+of\s+(?:the|its|their|all|his|her)\s+(?:[\w'’]+(?:'s|’s)\s+)?"
    + _Q
    + r"[\d,.]+(?:\s+(?:million|billion|thousand))?\s+(?P<noun>[a-z-]+)",
    re.I,
)
# what may be exceeded
_EXCEEDABLE = frozenset(
    "capacity target targets quota budget budgets average forecast forecasts goal "
    "goals limit limits cap level levels normal estimate estimates plan baseline "
    "mw gw kw mwh gwh twh megawatts gigawatts".split()
)
_SHARE_RATE = re.compile(
    r"(?<![\w])(?:conviction|turnout|vaccination|literacy|unemployment|approval|pass|"
    r"success|completion|graduation|response|participation|survival|positivity|"
    r"enrolment|enrollment)\s+rate\s+(?:of|was|is|stood\s+at|reached|hit)\s+"
    + _Q
    + "$",
    re.I,
)
_CHANGED = re.compile(
    r"(?<![\w])(?:rose|fell|up|down|by|grew|increased|decreased|dropped|jumped|"
    r"climbed|gained|lost|slipped|declined|growth|rise|fall|increase|decrease)\s+"
    + _Q
    + "$",
    re.I,
)
_LIST_GAP = re.compile(r"[^.;!?\d%—–:]{0,60}")
_OWN_GROUP = re.compile(r"(?<![\w])(?:among|of)\s", re.I)
_ALL_ANSWERS = re.compile(
    r"(?<![\w])(?:undecided|unsure|don'?t\s+know|do\s+not\s+know|no\s+opinion|"
    r"other|others|the\s+rest|remaining|remainder|neither|none)(?![\w])",
    re.I,
)
_AND = re.compile(r"(?<![\w])and(?![\w])|,\s*while\s", re.I)


def _percents(ctx: _Ctx, si: int) -> list[Quantity]:
    return [
        q
        for q in ctx.atoms_in(si)
        if q.type == "percent"
        and q.unit != "pp"
        and q.value is not None
        and id(q) not in ctx.range_of
    ]


def _percent_limits(ctx: _Ctx) -> list[Relation]:
    """Shares above 100%, alone or summed over one question's answers."""
    out: list[Relation] = []
    for si in sorted({ctx.sent(q.start) for q in ctx.atoms if q.type == "percent"}):
        pcts = _percents(ctx, si)
        for q in pcts:
            assert q.value is not None
            if q.value <= 100 or q.qualifier not in ("exact", "approx"):
                continue
            m = _OF_POPULATION.match(ctx.text, q.end)
            rate = _SHARE_RATE.search(ctx.text, max(0, q.start - 60), q.start)
            if (m and m.group("noun").lower() not in _EXCEEDABLE) or rate:
                out.append(
                    Relation(
                        q.start,
                        q.end,
                        INCONSISTENT,
                        "percent_over_100",
                        f"{_fmt(q.value)}% of a whole is more than all of it",
                        (("share", q),),
                        {},
                    )
                )
        out += _listed_shares(ctx, pcts)
    return out


def _listed_shares(ctx: _Ctx, pcts: list[Quantity]) -> list[Relation]:
    """Three or more shares in one closed list adding up to more than 100."""
    out: list[Relation] = []
    run: list[Quantity] = []
    closed = False
    for q in pcts:
        if run:
            gap = ctx.text[run[-1].end : q.start]
            if not _LIST_GAP.fullmatch(gap) or closed:
                run, closed = [], False
            elif _AND.search(gap):
                closed = True
        if _CHANGED.search(ctx.text, max(0, q.start - 20), q.start):
            run, closed = [], False
            continue
        run.append(q)
        if closed and len(run) >= 3:
            break
    if not (closed and len(run) >= 3):
        return out
    # a list of every answer closes with the rest of them ("… and 21 percent
    # were undecided", "other systems on 1%"); symptoms, tax brackets and
    # subgroups are no such list
    tail = ctx.text[run[-2].end : min(len(ctx.text), run[-1].end + 40)]
    if not _ALL_ANSWERS.search(tail):
        return out
    # each share "of"/"among" its own group: no list of one whole
    owned = sum(bool(_OWN_GROUP.match(ctx.text, q.end + 1)) for q in run[1:])
    if owned:
        return out
    values = [q.value or 0.0 for q in run]
    total = sum(values)
    if total <= 100 + 0.5 * len(run):
        return out
    out.append(
        Relation(
            run[0].start,
            run[-1].end,
            INCONSISTENT,
            "percent_shares",
            " + ".join(f"{_fmt(v)}%" for v in values)
            + f" = {_fmt(total)}%, more than the whole",
            tuple(("share", q) for q in run),
            {},
        )
    )
    return out
