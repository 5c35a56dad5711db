"""``rules``: the furniture rules are well-formed data that never name a site."""

from __future__ import annotations

import re

import pytest

from cleaner.extraction import rules
from cleaner.extraction.dom import parse
from cleaner.extraction.rules import ATTRIBUTE_RULES, NAME_RULES, TAG_RULES, Rule

ALL_RULES: tuple[Rule, ...] = TAG_RULES + ATTRIBUTE_RULES + NAME_RULES
PATTERNS = {
    name: getattr(rules, name) for name in ("OK_MAYBE", "POSITIVE", "NEGATIVE", "BYLINE", "SHARE")
}
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


def test_only_name_rules_are_relaxable() -> None:
    assert all(rule.relaxable for rule in NAME_RULES)
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


def test_name_vocabularies_have_no_dots() -> None:
    for rule in NAME_RULES:
        if rule.names is not None:
            words = rule.names.pattern.replace("\\", "").split("|")
        else:  # a vocabulary spelled as CSS substring selectors: [class*="word" i]
            words = re.findall(r'\*="([^"]+)"', rule.selector)
        assert len(words) > 10, "a name rule should carry a vocabulary of furniture words"
        assert not [word for word in words if "." in word]
        assert not [word for word in words if _DOMAIN.search(word)]


def test_domain_check_would_catch_a_site_name() -> None:
    assert _DOMAIN.search('[class*="example.com" i]') is not None
