"""`python -m bench.run --corpus DIR [--only p1,p2,p3,p4,memory,writes,ocr] [--sizes 1000,20000]`

Runs the benchmarks, prints a table with each figure next to its target and writes
`bench/results.json` (see bench/README.md for what each figure means).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import (
    ROOT,
    index_writes,
    memory,
    ocr,
    p1_extraction,
    p2_request_cost,
    p3_cold_start,
    p4_bulk_upload,
    p5_ingest,
    p6_local_scale,
)

# Each part's run, given the arguments, the corpus (None: the fixtures only), the P2 sizes and the
# log; in the order they run, cheapest first (P2 holds the most memory).
RUNNERS: dict[str, Callable[[argparse.Namespace, Path | None, tuple[int, ...], Callable[[str], None]],
                            dict[str, Any]]] = {
    "p1": lambda args, corpus, sizes, log: p1_extraction.run(corpus, rounds=args.p1_rounds, log=log),
    "p3": lambda args, corpus, sizes, log: p3_cold_start.run(args.p3_runs, log=log),
    "memory": lambda args, corpus, sizes, log: memory.run(corpus, log=log),
    "writes": lambda args, corpus, sizes, log: index_writes.run(corpus, log=log),
    "p4": lambda args, corpus, sizes, log: p4_bulk_upload.run(args.p4_files, log=log),
    "p5": lambda args, corpus, sizes, log: p5_ingest.run(corpus, log=log),
    "p6": lambda args, corpus, sizes, log: p6_local_scale.run(corpus, filings=args.p6_filings, log=log),
    "p2": lambda args, corpus, sizes, log: p2_request_cost.run(sizes, log=log),
    "ocr": lambda args, corpus, sizes, log: ocr.run(corpus, log=log),
}
PARTS = tuple(RUNNERS)
TARGETS = {
    "p1_ratio": (">=", 0.5),
    "p2_items_ratio_max": ("<=", 1.1),
    "p2_fulltext_items_ratio": ("<=", 1.5),
    "p2_scans": ("==", 0),
    "p3_ratio": ("<=", 1.5),
    "p4_ratio": (">=", 0.5),
    "p5_ratio": (">=", 0.3),
    "p6_mb_per_1000_filings": (None, None),
    "p6_projected_10k_gb": ("<=", 4.0),
    "p6_restart_10k_seconds": (None, None),
    "peak_rss_mb": (None, None),
    "ocr_ratio": (">=", 0.8),
    "ocr_ready_seconds": (None, None),
    "ocr_peak_rss_mb": (None, None),
    "writes_items_per_page": (None, None),
    "writes_units_per_page": (None, None),
    "writes_local_items_per_page": (None, None),
    "writes_local_units_per_page": (None, None),
}
LABELS = {
    "p1_ratio": "P1 extraction: full worker pages/s ÷ bare pypdfium2",
    "p2_items_ratio_max": "P2 items read, largest ÷ smallest archive, worst non-full-text kind",
    "p2_fulltext_items_ratio": "P2 items read, largest ÷ smallest archive, full text (worst)",
    "p2_scans": "P2 DynamoDB Scans issued",
    "p3_ratio": "P3 cold start: import app ÷ import chalice, boto3",
    "p4_ratio": "P4 bulk upload: raw put_object time ÷ CLI time",
    "p5_ratio": "P5 ingest: end-to-end pages/s ÷ in-process extractor pages/s",
    "p6_mb_per_1000_filings": "P6 stand-in memory per 1,000 filings of 20 pages (MB)",
    "p6_projected_10k_gb": "P6 stand-in memory with 10,000 such filings (GB, projected)",
    "p6_restart_10k_seconds": "P6 restart with 10,000 such filings (s, projected)",
    "peak_rss_mb": "Memory: worker peak RSS on the largest PDF (MB)",
    "ocr_ratio": "OCR: whole OCR path pages/s ÷ bare RapidOCR, same page images, per core",
    "ocr_ready_seconds": "OCR: 30-page scan uploaded until ready with metadata, make serve (s)",
    "ocr_peak_rss_mb": "OCR: worker peak RSS while OCR runs, 30-page scan (MB)",
    "writes_items_per_page": "Writes: DynamoDB items written per ingested page",
    "writes_units_per_page": "Writes: DynamoDB write units per ingested page (estimate)",
    "writes_local_items_per_page": "Writes, local (SEARCH_BACKEND=sqlite): DynamoDB items per page",
    "writes_local_units_per_page": "Writes, local (SEARCH_BACKEND=sqlite): DynamoDB write units per page",
}


def machine() -> dict[str, Any]:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "hostname": platform.node(),
    }


def meets(key: str, value: Any) -> bool | None:
    op, target = TARGETS[key]
    if op is None or value is None:
        return None
    return {">=": value >= target, "<=": value <= target, "==": value == target}[op]


def run_parts(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    only = [p.strip() for p in args.only.split(",")] if args.only else list(PARTS)
    unknown = set(only) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    corpus = Path(args.corpus).resolve() if args.corpus else None
    if corpus is not None and not corpus.is_dir():
        log(f"warning: corpus {corpus} not found; P1 and memory use the fixtures only")
        corpus = None
    sizes = tuple(int(s) for s in args.sizes.split(","))
    details: dict[str, Any] = {}
    for part in PARTS:
        if part in only:
            details[part] = run_part(part, args, corpus, sizes, log)
    return {"details": details, "corpus": str(corpus) if corpus else None, "sizes": list(sizes)}


def run_part(part: str, args: argparse.Namespace, corpus: Path | None, sizes: tuple[int, ...],
             log: Callable[[str], None]) -> dict[str, Any]:
    """One part's details with the seconds it took; a failure is recorded, not raised."""
    log(f"{part} ...")
    t0 = time.perf_counter()
    try:
        details = RUNNERS[part](args, corpus, sizes, log)
    except Exception as exc:  # one broken part must not hide the others' figures
        details = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
        log(f"  {part} failed: {type(exc).__name__}: {exc}")
    details["seconds"] = round(time.perf_counter() - t0, 1)
    return details


def headline(details: dict[str, Any]) -> dict[str, Any]:
    def get(part: str, key: str) -> Any:
        d = details.get(part) or {}
        return None if "error" in d else d.get(key)

    return {
        "p1_ratio": get("p1", "ratio"),
        "p2_items_ratio_max": get("p2", "items_ratio_max"),
        "p2_fulltext_items_ratio": get("p2", "fulltext_items_ratio"),
        "p2_scans": get("p2", "scans"),
        "p3_ratio": get("p3", "ratio"),
        "p4_ratio": get("p4", "ratio"),
        "p5_ratio": get("p5", "ratio"),
        "p6_mb_per_1000_filings": get("p6", "mb_per_1000_filings"),
        "p6_projected_10k_gb": get("p6", "projected_10k_gb"),
        "p6_restart_10k_seconds": get("p6", "restart_10k_seconds"),
        "peak_rss_mb": get("memory", "peak_rss_mb"),
        "ocr_ratio": get("ocr", "ratio"),
        "ocr_ready_seconds": get("ocr", "ready_seconds"),
        "ocr_peak_rss_mb": get("ocr", "peak_rss_mb"),
        "writes_items_per_page": get("writes", "items_per_page"),
        "writes_units_per_page": get("writes", "units_per_page"),
        "writes_local_items_per_page": get("writes", "sqlite_items_per_page"),
        "writes_local_units_per_page": get("writes", "sqlite_units_per_page"),
    }


def _p1_context(d: dict[str, Any]) -> str:
    p = d["p1"]
    return f"{p['full_pages_per_s']} vs {p['bare_pages_per_s']} pages/s over {p['files']} files, {p['pages']} pages"


def _p4_context(d: dict[str, Any]) -> str:
    p = d["p4"]
    return f"CLI {p['cli']['wall_seconds']} s vs raw {min(r['wall_seconds'] for r in p['raw_put_object'])} s for {p['files']} PDFs"


def _p5_context(d: dict[str, Any]) -> str:
    e, b = d["p5"]["end_to_end"], d["p5"]["in_process"]
    return (f"{e['pages_per_s']} vs {b['pages_per_s']} pages/s, {e['files']} files, {e['pages']} pages, "
            f"{e['workers']} workers")


def _p6_context(d: dict[str, Any]) -> str:
    p = d["p6"]
    return (f"measured on {p['filings']} filings ({p['items_per_filing']} items each); restart "
            f"{p['restart_seconds']} s; growth {p['mb_per_1000_filings_live']} MB/1,000 live, "
            f"{p['mb_per_1000_filings_restored']} restored")


def _writes_local_context(d: dict[str, Any]) -> str:
    p = d["writes"]["sqlite"]
    return (f"search index in SQLite: {p['sqlite_rows_per_page']} rows per page, one transaction "
            f"per filing; the rest: " + ", ".join(f"{c} {v['items']}/{v['units']}" for c, v in
                                                  p["per_page"]["by_category"].items()))


def _writes_context(d: dict[str, Any]) -> str:
    p = d["writes"]
    top = sorted(p["per_page"]["by_category"].items(), key=lambda kv: -kv[1]["units"])[:3]
    return (f"{p['filings']} filings, {p['pages']} pages; "
            + ", ".join(f"{c} {v['items']}/{v['units']}" for c, v in top) + " (items/units)")


def _memory_context(d: dict[str, Any]) -> str:
    p = d["memory"]
    return f"{p['file']} ({p['file_mb']} MB, {p['pages']} pages); imports alone {p['baseline_rss_mb']} MB"


# The line next to each figure, from the details of the part that measured it.
CONTEXTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "p1_ratio": _p1_context,
    "p2_items_ratio_max": lambda d: f"worst: {d['p2']['items_ratio_max_kind']}",
    "p2_fulltext_items_ratio": lambda d: ", ".join(f"{k} {d['p2']['items_ratio'][k]}"
                                                   for k in ("search_fulltext", "search_phrase")),
    "p3_ratio": lambda d: (f"{d['p3']['app_ms']} ms vs {d['p3']['baseline_ms']} ms "
                           f"(median of {d['p3']['runs']})"),
    "p4_ratio": _p4_context,
    "p5_ratio": _p5_context,
    "writes_local_items_per_page": _writes_local_context,
    "writes_local_units_per_page": _writes_local_context,
    "writes_items_per_page": _writes_context,
    "writes_units_per_page": _writes_context,
    "ocr_ratio": lambda d: (f"{d['ocr']['full_pages_per_s']} vs {d['ocr']['bare_pages_per_s']} pages/s "
                            f"over {d['ocr']['pages']} scan pages"),
    "ocr_ready_seconds": lambda d: (f"all {d['ocr']['scan_pages']} pages read in "
                                    f"{d['ocr']['all_read_seconds']} s; {d['ocr']['filing']}"),
    "ocr_peak_rss_mb": lambda d: (f"{d['ocr']['memory']['ocr_read']} of {d['ocr']['memory']['pages']} "
                                  "pages OCR'd in one extraction"),
    "peak_rss_mb": _memory_context,
}
# The part whose error stands in for a figure's context when it failed.
PART_OF = {"p1_ratio": "p1", "p3_ratio": "p3", "p4_ratio": "p4", "p5_ratio": "p5", "peak_rss_mb": "memory",
           "p6_mb_per_1000_filings": "p6", "p6_projected_10k_gb": "p6", "p6_restart_10k_seconds": "p6",
           "writes_items_per_page": "writes", "writes_units_per_page": "writes",
           "writes_local_items_per_page": "writes", "writes_local_units_per_page": "writes",
           "ocr_ratio": "ocr", "ocr_ready_seconds": "ocr", "ocr_peak_rss_mb": "ocr"}


def context(key: str, details: dict[str, Any]) -> str:
    d = {k: (v or {}) for k, v in details.items()}
    describe = _p6_context if key.startswith("p6_") else CONTEXTS.get(key)
    try:
        if describe is not None:
            return describe(d)
    except (KeyError, TypeError, ValueError):
        pass
    part = "p2" if key.startswith("p2") else PART_OF.get(key)
    if part and "error" in d.get(part, {}):
        return "error: " + d[part]["error"][:80]
    return ""


def target_text(key: str) -> str:
    op, target = TARGETS[key]
    return "" if op is None else f"{op} {target}"


def print_table(results: dict[str, Any]) -> None:
    rows = []
    for key in TARGETS:
        value = results[key]
        ok = meets(key, value)
        mark = {True: "✓", False: "✗", None: "·" if value is not None else "–"}[ok]
        rows.append((LABELS[key], "not run" if value is None else str(value), target_text(key), mark,
                     context(key, results["details"])))
    p2 = results["details"].get("p2") or {}
    try:
        table = Table(title=f"bench {results['date']} on {results['machine']['cpus_usable']} CPUs "
                            f"({results['seconds']} s)")
        for col in ("figure", "value", "target", "", "context"):
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        console = Console()
        console.print(table)
        if "per_size" in p2:
            kinds = Table(title="P2 per request kind: DynamoDB calls / items read / Scans (moto s, not judged)")
            kinds.add_column("kind")
            for size in p2["sizes"]:
                kinds.add_column(f"{size:,} filings")
            kinds.add_column("items ratio")
            for kind, ratio in p2["items_ratio"].items():
                cells = []
                for size in p2["sizes"]:
                    m = p2["per_size"][str(size)]["kinds"][kind]
                    cells.append(f"{m['calls']} / {m['items_read']} / {m['scans']}  ({m['moto_seconds']:.2f}s)")
                kinds.add_row(kind + (" (info)" if kind in ("search_court", "search_court_type") else ""),
                              *cells, str(ratio))
            console.print(kinds)
        p1 = results["details"].get("p1") or {}
        if "stage_share" in p1:
            console.print("P1 share of the full path's time by stage: "
                          + ", ".join(f"{k} {v:.0%}" for k, v in p1["stage_share"].items()))
    except ImportError:
        for row in rows:
            print(" | ".join(row))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"),
                    help="folder of real PDFs (its pdfs/ subfolder if present); the fixtures are always added")
    ap.add_argument("--only", help="comma-separated parts: " + ",".join(PARTS))
    ap.add_argument("--sizes", default="1000,20000", help="P2 archive sizes, in filings")
    ap.add_argument("--p1-rounds", type=int, default=3)
    ap.add_argument("--p3-runs", type=int, default=7)
    ap.add_argument("--p4-files", type=int, default=200)
    ap.add_argument("--p6-filings", type=int, default=1000, help="P6 archive size measured (filings of 20 pages)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = ap.parse_args(argv)

    def log(message: str) -> None:
        print(message, flush=True)

    started = datetime.now(UTC)
    t0 = time.perf_counter()
    ran = run_parts(args, log)
    results: dict[str, Any] = {
        **headline(ran["details"]),
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "seconds": round(time.perf_counter() - t0, 1),
        "corpus": ran["corpus"],
        "targets": {k: target_text(k) for k in TARGETS if TARGETS[k][0]},
    }
    results["meets"] = {k: meets(k, results[k]) for k in TARGETS if TARGETS[k][0]}
    results["details"] = ran["details"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    print(f"wrote {out}")
    return 1 if any("error" in (d or {}) for d in ran["details"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
