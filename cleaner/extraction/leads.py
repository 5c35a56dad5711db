"""Leads and standfirsts: the summary paragraph that opens an article, kept with it.

Sites set the lead apart from the body: in the article header (``<header>`` with the headline,
kicker and byline, which the structural rules remove), or in a sibling block before the body
(``div.intro``, ``p.lead``, ``h2.article-subheadline``, ``div.field-name-field-abstract``).
Scoring chooses the body, so the lead is lost unless it is joined back. How:

1. ``find_leads``: elements whose class or id names a lead (``names.LEAD``), with a
   paragraph's worth of text, few links, no headings of their own, and a class that is not
   repeated down the page (a class on five elements names teaser cards, not a lead).
2. ``prune`` moves a copy of each lead out of a header it is about to remove, to just before it.
3. ``leads_before``: after scoring, the leads that stand shortly before the chosen content:
   their nearest common ancestor with it is at most a few levels up, and they come first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from cleaner.extraction.dom import Node, has_ancestor_in

__all__ = ["find_leads", "leads_before"]

_MIN_CHARS = 30
_MAX_CHARS = 1500
_MAX_LINK_DENSITY = 0.5
_MAX_REPEATS = 2  # a class on more elements than this is a list of teasers
_MAX_LEVELS = 4  # how far above the chosen content the common ancestor may be
_HEADINGS = "h1, h2, h3, h4"  # lexbor's css() also matches the node itself


def _text_length(node: Node) -> int:
    return len(" ".join(node.text(deep=True).split()))


def _is_lead(node: Node) -> bool:
    length = _text_length(node)
    if not _MIN_CHARS <= length <= _MAX_CHARS:
        return False
    if any(heading.mem_id != node.mem_id for heading in node.css(_HEADINGS)):
        return False  # a teaser card: its own headline and summary
    linked = sum(_text_length(link) for link in node.css("a"))
    return linked <= _MAX_LINK_DENSITY * length


def find_leads(named: Iterable[Node]) -> list[Node]:
    """The outermost lead elements among ``named`` (lead-named nodes in document order)."""
    named = list(named)
    if not named:
        return []
    repeats = Counter(node.attributes.get("class") or "" for node in named)
    found: list[Node] = []
    ids: set[int] = set()
    for node in named:
        if repeats[node.attributes.get("class") or ""] > _MAX_REPEATS:
            continue
        if ids and has_ancestor_in(node, ids):
            continue  # inside a lead already taken
        if _is_lead(node):
            found.append(node)
            ids.add(node.mem_id)
    return found


def _path(node: Node) -> list[Node]:
    """``node`` and its ancestors, innermost first."""
    path = []
    current: Node | None = node
    while current is not None:
        path.append(current)
        current = current.parent
    return path


def _comes_before(node: Node, other: Node) -> bool:
    """Whether ``node`` is an earlier sibling of ``other``."""
    sibling = node.next
    while sibling is not None:
        if sibling.mem_id == other.mem_id:
            return True
        sibling = sibling.next
    return False


def _stands_before(lead: Node, first: Node) -> bool:
    """Whether ``lead`` comes before ``first`` with a common ancestor a few levels above it."""
    lead_path = _path(lead)
    lead_ids = {node.mem_id: i for i, node in enumerate(lead_path)}
    first_path = _path(first)
    for level, ancestor in enumerate(first_path[1 : _MAX_LEVELS + 2], start=1):
        at = lead_ids.get(ancestor.mem_id)
        if at is None:
            continue
        if ancestor.tag in ("body", "html") or at == 0:
            return False
        return _comes_before(lead_path[at - 1], first_path[level - 1])
    return False


def leads_before(leads: list[Node], chosen: tuple[Node, ...]) -> list[Node]:
    """The leads to put before the chosen content, in document order."""
    elements = [node for node in chosen if node.tag and not node.tag.startswith("-")]
    if not leads or not elements:
        return []
    chosen_ids = {node.mem_id for node in elements}
    return [
        lead
        for lead in leads
        if lead.mem_id not in chosen_ids
        and not has_ancestor_in(lead, chosen_ids)
        and _stands_before(lead, elements[0])
    ]
