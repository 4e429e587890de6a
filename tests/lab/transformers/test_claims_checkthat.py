"""``--data checkthat`` of the check-worthiness fine-tuning script (no torch)."""

from __future__ import annotations

import numpy as np
import pytest

from newscheck_lab.transformers import claims as ft


def test_checkthat_data_needs_the_number_of_trained_layers(capsys):
    with pytest.raises(SystemExit) as exc:
        ft.main(["--data", "checkthat"])
    assert exc.value.code == 2
    assert "--data checkthat needs --train-layers" in capsys.readouterr().err


def test_train_rows_reweigh_or_drop_the_2019_lines_only():
    parts = {"train": (0, 4), "dev": (4, 6), "dev-test": (6, 7)}
    sources = [
        "checkthat2024/task1/train",
        "checkthat2019/task1/train",
        "checkthat2020/task1/train",
        "checkthat2019/task1/train",
    ]
    w = np.array([1.0, 0.3, 3.0, 0.3, 0.0, 0.0, 0.0])
    rows, w1 = ft.train_rows(w, sources, parts, 1.0)
    assert rows.tolist() == [0, 1, 2, 3]
    assert w1[:4].tolist() == [1.0, 1.0, 3.0, 1.0]
    rows, w0 = ft.train_rows(w, sources, parts, 0.0)
    assert rows.tolist() == [0, 2]  # dev and dev-test rows never train
    assert w0[4:].tolist() == [0.0, 0.0, 0.0]
    assert w[1] == pytest.approx(0.3)  # the input is left as it was


@pytest.mark.shared
def test_checkthat_data_keeps_dev_and_test_sentences_out_of_training(shared):
    from newscheck_lab.datasets import claims as cdata

    texts, labels, weights, parts, sources = ft.load_checkthat_data()
    a, b = parts["train"]
    assert (a, parts["dev"][1]) == (0, parts["dev-test"][0])
    assert parts["dev-test"][1] == len(texts) == len(labels) == len(weights)
    assert len(sources) == b
    assert np.all(weights[:b] > 0) and np.all(weights[b:] == 0)
    held = {
        cdata.norm_text(t)
        for d in (
            cdata.load_checkthat2024("dev"),
            cdata.load_checkthat2024("dev-test"),
            cdata.load_checkthat2024("test"),
            cdata.load_checkthat2019("test"),
            cdata.load_checkthat_task1("test"),
        )
        for t in d.texts
    }
    assert not held & {cdata.norm_text(t) for t in texts[:b]}
    assert sum(s.startswith("checkthat2024") for s in sources) > 20000


def _bench():
    """``benchmarks/checkworthiness_transformers.py`` (not a package)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).parents[3] / "benchmarks" / "checkworthiness_transformers.py"
    spec = importlib.util.spec_from_file_location("_bench_cw_transformers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_paired_bootstrap_tells_a_better_ranking_from_a_tie():
    pytest.importorskip("sklearn")
    bench = _bench()
    rng = np.random.default_rng(1)
    y = np.array([1, 0] * 50)
    good = y + rng.normal(0, 0.3, len(y))
    noisy = y + rng.normal(0, 1.5, len(y))
    same = bench.paired_bootstrap(y, good, good, 0.5, 0.5, n=200)
    assert same["ap_lo"] == same["ap_hi"] == 0.0 and same["ap_pos"] == 0.0
    better = bench.paired_bootstrap(y, good, noisy, 0.5, 0.5, n=200)
    assert better["ap_lo"] > 0 and better["f1_lo"] > 0 and better["ap_pos"] == 1.0


def test_full_benchmark_run_keeps_the_checkthat_section(tmp_path, monkeypatch):
    bench = _bench()
    out = tmp_path / "bench.md"
    section = bench.CHECKTHAT_HEADING + "\n\nrows of the fine-tuned model\n"
    out.write_text("# old table\n\n" + section + "\n## Later\n\nkept\n")
    monkeypatch.setattr(bench, "OUT", out)
    new = bench._with_section("# new table\n\n## Speed\n\nfast\n", None)
    assert new.startswith("# new table")
    assert "rows of the fine-tuned model" in new and "fast" in new
    replaced = bench._with_section(
        out.read_text(), bench.CHECKTHAT_HEADING + "\n\nv2\n"
    )
    assert "v2" in replaced and "rows of the fine-tuned model" not in replaced
    assert replaced.rstrip().endswith("kept")
