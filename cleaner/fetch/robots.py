"""robots.txt: fetched once per site (scheme, host and port), parsed by protego, cached.

What an answer means follows Google's documented handling
(https://developers.google.com/search/docs/crawling-indexing/robots/robots_txt):

* 2xx: the rules apply; only the first 500 KiB are read (Google's limit), cut at the last
  complete line so a cut ``Allow: /news/x`` cannot become ``Allow: /``;
* 4xx (401 and 403 included) and a redirect chain that never ends: there are no rules, so
  everything is allowed;
* 429, 5xx and network errors: the site may be in trouble, so everything is disallowed for
  a short while (``error_ttl``), then robots.txt is asked for again.

Rules are matched against our product token (``cleaner`` of ``cleaner/0.1 (+https://...)``),
not the whole User-Agent header, where words of the contact URL could match other groups.

The cache holds at most ``max_sites`` sites (least recently used dropped first); concurrent
fetches of one site share a single robots.txt request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from cleaner.errors import FetchError, TooManyRedirectsError

__all__ = [
    "ROBOTS_MAX_BYTES",
    "RobotsCache",
    "RobotsResponse",
    "product_token",
    "robots_url",
    "site_of",
]

logger = logging.getLogger(__name__)

#: Google reads the first 500 KiB of a robots.txt and ignores the rest.
ROBOTS_MAX_BYTES = 500 * 1024
#: How long rules are trusted (Google: "generally up to 24 hours").
RULES_TTL = 24 * 3600.0
#: How long a site whose robots.txt could not be fetched (5xx, network) stays disallowed.
ERROR_TTL = 300.0
#: Sites remembered at most.
MAX_SITES = 10_000

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class RobotsResponse:
    """What the fetcher got for a robots.txt: the final status and the body.

    ``truncated`` says the body was cut at the size cap, so its last line may be incomplete.
    """

    status: int
    body: bytes = b""
    truncated: bool = False


#: Fetches a robots.txt URL through the guarded client; raises ``FetchError`` on failure.
FetchRobots = Callable[[str], Awaitable[RobotsResponse]]


@dataclass(frozen=True)
class _Rules:
    """One site's verdict: parsed rules, or allow-all / disallow-all, until ``expires``."""

    parser: Protego | None
    allow_all: bool
    expires: float

    def allowed(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay, or the interval a Request-rate implies, whichever is longer."""
        if self.parser is None:
            return None
        delays = [self.parser.crawl_delay(agent)]
        rate = self.parser.request_rate(agent)
        if rate is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        known = [float(d) for d in delays if d is not None]
        return max(known) if known else None


def product_token(agent: str) -> str:
    """``cleaner`` from ``cleaner/0.1 (+https://example.org)``: what robots groups match."""
    token = agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or agent


def site_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, without user info and default ports."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def robots_url(url: str) -> str:
    """The robots.txt URL that governs ``url``."""
    return f"{site_of(url)}/robots.txt"


class RobotsCache:
    """robots.txt verdicts per site, fetched on first use through ``fetch``.

    ``agent`` is the User-Agent header; its product token is what rules are matched against.
    """

    def __init__(
        self,
        fetch: FetchRobots,
        *,
        agent: str,
        max_sites: int = MAX_SITES,
        ttl: float = RULES_TTL,
        error_ttl: float = ERROR_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._agent = product_token(agent)
        self._max_sites = max_sites
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._clock = clock
        self._sites: OrderedDict[str, _Rules] = OrderedDict()
        self._pending: dict[str, asyncio.Task[_Rules]] = {}

    def __len__(self) -> int:
        return len(self._sites)

    async def allowed(self, url: str, agent: str | None = None) -> bool:
        """Whether robots.txt lets ``agent`` (default: ours) fetch ``url``."""
        rules = await self._rules(url)
        return rules.allowed(url, product_token(agent) if agent else self._agent)

    async def crawl_delay(self, url: str, agent: str | None = None) -> float | None:
        """The Crawl-delay (seconds) of the site of ``url`` for ``agent``, or None."""
        rules = await self._rules(url)
        return rules.crawl_delay(product_token(agent) if agent else self._agent)

    async def sitemaps(self, url: str) -> list[str]:
        """The Sitemap URLs listed in the robots.txt of the site of ``url``."""
        rules = await self._rules(url)
        return list(rules.parser.sitemaps) if rules.parser is not None else []

    async def aclose(self) -> None:
        """Cancel robots.txt requests still running (the client is about to close)."""
        pending = list(self._pending.values())
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _rules(self, url: str) -> _Rules:
        site = site_of(url)
        rules = self._sites.get(site)
        if rules is not None and rules.expires > self._clock():
            self._sites.move_to_end(site)
            return rules
        task = self._pending.get(site)
        if task is None:
            task = asyncio.ensure_future(self._load(site))
            self._pending[site] = task
            task.add_done_callback(lambda _: self._pending.pop(site, None))
        # Shielded: one caller giving up (its own deadline) must not cancel the others' answer.
        return await asyncio.shield(task)

    async def _load(self, site: str) -> _Rules:
        try:
            response = await self._fetch(f"{site}/robots.txt")
        except TooManyRedirectsError:
            rules = self._allow_all()
        except FetchError as exc:
            logger.info("robots.txt of %s unavailable (%s): disallowing for now", site, exc.reason)
            rules = _Rules(None, allow_all=False, expires=self._clock() + self._error_ttl)
        else:
            rules = self._interpret(site, response)
        self._remember(site, rules)
        return rules

    def _interpret(self, site: str, response: RobotsResponse) -> _Rules:
        status = response.status
        if 200 <= status < 300:
            parser = _parse(site, response.body, truncated=response.truncated)
            return _Rules(parser, allow_all=True, expires=self._clock() + self._ttl)
        if status == 429 or status >= 500:
            logger.info("robots.txt of %s answered %d: disallowing for now", site, status)
            return _Rules(None, allow_all=False, expires=self._clock() + self._error_ttl)
        return self._allow_all()

    def _allow_all(self) -> _Rules:
        return _Rules(None, allow_all=True, expires=self._clock() + self._ttl)

    def _remember(self, site: str, rules: _Rules) -> None:
        self._sites[site] = rules
        self._sites.move_to_end(site)
        while len(self._sites) > self._max_sites:
            self._sites.popitem(last=False)


def _parse(site: str, body: bytes, *, truncated: bool) -> Protego | None:
    """Parse the first ``ROBOTS_MAX_BYTES``, cut at a line end; None (allow all) if unparseable."""
    if truncated or len(body) > ROBOTS_MAX_BYTES:
        body = body[:ROBOTS_MAX_BYTES]
        body = body[: body.rfind(b"\n") + 1]
    try:
        return Protego.parse(body.decode("utf-8-sig", "replace"))
    except Exception:  # third-party boundary: a parser bug must not fail every fetch of a site
        logger.warning("robots.txt of %s could not be parsed; allowing all", site, exc_info=True)
        return None
