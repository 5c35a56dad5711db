"""The dev set bench's rounds: extractor runs merged into one (``bench.runner.merge_runs``)."""

from __future__ import annotations

from bench.extractors import Extraction
from bench.report import cpu_figures
from bench.runner import ExtractorRun, PageRun, merge_runs


def _run(cpu: dict[str, float], *, peak: int, kinds: dict[str, str] | None = None) -> ExtractorRun:
    run = ExtractorRun("cleaner", rss_base_kib=100, rss_peak_kib=peak, wall_s=1.0)
    for case_id, ms in cpu.items():
        kind = (kinds or {}).get(case_id, "ok")
        run.pages[case_id] = PageRun(case_id, kind, None, Extraction(text=f"{case_id}"), [ms])
    return run


def test_rounds_keep_every_timing_in_order_and_the_highest_memory() -> None:
    merged = merge_runs(
        [_run({"a": 1.0, "b": 2.0}, peak=300), _run({"a": 9.0, "b": 8.0}, peak=500)]
    )
    assert merged.pages["a"].cpu_ms == [1.0, 9.0]
    assert merged.pages["b"].cpu_ms == [2.0, 8.0]
    assert (merged.rss_peak_kib, merged.wall_s) == (500, 2.0)
    assert merged.pages["a"].extraction.text == "a"


def test_one_slow_round_does_not_make_the_figure() -> None:
    rounds = [
        _run({"a": 1.0, "b": 1.0, "c": 1.0}, peak=1),
        _run({"a": 5.0, "b": 5.0, "c": 5.0}, peak=1),  # a busy neighbour in this round
        _run({"a": 1.2, "b": 1.2, "c": 1.2}, peak=1),
    ]
    merged = merge_runs(rounds)
    per_round = [[p.cpu_ms[r] for p in merged.pages.values()] for r in range(3)]
    _, median = cpu_figures(per_round)
    assert median == 1.2


def test_a_page_that_raised_in_any_round_keeps_that_outcome() -> None:
    merged = merge_runs(
        [_run({"a": 1.0}, peak=1), _run({"a": 1.0}, peak=1, kinds={"a": "timeout"})]
    )
    assert merged.pages["a"].kind == "timeout"
