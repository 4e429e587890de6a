"""Fetch one web page without becoming an SSRF proxy.

:func:`fetch` is the only way newscheck reads a URL. It

- accepts only ``http`` and ``https``;
- resolves the host itself (:func:`socket.getaddrinfo`) and refuses the URL if
  *any* address is loopback, private, link-local, multicast, reserved,
  unspecified, shared (CGNAT) or otherwise not globally routable, unless
  ``Settings.allow_private`` is set; cloud metadata endpoints
  (``169.254.169.254``, ``fd00:ec2::254``, ``100.100.100.200``,
  ``metadata.google.internal`` ...) are refused even then, since no article
  lives there;
- **pins** the connection to the address it checked: the request goes to the IP
  literal, with the original ``Host`` header and, for https, the original name
  as TLS SNI and certificate host name (httpx's ``sni_hostname`` extension), so
  a DNS answer that changes between check and connect (DNS rebinding) is never
  used;
- follows redirects itself (at most ``Settings.fetch_max_redirects``), checking
  and pinning every hop the same way;
- bounds the whole fetch by ``Settings.fetch_timeout`` seconds (DNS, connect,
  every hop and the body; a single blocked read can overrun the deadline by at
  most the time that was left when the hop started);
- refuses a declared ``Content-Length`` over ``Settings.fetch_max_bytes`` and
  stops reading a streamed body as soon as it passes that cap (counted after
  content decoding, so compressed bombs are caught too);
- accepts only ``text/html``, ``application/xhtml+xml`` and ``text/plain``.

Environment proxies are ignored (``trust_env=False``): a proxy would resolve
names itself and void the address check. Each hop uses a fresh client: no
cookies or pooled connections carry over from one host to the next.

Examples
--------
>>> from newscheck.settings import Settings
>>> try:
...     fetch("ftp://example.com/x", settings=Settings())
... except FetchError as exc:
...     print(exc)
cannot fetch ftp://example.com/x: only http and https URLs are supported
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import httpx

from newscheck.errors import FetchError, InputTooLargeError, UnsafeURLError
from newscheck.settings import Settings

__all__ = [
    "ACCEPTED_CONTENT_TYPES",
    "METADATA_ADDRESSES",
    "METADATA_HOSTS",
    "Fetched",
    "address_refusal",
    "fetch",
]

LOGGER = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Content types a page may have (parameters such as ``charset`` are ignored).
ACCEPTED_CONTENT_TYPES: frozenset[str] = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain"}
)

#: Cloud instance-metadata addresses: always refused.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (legacy)
    )
)

#: Host names of metadata services: refused before any DNS lookup.
METADATA_HOSTS: frozenset[str] = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """A fetched page.

    Attributes
    ----------
    url
        The final URL, after redirects (with the original host name).
    status
        The HTTP status of the final response.
    content_type
        The media type without parameters, lower case (``"text/html"``).
    body
        The (content-decoded) body bytes, at most ``Settings.fetch_max_bytes``.
    encoding
        The ``charset`` the server declared, if any.
    """

    url: str
    status: int
    content_type: str
    body: bytes
    encoding: str | None


def address_refusal(ip: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why *ip* may not be fetched from, or ``None`` if it may.

    IPv4-mapped, 6to4 and Teredo IPv6 addresses are judged by the IPv4 address
    they carry. With *allow_private* only metadata addresses are refused.

    Examples
    --------
    >>> address_refusal(ipaddress.ip_address("127.0.0.1"))
    'a loopback address'
    >>> address_refusal(ipaddress.ip_address("93.184.215.14")) is None
    True
    """
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            reason = address_refusal(inner, allow_private=allow_private)
            if reason is not None:
                return reason
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    for attr, reason in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, attr):
            return reason
    if not ip.is_global:
        return "a non-public address"
    return None


def fetch(url: str, *, settings: Settings) -> Fetched:
    """Fetch *url* safely (see the module docstring for every rule).

    Raises
    ------
    UnsafeURLError
        The URL (or a redirect) leads to a refused host or address.
    FetchError
        Bad scheme, unreachable host, timeout, too many redirects, a non-2xx
        status or an unaccepted content type.
    InputTooLargeError
        The body is larger than ``settings.fetch_max_bytes``.
    """
    deadline = time.monotonic() + settings.fetch_timeout
    current = _parse(url, original=url)
    for _hop in range(settings.fetch_max_redirects + 1):
        # A fresh client per hop: no cookies and no pooled TLS connection carry
        # over from one host to the next.
        with httpx.Client(
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT},
        ) as client:
            response = _request(client, current, settings, deadline, original=url)
            try:
                if response.status_code not in _REDIRECTS:
                    return _finish(response, current, settings, deadline, original=url)
                location = response.headers.get("location")
            finally:
                response.close()
        if not location:
            raise FetchError(
                f"cannot fetch {url}: HTTP {response.status_code} redirect "
                "without a Location"
            )
        try:
            target = current.join(location)
        except httpx.InvalidURL as exc:
            raise FetchError(
                f"cannot fetch {url}: bad redirect to {location!r}"
            ) from exc
        current = _parse(str(target), original=url)
    raise FetchError(
        f"cannot fetch {url}: more than {settings.fetch_max_redirects} redirects"
    )


_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9"


def _parse(url: str, *, original: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"cannot fetch {original}: invalid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            f"cannot fetch {original}: only http and https URLs are supported"
        )
    if not parsed.host:
        raise FetchError(f"cannot fetch {original}: the URL has no host")
    return parsed


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """Every address *host* resolves to (IP literals resolve to themselves).

    ``getaddrinfo`` has no timeout of its own, so it runs in a helper thread that
    is abandoned (not joined) when the deadline passes.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscheck-dns")
    try:
        future = pool.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        infos = future.result(timeout=max(timeout, 0.001))
    finally:
        pool.shutdown(wait=False)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in out:
            out.append(addr)
    return out


def _checked_addresses(
    url: httpx.URL, settings: Settings, deadline: float, *, original: str
) -> list[str]:
    """Resolve *url*'s host and check every address; the addresses to try."""
    host = url.raw_host.decode("ascii").lower().rstrip(".")
    if host in METADATA_HOSTS or host.endswith(".metadata.google.internal"):
        raise UnsafeURLError(
            f"refusing to fetch {original}: {host} is a cloud metadata host"
        )
    port = url.port or (443 if url.scheme == "https" else 80)
    remaining = deadline - time.monotonic()
    try:
        addresses = _resolve(host, port, remaining)
    except FutureTimeout:
        raise FetchError(
            f"cannot fetch {original}: timed out resolving {host}"
        ) from None
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FetchError(
            f"cannot fetch {original}: cannot resolve {host} ({reason})"
        ) from None
    if not addresses:
        raise FetchError(f"cannot fetch {original}: {host} has no address")
    for addr in addresses:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            raise UnsafeURLError(
                f"refusing to fetch {original}: {host} resolved to unparsable "
                f"address {addr!r}"
            ) from None
        reason = address_refusal(ip, allow_private=settings.allow_private)
        if reason is not None:
            raise UnsafeURLError(
                f"refusing to fetch {original}: host {host} resolves to {addr}, "
                f"{reason}",
                hint=(
                    None
                    if reason == "a cloud metadata address"
                    else "use --allow-private to permit it"
                ),
            )
    return addresses


def _request(
    client: httpx.Client,
    url: httpx.URL,
    settings: Settings,
    deadline: float,
    *,
    original: str,
) -> httpx.Response:
    """Send one GET for *url*, pinned to a checked address; a streaming response."""
    addresses = _checked_addresses(url, settings, deadline, original=original)
    host = url.host
    is_ip = _is_ip(host)
    host_header = url.netloc.decode("ascii")
    if "@" in host_header:  # pragma: no cover - httpx keeps userinfo out of netloc
        host_header = host_header.rsplit("@", 1)[1]
    last: Exception | None = None
    for addr in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        pinned = url.copy_with(host=addr)
        extensions = {}
        if url.scheme == "https" and not is_ip:
            # TLS SNI and certificate verification use the real name, not the IP.
            extensions["sni_hostname"] = url.raw_host.decode("ascii")
        request = client.build_request(
            "GET",
            pinned,
            headers={"Host": host_header},
            timeout=httpx.Timeout(remaining),
            extensions=extensions,
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:  # try the next checked address
            last = exc
            continue
        except httpx.TimeoutException:
            raise FetchError(
                f"cannot fetch {original}: timed out after {settings.fetch_timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {original}: {_describe(exc)}") from None
    if last is None:
        raise FetchError(
            f"cannot fetch {original}: timed out after {settings.fetch_timeout:g} s"
        )
    raise FetchError(
        f"cannot fetch {original}: {url.host} is unreachable ({_describe(last)})"
    )


def _finish(
    response: httpx.Response,
    url: httpx.URL,
    settings: Settings,
    deadline: float,
    *,
    original: str,
) -> Fetched:
    status = response.status_code
    if not 200 <= status < 300:
        phrase = response.reason_phrase or ""
        raise FetchError(f"cannot fetch {original}: HTTP {status} {phrase}".rstrip())
    raw_type = response.headers.get("content-type", "")
    content_type = raw_type.split(";", 1)[0].strip().lower()
    if content_type not in ACCEPTED_CONTENT_TYPES:
        why = (
            f"content type {content_type} is not a web page"
            if content_type
            else "the response has no content type"
        )
        raise FetchError(
            f"cannot fetch {original}: {why} "
            f"(accepted: {', '.join(sorted(ACCEPTED_CONTENT_TYPES))})"
        )
    cap = settings.fetch_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise InputTooLargeError(
            f"{original} is {int(declared):,} bytes, over the {cap:,}-byte fetch limit"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():  # as each read arrives
            size += len(chunk)
            if size > cap:
                raise InputTooLargeError(
                    f"{original} is over the {cap:,}-byte fetch limit"
                )
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("deadline passed")
    except httpx.TimeoutException:
        raise FetchError(
            f"cannot fetch {original}: timed out after {settings.fetch_timeout:g} s"
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {original}: {_describe(exc)}") from None
    return Fetched(
        url=str(url),
        status=status,
        content_type=content_type,
        body=b"".join(chunks),
        encoding=response.charset_encoding,
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
