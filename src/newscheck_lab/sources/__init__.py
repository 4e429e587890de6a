"""Builders of the shipped source-rating table (:mod:`.build`)."""

from __future__ import annotations

__all__: list[str] = []
