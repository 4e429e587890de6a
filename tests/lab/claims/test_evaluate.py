"""The benchmark's "variants tried" section is rendered from a results file."""

from __future__ import annotations

from newscheck_lab.claims.evaluate import markdown, tried_table

RES = {
    "model": {"config": {"C": 1.0}, "data": ["claimbuster/3xNCS"]},
    "threshold": 0.3,
    "cv": {
        "folds": 5,
        "f1_at_model_threshold": 0.77,
        "model_threshold": 0.3,
        "f1_at_0.5": 0.71,
        "average_precision": 0.86,
    },
    "test": {
        "n": 140,
        "positives": 60,
        "map": 0.64,
        "r_precision": 0.58,
        "p@10": 0.7,
        "p@30": 0.7,
    },
    "speed": {"batch": 30, "per_s_cpu": 15000.0, "per_s_wall": 14000.0},
    "machine": "test",
}
SUMMARY = [
    {
        "name": "base",
        "note": "shipped settings",
        "cv_f1": 0.7729,
        "fold_f1": [0.7728, 0.018],
        "fold_ap": [0.8594, 0.011],
        "ct_fold_ap": [0.6955, 0.05],
    },
    {
        "name": "char3-6",
        "note": "char 3-6-grams",
        "seeds": [0, 1],
        "cv_f1": 0.7745,
        "fold_f1": [0.7745, 0.013],
        "fold_ap": [0.8598, 0.011],
        "ct_fold_ap": [0.6957, 0.047],
        "d_f1": [0.0017, 0.0066],
        "d_ct_ap": [-0.0003, 0.0034],
    },
]


def test_tried_table_has_a_row_per_variant_with_paired_differences():
    lines = tried_table(SUMMARY)
    assert len(lines) == 2 + len(SUMMARY)
    base, other = lines[2], lines[3]
    assert base.startswith("| base |") and "0.7728 ± 0.0180" in base
    assert "+0.0017 ± 0.0066" in other and "-0.0003 ± 0.0034" in other
    # base has no difference to itself: its delta cells are empty
    assert base.rstrip().endswith("|  |")


def test_markdown_adds_the_section_only_with_results():
    plain = markdown(RES)
    assert "Variants tried" not in plain
    tried = {
        "script": "benchmarks/checkworthiness_variants.py",
        "seeds": [0],
        "summary": SUMMARY,
        "conclusion": ["3xNCS F1: largest gain char3-6."],
    }
    full = markdown(RES, tried)
    assert full.startswith(plain.rstrip("\n"))
    assert "## Variants tried" in full
    assert "| char3-6 | char 3-6-grams | 0, 1 | 0.7745 |" in full
    assert "| base | shipped settings | 0 | 0.7729 |" in full
    assert "- 3xNCS F1: largest gain char3-6." in full
