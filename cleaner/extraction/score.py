"""Choose the main content by scoring (after Mozilla Readability's ``_grabArticle``).

Paragraph-like elements give points to their ancestors (commas and length count); every
candidate's score is then scaled down by its link density. The best candidate, possibly
raised to a common ancestor of other strong candidates, is joined by its siblings that look
like content. No rule names a site: only text, links, structure and class-name vocabularies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaner.extraction.dom import Node
from cleaner.extraction.rules import DIV_BLOCK_CHILDREN, NEGATIVE, POSITIVE

__all__ = ["Candidate", "Scores", "class_weight", "inner_text", "link_density", "select_content"]

_IN_PAGE_LINKS = 'a[href^="#"]:not([href="#"])'
_SCORED = "p, pre, td, section, h2, h3, h4, h5, h6"
_COMMAS = re.compile(r"[,\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]")
_SENTENCE_END = re.compile(r"\.( |$)")
_TAG_BONUS = {
    "div": 5.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "address": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "dt": -3.0,
    "li": -3.0,
    "form": -3.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
    "th": -5.0,
}
_MAX_ANCESTORS = 5
_TOP_CANDIDATES = 5
_MIN_ALTERNATIVES = 3
_LIFT_SHARE = 0.75  # of the best score: a candidate close enough to lift the choice


def inner_text(node: Node) -> str:
    """Text with white space collapsed, as Readability's ``_getInnerText``."""
    return " ".join(node.text(deep=True).split())


def link_density(node: Node, text_length: int | None = None) -> float:
    """Share of the text that sits inside links (in-page ``#`` links count 0.3)."""
    length = len(inner_text(node)) if text_length is None else text_length
    if length == 0:
        return 0.0
    linked = sum(_text_length(link) for link in node.css("a"))
    if not linked:
        return 0.0
    in_page = sum(_text_length(link) for link in node.css(_IN_PAGE_LINKS))
    return (linked - 0.7 * in_page) / length


def _text_length(node: Node) -> int:
    return len(" ".join(node.text(deep=True).split()))


def class_weight(node: Node) -> float:
    """+25 / -25 for content / furniture words in class and id (each counted once)."""
    attrs = node.attributes
    weight = 0.0
    for name in (attrs.get("class"), attrs.get("id")):
        if name:
            name = name.lower()
            if NEGATIVE.search(name):
                weight -= 25
            if POSITIVE.search(name):
                weight += 25
    return weight


@dataclass(slots=True)
class Scores:
    """Content scores by node identity (``mem_id``); nodes are kept to find them again."""

    weigh_classes: bool
    links: dict[int, float]
    score: dict[int, float] = field(default_factory=dict)
    node: dict[int, Node] = field(default_factory=dict)
    final: dict[int, float] = field(default_factory=dict)

    def scaled(self, key: int) -> float:
        """The score scaled by (1 - link density), computed once and only when asked."""
        value = self.final.get(key)
        if value is None:
            value = self.score[key] * (1 - self.link_density(self.node[key]))
            self.final[key] = value
        return value

    def link_density(self, node: Node, text_length: int | None = None) -> float:
        """``link_density`` with each link's weighted length looked up, not measured again."""
        length = len(inner_text(node)) if text_length is None else text_length
        if length == 0:
            return 0.0
        links = self.links
        return sum(links.get(link.mem_id, 0.0) for link in node.css("a")) / length

    def ensure(self, node: Node) -> int:
        key = node.mem_id
        if key not in self.score:
            bonus = _TAG_BONUS.get(node.tag or "", 0.0)
            self.score[key] = bonus + (class_weight(node) if self.weigh_classes else 0.0)
            self.node[key] = node
        return key


def _link_lengths(root: Node) -> dict[int, float]:
    """Weighted text length of every link under ``root`` (in-page ``#`` links count 0.3)."""
    lengths = {link.mem_id: float(_text_length(link)) for link in root.css("a")}
    for link in root.css(_IN_PAGE_LINKS):
        lengths[link.mem_id] *= 0.3
    return lengths


@dataclass(frozen=True, slots=True)
class Candidate:
    """The chosen content: the nodes to render, in document order, the winning score, and the
    best-scoring node itself (``top``) before it was lifted to an ancestor: the article's core,
    which cleaning must not remove."""

    nodes: tuple[Node, ...]
    score: float
    top: Node | None = None

    def core(self) -> frozenset[int]:
        """``top`` and its ancestors (by ``mem_id``): removing any of them removes the article."""
        found: set[int] = set()
        node = self.top
        while node is not None:
            found.add(node.mem_id)
            node = node.parent
        return frozenset(found)


def _ancestors(node: Node) -> list[Node]:
    found: list[Node] = []
    parent = node.parent
    while parent is not None and len(found) < _MAX_ANCESTORS:
        above = parent.parent  # each step makes a new wrapper: take it once
        if above is None or parent.tag in (None, "-document"):
            break
        found.append(parent)
        parent = above
    return found


def _paragraph_score(text: str) -> float:
    commas = text.count(",") if text.isascii() else len(_COMMAS.findall(text))
    return 2 + commas + min(len(text) // 100, 3)


def _score_paragraphs(root: Node, scores: Scores) -> None:
    # Divs with block children hold their own text only (below); the others are paragraphs.
    # One ``:has`` query finds the first kind, and the paragraph query takes every div and
    # skips those: the complement, ``div:not(:has(...))``, costs another descendant search
    # per div, as much as parsing the page.
    walls = root.css(f"div:has({DIV_BLOCK_CHILDREN})")
    wall_ids = {div.mem_id for div in walls}
    for node in root.css(f"{_SCORED}, div"):
        if node.mem_id in wall_ids:
            continue
        raw = node.text(deep=True)
        if len(raw) < 25:  # collapsing white space only shortens it
            continue
        text = " ".join(raw.split())
        if len(text) < 25 or (node.tag == "td" and not _is_cell_prose(text)):
            continue
        ancestors = _ancestors(node)
        if not ancestors:
            continue
        _distribute(scores, ancestors, _paragraph_score(text))
    # Text written straight into a <div> beside block children (Readability wraps it in <p>).
    for div in walls:
        own = " ".join(div.text(deep=False).split())
        if len(own) >= 25:
            _distribute(scores, [div, *_ancestors(div)[:-1]], _paragraph_score(own))


def _is_cell_prose(text: str) -> bool:
    """A table cell scores as a paragraph only when it reads like one: a layout table's
    text, not a data table's names, e-mail addresses and figures (a table of 600 members of
    parliament must not outweigh the article that links to it)."""
    return len(text) >= _CELL_PROSE_CHARS or _SENTENCE_END.search(text) is not None


_CELL_PROSE_CHARS = 80


def _distribute(scores: Scores, ancestors: list[Node], points: float) -> None:
    for level, ancestor in enumerate(ancestors):
        key = scores.ensure(ancestor)
        divider = 1 if level == 0 else 2 if level == 1 else level * 3
        scores.score[key] += points / divider


def _top(scores: Scores) -> list[tuple[float, Node]]:
    """The best candidates by scaled score: the best one and those within ``_LIFT_SHARE`` of it
    (the only others ``_lift_to_common_ancestor`` looks at). Scaling only lowers a positive
    score, so candidates are visited by raw score and the walk stops once no raw score can
    enter the top list or come that close to the best: each scaled score measures a
    candidate's whole text, so most of them are never measured."""
    ranked: list[tuple[float, Node]] = []
    for key, raw in sorted(scores.score.items(), key=lambda item: item[1], reverse=True):
        if len(ranked) >= _TOP_CANDIDATES and raw <= ranked[-1][0]:
            break
        if ranked and ranked[0][0] > 0 and raw < _LIFT_SHARE * ranked[0][0]:
            break
        ranked.append((scores.scaled(key), scores.node[key]))
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        del ranked[_TOP_CANDIDATES:]
    return ranked


def _lift_to_common_ancestor(top: Node, ranked: list[tuple[float, Node]]) -> Node:
    """When several strong candidates share an ancestor of the best one, take that ancestor."""
    best = ranked[0][0]
    lists = [
        {a.mem_id for a in _all_ancestors(node)}
        for score, node in ranked[1:]
        if best > 0 and score / best >= _LIFT_SHARE
    ]
    if len(lists) < _MIN_ALTERNATIVES:
        return top
    parent = top.parent
    while parent is not None and parent.tag not in ("body", "html", None):
        if sum(parent.mem_id in ids for ids in lists) >= _MIN_ALTERNATIVES:
            return parent
        parent = parent.parent
    return top


def _all_ancestors(node: Node) -> list[Node]:
    found = []
    parent = node.parent
    while parent is not None and parent.tag not in ("html", None):
        found.append(parent)
        parent = parent.parent
    return found


def _climb(top: Node, scores: Scores) -> Node:
    """Move up while a parent scores higher (content split across sibling wrappers)."""
    last = scores.scaled(scores.ensure(top))
    threshold = last / 3
    parent = top.parent
    while parent is not None and parent.tag not in ("body", "html", None):
        key = parent.mem_id
        if key not in scores.score:
            parent = parent.parent
            continue
        if threshold > 0 and scores.score[key] < threshold:
            break  # its scaled score, never above the raw one, is lower still: not measured
        parent_score = scores.scaled(key)
        if parent_score < threshold:
            break
        if parent_score > last:
            top = parent
            break
        last = parent_score
        parent = parent.parent
    while (
        top.parent is not None
        and top.parent.tag not in ("body", "html", None)
        and _element_children(top.parent) == 1
    ):
        top = top.parent
    return top


def _element_children(node: Node) -> int:
    count = 0
    child = node.child
    while child is not None:
        if child.tag and not child.tag.startswith(("-", "_")):
            count += 1
        child = child.next
    return count


def _is_paragraph(node: Node) -> bool:
    if node.tag == "p":
        return True
    return node.tag == "div" and len(node.css(DIV_BLOCK_CHILDREN)) == 1


def _sibling_is_content(sibling: Node, top: Node, scores: Scores, threshold: float) -> bool:
    key = sibling.mem_id
    bonus = 0.0
    top_class = top.attributes.get("class") or ""
    if top_class and (sibling.attributes.get("class") or "") == top_class:
        bonus = scores.scaled(top.mem_id) * 0.2
    if key in scores.score and scores.scaled(key) + bonus >= threshold:
        return True
    if not _is_paragraph(sibling):
        return False
    text = inner_text(sibling)
    density = scores.link_density(sibling, len(text))
    if len(text) > 80:
        return density < 0.25
    return len(text) > 0 and density == 0 and _SENTENCE_END.search(text) is not None


def _gather(top: Node, scores: Scores) -> tuple[Node, ...]:
    parent = top.parent
    if parent is None or parent.tag in ("html", None):
        return (top,)
    threshold = max(10.0, scores.scaled(top.mem_id) * 0.2)
    kept = []
    child = parent.child
    while child is not None:
        if child.mem_id == top.mem_id:
            kept.append(child)
        elif child.tag and not child.tag.startswith("-"):
            if _sibling_is_content(child, top, scores, threshold):
                kept.append(child)
        elif child.tag == "-text" and len((child.text_content or "").strip()) > 80:
            kept.append(child)
        child = child.next
    return tuple(kept)


def select_content(root: Node, *, weigh_classes: bool) -> Candidate:
    """Pick the main content under ``root`` (the body)."""
    scores = Scores(weigh_classes, _link_lengths(root))
    _score_paragraphs(root, scores)
    ranked = _top(scores)
    if not ranked or ranked[0][1].tag in ("body", "html"):
        return Candidate((root,), ranked[0][0] if ranked else 0.0)
    best = ranked[0][1]
    top = _lift_to_common_ancestor(best, ranked)
    top = _climb(top, scores)
    score = scores.scaled(scores.ensure(top))
    return Candidate(_gather(top, scores), score, best)
