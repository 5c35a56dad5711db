"""The boilerplate phrase vocabulary: lines of page furniture, as data, per language.

News pages wrap every article in the same furniture: skip links, share bars, newsletter boxes,
"Related Articles" and "Most Read" lists, ad labels, cookie notices. Once the page is text (or a
short text block of the DOM), that furniture is recognisable by its wording alone, because it is
always the *whole* line: "Share on Facebook" is furniture, "Share prices fell on Facebook's
results." is news. So every rule here matches a whole normalised line (never a part of one), and
lines longer than ``MAX_LINE_CHARS`` never match: furniture is short, paragraphs are not.

``RULES`` names each kind of furniture line once, with the reason; the wording lives in one module
per language (``en``, ``de``, ``fr``, ``es``, ``it``, ``pt``, ``nl``, ``pl``: a dict from rule id to
regex alternatives). A page is matched against English and then its own language (English
furniture is everywhere), or against every language when the page does not say which it is in.
Each language's alternatives compile into one alternation, in rule order (the first rule that
matches wins), so a line is tested in one pass per language; results are memoised per line.

Used by ``cleaner.clean_text`` on every line and by the HTML pruner on short text blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from cleaner.phrases import de, en, es, fr, it, nl, pl, pt
from cleaner.phrases._fragments import DATE, TIME
from cleaner.unicode import tidy

__all__ = [
    "LANGUAGES",
    "LINE_RULES",
    "LIST_HEADING_IDS",
    "MAX_LINE_CHARS",
    "LineRule",
    "guess_language",
    "match_line",
    "normalise_line",
    "phrase_languages",
]

MAX_LINE_CHARS = 200
"""Lines longer than this are never furniture (the longest real ones are consent notices)."""

LIST_HEADING_IDS = frozenset({"related-heading", "trending-heading"})
"""Rules whose line heads a list of links rather than standing alone."""


@dataclass(frozen=True, slots=True)
class LineRule:
    """One kind of furniture line; its wording per language is in ``VOCABULARIES``."""

    id: str
    reason: str


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("skip-link", "accessibility link to jump past the page header"),
    LineRule("share-bar", "share buttons; icon links leave only their words (e.g. 'Share to or')"),
    LineRule("newsletter-signup", "newsletter sign-up box"),
    LineRule("recaptcha-notice", "reCAPTCHA terms notice under a sign-up form"),
    LineRule("consent-notice", "terms and privacy consent line of a form"),
    LineRule("cookie-notice", "cookie consent banner"),
    LineRule("script-notice", "a notice that the page needs JavaScript or a newer browser"),
    LineRule("related-heading", "heading of a list of links to other articles"),
    LineRule("trending-heading", "heading of a list of popular or latest articles"),
    LineRule("source-line", "the publisher's name on a 'Source: X' line (read as the site name)"),
    LineRule("image-credit", "photo caption label or credit line"),
    LineRule("advertisement-label", "advertisement or sponsored-content label"),
    LineRule("follow-us", "invitation to follow the publisher elsewhere"),
    LineRule("read-more", "link to the rest of an article or to another one"),
    LineRule("comments", "comment section heading or control"),
    LineRule("rating-prompt", "a prompt to rate the article, or its rating count"),
    LineRule("author-heading", "heading of an author box ('About the author')"),
    LineRule("paywall", "subscription or log-in prompt"),
    LineRule("navigation", "site navigation, breadcrumbs and account links"),
    LineRule("tag-list", "list of tags or topics"),
    LineRule("reading-time", "audio player or reading-time label"),
    LineRule(
        "dateline", "publication and update times: metadata (published, modified), not body text"
    ),
    LineRule("post-metadata", "a blog post's filing line (posted in, tagged, permalink)"),
    LineRule("author-contact", "how to reach the author: a contact line, not article text"),
    LineRule("republish-notice", "republishing or licence notice of the publisher"),
    LineRule("copyright", "copyright footer"),
)
_BY_ID = {rule.id: rule for rule in LINE_RULES}

VOCABULARIES = MappingProxyType(
    {
        "en": en.PHRASES,
        "de": de.PHRASES,
        "fr": fr.PHRASES,
        "es": es.PHRASES,
        "it": it.PHRASES,
        "pt": pt.PHRASES,
        "nl": nl.PHRASES,
        "pl": pl.PHRASES,
    }
)
LANGUAGES: tuple[str, ...] = tuple(VOCABULARIES)
_DATELINE_WORDS = MappingProxyType(
    {
        "en": en.DATELINE_WORDS,
        "de": de.DATELINE_WORDS,
        "fr": fr.DATELINE_WORDS,
        "es": es.DATELINE_WORDS,
        "it": it.DATELINE_WORDS,
        "pt": pt.DATELINE_WORDS,
        "nl": nl.DATELINE_WORDS,
        "pl": pl.DATELINE_WORDS,
    }
)
# Words between a date and its time: "at", "um", "à", "a las", "alle ore", "às", "om", "godz.".
_AT = r"(?:at |um |à |a las |alle (?:ore )?|às |om |o |godz\. )?"


def _labelled_link(language: str) -> str:
    """A related-reading label with the title it links to: "Lire aussi : <title>",
    "Auch lesen: <title>", "Le puede interesar » <title>"."""
    labels = "|".join(VOCABULARIES[language].get("related-heading", ()))
    return rf"(?:{labels})\s*[:\u00bb\u203a>|\u2013\u2014-]\s*.{{1,150}}"


def _dateline(language: str) -> str:
    """The dateline pattern of ``language``: its labels, then a date in any language's words
    (``DATE``: sites label dates in their language and may print months in another)."""
    labels = _DATELINE_WORDS[language]
    return (
        rf"(?:(?:{labels}):? ?{DATE}(?:[,;-]? {_AT}{TIME})?(?: [a-z]{{2,5}})?"
        rf"(?: ?[·|,;•-] ?)?){{1,2}}"
    )


# "... All rights reserved" closes copyright lines of any wording; a suffix test is far cheaper
# than a backtracking pattern for it.
_RESERVED = (
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "alle rechten voorbehouden",
    "wszelkie prawa zastrzeżone",
)


# The commonest function words of each language: enough to tell the vocabulary of a page
# that does not declare its language from its title and description.
_FUNCTION_WORDS = MappingProxyType(
    {
        language: frozenset(words.split())
        for language, words in {
            "en": "the and of to is that with for was are this have from by",
            "de": "der die und das ist nicht mit sich den auf ein eine für auch im",
            "fr": "le la les et des est une dans que pour pas sur du au",
            "es": "el los las y que del por una para con es se al",
            "it": "il di che è per non una sono della con gli nel",
            "pt": "o os que não uma para com do da em é dos das",
            "nl": "de het een en van is dat niet op te voor zijn",
            "pl": "i w na się że nie z do jest to jak oraz",
        }.items()
    }
)
_MIN_EVIDENCE = 3
_WORDS = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """The supported language whose function words ``text`` uses most, when that is clear
    (a few of them, half again as many as any other language's); else None."""
    words = [word.lower() for word in _WORDS.findall(text[:2000])]
    scores = sorted(
        (
            (sum(word in vocabulary for word in words), language)
            for language, vocabulary in _FUNCTION_WORDS.items()
        ),
        reverse=True,
    )
    (best, language), (second, _) = scores[0], scores[1]
    return language if best >= _MIN_EVIDENCE and best >= 1.5 * second else None


def phrase_languages(language: str | None) -> tuple[str, ...]:
    """The vocabularies for a page in ``language`` (a BCP 47 tag or None): English and the
    page's own language; all of them when the language is unknown."""
    if not language:
        return LANGUAGES
    primary = language.split("-", 1)[0].lower()
    if primary == "en" or primary not in VOCABULARIES:
        return ("en",)
    return ("en", primary)


@lru_cache(maxsize=len(VOCABULARIES))
def _compiled(language: str) -> tuple[re.Pattern[str], tuple[LineRule, ...]]:
    """One alternation over the rules' wording in ``language``, rule by rule, and the rule of
    each named group. Compiled on first use, per language (a page needs English and its own):
    compiling every vocabulary would cost a fresh process about 0.1 s. Matched against the
    lower-cased line: Python's regex engine is about three times slower on case-insensitive
    alternations than on lower-case text."""
    branches: list[str] = []
    rules: list[LineRule] = []
    for rule in LINE_RULES:
        alternatives = list(VOCABULARIES[language].get(rule.id, ()))
        if rule.id == "dateline":
            alternatives.insert(0, _dateline(language))
        elif rule.id == "read-more":
            alternatives.append(_labelled_link(language))
        if alternatives:
            branches.append(
                f"(?P<r{len(rules)}>" + "|".join(f"(?:{a})" for a in alternatives) + ")"
            )
            rules.append(rule)
    return re.compile("|".join(branches)), tuple(rules)


# Typographic apostrophes: right and left single quotation marks, modifier letter, backtick.
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc`", "''''")
# Decoration around furniture text: bullets, arrows, pipes, dashes, trailing punctuation and
# close buttons. Spelled as escapes because several of them look like ASCII.
_BULLETS = "\u2022\u00b7\u25aa\u25b8\u25ba\u25b6*"
_ARROWS = "|>\u00bb\u203a\u2192\u2190"
_DASHES = "\u2013\u2014-"
_LEAD = f" {_BULLETS}{_ARROWS}{_DASHES}"
_TRAIL = f" {_ARROWS}{_DASHES}:.!\u2026\u00d7\u2715"


def normalise_line(line: str) -> str:
    """White space collapsed, straight apostrophes, leading bullets and trailing marks stripped.

    Share bars come as "  • Share to or" and labels as "Read more »": the decoration is not
    part of the phrase, so rules never have to spell it.
    """
    if not line.isascii():
        line = tidy(line).translate(_APOSTROPHES)
    line = " ".join(line.split())
    if line[:1] == "(" and line[-1:] == ")":  # "(Credit: Jane Roe)", "(Noch keine Bewertungen)"
        line = line[1:-1]
    return line.lstrip(_LEAD).rstrip(_TRAIL)


def match_line(line: str, language: str | None = None) -> LineRule | None:
    """The first rule matching the whole (normalised) ``line`` in the vocabularies of
    ``language`` (see ``phrase_languages``), or None.

    Never matches a line longer than ``MAX_LINE_CHARS``: furniture is short, and a cap also
    bounds the work a pattern can do.
    """
    if len(line) > MAX_LINE_CHARS * 2:
        return None
    return _match(line, phrase_languages(language))


@lru_cache(maxsize=65536)
def _match(line: str, languages: tuple[str, ...]) -> LineRule | None:
    text = normalise_line(line)
    if not text or len(text) > MAX_LINE_CHARS:
        return None
    text = text.lower()
    for language in languages:
        pattern, rules = _compiled(language)
        found = pattern.fullmatch(text)
        if found is not None and found.lastgroup is not None:
            return rules[int(found.lastgroup[1:])]
    return _BY_ID["copyright"] if text.endswith(_RESERVED) else None
