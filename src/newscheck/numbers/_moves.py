"""A change stated with its size, its end and its start in any order, checked
against the difference of the two (checks ``absolute_change``,
``percentage_points``, ``percent_change``): "Operating profit dropped $215m to
$515m, from $640m"; "fell by 2,300 to 37,300 …, down from 41,600"; "averaged
61,200, up 4,500 on last year's 58,700"; "£1,150 a month — £270 more than the
£980 tenants paid a year ago"; "slipped 2.5 percentage points to 52%, from
57%"; "closed down 84 points at 7,512. The index had opened at 7,646";
"rose 6 percentage points …, from 38 percent in February to 41 percent".

The size is a figure after a change word ("rose by", "down", "a fall of") or
before a comparison ("£270 more than"); the end is the figure "to"/"at"/
"reaching" it, or the one it follows ("61,200, up 4,500"); the start is the
figure "from"/"on"/"than"/"compared with" in the sentence, or one its next
sentence dates as earlier ("The index had opened at", "A year earlier the
rate had stood at"). All three are of one kind: amounts in one unit, or
points against two percentages.
"""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._roles import (
    _NAME_AFTER,
    _TIME_AFTER,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
    _fmt,
    _granularity,
    _judge,
    _judge_points,
    _judge_pp,
)
from newscheck.numbers.extract import Quantity

_Q = r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|over|just)\s+)?"
_SIZE_BEFORE = re.compile(
    r"(?<![\w])(?:(?P<up>rose|risen|rises|grew|grown|grows|increased|increases|"
    r"climbed|jumped|gained|gains|added|adds|widened|improved|edged\s+up|up|"
    r"soared|surged|rallied|rebounded|leapt|leaped|spiked|expanded|"
    r"rise\s+of|increase\s+of|gain\s+of|jump\s+of|raised|lifted)|(?P<down>fell|"
    r"fallen|falls|dropped|drops|decreased|decreases|declined|declines|slipped|"
    r"slid|shed|lost|loses|narrowed|dipped|edged\s+down|cut|lowered|trimmed|"
    r"plunged|plummeted|tumbled|slumped|sank|dived|crashed|shrank|"
    r"closed\s+down|down|fall\s+of|drop\s+of|decrease\s+of|decline\s+of|"
    r"reduction\s+of))(?:\s+(?!to\b|from\b|at\b)[a-z'’]+){0,3}?\s+(?:by\s+)?"
    rf"(?:an?\s+)?{_Q}$",
    re.I,
)
# the words a stated change is told in: only their sentences are read
_TRIGGER = frozenset(
    "rose risen rise rises grew grown grows increase increased increases climbed "
    "jumped jump gain gained gains added adds widened improved edged up fell "
    "fallen fall falls dropped drop drops decrease decreased decreases decline "
    "declined declines slipped slid shed lost loses narrowed dipped cut lowered "
    "trimmed down reduction raised lifted more higher greater bigger less fewer "
    "lower smaller cheaper soared surged rallied rebounded leapt leaped spiked "
    "expanded plunged plummeted tumbled slumped sank dived crashed shrank".split()
)
_SIZE_THAN = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:(?P<up>more|higher|greater|bigger)|(?P<down>less|fewer|"
    r"lower|smaller|cheaper))\s+than\s+(?:the\s+|a\s+|an\s+|last\s+year'?s\s+)?",
    re.I,
)
# another clause, another subject: "lost $5.5m, primarily because its
# revenue declined to $56.5m from $65.3m"
_BREAK = re.compile(
    r"(?<![\w])(?:because|while|but|although|after|which|who|whereas)(?![\w])", re.I
)
_END_AFTER = re.compile(
    r"(?!.*\b(?:because|while|but|although|after|which|who|whereas)\b)"
    rf"[^.;!?\d]{{0,60}}?(?<![\w])(?:to|at|reaching|hitting){_Q}\s*(?:a\s+record\s+)?"
    rf"{_Q}$",
    re.I,
)
# "61,200, up 4,500": the end figure just before the change
_END_BEFORE = re.compile(r"[^.;!?\d]{0,40}?(?:,|—|–)\s*(?:up|down)\s+(?:by\s+)?$", re.I)
_END_BEFORE_THAN = re.compile(r"\s*(?:,|—|–)\s*$")
_IT_IS = re.compile(r"\s*(?:That|This|It)(?:\s+is|\s+was|'s|’s)\s", re.I)
_GAP = re.compile(r"[^.;!?\d,]{0,40}")
_FROM = re.compile(r"(?<![\w])from\s+" + _Q + "$", re.I)
_TO = re.compile(r"[^.;!?\d]{0,30}?(?<![\w])to\s+" + _Q + "$", re.I)
_START_BEFORE = re.compile(
    r"(?<![\w])(?:from|on|than|compared\s+(?:with|to)|against|versus|having\s+"
    r"(?:closed|opened|stood|started|finished|traded|been)(?:\s+at)?)\s+(?:the\s+|"
    r"a\s+|an\s+)?(?:[\w'’]+\s+){0,3}?" + _Q + "$",
    re.I,
)
_START_NEXT = re.compile(
    r"(?<![\w])(?:had\s+(?:stood\s+at|been|opened\s+at|started\s+at|closed\s+at)|"
    r"opened\s+at|stood\s+at|was|were|had)\s+" + _Q + "$",
    re.I,
)
_EARLIER_NEXT = re.compile(
    r"\s*(?:A\s+year\s+(?:earlier|ago|before)|Last\s+(?:year|month|week)|"
    r"Previously|Before|In\s+[A-Z]\w+|The\s+[a-z]+\s+had|It\s+had|They\s+had)",
)
_POINTS_AFTER = re.compile(
    r"\s*(?P<bp>basis\s+points?|bps?)|[\s-]*(?:percentage[\s-]+)?points?(?![\w])",
    re.I,
)


def _amounts(ctx: _Ctx, si: int) -> list[Quantity]:
    return [
        q
        for q in ctx.atoms_in(si)
        if q.type in ("count", "money", "percent")
        and q.value is not None
        and q.noun not in ("years", "year")
        and not _TIME_AFTER.match(ctx.text, q.end)
        # a number in a name: "the Six Nations"
        and not (q.text[:1].isupper() and _NAME_AFTER.match(ctx.text, q.end))
    ]


def _kind(ctx: _Ctx, q: Quantity) -> str:
    """'bp' / 'pp' for points, 'percent' for a relative change, else 'amount'."""
    m = _POINTS_AFTER.match(ctx.text, q.end)
    if q.unit == "pp" or (m and q.type != "money" and m.group(0).strip()):
        return "bp" if m and m.group("bp") else "pp"
    return "percent" if q.type == "percent" else "amount"


def _fits(kind: str, size: Quantity, q: Quantity) -> bool:
    if kind in ("pp", "bp"):
        return q.type == "percent" and q.unit != "pp"
    if kind == "percent":
        return q.type in ("count", "money")
    return (q.type, q.unit) == (size.type, size.unit) and q.type != "percent"


def _start_in_next(ctx: _Ctx, si: int, kind: str, size: Quantity) -> Quantity | None:
    if si + 1 >= len(ctx.sentences):
        return None
    s0 = ctx.sent_span(si + 1)[0]
    if not _EARLIER_NEXT.match(ctx.text, s0):
        return None
    for q in _amounts(ctx, si + 1):
        if _fits(kind, size, q):
            if _START_NEXT.search(ctx.text, max(s0, q.start - 40), q.start):
                return q
            return None
    return None


def _moves(ctx: _Ctx) -> list[Relation]:
    """Each stated change against its end and start figures."""
    out: list[Relation] = []
    for si in ctx.sentences_with(_TRIGGER):
        figs = _amounts(ctx, si)
        if not figs:
            continue
        s0 = ctx.sent_span(si)[0]
        for i, x in enumerate(figs):
            assert x.value is not None
            head = ctx.text[max(s0, x.start - 50) : x.start]
            kinds = [_kind(ctx, x)]
            if kinds[0] == "pp" and x.type == "count":
                kinds.append("amount")  # "closed down 84 points at 7,512"
            for kind in kinds:
                m = _last(_SIZE_BEFORE, head)
                than = None if m else _SIZE_THAN.match(ctx.text, _end_of(ctx, x, kind))
                cue = m if m is not None else than
                if cue is None:
                    break
                found = _ends(ctx, si, figs, i, kind, than)
                if found is None:
                    continue
                rel = _judge_move(kind, x, *found, up=bool(cue.group("up")))
                if rel is not None:
                    out.append(rel)
                break
    return out


def _last(rx: re.Pattern[str], head: str) -> re.Match[str] | None:
    """The match of *rx* (anchored at the end of *head*) that starts last:
    the cue nearest the figure ("Tour Down Under rose": "rose", not "Down")."""
    m = rx.search(head)
    while m is not None:
        nxt = rx.search(head, m.start() + 1)
        if nxt is None:
            break
        m = nxt
    return m


def _ends(
    ctx: _Ctx,
    si: int,
    figs: list[Quantity],
    i: int,
    kind: str,
    than: re.Match[str] | None,
) -> tuple[Quantity, Quantity] | None:
    """(start, end) of the change whose size is ``figs[i]``, or None."""
    x = figs[i]
    rest = [q for q in figs[i + 1 :] if _fits(kind, x, q)]
    # the end figure before the size may stand behind a name ("61,200 during
    # this year's Six Nations, up 4,500")
    prev = next(
        (
            q
            for q in reversed(figs[max(0, i - 2) : i])
            if _fits(kind, x, q)
            and (
                _END_BEFORE.fullmatch(ctx.text, q.end, x.start)
                or (than and _END_BEFORE_THAN.search(ctx.text, q.end, x.start))
            )
        ),
        None,
    )
    end = start = None
    if than is not None:
        # "£1,150 a month — £270 more than the £980"
        if rest and _GAP.fullmatch(ctx.text, than.end(), rest[0].start):
            start = rest[0]
        if prev is not None and _END_BEFORE_THAN.search(ctx.text, prev.end, x.start):
            end = prev
        return (start, end) if start and end else None
    if prev is not None and _END_BEFORE.fullmatch(ctx.text, prev.end, x.start):
        end = prev  # "61,200 during the Six Nations, up 4,500"
    elif rest and _END_AFTER.fullmatch(ctx.text, _end_of(ctx, x, kind), rest[0].start):
        end = rest.pop(0)  # "dropped $215m to $515m"
    if end is not None:
        if rest and _START_BEFORE.search(
            ctx.text, max(end.end, rest[0].start - 50), rest[0].start
        ):
            start = rest[0]
        else:
            start = _start_in_next(ctx, si, kind, x)
        return (start, end) if start is not None and start is not end else None
    # "rose by 85 overnight, … from 1,340 on Thursday to 1,475"
    if rest and _BREAK.search(ctx.text, x.end, rest[0].start):
        return None
    for a, b in itertools.pairwise(rest):
        if _FROM.search(ctx.text, max(x.end, a.start - 8), a.start) and _TO.fullmatch(
            ctx.text, a.end, b.start
        ):
            return a, b
        break
    for c in ctx.changes:
        fa, fb = c.extra.get("_from"), c.extra.get("_to")
        if (
            isinstance(fa, Quantity)
            and isinstance(fb, Quantity)
            and ctx.sent(c.start) == si
            and c.start > x.end
            and _fits(kind, x, fa)
            and _fits(kind, x, fb)
            and not any(q.start < c.start for q in rest)
        ):
            return fa, fb
    # "… now stands at 38 percent. That is down 3 points from 47 percent"
    s0 = ctx.sent_span(si)[0]
    if (
        si > 0
        and rest
        and _IT_IS.match(ctx.text, s0)
        and _START_BEFORE.search(ctx.text, x.end, rest[0].start)
        and _GAP.fullmatch(ctx.text, _end_of(ctx, x, kind), rest[0].start)
    ):
        before = [q for q in _amounts(ctx, si - 1) if _fits(kind, x, q)]
        if before:
            return rest[0], before[-1]
    return None


def _end_of(ctx: _Ctx, x: Quantity, kind: str) -> int:
    """Where the stated size ends: after "points" when it is given in points."""
    if kind in ("pp", "bp") and x.unit != "pp":
        m = _POINTS_AFTER.match(ctx.text, x.end)
        if m:
            return m.end()
    return x.end


def _judge_move(
    kind: str, x: Quantity, start: Quantity, end: Quantity, up: bool
) -> Relation | None:
    assert x.value is not None and start.value is not None and end.value is not None
    a, b = start.value, end.value
    if a == b or (b > a) != up:
        return None  # a direction the text contradicts is another check's
    if max(a, b) > 6 * min(a, b):
        return None
    diff = abs(b - a)
    qual = x.qualifier
    spans = (("from", start), ("to", end), ("stated", x))
    if kind in ("pp", "bp"):
        n = x.value / 100 if kind == "bp" else x.value
        tenths = all("." in q.text for q in (start, end)) or kind == "bp"
        label, sym = _judge_pp(diff, n, qual, tenths)
        arith = f"{_fmt(b)} - {_fmt(a)} = {b - a:+.2f} points {sym} {_fmt(n)}"
        check = "percentage_points"
    elif kind == "percent":
        pct = diff / a * 100
        label, sym = _judge_points(pct, x.value, qual)
        arith = f"({_fmt(b)} - {_fmt(a)}) / {_fmt(a)} = {(b - a) / a * 100:+.1f}%"
        arith += f" {sym} {_fmt(x.value)}%"
        check = "percent_change"
    else:
        label, sym = _judge(diff, x.value, qual, ok=0.01, bad=0.1)
        slack = sum(_granularity(q) / 2 for q in (start, end, x))
        if label == UNVERIFIABLE and qual == "exact" and abs(diff - x.value) > slack:
            label, sym = INCONSISTENT, "≠"
        arith = f"|{_fmt(b)} - {_fmt(a)}| = {_fmt(diff)} {sym} {_fmt(x.value)}"
        check = "absolute_change"
    return Relation(x.start, x.end, label, check, arith, spans, {})
