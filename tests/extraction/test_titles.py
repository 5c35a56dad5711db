"""``titles``: the headline is the title field, so its repeats in the body are dropped."""

from __future__ import annotations

import pytest

from cleaner.extraction.dom import Node, parse
from cleaner.extraction.prune import Removal
from cleaner.extraction.titles import drop_title_blocks, find_headline, similarity

TITLE = "Putin and Netanyahu Discuss Gaza, Iran and Syria"
SLUG = "putin and netanyahu discuss gaza iran and syria"
BODY_TEXT = "Putin and Netanyahu discussed Gaza by telephone on Friday, the Kremlin said."


def body_of(html: str) -> Node:
    body = parse(f"<html><body>{html}</body></html>").body
    assert body is not None
    return body


def test_similarity_of_the_same_words_is_one() -> None:
    assert similarity(TITLE, SLUG) == 1.0


def test_similarity_drops_with_extra_words() -> None:
    with_site = similarity(TITLE, f"{TITLE} | The Daily Example")
    assert 0.5 < with_site < 1.0
    assert similarity(TITLE, "Weather for the weekend") == 0.0


@pytest.mark.parametrize(("title", "other"), [("", "words"), ("words", ""), ("...", "!!!")])
def test_similarity_without_words_is_zero(title: str, other: str) -> None:
    assert similarity(title, other) == 0.0


def test_find_headline_finds_the_first_heading_repeating_the_title() -> None:
    body = body_of(
        "<h2 id='section'>Latest news</h2>"
        f"<h1 id='headline'>{TITLE}</h1>"
        f"<h2 id='again'>{TITLE}</h2>"
    )
    headline = find_headline(body, TITLE)
    assert headline is not None
    assert headline.attributes.get("id") == "headline"


def test_find_headline_accepts_an_h2() -> None:
    headline = find_headline(body_of(f"<p>{TITLE}</p><h2>{TITLE}</h2>"), TITLE)
    assert headline is not None
    assert headline.tag == "h2"


def test_find_headline_ignores_other_headings_and_missing_titles() -> None:
    body = body_of("<h1>Weather for the weekend</h1><h3>" + TITLE + "</h3>")
    assert find_headline(body, TITLE) is None
    assert find_headline(body_of(f"<h1>{TITLE}</h1>"), None) is None


def test_drop_title_blocks_drops_the_lowercase_slug() -> None:
    trace: list[Removal] = []
    kept = drop_title_blocks(["Intro line.", SLUG, BODY_TEXT], TITLE, trace)
    assert kept == ["Intro line.", BODY_TEXT]
    assert len(trace) == 1
    assert trace[0].rule == "title-repeat"
    assert trace[0].text == SLUG


def test_drop_title_blocks_drops_the_headline_repeated() -> None:
    assert drop_title_blocks([TITLE, BODY_TEXT], TITLE, None) == [BODY_TEXT]


def test_drop_title_blocks_keeps_blocks_that_only_share_words() -> None:
    blocks = [f"{TITLE} at the summit", BODY_TEXT, "Gaza"]
    assert drop_title_blocks(blocks, TITLE, None) == blocks


def test_drop_title_blocks_without_a_title_keeps_everything() -> None:
    assert drop_title_blocks([SLUG, BODY_TEXT], None, None) == [SLUG, BODY_TEXT]
