"""The error tree's messages: one line, always writable, CLI hints apart."""

from __future__ import annotations

import json

from newscheck.errors import (
    FetchError,
    InputTooLargeError,
    NewscheckError,
    cli_message,
    exit_code,
    http_status,
    one_line,
)


def test_one_line_collapses_whitespace_and_escapes_lone_surrogates() -> None:
    msg = one_line("cannot fetch\n  http://example.com/\udc00 \t now")
    assert msg == "cannot fetch http://example.com/\\udc00 now"
    msg.encode("utf-8")  # writable to a terminal or a JSON body
    json.dumps({"message": msg}, ensure_ascii=False).encode("utf-8")


def test_error_str_is_one_writable_line() -> None:
    err = FetchError("cannot fetch http://x/\ud800:\ninvalid URL")
    assert "\n" not in str(err)
    str(err).encode("utf-8")


def test_hint_is_for_the_cli_only() -> None:
    err = InputTooLargeError("input is 9 bytes, over the 5-byte limit", hint="use -m")
    assert str(err) == "input is 9 bytes, over the 5-byte limit"
    assert cli_message(err) == "input is 9 bytes, over the 5-byte limit (use -m)"
    assert cli_message(NewscheckError("plain")) == "plain"
    assert (exit_code(err), http_status(err)) == (2, 413)
