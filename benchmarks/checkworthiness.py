"""Measure the shipped check-worthiness model; write benchmarks/checkworthiness.md.

Usage: ``.venv/bin/python benchmarks/checkworthiness.py [--model DIR]``

Needs scikit-learn (for the cross-validation) and ../shared/datasets. The
CheckThat 2020 Task 1 English test split is read here only, never by training.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from newscheck.claims.evaluate import markdown, run
from newscheck.claims.model import DEFAULT_MODEL_DIR, ClaimModel

OUT = Path(__file__).with_suffix(".md")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    args = ap.parse_args()
    table = markdown(run(ClaimModel.load(args.model)))
    OUT.write_text(table)
    print(table)


if __name__ == "__main__":
    main()
