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


# --- unpaired surrogates: replaced once, where every article is built -------------

SURROGATE_WARNING = (
    "replaced 1 unpaired surrogate (not valid Unicode) in the body with U+FFFD"
)


def test_article_replaces_unpaired_surrogates_and_warns():
    from newscheck.article import Article

    a = Article(
        title="Pair \ud83d\ude00",
        body="The mayor \ud800 said so.",
        meta={"author": "x\udc00", "warnings": ["earlier"]},
    )
    assert a.title == "Pair \U0001f600"  # a pair is the character it encodes
    assert a.body == "The mayor \ufffd said so."
    assert a.meta["author"] == "x\ufffd"
    assert a.meta["warnings"] == (
        "earlier",
        SURROGATE_WARNING,
        "replaced 1 unpaired surrogate (not valid Unicode) in the metadata with U+FFFD",
    )
    assert a.sentence_texts() == ["The mayor \ufffd said so."]
    assert "warnings" not in Article(body="Café au lait.", meta={"k": "é"}).meta


def test_python_api_report_of_a_surrogate_serialises():
    import json

    from newscheck import Article, analyze
    from newscheck.settings import Settings

    report = analyze(
        Article(body="The mayor \ud800 said taxes rose 5% last year."),
        settings=Settings(analyzers=("numbers",)),
    )
    data = json.loads(report.model_dump_json())
    assert data["article"]["body"] == "The mayor \ufffd said taxes rose 5% last year."
    assert data["article"]["meta"]["warnings"] == [SURROGATE_WARNING]


def test_article_from_text_and_html_replace_surrogates():
    from newscheck.ingest import article_from_html

    a = article_from_text("The mayor \ud800 said so.")
    assert (a.body, a.meta["warnings"]) == (
        "The mayor \ufffd said so.",
        (SURROGATE_WARNING,),
    )
    para = "The mayor \ud800 said the budget would rise by a large amount this year."
    html = (
        f"<html><body><article><p>{para}</p><p>Officials agreed with the plan on "
        "Tuesday and work will start soon.</p></article></body></html>"
    )
    b = article_from_html(html)
    assert "Officials agreed" in b.body  # the parser stopped at the surrogate
    assert "\ufffd" in b.body
    assert b.meta["warnings"] == (
        "replaced 1 unpaired surrogate (not valid Unicode) in the HTML with U+FFFD",
    )


def test_encoded_surrogates_are_decoded_not_refused():
    utf16 = "\ufeffThe mayor \ud800 said so.".encode("utf-16-le", "surrogatepass")
    d = decode_bytes(utf16)
    assert (d.text, d.encoding) == ("The mayor \ud800 said so.", "utf-16")
    d = decode_bytes(b"The mayor \xed\xa0\x80 said so.")  # not cp1252 mojibake
    assert (d.text, d.encoding) == ("The mayor \ud800 said so.", "utf-8")
    assert not d.warnings
