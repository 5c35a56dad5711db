"""``verdict``: index pages and consent or subscription walls are not articles."""

from __future__ import annotations

from cleaner.extraction.dom import parse
from cleaner.extraction.text import render_blocks
from cleaner.extraction.verdict import TeaserCount, count_teasers, not_an_article

ARTICLE = (
    "<h2>Roads first</h2>"
    + "<p>The council voted on Tuesday to approve the new budget, which includes funding for "
    "schools, roads and parks across the county.</p>" * 5
)
COOKIE_ARTICLE = (
    "<p>Browser cookies, small files that websites store on your computer, have long been used "
    "to track users across the web, regulators said on Monday.</p>"
    "<p>The new rules require every site to ask for consent before storing cookies, and to make "
    "rejecting them as easy as accepting them.</p>"
    "<p>Privacy groups welcomed the decision, saying that cookie banners had become a maze of "
    "dark patterns, and that personal data had been collected without real consent.</p>"
    "<p>Publishers warned that revenue from personal data would fall, and that subscription "
    "models would have to fill the gap.</p>"
)


def verdict(html: str, title: str | None = None) -> str | None:
    root = parse(f"<html><body><div id='root'>{html}</div></body></html>").css_first("#root")
    assert root is not None
    return not_an_article(render_blocks((root,)), count_teasers((root,)), title)


def test_a_teaser_list_is_an_index_page() -> None:
    teasers = "".join(
        f"<h3><a href='/story/{i}'>Headline number {i} about the budget</a></h3>"
        f"<p>A short summary of story {i}.</p>"
        for i in range(6)
    )
    reason = verdict(teasers)
    assert reason is not None
    assert "index page" in reason


def test_teasers_are_headings_that_are_whole_links_elsewhere() -> None:
    root = parse(
        "<html><body><div id='root'>"
        "<h2><a href='/a'>Linked headline</a></h2>"
        "<a href='/b'><h3>Heading inside a link</h3></a>"
        "<h3><a href='#part'>In-page link</a></h3>"
        "<h4>Plain heading</h4>"
        "</div></body></html>"
    ).css_first("#root")
    assert root is not None
    assert count_teasers((root,)) == TeaserCount(headings=4, teasers=2)


def test_three_teasers_do_not_make_an_index() -> None:
    assert not_an_article(["Some text."] * 3, TeaserCount(headings=3, teasers=3), None) is None


def test_a_cookie_consent_wall_is_flagged() -> None:
    wall = (
        "<h2>We value your privacy</h2>"
        "<p>We and our partners use cookies to store and access personal data such as browsing "
        "data.</p><p>You can change your consent at any time in privacy settings.</p>"
        "<p>Accept all</p><p>Reject all</p><p>Manage cookies</p>"
    )
    reason = verdict(wall)
    assert reason is not None
    assert "wall" in reason


def test_a_subscription_wall_is_flagged() -> None:
    wall = (
        "<h2>Subscribe to continue reading</h2>"
        "<p>Get unlimited access for $1 a month. Cancel anytime.</p>"
        "<p>Already a subscriber? Sign in</p><p>Start your free trial today.</p>"
    )
    reason = verdict(wall)
    assert reason is not None
    assert "wall" in reason


def test_a_normal_article_is_an_article() -> None:
    assert verdict(ARTICLE, "Council approves budget") is None


def test_an_article_about_cookies_and_privacy_is_an_article() -> None:
    assert verdict(COOKIE_ARTICLE, "Regulators tighten cookie rules") is None


def test_an_article_quoting_a_consent_button_is_an_article() -> None:
    quoting = COOKIE_ARTICLE.replace(
        "without real consent.", "without real consent, as most people just click Accept all."
    )
    assert "Accept all" in quoting
    assert verdict(quoting, "Regulators tighten cookie rules") is None


def test_a_not_found_page_is_flagged() -> None:
    reason = verdict("<h1>Page not found</h1><p>Sorry, we can't find that page.</p>")
    assert reason is not None
    assert "error page" in reason


def test_a_short_news_brief_mentioning_forbidden_is_an_article() -> None:
    brief = (
        "<p>Glass bottles are forbidden at the festival this year, organisers said on Friday, "
        "after several injuries were reported last summer.</p>"
    )
    assert verdict(brief, "Festival bans glass bottles") is None
