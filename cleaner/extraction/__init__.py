"""``extract(html)``: a news page in, an Article out. Pure: no I/O, no global state.

Reads like a table of contents:

1. decode   bytes → str (BOM, declared charset, detection)             ``cleaner.decode``
2. guard    size and nesting limits, before the parser sees anything  ``guard``
3. parse    selectolax / lexbor                                       ``dom``
4. metadata JSON-LD, OpenGraph, <meta>, <time>, <html lang>           ``metadata``
5. prune    furniture rules, each removal recorded                    ``prune`` / ``rules``
6. score    choose the main content                                   ``score``
7. clean    furniture left inside the chosen content                  ``clean``
8. render   blocks of text                                            ``text``

When too little text survives, steps 3-8 run again with relaxed rules (as Readability does);
the attempt with the most text wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cleaner.decode import to_markup
from cleaner.errors import CleanerError, NoArticleError
from cleaner.extraction.clean import CleanOptions, clean_content, remove_headed_boxes
from cleaner.extraction.dom import Document, Node, has_ancestor_in, parse
from cleaner.extraction.guard import check_structure
from cleaner.extraction.leads import leads_before
from cleaner.extraction.metadata import Metadata, last_resort_date, read_metadata
from cleaner.extraction.prune import Removal, Trace, remove_nodes, strip_furniture
from cleaner.extraction.score import select_content
from cleaner.extraction.text import render_blocks
from cleaner.extraction.titles import drop_title_blocks, find_headline
from cleaner.extraction.verdict import TeaserCount, count_teasers, not_an_article
from cleaner.models import Article, make_article
from cleaner.phrases import guess_language
from cleaner.settings import ExtractSettings, Settings
from cleaner.unicode import tidy
from cleaner.usage import checked_settings, checked_str, checked_url

__all__ = ["Explanation", "Removal", "explain", "extract"]


@dataclass(frozen=True, slots=True)
class _Pass:
    """One extraction attempt's switches; later attempts relax earlier ones."""

    strip_unlikely: bool
    weigh_classes: bool
    clean_conditionally: bool


# A relaxed pass whose content is mostly soft furniture loses to the stricter passes.
_MAX_FURNITURE_SHARE = 0.5
_PASSES = (
    _Pass(True, True, True),
    _Pass(False, True, True),
    _Pass(False, False, True),
    _Pass(False, False, False),
)


@dataclass(slots=True)
class _Result:
    blocks: list[str]
    teasers: TeaserCount = field(default_factory=lambda: TeaserCount(0, 0))
    trace: Trace = field(default_factory=list)
    furniture_share: float = 0.0  # of the chosen text, inside soft furniture a relaxed pass kept
    bylines: tuple[str, ...] = ()  # names of a byline line inside the chosen content
    datelines: list[tuple[str, bool]] = field(default_factory=list)  # dates of its datelines

    @property
    def length(self) -> int:
        return sum(len(b) for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Explanation:
    """What ``extract`` kept and what it removed, rule by rule."""

    article: Article | None
    error: str | None
    removals: tuple[Removal, ...]


def extract(
    html: str | bytes,
    *,
    url: str | None = None,
    http_charset: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Extract the article from one page.

    Raises a ``cleaner.errors.CleanerError`` subclass when there is none (``NoArticleError``),
    the input is unusable (too large, too deep, not HTML) or an argument is wrong
    (``UsageError``). Never returns None.
    """
    options = _checked(url, http_charset, settings)
    return _extract(html, url, http_charset, options, trace=False)[0]


def explain(
    html: str | bytes, *, url: str | None = None, settings: Settings | None = None
) -> Explanation:
    """Like ``extract``, but also report every removed block with its rule and reason."""
    options = _checked(url, None, settings)
    try:
        article, removals = _extract(html, url, None, options, trace=True)
    except CleanerError as error:
        return Explanation(None, f"{error.code}: {error.message}", ())
    return Explanation(article, None, tuple(removals))


def _checked(url: object, http_charset: object, settings: object) -> ExtractSettings:
    """The caller's arguments, checked: a wrong one is a ``UsageError`` that says which."""
    checked_url(url)
    checked_str(http_charset, "http_charset")
    return checked_settings(settings).extract


def _extract(
    html: str | bytes,
    url: str | None,
    http_charset: str | None,
    settings: ExtractSettings,
    *,
    trace: bool,
) -> tuple[Article, Trace]:
    markup = to_markup(html, http_charset=http_charset, settings=settings)
    check_structure(markup.text, settings)
    doc = parse(markup.utf8)
    meta = read_metadata(doc, url=url)
    # The phrase vocabularies follow the page's language, declared or, failing that, guessed.
    language = meta.language or guess_language(f"{meta.title or ''} {meta.description or ''}")
    best: _Result | None = None
    for number, switches in enumerate(_PASSES):
        current = doc if number == 0 else parse(markup.utf8)
        result = _attempt(current, meta, language, switches, trace)
        if best is not None and result.furniture_share > _MAX_FURNITURE_SHARE:
            continue  # a relaxed pass that found a footer or a sidebar longer than the post
        if best is None or result.length > best.length:
            best = result
        if best.length >= settings.min_text_chars:
            break
    assert best is not None
    _check_verdict(best, meta, settings)
    if meta.published is None:
        published, source = last_resort_date(best.datelines, best.blocks, meta, url)
        meta = replace(meta, published=published, published_source=source)
    return _article(best, meta, url), best.trace


def _check_verdict(best: _Result, meta: Metadata, settings: ExtractSettings) -> None:
    if best.length < settings.min_article_chars:
        raise NoArticleError(
            f"no article found: {best.length} characters of body text survived "
            f"(at least {settings.min_article_chars} needed)"
        )
    reason = not_an_article(best.blocks, best.teasers, meta.title, meta.refresh_to)
    if reason is not None:
        raise NoArticleError(f"no article found: {reason}")


def _attempt(
    doc: Document, meta: Metadata, language: str | None, switches: _Pass, trace: bool
) -> _Result:
    result = _Result([])
    log = result.trace if trace else None
    body = doc.body
    if body is None:
        return result
    pruned = strip_furniture(body, strip_unlikely=switches.strip_unlikely, trace=log)
    remove_headed_boxes(body, language, log)
    _remove_headline(body, meta.title, log)
    chosen = select_content(body, weigh_classes=switches.weigh_classes)
    result.furniture_share = _furniture_share(chosen.nodes, pruned.kept_soft)
    nodes = (*leads_before(pruned.leads, chosen.nodes), *chosen.nodes)
    options = CleanOptions(switches.weigh_classes, switches.clean_conditionally, language)
    found = clean_content(nodes, options, log, chosen.core())
    result.bylines, result.datelines = tuple(found.bylines), found.datelines
    result.teasers = count_teasers(nodes)
    result.blocks = drop_title_blocks(_tidy_blocks(render_blocks(nodes)), meta.title, log)
    return result


def _furniture_share(chosen: tuple[Node, ...], furniture: list[Node]) -> float:
    """How much of the chosen text lies in ``furniture`` (soft furniture a relaxed pass kept)."""
    if not furniture:
        return 0.0
    ids = {n.mem_id for n in furniture}
    chosen_ids = {n.mem_id for n in chosen}
    total = inside = 0
    for node in chosen:
        length = len(node.text(deep=True))
        total += length
        if node.mem_id in ids or has_ancestor_in(node, ids):
            inside += length
    for node in furniture:
        if has_ancestor_in(node, chosen_ids) and not has_ancestor_in(node, ids):
            inside += len(node.text(deep=True))
    return inside / total if total else 0.0


def _remove_headline(body: Node, title: str | None, trace: Trace | None) -> None:
    node = find_headline(body, title)
    if node is not None:
        remove_nodes([node], "headline", "the headline is the title field, not body text", trace)


def _tidy_blocks(blocks: list[str]) -> list[str]:
    """The blocks in NFC without invisible characters; a block that was nothing but invisible
    characters goes."""
    tidied = (tidy(block) for block in blocks)
    return [block for block in tidied if block.strip()]


def _article(result: _Result, meta: Metadata, url: str | None) -> Article:
    return make_article(
        text="\n\n".join(result.blocks),
        url=url,
        canonical_url=meta.canonical_url,
        title=meta.title,
        authors=meta.authors or result.bylines,
        published=meta.published,
        published_source=meta.published_source,
        modified=meta.modified,
        modified_source=meta.modified_source,
        language=meta.language,
        site_name=meta.site_name,
        description=meta.description,
    )
