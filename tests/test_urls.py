from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.urls import MAX_URL_CHARS, TRACKING_PARAMETERS, Seen, normalise_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # the fragment never reaches the server
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?x=1#", "https://example.com/a?x=1"),
        # tracking parameters go, the others stay in order and spelling
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=3&fbclid=abc&page=2", "https://example.com/a?id=3&page=2"),
        ("https://example.com/a?b=2&a=1&gclid=x", "https://example.com/a?b=2&a=1"),
        ("https://example.com/a?UTM_Campaign=x&q=a+b", "https://example.com/a?q=a+b"),
        ("https://example.com/a?at_medium=RSS&at_campaign=KARANGA", "https://example.com/a"),
        ("https://example.com/a?flag&utm_x=1", "https://example.com/a?flag"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com/a?&&x=1&", "https://example.com/a?x=1"),
        ("https://example.com/a?ref=home", "https://example.com/a?ref=home"),  # not tracking
        # default ports go, others stay
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        # scheme and host are case-insensitive, paths and queries are not
        ("HTTPS://Example.COM/About/Us?Q=X", "https://example.com/About/Us?Q=X"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        # IDN hosts: IDNA as browsers (UTS #46), lenient where browsers are
        ("https://Bücher.example/buch", "https://xn--bcher-kva.example/buch"),
        ("https://xn--bcher-kva.example/buch", "https://xn--bcher-kva.example/buch"),
        ("http://☃.net/", "http://xn--n3h.net/"),
        # percent-encoding: upper-case escapes, unreserved decoded, needed escapes added
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://example.com/%7Euser/%2f", "https://example.com/~user/%2F"),
        ("https://example.com/café menu", "https://example.com/caf%C3%A9%20menu"),
        ("https://example.com/a?q=100%", "https://example.com/a?q=100%25"),
        # surrounding junk that scraped or pasted URLs carry
        ("  https://example.com/a\n", "https://example.com/a"),
        ("https://exam\tple.com/a", "https://example.com/a"),
        # IPv6 and user info are kept
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("https://user@example.com/", "https://user@example.com/"),
        # paths are not collapsed
        ("https://example.com/a//b/", "https://example.com/a//b/"),
    ],
)
def test_normalise_url_table(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("/news/1", "https://example.com/feed.xml", "https://example.com/news/1"),
        ("2?x=1#c", "https://example.com/news/1", "https://example.com/news/2?x=1"),
        ("../b", "https://example.com/a/feed/", "https://example.com/a/b"),
        ("//cdn.example.org/x", "https://example.com/", "https://cdn.example.org/x"),
        ("https://other.example/x", "https://example.com/", "https://other.example/x"),
        ("", "https://example.com/a", None),
    ],
)
def test_relative_urls_resolve_against_base(url: str, base: str, expected: str | None) -> None:
    assert normalise_url(url, base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "mailto:editor@example.com",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "ftp://example.com/file",
        "news/1",  # relative without a base
        "//example.com/a",
        "http://",
        "https:///path",
        "http://exa mple.com/",
        "http://[not-ipv6]/",
        "http://example.com:99999/",
        "http://example.com:port/",
        "http://example..com/",
        "https://" + "a" * MAX_URL_CHARS + ".com/",
        "",
        "   ",
        "\x00\x01",
        "%%%",
        "http://\udcff.com/",
    ],
)
def test_not_a_web_url_is_none(url: str) -> None:
    assert normalise_url(url) is None


@pytest.mark.parametrize("garbage", [None, b"https://example.com/", 42, object()])
def test_garbage_of_any_type_is_none_not_an_exception(garbage: object) -> None:
    assert normalise_url(garbage) is None  # type: ignore[arg-type]


def test_garbage_base_is_none_or_ignored_never_raises() -> None:
    assert normalise_url("/a", "not a url") is None
    assert normalise_url("https://example.com/a", "http://[bad") in (None, "https://example.com/a")


def test_normalising_twice_changes_nothing() -> None:
    urls = [
        "HTTPS://Bücher.example:443/caf%c3%a9 x?utm_source=a&b=%7e#f",
        "http://example.com/a?q=a+b&c",
        "https://example.com/%2F%25",
    ]
    for url in urls:
        once = normalise_url(url)
        assert once is not None
        assert normalise_url(once) == once


def test_tracking_parameters_are_lower_case_names() -> None:
    assert all(name == name.lower() for name in TRACKING_PARAMETERS)
    assert len(set(TRACKING_PARAMETERS)) == len(TRACKING_PARAMETERS)


def test_seen_reports_each_url_once() -> None:
    seen = Seen()
    assert seen.add("https://example.com/a")
    assert not seen.add("https://example.com/a")
    assert seen.add("https://example.com/b")
    assert "https://example.com/a" in seen
    assert "https://example.com/c" not in seen
    assert len(seen) == 2


def test_seen_past_its_cap_forgets_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    seen = Seen(max_urls=2)
    with caplog.at_level(logging.WARNING, logger="cleaner.urls"):
        assert seen.add("https://example.com/1")
        assert seen.add("https://example.com/2")
        assert seen.add("https://example.com/3")
        assert seen.add("https://example.com/3")  # not remembered: duplicates can pass
        assert not seen.add("https://example.com/1")  # remembered ones still are
    assert len(seen) == 2
    assert len([r for r in caplog.records if "full" in r.getMessage()]) == 1


URL_PIECES = st.sampled_from(
    [
        *("http://", "https://", "HTTP://", "//", "/", ":", "@", "?", "#", "&", "=", "%", "%2f"),
        *("%zz", "[", "]", ".", "..", "xn--", "utm_source=1", "a=1", "Ä", "ß", "☃", " ", "\t"),
        *("\x00", "example.com", ":80", ":443", ":99999", "\\", "\udcff"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(URL_PIECES, max_size=12).map("".join)))
def test_any_text_gives_none_or_a_stable_url(text: str) -> None:
    once = normalise_url(text)
    if once is not None:
        assert once.startswith(("http://", "https://"))
        assert "#" not in once
        assert normalise_url(once) == once
