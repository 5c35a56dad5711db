"""Furniture rules as data: every removal names a rule id and a reason.

Rules come in kinds, applied in this order by ``prune``:

* ``TAG_RULES``: whole element kinds that never hold article text (scripts, forms' controls,
  navigation landmarks). Applied with one CSS query each; never relaxed.
* ``ATTRIBUTE_RULES``: hidden elements and ARIA roles of page furniture.
* ``NAME_RULES``: class/id vocabularies of furniture (``names``: "comments", "related",
  "newsletter", ... in every pass; "header", "sidebar", "footer", ... relaxed when too little
  text survives), after Readability's ``unlikelyCandidates``, read as words, not substrings.
* ``PHRASE`` rules (``cleaner.phrases``): short blocks whose whole text is furniture
  ("Skip to main content", "Sign up for ... newsletter", "Top Trending").

The vocabularies follow Mozilla Readability (``Readability.js``, REGEXPS) where that is
what the page world expects, extended for today's news furniture (newsletter boxes, trending
lists, share bars, paywall and consent overlays). No rule names a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ATTRIBUTE_RULES",
    "DIV_BLOCK_CHILDREN",
    "FURNITURE_ROLES",
    "NAME_RULES",
    "NEGATIVE",
    "POSITIVE",
    "SHARE",
    "TAG_RULES",
    "Rule",
]


@dataclass(frozen=True, slots=True)
class Rule:
    """One furniture rule: what it matches (a CSS selector) and why it is furniture."""

    id: str
    reason: str
    selector: str
    relaxable: bool = False
    names: Literal["hard", "soft"] | None = None
    """For name rules: the kind of ``names.verdict`` furniture the rule removes."""


TAG_RULES: tuple[Rule, ...] = (
    Rule(
        "non-content-tags",
        "scripts, styles and embedded objects hold no article text",
        "script, style, noscript, template, object, embed, applet, canvas, svg, iframe, "
        "link, meta, dialog, frame, frameset",
    ),
    Rule(
        "form-controls",
        "form controls are interface, not text",
        "input, textarea, select, button, option, label",
    ),
    Rule(
        "ruby-annotations",
        "ruby annotations are pronunciation guides above the characters, not part of the "
        "sentence (<ruby>漢<rt>かん</rt></ruby>)",
        "rt, rp",
    ),
    Rule("navigation", "navigation landmarks list links to other pages", "nav"),
    Rule("aside", "asides hold pull-outs, related links and promotions", "aside"),
    Rule(
        "captions",
        "captions describe images; the body is the article's prose",
        "figcaption, picture, video, audio",
    ),
)

# ARIA roles of page furniture (one ``[role="..." i]`` each in the rule's selector).
FURNITURE_ROLES = frozenset(
    {
        "menu",
        "menubar",
        "complementary",
        "navigation",
        "alert",
        "alertdialog",
        "dialog",
        "banner",
        "contentinfo",
        "search",
    }
)
ATTRIBUTE_RULES: tuple[Rule, ...] = (
    Rule(
        "hidden",
        "hidden elements are not shown to readers",
        '[hidden], [aria-hidden="true" i]:not(.fallback-image), [style*="display:none" i], '
        '[style*="display: none" i], [style*="visibility:hidden" i], '
        '[style*="visibility: hidden" i]',
    ),
    Rule(
        "furniture-role",
        "ARIA roles of menus, dialogs, alerts and complementary boxes",
        ", ".join(f'[role="{role}" i]' for role in sorted(FURNITURE_ROLES)),
    ),
    Rule("modal", "modal overlays (consent, sign-in)", '[aria-modal="true" i]'),
)

# Class and id vocabularies live in ``names`` (word parts, not substrings). The hard kind holds
# in every pass; the soft kind (page structure) is relaxed when too little text survives, and
# neither removes a container that holds most of the page's paragraphs.
NAME_RULES: tuple[Rule, ...] = (
    Rule(
        "furniture-name",
        "class or id names page furniture (comments, share and follow tools, newsletter and "
        "consent boxes, related, trending and recommended lists, ads, pagination)",
        "[class], [id], [rel], [itemprop]",
        names="hard",
    ),
    Rule(
        "structural-name",
        "class or id names page structure around the article (header, footer, sidebar, "
        "banner, menu)",
        "[class], [id], [rel], [itemprop]",
        relaxable=True,
        names="soft",
    ),
)

# The class/id patterns below are matched against lower-cased names (see ``class_name``):
# case-insensitive alternations are about three times slower in Python's regex engine.

POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
)
# "hidden" only as a whole class token: "field--label-hidden" is a field whose label is hidden.
NEGATIVE = re.compile(
    r"-ad-|(?:^| )hidden(?: |$)|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|"
    r"gdpr|masthead|"
    r"media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
    r"shopping|tags|widget|newsletter|trending|subscribe|signup"
)
SHARE = re.compile(r"(\b|_)(share|sharedaddy)(\b|_)")
# A <div> holding none of these is a paragraph in disguise (Readability's DIV_TO_P_ELEMS).
DIV_BLOCK_CHILDREN = "blockquote, dl, div, img, ol, p, pre, table, ul, section, article, h1, h2, h3"
