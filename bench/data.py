"""The dev set on disk (``shared/devset/README.md``): manifest, pages, expected text, metadata."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_DEVSET", "REPO", "Case", "DevsetError", "load_cases"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = REPO.parent / "shared" / "devset" / "readability"


class DevsetError(Exception):
    """The dev set is missing or malformed, or a case id does not exist."""


@dataclass(frozen=True)
class Case:
    id: str
    path: Path  # the case's folder
    source: str  # file names inside it
    expected_text_file: str
    synthetic: bool
    url: str | None  # the URL Readability's tests parse every page as
    metadata: Mapping[str, Any]  # metadata.json: null = "expects none", absent = "not checked"

    def html(self) -> str:
        return gzip.decompress((self.path / self.source).read_bytes()).decode("utf-8")

    def expected_text(self) -> str:
        return (self.path / self.expected_text_file).read_text("utf-8")


def _case(devset: Path, entry: Mapping[str, Any], default_url: str | None) -> Case:
    files = entry.get("files", {})
    metadata = entry.get("metadata", {})
    return Case(
        id=entry["id"],
        path=devset / entry["dir"],
        source=files.get("source", "source.html.gz"),
        expected_text_file=files.get("expected_text", "expected.txt"),
        synthetic=bool(entry.get("synthetic", False)),
        url=metadata.get("url") or default_url,
        metadata=metadata,
    )


def _select(cases: list[Case], only: Sequence[str]) -> list[Case]:
    if not only:
        return cases
    known = {c.id for c in cases}
    unknown = [i for i in only if i not in known]
    if unknown:
        raise DevsetError(f"unknown case id(s): {', '.join(unknown)}")
    wanted = set(only)
    return [c for c in cases if c.id in wanted]


def load_cases(devset: Path, only: Sequence[str] = ()) -> list[Case]:
    """The manifest's entries in manifest order, restricted to ``only`` when given."""
    manifest_path = devset / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        cases = [_case(devset, e, manifest.get("url")) for e in manifest["entries"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DevsetError(f"cannot read the dev set at {manifest_path}: {exc!r}") from exc
    return _select(cases, only)
