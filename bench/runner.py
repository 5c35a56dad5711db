"""Run each extractor in a fresh worker process and collect its streamed results.

A fresh process per extractor keeps the memory figures apart. A worker that dies (segfault,
hard timeout, out of memory) is blamed on the page it was working on (a "begin" without its
"page"): that page is recorded as a crash and a new worker redoes the remaining pages, so
timing and memory always come from one process that completed.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.data import REPO, Case, SetName
from bench.extractors import Extraction

__all__ = ["ExtractorRun", "PageRun", "RunOptions", "merge_runs", "run_extractor"]

MAX_RESTARTS = 10
_STDERR_KEPT = 20


@dataclass
class PageRun:
    id: str
    kind: str  # "ok", "refused" (cleaner's CleanerError), "timeout" or "crash"
    error: str | None
    extraction: Extraction = field(default_factory=lambda: Extraction(text=""))
    cpu_ms: list[float] = field(default_factory=list)  # one per timed run

    @property
    def raised(self) -> bool:
        return self.kind != "ok"


@dataclass
class ExtractorRun:
    name: str
    pages: dict[str, PageRun] = field(default_factory=dict)
    unavailable: str | None = None  # why the extractor could not be loaded
    rss_base_kib: int | None = None  # after imports and page loading
    rss_peak_kib: int | None = None
    deaths: list[str] = field(default_factory=list)  # worker processes that died, and where
    stderr_head: list[str] = field(default_factory=list)  # the completed worker's first lines
    stderr_lines: int = 0
    wall_s: float = 0.0


@dataclass(frozen=True)
class RunOptions:
    set: SetName
    devset: Path
    repeat: int
    warmup: int
    timeout: int


@dataclass
class _Attempt:
    pages: dict[str, PageRun] = field(default_factory=dict)
    in_flight: str | None = None
    ready: dict[str, Any] | None = None
    done: dict[str, Any] | None = None
    unavailable: str | None = None
    returncode: int = 0
    stderr: list[str] = field(default_factory=list)

    def feed(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "begin":
            self.in_flight = event["id"]
        elif kind == "page":
            self._page(event)
            self.in_flight = None
        elif kind == "ready":
            self.ready = event
        elif kind == "done":
            self.done = event
        elif kind == "unavailable":
            self.unavailable = event["error"]

    def _page(self, event: dict[str, Any]) -> None:
        if event["run"] > 0:
            self.pages[event["id"]].cpu_ms.append(event["cpu_ms"])
            return
        extraction = Extraction(
            text=event.get("text") or "",
            title=event.get("title"),
            byline=event.get("byline"),
            date=event.get("date"),
        )
        self.pages[event["id"]] = PageRun(
            event["id"], event["kind"], event["error"], extraction, [event["cpu_ms"]]
        )

    def death(self) -> str:
        rc = self.returncode
        how = f"killed by {signal.Signals(-rc).name}" if rc < 0 else f"exited with status {rc}"
        return f"worker {how}" + "".join(f"; {clue}" for clue in _clues(self.stderr))


def _clues(stderr: Sequence[str]) -> list[str]:
    """faulthandler's verdict and innermost frame, else the last line the worker wrote."""
    lines = [line.strip() for line in stderr if line.strip()]
    fatal = [line for line in lines if line.startswith(("Fatal Python error", "Timeout ("))]
    frames = [line for line in lines if line.startswith("File ")]
    if fatal:
        return [fatal[0][:200], *frames[:1]]
    return [lines[-1][:200]] if lines else []


def _decode(line: str) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


def _command(name: str, ids: Sequence[str], opts: RunOptions) -> list[str]:
    cmd = [sys.executable, "-m", "bench.devset", "--worker", name, "--set", opts.set]
    cmd += ["--devset", str(opts.devset)]
    cmd += ["--repeat", str(opts.repeat), "--warmup", str(opts.warmup)]
    cmd += ["--timeout", str(opts.timeout)]
    for case_id in ids:
        cmd += ["--only", case_id]
    return cmd


def _spawn(name: str, ids: Sequence[str], opts: RunOptions) -> _Attempt:
    attempt = _Attempt()
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
        with subprocess.Popen(
            _command(name, ids, opts),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                attempt.feed(_decode(line))
            attempt.returncode = proc.wait()
        err.seek(0)
        attempt.stderr = err.read().splitlines()
    return attempt


def _finish(run: ExtractorRun, attempt: _Attempt, ids: Sequence[str]) -> None:
    """Take the last attempt's figures; pages it never reported count as crashes."""
    run.unavailable = attempt.unavailable
    run.rss_base_kib = (attempt.ready or {}).get("rss_base_kib")
    run.rss_peak_kib = (attempt.done or {}).get("rss_peak_kib")
    run.stderr_head = attempt.stderr[:_STDERR_KEPT]
    run.stderr_lines = len(attempt.stderr)
    run.pages.update(attempt.pages)
    if attempt.done is None and attempt.unavailable is None:
        for case_id in ids:
            run.pages.setdefault(case_id, PageRun(case_id, "crash", f"not run: {attempt.death()}"))


def run_extractor(name: str, cases: Sequence[Case], opts: RunOptions) -> ExtractorRun:
    run = ExtractorRun(name)
    started = time.monotonic()
    attempt = _Attempt()
    ids: list[str] = []
    for _ in range(MAX_RESTARTS + 1):
        ids = [c.id for c in cases if c.id not in run.pages]
        attempt = _spawn(name, ids, opts) if ids else _Attempt(done={})
        culprit = attempt.in_flight
        if attempt.done is not None or attempt.unavailable is not None or culprit is None:
            break
        death = attempt.death()
        run.deaths.append(f"{culprit}: {death}")
        kind = "timeout" if "Timeout (" in death else "crash"  # faulthandler's hard limit
        run.pages[culprit] = PageRun(culprit, kind, death)
        print(f"bench: {name}: {death} on page {culprit}; restarting", file=sys.stderr)
    _finish(run, attempt, ids)
    run.pages = {c.id: run.pages[c.id] for c in cases if c.id in run.pages}
    run.wall_s = time.monotonic() - started
    return run


def merge_runs(runs: Sequence[ExtractorRun]) -> ExtractorRun:
    """Rounds of one extractor as one run: the first round's extractions, every round's
    timings (in round order), the highest memory, every death.

    A page that raised in any round keeps that round's outcome: a crash is not averaged away.
    """
    first = runs[0]
    merged = ExtractorRun(
        first.name,
        unavailable=next((r.unavailable for r in runs if r.unavailable), None),
        rss_base_kib=_highest(r.rss_base_kib for r in runs),
        rss_peak_kib=_highest(r.rss_peak_kib for r in runs),
        deaths=[death for r in runs for death in r.deaths],
        stderr_head=next((r.stderr_head for r in runs if r.stderr_lines), first.stderr_head),
        stderr_lines=max(r.stderr_lines for r in runs),
        wall_s=sum(r.wall_s for r in runs),
    )
    for case_id, page in first.pages.items():
        rounds = [r.pages[case_id] for r in runs if case_id in r.pages]
        worst = next((p for p in rounds if p.raised), page)
        merged.pages[case_id] = PageRun(
            case_id,
            worst.kind,
            worst.error,
            page.extraction,
            [ms for p in rounds for ms in p.cpu_ms],
        )
    return merged


def _highest(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
