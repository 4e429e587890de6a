"""An age against the birth year and the year it was reached, across a few
sentences (check ``age``): "born … on 12 March 1934 … died … on 9 June 2024.
She was 86"; "born in 1952 … became in 1989 the youngest judge, at 29";
"(1928–2024) … died on Friday aged 101"; "has died aged 87. Born in March
1931 …, he … died in November 2023"; "founded the company in 2012 at the age
of 25"; "will retire at the 2025 AGM, aged 68. Born in 1951".

The birth year is the year after "born" (or the first of a lifespan in
brackets), and only one may stand in reach; the year an age was reached is
the one nearest it in its sentence, or, for "She was 86" and "died aged
81", the year of the death. An age one below the difference is a birthday
not yet reached that year; only an age at least two years off either way is
wrong.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import CONSISTENT, INCONSISTENT, Relation, _Ctx
from newscheck.numbers.extract import _WORDNUM, parse_number

_YEAR = r"(?<![\d,.])(?:1[89]\d{2}|20[0-3]\d)(?!\d|,\d)"
_BORN = re.compile(r"(?<![\w])[Bb]orn(?![\w])[^.;!?]{0,60}?(?P<y>" + _YEAR + ")")
_LIFESPAN = re.compile(
    r"\(\s*(?P<b>" + _YEAR + r")\s*[–-]\s*(?P<d>" + _YEAR + r")\s*\)"
)
_AGE = re.compile(
    rf"(?<![\w])(?:aged\s+(?P<a>\d{{1,3}}|{_WORDNUM})(?![\w-])(?!\s*(?:to|and|-|–)\s*\d)|"
    rf"at\s+the\s+age\s+of\s+(?P<b>\d{{1,3}}|{_WORDNUM})(?![\w-])|"
    rf"(?:He|She)\s+was\s+(?P<c>\d{{1,3}}|{_WORDNUM})(?:\s+years\s+old)?\s*[.;]|"
    rf",\s+at\s+(?P<d>\d{{2}}),)",
)
_YEARS = re.compile(_YEAR)
_DIED_BEFORE = re.compile(r"(?<![\w])(?:died|death|killed|passed\s+away)(?![\w])", re.I)
_DEATH = re.compile(
    r"(?<![\w])(?:died|death|killed|passed\s+away)(?![\w])[^.;!?]{0,70}?(?P<y>"
    + _YEAR
    + ")"
)


def _births(ctx: _Ctx, lo: int, hi: int) -> set[int]:
    s0, s1 = ctx.sent_span(lo)[0], ctx.sent_span(hi)[1]
    found = {int(m.group("y")) for m in _BORN.finditer(ctx.text, s0, s1)}
    found |= {int(m.group("b")) for m in _LIFESPAN.finditer(ctx.text, s0, s1)}
    return found


def _death(ctx: _Ctx, lo: int, hi: int) -> set[int]:
    s0, s1 = ctx.sent_span(lo)[0], ctx.sent_span(hi)[1]
    found = {int(m.group("y")) for m in _DEATH.finditer(ctx.text, s0, s1)}
    found |= {int(m.group("d")) for m in _LIFESPAN.finditer(ctx.text, s0, s1)}
    return found


def _lifespans(ctx: _Ctx) -> list[Relation]:
    """Each age against the birth year and the year it was reached."""
    out: list[Relation] = []
    text = ctx.text
    if "born" not in ctx.low and not _LIFESPAN.search(text):
        return out
    last = len(ctx.sentences) - 1
    for m in _AGE.finditer(text):
        word = next(g for g in m.groups() if g is not None)
        age = parse_number(word)
        if age is None or not 0 < age < 120:
            continue
        si = ctx.sent(m.start())
        births = _births(ctx, max(0, si - 2), min(last, si + 1))
        if len(births) != 1:
            continue
        (born,) = births
        s0, s1 = ctx.sent_span(si)
        years = [
            (abs(y.start() - m.start()), int(y.group()))
            for y in _YEARS.finditer(text, s0, s1)
            if int(y.group()) != born
        ]
        near = [y for d, y in sorted(years) if d <= 90]
        at_death = m.group("a") and _DIED_BEFORE.search(
            text, max(s0, m.start() - 40), m.start()
        )
        if m.group("c") or (m.group("a") and (at_death or not near)):
            deaths = _death(ctx, max(0, si - 1), min(last, si + 1))
            deaths.discard(born)
            if len(deaths) != 1:
                continue
            (year,) = deaths
        elif near:
            year = near[0]
        else:
            continue
        span = year - born
        if span <= 0:
            continue
        off = span - age
        if off in (0, 1):
            label, sym = CONSISTENT, "="
        elif off >= 3 or off <= -2:
            label, sym = INCONSISTENT, "≠"
        else:
            continue
        out.append(
            Relation(
                m.start(),
                m.end(),
                label,
                "age",
                f"born {born}, {year}: {span - 1} or {span}, {sym} {_fmt_age(age)}",
                (),
                {},
            )
        )
    return out


def _fmt_age(age: float) -> str:
    return str(int(age)) if age == int(age) else str(age)
