"""Which URLs and addresses the fetcher may connect to.

A scraper fed URLs from feeds and sitemaps must not be turned into a proxy onto the machine's
own network (server-side request forgery): ``http://169.254.169.254/`` hands out cloud
credentials, ``http://127.0.0.1:6379/`` talks to a local Redis. Two checks, because neither is
enough alone:

- ``AddressPolicy.check_url`` refuses early, with a clear reason, what the URL itself gives
  away: a scheme other than http(s), credentials in the URL, and IP literals in every spelling
  the C library accepts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1`` all mean
  127.0.0.1 to ``getaddrinfo``).
- ``guarded_socket_factory`` checks the exact address a socket is about to connect to, after
  DNS. Host names (``localhost``, ``x.nip.io``, a DNS-rebinding domain) can only be judged
  there; it is the check that actually holds.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx
from aiohappyeyeballs import AddrInfoType

from cleaner.errors import BlockedURLError, UsageError
from cleaner.settings import FetchSettings

__all__ = [
    "BLOCKED_MARKER",
    "AddressPolicy",
    "BlockedAddressError",
    "guarded_socket_factory",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Part of every refusal message of the socket factory. aiohappyeyeballs folds the errors of
#: several addresses into one plain ``OSError("Multiple exceptions: ...")``, losing the class;
#: the transport finds refusals in such messages by this text.
BLOCKED_MARKER = "refused by address policy"

# Cloud instance metadata services: credentials live here. Refused even when private addresses
# or exact addresses are allowed (AWS/GCP/Azure/Oracle, AWS ECS, AWS IPv6, Alibaba).
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)

_net = ipaddress.ip_network

# Checked in order; the first match names the category. Only the categories in
# _PRIVATE_CATEGORIES are opened by ``allow_private``.
_CATEGORIES: tuple[tuple[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]], ...] = (
    ("loopback", (_net("127.0.0.0/8"), _net("::1/128"))),
    # 0.0.0.0 reaches the local host on Linux; never useful for a fetch.
    ("unspecified", (_net("0.0.0.0/8"), _net("::/128"))),
    (
        "private",
        (
            _net("10.0.0.0/8"),
            _net("172.16.0.0/12"),
            _net("192.168.0.0/16"),
            _net("fc00::/7"),
            _net("fec0::/10"),  # deprecated site-local, still routed by some stacks
            _net("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215): reaches private networks
        ),
    ),
    ("shared address space", (_net("100.64.0.0/10"),)),  # carrier-grade NAT, Tailscale
    ("link-local", (_net("169.254.0.0/16"), _net("fe80::/10"))),
    ("multicast", (_net("224.0.0.0/4"), _net("ff00::/8"))),
    # 240/4 includes 255.255.255.255; ::/96 holds the deprecated IPv4-compatible ::a.b.c.d.
    ("reserved", (_net("240.0.0.0/4"), _net("::/96"))),
)
_PRIVATE_CATEGORIES = frozenset({"loopback", "private", "shared address space"})

# NAT64 well-known prefix: a NAT64 gateway connects to the IPv4 address in the low 32 bits.
_NAT64 = _net("64:ff9b::/96")

# What inet_aton could take for an IPv4 address: digits, dots and hex ("0x7f.1"). Anything
# else is a host name and is judged after DNS by the socket factory.
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+")
# A host name as DNS knows it, after IDNA encoding (underscores occur in real host names).
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


class BlockedAddressError(PermissionError):
    """Raised by the socket factory instead of connecting to a refused address.

    A ``PermissionError`` (not a ``ConnectionError``: nothing is worth retrying) and so an
    ``OSError``, so that aiohappyeyeballs moves on to the host's next address and aiohttp
    wraps it in ``ClientConnectorError`` (``os_error`` keeps this object when it is the only
    failure); ``reason`` keeps the policy's explanation for ``BlockedURLError``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"{BLOCKED_MARKER}: {reason}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which IP addresses may be connected to.

    By default only globally routable unicast addresses. ``allow_private`` opens loopback,
    RFC 1918 / ULA and shared (100.64/10) addresses for local use and tests;
    ``allow_addresses`` opens exactly the listed addresses. Cloud metadata addresses are
    refused whatever the settings: nothing worth scraping lives there, and credentials do.
    """

    allow_private: bool = False
    allow_addresses: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> AddressPolicy:
        """The policy of ``settings``; raises ``UsageError`` for an entry that is no IP."""
        return cls(
            allow_private=settings.allow_private,
            allow_addresses=_normalise_allowed(settings.allow_addresses),
        )

    def check_ip(self, ip: str) -> None:
        """Raise ``BlockedURLError`` unless a connection to ``ip`` is allowed.

        IPv6 forms that carry an IPv4 address (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64)
        are judged by the IPv4 address as well; IPv4-compatible ``::a.b.c.d`` is refused.
        """
        try:
            address = ipaddress.ip_address(ip.split("%", 1)[0])
        except ValueError:
            raise BlockedURLError(f"not an IP address: {ip!r}") from None
        self._check(address, shown=ip)
        for embedded in _embedded_ipv4(address):
            self._check(embedded, shown=f"{ip} (carries {embedded})")

    def check_url(self, url: str | httpx.URL) -> httpx.URL:
        """Raise ``BlockedURLError`` for a URL that must not be fetched.

        Refuses schemes other than http(s), URLs without a host, URLs with credentials (the
        classic ``http://good.example@10.0.0.1/`` surprise), hosts DNS could not hold
        (``ex%41mple.com``), and IP-literal hosts the policy refuses, in any spelling
        ``getaddrinfo`` would accept. Host names pass: they are judged after DNS, by the socket
        factory. An ``httpx.URL`` (a request's own) is checked without parsing it again; the
        parsed URL is returned so callers need not parse it once more.
        """
        if isinstance(url, httpx.URL):
            parsed = url
        else:
            try:
                parsed = httpx.URL(url)
            except (httpx.InvalidURL, ValueError, TypeError) as exc:
                raise BlockedURLError(f"invalid URL: {exc}", url=str(url)) from None
        if parsed.scheme not in ("http", "https"):
            refusal: str | None = f"scheme {parsed.scheme!r} is not http(s)"
        elif parsed.userinfo:
            refusal = "credentials in the URL are not allowed"
        else:
            refusal = _host_refusal(self, parsed.raw_host.decode("ascii").lower())
        if refusal is not None:
            raise BlockedURLError(refusal, url=str(url))
        return parsed

    def _check(self, address: IPAddress, *, shown: str) -> None:
        if address in _METADATA:
            raise BlockedURLError(f"{shown} is a cloud metadata address")
        if _canonical(address) in self.allow_addresses:
            return
        category = _category(address)
        if category is None:
            return
        if self.allow_private and category in _PRIVATE_CATEGORIES:
            return
        raise BlockedURLError(f"{shown}: {category} address")


@functools.lru_cache(maxsize=4096)
def _host_refusal(policy: AddressPolicy, host: str) -> str | None:
    """Why ``policy`` refuses ``host`` (None: it may be fetched). Cached: a crawl asks about
    the same few hosts thousands of times, and parsing addresses is not free."""
    if not host:
        return "no host"
    literal = ip_literal(host)
    if literal is None:
        # What DNS can answer: no "%41", no spaces httpx percent-encoded for us.
        return None if _HOST_NAME.fullmatch(host) else f"invalid host {host!r}"
    try:
        policy.check_ip(literal)
    except BlockedURLError as exc:
        return exc.reason
    return None


def ip_literal(host: str) -> str | None:
    """The canonical IP address ``host`` spells, or ``None`` if it is a host name.

    Accepts what the C library's ``inet_aton`` accepts, because that is what ``getaddrinfo``
    connects to: ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` are all
    ``127.0.0.1``. A single trailing dot is ignored (``127.0.0.1.``), brackets are removed
    from IPv6 literals.
    """
    host = host.strip("[]").lower()
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host.split("%", 1)[0]))
        except ValueError:
            return None
    host = host.removesuffix(".")
    if not _NUMERIC_HOST.fullmatch(host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def guarded_socket_factory(policy: AddressPolicy) -> Callable[[AddrInfoType], socket.socket]:
    """A ``socket_factory`` for ``aiohttp.TCPConnector`` that refuses addresses by ``policy``.

    aiohttp calls it with the ``getaddrinfo`` entry it is about to connect to, for host names
    and IP literals alike (a custom resolver is skipped for literals), so this sees the exact
    address after DNS, including every address of a DNS-rebinding host.
    """

    def factory(addr_info: AddrInfoType) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        if family not in (socket.AF_INET, socket.AF_INET6):
            raise BlockedAddressError(f"address family {family!r} is not IP")
        try:
            policy.check_ip(str(sockaddr[0]))
        except BlockedURLError as exc:
            raise BlockedAddressError(exc.reason) from None
        return socket.socket(family=family, type=type_, proto=proto)

    return factory


def _normalise_allowed(addresses: Iterable[str]) -> frozenset[str]:
    allowed = set()
    for text in addresses:
        try:
            allowed.add(_canonical(ipaddress.ip_address(text)))
        except ValueError:
            raise UsageError(f"allow_addresses: {text!r} is not an IP address") from None
    return frozenset(allowed)


def _canonical(address: IPAddress) -> str:
    """One spelling per address: IPv4-mapped IPv6 is written as its IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _category(address: IPAddress) -> str | None:
    """Why ``address`` is not a public address, or ``None`` if it is one."""
    for name, networks in _CATEGORIES:
        if any(address in network for network in networks):
            return name
    if isinstance(address, ipaddress.IPv6Address) and (
        address.ipv4_mapped is not None or address in _NAT64
    ):
        return None  # judged by the IPv4 address they carry
    if not address.is_global:
        return "special-purpose"  # documentation, benchmarking, IETF protocol assignments
    return None


def _embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses a connection to this IPv6 address may end up at."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address in _NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found
