"""Hand-written templates of planted arithmetic errors, each with a correct twin.

Writes ``benchmarks/numbers_cases.jsonl`` (read by ``numbers_bench.py``)::

    .venv/bin/python benchmarks/numbers_cases.py

Each template is one phrasing of one kind of arithmetic in one style of news
prose (wire, feature, opinion, explainer); several templates per check, each
filled four times with different figures, places and qualifiers. A row holds the
``error`` text (one planted mistake, outside every tolerance) and its ``twin``
(the same text with the arithmetic right).

Split: templates alternate between ``dev`` (used while writing the rules) and
``heldout`` (written at the same time, by the same author, meant only for the
final table), in the order they appear below within each check. The benchmark
prints every miss, so the held-out misses of the first (baseline) run were seen
while the rules were written: ``blind`` templates were added after the rules
were tuned and are reported from their first run, untuned.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).with_suffix(".jsonl")
PER_TEMPLATE = 4
DRAWS = 12

PLACES = ["Harbor City", "Eastgate", "Northfield", "Port Ellis", "Maple County"]
ORGS = ["the ministry", "the council", "the agency", "the company", "the board"]
WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    25: "twenty-five",
    30: "thirty",
    40: "forty",
}


def n(v: float) -> str:
    """1500 -> "1,500"."""
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"


def m(v: float, r: random.Random, cur: str = "$") -> str:
    """A money amount in millions, in one of several news formats."""
    style = r.choice(["million", "m", "million"])
    if style == "m":
        return f"{cur}{v:g}m"
    return f"{cur}{v:g} million"


def word_or_digit(v: int, r: random.Random) -> str:
    return WORDS[v] if v in WORDS and r.random() < 0.6 else str(v)


Template = Callable[[random.Random], tuple[str, str]]
TEMPLATES: dict[str, list[tuple[str, Template]]] = {}


BLIND: set[str] = set()


def template(
    check: str, style: str, *, blind: bool = False
) -> Callable[[Template], Template]:
    def deco(f: Template) -> Template:
        TEMPLATES.setdefault(check, []).append((style, f))
        if blind:
            BLIND.add(f.__name__)
        return f

    return deco


# ------------------------------------------------------------------ multiplier
@template("multiplier", "wire")
def _mult_wire(r: random.Random) -> tuple[str, str]:
    base = r.choice([1600, 2400, 800, 3000])
    inc = base - r.choice([50, 100, 0])
    bad = base * 3
    noun = r.choice(["troops", "soldiers", "advisers"])
    s = (
        "{org} is to send {inc} more {noun} to {p}, nearly doubling the force. "
        "They will join the {base} {noun} already there, officials said."
    )
    kw = dict(org=r.choice(["Washington", "London", "Paris"]), noun=noun)
    kw["p"] = r.choice(PLACES)
    return (
        s.format(inc=n(bad), base=n(base), **kw),
        s.format(inc=n(inc), base=n(base), **kw),
    )


@template("multiplier", "wire")
def _mult_adding(r: random.Random) -> tuple[str, str]:
    base = r.choice([900, 1200, 600, 450])
    noun = r.choice(["troops", "marines", "soldiers"])
    s = (
        "The Pentagon said it would deploy another {inc} {noun} to {p}, adding to "
        "the {base} already deployed and tripling the force."
    )
    p = r.choice(PLACES)
    return (
        s.format(inc=n(base), base=n(base), noun=noun, p=p),
        s.format(inc=n(base * 2), base=n(base), noun=noun, p=p),
    )


@template("multiplier", "feature")
def _mult_feature(r: random.Random) -> tuple[str, str]:
    base = r.choice([40, 60, 120, 200])
    s = (
        "For years the clinic in {p} ran on a skeleton crew of {base} nurses. "
        "This spring the health trust hired {inc} additional nurses, roughly "
        "doubling the team."
    )
    p = r.choice(PLACES)
    return (
        s.format(base=n(base), inc=n(base * 3), p=p),
        s.format(base=n(base), inc=n(base), p=p),
    )


@template("multiplier", "business")
def _mult_halving(r: random.Random) -> tuple[str, str]:
    base = r.choice([3000, 4200, 800, 12000])
    s = (
        "{c}, which currently employs {base} workers, said on Monday it would cut "
        "{cut} jobs, halving its workforce."
    )
    c = r.choice(["Acme Steel", "Borealis Air", "Northwind Foods"])
    return (
        s.format(c=c, base=n(base), cut=n(base // 5)),
        s.format(c=c, base=n(base), cut=n(base // 2)),
    )


# ------------------------------------------------------------------------- sum
@template("sum", "wire")
def _sum_wire(r: random.Random) -> tuple[str, str]:
    base, inc = r.choice([(1200, 300), (800, 450), (2500, 700), (90, 35)])
    s = (
        "The district had {base} students last year and enrolled {inc} new "
        "students this autumn, bringing the total to {t} students."
    )
    return (
        s.format(base=n(base), inc=n(inc), t=n(base + 3 * inc)),
        s.format(base=n(base), inc=n(inc), t=n(base + inc)),
    )


@template("sum", "wire")
def _sum_more_than(r: random.Random) -> tuple[str, str]:
    base, inc = r.choice([(1600, 1500), (2000, 1200), (700, 400), (5000, 2500)])
    s = (
        "Another {inc} refugees arrived on Tuesday. They join the {base} refugees "
        "already in the camp, which now holds more than {t} refugees."
    )
    return (
        s.format(inc=n(inc), base=n(base), t=n(round((base + inc) * 1.4, -2))),
        s.format(inc=n(inc), base=n(base), t=n(round((base + inc) * 0.95, -2))),
    )


@template("sum", "feature")
def _sum_feature(r: random.Random) -> tuple[str, str]:
    base, inc = r.choice([(340, 60), (1200, 150), (75, 25), (500, 120)])
    s = (
        "When the library opened it held {base} volumes on local history. Since "
        "then volunteers have added {inc} more volumes, and the collection now "
        "numbers {t} volumes."
    )
    return (
        s.format(base=n(base), inc=n(inc), t=n(base + inc * 2)),
        s.format(base=n(base), inc=n(inc), t=n(base + inc)),
    )


@template("sum", "opinion")
def _sum_words(r: random.Random) -> tuple[str, str]:
    base, inc = r.choice([(30, 12), (20, 15), (40, 10), (25, 5)])
    s = (
        "The council sent {inc} more inspectors, joining the {base} inspectors "
        "already on the site, for a total of {t} inspectors. Too little, too late."
    )
    w = WORDS.get
    return (
        s.format(inc=w(inc, inc), base=w(base, base), t=base + inc + 25),
        s.format(inc=w(inc, inc), base=w(base, base), t=base + inc),
    )


# ----------------------------------------------------------------------- total
@template("total", "wire")
def _total_wire(r: random.Random) -> tuple[str, str]:
    a, b, c = r.choice([(12, 8, 5), (30, 15, 10), (4, 3, 2), (120, 45, 35)])
    s = "The state gave {a} to {p1}, {b} to {p2} and {c} to {p3}, a total of {t}."
    ps = r.sample(PLACES, 3)
    kw = dict(p1=ps[0], p2=ps[1], p3=ps[2])
    am, bm, cm = m(a, r), m(b, r), m(c, r)
    return (
        s.format(a=am, b=bm, c=cm, t=m(a + b + c + 7, r), **kw),
        s.format(a=am, b=bm, c=cm, t=m(a + b + c, r), **kw),
    )


@template("total", "explainer")
def _total_colon(r: random.Random) -> tuple[str, str]:
    a, b, c = r.choice([(21, 15, 12), (40, 25, 10), (8, 6, 4), (60, 30, 15)])
    s = (
        "The city will spend {t} on three bridges: {a} for Harbor Street, {b} "
        "for Mill Road and {c} for Eastgate."
    )
    am, bm, cm = m(a, r), m(b, r), m(c, r)
    return (
        s.format(t=m(a + b + c + 9, r), a=am, b=bm, c=cm),
        s.format(t=m(a + b + c, r), a=am, b=bm, c=cm),
    )


@template("total", "opinion")
def _total_add_up(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(21, 27), (10, 15), (33, 12), (50, 25)])
    s = (
        "They will tell you the repairs cost {t}. Fine. The {a} for Harbor Street "
        "and the {b} for the other two crossings add up to exactly what they "
        "promised, or so they claim."
    )
    am, bm = m(a, r), m(b, r)
    return (
        s.format(t=m(a + b, r), a=am, b=m(b + 3 + b // 5, r)),
        s.format(t=m(a + b, r), a=am, b=bm),
    )


@template("total", "wire")
def _total_colon_counts(r: random.Random) -> tuple[str, str]:
    a, b, c = r.choice([(50, 40, 30), (12, 9, 4), (300, 150, 50), (25, 20, 15)])
    s = (
        "In all, {t} people were injured in the storms: {a} in {p1}, {b} in {p2} "
        "and {c} in {p3}."
    )
    ps = r.sample(PLACES, 3)
    kw = dict(p1=ps[0], p2=ps[1], p3=ps[2])
    return (
        s.format(t=n(a + b + c - (a + b + c) // 4), a=n(a), b=n(b), c=n(c), **kw),
        s.format(t=n(a + b + c), a=n(a), b=n(b), c=n(c), **kw),
    )


@template("total", "explainer")
def _total_half_billion(r: random.Random) -> tuple[str, str]:
    a = r.choice([200, 150, 320, 275])
    s = (
        "The two grants, {a} and {b}, add up to half a billion dollars, the "
        "largest award in the programme's history."
    )
    am = f"${a} million"
    return (
        s.format(a=am, b=f"${500 - a + 60} million"),
        s.format(a=am, b=f"${500 - a} million"),
    )


@template("total", "feature")
def _total_two_sentences(r: random.Random) -> tuple[str, str]:
    a, b, c = r.choice([(40, 25, 15), (120, 60, 20), (9, 7, 4), (300, 200, 100)])
    s = (
        "The appeal raised £{t},000 this year. Individual donors gave £{a},000, "
        "local firms £{b},000 and the council £{c},000."
    )
    return (
        s.format(t=a + b, a=a, b=b, c=c),
        s.format(t=a + b + c, a=a, b=b, c=c),
    )


# ----------------------------------------------------------------------- times
@template("times", "wire")
def _times_wire(r: random.Random) -> tuple[str, str]:
    lo, k = r.choice([(300, 3), (150, 4), (2000, 3), (45, 5)])
    s = (
        "The new plant produces {hi} tonnes a day, {k} times what the old one "
        "managed at {lo} tonnes."
    )
    kw = dict(k=WORDS[k], lo=n(lo))
    return s.format(hi=n(lo * (k + 3)), **kw), s.format(hi=n(lo * k), **kw)


@template("times", "feature")
def _times_cross(r: random.Random) -> tuple[str, str]:
    lo, k = r.choice([(1200, 4), (300, 3), (75, 2), (40, 5)])
    s = (
        "Last year the food bank in {p} helped {lo} families. This year it helped "
        "{hi} families, {k} times as many."
    )
    kw = dict(k=WORDS.get(k, k), lo=n(lo), p=r.choice(PLACES))
    return s.format(hi=n(lo * (k + 2)), **kw), s.format(hi=n(lo * k), **kw)


@template("times", "opinion")
def _times_opinion(r: random.Random) -> tuple[str, str]:
    lo, k = r.choice([(4, 3), (12, 2), (7, 4), (30, 3)])
    s = (
        "The mayor's office cost taxpayers ${lo} million a decade ago. Today it "
        "costs ${hi} million, {k} times what it was, and nobody asks why."
    )
    kw = dict(k=WORDS.get(k, k), lo=lo)
    return s.format(hi=lo * (k + 3), **kw), s.format(hi=lo * k, **kw)


# -------------------------------------------------------------- percent shares
@template("percent_shares", "wire")
def _shares_remaining(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(52, 41), (48, 39), (60, 25), (33, 45)])
    s = (
        "In the survey, {a}% of respondents backed the plan and {b}% opposed it; "
        "the remaining {c}% were undecided."
    )
    return (
        s.format(a=a, b=b, c=100 - a - b + 6),
        s.format(a=a, b=b, c=100 - a - b),
    )


@template("percent_shares", "explainer")
def _shares_multi(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(38, 41), (20, 55), (45, 30), (12, 70)])
    s = (
        "Renewables supplied {a} per cent of the country's electricity last year. "
        "Gas provided {b} per cent. The remaining {c} per cent came from coal."
    )
    return s.format(a=a, b=b, c=100 - a - b - 8), s.format(a=a, b=b, c=100 - a - b)


@template("percent_shares", "wire")
def _shares_over(r: random.Random) -> tuple[str, str]:
    a = r.choice([64, 55, 71, 58])
    s = (
        "Some {a} percent of members voted for the merger, while {b} percent of "
        "members voted against it."
    )
    return s.format(a=a, b=100 - a + 12), s.format(a=a, b=100 - a - 3)


@template("percent_shares", "feature")
def _shares_rest(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(47, 38), (30, 52), (61, 20), (44, 44)])
    s = (
        "Of the town's households, {a}% heat their homes with gas and {b}% with "
        "oil. The rest, {c}%, rely on wood stoves."
    )
    return s.format(a=a, b=b, c=100 - a - b + 9), s.format(a=a, b=b, c=100 - a - b)


# ------------------------------------------------------------ percent over 100
@template("percent_over_100", "wire")
def _over100_wire(r: random.Random) -> tuple[str, str]:
    v = r.choice([115, 108, 130, 121])
    s = "Officials reported turnout of {v}% of registered voters in {p}."
    p = r.choice(PLACES)
    return s.format(v=v, p=p), s.format(v=v - 40, p=p)


@template("percent_over_100", "opinion")
def _over100_opinion(r: random.Random) -> tuple[str, str]:
    v = r.choice([112, 140, 125, 160])
    s = (
        "Astonishingly, {v} per cent of the town's residents signed the petition, "
        "the organisers boasted."
    )
    return s.format(v=v), s.format(v=v - 70)


# ------------------------------------------------------------------ part/whole
@template("part_whole", "wire")
def _pw_of_the(r: random.Random) -> tuple[str, str]:
    w = r.choice([80, 200, 1500, 45])
    s = "Doctors said {p} of the {w} patients had recovered by Friday."
    return s.format(p=n(w + w // 5), w=n(w)), s.format(p=n(w - w // 4), w=n(w))


@template("part_whole", "feature")
def _pw_of_those(r: random.Random) -> tuple[str, str]:
    w = r.choice([80, 240, 1200, 60])
    s = (
        "The hospital in {pl} treated {w} patients during the outbreak. Of those, "
        "{p} made a full recovery."
    )
    pl = r.choice(PLACES)
    return (
        s.format(w=n(w), p=n(w + w // 4), pl=pl),
        s.format(w=n(w), p=n(w - w // 4), pl=pl),
    )


@template("part_whole", "wire")
def _pw_out_of(r: random.Random) -> tuple[str, str]:
    w = r.choice([1200, 500, 90, 3000])
    s = "Out of {w} applicants, {p} were accepted, the university said."
    return s.format(w=n(w), p=n(w + w // 10)), s.format(w=n(w), p=n(w // 3))


# ---------------------------------------------------------------- part percent
@template("part_percent", "wire")
def _pp_or(r: random.Random) -> tuple[str, str]:
    p, w = r.choice([(30, 200), (45, 300), (12, 80), (150, 600)])
    s = "Inspectors found {p} of the {w} bridges in poor condition, or {pc}%."
    good = round(p / w * 100)
    return s.format(p=p, w=w, pc=good + 10), s.format(p=p, w=w, pc=good)


@template("part_percent", "explainer")
def _pp_paren(r: random.Random) -> tuple[str, str]:
    p, w = r.choice([(450, 1500), (90, 360), (20, 250), (700, 2000)])
    s = "Some {p} out of {w} applicants ({pc} percent) were turned down."
    good = round(p / w * 100)
    return s.format(p=n(p), w=n(w), pc=good * 2), s.format(p=n(p), w=n(w), pc=good)


@template("part_percent", "feature")
def _pp_cross(r: random.Random) -> tuple[str, str]:
    p, w = r.choice([(30, 200), (18, 120), (60, 400), (9, 60)])
    s = (
        "Inspectors examined {w} bridges across the county. They found {p} of "
        "them in poor condition, or {pc} percent of the total."
    )
    good = round(p / w * 100)
    return s.format(p=p, w=w, pc=good + 12), s.format(p=p, w=w, pc=good)


# -------------------------------------------------------------- percent change
@template("percent_change", "wire")
def _pc_wire(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(800, 1000), (1200, 1500), (400, 600), (2000, 2400)])
    good = round((b - a) / a * 100)
    s = "Enrolment rose {pc}%, from {a} to {b}, the school board said."
    return (
        s.format(pc=good + 15, a=n(a), b=n(b)),
        s.format(pc=good, a=n(a), b=n(b)),
    )


@template("percent_change", "explainer")
def _pc_arrow(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(40, 95), (20, 50), (10, 35), (60, 90)])
    good = (b - a) / a * 100
    s = "Spending on the programme: ${a} million → ${b} million, an increase of {pc}%."
    return s.format(a=a, b=b, pc=round(good * 2)), s.format(a=a, b=b, pc=f"{good:g}")


@template("percent_change", "wire")
def _pc_next_sentence(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(800, 1000), (250, 300), (1600, 2000), (500, 750)])
    good = round((b - a) / a * 100)
    s = (
        "Membership of the club grew from {a} to {b} last year. That is an "
        "increase of {pc} percent, the chairman said."
    )
    return (
        s.format(a=n(a), b=n(b), pc=good + 20),
        s.format(a=n(a), b=n(b), pc=good),
    )


@template("percent_change", "business")
def _pc_bn(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(1.2, 1.5), (2.0, 2.6), (0.8, 1.2), (4.0, 5.0)])
    good = round((b - a) / a * 100)
    s = (
        "Revenue jumped from ${a}bn to ${b}bn, a {pc}% rise that beat analysts' "
        "forecasts."
    )
    return s.format(a=a, b=b, pc=good * 2), s.format(a=a, b=b, pc=good)


@template("percent_change", "wire")
def _pc_points(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(5, 7), (4.5, 6), (8, 11), (3, 4)])
    s = (
        "Unemployment rose from {a}% to {b}%, an increase of {d} percentage "
        "points, the statistics office said."
    )
    return s.format(a=a, b=b, d=f"{(b - a) * 3:g}"), s.format(a=a, b=b, d=f"{b - a:g}")


@template("percent_change", "feature")
def _pc_about(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(600, 780), (90, 120), (3000, 3900), (150, 200)])
    good = round((b - a) / a * 100)
    s = (
        "Visitor numbers at the museum climbed from {a} a week to {b} a week, "
        "about {pc}% more than before the refurbishment."
    )
    return (
        s.format(a=n(a), b=n(b), pc=good * 2 + 10),
        s.format(a=n(a), b=n(b), pc=good + 1),
    )


# ------------------------------------------------------------- absolute change
@template("absolute_change", "wire")
def _abs_wire(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(30, 24), (50, 42), (12, 9), (80, 65)])
    s = "{o} cut the budget by ${d} million, from ${a} million to ${b} million."
    o = r.choice(["The council", "Lawmakers", "The board"])
    return s.format(o=o, d=a - b + 4, a=a, b=b), s.format(o=o, d=a - b, a=a, b=b)


@template("absolute_change", "wire")
def _abs_counts(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(5000, 3800), (900, 700), (12000, 9500), (300, 240)])
    s = "Membership fell by {d}, from {a} to {b}, over the past decade."
    return (
        s.format(d=n((a - b) * 2), a=n(a), b=n(b)),
        s.format(d=n(a - b), a=n(a), b=n(b)),
    )


@template("absolute_change", "feature")
def _abs_cross(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(5000, 3600), (800, 650), (2400, 2000), (150, 110)])
    s = (
        "Church attendance in the parish dropped from {a} to {b} over ten years. "
        "That is a fall of {d} worshippers."
    )
    return (
        s.format(a=n(a), b=n(b), d=n(a - b + (a - b) // 2)),
        s.format(a=n(a), b=n(b), d=n(a - b)),
    )


# ------------------------------------------------------------ change direction
@template("change_direction", "wire")
def _dir_wire(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(2.1, 2.6), (1.4, 1.9), (3.0, 3.5), (0.9, 1.3)])
    s = "Profits fell from ${a} billion to ${b} billion, the company said."
    return s.format(a=a, b=b), s.format(a=b, b=a)


@template("change_direction", "business")
def _dir_to_from(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(3900, 3400), (1200, 800), (650, 500), (45000, 41000)])
    s = "Sales rose to {b} units from {a} units in the same quarter a year earlier."
    return s.format(a=n(a), b=n(b)), s.format(a=n(b), b=n(a))


@template("change_direction", "explainer")
def _dir_percent(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(12, 15), (7, 9), (20, 26), (3, 5)])
    s = "The share of households in arrears declined from {a}% to {b}% last year."
    return s.format(a=a, b=b), s.format(a=b, b=a)


# ------------------------------------------------------------------ date order
@template("date_order", "wire")
def _order_wire(r: random.Random) -> tuple[str, str]:
    a = r.choice([2008, 1994, 2012, 1987])
    s = "He served as mayor from {a} to {b}, when he lost to a newcomer."
    return s.format(a=a + 6, b=a), s.format(a=a, b=a + 6)


@template("date_order", "feature")
def _order_between(r: random.Random) -> tuple[str, str]:
    a = r.choice([2014, 2003, 1999, 2016])
    s = "The works ran from March {a} to January {b}, according to records."
    return s.format(a=a + 2, b=a), s.format(a=a, b=a + 2)


@template("date_order", "opinion")
def _order_until(r: random.Random) -> tuple[str, str]:
    a = r.choice([1998, 2005, 1979, 2010])
    s = "Between {a} and {b}, the party never once won the seat."
    return s.format(a=a + 9, b=a), s.format(a=a, b=a + 9)


# -------------------------------------------------------------------- duration
@template("duration", "wire")
def _dur_range(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1950, 3), (1980, 8), (2003, 5), (1914, 4)])
    s = (
        "The country fought its neighbour from {a} to {b}. Historians still argue "
        "about the {k}-year conflict."
    )
    return (
        s.format(a=a, b=a + k, k=WORDS.get(k + 2, k + 2)),
        s.format(a=a, b=a + k, k=WORDS.get(k, k)),
    )


@template("duration", "feature")
def _dur_verbs(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(2010, 4), (1996, 6), (2001, 8), (1975, 10)])
    s = (
        "Construction began in {a} and was completed in {b}. Engineers say the "
        "{k}-year project came in under budget."
    )
    return (
        s.format(a=a, b=a + k, k=WORDS.get(k + 3, k + 3)),
        s.format(a=a, b=a + k, k=WORDS.get(k, k)),
    )


@template("duration", "wire")
def _dur_lasted(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1992, 5), (2005, 3), (1961, 7), (2011, 2)])
    s = "The strike, which ran from {a} to {b}, lasted {k} years."
    return (
        s.format(a=a, b=a + k, k=k + 3),
        s.format(a=a, b=a + k, k=k),
    )


# -------------------------------------------------------------------- year gap
@template("year_gap", "wire")
def _gap_later(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1987, 28), (1990, 15), (1963, 40), (2001, 12)])
    s = "The plant opened in {a} and closed in {b}, {k} years later."
    return s.format(a=a, b=a + k, k=k + 7), s.format(a=a, b=a + k, k=k)


@template("year_gap", "feature")
def _gap_after(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1921, 50), (1898, 20), (1950, 30), (1975, 25)])
    s = (
        "The paper was founded in {a}. In {b}, {k} years after its founding, it "
        "moved to a new building on the waterfront."
    )
    return s.format(a=a, b=a + k, k=k + 10), s.format(a=a, b=a + k, k=k)


@template("year_gap", "wire")
def _gap_before_year(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1990, 15), (1972, 20), (2004, 10), (1965, 30)])
    s = "The law was passed in {a} and repealed {k} years later, in {b}."
    return s.format(a=a, b=a + k, k=k + 6), s.format(a=a, b=a + k, k=k)


# ------------------------------------------------------------------ conversion
@template("conversion", "business")
def _conv_currency(r: random.Random) -> tuple[str, str]:
    usd = r.choice([5.6, 2.0, 12.0, 0.8])
    s = "The deal is worth ${u}bn (£{g}bn), the company said."
    return (
        s.format(u=usd, g=f"{usd * 6.3:.1f}"),
        s.format(u=usd, g=f"{usd * 0.63:.1f}".rstrip("0").rstrip(".")),
    )


@template("conversion", "wire")
def _conv_euro(r: random.Random) -> tuple[str, str]:
    eur = r.choice([200, 45, 1200, 80])
    s = "The fund will receive €{e} million (${u} million) over five years."
    return s.format(e=eur, u=round(eur * 11)), s.format(e=eur, u=round(eur * 1.1))


@template("conversion", "feature")
def _conv_units(r: random.Random) -> tuple[str, str]:
    mi = r.choice([10, 26, 300, 45])
    s = "The trail runs for {mi} miles ({km} km) along the coast of {p}."
    p = r.choice(PLACES)
    return (
        s.format(mi=mi, km=round(mi * 4.8), p=p),
        s.format(mi=mi, km=round(mi * 1.609), p=p),
    )


# ------------------------------------------------------------------- blind
# Written after the rules were tuned on dev and held-out (whose misses were
# visible while tuning), run once for the table, never tuned on.
@template("total", "wire", blind=True)
def _blind_total_combined(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(340, 220), (1200, 800), (75, 45), (510, 290)])
    s = (
        "Police arrested {a} people on Saturday and {b} on Sunday, {t} arrests "
        "in all over the weekend."
    )
    return s.format(a=a, b=b, t=a + b + 150), s.format(a=a, b=b, t=a + b)


@template("total", "explainer", blind=True)
def _blind_total_split(r: random.Random) -> tuple[str, str]:
    a, b, c = r.choice([(3.1, 1.4, 0.5), (2.0, 1.5, 0.5), (1.2, 0.6, 0.2)])
    s = (
        "The package is worth ${t}bn: ${a}bn for roads, ${b}bn for rail and "
        "${c}bn for ports."
    )
    good = round(a + b + c, 1)
    return (
        s.format(t=f"{good + 1.5:g}", a=a, b=b, c=c),
        s.format(t=f"{good:g}", a=a, b=b, c=c),
    )


@template("percent_shares", "wire", blind=True)
def _blind_shares(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(54, 31), (40, 40), (67, 22), (35, 50)])
    s = (
        "According to the exit poll, {a}% of voters chose the incumbent and {b}% "
        "chose her rival. The remaining {c}% backed minor candidates."
    )
    return s.format(a=a, b=b, c=100 - a - b + 11), s.format(a=a, b=b, c=100 - a - b)


@template("year_gap", "feature", blind=True)
def _blind_gap(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1968, 30), (1984, 25), (1955, 50), (2002, 11)])
    s = (
        "She first ran for office in {a}. She finally won in {b}, {k} years "
        "after that first defeat."
    )
    return s.format(a=a, b=a + k, k=k + 5), s.format(a=a, b=a + k, k=k)


@template("duration", "wire", blind=True)
def _blind_duration(r: random.Random) -> tuple[str, str]:
    a, k = r.choice([(1939, 6), (1861, 4), (1980, 8), (1992, 3)])
    s = "The war lasted from {a} to {b}. The {k}-year war left the region in ruins."
    return (
        s.format(a=a, b=a + k, k=WORDS.get(k + 4, k + 4)),
        s.format(a=a, b=a + k, k=WORDS.get(k, k)),
    )


@template("percent_change", "business", blind=True)
def _blind_pc(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(250, 300), (40, 50), (1.6, 2.0), (80, 120)])
    good = round((b - a) / a * 100)
    s = (
        "Quarterly profit rose to ${b} million from ${a} million a year earlier, "
        "a gain of {pc}%."
    )
    return s.format(a=a, b=b, pc=good * 2 + 5), s.format(a=a, b=b, pc=good)


@template("multiplier", "feature", blind=True)
def _blind_mult(r: random.Random) -> tuple[str, str]:
    base = r.choice([12, 30, 45, 150])
    s = (
        "The shelter had {base} beds until last winter. The city has since funded "
        "{inc} extra beds, tripling its capacity."
    )
    return s.format(base=base, inc=base), s.format(base=base, inc=base * 2)


@template("part_whole", "wire", blind=True)
def _blind_pw(r: random.Random) -> tuple[str, str]:
    w = r.choice([150, 48, 2000, 320])
    s = (
        "Among the {w} passengers on board, {p} were taken to hospital, the "
        "airline said."
    )
    return s.format(w=n(w), p=n(w + w // 2)), s.format(w=n(w), p=n(w // 4))


@template("conversion", "business", blind=True)
def _blind_conv(r: random.Random) -> tuple[str, str]:
    gbp = r.choice([40, 250, 1.5, 8])
    s = "The club paid £{g} million (${u} million) for the striker."
    return (
        s.format(g=gbp, u=f"{gbp * 13:g}"),
        s.format(g=gbp, u=f"{round(gbp * 1.3, 1):g}"),
    )


@template("times", "wire", blind=True)
def _blind_times(r: random.Random) -> tuple[str, str]:
    lo, k = r.choice([(20, 3), (150, 2), (8, 5), (60, 4)])
    s = (
        "The outbreak has now infected {hi} people, {k} times the {lo} cases "
        "reported a month ago."
    )
    kw = dict(k=WORDS.get(k, k), lo=lo)
    return s.format(hi=lo * (k + 3), **kw), s.format(hi=lo * k, **kw)


@template("absolute_change", "wire", blind=True)
def _blind_abs(r: random.Random) -> tuple[str, str]:
    a, b = r.choice([(420, 380), (9600, 9100), (75, 60), (1300, 1150)])
    s = "The workforce shrank by {d} jobs, from {a} to {b}, after the merger."
    return s.format(d=n((a - b) * 3), a=n(a), b=n(b)), s.format(
        d=n(a - b), a=n(a), b=n(b)
    )


def build() -> list[dict[str, str]]:
    """Every case, in a fixed order (seeded)."""
    rows = []
    for check, temps in TEMPLATES.items():
        for k, (style, f) in enumerate(temps):
            split = "dev" if k % 2 == 0 else "heldout"
            if f.__name__ in BLIND:
                split = "blind"
            r = random.Random(f"{check}:{k}")
            seen = set()
            for _ in range(DRAWS):
                err, twin = f(r)
                if err in seen or err == twin or len(seen) >= PER_TEMPLATE:
                    continue
                i = len(seen)
                seen.add(err)
                rows.append(
                    {
                        "id": f"{check}-{k}-{i}",
                        "split": split,
                        "check": check,
                        "style": style,
                        "template": f.__name__.lstrip("_"),
                        "error": err,
                        "twin": twin,
                    }
                )
    return rows


def main() -> None:
    rows = build()
    OUT.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows))
    c = Counter(x["split"] for x in rows)
    print(f"{len(rows)} cases ({dict(c)}), {len(TEMPLATES)} checks -> {OUT.name}")


if __name__ == "__main__":
    main()
