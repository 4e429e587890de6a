"""Measure the shipped check-worthiness model; write benchmarks/checkworthiness.md.

Usage: ``.venv/bin/python benchmarks/checkworthiness.py [--model DIR]``

Needs ../shared/datasets. The test splits (CheckThat 2024 / 2019 / 2020 Task 1
English) are read here only, never by training. The "before" column comes from
``benchmarks/checkworthiness_before.json``: the same measures of the previously
shipped model (which the current code no longer loads: its cues differ),
measured with that model's code; ``--before-speed-json`` replaces its analyzer
speed by one measured in the same session as this run. The "variants tried"
section comes from ``benchmarks/checkworthiness_variants.json`` (the previous
model's study).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newscheck.claims.model import DEFAULT_MODEL_DIR
from newscheck_lab.claims.evaluate import markdown, run

OUT = Path(__file__).with_suffix(".md")
#: Results of benchmarks/checkworthiness_variants.py (the "tried" section).
TRIED = Path(__file__).with_name("checkworthiness_variants.json")
#: The measures of the previously shipped model (the "before" column).
BEFORE = Path(__file__).with_name("checkworthiness_before.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument(
        "--before-speed-json",
        type=Path,
        default=None,
        help="A JSON file with the previous model's analyzer speed measured in "
        "this session (replaces the stored one).",
    )
    args = ap.parse_args()
    tried = json.loads(TRIED.read_text()) if TRIED.exists() else None
    res = run(model_dir=args.model)
    if BEFORE.exists():
        res["before"] = json.loads(BEFORE.read_text())
        if args.before_speed_json:
            res["before"]["speed"] = json.loads(args.before_speed_json.read_text())
    table = markdown(res, tried)
    OUT.write_text(table)
    print(table)


if __name__ == "__main__":
    main()
