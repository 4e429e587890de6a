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
from typing import Any

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _change_reachable,
    _Ctx,
    _fmt,
    _is_age,
    _judge,
    _judge_points,
    _same_kind,
    _subunit_scale,
    _unrounded,
    _window,
)
from newscheck.numbers.extract import _MONTH_RE, _MONTHS, Quantity, noun_key

# a percentage stated as a change: "an increase of 30 percent", "a drop of 8
# percent", "climbed 35%", "by 40 per cent", "The decline, of 30 percent,"
_UP_WORDS = (
    r"rose|risen|rise|rises|rising|increased?|increases|increasing|increase\s+of|"
    r"grew|grown|growth\s+of|climbed|climb\s+of|jumped|jump\s+of|gained|gain\s+of|"
    r"up|soared|surged|rebounded"
)
_DOWN_WORDS = (
    r"fell|fallen|fall|falls|falling|fall\s+of|dropped|drop\s+of|declined?|"
    r"decline\s+of|decreased?|decrease\s+of|slid|slipped|sank|shrank|plunged|"
    r"tumbled|cut|cuts|cutting|reduced|reduction\s+of|down"
)
_CHANGE_BEFORE = re.compile(
    rf"(?<![\w])(?<!makes\s)(?<!make\s)(?<!made\s)"
    rf"(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))"
    # "cut the library budget by 40 per cent" (not "down from 9%", "reduced
    # to 35 percent": the figures of the change, not its size)
    r"(?:\s+(?!from\b|to\b|than\b|at\b|and\b)[a-z'’]+){0,3}?\s*,?\s+(?:by\s+|of\s+)?"
    r"(?:an?\s+)?"
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
    # "began the year at $15", "had stood at 40", "began in 2009 with 15"
    r"(?:began|started|opened)\s+(?:the\s+[a-z]+\s+)?at|had\s+stood\s+at|"
    r"(?:began|started|opened|launched|founded)(?:\s+in\s+\d{4})?\s+with|paid|"
    r"previous|previously|before|then|ago\s+(?:it\s+)?(?:was|were|stood\s+at|"
    r"cost|had))\s+(?:[a-z'’]+\s+){0,3}?(?:about\s+|around\s+|some\s+)?$",
    re.I,
)
_OLD_AFTER = re.compile(
    r"(?:(?!compared|than|from|since|over)[^.;!?\d]){0,45}?(?<![\w])(?:a\s+year\s+(?:earlier|before|ago)|the\s+(?:year|"
    r"month|week|day)\s+before|last\s+year|previously|earlier|then|ago|before)"
    r"(?![\w])",
    re.I,
)
_OLD_SENTENCE = re.compile(
    r"\s*(?:Last\s+year|A\s+year\s+(?:ago|earlier)|[A-Z][a-z]+\s+years\s+ago|"
    r"In\s+\d{4}|Back\s+then|Then|Previously|Before)(?![\w])"
)
# "trimmed its transport budget by $2.5 million", "an increase of $9 million"
_CHANGE_BY = re.compile(
    rf"(?<![\w])(?:(?P<up>{_UP_WORDS}|raised|boosted|lifted|added)|"
    rf"(?P<down>{_DOWN_WORDS}|trimmed|trims|slashed))"
    r"(?:\s+(?!from\b|to\b|than\b)[a-z'’]+){0,3}?\s*,?\s+(?:by|of)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|just\s+)?$",
    re.I,
)
# the later of two figures
_NEW_BEFORE = re.compile(
    r"(?<![\w])(?:to|(?:now|today|currently)(?:\s+[a-z]+)?)\s+(?:about\s+|around\s+|"
    r"some\s+)?$",
    re.I,
)
_NEW_SENTENCE = re.compile(
    r"\s*(?:This\s+year|Now|Today|These\s+days|By\s+[A-Za-z]+)(?![\w])"
)
_NOW_AFTER = re.compile(
    r"[^.;!?\d]{0,20}?(?<![\w])(?:this\s+year|now|today)(?![\w])", re.I
)
_SHARE_OR_END = re.compile(
    r"\s+(?:(?:in|by|on)\s+[A-Z0-9][\w]*\s+|this\s+year\s+|last\s+year\s+)?(?:of|to)\s"
    # "a jump of 140 cases over what was reported Monday": its base not given
    r"|(?:\s+[a-z]+){0,2}\s+(?:over|from|than|on)\s+what\b",
    re.I,
)
_BY_BEFORE = re.compile(r"(?<![\w])by\s+$", re.I)  # "by £12m to £86m": no range
# an amount of a change is no share ("of"), and its base must be given
_AMOUNT_NOT = re.compile(
    r"\s+of\s|(?:\s+[a-z]+){0,2}\s+(?:over|from|than|on)\s+what\b", re.I
)
# a sentence that points back to the change before it
_ANAPHORIC = re.compile(
    r"\s*(?:That|This|It|Which|Such|The\s+(?:[a-z]+\s+){0,2}?(?:rise|increase|jump|"
    r"gain|growth|drop|fall|decline|decrease|cut|reduction|slump|change))(?![\w])"
)
_OF_BETWEEN = re.compile(r"\s+(?:of|out\s+of)\s+", re.I)


def _stated_percents(ctx: _Ctx) -> list[tuple[Quantity, str, str]]:
    """(percentage, direction, how) for each percentage stated as a change
    (read once per text; four checks ask)."""
    found: list[tuple[Quantity, str, str]] = ctx.memo(
        "stated_percents", 0, lambda: _read_stated_percents(ctx)
    )
    return found


def _read_stated_percents(ctx: _Ctx) -> list[tuple[Quantity, str, str]]:
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


def _stated_amounts(ctx: _Ctx) -> list[tuple[Quantity, str, str, str]]:
    """(figure, direction, kind, phrase) for each amount or number of points stated as
    the size of a change: "grown by 260 animals", "a fall of 11 points",
    "trimmed its budget by $2.5 million", "an increase of $9 million"."""
    out = []
    seen: set[int] = set()
    for c in ctx.changes:
        q = c.extra.get("_by")
        if (
            "from" in c.extra
            or c.extra.get("by_type") not in ("count", "money")
            or not isinstance(q, Quantity)
            or _AMOUNT_NOT.match(ctx.text, q.end)
        ):
            continue
        seen.add(id(q))
        kind = "points" if noun_key(q.noun) == "point" else "amount"
        out.append((q, str(c.extra.get("direction", "")), kind, c.text))
    for q in ctx.figures:
        if id(q) in seen or q.type != "money" or q.value is None:
            continue
        s0 = ctx.sent_span(ctx.sent(q.start))[0]
        m = _CHANGE_BY.search(ctx.text[max(s0, q.start - 60) : q.start])
        if m and not _AMOUNT_NOT.match(ctx.text, q.end):
            out.append((q, "up" if m.group("up") else "down", "amount", q.text))
    return out


def _opens_sentence(ctx: _Ctx, q: Quantity, kinds: tuple[str, ...]) -> bool:
    """Whether no figure of *kinds* comes before *q* in its sentence, so that
    the sentence's opening ("Last year", "Today", "By September") dates it."""
    return not any(
        f.start < q.start
        for f in ctx.atoms_in(ctx.sent(q.start))
        if f is not q and f.type in kinds and f.noun != "years"
    )


def _is_old(ctx: _Ctx, q: Quantity) -> bool:
    s0 = ctx.sent_span(ctx.sent(q.start))[0]
    return bool(
        _OLD_BEFORE.search(ctx.text[max(s0, q.start - 40) : q.start])
        or _OLD_AFTER.match(ctx.after(q, 40))
        or (
            _OLD_SENTENCE.match(ctx.text, s0)
            and _opens_sentence(ctx, q, ("count", "money"))
        )
    )


def _is_new(ctx: _Ctx, q: Quantity) -> bool:
    s0 = ctx.sent_span(ctx.sent(q.start))[0]
    return bool(
        _NEW_BEFORE.search(ctx.text[max(s0, q.start - 20) : q.start])
        or _NOW_AFTER.match(ctx.after(q, 30))
        or (
            _NEW_SENTENCE.match(ctx.text, s0)
            and _opens_sentence(ctx, q, ("count", "money"))
        )
    )


_STAMP_AFTER = re.compile(
    rf"(?:\s+[a-z]+){{0,2}}?\s*,?\s*(?:in|by|during|for)\s+(?:(?P<y>\d{{4}})|"
    rf"(?P<m>{_MONTH_RE}))(?![\w])"
    r"|[^.;!?\d]{0,20}?(?<![\w])(?:(?P<new>this\s+year|now|today)|(?P<old>last\s+"
    r"year|a\s+year\s+(?:earlier|before|ago)|then|previously))(?![\w])",
    re.I,
)
_STAMP_OPENING = re.compile(
    rf"\s*(?:In|By|During)\s+(?:(?P<y>\d{{4}})|(?P<m>{_MONTH_RE}))(?![\w])"
    r"|\s*(?:(?P<new>This\s+year|Now|Today)|(?P<old>Last\s+year|A\s+year\s+"
    r"(?:earlier|ago)))(?![\w])",
    re.I,
)


def _dated(ctx: _Ctx, q: Quantity) -> bool:
    stamp = _stamp(ctx, q)
    return stamp is not None and stamp[0] in ("year", "month")


def _by_stamps(sa: tuple[str, int] | None, sb: tuple[str, int] | None) -> bool | None:
    """Whether the figure dated *sa* comes before the one dated *sb* (None:
    not known). "Now"/"this year" is after any date, "then"/"last year"
    before any."""
    if sa is None or sb is None or sa == sb:
        return None
    if sa[0] == sb[0]:
        return sa[1] < sb[1]
    if "rel" not in (sa[0], sb[0]):
        return None  # a year against a month
    rel, other_first = (sa, False) if sa[0] == "rel" else (sb, True)
    if rel[1] == 0:
        return None  # "last year" against "in 2022": which is earlier is not said
    return other_first


def _stamp(ctx: _Ctx, q: Quantity) -> tuple[str, int] | None:
    """When a figure is dated: ("year", 2019), ("month", 5), ("rel", 0 for
    last year / then, 1 for this year / now), from the words right after it,
    or from its sentence's opening when it is the sentence's first figure."""
    m = _STAMP_AFTER.match(ctx.text, q.end, min(len(ctx.text), q.end + 40))
    if m is None:
        if not _opens_sentence(ctx, q, ("count", "money", "percent")):
            return None
        m = _STAMP_OPENING.match(ctx.text, ctx.sent_span(ctx.sent(q.start))[0])
        if m is None:
            return None
    if m.group("y"):
        return "year", int(m.group("y"))
    if m.group("m"):
        return "month", _MONTHS[m.group("m").lower()]
    return "rel", 1 if m.group("new") else 0


def _is_from(ctx: _Ctx, q: Quantity) -> bool:
    s0 = ctx.sent_span(ctx.sent(q.start))[0]
    return bool(_OLD_BEFORE.search(ctx.text[max(s0, q.start - 40) : q.start]))


def _pair_changes(ctx: _Ctx) -> list[Relation]:
    """A change stated beside two figures of one kind, the earlier or the
    later of them cued; only where no from-to change holds the figures."""
    out: list[Relation] = []
    stated = [(p, d, how, "percent", p.text) for p, d, how in _stated_percents(ctx)]
    stated += [(q, d, "change", k, t) for q, d, k, t in _stated_amounts(ctx)]
    if not stated:
        return out
    figs_at = ctx.memo(
        "pair_figs",
        0,
        lambda: ctx.by_sentence(
            [
                f
                for f in ctx.atoms
                if f.type in ("count", "money", "percent")
                and f.unit != "pp"
                and f.noun not in ("years", "year")
                and f.value
                and not _is_age(ctx, f)
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
    # figures that are no before/after value: range ends ("$60,000 to
    # $70,000"), the sizes of other changes ("rose by 856,500 … to 2.1m")
    taken = {
        id(x)
        for c in ctx.qs
        if c.type == "range"
        # ("by £12m to £86m" is a change to an end figure, not a range)
        and not _BY_BEFORE.search(ctx.text, max(0, c.start - 6), c.start)
        for x in (c.extra.get("_a"), c.extra.get("_b"))
        if x is not None
    }
    taken |= {id(q) for q, *_ in stated}
    taken |= {id(c.extra["_by"]) for c in ctx.changes if "_by" in c.extra}
    for p, direction, how, kind, phrase in stated:
        if id(p) in ctx.range_of and not _BY_BEFORE.search(ctx.before(p, 6)):
            continue  # "a 3 percent to 5 percent increase": a range
        pair = _pair_for(ctx, p, kind, figs_at, in_from_to, taken)
        if pair is None:
            continue
        a, b = pair
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
            # two percentages (shares, rates) are a before/after pair only when
            # both are cued: "58 per cent in 2019 and 64 per cent this year"
            roles = _old_new(ctx, a, b, both=a.type == "percent")
            if roles is None:
                continue
            old, new = roles
        assert old.value is not None and new.value is not None and p.value is not None
        if new.value == old.value or (
            direction and (new.value > old.value) != (direction == "up")
        ):
            continue  # the direction is another check's
        if max(old.value, new.value) / min(old.value, new.value) > 6:
            continue
        spans = (("from", old), ("to", new), ("stated", p))
        pts = new.value - old.value
        if kind == "amount":
            label, sym = _judge(abs(pts), p.value, p.qualifier, ok=0.01, bad=0.1)
            if label == UNVERIFIABLE and _unrounded(p) and abs(abs(pts) - p.value) > 1:
                label, sym = INCONSISTENT, "≠"
            check = "absolute_change"
            arith = f"|{_fmt(new.value)} - {_fmt(old.value)}| = {_fmt(abs(pts))}"
        elif kind == "points":
            if old.type != "percent":
                continue
            label, sym = _judge_points(abs(pts), p.value, p.qualifier)
            check = "percentage_points"
            arith = f"{_fmt(new.value)} - {_fmt(old.value)} = {pts:+.1f} points"
        else:
            rel = pts / old.value * 100
            label, sym = _judge_points(abs(rel), p.value, p.qualifier)
            check = "percent_change"
            arith = (
                f"({_fmt(new.value)} - {_fmt(old.value)}) / {_fmt(old.value)} = "
                f"{rel:+.1f}%"
            )
            points_fit = (
                old.type == "percent"
                and label != CONSISTENT
                and _judge_points(abs(pts), p.value, p.qualifier)[0] == CONSISTENT
            )
            if points_fit:
                if label == INCONSISTENT:
                    # "58 per cent … 64 per cent. That is a rise of 6 per cent"
                    check = "percentage_points"
                    arith = (
                        f"{_fmt(new.value)}% - {_fmt(old.value)}% = {pts:+.1f} "
                        f"points, a change of {rel:+.1f}%; '{_fmt(p.value)} per "
                        "cent' reads the points as per cent"
                    )
                    sym = ""
                else:
                    continue
        bound = (old.qualifier, new.qualifier) != ("exact", "exact")
        if (
            label == INCONSISTENT
            and bound
            and _change_reachable(old, new, p.value, rel=kind == "percent")
        ):
            # "6,000 requests … to over 20,000": a bound, not a figure
            label, sym = UNVERIFIABLE, "?" if sym else sym
        if sym:
            arith += f" {sym} {_fmt(p.value)}{'%' if kind == 'percent' else ''}"
        out.append(Relation(p.start, p.end, label, check, f"{arith} ({phrase})", spans))
    return out


def _pair_for(
    ctx: _Ctx,
    p: Quantity,
    kind: str,
    figs_at: dict[int, list[tuple[int, Any]]],
    in_from_to: set[int],
    taken: set[int],
) -> tuple[Quantity, Quantity] | None:
    """The two figures of one kind a stated change *p* describes: in its
    sentence and the one before (a sentence of its own only when it points
    back: "That is …", "The decline …")."""
    si = ctx.sent(p.start)
    near = [
        f
        for f in _window(figs_at, si - 1, si)
        if f is not p
        and id(f) not in taken
        and (ctx.sent(f.start) == si or f.start < p.start)
    ]
    if any(id(f) in in_from_to for f in near):
        return None
    want = {"percent": ("count", "money", "percent"), "points": ("percent",)}
    types = want.get(kind, (p.type,))
    kinds: dict[tuple[str, str | None], list[Quantity]] = {}
    for f in near:
        if f.type in types and (kind != "amount" or f.unit == p.unit):
            kinds.setdefault((f.type, f.unit), []).append(f)
    pairs = [fs for fs in kinds.values() if len(fs) == 2 and _same_kind(*fs)]
    if kind == "percent" and len(pairs) > 1:
        # figures before percentages: "58 per cent … 64 per cent" only alone
        pairs = [fs for fs in pairs if fs[0].type != "percent"]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    if _OF_BETWEEN.fullmatch(ctx.text, a.end, b.start):
        return None  # "120 of 150": a part and its whole
    if si not in (ctx.sent(a.start), ctx.sent(b.start)) and not _ANAPHORIC.match(
        ctx.text, ctx.sent_span(si)[0]
    ):
        return None  # "… Sales in Italy fell 85 percent": another subject
    return a, b


def _old_new(
    ctx: _Ctx, a: Quantity, b: Quantity, *, both: bool = False
) -> tuple[Quantity, Quantity] | None:
    """(earlier, later) of two figures by their cues, or None; with *both*,
    only when one is cued as earlier and the other as later."""
    old_a, old_b = _is_old(ctx, a), _is_old(ctx, b)
    if old_a and old_b:
        # "120 homicides last year, down from 150": "from" outranks
        old_a, old_b = _is_from(ctx, a), _is_from(ctx, b)
    new_a, new_b = _is_new(ctx, a), _is_new(ctx, b)
    # "Last year it shrank by a third, to 1,000": "to" outranks the opening
    if old_a and new_a:
        old_a = _is_from(ctx, a)
    if old_b and new_b:
        old_b = _is_from(ctx, b)
    order = _by_stamps(_stamp(ctx, a), _stamp(ctx, b))
    if order is not None:
        # "58 per cent in 2019 and 64 per cent this year", "38 per cent in
        # May. By September … 31 per cent": the times they are dated at
        return (a, b) if order else (b, a)
    if both:
        # a figure dated by its year or month counts as marked earlier against
        # one marked as the later ("1,200 tonnes in 2022 … to 1,000 tonnes")
        old_a = old_a or (new_b and not new_a and _dated(ctx, a))
        old_b = old_b or (new_a and not new_b and _dated(ctx, b))
        if old_a and new_b and not (old_b or new_a):
            return a, b
        if old_b and new_a and not (old_a or new_b):
            return b, a
        return None
    if old_a != old_b:
        return (a, b) if old_a else (b, a)
    if new_a != new_b:
        return (b, a) if new_a else (a, b)
    return None


# a change of direction stated by its verb: "fell to $2.6 billion", "it
# has shrunk steadily"
_DIRECTION_VERB = re.compile(
    r"(?<![\w])(?:(?P<up>rose|risen|climbed|increased|grew|grown|jumped|soared|"
    r"surged|rebounded|went\s+up|gone\s+up)|(?P<down>fell|fallen|dropped|declined|"
    r"decreased|slid|slipped|sank|shrank|shrunk|eased|plunged|tumbled|dipped|"
    r"went\s+down|gone\s+down))(?![\w])",
    re.I,
)
_TO_FIG = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+to\s+(?:about\s+|around\s+|some\s+|just\s+)?$", re.I
)


_TO_NEAR = re.compile(r"(?:\s+[a-z]+){0,2}?\s+to\s+\S{0,12}[\d$£€]", re.I)
# " to 2.6", " to $3.9": found by its literal first, which the engine seeks fast
_TO_A_FIGURE = re.compile(r" to (?:about |around |some |just )?[\d$£€]")
_VERB_BACK = re.compile(_DIRECTION_VERB.pattern + r"(?:\s+[a-z]+){0,2}?\s*$", re.I)


def _direction_verbs(
    ctx: _Ctx, figs_at: dict[int, list[tuple[int, Any]]]
) -> list[re.Match[str]]:
    """The direction verbs worth reading, without scanning the whole text for
    them: those a few words before " to <figure>", and those of a sentence
    without figures between sentences with some ("Since then it has shrunk")."""
    found = []
    for t in _TO_A_FIGURE.finditer(ctx.text):
        m = _VERB_BACK.search(ctx.text, max(0, t.start() - 40), t.start())
        if m:
            found.append(m)
    for si in range(1, len(ctx.sentences) - 1):
        if si not in figs_at and (si - 1) in figs_at and (si + 1) in figs_at:
            s0, s1 = ctx.sent_span(si)
            found += _DIRECTION_VERB.finditer(ctx.text, s0, s1)
    return found


def _direction_changes(ctx: _Ctx) -> list[Relation]:
    """A rise or fall whose figures stand apart from its verb: "Net profit was
    $2.1 billion last year. This year it fell to $2.6 billion"; "900
    inhabitants in 1950. Since then it has shrunk steadily. Today just 1,100
    people live there". Both figures must be marked as the earlier and the
    later; a from-to change is left to its own check."""
    out: list[Relation] = []
    in_from_to = {
        id(x)
        for c in ctx.changes
        for x in (c.extra.get("_from"), c.extra.get("_to"))
        if x is not None
    }
    figs_at = ctx.by_sentence(
        [
            f
            for f in ctx.atoms
            if f.type in ("count", "money", "percent")
            and f.value
            and f.noun != "years"
            and id(f) not in ctx.range_of
            and id(f) not in in_from_to
        ]
    )
    for m in _direction_verbs(ctx, figs_at):
        si = ctx.sent(m.start())
        here = _window(figs_at, si, si)
        if here and not _TO_NEAR.match(ctx.text, m.end()):
            continue  # figures here, none "to" the verb: not this reading
        to = [
            f
            for f in here
            if f.start > m.end() and _TO_FIG.fullmatch(ctx.text, m.end(), f.start)
        ]
        if here and not to:
            continue
        window = _window(figs_at, si - 1, si + 1)
        kinds: dict[tuple[str, str | None], list[Quantity]] = {}
        for f in window:
            kinds.setdefault((f.type, f.unit), []).append(f)
        pairs = [v for v in kinds.values() if len(v) == 2 and _same_kind(*v)]
        if len(pairs) != 1 or (to and to[0] not in pairs[0]):
            continue
        if any(_is_age(ctx, f) for f in pairs[0]):
            continue
        roles = _old_new(ctx, *pairs[0], both=True)
        if roles is None or (to and roles[1] is not to[0]):
            continue
        rel = _direction_relation(m, *roles)
        if rel is not None:
            out.append(rel)
    return out


def _direction_relation(
    verb: re.Match[str], old: Quantity, new: Quantity
) -> Relation | None:
    """The direction *verb* states ("up"/"down" group) against the move from
    *old* to *new*; None for two figures that are no values of one thing
    (equal, or six times apart: "1,000 a week … to five")."""
    assert old.value is not None and new.value is not None
    if new.value == old.value or max(old.value, new.value) > 6 * min(
        old.value, new.value
    ):
        return None
    up = verb.group("up") is not None
    ok = (new.value > old.value) == up
    return Relation(
        verb.start(),
        verb.end(),
        CONSISTENT if ok else INCONSISTENT,
        "change_direction",
        f"{_fmt(old.value)} → {_fmt(new.value)} is "
        f"{'a rise' if new.value > old.value else 'a fall'}"
        + (", as stated" if ok else f", but the text says '{verb.group(0)}'"),
        (("from", old), ("to", new)),
        {},
    )


# "That is 40 more than the 184 reported a day earlier", "$1.12, down 5
# cents from $1.15", "That is up 1,600 from 13,400 last year"
_UP_DOWN_BEFORE = re.compile(r"(?<![\w])(?:up|down)\s+(?:by\s+)?$", re.I)
_FROM_AFTER = re.compile(r"(?:\s+[a-z]+)?\s+from\s+(?:the\s+|a\s+)?", re.I)
_THAN_AFTER = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:more|fewer|less|higher|lower|greater|larger|smaller)\s+"
    r"than\s+(?:the\s+|a\s+)?",
    re.I,
)
_IT_IS = re.compile(r"\s*(?:That|This|It)(?:\s+is|\s+was|'s|’s)\s+(?:now\s+)?", re.I)
_TIED_COMMA = re.compile(r"[^.;!?\d]{0,40}?,\s*")


def _compared_amounts(ctx: _Ctx) -> list[Relation]:
    """An amount stated as the difference between a figure and a base after
    "from"/"than": the figure is the one right before it ("$1.12 on Friday,
    down 5 cents from $1.15") or, in a sentence opening "That is", the one
    of the sentence before ("… rose to 212. That is 40 more than the 184")."""
    out: list[Relation] = []
    atoms = [
        q
        for q in ctx.atoms
        if q.type in ("count", "money") and q.value is not None and q.noun != "years"
    ]
    for i, n in enumerate(atoms[:-1]):
        m_ = atoms[i + 1]
        if ctx.sent(m_.start) != ctx.sent(n.start):
            continue
        head = ctx.before(n, 12)
        up_down = _UP_DOWN_BEFORE.search(head)
        if up_down:
            if not _FROM_AFTER.fullmatch(ctx.text, n.end, m_.start):
                continue
        elif not _THAN_AFTER.fullmatch(ctx.text, n.end, m_.start):
            continue
        # where the phrase begins: "down" in "…, down 5 cents from"
        phrase_at = n.start - len(head) + up_down.start() if up_down else n.start
        scale = _subunit_scale(n.noun, m_.unit) if m_.type == "money" else 1.0
        if scale is None or (m_.type == "count" and n.type != "count"):
            continue
        si = ctx.sent(n.start)
        s0 = ctx.sent_span(si)[0]
        before = [
            q
            for q in ctx.atoms_in(si)
            if q.start < n.start
            and q.value is not None
            and q.noun != "years"
            and (q.type, q.unit) == (m_.type, m_.unit)
        ]
        new = None
        if before and _TIED_COMMA.fullmatch(ctx.text, before[-1].end, phrase_at):
            new = before[-1]
        elif not before and _IT_IS.match(ctx.text, s0) and si > 0:
            prev = [
                q
                for q in ctx.atoms_in(si - 1)
                if q.value is not None
                and q.noun != "years"
                and (q.type, q.unit) == (m_.type, m_.unit)
                and _same_kind(q, m_)
            ]
            new = prev[-1] if prev else None
        if new is None or new.value is None or m_.value is None or n.value is None:
            continue
        diff = abs(new.value - m_.value)
        stated = n.value * scale
        label, sym = _judge(diff, stated, n.qualifier, ok=0.01, bad=0.1)
        if label == UNVERIFIABLE and _unrounded(n) and abs(diff - stated) >= 1:
            label, sym = INCONSISTENT, "≠"
        out.append(
            Relation(
                n.start,
                n.end,
                label,
                "absolute_change",
                f"|{_fmt(new.value)} - {_fmt(m_.value)}| = {_fmt(diff)} {sym} "
                f"{_fmt(stated)} ({n.text}{' ' + n.noun if n.noun else ''})",
                (("to", new), ("from", m_), ("stated", n)),
                {},
            )
        )
    return out
