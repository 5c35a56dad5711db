"""clean_text: scraped text in, Article out, with the page furniture left behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleaner.cleantext import clean_text
from cleaner.errors import InputTooLargeError, NoArticleError, UsageError
from cleaner.settings import ExtractSettings, Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "fixtures" / "seeds"
SEED_NAMES = sorted(path.name.removesuffix(".expected.json") for path in SEEDS.glob("*.json"))


def load_seed(name: str) -> tuple[str, dict[str, Any]]:
    raw = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((SEEDS / f"{name}.expected.json").read_text(encoding="utf-8"))
    return raw, expected


def expected_text(raw: str, expected: dict[str, Any]) -> str:
    """Headings and paragraphs in the order the seed has them, one blank line between."""
    lines = [line.strip() for line in raw.splitlines()]
    blocks = sorted([*expected["headings"], *expected["body_paragraphs"]], key=lines.index)
    return "\n\n".join(blocks)


def test_seeds_are_present() -> None:
    assert len(SEED_NAMES) >= 2, f"no seeds found in {SEEDS}"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_comes_out_exactly(name: str) -> None:
    raw, expected = load_seed(name)
    article = clean_text(raw)
    assert article.title == expected["title"]
    assert article.site_name == expected["source"]
    assert article.text == expected_text(raw, expected)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_clutter_is_absent(name: str) -> None:
    raw, expected = load_seed(name)
    blocks = set(clean_text(raw).text.split("\n\n"))
    assert blocks.isdisjoint(expected["clutter_absent"])


def test_windows_line_endings_and_nbsp_give_the_same_article() -> None:
    raw, expected = load_seed(SEED_NAMES[0])
    mangled = raw.replace("\n", "\r\n").replace("Skip to", "Skip\u00a0to")
    mangled = mangled.replace(" Putin ", "\u00a0Putin\u00a0").replace("Source: ", "Source:\u00a0")
    article = clean_text(mangled)
    assert article.title == expected["title"]
    assert article.site_name == expected["source"]
    assert article.text == expected_text(raw, expected)


def test_rules_are_generic_not_named_after_the_seed_site() -> None:
    raw, expected = load_seed(SEED_NAMES[0])
    renamed = raw.replace(expected["source"], "Harbour Gazette")
    article = clean_text(renamed)
    assert article.site_name == "Harbour Gazette"
    assert article.text == expected_text(raw, expected).replace(
        expected["source"], "Harbour Gazette"
    )


LOCAL_PAGE = """\
Home > World > Europe
World
Share on Facebook | Share on Twitter | Email

Harbour council approves new ferry terminal
harbour-council-approves-new-ferry-terminal

Photo: Jane Roe / Harbour Gazette

The harbour council voted 7-2 on Tuesday to approve a new ferry terminal, ending a decade \
of argument over the waterfront.

Advertisement

Construction is expected to start in the spring and take two years, the planning chief said.

What happens next

Opponents said they would appeal the decision to the regional court.

Read more: Ferry fares to rise in June

Most Popular
Council elections set for May
Five things to do this weekend
Is the old pier worth saving?

Sport
Harbour United sign a new striker

Follow us on Facebook and Instagram
© 2025 Harbour Gazette. All rights reserved.
"""


def test_an_unseen_layout_is_cleaned_by_the_same_rules() -> None:
    article = clean_text(LOCAL_PAGE, url="https://example.org/ferry")
    assert article.title == "Harbour council approves new ferry terminal"
    assert article.url == "https://example.org/ferry"
    assert article.site_name is None
    assert article.text.split("\n\n") == [
        "The harbour council voted 7-2 on Tuesday to approve a new ferry terminal, ending a decade "
        "of argument over the waterfront.",
        "Construction is expected to start in the spring and take two years, the planning chief "
        "said.",
        "What happens next",
        "Opponents said they would appeal the decision to the regional court.",
    ]


def test_link_list_inside_the_article_ends_at_the_next_paragraph() -> None:
    text = (
        "Mayor opens new library\n\n"
        "The new library opened on Saturday with 40,000 books and a rooftop reading room.\n\n"
        "Related Stories\n"
        "Library budget approved\n"
        "Where to read in the city\n\n"
        "Visitors queued for an hour before the doors opened, staff said.\n"
    )
    article = clean_text(text)
    assert article.text.split("\n\n") == [
        "The new library opened on Saturday with 40,000 books and a rooftop reading room.",
        "Visitors queued for an hour before the doors opened, staff said.",
    ]


def test_line_under_a_newsletter_heading_stays_when_the_article_goes_on() -> None:
    text = (
        "Mayor opens new library\n\n"
        "The new library opened on Saturday with 40,000 books and a rooftop reading room.\n\n"
        "Sign up for our weekly newsletter\n\n"
        "It cost 12 million euros.\n\n"
        "Visitors queued for an hour before the doors opened, staff said.\n"
    )
    blocks = clean_text(text).text.split("\n\n")
    assert "It cost 12 million euros." in blocks
    assert "Sign up for our weekly newsletter" not in blocks


def test_hard_wrapped_paragraph_is_joined_into_one_block() -> None:
    text = (
        "Mayor opens new library\n\n"
        "The new library opened on Saturday with 40,000 books and a rooftop\n"
        "reading room, the first new public building in the district since\n"
        "the flood.\n\n"
        "Visitors queued for an hour before the doors opened, staff said.\n"
    )
    assert clean_text(text).text.split("\n\n") == [
        "The new library opened on Saturday with 40,000 books and a rooftop reading room, the "
        "first new public building in the district since the flood.",
        "Visitors queued for an hour before the doors opened, staff said.",
    ]


def test_text_without_a_headline_has_no_title() -> None:
    text = (
        "The new library opened on Saturday with 40,000 books and a rooftop reading room.\n\n"
        "Visitors queued for an hour before the doors opened, staff said.\n"
    )
    article = clean_text(text)
    assert article.title is None
    assert article.text == text.strip()


def test_article_record_is_complete() -> None:
    raw, _ = load_seed(SEED_NAMES[0])
    article = clean_text(raw)
    assert article.word_count > 100
    assert article.content_hash.startswith("sha256:")
    assert "\n\n\n" not in article.text
    assert article.title is not None
    assert article.title not in article.text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n \t\n",
        "Skip to main content\n  • Share to or\n\nAdvertisement\n\nRelated Articles\n",
        "World\n\nBreaking news headline here\n\nMost Read\nSomething else happened\n",
    ],
)
def test_nothing_article_like_raises_no_article(text: str) -> None:
    with pytest.raises(NoArticleError) as caught:
        clean_text(text)
    assert caught.value.code == "no_article"
    assert "no article" in caught.value.message


def test_too_short_body_raises_when_settings_ask_for_more() -> None:
    text = "Ferry terminal approved\n\nThe council said yes.\n"
    strict = Settings(extract=ExtractSettings(min_article_chars=100))
    with pytest.raises(NoArticleError, match="min_article_chars"):
        clean_text(text, settings=strict)
    assert clean_text(text).text == "The council said yes."


def test_oversized_input_raises() -> None:
    settings = Settings(extract=ExtractSettings(max_input_bytes=100))
    with pytest.raises(InputTooLargeError):
        clean_text("x" * 101, settings=settings)


def test_bytes_are_refused_with_a_usage_error() -> None:
    with pytest.raises(UsageError, match="decode"):
        clean_text(b"Some bytes")  # type: ignore[arg-type]
