"""What a class or id says about an element: one verdict per distinct name, as data.

Names are read as words, never as arbitrary substrings: ``class="c-article__body js-reading"``
is the tokens ``c-article__body`` and ``js-reading``, and those are the word parts ``c``,
``article``, ``body``, ``js``, ``reading`` (split at ``-``, ``_``, ``:``, ``.`` and camelCase
humps: ``articleBody`` is ``article`` + ``body``; digits stay with their letters, so a generated
``e1ad`` is no ``ad``). A token is also read squashed
(``mostread``, ``sharebar``, ``ai2html``), because sites glue compound words as often as they
hyphenate them.
So ``table-header`` has the word ``header`` but ``loader`` has no ``ad``, and
``contentinfo`` is not ``content``.

Vocabularies, each a set of word parts (a plural ``s`` is optional):

``HARD``       furniture in every extraction pass: comments, newsletter and consent boxes,
               related / trending / recommended lists, ads, pagination (``ELSEWHERE``: what
               points away from the article), and the article's own share tools, captions,
               credits and filing line.
``SOFT``       page structure that usually is furniture (header, footer, sidebar, banner,
               menu, ...) but also wraps articles on some layouts (``sidebar-wrapper``,
               ``above-footer``, ``paywall``): relaxed when too little text survives, and
               rescued by a content word (after Readability's ``okMaybeItsACandidate``).
``CONTENT``    words of content containers (article, body, content, main, ...). Anywhere in the
               class or id, they rescue soft furniture only (``article-header``,
               ``sidebar-content``); ``article-related-stories`` is a related list.
``BYLINE``     the element naming the authors. With a word of a box (``author-bio``,
               ``author-info``, ``about-author``, ``autor-box``) it is an author box: hard
               furniture (a short one is the byline, which the byline rule takes first).
``LEAD``       an article's standfirst or summary (lead, intro, teaser, standfirst, chapo, ...):
               kept with the article even when it sits outside the chosen block.

``verdict`` is memoised per process (pages repeat a few hundred names thousands of times, and
the same names recur across the pages of a site): the vocabularies are constants, so the memo is
a pure cache.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from cleaner.extraction.dom import Node

__all__ = [
    "CONTENT",
    "ELSEWHERE",
    "HARD",
    "LEAD",
    "PLAIN",
    "SOFT",
    "NameVerdict",
    "element_verdict",
    "in_furniture",
    "verdict",
    "word_parts",
]

Furniture = Literal["hard", "soft"] | None

ELSEWHERE = frozenset(
    """
    comment commentlist commentlst disqus replies respond
    cookie cookiebanner cookienotice consent gdpr
    newsletter newsletters signup subscribe subscription recaptcha
    related recommended recommendation recommendations outbrain taboola plista
    trending mostread mostpopular mostviewed
    ad ads adslot adunit adbreak advert adverts advertisement advertorial werbung anzeige
    sponsor sponsored skyscraper
    agegate popup modal breadcrumb breadcrumbs pagination pager shoutbox combx remark rss
    yomremote legends
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Furniture around the article itself: its share and follow tools, its captions and credits,
# its filing line. Not body text, but the byline and the date found there are the article's.
_AROUND = frozenset(
    """
    sharebar sharetools sharebuttons socialshare sharedaddy shariff social socials follow
    caption captions credit credits copyright photocredit imagecredit bildunterschrift
    bildnachweis wpcaptiontext legend legende bildlegende
    postmeta postmetadata entrymeta articlemeta storymeta metabar postinfo entryutility
    """.split()  # noqa: SIM905
)
HARD = ELSEWHERE | _AROUND
SOFT = frozenset(
    """
    header masthead footer sidebar banner menu extra supplemental community coverwrap ai2html
    paywall
    """.split()  # noqa: SIM905
)
CONTENT = frozenset("article body content main column mathjax shadow".split())  # noqa: SIM905
BYLINE = frozenset("byline author authors autor autoren writtenby dateline".split())  # noqa: SIM905
_BOX = frozenset(
    "bio biography info box about description profile details card widget block wrap".split()  # noqa: SIM905
)
LEAD = frozenset(
    """
    lead leadtext lede intro introduction standfirst chapo chapeau teaser abstract summary
    excerpt subtitle subheadline subline subhead deck dek
    """.split()  # noqa: SIM905
)
# Taxonomy tokens name what a post is about, not what the element is: WordPress gives its post
# container "tag-social-media category-werbung format-standard".
_TAXONOMY = frozenset("tag tags category categories cat topic topics format status".split())  # noqa: SIM905
# State modifiers: "o-section--has-ads", "with-sidebar", "no-comments" describe a container.
_STATE = frozenset("has with without no is enable enabled disabled show hide".split())  # noqa: SIM905
# A token of more parts than this is a slug made from a heading ("sharing-with-a-single-
# developer", Sphinx section ids), not a name.
_MAX_PARTS = 4
# Tokens with one of these parts are never leads: a teaser list is a list of other stories.
_NOT_LEAD = frozenset(
    """
    list item items card cards grid related more box slider caption credit credits copyright
    figure image img photo picture media gallery video
    """.split()  # noqa: SIM905
)

_HUMPS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def word_parts(token: str) -> list[str]:
    """Lower-cased word parts of one class or id token, split at separators and humps; digits
    stay with their letters ("e1ad" is a generated id, not the word "ad"), numbers alone go."""
    if token.islower() or not any(char.isupper() for char in token):  # no humps to split at
        return [part for part in _SEPARATORS.split(token.lower()) if part and not part.isdigit()]
    return [part.lower() for part in _HUMPS.findall(token) if not part.isdigit()]


def _is_name(parts: list[str]) -> bool:
    """Whether a token says what its element is (not a topic, a state or a slug)."""
    if not parts or len(parts) > _MAX_PARTS:
        return False
    if parts[0] in _TAXONOMY and len(parts) > 1:
        return False
    return not any(part in _STATE for part in parts)


@dataclass(frozen=True, slots=True)
class NameVerdict:
    """What the class and id of an element say."""

    furniture: Furniture
    content: bool  # a content word appears somewhere in the class or id
    byline: bool
    lead: bool
    elsewhere: bool = False  # furniture that points away from the article (comments, related)


_NONE = NameVerdict(None, False, False, False)


def verdict(name: str) -> NameVerdict:
    """The verdict of a ``class`` and ``id`` joined by a space (case as written)."""
    return _VERDICTS[_name_flags(name)]


def element_verdict(attrs: Mapping[str, str | None]) -> NameVerdict:
    """The verdict of an element's ``class`` and ``id`` (its attributes): the two are looked
    up apart, since a class recurs on many elements where an id is often unique."""
    class_name, id_name = attrs.get("class"), attrs.get("id")
    flags = _name_flags(class_name) if class_name else 0
    if id_name:
        flags |= _name_flags(id_name)
    return _VERDICTS[flags]


@lru_cache(maxsize=1 << 15)
def _name_flags(name: str) -> int:
    """The flags of a space-separated list of tokens; memoised, as is each token's part of it
    (a page repeats its few hundred names many times)."""
    flags = 0
    for token in name.split():
        if len(token) <= _MAX_TOKEN:  # a longer token is data, not a name (and not memoised)
            flags |= _flags(token)
    return flags


_MAX_TOKEN = 80


_HARD, _SOFT, _CONTENT, _BYLINE, _LEAD, _ELSEWHERE, _BOX_WORD, _NOT_LEAD_WORD = (
    1 << bit for bit in range(8)
)
_KINDS = (
    (HARD, _HARD),
    (ELSEWHERE, _ELSEWHERE),
    (SOFT, _SOFT),
    (CONTENT, _CONTENT),
    (BYLINE, _BYLINE),
    (LEAD, _LEAD),
    (_BOX, _BOX_WORD),
    (_NOT_LEAD, _NOT_LEAD_WORD),
)
# Every vocabulary word with the bits of the vocabularies it is in: one dict lookup per word.
_BITS: dict[str, int] = {}
for _words, _bit in _KINDS:
    for _word in _words:
        _BITS[_word] = _BITS.get(_word, 0) | _bit


# Long furniture words that sites glue to the next word: "relatedposts", "newsletterbox",
# "sidebarleft", "footerlinks", "commentlist" (but "commentary" is an opinion piece).
_GLUED = (
    "related",
    "newsletter",
    "recommend",
    "trending",
    "breadcrumb",
    "pagination",
    "outbrain",
    "taboola",
    "sidebar",
    "footer",
    "header",
    "cookie",
    "consent",
    "subscribe",
    "advert",
    "sponsor",
    "comment",
)
_NOT_GLUED = ("commentar", "commentat", "headerless")
_MIN_GLUED = 6


def _glued(part: str) -> int:
    if not part.startswith(_GLUED) or part.startswith(_NOT_GLUED):
        return 0  # most parts: one test against all the prefixes
    for word in _GLUED:
        if part.startswith(word):
            return _BITS.get(word, 0)
    return 0


def _verdict_of(flags: int) -> NameVerdict:
    content = bool(flags & _CONTENT)
    soft = bool(flags & _SOFT) and not content
    furniture: Furniture = "hard" if flags & _HARD else "soft" if soft else None
    return NameVerdict(
        furniture, content, bool(flags & _BYLINE), bool(flags & _LEAD), bool(flags & _ELSEWHERE)
    )


_VERDICTS = tuple(_verdict_of(flags) for flags in range(1 << 6))
PLAIN = _VERDICTS[0]
"""The verdict of a name that says nothing (``is``-comparable: verdicts are shared)."""


@lru_cache(maxsize=1 << 17)
def _flags(token: str) -> int:
    """The vocabularies one token's words are in, as bits. Memoised per token: tokens recur
    across names and across sites ("container", "row", "entry-content")."""
    if token.islower() and token.isalnum():  # one plain word: most tokens, no regex needed
        if token.isdigit():
            return 0
        parts = [token]
    else:
        parts = word_parts(token)
        if not _is_name(parts):
            return 0
    found = _BITS.get("".join(parts), 0) if len(parts) > 1 else 0
    for part in parts:
        bits = _BITS.get(part, 0)
        if not bits and part[-1] == "s":
            bits = _BITS.get(part[:-1], 0)
        if not bits and len(part) > _MIN_GLUED:
            bits = _glued(part)
        found |= bits
    if not found:
        return 0
    if found & _BYLINE and found & _BOX_WORD:
        found |= _HARD  # an author box: "author-bio", "about-author"
    if found & _NOT_LEAD_WORD:
        found &= ~_LEAD
    return found & 0b111111


_OUTSIDE = frozenset({"nav", "footer", "form", "select"})
_MAX_ANCESTORS = 15


def _wraps_page(form: Node) -> bool:
    """A form around the whole page (ASP.NET's ``aspnetForm``) holds the headline too."""
    return form.css_first("h1") is not None


def in_furniture(node: Node) -> bool:
    """Whether ``node`` sits in furniture that points away from the article (a comment, a
    related list, ...), navigation, a footer, a form or an aside: a date or a name found there
    is not the article's. A form that wraps the page is not furniture; an ``<aside>`` inside
    an ``<article>`` is the article's own margin (its date, its author), as HTML means it,
    while an article inside an aside is a teaser."""
    aside = False
    parent = node.parent
    for _ in range(_MAX_ANCESTORS):
        if parent is None or parent.tag in ("body", "html"):
            return aside
        tag = parent.tag
        if tag in _OUTSIDE and not (tag == "form" and _wraps_page(parent)):
            return True
        if tag == "aside":
            aside = True
        elif tag == "article":
            aside = False
        if element_verdict(parent.attributes).elsewhere:
            return True
        parent = parent.parent
    return aside
