"""The ``factchecks`` table (:class:`FactCheck`), defined with the store's
tables in :mod:`newscheck.store.factchecks`."""

from __future__ import annotations

from newscheck.store.factchecks import FactCheck

__all__ = ["FactCheck"]
