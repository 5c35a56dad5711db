"""ExecutorExtraction: the pipeline over a plugged-in ``concurrent.futures.Executor``.

The same promises as the default worker pool (``tests/test_workers.py``): a budget per page,
a crash blamed on the page that causes it (pages waiting behind stuck workers: in
``tests/test_pipeline.py``, for both). Run through ``Pipeline(executor_factory=...)`` with the
helpers of ``tests/test_pipeline.py``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_pipeline import (
    ARTICLE_PAGE,
    FIXTURE_PAGES,
    START,
    Page,
    kinds,
    misbehave,
    run,
    settings,
    variant,
)


def process_pool(workers: int) -> Callable[[], Executor]:
    return lambda: ProcessPoolExecutor(workers, mp_context=START)


def counting(factory: Callable[[], Executor]) -> tuple[Callable[[], Executor], list[Executor]]:
    made: list[Executor] = []

    def make() -> Executor:
        made.append(factory())
        return made[-1]

    return make, made


def test_an_overrun_replaces_the_worker_and_later_pages_still_extract(tmp_path: Path) -> None:
    # Budget 2 s. Two pages hang two of three workers. 0.8 s after they start, the third worker
    # takes a page that hangs only on its first attempt: it is in flight when the pool is killed
    # for the other two, and resubmitted with the rest of its budget it extracts. Six more pages
    # are fetched after the kill.
    responses: dict[str, Page | BaseException] = {}
    stuck = [tmp_path / "stuck-0", tmp_path / "stuck-1"]
    for number, mark in enumerate(stuck):
        url = f"https://example.com/stuck/{number}"
        responses[url] = variant(ARTICLE_PAGE, url, f"started:{mark}", "sleep:60")
    first_attempt = tmp_path / "first-attempt"
    in_flight = "https://example.com/in-flight"
    responses[in_flight] = variant(ARTICLE_PAGE, in_flight, f"stuck-once:{first_attempt}")
    later = [f"https://example.com/later/{n}" for n in range(6)]
    for url in later:
        responses[url] = variant(ARTICLE_PAGE, url)
    gates = {in_flight: stuck} | {url: [first_attempt] for url in later}
    delays = {in_flight: 0.8} | {url: 1.8 for url in later}
    factory, made = counting(lambda: ProcessPoolExecutor(3, mp_context=START))

    report, sink = run(
        responses,
        config=settings(workers=3, timeout=2.0),
        extractor=misbehave,
        executor_factory=factory,
        delays=delays,
        gates=gates,
    )

    assert len(sink.outcomes) == len(responses)
    result = kinds(sink)
    assert result["https://example.com/stuck/0"] == ("failed", "extract_timeout")
    assert result["https://example.com/stuck/1"] == ("failed", "extract_timeout")
    assert first_attempt.exists()  # the first attempt ran ...
    assert result[in_flight] == ("extracted", "")  # ... and the second one extracted
    assert all(result[url] == ("extracted", "") for url in later)
    assert len(made) == 2  # one pool killed for both stuck pages, one replacement
    assert report.failed == {"extract_timeout": 2}


def test_a_thread_pool_works_too() -> None:
    responses: dict[str, Page | BaseException] = {page.url: page for page, _ in FIXTURE_PAGES}
    report, sink = run(responses, executor_factory=lambda: ThreadPoolExecutor(2))
    assert len(sink.outcomes) == len(FIXTURE_PAGES)
    assert report.extracted == sum(error is None for _, error in FIXTURE_PAGES)


def test_a_thread_pool_overrun_is_abandoned_and_replaced() -> None:
    slow = "https://example.com/slow"
    responses: dict[str, Page | BaseException] = {slow: variant(ARTICLE_PAGE, slow, "sleep:0.6")}
    for number in range(3):
        url = f"https://example.com/quick/{number}"
        responses[url] = variant(ARTICLE_PAGE, url)
    factory, made = counting(lambda: ThreadPoolExecutor(2))
    report, sink = run(
        responses,
        config=settings(workers=2, timeout=0.2),
        extractor=misbehave,
        executor_factory=factory,
        delays={url: 0.4 for url in responses if url != slow},  # after the overrun
    )
    assert kinds(sink)[slow] == ("failed", "extract_timeout")
    assert report.extracted == 3
    assert len(made) >= 2


def test_a_crash_in_a_process_pool_is_blamed_on_its_page_alone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crash = "https://example.com/crash"
    responses: dict[str, Page | BaseException] = {crash: variant(ARTICLE_PAGE, crash, "crash")}
    for number in range(5):
        url = f"https://example.com/fine/{number}"
        # Slow enough that other pages are in flight when the crash breaks the pool.
        responses[url] = variant(ARTICLE_PAGE, url, "sleep:0.2")
    factory, made = counting(process_pool(2))
    with caplog.at_level(logging.WARNING, logger="cleaner.executors"):
        _, sink = run(
            responses,
            config=settings(workers=2, timeout=10),
            extractor=misbehave,
            executor_factory=factory,
        )
    result = kinds(sink)
    assert Counter(result.values()) == {("extracted", ""): 5, ("failed", "worker_crash"): 1}
    assert result[crash] == ("failed", "worker_crash")
    assert "killed its worker" in caplog.text
    assert len(made) >= 3  # the broken pool, its replacement, the lane that tries pages alone
