"""Render chosen nodes as text: paragraphs and headings each one block, one blank line apart."""

from __future__ import annotations

from cleaner.extraction.dom import Node

__all__ = ["render_blocks"]

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "body",
        "html",
        "caption",
    ]
)
_SKIPPED = frozenset({"img", "_comment", "script", "style", "noscript", "template", "svg", "head"})
_CELLS = frozenset({"td", "th"})
# Private-use characters, neither white space nor text: a cell ends here, a <br> breaks here.
# Source line breaks are white space like any other; only <br> makes a line.
_CELL_MARK = "\ue000"
_BREAK_MARK = "\ue001"


def _normalise(raw: str) -> str:
    lines = (_cells(line) for line in raw.split(_BREAK_MARK))
    return "\n".join(line for line in lines if line)


def _cells(line: str) -> str:
    if _CELL_MARK not in line:
        return " ".join(line.split())
    cells = (" ".join(cell.split()) for cell in line.split(_CELL_MARK))
    return "\t".join(cell for cell in cells if cell)


class _Blocks:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        if self.buffer:
            text = _normalise("".join(self.buffer))
            if text:
                self.blocks.append(text)
            self.buffer.clear()

    def add_pre(self, node: Node) -> None:
        self.flush()
        text = node.text(deep=True).strip("\n")
        if text.strip():
            self.blocks.append(text)


def render_blocks(nodes: tuple[Node, ...]) -> list[str]:
    """Blocks of text under ``nodes`` in document order (iterative: deep trees are fine)."""
    out = _Blocks()
    stack: list[tuple[Node, bool]] = [(node, False) for node in reversed(nodes)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            if tag in _CELLS:
                out.buffer.append(_CELL_MARK)
            else:
                out.flush()
            continue
        if tag == "-text":
            out.buffer.append(node.text_content or "")
        elif tag == "br":
            out.buffer.append(_BREAK_MARK)
        elif tag == "pre":
            out.add_pre(node)
        elif tag not in _SKIPPED:
            _enter(node, tag, out, stack)
    out.flush()
    return out.blocks


def _enter(node: Node, tag: str, out: _Blocks, stack: list[tuple[Node, bool]]) -> None:
    if tag in _BLOCKS:
        out.flush()
        stack.append((node, True))
    elif tag in _CELLS:
        stack.append((node, True))
    stack.extend([(child, False) for child in node.iter(include_text=True)][::-1])
