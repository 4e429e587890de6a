"""A stated change checked against the two figures it describes, wherever
they stand: "120,000 visitors in 2023, up from 80,000 the year before. That is
an increase of 30 percent"; "Applications fell to 3,200 this year. Last year
the university received 4,000, a drop of 8 percent"; "5,100 tonnes, about 70%
more than last year's 4,500 tonnes"; "cut the budget by 40 per cent, from £2m
to £1.5m".

Roles come from cues, not from one template per phrasing: the stated change
is a percentage after a change word ("an increase of", "a drop of", "climbed",
"by", "The decline, of"), or a percentage "more/less than" a figure; its
figures are the two of one kind in its sentence and the one before, the
earlier of them marked as such ("from", "up from", "compared with", "last
year's", "a year earlier", "Five years ago it was", "In 2018", "then"). A pair
already read as a from-to change is left to that check.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import (
    Relation,
    _Ctx,
    _fmt,
    _is_age,
    _judge_points,
    _same_kind,
    _window,
)
from newscheck.numbers.extract import Quantity

# a percentage stated as a change: "an increase of 30 percent", "a drop of 8
# percent", "climbed 35%", "by 40 per cent", "The decline, of 30 percent,"
_UP_WORDS = (
    r"rose|risen|rise|rises|rising|increased?|increases|increasing|increase\s+of|"
    r"grew|grown|growth\s+of|climbed|climb\s+of|jumped|jump\s+of|gained|gain\s+of|"
    r"up|higher|soared|surged|rebounded|more"
)
_DOWN_WORDS = (
    r"fell|fallen|fall|falls|falling|fall\s+of|dropped|drop\s+of|declined?|"
    r"decline\s+of|decreased?|decrease\s+of|slid|slipped|sank|shrank|plunged|"
    r"tumbled|cut|cuts|cutting|reduced|reduction\s+of|down|lower|less|fewer"
)
_CHANGE_BEFORE = re.compile(
    rf"(?<![\w])(?<!makes\s)(?<!make\s)(?<!made\s)"
    rf"(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))"
    # "cut the library budget by 40 per cent" (not "down from 9%", "reduced
    # to 35 percent": the figures of the change, not its size)
    r"(?:\s+(?!from\b|to\b|than\b)[a-z'’]+){0,3}?\s*,?\s+(?:by\s+|of\s+)?(?:an?\s+)?"
    r"(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|some\s+|more\s+than\s+|"
    r"over\s+|just\s+)?$",
    re.I,
)
# "a 50 per cent increase", "The 12% fall"
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?P<up>increase|rise|jump|gain|growth|hike)|(?P<down>drop|fall|decline|"
    r"decrease|cut|reduction|slump))(?![\w])",
    re.I,
)
_MORE_THAN = re.compile(
    r"\s+(?:(?P<up>more|higher|greater|larger|bigger)|(?P<down>less|fewer|lower|"
    r"smaller))\s+than(?![\w])",
    re.I,
)
# between "70% more than" and the figure it is compared with
_THAN_GAP = re.compile(r"\s+(?:[a-z'’]+\s+){0,3}?(?:about\s+|around\s+|some\s+)?", re.I)
# the earlier of two figures
_OLD_BEFORE = re.compile(
    r"(?<![\w])(?:from|compared\s+(?:with|to)|against|than|last\s+year'?s|"
    r"previous|previously|before|then|ago\s+(?:it\s+)?(?:was|were|stood\s+at|"
    r"cost|had))\s+(?:[a-z'’]+\s+){0,3}?(?:about\s+|around\s+|some\s+)?$",
    re.I,
)
_OLD_AFTER = re.compile(
    r"(?:(?!compared|than|from|since|over)[^.;!?\d]){0,30}?(?<![\w])(?:a\s+year\s+(?:earlier|before|ago)|the\s+(?:year|"
    r"month|week|day)\s+before|last\s+year|previously|earlier|then|ago|before)"
    r"(?![\w])",
    re.I,
)
_OLD_SENTENCE = re.compile(
    r"\s*(?:Last\s+year|A\s+year\s+(?:ago|earlier)|[A-Z][a-z]+\s+years\s+ago|"
    r"In\s+\d{4}|Back\s+then|Then|Previously|Before)(?![\w])"
)
_SHARE_OR_END = re.compile(r"\s+(?:of|to)\s", re.I)
# a sentence that points back to the change before it
_ANAPHORIC = re.compile(
    r"\s*(?:That|This|It|Which|Such|The\s+(?:[a-z]+\s+){0,2}?(?:rise|increase|jump|"
    r"gain|growth|drop|fall|decline|decrease|cut|reduction|slump|change))(?![\w])"
)
_OF_BETWEEN = re.compile(r"\s+(?:of|out\s+of)\s+", re.I)


def _stated_percents(ctx: _Ctx) -> list[tuple[Quantity, str, str]]:
    """(percentage, direction, how) for each percentage stated as a change."""
    out = []
    for q in ctx.atoms:
        if q.type != "percent" or q.value is None or q.unit == "pp":
            continue
        s0 = ctx.sent_span(ctx.sent(q.start))[0]
        head = ctx.text[max(s0, q.start - 60) : q.start]
        m = _CHANGE_BEFORE.search(head)
        how = "change"
        if m is None:
            m = _CHANGE_AFTER.match(ctx.text, q.end)
        if m is None:
            m = _MORE_THAN.match(ctx.text, q.end)
            how = "than"
        if m is None or _SHARE_OR_END.match(ctx.text, q.end):
            continue  # "42 percent of the light"; "27 percent to $75.5bn"
        out.append((q, "up" if m.group("up") else "down", how))
    return out


def _is_old(ctx: _Ctx, q: Quantity) -> bool:
    s0 = ctx.sent_span(ctx.sent(q.start))[0]
    return bool(
        _OLD_BEFORE.search(ctx.text[max(s0, q.start - 40) : q.start])
        or _OLD_AFTER.match(ctx.after(q, 40))
        or (
            _OLD_SENTENCE.match(ctx.text, s0)
            and not any(
                f.start < q.start and ctx.sent(f.start) == ctx.sent(q.start)
                for f in ctx.figures
                if f is not q and f.noun != "years"
            )
        )
    )


def _is_from(ctx: _Ctx, q: Quantity) -> bool:
    s0 = ctx.sent_span(ctx.sent(q.start))[0]
    return bool(_OLD_BEFORE.search(ctx.text[max(s0, q.start - 40) : q.start]))


def _pair_changes(ctx: _Ctx) -> list[Relation]:
    """A percentage change stated beside two figures of one kind, the earlier
    of them cued; only where no from-to change holds the figures."""
    out: list[Relation] = []
    stated = _stated_percents(ctx)
    if not stated:
        return out
    figs_at = ctx.memo(
        "pair_figs",
        0,
        lambda: ctx.by_sentence(
            [
                f
                for f in ctx.figures
                if f.noun not in ("years", "year") and f.value and not _is_age(ctx, f)
            ]
        ),
    )
    in_from_to = ctx.memo(
        "from_to_ends",
        0,
        lambda: {
            id(x)
            for c in ctx.changes
            for x in (c.extra.get("_from"), c.extra.get("_to"))
            if x is not None
        },
    )
    for p, direction, how in stated:
        si = ctx.sent(p.start)
        near = [
            f
            for f in _window(figs_at, si - 1, si)
            if (ctx.sent(f.start) == si or f.start < p.start)
        ]
        if any(id(f) in in_from_to for f in near):
            continue
        kinds: dict[tuple[str, str | None], list[Quantity]] = {}
        for f in near:
            kinds.setdefault((f.type, f.unit), []).append(f)
        pairs = [fs for fs in kinds.values() if len(fs) == 2 and _same_kind(*fs)]
        if len(pairs) != 1:
            continue
        a, b = pairs[0]
        if _OF_BETWEEN.fullmatch(ctx.text, a.end, b.start):
            continue  # "120 of 150": a part and its whole
        if si not in (ctx.sent(a.start), ctx.sent(b.start)) and not _ANAPHORIC.match(
            ctx.text, ctx.sent_span(si)[0]
        ):
            continue  # "… Sales in Italy fell 85 percent": another subject
        if how == "than":
            # "5,100 tonnes, about 70% more than last year's 4,500": the figure
            # after "than" is the base
            m = _MORE_THAN.match(ctx.text, p.end)
            if not (
                m
                and a.end <= p.start
                and _THAN_GAP.fullmatch(ctx.text, m.end(), b.start)
            ):
                continue
            old, new = b, a
        else:
            old_a, old_b = _is_old(ctx, a), _is_old(ctx, b)
            if old_a and old_b:
                # "120 homicides last year, down from 150": "from" outranks
                old_a, old_b = _is_from(ctx, a), _is_from(ctx, b)
            if old_a == old_b:
                continue
            old, new = (a, b) if old_a else (b, a)
        assert old.value is not None and new.value is not None
        if (new.value > old.value) != (direction == "up") or new.value == old.value:
            continue  # the direction is another check's
        if max(old.value, new.value) / min(old.value, new.value) > 6:
            continue
        assert p.value is not None
        rel = (new.value - old.value) / old.value * 100
        label, sym = _judge_points(abs(rel), p.value, p.qualifier)
        out.append(
            Relation(
                p.start,
                p.end,
                label,
                "percent_change",
                f"({_fmt(new.value)} - {_fmt(old.value)}) / {_fmt(old.value)} = "
                f"{rel:+.1f}% {sym} {_fmt(p.value)}% ({p.text})",
                (("from", old), ("to", new), ("stated", p)),
                {},
            )
        )
    return out
