"""Throttle: global and per-host limits, per-host delays, Retry-After, bounded memory."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from cleaner.fetch.throttle import Throttle, parse_retry_after
from cleaner.settings import FetchSettings


def settings(**overrides: Any) -> FetchSettings:
    return FetchSettings(**{"per_host_delay": 0, **overrides})


def run(coro: Awaitable[Any]) -> Any:
    """Run ``coro``; a guard that stopped working must fail the test, not hang it."""

    async def main() -> Any:
        return await asyncio.wait_for(coro, 10)

    return asyncio.run(main())


class InFlight:
    """Counts requests inside their slots and the most at once; records start times."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.starts: list[float] = []

    def request(self, throttle: Throttle, host: str, hold: float = 0.02) -> Awaitable[None]:
        async def one() -> None:
            async with throttle.slot(host):
                self.starts.append(asyncio.get_running_loop().time())
                self.now += 1
                self.most = max(self.most, self.now)
                await asyncio.sleep(hold)
                self.now -= 1

        return one()


def gather(make: Callable[[], list[Awaitable[None]]]) -> None:
    async def main() -> None:
        await asyncio.gather(*make())

    asyncio.run(main())


def test_per_host_concurrency_caps_requests_in_flight_to_one_host() -> None:
    flight = InFlight()

    def make() -> list[Awaitable[None]]:
        throttle = Throttle(settings(per_host_concurrency=2, concurrency=16))
        return [flight.request(throttle, "news.example") for _ in range(8)]

    gather(make)
    assert flight.most == 2


def test_global_concurrency_caps_requests_in_flight_across_hosts() -> None:
    flight = InFlight()

    def make() -> list[Awaitable[None]]:
        throttle = Throttle(settings(concurrency=3, per_host_concurrency=4))
        return [flight.request(throttle, f"site{i}.example") for i in range(12)]

    gather(make)
    assert flight.most == 3


def test_per_host_delay_spaces_the_starts_of_requests_to_a_host() -> None:
    flight = InFlight()

    def make() -> list[Awaitable[None]]:
        throttle = Throttle(settings(per_host_delay=0.1, per_host_concurrency=3))
        return [flight.request(throttle, "news.example", hold=0) for _ in range(3)]

    gather(make)
    gaps = [b - a for a, b in zip(flight.starts, flight.starts[1:], strict=False)]
    assert all(gap >= 0.09 for gap in gaps), gaps


def test_a_host_waiting_out_its_delay_does_not_hold_up_other_hosts() -> None:
    flight = InFlight()

    def make() -> list[Awaitable[None]]:
        throttle = Throttle(settings(per_host_delay=5, concurrency=1))
        return [
            flight.request(throttle, "slow.example", hold=0),
            flight.request(throttle, "slow.example", hold=0),  # waits 5 s: cancelled below
            flight.request(throttle, "other.example", hold=0),
        ]

    async def main() -> None:
        tasks = [asyncio.ensure_future(c) for c in make()]
        await asyncio.wait([tasks[0], tasks[2]], timeout=2)
        assert len(flight.starts) == 2  # slow.example once, other.example without waiting
        tasks[1].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(main())


def test_crawl_delay_raises_the_host_delay_up_to_the_cap(bad_inputs: Any) -> None:
    bad_inputs.tried()  # "Crawl-delay: 86400"
    flight = InFlight()

    async def main() -> None:
        throttle = Throttle(settings(per_host_delay=0), max_crawl_delay=0.15)
        for _ in range(3):
            async with throttle.slot("news.example", crawl_delay=86400):
                flight.starts.append(asyncio.get_running_loop().time())

    run(main())
    gaps = [b - a for a, b in zip(flight.starts, flight.starts[1:], strict=False)]
    assert all(0.14 <= gap < 5 for gap in gaps), gaps


def test_retry_after_pushes_the_next_slot_of_the_host_up_to_the_cap(bad_inputs: Any) -> None:
    bad_inputs.tried()  # "Retry-After: 3600"

    async def main() -> tuple[float, float]:
        throttle = Throttle(settings(retry_after_max=0.2))
        assert throttle.defer("news.example", 3600) == 0.2
        loop = asyncio.get_running_loop()
        began = loop.time()
        async with throttle.slot("news.example"):
            waited = loop.time() - began
        began = loop.time()
        async with throttle.slot("other.example"):
            other = loop.time() - began
        return waited, other

    waited, other = run(main())
    assert 0.19 <= waited < 5
    assert other < 0.1


def test_idle_hosts_are_forgotten_beyond_the_cap(bad_inputs: Any) -> None:
    bad_inputs.tried(1000)  # a crawl over a thousand hosts

    async def main() -> int:
        throttle = Throttle(settings(), max_hosts=10)
        for i in range(1000):
            async with throttle.slot(f"site{i}.example"):
                pass
        return len(throttle)

    assert run(main()) <= 10


def test_busy_and_deferred_hosts_are_not_forgotten() -> None:
    async def main() -> Throttle:
        throttle = Throttle(settings(), max_hosts=2)
        throttle.defer("deferred.example", 30)
        async with throttle.slot("busy.example"):
            for i in range(5):
                async with throttle.slot(f"site{i}.example"):
                    pass
            return throttle

    throttle = run(main())
    assert {"busy.example", "deferred.example"} <= set(throttle._hosts)


def test_a_cancelled_waiter_gives_its_place_back() -> None:
    async def main() -> None:
        throttle = Throttle(settings(per_host_concurrency=1))
        inside = asyncio.Event()
        release = asyncio.Event()

        async def holder() -> None:
            async with throttle.slot("news.example"):
                inside.set()
                await release.wait()

        async def waiter() -> None:
            async with throttle.slot("news.example"):
                pass

        first = asyncio.ensure_future(holder())
        await inside.wait()
        second = asyncio.ensure_future(waiter())
        await asyncio.sleep(0.01)
        second.cancel()
        release.set()
        await first
        await asyncio.wait_for(waiter(), 1)  # would hang if the cancelled waiter kept a slot

    run(main())


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("0", 0.0), (None, None), ("", None), ("soon", None), ("-5", None)],
)
def test_retry_after_seconds_and_garbage(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_retry_after_http_date() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(30)
    earlier = format_datetime(now - timedelta(days=1), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0
