"""``make demo``: extract the bundled fixture pages (offline) to a JSON Lines file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from cleaner.cli import run_extract

OUTPUT = Path("out/demo/articles.jsonl")


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="cleaner: %(message)s", stream=sys.stderr)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    pages = sorted(str(p) for p in fixtures.glob("*.html"))
    if not pages:
        sys.stderr.write(f"no fixture pages found in {fixtures}\n")
        return 1
    sys.stderr.write(f"extracting {len(pages)} bundled pages from {fixtures} ...\n")
    tally = run_extract(pages, str(OUTPUT))
    sys.stderr.write(
        f"{tally.extracted} articles extracted, {tally.failed} pages without an article "
        "(index, login and consent pages are bundled on purpose; reasons above)\n"
    )
    print(f"output: {OUTPUT.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
