"""The benchmarks and the transformer, style and source builders use only
public names of the runtime package: no ``from newscheck... import _private``
and no ``module._private`` on a runtime module they imported."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAB = REPO / "src" / "newscheck_lab"
FILES = [
    *sorted((REPO / "benchmarks").glob("*.py")),
    *sorted((LAB / "transformers").glob("*.py")),
    *sorted((LAB / "sources").glob("*.py")),
    LAB / "style.py",
]


def _is_runtime_module(name: str) -> bool:
    if name != "newscheck" and not name.startswith("newscheck."):
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: str) -> list[str]:
    """``line: name`` for each private runtime name *source* reaches."""
    tree = ast.parse(source)
    modules: set[str] = set()  # local names bound to runtime modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname and _is_runtime_module(a.name):
                    modules.add(a.asname)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module != "newscheck" and not node.module.startswith("newscheck."):
                continue
            for a in node.names:
                if _private(a.name):
                    found.append(f"{node.lineno}: {node.module}.{a.name}")
                elif _is_runtime_module(f"{node.module}.{a.name}"):
                    modules.add(a.asname or a.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_check_sees_private_uses() -> None:
    src = (
        "from newscheck.claims import features as F\n"
        "from newscheck.arrays import _hidden\n"
        "import newscheck.propaganda.transformer as T\n"
        "F.fold(1); F._fold(2); T._softmax(3); T.__name__\n"
    )
    assert private_uses(src) == [
        "2: newscheck.arrays._hidden",
        "4: F._fold",
        "4: T._softmax",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_uses_only_public_runtime_names(path: Path) -> None:
    assert private_uses(path.read_text(encoding="utf-8")) == []
