"""Is what survived an article? Index pages, error pages and consent or login walls are not.

Scoring always finds *some* best block; these checks say when that block is a list of teasers
(an index or section page) or an overlay asking for consent, a log-in or a subscription.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.extract.dom import Node
from cleaner.extract.score import inner_text

__all__ = ["TeaserCount", "count_teasers", "not_an_article"]

# Teaser lists: most headings are whole links to other pages, with little text under each.
_MIN_TEASERS = 4
_TEASER_SHARE = 0.5
_MAX_CHARS_PER_TEASER = 400
# Walls: short bodies made mostly of consent or subscription wording, with a wall's button.
_MAX_WALL_CHARS = 4000
_WALL_SHARE = 0.5
_WALL_WORDS = re.compile(
    r"\b(?:cookies?|consent|our partners|personal data|privacy (?:policy|settings)|"
    r"accept all|reject all|subscribe|subscription|subscriber|sign in|log ?in|unlock|"
    r"cancel any ?time|free trial|per (?:month|week)|a month|register)\b",
    re.I,
)
_WALL_BUTTONS = re.compile(
    r"\b(?:accept all|reject all|agree and (?:continue|close)|manage (?:cookies|privacy|"
    r"consent|settings|options|preferences)|(?:subscribe|sign in|log ?in|register) to "
    r"(?:unlock|continue|read|keep reading)|already an? (?:subscriber|member)|"
    r"subscription options|before you continue)\b",
    re.I,
)


# Error pages: a short body saying the page is not there.
_MAX_ERROR_PAGE_CHARS = 400
_ERROR_PAGE = re.compile(
    r"\b(?:(?:page|article|story|content|file)s? (?:was |is |could )?(?:not (?:be )?found|"
    r"unavailable|no longer available|has been (?:removed|deleted))|error 404|404 error|"
    r"404 not found|not found|(?:could|can) ?not be found|can't be found|does(?:n't| not) exist|"
    r"no longer exists|we can'?t find (?:that|the|this) page|"
    r"(?:access|permission) denied|forbidden)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TeaserCount:
    headings: int
    teasers: int


def count_teasers(nodes: tuple[Node, ...]) -> TeaserCount:
    """Headings in the chosen content, and how many of them are whole links elsewhere."""
    headings = teasers = 0
    for root in nodes:
        if root.tag == "-text":
            continue
        for heading in root.css("h2, h3, h4"):
            headings += 1
            teasers += _is_teaser(heading)
    return TeaserCount(headings, teasers)


def _is_teaser(heading: Node) -> bool:
    length = len(inner_text(heading))
    if length == 0:
        return False
    links = heading.css("a[href]")
    parent = heading.parent
    if parent is not None and parent.tag == "a":
        links.append(parent)
    linked = sum(
        len(inner_text(link))
        for link in links
        if not (link.attributes.get("href") or "#").startswith("#")
    )
    return linked / length > 0.9


def not_an_article(blocks: list[str], teasers: TeaserCount, title: str | None) -> str | None:
    """Why the blocks are not an article, or None when they are."""
    chars = sum(len(b) for b in blocks)
    if (
        teasers.teasers >= _MIN_TEASERS
        and teasers.teasers >= _TEASER_SHARE * teasers.headings
        and chars / teasers.teasers < _MAX_CHARS_PER_TEASER
    ):
        return f"an index page: {teasers.teasers} headlines linking to other pages"
    if chars <= _MAX_ERROR_PAGE_CHARS and _ERROR_PAGE.search(
        f"{title or ''}\n{blocks[0] if blocks else ''}"
    ):
        return "an error page (not found, removed or forbidden)"
    if chars <= _MAX_WALL_CHARS:
        joined = "\n".join(blocks)
        walled = sum(len(b) for b in blocks if _WALL_WORDS.search(b))
        if walled >= _WALL_SHARE * chars and _WALL_BUTTONS.search(joined):
            return "a consent, log-in or subscription wall"
    return None
