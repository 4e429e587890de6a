"""Quantities in news text and the arithmetic between them.

:func:`extract_quantities` finds and normalises every figure; :func:`find_relations`
checks the article's figures against each other (sums, multipliers, shares of a
whole, date order) and shows the arithmetic.
"""

from newscheck.numbers.extract import (
    Quantity,
    extract_durations,
    extract_quantities,
    noun_key,
    parse_number,
)

__all__ = [
    "Quantity",
    "extract_durations",
    "extract_quantities",
    "noun_key",
    "parse_number",
]
