"""``dates``: the dateline a reader sees, and the date in the URL."""

from __future__ import annotations

import pytest

from cleaner.extraction.dates import leading_date, parse_dates, url_date, visible_dates
from cleaner.extraction.dom import parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17. Dezember 2019", "2019-12-17"),
        ("21.01.2022 - 13:30", "2022-01-21"),
        ("23.09.22", "2022-09-23"),
        ("April 19, 2019", "2019-04-19"),
        ("Sept. 3rd, 2021", "2021-09-03"),
        ("le 7 mai 2020", "2020-05-07"),
        ("14 de marzo de 2025", "2025-03-14"),
        ("12 marca 2024", "2024-03-12"),
        ("Samstag, 5. Oktober 2013", "2013-10-05"),
        ("2024-02-29", "2024-02-29"),
        ("5 agosto 2021", "2021-08-05"),
    ],
)
def test_written_dates_in_every_supported_language(text: str, expected: str) -> None:
    assert parse_dates(text) == [(expected, False)]


def test_slashed_dates_follow_the_page_language() -> None:
    assert parse_dates("04/05/2024") == [("2024-05-04", False)]
    assert parse_dates("04/05/2024", month_first=True) == [("2024-04-05", False)]
    assert parse_dates("04/25/2024") == [("2024-04-25", False)]  # a day over 12 settles it


def test_an_update_label_makes_a_modification_date() -> None:
    assert parse_dates("Veröffentlicht am 3. März 2024, aktualisiert am 4. März 2024") == [
        ("2024-03-03", False),
        ("2024-03-04", True),
    ]
    assert parse_dates("Updated June 13, 2019") == [("2019-06-13", True)]


@pytest.mark.parametrize("text", ["30.02.2024", "Version 3.1.4", "99/99/2020", "1. Oktober 1890"])
def test_impossible_or_implausible_dates_are_ignored(text: str) -> None:
    assert parse_dates(text) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2019/12/17/story/", "2019-12-17"),
        ("https://example.com/news/story-2019-12-17.html", "2019-12-17"),
        ("https://example.com/a/20191217_story", "2019-12-17"),
        ("https://example.com/2019/12/story/", None),  # a month is no date
        ("https://example.com/id/20191317", None),
        ("https://2019.example.com/12/17", None),  # the host is not the path
        (None, None),
    ],
)
def test_the_date_in_a_url(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def _page(body: str) -> str:
    return f"<html><body>{body}</body></html>"


def test_the_dateline_nearest_the_headline_wins_over_teasers_and_comments() -> None:
    html = _page(
        "<div class='topbar'><span class='date'>Montag, 7. Dezember 2026</span></div>"
        + "<p>filler</p>" * 5
        + "<h1>Headline</h1><p class='meta'><time>3. März 2024</time></p>"
        "<div class='comments'><span class='comment-date'>4. März 2024</span></div>"
        "<ul class='related'><li><span class='date'>1. März 2024</span></li></ul>"
    )
    assert visible_dates(parse(html)).published == "2024-03-03"


def test_a_date_in_a_comment_is_never_the_articles() -> None:
    html = _page(
        "<h1>Headline</h1><div class='comments'><span class='date'>4. März 2024</span></div>"
    )
    assert visible_dates(parse(html)).published is None


def test_a_short_line_beside_the_headline_without_a_date_class() -> None:
    html = _page(
        "<div><h1>Headline</h1><p><span>Stand - 12.11.2021</span></p>"
        "<p><b>By Jane Doe</b> 11.11.2021</p></div>"
    )
    found = visible_dates(parse(html))
    assert found.modified == "2021-11-12"  # "Stand" labels the state of an update
    assert found.published is None or found.published == "2021-11-11"


def test_a_date_the_text_labels_as_the_pages() -> None:
    html = _page(
        "<h1>Headline</h1><div><div><div><p>Some intro text that is long enough here.</p></div>"
        "</div></div><div class='box'>Datum: 03.11.2021 Autor: Peter Maahn</div>"
    )
    assert visible_dates(parse(html)).published == "2021-11-03"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 августа 2016, 13:43", "2016-08-15"),
        ("3 листопада 2021", "2021-11-03"),
        ("12. března 2024", "2024-03-12"),
    ],
)
def test_cyrillic_and_czech_month_names(text: str, expected: str) -> None:
    assert parse_dates(text) == [(expected, False)]


def test_a_date_line_indented_in_the_source_is_still_short() -> None:
    indented = "\n" + " " * 200 + "02.02.2022" + "\n" + " " * 200
    html = _page(f"<div><h1>Headline<small>{indented}</small></h1><p>Text here.</p></div>")
    assert visible_dates(parse(html)).published == "2022-02-02"


@pytest.mark.parametrize(
    "label", ["Mise en ligne", "Pressemitteilung vom", "Veröffentlicht am", "Published:"]
)
def test_labelled_dates_in_several_languages(label: str) -> None:
    html = _page(f"<h1>Headline</h1><div><p>Intro text.</p></div><div>{label} 23.05.2019</div>")
    assert visible_dates(parse(html)).published == "2019-05-23"


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        (["27.1.2022 - Bei der Erinnerung an die Verfolgten ..."], "2022-01-27"),
        (["Von Claudia Lindner", "01.02.2022 „Der Arbeitsmarkt ist gut ..."], "2022-02-01"),
        (["Intro.", "Second.", "03.03.2022 - too far down"], None),
        (["Im Jahr 2022 wurde am 03.03.2022 ..."], None),  # not where the text opens
    ],
)
def test_the_date_an_article_opens_with(blocks: list[str], expected: str | None) -> None:
    assert leading_date(blocks) == expected


def test_a_heading_that_is_only_a_date_beside_the_headline() -> None:
    html = _page("<div id='content'><h3>21.01.2022</h3><h1>Report</h1><p>Text.</p></div>")
    assert visible_dates(parse(html)).published == "2022-01-21"
