"""``check_structure``: deep nesting is refused before lexbor parses it; real pages pass."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from cleaner.errors import DocumentTooDeepError
from cleaner.extraction import guard
from cleaner.extraction.guard import check_structure
from cleaner.settings import ExtractSettings

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "data" / "readability"
DEV_PAGES = sorted(DEVSET.glob("*/source.html.gz"))
DEFAULTS = ExtractSettings()
N = 3000  # above the default limit of 2000


def dev_page(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


@pytest.fixture(scope="module")
def dev_pages() -> list[str]:
    assert DEV_PAGES, f"dev set not found at {DEVSET}"
    return [dev_page(path) for path in DEV_PAGES]


def test_every_dev_set_page_passes(dev_pages: list[str]) -> None:
    for html in dev_pages:
        check_structure(html, DEFAULTS)


def test_dev_set_pages_never_need_the_token_scan(dev_pages: list[str]) -> None:
    """The counts alone clear every real page: that is what keeps the guard at ~0.3 ms a page."""
    assert all(
        guard._depth_bound(html, DEFAULTS.max_depth) <= DEFAULTS.max_depth for html in dev_pages
    )


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * N,
        "<div>" * N + "</div>" * N,  # balanced counts: only the order shows the depth
        "<span>x" * N,
        "<b>x" * N,
        "<ul><li>x" * N,
        "<table><tr><td>" * N,
        "<div><p>x" * N,
        "<div/>" * N,  # "/>" does not close an HTML element
        "<div title='<p>'>" * N,
        "<div></x>" * N,  # end tags that close nothing
        "<svg>" + "<g>" * N,
        "<math>" + "<mi>" * N,
        "<DIV>" * N,
    ],
    ids=lambda html: html[:24],
)
def test_deep_nesting_is_refused(html: str) -> None:
    with pytest.raises(DocumentTooDeepError):
        check_structure(html, DEFAULTS)


@pytest.mark.parametrize(
    "html",
    [
        "<p>x" * N,  # each p closes the one before
        "<ul>" + "<li>x" * N,
        "<dl>" + "<dt>a<dd>b" * N,
        "<select>" + "<option>x" * N,
        "<table>" + "<tr><td>x<td>y" * N,
        "<h1>x<h2>y" * N,
        "<a href=x>x" * N,
        "<form>" * N,
        "<br><img src=x><input><meta><link><hr><wbr>" * N,
        "<div></div>" * N,
        "<svg>" + "<path d='M0 0'/>" * N + "</svg>",
        "<!--" + "<div>" * N + "-->",
        "<script>" + "var s = '<div>';" * N + "</script>",
        "<style>" + "a<b{}" * N + "</style>",
        "<textarea>" + "<div>" * N + "</textarea>",
        "<noscript>" + "<div>" * N + "</noscript>",
        "<plaintext>" + "<div>" * N,
    ],
    ids=lambda html: html[:24],
)
def test_many_tags_that_do_not_nest_pass(html: str) -> None:
    check_structure(html, DEFAULTS)


def test_flat_pages_that_fail_the_counts_are_cleared_by_the_token_scan() -> None:
    html = "<p>x" * N
    assert guard._depth_bound(html, DEFAULTS.max_depth) > DEFAULTS.max_depth
    check_structure(html, DEFAULTS)


def test_the_limit_counts_html_and_body() -> None:
    settings = ExtractSettings(max_depth=50)
    check_structure("<div>" * 48, settings)
    with pytest.raises(DocumentTooDeepError):
        check_structure("<div>" * 49, settings)


def test_a_hundred_thousand_nested_divs_are_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(DocumentTooDeepError):
        check_structure("<div>" * 100_000, DEFAULTS)
    assert time.perf_counter() - start < 0.5


def test_deep_input_never_recurses() -> None:
    check_structure("<div>" * 30_000, ExtractSettings(max_depth=1_000_000))


def test_the_scan_survives_broken_markup() -> None:
    broken = "<div class=\"unclosed><p don't <a href='x>y<!-- <b>" * 500 + "<"
    check_structure(broken, DEFAULTS)
