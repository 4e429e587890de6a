"""Checks of sporting records and outcomes (check ``win_loss``): a record
against the games it covers ("finished with a 14-6 record over a 22-game
season"), against the wins stated beside it ("finished 48-34, winning 50 of
their 82 games"), a record carried forward by a streak ("After a 12-4 start,
… have lost four straight and now stand at 12-9"), and outcomes in the
sentence after the games played ("played 16 matches. They won 9 and lost 5,
with 3 draws"; only more outcomes than games is wrong there, as draws or
no-contests may go unmentioned).

A record is a pair (or triple) "W-L(-T)" that a record word dates: "record",
"finished", "went", "stand(s) at", "a … start"; a game score ("won 3-1") is
none of these.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    Relation,
    _Ctx,
    _window,
)
from newscheck.numbers.extract import Quantity, parse_number

_RECORD = re.compile(r"(\d{1,3})[-–](\d{1,3})(?:[-–](\d{1,2}))?(?![\d–-])")
_RECORD_WORDS = (
    "record",
    "finish",
    "stand",
    "stood",
    "went",
    "start",
    "season",
    "sit",
    "improv",
    "fell to",
    "fall to",
    "drop",
    "move",
    "(",
    " games",
    " matches",
)
_GAMES_BEFORE = re.compile(
    r"(?<![\w])(?:in|over|from|across|through|after|played|playing)\s+(?:their\s+|"
    r"its\s+|the\s+|his\s+|her\s+)?(?:first\s+|last\s+)?(\d{1,3})\s+(?:[a-z-]+\s+)?"
    r"(?:games|matches|outings|starts|contests|fixtures|bouts|fights)(?![\w])"
    r"[^.;!?\d]{0,50}$",
    re.I,
)
_WON_LOST = re.compile(
    r"(?<![\w])won\s+(?P<w>\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:\s+(?:games|matches|times))?"
    r"(?:\s*,|\s+and)\s+lost\s+(?P<l>\d{1,3}|[a-z]+(?:-[a-z]+)?)(?![\w-])",
    re.I,
)
_NAME_PAREN = re.compile(r"[A-Z][a-z]+\s*\($")
_SCORE_AFTER = re.compile(
    r"\s+(?:ahead|up|down|lead|victory|win|defeat|loss|scoreline|in\s+sets)(?![\w])",
    re.I,
)
_GAMES_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,3}?\s+(?:in|over|from|across)\s+(?:their\s+|its\s+|the\s+|a\s+)?"
    r"(?:first\s+|last\s+|opening\s+)?"
    r"(\d{1,3})(?:-game|\s+(?:games|matches|outings|starts|contests|fixtures|bouts))"
    r"(?![\w-])",
    re.I,
)
# "a .625 winning percentage", "a winning percentage of 62.5%"
_WIN_PCT = re.compile(
    r"(?:(?<![\d])(?P<dec>\.\d{3})\s+(?:winning\s+)?(?:percentage|mark|clip)|"
    r"win(?:ning)?\s+(?:percentage|rate)\s+of\s+(?:(?P<dec2>\.\d{3})|(?P<pc>\d{1,3}"
    r"(?:\.\d)?)\s*(?:%|per\s*cent)))",
    re.I,
)
_NOT_BEFORE_RECORD = frozenset("0123456789.,-")
_RECORD_BEFORE = re.compile(
    r"(?<![\w])(?:finished|finishing|finish|closed|ended|went|going|stand|stands|stood|"
    r"standing|sit|sits|improv(?:e|es|ed|ing)\s+to|f(?:all|alls|ell|alling)\s+to|"
    r"drop(?:s|ped|ping)?\s+to|mov(?:e|es|ed|ing)\s+to|"
    r"record\s+(?:of|to|at)|after\s+an?|from\s+an?)\s+(?:the\s+season\s+)?(?:with\s+"
    r"an?\s+|at\s+|on\s+)?$",
    re.I,
)
_RECORD_AFTER = re.compile(
    r"\s+(?:record|start|season|campaign|mark)(?![\w])|\s+(?:in|on)\s+the\s+season\b",
    re.I,
)
# "over a 22-game season", "of their 82 games", "in 82 games"
_SEASON = re.compile(r"(?<![\d-])(\d{1,3})-(?:game|match)\s+(?:season|schedule)", re.I)
_WINNING = re.compile(
    r"(?<![\w])(?:winning|won|wins)\s+(?P<w>\d{1,3}|[a-z]+)\s+of\s+(?:their|its|"
    r"his|her|the)\s+(?P<n>\d{1,3})\s+(?:games|matches|bouts|fights|races)",
    re.I,
)
_STREAK = re.compile(
    r"(?<![\w])(?:(?P<v>lost|won|dropped)\s+(?:(?:their|its|his|her)\s+(?:last|next)\s+)?"
    r"(?P<n>\d{1,2}|[a-z]+)\s+(?:straight|in\s+a\s+row|consecutive|games|matches)"
    # "five straight defeats", "three consecutive wins"
    r"|(?P<n2>\d{1,2}|[a-z]+)\s+(?:straight|consecutive)\s+(?:(?P<lost>defeats|losses)|"
    r"wins|victories))",
    re.I,
)
_PLAYED_N = re.compile(
    r"(?<![\w])(?:played|contested|fought|raced|took\s+part\s+in)\s+(?:in\s+)?"
    r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:[a-z]+\s+)?(?P<noun>times|games|matches|bouts|"
    r"fights|races|contests|fixtures|outings)(?![\w])",
    re.I,
)
_PLAYED_WORDS = ("played", "contested", "fought", "raced", "took part")
_OUTCOME_BEFORE = re.compile(
    r"(?<![\w])(?P<v>won|lost|drew|tied|drawn|winning|losing|drawing)\s+"
    r"(?:(?:just|only)\s+)?$",
    re.I,
)
_OUTCOME_AFTER = re.compile(r"\s+(?:draws|ties|wins|defeats|losses)(?![\w])", re.I)


def _records(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    if "-" in ctx.text or "–" in ctx.text:
        out += _record_checks(ctx)
    out += _outcomes_after_games(ctx)
    return out


def _record_checks(ctx: _Ctx) -> list[Relation]:
    out: list[Relation] = []
    low = ctx.low
    if not any(w in low for w in _RECORD_WORDS):
        return out
    found = []
    for m in _RECORD.finditer(ctx.text):
        at = m.start()
        if at and ctx.text[at - 1] in _NOT_BEFORE_RECORD:
            continue
        s0 = ctx.sent_span(ctx.sent(at))[0]
        head = ctx.text[max(s0, at - 40) : at]
        if not (
            _RECORD_BEFORE.search(head)
            or _RECORD_AFTER.match(ctx.text, m.end())
            or _GAMES_BEFORE.search(head)
            # "The Lions (12-4) have won …": a record beside a team's name
            or (_NAME_PAREN.search(head) and ctx.text.startswith(")", m.end()))
        ) or _SCORE_AFTER.match(ctx.text, m.end()):
            continue  # "went 2-0 ahead": a score
        w, lo = int(m.group(1)), int(m.group(2))
        t = int(m.group(3)) if m.group(3) else 0
        found.append((m, w, lo, t))
    for k, (m, w, lo, t) in enumerate(found):
        si = ctx.sent(m.start())
        s0, s1 = ctx.sent_span(si)
        games = w + lo + t
        shown = m.group(0)
        # "over a 22-game season", "in 22 games"
        season = (
            _SEASON.search(ctx.text, m.end(), min(s1, m.end() + 60))
            or _GAMES_AFTER.match(ctx.text, m.end(), min(s1, m.end() + 60))
            or _GAMES_BEFORE.search(ctx.text, max(s0, m.start() - 90), m.start())
        )
        if season:
            n = int(season.group(1))
            out.append(_relation(m, n == games, f"{shown}: {games} games", n))
        win = _WINNING.search(ctx.text, m.end(), min(s1, m.end() + 60))
        if win:
            stated = parse_number(win.group("w"))
            n = int(win.group("n"))
            if stated is not None:
                ok = stated == w and n == games
                out.append(
                    Relation(
                        m.start(),
                        win.end(),
                        CONSISTENT if ok else INCONSISTENT,
                        "win_loss",
                        f"{shown}: {w} wins in {games} games; the text says "
                        f"{stated:g} of {n}",
                        (),
                        {},
                    )
                )
        pct = _WIN_PCT.search(ctx.text, max(s0, m.start() - 60), min(s1, m.end() + 60))
        if pct and w + lo:
            dec = pct.group("dec") or pct.group("dec2")
            stated_pct = float(dec) if dec else float(pct.group("pc")) / 100
            actual = (w + t / 2) / games
            ok = abs(actual - stated_pct) <= 0.006
            out.append(
                Relation(
                    pct.start(),
                    pct.end(),
                    CONSISTENT if ok else INCONSISTENT,
                    "win_loss",
                    f"{shown}: {w} / {games} = {actual:.3f}"
                    f"{', as stated' if ok else f', not {stated_pct:.3f}'}",
                    (),
                    {},
                )
            )
        # "… finished 14-6. They won 15 and lost 6": the counts of the record
        counts = _WON_LOST.search(
            ctx.text,
            ctx.sent_span(max(si - 1, 0))[0],
            ctx.sent_span(min(si + 1, len(ctx.sentences) - 1))[1],
        )
        if counts:
            cw, cl = parse_number(counts.group("w")), parse_number(counts.group("l"))
            if cw is not None and cl is not None:
                ok = (cw, cl) == (w, lo)
                out.append(
                    Relation(
                        counts.start(),
                        counts.end(),
                        CONSISTENT if ok else INCONSISTENT,
                        "win_loss",
                        f"{shown}: {w} won, {lo} lost"
                        + (
                            ", as stated"
                            if ok
                            else f"; the text says {cw:g} and {cl:g}"
                        ),
                        (),
                        {},
                    )
                )
        # "After a 12-4 start, … have lost four straight and now stand at 12-9"
        later = []  # (found is in text order: stop past the next sentence)
        for x in found[k + 1 :]:
            if ctx.sent(x[0].start()) - si > 1:
                break
            later.append(x)
        streak = (
            _STREAK.search(ctx.text, m.end(), later[0][0].start()) if later else None
        )
        if later and streak:
            n_streak = parse_number(streak.group("n") or streak.group("n2"))
            if n_streak is None:
                continue
            m2, w2, lo2, _ = later[0]
            won = (
                streak.group("v").lower() == "won"
                if streak.group("v")
                else streak.group("lost") is None
            )
            want = (w + n_streak, lo) if won else (w, lo + n_streak)
            ok = (w2, lo2) == (int(want[0]), int(want[1]))
            out.append(
                Relation(
                    m2.start(),
                    m2.end(),
                    CONSISTENT if ok else INCONSISTENT,
                    "win_loss",
                    f"{shown} then {streak.group(0)}: {int(want[0])}-{int(want[1])}"
                    f"{', as stated' if ok else ', not ' + m2.group(0)}",
                    (),
                    {},
                )
            )
    return out


def _relation(m: re.Match[str], ok: bool, arith: str, n: int) -> Relation:
    return Relation(
        m.start(),
        m.end(),
        CONSISTENT if ok else INCONSISTENT,
        "win_loss",
        f"{arith}{', as stated' if ok else f', not {n}'}",
        (),
        {},
    )


def _outcomes_after_games(ctx: _Ctx) -> list[Relation]:
    """ "played 16 matches. They won 9 and lost 5, with 3 draws": outcomes in
    the next sentence may not exceed the games played."""
    out: list[Relation] = []
    low = ctx.low
    if not any(w in low for w in _PLAYED_WORDS):
        return out
    counts = [q for q in ctx.figures if q.type == "count" and q.value is not None]
    counts_at = ctx.by_sentence(counts)
    for w in _PLAYED_N.finditer(ctx.text):
        n = parse_number(w.group("n"))
        if n is None:
            continue
        si = ctx.sent(w.start())
        parts: list[Quantity] = []
        kinds: set[str] = set()
        for q in _window(counts_at, si + 1, si + 1):
            m = _OUTCOME_BEFORE.search(ctx.before(q, 20))
            if m:
                kinds.add(m.group("v").lower()[:3])
                parts.append(q)
            elif _OUTCOME_AFTER.match(ctx.text, q.end):
                parts.append(q)
                kinds.add("other")
        if len(parts) < 2 or not {"won", "los"} <= kinds:
            continue
        total = sum(p.value or 0 for p in parts)
        if total <= n:
            continue
        out.append(
            Relation(
                w.start("n"),
                w.end(),
                INCONSISTENT,
                "win_loss",
                " + ".join(f"{p.value:g}" for p in parts)
                + f" = {total:g}, more than {n:g} ({w.group('n')} {w.group('noun')})",
                tuple(("part", p) for p in parts),
                {},
            )
        )
    return out
