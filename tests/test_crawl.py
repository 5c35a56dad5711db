"""``cleaner crawl`` end to end, against the bundled site on 127.0.0.1 (nothing leaves it)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.cli import _parser
from cleaner.crawl import settings_from_args
from cleaner.demo_site import serve
from cleaner.models import Article

ARTICLE_PAGES = 15  # fixtures/*.html minus the three that are not articles


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve() as base:
        yield base


def crawl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "crawl", "--no-progress", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def articles(path: Path) -> list[Article]:
    return [Article.model_validate_json(line) for line in path.read_text("utf-8").splitlines()]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_feed_crawl_writes_every_article_and_reports_the_rest(site: str, tmp_path: Path) -> None:
    out, rejects = tmp_path / "a.jsonl", tmp_path / "rejects.jsonl"
    done = crawl(
        "--feed",
        f"{site}/feed.xml",
        "--allow-private",
        "--delay",
        "0",
        "-o",
        str(out),
        "--rejects",
        str(rejects),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # records go to -o; the summary goes to stderr
    assert len(articles(out)) == ARTICLE_PAGES
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert reasons == ["no_article"] * 3
    assert "extracted  15" in done.stderr


def test_urls_from_stdin_and_a_failure_gives_exit_code_1(site: str, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    urls = f"{site}/news/div-soup.html\nhttp://127.0.0.1:{closed_port()}/gone\n"
    # --no-robots: an unreachable host's robots.txt would turn the failure into a robots skip
    done = crawl(
        "--urls",
        "-",
        "--allow-private",
        "--no-robots",
        "--retries",
        "0",
        "-o",
        str(out),
        stdin=urls,
    )
    assert done.returncode == 1
    assert len(articles(out)) == 1
    assert "connect" in done.stderr


def test_private_addresses_are_refused_without_the_opt_in(site: str, tmp_path: Path) -> None:
    out, rejects = tmp_path / "a.jsonl", tmp_path / "r.jsonl"
    done = crawl(f"{site}/news/div-soup.html", "-o", str(out), "--rejects", str(rejects))
    assert done.returncode == 0  # refused by policy: skipped, not failed
    assert out.read_text() == ""
    assert json.loads(rejects.read_text())["reason"] == "blocked"


def test_resume_skips_what_is_already_written(site: str, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    page = f"{site}/news/div-soup.html"
    assert crawl(page, "--allow-private", "-o", str(out)).returncode == 0
    again = crawl(page, "--allow-private", "--resume", "-o", str(out))
    assert again.returncode == 0
    assert len(articles(out)) == 1


def test_resume_after_redirects_writes_nothing_twice(site: str, tmp_path: Path) -> None:
    # The share link redirects to the story: the record carries the story's URL, which is
    # what --resume reads back; the share link must not be fetched into a second record.
    out = tmp_path / "a.jsonl"
    short, story = f"{site}/s/div-soup", f"{site}/news/div-soup.html"
    assert crawl(short, "--allow-private", "-o", str(out)).returncode == 0
    assert [a.url for a in articles(out)] == [story]
    again = crawl(short, story, "--allow-private", "--resume", "-o", str(out))
    assert again.returncode == 0
    assert len(articles(out)) == 1
    assert "duplicate 1" in again.stderr


def test_a_crawl_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    done = crawl("-o", str(tmp_path / "a.jsonl"))
    assert done.returncode == 2
    assert "needs URLs" in done.stderr


def test_flags_become_settings() -> None:
    args = _parser().parse_args(
        [
            "crawl",
            "https://example.com/",
            "-o",
            "x.jsonl",
            "--concurrency",
            "4",
            "--per-host",
            "2",
            "--delay",
            "0.5",
            "--timeout",
            "9",
            "--max-size",
            "1000",
            "--retries",
            "1",
            "--user-agent",
            "bot/1",
            "--no-robots",
            "--workers",
            "3",
            "--extract-timeout",
            "5",
        ]
    )
    settings = settings_from_args(args)
    fetch, pipeline = settings.fetch, settings.pipeline
    assert (fetch.concurrency, fetch.per_host_concurrency, fetch.per_host_delay) == (4, 2, 0.5)
    assert (fetch.deadline, fetch.max_body_bytes, fetch.max_attempts) == (9, 1000, 2)
    assert (fetch.agent, fetch.robots, fetch.allow_private) == ("bot/1", False, False)
    assert (pipeline.workers, pipeline.extract_timeout) == (3, 5)
