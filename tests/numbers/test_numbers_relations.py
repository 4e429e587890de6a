"""Relation finding by the roles of figures: each check flags a planted
arithmetic error and leaves its correct twin alone, across sentences and
phrasings; and sentences of real reporting that once raised false flags stay
unflagged."""

from __future__ import annotations

import pytest

from newscheck.analyzers.numbers import NumbersAnalyzer
from newscheck.article import Article
from newscheck.numbers import extract_quantities

ANALYZER = NumbersAnalyzer()


def _inconsistent(text: str) -> list[tuple[str, str]]:
    """(check, arithmetic) of every ``inconsistent`` finding on *text*."""
    return [
        (f.evidence["check"], f.evidence["arithmetic"])
        for f in ANALYZER.analyze(Article(body=text)).findings
        if f.kind == "consistency" and f.label == "inconsistent"
    ]


# (check, text with the planted error, its correct twin, part of the arithmetic)
CASES = [
    (
        "total",
        "They will tell you it costs $48 million. The $21 million for Harbor "
        "Street and the $30 million for the other two crossings add up to "
        "exactly what they promised.",
        "They will tell you it costs $48 million. The $21 million for Harbor "
        "Street and the $27 million for the other two crossings add up to "
        "exactly what they promised.",
        "$21m + $30m = $51m, not $48m",
    ),
    (
        "total",
        "The city will spend $50 million on three bridges: $21m for Harbor "
        "Street, $25 million for Mill Road and $12m for Eastgate.",
        "The city will spend $58 million on three bridges: $21m for Harbor "
        "Street, $25 million for Mill Road and $12m for Eastgate.",
        "$21m + $25m + $12m = $58m, not $50m",
    ),
    (
        "total",
        "The two grants, $200 million and $360 million, add up to half a billion "
        "dollars.",
        "The two grants, $200 million and $300 million, add up to half a billion "
        "dollars.",
        "not $0.5bn",
    ),
    (
        "total",
        "The appeal raised £65,000 this year. Individual donors gave £40,000, "
        "local firms £25,000 and the council £15,000.",
        "The appeal raised £80,000 this year. Individual donors gave £40,000, "
        "local firms £25,000 and the council £15,000.",
        "£40,000 + £25,000 + £15,000 = £80,000, not £65,000",
    ),
    (
        "percent_shares",
        "Renewables supplied 38 per cent of the country's electricity. Gas "
        "provided 41 per cent. The remaining 13 per cent came from coal.",
        "Renewables supplied 38 per cent of the country's electricity. Gas "
        "provided 41 per cent. The remaining 21 per cent came from coal.",
        "38 + 41 + 13 = 92, not 100",
    ),
    (
        "percent_shares",
        "Some 64 percent of members voted for the merger, while 48 percent of "
        "members voted against it.",
        "Some 64 percent of members voted for the merger, while 33 percent of "
        "members voted against it.",
        "64 + 48 = 112",
    ),
    (
        "year_gap",
        "The plant opened in 1987 and closed in 2015, 35 years later.",
        "The plant opened in 1987 and closed in 2015, 28 years later.",
        "2015 - 1987 = 28 ≠ 35",
    ),
    (
        "year_gap",
        "The law was passed in 1990 and repealed 21 years later, in 2005.",
        "The law was passed in 1990 and repealed 15 years later, in 2005.",
        "2005 - 1990 = 15 ≠ 21",
    ),
    (
        "duration",
        "The country fought its neighbour from 1950 to 1953. Historians still "
        "argue about the five-year conflict.",
        "The country fought its neighbour from 1950 to 1953. Historians still "
        "argue about the three-year conflict.",
        "1953 - 1950 = 3.00 years ≠ 5",
    ),
    (
        "duration",
        "Construction began in 2010 and was completed in 2014. Engineers say the "
        "seven-year project came in under budget.",
        "Construction began in 2010 and was completed in 2014. Engineers say the "
        "four-year project came in under budget.",
        "2014 - 2010 = 4.00 years ≠ 7",
    ),
    (
        "multiplier",
        "The Pentagon will deploy another 900 troops, adding to the 900 already "
        "deployed and tripling the force.",
        "The Pentagon will deploy another 1,800 troops, adding to the 900 already "
        "deployed and tripling the force.",
        "900 + 900 = 1800; 1800 / 900 = 2.00 ≠ 3",
    ),
    (
        "multiplier",
        "The clinic ran on a crew of 60 nurses. This spring it hired 180 "
        "additional nurses, roughly doubling the team.",
        "The clinic ran on a crew of 60 nurses. This spring it hired 60 "
        "additional nurses, roughly doubling the team.",
        "60 + 180 = 240",
    ),
    (
        "sum",
        "When the library opened it held 340 volumes. Since then volunteers have "
        "added 60 more volumes, and the collection now numbers 460 volumes.",
        "When the library opened it held 340 volumes. Since then volunteers have "
        "added 60 more volumes, and the collection now numbers 400 volumes.",
        "340 + 60 = 400; 400 ≠ 460",
    ),
    (
        "times",
        "Last year the food bank helped 300 families. This year it helped 1,500 "
        "families, three times as many.",
        "Last year the food bank helped 300 families. This year it helped 900 "
        "families, three times as many.",
        "1500 / 300 = 5.00 ≠ 3",
    ),
    (
        "times",
        "The outbreak has now infected 64 people, five times the 8 cases reported "
        "a month ago.",
        "The outbreak has now infected 40 people, five times the 8 cases reported "
        "a month ago.",
        "64 / 8 = 8.00 ≠ 5",
    ),
    (
        "part_whole",
        "The hospital treated 80 patients during the outbreak. Of those, 100 made "
        "a full recovery.",
        "The hospital treated 80 patients during the outbreak. Of those, 60 made "
        "a full recovery.",
        "part 100 > whole 80",
    ),
    (
        "part_whole",
        "Out of 500 applicants, 550 were accepted, the university said.",
        "Out of 500 applicants, 150 were accepted, the university said.",
        "part 550 > whole 500",
    ),
    (
        "part_percent",
        "Inspectors examined 200 bridges. They found 30 of them in poor "
        "condition, or 27 percent of the total.",
        "Inspectors examined 200 bridges. They found 30 of them in poor "
        "condition, or 15 percent of the total.",
        "30 / 200 = 15.0% ≠ 27%",
    ),
    (
        "percent_change",
        "Membership grew from 800 to 1,000 last year. That is an increase of 45 "
        "percent, the chairman said.",
        "Membership grew from 800 to 1,000 last year. That is an increase of 25 "
        "percent, the chairman said.",
        "(1000 - 800) / 800 = +25.0% ≠ 45%",
    ),
    (
        "percent_change",
        "Spending on the programme: $40 million → $95 million, an increase of 300%.",
        "Spending on the programme: $40 million → $95 million, an increase of 137.5%.",
        "= +137.5% ≠ 300%",
    ),
    (
        "percent_change",
        "Visitor numbers climbed from 600 a week to 780 a week, about 70% more "
        "than before.",
        "Visitor numbers climbed from 600 a week to 780 a week, about 31% more "
        "than before.",
        "= +30.0% ≠ 70%",
    ),
    (
        "percentage_points",
        "Unemployment rose from 3% to 4%, an increase of 3 percentage points.",
        "Unemployment rose from 3% to 4%, an increase of 1 percentage point.",
        "4 - 3 = +1.0 points ≠ 3",
    ),
    (
        "absolute_change",
        "Attendance dropped from 2,400 to 2,000 over ten years. That is a fall of "
        "600 worshippers.",
        "Attendance dropped from 2,400 to 2,000 over ten years. That is a fall of "
        "400 worshippers.",
        "|2000 - 2400| = 400 ≠ 600",
    ),
    (
        "change_direction",
        "Sales rose to 800 units from 1,200 units a year earlier.",
        "Sales rose to 1,200 units from 800 units a year earlier.",
        "1200 → 800 is a fall, but the text says 'rose'",
    ),
    (
        "conversion",
        "The deal is worth $5.6bn (£35bn), the company said.",
        "The deal is worth $5.6bn (£3.5bn), the company said.",
        "6.25 GBP per USD, outside",
    ),
    (
        "conversion",
        "The trail runs for 10 miles (48 km) along the coast.",
        "The trail runs for 10 miles (16 km) along the coast.",
        "4.8 km per mi, outside",
    ),
    (
        # an exact percentage off by more than 5 points and a tenth of itself
        "percent_change",
        "Quarterly profit climbed to $15 million from $10 million, a 60 percent gain.",
        "Quarterly profit climbed to $16 million from $10 million, a 60 percent gain.",
        "= +50.0% ≠ 60%",
    ),
    (
        # "N years after it <start verb>" dates from the year a start verb dates
        "year_gap",
        "The library was established in 1905. It was demolished in 1980, 65 years "
        "after it was founded.",
        "The library was established in 1905. It was demolished in 1980, 75 years "
        "after it was founded.",
        "1980 - 1905 = 75 ≠ 65",
    ),
    (
        # "N-year <any noun>" in apposition to a from-to span of years
        "duration",
        "The mill strike ran from 1922 to 1930, a four-year standoff with the owners.",
        "The mill strike ran from 1922 to 1926, a four-year standoff with the owners.",
        "1930 - 1922 = 8.00 years ≠ 4",
    ),
]


@pytest.mark.parametrize(
    ("check", "error", "twin", "arithmetic"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_numbers_relations_flag_the_error_not_the_twin(
    check: str, error: str, twin: str, arithmetic: str
) -> None:
    flags = _inconsistent(error)
    assert [c for c, _ in flags] == [check], flags
    assert arithmetic in flags[0][1], flags
    assert _inconsistent(twin) == []


def test_numbers_change_direction_arithmetic_names_the_fall() -> None:
    (flag,) = _inconsistent("Sales rose to 800 units from 1,200 units last year.")
    assert flag == (
        "change_direction",
        "1200 → 800 is a fall, but the text says 'rose'",
    )


@pytest.mark.parametrize(
    "text",
    [
        # poll margins, not changes
        "Her lead among black voters increased from 79 percent to 5 percent last "
        "month to 85 percent to 1 percent in the latest poll.",
        "Voters prefer someone else by a margin of 49 percent to 45 percent, up "
        "slightly from 47 percent to 46 percent last month.",
        # the share counted, not a share of the vote
        "On Monday, with 93 percent of the votes counted, United Russia had 54.2 "
        "percent of the vote.",
        # one figure said twice
        "Around 80 percent of confirmed cases are mild and don't require "
        "hospitalization — at least, 80 percent of cases.",
        # the rest of a rest
        "The top 1 percent got 99.6 percent of the tax cuts. The remaining 0.4 "
        "percent will be divided up among the other 99 percent.",
        # a 'remaining' completes the shares nearest it
        "The rate is capped at 25 percent on 30 percent of business income, with "
        "the remaining 70 percent taxed at the individual rate.",
        # a measure, not the span of the range
        "The plants absorbed carbon from 2006 through 2099, enough over a 100 year "
        "period to cancel 17 years of emissions.",
        # an 'N-year' record or instrument beside a span is not the span
        "Output rose steadily from 1990 to 1996, a 20-year high for the region.",
        "The bank sold the debt from 2001 to 2004, a 10-year note issue.",
        # 'later' counted from the year before it, with no year of its own
        "Depp ended the relationship in 2012. The two wed in 2015, but the "
        "marriage ended one year later.",
        # 'after <event>' where the event's year is not the one stated
        "The band's hit came in 1996. Adkins received the Medal of Honor in 2014, "
        "48 years after close-combat fighting in Vietnam.",
        # a range of factors, and a factor against a named thing
        "The true number was probably 28 to 55 times higher than the 19 confirmed "
        "cases.",
        "Brazil has counted more than 21,000 deaths, nearly seven times more than "
        "Peru. Its case toll is more than 330,000.",
        # a list in another clause than the total
        "Eight patients had died, and five remained hospitalized, while 46 in "
        "total experienced a poor outcome.",
        # colons of clock times and labels are not totals
        "At 8:30 pm, an explosion rocked West 23 Street and 30 people were hurt.",
        "Savings: $1,600 $1,600 Housing: $1,515 $1,515 Transportation: $1,232 for "
        "car and truck payments, gas $1,232 for car and truck payments.",
        # parallel changes: each end figure is not the next one's start
        "Revenue rose 5% to $3.2 billion. Profit rose 10% to $1.1 billion.",
        "In Queens, leases fell by 64.9% to 100, and in Brooklyn, leases fell "
        "66.8% to 439.",
        "Daily users jumped 11 percent from a year earlier to 1.7 billion, while "
        "monthly users increased by 10 percent to 2.6 billion.",
        # a comparison, not an increment; a running total of an unstated scope
        "He scored 5 more than last year, bringing his total to 30.",
        "Police arrested 12 people on Friday and 8 on Saturday, bringing the "
        "total since March to 95.",
        # "in all" of another noun; an age at an event with no year
        "Smith scored 20 points and Jones 15. In all, the team scored 90 points.",
        "Born in 1950, she moved abroad in 1975 and was 30 when she returned.",
        # an increment in a later year is not the measure at that year
        "The firm hired 45 engineers in 2021 and 30 more in 2022, bringing its "
        "engineering staff to 310.",
        # a colon list said not to be all of it
        "The fleet has 30 aircraft: 12 fighters and 10 transports, with the rest "
        "in storage.",
        # the start of a projection is of the things that change; parts of a
        # whole are the things it counts
        "The ministry reported 300 deaths. Cases rose 25% to 500, it said.",
        "The agency inspected 40 sites, finding 37 violations and issuing 12 fines.",
        # a part of a list is not a whole; an age now is not an age then; an
        # age in another clause than the year
        "Of the 60 councillors, 25 voted for, 20 against and the other 15 abstained.",
        "The 74-year-old, born in 1950, was first elected in 1990.",
        "Born in 1950, she was 62 when she won, and in 2008 she retired.",
        # what a span was followed by, not the span
        "The dam was built from 1931 to 1936. It took ten years to fill the lake.",
        "The war lasted from 1950 to 1953, 70 years ago this summer.",
        # a count after "from" with a noun is not an early year
        "Prices rose from 1500 to 1700 last year, and staff from 1200 to 1600.",
        # parts said to be some of the whole, not all of it
        "There were 31 productions running, including eight new shows in "
        "previews and another eight shows.",
        # a part in a participle list is not a whole of its own
        "The team played 30 games, winning 11, drawing 5 and losing 14.",
    ],
)
def test_numbers_relations_real_reporting_is_not_flagged(text: str) -> None:
    assert _inconsistent(text) == []


def test_numbers_model_names_are_not_counts() -> None:
    texts = [q.text for q in extract_quantities("COVID-19 grounded 76 MD-88 jets.")]
    assert texts == ["76"]


def test_numbers_total_evidence_names_where_the_total_was_found() -> None:
    res = ANALYZER.analyze(
        Article(
            body="The state gave $3m to Eastgate and $2m to Northfield, a total of $5m."
        )
    )
    (rel,) = [f for f in res.findings if f.kind == "consistency"]
    assert (rel.label, rel.evidence["total_at"]) == ("consistent", "after")
    assert rel.evidence["arithmetic"] == "$3m + $2m = $5m, = $5m ($5m)"


@pytest.mark.parametrize(
    ("text", "nouns"),
    [
        # coordinated counts share their plural head
        (
            "They will train nine Iraqi army and three Kurdish Peshmerga brigades.",
            {"nine": "brigades", "three": "brigades"},
        ),
        # a singular noun modifying a plural head
        ("They sent 300 army officers.", {"300": "officers"}),
        # plural first nouns keep their own
        ("He owns 2 cars and 4 bikes.", {"2": "cars", "4": "bikes"}),
        ("Only 3 children attend the school.", {"3": "children"}),
    ],
)
def test_counted_noun_is_the_head(text: str, nouns: dict[str, str]) -> None:
    found = {q.text: q.noun for q in extract_quantities(text)}
    for number, noun in nouns.items():
        assert found[number] == noun


# Rules about roles and cues that are not tied to one phrasing: each rule has
# several wordings and number formats (check, error, twin, part of arithmetic).
GENERAL_CASES = {
    # a multiplier verb governs a from-to pair ("doubled from A to B")
    "multiplier-verb-from-to": [
        (
            "multiplier",
            "Bus fares tripled from $1.50 to $6 in five years.",
            "Bus fares tripled from $1.50 to $4.50 in five years.",
            "6 / 1.5 = 4.00 ≠ 3 (tripled)",
        ),
        (
            "multiplier",
            "The waiting list has doubled, going from 3,000 names to 9,000.",
            "The waiting list has doubled, going from 3,000 names to 6,100.",
            "9000 / 3000 = 3.00",
        ),
    ],
    # "N-fold"/"sevenfold"/"quintupled" with a from-to pair
    "fold-from-to": [
        (
            "multiplier",
            "Orders quintupled, from 400 to 1,200.",
            "Orders tripled, from 400 to 1,200.",
            "1200 / 400 = 3.00 ≠ 5",
        ),
        (
            "multiplier",
            "Sales of heat pumps rose eightfold, from 40,000 to 160,000.",
            "Sales of heat pumps rose fourfold, from 40,000 to 160,000.",
            "160,000 / 40,000 = 4.00",
        ),
        (
            "multiplier",
            "Cases jumped 5-fold over the winter, from 1.2 million to 3 million.",
            "Cases jumped 5-fold over the winter, from 1.2 million to 6 million.",
            "3,000,000 / 1,200,000 = 2.50",
        ),
    ],
    # a fall is judged on its inverse ratio ("halved": 8,000 -> 3,000 is /2.67)
    "falls-by-inverse": [
        (
            "multiplier",
            "The herd halved in a decade, dropping from 900 animals to 350.",
            "The herd halved in a decade, dropping from 900 animals to 440.",
            "350 / 900 = 0.39",
        ),
    ],
    # "by a third", "by half", "by two-thirds", "by a quarter"
    "fraction-by-from-to": [
        (
            "multiplier",
            "Staff numbers were cut by a quarter, from 2,400 to 1,200.",
            "Staff numbers were cut by a quarter, from 2,400 to 1,800.",
            "1200 / 2400 = 0.50",
        ),
        (
            "multiplier",
            "Its budget grew by half, from £4bn to £8bn.",
            "Its budget grew by half, from £4bn to £6bn.",
            "8,000,000,000 / 4,000,000,000 = 2.00",
        ),
        (
            "multiplier",
            "Attendance fell by two-thirds, from 30,000 fans to 18,000.",
            "Attendance fell by two-thirds, from 30,000 fans to 10,000.",
            "18,000 / 30,000 = 0.60",
        ),
    ],
    # "80 cents" against "$3.20": one currency
    "cents-against-dollars": [
        (
            "multiplier",
            "A stamp doubled in price, from 60 cents to $1.80.",
            "A stamp doubled in price, from 60 cents to $1.20.",
            "1.8 / 0.6 = 3.00 ≠ 2",
        ),
    ],
    # percentage points given to a tenth: a point off is not rounding
    "points-to-a-tenth": [
        (
            "percentage_points",
            "Turnout slipped from 67.3% to 65.1%, a drop of 3.2 percentage points.",
            "Turnout slipped from 67.3% to 65.1%, a drop of 2.2 percentage points.",
            "65.1 - 67.3 = -2.2 points ≠ 3.2",
        ),
    ],
    # "made up N%" is a share, not a rise; "the other M%" closes the shares
    "made-up-share-and-the-other": [
        (
            "percent_shares",
            "Cars made up 72% of the traffic and lorries the other 38%.",
            "Cars made up 72% of the traffic and lorries the other 28%.",
            "72 + 38 = 110",
        ),
    ],
    # a fraction of a whole restated as a count
    "fraction-of-whole": [
        (
            "fraction",
            "Half of the 300 workers, or 120, walked out on Monday.",
            "Half of the 300 workers, or 150, walked out on Monday.",
            "120 / 300 = 0.40 ≠ 0.50",
        ),
        (
            "fraction",
            "One in five of the 2,000 residents surveyed, about 600 people, had moved.",
            "One in five of the 2,000 residents surveyed, about 400 people, had moved.",
            "600 / 2000 = 0.30 ≠ 0.20",
        ),
        (
            "fraction",
            "Three quarters of its 80 stores (45) will close.",
            "Three quarters of its 80 stores (60) will close.",
            "45 / 80 = 0.56 ≠ 0.75",
        ),
        (
            "fraction",
            "Nearly a third of the 60 delegates - 26 - walked out.",
            "Nearly a third of the 60 delegates - 19 - walked out.",
            "26 / 60 = 0.43 ≠ 0.33",
        ),
    ],
    # a percentage of a whole restated as a count
    "percent-of-whole": [
        (
            "fraction",
            "Forty percent of the 250 members, 120, voted against.",
            "Forty percent of the 250 members, 100, voted against.",
            "120 / 250 = 0.48 ≠ 0.40",
        ),
        (
            "fraction",
            "The firm will cut 15% of its 2,000 staff, or 400 people.",
            "The firm will cut 15% of its 2,000 staff, or 300 people.",
            "400 / 2000 = 0.20 ≠ 0.15",
        ),
    ],
    # a colon after a count of a noun introduces all its parts, whatever
    # their nouns, in digits or words
    "colon-breakdown": [
        (
            "total",
            "The council owns 40 buildings: 12 schools, 9 libraries and 15 depots.",
            "The council owns 36 buildings: 12 schools, 9 libraries and 15 depots.",
            "12 + 9 + 15 = 36, not 40",
        ),
        (
            "total",
            "The order covers ten ships: four frigates, three tankers and two tugs.",
            "The order covers nine ships: four frigates, three tankers and two tugs.",
            "4 + 3 + 2 = 9, not 10",
        ),
    ],
    # "the remaining N" / "the rest, N" closes a count list of a stated whole
    "remaining-count": [
        (
            "total",
            "Of the 250 applicants, 90 were accepted, 100 were rejected and the "
            "remaining 70 are still waiting.",
            "Of the 250 applicants, 90 were accepted, 100 were rejected and the "
            "remaining 60 are still waiting.",
            "90 + 100 + 70 = 260, not 250",
        ),
        (
            "total",
            "The hospital treated 120 patients, 45 with burns, 30 with fractures "
            "and the rest, 55, with smoke inhalation.",
            "The hospital treated 120 patients, 45 with burns, 30 with fractures "
            "and the rest, 45, with smoke inhalation.",
            "45 + 30 + 55 = 130, not 120",
        ),
    ],
    # what happened to a whole, as participles: the parts cannot exceed it
    "participle-parts": [
        (
            "total",
            "The side played 20 games this season, winning 11, drawing five and "
            "losing six.",
            "The side played 20 games this season, winning 11, drawing five and "
            "losing four.",
            "11 + 5 + 6 = 22, more than 20",
        ),
        (
            "total",
            "She won 7 of her 12 bouts, losing six.",
            "She won 7 of her 12 bouts, losing five.",
            "7 + 6 = 13, more than 12",
        ),
    ],
    # a year before 1800 is a year after "in"/"since" or in a from/between pair
    "early-years": [
        (
            "duration",
            "The succession war ran from 1701 to 1714, a five-year struggle for "
            "the crown.",
            "The succession war ran from 1701 to 1714, a 13-year struggle for "
            "the crown.",
            "1714 - 1701 = 13.00 years ≠ 5",
        ),
        (
            "duration",
            "The treaty was signed in 1648 and lasted until 1701, more than six "
            "decades.",
            "The treaty was signed in 1648 and lasted until 1701, more than five "
            "decades.",
            "1701 - 1648 = 53.00 years ≠ 60",
        ),
        (
            "duration",
            "The guild was active between 1350 and 1420, some 30 years of trade.",
            "The guild was active between 1350 and 1420, some 70 years of trade.",
            "1420 - 1350 = 70.00 years ≠ 30",
        ),
    ],
    # the span between a start and an end verb, in apposition after the end
    # year ("…, after 76 years of production"; "… until 1939, nearly three
    # decades"), or named in the next sentence ("It took nine years")
    "span-after-end-year": [
        (
            "duration",
            "The mill opened in 1902 and closed in 1968, after 76 years of production.",
            "The mill opened in 1902 and closed in 1968, after 66 years of production.",
            "1968 - 1902 = 66.00 years ≠ 76",
        ),
        (
            "duration",
            "The pact was signed in 1921 and remained in force until 1939, nearly "
            "three decades.",
            "The pact was signed in 1921 and remained in force until 1939, nearly "
            "two decades.",
            "1939 - 1921 = 18.00 years ≠ 30",
        ),
        (
            "duration",
            "The tunnel was dug from 1998 to 2003. It took nine years in all.",
            "The tunnel was dug from 1998 to 2003. It took five years in all.",
            "2003 - 1998 = 5.00 years ≠ 9",
        ),
    ],
    # "to B a month from A": a rate's unit between the two figures
    "to-from-with-a-rate": [
        (
            "percent_change",
            "The lease rose 40 percent, to $2,100 a month from $1,800.",
            "The lease rose 40 percent, to $2,520 a month from $1,800.",
            "(2100 - 1800) / 1800 = +16.7% ≠ 40%",
        ),
    ],
    # "rise N% to B" with the start stated before it, in the sentence or the
    # one before
    "rate-projection": [
        (
            "percent_change",
            "The port handled 800,000 containers in 2022. It expects the total "
            "to grow 15% to 1.2 million next year.",
            "The port handled 800,000 containers in 2022. It expects the total "
            "to grow 15% to 920,000 next year.",
            "(1,200,000 - 800,000) / 800,000 = +50.0% ≠ 15%",
        ),
        (
            "percent_change",
            "Fees are $9,000 a year now and will go up 10 percent, to $12,000, in "
            "September.",
            "Fees are $9,000 a year now and will go up 10 percent, to $9,900, in "
            "September.",
            "(12,000 - 9000) / 9000 = +33.3% ≠ 10%",
        ),
    ],
    # an increment naming no noun ("18 more", "another 7") adds to the counted
    # figure it follows; "bringing/taking … to N" is the running total; figures
    # stated to the unit allow no rounding slack
    "running-total": [
        (
            "sum",
            "The shelter took in 37 dogs in May and 18 more in June, taking its "
            "intake for the spring to 57.",
            "The shelter took in 37 dogs in May and 18 more in June, taking its "
            "intake for the spring to 55.",
            "37 + 18 = 55; 55 ≠ 57",
        ),
        (
            "sum",
            "Rescuers freed 12 miners on Tuesday and another 7 on Wednesday, "
            "bringing the number brought out to 21.",
            "Rescuers freed 12 miners on Tuesday and another 7 on Wednesday, "
            "bringing the number brought out to 19.",
            "12 + 7 = 19; 19 ≠ 21",
        ),
        (
            "sum",
            "The club signed 4 players in January. It added 3 more in March, "
            "bringing its new signings to 9.",
            "The club signed 4 players in January. It added 3 more in March, "
            "bringing its new signings to 7.",
            "4 + 3 = 7; 7 ≠ 9",
        ),
    ],
    # a sentence opening "In all," / "Altogether," totals what the sentence
    # before counted, when the counted nouns agree
    "in-all-next-sentence": [
        (
            "total",
            "The motion passed by 212 votes to 187. Altogether, 409 votes were cast.",
            "The motion passed by 212 votes to 187. Altogether, 399 votes were cast.",
            "212 + 187 = 399, not 409",
        ),
        (
            "total",
            "The charity sent 40 lorries to Poland and 25 lorries to Romania. In "
            "total, 75 lorries left the depot.",
            "The charity sent 40 lorries to Poland and 25 lorries to Romania. In "
            "total, 65 lorries left the depot.",
            "40 + 25 = 65, not 75",
        ),
    ],
    # an age against the birth year and the year of the event it is given at
    "age-from-birth-year": [
        (
            "age",
            "Born in 1961, the coach was 40 when his side won the cup in 1995.",
            "Born in 1961, the coach was 34 when his side won the cup in 1995.",
            "1995 - 1961 = 34: aged 33 or 34, not 40",
        ),
        (
            "age",
            "The painter, born in 1840, died in 1926. He was 91 years old when he "
            "finished his last canvas in 1926.",
            "The painter, born in 1840, died in 1926. He was 85 years old when he "
            "finished his last canvas in 1926.",
            "1926 - 1840 = 86: aged 85 or 86, not 91",
        ),
        (
            "age",
            "At the age of 70, the author, born in 1930, published her first "
            "novel in 1990.",
            "At the age of 60, the author, born in 1930, published her first "
            "novel in 1990.",
            "1990 - 1930 = 60: aged 59 or 60, not 70",
        ),
        (
            "age",
            "In 2008, at 65, the senator, born in 1950, won again.",
            "In 2008, at 58, the senator, born in 1950, won again.",
            "2008 - 1950 = 58: aged 57 or 58, not 65",
        ),
    ],
    # "twice that", "half that", "three times as much" is a part made from the
    # figure before it
    "derived-part": [
        (
            "total",
            "The festival drew 12,000 visitors on Saturday and half that on "
            "Sunday, 20,000 in all.",
            "The festival drew 12,000 visitors on Saturday and half that on "
            "Sunday, 18,000 in all.",
            "12,000 + 6000 = 18,000, not 20,000",
        ),
        (
            "total",
            "Farmers sold $2m of apples and three times as much of pears, "
            "for a total of $9m.",
            "Farmers sold $2m of apples and three times as much of pears, "
            "for a total of $8m.",
            "$2m + $6m = $8m, not $9m",
        ),
    ],
    # a neutral verb ("went/moved from A to B") or one measure at two dated
    # points ("A in 2019 and B in 2020") is a change whose figures give the
    # direction, checked against the change stated beside it or next
    "neutral-and-dated-changes": [
        (
            "percent_change",
            "Sales were 1.2 million in 2019 and 840,000 in 2020, a drop of 40%.",
            "Sales were 1.2 million in 2019 and 840,000 in 2020, a drop of 30%.",
            "(840,000 - 1,200,000) / 1,200,000 = -30.0% ≠ 40%",
        ),
        (
            "percent_change",
            "The city had 50,000 residents in 2000 and 65,000 in 2020. That is a "
            "50% increase.",
            "The city had 50,000 residents in 2000 and 65,000 in 2020. That is a "
            "30% increase.",
            "(65,000 - 50,000) / 50,000 = +30.0% ≠ 50%",
        ),
        (
            "percent_change",
            "Rents went from $1,000 to $1,300 a month. That is a rise of 40%.",
            "Rents went from $1,000 to $1,300 a month. That is a rise of 30%.",
            "(1300 - 1000) / 1000 = +30.0% ≠ 40%",
        ),
        (
            "percentage_points",
            "The share of renters moved from 30% to 36%, a rise of 8 percentage "
            "points.",
            "The share of renters moved from 30% to 36%, a rise of 6 percentage "
            "points.",
            "36 - 30 = +6.0 points ≠ 8",
        ),
    ],
    # an age given at the year just before it ("died in 1997 aged 75", "in
    # 2013 at the age of 72"), the birth year in the next sentence or the one
    # before
    "age-after-its-year": [
        (
            "age",
            "The composer died in 1997 aged 75. He was born in 1931 in Vienna.",
            "The composer died in 1997 aged 65. He was born in 1931 in Vienna.",
            "1997 - 1931 = 66: aged 65 or 66, not 75",
        ),
        (
            "age",
            "Born in 1948, the judge retired in 2013 at the age of 72.",
            "Born in 1948, the judge retired in 2013 at the age of 65.",
            "2013 - 1948 = 65: aged 64 or 65, not 72",
        ),
        (
            "age",
            "The senator, who was born in 1960, won her first race in 1992 at 40.",
            "The senator, who was born in 1960, won her first race in 1992 at 32.",
            "1992 - 1960 = 32: aged 31 or 32, not 40",
        ),
    ],
    # a change stated in cents of a euro or dollar amount
    "change-in-cents": [
        (
            "absolute_change",
            "A bus fare went up from 2.20 euros to 2.60 euros, an increase of 60 "
            "cents.",
            "A bus fare went up from 2.20 euros to 2.60 euros, an increase of 40 "
            "cents.",
            "|2.6 - 2.2| = 0.4 ≠ 0.6",
        ),
        (
            "absolute_change",
            "Milk rose from $3.10 to $3.45 a gallon, a rise of 25 cents.",
            "Milk rose from $3.10 to $3.45 a gallon, a rise of 35 cents.",
            "|3.45 - 3.1| = 0.35 ≠ 0.25",
        ),
    ],
    # an anniversary's year against the one start year before it; a gap after
    # a start event ("after its opening", "after taking charge")
    "anniversary-and-start-event": [
        (
            "year_gap",
            "The university was founded in 1826 and held its 150th anniversary "
            "in 1986.",
            "The university was founded in 1826 and held its 150th anniversary "
            "in 1976.",
            "1986 - 1826 = 160 ≠ 150",
        ),
        (
            "year_gap",
            "Established in 1865, the newspaper marked its centenary in 1975 "
            "with a special edition.",
            "Established in 1865, the newspaper marked its centenary in 1965 "
            "with a special edition.",
            "1975 - 1865 = 110 ≠ 100",
        ),
        (
            "year_gap",
            "The airport, which opened in 1961, was closed in 2009, 38 years "
            "after its opening.",
            "The airport, which opened in 1961, was closed in 2009, 48 years "
            "after its opening.",
            "2009 - 1961 = 48 ≠ 38",
        ),
        (
            "year_gap",
            "Appointed in 2003, the coach was sacked in 2015, 15 years after "
            "taking charge.",
            "Appointed in 2003, the coach was sacked in 2015, 12 years after "
            "taking charge.",
            "2015 - 2003 = 12 ≠ 15",
        ),
    ],
    # a running total with the figure it was before ("to 452 from 335", "to
    # 1,265, up from 1,095"), the increment in its sentence or the one before;
    # the body an increment joins ("adds 6 giraffes to its herd of 14")
    "running-total-from-prior": [
        (
            "sum",
            "The charity received 85 new applications in May, lifting its "
            "caseload to 452 from 335.",
            "The charity received 85 new applications in May, lifting its "
            "caseload to 420 from 335.",
            "335 + 85 = 420; 420 ≠ 452",
        ),
        (
            "sum",
            "The clinic gave 70 more jabs on Sunday. That took its total to "
            "1,265, up from 1,095 on Saturday.",
            "The clinic gave 170 more jabs on Sunday. That took its total to "
            "1,265, up from 1,095 on Saturday.",
            "1095 + 70 = 1165; 1165 ≠ 1265",
        ),
        (
            "sum",
            "The zoo adds 6 giraffes to its herd of 14, for a total of 23 giraffes.",
            "The zoo adds 6 giraffes to its herd of 14, for a total of 20 giraffes.",
            "14 + 6 = 20; 20 ≠ 23",
        ),
    ],
    # outcomes of a whole's members as finite verbs, which may not exceed it
    "outcome-verbs": [
        (
            "total",
            "In 26 outings this season, the team won 15, tied 4 and lost 9.",
            "In 26 outings this season, the team won 15, tied 4 and lost 7.",
            "15 + 4 + 9 = 28, more than 26",
        ),
        (
            "total",
            "The board reviewed 40 applications, approved 29 and rejected 14.",
            "The board reviewed 40 applications, approved 29 and rejected 11.",
            "29 + 14 = 43, more than 40",
        ),
    ],
    # the next sentence naming the change it follows ("The 30% rise …")
    "change-named-next": [
        (
            "percent_change",
            "Wages rose from $15 to $18 an hour. The 30% rise was agreed in talks.",
            "Wages rose from $15 to $18 an hour. The 20% rise was agreed in talks.",
            "(18 - 15) / 15 = +20.0% ≠ 30%",
        ),
        (
            "percent_change",
            "Exports fell from 80,000 tonnes to 60,000 tonnes last year. The 35% "
            "decline hit farmers hard.",
            "Exports fell from 80,000 tonnes to 60,000 tonnes last year. The 25% "
            "decline hit farmers hard.",
            "(60,000 - 80,000) / 80,000 = -25.0% ≠ 35%",
        ),
    ],
    # a multiplier compared with the figure it names ("a sixfold increase on
    # the $80 million"), or describing the figure of the sentence before ("…
    # 72 families. That is four times the 24 …")
    "multiple-of-a-named-figure": [
        (
            "times",
            "Imports reached $640 million, a sixfold increase on the $80 million "
            "of 2010.",
            "Imports reached $640 million, an eightfold increase on the $80 "
            "million of 2010.",
            "= 8.00 ≠ 6 (sixfold)",
        ),
        (
            "times",
            "The shelter housed 72 families last winter. That is four times the "
            "24 it could take in 2015.",
            "The shelter housed 72 families last winter. That is three times the "
            "24 it could take in 2015.",
            "72 / 24 = 3.00 ≠ 4",
        ),
    ],
}
_GENERAL = [(rule, *case) for rule, cases in GENERAL_CASES.items() for case in cases]


@pytest.mark.parametrize(
    ("rule", "check", "error", "twin", "arithmetic"),
    _GENERAL,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(_GENERAL)],
)
def test_numbers_general_rules_flag_the_error_not_the_twin(
    rule: str, check: str, error: str, twin: str, arithmetic: str
) -> None:
    flags = _inconsistent(error)
    assert [c for c, _ in flags] == [check], (rule, flags)
    assert arithmetic in flags[0][1], (rule, flags)
    assert _inconsistent(twin) == [], rule


@pytest.mark.parametrize(
    "text",
    [
        "A third of the grant went to schools, 40% to roads and the remaining "
        "27% to parks.",
        "Most of the donations came from local firms; 12% came from abroad and "
        "the rest, 8%, from the council.",
        "The bulk of the fleet is diesel, with 20% electric and the other 15% hybrid.",
    ],
)
def test_numbers_share_list_with_a_share_in_words_is_not_flagged(text: str) -> None:
    """A share said in words ("a third of", "most of") is part of the list
    the figures do not show, so the figures alone not making 100 is no error."""
    assert _inconsistent(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Two sisters, aged 6 and 9, were found safe with their grandparents, "
        "four people in all.",
        "Three boys, aged 10, 12 and 13, were rescued with two adults, five "
        "people in all.",
    ],
)
def test_numbers_ages_are_not_parts_of_a_total(text: str) -> None:
    """Ages listed beside a head count are not summed into it."""
    assert _inconsistent(text) == []


def test_numbers_an_outcome_is_not_the_whole_of_the_others() -> None:
    """A figure after an outcome verb is one of the parts, not their whole:
    games won are not the games lost and drawn."""
    assert _inconsistent("They won 5 games, lost 3 and drew 3.") == []
