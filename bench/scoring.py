"""The dev sets' scoring rules (``bench/data/*/README.md``, "Scoring") as pure functions.

Body text: both texts become word tokens (maximal runs of Unicode word characters, ``\\w+``),
then multisets of overlapping 4-token shingles; a text of one to three tokens is a single shingle
of all its tokens, an empty text has none. Per page, tp counts shingles in both (the smaller of
the two counts), fp those only in the extraction, fn those only in the expected text. Precision
is averaged over the pages whose extraction is non-empty, recall over the pages whose expected
text is non-empty, and F1 is the harmonic mean of those two averages (not a mean of page F1s).

Snippets (the trafilatura set, scored as trafilatura's benchmark does): with the output and each
snippet white-space-normalised, a "with" snippet found is a true positive and one missing a false
negative; a "without" snippet found is a false positive and one absent a true negative. Counts are
summed over all pages (micro average).

Metadata, each over the pages whose expected value is not null: title exact (white space
collapsed) and lenient (same lower-cased word tokens); byline as a set of lower-cased word tokens
without "by", plus a count of bylines returned where none is expected; date on the first ten
characters.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "SHINGLE_SIZE",
    "BodyScores",
    "Meta",
    "MetaCheck",
    "MetaScores",
    "PageScore",
    "SnippetScore",
    "SnippetScores",
    "aggregate_body",
    "aggregate_meta",
    "aggregate_snippets",
    "byline_match",
    "byline_tokens",
    "check_meta",
    "collapse_ws",
    "cpu_figures",
    "date_match",
    "harmonic",
    "rate",
    "score_page",
    "score_snippets",
    "shingles",
    "title_exact",
    "title_lenient",
    "tokens",
]

SHINGLE_SIZE = 4
_WORD = re.compile(r"\w+")  # str patterns are Unicode-aware: "wörld", "肖春芳" are words

Shingle = tuple[str, ...]


# -- body text -------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Word tokens: punctuation, white space and line breaks only separate them."""
    return _WORD.findall(text)


def shingles(toks: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """The multiset of overlapping ``size``-token shingles; a short text is one shingle."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b > 0 else 0.0


@dataclass(frozen=True)
class PageScore:
    """Shingle counts of one page; precision/recall are None where the rules leave them out."""

    tp: int
    fp: int
    fn: int
    exact: bool

    @property
    def precision(self) -> float | None:
        """None for an empty extraction: it costs recall, not precision."""
        extracted = self.tp + self.fp
        return self.tp / extracted if extracted else None

    @property
    def recall(self) -> float | None:
        """None for a page whose expected text is empty."""
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    @property
    def f1(self) -> float:
        """The page's own F1, for ranking pages only (the set's F1 is not a mean of these)."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0  # nothing expected and nothing extracted
        return harmonic(self.precision or 0.0, self.recall or 0.0)


def score_page(got: str, expected: str) -> PageScore:
    got_tokens, expected_tokens = tokens(got), tokens(expected)
    got_shingles, expected_shingles = shingles(got_tokens), shingles(expected_tokens)
    tp = (got_shingles & expected_shingles).total()
    return PageScore(
        tp=tp,
        fp=got_shingles.total() - tp,
        fn=expected_shingles.total() - tp,
        exact=got_tokens == expected_tokens,
    )


@dataclass(frozen=True)
class BodyScores:
    pages: int
    precision: float | None  # mean over pages with a non-empty extraction
    recall: float | None  # mean over pages with a non-empty expected text
    f1: float  # harmonic mean of the two means
    exact: float | None  # share of pages whose token sequence equals the expected one


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def aggregate_body(scores: Sequence[PageScore]) -> BodyScores:
    precision = _mean([s.precision for s in scores if s.precision is not None])
    recall = _mean([s.recall for s in scores if s.recall is not None])
    return BodyScores(
        pages=len(scores),
        precision=precision,
        recall=recall,
        f1=harmonic(precision or 0.0, recall or 0.0),
        exact=rate(s.exact for s in scores),
    )


# -- snippets (the trafilatura set) ---------------------------------------------------------


@dataclass(frozen=True)
class SnippetScore:
    """One page's snippet counts."""

    tp: int  # "with" snippets found
    fn: int  # "with" snippets missing
    fp: int  # "without" snippets found
    tn: int  # "without" snippets absent
    missing: tuple[str, ...] = ()  # the "with" snippets not found (for the worst-page list)
    leaked: tuple[str, ...] = ()  # the "without" snippets found

    @property
    def errors(self) -> int:
        return self.fn + self.fp


def score_snippets(got: str, with_: Sequence[str], without: Sequence[str]) -> SnippetScore:
    text = collapse_ws(got)
    missing = tuple(s for s in with_ if collapse_ws(s) not in text)
    leaked = tuple(s for s in without if collapse_ws(s) in text)
    return SnippetScore(
        tp=len(with_) - len(missing),
        fn=len(missing),
        fp=len(leaked),
        tn=len(without) - len(leaked),
        missing=missing,
        leaked=leaked,
    )


@dataclass(frozen=True)
class SnippetScores:
    pages: int
    precision: float | None
    recall: float | None
    f1: float
    accuracy: float | None


def aggregate_snippets(scores: Sequence[SnippetScore]) -> SnippetScores:
    tp, fn = sum(s.tp for s in scores), sum(s.fn for s in scores)
    fp, tn = sum(s.fp for s in scores), sum(s.tn for s in scores)
    total = tp + fn + fp + tn
    return SnippetScores(
        pages=len(scores),
        precision=tp / (tp + fp) if tp + fp else None,
        recall=tp / (tp + fn) if tp + fn else None,
        f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        accuracy=(tp + tn) / total if total else None,
    )


# -- metadata --------------------------------------------------------------------------------


def collapse_ws(text: str) -> str:
    """Runs of white space (non-breaking spaces included) to one space, ends stripped."""
    return " ".join(text.split())


def _lower_tokens(text: str) -> list[str]:
    return [t.casefold() for t in tokens(text)]


def title_exact(got: str | None, expected: str) -> bool:
    return collapse_ws(got or "") == collapse_ws(expected)


def title_lenient(got: str | None, expected: str) -> bool:
    return _lower_tokens(got or "") == _lower_tokens(expected)


def byline_tokens(byline: str | None) -> frozenset[str]:
    """Case-folded word tokens without "by": lists of authors are pooled."""
    return frozenset(t for t in _lower_tokens(byline or "") if t != "by")


def byline_match(got: str | None, expected: str) -> bool:
    return byline_tokens(got) == byline_tokens(expected)


def date_match(got: str | None, expected: str) -> bool:
    """The first ten characters (``YYYY-MM-DD``) agree; no date returned is a miss."""
    return got is not None and got[:10] == expected[:10]


@dataclass(frozen=True)
class Meta:
    """What an extractor returned besides the body."""

    title: str | None = None
    byline: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class MetaCheck:
    """One page's metadata verdicts; None means not checked (expected value null or absent)."""

    title_exact: bool | None
    title_lenient: bool | None
    byline: bool | None
    byline_unexpected: bool | None  # checked where the expected byline is null
    date: bool | None


def _returned(value: str | None) -> bool:
    return bool(value and value.strip())


def _expected(expected: Mapping[str, object], key: str) -> str | None:
    value = expected.get(key)
    return value if isinstance(value, str) else None


def _unexpected_byline(got: Meta, expected: Mapping[str, object]) -> bool | None:
    if "byline" not in expected or expected["byline"] is not None:
        return None
    return _returned(got.byline)


def check_meta(got: Meta, expected: Mapping[str, object]) -> MetaCheck:
    """Check ``got`` against a page's metadata.json (keys ``title``, ``byline``, ...)."""
    title = _expected(expected, "title")
    byline = _expected(expected, "byline")
    date = _expected(expected, "publishedTime")
    return MetaCheck(
        title_exact=None if title is None else title_exact(got.title, title),
        title_lenient=None if title is None else title_lenient(got.title, title),
        byline=None if byline is None else byline_match(got.byline, byline),
        byline_unexpected=_unexpected_byline(got, expected),
        date=None if date is None else date_match(got.date, date),
    )


def rate(flags: Iterable[bool | None]) -> float | None:
    """Share of True among the checked (non-None) flags; None when nothing was checked."""
    checked = [f for f in flags if f is not None]
    return sum(checked) / len(checked) if checked else None


@dataclass(frozen=True)
class MetaScores:
    title_exact: float | None
    title_lenient: float | None
    title_pages: int
    byline: float | None
    byline_pages: int
    byline_unexpected: int  # bylines returned where none is expected
    byline_none_pages: int  # pages where none is expected
    date: float | None
    date_pages: int


def _count(flags: Iterable[bool | None]) -> int:
    return sum(1 for f in flags if f is not None)


def aggregate_meta(checks: Sequence[MetaCheck]) -> MetaScores:
    return MetaScores(
        title_exact=rate(c.title_exact for c in checks),
        title_lenient=rate(c.title_lenient for c in checks),
        title_pages=_count(c.title_exact for c in checks),
        byline=rate(c.byline for c in checks),
        byline_pages=_count(c.byline for c in checks),
        byline_unexpected=sum(1 for c in checks if c.byline_unexpected),
        byline_none_pages=_count(c.byline_unexpected for c in checks),
        date=rate(c.date for c in checks),
        date_pages=_count(c.date for c in checks),
    )


# -- timing ----------------------------------------------------------------------------------


def cpu_figures(runs: Sequence[Sequence[float]]) -> tuple[float | None, float | None]:
    """(mean, median) per page: each taken per run, then the median over the runs."""
    timed = [run for run in runs if run]
    if not timed:
        return None, None
    means = [statistics.fmean(run) for run in timed]
    medians = [statistics.median(run) for run in timed]
    return statistics.median(means), statistics.median(medians)
