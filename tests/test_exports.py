"""Every public module of newscheck declares its public names in ``__all__``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import newscheck

# Alembic's environment and revision scripts: files alembic runs, not modules to
# import (env.py needs a migration context).
SCRIPTS = ("newscheck.store.migrations.env", "newscheck.store.migrations.versions")


def _public_modules() -> list[str]:
    names = ["newscheck"]
    for info in pkgutil.walk_packages(newscheck.__path__, "newscheck."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or info.name.startswith(SCRIPTS):
            continue
        names.append(info.name)
    return sorted(names)


PUBLIC_MODULES = _public_modules()


def test_the_walk_finds_the_modules():
    assert {"newscheck.analyzers.base", "newscheck.errors", "newscheck.api"} <= set(
        PUBLIC_MODULES
    )
    assert "newscheck._version" not in PUBLIC_MODULES


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_module_declares_all(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list | tuple), f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names undefined {missing}"


def _public_surface(module: ModuleType) -> list[str]:
    """The names a reader of the module sees as its own (no submodules, no
    ``from __future__`` features)."""
    return sorted(
        name
        for name, value in vars(module).items()
        if (not name.startswith("_") or name == "__version__")
        and not inspect.ismodule(value)
        and type(value).__module__ != "__future__"
    )


def test_package_exports_its_public_surface():
    assert newscheck.__all__ == _public_surface(newscheck)
