"""Loaders of the check-worthiness corpora (need ../shared)."""

from __future__ import annotations

import pytest

from newscheck.errors import ConfigError
from newscheck_lab.datasets.claims import load_checkthat_task1, load_claimbuster

pytestmark = pytest.mark.shared


def test_claimbuster_3xncs_counts_match_provenance(shared):
    cb = load_claimbuster("3xNCS", root=shared / "datasets" / "claimbuster")
    assert (len(cb), cb.positives) == (11056, 2764)
    assert len(cb.ids) == len(cb.texts) == len(cb.labels)
    assert set(cb.labels) == {0, 1}
    assert all(t.strip() for t in cb.texts)


@pytest.mark.parametrize(
    ("split", "n", "pos"), [("train", 672, 231), ("dev", 150, 59), ("test", 140, 60)]
)
def test_checkthat_task1_counts_match_provenance(shared, split, n, pos):
    ct = load_checkthat_task1(split, root=shared / "datasets" / "checkthat2020")
    assert (len(ct), ct.positives) == (n, pos)
    assert all(i.isdigit() for i in ct.ids)


def test_unknown_subset_is_a_config_error(shared):
    with pytest.raises(ConfigError, match="unknown ClaimBuster subset"):
        load_claimbuster("4xNCS")
    with pytest.raises(ConfigError, match="unknown CheckThat split"):
        load_checkthat_task1("validation")


def test_claimbuster_extra_never_overlaps_3xncs(shared):
    from newscheck_lab.datasets.claims import claimbuster_extra

    root = shared / "datasets" / "claimbuster"
    base = load_claimbuster("3xNCS", root=root)
    extra = claimbuster_extra("3xNCS", root=root)
    assert len(extra) > 3000
    assert not set(extra.ids) & set(base.ids)
    assert not {t.strip().lower() for t in extra.texts} & {
        t.strip().lower() for t in base.texts
    }


@pytest.mark.parametrize(
    ("split", "n", "pos"),
    [
        ("train", 22501, 5413),
        ("dev", 1032, 238),
        ("dev-test", 318, 108),
        ("test", 341, 88),
    ],
)
def test_checkthat2024_counts_match_provenance(shared, split, n, pos):
    from newscheck_lab.datasets.claims import load_checkthat2024

    ct = load_checkthat2024(split, root=shared / "datasets" / "checkthat2024_t1_en")
    assert (len(ct), ct.positives) == (n, pos)


def test_checkthat2019_lines_grouped_by_debate(shared):
    from newscheck_lab.datasets.claims import load_checkthat2019

    root = shared / "datasets" / "checkthat2019_t1_en"
    train, test = (
        load_checkthat2019("train", root=root),
        load_checkthat2019("test", root=root),
    )
    assert (len(train), train.positives, len(test), test.positives) == (
        16421,
        440,
        7080,
        136,
    )
    assert len(set(test.groups)) == 7 and not set(test.groups) & set(train.groups)
    # each debate's lines are contiguous
    seen = [g for i, g in enumerate(test.groups) if i == 0 or test.groups[i - 1] != g]
    assert len(seen) == len(set(seen))


def test_new_checkthat_unknown_split_is_a_config_error(shared):
    from newscheck_lab.datasets.claims import load_checkthat2019, load_checkthat2024

    with pytest.raises(ConfigError, match="unknown CheckThat 2024 split"):
        load_checkthat2024("validation")
    with pytest.raises(ConfigError, match="unknown CheckThat 2019 split"):
        load_checkthat2019("dev")
