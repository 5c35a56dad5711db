"""Fixture pages in, expected records out: one case per ``fixtures/<name>.expected.json``.

Each hand-written page stands for one real layout (semantic HTML5, div soup, a newsletter box
mid-body, a trending list before the article, ...). ``fixtures/README.md`` documents the record
format. The first tests check the fixtures themselves, so that a typo in an expectation fails
loudly instead of making a check vacuous; the last one runs the extractor.
"""

from __future__ import annotations

import codecs
import difflib
import importlib.util
import json
import re
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cleaner.errors import CleanerError
from cleaner.models import Article

FIXTURES = Path(__file__).parents[1] / "fixtures"
SUFFIX = ".expected.json"
EXPECTED = sorted(FIXTURES.glob(f"*{SUFFIX}"))

METADATA_KEYS = (
    "title",
    "authors",
    "published",
    "modified",
    "language",
    "site_name",
    "description",
    "canonical_url",
)
ARTICLE_KEYS = frozenset({"url", "blocks", "absent", *METADATA_KEYS})
ARTICLE_REQUIRED = frozenset({"url", "blocks", "absent"})
ERROR_KEYS = frozenset({"url", "error"})

# As cleaner.models: a date, or a date-time with a time zone.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")
_BCP47 = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_CHARSET = re.compile(rb"""charset=["']?([\w.:-]+)""", re.IGNORECASE)
_HIDDEN = frozenset({"script", "style", "title", "template"})


def _name(path: Path) -> str:
    return path.name.removesuffix(SUFFIX)


def _load(path: Path) -> dict[str, Any]:
    try:
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path.name}: {error}") from error
    return record


def _page(path: Path) -> Path:
    return path.with_name(_name(path) + ".html")


def _error_codes(cls: type[CleanerError] = CleanerError) -> frozenset[str]:
    codes = {cls.code}
    for sub in cls.__subclasses__():
        codes |= _error_codes(sub)
    return frozenset(codes)


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_make_encoded", FIXTURES / "_make_encoded.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARTICLES = [path for path in EXPECTED if "error" not in _load(path)]
MAKE_ENCODED = _load_generator()
ENCODED: dict[str, str] = MAKE_ENCODED.CODECS


# --- the records themselves -------------------------------------------------------------------


def _is_clean_text(value: object) -> bool:
    """A non-empty, single-line string with white space already collapsed."""
    return isinstance(value, str) and value != "" and value == " ".join(value.split())


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(_is_clean_text(item) for item in value)


def _optional(check: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda value: value is None or check(value)


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


_VALID: dict[str, Callable[[object], bool]] = {
    "url": lambda value: isinstance(value, str) and value.startswith(("https://", "http://")),
    "error": lambda value: value in _error_codes(),
    "blocks": lambda value: _is_text_list(value) and bool(value),
    "absent": lambda value: _is_text_list(value) and bool(value),
    "authors": _is_text_list,
    "title": _optional(_is_clean_text),
    "site_name": _optional(_is_clean_text),
    "description": _optional(_is_clean_text),
    "canonical_url": _optional(_is_clean_text),
    "published": _optional(_matches(_ISO_DATE)),
    "modified": _optional(_matches(_ISO_DATE)),
    "language": _optional(_matches(_BCP47)),
}


def _record_problems(record: dict[str, Any]) -> list[str]:
    allowed, required = (
        (ERROR_KEYS, ERROR_KEYS) if "error" in record else (ARTICLE_KEYS, ARTICLE_REQUIRED)
    )
    problems = [f"unknown key {key!r}" for key in sorted(record.keys() - allowed)]
    problems += [f"missing key {key!r}" for key in sorted(required - record.keys())]
    problems += [
        f"bad value for {key!r}: {record[key]!r}"
        for key in sorted(record.keys() & allowed)
        if not _VALID[key](record[key])
    ]
    return problems


class _VisibleText(HTMLParser):
    """The text a reader could see: character data outside <script>, <style> and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _HIDDEN

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:2048])
    return match.group(1).decode("ascii") if match else None


def _visible_text(data: bytes) -> str:
    parser = _VisibleText()
    parser.feed(data.decode(_declared_charset(data) or "utf-8"))
    parser.close()
    return " ".join("".join(parser.parts).split())


def test_every_page_has_an_expected_record_and_every_record_a_page() -> None:
    pages = {path.name.removesuffix(".html") for path in FIXTURES.glob("*.html")}
    records = {_name(path) for path in EXPECTED}
    assert records, f"no {SUFFIX} files in {FIXTURES}"
    assert pages == records, f"pages only: {pages - records}, records only: {records - pages}"


@pytest.mark.parametrize("path", EXPECTED, ids=_name)
def test_expected_record_is_well_formed(path: Path) -> None:
    problems = _record_problems(_load(path))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ARTICLES, ids=_name)
def test_expected_blocks_and_absent_strings_are_text_of_the_page(path: Path) -> None:
    record = _load(path)
    page = _visible_text(_page(path).read_bytes())
    expected_text = "\n\n".join(record["blocks"])
    problems = [
        f"block not in the page: {block!r}" for block in record["blocks"] if block not in page
    ]
    problems += [f"absent string not in the page: {s!r}" for s in record["absent"] if s not in page]
    problems += [
        f"absent string inside the expected text: {s!r}"
        for s in record["absent"]
        if s in expected_text
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_encoded_fixture_is_not_utf8_but_its_declared_charset(name: str) -> None:
    data = (FIXTURES / f"{name}.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    declared = _declared_charset(data)
    assert declared is not None, "no charset declared in <head>"
    assert codecs.lookup(declared).name == codecs.lookup(ENCODED[name]).name
    data.decode(declared)  # strict: every byte is valid in the declared charset


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_encoded_fixture_is_what_its_generator_makes(name: str) -> None:
    data = (FIXTURES / f"{name}.html").read_bytes()
    assert data == MAKE_ENCODED.render(name), "run: python fixtures/_make_encoded.py"


# --- the extractor ----------------------------------------------------------------------------


def _diff(expected: str, extracted: str) -> str:
    lines = difflib.unified_diff(
        expected.split("\n\n"), extracted.split("\n\n"), "expected", "extracted", lineterm="", n=1
    )
    return "\n".join(lines)


def _same_date(expected: str | None, extracted: str | None) -> bool:
    """A date stays a date; a time must be the same instant in the same UTC offset."""
    if expected is None or extracted is None or "T" not in expected or "T" not in extracted:
        return expected == extracted
    want, got = datetime.fromisoformat(expected), datetime.fromisoformat(extracted)
    return want == got and want.utcoffset() == got.utcoffset()


def _same(key: str, expected: Any, extracted: Any) -> bool:
    if key == "authors":
        return bool(list(extracted) == expected)
    if key in {"published", "modified"}:
        return _same_date(expected, extracted)
    return bool(expected == extracted)


def _article_problems(article: Article, record: dict[str, Any]) -> list[str]:
    problems = []
    expected_text = "\n\n".join(record["blocks"])
    if article.text != expected_text:
        problems.append(
            "text differs (one block per line; - expected, + extracted):\n"
            + _diff(expected_text, article.text)
        )
    if article.url != record["url"]:
        problems.append(f"url: expected {record['url']!r}, got {article.url!r}")
    problems += [
        f"{key}: expected {record[key]!r}, got {getattr(article, key)!r}"
        for key in METADATA_KEYS
        if key in record and not _same(key, record[key], getattr(article, key))
    ]
    leaked = [s for s in record["absent"] if s in article.text]
    if leaked:
        problems.append("furniture in the text: " + ", ".join(map(repr, leaked)))
    return problems


@pytest.mark.parametrize("path", EXPECTED, ids=_name)
def test_fixture_page_extracts_to_its_expected_record(path: Path) -> None:
    # Imported here rather than at the top, so that the checks of the fixtures above run
    # (and pass) on their own while the extractor is being written or is broken.
    from cleaner.extraction import extract

    record = _load(path)
    data = _page(path).read_bytes()
    if "error" not in record:
        problems = _article_problems(extract(data, url=record["url"]), record)
        assert not problems, "\n\n".join(problems)
        return
    try:
        article = extract(data, url=record["url"])
    except CleanerError as error:
        assert error.code == record["error"], f"{type(error).__name__} ({error.code}): {error}"
    else:
        pytest.fail(f"expected CleanerError {record['error']!r}; got text:\n{article.text[:600]}")
