from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import sources
from cleaner.errors import ConnectError, HTTPStatusError, SourceError
from cleaner.records import Target
from cleaner.sources import (
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_URLS,
    Discovered,
    SitemapDoc,
    discover,
    discover_feeds,
    discover_sitemaps,
    expand_sitemaps,
    parse_feed,
    parse_sitemap,
    targets,
    urls_from_lines,
)
from cleaner.urls import Seen

FEED_URL = "https://example.com/feed.xml"
SITEMAP_URL = "https://example.com/sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

#: Ten levels of ten-fold expansion: a gigabyte of "lol" if entities were expanded.
BILLION_LAUGHS = (
    '<!DOCTYPE {root} [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


async def collect(iterator: AsyncIterator[Target]) -> list[Target]:
    return [target async for target in iterator]


def urls(found: list[Target]) -> list[str]:
    return [target.url for target in found]


def rss(*links: str, title: str = "Example", head: str = "") -> bytes:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.com/</link>{items}</channel></rss>"
    ).encode()


def urlset(*locs: str, head: str = "") -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?>{head}<urlset xmlns="{SITEMAP_NS}">{entries}</urlset>'.encode()


def sitemapindex(*locs: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>'.encode()
    )


class FakeFetch:
    """A fetch function over a dict of URL → bytes (or an exception to raise), counting calls."""

    def __init__(self, responses: dict[str, bytes | Exception]) -> None:
        self.responses = responses
        self.calls: Counter[str] = Counter()

    async def __call__(self, url: str) -> bytes:
        self.calls[url] += 1
        response = self.responses.get(url, HTTPStatusError("404", url=url, status=404))
        if isinstance(response, Exception):
            raise response
        return response


# --- URL lists -------------------------------------------------------------------------------


def test_url_lines_skip_comments_blanks_and_junk(caplog: pytest.LogCaptureFixture) -> None:
    lines = [
        "\ufeffhttps://example.com/a?utm_source=x",
        "",
        "   # a comment",
        "https://example.com/b\tThe title of b",
        "not a url",
        "mailto:someone@example.com",
        "  HTTPS://EXAMPLE.com/c#top  ",
    ]
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        found = list(urls_from_lines(lines, "file"))
    assert urls(found) == [
        "https://example.com/a",
        "https://example.com/b",
        "https://example.com/c",
    ]
    assert {target.source for target in found} == {"file"}
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert "line 5" in warnings[0]
    assert "line 6" in warnings[1]


# --- feeds -----------------------------------------------------------------------------------


def test_rss_entries_are_targets_in_order() -> None:
    data = rss(
        "https://example.com/news/1?utm_source=rss",
        "https://example.com/news/2",
        "https://example.com/news/1",  # listed twice
    )
    found = parse_feed(data, FEED_URL)
    assert urls(found) == ["https://example.com/news/1", "https://example.com/news/2"]
    assert all(t.source == "feed" and t.found_in == FEED_URL for t in found)


def test_atom_entries_use_the_alternate_link() -> None:
    data = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title><id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>
  <entry><title>One</title><id>urn:1</id><updated>2024-05-01T00:00:00Z</updated>
    <link rel="edit" href="https://example.com/edit/1"/>
    <link rel="alternate" type="text/html" href="https://example.com/2024/one"/></entry>
  <entry><title>Two</title><id>urn:2</id><updated>2024-05-01T00:00:00Z</updated>
    <link href="/2024/two"/></entry>
</feed>"""
    assert urls(parse_feed(data, FEED_URL)) == [
        "https://example.com/2024/one",
        "https://example.com/2024/two",
    ]


def test_rss_relative_links_resolve_against_the_feed_url() -> None:
    data = rss("/news/1", "news/2", "../3")
    found = parse_feed(data, "https://example.com/section/feed/")
    assert urls(found) == [
        "https://example.com/news/1",
        "https://example.com/section/feed/news/2",
        "https://example.com/section/3",
    ]


def test_rss_guid_permalink_stands_in_for_a_missing_link() -> None:
    data = (
        b'<rss version="2.0"><channel><title>x</title>'
        b'<item><guid isPermaLink="true">https://example.com/p/1</guid></item>'
        b'<item><guid isPermaLink="false">tag:example.com,2024:2</guid></item>'
        b"</channel></rss>"
    )
    assert urls(parse_feed(data, FEED_URL)) == ["https://example.com/p/1"]


def test_feed_bytes_in_a_declared_legacy_encoding_are_decoded_as_declared() -> None:
    data = (
        '<?xml version="1.0" encoding="windows-1252"?>\n<rss version="2.0"><channel>'
        "<title>Café “news”</title><item><title>Résumé</title>"
        "<link>https://example.com/café</link></item></channel></rss>"
    ).encode("windows-1252")
    assert urls(parse_feed(data, FEED_URL)) == ["https://example.com/caf%C3%A9"]


def test_utf16_feed_is_read() -> None:
    data = rss("https://example.com/a").decode().replace("utf-8", "utf-16").encode("utf-16")
    assert urls(parse_feed(data, FEED_URL)) == ["https://example.com/a"]


def test_json_feed_items_are_targets() -> None:
    data = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Example",
            "items": [
                {"id": "1", "url": "https://example.com/j/1"},
                {"id": "2", "url": "/j/2"},
                {"id": "3"},
                "junk",
            ],
        }
    ).encode()
    assert urls(parse_feed(data, FEED_URL)) == [
        "https://example.com/j/1",
        "https://example.com/j/2",
    ]


def test_empty_feed_is_an_empty_list() -> None:
    assert parse_feed(rss(), FEED_URL) == []


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body><p>Not a feed</p></body></html>",
        b"",
        b"\x00\x01\x02 binary",
        b'{"not": "a feed"}',
        b"[" * 100_000,
    ],
    ids=["html", "empty", "binary", "json-object", "deep-json"],
)
def test_what_is_not_a_feed_raises_source_error(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_feed(data, FEED_URL)


def test_feed_over_the_size_cap_is_refused() -> None:
    data = rss("https://example.com/a", title="x" * 2000)
    with pytest.raises(SourceError, match="limit"):
        parse_feed(data, FEED_URL, max_bytes=1000)


def test_feed_bytes_are_never_opened_as_a_file_name(tmp_path: Path) -> None:
    """feedparser.parse(bytes) tries the bytes as a path first; parse_feed must not."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss("https://example.com/read-from-disk"))
    with pytest.raises(SourceError):
        parse_feed(str(path).encode(), FEED_URL)


def test_feed_entity_bomb_is_refused_quickly(bad_inputs: Any) -> None:
    bad_inputs.tried()
    data = rss("https://example.com/&lol9;", title="&lol9;", head=BILLION_LAUGHS.format(root="rss"))
    started = time.monotonic()
    with pytest.raises(SourceError, match="entities"):
        parse_feed(data, FEED_URL)
    assert time.monotonic() - started < 1


def test_feed_external_entity_is_refused(tmp_path: Path, bad_inputs: Any) -> None:
    bad_inputs.tried()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    head = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = rss("https://example.com/&xxe;", title="&xxe;", head=head)
    with pytest.raises(SourceError, match="entities"):
        parse_feed(data, FEED_URL)


@pytest.mark.parametrize(
    "hiding",
    ["<!-- <rss> -->", "<?pi <rss> ?>", "<!-- a -->\n<?pi x?>\n<!-- <rss version='2.0'> -->"],
)
def test_entities_behind_a_comment_or_pi_holding_a_tag_are_refused(
    hiding: str, bad_inputs: Any
) -> None:
    """feedparser looks for the root as the first ``<`` + letter; a comment can fake it."""
    bad_inputs.tried()
    data = rss("https://example.com/a", head=hiding + BILLION_LAUGHS.format(root="rss"))
    started = time.monotonic()
    with pytest.raises(SourceError, match="entities"):
        parse_feed(data, FEED_URL)
    assert time.monotonic() - started < 1


def test_entity_text_after_the_root_is_not_refused() -> None:
    data = rss("https://example.com/a").replace(
        b"<title>Example</title>", b"<title><![CDATA[How <!ENTITY attacks work]]></title>"
    )
    assert urls(parse_feed(data, FEED_URL)) == ["https://example.com/a"]


def test_utf16_feed_with_entities_is_refused(bad_inputs: Any) -> None:
    bad_inputs.tried()
    text = rss("https://example.com/a", head=BILLION_LAUGHS.format(root="rss")).decode()
    with pytest.raises(SourceError, match="entities"):
        parse_feed(text.replace("utf-8", "utf-16").encode("utf-16"), FEED_URL)


def test_feedparser_alone_expands_no_entity(tmp_path: Path, bad_inputs: Any) -> None:
    """Without the prolog check, feedparser itself neither expands a bomb nor reads a file."""
    bad_inputs.tried(2)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    bomb = rss("https://example.com/a?x=&lol9;", head=BILLION_LAUGHS.format(root="rss"))
    started = time.monotonic()
    links = sources._xml_feed_links(bomb, FEED_URL)
    assert time.monotonic() - started < 1
    assert sum(map(len, links)) < 1000
    xxe = rss(
        "https://example.com/&xxe;",
        head=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
    )
    assert not any("SECRET" in link for link in sources._xml_feed_links(xxe, FEED_URL))


# --- sitemaps --------------------------------------------------------------------------------


def test_urlset_lists_pages() -> None:
    data = urlset(
        "https://example.com/a?utm_source=sitemap",
        " https://example.com/b ",
        "not a url",
    )
    doc = parse_sitemap(data, SITEMAP_URL)
    assert urls(doc.pages) == ["https://example.com/a", "https://example.com/b"]
    assert doc.sitemaps == []
    assert all(p.source == "sitemap" and p.found_in == SITEMAP_URL for p in doc.pages)


def test_extension_locs_are_not_pages() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://example.com/news/1</loc>
    <lastmod>2024-05-01</lastmod>
    <image:image><image:loc>https://example.com/img/1.jpg</image:loc></image:image>
    <news:news><news:publication><news:name>Example</news:name></news:publication></news:news>
  </url>
  <url><loc>https://example.com/news/2</loc></url>
</urlset>"""
    doc = parse_sitemap(data, SITEMAP_URL)
    assert urls(doc.pages) == ["https://example.com/news/1", "https://example.com/news/2"]


def test_sitemap_without_or_with_another_namespace_is_read() -> None:
    bare = b"<urlset><url><loc>https://example.com/a</loc></url></urlset>"
    old = (
        b'<urlset xmlns="http://www.google.com/schemas/sitemap/0.84">'
        b"<url><loc>https://example.com/b</loc></url></urlset>"
    )
    assert urls(parse_sitemap(bare, SITEMAP_URL).pages) == ["https://example.com/a"]
    assert urls(parse_sitemap(old, SITEMAP_URL).pages) == ["https://example.com/b"]


def test_sitemap_index_lists_sitemaps() -> None:
    data = sitemapindex("https://example.com/s1.xml", "/s2.xml.gz", "javascript:x")
    doc = parse_sitemap(data, SITEMAP_URL)
    assert doc == SitemapDoc(
        pages=[], sitemaps=["https://example.com/s1.xml", "https://example.com/s2.xml.gz"]
    )


def test_gzip_sitemap_is_decompressed() -> None:
    data = gzip.compress(urlset("https://example.com/a", "https://example.com/b"))
    assert urls(parse_sitemap(data, SITEMAP_URL).pages) == [
        "https://example.com/a",
        "https://example.com/b",
    ]


def test_multi_member_gzip_sitemap_is_decompressed_whole() -> None:
    data = urlset("https://example.com/a", "https://example.com/b")
    half = len(data) // 2
    joined = gzip.compress(data[:half]) + gzip.compress(data[half:])
    assert len(parse_sitemap(joined, SITEMAP_URL).pages) == 2


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of XML-looking padding, gzip-compressed to about a thousandth of it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(b"<urlset>")]
    chunk = b" " * (1024 * 1024)
    parts += [compressor.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_gzip_bomb_is_refused_at_the_cap(bad_inputs: Any) -> None:
    bad_inputs.tried()
    data = gzip_bomb(MAX_SITEMAP_BYTES * 4)
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="decompresses to more than"):
            parse_sitemap(data, SITEMAP_URL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_SITEMAP_BYTES * 1.3


def test_gzip_cap_is_an_argument(bad_inputs: Any) -> None:
    bad_inputs.tried()
    with pytest.raises(SourceError, match="more than 10000 bytes"):
        parse_sitemap(gzip_bomb(4 * 1024 * 1024), SITEMAP_URL, max_bytes=10_000)


def test_broken_gzip_raises_source_error() -> None:
    with pytest.raises(SourceError, match="gzip"):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage-garbage-garbage", SITEMAP_URL)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_sitemap_entity_bomb_is_refused_quickly(compress: bool, bad_inputs: Any) -> None:
    bad_inputs.tried()
    data = urlset("https://example.com/&lol9;", head=BILLION_LAUGHS.format(root="urlset"))
    started = time.monotonic()
    with pytest.raises(SourceError, match="DTD"):
        parse_sitemap(gzip.compress(data) if compress else data, SITEMAP_URL)
    assert time.monotonic() - started < 1


def test_sitemap_external_entity_is_refused(tmp_path: Path, bad_inputs: Any) -> None:
    bad_inputs.tried(2)
    secret = tmp_path / "secret.txt"
    secret.write_text("https://example.com/TOP-SECRET")
    entity = urlset("&xxe;", head=f'<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    external_dtd = urlset(
        "https://example.com/a", head=f'<!DOCTYPE urlset SYSTEM "{secret.as_uri()}">'
    )
    for data in (entity, external_dtd):
        with pytest.raises(SourceError, match="DTD"):
            parse_sitemap(data, SITEMAP_URL)


def test_plain_text_sitemap_lists_pages(caplog: pytest.LogCaptureFixture) -> None:
    data = b"\xef\xbb\xbfhttps://example.com/a\r\n\r\nhttps://example.com/b?fbclid=1\nnot-a-url\n"
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        doc = parse_sitemap(data, SITEMAP_URL)
    assert urls(doc.pages) == ["https://example.com/a", "https://example.com/b"]
    assert doc.sitemaps == []
    assert any("1 lines" in record.getMessage() for record in caplog.records)


def test_text_that_holds_no_url_is_not_a_sitemap() -> None:
    with pytest.raises(SourceError):
        parse_sitemap(b"User-agent: *\nDisallow: /\n", SITEMAP_URL)


def test_html_is_not_a_sitemap() -> None:
    with pytest.raises(SourceError, match="root element <html>"):
        parse_sitemap(b"<html><body>Not found</body></html>", SITEMAP_URL)


def test_feed_given_as_a_sitemap_is_read_as_a_feed() -> None:
    doc = parse_sitemap(rss("https://example.com/a"), SITEMAP_URL)
    assert urls(doc.pages) == ["https://example.com/a"]
    assert doc.pages[0].source == "sitemap"


def test_sitemap_broken_after_some_entries_keeps_them() -> None:
    data = urlset("https://example.com/a", "https://example.com/b")[: -len("</urlset>")]
    assert urls(parse_sitemap(data, SITEMAP_URL).pages) == [
        "https://example.com/a",
        "https://example.com/b",
    ]


def test_sitemap_stops_at_max_urls(caplog: pytest.LogCaptureFixture) -> None:
    data = urlset(*(f"https://example.com/{i}" for i in range(10)))
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        doc = parse_sitemap(data, SITEMAP_URL, max_urls=3)
    assert len(doc.pages) == 3
    assert any("more than 3" in record.getMessage() for record in caplog.records)


def test_sitemap_keeps_at_most_the_protocols_50000_urls() -> None:
    data = urlset(*(f"https://example.com/{i}" for i in range(MAX_SITEMAP_URLS + 5)))
    doc = parse_sitemap(data, SITEMAP_URL)
    assert len(doc.pages) == MAX_SITEMAP_URLS
    assert doc.pages[-1].url == f"https://example.com/{MAX_SITEMAP_URLS - 1}"


def test_deeply_nested_sitemap_stops_early(bad_inputs: Any) -> None:
    bad_inputs.tried()
    depth = 100_000
    data = (
        b"<urlset><url><loc>https://example.com/a</loc></url><url>"
        + b"<x>" * depth
        + b"</x>" * depth
        + b"</url></urlset>"
    )
    assert urls(parse_sitemap(data, SITEMAP_URL).pages) == ["https://example.com/a"]


def test_sitemap_over_the_size_cap_is_refused() -> None:
    with pytest.raises(SourceError, match="limit"):
        parse_sitemap(urlset("https://example.com/a"), SITEMAP_URL, max_bytes=50)


# --- following sitemap indexes ----------------------------------------------------------------


def test_sitemap_index_is_followed_breadth_first() -> None:
    fetch = FakeFetch(
        {
            "https://example.com/index.xml": sitemapindex(
                "https://example.com/s1.xml", "https://example.com/s2.xml"
            ),
            "https://example.com/s1.xml": urlset("https://example.com/a", "https://example.com/b"),
            "https://example.com/s2.xml": gzip.compress(urlset("https://example.com/c")),
        }
    )
    found = asyncio.run(collect(expand_sitemaps(["https://example.com/index.xml"], fetch)))
    assert urls(found) == [
        "https://example.com/a",
        "https://example.com/b",
        "https://example.com/c",
    ]
    assert found[2].found_in == "https://example.com/s2.xml"


def test_self_referencing_sitemap_index_terminates() -> None:
    index = "https://example.com/index.xml"
    fetch = FakeFetch(
        {
            index: sitemapindex(index, "https://example.com/s1.xml", f"{index}#again"),
            "https://example.com/s1.xml": urlset("https://example.com/a"),
        }
    )
    found = asyncio.run(collect(expand_sitemaps([index], fetch)))
    assert urls(found) == ["https://example.com/a"]
    assert fetch.calls == {index: 1, "https://example.com/s1.xml": 1}


def test_loop_of_sitemap_indexes_terminates() -> None:
    a, b = "https://example.com/a.xml", "https://example.com/b.xml"
    fetch = FakeFetch({a: sitemapindex(b), b: sitemapindex(a)})
    assert asyncio.run(collect(expand_sitemaps([a], fetch))) == []
    assert fetch.calls == {a: 1, b: 1}


def test_sitemap_indexes_deeper_than_max_depth_are_not_followed() -> None:
    chain = {
        f"https://example.com/{i}.xml": sitemapindex(f"https://example.com/{i + 1}.xml")
        for i in range(10)
    }
    fetch = FakeFetch(dict(chain))
    asyncio.run(collect(expand_sitemaps(["https://example.com/0.xml"], fetch, max_depth=2)))
    assert sorted(fetch.calls) == [f"https://example.com/{i}.xml" for i in range(3)]


def test_at_most_max_sitemaps_are_fetched() -> None:
    children = [f"https://example.com/s{i}.xml" for i in range(20)]
    responses: dict[str, bytes | Exception] = {c: urlset(c + "/page") for c in children}
    responses["https://example.com/index.xml"] = sitemapindex(*children)
    fetch = FakeFetch(responses)
    found = asyncio.run(
        collect(expand_sitemaps(["https://example.com/index.xml"], fetch, max_sitemaps=5))
    )
    assert sum(fetch.calls.values()) == 5
    assert len(found) == 4


def test_sitemap_failures_are_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    fetch = FakeFetch(
        {
            "https://example.com/index.xml": sitemapindex(
                "https://example.com/gone.xml",
                "https://example.com/down.xml",
                "https://example.com/crash.xml",
                "https://example.com/html.xml",
                "https://example.com/ok.xml",
            ),
            "https://example.com/down.xml": ConnectError(
                "refused", url="https://example.com/down.xml"
            ),
            "https://example.com/crash.xml": RuntimeError("bug in the caller's fetch"),
            "https://example.com/html.xml": b"<html><body>Oops</body></html>",
            "https://example.com/ok.xml": urlset("https://example.com/a"),
        }
    )
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        found = asyncio.run(
            collect(expand_sitemaps(["https://example.com/index.xml", "junk"], fetch))
        )
    assert urls(found) == ["https://example.com/a"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for name in ("gone.xml", "down.xml", "crash.xml", "html.xml", "'junk'"):
        assert name in logged


# --- discovery -------------------------------------------------------------------------------

HOMEPAGE = """<!doctype html><html><head>
<title>Example News</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://example.com/atom.xml">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" type="application/rss+xml" href="/feed/#dup">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
</head><body><p>Hello</p></body></html>"""


def test_feeds_are_discovered_from_link_elements() -> None:
    assert discover_feeds(HOMEPAGE, "https://example.com/news/") == [
        "https://example.com/feed/",
        "https://example.com/atom.xml",
        "https://example.com/news/feed.json",
    ]


def test_feed_links_resolve_against_the_base_element() -> None:
    html = (
        '<html><head><base href="https://static.example.com/site/">'
        '<link rel="alternate" type="application/rss+xml" href="rss.xml"></head></html>'
    )
    assert discover_feeds(html, "https://example.com/") == [
        "https://static.example.com/site/rss.xml"
    ]


def test_feed_discovery_refuses_a_page_nested_too_deep(bad_inputs: Any) -> None:
    bad_inputs.tried()
    with pytest.raises(SourceError):
        discover_feeds("<div>" * 50_000, "https://example.com/")


def test_sitemaps_are_discovered_from_robots_txt() -> None:
    robots = (
        "User-agent: *\nDisallow: /private/\n"
        "Sitemap: https://example.com/sitemap_index.xml\n"
        "sitemap:/news-sitemap.xml   # relative, against the rules but common\n"
        "SITEMAP : https://example.com/sitemap_index.xml\n"
        "Sitemap:\n"
        "Sitemap: ftp://example.com/x.xml\n"
        "# Sitemap: https://example.com/commented.xml\n"
    )
    assert discover_sitemaps(robots, "https://example.com/robots.txt") == [
        "https://example.com/sitemap_index.xml",
        "https://example.com/news-sitemap.xml",
    ]


def text_fetch(pages: dict[str, str]) -> Callable[[str], Awaitable[str]]:
    async def fetch_text(url: str) -> str:
        if url not in pages:
            raise HTTPStatusError("404", url=url, status=404)
        return pages[url]

    return fetch_text


def test_discover_reads_the_homepage_and_robots_txt() -> None:
    fetch_text = text_fetch(
        {
            "https://example.com/news/": HOMEPAGE,
            "https://example.com/robots.txt": "Sitemap: https://example.com/sitemap.xml\n",
        }
    )
    found = asyncio.run(discover("https://EXAMPLE.com/news/", fetch_text))
    assert found == Discovered(
        feeds=[
            "https://example.com/feed/",
            "https://example.com/atom.xml",
            "https://example.com/news/feed.json",
        ],
        sitemaps=["https://example.com/sitemap.xml"],
    )


def test_discover_survives_failed_fetches(caplog: pytest.LogCaptureFixture) -> None:
    fetch_text = text_fetch({"https://example.com/robots.txt": "Sitemap: /s.xml"})
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        found = asyncio.run(discover("https://example.com/", fetch_text))
    assert found == Discovered(feeds=[], sitemaps=["https://example.com/s.xml"])
    assert "homepage https://example.com/ not fetched" in caplog.text


def test_discover_refuses_a_homepage_that_is_not_a_web_url() -> None:
    with pytest.raises(SourceError):
        asyncio.run(discover("file:///etc/passwd", text_fetch({})))


# --- all sources -----------------------------------------------------------------------------


def test_targets_yield_each_url_once_in_source_order(caplog: pytest.LogCaptureFixture) -> None:
    fetch = FakeFetch(
        {
            FEED_URL: rss("https://example.com/a", "https://example.com/f"),
            "https://example.com/broken-feed.xml": b"<html>not a feed</html>",
            SITEMAP_URL: urlset("https://example.com/f#x", "https://example.com/s"),
        }
    )
    with caplog.at_level(logging.WARNING, logger="cleaner.sources"):
        found = asyncio.run(
            collect(
                targets(
                    ["https://example.com/a?utm_source=x", "https://example.com/a", "junk"],
                    feeds=[
                        FEED_URL,
                        "https://example.com/broken-feed.xml",
                        "https://example.com/404",
                    ],
                    sitemaps=[SITEMAP_URL],
                    fetch=fetch,
                )
            )
        )
    assert [(t.url, t.source) for t in found] == [
        ("https://example.com/a", "argument"),
        ("https://example.com/f", "feed"),
        ("https://example.com/s", "sitemap"),
    ]
    assert "broken-feed.xml" in caplog.text
    assert "https://example.com/404 not fetched" in caplog.text


def test_targets_share_a_seen_set_with_the_caller() -> None:
    seen = Seen()
    seen.add("https://example.com/done")
    found = asyncio.run(
        collect(
            targets(
                ["https://example.com/done", "https://example.com/new"],
                feeds=[],
                sitemaps=[],
                fetch=FakeFetch({}),
                seen=seen,
            )
        )
    )
    assert urls(found) == ["https://example.com/new"]
    assert "https://example.com/new" in seen


def test_large_gzip_sitemap_is_decompressed_in_chunks_without_loss() -> None:
    locs = [
        f"https://example.com/articles/{i:06d}/a-rather-long-slug-for-padding"
        for i in range(40_000)
    ]
    data = urlset(*locs)
    assert len(data) > 2 * 1024 * 1024
    assert urls(parse_sitemap(gzip.compress(data), SITEMAP_URL).pages) == locs


def test_truncated_gzip_sitemap_keeps_the_entries_before_the_cut() -> None:
    data = gzip.compress(urlset(*(f"https://example.com/{i}" for i in range(100))))
    pages = parse_sitemap(data[: len(data) // 2], SITEMAP_URL).pages
    assert 0 < len(pages) < 100
    assert urls(pages) == [f"https://example.com/{i}" for i in range(len(pages))]


# --- properties ------------------------------------------------------------------------------

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
XML_TOKENS = st.sampled_from(
    [
        *('<?xml version="1.0"?>', '<?xml version="1.0" encoding="bogus"?>', "<!DOCTYPE x>"),
        *('<?xml version="1.0" encoding="utf-16"?>', "<!-- <rss> -->", '<!ENTITY a "b">'),
        *("<urlset>", "</urlset>", "<sitemapindex>", "<url>", "</url>", "<sitemap>", "<loc>"),
        *("</loc>", "<rss>", "<channel>", "<item>", "<link>", "</link>", "<feed>", "<entry>"),
        *("https://example.com/a", "/b", "&amp;", "&a;", "<![CDATA[", "]]>", "\x00", "\ufeff"),
        *("{", '"items": [', '{"url": "https://example.com/j"}', "]", "}", "\n"),
    ]
)
SOURCE_BYTES = st.one_of(
    st.binary(max_size=500),
    st.lists(XML_TOKENS, max_size=30).map(lambda tokens: "".join(tokens).encode("utf-8")),
    st.lists(XML_TOKENS, max_size=30).map(lambda tokens: gzip.compress("".join(tokens).encode())),
)


@FUZZ
@given(SOURCE_BYTES)
def test_any_bytes_give_a_sitemap_or_a_source_error(data: bytes) -> None:
    try:
        doc = parse_sitemap(data, SITEMAP_URL)
    except SourceError:
        return
    assert all(page.url.startswith("https://") for page in doc.pages)


@FUZZ
@given(SOURCE_BYTES)
def test_any_bytes_give_feed_targets_or_a_source_error(data: bytes) -> None:
    try:
        found = parse_feed(data, FEED_URL)
    except SourceError:
        return
    assert all(target.url.startswith("https://") for target in found)
