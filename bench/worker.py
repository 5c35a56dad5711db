"""Run one extractor over the dev set in this (fresh) process; stream results as JSON lines.

The protocol goes to the original stdout; anything the extractor itself prints is sent to
stderr. Events, in order:

    {"event": "unavailable", "error": ...}            the extractor could not be imported
    {"event": "ready", "rss_base_kib": ..., ...}      after imports and page loading
    {"event": "begin", "id": ..., "phase": ...}       before each call ("warmup" or "run")
    {"event": "page", "id": ..., "run": ..., ...}     after each timed call
    {"event": "done", "rss_peak_kib": ..., ...}

A page that raises is recorded as such; a page that hangs past ``timeout`` seconds is
interrupted (Python code) or, as a last resort, the process exits so the parent can blame the
page named by the last "begin" and carry on without it.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from bench import data, extractors
from bench.extractors import ExtractFn, Extraction, Refused

__all__ = ["main"]

Emit = Callable[[dict[str, Any]], None]
_HARD_TIMEOUT_GRACE_S = 30  # faulthandler ends the process this long after the soft timeout


class PageTimeout(BaseException):
    """The page took longer than the timeout (a BaseException: extractors must not swallow it)."""


@dataclass(frozen=True)
class WorkerOptions:
    name: str
    set: data.SetName
    devset: Path
    only: Sequence[str]
    repeat: int
    warmup: int
    timeout: int


@dataclass(frozen=True)
class Outcome:
    extraction: Extraction
    kind: str  # "ok", "refused" (cleaner's CleanerError), "timeout" or "crash"
    error: str | None
    cpu_ms: float


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}"[:500] + where


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def _failure(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, Refused):
        return "refused", str(exc)
    if isinstance(exc, PageTimeout):
        return "timeout", "PageTimeout: took longer than the timeout"
    return "crash", _describe(exc)


def _call(fn: ExtractFn, html: str | bytes, url: str | None, timeout: int) -> Outcome:
    """One page under a soft (SIGALRM) and a hard (faulthandler) time limit."""
    faulthandler.dump_traceback_later(timeout + _HARD_TIMEOUT_GRACE_S, exit=True)
    signal.alarm(timeout)
    start = time.process_time()
    try:
        extraction, kind, error = fn(html, url), "ok", None
    except (Exception, PageTimeout) as exc:
        extraction = Extraction(text="")
        kind, error = _failure(exc)
    finally:
        cpu = time.process_time() - start
        signal.alarm(0)
        faulthandler.cancel_dump_traceback_later()
    return Outcome(extraction, kind, error, cpu * 1000)


def _rss_now_kib() -> int:
    """Current resident set size; falls back to the peak where /proc is missing."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return _rss_peak_kib()
    return resident_pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_peak_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB elsewhere


def _protocol_stream() -> TextIO:
    """The original stdout for the protocol; fd 1 and sys.stdout now point at stderr."""
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return stream


def _page_record(case_id: str, run: int, outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {
        "event": "page",
        "id": case_id,
        "run": run,
        "cpu_ms": outcome.cpu_ms,
        "kind": outcome.kind,
        "error": outcome.error,
    }
    if run == 0:  # the extraction itself is reported once; later runs only time it
        ex = outcome.extraction
        record.update(text=ex.text, title=ex.title, byline=ex.byline, date=ex.date)
    return record


Page = tuple[str, str | None, str | bytes]  # id, url, html


def _passes(fn: ExtractFn, pages: Sequence[Page], opts: WorkerOptions, emit: Emit) -> None:
    for case_id, url, html in pages[: opts.warmup]:
        emit({"event": "begin", "id": case_id, "phase": "warmup"})
        _call(fn, html, url, opts.timeout)
    for run in range(opts.repeat):
        for case_id, url, html in pages:
            emit({"event": "begin", "id": case_id, "phase": "run", "run": run})
            emit(_page_record(case_id, run, _call(fn, html, url, opts.timeout)))


def main(opts: WorkerOptions) -> int:
    stream = _protocol_stream()

    def emit(event: dict[str, Any]) -> None:
        stream.write(json.dumps(event) + "\n")

    faulthandler.enable()  # a segfault leaves a traceback on stderr
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        fn = extractors.load(opts.name)
    except Exception as exc:  # ImportError above all: cleaner.extract is not written yet
        emit({"event": "unavailable", "error": _describe(exc)})
        return 0
    cases = data.load_cases(opts.set, opts.devset, opts.only)
    pages = [(c.id, c.url, c.html()) for c in cases]
    gc.collect()
    base = _rss_now_kib()
    emit({"event": "ready", "rss_base_kib": base, "pages": len(pages)})
    _passes(fn, pages, opts, emit)
    emit({"event": "done", "rss_base_kib": base, "rss_peak_kib": _rss_peak_kib()})
    return 0
