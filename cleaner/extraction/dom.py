"""The only module that imports selectolax: parsing and the node types the other stages use."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Document", "Node", "has_ancestor_in", "inside", "parse"]

Document = LexborHTMLParser
Node = LexborNode


def parse(html: str | bytes) -> Document:
    """Parse HTML text, or its UTF-8, with lexbor. Callers guard size and depth first (see
    ``guard``); bytes must be valid UTF-8 (``decode.to_markup``)."""
    return LexborHTMLParser(html)


def has_ancestor_in(node: Node, ids: set[int]) -> bool:
    """Whether an ancestor of ``node`` is one of the nodes whose ``mem_id`` is in ``ids``."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def inside(node: Node, tags: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether ``node`` has an ancestor with one of ``tags``."""
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False
