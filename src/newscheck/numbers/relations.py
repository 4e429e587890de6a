"""Check an article's figures against each other, showing the arithmetic.

Each :class:`Relation` is one check: ``label`` is ``consistent``,
``inconsistent`` or ``unverifiable``; ``start``/``end`` is the phrase being
checked ("nearly doubling", "over 3,000"); ``spans`` names the other figures by
role; ``arithmetic`` is a one-line sum a reader can redo.

The checks (``check`` field):

``multiplier``
    "nearly doubling", "tripled", "halving" against an increment ("1,500 more
    troops", "adding 900 more") and the base it adds to ("the 1,600 already
    there", "adding to the 900 already deployed", or the one earlier figure of
    the same things); or a multiplier governing a from-to pair ("doubled from
    $15 to $30", "grew sevenfold, from 2m to 14m", "shrank by a third, from
    1,200 to 800", "80 cents to $3.20"). A fall is judged on its inverse ratio.
``sum``
    base + increment against a later stated total ("over 3,000", "now numbers
    460", "bringing/taking its hires to 23", "adds 4 frigates to its fleet of
    19, for a total of"), or against the running total it was before ("taking
    its fleet to 95 from 78", "brings the tally to 540, up from 480"); figures
    stated to the unit allow no rounding slack.
``total``
    parts listed in one sentence ("$21m for …, $15m for … and $12m for …", "£3m
    … and twice that …") against the total right after them ("a total of", "in
    all", "add up to"), before them across a colon ("has 12 prisons: five …,
    four … and three …", parts in digits or words, of any noun), closed by
    "the remaining N" / "the rest, N" with the whole before them, as
    participles that may not exceed the whole ("played 38, winning 20, drawing
    10 and losing 8"; "won 18 of its 30, losing 12"; "in 38 matches, won 21,
    drew 9 and lost 10"), in the next sentence
    opening "In all," / "Altogether," (the nouns agreeing), stated earlier and
    pointed to ("… add up to exactly what they promised"), or, only when the
    parts exceed it, a whole in the sentence before ("The appeal raised £65,000.
    Donors gave …").
``fraction``
    a fraction or percentage of a whole restated as a count ("two thirds of
    the 90 members, or 60", "one in five of the 2,000 residents, about 400
    people", "15% of its 2,000 staff, or 300 people"), wherever the three
    stand: "Of the 500 pupils tested, a fifth — some 100 children —", "One in
    four drivers — some 60,000 of the 240,000 stopped —", "a third of the
    1,800 inmates … That amounts to about 600 people".
``times``
    "3 times what it was", "five times the 8 cases" against the figure it is
    tied to and the one it is compared with (in its sentence or the one before).
``percent_shares``
    shares of one whole ("52% of respondents … 41% of respondents") above 100,
    or not adding to 100 with "the remaining 7%" / "the rest, 7%" (the shares
    before it, up to two sentences back in its paragraph).
``percent_over_100``
    a share of a population above 100% ("115% of registered voters").
``part_whole`` / ``part_percent``
    "95 of the 80 patients", "Out of 500 applicants, 550 …", "treated 80
    patients. Of those, 95 …"; "30 of the 200 bridges, or 25%".
``percent_change`` / ``absolute_change`` / ``change_direction``
    "rose 40%, from 800 to 1,000"; "cut by $6 million, from $30 million to $26
    million"; "fell from $2.1 billion to $2.6 billion"; also "$40m → $95m",
    "went from $1,000 to $1,300", "1.2 million in 2019 and 840,000 in 2020",
    "rose to 800 units from 1,200 units", "…, about 70% more than before",
    percentage points against the difference of two percentages (to a tenth
    of a point when the figures are given to tenths), the change stated in the
    next sentence ("That is an increase of 45 percent", "The 40% drop …"), a
    change in cents of euro or dollar figures, and a rise to an end
    figure whose start was stated before it ("carries 40,000 cars. Traffic will
    rise 25% to 50,000"); and a change stated beside two figures of one kind
    wherever they stand, the earlier or later of them cued or dated
    ("Applications fell to 3,200 this year. Last year the university received
    4,000, a drop of 8 percent"; "grown by 260 animals, to 1,500"; "5,100
    tonnes, about 70% more than last year's 4,500").
``percentage_points``
    a difference of two percentages in points against the points stated ("38
    per cent in May … 31 per cent, a fall of 11 points"), or given as a
    change in per cent ("58 per cent in 2019 and 64 per cent this year. That
    is a rise of 6 per cent"); points stated on their own against the only two
    percentages in reach ("In May it was 6.0%, so the rate fell by 1.8
    points", "A 12-point collapse", "ahead by 9 points, 47% to 42%").
``win_loss``
    a record against the games it covers ("a 14-6 record over a 22-game
    season"), the wins beside it ("finished 48-34, winning 50 of their 82
    games"), a streak after it ("After a 12-4 start, … lost four straight
    and now stand at 12-9"), outcomes after the games played ("played 16
    matches. They won 9 and lost 5, with 3 draws"); and any one sentence's
    tally against itself — games, a record, wins, draws and losses, "unbeaten",
    "won all nine", home and away records ("won 11, drawn five and lost seven
    of their 21", "finished the 16-game season at 12-6", "are 8-3 over their
    last 10 games").
``date_order`` / ``duration`` / ``year_gap`` / ``age``
    "from 2012 to 2008"; "from 1950 to 1953 … the three-year war", "began in
    2010 and was completed in 2014 … the four-year project", "built in 1964 and
    demolished in 2011, after 47 years of use", "signed in 1815 and lasted until
    1848, more than three decades", "… It took six years." (years before 1800
    after "in"/"since" or in a from/between pair); "passed in 1990 … repealed
    in 2005, 20 years later", "… 20 years later, in 2010", "44 years after its
    founding", "opened in 1912 … its 100th anniversary in 2020"; "Born in 1950,
    she was 58 when she won in 2008", "died in 2019 aged 69", the birth year
    in the sentence before or after the age.
``conversion``
    an amount restated in brackets in another currency or unit ("$5.6bn
    (£3.5bn)", "10 miles (16 km)"), flagged only at a rate far outside any
    market rate (a factor of 2.5) or the unit's factor (25%).

Roles. A figure's role (part, total, base, increment, whole, start or end
year, the year a gap dates, the figure a multiplier describes) comes from the
structure around it — a list joined by commas and "and", a colon, cue words
("already", "more", "in all", "the remaining", "began"/"closed", "of
those", "bringing … to", "born in", a multiplier word before "from"), the
figure it sits next to — within its sentence or a short window of sentences,
not from one pattern per phrasing. ``inconsistent`` findings
show the arithmetic ("$21m + $30m = $51m, not $48m").

Every rule is deliberately conservative: a figure is called ``inconsistent``
only when it is outside a wide tolerance for its qualifier ("nearly", "over",
"about"); the band between "agrees" and "clearly disagrees" is
``unverifiable``.

Cost: every check looks for its other figures in a few neighbouring sentences
(quantities are indexed by sentence once), so the work grows linearly with the
text. A "sentence" longer than :data:`MAX_SENTENCE_CHARS` characters (a text
without sentence breaks; news sentences stay far below it) is read as pieces of
that length, so that no window of sentences holds more than a bounded number
of figures.

Layout: this module holds the public API and the order the checks run
in; the checks live in private modules by family over a shared roles
module — ``_roles`` (the per-sentence index, the cue tables, the role
finders, :class:`Relation`), ``_totals``, ``_changes``, ``_pairs`` (a
stated change against the figures it describes), ``_dates``, ``_units`` and
``_records`` (sporting records), ``_shares`` (shares of one whole),
``_sums`` (a base, an increment and a total each marked by its own cue),
``_spans`` (a period's two dates, to the day, for their order and the length
stated beside them: "from 14 July to 9 July", "The 30-day strike, which
began on 3 May and ended on 12 May", "for 19 years, from 1990 to 2003"),
``_points`` (points stated on their own), ``_tallies`` (a sentence's games,
record and outcomes against each other), ``_restated`` (a fraction of a
whole and the count restating it, in any order) and ``_moves`` (a change's
size, end and start in any order: "fell $120m to $380m, from $560m", "up
2,900 on last year's 40,100", "closed down 120 points at 6,480. It had
opened at 6,540"), ``_factors`` (a multiplier the others left undecided,
against the one pair of figures set against each other beside it) and
``_directions`` (a direction verb against the pair its clause or next
sentence sets against each other) and ``_lists`` (a whole and the parts
listed after it, a part larger than its whole), ``_measures`` (a length, mass
or area restated in brackets in another unit) and ``_lifespans`` (an age
against a birth year and the year it was reached, across sentences) and
``_percents`` (a share of a counted population or a rate above 100%, a
poll's answers adding up to more than 100) and ``_gaps`` (a gap in years
between the year before it and the year after it); these twelve run last and
are kept only where no other check read the same words (a multiplier: where
the others left it undecided).
"""

from __future__ import annotations

from collections.abc import Sequence

from newscheck import deadline
from newscheck.numbers._changes import (
    _from_to_changes,
    _multiplier_and_sum,
    _rate_projections,
    _times,
)
from newscheck.numbers._dates import _ages, _dates
from newscheck.numbers._directions import _directions
from newscheck.numbers._factors import _factors
from newscheck.numbers._gaps import _gaps
from newscheck.numbers._lifespans import _lifespans
from newscheck.numbers._lists import _lists
from newscheck.numbers._measures import _measures
from newscheck.numbers._moves import _moves
from newscheck.numbers._pairs import (
    _compared_amounts,
    _direction_changes,
    _pair_changes,
)
from newscheck.numbers._percents import _percent_limits
from newscheck.numbers._points import _stated_points
from newscheck.numbers._records import _records
from newscheck.numbers._restated import _restated_fractions
from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    MAX_SENTENCE_CHARS,
    UNVERIFIABLE,
    Relation,
    _Ctx,
)
from newscheck.numbers._shares import _percent_over_100, _percent_shares
from newscheck.numbers._spans import _spans
from newscheck.numbers._sums import _cued_sums
from newscheck.numbers._tallies import _tallies
from newscheck.numbers._totals import (
    _breakdowns,
    _closing_totals,
    _explicit_totals,
)
from newscheck.numbers._units import _conversions, _fractions, _part_whole
from newscheck.numbers.extract import Quantity, _Spans

__all__ = [
    "CONSISTENT",
    "INCONSISTENT",
    "MAX_SENTENCE_CHARS",
    "UNVERIFIABLE",
    "Relation",
    "find_relations",
]


def find_relations(
    text: str,
    quantities: Sequence[Quantity],
    sentences: Sequence[tuple[int, int]],
    durations: Sequence[Quantity] = (),
) -> list[Relation]:
    """All consistency checks between the figures of *text*.

    *quantities* come from :func:`~newscheck.numbers.extract.extract_quantities`
    on the same *text*; *sentences* are ``(start, end)`` offsets.
    """
    if not quantities and "(" not in text:
        return []  # nothing to compare (a measure in two units needs a bracket)
    ctx = _Ctx(text, quantities, sentences, durations)
    out: list[Relation] = []
    for check in _CHECKS:
        deadline.check()
        out += check(ctx)
    for check in _FALLBACKS:
        deadline.check()
        out = _merge(ctx, check, out, check(ctx))
    out.sort(key=lambda r: (r.start, r.end, r.check))
    # two readings of one total (a colon list of one noun) or of one stated
    # change: keep the first (the checks run in order of specificity)
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for r in out:
        key = (r.start, r.end, r.check)
        if r.check in ("total", "percent_change", "sum") and key in seen:
            continue
        seen.add(key)
        kept.append(r)
    return kept


def _unread(done: list[Relation], extra: list[Relation]) -> list[Relation]:
    """The relations of *extra* whose words no relation of the same check in
    *done* covers (the extractor's sorted spans: linear, plus a log)."""
    spans: dict[str, _Spans] = {}
    kept = []
    for r in extra:
        if r.check not in spans:
            spans[r.check] = _Spans(
                [(d.start, d.end) for d in done if d.check == r.check]
            )
        if not spans[r.check].overlaps(r.start, r.end):
            kept.append(r)
    return kept


def _merge(
    ctx: _Ctx, check: object, out: list[Relation], found: list[Relation]
) -> list[Relation]:
    """*out* with what fallback *check* *found*, where no earlier check read
    the same words (or, for a multiplier, where it left them undecided)."""
    if check is _factors:
        out, found = _decide_factors(out, found)
        return out + found
    if check is _lists:
        # a whole or part another check read already keeps that reading
        held = {
            id(q)
            for r in out
            if r.check in ("total", "sum", "win_loss", "fraction")
            or (r.check == "part_whole" and r.label != CONSISTENT)
            for _, q in r.spans
        }
        return out + [r for r in found if not any(id(q) in held for _, q in r.spans)]
    if check is _gaps:
        # a gap a date check read already (as a year gap, a duration or an
        # age) keeps that reading
        dated = [
            (r.start, r.end)
            for r in out
            if r.check in ("year_gap", "duration", "date_order", "age")
        ]
        found = [
            r for r in found if not any(s < r.end and r.start < e for s, e in dated)
        ]
        told = {ctx.sent(r.start) for r in out if r.check == "year_gap"}
        return out + [r for r in found if ctx.sent(r.start) not in told]
    found = _unread(out, found)
    if check in (_lifespans, _percent_limits):
        # one reading of an age, or of a sentence's shares: the earlier first
        kinds = ("age", "percent_shares", "percent_over_100", "part_percent")
        seen = {(ctx.sent(r.start), r.check) for r in out if r.check in kinds}
        found = [r for r in found if (ctx.sent(r.start), r.check) not in seen]
        # a share another check read already ("140 / 150 = 93.3% ≠ 107%")
        shares = {id(q) for r in out if r.check in kinds for _, q in r.spans}
        found = [r for r in found if not any(id(q) in shares for _, q in r.spans)]
    if check is _directions:
        # one direction reading per sentence: the earlier checks' first
        told = {ctx.sent(r.start) for r in out if r.check == "change_direction"}
        found = [r for r in found if ctx.sent(r.start) not in told]
    if check is _tallies:
        out, found = _merge_tallies(ctx, out, found)
    elif check is _restated_fractions:
        # the fraction check reads "two thirds of the 90 members, or 60"
        # already, on the count: one reading per sentence
        def sentences(r: Relation) -> set[int]:
            return {ctx.sent(x) for x in (r.start, *(q.start for _, q in r.spans))}

        read: set[int] = set()
        for r in out:
            if r.check == "fraction":
                read |= sentences(r)
        found = [r for r in found if not read & sentences(r)]
    return out + found


def _decide_factors(
    out: list[Relation], factors: list[Relation]
) -> tuple[list[Relation], list[Relation]]:
    """A multiplier the other checks left undecided ("tripled", no figures
    tied) is decided by the pair of figures beside it; one they decided is
    kept."""
    kinds = ("multiplier", "times")
    decided = {
        (r.start, r.end) for r in out if r.check in kinds and r.label != UNVERIFIABLE
    }
    factors = [r for r in factors if (r.start, r.end) not in decided]
    mine = {(r.start, r.end) for r in factors}
    out = [r for r in out if not (r.check in kinds and (r.start, r.end) in mine)]
    return out, factors


def _merge_tallies(
    ctx: _Ctx, out: list[Relation], tallies: list[Relation]
) -> tuple[list[Relation], list[Relation]]:
    """A tally the total check flagged already ("played 20, winning 11, …") is
    not flagged twice; a reading within bounds ("12 + 4 ≤ 19 games") gives way
    to the tally that reads "unbeaten" and finds it short."""
    if not tallies:
        return out, tallies
    told = {
        ctx.sent(r.start)
        for r in out
        if r.check in ("total", "win_loss") and r.label == INCONSISTENT
    }
    tallies = [r for r in tallies if ctx.sent(r.start) not in told]
    mine = {ctx.sent(r.start) for r in tallies}
    out = [
        r
        for r in out
        if not (r.check in ("total", "win_loss") and ctx.sent(r.start) in mine)
    ]
    return out, tallies


# checks that may read words an earlier check read already (points stated on
# their own, the periods of any two dates): kept only where no relation of
# the same check covers their words
_FALLBACKS = (
    _stated_points,
    _spans,
    _tallies,
    _restated_fractions,
    _moves,
    _factors,
    _directions,
    _lists,
    _measures,
    _lifespans,
    _percent_limits,
    _gaps,
)

_CHECKS = (
    _conversions,
    _multiplier_and_sum,
    _explicit_totals,
    _times,
    _percent_shares,
    _percent_over_100,
    _part_whole,
    _fractions,
    _breakdowns,
    _rate_projections,
    _closing_totals,
    _ages,
    _from_to_changes,
    _dates,
    _pair_changes,
    _direction_changes,
    _compared_amounts,
    _records,
    _cued_sums,
)
