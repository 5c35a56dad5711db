"""``extract`` / ``explain`` end to end: a page in, the article's text and title out."""

from __future__ import annotations

import pytest

from cleaner.errors import NoArticleError
from cleaner.extraction import explain, extract
from cleaner.settings import ExtractSettings, Settings

TITLE = "Council approves budget"
PARAGRAPH = (
    "The {who} voted on Tuesday to approve the new budget, which includes funding for "
    "schools, roads and parks across the county."
)
STRICT = Settings(extract=ExtractSettings(min_article_chars=80))


def paragraphs(who: str, count: int) -> str:
    return f"<p>{PARAGRAPH.format(who=who)}</p>" * count


def page(body: str, *, title: str = TITLE, body_attributes: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head>"
        f"<title>{title} | The Daily Example</title>"
        f"<meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='The Daily Example'>"
        f"</head><body {body_attributes}>{body}</body></html>"
    )


ARTICLE_PAGE = page(
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    f"<article><h1>{TITLE}</h1><div class='byline'>By Jane Doe</div>"
    f"{paragraphs('council', 3)}<h2>Roads first</h2>{paragraphs('mayor', 2)}</article>"
    "<div class='sidebar'><ul><li><a href='/other'>Other story</a></li></ul></div>"
)


def test_the_headline_is_the_title_not_body_text() -> None:
    article = extract(ARTICLE_PAGE)
    assert article.title == TITLE
    assert TITLE not in article.text
    assert article.text.startswith("The council voted")


def test_blocks_are_joined_by_exactly_one_blank_line() -> None:
    text = extract(ARTICLE_PAGE).text
    assert "\n\n\n" not in text
    council, mayor = PARAGRAPH.format(who="council"), PARAGRAPH.format(who="mayor")
    assert text.split("\n\n") == [council] * 3 + ["Roads first"] + [mayor] * 2


def test_furniture_and_byline_are_not_body_text() -> None:
    text = extract(ARTICLE_PAGE).text
    for furniture in ("Home", "Other story", "Jane Doe"):
        assert furniture not in text


def test_explain_lists_removals_with_rule_ids() -> None:
    explanation = explain(ARTICLE_PAGE)
    assert explanation.error is None
    assert explanation.article is not None
    assert explanation.article.text == extract(ARTICLE_PAGE).text
    by_rule = {removal.rule: removal for removal in explanation.removals}
    assert {"navigation", "structural-name", "byline", "headline"} <= set(by_rule)
    assert by_rule["headline"].tag == "h1"
    assert by_rule["headline"].text == TITLE
    assert by_rule["byline"].text == "By Jane Doe"
    assert all(removal.reason for removal in explanation.removals)


def test_a_too_short_article_raises_no_article() -> None:
    with pytest.raises(NoArticleError):
        extract(page("<p>Too short.</p>"), settings=STRICT)


def test_an_empty_body_raises_no_article() -> None:
    with pytest.raises(NoArticleError):
        extract(page("<nav><a href='/'>Home</a></nav>"))


def test_explain_reports_the_error_instead_of_raising() -> None:
    explanation = explain(page("<p>Too short.</p>"), settings=STRICT)
    assert explanation.article is None
    assert explanation.error is not None
    assert explanation.removals == ()


@pytest.mark.parametrize(
    "name",
    ["story-sidebar", "comment-free article-sidebar", "related-coverage"],
)
def test_an_article_in_a_furniture_named_container_is_recovered(name: str) -> None:
    html = page(f"<div class='{name}'>{paragraphs('board', 4)}</div><nav>Home</nav>")
    text = extract(html).text
    assert text.split("\n\n") == [PARAGRAPH.format(who="board")] * 4


def test_deeply_nested_article_extracts() -> None:
    html = page("<div>" * 1500 + paragraphs("council", 3) + "</div>" * 1500)
    assert extract(html).text.count("The council voted") == 3


def test_a_body_hidden_until_scripts_run_still_yields_the_article() -> None:
    html = page(paragraphs("council", 3), body_attributes="style='display:none'")
    assert "The council voted" in extract(html).text


LEAD = "The county will spend more on schools and roads next year, the council decided."


@pytest.mark.parametrize(
    "header",
    [
        f"<header class='article-header'><h1>{TITLE}</h1><p class='lead'>{LEAD}</p></header>",
        f"<div class='o-header'><h1>{TITLE}</h1><div class='intro'><p>{LEAD}</p></div></div>",
        f"<h1>{TITLE}</h1><h2 class='article-subheadline'>{LEAD}</h2>",
    ],
    ids=["in-a-header", "in-a-removed-header", "subheadline"],
)
def test_a_lead_before_the_body_opens_the_article(header: str) -> None:
    html = page(f"<main>{header}<div class='article-body'>{paragraphs('council', 4)}</div></main>")
    blocks = extract(html).text.split("\n\n")
    assert blocks[0] == LEAD
    assert blocks[1:] == [PARAGRAPH.format(who="council")] * 4


def test_teasers_sharing_a_class_are_not_a_lead() -> None:
    teasers = "".join(
        f"<div class='teaser'><p>Other story number {n} is summed up here in a sentence.</p></div>"
        for n in range(5)
    )
    html = page(f"<main>{teasers}<div class='article-body'>{paragraphs('council', 4)}</div></main>")
    assert "Other story" not in extract(html).text


def test_a_relaxed_pass_does_not_return_a_footer_longer_than_the_post() -> None:
    post = "<p>Short post: the harbour wall is finished, two weeks early.</p>"
    footer_text = paragraphs("club", 3)
    html = page(
        f"<main><article>{post}</article></main><div class='site-footer'>{footer_text}</div>"
    )
    assert extract(html).text == "Short post: the harbour wall is finished, two weeks early."
