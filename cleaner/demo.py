"""``make demo``: crawl a bundled news site on 127.0.0.1 through the real fetcher and pipeline.

Starts the site (the fixture pages, a feed, a sitemap and robots.txt), crawls it from its
feed and sitemap, writes ``out/demo/articles.jsonl`` (and ``rejects.jsonl``), prints the run
summary and where the output is, and stops the site. Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from cleaner.crawl import crawl
from cleaner.demo_site import serve
from cleaner.settings import FetchSettings, PipelineSettings, Settings

OUTPUT = Path("out/demo")


def demo_settings() -> Settings:
    """Polite defaults, but only 127.0.0.1 is allowed and the local site needs no delay."""
    return Settings(
        fetch=FetchSettings(
            allow_addresses=("127.0.0.1",),
            per_host_delay=0.0,
            concurrency=8,
            per_host_concurrency=4,
        ),
        pipeline=PipelineSettings(progress=False),
    )


def main() -> int:
    from cleaner.sinks import JsonlSink, RejectsSink

    logging.basicConfig(level=logging.WARNING, format="cleaner: %(message)s", stream=sys.stderr)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    articles, rejects = OUTPUT / "articles.jsonl", OUTPUT / "rejects.jsonl"
    for path in (articles, rejects):
        path.unlink(missing_ok=True)  # the demo starts afresh each time
    with serve() as base:
        sys.stderr.write(f"demo site on {base}; crawling its feed and sitemap ...\n")
        with JsonlSink(articles) as out, RejectsSink(rejects) as rejected:
            report = asyncio.run(
                crawl(
                    [],
                    feeds=[f"{base}/feed.xml"],
                    sitemaps=[f"{base}/sitemap.xml"],
                    settings=demo_settings(),
                    sinks=[out, rejected],
                )
            )
    sys.stderr.write(report.summary() + "\n")
    print(f"output: {articles.resolve()}")
    print(f"rejects: {rejects.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
