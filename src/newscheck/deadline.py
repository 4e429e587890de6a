"""A deadline for one analysis, checked cooperatively.

Python cannot stop a thread from outside, so a timed-out analysis stops itself:
whoever starts it sets a :class:`Deadline` with :func:`limit` (in the thread
that does the work: the value lives in a context variable), and long loops call
:func:`check`, which raises :class:`~newscheck.errors.AnalysisTimeoutError` once
the deadline has passed or was cancelled. Without a deadline :func:`check` only
reads the context variable.

Examples
--------
>>> with limit(60.0):
...     check()  # well within the minute: nothing happens
>>> check()  # no deadline set
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from newscheck.errors import AnalysisTimeoutError

__all__ = ["Deadline", "check", "current", "limit"]


class Deadline:
    """A point in time (``time.monotonic``) after which work should stop.

    Parameters
    ----------
    seconds
        Time allowed from now; ``None``: no time limit, only :meth:`cancel`.
    """

    __slots__ = ("_cancelled", "at", "seconds")

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds
        self._cancelled = False

    def cancel(self) -> None:
        """Stop the work at its next :func:`check` (safe from any thread)."""
        self._cancelled = True

    @property
    def expired(self) -> bool:
        """Whether the work should stop now."""
        return self._cancelled or (self.at is not None and time.monotonic() >= self.at)

    def check(self) -> None:
        """Raise :class:`AnalysisTimeoutError` if the deadline has passed."""
        if self.expired:
            raise AnalysisTimeoutError(
                f"the analysis was stopped: it took longer than {self.seconds:g} s"
                if self.seconds is not None
                else "the analysis was cancelled"
            )


_CURRENT: ContextVar[Deadline | None] = ContextVar("newscheck_deadline", default=None)


def current() -> Deadline | None:
    """The deadline in force in this context, if any."""
    return _CURRENT.get()


def check() -> None:
    """Raise :class:`AnalysisTimeoutError` if this context's deadline has passed."""
    deadline = _CURRENT.get()
    if deadline is not None:
        deadline.check()


@contextmanager
def limit(deadline: Deadline | float | None) -> Iterator[Deadline | None]:
    """Run the block under *deadline* (a :class:`Deadline` or seconds from now).

    ``None`` runs it without one. The previous deadline is restored on exit.
    """
    if deadline is not None and not isinstance(deadline, Deadline):
        deadline = Deadline(deadline)
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)
