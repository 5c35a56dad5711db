"""Remove page furniture before scoring; every removal is recorded with its rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.extraction.dom import Node, has_ancestor_in, inside
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
            if not has_ancestor_in(node, ids):
                trace.append(Removal(rule_id, reason, node.tag or "", _snippet(node)))
    for node in reversed(ordered):
        node.decompose()
    return len(ordered)


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


@dataclass(slots=True)
class _Names:
    """What one pass over the class, id, rel and itemprop attributes found."""

    unlikely: list[Node]
    byline: Node | None = None


def _scan_names(root: Node, rule: Rule) -> _Names:
    """Nodes whose class/id names furniture (unless the name also names content), and the
    first short element that names itself a byline (Readability's ``_isValidByline``)."""
    pattern = rule.names
    assert pattern is not None
    verdicts: dict[str, tuple[bool, bool]] = {}  # pages repeat a few names many times
    found = _Names([])
    for node in root.css(rule.selector):
        attrs = node.attributes
        name = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        verdict = verdicts.get(name)
        if verdict is None:
            furniture = bool(pattern.search(name)) and not OK_MAYBE.search(name)
            verdict = verdicts[name] = (furniture, BYLINE.search(name) is not None)
        if found.byline is None and _is_byline(node, attrs, verdict[1]):
            found.byline = node
            continue
        if (
            verdict[0]
            and node.tag not in _NEVER_REMOVED
            and not inside(node, _PROTECTING_ANCESTORS)
        ):
            found.unlikely.append(node)
    return found


def _is_byline(node: Node, attrs: dict[str, str | None], named: bool) -> bool:
    if not named and ("rel" in attrs or "itemprop" in attrs):
        named = attrs.get("rel") == "author" or "author" in (attrs.get("itemprop") or "").lower()
    if not named or (node.tag in _NEVER_REMOVED and node.tag != "a"):
        return False
    return 0 < len(node.text(deep=True).strip()) < 100


def strip_furniture(root: Node, *, strip_unlikely: bool, trace: Trace | None) -> None:
    """Apply the tag and attribute rules, remove the byline, and (unless relaxed) the name
    rules under ``root``."""
    _remove_by_tag(root, trace)
    for rule in ATTRIBUTE_RULES:
        remove_matches(root, rule, trace)
    for rule in NAME_RULES:
        names = _scan_names(root, rule)
        if names.byline is not None:
            remove_nodes([names.byline], "byline", "the byline names the authors", trace)
        if strip_unlikely or not rule.relaxable:
            remove_nodes(names.unlikely, rule.id, rule.reason, trace)


def _remove_by_tag(root: Node, trace: Trace | None) -> None:
    """All tag rules in one query; each removal is still recorded under its own rule."""
    found = root.css(_ALL_TAGS)
    if trace is None:
        remove_nodes(found, "", "", None)
        return
    by_rule: dict[str, list[Node]] = {}
    for node in found:
        by_rule.setdefault(_RULE_OF_TAG[node.tag or ""].id, []).append(node)
    outermost = {n.mem_id for n in found}
    for rule in TAG_RULES:
        nodes = by_rule.get(rule.id, [])
        kept = [n for n in nodes if not has_ancestor_in(n, outermost)]
        remove_nodes(kept, rule.id, rule.reason, trace)


_ALL_TAGS = ", ".join(rule.selector for rule in TAG_RULES)
_RULE_OF_TAG = {tag.strip(): rule for rule in TAG_RULES for tag in rule.selector.split(",")}


def find_byline(root: Node) -> Node | None:
    """The first short element under ``root`` that names itself a byline."""
    return _scan_names(root, NAME_RULES[0]).byline
