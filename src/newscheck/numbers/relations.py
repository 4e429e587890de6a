"""Check an article's figures against each other, showing the arithmetic.

Each :class:`Relation` is one check: ``label`` is ``consistent``,
``inconsistent`` or ``unverifiable``; ``start``/``end`` is the phrase being
checked ("nearly doubling", "over 3,000"); ``spans`` names the other figures by
role; ``arithmetic`` is a one-line sum a reader can redo.

The checks (``check`` field):

``multiplier``
    "nearly doubling", "tripled", "halving" against an increment ("1,500 more
    troops", "adding 900 more") and the base it adds to ("the 1,600 already
    there", "adding to the 900 already deployed", or the one earlier figure of
    the same things); or a multiplier governing a from-to pair ("doubled from
    $15 to $30", "grew sevenfold, from 2m to 14m", "shrank by a third, from
    1,200 to 800", "80 cents to $3.20"). A fall is judged on its inverse ratio.
``sum``
    base + increment against a later stated total ("over 3,000", "now numbers
    460", "bringing/taking its hires to 23"); figures stated to the unit allow
    no rounding slack.
``total``
    parts listed in one sentence ("$21m for …, $15m for … and $12m for …", "£3m
    … and twice that …") against the total right after them ("a total of", "in
    all", "add up to"), before them across a colon ("has 12 prisons: five …,
    four … and three …", parts in digits or words, of any noun), closed by
    "the remaining N" / "the rest, N" with the whole before them, as
    participles that may not exceed the whole ("played 38, winning 20, drawing
    10 and losing 8"; "won 18 of its 30, losing 12"), in the next sentence
    opening "In all," / "Altogether," (the nouns agreeing), stated earlier and
    pointed to ("… add up to exactly what they promised"), or, only when the
    parts exceed it, a whole in the sentence before ("The appeal raised £65,000.
    Donors gave …").
``fraction``
    a fraction or percentage of a whole restated as a count ("two thirds of
    the 90 members, or 60", "one in five of the 2,000 residents, about 400
    people", "15% of its 2,000 staff, or 300 people").
``times``
    "3 times what it was", "five times the 8 cases" against the figure it is
    tied to and the one it is compared with (in its sentence or the one before).
``percent_shares``
    shares of one whole ("52% of respondents … 41% of respondents") above 100,
    or not adding to 100 with "the remaining 7%" / "the rest, 7%" (the shares
    before it, up to two sentences back in its paragraph).
``percent_over_100``
    a share of a population above 100% ("115% of registered voters").
``part_whole`` / ``part_percent``
    "95 of the 80 patients", "Out of 500 applicants, 550 …", "treated 80
    patients. Of those, 95 …"; "30 of the 200 bridges, or 25%".
``percent_change`` / ``absolute_change`` / ``change_direction``
    "rose 40%, from 800 to 1,000"; "cut by $6 million, from $30 million to $26
    million"; "fell from $2.1 billion to $2.6 billion"; also "$40m → $95m",
    "went from $1,000 to $1,300", "1.2 million in 2019 and 840,000 in 2020",
    "rose to 800 units from 1,200 units", "…, about 70% more than before",
    percentage points against the difference of two percentages (to a tenth
    of a point when the figures are given to tenths), the change stated in the
    next sentence ("That is an increase of 45 percent"), and a rise to an end
    figure whose start was stated before it ("carries 40,000 cars. Traffic will
    rise 25% to 50,000").
``date_order`` / ``duration`` / ``year_gap`` / ``age``
    "from 2012 to 2008"; "from 1950 to 1953 … the three-year war", "began in
    2010 and was completed in 2014 … the four-year project", "built in 1964 and
    demolished in 2011, after 47 years of use", "signed in 1815 and lasted until
    1848, more than three decades", "… It took six years." (years before 1800
    after "in"/"since" or in a from/between pair); "passed in 1990 … repealed
    in 2005, 20 years later", "… 20 years later, in 2010"; "Born in 1950, she
    was 58 when she won in 2008".
``conversion``
    an amount restated in brackets in another currency or unit ("$5.6bn
    (£3.5bn)", "10 miles (16 km)"), flagged only at a rate far outside any
    market rate (a factor of 2.5) or the unit's factor (25%).

Roles. A figure's role (part, total, base, increment, whole, start or end
year, the year a gap dates, the figure a multiplier describes) comes from the
structure around it — a list joined by commas and "and", a colon, cue words
("already", "more", "in all", "the remaining", "began"/"closed", "of
those", "bringing … to", "born in", a multiplier word before "from"), the
figure it sits next to — within its sentence or a short window of sentences,
not from one pattern per phrasing. ``inconsistent`` findings
show the arithmetic ("$21m + $30m = $51m, not $48m").

Every rule is deliberately conservative: a figure is called ``inconsistent``
only when it is outside a wide tolerance for its qualifier ("nearly", "over",
"about"); the band between "agrees" and "clearly disagrees" is
``unverifiable``.

Cost: every check looks for its other figures in a few neighbouring sentences
(quantities are indexed by sentence once), so the work grows linearly with the
text. A "sentence" longer than :data:`MAX_SENTENCE_CHARS` characters (a text
without sentence breaks; news sentences stay far below it) is read as pieces of
that length, so that no window of sentences holds more than a bounded number
of figures.

Why one module of about 2,500 lines: every check reads the same per-sentence
index of quantities, the same cue tables and the same role finder (parts,
totals, bases, years) and writes the same :class:`Relation`; the next split,
by check family over a shared roles module, is planned rather than done.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newscheck import deadline
from newscheck.numbers.extract import Quantity, noun_key

__all__ = ["MAX_SENTENCE_CHARS", "Relation", "find_relations"]

#: Longer sentences are checked as pieces of this many characters.
MAX_SENTENCE_CHARS = 2_000

CONSISTENT, INCONSISTENT, UNVERIFIABLE = "consistent", "inconsistent", "unverifiable"

# Nouns that may name the same body of things under different words.
_GROUPS = [
    frozenset(
        """troop soldier trainer adviser advisor personnel force marine serviceman
        servicemember boot""".split()
    ),
    frozenset("vote ballot".split()),
    frozenset(
        """staff employee worker job post position personnel people person role
        workforce headcount""".split()
    ),
]
_POPULATION = frozenset(
    """voter resident respondent people population adult child children student
    household citizen member employee worker patient user customer participant
    american women men woman man inhabitant electorate home family families staff
    teacher doctor nurse pupil business companies company firm school vote ballot
    seat land territory country farmer driver passenger""".split()
)
_INC_AFTER = re.compile(r"\s+(?:more|additional|extra|new|fresh)(?![\w])", re.I)
_INC_BEFORE = re.compile(
    r"(?:another|a\s+further|further|an\s+additional|additional|an\s+extra|extra)"
    r"\s+$",
    re.I,
)
_DEC_BEFORE = re.compile(
    r"(?<![\w])(?:cut|cuts|cutting|shed|sheds|shedding|eliminated?|eliminating|"
    r"lost|lose|loses|losing|slash(?:ed|es|ing)?|ax(?:e|ed|es|ing)|closed?|closing|"
    r"withdr[ae]w\w*|remov(?:e|ed|es|ing))\s+(?:\w+\s+)?$",
    re.I,
)
_BASE_BEFORE = re.compile(
    r"(?<![\w])(?:already|currently|existing|previously|before|normally|usually|"
    r"had|in\s+addition\s+to|joining|join|joins|on\s+top\s+of|until\s+now|so\s+far|"
    r"at\s+present|presently)(?![\w])",
    re.I,
)
_BASE_AFTER = re.compile(r"^[^.;!?]{0,40}?(?<![\w])already(?![\w])", re.I)
_TOTAL_BEFORE = re.compile(
    r"(?<![\w])(?:now|total|totals|totalling|totaling|in\s+all|altogether|"
    r"bringing|brings|brought|combined|overall)(?![\w])",
    re.I,
)
_TOTAL_EXPLICIT_BEFORE = re.compile(
    r"(?:total\s+of|totall?ing|(?:a\s+)?combined|in\s+total|altogether|overall|"
    r"(?:add|adds|added|adding)\s+up\s+to|"
    r"total(?:s|ed)?)\s+(?:of\s+)?(?:some\s+|about\s+|around\s+|roughly\s+)?$",
    re.I,
)
_TOTAL_EXPLICIT_AFTER = re.compile(
    r"^(?:\s+[a-z]+){0,2}?\s+(?:in\s+all|in\s+total|altogether|combined)(?![\w])",
    re.I,
)
_REMAINING = re.compile(r"(?:remaining|the\s+rest|the\s+other|another|other)\s+$", re.I)
# Between two shares, words that suggest two different wholes or measurements.
_NOT_SAME_WHOLE = re.compile(
    r"(?<![\w])(?:but|however|whereas|compared|than|versus|vs|study|survey|poll|"
    r"year|years|month|ago|earlier|previous|previously|last|before|after|since|"
    r"up|down|from|rose|fell)(?![\w])",
    re.I,
)
_PERIOD_NOUN = re.compile(
    r"[\s-]+(?:long\s+)?(?:war|wars|conflict|period|span|closure|project|programme|"
    r"program|study|occupation|campaign|ban|siege|drought|strike|tenure|reign|rule|"
    r"career|effort|process|stint|delay|freeze|moratorium|shutdown|dispute|"
    r"investigation|trial|construction|journey|marriage|presidency|term)(?![\w])",
    re.I,
)
_LASTED_BEFORE = re.compile(
    r"(?<![\w])(?:lasted|lasting|lasts|last|spanned|spanning|took|for)\s+$", re.I
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_PART_OF = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+|all\s+)?$", re.I
)
_OF_THE_START = re.compile(
    r"\s*(?:[Oo]f|[Aa]mong|[Oo]ut\s+of)\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+)?"
)
_PCT_AFTER_PART = re.compile(r"^[^.;!?]{0,60}?(?:,\s*or\s+|\s+or\s+|\s*\(\s*|,\s+)$")
_GAP_WORD = re.compile(
    r"\s*(?:years?\s+)?(?P<dir>later|after|before|earlier|on)\b", re.I
)
_START_CUE = re.compile(
    r"(?<![\w])(?:began|begun|started|opened|founded|launched|established|"
    r"built|broke\s+out|erupted|took\s+office|elected|created|signed|formed|"
    r"introduced|enacted|ratified|adopted|inaugurated|installed|appointed|"
    r"set\s+up)\s+(?:in\s+)?$",
    re.I,
)
_END_CUE = re.compile(
    r"(?<![\w])(?:(?:ended|ending|completed|finished|closed|concluded|shut|"
    r"demolished|dissolved|left\s+office|stepped\s+down|retired|abandoned|"
    r"repealed|scrapped|replaced|torn\s+down|knocked\s+down)"
    r"(?![\w])[^.;]{0,30}?\s+in|(?:lasted|remained|continued|ran|stayed|"
    r"served|survived|endured|held)(?:\s+[a-z]+){0,2}?\s+(?:until|till))\s+$",
    re.I,
)
# after the end year of a span, the span in apposition: ", after 57 years of
# use", ", more than four decades", ", six years of work" (not "… later",
# "… ago", "… old")
_SPAN_APPOSITION = re.compile(
    r"\s*,\s*(?:after\s+|lasting\s+|spanning\s+|some\s+)?", re.I
)
_SPAN_AFTER = re.compile(
    r"(?!\s+(?:later|ago|old|earlier|after|before|since|on|from|to|younger|older)"
    r"(?![\w]))(?:\s+(?:of|in)\s+[a-z]+|\s*(?:[.;,]|$))",
    re.I,
)
# the next sentence naming the span's length: "In total it took eight years."
_IT_TOOK = re.compile(
    r"(?<![\w])(?:it|this|that)\s+(?:took|lasted|spanned|had\s+taken|had\s+"
    r"lasted)\s+$",
    re.I,
)
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the|its)\s+", re.I)
_NOT_A_SPAN = frozenset(
    """low high lows highs record peak best worst old olds average mortgage
    mortgages bond bonds yield yields note notes contract deal lease loan plan
    sentence term history""".split()
)
_PRONOUN_VERB = re.compile(
    r"\s+(?:it|they|he|she|we)\s+(?:was\s+|were\s+|had\s+(?:been\s+)?)?"
    r"([a-z]+(?:\s+(?:out|office))?)(?![\w])",
    re.I,
)
_DEFINITE_BEFORE = re.compile(r"(?<![\w])(?:the|this|that|its|their)\s+$", re.I)
_GENERIC_BEFORE = re.compile(
    r"(?<![\w])(?:over|in|within|for|during|across)\s+an?\s+$", re.I
)
_LIST_GAP = re.compile(r"(?=[^.;:!?\d]*(?:,|\band\b|\bplus\b))[^.;:!?\d]{1,48}", re.I)
_HAS_DIGIT = re.compile(r"\d")
_ADD_UP_REF = re.compile(
    r"[^.;!?\d]{0,60}?(?<![\w])(?:add|adds|added|adding)\s+up\s+to\s+"
    r"(?:exactly\s+|precisely\s+)?(?:what|the\s+(?:figure|sum|amount|total)|that"
    r"|it)(?![\w])",
    re.I,
)
_TIMES_TIED = re.compile(r"[^.;:!?\d]{0,25}?,?\s*(?:or\s+|about\s+|roughly\s+)?")
_RANGE_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:to|-|–|or)\s*$",
    re.I,
)
_NAMED_THAN = re.compile(r"\s+than\s+(?!\$|£|€|\d|the\s+\d)", re.I)
_AFTER_EVENT = re.compile(
    r"\s+(?:(?:the|its|his|her|their|a|that|this|those|these)\s+)?([A-Za-z][\w-]*)"
)
_WITH_BEFORE = re.compile(r"(?<![\w])with\s+(?:about\s+|nearly\s+|over\s+)?$", re.I)
_REMAINING_ANY = re.compile(
    r"(?<![\w])(?:(?:the\s+)?remaining|the\s+other|all\s+other|"
    r"the\s+(?:rest|remainder)(?:\s*,|\s+(?:were|was|are|is|made\s+up)))\s*$",
    re.I,
)
_WHOLE_CUE = re.compile(
    r"(?<![\w])(?:raised|raises|cost|costs|spent|spend|spends|spending|budget|"
    r"worth|total|totalled|totaled|received|collected|earned|allocated|paid|"
    r"employs|employed|counted|recorded|registered|enrolled)(?![\w])",
    re.I,
)
_NEXT_TWO = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")
_SCORE_PAIR = re.compile(
    r"(?<![\d.,])\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+to\s+"
    r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per\s+cent)",
    re.I,
)
_MORE_THAN = re.compile(
    r"\s+(?:(?P<up>more|higher|greater|larger|bigger)|(?P<down>less|fewer|lower|"
    r"smaller))\s+than(?![\w])",
    re.I,
)
_ANAPHORA = re.compile(
    r"\s*(?:That|This|It|Which)(?:\s+is|\s+was|'s|’s|\s+represents|\s+marks|"
    r"\s+amounts\s+to|\s+means)\s",
)
_OF_THEM_AFTER = re.compile(r"\s+(?:out\s+)?of\s+(?:them|those|these)(?![\w])", re.I)
_OF_THEM_START = re.compile(r"\s*(?:Of|Among)\s+(?:them|those|these)\s*,\s*")
_CONV_OPEN = re.compile(
    r"(?:[\s-]*[A-Za-z]+){0,2}\s*[(\[]\s*(?:or\s+|about\s+|around\s+|roughly\s+|some\s+)?"
)
_CONV_CLOSE = re.compile(r"(?:\s*[A-Za-z]+){0,2}\s*[)\]]")
_TIME_UNITS = frozenset("second minute hour day week month year decade century".split())
_COLON_LIST = re.compile(
    r"(?:(?=[^:]*\b[a-z]+\b)[^:\d.;!?]{0,40}|\s*)(?<!\d):\s*(?:the\s+)?"
)  # "… on three bridges: …", not a label ("Transportation: …")
_THAN = re.compile(r"\s+than(?![\w])", re.I)
# "taking its intake for the spring to 57": a running total
_RUNNING_TO = re.compile(
    r"(?<![\w])(?:taking|takes|took|raising|raises|raised|pushing|pushes|pushed|"
    r"lifting|lifts|lifted|swelling|swells|swelled)\s+(?:[a-z'’]+\s+){1,7}?to\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+)?$",
    re.I,
)
_AND = re.compile(r"(?<![\w])(?:and|plus|then)(?![\w])", re.I)
_CLOSED_LIST = re.compile(r"(?<![\w])(?:and|plus)(?![\w])", re.I)
# Between a list and a later figure: the figure is in another clause.
_OTHER_CLAUSE = re.compile(
    r"(?<![\w])(?:while|whereas|but|although|though|when|where|"
    r"if|because)(?![\w])",
    re.I,
)
_TIED_BEFORE = re.compile(r"\s*,?\s*(?:just\s+|only\s+|some\s+)?", re.I)
_TIED_AFTER = re.compile(r"\s*,?\s*(?:in|by)\s+", re.I)
_CHANGE_CONTEXT = re.compile(
    r"(?:rose|rise|rising|risen|increased?|grew|growth|climbed|jumped|fell|drop|"
    r"dropped|declined?|decreased?|(?<!made\s)(?<!make\s)(?<!makes\s)up|down|by)"
    r"\s+$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Relation:
    """One consistency check between an article's own figures."""

    start: int
    end: int
    label: str
    check: str
    arithmetic: str
    spans: tuple[tuple[str, Quantity], ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


def _fmt(v: float) -> str:
    v = round(v, 6)  # "$4.1bn" is 4100000000.0000005 in binary
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}" if abs(v) >= 10_000 else str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


_SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}


def _amount_format(values: list[float], q: Quantity) -> Any:
    """A formatter for *values* read as *q* reads: "$21m", "$1.2bn", "1,500"."""
    sym = _SYMBOL.get(q.unit or "", "") if q.type == "money" else ""
    for scale, suffix in ((1e9, "bn"), (1e6, "m")):
        if values and all(v >= scale / 10 and v % (scale / 100) == 0 for v in values):
            return lambda v, s=scale, x=suffix: f"{sym}{_fmt(v / s)}{x}"
    return lambda v: f"{sym}{_fmt(v)}"


def _compatible(a: str | None, b: str | None) -> bool:
    ka, kb = noun_key(a), noun_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return any(ka in g and kb in g for g in _GROUPS)


_QUAL_WORD = {
    "over": ">",
    "at_least": "≥",
    "under": "<",
    "at_most": "≤",
    "nearly": "≲",
    "approx": "≈",
    "exact": "=",
}


def _judge(
    actual: float, claimed: float, qual: str, *, ok: float, bad: float
) -> tuple[str, str]:
    """Compare *actual* with a *claimed* figure read with qualifier *qual*.

    ``ok``/``bad`` are relative tolerances for an exact claim; approximate
    claims get wider ones. Returns (label, symbol relating actual to claimed).
    """
    if claimed == 0:
        return (CONSISTENT, "=") if actual == 0 else (UNVERIFIABLE, "?")
    r = actual / claimed
    if qual in ("over", "at_least"):
        if r >= 1.0 - 1e-9:
            return CONSISTENT, ">" if r > 1 else "="
        return (INCONSISTENT if r < 1 - max(bad, 0.05) else UNVERIFIABLE), "<"
    if qual in ("under", "at_most"):
        if r <= 1.0 + 1e-9:
            return CONSISTENT, "<" if r < 1 else "="
        return (INCONSISTENT if r > 1 + max(bad, 0.05) else UNVERIFIABLE), ">"
    if qual == "nearly":
        if 1 - max(2 * ok, 0.2) <= r <= 1 + ok / 2:
            return CONSISTENT, "≲"
        if r > 1 + max(bad / 2, 0.05) or r < 1 - max(bad, 0.25):
            return INCONSISTENT, ">" if r > 1 else "≪"
        return UNVERIFIABLE, "?"
    if qual == "approx":
        ok, bad = max(ok, 0.12), max(bad, 0.3)
    dev = abs(r - 1)
    if dev <= ok:
        return CONSISTENT, "≈" if dev > 1e-9 else "="
    if dev > bad:
        return INCONSISTENT, "≠"
    return UNVERIFIABLE, "?"


def _judge_factor(ratio: float, factor: float, qual: str) -> tuple[str, str]:
    """:func:`_judge` for a multiplier: a fall ("halved", "by a third") is
    judged on the inverse ratio, so that 8,000 -> 3,000 (x2.67 down) is as far
    from halving as 3,000 -> 8,000 is from doubling."""
    if factor >= 1 or ratio <= 0:
        return _judge(ratio, factor, qual, ok=0.1, bad=0.25)
    label, sym = _judge(1 / ratio, 1 / factor, qual, ok=0.1, bad=0.25)
    flip = {">": "<", "<": ">", "≲": "≳", "≪": "≫"}
    return label, flip.get(sym, sym)


_SUBUNIT = {"cent": ("USD", 0.01), "cents": ("USD", 0.01), "pence": ("GBP", 0.01)}
_SUBUNIT["p"] = ("GBP", 0.01)


def _money_value(q: Quantity, other: Quantity) -> float | None:
    """*q*'s value in the currency of *other*: "80 cents" against "$3.20" is
    0.80."""
    if q.type == "count" and other.type == "money" and q.value is not None:
        sub = _SUBUNIT.get((q.noun or "").lower())
        if sub is not None and sub[0] == other.unit:
            return q.value * sub[1]
    return q.value


_DERIVED = re.compile(
    r"(?<![\w])(?P<k>twice|double|half|(?P<n>two|three|four|five|\d)\s+times)\s+"
    r"(?:that|this|as\s+much|as\s+many)(?:\s+(?:amount|number|figure|sum))?(?![\w])",
    re.I,
)
_STOP_PUNCT = re.compile(r"[.;!?]")
_TIMES_WORD = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}


def _start(q: Quantity) -> int:
    return q.start


def _derived_figures(text: str, figures: list[Quantity]) -> list[Quantity]:
    """ "twice that", "half that", "three times as much": a figure made from
    the one just before it in its sentence ("£3m in its first year and twice
    that in its second" is £6m)."""
    out: list[Quantity] = []
    if not figures:
        return out
    # the regex runs only where one of its words is (a scan of the whole
    # text with it is slow)
    found: dict[int, re.Match[str]] = {}
    for word, back in (("twice ", 0), ("double ", 0), ("half ", 0), (" times ", 6)):
        i = text.find(word)
        while i >= 0:
            m0 = _DERIVED.search(text, max(0, i - back), i + len(word) + 30)
            if m0 is not None:
                found.setdefault(m0.start(), m0)
            i = text.find(word, i + 1)
    starts = [q.start for q in figures]
    for _, m in sorted(found.items()):
        k_s = m.group("k").lower()
        n = m.group("n")
        k = (
            2.0
            if k_s in ("twice", "double")
            else 0.5
            if k_s == "half"
            else _TIMES_WORD.get(n.lower(), 0.0) or float(n)
        )
        i = bisect.bisect_left(starts, m.start()) - 1
        if i < 0:
            continue
        a = figures[i]
        gap = text[a.end : m.start()]
        if len(gap) > 60 or _HAS_DIGIT.search(gap) or _STOP_PUNCT.search(gap):
            continue
        assert a.value is not None
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                a.type,
                value=a.value * k,
                unit=a.unit,
                noun=a.noun,
                qualifier=a.qualifier,
                extra={"derived": k, "_of": a},
            )
        )
    return out


class _Ctx:
    """Per-text index: quantities by sentence."""

    def __init__(
        self,
        text: str,
        quantities: Sequence[Quantity],
        sentences: Sequence[tuple[int, int]],
        durations: Sequence[Quantity],
    ) -> None:
        self.text = text
        self.sentences = _pieces(sentences) or [(0, len(text))]
        self.starts = [s for s, _ in self.sentences]
        self._sent_at: dict[int, int] = {}
        self._memo: dict[tuple[str, int], Any] = {}
        self.qs = list(quantities)
        self.durations = list(durations)
        self.atoms = [q for q in self.qs if q.is_atom]
        self.figures = [
            q
            for q in self.atoms
            if q.type in ("count", "money") and q.value is not None
        ]
        self.changes = [q for q in self.qs if q.type == "change"]
        derived = _derived_figures(text, self.figures)
        # the figures a list of parts may hold: "twice that" counts as a part
        self.listed = (
            sorted([*self.figures, *derived], key=_start) if derived else self.figures
        )

    def sent(self, pos: int) -> int:
        i = self._sent_at.get(pos)
        if i is None:
            i = self._sent_at[pos] = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return i

    def by_sentence(self, items: Sequence[Any]) -> dict[int, list[tuple[int, Any]]]:
        """Sentence index -> ``[(position in items, item)]`` of quantities (or
        ``(quantity, …)`` tuples), in the order of *items*."""
        out: dict[int, list[tuple[int, Any]]] = {}
        for k, item in enumerate(items):
            q = item if isinstance(item, Quantity) else item[0]
            out.setdefault(self.sent(q.start), []).append((k, item))
        return out

    def memo(self, name: str, key: int, make: Any) -> Any:
        """``make()`` once per *name* and *key* (sentence index, position)."""
        got = self._memo.get((name, key), _MISSING)
        if got is _MISSING:
            got = self._memo[(name, key)] = make()
        return got

    def sent_span(self, i: int) -> tuple[int, int]:
        return self.sentences[i]

    def before(self, q: Quantity, n: int = 80) -> str:
        s0 = self.sent_span(self.sent(q.start))[0]
        return self.text[max(s0, q.start - n) : q.start]

    def after(self, q: Quantity, n: int = 60) -> str:
        e0 = self.sent_span(self.sent(q.start))[1]
        return self.text[q.end : min(e0, q.end + n)]


_MISSING = object()


def _pieces(sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """*sentences*, each longer than :data:`MAX_SENTENCE_CHARS` cut into pieces."""
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        while e - s > MAX_SENTENCE_CHARS:
            out.append((s, s + MAX_SENTENCE_CHARS))
            s += MAX_SENTENCE_CHARS
        out.append((s, e))
    return out


def _window(index: dict[int, list[tuple[int, Any]]], lo: int, hi: int) -> list[Any]:
    """The items of sentences *lo* to *hi* of *index*, in their original order."""
    found = [index[i] for i in range(lo, hi + 1) if i in index]
    if len(found) == 1:
        return [item for _, item in found[0]]
    merged = sorted(itertools.chain.from_iterable(found), key=_first)
    return [item for _, item in merged]


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def find_relations(
    text: str,
    quantities: Sequence[Quantity],
    sentences: Sequence[tuple[int, int]],
    durations: Sequence[Quantity] = (),
) -> list[Relation]:
    """All consistency checks between the figures of *text*.

    *quantities* come from :func:`~newscheck.numbers.extract.extract_quantities`
    on the same *text*; *sentences* are ``(start, end)`` offsets.
    """
    if not quantities:
        return []
    ctx = _Ctx(text, quantities, sentences, durations)
    out: list[Relation] = []
    for check in _CHECKS:
        deadline.check()
        out += check(ctx)
    out.sort(key=lambda r: (r.start, r.end, r.check))
    # two readings of one total (a colon list of one noun): keep the first
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for r in out:
        key = (r.start, r.end, r.check)
        if r.check == "total" and key in seen:
            continue
        seen.add(key)
        kept.append(r)
    return kept


# ------------------------------------------------------------ increments & sums
def _delta(ctx: _Ctx, q: Quantity, *, bare: bool = False) -> float | None:
    """+value for "1,500 more troops" / "another 2,000", -value for "cut 600 jobs";
    with *bare*, also for an increment that names no noun ("and 9 more")."""
    if q.type != "count" or q.noun == "years":
        return None
    assert q.value is not None
    head = ctx.text[max(0, q.start - 30) : q.start]
    if q.noun is None:
        if not bare:
            return None
        # "and 9 more in August", "adding 900 more": an increment naming no
        # noun (not "5 more than")
        m = _INC_AFTER.match(ctx.text, q.end)
        if (m and not _THAN.match(ctx.text, m.end())) or _INC_BEFORE.search(head):
            return q.value
        return None
    if _INC_AFTER.match(ctx.text, q.end) or _INC_BEFORE.search(head):
        return q.value
    if _DEC_BEFORE.search(head):
        return -q.value
    return None


def _is_base(ctx: _Ctx, q: Quantity) -> bool:
    if q.type != "count" or q.value is None:
        return False
    return bool(
        ctx.memo(
            "base",
            id(q),
            lambda: bool(
                _BASE_BEFORE.search(ctx.before(q)) or _BASE_AFTER.match(ctx.after(q))
            ),
        )
    )


def _is_total(ctx: _Ctx, q: Quantity) -> bool:
    return bool(
        ctx.memo(
            "total",
            id(q),
            lambda: (
                bool(_TOTAL_BEFORE.search(ctx.before(q, 60)))
                or bool(_TOTAL_EXPLICIT_AFTER.match(ctx.after(q, 40)))
                or bool(_RUNNING_TO.search(ctx.before(q, 60)))
            ),
        )
    )


def _nearest(ctx: _Ctx, anchor: int, cands: list[Quantity]) -> Quantity | None:
    if not cands:
        return None
    si = ctx.sent(anchor)
    return min(
        cands, key=lambda c: (abs(ctx.sent(c.start) - si), abs(c.start - anchor))
    )


def _multiplier_and_sum(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    counts = [q for q in ctx.figures if q.type == "count"]
    deltas = [(q, d) for q in counts if (d := _delta(ctx, q, bare=True)) is not None]
    deltas_at = ctx.by_sentence(deltas)
    counts_at = ctx.by_sentence(counts)
    bases_at: dict[int, list[tuple[int, Any]]] | None = None

    def bases_near(q: Quantity, si: int) -> list[Quantity]:
        """Base figures for *q* within 3 sentences of sentence *si*."""
        nonlocal bases_at
        if bases_at is None:
            bases_at = ctx.by_sentence([b for b in counts if _is_base(ctx, b)])
        cued = [
            b
            for b in _window(bases_at, si - 3, si + 3)
            if b is not q
            and (
                _compatible(b.noun, q.noun)
                # "adding to the 900 already deployed": the noun is the increment's
                or (b.noun is None and ctx.sent(b.start) == si and b.start > q.end)
            )
        ]
        if cued:
            return cued
        # no cue: the one earlier figure of the same things in the paragraph
        # ("a crew of 60 nurses. … hired 60 additional nurses")
        implicit = [
            b
            for b in _window(counts_at, si - 2, si)
            if b.start < q.start
            and b.noun
            and _compatible(b.noun, q.noun)
            and _delta(ctx, b) is None
            and not _is_total(ctx, b)
            and b.qualifier == "exact"
        ]
        if len(implicit) == 1 or q.noun is not None:
            return implicit if len(implicit) == 1 else []
        # "hired 14 teachers in June and 9 more in August": an increment that
        # names no noun adds to the counted figure it follows, in its sentence
        # (joined by "and"), else the one counted figure of the sentence before
        named = [
            b
            for b in _window(counts_at, si - 1, si)
            if b.start < q.start
            and b.noun
            and b.noun != "years"
            and _delta(ctx, b) is None
            and not _is_total(ctx, b)
            and b.qualifier == "exact"
        ]
        here = [b for b in named if ctx.sent(b.start) == si]
        if here:
            b = here[-1]
            gap = ctx.text[b.end : q.start]
            return [b] if _AND.search(gap) and not _HAS_DIGIT.search(gap) else []
        return named if len(named) == 1 else []

    used_totals: set[int] = set()
    done_pairs: set[tuple[int, int]] = set()
    factors = [
        c for c in ctx.changes if "factor" in c.extra and not c.extra.get("times")
    ]
    for f in factors:
        si = ctx.sent(f.start)
        in_sent = _window(deltas_at, si, si)
        if not in_sent:
            if not _in_from_to(ctx, f):
                out.append(
                    _unverifiable(f, "multiplier", "no figures to check it against")
                )
            continue
        factor = float(f.extra["factor"])
        in_sent = [(q, d) for q, d in in_sent if (d > 0) == (factor > 1)]
        if not in_sent:
            out.append(_unverifiable(f, "multiplier", "no matching increment found"))
            continue
        q, d = min(in_sent, key=lambda x: abs(x[0].start - f.start))
        base = _nearest(ctx, q.start, bases_near(q, si))
        if base is None:
            out.append(
                _unverifiable(
                    f, "multiplier", "no base figure found", spans=(("increment", q),)
                )
            )
            continue
        assert base.value is not None
        after = base.value + d
        ratio = after / base.value
        label, sym = _judge_factor(ratio, factor, f.qualifier)
        op = "+" if d >= 0 else "-"
        arith = (
            f"{_fmt(base.value)} {op} {_fmt(abs(d))} = {_fmt(after)}; "
            f"{_fmt(after)} / {_fmt(base.value)} = {ratio:.2f} {sym} {_fmt(factor)} "
            f"({f.text})"
        )
        out.append(
            Relation(
                f.start,
                f.end,
                label,
                "multiplier",
                arith,
                (("increment", q), ("base", base)),
                {"ratio": round(ratio, 4), "factor": factor, "qualifier": f.qualifier},
            )
        )
        done_pairs.add((q.start, base.start))
    # base + increment against a stated total, with or without a multiplier phrase
    for q, d in deltas:
        si = ctx.sent(q.start)
        base = _nearest(ctx, q.start, bases_near(q, si))
        if base is None or base.value is None:
            continue
        after = base.value + d
        last = max(q.start, base.start)
        s_last = ctx.sent(last)  # a later total is in this sentence or after
        totals = [
            t
            for t in _window(counts_at, s_last, s_last + 12)
            if t is not q
            and t is not base
            and t.start > last
            and (ctx.sent(t.start) != si or _is_total(ctx, t))
            and ctx.sent(t.start) - ctx.sent(last) <= 12
            and (_is_total(ctx, t) or t.qualifier != "exact")
            and (
                _compatible(t.noun, q.noun or base.noun)
                # "…, bringing its new hires this summer to 25"
                or (t.noun is None and _is_total(ctx, t) and ctx.sent(t.start) == si)
            )
            and t.value
            and 0.5 <= after / t.value <= 2.0
            and t.start not in used_totals
        ]
        if not totals:
            continue
        t = totals[0]
        assert t.value is not None
        used_totals.add(t.start)
        label, sym = _judge(after, t.value, t.qualifier, ok=0.02, bad=0.08)
        if label == UNVERIFIABLE and _unrounded(q, base, t):
            label, sym = INCONSISTENT, "≠"  # "14 + 9 = 23, not 25": no rounding
        op = "+" if d >= 0 else "-"
        arith = (
            f"{_fmt(base.value)} {op} {_fmt(abs(d))} = {_fmt(after)}; "
            f"{_fmt(after)} {sym} {_fmt(t.value)} ({t.text})"
        )
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "sum",
                arith,
                (("increment", q), ("base", base), ("total", t)),
                {"sum": after, "stated": t.value, "qualifier": t.qualifier},
            )
        )
    return out


def _unrounded(*qs: Quantity) -> bool:
    """Whether figures are stated to the unit, so a sum of them allows no
    slack: exact whole numbers below 100, or not a multiple of 10."""
    return all(
        q.qualifier == "exact"
        and q.value is not None
        and q.value == int(q.value)
        and (q.value < 100 or q.value % 10 != 0)
        for q in qs
    )


def _in_from_to(ctx: _Ctx, f: Quantity) -> bool:
    si = ctx.sent(f.start)
    froms = ctx.memo(
        "from",
        0,
        lambda: ctx.by_sentence([c for c in ctx.changes if "from" in c.extra]),
    )
    return any(c is not f for c in _window(froms, si, si))


def _unverifiable(
    q: Quantity, check: str, why: str, *, spans: tuple[tuple[str, Quantity], ...] = ()
) -> Relation:
    return Relation(q.start, q.end, UNVERIFIABLE, check, why, spans, {})


def _same_kind(a: Quantity, b: Quantity) -> bool:
    """Two figures that can be parts of one total: same type and unit, and
    (counts) the same noun or none."""
    if a.type != b.type or a.unit != b.unit or a.noun == "years" or b.noun == "years":
        return False
    if a.type == "count" and a.noun and b.noun:
        return _compatible(a.noun, b.noun)
    return True


# Ages are never parts of a sum: "two brothers, aged 8 and 11, … four in all".
_AGED_BEFORE = re.compile(r"(?<![\w])(?:aged|ages(?:\s+of)?|age\s+of)\s+$", re.I)
_YEARS_OLD_AFTER = re.compile(r"\s*(?:-|\s)?years?(?:-|\s)old\b", re.I)


def _is_age(ctx: _Ctx, q: Quantity) -> bool:
    """*q* reads as someone's age ("aged 8", "11 years old", "a 7-year-old")."""
    return bool(
        _AGED_BEFORE.search(ctx.before(q, 12))
        or _YEARS_OLD_AFTER.match(ctx.after(q, 15))
    )


def _lists(ctx: _Ctx) -> list[list[Quantity]]:
    """Runs of two or more figures of one kind listed in one sentence ("$21m for
    Harbor Street, $15m for Mill Road and $12m for Eastgate"); a run holding an
    age is no list of parts."""
    return [run for run in _runs(ctx) if not any(_is_age(ctx, q) for q in run)]


def _runs(ctx: _Ctx) -> list[list[Quantity]]:
    """:func:`_lists` before ages are ruled out."""
    out: list[list[Quantity]] = []
    run: list[Quantity] = []
    for q in ctx.listed:
        if q.value is None or q.qualifier != "exact":
            if len(run) >= 2:
                out.append(run)
            run = []
            continue
        if run:
            p = run[-1]
            if (
                ctx.sent(p.start) == ctx.sent(q.start)
                and q.start - p.end <= 50
                and _same_kind(p, q)
                and _LIST_GAP.fullmatch(ctx.text, p.end, q.start)
                and not _TOTAL_EXPLICIT_BEFORE.search(ctx.text, p.end, q.start)
                and not _TOTAL_BEFORE.search(ctx.text, p.end, q.start)
                and _delta(ctx, q) is None
                and _delta(ctx, p) is None
                and not _TOTAL_EXPLICIT_AFTER.match(ctx.after(q, 40))
            ):
                run.append(q)
                continue
            if len(run) >= 2:
                out.append(run)
        run = [q]
    if len(run) >= 2:
        out.append(run)
    return out


def _explicit_totals(ctx: _Ctx) -> list[Relation]:
    """Parts listed in a sentence against the total they are said to make: a
    total right after the list ("…, a total of $9m", "…, 23 goals in all"),
    before it with a colon ("$48m on three bridges: …"), or stated earlier and
    pointed to ("… add up to exactly what they promised")."""
    out = []
    figures_at = ctx.by_sentence(ctx.listed)
    for parts in _lists(ctx):
        if len(parts) > 6:
            continue
        first, last = parts[0], parts[-1]
        closed = bool(_CLOSED_LIST.search(ctx.text, parts[-2].end, last.start))
        si = ctx.sent(first.start)
        s_end = ctx.sent_span(si)[1]
        t: Quantity | None = None
        exhaustive = True
        basis = "after"
        nxt = [q for q in _window(figures_at, si, si) if q.start >= last.end]
        if nxt and _same_kind(nxt[0], last):
            q = nxt[0]
            gap = ctx.text[last.end : q.start]
            if (
                len(gap) <= 45
                and not _HAS_DIGIT.search(gap)
                and not _OTHER_CLAUSE.search(gap)
                and (
                    _TOTAL_EXPLICIT_BEFORE.search(gap)
                    or (
                        _TOTAL_EXPLICIT_AFTER.match(ctx.after(q, 40)) and q.end <= s_end
                    )
                )
            ):
                t = q
        if t is None:
            before = [
                q
                for q in _window(figures_at, si, si)
                if q.end <= first.start and _same_kind(q, first)
            ]
            # "$48m on three bridges: $21m for …, $15m for … and $12m for …": the
            # list opens right after the colon, closes with "and" and ends
            # the sentence's figures
            after_last = [q for q in _window(figures_at, si, si) if q.start > last.end]
            if (
                before
                and closed
                and not after_last
                and _COLON_LIST.fullmatch(ctx.text, before[-1].end, first.start)
                and (before[-1].value or 0) > max(p.value or 0 for p in parts)
            ):
                t, basis = before[-1], "colon"
        if t is None and closed and _ADD_UP_REF.match(ctx.text, last.end):
            # "… add up to exactly what they promised": the figure stated before
            earlier = [
                q
                for q in _window(figures_at, si - 3, si)
                if q.end <= first.start and _same_kind(q, first) and q.value
            ]
            if earlier:
                t, basis = earlier[-1], "stated before"
        if t is None and si > 0 and len(parts) >= 3:
            # "The appeal raised £T. Donors gave £a, firms £b and the council £c."
            kind = [
                q for q in _window(figures_at, si - 1, si - 1) if _same_kind(q, first)
            ]
            if (
                len(kind) == 1
                and kind[0].value
                and kind[0].value > max(p.value or 0 for p in parts)
                and (kind[0].type == "money" or kind[0].noun)
                and _WHOLE_CUE.search(ctx.before(kind[0], 30))
            ):
                t, exhaustive, basis = kind[0], False, "previous sentence"
        if t is None or t.value is None or any(p.value is None for p in parts):
            continue
        total = sum(p.value for p in parts if p.value is not None)
        label, sym = _judge(total, t.value, t.qualifier, ok=0.005, bad=0.03)
        if not exhaustive:
            # parts not said to be all of it: only more than the whole is wrong
            if total > t.value * 1.03 and t.qualifier in ("exact", "under", "at_most"):
                label, sym = INCONSISTENT, ">"
            elif label != CONSISTENT:
                continue
        fmt = _amount_format([p.value or 0 for p in parts] + [t.value], t)
        arith = " + ".join(fmt(p.value or 0) for p in parts)
        verb = "not" if label == INCONSISTENT else sym
        arith += f" = {fmt(total)}, {verb} {fmt(t.value)} ({t.text})"
        spans = (*(("part", p) for p in parts), ("total", t))
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "total",
                arith,
                spans,
                {"sum": total, "total_at": basis},
            )
        )
    return out


def _times(ctx: _Ctx) -> list[Relation]:
    out = []
    figures_at: dict[int, list[tuple[int, Any]]] | None = None
    for f in ctx.changes:
        if not f.extra.get("times"):
            continue
        si = ctx.sent(f.start)
        if figures_at is None:
            figures_at = ctx.by_sentence(ctx.figures)
        if _RANGE_BEFORE.search(ctx.text, max(0, f.start - 16), f.start):
            continue  # "28 to 55 times higher": a range of factors
        if _NAMED_THAN.match(ctx.text, f.end):
            continue  # "seven times more than Peru": compared with no figure
        figs = [q for q in _window(figures_at, si, si) if q.noun != "years"]
        # the figure the phrase describes: right before it ("it helped 280
        # families, five times as many"); the one it is compared with: the one
        # other figure of its kind here, else in the sentence before
        tied = [
            q
            for q in figs
            if q.end <= f.start
            and _TIMES_TIED.fullmatch(ctx.text, q.end, f.start)
            and "," in ctx.text[q.end : f.start]
            # "3 times that size": the figure before is what it is compared with
            and (
                not f.text.lower().endswith((" that", " the"))
                or any(0 <= x.start - f.end <= 2 for x in figs)
            )
        ]
        pair: list[Quantity] | None = None
        ref: list[Quantity] = []
        if tied:
            hi_q = tied[-1]
            others = [q for q in figs if q is not hi_q and _same_kind(q, hi_q)]
            # "five times the 8 cases": the figure named right after it
            ref = [
                q
                for q in figs
                if 0 <= q.start - f.end <= 2
                and (q.type, q.unit) == (hi_q.type, hi_q.unit)
            ]
            others = ref or others
            if not others:
                others = [
                    q
                    for q in _window(figures_at, si - 1, si - 1)
                    if _same_kind(q, hi_q)
                ]
            if len(others) == 1:
                pair = [others[0], hi_q]
        after = [q for q in figs if q.start >= f.end]
        if (
            pair is None
            and len(after) == 2
            and _same_kind(after[0], after[1])
            and ":" in ctx.text[f.end : min(after[0].start, f.end + 40)]
            and after[0].value != after[1].value
        ):
            pair = after  # "4 times what it was: $90 billion against $30 billion"
            tied = after
        if pair is None:
            by_type: dict[tuple[str, str | None], list[Quantity]] = {}
            for q in figs:
                by_type.setdefault((q.type, q.unit), []).append(q)
            pairs = [v for v in by_type.values() if len(v) == 2]
            if len(pairs) != 1:
                out.append(
                    _unverifiable(f, "times", "no single pair of figures to compare")
                )
                continue
            pair = pairs[0]
        a, b = pair
        lo, hi = sorted((a, b), key=lambda q: q.value or 0)
        if not lo.value or hi.value is None:
            continue
        ratio = hi.value / lo.value
        factor = float(f.extra["factor"])
        label, sym = _judge(ratio, factor, f.qualifier, ok=0.08, bad=0.2)
        note = ""
        if label != CONSISTENT and f.extra.get("ambiguous_plus_one"):
            alt, alt_sym = _judge(ratio, factor + 1, f.qualifier, ok=0.08, bad=0.2)
            if alt == CONSISTENT or (alt == UNVERIFIABLE and label == INCONSISTENT):
                label, sym = alt, alt_sym
                note = f" (read as {_fmt(factor + 1)}x)"
        if label == INCONSISTENT and not (tied and (ref or _same_kind(a, b))):
            label = UNVERIFIABLE  # two figures of the sentence, not tied to it
        arith = (
            f"{_fmt(hi.value)} / {_fmt(lo.value)} = {ratio:.2f} {sym} {_fmt(factor)}"
            f"{note} ({f.text})"
        )
        out.append(
            Relation(
                f.start,
                f.end,
                label,
                "times",
                arith,
                (("larger", hi), ("smaller", lo)),
                {"ratio": round(ratio, 4), "factor": factor},
            )
        )
    return out


# ------------------------------------------------------------------ percentages
def _in_change(ctx: _Ctx, q: Quantity) -> bool:
    if _CHANGE_CONTEXT.search(ctx.before(q, 25)):
        return True
    by = ctx.memo(
        "by",
        0,
        lambda: {id(b) for c in ctx.changes if (b := c.extra.get("_by")) is not None},
    )
    return id(q) in by


def _share_label(members: list[Quantity], to_100: bool) -> tuple[str, str, float]:
    total = sum(q.value for q in members if q.value is not None)
    n_approx = sum(q.qualifier != "exact" for q in members)
    slack = 0.5 + 1.5 * n_approx + 0.5 * len(members)
    arith = " + ".join(_fmt(q.value or 0) for q in members) + f" = {_fmt(total)}"
    if to_100:
        if abs(total - 100) <= slack:
            return CONSISTENT, arith + " ≈ 100", total
        if abs(total - 100) > slack + 2:
            return INCONSISTENT, arith + ", not 100 (the shares and the rest)", total
        return UNVERIFIABLE, arith + " ? 100", total
    if total > 100 + slack:
        return INCONSISTENT, arith + ", more than 100 (shares of one whole)", total
    return CONSISTENT, arith + " ≤ 100", total


# A share of the whole said in words, which the figures of a share list miss.
_WORD_SHARE = re.compile(
    r"\b(?:half|(?:a|one|two)\s+thirds?|(?:a|one|three)\s+quarters?|"
    r"(?:a|one|two|three|four)\s+fifths?|most|the\s+(?:majority|bulk)|"
    r"(?:a|the)\s+(?:large|larger|small|smaller)\s+(?:part|share|portion))"
    r"\s+(?:of|goes|went|is|was|came)\b",
    re.I,
)


def _percent_shares(ctx: _Ctx) -> list[Relation]:
    """Shares of one whole: above 100 in all, or not 100 with "the remaining 7%"
    (the shares before it in its paragraph, up to two sentences back)."""
    out = []
    pcts = [
        q
        for q in ctx.atoms
        if q.type == "percent"
        and q.unit == "%"
        and q.value is not None
        and not _WITH_BEFORE.search(ctx.before(q, 12))  # "with 93% counted"
    ]
    pcts_at = ctx.by_sentence(pcts)
    in_rest: set[int] = set()
    rests = {
        id(r)
        for r in pcts
        if _REMAINING_ANY.search(ctx.before(r, 25)) and not _in_change(ctx, r)
    }
    for r in pcts:
        if id(r) not in rests:
            continue
        si = ctx.sent(r.start)
        members: list[Quantity] = []
        for k in range(si, max(-1, si - 3), -1):
            here = [q for q in _window(pcts_at, k, k) if q.end <= r.start]
            if k < si and (not here or "\n\n" in ctx.text[here[-1].end : r.start]):
                break
            members = here + members
        if any(id(q) in rests for q in members):
            members = members[
                max(i for i, q in enumerate(members) if id(q) in rests) + 1 :
            ]  # "the remaining 0.4% … among the other 99%": from the last rest on
        if not members or len(members) > 5:
            continue
        if any(_in_change(ctx, q) or q.value is None for q in members):
            continue
        if any(q.extra.get("of") and q.noun in ("total", "all") for q in members):
            continue
        lead = ctx.sent_span(ctx.sent(members[0].start))[0]
        if _WORD_SHARE.search(ctx.text, lead, r.start):
            continue  # "Half … and 30% …; the other 20%": a share in words
        # the shares it completes are the nearest few: any run of them ending
        # at it that makes 100 is a reading that agrees
        label = ""
        for j in range(len(members) - 1, -1, -1):
            label, arith, total = _share_label([*members[j:], r], True)
            if label == CONSISTENT:
                members = members[j:]
                break
        members.append(r)
        if label != CONSISTENT:
            label, arith, total = _share_label(members, True)
        in_rest.update(id(q) for q in members)
        out.append(
            Relation(
                members[0].start,
                r.end,
                label,
                "percent_shares",
                arith,
                tuple(("share", q) for q in members),
                {"sum": total},
            )
        )
    groups: dict[tuple[int, str], list[Quantity]] = {}
    for q in pcts:
        if q.extra.get("of") and q.noun and not _in_change(ctx, q):
            groups.setdefault((ctx.sent(q.start), noun_key(q.noun) or ""), []).append(q)
    for group in groups.values():
        if len(group) < 2 or any(id(q) in in_rest for q in group):
            continue
        if any(
            b.start - a.end > 90 or _NOT_SAME_WHOLE.search(ctx.text, a.end, b.start)
            for a, b in itertools.pairwise(group)
        ):
            continue
        predicates = [_predicate(ctx, q) for q in group]
        if len(set(predicates)) < len(predicates):
            continue  # "60% of voters backed X, 70% of voters backed Y": not a split
        label, arith, total = _share_label(group, False)
        values = [q.value for q in group]
        if label == INCONSISTENT and len(set(values)) < len(values):
            continue  # "80% of cases … at least, 80%": one figure said twice
        out.append(
            Relation(
                group[0].start,
                group[-1].end,
                label,
                "percent_shares",
                arith + f" [% of {group[0].noun}]",
                tuple(("share", q) for q in group),
                {"sum": total},
            )
        )
    return out


def _predicate(ctx: _Ctx, q: Quantity) -> str:
    """The two words after "X% of [the] <noun>" ("voted for", "backed the"), or
    ''."""
    noun = q.noun or ""
    i = ctx.text.find(noun, q.end, q.end + 50) if noun else -1
    if i < 0:
        return ""
    m = _NEXT_TWO.match(ctx.text, i + len(noun))
    return " ".join(w.lower() for w in m.groups() if w) if m else ""


def _percent_over_100(ctx: _Ctx) -> list[Relation]:
    out = []
    for q in ctx.atoms:
        if (
            q.type == "percent"
            and q.unit == "%"
            and q.value is not None
            and 100 < q.value <= 1000  # beyond: a glued token ("2017 84 percent")
            and q.extra.get("of")
            and (noun_key(q.noun) in _POPULATION or q.noun in _POPULATION)
            and not _in_change(ctx, q)
        ):
            out.append(
                Relation(
                    q.start,
                    q.end,
                    INCONSISTENT,
                    "percent_over_100",
                    f"{_fmt(q.value)}% of {q.noun} > 100%",
                    (("share", q),),
                    {},
                )
            )
    return out


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
                    and ctx.text.count(",", w.end, q.start) == 1
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
                )
                and _PCT_AFTER_PART.match(ctx.text[lo : q.start])
            ):
                pct = q
                break
        if pct is None or pct.value is None or not w.value:
            continue
        share = part.value / w.value * 100
        diff = abs(share - pct.value)
        tol = 1.0 if pct.qualifier == "exact" else 2.5
        if diff <= tol:
            label, sym = CONSISTENT, "≈"
        elif diff > tol + 2 and diff > 0.1 * pct.value:
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
                f"{_fmt(pct.value)}%",
                (("part", part), ("whole", w), ("percent", pct)),
                {"share": round(share, 3)},
            )
        )
    return out


# ---------------------------------------------------------------------- changes
def _from_to_changes(ctx: _Ctx) -> list[Relation]:
    out = []
    changes_at = ctx.by_sentence(ctx.changes)
    for c in ctx.changes:
        if "from" not in c.extra:
            continue
        a: Quantity = c.extra["_from"]
        b: Quantity = c.extra["_to"]
        va, vb = _money_value(a, b), _money_value(b, a)
        if va is None or vb is None:
            continue
        up = c.extra["direction"] == "up"
        si = ctx.sent(c.start)
        s0, s1 = ctx.sent_span(si)
        if any(
            not ctx.text[max(s0, m.start() - 5) : m.start()].lower().endswith("from ")
            for m in _SCORE_PAIR.finditer(ctx.text, s0, s1)
        ):
            continue  # "… to 85 percent to 1 percent", "a margin of 49% to 45%"
        stated = [
            s
            for s in _window(changes_at, si, si)
            if s is not c
            and ("by" in s.extra or "factor" in s.extra)
            and s.extra.get("_by") not in (a, b)
            and s.extra.get("direction") == c.extra["direction"]
            and max(s.start - c.end, c.start - s.end) <= 60
        ]
        if not stated:
            stated = _stated_elsewhere(ctx, c, changes_at, si)
        spans = (("from", a), ("to", b))
        if (vb < va and up) or (vb > va and not up):
            verb = c.extra.get("verb", "")
            out.append(
                Relation(
                    c.start,
                    c.end,
                    INCONSISTENT,
                    "change_direction",
                    f"{_fmt(va)} → {_fmt(vb)} is "
                    f"{'a fall' if vb < va else 'a rise'}, but the text says "
                    f"'{verb}'",
                    spans,
                    {},
                )
            )
            continue
        if not stated and c.extra.get("verb") not in _NO_DIRECTION_VERBS:
            out.append(
                Relation(
                    c.start,
                    c.end,
                    CONSISTENT,
                    "change_direction",
                    f"{_fmt(va)} → {_fmt(vb)} is "
                    f"{'a rise' if vb > va else 'a fall'}, as stated",
                    spans,
                    {},
                )
            )
            continue
        if not stated:
            continue  # "went from A to B": no direction stated to check
        s = stated[0]
        if "factor" in s.extra:
            if not va:
                continue
            ratio = vb / va
            factor = float(s.extra["factor"])
            label, sym = _judge_factor(ratio, factor, s.qualifier)
            arith = f"{_fmt(vb)} / {_fmt(va)} = {ratio:.2f} {sym} {_fmt(factor)}"
            check = "multiplier"
        elif s.extra.get("by_type") == "percent":
            if not va:
                continue
            by = float(s.extra["by"])
            rel = (vb - va) / va * 100
            label, sym = _judge_points(abs(rel), by, s.qualifier)
            arith = (
                f"({_fmt(vb)} - {_fmt(va)}) / {_fmt(va)} = "
                f"{rel:+.1f}% {sym} {_fmt(by)}%"
            )
            if s.unit == "pp" and a.type == "percent" and b.type == "percent":
                # "an increase of 3 percentage points": the difference, only
                pts = vb - va
                dev = abs(abs(pts) - by)
                # figures given to a tenth of a point: a slip of rounding is
                # at most a few tenths
                by_fig = s.extra.get("_by")
                tenths = all(
                    "." in q.text for q in (a, b, by_fig) if isinstance(q, Quantity)
                )
                ok, bad = (0.15, 0.3 + 0.1 * by) if tenths else (0.6, 1.0 + 0.1 * by)
                label = (
                    CONSISTENT
                    if dev <= ok
                    else INCONSISTENT
                    if dev > bad and s.qualifier == "exact"
                    else UNVERIFIABLE
                )
                sym = (
                    "≈"
                    if label == CONSISTENT
                    else "≠"
                    if label == INCONSISTENT
                    else "?"
                )
                arith = f"{_fmt(vb)} - {_fmt(va)} = {pts:+.1f} points {sym} {_fmt(by)}"
            elif label != CONSISTENT and a.type == "percent" and b.type == "percent":
                pts = vb - va
                alt, alt_sym = _judge_points(abs(pts), by, s.qualifier)
                if alt == CONSISTENT or label == INCONSISTENT:
                    label = alt
                    arith = (
                        f"{_fmt(vb)} - {_fmt(va)} = {pts:+.1f} points "
                        f"{alt_sym} {_fmt(by)}"
                    )
            check = "percent_change"
        else:
            by = float(s.extra["by"])
            diff = abs(vb - va)
            label, sym = _judge(diff, by, s.qualifier, ok=0.01, bad=0.1)
            arith = f"|{_fmt(vb)} - {_fmt(va)}| = {_fmt(diff)} {sym} {_fmt(by)}"
            check = "absolute_change"
        by_q = s.extra.get("_by")
        extra_spans = (("stated", by_q),) if isinstance(by_q, Quantity) else ()
        out.append(
            Relation(
                s.start,
                s.end,
                label,
                check,
                arith + f" ({s.text})",
                spans + extra_spans,
                {},
            )
        )
    return out


# changes whose verb states no direction ("went from A to B", "A in 2019 and B
# in 2020"): checked only against a change stated beside them
_NO_DIRECTION_VERBS = frozenset(
    """dated went goes going gone moved moving changed changing shifted shifting
    swung swinging""".split()
)


def _stated_elsewhere(
    ctx: _Ctx, c: Quantity, changes_at: dict[int, list[tuple[int, Any]]], si: int
) -> list[Quantity]:
    """The change a from/to is said to be, phrased apart from it: "…, about 34%
    more than before" in its sentence, or the next sentence that points back
    to it ("That is an increase of 25 percent")."""
    direction = c.extra["direction"]
    ends = (c.extra["_from"], c.extra["_to"])
    starts = ctx.memo("atom_starts", 0, lambda: [q.start for q in ctx.atoms])
    for q in ctx.atoms[bisect.bisect_left(starts, c.end) :]:
        if q.start - c.end > 60 or ctx.sent(q.start) != si:
            break
        if q.type == "percent" and q.value is not None and q not in ends:
            m = _MORE_THAN.match(ctx.text, q.end)
            if m and (m.group("up") is not None) == (direction == "up"):
                return [
                    Quantity(
                        q.start,
                        m.end(),
                        ctx.text[q.start : m.end()],
                        "change",
                        value=q.value,
                        unit=q.unit,
                        qualifier=q.qualifier,
                        extra={
                            "direction": direction,
                            "by": q.value,
                            "by_type": "percent",
                            "_by": q,
                        },
                    )
                ]
    if si + 1 >= len(ctx.sentences):
        return []
    n0 = ctx.sent_span(si + 1)[0]
    if not _ANAPHORA.match(ctx.text, n0):
        return []
    nxt = _window(changes_at, si + 1, si + 1)
    if any("from" in s.extra for s in nxt):
        return []
    return [
        s for s in nxt if "by" in s.extra and s.extra.get("direction") == direction
    ][:1]


def _judge_points(actual: float, claimed: float, qual: str) -> tuple[str, str]:
    diff = abs(actual - claimed)
    if qual in ("over", "at_least"):
        if actual >= claimed - 0.5:
            return CONSISTENT, "≥"
        return (INCONSISTENT if diff > max(2.0, 0.2 * claimed) else UNVERIFIABLE), "<"
    if qual in ("under", "at_most", "nearly"):
        if actual <= claimed + 0.5 and diff <= max(3.0, 0.25 * claimed):
            return CONSISTENT, "≤"
        return (INCONSISTENT if diff > max(2.0, 0.2 * claimed) else UNVERIFIABLE), "?"
    ok = max(0.6, 0.05 * claimed) if qual == "exact" else max(1.5, 0.12 * claimed)
    if qual == "exact":
        # an exact figure off by more than both 5 points and a tenth of itself
        # ("a 50 percent increase" for 40%) is wrong, whatever its size
        bad = min(max(2.0, 0.2 * claimed), max(5.0, 0.1 * claimed))
    else:
        bad = max(4.0, 0.3 * claimed)
    if diff <= ok:
        return CONSISTENT, "≈"
    if diff > bad:
        return INCONSISTENT, "≠"
    return UNVERIFIABLE, "?"


# ------------------------------------------------------------------------ dates
def _ymd(q: Quantity) -> tuple[int, int, int] | None:
    y = q.extra.get("year")
    if y is None:
        return None
    return (int(y), int(q.extra.get("month", 0)), int(q.extra.get("day", 0)))


def _start_end_years(ctx: _Ctx) -> list[tuple[int, Quantity, Quantity, bool]]:
    """Years in the roles start and end by their verbs, in one sentence: "began
    in 2010 and was completed in 2014", "opened in 1987 … closed in 2015"."""
    out = []
    years = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    for a, b in itertools.pairwise(years):
        if ctx.sent(a.start) != ctx.sent(b.start) or b.start - a.end > 120:
            continue
        if _START_CUE.search(ctx.before(a, 40)) and _END_CUE.search(
            ctx.text, a.end, b.start
        ):
            out.append((a.start, a, b, False))
    return out


def _event_matches(ctx: _Ctx, m: re.Match[str], refs: list[Quantity]) -> bool:
    """For "N years after <event>": whether <event> is named beside one of the
    *refs* ("40 years after its founding" / "founded in 1950"); "later" and
    "earlier" need no event."""
    if m.group("dir").lower() not in ("after", "before"):
        return True
    ev = _AFTER_EVENT.match(ctx.text, m.end())
    if not ev:
        return False
    stem = ev.group(1).lower()[:5]
    if any(stem in ctx.before(r, 40).lower() for r in refs):
        return True
    # "88 years after it opened": the event is a start verb after a pronoun,
    # and a reference year is the one a start verb dates ("founded in 1921")
    verb = _PRONOUN_VERB.match(ctx.text, m.end())
    return bool(
        verb
        and _START_CUE.search(verb.group(1) + " ")
        and any(_START_CUE.search(ctx.before(r, 40)) for r in refs)
    )


def _is_apposition(ctx: _Ctx, end: Quantity, d: Quantity) -> bool:
    """Whether duration *d* ("three-year") names the span ending at *end* in
    apposition: "from 1984 to 1986, a three-year ordeal" (any noun but a
    record or an age: "a 20-year low", "a 30-year-old")."""
    if "-" not in d.text or not _APPOSITION.fullmatch(ctx.text, end.end, d.start):
        return False
    nxt = _NEXT_WORD.match(ctx.text, d.end)
    return bool(nxt) and nxt.group(1).lower() not in _NOT_A_SPAN  # type: ignore[union-attr]


def _dates(ctx: _Ctx) -> list[Relation]:
    out = []
    durations_at = ctx.by_sentence(ctx.durations)
    used_durations: set[int] = set()
    spans_of: list[tuple[int, Quantity, Quantity, bool]] = [
        (r.start, r.extra["_a"], r.extra["_b"], True)
        for r in ctx.qs
        if r.type == "range" and r.extra.get("of") == "date"
    ]
    spans_of += _start_end_years(ctx)
    for r_start, a, b, is_range in spans_of:
        da, db = _ymd(a), _ymd(b)
        if da is None or db is None:
            continue
        spans = (("start", a), ("end", b))
        ordered = da <= db
        if is_range:
            out.append(
                Relation(
                    r_start,
                    b.end,
                    CONSISTENT if ordered else INCONSISTENT,
                    "date_order",
                    f"{a.text} {'≤' if ordered else '>'} {b.text}",
                    spans,
                    {},
                )
            )
        if not ordered:
            continue
        months = bool(da[1] and db[1])
        years = (db[0] - da[0]) + ((db[1] - da[1]) / 12 if months else 0)
        si = ctx.sent(b.start)
        checked = False
        for d in _window(durations_at, si, si + 1):
            if d.start in used_durations or d.start < b.end:
                continue
            if _GAP_WORD.match(ctx.text, d.end):
                continue  # "ten years later" is a gap, not this span
            head = ctx.text[max(0, d.start - 12) : d.start]
            it_took = bool(
                ctx.sent(d.start) == si + 1
                and _IT_TOOK.search(ctx.before(d, 20))
                and _SPAN_AFTER.match(ctx.text, d.end)
            )
            if checked and not it_took:
                continue  # one span per sentence, and "it took …" after it
            if (
                ctx.sent(d.start) != si
                and not it_took
                and not (
                    _DEFINITE_BEFORE.search(head)
                    and _PERIOD_NOUN.match(ctx.text, d.end)
                )
            ):
                continue  # a later sentence names this span as "the N-year war"
            if _GENERIC_BEFORE.search(head):
                continue  # "over a 100-year period": a measure, not this span
            if not (
                it_took
                or _PERIOD_NOUN.match(ctx.text, d.end)
                or _is_apposition(ctx, b, d)
                or (
                    _SPAN_APPOSITION.fullmatch(ctx.text, b.end, d.start)
                    and _SPAN_AFTER.match(ctx.text, d.end)
                )
                or _LASTED_BEFORE.search(ctx.text[max(0, d.start - 12) : d.start])
                or _LASTED_BEFORE.search(ctx.before(d, 40).rsplit(",", 1)[-1][-40:])
            ):
                continue  # "a 67-year-old", "a 20-year low": not this span
            if d.value is None:
                continue
            checked = True
            used_durations.add(d.start)
            slack = 0.25 if months else 1.0
            n = d.value
            q = d.qualifier
            if d.extra.get("decades") and q in ("exact", "approx"):
                slack = 5.0  # "four decades": 35 to 45 years
            if q in ("over", "at_least"):
                ok, bad = years >= n - slack, years < n - slack - 1
            elif q == "nearly":
                # "nearly three decades" is not 18 years
                ok = 0.8 * n - slack <= years <= n + slack
                bad = years > n + slack + 1 or years < 0.7 * n - slack - 1
            elif q in ("under", "at_most"):
                ok, bad = years <= n + slack, years > n + slack + 1
            else:
                ok, bad = abs(years - n) <= slack, abs(years - n) > slack + 0.5
            label = CONSISTENT if ok else INCONSISTENT if bad else UNVERIFIABLE
            out.append(
                Relation(
                    d.start,
                    d.end,
                    label,
                    "duration",
                    f"{b.text} - {a.text} = {years:.2f} years "
                    f"{'≈' if ok else '≠' if bad else '?'} {_fmt(n)} ({d.text})",
                    (*spans, ("duration", d)),
                    {"years": round(years, 3)},
                )
            )
    # "In 2008, ten years after its founding" against the year before it
    years_q = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    years_at = ctx.by_sentence(years_q)
    in_ranges = {
        id(x)
        for r in ctx.qs
        if r.type == "range"
        for x in (r.extra.get("_a"), r.extra.get("_b"))
    }
    for d in ctx.durations:
        m = _GAP_WORD.match(ctx.text, d.end)
        if not m or m.group("dir").lower() == "on" or d.value is None:
            continue
        si = ctx.sent(d.start)
        here = [y for y in _window(years_at, si, si) if id(y) not in in_ranges]
        # the year the gap dates: right before it ("closed in 2015, 35 years
        # later") or right after it ("20 years later, in 2005")
        tied = [
            y
            for y in here
            if (y.end <= d.start and _TIED_BEFORE.fullmatch(ctx.text, y.end, d.start))
            or (
                y.start >= m.end() and _TIED_AFTER.fullmatch(ctx.text, m.end(), y.start)
            )
        ]
        if tied:
            y = tied[0]
        elif len(here) == 1:
            y = here[0]
        else:
            continue
        refs = [
            x
            for x in _window(years_at, si - 2, si)
            if x.start < min(y.start, d.start)
            and x.extra["year"] != y.extra["year"]
            and x is not y
        ]
        if not refs:
            continue
        later = m.group("dir").lower() in ("later", "after")
        n = d.value
        gaps = [
            (y.extra["year"] - x.extra["year"]) * (1 if later else -1) for x in refs
        ]
        best = min(range(len(refs)), key=lambda i: abs(gaps[i] - n))
        ref, gap = refs[best], gaps[best]
        dev = abs(gap - n)
        near = [i for i, x in enumerate(refs) if ctx.sent(x.start) >= si - 1]
        if dev == 0 or (d.qualifier != "exact" and dev <= 1):
            label = CONSISTENT
        elif (
            dev >= 2
            and gap > 0
            and tied
            and near
            and _event_matches(ctx, m, [refs[i] for i in near])
        ):
            # a year tied to the gap ("in 2015, 35 years later") and no year
            # before it that gives the gap stated
            label = INCONSISTENT
        else:
            label = UNVERIFIABLE
        if later:
            arith = f"{y.extra['year']} - {ref.extra['year']} = {gap}"
        else:
            arith = f"{ref.extra['year']} - {y.extra['year']} = {gap}"
        sym = "=" if dev == 0 else "≈" if label == CONSISTENT else "≠"
        out.append(
            Relation(
                d.start,
                m.end(),
                label,
                "year_gap",
                f"{arith} {sym} {_fmt(n)} ({d.text} {m.group('dir')})",
                (("year", y), ("reference", ref), ("gap", d)),
                {},
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
}
# Units of the second per unit of the first.
_UNIT_FACTORS = {
    ("mi", "km"): 1.609344,
    ("kg", "lb"): 2.204623,
    ("ft", "m"): 0.3048,
    ("acre", "ha"): 0.404686,
}


def _unit(q: Quantity) -> str | None:
    if q.type != "count" or not q.noun:
        return None
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
            ua, ub = _unit(a), _unit(b)
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
    return out


# Between a whole and its first part, or between two parts.
_PART_GAP = re.compile(r"[^\d.;!?%()]{1,60}")
_PARTICIPLE = re.compile(
    r"(?<![\w])(?!(?:during|bring|bringing|taking|raising|including|making|"
    r"pushing|lifting|adding|totall?ing)\s)[a-z]{3,}ing\s+"
    r"(?:(?:the|its|their|another|a\s+further)\s+)?$",
    re.I,
)
_REST_BEFORE = re.compile(
    r"(?<![\w])(?:the\s+(?:remaining|rest|remainder|other|final|last)"
    r"(?:\s*,|\s+of\s+them\s*,?)?)\s*$",
    re.I,
)
_SUBSET_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|of\s+(?:them|whom|which))", re.I
)


_OF_WHOLE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the|those|these|its|their|his|her|our|my|your|all)?\s*",
    re.I,
)
_SOME_OF = re.compile(
    r"(?<![\w])(?:including|includes|include|among|such\s+as|like|each|apiece|"
    r"a\s+piece|per|every)(?![\w])",
    re.I,
)


_NOT_ALL = re.compile(
    r"(?<![\w])(?:the\s+rest|the\s+remainder|the\s+others?|remaining|others|"
    r"among\s+others|etc|and\s+more|not\s+counting|excluding|besides)(?![\w])",
    re.I,
)


def _breakdowns(ctx: _Ctx) -> list[Relation]:
    """A whole broken into parts in its sentence: after a colon ("has 12
    prisons: five …, four … and two …"), closed by "the remaining 100", or
    listed as what happened to it ("played 38 matches, winning 20, drawing 10
    and losing 8"; "won 18 of its 30 games, losing 12"). A colon or "the
    remaining" says the parts are all of it; participles only that they
    cannot exceed it."""
    out = []
    figs = [
        q
        for q in ctx.figures
        if q.value is not None and q.noun != "years" and q.qualifier == "exact"
    ]
    for i, w in enumerate(figs):
        assert w.value is not None
        if w.type == "count" and not w.noun:
            continue  # a whole names what it counts ("60 councillors")
        si = ctx.sent(w.start)
        parts: list[Quantity] = []
        prev = w
        for q in figs[i + 1 : i + 8]:
            gap = ctx.text[prev.end : q.start]
            if (
                ctx.sent(q.start) != si
                or (q.type, q.unit) != (w.type, w.unit)
                or not _PART_GAP.fullmatch(gap)
                or _SUBSET_AFTER.match(ctx.text, q.end)
                or _TOTAL_EXPLICIT_BEFORE.search(gap)
                or _TOTAL_BEFORE.search(gap)
            ):
                break
            if prev is not w and not _LIST_GAP.fullmatch(gap):
                break
            parts.append(q)
            prev = q
        if not parts or _PARTICIPLE.search(ctx.before(w, 30)):
            continue  # "winning 11, drawing 5 and losing 4": a part, not the whole
        first_gap = ctx.text[w.end : parts[0].start]
        if _SOME_OF.search(first_gap) or _SOME_OF.match(ctx.text, w.end):
            continue  # "31 productions, including eight …", "$3 million each"
        colon = bool(_COLON_LIST.fullmatch(first_gap))
        rest = bool(
            _REST_BEFORE.search(
                ctx.text, parts[-2].end if len(parts) > 1 else w.end, parts[-1].start
            )
        )
        participles = (
            all(
                _PARTICIPLE.search(ctx.text, (parts[j - 1] if j else w).end, p.start)
                for j, p in enumerate(parts)
            )
            and "," in first_gap
        )
        # "won 18 of its 30 games": the part before the whole is one of them
        before_w = [
            q
            for q in figs[max(0, i - 1) : i]
            if ctx.sent(q.start) == si
            and (q.type, q.unit) == (w.type, w.unit)
            and _OF_WHOLE.fullmatch(ctx.text, q.end, w.start)
        ]
        if participles and any(
            p.noun and not _compatible(p.noun, w.noun) for p in parts
        ):
            continue  # "inspected 40 sites, finding 37 violations": other things
        if participles and before_w:
            parts = [before_w[0], *parts]
        elif before_w:
            continue
        if colon:
            if len(parts) < 2 or not _CLOSED_LIST.search(
                ctx.text, parts[-2].end, parts[-1].start
            ):
                continue
            after = [
                q
                for q in figs[i + 1 + len(parts) : i + 2 + len(parts)]
                if ctx.sent(q.start) == si and (q.type, q.unit) == (w.type, w.unit)
            ]
            if after:
                continue  # the list goes on past "and": not read as closed
            # "…: 12 fighters and 10 transports, with the rest in storage"
            exhaustive = not _NOT_ALL.search(
                ctx.text, parts[-1].end, ctx.sent_span(si)[1]
            )
        elif rest and len(parts) >= 2:
            exhaustive = True
        elif participles and len(parts) >= 2:
            exhaustive = False
        else:
            continue
        values = [p.value or 0 for p in parts]
        if max(values) >= w.value:
            continue
        total = sum(values)
        if exhaustive:
            label, sym = _judge(total, w.value, "exact", ok=0.005, bad=0.03)
        else:
            label, sym = (INCONSISTENT, ">") if total > w.value else (CONSISTENT, "≤")
        fmt = _amount_format([*values, w.value], w)
        arith = " + ".join(fmt(v) for v in values) + f" = {fmt(total)}, "
        if label == INCONSISTENT:
            arith += ("not " if exhaustive else "more than ") + fmt(w.value)
        else:
            arith += f"{sym} {fmt(w.value)}"
        arith += f" ({w.text}{' ' + w.noun if w.noun else ''})"
        out.append(
            Relation(
                w.start,
                w.end,
                label,
                "total",
                arith,
                (*(("part", p) for p in parts), ("total", w)),
                {
                    "sum": total,
                    "total_at": "colon" if colon else "rest" if rest else "parts",
                },
            )
        )
    return out


_TO_END = re.compile(r"(?:%|percent|cent|points?)\s*,?\s+to\s+(?:about\s+)?$")
_TO_AFTER = re.compile(r"\s*,?\s+to\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$")


_AUX = frozenset(
    """to will would could may might should shall can is are was were be been
    being has have had expected forecast projected predicted set likely due
    tipped seen poised""".split()
)
_WORD_BACK = re.compile(r"[A-Za-z][a-z'’]*")


def _subject_before(text: str, s0: int, pos: int) -> str | None:
    """The plural noun right before a change verb at *pos*, past auxiliaries
    ("Cases rose", "deaths are expected to rise"), or ``None`` (a mass noun
    like "traffic", a pronoun, or nothing)."""
    words: list[str] = _WORD_BACK.findall(text, max(s0, pos - 60), pos)
    for w in reversed(words):
        lw = str(w).lower()
        if lw in _AUX:
            continue
        if lw.endswith("s") and not lw.endswith("ss") and len(lw) > 3:
            return lw
        return None
    return None


def _rate_projections(ctx: _Ctx) -> list[Relation]:
    """A percentage change to an end figure whose start was stated before it:
    "carries 40,000 cars a day. Traffic is expected to rise 25% to 50,000";
    "was 2 million last year and is forecast to grow 20% to 2.4 million"."""
    out: list[Relation] = []
    if not any(
        c.extra.get("by_type") == "percent" and "from" not in c.extra
        for c in ctx.changes
    ):
        return out
    figs = [q for q in ctx.figures if q.value]
    starts = [q.start for q in figs]
    ends = {
        id(x)
        for c in ctx.changes
        for x in (c.extra.get("_from"), c.extra.get("_to"), c.extra.get("_by"))
        if x is not None
    }
    todo = [
        c
        for c in ctx.changes
        if c.extra.get("by_type") == "percent" and "from" not in c.extra
    ]
    if not todo:
        return out
    changes_at = ctx.by_sentence(ctx.changes)
    atoms_at = ctx.by_sentence(ctx.atoms)
    for c in todo:
        si = ctx.sent(c.start)
        near = _window(changes_at, si - 1, si)
        k = bisect.bisect_left(starts, c.end)
        if k >= len(figs):
            continue
        b = figs[k]
        if ctx.sent(b.start) != si or not _TO_AFTER.fullmatch(ctx.text, c.end, b.start):
            continue
        s0 = ctx.sent_span(si)[0]
        if any("from" in x.extra and x.start >= s0 for x in near):
            continue
        # the start: the one figure of its kind before the change, in its
        # sentence, else in the sentence before
        cands: list[Quantity] = []
        for lo, hi in ((s0, c.start), (ctx.sent_span(si - 1)[0] if si else s0, s0)):
            cands = [
                q
                for q in figs[bisect.bisect_left(starts, lo) : k]
                if lo <= q.start < hi
                and (q.type, q.unit) == (b.type, b.unit)
                and q.noun != "years"
                and id(q) not in ends
                and (q.noun is None or b.noun is None or _compatible(q.noun, b.noun))
            ]
            if cands:
                break
        if len(cands) != 1:
            continue
        a = cands[0]
        if ctx.sent(a.start) != si and (
            sum(q.type != "date" for q in _window(atoms_at, si - 1, si - 1)) != 1
        ):
            continue  # from the sentence before: only its one figure
        if ctx.sent(a.start) != si and a.noun:
            subject = _subject_before(ctx.text, s0, c.start)
            if subject and not _compatible(subject, a.noun):
                continue  # "… 300 deaths. Cases rose 25% to 500": other things
        if any(x is not c and a.start - 40 < x.end and x.start < c.start for x in near):
            continue  # another change in between, or the start is one's end
        if _TO_END.search(ctx.text, max(0, a.start - 12), a.start):
            continue  # "fell 64.9% to 100, … fell 66.8% to 439": parallel changes
        assert a.value is not None and b.value is not None
        if not 0.2 <= b.value / a.value <= 5 or a.qualifier not in ("exact", "approx"):
            continue
        by = float(c.extra["by"])
        rel = (b.value - a.value) / a.value * 100
        if (rel > 0) != (c.extra.get("direction") == "up") and abs(rel) > 1:
            label, sym = INCONSISTENT, "≠"
        else:
            label, sym = _judge_points(abs(rel), by, c.qualifier)
        out.append(
            Relation(
                c.start,
                b.end,
                label,
                "percent_change",
                f"({_fmt(b.value)} - {_fmt(a.value)}) / {_fmt(a.value)} = "
                f"{rel:+.1f}% {sym} {_fmt(by)}% ({c.text})",
                (("from", a), ("to", b), ("stated", c)),
                {},
            )
        )
    return out


_IN_ALL_START = re.compile(
    r"\s*[\"“'‘]?(?:In\s+all|In\s+total|Altogether|All\s+told|All\s+in\s+all|"
    r"Overall|Combined|Together)\s*,?\s+(?:[^\d.;!?]{0,30}?\s)?",
)


def _closing_totals(ctx: _Ctx) -> list[Relation]:
    """A sentence that opens with "In all," / "Altogether," and a total of the
    things the sentence before counted: "Voters backed it by 5,200 votes to
    3,100. In all, 8,300 ballots were cast." The counted nouns must agree."""
    out: list[Relation] = []
    opening = [
        si
        for si in range(1, len(ctx.sentences))
        if _IN_ALL_START.match(ctx.text, ctx.sentences[si][0])
    ]
    if not opening:
        return out
    figs = [q for q in ctx.figures if q.value is not None and q.noun != "years"]
    figs_at = ctx.by_sentence(figs)
    ends = {
        id(x)
        for c in ctx.qs
        if c.type in ("change", "range")
        for x in (
            c.extra.get("_from"),
            c.extra.get("_to"),
            c.extra.get("_a"),
            c.extra.get("_b"),
        )
        if x is not None
    }
    for si in opening:
        here = _window(figs_at, si, si)
        if not here:
            continue
        t = here[0]
        s0 = ctx.sent_span(si)[0]
        m = _IN_ALL_START.match(ctx.text, s0)
        if m is None or m.end() != t.start or t.value is None:
            continue
        if t.type == "count" and not t.noun:
            continue
        parts = [
            q
            for q in _window(figs_at, si - 1, si - 1)
            if (q.type, q.unit) == (t.type, t.unit)
        ]
        if not 2 <= len(parts) <= 6 or any(
            q.qualifier != "exact" or id(q) in ends or q.value is None for q in parts
        ):
            continue
        if t.type == "count" and not (
            all(q.noun is None or _compatible(q.noun, t.noun) for q in parts)
            and any(_compatible(q.noun, t.noun) for q in parts)
        ):
            continue
        values = [q.value or 0 for q in parts]
        if max(values) >= t.value:
            continue
        total = sum(values)
        label, sym = _judge(total, t.value, t.qualifier, ok=0.005, bad=0.05)
        if label == UNVERIFIABLE and _unrounded(t, *parts):
            label = INCONSISTENT  # "212 + 187 = 399, not 409": no rounding
        fmt = _amount_format([*values, t.value], t)
        verb = "not" if label == INCONSISTENT else sym
        out.append(
            Relation(
                t.start,
                t.end,
                label,
                "total",
                " + ".join(fmt(v) for v in values)
                + f" = {fmt(total)}, {verb} {fmt(t.value)} ({t.text})",
                (*(("part", q) for q in parts), ("total", t)),
                {"sum": total, "total_at": "next sentence"},
            )
        )
    return out


_BORN = re.compile(
    r"(?<![\w])born\s+(?:in\s+|on\s+)?(?:[A-Za-z]+\s+\d{1,2},?\s+)?$", re.I
)
_AGE_BEFORE = re.compile(
    r"(?<![\w])(?:was|were|is|aged|age|age\s+of|turned|turning|at|then)\s+$", re.I
)
_OTHER_CLAUSE_GAP = re.compile(r"[,;]\s*(?:and|but|while|whereas)\s", re.I)
_AGE_AFTER = re.compile(
    r"(?:\s+years?\s+old|\s+years?\s+of\s+age)?\s*(?:,|when|as|in|and|[.;]|$)",
    re.I,
)


_YEAR_THEN_AGE = re.compile(
    r"\s*,\s*(?:(?:at|aged)\s+|(?:when\s+)?(?:he|she|they|it)\s+(?:was|were|"
    r"turned)\s+)",
    re.I,
)


def _ages(ctx: _Ctx) -> list[Relation]:
    """An age against the years it spans: "Born in 1950, she was 62 when she
    won in 2008" (2008 - 1950 = 58: 57 or 58, not 62)."""
    out: list[Relation] = []
    if "born" not in ctx.text and "Born" not in ctx.text:
        return out
    years = [q for q in ctx.atoms if q.type == "date" and q.extra.get("year")]
    years_at = ctx.by_sentence(years)
    counts_at = ctx.by_sentence(
        [q for q in ctx.figures if q.type == "count" and q.noun in (None, "years")]
    )
    for y1 in years:
        if not _BORN.search(ctx.before(y1, 30)):
            continue
        si = ctx.sent(y1.start)
        for a in _window(counts_at, si, si + 1):
            if (
                a.value is None
                or not 1 <= a.value <= 120
                or a.qualifier != "exact"
                or not _AGE_BEFORE.search(ctx.before(a, 12))
                or not _AGE_AFTER.match(ctx.text, a.end)
            ):
                continue
            sa = ctx.sent(a.start)
            others = [
                y
                for y in _window(years_at, sa, sa)
                if y is not y1
                and y.extra["year"] > y1.extra["year"]
                # the year of the event the age is given at: after it ("was 62
                # when she won … in 2008") or right before it ("In 2008, at 58")
                and (
                    (
                        0 < y.start - a.end <= 80
                        and ";" not in ctx.text[a.end : y.start]
                        and not _OTHER_CLAUSE_GAP.search(ctx.text, a.end, y.start)
                    )
                    or bool(_YEAR_THEN_AGE.fullmatch(ctx.text, y.end, a.start))
                )
            ]
            if len(others) != 1:
                continue
            y2 = others[0]
            gap = int(y2.extra["year"]) - int(y1.extra["year"])
            n = int(a.value)
            if gap - 1 <= n <= gap:
                label, verb = CONSISTENT, "agrees with"
            elif n > gap + 1 or n < gap - 2:
                label, verb = INCONSISTENT, "not"
            else:
                label, verb = UNVERIFIABLE, "?"
            out.append(
                Relation(
                    a.start,
                    a.end,
                    label,
                    "age",
                    f"{y2.extra['year']} - {y1.extra['year']} = {gap}: aged "
                    f"{gap - 1} or {gap}, {verb} {n}",
                    (("born", y1), ("year", y2), ("age", a)),
                    {"gap": gap},
                )
            )
            break
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
    r"(?<![\w-])(?:(?P<q>nearly|almost|about|around|roughly|some|more\s+than|"
    r"over|just\s+over|just\s+under|less\s+than|under)\s+)?"
    r"(?:(?P<num>a|one|two|three|four|nine)[\s-]+(?P<den>half|thirds?|quarters?|"
    r"fifths?|tenths?)|(?P<half>half)|one\s+in\s+(?P<in>two|three|four|five|six|ten|"
    r"\d{1,2}))\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|all\s+|those\s+)?$",
    re.I,
)
# after the whole's noun phrase: ", or 70", ", 40 people,", " (70)", " — 150 —"
_FRACTION_PART = re.compile(
    r"[^\d.;:!?,()—–]{0,40}?(?:,|\(|—|–|\s-)\s*(?:or\s+|some\s+|about\s+|"
    r"roughly\s+|around\s+|nearly\s+|almost\s+)?"
)


def _fraction_of(m: re.Match[str]) -> float:
    if m.group("half"):
        return 0.5
    if m.group("in"):
        n = m.group("in").lower()
        return 1 / (int(n) if n.isdigit() else _IN_N[n])
    num = _SMALL[m.group("num").lower()]
    return num / _FRACTION_WORD[m.group("den").lower()]


def _fractions(ctx: _Ctx) -> list[Relation]:
    """A fraction of a whole restated as a count: "two thirds of the 90
    members, or 60", "a quarter of its 200 staff, 50 people"."""
    out = []
    counts = [q for q in ctx.figures if q.type == "count" and q.noun != "years"]
    pct_by_end = {
        q.end: q
        for q in ctx.atoms
        if q.type == "percent" and q.unit == "%" and q.value is not None
    }
    for w, k in itertools.pairwise(counts):
        if (
            w.value is None
            or k.value is None
            or not w.value
            or w.qualifier != "exact"
            or ctx.sent(w.start) != ctx.sent(k.start)
            or not _FRACTION_PART.fullmatch(ctx.text, w.end, k.start)
        ):
            continue
        # "sixty percent of the 500 nurses, some 300": a percentage as the
        # fraction
        m_pct = _OF_WHOLE_BACK.search(ctx.text, max(0, w.start - 20), w.start)
        pct = pct_by_end.get(m_pct.start()) if m_pct else None
        m = None
        if pct is None:
            if "half" not in ctx.text[
                max(0, w.start - 40) : w.start
            ].lower() and not _FRACTION_HINT.search(
                ctx.text, max(0, w.start - 40), w.start
            ):
                continue
            m = _FRACTION_OF.search(ctx.before(w, 45))
            if m is None:
                continue
        if k.noun and not (
            _compatible(k.noun, w.noun) or noun_key(k.noun) in ("people", "person")
        ):
            continue
        if _OF_THEM_AFTER.match(ctx.text, k.end) or _PART_OF.match(
            ctx.text[k.end : k.end + 12]
        ):
            continue  # "half of the 300 staff, 20 of them managers"
        if m is not None:
            frac = _fraction_of(m)
            qual = m.group("q")
            qual = (
                _QUALIFIERS.get(_SPACE.sub(" ", qual.lower()), "approx") if qual else ""
            )
            phrase = m.group().strip()
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
            ok = -max(0.1, 0.2 * frac) <= diff <= 0.01
            bad = diff > max(0.04, 0.15 * frac) or diff < -max(0.2, 0.4 * frac)
        elif qual == "exact":
            ok, bad = abs(diff) <= 0.02, abs(diff) > max(0.04, 0.15 * frac)
        else:
            ok, bad = abs(diff) <= 0.04, abs(diff) > max(0.08, 0.3 * frac)
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


_OF_WHOLE_BACK = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?$", re.I)
_FRACTION_HINT = re.compile(r"(?:third|quarter|fifth|tenth|\sin\s)", re.I)
_SPACE = re.compile(r"\s+")
_QUALIFIERS = {
    "nearly": "nearly",
    "almost": "nearly",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "more than": "over",
    "over": "over",
    "just over": "over",
    "just under": "nearly",
    "less than": "under",
    "under": "under",
}


_CHECKS = (
    _conversions,
    _multiplier_and_sum,
    _explicit_totals,
    _times,
    _percent_shares,
    _percent_over_100,
    _part_whole,
    _fractions,
    _breakdowns,
    _rate_projections,
    _closing_totals,
    _ages,
    _from_to_changes,
    _dates,
)
