"""``make demo``: a bundled site on 127.0.0.1 crawled to out/demo/articles.jsonl."""

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


def test_demo_crawls_the_local_site_to_one_record_per_article_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert demo.main() == 0

    output = tmp_path / "out" / "demo" / "articles.jsonl"
    rejects = tmp_path / "out" / "demo" / "rejects.jsonl"
    assert capsys.readouterr().out.splitlines() == [
        f"output: {output.resolve()}",
        f"rejects: {rejects.resolve()}",
    ]
    articles = [
        Article.model_validate_json(line) for line in output.read_text("utf-8").splitlines()
    ]
    expected = extractable()
    assert len(articles) == len(expected) >= 10
    assert all((a.url or "").startswith("http://127.0.0.1:") for a in articles)
    want = sorted(str(record["title"]) for record in expected if "title" in record)
    got = sorted(a.title or "" for a in articles if a.title in want)
    assert got == want
    refused = [json.loads(line) for line in rejects.read_text("utf-8").splitlines()]
    assert sorted(r["reason"] for r in refused) == ["no_article"] * 3
