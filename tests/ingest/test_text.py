"""Decoding and the plain-text layout."""

from __future__ import annotations

import pytest

from newscheck.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from newscheck.ingest.text import article_from_text, check_size, decode_bytes

LAYOUT = "A Title Line!\n\n0\n1775\n\nFirst paragraph here.\n\nSecond one.\n"


def test_layout_title_metadata_body():
    a = article_from_text(LAYOUT)
    assert a.title == "A Title Line!"
    assert a.meta["numbers"] == ("0", "1775")
    assert a.body == "First paragraph here.\n\nSecond one."
    assert "1775" not in a.body


def test_layout_without_metadata():
    a = article_from_text("Headline\n\nBody text. More.")
    assert (a.title, a.body) == ("Headline", "Body text. More.")


def test_no_title_when_first_line_runs_on():
    a = article_from_text("One line of text.\nAnother line.\n")
    assert a.title == ""
    assert a.body == "One line of text.\nAnother line."


def test_explicit_title_keeps_all_text_as_body():
    a = article_from_text("Headline\n\nBody.", title="Given")
    assert a.title == "Given"
    assert a.body == "Headline\n\nBody."


def test_crlf_normalised():
    assert article_from_text("T\r\n\r\nBody\r\nline").body == "Body\nline"


@pytest.mark.parametrize("text", ["", "   \n\n ", "Title only\n\n"])
def test_empty_body_is_an_error(text):
    with pytest.raises(EmptyInputError):
        article_from_text(text)


def test_decode_utf8_plain():
    d = decode_bytes("café".encode())
    assert (d.text, d.encoding, d.warnings) == ("café", "utf-8", ())


def test_decode_bom_removed_with_warning():
    d = decode_bytes(b"\xef\xbb\xbfhello")
    assert d.text == "hello"
    assert d.warnings


def test_decode_cp1252_with_warning():
    d = decode_bytes("“smart” quotes – café".encode("cp1252"))
    assert d.text == "“smart” quotes – café"
    assert d.encoding == "cp1252"
    assert "not valid UTF-8" in d.warnings[0]


def test_decode_latin1_fallback():
    # 0x81 is undefined in cp1252, so only latin-1 decodes it.
    d = decode_bytes(b"caf\xe9 \x81")
    assert d.encoding == "latin-1"


def test_decode_utf16_bom():
    d = decode_bytes("hello wörld".encode("utf-16"))
    assert d.text == "hello wörld"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04rest", b"ab\x00\x00cd" * 10],
)
def test_binary_refused(data):
    with pytest.raises(BinaryInputError):
        decode_bytes(data)


def test_size_limit():
    check_size(10, 10)
    with pytest.raises(InputTooLargeError, match="over the 10-byte limit"):
        check_size(11, 10)
