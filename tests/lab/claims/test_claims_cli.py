"""The ``train claims`` and ``evaluate claims`` commands are registered."""

from __future__ import annotations

from click.testing import CliRunner

from newscheck.cli import main


def test_train_and_evaluate_claims_have_help():
    runner = CliRunner()
    train = runner.invoke(main, ["train", "claims", "--help"])
    assert train.exit_code == 0, train.output
    assert "ClaimBuster" in train.output
    assert "--checkthat-weight" in train.output
    ev = runner.invoke(main, ["evaluate", "claims", "--help"])
    assert ev.exit_code == 0, ev.output
    assert "MAP" in ev.output


def test_evaluate_claims_rejects_missing_model_dir(tmp_path):
    result = CliRunner().invoke(
        main, ["evaluate", "claims", "--model", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
