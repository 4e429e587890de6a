"""The benchmark's "variants tried" section is rendered from a results file."""

from __future__ import annotations

from newscheck_lab.claims.evaluate import markdown, tried_table


def _measures(f1_task: float, share: float) -> dict:
    return {
        "ct24": {
            "n": 341,
            "positives": 88,
            "predicted": 60,
            "f1": 0.6,
            "predicted_task": 80,
            "f1_task": f1_task,
            "ap": 0.7,
        },
        "ct20": {"n": 140, "positives": 60, "map": 0.66},
        "ct19": {"debates": 7, "n": 7080, "positives": 136, "map": 0.14},
        "news": {
            "articles": 500,
            "sentences": 15555,
            "share": share,
            "median_article_share": share,
        },
        "speed": {"first_ms": 3.5, "second_ms": 1.7},
        "threshold": 0.6,
        "task_threshold": 0.3,
    }


RES = {
    "model": {"config": {"C": 1.0, "news_max_share": 0.4}, "data": ["x (10)"]},
    **_measures(0.65, 0.38),
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


def test_markdown_shows_before_and_after_with_targets():
    plain = markdown(RES)
    assert "| before | after |" in plain
    ct24 = next(line for line in plain.splitlines() if "2024 Task 1" in line)
    assert "≥ 0.78" in ct24 and "0.6500 (at 0.3, 80 predicted)" in ct24
    assert "**not met**" in ct24
    news = next(line for line in plain.splitlines() if "news articles" in line)
    assert news.rstrip().endswith("| met |") and "38.0%" in news
    with_before = markdown({**RES, "before": _measures(0.60, 0.51)})
    news = next(line for line in with_before.splitlines() if "news articles" in line)
    assert "51.0%" in news and "38.0%" in news
