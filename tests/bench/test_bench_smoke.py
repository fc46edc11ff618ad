"""Keeps the benchmark harness from rotting: every piece runs on a tiny size. No performance
target is asserted here; `make bench` is where the figures come from."""
from __future__ import annotations

import json

from tests.conftest import FIXTURES


def test_p1_runs_both_paths_on_fixtures():
    from bench import p1_extraction

    out = p1_extraction.run(None, rounds=1, log=lambda _: None, limit=2)
    assert out["files"] == 2 and out["pages"] > 0
    assert out["ratio"] > 0 and set(out["stage_share_grouped"]) >= {"text", "stamp_caption", "citations", "courts"}


def test_p2_measures_every_request_kind_on_a_tiny_archive():
    from bench import p2_request_cost

    out = p2_request_cost.run((20, 40), log=lambda _: None, probe_filings=8)
    for size in ("20", "40"):
        kinds = out["per_size"][size]["kinds"]
        assert set(kinds) == set(p2_request_cost.KINDS + p2_request_cost.INFO_KINDS)
        for kind, m in kinds.items():
            assert "error" not in m, (kind, m)
            assert m["calls"] >= 1 and m["items_read"] >= 1, (kind, m)
    assert out["scans"] == 0  # the harness itself never scans
    assert isinstance(out["items_ratio_max"], float) and isinstance(out["fulltext_items_ratio"], float)


def test_writes_meters_items_and_units_per_page_by_category():
    from bench import index_writes

    out = index_writes.run(None, limit=2, log=lambda _: None)
    assert out["filings"] == 2 and out["pages"] >= 2
    by = out["per_page"]["by_category"]
    assert {"postings", "fields", "counters", "manifest", "filing", "case", "change"} <= set(by)
    assert out["units_per_page"] >= out["items_per_page"] > 0


def test_p4_makes_distinct_pdfs_of_the_drawn_realistic_sizes(tmp_path):
    from bench import p4_bulk_upload

    paths = p4_bulk_upload.make_pdfs(tmp_path, 3)
    blobs = [p.read_bytes() for p in paths]
    drawn = p4_bulk_upload.realistic_sizes(3)
    assert len(set(blobs)) == 3 and all(b.startswith(b"%PDF-") for b in blobs)
    # each file lands near its drawn size (a stamped text page plus scan-like image pages)
    assert all(0.5 * want <= len(b) <= 1.5 * want + 10_000 for b, want in zip(blobs, drawn)), (
        [len(b) for b in blobs], drawn)


def test_p4_sizes_are_drawn_like_real_filings():
    from bench import p4_bulk_upload

    sizes = sorted(p4_bulk_upload.realistic_sizes(200))
    assert 120_000 <= sizes[100] <= 300_000 and sizes[-1] >= 1_000_000


def test_run_times_cold_start_and_writes_results_with_the_headline_keys(tmp_path):
    from bench import run

    out = tmp_path / "results.json"
    assert run.main(["--only", "p3", "--p3-runs", "1", "--corpus", str(FIXTURES), "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    for key in ("p1_ratio", "p2_items_ratio_max", "p2_fulltext_items_ratio", "p2_scans", "p3_ratio",
                "p4_ratio", "peak_rss_mb", "machine", "date"):
        assert key in results
    assert results["p3_ratio"] > 0 and results["details"]["p3"]["app_ms"] > 0
    assert results["machine"]["cpu_count"]


def test_p6_measures_memory_and_restart_of_a_tiny_persisted_archive():
    from bench import p6_local_scale

    out = p6_local_scale.run(None, filings=4, log=lambda _: None)
    # the search index lives in SQLite beside the stand-in: only filing, case and change items stay in it
    assert out["objects"] == 4 and 1 <= out["items_per_filing"] < 20
    assert out["mb_per_1000_filings"] == max(out["mb_per_1000_filings_live"], out["mb_per_1000_filings_restored"])
    assert set(out["marks"]) == {"2", "4"} and all(m["restart_seconds"] > 0 for m in out["marks"].values())
    assert isinstance(out["projected_10k_gb"], float) and isinstance(out["restart_10k_seconds"], float)


def test_ocr_times_the_whole_path_and_the_bare_engine_on_the_same_scan_pages():
    import pytest

    pytest.importorskip("rapidocr_onnxruntime")
    from bench import ocr

    out = ocr.run(None, log=lambda _: None, count=2, speed_pages=1, stack=False)
    assert out["scan_pages"] == 2 and out["source_pages"] >= 1 and out["pages"] == 1
    assert out["ratio"] > 0 and out["bare_pages_per_s"] > 0 and out["full_pages_per_s"] > 0
    assert out["peak_rss_mb"] > 0 and out["memory"]["ocr_read"] >= 1
