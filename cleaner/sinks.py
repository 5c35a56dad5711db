"""Sinks: where outcomes are written, safely enough that a crash or a hostile URL costs nothing.

    JsonlSink     one JSON record per line; append mode, flushed per record, so a run can be
                  resumed (``existing_urls``); a line torn by a crash is repaired on reopen
    RejectsSink   a JsonlSink of the Skipped and Failed outcomes (datatrove's rejects file)
    JsonDirSink   one JSON file per article, written atomically (temp file + ``os.replace``)
                  under a name derived from the URL that can never leave the directory

The pipeline hands every outcome to every sink; each sink keeps the kinds it is for and ignores
the rest, so routing lives in one place (the sink's ``kinds``) rather than in the pipeline.

Output is deterministic: keys in the pydantic field order, UTF-8, non-ASCII text written as is
(pydantic's JSON never escapes it, as ``json.dumps(..., ensure_ascii=False)``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Literal, Protocol, Self, runtime_checkable
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from cleaner.records import Extracted, Failed, Skipped

__all__ = [
    "JsonDirSink",
    "JsonlSink",
    "OutcomeKind",
    "RejectsSink",
    "Sink",
    "existing_urls",
    "file_name_for",
    "repair_torn_tail",
]

log = logging.getLogger(__name__)

OutcomeKind = Literal["extracted", "skipped", "failed"]

#: How far back a torn tail is searched for at a time.
_CHUNK = 64 * 1024
#: Longest readable part of a JsonDirSink file name; the hash keeps names unique.
_MAX_SLUG = 80
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_DOTS = re.compile(r"\.{2,}")
# Windows opens a device, not a file, for these names, whatever the extension ("con.json").
_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{stem}{n}" for stem in ("com", "lpt") for n in "0123456789"]
)


@runtime_checkable
class Sink(Protocol):
    """Something outcomes are written to. ``write`` ignores kinds the sink is not for."""

    def write(self, outcome: Extracted | Skipped | Failed) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class _ClosingSink:
    """Context-manager plumbing shared by the sinks: ``with`` closes, ``close`` is idempotent."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _record(outcome: Extracted | Skipped | Failed, *, indent: int | None = None) -> bytes:
    """The JSON written for an outcome: the Article itself for Extracted (what users want to
    read), the whole outcome otherwise (the reason is the point of a reject)."""
    model: BaseModel = outcome.article if isinstance(outcome, Extracted) else outcome
    try:
        return model.model_dump_json(indent=indent).encode("utf-8")
    except PydanticSerializationError:
        # A lone surrogate (a URL from an undecodable command-line argument) has no UTF-8
        # form; escaped as \udxxx the record is still written, rather than the run stopped.
        separators = (",", ":") if indent is None else (",", ": ")
        text = json.dumps(model.model_dump(mode="json"), indent=indent, separators=separators)
        return text.encode("ascii")


class JsonlSink(_ClosingSink):
    """One JSON record per line, appended and flushed per record.

    Append mode makes a run resumable: pass ``existing_urls(path)`` to the next run to skip what
    is already written. ``fsync=True`` also forces each record to disk (slower; survives a power
    cut, not only a crash of the process).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        kinds: Iterable[OutcomeKind] = ("extracted",),
        fsync: bool = False,
    ) -> None:
        self.path = Path(path)
        self.kinds = frozenset(kinds)
        self._fsync = fsync
        self.path.parent.mkdir(parents=True, exist_ok=True)
        dropped = repair_torn_tail(self.path)
        if dropped:
            log.warning(
                "%s: dropped a torn last line (%d bytes) left by an interrupted run",
                self.path,
                dropped,
            )
        self._file: IO[bytes] | None = self.path.open("ab")

    def write(self, outcome: Extracted | Skipped | Failed) -> None:
        if outcome.kind not in self.kinds:
            return
        if self._file is None:
            raise ValueError(f"{self.path}: write to a closed sink")
        # One write call per line: a crash tears at most the last line, which reopening repairs.
        self._file.write(_record(outcome) + b"\n")
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class RejectsSink(JsonlSink):
    """The Skipped and Failed outcomes, one per line: why each input gave no article."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        super().__init__(path, kinds=("skipped", "failed"), fsync=fsync)


class JsonDirSink(_ClosingSink):
    """One pretty-printed JSON file per article, named by ``file_name_for(url)``.

    Each file is written to a temporary file in the same directory and renamed over the final
    name, so a reader (or a crash) never sees half a file, and re-extracting a URL replaces its
    file instead of adding a second one.
    """

    def __init__(self, directory: str | os.PathLike[str], *, fsync: bool = False) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._root = self.directory.resolve()
        self._fsync = fsync

    def path_for(self, url: str) -> Path:
        """Where the article of ``url`` goes; never outside the directory."""
        path = self._root / file_name_for(url)
        # file_name_for cannot produce a separator or "..", but this is the invariant that
        # matters (and a symlink planted at the name would break it), so it is checked anyway.
        if path.parent != self._root or not path.resolve().is_relative_to(self._root):
            raise RuntimeError(f"refusing to write outside {self._root}: {url!r}")
        return path

    def write(self, outcome: Extracted | Skipped | Failed) -> None:
        if not isinstance(outcome, Extracted):
            return
        data = _record(outcome, indent=2) + b"\n"
        _write_atomic(self.path_for(outcome.url), data, fsync=self._fsync)

    def close(self) -> None:
        """Nothing stays open between writes."""


def file_name_for(url: str) -> str:
    """A safe, stable file name for a URL: a slug of host and path plus a hash of the URL.

    Only ``[a-z0-9._-]``, at most ~100 characters, no "..", no leading dot, never a Windows
    device name; the hash of the whole URL keeps names distinct when slugs collide (queries,
    non-ASCII paths, truncation). Example: ``news.example.com-2025-03-14-storm-1f2e....json``.
    """
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    try:
        parts = urlsplit(url)
        readable = (parts.hostname or "") + unquote(parts.path)
    except ValueError:  # e.g. an unbalanced "[" in the host
        readable = url
    folded = unicodedata.normalize("NFKD", readable).encode("ascii", "ignore").decode("ascii")
    slug = _DOTS.sub(".", _UNSAFE.sub("-", folded.lower()))
    slug = slug.strip(".-")[:_MAX_SLUG].strip(".-") or "article"
    if slug.split(".")[0] in _DEVICE_NAMES:
        slug = f"x-{slug}"
    return f"{slug}-{digest}.json"


def _write_atomic(path: Path, data: bytes, *, fsync: bool) -> None:
    # Not tempfile.mkstemp: its files are mode 0600; os.open honours the umask like open() does.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            if fsync:
                os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if fsync:
        _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a directory)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def repair_torn_tail(path: str | os.PathLike[str]) -> int:
    """Make a JSONL file end at a line boundary again; return how many bytes were dropped.

    A process killed mid-write leaves a last line without its newline. If that line is a whole
    JSON object (only the newline was lost), the newline is added and nothing is dropped;
    otherwise the partial line is truncated away, so appending never glues a new record onto
    half an old one.
    """
    try:
        file = open(path, "r+b")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        return 0
    with file:
        size = file.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        file.seek(size - 1)
        if file.read(1) == b"\n":
            return 0
        keep = _last_line_start(file, size)
        file.seek(keep)
        if _is_json_object(file.read()):
            file.write(b"\n")
            return 0
        file.truncate(keep)
        file.flush()
        os.fsync(file.fileno())
        return size - keep


def _last_line_start(file: IO[bytes], size: int) -> int:
    position = size
    while position > 0:
        step = min(_CHUNK, position)
        position -= step
        file.seek(position)
        newline = file.read(step).rfind(b"\n")
        if newline >= 0:
            return position + newline + 1
    return 0


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:  # includes UnicodeDecodeError
        return False


def existing_urls(path: str | os.PathLike[str]) -> set[str]:
    """The ``url`` of every record in a JSONL file: what a resumed run can skip.

    A missing file gives an empty set; unreadable lines (a torn tail) are ignored. For articles
    this is ``Article.url``, the URL the page was finally fetched from (after redirects).
    """
    urls: set[str] = set()
    try:
        file = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        return urls
    with file:
        for line in file:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            url = record.get("url") if isinstance(record, dict) else None
            if isinstance(url, str):
                urls.add(url)
    return urls
