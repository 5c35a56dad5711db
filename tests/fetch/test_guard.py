"""The address policy: which IPs and URLs may be fetched. No test here opens a connection."""

from __future__ import annotations

import socket

import pytest

from cleaner.errors import BlockedURLError, UsageError
from cleaner.fetch.guard import (
    AddressPolicy,
    BlockedAddressError,
    guarded_socket_factory,
    ip_literal,
)
from cleaner.settings import FetchSettings

STRICT = AddressPolicy()
PRIVATE_OK = AddressPolicy(allow_private=True)
ONLY_LOCALHOST = AddressPolicy.from_settings(FetchSettings(allow_addresses=("127.0.0.1",)))

PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",  # IPv4-mapped public address
    "64:ff9b::808:808",  # NAT64 of a public address
    "2002:808:808::1",  # 6to4 of a public address
]

# address -> the category named in the refusal
REFUSED = {
    "127.0.0.1": "loopback",
    "127.255.0.9": "loopback",
    "::1": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.254": "private",
    "192.168.1.1": "private",
    "fd12:3456::1": "private",
    "fc00::1": "private",
    "100.64.0.1": "shared address space",
    "169.254.1.1": "link-local",
    "fe80::1": "link-local",
    "fe80::1%eth0": "link-local",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "ff02::1": "multicast",
    "0.0.0.0": "unspecified",
    "0.1.2.3": "unspecified",
    "::": "unspecified",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "::127.0.0.1": "reserved",  # deprecated IPv4-compatible
    "192.0.2.1": "special-purpose",  # documentation
    "198.18.0.1": "special-purpose",  # benchmarking
    "2001:db8::1": "special-purpose",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:7f00:1": "loopback",  # the same, in hex
    "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "metadata",
    "64:ff9b::7f00:1": "loopback",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2002:7f00:1::1": "loopback",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1": "metadata",  # 6to4 of 169.254.169.254
    "169.254.169.254": "metadata",
    "169.254.170.2": "metadata",
    "fd00:ec2::254": "metadata",
    "100.100.100.200": "metadata",
}

METADATA = [ip for ip, category in REFUSED.items() if category == "metadata"]


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_are_allowed(ip: str) -> None:
    STRICT.check_ip(ip)


@pytest.mark.parametrize(("ip", "category"), sorted(REFUSED.items()))
def test_non_public_addresses_are_refused_with_a_reason(ip: str, category: str) -> None:
    with pytest.raises(BlockedURLError, match=category):
        STRICT.check_ip(ip)


@pytest.mark.parametrize(
    "ip",
    ["127.0.0.1", "::1", "10.0.0.1", "192.168.0.10", "fd00::1", "100.64.1.1", "::ffff:10.0.0.1"],
)
def test_allow_private_opens_loopback_and_private(ip: str) -> None:
    PRIVATE_OK.check_ip(ip)


@pytest.mark.parametrize("ip", [*METADATA, "169.254.1.1", "fe80::1", "224.0.0.1", "0.0.0.0"])
def test_allow_private_never_opens_metadata_link_local_or_multicast(ip: str) -> None:
    with pytest.raises(BlockedURLError):
        PRIVATE_OK.check_ip(ip)


def test_allow_addresses_opens_exactly_those_addresses() -> None:
    ONLY_LOCALHOST.check_ip("127.0.0.1")
    ONLY_LOCALHOST.check_ip("::ffff:127.0.0.1")  # the same address
    ONLY_LOCALHOST.check_ip("8.8.8.8")  # public stays allowed
    for other in ("127.0.0.2", "::1", "10.0.0.1", "0.0.0.0"):
        with pytest.raises(BlockedURLError):
            ONLY_LOCALHOST.check_ip(other)


def test_allow_addresses_cannot_open_metadata() -> None:
    policy = AddressPolicy.from_settings(FetchSettings(allow_addresses=tuple(METADATA)))
    for ip in METADATA:
        with pytest.raises(BlockedURLError, match="metadata"):
            policy.check_ip(ip)


def test_allow_addresses_are_normalised() -> None:
    policy = AddressPolicy.from_settings(FetchSettings(allow_addresses=("::ffff:127.0.0.1",)))
    assert policy.allow_addresses == frozenset({"127.0.0.1"})
    policy.check_ip("127.0.0.1")


def test_allow_addresses_must_be_ip_addresses() -> None:
    with pytest.raises(UsageError, match="localhost"):
        AddressPolicy.from_settings(FetchSettings(allow_addresses=("localhost",)))


def test_a_non_ip_is_refused() -> None:
    with pytest.raises(BlockedURLError, match="not an IP"):
        STRICT.check_ip("example.com")


# --- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # decimal
        "http://0x7f000001/",  # one hex number
        "http://0x7f.1/",  # hex, short form
        "http://0177.1/",  # octal, short form
        "http://0177.0.0.1/",  # octal, four parts (httpx refuses it as an invalid IPv4)
        "http://127.1/",  # short form
        "http://127.0.0.1./",  # trailing dot
        "http://127.0.0.1:8080/x",
        "https://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://2852039166/latest/meta-data/",  # 169.254.169.254 in decimal
        "http://0xA9FEA9FE/",  # ... and in hex
        "http://10.0.0.1/",
        "HTTP://0X7F.1/",
    ],
)
def test_ip_literals_are_refused_in_every_spelling(url: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        STRICT.check_url(url)
    assert caught.value.url == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("data:text/html,hi", "scheme"),
        ("//example.com/", "scheme"),
        ("http:///path", "no host"),
        ("http://user:pass@example.com/", "credentials"),
        ("http://example.com@10.0.0.1/", "credentials"),
        ("http://example.com\\@10.0.0.1/", "credentials"),
        ("http://example.com\\.10.0.0.1/", "invalid"),
        ("http://exa mple.com/", "invalid host"),
        ("http://ex%41mple.com/", "invalid host"),
        ("http://a..b/", "invalid host"),
        ("http://[::1%25lo]/", "loopback"),
        ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "invalid URL"),  # fullwidth digits
    ],
)
def test_urls_that_are_not_plain_http_are_refused(url: str, why: str) -> None:
    with pytest.raises(BlockedURLError, match=why):
        STRICT.check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/1",
        "http://example.com:8080/a?b=c#d",
        "https://bücher.example/",
        "http://deadbeef.example/",  # hex-looking, but a name
        "http://93.184.216.34/",
        "http://1.2.3.4.5/",  # not an address: left to DNS and the socket factory
        "http://localhost/",  # a name: judged after DNS by the socket factory
    ],
)
def test_public_urls_and_host_names_pass(url: str) -> None:
    STRICT.check_url(url)


def test_allowed_address_is_allowed_in_any_spelling() -> None:
    ONLY_LOCALHOST.check_url("http://2130706433:8000/")
    ONLY_LOCALHOST.check_url("http://[::ffff:127.0.0.1]:8000/")
    with pytest.raises(BlockedURLError):
        ONLY_LOCALHOST.check_url("http://0x7f.2:8000/")


@pytest.mark.parametrize(
    "host",
    ["2130706433", "0x7f.1", "0177.0.0.1", "0177.1", "127.1", "127.0.1", "0x7f000001", "1.2.3.4"],
)
def test_ip_literal_agrees_with_the_c_library(host: str) -> None:
    assert ip_literal(host) == socket.inet_ntoa(socket.inet_aton(host))


@pytest.mark.parametrize(
    "host", ["example.com", "deadbeef", "4294967296", "1.2.3.4.5", "08.1.1.1", "0x", "a.b"]
)
def test_names_are_not_ip_literals(host: str) -> None:
    assert ip_literal(host) is None


# --- the socket factory ---------------------------------------------------------------------


def addr(ip: str, port: int = 80) -> tuple[int, int, int, str, tuple[object, ...]]:
    if ":" in ip:
        return (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))


@pytest.mark.parametrize("ip", ["127.0.0.2", "::1", "10.0.0.1", "169.254.169.254"])
def test_socket_factory_refuses_before_creating_a_socket(ip: str) -> None:
    factory = guarded_socket_factory(ONLY_LOCALHOST)
    with pytest.raises(BlockedAddressError) as caught:
        factory(addr(ip))
    assert isinstance(caught.value, OSError)  # so aiohappyeyeballs tries the next address
    assert ip in caught.value.reason
    assert "refused by address policy" in str(caught.value)


@pytest.mark.parametrize("ip", ["127.0.0.1", "93.184.216.34", "2606:4700:4700::1111"])
def test_socket_factory_creates_an_unconnected_socket_when_allowed(ip: str) -> None:
    factory = guarded_socket_factory(ONLY_LOCALHOST)
    with factory(addr(ip)) as sock:
        assert sock.type == socket.SOCK_STREAM
        with pytest.raises(OSError):
            sock.getpeername()  # not connected: aiohappyeyeballs connects it


def test_socket_factory_refuses_non_ip_families() -> None:
    factory = guarded_socket_factory(PRIVATE_OK)
    with pytest.raises(BlockedAddressError, match="family"):
        factory((socket.AF_UNIX, socket.SOCK_STREAM, 0, "", ("/run/docker.sock",)))
