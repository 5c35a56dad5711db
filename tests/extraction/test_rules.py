"""``rules``: the furniture rules are well-formed data that never name a site."""

from __future__ import annotations

import re

import pytest

from cleaner.extraction import names, rules
from cleaner.extraction.dom import parse
from cleaner.extraction.rules import ATTRIBUTE_RULES, NAME_RULES, TAG_RULES, Rule

ALL_RULES: tuple[Rule, ...] = TAG_RULES + ATTRIBUTE_RULES + NAME_RULES
PATTERNS = {name: getattr(rules, name) for name in ("POSITIVE", "NEGATIVE", "SHARE")}
VOCABULARIES = {name: getattr(names, name) for name in ("HARD", "SOFT", "CONTENT", "LEAD")}
# A host name: a word, a dot, then a top-level domain ("example.com", "news.co.uk").
_DOMAIN = re.compile(r"[a-z0-9-]+\.(?:com|net|org|co|uk|de|ru|fr|io|info|news|tv|us)\b", re.I)


def test_rule_ids_are_unique_and_non_empty() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert all(ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_a_reason(rule: Rule) -> None:
    assert rule.reason.strip()
    assert rule.selector.strip()


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_every_selector_parses_with_selectolax(rule: Rule) -> None:
    body = parse("<html><body><div class='x'><p>text</p></div></body></html>").body
    assert body is not None
    assert isinstance(body.css(rule.selector), list)


def test_div_block_children_selector_parses() -> None:
    body = parse("<html><body><div><p>text</p></div></body></html>").body
    assert body is not None
    assert len(body.css(rules.DIV_BLOCK_CHILDREN)) == 2


def test_only_the_structural_name_rule_is_relaxable() -> None:
    assert [rule.names for rule in NAME_RULES if rule.relaxable] == ["soft"]
    assert [rule.names for rule in NAME_RULES if not rule.relaxable] == ["hard"]
    assert not any(rule.relaxable for rule in TAG_RULES + ATTRIBUTE_RULES)
    assert not any(rule.names for rule in TAG_RULES + ATTRIBUTE_RULES)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_no_selector_names_a_site(rule: Rule) -> None:
    assert _DOMAIN.search(rule.selector) is None
    assert ".com" not in rule.selector.lower()


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_vocabulary_names_a_site(name: str) -> None:
    pattern: re.Pattern[str] = PATTERNS[name]
    # A literal dot in a vocabulary could only be part of a host name.
    assert r"\." not in pattern.pattern
    assert _DOMAIN.search(pattern.pattern.replace("\\", "")) is None


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_name_vocabularies_are_plain_lower_case_words(name: str) -> None:
    words: frozenset[str] = VOCABULARIES[name]
    assert len(words) >= 5
    assert all(re.fullmatch(r"[a-z0-9]+", word) for word in words), "word parts, squashed"


def test_domain_check_would_catch_a_site_name() -> None:
    assert _DOMAIN.search('[class*="example.com" i]') is not None
