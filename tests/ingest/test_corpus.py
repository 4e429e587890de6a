"""Corpus readers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from newscheck.errors import ColumnError, InputError, UnsupportedFormatError
from newscheck.ingest.corpus import (
    BAD_LINE,
    REPLACED,
    Columns,
    article_from_row,
    column_names,
    count_rows,
    detect_format,
    iter_chunks,
    read_frame,
)

ROWS = [
    {"id": "a1", "title": "T1", "text": "First body.", "url": "https://x.org/1"},
    {"id": "a2", "title": "T2", "text": "Second body.", "url": ""},
    {"id": "a3", "title": "T3", "text": 'Third, with "quotes",\nand a newline.'},
]


@pytest.fixture(params=["csv", "jsonl", "parquet"])
def corpus(request, tmp_path):
    path = tmp_path / f"c.{request.param}"
    frame = pd.DataFrame(ROWS)
    if request.param == "csv":
        frame.to_csv(path, index=False)
    elif request.param == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    else:
        frame.to_parquet(path)
    return path


def test_iter_chunks_all_formats(corpus):
    chunks = list(iter_chunks(corpus, chunk_size=2))
    assert [len(c) for c in chunks] == [2, 1]
    assert chunks[1][0]["text"] == 'Third, with "quotes",\nand a newline.'
    assert column_names(corpus)[:3] == ["id", "title", "text"]
    assert len(read_frame(corpus)) == 3


def test_count_rows(corpus):
    assert count_rows(corpus) in (3, None)


def test_columns_resolve_defaults_and_errors():
    cols = Columns().resolve(["id", "body", "headline", "link"], source="c")
    assert cols == Columns(text="body", title="headline", id="id", url="link")
    with pytest.raises(ColumnError, match="no text column"):
        Columns().resolve(["id", "x"], source="c.csv")
    with pytest.raises(ColumnError, match="no text column 'content'"):
        Columns(text="content").resolve(["text"], source="c.csv")


def test_article_from_row():
    cols = Columns().resolve(list(ROWS[0]), source="c")
    a = article_from_row(ROWS[0], cols, index=0, max_bytes=1000)
    assert (a.id, a.title, a.body, a.domain) == ("a1", "T1", "First body.", "x.org")
    b = article_from_row({"text": "x"}, Columns(text="text"), index=7, max_bytes=99)
    assert b.id == "7"


def test_formats():
    assert detect_format("a.CSV") == "csv"
    assert detect_format("a.jsonl.xz") == "jsonl"
    assert detect_format("a.parquet") == "parquet"
    with pytest.raises(UnsupportedFormatError):
        detect_format("a.xlsx")


def test_broken_files(tmp_path):
    p = tmp_path / "bad.parquet"
    p.write_bytes(b"not parquet at all")
    with pytest.raises(InputError):
        list(iter_chunks(p))
    j = tmp_path / "bad.jsonl"
    j.write_text('{"text": "ok"}\n{broken\n')
    with pytest.raises(InputError):
        list(iter_chunks(j))


def test_jsonl_chunks_count_rows_not_lines(tmp_path):
    # blank lines (one right at the chunk boundary) are not rows: every chunk
    # but the last holds chunk_size rows, so row i is in chunk i // chunk_size
    p = tmp_path / "gaps.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"body {i}"}) for i in range(7)]
    p.write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n\n")
    chunks = list(iter_chunks(p, chunk_size=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [r["id"] for c in chunks for r in c] == [f"r{i}" for i in range(7)]
    assert count_rows(p) == 7


def test_jsonl_rows_have_every_key_of_their_chunk(tmp_path):
    p = tmp_path / "ragged.jsonl"
    p.write_text('{"id": 1, "text": "a"}\n{"text": "b", "title": "T"}\n')
    (chunk,) = iter_chunks(p)
    assert chunk == [
        {"id": 1, "text": "a", "title": None},
        {"text": "b", "title": "T", "id": None},
    ]


def test_jsonl_big_integer_ids_stay_exact(tmp_path):
    p = tmp_path / "ids.jsonl"
    p.write_text('{"id": 12345678901234567891, "text": "a"}\n')
    (chunk,) = iter_chunks(p)
    cols = Columns().resolve(column_names(p), source="ids")
    assert article_from_row(chunk[0], cols, index=0, max_bytes=99).id == (
        "12345678901234567891"
    )


def test_jsonl_compressed_and_not_an_object(tmp_path):
    import lzma

    p = tmp_path / "c.jsonl.xz"
    with lzma.open(p, "wt", encoding="utf-8") as fh:
        fh.write('{"text": "a"}\n{"text": "b"}\n')
    assert [r["text"] for c in iter_chunks(p, chunk_size=1) for r in c] == ["a", "b"]
    q = tmp_path / "list.jsonl"
    q.write_text('{"text": "a"}\n[1, 2]\n')
    with pytest.raises(InputError, match="line 2 is a JSON list, not an object"):
        list(iter_chunks(q))


def test_jsonl_bad_lines_are_named(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "a"}\n\n{"text": oops}\n')
    why = r"line 3 is not valid JSON \(Expecting value at column 10\)"
    with pytest.raises(InputError, match=why):
        list(iter_chunks(p))


def test_jsonl_lone_surrogate_becomes_replacement_character(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"text": "broken \\ud800 pair", "tags": ["\\udc00"]}\n')
    (chunk,) = iter_chunks(p)
    assert chunk[0] == {
        "text": "broken \ufffd pair",
        "tags": ["\ufffd"],
        REPLACED: 2,
    }
    chunk[0]["text"].encode("utf-8")  # writable


def test_jsonl_bom_and_non_utf8_lines_are_read(tmp_path, caplog):
    p = tmp_path / "enc.jsonl"
    p.write_bytes(
        b'\xef\xbb\xbf{"text": "first"}\n{"text": "caf\xe9 \x93quoted\x94"}\n'
    )
    (chunk,) = iter_chunks(p)
    assert [r["text"] for r in chunk] == ["first", "café “quoted”"]
    assert "line 2 is not valid UTF-8; decoded it" in caplog.text
    assert "cp1252" in caplog.text


def test_jsonl_bad_lines_kept_as_rows_that_fail_alone(tmp_path):
    from newscheck.ingest.corpus import BAD_LINE

    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "a"}\n{"text": oops}\n\x01\x02\x9f\x03\n{"text": "b"}\n')
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        list(iter_chunks(p))
    rows = [r for c in iter_chunks(p, chunk_size=3, keep_bad_lines=True) for r in c]
    assert [r["text"] for r in rows] == ["a", None, None, "b"]
    assert "line 2 is not valid JSON" in rows[1][BAD_LINE]
    assert "binary" in rows[2][BAD_LINE]
    assert column_names(p) == ["text"]
    cols = Columns().resolve(column_names(p), source="mixed")
    with pytest.raises(InputError, match=r"^row 1: line 2 is not valid JSON"):
        article_from_row(rows[1], cols, index=1, max_bytes=99)
    assert article_from_row(rows[3], cols, index=3, max_bytes=99).body == "b"


def test_csv_bad_records_kept_as_rows_that_fail_alone(tmp_path, caplog):
    from newscheck.ingest.corpus import BAD_LINE

    p = tmp_path / "mixed.csv"
    p.write_bytes(
        b"\xef\xbb\xbfid,text\n"
        b'1,"first, quoted\nover two lines"\n'
        b"2,too,many\n"
        b"3,caf\xe9 \x93ok\x94\n"
        b"\n"
        b"4,bin\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\xff\n"
        b"5\n"
        b"6,last\n"
    )
    with pytest.raises(InputError, match="line 4 has 3 fields, the header has 2"):
        list(iter_chunks(p))
    chunks = list(iter_chunks(p, chunk_size=2, keep_bad_lines=True))
    assert [len(c) for c in chunks] == [2, 2, 2]  # blank line: not a row
    rows = [r for c in chunks for r in c]
    assert [r["id"] for r in rows] == ["1", None, "3", None, "5", "6"]
    assert rows[0]["text"] == "first, quoted\nover two lines"
    assert rows[1][BAD_LINE] == "line 4 has 3 fields, the header has 2"
    assert rows[2]["text"] == "café “ok”"
    assert "line 5 is not valid UTF-8; decoded it" in caplog.text
    assert "line 7 looks like binary data" in rows[3][BAD_LINE]
    assert rows[4]["text"] == ""  # a short record is padded, as pandas does
    assert column_names(p) == ["id", "text"]
    cols = Columns().resolve(column_names(p), source="mixed")
    with pytest.raises(InputError, match=r"^row 1: line 4 has 3 fields"):
        article_from_row(rows[1], cols, index=1, max_bytes=99)
    assert article_from_row(rows[5], cols, index=5, max_bytes=99).body == "last"


def test_csv_header_names_like_pandas(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("text,,text\na,b,c\n")
    assert column_names(p) == ["text", "Unnamed: 1", "text.1"]
    assert list(pd.read_csv(p, dtype=str).columns) == column_names(p)
    assert list(iter_chunks(p, columns=["text.1"])) == [[{"text.1": "c"}]]
    with pytest.raises(InputError, match="no column 'x'"):
        list(iter_chunks(p, columns=["x"]))
    (tmp_path / "empty.csv").write_text("")
    assert list(iter_chunks(tmp_path / "empty.csv")) == []
    (tmp_path / "png.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="header is not text"):
        list(iter_chunks(tmp_path / "png.csv"))


def _mixed_jsonl(tmp_path):
    p = tmp_path / "parts.jsonl"
    lines = [b'\xef\xbb\xbf{"id": 0, "text": "first"}']
    for i in range(1, 30):
        if i % 7 == 3:
            lines.append(b"{not json")
        elif i % 5 == 0:
            lines.append(b"")
        elif i == 11:
            lines.append(b'{"id": 11, "text": "caf\xe9"}')
        else:
            lines.append(b'{"id": %d, "text": "row %d"}' % (i, i))
    p.write_bytes(b"\n".join(lines))  # no newline after the last line
    return p


@pytest.mark.parametrize("blocksize", [1, 7, 40, 97, 10_000])
def test_jsonl_parts_read_like_the_whole_file(tmp_path, blocksize):
    from newscheck.ingest.corpus import part_lines, read_part, split_parts

    p = _mixed_jsonl(tmp_path)
    whole = [
        r for c in iter_chunks(p, chunk_size=10**6, keep_bad_lines=True) for r in c
    ]
    parts = split_parts(p, blocksize)
    assert len(parts) == -(-p.stat().st_size // blocksize)
    got, first = [], 1
    for part in parts:
        rows, lines = part_lines(part)
        chunk = read_part(part, first_line=first)
        assert len(chunk) == rows
        got += chunk
        first += lines
    assert first == 31  # 30 lines, the last without a newline
    strip = [{k: v for k, v in r.items() if v is not None} for r in got]
    assert strip == [{k: v for k, v in r.items() if v is not None} for r in whole]
    assert "line 4 is not valid JSON" in strip[3]["\x00bad line"]


def test_csv_and_compressed_files_are_one_part(tmp_path):
    from newscheck.ingest.corpus import part_lines, read_part, split_parts

    c = tmp_path / "a.csv"
    c.write_text('text\n"two\nlines"\nb\n')
    (part,) = split_parts(c, 1)
    assert part_lines(part) == (2, 0)
    assert [r["text"] for r in read_part(part)] == ["two\nlines", "b"]
    z = tmp_path / "a.jsonl.gz"
    import gzip

    z.write_bytes(gzip.compress(b'{"text": "x"}\n{"text": "y"}\n'))
    (part,) = split_parts(z, 1)
    assert [r["text"] for r in read_part(part)] == ["x", "y"]


# --- hostile input -------------------------------------------------------------


def test_jsonl_message_says_at_once(tmp_path):
    p = tmp_path / "ctl.jsonl"
    p.write_bytes(b'{"text": "a\x01b"}\n{"text": "unterminated}')
    rows = [r for c in iter_chunks(p, keep_bad_lines=True) for r in c]
    why = [r[BAD_LINE] for r in rows]
    assert why == [
        "line 1 is not valid JSON (Invalid control character at column 12)",
        "line 2 is not valid JSON (Unterminated string starting at column 10)",
    ]


def test_row_surrogates_become_a_warning_of_the_article(tmp_path, caplog):
    p = tmp_path / "s.jsonl"
    p.write_text(
        '{"id": "a", "text": "The mayor \\ud800 said so."}\n'
        '{"id": "b", "text": "Plain text."}\n'
    )
    rows = [r for c in iter_chunks(p) for r in c]
    assert "line 1 holds unpaired surrogates" in caplog.text
    first, second = (
        article_from_row(r, Columns(text="text"), index=i, max_bytes=10_000)
        for i, r in enumerate(rows)
    )
    assert first.body == "The mayor \ufffd said so."
    assert first.meta["warnings"] == (
        "replaced 1 unpaired surrogate (not valid Unicode) in the row with U+FFFD",
    )
    assert "warnings" not in second.meta
    assert column_names(p) == ["id", "text"]
    assert list(read_frame(p).columns) == ["id", "text"]


def test_csv_encoded_surrogates_are_replaced(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(b"id,text\na,The mayor \xed\xa0\x80 said so.\nb,Plain.\n")
    rows = [r for c in iter_chunks(p) for r in c]
    assert rows[0]["text"] == "The mayor \ufffd said so."
    assert rows[0][REPLACED] == 1 and rows[1][REPLACED] is None


UNCLOSED = 'id,text\na,"First row.\nb,Second.\nc,Third.\nd,Fourth.\n'


@pytest.mark.parametrize("keep_bad", [False, True])
def test_csv_quote_never_closed_is_an_error_naming_its_line(tmp_path, keep_bad):
    p = tmp_path / "u.csv"
    p.write_text(UNCLOSED)
    with pytest.raises(InputError, match="the quote opened on line 2 is never closed"):
        list(iter_chunks(p, keep_bad_lines=keep_bad))
    p.write_text('id,"text\na,b\n')  # in the header
    with pytest.raises(InputError, match="opened on line 1 is never closed"):
        list(iter_chunks(p, keep_bad_lines=keep_bad))


def test_csv_quotes_that_close_are_read(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text(
        'id,text\na,"One ""quoted"" word,\nand a break"\nb,5" screen\nc,"x"y\n'
    )
    rows = [r for c in iter_chunks(p) for r in c]
    assert [r["text"] for r in rows] == [
        'One "quoted" word,\nand a break',
        '5" screen',
        "xy",
    ]


def test_csv_quoted_field_over_the_line_limit_is_an_error(tmp_path, monkeypatch):
    from newscheck.ingest import corpus

    monkeypatch.setattr(corpus, "MAX_RECORD_LINES", 3)
    p = tmp_path / "long.csv"
    # the quote of row b is closed only by the one opening row f's field
    p.write_text('id,text\na,x\nb,"y\nc,1\nd,2\ne,3\nf,"z"\n')
    with pytest.raises(InputError, match="opened on line 3 runs over 3 lines"):
        list(iter_chunks(p, keep_bad_lines=True))
    p.write_text('id,text\na,"1\n2\n3"\n')  # three lines: read
    assert [r["text"] for c in iter_chunks(p) for r in c] == ["1\n2\n3"]
