"""The httpx transport: aiohttp underneath, with the address guard in the socket factory.

Why aiohttp under httpx: ``aiohttp.TCPConnector(socket_factory=...)`` sees the exact address
each socket is about to connect to, after DNS and for IP literals alike, which is where an
address guard has to sit (httpx's own transport offers no such hook).

``httpx_aiohttp.AiohttpTransport`` 0.2.0 does the plumbing but has three quirks, handled here:

- **Every connection failure became ``httpx.ConnectTimeout``.** Its exception map picks the
  first match for ``aiohttp.ClientConnectionError`` and never prefers the more specific
  ``ClientConnectorError``, so "connection refused" read as a timeout (and a timeout is
  retried differently). ``GuardedTransport`` maps errors itself, by phase: refused, reset and
  DNS failures are ``httpx.ConnectError``; connect timeouts ``httpx.ConnectTimeout``; waiting
  too long for bytes ``httpx.ReadTimeout``; a broken body ``httpx.ReadError``; an address the
  policy refuses is ``cleaner.errors.BlockedURLError`` with the policy's reason.
- **A second cookie jar.** Its default ``ClientSession`` stores cookies and sends them back,
  behind httpx's back. The session here has ``aiohttp.DummyCookieJar``; ``cookie_free_jar``
  does the same for httpx's own jar.
- **Redirect GETs with an empty chunked body.** httpx builds the follow-up request of a
  redirect from the previous request's stream; ``request.content`` then raises
  ``RequestNotRead``, and 0.2.0 hands the stream to aiohttp, which sends it chunked
  (``Transfer-Encoding: chunked`` and ``0\\r\\n\\r\\n`` on a GET). Here the body is read first;
  GET and HEAD never carry one.

Bodies are never decoded here (``auto_decompress=False``): ``response.aiter_raw()`` yields the
bytes as sent, for ``cleaner.fetch.decoders.BoundedDecoder``. Do not use ``aiter_bytes()``:
that is httpx's unbounded decoder again.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import AsyncIterator
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, NoReturn

import aiohttp
import httpx
import yarl
from aiohttp.abc import AbstractResolver
from httpx_aiohttp import AiohttpTransport

from cleaner.errors import BlockedURLError, UsageError
from cleaner.fetch.decoders import ACCEPT_ENCODING
from cleaner.fetch.guard import (
    BLOCKED_MARKER,
    AddressPolicy,
    BlockedAddressError,
    guarded_socket_factory,
)
from cleaner.settings import FetchSettings

__all__ = ["GuardedTransport", "cookie_free_jar", "make_transport"]

# Methods that never carry a request body here.
_BODYLESS = frozenset({"GET", "HEAD"})

_CHUNK = 64 * 1024

# aiohttp warns (DeprecationWarning) about enable_cleanup_closed where CPython fixed the
# SSL transport leak it works around (3.12.7+, 3.13.1+); it is only needed before that.
_FIXED_IN_3_13 = (3, 13, 1)
_NEEDS_CLEANUP_CLOSED = (
    sys.version_info < (3, 12, 7) or (3, 13) <= sys.version_info < _FIXED_IN_3_13
)


def make_transport(
    settings: FetchSettings, *, resolver: AbstractResolver | None = None
) -> GuardedTransport:
    """The transport for ``httpx.AsyncClient(transport=...)``.

    ``resolver`` replaces aiohttp's threaded ``getaddrinfo`` resolver (tests use a fake one to
    resolve a name to several addresses); the socket factory checks its answers all the same.
    """
    return GuardedTransport(settings, resolver=resolver)


class _NoCookieJar(CookieJar):
    """Keeps nothing and parses nothing: ``extract_cookies`` would otherwise build an email
    message of every response's headers only for the policy to refuse each cookie (a quarter
    of the client's time per request in ``bench.fetch``)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return

    def add_cookie_header(self, request: Any) -> None:
        return

    def set_cookie(self, cookie: Any) -> None:
        return


def cookie_free_jar() -> CookieJar:
    """A cookie jar that keeps nothing, for ``httpx.AsyncClient(cookies=cookie_free_jar())``.

    httpx stores every ``Set-Cookie`` it sees in the client's jar and sends it back; a crawler
    should neither be tracked across pages nor grow a jar with every site it visits.
    """
    return _NoCookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


class GuardedTransport(AiohttpTransport):
    """``AiohttpTransport`` with the address guard, honest errors and no cookies.

    The aiohttp session is created at the first request, inside the running event loop
    (aiohttp's connector requires one); ``aclose`` closes it.
    """

    def __init__(
        self, settings: FetchSettings, *, resolver: AbstractResolver | None = None
    ) -> None:
        super().__init__(trust_env=False, client=self._new_session)
        self._settings = settings
        self._policy = AddressPolicy.from_settings(settings)
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._policy.check_url(request.url)
        url = str(request.url)
        body = await _request_body(request)
        if self._session is None:
            self._session = self._new_session()
            self.client = self._session
        try:
            response = await self._session.request(
                request.method,
                yarl.URL(url, encoded=True),  # as httpx encoded it: no second normalisation
                headers=request.headers.multi_items(),
                data=body,
                allow_redirects=False,  # the fetcher follows redirects, re-checking each URL
                auto_decompress=False,
                timeout=self._timeout(request),
                server_hostname=request.extensions.get("sni_hostname"),
            )
        except (aiohttp.ClientError, OSError) as exc:  # asyncio.TimeoutError is an OSError
            _raise_connect_error(exc, request)
        extensions: dict[str, Any] = {
            "http_version": f"HTTP/{response.version.major}.{response.version.minor}".encode()
            if response.version
            else b"HTTP/1.1",
        }
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1", "replace")
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_RawStream(response, request),
            request=request,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.client = self._new_session

    def _new_session(self) -> aiohttp.ClientSession:
        settings = self._settings
        connector = aiohttp.TCPConnector(
            socket_factory=guarded_socket_factory(self._policy),
            resolver=self._resolver,
            ssl=self.ssl_context,  # httpx's (certifi) context, as httpx would verify
            limit=settings.concurrency,
            limit_per_host=0,  # per-host politeness is the throttle's job
            ttl_dns_cache=300,
            enable_cleanup_closed=_NEEDS_CLEANUP_CLOSED,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            trust_env=False,  # no proxy from the environment: it would bypass the guard
            # Used only when the httpx request lacks them; never aiohttp's own agent.
            headers={"User-Agent": settings.agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=aiohttp.ClientTimeout(
                connect=settings.connect_timeout, sock_read=settings.read_timeout
            ),
        )

    def _timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        """The settings' timeouts, shortened by the request's own (httpx.Timeout) if smaller.

        aiohttp's ``connect`` covers waiting for a pooled connection, DNS and the TCP/TLS
        handshake; ``sock_read`` is the longest wait for the next bytes, headers included.
        """
        wanted = request.extensions.get("timeout", {})
        connect = _shorter(self._settings.connect_timeout, wanted.get("connect"))
        read = _shorter(self._settings.read_timeout, wanted.get("read"))
        return _client_timeout(connect, read)


class _RawStream(httpx.AsyncByteStream):
    """The response body exactly as received, with aiohttp's errors mapped to httpx's."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk
        except (aiohttp.ClientError, OSError) as exc:
            if isinstance(exc, asyncio.TimeoutError):
                raise httpx.ReadTimeout(str(exc) or "read timeout", request=self._request) from exc
            raise httpx.ReadError(str(exc) or type(exc).__name__, request=self._request) from exc

    async def aclose(self) -> None:
        # An unfinished body leaves the connection unusable; aiohttp closes it then.
        self._response.release()
        await self._response.wait_for_close()


async def _request_body(request: httpx.Request) -> bytes | None:
    """The request body as bytes, never a stream: aiohttp would send a stream chunked."""
    body = await request.aread()
    if request.method in _BODYLESS:
        if body:
            raise UsageError(f"a {request.method} request must not carry a body")
        # Left over from the request a redirect was built from; aiohttp sets its own.
        for name in ("transfer-encoding", "content-length"):
            request.headers.pop(name, None)
        return None
    request.headers.pop("transfer-encoding", None)
    return body


@functools.lru_cache(maxsize=64)
def _client_timeout(connect: float, read: float) -> aiohttp.ClientTimeout:
    """One frozen ClientTimeout per pair: a run uses one or two pairs for every request."""
    return aiohttp.ClientTimeout(total=None, connect=connect, sock_connect=connect, sock_read=read)


def _shorter(mine: float, theirs: float | None) -> float:
    return mine if theirs is None else min(mine, theirs)


def _raise_connect_error(exc: BaseException, request: httpx.Request) -> NoReturn:
    """Raise what ``exc``, met before the response headers arrived, really is."""
    message = str(exc) or type(exc).__name__
    reason = _blocked_reason(exc)
    if reason is not None:
        raise BlockedURLError(reason, url=str(request.url)) from exc
    if isinstance(exc, aiohttp.SocketTimeoutError):
        raise httpx.ReadTimeout(message, request=request) from exc
    if isinstance(exc, asyncio.TimeoutError):
        raise httpx.ConnectTimeout(message, request=request) from exc
    if isinstance(exc, aiohttp.InvalidURL):
        raise BlockedURLError(f"invalid URL: {message}", url=str(request.url)) from exc
    if isinstance(exc, (aiohttp.ClientConnectionError, OSError)):
        raise httpx.ConnectError(message, request=request) from exc
    if isinstance(exc, aiohttp.ClientResponseError):
        raise httpx.RemoteProtocolError(message, request=request) from exc
    raise httpx.TransportError(message, request=request) from exc


def _blocked_reason(exc: BaseException) -> str | None:
    """The policy's reason if the socket factory refused the address(es), else ``None``.

    aiohttp wraps the factory's error in ``ClientConnectorError(os_error=...)``; when a host
    has several addresses, aiohappyeyeballs folds their errors into one plain ``OSError``
    whose message holds each of them, so the marker text is the only trace left.
    """
    os_error = exc.os_error if isinstance(exc, aiohttp.ClientConnectorError) else exc
    if isinstance(os_error, BlockedAddressError):
        return os_error.reason
    text = str(os_error)
    if BLOCKED_MARKER in text:
        return text
    return None
