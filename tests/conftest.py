"""Shared fixtures: a loopback web site full of faults, and the bad-input counter.

``site`` runs an aiohttp server on 127.0.0.1 (port 0) in a thread with its own event loop, so
tests can drive the fetcher with plain ``asyncio.run``. Nothing leaves the loopback interface:
the "other address" route points at 127.0.0.2, where nothing listens and the guard must refuse
to connect anyway.

``bad_inputs`` counts hostile inputs the suite threw at the code; the run ends with one line,
"N bad inputs tried, C crashes, L records lost, max RSS X MiB".
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import resource
import socket
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache

import brotli
import pytest
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

PAGE = (
    b"<!doctype html><html><head><title>A page</title></head>"
    b"<body><article><p>Hello from the loopback site.</p></article></body></html>"
)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
#: Decoded size of the compression bombs: 200 times the 100 KB cap the tests use.
BOMB_BYTES = 20 * 1024 * 1024
#: Size of the "larger than the cap" bodies.
BIG_BYTES = 300 * 1024


# --- the bad-input counter ---------------------------------------------------------------------


@dataclass
class BadInputs:
    """Hostile inputs tried, crashes seen (an unexpected exception) and records lost."""

    n_tried: int = 0
    n_crashes: int = 0
    n_lost: int = 0

    def tried(self, n: int = 1) -> None:
        self.n_tried += n

    def crash(self) -> None:
        self.n_crashes += 1

    def lost(self) -> None:
        self.n_lost += 1


_BAD_INPUTS = pytest.StashKey[BadInputs]()


@pytest.fixture(scope="session")
def bad_inputs(pytestconfig: pytest.Config) -> BadInputs:
    return pytestconfig.stash.setdefault(_BAD_INPUTS, BadInputs())


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    counts = config.stash.get(_BAD_INPUTS, BadInputs())
    kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    terminalreporter.write_line(
        f"{counts.n_tried} bad inputs tried, {counts.n_crashes} crashes, "
        f"{counts.n_lost} records lost, max RSS {kib / 1024:.0f} MiB"
    )


# --- payloads ----------------------------------------------------------------------------------


@cache
def bomb(encoding: str) -> bytes:
    """BOMB_BYTES of zeros compressed with ``encoding`` (a few KB on the wire)."""
    zeros = bytes(BOMB_BYTES)
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=6)
    if encoding == "deflate":
        return zlib.compress(zeros, 6)
    if encoding == "br":
        return bytes(brotli.compress(zeros, quality=4))
    raise ValueError(encoding)


# --- the site ----------------------------------------------------------------------------------


class Site:
    """A loopback HTTP server with a fixed set of faulty routes; tests may add their own.

    ``routes`` maps a path to an aiohttp handler; a key ending in "/" serves every path below
    it. ``hits`` counts requests per path and ``requests`` keeps each one's headers.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="loopback-site", daemon=True)
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.port = 0
        self._raw_servers: list[asyncio.AbstractServer] = []
        self._closed_socket = socket.socket()
        self._stopping: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None

    # -- life cycle

    def start(self) -> None:
        self._thread.start()
        self.call(self._start())
        self.routes.update(self._fixed_routes())
        # Bound but never listening: connecting to it is refused, with no race on the port.
        self._closed_socket.bind(("127.0.0.1", 0))

    def close(self) -> None:
        try:
            self.call(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()
            self._closed_socket.close()

    def call(self, coro: Awaitable[object], timeout: float = 10) -> object:
        """Run ``coro`` in the server's loop and wait for its result."""

        async def wrapper() -> object:
            return await coro

        return asyncio.run_coroutine_threadsafe(wrapper(), self.loop).result(timeout)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def _start(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        tcp = web.TCPSite(self._runner, "127.0.0.1", 0)
        await tcp.start()
        self.port = self._runner.addresses[0][1]

    async def _stop(self) -> None:
        assert self._stopping is not None and self._runner is not None
        self._stopping.set()
        for server in self._raw_servers:
            server.close()
            await server.wait_closed()
        await self._runner.cleanup()

    # -- addresses

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def refused_url(self) -> str:
        """A URL whose port refuses connections."""
        return f"http://127.0.0.1:{self._closed_socket.getsockname()[1]}/page.html"

    def raw(self, reply: bytes = b"", *, reset: bool = False, path: str = "/page.html") -> str:
        """A URL served by a raw socket: after reading the request it sends ``reply`` and
        closes, with a TCP reset (SO_LINGER 0) when ``reset`` is set."""
        port = self.call(self._raw_server(reply, reset))
        return f"http://127.0.0.1:{port}{path}"

    @property
    def reset_url(self) -> str:
        """A URL whose server resets the connection instead of answering."""
        return self.raw(reset=True)

    @property
    def truncated_url(self) -> str:
        """A page whose Content-Length promises 1000 bytes; the connection closes after 100."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
        return self.raw(head + PAGE[:100])

    async def _raw_server(self, reply: bytes, reset: bool) -> int:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                await reader.readuntil(b"\r\n\r\n")
                self.hits["raw"] += 1
                if reply:
                    writer.write(reply)
                    await writer.drain()
                if reset:
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        self._raw_servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    # -- routing

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] += 1
        self.requests.append((path, dict(request.headers)))
        handler = self.routes.get(path) or self._prefix_handler(path)
        if handler is None:
            raise web.HTTPNotFound()
        return await handler(request)

    def _prefix_handler(self, path: str) -> Handler | None:
        for prefix, handler in self.routes.items():
            if prefix.endswith("/") and path.startswith(prefix):
                return handler
        return None

    async def wait_stopping(self, timeout: float = 30) -> None:
        """Wait (in the server loop) until the site shuts down: a server that never answers."""
        assert self._stopping is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout)

    def _fixed_routes(self) -> dict[str, Handler]:
        return {
            "/page.html": html(PAGE),
            "/private/": html(PAGE),
            "/robots.txt": text(ROBOTS),
            "/hang": self._hang,
            "/drip": self._drip,
            "/loop/a": redirect("/loop/b"),
            "/loop/b": redirect("/loop/a"),
            "/chain/": self._chain,
            "/to-other-ip": redirect(f"http://127.0.0.2:{self.port}/page.html"),
            "/to-file": redirect("file:///etc/passwd"),
            "/busy": self._then_ok("/busy", status_429(lambda: "1")),
            "/busy-date": self._then_ok("/busy-date", status_429(_http_date_in_a_few_seconds)),
            "/flaky": self._then_ok("/flaky", status(503)),
            "/down": status(503),
            "/etag": self._etag,
            "/doc.pdf": self._pdf,
            "/img.png": typed(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
            "/untyped.html": typed(PAGE, "application/octet-stream"),
            "/untyped.png": typed(b"\x89PNG\r\n\x1a\n" + bytes(64), "application/octet-stream"),
            "/bomb.gz": encoded("gzip"),
            "/bomb.deflate": encoded("deflate"),
            "/bomb.br": encoded("br"),
            "/redirect-bomb": redirect("/page.html", body=bomb("gzip"), encoding="gzip"),
            "/big": html(b"<html>" + b"x" * BIG_BYTES),
            "/big-chunked": self._big_chunked,
        }

    async def _hang(self, request: web.Request) -> web.StreamResponse:
        await self.wait_stopping()
        return web.Response(status=204)

    async def _drip(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        assert self._stopping is not None
        with contextlib.suppress(OSError):
            for _ in range(300):
                if self._stopping.is_set():
                    break
                await response.write(b"x")
                await asyncio.sleep(0.2)
        return response

    async def _chain(self, request: web.Request) -> web.StreamResponse:
        hops = int(request.path.rsplit("/", 1)[1])
        if hops == 0:
            return web.Response(body=PAGE, content_type="text/html")
        raise web.HTTPFound(f"/chain/{hops - 1}")

    def _then_ok(self, path: str, first: Handler) -> Handler:
        """``first`` on the first request to ``path``, the page after that."""

        async def handler(request: web.Request) -> web.StreamResponse:
            if self.hits[path] == 1:
                return await first(request)
            return web.Response(body=PAGE, content_type="text/html")

        return handler

    async def _etag(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=PAGE, content_type="text/html", headers={"ETag": '"v1"'})

    async def _pdf(self, request: web.Request) -> web.StreamResponse:
        """A PDF whose body never ends: reading it instead of checking the type first hangs."""
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        await response.prepare(request)
        with contextlib.suppress(OSError):
            await response.write(b"%PDF-1.7\n" + bytes(1024))
            await self.wait_stopping()
        return response

    async def _big_chunked(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        with contextlib.suppress(OSError):
            for _ in range(BIG_BYTES // 16384 + 1):
                await response.write(b"x" * 16384)
        return response


def html(body: bytes) -> Handler:
    return typed(body, "text/html")


def text(body: bytes) -> Handler:
    return typed(body, "text/plain")


def typed(body: bytes, content_type: str, **headers: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers={"Content-Type": content_type, **headers})

    return handler


def status(code: int, **headers: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=code, body=b"error", headers=headers)

    return handler


def status_429(retry_after: Callable[[], str]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=429, headers={"Retry-After": retry_after()})

    return handler


def redirect(location: str, *, code: int = 302, body: bytes = b"", encoding: str = "") -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        headers = {"Location": location, "Content-Type": "text/html"}
        if encoding:
            headers["Content-Encoding"] = encoding
        return web.Response(status=code, body=body, headers=headers)

    return handler


def encoded(encoding: str) -> Handler:
    payload = bomb(encoding)

    async def handler(request: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": "text/html", "Content-Encoding": encoding}
        return web.Response(body=payload, headers=headers)

    return handler


def _http_date_in_a_few_seconds() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh loopback site per test (hit counters start at zero)."""
    server = Site()
    server.start()
    try:
        yield server
    finally:
        server.close()
