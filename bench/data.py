"""The two dev sets on disk (``bench/data/<set>/README.md``): pages, expected text or snippets,
metadata.

``readability``  129 pages of Mozilla Readability's tests: expected text (4-gram shingle F1)
                 and Readability's metadata.
``trafilatura``  477 pages of trafilatura's evaluation benchmark (half, split by host): snippets
                 the text must and must not contain, and title / author / date.

Both are inside the repository, so a clone alone runs ``make bench``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "DATA",
    "REPO",
    "SETS",
    "Case",
    "DevsetError",
    "SetName",
    "default_folder",
    "load_cases",
]

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
SetName = Literal["readability", "trafilatura"]
SETS: tuple[SetName, ...] = ("readability", "trafilatura")


class DevsetError(Exception):
    """The dev set is missing or malformed, or a case id does not exist."""


def default_folder(name: SetName) -> Path:
    return DATA / name


@dataclass(frozen=True)
class Case:
    """One page and what it is scored against.

    ``metadata`` uses the readability set's keys for both sets (``title``, ``byline``,
    ``publishedTime``): a null value means "expects none", an absent key "not checked".
    ``expected_text_file`` is set for shingle-scored pages; ``with_``/``without`` for
    snippet-scored ones.
    """

    id: str
    set: SetName
    source_path: Path
    synthetic: bool
    url: str | None
    metadata: Mapping[str, Any]
    expected_text_file: Path | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = field(default=())

    def html(self) -> str | bytes:
        """The page as an extractor gets it: readability pages are all UTF-8 text; the
        trafilatura set's encodings vary, so those pages are handed over as bytes."""
        raw = gzip.decompress(self.source_path.read_bytes())
        return raw.decode("utf-8") if self.set == "readability" else raw

    def expected_text(self) -> str:
        assert self.expected_text_file is not None, f"{self.id} is scored by snippets"
        return self.expected_text_file.read_text("utf-8")


def _readability_case(folder: Path, entry: Mapping[str, Any], default_url: str | None) -> Case:
    files = entry.get("files", {})
    metadata = entry.get("metadata", {})
    path = folder / entry["dir"]
    return Case(
        id=entry["id"],
        set="readability",
        source_path=path / files.get("source", "source.html.gz"),
        synthetic=bool(entry.get("synthetic", False)),
        url=metadata.get("url") or default_url,
        metadata=metadata,
        expected_text_file=path / files.get("expected_text", "expected.txt"),
    )


def _load_readability(folder: Path) -> list[Case]:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return [_readability_case(folder, e, manifest.get("url")) for e in manifest["entries"]]


def _snippet_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """trafilatura's ``meta`` in the readability set's keys; empty values are not checked.
    Two pages list their authors instead of joining them with "; ": they are joined here."""
    keys = {"title": "title", "author": "byline", "date": "publishedTime"}
    found = {}
    for theirs, ours in keys.items():
        value = meta.get(theirs)
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        if value:
            found[ours] = value
    return found


def _load_trafilatura(folder: Path) -> list[Case]:
    evaldata = json.loads((folder / "evaldata.json").read_text("utf-8"))
    return [
        Case(
            id=name,
            set="trafilatura",
            source_path=folder / "pages" / f"{name}.gz",
            synthetic=False,
            url=entry.get("url"),
            metadata=_snippet_metadata(entry.get("meta") or {}),
            with_=tuple(entry.get("with") or ()),
            without=tuple(entry.get("without") or ()),
        )
        for name, entry in sorted(evaldata.items())
    ]


def _select(cases: list[Case], only: Sequence[str]) -> list[Case]:
    if not only:
        return cases
    known = {c.id for c in cases}
    unknown = [i for i in only if i not in known]
    if unknown:
        raise DevsetError(f"unknown case id(s): {', '.join(unknown)}")
    wanted = set(only)
    return [c for c in cases if c.id in wanted]


_LOADERS = {"readability": _load_readability, "trafilatura": _load_trafilatura}


def load_cases(name: SetName, folder: Path | None = None, only: Sequence[str] = ()) -> list[Case]:
    """The set's pages in a stable order, restricted to ``only`` when given."""
    folder = folder or default_folder(name)
    try:
        cases = _LOADERS[name](folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DevsetError(f"cannot read the {name} dev set at {folder}: {exc!r}") from exc
    return _select(cases, only)
