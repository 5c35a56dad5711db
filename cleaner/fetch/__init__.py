"""Fetching: httpx on top of aiohttp, with the guards the open web needs.

Modules: ``guard`` (which addresses and URLs may be fetched), ``decoders`` (bounded
Content-Encoding decoding), ``transport`` (the httpx transport), ``throttle`` (global and
per-host limits), ``robots`` (robots.txt), ``fetcher`` (``Fetcher``: redirects, retries,
deadline, conditional GET).
"""
