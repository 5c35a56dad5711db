"""The headline is the ``title`` field, never body text: find its repeats and drop them."""

from __future__ import annotations

import re

from cleaner.extraction.dom import Node
from cleaner.extraction.prune import Removal, Trace

__all__ = ["drop_title_blocks", "find_headline", "similarity"]

_TOKENS = re.compile(r"\w+")
_HEADLINE_SIMILARITY = 0.75


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text.casefold())


def similarity(title: str, other: str) -> float:
    """How much of ``other`` is made of the title's words (Readability's ``_textSimilarity``)."""
    title_tokens = set(_tokens(title))
    other_tokens = _tokens(other)
    if not title_tokens or not other_tokens:
        return 0.0
    extra = " ".join(t for t in other_tokens if t not in title_tokens)
    return 1 - len(extra) / len(" ".join(other_tokens))


def find_headline(body: Node, title: str | None) -> Node | None:
    """The first <h1>/<h2> that repeats the title."""
    if not title:
        return None
    for heading in body.css("h1, h2"):
        if similarity(title, heading.text(deep=True)) > _HEADLINE_SIMILARITY:
            return heading
    return None


def drop_title_blocks(blocks: list[str], title: str | None, trace: Trace | None) -> list[str]:
    """Drop blocks that only repeat the title: the headline again, or its lowercase slug."""
    if not title or not blocks:
        return blocks
    wanted = _tokens(title)
    kept = []
    for block in blocks:
        if len(block) < 2 * len(title) + 20 and _tokens(block) == wanted:
            if trace is not None:
                trace.append(
                    Removal("title-repeat", "repeats the headline (or its slug)", "", block)
                )
            continue
        kept.append(block)
    return kept
