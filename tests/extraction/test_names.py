"""``names``: class and id read as words, one memoised verdict per distinct name."""

from __future__ import annotations

import pytest

from cleaner.extraction.names import verdict, word_parts


def test_word_parts_split_at_separators_digits_and_humps() -> None:
    assert word_parts("c-article__body") == ["c", "article", "body"]
    assert word_parts("articleBody") == ["article", "body"]
    assert word_parts("comment-215101") == ["comment"]
    assert word_parts("e1ad") == ["e1ad"]  # a generated id, not the word "ad"
    assert word_parts("HTMLContent") == ["html", "content"]


@pytest.mark.parametrize(
    "name",
    [
        "comments",
        "comment-list",
        "article-comments",  # a content word does not rescue a comment section
        "article-related-stories",
        "c-related-articles--aside",
        "share-bar",
        "sharedaddy",
        "newsletter-box",
        "mostRead",
        "most-read",
        "Trending-Now",
        "ad-slot",
        "cookie-banner",
        "author-bio",  # an author box
        "authorInfo",
        "about-author",
    ],
)
def test_hard_furniture_names(name: str) -> None:
    assert verdict(name).furniture == "hard"


@pytest.mark.parametrize(
    "name", ["site-header", "page-footer", "sidebar", "banner", "sidebar-inner-wrapper", "menu"]
)
def test_structural_names_are_soft_furniture(name: str) -> None:
    assert verdict(name).furniture == "soft"


@pytest.mark.parametrize(
    "name",
    [
        "sidebar-content",  # structure named by content: Readability's okMaybeItsACandidate
        "article-header",
        "story-body-supplemental",
        "loader",  # no word "ad"
        "contentinfo-x",
        "shadow header",
        "o-section o-section--has-ads",  # a state, not a role
        "with-sidebar",
        "post tag-social-media category-werbung",  # topics of a post
        "section sharing-with-a-single-developer",  # a slug made from a heading
        "headline",
        "download",
    ],
)
def test_names_that_are_not_furniture(name: str) -> None:
    assert verdict(name).furniture is None


def test_a_content_word_anywhere_rescues_structure_only() -> None:
    assert verdict("entry-header main").furniture is None
    assert verdict("comments main").furniture == "hard"


@pytest.mark.parametrize("name", ["lead", "article-intro", "c-standfirst", "teaser-text", "chapo"])
def test_lead_names(name: str) -> None:
    assert verdict(name).lead


@pytest.mark.parametrize("name", ["teaser-list", "teaser-item", "related-teaser", "leader"])
def test_lists_of_teasers_are_not_leads(name: str) -> None:
    assert not verdict(name).lead


def test_byline_names() -> None:
    assert verdict("c-byline").byline
    assert verdict("article-author").byline
    assert not verdict("authority-control").byline


@pytest.mark.parametrize(
    ("name", "furniture"),
    [
        ("jp-relatedposts", "hard"),
        ("commentlist", "hard"),
        ("footerlinks", "soft"),
        ("sidebarLeft", "soft"),
        ("commentary", None),  # an opinion piece
        ("headerless", None),
    ],
)
def test_furniture_words_glued_to_the_next_word(name: str, furniture: str | None) -> None:
    assert verdict(name).furniture == furniture


def test_a_token_too_long_for_a_name_is_ignored() -> None:
    assert verdict("comment" * 100).furniture is None
