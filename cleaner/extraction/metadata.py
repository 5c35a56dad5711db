"""Page metadata, read before any removal (JSON-LD lives in <script>).

``read_metadata`` looks at a page's structured data first and its visible text last:

=============  ===============================================================================
field          sources, most trusted first
=============  ===============================================================================
title          JSON-LD headline/name of the article object, og:title, twitter:title, dc.title,
               parsely-title, <title>, the single <h1>
authors        JSON-LD author, author metas, [rel=author], [itemprop=author], byline elements
published      JSON-LD datePublished/dateCreated/uploadDate, publication metas,
               [itemprop=datePublished], the first <time datetime> of the article
modified       JSON-LD dateModified, modification metas, [itemprop=dateModified]
language       <html lang>, xml:lang, content-language, og:locale, JSON-LD inLanguage
site_name      og:site_name, JSON-LD publisher.name, application-name
description    og:description, description, twitter:description, JSON-LD description
canonical_url  <link rel=canonical> resolved against ``url``, og:url (http and https only)
=============  ===============================================================================

Dates are ISO 8601. A time is kept only with its zone, rendered as an offset (``Z`` becomes
``+00:00``) to the second; a time without a zone is cut to its date (a zone is never invented).

Titles lose a site-name segment at either end (`"Headline | The Site"`). Curated titles (JSON-LD,
og:title, ...) lose nothing else; the <title> element is cleaned like Readability.js's
``_getArticleTitle``, preferring a segment that is also a <h1>/<h2> heading.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from cleaner.extraction.dates import (
    VisibleDates,
    headline_block,
    leading_date,
    url_date,
    visible_dates,
)
from cleaner.extraction.dom import Document, Node
from cleaner.extraction.names import in_furniture
from cleaner.models import DateSource
from cleaner.months import MONTH_NUMBERS
from cleaner.unicode import tidy

__all__ = ["Metadata", "last_resort_date", "read_metadata"]

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about itself; the fields follow ``Article``'s rules (see models.py)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_source: DateSource | None = None
    modified: str | None = None
    modified_source: DateSource | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    refresh_to: str | None = None  # where <meta http-equiv="refresh"> sends the reader soon


# ---------------------------------------------------------------------------------------------
# Vocabularies. Meta keys are lower-cased with "." read as ":" ("DC.title" -> "dc:title").

TITLE_KEYS = ("og:title", "twitter:title", "dc:title", "dcterms:title", "parsely-title")
SITE_NAME_KEYS = ("og:site_name",)
APP_NAME_KEYS = ("application-name",)
DESCRIPTION_KEYS = ("og:description", "description", "twitter:description", "dc:description")
AUTHOR_KEYS = (
    "dc:creator",
    "dcterms:creator",
    "author",
    "article:author",
    "parsely-author",
    "sailthru:author",
    "byl",
)
PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru:date",
    "dc:date:issued",
    "dcterms:issued",
    "dc:date:created",
    "dcterms:created",
    "datecreated",
)
# Keys that name a date without saying which: content systems fill them with the day of the
# last edit as often as with the day of publication, so the dateline a reader sees beside the
# headline outranks them (on the dev sets it was right on six of seven pages where they
# disagreed).
VAGUE_DATE_KEYS = ("dc:date", "dcterms:date", "date")
MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dc:date:modified",
    "dcterms:modified",
    "last-modified",
    "lastmod",
)
LANGUAGE_KEYS = ("content-language", "language", "dc:language", "og:locale")

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "SatiricalArticle",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "TechArticle",
        "APIReference",
        "AdvertiserContentArticle",
        "Report",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
    }
)
# Without an article object, dates and description come from the page, else from a video.
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "CollectionPage"})
MEDIA_TYPES = frozenset({"VideoObject", "AudioObject", "MediaObject"})
ORGANISATION_TYPES = frozenset(
    {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand", "LocalBusiness"}
)
LD_MAIN_TYPES = (ARTICLE_TYPES, PAGE_TYPES, MEDIA_TYPES)
LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
LD_MODIFIED = ("dateModified",)

MAX_JSONLD_CHARS = 1_000_000
MAX_JSONLD_OBJECTS = 200
MAX_HEADINGS = 30
MAX_BYLINE_CHARS = 200
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 5
MIN_TITLE_WORDS = 3  # a cleaned title shorter than this keeps its full form
SHORT_TITLE_WORDS = 4  # Readability's "4 words or fewer": suspiciously short after a cut
MIN_TITLE_CHARS = 15
MAX_TITLE_CHARS = 150
MIN_YEAR, MAX_YEAR = 1900, 2100

# Title separators between spaces: | - en-dash em-dash » / \ > :: and the middle dot.
_SEPARATOR = r"\s(?:[|\-\u2013\u2014»/\\>·]|::)\s"
TITLE_SEPARATOR = re.compile(_SEPARATOR)
LEADING_SEPARATOR = re.compile("^" + _SEPARATOR)
HIERARCHICAL_SEPARATOR = re.compile(r"\s[/\\>»]\s")
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NOT_ALNUM = re.compile(r"[\W_]+")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?")
_DOMAIN_IN = re.compile(r"\w\.(?:com|net|org|de|at|ch|fr|es|it|nl|pl|uk|eu|info|io)\b", re.I)
_DOMAIN_SUFFIX = re.compile(r"\.(?:com|org|net|co\.uk|[a-z]{2})/?$")

# Authors: "By Jane Doe", "Written by Jane Doe", "Par Jean Dupont", "Von Hans Müller", "Text
# von Eva Roth", "Autor: Peter Maahn", "Eingestellt von Michel", "Di Marco Rossi Bianchi" (but
# not "Di Maria": "di" only before two more words), ...
BYLINE_PREFIX = re.compile(
    r"^(?:(?:(?:written|posted|reported|edited|words|text|story|photos?|video|eingestellt|"
    r"geschrieben|verfasst|ein beitrag|ein artikel|escrito|publicado|scritto|a cura)\s+)?"
    r"(?:by|von|par|por|door|av|przez|di(?=\s+\S+\s+\S))\b\s*:?\s*|"
    r"(?:author|autor|autorin|autoren|text|texte|tekst|auteur|autore|autora|redaktion|"
    r"verfasser|verfasserin)\b\s*:?\s*)",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # English month names
# Everything from a date or an "Updated" note on is not a name: "Jane Doe Updated March 3",
# "Par Claire Dubois Publié le 9 mars".
# A user name ("CC7567") is no name; a digit later on ends one: "by Lucas Nolan22 Dec 2016".
HANDLE = re.compile(r"^\S*\d")
BYLINE_TAIL = re.compile(
    r"\b(?:updated|published|posted|last\s+updated|modified|publiée?|mis\s+à\s+jour"
    r"|veröffentlicht|aktualisiert|publicado|actualizado|atualizado|pubblicato|aggiornato)\b"
    rf"|\b{_MONTH}\s+\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d",
    re.IGNORECASE,
)
NAME_SPLIT = re.compile(
    r"\s*(?:[,;|&/]|\b(?:and|AND|And|und|et|y|e|i|en|with|avec|mit|con|oraz)\b)\s*"
)
# "Jong, Michiel de" (a catalogue's "Last, First") is one name: "Michiel de Jong".
LAST_FIRST = re.compile(
    r"^([^\W\d_][\w'\u2019-]+),\s+([^\W\d_][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,2})$"
)
# Byline elements: class "byline", "signature" (the French press's word) or "author" (not
# "authority-control"). The selector matches case-sensitive substrings ("Byline", "byline",
# "c-Author"), a third cheaper than a case-insensitive match; these regexes then check.
BYLINE_SELECTOR = "[class*=yline], [class*=ignatur], [class*=uthor]"
BYLINE_CLASS = re.compile(r"byline|signature", re.IGNORECASE)
AUTHOR_CLASS = re.compile(r"author(?!it)", re.IGNORECASE)
MAX_BYLINE_NODES = 10
CONTAINER_TAGS = frozenset({"html", "body", "main", "article", "section"})
_FORM_TAGS = frozenset({"form", "label", "input", "textarea", "select", "button", "option"})
NAME_PUNCTUATION = " .:-\u2013\u2014()[]\"'"  # dashes: en, em
# "Jane Doe (@janedoe)", "Bradley M. Kuhn (http://ebb.org/bkuhn/)": the name before.
TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)?\s*$")
NAME_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
# Words of job titles, desks and organisations: "Jane Doe, Senior Reporter", "Staff", "AP".
NON_NAME_WORDS = frozenset(
    """
    reporter reporters correspondent correspondents editor editors editorial writer writers
    columnist contributor contributors contributing journalist producer photographer analyst
    critic intern chief senior staff desk bureau team news newsroom press media magazine inc
    ltd llc gmbh corp corporation company group agency foundation network online health
    associated reuters afp ap dpa efe ansa upi administrator admin guest anonymous unknown
    follow share comments comment view profile more posts articles ma md phd msc rn
    redaktion rédaction redacción redazione redactie redakcja agencia agentur agence verlag
    gesponserte inhalte sponsored artikel alle all none moderator mitglied member user
    benutzer gast webmaster support service pressestelle pressesprecher kommunikation
    newsletter kontakt contact impressum datenschutz author autor autorin autoren agencies
    stiftung institut institute verband verein association universität university hochschule
    college ministerium ministry partei gewerkschaft kirche zeitung newspaper illustrierte
    magazin rundfunk radio fernsehen television sender ag ev
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Words that are no name alone, but may be part of one: a month is a date's remnant
# ("Dezember"), though "Laura June Topolsky" is a name; "Name *" labels a comment form.
NOT_ALONE = frozenset(name for names in MONTH_NUMBERS.values() for name in names) | frozenset(
    "name reply replies antworten antwort liken like likes text admin".split()  # noqa: SIM905
)
# Lower-case words allowed inside a name: "Michiel de Jong", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset(
    """
    de da di do dos das du del della der den van von ter ten le la bin ibn al el y
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

# ISO-like: 2025-03-14, 2025-03-14T09:30, 2025-03-14 09:30:00.000 +0100, 2025/03/14.
ISO_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


# ---------------------------------------------------------------------------------------------
# The page as read once. Each selector run walks the whole tree (about 0.1 ms on an average
# news page of 2,700 nodes), so one combined run collects everything but the byline classes:
# those are looked for by a second run, only when no better source names an author (on about
# half of the pages; in the first run they would cost every page a third more).

SCAN_SELECTOR = (
    'meta[content], script[type="application/ld+json" i], link[rel~=canonical i][href], title,'
    " h1, h2, time[datetime], [itemprop], [rel~=author]"
)
META_KEY_ATTRIBUTES = frozenset({"property", "name", "itemprop", "http-equiv"})
ITEMPROPS = frozenset({"author", "datepublished", "datemodified"})
ARTICLE_AREA = frozenset({"article", "main"})
MAX_TIMES = 10
MAX_ANCESTORS = 30


@dataclass(slots=True)
class _Scan:
    """What one pass over the document collects, sorted by kind."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    canonical: list[str] = field(default_factory=list)
    title: str | None = None
    headings: list[Node] = field(default_factory=list)
    h1_count: int = 0
    times: list[Node] = field(default_factory=list)
    itemprops: dict[str, list[Node]] = field(default_factory=dict)
    rel_authors: list[Node] = field(default_factory=list)

    def add(self, node: Node) -> None:
        tag = node.tag or ""
        bare = _BARE_HANDLERS.get(tag)
        if bare is not None:  # no need for the attributes, the costliest part of a node
            bare(self, node)
            return
        attrs = node.attributes
        if tag == "meta":
            self.add_meta(attrs)
            return
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "canonical" in rel:
            self.canonical.append((attrs.get("href") or "").strip())
        elif tag == "time" and len(self.times) < MAX_TIMES:
            self.times.append(node)
        if "itemprop" in attrs:
            self.add_itemprop(node, attrs)
        if "author" in rel:
            self.rel_authors.append(node)

    def add_itemprop(self, node: Node, attrs: Mapping[str, str | None]) -> None:
        for prop in (attrs["itemprop"] or "").lower().split():
            if prop in ITEMPROPS:
                self.itemprops.setdefault(prop, []).append(node)

    def add_meta(self, attrs: Mapping[str, str | None]) -> None:
        content = attrs.get("content")
        if not content:
            return
        for attr, value in attrs.items():
            if attr in META_KEY_ATTRIBUTES and value:
                for key in value.lower().replace(".", ":").split():
                    self.meta.setdefault(key, []).append(content)

    def add_script(self, node: Node) -> None:
        self.scripts.append(node.text())

    def add_title(self, node: Node) -> None:
        if self.title is None:  # the first: later ones are <svg> titles
            self.title = clean_text(node.text())

    def add_heading(self, node: Node) -> None:
        self.h1_count += node.tag == "h1"
        if len(self.headings) < MAX_HEADINGS:
            self.headings.append(node)


# Tags the scan selector matches by name alone (JSON-LD scripts by their type).
_BARE_HANDLERS: dict[str, Callable[[_Scan, Node], None]] = {
    "script": _Scan.add_script,
    "title": _Scan.add_title,
    "h1": _Scan.add_heading,
    "h2": _Scan.add_heading,
}


@dataclass(frozen=True, slots=True)
class _Page:
    doc: Document
    url: str | None
    scan: _Scan
    objects: tuple[Json, ...]
    ids: Mapping[str, Json]
    article: Json | None

    def metas(self, key: str) -> list[str]:
        return self.scan.meta.get(key, [])

    def first_meta(self, keys: Iterable[str]) -> str | None:
        meta = self.scan.meta
        for key in keys:
            for value in meta.get(key, ()):
                text = clean_text(value)
                if text:
                    return text
        return None


def read_metadata(doc: Document, *, url: str | None = None) -> Metadata:
    """Read a freshly parsed page's metadata. Never raises on odd markup or broken JSON-LD."""
    page = _read_page(doc, url)
    site_name = _site_name(page)
    sites = _site_keys(page, site_name)
    language = _language(page)
    (published, published_source), (modified, modified_source) = _dates(page, language)
    return Metadata(
        title=_title(page, sites),
        authors=_authors(page, sites),
        published=published,
        published_source=published_source,
        modified=modified,
        modified_source=modified_source,
        language=language,
        site_name=site_name,
        description=_description(page),
        canonical_url=_canonical_url(page),
        refresh_to=_refresh_target(page),
    )


def _read_page(doc: Document, url: str | None) -> _Page:
    scan = _Scan()
    previous = -1
    for node in doc.css(SCAN_SELECTOR):
        if node.mem_id == previous:  # a node matching two selectors comes twice in a row
            continue
        previous = node.mem_id
        scan.add(node)
    objects = tuple(_jsonld_objects(scan.scripts))
    ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    article = next(filter(None, (_first_of_type(objects, types) for types in LD_MAIN_TYPES)), None)
    return _Page(doc, url, scan, objects, ids, article)


# ---------------------------------------------------------------------------------------------
# JSON-LD


def _jsonld_objects(scripts: Iterable[str]) -> Iterator[Json]:
    count = 0
    for script in scripts:
        for obj in _flatten(_load_jsonld(script)):
            count += 1
            if count > MAX_JSONLD_OBJECTS:
                return
            yield obj


def _load_jsonld(raw: str) -> Any:
    """The parsed script, or None: huge, empty or invalid scripts are skipped, never raised."""
    if len(raw) > MAX_JSONLD_CHARS:
        return None
    text = raw.strip()
    for opening, closing in (("<!--", "-->"), ("<![CDATA[", "]]>")):
        if text.startswith(opening) and text.endswith(closing):
            text = text[len(opening) : -len(closing)].strip()
    text = text.rstrip(";")
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _flatten(data: Any) -> Iterator[Json]:
    """Typed objects of a script: top level, inside lists, @graph and mainEntity."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@type" in item:
                yield item
            for key in ("@graph", "mainEntity"):
                if isinstance(item.get(key), list | dict):
                    stack.append(item[key])


def _types(obj: Json) -> set[str]:
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if isinstance(name, str)}


def _first_of_type(objects: Iterable[Json], types: frozenset[str]) -> Json | None:
    return next((obj for obj in objects if _types(obj) & types), None)


def _resolve(page: _Page, value: Any) -> Any:
    """Follow a bare {"@id": ...} reference to the object of that id in the page's graph."""
    if isinstance(value, dict) and "@id" in value and "@type" not in value:
        return page.ids.get(str(value["@id"]), value)
    return value


def _ld_string(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(value) if isinstance(value, str) else None


def _ld_value(page: _Page, keys: Iterable[str]) -> str | None:
    if page.article is None:
        return None
    for key in keys:
        text = _ld_string(page.article.get(key))
        if text:
            return text
    return None


# ---------------------------------------------------------------------------------------------
# Text helpers


def clean_text(value: str | None) -> str:
    """Unescape (possibly doubly escaped) entities and collapse white space."""
    if not value:
        return ""
    if "&" in value:
        value = html.unescape(value)
    return _SPACE.sub(" ", tidy(value)).strip()


def _word_count(text: str) -> int:
    """Words of a title; two CJK characters count as one word."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


@lru_cache(maxsize=1024)
def _key(text: str) -> str:
    """A site name's comparison form: "The Washington Post" ~ "washingtonpost"."""
    text = _URL_PREFIX.sub("", text.casefold().strip())
    text = _DOMAIN_SUFFIX.sub("", text).removeprefix("the ")
    return _NOT_ALNUM.sub("", text)


# ---------------------------------------------------------------------------------------------
# Site name, description, canonical URL, language


def _site_name(page: _Page) -> str | None:
    publisher = _resolve(page, page.article.get("publisher")) if page.article else None
    return (
        page.first_meta(SITE_NAME_KEYS)
        or _ld_string(publisher)
        or page.first_meta(APP_NAME_KEYS)
        or None
    )


def _site_keys(page: _Page, site_name: str | None) -> frozenset[str]:
    """Every name the site goes by: og:site_name and its segments, publisher, host."""
    names = [site_name or "", page.first_meta(APP_NAME_KEYS) or ""]
    if page.article is not None:
        names.append(_ld_string(_resolve(page, page.article.get("publisher"))) or "")
    names.extend(TITLE_SEPARATOR.split(site_name or ""))
    names.append(_host_name(page.url))
    return frozenset(key for key in map(_key, names) if len(key) >= 2)


@lru_cache(maxsize=256)
def _host_name(url: str | None) -> str:
    """The name part of a URL's host: "https://www.example.co.uk/a" -> "example"."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # "http://[::1": the caller's URL is checked by extract(); be safe here
        return ""
    labels = host.removeprefix("www.").split(".")
    if len(labels) > 2 and len(labels[-2]) <= 3:  # example.co.uk, example.com.au
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


def _description(page: _Page) -> str | None:
    return page.first_meta(DESCRIPTION_KEYS) or _ld_value(page, ("description",))


def _canonical_url(page: _Page) -> str | None:
    """<link rel=canonical>, else og:url, resolved against the page's URL. A URL the page
    gets wrong ("http://[::1", an invalid IPv6 literal) is ignored, never fatal."""
    og_url = page.first_meta(("og:url",))
    for href in (*page.scan.canonical, *([og_url] if og_url else [])):
        resolved = _http_url(page.url, href)
        if resolved:
            return resolved
    return None


MAX_REFRESH_SECONDS = 10
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*))?", re.I)


def _refresh_target(page: _Page) -> str | None:
    """The URL a ``<meta http-equiv="refresh" content="0; url=...">`` sends the reader to
    within a few seconds (a page that merely reloads itself has none)."""
    for value in page.metas("refresh"):
        match = _REFRESH.match(value)
        if match and match.group(2) and float(match.group(1)) <= MAX_REFRESH_SECONDS:
            return _http_url(page.url, match.group(2).strip()) or match.group(2).strip()
    return None


def _http_url(base: str | None, href: str) -> str | None:
    try:
        value = urljoin(base or "", href)
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _language(page: _Page) -> str | None:
    root = page.doc.root
    attrs = root.attributes if root is not None else {}
    candidates = [attrs.get("lang"), attrs.get("xml:lang")]
    candidates.extend(page.first_meta((key,)) for key in LANGUAGE_KEYS)
    candidates.append(_ld_value(page, ("inLanguage",)))
    for candidate in candidates:
        tag = normalise_language(candidate)
        if tag:
            return tag
    return None


def normalise_language(value: str | None) -> str | None:
    """BCP 47 casing: "en_us" -> "en-US", "zh-hans" -> "zh-Hans"; None for garbage."""
    if not value:
        return None
    value = value.split(",")[0].split(";")[0].strip()
    if not LANGUAGE_TAG.match(value):
        return None
    first, *rest = re.split(r"[-_]", value)
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


# ---------------------------------------------------------------------------------------------
# Title


def _title(page: _Page, sites: frozenset[str]) -> str | None:
    for curated in _curated_titles(page, sites):
        if _key(curated) not in sites:  # an og:title that is just the site name is no headline
            return strip_site_name(curated, sites)
    if page.scan.title:
        return clean_document_title(page.scan.title, sites, _headings(page))
    return _single_h1(page)


def _curated_titles(page: _Page, sites: frozenset[str]) -> Iterator[str]:
    ld_title = _ld_title(page, sites)
    if ld_title:
        yield ld_title
    for key in TITLE_KEYS:
        value = page.first_meta((key,))
        if value:
            yield value


def _ld_title(page: _Page, sites: frozenset[str]) -> str | None:
    """headline, or name; when both differ, the one closer to <title> (Readability's rule)."""
    if page.article is None or not _types(page.article) & ARTICLE_TYPES:
        return None
    headline = _ld_string(page.article.get("headline"))
    name = _ld_string(page.article.get("name"))
    if name and _key(name) in sites:
        name = None
    if headline and name and headline != name:
        document_title = page.scan.title or ""
        if _similarity(name, document_title) > _similarity(headline, document_title):
            return name
    return headline or name


def _similarity(text: str, other: str) -> float:
    words = set(text.casefold().split())
    return len(words & set(other.casefold().split())) / len(words) if words else 0.0


def _headings(page: _Page) -> tuple[str, ...]:
    texts = (clean_text(node.text()) for node in page.scan.headings)
    return tuple(text for text in texts if text)


def _single_h1(page: _Page) -> str | None:
    if page.scan.h1_count != 1:
        return None
    h1 = next(node for node in page.scan.headings if node.tag == "h1")
    return clean_text(h1.text()) or None


def _segments(title: str) -> tuple[list[str], list[str]]:
    """A title's segments and the separators between them."""
    parts = TITLE_SEPARATOR.split(title)
    separators = TITLE_SEPARATOR.findall(title)
    return parts, separators


def _join(parts: list[str], separators: list[str]) -> str:
    text = parts[0]
    for separator, part in zip(separators, parts[1:], strict=False):
        text += separator + part
    return text.strip()


def strip_site_name(title: str, sites: frozenset[str]) -> str:
    """Drop site-name segments at either end, unless too little would remain."""
    parts, separators = _segments(title)
    while len(parts) > 1 and _key(parts[-1]) in sites:
        parts, separators = parts[:-1], separators[:-1]
    while len(parts) > 1 and _key(parts[0]) in sites:
        parts, separators = parts[1:], separators[1:]
    stripped = _join(parts, separators)
    return stripped if _word_count(stripped) >= MIN_TITLE_WORDS else title


def clean_document_title(title: str, sites: frozenset[str], headings: tuple[str, ...]) -> str:
    """The <title> element without site name and section trail (after Readability.js)."""
    if title in headings:
        return title
    heading = _heading_segment(title, headings)
    if heading:
        return heading
    stripped = strip_site_name(title, sites)
    if stripped != title:
        return stripped
    if TITLE_SEPARATOR.search(title):
        return _cut_at_separator(title)
    if ": " in title:
        return _cut_at_colon(title)
    if not MIN_TITLE_CHARS <= len(title) <= MAX_TITLE_CHARS:
        return _keep_if_long_enough(_single_heading(headings) or title, title)
    return title


def _heading_segment(title: str, headings: tuple[str, ...]) -> str | None:
    """A heading that is the title minus trailing segments ("Headline | Section | Site").

    Only leading segments count: a trailing one matching a heading is most often the site's
    own name set as the logo's <h1> ("Evolve: Shared Mutable History — evolve extension for
    Mercurial" with <h1>evolve extension for Mercurial</h1>).
    """
    for heading in headings:
        if len(heading) >= len(title) or _word_count(heading) < 2:
            continue
        if title.startswith(heading) and LEADING_SEPARATOR.match(title[len(heading) :]):
            return heading
    return None


def _single_heading(headings: tuple[str, ...]) -> str | None:
    return headings[0] if len(headings) == 1 else None


def _cut_at_separator(title: str) -> str:
    """Drop the last segment, or the first when that leaves too short a title."""
    last = list(TITLE_SEPARATOR.finditer(title))[-1]
    cut = title[: last.start()].strip()
    if _word_count(cut) < MIN_TITLE_WORDS:
        first = TITLE_SEPARATOR.search(title)
        cut = title[first.end() :].strip() if first else title
    return _keep_if_long_enough(cut, title)


def _cut_at_colon(title: str) -> str:
    cut = title[title.rfind(":") + 1 :].strip()
    if _word_count(cut) < MIN_TITLE_WORDS:
        cut = title[title.find(":") + 1 :].strip()
    elif _word_count(title[: title.find(":")]) > SHORT_TITLE_WORDS + 1:
        return title
    return _keep_if_long_enough(cut, title)


def _keep_if_long_enough(cut: str, title: str) -> str:
    """Readability's last check: a cut down to 4 words or fewer keeps the full title unless the
    title had hierarchical separators and lost just one word to them."""
    words = _word_count(cut)
    if words > SHORT_TITLE_WORDS:
        return cut
    hierarchical = bool(HIERARCHICAL_SEPARATOR.search(title))
    if hierarchical and words == _word_count(TITLE_SEPARATOR.sub(" ", title)) - 1:
        return cut
    return title


# ---------------------------------------------------------------------------------------------
# Authors


def _authors(page: _Page, sites: frozenset[str]) -> tuple[str, ...]:
    """Names from the most trusted source that has any person's name. A source naming only
    the site (``<meta name="author" content="The Daily Example">``) is passed over: the
    visible byline may still name a person."""
    for raw_values in _author_sources(page):
        names = [name for name in _names(raw_values, sites) if name != _SITE_AS_AUTHOR]
        if names:
            return tuple(names)
    return ()


def _author_sources(page: _Page) -> Iterator[Iterable[str]]:
    """Groups of raw author values, most trusted first; each byline element is its own group;
    last, a line beside the headline that reads as a byline ("Von Hans Müller")."""
    yield _ld_authors(page)
    for key in AUTHOR_KEYS:
        yield page.metas(key)
    for node in _byline_nodes(page):
        text = _byline_text(node)
        if text:
            yield (text,)
    yield _headline_byline(page)


def _headline_byline(page: _Page) -> Iterator[str]:
    body = page.doc.body
    block = headline_block(body) if body is not None else None
    if block is None:
        return
    for node in block.css(BYLINE_LINES)[:MAX_BYLINE_LINES]:
        text = node.text(separator=" ")
        if len(text) <= MAX_BYLINE_CHARS and byline_names(text) and not in_furniture(node):
            yield text
            return


BYLINE_LINES = "p, span, div, li, em, i, strong, b, small, address, a"
MAX_BYLINE_LINES = 200


def _byline_nodes(page: _Page) -> Iterator[Node]:
    """[rel=author], [itemprop=author], class "byline", class "author": in this order."""
    yield from page.scan.rel_authors[:MAX_BYLINE_NODES]
    yield from page.scan.itemprops.get("author", [])[:MAX_BYLINE_NODES]
    byline: list[Node] = []
    author: list[Node] = []
    for node in page.doc.css(BYLINE_SELECTOR):
        names = node.attributes.get("class") or ""
        if node.tag in _FORM_TAGS or in_furniture(node):
            continue  # a comment's author, the "Name *" label of a comment form
        if BYLINE_CLASS.search(names):
            byline.append(node)
        elif AUTHOR_CLASS.search(names):
            author.append(node)
    yield from byline[:MAX_BYLINE_NODES]
    yield from author[:MAX_BYLINE_NODES]


def _ld_authors(page: _Page) -> Iterator[str]:
    if page.article is None:
        return
    for key in ("author", "creator"):
        value = page.article.get(key)
        for item in value if isinstance(value, list) else [value]:
            name = _ld_person(_resolve(page, item))
            if name:
                yield name


def _ld_person(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if not isinstance(item, dict) or _types(item) & ORGANISATION_TYPES:
        return None
    name = item.get("name")
    if isinstance(name, str):
        return name
    parts = (item.get("givenName"), item.get("familyName"))
    return " ".join(part for part in parts if isinstance(part, str)) or None


def _byline_text(node: Node) -> str | None:
    if node.tag in CONTAINER_TAGS:  # <body class="author-4326 ...">: no byline, costly text
        return None
    inner = node.css_first("[itemprop~=name i]")
    target = inner if inner is not None else node
    if target.tag == "meta":
        return target.attributes.get("content")
    text = target.text(separator=" ")  # "<b>Author</b><a>Jane Doe</a>" is two words
    return text if len(text) <= MAX_BYLINE_CHARS else None


_SITE_AS_AUTHOR = "\x00site"  # marks a source that named the site as the author


def _names(raw_values: Iterable[str], sites: frozenset[str]) -> list[str]:
    """Distinct person names (case-insensitive) of one source; the site's name is marked."""
    names: list[str] = []
    seen: set[str] = set()
    for raw in raw_values:
        candidates = [raw] if raw and _key(raw) in sites else split_names(raw or "")
        for name in candidates:
            folded = name.casefold()
            if folded in seen:
                continue
            seen.add(folded)
            names.append(_SITE_AS_AUTHOR if _key(name) in sites else name)
    return names


MAX_BYLINE_LINE_CHARS = 100


def byline_names(line: str) -> tuple[str, ...]:
    """The names of a visible byline line ("By Jane Doe", "Von Hans Müller und Eva Roth",
    "Text: Anna Berger"); () for any other line ("By 2030 the city ...", "Von Anfang an")."""
    if len(line) > 2 * MAX_BYLINE_LINE_CHARS:
        return ()  # too long even once its white space is collapsed
    line = " ".join(line.split())
    if not line or len(line) > MAX_BYLINE_LINE_CHARS or not BYLINE_PREFIX.match(line):
        return ()
    return tuple(split_names(line))


def split_names(raw: str) -> list[str]:
    """Person names of a byline: "By A and B", "A, B & C", "Jane Doe, Senior Reporter"."""
    if "&" in raw and ";" in raw:
        raw = html.unescape(raw)
    names: list[str] = []
    for line in raw.splitlines():
        line = line.strip()
        if line:
            _add_names(names, _SPACE.sub(" ", line))
    return names


def _add_names(names: list[str], line: str) -> None:
    line = LAST_FIRST.sub(r"\2 \1", BYLINE_PREFIX.sub("", line))
    if HANDLE.match(line):
        return
    tail = BYLINE_TAIL.search(line)
    if tail:
        line = line[: tail.start()]
    for part in NAME_SPLIT.split(line):
        part = BYLINE_PREFIX.sub("", TRAILING_PARENTHESES.sub("", part).strip(NAME_PUNCTUATION))
        if names and NAME_SUFFIX.match(part):
            names[-1] += ", " + part
        elif is_person_name(part):
            names.append(_written_case(part))


def _written_case(name: str) -> str:
    """Names in their written case; an all-capitals byline ("JANE DOE") gets title case."""
    if name.isupper() and any(char.isalpha() for char in name):
        return " ".join(word.capitalize() if len(word) > 1 else word for word in name.split())
    return name


def is_person_name(text: str) -> bool:
    """Looks like a person's name: a few words, letters first, no URL, handle, digits or job;
    one word is a name only if it is not an agency's code ("SP-X", "Fr", "AP")."""
    if not text or len(text) > MAX_NAME_CHARS or not text[0].isalpha():
        return False
    if any(char.isdigit() or char in "@/:=<>{}*" for char in text) or _DOMAIN_IN.search(text):
        return False
    words = text.split()
    if len(words) > MAX_NAME_WORDS:
        return False
    if len(words) == 1 and (
        len(text) < 3
        or (text.isupper() and len(text) <= 5)
        or _NOT_ALNUM.sub("", text.casefold()) in NOT_ALONE
    ):
        return False
    folded = {part for word in words for part in _NOT_ALNUM.split(word.casefold()) if part}
    if folded & NON_NAME_WORDS:
        return False
    if any(word[0].islower() and word not in NAME_PARTICLES for word in words):
        return False  # "Ad Operations at IAB", "contributors to the project"
    return bool(_CJK.search(text)) or any(word[0].isupper() for word in words)


# ---------------------------------------------------------------------------------------------
# Dates


Dated = tuple[str | None, DateSource | None]
_Sources = Iterable[tuple[DateSource, Callable[[], str | Iterable[str] | None]]]


def _dates(page: _Page, language: str | None) -> tuple[Dated, Dated]:
    """(published, modified), each with where it was found. Structured data first; when it
    has no publication date, the page's visible dateline and the URL (the extractor tries the
    datelines of the article's text after that: ``last_resort_date``)."""
    visible: list[VisibleDates] = []

    def shown() -> VisibleDates:
        if not visible:
            visible.append(visible_dates(page.doc, month_first=_month_first(language)))
        return visible[0]

    structured: list[tuple[DateSource, Callable[[], str | Iterable[str] | None]]] = [
        ("jsonld", lambda: _ld_value(page, LD_PUBLISHED)),
        ("meta", lambda: _meta_dates(page, PUBLISHED_KEYS)),
    ]
    if page.article is not None and _types(page.article) <= MEDIA_TYPES:
        structured.reverse()  # a video's upload date is the page's only when the page says none
    published = _first_date(
        (
            *structured,
            ("time", lambda: _itemprop_date(page, "datepublished")),
            ("time", lambda: _time_element(page)),
            ("text", lambda: shown().published),
            ("meta", lambda: _meta_dates(page, VAGUE_DATE_KEYS)),
            ("url", lambda: url_date(page.url)),
        )
    )
    published = _checked_against_url(published, page.url)
    modified = _first_date(
        (
            ("jsonld", lambda: _ld_value(page, LD_MODIFIED)),
            ("meta", lambda: _meta_dates(page, MODIFIED_KEYS)),
            ("time", lambda: _itemprop_date(page, "datemodified")),
            ("text", lambda: visible[0].modified if visible else None),
        )
    )
    return published, modified


def last_resort_date(
    datelines: list[tuple[str, bool]], blocks: Sequence[str], meta: Metadata, url: str | None
) -> Dated:
    """For a page whose metadata and headline give no date: the first dateline cleaning took
    out of the article's text, else the date the text opens with ("27.1.2022 - Bei der ...");
    more than a day from the date in the URL, the URL's. (htmldate's guess was tried here and
    dropped: on the dev sets it found one right date for two wrong ones, at 5% of the CPU.)"""
    published = next((value for value, updated in datelines if not updated), None)
    published = published or leading_date(blocks, _month_first(meta.language))
    if published is None:
        return None, None
    return _checked_against_url((published, "text"), url)


_WEAK_SOURCES = frozenset({"time", "text"})


def _checked_against_url(found: Dated, url: str | None) -> Dated:
    """A date from the page's weaker sources (a <time>, the visible text) that is
    more than a day from the one in its URL ("/2019/10/22/") gives way to the URL's."""
    value, source = found
    if value is None or source not in _WEAK_SOURCES:
        return found
    in_url = url_date(url)
    if in_url is None:
        return found
    gap = abs((date.fromisoformat(value[:10]) - date.fromisoformat(in_url)).days)
    return (in_url, "url") if gap > 1 else found


def _month_first(language: str | None) -> bool:
    """Whether "04/05/2024" is April 5th: American English; elsewhere the day comes first."""
    if not language or not language.lower().startswith("en"):
        return False
    return language.lower() not in _DAY_FIRST_ENGLISH


_DAY_FIRST_ENGLISH = frozenset({"en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za"})


def _first_date(sources: _Sources) -> Dated:
    for name, source in sources:
        found = source()
        values = [found] if isinstance(found, str) else found or []
        for value in values:
            normalised = normalise_date(value)
            if normalised:
                return normalised, name
    return None, None


def _meta_dates(page: _Page, keys: Iterable[str]) -> Iterator[str]:
    for key in keys:
        yield from page.metas(key)


def _itemprop_date(page: _Page, prop: str) -> Iterator[str]:
    for node in page.scan.itemprops.get(prop, []):
        attrs = node.attributes
        yield attrs.get("datetime") or attrs.get("content") or node.text()


def _time_element(page: _Page) -> Iterator[str]:
    """The first <time datetime> inside <article> or <main>, else the first of the page; never
    one in furniture (the dates of related posts)."""
    node = None
    for time in page.scan.times:
        if in_furniture(time):
            continue
        if _in_article_area(time):
            node = time
            break
        node = node or time
    if node is not None:
        yield node.attributes.get("datetime") or ""


def _in_article_area(node: Node) -> bool:
    parent = node.parent
    for _ in range(MAX_ANCESTORS):
        if parent is None:
            return False
        if parent.tag in ARTICLE_AREA or "articleBody" in (parent.attributes.get("itemprop") or ""):
            return True
        parent = parent.parent
    return False


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 date or zoned date-time; None when the value is not a plausible date."""
    if not value:
        return None
    text = value.strip()[:100]
    for parse in (_parse_iso, _parse_compact, _parse_rfc2822, _parse_month_name):
        result = parse(text)
        if result:
            return result
    return None


def _parse_iso(text: str) -> str | None:
    match = ISO_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    day_only = _date(int(year), int(month), int(day))
    if day_only is None or hour is None or zone is None:
        return day_only
    offset = _offset(zone)
    if offset is None:
        return day_only
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=offset
        )
    except ValueError:
        return day_only
    return _render(moment)


def _offset(zone: str) -> timezone | None:
    if zone.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if zone[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _parse_compact(text: str) -> str | None:
    match = COMPACT_DATE.match(text)
    return _date(*map(int, match.groups())) if match else None


def _parse_rfc2822(text: str) -> str | None:
    if "," not in text[:5] and not re.match(r"^\d{1,2} [A-Za-z]{3} \d{4}", text):
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return _date(moment.year, moment.month, moment.day)
    return _render(moment)


def _parse_month_name(text: str) -> str | None:
    """'March 14, 2025', 'Mar. 14th 2025', '14 March 2025': the date only."""
    match = MONTH_DAY_YEAR.search(text)
    if match:
        month, day, year = match.groups()
        return _month_date(year, month, day)
    match = DAY_MONTH_YEAR.search(text)
    if match:
        day, month, year = match.groups()
        return _month_date(year, month, day)
    return None


def _month_date(year: str, month: str, day: str) -> str | None:
    number = MONTHS.get(month.casefold())
    return _date(int(year), number, int(day)) if number else None


def _date(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _render(moment: datetime) -> str | None:
    """A zoned time to the second; a naive one is never rendered."""
    if moment.tzinfo is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment.isoformat(timespec="seconds")
