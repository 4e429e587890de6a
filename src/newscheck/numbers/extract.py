"""Find every quantity in a text and normalise it (pure regex, no NLP models).

A :class:`Quantity` is a half-open span ``[start, end)`` of the text plus its
normalised reading: ``type`` (``count``, ``money``, ``percent``, ``date``,
``range``, ``vague``, ``change``), ``value`` (or ``low``/``high``), the ``unit``
(currency code, ``"%"``) or the ``noun`` it counts, and a ``qualifier``
(``exact``, ``approx``, ``over``, ``at_least``, ``under``, ``nearly``,
``at_most``).

Examples
--------
>>> [(q.text, q.type, q.value, q.noun) for q in extract_quantities(
...     "Obama is to send 1,500 more troops.")]
[('1,500', 'count', 1500.0, 'troops')]
>>> q = extract_quantities("It asked for $5.6bn.")[0]
>>> (q.type, q.value, q.unit)
('money', 5600000000.0, 'USD')

Why one module of about 1,200 lines: quantities, number words, scales,
qualifiers, ranges, dates and changes are read by one pass of regexes that
share their token tables and overlap rules (:func:`_dedupe`); split, the
tables would be imported across files that must change together.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Quantity",
    "extract_all",
    "extract_durations",
    "extract_quantities",
    "noun_key",
    "parse_number",
    "qualifier_of",
]

# --------------------------------------------------------------------- lexicon
_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "dozen": 12.0,
}
_SCALE_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9}
_SCALE_ABBR.update({"tn": 1e12, "trn": 1e12})
_CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "£": "GBP",
    "gbp": "GBP",
    "€": "EUR",
    "eur": "EUR",
    "¥": "JPY",
    "jpy": "JPY",
    "₹": "INR",
    "inr": "INR",
    "dollars": "USD",
    "dollar": "USD",
    "pounds": "GBP",
    "euros": "EUR",
    "yen": "JPY",
    "rupees": "INR",
    "yuan": "CNY",
}
_QUALIFIERS = {
    "over": "over",
    "more than": "over",
    "above": "over",
    "in excess of": "over",
    "upwards of": "over",
    "just over": "over",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "under": "under",
    "less than": "under",
    "fewer than": "under",
    "below": "under",
    "up to": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "at most": "at_most",
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "approx.": "approx",
    "~": "approx",
}
_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Words skipped when looking for the noun a number counts ("1,500 more troops").
_NOUN_SKIP = frozenset(
    """more additional extra new other further fresh of the its their his her our
    your additional existing current remaining total combined young old local
    foreign armed active full-time part-time such than just only""".split()
)
_DETERMINERS = frozenset("the its their his her our your".split())
# Words that end the search: the number counts nothing named.
_NOUN_STOP = frozenset(
    """a an and or but to in on at by for from with as is are was were be been
    has have had will would can could may might that which who whom whose this
    these those it they he she we you i there here per percent than then so if
    when while after before since until during into onto over under about
    around not no nor each every all both more most less fewer ago later earlier
    out times fold already still next last previous now today go goes went come
    comes came get gets got along across through between among against within
    beyond near inside outside towards toward via them those these whom""".split()
)

_CUR = r"(?:US\$|A\$|C\$|NZ\$|HK\$|\$|£|€|¥|₹|(?:USD|EUR|GBP|JPY|INR)\s?)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ONES_RE = "|".join(_ONES)
_WORDNUM = (
    rf"(?:{'|'.join(_TENS)})(?:-(?:{_ONES_RE}))?|{'|'.join(_TEENS)}|{_ONES_RE}"
    r"|a(?=\s+(?:hundred|thousand|million|billion|dozen)\b)"
    r"|half\s+a(?=\s+(?:million|billion)\b)"
)
_QUAL_RE = "|".join(
    re.escape(k) for k in sorted(_QUALIFIERS, key=len, reverse=True) if k != "~"
)
# Small patterns used inside the extraction loops, compiled once.
_SPACES = re.compile(r"\s+")
_SPACES_OR_DASHES = re.compile(r"[\s-]+")
_DOLLAR_PREFIX = re.compile(r"(?<![\w])(?:US|A|C|NZ|HK)\Z")
_FOLD_AFTER = re.compile(r"\s*(?:-fold|times)(?![\w])")
_FOUR_DIGITS = re.compile(r"\d{4}")
_GAP_AND = re.compile(r"\s+and\s+")
_GAP_DASH = re.compile(r"\s?[-–]\s?")
_GAP_TO = re.compile(
    r"(?:\s+[a-z]+){0,2}?(?:\s+(?:in|by|at|on)\s+[^,;.]{1,20}?)?"
    r"\s+(?:to|until|till|through)\s+"
)
_GAP_PLAIN_TO = re.compile(r"\s+(?:to|until|till)\s+")
_RATE_TAIL = (
    r"(?:\s+(?:a|an|per|each)\s+(?:day|week|month|year|hour|head|person|barrel|"
    r"share|tonne|ton|litre|liter|gallon|kilo|pound))?"
)
_GAP_FROM = re.compile(
    r"(?:\s+[a-z]+)?" + _RATE_TAIL + r"(?:\s+(?:in|by|at|on)\s+[^,;.]{1,20}?)?"
    r"\s+from\s+"
)
# "$40 million → $95 million": a change whose direction the figures give
_GAP_ARROW = re.compile(r"\s*(?:→|->|=>)\s*")

_ATOM = re.compile(
    rf"""
    (?P<cur>{_CUR})?
    (?P<num>{_DIGITS}|(?:{_WORDNUM})(?![\w]))
    (?P<scale>(?:\s(?:hundred|thousand|million|billion|trillion|dozen)(?![\w]))+
       |\s?(?:bn|mn|mln|tn|trn|m|k|b)(?![\w]))?
    (?P<pct>\s?(?:%|percent(?![\w])|per\s?cent(?![\w])|percentage\s+points?(?![\w])))?
    (?P<curword>\s(?:dollars|pounds|euros|yen|rupees|yuan)(?![\w]))?
    """,
    re.I | re.X,
)
_VAGUE = re.compile(
    r"""(?<![\w-])(?:
      (?P<vq>several|a\s+few|a\s+couple\s+of|many|a\s+number\s+of)\s+
        (?P<vs>hundred|thousand|million|billion|dozen)s?(?:\s+of)?
    | (?P<vt>tens|hundreds|thousands|millions|billions|dozens|scores)\s+of
        (?:\s+(?P<vt2>thousands|millions|billions)\s+of)?
    )(?![\w])""",
    re.I | re.X,
)
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"""(?<![\w])(?:
      (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>\d{{4}})
    | (?P<m2>{_MONTH_RE})\.?\s+
      (?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y2>\d{{4}})
    | (?P<m3>{_MONTH_RE})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?![\w])
    | (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m4>{_MONTH_RE})
    | (?P<m5>{_MONTH_RE})
    )(?![\w])""",
    re.I | re.X,
)
_FACTOR = re.compile(
    r"""(?<![\w])
    (?:(?P<q>nearly|almost|more\s+than|over|roughly|about|around|close\s+to|
         effectively|just\s+over|just\s+under|less\s+than|at\s+least|
         practically|virtually|more\s+or\s+less)\s+)?
    (?:(?P<v>doubl(?:ed|ing|es)|tripl(?:ed|ing|es)|quadrupl(?:ed|ing|es)
        |quintupl(?:ed|ing|es)|halv(?:ed|ing|es)|(?:cut|cuts|cutting)\s+in\s+half)
      (?!\s+as\b)
      |(?:to|will|would|could|may|might|should)\s+
        # "will nearly double", "will more than double"
        (?:(?P<q2>nearly|almost|more\s+than|roughly|about|effectively)\s+)?
        (?P<v2>double|triple|quadruple|quintuple|halve))
    (?![\w])""",
    re.I | re.X,
)
_TIMES = re.compile(
    r"""(?<![\w.])
    (?:(?P<q>nearly|almost|more\s+than|over|roughly|about|around)\s+)?
    (?:(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)
    (?:-fold|\s+times)
    # "twice as many as", "double the", "triple that"
    |(?P<w>twice|double|triple|quadruple)(?=\s+(?:as\s|the\s|that|what)))
    (?P<cmp>\s+(?:more|higher|larger|bigger|greater|as\s+(?:many|much|large|high|big|
       long|fast|often)|what|the|that|his|her|its|their))?(?![\w])""",
    re.I | re.X,
)
_TIMES_WORD = {"twice": 2.0, "double": 2.0, "triple": 3.0, "quadruple": 4.0}


_FOLD_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|hundred|thousand"
)
# "grew sevenfold", "a tenfold increase", "rose 10-fold, from …": a multiplier
# of a change (not "five times the 8 cases", read by _TIMES)
_FOLD = re.compile(
    rf"""(?<![\w.-])
    (?:(?P<q>nearly|almost|more\s+than|over|roughly|about|around|some)\s+)?
    (?P<n>\d+(?:\.\d+)?|{_FOLD_WORDS})-?fold(?![\w-])""",
    re.I | re.X,
)
_FOLD_VERB = re.compile(
    r"(?<![\w])(?:rose|risen|rise|rises|rising|grew|grow|grown|grows|growing|"
    r"increased?|increases|increasing|jumped|surged|soared|climbed|expanded|"
    r"multiplied|swelled|ballooned)\s+(?:by\s+)?(?:an?\s+)?$",
    re.I,
)
_FOLD_NOUN = re.compile(r"[\s-]+(?:increase|rise|jump|growth|surge)(?![\w])", re.I)
_FOLD_FROM = re.compile(r"\s*,?\s*(?:from|since)\s", re.I)
# "shrank by a third", "rose by half", "cut by two-thirds": a fraction of the
# start added or taken away
_FRACTION_BY = re.compile(
    r"""(?<![\w])(?:(?P<up>rose|risen|rise|rises|grew|grown|growing|increased?|
      increasing|climbed|jumped|expanded|expanding|swelled|raised|raising|boosted|
      boosting)|(?P<down>fell|fallen|falls|dropped|declined?|decreased?|shrank|
      shrunk|shrinks|shrinking|cut|cuts|cutting|reduced?|reducing|slashed|
      slashing|plunged))
    # "increasing its capacity by a third": the verb's object between
    (?:\s+(?:its|their|the|his|her|our)\s+[a-z]+)?
    \s+by\s+(?:(?P<q>nearly|almost|about|around|roughly|more\s+than|over|
      less\s+than|some)\s+)?
    (?P<f>(?:a|one)\s+half|half|(?:a|one)[\s-]+third|two[\s-]+thirds|
      (?:a|one)[\s-]+quarter|three[\s-]+quarters|(?:a|one)[\s-]+fifth)(?![\w-])""",
    re.I | re.X,
)
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 2 / 3, "quarter": 0.25}
_FRACTIONS.update({"quarters": 0.75, "fifth": 0.2})


def _fraction_value(phrase: str) -> float:
    """0.5 for "half", 2/3 for "two-thirds", 0.25 for "a quarter"."""
    return _FRACTIONS[_SPACES_OR_DASHES.split(phrase.strip().lower())[-1]]


def _trie_regex(words: list[str]) -> str:
    """A regex alternation of *words* shaped as a trie: Python's engine matches
    that far faster than a flat ``a|b|c``."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(k) + build(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(root)


_UP_FLAT = (
    r"rose|rise|rises|rising|risen|increased?|increases|increasing|grew|grow|grows|"
    r"growing|grown|climbed?|climbs|climbing|jumped?|jumps|jumping|soared?|soars|"
    r"surged?|surges|gained?|gains|up|higher|raised?|raising|boosted?"
)
_DOWN_FLAT = (
    r"fell|fall|falls|falling|fallen|dropped|drops?|dropping|declined?|declines|"
    r"declining|decreased?|decreases|decreasing|cut|cuts|cutting|reduced?|reduces|"
    r"reducing|slid|slides|slipped|plunged?|plunges|shrank|shrunk|shrinks|down|"
    r"lower|slashed?|slashing"
)


def _alternatives(flat: str) -> list[str]:
    """The words of a flat alternation whose items may end in an optional letter
    (``"rose|increased?"`` -> rose, increase, increased)."""
    words = []
    for item in flat.split("|"):
        words += [item[:-2], item[:-1]] if item.endswith("?") else [item]
    return words


# The same words as trie-shaped alternations: every alternative is followed by
# (?![\w]) or white space, so at most one can match at a position, and the
# trie shape tries far fewer of them.
_UP = _trie_regex(_alternatives(_UP_FLAT))
_DOWN = _trie_regex(_alternatives(_DOWN_FLAT))
_VERB_BY = re.compile(
    # (not "runner-up 40.2%", "run-down 20%": a hyphened word's ending)
    rf"(?<![\w-])(?:(?P<up>{_UP})|(?P<down>{_DOWN}))"
    r"(?:\s+(?:the|its|their|his|her)\s+[a-z]+)?\s+(?:by\s+)?$",
    re.I,
)
_MADE_UP = re.compile(r"(?<![\w])(?:made|make|makes|making)\s+up$", re.I)
_BARE_ONLY = frozenset("up down higher lower".split())
_NEEDS_BY = frozenset(
    """raise raised raises raising boost boosted boosts cut cuts cutting reduce
    reduced reduces reducing slash slashed slashing increase increased increases
    increasing decrease decreased decreases decreasing""".split()
)
_NOUN_CHANGE_AFTER = re.compile(
    r"[\s-]+(?:(?P<up>increase|rise|jump|gain|growth|hike|boost)"
    r"|(?P<down>drop|fall|decline|decrease|cut|reduction|loss))(?![\w])",
    re.I,
)
_NOUN_CHANGE_BEFORE = re.compile(
    r"(?:(?P<up>increase|rise|jump|gain|growth|hike|boost)"
    r"|(?P<down>drop|fall|decline|decrease|cut|reduction|loss))\s+of\s+$",
    re.I,
)
_DURATION = re.compile(
    r"""(?<![\w-])(?:(?P<q>nearly|almost|more\s+than|over|just\s+over|just\s+under|
    about|around|roughly|less\s+than|some)\s+)?
    (?P<n>\d{1,3}
      # "twenty-five years"
      |(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]
        (?:one|two|three|four|five|six|seven|eight|nine)
      |a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|
      thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|
      forty|fifty|sixty|seventy|eighty|ninety|half\s+a)
    (?:-year|\s+years?|(?P<dec>-decade|\s+decades?)|(?P<cen>-century|\s+century|
      \s+centuries))(?![\w])""",
    re.I | re.X,
)
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s-]+$")
_MONTH_PREP = frozenset(
    """in since until till by from to last next this early late of during before
    after mid""".split()
)
_QUAL_TAIL = re.compile(rf"(?<![\w])({_QUAL_RE})\Z", re.I)
_ADD_UP = re.compile(r"(?<![\w])(?:add|adds|added|adding)\s+\Z", re.I)
_OF_TOKEN = re.compile(r"\s*([\w$£€][\w,.'’$£€-]*?)(?=[\s;:!?)]|[,.](?:\s|$)|$)")
_OF_SKIP = frozenset("the its their his her our all a an this these those its".split())
_WORD = re.compile(r"[\s'‘’\"“”]*([A-Za-z][A-Za-z'’-]*)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text, with its normalised reading.

    ``role`` fields (``extra``) carry type-specific details: ``year``/``month``/
    ``day`` for dates, ``direction``/``factor``/``by``/``from``/``to`` for changes,
    ``of`` (the type of the endpoints) for ranges.
    """

    start: int
    end: int
    text: str
    type: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    noun: str | None = None
    qualifier: str = "exact"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_atom(self) -> bool:
        """A single figure (count, money, percent, date, vague), not a composite."""
        return self.type in ("count", "money", "percent", "date", "vague")

    def evidence(self) -> dict[str, Any]:
        """The normalised fields as JSON-ready evidence."""
        out: dict[str, Any] = {"type": self.type, "qualifier": self.qualifier}
        dated = self.type == "date" or self.extra.get("of") == "date"
        for k in ("value", "low", "high", "unit", "noun"):
            v = getattr(self, k)
            if v is not None and not (dated and k != "unit"):
                out[k] = v
        if self.type == "date":
            out["iso"] = _iso(self.extra)
        elif dated:
            out["start"] = _iso(self.extra["_a"].extra)
            out["end"] = _iso(self.extra["_b"].extra)
        out.update({k: v for k, v in self.extra.items() if not k.startswith("_")})
        return out


def _iso(parts: dict[str, Any]) -> str:
    """ "2014-08-03", "2014-08", "2014", "--08" (month only) or "1990s"."""
    if "decade" in parts:
        return f"{parts['decade']}s"
    year, month, day = parts.get("year"), parts.get("month"), parts.get("day")
    out = f"{year:04d}" if year is not None else "-"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def parse_number(token: str) -> float | None:
    """The value of a digit string (``"1,500"``) or number words (``"twenty-five"``,
    ``"a dozen"``, ``"two million"``); ``None`` if it is not a number.

    >>> parse_number("1,500"), parse_number("twenty-five"), parse_number("a dozen")
    (1500.0, 25.0, 12.0)
    """
    t = token.strip().lower()
    if not t:
        return None
    if t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    total = 0.0
    current = 0.0
    seen = False
    for w in _SPACES_OR_DASHES.split(t):
        if w == "and":
            continue
        if w == "a":
            current = current or 1.0
            seen = True
            continue
        if w == "half":
            current = 0.5
            seen = True
        elif w in _ONES:
            current += _ONES[w]
            seen = True
        elif w in _TEENS:
            current += _TEENS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w in _SCALES:
            scale = _SCALES[w]
            current = (current or 1.0) * scale
            if scale >= 1e3:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def noun_key(noun: str | None) -> str | None:
    """A crude singular, lower-case key for matching counted nouns."""
    if not noun:
        return None
    n = noun.lower().strip("'’-")
    if n.endswith("ies") and len(n) > 4:
        return n[:-3] + "y"
    if n.endswith("s") and not n.endswith("ss") and len(n) > 3:
        return n[:-1]
    return n


def _noun_after(text: str, pos: int, limit: int) -> str | None:
    """The noun a number at ``text[..pos]`` counts: the first content word after
    it, skipping modifiers ("more", "US", quotes)."""
    for i in range(4):
        m = _WORD.match(text, pos, limit)
        if not m:
            return None
        w = m.group(1).rstrip("'’-")
        if not w:
            return None
        lw = w.lower()
        pos = m.end()
        if i == 0 and lw in _DETERMINERS:
            return None  # "80,000 the year before": no noun of the number's
        if lw in _NOUN_SKIP or (w[0].isupper() and w.isupper() and len(w) <= 4):
            continue
        if w[0].isupper() and lw not in _NOUN_STOP:
            continue  # a proper adjective ("Iraqi", "Kurdish")
        if lw in _NOUN_STOP or lw.endswith("ly") or (lw.endswith("ed") and len(lw) > 4):
            return None
        if lw in _MONTHS:
            return None
        if not lw.endswith("s"):
            # a noun modifying a plural head: "300 army officers" counts officers
            nxt = _WORD.match(text, pos, limit)
            if nxt and text[pos : nxt.start(1)] == " ":
                nw = nxt.group(1).rstrip("'’-")
                if (
                    nw.islower()
                    and nw.endswith("s")
                    and not nw.endswith("ss")
                    and nw not in _NOUN_STOP
                    and nw not in _NOUN_SKIP
                ):
                    return nw
        return _shared_head(text, pos, limit, lw) or lw
    return None


# "nine Iraqi army and three Kurdish Peshmerga brigades": after a singular word,
# "and"/"or" and another count whose noun is plural.
_AND_COUNT = re.compile(r",? +(?:and|or) +(\d[\d,]*|[a-z]+)\b")


def _shared_head(text: str, pos: int, limit: int, word: str) -> str | None:
    """The plural head two coordinated counts share, when the first count's
    word is a singular modifier: "nine Iraqi army and three Kurdish Peshmerga
    brigades" counts brigades, not an army. ``None`` when there is no such
    head (the word is plural, or no second count follows)."""
    if word.endswith("s"):
        return None
    m = _AND_COUNT.match(text, pos, limit)
    if not m or not (
        m.group(1)[0].isdigit()
        or m.group(1) in _ONES
        or m.group(1) in _TEENS
        or m.group(1) in _TENS
    ):
        return None
    other = _noun_after(text, m.end(), min(len(text), m.end() + 60))
    if other and other.endswith("s") and noun_key(other) != word:
        return other
    return None


def _of_noun(text: str, pos: int, limit: int) -> str | None:
    """The whole in "X% of [the town's | registered | the 2,000] residents"."""
    for _ in range(5):
        m = _OF_TOKEN.match(text, pos, limit)
        if not m:
            return None
        w = m.group(1)
        pos = m.end()
        lw = w.lower()
        if (
            lw in _OF_SKIP
            or w[0].isdigit()
            or lw.endswith(("'s", "’s"))
            or (lw.endswith("ed") and len(lw) > 4)
        ):
            continue
        if lw in _NOUN_STOP:
            return None
        return lw
    return None


def qualifier_of(phrase: str | None) -> str:
    """The qualifier a captured phrase states ("more than" → ``"over"``,
    "nearly" → ``"nearly"``); ``"exact"`` for none, ``"approx"`` for one not
    in the table."""
    if not phrase:
        return "exact"
    return _QUALIFIERS.get(_SPACES.sub(" ", phrase.lower()), "approx")


def _qualifier_before(text: str, pos: int) -> tuple[str, int]:
    """The qualifier right before *pos* ("more than 3,000") and where it starts."""
    j = pos
    while j > 0 and text[j - 1] == " ":
        j -= 1
    if j > 0 and text[j - 1] == "~":
        return "approx", j - 1
    if j == pos:
        return "exact", pos
    m = _QUAL_TAIL.search(text, max(0, j - 16), j)
    if not m:
        return "exact", pos
    q = _SPACES.sub(" ", m.group(1).lower())
    if q == "up to" and _ADD_UP.search(text, max(0, m.start(1) - 12), m.start(1)):
        return "exact", pos  # "$3m and $2m add up to $5m": a sum, not a limit
    return _QUALIFIERS.get(q, "exact"), m.start(1)


def _dates(text: str, hits: list[int]) -> list[Quantity]:
    out = []
    last = -1
    for h in hits:
        if h < last:
            continue
        m = _DATE.match(text, h)
        if not m:
            continue
        g = m.groupdict()
        month_tok = next(g[k] for k in ("m1", "m2", "m3", "m4", "m5") if g[k])
        if not month_tok[0].isupper():
            continue
        month = _MONTHS[month_tok.lower()]
        if g["m5"]:
            prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
            if not prev or prev.group(1).lower() not in _MONTH_PREP:
                continue
        start = m.start()
        last = m.end()
        day_s = g["d1"] or g["d2"] or g["d3"] or g["d4"]
        year_s = g["y1"] or g["y2"]
        day = int(day_s) if day_s else None
        year = int(year_s) if year_s else None
        if day is not None and not 1 <= day <= 31:
            continue
        if year is not None and not 1000 <= year <= 2200:
            continue
        extra: dict[str, Any] = {"month": month}
        if year is not None:
            extra["year"] = year
        if day is not None:
            extra["day"] = day
        out.append(
            Quantity(
                start,
                m.end(),
                text[start : m.end()],
                "date",
                value=float(year) if year is not None else None,
                unit="year" if year is not None else "month",
                extra=extra,
            )
        )
    return out


def _vague(text: str, hits: list[int]) -> list[Quantity]:
    out = []
    for m in _scan(_VAGUE, text, hits, 12, 30):
        vq, vs, vt, vt2 = m.group("vq", "vs", "vt", "vt2")
        if vq:
            scale = _SCALES[vs.lower()]
            lo, hi = {
                "several": (3, 9),
                "a few": (2, 5),
                "a couple of": (2, 3),
                "many": (2, 20),
                "a number of": (2, 20),
            }[_SPACES.sub(" ", vq.lower())]
            low, high = lo * scale, hi * scale
        else:
            base = {
                "tens": 10.0,
                "hundreds": 100.0,
                "thousands": 1e3,
                "millions": 1e6,
                "billions": 1e9,
                "dozens": 12.0,
                "scores": 20.0,
            }[vt.lower()]
            low, high = 2 * base, 10 * base - 1
            if vt.lower() == "dozens":
                low, high = 24.0, 144.0
            if vt2:
                mult = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[vt2.lower()]
                low, high = low * mult, high * mult
        noun = _noun_after(text, m.end(), min(len(text), m.end() + 60))
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                "vague",
                low=float(low),
                high=float(high),
                noun=noun,
                qualifier="approx",
            )
        )
    return out


class _Spans:
    """Spans of text already read (dates and vague amounts here, relations in
    :mod:`~newscheck.numbers.relations`), asked whether a span overlaps any of
    them in logarithmic time: sorted starts and the running maximum of their
    ends, so that a text of many of them stays linear to read."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.reach.append(top)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)  # spans starting before e
        return i > 0 and self.reach[i - 1] > s


def _atoms(text: str, taken: list[tuple[int, int]], hits: list[int]) -> list[Quantity]:
    out: list[Quantity] = []
    read = _Spans(taken)
    n = len(text)
    last = -1
    for h in hits:
        if h < last:
            continue
        prev = text[h - 1] if h else " "
        if (
            prev.isalnum()
            or prev == "_"
            or (prev == "." and h > 1 and text[h - 2].isdigit())
            or (prev == "-" and h > 1 and text[h - 2].isupper())
        ):
            continue  # inside a token ("B52", "1.2.3", "COVID-19")
        m = _ATOM.match(text, h)
        if not m:
            continue
        s, e = m.start(), m.end()
        num_s = m.start("num")
        if read.overlaps(num_s, m.end("num")):
            continue
        last = e
        cur_prefix = ""
        if m.group("cur") == "$" and h >= 1:
            pre = _DOLLAR_PREFIX.search(text[max(0, h - 3) : h])
            if pre:
                s = h - len(pre.group())
                cur_prefix = pre.group()
        nxt = text[e] if e < n else ""
        num = m.group("num")
        cur, scale_s, pct, curword = m.group("cur", "scale", "pct", "curword")
        if cur_prefix:
            cur = cur_prefix + cur
        is_digit = num[0].isdigit()
        scale_tok = scale_s.strip().lower() if scale_s else ""
        if (
            scale_tok in _SCALE_ABBR
            and scale_tok not in ("bn", "mn", "mln")
            and not cur
        ):
            continue  # "300m" without a currency is more likely metres
        glued = nxt.isalnum() or (nxt == "-" and e + 1 < n and text[e + 1].isalpha())
        decade = is_digit and len(num) == 4 and nxt == "s" and not scale_s
        # "20kg", "88lb", "40C": a measure written onto its figure
        measure = (
            _GLUED_MEASURE.match(text, e)
            if glued and is_digit and not (cur or curword or pct or scale_s)
            else None
        )
        if glued and not decade and measure is None:
            continue  # "2nd", "3D", "three-year": not a standalone quantity
        if not is_digit and num.lower() == "one" and not scale_s:
            continue
        if _FOLD_AFTER.match(text[e : e + 8]):
            continue  # a multiplier, read by _factor_changes
        value = parse_number(num)
        if value is None:
            continue
        if scale_s:
            if scale_tok in _SCALE_ABBR:
                value *= _SCALE_ABBR[scale_tok]
            else:
                for w in scale_tok.split():
                    value *= _SCALES[w]
        qual, qs = _qualifier_before(text, s)
        s = min(s, qs)
        extra: dict[str, Any] = {}
        if pct:
            typ, unit = "percent", "%"
            if "point" in pct.lower():
                unit = "pp"
        elif cur or curword:
            typ = "money"
            key = (cur or curword).strip().lower()
            unit = _CURRENCY.get(key, key.upper())
        elif (
            is_digit
            and _FOUR_DIGITS.fullmatch(num)
            and 1800 <= value <= 2100
            and not scale_s
        ):
            if nxt == "s":
                typ, unit = "date", "decade"
                extra = {"decade": int(value)}
                e += 1
            else:
                noun = _noun_after(text, e, min(n, e + 40))
                head = text[max(0, s - 4) : s].lower()
                if head.endswith(("the ", "'s ", "’s ")):
                    noun = None  # "the 2016 elections" is a year
                if noun and (noun.endswith("s") or qual != "exact"):
                    typ, unit = "count", None
                else:
                    typ, unit = "date", "year"
                    extra = {"year": int(value)}
        elif (
            is_digit
            and _FOUR_DIGITS.fullmatch(num)
            and 1000 <= value < 1800
            and not scale_s
            and qual == "exact"
            and _early_year(text, s, e, out)
        ):
            typ, unit = "date", "year"
            extra = {"year": int(value)}
        elif (
            measure is not None
            and measure.group(1) == "p"
            and value < 10_000
            and num not in _VIDEO_LINES
            and not _TAX_PENCE.match(text, measure.end())
        ):
            # "180p a share": pence, a hundredth of a pound
            typ, unit = "money", "GBP"
            value /= 100
            e = measure.end()
            extra = {"pence": True}
        else:
            typ, unit = "count", None
        if typ == "date" and qual != "exact":
            s = num_s  # "about 2003" keeps its qualifier out of the date span
            qual = "exact"
        noun = None
        if typ in ("count", "money", "percent"):
            noun_end = min(n, e + 60)
            if typ == "percent":
                if text.startswith(" of ", e):
                    noun = _of_noun(text, e + 4, noun_end)
                    extra["of"] = True
            elif typ == "count":
                noun = (
                    measure.group(1).lower().lstrip("°")
                    if measure
                    else _noun_after(text, e, noun_end)
                )
        if not is_digit:
            extra["written"] = True
        out.append(
            Quantity(
                s,
                e,
                text[s:e],
                typ,
                value=float(value),
                unit=unit,
                noun=noun,
                qualifier=qual,
                extra=extra,
            )
        )
    return out


#: "a 2p cut in national insurance": pence in the pound, a rate
_TAX_PENCE = re.compile(r"\s+(?:cut|rise|increase|reduction|off)(?![\w])", re.I)
#: "1080p" is a screen, not pence
_VIDEO_LINES = frozenset("240 360 480 540 576 720 1080 1440 2160 4320".split())
_GLUED_MEASURE = re.compile(r"(kg|lbs?|km|mi|ft|°?C|°?F|p)(?![A-Za-z0-9])")
_EARLY_CUE = re.compile(
    r"(?<![\w])(in|since|until|till|circa|c\.|from|between)\s+$", re.I
)
_YEAR_PAIR = re.compile(r"\s*(?:to|until|till|through|and|-|–)\s*(\d{4})(?![\w]|,\d)")
_YEAR_AFTER_YEAR = re.compile(r"\s*(?:to|until|till|through|and|-|–)\s*$")


def _early_year(text: str, s: int, e: int, out: list[Quantity]) -> bool:
    """Whether a 4-digit number before 1800 at ``text[s:e]`` is a year: after
    "in"/"since", or in a year pair after "from"/"between" ("from 1648 to
    1652", not "rose from 1500 to 1700"), and counting no noun."""
    if _noun_after(text, e, min(len(text), e + 40)):
        return False
    if (
        out
        and out[-1].type == "date"
        and "year" in out[-1].extra
        and _YEAR_AFTER_YEAR.fullmatch(text, out[-1].end, s)
    ):
        return True  # the end of a pair whose start was read as a year
    cue = _EARLY_CUE.search(text, max(0, s - 10), s)
    if cue is None:
        return False
    if cue.group(1).lower() not in ("from", "between"):
        return True
    pair = _YEAR_PAIR.match(text, e)
    if pair is None or _verb_before(text, s) is not None:
        return False
    end = int(pair.group(1))
    return int(text[s:e]) < end <= 2100 and not _noun_after(
        text, pair.end(), min(len(text), pair.end() + 40)
    )


def _factor_changes(
    text: str, factor_hits: list[int], times_hits: list[int]
) -> list[Quantity]:
    out = []
    for m in _scan(_FACTOR, text, factor_hits, 30, 16):
        verb = (m.group("v") or m.group("v2")).lower()
        if verb.startswith("doubl"):
            factor = 2.0
        elif verb.startswith("tripl"):
            factor = 3.0
        elif verb.startswith("quadrupl"):
            factor = 4.0
        elif verb.startswith("quintupl"):
            factor = 5.0
        else:
            factor = 0.5
        q = m.group("q") or m.group("q2")
        qual = qualifier_of(q)
        if q and q.lower() in ("effectively", "practically", "virtually"):
            qual = "approx"
        if q and q.lower() == "more or less":
            qual = "approx"
        s = m.start() if q else m.start("v") if m.group("v") else m.start("v2")
        out.append(
            Quantity(
                s,
                m.end(),
                text[s : m.end()],
                "change",
                value=factor,
                unit="x",
                qualifier=qual,
                extra={
                    "factor": factor,
                    "direction": "up" if factor > 1 else "down",
                },
            )
        )
    for m in _scan(_FOLD, text, [*factor_hits, *times_hits], 30, 30):
        n = parse_number(m.group("n"))
        head = text[max(0, m.start() - 30) : m.start()]
        if (
            n is None
            or n < 1.5
            or not (
                _FOLD_VERB.search(head)
                or _FOLD_NOUN.match(text, m.end())
                or _FOLD_FROM.match(text, m.end())
            )
        ):
            continue
        q = m.group("q")
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                "change",
                value=n,
                unit="x",
                qualifier=qualifier_of(q),
                extra={"factor": n, "direction": "up"},
            )
        )
    for m in _scan(_FRACTION_BY, text, factor_hits, 40, 30):
        frac = _fraction_value(m.group("f"))
        up = m.group("up") is not None
        factor = 1 + frac if up else 1 - frac
        q = m.group("q")
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                "change",
                value=factor,
                unit="x",
                qualifier=qualifier_of(q),
                extra={"factor": round(factor, 4), "direction": "up" if up else "down"},
            )
        )
    for m in _scan(_TIMES, text, sorted([*times_hits, *factor_hits]), 30, 30):
        w = m.group("w")
        if w:
            head = text[max(0, m.start() - 12) : m.start()].lower()
            if head.rstrip().endswith(("to", "will", "would", "could", "may")):
                continue  # "to double the fleet": a change, read as a factor
        factor = _TIMES_WORD[w.lower()] if w else parse_number(m.group("n"))
        if factor is None or factor < 1.5 or not m.group("cmp"):
            continue
        q = m.group("q")
        qual = qualifier_of(q)
        cmp = m.group("cmp").strip().lower()
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                "change",
                value=factor,
                unit="x",
                qualifier=qual,
                extra={
                    "factor": factor,
                    "direction": "up",
                    "times": True,
                    # "3 times more/higher" is read by some as x3, by others x4
                    "ambiguous_plus_one": cmp.split()[0]
                    in ("more", "higher", "larger", "bigger", "greater"),
                },
            )
        )
    return out


def _durations(text: str, hits: list[int]) -> list[Quantity]:
    out = []
    for m in _scan(_DURATION, text, hits, 40, 10):  # (10: "centuries")
        n_s = m.group("n").lower()
        if n_s in ("a", "one"):
            value = 1.0
        elif n_s.startswith("half"):
            value = 0.5
        else:
            v = parse_number(n_s)
            if v is None:
                continue
            value = v
        q = m.group("q")
        qual = qualifier_of(q)
        extra: dict[str, Any] = {"duration": True}
        if m.group("dec"):
            value *= 10
            extra["decades"] = True  # "four decades": a round figure
        elif m.group("cen"):
            value *= 100
            extra["decades"] = True  # "a century": a round figure
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                "count",
                value=value,
                unit="years",
                noun="years",
                qualifier=qual,
                extra=extra,
            )
        )
    return out


def _composites(text: str, atoms: list[Quantity]) -> list[Quantity]:
    """Ranges ("between 10 and 20", "from 2012 to 2008") and changes with
    figures ("rose 25%", "from 800 to 1,000", "an increase of 15%")."""
    out: list[Quantity] = []
    figures = [q for q in atoms if q.type in ("count", "money", "percent", "date")]
    figures.sort(key=lambda q: q.start)
    used_pairs = set()
    for i, a in enumerate(figures):
        before = text[max(0, a.start - 12) : a.start].lower()
        # -- "between A and B", "from A to B", "A to B", "A-B"
        for b in figures[i + 1 : i + 3]:
            if (a.type == "date") != (b.type == "date"):
                continue
            gap = text[a.end : b.start]
            between = before.endswith("between ") and _GAP_AND.fullmatch(gap)
            dash = _GAP_DASH.fullmatch(gap) and a.type != "date"
            frm = before.endswith("from ")
            to_m = _GAP_TO.fullmatch(gap)
            plain_to = _GAP_PLAIN_TO.fullmatch(gap)
            if not (between or dash or (frm and to_m) or plain_to):
                continue
            if (frm and to_m) or (a.type == "date" and plain_to):
                verb = _verb_before(text, a.start)
                if verb and a.type != "date":
                    out.append(_change_from_to(text, a, b, verb))
                    used_pairs.add((a.start, b.start))
                    break
                neutral = _NEUTRAL_VERB.search(text, max(0, a.start - 40), a.start)
                if (
                    neutral
                    and frm
                    and a.type == b.type
                    and a.unit == b.unit
                    and a.value is not None
                    and b.value is not None
                    and a.value != b.value
                ):
                    # "went from $1,000 to $1,300": the figures give the direction
                    out.append(_change_arrow(text, a, b, neutral.group(1)))
                    used_pairs.add((a.start, b.start))
                    break
            if a.type != b.type and not (
                a.type == "count" and b.type in ("money", "percent")
            ):
                continue
            s = a.start - (8 if between else 5 if frm else 0)
            out.append(
                Quantity(
                    s,
                    b.end,
                    text[s : b.end],
                    "range",
                    low=a.value,
                    high=b.value,
                    unit=b.unit,
                    noun=b.noun or a.noun,
                    qualifier="approx",
                    extra={"of": b.type, "_a": a, "_b": b},
                )
            )
            used_pairs.add((a.start, b.start))
            break
        # -- "A in 2019 and B in 2020": one measure at two dated points
        # ("from A in 2019 to B in 2020" is read above)
        if (
            a.type in ("count", "money", "percent")
            and a.value is not None
            and not before.endswith("from ")
        ):
            for b in figures[i + 2 : i + 4]:
                pair = _DATED_PAIR.fullmatch(text, a.end, b.start)
                after = _DATED_AFTER.match(text, b.end)
                if (
                    pair
                    and after
                    and (b.type, b.unit) == (a.type, a.unit)
                    and b.value is not None
                    and b.value != a.value
                    and (b.noun is None or a.noun is None or b.noun == a.noun)
                    and not _MORE_AFTER.match(text, b.end)
                    and not _ANOTHER_BEFORE.search(text, max(0, b.start - 12), b.start)
                    and int(pair.group(1)) < int(after.group(1))
                ):
                    out.append(_change_arrow(text, a, b, "dated"))
                    break
        # -- "A → B"
        if a.type in ("count", "money", "percent"):
            for b in figures[i + 1 : i + 2]:
                if (
                    b.type == a.type
                    and b.unit == a.unit
                    and a.value is not None
                    and b.value is not None
                    and a.value != b.value
                    and _GAP_ARROW.fullmatch(text, a.end, b.start)
                ):
                    out.append(_change_arrow(text, a, b))
        # -- "to B from A"
        if before.endswith("to "):
            for b in figures[i + 1 : i + 3]:
                gap = text[a.end : b.start]
                if b.type == a.type and _GAP_FROM.fullmatch(gap):
                    verb = _verb_before(text, a.start)
                    if verb:
                        out.append(_change_from_to(text, b, a, verb))
                    break
        # -- "rose 25%", "cut the budget by $4 million", "a 15% increase"
        if a.type in ("count", "money", "percent"):
            head = text[max(0, a.start - 40) : a.start]
            vm = _VERB_BY.search(head)
            tail = _NOUN_CHANGE_AFTER.match(text, a.end, min(len(text), a.end + 20))
            # (the pattern ends in "of" and white space: skip the search otherwise)
            nb = (
                _NOUN_CHANGE_BEFORE.search(head)
                if head.rstrip()[-2:].lower() == "of"
                else None
            )
            if vm and a.type == "count" and vm.group().split()[0].lower() in _BARE_ONLY:
                vm = None  # "setting up two centres"
            if vm and _MADE_UP.search(head, 0, len(head) - len(vm.group()) + 2):
                vm = None  # "made up 45% of the workforce": a share
            if (
                vm
                and "by" not in vm.group().lower().split()
                and (vm.group().split()[0].lower() in _NEEDS_BY)
            ):
                vm = None  # "raised £40,000" is an amount, not a change
            m = vm or nb
            if m or tail:
                up = (m or tail).group("up") is not None
                s = (a.start - len(head) + m.start()) if m else a.start
                e = tail.end() if tail and not m else a.end
                out.append(
                    Quantity(
                        s,
                        e,
                        text[s:e],
                        "change",
                        value=a.value,
                        unit=a.unit,
                        noun=a.noun,
                        qualifier=a.qualifier,
                        extra={
                            "direction": "up" if up else "down",
                            "by": a.value,
                            "by_type": a.type,
                            "_by": a,
                        },
                    )
                )
    return out


# A change verb before "from A to B": the plain ones and the multipliers
# ("doubled from $15 to $30", "halved, from 8,000 to 4,000").
_CHANGE_VERB = re.compile(
    rf"(?<![\w])(?:(?P<up>{_UP}|doubl(?:ed|ing|es)|tripl(?:ed|ing|es)|"
    rf"quadrupl(?:ed|ing|es)|quintupl(?:ed|ing|es))|(?P<down>{_DOWN}|halv(?:ed|ing|es)))(?![\w])",
    re.I,
)
# a dash between words ("income - to $12,000"), not a hyphen ("two-thirds")
_CLAUSE_BREAK = re.compile(r"\s-|-\s|[–—:;(]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s|\n")


def _verb_before(text: str, pos: int) -> re.Match[str] | None:
    """The change verb closest before *pos* ("rose … from"), within 60 characters
    and the same sentence; "up to" is a limit, not a change."""
    start = max(0, pos - 60)
    for m in _SENTENCE_END.finditer(text, start, pos):
        start = m.end()
    found = None
    for m in _CHANGE_VERB.finditer(text, start, pos):
        if m.group().lower() == "up" and text.startswith(" to", m.end()):
            continue  # "up to $9,525" is a limit
        found = m
    if found and _CLAUSE_BREAK.search(text, found.end(), pos):
        return None  # "… to lower taxable income - to $12,000 from $6,350"
    return found


_NEUTRAL_VERB = re.compile(
    r"(?<![\w])(went|goes|going|gone|moved|moving|changed|changing|shifted|"
    r"shifting|swung|swinging)(?:\s+(?:up|down))?\s+(?:[a-z]+\s+){0,2}?from\s+$",
    re.I,
)
# "1.2 million in 2019 and 840,000 in 2020"
_DATED_PAIR = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:in|by|during)\s+(\d{4})\s*,?\s+(?:and|to|but|against)\s+"
    r"(?:(?:just|only|about|around|some|nearly)\s+)?",
    re.I,
)
_MORE_AFTER = re.compile(r"\s+(?:more|additional|extra|others?)(?![\w])", re.I)
_ANOTHER_BEFORE = re.compile(r"(?<![\w])(?:another|further|extra)\s+$", re.I)
_DATED_AFTER = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:in|by|during)\s+(\d{4})(?!\d|,\d)", re.I
)


def _change_arrow(text: str, a: Quantity, b: Quantity, verb: str = "→") -> Quantity:
    up = (b.value or 0) > (a.value or 0)
    return Quantity(
        a.start,
        b.end,
        text[a.start : b.end],
        "change",
        low=a.value,
        high=b.value,
        unit=b.unit,
        noun=b.noun or a.noun,
        extra={
            "direction": "up" if up else "down",
            "from": a.value,
            "to": b.value,
            "verb": verb,
            "_from": a,
            "_to": b,
        },
    )


def _change_from_to(
    text: str, a: Quantity, b: Quantity, verb: re.Match[str]
) -> Quantity:
    s = min(a.start, b.start) - 5
    e = max(a.end, b.end)
    if text[s : s + 5].lower() != "from ":
        s = min(a.start, b.start) - 3  # "to B from A"
    return Quantity(
        s,
        e,
        text[s:e],
        "change",
        low=a.value,
        high=b.value,
        unit=b.unit,
        noun=b.noun or a.noun,
        extra={
            "direction": "up" if verb.group("up") else "down",
            "from": a.value,
            "to": b.value,
            "verb": verb.group(),
            "_from": a,
            "_to": b,
        },
    )


_NUM_WORDS = frozenset({*_ONES, *_TEENS, *_TENS, "usd", "eur", "gbp", "jpy", "inr"})
_SCALE_WORDS = frozenset(
    ("hundred", "thousand", "million", "billion", "trillion", "dozen")
)
_VAGUE_WORDS = frozenset(
    """several few couple many number tens hundreds thousands millions billions
    dozens scores""".split()
)
_FACTOR_WORDS = ("doubl", "tripl", "quadrupl", "quintupl", "halv", "half", "third")
_FACTOR_WORDS += ("quarter",)
_FACTOR_WORDS += ("fifth",)


_TRIGGER_WORDS = sorted(
    {*_NUM_WORDS, *_SCALE_WORDS, *_MONTHS, *_VAGUE_WORDS, *_FACTOR_WORDS}
    | {"times", "fold", "year", "years", "decade", "decades", "twice", "century"}
    | {"centuries"}
)
_TRIGGER = re.compile(rf"(?<![a-z]){_trie_regex(_TRIGGER_WORDS)}[a-z]*")
_TRIGGER_I = re.compile(_TRIGGER.pattern.replace("[a-z]", "[a-zA-Z]"), re.I)
# _TRIGGER's matches, found faster: the one at the start of the text, then those
# after a character that is not a letter (group 1). A pattern that begins with
# a character class lets the engine skip ahead; one that begins with a
# look-behind is tried at every character.
_TRIGGER_AT_START = re.compile(rf"{_trie_regex(_TRIGGER_WORDS)}[a-z]*")
_TRIGGER_AFTER = re.compile(rf"[^a-z]({_trie_regex(_TRIGGER_WORDS)}[a-z]*)")
# \d[\d,.]*|[$£€¥₹], written to begin with a character class (see above)
_NUMERIC = re.compile(r"[\d$£€¥₹](?:(?<=\d)[\d,.]*)?")


def _triggers(text: str, low: str) -> list[tuple[str, int]]:
    """``(word, start)`` of each :data:`_TRIGGER` match (``_TRIGGER_I`` where
    lower-casing changes the length of *text*)."""
    if len(low) != len(text):
        return [(m.group(), m.start()) for m in _TRIGGER_I.finditer(text)]
    m = _TRIGGER_AT_START.match(low)
    found = [(m.group(), 0)] if m else []
    found += [(m.group(1), m.start(1)) for m in _TRIGGER_AFTER.finditer(low)]
    return found


@dataclass(slots=True)
class _Hits:
    """Token positions that can start (or anchor) each kind of quantity."""

    num: list[int] = field(default_factory=list)
    date: list[int] = field(default_factory=list)
    vague: list[int] = field(default_factory=list)
    factor: list[int] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    year: list[int] = field(default_factory=list)


def _hits(text: str) -> _Hits:
    """Positions that can start (or anchor) a quantity, found by two fast scans.

    The detailed regexes then run anchored at these positions (or in small
    windows around them) instead of at every character: Python's regex engine is
    slow on long alternations tried everywhere.
    """
    h = _Hits()
    for m in _NUMERIC.finditer(text):
        st = m.start()
        h.num.append(st)
        if m.end() - st <= 2 and text[st].isdigit():
            h.date.append(st)
    low = text.lower()
    for w, st in _triggers(text, low):
        after_a = (
            st >= 2
            and low[st - 2 : st] == "a "
            and (st == 2 or not low[st - 3].isalpha())
        )
        if w in _NUM_WORDS:
            h.num.append(st)
        elif w in _SCALE_WORDS:
            if after_a:
                h.num.append(st - 2)
        elif w in _MONTHS:
            if text[st].isupper():
                h.date.append(st)
        elif w in _VAGUE_WORDS:
            h.vague.append(st - 2 if after_a else st)
        elif w.startswith(_FACTOR_WORDS) or w in ("double", "triple"):
            h.factor.append(st)
        elif w.endswith("fold"):
            h.factor.append(st)  # "sevenfold"
        elif w in ("times", "fold", "twice"):
            h.times.append(st)
        elif w in ("year", "years", "decade", "decades", "century", "centuries"):
            h.year.append(st)
        if w == "half":
            h.num.append(st)
    h.num.sort()
    h.date.sort()
    return h


def _scan(
    rx: re.Pattern[str], text: str, hits: list[int], before: int, after: int
) -> Iterator[re.Match[str]]:
    """Matches of *rx* in small merged windows around *hits*."""
    n = len(text)
    windows: list[tuple[int, int]] = []
    for p in hits:
        s, e = max(0, p - before), min(n, p + after)
        if windows and s <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], e))
        else:
            windows.append((s, e))
    for s, e in windows:
        yield from rx.finditer(text, s, e)


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in *text*, sorted by position (composites overlap atoms)."""
    return extract_all(text)[0]


def extract_durations(text: str) -> list[Quantity]:
    """Spans of time ("three-year", "15 years", "just over two years"), read by the
    date checks; they are not reported as quantities of their own."""
    return extract_all(text)[1]


def extract_all(text: str) -> tuple[list[Quantity], list[Quantity]]:
    """``(quantities, durations)`` of *text* in one pass."""
    hits = _hits(text)
    if not (hits.num or hits.date or hits.vague or hits.factor):
        return [], []
    dates = _dates(text, hits.date)
    vague = _vague(text, hits.vague)
    taken = [(q.start, q.end) for q in dates + vague]
    atoms = _atoms(text, taken, hits.num)
    singles = dates + vague + atoms
    out = singles + _factor_changes(text, hits.factor, hits.times)
    out += _composites(text, singles)
    out.sort(key=lambda q: (q.start, -q.end, q.type))
    return _dedupe(out), _durations(text, hits.year)


def _dedupe(qs: list[Quantity]) -> list[Quantity]:
    seen = set()
    out = []
    for q in qs:
        key = (q.start, q.end, q.type)
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out
