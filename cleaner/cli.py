"""The command line: data to stdout, logs and progress to stderr.

Exit codes: 0 all inputs succeeded, 1 some inputs failed (each reported on stderr with its
reason), 2 usage errors (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cleaner._version import __version__
from cleaner.errors import CleanerError
from cleaner.models import Article

__all__ = ["main"]

log = logging.getLogger("cleaner.cli")


@dataclass(slots=True)
class Tally:
    """What one run did, for the summary line and the exit code."""

    extracted: int = 0
    failed: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="News pages in, clean article records (JSON Lines) out."
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="extract articles from saved HTML files")
    extract.add_argument("files", nargs="+", metavar="FILE", help="HTML files; - reads stdin")
    extract.add_argument(
        "-o", "--output", metavar="OUT", help="write JSON Lines here (default stdout)"
    )
    extract.add_argument("--url", help="the URL the page came from (one input only)")
    extract.add_argument(
        "--explain", action="store_true", help="show every removed block with its rule and reason"
    )

    clean = commands.add_parser("clean-text", help="clean already-scraped text files")
    clean.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads stdin")
    clean.add_argument(
        "-o", "--output", metavar="OUT", help="write JSON Lines here (default stdout)"
    )

    commands.add_parser("schema", help="print the JSON Schema of the article records")
    _add_crawl(commands)
    return parser


def _add_crawl(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``cleaner crawl``: flag names follow trafilatura's and Scrapy's settings."""
    crawl = commands.add_parser("crawl", help="fetch URLs, feeds and sitemaps; write articles")
    crawl.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    crawl.add_argument(
        "--urls",
        "-i",
        "--input-file",
        dest="url_file",
        metavar="FILE",
        help="a file of URLs, one per line; - reads stdin",
    )
    crawl.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL",
        help="an RSS/Atom feed whose entries to fetch (repeatable)",
    )
    crawl.add_argument(
        "--sitemap",
        action="append",
        default=[],
        metavar="URL",
        help="an XML sitemap or sitemap index (repeatable)",
    )
    crawl.add_argument(
        "--discover",
        action="append",
        default=[],
        metavar="URL",
        help="a home page: find its feeds and sitemaps (page, robots.txt)",
    )
    crawl.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="articles as JSON Lines (appended; a torn last line is repaired)",
    )
    crawl.add_argument("--json-dir", metavar="DIR", help="also one JSON file per article")
    crawl.add_argument(
        "--rejects",
        metavar="FILE",
        help="skipped and failed inputs with their reasons, as JSON Lines",
    )
    crawl.add_argument(
        "--resume", action="store_true", help="skip URLs whose articles are already in --output"
    )
    limits = crawl.add_argument_group("politeness and limits (Scrapy's names in brackets)")
    limits.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="requests in flight, all hosts [CONCURRENT_REQUESTS]",
    )
    limits.add_argument(
        "--per-host",
        type=int,
        metavar="N",
        help="requests in flight per host [CONCURRENT_REQUESTS_PER_DOMAIN]",
    )
    limits.add_argument(
        "--delay",
        type=float,
        metavar="S",
        help="seconds between requests to a host [DOWNLOAD_DELAY]",
    )
    limits.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="total seconds per fetch, retries included [DOWNLOAD_TIMEOUT]",
    )
    limits.add_argument("--connect-timeout", type=float, metavar="S")
    limits.add_argument("--read-timeout", type=float, metavar="S")
    limits.add_argument(
        "--max-size", type=int, metavar="BYTES", help="cap on a decoded body [DOWNLOAD_MAXSIZE]"
    )
    limits.add_argument(
        "--retries",
        type=int,
        metavar="N",
        help="extra tries on connect errors, 429, 5xx [RETRY_TIMES]",
    )
    limits.add_argument("--user-agent", metavar="UA", help="[USER_AGENT]")
    limits.add_argument("--contact", metavar="URL", help="contact URL in the user agent")
    limits.add_argument(
        "--no-robots",
        dest="robots",
        action="store_false",
        help="ignore robots.txt [ROBOTSTXT_OBEY=False]",
    )
    limits.add_argument(
        "--allow-private",
        action="store_true",
        help="allow loopback and private addresses (local sites only)",
    )
    work = crawl.add_argument_group("extraction")
    work.add_argument(
        "--workers",
        "--parallel",
        type=int,
        metavar="N",
        help="extraction processes (default: all cores)",
    )
    work.add_argument(
        "--extract-timeout",
        type=float,
        metavar="S",
        help="seconds of extraction per page before its worker is replaced",
    )
    work.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as stream:
        yield stream


def _write(stream: IO[str], article: Article) -> None:
    stream.write(article.model_dump_json())
    stream.write("\n")
    stream.flush()


def run_extract(files: Sequence[str], output: str | None, url: str | None = None) -> Tally:
    """Extract every file; one record per success, one stderr line per failure."""
    from cleaner.extraction import extract

    return _run(files, output, lambda data: extract(data, url=url))


def run_clean_text(files: Sequence[str], output: str | None) -> Tally:
    """Clean every already-scraped text file, as ``run_extract`` does with HTML."""
    from cleaner.cleantext import clean_text

    return _run(files, output, lambda data: clean_text(data.decode("utf-8", errors="replace")))


def _run(files: Sequence[str], output: str | None, make: Callable[[bytes], Article]) -> Tally:
    tally = Tally()
    with _output(output) as stream:
        for name in files:
            try:
                article = make(_read(name))
            except (CleanerError, OSError) as error:
                tally.failed += 1
                log.error("%s: %s", name, _reason(error))
                continue
            tally.extracted += 1
            _write(stream, article)
    return tally


def _reason(error: Exception) -> str:
    if isinstance(error, CleanerError):
        return f"{error.code}: {error.message}"
    return f"cannot read: {error}"


def run_explain(files: Sequence[str], url: str | None) -> Tally:
    """Human-readable report: each removed block with its rule and reason, then the text."""
    from cleaner.extraction import explain

    tally = Tally()
    for name in files:
        try:
            result = explain(_read(name), url=url)
        except OSError as error:
            tally.failed += 1
            log.error("%s: %s", name, _reason(error))
            continue
        print(f"== {name}")
        for removal in result.removals:
            text = removal.text if len(removal.text) <= 120 else removal.text[:117] + "..."
            print(f"- [{removal.rule}] <{removal.tag}> {removal.reason}\n    {text!r}")
        if result.article is None:
            tally.failed += 1
            print(f"!! no article: {result.error}")
            log.error("%s: %s", name, result.error)
            continue
        tally.extracted += 1
        print(f"== kept: {result.article.title!r}, {result.article.word_count} words\n")
        print(result.article.text)
    return tally


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "crawl":
        from cleaner.crawl import run_crawl, settings_from_args

        if not (args.urls or args.url_file or args.feed or args.sitemap or args.discover):
            parser.error("crawl needs URLs, --urls, --feed, --sitemap or --discover")
        return run_crawl(args, settings_from_args(args))
    if args.command == "schema":
        print(json.dumps(Article.model_json_schema(), indent=2, sort_keys=True))
        return 0
    if args.command == "clean-text":
        tally = run_clean_text(args.files, args.output)
    else:
        if args.url and len(args.files) > 1:
            parser.error("--url applies to one input only")
        if args.explain and args.output:
            parser.error("--explain prints a report for people; it does not write -o files")
        if args.explain:
            tally = run_explain(args.files, args.url)
        else:
            tally = run_extract(args.files, args.output, args.url)
    log.info("%d extracted, %d failed", tally.extracted, tally.failed)
    return tally.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="cleaner: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return _dispatch(args, parser)
    except BrokenPipeError:
        # The reader went away (`cleaner schema | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
