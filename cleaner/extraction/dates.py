"""Dates a reader sees: the dateline near the headline, and the date in the URL.

Used by ``metadata`` when the page's structured data (JSON-LD, ``<meta>``, ``<time datetime>``)
gives no publication date:

1. ``visible_dates``: the elements that hold a date by their class or id (``date``, ``time``,
   ``meta``, ``published``, ``submitted``, ``datum``, ``fecha``, ...) or are a ``<time>``, with a
   short text that parses as a date in one of the supported languages ("17. Dezember 2019",
   "21.01.2022 - 13:30", "April 19, 2019", "le 7 mai 2020", "12 marca 2024"). Of those, the one
   nearest the headline (``<h1>``) wins: a page's own date sits beside its headline, while the
   dates of teasers, archives and the calendar of the day sit elsewhere. Never one inside a
   comment, a related or recommended list, navigation, an aside or a footer. A date labelled as
   an update ("Aktualisiert", "Updated", "mis à jour") is the modification date, never the
   publication date.
2. ``url_date``: ``/2019/12/17/``, ``/2019-12-17-``, ``_20191217``: the date only.

Nothing here reads the clock: a page's date is what the page says, so extraction stays a pure
function (no "not in the future" filter that would change with the day of the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from cleaner.extraction.dom import Document, Node
from cleaner.extraction.names import in_furniture
from cleaner.months import MONTH_NUMBERS, month_pattern

__all__ = [
    "VisibleDates",
    "headline_block",
    "leading_date",
    "parse_dates",
    "url_date",
    "visible_dates",
]

MIN_YEAR, MAX_YEAR = 1990, 2100
_MAX_TEXT = 160  # a dateline is short; a longer element is a container
_MAX_CANDIDATES = 200

_MONTHS = {name: number for names in MONTH_NUMBERS.values() for name, number in names.items()}
_MONTH = month_pattern()
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º)?\.?"
_DAY_NAMED = _DAY.replace("(", "(?P<dn>", 1)
_DAY_AFTER = _DAY.replace("(", "(?P<ndd>", 1)
_DATES = re.compile(
    rf"\b(?P<iso>(?:19|20)\d\d)-(?P<isom>\d\d)-(?P<isod>\d\d)\b"
    rf"|\b(?P<ymd>(?:19|20)\d\d)/(?P<ymdm>\d{{1,2}})/(?P<ymdd>\d{{1,2}})\b"
    rf"|\b(?P<dot>\d{{1,2}})\.(?P<dotm>\d{{1,2}})\.(?P<doty>(?:19|20)\d\d|\d\d)(?!\d)"
    rf"|\b(?P<sl>\d{{1,2}})/(?P<slm>\d{{1,2}})/(?P<sly>(?:19|20)\d\d)\b"
    rf"|\b{_DAY_NAMED} (?:de )?(?P<dnm>{_MONTH}),?(?: de)? (?P<dny>(?:19|20)\d\d)\b"
    rf"|\b(?P<nd>{_MONTH}) {_DAY_AFTER},? (?P<ndy>(?:19|20)\d\d)\b",
)
# Labels of a modification date, in the supported languages.
_UPDATED = re.compile(
    r"(?:updated|last modified|modified|aktualisiert|geändert|stand|mis à jour|actualisé|"
    r"actualizado|modificado|aggiornato|atualizado|bijgewerkt|aangepast|aktualizacja|"
    r"zaktualizowano|zuletzt)\W*(?:am|on|le|el|il|em|op|dnia)?\W*$"
)
_CANDIDATES = (
    "h1, time, [class*=date i], [id*=date i], [class*=datum i], [class*=time i], "
    "[class*=publish i], [class*=posted i], [class*=meta i], [class*=submitted i], "
    "[class*=byline i], [class*=info i], [class*=subline], [class*=fecha], [class*=stamp]"
)
_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d\d)([/_.-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d])"
)


@dataclass(frozen=True, slots=True)
class VisibleDates:
    published: str | None = None
    modified: str | None = None


def _iso(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    if year < 100:  # "23.09.22": a two-digit year of this century or the last
        year += 2000 if year < 70 else 1900
    return year


def _slashed(first: int, second: int, year: int, month_first: bool) -> str | None:
    """d/m/y in most of the world, m/d/y in American English; a day over 12 settles it."""
    if month_first and first <= 12:
        return _iso(year, first, second)
    if second > 12 and first <= 12:
        return _iso(year, first, second)
    return _iso(year, second, first)


def _one(match: re.Match[str], month_first: bool) -> str | None:
    g = match.groupdict()
    if g["iso"]:
        return _iso(int(g["iso"]), int(g["isom"]), int(g["isod"]))
    if g["ymd"]:
        return _iso(int(g["ymd"]), int(g["ymdm"]), int(g["ymdd"]))
    if g["dot"]:
        return _iso(_year(g["doty"]), int(g["dotm"]), int(g["dot"]))
    if g["sl"]:
        return _slashed(int(g["sl"]), int(g["slm"]), int(g["sly"]), month_first)
    if g["dn"]:
        month = _MONTHS.get(g["dnm"].rstrip("."))
        return _iso(int(g["dny"]), month, int(g["dn"])) if month else None
    month = _MONTHS.get(g["nd"].rstrip("."))
    return _iso(int(g["ndy"]), month, int(g["ndd"])) if month else None


def parse_dates(text: str, *, month_first: bool = False) -> list[tuple[str, bool]]:
    """The dates written in ``text``, each with whether its label calls it an update."""
    lowered = " ".join(text.split()).lower()
    found = []
    for match in _DATES.finditer(lowered):
        value = _one(match, month_first)
        if value is not None:
            label = lowered[max(0, match.start() - 30) : match.start()]
            found.append((value, _UPDATED.search(label) is not None))
    return found


def leading_date(blocks: Sequence[str], month_first: bool = False) -> str | None:
    """The date an article's text opens with, as a news dateline: "27.1.2022 - Bei der
    Erinnerung ...", "01.02.2022 „Der Arbeitsmarkt ...". Only the first blocks, and only a
    date at the very start that is not labelled an update."""
    for block in blocks[:_LEADING_BLOCKS]:
        head = " ".join(block[:_LEADING_CHARS].split()).lower()
        match = _DATES.match(head)
        if match is not None:
            value = _one(match, month_first)
            if value is not None:
                return value
    return None


_LEADING_BLOCKS = 2
_LEADING_CHARS = 60


def url_date(url: str | None) -> str | None:
    """The date in a URL's path (``/2019/12/17/``, ``-2019-12-17``, ``_20191217``)."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
    match = _URL_DATE.search(path)
    if match is None:
        return None
    return _iso(int(match.group(1)), int(match.group(3)), int(match.group(4)))


def _nearest(nodes: list[Node], month_first: bool) -> list[tuple[str, bool]] | None:
    """The dates of the short element nearest the first ``<h1>`` among ``nodes`` (document
    order; under the headline before above it); without a headline, of the first one.
    Visited outwards from the headline, so the search ends at the first element with a date."""
    headline = next((i for i, node in enumerate(nodes) if node.tag == "h1"), None)
    for index in _outwards(len(nodes), headline):
        node = nodes[index]
        if node.tag == "h1":
            continue
        text = node.text(deep=True)
        if len(text) > _MAX_TEXT and len(" ".join(text.split())) > _MAX_TEXT:
            continue  # a long block, not a date line (indentation does not count)
        dates = parse_dates(text, month_first=month_first)
        if dates and not in_furniture(node):
            return dates
    return None


def _outwards(count: int, centre: int | None) -> Iterator[int]:
    """0, 1, 2, ... without a centre; else centre+1, centre-1, centre+2, centre-2, ..."""
    if centre is None:
        yield from range(count)
        return
    for step in range(1, count):
        if centre + step < count:
            yield centre + step
        if centre - step >= 0:
            yield centre - step
        if centre + step >= count and centre - step < 0:
            return


def headline_block(body: Node) -> Node | None:
    """The block around the first ``<h1>``: its nearest ancestor with some text besides it."""
    headline = body.css_first("h1")
    if headline is None:
        return None
    own = len(headline.text(deep=True))
    block = headline.parent
    for _ in range(_BLOCK_LEVELS):
        if block is None or block.tag in ("body", "html"):
            return None
        if len(block.text(deep=True)) - own >= _BLOCK_CHARS:
            return block
        block = block.parent
    return block if block is not None and block.tag not in ("body", "html") else None


_BLOCK_LEVELS = 4
_BLOCK_CHARS = 10  # enough for a date or a byline beside the headline
_SHORT_BLOCKS = (
    "h1, h2, h3, h4, h5, h6, span, p, div, li, small, strong, em, b, i, time, a, dd, td, abbr"
)


# A date the page labels as its date, anywhere in its text: "Datum: 03.11.2021",
# "Veröffentlicht am 26. Januar 2022", "Published: March 3, 2024", "Publié le 7 mai 2020".
# Matched against the lower-cased text (case-insensitive alternations are slow in Python's
# regex engine), and only the page's first characters: a labelled date is in its header.
_LABEL_WORDS = (
    "published",
    "posted",
    "date",
    "veröffentlicht",
    "publiziert",
    "erschienen",
    "erstellt",
    "datum",
    "publié",
    "mise en ligne",
    "mis en ligne",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "opublikowano",
    "data publikacji",
    "pressemitteilung vom",
    "pressemeldung vom",
    "medienmitteilung vom",
    "meldung vom",
    "nachricht vom",
    "beitrag vom",
)
_LABEL = re.compile(
    r"\b(?:" + "|".join(re.escape(word) for word in _LABEL_WORDS) + ")"
    r"(?: (?:on|am|le|el|il|em|op|dnia))?\s*:?\s*"
)
_MAX_LABELS = 20
_MAX_LABEL_TEXT = 20_000
_DATE_WINDOW = 40


def _labelled(body: Node, month_first: bool) -> list[tuple[str, bool]] | None:
    """The dates right after the first date label in the page's text that has any."""
    text = body.text(separator=" ")[:_MAX_LABEL_TEXT].lower()
    for count, match in enumerate(_label_matches(text)):
        if count >= _MAX_LABELS:
            break
        window = text[match.end() : match.end() + _DATE_WINDOW]
        dates = parse_dates(window, month_first=month_first)
        first = _DATES.search(" ".join(window.split()))
        if dates and first is not None and first.start() == 0:
            return dates
    return None


def _label_matches(text: str) -> Iterator[re.Match[str]]:
    """``_LABEL``'s matches in ``text``, in order. Each word is found with ``str.find`` and the
    pattern matched only there: scanning the text with the alternation itself costs ten times
    more (the engine tries every branch at every character)."""
    starts: set[int] = set()
    for word in _LABEL_WORDS:
        start = text.find(word)
        while start != -1 and len(starts) < _MAX_LABEL_STARTS:
            starts.add(start)
            start = text.find(word, start + 1)
    for start in sorted(starts):
        match = _LABEL.match(text, start)
        if match is not None:
            yield match


_MAX_LABEL_STARTS = 2000


def visible_dates(doc: Document, *, month_first: bool = False) -> VisibleDates:
    """The publication and modification dates shown nearest the headline: first among the
    elements named for dates, then among the short blocks beside the headline, then a date the
    text labels as the page's ("Datum: 03.11.2021")."""
    body = doc.body
    if body is None:
        return VisibleDates()
    dates = _nearest(body.css(_CANDIDATES)[:_MAX_CANDIDATES], month_first)
    if dates is None:
        block = headline_block(body)
        if block is not None:
            dates = _nearest(block.css(_SHORT_BLOCKS)[:_MAX_CANDIDATES], month_first)
    if dates is None:
        dates = _labelled(body, month_first)
    if dates is None:
        return VisibleDates()
    published = next((value for value, updated in dates if not updated), None)
    modified = next((value for value, updated in dates if updated), None)
    return VisibleDates(published, modified)
