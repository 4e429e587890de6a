"""Renderers: pure ``Report -> str`` functions, chosen by format name.

Built-in formats are ``terminal`` (the default; rich, ANSI colours with
``color=True``), ``json``, ``markdown`` and ``html`` (one standalone file). Each
module is imported only when its format is first used, so ``json`` never pays
for rich. Other packages add formats with :func:`register` or through the
``newscheck.renderers`` entry-point group (an entry point names a
:class:`Renderer` object).

Examples
--------
>>> available()
['terminal', 'json', 'markdown', 'html']
>>> extension("markdown")
'.md'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from newscheck.errors import ConfigError
from newscheck.report import Report
from newscheck.settings import Settings

__all__ = [
    "DEFAULT_FORMAT",
    "Renderer",
    "available",
    "extension",
    "get",
    "media_type",
    "register",
    "render",
]

RenderFunc = Callable[..., str]

#: The format ``newscheck analyze`` uses when none is given.
DEFAULT_FORMAT = "terminal"


@dataclass(frozen=True, slots=True)
class Renderer:
    """A registered output format.

    ``render(report, *, color=False) -> str`` must be pure: no I/O, no globals.
    """

    name: str
    extension: str
    media_type: str
    render: RenderFunc


# name -> (module, extension, media type); the module defines ``render``.
_BUILTIN: dict[str, tuple[str, str, str]] = {
    "terminal": ("newscheck.renderers.terminal", ".txt", "text/plain"),
    "json": ("newscheck.renderers.json_", ".json", "application/json"),
    "markdown": ("newscheck.renderers.markdown", ".md", "text/markdown"),
    "html": ("newscheck.renderers.html", ".html", "text/html"),
}
_EXTRA: dict[str, Renderer] = {}
_entry_points_loaded = False


def register(
    name: str, *, extension: str, media_type: str = "text/plain"
) -> Callable[[RenderFunc], RenderFunc]:
    """Decorator: register ``render(report, *, color=False) -> str`` as *name*."""

    def deco(func: RenderFunc) -> RenderFunc:
        _EXTRA[name] = Renderer(name, extension, media_type, func)
        return func

    return deco


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in entry_points(group="newscheck.renderers"):
        obj = ep.load()
        if isinstance(obj, Renderer):
            _EXTRA.setdefault(obj.name, obj)


def available() -> list[str]:
    """Format names: the built-ins (default first), then any added ones."""
    _load_entry_points()
    return [*_BUILTIN, *sorted(n for n in _EXTRA if n not in _BUILTIN)]


def get(fmt: str) -> Renderer:
    """The :class:`Renderer` for *fmt*; :class:`ConfigError` if unknown."""
    if fmt in _BUILTIN:
        module, ext, mtype = _BUILTIN[fmt]
        func = importlib.import_module(module).render
        return Renderer(fmt, ext, mtype, func)
    _load_entry_points()
    if fmt in _EXTRA:
        return _EXTRA[fmt]
    raise ConfigError(f"unknown format {fmt!r}; available: {', '.join(available())}")


def extension(fmt: str) -> str:
    """The usual file extension of *fmt*, with its dot (``".html"``)."""
    if fmt in _BUILTIN:
        return _BUILTIN[fmt][1]
    return get(fmt).extension


def media_type(fmt: str) -> str:
    """The MIME type of *fmt* (for the HTTP API)."""
    if fmt in _BUILTIN:
        return _BUILTIN[fmt][2]
    return get(fmt).media_type


def render(
    report: Report,
    fmt: str = DEFAULT_FORMAT,
    *,
    color: bool = False,
    settings: Settings | None = None,
) -> str:
    """Render *report* as *fmt*; *color* asks for ANSI colours where supported.

    The built-in views for people (terminal, Markdown, HTML) show only the
    findings that reach ``settings.display_min_score`` (default settings when
    *settings* is ``None``); JSON keeps every finding.
    """
    if fmt in _BUILTIN and fmt != "json" and settings is not None:
        return get(fmt).render(report, color=color, display=settings.display_min_score)
    return get(fmt).render(report, color=color)
