"""Article: the one output schema (frozen, extra fields forbidden, stable JSON)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from cleaner import SCHEMA_VERSION, __version__
from cleaner.models import Article, content_hash, make_article, word_count

WHEN = datetime(2025, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def article(**overrides: object) -> Article:
    fields: dict[str, object] = {
        "text": "The council approved the ferry terminal.\n\nWork starts in May.",
        "url": "https://example.com/news/1",
        "title": "Council approves ferry terminal",
        "authors": ("Jane Doe", "John Smith"),
        "published": "2025-03-14T09:30:00+01:00",
        "language": "en",
        "extracted_at": WHEN,
    }
    fields.update(overrides)
    return make_article(**fields)  # type: ignore[arg-type]


def test_article_is_frozen() -> None:
    a = article()
    with pytest.raises(ValidationError):
        a.title = "changed"  # type: ignore[misc]


def test_unknown_fields_are_rejected() -> None:
    data = article().model_dump()
    with pytest.raises(ValidationError, match="extra"):
        Article.model_validate({**data, "subtitle": "x"})


def test_json_round_trip_gives_an_equal_article() -> None:
    a = article()
    assert Article.model_validate_json(a.model_dump_json()) == a


def test_json_keys_follow_field_order() -> None:
    keys = list(json.loads(article().model_dump_json()))
    assert keys == list(Article.model_fields)
    assert keys[:3] == ["url", "canonical_url", "title"]
    assert keys[-2:] == ["cleaner_version", "schema_version"]


@pytest.mark.parametrize(
    "value", ["2025-03-14", "2025-03-14T09:30:00+01:00", "2025-03-14T08:30:00Z"]
)
def test_published_accepts_dates_and_zoned_date_times(value: str) -> None:
    assert article(published=value, modified=value).published == value


@pytest.mark.parametrize(
    "value", ["2025-03-14T09:30:00", "yesterday", "14/03/2025", "2025-03-14 09:30:00+01:00", ""]
)
def test_published_rejects_naive_times_and_garbage(value: str) -> None:
    with pytest.raises(ValidationError):
        article(published=value)
    with pytest.raises(ValidationError):
        article(modified=value)


@pytest.mark.parametrize("value", ["2025-13-14", "2025-02-30", "2025-03-14T25:61:00Z"])
def test_published_rejects_impossible_dates(value: str) -> None:
    with pytest.raises(ValidationError):
        article(published=value)


def test_extracted_at_must_be_time_zone_aware() -> None:
    with pytest.raises(ValidationError):
        article(extracted_at=datetime(2025, 3, 14, 9, 30))


def test_extracted_at_defaults_to_an_aware_now() -> None:
    before = datetime.now(UTC)
    stamp = make_article(text="Some text.").extracted_at
    assert stamp.tzinfo is not None
    assert before <= stamp <= datetime.now(UTC)


@pytest.mark.parametrize(
    "variant",
    [
        "THE COUNCIL APPROVED THE FERRY TERMINAL.",
        "  The   council\napproved\tthe ferry\u00a0terminal.  ",
        "The council approved the ferry terminal\uff0e",  # fullwidth full stop (NFKC)
    ],
)
def test_content_hash_ignores_case_white_space_and_nfkc_forms(variant: str) -> None:
    assert content_hash(variant) == content_hash("The council approved the ferry terminal.")


def test_content_hash_ignores_compatibility_ligatures() -> None:
    assert content_hash("\ufb01nal o\ufb03ce") == content_hash("FINAL OFFICE")
    assert content_hash("Stra\u00dfe") == content_hash("STRASSE")


def test_content_hash_differs_when_the_words_differ() -> None:
    base = content_hash("The council approved the ferry terminal.")
    assert content_hash("The council rejected the ferry terminal.") != base
    assert content_hash("The council approved the ferryterminal.") != base
    assert base.startswith("sha256:")
    assert len(base) == len("sha256:") + 64


def test_word_count_counts_runs_between_white_space() -> None:
    assert word_count("One two  three\n\nfour") == 4
    assert word_count("") == 0
    assert article(text="Work starts in May.").word_count == 4


def test_make_article_fills_derived_and_provenance_fields() -> None:
    a = article()
    assert a.cleaner_version == __version__
    assert a.schema_version == SCHEMA_VERSION == 2
    assert a.word_count == word_count(a.text)
    assert a.content_hash == content_hash(a.text)


def test_empty_text_is_rejected() -> None:
    with pytest.raises(ValidationError):
        make_article(text="")


def test_authors_come_back_as_a_tuple() -> None:
    a = Article.model_validate_json(article().model_dump_json())
    assert a.authors == ("Jane Doe", "John Smith")
