"""A length, mass or area restated in brackets in another unit, checked
against the units' factor (check ``conversion``): "14 kilograms (9 pounds)",
"a 2,000-mile (800-km) bus tour", "6ft 5in (1.46 metres)", "a 300-hectare
(74-acre) site", "a 2,000 sq ft house (about 600 square metres)", "5mm (2
inches)". Flagged only where the two are more than a quarter apart, far
beyond rounding; "about" changes nothing, as a rounded conversion is still
within a few per cent. Units read two ways (the short and the long ton) are
given the factor between.
"""

from __future__ import annotations

import re

from newscheck.numbers._roles import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    _Ctx,
)
from newscheck.numbers.extract import parse_number

#: unit -> (dimension, size in metres, kilograms or square metres)
_UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in (
    ("mm millimetre millimetres millimeter millimeters", "length", 0.001),
    ("cm centimetre centimetres centimeter centimeters", "length", 0.01),
    ("m metre metres meter meters", "length", 1.0),
    ("km kilometre kilometres kilometer kilometers", "length", 1000.0),
    ("in inch inches", "length", 0.0254),
    ("ft foot feet", "length", 0.3048),
    ("yd yard yards", "length", 0.9144),
    ("mile miles mi", "length", 1609.344),
    ("mg milligram milligrams", "mass", 1e-6),
    ("g gram grams", "mass", 0.001),
    ("kg kilogram kilograms kilo kilos", "mass", 1.0),
    ("tonne tonnes t", "mass", 1000.0),
    ("ton tons", "mass", 960.0),
    ("lb lbs pound pounds", "mass", 0.45359237),
    ("oz ounce ounces", "mass", 0.028349523),
    ("stone st", "mass", 6.35029318),
    ("ha hectare hectares", "area", 10000.0),
    ("acre acres", "area", 4046.8564),
    ("sqft sq-ft", "area", 0.09290304),
    ("sqm m2", "area", 1.0),
    ("sqkm km2", "area", 1e6),
    ("sqmi", "area", 2589988.1),
):
    for _n in _names.split():
        _UNITS[_n] = (_dim, _factor)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = (
    r"(?:sq(?:uare)?\.?[\s-]*(?:ft|feet|foot|metres?|meters?|m|km|kilometres?|"
    r"kilometers?|miles?|mi)|(?:ft|feet|foot|metres?|meters?|m|km|kilometres?|"
    r"kilometers?|miles?|mi)[\s-]?(?:2|²)|"
    + "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
    + r")"
)


def _measure(p: str) -> str:
    """A measure's pattern with group names prefixed *p*: "14 kilograms",
    "2,000-mile", "6ft 5in"."""
    return (
        rf"(?P<{p}n>{_NUM})[\s-]?(?P<{p}u>{_UNIT})(?![\w])"
        rf"(?:\s+(?P<{p}n2>\d{{1,2}})[\s-]?(?P<{p}u2>in|inches|ins|oz|lb|lbs)"
        r"(?![\w]))?"
    )


_PAIR = re.compile(
    r"(?<![\w.,$£€])"
    + _measure("a")
    + r"(?:[\s-]+[a-z]+){0,2}?\s*\(\s*(?:about|around|roughly|some|nearly|almost|"
    r"approx\.?|approximately|c\.|~)?\s*" + _measure("b") + r"\s*\)",
    re.I,
)


def _unit(word: str) -> tuple[str, float] | None:
    w = re.sub(r"[\s.-]+", "", word.lower())
    if w.startswith(("sq", "square")) or w.endswith(("2", "²")):
        base = w.replace("square", "").replace("sq", "").rstrip("2²")
        lin = _UNITS.get(base)
        if lin is None or lin[0] != "length":
            return None
        return "area", lin[1] ** 2
    return _UNITS.get(w)


def _size(m: re.Match[str], p: str) -> tuple[str, float] | None:
    n = parse_number(m.group(f"{p}n"))
    u = _unit(m.group(f"{p}u"))
    if n is None or u is None:
        return None
    total = n * u[1]
    if m.group(f"{p}n2"):
        extra = parse_number(m.group(f"{p}n2"))
        u2 = _unit(m.group(f"{p}u2"))
        if extra is None or u2 is None or u2[0] != u[0]:
            return None
        total += extra * u2[1]
    return u[0], total


def _measures(ctx: _Ctx) -> list[Relation]:
    """Each measure restated in brackets, against its units' factor."""
    out: list[Relation] = []
    if "(" not in ctx.text:
        return out
    found: list[re.Match[str]] = []
    at = ctx.text.find("(")
    while at >= 0:
        # a measure and its bracket around each "(", not a scan of every position
        m = _PAIR.search(ctx.text, max(0, at - 40), min(len(ctx.text), at + 40))
        if (
            m is not None
            and m.start() <= at < m.end()
            and (not found or m.start() >= found[-1].end())
        ):
            found.append(m)
        at = ctx.text.find("(", at + 1)
    for m in found:
        a, b = _size(m, "a"), _size(m, "b")
        if a is None or b is None or a[0] != b[0] or not a[1] or not b[1]:
            continue
        if m.group("au").lower() == m.group("bu").lower():
            continue  # the same unit twice is no conversion
        ratio = a[1] / b[1]
        off = max(ratio, 1 / ratio)
        label = (
            CONSISTENT if off <= 1.12 else INCONSISTENT if off > 1.25 else UNVERIFIABLE
        )
        sym = {CONSISTENT: "≈", INCONSISTENT: "≠", UNVERIFIABLE: "?"}[label]
        first = ctx.text[m.start() : m.end("au2") if m.group("au2") else m.end("au")]
        second = ctx.text[
            m.start("bn") : m.end("bu2") if m.group("bu2") else m.end("bu")
        ]
        out.append(
            Relation(
                m.start(),
                m.end(),
                label,
                "conversion",
                f"{first} is {ratio:.2f} × {second} {sym} 1 (a {a[0]} in two units)",
                (),
                {},
            )
        )
    return out
