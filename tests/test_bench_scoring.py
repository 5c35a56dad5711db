"""The dev sets' scoring rules (bench/scoring.py) on tiny hand-computed examples."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.scoring import (
    Meta,
    PageScore,
    aggregate_body,
    aggregate_meta,
    aggregate_snippets,
    byline_match,
    check_meta,
    cpu_figures,
    date_match,
    score_page,
    score_snippets,
    shingles,
    title_exact,
    title_lenient,
    tokens,
)

# -- tokens and shingles ---------------------------------------------------------------------


def test_tokens_are_unicode_word_runs_and_punctuation_only_separates() -> None:
    assert tokens("Hello, wörld!\n3_a—b  «Ça»") == ["Hello", "wörld", "3_a", "b", "Ça"]


def test_tokens_of_text_without_spaces_are_long_runs() -> None:
    assert tokens("肖春芳\uff0c你好\u3002") == ["肖春芳", "你好"]  # full-width comma, stop


def test_shingles_overlap_four_tokens_at_a_time() -> None:
    assert shingles(tokens("a b c d e")) == Counter([("a", "b", "c", "d"), ("b", "c", "d", "e")])


def test_shingles_count_repeats() -> None:
    got = shingles(tokens("a b c d a b c d"))
    assert got[("a", "b", "c", "d")] == 2
    assert got.total() == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a", Counter([("a",)])),
        ("a b c", Counter([("a", "b", "c")])),
        ("a b c d", Counter([("a", "b", "c", "d")])),
        ("", Counter()),
        (" ,;\n ", Counter()),
    ],
)
def test_texts_under_four_tokens_are_one_shingle_and_empty_texts_none(
    text: str, expected: Counter[tuple[str, ...]]
) -> None:
    assert shingles(tokens(text)) == expected


# -- one page --------------------------------------------------------------------------------


def test_page_counts_shared_extra_and_missing_shingles() -> None:
    score = score_page("a b c d x", "a b c d e")  # abcd bcdx vs abcd bcde
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert score.precision == score.recall == pytest.approx(0.5)
    assert not score.exact


def test_page_formatting_does_not_matter() -> None:
    score = score_page("A, b!\n\nc d;  e.", "A b c d e")
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert score.exact
    assert score.f1 == 1.0


def test_short_texts_match_only_as_a_whole() -> None:
    assert score_page("a b c", "a b c") == PageScore(tp=1, fp=0, fn=0, exact=True)
    # "a b c" is the shingle (a, b, c); "a b c d" is (a, b, c, d): nothing shared.
    assert score_page("a b c", "a b c d") == PageScore(tp=0, fp=1, fn=1, exact=False)


def test_true_positives_take_the_smaller_count() -> None:
    score = score_page("x y z w x y z w", "x y z w")  # xyzw twice, yzwx, zwxy, wxyz
    assert (score.tp, score.fp, score.fn) == (1, 4, 0)
    assert score.precision == pytest.approx(0.2)
    assert score.recall == 1.0


def test_empty_extraction_has_no_precision_and_zero_recall() -> None:
    score = score_page("", "a b c d e")
    assert score.precision is None
    assert score.recall == 0.0
    assert score.f1 == 0.0


def test_extraction_of_a_page_expecting_nothing_has_no_recall() -> None:
    score = score_page("a b c d", "")
    assert score.precision == 0.0
    assert score.recall is None


# -- averaging -------------------------------------------------------------------------------


def test_precision_and_recall_are_averaged_over_different_pages_then_combined() -> None:
    empty = score_page("", "a b c d e")  # P not counted, R 0
    perfect = score_page("a b c d e", "a b c d e")  # P 1, R 1
    extra = score_page("a b c d e f", "a b c d e")  # abcd bcde cdef vs abcd bcde: P 2/3, R 1
    body = aggregate_body([empty, perfect, extra])
    assert body.pages == 3
    assert body.precision == pytest.approx((1 + 2 / 3) / 2)  # 5/6: the empty page left out
    assert body.recall == pytest.approx((0 + 1 + 1) / 3)  # 2/3
    assert body.f1 == pytest.approx(2 * (5 / 6) * (2 / 3) / (5 / 6 + 2 / 3))  # 20/27
    # not the mean of page F1s, which would be (0 + 1 + 0.8) / 3 = 0.6
    assert body.f1 == pytest.approx(20 / 27)
    assert body.exact == pytest.approx(1 / 3)


def test_all_empty_extractions_score_zero() -> None:
    body = aggregate_body([score_page("", "a b c d")])
    assert body.precision is None
    assert body.recall == 0.0
    assert body.f1 == 0.0


# -- snippets (the trafilatura set) ---------------------------------------------------------


def test_snippets_are_found_after_white_space_is_collapsed() -> None:
    got = "First  paragraph\n\nends here.\n\nNext one."
    score = score_snippets(got, ["paragraph ends here.", "Next one", "not there"], ["Next"])
    assert (score.tp, score.fn, score.fp, score.tn) == (2, 1, 1, 0)
    assert score.missing == ("not there",)
    assert score.leaked == ("Next",)


def test_an_empty_extraction_finds_no_snippet() -> None:
    score = score_snippets("", ["a b"], ["c d", "e"])
    assert (score.tp, score.fn, score.fp, score.tn) == (0, 1, 0, 2)


def test_snippet_scores_are_micro_averaged_over_all_pages() -> None:
    pages = [
        score_snippets("a b c", ["a b", "c"], ["x"]),  # tp 2, tn 1
        score_snippets("x y", ["z"], ["x", "w"]),  # fn 1, fp 1, tn 1
    ]
    scores = aggregate_snippets(pages)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(4 / 6)  # 2tp / (2tp + fp + fn)
    assert scores.accuracy == pytest.approx(4 / 6)  # (tp + tn) / all


# -- metadata --------------------------------------------------------------------------------


def test_title_exact_collapses_white_space_only() -> None:
    assert title_exact("  Foo \n\t bar\u00a0baz ", "Foo bar baz")
    assert not title_exact("Foo bar", "foo bar")
    assert not title_exact("Foo: bar", "Foo bar")


def test_title_lenient_compares_lower_cased_word_tokens() -> None:
    assert title_lenient("Foo: BAR!", "foo bar")
    assert not title_lenient("Foo bar | Site", "Foo bar")


def test_no_title_matches_an_expected_empty_title() -> None:
    assert title_exact(None, "")
    assert title_lenient(None, "")
    assert not title_exact(None, "Foo")


def test_byline_ignores_by_case_and_pools_authors() -> None:
    assert byline_match("scott cunningham", "By\n\t\t\tScott Cunningham")
    assert byline_match("John Roe, Jane Doe", "Jane Doe, John Roe")
    assert not byline_match("Jane Doe", "Jane Doe, John Roe")
    assert not byline_match(None, "Jane Doe")


def test_date_compares_the_first_ten_characters() -> None:
    assert date_match("2015-07-10", "2015-07-10T09:53:00-04:00")
    assert date_match("2017-11-03T03:01:00+00:00", "2017-11-03 03:01:00.000000")
    assert not date_match("2015-07-11", "2015-07-10T09:53:00-04:00")
    assert not date_match(None, "2015-07-10")


def test_null_expected_values_are_not_checked_but_unexpected_bylines_are_counted() -> None:
    expected = {"title": "T", "byline": None, "publishedTime": None}
    check = check_meta(Meta(title="T", byline="Somebody", date="2020-01-01"), expected)
    assert check.title_exact is True
    assert check.byline is None
    assert check.date is None
    assert check.byline_unexpected is True
    assert check_meta(Meta(byline=" "), expected).byline_unexpected is False
    assert check_meta(Meta(byline="Somebody"), {"title": "T"}).byline_unexpected is None


def test_metadata_rates_are_over_checked_pages() -> None:
    pages: list[tuple[dict[str, str | None], Meta]] = [
        ({"title": "A", "byline": "Jo Ann", "publishedTime": "2020-01-02"}, Meta("a", "Jo Ann")),
        ({"title": "B", "byline": None, "publishedTime": None}, Meta("B", "Ed")),
        ({"title": "", "byline": None, "publishedTime": "2020-01-02"}, Meta(None, None, "2020")),
    ]
    scores = aggregate_meta([check_meta(got, expected) for expected, got in pages])
    assert scores.title_exact == pytest.approx(2 / 3)
    assert scores.title_lenient == 1.0
    assert (scores.title_pages, scores.byline_pages, scores.date_pages) == (3, 1, 2)
    assert scores.byline == 1.0
    assert (scores.byline_unexpected, scores.byline_none_pages) == (1, 2)
    assert scores.date == 0.0


# -- timing ----------------------------------------------------------------------------------


def test_cpu_figures_are_medians_of_per_run_means_and_medians() -> None:
    runs = [[1.0, 2.0, 9.0], [2.0, 3.0, 4.0], [10.0, 10.0, 10.0]]  # means 4, 3, 10
    assert cpu_figures(runs) == (4.0, 3.0)  # medians 2, 3, 10
    assert cpu_figures([]) == (None, None)
