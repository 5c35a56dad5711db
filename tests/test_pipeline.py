"""The pipeline: N targets in, N outcomes out, whatever fetching and extraction do to them.

A fake fetcher serves fixture pages and raises FetchErrors; ``misbehave`` (module-level so it
pickles into worker processes) sleeps, crashes its process or raises when a page says so.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import pickle
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Literal, Self

import pytest

import cleaner.pipeline
from cleaner.errors import (
    BlockedURLError,
    BodyTooLargeError,
    ConnectError,
    ContentDecodingError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooManyRedirectsError,
)
from cleaner.pipeline import PageFetcher, Pipeline, RunReport, extract_page, fetch_outcome
from cleaner.records import Extracted, Failed, Page, Skipped, Target
from cleaner.settings import ExtractSettings, FetchSettings, PipelineSettings, Settings
from cleaner.sinks import JsonlSink, RejectsSink, existing_urls

Result = Extracted | Skipped | Failed

FIXTURES = Path(__file__).parents[1] / "fixtures"
# As the default pool: not fork (forking a process with threads can deadlock the child), and a
# fork server that has cleaner imported already.
if "forkserver" in multiprocessing.get_all_start_methods():
    START: BaseContext = multiprocessing.get_context("forkserver")
    START.set_forkserver_preload(["cleaner.pipeline"])
else:
    START = multiprocessing.get_context("spawn")


def fixture_pages() -> list[tuple[Page, str | None]]:
    """Every fixture page as fetched, with the error its expectation names (None: an article)."""
    pages = []
    for expected in sorted(FIXTURES.glob("*.expected.json")):
        record = json.loads(expected.read_text(encoding="utf-8"))
        body = expected.with_name(expected.name.replace(".expected.json", ".html")).read_bytes()
        page = Page(url=record["url"], final_url=record["url"], status=200, body=body)
        pages.append((page, record.get("error")))
    return pages


FIXTURE_PAGES = fixture_pages()
ARTICLE_PAGE = next(page for page, error in FIXTURE_PAGES if error is None)


def variant(page: Page, url: str, *markers: str) -> Page:
    """The page under another URL, with marker comments ``misbehave`` reacts to."""
    comments = "".join(f"<!-- {marker} -->" for marker in markers)
    body = page.body.replace(b"</body>", f"{comments}</body>".encode())
    return page.model_copy(update={"url": url, "final_url": url, "body": body})


def misbehave(page: Page, settings: ExtractSettings) -> Result:
    """``extract_page``, unless the page asks to be slow, to hang once, to crash its worker
    (once or always) or to raise."""
    if match := re.search(rb"<!-- started:(\S+) -->", page.body):
        Path(os.fsdecode(match[1])).touch()
    if match := re.search(rb"<!-- sleep:([0-9.]+) -->", page.body):
        time.sleep(float(match[1]))
    if match := re.search(rb"<!-- stuck-once:(\S+) -->", page.body):
        mark = Path(os.fsdecode(match[1]))
        if not mark.exists():  # the first attempt hangs (until its pool is killed)
            mark.touch()
            time.sleep(60)
    if match := re.search(rb"<!-- crash-once:(\S+) -->", page.body):
        mark = Path(os.fsdecode(match[1]))
        if not mark.exists():  # the first attempt kills its worker
            mark.touch()
            os._exit(13)
    if b"<!-- crash -->" in page.body:
        os._exit(13)
    if b"<!-- raise -->" in page.body:
        raise RuntimeError("a bug in the extraction function")
    return extract_page(page, settings)


class FakeFetcher:
    """Serves pages or raises errors by URL; records how many fetches were in flight at once."""

    def __init__(
        self,
        responses: dict[str, Page | BaseException],
        delays: dict[str, float] | None = None,
        gates: dict[str, list[Path]] | None = None,
    ) -> None:
        self.responses = responses
        self.delays = delays or {}
        self.gates = gates or {}  # a fetch waits for these files to exist, then for its delay
        self.in_flight = 0
        self.most_in_flight = 0

    async def fetch(self, target: Target, *, expect: Literal["html", "any"] = "html") -> Page:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            while not all(path.exists() for path in self.gates.get(target.url, [])):
                await asyncio.sleep(0.01)
            await asyncio.sleep(self.delays.get(target.url, 0.001))
            response = self.responses[target.url]
            if isinstance(response, BaseException):
                raise response
            return response
        finally:
            self.in_flight -= 1


class ListSink:
    """Keeps every outcome it is given."""

    def __init__(self) -> None:
        self.outcomes: list[Result] = []
        self.closed = False

    def write(self, outcome: Result) -> None:
        self.outcomes.append(outcome)

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def by_url(self) -> dict[str, Result]:
        return {outcome.url: outcome for outcome in self.outcomes}


def settings(*, workers: int = 2, timeout: float = 30.0, concurrency: int = 4) -> Settings:
    return Settings(
        fetch=FetchSettings(concurrency=concurrency),
        pipeline=PipelineSettings(workers=workers, extract_timeout=timeout, progress=False),
    )


def run(
    responses: dict[str, Page | BaseException],
    *,
    config: Settings | None = None,
    extractor: Callable[[Page, ExtractSettings], Result] = extract_page,
    executor_factory: Callable[[], Executor] | None = None,
    delays: dict[str, float] | None = None,
    gates: dict[str, list[Path]] | None = None,
    targets: Iterable[Target] | None = None,
) -> tuple[RunReport, ListSink]:
    sink = ListSink()
    pipeline = Pipeline(
        config or settings(),
        fetcher=FakeFetcher(responses, delays, gates),
        executor_factory=executor_factory,
        sinks=[sink],
        extractor=extractor,
    )
    chosen = targets if targets is not None else [Target(url=url) for url in responses]
    report = asyncio.run(pipeline.run(chosen))
    return report, sink


def kinds(sink: ListSink) -> dict[str, tuple[str, str]]:
    return {o.url: (o.kind, "" if isinstance(o, Extracted) else o.reason) for o in sink.outcomes}


# --- extract_page ----------------------------------------------------------------------------


def test_extract_page_pickles_for_worker_processes() -> None:
    assert pickle.loads(pickle.dumps(extract_page)) is extract_page


def test_extract_page_maps_extraction_errors_and_never_raises() -> None:
    base = ExtractSettings()
    nested = b"<html><body>" + b"<div>" * 50 + b"<p>deep</p>" + b"</div>" * 50 + b"</body></html>"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    cases: list[tuple[bytes, ExtractSettings, str, str]] = [
        (ARTICLE_PAGE.body, base, "extracted", ""),
        (FIXTURES.joinpath("no-article.html").read_bytes(), base, "skipped", "no_article"),
        (png, base, "skipped", "not_html"),
        (ARTICLE_PAGE.body, ExtractSettings(max_input_bytes=100), "failed", "too_large"),
        (nested, ExtractSettings(max_depth=10), "failed", "too_deep"),
    ]
    for body, limits, kind, reason in cases:
        outcome = extract_page(ARTICLE_PAGE.model_copy(update={"body": body}), limits)
        assert outcome.kind == kind
        assert outcome.url == ARTICLE_PAGE.url
        assert isinstance(outcome, Extracted) or outcome.reason == reason
    deep = extract_page(ARTICLE_PAGE.model_copy(update={"body": nested}), cases[-1][1])
    assert isinstance(deep, Failed) and "nest" in deep.detail


def test_extract_page_turns_a_bug_into_failed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(cleaner.pipeline, "extract", broken)
    outcome = extract_page(ARTICLE_PAGE, ExtractSettings())
    assert isinstance(outcome, Failed)
    assert (outcome.reason, outcome.detail) == ("error", "ZeroDivisionError: oops")


def test_extract_page_resolves_against_the_final_url() -> None:
    page = ARTICLE_PAGE.model_copy(update={"final_url": "https://moved.example.com/story"})
    outcome = extract_page(page, ExtractSettings())
    assert isinstance(outcome, Extracted)
    assert outcome.url == ARTICLE_PAGE.url  # keyed by the URL asked for
    assert outcome.article.url == "https://moved.example.com/story"


# --- fetch errors ----------------------------------------------------------------------------

FETCH_ERRORS: list[tuple[FetchError, str, str]] = [
    (RobotsDisallowedError("disallowed"), "skipped", "robots"),
    (BlockedURLError("private address"), "skipped", "blocked"),
    (ContentTypeError("application/pdf"), "skipped", "not_html"),
    (FetchTimeoutError("deadline"), "failed", "timeout"),
    (ConnectError("refused"), "failed", "connect"),
    (TooManyRedirectsError("loop"), "failed", "redirects"),
    (HTTPStatusError("404 Not Found", status=404), "failed", "http_status"),
    (BodyTooLargeError("over 10 MiB"), "failed", "too_large"),
    (ContentDecodingError("zstd"), "failed", "decoding"),
    (FetchError("something new"), "failed", "error"),
]


@pytest.mark.parametrize(
    ("error", "kind", "reason"), FETCH_ERRORS, ids=[type(e[0]).__name__ for e in FETCH_ERRORS]
)
def test_fetch_errors_map_to_reasons(error: FetchError, kind: str, reason: str) -> None:
    outcome = fetch_outcome("https://example.com/a", error)
    assert (outcome.kind, outcome.reason) == (kind, reason)
    assert error.reason in outcome.detail


def test_every_input_ends_as_one_outcome_whatever_happens(
    caplog: pytest.LogCaptureFixture,
) -> None:
    responses: dict[str, Page | BaseException] = {}
    expected: dict[str, tuple[str, str]] = {}
    for number, (error, kind, reason) in enumerate(FETCH_ERRORS):
        url = f"https://example.com/fetch-error/{number}"
        responses[url] = error
        expected[url] = (kind, reason)
    responses["https://example.com/bug"] = ValueError("the fetcher has a bug")
    expected["https://example.com/bug"] = ("failed", "error")
    for status, kind, reason in [(304, "skipped", "not_modified"), (410, "failed", "http_status")]:
        url = f"https://example.com/status/{status}"
        responses[url] = ARTICLE_PAGE.model_copy(update={"url": url, "status": status})
        expected[url] = (kind, reason)
    for page, expected_error in FIXTURE_PAGES:
        responses[page.url] = page
        expected[page.url] = ("skipped", "no_article") if expected_error else ("extracted", "")
    for marker, outcome in [
        ("raise", ("failed", "error")),
        ("sleep:60", ("failed", "extract_timeout")),
        ("crash", ("failed", "worker_crash")),
    ]:
        url = f"https://example.com/{marker}"
        responses[url] = variant(ARTICLE_PAGE, url, marker)
        expected[url] = outcome

    with caplog.at_level(logging.ERROR, logger="cleaner"):
        report, sink = run(responses, config=settings(timeout=1.0), extractor=misbehave)

    assert len(sink.outcomes) == len(responses)
    assert kinds(sink) == expected
    bug = sink.by_url()["https://example.com/bug"]
    assert isinstance(bug, Failed) and bug.detail == "ValueError: the fetcher has a bug"
    assert "the fetcher has a bug" in caplog.text
    raised = sink.by_url()["https://example.com/raise"]
    assert isinstance(raised, Failed) and "a bug in the extraction function" in raised.detail
    assert report.inputs == report.outcomes == len(responses)


# --- timeouts and crashes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "executor_factory",
    [None, lambda: ProcessPoolExecutor(2, mp_context=START)],
    ids=["worker-pool", "process-pool-executor"],
)
def test_pages_queued_behind_stuck_workers_are_not_blamed(
    tmp_path: Path, executor_factory: Callable[[], Executor] | None
) -> None:
    # Both workers stuck; the pages fetched next wait (in a worker, in the parent, in the
    # executor's queue), and their budgets must not run while they wait.
    stuck = [f"https://example.com/stuck/{n}" for n in range(2)]
    marks = [tmp_path / "stuck-0", tmp_path / "stuck-1"]
    responses: dict[str, Page | BaseException] = {
        url: variant(ARTICLE_PAGE, url, f"started:{mark}", "sleep:60")
        for url, mark in zip(stuck, marks, strict=True)
    }
    queued = [f"https://example.com/queued/{n}" for n in range(4)]
    for url in queued:
        responses[url] = variant(ARTICLE_PAGE, url)
    report, sink = run(
        responses,
        config=settings(workers=2, timeout=1.0),
        extractor=misbehave,
        executor_factory=executor_factory,
        gates={url: marks for url in queued},
    )
    result = kinds(sink)
    assert [result[url] for url in stuck] == [("failed", "extract_timeout")] * 2
    assert [result[url] for url in queued] == [("extracted", "")] * 4
    assert report.extracted == 4


def test_a_worker_crash_is_recorded_and_the_run_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    crash = "https://example.com/crash"
    responses: dict[str, Page | BaseException] = {crash: variant(ARTICLE_PAGE, crash, "crash")}
    for number in range(5):
        url = f"https://example.com/fine/{number}"
        # Slow enough that other pages are in flight when the crash takes the pool down.
        responses[url] = variant(ARTICLE_PAGE, url, "sleep:0.2")
    with caplog.at_level(logging.WARNING, logger="cleaner"):
        report, sink = run(responses, config=settings(workers=2, timeout=10), extractor=misbehave)
    result = kinds(sink)
    assert len(sink.outcomes) == len(responses)
    assert result[crash] == ("failed", "worker_crash")
    # The pages that shared the dead pool were retried alone: none is blamed for the crash.
    assert Counter(result.values()) == {("extracted", ""): 5, ("failed", "worker_crash"): 1}
    assert "killed its worker" in caplog.text
    assert report.failed == {"worker_crash": 1}


# --- streaming, sinks, report ----------------------------------------------------------------


def test_fetches_in_flight_are_bounded_by_concurrency() -> None:
    responses: dict[str, Page | BaseException] = {
        f"https://example.com/{n}": variant(ARTICLE_PAGE, f"https://example.com/{n}")
        for n in range(30)
    }
    fetcher = FakeFetcher(responses, {url: 0.01 for url in responses})
    pipeline = Pipeline(
        settings(concurrency=3),
        fetcher=fetcher,
        executor_factory=lambda: ThreadPoolExecutor(2),
    )
    report = asyncio.run(pipeline.run(Target(url=url) for url in responses))
    assert fetcher.most_in_flight == 3
    assert report.extracted == 30


def test_async_targets_and_duplicates() -> None:
    url = ARTICLE_PAGE.url

    async def source() -> AsyncIterator[Target]:
        for _ in range(3):
            yield Target(url=url)

    sink = ListSink()
    pipeline = Pipeline(
        settings(),
        fetcher=FakeFetcher({url: ARTICLE_PAGE}),
        executor_factory=lambda: ThreadPoolExecutor(1),
        sinks=[sink],
    )
    report = asyncio.run(pipeline.run(source()))
    assert [o.kind for o in sink.outcomes].count("extracted") == 1
    assert report.skipped == {"duplicate": 2}
    assert report.inputs == 3 and report.fetched == 1


def test_articles_and_rejects_go_to_their_sinks(tmp_path: Path) -> None:
    responses: dict[str, Page | BaseException] = {page.url: page for page, _ in FIXTURE_PAGES}
    responses["https://example.com/robots"] = RobotsDisallowedError("disallowed")
    articles, rejects = tmp_path / "articles.jsonl", tmp_path / "rejects.jsonl"
    with JsonlSink(articles) as article_sink, RejectsSink(rejects) as reject_sink:
        pipeline = Pipeline(
            settings(),
            fetcher=FakeFetcher(responses),
            executor_factory=lambda: ThreadPoolExecutor(2),
            sinks=[article_sink, reject_sink],
        )
        report = asyncio.run(pipeline.run([Target(url=url) for url in responses]))
    written = articles.read_text(encoding="utf-8").splitlines()
    rejected = rejects.read_text(encoding="utf-8").splitlines()
    assert len(written) == report.extracted
    assert len(rejected) == sum(report.skipped.values()) + sum(report.failed.values())
    assert existing_urls(articles) | existing_urls(rejects) == set(responses)


def test_a_failing_sink_stops_the_run_with_its_own_error() -> None:
    class FullDisk(ListSink):
        def write(self, outcome: Result) -> None:
            raise OSError("no space left on device")

    responses: dict[str, Page | BaseException] = {
        f"https://example.com/{n}": variant(ARTICLE_PAGE, f"https://example.com/{n}")
        for n in range(10)
    }
    pipeline = Pipeline(
        settings(),
        fetcher=FakeFetcher(responses),
        executor_factory=lambda: ThreadPoolExecutor(2),
        sinks=[FullDisk()],
    )
    with pytest.raises(OSError, match="no space"):
        asyncio.run(pipeline.run([Target(url=url) for url in responses]))


def test_report_counts_and_summary() -> None:
    responses: dict[str, Page | BaseException] = {page.url: page for page, _ in FIXTURE_PAGES}
    responses["https://example.com/robots"] = RobotsDisallowedError("disallowed")
    responses["https://example.com/timeout"] = FetchTimeoutError("deadline")
    report, _ = run(responses, executor_factory=lambda: ThreadPoolExecutor(2))
    walls = sum(error is not None for _, error in FIXTURE_PAGES)
    assert report.inputs == len(responses)
    assert report.fetched == len(FIXTURE_PAGES)
    assert report.extracted == len(FIXTURE_PAGES) - walls
    assert report.skipped == {"no_article": walls, "robots": 1}
    assert report.failed == {"timeout": 1}
    assert report.elapsed > 0 and report.pages_per_second > 0
    summary = report.summary()
    assert f"{len(responses)} inputs" in summary
    assert f"skipped    {walls + 1} (no_article {walls}, robots 1)" in summary
    assert "failed     1 (timeout 1)" in summary


def test_progress_bar_only_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    responses: dict[str, Page | BaseException] = {ARTICLE_PAGE.url: ARTICLE_PAGE}
    quiet = Settings(pipeline=PipelineSettings(workers=1, progress=None))  # stderr is no tty
    run(responses, config=quiet, executor_factory=lambda: ThreadPoolExecutor(1))
    assert capsys.readouterr().err == ""
    loud = Settings(pipeline=PipelineSettings(workers=1, progress=True))
    run(responses, config=loud, executor_factory=lambda: ThreadPoolExecutor(1))
    captured = capsys.readouterr()
    assert "1/1" in captured.err and captured.out == ""


def test_without_a_fetcher_the_pipeline_opens_its_own() -> None:
    from cleaner.fetch.fetcher import Fetcher

    fetcher: PageFetcher = Fetcher(FetchSettings())  # the real fetcher fits the protocol
    assert fetcher is not None
    # Refused by the address policy before any connection: no network needed.
    urls = ["ftp://example.com/file", "http://127.0.0.1/admin", "http://10.0.0.1/"]
    pipeline = Pipeline(settings(), executor_factory=lambda: ThreadPoolExecutor(1))
    report = asyncio.run(pipeline.run([Target(url=url) for url in urls]))
    assert report.skipped == {"blocked": 3}


def test_outcomes_are_keyed_by_the_target_url() -> None:
    # A fetcher may report the page under another spelling of the URL (normalised, say).
    asked = "https://EXAMPLE.com/story?utm_source=x"
    report, sink = run({asked: ARTICLE_PAGE}, executor_factory=lambda: ThreadPoolExecutor(1))
    assert [outcome.url for outcome in sink.outcomes] == [asked]
    assert report.extracted == 1


def test_two_targets_that_lead_to_one_page_give_one_record() -> None:
    # A share link redirects to the story, which is also a target of its own.
    story = "https://example.com/news/story"
    short = "https://example.com/s/story"
    page = ARTICLE_PAGE.model_copy(update={"url": story, "final_url": story})
    redirected = page.model_copy(update={"url": short})
    report, sink = run({story: page, short: redirected})
    assert sorted(kinds(sink).values()) == [("extracted", ""), ("skipped", "duplicate")]
    duplicate = next(o for o in sink.outcomes if isinstance(o, Skipped))
    assert duplicate.url in (story, short)
    assert report.extracted == 1


def test_a_resumed_run_does_not_write_a_redirected_page_again() -> None:
    story = "https://example.com/news/story"
    short = "https://example.com/s/story"
    redirected = ARTICLE_PAGE.model_copy(update={"url": short, "final_url": story})
    sink = ListSink()
    pipeline = Pipeline(settings(), fetcher=FakeFetcher({short: redirected}), sinks=[sink])
    report = asyncio.run(pipeline.run([Target(url=short)], done=[story]))
    outcome = sink.outcomes[0]
    assert isinstance(outcome, Skipped) and outcome.reason == "duplicate"
    assert outcome.detail == f"it leads to {story}, which was fetched already"
    assert report.extracted == 0
