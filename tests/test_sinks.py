"""Sinks: what a crash leaves behind is readable, and no URL can write outside its directory."""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from cleaner.models import Article, make_article
from cleaner.records import Extracted, Failed, Outcome, Skipped
from cleaner.sinks import (
    JsonDirSink,
    JsonlSink,
    RejectsSink,
    Sink,
    existing_urls,
    file_name_for,
    repair_torn_tail,
)

MOMENT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def extracted(url: str, text: str = "Der Stürm zog über Nacht ab. 嵐は去った。") -> Extracted:
    article = make_article(text=text, url=url, title="Storm", extracted_at=MOMENT)
    return Extracted(url=url, article=article)


def skipped(url: str) -> Skipped:
    return Skipped(url=url, reason="robots", detail="disallowed", at=MOMENT)


def failed(url: str) -> Failed:
    return Failed(url=url, reason="timeout", detail="deadline passed", at=MOMENT)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# --- JsonlSink -------------------------------------------------------------------------------


def test_jsonl_writes_articles_in_field_order_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "out" / "articles.jsonl"
    with JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/a"))
        sink.write(skipped("https://example.com/b"))  # not an article: ignored by default
    (line,) = lines(path)
    record = json.loads(line)
    assert list(record) == list(Article.model_fields)
    assert "嵐は去った" in line and "\\u" not in line  # ensure_ascii=False
    assert Article.model_validate_json(line) == extracted("https://example.com/a").article


def test_jsonl_flushes_every_record(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    with JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/a"))
        assert len(lines(path)) == 1  # readable by another reader before close
        sink.write(extracted("https://example.com/b"))
        assert len(lines(path)) == 2


def test_jsonl_fsync_forces_each_record_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(descriptor: int) -> None:
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    with JsonlSink(tmp_path / "a.jsonl", fsync=True) as sink:
        sink.write(extracted("https://example.com/a"))
        sink.write(extracted("https://example.com/b"))
    assert len(synced) == 2


def test_jsonl_appends_so_runs_resume(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    with JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/a"))
    with JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/b"))
    assert existing_urls(path) == {"https://example.com/a", "https://example.com/b"}


def test_torn_last_line_is_repaired_on_reopen(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "articles.jsonl"
    with JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/a"))
        sink.write(extracted("https://example.com/b"))
    with path.open("ab") as file:  # a crash in the middle of the third write
        file.write(b'{"url":"https://example.com/c","canonical_url":nu')
    with caplog.at_level(logging.WARNING, logger="cleaner.sinks"), JsonlSink(path) as sink:
        sink.write(extracted("https://example.com/d"))
    assert "torn last line" in caplog.text
    records = [json.loads(line) for line in lines(path)]
    assert [r["url"] for r in records] == [
        "https://example.com/a",
        "https://example.com/b",
        "https://example.com/d",
    ]


def test_a_torn_only_line_leaves_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "https://exa')
    assert repair_torn_tail(path) == len(b'{"url": "https://exa')
    assert path.read_bytes() == b""


def test_a_torn_line_longer_than_the_search_chunk_is_found(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    head = b'{"url": "https://example.com/a"}\n'
    path.write_bytes(head + b'{"text": "' + b"x" * 200_000)
    assert repair_torn_tail(path) == 200_010
    assert path.read_bytes() == head


def test_a_whole_record_missing_only_its_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "https://example.com/a"}\n{"url": "https://example.com/b"}')
    assert repair_torn_tail(path) == 0
    assert path.read_bytes().endswith(b'"https://example.com/b"}\n')


def test_repair_leaves_whole_and_missing_files_alone(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    assert repair_torn_tail(path) == 0
    assert not path.exists()
    path.write_bytes(b'{"url": "https://example.com/a"}\n')
    assert repair_torn_tail(path) == 0
    assert path.read_bytes() == b'{"url": "https://example.com/a"}\n'


def test_existing_urls_ignores_torn_and_foreign_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    assert existing_urls(path) == set()
    path.write_text(
        '{"url": "https://example.com/a"}\n[1, 2]\n{"url": null}\n\n{"url": "https://exa',
        encoding="utf-8",
    )
    assert existing_urls(path) == {"https://example.com/a"}


def test_writing_to_a_closed_sink_raises(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "a.jsonl")
    sink.close()
    sink.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        sink.write(extracted("https://example.com/a"))


def test_every_sink_is_a_sink(tmp_path: Path) -> None:
    sinks = [
        JsonlSink(tmp_path / "a.jsonl"),
        RejectsSink(tmp_path / "r.jsonl"),
        JsonDirSink(tmp_path / "d"),
    ]
    for sink in sinks:
        assert isinstance(sink, Sink)
        sink.close()


# --- RejectsSink -----------------------------------------------------------------------------


def test_rejects_keeps_whole_skipped_and_failed_outcomes(tmp_path: Path) -> None:
    path = tmp_path / "rejects.jsonl"
    written: list[Skipped | Failed] = [
        skipped("https://example.com/a"),
        failed("https://example.com/b"),
    ]
    with RejectsSink(path) as sink:
        sink.write(extracted("https://example.com/c"))  # an article is not a reject
        for outcome in written:
            sink.write(outcome)
    adapter: TypeAdapter[Extracted | Skipped | Failed] = TypeAdapter(Outcome)
    read = [adapter.validate_json(line) for line in lines(path)]
    assert read == written
    assert list(json.loads(lines(path)[0])) == ["kind", "url", "reason", "detail", "at"]
    assert existing_urls(path) == {"https://example.com/a", "https://example.com/b"}


# --- JsonDirSink -----------------------------------------------------------------------------


def test_dir_writes_one_readable_file_per_article(tmp_path: Path) -> None:
    with JsonDirSink(tmp_path) as sink:
        sink.write(extracted("https://news.example.com/2025/03/14/storm"))
        sink.write(failed("https://news.example.com/other"))  # not an article: ignored
        path = sink.path_for("https://news.example.com/2025/03/14/storm")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert path.name.startswith("news.example.com-2025-03-14-storm-")
    data = path.read_bytes()
    assert "嵐は去った".encode() in data
    assert Article.model_validate_json(data).url == "https://news.example.com/2025/03/14/storm"


def test_dir_rewrite_replaces_the_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    url = "https://example.com/a"
    with JsonDirSink(tmp_path) as sink:
        sink.write(extracted(url, text="first version"))
        sink.write(extracted(url, text="second version"))
    (path,) = tmp_path.iterdir()
    assert Article.model_validate_json(path.read_bytes()).text == "second version"


def test_dir_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.com/a"
    sink = JsonDirSink(tmp_path)
    sink.write(extracted(url, text="old text"))

    def crash(source: object, target: object) -> None:
        raise OSError("disk gone at the worst moment")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="worst moment"):
        sink.write(extracted(url, text="new text"))
    (path,) = tmp_path.iterdir()  # the old file, whole; no temporary file left over
    assert Article.model_validate_json(path.read_bytes()).text == "old text"


def test_dir_fsync_writes(tmp_path: Path) -> None:
    with JsonDirSink(tmp_path, fsync=True) as sink:
        sink.write(extracted("https://example.com/a"))
    assert len(list(tmp_path.iterdir())) == 1


HOSTILE_URLS = [
    "../../etc/passwd",
    "https://example.com/../../../etc/passwd",
    "https://example.com/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "..",
    ".",
    "",
    "/etc/passwd",
    "C:\\Windows\\system32\\config",
    "\\\\server\\share\\x",
    "https://example.com/" + "a" * 10_000,
    "https://example.com/" + "%2e%2e/" * 2_000,
    "https://example.com/a\x00b/../c",
    "con",
    "CON.txt",
    "https://con/",
    "https://nul.example.com/x",
    "https://aux/",
    "lpt1",
    "com9.json",
    "https://例え.jp/記事/ニュース",
    "https://example.com/\ufb01le/\uff21/\u202e/\ud800",
    "http://[::1",
    "https://example.com/.hidden",
    "~/x",
    "https://example.com/a?q=../../x#frag",
]


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=lambda u: repr(u[:40]))
def test_hostile_urls_give_safe_names_inside_the_directory(tmp_path: Path, url: str) -> None:
    name = file_name_for(url)
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*\.json", name)
    assert ".." not in name
    assert len(name) <= 120
    assert name.split(".")[0] not in {"con", "prn", "aux", "nul", "com9", "lpt1"}
    assert not Path(name).is_absolute()
    root = tmp_path / "out"
    with JsonDirSink(root) as sink:
        assert sink.path_for(url).resolve().is_relative_to(root.resolve())
        sink.write(extracted(url))
    assert [p.name for p in root.iterdir()] == [name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_names_are_stable_and_distinct(tmp_path: Path) -> None:
    urls = [
        "https://example.com/a?page=1",
        "https://example.com/a?page=2",
        "https://example.com/A",
        "https://example.com/" + "a" * 500,
        "https://example.com/" + "a" * 501,
    ]
    names = [file_name_for(url) for url in urls]
    assert len(set(names)) == len(urls)
    assert names == [file_name_for(url) for url in urls]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_a_planted_symlink_cannot_redirect_a_write(tmp_path: Path) -> None:
    root = tmp_path / "out"
    url = "https://example.com/a"
    outside = tmp_path / "outside.json"
    with JsonDirSink(root) as sink:
        (root / file_name_for(url)).symlink_to(outside)
        with pytest.raises(RuntimeError, match="outside"):
            sink.write(extracted(url))
    assert not outside.exists()


def test_a_url_with_a_lone_surrogate_is_written_escaped(tmp_path: Path) -> None:
    # sys.argv holds surrogates for bytes that are not UTF-8; the record must not stop the run.
    url = "https://example.com/caf\udce9"
    with JsonlSink(tmp_path / "a.jsonl") as sink, RejectsSink(tmp_path / "r.jsonl") as rejects:
        sink.write(extracted(url))
        rejects.write(failed(url))
    assert json.loads(lines(tmp_path / "a.jsonl")[0])["url"] == url
    assert json.loads(lines(tmp_path / "r.jsonl")[0])["url"] == url
