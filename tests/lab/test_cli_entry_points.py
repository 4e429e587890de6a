"""The laboratory's commands reach ``newscheck`` through entry points."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint

import click
from click.testing import CliRunner

from newscheck.cli import main
from newscheck.cli.app import INSTALL_HINT, PluginGroup, attach_commands


def test_train_and_evaluate_list_the_lab_commands() -> None:
    out = CliRunner().invoke(main, ["train", "--help"]).output
    for name in ("claims", "factcheck", "propaganda", "reliability"):
        assert f"  {name} " in out
    out = CliRunner().invoke(main, ["evaluate", "--help"]).output
    for name in ("claims", "propaganda", "reliability"):
        assert f"  {name} " in out
    assert "  build " in CliRunner().invoke(main, ["factcheck", "--help"]).output


def test_a_command_that_cannot_import_leaves_the_install_hint() -> None:
    group = PluginGroup("extra")
    main.add_command(group, "extra-for-test")
    try:
        ep = EntryPoint(
            name="extra-for-test.x", value="no_such_module:cmd", group="test"
        )
        assert attach_commands([ep]) == ["extra-for-test.x"]
        assert group.hint == INSTALL_HINT
        res = CliRunner().invoke(main, ["extra-for-test", "x"])
        assert res.exit_code == 2 and "pip install 'newscheck[train]'" in res.output
    finally:
        main.commands.pop("extra-for-test")
    assert isinstance(main.commands["train"], click.Group)


def test_without_the_train_extra_train_help_prints_the_hint() -> None:
    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from newscheck.cli import main\n"
        "main(['train', '--help'])\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "pip install 'newscheck[train]'" in res.stdout
    assert "reliability" not in res.stdout.split("Commands:")[-1]
