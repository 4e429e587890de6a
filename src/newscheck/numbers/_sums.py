"""A base, an increment and the total they make, each marked by its own cue,
whatever their nouns (check ``sum``), in counts or in one currency: "had 41
teachers last year. After seven hires over the summer, its teaching staff
now stands at 52"; "Added to the 8,400 volumes already on its shelves, the
gift brings the collection to 10,650"; "Together with the 6,000 put in the
ground last year, that makes 9,000 trees". A base may follow its total when
its cue says it came before ("taking its lending to $7.5bn from the $4.3bn
agreed last year"; "… to 140. Until Monday the count had stood at 109").
Writers name one body of things by several nouns (books and volumes,
saplings and trees), so the roles come from the cues alone; a reading counts
only when exactly one assignment of the three roles fits.
"""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._roles import (
    _TIME_AFTER,
    Relation,
    _Ctx,
    _fmt,
    _is_age,
    _judge_sum,
    _window,
)
from newscheck.numbers.extract import Quantity

_BASE_CUE = re.compile(
    r"(?<![\w])(?:already|existing|(?:its|their|the)\s+(?:existing\s+)?[a-z]+\s+of|"
    r"together\s+with\s+the|added\s+to\s+(?:the|last\s+year'?s)|with\s+the|"
    r"alongside\s+the|on\s+top\s+of\s+the|in\s+addition\s+to\s+the|to\s+the|"
    r"to\s+its|had|owned|owns|controls?|held|holds|stood\s+at|up\s+from|from\s+the|"
    r"had\s+(?:stood\s+at|been|amounted\s+to|totalled|numbered|given|reached)|"
    r"having\s+held|contained|currently\s+(?:admits|has|holds|employs)|"
    r"had\s+(?:[a-z]+\s+){1,3}?with|after|last\s+year'?s|against\s+the)\s+"
    r"(?:about\s+|some\s+|"
    r"nearly\s+)?$",
    re.I,
)
_BASE_AFTER = re.compile(
    r"[^.;!?\d]{0,30}?(?<![\w])(?:already|had\s+been|had\s+already)(?![\w])", re.I
)
_INC_CUE = re.compile(
    r"(?<![\w])(?:another|a\s+further|more|new|additional|extra|added|adds|adding|"
    r"add|picked\s+up|took\s+on|taken\s+on|pledged|approved|booked|secured|"
    r"hired|recruited|planted|bought|received|catalogued|built|opened|signed|"
    r"gained|welcomed|after|if\s+the|his|her|delivery\s+of)\s+(?:[a-z]+\s+)?$",
    re.I,
)
_INC_AFTER = re.compile(
    r"\s+(?:more|new|additional|extra|hires|recruits|recruitments)(?![\w])"
    # "With the 25 it bought at auction …"
    r"|\s+(?:it|they|he|she|we)\s+(?:bought|added|acquired|received|hired|built|"
    r"planted|signed|opened)(?![\w])",
    re.I,
)
_TOTAL_CUE = re.compile(
    r"(?<![\w])(?:now|total\s+of|totals?|totalling|brings?|bringing|brought|takes?|"
    r"taking|took|raising|raises|raised|stands?\s+at|numbers?|numbered|will\s+have|"
    r"makes?|made|you\s+get|comes?\s+to|to|has|have|puts?|putting|giving\s+\w+|"
    r"now\s+controls?|has\s+now\s+cost|now\s+costs?|lifts?\s+[^.;]{0,40}?\s+to|"
    r"(?:puts?|putting)\s+[^.;\d]{0,40}?\s+at)"
    r"\s+(?:about\s+|nearly\s+|more\s+than\s+|some\s+|roughly\s+|almost\s+|"
    r"a\s+record\s+)?$",
    re.I,
)
# a base stated after its total: "taking its tally to 141, up from 108",
# "… to 326. Until Tuesday the count had stood at 298"
_BASE_BEFORE_NOW = re.compile(
    r"(?<![\w])(?:up\s+from|from\s+the|had(?:\s+(?:stood\s+at|been|amounted\s+to|"
    r"totalled|numbered|given|reached))?|having\s+held|contained|last\s+year'?s|"
    r"before|previously)\s+(?:[a-z'’]+\s+){0,4}?(?:about\s+|some\s+|nearly\s+)?$",
    re.I,
)
# the figure a "takes/brings … to" sentence starts from: "Kane's two goals
# took his tally to 31", "Another 42mm of rain fell. That takes …"
_SUBJECT_OF_TOTAL = re.compile(
    r"[^.;!?\d]{0,60}?(?<![\w])(?:took|takes|take|taking|brought|brings|bring|"
    r"bringing|lifts|lifted|lifting|pushed|pushes|pushing)\s",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:'s|’s)\s+$")


def _cued_sums(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    counts = [
        q
        for q in ctx.figures
        if q.type in ("count", "money")
        and q.value is not None
        and not _TIME_AFTER.match(ctx.text, q.end)
        and id(q) not in ctx.range_of
    ]
    if len(counts) < 3:
        return out
    at = ctx.by_sentence(counts)
    seen: set[int] = set()
    for si in sorted(at):
        window = _window(at, si, si + 1)
        if len(window) < 3 or len(window) > 5:
            continue
        roles = [(q, _role_cues(ctx, q)) for q in window]
        fits = [
            (b, i, t)
            for (b, rb), (i, ri), (t, rt) in itertools.permutations(roles, 3)
            if "base" in rb
            and "inc" in ri
            and "total" in rt
            and t.start > i.start
            and (t.start > b.start or _BASE_BEFORE_NOW.search(ctx.before(b, 40)))
            and (b.type, b.unit) == (i.type, i.unit) == (t.type, t.unit)
            and b.qualifier == "exact"
            and i.qualifier == "exact"
            and t.value
            and 0.5 <= ((b.value or 0) + (i.value or 0)) / t.value <= 2.0
        ]
        if len(fits) != 1:
            continue
        b, i, t = fits[0]
        if id(t) in seen or _is_age(ctx, t) or t.value is None:
            continue
        seen.add(id(t))
        assert b.value is not None and i.value is not None
        after = b.value + i.value
        if not 0.5 <= after / t.value <= 2.0:
            continue
        # "180 seats … four … 186": every role is cued, so the figures' own
        # rounding is all the slack there is
        label, sym = _judge_sum(after, b, i, t, strict=True)
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "sum",
                f"{_fmt(b.value)} + {_fmt(i.value)} = {_fmt(after)}; "
                f"{_fmt(after)} {sym} {_fmt(t.value)} ({t.text})",
                (("increment", i), ("base", b), ("total", t)),
                {"sum": after, "stated": t.value, "qualifier": t.qualifier},
            )
        )
    return out


def _role_cues(ctx: _Ctx, q: Quantity) -> set[str]:
    """The roles the words around *q* give it: base, increment, total."""
    head = ctx.before(q, 40)
    roles = set()
    if _BASE_CUE.search(head) or _BASE_AFTER.match(ctx.text, q.end):
        roles.add("base")
    if (
        _INC_CUE.search(head)
        or _INC_AFTER.match(ctx.text, q.end)
        or (_POSSESSIVE.search(head) and _SUBJECT_OF_TOTAL.match(ctx.text, q.end))
    ):
        roles.add("inc")
    if _TOTAL_CUE.search(head):
        roles.add("total")
    return roles
