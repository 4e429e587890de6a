"""Role rules read in other writers' wording: a multiplier whose increment is
in the sentence before or names no cue, a multiplier against a then/now pair,
running totals whose noun changes or whose base has none, and the tolerance
of exact multiplier words and "about" totals. Each case flags its planted
error and leaves its correct twin alone."""

from __future__ import annotations

import pytest

from newscheck.analyzers.numbers import NumbersAnalyzer
from newscheck.article import Article

ANALYZER = NumbersAnalyzer()


def _inconsistent(text: str) -> list[tuple[str, str]]:
    """(check, arithmetic) of every ``inconsistent`` finding on *text*."""
    return [
        (f.evidence["check"], f.evidence["arithmetic"])
        for f in ANALYZER.analyze(Article(body=text)).findings
        if f.kind == "consistency" and f.label == "inconsistent"
    ]


# rule -> [(check, text with the planted error, its correct twin, arithmetic)]
CASES: dict[str, list[tuple[str, str, str, str]]] = {
    "increment-in-the-sentence-before": [
        (
            "multiplier",
            "The ministry will hire 900 more nurses. They join the 1,000 nurses "
            "already on the wards, nearly tripling the service.",
            "The ministry will hire 1,900 more nurses. They join the 1,000 nurses "
            "already on the wards, nearly tripling the service.",
            "1000 + 900 = 1900; 1900 / 1000 = 1.90",
        ),
    ],
    "uncued-increment-beside-a-cued-base": [
        (
            "multiplier",
            "The charity is flying 250 volunteers to the coast, adding to the 200 "
            "already there and tripling its presence.",
            "The charity is flying 400 volunteers to the coast, adding to the 200 "
            "already there and tripling its presence.",
            "200 + 250 = 450; 450 / 200 = 2.25 ≠ 3",
        ),
    ],
    "body-the-change-is-made-to": [
        (
            "multiplier",
            "The park removed 50 benches from the 300 along the river, halving "
            "the seating.",
            "The park removed 150 benches from the 300 along the river, halving "
            "the seating.",
            "300 - 50 = 250",
        ),
        (
            "multiplier",
            "The school added 30 desks to the 60 it already had, raising its "
            "capacity by a third.",
            "The school added 20 desks to the 60 it already had, raising its "
            "capacity by a third.",
            "60 + 30 = 90; 90 / 60 = 1.50",
        ),
    ],
    "then-now-pair": [
        (
            "multiplier",
            "Rents in the old town have doubled since 2010. A studio cost $800 "
            "then and costs $1,100 now.",
            "Rents in the old town have doubled since 2010. A studio cost $800 "
            "then and costs $1,600 now.",
            "1100 / 800 = 1.38",
        ),
        (
            "multiplier",
            "Catches have halved in a decade. Boats landed 9,000 tonnes then "
            "against 6,500 tonnes today.",
            "Catches have halved in a decade. Boats landed 9,000 tonnes then "
            "against 4,500 tonnes today.",
            "6500 / 9000 = 0.72",
        ),
    ],
    "exact-multiplier-word-a-fifth-off": [
        (
            "multiplier",
            "Membership quadrupled from 1,500 to 4,500 in three years.",
            "Membership quadrupled from 1,500 to 6,000 in three years.",
            "4500 / 1500 = 3.00",
        ),
    ],
    "running-total-in-another-noun": [
        (
            "sum",
            "The ferry line added 6 boats this year to its fleet of 20, "
            "bringing it to 29 vessels.",
            "The ferry line added 6 boats this year to its fleet of 20, "
            "bringing it to 26 vessels.",
            "20 + 6 = 26",
        ),
    ],
    "base-without-a-noun-in-the-next-sentence": [
        (
            "sum",
            "The agency sent 300 additional medics in May. Combined with the 1,200 "
            "already in the region, the team now numbers 1,800.",
            "The agency sent 300 additional medics in May. Combined with the 1,200 "
            "already in the region, the team now numbers 1,500.",
            "1200 + 300 = 1500",
        ),
    ],
    "running-total-from-to-with-an-unrounded-increment": [
        (
            "sum",
            "The club signed 27 new members in June, taking its roll to 620 from 580.",
            "The club signed 27 new members in June, taking its roll to 607 from 580.",
            "580 + 27 = 607",
        ),
    ],
    "about-total-a-fifth-off": [
        (
            "sum",
            "Wardens counted 2,300 seals last winter. This year another 400 were "
            "counted, bringing the colony to about 3,400.",
            "Wardens counted 2,300 seals last winter. This year another 400 were "
            "counted, bringing the colony to about 2,700.",
            "2300 + 400 = 2700",
        ),
    ],
    "qualified-total-after-the-increment": [
        (
            "sum",
            "The shelter already houses 1,400 people. With the 300 more it will "
            "take in this month, it will house nearly 2,400.",
            "The shelter already houses 1,400 people. With the 300 more it will "
            "take in this month, it will house nearly 1,700.",
            "1400 + 300 = 1700",
        ),
    ],
    "total-cue-anywhere-between-list-and-total": [
        (
            "total",
            "Ruiz was paid $1.2 million and Park $0.8 million this year; between "
            "them, the two collected $2.4 million.",
            "Ruiz was paid $1.2 million and Park $0.8 million this year; between "
            "them, the two collected $2.0 million.",
            "$1.2m + $0.8m = $2m, not $2.4m",
        ),
    ],
    "running-total-after-a-list-holds-more": [
        (
            "total",
            "The trust gave $3m in spring and $9m in autumn, bringing its total "
            "giving to $11m.",
            "The trust gave $3m in spring and $9m in autumn, bringing its total "
            "giving to $15m.",
            "$3m + $9m = $12m, not $11m",
        ),
    ],
    "whole-in-the-sentence-before-two-parts": [
        (
            "total",
            "The bake sale brought in $2,400. Parents gave $1,500 and teachers $1,100.",
            "The bake sale brought in $2,400. Parents gave $1,500 and teachers $900.",
            "$1500 + $1100 = $2600, not $2400",
        ),
        (
            "total",
            "The clinic screened 500 children. Of these, 280 were from the city, "
            "150 from the suburbs and 90 from farms.",
            "The clinic screened 500 children. Of these, 280 were from the city, "
            "150 from the suburbs and 70 from farms.",
            "280 + 150 + 90 = 520, not 500",
        ),
    ],
    "closing-sentence-with-words-before-the-total": [
        (
            "total",
            "The three mills produced 420 tonnes, 310 tonnes and 150 tonnes. "
            "Altogether, that made 930 tonnes.",
            "The three mills produced 420 tonnes, 310 tonnes and 150 tonnes. "
            "Altogether, that made 880 tonnes.",
            "420 + 310 + 150 = 880, not 930",
        ),
    ],
    "head-count-over-counts-of-people": [
        (
            "total",
            "Crews rescued 31 miners on Friday and 12 on Saturday. In all, 45 "
            "people were brought to the surface.",
            "Crews rescued 31 miners on Friday and 12 on Saturday. In all, 43 "
            "people were brought to the surface.",
            "31 + 12 = 43, not 45",
        ),
    ],
    "nearly-a-quarter-short": [
        (
            "sum",
            "The library already lends 6,000 books a month. With the 1,500 more "
            "it expects to add, it will lend nearly 10,000.",
            "The library already lends 6,000 books a month. With the 1,500 more "
            "it expects to add, it will lend nearly 8,000.",
            "6000 + 1500 = 7500",
        ),
    ],
    "percent-change-against-a-cued-pair": [
        (
            "percent_change",
            "The zoo sold 90,000 tickets in 2024, up from 60,000 the year before. "
            "That is a rise of 20 percent.",
            "The zoo sold 90,000 tickets in 2024, up from 60,000 the year before. "
            "That is a rise of 50 percent.",
            "(90,000 - 60,000) / 60,000 = +50.0% ≠ 20%",
        ),
        (
            "percent_change",
            "Enrolment slipped to 1,800 this autumn. Last year the college took "
            "2,000, a fall of 25 percent.",
            "Enrolment slipped to 1,800 this autumn. Last year the college took "
            "2,000, a fall of 10 percent.",
            "(1800 - 2000) / 2000 = -10.0% ≠ 25%",
        ),
        (
            "percent_change",
            "Ten years ago a ticket cost £40. Today it costs £50, so fares have "
            "climbed 45%.",
            "Ten years ago a ticket cost £40. Today it costs £50, so fares have "
            "climbed 25%.",
            "(50 - 40) / 40 = +25.0% ≠ 45%",
        ),
        (
            "percent_change",
            "The mill produced 3,300 tonnes, roughly 60% more than last year's "
            "3,000 tonnes.",
            "The mill produced 3,300 tonnes, roughly 10% more than last year's "
            "3,000 tonnes.",
            "(3300 - 3000) / 3000 = +10.0% ≠ 60%",
        ),
        (
            "percent_change",
            "Arrests fell to 80 last year, down from 100. The decline, of 40 "
            "percent, surprised the force.",
            "Arrests fell to 80 last year, down from 100. The decline, of 20 "
            "percent, surprised the force.",
            "(80 - 100) / 100 = -20.0% ≠ 40%",
        ),
    ],
    "percentage-by-apart-from-its-verb": [
        (
            "percent_change",
            "The board cut the arts grant by 50 per cent, from £4m to £3m.",
            "The board cut the arts grant by 25 per cent, from £4m to £3m.",
            "-25.0% ≠ 50%",
        ),
    ],
    "twice-as-many-as": [
        (
            "times",
            "The shelter now houses 90 dogs, twice as many as the 30 it took in "
            "last spring.",
            "The shelter now houses 60 dogs, twice as many as the 30 it took in "
            "last spring.",
            "90 / 30 = 3.00 ≠ 2",
        ),
    ],
    "multiple-restated-after-it": [
        (
            "times",
            "The ward treated 30 flu patients in October. By December it was "
            "treating four times that number, 90 a week.",
            "The ward treated 30 flu patients in October. By December it was "
            "treating four times that number, 120 a week.",
            "90 / 30 = 3.00 ≠ 4",
        ),
        (
            "times",
            "The striker has 18 goals this season. That is six times her tally "
            "from last season, when she scored two.",
            "The striker has 12 goals this season. That is six times her tally "
            "from last season, when she scored two.",
            "18 / 2 = 9.00 ≠ 6",
        ),
    ],
    "end-before-start-across-sentences": [
        (
            "date_order",
            "Construction of the library began in 2018. It was completed in "
            "2015, the council said.",
            "Construction of the library began in 2018. It was completed in "
            "2021, the council said.",
            "ends in 2015, before it starts in 2018",
        ),
    ],
    "the-n-year-noun-in-a-later-sentence": [
        (
            "duration",
            "The restoration began in 2012 and wrapped up in 2016. Locals praise "
            "the seven-year restoration.",
            "The restoration began in 2012 and wrapped up in 2019. Locals praise "
            "the seven-year restoration.",
            "2016 - 2012 = 4.00 years ≠ 7",
        ),
    ],
    "a-decade-is-not-five-years": [
        (
            "duration",
            "His spell as coach, from 2011 to 2016, lasted a decade.",
            "His spell as coach, from 2011 to 2021, lasted a decade.",
            "2016 - 2011 = 5.00 years ≠ 10",
        ),
    ],
    "gap-with-a-qualifier-and-in-centuries": [
        (
            "year_gap",
            "The chapel was built in 1850 and restored in 1910, more than a "
            "century later.",
            "The chapel was built in 1790 and restored in 1910, more than a "
            "century later.",
            "1910 - 1850 = 60 ≠ 100",
        ),
    ],
    "anniversary-after-its-year": [
        (
            "year_gap",
            "The society was founded in 1874. Next spring, in 2024, it celebrates "
            "its 100th anniversary.",
            "The society was founded in 1924. Next spring, in 2024, it celebrates "
            "its 100th anniversary.",
            "2024 - 1874 = 150 ≠ 100",
        ),
    ],
    "gap-to-a-year-after-its-event": [
        (
            "year_gap",
            "The firm listed its shares in 2004, twelve years after its founding "
            "in 1988.",
            "The firm listed its shares in 2004, twelve years after its founding "
            "in 1992.",
            "2004 - 1988 = 16 ≠ 12",
        ),
        (
            "year_gap",
            "The pier first opened in 1962. It reopened in 2022 after repairs, "
            "70 years after that first opening.",
            "The pier first opened in 1952. It reopened in 2022 after repairs, "
            "70 years after that first opening.",
            "2022 - 1962 = 60 ≠ 70",
        ),
    ],
    "age-with-just": [
        (
            "age",
            "Ada Ward was born in 1901. She won her first title in 1930, when "
            "she was just 21.",
            "Ada Ward was born in 1909. She won her first title in 1930, when "
            "she was just 21.",
            "1930 - 1901 = 29: aged 28 or 29, not 21",
        ),
    ],
    "amount-of-a-change-against-a-pair": [
        (
            "absolute_change",
            "The trust cut its grants budget by $1.5 million, to $6.1 million "
            "from $8.1 million.",
            "The trust cut its grants budget by $2 million, to $6.1 million "
            "from $8.1 million.",
            "|6,100,000 - 8,100,000| = 2,000,000 ≠ 1,500,000",
        ),
        (
            "absolute_change",
            "The flock numbered 2,240 in March. By June it had grown by 410 "
            "birds, to 2,550.",
            "The flock numbered 2,240 in March. By June it had grown by 310 "
            "birds, to 2,550.",
            "|2550 - 2240| = 310 ≠ 410",
        ),
        (
            "absolute_change",
            "Spending on parks was $12 million in 2021. This year it is $15 "
            "million, an increase of $4 million.",
            "Spending on parks was $12 million in 2021. This year it is $15 "
            "million, an increase of $3 million.",
            "= 3,000,000 ≠ 4,000,000",
        ),
    ],
    "points-against-two-dated-shares": [
        (
            "percentage_points",
            "Support for the plan stood at 44 per cent in March. By July it had "
            "fallen to 39 per cent, a drop of 9 points.",
            "Support for the plan stood at 44 per cent in March. By July it had "
            "fallen to 39 per cent, a drop of 5 points.",
            "39 - 44 = -5.0 points ≠ 9",
        ),
        (
            "percentage_points",
            "Turnout was 41 per cent in 2018 and 47 per cent this year. That is "
            "a rise of 6 per cent, organisers said.",
            "Turnout was 41 per cent in 2018 and 47 per cent this year. That is "
            "a rise of 6 percentage points, organisers said.",
            "reads the points as per cent",
        ),
        (
            "percentage_points",
            "The firm's share of the market grew from 20% to 24% last year. That "
            "is an increase of 4 per cent.",
            "The firm's share of the market grew from 20% to 24% last year. That "
            "is an increase of 20 per cent.",
            "reads the points as per cent",
        ),
    ],
    "fraction-of-them-and-counts-to-the-unit": [
        (
            "fraction",
            "The choir has 40 singers. A quarter of them, 12 singers, are new "
            "this year.",
            "The choir has 40 singers. A quarter of them, 10 singers, are new "
            "this year.",
            "12 / 40 = 0.30 ≠ 0.25",
        ),
        (
            "fraction",
            "Two thirds of the 96 councillors, 60 members in all, backed the motion.",
            "Two thirds of the 96 councillors, 64 members in all, backed the motion.",
            "60 / 96 = 0.62 ≠ 0.67",
        ),
        (
            "fraction",
            "Half of the city's 12,000 households, some 9,000 homes, lost water.",
            "Half of the city's 12,000 households, some 6,000 homes, lost water.",
            "9000 / 12,000 = 0.75 ≠ 0.50",
        ),
    ],
    "win-loss-records": [
        (
            "win_loss",
            "Rovers finished with an 18-9 record over a 30-game season.",
            "Rovers finished with an 18-12 record over a 30-game season.",
            "18-9: 27 games, not 30",
        ),
        (
            "win_loss",
            "The Kings finished 44-38, winning 46 of their 82 games.",
            "The Kings finished 46-36, winning 46 of their 82 games.",
            "44 wins in 82 games; the text says 46 of 82",
        ),
        (
            "win_loss",
            "After a 9-3 start, the Comets have won three straight and now "
            "stand at 12-4.",
            "After a 9-3 start, the Comets have won three straight and now "
            "stand at 12-3.",
            "9-3 then won three straight: 12-3, not 12-4",
        ),
        (
            "win_loss",
            "The side played 20 matches last season. They won 11 and lost 7, "
            "with 4 draws.",
            "The side played 22 matches last season. They won 11 and lost 7, "
            "with 4 draws.",
            "11 + 7 + 4 = 22, more than 20",
        ),
    ],
    "shares-with-a-share-in-words-or-a-with-clause": [
        (
            "percent_shares",
            "Half of the grant goes on salaries and 30% on rent; the other 15% "
            "covers travel.",
            "Half of the grant goes on salaries and 30% on rent; the other 20% "
            "covers travel.",
            "50 + 30 + 15 = 95, not 100",
        ),
        (
            "percent_shares",
            "Some 70 percent of the air was nitrogen and 20 percent oxygen. The "
            "remaining 16 percent was other gases.",
            "Some 70 percent of the air was nitrogen and 20 percent oxygen. The "
            "remaining 10 percent was other gases.",
            "70 + 20 + 16 = 106, not 100",
        ),
        (
            "percent_shares",
            "Forty per cent of buyers said prices were too high, with 35 per cent "
            "saying they would wait and the remaining 35 per cent undecided.",
            "Forty per cent of buyers said prices were too high, with 35 per cent "
            "saying they would wait and the remaining 25 per cent undecided.",
            "40 + 35 + 35 = 110, not 100",
        ),
    ],
    "part-percent-as-a-rate-or-a-fraction": [
        (
            "part_percent",
            "Of 800 trees planted, 600 survived the drought, a survival rate of "
            "85 percent.",
            "Of 800 trees planted, 600 survived the drought, a survival rate of "
            "75 percent.",
            "600 / 800 = 75.0% ≠ 85%",
        ),
        (
            "part_percent",
            "The district has 300 schools. Inspectors failed 45 of them, about "
            "a third of the total.",
            "The district has 300 schools. Inspectors failed 100 of them, about "
            "a third of the total.",
            "45 / 300 = 15.0% ≠ 33.3% (about a third of)",
        ),
    ],
    "conversions-written-onto-their-figures": [
        (
            "conversion",
            "The parcel weighed 10kg (46lb) at the depot.",
            "The parcel weighed 10kg (22lb) at the depot.",
            "46 / 10 = 4.6 lb per kg",
        ),
        (
            "conversion",
            "The thermometer read 30C (106F) at noon.",
            "The thermometer read 30C (86F) at noon.",
            "30C = 86F, not 106 F",
        ),
    ],
    "part-of-his-whole": [
        (
            "part_whole",
            "She scored 12 of her 9 penalties this season.",
            "She scored 9 of her 12 penalties this season.",
            "part 12 > whole 9",
        ),
    ],
    "a-total-given-as-a-range": [
        (
            "total",
            "The four depots hold 200, 150, 90 and 60 buses, between 420 and 450 "
            "in all.",
            "The four depots hold 200, 150, 90 and 60 buses, between 480 and 520 "
            "in all.",
            "200 + 150 + 90 + 60 = 500, outside 420-450",
        ),
    ],
    "compound-number-words-in-a-gap": [
        (
            "year_gap",
            "The paper first called for the tunnel in 1990. Thirty-five years "
            "later, in 2020, it is still waiting.",
            "The paper first called for the tunnel in 1985. Thirty-five years "
            "later, in 2020, it is still waiting.",
            "2020 - 1990 = 30 ≠ 35",
        ),
    ],
    "multiplier-against-a-marked-pair": [
        (
            "multiplier",
            "The coin opened the month at $40. By Friday it had doubled, to $60.",
            "The coin opened the month at $40. By Friday it had doubled, to $80.",
            "60 / 40 = 1.50",
        ),
        (
            "multiplier",
            "Membership has tripled since 2016. The club had 50 members in 2016. "
            "Today it has 100.",
            "Membership has tripled since 2016. The club had 50 members in 2016. "
            "Today it has 150.",
            "100 / 50 = 2.00 ≠ 3",
        ),
        (
            "multiplier",
            "The mill produced 900 tonnes in 2021. Last year output fell by a "
            "third, to 750 tonnes.",
            "The mill produced 900 tonnes in 2021. Last year output fell by a "
            "third, to 600 tonnes.",
            "750 / 900 = 0.83",
        ),
    ],
    "direction-of-a-change-stated-apart": [
        (
            "change_direction",
            "Revenue was $3.4 billion last year. This year it fell to $3.9 "
            "billion, the group said.",
            "Revenue was $3.4 billion last year. This year it rose to $3.9 "
            "billion, the group said.",
            "is a rise, but the text says 'fell'",
        ),
        (
            "change_direction",
            "Inflation eased to 5.2 per cent in June. A year earlier it had "
            "stood at 4.1 per cent.",
            "Inflation eased to 5.2 per cent in June. A year earlier it had "
            "stood at 6.1 per cent.",
            "is a rise, but the text says 'eased'",
        ),
        (
            "change_direction",
            "The hamlet had 400 residents in 1960. Since then it has shrunk "
            "steadily. Today 520 people live there.",
            "The hamlet had 400 residents in 1960. Since then it has shrunk "
            "steadily. Today 320 people live there.",
            "400 → 520 is a rise",
        ),
    ],
    "dates-read-by-more-cues": [
        (
            "date_order",
            "Ms Okafor joined the board in 2012. She left in 2009 to run a charity.",
            "Ms Okafor joined the board in 2012. She left in 2019 to run a charity.",
            "ends in 2009, before it starts in 2012",
        ),
        (
            "duration",
            "The survey tracked 3,000 farms from 1980 to 2010, a span of 25 years.",
            "The survey tracked 3,000 farms from 1980 to 2010, a span of 30 years.",
            "2010 - 1980 = 30.00 years ≠ 25",
        ),
        (
            "duration",
            "She ran the choir between 1990 and 2004. During those ten years it "
            "toured twice.",
            "She ran the choir between 1994 and 2004. During those ten years it "
            "toured twice.",
            "2004 - 1990 = 14.00 years ≠ 10",
        ),
        (
            "duration",
            "The blockade, from 1941 to 1945, lasted nearly two years.",
            "The blockade, from 1941 to 1943, lasted nearly two years.",
            "1945 - 1941 = 4.00 years ≠ 2",
        ),
        (
            "duration",
            "The team won its first cup in 1961 and did not win another until "
            "1990, a wait of 19 years.",
            "The team won its first cup in 1971 and did not win another until "
            "1990, a wait of 19 years.",
            "1990 - 1961 = 29.00 years ≠ 19",
        ),
        (
            "year_gap",
            "The abbey was begun in 1150. It was not completed until 1390, more "
            "than three centuries later.",
            "The abbey was begun in 1050. It was not completed until 1390, more "
            "than three centuries later.",
            "1390 - 1150 = 240 ≠ 300",
        ),
        (
            "year_gap",
            "The hospice marked its 40th anniversary in 2021. It was founded in "
            "1976 by local doctors.",
            "The hospice marked its 40th anniversary in 2021. It was founded in "
            "1981 by local doctors.",
            "2021 - 1976 = 45 ≠ 40",
        ),
    ],
    "conversions-of-more-units": [
        (
            "conversion",
            "Gusts reached 100 km/h (30 mph) overnight.",
            "Gusts reached 100 km/h (62 mph) overnight.",
            "30 / 100 = 0.3 mph per kmh",
        ),
        (
            "conversion",
            "The bell weighs 3 tonnes (660 lb).",
            "The bell weighs 3 tonnes (6,600 lb).",
            "660 / 3 = 220 lb per t",
        ),
        (
            "conversion",
            "The lake holds 5 million cubic metres (17 million cubic feet).",
            "The lake holds 5 million cubic metres (177 million cubic feet).",
            "ft3 per m3",
        ),
        (
            "conversion",
            "The track is 100 yards (200 metres) long.",
            "The track is 100 yards (91 metres) long.",
            "200 / 100 = 2 m per yd",
        ),
    ],
    "fractions-said-in-more-ways": [
        (
            "fraction",
            "One in four of the city's 8,000 nurses, about 1,200 people, signed "
            "the letter.",
            "One in four of the city's 8,000 nurses, about 2,000 people, signed "
            "the letter.",
            "1200 / 8000 = 0.15 ≠ 0.25",
        ),
        (
            "fraction",
            "The firm employs 4,000 people. It will cut 10% of its staff, or 600 jobs.",
            "The firm employs 4,000 people. It will cut 10% of its staff, or 400 jobs.",
            "600 / 4000 = 0.15 ≠ 0.10",
        ),
        (
            "fraction",
            "Of the town's 500 shops, one in five, about 60, have closed.",
            "Of the town's 500 shops, one in five, about 100, have closed.",
            "60 / 500 = 0.12 ≠ 0.20",
        ),
    ],
    "share-of-a-part-stated-apart": [
        (
            "part_percent",
            "The plan was backed by 30 of the 40 governors. Its author hailed "
            "the 85% majority.",
            "The plan was backed by 30 of the 40 governors. Its author hailed "
            "the 75% majority.",
            "30 / 40 = 75.0% ≠ 85%",
        ),
        (
            "part_percent",
            "She sank 12 of her 16 free throws, a 60% success rate.",
            "She sank 12 of her 16 free throws, a 75% success rate.",
            "12 / 16 = 75.0% ≠ 60%",
        ),
        (
            "part_percent",
            "Only 9 of the museum's 60 guides are over 70. That is 25 per cent.",
            "Only 9 of the museum's 60 guides are over 70. That is 15 per cent.",
            "9 / 60 = 15.0% ≠ 25%",
        ),
    ],
    "amount-against-a-base-after-from-or-than": [
        (
            "absolute_change",
            "The pound closed at $1.27, down 5 cents from $1.30 a week ago.",
            "The pound closed at $1.27, down 3 cents from $1.30 a week ago.",
            "|1.27 - 1.3| = 0.03 ≠ 0.05",
        ),
        (
            "absolute_change",
            "The school has 9,800 pupils this year. That is up 900 from 9,100 "
            "last year.",
            "The school has 9,800 pupils this year. That is up 700 from 9,100 "
            "last year.",
            "|9800 - 9100| = 700 ≠ 900",
        ),
        (
            "absolute_change",
            "The toll rose to 310 on Monday. That is 25 more than the 295 "
            "reported on Sunday.",
            "The toll rose to 310 on Monday. That is 15 more than the 295 "
            "reported on Sunday.",
            "|310 - 295| = 15 ≠ 25",
        ),
    ],
    "totals-read-more-ways": [
        (
            "total",
            "The two clinics saw 2,350 and 1,170 patients. That is 3,620 "
            "patients combined.",
            "The two clinics saw 2,350 and 1,170 patients. That is 3,520 "
            "patients combined.",
            "2350 + 1170 = 3520, not 3620",
        ),
        (
            "total",
            "The count found 2,100 ducks in total: 900 mallards, 700 teal and "
            "600 wigeon.",
            "The count found 2,200 ducks in total: 900 mallards, 700 teal and "
            "600 wigeon.",
            "900 + 700 + 600 = 2200, not 2100",
        ),
        (
            "total",
            "In 30 games the side won 16, drew 8 and lost 9.",
            "In 30 games the side won 16, drew 8 and lost 6.",
            "16 + 8 + 9 = 33, more than 30",
        ),
        (
            "total",
            "The fund gave $14 million to schools, $9 million to clinics and $5 "
            "million to parks, a total of $30 million.",
            "The fund gave $14 million to schools, $9 million to clinics and $5 "
            "million to parks, a total of $28 million.",
            "$14m + $9m + $5m = $28m, not $30m",
        ),
    ],
    "increments-by-verbs-of-gaining": [
        (
            "sum",
            "The clinic hired 12 nurses in May, bringing its staff to 60 from 45.",
            "The clinic hired 15 nurses in May, bringing its staff to 60 from 45.",
            "45 + 12 = 57",
        ),
        (
            "sum",
            "The archive had 4,300 maps last year. It added 900, for a total of "
            "5,600 sheets.",
            "The archive had 4,300 maps last year. It added 900, for a total of "
            "5,200 sheets.",
            "4300 + 900 = 5200",
        ),
        (
            "sum",
            "The airline is adding 12 jets, taking its fleet to 80 from 60.",
            "The airline is adding 20 jets, taking its fleet to 80 from 60.",
            "60 + 12 = 72",
        ),
    ],
    "multiples-of-figures-around-them": [
        (
            "times",
            "The firm's profit of $20 million is five times what it earned a "
            "year ago, when it made $5 million.",
            "The firm's profit of $25 million is five times what it earned a "
            "year ago, when it made $5 million.",
            "20,000,000 / 5,000,000 = 4.00 ≠ 5",
        ),
        (
            "times",
            "Fares now average $90. In 2010 they averaged $30. Today's fares are "
            "four times that.",
            "Fares now average $120. In 2010 they averaged $30. Today's fares "
            "are four times that.",
            "90 / 30 = 3.00 ≠ 4",
        ),
        (
            "times",
            "The new arena cost $600 million. The old one cost $200 million. That "
            "is four times as much.",
            "The new arena cost $800 million. The old one cost $200 million. That "
            "is four times as much.",
            "600,000,000 / 200,000,000 = 3.00 ≠ 4",
        ),
        (
            "times",
            "At 900 metres, the new pier is three times the length of the old "
            "one. The old pier measured 450 metres.",
            "At 1,350 metres, the new pier is three times the length of the old "
            "one. The old pier measured 450 metres.",
            "900 / 450 = 2.00 ≠ 3",
        ),
    ],
    "change-named-in-the-next-sentence-anywhere": [
        (
            "percent_change",
            "Admissions slid from 2,000 to 1,500 last year. Doctors credit the "
            "new clinic for the 35% fall.",
            "Admissions slid from 2,000 to 1,500 last year. Doctors credit the "
            "new clinic for the 25% fall.",
            "-25.0% ≠ 35%",
        ),
        (
            "percentage_points",
            "Backing for the mayor rose to 41 per cent from 35 per cent. That "
            "gain of 9 percentage points came from older voters.",
            "Backing for the mayor rose to 41 per cent from 35 per cent. That "
            "gain of 6 percentage points came from older voters.",
            "41 - 35 = +6.0 points ≠ 9",
        ),
    ],
    "shares-to-their-written-digit": [
        (
            "percent_shares",
            "Wheat covers 64 per cent of the farm and barley 30 per cent, with "
            "oats on the remaining 8 per cent.",
            "Wheat covers 64 per cent of the farm and barley 30 per cent, with "
            "oats on the remaining 6 per cent.",
            "64 + 30 + 8 = 102, not 100",
        ),
        (
            "percent_shares",
            "The winner took 51.5% and the runner-up 40.2%. The remaining 10.3% "
            "went to others.",
            "The winner took 51.5% and the runner-up 40.2%. The remaining 8.3% "
            "went to others.",
            "51.5 + 40.2 + 10.3 = 102, not 100",
        ),
    ],
    "more-population-wholes-and-ages": [
        (
            "percent_over_100",
            "Officials said 108% of registered voters cast ballots in the district.",
            "Officials said 78% of registered voters cast ballots in the district.",
            "108% of",
        ),
        (
            "age",
            "When I first stood for office, in 1990, I was 25. I was born in 1960.",
            "When I first stood for office, in 1990, I was 30. I was born in 1960.",
            "1990 - 1960 = 30: aged 29 or 30, not 25",
        ),
    ],
    "records-read-more-ways": [
        (
            "win_loss",
            "The Hornets went 15–7 in 24 games.",
            "The Hornets went 15–9 in 24 games.",
            "15–7: 22 games, not 24",
        ),
        (
            "win_loss",
            "The Owls finished 18-12, a .650 winning percentage.",
            "The Owls finished 18-12, a .600 winning percentage.",
            "18-12: 18 / 30 = 0.600, not 0.650",
        ),
        (
            "win_loss",
            "United finished the season 19-11. They won 20 and lost 11.",
            "United finished the season 19-11. They won 19 and lost 11.",
            "the text says 20 and 11",
        ),
        (
            "win_loss",
            "The Falcons (9-5) have won four in a row to improve to 13-6.",
            "The Falcons (9-5) have won four in a row to improve to 13-5.",
            "9-5 then won four in a row: 13-5, not 13-6",
        ),
    ],
    "sums-whose-roles-are-cued-in-other-nouns": [
        (
            "sum",
            "The school had 38 teachers last year. After six hires over the "
            "summer, its teaching staff now stands at 46.",
            "The school had 38 teachers last year. After six hires over the "
            "summer, its teaching staff now stands at 44.",
            "38 + 6 = 44",
        ),
        (
            "sum",
            "The gallery already owned 40 of the artist's prints. With the 15 it "
            "bought last month, its holdings now number 58.",
            "The gallery already owned 40 of the artist's prints. With the 15 it "
            "bought last month, its holdings now number 55.",
            "40 + 15 = 55",
        ),
        (
            "sum",
            "By noon, 74 people had been pulled from the river. Crews found 9 "
            "more survivors in the afternoon, bringing the number rescued to "
            "more than 100.",
            "By noon, 74 people had been pulled from the river. Crews found 29 "
            "more survivors in the afternoon, bringing the number rescued to "
            "more than 100.",
            "74 + 9 = 83",
        ),
        (
            "sum",
            "The alliance already holds 180 seats. If the four independents "
            "join, it will have 186.",
            "The alliance already holds 180 seats. If the four independents "
            "join, it will have 184.",
            "180 + 4 = 184",
        ),
    ],
    "outcomes-up-to-the-first-other-figure": [
        (
            "total",
            "United have played 26 league games so far, winning 14, drawing 7 "
            "and losing 7, and sit three points off the top.",
            "United have played 26 league games so far, winning 14, drawing 5 "
            "and losing 7, and sit three points off the top.",
            "14 + 7 + 7 = 28, more than 26",
        ),
    ],
    "records-read-in-more-places": [
        (
            "win_loss",
            "The Hawks played 30 games in the regular season and finished 21-7.",
            "The Hawks played 30 games in the regular season and finished 21-9.",
            "21-7: 28 games, not 30",
        ),
        (
            "win_loss",
            "After 40 games the Bruins are 20-15-7, two points out of a playoff place.",
            "After 42 games the Bruins are 20-15-7, two points out of a playoff place.",
            "20-15-7: 42 games, not 40",
        ),
        (
            "win_loss",
            "The Pirates raced to an 8-2 start. Then came four straight defeats, "
            "and they now stand at 8-7.",
            "The Pirates raced to an 8-2 start. Then came four straight defeats, "
            "and they now stand at 8-6.",
            "8-2 then four straight defeats: 8-6, not 8-7",
        ),
        (
            "win_loss",
            "The Wolves won ten games and lost three this autumn. That 10-5 "
            "record was their best in a decade.",
            "The Wolves won ten games and lost five this autumn. That 10-5 "
            "record was their best in a decade.",
            "10-5: 10 won, 5 lost; the text says 10 and 3",
        ),
    ],
    "amount-by-to-and-from": [
        (
            "absolute_change",
            "The payroll dropped by £9m to £71m, down from £82m a year earlier.",
            "The payroll dropped by £11m to £71m, down from £82m a year earlier.",
            "|71,000,000 - 82,000,000| = 11,000,000 ≠ 9,000,000",
        ),
    ],
    "shares-and-rates-read-more-ways": [
        (
            "percent_shares",
            "Of the 2,000 people polled, 48 per cent said crime was the main "
            "issue. Housing was named by 31 per cent, and the remaining 16 per "
            "cent chose schools.",
            "Of the 2,000 people polled, 48 per cent said crime was the main "
            "issue. Housing was named by 31 per cent, and the remaining 21 per "
            "cent chose schools.",
            "48 + 31 + 16 = 95, not 100",
        ),
        (
            "percent_over_100",
            "Measles vaccination coverage among infants reached 130% by June, "
            "the health board said.",
            "Measles vaccination coverage among infants reached 93% by June, "
            "the health board said.",
            "130% of",
        ),
        (
            "part_percent",
            "The bank is closing 60 of its 400 branches — 25 per cent of the "
            "network — this year.",
            "The bank is closing 100 of its 400 branches — 25 per cent of the "
            "network — this year.",
            "60 / 400 = 15.0% ≠ 25%",
        ),
        (
            "part_percent",
            "Officials rejected 3,000 of the 50,000 ballots. That is about 12 percent.",
            "Officials rejected 6,000 of the 50,000 ballots. That is about 12 percent.",
            "3000 / 50,000 = 6.0% ≠ 12%",
        ),
        (
            "part_percent",
            "Of the 400 seeds sown, 300 germinated. That 85 per cent rate beat "
            "the regional average.",
            "Of the 400 seeds sown, 300 germinated. That 75 per cent rate beat "
            "the regional average.",
            "300 / 400 = 75.0% ≠ 85%",
        ),
    ],
    "multipliers-read-more-ways": [
        (
            "multiplier",
            "The ministry will send 900 more guards to the prisons. The move, "
            "which adds to the 1,800 already there, will nearly double the force.",
            "The ministry will send 1,700 more guards to the prisons. The move, "
            "which adds to the 1,800 already there, will nearly double the force.",
            "1800 + 900 = 2700; 2700 / 1800 = 1.50",
        ),
        (
            "multiplier",
            "The clinic doubled its capacity over the winter. It added 6 beds to "
            "the 15 it already had.",
            "The clinic doubled its capacity over the winter. It added 15 beds to "
            "the 15 it already had.",
            "15 + 6 = 21; 21 / 15 = 1.40",
        ),
        (
            "multiplier",
            "Ticket prices have been halved since relegation. Fans who paid £500 "
            "for a seat two years ago now pay £400.",
            "Ticket prices have been halved since relegation. Fans who paid £500 "
            "for a seat two years ago now pay £250.",
            "400 / 500 = 0.80",
        ),
    ],
    "wholes-and-parts-read-more-ways": [
        (
            "total",
            "The storm damaged 318 buildings in all: 190 homes, 90 shops and 48 "
            "schools.",
            "The storm damaged 328 buildings in all: 190 homes, 90 shops and 48 "
            "schools.",
            "190 + 90 + 48 = 328, not 318",
        ),
        (
            "total",
            "The study enrolled 500 patients across three countries. Chile "
            "recruited 190 of them, Peru 170 and Bolivia 160.",
            "The study enrolled 520 patients across three countries. Chile "
            "recruited 190 of them, Peru 170 and Bolivia 160.",
            "190 + 170 + 160 = 520",
        ),
        (
            "total",
            "The two libraries drew a combined 52,000 visitors. Central counted "
            "30,000 and Northside 12,000.",
            "The two libraries drew a combined 42,000 visitors. Central counted "
            "30,000 and Northside 12,000.",
            "30,000 + 12,000 = 42,000",
        ),
        (
            "total",
            "Nine schools in the district reported cases last week: five in the "
            "north, two in the centre and four in the south.",
            "Eleven schools in the district reported cases last week: five in "
            "the north, two in the centre and four in the south.",
            "5 + 2 + 4 = 11, not 9",
        ),
    ],
    "fractions-restated-later": [
        (
            "fraction",
            "The college admits that a quarter of its 2,400 tutors are on short "
            "contracts. That is 800 people.",
            "The college admits that a quarter of its 2,400 tutors are on short "
            "contracts. That is 600 people.",
            "800 / 2400 = 0.33 ≠ 0.25",
        ),
        (
            "fraction",
            "There are 60 nurses on the ward, and a third of them have quit since "
            "May. That is 26 people.",
            "There are 60 nurses on the ward, and a third of them have quit since "
            "May. That is 20 people.",
            "26 / 60 = 0.43 ≠ 0.33",
        ),
        (
            "fraction",
            "The review looked at 800 files. Nearly half of them, some 250, were "
            "incomplete.",
            "The review looked at 800 files. Nearly half of them, some 380, were "
            "incomplete.",
            "250 / 800 = 0.31",
        ),
    ],
    "points-stated-on-their-own": [
        (
            "percentage_points",
            "Unemployment dropped to 5.2% in June. In May it was 6.0%, so the rate "
            "fell by 1.8 percentage points in a single month.",
            "Unemployment dropped to 5.2% in June. In May it was 6.0%, so the rate "
            "fell by 0.8 percentage points in a single month.",
            "6 - 5.2 = 0.8 points ≠ 1.8",
        ),
        (
            "percentage_points",
            "The Conservatives' share slipped to 29 percent from 36 percent in "
            "March — a twelve-point fall in barely two months.",
            "The Conservatives' share slipped to 29 percent from 36 percent in "
            "March — a seven-point fall in barely two months.",
            "36 - 29 = 7.0 points ≠ 12",
        ),
        (
            "percentage_points",
            "A decade ago, 54% of people said they trusted newspapers. Today it is "
            "32%. A 12-point collapse should worry every editor.",
            "A decade ago, 54% of people said they trusted newspapers. Today it is "
            "32%. A 22-point collapse should worry every editor.",
            "54 - 32 = 22.0 points ≠ 12",
        ),
        (
            "percentage_points",
            "The poll puts Ms Ortiz ahead by 9 points, 47 percent to 42 percent, "
            "among likely voters.",
            "The poll puts Ms Ortiz ahead by 5 points, 47 percent to 42 percent, "
            "among likely voters.",
            "47 - 42 = 5.0 points ≠ 9",
        ),
    ],
    "periods-to-the-day": [
        (
            "date_order",
            "The festival will run from 14 July to 9 July, with 300 acts on six "
            "stages.",
            "The festival will run from 4 July to 9 July, with 300 acts on six stages.",
            "ends 9 July before it starts 14 July",
        ),
        (
            "date_order",
            "The curfew, in force since 20 March, was lifted on 2 March after "
            "protests eased.",
            "The curfew, in force since 20 March, was lifted on 29 March after "
            "protests eased.",
            "ends 2 March before it starts 20 March",
        ),
        (
            "date_order",
            "She chaired the board from 2018 until her resignation in 2015.",
            "She chaired the board from 2011 until her resignation in 2015.",
            "ends 2015 before it starts 2018",
        ),
        (
            "duration",
            "He coached the side for 19 years, from 1990 to 2003, winning four titles.",
            "He coached the side for 13 years, from 1990 to 2003, winning four titles.",
            "2003 - 1990 = 13 years ≠ 19 years",
        ),
        (
            "duration",
            "The 30-day strike, which began on 3 May and ended on 12 May, closed "
            "every branch.",
            "The 10-day strike, which began on 3 May and ended on 12 May, closed "
            "every branch.",
            "3 May to 12 May: 9 days ≠ 30-day",
        ),
        (
            "duration",
            "The 12-month upgrade, which began in March 2020, was completed in "
            "June 2022.",
            "The 27-month upgrade, which began in March 2020, was completed in "
            "June 2022.",
            "March 2020 to June 2022: 27 months ≠ 12-month",
        ),
        (
            "duration",
            "The 99-year lease on the hall, granted in 1950, expires in 2069.",
            "The 99-year lease on the hall, granted in 1970, expires in 2069.",
            "2069 - 1950 = 119 years ≠ 99-year",
        ),
        (
            "duration",
            "Talks started in 2016. They collapsed in 2018, after five years of "
            "negotiation.",
            "Talks started in 2013. They collapsed in 2018, after five years of "
            "negotiation.",
            "2018 - 2016 = 2 years ≠ five years",
        ),
    ],
    "a-tally-agrees-with-itself": [
        (
            "win_loss",
            "The Falcons have won 11, drawn five and lost seven of their 21 "
            "league games.",
            "The Falcons have won 11, drawn five and lost seven of their 23 "
            "league games.",
            "11 won + 5 drawn + 7 lost = 23, not 21 games",
        ),
        (
            "win_loss",
            "The side went through 19 games unbeaten, winning 12 and drawing four.",
            "The side went through 16 games unbeaten, winning 12 and drawing four.",
            "12 won + 4 drawn + 0 lost = 16, not 19 games",
        ),
        (
            "win_loss",
            "The Hawks finished the 16-game season at 12-6, a club best.",
            "The Hawks finished the 18-game season at 12-6, a club best.",
            "12-6: 18 games, not 16",
        ),
        (
            "win_loss",
            "She has won all nine of her fights, and takes a 10-0 record into "
            "Saturday's bout.",
            "She has won all nine of her fights, and takes a 9-0 record into "
            "Saturday's bout.",
            "10-0: 10 games, not 9",
        ),
        (
            "win_loss",
            "The Rams are 8-3 over their last 10 games.",
            "The Rams are 7-3 over their last 10 games.",
            "8-3: 11 games, not 10",
        ),
    ],
    "a-fraction-restated-wherever-it-stands": [
        (
            "fraction",
            "Three-quarters of the 640 farms surveyed in the spring, or 360 in "
            "all, reported losses.",
            "Three-quarters of the 640 farms surveyed in the spring, or 480 in "
            "all, reported losses.",
            "360 / 640 = 0.56 ≠ 0.75",
        ),
        (
            "fraction",
            "Forty percent of the 12,000 tenants polled across the county's four "
            "districts, or about 6,600 households, said rents had risen.",
            "Forty percent of the 12,000 tenants polled across the county's four "
            "districts, or about 4,800 households, said rents had risen.",
            "6600 / 12,000 = 0.55 ≠ 0.40",
        ),
        (
            "fraction",
            "One in four drivers — some 90,000 of the 240,000 stopped — had no "
            "valid licence.",
            "One in four drivers — some 60,000 of the 240,000 stopped — had no "
            "valid licence.",
            "90,000 / 240,000 = 0.38 ≠ 0.25",
        ),
        (
            "fraction",
            "Of the 500 pupils tested, a fifth — some 160 children — needed glasses.",
            "Of the 500 pupils tested, a fifth — some 100 children — needed glasses.",
            "160 / 500 = 0.32 ≠ 0.20",
        ),
        (
            "fraction",
            "About a third of the 1,800 inmates, who sleep in cells built for 900, "
            "are awaiting trial. That amounts to about 900 people.",
            "About a third of the 1,800 inmates, who sleep in cells built for 900, "
            "are awaiting trial. That amounts to about 600 people.",
            "900 / 1800 = 0.50 ≠ 0.33",
        ),
        (
            "fraction",
            "Roughly one in six adults in the borough smokes, a survey found, "
            "putting the number at 40,000 out of a population of about 120,000.",
            "Roughly one in six adults in the borough smokes, a survey found, "
            "putting the number at 20,000 out of a population of about 120,000.",
            "40,000 / 120,000 = 0.33 ≠ 0.17",
        ),
    ],
    "a-running-total-in-money-and-with-its-base-after": [
        (
            "sum",
            "The fund approved an additional $2.2bn, taking its lending to $7.5bn "
            "from the $4.3bn agreed last year.",
            "The fund approved an additional $3.2bn, taking its lending to $7.5bn "
            "from the $4.3bn agreed last year.",
            "4,300,000,000 + 2,200,000,000 = 6,500,000,000",
        ),
        (
            "sum",
            "Rescuers found another 21 survivors overnight, bringing the number "
            "rescued to 140. Until Monday the count had stood at 109.",
            "Rescuers found another 31 survivors overnight, bringing the number "
            "rescued to 140. Until Monday the count had stood at 109.",
            "109 + 21 = 130; 130 ≠ 140",
        ),
        (
            "sum",
            "Italy added three more medals on Sunday, taking their tally to 15. "
            "They had started the day with ten.",
            "Italy added five more medals on Sunday, taking their tally to 15. "
            "They had started the day with ten.",
            "10 + 3 = 13; 13 ≠ 15",
        ),
        (
            "sum",
            "The trust hired 310 more midwives this year, bringing its workforce "
            "to 2,900 — up from 2,490 twelve months earlier.",
            "The trust hired 410 more midwives this year, bringing its workforce "
            "to 2,900 — up from 2,490 twelve months earlier.",
            "2490 + 310 = 2800; 2800 ≠ 2900",
        ),
    ],
    "a-change-with-its-end-and-start-in-any-order": [
        (
            "absolute_change",
            "Pre-tax profit fell $120m to $380m, from $560m, the bank said.",
            "Pre-tax profit fell $180m to $380m, from $560m, the bank said.",
            "|380,000,000 - 560,000,000| = 180,000,000",
        ),
        (
            "absolute_change",
            "Attendance averaged 41,800 during this year's Five Nations games, up "
            "2,900 on last year's 40,100.",
            "Attendance averaged 41,800 during this year's Five Nations games, up "
            "1,700 on last year's 40,100.",
            "|41,800 - 40,100| = 1700",
        ),
        (
            "absolute_change",
            "The city's population grew by 3,400 over the 12 months, from 96,100 "
            "last May to 98,200.",
            "The city's population grew by 2,100 over the 12 months, from 96,100 "
            "last May to 98,200.",
            "|98,200 - 96,100| = 2100",
        ),
        (
            "percentage_points",
            "Turnout dropped 2.5 percentage points in the second round to 61.2%. A "
            "year earlier it had stood at 66.9%.",
            "Turnout dropped 5.7 percentage points in the second round to 61.2%. A "
            "year earlier it had stood at 66.9%.",
            "61.2 - 66.9 = -5.70 points",
        ),
        (
            "absolute_change",
            "The index closed down 120 points at 6,480. It had opened at 6,540.",
            "The index closed down 60 points at 6,480. It had opened at 6,540.",
            "|6480 - 6540| = 60",
        ),
        (
            "absolute_change",
            "A return ticket now costs £64 — £22 more than the £48 it cost in 2019.",
            "A return ticket now costs £64 — £16 more than the £48 it cost in 2019.",
            "|64 - 48| = 16",
        ),
    ],
    "a-multiplier-decided-by-the-pair-beside-it": [
        (
            "multiplier",
            "Bus ridership on the route has tripled. Buses now carry 5,400 "
            "passengers a day, compared with 2,700 before the lane opened.",
            "Bus ridership on the route has tripled. Buses now carry 8,100 "
            "passengers a day, compared with 2,700 before the lane opened.",
            "5400 / 2700 = 2.00",
        ),
        (
            "times",
            "The fund raised £2.8m in the spring, according to its accounts, "
            "nearly four times the £1.4m raised a year earlier.",
            "The fund raised £5.4m in the spring, according to its accounts, "
            "nearly four times the £1.4m raised a year earlier.",
            "2,800,000 / 1,400,000 = 2.00",
        ),
        (
            "times",
            "The home side now have three times as many points as the visitors, "
            "36 against 18, with nine games left.",
            "The home side now have three times as many points as the visitors, "
            "54 against 18, with nine games left.",
            "36 / 18 = 2.00",
        ),
    ],
    "a-direction-against-the-pair-set-after-it": [
        (
            "change_direction",
            "Reported burglaries increased in the year to March, to 8,100, "
            "compared with 9,300 in the previous 12 months.",
            "Reported burglaries increased in the year to March, to 9,300, "
            "compared with 8,100 in the previous 12 months.",
            "9300 → 8100 is a fall, but the text says 'increased'",
        ),
        (
            "change_direction",
            "Crowds slumped this season. The club averaged 14,200 a game, "
            "compared with 12,900 last term.",
            "Crowds slumped this season. The club averaged 12,900 a game, "
            "compared with 14,200 last term.",
            "12,900 → 14,200 is a rise, but the text says 'slumped'",
        ),
        (
            "change_direction",
            "Temperatures will climb over the weekend, with highs of 12C on "
            "Sunday after Saturday's 16C.",
            "Temperatures will climb over the weekend, with highs of 16C on "
            "Sunday after Saturday's 12C.",
            "16 → 12 is a fall, but the text says 'climb'",
        ),
    ],
    "a-whole-and-the-parts-listed-after-it": [
        (
            "total",
            "The convoy of 36 lorries that crossed on Friday — 20 carrying food, "
            "9 carrying medicine and 9 carrying fuel — was the largest yet.",
            "The convoy of 38 lorries that crossed on Friday — 20 carrying food, "
            "9 carrying medicine and 9 carrying fuel — was the largest yet.",
            "20 + 9 + 9 = 38, not 36",
        ),
        (
            "total",
            "Of the 90 seats, the ruling party won 41 and the opposition 33, with "
            "independents taking the remaining 12.",
            "Of the 90 seats, the ruling party won 41 and the opposition 33, with "
            "independents taking the remaining 16.",
            "41 + 33 + 12 = 86, not 90",
        ),
        (
            "total",
            "Police arrested 52 people, 30 of them for public order offences, 14 "
            "for assault and 11 for criminal damage.",
            "Police arrested 55 people, 30 of them for public order offences, 14 "
            "for assault and 11 for criminal damage.",
            "30 + 14 + 11 = 55, not 52",
        ),
        (
            "part_whole",
            "Of the college's 280 final-year students, 310 applied for a "
            "graduate post.",
            "Of the college's 280 final-year students, 210 applied for a "
            "graduate post.",
            "part 310 > whole 280",
        ),
        (
            "part_whole",
            "The shelter now houses 1,800 people, including 2,100 children.",
            "The shelter now houses 1,800 people, including 1,100 children.",
            "part 2100 > whole 1800",
        ),
        (
            "total",
            "The flood left 52,000 homes without power across three counties — "
            "30,000 in Clare, 15,000 in Galway and 9,000 in Mayo.",
            "The flood left 54,000 homes without power across three counties — "
            "30,000 in Clare, 15,000 in Galway and 9,000 in Mayo.",
            "30,000 + 15,000 + 9000 = 54,000, not 52,000",
        ),
        (
            "total",
            "The airline's fleet of 90 jets is made up of 52 narrowbodies, 21 "
            "widebodies and 12 turboprops.",
            "The airline's fleet of 85 jets is made up of 52 narrowbodies, 21 "
            "widebodies and 12 turboprops.",
            "52 + 21 + 12 = 85, not 90",
        ),
    ],
    "a-measure-in-two-units": [
        (
            "conversion",
            "Patients lost an average of 9 kilograms (8 pounds) over the trial.",
            "Patients lost an average of 9 kilograms (20 pounds) over the trial.",
            "9 kilograms is 2.48 × 8 pounds",
        ),
        (
            "conversion",
            "She set off on a 600-mile (300-km) walk across the country.",
            "She set off on a 600-mile (965-km) walk across the country.",
            "600-mile is 3.22 × 300-km",
        ),
        (
            "conversion",
            "The 5ft 11in (1.35 metres) striker scored twice.",
            "The 5ft 11in (1.80 metres) striker scored twice.",
            "5ft 11in is 1.34 × 1.35 metres",
        ),
        (
            "conversion",
            "The council bought a 200-hectare (60-acre) site for housing.",
            "The council bought a 200-hectare (494-acre) site for housing.",
            "200-hectare is 8.24 × 60-acre",
        ),
    ],
    "an-age-across-sentences": [
        (
            "age",
            "The poet, who was born in Leeds on 2 May 1931, died at her home on "
            "4 June 2021. She was 84.",
            "The poet, who was born in Leeds on 2 May 1931, died at her home on "
            "4 June 2021. She was 90.",
            "born 1931, 2021: 89 or 90, ≠ 84",
        ),
        (
            "age",
            "Anna Berg (1930–2022), the sculptor whose bronze stands in the square "
            "since 1975, died on Monday aged 81.",
            "Anna Berg (1930–2022), the sculptor whose bronze stands in the square "
            "since 1975, died on Monday aged 91.",
            "born 1930, 2022: 91 or 92, ≠ 81",
        ),
        (
            "age",
            "She was born in 1990 in Porto and founded the firm in 2015 at the age "
            "of 19.",
            "She was born in 1990 in Porto and founded the firm in 2015 at the age "
            "of 25.",
            "2015 - 1990 = 25: aged 24 or 25, not 19",
        ),
    ],
    "percentages-that-cannot-be": [
        (
            "percent_over_100",
            "The lender said 112% of its 1.8 million customers now bank online.",
            "The lender said 82% of its 1.8 million customers now bank online.",
            "112% of a whole is more than all of it",
        ),
        (
            "percent_over_100",
            "The tribunal's conviction rate reached 107 percent last year.",
            "The tribunal's conviction rate reached 93 percent last year.",
            "107% of a whole is more than all of it",
        ),
        (
            "percent_shares",
            "Asked about the plan, 52 percent backed it, 41 percent opposed it and "
            "15 percent were undecided.",
            "Asked about the plan, 52 percent backed it, 33 percent opposed it and "
            "15 percent were undecided.",
            "52% + 41% + 15% = 108%, more than the whole",
        ),
    ],
    "pence-and-the-nearest-cue": [
        (
            "percent_change",
            "Shares in Arlow plunged 60% to 140p on Monday, having closed at 200p "
            "on Friday.",
            "Shares in Arlow plunged 30% to 140p on Monday, having closed at 200p "
            "on Friday.",
            "(1.4 - 2) / 2 = -30.0%",
        ),
        (
            "percent_change",
            "Visitors to the Down Under festival rose 40 per cent to 660,000, up "
            "from 600,000 last year.",
            "Visitors to the Down Under festival rose 10 per cent to 660,000, up "
            "from 600,000 last year.",
            "(660,000 - 600,000) / 600,000 = +10.0%",
        ),
    ],
    "a-gap-between-the-year-before-and-the-year-after": [
        (
            "year_gap",
            "He won the seat back in 2019, six years after losing it in 2010.",
            "He won the seat back in 2019, nine years after losing it in 2010.",
            "2019 - 2010 = 9 years ≠ six years after",
        ),
        (
            "year_gap",
            "The club won the cup in 1988. Fans had to wait thirty years, until "
            "2012, for another.",
            "The club won the cup in 1988. Fans had to wait 24 years, until 2012, "
            "for another.",
            "2012 - 1988 = 24 years ≠ wait thirty years",
        ),
    ],
}
_CASES = [(rule, *case) for rule, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(
    ("rule", "check", "error", "twin", "arithmetic"),
    _CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(_CASES)],
)
def test_numbers_wording_flags_the_error_not_the_twin(
    rule: str, check: str, error: str, twin: str, arithmetic: str
) -> None:
    flags = _inconsistent(error)
    assert [c for c, _ in flags] == [check], (rule, flags)
    assert arithmetic in flags[0][1], (rule, flags)
    assert _inconsistent(twin) == [], rule


@pytest.mark.parametrize(
    "text",
    [
        # a comparison ("80,000 more deaths than …") is no increment of the
        # figure a later multiplier describes
        "There were 405,000 deaths from malaria in 2018. That is still over "
        "80,000 more deaths than we have had so far with the virus, which "
        "Africa has seen less than 3,000 deaths from. Disruption could lead to "
        "a doubling of malaria deaths this year.",
        # a running total over daily figures holds the days before them
        "New infections accelerate daily: roughly 6,000 on Thursday, 7,000 on "
        "Friday, 8,000 on Saturday and 10,000 on Monday, bringing the total to "
        "about 62,000.",
        # a head count after a sentence whose figures count days and cases
        "In the last 14 days, the country reported just 35 new cases. Overall, "
        "1,460 people have tested positive.",
        # a change of another subject in the next sentence
        "Owners registered 570,000 new cars in April, down from 1.3 million a "
        "year earlier. Sales in Italy fell 85 percent.",
        # a percentage that is a figure of the change, not its size
        "Of those tested on Monday, 8% were positive, down from 9% one day earlier.",
        "It cut the brackets to three from seven, with the top rate of 39.6 "
        "percent reduced to 35 percent.",
        # a share ("makes up 42 percent of"), and a rise to an end figure
        # whose start is not given
        "Its output rose from 380 to 500 units, which makes up 42 percent of "
        "the market.",
        "Sales jumped 27 percent to $75.5bn in March compared with last year, "
        "and the company projects its income will increase to $81bn.",
        # ranges with a comparison beside them are no from-to change
        "Seats will cost £40 to £60, up from £20 to £30 last year, double the "
        "old price.",
        # a base named but not given ("over what was reported Monday")
        "Cases crested 7,000 on Tuesday, rising to 7,046. That is a jump of 140 "
        "cases over what was reported on Monday.",
        # a bound is no figure to redo a change with
        "Requests have increased 300% since 2008, from 6,000 a year to over "
        "20,000 a year.",
        # shares of one poll are no before/after pair
        "Among Democrats, 60 percent said the debate hurt him, compared to 15 "
        "percent who said it helped and 25 percent who saw no impact.",
        # the size of another change, a range, a rate
        "The claimant count rose by 856,500 to 2.1 million, a 69% increase from March.",
        "The tours are a loss of $60,000 to $70,000, against $400,000 raised.",
        "The jobless rate surged to 14.7%. Output shrank at a 4.8% annual rate "
        "and is expected to post a 40% collapse.",
        # game scores are no records
        "The Yankees beat Boston 5-3 on Friday and won 7-2 on Saturday to "
        "improve to 40-22 on the season.",
        "They played 10 games in May. They won the first 4-1 and lost the second 2-0.",
        # ranges of shares, clock hours, a dot for thousands, an age range
        "From 70 to 85 percent of all flu deaths and 50 to 70 percent of flu "
        "admissions occur among those over 65.",
        "The city will shut down subway service from 1 to 5 a.m. daily.",
        "During the summer approximately 82 of 8.947 camps did not operate.",
        "Twenty years ago, 2.4 million of 20- to 34-year-olds lived with a parent.",
        # two figures of other things around a direction verb
        "Before the pandemic the restaurant served about 1,000 people a week. "
        "Once it closed, the staff went down to five people.",
        "As drafted, the bills call for roughly doubling the deduction, to "
        "$12,000 for individuals and $24,000 for married couples.",
        # multiples of figures the text does not give
        "A study showing exposure in 5% of people suggests 10 times the number "
        "of confirmed cases, some 355,000 against 3,000 tested.",
        "Responding to covid-19 is 500 times more expensive than prevention.",
        "The US completes 1.5 to 2 million tests a week and needs twice that.",
        # points beside percentages they do not separate: a margin of error,
        # a lead the week before, a subgroup after "while", a margin over a
        # share not given
        "The poll found Trump leading Clinton by 1 point, 44% to 43%, within "
        "the 3.86-point margin of error.",
        "Last week, the Republican edged ahead 42% to 40% after trailing her by "
        "four points the week before.",
        "Clinton still leads Sanders by 4 points, while Sanders has 50 percent "
        "support from independents to Clinton's 34 percent.",
        "With more than 75 percent of precincts reporting, he had won nearly 65 "
        "percent, a margin of 35 percentage points over his opponent.",
        "Johnson drew 9 percent while Stein polled at 1.2 percent. The best news "
        "came from Virginia, where a poll put her ahead by 10 points.",
        # a season that crosses a new year; a length of something else beside
        # a period; a degree named by its length
        "The jobs run from Oct. 1 to May 31 and pay up to $20 an hour.",
        "The programme will run from July 6 to July 31, and the firm has told "
        "students that it will still pay them for 10 weeks.",
        "The ban, in force since 12 July, was lifted on 30 July after ten days "
        "of heavy rain.",
        "The outbreak began on 6 June and was declared over on 14 August, after "
        "42 days without a new case.",
        "Wages rose 50 percent between 2016 and 2018, getting a four-year jump on the "
        "mandated minimum.",
        # a pitcher's record is no count of his starts; games still to play;
        # a game's number; wins of one kind
        "He busted through last season with a 14-9 record and a 3.41 ERA in 29 starts.",
        "A restart would not assure the last-place Sharks (29-36-5) of playing "
        "out their remaining 12 games.",
        "His 36 points in the Game 7 loss to Boston stand alongside 27 points in "
        "the Game 7 win over Detroit, though he won 12 games and lost 7 that year.",
        "Mitchell won on all three cards and is now 13-0, with nine wins by "
        "submission.",
        "Over 16 seasons he compiled a record of 187-142, winning 20 games in a "
        "season four times; he retired with 187 wins.",
        # games of another clause are not the record's
        "The Bucks ended the season 50-32, and they face a side that beat them "
        "in three of their four meetings.",
        # a count beside a fraction that is not its part: a ratio written
        # with a slash, a whole restated in another unit, a part of another
        # whole, a rate "out of every five"
        "The study found that 42% of 192 children had an infection, 7/192, or "
        "3.6%, testing positive for a cold virus.",
        "Less than 1 percent of the 10.3 million acres (4.2 million hectares) "
        "received bids.",
        "With 93% of the vote counted, the party had taken 343 of 450 seats.",
        "Bars served minors about one out of every four deliveries, while apps "
        "did so four out of every five.",
        "He claims she gave 20 percent of our uranium away; one man gave all but "
        "$4 million of the $140 million donated.",
        # a change of another thing, another clause, a figure of another kind
        "The campaign spent almost $50 million last month, nearly $12 million "
        "more than in July, including $33 million on advertising.",
        "The pier lost nearly $5.5 million, primarily because its revenue "
        "declined to $56.5 million from $65.3 million.",
        # figures beside a multiplier that are not what it compares: a recipe's
        # times and temperatures, school years written with a slash
        "Let the dough rise until doubled in size, about 1 to 1 1/2 hours. "
        "Heat 3 inches of oil to 350 degrees.",
        "Resignations for reasons of health have doubled, from 2,126 in "
        "2011/12 to 4,234 in 2017/18.",
        # a direction verb beside figures it does not move: a comparison of
        # two groups, a change's own size, a list, a chain of poll pairs, a
        # price beside a yield
        "Patients given the drug recovered four days faster. Eight percent of "
        "them died, compared to 11 percent of the placebo group.",
        "The number of graduates has increased by about 15,000, or 15%, vs. "
        "27% growth for the city overall.",
        "The staff share has grown, up by 3.3 points from 4.8% in 2011/12 to "
        "8.1% in 2017/18.",
        "His lead has grown from 63 percent to 24 percent in August to 69 "
        "percent to 23 percent this month.",
        "Senators increased the rates to 14.5 percent for cash and 7.5 percent "
        "for other assets, up from 10 percent and 8.75 percent.",
        "The note fell 2/32 in price to yield 2.3239 percent, from 2.317 "
        "percent late on Wednesday.",
        # figures after a whole that are not its parts: a bracketed list the
        # whole belongs to, an increase after a dash, clock times, a list that
        # leaves the rest unnamed, "the four of them", a day range
        "The campaign paid for rent ($1.3 million), food and events ($544,000) "
        "and payroll ($333,000).",
        "The home has 262 cases — an increase of 228 since last week — and nine "
        "deaths.",
        "Highlights: 3:50 the opening, 14:30 stocking up, 16:20 the ripple "
        "effect and 18:45 lawsuits.",
        "Of the 69 new cases, 47 came on Saturday and nine on Sunday, with the "
        "remainder from tests taken earlier.",
        "They show her three photos: one of her mother, one of the four of them "
        "together and one of the new family.",
        "Data came from 116 patients treated from March 4-24, 33 of whom were "
        "admitted.",
        # shares that are no answers to one question: symptoms, tax brackets,
        # a breakdown of the first share; a plant run above its capacity
        "Common complaints were fatigue (28%), low mood (32%), anxiety (35%) "
        "and insomnia (42%).",
        "The plan sets brackets of 12 percent, 25 percent, 35 percent and 39.6 "
        "percent.",
        "Of the calls, 65% were made by tourists — 46% from other states and 19% "
        "from abroad.",
        "The plant ran at 110% of its 1,200MW capacity through the cold snap.",
        # a gap from an event with no year of its own; "years on to"
        "She joined the agency in 2009, only three years after it was founded, "
        "and became its head in 2014.",
        "The 2019 manifesto pledged to add five years on to life expectancy by 2035.",
        # parts nested in a part, and two parts named "of them" that leave
        # others out
        "Of its 1,500 members, 1,000 voted, 600 for the deal and 400 against.",
        "Police made 85 arrests over the weekend, 40 of them for drink-driving "
        "and 25 for drugs.",
        # tennis scores are no records
        "Wawrinka went 2-0 ahead before Federer won three games in a row. "
        "Vesnina beat Kuznetsova 6-7 (6-8) 7-5 6-4.",
    ],
)
def test_numbers_wording_real_reporting_is_not_flagged(text: str) -> None:
    assert _inconsistent(text) == []
