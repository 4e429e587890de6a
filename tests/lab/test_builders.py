"""The transformer trainers and the style and source builders are modules of
the lab, run with ``python -m``; their torch parts load only when training."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["newscheck_lab.transformers.claims", "newscheck_lab.transformers.propaganda"],
)
def test_transformer_trainer_runs_as_a_module(module: str) -> None:
    res = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "usage:" in res.stdout and "--out" in res.stdout


@pytest.mark.parametrize(
    "module", ["newscheck_lab.style", "newscheck_lab.sources.build"]
)
def test_builders_import_without_running(module: str) -> None:
    mod = importlib.import_module(module)
    assert callable(mod.main)


def test_the_torch_encoder_is_only_imported_by_the_trainers() -> None:
    """Importing a trainer does not import PyTorch (its encoder module does,
    and is imported inside the training functions)."""
    code = (
        "import sys, newscheck_lab.transformers.claims, "
        "newscheck_lab.transformers.propaganda; "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
