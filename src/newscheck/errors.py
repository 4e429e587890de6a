"""Every error newscheck raises, in one tree.

::

    NewscheckError                    exit 1, HTTP 500
    ├── InputError                    exit 2, HTTP 400  (the user's input is unusable)
    │   ├── EmptyInputError           no text left after decoding / extraction
    │   ├── BinaryInputError          the bytes are not text
    │   ├── InputTooLargeError        over ``Settings.max_input_bytes``     (HTTP 413)
    │   ├── ColumnError               a corpus lacks a required column
    │   ├── UnsupportedFormatError    a file extension newscheck cannot read/write
    │   └── FetchError                a URL could not be fetched            (HTTP 422)
    │       └── UnsafeURLError        a URL resolves to a private/loopback/metadata
    │                                 address                               (HTTP 403)
    ├── SpanError (ValueError)        a finding points outside its text
    ├── ConfigError                   a setting or option is invalid       exit 2, 400
    ├── ModelError                    a trained model is missing or corrupt
    ├── AnalyzerError                 an analyzer failed on an article
    ├── AnalysisTimeoutError          the analysis passed its deadline    exit 3, 504
    └── StoreError                    the database could not be read or written

Messages are one line a user can act on. :func:`exit_code` and :func:`http_status`
are the only places the tree is mapped to process exit codes and HTTP statuses.
"""

from __future__ import annotations

__all__ = [
    "AnalysisTimeoutError",
    "AnalyzerError",
    "BinaryInputError",
    "ColumnError",
    "ConfigError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "NewscheckError",
    "SpanError",
    "StoreError",
    "UnsafeURLError",
    "UnsupportedFormatError",
    "cli_message",
    "exit_code",
    "http_status",
    "one_line",
]


class NewscheckError(Exception):
    """Base class of every error newscheck raises on purpose.

    ``hint`` names a command-line remedy (an option or environment variable).
    The CLI prints it after the message (:func:`cli_message`); the HTTP API and
    batch error rows show the message alone, since an API user has no options
    to pass.
    """

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, *args: object, hint: str | None = None) -> None:
        super().__init__(*args)
        self.hint = hint

    def __str__(self) -> str:
        return one_line(super().__str__())


class InputError(NewscheckError):
    """The input cannot be analysed as given."""

    exit_code = 2
    http_status = 400


class EmptyInputError(InputError):
    """No text is left after decoding and extraction."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""

    http_status = 413


class ColumnError(InputError):
    """A corpus lacks a column the command needs."""


class UnsupportedFormatError(InputError):
    """A file format (by extension) that newscheck cannot read or write."""


class FetchError(InputError):
    """A URL could not be fetched (network error, bad status, wrong content)."""

    http_status = 422


class UnsafeURLError(FetchError):
    """A URL points at a private, loopback, link-local or metadata address."""

    http_status = 403


class SpanError(NewscheckError, ValueError):
    """A finding's offsets fall outside the text it points into."""


class ConfigError(NewscheckError):
    """A setting or command-line option is invalid."""

    exit_code = 2
    http_status = 400


class ModelError(NewscheckError):
    """A trained model is missing, corrupt or of an unknown version."""


class AnalyzerError(NewscheckError):
    """An analyzer failed on an article."""


class AnalysisTimeoutError(NewscheckError):
    """The analysis passed its deadline and stopped (:mod:`newscheck.deadline`)."""

    exit_code = 3
    http_status = 504


class StoreError(NewscheckError):
    """The database could not be read or written."""


def one_line(message: str) -> str:
    """Collapse *message* onto one line (errors are printed as single lines).

    A character that cannot be written as UTF-8 (a lone surrogate quoted from
    the input) is shown as its escape, so printing the message or sending it
    as JSON cannot fail."""
    text = " ".join(str(message).split())
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def cli_message(error: BaseException) -> str:
    """*error*'s one-line message for a terminal user: the message and its hint."""
    hint = getattr(error, "hint", None)
    return f"{error} ({hint})" if hint else str(error)


def exit_code(error: BaseException) -> int:
    """The process exit status for *error* (2 for bad input, 1 otherwise)."""
    if isinstance(error, NewscheckError):
        return error.exit_code
    return 1


def http_status(error: BaseException) -> int:
    """The HTTP status for *error*."""
    if isinstance(error, NewscheckError):
        return error.http_status
    return 500
