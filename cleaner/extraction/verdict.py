"""Is what survived an article? Index pages, error pages and consent or login walls are not.

Scoring always finds *some* best block; these checks say when that block is a list of teasers
(an index or section page) or an overlay asking for consent, a log-in or a subscription.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.extraction.dom import Node
from cleaner.extraction.score import inner_text

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
    r"\b(?:(?:page|article|story|content|file|url)s? (?:you (?:requested|are looking for|were "
    r"looking for) )?(?:was |is |could |can |cannot )?(?:not (?:be )?found|unavailable|"
    r"no longer (?:available|exists)|has been (?:removed|deleted)|does(?:n't| not) exist)|"
    r"error 404|404 error|404 not found|^404$|we can'?t find (?:that|the|this) page|"
    r"sorry,? [^.]{0,60}(?:could|can)(?:n't| ?not) (?:be )?found|access denied|403 forbidden)\b",
    re.I | re.M,
)


# Walls speak to the reader ("your device", "we and our partners") or are terse lists of offers
# and buttons; news about cookies or paywalls reports in the third person, in paragraphs.
_ADDRESS = re.compile(r"\b(?:you|your|we|our|us)\b", re.I)
_MIN_ADDRESS = 3
_TERSE = 80  # mean characters per block of a wall of buttons and offers


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


# Redirect stubs: a short page that sends the reader elsewhere, by <meta http-equiv=refresh>
# or in words ("Redirecting…", "Sie werden weitergeleitet"); a news brief that mentions a
# redirected budget is neither.
_MAX_REDIRECT_CHARS = 600
_MAX_WORDED_REDIRECT_CHARS = 300
_REDIRECTING = re.compile(
    r"^\W*redirecting\b|\byou are being redirected|\bif you are not redirected|"
    r"\bclick here if you are not|\b(?:sie werden|du wirst) (?:jetzt |gleich )?weitergeleitet|"
    r"^\W*weiterleitung\b|\bredirection en cours|^\W*redirigiendo\b|\bserá redirigido|"
    r"\bverrai reindirizzato|\bu wordt doorgestuurd|\btrwa przekierowanie",
    re.I | re.M,
)


def not_an_article(
    blocks: list[str], teasers: TeaserCount, title: str | None, refresh_to: str | None = None
) -> str | None:
    """Why the blocks are not an article, or None when they are."""
    chars = sum(len(b) for b in blocks)
    worded = chars <= _MAX_WORDED_REDIRECT_CHARS and _REDIRECTING.search(
        f"{title or ''}\n" + "\n".join(blocks)
    )
    if worded or (refresh_to is not None and chars <= _MAX_REDIRECT_CHARS):
        target = f" to {refresh_to}" if refresh_to else ""
        return f"a redirect page: it sends the reader elsewhere{target}"
    if _is_index(teasers, chars):
        return f"an index page: {teasers.teasers} headlines linking to other pages"
    if chars <= _MAX_ERROR_PAGE_CHARS and _ERROR_PAGE.search(
        f"{title or ''}\n{blocks[0] if blocks else ''}"
    ):
        return "an error page (not found, removed or forbidden)"
    if chars <= _MAX_WALL_CHARS and _is_wall(blocks, chars):
        return "a consent, log-in or subscription wall"
    return None


def _is_index(teasers: TeaserCount, chars: int) -> bool:
    return (
        teasers.teasers >= _MIN_TEASERS
        and teasers.teasers >= _TEASER_SHARE * teasers.headings
        and chars / teasers.teasers < _MAX_CHARS_PER_TEASER
    )


def _is_wall(blocks: list[str], chars: int) -> bool:
    joined = "\n".join(blocks)
    walled = sum(len(b) for b in blocks if _WALL_WORDS.search(b))
    return (
        walled >= _WALL_SHARE * chars
        and _WALL_BUTTONS.search(joined) is not None
        and (len(_ADDRESS.findall(joined)) >= _MIN_ADDRESS or chars / len(blocks) < _TERSE)
    )
