"""Hostile and broken input through the public API: an Article or a CleanerError, nothing else.

Each case must end quickly with either an ``Article`` or a ``CleanerError`` subclass: no other
exception (``RecursionError``, ``UnicodeEncodeError``, ``MemoryError``, ...) and no hang.
"""

from __future__ import annotations

import codecs
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.errors import (
    CleanerError,
    DocumentTooDeepError,
    InputTooLargeError,
    NoArticleError,
    NotHTMLError,
    UsageError,
)
from cleaner.extraction import extract
from cleaner.models import Article

SENTENCE = "The council approved the new budget for the harbour district on Tuesday evening. "
PARAGRAPH = "<p>" + SENTENCE * 6 + "</p>"
ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour budget</title>"
    "</head><body><nav><a href='/'>Home</a></nav><article><h1>Harbour budget</h1>"
    + PARAGRAPH * 4
    + "</article><footer>© News</footer></body></html>"
)
FRENCH = "<p>" + "Le café était très agréable, à côté de l'église où nous déjeunions. " * 6 + "</p>"


def outcome(html: str | bytes) -> Article | CleanerError:
    """Run ``extract``; a CleanerError is a valid outcome, any other exception fails the test."""
    try:
        return extract(html)
    except CleanerError as error:
        return error


def article(html: str | bytes) -> Article:
    result = outcome(html)
    assert isinstance(result, Article), result
    return result


def test_the_reference_page_gives_an_article() -> None:
    assert SENTENCE.strip() in article(ARTICLE).text


# --- size and depth ---------------------------------------------------------------------------


def test_a_hundred_thousand_nested_divs_are_refused_quickly() -> None:
    start = time.perf_counter()
    assert isinstance(outcome("<div>" * 100_000), DocumentTooDeepError)
    assert time.perf_counter() - start < 1.0  # lexbor alone would take ~30 s


def test_nesting_just_under_the_limit_does_not_recurse() -> None:
    html = "<html><body>" + "<div>" * 1900 + PARAGRAPH * 3 + "</div>" * 1900 + "</body></html>"
    assert not isinstance(outcome(html), (RecursionError, DocumentTooDeepError))


@pytest.mark.slow
def test_a_ten_megabyte_text_node_in_a_normal_page() -> None:
    huge = "<p>" + "word " * 2_000_000 + "</p>"
    result = outcome(ARTICLE.replace("</article>", huge + "</article>"))
    assert isinstance(result, (Article, CleanerError))


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_a_twenty_megabyte_page_is_too_large(as_bytes: bool) -> None:
    html = ARTICLE.replace("</article>", "<p>" + "x" * 20_000_000 + "</p></article>")
    assert isinstance(outcome(html.encode() if as_bytes else html), InputTooLargeError)


# --- not HTML ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        random.Random(20240611).randbytes(200_000),
        random.Random(20240611).randbytes(200_000).decode("latin-1"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(5000),
    ],
    ids=["random bytes", "random bytes as str", "png"],
)
def test_binary_garbage_is_not_html(data: str | bytes) -> None:
    assert isinstance(outcome(data), NotHTMLError)


# --- encodings --------------------------------------------------------------------------------


def test_invalid_utf8_in_a_utf8_page_becomes_replacement_characters() -> None:
    html = ARTICLE.replace("</article>", FRENCH + "</article>")
    data = html.encode().replace(b"harbour", b"harb\xffour", 3)
    text = article(data).text
    assert "harb\ufffdour" in text
    assert "Le café était très agréable" in text


def test_stray_bytes_in_an_ascii_page_still_give_the_article() -> None:
    data = ARTICLE.encode().replace(b"harbour", b"harb\xffour", 3).replace(b"\xc2\xa9", b"\xa9")
    assert "district on Tuesday evening" in article(data).text


def test_utf8_page_whose_meta_claims_latin1() -> None:
    html = ARTICLE.replace("utf-8", "iso-8859-1").replace("</article>", FRENCH + "</article>")
    assert "Le café était très agréable" in article(html.encode("utf-8")).text


def test_windows_1252_page_whose_meta_claims_utf8() -> None:
    html = ARTICLE.replace("</article>", FRENCH + "</article>")
    assert "Le café était très agréable" in article(html.encode("cp1252")).text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes_to_the_right_text(encoding: str) -> None:
    html = ARTICLE.replace("</article>", FRENCH + "</article>")
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    text = article(bom + html.encode(encoding)).text
    assert "Le café était très agréable" in text
    assert SENTENCE.strip() in text


# --- degenerate documents ---------------------------------------------------------------------


@pytest.mark.parametrize("html", ["", b""], ids=["str", "bytes"])
def test_empty_input_has_no_article(html: str | bytes) -> None:
    assert isinstance(outcome(html), NoArticleError)


def test_html_without_body() -> None:
    assert isinstance(outcome("<html><head><title>x</title></head></html>"), NoArticleError)
    assert isinstance(outcome(PARAGRAPH * 3), (Article, CleanerError))


def test_lone_surrogates_in_str() -> None:
    text = article(ARTICLE.replace("budget", "bud\ud800get")).text
    assert "bud\ufffdget" in text
    text.encode("utf-8")


# --- properties -------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TAGS = ["div", "p", "span", "a", "b", "li", "ul", "table", "tr", "td", "script", "svg", "br"]
tag = st.sampled_from(TAGS)
token = st.one_of(
    tag.map(lambda name: f"<{name}>"),
    tag.map(lambda name: f"</{name}>"),
    tag.map(lambda name: f"<{name} class='x' id=\"y\"/>"),
    st.sampled_from(["<!--", "-->", "<!DOCTYPE html>", "<meta charset=latin1>", "&amp;", "<", ">"]),
    st.text(max_size=40),
)


@FUZZ
@given(st.lists(token, max_size=80).map("".join))
def test_generated_html_gives_an_article_or_a_cleaner_error(html: str) -> None:
    assert isinstance(outcome(html), (Article, CleanerError))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_an_article_or_a_cleaner_error(data: bytes) -> None:
    assert isinstance(outcome(data), (Article, CleanerError))


ARTICLE_BYTES = ARTICLE.encode("utf-8")
byte_flips = st.lists(
    st.tuples(st.integers(0, len(ARTICLE_BYTES) - 1), st.integers(0, 255)), max_size=20
)


@FUZZ
@given(byte_flips, st.integers(0, len(ARTICLE_BYTES)))
def test_article_with_flipped_bytes_and_truncation(flips: list[tuple[int, int]], end: int) -> None:
    data = bytearray(ARTICLE_BYTES)
    for index, value in flips:
        data[index] = value
    assert isinstance(outcome(bytes(data[:end])), (Article, CleanerError))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ARTICLE)), token), max_size=20))
def test_article_with_inserted_tags(insertions: list[tuple[int, str]]) -> None:
    html = ARTICLE
    for position, inserted in sorted(insertions, reverse=True):
        html = html[:position] + inserted + html[position:]
    assert isinstance(outcome(html), (Article, CleanerError))


# --- found by trying to break it (issue 7) ----------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="http://[::1">',
        '<meta property="og:url" content="https://[fe80::1%25eth0/x">',
        '<link rel="canonical" href="http://[not-an-ip]/a">',
    ],
)
def test_an_invalid_url_in_the_page_is_ignored(head: str) -> None:
    result = extract(ARTICLE.replace("</head>", head + "</head>"), url="https://example.com/a")
    assert result.canonical_url is None
    assert SENTENCE.strip() in result.text


@pytest.mark.parametrize("charset", ["utf\x00-8", "\x00", "x" * 10_000, "utf-8\ud800"])
def test_a_broken_http_charset_falls_back_to_detection(charset: str) -> None:
    assert SENTENCE.strip() in extract(ARTICLE.encode(), http_charset=charset).text


@pytest.mark.parametrize(
    ("arguments", "wrong"),
    [
        ({"url": 123}, "url"),
        ({"url": b"https://example.com/"}, "url"),
        ({"url": "http://[::1/x"}, "url"),
        ({"settings": "x"}, "settings"),
        ({"settings": {"extract": {}}}, "settings"),
        ({"http_charset": b"utf-8"}, "http_charset"),
    ],
)
def test_a_wrong_argument_is_a_usage_error_naming_it(
    arguments: dict[str, object], wrong: str
) -> None:
    with pytest.raises(UsageError, match=wrong):
        extract(ARTICLE, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("page", [123, None, ["<p>x</p>"], 1.5])
def test_a_page_that_is_no_text_is_a_usage_error(page: object) -> None:
    with pytest.raises(UsageError, match="str or bytes"):
        extract(page)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "page",
    [
        '<html><head><meta http-equiv="refresh" content="0; url=https://example.com/new">'
        "<title>Redirecting</title></head><body><p>Redirecting… <a href='/new'>click here</a>"
        " if you are not redirected automatically.</p></body></html>",
        "<html><head><title>Moved</title></head><body><p>You are being redirected to"
        " <a href='/new'>the new page</a>.</p></body></html>",
        "<html><head><title>Weiterleitung</title></head><body><p>Sie werden jetzt weitergeleitet."
        "</p></body></html>",
    ],
)
def test_a_redirect_stub_is_no_article(page: str) -> None:
    with pytest.raises(NoArticleError, match="redirect"):
        extract(page)


def test_a_short_story_that_mentions_a_redirect_is_an_article() -> None:
    brief = "<p>The council redirected funds from roads to schools on Tuesday, officials said.</p>"
    assert "redirected funds" in extract(f"<html><body>{brief}</body></html>").text


MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "attack",
    [
        "<div class='" + "a-" * (MEGABYTE // 2) + "'>" + PARAGRAPH + "</div>",
        "<div class='" + "comment " * (MEGABYTE // 8) + "'>" + PARAGRAPH + "</div>",
        "<div id='" + "x" * MEGABYTE + "'>" + PARAGRAPH + "</div>",
        "<p>" + "Von " * (MEGABYTE // 4) + "</p>",
        "<p>" + "17. " * (MEGABYTE // 4) + "</p>",
        "<p class='date'>" + "1.1." * (MEGABYTE // 4) + "</p>",
        "<p>" + "Mehr zum Thema " * (MEGABYTE // 15) + "</p>",
        "<h1>x</h1><span class='byline'>" + "By " * (MEGABYTE // 3) + "</span>",
    ],
    ids=["hyphens", "class-words", "long-id", "von", "day-dots", "date-dots", "phrase", "byline"],
)
def test_new_rules_do_not_backtrack_on_a_megabyte_attribute_or_text(attack: str) -> None:
    start = time.perf_counter()
    assert isinstance(
        outcome(ARTICLE.replace("</article>", attack + "</article>")), (Article, CleanerError)
    )
    assert time.perf_counter() - start < 5.0
