"""Per-page evaluation, per-extractor summaries, the side-by-side table, targets, worst pages."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.data import Case
from bench.runner import ExtractorRun, PageRun
from bench.scoring import (
    BodyScores,
    MetaCheck,
    MetaScores,
    PageScore,
    aggregate_body,
    aggregate_meta,
    check_meta,
    cpu_figures,
    score_page,
)

__all__ = [
    "PageEval",
    "Summary",
    "Target",
    "evaluate",
    "format_targets",
    "page_json",
    "summarise",
    "table",
    "targets",
    "worst",
]

F1_REAL_TARGET = 0.965
TITLE_EXACT_TARGET = 0.794
CPU_FACTOR_TARGET = 5
_KIB_PER_MIB = 1024


@dataclass(frozen=True)
class PageEval:
    case: Case
    page: PageRun
    body: PageScore
    meta: MetaCheck


def evaluate(
    cases: Sequence[Case], expected: Mapping[str, str], run: ExtractorRun
) -> list[PageEval]:
    evals = []
    for case in cases:
        page = run.pages.get(case.id) or PageRun(case.id, "crash", "no result from the worker")
        body = score_page(page.extraction.text, expected[case.id])
        evals.append(PageEval(case, page, body, check_meta(page.extraction.meta, case.metadata)))
    return evals


@dataclass(frozen=True)
class Summary:
    name: str
    body_all: BodyScores
    body_real: BodyScores
    meta: MetaScores
    cpu_mean_ms: float | None  # per page: per-run figure, median over runs
    cpu_median_ms: float | None
    rss_peak_mib: float | None
    rss_increase_mib: float | None  # over the worker's RSS after imports and page loading
    raised: int  # pages that raised anything (cleaner: CleanerError included)
    crashed: int  # pages that raised something else, timed out or killed the worker
    empty: int  # pages with an empty extraction, whatever the reason
    wall_s: float


def _cpu_runs(pages: Sequence[PageRun]) -> list[list[float]]:
    runs = max((len(p.cpu_ms) for p in pages), default=0)
    return [[p.cpu_ms[r] for p in pages if len(p.cpu_ms) > r] for r in range(runs)]


def _mib(kib: int | None) -> float | None:
    return None if kib is None else kib / _KIB_PER_MIB


def _increase(run: ExtractorRun) -> float | None:
    if run.rss_peak_kib is None or run.rss_base_kib is None:
        return None
    return (run.rss_peak_kib - run.rss_base_kib) / _KIB_PER_MIB


def summarise(run: ExtractorRun, evals: Sequence[PageEval]) -> Summary:
    cpu_mean, cpu_median = cpu_figures(_cpu_runs([e.page for e in evals]))
    return Summary(
        name=run.name,
        body_all=aggregate_body([e.body for e in evals]),
        body_real=aggregate_body([e.body for e in evals if not e.case.synthetic]),
        meta=aggregate_meta([e.meta for e in evals]),
        cpu_mean_ms=cpu_mean,
        cpu_median_ms=cpu_median,
        rss_peak_mib=_mib(run.rss_peak_kib),
        rss_increase_mib=_increase(run),
        raised=sum(e.page.raised for e in evals),
        crashed=sum(e.page.kind in ("crash", "timeout") for e in evals),
        empty=sum(not e.page.extraction.text.strip() for e in evals),
        wall_s=run.wall_s,
    )


# -- the table -------------------------------------------------------------------------------

Value = float | int | None
Getter = Callable[[Summary], Value]
_FORMATS = {"rate": "{:.3f}", "ms": "{:.2f}", "mib": "{:.1f}", "count": "{:d}"}


@dataclass(frozen=True)
class Row:
    label: str
    get: Getter
    kind: str  # a key of _FORMATS


def _rows(cases: Sequence[Case], meta: MetaScores | None) -> list[Row]:
    n_all, n_real = len(cases), sum(not c.synthetic for c in cases)
    rows: list[Row] = []
    for name, attr in (("F1", "f1"), ("precision", "precision"), ("recall", "recall")):
        rows += _body_rows(name, attr, n_all, n_real)
    rows += _body_rows("exact match", "exact", n_all, n_real)
    m = meta or aggregate_meta([])
    return [
        *rows,
        Row(f"title exact match ({m.title_pages})", lambda s: s.meta.title_exact, "rate"),
        Row(f"title lenient match ({m.title_pages})", lambda s: s.meta.title_lenient, "rate"),
        Row(f"byline match ({m.byline_pages})", lambda s: s.meta.byline, "rate"),
        Row(
            f"bylines where none expected (of {m.byline_none_pages})",
            lambda s: s.meta.byline_unexpected,
            "count",
        ),
        Row(f"date match ({m.date_pages})", lambda s: s.meta.date, "rate"),
        Row("CPU ms/page, mean", lambda s: s.cpu_mean_ms, "ms"),
        Row("CPU ms/page, median", lambda s: s.cpu_median_ms, "ms"),
        Row("peak RSS MiB", lambda s: s.rss_peak_mib, "mib"),
        Row("RSS increase MiB", lambda s: s.rss_increase_mib, "mib"),
        Row("pages raised", lambda s: s.raised, "count"),
        Row("  of which crashes/timeouts", lambda s: s.crashed, "count"),
        Row("empty extractions", lambda s: s.empty, "count"),
    ]


def _body_rows(name: str, attr: str, n_all: int, n_real: int) -> list[Row]:
    return [
        Row(f"{name}, all {n_all} pages", lambda s: getattr(s.body_all, attr), "rate"),
        Row(f"{name}, {n_real} real pages", lambda s: getattr(s.body_real, attr), "rate"),
    ]


def _fmt(value: Value, kind: str) -> str:
    return "n/a" if value is None else _FORMATS[kind].format(value)


def _ratio(a: Value, b: Value) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}"


def _cells(row: Row, summaries: Sequence[Summary | None]) -> list[str]:
    values = [None if s is None else row.get(s) for s in summaries]
    cells = [_fmt(v, row.kind) for v in values]
    if len(values) >= 2:
        cells.append(_ratio(values[0], values[1]))
    return cells


def table(cases: Sequence[Case], summaries: Mapping[str, Summary | None]) -> str:
    """One row per figure, one column per extractor, then first / second."""
    names = list(summaries)
    columns = list(summaries.values())
    meta = next((s.meta for s in columns if s is not None), None)
    rows = _rows(cases, meta)
    header = [*names, "ratio"] if len(names) >= 2 else names
    width = max(len(r.label) for r in rows) + 2
    cell = max(11, *(len(h) + 2 for h in header))
    lines = ["".ljust(width) + "".join(h.rjust(cell) for h in header)]
    for row in rows:
        lines.append(row.label.ljust(width) + "".join(c.rjust(cell) for c in _cells(row, columns)))
    if len(names) >= 2:
        lines.append(f"(ratio = {names[0]} / {names[1]})")
    return "\n".join(lines)


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    met: bool | None  # None: could not be checked
    detail: str


def _target_f1(c: Summary | None) -> Target:
    label = f"F1 on real pages >= {F1_REAL_TARGET}"
    if c is None:
        return Target(label, None, "cleaner not run")
    return Target(label, c.body_real.f1 >= F1_REAL_TARGET, f"{c.body_real.f1:.3f}")


def _target_title(c: Summary | None) -> Target:
    label = f"title exact match (all pages) > {TITLE_EXACT_TARGET}"
    value = None if c is None else c.meta.title_exact
    if value is None:
        return Target(label, None, "cleaner not run")
    return Target(label, value > TITLE_EXACT_TARGET, f"{value:.3f}")


def _target_cpu(c: Summary | None, t: Summary | None) -> Target:
    label = f"median CPU <= 1/{CPU_FACTOR_TARGET} of trafilatura's"
    if c is None or t is None or c.cpu_median_ms is None or t.cpu_median_ms is None:
        return Target(label, None, "needs both cleaner and trafilatura")
    limit = t.cpu_median_ms / CPU_FACTOR_TARGET
    detail = f"{c.cpu_median_ms:.2f} ms vs limit {limit:.2f} ms ({t.cpu_median_ms:.2f} / 5)"
    return Target(label, c.cpu_median_ms <= limit, detail)


def _target_rss(c: Summary | None, t: Summary | None) -> Target:
    label = "peak RSS below trafilatura's"
    if c is None or t is None or c.rss_peak_mib is None or t.rss_peak_mib is None:
        return Target(label, None, "needs both cleaner and trafilatura")
    detail = f"{c.rss_peak_mib:.1f} MiB vs {t.rss_peak_mib:.1f} MiB"
    return Target(label, c.rss_peak_mib < t.rss_peak_mib, detail)


def targets(summaries: Mapping[str, Summary | None]) -> list[Target]:
    c, t = summaries.get("cleaner"), summaries.get("trafilatura")
    return [_target_f1(c), _target_title(c), _target_cpu(c, t), _target_rss(c, t)]


def format_targets(items: Sequence[Target]) -> str:
    marks = {True: "met ", False: "MISS", None: "n/a "}
    lines = ["Targets (cleaner):"]
    lines += [f"  [{marks[t.met]}] {t.label}: {t.detail}" for t in items]
    return "\n".join(lines)


# -- worst pages -----------------------------------------------------------------------------


def _pr(score: PageScore) -> str:
    p, r = score.precision, score.recall
    return f"P {'-' if p is None else f'{p:.2f}'} R {'-' if r is None else f'{r:.2f}'}"


def _worst_entry(e: PageEval, others: Mapping[str, PageEval]) -> list[str]:
    tag = " (synthetic)" if e.case.synthetic else ""
    head = f"{e.case.id}{tag}: F1 {e.body.f1:.3f} ({_pr(e.body)})"
    head += "".join(f"; {name} F1 {o.body.f1:.3f} ({_pr(o.body)})" for name, o in others.items())
    lines = [head]
    if e.page.error:
        lines.append(f"    {e.page.kind}: {e.page.error}")
    lines.append(f"    title got:      {e.page.extraction.title!r}")
    lines.append(f"    title expected: {e.case.metadata.get('title')!r}")
    return lines


def worst(name: str, evals: Mapping[str, Sequence[PageEval]], n: int) -> str:
    """The ``n`` lowest page F1s of ``name``, beside the other extractors' on the same pages."""
    mine = sorted(evals[name], key=lambda e: (e.body.f1, e.case.id))[:n]
    by_id = {other: {e.case.id: e for e in rows} for other, rows in evals.items() if other != name}
    lines = [f"Worst {len(mine)} pages for {name} by F1:"]
    for e in mine:
        lines += _worst_entry(e, {o: pages[e.case.id] for o, pages in by_id.items()})
    return "\n".join(lines)


# -- JSON ------------------------------------------------------------------------------------


def page_json(e: PageEval) -> dict[str, Any]:
    ex = e.page.extraction
    return {
        "id": e.case.id,
        "synthetic": e.case.synthetic,
        "kind": e.page.kind,
        "error": e.page.error,
        "tp": e.body.tp,
        "fp": e.body.fp,
        "fn": e.body.fn,
        "precision": e.body.precision,
        "recall": e.body.recall,
        "f1": e.body.f1,
        "exact": e.body.exact,
        "meta": dataclasses.asdict(e.meta),
        "title": ex.title,
        "title_expected": e.case.metadata.get("title"),
        "byline": ex.byline,
        "date": ex.date,
        "cpu_ms": e.page.cpu_ms,
        "text": ex.text,
    }
