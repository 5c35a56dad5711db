"""robots.txt: Google's reading of statuses, the 500 KiB cap, one fetch per site, the cache cap."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from cleaner.errors import (
    ConnectError,
    FetchError,
    FetchTimeoutError,
    RobotsDisallowedError,
    TooManyRedirectsError,
)
from cleaner.fetch.fetcher import Fetcher
from cleaner.fetch.robots import (
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsResponse,
    product_token,
    robots_url,
)
from cleaner.records import Page
from cleaner.settings import FetchSettings
from tests.conftest import BadInputs, Site, bomb, redirect, status, text, typed

AGENT = "cleaner/0.1 (+https://github.com/cleaner-project/cleaner)"


class FakeSite:
    """A robots.txt fetch function that answers from a table and counts its calls."""

    def __init__(self, answer: RobotsResponse | FetchError | None = None) -> None:
        self.answer = answer or RobotsResponse(200, b"User-agent: *\nDisallow: /private/\n")
        self.calls: list[str] = []
        self.delay = 0.0

    async def __call__(self, url: str) -> RobotsResponse:
        self.calls.append(url)
        if self.delay:
            await asyncio.sleep(self.delay)
        if isinstance(self.answer, FetchError):
            raise self.answer
        return self.answer


def run(make: Callable[[], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        return await asyncio.wait_for(make(), 10)

    return asyncio.run(main())


def allowed(fake: FakeSite, url: str = "http://news.example/a", **kwargs: Any) -> bool:
    async def check() -> bool:
        return await RobotsCache(fake, agent=AGENT, **kwargs).allowed(url)

    return bool(run(check))


# --- what an answer means --------------------------------------------------------------------


def test_rules_are_applied_to_our_product_token() -> None:
    rules = b"User-agent: cleaner\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    fake = FakeSite(RobotsResponse(200, rules))
    assert not allowed(fake)
    # A group for a word of our contact URL is not ours.
    fake = FakeSite(RobotsResponse(200, b"User-agent: github\nDisallow: /\n"))
    assert allowed(fake)
    assert product_token(AGENT) == "cleaner"


def test_disallowed_and_allowed_paths() -> None:
    fake = FakeSite()
    assert allowed(fake, "http://news.example/news/1")
    assert not allowed(fake, "http://news.example/private/1")


@pytest.mark.parametrize("code", [401, 403, 404, 410])
def test_a_4xx_robots_txt_allows_everything(code: int, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    assert allowed(FakeSite(RobotsResponse(code)), "http://news.example/private/1")


@pytest.mark.parametrize("code", [429, 500, 503])
def test_a_5xx_or_429_robots_txt_disallows_everything_for_now(
    code: int, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    assert not allowed(FakeSite(RobotsResponse(code)))


def test_a_network_error_disallows_everything_for_now(bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    assert not allowed(FakeSite(ConnectError("reset")))
    assert not allowed(FakeSite(FetchTimeoutError("slow")))


def test_a_robots_txt_redirecting_forever_counts_as_missing(bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    assert allowed(FakeSite(TooManyRedirectsError("loop")))


def test_an_error_verdict_expires_and_robots_txt_is_asked_again(bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    fake = FakeSite(RobotsResponse(503))
    now = [0.0]

    async def check() -> tuple[bool, bool]:
        cache = RobotsCache(fake, agent=AGENT, error_ttl=60, clock=lambda: now[0])
        before = await cache.allowed("http://news.example/a")
        fake.answer = RobotsResponse(404)
        now[0] = 61
        return before, await cache.allowed("http://news.example/a")

    assert run(check) == (False, True)
    assert len(fake.calls) == 2


def test_only_the_first_500_kib_are_read_and_a_cut_line_is_dropped(
    bad_inputs: BadInputs,
) -> None:
    bad_inputs.tried()
    filler = b"# " + b"x" * 1000 + b"\n"
    body = b"User-agent: *\nDisallow: /private/\n" + filler * (ROBOTS_MAX_BYTES // len(filler) + 1)
    # Past the cap: ignored, as Google does.
    fake = FakeSite(RobotsResponse(200, body + b"Disallow: /\n"))
    assert allowed(fake, "http://news.example/news")
    assert not allowed(fake, "http://news.example/private/1")
    # Cut at the cap by the fetcher, "Allow: /news/today" reads "Allow: /", which would win.
    head = body[: ROBOTS_MAX_BYTES - 100]
    cut = head[: head.rfind(b"\n") + 1] + b"Disallow: /\nAllow: /"
    fake = FakeSite(RobotsResponse(200, cut, truncated=True))
    assert not allowed(fake, "http://news.example/news")


def test_crawl_delay_request_rate_and_sitemaps_are_read() -> None:
    rules = (
        b"User-agent: *\nCrawl-delay: 2\nRequest-rate: 1/5\n"
        b"Sitemap: http://news.example/sitemap.xml\n"
    )
    fake = FakeSite(RobotsResponse(200, rules))

    async def read() -> tuple[float | None, list[str]]:
        cache = RobotsCache(fake, agent=AGENT)
        return await cache.crawl_delay("http://news.example/"), await cache.sitemaps(
            "http://news.example/x"
        )

    assert run(read) == (5.0, ["http://news.example/sitemap.xml"])
    assert len(fake.calls) == 1


def test_robots_url_is_per_scheme_host_and_port() -> None:
    assert robots_url("https://User@News.Example:443/a?b#c") == "https://news.example/robots.txt"
    assert robots_url("http://news.example:8080/a") == "http://news.example:8080/robots.txt"
    assert robots_url("http://[::1]:81/") == "http://[::1]:81/robots.txt"


# --- caching ---------------------------------------------------------------------------------


def test_concurrent_fetches_of_a_site_share_one_robots_request() -> None:
    fake = FakeSite()
    fake.delay = 0.05

    async def many() -> list[bool]:
        cache = RobotsCache(fake, agent=AGENT)
        return await asyncio.gather(*(cache.allowed(f"http://news.example/{i}") for i in range(20)))

    assert all(run(many))
    assert fake.calls == ["http://news.example/robots.txt"]


def test_a_caller_giving_up_does_not_cancel_the_shared_request() -> None:
    fake = FakeSite()
    fake.delay = 0.05

    async def scenario() -> bool:
        cache = RobotsCache(fake, agent=AGENT)
        impatient = asyncio.ensure_future(cache.allowed("http://news.example/a"))
        await asyncio.sleep(0.01)
        impatient.cancel()
        return await cache.allowed("http://news.example/b")

    assert run(scenario) is True
    assert len(fake.calls) == 1


def test_the_cache_holds_at_most_max_sites(bad_inputs: BadInputs) -> None:
    bad_inputs.tried(100)  # links to a hundred sites
    fake = FakeSite()

    async def crawl() -> int:
        cache = RobotsCache(fake, agent=AGENT, max_sites=5)
        for i in range(100):
            await cache.allowed(f"http://site{i}.example/")
        return len(cache)

    assert run(crawl) == 5


# --- through the fetcher ---------------------------------------------------------------------


def settings(**overrides: Any) -> FetchSettings:
    values: dict[str, Any] = {
        "allow_addresses": ("127.0.0.1",),
        "robots": True,
        "per_host_delay": 0,
        "deadline": 1,
        "read_timeout": 0.5,
        "max_body_bytes": 100_000,
        "backoff_base": 0.01,
    }
    values.update(overrides)
    return FetchSettings(**values)


def fetch_all(urls: list[str], **overrides: Any) -> list[Page | FetchError]:
    async def main() -> list[Page | FetchError]:
        async with Fetcher(settings(**overrides)) as fetcher:
            results = await asyncio.gather(
                *(fetcher.fetch(url) for url in urls), return_exceptions=True
            )
        for result in results:
            if not isinstance(result, Page | FetchError):
                raise result
        return list(results)  # type: ignore[arg-type]

    return asyncio.run(main())


def test_the_fetcher_obeys_robots_txt_and_asks_for_it_once_per_site(site: Site) -> None:
    urls = [site.url("/page.html"), site.url("/private/1"), site.url("/page.html")]
    page, refused, again = fetch_all(urls)
    assert isinstance(page, Page) and isinstance(again, Page)
    assert isinstance(refused, RobotsDisallowedError)
    assert refused.url == site.url("/private/1")
    assert site.hits["/robots.txt"] == 1
    assert site.hits["/private/1"] == 0


def test_robots_off_means_robots_txt_is_not_asked_for(site: Site) -> None:
    (page,) = fetch_all([site.url("/private/1")], robots=False)
    assert isinstance(page, Page)
    assert site.hits["/robots.txt"] == 0


@pytest.mark.parametrize("code", [403, 404])
def test_a_site_without_robots_txt_is_fetched(code: int, site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = status(code)
    (page,) = fetch_all([site.url("/private/1")])
    assert isinstance(page, Page)


def test_a_failing_robots_txt_stops_the_fetch_without_retries(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = status(503)
    (refused,) = fetch_all([site.url("/page.html")])
    assert isinstance(refused, RobotsDisallowedError)
    assert site.hits["/robots.txt"] == 1
    assert site.hits["/page.html"] == 0


def test_a_robots_txt_that_never_answers_disallows_within_the_deadline(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = site.routes["/hang"]
    began = time.monotonic()
    (refused,) = fetch_all([site.url("/page.html")], read_timeout=5)
    assert isinstance(refused, RobotsDisallowedError)
    assert time.monotonic() - began < 5


def test_a_robots_txt_bomb_is_read_up_to_its_cap(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = typed(bomb("gzip"), "text/plain", **{"Content-Encoding": "gzip"})
    (page,) = fetch_all([site.url("/page.html")])
    assert isinstance(page, Page)  # 500 KiB of NULs hold no rules


def test_a_robots_txt_larger_than_the_cap_keeps_its_first_rules(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = text(b"User-agent: *\nDisallow: /private/\n" + b"#" * 2_000_000)
    page, refused = fetch_all([site.url("/page.html"), site.url("/private/1")])
    assert isinstance(page, Page)
    assert isinstance(refused, RobotsDisallowedError)


def test_a_robots_txt_redirect_loop_allows_everything(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = redirect("/robots.txt")
    (page,) = fetch_all([site.url("/private/1")])
    assert isinstance(page, Page)


def test_a_robots_txt_redirect_to_a_refused_address_disallows(
    site: Site, bad_inputs: BadInputs
) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = redirect(f"http://127.0.0.2:{site.port}/robots.txt")
    (refused,) = fetch_all([site.url("/page.html")])
    assert isinstance(refused, RobotsDisallowedError)


def test_crawl_delay_spaces_requests_to_the_site(site: Site, bad_inputs: BadInputs) -> None:
    bad_inputs.tried()
    site.routes["/robots.txt"] = text(b"User-agent: *\nCrawl-delay: 0.3\n")
    began = time.monotonic()
    results = fetch_all([site.url("/page.html"), site.url("/page.html")])
    assert all(isinstance(result, Page) for result in results)
    # The second page starts at least 0.3 s after the first (0 s without the Crawl-delay).
    assert time.monotonic() - began >= 0.28
