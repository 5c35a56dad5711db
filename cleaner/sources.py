"""Where the URLs to fetch come from: URL lists, RSS/Atom/JSON feeds, XML and text sitemaps.

Every source yields ``Target``\\ s whose URLs are normalised by ``cleaner.urls.normalise_url``;
``targets`` chains them and hands each URL on once per run.

Feeds and sitemaps are untrusted XML from the network, so:

- ``feedparser.parse`` is only ever given a ``BytesIO``: given ``str`` *or bytes* it tries
  them as a URL or a local file name first (``feedparser.parse(b"/etc/passwd")`` reads the
  file), a test pins this;
- a feed whose prolog declares entities (``<!DOCTYPE x [<!ENTITY ...>]>``) is refused before
  feedparser sees it. feedparser strips such declarations itself and turns off external
  entities, but it finds the prolog's end at the first ``<`` + letter, so ``<!-- <rss> -->``
  before the DOCTYPE slips a billion laughs past it to expat, where only expat's own
  amplification limit (expat >= 2.4) stops it, after seconds; tests pin the refusal;
- sitemaps are parsed by ``defusedxml`` with DTDs forbidden (so no entity of any kind), as a
  stream (``iterparse``), clearing each ``<url>`` once read;
- sizes are capped: ``MAX_FEED_BYTES`` for a feed, ``MAX_SITEMAP_BYTES`` for a sitemap before
  *and* after gzip decompression (a gzip bomb stops at the cap), ``MAX_SITEMAP_URLS`` entries
  per sitemap (the protocol's 50,000), ``MAX_SITEMAP_ELEMENTS`` and ``MAX_XML_DEPTH``;
- ``expand_sitemaps`` follows indexes breadth-first, each sitemap once, to ``max_depth`` levels
  and at most ``max_sitemaps`` fetches, so an index that lists itself or a loop ends.

A source that cannot be read raises ``SourceError``; the async helpers that read many sources
log such failures and go on, so one broken feed never ends a run.

The limits are module constants (keyword arguments where a caller may need another value)
rather than ``Settings`` fields: no stage configures sources yet.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import zlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from cleaner.errors import CleanerError, SourceError
from cleaner.extraction.dom import parse
from cleaner.extraction.guard import check_structure
from cleaner.records import SourceKind, Target
from cleaner.settings import ExtractSettings
from cleaner.urls import Seen, normalise_url

__all__ = [
    "MAX_FEED_BYTES",
    "MAX_SITEMAP_BYTES",
    "MAX_SITEMAP_ELEMENTS",
    "MAX_SITEMAP_URLS",
    "MAX_XML_DEPTH",
    "Discovered",
    "SitemapDoc",
    "discover",
    "discover_feeds",
    "discover_sitemaps",
    "expand_sitemaps",
    "parse_feed",
    "parse_sitemap",
    "targets",
    "urls_from_lines",
]

logger = logging.getLogger(__name__)

#: A feed larger than this is refused. Real feeds are well under 1 MiB; this matches the
#: fetcher's default body cap (``FetchSettings.max_body_bytes``).
MAX_FEED_BYTES = 10 * 1024 * 1024
#: The sitemap protocol's limit, 50 MiB, on the bytes as fetched and again once uncompressed.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: The sitemap protocol's limit of URLs per sitemap (and of sitemaps per index); more are ignored.
MAX_SITEMAP_URLS = 50_000
#: Elements nested deeper than this end the sitemap: ``urlset/url/news:news/news:publication/
#: news:name`` is 5 deep. Deep nesting in a stream would keep every open element in memory.
MAX_XML_DEPTH = 16
#: Elements read from one sitemap at most: 50,000 entries with image and news extensions stay
#: well under it; past it the rest of the document is ignored.
MAX_SITEMAP_ELEMENTS = 2_000_000
#: robots.txt is read up to this many characters, as Google does (500 KiB).
MAX_ROBOTS_CHARS = 500 * 1024

#: ``<link rel=alternate type=...>`` values that announce a feed.
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
#: Root elements of feeds, which search engines also accept where a sitemap is expected.
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_GZIP_MAGIC = b"\x1f\x8b"
_INFLATE_CHUNK = 1024 * 1024
#: What can come before the root element and hide a ``<`` (comments, PIs), or the root itself.
_PROLOG_MARKUP = re.compile(rb"<!--|<\?|<[A-Za-z_:]")
_PROLOG_CLOSERS = {b"<!--": b"-->", b"<?": b"?>"}
#: The first byte that is not a BOM, a UTF-16/32 NUL or whitespace (no copy of the data).
_FIRST_BYTE = re.compile(rb"[\xef\xbb\xbf\xfe\xff\x00 \t\r\n]*(.)", re.DOTALL)
_HTML_LIMITS = ExtractSettings()

_T = TypeVar("_T")

FetchBytes = Callable[[str], Awaitable[bytes]]
FetchText = Callable[[str], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class SitemapDoc:
    """What one sitemap lists: pages (a ``<urlset>``) or more sitemaps (a ``<sitemapindex>``)."""

    pages: list[Target] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Discovered:
    """The feeds and sitemaps a site announces, normalised, in the order found."""

    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


# --- URL lists -------------------------------------------------------------------------------


def urls_from_lines(
    lines: Iterable[str], source: SourceKind, *, found_in: str | None = None
) -> Iterator[Target]:
    """One target per line; blank lines and ``#`` comments are skipped.

    Only the first whitespace-separated field is read, so ``URL<TAB>title`` lists and trailing
    comments work. A line that is not an http(s) URL is logged and skipped: one typo in a list
    of thousands should not stop the run.
    """
    for number, line in enumerate(lines, 1):
        text = line.strip().removeprefix("\ufeff").strip()
        if not text or text.startswith("#"):
            continue
        url = normalise_url(text.split(maxsplit=1)[0])
        if url is None:
            logger.warning("line %d is not an http(s) URL, skipped: %.200r", number, text)
            continue
        yield Target(url=url, source=source, found_in=found_in)


# --- feeds -----------------------------------------------------------------------------------


def parse_feed(data: bytes, base_url: str, *, max_bytes: int = MAX_FEED_BYTES) -> list[Target]:
    """The entry links of an RSS, Atom or JSON feed, resolved against ``base_url``.

    Raises ``SourceError`` for input over ``max_bytes``, entity declarations (see the module
    docstring) and anything that is not a feed. An empty feed is an empty list.
    """
    _check_size(data, max_bytes, base_url)
    if _first_byte(data) == b"{":
        links = _json_feed_links(data, base_url)
    else:
        _refuse_entities(data, base_url)
        links = _xml_feed_links(data, base_url)
    found: dict[str, Target] = {}
    for link in links:
        url = normalise_url(link, base_url)
        if url is not None and url not in found:
            found[url] = Target(url=url, source="feed", found_in=base_url)
    return list(found.values())


def _first_byte(data: bytes) -> bytes:
    match = _FIRST_BYTE.match(data)
    return match.group(1) if match else b""


def _check_size(data: bytes, limit: int, where: str) -> None:
    if len(data) > limit:
        raise SourceError(f"{where}: {len(data)} bytes, more than the limit of {limit}")


def _refuse_entities(data: bytes, where: str) -> None:
    """Raise ``SourceError`` if the prolog (before the root element) declares entities.

    Real feeds never need them; "billion laughs" and external entities (``SYSTEM "file:..."``)
    need one. Comments and processing instructions are skipped, not scanned for the root
    element: ``<!-- <rss> -->`` before the DOCTYPE hides it from feedparser's own stripping of
    entity declarations (a test pins this). UTF-16/32 documents are scanned without their NULs.
    """
    if b"\x00" in data[:4]:
        data = data.replace(b"\x00", b"")
    if b"<!ENTITY" in _prolog(data):
        raise SourceError(f"{where}: the document declares XML entities; refused")


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element's start tag, skipping comments and PIs."""
    position = 0
    while match := _PROLOG_MARKUP.search(data, position):
        closer = _PROLOG_CLOSERS.get(match.group())
        if closer is None:
            return data[: match.start()]  # the root element
        end = data.find(closer, match.end())
        if end < 0:
            break
        position = end + len(closer)
    return data


def _xml_feed_links(data: bytes, base_url: str) -> list[str]:
    """Entry links via feedparser, which reads RSS 0.9x-2.0, RSS 1.0 and Atom, even broken."""
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),  # never str or bytes: feedparser would open them as a path or URL
            response_headers={"content-location": base_url},
            resolve_relative_uris=False,  # only rewrites entry HTML, which is not read here
            sanitize_html=False,
        )
    except Exception as error:  # third-party boundary: map whatever it raises
        raise SourceError(f"{base_url}: feed could not be parsed: {error!r}") from error
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise SourceError(f"{base_url}: not a feed ({reason})")
    return [link for entry in parsed.entries if (link := _entry_link(entry))]


def _entry_link(entry: Any) -> str | None:
    """The entry's page: its ``link`` (feedparser fills it from a permalink ``<guid>`` too)."""
    link = entry.get("link")
    if isinstance(link, str) and link:
        return link
    for candidate in entry.get("links", []):
        href = candidate.get("href")
        if candidate.get("rel", "alternate") == "alternate" and isinstance(href, str):
            return href
    return None


def _json_feed_links(data: bytes, base_url: str) -> list[str]:
    """Item URLs of a JSON Feed (https://jsonfeed.org), which feedparser 6 does not read."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:  # RecursionError: [[[[... nested on purpose
        raise SourceError(f"{base_url}: not a JSON feed: {error}") from error
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise SourceError(f"{base_url}: not a JSON feed (no items list)")
    urls = (item.get("url") for item in items if isinstance(item, dict))
    return [url for url in urls if isinstance(url, str)]


# --- sitemaps --------------------------------------------------------------------------------


def parse_sitemap(
    data: bytes,
    base_url: str,
    *,
    max_bytes: int = MAX_SITEMAP_BYTES,
    max_urls: int = MAX_SITEMAP_URLS,
) -> SitemapDoc:
    """The pages or sitemaps listed by an XML sitemap, a sitemap index or a text sitemap.

    Gzip-compressed input (recognised by its magic bytes, as ``.xml.gz`` files are served
    without Content-Encoding) is decompressed up to ``max_bytes``. XML namespaces are ignored,
    so old and misspelt ones still work. An RSS or Atom feed is read as one, as search engines
    do. Raises ``SourceError`` for input that is too large, declares a DTD, or is neither XML
    nor a list of URLs; a document broken after some entries keeps them (with a warning).
    """
    _check_size(data, max_bytes, base_url)
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data, max_bytes, base_url)
    if _first_byte(data) != b"<":
        return _text_sitemap(data, base_url, max_urls)
    reader = _SitemapReader(base_url, max_urls)
    reader.read(data)
    if reader.root in _FEED_ROOTS:
        pages = parse_feed(data, base_url, max_bytes=max_bytes)
        return SitemapDoc(pages=[page.model_copy(update={"source": "sitemap"}) for page in pages])
    return SitemapDoc(pages=reader.pages, sitemaps=reader.sitemaps)


def _gunzip(data: bytes, limit: int, where: str) -> bytes:
    """Decompress every gzip member, refusing output past ``limit`` bytes.

    Inflated a chunk at a time, so a bomb costs about ``limit`` bytes of memory before it is
    refused (zlib's one-shot ``decompress`` would hold twice that). A truncated stream gives
    what it holds (a broken sitemap keeps the entries before the break).
    """
    output = bytearray()
    rest = data
    while rest.startswith(_GZIP_MAGIC):
        rest = _inflate_member(rest, output, limit, where)
    return bytes(output)


def _inflate_member(data: bytes, output: bytearray, limit: int, where: str) -> bytes:
    """Append one gzip member of ``data`` to ``output``; return the bytes after it."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pending = data
    while not inflater.eof:
        try:
            part = inflater.decompress(pending, _INFLATE_CHUNK)
        except zlib.error as error:
            raise SourceError(f"{where}: broken gzip data: {error}") from error
        output += part
        if len(output) > limit:
            raise SourceError(f"{where}: decompresses to more than {limit} bytes")
        pending = inflater.unconsumed_tail
        if not pending and len(part) < _INFLATE_CHUNK:
            break  # all input used and no output pending: the stream was cut short
    return inflater.unused_data


def _text_sitemap(data: bytes, base_url: str, max_urls: int) -> SitemapDoc:
    """A text sitemap: one URL per line, UTF-8 as the protocol says. Bad lines are counted."""
    pages: list[Target] = []
    bad = 0
    for line in data.decode("utf-8-sig", "replace").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        url = _sitemap_url(text, base_url)
        if url is None:
            bad += 1
            continue
        if len(pages) >= max_urls:
            logger.warning(
                "sitemap %s lists more than %d URLs; the rest ignored", base_url, max_urls
            )
            break
        pages.append(Target(url=url, source="sitemap", found_in=base_url))
    if bad:
        logger.warning("sitemap %s: %d lines are not http(s) URLs, skipped", base_url, bad)
    if not pages and bad:
        raise SourceError(f"{base_url}: neither an XML sitemap nor a list of URLs")
    return SitemapDoc(pages=pages)


class _SitemapReader:
    """Streams a sitemap's XML, keeping only the ``<loc>`` of each ``<url>`` or ``<sitemap>``."""

    def __init__(self, base_url: str, max_urls: int) -> None:
        self.base_url = base_url
        self.max_urls = max_urls
        self.root = ""
        self.pages: list[Target] = []
        self.sitemaps: list[str] = []
        self.invalid = 0
        self._path: list[str] = []
        self._elements = 0
        self._root_element: Element | None = None

    def read(self, data: bytes) -> None:
        """Read until the end, a limit, or an error (``SourceError`` if nothing was found)."""
        events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        try:
            for event, element in events:
                if not self._step(event, element):
                    break
        except DefusedXmlException as error:
            raise SourceError(
                f"{self.base_url}: DTDs and entities are refused ({error!r})"
            ) from error
        except (ParseError, ValueError, LookupError) as error:  # ...Error: unknown encodings
            if not (self.pages or self.sitemaps):
                raise SourceError(f"{self.base_url}: not a sitemap: {error}") from error
            logger.warning("sitemap %s is broken, read up to: %s", self.base_url, error)
        if self.invalid:
            logger.warning("sitemap %s: %d <loc> are not URLs", self.base_url, self.invalid)

    def _step(self, event: str, element: Element) -> bool:
        """Handle one parser event; False to stop reading."""
        name = element.tag.rpartition("}")[2]
        if event == "end":
            return self._end(name, element)
        self._path.append(name)
        self._elements += 1
        if self._root_element is None:
            return self._start_root(name, element)
        if len(self._path) > MAX_XML_DEPTH or self._elements > MAX_SITEMAP_ELEMENTS:
            logger.warning("sitemap %s is too deep or too large; the rest ignored", self.base_url)
            return False
        return True

    def _start_root(self, name: str, element: Element) -> bool:
        self.root = name
        self._root_element = element
        if name in ("urlset", "sitemapindex"):
            return True
        if name in _FEED_ROOTS:
            return False  # parse_sitemap hands the document to parse_feed
        raise SourceError(f"{self.base_url}: not a sitemap (root element <{name}>)")

    def _end(self, name: str, element: Element) -> bool:
        self._path.pop()
        if name == "loc" and self._path == [self.root, _ENTRY[self.root]]:
            return self._add((element.text or "").strip())
        if len(self._path) == 1 and self._root_element is not None:
            self._root_element.clear()  # the entry is read: drop it to keep memory flat
        return True

    def _add(self, text: str) -> bool:
        """Keep one ``<loc>``; False when the sitemap already gave ``max_urls`` entries."""
        url = _sitemap_url(text, self.base_url)
        if url is None:
            self.invalid += 1
            return True
        if len(self.pages) + len(self.sitemaps) >= self.max_urls:
            logger.warning(
                "sitemap %s lists more than %d entries; the rest ignored",
                self.base_url,
                self.max_urls,
            )
            return False
        if self.root == "sitemapindex":
            self.sitemaps.append(url)
        else:
            self.pages.append(Target(url=url, source="sitemap", found_in=self.base_url))
        return True


def _sitemap_url(text: str, base_url: str) -> str | None:
    """A sitemap's URL, which the protocol says is absolute; root-relative ones (``/a``, a common
    mistake) are resolved, but not other relative text, which is more often junk (``n/a``).
    """
    return normalise_url(text, base_url if text.startswith("/") else None)


#: The entry element holding ``<loc>`` under each sitemap root.
_ENTRY = {"urlset": "url", "sitemapindex": "sitemap"}


async def expand_sitemaps(
    start: Iterable[str],
    fetch: FetchBytes,
    *,
    max_sitemaps: int = 1000,
    max_depth: int = 3,
) -> AsyncIterator[Target]:
    """The pages of sitemaps ``start``, following sitemap indexes breadth-first.

    Each sitemap is fetched once (by normalised URL), so an index listing itself or a loop of
    indexes ends. Sitemaps more than ``max_depth`` index levels below ``start`` are not
    fetched, and at most ``max_sitemaps`` are fetched in all (indexes included). A sitemap that
    cannot be fetched or parsed is logged and skipped. Pages are not de-duplicated here (see
    ``targets``). Parsing runs in a thread: a 50 MiB sitemap must not stall the event loop.
    """
    queue: deque[tuple[str, int]] = deque()
    seen: set[str] = set()
    _enqueue(queue, seen, start, 0, max_sitemaps)
    fetched = 0
    while queue:
        url, depth = queue.popleft()
        fetched += 1
        doc = await _read_sitemap(url, fetch)
        for page in doc.pages:
            yield page
        if doc.sitemaps and depth >= max_depth:
            logger.warning("sitemap index %s is %d levels deep; not followed", url, depth)
        elif doc.sitemaps:
            _enqueue(queue, seen, doc.sitemaps, depth + 1, max_sitemaps - fetched)


def _enqueue(
    queue: deque[tuple[str, int]], seen: set[str], urls: Iterable[str], depth: int, room: int
) -> None:
    """Queue the unseen sitemaps among ``urls``, no more than ``room`` in the queue."""
    for raw in urls:
        url = normalise_url(raw)
        if url is None:
            logger.warning("not an http(s) sitemap URL, skipped: %.200r", raw)
        elif url not in seen:
            if len(queue) >= room:
                logger.warning("sitemap limit reached; %s and later sitemaps not fetched", url)
                return
            seen.add(url)
            queue.append((url, depth))


async def _read_sitemap(url: str, fetch: FetchBytes) -> SitemapDoc:
    """Fetch and parse one sitemap; an empty ``SitemapDoc`` (and a warning) on failure."""
    data = await _fetch_logged(url, fetch, "sitemap")
    if data is None:
        return SitemapDoc()
    try:
        return await asyncio.to_thread(parse_sitemap, data, url)
    except SourceError as error:
        logger.warning("sitemap skipped: %s", error.message)
        return SitemapDoc()


async def _fetch_logged(url: str, fetch: Callable[[str], Awaitable[_T]], what: str) -> _T | None:
    """``fetch(url)``, or None with a warning: one failing source must not end the run."""
    try:
        return await fetch(url)
    except CleanerError as error:
        logger.warning("%s %s not fetched: %s", what, url, error.message)
    except Exception as error:  # the caller's fetch function: whatever it raises, skip the URL
        logger.warning("%s %s not fetched: %s: %s", what, url, type(error).__name__, error)
    return None


# --- discovery -------------------------------------------------------------------------------


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Feeds announced by ``<link rel="alternate" type="application/rss+xml" href=...>``.

    RSS, Atom and JSON Feed types count; ``href`` is resolved against ``<base href>`` when the
    page has one, else ``base_url``. The page is guarded like any page before lexbor parses
    it (size and nesting depth); a page over those limits raises ``SourceError``.
    """
    try:
        if len(html) > _HTML_LIMITS.max_input_bytes:
            raise SourceError(f"{base_url}: page too large to look for feeds")
        check_structure(html, _HTML_LIMITS)
    except CleanerError as error:
        raise SourceError(f"{base_url}: {error.message}") from error
    document = parse(html)
    base_node = document.css_first("base[href]")
    base_href = base_node.attributes.get("href") if base_node is not None else None
    base = (normalise_url(base_href, base_url) if base_href else None) or base_url
    feeds: list[str] = []
    for node in document.css("link[rel][href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").partition(";")[0].strip().lower()
        href = node.attributes.get("href")
        url = normalise_url(href, base) if href and "alternate" in rel else None
        if url is not None and kind in _FEED_TYPES and url not in feeds:
            feeds.append(url)
    return feeds


def discover_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, resolved against ``base_url``.

    A line-by-line read (``Sitemap`` is a non-group record, valid anywhere in the file);
    comments after the URL are ignored. Only the first ``MAX_ROBOTS_CHARS`` are read.
    """
    sitemaps: list[str] = []
    for line in robots_txt[:MAX_ROBOTS_CHARS].splitlines():
        name, colon, value = line.partition(":")
        fields = value.split()
        if not colon or name.strip().lower() != "sitemap" or not fields:
            continue
        url = normalise_url(fields[0], base_url)
        if url is not None and url not in sitemaps:
            sitemaps.append(url)
    return sitemaps


async def discover(homepage: str, fetch_text: FetchText) -> Discovered:
    """Feeds linked from ``homepage`` and sitemaps listed in the site's ``/robots.txt``.

    Both are fetched at once; either failing is logged and gives an empty list. Raises
    ``SourceError`` only when ``homepage`` is not an http(s) URL.
    """
    home = normalise_url(homepage)
    if home is None:
        raise SourceError(f"not an http(s) URL: {homepage!r}")
    robots_url = urljoin(home, "/robots.txt")
    html, robots = await asyncio.gather(
        _fetch_logged(home, fetch_text, "homepage"),
        _fetch_logged(robots_url, fetch_text, "robots.txt"),
    )
    feeds: list[str] = []
    if html is not None:
        try:
            feeds = discover_feeds(html, home)
        except SourceError as error:
            logger.warning("no feed discovery: %s", error.message)
    sitemaps = discover_sitemaps(robots, robots_url) if robots is not None else []
    return Discovered(feeds=feeds, sitemaps=sitemaps)


# --- all sources -----------------------------------------------------------------------------


async def targets(
    urls: Iterable[str],
    *,
    feeds: Sequence[str],
    sitemaps: Sequence[str],
    fetch: FetchBytes,
    seen: Seen | None = None,
) -> AsyncIterator[Target]:
    """Every URL to fetch, each once: ``urls`` first, then the feeds' entries, then sitemaps'.

    ``seen`` may be shared with other sources of the same run (a resumed run pre-fills it).
    A feed or sitemap that cannot be fetched or read is logged and skipped.
    """
    seen = Seen() if seen is None else seen
    for target in urls_from_lines(urls, "argument"):
        if seen.add(target.url):
            yield target
    for feed in feeds:
        for target in await _read_feed(feed, fetch):
            if seen.add(target.url):
                yield target
    async for target in expand_sitemaps(sitemaps, fetch):
        if seen.add(target.url):
            yield target


async def _read_feed(feed: str, fetch: FetchBytes) -> list[Target]:
    """Fetch and parse one feed; an empty list (and a warning) on failure."""
    url = normalise_url(feed)
    if url is None:
        logger.warning("not an http(s) feed URL, skipped: %.200r", feed)
        return []
    data = await _fetch_logged(url, fetch, "feed")
    if data is None:
        return []
    try:
        return await asyncio.to_thread(parse_feed, data, url)
    except SourceError as error:
        logger.warning("feed skipped: %s", error.message)
        return []
