"""What every consistency check shares: the per-text index of quantities
(:class:`_Ctx`), the :class:`Relation` a check writes, the cue words and role
finders that give a figure its role (base, increment, total, the parts of a
list, a figure inside a change), and the judging and formatting of the
arithmetic a reader can redo.

Why one module of about 730 lines: every check family imports the index,
the role finders and the judges together, and the judges read the same
qualifier and rounding of a figure the role finders do; split, each family
would import three modules for one reading. The next split, if it grows, is
the judges (``_judge*``, ``_granularity``, ``_beyond_rounding``) into a module
of their own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newscheck.numbers.extract import Quantity, noun_key

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
    frozenset("case infection".split()),
    frozenset("household home house family families".split()),
    frozenset("people person inhabitant resident citizen".split()),
    frozenset("musician player".split()),
    frozenset("game match matche fixture".split()),
    frozenset(
        """staff employee worker job post position personnel people person role
        workforce headcount""".split()
    ),
]
_INC_AFTER = re.compile(r"\s+(?:more|additional|extra|new|fresh)(?![\w])", re.I)
_INC_BEFORE = re.compile(
    r"(?:another|a\s+further|further|an\s+additional|additional|an\s+extra|extra|"
    r"(?<![\w])adds?|(?<![\w])added|(?<![\w])adding)\s+$",
    re.I,
)
# "hired nine engineers …, bringing its headcount to 27": a verb of gaining
# is an increment when a running total follows in its sentence
_GAIN_BEFORE = re.compile(
    r"(?<![\w])(?:hired|recruited|signed|planted|opened|built|bought|acquired|"
    r"received|gained|welcomed|admitted|enrolled|installed|recorded|registered|"
    r"found|rescued|pulled|catalogued|confirmed|reported)\s+(?:[a-z]+\s+)?$",
    re.I,
)
_RUNNING_AFTER = re.compile(
    r"[^.;!?\d]{0,60}?(?<![\w])(?:bringing|taking|raising|pushing|lifting|for\s+a\s+"
    r"total\s+of)(?![\w])",
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
    r"together\s+with|along\s+with|"
    r"at\s+present|presently)(?![\w])",
    re.I,
)
_BASE_AFTER = re.compile(r"^[^.;!?]{0,40}?(?<![\w])already(?![\w])", re.I)
# "adds 4 frigates to its fleet of 19": the body an increment joins
_BASE_JOINED = re.compile(
    r"(?<![\w])(?:to|joins?|joining)\s+(?:its|their|his|her|the)\s+(?:existing\s+|"
    r"current\s+)?[a-z]+\s+of\s+$",
    re.I,
)
# "taking its fleet to 95 from 78", "to 540, up from 480": the figure a running
# total was before (group ``t``: the total)
_PRIOR_OF_TOTAL = re.compile(
    r"(?<![\w])to\s+(?P<t>\d[\d,]*)(?:\s+[a-z]+)?\s*,?\s+(?:up\s+)?from\s+$", re.I
)
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
_LIST_GAP = re.compile(r"(?=[^.;:!?\d]*(?:,|\band\b|\bplus\b))[^.;:!?\d]{1,48}", re.I)
_HAS_DIGIT = re.compile(r"\d")
_THAN = re.compile(r"\s+than(?![\w])", re.I)
# "taking its intake for the spring to 57": a running total
_RUNNING_TO = re.compile(
    r"(?<![\w])(?:taking|takes|took|raising|raises|raised|pushing|pushes|pushed|"
    r"lifting|lifts|lifted|swelling|swells|swelled)\s+(?:[a-z'’]+\s+){1,7}?to\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+)?$",
    re.I,
)
_CHANGE_CONTEXT = re.compile(
    r"(?:rose|rise|rising|risen|increased?|grew|growth|climbed|jumped|fell|drop|"
    r"dropped|declined?|decreased?|(?<!made\s)(?<!make\s)(?<!makes\s)(?<!-)up|down|"
    # "named by 27 per cent" is an agent, not the size of a change
    r"(?<!named\s)(?<!backed\s)(?<!chosen\s)(?<!cited\s)(?<!supported\s)"
    r"(?<!picked\s)(?<!preferred\s)(?<!favoured\s)(?<!favored\s)(?<!opposed\s)"
    r"(?<!rejected\s)(?<!mentioned\s)(?<!used\s)(?<!held\s)(?<!owned\s)by)"
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


# a length of time ("twelve months earlier"), judged by the word after the
# figure, not by the noun read for it ("4,900 twelve months earlier")
_TIME_AFTER = re.compile(
    r"[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
    r"(?![\w])",
    re.I,
)


#: a word of the text, lower-cased
_LETTERS = re.compile(r"[a-z]+")


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
        if r > 1 + max(bad / 2, 0.05) or r < 1 - max(bad, 0.22):
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


#: how far a qualified figure may lie from its stated value, as factors
_BOUNDS = {
    "over": (1.0, 1.5),
    "at_least": (1.0, 1.5),
    "under": (0.7, 1.0),
    "at_most": (0.7, 1.0),
    "nearly": (0.8, 1.0),
    "approx": (0.9, 1.1),
}


def _change_reachable(
    old: Quantity, new: Quantity, stated: float, *, rel: bool
) -> bool:
    """Whether a change of *stated* (per cent with *rel*, else an amount) is
    within reach of the two figures once their qualifiers are read as bounds:
    "from 6,000 a year to over 20,000" allows +300%."""
    assert old.value is not None and new.value is not None
    lo_o, hi_o = _BOUNDS.get(old.qualifier, (1.0, 1.0))
    lo_n, hi_n = _BOUNDS.get(new.qualifier, (1.0, 1.0))
    got = []
    for fo in (lo_o, hi_o):
        for fn in (lo_n, hi_n):
            o, n = old.value * fo, new.value * fn
            got.append(abs(n - o) / o * 100 if rel and o else abs(n - o))
    return min(got) * 0.95 <= stated <= max(got) * 1.05


def _judge_factor(ratio: float, factor: float, qual: str) -> tuple[str, str]:
    """:func:`_judge` for a multiplier: a fall ("halved", "by a third") is
    judged on the inverse ratio, so that 8,000 -> 3,000 (x2.67 down) is as far
    from halving as 3,000 -> 8,000 is from doubling."""
    # an exact multiplier word a fifth off ("quadrupled" for x3, "halved" for
    # a fall of a third) is wrong; "nearly"/"about" keep their wider bands
    if 1 < factor < 2 and ratio > 1:
        # "up by a third": judged on the rise itself (+50% is not +33%)
        return _judge(ratio - 1, factor - 1, qual, ok=0.1, bad=0.25)
    if 0.5 < factor < 1 and ratio < 1:
        return _judge(1 - ratio, 1 - factor, qual, ok=0.1, bad=0.25)
    if factor >= 1 or ratio <= 0:
        return _judge(ratio, factor, qual, ok=0.1, bad=0.2)
    label, sym = _judge(1 / ratio, 1 / factor, qual, ok=0.1, bad=0.2)
    flip = {">": "<", "<": ">", "≲": "≳", "≪": "≫"}
    return label, flip.get(sym, sym)


#: currencies divided into cents, and into pence
_CENT_CURRENCIES = frozenset("USD EUR CAD AUD NZD HKD SGD".split())
_SUBUNIT = {
    "cent": (_CENT_CURRENCIES, 0.01),
    "cents": (_CENT_CURRENCIES, 0.01),
    "pence": (frozenset({"GBP"}), 0.01),
    "p": (frozenset({"GBP"}), 0.01),
}


def _subunit_scale(noun: str | None, currency: str | None) -> float | None:
    """The factor that turns a count of *noun* into *currency*: 0.01 for
    "cents" against euros or dollars, 1 for a noun that is no subunit, None for
    a subunit of another currency ("pence" against dollars)."""
    sub = _SUBUNIT.get((noun or "").lower())
    if sub is None:
        return 1.0
    return sub[1] if currency in sub[0] else None


def _money_value(q: Quantity, other: Quantity) -> float | None:
    """*q*'s value in the currency of *other*: "80 cents" against "$3.20" is
    0.80."""
    if q.type == "count" and other.type == "money" and q.value is not None:
        scale = _subunit_scale(q.noun, other.unit)
        if scale is not None:
            return q.value * scale
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
        #: range ends ("between 240 and 260") -> the range
        self.range_of: dict[int, Quantity] = {
            id(x): r
            for r in self.qs
            if r.type == "range"
            for x in (r.extra.get("_a"), r.extra.get("_b"))
            if x is not None
        }
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

    def atoms_in(self, lo: int, hi: int | None = None) -> list[Quantity]:
        """The atoms of sentences *lo* to *hi* (default: *lo* alone), read from
        a per-sentence index built once, so that a check looking near each
        figure stays linear in the text."""
        index = self.memo("atoms_at", 0, lambda: self.by_sentence(self.atoms))
        return _window(index, lo, lo if hi is None else hi)

    def sentences_with(self, words: frozenset[str]) -> list[int]:
        """The sentences holding any of *words* (lower case), in order, from
        one split of the text into words: a check reads only the sentences its
        words are in."""
        return [i for i, ws in enumerate(self.word_sets()) if not ws.isdisjoint(words)]

    @property
    def low(self) -> str:
        """The text in lower case, made once (its length may differ from the
        text's for a few letters: for finding words, not positions)."""
        low: str = self.memo("low", 0, self.text.lower)
        return low

    def word_sets(self) -> list[frozenset[str]]:
        """Each sentence's words, lower case, split once: for the sentences
        with a figure in them or in the sentence after (no check reads words
        farther from a figure); the others' sets are empty."""
        sets: list[frozenset[str]] = self.memo("word_sets", 0, self._word_sets)
        return sets

    def _word_sets(self) -> list[frozenset[str]]:
        text = self.text
        near = {self.sent(q.start) for q in self.qs}
        near |= {i - 1 for i in near}
        empty: frozenset[str] = frozenset()
        return [
            frozenset(_LETTERS.findall(text[s0:s1].lower())) if i in near else empty
            for i, (s0, s1) in enumerate(self.sentences)
        ]

    def by_kind(
        self, figures: Sequence[Quantity]
    ) -> dict[tuple[str, str | None], list[Quantity]]:
        """*figures* grouped by type and unit, in their order."""
        out: dict[tuple[str, str | None], list[Quantity]] = {}
        for q in figures:
            out.setdefault((q.type, q.unit), []).append(q)
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
        if _GAIN_BEFORE.search(head) and _RUNNING_AFTER.match(ctx.after(q, 80)):
            return q.value
        return None
    if _INC_AFTER.match(ctx.text, q.end) or _INC_BEFORE.search(head):
        return q.value
    if _DEC_BEFORE.search(head):
        return -q.value
    if _GAIN_BEFORE.search(head) and _RUNNING_AFTER.match(ctx.after(q, 80)):
        return q.value
    return None


def _is_base(ctx: _Ctx, q: Quantity) -> bool:
    if q.type != "count" or q.value is None:
        return False
    return bool(
        ctx.memo(
            "base",
            id(q),
            lambda: bool(
                _BASE_BEFORE.search(ctx.before(q))
                or _BASE_AFTER.match(ctx.after(q))
                or _BASE_JOINED.search(ctx.before(q, 40))
                or _prior_total(ctx, q) is not None
            ),
        )
    )


def _prior_total(ctx: _Ctx, q: Quantity) -> Quantity | None:
    """The running total *q* is the earlier figure of ("bringing the tally to
    540, up from 480": 540 for 480), or None."""
    m = _PRIOR_OF_TOTAL.search(ctx.before(q, 40))
    if not m:
        return None
    at = q.start - len(ctx.before(q, 40)) + m.start("t")
    for t in ctx.atoms:
        if t.start == at and t.type == "count" and _is_total(ctx, t):
            return t
    return None


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


_MANTISSA = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _granularity(q: Quantity) -> float:
    """The unit a figure is written to: 100 for "4,200", 0.1 million for
    "$2.9 million", 1 million for "$21m", 1 for "three", "60%" or "250"."""
    m = _MANTISSA.search(q.text)
    if m is None or q.value is None:
        return 1.0
    mantissa = float(m.group().replace(",", ""))
    if not mantissa:
        return 1.0
    scale = q.value / mantissa
    if m.group(1):
        return float(scale * 10 ** -len(m.group(1)))
    digits = m.group().replace(",", "")
    if q.type == "percent" or len(digits) < 4:
        return float(scale)  # "60%", "250 people": written to the unit
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(scale * 10**zeros)


def _beyond_rounding(parts: Sequence[Quantity], total: float, stated: float) -> bool:
    """Whether parts summing to *total* differ from the *stated* total by more
    than their own rounding could make ("$21m + $15m + $12m" is $48m, not
    $50m; "4,200 + 2,900 + 1,300" is within 150 of its sum)."""
    slack = sum(_granularity(p) / 2 for p in parts)
    return (
        all(p.qualifier == "exact" for p in parts)
        and abs(total - stated) > slack * 1.001
    )


def _judge_sum(
    after: float,
    base: Quantity,
    inc: Quantity,
    t: Quantity,
    *,
    running: bool = False,
    strict: bool = False,
) -> tuple[str, str]:
    """A base plus an increment (*after*) against the stated total *t*. Figures
    stated to the unit allow no slack ("14 + 9 = 23, not 25"), nor a running
    total stated before and after an increment given to the unit (*running*:
    "38 new cases … to 540, up from 480"), nor more than the figures' own
    rounding; "about" allows a fifth. With *strict* (every role marked by a
    cue) those rules also overturn a reading within the usual 2%."""
    assert t.value is not None
    stated = t.value
    label, sym = _judge(after, stated, t.qualifier, ok=0.02, bad=0.08)
    beyond = t.qualifier == "exact" and _beyond_rounding([inc, base, t], after, stated)
    if strict and after != stated and (_unrounded(base, inc, t) or beyond):
        return INCONSISTENT, "≠"
    if label == UNVERIFIABLE and (
        _unrounded(inc, base, t)
        or (running and _unrounded(inc) and abs(after - stated) > 0.01 * stated)
        or (t.qualifier == "approx" and abs(after / stated - 1) > 0.2)
        or beyond
    ):
        return INCONSISTENT, "≠"
    return label, sym


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


# a number that is part of a name: "the Six Nations", "the FTSE 100 closed"
_NAME_AFTER = re.compile(r"\s+[A-Z]")


def _plain_figures(ctx: _Ctx, si: int, types: tuple[str, ...]) -> list[Quantity]:
    """The figures of *types* in sentence *si* that can be compared with
    others: a value, no year or length of time, no age, no number in a name.
    The general readers filter these further for their own roles."""
    text = ctx.text
    return [
        q
        for q in ctx.atoms_in(si)
        if q.type in types
        and q.value
        and q.noun not in ("years", "year")
        and not _TIME_AFTER.match(text, q.end)
        and not _is_age(ctx, q)
        and not (q.text[:1].isupper() and _NAME_AFTER.match(text, q.end))
    ]


def _same_unit(a: Quantity, b: Quantity) -> bool:
    """Two figures of one type and unit (whatever their nouns)."""
    return (a.type, a.unit) == (b.type, b.unit)


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
        if q.value is None or q.qualifier != "exact" or id(q) in ctx.range_of:
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


def _judge_pp(pts: float, n: float, qual: str, tenths: bool) -> tuple[str, str]:
    """A difference of *pts* points against *n* stated (figures to tenths
    allow a slip of rounding of a few tenths only)."""
    if qual != "exact":
        return _judge_points(pts, n, qual)
    dev = abs(pts - n)
    ok, bad = (0.15, 0.3 + 0.1 * n) if tenths else (0.6, 1.0 + 0.1 * n)
    label = CONSISTENT if dev <= ok else INCONSISTENT if dev > bad else UNVERIFIABLE
    return label, {CONSISTENT: "≈", INCONSISTENT: "≠", UNVERIFIABLE: "?"}[label]


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
