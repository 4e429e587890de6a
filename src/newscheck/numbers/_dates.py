"""Checks of years: ``date_order``, ``duration``, ``year_gap`` and ``age``."""

from __future__ import annotations

import itertools
import re
from typing import Any

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _fmt,
    _window,
)
from newscheck.numbers.extract import Quantity

_PERIOD_NOUN = re.compile(
    r"[\s-]+(?:long\s+)?(?:war|wars|conflict|period|span|closure|project|programme|"
    r"program|study|occupation|campaign|ban|siege|drought|strike|tenure|reign|rule|"
    r"career|effort|process|stint|delay|freeze|moratorium|shutdown|dispute|"
    r"investigation|trial|construction|journey|marriage|presidency|term)(?![\w])",
    re.I,
)
_LASTED_BEFORE = re.compile(
    r"(?<![\w])(?:lasted|lasting|lasts|last|spanned|spanning|took|for)\s+$", re.I
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_GAP_WORD = re.compile(
    r"\s*(?:years?\s+)?(?P<dir>later|after|before|earlier|on)\b", re.I
)
_START_CUE = re.compile(
    r"(?<![\w])(?:began|begun|started|opened|founded|launched|established|"
    r"built|broke\s+out|erupted|took\s+office|elected|created|signed|formed|"
    r"introduced|enacted|ratified|adopted|inaugurated|installed|appointed|"
    r"joined|took\s+hold|took\s+effect|came\s+into\s+force|"
    r"(?:its|the|their|his|her)\s+(?:founding|foundation|launch|opening|creation)|"
    r"set\s+up)(?:\s+(?!in\b)[a-z'’]+){0,3}?\s+(?:in\s+)?$",
    re.I,
)
_END_CUE = re.compile(
    r"(?<![\w])(?:(?:ended|ending|completed|finished|closed|concluded|shut|"
    r"wrapped\s+up|wound\s+up|came\s+to\s+an\s+end|"
    r"demolished|dissolved|left\s+office|stepped\s+down|retired|abandoned|"
    r"repealed|scrapped|replaced|torn\s+down|knocked\s+down|left|quit|resigned|"
    r"departed|handed\s+(?:it|\w+)\s+(?:over\s+)?to\s+[a-z\s]{0,20}?|sold\s+it)"
    r"(?![\w])[^.;]{0,30}?\s+in|(?:lasted|remained|continued|ran|stayed|"
    r"served|survived|endured|held)(?:\s+[a-z]+){0,2}?\s+(?:until|till))\s+$",
    re.I,
)
# after the end year of a span, the span in apposition: ", after 57 years of
# use", ", more than four decades", ", six years of work" (not "… later",
# "… ago", "… old")
_SPAN_APPOSITION = re.compile(
    r"\s*,\s*(?:after\s+|lasting\s+|spanning\s+|some\s+|a\s+(?:span|period|"
    r"stretch|wait|gap|total)\s+of\s+)?",
    re.I,
)
_SPAN_AFTER = re.compile(
    r"(?!\s+(?:later|ago|old|earlier|after|before|since|on|from|to|younger|older)"
    r"(?![\w]))(?:\s+(?:of|in)\s+[a-z]+|\s*(?:[.;,]|$))",
    re.I,
)
# the next sentence naming the span's length: "In total it took eight years."
_IT_TOOK = re.compile(
    r"(?<![\w])(?:it|this|that)\s+(?:took|lasted|spanned|had\s+taken|had\s+"
    r"lasted)\s+$",
    re.I,
)
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the|its)\s+", re.I)
_IN_YEAR = re.compile(r"(?<![\w])in\s+$", re.I)
_UNTIL_YEAR = re.compile(r"(?<![\w])(?:until|till)\s+$", re.I)
_SAME_SUBJECT = re.compile(r"\s*(?:It|They|He|She|This|That)\s")
_NOT_A_SPAN = frozenset(
    """low high lows highs record peak best worst old olds average mortgage
    mortgages bond bonds yield yields note notes contract deal lease loan plan
    sentence term history anniversary anniversaries plan plans agreement
    warranty treasury treasuries guarantee visa extension budget forecast
    outlook horizon window strategy cycle cycles rate rates""".split()
)
_PRONOUN_VERB = re.compile(
    r"\s+(?:it|they|he|she|we)\s+(?:was\s+|were\s+|had\s+(?:been\s+)?)?"
    r"([a-z]+(?:\s+(?:out|office))?)(?![\w])",
    re.I,
)
_DEFINITE_BEFORE = re.compile(
    r"(?<![\w])(?:the|this|that|those|these|its|their|his|her)\s+$", re.I
)
# "During those ten years": the span named in the sentence after it
_DURING_THOSE = re.compile(
    r"(?<![\w])(?:during|in|over|for|across)\s+(?:those|these|the)\s+$", re.I
)
_GENERIC_BEFORE = re.compile(
    r"(?<![\w])(?:over|in|within|for|during|across)\s+an?\s+$", re.I
)
_AFTER_EVENT = re.compile(
    r"\s+(?:(?:the|its|his|her|their|a|that|this|those|these)\s+)?([A-Za-z][\w-]*)"
)
_START_EVENT = re.compile(
    r"\s+(?:(?:the|its|his|her|their)\s+)?(?:founding|foundation|opening|launch|"
    r"creation|establishment|inauguration|start|beginning|taking\s+(?:office|charge|power)|"
    r"(?:being\s+|first\s+)?elected|signing)(?![\w])",
    re.I,
)
# "its 100th anniversary in 2020", "marks its centenary in 2021": the years
# since a start the text dates ("opened in 1912"); not "the 50th anniversary of
# the landing", whose start is another event
_ANNIVERSARY = re.compile(
    r"(?<![\w])(?:its|their|his|her|the\s+[a-z]+'s)\s+(?:(?P<n>\d{1,3})(?:st|nd|rd|th)"
    r"\s+(?:anniversary|birthday)|(?P<w>centenary|centennial|bicentenary|"
    r"bicentennial|sesquicentennial))\s*,?\s+(?:in|during)\s+$",
    re.I,
)
_ANNIVERSARY_AFTER = re.compile(
    r"(?<![\w])(?:its|their|his|her|the\s+[a-z]+'s)\s+(?:(?P<n>\d{1,3})(?:st|nd|rd|th)"
    r"\s+(?:anniversary|birthday)|(?P<w>centenary|centennial|bicentenary|"
    r"bicentennial|sesquicentennial))(?!\s*,?\s+(?:in|during)\s+\d)",
    re.I,
)
_ANNIVERSARY_WORD = {
    "centenary": 100,
    "centennial": 100,
    "bicentenary": 200,
    "bicentennial": 200,
    "sesquicentennial": 150,
}
_TIED_BEFORE = re.compile(r"\s*,?\s*(?:just\s+|only\s+|some\s+)?", re.I)
_TIED_AFTER = re.compile(r"\s*,?\s*(?:in|by)\s+", re.I)


# ------------------------------------------------------------------------ dates
def _ymd(q: Quantity) -> tuple[int, int, int] | None:
    y = q.extra.get("year")
    if y is None:
        return None
    return (int(y), int(q.extra.get("month", 0)), int(q.extra.get("day", 0)))


def _start_end_years(ctx: _Ctx) -> list[tuple[int, Quantity, Quantity, bool]]:
    """Years in the roles start and end by their verbs, in one sentence: "began
    in 2010 and was completed in 2014", "opened in 1987 … closed in 2015"."""
    out = []
    years = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    for a, b in itertools.pairwise(years):
        sa, sb = ctx.sent(a.start), ctx.sent(b.start)
        near = sa == sb and b.start - a.end <= 120
        # "won its first title in 1958 and did not win another until 2001"
        until = (
            near
            and _IN_YEAR.search(ctx.before(a, 6))
            and _UNTIL_YEAR.search(ctx.before(b, 10))
        )
        started = _START_CUE.search(ctx.before(a, 40))
        ended_here = near and _END_CUE.search(ctx.text, a.end, b.start)
        # "Work began in 2019. It was finished in 2016."
        ended_next = (
            sb == sa + 1
            and _SAME_SUBJECT.match(ctx.text, ctx.sent_span(sb)[0])
            and _END_CUE.search(ctx.before(b, 60))
            and not any(
                y.start < b.start and y.type == "date" and y.extra.get("year")
                for y in ctx.atoms_in(sb)
                if y is not b
            )
        )
        if until or (started and (ended_here or ended_next)):
            out.append((a.start, a, b, False))
    return out


def _event_matches(ctx: _Ctx, m: re.Match[str], refs: list[Quantity]) -> bool:
    """For "N years after <event>": whether <event> is named beside one of the
    *refs* ("40 years after its founding" / "founded in 1950"); "later" and
    "earlier" need no event."""
    if m.group("dir").lower() not in ("after", "before"):
        return True
    ev = _AFTER_EVENT.match(ctx.text, m.end())
    if not ev:
        return False
    stem = ev.group(1).lower()[:5]
    if any(stem in ctx.before(r, 40).lower() for r in refs):
        return True
    # "44 years after its founding", "18 years after taking office": a start
    # event, and a reference year a start verb dates ("opened in 1954")
    if _START_EVENT.match(ctx.text, m.end()) and any(
        _START_CUE.search(ctx.before(r, 40)) for r in refs
    ):
        return True
    # "88 years after it opened": the event is a start verb after a pronoun,
    # and a reference year is the one a start verb dates ("founded in 1921")
    verb = _PRONOUN_VERB.match(ctx.text, m.end())
    return bool(
        verb
        and _START_CUE.search(verb.group(1) + " ")
        and any(_START_CUE.search(ctx.before(r, 40)) for r in refs)
    )


def _span_noun(ctx: _Ctx, d: Quantity) -> bool:
    """Whether the word after a hyphenated span ("nine-year") is a noun it
    measures: not a record, an age, a bond or a plan ("a 20-year low")."""
    nxt = _NEXT_WORD.match(ctx.text, d.end)
    return bool(nxt) and nxt.group(1).lower() not in _NOT_A_SPAN  # type: ignore[union-attr]


def _is_apposition(ctx: _Ctx, end: Quantity, d: Quantity) -> bool:
    """Whether duration *d* ("three-year") names the span ending at *end* in
    apposition: "from 1984 to 1986, a three-year ordeal" (any noun but a
    record or an age: "a 20-year low", "a 30-year-old")."""
    if "-" not in d.text or not _APPOSITION.fullmatch(ctx.text, end.end, d.start):
        return False
    nxt = _NEXT_WORD.match(ctx.text, d.end)
    return bool(nxt) and nxt.group(1).lower() not in _NOT_A_SPAN  # type: ignore[union-attr]


def _dates(ctx: _Ctx) -> list[Relation]:
    out = []
    durations_at = ctx.by_sentence(ctx.durations)
    used_durations: set[int] = set()
    spans_of: list[tuple[int, Quantity, Quantity, bool]] = [
        (r.start, r.extra["_a"], r.extra["_b"], True)
        for r in ctx.qs
        if r.type == "range" and r.extra.get("of") == "date"
    ]
    spans_of += _start_end_years(ctx)
    for r_start, a, b, is_range in spans_of:
        da, db = _ymd(a), _ymd(b)
        if da is None or db is None:
            continue
        spans = (("start", a), ("end", b))
        ordered = da <= db
        if is_range:
            out.append(
                Relation(
                    r_start,
                    b.end,
                    CONSISTENT if ordered else INCONSISTENT,
                    "date_order",
                    f"{a.text} {'≤' if ordered else '>'} {b.text}",
                    spans,
                    {},
                )
            )
        if not ordered and not is_range and da[0] > db[0]:
            # "began in 2019 … finished in 2016": the end before the start
            out.append(
                Relation(
                    b.start,
                    b.end,
                    INCONSISTENT,
                    "date_order",
                    f"ends in {b.text}, before it starts in {a.text}",
                    spans,
                    {},
                )
            )
        if not ordered:
            continue
        months = bool(da[1] and db[1])
        years = (db[0] - da[0]) + ((db[1] - da[1]) / 12 if months else 0)
        si = ctx.sent(b.start)
        checked = False
        for d in _window(durations_at, si, si + 1):
            if d.start in used_durations or d.start < b.end:
                continue
            if _GAP_WORD.match(ctx.text, d.end):
                continue  # "ten years later" is a gap, not this span
            head = ctx.text[max(0, d.start - 12) : d.start]
            it_took = bool(
                ctx.sent(d.start) == si + 1
                and _IT_TOOK.search(ctx.before(d, 20))
                and _SPAN_AFTER.match(ctx.text, d.end)
            )
            if checked and not it_took:
                continue  # one span per sentence, and "it took …" after it
            named_span = (
                _DEFINITE_BEFORE.search(head)
                and (
                    _PERIOD_NOUN.match(ctx.text, d.end)
                    # "the nine-year excavation": any noun but a record or an age
                    or ("-" in d.text and _span_noun(ctx, d))
                )
            ) or bool(_DURING_THOSE.search(ctx.before(d, 20)))
            if ctx.sent(d.start) != si and not it_took and not named_span:
                continue  # a later sentence names this span as "the N-year war"
            if _GENERIC_BEFORE.search(head):
                continue  # "over a 100-year period": a measure, not this span
            if not (
                it_took
                or named_span
                or _PERIOD_NOUN.match(ctx.text, d.end)
                or _is_apposition(ctx, b, d)
                or (
                    _SPAN_APPOSITION.fullmatch(ctx.text, b.end, d.start)
                    and _SPAN_AFTER.match(ctx.text, d.end)
                )
                or _LASTED_BEFORE.search(ctx.text[max(0, d.start - 12) : d.start])
                or _LASTED_BEFORE.search(ctx.before(d, 40).rsplit(",", 1)[-1][-40:])
            ):
                continue  # "a 67-year-old", "a 20-year low": not this span
            if d.value is None:
                continue
            checked = True
            used_durations.add(d.start)
            slack = 0.25 if months else 1.0
            n = d.value
            q = d.qualifier
            if d.extra.get("decades") and q in ("exact", "approx"):
                # "four decades": 35 to 45 years; "a decade": 8 to 12
                slack = 5.0 if n >= 20 else 2.0
            if q in ("over", "at_least"):
                ok, bad = years >= n - slack, years < n - slack - 1
            elif q == "nearly":
                # "nearly three decades" is not 18 years; "from 1992 to 1996,
                # nearly two years": at least three
                ok = 0.8 * n - slack <= years <= n + slack
                bad = years - slack > n + 0.5 or years < 0.7 * n - slack - 1
            elif q in ("under", "at_most"):
                ok, bad = years <= n + slack, years > n + slack + 1
            else:
                ok, bad = abs(years - n) <= slack, abs(years - n) > slack + 0.5
            label = CONSISTENT if ok else INCONSISTENT if bad else UNVERIFIABLE
            out.append(
                Relation(
                    d.start,
                    d.end,
                    label,
                    "duration",
                    f"{b.text} - {a.text} = {years:.2f} years "
                    f"{'≈' if ok else '≠' if bad else '?'} {_fmt(n)} ({d.text})",
                    (*spans, ("duration", d)),
                    {"years": round(years, 3)},
                )
            )
    # "In 2008, ten years after its founding" against the year before it
    years_q = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    years_at = ctx.by_sentence(years_q)
    in_ranges = {
        id(x)
        for r in ctx.qs
        if r.type == "range"
        for x in (r.extra.get("_a"), r.extra.get("_b"))
    }
    for d in ctx.durations:
        m = _GAP_WORD.match(ctx.text, d.end)
        if not m or d.value is None:
            continue
        if m.group("dir").lower() == "on" and not _ON_AS_LATER.match(ctx.text, m.end()):
            continue  # "two years on the job"; not "60 years on, it is …"
        si = ctx.sent(d.start)
        here = [y for y in _window(years_at, si, si) if id(y) not in in_ranges]
        # the year the gap dates: right before it ("closed in 2015, 35 years
        # later") or right after it ("20 years later, in 2005")
        tied = [
            y
            for y in here
            if (y.end <= d.start and _TIED_BEFORE.fullmatch(ctx.text, y.end, d.start))
            or (
                y.start >= m.end() and _TIED_AFTER.fullmatch(ctx.text, m.end(), y.start)
            )
        ]
        if tied:
            y = tied[0]
        elif len(here) == 1:
            y = here[0]
        else:
            continue
        refs = [
            x
            for x in _window(years_at, si - 2, si)
            if x.start < min(y.start, d.start)
            and x.extra["year"] != y.extra["year"]
            and x is not y
        ]
        named = _event_year(ctx, m, here)
        if named is not None and named is not y:
            refs = [named]  # "eleven years after its founding in 1979"
        if not refs:
            continue
        later = m.group("dir").lower() in ("later", "after", "on")
        n = d.value
        gaps = [
            (y.extra["year"] - x.extra["year"]) * (1 if later else -1) for x in refs
        ]
        best = min(range(len(refs)), key=lambda i: abs(gaps[i] - n))
        ref, gap = refs[best], gaps[best]
        dev = abs(gap - n)
        near = [i for i, x in enumerate(refs) if ctx.sent(x.start) >= si - 1]
        fits, wrong = _gap_fits(gap, n, d)
        if fits:
            label = CONSISTENT
        elif (
            wrong
            and gap > 0
            and (tied or named is not None or m.group("dir").lower() == "after")
            and near
            and (named is not None or _event_matches(ctx, m, [refs[i] for i in near]))
        ):
            # a year tied to the gap ("in 2015, 35 years later") and no year
            # before it that gives the gap stated
            label = INCONSISTENT
        else:
            label = UNVERIFIABLE
        if later:
            arith = f"{y.extra['year']} - {ref.extra['year']} = {gap}"
        else:
            arith = f"{ref.extra['year']} - {y.extra['year']} = {gap}"
        sym = "=" if dev == 0 else "≈" if label == CONSISTENT else "≠"
        out.append(
            Relation(
                d.start,
                m.end(),
                label,
                "year_gap",
                f"{arith} {sym} {_fmt(n)} ({d.text} {m.group('dir')})",
                (("year", y), ("reference", ref), ("gap", d)),
                {},
            )
        )
    return out + _anniversaries(ctx, years_q, years_at)


_ON_AS_LATER = re.compile(
    r"\s*(?:[,;.]|\s(?:it|they|he|she|the\s+[a-z]+)\s+(?:is|are|was|were|has|have|"
    r"remains?|stands?))",
    re.I,
)


def _event_year(ctx: _Ctx, m: re.Match[str], here: list[Quantity]) -> Quantity | None:
    """The year dated right after the event of "N years after <event>": "after
    its founding in 1979"."""
    if m.group("dir").lower() not in ("after", "before"):
        return None
    ev = _AFTER_EVENT.match(ctx.text, m.end())
    if not ev:
        return None
    for y in here:
        if _TIED_AFTER.fullmatch(ctx.text, ev.end(), y.start):
            return y
    return None


def _gap_fits(gap: float, n: float, d: Quantity) -> tuple[bool, bool]:
    """(fits, clearly wrong) for a gap of *gap* years stated as *d* (*n*
    years): "more than a century later" fits 106 and not 76; "nearly 40
    years" fits 36 and not 44; "four decades" is a round figure."""
    q = d.qualifier
    dev = abs(gap - n)
    if q in ("over", "at_least"):
        return gap >= n, gap < n - max(2.0, 0.1 * n)
    if q in ("nearly", "under", "at_most"):
        return 0.8 * n - 1 <= gap <= n, gap > n + 1 or gap < 0.7 * n - 1
    if d.extra.get("decades") or q == "approx":
        return dev <= max(1.0, 0.1 * n), dev >= max(2.0, 0.2 * n)
    return dev == 0, dev >= 2


def _anniversaries(
    ctx: _Ctx, years: list[Quantity], years_at: dict[int, list[tuple[int, Any]]]
) -> list[Relation]:
    """ "opened in 1912 … its 100th anniversary in 2020": the anniversary's
    year less the one start year before it (its sentence or the two before)."""
    out: list[Relation] = []
    if "anniversary" not in ctx.text and "centen" not in ctx.text:
        return out
    found: list[tuple[Quantity, int, str, int]] = []
    for y in years:
        am = _ANNIVERSARY.search(ctx.before(y, 60))
        if am:
            n = (
                int(am.group("n"))
                if am.group("n")
                else _ANNIVERSARY_WORD[am.group("w").lower()]
            )
            shown = f"{am.group(0).strip()} {y.text}"
            found.append((y, n, shown, y.start - len(am.group(0))))
    for am in _ANNIVERSARY_AFTER.finditer(ctx.text):
        # "This autumn, in 2024, it marks its 150th anniversary": the one year
        # of its sentence before it, not a start year
        si = ctx.sent(am.start())
        before = [
            y
            for y in _window(years_at, si, si)
            if y.end <= am.start() and not _START_CUE.search(ctx.before(y, 40))
        ]
        if len(before) == 1 and not any(f[0] is before[0] for f in found):
            n = (
                int(am.group("n"))
                if am.group("n")
                else _ANNIVERSARY_WORD[am.group("w").lower()]
            )
            shown = f"{before[0].text} … {am.group(0).strip()}"
            found.append((before[0], n, shown, before[0].start))
    for y, n, phrase, limit in found:
        si = ctx.sent(y.start)
        starts = [
            x
            for x in _window(years_at, si - 2, si)
            if x.start < limit and _START_CUE.search(ctx.before(x, 40))
        ] or [
            # "marked its 50th anniversary in 2019. It was founded in 1973"
            x
            for x in _window(years_at, si, si + 1)
            if x.start > y.end and _START_CUE.search(ctx.before(x, 40))
        ]
        if len(starts) != 1:
            continue
        x = starts[0]
        gap = int(y.extra["year"]) - int(x.extra["year"])
        dev = abs(gap - n)
        label = CONSISTENT if dev == 0 else INCONSISTENT if dev >= 2 else UNVERIFIABLE
        sym = "=" if dev == 0 else "≠" if label == INCONSISTENT else "?"
        out.append(
            Relation(
                y.start,
                y.end,
                label,
                "year_gap",
                f"{y.extra['year']} - {x.extra['year']} = {gap} {sym} {n} ({phrase})",
                (("year", y), ("reference", x)),
                {},
            )
        )
    return out


_BORN = re.compile(
    r"(?<![\w])born\s+(?:in\s+|on\s+)?(?:[A-Za-z]+\s+\d{1,2},?\s+)?$", re.I
)
_AGE_BEFORE = re.compile(
    r"(?<![\w])(?:was|were|is|aged|age|age\s+of|turned|turning|at|then)\s+"
    r"(?:just\s+|only\s+|barely\s+|still\s+)?$",
    re.I,
)
_OTHER_CLAUSE_GAP = re.compile(r"[,;]\s*(?:and|but|while|whereas)\s", re.I)
_AGE_AFTER = re.compile(
    r"(?:\s+years?\s+old|\s+years?\s+of\s+age)?\s*(?:,|when|as|in|and|[.;]|$)",
    re.I,
)


_YEAR_THEN_AGE = re.compile(
    r"\s*,?\s*(?:(?:at|aged)\s+(?:the\s+age\s+of\s+)?|(?:when\s+)?(?:he|she|they|it|i|we)"
    r"\s+(?:was|were|turned)\s+)(?:just\s+|only\s+|barely\s+|still\s+)?",
    re.I,
)


def _ages(ctx: _Ctx) -> list[Relation]:
    """An age against the years it spans: "Born in 1950, she was 62 when she
    won in 2008" (2008 - 1950 = 58: 57 or 58, not 62)."""
    out: list[Relation] = []
    if "born" not in ctx.text and "Born" not in ctx.text:
        return out
    years = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    years_at = ctx.by_sentence(years)
    counts_at = ctx.by_sentence(
        [q for q in ctx.figures if q.type == "count" and q.noun in (None, "years")]
    )
    for y1 in years:
        if not _BORN.search(ctx.before(y1, 30)):
            continue
        si = ctx.sent(y1.start)
        # the age in the birth year's sentence, the next, or the one before
        # ("… died in 2003 at the age of 80. He had been born in 1930")
        for a in _window(counts_at, si - 1, si + 1):
            if (
                a.value is None
                or not 1 <= a.value <= 120
                or a.qualifier != "exact"
                or not _AGE_BEFORE.search(ctx.before(a, 12))
                or not _AGE_AFTER.match(ctx.text, a.end)
            ):
                continue
            sa = ctx.sent(a.start)
            others = [
                y
                for y in _window(years_at, sa, sa)
                if y is not y1
                and y.extra["year"] > y1.extra["year"]
                # the year of the event the age is given at: after it ("was 62
                # when she won … in 2008") or right before it ("In 2008, at 58")
                and (
                    (
                        0 < y.start - a.end <= 80
                        and ";" not in ctx.text[a.end : y.start]
                        and not _OTHER_CLAUSE_GAP.search(ctx.text, a.end, y.start)
                    )
                    or bool(_YEAR_THEN_AGE.fullmatch(ctx.text, y.end, a.start))
                )
            ]
            if len(others) != 1:
                continue
            y2 = others[0]
            gap = int(y2.extra["year"]) - int(y1.extra["year"])
            n = int(a.value)
            if gap - 1 <= n <= gap:
                label, verb = CONSISTENT, "agrees with"
            elif n > gap + 1 or n < gap - 2:
                label, verb = INCONSISTENT, "not"
            else:
                label, verb = UNVERIFIABLE, "?"
            out.append(
                Relation(
                    a.start,
                    a.end,
                    label,
                    "age",
                    f"{y2.extra['year']} - {y1.extra['year']} = {gap}: aged "
                    f"{gap - 1} or {gap}, {verb} {n}",
                    (("born", y1), ("year", y2), ("age", a)),
                    {"gap": gap},
                )
            )
            break
    return out
