"""Where a manifest row's path points: relative to the manifest, ``~`` expanded, and there."""
from __future__ import annotations

import pytest

from archive_client.manifest import ManifestError, row_target


@pytest.mark.parametrize("written, expected", [
    ("doc.pdf", "lists/doc.pdf"),                   # beside the manifest, not the working directory
    ("sub/doc.pdf", "lists/sub/doc.pdf"),
    ("../elsewhere/doc.pdf", "lists/../elsewhere/doc.pdf"),
    ("sub", "lists/sub"),                           # a directory: its files are walked
    ("{root}/elsewhere/doc.pdf", "elsewhere/doc.pdf"),  # absolute: taken as written
    ("~/home.pdf", "home/home.pdf"),
])
def test_a_row_names_a_path_relative_to_its_manifest(tmp_path, monkeypatch, written, expected):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("lists/doc.pdf", "lists/sub/doc.pdf", "elsewhere/doc.pdf", "home/home.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    manifest = tmp_path / "lists" / "manifest.csv"
    target = row_target(manifest, written.format(root=tmp_path), f"{manifest}:2")
    assert target == tmp_path / expected


def test_a_row_naming_nothing_stops_the_run_at_its_line(tmp_path):
    manifest = tmp_path / "manifest.csv"
    with pytest.raises(ManifestError, match=r"manifest\.csv:7: no such file: gone\.pdf$"):
        row_target(manifest, "gone.pdf", f"{manifest}:7")
