"""A team's or player's tally in one sentence — games played, a record, the
wins, draws and losses stated as words — checked for agreeing with itself
(check ``win_loss``): "won 14, drawn six and lost eight of their 26 league
games"; "finished the 17-game regular season at 13-5"; "have won all six of
their matches for a 5-0 record"; "a 14-9 record … won 14 of her 22 matches";
"(18-9) have lost … 11 of their 27 games"; "went 18-2, losing only once";
"ended 52-30, going 30-11 at home and 18-23 on the road".

Each sentence gives at most one reading of each slot (games, wins, draws,
losses, a record); a slot stated twice with different values is itself the
error. Outcomes of part of the run ("six straight", "their last five", "at
home") are not the whole tally and are left out, as are game scores ("beat
them 3-1", "a 34-20 win"). Only a complete tally is held to its games: three
outcomes, a record, or "unbeaten"; two outcomes may fall short of the games
(draws go unmentioned) but never exceed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    Relation,
    _Ctx,
)
from newscheck.numbers.extract import _WORDNUM, parse_number

_N = rf"(?:\d{{1,3}}|{_WORDNUM})"
_GAMES = re.compile(
    rf"(?<![\w-])(?P<n>{_N})(?:\s+|-)(?:[a-z]+[\s-]+){{0,2}}?"
    r"(?P<noun>games?|matches|match|tests|fights|bouts|contests|fixtures|outings|"
    r"meetings)(?![\w])",
    re.I,
)
_PLAYED = re.compile(rf"(?<![\w])played\s+(?P<n>{_N})(?![\w-])", re.I)
_OUTCOME = re.compile(
    r"(?<![\w])(?:(?P<w>won|winning|wins?)|(?P<d>drew|drawn|drawing|tied|draws?)|"
    r"(?P<l>lost|losing|loses))\s+(?:(?:only|just|another)\s+)?"
    rf"(?P<n>{_N})(?![\w-])",
    re.I,
)
_OUTCOME_NOUN = re.compile(
    rf"(?<![\w-])(?P<n>{_N})\s+(?:(?P<w>wins|victories|win)|(?P<d>draws|ties|"
    r"draw)|(?P<l>losses|defeats|loss|defeat))(?![\w])",
    re.I,
)
_DRAWN_AFTER = re.compile(
    rf"(?<![\w-])(?P<n>{_N})\s+(?:match|matches|games?|tests?)\s+drawn", re.I
)
_ONCE = re.compile(r"(?<![\w])(?P<l>losing|lost)\s+(?:only\s+|just\s+)?once(?![\w])")
_UNBEATEN = re.compile(r"(?<![\w])(?:unbeaten|undefeated)(?![\w])", re.I)
_ALL = re.compile(
    rf"(?<![\w])(?:won|winning)\s+all\s+(?:(?P<n>{_N})\s+of\s+|of\s+)?(?:their|its|"
    rf"his|her|the)\s+(?:(?P<m>{_N})\s+)?",
    re.I,
)
_ALL_BUT = re.compile(
    rf"(?<![\w])(?:won|winning)\s+all\s+but\s+(?P<k>{_N})\s+of\s+(?:their|its|his|"
    rf"her|the)\s+(?P<m>{_N})(?![\w-])",
    re.I,
)
_RECORD = re.compile(
    r"(?<![\w.,$£€-])(\d{1,3})[-–](\d{1,3})(?:[-–](\d{1,3}))?(?![\w%-]|[.,]\d)"
)
# the games a record covers, though only part of a season: "10-5 over their
# last 12 games"
_RECORD_OVER = re.compile(
    r"\s+(?:over|in|from|across)\s+(?:their|its|his|her|the)\s+(?:last|first|"
    r"past|previous)\s+$",
    re.I,
)
# what makes "W-L" a record rather than a score
_RECORD_BEFORE = re.compile(
    r"(?:(?<![\w])(?:record\s+of|finished(?:\s+the\s+[\w\s-]{0,30}?)?(?:\s+at)?|"
    r"went|are|is|were|was|stand\s+at|stood\s+at|now|improved\s+to|fell\s+to|"
    r"dropped\s+to|moved\s+to|carries\s+an?|ended(?:\s+the\s+[\w\s-]{0,30}?)?|"
    r"at)|\()\s*$",
    re.I,
)
_RECORD_AFTER = re.compile(r"\s*(?:\)|record|mark|start|run|on\s+the\s+season)", re.I)
# a score, not a record: "went 2-0 ahead", "7-6 (7-2)"
_SCORE_AFTER = re.compile(r"\s*(?:ahead|up|down|lead|behind|in\s+(?:the|a)\s)", re.I)
_SET_SCORE_BEFORE = re.compile(r"\d[-–]\d+\s*\($")
_GAME_NO = re.compile(r"(?<![\w])(?:game|match|round|week)\s+$", re.I)
_SCORE_NEAR = re.compile(
    r"(?<![\w])(?:beat|beating|beaten|won|winning|lost|losing|drew|drawing|score|"
    r"scored|by|final|victory|win|defeat|loss|lead)\s*$",
    re.I,
)
# outcomes of part of the run
_PARTIAL = re.compile(
    r"\s*(?:(?:games|matches)\s+)?(?:in\s+a\s+season|a\s+season|per\s+season|"
    r"straight|in\s+a\s+row|consecutive|running|at\s+home|on\s+the\s+road|"
    r"away|of\s+(?:their|its|his|her|the)\s+(?:last|first|previous|next|past|"
    r"opening|final)|since|by\s|at\s+the)",
    re.I,
)
_PARTIAL_BEFORE = re.compile(
    r"(?<![\w])(?:(?:their|its|his|her|the)\s+(?:last|first|previous|next|past|"
    r"final|opening)|remaining|other)\s+$",
    re.I,
)
_OUTCOME_VERB = re.compile(
    r"(?<![\w])(?:won|winning|wins|lost|losing|drew|drawing|tied)\s+(?:only\s+|"
    r"just\s+)?$",
    re.I,
)
# another clause, another subject: "…, and they open the playoffs against a
# side that beat them in three of their four meetings"
_BREAK = re.compile(
    r";|(?<![\w])(?:but|while|whereas|although|though|against|said|says|and\s+"
    r"(?:they|he|she|it|we))(?![\w])",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:at\s+home|on\s+the\s+road|away|in\s+conference)", re.I)


# the words a tally is told in: only their sentences are read
_TRIGGER = frozenset(
    "won win wins winning lost losing loses losses defeat defeats drew drawn "
    "drawing draws tied unbeaten undefeated victories played record".split()
)
_OUTCOME_WORDS = frozenset(
    "won win wins winning lost losing loses losses loss defeat defeats drew drawn "
    "drawing draw draws tied ties victories".split()
)
# without a record, a tally needs its games counted to be checked
_GAMES_WORDS = frozenset(
    "game games match matches test tests fight fights bout bouts contest contests "
    "fixture fixtures outing outings meeting meetings played".split()
)
_RECORD_LIKE = re.compile(r"\d[-–]\d")


@dataclass
class _Tally:
    games: list[tuple[int, int, float]] = field(default_factory=list)
    won: list[tuple[int, int, float]] = field(default_factory=list)
    drawn: list[tuple[int, int, float]] = field(default_factory=list)
    lost: list[tuple[int, int, float]] = field(default_factory=list)
    records: list[tuple[int, int, tuple[float, ...]]] = field(default_factory=list)
    splits: list[tuple[int, int, tuple[float, ...]]] = field(default_factory=list)
    unbeaten: bool = False


def _num(s: str | None) -> float | None:
    return parse_number(s) if s else None


def _read(ctx: _Ctx, si: int) -> _Tally:
    text = ctx.text
    s0, s1 = ctx.sent_span(si)
    # the sentence's words: a pattern runs only where its words are
    ws = ctx.word_sets()[si]
    t = _Tally()
    _read_records(text, s0, s1, t)
    games = _GAMES_WORDS & ws
    for m in _GAMES.finditer(text, s0, s1) if games else ():
        n = _num(m.group("n"))
        if n is None or _OUTCOME_VERB.search(text, max(s0, m.start() - 12), m.start()):
            continue  # "winning 20 games": wins, read below
        if _PARTIAL_BEFORE.search(text, max(s0, m.start() - 25), m.start()) and not any(
            _RECORD_OVER.fullmatch(text, e, m.start()) for _, e, _ in t.records
        ):
            continue
        t.games.append((m.start(), m.end(), n))
    for m in _PLAYED.finditer(text, s0, s1) if "played" in ws else ():
        n = _num(m.group("n"))
        if n is not None:
            t.games.append((m.start(), m.end(), n))
    all_ = "all" in ws
    for m in _ALL_BUT.finditer(text, s0, s1) if all_ and "but" in ws else ():
        k, g = _num(m.group("k")), _num(m.group("m"))
        if k is not None and g is not None:
            t.won.append((m.start(), m.end(), g - k))
            t.games.append((m.start(), m.end(), g))
    for m in _ALL.finditer(text, s0, s1) if all_ else ():
        n = _num(m.group("n")) or _num(m.group("m"))
        if n is not None and not _PARTIAL.match(text, m.end() - 1):
            t.won.append((m.start(), m.end(), n))
            t.lost.append((m.start(), m.end(), 0.0))
            t.games.append((m.start(), m.end(), n))
    for rx in (_OUTCOME, _OUTCOME_NOUN):
        if ws.isdisjoint(_OUTCOME_WORDS):
            break
        for m in rx.finditer(text, s0, s1):
            n = _num(m.group("n"))
            if n is None or _PARTIAL.match(text, m.end()):
                continue
            if rx is _OUTCOME_NOUN and (
                (n != 1 and not m.group(0).lower().endswith("s"))
                or _GAME_NO.search(text, max(s0, m.start() - 8), m.start())
            ):
                continue  # "Game 7 loss": a game's number
            if rx is _OUTCOME and _RECORD.match(text, m.start("n")):
                continue  # "won 3-1": a score
            slot = t.won if m.group("w") else t.drawn if m.group("d") else t.lost
            slot.append((m.start(), m.end(), n))
    for m in _DRAWN_AFTER.finditer(text, s0, s1) if "drawn" in ws else ():
        n = _num(m.group("n"))
        if n is not None:
            t.drawn.append((m.start(), m.end(), n))
    for m in _ONCE.finditer(text, s0, s1) if "once" in ws else ():
        t.lost.append((m.start(), m.end(), 1.0))
    t.unbeaten = not ws.isdisjoint(("unbeaten", "undefeated"))
    return t


def _read_records(text: str, s0: int, s1: int, t: _Tally) -> None:
    for m in _RECORD.finditer(text, s0, s1):
        vals = tuple(float(g) for g in m.groups() if g is not None)
        head = text[max(s0, m.start() - 40) : m.start()]
        if (
            _SCORE_NEAR.search(head)
            or _SET_SCORE_BEFORE.search(head)
            or _SCORE_AFTER.match(text, m.end())
        ):
            continue
        if _SPLIT.match(text, m.end()):
            t.splits.append((m.start(), m.end(), vals))
        elif _RECORD_BEFORE.search(head) or _RECORD_AFTER.match(text, m.end()):
            t.records.append((m.start(), m.end(), vals))


def _apart(text: str, games: tuple[int, int, float], t: _Tally) -> bool:
    """Whether the games stand in another clause than the record or the
    outcomes they would be held to."""
    marks = [(a, b) for a, b, _ in (*t.won, *t.drawn, *t.lost)]
    marks += [(a, b) for a, b, _ in t.records]
    if not marks:
        return True
    lo = min(min(a for a, _ in marks), games[0])
    hi = max(max(b for _, b in marks), games[1])
    return bool(_BREAK.search(text, lo, hi))


def _one(slot: list[tuple[int, int, float]]) -> tuple[int, int, float] | None:
    """The slot's one reading (several of one value count once)."""
    values = {v for _, _, v in slot}
    return slot[0] if len(values) == 1 else None


def _rel(
    at: tuple[int, int], ok: bool, arith: str, label_ok: str = CONSISTENT
) -> Relation:
    return Relation(
        at[0], at[1], label_ok if ok else INCONSISTENT, "win_loss", arith, (), {}
    )


def _tallies(ctx: _Ctx) -> list[Relation]:
    """Each sentence's tally against itself."""
    out: list[Relation] = []
    records = {ctx.sent(m.start()) for m in _RECORD_LIKE.finditer(ctx.text)}
    told = set(ctx.sentences_with(_TRIGGER)).intersection(
        ctx.sentences_with(_GAMES_WORDS)
    )
    for si in sorted(records | told):
        s0 = ctx.sent_span(si)[0]
        t = _read(ctx, si)
        if not (t.records or t.won or t.lost or t.drawn):
            continue
        games = _one(t.games) if len(t.games) <= 2 else None
        if games is not None and _apart(ctx.text, games, t):
            games = None
        record = t.records[0] if len(t.records) == 1 else None
        w, d, l_ = _one(t.won), _one(t.drawn), _one(t.lost)
        if t.unbeaten and l_ is None and not t.lost:
            l_ = (s0, s0, 0.0)
        if record is not None:
            vals = record[2]
            at = (record[0], record[1])
            rec = "-".join(str(int(v)) for v in vals)
            total = sum(vals)
            if games is not None and games[2] >= 2:
                has_draws = len(vals) == 3 or t.drawn
                if total > games[2] or (total < games[2] and not has_draws):
                    out.append(
                        _rel(
                            at, False, f"{rec}: {int(total)} games, not {int(games[2])}"
                        )
                    )
                    continue
            if w is not None and w[2] != vals[0] and total >= w[2]:
                out.append(
                    _rel(at, False, f"{rec}: {int(vals[0])} wins, not {int(w[2])}")
                )
                continue
            if l_ is not None and l_[2] != vals[1]:
                out.append(
                    _rel(at, False, f"{rec}: {int(vals[1])} losses, not {int(l_[2])}")
                )
                continue
            if t.splits and len(t.splits) == 2 and len(vals) == 2:
                a, b = t.splits[0][2], t.splits[1][2]
                if len(a) == len(b) == 2:
                    sw, sl = a[0] + b[0], a[1] + b[1]
                    if (sw, sl) != vals:
                        out.append(
                            _rel(
                                at,
                                False,
                                f"{int(a[0])}-{int(a[1])} + {int(b[0])}-{int(b[1])} "
                                f"= {int(sw)}-{int(sl)}, not {rec}",
                            )
                        )
            continue
        if games is None or games[2] < 2:
            continue
        parts = [x for x in (w, d, l_) if x is not None]
        if len(parts) < 2:
            continue
        total = sum(x[2] for x in parts)
        complete = len(parts) == 3
        names = [
            f"{int(x[2])} {name}"
            for x, name in ((w, "won"), (d, "drawn"), (l_, "lost"))
            if x is not None
        ]
        at = (min(x[0] for x in parts), max(x[1] for x in parts))
        if total > games[2] or (complete and total != games[2]):
            out.append(
                _rel(
                    at,
                    False,
                    " + ".join(names) + f" = {int(total)}, not {int(games[2])} games",
                )
            )
    return out
