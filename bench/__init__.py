"""The evaluation harness: cleaner and trafilatura scored on the shared dev set.

scoring.py     the dev set's scoring rules as pure functions (unit-tested)
data.py        the dev set on disk: manifest, pages, expected text and metadata
extractors.py  one adapter per extractor, each importing its library only when loaded
worker.py      runs one extractor in a fresh process and streams results as JSON lines
runner.py      spawns the workers, survives a worker that dies on a page
report.py      per-page evaluation, the side-by-side table, the targets, the worst pages
devset.py      the command line: ``python -m bench.devset`` (``make bench``)
"""
