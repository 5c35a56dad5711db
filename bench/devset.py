"""``python -m bench.devset`` (``make bench``): cleaner and trafilatura side by side on the dev set.

Each extractor runs in a fresh worker process (``--worker NAME``, results as JSON lines on its
stdout), so peak memory is measured per extractor. The extractors take turns for ``--rounds``
rounds (cleaner, trafilatura, cleaner, ...): a busy neighbour on the machine during one
extractor's turn then costs one round of its timings, not the whole figure (CPU per page is a
median over rounds). Scores come from the first round; see ``bench.scoring``. Examples::

    python -m bench.devset                          # both extractors, all pages
    python -m bench.devset --worst 10               # and the ten worst pages for cleaner
    python -m bench.devset --extractor cleaner --only nytimes-1 --only bbc-1
    python -m bench.devset --repeat 3 --json out/bench.json
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
from bench.data import DEFAULT_DEVSET, Case, DevsetError, load_cases
from bench.extractors import DEFAULT, NAMES
from bench.runner import ExtractorRun, RunOptions, merge_runs, run_extractor

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.devset", description=__doc__.split("\n")[0])
    p.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="the dev set folder")
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


def _evaluate(
    cases: Sequence[Case], runs: Mapping[str, ExtractorRun]
) -> tuple[dict[str, list[report.PageEval]], dict[str, report.Summary | None]]:
    expected = {c.id: c.expected_text() for c in cases}
    evals, summaries = {}, {}
    for name, run in runs.items():
        evals[name] = report.evaluate(cases, expected, run)
        available = run.unavailable is None
        summaries[name] = report.summarise(run, evals[name]) if available else None
    return evals, summaries


def _json_doc(
    args: argparse.Namespace,
    summaries: Mapping[str, report.Summary | None],
    evals: Mapping[str, Sequence[report.PageEval]],
    runs: Mapping[str, ExtractorRun],
) -> dict[str, Any]:
    return {
        "devset": str(args.devset),
        "options": {
            "only": args.only,
            "rounds": args.rounds,
            "repeat": args.repeat,
            "warmup": args.warmup,
        },
        "summary": {n: None if s is None else _asdict(s) for n, s in summaries.items()},
        "unavailable": {n: r.unavailable for n, r in runs.items() if r.unavailable},
        "worker_deaths": {n: r.deaths for n, r in runs.items() if r.deaths},
        "targets": [_asdict(t) for t in report.targets(summaries)],
        "pages": {n: [report.page_json(e) for e in rows] for n, rows in evals.items()},
    }


def _asdict(obj: Any) -> dict[str, Any]:
    return dataclasses.asdict(obj)


def _print_report(
    args: argparse.Namespace,
    cases: Sequence[Case],
    runs: Mapping[str, ExtractorRun],
) -> None:
    evals, summaries = _evaluate(cases, runs)
    n_real = sum(not c.synthetic for c in cases)
    print(
        f"Dev set: {args.devset} ({len(cases)} pages, {n_real} real); "
        f"{args.rounds} rounds, taking turns; repeat {args.repeat}"
    )
    print(report.table(cases, summaries))
    for run in runs.values():
        for line in _note(run):
            print(line)
    print(report.format_targets(report.targets(summaries)))
    available = [n for n, s in summaries.items() if s is not None]
    if args.worst and available:
        focus = "cleaner" if "cleaner" in available else available[0]
        print(report.worst(focus, {n: evals[n] for n in available}, args.worst))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = _json_doc(args, summaries, evals, runs)
        args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {args.json}")


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _run_worker(args: argparse.Namespace) -> int:
    options = worker.WorkerOptions(
        name=args.worker,
        devset=args.devset,
        only=args.only,
        repeat=args.repeat,
        warmup=args.warmup,
        timeout=args.timeout,
    )
    return worker.main(options)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        return _run_worker(args)
    try:
        cases = load_cases(args.devset, args.only)
    except DevsetError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    opts = RunOptions(args.devset.resolve(), args.repeat, args.warmup, args.timeout)
    names = list(dict.fromkeys(args.extractor or DEFAULT))
    rounds: dict[str, list[ExtractorRun]] = {name: [] for name in names}
    for number in range(1, args.rounds + 1):
        for name in names:
            _log(f"round {number}/{args.rounds}: running {name} on {len(cases)} pages ...")
            run = run_extractor(name, cases, opts)
            rounds[name].append(run)
            _log(f"round {number}/{args.rounds}: {name} done in {run.wall_s:.1f} s")
    _print_report(args, cases, {name: merge_runs(rounds[name]) for name in names})
    return 0


if __name__ == "__main__":
    sys.exit(main())
