"""The dev sets inside the repository (``bench/data``): both load, decode and score."""

from __future__ import annotations

import pytest

from bench.data import DevsetError, load_cases
from bench.extractors import Extraction
from bench.report import evaluate, summarise, targets
from bench.runner import ExtractorRun, PageRun


def test_the_readability_set_is_in_the_repository() -> None:
    cases = load_cases("readability")
    assert len(cases) == 129
    assert sum(not c.synthetic for c in cases) == 93
    first = cases[0]
    assert isinstance(first.html(), str)
    assert first.expected_text()


def test_the_trafilatura_set_is_in_the_repository_with_snippets_and_metadata() -> None:
    cases = load_cases("trafilatura")
    assert len(cases) == 477
    assert sum(len(c.with_) for c in cases) == 1421
    assert sum(len(c.without) for c in cases) == 1439
    assert sum(bool(c.metadata) for c in cases) >= 430
    page = cases[0].html()
    assert isinstance(page, bytes)  # encodings vary: the extractor decodes, as in real use


def test_an_unknown_case_is_a_clear_error() -> None:
    with pytest.raises(DevsetError, match="nope"):
        load_cases("trafilatura", only=["nope"])


def test_a_snippet_set_is_summarised_with_snippet_scores_and_targets() -> None:
    cases = load_cases("trafilatura")[:2]
    runs = {}
    for name in ("cleaner", "trafilatura"):
        run = ExtractorRun(name, rss_base_kib=10, rss_peak_kib=20 if name == "cleaner" else 40)
        for case in cases:
            text = " ".join(case.with_) if name == "cleaner" else ""
            run.pages[case.id] = PageRun(case.id, "ok", None, Extraction(text=text), [1.0])
        runs[name] = summarise(run, "trafilatura", evaluate(cases, run))
    assert runs["cleaner"].snippets is not None
    assert runs["cleaner"].snippets.recall == 1.0
    assert runs["trafilatura"].f1 == 0.0
    verdicts = {t.label: t.met for t in targets(runs)}
    assert verdicts["snippet F1 >= trafilatura's + 0.01"] is True
    assert verdicts["median CPU <= 1/5 of trafilatura's"] is False  # same CPU in this example
