"""A base, an increment and the total they make, each marked by its own cue,
whatever their nouns (check ``sum``): "had 41 teachers last year. After seven
hires over the summer, its teaching staff now stands at 52"; "Added to the
8,400 volumes already on its shelves, the gift brings the collection to
10,650"; "Together with the 6,000 put in the ground last year, that makes
9,000 trees". Writers name one body of things by several nouns (books and
volumes, saplings and trees), so the roles come from the cues alone; a
reading counts only when exactly one assignment of the three roles fits.
"""

from __future__ import annotations

import itertools
import re

from newscheck.numbers._roles import (
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
    r"together\s+with\s+the|added\s+to\s+the|with\s+the|alongside\s+the|"
    r"on\s+top\s+of\s+the|in\s+addition\s+to\s+the|to\s+the|had|owned|owns|"
    r"controls?|held|holds|stood\s+at)\s+(?:about\s+|some\s+|nearly\s+)?$",
    re.I,
)
_BASE_AFTER = re.compile(
    r"[^.;!?\d]{0,30}?(?<![\w])(?:already|had\s+been|had\s+already)(?![\w])", re.I
)
_INC_CUE = re.compile(
    r"(?<![\w])(?:another|a\s+further|more|new|additional|extra|added|adds|adding|"
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
    r"makes?|made|you\s+get|comes?\s+to|to|has|have)\s+(?:about\s+|nearly\s+|"
    r"more\s+than\s+|"
    r"some\s+|roughly\s+|almost\s+)?$",
    re.I,
)
_TIME_NOUNS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months "
    "year years decade decades".split()
)


def _cued_sums(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    counts = [
        q
        for q in ctx.figures
        if q.type == "count"
        and q.value is not None
        and (q.noun or "").lower() not in _TIME_NOUNS
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
            and t.start > max(b.start, i.start)
            and b.qualifier == "exact"
            and i.qualifier == "exact"
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
    if _INC_CUE.search(head) or _INC_AFTER.match(ctx.text, q.end):
        roles.add("inc")
    if _TOTAL_CUE.search(head):
        roles.add("total")
    return roles
