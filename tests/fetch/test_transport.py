"""The transport: honest connection errors, the address guard at connect time, no cookies, no
request bodies on GET, undecoded response bodies.

Every server here is a tiny HTTP/1.1 server on 127.0.0.x started by the test; host names are
answered by a fake resolver that refuses anything it does not know, so nothing is ever looked
up or sent beyond the loopback interface.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from cleaner.errors import BlockedURLError, BodyTooLargeError, UsageError
from cleaner.fetch.decoders import BoundedDecoder
from cleaner.fetch.transport import cookie_free_jar, make_transport
from cleaner.settings import FetchSettings

LOCAL = FetchSettings(allow_addresses=("127.0.0.1",), connect_timeout=2, read_timeout=2)
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"

Reply = bytes | Callable[[asyncio.StreamWriter], Awaitable[None]]


class Server:
    """Records every connection and request (head, body) and answers with ``reply(head)``."""

    def __init__(
        self, reply: Callable[[bytes], Reply], host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.reply = reply
        self.host = host
        self.port = port
        self.connections = 0
        self.requests: list[tuple[bytes, bytes]] = []
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Server:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def header(self, index: int, name: bytes) -> bytes | None:
        for line in self.requests[index][0].split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                body = await _read_body(reader, head)
                self.requests.append((head, body))
                reply = self.reply(head)
                if isinstance(reply, bytes):
                    writer.write(reply)
                    await writer.drain()
                else:
                    await reply(writer)
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def _read_body(reader: asyncio.StreamReader, head: bytes) -> bytes:
    lower = head.lower()
    if b"transfer-encoding: chunked" in lower:
        body = b""
        while not body.endswith(b"0\r\n\r\n"):
            body += await reader.readuntil(b"\r\n")
        return body
    for line in lower.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return await reader.readexactly(int(line.split(b":")[1]))
    return b""


async def reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST instead of a FIN."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def stall(writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(5)


class FakeResolver(AbstractResolver):
    """Answers from a table and refuses every other name: the tests never touch real DNS."""

    def __init__(self, table: dict[str, list[str]], delay: float = 0) -> None:
        self.table = table
        self.delay = delay
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        await asyncio.sleep(self.delay)
        if host not in self.table:
            raise OSError(f"fake DNS: no such name {host!r}")
        return [
            ResolveResult(
                hostname=host,
                host=ip,
                port=port,
                family=socket.AF_INET6 if ":" in ip else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for ip in self.table[host]
        ]

    async def close(self) -> None:
        pass


def run(coro: Awaitable[Any]) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 10))


async def get(
    url: str, settings: FetchSettings = LOCAL, resolver: AbstractResolver | None = None
) -> httpx.Response:
    async with httpx.AsyncClient(transport=make_transport(settings, resolver=resolver)) as client:
        response = await client.get(url)
        await response.aread()
        return response


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- honest connection errors (0.2.0 reported all of these as ConnectTimeout) ---------------


def test_refused_port_is_a_connect_error_not_a_timeout() -> None:
    with pytest.raises(httpx.ConnectError) as caught:
        run(get(f"http://127.0.0.1:{free_port()}/"))
    assert not isinstance(caught.value, httpx.TimeoutException)


def test_reset_before_the_response_is_a_connect_error() -> None:
    async def scenario() -> Server:
        async with Server(lambda head: reset) as server:
            with pytest.raises(httpx.ConnectError):
                await get(f"http://127.0.0.1:{server.port}/")
        return server

    assert run(scenario()).requests  # the request did arrive; the answer was a reset


def test_dns_failure_is_a_connect_error() -> None:
    with pytest.raises(httpx.ConnectError) as caught:
        run(get("http://nowhere.test/", resolver=FakeResolver({})))
    assert not isinstance(caught.value, httpx.TimeoutException)


def test_slow_connect_is_a_connect_timeout() -> None:
    settings = LOCAL.model_copy(update={"connect_timeout": 0.2})
    slow_dns = FakeResolver({"slow.test": ["127.0.0.1"]}, delay=3)
    with pytest.raises(httpx.ConnectTimeout):
        run(get("http://slow.test/", settings, slow_dns))


def test_silent_server_is_a_read_timeout() -> None:
    async def scenario() -> None:
        async with Server(lambda head: stall) as server:
            settings = LOCAL.model_copy(update={"read_timeout": 0.2})
            await get(f"http://127.0.0.1:{server.port}/", settings)

    with pytest.raises(httpx.ReadTimeout):
        run(scenario())


def test_body_cut_short_is_a_read_error() -> None:
    async def cut(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        await writer.drain()

    async def scenario() -> None:
        async with Server(lambda head: cut) as server:
            await get(f"http://127.0.0.1:{server.port}/")

    with pytest.raises(httpx.ReadError):
        run(scenario())


# --- the address guard ----------------------------------------------------------------------


def test_socket_factory_refuses_an_address_the_policy_does_not_allow() -> None:
    # 127.0.0.2 is loopback like 127.0.0.1 but not the one allowed address. The name is
    # resolved by the fake resolver, so check_url cannot know: the socket factory must refuse.
    async def scenario() -> Server:
        async with Server(lambda head: OK, host="127.0.0.2") as server:
            resolver = FakeResolver({"other.test": ["127.0.0.2"]})
            with pytest.raises(BlockedURLError) as caught:
                await get(f"http://other.test:{server.port}/", resolver=resolver)
            assert "127.0.0.2: loopback address" in caught.value.reason
            assert caught.value.url == f"http://other.test:{server.port}/"
        return server

    assert run(scenario()).connections == 0


def test_every_address_of_a_host_is_checked() -> None:
    # Several refused addresses: aiohappyeyeballs folds their errors into one plain OSError.
    async def scenario() -> Server:
        async with Server(lambda head: OK, host="127.0.0.2") as server:
            resolver = FakeResolver({"many.test": ["127.0.0.2", "127.0.0.3", "::1"]})
            with pytest.raises(BlockedURLError, match=r"127\.0\.0\.3"):
                await get(f"http://many.test:{server.port}/", resolver=resolver)
        return server

    assert run(scenario()).connections == 0


def test_a_refused_address_falls_through_to_an_allowed_one() -> None:
    async def scenario() -> tuple[Server, Server, httpx.Response]:
        # The same port on 127.0.0.2, so only the guard keeps the request from landing there.
        allowed = Server(lambda head: OK)
        async with allowed, Server(lambda head: OK, "127.0.0.2", port=allowed.port) as refused:
            resolver = FakeResolver({"mixed.test": ["127.0.0.2", "127.0.0.1"]})
            response = await get(f"http://mixed.test:{allowed.port}/", resolver=resolver)
        return allowed, refused, response

    allowed, refused, response = run(scenario())
    assert response.status_code == 200
    assert len(allowed.requests) == 1
    assert refused.connections == 0


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f.1", "0x7f000001", "0177.1", "127.1", "[::ffff:127.0.0.1]"]
)
def test_other_spellings_of_loopback_are_refused_before_connecting(host: str) -> None:
    async def scenario() -> tuple[Server, FakeResolver]:
        async with Server(lambda head: OK) as server:
            resolver = FakeResolver({})
            with pytest.raises(BlockedURLError, match="loopback"):
                await get(f"http://{host}:{server.port}/", FetchSettings(), resolver)
        return server, resolver

    server, resolver = run(scenario())
    assert server.connections == 0
    assert resolver.asked == []  # refused by check_url, before any lookup


def test_allowed_address_is_fetched() -> None:
    async def scenario() -> httpx.Response:
        async with Server(lambda head: OK) as server:
            return await get(f"http://127.0.0.1:{server.port}/")

    response = run(scenario())
    assert response.status_code == 200
    assert response.content == b"ok"


# --- no cookies, no bodies on GET, no decoding ----------------------------------------------


def cookie_server() -> Server:
    return Server(
        lambda head: (
            b"HTTP/1.1 200 OK\r\nSet-Cookie: session=abc; Path=/\r\nContent-Length: 0\r\n\r\n"
        )
    )


def test_transport_keeps_no_cookies() -> None:
    async def scenario() -> Server:
        async with cookie_server() as server:
            resolver = FakeResolver({"site.test": ["127.0.0.1"]})  # aiohttp ignores IP cookies
            transport = make_transport(LOCAL, resolver=resolver)
            for _ in range(2):
                request = httpx.Request("GET", f"http://site.test:{server.port}/")
                response = await transport.handle_async_request(request)
                await response.aread()
                await response.aclose()
            await transport.aclose()
        return server

    server = run(scenario())
    assert len(server.requests) == 2
    assert server.header(1, b"cookie") is None


def test_client_with_cookie_free_jar_keeps_no_cookies() -> None:
    async def scenario() -> tuple[Server, int]:
        async with cookie_server() as server:
            resolver = FakeResolver({"site.test": ["127.0.0.1"]})
            transport = make_transport(LOCAL, resolver=resolver)
            async with httpx.AsyncClient(transport=transport, cookies=cookie_free_jar()) as client:
                for _ in range(2):
                    await client.get(f"http://site.test:{server.port}/")
                return server, len(client.cookies.jar)

    server, stored = run(scenario())
    assert stored == 0
    assert server.header(1, b"cookie") is None


def test_redirected_get_carries_no_body() -> None:
    def reply(head: bytes) -> bytes:
        if head.startswith(b"GET /start "):
            return b"HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"
        return OK

    async def scenario() -> Server:
        async with Server(reply) as server:
            transport = make_transport(LOCAL)
            async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
                response = await client.get(f"http://127.0.0.1:{server.port}/start")
                assert response.status_code == 200
        return server

    server = run(scenario())
    assert [head.split(b" ")[1] for head, _ in server.requests] == [b"/start", b"/next"]
    for index, (_, body) in enumerate(server.requests):
        assert server.header(index, b"transfer-encoding") is None
        assert server.header(index, b"content-length") is None
        assert body == b""


def test_get_with_a_body_is_refused() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/", content=b"payload")
    with pytest.raises(UsageError, match="must not carry a body"):
        run(make_transport(LOCAL).handle_async_request(request))


PAGE = b"<html><body><p>" + b"words " * 2000 + b"</p></body></html>"


def gzip_server(body: bytes) -> Server:
    return Server(
        lambda head: (
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
    )


def test_raw_chunks_are_the_bytes_as_sent() -> None:
    compressed = gzip.compress(PAGE)

    async def scenario() -> bytes:
        async with gzip_server(compressed) as server:
            transport = make_transport(LOCAL)
            async with httpx.AsyncClient(transport=transport) as client:
                request = client.build_request("GET", f"http://127.0.0.1:{server.port}/")
                response = await client.send(request, stream=True)
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
                await response.aclose()
                return raw

    raw = run(scenario())
    assert raw == compressed
    decoder = BoundedDecoder("gzip", len(PAGE))
    assert decoder.feed(raw) + decoder.flush() == PAGE


def test_a_bomb_through_the_transport_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (20 << 20), compresslevel=9)  # 20 MiB in ~20 KiB

    async def scenario() -> None:
        async with gzip_server(bomb) as server:
            transport = make_transport(LOCAL)
            async with httpx.AsyncClient(transport=transport) as client:
                request = client.build_request("GET", f"http://127.0.0.1:{server.port}/")
                response = await client.send(request, stream=True)
                decoder = BoundedDecoder(response.headers["content-encoding"], 1 << 20)
                try:
                    async for chunk in response.aiter_raw():
                        decoder.feed(chunk)
                finally:
                    await response.aclose()

    with pytest.raises(BodyTooLargeError):
        run(scenario())


def test_default_headers_are_ours_not_aiohttps() -> None:
    async def scenario() -> Server:
        async with Server(lambda head: OK) as server:
            transport = make_transport(LOCAL)
            request = httpx.Request("GET", f"http://127.0.0.1:{server.port}/")
            response = await transport.handle_async_request(request)
            await response.aread()
            await transport.aclose()
        return server

    server = run(scenario())
    assert server.header(0, b"user-agent") == LOCAL.agent.encode()
    assert server.header(0, b"accept-encoding") == b"gzip, deflate, br"
