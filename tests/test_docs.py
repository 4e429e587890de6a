"""The user documentation stays true to the code.

``docs/cli.md`` and ``docs/settings.md`` are regenerated in memory from the live
CLI and settings models and compared with the committed files; every analyzer
has a page; the README stays short and keeps the test command CI runs; local
links resolve.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' "
    "&& .venv/bin/python -m pytest -q"
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (the scripts folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"_docs_{name}", REPO / "scripts" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cli_docs() -> ModuleType:
    return _script("gen_cli_docs")


@pytest.fixture(scope="module")
def settings_docs() -> ModuleType:
    return _script("gen_settings_docs")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def _slug(heading: str) -> str:
    """The anchor a Markdown heading gets (GitHub's rule)."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    out, fenced = set(), False
    for line in _read(path).splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"#{1,6} (.*)", line)):
            out.add(_slug(m.group(1)))
    return out


def test_every_cli_command_has_a_section(cli_docs: ModuleType) -> None:
    text = _read(DOCS / "cli.md")
    headings = set(re.findall(r"^#{2,4} (newscheck.*)$", text, re.M))
    missing = [" ".join(p) for p in cli_docs.commands() if " ".join(p) not in headings]
    assert not missing, (
        f"undocumented in docs/cli.md: {missing}; run python scripts/gen_cli_docs.py"
    )


def test_cli_reference_is_current(cli_docs: ModuleType) -> None:
    assert _read(DOCS / "cli.md") == cli_docs.render(), (
        "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
    )


def test_a_new_command_makes_the_reference_stale(cli_docs: ModuleType) -> None:
    import click

    from newscheck.cli import main

    @click.command("zz-docs-probe")
    def probe() -> None:
        """A command added only by this test."""

    main.add_command(probe)
    try:
        assert ("newscheck", "zz-docs-probe") in cli_docs.commands()
        assert cli_docs.render() != _read(DOCS / "cli.md")
    finally:
        main.commands.pop("zz-docs-probe", None)


def test_every_setting_is_documented(settings_docs: ModuleType) -> None:
    text = _read(DOCS / "settings.md")
    missing = [
        f"{cls}.{name}"
        for cls, names in settings_docs.fields().items()
        for name in names
        if f"| `{name}` |" not in text
    ]
    assert not missing, (
        f"missing from docs/settings.md: {missing}; "
        "run python scripts/gen_settings_docs.py"
    )


def test_settings_reference_is_current(settings_docs: ModuleType) -> None:
    assert _read(DOCS / "settings.md") == settings_docs.render(), (
        "docs/settings.md is stale: run python scripts/gen_settings_docs.py"
    )


def test_settings_docstring_entries_are_read(settings_docs: ModuleType) -> None:
    class Example:
        """Example.

        Parameters
        ----------
        alpha
            First line
            and second line.
        beta
            Beta.

        Examples
        --------
        >>> 1
        """

    assert settings_docs.docstring_params(Example) == {
        "alpha": "First line and second line.",
        "beta": "Beta.",
    }


def test_every_analyzer_has_a_docs_page() -> None:
    from newscheck.analyzers import available

    titles = "\n".join(
        line
        for page in sorted(DOCS.glob("*.md"))
        for line in _read(page).splitlines()
        if line.startswith("#")
    )
    missing = [name for name in available() if f"`{name}`" not in titles]
    assert not missing, f"no docs page or section names the analyzer(s) {missing}"


def test_readme_is_short() -> None:
    lines = len(_read(README).splitlines())
    assert lines <= 300, f"README.md has {lines} lines (at most 300)"


def test_readme_keeps_the_test_command() -> None:
    assert TEST_COMMAND in _read(README).splitlines()


def test_readme_cites_no_tracker_numbers() -> None:
    assert not re.search(r"\bissues? #?\d", _read(README), re.I)


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_local_links_resolve(page: Path) -> None:
    broken = []
    for target in LINK.findall(_read(page)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        bad_anchor = bool(anchor) and dest.suffix == ".md"
        if not dest.exists() or (bad_anchor and anchor not in _anchors(dest)):
            broken.append(target)
    assert not broken, f"broken links in {page.relative_to(REPO)}: {broken}"


def test_every_benchmark_script_is_listed() -> None:
    listed = _read(REPO / "benchmarks" / "README.md")
    missing = [
        p.name
        for p in sorted((REPO / "benchmarks").glob("*.py"))
        if f"`{p.name}`" not in listed
    ]
    assert not missing, f"benchmarks/README.md does not list {missing}"


def test_generated_blocks_nest_under_their_heading() -> None:
    update = _script("update_readme")
    body = "Intro.\n\n## Table\n\n```bash\n# a comment\n```\n\n### Detail\n"
    assert update.nest(body, 3) == (
        "Intro.\n\n#### Table\n\n```bash\n# a comment\n```\n\n##### Detail\n"
    )
    assert update.nest(body, 1) == body


def test_docs_pages_have_one_outline() -> None:
    """No generated heading sits at or above the level of the page's sections."""
    for page in [README, *sorted(DOCS.glob("*.md"))]:
        text = _read(page)
        for block in re.finditer(r"<!-- begin:bench:.*?<!-- end:bench:", text, re.S):
            prose = re.sub(r"^```.*?^```", "", block.group(0), flags=re.S | re.M)
            top = re.findall(r"^(#{1,6}) ", prose, re.M)
            assert all(len(h) >= 3 for h in top), f"{page.name}: {top}"
