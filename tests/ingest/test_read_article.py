"""read_article: files, HTML, stdin and the shipped example layout."""

from __future__ import annotations

import io

import pytest

from newscheck.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
)
from newscheck.ingest import read_article
from newscheck.settings import Settings

HTML = """<!DOCTYPE html><html><head><title>Storm closes harbour | Coast Times</title>
<meta property="og:site_name" content="Coast Times">
<meta name="date" content="2024-03-05"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Storm closes harbour</h1>
<p>A winter storm closed the harbour on Tuesday, the port authority said, and
ferries to the islands were cancelled for the rest of the day.</p>
<p>Forecasters expect winds of up to 90 kilometres an hour overnight, and the
coastguard asked boat owners to check their moorings before dark.</p>
<p>The harbour is expected to reopen on Thursday morning if the weather
improves, a spokesperson for the authority said in a statement.</p>
</article><footer>Share on Facebook | Tweet</footer></body></html>"""


def test_example_layout(shared):
    a = read_article(str(shared / "examples" / "iraq-troops-2014.txt"))
    assert a.title == "The US Army Returing To The Scene Of The 2003 Crime!"
    assert a.meta["numbers"] == ("0", "1775")
    assert a.body.startswith("PRESIDENT Obama is to send 1,500 more troops")
    assert "1775" not in a.body


def test_html_file(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    a = read_article(str(p))
    assert "Storm closes harbour" in a.title
    assert "winter storm closed the harbour" in a.body
    assert "Share on Facebook" not in a.body
    assert a.published == "2024-03-05"


def test_html_detected_by_content(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(HTML, encoding="utf-8")
    assert "winter storm" in read_article(str(p)).body


def test_html_without_text(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text(
        "<html><head><title>x</title></head>"
        "<body><script>var a=1;</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(EmptyInputError):
        read_article(str(p))


def test_stdin():
    a = read_article("-", stdin=io.BytesIO(b"Title\n\nBody from stdin."))
    assert (a.title, a.body) == ("Title", "Body from stdin.")


def test_stdin_too_large():
    with pytest.raises(InputTooLargeError):
        read_article(
            "-", settings=Settings(max_input_bytes=10), stdin=io.BytesIO(b"x" * 50)
        )


def test_cp1252_file_warns(tmp_path, caplog):
    p = tmp_path / "a.txt"
    p.write_bytes("T\n\nThe “quoted” café.".encode("cp1252"))
    a = read_article(str(p))
    assert a.body == "The “quoted” café."
    assert a.meta["encoding"] == "cp1252"
    assert "decoded it as cp1252" in caplog.text


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", EmptyInputError),
        (b"  \n\n", EmptyInputError),
        (b"%PDF-1.4 binary", BinaryInputError),
        (bytes(range(256)) * 4, BinaryInputError),
    ],
)
def test_bad_files(tmp_path, content, error):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(error):
        read_article(str(p))


def test_too_large_file(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 100)
    with pytest.raises(InputTooLargeError):
        read_article(str(p), settings=Settings(max_input_bytes=100))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_article(str(tmp_path))


@pytest.mark.parametrize(
    "data",
    [
        b"The mayor \xed\xa0\x80 said so.\n",
        "\ufeffThe mayor \ud800 said so.\n".encode("utf-16-le", "surrogatepass"),
    ],
)
def test_read_article_replaces_encoded_surrogates(tmp_path, data, caplog):
    want = "replaced 1 unpaired surrogate (not valid Unicode) in the body with U+FFFD"
    for source, stdin in (("-", io.BytesIO(data)), (str(tmp_path / "a.txt"), None)):
        (tmp_path / "a.txt").write_bytes(data)
        a = read_article(source, stdin=stdin)
        assert a.body == "The mayor \ufffd said so."
        assert want in a.meta["warnings"]
        assert want in caplog.text
