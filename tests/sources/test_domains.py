"""Domain parsing: registrable domains, aliases, ports, paths, IDN, shorteners."""

from __future__ import annotations

import socket

import pytest

from newscheck.sources.domains import SHORTENERS, extractor, parse_domain


@pytest.mark.parametrize(
    ("text", "host", "registrable", "path"),
    [
        ("example.com", "example.com", "example.com", ""),
        ("WWW.Example.COM", "example.com", "example.com", ""),
        (
            "https://m.example.com/story/1?utm=x#top",
            "example.com",
            "example.com",
            "/story/1",
        ),
        ("amp.example.com/a/", "example.com", "example.com", "/a"),
        ("http://example.com:8080/path", "example.com", "example.com", "/path"),
        ("user:pw@www.example.com.:443", "example.com", "example.com", ""),
        ("https://www.bbc.co.uk/news/uk", "bbc.co.uk", "bbc.co.uk", "/news/uk"),
        ("news.bbc.co.uk", "news.bbc.co.uk", "bbc.co.uk", ""),
        ("amp.co.uk", "amp.co.uk", "amp.co.uk", ""),  # an alias label that is the name
        ("a.b.example.com.au", "a.b.example.com.au", "example.com.au", ""),
        ("bücher.de", "xn--bcher-kva.de", "xn--bcher-kva.de", ""),
        ("https://XN--BCHER-KVA.de/x", "xn--bcher-kva.de", "xn--bcher-kva.de", "/x"),
        ("blog.wordpress.com", "blog.wordpress.com", "wordpress.com", ""),
    ],
)
def test_parse_domain_parts(text: str, host: str, registrable: str, path: str) -> None:
    d = parse_domain(text)
    assert (d.host, d.registrable_domain, d.path) == (host, registrable, path)
    assert not d.shortener


def test_parse_domain_idn_unicode_form() -> None:
    assert parse_domain("https://www.bücher.de/").unicode_domain == "bücher.de"
    assert parse_domain("xn--bcher-kva.de").unicode_domain == "bücher.de"


@pytest.mark.parametrize("text", ["", "   ", "not a domain", "-bad-.com", "http://"])
def test_parse_domain_garbage_has_no_host(text: str) -> None:
    d = parse_domain(text)
    assert d.host is None and d.registrable_domain is None
    assert d.candidate_hosts() == []


@pytest.mark.parametrize("text", ["localhost", "co.uk", "http://intranet/x"])
def test_parse_domain_without_registrable_domain(text: str) -> None:
    d = parse_domain(text)
    assert d.registrable_domain is None
    assert d.candidate_hosts() == []


def test_parse_domain_ip_address() -> None:
    d = parse_domain("http://192.168.0.1:8080/x")
    assert d.is_ip and d.host == "192.168.0.1" and d.registrable_domain is None
    assert d.candidate_hosts() == ["192.168.0.1"]


@pytest.mark.parametrize(
    "text", ["bit.ly/3abc", "https://t.co/xyz", "goo.gl/a", "ow.ly/b", "tinyurl.com/c"]
)
def test_parse_domain_shorteners(text: str) -> None:
    d = parse_domain(text)
    assert d.shortener
    assert d.registrable_domain in SHORTENERS


def test_candidate_hosts_walk_up_to_registrable_domain() -> None:
    d = parse_domain("https://a.b.example.co.uk/x")
    assert d.candidate_hosts() == [
        "a.b.example.co.uk",
        "b.example.co.uk",
        "example.co.uk",
    ]


def test_extractor_never_uses_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tldextract tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    extractor.cache_clear()
    ext = extractor()
    assert ext.suffix_list_urls == ()
    assert ext("https://www.example.co.uk").top_domain_under_public_suffix == (
        "example.co.uk"
    )
