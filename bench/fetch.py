"""``python -m bench.fetch`` (``make bench-fetch``): our fetcher against plain aiohttp and httpx.

A local server (``bench.fetch_server``, its own process) serves N ~60 KB article pages. Each
client fetches all of them, ``--laps`` times over, at each concurrency in a fresh process
(``--worker CLIENT``), which measures wall time and its own CPU (``getrusage``: user + system,
all threads) around the fetch loop only: imports, client construction and a warm-up of
2 x concurrency pages are not counted. Every client is driven the same way: ``concurrency``
tasks pulling URLs from one shared list, each reading the whole body. Runs are interleaved
round by round (every client once, then again) so that a busy neighbour on the machine hurts
all of them alike; each figure is the median over ``--repeat`` rounds, and each ratio (CPU
against aiohttp's, pages/s at one concurrency against another) is the median of the ratios
within each round: two clients measured seconds apart see the same neighbours, which medians
taken apart would not. Within a round, the runs a target compares come one after the other
(aiohttp and ours at the lowest concurrency, ours at the highest, aiohttp at the highest).

Why laps: aiohttp fetches 1000 pages in a quarter of a second, and a pass that short measures
the machine's hiccups as much as the client. httpx with its default transport, 10-40 times
slower and the figure no target depends on, runs once per pass and in the first
``REFERENCE_ROUNDS`` rounds only, to keep the bench short.

Clients: ``aiohttp`` (ClientSession, TCPConnector(limit=C)), ``httpx`` (AsyncClient, its
default transport, Limits(C, C)), ``httpx-aiohttp`` (httpx over httpx_aiohttp's transport:
what our fetcher is built on, to tell its own cost from its stack's), ``cleaner``
(``cleaner.fetch.fetcher.Fetcher``, politeness off, every guard on).

Then the pipeline section (``bench.pipeline``): extraction alone against fetch + extract +
write, on the same pages. Examples::

    python -m bench.fetch            # 1000 pages x 3 laps, repeat 5 (pipeline too), C 16 and 64
    python -m bench.fetch --pages 200 --repeat 1 --no-pipeline
    python -m bench.fetch --client cleaner --client aiohttp --concurrency 64 --gzip
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bench import pipeline
from bench.args import positive
from bench.fetch_server import PAGE_BYTES, WorkerError, page_path, run_worker, serving

__all__ = [
    "CLIENTS",
    "Check",
    "Row",
    "Sample",
    "checks",
    "format_checks",
    "format_table",
    "main",
    "paired_ratio",
    "run_order",
    "summarise",
]

CLIENTS = ("aiohttp", "httpx", "httpx-aiohttp", "cleaner")
BASELINE = "aiohttp"
OURS = "cleaner"
CPU_FACTOR_TARGET = 3.5  # our CPU per page at most this many times aiohttp's
SCALING_TARGET = 0.9  # our pages/s at the highest concurrency, as a share of the lowest's
WORKER_TIMEOUT_S = 300
REFERENCE = "httpx"  # shown for reference; slow, so measured in fewer rounds, one lap
REFERENCE_ROUNDS = 3

FetchOne = Callable[[str], Awaitable[int]]  # URL → body length; raises on a bad response


# -- figures (pure) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One timed pass of one client over every page."""

    pages: int
    wall_s: float
    cpu_s: float
    errors: int = 0
    first_error: str | None = None

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_s * 1000 / self.pages if self.pages else 0.0


@dataclass(frozen=True)
class Row:
    """A client at one concurrency: medians over its passes; ``unavailable`` says why not."""

    client: str
    concurrency: int
    pages_per_s: float | None = None
    cpu_ms_per_page: float | None = None
    runs: int = 0
    spread: float | None = None  # (max - min) / median of pages/s over the runs
    rates: tuple[float, ...] = ()  # pages/s in each round, in round order
    cpus: tuple[float, ...] = ()  # CPU ms per page in each round
    errors: int = 0
    first_error: str | None = None
    unavailable: str | None = None


def summarise(client: str, concurrency: int, samples: Sequence[Sample]) -> Row:
    if not samples:
        return Row(client, concurrency, unavailable="no completed run")
    errors = sum(s.errors for s in samples)
    first = next((s.first_error for s in samples if s.first_error), None)
    rates = [s.pages_per_s for s in samples]
    median_rate = statistics.median(rates)
    spread = (max(rates) - min(rates)) / median_rate if len(rates) > 1 and median_rate else None
    return Row(
        client,
        concurrency,
        pages_per_s=median_rate,
        cpu_ms_per_page=statistics.median(s.cpu_ms_per_page for s in samples),
        runs=len(samples),
        spread=spread,
        rates=tuple(rates),
        cpus=tuple(s.cpu_ms_per_page for s in samples),
        errors=errors,
        first_error=first,
    )


def _find(rows: Sequence[Row], client: str, concurrency: int) -> Row | None:
    for row in rows:
        if row.client == client and row.concurrency == concurrency and row.unavailable is None:
            return row
    return None


def paired_ratio(
    ours: Sequence[float], base: Sequence[float], ours_median: float, base_median: float
) -> float:
    """The median of the per-round ratios when both were measured in the same rounds; else
    the ratio of the medians."""
    if len(ours) == len(base) and ours and all(base):
        return statistics.median(a / b for a, b in zip(ours, base, strict=True))
    return ours_median / base_median


def _cpu_ratio(rows: Sequence[Row], row: Row) -> float | None:
    base = _find(rows, BASELINE, row.concurrency)
    if row.cpu_ms_per_page is None or base is None or not base.cpu_ms_per_page:
        return None
    return paired_ratio(row.cpus, base.cpus, row.cpu_ms_per_page, base.cpu_ms_per_page)


def _cell(value: float | None, spec: str, suffix: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{suffix}"


def format_table(rows: Sequence[Row]) -> str:
    """The side-by-side table; the ratio is CPU per page over aiohttp's at the same concurrency.

    ``spread`` is the range of pages/s over the runs, as a share of the median: a busy machine
    shows there first (CPU per page is steadier than wall time).
    """
    head = (
        f"{'client':<14} {'conc':>4} {'pages/s':>8} {'spread':>6} {'CPU ms/page':>11} "
        f"{'CPU vs aiohttp':>14}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        if row.unavailable is not None:
            lines.append(f"{row.client:<14} {row.concurrency:>4}  unavailable: {row.unavailable}")
            continue
        ratio = _cell(_cpu_ratio(rows, row), ".2f", "x")
        spread = _cell(None if row.spread is None else row.spread * 100, ".0f", "%")
        line = (
            f"{row.client:<14} {row.concurrency:>4} {_cell(row.pages_per_s, '.0f'):>8} "
            f"{spread:>6} {_cell(row.cpu_ms_per_page, '.3f'):>11} {ratio:>14}"
        )
        if row.errors:
            line += f"  {row.errors} errors, first: {row.first_error}"
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Check:
    """A target: the measured value against its limit; ``met`` is None when not measured."""

    name: str
    value: float | None
    limit: float
    met: bool | None
    note: str = ""


def _cpu_check(rows: Sequence[Row], concurrency: int) -> Check:
    name = f"cleaner CPU/page ≤ {CPU_FACTOR_TARGET}x aiohttp's at concurrency {concurrency}"
    ours = _find(rows, OURS, concurrency)
    ratio = None if ours is None else _cpu_ratio(rows, ours)
    if ratio is None or ours is None:
        return Check(name, None, CPU_FACTOR_TARGET, None, "not measured")
    return Check(name, ratio, CPU_FACTOR_TARGET, ratio <= CPU_FACTOR_TARGET and not ours.errors)


def _scaling_check(rows: Sequence[Row], low: int, high: int) -> Check:
    name = f"cleaner pages/s at concurrency {high} ≥ {SCALING_TARGET}x at {low}"
    slow, fast = _find(rows, OURS, low), _find(rows, OURS, high)
    if slow is None or fast is None or not slow.pages_per_s or fast.pages_per_s is None:
        return Check(name, None, SCALING_TARGET, None, "not measured")
    share = paired_ratio(fast.rates, slow.rates, fast.pages_per_s, slow.pages_per_s)
    return Check(name, share, SCALING_TARGET, share >= SCALING_TARGET)


def checks(rows: Sequence[Row]) -> list[Check]:
    """The issue's fetch targets, at every concurrency measured (scaling: lowest to highest)."""
    levels = sorted({r.concurrency for r in rows})
    found = [_cpu_check(rows, c) for c in levels]
    if len(levels) > 1:
        found.append(_scaling_check(rows, levels[0], levels[-1]))
    return found


def format_checks(found: Sequence[Check]) -> str:
    lines = ["Targets:"]
    for check in found:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[check.met]
        value = "" if check.value is None else f" ({check.value:.2f})"
        note = f"; {check.note}" if check.note and check.met is not None else ""
        lines.append(f"  {verdict:<12} {check.name}{value}{note}")
    return "\n".join(lines)


# -- the worker: one client, one pass, in this process ----------------------------------------


class Unavailable(Exception):
    """The client cannot be loaded (our fetcher not written yet)."""


def _check(status: int, body: bytes) -> int:
    if status != 200 or not body.rstrip().endswith(b"</html>"):
        raise ValueError(f"status {status}, {len(body)} bytes")
    return len(body)


@asynccontextmanager
async def _aiohttp(concurrency: int) -> AsyncIterator[FetchOne]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def fetch(url: str) -> int:
            async with session.get(url) as response:
                return _check(response.status, await response.read())

        yield fetch


@asynccontextmanager
async def _httpx(concurrency: int, *, over_aiohttp: bool = False) -> AsyncIterator[FetchOne]:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    transport: httpx.AsyncBaseTransport | None = None
    if over_aiohttp:
        from httpx_aiohttp import AiohttpTransport

        transport = AiohttpTransport(limits=limits)
    async with httpx.AsyncClient(limits=limits, transport=transport) as client:

        async def fetch(url: str) -> int:
            response = await client.get(url)
            return _check(response.status_code, response.content)

        yield fetch


def local_fetch_settings(concurrency: int) -> Any:
    """Politeness off, every guard on, only 127.0.0.1 allowed: the bench's fetch settings."""
    from cleaner.settings import FetchSettings

    return FetchSettings(
        concurrency=concurrency,
        per_host_concurrency=concurrency,
        per_host_delay=0,
        robots=False,
        allow_addresses=("127.0.0.1",),
    )


@asynccontextmanager
async def _cleaner(concurrency: int) -> AsyncIterator[FetchOne]:
    try:
        from cleaner.fetch.fetcher import Fetcher
    except ImportError as exc:
        raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
    async with Fetcher(local_fetch_settings(concurrency)) as fetcher:

        async def fetch(url: str) -> int:
            page = await fetcher.fetch(url)
            return _check(page.status, page.body)

        yield fetch


def _client(name: str, concurrency: int) -> AbstractAsyncContextManager[FetchOne]:
    if name == "aiohttp":
        return _aiohttp(concurrency)
    if name == "httpx":
        return _httpx(concurrency)
    if name == "httpx-aiohttp":
        return _httpx(concurrency, over_aiohttp=True)
    return _cleaner(concurrency)


async def _drive(fetch: FetchOne, urls: Sequence[str], concurrency: int) -> tuple[int, str | None]:
    """Fetch every URL with ``concurrency`` tasks; the number of errors and the first one."""
    pending = iter(urls)
    errors: list[str] = []

    async def task() -> None:
        for url in pending:  # shared: each URL is taken by exactly one task
            try:
                await fetch(url)
            except Exception as exc:
                errors.append(f"{url}: {type(exc).__name__}: {exc}"[:200])

    await asyncio.gather(*(task() for _ in range(concurrency)))
    return len(errors), errors[0] if errors else None


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _one_pass(name: str, concurrency: int, urls: Sequence[str]) -> Sample:
    async with _client(name, concurrency) as fetch:
        await _drive(fetch, urls[: 2 * concurrency], concurrency)  # connections, lazy imports
        gc.collect()
        cpu, wall = _cpu_s(), time.perf_counter()
        errors, first = await _drive(fetch, urls, concurrency)
        wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
    return Sample(len(urls), wall, cpu, errors, first)


def _run_worker(args: argparse.Namespace) -> int:
    urls = [f"http://127.0.0.1:{args.port}{page_path(i)}" for i in range(args.pages)] * args.laps
    try:
        sample = asyncio.run(_one_pass(args.worker, args.concurrency[0], urls))
    except Unavailable as exc:
        print(json.dumps({"unavailable": str(exc)}))
        return 0
    print(json.dumps(dataclasses.asdict(sample)))
    return 0


# -- the parent: server, interleaved rounds, report --------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.fetch", description=__doc__.split("\n")[0])
    p.add_argument("--pages", type=positive, default=1000, help="pages per pass")
    p.add_argument("--repeat", type=positive, default=5, help="rounds; figures are medians")
    p.add_argument("--laps", type=positive, default=3, help="times each pass fetches every page")
    p.add_argument("--concurrency", type=positive, action="append", help="default: 16 and 64")
    p.add_argument("--client", action="append", choices=CLIENTS, help="default: all")
    p.add_argument("--size", type=positive, default=PAGE_BYTES, help="bytes per page, ±10 %%")
    p.add_argument("--gzip", action="store_true", help="serve gzip bodies")
    p.add_argument("--no-pipeline", action="store_true", help="skip the pipeline section")
    p.add_argument(
        "--pipeline-repeat", type=positive, default=5, help="pipeline rounds (each ~15 s)"
    )
    p.add_argument("--worker", choices=CLIENTS, help="internal: one client, one pass, as JSON")
    p.add_argument("--port", type=int, help="internal: the server's port")
    return p


def run_order(clients: Sequence[str], levels: Sequence[int]) -> list[tuple[str, int]]:
    """The runs of one round, so that each pair a target compares runs back to back: aiohttp
    and ours at the lowest concurrency, ours at the others, aiohttp at the others (highest
    first), then the other clients."""
    low, rest = sorted(levels)[0], sorted(levels)[1:]
    order: list[tuple[str, int]] = []
    if BASELINE in clients:
        order.append((BASELINE, low))
    if OURS in clients:
        order += [(OURS, low), *((OURS, conc) for conc in rest)]
    if BASELINE in clients:
        order += [(BASELINE, conc) for conc in reversed(rest)]
    others = [name for name in clients if name not in (BASELINE, OURS)]
    return order + [(name, conc) for conc in [low, *rest] for name in others]


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _measure(args: argparse.Namespace, port: int, plan: Sequence[tuple[str, int]]) -> list[Row]:
    samples: dict[tuple[str, int], list[Sample]] = {key: [] for key in plan}
    why_not: dict[tuple[str, int], str] = {}
    for round_no in range(1, args.repeat + 1):
        _log(f"round {round_no}/{args.repeat}")
        for name, conc in plan:
            if (name, conc) in why_not or (name == REFERENCE and round_no > REFERENCE_ROUNDS):
                continue
            laps = 1 if name == REFERENCE else args.laps
            cmd = ["bench.fetch", "--worker", name, "--concurrency", str(conc)]
            cmd += ["--port", str(port), "--pages", str(args.pages), "--laps", str(laps)]
            try:
                result = run_worker(cmd, timeout=WORKER_TIMEOUT_S)
            except WorkerError as exc:
                why_not[name, conc] = str(exc)
                continue
            if "unavailable" in result:
                why_not[name, conc] = result["unavailable"]
                continue
            samples[name, conc].append(Sample(**result))
    return [
        Row(name, conc, unavailable=why_not[name, conc])
        if (name, conc) in why_not
        else summarise(name, conc, samples[name, conc])
        for name, conc in plan
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    levels = list(dict.fromkeys(args.concurrency or [16, 64]))
    if args.worker:
        return _run_worker(args)
    clients = list(dict.fromkeys(args.client or CLIENTS))
    plan = run_order(clients, levels)
    _log(f"building {args.pages} pages and starting the server ...")
    load = os.getloadavg()[0]
    with serving(args.pages, size=args.size, compress=args.gzip) as port:
        rows = sorted(
            _measure(args, port, plan), key=lambda r: (r.concurrency, clients.index(r.client))
        )
        print(
            f"Fetch: {args.pages} pages of ~{args.size // 1000} KB"
            f"{' (gzip)' if args.gzip else ''} from 127.0.0.1 (server in its own process); "
            f"each pass fetches every page {args.laps} times ({REFERENCE}: once, in "
            f"{min(args.repeat, REFERENCE_ROUNDS)} rounds); median of {args.repeat} rounds; "
            "CPU = client process user + system; "
            f"{os.cpu_count()} cores, load average {load:.1f} at the start"
        )
        print(format_table(rows))
        print(format_checks(checks(rows)))
        if not args.no_pipeline:
            print()
            print(pipeline.section(port, args.pages, args.pipeline_repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
