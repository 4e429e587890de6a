"""A whole and the parts a sentence lists of it (checks ``total`` and
``part_whole``): "The convoy of 48 trucks — 30 carrying food, 12 carrying
medical supplies and 11 carrying fuel —"; "Of the 120 seats, the ruling party
won 58 and its main rival 41, with smaller parties taking the remaining 27";
"Police arrested 64 people, 38 of them for public order offences, 19 for
assault and 12 for criminal damage"; "Revenue of $4.2bn was split between
cloud services ($2.1bn), hardware ($1.3bn) and consulting ($1.4bn)"; "The
county's 640 farms include 310 dairy holdings and 185 arable farms. The
other 205 are mixed"; and a part larger than its whole ("Of the school's 340
sixth-formers, 410 applied", "held 640 inmates, 910 of them awaiting trial",
"houses 22,000, including 26,500 children").

A whole is marked by what introduces its parts right after its noun phrase:
a colon, a dash, a bracket, "Of the …" (three parts or more, or one closed by
"the remaining N"), "made up of", "comprise", "split between", "N of them",
or "include" (some of it: only parts that exceed it are wrong). The parts
are the figures of its type and unit that follow in one list, closed by
"and"; a list that leaves some unnamed ("with the remainder attributed to
…") is not all of it, and parts summing to far from the whole are not its
parts.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _beyond_rounding,
    _compatible,
    _Ctx,
    _fmt,
    _judge,
    _plain_figures,
    _same_unit,
)
from newscheck.numbers._totals import _NOT_ALL
from newscheck.numbers.extract import Quantity

_Q = r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|over)\s+)?"
_OF_THE_START = re.compile(
    r"\s*(?:Out\s+)?[Oo]f\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?"
    r"(?:[\w'’.-]+(?:'s|’s)\s+)?" + _Q + "$"
)
# the whole's noun phrase, then what opens its list: "48 trucks that crossed
# on Wednesday — 30", "£86m package … split three ways: £40m", "$4.2bn …
# split between cloud services ($2.1bn"
_EXHAUSTIVE = re.compile(
    r"[^.;!?\d:—–(]{0,70}?(?::|—|–|\(|(?<![\w])(?:comprises?|comprising|made\s+up\s+"
    r"of|consists?\s+of|split\s+(?:between|among|into|equally|(?:two|three|four|"
    r"five)\s+ways\s*:?)|broken\s+down\s+(?:as|into)))(?:\s+[^.;!?\d\s]+){0,4}?"
    r"\s*\(?\s*" + _Q + "$",
    re.I,
)
_SOME = re.compile(
    r"[^.;!?\d]{0,80}?(?<![\w])(?:includes?|including|among\s+them)[^.;!?\d]{0,40}?$",
    re.I,
)
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom|which|those)(?![\w])", re.I)
_REMAINING = re.compile(
    r"(?<![\w])(?:the\s+(?:remaining|other|rest|remainder)(?:\s*,)?|"
    r"the\s+rest\s*,|the\s+remainder\s*,)\s+" + _Q + "$",
    re.I,
)
_NEXT_REMAINING = re.compile(
    r"\s*(?:The\s+(?:other|remaining)|The\s+rest\s*,|The\s+remainder\s*,)\s+" + _Q + "$"
)
_PART_GAP = re.compile(r"[^.;!?\d]{0,70}")
_AND = re.compile(r"(?<![\w])and(?![\w])|(?<![\w])the\s+(?:remaining|other|rest)")
# a figure glued to another: "2011/12", "4-24", "18:45"
_GLUED = re.compile(r"\d[/:–-]$")
_GLUED_AFTER = re.compile(r"[/:–-]\d")
_A_PART = re.compile(
    r"(?<![\w])(?:winning|losing|drawing|won|lost|drew|including|with)\s+$", re.I
)
# a whole of people holds any kind of person ("1,800 people, including
# 2,100 children")
_ANY_PERSON = frozenset({"people", "persons", "residents", "individuals"})
_COUNTED_PARTS = re.compile(r"[^.;!?\d]{0,40}?(?::|—|–)")
_CHANGE_WORD = re.compile(
    r"(?<![\w])(?:increase|rise|(?<!made\s)up|down|fall|drop|more|less|fewer|compared|"
    r"against|than)(?![\w])",
    re.I,
)
_LISTED = re.compile(r"[^.;!?\d]{0,40}?(?:,|(?<![\w])and)\s+[^.;!?\d]{0,20}")
_BREAK = re.compile(r";|(?<![\w])(?:but|while|whereas|although|because)(?![\w])", re.I)


def _figures(ctx: _Ctx, si: int) -> list[Quantity]:
    text = ctx.text
    return [
        q
        for q in _plain_figures(ctx, si, ("count", "money"))
        if id(q) not in ctx.range_of
        and not _GLUED.search(text[max(0, q.start - 2) : q.start])
        and not _GLUED_AFTER.match(text, q.end)
    ]


def _parts(
    ctx: _Ctx, w: Quantity, later: list[Quantity]
) -> tuple[list[Quantity], bool] | None:
    """The closed list of parts after whole *w*, and whether a part closes it
    as "the remaining N" (all of it)."""
    parts: list[Quantity] = []
    prev = w
    closed = rest = False
    for q in later:
        if not _same_unit(w, q):
            break
        gap = ctx.text[prev.end : q.start]
        if parts and not _PART_GAP.fullmatch(gap):
            break
        if parts and _BREAK.search(gap):
            break
        parts.append(q)
        if parts and len(parts) > 1 and _AND.search(gap):
            closed = True
            rest = bool(_REMAINING.search(gap))
            # "… won 58 and its main rival 41, …, with smaller parties taking
            # the remaining 27"
            nxt = later[later.index(q) + 1 :]
            if not rest and nxt and _same_unit(w, nxt[0]):
                tail = ctx.text[q.end : nxt[0].start]
                if len(tail) <= 120 and _REMAINING.search(tail):
                    parts.append(nxt[0])
                    rest = True
            break
        prev = q
    if not closed or not 2 <= len(parts) <= 6:
        return None
    return parts, rest


def _lists(ctx: _Ctx) -> list[Relation]:
    """Each whole against the parts listed after it, and each part that
    exceeds its whole."""
    out: list[Relation] = []
    counted: dict[int, int] = {}
    for q in ctx.atoms:
        if q.type in ("count", "money"):
            si = ctx.sent(q.start)
            counted[si] = counted.get(si, 0) + 1
    for si in sorted(k for k, n in counted.items() if n >= 2):
        figs = _figures(ctx, si)
        if len(figs) < 2:
            continue
        s0 = ctx.sent_span(si)[0]
        for i, w in enumerate(figs):
            assert w.value is not None
            later = figs[i + 1 :]
            if (
                len(later) > 1
                and later[0].extra.get("written")
                and (later[0].value or 0) <= 10
                and _COUNTED_PARTS.match(ctx.text, later[0].end)
            ):
                # "212 people across three districts — 118 …": the number of
                # parts, not a part
                later = later[1:]
            if not later:
                break
            first = later[0]
            gap = ctx.text[w.end : first.start]
            if (
                i
                and _same_unit(figs[i - 1], w)
                and _LISTED.fullmatch(ctx.text, figs[i - 1].end, w.start)
            ) or _A_PART.search(ctx.text, max(0, w.start - 14), w.start):
                continue  # a figure inside a list is no whole of what follows
            if _OF_THEM.match(ctx.text, first.end) and not re.search(r",\s*$", gap):
                continue  # "33 — 21 of them by knockout —": a subset, no list
            of_the = bool(_OF_THE_START.fullmatch(ctx.text, s0, w.start))
            # a part larger than its whole
            over = _part_over(ctx, w, first, gap, of_the)
            if over is not None:
                out.append(over)
                continue
            exhaustive = of_the or bool(
                _EXHAUSTIVE.fullmatch(gap)
                and ")" not in gap
                and not _CHANGE_WORD.search(gap)
                and ctx.text[w.start - 1 : w.start] != "("
            )
            some = not exhaustive and bool(_SOME.fullmatch(gap))
            them = bool(_OF_THEM.match(ctx.text, first.end)) and "," in gap
            if not (exhaustive or some or them):
                continue
            found = _parts(ctx, w, later)
            if found is None:
                continue
            parts, rest = found
            if of_the and not rest and len(parts) < 3:
                # "Of the 340 sixth-formers, 210 applied …, and 37 received
                # offers": two outcomes, one within the other
                exhaustive = False
            if not rest and _NOT_ALL.search(
                ctx.text, parts[-1].end, ctx.sent_span(si)[1]
            ):
                exhaustive = False
            # "85 arrests, 40 of them for drink-driving and 25 for drugs": two
            # parts named "of them" may leave others out
            exhaustive = exhaustive or rest or (them and len(parts) >= 3)
            if some and si + 1 < len(ctx.sentences):
                nxt = _figures(ctx, si + 1)
                n0 = ctx.sent_span(si + 1)[0]
                if (
                    nxt
                    and _same_unit(w, nxt[0])
                    and _NEXT_REMAINING.fullmatch(ctx.text, n0, nxt[0].start)
                ):
                    parts = [*parts, nxt[0]]
                    exhaustive = True
            rel = _judge_parts(w, parts, exhaustive)
            if rel is not None:
                out.append(rel)
    return out


def _part_over(
    ctx: _Ctx, w: Quantity, p: Quantity, gap: str, of_the: bool
) -> Relation | None:
    """A part that exceeds its whole: "Of the 340 sixth-formers, 410 …",
    "640 inmates, 910 of them", "22,000, including 26,500 children"."""
    if not _same_unit(w, p) or w.value is None or p.value is None or p.value <= w.value:
        return None
    other = p.noun and w.noun and not _compatible(p.noun, w.noun)
    if p.value > 2 * w.value or (other and w.noun not in _ANY_PERSON):
        return None  # "Of the 5 …, 4 million": not its part
    if w.qualifier != "exact" or p.qualifier not in ("exact", "over"):
        return None
    if _BREAK.search(gap) or len(gap) > 90:
        return None
    if w.type == "count" and not w.noun:
        return None  # a whole names what it counts
    marked = (
        (of_the and "," in gap)
        or (
            _OF_THEM.match(ctx.text, p.end)
            and "," in gap
            and not ctx.text[max(0, p.start - 4) : p.start].lower().endswith("the ")
        )
        or re.fullmatch(r"[^.;!?\d]{0,30}?,\s*including\s+" + _Q, gap, re.I)
    )
    if not marked:
        return None
    return Relation(
        p.start,
        p.end,
        INCONSISTENT,
        "part_whole",
        f"part {_fmt(p.value)} > whole {_fmt(w.value)}",
        (("part", p), ("whole", w)),
        {},
    )


def _judge_parts(
    w: Quantity, parts: list[Quantity], exhaustive: bool
) -> Relation | None:
    assert w.value is not None
    values = [p.value or 0.0 for p in parts]
    if max(values) >= w.value or any(p.qualifier != "exact" for p in parts):
        return None
    total = sum(values)
    if not 0.6 <= total / w.value <= 1.6:
        return None  # parts this far off are not its parts
    if len(values) >= 3 and abs(values[0] - sum(values[1:])) <= 0.005 * values[0]:
        return None  # "1,000 voted, 600 for the deal and 400 against": nested
    if exhaustive:
        if w.qualifier != "exact":
            return None
        label, sym = _judge(total, w.value, "exact", ok=0.005, bad=0.03)
        if label == UNVERIFIABLE and _beyond_rounding(parts, total, w.value):
            label, sym = INCONSISTENT, "≠"
    elif total > w.value:
        label, sym = INCONSISTENT, ">"
    else:
        return None
    if label == UNVERIFIABLE:
        return None
    arith = " + ".join(_fmt(v) for v in values) + f" = {_fmt(total)}"
    arith += (
        f", not {_fmt(w.value)}"
        if label == INCONSISTENT and exhaustive
        else f", more than {_fmt(w.value)}"
        if label == INCONSISTENT
        else f" {sym} {_fmt(w.value)}"
    )
    return Relation(
        w.start,
        w.end,
        label if label != CONSISTENT else CONSISTENT,
        "total",
        arith,
        (*(("part", p) for p in parts), ("total", w)),
        {},
    )
