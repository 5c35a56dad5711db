"""``score``: the main content is chosen by text, commas, links and class names."""

from __future__ import annotations

import pytest

from cleaner.extraction.dom import Node, parse
from cleaner.extraction.score import class_weight, link_density, select_content

PARAGRAPH = (
    "<p>The council voted on Tuesday to approve the new budget, which includes funding for "
    "schools, roads and parks across the county.</p>"
)
LINK_LIST = "<ul>{}</ul>".format(
    "".join(
        f"<li><a href='/story/{i}'>Another story number {i} to read</a></li>" for i in range(12)
    )
)


def body_of(html: str) -> Node:
    body = parse(f"<html><body>{html}</body></html>").body
    assert body is not None
    return body


def first(html: str) -> Node:
    node = body_of(html).child
    assert node is not None
    return node


def test_picks_the_article_over_a_link_sidebar_and_a_footer() -> None:
    body = body_of(
        f'<div id="links">{LINK_LIST}</div>'
        f'<div id="story">{PARAGRAPH * 5}</div>'
        '<div id="bottom"><p>Copyright 2025 The Daily Example, all rights reserved, '
        "everywhere.</p><a href='/about'>About us and our contact page</a></div>"
    )
    chosen = select_content(body, weigh_classes=True)
    assert [node.attributes.get("id") for node in chosen.nodes] == ["story"]
    assert chosen.score > 0


def test_siblings_with_good_paragraphs_are_gathered() -> None:
    sibling = (
        "<p>A sibling paragraph long enough to be part of the article, written beside the "
        "main block by a page template.</p>"
    )
    body = body_of(f'<div id="wrap"><div id="main">{PARAGRAPH * 3}</div>{sibling}{LINK_LIST}</div>')
    chosen = select_content(body, weigh_classes=True)
    texts = " ".join(node.text(deep=True) for node in chosen.nodes)
    assert "council voted" in texts
    assert "A sibling paragraph" in texts
    assert "Another story" not in texts


def test_an_empty_body_falls_back_to_the_body() -> None:
    body = body_of("<div>short</div>")
    chosen = select_content(body, weigh_classes=True)
    assert [node.tag for node in chosen.nodes] == ["body"]


def test_deep_nesting_does_not_overflow_the_stack() -> None:
    body = body_of("<div>" * 1500 + PARAGRAPH + "</div>" * 1500)
    chosen = select_content(body, weigh_classes=True)
    assert "council voted" in chosen.nodes[0].text(deep=True)


def test_link_density_without_links_is_zero() -> None:
    assert link_density(first("<div>Plain words, no links at all.</div>")) == 0.0


def test_link_density_of_an_empty_node_is_zero() -> None:
    assert link_density(first("<div></div>")) == 0.0


def test_link_density_of_all_link_text_is_one() -> None:
    assert link_density(first("<div><a href='/other'>Every word is a link</a></div>")) == 1.0


def test_in_page_links_weigh_three_tenths() -> None:
    assert link_density(first("<div><a href='#notes'>Footnote</a></div>")) == pytest.approx(0.3)
    half = first("<div>abcdefghij<a href='#notes'>abcdefghij</a></div>")
    assert link_density(half) == pytest.approx(0.15)


def test_a_bare_hash_link_counts_in_full() -> None:
    assert link_density(first("<div><a href='#'>Menu</a></div>")) == 1.0


@pytest.mark.parametrize(
    ("attributes", "weight"),
    [
        ('class="article-body"', 25.0),
        ('id="story"', 25.0),
        ('class="sidebar"', -25.0),
        ('class="Related-Links"', -25.0),
        ('class="article" id="sidebar"', 0.0),
        ('class="plain"', 0.0),
        ("", 0.0),
    ],
)
def test_class_weight(attributes: str, weight: float) -> None:
    assert class_weight(first(f"<div {attributes}>x</div>")) == weight


def test_class_weight_steers_the_choice_only_when_weighed() -> None:
    html = (
        f'<div id="a" class="sidebar">{PARAGRAPH * 3}</div>'
        f'<div id="b" class="story">{PARAGRAPH * 2}</div>'
    )
    weighed = select_content(body_of(html), weigh_classes=True)
    unweighed = select_content(body_of(html), weigh_classes=False)
    assert weighed.nodes[0].attributes.get("id") == "b"
    assert unweighed.nodes[0].attributes.get("id") == "a"
