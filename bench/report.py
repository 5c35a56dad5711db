"""Per-page evaluation, per-extractor summaries, the side-by-side table, targets, worst pages.

Two kinds of set: the readability set is scored by 4-gram shingles against an expected text
(F1 on all pages and on the real ones), the trafilatura set by snippets the text must and
must not contain (micro-averaged). Metadata and timing are reported the same way for both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.data import Case, SetName
from bench.runner import ExtractorRun, PageRun
from bench.scoring import (
    BodyScores,
    MetaCheck,
    MetaScores,
    PageScore,
    SnippetScore,
    SnippetScores,
    aggregate_body,
    aggregate_meta,
    aggregate_snippets,
    check_meta,
    cpu_figures,
    score_page,
    score_snippets,
)

__all__ = [
    "PageEval",
    "Summary",
    "Target",
    "cpu_summary",
    "evaluate",
    "floor_line",
    "format_targets",
    "page_json",
    "summarise",
    "table",
    "targets",
    "worst",
]

READABILITY_F1_TARGET = 0.97
READABILITY_TITLE_TARGET = 0.85
SNIPPET_F1_MARGIN = 0.01
CPU_FACTOR_TARGET = 5
_KIB_PER_MIB = 1024


@dataclass(frozen=True)
class PageEval:
    case: Case
    page: PageRun
    body: PageScore | SnippetScore
    meta: MetaCheck

    @property
    def badness(self) -> float:
        """For ranking pages, worst first: missed and leaked snippets, or 1 - page F1."""
        if isinstance(self.body, SnippetScore):
            return float(self.body.errors)
        return 1.0 - self.body.f1


def _score(case: Case, text: str) -> PageScore | SnippetScore:
    if case.expected_text_file is not None:
        return score_page(text, case.expected_text())
    return score_snippets(text, case.with_, case.without)


def evaluate(cases: Sequence[Case], run: ExtractorRun) -> list[PageEval]:
    evals = []
    for case in cases:
        page = run.pages.get(case.id) or PageRun(case.id, "crash", "no result from the worker")
        body = _score(case, page.extraction.text)
        evals.append(PageEval(case, page, body, check_meta(page.extraction.meta, case.metadata)))
    return evals


@dataclass(frozen=True)
class Summary:
    name: str
    set: SetName
    body_all: BodyScores | None  # shingle-scored sets
    body_real: BodyScores | None
    snippets: SnippetScores | None  # snippet-scored sets
    meta: MetaScores
    cpu_mean_ms: float | None  # per page: per-run figure, median over runs
    cpu_median_ms: float | None
    rss_peak_mib: float | None
    rss_increase_mib: float | None  # over the worker's RSS after imports and page loading
    raised: int  # pages that raised anything (cleaner: CleanerError included)
    crashed: int  # pages that raised something else, timed out or killed the worker
    empty: int  # pages with an empty extraction, whatever the reason
    wall_s: float

    @property
    def f1(self) -> float:
        """The set's headline F1: real pages (shingles) or snippets."""
        if self.snippets is not None:
            return self.snippets.f1
        assert self.body_real is not None
        return self.body_real.f1


def _cpu_runs(pages: Sequence[PageRun]) -> list[list[float]]:
    runs = max((len(p.cpu_ms) for p in pages), default=0)
    return [[p.cpu_ms[r] for p in pages if len(p.cpu_ms) > r] for r in range(runs)]


def _mib(kib: int | None) -> float | None:
    return None if kib is None else kib / _KIB_PER_MIB


def _increase(run: ExtractorRun) -> float | None:
    if run.rss_peak_kib is None or run.rss_base_kib is None:
        return None
    return (run.rss_peak_kib - run.rss_base_kib) / _KIB_PER_MIB


def _bodies(evals: Sequence[PageEval]) -> tuple[BodyScores | None, BodyScores | None]:
    shingled = [e for e in evals if isinstance(e.body, PageScore)]
    if not shingled:
        return None, None
    all_pages = aggregate_body([e.body for e in shingled if isinstance(e.body, PageScore)])
    real = [e.body for e in shingled if isinstance(e.body, PageScore) and not e.case.synthetic]
    return all_pages, aggregate_body(real)


def _snippets(evals: Sequence[PageEval]) -> SnippetScores | None:
    scores = [e.body for e in evals if isinstance(e.body, SnippetScore)]
    return aggregate_snippets(scores) if scores else None


def summarise(run: ExtractorRun, set_name: SetName, evals: Sequence[PageEval]) -> Summary:
    cpu_mean, cpu_median = cpu_figures(_cpu_runs([e.page for e in evals]))
    body_all, body_real = _bodies(evals)
    return Summary(
        name=run.name,
        set=set_name,
        body_all=body_all,
        body_real=body_real,
        snippets=_snippets(evals),
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


def cpu_summary(run: ExtractorRun) -> tuple[float | None, float | None]:
    """(mean, median) CPU ms per page of a run that is timed, not scored (the parse floor)."""
    return cpu_figures(_cpu_runs(list(run.pages.values())))


# -- the table -------------------------------------------------------------------------------

Value = float | int | None
Getter = Callable[[Summary], Value]
_FORMATS = {"rate": "{:.3f}", "ms": "{:.2f}", "mib": "{:.1f}", "count": "{:d}"}


@dataclass(frozen=True)
class Row:
    label: str
    get: Getter
    kind: str  # a key of _FORMATS


def _body_rows(name: str, attr: str, n_all: int, n_real: int) -> list[Row]:
    return [
        Row(f"{name}, all {n_all} pages", lambda s: getattr(s.body_all, attr, None), "rate"),
        Row(f"{name}, {n_real} real pages", lambda s: getattr(s.body_real, attr, None), "rate"),
    ]


def _quality_rows(cases: Sequence[Case]) -> list[Row]:
    if cases and cases[0].expected_text_file is None:
        n = len(cases)
        return [
            Row(f"snippet {label} ({n} pages)", _snippet_getter(attr), "rate")
            for label, attr in (
                ("F1", "f1"),
                ("precision", "precision"),
                ("recall", "recall"),
                ("accuracy", "accuracy"),
            )
        ]
    n_all, n_real = len(cases), sum(not c.synthetic for c in cases)
    rows: list[Row] = []
    for name, attr in (
        ("F1", "f1"),
        ("precision", "precision"),
        ("recall", "recall"),
        ("exact match", "exact"),
    ):
        rows += _body_rows(name, attr, n_all, n_real)
    return rows


def _snippet_getter(attr: str) -> Getter:
    return lambda s: getattr(s.snippets, attr, None)


def _rows(cases: Sequence[Case], meta: MetaScores | None) -> list[Row]:
    m = meta or aggregate_meta([])
    return [
        *_quality_rows(cases),
        Row(f"title exact match ({m.title_pages})", lambda s: s.meta.title_exact, "rate"),
        Row(f"title lenient match ({m.title_pages})", lambda s: s.meta.title_lenient, "rate"),
        Row(f"author match ({m.byline_pages})", lambda s: s.meta.byline, "rate"),
        Row(
            f"authors where none expected (of {m.byline_none_pages})",
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


def floor_line(
    floor: tuple[float | None, float | None], summaries: Mapping[str, Summary | None]
) -> str:
    """The parse-only floor (lexbor parsing the same input) and each extractor's multiple."""
    mean, median = floor
    if median is None or mean is None:
        return "parse-only floor: n/a"
    parts = [f"parse-only floor (lexbor parse): median {median:.2f} ms, mean {mean:.2f} ms"]
    for name, summary in summaries.items():
        if summary is not None and summary.cpu_median_ms is not None and median > 0:
            parts.append(f"{name} {summary.cpu_median_ms / median:.1f}x")
    return "; ".join(parts) + " (medians)"


# -- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    met: bool | None  # None: could not be checked
    detail: str


def _at_least(label: str, value: float | None, limit: float | None, strict: bool = False) -> Target:
    if value is None or limit is None:
        return Target(label, None, "needs both figures")
    met = value > limit if strict else value >= limit
    return Target(label, met, f"{value:.3f} vs {limit:.3f}")


def _target_cpu(c: Summary, t: Summary | None) -> Target:
    label = f"median CPU <= 1/{CPU_FACTOR_TARGET} of trafilatura's"
    if t is None or c.cpu_median_ms is None or t.cpu_median_ms is None:
        return Target(label, None, "needs both cleaner and trafilatura")
    limit = t.cpu_median_ms / CPU_FACTOR_TARGET
    ratio = c.cpu_median_ms / t.cpu_median_ms
    detail = f"{c.cpu_median_ms:.2f} ms vs limit {limit:.2f} ms (ratio {ratio:.3f})"
    return Target(label, c.cpu_median_ms <= limit, detail)


def _target_rss(c: Summary, t: Summary | None) -> Target:
    label = "peak RSS below trafilatura's"
    if t is None or c.rss_peak_mib is None or t.rss_peak_mib is None:
        return Target(label, None, "needs both cleaner and trafilatura")
    detail = f"{c.rss_peak_mib:.1f} MiB vs {t.rss_peak_mib:.1f} MiB"
    return Target(label, c.rss_peak_mib < t.rss_peak_mib, detail)


def _readability_targets(c: Summary) -> list[Target]:
    return [
        _at_least(f"F1 on real pages >= {READABILITY_F1_TARGET}", c.f1, READABILITY_F1_TARGET),
        _at_least(
            f"title exact match >= {READABILITY_TITLE_TARGET}",
            c.meta.title_exact,
            READABILITY_TITLE_TARGET,
        ),
    ]


def _snippet_targets(c: Summary, t: Summary | None) -> list[Target]:
    if t is None:
        return [Target("quality against trafilatura", None, "needs trafilatura")]
    return [
        _at_least(
            f"snippet F1 >= trafilatura's + {SNIPPET_F1_MARGIN}", c.f1, t.f1 + SNIPPET_F1_MARGIN
        ),
        _at_least("date match >= trafilatura's", c.meta.date, t.meta.date),
        _at_least("author match >= trafilatura's", c.meta.byline, t.meta.byline),
        _at_least(
            "title exact match > trafilatura's", c.meta.title_exact, t.meta.title_exact, True
        ),
    ]


def targets(summaries: Mapping[str, Summary | None]) -> list[Target]:
    c, t = summaries.get("cleaner"), summaries.get("trafilatura")
    if c is None:
        return [Target("cleaner's figures", None, "cleaner not run")]
    quality = _readability_targets(c) if c.set == "readability" else _snippet_targets(c, t)
    return [*quality, _target_cpu(c, t), _target_rss(c, t)]


def format_targets(items: Sequence[Target]) -> str:
    marks = {True: "met ", False: "MISS", None: "n/a "}
    lines = ["Targets (cleaner):"]
    lines += [f"  [{marks[t.met]}] {t.label}: {t.detail}" for t in items]
    return "\n".join(lines)


# -- worst pages -----------------------------------------------------------------------------


def _describe(body: PageScore | SnippetScore) -> str:
    if isinstance(body, SnippetScore):
        return f"{body.fn} missing, {body.fp} leaked"
    p, r = body.precision, body.recall
    precision = "-" if p is None else f"{p:.2f}"
    recall = "-" if r is None else f"{r:.2f}"
    return f"F1 {body.f1:.3f} (P {precision} R {recall})"


def _worst_entry(e: PageEval, others: Mapping[str, PageEval]) -> list[str]:
    tag = " (synthetic)" if e.case.synthetic else ""
    head = f"{e.case.id}{tag}: {_describe(e.body)}"
    head += "".join(f"; {name} {_describe(o.body)}" for name, o in others.items())
    lines = [head]
    if e.page.error:
        lines.append(f"    {e.page.kind}: {e.page.error}")
    if isinstance(e.body, SnippetScore):
        lines += [f"    missing: {s!r}" for s in e.body.missing]
        lines += [f"    leaked:  {s!r}" for s in e.body.leaked]
    lines.append(f"    title got:      {e.page.extraction.title!r}")
    lines.append(f"    title expected: {e.case.metadata.get('title')!r}")
    return lines


def worst(name: str, evals: Mapping[str, Sequence[PageEval]], n: int) -> str:
    """The ``n`` worst pages of ``name``, beside the other extractors' on the same pages."""
    mine = sorted(evals[name], key=lambda e: (-e.badness, e.case.id))[:n]
    by_id = {other: {e.case.id: e for e in rows} for other, rows in evals.items() if other != name}
    lines = [f"Worst {len(mine)} pages for {name}:"]
    for e in mine:
        lines += _worst_entry(e, {o: pages[e.case.id] for o, pages in by_id.items()})
    return "\n".join(lines)


# -- JSON ------------------------------------------------------------------------------------


def _body_json(body: PageScore | SnippetScore) -> dict[str, Any]:
    if isinstance(body, SnippetScore):
        return dataclasses.asdict(body)
    return {
        "tp": body.tp,
        "fp": body.fp,
        "fn": body.fn,
        "precision": body.precision,
        "recall": body.recall,
        "f1": body.f1,
        "exact": body.exact,
    }


def page_json(e: PageEval) -> dict[str, Any]:
    ex = e.page.extraction
    return {
        "id": e.case.id,
        "synthetic": e.case.synthetic,
        "kind": e.page.kind,
        "error": e.page.error,
        **_body_json(e.body),
        "meta": dataclasses.asdict(e.meta),
        "title": ex.title,
        "title_expected": e.case.metadata.get("title"),
        "byline": ex.byline,
        "byline_expected": e.case.metadata.get("byline"),
        "date": ex.date,
        "date_expected": e.case.metadata.get("publishedTime"),
        "cpu_ms": e.page.cpu_ms,
        "text": ex.text,
    }
