"""The analyzer registry.

Built-in analyzers register themselves with :func:`register` when their module is
imported; other packages add analyzers through the ``newscheck.analyzers``
entry-point group. :func:`create` builds one by name.

Examples
--------
>>> "style" in available()
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, TypeVar

from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.errors import ConfigError

__all__ = ["Analysis", "Analyzer", "available", "create", "get", "register"]

_REGISTRY: dict[str, type[Analyzer]] = {}
_loaded = False

#: The analyzers that ship with newscheck: name -> module. A built-in name is
#: resolved by importing its module alone (a run of one analyzer does not load
#: the others); other names are looked up among all of them and the plugins.
BUILTIN_MODULES: dict[str, str] = {
    name: f"newscheck.analyzers.{name}"
    for name in ("reliability", "propaganda", "claims", "source", "numbers", "style")
}

A = TypeVar("A", bound=type[Analyzer])


def register(name: str) -> Callable[[A], A]:
    """Class decorator: register an analyzer class under *name*."""

    def deco(cls: A) -> A:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def _import(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:  # a real import error inside the module
            raise


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES.values():
        _import(module)
    for ep in entry_points(group="newscheck.analyzers"):
        ep.load()


def available() -> list[str]:
    """Names of all registered analyzers."""
    _load()
    return sorted(_REGISTRY)


def get(name: str) -> type[Analyzer]:
    """The analyzer class registered as *name*."""
    if name in BUILTIN_MODULES and name not in _REGISTRY:
        _import(BUILTIN_MODULES[name])
    if name not in _REGISTRY:
        _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown analyzer {name!r}; available: {', '.join(available())}"
        ) from None


def create(name: str, **params: Any) -> Analyzer:
    """Build the analyzer *name* with its shipped trained state."""
    return get(name).load(**params)
