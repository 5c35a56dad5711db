"""``clean``: furniture left inside the chosen content is removed, article text is kept."""

from __future__ import annotations

import pytest

from cleaner.extraction.clean import CleanOptions, clean_content
from cleaner.extraction.dom import parse
from cleaner.extraction.prune import Removal

BEFORE = (
    "<p>The council voted on Tuesday to approve the new budget, which includes funding for "
    "schools, roads and parks across the county.</p>"
)
AFTER = (
    "<p>The mayor said the vote was a turning point, and that work on the first roads would "
    "begin in the spring.</p>"
)
STRICT = CleanOptions(weigh_classes=True, conditionally=True)
LENIENT = CleanOptions(weigh_classes=True, conditionally=False)
NEWSLETTER_BOX = (
    "<div><h3>Sign up for The Morning newsletter</h3>"
    "<p>Get the best stories delivered every morning.</p>"
    "<form><input type='email' placeholder='Email'><button>Sign up</button></form>"
    "<p>This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of "
    "Service apply.</p></div>"
)


def cleaned(inner: str, options: CleanOptions = STRICT) -> tuple[str, list[Removal]]:
    """The chosen root's text (blocks joined by " | ") after cleaning, and the trace."""
    doc = parse(f"<html><body><div id='root'>{inner}</div></body></html>")
    root = doc.css_first("#root")
    assert root is not None
    trace: list[Removal] = []
    clean_content((root,), options, trace)
    blocks = [" ".join(n.text(deep=True).split()) for n in root.iter() if n.text(deep=True).strip()]
    return " | ".join(blocks), trace


def rules_of(trace: list[Removal]) -> set[str]:
    return {removal.rule for removal in trace}


def assert_article_kept(text: str) -> None:
    assert "The council voted" in text
    assert "The mayor said" in text


@pytest.mark.parametrize("options", [STRICT, LENIENT], ids=["strict", "lenient"])
def test_newsletter_box_in_the_middle_is_removed(options: CleanOptions) -> None:
    text, trace = cleaned(BEFORE + NEWSLETTER_BOX + AFTER, options)
    assert_article_kept(text)
    for furniture in ("Sign up", "best stories", "reCAPTCHA"):
        assert furniture not in text
    assert "newsletter-signup" in rules_of(trace)


def test_newsletter_box_is_recorded_once() -> None:
    _, trace = cleaned(BEFORE + NEWSLETTER_BOX + AFTER, LENIENT)
    assert [removal.rule for removal in trace] == ["newsletter-signup"]
    assert all(removal.text for removal in trace)


@pytest.mark.parametrize(
    ("heading", "rule"),
    [("Related Articles", "related-heading"), ("Top Trending", "trending-heading")],
)
def test_list_headings_are_removed_with_their_link_list(heading: str, rule: str) -> None:
    links = (
        "<ul><li><a href='/a'>Storm closes schools across the region</a></li>"
        "<li><a href='/b'>Teachers strike over pay</a></li></ul>"
    )
    text, trace = cleaned(f"{BEFORE}<h2>{heading}</h2>{links}{AFTER}", LENIENT)
    assert_article_kept(text)
    assert heading not in text
    assert "Storm closes" not in text
    assert "Teachers strike" not in text
    assert [removal.tag for removal in trace if removal.rule == rule] == ["h2", "ul"]


def test_a_share_bar_is_removed() -> None:
    bar = (
        "<div class='share-tools'><a href='https://facebook.example/share'>Facebook</a> "
        "<a href='https://x.example/intent'>X</a> <a href='mailto:'>Email</a></div>"
    )
    text, trace = cleaned(BEFORE + bar + AFTER, LENIENT)
    assert_article_kept(text)
    assert "Facebook" not in text
    assert "share-tools" in rules_of(trace)


def test_a_closing_about_section_is_removed() -> None:
    about = (
        "<h3>About Acme Widgets Inc.</h3>"
        "<p>Acme Widgets is a maker of widgets, founded in 1950 and based in Springfield.</p>"
    )
    text, trace = cleaned(BEFORE + AFTER + about, LENIENT)
    assert_article_kept(text)
    assert "Acme" not in text
    assert [removal.tag for removal in trace if removal.rule == "about-section"] == ["h3", "p"]


def test_an_about_heading_followed_by_more_headings_is_kept() -> None:
    section = (
        "<h3>About the plan</h3><p>The plan is large, and it will take years, officials said.</p>"
        "<h3>What comes next</h3>"
    )
    text, trace = cleaned(BEFORE + section + AFTER, LENIENT)
    assert "About the plan" in text
    assert "What comes next" in text
    assert "about-section" not in rules_of(trace)


def test_a_standalone_date_stamp_is_removed() -> None:
    text, trace = cleaned(f"{BEFORE}<p>14 марта 2025, 12:00</p>{AFTER}", LENIENT)
    assert_article_kept(text)
    assert "2025" not in text
    assert "date-stamp" in rules_of(trace)


@pytest.mark.parametrize(
    "html",
    [
        "<ul><li>14 марта 2025, 12:00</li><li>15 марта 2025, 13:00</li></ul>",
        "<table><tr><td>14 марта 2025, 12:00</td><td><div>15 марта 2025</div></td></tr></table>",
    ],
)
def test_dates_in_lists_and_tables_are_kept(html: str) -> None:
    text, trace = cleaned(BEFORE + html + AFTER, LENIENT)
    assert "14 марта 2025, 12:00" in text
    assert "date-stamp" not in rules_of(trace)


def test_a_subheading_with_a_year_is_kept() -> None:
    text, _ = cleaned(f"{BEFORE}<p><strong>Election 2024</strong></p>{AFTER}", LENIENT)
    assert "Election 2024" in text


LINK_BOX = (
    "<div><a href='/a'>Storm closes schools</a> <a href='/b'>Teachers strike over pay</a> "
    "and more</div>"
)
DATA_TABLE = (
    "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td><td>$5m</td></tr>"
    "<tr><td>2025</td><td>$6m</td></tr></table>"
)


def test_conditional_cleaning_removes_a_link_heavy_box_and_keeps_a_data_table() -> None:
    text, trace = cleaned(BEFORE + LINK_BOX + DATA_TABLE + AFTER, STRICT)
    assert_article_kept(text)
    assert "Storm closes" not in text
    assert "Budget" in text
    assert "$6m" in text
    assert [removal.tag for removal in trace if removal.rule == "low-content-block"] == ["div"]


def test_without_conditional_cleaning_the_link_box_is_kept() -> None:
    text, trace = cleaned(BEFORE + LINK_BOX + DATA_TABLE + AFTER, LENIENT)
    assert "Storm closes" in text
    assert "low-content-block" not in rules_of(trace)


def test_a_plain_article_is_untouched() -> None:
    text, trace = cleaned(BEFORE + "<h2>Roads first</h2>" + AFTER, STRICT)
    assert_article_kept(text)
    assert "Roads first" in text
    assert trace == []


# --- issue 7: prose-rich blocks, headed boxes ------------------------------------------------

from cleaner.extraction import extract as _extract  # noqa: E402


def _page(body: str) -> str:
    return f"<html lang='en'><head><title>T</title></head><body>{body}</body></html>"


STEP = (
    "Mix the flour with the butter until it crumbles, then add the egg. Knead the dough "
    "briefly and let it rest in the fridge for an hour. "
)


def test_recipe_steps_with_photos_and_linked_ingredients_are_kept() -> None:
    steps = "".join(
        f"<div class='step'><img src='{n}.jpg'><img src='{n}b.jpg'><p>{STEP}"
        f"<a href='/flour'>flour</a></p></div>"
        for n in range(3)
    )
    text = _extract(_page(f"<main><h1>T</h1>{steps}</main>")).text
    assert text.count("Knead the dough") == 3


def test_a_related_list_under_its_heading_is_gone_before_scoring() -> None:
    related = "".join(f"<li><a href='/s{n}'>Another story number {n}</a></li>" for n in range(8))
    html = _page(
        f"<article><h1>T</h1><p>{STEP * 3}</p></article>"
        f"<div><h3>Related Articles</h3><ul>{related}</ul></div>"
    )
    text = _extract(html).text
    assert "Another story" not in text
    assert "Knead the dough" in text


def test_an_author_box_longer_than_the_post_is_never_the_article() -> None:
    bio = (
        "<p>Jane writes about food, gardens and the sea, and has done so for thirty years.</p>" * 3
    )
    html = _page(
        f"<article><h1>T</h1><section class='content'><p>{STEP}</p></section>"
        f"<div><h2>About the author</h2>{bio}</div></article>"
    )
    text = _extract(html).text
    assert "Knead the dough" in text
    assert "Jane writes" not in text


def test_a_heading_named_like_furniture_in_a_short_article_keeps_the_article() -> None:
    html = _page(f"<div><h1>T</h1><h2>Comments</h2><p>{STEP}</p></div>")
    assert "Knead the dough" in _extract(html).text


def test_a_data_table_does_not_outweigh_the_article() -> None:
    rows = "".join(
        f"<tr><td>Constituency number {n}</td><td>member{n}.mp@parliament.example</td></tr>"
        for n in range(300)
    )
    html = _page(
        f"<article><h1>T</h1>{('<p>' + STEP * 2 + '</p>') * 4}</article><table>{rows}</table>"
    )
    text = _extract(html).text
    assert text.startswith("Mix the flour")
