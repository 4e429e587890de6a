"""A fraction or percentage of a whole restated as a count, wherever the three
stand in the sentence (check ``fraction``): "Three-quarters of the 840 homes
inspected, or 510 in all"; "Half of the 180 stations — 62 sites —";
"a quarter of the group's $8bn revenue, or $3bn"; "One in five voters — some
3.1 million of the 12.4 million —"; "Of the 300 patients enrolled, a quarter
— some 120 people —"; "Half a million people, roughly a quarter of the
city's population of 4.6 million"; "a third of the 2,400 men … That amounts
to about 1,200 people".

The whole is the figure the fraction is "of"; the count restating the part
is tied to it by a dash, a bracket, ", or", ", some", or a next sentence that
opens "That is" / "That amounts to". A percentage stated as a change ("rose
12%") is no fraction of anything. Tolerances follow how the fraction is
given: a percentage with decimals is exact, a whole percentage is exact to
its rounding, a fraction in words ("a third", "one in eight") is a round
figure, and "about", "roughly", "nearly" widen each.
"""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._pairs import _stated_percents
from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _fmt,
    _same_unit,
)
from newscheck.numbers._units import _RATIO_SLASH
from newscheck.numbers.extract import Quantity, parse_number

_QUAL = (
    r"(?:(?P<q>nearly|almost|about|around|roughly|some|more\s+than|over|just\s+over|"
    r"just\s+under|less\s+than|under|close\s+to|an\s+estimated|approximately)\s+)?"
)
_SMALL = r"a|an|one|two|three|four|five|six|seven|eight|nine"
_DEN = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
_FRACTION = re.compile(
    rf"(?<![\w-]){_QUAL}(?:(?P<num>{_SMALL})[\s-]+(?P<den>halves|half|thirds?|"
    r"quarters?|fifths?|sixths?|eighths?|tenths?)|(?P<half>half)(?!\s+an?\s)|"
    rf"(?P<a>{_SMALL}|\d)\s+(?:in|out\s+of)\s+(?:every\s+)?"
    r"(?P<b>two|three|four|five|six|seven|eight|nine|ten|twenty|\d{1,2}|100))"
    r"(?![\w-])",
    re.I,
)
# the words a fraction is told in ("half", "a third", "one in five", "three
# out of every ten"): only their sentences are read
_TRIGGER = frozenset([*_DEN, *"one two three four five six seven eight nine".split()])
_DIGITS_IN = re.compile(r"\d\s+(?:in|out\s+of)\s+(?:every\s+)?\d")
_PCT_QUAL = re.compile(rf"(?<![\w]){_QUAL}$", re.I)
# between a fraction and its whole: " of the district's ", " of its ", " of
# the city's population of ", " of the roughly "
_OF_WHOLE = re.compile(
    r"\s+(?:[a-z]+\s+){0,2}?(?:of|out\s+of)\s+(?:all\s+)?(?:the\s+|its\s+|their\s+|"
    r"his\s+|her\s+|our\s+|this\s+|these\s+|those\s+|a\s+)?(?:[\w'’.-]+(?:'s|’s)\s+)?"
    r"(?:[a-z-]+\s+(?:of\s+)?){0,2}?(?:estimated\s+|roughly\s+|about\s+|some\s+|"
    r"nearly\s+|almost\s+|more\s+than\s+|around\s+)?$",
    re.I,
)
# before the count that restates the part
_RESTATE = re.compile(
    r"(?:,|\(|—|–|\s-)\s*(?:or\s+|that\s+is\s+|i\.e\.\s+)?(?:some\s+|about\s+|"
    r"roughly\s+|around\s+|nearly\s+|almost\s+|just\s+over\s+|just\s+under\s+|"
    r"more\s+than\s+|an\s+estimated\s+|approximately\s+)?$",
    re.I,
)
_NEXT_RESTATES = re.compile(
    r"\s*(?:That|This|It|Which)(?:\s+is|\s+was|'s|’s|\s+amounts\s+to|\s+means|"
    r"\s+represents|\s+equals|\s+comes\s+to|\s+makes)\s+(?:some\s+|about\s+|"
    r"roughly\s+|around\s+|nearly\s+|almost\s+|just\s+over\s+|more\s+than\s+)?$"
)
_OF_THE_START = re.compile(
    r"\s*Of\s+(?:the\s+|its\s+|their\s+)?(?:roughly\s+|about\s+|some\s+|nearly\s+|"
    r"almost\s+|more\s+than\s+)?$"
)
_PART_OF = re.compile(
    r"\s+(?:[a-z]+\s+){0,1}?(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+|a\s+)?$", re.I
)
# a whole restated in another unit in brackets: "10.3 million acres (4.2
# million hectares)"
_CONVERTED = re.compile(r"\s*[\w-]*\s*\(\s*")
_PAIR_OF = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:of|out\s+of)\s+(?!every)(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?:[a-z]+\s+(?:of\s+)?){0,2}?(?:roughly\s+|about\s+|some\s+|nearly\s+)?$",
    re.I,
)
# between a fraction and the count after it: "One in five registered voters —
# some"
_FRACTION_TO_PART = re.compile(
    r"(?:\s+[a-z-]+){0,3}\s*(?:—|–|\(|,)\s*(?:some\s+|about\s+|roughly\s+|"
    r"around\s+|nearly\s+|almost\s+|an\s+estimated\s+)?$",
    re.I,
)
# "Half a million people, roughly a quarter of …"
_LEADS_IN = re.compile(r"[^\d.;:!?]{0,25}?,\s*")
_APPROX = re.compile(
    r"(?:about|around|roughly|some|nearly|almost|approximately|an\s+estimated|"
    r"close\s+to|more\s+than|just\s+over|just\s+under|over|under|less\s+than)\s*$",
    re.I,
)


def _value(m: re.Match[str]) -> float | None:
    if m.group("half"):
        return 0.5
    if m.group("den"):
        num = m.group("num").lower()
        n = 1.0 if num in ("a", "an") else parse_number(num)
        return None if n is None else n / _DEN[m.group("den").lower()]
    a = m.group("a").lower()
    x = 1.0 if a in ("a", "an") else parse_number(a)
    y = parse_number(m.group("b"))
    return None if x is None or not y or x >= y else x / y


def _fractions_in(ctx: _Ctx, si: int) -> list[tuple[int, int, float, str, bool]]:
    """(start, end, value, kind, qualified) of each fraction in sentence *si*;
    kind is "exact" (a percentage with decimals), "percent" or "word"."""
    s0, s1 = ctx.sent_span(si)
    out = []
    words = ctx.word_sets()[si]
    worded = not words.isdisjoint(_TRIGGER) or _DIGITS_IN.search(ctx.text, s0, s1)
    for m in _FRACTION.finditer(ctx.text, s0, s1) if worded else ():
        v = _value(m)
        if v is not None and 0 < v < 1:
            out.append((m.start(), m.end(), v, "word", bool(m.group("q"))))
    changes = ctx.memo(
        "restated_changes", 0, lambda: {id(p) for p, *_ in _stated_percents(ctx)}
    )
    for q in ctx.atoms_in(si):
        if (
            q.type == "percent"
            and q.unit != "pp"
            and q.value is not None
            and 0 < q.value < 100
            and id(q) not in changes
            and id(q) not in ctx.range_of
        ):
            qm = _PCT_QUAL.search(ctx.text, max(s0, q.start - 20), q.start)
            kind = "exact" if "." in q.text else "percent"
            qualified = bool(qm and qm.group("q")) or q.qualifier != "exact"
            out.append((q.start, q.end, q.value / 100, kind, qualified))
    return sorted(out)


def _figures(ctx: _Ctx, si: int) -> list[Quantity]:
    return [
        q
        for q in ctx.atoms_in(si)
        if q.type in ("count", "money") and q.value and q.noun not in ("years", "year")
    ]


def _after_whole(
    ctx: _Ctx, w: Quantity, figs: list[Quantity], si: int
) -> Quantity | None:
    """The count after the whole that restates the part: in its sentence after
    a dash, bracket or ", or"; or first in a next sentence opening "That is"."""
    for r in (q for q in figs if q.start > w.end):
        gap = ctx.text[w.end : r.start]
        if len(gap) > 100 or any(c in gap for c in ";:"):
            break
        if not (_same_unit(w, r) and _RESTATE.search(gap)):
            continue
        if _RATIO_SLASH.match(ctx.text, r.end) or (
            _CONVERTED.fullmatch(gap) and r.noun != w.noun
        ):
            return None  # "7/192", "10.3 million acres (4.2 million hectares)"
        return r
    if si + 1 < len(ctx.sentences):
        nxt = _figures(ctx, si + 1)
        s0 = ctx.sent_span(si + 1)[0]
        if (
            nxt
            and _same_unit(w, nxt[0])
            and _NEXT_RESTATES.fullmatch(ctx.text, s0, nxt[0].start)
        ):
            return nxt[0]
    return None


def _part_of_whole(
    ctx: _Ctx, figs: list[Quantity], after: int
) -> tuple[Quantity, Quantity] | None:
    """The first "R of / out of W" pair after *after*: "put the number at
    31,000 out of a population of roughly 160,000"."""
    later = [q for q in figs if q.start >= after]
    for r, w in itertools.pairwise(later):
        if _same_unit(r, w) and _PAIR_OF.fullmatch(ctx.text, r.end, w.start):
            return r, w
    return None


_Fraction = tuple[int, int, float, str, bool]


def _triples(ctx: _Ctx, si: int) -> list[tuple[_Fraction, Quantity, Quantity]]:
    """(fraction, whole, restated part) in each configuration of sentence *si*."""
    out: list[tuple[_Fraction, Quantity, Quantity]] = []
    figs = _figures(ctx, si)
    if not figs:
        return out
    s0 = ctx.sent_span(si)[0]
    for f in _fractions_in(ctx, si):
        start, end = f[0], f[1]
        after = [q for q in figs if q.start >= end]
        before = [q for q in figs if q.end <= start]
        if after and _OF_WHOLE.fullmatch(ctx.text, end, after[0].start):
            # "Three-quarters of the 840 homes …, or 510"
            w = after[0]
            r = _after_whole(ctx, w, figs, si)
            if r is None and before:
                # "Half a million people, roughly a quarter of the city's
                # population of 4.6 million"
                cand = before[-1]
                if _LEADS_IN.fullmatch(ctx.text, cand.end, start):
                    r = cand if _same_unit(w, cand) else None
            if r is not None:
                out.append((f, w, r))
            continue
        if after and _FRACTION_TO_PART.fullmatch(ctx.text, end, after[0].start):
            # "One in five voters — some 3.1 million of the 12.4 million"
            r = after[0]
            rest = [q for q in figs if q.start > r.end]
            if rest and _PART_OF.fullmatch(ctx.text, r.end, rest[0].start):
                if _same_unit(rest[0], r):
                    out.append((f, rest[0], r))
                continue
            # "Of the 300 patients enrolled …, a quarter — some 120 people —"
            if before and _OF_THE_START.fullmatch(ctx.text, s0, before[0].start):
                w = before[0]
                if _same_unit(w, r) and w is not r:
                    out.append((f, w, r))
            continue
        pair = _part_of_whole(ctx, figs, end) if f[3] == "word" else None
        if pair is not None and not any(
            end <= q.start < pair[0].start for q in ctx.atoms_in(si)
        ):
            # "About one in eight adults … put the number at 31,000 out of a
            # population of roughly 160,000"
            out.append((f, pair[1], pair[0]))
    return out


def _tolerance(kind: str, qualified: bool) -> tuple[float, float]:
    ok, bad = {"exact": (0.03, 0.08), "percent": (0.05, 0.12)}.get(kind, (0.1, 0.15))
    if qualified:
        ok, bad = ok + 0.05, bad + 0.08
    return ok, bad


def _restated_fractions(ctx: _Ctx) -> list[Relation]:
    """Each fraction of a whole against the count that restates it."""
    out: list[Relation] = []
    read = {ctx.sent(q.start) for q in ctx.atoms if q.type == "percent"}
    read.update(ctx.sentences_with(_TRIGGER))
    read.update(ctx.sent(m.start()) for m in _DIGITS_IN.finditer(ctx.text))
    for si in sorted(read):
        for f, w, r in _triples(ctx, si):
            assert w.value is not None and r.value is not None
            if r.value >= w.value:
                continue
            start, end, v, kind, qualified = f
            qualified = (
                qualified
                or r.qualifier != "exact"
                or bool(_APPROX.search(ctx.text, max(0, r.start - 16), r.start))
            )
            expected = v * w.value
            err = abs(r.value - expected) / expected
            ok, bad = _tolerance(kind, qualified)
            label = (
                CONSISTENT if err <= ok else INCONSISTENT if err > bad else UNVERIFIABLE
            )
            sym = {CONSISTENT: "≈", INCONSISTENT: "≠", UNVERIFIABLE: "?"}[label]
            shown = ctx.text[start:end].strip()
            out.append(
                Relation(
                    start,
                    end,
                    label,
                    "fraction",
                    f"{_fmt(r.value)} / {_fmt(w.value)} = {r.value / w.value:.2f} "
                    f"{sym} {v:.2f} ({shown})",
                    (("whole", w), ("part", r)),
                    {},
                )
            )
    return out
