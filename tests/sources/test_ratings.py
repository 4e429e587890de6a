"""Combining lists, user files and the look-up order."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscheck.errors import ConfigError
from newscheck.sources.lists import read_user_file, source_key
from newscheck.sources.ratings import SourceRatings, shipped_ratings

TABLE = SourceRatings(
    {
        "example.com": [
            {"list": "baly-emnlp18", "factuality": "high", "bias": "left"},
            {"list": "baly-acl2020", "factuality": "mixed", "bias": "left"},
        ],
        "blog.example.com": [{"list": "opensources", "types": ["satire"]}],
        "paper.org/weekend": [{"list": "baly-emnlp18", "factuality": "low"}],
        "fake.net": [{"list": "opensources", "types": ["fake", "bias"]}],
    }
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("http://www.CNN.com/", "cnn.com"),
        ("https://www.theguardian.com/observer/index.html", "theguardian.com/observer"),
        ("http://www.mlive.com/grand-rapids/#/0", "mlive.com/grand-rapids"),
        ("82.221.129.208", "82.221.129.208"),
        ("nonsense", None),
    ],
)
def test_source_key(text: str, key: str | None) -> None:
    assert source_key(text) == key


def test_lookup_combines_lists_and_names_each() -> None:
    r = TABLE.lookup("https://m.example.com/a/b")
    assert r["registrable_domain"] == "example.com"
    assert r["rating"]["factuality"] == {"value": "mixed", "list": "baly-acl2020"}
    assert r["rating"]["bias"] == {"value": "left", "list": "baly-emnlp18"}
    assert len(r["rating"]["records"]) == 2
    assert r["lists"] == ["baly-acl2020", "baly-emnlp18"]
    assert r["match"] == "domain"


def test_lookup_prefers_most_specific_host() -> None:
    r = TABLE.lookup("blog.example.com/post")
    assert r["matched"] == "blog.example.com" and r["match"] == "host"
    assert r["rating"]["types"]["value"] == ["satire"]
    # another subdomain falls back to the registrable domain
    assert TABLE.lookup("news.example.com")["matched"] == "example.com"


def test_lookup_sections() -> None:
    assert TABLE.lookup("paper.org/weekend/2020/x")["match"] == "section"
    r = TABLE.lookup("paper.org/sport")
    assert r["match"] == "site-section" and "section" in r["note"]
    # a path that merely starts with the same letters is not the section
    assert TABLE.lookup("paper.org/weekender")["match"] == "site-section"


@pytest.mark.parametrize("text", ["unknown-outlet.com", "localhost", "", "1.2.3.4"])
def test_lookup_unknown_is_unrated(text: str) -> None:
    r = TABLE.lookup(text)
    assert r["rating"] == "unrated" and r["lists"] == []


def test_lookup_shortener_is_unknown_destination() -> None:
    table = TABLE.with_records([("bit.ly", {"list": "opensources", "types": ["fake"]})])
    r = table.lookup("https://bit.ly/3xyz")
    assert r["shortener"] is True and r["rating"] == "unrated"
    assert "destination is unknown" in r["note"]


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    csv = tmp_path / "my.csv"
    csv.write_text(
        "Domain,Factuality,Types,Notes\n"
        "example.com,low,,my call\n"
        "https://www.new-outlet.net/news,,reliable;local\n"
        ",,,\n",
        encoding="utf-8",
    )
    table = TABLE.with_user_file(csv)
    r = table.lookup("example.com")
    assert r["rating"]["factuality"] == {"value": "low", "list": "user"}
    assert r["rating"]["bias"]["list"] == "baly-emnlp18"  # user gave no bias
    assert "user" in r["lists"]
    r = table.lookup("new-outlet.net/news/story")
    assert r["rating"]["types"] == {"value": ["reliable", "local"], "list": "user"}
    assert TABLE.lookup("example.com")["rating"]["factuality"]["list"] != "user"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("site,factuality\nx.com,high\n", "'domain' column"),
        ("domain,factuality\nnot a domain,high\n", "line 2"),
        ("domain,notes\nx.com,hello\n", "give factuality"),
        ("", "empty"),
    ],
)
def test_user_file_errors(tmp_path: Path, content: str, message: str) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_user_file(csv)


def test_user_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read_user_file(tmp_path / "absent.csv")


def test_shipped_table_has_every_list() -> None:
    table = shipped_ratings()
    assert set(table.lists) >= {"opensources", "baly-emnlp18", "baly-acl2020"}
    assert len(table) > 1500
    r = table.lookup("https://www.cnn.com/2020/politics/story.html")
    assert r["rating"]["factuality"]["value"] in {"low", "mixed", "high"}
    assert {rec["list"] for rec in r["rating"]["records"]} <= set(table.lists)
