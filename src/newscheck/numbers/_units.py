"""Checks of one amount restated: ``conversion`` between currencies or units,
a ``fraction`` of a whole restated as a count, and ``part_whole`` /
``part_percent``.

Why one module of about 750 lines: a fraction, a part's share and a
part-and-whole pair are one reading of a part against its whole (the same
fraction words, "of them" and restatement cues serve all three), and a
bracketed conversion is the same "the amount, restated" apposition; split,
each would import the others' cue tables. The next split, if it grows, is the
fraction readings into a module of their own.
"""

from __future__ import annotations

import bisect
import itertools
import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _compatible,
    _Ctx,
    _delta,
    _fmt,
    _window,
)
from newscheck.numbers.extract import Quantity, noun_key, qualifier_of

_PART_OF = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+|his\s+|"
    r"her\s+|all\s+)?(?:(?:the\s+)?[A-Za-z]+(?:'s|’s)\s+)?$",
    re.I,
)
_OF_THE_START = re.compile(
    r"\s*(?:[Oo]f|[Aa]mong|[Oo]ut\s+of)\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+)?"
)
_PCT_AFTER_PART = re.compile(
    r"^[^.;!?]{0,60}?(?:,\s*or\s+|\s+or\s+|\s*\(\s*|,\s+"
    # "…, a survival rate of 90 percent", "…, a 60% success rate"
    r"|,\s+(?:a|an|the)\s+(?:[a-z]+\s+){0,2}(?:rate|share|proportion)\s+of\s+"
    r"|,\s+(?:a|an)\s+|\s*[—–]\s*|\s+-\s+)$"
)
# the share in a sentence after the part and its whole: "That is 22 per
# cent.", "The mayor called the 65% majority …"
_SHARE_NEXT = re.compile(
    r"\s*(?:That|This|It)(?:\s+is|\s+was|'s|’s)?\s+(?:about\s+|roughly\s+|"
    r"nearly\s+|some\s+|just\s+|almost\s+)?$|(?<![\w])the\s+$",
    re.I,
)
# A fraction in words ("two thirds", "a quarter", "half"), the qualifier that
# may come before it, and "one in five": pieces of the patterns below, whose
# groups _fraction_of reads.
_FRACTION_WORDS = (
    r"(?P<num>a|one|two|three|four|nine)[\s-]+(?P<den>half|thirds?|quarters?|"
    r"fifths?|tenths?)|(?P<half>half)"
)
_ONE_IN_N = r"one\s+in\s+(?P<in>two|three|four|five|six|ten|\d{1,2})"
_FRACTION_QUAL = (
    r"(?:(?P<q>nearly|almost|about|around|roughly|some|more\s+than|over|"
    r"just\s+over|just\s+under|less\s+than|under)\s+)?"
)
# "…, about a third of the total": the share said as a fraction
_FRACTION_AFTER_PART = re.compile(
    rf"[^.;!?\d]{{0,40}}?,\s*(?:or\s+)?{_FRACTION_QUAL}(?:{_FRACTION_WORDS})"
    r"\s+of(?![\w])",
    re.I,
)
_OF_THEM_AFTER = re.compile(r"\s+(?:out\s+)?of\s+(?:them|those|these)(?![\w])", re.I)
_OF_THEM_START = re.compile(r"\s*(?:Of|Among)\s+(?:them|those|these)\s*,\s*")
_CONV_OPEN = re.compile(
    r"(?:[\s-]*[A-Za-z]+(?:/[A-Za-z]+)?){0,4}\s*[(\[]\s*"
    r"(?:or\s+|about\s+|around\s+|roughly\s+|some\s+)?"
)
_CONV_CLOSE = re.compile(r"(?:\s*[A-Za-z]+){0,2}\s*[)\]]")
_TIME_UNITS = frozenset("second minute hour day week month year decade century".split())


def _part_whole(ctx: _Ctx) -> list[Relation]:
    out = []
    counts = [q for q in ctx.figures if q.type == "count" and q.noun != "years"]
    atom_starts = [q.start for q in ctx.atoms]
    pairs: list[tuple[Quantity, Quantity]] = []
    for i, w in enumerate(counts):
        part = None
        # "30 of the 200 bridges", "450 out of 1,500 applicants"
        if i > 0:
            p = counts[i - 1]
            if ctx.sent(p.start) == ctx.sent(w.start) and _PART_OF.fullmatch(
                ctx.text[p.end : w.start]
            ):
                part = p
        # "Of the 80 patients treated, 60 recovered"
        si = ctx.sent(w.start)
        if (
            part is None
            and w.noun
            and _OF_THE_START.fullmatch(ctx.text, ctx.sent_span(si)[0], w.start)
        ):
            for k in range(i + 1, len(counts)):
                q = counts[k]
                if q.start - w.end >= 80:
                    break  # (in text order: so are all after it)
                if (
                    ctx.sent(q.start) == si
                    # "Of its 8,000 employees, the company said, 2,000 …"
                    and 1 <= ctx.text.count(",", w.end, q.start) <= 2
                    and (q.noun is None or _compatible(q.noun, w.noun))
                ):
                    part = q
                    break
        if part is not None:
            pairs.append((part, w))
    # "… treated 80 patients. Of those, 95 recovered" / "They found 30 of them …"
    counts_at = ctx.by_sentence(counts)
    for p in counts:
        si = ctx.sent(p.start)
        if si == 0 or not (
            _OF_THEM_AFTER.match(ctx.text, p.end)
            or _OF_THEM_START.fullmatch(ctx.text, ctx.sent_span(si)[0], p.start)
        ):
            continue
        # "of those": the count named just before it, in its sentence or else
        # the only one of the sentence before
        here = [q for q in _window(counts_at, si, si) if q.noun and q.end <= p.start]
        prev = (
            [q for q in _window(counts_at, si - 1, si - 1) if q.noun]
            if not here
            else []
        )
        whole = here[-1] if here else prev[0] if len(prev) == 1 else None
        if (
            whole is not None
            and whole.value is not None
            and whole.value >= 10
            and whole.qualifier == "exact"
            and noun_key(whole.noun) not in _TIME_UNITS
            and _delta(ctx, whole) is None
        ):
            pairs.append((p, whole))
    for part, w in pairs:
        if part.value is None or w.value is None:
            continue
        if part.value > w.value and (
            _THOUSANDS_DOT.fullmatch(w.text) or ctx.text.startswith("-", w.end)
        ):
            continue  # "26 of 3.142 counties" (a dot for thousands), "of 20- to 34-"
        if part.value <= w.value:
            label, sym = CONSISTENT, "≤"
        else:
            label, sym = INCONSISTENT, ">"
        s, e = min(part.start, w.start), max(part.end, w.end)
        out.append(
            Relation(
                s,
                e,
                label,
                "part_whole",
                f"part {_fmt(part.value)} {sym} whole {_fmt(w.value)}",
                (("part", part), ("whole", w)),
                {},
            )
        )
        # "…, or 15%" right after
        after_end = ctx.sent_span(ctx.sent(max(part.end, w.end)))[1]
        pct = None
        lo = max(part.end, w.end)
        for k in range(bisect.bisect_right(atom_starts, lo), len(ctx.atoms)):
            q = ctx.atoms[k]
            if q.start >= after_end:
                break  # (atoms are in text order)
            if (
                q.type == "percent"
                and (
                    not q.extra.get("of")
                    or q.noun in ("total", "all")
                    or _compatible(q.noun, w.noun)
                    # "45 of its 300 branches — 25 per cent of the network —"
                    or ctx.text[lo : q.start].rstrip().endswith(("—", "–", " -"))
                )
                and _PCT_AFTER_PART.match(ctx.text[lo : q.start])
            ):
                pct = q
                break
        stated_as = ""
        if pct is None:
            pct = _share_next(ctx, max(part.end, w.end))
        if pct is None:
            fm = _FRACTION_AFTER_PART.match(ctx.text, lo, after_end)
            if fm is not None:
                frac = _fraction_of(fm)
                pct = Quantity(
                    fm.start("num") if fm.group("num") else fm.start("half"),
                    fm.end(),
                    fm.group().split(",", 1)[-1].strip(),
                    "percent",
                    value=round(frac * 100, 1),
                    unit="%",
                    qualifier=qualifier_of(fm.group("q"))
                    if fm.group("q")
                    else "approx",
                )
                stated_as = f" ({pct.text})"
        if pct is None or pct.value is None or not w.value:
            continue
        share = part.value / w.value * 100
        diff = abs(share - pct.value)
        tol = 1.0 if pct.qualifier == "exact" else 2.5
        if stated_as:
            tol = max(3.0, 0.12 * pct.value)  # "a third" for 30%: rounding
        if diff <= tol:
            label, sym = CONSISTENT, "≈"
        elif (diff > tol + 2 and diff > 0.1 * pct.value) or (
            # "about 12 percent" for 8%: a third off is more than "about"
            pct.qualifier != "exact" and diff > max(tol, 0.25 * pct.value)
        ):
            label, sym = INCONSISTENT, "≠"
        else:
            label, sym = UNVERIFIABLE, "?"
        out.append(
            Relation(
                pct.start,
                pct.end,
                label,
                "part_percent",
                f"{_fmt(part.value)} / {_fmt(w.value)} = {share:.1f}% {sym} "
                f"{_fmt(pct.value)}%{stated_as}",
                (("part", part), ("whole", w), ("percent", pct)),
                {"share": round(share, 3)},
            )
        )
    return out


# Units of a currency per US dollar, roughly; a stated conversion is flagged
# only when its rate is outside a factor of _RATE_BAND of these (rates move,
# but not that far).
_PER_USD = {
    "USD": 1.0,
    "GBP": 0.75,
    "EUR": 0.9,
    "JPY": 120.0,
    "INR": 70.0,
    "CNY": 6.8,
    "CAD": 1.3,
    "AUD": 1.4,
    "NZD": 1.5,
    "HKD": 7.8,
}
_RATE_BAND = 2.5
_UNIT_NAMES = {
    "mile": "mi",
    "mi": "mi",
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "kg": "kg",
    "kilogram": "kg",
    "kilo": "kg",
    "lb": "lb",
    "foot": "ft",
    "feet": "ft",
    "ft": "ft",
    "metre": "m",
    "meter": "m",
    "acre": "acre",
    "hectare": "ha",
    "ha": "ha",
    "tonne": "t",
    "yard": "yd",
    "yd": "yd",
    "mph": "mph",
    "kph": "kmh",
    "litre": "l",
    "liter": "l",
    "gallon": "gal",
    "centimetre": "cm",
    "centimeter": "cm",
    "cm": "cm",
    "inch": "in",
    "inche": "in",
    "pound": "lb",
}
# Units of the second per unit of the first.
_UNIT_FACTORS = {
    ("mi", "km"): 1.609344,
    ("kg", "lb"): 2.204623,
    ("ft", "m"): 0.3048,
    ("acre", "ha"): 0.404686,
    ("t", "lb"): 2204.62,
    ("yd", "m"): 0.9144,
    ("kmh", "mph"): 0.621371,
    ("m3", "ft3"): 35.3147,
    ("l", "gal"): 0.24,  # between the US (0.264) and imperial (0.22) gallon
    ("cm", "in"): 0.393701,
}
# "120 km/h", "1.2 billion cubic metres": a unit the counted noun alone misses
_SPEED_AFTER = re.compile(r"\s*km\s*/\s*h|\s*km\s+(?:an|per)\s+hour", re.I)
_CUBIC_AFTER = re.compile(r"\s+cubic\s+(?P<u>met|feet|foot)", re.I)


def _unit(ctx: _Ctx, q: Quantity) -> str | None:
    if q.type != "count" or not q.noun:
        return None
    if _SPEED_AFTER.match(ctx.text, q.end):
        return "kmh"
    cubic = _CUBIC_AFTER.match(ctx.text, q.end)
    if cubic:
        return "m3" if cubic.group("u").lower() == "met" else "ft3"
    return _UNIT_NAMES.get(noun_key(q.noun) or "") or _UNIT_NAMES.get(q.noun)


def _conversions(ctx: _Ctx) -> list[Relation]:
    """A figure restated in another currency or unit in brackets: "$5.6bn
    (£3.5bn)", "10 miles (16 km)"; flagged only at a rate no market or
    rounding explains."""
    out = []
    for a, b in itertools.pairwise(ctx.figures):
        if (
            a.value is None
            or b.value is None
            or a.value <= 0
            or b.value <= 0
            or (  # (a cheap test first)
                ctx.text.find("(", a.end, b.start) < 0
                and ctx.text.find("[", a.end, b.start) < 0
            )
            or not _CONV_OPEN.fullmatch(ctx.text, a.end, b.start)
            or not _CONV_CLOSE.match(ctx.text, b.end)
        ):
            continue
        rate = b.value / a.value
        if a.type == "money" and b.type == "money":
            ra, rb = _PER_USD.get(a.unit or ""), _PER_USD.get(b.unit or "")
            if ra is None or rb is None or a.unit == b.unit:
                continue
            nominal = rb / ra
            lo, hi = nominal / _RATE_BAND, nominal * _RATE_BAND
            what = f"{b.unit} per {a.unit}"
        else:
            ua, ub = _unit(ctx, a), _unit(ctx, b)
            if ua is None or ub is None or ua == ub:
                continue
            if (ua, ub) in _UNIT_FACTORS:
                nominal = _UNIT_FACTORS[(ua, ub)]
            elif (ub, ua) in _UNIT_FACTORS:
                nominal = 1 / _UNIT_FACTORS[(ub, ua)]
            else:
                continue
            lo, hi = nominal * 0.75, nominal * 1.33
            what = f"{ub} per {ua}"
        if lo <= rate <= hi:
            label, verb = CONSISTENT, "within"
        else:
            label, verb = INCONSISTENT, "outside"
        arith = (
            f"{_fmt(b.value)} / {_fmt(a.value)} = {rate:.3g} {what}, {verb} "
            f"{lo:.3g}-{hi:.3g} (about {nominal:.3g})"
        )
        out.append(
            Relation(
                a.start,
                min(len(ctx.text), b.end + 1),
                label,
                "conversion",
                arith,
                (("amount", a), ("converted", b)),
                {"rate": round(rate, 6)},
            )
        )
    return out + _glued_conversions(ctx)


# "40C (104F)": temperatures, whose scales differ by an offset as well
_GLUED_UNIT = r"(?:kg|lbs?|km|mi|miles?|ft|m|°?C|°?F)"
_GLUED = re.compile(
    rf"(?<![\w.,])(?P<a>\d[\d,]*(?:\.\d+)?)(?P<sa>\s?|-)(?P<ua>{_GLUED_UNIT})\s*\(\s*"
    rf"(?P<b>\d[\d,]*(?:\.\d+)?)(?P<sb>\s?)(?P<ub>{_GLUED_UNIT})\s*\)"
)
_GLUED_NAMES = {"lbs": "lb", "mile": "mi", "miles": "mi"}


def _glued_conversions(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    if not any(q.noun in ("c", "f") for q in ctx.figures):
        return out
    for m in _GLUED.finditer(ctx.text):
        ua = m.group("ua").lstrip("°")
        ub = m.group("ub").lstrip("°")
        if {ua, ub} != {"C", "F"}:
            continue  # other units are read with the other figures
        ua, ub = _GLUED_NAMES.get(ua, ua), _GLUED_NAMES.get(ub, ub)
        a = float(m.group("a").replace(",", ""))
        b = float(m.group("b").replace(",", ""))
        if {ua, ub} == {"C", "F"}:
            want = a * 9 / 5 + 32 if ua == "C" else (a - 32) * 5 / 9
            ok = abs(b - want) <= max(2.0, 0.05 * abs(want))
            arith = f"{_fmt(a)}{ua} = {want:.0f}{ub}"
        elif (ua, ub) in _UNIT_FACTORS or (ub, ua) in _UNIT_FACTORS:
            f = _UNIT_FACTORS.get((ua, ub)) or 1 / _UNIT_FACTORS[(ub, ua)]
            want = a * f
            ok = bool(a) and 0.75 <= b / want <= 1.33
            arith = f"{_fmt(a)} {ua} = {want:.3g} {ub}"
        else:
            continue
        out.append(
            Relation(
                m.start(),
                m.end(),
                CONSISTENT if ok else INCONSISTENT,
                "conversion",
                f"{arith}, {'about' if ok else 'not'} {_fmt(b)} {ub}",
                (),
                {},
            )
        )
    return out


_FRACTION_WORD = {
    "half": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_IN_N = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
# "two thirds of the 90 members", "a quarter of its 200 staff", "one in five of
# the 2,000 …", "half the 300 workers", "nearly half of …": the fraction just
# before a whole
_FRACTION_OF = re.compile(
    rf"(?<![\w-]){_FRACTION_QUAL}(?:{_FRACTION_WORDS}|{_ONE_IN_N})"
    r"\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|all\s+|those\s+)?"
    # "half of the town's 8,000 households"
    r"(?:(?:the\s+)?[A-Za-z]+(?:'s|’s)\s+)?$",
    re.I,
)
# "A fifth of them, 15 players": the whole is the figure before
_FRACTION_OF_THEM = re.compile(
    rf"(?<![\w-]){_FRACTION_QUAL}(?:{_FRACTION_WORDS}|{_ONE_IN_N})"
    r"\s+of\s+(?:them|those|these)\s*,\s*(?:or\s+)?$",
    re.I,
)
# after the whole's noun phrase: ", or 70", ", 40 people,", " (70)", " — 150 —"
_FRACTION_PART = re.compile(
    r"[^\d.;:!?,()—–]{0,40}?(?:,|\(|—|–|\s-)\s*(?:or\s+|some\s+|about\s+|"
    r"roughly\s+|around\s+|nearly\s+|almost\s+)?"
)


# a count that is the top of a ratio written with a slash: "7/192"
_RATIO_SLASH = re.compile(r"\s*/\s*\d")


def _fraction_of(m: re.Match[str]) -> float:
    if m.group("half"):
        return 0.5
    if m.groupdict().get("in"):
        n = m.group("in").lower()
        return 1 / (int(n) if n.isdigit() else _IN_N[n])
    num = _SMALL[m.group("num").lower()]
    return num / _FRACTION_WORD[m.group("den").lower()]


def _fractions(ctx: _Ctx) -> list[Relation]:
    """A fraction of a whole restated as a count: "two thirds of the 90
    members, or 60", "a quarter of its 200 staff, 50 people"."""
    out = []
    counts = [
        q
        for q in ctx.figures
        if q.type == "count"
        and q.noun != "years"
        and not _ONE_IN.search(ctx.before(q, 10))  # the ten of "one in ten"
    ]
    pct_by_end = {
        q.end: q
        for q in ctx.atoms
        if q.type == "percent" and q.unit == "%" and q.value is not None
    }
    out += _fraction_restated_next(ctx, counts)
    adjacent = list(itertools.pairwise(counts))
    seen = {(id(w), id(k)) for w, k in adjacent}
    pairs = adjacent + [
        (w, k) for w, k in _of_them_pairs(ctx, counts) if (id(w), id(k)) not in seen
    ]
    for w, k in pairs:
        them = ctx.sent(w.start) != ctx.sent(k.start)
        if (
            w.value is None
            or k.value is None
            or not w.value
            or w.qualifier != "exact"
            or (
                not them
                and (
                    ctx.sent(w.start) != ctx.sent(k.start)
                    or not (
                        _FRACTION_PART.fullmatch(ctx.text, w.end, k.start)
                        or _FRACTION_BETWEEN.fullmatch(ctx.text, w.end, k.start)
                    )
                )
            )
        ):
            continue
        # "sixty percent of the 500 nurses, some 300": a percentage as the
        # fraction
        m_pct = _OF_WHOLE_BACK.search(ctx.text, max(0, w.start - 20), w.start)
        pct = pct_by_end.get(m_pct.start()) if m_pct else None
        m = _FRACTION_OF_THEM.search(ctx.before(k, 45)) if them else None
        # "Of the village's 300 households, one in ten, about 60, …"
        between = (
            None if them else _FRACTION_BETWEEN.fullmatch(ctx.text, w.end, k.start)
        )
        if between is not None:
            m = between
        if m is None and them:
            # "employs 2,000 people. It will cut 15% of its staff, or 450 jobs"
            pct = _percent_of_them(ctx, w, k)
            if pct is None:
                continue
        if pct is None and m is None and not them:
            if "half" not in ctx.text[
                max(0, w.start - 40) : w.start
            ].lower() and not _FRACTION_HINT.search(
                ctx.text, max(0, w.start - 40), w.start
            ):
                continue
            m = _FRACTION_OF.search(ctx.before(w, 45))
            if m is None:
                continue
        if (
            k.noun
            and not them
            and not (
                _compatible(k.noun, w.noun)
                or noun_key(k.noun) in ("people", "person", "member", "individual")
                # "two thirds of the 96 councillors, 64 in all": the same group
                or _IN_ALL_AFTER.match(ctx.text, k.end)
                # "three fifths of the 100 senators, 45 votes, in favour": the
                # count set right beside the whole's noun
                or _APPOSED.fullmatch(ctx.text, w.end, k.start)
            )
        ):
            continue
        if (
            _OF_THEM_AFTER.match(ctx.text, k.end)
            or _PART_OF.match(ctx.text[k.end : k.end + 12])
            or _RATIO_SLASH.match(ctx.text, k.end)
        ):
            continue  # "half of the 300 staff, 20 of them managers"; "7/192"
        if m is not None:
            frac = _fraction_of(m)
            qual = m.group("q")
            qual = qualifier_of(qual) if qual else ""
            phrase = m.group().strip().strip(",").strip()
            if them:
                phrase = f"{phrase}, of"
            if between is not None:
                phrase = f"{m.group('frac')} of"
        else:
            assert pct is not None and pct.value is not None
            frac, qual = (
                pct.value / 100,
                "" if pct.qualifier == "exact" else pct.qualifier,
            )
            phrase = f"{pct.text} of"
        share = k.value / w.value
        qual = qual or ("exact" if k.qualifier == "exact" else "approx")
        diff = share - frac
        if qual in ("over", "at_least"):
            ok, bad = diff >= -0.01, diff < -max(0.04, 0.15 * frac)
        elif qual in ("under", "at_most", "nearly"):
            # "nearly half of 900, some 310" is a third, not nearly half
            ok = -max(0.1, 0.2 * frac) <= diff <= 0.01
            bad = diff > max(0.04, 0.15 * frac) or diff < -max(0.12, 0.25 * frac)
        elif qual == "exact":
            ok, bad = abs(diff) <= 0.02, abs(diff) > max(0.04, 0.15 * frac)
            # "three quarters of the 84 delegates, 56 people": counts given to
            # the unit are 63, not 56
            want = frac * w.value
            if (
                not ok
                and not bad
                and k.qualifier == "exact"
                and abs(want - round(want)) < 0.01
                and abs(k.value - want) > max(1.0, 0.05 * want)
            ):
                bad = True
        else:
            # "one in five of 2,000, about 250": about, but not 400
            rel = abs(k.value - frac * w.value) / (frac * w.value)
            ok = abs(diff) <= 0.04 or rel <= 0.12
            bad = abs(diff) > 0.03 and rel > 0.25
        label = CONSISTENT if ok else INCONSISTENT if bad else UNVERIFIABLE
        sym = "≈" if ok else "≠" if bad else "?"
        out.append(
            Relation(
                k.start,
                k.end,
                label,
                "fraction",
                f"{_fmt(k.value)} / {_fmt(w.value)} = {share:.2f} {sym} "
                f"{frac:.2f} ({phrase} {w.text}: {_fmt(frac * w.value)})",
                (("whole", w), ("part", k)),
                {"share": round(share, 4), "fraction": round(frac, 4)},
            )
        )
    return out


_FRACTION_BETWEEN = re.compile(
    rf"(?:\s+[a-z'’]+){{0,2}}\s*,\s*(?P<frac>{_ONE_IN_N}|{_FRACTION_WORDS})\s*,\s*"
    r"(?P<q>about|some|roughly|nearly|around|or)?\s*",
    re.I,
)
_ONE_IN = re.compile(r"(?<![\w])one\s+in\s+$", re.I)
_APPOSED = re.compile(r"(?:\s+[a-z'’-]+){1,2}\s*,\s*(?:about\s+|some\s+|or\s+)?", re.I)
_PCT_OF_THEM_GAP = re.compile(
    r"\s+of\s+(?:the|its|their|his|her)\s+[a-z'’-]+\s*,\s*(?:or\s+|about\s+|"
    r"some\s+|roughly\s+)?",
    re.I,
)


def _percent_of_them(ctx: _Ctx, w: Quantity, k: Quantity) -> Quantity | None:
    """The percentage of the whole a count restates, in the count's sentence:
    "It will cut 15% of its staff, or 450 jobs" (the whole counted before)."""
    for q in ctx.atoms_in(ctx.sent(k.start)):
        if (
            q.type == "percent"
            and q.unit == "%"
            and q.value is not None
            and q.end <= k.start
            and _PCT_OF_THEM_GAP.fullmatch(ctx.text, q.end, k.start)
            and (
                _compatible(q.noun, w.noun)
                or noun_key(q.noun) in ("staff", "workforce", "people")
            )
        ):
            return q
    return None


_THAT_IS_COUNT = re.compile(
    r"\s*(?:That|This)(?:\s+is|\s+was|'s|’s)\s+(?:about\s+|some\s+)?$"
)
_FRACTION_ANY = re.compile(
    rf"(?<![\w-])(?:{_FRACTION_WORDS})\s+of\s+(?:(?P<them>them|those|these)|"
    r"(?:the|its|their|all)\s+)",
    re.I,
)


def _fraction_restated_next(ctx: _Ctx, counts: list[Quantity]) -> list[Relation]:
    """ "a fifth of its 6,500 lecturers are on temporary contracts. That is 1,800
    people": a fraction of a whole, restated as a count in the next sentence."""
    out: list[Relation] = []
    ids = {id(q) for q in counts}
    for k in counts:
        si = ctx.sent(k.start)
        s0 = ctx.sent_span(si)[0]
        if (
            si == 0
            or k.value is None
            or not _THAT_IS_COUNT.fullmatch(ctx.text, s0, k.start)
        ):
            continue
        p0, p1 = ctx.sent_span(si - 1)
        ms = list(_FRACTION_ANY.finditer(ctx.text, p0, p1))
        if len(ms) != 1:
            continue
        m = ms[0]
        near = [w for w in ctx.atoms_in(si - 1) if id(w) in ids]
        if m.group("them"):
            # "There are 84 teachers …, and a third of them have left"
            wholes = [w for w in near if w.start < m.start() and w.noun]
        else:
            wholes = [w for w in near if w.start == m.end()]
        if len(wholes) != 1 or not wholes[0].value:
            continue
        w = wholes[0]
        assert w.value is not None
        frac = _fraction_of(m)
        want = frac * w.value
        rel = abs(k.value - want) / want
        label = (
            CONSISTENT if rel <= 0.05 else INCONSISTENT if rel > 0.15 else UNVERIFIABLE
        )
        sym = "≈" if label == CONSISTENT else "≠" if label == INCONSISTENT else "?"
        out.append(
            Relation(
                k.start,
                k.end,
                label,
                "fraction",
                f"{_fmt(k.value)} / {_fmt(w.value)} = {k.value / w.value:.2f} {sym} "
                f"{frac:.2f} ({m.group().strip()} {w.text}: {_fmt(want)})",
                (("whole", w), ("part", k)),
                {},
            )
        )
    return out


def _share_next(ctx: _Ctx, end: int) -> Quantity | None:
    """A percentage opening one of the next two sentences as the share just
    stated ("That is 22 per cent"), or named with "the" in the next ("the
    65% majority"): the first figure of its sentence."""
    si = ctx.sent(end)
    for sj in (si + 1, si + 2):
        if sj >= len(ctx.sentences):
            return None
        s0 = ctx.sent_span(sj)[0]
        first = next((q for q in ctx.atoms_in(sj) if q.value is not None), None)
        if first is None:
            continue
        lead = ctx.text[s0 : first.start]
        pointed = bool(_SHARE_NEXT.match(lead)) and lead.strip()[:4].lower() in (
            "that",
            "this",
            "it i",
            "it w",
            "it's",
        )
        if (
            first.type == "percent"
            and first.unit == "%"
            # "That is roughly 80% of the housing stock"
            and (pointed or not first.extra.get("of"))
            and (pointed or (sj == si + 1 and lead.endswith("the ")))
        ):
            return first
        return None  # the next sentence with figures is about something else
    return None


def _of_them_pairs(
    ctx: _Ctx, counts: list[Quantity]
) -> list[tuple[Quantity, Quantity]]:
    """(whole, part) for "The orchestra has 60 musicians. A fifth of them, 15
    players, …": the one count before the phrase (its sentence or the one
    before) and the count right after it."""
    out = []
    ids = {id(q) for q in counts}
    for k in counts:
        if not _FRACTION_OF_THEM.search(ctx.before(k, 45)):
            continue
        si = ctx.sent(k.start)
        start = k.start - len(ctx.before(k, 45))
        whole = [
            w
            for w in ctx.atoms_in(si - 1, si)
            if id(w) in ids and w.end <= start and w.noun
        ]
        if len(whole) == 1:
            out.append((whole[0], k))
    return out


_THOUSANDS_DOT = re.compile(r"(?:\w+\s+)?\d{1,3}\.\d{3}")
_IN_ALL_AFTER = re.compile(r"(?:\s+[a-z]+)?\s+(?:in\s+all|in\s+total|altogether)\b")
_OF_WHOLE_BACK = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?$", re.I)
_FRACTION_HINT = re.compile(r"(?:third|quarter|fifth|tenth|\sin\s)", re.I)
