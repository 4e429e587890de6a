"""A period's start and end, to the day where the text gives days, checked for
their order and against the length stated beside them: "ran from 4 October to
27 September"; "in force since 12 July, was lifted on 3 July"; "for 22 years,
from 1978 to 2006"; "The 18-month refit, which began in January 2022, was
completed in December 2024"; "The 40-day siege … began on 2 June and ended on
21 June"; "issued in 2024, matures in 2034, giving investors a 15-year term".

A period is two dates of one sentence joined as one span: a from-to or
between-and pair, "from … until … in", or a start verb before the first and an
end verb before the second (the second may open the next sentence with a
pronoun: "Talks started in 2020. They collapsed in 2022"). A stated length is
read only where its sentence holds exactly one period and one length, so
that a length of something else ("after 42 days without a new case" beside
a second pair of dates) is never compared. Dates without a year are taken to
share the year stated for the other, or to cross a new year only when that
makes a short span ("from 20 December to 5 January").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _window,
)
from newscheck.numbers.extract import _WORDNUM, Quantity, parse_number

_START = re.compile(
    r"(?<![\w])(?:(?:began|begun|begins|start(?:ed|s)?|opened|opens|launched|"
    r"founded|established|built|erupted|broke\s+out|took\s+(?:office|effect|"
    r"hold|over)|came\s+into\s+(?:force|effect)|went\s+into\s+effect|signed|"
    r"introduced|imposed|granted|issued|set|formed|created|joined|arrived|"
    r"inaugurated|appointed|elected|conducted|commissioned)"
    r"(?:\s+[\w'’-]+){0,6}?\s+(?:in|on|at|of)|since)\s+$",
    re.I,
)
_END = re.compile(
    r"(?<![\w])(?:(?:ended|ends|end|ending|closed|closes|close|collapsed|"
    r"concluded|finished|finishes|completed|lifted|expired|expires|expire|matures|"
    r"mature|retired|retirement|broken|left|resigned|quit|died|death|declared\s+"
    r"over|demolished|scrapped|withdrawn|repealed|stepped\s+down|departure|"
    r"dissolved|shut|abandoned|decommissioned|disconnected|verdicts?)"
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:in|on|at|by)|until|till|through)\s+$",
    re.I,
)
_BETWEEN = re.compile(r"(?<![\w])(?:from|between)\s+(?:the\s+)?$", re.I)
_JOIN = re.compile(
    r"\s*(?:(?:-|–|—|to|and)\s+(?:the\s+)?|(?:until|till|through)(?:\s+[\w'’-]+)"
    r"{0,4}?\s+(?:in\s+|on\s+)?)$",
    re.I,
)
_PRONOUN = re.compile(r"\s*(?:It|They|He|She|This|That)\s")
# a clause of another thought between two figures
_BREAK = re.compile(
    r";|(?<![\w])(?:but|while|whereas|although|though|said|says|told)(?![\w])", re.I
)
# "N-year" before a noun that is no period: "a four-year degree", "a
# four-year jump on the mandated wage"
_NOT_A_PERIOD = re.compile(
    r"\s+(?:degrees?|jump|high|low|lead|head|gap|advantage|average|veteran|"
    r"yields?|rates?|returns?|anniversary|mark|cycle|olds?|notes?|bonds?|gilts?|"
    r"treasur(?:y|ies)|mortgages?|loans?|paper|debt|maturity|swaps?)(?![\w])",
    re.I,
)
_HALF = r"(?:\s+and\s+a\s+half)?"
_LENGTH = re.compile(
    r"(?<![\w$£€.,-])(?P<q>(?:nearly|almost|about|around|roughly|some|more\s+than|"
    r"over|less\s+than|under|just\s+over|just\s+under|barely|only|just)\s+)?"
    rf"(?P<n>\d+(?:\.\d+)?|{_WORDNUM}|an?)(?P<h1>{_HALF})[\s-]+"
    r"(?P<u>years?|decades?|centur(?:y|ies)|months?|weeks?|days?)"
    rf"(?P<h2>{_HALF})(?![\w])"
    # not an age, a gap from an event, a time to come
    r"(?![\s-]+(?:old|ago|later|earlier|before|after\b(?!\s+(?:of|at|on))|"
    r"younger|older|since|on\b))(?!['’]\s*time)",
    re.I,
)
# "after ten days of heavy rain": the length of something else, unless the
# noun is the period's own ("after 57 years of use", "61 years of marriage")
_OF_OTHER = re.compile(
    r"\s+without\s|\s+of\s+(?!(?:use|service|operation|work|construction|negotiations?|talks|"
    r"marriage|rule|war|fighting|conflict|existence|trading|business|production|"
    r"building|planning|delays?|research|exile|detention|imprisonment|captivity|"
    r"office|power|ownership|hostilities|occupation|service)(?![\w]))",
    re.I,
)
_LENGTH_NOT_BEFORE = re.compile(
    r"(?<![\w])(?:aged|age\s+of|every|within|in|first|last|past|next)\s+$", re.I
)
_UNIT_DAYS = {"year": 365.25, "decade": 3652.5, "century": 36525.0}


def _ymd(q: Quantity) -> tuple[int | None, int | None, int | None]:
    y, m, d = (q.extra.get(k) for k in ("year", "month", "day"))
    return (
        int(y) if y is not None else None,
        int(m) if m is not None else None,
        int(d) if d is not None else None,
    )


def _date_index(ctx: _Ctx) -> dict[int, list[tuple[int, Quantity]]]:
    """Sentence -> the dates in it that give a year or a day, built once."""
    index: dict[int, list[tuple[int, Quantity]]] = ctx.memo(
        "span_dates",
        0,
        lambda: ctx.by_sentence(
            [
                q
                for q in ctx.atoms
                if q.type == "date" and (q.extra.get("year") or q.extra.get("day"))
            ]
        ),
    )
    return index


def _dates_in(ctx: _Ctx, si: int) -> list[Quantity]:
    return _window(_date_index(ctx), si, si)


def _periods(ctx: _Ctx) -> list[tuple[Quantity, Quantity]]:
    """(start, end) of every period of two dates the text joins as one span."""
    out = []
    for si in sorted(_date_index(ctx)):
        here = _dates_in(ctx, si)
        for a, b in itertools.pairwise(here):
            if b.start - a.end > 100 or _BREAK.search(ctx.text, a.end, b.start):
                continue
            joined = _BETWEEN.search(ctx.before(a, 12)) and _JOIN.search(
                ctx.text, a.end, b.start
            )
            ends = _END.search(ctx.text, max(a.end, b.start - 50), b.start)
            starts = _START.search(ctx.before(a, 50))
            if joined or (starts and ends):
                out.append((a, b))
        # "Talks started in 2020. They collapsed in 2022"
        nxt = _dates_in(ctx, si + 1) if si + 1 < len(ctx.sentences) else []
        if here and nxt and _PRONOUN.match(ctx.text, ctx.sent_span(si + 1)[0]):
            a, b = here[-1], nxt[0]
            if (
                len(here) == 1
                and _START.search(ctx.before(a, 50))
                and _END.search(ctx.before(b, 50))
            ):
                out.append((a, b))
    return out


def _order(a: Quantity, b: Quantity) -> tuple[dt.date, dt.date] | None:
    """The two dates as calendar dates when their order can be told: a year
    missing on one is the other's; with neither, a new year is crossed only
    when that makes a span of under half a year."""
    (ya, ma, da), (yb, mb, db) = _ymd(a), _ymd(b)
    uneven = (ma is None) != (mb is None) or (da is None) != (db is None)
    if uneven and (ya is None or yb is None or ya == yb):
        return None  # "in 2019 … on 3 May 2019": not comparable
    if ya is None or yb is None:
        # "from Oct. 1 to May 31", "November 21, 2019 and January 31": a new
        # year is crossed unless the end falls within two months before the
        # start ("from 4 October to 27 September" is a slip)
        y = ya or yb or 2001
        first = dt.date(y, ma or 1, min(da or 1, 28))
        second = dt.date(y, mb or 1, min(db or 1, 28))
        if second < first and (first - second).days > 62:
            second = dt.date(y + 1, mb or 1, min(db or 1, 28))
        return first, second
    try:
        return (
            dt.date(ya, ma or 1, da or 1),
            dt.date(yb, mb or 1, db or 1),
        )
    except ValueError:
        return None


def _grain(a: Quantity, b: Quantity) -> str:
    (_, ma, da), (_, mb, db) = _ymd(a), _ymd(b)
    if da is not None and db is not None:
        return "day"
    if ma is not None and mb is not None:
        return "month"
    return "year"


def _earlier(x: dt.date, y: dt.date, grain: str) -> bool:
    """Whether *y* is before *x* at the grain both are given to."""
    if grain == "year":
        return y.year < x.year
    if grain == "month":
        return (y.year, y.month) < (x.year, x.month)
    return y < x


def _lengths(ctx: _Ctx, si: int) -> list[tuple[re.Match[str], float, str]]:
    s0, s1 = ctx.sent_span(si)
    out = []
    for m in _LENGTH.finditer(ctx.text, s0, s1):
        if _LENGTH_NOT_BEFORE.search(ctx.text, max(s0, m.start() - 10), m.start()):
            continue
        word = m.group("n").lower()
        n = 1.0 if word in ("a", "an") else parse_number(word)
        if n is None or n <= 0:
            continue
        if m.group("h1") or m.group("h2"):
            n += 0.5
        unit = m.group("u").lower().rstrip("s")
        unit = "century" if unit.startswith("centur") else unit
        out.append((m, n, unit))
    return out


def _judge_length(
    actual: float, n: float, qual: str, slack: float, bad: float
) -> tuple[str, str]:
    """*actual* units against *n* stated: *slack* the count's own give
    (counting both ends), *bad* the gap past which it is plainly wrong."""
    if qual in ("nearly", "almost", "barely", "just under", "under", "less than"):
        if 0.85 * n - slack <= actual <= n + slack:
            return CONSISTENT, "≈"
        wrong = actual > n + slack + bad or actual < 0.8 * n - slack - bad
        return (INCONSISTENT if wrong else UNVERIFIABLE), "≠" if wrong else "?"
    if qual in ("more than", "over", "just over"):
        if actual >= n - slack:
            return CONSISTENT, "≥"
        wrong = actual < n - slack - max(bad, 0.1 * n)
        return (INCONSISTENT if wrong else UNVERIFIABLE), "<" if wrong else "?"
    if qual in ("about", "around", "roughly", "some"):
        slack += 0.1 * n
        bad += 0.1 * n
    if abs(actual - n) <= slack:
        return CONSISTENT, "≈"
    wrong = abs(actual - n) > slack + bad
    return (INCONSISTENT if wrong else UNVERIFIABLE), "≠" if wrong else "?"


def _spans(ctx: _Ctx) -> list[Relation]:
    """Order of each period's dates, and the length stated beside it."""
    out: list[Relation] = []
    if not any(q.type == "date" for q in ctx.atoms):
        return out
    periods = _periods(ctx)
    per_sentence: dict[int, int] = {}
    for _, b in periods:
        per_sentence[ctx.sent(b.start)] = per_sentence.get(ctx.sent(b.start), 0) + 1
    for a, b in periods:
        dates = _order(a, b)
        if dates is None:
            continue
        first, second = dates
        grain = _grain(a, b)
        if _earlier(first, second, grain):
            out.append(
                Relation(
                    a.start,
                    b.end,
                    INCONSISTENT,
                    "date_order",
                    f"ends {b.text} before it starts {a.text}",
                    (("start", a), ("end", b)),
                    {},
                )
            )
            continue
        si = ctx.sent(b.start)
        if per_sentence[si] != 1:
            continue
        lengths = _lengths(ctx, si)
        if len(lengths) != 1:
            continue
        m, n, unit = lengths[0]
        lo, hi = min(m.start(), a.start), max(m.end(), b.end)
        near = m.end() >= a.start - 50 and m.start() <= b.end + 50
        if not near or _BREAK.search(ctx.text, lo, hi):
            continue  # "… from July 6 to July 31, has told summers that it
            # will still pay them for 10 weeks"
        if "-" in m.group(0) and _NOT_A_PERIOD.match(ctx.text, m.end()):
            continue
        if _OF_OTHER.match(ctx.text, m.end()):
            continue
        days = (second - first).days
        if unit in _UNIT_DAYS:
            if grain != "year":
                actual, slack = days / 365.25, 0.6
            else:
                actual, slack = float(second.year - first.year), 1.0
            actual *= 365.25 / _UNIT_DAYS[unit]
            slack *= 365.25 / _UNIT_DAYS[unit]
            bad = max(0.9 * slack, 0.05 * n)
            shown = f"{second.year} - {first.year} = {second.year - first.year} years"
        elif unit == "month":
            if grain == "year":
                continue
            actual = (second.year - first.year) * 12 + second.month - first.month
            if grain == "day":
                actual += (second.day - first.day) / 30.4
            slack, bad = 1.0, max(1.0, 0.15 * n)
            shown = f"{a.text} to {b.text}: {actual:.0f} months"
        else:
            if grain != "day":
                continue
            per = 7.0 if unit == "week" else 1.0
            actual = days / per
            slack = 1.0
            bad = max(1.0, 0.15 * n)
            shown = f"{a.text} to {b.text}: {days} days" + (
                f" ({actual:.1f} weeks)" if per == 7.0 else ""
            )
        qual = " ".join((m.group("q") or "").lower().split())
        label, sym = _judge_length(actual, n, qual, slack, bad)
        out.append(
            Relation(
                m.start(),
                m.end(),
                label,
                "duration",
                f"{shown} {sym} {m.group(0).strip()}",
                (("start", a), ("end", b)),
                {},
            )
        )
    return out
