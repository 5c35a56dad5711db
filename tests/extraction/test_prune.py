"""``prune``: page furniture is removed before scoring, each removal recorded with its rule."""

from __future__ import annotations

import pytest

from cleaner.extraction.dom import Node, parse
from cleaner.extraction.prune import Removal, find_byline, remove_nodes, strip_furniture


def body_of(html: str) -> Node:
    body = parse(f"<html><head></head><body>{html}<p>Body paragraph</p></body></html>").body
    assert body is not None
    return body


def stripped(html: str, *, strip_unlikely: bool = True) -> tuple[str, list[Removal]]:
    """The body's text after pruning, and the trace."""
    body = body_of(html)
    trace: list[Removal] = []
    strip_furniture(body, strip_unlikely=strip_unlikely, trace=trace)
    return body.text(deep=True), trace


@pytest.mark.parametrize(
    "html",
    [
        "<script>var furniture = 1;</script>",
        "<style>.furniture { color: red }</style>",
        "<nav><a href='/'>Furniture home</a></nav>",
        "<aside>Furniture pull-out</aside>",
        "<div hidden>Furniture hidden</div>",
        '<div aria-hidden="true">Furniture aria-hidden</div>',
        '<div style="display: none">Furniture display none</div>',
        '<div role="navigation">Furniture role navigation</div>',
        '<div role="dialog">Furniture role dialog</div>',
        "<dialog open>Furniture dialog element</dialog>",
        "<form><input value='x'><button>Furniture button</button></form>",
    ],
)
def test_tag_and_attribute_furniture_is_removed(html: str) -> None:
    text, trace = stripped(html)
    assert "Furniture" not in text
    assert "Body paragraph" in text
    assert trace


def test_aria_hidden_false_is_kept() -> None:
    text, _ = stripped('<div aria-hidden="false">Visible words</div>')
    assert "Visible words" in text


@pytest.mark.parametrize(
    ("attribute", "rule"),
    [
        ('class="sidebar"', "structural-name"),
        ('class="site-footer"', "structural-name"),
        ('class="related-posts"', "furniture-name"),
        ('id="newsletter-box"', "furniture-name"),
        ('class="comments"', "furniture-name"),
        ('class="Trending-Now"', "furniture-name"),
        ('class="article-comments"', "furniture-name"),  # a content word rescues structure only
        ('id="main-related"', "furniture-name"),
    ],
)
def test_furniture_names_are_removed(attribute: str, rule: str) -> None:
    text, trace = stripped(f"<div {attribute}><p>Furniture words</p></div>")
    assert "Furniture" not in text
    assert [removal.rule for removal in trace] == [rule]


@pytest.mark.parametrize(
    "attribute", ['class="sidebar-content"', 'class="article-header"', 'class="loader"']
)
def test_names_that_are_not_furniture_are_kept(attribute: str) -> None:
    text, trace = stripped(f"<div {attribute}><p>Kept words</p></div>")
    assert "Kept words" in text
    assert trace == []


ARTICLE = (
    "<p>" + "The council voted to rebuild the harbour wall before winter storms. " * 3 + "</p>"
)


@pytest.mark.parametrize(
    "attribute",
    ['class="sidebar-wrapper"', 'class="above-footer"', 'class="paywall"', 'class="o-header"'],
)
def test_a_structural_container_holding_the_article_is_kept(attribute: str) -> None:
    text, trace = stripped(f"<div {attribute}>{ARTICLE * 3}</div><div class='sidebar'>Side</div>")
    assert text.count("The council voted") == 9
    assert [removal.text for removal in trace] == ["Side"]


def test_hard_furniture_holding_the_headline_and_the_article_is_kept() -> None:
    html = f"<div class='Page-ad-margins'><h1>Harbour wall</h1>{ARTICLE * 3}</div>"
    text, _ = stripped(html + f"<div class='comments'>{ARTICLE}</div>")
    assert text.count("The council voted") == 9


def test_a_comment_section_longer_than_the_post_is_still_removed() -> None:
    comments = "<div class='comments'>" + ARTICLE * 3 + "</div>"
    text, _ = stripped(f"<h1>Post</h1>{ARTICLE}{comments}")
    assert text.count("The council voted") == 3


def test_a_table_named_header_is_its_header_row_and_kept() -> None:
    text, trace = stripped(
        "<table class='ingredients table-header'><tr><td>125 g flour</td></tr></table>"
    )
    assert "125 g flour" in text
    assert trace == []


def test_a_lead_inside_a_removed_header_stays_in_the_page() -> None:
    body = body_of(
        "<header class='site-header'><p class='article-lead'>The lead sums the story up in one"
        " sentence.</p></header>"
    )
    pruned = strip_furniture(body, strip_unlikely=True, trace=None)
    assert "The lead sums the story up" in body.text(deep=True)
    assert [lead.attributes.get("class") for lead in pruned.leads] == ["article-lead"]


def test_body_with_a_furniture_name_is_kept() -> None:
    doc = parse('<html><body class="sidebar"><p>Body paragraph</p></body></html>')
    assert doc.body is not None
    strip_furniture(doc.body, strip_unlikely=True, trace=None)
    assert doc.body is not None
    assert "Body paragraph" in doc.body.text(deep=True)


@pytest.mark.parametrize("attribute", ['style="display:none"', 'aria-hidden="true"'])
def test_body_with_a_hiding_attribute_is_kept(attribute: str) -> None:
    doc = parse(f"<html><body {attribute}><p>Body paragraph</p></body></html>")
    assert doc.body is not None
    strip_furniture(doc.body, strip_unlikely=True, trace=None)
    assert doc.body is not None
    assert "Body paragraph" in doc.body.text(deep=True)


def test_names_inside_tables_and_code_are_kept() -> None:
    text, trace = stripped(
        '<table><tr><td class="sidebar">Cell words</td></tr></table>'
        '<pre><code><span class="comment"># code comment</span></code></pre>'
    )
    assert "Cell words" in text
    assert "# code comment" in text
    assert trace == []


def test_relaxed_pass_keeps_structure_but_not_hard_furniture() -> None:
    body = body_of(
        '<div class="sidebar"><p>Named words</p></div><nav>Furniture nav</nav>'
        '<div class="comments">Furniture comment</div>'
    )
    trace: list[Removal] = []
    pruned = strip_furniture(body, strip_unlikely=False, trace=trace)
    text = body.text(deep=True)
    assert "Named words" in text
    assert "Furniture" not in text
    assert [removal.rule for removal in trace] == ["navigation", "furniture-name"]
    assert [node.attributes.get("class") for node in pruned.kept_soft] == ["sidebar"]


def test_trace_records_each_outermost_removal_once() -> None:
    _, trace = stripped(
        '<div class="sidebar"><div class="related"><p>Inner furniture</p></div> '
        '<div class="newsletter">More furniture</div></div>'
        "<script>var x = 1;</script>"
    )
    assert len(trace) == 2
    by_rule = {removal.rule: removal for removal in trace}
    assert set(by_rule) == {"non-content-tags", "structural-name"}
    named = by_rule["structural-name"]
    assert named.tag == "div"
    assert named.reason
    assert named.text == "Inner furniture More furniture"
    assert by_rule["non-content-tags"].tag == "script"
    assert by_rule["non-content-tags"].text == "var x = 1;"


def test_no_trace_is_fine() -> None:
    body = body_of('<div class="sidebar">Furniture</div>')
    strip_furniture(body, strip_unlikely=True, trace=None)
    assert "Furniture" not in body.text(deep=True)


@pytest.mark.parametrize("order", [1, -1], ids=["document-order", "reversed"])
def test_remove_nodes_on_nested_nodes_does_not_crash(order: int) -> None:
    body = body_of('<div id="outer"><div id="inner"><p id="leaf">Nested</p></div></div>')
    nodes = body.css("#outer, #inner, #leaf")[::order]
    trace: list[Removal] = []
    assert remove_nodes(nodes, "test-rule", "a reason", trace) == 3
    assert body.text(deep=True).strip() == "Body paragraph"
    assert trace == [Removal("test-rule", "a reason", "div", "Nested")]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a rel="author" href="/people/jane">Jane Doe</a>', "Jane Doe"),
        ('<div class="byline">By Jane Doe</div>', "By Jane Doe"),
        ('<span id="article-author">Jane Doe</span>', "Jane Doe"),
        ('<span itemprop="author">Jane Doe</span>', "Jane Doe"),
    ],
)
def test_find_byline_finds_short_bylines(html: str, expected: str) -> None:
    node = find_byline(body_of(f"<p>Intro words</p>{html}"))
    assert node is not None
    assert node.text(deep=True).strip() == expected


def test_find_byline_ignores_long_and_empty_elements() -> None:
    long = "A long paragraph about the author's career and many books. " * 3
    body = body_of(f'<div class="byline">{long}</div><div class="author"></div>')
    assert find_byline(body) is None


def test_find_byline_skips_a_long_one_for_a_later_short_one() -> None:
    long = "x" * 150
    node = find_byline(body_of(f'<div class="byline">{long}</div><p class="byline">By Ann</p>'))
    assert node is not None
    assert node.text() == "By Ann"


@pytest.mark.parametrize("traced", [True, False])
def test_roles_and_hidden_elements_with_and_without_a_trace(traced: bool) -> None:
    html = (
        '<div role="main"><p>Kept main text</p><p hidden>Hidden inside main</p></div>'
        '<div role="Navigation"><span style="display:none">nested hidden</span>Menu</div>'
        '<div role="button" aria-hidden="true">Hidden button</div>'
    )
    body = body_of(html)
    trace: list[Removal] | None = [] if traced else None
    strip_furniture(body, strip_unlikely=True, trace=trace)
    text = body.text(deep=True)
    assert "Kept main text" in text
    assert all(gone not in text for gone in ("Hidden inside main", "Menu", "Hidden button"))
    if trace is not None:
        rules = {(r.rule, r.text) for r in trace}
        assert ("hidden", "Hidden inside main") in rules
        assert ("furniture-role", "nested hiddenMenu") in rules  # the nested one goes with it
        assert ("hidden", "Hidden button") in rules
