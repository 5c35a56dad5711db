"""The fetch bench's pure parts: its pages, its server protocol, its figures, table and targets.

No sockets and no processes: ``python -m bench.fetch`` itself is the end-to-end run.
"""

from __future__ import annotations

import asyncio
import gzip

import pytest

from bench.fetch import (
    Check,
    Row,
    Sample,
    checks,
    format_checks,
    format_table,
    paired_ratio,
    run_order,
    summarise,
)
from bench.fetch_server import PAGE_BYTES, _Server, build_responses, make_page, page_path
from bench.pipeline import Figures, format_section
from cleaner import extract

# -- pages -------------------------------------------------------------------------------------


def test_pages_are_about_60_kb_each_within_ten_percent() -> None:
    sizes = [len(make_page(i)) for i in range(40)]
    assert all(0.9 * PAGE_BYTES - 2000 <= s <= 1.1 * PAGE_BYTES + 2000 for s in sizes)
    assert len(set(sizes)) > 30  # they vary


def test_pages_are_deterministic_and_distinct() -> None:
    assert make_page(7) == make_page(7)
    assert make_page(7) != make_page(8)


def test_page_size_follows_the_size_asked_for() -> None:
    assert 26_000 <= len(make_page(3, 30_000)) <= 34_500  # furniture alone is ~14 KB


def test_a_page_is_utf8_html_with_an_article_cleaner_extracts() -> None:
    page = make_page(5)
    text = page.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    article = extract(page, url="http://127.0.0.1/p/5")
    assert len(article.text) > 20_000
    assert "Skip to main content" not in article.text


# -- responses and the server protocol ---------------------------------------------------------


def _split(response: bytes) -> tuple[dict[bytes, bytes], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
    return {k.lower(): v for k, v in fields.items()}, body


def test_responses_carry_a_correct_length_and_an_equivalent_gzip_body() -> None:
    responses = build_responses(2, size=5_000, compress=True)
    plain, zipped = responses[page_path(1).encode()]
    fields, body = _split(plain)
    assert body == make_page(1, 5_000)
    assert int(fields[b"content-length"]) == len(body)
    assert fields[b"content-type"] == b"text/html; charset=utf-8"
    assert zipped is not None
    zfields, zbody = _split(zipped)
    assert zfields[b"content-encoding"] == b"gzip"
    assert int(zfields[b"content-length"]) == len(zbody)
    assert gzip.decompress(zbody) == body
    assert b"/robots.txt" in responses


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.sent.append(bytes(data))

    def close(self) -> None:
        self.closed = True


def _connect(compress: bool = False) -> tuple[_Server, _Transport]:
    server, transport = _Server(build_responses(2, size=3_000, compress=compress)), _Transport()
    server.connection_made(transport)
    return server, transport


def test_server_answers_pipelined_requests_split_across_reads() -> None:
    server, transport = _connect()
    server.data_received(b"GET /p/0 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/1 HT")
    server.data_received(b"TP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\n\r\n")
    assert [_split(r)[1] for r in transport.sent[:2]] == [make_page(0, 3_000), make_page(1, 3_000)]
    assert transport.sent[2].startswith(b"HTTP/1.1 404")
    assert not transport.closed


def test_server_sends_gzip_only_to_clients_that_accept_it() -> None:
    server, transport = _connect(compress=True)
    server.data_received(b"GET /p/0 HTTP/1.1\r\n\r\n")
    server.data_received(b"GET /p/0 HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\n\r\n")
    assert b"content-encoding" not in _split(transport.sent[0])[0]
    assert _split(transport.sent[1])[0][b"content-encoding"] == b"gzip"


def test_server_closes_on_connection_close_and_on_a_bad_request() -> None:
    server, transport = _connect()
    server.data_received(b"GET /p/0 HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert transport.closed
    server, transport = _connect()
    server.data_received(b"POST /p/0 HTTP/1.1\r\n\r\n")
    assert transport.sent[0].startswith(b"HTTP/1.1 400") and transport.closed


# -- figures, table, targets -------------------------------------------------------------------


def test_sample_rates_are_per_page() -> None:
    sample = Sample(pages=1000, wall_s=2.0, cpu_s=0.5)
    assert sample.pages_per_s == 500
    assert sample.cpu_ms_per_page == 0.5


def test_summary_takes_medians_and_adds_up_errors() -> None:
    runs = [
        Sample(100, 1.0, 0.1),
        Sample(100, 0.5, 0.3, errors=2, first_error="boom"),
        Sample(100, 2.0, 0.2),
    ]
    row = summarise("httpx", 16, runs)
    assert row.pages_per_s == 100
    assert row.cpu_ms_per_page == pytest.approx(2.0)
    assert (row.runs, row.errors, row.first_error) == (3, 2, "boom")
    assert row.spread == pytest.approx(1.5)  # (200 - 50) / 100
    assert summarise("httpx", 16, []).unavailable == "no completed run"


def _rows(ours_cpu: float = 0.9, ours_64: float = 950.0) -> list[Row]:
    return [
        Row("aiohttp", 16, 2000.0, 0.3, runs=3, spread=0.123),
        Row("cleaner", 16, 1000.0, ours_cpu, runs=3),
        Row("aiohttp", 64, 2500.0, 0.25, runs=3),
        Row("cleaner", 64, ours_64, 1.0, runs=3),
    ]


def test_table_gives_cpu_ratio_to_aiohttp_at_the_same_concurrency() -> None:
    rows = [*_rows(), Row("httpx", 128, 80.0, 9.0), Row("cleaner", 32, unavailable="no module")]
    lines = format_table(rows).splitlines()
    assert lines[0] == "client         conc  pages/s spread CPU ms/page CPU vs aiohttp"
    assert lines[2].split() == ["aiohttp", "16", "2000", "12%", "0.300", "1.00x"]
    assert lines[3].split() == ["cleaner", "16", "1000", "—", "0.900", "3.00x"]
    assert lines[5].split() == ["cleaner", "64", "950", "—", "1.000", "4.00x"]
    assert lines[6].split()[-1] == "—"  # no aiohttp figure at 128
    assert lines[7].endswith("unavailable: no module")


def test_table_shows_errors() -> None:
    rows = [Row("aiohttp", 16, 10.0, 1.0, errors=3, first_error="http://x: ValueError")]
    assert format_table(rows).endswith("3 errors, first: http://x: ValueError")


def test_targets_met() -> None:
    found = checks(_rows())
    assert [c.met for c in found] == [True, False, True]  # 3.0x, 4.0x, 0.95
    assert found[0].value == pytest.approx(3.0)
    assert found[2].value == pytest.approx(0.95)
    assert "at concurrency 64 ≥ 0.9x at 16" in found[2].name


def test_targets_missed_and_not_measured() -> None:
    assert [c.met for c in checks(_rows(ours_cpu=3.6, ours_64=800.0))] == [False, False, False]
    found = checks([Row("aiohttp", 16, 1.0, 1.0), Row("cleaner", 16, unavailable="not yet")])
    assert [c.met for c in found] == [None]  # one concurrency: no scaling target


def test_errors_make_a_cpu_target_missed() -> None:
    rows = _rows()
    rows[1] = Row("cleaner", 16, 1000.0, 0.5, errors=1, first_error="x")
    assert checks(rows)[0].met is False


def test_checks_print_a_verdict_per_target() -> None:
    text = format_checks(
        [Check("a", 1.2, 3.5, True), Check("b", 4.0, 3.5, False), Check("c", None, 1, None)]
    )
    assert text.splitlines() == [
        "Targets:",
        "  met          a (1.20)",
        "  MISSED       b (4.00)",
        "  not measured c",
    ]


def test_pipeline_section_compares_with_extract_only() -> None:
    text = format_section(Figures(1000, 2, 3, 100.0, 85.0))
    assert "0.85x extract only" in text
    assert text.splitlines()[-1].split()[0] == "met"
    missed = format_section(Figures(1000, 2, 3, 100.0, 70.0))
    assert missed.splitlines()[-1].split()[0] == "MISSED"


def test_pipeline_section_says_why_a_mode_is_missing() -> None:
    text = format_section(Figures(10, 2, 1, 100.0, None, missing=("pipeline: skipped: later",)))
    assert "pipeline: skipped: later" in text
    assert text.splitlines()[-1].strip().startswith("not measured")


def test_pipeline_share_is_the_median_of_the_rounds_shares() -> None:
    # Round by round the pipeline kept 0.9 of extract-only, though the machine slowed down
    # between rounds: the ratio of the medians (80 / 100) would say 0.8.
    shares = (0.9, 0.88, 0.92)
    fig = Figures(1000, 2, 3, 100.0, 80.0, shares=shares)
    assert fig.share == 0.9
    assert "share by round (the figure is their median): 0.90, 0.88, 0.92" in format_section(fig)


def test_ratios_pair_rounds_when_both_sides_have_them() -> None:
    assert paired_ratio((2.0, 4.0, 9.0), (1.0, 2.0, 3.0), 4.0, 2.0) == 2.0
    assert paired_ratio((2.0, 4.0), (1.0, 2.0, 3.0), 3.0, 2.0) == 1.5  # rounds missing
    rows = [
        Row("aiohttp", 16, 1000.0, 0.2, cpus=(0.1, 0.2, 0.4)),
        Row("cleaner", 16, 300.0, 0.9, cpus=(0.3, 0.9, 0.8)),
    ]
    cpu_check = checks(rows)[0]
    # Per round 3.0, 4.5 and 2.0: the median is 3.0; the medians taken apart would give 4.5.
    assert cpu_check.value == pytest.approx(3.0)


def test_the_runs_a_target_compares_come_back_to_back() -> None:
    order = run_order(["aiohttp", "httpx", "httpx-aiohttp", "cleaner"], [64, 16])
    assert order[:4] == [("aiohttp", 16), ("cleaner", 16), ("cleaner", 64), ("aiohttp", 64)]
    others = [("httpx", 16), ("httpx", 64), ("httpx-aiohttp", 16), ("httpx-aiohttp", 64)]
    assert sorted(order[4:]) == others
    assert run_order(["httpx", "cleaner"], [16]) == [("cleaner", 16), ("httpx", 16)]
