"""A gap in years stated beside the two years it separates (check
``year_gap``): "returned to parliament in 2017, nine years after losing his
seat in 2005"; "fled in 1999 … and after 11 years in a camp returned in
2016"; "her first title in 2011 and, five years later, her fifth in 2019";
"bronze in 1992. They had to wait twenty-four years, until 2012, for gold".

The two years are the only two distinct years in the gap's sentence (with
fewer there, in it and the sentence before); a gap within one year of their
difference agrees (counting from one date in a year to another), two or
more years off is wrong. Ages, "ago" and lengths of a period the period
check reads are left alone.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import CONSISTENT, INCONSISTENT, Relation, _Ctx
from newscheck.numbers.extract import _WORDNUM, parse_number

_GAP = re.compile(
    r"(?<![\w-])(?:(?:after|wait(?:ed)?|waiting)\s+(?:another\s+)?"
    rf"(?P<a>\d{{1,3}}|{_WORDNUM})\s+years|(?P<b>\d{{1,3}}|{_WORDNUM})\s+years\s+"
    r"(?:later|after|earlier|before|on(?=\s*[,.;]|\s+from|\s+since)))(?![\w-])",
    re.I,
)
_YEAR = re.compile(r"(?<![\d,.$£€])(?:1[89]\d{2}|20[0-3]\d)(?!\d|,\d|s)")
_NOT_A_GAP = re.compile(r"\s*(?:old|of\s+age|ago)(?![\w])", re.I)
_BREAK = re.compile(r",\s+and\s|;|(?<![\w])(?:but|while|whereas)(?![\w])", re.I)
_BORN = re.compile(r"(?<![\w])born(?![\w])", re.I)


def _near_words(
    text: str, word: str, rx: re.Pattern[str], back: int, ahead: int
) -> list[re.Match[str]]:
    """The matches of *rx* around each *word* found by a plain scan, rather
    than by trying *rx* at every position of the text."""
    out: list[re.Match[str]] = []
    low = text.lower()
    at = low.find(word)
    while at >= 0:
        m = rx.search(text, max(0, at - back), min(len(text), at + len(word) + ahead))
        if m is not None and (not out or m.start() >= out[-1].end()):
            out.append(m)
        at = low.find(word, at + len(word))
    return out


def _year_at(ctx: _Ctx, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, year) of the years in text[lo:hi]."""
    return [(m.start(), int(m.group())) for m in _YEAR.finditer(ctx.text, lo, hi)]


def _gaps(ctx: _Ctx) -> list[Relation]:
    """Each gap in years against the year before it and the year after it:
    "in 2017, nine years after losing his seat in 2005"."""
    out: list[Relation] = []
    if "years" not in ctx.low:
        return out
    for m in _near_words(ctx.text, "years", _GAP, 45, 12):
        if _NOT_A_GAP.match(ctx.text, m.end()):
            continue
        n = parse_number(m.group("a") or m.group("b"))
        if n is None or not 0 < n < 300:
            continue
        si = ctx.sent(m.start())
        s0, s1 = ctx.sent_span(si)
        if _BORN.search(ctx.text, s0, s1):
            continue  # an age's arithmetic, the age check's
        before = _year_at(ctx, max(s0, m.start() - 80), m.start())
        if not before and si > 0 and not _year_at(ctx, s0, m.start()):
            p0, p1 = ctx.sent_span(si - 1)
            before = _year_at(ctx, p0, p1)
        after = _year_at(ctx, m.end(), min(s1, m.end() + 50))
        if after and _BREAK.search(ctx.text, m.end(), after[0][0]):
            continue  # "… three years after it was founded, and became its
            # head in 2014": the later year is another event's
        if len({y for _, y in before}) != 1 or len({y for _, y in after}) != 1:
            continue
        y1, y2 = before[-1][1], after[0][1]
        gap = abs(y2 - y1)
        if not gap:
            continue
        off = abs(gap - n)
        label, sym = (CONSISTENT, "≈") if off <= 1 else (INCONSISTENT, "≠")
        out.append(
            Relation(
                m.start(),
                m.end(),
                label,
                "year_gap",
                f"{max(y1, y2)} - {min(y1, y2)} = {gap} years {sym} "
                f"{m.group(0).strip()}",
                (),
                {},
            )
        )
    return out
