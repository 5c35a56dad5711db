"""The phrase vocabulary: furniture lines match their rule, article sentences never match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleaner.phrases import (
    LANGUAGES,
    LINE_RULES,
    LIST_HEADING_IDS,
    MAX_LINE_CHARS,
    VOCABULARIES,
    guess_language,
    match_line,
    normalise_line,
    phrase_languages,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "fixtures" / "seeds"

FURNITURE = [
    ("Skip to main content", "skip-link"),
    ("Skip to content", "skip-link"),
    ("Skip navigation", "skip-link"),
    ("Jump to comments", "skip-link"),
    ("  • Share to or", "share-bar"),
    ("Share to Facebook, Twitter or Email", "share-bar"),
    ("Share on Facebook", "share-bar"),
    ("Share on X", "share-bar"),
    ("Share this article", "share-bar"),
    ("Share", "share-bar"),
    ("Facebook | Twitter | LinkedIn | Email", "share-bar"),
    ("Share on Facebook | Share on Twitter | Email", "share-bar"),
    ("Copy link", "share-bar"),
    ("1.2k shares", "share-bar"),
    ("Sign up for Meduza\u2019s daily newsletter", "newsletter-signup"),
    ("Sign up for our free morning newsletter", "newsletter-signup"),
    ("Subscribe to Our Newsletter", "newsletter-signup"),
    ("Get our newsletter", "newsletter-signup"),
    ("Newsletter sign-up", "newsletter-signup"),
    ("Get the latest news delivered to your inbox every morning.", "newsletter-signup"),
    ("Enter your email address", "newsletter-signup"),
    ("Subscribe now", "newsletter-signup"),
    ("Thank you for signing up!", "newsletter-signup"),
    (
        "Protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
        "recaptcha-notice",
    ),
    (
        "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service "
        "apply.",
        "recaptcha-notice",
    ),
    ("By signing up, you agree to our Terms of Use and Privacy Policy.", "consent-notice"),
    ("We use cookies to improve your experience on our site.", "cookie-notice"),
    ("Accept all cookies", "cookie-notice"),
    ("Cookie settings", "cookie-notice"),
    ("Related Articles", "related-heading"),
    ("Related Stories", "related-heading"),
    ("Related posts", "related-heading"),
    ("Related Coverage", "related-heading"),
    ("More stories", "related-heading"),
    ("Related:", "related-heading"),
    ("You may also like", "related-heading"),
    ("Recommended for you", "related-heading"),
    ("Don\u2019t miss", "related-heading"),
    ("Top Trending", "trending-heading"),
    ("Trending Now", "trending-heading"),
    ("Trending", "trending-heading"),
    ("Most Read", "trending-heading"),
    ("Most Popular", "trending-heading"),
    ("Latest News", "trending-heading"),
    ("What\u2019s hot", "trending-heading"),
    ("Source: Meduza", "source-line"),
    ("Source: The Associated Press", "source-line"),
    ("Photo: Jane Roe / Reuters", "image-credit"),
    ("Image caption", "image-credit"),
    ("Advertisement", "advertisement-label"),
    ("ADVERTISEMENT", "advertisement-label"),
    ("Sponsored content", "advertisement-label"),
    ("Story continues below advertisement", "advertisement-label"),
    ("Follow us on Twitter and Instagram", "follow-us"),
    ("Follow us", "follow-us"),
    ("Follow Meduza on Telegram", "follow-us"),
    ("Download our app", "follow-us"),
    ("Read more", "read-more"),
    ("Read more »", "read-more"),
    ("Read more: Ferry fares to rise in June", "read-more"),
    ("Continue reading the main story", "read-more"),
    ("Load more", "read-more"),
    ("Comments", "comments"),
    ("12 Comments", "comments"),
    ("Leave a comment", "comments"),
    ("Join the conversation", "comments"),
    ("Subscribe to continue reading", "paywall"),
    ("Already a subscriber? Sign in", "paywall"),
    ("Home > World > Europe", "navigation"),
    ("Back to top", "navigation"),
    ("Next article", "navigation"),
    ("Log in", "navigation"),
    ("Tags: Russia, Israel, Gaza", "tag-list"),
    ("Listen to this article", "reading-time"),
    ("5 min read", "reading-time"),
    ("© 2025 Example Media Ltd. All rights reserved.", "copyright"),
    ("Copyright 2024 Reuters", "copyright"),
]

# (line, language of the page, rule): the furniture of pages in the other supported languages.
FOREIGN_FURNITURE = [
    ("Mehr zum Thema", "de", "related-heading"),
    ("Das könnte Sie auch interessieren", "de", "related-heading"),
    ("Das könnte dich auch interessieren:", "de", "related-heading"),
    ("Auch interessant", "de", "related-heading"),
    ("Weitere Artikel zum Thema", "de", "related-heading"),
    ("Lesen Sie auch", "de", "related-heading"),
    ("Artikel teilen", "de", "share-bar"),
    ("Auf Facebook teilen", "de", "share-bar"),
    ("Jetzt für den Newsletter anmelden", "de", "newsletter-signup"),
    (
        "Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.",
        "de",
        "cookie-notice",
    ),
    ("Meistgelesen", "de", "trending-heading"),
    ("Foto: dpa / Max Mustermann", "de", "image-credit"),
    ("- Anzeige -", "de", "advertisement-label"),
    ("Folgen Sie uns auf Facebook und Twitter", "de", "follow-us"),
    ("Weiterlesen", "de", "related-heading"),
    ("3 Kommentare", "de", "comments"),
    ("Kommentar schreiben", "de", "comments"),
    ("Wie hat Ihnen der Artikel gefallen?", "de", "rating-prompt"),
    ("(Noch keine Bewertungen)", "de", "rating-prompt"),
    ("Über den Autor", "de", "author-heading"),
    ("Zurück zur Übersicht", "de", "navigation"),
    ("Schlagwörter: Klima, Energie", "de", "tag-list"),
    ("Lesezeit: 4 Minuten", "de", "reading-time"),
    ("Veröffentlicht am 3. März 2024 um 14:55 Uhr", "de", "dateline"),
    ("Aktualisiert am 04.03.2024, 09:12", "de", "dateline"),
    ("Alle Rechte vorbehalten", "de", "copyright"),
    ("À lire aussi", "fr", "related-heading"),
    ("Partager sur Facebook", "fr", "share-bar"),
    ("Publié le 3 mars 2024 à 14h55", "fr", "dateline"),
    ("Crédits photo : AFP", "fr", "image-credit"),
    ("Lee también", "es", "related-heading"),
    ("Te puede interesar", "es", "related-heading"),
    ("Publicado el 3 de marzo de 2024", "es", "dateline"),
    ("Leggi anche", "it", "related-heading"),
    ("Condividi su Facebook", "it", "share-bar"),
    ("Leia também", "pt", "related-heading"),
    ("Lees ook", "nl", "related-heading"),
    ("Czytaj też", "pl", "related-heading"),
    ("Opublikowano 3 marca 2024", "pl", "dateline"),
]

# Sentences and headings of real prose that mention furniture words: they must stay.
FOREIGN_SENTENCES = [
    ("Mehr zum Thema Klimaschutz erfahren Sie in unserem Bericht von gestern.", "de"),
    ("Das könnte Sie auch interessieren, sagte der Minister, aber es bleibt teuer.", "de"),
    ("Der Newsletter der Stadt erscheint künftig jeden Montag.", "de"),
    ("Teilen Sie die Sorgen der Anwohner?", "de"),
    ("Empfehlungen", "de"),
    ("Kommentare des Ministers sorgten für Unmut.", "de"),
    ("Lire aussi le rapport de la commission est indispensable pour comprendre.", "fr"),
    ("Compartir la mesa con extraños es una costumbre antigua.", "es"),
]

INVENTED_SENTENCES = [
    "Sign up for the draft was slow, officials said, as the newsletter industry shrank.",
    "Share prices fell sharply on Monday after Facebook reported weaker results.",
    "Share to the left, officials said, or the vote will fail.",
    "Skip to the end, and the story is the same.",
    "Related charges were filed against two former aides on Friday.",
    "Most read the report before the vote, but few changed their minds.",
    "Trending downward for a third week, the index closed lower.",
    "Advertisement spending rose 4% last year, the industry group said.",
    "Follow the guidance issued by the ministry, residents were told.",
    "Comments by the minister drew sharp criticism from the opposition.",
    "Read more about the decision in the court filing, the spokesman said.",
    "Source: officials told reporters the talks would resume next week, though no date was set.",
    "Home prices rose 5% in March, the fastest pace in two years.",
    "We use cookies sparingly, the company's chief executive told lawmakers.",
    "Subscribers to the paper's newsletter were told of the change by email.",
    "Protected by a ceasefire, residents returned to the ruins of their homes.",
    "The latest figures show unemployment at its lowest level since 2019.",
    "Popular anger at the decision spilled onto the streets of the capital.",
    "Copyright law was changed in 2019 after a long campaign by publishers.",
    "Call centers on Gaza ceasefire",
    "Focus on Iran\u2019s nuclear program",
    "Syria as a critical theater",
    "What happens next",
]


def seed_lines() -> list[str]:
    """Article paragraphs, headings and titles of the seeds: all must pass untouched."""
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        lines += [expected["title"], *expected["headings"], *expected["body_paragraphs"]]
    return lines


@pytest.mark.parametrize(("line", "rule_id"), FURNITURE)
def test_furniture_line_matches_its_rule(line: str, rule_id: str) -> None:
    rule = match_line(line)
    assert rule is not None, line
    assert rule.id == rule_id


@pytest.mark.parametrize("line", INVENTED_SENTENCES)
def test_ordinary_sentence_or_heading_never_matches(line: str) -> None:
    assert match_line(line) is None


def test_seed_article_lines_never_match() -> None:
    lines = seed_lines()
    assert len(lines) > 20
    assert [line for line in lines if match_line(line) is not None] == []


def test_seed_furniture_lines_match() -> None:
    for line in [
        "Skip to main content",
        "Share to or",
        "Source: Meduza",
        "Subscribe to Our Newsletter",
        "Related Articles",
        "Top Trending",
    ]:
        assert match_line(line) is not None, line


def test_long_line_never_matches() -> None:
    line = "© 2025 Example Media " + "and partners " * 20
    assert len(line) > MAX_LINE_CHARS
    assert match_line(line) is None


def test_matching_ignores_case_decoration_and_spacing() -> None:
    for line in [
        "SKIP TO MAIN CONTENT",
        "» Read more »",
        "share\u00a0on  facebook",
        "| Comments |",
    ]:
        assert match_line(line) is not None, line


def test_empty_and_blank_lines_do_not_match() -> None:
    assert match_line("") is None
    assert match_line("  •  ") is None


def test_rules_are_well_formed_data() -> None:
    ids = [rule.id for rule in LINE_RULES]
    assert len(ids) == len(set(ids))
    assert set(ids) >= LIST_HEADING_IDS
    assert all(rule.reason for rule in LINE_RULES)
    for language, vocabulary in VOCABULARIES.items():
        assert set(vocabulary) <= set(ids), f"{language}: a rule id not in LINE_RULES"
        for rule_id, alternatives in vocabulary.items():
            for alternative in alternatives:
                pattern = re.compile(alternative)
                assert pattern.groups == 0, f"{language} {rule_id}: capturing groups"
                assert alternative == alternative.lower() or "\\" in alternative


def test_first_matching_rule_wins_as_in_rule_order() -> None:
    for line, _ in FURNITURE:
        text = normalise_line(line).lower()
        sequential = next(
            (
                rule
                for rule in LINE_RULES
                for alternative in VOCABULARIES["en"].get(rule.id, ())
                if re.fullmatch(alternative, text)
            ),
            None,
        )
        found = match_line(line, "en")
        assert sequential is None or found == sequential, line


def test_rules_name_no_site() -> None:
    text = " ".join(
        alternative
        for vocabulary in VOCABULARIES.values()
        for alternatives in vocabulary.values()
        for alternative in alternatives
    ).casefold()
    for site in ["meduza", "fintechzoom", "traceloans", "aggr8tech"]:
        assert site not in text


@pytest.mark.parametrize(("line", "language", "rule_id"), FOREIGN_FURNITURE)
def test_foreign_furniture_matches_in_its_language_and_when_unknown(
    line: str, language: str, rule_id: str
) -> None:
    for page_language in (language, f"{language}-XX", None):
        rule = match_line(line, page_language)
        assert rule is not None, (line, page_language)
        assert rule.id == rule_id


@pytest.mark.parametrize(("line", "language"), FOREIGN_SENTENCES)
def test_foreign_prose_mentioning_furniture_never_matches(line: str, language: str) -> None:
    assert match_line(line, language) is None
    assert match_line(line) is None


def test_the_page_language_chooses_the_vocabularies() -> None:
    assert phrase_languages("de-AT") == ("en", "de")
    assert phrase_languages("en-GB") == ("en",)
    assert phrase_languages("ja") == ("en",)
    assert phrase_languages(None) == LANGUAGES
    assert match_line("Mehr zum Thema", "en") is None  # an English page has no German furniture


def test_decomposed_and_soft_hyphenated_lines_still_match() -> None:
    assert match_line("Mehr zum The\u00adma", "de") is not None
    assert match_line("Mehr zum Thema \u00fcber".replace("\u00fc", "u\u0308"), "de") is not None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Stadt und der Bund haben sich auf eine neue Regel für den Hafen geeinigt", "de"),
        ("The council and the mayor agreed on a new rule for the harbour that was", "en"),
        ("Le conseil et la mairie ont trouvé un accord pour le port dans la ville", "fr"),
        ("El consejo y los vecinos llegaron a un acuerdo para el puerto de la ciudad", "es"),
        ("Harbour", None),  # too little to tell
        ("", None),
    ],
)
def test_a_page_without_a_declared_language_is_guessed_from_its_words(
    text: str, language: str | None
) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Please enable JavaScript to view this page.", "en"),
        ("Dieser Shop setzt voraus, dass Sie JavaScript aktivieren haben.", "de"),
        ("Your browser is out of date. Please update it.", "en"),
    ],
)
def test_script_notices(line: str, language: str) -> None:
    rule = match_line(line, language)
    assert rule is not None
    assert rule.id == "script-notice"
