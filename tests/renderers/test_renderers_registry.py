"""The format registry in newscheck.renderers."""

from __future__ import annotations

import pytest

from newscheck import renderers
from newscheck.errors import ConfigError
from newscheck.report import Report


def test_available_lists_builtins_default_first() -> None:
    assert renderers.available()[:4] == ["terminal", "json", "markdown", "html"]
    assert renderers.DEFAULT_FORMAT == "terminal"


@pytest.mark.parametrize(
    ("fmt", "ext", "mtype"),
    [
        ("terminal", ".txt", "text/plain"),
        ("json", ".json", "application/json"),
        ("markdown", ".md", "text/markdown"),
        ("html", ".html", "text/html"),
    ],
)
def test_extension_and_media_type(fmt: str, ext: str, mtype: str) -> None:
    assert renderers.extension(fmt) == ext
    assert renderers.media_type(fmt) == mtype


def test_unknown_format_is_config_error(pipeline_report: Report) -> None:
    with pytest.raises(ConfigError, match="unknown format 'pdf'; available: terminal"):
        renderers.render(pipeline_report, "pdf")


def test_default_format_is_terminal(pipeline_report: Report) -> None:
    assert renderers.render(pipeline_report) == renderers.render(
        pipeline_report, "terminal"
    )


@pytest.mark.parametrize("fmt", ["terminal", "json", "markdown", "html"])
def test_every_format_renders_pipeline_report(
    pipeline_report: Report, fmt: str
) -> None:
    text = renderers.render(pipeline_report, fmt)
    assert isinstance(text, str) and "corrupt elite" in text


def test_register_adds_a_format(
    pipeline_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(renderers, "_EXTRA", {})

    @renderers.register("count", extension=".txt")
    def _count(report: Report, *, color: bool = False) -> str:
        return str(len(report.findings))

    assert "count" in renderers.available()
    assert renderers.render(pipeline_report, "count") == str(
        len(pipeline_report.findings)
    )
    assert renderers.extension("count") == ".txt"
