"""The runtime package stays apart from the training laboratory.

``newscheck`` never imports ``newscheck_lab`` (nor the training libraries while
it analyses an article), and its modules import one another without cycles.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
RUNTIME = SRC / "newscheck"
LAB_ONLY = ("newscheck_lab", "sklearn", "scipy", "matplotlib", "torch")

_ANALYSE = """
import json, sys
from newscheck import Article
from newscheck.pipeline import Pipeline
report = Pipeline().run(Article(title="Bridge reopens", body=(
    "Officials said the bridge will reopen in May after repairs costing "
    "$3 million. Critics call it a disgrace that will ruin the city."
)))
assert report.analyzers, "the default pipeline ran no analyzer"
print(json.dumps(sorted(m for m in sys.modules
                        if m.split(".")[0] in {prefixes})))
"""


def module_name(path: Path) -> str:
    """Dotted name of a module file under ``src``."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported (not inside a function,
    nor under ``if TYPE_CHECKING``)."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                out.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.With):
                visit(node.body)

    visit(tree.body)
    return out


def imported_names(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """Every dotted name *node* may import (``from a import b`` gives ``a`` and
    ``a.b``); relative imports resolved against *package*."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, *([node.module] if node.module else [])])
    return [base, *(f"{base}.{a.name}" for a in node.names)]


def import_graph(root: Path = RUNTIME) -> dict[str, set[str]]:
    """Module -> the modules of *root* it imports at module level."""
    files = {module_name(p): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in module_level_imports(ast.parse(path.read_text("utf-8"))):
            names = imported_names(node, package)
            if isinstance(node, ast.ImportFrom):
                subs = [n for n in names[1:] if n in files]
                edges.update(subs or [n for n in names[:1] if n in files])
            else:
                edges.update(n for n in names if n in files)
        graph[name] = edges - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of *graph* as ``[a, b, …, a]``, or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_analysing_an_article_loads_nothing_of_the_lab() -> None:
    code = _ANALYSE.replace("{prefixes}", repr(set(LAB_ONLY)))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [], f"the runtime loaded {loaded}"


def test_no_runtime_module_imports_the_lab() -> None:
    offenders = []
    for path in RUNTIME.rglob("*.py"):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = imported_names(node, package)
                if any(n.split(".")[0] == "newscheck_lab" for n in names):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == [], f"newscheck imports newscheck_lab: {offenders}"


def test_runtime_modules_import_without_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_reports_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


#: Lines above which a runtime module says in its docstring why it is one module.
LONG_MODULE = 700


def test_long_runtime_modules_say_why_they_are_one_module() -> None:
    unexplained = []
    for path in sorted((SRC / "newscheck").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") + 1 <= LONG_MODULE:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "Why one module" not in doc:
            unexplained.append(str(path.relative_to(SRC)))
    assert unexplained == []
