"""A small news site on 127.0.0.1, served from ``fixtures/``: for the demo and the tests.

Serves every fixture page under ``/news/<name>.html``, an RSS feed at ``/feed.xml`` listing
them, a sitemap at ``/sitemap.xml``, ``/robots.txt`` naming the sitemap (and disallowing
``/private/``), a home page linking the feed, and short links ``/s/<name>`` that redirect (301)
to ``/news/<name>.html`` as news sites' share links do. Binds port 0 on 127.0.0.1 only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["FIXTURES", "NewsSite", "serve"]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class NewsSite:
    """The site's content, built once from a folder of pages."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages

    @classmethod
    def from_folder(cls, folder: Path = FIXTURES) -> NewsSite:
        return cls({p.name: p.read_bytes() for p in sorted(folder.glob("*.html"))})

    def routes(self, base: str) -> dict[str, tuple[str, bytes]]:
        """Path → (content type, body)."""
        links = [f"{base}/news/{name}" for name in self.pages]
        routes = {f"/news/{name}": ("text/html", body) for name, body in self.pages.items()}
        routes["/feed.xml"] = ("application/rss+xml", _rss(base, links))
        routes["/sitemap.xml"] = ("application/xml", _sitemap(links))
        routes["/robots.txt"] = (
            "text/plain",
            f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n".encode(),
        )
        routes["/"] = ("text/html; charset=utf-8", _home(base))
        return routes

    def short_links(self) -> dict[str, str]:
        """Path → where it redirects: ``/s/<name>`` → ``/news/<name>.html``."""
        return {f"/s/{name.removesuffix('.html')}": f"/news/{name}" for name in self.pages}


def _rss(base: str, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(link.rsplit('/', 1)[-1])}</title><link>{escape(link)}</link>"
        f"<pubDate>{formatdate(0, usegmt=True)}</pubDate></item>"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Demo News</title><link>{escape(base)}/</link>"
        f"<description>Bundled fixture pages</description>{items}</channel></rss>"
    ).encode()


def _sitemap(links: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{escape(link)}</loc></url>" for link in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def _home(base: str) -> bytes:
    return (
        "<!doctype html><html><head><title>Demo News</title>"
        f'<link rel="alternate" type="application/rss+xml" href="{base}/feed.xml">'
        "</head><body><h1>Demo News</h1></body></html>"
    ).encode()


def _handler(
    routes: dict[str, tuple[str, bytes]], redirects: dict[str, str]
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path in redirects:
                self.send_response(301)
                self.send_header("Location", redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            found = routes.get(path)
            if found is None:
                self.send_error(404)
                return
            content_type, body = found
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the demo prints its own summary."""

    return Handler


@contextmanager
def serve(site: NewsSite | None = None) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a background thread; yields the base URL."""
    site = site or NewsSite.from_folder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = _handler(site.routes(base), site.short_links())
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
