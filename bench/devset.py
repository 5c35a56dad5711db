"""``python -m bench.devset`` (``make bench``): cleaner beside trafilatura on both dev sets.

Two sets live in ``bench/data``: ``readability`` (Mozilla Readability's test pages, scored by
4-gram shingles against the expected text) and ``trafilatura`` (half of trafilatura's own
evaluation benchmark, scored by "with"/"without" snippets as that benchmark does). Both report
title, author and date agreement, CPU ms per page (median and mean), peak memory, and the
parse-only floor: lexbor parsing the same input and nothing else.

Each extractor runs in a fresh worker process (``--worker NAME``, results as JSON lines on its
stdout), so peak memory is measured per extractor. The extractors take turns for ``--rounds``
rounds (cleaner, trafilatura, parse, cleaner, ...): a busy neighbour on the machine during one
extractor's turn then costs one round of its timings, not the whole figure (CPU per page is a
median over rounds). Scores come from the first round; see ``bench.scoring``. Examples::

    python -m bench.devset                          # both sets, both extractors, all pages
    python -m bench.devset --set trafilatura --worst 10
    python -m bench.devset --set readability --extractor cleaner --only nytimes-1
    python -m bench.devset --rounds 1 --json out/bench.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench import report, worker
from bench.args import positive
from bench.data import SETS, Case, DevsetError, SetName, default_folder, load_cases
from bench.extractors import DEFAULT, FLOOR, NAMES
from bench.runner import ExtractorRun, RunOptions, merge_runs, run_extractor

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.devset", description=__doc__.split("\n")[0])
    p.add_argument(
        "--set", action="append", choices=SETS, help="a dev set (repeatable; default all)"
    )
    p.add_argument("--devset", type=Path, help="the set's folder (default bench/data/SET)")
    p.add_argument("--extractor", action="append", choices=NAMES, help="repeatable")
    p.add_argument("--only", action="append", default=[], metavar="ID", help="a case id")
    p.add_argument("--worst", type=int, default=0, metavar="N", help="print the N worst pages")
    p.add_argument("--json", type=Path, metavar="PATH", help="write figures and page results")
    p.add_argument("--rounds", type=positive, default=3, metavar="R", help="turns per extractor")
    p.add_argument("--repeat", type=positive, default=1, metavar="K", help="timed passes per round")
    p.add_argument("--warmup", type=int, default=5, metavar="N", help="warm-up pages")
    p.add_argument("--timeout", type=positive, default=60, metavar="S", help="seconds per page")
    p.add_argument("--worker", choices=NAMES, help="internal: run one extractor, emit JSON")
    return p


def _note(run: ExtractorRun) -> list[str]:
    notes = [f"{run.name}: unavailable: {run.unavailable}"] if run.unavailable else []
    notes += [f"{run.name}: worker died on {death}" for death in run.deaths]
    if run.stderr_lines:
        first = run.stderr_head[0].strip()[:150]
        notes.append(f"{run.name}: worker wrote {run.stderr_lines} stderr lines; first: {first}")
    return notes


@dataclasses.dataclass(frozen=True)
class _SetResult:
    name: SetName
    folder: Path
    cases: list[Case]
    runs: dict[str, ExtractorRun]
    evals: dict[str, list[report.PageEval]]
    summaries: dict[str, report.Summary | None]
    floor: tuple[float | None, float | None]


def _evaluate(
    name: SetName, folder: Path, cases: list[Case], runs: Mapping[str, ExtractorRun]
) -> _SetResult:
    evals, summaries = {}, {}
    for extractor, run in runs.items():
        if extractor == FLOOR:
            continue
        evals[extractor] = report.evaluate(cases, run)
        available = run.unavailable is None
        summaries[extractor] = report.summarise(run, name, evals[extractor]) if available else None
    floor_run = runs.get(FLOOR)
    floor = report.cpu_summary(floor_run) if floor_run is not None else (None, None)
    return _SetResult(name, folder, cases, dict(runs), evals, summaries, floor)


def _json_set(result: _SetResult) -> dict[str, Any]:
    return {
        "devset": str(result.folder),
        "summary": {n: None if s is None else _asdict(s) for n, s in result.summaries.items()},
        "parse_floor_ms": {"mean": result.floor[0], "median": result.floor[1]},
        "unavailable": {n: r.unavailable for n, r in result.runs.items() if r.unavailable},
        "worker_deaths": {n: r.deaths for n, r in result.runs.items() if r.deaths},
        "targets": [_asdict(t) for t in report.targets(result.summaries)],
        "pages": {n: [report.page_json(e) for e in rows] for n, rows in result.evals.items()},
    }


def _asdict(obj: Any) -> dict[str, Any]:
    return dataclasses.asdict(obj)


def _print_set(args: argparse.Namespace, result: _SetResult) -> None:
    cases = result.cases
    n_real = sum(not c.synthetic for c in cases)
    print(
        f"\n== Dev set {result.name}: {result.folder} ({len(cases)} pages, {n_real} real); "
        f"{args.rounds} rounds, taking turns; repeat {args.repeat}"
    )
    print(report.table(cases, result.summaries))
    print(report.floor_line(result.floor, result.summaries))
    for run in result.runs.values():
        for line in _note(run):
            print(line)
    print(report.format_targets(report.targets(result.summaries)))
    available = [n for n, s in result.summaries.items() if s is not None]
    if args.worst and available:
        focus = "cleaner" if "cleaner" in available else available[0]
        print(report.worst(focus, {n: result.evals[n] for n in available}, args.worst))


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _run_worker(args: argparse.Namespace) -> int:
    set_name: SetName = (args.set or ["readability"])[0]
    options = worker.WorkerOptions(
        name=args.worker,
        set=set_name,
        devset=args.devset or default_folder(set_name),
        only=args.only,
        repeat=args.repeat,
        warmup=args.warmup,
        timeout=args.timeout,
    )
    return worker.main(options)


def _run_set(
    args: argparse.Namespace, name: SetName, folder: Path, cases: list[Case]
) -> _SetResult:
    opts = RunOptions(name, folder.resolve(), args.repeat, args.warmup, args.timeout)
    names = list(dict.fromkeys(args.extractor or DEFAULT))
    rounds: dict[str, list[ExtractorRun]] = {extractor: [] for extractor in names}
    for number in range(1, args.rounds + 1):
        for extractor in names:
            _log(f"{name} round {number}/{args.rounds}: {extractor} on {len(cases)} pages ...")
            run = run_extractor(extractor, cases, opts)
            rounds[extractor].append(run)
            _log(f"{name} round {number}/{args.rounds}: {extractor} done in {run.wall_s:.1f} s")
    merged = {extractor: merge_runs(rounds[extractor]) for extractor in names}
    return _evaluate(name, folder, cases, merged)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        return _run_worker(args)
    sets: list[SetName] = list(dict.fromkeys(args.set or SETS))
    if (args.devset is not None or args.only) and len(sets) != 1:
        print("bench: --devset and --only need exactly one --set", file=sys.stderr)
        return 2
    loaded = []
    try:
        for name in sets:
            folder = args.devset or default_folder(name)
            loaded.append((name, folder, load_cases(name, folder, args.only)))
    except DevsetError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    results = [_run_set(args, name, folder, cases) for name, folder, cases in loaded]
    for result in results:
        _print_set(args, result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "options": {"rounds": args.rounds, "repeat": args.repeat, "warmup": args.warmup},
            "sets": {r.name: _json_set(r) for r in results},
        }
        args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
