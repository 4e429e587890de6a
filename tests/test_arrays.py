import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newscheck.arrays import code_points, unique_counts


@given(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=300))
def test_unique_counts_is_numpys_unique(values: list[int]) -> None:
    x = np.array(values, dtype=np.int64)
    want = np.unique(x, return_inverse=True, return_counts=True)
    got = unique_counts(x)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(got[0][got[1]], x)


def test_unique_counts_of_one_repeated_value() -> None:
    uniq, inv, cnt = unique_counts(np.array([7, 7, 7]))
    assert uniq.tolist() == [7] and inv.tolist() == [0, 0, 0] and cnt.tolist() == [3]


@given(st.text(max_size=200))
def test_code_points_are_ords(text: str) -> None:
    assert code_points(text).tolist() == [ord(c) for c in text]


def test_code_points_keep_lone_surrogates() -> None:
    assert code_points("a\ud800b\udcff").tolist() == [97, 0xD800, 98, 0xDCFF]
