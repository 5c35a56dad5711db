"""Remove page furniture before scoring; every removal is recorded with its rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.extraction.dom import Node
from cleaner.extraction.rules import (
    ATTRIBUTE_RULES,
    BYLINE,
    NAME_RULES,
    OK_MAYBE,
    TAG_RULES,
    Rule,
)

__all__ = [
    "Removal",
    "Trace",
    "class_name",
    "find_byline",
    "remove_matches",
    "remove_nodes",
    "strip_furniture",
]

_NEVER_REMOVED = frozenset({"html", "body", "a", "main", "article"})
_DOCUMENT = frozenset({"html", "body", "head"})
_PROTECTING_ANCESTORS = frozenset({"table", "code", "pre"})


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed block: which rule removed it, why, and what text went with it."""

    rule: str
    reason: str
    tag: str
    text: str


Trace = list[Removal]


def _snippet(node: Node) -> str:
    return " ".join(node.text(deep=True).split())


def remove_nodes(nodes: Iterable[Node], rule_id: str, reason: str, trace: Trace | None) -> int:
    """Decompose ``nodes`` (deepest last in document order first, so no freed node is touched)."""
    ordered = list(nodes)
    if trace is not None:
        ids = {n.mem_id for n in ordered}
        for node in ordered:
            if not _has_ancestor_in(node, ids):
                trace.append(Removal(rule_id, reason, node.tag or "", _snippet(node)))
    for node in reversed(ordered):
        node.decompose()
    return len(ordered)


def _has_ancestor_in(node: Node, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def remove_matches(root: Node, rule: Rule, trace: Trace | None) -> int:
    """Remove what ``rule`` matches, never the document itself: an anti-flicker
    ``<body style="display:none">`` or ``<body aria-hidden="true">`` hides the page only until
    its scripts run."""
    found = [node for node in root.css(rule.selector) if node.tag not in _DOCUMENT]
    return remove_nodes(found, rule.id, rule.reason, trace)


def class_name(node: Node) -> str:
    """Class and id, lower-cased: what the name patterns of ``rules`` are matched against."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def _inside(node: Node, tags: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _unlikely(root: Node, rule: Rule) -> list[Node]:
    """Nodes whose class/id names furniture, unless the name also names content."""
    pattern = rule.names
    if pattern is None:
        return root.css(rule.selector)
    verdicts: dict[str, bool] = {}  # pages repeat a few names many times
    found = []
    for node in root.css(rule.selector):
        name = class_name(node)
        furniture = verdicts.get(name)
        if furniture is None:
            furniture = bool(pattern.search(name)) and not OK_MAYBE.search(name)
            verdicts[name] = furniture
        if (
            furniture
            and node.tag not in _NEVER_REMOVED
            and not _inside(node, _PROTECTING_ANCESTORS)
        ):
            found.append(node)
    return found


def strip_furniture(root: Node, *, strip_unlikely: bool, trace: Trace | None) -> None:
    """Apply the tag, attribute and (unless relaxed) name rules under ``root``."""
    for rule in TAG_RULES + ATTRIBUTE_RULES:
        remove_matches(root, rule, trace)
    if strip_unlikely:
        for rule in NAME_RULES:
            remove_nodes(_unlikely(root, rule), rule.id, rule.reason, trace)


_BYLINE_SELECTOR = (
    '[rel="author" i], [itemprop*="author" i], [class*="byline" i], [id*="byline" i], '
    '[class*="author" i], [id*="author" i], [class*="dateline" i], [id*="dateline" i], '
    '[class*="writtenby" i], [class*="p-author" i]'
)


def find_byline(root: Node) -> Node | None:
    """The first short element that names itself a byline (Readability's ``_isValidByline``)."""
    for node in root.css(_BYLINE_SELECTOR):
        if node.tag in _NEVER_REMOVED and node.tag != "a":
            continue
        attrs = node.attributes
        named = BYLINE.search(class_name(node)) or attrs.get("rel") == "author"
        if named or "author" in (attrs.get("itemprop") or "").lower():
            length = len(node.text(deep=True).strip())
            if 0 < length < 100:
                return node
    return None
