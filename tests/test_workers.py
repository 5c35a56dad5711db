"""WorkerPool: pages out to worker processes and outcomes back, budgets, crashes, the end.

Pages say how to misbehave with marker comments (``tests.test_pipeline.misbehave``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Sequence
from pathlib import Path

import pytest

from cleaner.records import Extracted, ExtractFunction, Failed, Page, Result
from cleaner.settings import PipelineSettings, Settings
from cleaner.workers import WorkerPool
from tests.test_pipeline import ARTICLE_PAGE, misbehave, variant


def pages(count: int, *markers: str, prefix: str = "fine") -> list[Page]:
    return [
        variant(ARTICLE_PAGE, f"https://example.com/{prefix}/{n}", *markers) for n in range(count)
    ]


def extract_all(
    batch: Sequence[Page],
    *,
    workers: int = 2,
    timeout: float = 30.0,
    function: ExtractFunction = misbehave,
) -> tuple[list[Result], int]:
    """Every page's outcome, in order, and how many worker processes were started."""
    settings = Settings(pipeline=PipelineSettings(workers=workers, extract_timeout=timeout))

    async def main() -> tuple[list[Result], int]:
        pool = WorkerPool(function, settings, workers)
        try:
            outcomes = await asyncio.gather(*(pool.extract(page) for page in batch))
        finally:
            started = pool.started
            pool.close(kill=False)
        return list(outcomes), started

    return asyncio.run(main())


def reasons(outcomes: Sequence[Result]) -> list[str]:
    return ["extracted" if isinstance(o, Extracted) else o.reason for o in outcomes]


def test_every_page_comes_back_in_its_own_outcome() -> None:
    batch = pages(12)
    outcomes, started = extract_all(batch)
    assert [o.url for o in outcomes] == [page.url for page in batch]
    assert reasons(outcomes) == ["extracted"] * 12
    assert started == 2


def test_a_page_larger_than_the_socket_buffers_goes_through() -> None:
    # Several MB must be written in pieces as the worker reads (the loop's add_writer path).
    big = ARTICLE_PAGE.body.replace(b"</body>", b"<!-- " + b"x" * 8_000_000 + b" --></body>")
    page = ARTICLE_PAGE.model_copy(update={"body": big})
    outcomes, _ = extract_all([page, *pages(3)])
    assert reasons(outcomes) == ["extracted"] * 4


def test_an_overrun_costs_only_its_own_worker(tmp_path: Path) -> None:
    # Budget 1.5 s. One page hangs; beside it, slow pages run in the other worker and finish
    # in their first attempt (nothing was killed under them); the page queued behind the
    # stuck one in its worker goes to another worker and is not blamed.
    stuck = variant(ARTICLE_PAGE, "https://example.com/stuck", "sleep:60")
    slow = pages(4, "sleep:0.5", prefix="slow")
    outcomes, started = extract_all([stuck, *slow], timeout=1.5)
    assert reasons(outcomes) == ["extract_timeout"] + ["extracted"] * 4
    assert started == 3  # two, and one to replace the killed one
    failed = outcomes[0]
    assert isinstance(failed, Failed) and "1.5 s" in failed.detail


def test_a_page_that_crashes_once_is_retried_and_extracts(tmp_path: Path) -> None:
    once = variant(ARTICLE_PAGE, "https://example.com/once", f"crash-once:{tmp_path / 'mark'}")
    outcomes, started = extract_all([once, *pages(3)])
    assert reasons(outcomes) == ["extracted"] * 4
    assert started == 3


def test_a_page_that_crashes_every_time_is_blamed_alone(caplog: pytest.LogCaptureFixture) -> None:
    crash = variant(ARTICLE_PAGE, "https://example.com/crash", "crash")
    with caplog.at_level(logging.WARNING, logger="cleaner.workers"):
        outcomes, started = extract_all([*pages(3, "sleep:0.2"), crash, *pages(3, prefix="x")])
    assert reasons(outcomes) == ["extracted"] * 3 + ["worker_crash"] + ["extracted"] * 3
    assert started == 4  # two, and one after each of the page's two attempts
    assert "killed its worker process" in caplog.text


def test_a_function_that_raises_costs_one_page(caplog: pytest.LogCaptureFixture) -> None:
    raising = variant(ARTICLE_PAGE, "https://example.com/raise", "raise")
    with caplog.at_level(logging.ERROR, logger="cleaner.workers"):
        outcomes, started = extract_all([raising, *pages(2)])
    assert reasons(outcomes) == ["error", "extracted", "extracted"]
    failed = outcomes[0]
    assert isinstance(failed, Failed)
    assert failed.detail == "RuntimeError: a bug in the extraction function"
    assert "a bug in the extraction function" in caplog.text
    assert started == 2


def test_workers_that_cannot_start_fail_the_pages_instead_of_hanging() -> None:
    # A lambda does not pickle: no worker can be given the function.
    outcomes, _ = extract_all(pages(3), function=lambda page, settings: misbehave(page, settings))
    assert reasons(outcomes) == ["error"] * 3
    assert all("could not start" in o.detail for o in outcomes if isinstance(o, Failed))


def test_no_worker_outlives_the_pool() -> None:
    before = set(multiprocessing.active_children())
    extract_all(pages(4))
    assert set(multiprocessing.active_children()) <= before


def test_cancelled_callers_leave_no_workers_behind(tmp_path: Path) -> None:
    settings = Settings(pipeline=PipelineSettings(workers=2))

    async def main() -> list[Result]:
        pool = WorkerPool(misbehave, settings, 2)
        tasks = [asyncio.create_task(pool.extract(p)) for p in pages(4, "sleep:60")]
        await asyncio.sleep(1.0)
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        pool.close(kill=True)
        return [r for r in results if not isinstance(r, BaseException)]

    before = set(multiprocessing.active_children())
    assert asyncio.run(main()) == []
    assert set(multiprocessing.active_children()) <= before
