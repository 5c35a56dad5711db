"""A fast local news site for ``bench.fetch``: ``python -m bench.fetch_server --pages N``.

Serves ``/p/{i}`` (0 <= i < N): a deterministic ~60 KB article page (``make_page``), and
``/robots.txt``. Binds 127.0.0.1 port 0, prints the port on stdout once every page is built,
and serves until killed. It runs in its own process so that its CPU is never counted as the
client's, and it is a bare asyncio protocol (keep-alive HTTP/1.1, responses prebuilt as bytes)
so that it costs a small fraction of what the clients under test cost per page.

``--gzip`` serves a gzip body to requests that accept it (every client here does), to measure
the clients' decoding too; by default bodies are sent as they are.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import json
import random
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

__all__ = [
    "PAGE_BYTES",
    "Responses",
    "WorkerError",
    "build_responses",
    "main",
    "make_page",
    "page_path",
    "run_worker",
    "serving",
]

REPO = Path(__file__).resolve().parent.parent
PAGE_BYTES = 60_000  # the size the pages are built around; each varies by up to ±10 %
_MAX_HEAD = 64 * 1024

_VOCABULARY = (
    "the council city harbor storm season vote plan budget million residents officials said "
    "would could after before during years week month report water north south quay seawall "
    "construction project engineers mayor state federal funding cost estimate public hearing "
    "members district neighborhood community business owners local school families weather "
    "flooding record damage repairs insurance agency program analysis data study university "
    "researchers expected increase decrease percent first second final meeting tuesday monday "
    "evening morning support opposition proposal approved rejected delayed schedule contract "
    "company workers union agreement transport ferry service islands bridge road traffic "
    "emergency response volunteers shelter power outage coastal erosion sand dunes wetlands "
    "habitat species environmental review permit application court ruling appeal lawyers"
)
_WORDS = _VOCABULARY.split()
_NAMES = ("Maria Lopez", "James Okafor", "Lena Fischer", "Tomás Rivera", "Aiko Tanaka")
_SECTIONS = ("Local", "Business", "Climate", "Politics", "Transport")
# The article body's container differs between pages, as it does between real sites.
_LAYOUTS = (
    ('<article class="story">', '<div class="story-body">', "</div></article>"),
    ('<div class="post">', '<div class="entry-content">', "</div></div>"),
    ('<main><div class="article">', '<section class="article-body">', "</section></div></main>"),
)


def page_path(i: int) -> str:
    return f"/p/{i}"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 24))
    if len(words) > 10:
        words[rng.randint(4, len(words) - 4)] += ","
    return " ".join(words).capitalize() + rng.choice(".....?")


@functools.cache
def _sentences() -> tuple[str, ...]:
    """A fixed pool that paragraphs draw from: building every sentence afresh is 10x slower."""
    rng = random.Random(-1)
    return tuple(_sentence(rng) for _ in range(4000))


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choices(_sentences(), k=rng.randint(2, 6)))


def _head(i: int, rng: random.Random, title: str, section: str) -> str:
    """Metadata, JSON-LD, a stylesheet and an analytics script: what a real <head> carries."""
    url = f"https://harborledger.example.com/news/2025/03/{i}"
    author = rng.choice(_NAMES)
    script = "\n".join(
        f"  window.__cfg{n} = {{id: {rng.randint(1, 10**9)}, slot: 'ad-{n}', sizes: "
        f"[[300, 250], [728, 90]], targeting: {{section: '{section.lower()}', page: {i}}}}};"
        for n in range(40)
    )
    style = " ".join(
        f".c{n}{{margin:{n % 7}px 0;padding:{n % 5}px;color:#{rng.randrange(0x1000000):06x}}}"
        for n in range(60)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} — The Harbor Ledger</title>\n"
        f'<meta name="description" content="{_sentence(rng)}">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<meta property="og:title" content="{title}">\n'
        '<meta property="og:site_name" content="The Harbor Ledger">\n'
        '<meta property="article:published_time" content="2025-03-14T07:15:00-04:00">\n'
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "NewsArticle", "headline": "{title}", "url": "{url}", '
        f'"author": {{"@type": "Person", "name": "{author}"}}, '
        '"datePublished": "2025-03-14T07:15:00-04:00"}</script>\n'
        f"<style>{style}</style>\n<script>\n{script}\n</script>\n</head>\n"
    )


def _furniture(rng: random.Random, kind: str, links: int) -> str:
    items = "".join(
        f'<li><a href="/{kind}/{rng.randint(1, 9999)}">{rng.choice(_sentences())[:40]}</a></li>'
        for _ in range(links)
    )
    return f'<nav class="{kind}"><ul>{items}</ul></nav>\n'


def make_page(i: int, size: int = PAGE_BYTES) -> bytes:
    """Page ``i``: the same bytes on every call, ``size`` ± 10 %, UTF-8, a real article."""
    rng = random.Random(i)
    target = size + rng.randint(-size // 10, size // 10)
    section = rng.choice(_SECTIONS)
    title = _sentence(rng).rstrip(".?")
    opening, body_open, closing = _LAYOUTS[i % len(_LAYOUTS)]
    top = (
        _head(i, rng, title, section)
        + '<body>\n<a class="skip-link" href="#main">Skip to main content</a>\n'
        + _furniture(rng, "menu", 30)
        + f"{opening}\n<h1>{title}</h1>\n"
        + f'<p class="byline">By <a rel="author" href="/staff">{rng.choice(_NAMES)}</a></p>\n'
        + '<time datetime="2025-03-14T07:15:00-04:00">March 14, 2025</time>\n'
        + f"{body_open}\n"
    )
    bottom = (
        f'{closing}\n<aside class="related"><h2>More in {section}</h2>\n'
        + _furniture(rng, "related", 12)
        + "</aside>\n<footer>"
        + _furniture(rng, "footer", 25)
        + "<p>© 2025 The Harbor Ledger</p></footer>\n</body>\n</html>\n"
    )
    room = target - len(top.encode()) - len(bottom.encode())
    paragraphs: list[str] = []
    while room > 0:
        paragraph = f"<p>{_paragraph(rng)}</p>\n"
        paragraphs.append(paragraph)
        room -= len(paragraph.encode())
    return (top + "".join(paragraphs) + bottom).encode()


Responses = Mapping[bytes, tuple[bytes, bytes | None]]  # path → (identity, gzip or None)


def _response(body: bytes, content_type: bytes, encoding: bytes | None = None) -> bytes:
    head = [b"HTTP/1.1 200 OK", b"Content-Type: " + content_type]
    if encoding:
        head.append(b"Content-Encoding: " + encoding)
    head += [b"Content-Length: " + str(len(body)).encode(), b"Vary: Accept-Encoding"]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def build_responses(pages: int, *, size: int = PAGE_BYTES, compress: bool = False) -> Responses:
    """Every response, prebuilt: serving one is a dict look-up and a write."""
    html = b"text/html; charset=utf-8"
    responses: dict[bytes, tuple[bytes, bytes | None]] = {}
    for i in range(pages):
        body = make_page(i, size)
        zipped = _response(gzip.compress(body, 6), html, b"gzip") if compress else None
        responses[page_path(i).encode()] = (_response(body, html), zipped)
    robots = _response(b"User-agent: *\nAllow: /\n", b"text/plain; charset=utf-8")
    responses[b"/robots.txt"] = (robots, None)
    return responses


_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class _Server(asyncio.Protocol):
    """HTTP/1.1 GET with keep-alive and pipelining; no request bodies."""

    def __init__(self, responses: Responses) -> None:
        self.responses = responses
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            if not self._answer(head):
                self.transport.write(_BAD_REQUEST)
                self.transport.close()
                return
        if len(self.buffer) > _MAX_HEAD:
            self.transport.close()

    def _answer(self, head: bytes) -> bool:
        assert self.transport is not None
        request_line, _, fields = head.partition(b"\r\n")
        parts = request_line.split(b" ")
        if len(parts) != 3 or parts[0] != b"GET":
            return False
        plain, zipped = self.responses.get(parts[1].split(b"?")[0], (_NOT_FOUND, None))
        lowered = fields.lower()
        self.transport.write(zipped if zipped and b"gzip" in lowered else plain)
        if b"connection: close" in lowered:
            self.transport.close()
        return True


async def serve(responses: Responses) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Server(responses), "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


# -- the parent's side: start the server, run a measuring worker ------------------------------


@contextmanager
def serving(pages: int, *, size: int = PAGE_BYTES, compress: bool = False) -> Iterator[int]:
    """Run the server in a child process while the block runs; yields its port."""
    cmd = [sys.executable, "-m", "bench.fetch_server", "--pages", str(pages), "--size", str(size)]
    with subprocess.Popen(
        [*cmd, "--gzip"] if compress else cmd, cwd=REPO, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line.strip().isdigit():
                raise WorkerError(f"the bench server did not start (exit status {proc.poll()})")
            yield int(line)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


class WorkerError(Exception):
    """A measuring process failed: it exited with an error or printed no result."""


def run_worker(args: Sequence[str], *, timeout: float) -> dict[str, Any]:
    """Run ``python -m ARGS`` in a fresh process; its result is the last JSON line it prints."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise WorkerError(f"{' '.join(args[:3])}: no result after {timeout:.0f} s") from exc
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
        raise WorkerError(f"{' '.join(args[:3])}: exit status {done.returncode}: {tail}")
    result = json.loads(lines[-1])
    assert isinstance(result, dict)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fetch_server", description=__doc__)
    p.add_argument("--pages", type=int, default=1000, help="serve /p/0 .. /p/N-1")
    p.add_argument("--size", type=int, default=PAGE_BYTES, help="bytes per page, ±10 %%")
    p.add_argument("--gzip", action="store_true", help="gzip bodies for clients that accept it")
    args = p.parse_args(argv)
    responses = build_responses(args.pages, size=args.size, compress=args.gzip)
    with suppress(KeyboardInterrupt):
        asyncio.run(serve(responses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
