"""Parse a domain or URL into the parts a source rating is looked up by.

The registrable domain (``bbc.co.uk`` for ``https://www.bbc.co.uk:443/news``) comes
from tldextract with the Public Suffix List snapshot bundled in the package: the
extractor is built with no suffix-list URLs and no cache directory, so it never
touches the network or the disk.

Examples
--------
>>> d = parse_domain("https://m.News.BBC.co.uk:8080/news/uk?x=1")
>>> d.host, d.registrable_domain, d.path
('news.bbc.co.uk', 'bbc.co.uk', '/news/uk')
>>> parse_domain("bit.ly/3abc").shortener
True
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "SHORTENERS",
    "ParsedDomain",
    "extractor",
    "normalize_host",
    "parse_domain",
]

#: Registrable domains of URL shorteners: the article behind them is unknown.
SHORTENERS: frozenset[str] = frozenset(
    """bit.ly bitly.com t.co goo.gl ow.ly tinyurl.com buff.ly is.gd v.gd tiny.cc
    lnkd.in dlvr.it fb.me trib.al rebrand.ly cutt.ly shorturl.at rb.gy t.ly j.mp
    su.pr soo.gd s.id bl.ink qr.ae po.st wp.me ift.tt shar.es tr.im x.co adf.ly
    shorte.st mcaf.ee db.tt 1url.com""".split()
)

# Leftmost labels that name a rendering of the same site, not another site.
_ALIAS_LABELS = frozenset({"www", "www1", "www2", "www3", "m", "mobile", "amp"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HOSTNAME = re.compile(
    r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*"
)


@dataclass(frozen=True, slots=True)
class ParsedDomain:
    """A domain or URL, split for rating look-ups.

    Attributes
    ----------
    input
        The text that was parsed.
    host
        Lower-case ASCII (IDNA) host without port, trailing dot or the ``www.``,
        ``m.``, ``amp.`` aliases; ``None`` when the input has no host.
    registrable_domain
        The domain one level under its public suffix (``example.co.uk``);
        ``None`` for IP addresses, bare suffixes and unparsable input.
    unicode_domain
        ``registrable_domain`` in Unicode (differs only for IDN domains).
    path
        The URL path (``""`` when none was given), without query or fragment.
    is_ip
        The host is an IP address.
    shortener
        The registrable domain is a URL shortener (the destination is unknown).
    """

    input: str
    host: str | None
    registrable_domain: str | None
    unicode_domain: str | None
    path: str
    is_ip: bool = False
    shortener: bool = False

    def candidate_hosts(self) -> list[str]:
        """The host, then each parent down to the registrable domain."""
        if self.is_ip and self.host:
            return [self.host]
        if not self.host or not self.registrable_domain:
            return []
        labels = self.host.split(".")
        n = len(self.registrable_domain.split("."))
        return [".".join(labels[i:]) for i in range(len(labels) - n + 1)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "input": self.input,
            "host": self.host,
            "registrable_domain": self.registrable_domain,
            "unicode_domain": self.unicode_domain,
            "path": self.path,
            "is_ip": self.is_ip,
            "shortener": self.shortener,
        }


@lru_cache(maxsize=1)
def extractor() -> Any:
    """The shared offline ``tldextract.TLDExtract`` (bundled suffix list only)."""
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )


def _to_ascii(host: str) -> str:
    labels = []
    for label in host.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


def _to_unicode(host: str) -> str:
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                labels.append(label.encode("ascii").decode("idna"))
                continue
            except UnicodeError:
                pass
        labels.append(label)
    return ".".join(labels)


def normalize_host(host: str) -> str:
    """Lower-case IDNA (punycode) host without surrounding dots."""
    return _to_ascii(host.strip().strip(".").lower())


@lru_cache(maxsize=4096)
def parse_domain(text: str) -> ParsedDomain:
    """Parse a domain, host or URL (with or without scheme, port, path).

    Never raises on odd input: what cannot be parsed has ``host=None``.
    """
    raw = text.strip()
    url = raw if _SCHEME.match(raw) else f"//{raw}"
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        path = parts.path
    except ValueError:
        hostname, path = None, ""
    if not hostname:
        return ParsedDomain(raw, None, None, None, "")
    hostname = hostname.strip(".")
    path = path.rstrip("/")
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        pass
    else:
        return ParsedDomain(raw, hostname, None, None, path, is_ip=True)
    host = normalize_host(hostname)
    if not _HOSTNAME.fullmatch(host):
        return ParsedDomain(raw, None, None, None, "")
    ext = extractor()(host)
    registrable = ext.top_domain_under_public_suffix or None
    if registrable:
        registrable = registrable.lower()
    if registrable:
        # drop rendering aliases (www., m., amp.) above the registrable domain
        labels = host.split(".")
        keep = len(registrable.split("."))
        while len(labels) > keep and labels[0] in _ALIAS_LABELS:
            labels = labels[1:]
        host = ".".join(labels)
    return ParsedDomain(
        input=raw,
        host=host,
        registrable_domain=registrable,
        unicode_domain=_to_unicode(registrable) if registrable else None,
        path=path,
        shortener=registrable in SHORTENERS if registrable else False,
    )
