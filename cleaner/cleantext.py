"""clean_text: an Article from text that was already scraped (no HTML left).

Scraped text keeps the page's furniture as lines of its own: a skip link, share bars, a
"Sign up for … newsletter" box, a "Related Articles" list of link titles. Each line (a
hard-wrapped paragraph is first joined back into one) is either kept as a block of the body or
dropped with a reason, by these stages in order:

    furniture      a rule of the phrase vocabulary (``cleaner.phrases``) matches the whole line
    title          the first substantial headline-like line; labels before it are page header
    title repeat   a line with the same words as the title (the lowercase slug under it)
    link list      after a "Related"/"Trending" heading, short lines without a final period
    blurb          the one short line under a newsletter heading, before the end or more furniture
    trailing       headings that no paragraph follows

Apart from the phrase vocabulary every stage goes by structure (position, length, punctuation),
never by a site's own words, so a new site's furniture is caught the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from cleaner.errors import InputTooLargeError, NoArticleError, UsageError
from cleaner.models import Article, make_article
from cleaner.phrases import LIST_HEADING_IDS, LineRule, match_line, normalise_line
from cleaner.settings import Settings
from cleaner.unicode import tidy
from cleaner.usage import checked_settings, checked_url

__all__ = ["clean_text"]

_logger = logging.getLogger(__name__)

PROSE_MIN_CHARS = 150
"""A line this long is a paragraph even without a final period (titles and headings are shorter)."""
BLURB_MAX_CHARS = 200
"""The longest line read as a newsletter's one-line description."""
MIN_TITLE_WORDS = 3
"""Shorter lines at the top are section labels ("World", "Opinion"), not headlines."""
_WRAP_MAX_CHARS = 120
_WRAP_MIN_RATIO = 0.75

_SPACE = re.compile(r"\s+")  # in str patterns \s covers nbsp and the other Unicode spaces
_WORD = re.compile(r"\w+")
# Closing quotes and brackets that may follow a sentence's final period.
_CLOSERS = "\"'\u201d\u2019\u00bb)] "

Reasons = list[str | None]


def clean_text(text: str, *, url: str | None = None, settings: Settings | None = None) -> Article:
    """Turn scraped article text into an Article: title and site name apart, furniture dropped.

    Raises NoArticleError when nothing article-like is left (empty input, only furniture, or a
    body shorter than ``settings.extract.min_article_chars``).
    """
    checked_url(url)
    settings = checked_settings(settings)
    _check_input(text, settings)
    lines = _lines(text)
    rules = [match_line(line) for line in lines]
    reasons: Reasons = [None if rule is None else f"{rule.id}: {rule.reason}" for rule in rules]
    title_at = _mark_title(lines, reasons)
    title = None if title_at is None else lines[title_at]
    if title is not None:
        _mark_title_repeats(lines, reasons, title)
    _mark_link_lists(lines, rules, reasons, after=title_at or 0)
    _mark_newsletter_blurbs(lines, rules, reasons)
    _mark_trailing_headings(lines, reasons)
    _log_drops(lines, reasons)
    blocks = [line for line, reason in zip(lines, reasons, strict=True) if reason is None]
    _require_article(blocks, dropped=len(lines) - len(blocks), settings=settings)
    return make_article(
        text="\n\n".join(blocks), url=url, title=title, site_name=_site_name(lines, rules)
    )


def _check_input(text: str, settings: Settings) -> None:
    if not isinstance(text, str):
        raise UsageError(f"clean_text() takes str, not {type(text).__name__}; decode bytes first")
    limit = settings.extract.max_input_bytes
    if len(text) > limit:
        raise InputTooLargeError(f"input has {len(text)} characters; the limit is {limit}")


# --- lines ---------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """Non-blank lines, white space collapsed, hard-wrapped paragraphs joined into one line."""
    lines: list[str] = []
    for group in _groups(text):
        lines.extend([" ".join(group)] if _is_wrapped(group) else group)
    return lines


def _groups(text: str) -> list[list[str]]:
    """Runs of non-blank lines. ``splitlines`` also ends lines at CR, CR LF and U+2028."""
    groups: list[list[str]] = [[]]
    for raw in tidy(text).splitlines():
        line = _SPACE.sub(" ", raw).strip()
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _is_wrapped(group: Sequence[str]) -> bool:
    """One paragraph broken at a fixed width: lines of near-equal length, ending a sentence.

    A list of link titles has ragged lengths, and each line of a one-line-per-paragraph text
    ends its own sentence, so neither is joined.
    """
    if len(group) < 2 or not _ends_sentence(group[-1]):
        return False
    width = max(len(line) for line in group)
    body = group[:-1]
    return (
        width <= _WRAP_MAX_CHARS
        and all(len(line) >= _WRAP_MIN_RATIO * width for line in body)
        and not all(_ends_sentence(line) for line in body)
    )


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith((".", "!", "?"))


def _is_prose(line: str) -> bool:
    """A paragraph: ends with a period (not an ellipsis, as teasers do) or is long."""
    end = line.rstrip(_CLOSERS)
    return len(line) > PROSE_MIN_CHARS or (end.endswith(".") and not end.endswith(".."))


def _is_heading(line: str) -> bool:
    """Short and without sentence punctuation at the end: a heading, label or link title."""
    return len(line) <= PROSE_MIN_CHARS and not _ends_sentence(line)


def _words(line: str) -> list[str]:
    return _WORD.findall(line.casefold())


# --- stages ----------------------------------------------------------------------------------


def _mark_title(lines: Sequence[str], reasons: Reasons) -> int | None:
    """Find the title; drop it from the body, with everything before it that is not furniture.

    The title is the first line of at least ``MIN_TITLE_WORDS`` words that is not prose. When
    the first such line is prose there is no title, and the body starts there.
    """
    title_at = _title_index(lines, reasons)
    start = title_at + 1 if title_at is not None else _first_prose(lines, reasons)
    for index in range(start):
        if reasons[index] is None:
            reasons[index] = "title" if index == title_at else "header: a label before the body"
    return title_at


def _title_index(lines: Sequence[str], reasons: Reasons) -> int | None:
    for index, line in enumerate(lines):
        if reasons[index] is None and len(_words(line)) >= MIN_TITLE_WORDS:
            return None if _is_prose(line) else index
    return None


def _first_prose(lines: Sequence[str], reasons: Reasons) -> int:
    for index, line in enumerate(lines):
        if reasons[index] is None and _is_prose(line):
            return index
    return len(lines)


def _mark_title_repeats(lines: Sequence[str], reasons: Reasons, title: str) -> None:
    """Drop lines with the title's words: a URL slug or a second copy of the headline."""
    words = _words(title)
    for index, line in enumerate(lines):
        if reasons[index] is None and _words(line) == words:
            reasons[index] = "title-repeat: the headline again (e.g. its lowercase slug)"


def _mark_link_lists(
    lines: Sequence[str], rules: Sequence[LineRule | None], reasons: Reasons, *, after: int
) -> None:
    """Drop the links under a "Related"/"Trending" heading, up to the next paragraph.

    Link titles and the category headings between them are short and end without a period;
    the first real paragraph (if the list sat inside the article) ends the list.
    """
    end = after
    for index, rule in enumerate(rules):
        if index >= end and rule is not None and rule.id in LIST_HEADING_IDS:
            end = _mark_link_list(lines, reasons, heading=index)


def _mark_link_list(lines: Sequence[str], reasons: Reasons, *, heading: int) -> int:
    """Mark the items under one list heading; return where the list ends (linear overall)."""
    for item in range(heading + 1, len(lines)):
        if reasons[item] is None:
            if _is_prose(lines[item]):
                return item
            reasons[item] = f"link-list: under the heading {lines[heading]!r}"
    return len(lines)


def _mark_newsletter_blurbs(
    lines: Sequence[str], rules: Sequence[LineRule | None], reasons: Reasons
) -> None:
    """Drop the one-line pitch under a newsletter heading ("A digest of … we summarize it.").

    Its words are the newsletter's own, so it is found by place: one short line right after
    the heading, followed by the end of the text or by more furniture.
    """
    for index, rule in enumerate(rules):
        blurb = index + 1
        if rule is None or rule.id != "newsletter-signup" or blurb >= len(lines):
            continue
        short = reasons[blurb] is None and len(lines[blurb]) <= BLURB_MAX_CHARS
        last = blurb + 1 == len(lines) or reasons[blurb + 1] is not None
        if short and last:
            reasons[blurb] = "newsletter-blurb: the pitch under a newsletter heading"


def _mark_trailing_headings(lines: Sequence[str], reasons: Reasons) -> None:
    """Drop headings at the end that no paragraph follows (leftover category labels)."""
    for index in reversed(range(len(lines))):
        if reasons[index] is not None:
            continue
        if not _is_heading(lines[index]):
            return
        reasons[index] = "trailing-heading: no paragraph follows"


# --- result ----------------------------------------------------------------------------------


def _site_name(lines: Sequence[str], rules: Sequence[LineRule | None]) -> str | None:
    """The publisher named on the first "Source: X" line."""
    for line, rule in zip(lines, rules, strict=True):
        if rule is not None and rule.id == "source-line":
            return normalise_line(line).split(":", 1)[1].strip() or None
    return None


def _require_article(blocks: Sequence[str], *, dropped: int, settings: Settings) -> None:
    if not blocks and not dropped:
        raise NoArticleError("no article: the input text is empty")
    if not any(not _is_heading(block) for block in blocks):
        raise NoArticleError(
            f"no article: no paragraph left after dropping {dropped} lines of page furniture"
        )
    chars = sum(len(block) for block in blocks)
    minimum = settings.extract.min_article_chars
    if chars < minimum:
        raise NoArticleError(
            f"no article: {chars} characters of body text, fewer than min_article_chars={minimum}"
        )


def _log_drops(lines: Sequence[str], reasons: Reasons) -> None:
    for line, reason in zip(lines, reasons, strict=True):
        if reason is not None:
            _logger.debug("dropped %r (%s)", line[:80], reason)
