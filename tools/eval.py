#!/usr/bin/env python3
"""Evaluate the extractor on labelled PDFs, with the scorer's own normalisation.

usage: python tools/eval.py --corpus /work/shared/corpus/dev [--fixtures fixtures] [--quiet]
                            [--ocr local|off] [--files rc033,rc115]

For each corpus (``<dir>/pdfs/*.pdf`` + ``<dir>/truth.jsonl``) runs ``extract`` in-process,
prints per-field accuracy exactly as shared/tools/score_api.py counts it (docket number,
document number and filed date only on stamped files; case name fuzzy >= 0.85; judge by last
name), lists every miss, and compares pages/s of the full extractor with bare pypdfium2 text
extraction of the same files. Always exits 0.

Every field is reported twice: for the files read from their text layer alone, and for the files
with pages that needed OCR (no text layer, only the stamp, garbage glyphs), which ``--ocr local``
(the default when RapidOCR is installed) reads the way the worker does: the metadata pages (first
pages, last page) during extraction. "invented" counts a court or docket number reported where
the document shows none (the shared scorer's rule).

Speed is measured warm on both sides: before timing, each side processes one file of the
corpus once (imports, PDFium initialisation, eyecite's and courts-db's lazily compiled regexes
and caches), so one-time start-up costs are excluded from both. ``--cold`` times the full
extractor from a cold start instead (bare pypdfium2 is still warmed by its import only).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# ---- replicated from shared/tools/score_api.py (keep identical) -----------------------------
def norm_docket(s):
    """Core of a docket number: yy-type-serial (district) or yy-serial; no office, no initials."""
    if not s:
        return None
    s = s.lower().replace("\u2013", "-").replace("\u2014", "-")
    m = re.search(r"(?:\d{1,2}:)?(\d{2})-([a-z]{1,5})-0*(\d{1,6})", s)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{int(m.group(3))}"
    m = re.search(r"(\d{2})-0*(\d{1,6})", s)
    if m:
        return f"{m.group(1)}-{int(m.group(2))}"
    return re.sub(r"[^a-z0-9]", "", s)


def norm_docnum(doc, att=None):
    if doc is None:
        return None
    doc = str(doc).strip().lstrip("#")
    if att not in (None, "", 0, "0"):
        doc = f"{doc}-{att}"
    return doc.replace(".", "-")


def norm_name(s):
    if not s:
        return ""
    s = s.lower()
    s = re.sub(r"\b(inc|llc|ltd|limited|corp|co|et al|the)\b\.?", " ", s)
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    return " ".join(s.split())
# ----------------------------------------------------------------------------------------------

FIELDS = ("docket", "docnum", "date", "court", "pages", "type", "case", "judge")


def score_file(t: dict, got: dict, score) -> None:
    """The scorer's per-file checks, on the API-shaped dict ``got``."""
    f = t["file"]
    stamped = t.get("document_number") is not None
    if t.get("docket_number") and stamped:
        score("docket", norm_docket(got.get("docket_number")) == norm_docket(t["docket_number"]),
              (f, t["docket_number"], got.get("docket_number")))
    if stamped:
        g = norm_docnum(got.get("document_number"), got.get("attachment_number"))
        score("docnum", g == norm_docnum(t["document_number"]), (f, t["document_number"], g))
    if t.get("date_filed") and stamped:
        score("date", got.get("date_filed") == t["date_filed"],
              (f, t["date_filed"], got.get("date_filed")))
    if t.get("court_id"):
        score("court", got.get("court_id") == t["court_id"], (f, t["court_id"], got.get("court_id")))
    score("pages", got.get("page_count") == t["page_count"], (f, t["page_count"], got.get("page_count")))
    types = {t.get("document_type"), t.get("document_type_alt")} - {None}
    score("type", got.get("document_type") in types, (f, sorted(types), got.get("document_type")))
    if t.get("case_name"):
        r = difflib.SequenceMatcher(None, norm_name(t["case_name"]),
                                    norm_name(got.get("case_name"))).ratio()
        score("case", r >= 0.85, (f, t["case_name"], got.get("case_name")))
    if t.get("judge"):
        last = re.findall(r"[A-Z][a-z]+", t["judge"].split("(")[0])
        gj = (got.get("judge") or "").lower()
        score("judge", bool(last) and last[-1].lower() in gj, (f, t["judge"], got.get("judge")))


def bare_text_seconds(paths: list[Path]) -> tuple[float, int]:
    import pypdfium2 as pdfium

    pages = 0
    t0 = time.perf_counter()
    for p in paths:
        doc = pdfium.PdfDocument(p.read_bytes())
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_bounded()
            tp.close()
            page.close()
            pages += 1
        doc.close()
    return time.perf_counter() - t0, pages


def warm_up(path: Path) -> None:
    """One-time costs of both sides: imports, PDFium, eyecite/courts-db regexes."""
    from chalicelib.extract.errors import ExtractionError
    from chalicelib.extract.pipeline import extract

    data = path.read_bytes()
    try:
        extract(data)
    except ExtractionError:
        pass
    bare_text_seconds([path])


def ocr_config(engine: str):
    """The worker's OCR settings, with a budget no loaded machine runs out of (accuracy, not
    speed, is measured here: bench/ocr.py times it)."""
    from chalicelib.extract.ocr import OcrConfig
    from chalicelib.extract.ocr.settings import ocr_config as from_env

    base = from_env({"OCR_ENGINE": engine})
    return OcrConfig(engine=base.engine, dpi=base.dpi, metadata_pages=base.metadata_pages,
                     max_pages=base.max_pages, budget_s=1e9)


def default_engine() -> str:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return "off"
    return "local"


GROUPS = (("text", "text layer"), ("ocr", "needed OCR"))


def print_table(tallies: dict, invented: dict) -> None:
    print(f"{'field':8s}" + "".join(f"{label:>18s}" for _, label in GROUPS))
    for k in FIELDS:
        cells = []
        for g, _ in GROUPS:
            ok, n = tallies[g][k]
            cells.append(f"{ok:3d}/{n:3d} {100 * ok / n:5.1f}%" if n else "n/a")
        print(f"{k:8s}" + "".join(f"{c:>18s}" for c in cells))
    print(f"{'invented':8s}" + "".join(f"{len(invented[g]):>18d}" for g, _ in GROUPS))


class _Tally:
    """Per-field tallies, overall and per group ("text" / "ocr"), the misses and inventions."""

    def __init__(self) -> None:
        self.all = {k: [0, 0] for k in FIELDS}
        self.by_group = {g: {k: [0, 0] for k in FIELDS} for g, _ in GROUPS}
        self.invented: dict[str, list[str]] = {g: [] for g, _ in GROUPS}
        self.misses: list[str] = []
        self.group = "text"

    def score(self, field, ok, detail) -> None:
        for t_ in (self.all, self.by_group[self.group]):
            t_[field][1] += 1
            t_[field][0] += int(bool(ok))
        if not ok:
            self.misses.append(f"{detail[0]} [{self.group}] {field}: want {detail[1]!r} got {detail[2]!r}")


def _read_truth(corpus: Path, only: set[str] | None) -> list[dict] | None:
    truth_path, pdf_dir = corpus / "truth.jsonl", corpus / "pdfs"
    if not truth_path.exists() or not pdf_dir.is_dir():
        print(f"skip {corpus}: no truth.jsonl / pdfs/")
        return None
    truth = [json.loads(line) for line in truth_path.read_text().splitlines() if line.strip()]
    return [t for t in truth if only is None or t["file"] in only or Path(t["file"]).stem in only]


def _report(corpus: Path, n_files: int, pages: int, ocr: str, quiet: bool, tl: _Tally) -> None:
    print(f"== {corpus} ({n_files} files, {pages} pages; OCR engine: {ocr})")
    if not quiet:
        for m in tl.misses:
            print("miss:", m)
        for g, _ in GROUPS:
            for m in tl.invented[g]:
                print(f"invented [{g}]:", m)
    for k, (ok, n) in tl.all.items():
        print(f"{k:7s} {ok:3d}/{n:3d}  {100 * ok / n:5.1f}%" if n else f"{k:7s}   n/a")
    print("-- by how the text was read (files with any page that needed OCR: 'needed OCR')")
    print_table(tl.by_group, tl.invented)
    st = [tl.all[k] for k in ("docket", "docnum", "date")]
    stamp = sum(x[0] for x in st) / max(1, sum(x[1] for x in st))
    print(f"stamp fields together: {100 * stamp:.1f}%")


def run(corpus: Path, quiet: bool, cold: bool = False, ocr: str = "off",
        only: set[str] | None = None) -> dict:
    """Score `corpus` (only the files named in `only`, by file name or stem, when given)."""
    from chalicelib.extract.errors import ExtractionError
    from chalicelib.extract.pipeline import extract

    ocr_cfg = ocr_config(ocr)
    truth = _read_truth(corpus, only)
    if truth is None:
        return {}
    pdf_dir = corpus / "pdfs"
    tl = _Tally()
    timings: dict[str, float] = {}

    if not cold:
        first = next((pdf_dir / t["file"] for t in truth if (pdf_dir / t["file"]).exists()), None)
        if first is not None:
            warm_up(first)
    paths = []
    t0 = time.perf_counter()
    pages = 0
    for t in truth:
        path = pdf_dir / t["file"]
        if not path.exists():
            tl.misses.append(f"{t['file']} missing")
            continue
        paths.append(path)
        try:
            e = extract(path.read_bytes(), timings=timings, ocr=ocr_cfg)
            got = json.loads(e.model_dump_json(exclude={"pages"}))
            pages += e.page_count
        except ExtractionError as err:
            got = {}
            tl.misses.append(f"{t['file']} extraction failed: {err}")
        tl.group = "ocr" if got.get("ocr_pages") else "text"
        score_file(t, got, tl.score)
        for field, key in (("court", "court_id"), ("docket", "docket_number")):
            if not t.get(key) and got.get(key):
                tl.invented[tl.group].append(f"{t['file']} {field}: document shows none, got {got[key]!r}")
    full = time.perf_counter() - t0
    bare, bare_pages = bare_text_seconds(paths)

    _report(corpus, len(truth), pages, ocr, quiet, tl)
    full_ps = pages / full if full else 0.0
    bare_ps = bare_pages / bare if bare else 0.0
    print(f"speed ({'cold' if cold else 'warm'}): full extractor {full_ps:,.0f} pages/s ({full:.2f}s); bare pypdfium2 text "
          f"{bare_ps:,.0f} pages/s ({bare:.2f}s); ratio full/bare {full_ps / bare_ps:.2f}"
          if bare_ps else "speed: n/a")
    total = sum(timings.values()) or 1.0
    print("stage share: " + ", ".join(f"{k} {v:.2f}s ({100 * v / total:.0f}%)"
                                      for k, v in sorted(timings.items(), key=lambda x: -x[1])))
    return {"tally": tl.all, "misses": tl.misses, "by_group": tl.by_group, "invented": tl.invented}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--fixtures", type=Path, default=None,
                    help="fixtures dir with pdfs/ and truth.jsonl (skipped when absent)")
    ap.add_argument("--quiet", action="store_true", help="do not list misses")
    ap.add_argument("--ocr", choices=("local", "off"), default=default_engine(),
                    help="OCR engine for pages without a usable text layer (default: local if installed)")
    ap.add_argument("--cold", action="store_true",
                    help="include the extractor's one-time start-up costs in its time")
    ap.add_argument("--files", default=None,
                    help="comma-separated file names or stems: score only these (e.g. rc033,rc115)")
    a = ap.parse_args()
    only = {f.strip() for f in a.files.split(",") if f.strip()} if a.files else None
    run(a.corpus, a.quiet, a.cold, a.ocr, only)
    if a.fixtures is not None:
        if (a.fixtures / "truth.jsonl").exists():
            run(a.fixtures, a.quiet, a.cold, a.ocr, only)
        else:
            print(f"skip fixtures: {a.fixtures}/truth.jsonl not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
