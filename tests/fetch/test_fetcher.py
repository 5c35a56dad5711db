"""Fetcher against a loopback site full of faults: one test per fault class.

Every fault ends as the ``FetchError`` subclass its class promises, carrying the URL asked for;
limits are small (1 s deadline, 100 KB bodies, 10 ms backoff) so the suite stays fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import aiohttp
import httpx
import pytest
from aiohttp import web

from cleaner.errors import (
    BlockedURLError,
    BodyTooLargeError,
    ConnectError,
    ContentDecodingError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    TooManyRedirectsError,
    UsageError,
)
from cleaner.fetch.fetcher import Expect, Fetcher
from cleaner.records import Page, Target
from cleaner.settings import FetchSettings
from tests.conftest import PAGE, BadInputs, Site, status, typed

LIMIT = 100_000
E = TypeVar("E", bound=FetchError)


def settings(**overrides: Any) -> FetchSettings:
    """Small limits for tests; loopback 127.0.0.1 is the one private address allowed."""
    values: dict[str, Any] = {
        "allow_addresses": ("127.0.0.1",),
        "robots": False,
        "per_host_delay": 0,
        "deadline": 1,
        "connect_timeout": 1,
        "read_timeout": 0.5,
        "max_body_bytes": LIMIT,
        "max_attempts": 3,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "retry_after_max": 0.3,
    }
    values.update(overrides)
    return FetchSettings(**values)


def fetch(
    target: Target | str,
    *,
    expect: Expect = "html",
    transport: httpx.AsyncBaseTransport | None = None,
    **overrides: Any,
) -> Page:
    async def main() -> Page:
        async with Fetcher(settings(**overrides), transport=transport) as fetcher:
            return await fetcher.fetch(target, expect=expect)

    return asyncio.run(main())


def fails(error: type[E], url: str, **kwargs: Any) -> E:
    """Fetch ``url``, expecting ``error`` (exactly that class) with the URL asked for."""
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    found = caught.value
    assert type(found) is error, found
    assert isinstance(found, error)
    assert found.url == url
    return found


def elapsed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took; its ``FetchError``, if any, is the caller's to check."""
    began = time.monotonic()
    with contextlib.suppress(FetchError):
        action()
    return time.monotonic() - began


# --- the normal case -------------------------------------------------------------------------


def test_a_page_comes_back_with_lower_case_headers_and_the_raw_body(site: Site) -> None:
    page = fetch(site.url("/page.html"))
    assert page.url == page.final_url == site.url("/page.html")
    assert page.status == 200
    assert page.body == PAGE
    assert page.content_type == "text/html"
    assert all(name == name.lower() for name in page.headers)


def test_requests_carry_our_user_agent_and_the_encodings_we_can_bound(site: Site) -> None:
    fetch(site.url("/page.html"))
    _, headers = site.requests[-1]
    assert headers["User-Agent"] == settings().agent
    assert headers["Accept-Encoding"] == "gzip, deflate, br"
    assert headers["Accept"].startswith("text/html")


def test_cookies_are_not_kept_between_requests(site: Site) -> None:
    site.routes["/cookie"] = typed(PAGE, "text/html", **{"Set-Cookie": "id=tracker; Path=/"})

    async def main() -> None:
        async with Fetcher(settings()) as fetcher:
            await fetcher.fetch(site.url("/cookie"))
            await fetcher.fetch(site.url("/page.html"))

    asyncio.run(main())
    assert "Cookie" not in site.requests[-1][1]


# --- addresses and schemes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/", "http://127.0.0.2/", "http://[::1]/"]
)
def test_urls_the_policy_refuses_fail_before_any_request(
    url: str, site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    fails(BlockedURLError, url)
    assert not site.requests


def test_a_redirect_to_a_file_url_is_refused(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    error = fails(BlockedURLError, site.url("/to-file"))
    assert "file" in error.reason


def test_a_redirect_to_another_loopback_address_is_refused(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    error = fails(BlockedURLError, site.url("/to-other-ip"))
    assert "127.0.0.2" in error.reason


# --- time ------------------------------------------------------------------------------------


def test_a_server_that_never_answers_hits_the_read_timeout(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    error = fails(FetchTimeoutError, site.url("/hang"), deadline=5, max_attempts=1)
    assert "read timeout" in error.reason


def test_a_drip_fed_body_hits_the_total_deadline(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    took = elapsed(lambda: fails(FetchTimeoutError, site.url("/drip")))
    assert took < 5


def test_the_deadline_bounds_retries_too(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    took = elapsed(
        lambda: fetch(site.url("/down"), max_attempts=100, backoff_base=0.5, backoff_max=0.5)
    )
    assert took < 5
    assert site.hits["/down"] < 100


def test_time_queued_for_a_host_slot_does_not_count_against_the_deadline(site: Site) -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.6)
        return web.Response(body=PAGE, content_type="text/html")

    site.routes["/slow"] = slow

    async def main() -> list[Page]:
        async with Fetcher(settings(per_host_concurrency=1, read_timeout=1)) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(site.url("/slow")) for _ in range(2)))

    assert [page.status for page in asyncio.run(main())] == [200, 200]


# --- broken connections ----------------------------------------------------------------------


def test_a_refused_connection_is_retried_then_a_connect_error(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    fails(ConnectError, site.refused_url)


def test_a_reset_connection_is_retried_then_a_connect_error(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    fails(ConnectError, site.reset_url)
    assert site.hits["raw"] >= 3


def test_a_body_shorter_than_its_content_length_is_a_broken_transfer(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    error = fails(ConnectError, site.truncated_url)
    assert "cut short" in error.reason
    assert "1000" in error.reason


@pytest.mark.parametrize(
    "reply",
    [
        b"garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Huge: " + b"a" * 100_000 + b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
    ],
    ids=["not-http", "header-bomb", "negative-length"],
)
def test_a_malformed_response_is_a_connect_error(
    reply: bytes, site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    error = fails(ConnectError, site.raw(reply), max_attempts=1)
    assert "malformed" in error.reason


# --- redirects -------------------------------------------------------------------------------


def test_a_redirect_loop_is_detected(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    error = fails(TooManyRedirectsError, site.url("/loop/a"), max_redirects=10)
    assert "loop" in error.reason
    assert site.hits["/loop/a"] == 1


def test_a_redirect_chain_longer_than_allowed_fails(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    fails(TooManyRedirectsError, site.url("/chain/9"), max_redirects=5)
    assert site.hits["/chain/4"] == 1  # five redirects followed (9 to 4), not one more
    assert site.hits["/chain/3"] == 0


def test_a_redirect_chain_within_the_limit_is_followed(site: Site) -> None:
    page = fetch(site.url("/chain/5"), max_redirects=5)
    assert page.url == site.url("/chain/5")
    assert page.final_url == site.url("/chain/0")


def test_redirect_bodies_are_not_read(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()  # a gzip bomb in the body of a 302
    page = fetch(site.url("/redirect-bomb"))
    assert page.final_url == site.url("/page.html")


# --- statuses and retries ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/busy", "/busy-date"])
def test_a_429_is_retried_after_its_retry_after_up_to_the_cap(
    path: str, site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    began = time.monotonic()
    page = fetch(site.url(path), retry_after_max=0.3)
    assert page.status == 200
    assert site.hits[path] == 2
    assert time.monotonic() - began >= 0.25  # Retry-After (1 to 3 s) capped at 0.3 s, not ignored


def test_a_retry_after_beyond_the_deadline_fails_at_once(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    site.routes["/go-away"] = status(429, **{"Retry-After": "30"})
    took = elapsed(
        lambda: fails(HTTPStatusError, site.url("/go-away"), retry_after_max=60, deadline=5)
    )
    assert took < 4
    assert site.hits["/go-away"] == 1


def test_a_503_then_200_is_retried(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    assert fetch(site.url("/flaky")).status == 200
    assert site.hits["/flaky"] == 2


def test_a_lasting_503_fails_after_max_attempts(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    error = fails(HTTPStatusError, site.url("/down"))
    assert error.status == 503
    assert site.hits["/down"] == 3


def test_a_404_is_an_http_status_error_and_not_retried(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    error = fails(HTTPStatusError, site.url("/missing"))
    assert error.status == 404
    assert site.hits["/missing"] == 1


def test_an_unchanged_page_is_a_304_page_on_a_conditional_get(site: Site) -> None:
    url = site.url("/etag")
    page = fetch(Target(url=url, etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT"))
    assert page.status == 304
    assert page.body == b""
    _, headers = site.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert fetch(url).status == 200


@pytest.mark.parametrize("etag", ['"caf\u00e9"', '"v1"\r\nX-Injected: 1', '"v1"\n'])
def test_a_stored_validator_that_is_no_header_value_makes_the_get_unconditional(
    site: Site, bad_inputs: BadInputs, etag: str
) -> None:
    bad_inputs.tried()
    page = fetch(Target(url=site.url("/etag"), etag=etag))
    assert page.status == 200
    _, headers = site.requests[-1]
    assert "If-None-Match" not in headers
    assert "X-Injected" not in headers


# --- content types ---------------------------------------------------------------------------


def test_a_pdf_is_refused_before_its_body_is_read(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()  # its body never ends: reading it would run into the deadline
    fails(ContentTypeError, site.url("/doc.pdf"), deadline=5)


def test_an_image_is_refused(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    fails(ContentTypeError, site.url("/img.png"))


def test_an_untyped_body_is_taken_when_it_starts_like_html(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    assert fetch(site.url("/untyped.html")).body == PAGE
    fails(ContentTypeError, site.url("/untyped.png"))


def test_feeds_and_sitemaps_take_xml_but_html_fetches_do_not(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/feed.xml"] = typed(b"<?xml version='1.0'?><rss/>", "application/rss+xml")
    assert fetch(site.url("/feed.xml"), expect="feed").status == 200
    assert fetch(site.url("/feed.xml"), expect="sitemap").status == 200
    assert fetch(site.url("/img.png"), expect="any").status == 200
    fails(ContentTypeError, site.url("/feed.xml"))
    fails(ContentTypeError, site.url("/img.png"), expect="feed")


# --- sizes and encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/bomb.gz", "/bomb.deflate", "/bomb.br"])
def test_a_compression_bomb_stops_at_the_cap(path: str, site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    fails(BodyTooLargeError, site.url(path))


def test_a_content_length_over_the_cap_fails_before_reading(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.content_length = 50 * LIMIT
        await response.prepare(request)
        await response.write(b"<html>")
        await site.wait_stopping()  # reading the body would run into the deadline
        return response

    site.routes["/huge"] = huge
    error = fails(BodyTooLargeError, site.url("/huge"), deadline=5)
    assert "Content-Length" in error.reason
    fails(BodyTooLargeError, site.url("/big"))


def test_a_body_over_the_cap_without_content_length_fails_while_streaming(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    fails(BodyTooLargeError, site.url("/big-chunked"))


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("zstd", b"\x28\xb5\x2f\xfd"),
        ("gzip", b"not gzip at all"),
        ("gzip", gzip.compress(PAGE)[:-12]),
    ],
    ids=["unsupported", "corrupt", "truncated-stream"],
)
def test_an_undecodable_body_is_a_decoding_error(
    encoding: str, body: bytes, site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/odd"] = typed(body, "text/html", **{"Content-Encoding": encoding})
    fails(ContentDecodingError, site.url("/odd"))


# --- an injected transport ---------------------------------------------------------------------


class _BrokenStream(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"<html>"
        raise httpx.ReadError("connection lost")


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (httpx.ConnectError("refused"), ConnectError),
        (httpx.ConnectTimeout("slow"), FetchTimeoutError),
        (httpx.ReadTimeout("slow"), FetchTimeoutError),
        (httpx.RemoteProtocolError("bad"), ConnectError),
        (httpx.UnsupportedProtocol("gopher"), BlockedURLError),
        (aiohttp.ServerDisconnectedError(), ConnectError),
        (ConnectionResetError(104, "reset"), ConnectError),
        (TimeoutError(), FetchTimeoutError),
        (OSError(24, "too many open files"), ConnectError),
    ],
    ids=[
        "httpx-connect",
        "httpx-connect-timeout",
        "httpx-read-timeout",
        "httpx-protocol",
        "httpx-unsupported-protocol",
        "aiohttp-disconnected",
        "reset",
        "timeout",
        "oserror",
    ],
)
def test_lower_level_exceptions_become_fetch_errors(
    raised: BaseException, expected: type[FetchError], bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()

    def handler(request: httpx.Request) -> httpx.Response:
        raise raised

    url = "http://news.example/page"
    fails(expected, url, transport=httpx.MockTransport(handler), max_attempts=1)


def test_a_transfer_broken_mid_body_is_a_connect_error(bad_inputs: BadInputs) -> None:
    bad_inputs.tried()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=_BrokenStream())

    error = fails(ConnectError, "http://news.example/", transport=httpx.MockTransport(handler))
    assert "cut short" in error.reason


def test_an_injected_transport_serves_robots_txt_and_pages() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /no/\n")
        return httpx.Response(200, html="<html><p>hi</p></html>")

    page = fetch("http://news.example/a", transport=httpx.MockTransport(handler), robots=True)
    assert page.status == 200
    assert seen == ["/robots.txt", "/a"]


# --- usage -------------------------------------------------------------------------------------


def test_fetching_outside_async_with_is_a_usage_error() -> None:
    async def main() -> None:
        await Fetcher(settings()).fetch("http://news.example/")

    with pytest.raises(UsageError):
        asyncio.run(main())


def test_an_unknown_expect_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        fetch("http://news.example/", expect="pdf")  # type: ignore[arg-type]
