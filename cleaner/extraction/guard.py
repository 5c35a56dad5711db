"""Refuse documents nested too deep, before lexbor parses them.

Why: lexbor's tree builder walks the stack of open elements for every block start tag (to "close
a p element in button scope") and for end tags, so nested *block* elements cost quadratic time:
10,000 nested ``<div>``\\ s parse in 0.15 s, 100,000 in about 30 s. Real pages nest well under 100
deep; the limit is ``ExtractSettings.max_depth`` (2000).

How, cheapest first, so that a real page costs one or two passes of ``str.count`` and no regex:

1. A page with fewer ``<`` than the limit cannot nest that deep. Most pages stop here.
2. Per 16 KiB chunk, the counts of ``<`` and ``</`` bound the running depth, assuming every end
   tag closes an element; void elements, comments and ``<`` in scripts only make the bound
   larger. Pages with thousands of tags stop here.
3. Only when that bound passes the limit, ``_simulated_depth`` tokenizes the page and keeps the
   tree builder's stack of open elements the way the HTML standard does as far as depth goes:
   void and self-closing foreign elements, raw text (script, style, ...), comments, implied end
   tags (p, li, td, option, ...) and the scopes that decide whether an end tag closes anything.
   It raises only if the simulated stack passes the limit, so stage 2's guesses cannot cause a
   false alarm. Where it simplifies (the adoption agency, foster parenting) it errs towards
   more depth. It costs a few microseconds per tag, which is why it is the last resort.

Limitation: stage 2 can be led to pass a page built on purpose so that end tags which close
nothing (``</x>`` with no ``<x>`` open) cancel deep nesting in the counts. Pages that merely are
broken (unclosed ``<div>``\\ s, runs of ``<p>`` or ``<li>``) are caught.

No recursion anywhere: the input is exactly what could exhaust Python's stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner.errors import DocumentTooDeepError
from cleaner.settings import ExtractSettings

__all__ = ["check_structure"]


def _names(words: str) -> list[str]:
    """Split a space-separated list: long vocabularies stay readable as one wrapped string."""
    return words.split()


_CHUNK = 16_384

#: ``html`` and ``body`` are on the stack of every page, whether written or not.
_IMPLICIT_DEPTH = 2

#: A start or end tag with its attributes (quotes only count after ``=``, as in the tokenizer),
#: or the start of a comment. Possessive repetition keeps a broken tag from backtracking.
_TOKEN = re.compile(
    r"<(?:!--|(/?)([a-zA-Z][^\t\n\f\r />]*)(?:[^>=]|=\s*\"[^\"]*\"|=\s*'[^']*'|=)*+(?:>|\Z))"
)

_VOID = frozenset(
    _names(
        "area base basefont bgsound br col embed frame hr image img input keygen link meta"
        " param source track wbr"
    )
)
#: Elements whose content the tokenizer reads as text up to their end tag.
#: lexbor parses with scripting on, so ``noscript`` is raw text too.
_RAW_TEXT = frozenset(_names("script style textarea title xmp iframe noembed noframes noscript"))
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in _RAW_TEXT}
#: Start and end tags the tree builder merges into the implicit html, head and body.
_NOT_NESTED = frozenset({"html", "head", "body", "frameset"})
#: HTML start tags that end foreign (SVG, MathML) content.
_BREAKOUT = frozenset(
    _names(
        "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr"
        " i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup"
        " table tt u ul var"
    )
)
_HEADINGS = frozenset(_names("h1 h2 h3 h4 h5 h6"))
#: Start tags that first close an open p element in button scope.
_CLOSES_P = _HEADINGS | frozenset(
    _names(
        "address article aside blockquote center details dialog dir div dl fieldset"
        " figcaption figure footer form header hgroup main menu nav ol p search section"
        " summary ul pre listing li dd dt plaintext table xmp"
    )
)
#: The HTML standard's "special" elements: an end tag for an inline element stops at them.
_SPECIAL = (
    _CLOSES_P
    | _VOID
    | frozenset(
        _names(
            "applet button caption col colgroup frameset head html iframe marquee noembed"
            " noframes noscript object script select style tbody td template textarea tfoot"
            " th thead title tr mi mo mn ms mtext annotation-xml foreignobject desc"
        )
    )
)
_SCOPE = frozenset(
    _names(
        "applet caption html table td th marquee object template"
        " mi mo mn ms mtext annotation-xml foreignobject desc"
    )
)
_TABLE_PARTS = frozenset(_names("table tbody thead tfoot tr td th caption colgroup"))
_SECTIONS = ("tbody", "thead", "tfoot")
#: Foreign elements whose content is HTML again (HTML and MathML text integration points).
_INTEGRATION_POINTS = ("foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext")
_MAYBE_DROPPED = _TABLE_PARTS | {"form", "select"}


def _end_boundaries() -> dict[str, str]:
    """The boundary kind that stops an end tag from closing an element of each name.

    Names not listed stop at any special element. That includes the formatting elements (b, a,
    font, ...): the adoption agency algorithm keeps block elements opened inside them open, so
    closing them only when no special element is nearer errs towards more depth, never less.
    """
    kinds = dict.fromkeys(_SPECIAL, "scope")
    kinds.update(dict.fromkeys(_TABLE_PARTS, "table"))
    kinds.update(p="button", li="list")
    return kinds


_END_BOUNDARIES = _end_boundaries()

#: The element sets that bound the tree builder's walks down the stack ("in scope" and kin).
_BOUNDARIES: dict[str, frozenset[str]] = {
    "scope": _SCOPE,
    "button": _SCOPE | {"button"},
    "list": _SCOPE | {"ol", "ul"},
    "table": frozenset({"html", "table", "template"}),
    "item": _SPECIAL - {"address", "div", "p"},
    "special": _SPECIAL,
    # Not boundaries: tracked the same way to tell in O(1) whether the current node is foreign.
    "foreign": frozenset({"svg", "math"}),
    "integration": frozenset(_INTEGRATION_POINTS),
}


def _kinds_by_name() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, tuple[str, ...]] = {}
    for kind, names in _BOUNDARIES.items():
        for name in names:
            kinds[name] = (*kinds.get(name, ()), kind)
    return kinds


_BOUNDARY_KINDS = _kinds_by_name()

#: Start tags that close an open element of the listed names first, if one is found before a
#: boundary of the given kind (li closes li, td closes td, a closes a, ...).
_START_CLOSES: dict[str, tuple[frozenset[str], str]] = {
    "li": (frozenset({"li"}), "item"),
    "dd": (frozenset({"dd", "dt"}), "item"),
    "dt": (frozenset({"dd", "dt"}), "item"),
    "td": (frozenset({"td", "th"}), "table"),
    "th": (frozenset({"td", "th"}), "table"),
    "tr": (frozenset({"tr"}), "table"),
    "tbody": (frozenset({"tbody", "thead", "tfoot"}), "table"),
    "thead": (frozenset({"tbody", "thead", "tfoot"}), "table"),
    "tfoot": (frozenset({"tbody", "thead", "tfoot"}), "table"),
    "a": (frozenset({"a"}), "special"),
    "button": (frozenset({"button"}), "scope"),
    "nobr": (frozenset({"nobr"}), "scope"),
}


def check_structure(html: str, settings: ExtractSettings) -> None:
    """Raise ``DocumentTooDeepError`` if parsing ``html`` would nest deeper than allowed."""
    limit = settings.max_depth
    if _depth_bound(html, limit) <= limit:
        return
    depth = _simulated_depth(html, limit)
    if depth > limit:
        raise DocumentTooDeepError(f"elements are nested more than {limit} deep")


def _depth_bound(html: str, limit: int) -> int:
    """Stages 1 and 2: an upper bound of the depth from counts alone (see the module docstring)."""
    starts = range(0, len(html), _CHUNK)
    tags = [html.count("<", start, start + _CHUNK) for start in starts]
    if sum(tags) + _IMPLICIT_DEPTH <= limit:
        return sum(tags) + _IMPLICIT_DEPTH
    depth = peak = 0
    for start, count in zip(starts, tags, strict=True):
        ends = html.count("</", start, start + _CHUNK)
        opens = count - ends
        peak = max(peak, depth + opens)
        depth = max(0, depth - ends) + opens
    return peak + _IMPLICIT_DEPTH


def _simulated_depth(html: str, limit: int) -> int:
    """Stage 3: the deepest stack of open elements, stopping as soon as it passes ``limit``."""
    stack = _OpenElements()
    pos, end = 0, len(html)
    while pos < end and stack.peak <= limit:
        match = _TOKEN.search(html, pos)
        if match is None:
            break
        pos = match.end()
        name = match.group(2)
        if name is None:
            pos = _comment_end(html, pos)
        elif match.group(1):
            stack.end(name.lower())
        else:
            pos = _start_tag(html, match, name.lower(), stack)
    return stack.peak


def _comment_end(html: str, pos: int) -> int:
    """Where the comment opened just before ``pos`` ends (``<!-->`` and ``<!--->`` are whole)."""
    if html.startswith(">", pos) or html.startswith("->", pos):
        return html.index(">", pos) + 1
    close = html.find("-->", pos)
    return len(html) if close < 0 else close + 3


def _start_tag(html: str, match: re.Match[str], name: str, stack: _OpenElements) -> int:
    """Apply a start tag; return where scanning resumes (after the text of a raw-text element)."""
    if stack.in_foreign():
        stack.start_foreign(name, self_closing=match.group(0).endswith("/>"))
        return match.end()
    if name in _RAW_TEXT:
        close = _RAW_TEXT_END[name].search(html, match.end())
        return len(html) if close is None else close.end()
    stack.start(name)
    return len(html) if name == "plaintext" else match.end()  # after <plaintext>, all is text


class _OpenElements:
    """The tree builder's stack of open elements, reduced to what decides its depth.

    Besides the names, it keeps for every name and every boundary kind the stack positions where
    one is open, so "is there an open li above the nearest boundary?" costs a comparison instead
    of a walk down the stack (a walk per tag would make the guard itself quadratic).
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.peak = _IMPLICIT_DEPTH
        self._positions: dict[str, list[int]] = {}
        self._boundaries: dict[str, list[int]] = {kind: [] for kind in _BOUNDARIES}

    def in_foreign(self) -> bool:
        """Whether the current node is SVG or MathML (``/>`` closes, HTML tags break out)."""
        roots, integration = self._boundaries["foreign"], self._boundaries["integration"]
        return bool(roots) and (not integration or integration[-1] < roots[-1])

    def start_foreign(self, name: str, *, self_closing: bool) -> None:
        """A start tag in SVG or MathML: HTML tags end the foreign content, ``/>`` closes."""
        if name in _BREAKOUT:
            self._pop_to(self._boundaries["foreign"][-1])
            self.start(name)
        elif not self_closing:
            self._push(name)

    def start(self, name: str) -> None:
        """A start tag in HTML: close implied elements first, then open it."""
        if name in _VOID or name in _NOT_NESTED:
            return
        if name in _MAYBE_DROPPED and self._dropped(name):
            return
        self._close_implied(name)
        self._open_table_parents(name)
        self._push(name)

    def end(self, name: str) -> None:
        """An end tag: close the nearest open element of that name, if it is in scope."""
        if name in _NOT_NESTED:
            return
        targets = _HEADINGS if name in _HEADINGS else (name,)
        self._close(targets, _END_BOUNDARIES.get(name, "special"))

    def _dropped(self, name: str) -> bool:
        """Start tags the tree builder ignores, or turns into an end tag, in this context."""
        if name == "form":
            return self._last("form") >= 0  # a form inside a form is dropped
        if name == "select" and self._last("select") >= 0:
            self._pop_to(self._last("select"))  # <select> inside a select closes it
            return True
        return name in _TABLE_PARTS and name != "table" and self._last("table") < 0

    def _open_table_parents(self, name: str) -> None:
        """A row outside a table section gets a tbody, a cell outside a row a tr (and tbody)."""
        if name not in ("tr", "td", "th"):
            return
        table = self._last("table")
        if name != "tr" and self._last("tr") > table:
            return
        if max(self._last(section) for section in _SECTIONS) < table:
            self._push("tbody")
        if name != "tr":
            self._push("tr")

    def _close_implied(self, name: str) -> None:
        rule = _START_CLOSES.get(name)
        if rule is not None:
            self._close(*rule)
        if name in _CLOSES_P:
            self._close(("p",), "button")
        if name in _HEADINGS and self.names and self.names[-1] in _HEADINGS:
            self._pop_to(len(self.names) - 1)  # <h2> right inside an open <h1> closes it
        elif name in ("option", "optgroup") and self.names and self.names[-1] == "option":
            self._pop_to(len(self.names) - 1)

    def _close(self, targets: Iterable[str], boundary: str) -> None:
        """Pop to the nearest open element in ``targets`` unless a boundary is nearer."""
        index = max(map(self._last, targets))
        fence = self._boundaries[boundary]
        if index >= 0 and (not fence or index >= fence[-1]):
            self._pop_to(index)

    def _last(self, name: str) -> int:
        positions = self._positions.get(name)
        return positions[-1] if positions else -1

    def _push(self, name: str) -> None:
        index = len(self.names)
        self.names.append(name)
        self._positions.setdefault(name, []).append(index)
        for kind in _BOUNDARY_KINDS.get(name, ()):
            self._boundaries[kind].append(index)
        if index + 1 + _IMPLICIT_DEPTH > self.peak:
            self.peak = index + 1 + _IMPLICIT_DEPTH

    def _pop_to(self, index: int) -> None:
        """Pop the element at ``index`` and everything above it."""
        while len(self.names) > index:
            name = self.names.pop()
            self._positions[name].pop()
            for kind in _BOUNDARY_KINDS.get(name, ()):
                self._boundaries[kind].pop()
