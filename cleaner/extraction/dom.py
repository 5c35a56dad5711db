"""The only module that imports selectolax: parsing and the node types the other stages use."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Document", "Node", "parse"]

Document = LexborHTMLParser
Node = LexborNode


def parse(html: str) -> Document:
    """Parse HTML text with lexbor. Callers guard size and depth first (see ``guard``)."""
    return LexborHTMLParser(html)
