"""What to upload: files, directories (recursive) and manifests (CSV, JSONL) with per-file hints.

A manifest row names a file (relative paths are relative to the manifest) and carries hints the
archive uses when the PDF itself is unclear (court, docket_number, document_number, …). A bad
row stops the run before anything is sent, naming the manifest and its line.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson"})
HINT_FIELDS = ("court", "docket_number", "document_number", "attachment_number", "date_filed", "title",
               "document_type", "sealed")
PATH_FIELDS = ("path", "file", "filename", "filepath", "file_path")
_BOOL_TRUE = frozenset({"1", "true", "yes", "y", "t"})
_BOOL_FALSE = frozenset({"0", "false", "no", "n", "f"})


class ManifestError(ValueError):
    """A manifest row that cannot be understood; the message names the file and line."""


@dataclass
class UploadItem:
    """One file to upload, with the hints that go with it."""

    path: Path
    size: int
    hints: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # "manifest:line" the item came from, if any

    @property
    def filename(self) -> str:
        return self.path.name


def _hint_value(key: str, value: Any, where: str) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if key == "sealed" and isinstance(value, str):
        if value.lower() in _BOOL_TRUE:
            return True
        if value.lower() in _BOOL_FALSE:
            return False
        raise ManifestError(f"{where}: sealed must be true or false, not {value!r}")
    if key == "attachment_number" and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            raise ManifestError(f"{where}: attachment_number must be a whole number, not {value!r}") from None
    return value


def normalise_hints(raw: dict[str, Any], where: str) -> dict[str, Any]:
    """A row's columns as hints: known names only, blanks dropped, booleans and numbers parsed."""
    hints: dict[str, Any] = {}
    for key, value in raw.items():
        if key is None:
            continue
        key = key.strip().lower()
        if key in PATH_FIELDS or key == "hints":
            continue
        if key not in HINT_FIELDS:
            raise ManifestError(f"{where}: unknown column {key!r} (hints: {', '.join(HINT_FIELDS)})")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        hints[key] = _hint_value(key, value, where)
    return hints


def _csv_rows(manifest: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    with manifest.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header: list[str] | None = None
        start = 1
        for row in reader:
            # the line the row started on: csv.reader skips blank lines and quoted fields may
            # span lines, so counting rows would name the wrong line
            where = f"{manifest}:{start}"
            start = reader.line_num + 1
            if header is None:
                header = [c.strip().lower() for c in row]
                if not any(c in PATH_FIELDS for c in header):
                    raise ManifestError(f"{where}: no path column (one of {', '.join(PATH_FIELDS)})")
                continue
            if not any(cell.strip() for cell in row):
                continue  # a row of empty cells
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise ManifestError(f"{where}: {len(row)} cells but the header has {len(header)} columns")
            values = dict(zip(header, row))
            target = next((values[c] for c in PATH_FIELDS if values.get(c, "").strip()), None)
            if not target:
                raise ManifestError(f"{where}: the row has no path")
            yield target.strip(), normalise_hints(values, where), where


def _jsonl_rows(manifest: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    with manifest.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{manifest}:{lineno}"
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{where}: not JSON ({exc.msg})") from None
            if isinstance(row, str):
                row = {"path": row}
            if not isinstance(row, dict):
                raise ManifestError(f"{where}: each line must be a JSON object")
            row = {str(k).lower(): v for k, v in row.items()}
            target = next((row[c] for c in PATH_FIELDS if row.get(c)), None)
            if not target:
                raise ManifestError(f"{where}: the row has no path")
            nested = row.get("hints") or {}
            if not isinstance(nested, dict):
                raise ManifestError(f"{where}: hints must be an object")
            flat = {k: v for k, v in row.items() if k != "hints"}
            yield str(target), normalise_hints({**flat, **nested}, where), where


def manifest_rows(manifest: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(path as written, hints, "manifest:line") for every row of a CSV or JSONL manifest."""
    if manifest.suffix.lower() == ".csv":
        return _csv_rows(manifest)
    return _jsonl_rows(manifest)


def is_manifest(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in MANIFEST_SUFFIXES


def discover(paths: Iterable[str | Path], *, pattern: str = "*.pdf") -> list[UploadItem]:
    """Files, directories (recursive, matching ``pattern``) and manifests → items, each path once.

    Missing paths raise ``FileNotFoundError``; a bad manifest raises :class:`ManifestError`.
    """
    found = _Found(pattern)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
        if path.is_dir():
            found.walk(path, {}, None)
        elif is_manifest(path):
            found.manifest(path)
        else:
            found.add(path, {}, None)
    return found.items


class _Found:
    """The items found so far, in the order named: a file named twice (or reached twice) counts once."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.items: list[UploadItem] = []
        self.seen: set[Path] = set()

    def add(self, path: Path, hints: dict[str, Any], source: str | None) -> None:
        resolved = path.resolve()
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        self.items.append(UploadItem(path=path, size=path.stat().st_size, hints=hints, source=source))

    def walk(self, directory: Path, hints: dict[str, Any], source: str | None) -> None:
        for p in sorted(p for p in directory.rglob("*") if p.is_file() and _matches(p, self.pattern)):
            self.add(p, hints, source)

    def manifest(self, manifest: Path) -> None:
        """Every row's file, or every matching file of a row's directory, with the row's hints."""
        for target, hints, where in manifest_rows(manifest):
            target_path = row_target(manifest, target, where)
            if target_path.is_dir():
                self.walk(target_path, hints, where)
            else:
                self.add(target_path, hints, where)


def row_target(manifest: Path, target: str, where: str) -> Path:
    """The path a manifest row names (``~`` expanded, relative to the manifest), which must exist."""
    target_path = Path(target).expanduser()
    if not target_path.is_absolute():
        target_path = manifest.parent / target_path
    if not target_path.exists():
        raise ManifestError(f"{where}: no such file: {target}")
    return target_path


def _matches(path: Path, pattern: str) -> bool:
    if path.name.startswith("."):
        return False
    return path.match(pattern) or path.name.lower().endswith(pattern.lstrip("*").lower())
