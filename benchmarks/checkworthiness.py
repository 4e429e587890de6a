"""Measure the shipped check-worthiness model; write benchmarks/checkworthiness.md.

Usage: ``.venv/bin/python benchmarks/checkworthiness.py [--model DIR]``

Needs scikit-learn (for the cross-validation) and ../shared/datasets. The
CheckThat 2020 Task 1 English test split is read here only, never by training.
The "variants tried" section comes from ``benchmarks/checkworthiness_variants.json``
(written by ``benchmarks/checkworthiness_variants.py``, training data only).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newscheck.claims.model import DEFAULT_MODEL_DIR, ClaimModel
from newscheck_lab.claims.evaluate import markdown, run

OUT = Path(__file__).with_suffix(".md")
#: Results of benchmarks/checkworthiness_variants.py (the "tried" section).
TRIED = Path(__file__).with_name("checkworthiness_variants.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    args = ap.parse_args()
    tried = json.loads(TRIED.read_text()) if TRIED.exists() else None
    table = markdown(run(ClaimModel.load(args.model)), tried)
    OUT.write_text(table)
    print(table)


if __name__ == "__main__":
    main()
