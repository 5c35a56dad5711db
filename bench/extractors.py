"""One adapter per extractor. Each library is imported by ``load`` only, inside the worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.scoring import Meta

__all__ = ["DEFAULT", "FLOOR", "NAMES", "ExtractFn", "Extraction", "Refused", "load"]


@dataclass(frozen=True)
class Extraction:
    """Body text plus the metadata an extractor returned."""

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None

    @property
    def meta(self) -> Meta:
        return Meta(title=self.title, byline=self.byline, date=self.date)


class Refused(Exception):
    """The extractor declined the page (cleaner: a CleanerError); scored as an empty text."""


ExtractFn = Callable[[str | bytes, str | None], Extraction]


def _cleaner() -> ExtractFn:
    from cleaner.errors import CleanerError
    from cleaner.extraction import extract

    def run(html: str | bytes, url: str | None) -> Extraction:
        try:
            article = extract(html, url=url)
        except CleanerError as exc:
            raise Refused(f"{type(exc).__name__} ({exc.code}): {exc}") from exc
        return Extraction(
            text=article.text,
            title=article.title,
            byline=", ".join(article.authors),
            date=article.published,
        )

    return run


def _trafilatura() -> ExtractFn:
    import trafilatura

    def run(html: str | bytes, url: str | None) -> Extraction:
        # 2.x: a Document (text rendered as plain text, metadata attributes), or None.
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
        if doc is None:
            return Extraction(text="")
        if isinstance(doc, dict):  # only with as_dict=True
            raise TypeError("trafilatura returned a dict")
        return Extraction(text=doc.text or "", title=doc.title, byline=doc.author, date=doc.date)

    return run


def _naive() -> ExtractFn:
    """A trivial stand-in: all body text minus scripts and obvious page furniture."""
    from selectolax.lexbor import LexborHTMLParser

    furniture = "script, style, noscript, template, nav, header, footer, aside, form"

    def run(html: str | bytes, url: str | None) -> Extraction:
        tree = LexborHTMLParser(html)
        title = tree.css_first("title")
        for node in tree.css(furniture):
            node.decompose()
        body = tree.body
        text = body.text(separator="\n") if body is not None else ""
        return Extraction(text=text, title=title.text(strip=True) if title else None)

    return run


def _parse() -> ExtractFn:
    """The floor: lexbor parsing the same input, nothing else (timed, not scored)."""
    from selectolax.lexbor import LexborHTMLParser

    def run(html: str | bytes, url: str | None) -> Extraction:
        LexborHTMLParser(html)
        return Extraction(text="")

    return run


_FACTORIES: dict[str, Callable[[], ExtractFn]] = {
    "cleaner": _cleaner,
    "trafilatura": _trafilatura,
    "naive": _naive,
    "parse": _parse,
}
NAMES = tuple(_FACTORIES)
DEFAULT = ("cleaner", "trafilatura", "parse")
FLOOR = "parse"  # timed only: the parse-only floor, not a column of the quality table


def load(name: str) -> ExtractFn:
    """Import the extractor's library and return its page function."""
    return _FACTORIES[name]()
