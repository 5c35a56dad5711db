"""Remove page furniture before scoring; every removal is recorded with its rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cleaner.extraction.dom import Node, has_ancestor_in
from cleaner.extraction.leads import find_leads
from cleaner.extraction.names import PLAIN, element_verdict
from cleaner.extraction.rules import ATTRIBUTE_RULES, FURNITURE_ROLES, NAME_RULES, TAG_RULES, Rule

__all__ = [
    "Furniture",
    "Pruned",
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
class Furniture:
    """What one pass over the class, id, rel and itemprop attributes found."""

    nodes: list[Node] = field(default_factory=list)  # furniture, in document order
    soft: set[int] = field(default_factory=set)  # of those, the soft (structural) kind
    eligible: set[int] = field(default_factory=set)  # may be kept for holding the article
    byline: Node | None = None
    leads: list[Node] = field(default_factory=list)


def _scan_names(root: Node) -> Furniture:
    """Nodes whose class/id names furniture, standfirsts, and the first short element that
    names itself a byline (Readability's ``_isValidByline``)."""
    found = Furniture()
    for node in root.css(_NAMED):
        attrs = node.attributes
        named = element_verdict(attrs)
        if named is PLAIN and (
            found.byline is not None or ("rel" not in attrs and "itemprop" not in attrs)
        ):
            continue  # most elements: nothing to do (no author attribute to look at)
        if found.byline is None and _is_byline(node, attrs, named.byline):
            found.byline = node
            continue
        if named.lead:
            found.leads.append(node)
        if named.furniture is None or node.tag in _NEVER_REMOVED:
            continue
        if node.tag == "table" and named.furniture == "soft":
            continue  # a table's "header" is its header row
        found.nodes.append(node)
        if named.furniture == "soft":
            found.soft.add(node.mem_id)
        if named.furniture == "soft" or named.content:
            found.eligible.add(node.mem_id)
    return found


def _is_byline(node: Node, attrs: dict[str, str | None], named: bool) -> bool:
    if not named and ("rel" in attrs or "itemprop" in attrs):
        named = attrs.get("rel") == "author" or "author" in (attrs.get("itemprop") or "").lower()
    if not named or (node.tag in _NEVER_REMOVED and node.tag != "a"):
        return False
    return 0 < len(node.text(deep=True).strip()) < 100


def _paragraph_chars(node: Node) -> int:
    return sum(len(p.text(deep=True).strip()) for p in node.css("p"))


class _Mass:
    """Paragraph characters of the page and of the nodes asked about, measured on demand."""

    def __init__(self, root: Node) -> None:
        self._root = root
        self._total: int | None = None

    def holds_article(self, node: Node, eligible: bool) -> bool:
        """Whether ``node`` wraps the article, whatever its class says (``sidebar-wrapper``,
        ``above-footer``, ``paywall``, ``Page-ad-margins``): it holds most of the page's
        paragraphs and, unless its name makes it ``eligible`` (structure, or a content word
        beside the furniture one), the headline, an article element, or nearly all paragraphs.
        A comment section longer than the post it follows does none of that."""
        if self._total is None:
            self._total = _paragraph_chars(self._root)
        chars = _paragraph_chars(node)
        if chars < _ARTICLE_MIN_CHARS or chars < _ARTICLE_SHARE * self._total:
            return False
        if eligible or chars >= _ALL_SHARE * self._total:
            return True
        return node.css_first(_ARTICLE_MARKS) is not None


_ARTICLE_MARKS = "h1, article, main, [itemprop~=articleBody]"
_ARTICLE_MIN_CHARS = 300
_ARTICLE_SHARE = 0.5
_ALL_SHARE = 0.8


def _gone_or_protected(node: Node, gone: set[int]) -> bool:
    """Whether an ancestor of ``node`` is already removed, or is a table, ``<pre>`` or
    ``<code>`` (whose cells and spans are data, whatever their class says): one walk up."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in gone or parent.tag in _PROTECTING_ANCESTORS:
            return True
        parent = parent.parent
    return False


def _decide(found: Furniture, nodes: list[Node], mass: _Mass) -> list[Node]:
    """The nodes to remove, outermost first; a node that holds the article is spared (and its
    own furniture is then judged on its own)."""
    removed: list[Node] = []
    gone: set[int] = set()
    for node in nodes:
        if _gone_or_protected(node, gone):
            continue
        if mass.holds_article(node, node.mem_id in found.eligible):
            continue
        removed.append(node)
        gone.add(node.mem_id)
    return removed


def _keep_leads(leads: list[Node], removed: list[Node], soft: set[int]) -> list[Node]:
    """The leads that survive the removal of ``removed``: one inside a soft (structural) node
    is moved, as a copy, to just before the outermost such node, so that it stays at its place
    in the page; one inside hard furniture goes with it."""
    if not leads or not removed:
        return leads
    by_id = {node.mem_id: node for node in removed}
    kept = []
    for lead in leads:
        outer = None
        hard = False
        parent = lead if lead.mem_id in by_id else lead.parent
        while parent is not None:
            if parent.mem_id in by_id:
                outer = by_id[parent.mem_id]
                hard = hard or parent.mem_id not in soft
            parent = parent.parent
        if outer is None:
            kept.append(lead)
        elif not hard and outer.parent is not None:
            outer.insert_before(lead)
            if outer.prev is not None:
                kept.append(outer.prev)
    return kept


def _survivors(found: Furniture, removed: list[Node]) -> list[Node]:
    """The soft furniture still in the page once ``removed`` is gone."""
    gone = {n.mem_id for n in removed}
    return [
        n
        for n in found.nodes
        if n.mem_id in found.soft and n.mem_id not in gone and not has_ancestor_in(n, gone)
    ]


@dataclass(frozen=True, slots=True)
class Pruned:
    """What the name pass leaves for later stages."""

    kept_soft: list[Node]  # soft furniture a relaxed pass left in place
    leads: list[Node]  # standfirsts still in the page (``leads``)


def strip_furniture(root: Node, *, strip_unlikely: bool, trace: Trace | None) -> Pruned:
    """Apply the tag and attribute rules, remove the byline, hard furniture names and (unless
    relaxed) soft ones under ``root``. Returns the soft furniture a relaxed pass left in place,
    so that the caller can tell when the content it chose is mostly furniture, and the leads."""
    _remove_by_tag(root, trace)
    _remove_by_attribute(root, trace)
    found = _scan_names(root)
    if found.byline is not None:
        remove_nodes([found.byline], "byline", "the byline names the authors", trace)
    hard, soft = NAME_RULES
    nodes = found.nodes
    if not strip_unlikely:
        nodes = [n for n in nodes if n.mem_id not in found.soft]
    removed = _decide(found, nodes, _Mass(root))
    kept_soft = [] if strip_unlikely else _survivors(found, removed)
    leads = _keep_leads(find_leads(found.leads), removed, found.soft)
    remove_nodes([n for n in removed if n.mem_id not in found.soft], hard.id, hard.reason, trace)
    remove_nodes([n for n in removed if n.mem_id in found.soft], soft.id, soft.reason, trace)
    return Pruned(kept_soft, leads)


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
# The role rule's ten values would cost ten attribute tests per element: its query asks only
# whether there is a role, and the few elements with one are looked at here.
_ROLE_RULE = "furniture-role"
_NOT_ROLE = ", ".join(rule.selector for rule in ATTRIBUTE_RULES if rule.id != _ROLE_RULE)


def _outermost_attribute_matches(root: Node) -> list[Node]:
    """The outermost elements under ``root`` that an attribute rule matches (never the
    document): two queries, whose results are disjoint subtrees once nested ones are dropped,
    so that no node is removed after its ancestor."""
    found = {n.mem_id: n for n in root.css(_NOT_ROLE) if n.tag not in _DOCUMENT}
    for node in root.css("[role]"):
        if node.tag not in _DOCUMENT and (node.attributes.get("role") or "").lower() in (
            FURNITURE_ROLES
        ):
            found.setdefault(node.mem_id, node)
    ids = set(found)
    return [node for node in found.values() if not has_ancestor_in(node, ids)]


def _remove_by_attribute(root: Node, trace: Trace | None) -> None:
    """The attribute rules (never the document itself: see ``remove_matches``); with a trace,
    rule by rule, each removal recorded under the first rule that matches the element."""
    if trace is None:
        remove_nodes(_outermost_attribute_matches(root), "", "", None)
        return
    seen: set[int] = set()
    by_rule: dict[str, list[Node]] = {}
    for rule in ATTRIBUTE_RULES:
        for node in root.css(rule.selector):
            if node.tag not in _DOCUMENT and node.mem_id not in seen:
                seen.add(node.mem_id)
                by_rule.setdefault(rule.id, []).append(node)
    outermost = [
        node for nodes in by_rule.values() for node in nodes if not has_ancestor_in(node, seen)
    ]
    kept = {node.mem_id for node in outermost}
    for rule in ATTRIBUTE_RULES:  # the nested ones go with the outermost
        nodes = [node for node in by_rule.get(rule.id, []) if node.mem_id in kept]
        remove_nodes(nodes, rule.id, rule.reason, trace)


_RULE_OF_TAG = {tag.strip(): rule for rule in TAG_RULES for tag in rule.selector.split(",")}


def find_byline(root: Node) -> Node | None:
    """The first short element under ``root`` that names itself a byline."""
    return _scan_names(root).byline


_NAMED = NAME_RULES[0].selector
