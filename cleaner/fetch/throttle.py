"""Politeness: a global limit on requests in flight, and per-host slots.

A crawler that is fast for us is a small denial of service for a news site, so every request
takes a slot first (as Scrapy's download slots):

* at most ``concurrency`` requests in flight across all hosts;
* at most ``per_host_concurrency`` in flight per host;
* ``per_host_delay`` seconds between the *starts* of two requests to one host, raised by a
  robots.txt ``Crawl-delay`` (capped: a ``Crawl-delay: 86400`` must not park a run for a day);
* a ``Retry-After`` answer (seconds or an HTTP date) pushes the host's next start, capped by
  ``retry_after_max``.

Order matters: a request waits for its host first and only then for a global permit, so a
request sleeping out a host's delay never holds a permit another host could use.

Memory stays bounded on a crawl of millions of hosts: the state of idle hosts whose delay has
passed is forgotten, oldest first, beyond ``max_hosts`` (forgetting such a host changes
nothing, since its next request could start at once anyway).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from cleaner.settings import FetchSettings

__all__ = ["MAX_CRAWL_DELAY", "Throttle", "parse_retry_after"]

logger = logging.getLogger(__name__)

#: The longest robots.txt Crawl-delay honoured, in seconds. Sites write values such as 3600
#: meaning "go away"; beyond this cap a fetch would wait longer than any deadline allows.
MAX_CRAWL_DELAY = 30.0
#: Hosts remembered at most (idle ones beyond it are forgotten, least recently used first).
MAX_HOSTS = 4096


@dataclass
class _Host:
    """What the throttle knows about one host."""

    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    users: int = 0  # requests holding or waiting for a slot; a host in use is never forgotten


class Throttle:
    """Global and per-host request slots; one instance is shared by every fetch of a run.

    ``clock`` must tick like ``asyncio.sleep`` (the event loop's clock is ``time.monotonic``);
    tests may pass another.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        max_hosts: int = MAX_HOSTS,
        max_crawl_delay: float = MAX_CRAWL_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings or FetchSettings()
        self._global = asyncio.Semaphore(self._settings.concurrency)
        self._hosts: OrderedDict[str, _Host] = OrderedDict()
        self._max_hosts = max_hosts
        self._max_crawl_delay = max_crawl_delay
        self._clock = clock

    def __len__(self) -> int:
        """Hosts currently remembered (for tests and stats)."""
        return len(self._hosts)

    @asynccontextmanager
    async def slot(self, host: str, *, crawl_delay: float | None = None) -> AsyncIterator[None]:
        """Hold a slot for one request to ``host`` (``async with throttle.slot(host): ...``).

        ``crawl_delay`` is the host's robots.txt Crawl-delay; it can only raise the delay.
        """
        state = self._host(host.lower())
        if crawl_delay is not None:
            capped = min(crawl_delay, self._max_crawl_delay)
            state.delay = max(self._settings.per_host_delay, capped)
        state.users += 1
        try:
            async with state.slots:
                await self._wait_turn(state)
                async with self._global:
                    yield
        finally:
            state.users -= 1

    def defer(self, host: str, seconds: float) -> float:
        """Push ``host``'s next start ``seconds`` ahead (a Retry-After); returns the wait applied.

        The wait is capped by ``retry_after_max``: a server asking for a week is asking us to
        give up, which the fetcher's deadline then does.
        """
        wait = max(0.0, min(seconds, self._settings.retry_after_max))
        state = self._host(host.lower())
        state.next_start = max(state.next_start, self._clock() + wait)
        logger.debug("host %s deferred by %.2f s", host, wait)
        return wait

    async def _wait_turn(self, state: _Host) -> None:
        """Reserve this request's start time, then sleep until it comes."""
        now = self._clock()
        start = max(now, state.next_start)
        state.next_start = start + state.delay
        if start > now:
            await asyncio.sleep(start - now)

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = _Host(
                slots=asyncio.Semaphore(self._settings.per_host_concurrency),
                delay=self._settings.per_host_delay,
            )
            self._hosts[host] = state
            self._forget_idle()
        else:
            self._hosts.move_to_end(host)
        return state

    def _forget_idle(self) -> None:
        """Drop the least recently used hosts that are idle and past their delay."""
        excess = len(self._hosts) - self._max_hosts
        if excess <= 0:
            return
        now = self._clock()
        idle: list[str] = []
        for name, state in self._hosts.items():
            if state.users == 0 and state.next_start <= now:
                idle.append(name)
                if len(idle) == excess:
                    break
        for name in idle:
            del self._hosts[name]


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date), or None.

    A date in the past means "now" (0); anything unparseable is ignored rather than trusted.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "-0000"
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
