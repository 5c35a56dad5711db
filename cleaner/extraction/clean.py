"""Clean the chosen content (after Readability's ``_prepArticle``), recording every removal.

Runs on the few nodes ``score`` chose, so it may look closer than the page-wide rules:
per-block link density, list and image counts, and the phrase vocabulary of news furniture
("Sign up for ... newsletter", "Related Articles", "Top Trending").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.extraction.dates import parse_dates
from cleaner.extraction.dom import Node, has_ancestor_in, inside
from cleaner.extraction.metadata import byline_names
from cleaner.extraction.prune import Trace, class_name, remove_nodes
from cleaner.extraction.rules import DIV_BLOCK_CHILDREN, SHARE
from cleaner.extraction.score import class_weight, inner_text, link_density
from cleaner.phrases import LineRule, match_line

__all__ = ["CleanOptions", "Found", "clean_content", "remove_headed_boxes"]

_CONDITIONAL = "form, fieldset, table, ul, div"
# A <div> without block children is a paragraph in disguise (Readability turns it into a <p>
# before cleaning): a one-line sentence of dialogue or a table cell's text is not a
# low-content box, though a short label ("Filed under", "Send") still is.
_PARAGRAPH_DIVS = f"div:not(:has({DIV_BLOCK_CHILDREN}))"
_SENTENCE_END = (".", "!", "?", "\u2026", '"', "\u201d", "\u00bb", "\u201c", ")")


def _is_sentence_div(div: Node) -> bool:
    text = div.text(deep=True).strip()
    return bool(text) and (text.endswith(_SENTENCE_END) or inside(div, ("td", "th")))


# Leaf-level blocks only: containers of other blocks are reached through their children (the
# box rules climb from there), and skipping them avoids copying long texts again and again.
_LEAF_BLOCKS = (
    "p, h1, h2, h3, h4, h5, h6, dt, dd, a, li:not(:has(li, div, p)), span:not(:has(div, p)), "
    "div:not(:has(div, p, ul, ol, table, section, article)), td:not(:has(table, div, p))"
)
# Phrase rules only look at short blocks; raw text (before white space is collapsed) longer
# than this cannot collapse to a furniture line.
_MAX_RAW_CHARS = 1000
_INLINE = frozenset({"a", "span"})
# An inline element directly inside one of these is part of a sentence, not a line of its own.
_PROSE = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "dd",
        "dt",
        "blockquote",
        "a",
        "span",
        "em",
        "strong",
        "b",
        "i",
        "figcaption",
        "label",
        "button",
        "cite",
        "q",
        "small",
        "abbr",
        "sup",
        "sub",
        "mark",
        "u",
        "s",
        "font",
        "time",
        "code",
        "bdi",
        "dfn",
    }
)


def _in_prose(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.tag in _PROSE


_BLOCK_CONTAINERS = frozenset({"div", "section", "form", "aside", "ul", "ol", "p", "footer"})


@dataclass(frozen=True, slots=True)
class Found:
    """What cleaning learned from the furniture it took out of the article's text."""

    bylines: list[str]  # the names of the first byline line ("By Jane Doe")
    datelines: list[tuple[str, bool]]  # dates of datelines, each with "is an update"


@dataclass(frozen=True, slots=True)
class CleanOptions:
    weigh_classes: bool
    conditionally: bool
    language: str | None = None  # the page's: which phrase vocabularies apply


def clean_content(
    nodes: tuple[Node, ...],
    options: CleanOptions,
    trace: Trace | None,
    core: frozenset[int] = frozenset(),
) -> Found:
    """Remove furniture left inside the chosen nodes; never a node of ``core`` (the
    best-scoring block and its ancestors: the article itself). Returns the names of the first
    byline line removed ("By Jane Doe"), for pages whose metadata names no author, and the
    dates of the datelines removed, for pages whose metadata gives no date."""
    bylines: list[str] = []
    datelines: list[tuple[str, bool]] = []
    for root in nodes:
        if root.tag in (None, "-text"):
            continue
        footers = [n for n in root.css("footer") if n.mem_id not in core]
        remove_nodes(footers, "footer", "footers hold site and author boilerplate", trace)
        _remove_share(root, trace)
        _remove_phrases(root, core, options.language, trace, Found(bylines, datelines))
        _remove_about_section(root, trace)
        _remove_negative_headers(root, options, trace)
        if options.conditionally:
            _clean_conditionally(root, options, core, trace)
    return Found(bylines, datelines)


def _remove_share(root: Node, trace: Trace | None) -> None:
    found = []
    for node in root.css('[class*="share" i], [id*="share" i]'):
        if node.mem_id == root.mem_id:
            continue
        if SHARE.search(class_name(node)) and len(node.text(deep=True)) < 500:
            found.append(node)
    remove_nodes(found, "share-tools", "share and bookmark tools are interface", trace)


def _remove_negative_headers(root: Node, options: CleanOptions, trace: Trace | None) -> None:
    if not options.weigh_classes:
        return
    found = [h for h in root.css("h1, h2") if class_weight(h) < 0]
    remove_nodes(found, "negative-header", "a heading whose class names furniture", trace)


def _remove_phrases(
    root: Node,
    core: frozenset[int],
    language: str | None,
    trace: Trace | None,
    found: Found,
) -> None:
    """Blocks whose whole text is furniture, with the box or list they head; the names of the
    first byline line and the dates of datelines go to ``found``."""
    matched = _furniture_blocks(root, core, language, found)
    ids = set(matched)
    by_rule: dict[tuple[str, str], list[Node]] = {}
    for node, rule_id, reason in matched.values():
        if not has_ancestor_in(node, ids):  # inside a box another rule removes: listed there
            by_rule.setdefault((rule_id, reason), []).append(node)
    for (rule_id, reason), nodes in by_rule.items():
        remove_nodes(nodes, rule_id, reason, trace)


def _furniture_blocks(
    root: Node, core: frozenset[int], language: str | None, found: Found
) -> dict[int, tuple[Node, str, str]]:
    matched: dict[int, tuple[Node, str, str]] = {}
    for node in root.css(_LEAF_BLOCKS):
        text = _short_text(node)
        if text is None:
            continue
        rule = match_line(text, language) or _date_stamp(node, text) or _byline(text, found)
        if rule is None:
            continue
        if rule.id in _DATELINES and len(found.datelines) < _MAX_DATELINES:
            found.datelines.extend(parse_dates(text))
        if rule.id in _BOX_RULES:
            target = _furniture_box(node, root, len(text), core)
        else:
            target = _same_text_wrapper(node, root, len(text), core)
        if target.mem_id in core:
            continue
        matched.setdefault(target.mem_id, (target, rule.id, rule.reason))
        for extra in _following_list(target, rule.id):
            matched.setdefault(extra.mem_id, (extra, rule.id, rule.reason))
    return matched


_BYLINE = LineRule("byline-line", "a byline line names the authors: metadata, not body text")


def _byline(text: str, found: Found) -> LineRule | None:
    names = byline_names(text)
    if not names:
        return None
    if not found.bylines:
        found.bylines.extend(names)
    return _BYLINE


_DATELINES = frozenset({"dateline", "date-stamp"})
_MAX_DATELINES = 4


def _short_text(node: Node) -> str | None:
    """The collapsed text of a standalone block short enough to be a furniture line."""
    if node.tag in _INLINE and _in_prose(node):
        return None
    raw = node.text(deep=True)
    if len(raw) > _MAX_RAW_CHARS:
        return None
    text = " ".join(raw.split())
    return text if text and len(text) <= 200 else None


def _remove_outermost(nodes: list[Node], rule_id: str, reason: str, trace: Trace | None) -> None:
    ids = {n.mem_id for n in nodes}
    outer = [n for n in nodes if not has_ancestor_in(n, ids)]
    remove_nodes(outer, rule_id, reason, trace)


_ABOUT = re.compile(r"about (?:the )?\w[\w.&'\u2019-]*(?: [\w.&'\u2019-]+){0,4}:?", re.I)
_ABOUT_MAX_CHARS = 1500


def _remove_about_section(root: Node, trace: Trace | None) -> None:
    """An "About <the company / the author>" section closing the article is boilerplate.

    Press-release and wire copy end with a company description, blogs with an author bio;
    both sit after a short "About X" heading with no further heading below it.
    """
    for node in root.css("h2, h3, h4, h5, h6, strong, b"):
        text = inner_text(node)
        if not _ABOUT.fullmatch(text):
            continue
        target = _same_text_wrapper(node, root, len(text))
        tail = _following_elements(target)
        if sum(len(inner_text(n)) for n in tail) > _ABOUT_MAX_CHARS:
            continue
        if any(n.tag in _HEADINGS or n.css_first("h2, h3, h4, h5, h6") for n in tail):
            continue
        remove_nodes(
            [target, *tail],
            "about-section",
            "an 'About ...' company or author blurb closing the article",
            trace,
        )
        return


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _following_elements(node: Node) -> list[Node]:
    found = []
    sibling = node.next
    while sibling is not None:
        if sibling.tag and not sibling.tag.startswith(("-", "_")):
            found.append(sibling)
        sibling = sibling.next
    return found


_STAMP = LineRule(
    "date-stamp",
    "a date or time with a few labels (dateline, view counter): metadata, not body text",
)
# a time, an ISO or numeric date, or a day with a month word and a year; a year alone
# ("Election 2024") is a heading, not a stamp
_STAMP_PATTERN = re.compile(
    r"\b(?:\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|"
    r"\d{1,2}\.? [^\W\d_]{3,}\.?,? (?:19|20)\d{2}|[^\W\d_]{3,}\.? \d{1,2},? (?:19|20)\d{2})\b"
)
_STAMP_TAGS = frozenset({"p", "div", "span"})
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_MAX_STAMP_WORDS = 3


def _date_stamp(node: Node, text: str) -> LineRule | None:
    """Language-independent datelines: "14 марта 2025, 12:00 Просмотров: 2 418".

    Only standalone blocks: list items and table cells with dates are timelines and tables.
    """
    if node.tag not in _STAMP_TAGS or inside(node, ("li", "table", "dl", "pre", "code")):
        return None
    if len(text) > 80 or text.endswith((".", "!", "?")) or not _STAMP_PATTERN.search(text):
        return None
    return _STAMP if len(_LETTER_WORD.findall(text)) <= _MAX_STAMP_WORDS else None


def _same_text_wrapper(
    node: Node, root: Node, length: int, core: frozenset[int] = frozenset()
) -> Node:
    """The outermost element around ``node`` that holds no other text."""
    target = node
    parent = node.parent
    while _may_climb(parent, root, core):
        assert parent is not None
        if len(inner_text(parent)) != length:
            break
        target = parent
        parent = parent.parent
    return target


def _may_climb(parent: Node | None, root: Node, core: frozenset[int]) -> bool:
    return (
        parent is not None
        and parent.mem_id != root.mem_id
        and parent.tag in _BLOCK_CONTAINERS
        and parent.mem_id not in core
    )


def _furniture_box(node: Node, root: Node, length: int, core: frozenset[int]) -> Node:
    """The smallest container that holds the matched line and little else but furniture.

    A newsletter heading comes with a one-line blurb, a form and a reCAPTCHA notice inside
    one box: climb while the box stays short (under 400 characters) or mostly links.
    """
    target = node
    parent = node.parent
    while _may_climb(parent, root, core):
        assert parent is not None
        text = inner_text(parent)
        if len(text) > max(400, length * 3) and link_density(parent, len(text)) < 0.5:
            break
        target = parent
        parent = parent.parent
    return target


# Headings whose box is furniture wherever it stands on the page: taken out before scoring, so
# that an author box, a comment section or a related list can never be chosen as the article.
_PAGE_BOXES = frozenset(
    {"author-heading", "related-heading", "trending-heading", "comments", "newsletter-signup"}
)
_PAGE_BOX_SHARE = 0.8


def remove_headed_boxes(body: Node, language: str | None, trace: Trace | None) -> None:
    """Before scoring: the boxes that a furniture heading ("Autor:innen", "Related
    Articles", "3 Kommentare") heads, anywhere on the page; never a box holding the headline
    or nearly all of the page's paragraphs."""
    headings = [h for h in body.css("h2, h3, h4, h5, h6") if len(h.text(deep=True)) <= 60]
    if not headings:
        return
    total: list[int] = []
    by_rule: dict[tuple[str, str], list[Node]] = {}
    for heading in headings:
        text = " ".join(heading.text(deep=True).split())
        rule = match_line(text, language) if text else None
        if rule is None or rule.id not in _PAGE_BOXES:
            continue
        box = _page_box(heading, body, len(text), total)
        found = [box, *_following_list(box, rule.id)]
        by_rule.setdefault((rule.id, rule.reason), []).extend(found)
    for (rule_id, reason), nodes in by_rule.items():
        _remove_outermost(nodes, rule_id, reason, trace)


def _page_box(heading: Node, body: Node, length: int, total: list[int]) -> Node:
    """The furniture box of a heading (see ``_furniture_box``), climbing never into a block
    with the headline or with nearly all of the page's paragraphs."""
    target = heading
    parent = heading.parent
    while parent is not None and parent.mem_id != body.mem_id and parent.tag in _BLOCK_CONTAINERS:
        text = inner_text(parent)
        if len(text) > max(400, length * 3) and link_density(parent, len(text)) < 0.5:
            break
        if parent.css_first("h1") is not None or _holds_most(parent, body, total):
            break
        target = parent
        parent = parent.parent
    return target


def _holds_most(node: Node, body: Node, total: list[int]) -> bool:
    if not total:
        total.append(sum(len(p.text(deep=True)) for p in body.css("p")))
    own = sum(len(p.text(deep=True)) for p in node.css("p"))
    return own > 0 and own >= _PAGE_BOX_SHARE * total[0]


_LIST_HEADINGS = frozenset({"related-heading", "trending-heading"})
# Rules whose line heads a box of furniture (blurb, form, notice, list), removed whole.
_BOX_RULES = frozenset(
    {
        "newsletter-signup",
        "related-heading",
        "trending-heading",
        "comments",
        "paywall",
        "author-heading",
        "rating-prompt",
    }
)


_LIST_LINK_DENSITY = 0.3


def _following_list(target: Node, rule_id: str) -> list[Node]:
    """Link lists that follow a "Related Articles" / "Top Trending" heading."""
    if rule_id not in _LIST_HEADINGS:
        return []
    found = []
    sibling = target.next
    while sibling is not None:
        if sibling.tag and not sibling.tag.startswith("-"):
            text = inner_text(sibling)
            # A list of teasers (a link and a date or blurb per item) is less linked than a
            # block of bare links; a list of plain items is no list of articles at all.
            limit = _LIST_LINK_DENSITY if sibling.tag in ("ul", "ol") else 0.5
            if text and link_density(sibling, len(text)) < limit:
                break
            found.append(sibling)
        sibling = sibling.next
    return found


def _clean_conditionally(
    root: Node, options: CleanOptions, core: frozenset[int], trace: Trace | None
) -> None:
    prose = {div.mem_id for div in root.css(_PARAGRAPH_DIVS) if _is_sentence_div(div)}
    found = [
        node
        for node in reversed(root.css(_CONDITIONAL))
        if node.mem_id != root.mem_id
        and node.mem_id not in core
        and node.mem_id not in prose
        and _should_remove(node, options)
    ]
    _remove_outermost(
        found,
        "low-content-block",
        "a list, table or box with more links, images, inputs or "
        "headings than text (Readability's cleanConditionally)",
        trace,
    )


def _is_data_table(node: Node) -> bool:
    attrs = node.attributes
    if attrs.get("role") == "presentation" or attrs.get("datatable") == "0":
        return False
    if attrs.get("summary") or node.css_first("caption, thead, tfoot, th, colgroup") is not None:
        return True
    rows = len(node.css("tr"))
    return rows >= 10 or (rows > 0 and len(node.css("td")) / rows > 4)


def _should_remove(node: Node, options: CleanOptions) -> bool:
    tag = node.tag or ""
    if tag == "table" and _is_data_table(node):
        return False
    if inside(node, ("code", "pre", "figure")) and tag != "table":
        return False
    weight = class_weight(node) if options.weigh_classes else 0.0
    if weight < 0:
        return True
    raw = node.text(deep=True)
    if raw.count(",") >= 10:  # prose: white space does not change the count of commas
        return False
    return _low_content(node, tag, " ".join(raw.split()), weight)


@dataclass(slots=True)
class _Measure:
    """What conditional cleaning counts inside one block, from a single query."""

    counts: dict[str, int]
    linked: float = 0.0  # text in links; in-page "#..." links weigh 0.3
    listed: int = 0  # text in lists below the block (nested lists count again)
    headed: int = 0  # text in headings


def _measure(node: Node) -> _Measure:
    found = _Measure({})
    counts = found.counts
    for child in node.css(_MEASURED):
        tag = child.tag or ""
        counts[tag] = counts.get(tag, 0) + 1
        if tag == "a":
            length = len(inner_text(child))
            href = child.attributes.get("href") or ""
            found.linked += length * 0.3 if href.startswith("#") and href != "#" else length
        elif tag in ("ul", "ol"):
            if child.mem_id != node.mem_id:
                found.listed += len(inner_text(child))
        elif tag in _HEADINGS:
            found.headed += len(inner_text(child))
    return found


_MEASURED = "p, img, li, input, h1, h2, h3, h4, h5, h6, object, embed, iframe, a, ul, ol"


def _low_content(node: Node, tag: str, text: str, weight: float) -> bool:
    measure = _measure(node)
    counts = measure.counts
    paragraphs = counts.get("p", 0)
    images = counts.get("img", 0)
    items = counts.get("li", 0) - 100
    inputs = counts.get("input", 0)
    embeds = counts.get("object", 0) + counts.get("embed", 0) + counts.get("iframe", 0)
    length = len(text)
    is_list = tag in ("ul", "ol") or (length > 0 and measure.listed / length > 0.9)
    density = measure.linked / length if length else 0.0
    if _is_prose(text, density):
        return embeds > 1  # a recipe's steps with photos, link-rich prose, a forum post
    heading_share = measure.headed / length if length else 0.0
    return (
        (images > 1 and paragraphs / images < 0.5)
        or (not is_list and items > paragraphs)
        or inputs > paragraphs // 3
        or (not is_list and heading_share < 0.9 and length < 25 and (images == 0 or images > 2))
        or (not is_list and weight < 25 and density > 0.2)
        or (weight >= 25 and density > 0.5)
        or (embeds == 1 and length < 75)
        or embeds > 1
    )


_PROSE_CHARS = 300
_PROSE_LINK_DENSITY = 0.35
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”»)]?\s+\S")


def _is_prose(text: str, density: float) -> bool:
    """A block of sentences: a few hundred characters outside links, at most a third linked,
    several sentences. Readability's link and image counts would drop it as a box."""
    if density > _PROSE_LINK_DENSITY or len(text) * (1 - density) < _PROSE_CHARS:
        return False
    return len(_SENTENCE_BREAK.findall(text, 0, 4000)) >= 2
