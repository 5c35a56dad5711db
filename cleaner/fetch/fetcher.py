"""``Fetcher``: one URL in, one ``Page`` or one ``FetchError`` out, whatever the server does.

What a fetch goes through, in order:

1. the address policy (``guard``) refuses what the URL itself gives away (scheme, IP literal);
2. robots.txt (``robots``), fetched once per site through this same client;
3. a throttle slot for the host (``throttle``): global and per-host limits and delays;
4. the request, under a total deadline that starts with the first request (time spent queued
   for a slot before it does not count: a pipeline may queue thousands of URLs of one host)
   and covers every redirect and retry; connect and read timeouts come from the transport;
5. redirects, followed here hop by hop so that each hop passes the guard and robots.txt again
   (the transport re-checks every address it connects to); redirect bodies are never read;
6. retries with exponential backoff and full jitter on connection failures, 429 and 5xx,
   honouring ``Retry-After`` up to ``retry_after_max`` and telling the throttle about it;
7. the content type, checked before the body is read (a PDF is refused after its headers);
8. the body, streamed through a ``BoundedDecoder`` so the size cap holds on the decoded bytes
   (compression bombs) with or without a Content-Length.

Every third-party exception (httpx, aiohttp, ``OSError``) is mapped to a ``FetchError`` here,
where it enters; the error's ``url`` is the URL asked for, its reason names the hop that failed.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self, get_args

import aiohttp
import httpx
from aiohttp.http_exceptions import HttpProcessingError

from cleaner.errors import (
    BlockedURLError,
    BodyTooLargeError,
    ConnectError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooManyRedirectsError,
    UsageError,
)
from cleaner.fetch.decoders import ACCEPT_ENCODING, BoundedDecoder
from cleaner.fetch.guard import BLOCKED_MARKER, AddressPolicy
from cleaner.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsResponse
from cleaner.fetch.throttle import Throttle, parse_retry_after
from cleaner.fetch.transport import cookie_free_jar, make_transport
from cleaner.records import Page, Target
from cleaner.settings import FetchSettings

__all__ = ["Expect", "Fetcher"]

logger = logging.getLogger(__name__)

Expect = Literal["html", "feed", "sitemap", "any"]

_ACCEPT: dict[str, str] = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": (
        "application/rss+xml,application/atom+xml,application/feed+json,"
        "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
    ),
    "sitemap": "application/xml,text/xml;q=0.9,*/*;q=0.5",
    "any": "*/*",
}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Types servers send when they do not know (or say nothing): the body decides.
_AMBIGUOUS_TYPES = frozenset(
    {
        "",
        "text/plain",
        "application/octet-stream",
        "binary/octet-stream",
        "application/unknown",
        "unknown/unknown",
        "application/x-unknown-content-type",
    }
)
_XML_TYPES = frozenset({"application/xml", "text/xml", "application/json"})
#: Sitemaps are often served gzipped as files (``sitemap.xml.gz``), not as a Content-Encoding.
_GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
#: A header value we send as it is: visible ASCII, spaces and tabs.
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")
#: How much of a body of ambiguous type is looked at before deciding whether it is HTML.
_SNIFF_BYTES = 512
#: How an HTML document starts (after whitespace), after the WHATWG MIME sniffing patterns.
_HTML_START = re.compile(
    rb"\s*(?:<!doctype\s+html|<!--|<\?xml|<(?:html|head|body|title|meta|link|script|style|"
    rb"iframe|h1|div|font|table|a|b|p|br|article|section|header|nav)[\s/>])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Plan:
    """How one fetch behaves: the public ``fetch`` and the robots.txt fetch differ."""

    expect: Expect
    limit: int
    attempts: int
    robots: bool
    headers: httpx.Headers
    truncate: bool = False  # keep the first ``limit`` bytes instead of failing (robots.txt)


@dataclass(frozen=True)
class _Result:
    """A final response, before it becomes a ``Page`` (or a ``RobotsResponse``)."""

    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""
    truncated: bool = False


@dataclass(frozen=True)
class _Redirect:
    location: str


class _Retry(Exception):
    """An attempt failed in a way worth another try (connection failure, 429, 5xx)."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.reason)
        self.error = error
        self.retry_after = retry_after


class _Deadline:
    """The total time budget of one fetch; it starts with the first request, not before."""

    def __init__(self, budget: asyncio.Timeout, seconds: float) -> None:
        self._budget = budget
        self._seconds = seconds

    def start(self) -> None:
        if self._budget.when() is None:
            self._budget.reschedule(asyncio.get_running_loop().time() + self._seconds)

    def remaining(self) -> float:
        when = self._budget.when()
        return math.inf if when is None else when - asyncio.get_running_loop().time()


class Fetcher:
    """Fetch pages politely and defensively; use as ``async with Fetcher(settings) as f:``.

    ``transport`` replaces the guarded aiohttp transport (``httpx.MockTransport`` in unit
    tests); the address policy then only checks URLs, not the sockets the transport opens.
    ``throttle`` may be shared between fetchers of one run.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        throttle: Throttle | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.throttle = throttle or Throttle(self.settings)
        self._policy = AddressPolicy.from_settings(self.settings)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._headers = {
            "User-Agent": self.settings.agent,
            "Accept": _ACCEPT["html"],
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        # Built once: httpx copies a ``Headers`` as it is, where a dict is normalised again
        # for every request.
        self._accepting = {
            kind: httpx.Headers({**self._headers, "Accept": accept})
            for kind, accept in _ACCEPT.items()
        }
        self._extensions: dict[str, Any] = {}
        self.robots: RobotsCache | None = None

    async def __aenter__(self) -> Self:
        s = self.settings
        self._client = _CookielessClient(
            transport=self._transport or make_transport(s),
            follow_redirects=False,
            # Without this, proxy variables in the environment would mount httpx's own
            # transports, which skip the address guard of ours.
            trust_env=False,
            # Cookies would link our requests across sites; news pages do not need them.
            cookies=cookie_free_jar(),
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
            ),
            headers=self._headers,
        )
        self._extensions = {"timeout": self._client.timeout.as_dict()}
        if s.robots:
            self.robots = RobotsCache(self._fetch_robots, agent=s.agent)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client (and cancel robots.txt requests still running)."""
        if self.robots is not None:
            await self.robots.aclose()
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def fetch(self, target: Target | str, *, expect: Expect = "html") -> Page:
        """Fetch ``target``; raises a ``FetchError`` subclass for every way that can fail.

        ``expect`` says what the caller can use: "html" refuses PDFs, images and the like;
        "feed" and "sitemap" take XML and text; "any" takes everything. A ``Target`` with an
        ``etag`` or ``last_modified`` makes the request conditional, and an unchanged page
        comes back as a ``Page`` with status 304 and no body.
        """
        if expect not in _ACCEPT:
            raise UsageError(f"expect must be one of {get_args(Expect)}, not {expect!r}")
        if isinstance(target, str):
            target = Target(url=target)
        plan = _Plan(
            expect=expect,
            limit=self.settings.max_body_bytes,
            attempts=self.settings.max_attempts,
            robots=self.settings.robots,
            headers=self._request_headers(target, expect),
        )
        result = await self._get(target.url, plan)
        return Page(
            url=target.url,
            final_url=result.final_url,
            status=result.status,
            headers=result.headers,
            body=result.body,
        )

    def _request_headers(self, target: Target, expect: Expect) -> httpx.Headers:
        """Our headers for ``expect``, made conditional by the target's validators."""
        headers = self._accepting[expect]
        conditions: dict[str, str] = {}
        for name, value in (
            ("If-None-Match", target.etag),
            ("If-Modified-Since", target.last_modified),
        ):
            if value and _sendable(value, name, target.url):
                conditions[name] = value
        if not conditions:
            return headers
        headers = headers.copy()
        headers.update(conditions)
        return headers

    # --- one fetch: deadline, redirects, robots -------------------------------------------

    async def _get(self, url: str, plan: _Plan) -> _Result:
        client = self._client
        if client is None:
            raise UsageError("use the Fetcher as 'async with Fetcher(...) as fetcher:'")
        deadline = self.settings.deadline
        try:
            async with asyncio.timeout(None) as budget:
                return await self._follow(client, url, plan, _Deadline(budget, deadline))
        except TimeoutError:
            raise FetchTimeoutError(
                f"no complete answer within the {deadline:g} s deadline", url=url
            ) from None
        except FetchError as exc:
            if exc.url == url:
                raise
            raise _rebuild(exc, url=url, reason=f"{exc.reason} (at {exc.url})") from exc

    async def _follow(
        self, client: httpx.AsyncClient, url: str, plan: _Plan, deadline: _Deadline
    ) -> _Result:
        chain = [url]
        while True:
            parsed = self._policy.check_url(url)
            crawl_delay = await self._obey_robots(url, plan)
            answer = await self._attempts(client, (url, parsed), plan, deadline, crawl_delay)
            if isinstance(answer, _Result):
                return answer
            url = _next_hop(chain, answer.location, self.settings.max_redirects)
            chain.append(url)

    async def _obey_robots(self, url: str, plan: _Plan) -> float | None:
        """Raise ``RobotsDisallowedError`` if robots.txt forbids ``url``; its Crawl-delay."""
        if not plan.robots or self.robots is None:
            return None
        if not await self.robots.allowed(url):
            raise RobotsDisallowedError("robots.txt disallows it for our user agent", url=url)
        return await self.robots.crawl_delay(url)

    async def _fetch_robots(self, url: str) -> RobotsResponse:
        """robots.txt through the same client and guards; one try, first 500 KiB only."""
        plan = _Plan(
            expect="any",
            limit=ROBOTS_MAX_BYTES,
            attempts=1,
            robots=False,
            headers=self._accepting["any"],
            truncate=True,
        )
        try:
            result = await self._get(url, plan)
        except HTTPStatusError as exc:
            return RobotsResponse(exc.status)
        return RobotsResponse(result.status, result.body, truncated=result.truncated)

    # --- retries ------------------------------------------------------------------------

    async def _attempts(
        self,
        client: httpx.AsyncClient,
        where: tuple[str, httpx.URL],
        plan: _Plan,
        deadline: _Deadline,
        crawl_delay: float | None,
    ) -> _Result | _Redirect:
        """Tries of one hop; ``where`` is the URL as asked and as parsed (parsed once)."""
        url, parsed = where
        host = parsed.host
        attempt = 1
        while True:
            try:
                async with self.throttle.slot(host, crawl_delay=crawl_delay):
                    deadline.start()
                    return await self._attempt(client, where, plan)
            except _Retry as retry:
                jitter = self._backoff(attempt)
                wait = jitter
                if retry.retry_after is not None:
                    wait = max(wait, self.throttle.defer(host, retry.retry_after))
                if attempt >= plan.attempts or wait >= deadline.remaining():
                    raise retry.error from None
                logger.info("%s: %s; try %d in %.2f s", url, retry.error.reason, attempt + 1, wait)
                # Only the jitter is slept here: the throttle holds back the rest of a
                # Retry-After, for every request to the host, this retry included.
                await asyncio.sleep(jitter)
                attempt += 1

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter (AWS architecture blog, 2015)."""
        s = self.settings
        return random.uniform(0, min(s.backoff_max, s.backoff_base * 2 ** (attempt - 1)))

    # --- one attempt ----------------------------------------------------------------------

    async def _attempt(
        self, client: httpx.AsyncClient, where: tuple[str, httpx.URL], plan: _Plan
    ) -> _Result | _Redirect:
        url, parsed = where
        # As client.build_request would make it, without merging the client's defaults again
        # for every request (a tenth of the fetcher's own CPU per page).
        with _ErrorsMapped(url):
            request = httpx.Request(
                "GET", parsed, headers=plan.headers, extensions=self._extensions
            )
        try:
            with _ErrorsMapped(url):
                response = await client.send(request, stream=True)
        except ConnectError as exc:
            raise _Retry(exc) from None
        try:
            return await self._answer(response, url, plan)
        finally:
            await _close(response, url)

    async def _answer(self, response: httpx.Response, url: str, plan: _Plan) -> _Result | _Redirect:
        status = response.status_code
        headers = _header_dict(response)
        location = headers.get("location")
        if status in _REDIRECTS and location:
            return _Redirect(_resolve(url, location))
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(headers.get("retry-after"))
            raise _Retry(HTTPStatusError(f"HTTP {status}", url=url, status=status), retry_after)
        if status == 304:
            return _Result(url, status, headers)
        if not 200 <= status < 300:
            raise HTTPStatusError(f"HTTP {status}", url=url, status=status)
        sniff = _check_type(headers.get("content-type", ""), plan.expect, url)
        body, truncated = await _read_body(response, headers, url, plan, sniff_html=sniff)
        return _Result(url, status, headers, body, truncated)


def _header_dict(response: httpx.Response) -> dict[str, str]:
    """One pass over httpx's headers (lower-case names, repeated ones joined with ", " as
    ``Headers.get`` does: two Content-Encoding lines are a stack); later lookups are a dict's.
    """
    headers: dict[str, str] = {}
    for name, value in response.headers.multi_items():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


class _NoCookies(httpx.Cookies):
    """Cookies that neither store nor send anything, without building the urllib request and
    response wrappers httpx makes for its cookie jar on every request (measurable per page)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return

    def set_cookie_header(self, request: httpx.Request) -> None:
        return


class _CookielessClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that keeps no cookies: a crawler must not be tracked across
    pages, nor grow a jar with every site it visits."""

    _none = _NoCookies(cookie_free_jar())

    @property
    def cookies(self) -> httpx.Cookies:
        return self._none

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        """Ignored: there is nothing to keep cookies in."""


# --- bodies ------------------------------------------------------------------------------


class _Body:
    """The decoded body, collected under the cap; sniffs an ambiguous type on the way."""

    def __init__(self, decoder: BoundedDecoder, url: str, *, sniff_html: bool) -> None:
        self._decoder = decoder
        self._url = url
        self._sniff = sniff_html
        self._parts: list[bytes] = []
        self.decoded = 0
        self.received = 0

    def feed(self, chunk: bytes) -> None:
        self.received += len(chunk)
        self._add(self._decoder.feed(chunk))

    def finish(self) -> None:
        self._add(self._decoder.flush())
        if self._sniff:
            self._check_html()

    def data(self) -> bytes:
        return b"".join(self._parts)

    def _add(self, data: bytes) -> None:
        if data:
            self._parts.append(data)
            self.decoded += len(data)
        if self._sniff and self.decoded >= _SNIFF_BYTES:
            self._check_html()

    def _check_html(self) -> None:
        self._sniff = False
        head = self.data()[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
        if not _HTML_START.match(head):
            raise ContentTypeError("no HTML type given and the body does not look like HTML")


async def _read_body(
    response: httpx.Response,
    headers: dict[str, str],
    url: str,
    plan: _Plan,
    *,
    sniff_html: bool,
) -> tuple[bytes, bool]:
    """The decoded body and whether it was cut at the cap (only when ``plan.truncate``)."""
    declared = _content_length(headers, url, plan)
    encoding = headers.get("content-encoding")
    with _ErrorsMapped(url):
        body = _Body(BoundedDecoder(encoding, plan.limit, url=url), url, sniff_html=sniff_html)
    try:
        with _ErrorsMapped(url):
            async for chunk in _raw_chunks(response):
                body.feed(chunk)
            body.finish()
    except BodyTooLargeError:
        if not plan.truncate:
            raise
        return body.data(), True
    except ConnectError as exc:
        expected = f" of the {declared} announced" if declared is not None else ""
        reason = f"body cut short after {body.received} bytes{expected}: {exc.reason}"
        raise _Retry(ConnectError(reason, url=url)) from None
    if declared is not None and body.received != declared:
        reason = f"body has {body.received} bytes, Content-Length said {declared}"
        raise _Retry(ConnectError(reason, url=url))
    return body.data(), False


def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body as sent, straight from the transport's stream: not decoded (``aiter_bytes``
    would decode it without a limit), and without ``aiter_raw``'s re-chunking and bookkeeping
    (about 10 µs a page). A response built from bytes (``httpx.MockTransport`` in tests)
    replays them, where ``aiter_raw`` would refuse.
    """
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream):
        return aiter(stream)
    return response.aiter_raw()  # a synchronous stream: aiter_raw raises the right error


def _content_length(headers: dict[str, str], url: str, plan: _Plan) -> int | None:
    """The announced length; refuses a body announced over the cap before reading it."""
    value = headers.get("content-length", "")
    if not value.strip().isdigit():
        return None
    declared = int(value)
    if declared > plan.limit and not plan.truncate:
        raise BodyTooLargeError(
            f"Content-Length {declared} is over the cap of {plan.limit} bytes", url=url
        )
    return declared


def _check_type(content_type: str, expect: Expect, url: str) -> bool:
    """Raise ``ContentTypeError`` for a type ``expect`` refuses; True: sniff the body."""
    media = content_type.split(";", 1)[0].strip().lower()
    if expect == "any":
        return False
    if expect == "html":
        if media in _HTML_TYPES:
            return False
        if media in _AMBIGUOUS_TYPES:
            return True
    elif (
        media in _AMBIGUOUS_TYPES
        or media in _XML_TYPES
        or media.endswith(("+xml", "+json"))
        or media.startswith("text/")
        or (expect == "sitemap" and media in _GZIP_TYPES)
    ):
        return False
    raise ContentTypeError(f"content type {media!r} is not what a {expect} fetch takes", url=url)


# --- helpers -----------------------------------------------------------------------------


def _sendable(value: str, name: str, url: str) -> bool:
    """Whether a stored validator can go out as a header value as it is. One with control
    characters (a header injection) or beyond ASCII is left out: the request is then
    unconditional, which costs a full answer but is always correct."""
    if _HEADER_VALUE.fullmatch(value):
        return True
    logger.debug("%s: %s %r left out: not a valid header value", url, name, value)
    return False


def _resolve(base: str, location: str) -> str:
    try:
        return str(httpx.URL(base).join(location.strip()))
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise BlockedURLError(f"redirect to an invalid URL {location!r}: {exc}", url=base) from None


def _next_hop(chain: list[str], location: str, max_redirects: int) -> str:
    """``location``, unless it closes a loop or makes the chain too long."""
    if location in chain:
        hops = " -> ".join([*chain[chain.index(location) :], location])
        raise TooManyRedirectsError(f"redirect loop: {hops}", url=chain[0])
    if len(chain) > max_redirects:
        raise TooManyRedirectsError(f"more than {max_redirects} redirects", url=chain[0])
    return location


async def _close(response: httpx.Response, url: str) -> None:
    """Close without reading what is left (redirect bodies, refused types, failures)."""
    try:
        await response.aclose()
    except (httpx.HTTPError, httpx.StreamError, aiohttp.ClientError, OSError) as exc:
        logger.debug("%s: error while closing the response: %r", url, exc)


#: Exceptions a request or a body read can raise from below; all become ``FetchError``s.
_LOWER_ERRORS = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    aiohttp.ClientError,
    HttpProcessingError,
    OSError,  # TimeoutError included
    EOFError,  # asyncio.IncompleteReadError
)


class _ErrorsMapped:
    """Turn what httpx, aiohttp, the transport and the decoders raise into ``FetchError``s.

    A class, not ``@contextmanager``: it is entered three times per request, and a generator
    costs several times as much to set up."""

    __slots__ = ("_url",)

    def __init__(self, url: str) -> None:
        self._url = url

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            return
        if isinstance(exc, FetchError):
            if exc.url:
                return  # raised as it is
            raise _rebuild(exc, url=self._url, reason=exc.reason) from exc
        if isinstance(exc, _LOWER_ERRORS):
            raise _map_error(exc, self._url) from exc


#: What an exception from below means, first match wins: (types, error, what to call it).
_MEANINGS: tuple[tuple[tuple[type[BaseException], ...], type[FetchError], str], ...] = (
    ((httpx.ConnectTimeout, aiohttp.ConnectionTimeoutError), FetchTimeoutError, "connect timeout"),
    ((httpx.TimeoutException, TimeoutError), FetchTimeoutError, "read timeout"),
    (
        (httpx.InvalidURL, httpx.UnsupportedProtocol, aiohttp.InvalidURL),
        BlockedURLError,
        "invalid URL",
    ),
    (
        (httpx.RemoteProtocolError, HttpProcessingError, aiohttp.ClientResponseError),
        ConnectError,
        "malformed response",
    ),
    ((httpx.ConnectError, aiohttp.ClientConnectorError), ConnectError, "cannot connect"),
    ((httpx.ReadError, aiohttp.ClientPayloadError), ConnectError, "transfer broken"),
    ((ConnectionResetError,), ConnectError, "connection reset"),
)
#: Longest piece of a lower-level message kept in a reason (some quote what they choked on).
_DETAIL_CHARS = 300


def _map_error(exc: BaseException, url: str) -> FetchError:
    """The ``FetchError`` for an exception from below, classified by what it says happened."""
    detail = str(exc) or type(exc).__name__
    if len(detail) > _DETAIL_CHARS:
        detail = detail[:_DETAIL_CHARS] + "..."
    if BLOCKED_MARKER in detail:
        return BlockedURLError(detail, url=url)
    for types, error, meaning in _MEANINGS:
        if isinstance(exc, types):
            return error(f"{meaning}: {detail}", url=url)
    return ConnectError(f"{type(exc).__name__}: {detail}", url=url)


def _rebuild(exc: FetchError, *, url: str, reason: str) -> FetchError:
    """The same kind of error with another URL or reason."""
    if isinstance(exc, HTTPStatusError):
        return HTTPStatusError(reason, url=url, status=exc.status)
    return type(exc)(reason, url=url)
