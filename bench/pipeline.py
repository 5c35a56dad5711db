"""``python -m bench.pipeline``: does the full pipeline keep every core busy?

Compares, on the same pages (``bench.fetch_server.make_page``), in fresh processes:

- extract only: ``cleaner.extract`` over the page bodies, already in memory, with a
  ``ProcessPoolExecutor`` of ``os.cpu_count()`` workers (started and warmed before timing);
- the pipeline: ``cleaner.pipeline.Pipeline`` fetching the pages from the local server,
  extracting them and writing JSONL to a temporary file.

Target (from the issue): pipeline pages/s ≥ 0.8 x extract-only pages/s. The local server
runs during the pipeline passes only, so its CPU competes with the pipeline's (as a real
network stack's would, in part). Also a section of ``python -m bench.fetch``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fetch_server import WorkerError, make_page, page_path, run_worker, serving
from cleaner.records import Target

__all__ = ["MODES", "PIPELINE_CONCURRENCY", "Figures", "format_section", "main", "section"]

MODES = ("extract", "pipeline")
SHARE_TARGET = 0.8  # pipeline pages/s as a share of extract-only pages/s
PIPELINE_CONCURRENCY = 16  # FetchSettings' default
WORKER_TIMEOUT_S = 600


def _url(port: int, i: int) -> str:
    return f"http://127.0.0.1:{port}{page_path(i)}"


# -- figures (pure) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Median pages/s of each mode; ``missing`` says why a mode has none."""

    pages: int
    workers: int
    repeat: int
    extract_pages_per_s: float | None = None
    pipeline_pages_per_s: float | None = None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    shares: tuple[float, ...] = ()  # pipeline / extract-only pages/s within each round

    @property
    def share(self) -> float | None:
        """The median of the per-round shares (both modes measured back to back, so a busy
        neighbour weighs on both); without them, the ratio of the medians."""
        if self.shares:
            return statistics.median(self.shares)
        if not self.extract_pages_per_s or self.pipeline_pages_per_s is None:
            return None
        return self.pipeline_pages_per_s / self.extract_pages_per_s


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} pages/s"


def format_section(fig: Figures) -> str:
    share = fig.share
    lines = [
        f"Pipeline: {fig.pages} pages, {fig.workers} extraction processes (os.cpu_count()), "
        f"median of {fig.repeat}",
        f"  {'extract only (process pool, bodies in memory)':<52} {_rate(fig.extract_pages_per_s)}",
        f"  {f'fetch + extract + JSONL (Pipeline, concurrency {PIPELINE_CONCURRENCY})':<52} "
        f"{_rate(fig.pipeline_pages_per_s)}"
        + ("" if share is None else f"   {share:.2f}x extract only"),
    ]
    if len(fig.shares) > 1:
        by_round = ", ".join(f"{s:.2f}" for s in fig.shares)
        lines.append(f"  share by round (the figure is their median): {by_round}")
    lines += [f"  {note}" for note in (*fig.missing, *fig.notes)]
    verdict = "not measured" if share is None else "met" if share >= SHARE_TARGET else "MISSED"
    value = "" if share is None else f" ({share:.2f})"
    lines.append("Targets:")
    lines.append(f"  {verdict:<12} pipeline pages/s ≥ {SHARE_TARGET}x extract only{value}")
    return "\n".join(lines)


# -- the workers -------------------------------------------------------------------------------


def _extract_one(item: tuple[str, bytes]) -> Any:
    from cleaner import CleanerError, extract

    url, body = item
    try:
        return extract(body, url=url)
    except CleanerError as exc:
        return exc.code


def _extract_pass(port: int, pages: int, workers: int) -> dict[str, Any]:
    import cleaner  # noqa: F401  (imported once here, inherited by forked workers)

    items = [(_url(port, i), make_page(i)) for i in range(pages)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_extract_one, items[: 4 * workers]))  # start and warm every worker
        gc.collect()
        start = time.perf_counter()
        results = list(pool.map(_extract_one, items, chunksize=4))
        wall = time.perf_counter() - start
    refused = sum(isinstance(r, str) for r in results)
    return {"pages": pages, "wall_s": wall, "not_extracted": refused}


def _pipeline_settings(workers: int) -> Any:
    from bench.fetch import local_fetch_settings
    from cleaner.settings import PipelineSettings, Settings

    fetch = local_fetch_settings(PIPELINE_CONCURRENCY)
    return Settings(fetch=fetch, pipeline=PipelineSettings(workers=workers, progress=False))


async def _pipeline_run(port: int, pages: int, workers: int, out: Path) -> tuple[float, Any]:
    """A warm-up run on a few pages (it starts the pipeline's fork server), then the timed one."""
    from cleaner.fetch.fetcher import Fetcher
    from cleaner.pipeline import Pipeline
    from cleaner.sinks import JsonlSink

    settings = _pipeline_settings(workers)
    async with Fetcher(settings.fetch) as fetcher:
        warmup = [Target(url=_url(port, i)) for i in range(min(pages, 4 * workers))]
        await Pipeline(settings, fetcher=fetcher).run(warmup)
        gc.collect()
        with JsonlSink(out) as sink:
            run = Pipeline(settings, fetcher=fetcher, sinks=[sink])
            start = time.perf_counter()
            report = await run.run(Target(url=_url(port, i)) for i in range(pages))
            wall = time.perf_counter() - start
    return wall, report


def _pipeline_pass(port: int, pages: int, workers: int) -> dict[str, Any]:
    try:
        import cleaner.fetch.fetcher
        import cleaner.pipeline
        import cleaner.sinks  # noqa: F401  (only whether they exist yet)
    except ImportError as exc:
        return {"unavailable": f"{type(exc).__name__}: {exc}"}
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        out = Path(tmp) / "articles.jsonl"
        wall, report = asyncio.run(_pipeline_run(port, pages, workers, out))
        written = sum(1 for _ in out.open("rb")) if out.exists() else 0
    counts = {
        "extracted": report.extracted,
        "skipped": sum(report.skipped.values()),
        "failed": sum(report.failed.values()),
    }
    return {"pages": pages, "wall_s": wall, "written": written, **counts}


# -- the parent --------------------------------------------------------------------------------


Runs = dict[str, list[dict[str, Any]]]  # mode → its passes' results


def _passes(port: int, pages: int, repeat: int, workers: int) -> tuple[Runs, dict[str, str]]:
    """Both modes, interleaved round by round; the results, and why a mode has none."""
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    missing: dict[str, str] = {}
    for round_no in range(1, repeat + 1):
        print(f"bench: pipeline round {round_no}/{repeat}", file=sys.stderr, flush=True)
        for mode in MODES:
            if mode in missing:
                continue
            cmd = ["bench.pipeline", "--worker", mode, "--port", str(port)]
            cmd += ["--pages", str(pages), "--workers", str(workers)]
            try:
                result = run_worker(cmd, timeout=WORKER_TIMEOUT_S)
            except WorkerError as exc:
                result = {"unavailable": str(exc)}
            if "unavailable" in result:
                missing[mode] = result["unavailable"]
                continue
            runs[mode].append(result)
    return runs, missing


def _rates(results: Sequence[dict[str, Any]]) -> list[float]:
    return [r["pages"] / r["wall_s"] for r in results if r.get("wall_s")]


def _median_rate(results: Sequence[dict[str, Any]]) -> float | None:
    rates = _rates(results)
    return statistics.median(rates) if rates else None


def _shares(runs: Runs) -> tuple[float, ...]:
    """Pipeline over extract-only pages/s, round by round (when every round has both)."""
    extract, piped = _rates(runs["extract"]), _rates(runs["pipeline"])
    if len(extract) != len(piped):
        return ()
    return tuple(p / e for e, p in zip(extract, piped, strict=True) if e)


def _notes(runs: Runs, pages: int) -> tuple[str, ...]:
    notes = []
    for result in runs["extract"][:1]:
        if result["not_extracted"]:
            notes.append(f"extract only: {result['not_extracted']} pages gave no article")
    for mode in MODES:
        rates = [f"{r['pages'] / r['wall_s']:.1f}" for r in runs[mode] if r.get("wall_s")]
        if len(rates) > 1:
            notes.append(f"{mode}: pages/s by round {', '.join(rates)}")
    for result in runs["pipeline"][:1]:
        counts = ", ".join(f"{result[k]} {k}" for k in ("extracted", "skipped", "failed"))
        notes.append(f"pipeline: {counts}; {result['written']} records written")
    return tuple(notes)


def section(port: int, pages: int, repeat: int, workers: int | None = None) -> str:
    """Measure both modes against the server on ``port``; the section's printed text."""
    workers = workers or os.cpu_count() or 1
    runs, missing = _passes(port, pages, repeat, workers)
    figures = Figures(
        pages=pages,
        workers=workers,
        repeat=repeat,
        extract_pages_per_s=_median_rate(runs["extract"]),
        pipeline_pages_per_s=_median_rate(runs["pipeline"]),
        missing=tuple(f"{mode}: skipped: {why}" for mode, why in missing.items()),
        notes=_notes(runs, pages),
        shares=_shares(runs),
    )
    return format_section(figures)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.pipeline", description=__doc__.split("\n")[0])
    p.add_argument("--pages", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=5, help="rounds; each is ~15 s")
    p.add_argument("--workers", type=int, default=None, help="default: os.cpu_count()")
    p.add_argument("--worker", choices=MODES, help="internal: one pass of one mode, as JSON")
    p.add_argument("--port", type=int, help="internal: the server's port")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    workers = args.workers or os.cpu_count() or 1
    if args.worker == "extract":
        print(json.dumps(_extract_pass(args.port, args.pages, workers)))
        return 0
    if args.worker == "pipeline":
        print(json.dumps(_pipeline_pass(args.port, args.pages, workers)))
        return 0
    with serving(args.pages) as port:
        print(section(port, args.pages, args.repeat, workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
