"""The seed texts (``fixtures/seeds``) through ``cleaner.clean_text``: title, body, no clutter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import cleaner

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"

NAMES = sorted(path.name.removesuffix(".txt") for path in SEEDS.glob("*.txt"))
assert len(NAMES) >= 2, f"no seed texts in {SEEDS}"


def load(name: str) -> tuple[str, dict[str, Any]]:
    raw = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return raw, json.loads((SEEDS / f"{name}.expected.json").read_text(encoding="utf-8"))


def expected_blocks(raw: str, expected: dict[str, Any]) -> list[str]:
    """Headings and body paragraphs in the order the seed file has them."""
    lines = [line.strip() for line in raw.splitlines()]
    return sorted([*expected["headings"], *expected["body_paragraphs"]], key=lines.index)


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_gives_the_seed_title_and_body(name: str) -> None:
    raw, expected = load(name)
    article = cleaner.clean_text(raw)
    assert article.title == expected["title"]
    assert article.text == "\n\n".join(expected_blocks(raw, expected))


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_drops_every_clutter_line(name: str) -> None:
    raw, expected = load(name)
    blocks = cleaner.clean_text(raw).text.split("\n\n")
    assert [line for line in expected["clutter_absent"] if line in blocks] == []
