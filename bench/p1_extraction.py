"""P1: extraction throughput, next to bare PDFium text extraction of the same files.

*Full*: what the worker does with a filing's bytes short of AWS calls — SHA-256 check, header
search, `chalicelib.extract.pipeline.extract` (text, stamps, courts, caption, citations),
merging hints, and analysing the text for the search index. *Bare*: pypdfium2 opens each PDF and
reads every page's text, nothing else. Both run over the same files, interleaved round by round
so drift on a shared machine hits both alike. The figure is full pages/s ÷ bare pages/s.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import ROOT
from chalicelib.domain.merge import merge_hints
from chalicelib.domain.models import FilingRecord, FilingStatus, Party
from chalicelib.domain.pdf_bytes import pdf_header_offset
from chalicelib.domain.search.document import analyze

TARGET = 0.5


def pdf_files(corpus: Path | None, fixtures: Path | None = ROOT / "fixtures" / "pdfs") -> list[Path]:
    files: list[Path] = []
    for folder in (corpus, fixtures):
        if folder is None or not Path(folder).is_dir():
            continue
        root = Path(folder)
        found = sorted(root.glob("pdfs/*.pdf")) or sorted(root.rglob("*.pdf"))
        files.extend(found)
    return files


def bare_text(data: bytes) -> int:
    """pypdfium2 text of every page; returns the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return n
    finally:
        pdf.close()


def _index_analyzer() -> Callable[[Any, list[str]], Any] | None:
    """The search index's text analysis (the worker runs it before writing postings)."""
    return analyze


def full_worker(data: bytes, timings: dict[str, float]) -> int:
    """Everything the worker does with the bytes short of AWS calls; returns the page count."""
    from chalicelib.extract.pipeline import extract

    t0 = time.perf_counter()
    sha = hashlib.sha256(data).hexdigest()
    pdf_header_offset(data)
    timings["other"] = timings.get("other", 0.0) + time.perf_counter() - t0
    extraction = extract(data, timings=timings)
    t0 = time.perf_counter()
    fields, _, _ = merge_hints({
        "court_id": extraction.court_id, "docket_number": extraction.docket_number,
        "document_number": extraction.document_number, "attachment_number": extraction.attachment_number,
        "date_filed": extraction.date_filed, "title": extraction.title,
        "document_type": extraction.document_type,
    }, {})
    analyze = _index_analyzer()
    if analyze is not None:
        record = FilingRecord(
            id="fl_bench", status=FilingStatus.ready, sha256=sha, size=len(data),
            created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z",
            **{k: v for k, v in fields.items() if v is not None},
            case_name=extraction.case_name, judge=extraction.judge,
            parties=[Party(name=p.name, role=p.role) for p in extraction.parties],
        )
        analyze(record, extraction.pages)
    timings["index"] = timings.get("index", 0.0) + time.perf_counter() - t0
    return extraction.page_count


def run(corpus: Path | None, rounds: int = 3, log: Callable[[str], None] = print,
        limit: int | None = None) -> dict[str, Any]:
    from chalicelib.extract.errors import ExtractionError

    files = pdf_files(corpus)[:limit]
    if not files:
        raise RuntimeError(f"no PDFs under {corpus} or the fixtures")
    blobs = [(f, f.read_bytes()) for f in files]
    # warm up both paths once (imports, courts-db, eyecite's tables), untimed
    full_worker(blobs[0][1], {})
    bare_text(blobs[0][1])
    bare_s = full_s = 0.0
    bare_pages = full_pages = 0
    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    round_ratios = []
    for r in range(rounds):
        rb = rf = 0.0
        for path, data in blobs:
            t0 = time.perf_counter()
            pages = bare_text(data)
            rb += time.perf_counter() - t0
            bare_pages += pages
            t0 = time.perf_counter()
            try:
                full_pages += full_worker(data, timings)
            except ExtractionError as exc:  # counted in time, not in pages
                failures[path.name] = getattr(exc, "code", type(exc).__name__)
            rf += time.perf_counter() - t0
        bare_s, full_s = bare_s + rb, full_s + rf
        round_ratios.append(rb / rf if rf else 0.0)
        log(f"  p1: round {r + 1}/{rounds}: bare {rb:.2f}s, full {rf:.2f}s")
    bare_rate, full_rate = bare_pages / bare_s, full_pages / full_s
    stages = {k: round(v / full_s, 4) for k, v in sorted(timings.items(), key=lambda kv: -kv[1])}
    return {
        "files": len(blobs),
        "pages": bare_pages // rounds,
        "bytes": sum(len(d) for _, d in blobs),
        "rounds": rounds,
        "bare_pages_per_s": round(bare_rate, 1),
        "full_pages_per_s": round(full_rate, 1),
        "ratio": round(full_rate / bare_rate, 4),
        "round_ratios": [round(x, 4) for x in round_ratios],
        "stage_share": stages,  # share of the full path's wall time
        "stage_share_grouped": {
            "text": round(timings.get("text", 0.0) / full_s, 4),
            "stamp_caption": round((timings.get("stamps", 0.0) + timings.get("caption", 0.0)) / full_s, 4),
            "citations": round(timings.get("citations", 0.0) / full_s, 4),
            "courts": round(timings.get("courts", 0.0) / full_s, 4),
            "index_and_other": round(1 - sum(timings.get(k, 0.0) for k in ("text", "stamps", "caption", "citations", "courts")) / full_s, 4),
        },
        "failures": failures,
        "index_analysis_included": _index_analyzer() is not None,
    }
