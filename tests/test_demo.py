"""``make demo``: the bundled fixture pages extracted, offline, to out/demo/articles.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import demo
from cleaner.models import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def extractable() -> list[dict[str, object]]:
    """Expected records of the fixture pages that are articles, in the demo's (sorted) order."""
    pages = sorted(FIXTURES.glob("*.html"))
    expected = [json.loads(p.with_suffix(".expected.json").read_text("utf-8")) for p in pages]
    return [record for record in expected if "error" not in record]


def test_demo_writes_one_record_per_article_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert demo.main() == 0

    output = tmp_path / "out" / "demo" / "articles.jsonl"
    assert capsys.readouterr().out.strip() == f"output: {output.resolve()}"
    articles = [
        Article.model_validate_json(line) for line in output.read_text("utf-8").splitlines()
    ]
    expected = extractable()
    assert len(articles) == len(expected) >= 10
    for article, record in zip(articles, expected, strict=True):
        if "title" in record:
            assert article.title == record["title"]
